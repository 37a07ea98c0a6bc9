//! Each kind of bad input gives a message naming the file, row and column, exit code 65 and no panic.

use std::fs;
use std::path::Path;

use crate::common::*;

/// Changes a copy of the demo district, runs it, and checks the failure.
fn check(mutate: impl FnOnce(&Path), lang: &str, expected: &[&str]) {
    let data = demo_copy();
    mutate(data.path());
    let out = tempfile::tempdir().expect("temp dir");
    let o = schoolpeers(&[
        "--lang",
        lang,
        "run",
        path_arg(data.path()),
        "--out",
        path_arg(out.path()),
    ]);
    let err = stderr(&o);
    assert_eq!(
        o.status.code(),
        Some(65),
        "exit code 65 for bad data; stderr:\n{err}"
    );
    assert!(!err.contains("panicked"), "no panic:\n{err}");
    for fragment in expected {
        assert!(err.contains(fragment), "stderr names {fragment:?}:\n{err}");
    }
    assert!(
        !out.path().join("results.json").exists(),
        "no results from bad data"
    );
}

/// Replaces line `line` (1-based, the header is line 1) of a CSV file.
fn edit_line(path: &Path, line: usize, edit: impl FnOnce(&str) -> String) {
    let text = fs::read_to_string(path).expect("readable");
    let mut lines: Vec<String> = text.split("\r\n").map(str::to_owned).collect();
    lines[line - 1] = edit(&lines[line - 1]);
    fs::write(path, lines.join("\r\n")).expect("writable");
}

/// Sets field `field` (0-based) of a `;`-separated line.
fn set_field(line: &str, field: usize, value: &str) -> String {
    let mut fields: Vec<&str> = line.split(';').collect();
    fields[field] = value;
    fields.join(";")
}

#[test]
fn missing_file() {
    check(
        |d| fs::remove_file(d.join("exams.csv")).expect("remove"),
        "ru",
        &["нет файла exams.csv"],
    );
}

#[test]
fn missing_required_column() {
    check(
        |d| {
            edit_line(&d.join("schools.csv"), 1, |h| {
                h.replace("обучающихся", "ученики")
            })
        },
        "ru",
        &[
            "schools.csv",
            "столбец «обучающихся»",
            "обязательный столбец не найден",
            "«ученики»",
        ],
    );
}

#[test]
fn text_in_numeric_column() {
    check(
        |d| edit_line(&d.join("exams.csv"), 5, |l| set_field(l, 5, "сорок")),
        "ru",
        &["exams.csv, строка 5, столбец «балл»: «сорок» — не число"],
    );
}

#[test]
fn text_in_numeric_column_in_english() {
    check(
        |d| edit_line(&d.join("schools.csv"), 3, |l| set_field(l, 2, "many")),
        "en",
        &["schools.csv, row 3, column \"обучающихся\": \"many\" is not a number"],
    );
}

#[test]
fn duplicate_school_id() {
    check(
        |d| {
            let path = d.join("schools.csv");
            let text = fs::read_to_string(&path).expect("readable");
            let second = text.split("\r\n").nth(1).expect("a school row").to_owned();
            let rows = text.trim_end().split("\r\n").count();
            fs::write(&path, format!("{}\r\n{second}\r\n", text.trim_end())).expect("writable");
            assert!(rows > 2);
        },
        "ru",
        &[
            "schools.csv, строка",
            "столбец «код ОО»",
            "повторяется (впервые в строке 2)",
        ],
    );
}

#[test]
fn exam_row_for_unknown_school() {
    check(
        |d| edit_line(&d.join("exams.csv"), 3, |l| set_field(l, 0, "99999999")),
        "ru",
        &["exams.csv, строка 3, столбец «код ОО»: школы с кодом «99999999» нет в schools.csv"],
    );
}

#[test]
fn missing_data_folder() {
    let out = tempfile::tempdir().expect("temp dir");
    let o = schoolpeers(&["run", "no/such/folder", "--out", path_arg(out.path())]);
    assert_eq!(o.status.code(), Some(65));
    assert!(stderr(&o).contains("no/such/folder"));
}
