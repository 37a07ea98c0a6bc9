//! The methodical clusters' score cards end to end: an activities table beside the demo's
//! tables gives hand-computed points in results.json, scorecard.csv, the workbook and the page;
//! `[scorecard]` changes the totals (bad activities tables: bad_input.rs).

use std::fs;
use std::path::Path;

use crate::common::*;

/// Three clusters in 2026, one also in 2025 (the seed's points: see the comments).
const ACTIVITIES: &str = "\u{feff}кластер;год;код опорной школы;участники семинаров и конференций;\
участники грантов и конкурсов;публикации муниципальные;публикации региональные;\
публикации федеральные;школы, апробирующие инновацию;педагоги, ознакомленные с опытом;\
педагоги, освоившие опыт на стажировке;учреждения-партнёры;разработанные проекты;\
состав сохранён;план выполнен;инновационный продукт\r\n\
Читательская грамотность;2026;23350001;12;2;3;1;0;2;15;4;1;2;да;да;рекомендации\r\n\
Наставничество;2026;;5;;;;1;1;;;;;нет;да;дидактические материалы\r\n\
Функциональная грамотность;2026;;21;;;;;;;;;;;;\r\n\
Читательская грамотность;2025;23350001;30;;;;;;;4;;;да;нет;описание\r\n";

fn with_activities(extra_config: &str) -> tempfile::TempDir {
    let data = demo_copy();
    fs::write(data.path().join("activities.csv"), ACTIVITIES).expect("activities");
    fs::write(data.path().join("district.toml"), extra_config).expect("config");
    data
}

fn run(data: &Path, out: &Path) {
    assert_success(&schoolpeers(&[
        "run",
        path_arg(data),
        "--out",
        path_arg(out),
    ]));
}

/// (cluster, year) → (total, rank, change).
fn cards(results: &serde_json::Value) -> Vec<(String, u64, f64, u64, Option<f64>)> {
    (results["scorecards"].as_array().expect("scorecards").iter())
        .map(|c| {
            (
                c["cluster"].as_str().expect("cluster").to_owned(),
                c["year"].as_u64().expect("year"),
                c["total"].as_f64().expect("total"),
                c["rank"].as_u64().expect("rank"),
                c["change"].as_f64(),
            )
        })
        .collect()
}

#[test]
fn an_activities_table_gives_each_cluster_s_points_in_every_output() {
    let data = with_activities("");
    let out = tempfile::tempdir().expect("dir");
    run(data.path(), out.path());
    let results = read_json(&out.path().join("results.json"));
    let reading = "Читательская грамотность".to_owned();
    assert_eq!(
        cards(&results),
        [
            (reading.clone(), 2025, 46.0, 1, None),
            (reading, 2026, 73.0, 1, Some(27.0)),
            ("Наставничество".into(), 2026, 21.0, 2, None),
            ("Функциональная грамотность".into(), 2026, 21.0, 2, None),
        ]
    );
    let first = &results["scorecards"][1];
    assert_eq!(first["lead_school_id"], "23350001");
    let points = &first["points"];
    assert_eq!(
        [
            points["scientific"].clone(),
            points["methodical"].clone(),
            points["social"].clone()
        ],
        [24.0, 31.0, 9.0]
    );
    assert_eq!(
        [points["organisational"].clone(), points["integral"].clone()],
        [5.0, 4.0]
    );
    let recorded = &results["manifest"]["parameters"]["scorecard_points"];
    assert_eq!(recorded["publications_federal"], 5.0);
    assert_eq!(recorded["product_didactic"], 6.0);
    let csv = read_excel_csv(&out.path().join("scorecard.csv"));
    assert_eq!(csv.len(), 5, "a header and four cards");
    assert_eq!(csv[2][1], "Читательская грамотность");
    assert_eq!(csv[2][8], "73,0");
    let page = fs::read_to_string(out.path().join("report.html")).expect("page");
    assert!(page.contains("id=\"scorecards\"") && page.contains("Функциональная грамотность"));
    // The latest year's chart: a bar per cluster (three in 2026), on the page, its legend clear.
    assert!(page.contains("id=\"chart-scorecard\""));
    let svg = fs::read_to_string(out.path().join("charts/scorecard.svg")).expect("the chart");
    assert!(svg.contains("1. Читательская грамотность") && svg.contains("2. Наставничество"));
    assert!(!svg.contains("2025"), "the latest year alone");
    let covered = crate::outputs::legend_covers_data(&svg);
    assert!(covered.is_none(), "the legend covers {covered:?}");
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook(out.path().join("results.xlsx")).expect("workbook");
    use calamine::Reader as _;
    assert!(book.sheet_names().iter().any(|n| n == "Баллы кластеров"));
    let _ = book.worksheet_range("Баллы кластеров").expect("the sheet");
}

