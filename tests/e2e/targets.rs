//! ШНОР and ШНСУ (the Krasnogorsky practice's targets of support) in results.json, ranking.csv
//! and the page, by the documented rule.

use crate::common::*;

#[test]
fn low_results_and_unfavourable_conditions_follow_the_rule_in_every_output() {
    let out = tempfile::tempdir().expect("dir");
    assert_success(&schoolpeers(&["demo", "--out", path_arg(out.path())]));
    let results = read_json(&out.path().join("results.json"));
    let ranked: Vec<&serde_json::Value> = (results["schools"].as_array().expect("schools").iter())
        .filter(|s| s["status"] != "excluded")
        .collect();
    // ШНОР: the low list, nothing else.
    for s in &ranked {
        assert_eq!(
            s["low_results_school"],
            s["status"] == "low",
            "{}",
            s["school_id"]
        );
    }
    // ШНСУ: the quarter (rounded up) with the lowest expected result, ties in.
    let mut expected: Vec<f64> = (ranked.iter())
        .map(|s| s["expected_score"].as_f64().expect("expected"))
        .collect();
    expected.sort_by(f64::total_cmp);
    let quarter = ranked.len().div_ceil(4);
    let boundary = expected[quarter - 1];
    let flagged: Vec<&&serde_json::Value> = ranked
        .iter()
        .filter(|s| s["unfavourable_conditions"] == true)
        .collect();
    assert!(
        flagged.len() >= quarter,
        "{} of {}",
        flagged.len(),
        ranked.len()
    );
    for s in &ranked {
        let low = s["expected_score"].as_f64().expect("expected") <= boundary;
        assert_eq!(s["unfavourable_conditions"], low, "{}", s["school_id"]);
    }
    assert_eq!(results["summary"]["unfavourable_conditions"], flagged.len());
    // ranking.csv says the same, by id.
    let table = read_excel_csv(&out.path().join("ranking.csv"));
    let column = |name: &str| table[0].iter().position(|h| h == name).expect(name);
    let (id, shnor, shnsu) = (column("Код ОО"), column("ШНОР"), column("ШНСУ"));
    for row in &table[1..] {
        let Some(s) = ranked.iter().find(|s| s["school_id"] == row[id].as_str()) else {
            continue;
        };
        assert_eq!(
            row[shnor] == "да",
            s["low_results_school"] == true,
            "{}",
            row[id]
        );
        assert_eq!(
            row[shnsu] == "да",
            s["unfavourable_conditions"] == true,
            "{}",
            row[id]
        );
    }
    let page = std::fs::read_to_string(out.path().join("report.html")).expect("page");
    let said = format!("(ШНСУ): {}", flagged.len());
    assert!(page.contains(&said), "the page counts them: {said}");
}
