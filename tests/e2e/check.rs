//! `check` reports on the data without analysing it; `run --skip-bad-rows`
//! sets bad rows aside and accounts for them.

use std::fs;
use std::path::Path;

use crate::common::*;

/// Empties the score of data row 3 and writes a fractional year into row 4 of exams.csv.
fn break_two_exam_rows(dir: &Path) {
    let path = dir.join("exams.csv");
    let text = fs::read_to_string(&path).expect("readable");
    let mut lines: Vec<String> = text.split("\r\n").map(str::to_owned).collect();
    let mut edit = |line: usize, field: usize, value: &str| {
        let mut fields: Vec<String> = lines[line - 1].split(';').map(str::to_owned).collect();
        fields[field] = value.to_owned();
        lines[line - 1] = fields.join(";");
    };
    edit(4, 5, "");
    edit(5, 1, "2025,5");
    fs::write(&path, lines.join("\r\n")).expect("writable");
}

/// The data-quality table's measures of one file, by check name.
fn measure(rows: &[Vec<String>], file: &str, check: &str) -> usize {
    rows.iter()
        .find(|r| r[0] == file && r[3] == check)
        .and_then(|r| r[4].parse().ok())
        .unwrap_or_else(|| panic!("{file}: no numeric measure {check}"))
}

#[test]
fn check_reports_every_file_and_the_accounting_holds() {
    let out = tempfile::tempdir().expect("temp dir");
    let o = schoolpeers(&[
        "check",
        path_arg(&demo_data()),
        "--out",
        path_arg(out.path()),
    ]);
    assert_success(&o);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("Ошибок нет. Данные пригодны для анализа."),
        "{stdout}"
    );
    let rows = read_excel_csv(&out.path().join("data-quality.csv"));
    assert_eq!(
        rows[0],
        ["Файл", "Строка", "Столбец", "Проверка", "Значение"]
    );
    for file in ["schools.csv", "staff.csv", "exams.csv", "olympiads.csv"] {
        let read = measure(&rows, file, "строк прочитано");
        let accepted = measure(&rows, file, "строк принято");
        let rejected = measure(&rows, file, "строк отклонено");
        assert!(read > 0, "{file} has rows");
        assert_eq!(
            read,
            accepted + rejected,
            "{file}: read = accepted + rejected"
        );
        assert_eq!(
            measure(&rows, file, "школ"),
            28,
            "{file} covers every school"
        );
    }
    assert!(
        !out.path().join("results.json").exists(),
        "check does not analyse"
    );
}

#[test]
fn check_on_bad_data_lists_the_problems_and_exits_65() {
    let data = demo_copy();
    break_two_exam_rows(data.path());
    let out = tempfile::tempdir().expect("temp dir");
    let o = schoolpeers(&[
        "check",
        path_arg(data.path()),
        "--out",
        path_arg(out.path()),
    ]);
    assert_eq!(o.status.code(), Some(65), "{}", stderr(&o));
    let rows = read_excel_csv(&out.path().join("data-quality.csv"));
    let problems: Vec<(&str, &str, &str)> = rows
        .iter()
        .filter(|r| r[3] == "ошибка")
        .map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str()))
        .collect();
    assert_eq!(
        problems,
        vec![("exams.csv", "4", "балл"), ("exams.csv", "5", "год")]
    );
    assert_eq!(measure(&rows, "exams.csv", "строк отклонено"), 2);
    let read = measure(&rows, "exams.csv", "строк прочитано");
    assert_eq!(measure(&rows, "exams.csv", "строк принято"), read - 2);
}

#[test]
fn run_with_skip_bad_rows_sets_them_aside_and_says_so() {
    let data = demo_copy();
    break_two_exam_rows(data.path());
    let out = tempfile::tempdir().expect("temp dir");
    let strict = schoolpeers(&["run", path_arg(data.path()), "--out", path_arg(out.path())]);
    assert_eq!(strict.status.code(), Some(65));
    let o = schoolpeers(&[
        "run",
        path_arg(data.path()),
        "--out",
        path_arg(out.path()),
        "--skip-bad-rows",
    ]);
    assert_success(&o);
    assert!(String::from_utf8_lossy(&o.stdout).contains("Отложено строк с ошибками: 2"));
    let results = read_json(&out.path().join("results.json"));
    let rows: Vec<u64> = results["set_aside"]
        .as_array()
        .expect("set_aside")
        .iter()
        .map(|p| p["row"].as_u64().expect("row"))
        .collect();
    assert_eq!(rows, vec![4, 5]);
    for input in results["manifest"]["inputs"].as_array().expect("inputs") {
        let n = |k: &str| input[k].as_u64().expect("count");
        assert_eq!(
            n("rows"),
            n("accepted") + n("rejected"),
            "{}",
            input["file"]
        );
    }
}

#[test]
fn the_analysts_own_header_names_come_from_the_config() {
    let data = demo_copy();
    let exams = data.path().join("exams.csv");
    let text = fs::read_to_string(&exams).expect("readable");
    fs::write(
        &exams,
        text.replacen(";балл;отметка\r\n", ";Средний балл ЕГЭ;отметка\r\n", 1),
    )
    .expect("writable");
    let out = tempfile::tempdir().expect("temp dir");
    let o = schoolpeers(&["run", path_arg(data.path()), "--out", path_arg(out.path())]);
    assert_eq!(o.status.code(), Some(65));
    assert!(
        stderr(&o).contains("похожие: «Средний балл ЕГЭ»"),
        "{}",
        stderr(&o)
    );

    // Beside the output folder, not in it: a run refuses to replace a folder holding its input.
    let settings = tempfile::tempdir().expect("temp dir");
    let config = settings.path().join("my-district.toml");
    fs::write(&config, "[columns]\nscore = [\"Средний балл ЕГЭ\"]\n").expect("config written");
    let o = schoolpeers(&[
        "run",
        path_arg(data.path()),
        "--out",
        path_arg(out.path()),
        "--config",
        path_arg(&config),
    ]);
    assert_success(&o);
    let results = read_json(&out.path().join("results.json"));
    assert_eq!(results["summary"]["ranked"], 28);
}

#[test]
fn a_named_encoding_overrides_detection() {
    let cp1251 = repo_root().join("data/fixtures/cp1251-semicolon");
    let out = tempfile::tempdir().expect("temp dir");
    let wrong = schoolpeers(&[
        "check",
        path_arg(&cp1251),
        "--out",
        path_arg(out.path()),
        "--encoding",
        "utf-8",
    ]);
    assert_eq!(wrong.status.code(), Some(65));
    let stdout = String::from_utf8_lossy(&wrong.stdout);
    assert!(
        stdout.contains("schools.csv: файл не читается как таблица: не UTF-8"),
        "{stdout}"
    );
    assert!(stdout.contains("--encoding cp1251"), "{stdout}");
    let right = schoolpeers(&[
        "check",
        path_arg(&cp1251),
        "--out",
        path_arg(out.path()),
        "--encoding",
        "cp1251",
    ]);
    assert_success(&right);
}
