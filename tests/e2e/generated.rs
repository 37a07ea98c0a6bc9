//! On a generated district with planted low-result schools, the peer
//! comparison finds them, and a raw district-wide ranking does not.

use std::collections::BTreeSet;

use crate::common::*;

struct Quality {
    precision: f64,
    recall: f64,
}

fn quality(flagged: &BTreeSet<String>, planted: &BTreeSet<String>) -> Quality {
    let hits = flagged.intersection(planted).count() as f64;
    Quality {
        precision: if flagged.is_empty() {
            0.0
        } else {
            hits / flagged.len() as f64
        },
        recall: hits / planted.len() as f64,
    }
}

#[test]
fn peer_groups_find_planted_low_schools_that_a_raw_ranking_misses() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("district");
    let out = dir.path().join("out");
    assert_success(&schoolpeers(&[
        "generate",
        "--schools",
        "300",
        "--years",
        "3",
        "--seed",
        "2026",
        "--out",
        path_arg(&data),
    ]));
    assert_success(&schoolpeers(&[
        "run",
        path_arg(&data),
        "--out",
        path_arg(&out),
    ]));

    let truth = read_excel_csv(&data.join("truth.csv"));
    assert_eq!(
        truth[0],
        [
            "school_id",
            "archetype",
            "context_effect",
            "effectiveness",
            "planted_low",
            "planted_causes",
            "inflated_vpr",
            "supported_from",
            "base_school_id",
            "planted_effect_sd",
            "planted_effect_points"
        ]
    );
    let planted: BTreeSet<String> = truth
        .iter()
        .skip(1)
        .filter(|r| r[4] == "1")
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(planted.len(), 30);

    let results = read_json(&out.join("results.json"));
    let schools = results["schools"].as_array().expect("schools");
    assert_eq!(schools.len(), 300);
    // The stably low: low on the years pooled and at the bottom of the group in 2 of 3 single years.
    let flagged: BTreeSet<String> = schools
        .iter()
        .filter(|s| s["stably_low"] == true)
        .map(|s| s["school_id"].as_str().expect("id").to_owned())
        .collect();
    assert!(schools
        .iter()
        .filter(|s| s["stably_low"] == true)
        .all(|s| s["status"] == "low" && s["low_years"].as_array().is_some_and(|y| y.len() >= 2)));
    let peer = quality(&flagged, &planted);

    // The same number of schools from the bottom of a district-wide ranking of raw
    // results (before the small-cohort shrinkage, whose target uses the context).
    let mut by_score: Vec<(f64, String)> = schools
        .iter()
        .filter_map(|s| {
            Some((
                s["score_unshrunk"].as_f64()?,
                s["school_id"].as_str()?.to_owned(),
            ))
        })
        .collect();
    by_score.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let raw_flagged: BTreeSet<String> = by_score
        .iter()
        .take(flagged.len())
        .map(|x| x.1.clone())
        .collect();
    let raw = quality(&raw_flagged, &planted);

    eprintln!(
        "peer: {} flagged, precision {:.2}, recall {:.2}; raw: precision {:.2}, recall {:.2}",
        flagged.len(),
        peer.precision,
        peer.recall,
        raw.precision,
        raw.recall
    );
    assert!(peer.precision >= 0.85, "precision {:.2}", peer.precision);
    assert!(peer.recall >= 0.85, "recall {:.2}", peer.recall);
    assert!(
        raw.precision + 0.3 <= peer.precision && raw.recall + 0.3 <= peer.recall,
        "the raw ranking does clearly worse: precision {:.2}, recall {:.2}",
        raw.precision,
        raw.recall
    );

    // The diagnosis finds the planted causes of the stably low planted schools.
    let causes: std::collections::BTreeMap<String, String> = truth
        .iter()
        .skip(1)
        .map(|r| (r[0].clone(), r[5].clone()))
        .collect();
    let found: Vec<&serde_json::Value> = schools
        .iter()
        .filter(|s| {
            s["stably_low"] == true && planted.contains(s["school_id"].as_str().unwrap_or(""))
        })
        .collect();
    let young = found
        .iter()
        .filter(|s| {
            s["diagnosis"]["causes"].as_array().is_some_and(|c| {
                c.iter()
                    .take(3)
                    .any(|f| f["indicator"] == "young_teachers_pct")
            })
        })
        .count();
    eprintln!(
        "young teachers among the first three causes: {young} of {}",
        found.len()
    );
    assert!(young as f64 >= 0.8 * found.len() as f64);
    // Every other planted school lacks a physics teacher: the diagnosis names
    // physics, as a subject without a teacher or a weak subject.
    let without_physics: Vec<&&serde_json::Value> = found
        .iter()
        .filter(|s| causes[s["school_id"].as_str().unwrap_or("")].contains("no_teacher:физика"))
        .collect();
    let named = without_physics
        .iter()
        .filter(|s| {
            let d = &s["diagnosis"];
            d["no_teacher"]
                .as_array()
                .is_some_and(|n| n.iter().any(|x| x == "физика"))
                || d["subjects"].as_array().is_some_and(|g| {
                    g.iter()
                        .any(|x| x["subject"] == "физика" && x["weak"] == true)
                })
        })
        .count();
    eprintln!("physics named: {named} of {}", without_physics.len());
    assert!(without_physics.len() >= 10);
    assert!(named as f64 >= 0.8 * without_physics.len() as f64);
    // No school with a physics teacher is said to lack one.
    for s in schools {
        let lacks = s["diagnosis"]["no_teacher"]
            .as_array()
            .is_some_and(|n| n.iter().any(|x| x == "физика"));
        if lacks {
            let id = s["school_id"].as_str().unwrap_or("");
            assert!(causes[id].contains("no_teacher:физика"), "{id}");
        }
    }
    // Every low school is paired or listed unpaired, and no base school takes more than 2.
    let pairs = results["pairs"].as_array().expect("pairs");
    let unpaired = results["unpaired"].as_array().expect("unpaired");
    let low = schools.iter().filter(|s| s["status"] == "low").count();
    assert_eq!(pairs.len() + unpaired.len(), low);
    let mut load: std::collections::BTreeMap<&str, usize> = Default::default();
    for p in pairs {
        *load
            .entry(p["base_school_id"].as_str().expect("id"))
            .or_default() += 1;
        assert!(p["distance_km"].as_f64().is_some());
        assert!(!p["reasons"].as_array().expect("reasons").is_empty());
    }
    assert!(load.values().all(|&l| l <= 2));
    assert!(pairs
        .iter()
        .any(|p| !p["mentors"].as_array().expect("mentors").is_empty()));
}

