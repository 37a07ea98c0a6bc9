//! Each kind of bad input gives a message naming the file, row and column, no panic, and exit
//! code 65 for bad data or 64 for a bad district.toml.

use std::fs;
use std::path::Path;

use crate::common::*;

/// Changes a copy of the demo district, runs it, and checks the failure.
fn check(mutate: impl FnOnce(&Path), lang: &str, expected: &[&str], code: i32) {
    let data = demo_copy();
    mutate(data.path());
    let out = tempfile::tempdir().expect("temp dir");
    let o = run_in(lang, data.path(), out.path());
    let err = stderr(&o);
    assert_eq!(
        o.status.code(),
        Some(code),
        "exit code {code}; stderr:\n{err}"
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
        65,
    );
}

#[test]
fn missing_required_column() {
    check(
        |d| {
            edit_line(&d.join("schools.csv"), 1, |h| {
                h.replace("обучающихся", "численность")
            })
        },
        "ru",
        &[
            "schools.csv",
            "столбец «обучающихся»",
            "обязательный столбец не найден",
            "«численность»",
        ],
        65,
    );
}

#[test]
fn text_in_numeric_column() {
    check(
        |d| edit_line(&d.join("exams.csv"), 5, |l| set_field(l, 5, "сорок")),
        "ru",
        &["exams.csv, строка 5, столбец «балл»: «сорок» — не число"],
        65,
    );
}

#[test]
fn text_in_numeric_column_in_english() {
    check(
        |d| edit_line(&d.join("schools.csv"), 3, |l| set_field(l, 2, "many")),
        "en",
        &["schools.csv, row 3, column \"обучающихся\": \"many\" is not a number"],
        65,
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
        65,
    );
}

#[test]
fn exam_row_for_unknown_school() {
    check(
        |d| edit_line(&d.join("exams.csv"), 3, |l| set_field(l, 0, "99999999")),
        "ru",
        &["exams.csv, строка 3, столбец «код ОО»: школы с кодом «99999999» нет в schools.csv"],
        65,
    );
}

#[test]
fn missing_data_folder() {
    let out = tempfile::tempdir().expect("temp dir");
    let o = schoolpeers(&["run", "no/such/folder", "--out", path_arg(out.path())]);
    assert_eq!(o.status.code(), Some(65));
    assert!(stderr(&o).contains("no/such/folder"));
}

/// A change to a copy of the demo district.
type Mutation = Box<dyn Fn(&Path)>;

/// Sets field `field` (0-based) of line `line` of a demo file.
fn field(file: &'static str, line: usize, field: usize, value: &'static str) -> Mutation {
    Box::new(move |d| edit_line(&d.join(file), line, |l| set_field(l, field, value)))
}

/// Applies `edit` to the first line of a demo file that contains `needle`.
fn first_line_with(file: &'static str, needle: &'static str, edit: fn(&str) -> String) -> Mutation {
    Box::new(move |d| {
        let path = d.join(file);
        let text = fs::read_to_string(&path).expect("readable");
        let line = text
            .split("\r\n")
            .position(|l| l.contains(needle))
            .expect("a line to change");
        edit_line(&path, line + 1, edit);
    })
}

/// Writes a district.toml into the demo copy.
fn config(text: &'static str) -> Mutation {
    Box::new(move |d| fs::write(d.join("district.toml"), text).expect("written"))
}

/// Moves every table of the demo into a year folder.
fn into_year_folder(d: &Path, year: &str) {
    let folder = d.join(year);
    fs::create_dir(&folder).expect("year folder");
    for table in ["schools", "staff", "exams", "olympiads", "activities"] {
        let name = format!("{table}.csv");
        fs::rename(d.join(&name), folder.join(&name)).expect("moved");
    }
}

