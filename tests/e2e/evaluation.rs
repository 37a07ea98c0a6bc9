//! Stage 5 end to end: `generate --programme-from` plants a programme (the engine's own August
//! runs, help with a known effect), `evaluate` reads it back. On ten districts the fair
//! estimate finds a planted effect and finds none where none was planted, while the naive
//! before/after figure shows a gain that is not there (regression to the mean); every
//! supported school is accounted for once; reruns are byte-identical; bad history is refused.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::common::*;

/// A planted programme's district (300 schools, 6 years, from 2024) in `dir`.
fn programme(dir: &Path, seed: &str, effect: &str) -> PathBuf {
    let data = dir.join("district");
    let mode = [
        "--years",
        "6",
        "--programme-from",
        "2024",
        "--effect",
        effect,
    ];
    generate_district(&data, "300", seed, &mode);
    data
}

/// The history files a planted programme wrote.
fn history(data: &Path) -> Vec<String> {
    (2024..=2027)
        .map(|y| path_arg(&data.join(format!("history/{y}/results.json"))).to_owned())
        .collect()
}

/// `schoolpeers [--lang LANG] evaluate DATA --history … --out OUT`.
fn evaluate(lang: &str, data: &Path, history: &[String], out: &Path) -> std::process::Output {
    let mut args = vec!["--lang", lang, "evaluate", path_arg(data), "--history"];
    args.extend(history.iter().map(String::as_str));
    args.extend(["--out", path_arg(out)]);
    schoolpeers(&args)
}

/// The district's estimate at three years: (value, low, high) of the effect, and the naive
/// figure's value.
fn final_estimate(evaluation: &serde_json::Value) -> ((f64, f64, f64), f64) {
    let at3 = (evaluation["district"].as_array().expect("district").iter())
        .find(|d| d["years_after"] == 3)
        .expect("the final evaluation at three years");
    let e = &at3["effect"];
    let num = |v: &serde_json::Value| v.as_f64().expect("a number");
    (
        (num(&e["value"]), num(&e["low"]), num(&e["high"])),
        num(&at3["naive"]["value"]),
    )
}

#[test]
fn a_planted_effect_is_found_and_regression_to_the_mean_is_not_taken_for_one() {
    let (mut covers, mut excludes_zero) = (0, 0);
    let (mut covers_zero, mut naive_gain, mut naive_above) = (0, 0, 0);
    for seed in 1..=10 {
        let seed = seed.to_string();
        for effect in ["0.3", "0"] {
            let dir = tempfile::tempdir().expect("dir");
            let data = programme(dir.path(), &seed, effect);
            let out = dir.path().join("evaluation");
            assert_success(&evaluate("en", &data, &history(&data), &out));
            let evaluation = read_json(&out.join("evaluation.json"));
            assert_eq!(evaluation["verdict"]["stage"], "final", "{seed}");
            let ((value, low, high), naive) = final_estimate(&evaluation);
            if effect == "0.3" {
                covers += usize::from(low <= 0.3 && 0.3 <= high);
                excludes_zero += usize::from(low > 0.0);
            } else {
                covers_zero += usize::from(low <= 0.0 && 0.0 <= high);
                naive_gain += usize::from(naive > 0.0);
                naive_above += usize::from(naive > value);
            }
        }
    }
    assert!(covers >= 9, "0.3 covered in {covers} of 10");
    assert!(excludes_zero >= 8, "0 excluded in {excludes_zero} of 10");
    assert!(
        covers_zero >= 9,
        "0 covered in {covers_zero} of 10 without an effect"
    );
    // Without any effect the supported schools still rise by themselves.
    assert!(naive_gain >= 9, "a naive gain in {naive_gain} of 10");
    assert!(
        naive_above >= 9,
        "the naive figure above the fair one in {naive_above} of 10"
    );
}

/// The supported schools of a history: every pair's low school.
fn supported_in_history(history: &[String]) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for h in history {
        let run = read_json(Path::new(h));
        for p in run["pairs"].as_array().expect("pairs") {
            ids.insert(p["low_school_id"].as_str().expect("id").to_owned());
        }
    }
    ids
}

