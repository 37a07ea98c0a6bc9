//! The notebooks (notebooks/*.py, jupytext percent scripts) run end to end, each a plain
//! Python script, on the binary under test, with Python packages from
//! notebooks/requirements.txt in a virtual environment of their own
//! (target/notebooks-venv, made by notebooks/setup-venv.sh, which .ci/run calls: the test
//! installs nothing). A failing cell (an exception or a failed assert) fails the test. Outside
//! CI, without that environment, the test says loudly that it is skipped; in CI it fails.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common::*;

/// The environment's Python, if notebooks/setup-venv.sh made it from the current requirements.
fn notebook_python(root: &Path) -> Result<std::path::PathBuf, String> {
    let venv = root.join("target").join("notebooks-venv");
    let python = venv.join("bin").join("python");
    let wanted = fs::read_to_string(root.join("notebooks/requirements.txt"))
        .map_err(|e| format!("notebooks/requirements.txt: {e}"))?;
    let made = fs::read_to_string(venv.join("requirements.txt")).ok();
    if made.as_deref() == Some(wanted.as_str()) && python.exists() {
        Ok(python)
    } else {
        Err(format!(
            "{} is missing or made from other requirements; run notebooks/setup-venv.sh",
            venv.display()
        ))
    }
}

#[test]
fn every_notebook_runs_end_to_end() {
    let root = repo_root();
    let python = match notebook_python(&root) {
        Ok(python) => python,
        Err(why) if std::env::var_os("CI").is_none() => {
            eprintln!("\n*** SKIPPED every_notebook_runs_end_to_end: {why} ***\n");
            return;
        }
        Err(why) => panic!("CI needs the notebooks' Python environment: {why}"),
    };
    let mut notebooks: Vec<_> = fs::read_dir(root.join("notebooks"))
        .expect("notebooks/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    notebooks.sort();
    assert!(!notebooks.is_empty(), "no notebook found");
    for notebook in notebooks {
        let text = fs::read_to_string(&notebook).expect("notebook");
        assert!(
            text.starts_with("# ---\n# jupyter:\n#   jupytext:") && text.contains("# %%"),
            "{}: not a jupytext percent script",
            notebook.display()
        );
        let work = tempfile::tempdir().expect("dir");
        let ran = Command::new(&python)
            .arg(&notebook)
            .env("SCHOOLPEERS", env!("CARGO_BIN_EXE_schoolpeers"))
            .env("SCHOOLPEERS_REPO", &root)
            .current_dir(work.path())
            .output()
            .expect("python runs");
        assert!(
            ran.status.success(),
            "{} failed:\n{}\n{}",
            notebook.display(),
            String::from_utf8_lossy(&ran.stdout),
            stderr(&ran)
        );
    }
}
