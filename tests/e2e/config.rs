//! `schoolpeers init` and the indicator settings of district.toml, through the real binary.

use std::fs;
use std::path::Path;

use crate::common::*;

fn run(data: &Path, out: &Path) -> serde_json::Value {
    assert_success(&schoolpeers(&[
        "run",
        path_arg(data),
        "--out",
        path_arg(out),
    ]));
    read_json(&out.join("results.json"))
}

/// Writes `config` as the data folder's district.toml and runs on it.
fn run_with_config(data: &Path, config: &str) -> serde_json::Value {
    fs::write(data.join("district.toml"), config).expect("config");
    let out = tempfile::tempdir().expect("dir");
    run(data, out.path())
}

/// Each school's (id, score) by id.
fn scores(results: &serde_json::Value) -> Vec<(String, f64)> {
    let mut scores: Vec<(String, f64)> = results["schools"]
        .as_array()
        .expect("schools")
        .iter()
        .filter_map(|s| Some((s["school_id"].as_str()?.to_owned(), s["score"].as_f64()?)))
        .collect();
    scores.sort_by(|a, b| a.0.cmp(&b.0));
    scores
}

#[test]
fn init_writes_the_defaults_and_never_overwrites() {
    for lang in ["ru", "en"] {
        let data = demo_copy();
        let o = schoolpeers(&["--lang", lang, "init", path_arg(data.path())]);
        assert_success(&o);
        let config = data.path().join("district.toml");
        let text = fs::read_to_string(&config).expect("district.toml written");
        let comment = if lang == "ru" {
            "# Настройки района"
        } else {
            "# District settings"
        };
        assert!(text.starts_with(comment), "{lang} comments:\n{text}");
        // The written defaults give the same ranking as no config at all.
        let plain = demo_copy();
        let (a, b) = (
            tempfile::tempdir().expect("dir"),
            tempfile::tempdir().expect("dir"),
        );
        let with = run(data.path(), a.path());
        let without = run(plain.path(), b.path());
        assert_eq!(scores(&with), scores(&without));
        assert_eq!(
            with["manifest"]["parameters"]["outcome_weights"],
            serde_json::json!({ "ege_index": 1.0, "oge_index": 1.0 })
        );
        assert_eq!(with["manifest"]["parameters"]["min_cohort"], 10);
        // A second init leaves the analyst's file alone.
        fs::write(&config, "# mine\n").expect("edited");
        let again = schoolpeers(&["init", path_arg(data.path())]);
        assert_eq!(again.status.code(), Some(73), "{}", stderr(&again));
        assert_eq!(fs::read_to_string(&config).expect("kept"), "# mine\n");
    }
}

#[test]
fn weights_and_switched_off_context_in_the_config_change_the_run() {
    let data = demo_copy();
    let out = tempfile::tempdir().expect("dir");
    let default = run(data.path(), out.path());
    // Only the ОГЭ counts, and distance is not a condition to group by.
    let changed = run_with_config(
        data.path(),
        "[outcome.weights]\noge_index = 1\n\n[context]\noff = [\"distance_to_centre_km\"]\n",
    );
    assert_eq!(
        changed["manifest"]["parameters"]["outcome_weights"],
        serde_json::json!({ "oge_index": 1.0 })
    );
    assert_eq!(
        changed["manifest"]["parameters"]["context_off"],
        serde_json::json!(["distance_to_centre_km"])
    );
    assert_ne!(
        scores(&changed),
        scores(&default),
        "the scores follow the weights"
    );
    // With the ОГЭ alone, the order of scores is the order of the ОГЭ index (shrinkage
    // aside, which keeps it for schools of similar size): compare the top school.
    let top = |r: &serde_json::Value, key: &str| {
        r["schools"]
            .as_array()
            .expect("schools")
            .iter()
            .filter(|s| !s[key].is_null())
            .max_by(|a, b| {
                let x = |s: &serde_json::Value| s[key].as_f64().unwrap_or(f64::MIN);
                x(a).total_cmp(&x(b))
            })
            .map(|s| s["school_id"].clone())
    };
    let top_oge = changed["schools"]
        .as_array()
        .expect("schools")
        .iter()
        .max_by(|a, b| {
            let x =
                |s: &serde_json::Value| s["indicators"]["oge_index"].as_f64().unwrap_or(f64::MIN);
            x(a).total_cmp(&x(b))
        })
        .map(|s| s["school_id"].clone());
    assert_eq!(top(&changed, "score_unshrunk"), top_oge);
    let context: Vec<&str> = changed["groups"][0]["profile"]
        .as_array()
        .expect("profile")
        .iter()
        .filter_map(|p| p["indicator"].as_str())
        .collect();
    assert!(!context.contains(&"distance_to_centre_km"), "{context:?}");
}

