//! Exam tables per school and extra indicator tables, through the real binary.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::common::*;

/// The demo's per-student exams.csv summarised per school, year, exam and subject, with
/// Russian headers, `;` and decimal commas, as a regional system exports it: participants, the
/// mean score and the scores' standard deviation (which gives a school's noise as its pupils'
/// rows do).
fn summarise_demo_exams(dir: &Path) {
    let rows = read_excel_csv(&dir.join("exams.csv"));
    // (school, year, exam, subject) → participants, sum and sum of squares of their scores.
    type Cell = (String, String, String, String);
    let mut cells: BTreeMap<Cell, (u32, f64, f64)> = BTreeMap::new();
    for r in &rows[1..] {
        let score: f64 = r[5].replace(',', ".").parse().expect("demo scores");
        let cell = cells
            .entry((r[0].clone(), r[1].clone(), r[2].clone(), r[3].clone()))
            .or_default();
        cell.0 += 1;
        cell.1 += score;
        cell.2 += score * score;
    }
    let mut text = String::from(
        "Код ОО;Учебный год;Экзамен;Предмет;Кол-во участников;Ср. балл;Стандартное отклонение\r\n",
    );
    for ((school, year, exam, subject), (n, sum, sq)) in cells {
        let n = f64::from(n);
        let mean = sum / n;
        let sd = if n > 1.0 {
            ((sq - n * mean * mean).max(0.0) / (n - 1.0)).sqrt()
        } else {
            0.0
        };
        let [mean, sd] = [mean, sd].map(|x| format!("{x:.6}").replace('.', ","));
        text.push_str(&format!(
            "{school};{year};{exam};{subject};{n};{mean};{sd}\r\n"
        ));
    }
    fs::write(dir.join("exams.csv"), text).expect("writable");
}

fn run(data: &Path, out: &Path) -> serde_json::Value {
    let o = schoolpeers(&["run", path_arg(data), "--out", path_arg(out), "--seed", "7"]);
    assert_success(&o);
    read_json(&out.join("results.json"))
}

/// Each school's group, rank and status.
fn decisions(results: &serde_json::Value) -> Vec<(String, String, String, String)> {
    results["schools"]
        .as_array()
        .expect("schools")
        .iter()
        .map(|s| {
            (
                s["school_id"].to_string(),
                s["peer_group"].to_string(),
                s["rank_in_group"].to_string(),
                s["status"].to_string(),
            )
        })
        .collect()
}

#[test]
fn a_per_school_exam_table_gives_the_decisions_of_its_student_table() {
    let per_student = tempfile::tempdir().expect("temp dir");
    let out_student = run(&demo_data(), per_student.path());
    let data = demo_copy();
    summarise_demo_exams(data.path());
    let per_school = tempfile::tempdir().expect("temp dir");
    let out_school = run(data.path(), per_school.path());
    assert_eq!(decisions(&out_school), decisions(&out_student));
    assert_eq!(out_school["pairs"], out_student["pairs"]);
    let exams = out_school["manifest"]["inputs"]
        .as_array()
        .expect("inputs")
        .iter()
        .find(|i| i["file"] == "exams.csv")
        .expect("exams.csv in the manifest")
        .clone();
    assert_eq!(exams["rows"], exams["accepted"]);
    assert_eq!(exams["rejected"], 0);
}

#[test]
fn problems_of_a_per_school_exam_table_stop_the_run_with_their_place() {
    let data = demo_copy();
    fs::write(
        data.path().join("exams.csv"),
        "код ОО;год;экзамен;предмет;участников;средний балл;не сдали\r\n\
         23350001;2026;ЕГЭ;математика;-2;60;\r\n\
         23350001;2026;ОГЭ;математика;20;33;21\r\n",
    )
    .expect("writable");
    let out = tempfile::tempdir().expect("temp dir");
    let o = schoolpeers(&["run", path_arg(data.path()), "--out", path_arg(out.path())]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(65), "{err}");
    for fragment in [
        "exams.csv, строка 2, столбец «участников»: значение -2 вне допустимого диапазона 0–10000000",
        "exams.csv, строка 3, столбец «средний балл»: значение 33 вне допустимого диапазона 0–32",
        "exams.csv, строка 3, столбец «не сдали»: 21 больше, чем «участников» (20)",
    ] {
        assert!(err.contains(fragment), "stderr names {fragment:?}:\n{err}");
    }
    assert!(!out.path().join("results.json").exists());
}

#[test]
fn an_extra_table_adds_its_indicator_and_warns_of_other_schools() {
    let data = demo_copy();
    fs::write(
        data.path().join("rating.csv"),
        "\"OGRN\";\"Набрали 160+\";\"Выпускников\";\r\n\
         \"23350001\";\"30\";\"40\";\r\n\
         \"23350002\";\"10\";\"40\";\r\n\
         \"99999999\";\"1\";\"2\";\r\n",
    )
    .expect("writable");
    fs::write(
        data.path().join("district.toml"),
        "[[extra]]\nfile = \"rating.csv\"\nschool_id = \"OGRN\"\n\
         [[extra.indicators]]\ncode = \"ege_160_share\"\nname = \"160+ по трём ЕГЭ, %\"\n\
         column = \"Набрали 160+\"\nper = \"Выпускников\"\n",
    )
    .expect("writable");
    let out = tempfile::tempdir().expect("temp dir");
    let o = schoolpeers(&["run", path_arg(data.path()), "--out", path_arg(out.path())]);
    assert_success(&o);
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("Предупреждений о данных:"),
        "the warning is printed"
    );
    let results = read_json(&out.path().join("results.json"));
    let share = |id: &str| {
        results["schools"]
            .as_array()
            .expect("schools")
            .iter()
            .find(|s| s["school_id"] == id)
            .expect("school")["indicators"]["ege_160_share"]
            .clone()
    };
    assert_eq!(share("23350001"), 75.0);
    assert_eq!(share("23350002"), 25.0);
    assert_eq!(share("23350003"), serde_json::Value::Null);
    let warnings = results["warnings"].as_array().expect("warnings");
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0]["file"], "rating.csv");
    let rating = results["manifest"]["inputs"]
        .as_array()
        .expect("inputs")
        .iter()
        .find(|i| i["file"] == "rating.csv")
        .expect("rating.csv in the manifest")
        .clone();
    assert_eq!(
        (
            &rating["table"],
            &rating["rows"],
            &rating["accepted"],
            &rating["rejected"]
        ),
        (
            &serde_json::json!("extra"),
            &serde_json::json!(3),
            &serde_json::json!(2),
            &serde_json::json!(1)
        )
    );
}