#[test]
fn every_supported_school_is_there_once_and_reruns_are_identical() {
    let dir = tempfile::tempdir().expect("dir");
    let data = programme(dir.path(), "3", "0.3");
    let mut history = history(&data);
    // A supported school of 2025 that has since closed: the data no longer has it.
    let closed = dir.path().join("2025.json");
    let text = std::fs::read_to_string(&history[1]).expect("history");
    let run: serde_json::Value = serde_json::from_str(&text).expect("json");
    let gone = run["pairs"][0]["low_school_id"]
        .as_str()
        .expect("id")
        .to_owned();
    std::fs::write(&closed, text.replace(&gone, "99999999")).expect("written");
    history[1] = path_arg(&closed).to_owned();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    assert_success(&evaluate("ru", &data, &history, &a));
    assert_success(&evaluate("ru", &data, &history, &b));
    for file in [
        "evaluation.json",
        "evaluation.csv",
        "evaluation.xlsx",
        "report.html",
    ] {
        let read = |d: &Path| std::fs::read(d.join(file)).expect("written");
        assert!(read(&a) == read(&b), "{file} differs between reruns");
    }
    // evaluate knows its own folder and replaces it; another command does not.
    assert_success(&evaluate("ru", &data, &history, &a));
    let o = schoolpeers(&["run", path_arg(&data), "--out", path_arg(&a)]);
    assert_eq!(
        o.status.code(),
        Some(73),
        "run over evaluate's folder: {}",
        stderr(&o)
    );
    let evaluation = read_json(&a.join("evaluation.json"));
    let schools = evaluation["schools"].as_array().expect("schools");
    let listed: Vec<&str> = schools
        .iter()
        .map(|s| s["school_id"].as_str().expect("id"))
        .collect();
    let once: BTreeSet<&str> = listed.iter().copied().collect();
    assert_eq!(once.len(), listed.len(), "a school listed twice");
    let expected = supported_in_history(&history);
    assert_eq!(once, expected.iter().map(String::as_str).collect());
    for s in schools {
        let evaluated = s["evaluated"].as_bool().expect("evaluated");
        assert_eq!(evaluated, s["reason"].is_null(), "{s}");
        assert_eq!(evaluated, s["effect"].is_object(), "{s}");
    }
    let reason = |id: &str| {
        let s = schools
            .iter()
            .find(|s| s["school_id"] == id)
            .expect("listed");
        s["reason"].as_str().unwrap_or("").to_owned()
    };
    // Schools the history knows but the data does not are said, not dropped.
    if expected.contains("99999999") {
        assert_eq!(reason("99999999"), "not_in_data");
    }
    let not_in_data = &evaluation["manifest"]["history"][1]["schools_not_in_data"];
    assert_eq!(not_in_data, &serde_json::json!(["99999999"]));
    // The pairs of the last August have no later results yet.
    let last = read_json(Path::new(&history[3]));
    for p in last["pairs"].as_array().expect("pairs") {
        let id = p["low_school_id"].as_str().expect("id");
        if !supported_in_history(&history[..3]).contains(id) {
            assert_eq!(reason(id), "no_result_after", "{id}");
        }
    }
    documented(&evaluation);
    let csv = read_excel_csv(&a.join("evaluation.csv"));
    assert_eq!(csv.len(), schools.len() + 1, "one row per supported school");
    let page = std::fs::read_to_string(a.join("report.html")).expect("page");
    let verdict = evaluation["verdict"]["text"].as_str().expect("verdict");
    assert!(page.contains("id=\"verdict\""));
    assert!(verdict.contains("возврат к среднему"), "{verdict}");
    assert!(page.contains("<svg"), "the charts are on the page");
}