#[test]
fn changed_points_in_district_toml_change_the_totals() {
    let data = with_activities("[scorecard]\npublications_federal = 8\nproduct_didactic = 10\n");
    let out = tempfile::tempdir().expect("dir");
    run(data.path(), out.path());
    let results = read_json(&out.path().join("results.json"));
    let mentoring = (cards(&results).into_iter())
        .find(|c| c.0 == "Наставничество")
        .expect("scored");
    // 5 seminar, a federal publication now 8, a pilot school 2, the plan 3, didactic now 10.
    assert_eq!((mentoring.2, mentoring.3), (28.0, 2));
    let recorded = &results["manifest"]["parameters"]["scorecard_points"];
    assert_eq!(recorded["publications_federal"], 8.0);
}

#[test]
fn a_district_without_activities_has_no_score_cards() {
    let data = demo_copy();
    fs::remove_file(data.path().join("activities.csv")).expect("the demo has activities");
    let out = tempfile::tempdir().expect("dir");
    run(data.path(), out.path());
    let results = read_json(&out.path().join("results.json"));
    assert_eq!(results["scorecards"], serde_json::json!([]));
    assert!(!out.path().join("scorecard.csv").exists());
}

fn refused(config: &str, activities: &str, code: i32, expected: &[&str]) {
    let data = demo_copy();
    fs::write(data.path().join("activities.csv"), activities).expect("activities");
    fs::write(data.path().join("district.toml"), config).expect("config");
    let out = tempfile::tempdir().expect("dir");
    let o = run_in("ru", data.path(), out.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(code), "{err}");
    for fragment in expected {
        assert!(err.contains(fragment), "stderr names {fragment:?}:\n{err}");
    }
}

#[test]
fn a_bad_points_table_is_a_settings_error() {
    refused(
        "[scorecard]\npublications = 2\n",
        ACTIVITIES,
        64,
        &["[scorecard] publications: такой строки в балльной таблице нет"],
    );
    refused(
        "[scorecard]\nprojects = -1\n",
        ACTIVITIES,
        64,
        &["[scorecard] projects = -1"],
    );
    refused(
        "[scorecard]\nproduct_recommendations = 1\n",
        ACTIVITIES,
        64,
        &["product_recommendations = 1: меньше, чем product_description = 2"],
    );
}

#[test]
fn init_writes_an_activities_template_that_reads_as_the_table() {
    for (lang, row) in [
        ("ru", "Кластер 1;2026;;10;;;;;;;;;;да;да;описание"),
        ("en", "Cluster 1;2026;;10;;;;;;;;;;yes;yes;description"),
    ] {
        let data = demo_copy();
        // init leaves an existing table alone: the demo's own goes first.
        fs::remove_file(data.path().join("activities.csv")).expect("the demo has activities");
        assert_success(&schoolpeers(&[
            "--lang",
            lang,
            "init",
            path_arg(data.path()),
        ]));
        let path = data.path().join("activities.csv");
        let template = fs::read_to_string(&path).expect("activities.csv written");
        assert!(
            template.starts_with('\u{feff}') && template.ends_with("\r\n"),
            "{template:?}"
        );
        assert_eq!(template.lines().count(), 1, "the header alone");
        fs::write(&path, format!("{template}{row}\r\n")).expect("a row added");
        let out = tempfile::tempdir().expect("dir");
        run(data.path(), out.path());
        let results = read_json(&out.path().join("results.json"));
        // 10 seminar participants, the composition kept and the plan fulfilled, a description.
        assert_eq!(
            cards(&results),
            [(
                row.split(';').next().expect("a cluster").to_owned(),
                2026,
                17.0,
                1,
                None
            )]
        );
    }
}

#[test]
fn the_demo_scores_its_own_clusters_in_every_output() {
    let out = tempfile::tempdir().expect("dir");
    assert_success(&schoolpeers(&["demo", "--out", path_arg(out.path())]));
    let results = read_json(&out.path().join("results.json"));
    let table = read_excel_csv(&demo_data().join("activities.csv"));
    let scored = cards(&results);
    assert_eq!(
        scored.len(),
        table.len() - 1,
        "a score card per row of activities.csv"
    );
    for row in &table[1..] {
        let year: u64 = row[1].parse().expect("a year");
        assert!(
            scored.iter().any(|c| c.0 == row[0] && c.1 == year),
            "{row:?}"
        );
    }
    let csv = read_excel_csv(&out.path().join("scorecard.csv"));
    assert_eq!(csv.len(), table.len());
    let page = fs::read_to_string(out.path().join("report.html")).expect("page");
    assert!(page.contains("id=\"scorecards\""));
}