#[test]
fn every_row_and_file_rule_stops_the_run_with_its_place_and_exit_code_65() {
    let cases: Vec<(&str, Mutation, &[&str])> = vec![
        (
            "empty required cell",
            field("schools.csv", 2, 1, ""),
            &["schools.csv, row 2, column \"наименование\": empty value in a required column"],
        ),
        (
            "fraction where a count belongs",
            field("schools.csv", 2, 2, "12,5"),
            &["schools.csv, row 2, column \"обучающихся\": \"12,5\" is not a non-negative whole number"],
        ),
        (
            "percentage outside 0-100",
            field("schools.csv", 2, 7, "120"),
            &["schools.csv, row 2, column \"малообеспеченные, %\": value 120 is outside the valid range 0–100"],
        ),
        (
            "unknown category",
            field("exams.csv", 2, 2, "ЕГЗ"),
            &["exams.csv, row 2, column \"экзамен\": unknown value \"ЕГЗ\""],
        ),
        (
            "year out of range",
            field("exams.csv", 2, 1, "1900"),
            &["exams.csv, row 2, column \"год\": value 1900 is outside the valid range 1990–2100"],
        ),
        (
            "ЕГЭ score above 100",
            field("exams.csv", 2, 5, "101"),
            &["exams.csv, row 2, column \"балл\": value 101 is outside the valid range 0–100"],
        ),
        (
            "ОГЭ score above the subject's maximum",
            first_line_with("exams.csv", ";ОГЭ;математика;", |l| set_field(l, 5, "99")),
            &["column \"балл\": value 99 is outside the valid range 0–32"],
        ),
        (
            "a student counted twice",
            Box::new(|d: &Path| {
                let path = d.join("exams.csv");
                let text = fs::read_to_string(&path).expect("readable");
                let first = text.split("\r\n").nth(1).expect("a result").to_owned();
                fs::write(&path, format!("{}\r\n{first}\r\n", text.trim_end())).expect("writable");
            }),
            &[
                "exams.csv, row 22154, column \"код участника\": student \"23350001-2024-11-001\" \
                 already has a result for this exam, subject and year (row 2)",
            ],
        ),
        (
            "a row of a rejected school",
            field("schools.csv", 2, 2, "x"),
            &["staff.csv, row 2, column \"код ОО\": the row of school \"23350001\" in schools.csv (row 2) was rejected"],
        ),
        (
            "a row with more fields than the header",
            Box::new(|d: &Path| edit_line(&d.join("exams.csv"), 3, |l| format!("{l};1"))),
            &["exams.csv, row 3: the row has 8 fields but the header has 7"],
        ),
        (
            "the same column twice",
            Box::new(|d: &Path| {
                edit_line(&d.join("schools.csv"), 1, |h| h.replace("вид ОО", "наименование"))
            }),
            &["schools.csv, row 1, column \"наименование\": the same column as \"наименование\""],
        ),
        (
            "a schools table without schools",
            Box::new(|d: &Path| {
                let path = d.join("schools.csv");
                let text = fs::read_to_string(&path).expect("readable");
                let header = text.split("\r\n").next().expect("header").to_owned();
                fs::write(&path, format!("{header}\r\n")).expect("writable");
            }),
            &["schools.csv: the table has no schools"],
        ),
        (
            "a year that differs from its folder",
            Box::new(|d: &Path| into_year_folder(d, "2024")),
            &["2024/exams.csv, row", "column \"год\": year 2025 differs from the folder 2024"],
        ),
        (
            "tables and year folders together",
            Box::new(|d: &Path| {
                fs::create_dir(d.join("2025")).expect("year folder");
                fs::copy(d.join("schools.csv"), d.join("2025/schools.csv")).expect("copied");
            }),
            &["the folder has both tables and year folders (2025); keep one layout"],
        ),
        (
            "an extra table's value too large to compute with",
            Box::new(|d: &Path| {
                fs::write(d.join("extra.csv"), "код;v\n23350001;1.7e308\n23350002;5\n")
                    .expect("written");
                fs::write(
                    d.join("district.toml"),
                    "[[extra]]\nfile = \"extra.csv\"\nschool_id = \"код\"\n\
                     [[extra.indicators]]\ncode = \"big\"\nname = \"n\"\ncolumn = \"v\"\nrole = \"context\"\n",
                )
                .expect("written");
            }),
            &["extra.csv, row 2, column \"v\": value 1.7e308 is outside the valid range -1000000000000000–1000000000000000"],
        ),
        (
            "a school's results given twice",
            Box::new(|d: &Path| {
                fs::write(
                    d.join("exams.csv"),
                    "код ОО;год;экзамен;предмет;участников;средний балл\n\
                     23350001;2026;ЕГЭ;математика;20;60\n\
                     23350001;2026;ЕГЭ;Математика;5;70\n",
                )
                .expect("written")
            }),
            &[
                "exams.csv, row 3, column \"код ОО\": the school's results for this exam, \
                 subject and year are already given",
                "in exams.csv (row 2); keep one",
            ],
        ),
        // The demo's activities table: row 2 «Читательская грамотность» 2025, row 3 its 2026.
        (
            "a negative count of activities",
            field("activities.csv", 3, 3, "-5"),
            &["activities.csv, row 3, column \"участники семинаров и конференций\""],
        ),
        (
            "a fraction of participants",
            field("activities.csv", 3, 3, "5,5"),
            &["activities.csv, row 3, column \"участники семинаров и конференций\""],
        ),
        (
            "a lead school that is no school",
            field("activities.csv", 3, 2, "99999999"),
            &["activities.csv, row 3, column \"код опорной школы\""],
        ),
        (
            "a cluster given twice in a year",
            field("activities.csv", 3, 1, "2025"),
            &[
                "activities.csv, row 3, column \"кластер\"",
                "cluster \"Читательская грамотность\" already has row 2 for 2025",
            ],
        ),
        (
            "an unknown product level",
            field("activities.csv", 2, 15, "видеоролик"),
            &["activities.csv, row 2, column \"инновационный продукт\"", "description"],
        ),
    ];
    for (rule, mutate, expected) in cases {
        eprintln!("rule: {rule}");
        check(mutate, "en", expected, 65);
    }
}