#[test]
fn a_bad_weight_in_the_config_stops_the_run_naming_its_key() {
    for (config, fragment) in [
        (
            "[outcome.weights]\nege_index = -1\n",
            "[outcome.weights] ege_index",
        ),
        (
            "[outcome.weights]\nno_such = 1\n",
            "[outcome.weights] no_such",
        ),
        ("[outcome]\nmin_cohort = 0\n", "[outcome] min_cohort"),
        (
            "[context]\noff = [\"ege_index\"]\n",
            "[context] off ege_index",
        ),
        ("[outcome]\nyears = 0\n", "[outcome] years: 0"),
        (
            "[outcome]\nyears = [2019, 2026]\n",
            "[outcome] years: за 2019 год в данных нет результатов экзаменов",
        ),
        ("[outcome]\nbasis = \"median\"\n", "[outcome] basis"),
        (
            "[context.missing_for]\nege_index = \"exclude\"\n",
            "[context.missing_for] ege_index: не показатель условий",
        ),
        (
            "[context.missing_for]\nrural = \"skip\"\n",
            "[context.missing_for] rural: «skip» — не правило для пропусков",
        ),
        ("[groups]\nmethod = \"dbscan\"\n", "[groups] method"),
        ("[groups]\ncriterion = \"elbow\"\n", "[groups] criterion"),
        ("[groups]\nk = 0\n", "[groups] k: 0"),
        ("[groups]\nmin_group_size = -1\n", "[groups] min_group_size"),
        (
            "[groups]\nmax_group_share = 1.5\n",
            "[groups] max_group_share",
        ),
        (
            "[groups]\nk = 40\n",
            "[groups] k: 40 групп — больше, чем школ с различными условиями (28)",
        ),
    ] {
        let data = demo_copy();
        fs::write(data.path().join("district.toml"), config).expect("config");
        let out = tempfile::tempdir().expect("dir");
        let o = schoolpeers(&["run", path_arg(data.path()), "--out", path_arg(out.path())]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(64), "{config}: {err}");
        assert!(
            err.contains("district.toml") && err.contains(fragment),
            "{config}: {err}"
        );
    }
}

#[test]
fn years_and_basis_in_the_config_choose_what_the_composite_reads() {
    let data = demo_copy();
    let out = tempfile::tempdir().expect("dir");
    let default = run(data.path(), out.path());
    let parameters = &default["manifest"]["parameters"];
    assert_eq!(
        parameters["outcome_years"],
        serde_json::json!([2024, 2025, 2026])
    );
    assert_eq!(parameters["basis"], "mean");
    let ranking = read_excel_csv(&out.path().join("ranking.csv"));
    let trend_column = ranking[0]
        .iter()
        .position(|h| h == "Динамика результата, в год")
        .expect("a trend column");
    let schools = default["schools"].as_array().expect("schools");
    for s in schools {
        let by_year = s["by_year"].as_object().expect("by_year");
        assert_eq!(by_year.keys().collect::<Vec<_>>(), ["2024", "2025", "2026"]);
        // Over three years with a value each, the least-squares slope is (last − first) / 2.
        let year = |y: &str| by_year[y]["score"].as_f64().expect("a score each year");
        let slope = (year("2026") - year("2024")) / 2.0;
        let trend = s["trend"]["score"].as_f64().expect("trend");
        assert!(
            (trend - slope).abs() < 2e-4,
            "{}: {trend} vs {slope}",
            s["school_id"]
        );
        let row = ranking
            .iter()
            .find(|r| r[3] == s["school_id"].as_str().expect("id"))
            .expect("ranked");
        let csv_trend: f64 = row[trend_column]
            .replace(',', ".")
            .parse()
            .expect("a number");
        assert!((csv_trend - trend).abs() < 1e-3);
    }

    // The latest two years, the composite on the latest one alone.
    let latest = run_with_config(data.path(), "[outcome]\nyears = 2\nbasis = \"latest\"\n");
    let parameters = &latest["manifest"]["parameters"];
    assert_eq!(parameters["outcome_years"], serde_json::json!([2025, 2026]));
    assert_eq!(parameters["basis"], "latest");
    assert_ne!(scores(&latest), scores(&default));
    // Before shrinkage, the order of the scores is the order of the latest year's scores.
    for s in latest["schools"].as_array().expect("schools") {
        assert_eq!(
            s["by_year"]
                .as_object()
                .expect("by_year")
                .keys()
                .collect::<Vec<_>>(),
            ["2025", "2026"]
        );
    }
    let order = |key: &dyn Fn(&serde_json::Value) -> f64| {
        let mut ids: Vec<(f64, String)> = latest["schools"]
            .as_array()
            .expect("schools")
            .iter()
            .map(|s| (key(s), s["school_id"].as_str().expect("id").to_owned()))
            .collect();
        ids.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        ids.into_iter().map(|x| x.1).collect::<Vec<_>>()
    };
    assert_eq!(
        order(&|s| s["score_unshrunk"].as_f64().expect("score")),
        order(&|s| s["by_year"]["2026"]["score"].as_f64().expect("score"))
    );
}