/// The harder districts of `generate`: conditions on one continuum (no kinds of school) and
/// exam results given per school only (participants, mean, standard deviation). On each, and
/// on both at once, the stably low schools are the planted ones (precision and recall ≥ 0.9),
/// and every ranked school's interval has a width.
#[test]
fn harder_districts_continuum_and_school_level_results() {
    let modes: [&[&str]; 3] = [
        &["--conditions", "continuum"],
        &["--shape", "schools"],
        &["--conditions", "continuum", "--shape", "schools"],
    ];
    for (k, mode) in modes.iter().enumerate() {
        for seed in ["5", "2026"] {
            let dir = tempfile::tempdir().expect("temp dir");
            let (data, out) = (dir.path().join("district"), dir.path().join("out"));
            generate_district(&data, "300", seed, mode);
            let results = run_without_charts(&data, &out);
            let truth = read_excel_csv(&data.join("truth.csv"));
            let planted: BTreeSet<String> = (truth.iter().skip(1))
                .filter(|r| r[4] == "1")
                .map(|r| r[0].clone())
                .collect();
            if k != 1 {
                assert!(
                    truth.iter().skip(1).all(|r| r[1] == "continuum"),
                    "{mode:?}: no kinds"
                );
            }
            let schools = results["schools"].as_array().expect("schools");
            let stably: BTreeSet<String> = (schools.iter())
                .filter(|s| s["stably_low"] == true)
                .map(|s| s["school_id"].as_str().expect("id").to_owned())
                .collect();
            let q = quality(&stably, &planted);
            assert!(
                q.precision >= 0.9 && q.recall >= 0.9,
                "{mode:?}, seed {seed}: stably low precision {:.2}, recall {:.2}",
                q.precision,
                q.recall
            );
            for s in schools.iter().filter(|s| s["rank_in_group"].is_u64()) {
                let i = s["score_interval"].as_array().expect("interval");
                let width = i[1].as_f64().expect("hi") - i[0].as_f64().expect("lo");
                assert!(
                    width > 0.0,
                    "{mode:?}: {} has an interval of no width",
                    s["school_id"]
                );
            }
        }
    }
}
