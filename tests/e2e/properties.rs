//! Property tests (proptest) of the pipeline's invariants on random small districts: a
//! generated district of random size, years and seed, with a random share of its passport
//! cells blanked, run with a random base-school capacity. Whatever the district:
//! - every school of the schools table is accounted for exactly once (ranked or excluded);
//! - no base school supports more low schools than its capacity, and every pair is of a
//!   low school and another school;
//! - the same inputs and seed give byte-identical results.json.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use proptest::prelude::*;

use crate::common::{assert_success, path_arg, read_excel_csv, read_json, schoolpeers};

/// Blanks about `share` of the passport cells (the columns after the first three) of a
/// schools.csv, chosen by `seed`.
fn blank_passport(path: &Path, share: f64, seed: u64) {
    let text = fs::read_to_string(path).expect("schools.csv");
    let mut state = seed | 1;
    let mut next = || {
        // xorshift64: a few random numbers without another dependency.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % 10_000) as f64 / 10_000.0
    };
    let lines: Vec<String> = text
        .split("\r\n")
        .enumerate()
        .map(|(i, line)| {
            if i == 0 || line.is_empty() {
                return line.to_owned();
            }
            let fields: Vec<String> = line
                .split(';')
                .enumerate()
                .map(|(f, v)| {
                    if f >= 7 && next() < share {
                        String::new()
                    } else {
                        v.to_owned()
                    }
                })
                .collect();
            fields.join(";")
        })
        .collect();
    fs::write(path, lines.join("\r\n")).expect("written");
}

/// The results.json of `run` on `data` with `capacity`, as bytes.
fn run(data: &Path, out: &Path, seed: u64) -> Vec<u8> {
    let seed = seed.to_string();
    let o = schoolpeers(&[
        "run",
        path_arg(data),
        "--out",
        path_arg(out),
        "--seed",
        &seed,
        "--charts",
        "none",
    ]);
    assert_success(&o);
    fs::read(out.join("results.json")).expect("results.json")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn every_school_once_capacities_kept_and_reruns_identical(
        seed in 0u64..1_000_000,
        schools in 8usize..60,
        years in 1usize..4,
        capacity in 1usize..4,
        blank in 0.0f64..0.3,
    ) {
        let dir = tempfile::tempdir().expect("dir");
        let data = dir.path().join("data");
        let (seed_text, schools_text, years_text) =
            (seed.to_string(), schools.to_string(), years.to_string());
        assert_success(&schoolpeers(&[
            "generate", "--schools", &schools_text, "--years", &years_text,
            "--seed", &seed_text, "--out", path_arg(&data),
        ]));
        blank_passport(&data.join("schools.csv"), blank, seed);
        fs::write(data.join("district.toml"), format!("[advise]\ncapacity = {capacity}\n"))
            .expect("config");
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        let first = run(&data, &a, seed);
        prop_assert!(first == run(&data, &b, seed), "a rerun differs");

        let results = read_json(&a.join("results.json"));
        let ids: Vec<String> = read_excel_csv(&data.join("schools.csv"))
            .into_iter()
            .skip(1)
            .filter_map(|row| row.into_iter().next())
            .collect();
        // Every school once in `schools`; an excluded one without a group, and in `excluded`.
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for s in results["schools"].as_array().expect("schools") {
            let id = s["school_id"].as_str().expect("id").to_owned();
            *seen.entry(id).or_default() += 1;
        }
        let expected: BTreeMap<String, usize> = ids.iter().map(|id| (id.clone(), 1)).collect();
        prop_assert_eq!(seen, expected);
        let excluded: Vec<&str> = results["excluded"]
            .as_array()
            .expect("excluded")
            .iter()
            .filter_map(|s| s["school_id"].as_str())
            .collect();
        for s in results["schools"].as_array().expect("schools") {
            let id = s["school_id"].as_str().expect("id");
            prop_assert_eq!(s["peer_group"].is_null(), excluded.contains(&id), "{}", id);
        }

        let mut load: BTreeMap<String, usize> = BTreeMap::new();
        for pair in results["pairs"].as_array().expect("pairs") {
            let (low, base) = (&pair["low_school_id"], &pair["base_school_id"]);
            prop_assert_ne!(low, base);
            *load.entry(base.as_str().expect("base").to_owned()).or_default() += 1;
        }
        for (base, n) in load {
            prop_assert!(n <= capacity, "{} supports {} schools, capacity {}", base, n, capacity);
        }
    }
}