#[test]
fn the_groups_section_sets_the_method_the_criterion_and_k() {
    let data = demo_copy();
    let ward = run_with_config(
        data.path(),
        "[groups]\nmethod = \"ward\"\ncriterion = \"calinski_harabasz\"\n",
    );
    let parameters = &ward["manifest"]["parameters"];
    assert_eq!(parameters["clustering_method"], "ward");
    assert_eq!(parameters["criterion"], "calinski_harabasz");
    let selection = &ward["k_selection"];
    assert_eq!(selection["method"], "ward");
    // Every k tried shows every score.
    let candidates = selection["candidates"].as_array().expect("candidates");
    assert!(candidates
        .iter()
        .all(|c| c["gap"].is_number() && c["calinski_harabasz"].is_number()));
    let forced = run_with_config(data.path(), "[groups]\nk = 2\ngap_references = 0\n");
    assert_eq!(forced["manifest"]["parameters"]["forced_k"], 2);
    // Two groups on each side of the split, but the basic side has only two schools.
    let groups = forced["groups"].as_array().expect("groups");
    let sizes: Vec<(String, u64)> = groups
        .iter()
        .map(|g| {
            (
                g["tier"].as_str().expect("tier").to_owned(),
                g["size"].as_u64().expect("size"),
            )
        })
        .collect();
    assert_eq!(
        sizes.iter().filter(|(t, _)| t == "full_secondary").count(),
        2,
        "{sizes:?}"
    );
    assert!(forced["k_selection"]["candidates"]
        .as_array()
        .expect("candidates")
        .iter()
        .all(|c| c["gap"].is_null()));
}

/// The hand-computed district of the regional criteria (as in the features unit test):
/// ten schools, three years of ЕГЭ Russian, electives in the latest year, some staff.
fn criteria_fixture(dir: &Path) {
    let mut schools = String::from("код ОО;наименование;обучающихся\n");
    let mut exams = String::from("код ОО;год;экзамен;предмет;код участника;балл\n");
    for i in 0..10 {
        schools.push_str(&format!("S{i};Школа {i};100\n"));
        for year in [2024, 2025, 2026] {
            let russian = if i == 0 || (i == 1 && year == 2025) {
                30
            } else {
                50 + i
            };
            let student = format!("S{i}-{year}");
            exams.push_str(&format!(
                "S{i};{year};ЕГЭ;русский язык;{student};{russian}\n"
            ));
            let electives: &[(&str, u32)] = match (i, year) {
                (0, 2026) => &[("физика", 60), ("обществознание", 40)],
                (2, 2026) => &[("физика", 45)],
                (3, 2026) => &[("физика", 70), ("обществознание", 58)],
                (4, 2026) => &[("обществознание", 60)],
                _ => &[],
            };
            for (subject, score) in electives {
                exams.push_str(&format!("S{i};{year};ЕГЭ;{subject};{student};{score}\n"));
            }
        }
    }
    let staff = "код ОО;код работника;категория\n\
                 S0;t1;высшая\nS0;t2;первая\nS0;t3;без категории\nS1;t4;СЗД\n";
    fs::write(dir.join("schools.csv"), schools).expect("schools");
    fs::write(dir.join("exams.csv"), exams).expect("exams");
    fs::write(dir.join("staff.csv"), staff).expect("staff");
    // One pupil a school and year: every share published, to be checked by hand (their
    // suppression by default is tested in safe_outputs.rs).
    fs::write(dir.join("district.toml"), "[privacy]\nmin_pupils = 1\n").expect("config");
}

