//! The output folder as the analyst trusts it: one complete generation per run (concurrent
//! runs, runs killed at any point, a smaller run after a larger one), `verify`, and nothing of
//! the analyst's overwritten (`generate`, `cluster`, system folders, the data folder).

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::*;
use crate::outputs::snapshot;

fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_schoolpeers"))
}

/// The seed a run's results.json records.
fn seed_of(out: &Path) -> u64 {
    read_json(&out.join("results.json"))["manifest"]["parameters"]["seed"]
        .as_u64()
        .expect("seed")
}

/// `schoolpeers verify` on `out`: the folder is exactly the files its results.json lists.
fn assert_verified(out: &Path) {
    let o = schoolpeers(&["--lang", "en", "verify", path_arg(out)]);
    assert_success(&o);
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(said.contains("is as its run wrote it"), "{said}");
}

/// The entries of `dir` by name.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn two_concurrent_runs_give_one_complete_set_or_the_second_is_refused() {
    let parent = tempfile::tempdir().expect("dir");
    let out = parent.path().join("out");
    for round in 0..4 {
        let start = |seed: &str| {
            binary()
                .args(["--lang", "en", "demo", "--seed", seed, "--out"])
                .arg(&out)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("the binary runs")
        };
        let (a, b) = (start("11"), start("12"));
        let (a, b) = (
            a.wait_with_output().expect("ends"),
            b.wait_with_output().expect("ends"),
        );
        let mut finished = Vec::new();
        for (o, seed) in [(&a, 11), (&b, 12)] {
            match o.status.code() {
                Some(0) => finished.push(seed),
                Some(75) => assert!(
                    stderr(o).contains("another schoolpeers command is writing"),
                    "{}",
                    stderr(o)
                ),
                code => panic!("round {round}: exit {code:?}: {}", stderr(o)),
            }
        }
        assert!(!finished.is_empty(), "round {round}: one run finished");
        // The folder is one run's, whole: the last to finish.
        assert_verified(&out);
        assert!(finished.contains(&seed_of(&out)), "round {round}");
        assert_eq!(names(parent.path()), vec!["out"], "nothing left beside");
    }
}

#[test]
fn a_run_killed_at_any_point_leaves_the_previous_generation_or_the_new_one() {
    let parent = tempfile::tempdir().expect("dir");
    let out = parent.path().join("out");
    assert_success(&schoolpeers(&[
        "demo",
        "--seed",
        "1",
        "--out",
        path_arg(&out),
    ]));
    // Killed at fixed points through the run (a demo takes about a second here), and once
    // just before the swap (a fail point holds the run there, in the tests' binary only).
    let points: Vec<(u64, Option<&str>)> = [0, 40, 120, 250, 400, 600, 800, 1100, 1500]
        .into_iter()
        .map(|ms| (ms, None))
        .chain([(3000, Some("generation-swap=sleep(20000)"))])
        .collect();
    for (ms, failpoint) in points {
        let before = snapshot(&out);
        // Held before the swap, the run (seed 9) must never be seen.
        let seed = if failpoint.is_some() { "9" } else { "2" };
        let mut run = binary();
        run.args(["demo", "--seed", seed, "--out"])
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some(f) = failpoint {
            run.env("FAILPOINTS", f);
        }
        let mut child = run.spawn().expect("the binary runs");
        std::thread::sleep(std::time::Duration::from_millis(ms));
        let _ = child.kill(); // SIGKILL: no handler runs.
        let _ = child.wait();
        assert_verified(&out);
        let seed = seed_of(&out);
        assert!(seed == 1 || seed == 2, "killed at {ms} ms: seed {seed}");
        if failpoint.is_some() {
            assert_eq!(
                snapshot(&out),
                before,
                "killed before the swap: the previous generation"
            );
        }
        let unfinished = snapshot(&out)
            .into_keys()
            .filter(|p| p.to_string_lossy().contains("tmp-write"))
            .count();
        assert_eq!(unfinished, 0, "killed at {ms} ms");
    }
    // The next run clears what the killed ones left beside the folder.
    assert_success(&schoolpeers(&[
        "demo",
        "--seed",
        "3",
        "--out",
        path_arg(&out),
    ]));
    assert_eq!(names(parent.path()), vec!["out"]);
    assert_verified(&out);
}

