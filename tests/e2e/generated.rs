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
            "planted_low"
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
    let flagged: BTreeSet<String> = schools
        .iter()
        .filter(|s| s["status"] == "low")
        .map(|s| s["school_id"].as_str().expect("id").to_owned())
        .collect();
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
    assert!(peer.precision >= 0.8, "precision {:.2}", peer.precision);
    assert!(peer.recall >= 0.8, "recall {:.2}", peer.recall);
    assert!(
        raw.precision + 0.3 <= peer.precision && raw.recall + 0.3 <= peer.recall,
        "the raw ranking does clearly worse: precision {:.2}, recall {:.2}",
        raw.precision,
        raw.recall
    );
}
