//! The rerun cache (issue 25): a run with only district.toml changed takes the district from
//! the output folder's cache/ and writes exactly what a cold run with the same settings
//! writes; a changed input file, or a damaged cache, makes it read the data again.

use std::fs;
use std::path::Path;
use std::process::Output;

use crate::common::*;
use crate::golden::hashes;

/// What the run said, on either stream.
fn said(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(o))
}

fn run_en(data: &Path, out: &Path) -> String {
    let o = run_in("en", data, out);
    assert_success(&o);
    said(&o)
}

const REUSED: &str = "taken, as checked, from cache/";
const CHANGED: &str = "The input changed since the last run";

/// The folders `a` and `b` hold the same files, byte for byte (the cache's included).
fn assert_same_files(a: &Path, b: &Path) {
    let (a, b) = (hashes(a), hashes(b));
    assert!(
        a.keys().any(|f| f.starts_with("cache/")),
        "the run keeps a cache"
    );
    assert_eq!(a, b);
}

#[test]
fn a_rerun_with_changed_settings_skips_reading_and_writes_what_a_cold_run_writes() {
    let data = demo_copy();
    let work = tempfile::tempdir().expect("dir");
    let (out, cold) = (work.path().join("out"), work.path().join("cold"));
    let first = run_en(data.path(), &out);
    assert!(
        !first.contains(REUSED) && !first.contains(CHANGED),
        "{first}"
    );

    // One weight changed: the district is taken from the cache.
    fs::write(
        data.path().join("district.toml"),
        "[outcome.weights]\nege_index = 2\noge_index = 1\n",
    )
    .expect("config");
    let rerun = run_en(data.path(), &out);
    assert!(rerun.contains(REUSED), "{rerun}");
    let results = read_json(&out.join("results.json"));
    let weight = &results["manifest"]["parameters"]["outcome_weights"]["ege_index"];
    assert_eq!(weight.as_f64(), Some(2.0), "the new weight is used");

    // A cold run with the same settings, into a new folder, writes the same bytes.
    let fresh = run_en(data.path(), &cold);
    assert!(!fresh.contains(REUSED), "{fresh}");
    assert_same_files(&out, &cold);
    assert_success(&schoolpeers(&["verify", path_arg(&out)]));
}

#[test]
fn a_changed_input_file_invalidates_the_cache() {
    let data = demo_copy();
    let work = tempfile::tempdir().expect("dir");
    let (out, cold) = (work.path().join("out"), work.path().join("cold"));
    run_en(data.path(), &out);
    let before = hashes(&out);

    // One cell of the staff table: a teacher's category.
    let staff = data.path().join("staff.csv");
    let text = fs::read_to_string(&staff).expect("staff");
    fs::write(&staff, text.replacen(";высшая;", ";первая;", 1)).expect("staff written");
    let rerun = run_en(data.path(), &out);
    assert!(
        rerun.contains(CHANGED) && !rerun.contains(REUSED),
        "{rerun}"
    );
    assert_ne!(
        hashes(&out)["cache/district.json"],
        before["cache/district.json"]
    );
    assert_ne!(
        hashes(&out)["cache/staff.arrow"],
        before["cache/staff.arrow"]
    );

    run_en(data.path(), &cold);
    assert_same_files(&out, &cold);
}

#[test]
fn a_damaged_cache_is_said_and_the_data_read_again() {
    let data = demo_copy();
    let work = tempfile::tempdir().expect("dir");
    let (out, cold) = (work.path().join("out"), work.path().join("cold"));
    run_en(data.path(), &out);
    run_en(data.path(), &cold);
    let exams = out.join("cache/exams.arrow");
    let bytes = fs::read(&exams).expect("cache");
    fs::write(&exams, &bytes[..bytes.len() / 3]).expect("damaged");

    let rerun = run_en(data.path(), &out);
    assert!(
        rerun.contains("could not be read") && !rerun.contains(REUSED),
        "{rerun}"
    );
    assert_same_files(&out, &cold);
}
