//! The exit codes, one e2e case each: 0 done (and for --help), 64 invalid settings (the
//! command line or district.toml), 65 bad data, 70 an internal failure, 73 outputs that cannot
//! be written.

use std::fs;

use crate::common::*;

fn run_demo_copy(config: Option<&str>, out: &std::path::Path) -> std::process::Output {
    let data = demo_copy();
    if let Some(text) = config {
        fs::write(data.path().join("district.toml"), text).expect("config");
    }
    schoolpeers(&["run", path_arg(data.path()), "--out", path_arg(out)])
}

#[test]
fn help_exits_0_on_standard_output() {
    let o = schoolpeers(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("schoolpeers"));
}

#[test]
fn a_command_line_error_exits_64() {
    for args in [
        vec!["run", "--no-such-option"],
        vec!["no-such-command"],
        vec!["cluster", "t.csv", "--id-column", "id", "--k", "0"],
    ] {
        let o = schoolpeers(&args);
        assert_eq!(o.status.code(), Some(64), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).is_empty());
    }
}

#[test]
fn a_bad_district_toml_exits_64() {
    let out = tempfile::tempdir().expect("dir");
    for config in ["[groups\n", "[groups]\nk = 0\n", "[advise]\ncapacity = 0\n"] {
        let o = run_demo_copy(Some(config), out.path());
        assert_eq!(o.status.code(), Some(64), "{config}: {}", stderr(&o));
        assert!(stderr(&o).contains("district.toml"), "{}", stderr(&o));
    }
}

#[test]
fn bad_data_exits_65() {
    let data = demo_copy();
    fs::remove_file(data.path().join("exams.csv")).expect("removed");
    let out = tempfile::tempdir().expect("dir");
    let o = schoolpeers(&["run", path_arg(data.path()), "--out", path_arg(out.path())]);
    assert_eq!(o.status.code(), Some(65), "{}", stderr(&o));
}

#[test]
fn an_output_that_cannot_be_written_exits_73() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("a-file");
    fs::write(&file, "not a folder").expect("file");
    let o = run_demo_copy(None, &file);
    assert_eq!(o.status.code(), Some(73), "{}", stderr(&o));
}

#[test]
fn a_generator_setting_out_of_range_exits_64_naming_its_option() {
    let out = tempfile::tempdir().expect("dir");
    for (lang, fragment) in [
        ("ru", "--schools: 2 — можно создать от 4 до 100000 школ"),
        (
            "en",
            "--schools: between 4 and 100000 schools can be generated, got 2",
        ),
    ] {
        let o = schoolpeers(&[
            "--lang",
            lang,
            "generate",
            "--schools",
            "2",
            "--out",
            path_arg(out.path()),
        ]);
        assert_eq!(o.status.code(), Some(64), "{}", stderr(&o));
        assert!(stderr(&o).contains(fragment), "{}", stderr(&o));
    }
}

/// An engine step that fails where it should not (made to, through a fail point compiled into
/// the tests' binary only) exits 70, asks for a report, and writes nothing.
#[test]
fn an_internal_failure_exits_70_and_writes_nothing() {
    let data = demo_copy();
    let out = tempfile::tempdir().expect("dir");
    let run = |lang: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_schoolpeers"))
            .args(["--lang", lang, "run", path_arg(data.path()), "--out"])
            .arg(out.path().join("o"))
            .env("FAILPOINTS", "engine-step=return")
            .output()
            .expect("the binary runs")
    };
    for (lang, heading) in [
        ("ru", "Внутренняя ошибка программы (сообщите разработчикам"),
        ("en", "Internal error of the program (please report it"),
    ] {
        let o = run(lang);
        assert_eq!(o.status.code(), Some(70), "{}", stderr(&o));
        assert!(stderr(&o).contains(heading), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("failpoint engine-step"),
            "{}",
            stderr(&o)
        );
        assert!(!out.path().join("o").exists(), "nothing written");
    }
}

/// Every file under `dir`, three levels deep.
fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// Ctrl-C while a file is being written (a fail point makes each write take 20 s, in the
/// tests' binary only): exit 130, the message, the output folder as it was (here, never
/// made), and nothing left beside it: no staging folder, no lock, no half-written file.
#[test]
fn ctrl_c_exits_130_and_leaves_no_half_written_file() {
    let data = demo_copy();
    let parent = tempfile::tempdir().expect("dir");
    let out = parent.path().join("o");
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_schoolpeers"))
        .args(["--lang", "en", "run", path_arg(data.path()), "--out"])
        .arg(&out)
        .env("FAILPOINTS", "write-file=sleep(20000)")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let unfinished = |dir: &std::path::Path| {
        files_under(dir)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "tmp-write"))
            .count()
    };
    let start = std::time::Instant::now();
    while unfinished(parent.path()) == 0 {
        assert!(start.elapsed().as_secs() < 120, "no write began");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let kill = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(kill.success());
    let o = child.wait_with_output().expect("it ends");
    assert_eq!(o.status.code(), Some(130), "{}", stderr(&o));
    assert!(stderr(&o).contains("Interrupted (Ctrl-C). No half-written file is left"));
    let left: Vec<_> = fs::read_dir(parent.path())
        .expect("list")
        .flatten()
        .collect();
    assert!(left.is_empty(), "{:?}", files_under(parent.path()));
}