#[test]
fn a_smaller_run_after_a_larger_one_leaves_no_stale_chart() {
    let data = tempfile::tempdir().expect("dir");
    let big = data.path().join("big");
    assert_success(&schoolpeers(&[
        "generate",
        "--schools",
        "60",
        "--seed",
        "5",
        "--out",
        path_arg(&big),
    ]));
    let out = data.path().join("out");
    assert_success(&schoolpeers(&[
        "run",
        path_arg(&big),
        "--out",
        path_arg(&out),
    ]));
    let charts_before = snapshot(&out.join("charts")).len();
    assert_success(&schoolpeers(&["demo", "--out", path_arg(&out)]));
    let charts_after = snapshot(&out.join("charts")).len();
    assert!(
        charts_after < charts_before,
        "{charts_after} < {charts_before}"
    );
    assert_verified(&out);
    // And a file changed by hand is found.
    fs::write(out.join("ranking.csv"), "edited").expect("edit");
    let o = schoolpeers(&["--lang", "en", "verify", path_arg(&out)]);
    assert_eq!(o.status.code(), Some(65));
    assert!(
        stderr(&o).contains("ranking.csv: changed (size or SHA-256)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn generate_refuses_a_folder_of_real_tables_unless_forced_and_then_keeps_them() {
    // An analyst's folder: the tables, no truth.csv.
    let data = demo_copy();
    let before = snapshot(data.path());
    let o = schoolpeers(&[
        "--lang",
        "en",
        "generate",
        "--schools",
        "10",
        "--out",
        path_arg(data.path()),
    ]);
    assert_eq!(o.status.code(), Some(73), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("holds files schoolpeers did not write (activities.csv, exams.csv"),
        "{}",
        stderr(&o)
    );
    assert_eq!(snapshot(data.path()), before, "untouched");
    // --force replaces it, the former tables kept beside.
    let o = schoolpeers(&[
        "generate",
        "--schools",
        "10",
        "--out",
        path_arg(data.path()),
        "--force",
    ]);
    assert_success(&o);
    let kept = data.path().with_file_name(format!(
        "{}.replaced-1",
        data.path().file_name().expect("name").to_string_lossy()
    ));
    let kept_files = snapshot(&kept);
    assert_eq!(kept_files.len(), before.len());
    fs::remove_dir_all(&kept).expect("cleaned");
    // A generated district is regenerated without --force.
    assert_success(&schoolpeers(&[
        "generate",
        "--schools",
        "12",
        "--out",
        path_arg(data.path()),
    ]));
}

#[test]
fn run_and_check_refuse_system_folders_and_the_data_folder() {
    let data = demo_copy();
    let before = snapshot(data.path());
    for out in [data.path(), Path::new("/"), Path::new("/usr")] {
        let o = schoolpeers(&[
            "--lang",
            "en",
            "run",
            path_arg(data.path()),
            "--out",
            path_arg(out),
        ]);
        assert_eq!(
            o.status.code(),
            Some(73),
            "{}: {}",
            out.display(),
            stderr(&o)
        );
    }
    let o = schoolpeers(&[
        "--lang",
        "en",
        "check",
        path_arg(data.path()),
        "--out",
        path_arg(data.path()),
    ]);
    assert_eq!(o.status.code(), Some(73));
    assert!(
        stderr(&o).contains("this folder holds the input"),
        "{}",
        stderr(&o)
    );
    assert_eq!(snapshot(data.path()), before, "the data untouched");
    // `check` does not replace a run's results without --force.
    let out = tempfile::tempdir().expect("dir");
    assert_success(&schoolpeers(&["demo", "--out", path_arg(out.path())]));
    let o = schoolpeers(&[
        "--lang",
        "en",
        "check",
        path_arg(data.path()),
        "--out",
        path_arg(out.path()),
    ]);
    assert_eq!(o.status.code(), Some(73));
    assert!(
        stderr(&o).contains("the folder holds the results of a run"),
        "{}",
        stderr(&o)
    );
    assert_verified(out.path());
}

#[test]
fn cluster_never_writes_over_its_input_and_not_over_a_foreign_file_unless_forced() {
    let dir = tempfile::tempdir().expect("dir");
    let table = dir.path().join("t.csv");
    let text = "id;a;b\nx1;1;2\nx2;2;1\nx3;8;9\nx4;9;8\nx5;1;1\nx6;9;9\n";
    fs::write(&table, text).expect("table");
    let cluster = |out: &Path, force: bool| {
        let mut args = vec![
            "--lang",
            "en",
            "cluster",
            path_arg(&table),
            "--id-column",
            "id",
            "--k",
            "2",
            "--out",
            path_arg(out),
        ];
        if force {
            args.push("--force");
        }
        schoolpeers(&args)
    };
    for force in [false, true] {
        let o = cluster(&table, force);
        assert_eq!(o.status.code(), Some(73), "{}", stderr(&o));
        assert!(stderr(&o).contains("is the input table"), "{}", stderr(&o));
        assert_eq!(
            fs::read_to_string(&table).expect("read"),
            text,
            "the input untouched"
        );
    }
    let notes = dir.path().join("notes.csv");
    fs::write(&notes, "my notes").expect("a user's file");
    let o = cluster(&notes, false);
    assert_eq!(o.status.code(), Some(73));
    assert!(
        stderr(&o).contains("exists and this command did not write it"),
        "{}",
        stderr(&o)
    );
    assert_eq!(fs::read_to_string(&notes).expect("read"), "my notes");
    assert_success(&cluster(&notes, true));
    // Its own output is rewritten freely.
    let groups = dir.path().join("groups.csv");
    assert_success(&cluster(&groups, false));
    assert_success(&cluster(&groups, false));
}
