//! The ВПР objectivity screen on generated districts with planted inflated ВПР results: the
//! inflated schools are found (precision and recall ≥ 0.8, per-pupil and per-school tables, on
//! kinds of school and on a continuum), none is a base school, each flagged school carries the
//! evidence in results.json, the ranking and the page; the thresholds are the config's.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::*;

/// The planted inflated schools of a generated district, by truth.csv.
fn inflated(data: &Path) -> BTreeSet<String> {
    let truth = read_excel_csv(&data.join("truth.csv"));
    let column = (truth[0].iter())
        .position(|h| h == "inflated_vpr")
        .expect("truth.csv records the inflated schools");
    (truth.iter().skip(1))
        .filter(|r| r[column] == "1")
        .map(|r| r[0].clone())
        .collect()
}

fn ids_where(
    results: &serde_json::Value,
    test: impl Fn(&serde_json::Value) -> bool,
) -> BTreeSet<String> {
    (results["schools"].as_array().expect("schools").iter())
        .filter(|s| test(s))
        .map(|s| s["school_id"].as_str().expect("id").to_owned())
        .collect()
}

fn flagged(s: &serde_json::Value) -> bool {
    s["results_check"]["signs"]
        .as_array()
        .is_some_and(|signs| !signs.is_empty())
}

#[test]
fn planted_inflated_vpr_results_are_found_and_never_make_a_base_school() {
    let districts: [(&str, &[&str]); 4] = [
        ("5", &[]),
        ("2026", &["--shape", "schools"]),
        ("11", &["--conditions", "continuum"]),
        ("7", &["--conditions", "continuum", "--shape", "schools"]),
    ];
    for (seed, mode) in districts {
        let dir = tempfile::tempdir().expect("dir");
        let (data, out) = (dir.path().join("district"), dir.path().join("out"));
        let mode = [mode, &["--inflated-vpr", "0.1"]].concat();
        generate_district(&data, "300", seed, &mode);
        let planted = inflated(&data);
        assert_eq!(planted.len(), 30, "{seed} {mode:?}");
        let results = run_without_charts(&data, &out);
        let found = ids_where(&results, flagged);
        let hits = found.intersection(&planted).count() as f64;
        let (precision, recall) = (hits / found.len() as f64, hits / planted.len() as f64);
        assert!(
            precision >= 0.8 && recall >= 0.8,
            "{seed} {mode:?}: precision {precision:.2}, recall {recall:.2}"
        );
        let bases = ids_where(&results, |s| s["status"] == "base");
        assert!(
            bases.is_disjoint(&planted),
            "{seed} {mode:?}: an inflated base school"
        );
        assert!(
            bases.is_disjoint(&found),
            "{seed} {mode:?}: a flagged base school"
        );
        assert_eq!(results["summary"]["results_in_doubt"], found.len());
        for s in (results["schools"].as_array().expect("schools").iter()).filter(|s| flagged(s)) {
            let reasons = s["reasons"].as_array().expect("reasons");
            assert!(
                reasons.iter().any(|r| r["code"] == "results_in_doubt"),
                "{s}"
            );
            let caution = s["results_check"]["caution"].as_str().expect("caution");
            assert!(caution.contains("ВПР не подтверждаются") || caution.contains("границ"));
        }
        // The ranking shows the caution beside each flagged school.
        let ranking = read_excel_csv(&out.join("ranking.csv"));
        let column = (ranking[0].iter())
            .position(|h| h == "Объективность ВПР")
            .expect("the ranking's objectivity column");
        let id = ranking[0].iter().position(|h| h == "Код ОО").expect("id");
        for row in &ranking[1..] {
            let shown = &row[column];
            assert_eq!(
                found.contains(&row[id]),
                shown.starts_with("ВПР не") || shown.starts_with("ученики"),
                "{seed}: {row:?}"
            );
        }
        let page = std::fs::read_to_string(out.join("report.html")).expect("page");
        assert!(page.contains("id=\"doubtful\""));
    }
}

#[test]
fn the_screen_follows_its_config_and_stays_silent_without_vpr() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("district");
    generate_district(&data, "120", "3", &["--inflated-vpr", "0.2"]);
    let strict = run_without_charts(&data, &dir.path().join("strict"));
    assert!(!ids_where(&strict, flagged).is_empty());
    std::fs::write(
        data.join("district.toml"),
        "[advise]\nobjectivity_gap_z = 100\nobjectivity_jump_z = 100\n",
    )
    .expect("config");
    let lenient = run_without_charts(&data, &dir.path().join("lenient"));
    assert!(ids_where(&lenient, flagged).is_empty());
    assert_eq!(
        lenient["manifest"]["parameters"]["objectivity_gap_z"],
        100.0
    );
    // Evidence is still given, for every school with ВПР.
    assert!((lenient["schools"].as_array().expect("schools").iter())
        .all(|s| s["status"] == "excluded" || s["results_check"]["gap_z"].is_number()));
    // The bundled demo plants three inflated schools: the screen names exactly them.
    let demo = run_results(&demo_data());
    assert_eq!(ids_where(&demo, flagged), inflated(&demo_data()));
    assert_eq!(demo["summary"]["results_in_doubt"], 3);
    // Without ВПР there is nothing to screen, and nothing is said.
    let plain = dir.path().join("plain");
    generate_district(&plain, "40", "3", &[]);
    let results = run_results(&plain);
    assert!((results["schools"].as_array().expect("schools").iter())
        .all(|s| s["results_check"].is_null()));
    assert_eq!(results["summary"]["results_in_doubt"], 0);
}