#[test]
fn run_writes_the_regional_criteria_of_a_hand_computed_district() {
    let data = tempfile::tempdir().expect("dir");
    criteria_fixture(data.path());
    let out = tempfile::tempdir().expect("dir");
    run(data.path(), out.path());
    let rows = read_excel_csv(&out.path().join("criteria.csv"));
    assert_eq!(rows.len(), 1 + 10 + 1, "header, every school, the district");
    let line = |id: &str| {
        rows.iter()
            .find(|r| r[0] == id)
            .map(|r| r[2..].join(";"))
            .expect("a row")
    };
    assert_eq!(line("S0"), "3;да;0,0;50,0;66,7");
    assert_eq!(line("S1"), "1;;0,0;;0,0");
    assert_eq!(line("S2"), "0;;0,0;100,0;");
    assert_eq!(line("S3"), "0;;100,0;0,0;");
    assert_eq!(rows[11][1], "Район");
    assert_eq!(rows[11][2..].join(";"), ";1;10,0;37,5;50,0");
}

/// A context column with one value for every school cannot separate them: it is left out,
/// and the run says so on the terminal and in results.json.
#[test]
fn a_constant_indicator_is_dropped_with_a_note() {
    let data = demo_copy();
    let path = data.path().join("schools.csv");
    let mut rows = read_excel_csv(&path);
    let column = rows[0]
        .iter()
        .position(|h| h == "до районного центра, км")
        .expect("distance column");
    for row in rows.iter_mut().skip(1) {
        row[column] = "12".to_owned();
    }
    let text: String = rows.iter().map(|r| r.join(";") + "\n").collect();
    fs::write(&path, text).expect("schools.csv");
    let out = tempfile::tempdir().expect("dir");
    let o = schoolpeers(&["run", path_arg(data.path()), "--out", path_arg(out.path())]);
    assert_success(&o);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("Замечания о показателях:")
            && stdout.contains(
                "показатель «до районного центра, км» одинаков у всех школ и не использован"
            ),
        "{stdout}"
    );
    let results = read_json(&out.path().join("results.json"));
    assert!(results["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .any(|n| n["code"] == "constant_indicator"));
    let profile: Vec<&str> = results["groups"][0]["profile"]
        .as_array()
        .expect("profile")
        .iter()
        .filter_map(|p| p["indicator"].as_str())
        .collect();
    assert!(
        profile.contains(&"distance_to_centre_km"),
        "still reported: {profile:?}"
    );
}

#[test]
fn advise_settings_pin_forbid_and_refuse_unknown_schools() {
    let data = demo_copy();
    let plain = run_with_config(data.path(), "");
    let pair = &plain["pairs"].as_array().expect("pairs")[0];
    let low = pair["low_school_id"].as_str().expect("id").to_owned();
    let first = pair["base_school_id"].as_str().expect("id").to_owned();
    // Another school of the district as the pinned base school.
    let other = plain["schools"]
        .as_array()
        .expect("schools")
        .iter()
        .map(|s| s["school_id"].as_str().expect("id"))
        .find(|id| *id != low && *id != first)
        .expect("another school")
        .to_owned();
    let pinned = run_with_config(
        data.path(),
        &format!("[advise]\ncapacity = 3\npin = [[\"{low}\", \"{other}\"]]\n"),
    );
    let got = &pinned["pairs"].as_array().expect("pairs")[0];
    assert_eq!(got["low_school_id"], low.as_str());
    assert_eq!(got["base_school_id"], other.as_str());
    assert_eq!(got["pinned"], true);
    assert_eq!(pinned["manifest"]["parameters"]["base_capacity"], 3);
    // Forbidding the first choice moves the school to another base school or leaves it unpaired.
    let forbidden = run_with_config(
        data.path(),
        &format!("[advise]\nforbid = [[\"{low}\", \"{first}\"]]\n"),
    );
    assert!(!forbidden["pairs"]
        .as_array()
        .expect("pairs")
        .iter()
        .any(|p| p["low_school_id"] == low.as_str() && p["base_school_id"] == first.as_str()));
    let accounted = forbidden["pairs"]
        .as_array()
        .expect("pairs")
        .iter()
        .map(|p| &p["low_school_id"])
        .chain(
            forbidden["unpaired"]
                .as_array()
                .expect("unpaired")
                .iter()
                .map(|u| &u["school_id"]),
        )
        .any(|id| id == low.as_str());
    assert!(accounted);
    // Unknown schools and bad values are refused with the key named.
    for (config, key) in [
        (
            "[advise]\npin = [[\"00000000\", \"23350001\"]]\n",
            "[advise] pin",
        ),
        ("[advise]\ncapacity = 0\n", "capacity"),
        ("[advise]\ncompare = \"raw\"\n", "[advise] compare"),
        ("[advise]\nstable_years = 5\n", "stable_years"),
    ] {
        fs::write(data.path().join("district.toml"), config).expect("config");
        let out = tempfile::tempdir().expect("dir");
        let o = schoolpeers(&["run", path_arg(data.path()), "--out", path_arg(out.path())]);
        assert_eq!(o.status.code(), Some(64), "{config}");
        assert!(stderr(&o).contains(key), "{config}: {}", stderr(&o));
    }
}

/// Settings errors (the profile step's, `[groups]`, `[advise]`) are worded in the run's language.
#[test]
fn settings_errors_follow_the_language() {
    for (config, ru, en) in [
        (
            "[outcome]\nyears = [2019, 2026]\n",
            "[outcome] years: за 2019 год в данных нет результатов экзаменов",
            "[outcome] years: 2019 has no exam results in the data",
        ),
        (
            "[outcome]\nmin_cohort = 0\n",
            "[outcome] min_cohort: 0 — должно быть целым числом не меньше 1",
            "[outcome] min_cohort: 0 must be a whole number of 1 or more",
        ),
        (
            "[context.missing_for]\nrural = \"skip\"\n",
            "[context.missing_for] rural: «skip» — не правило для пропусков; допустимо: median, group_median, exclude",
            "[context.missing_for] rural: \"skip\" is not a policy; expected median, group_median or exclude",
        ),
        (
            "[groups]\nk = 0\n",
            "[groups] k: 0 — должно быть целым числом не меньше 1",
            "[groups] k: 0 must be a whole number of 1 or more",
        ),
        (
            "[groups]\nmax_group_share = 1.5\n",
            "[groups] max_group_share: 1.5 — должно быть больше 0 и не больше 1",
            "[groups] max_group_share: 1.5 must be above 0 and at most 1",
        ),
        (
            "[advise]\npin = [[\"00000000\", \"23350001\"]]\n",
            "[advise] pin: школы «00000000» нет среди школ рейтинга",
            "[advise] pin: school \"00000000\" is not among the ranked schools",
        ),
        (
            "[advise]\ncapacity = 0\n",
            "[advise] capacity: 0 — базовая школа поддерживает от 1 до 100 школ",
            "[advise] capacity: a base school supports between 1 and 100 schools, got 0",
        ),
        (
            "[advise]\nkm_per_unit = 1e-320\n",
            "[advise] km_per_unit: 1e-320 — должно быть от 0.001 до 1000000",
            "[advise] km_per_unit: between 0.001 and 1000000, got 1e-320",
        ),
        (
            "[groups]\nk_max = 1000000000\n",
            "[groups] k_max: 1000000000 — не больше 100",
            "[groups] k_max: 1000000000 must be at most 100",
        ),
    ] {
        let data = demo_copy();
        fs::write(data.path().join("district.toml"), config).expect("config");
        let out = tempfile::tempdir().expect("dir");
        for (lang, fragment) in [("ru", ru), ("en", en)] {
            let o = run_in(lang, data.path(), out.path());
            assert_eq!(o.status.code(), Some(64), "{config}");
            assert!(stderr(&o).contains(fragment), "{lang}: {}", stderr(&o));
        }
    }
}
