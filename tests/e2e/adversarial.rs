//! The adversarial corpus (tests/adversarial/cases/, written by make_corpus.py): every case
//! ends with its documented exit code, never by a signal, within 30 s and under 2 GB of
//! memory, and its message names what it must (the file, the row, the column, the key).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::repo_root;

const TIME_LIMIT: Duration = Duration::from_secs(30);
const MEMORY_LIMIT_KB: u64 = 2 * 1024 * 1024;

#[derive(serde::Deserialize)]
struct Case {
    args: Vec<String>,
    exit: i32,
    expect: Vec<String>,
}

/// The peak resident memory of a running process, from /proc (0 once it is gone).
fn peak_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Runs one case; what went wrong, if anything.
fn run_case(folder: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(folder.join("case.toml")).map_err(|e| e.to_string())?;
    let case: Case = toml::from_str(&text).map_err(|e| e.to_string())?;
    let out = tempfile::tempdir().map_err(|e| e.to_string())?;
    let data = folder.join("data");
    let args: Vec<String> = case
        .args
        .iter()
        .map(|a| {
            a.replace("{data}", &data.display().to_string())
                .replace("{out}", &out.path().display().to_string())
        })
        .collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_schoolpeers"))
        .args(["--lang", "en"])
        .args(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let start = Instant::now();
    let mut peak = 0;
    let status = loop {
        peak = peak.max(peak_kb(child.id()));
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if start.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            return Err(format!("still running after {TIME_LIMIT:?}"));
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let Some(code) = status.code() else {
        return Err(format!("ended by a signal: {status:?}\n{said}"));
    };
    if code != case.exit {
        return Err(format!("exit {code}, documented {}\n{said}", case.exit));
    }
    if let Some(missing) = case.expect.iter().find(|e| !said.contains(e.as_str())) {
        return Err(format!("the message does not name {missing:?}\n{said}"));
    }
    if said.contains("panicked") {
        return Err(format!("a panic\n{said}"));
    }
    if peak > MEMORY_LIMIT_KB {
        return Err(format!("peak memory {peak} kB"));
    }
    Ok(())
}

#[test]
fn every_adversarial_input_ends_with_its_documented_code_and_a_located_message() {
    let root = repo_root().join("tests/adversarial/cases");
    let mut folders: Vec<_> = std::fs::read_dir(&root)
        .expect("tests/adversarial/cases")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    folders.sort();
    assert!(folders.len() >= 60, "{} cases", folders.len());
    let failures: Vec<String> = folders
        .iter()
        .filter_map(|f| {
            let name = f.file_name()?.to_string_lossy().into_owned();
            run_case(f).err().map(|e| format!("{name}: {e}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
