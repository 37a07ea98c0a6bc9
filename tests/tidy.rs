//! Tidy: the workspace's conventions, checked on every `cargo test` (as rust-analyzer's tidy
//! does) instead of remembered.
//!
//! - every Rust file opens with a `//!` line saying what it is about;
//! - a source file holds at most [`MAX_FILE_LINES`] lines (its test module, test-only files and
//!   `const`/`static` tables aside);
//! - a function fits in [`MAX_FN_LINES`] lines (tests aside);
//! - every `#[allow(...)]` says why, in a comment on its line or the line above;
//! - no `.unwrap()` or `.expect(` in the product's code (test modules aside);
//! - each crate depends only on the crates its layer may use, and only `ingest` (with `cli`'s
//!   tests and the benches) names the heavy readers (polars, calamine, encoding_rs).
//!
//! What does not hold yet is listed in `tests/tidy-debt.txt`, each line with its size when
//! listed: the test fails on any violation not listed, on a listed one that grew, and on a
//! listed one that no longer violates (so the list only shrinks).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

const MAX_FILE_LINES: usize = 700;
const MAX_FN_LINES: usize = 100;

/// One convention broken at one place, with its size (lines, or a count).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Violation {
    rule: &'static str,
    place: String,
    size: usize,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every tracked Rust file of the workspace, by its path from the root (`/`-separated).
