//! The network of mentors end to end on the demo (whose staff table gives posts and years in
//! post): every person the rules name is in results.json with a mentor or a reason, within every
//! limit; mentors.csv, the workbook and the page say the same; `[advise]` moves the limits.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use calamine::{open_workbook, Reader, Xlsx};

use crate::common::*;

fn text(v: &serde_json::Value) -> &str {
    v.as_str().unwrap_or_default()
}

/// The demo's staff rows by (school id, staff id): (post, years in post, years of experience).
fn staff_rows() -> BTreeMap<(String, String), (String, Option<f64>, f64)> {
    let table = read_excel_csv(&demo_data().join("staff.csv"));
    let col = |name: &str| table[0].iter().position(|h| h == name).expect(name);
    let (school, id, post) = (col("код ОО"), col("код работника"), col("должность"));
    let (in_post, experience) = (col("стаж в должности"), col("стаж"));
    let num = |s: &str| s.replace(',', ".").parse::<f64>().ok();
    (table[1..].iter())
        .map(|r| {
            let key = (r[school].clone(), r[id].clone());
            let value = (
                r[post].clone(),
                num(&r[in_post]),
                num(&r[experience]).expect("experience"),
            );
            (key, value)
        })
        .collect()
}

#[test]
fn every_person_to_support_has_a_mentor_within_the_limits_or_a_reason() {
    let out = tempfile::tempdir().expect("dir");
    let results = run_without_charts(&demo_data(), out.path());
    let network = &results["network"];
    let mentees = network["mentees"].as_array().expect("mentees");
    let staff = staff_rows();
    let shnor: BTreeSet<&str> = (results["schools"].as_array().expect("schools").iter())
        .filter(|s| s["low_results_school"] == true)
        .map(|s| text(&s["school_id"]))
        .collect();
    // The demo has people of every kind to support.
    let needs: BTreeSet<&str> = (mentees.iter())
        .flat_map(|m| m["needs"].as_array().expect("needs"))
        .map(text)
        .collect();
    assert_eq!(
        needs,
        BTreeSet::from([
            "new_leader",
            "low_results_school",
            "unfavourable_conditions",
            "young_teacher"
        ])
    );
    // Every new leader and every young teacher of the staff table is a mentee.
    let listed: BTreeSet<(&str, &str)> = (mentees.iter())
        .map(|m| (text(&m["school_id"]), text(&m["staff_id"])))
        .collect();
    for ((school, id), (post, in_post, experience)) in &staff {
        let leader = post.starts_with("директор") || post.starts_with("заместитель");
        let new_leader = leader && in_post.is_some_and(|y| y <= 3.0);
        if new_leader || (!leader && *experience <= 3.0) {
            assert!(listed.contains(&(school.as_str(), id.as_str())), "{id}");
        }
    }
    let mut load: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for m in mentees {
        let id = text(&m["staff_id"]);
        if m["needs"]
            .as_array()
            .expect("needs")
            .contains(&"low_results_school".into())
        {
            assert!(shnor.contains(text(&m["school_id"])), "{id}");
        }
        if m["needs"] == serde_json::json!(["new_leader"]) {
            assert!(m["post"] == "head" || m["post"] == "deputy", "{id}");
        }
        match m["mentor"].as_object() {
            Some(mentor) => {
                assert!(m["unmatched"].is_null() && m["reason"].is_null(), "{id}");
                let school = text(&mentor["school_id"]);
                assert_ne!(
                    school,
                    text(&m["school_id"]),
                    "{id}: a mentor of the same school"
                );
                assert!(!shnor.contains(school), "{id}: a mentor of a ШНОР school");
                assert!(mentor["km"].as_f64().is_none_or(|km| km <= 50.0), "{id}");
                *load.entry((school, text(&mentor["staff_id"]))).or_default() += 1;
            }
            None => {
                let code = text(&m["unmatched"]);
                assert!(["no_subject", "no_mentor", "too_far", "taken"].contains(&code));
                assert!(!text(&m["reason"]).is_empty(), "{id}: no reason");
            }
        }
    }
    assert!(load.values().all(|&n| n <= 2), "{load:?}");
    assert!(network["matched"].as_u64().expect("matched") > 100);
    assert_eq!(network["cut"], 0);
    assert_eq!(results["manifest"]["parameters"]["mentor_load"], 2);

    // mentors.csv: one row per mentee in the same order; the workbook's sheet; the page's section.
    let table = read_excel_csv(&out.path().join("mentors.csv"));
    assert_eq!(table.len(), mentees.len() + 1);
    for (row, m) in table[1..].iter().zip(mentees) {
        assert_eq!(
            (row[0].as_str(), row[2].as_str()),
            (text(&m["school_id"]), text(&m["staff_id"]))
        );
        assert_eq!(row[8], m["mentor"]["staff_id"].as_str().unwrap_or_default());
    }
    let book: Xlsx<_> = open_workbook(out.path().join("results.xlsx")).expect("workbook");
    assert!(book.sheet_names().contains(&"Наставники".to_owned()));
    let page = fs::read_to_string(out.path().join("report.html")).expect("page");
    assert!(page.contains("id=\"mentors\"") && page.contains("Сеть наставников"));
}

#[test]
fn the_load_and_the_distance_in_district_toml_move_the_network() {
    let data = demo_copy();
    fs::write(
        data.path().join("district.toml"),
        "[advise]\nmentor_load = 1\nmentor_km = 3\n",
    )
    .expect("config");
    let out = tempfile::tempdir().expect("dir");
    let results = run_without_charts(data.path(), out.path());
    let mentees = results["network"]["mentees"].as_array().expect("mentees");
    let mut mentors = BTreeSet::new();
    for m in mentees {
        if let Some(mentor) = m["mentor"].as_object() {
            let key = (text(&mentor["school_id"]), text(&mentor["staff_id"]));
            assert!(mentors.insert(key), "{key:?} mentors twice");
            assert!(mentor["km"].as_f64().is_some_and(|km| km <= 3.0));
        }
    }
    let far = (mentees.iter())
        .filter(|m| m["unmatched"] == "too_far")
        .count();
    assert!(far > 10, "{far} too far at 3 km");
    let parameters = &results["manifest"]["parameters"];
    assert_eq!(
        (
            parameters["mentor_load"].as_u64(),
            parameters["mentor_km"].as_f64()
        ),
        (Some(1), Some(3.0))
    );
}

#[test]
fn bad_mentor_limits_are_settings_errors_naming_the_key() {
    for (config, key) in [
        ("[advise]\nmentor_load = 0\n", "mentor_load"),
        ("[advise]\nmentor_km = -5\n", "mentor_km"),
    ] {
        let data = demo_copy();
        fs::write(data.path().join("district.toml"), config).expect("config");
        let out = tempfile::tempdir().expect("dir");
        let o = schoolpeers(&["run", path_arg(data.path()), "--out", path_arg(out.path())]);
        assert_eq!(o.status.code(), Some(64), "{config}: {}", stderr(&o));
        assert!(stderr(&o).contains(key), "{}", stderr(&o));
    }
}
