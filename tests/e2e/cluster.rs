//! `schoolpeers cluster`: any numeric table grouped, through the real binary,
//! on data/fixtures/cluster/context.csv (three planted groups of four schools).

use std::fs;
use std::path::Path;

use crate::common::*;

fn fixture() -> std::path::PathBuf {
    repo_root().join("data/fixtures/cluster/context.csv")
}

/// Runs `cluster` on `file` with `args`, the groups written into `out`.
fn cluster(file: &Path, out: &Path, args: &[&str]) -> std::process::Output {
    let groups = out.join("groups.csv");
    let mut all = vec![
        "cluster",
        path_arg(file),
        "--id-column",
        "код ОО",
        "--out",
        path_arg(&groups),
    ];
    all.extend_from_slice(args);
    schoolpeers(&all)
}

/// Each row's group, by id.
fn groups(out: &Path) -> Vec<(String, String)> {
    read_excel_csv(&out.join("groups.csv"))
        .into_iter()
        .skip(1)
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect()
}

/// The three planted groups are found: rows of one prefix share a group, others do not.
fn assert_planted(out: &Path) {
    let g = groups(out);
    assert_eq!(g.len(), 12);
    for (a, ga) in &g {
        for (b, gb) in &g {
            assert_eq!(a[..1] == b[..1], ga == gb, "{a} and {b}: {g:?}");
        }
    }
}

#[test]
fn a_numeric_table_is_grouped_by_every_method() {
    for method in ["kmeans", "ward", "average", "complete"] {
        let out = tempfile::tempdir().expect("dir");
        let o = cluster(&fixture(), out.path(), &["--method", method]);
        assert_success(&o);
        let stdout = String::from_utf8_lossy(&o.stdout);
        assert!(
            stdout.contains("в столбце «регион» везде одно значение; он не используется"),
            "{stdout}"
        );
        assert_planted(out.path());
        let k = read_excel_csv(&out.path().join("groups-k.csv"));
        assert_eq!(k[0][0], "Число групп");
        // 12 rows: k from 2 to 12 / 4 = 3; 3 is chosen.
        let tried: Vec<(&str, &str)> = k[1..]
            .iter()
            .map(|r| (r[0].as_str(), r[9].as_str()))
            .collect();
        assert_eq!(tried, [("2", ""), ("3", "да")], "{method}");
        let tree = out.path().join("groups-tree.csv");
        if method == "kmeans" {
            assert!(!tree.exists());
        } else {
            let rows = read_excel_csv(&tree);
            assert_eq!(rows.len(), 12, "a header and 11 merges");
            assert_eq!(rows[11][4], "12", "the last merge holds every row");
        }
    }
}

#[test]
fn a_forced_k_is_kept() {
    let out = tempfile::tempdir().expect("dir");
    assert_success(&cluster(
        &fixture(),
        out.path(),
        &["--k", "2", "--method", "ward"],
    ));
    let g = groups(out.path());
    let distinct: std::collections::BTreeSet<&String> = g.iter().map(|x| &x.1).collect();
    assert_eq!(distinct.len(), 2);
}

#[test]
fn a_forced_k_writes_what_it_needs_and_the_k_table_only_when_asked() {
    for method in ["kmeans", "ward"] {
        let out = tempfile::tempdir().expect("dir");
        let (k_table, tree) = (
            out.path().join("groups-k.csv"),
            out.path().join("groups-tree.csv"),
        );
        // The criterion's choice: the k table, and a tree for ward.
        assert_success(&cluster(&fixture(), out.path(), &["--method", method]));
        assert!(k_table.exists());
        // A forced k: its groups (and tree); the earlier k table, this command's, is gone.
        assert_success(&cluster(
            &fixture(),
            out.path(),
            &["--method", method, "--k", "3"],
        ));
        assert!(!k_table.exists(), "{method}: no k table for a forced k");
        assert_eq!(tree.exists(), method == "ward");
        assert_planted(out.path());
        let forced = groups(out.path());
        // Asked for: the k table beside the same groups.
        let args = ["--method", method, "--k", "3", "--k-table"];
        assert_success(&cluster(&fixture(), out.path(), &args));
        let k = read_excel_csv(&k_table);
        let chosen: Vec<&str> = (k[1..].iter())
            .filter(|r| r[9] == "да")
            .map(|r| r[0].as_str())
            .collect();
        assert_eq!(chosen, ["3"]);
        assert_eq!(groups(out.path()), forced);
    }
}

#[test]
fn degenerate_tables_are_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().expect("dir");
    let same = dir.path().join("same.csv");
    fs::write(&same, "код ОО;x;y\nA;1;2\nB;1;2\nC;1;2\nD;1;2\n").expect("written");
    let bad = dir.path().join("bad.csv");
    fs::write(&bad, "код ОО;x\nA;1\nB;inf\nC;\n").expect("written");
    let many = dir.path().join("many.csv");
    let rows: String = (0..60).map(|i| format!("S{i};много\n")).collect();
    fs::write(&many, format!("код ОО;x\n{rows}")).expect("written");
    for (file, args, code, message) in [
        (
            fixture(),
            vec!["--k", "7"],
            65,
            "context.csv: для 7 групп нужно хотя бы 14 строк (по две на группу), а в таблице 12",
        ),
        (
            same.clone(),
            vec![],
            65,
            "same.csv: в столбце «x» везде одно значение",
        ),
        (
            same,
            vec![],
            65,
            "same.csv: все строки одинаковы — группировать не по чему",
        ),
        (
            bad.clone(),
            vec![],
            65,
            "bad.csv, строка 3, столбец «x»: «inf» — не число",
        ),
        (bad, vec![], 65, "bad.csv, строка 4, столбец «x»"),
        // cluster writes no data-quality.csv: the rest is not promised there.
        (
            many,
            vec![],
            65,
            "… и ещё 10 ошибок; исправьте показанные и запустите снова",
        ),
        (
            fixture(),
            vec!["--k", "many"],
            64,
            "«many» — не число групп и не auto",
        ),
    ] {
        let out = tempfile::tempdir().expect("dir");
        let o = cluster(&file, out.path(), &args);
        assert_eq!(o.status.code(), Some(code), "{args:?}: {}", stderr(&o));
        let said = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
        assert!(said.contains(message), "{args:?}: {said}");
    }
    let out = tempfile::tempdir().expect("dir");
    let o = schoolpeers(&[
        "cluster",
        path_arg(&fixture()),
        "--id-column",
        "id",
        "--out",
        path_arg(&out.path().join("g.csv")),
    ]);
    assert_eq!(o.status.code(), Some(65));
    assert!(stderr(&o).contains("столбец «id»"), "{}", stderr(&o));
}
