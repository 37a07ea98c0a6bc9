//! Every output byte of a few fixed runs, as SHA-256 hashes stored in `tests/e2e/golden/`:
//! a restructuring that claims "behaviour unchanged" is held to it.
//!
//! The runs: the demo (Russian, excel-ru), the demo in English with rfc4180 CSV, `check` on the
//! demo, and generated districts of 300 and 3,000 schools (the tables `generate` writes, and
//! the run on them). A change that is meant to change outputs re-records the hashes with
//! `SCHOOLPEERS_BLESS=1 cargo test -p cli --test e2e golden` and says so in its commit; CI never
//! records (with `CI` set, blessing is refused).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::common::*;

/// Each file below `dir` (by its path relative to `dir`, `/`-separated) and its SHA-256.
pub(crate) fn hashes(dir: &Path) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).expect("readable folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let bytes = fs::read(&path).expect("readable file");
            let below = path.strip_prefix(dir).expect("below the folder");
            let name = below.to_string_lossy().replace('\\', "/");
            let hex: String = Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            found.insert(name, hex);
        }
    }
    found
}

fn golden_file(case: &str) -> PathBuf {
    repo_root()
        .join("tests/e2e/golden")
        .join(format!("{case}.sha256"))
}

/// In `sha256sum`'s format: the hash, two spaces, the path.
fn render(hashes: &BTreeMap<String, String>) -> String {
    hashes
        .iter()
        .map(|(name, hex)| format!("{hex}  {name}\n"))
        .collect()
}

/// Compares the folder's files with the stored hashes of `case`, or records them when blessing.
fn assert_golden(case: &str, dir: &Path) {
    let actual = render(&hashes(dir));
    let path = golden_file(case);
    if std::env::var_os("SCHOOLPEERS_BLESS").is_some() {
        assert!(
            std::env::var_os("CI").is_none(),
            "SCHOOLPEERS_BLESS is refused in CI: golden hashes are recorded by a developer"
        );
        fs::create_dir_all(path.parent().expect("golden folder")).expect("golden folder");
        fs::write(&path, &actual).expect("golden file written");
        return;
    }
    let expected = fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; record it with SCHOOLPEERS_BLESS=1",
            path.display()
        )
    });
    if expected != actual {
        let lines = |text: &str| -> Vec<String> { text.lines().map(str::to_owned).collect() };
        let (want, got) = (lines(&expected), lines(&actual));
        let missing: Vec<&String> = want.iter().filter(|l| !got.contains(l)).collect();
        let new: Vec<&String> = got.iter().filter(|l| !want.contains(l)).collect();
        panic!(
            "{case}: outputs differ from {}\nexpected, not found:\n{missing:#?}\nfound, not expected:\n{new:#?}",
            path.display()
        );
    }
}

fn generate(dir: &Path, schools: &str, seed: &str) {
    assert_success(&schoolpeers(&[
        "generate",
        "--schools",
        schools,
        "--years",
        "3",
        "--seed",
        seed,
        "--out",
        path_arg(dir),
    ]));
}

#[test]
fn golden_demo_outputs_are_unchanged() {
    let out = tempfile::tempdir().expect("dir");
    assert_success(&schoolpeers(&["demo", "--out", path_arg(out.path())]));
    assert_golden("demo", out.path());
}

#[test]
fn golden_english_rfc4180_demo_outputs_are_unchanged() {
    let out = tempfile::tempdir().expect("dir");
    assert_success(&schoolpeers(&[
        "--lang",
        "en",
        "--csv-dialect",
        "rfc4180",
        "demo",
        "--out",
        path_arg(out.path()),
    ]));
    assert_golden("demo-en-rfc4180", out.path());
}

#[test]
fn golden_check_outputs_are_unchanged() {
    let out = tempfile::tempdir().expect("dir");
    assert_success(&schoolpeers(&[
        "check",
        path_arg(&demo_data()),
        "--out",
        path_arg(out.path()),
    ]));
    assert_golden("check-demo", out.path());
}

/// `generate` and then `run` on what it wrote, both held to their hashes.
fn generated_case(schools: &str, seed: &str) {
    let dir = tempfile::tempdir().expect("dir");
    let (data, out) = (dir.path().join("district"), dir.path().join("out"));
    generate(&data, schools, seed);
    assert_golden(&format!("generate-{schools}"), &data);
    assert_success(&schoolpeers(&[
        "run",
        path_arg(&data),
        "--out",
        path_arg(&out),
    ]));
    assert_golden(&format!("run-{schools}"), &out);
}

#[test]
fn golden_generated_300_school_outputs_are_unchanged() {
    generated_case("300", "7");
}

#[test]
fn golden_generated_3000_school_outputs_are_unchanged() {
    generated_case("3000", "1");
}
