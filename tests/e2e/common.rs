//! Helpers shared by the end-to-end tests: running the binary, reading its outputs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub(crate) fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub(crate) fn demo_data() -> PathBuf {
    repo_root().join("data/demo")
}

/// Runs the binary with `args` from the repository root.
pub(crate) fn schoolpeers(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_schoolpeers"))
        .args(args)
        .current_dir(repo_root())
        .output()
        .expect("the binary runs")
}

/// `schoolpeers --lang LANG run DATA --out OUT`.
pub(crate) fn run_in(lang: &str, data: &Path, out: &Path) -> Output {
    schoolpeers(&[
        "--lang",
        lang,
        "run",
        path_arg(data),
        "--out",
        path_arg(out),
    ])
}

pub(crate) fn path_arg(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}

pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub(crate) fn assert_success(o: &Output) {
    assert!(
        o.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        stderr(o)
    );
}

pub(crate) fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).expect("results.json is readable");
    serde_json::from_str(&text).expect("results.json is valid JSON")
}

/// Rows of an Excel-style CSV: BOM, `;` separators, `"` quoting, CRLF.
pub(crate) fn read_excel_csv(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).expect("CSV is readable");
    let text = text
        .strip_prefix('\u{feff}')
        .expect("CSV starts with a BOM");
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (';', false) => row.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// A temporary copy of the demo district's tables that a test may change (without its
/// truth.csv, which a run reports as not read).
pub(crate) fn demo_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in std::fs::read_dir(demo_data()).expect("data/demo exists") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "csv") && !path.ends_with(model::TRUTH_FILE) {
            std::fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
        }
    }
    dir
}

/// Runs the pipeline on `data` into a temporary folder and returns its results.json.
pub(crate) fn run_results(data: &Path) -> serde_json::Value {
    let out = tempfile::tempdir().expect("dir");
    assert_success(&schoolpeers(&[
        "run",
        path_arg(data),
        "--out",
        path_arg(out.path()),
    ]));
    read_json(&out.path().join("results.json"))
}

/// Runs the pipeline on `data` into `out` without charts and returns its results.json.
pub(crate) fn run_without_charts(data: &Path, out: &Path) -> serde_json::Value {
    let args = [
        "run",
        path_arg(data),
        "--out",
        path_arg(out),
        "--charts",
        "none",
    ];
    assert_success(&schoolpeers(&args));
    read_json(&out.join("results.json"))
}

/// The stem under charts/ of the per-school chart of `kind` (`years` or `profile`) showing the
/// school `id`, as results.json's manifest maps files to schools; `None` when not drawn.
pub(crate) fn school_chart(results: &serde_json::Value, id: &str, kind: &str) -> Option<String> {
    let prefix = match kind {
        "years" => "charts/years/",
        _ => "charts/profile-",
    };
    let outputs = results["manifest"]["outputs"].as_array()?;
    outputs.iter().find_map(|o| {
        let file = o["file"].as_str()?;
        let shows = o["school_id"].as_str() == Some(id);
        (shows && file.starts_with(prefix) && file.ends_with(".png")).then(|| {
            file.trim_start_matches("charts/")
                .trim_end_matches(".png")
                .to_owned()
        })
    })
}

/// Generates a district of `schools` schools from `seed` into `dir`, in the generator's `mode`
/// (its further options: `--conditions continuum`, `--shape schools`).
pub(crate) fn generate_district(dir: &Path, schools: &str, seed: &str, mode: &[&str]) {
    let mut args = vec![
        "generate",
        "--schools",
        schools,
        "--seed",
        seed,
        "--out",
        path_arg(dir),
    ];
    args.extend_from_slice(mode);
    assert_success(&schoolpeers(&args));
}