#[test]
fn bad_history_is_refused_with_the_file_and_the_field() {
    let dir = tempfile::tempdir().expect("dir");
    let data = programme(dir.path(), "4", "0.3");
    let history = history(&data);
    let other = dir.path().join("other");
    generate_district(&other, "30", "9", &[]);
    let foreign = dir.path().join("foreign.json");
    let text = std::fs::read_to_string(&history[0]).expect("history");
    std::fs::write(&foreign, text.replace("2335", "9911")).expect("written");
    let not_a_run = dir.path().join("notes.json");
    std::fs::write(&not_a_run, "{\"hello\": 1}").expect("written");
    let future = dir.path().join("2031.json");
    let mut run: serde_json::Value = serde_json::from_str(&text).expect("json");
    run["manifest"]["parameters"]["outcome_years"] = serde_json::json!([2029, 2030, 2031]);
    std::fs::write(&future, run.to_string()).expect("written");
    let cases: [(Vec<String>, &[&str]); 4] = [
        (
            vec![path_arg(&foreign).into()],
            &["foreign.json", "schools[].school_id", "another district"],
        ),
        (
            vec![history[0].clone(), history[0].clone()],
            &["two runs of one August, 2024"],
        ),
        (vec![path_arg(&not_a_run).into()], &["notes.json"]),
        (
            vec![path_arg(&future).into()],
            &["2031.json", "manifest.parameters.outcome_years", "2031"],
        ),
    ];
    for (files, said) in cases {
        let out = dir.path().join("out");
        let o = evaluate("en", &data, &files, &out);
        assert_eq!(o.status.code(), Some(65), "{files:?}: {}", stderr(&o));
        for s in said {
            assert!(
                stderr(&o).contains(s),
                "{files:?}: {s:?} not in {}",
                stderr(&o)
            );
        }
        assert!(!out.exists(), "{files:?}: an output folder was left");
    }
}

/// Every field of evaluation.json, at every level a program reads, is in the evaluate section
/// of docs/output-format.md.
fn documented(evaluation: &serde_json::Value) {
    let doc = std::fs::read_to_string(repo_root().join("docs/output-format.md")).expect("doc");
    let section = doc
        .split("## schoolpeers evaluate")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("docs/output-format.md has a section on evaluate");
    let first = |v: &serde_json::Value| v.as_array().and_then(|a| a.first()).cloned();
    let evaluated = (evaluation["schools"].as_array().expect("schools").iter())
        .find(|s| s["evaluated"] == true)
        .cloned();
    let objects = [
        ("evaluation", Some(evaluation.clone())),
        ("manifest", Some(evaluation["manifest"].clone())),
        ("history", first(&evaluation["manifest"]["history"])),
        ("outputs", first(&evaluation["manifest"]["outputs"])),
        ("verdict", Some(evaluation["verdict"].clone())),
        ("effect", Some(evaluation["verdict"]["effect"].clone())),
        ("district", first(&evaluation["district"])),
        ("schools", evaluated.clone()),
        (
            "statuses",
            evaluated.as_ref().and_then(|s| first(&s["statuses"])),
        ),
        (
            "compared_by_year",
            evaluated
                .as_ref()
                .and_then(|s| first(&s["compared_by_year"])),
        ),
        ("pairs", first(&evaluation["pairs"])),
        ("bases", first(&evaluation["bases"])),
        ("groups", first(&evaluation["groups"])),
        ("district_results", first(&evaluation["district_results"])),
        ("activity", Some(evaluation["activity"].clone())),
    ];
    for (place, object) in objects {
        let object = object.unwrap_or_else(|| panic!("the evaluation has {place}"));
        for key in object.as_object().expect("an object").keys() {
            assert!(
                section.contains(&format!("\"{key}\"")),
                "docs/output-format.md's evaluate section documents {place}.{key}"
            );
        }
    }
}

/// Activities: four clusters led by base schools of the history, one led by a school that is no
/// base school, one without a lead school; seminar participants alone (a point each by default).
fn activities(bases: &[&str], other: &str) -> String {
    let mut text =
        String::from("\u{feff}кластер;год;код опорной школы;участники семинаров и конференций\r\n");
    for (k, base) in bases.iter().enumerate() {
        text += &format!("Кластер {k};2026;{base};{}\r\n", 10 * (k + 1));
        text += &format!("Кластер {k};2027;{base};{}\r\n", 10 * (k + 1) + 4);
    }
    text += &format!("Чужой;2027;{other};7\r\nБез опорной;2027;;3\r\n");
    text
}