fn rust_files() -> Vec<String> {
    let mut found = Vec::new();
    let mut stack: Vec<PathBuf> = ["crates", "benches", "tests"]
        .iter()
        .map(|d| root().join(d))
        .collect();
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("readable folder") {
            let path = entry.expect("entry").path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if path.is_dir() {
                if !matches!(name, "target" | ".venv" | "corpus" | "artifacts") {
                    stack.push(path);
                }
            } else if name.ends_with(".rs") {
                let below = path.strip_prefix(root()).expect("below the root");
                found.push(below.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    found
}

/// Whether the whole file is test code: integration tests, benches and `tests.rs` modules.
fn is_test_file(path: &str) -> bool {
    path.starts_with("tests/")
        || path.starts_with("benches/")
        || path.contains("/tests/")
        || path.ends_with("/tests.rs")
}

/// The lines before the file's `#[cfg(test)]` module.
fn product_lines(text: &str) -> Vec<&str> {
    text.lines()
        .take_while(|l| l.trim() != "#[cfg(test)]")
        .collect()
}

/// A line with its string and char literals emptied and its `//` comment cut, so that
/// braces are counted only where they are code.
fn code_of(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                while let Some(d) = chars.next() {
                    match d {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
                out.push_str("\"\"");
            }
            '\'' => {
                // A char literal ('x', '\n', '{'), or a lifetime ('a), left as it is.
                let rest: String = chars.clone().take(3).collect();
                let mut it = rest.chars();
                match (it.next(), it.next(), it.next()) {
                    (Some('\\'), Some(_), _) => {
                        for d in chars.by_ref() {
                            if d == '\'' {
                                break;
                            }
                        }
                        out.push_str("''");
                    }
                    (Some(_), Some('\''), _) => {
                        chars.next();
                        chars.next();
                        out.push_str("''");
                    }
                    _ => out.push(c),
                }
            }
            '/' if chars.peek() == Some(&'/') => break,
            _ => out.push(c),
        }
    }
    out
}

/// Lines of a file's product part, `const`/`static` tables not counted.
fn code_lines(lines: &[&str]) -> usize {
    let mut count = 0;
    let mut in_table = false;
    for line in lines {
        let t = line.trim();
        let starts_table = ["const ", "pub const ", "static ", "pub static "]
            .iter()
            .any(|p| t.starts_with(p))
            && !t.ends_with(';');
        if starts_table {
            in_table = true;
        }
        if !in_table {
            count += 1;
        }
        if in_table && (t.ends_with("];") || t.ends_with("};") || t == ";") {
            in_table = false;
        }
    }
    count
}

/// Each function of the lines, by name, with its length from signature to closing brace.
fn functions(lines: &[&str]) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let code = code_of(line);
        let Some(name) = fn_name(&code) else { continue };
        let (mut depth, mut opened) = (0i64, false);
        for (j, l) in lines.iter().enumerate().skip(i) {
            let code = code_of(l);
            if !opened && code.trim_end().ends_with(';') && !code.contains('{') {
                break; // a declaration without a body
            }
            for c in code.chars() {
                match c {
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            if opened && depth <= 0 {
                found.push((name, j - i + 1));
                break;
            }
        }
    }
    found
}

/// The name of the function a line of code declares, if it declares one.
fn fn_name(code: &str) -> Option<String> {
    let words: Vec<&str> = code.split_whitespace().collect();
    let at = words.iter().position(|w| *w == "fn")?;
    let qualifiers = [
        "pub",
        "pub(crate)",
        "pub(super)",
        "const",
        "async",
        "unsafe",
        "extern",
    ];
    if !words[..at].iter().all(|w| qualifiers.contains(w)) {
        return None;
    }
    let name: String = words
        .get(at + 1)?
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some(name)
}

/// Every violation of the conventions in one file's text.
fn check_file(path: &str, text: &str) -> Vec<Violation> {
    let mut found = Vec::new();
    let mut push = |rule, place: String, size| found.push(Violation { rule, place, size });
    if !text.trim_start().starts_with("//!") {
        push("module-doc", path.to_owned(), 1);
    }
    let all: Vec<&str> = text.lines().collect();
    let mut bare_allows = 0;
    for (i, line) in all.iter().enumerate() {
        let code = code_of(line);
        if code.contains("#[allow(") || code.contains("#![allow(") {
            let above = if i > 0 { all[i - 1].trim() } else { "" };
            let is_reason =
                |c: &str| c.starts_with("//") && !c.starts_with("///") && !c.starts_with("//!");
            let said_here = line.find("//").is_some_and(|at| is_reason(&line[at..]));
            if !said_here && !is_reason(above) {
                bare_allows += 1;
            }
        }
    }
    if bare_allows > 0 {
        push("allow-without-reason", path.to_owned(), bare_allows);
    }
    if is_test_file(path) {
        return found;
    }
    let product = product_lines(text);
    let lines = code_lines(&product);
    if lines > MAX_FILE_LINES {
        push("file-lines", path.to_owned(), lines);
    }
    for (name, length) in functions(&product) {
        if length > MAX_FN_LINES {
            push("fn-lines", format!("{path}::{name}"), length);
        }
    }
    let unwraps = product
        .iter()
        .map(|l| code_of(l))
        .filter(|c| c.contains(".unwrap()") || c.contains(".expect("))
        .count();
    if unwraps > 0 {
        push("unwrap-outside-tests", path.to_owned(), unwraps);
    }
    found
}

/// The workspace crates each crate may depend on: the layering of ARCHITECTURE.md.
const LAYERS: &[(&str, &[&str])] = &[
    ("model", &[]),
    ("ingest", &["model"]),
    ("features", &["model"]),
    ("cluster", &[]),
    ("advise", &["model", "cluster"]),
    ("synth", &["model"]),
    ("report", &["model", "features", "cluster", "advise"]),
    (
        "cli",
        &[
            "model", "ingest", "features", "cluster", "advise", "report", "synth",
        ],
    ),
];

/// The crates only `ingest` may depend on (the readers of input files).
const READERS: &[&str] = &["polars", "calamine", "encoding_rs"];

/// The names under a manifest's `[dependencies]` (not dev- or build-dependencies).
fn dependencies(manifest: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut inside = false;
    for line in manifest.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            inside = t == "[dependencies]";
            continue;
        }
        if inside && !t.is_empty() && !t.starts_with('#') {
            let name = t.split(['=', '.', ' ']).next().unwrap_or("");
            names.push(name.to_owned());
        }
    }
    names
}

fn check_layers(crate_name: &str, manifest: &str) -> Vec<Violation> {
    let workspace: Vec<&str> = LAYERS.iter().map(|(c, _)| *c).collect();
    let allowed = LAYERS
        .iter()
        .find(|(c, _)| *c == crate_name)
        .map_or(&[][..], |(_, a)| *a);
    dependencies(manifest)
        .into_iter()
        .filter(|d| {
            (workspace.contains(&d.as_str()) && !allowed.contains(&d.as_str()))
                || (READERS.contains(&d.as_str()) && crate_name != "ingest")
        })
        .map(|d| Violation {
            rule: "layering",
            place: format!("crates/{crate_name} -> {d}"),
            size: 1,
        })
        .collect()
}

