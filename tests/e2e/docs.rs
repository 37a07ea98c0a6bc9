//! The documentation names every column the engine reads, with its Russian header.

use model::columns::spec;
use model::TableKind;

use crate::common::repo_root;

#[test]
fn data_format_documents_every_column() {
    let doc = std::fs::read_to_string(repo_root().join("docs/data-format.md"))
        .expect("docs/data-format.md");
    for table in TableKind::ALL {
        assert!(
            doc.contains(&format!("### {}", table.stem())),
            "section for {table:?}"
        );
        for column in spec(table) {
            assert!(
                doc.contains(&format!("`{}`", column.canonical)),
                "{} is documented",
                column.canonical
            );
            assert!(doc.contains(&*column.ru), "{} is documented", column.ru);
            for alias in column.aliases {
                assert!(
                    doc.contains(alias),
                    "alias {alias} of {} is documented",
                    column.canonical
                );
            }
        }
    }
}

#[test]
fn method_documents_every_indicator() {
    let doc = std::fs::read_to_string(repo_root().join("docs/method.md")).expect("docs/method.md");
    for indicator in features::Indicator::BUILT_IN {
        let code = indicator.code();
        assert!(
            doc.contains(&format!("`{code}`")),
            "{code} is in docs/method.md"
        );
    }
}

/// The sections and keys of the template `init` writes (commented-out ones too): the keys of
/// sections whose keys are the analyst's own names (column aliases, ОГЭ subjects, indicator
/// codes) are left out.
fn template_keys(template: &str) -> Vec<String> {
    const DATA_KEYED: [&str; 4] = [
        "[columns]",
        "[oge_max_score]",
        "[outcome.weights]",
        "[context.missing_for]",
    ];
    let mut keys = Vec::new();
    let mut section = String::new();
    for line in template.lines() {
        let line = line.trim_start_matches(['#', ' ']);
        if line.starts_with('[') {
            section = line
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned();
            keys.push(section.clone());
        } else if let Some((key, _)) = line.split_once(" = ") {
            let key = key.trim();
            let is_key = !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c == '_');
            if is_key && !DATA_KEYED.contains(&section.as_str()) {
                keys.push(format!("`{key}`"));
            }
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

#[test]
fn config_documents_every_setting_that_init_writes() {
    let doc = std::fs::read_to_string(repo_root().join("docs/config.md")).expect("docs/config.md");
    for template in ["district.en.toml", "district.ru.toml"] {
        let text = std::fs::read_to_string(repo_root().join("crates/cli/src/init").join(template))
            .expect("the init template");
        let keys = template_keys(&text);
        for must in ["[advise]", "`capacity`", "[[extra.indicators]]", "`k`"] {
            assert!(
                keys.iter().any(|k| k == must),
                "{template}: the parser finds {must}: {keys:?}"
            );
        }
        for key in keys
            .iter()
            .map(String::as_str)
            .chain(["`k_max`", "schoolpeers init"])
        {
            assert!(
                doc.contains(key),
                "docs/config.md documents {key} ({template})"
            );
        }
    }
}

/// The network's first mentee's mentor (the demo matches most people).
fn matched_mentor(results: &serde_json::Value) -> Option<serde_json::Value> {
    (results["network"]["mentees"].as_array()?.iter())
        .find_map(|m| m["mentor"].is_object().then(|| m["mentor"].clone()))
}

/// Every field of results.json, at every level a program reads, is in docs/output-format.md.
#[test]
fn output_format_documents_every_results_field() {
    let doc = std::fs::read_to_string(repo_root().join("docs/output-format.md"))
        .expect("docs/output-format.md");
    let data = crate::common::demo_copy();
    std::fs::write(
        data.path().join("district.toml"),
        "[groups]\nmethod = \"ward\"\n",
    )
    .expect("config");
    let results = crate::common::run_results(data.path());
    let first = |v: &serde_json::Value| v.as_array().and_then(|a| a.first()).cloned();
    let low = results["schools"]
        .as_array()
        .expect("schools")
        .iter()
        .find(|s| !s["diagnosis"].is_null())
        .cloned()
        .expect("a diagnosed school");
    let objects = [
        ("results", Some(results.clone())),
        ("manifest", Some(results["manifest"].clone())),
        (
            "parameters",
            Some(results["manifest"]["parameters"].clone()),
        ),
        ("inputs", first(&results["manifest"]["inputs"])),
        (
            "columns",
            first(&results["manifest"]["inputs"][0]["columns"]),
        ),
        ("summary", Some(results["summary"].clone())),
        ("k_selection", Some(results["k_selection"].clone())),
        ("candidates", first(&results["k_selection"]["candidates"])),
        ("groups", first(&results["groups"])),
        ("profile", first(&results["groups"][0]["profile"])),
        ("schools", Some(low.clone())),
        ("diagnosis", Some(low["diagnosis"].clone())),
        ("subjects", first(&low["diagnosis"]["subjects"])),
        ("pairs", first(&results["pairs"])),
        ("criteria", Some(results["criteria"].clone())),
        (
            "criteria rows",
            Some(results["criteria"]["district"].clone()),
        ),
        ("trees", first(&results["trees"])),
        ("shrinkage", Some(results["shrinkage"].clone())),
        ("network", Some(results["network"].clone())),
        ("mentees", first(&results["network"]["mentees"])),
        ("mentor", matched_mentor(&results)),
    ];
    for (place, object) in objects {
        let object = object.unwrap_or_else(|| panic!("the demo has {place}"));
        for key in object.as_object().expect("an object").keys() {
            assert!(
                doc.contains(&format!("\"{key}\"")),
                "docs/output-format.md documents {place}.{key}"
            );
        }
    }
}

/// Every picture the README shows is in the repository.
#[test]
fn readme_pictures_exist() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).expect("README.md");
    let mut pictures = 0;
    for part in readme.split("](").skip(1) {
        let target = part.split(')').next().unwrap_or_default();
        if target.ends_with(".png") {
            assert!(repo_root().join(target).is_file(), "{target} is committed");
            pictures += 1;
        }
    }
    assert!(pictures >= 3, "the README shows charts and the report page");
}