#[test]
fn every_config_rule_stops_the_run_with_its_place_and_exit_code_64() {
    let cases: Vec<(&str, Mutation, &[&str])> = vec![
        (
            "a config that is not TOML",
            Box::new(|d: &Path| fs::write(d.join("district.toml"), "[columns\n").expect("written")),
            &["district.toml", "the config cannot be read"],
        ),
        (
            "an unknown column in the config",
            config("[columns]\nno_such = [\"x\"]\n"),
            &["district.toml, column \"[columns] no_such\": unknown value \"no_such\""],
        ),
        (
            "an alias that names another column",
            config("[columns]\nscore = [\"год\"]\n"),
            &["district.toml, column \"[columns] score\": the alias \"год\" already names the column year"],
        ),
        (
            "an ОГЭ maximum out of range",
            config("[oge_max_score]\n\"физика\" = 0\n"),
            &["district.toml, column \"[oge_max_score] физика\": value 0 is outside the valid range 1–100"],
        ),
        (
            "a bad extra indicator code and a repeated one",
            config(
                "[[extra]]\nfile = \"r.csv\"\nschool_id = \"код\"\n\
                 [[extra.indicators]]\ncode = \"Bad\"\nname = \"n\"\ncolumn = \"c\"\n\
                 [[extra.indicators]]\ncode = \"ok\"\nname = \"n\"\ncolumn = \"c\"\n\
                 [[extra.indicators]]\ncode = \"ok\"\nname = \"n\"\ncolumn = \"c\"\nrole = \"cause\"\n",
            ),
            &[
                "column \"[[extra]] 1 indicators 1 code\": the code \"Bad\" must be latin",
                "column \"[[extra]] 1 indicators 3 code\": the code \"ok\" is used twice",
                "column \"[[extra]] 1 indicators 3 role\": unknown value \"cause\"",
            ],
        ),
    ];
    for (rule, mutate, expected) in cases {
        eprintln!("rule: {rule}");
        check(mutate, "en", expected, 64);
    }
}

#[test]
fn an_over_long_school_id_or_name_is_refused_at_its_row() {
    // A 300-character id once failed only at a chart's file name, a 5-million-character name
    // at the workbook's cell limit, after other files were written.
    let long_id = "7".repeat(300);
    check(
        |d| edit_line(&d.join("schools.csv"), 3, |l| set_field(l, 0, &long_id)),
        "ru",
        &[
            "schools.csv, строка 3, столбец «код ОО»",
            "значение длиной 300 знаков, а в этом столбце допустимо не более 100",
        ],
        65,
    );
    let long_name = "Ш".repeat(1_200_000);
    check(
        |d| edit_line(&d.join("schools.csv"), 4, |l| set_field(l, 1, &long_name)),
        "en",
        &[
            "schools.csv, row 4, column \"наименование\"",
            "the value is 1200000 characters long; this column allows at most 1000",
        ],
        65,
    );
    let long_subject = "математика ".repeat(30);
    check(
        |d| edit_line(&d.join("exams.csv"), 6, |l| set_field(l, 3, long_subject.trim())),
        "ru",
        &["exams.csv, строка 6, столбец «предмет»: значение длиной 329 знаков, а в этом столбце допустимо не более 200"],
        65,
    );
}