fn workspace_violations() -> Vec<Violation> {
    let mut found = Vec::new();
    for path in rust_files() {
        let text = fs::read_to_string(root().join(&path)).expect("readable source");
        found.extend(check_file(&path, &text));
    }
    for entry in fs::read_dir(root().join("crates")).expect("crates/") {
        let dir = entry.expect("entry").path();
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("");
        assert!(
            LAYERS.iter().any(|(c, _)| *c == name),
            "crates/{name} is not in tidy's LAYERS: place it in the layering (and ARCHITECTURE.md)"
        );
        let manifest = fs::read_to_string(dir.join("Cargo.toml")).expect("Cargo.toml");
        found.extend(check_layers(name, &manifest));
    }
    found
}

/// What ARCHITECTURE.md's code map leaves out: each crate has a section (`### \`crates/NAME\``)
/// naming every module of the crate (a file by its name, a folder module as `name/`).
fn code_map_gaps(architecture: &str, modules: &[(String, String)]) -> Vec<String> {
    let section = |krate: &str| -> Option<&str> {
        let head = format!("### `crates/{krate}`");
        let start = architecture.find(&head)? + head.len();
        let rest = &architecture[start..];
        Some(&rest[..rest.find("\n### ").unwrap_or(rest.len())])
    };
    let mut gaps = Vec::new();
    for (krate, module) in modules {
        match section(krate) {
            None => gaps.push(format!("crates/{krate}: no section")),
            Some(text) if !text.contains(module.as_str()) => {
                gaps.push(format!("crates/{krate}: {module} not named"))
            }
            Some(_) => {}
        }
    }
    gaps.sort();
    gaps.dedup();
    gaps
}

/// Every module of every crate as the code map names it: `(crate, "name.rs" or "name/")`.
fn modules() -> Vec<(String, String)> {
    rust_files()
        .into_iter()
        .filter_map(|path| {
            let rest = path.strip_prefix("crates/")?;
            let (krate, inside) = rest.split_once("/src/")?;
            let name = match inside.rsplit_once('/') {
                Some((dir, "mod.rs")) => format!("{}/", dir.rsplit('/').next().unwrap_or(dir)),
                Some((_, file)) => file.to_owned(),
                None => inside.to_owned(),
            };
            let skip = ["lib.rs", "main.rs", "tests.rs"].contains(&name.as_str());
            (!skip).then(|| (krate.to_owned(), name))
        })
        .collect()
}

#[test]
fn the_code_map_names_every_crate_and_module() {
    let architecture = fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let gaps = code_map_gaps(&architecture, &modules());
    assert!(
        gaps.is_empty(),
        "ARCHITECTURE.md's code map:\n{}",
        gaps.join("\n")
    );
}

#[test]
fn tidy_catches_a_module_the_code_map_leaves_out() {
    let map = "### `crates/a`\nThe `x.rs` and `y/` modules.\n### `crates/b`\nNothing.\n";
    let modules = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(c, m)| (c.to_string(), m.to_string()))
            .collect()
    };
    assert!(code_map_gaps(map, &modules(&[("a", "x.rs"), ("a", "y/")])).is_empty());
    assert_eq!(
        code_map_gaps(
            map,
            &modules(&[("a", "z.rs"), ("b", "x.rs"), ("c", "w.rs")])
        ),
        [
            "crates/a: z.rs not named",
            "crates/b: x.rs not named",
            "crates/c: no section"
        ]
    );
}

/// The listed debt: (rule, place) → the size when listed.
fn debt() -> BTreeMap<(String, String), usize> {
    let text = fs::read_to_string(root().join("tests/tidy-debt.txt")).expect("tidy-debt.txt");
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let parts: Vec<&str> = l.split_whitespace().collect();
            assert_eq!(parts.len(), 3, "tidy-debt.txt: `rule place size`: {l}");
            let size = parts[2].parse().expect("a size");
            ((parts[0].to_owned(), parts[1].to_owned()), size)
        })
        .collect()
}

#[test]
fn the_workspace_keeps_its_conventions() {
    let debt = debt();
    let found = workspace_violations();
    let mut problems = Vec::new();
    for v in &found {
        match debt.get(&(v.rule.to_owned(), v.place.clone())) {
            None => problems.push(format!("{} {} {}: new", v.rule, v.place, v.size)),
            Some(&listed) if v.size > listed => problems.push(format!(
                "{} {} {}: grew from {listed}",
                v.rule, v.place, v.size
            )),
            Some(_) => {}
        }
    }
    for ((rule, place), size) in &debt {
        if !found.iter().any(|v| v.rule == rule && &v.place == place) {
            problems.push(format!(
                "{rule} {place} {size}: holds now; remove it from tests/tidy-debt.txt"
            ));
        }
    }
    assert!(problems.is_empty(), "tidy:\n{}", problems.join("\n"));
}