#[test]
fn each_cluster_s_points_stand_beside_its_lead_school_s_effect() {
    let dir = tempfile::tempdir().expect("dir");
    let data = programme(dir.path(), "3", "0.3");
    let history = history(&data);
    let first = tempfile::tempdir().expect("dir");
    assert_success(&evaluate("ru", &data, &history, first.path()));
    let evaluation = read_json(&first.path().join("evaluation.json"));
    let bases: Vec<(String, serde_json::Value)> = (evaluation["bases"].as_array().expect("bases"))
        .iter()
        .filter(|b| !b["effect"].is_null())
        .take(4)
        .map(|b| {
            (
                b["base_school_id"].as_str().expect("id").to_owned(),
                b["effect"].clone(),
            )
        })
        .collect();
    assert_eq!(bases.len(), 4, "four base schools with an effect");
    let all_bases: BTreeSet<&str> = (evaluation["bases"].as_array().expect("bases").iter())
        .filter_map(|b| b["base_school_id"].as_str())
        .collect();
    let schools = read_excel_csv(&data.join("schools.csv"));
    let other = (schools[1..].iter())
        .map(|r| r[0].as_str())
        .find(|id| !all_bases.contains(id))
        .expect("a school that is no base school");
    let ids: Vec<&str> = bases.iter().map(|b| b.0.as_str()).collect();
    std::fs::write(data.join("activities.csv"), activities(&ids, other)).expect("activities");
    let out = tempfile::tempdir().expect("dir");
    assert_success(&evaluate("ru", &data, &history, out.path()));
    let evaluation = read_json(&out.path().join("evaluation.json"));
    let activity = &evaluation["activity"];
    let clusters = activity["clusters"].as_array().expect("clusters");
    // Every cluster of the table is there, by mean points, highest first.
    let names: Vec<&str> = clusters
        .iter()
        .filter_map(|c| c["cluster"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Кластер 3",
            "Кластер 2",
            "Кластер 1",
            "Кластер 0",
            "Чужой",
            "Без опорной"
        ]
    );
    for (k, (id, effect)) in bases.iter().enumerate() {
        let c = &clusters[3 - k];
        assert_eq!(c["lead_school_id"], id.as_str());
        assert_eq!(c["base_school"], true);
        assert_eq!(c["mean_points"], (10 * (k + 1) + 2) as f64);
        assert_eq!(&c["effect"], effect, "the base school's partners' effect");
    }
    for c in &clusters[4..] {
        assert_eq!(
            (c["base_school"].as_bool(), c["effect"].is_null()),
            (Some(false), true)
        );
    }
    assert_eq!(activity["compared"], 4);
    documented(&evaluation);
    for (place, object) in [
        ("clusters", clusters[0].clone()),
        ("points_by_year", clusters[0]["points_by_year"][0].clone()),
    ] {
        let doc = std::fs::read_to_string(repo_root().join("docs/output-format.md")).expect("doc");
        for key in object.as_object().expect("an object").keys() {
            assert!(
                doc.contains(&format!("\"{key}\"")),
                "{place}.{key} documented"
            );
        }
    }
    assert!(activity["rank_correlation"]
        .as_f64()
        .is_some_and(|r| (-1.0..=1.0).contains(&r)));
    let page = std::fs::read_to_string(out.path().join("report.html")).expect("page");
    assert!(page.contains("id=\"activity\"") && page.contains("Спирмен"));
    let book: calamine::Xlsx<_> =
        calamine::open_workbook(out.path().join("evaluation.xlsx")).expect("workbook");
    use calamine::Reader;
    assert!(book
        .sheet_names()
        .contains(&"Активность и эффект".to_owned()));
}