// The tests of the test: each rule catches a planted violation and passes a clean file.

fn rules(path: &str, text: &str) -> Vec<&'static str> {
    check_file(path, text).into_iter().map(|v| v.rule).collect()
}

fn function_of(lines: usize) -> String {
    let mut text = String::from("//! A module.\n\nfn planted() {\n");
    for i in 0..lines - 2 {
        text.push_str(&format!("    let _x{i} = \"{{\";\n"));
    }
    text.push_str("}\n");
    text
}

#[test]
fn tidy_catches_a_function_over_the_limit() {
    assert!(rules("crates/x/src/a.rs", &function_of(MAX_FN_LINES)).is_empty());
    let long = check_file("crates/x/src/a.rs", &function_of(MAX_FN_LINES + 1));
    assert_eq!(
        long,
        [Violation {
            rule: "fn-lines",
            place: "crates/x/src/a.rs::planted".into(),
            size: MAX_FN_LINES + 1
        }]
    );
    // Tests may be long.
    let test = format!("#[cfg(test)]\nmod tests {{\n{}}}\n", function_of(300));
    assert!(rules("crates/x/src/a.rs", &format!("//! A module.\n{test}")).is_empty());
}

#[test]
fn tidy_catches_a_file_over_the_limit_but_not_its_tables_or_tests() {
    let body = |n: usize| -> String { (0..n).map(|i| format!("use a{i};\n")).collect() };
    let at_limit = format!("//! A module.\n{}", body(MAX_FILE_LINES - 1));
    assert!(rules("crates/x/src/a.rs", &at_limit).is_empty());
    let over = format!("//! A module.\n{}", body(MAX_FILE_LINES));
    assert_eq!(rules("crates/x/src/a.rs", &over), ["file-lines"]);
    let table: String = (0..800).map(|i| format!("    (\"{i}\", 1.0),\n")).collect();
    let with_table = format!("{at_limit}const T: &[(&str, f64)] = &[\n{table}];\n");
    assert!(rules("crates/x/src/a.rs", &with_table).is_empty());
    let with_tests = format!("{at_limit}#[cfg(test)]\nmod tests {{\n{}}}\n", body(800));
    assert!(rules("crates/x/src/a.rs", &with_tests).is_empty());
}

#[test]
fn tidy_catches_a_module_without_its_doc_line() {
    assert_eq!(
        rules("crates/x/src/a.rs", "/// An item.\nfn a() {}\n"),
        ["module-doc"]
    );
    assert_eq!(rules("tests/e2e/a.rs", "use a;\n"), ["module-doc"]);
    assert!(rules("crates/x/src/a.rs", "//! A module.\nfn a() {}\n").is_empty());
}

#[test]
fn tidy_catches_an_allow_without_a_reason() {
    let bare = "//! A module.\n#[allow(dead_code)]\nfn a() {}\n";
    assert_eq!(rules("crates/x/src/a.rs", bare), ["allow-without-reason"]);
    let said = "//! A module.\n// Kept for the bench.\n#[allow(dead_code)]\nfn a() {}\n";
    assert!(rules("crates/x/src/a.rs", said).is_empty());
}

#[test]
fn tidy_catches_unwrap_outside_tests_only() {
    let product = "//! A module.\nfn a() { b().unwrap(); c().expect(\"c\"); }\n";
    assert_eq!(
        check_file("crates/x/src/a.rs", product),
        [Violation {
            rule: "unwrap-outside-tests",
            place: "crates/x/src/a.rs".into(),
            size: 1
        }]
    );
    let in_tests = "//! A module.\n#[cfg(test)]\nmod tests { fn a() { b().unwrap(); } }\n";
    assert!(rules("crates/x/src/a.rs", in_tests).is_empty());
    assert!(rules("tests/e2e/a.rs", product).is_empty());
    // A string that mentions it is not a call.
    assert!(rules(
        "crates/x/src/a.rs",
        "//! A module.\nconst S: &str = \".unwrap()\";\n"
    )
    .is_empty());
}

#[test]
fn tidy_catches_a_dependency_against_the_layering() {
    let manifest = "[dependencies]\nmodel.workspace = true\ningest.workspace = true\n\n[dev-dependencies]\ncli.workspace = true\n";
    let found = check_layers("features", manifest);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].place, "crates/features -> ingest");
    let heavy = "[dependencies]\npolars = { workspace = true }\n";
    assert_eq!(check_layers("report", heavy).len(), 1);
    assert!(check_layers("ingest", heavy).is_empty());
}
