//! The demo run: every output written, every school accounted for, byte-identical reruns.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::common::*;

#[test]
fn demo_writes_every_output_and_accounts_for_every_school() {
    let out = tempfile::tempdir().expect("temp dir");
    let o = schoolpeers(&["demo", "--out", path_arg(out.path())]);
    assert_success(&o);
    let stdout = String::from_utf8_lossy(&o.stdout);
    // The folder's own files are named, the charts counted (each one with --verbose).
    for file in ["results.json", "ranking.csv", "pairs.csv", "report.html"] {
        assert!(stdout.contains(file), "the run lists {file}:\n{stdout}");
    }
    let png = fs::read(out.path().join("charts/groups.png")).expect("chart written");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "the chart is a PNG");
    assert!(
        png.len() > 20_000,
        "the chart has content: {} bytes",
        png.len()
    );

    let results = read_json(&out.path().join("results.json"));
    let ids: Vec<String> = read_excel_csv(&demo_data().join("schools.csv"))
        .into_iter()
        .skip(1)
        .map(|row| row[0].clone())
        .collect();
    assert!(
        (25..=30).contains(&ids.len()),
        "the demo district has 25–30 schools"
    );
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for s in results["schools"].as_array().expect("schools") {
        *seen
            .entry(s["school_id"].as_str().expect("id").to_owned())
            .or_default() += 1;
        let status = s["status"].as_str().expect("status");
        assert!(["low", "base", "regular", "excluded"].contains(&status));
    }
    for id in &ids {
        assert_eq!(seen.get(id), Some(&1), "school {id} appears exactly once");
    }
    assert_eq!(
        seen.len(),
        ids.len(),
        "no school appears that is not in the input"
    );

    // Every low school has a base school of the pairs.
    let low: Vec<&str> = results["schools"]
        .as_array()
        .expect("schools")
        .iter()
        .filter(|s| s["status"] == "low")
        .map(|s| s["school_id"].as_str().expect("id"))
        .collect();
    assert!(!low.is_empty(), "the demo district has low-result schools");
    let paired: Vec<&str> = results["pairs"]
        .as_array()
        .expect("pairs")
        .iter()
        .map(|p| p["low_school_id"].as_str().expect("id"))
        .collect();
    assert_eq!(low.len(), paired.len());
    assert!(low.iter().all(|id| paired.contains(id)));

    // The manifest fingerprints every input file.
    let inputs = results["manifest"]["inputs"].as_array().expect("inputs");
    assert_eq!(inputs.len(), 5);
    assert!(inputs
        .iter()
        .all(|i| i["sha256"].as_str().is_some_and(|h| h.len() == 64)));
    assert!(results["groups"].as_array().expect("groups").len() >= 2);

    // Russian headers by default.
    let ranking = read_excel_csv(&out.path().join("ranking.csv"));
    assert_eq!(ranking[0][0], "Группа");
    assert_eq!(
        ranking.len(),
        ids.len() + 1,
        "ranking.csv lists every school"
    );
}

#[test]
fn same_input_and_seed_give_identical_outputs() {
    let a = tempfile::tempdir().expect("temp dir");
    let b = tempfile::tempdir().expect("temp dir");
    assert_success(&schoolpeers(&[
        "demo",
        "--out",
        path_arg(a.path()),
        "--seed",
        "7",
    ]));
    assert_success(&schoolpeers(&[
        "demo",
        "--out",
        path_arg(b.path()),
        "--seed",
        "7",
    ]));
    for file in [
        "results.json",
        "ranking.csv",
        "pairs.csv",
        "results.xlsx",
        "report.html",
        "charts/groups.png",
        "charts/map.png",
        "charts/map.svg",
        "charts/group-1.png",
    ] {
        let x = fs::read(a.path().join(file)).expect("first run output");
        let y = fs::read(b.path().join(file)).expect("second run output");
        assert!(x == y, "{file} differs between two runs with the same seed");
    }
}

#[test]
fn reading_files_in_small_blocks_changes_no_output() {
    // Large CSV files are read block by block; blocks of 100 bytes split the demo
    // files into many, and every output must stay byte for byte the same.
    let data = demo_data();
    let whole = tempfile::tempdir().expect("temp dir");
    let blocks = tempfile::tempdir().expect("temp dir");
    assert_success(&schoolpeers(&[
        "run",
        path_arg(&data),
        "--out",
        path_arg(whole.path()),
    ]));
    assert_success(&schoolpeers(&[
        "run",
        path_arg(&data),
        "--out",
        path_arg(blocks.path()),
        "--block-bytes",
        "100",
    ]));
    for file in ["results.json", "ranking.csv", "pairs.csv"] {
        let x = fs::read(whole.path().join(file)).expect("output read whole");
        let y = fs::read(blocks.path().join(file)).expect("output read in blocks");
        assert!(x == y, "{file} differs when the input is read in blocks");
    }
}

#[test]
fn english_outputs_on_request() {
    let out = tempfile::tempdir().expect("temp dir");
    let o = schoolpeers(&["--lang", "en", "demo", "--out", path_arg(out.path())]);
    assert_success(&o);
    // The demo's many files are summed up with the folder; --verbose lists each one.
    let said = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(said.contains("Results written into"), "{said}");
    assert!(
        said.contains("report.html") && !said.contains("charts/"),
        "{said}"
    );
    assert!(said.lines().count() < 15, "{said}");
    let listed = tempfile::tempdir().expect("temp dir");
    let o = schoolpeers(&[
        "--lang",
        "en",
        "--verbose",
        "demo",
        "--out",
        path_arg(listed.path()),
    ]);
    assert_success(&o);
    let said = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        said.contains("Files written:") && said.contains("charts/"),
        "{said}"
    );
    let ranking = read_excel_csv(&out.path().join("ranking.csv"));
    assert_eq!(ranking[0][..3], ["Group", "Rank in group", "Group size"]);
    let results = read_json(&out.path().join("results.json"));
    assert_eq!(results["manifest"]["lang"], "en");
}

/// The words of the data's own texts (school names, subjects): the only Cyrillic an English
/// report may show.
fn data_words() -> std::collections::BTreeSet<String> {
    let mut words = std::collections::BTreeSet::new();
    let columns = [
        ("schools.csv", "наименование"),
        ("exams.csv", "предмет"),
        ("staff.csv", "предмет"),
        ("staff.csv", "ФИО"),
        ("activities.csv", "кластер"),
    ];
    for (file, header) in columns {
        let rows = read_excel_csv(&demo_data().join(file));
        let column = (rows[0].iter().position(|h| h == header))
            .unwrap_or_else(|| panic!("{file} has {header}"));
        for row in rows.iter().skip(1) {
            let text = row.get(column).map_or("", String::as_str).to_lowercase();
            words.extend(cyrillic_words(&text));
        }
    }
    words
}

/// The runs of Cyrillic letters in `text`, lowercased.
fn cyrillic_words(text: &str) -> Vec<String> {
    let cyrillic = |c: char| ('\u{400}'..='\u{4ff}').contains(&c);
    text.split(|c: char| !cyrillic(c))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[test]
fn the_english_report_has_no_russian_of_its_own_and_no_decimal_comma() {
    let out = tempfile::tempdir().expect("temp dir");
    assert_success(&schoolpeers(&[
        "--lang",
        "en",
        "demo",
        "--out",
        path_arg(out.path()),
    ]));
    let page = fs::read_to_string(out.path().join("report.html")).expect("page");
    let data = data_words();
    // A chart cuts long names: a word may be the start of one of the data's.
    let known = |w: &String| data.contains(w) || data.iter().any(|d| d.starts_with(w.as_str()));
    let foreign: std::collections::BTreeSet<String> = cyrillic_words(&page)
        .into_iter()
        .filter(|w| !known(w))
        .collect();
    assert!(
        foreign.is_empty(),
        "Russian words of the report's own: {foreign:?}"
    );
    // What the reader sees: the text between tags, the search's data and script left out
    // (JSON separates numbers by commas).
    let shown: String = (page.split("<script").enumerate())
        .map(|(i, part)| match i {
            0 => part,
            _ => part.split_once("</script>").map_or("", |(_, after)| after),
        })
        .collect();
    let text: String = shown
        .split('<')
        .map(|p| p.split_once('>').map_or(p, |(_, t)| t))
        .collect();
    let comma = text
        .as_bytes()
        .windows(3)
        .position(|w| w[0].is_ascii_digit() && w[1] == b',' && w[2].is_ascii_digit());
    let around = comma.and_then(|i| text.get(i.saturating_sub(40)..(i + 40).min(text.len())));
    assert!(comma.is_none(), "a decimal comma near {around:?}");
}

#[test]
fn a_closed_output_pipe_is_not_a_crash() {
    use std::process::{Command, Stdio};
    let out = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_schoolpeers"))
        .args([
            "check",
            path_arg(&demo_data()),
            "--out",
            path_arg(out.path()),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // Close the reading end at once, as `schoolpeers check … | head -0` would.
    drop(child.stdout.take());
    let o = child.wait_with_output().expect("finishes");
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    assert_eq!(o.status.code(), Some(0));
    assert!(
        out.path().join("data-quality.csv").exists(),
        "the file is written either way"
    );
}

/// The demo's two basic schools (ООШ) are never in a group with secondary
/// schools; with the split switched off in district.toml they may be.
#[test]
fn basic_schools_are_never_grouped_with_secondary_ones() {
    let kinds: BTreeMap<String, String> = read_excel_csv(&demo_data().join("schools.csv"))
        .into_iter()
        .skip(1)
        .map(|r| (r[0].clone(), r[3].clone()))
        .collect();
    assert_eq!(kinds.values().filter(|k| *k == "ООШ").count(), 2);
    let groups_of = |results: &serde_json::Value| -> BTreeMap<u64, Vec<String>> {
        let mut groups: BTreeMap<u64, Vec<String>> = BTreeMap::new();
        for s in results["schools"].as_array().expect("schools") {
            let id = s["school_id"].as_str().expect("id");
            groups
                .entry(s["peer_group"].as_u64().expect("grouped"))
                .or_default()
                .push(kinds[id].clone());
        }
        groups
    };
    let results = run_results(&demo_data());
    let groups = groups_of(&results);
    for (g, members) in &groups {
        let basic = members.iter().filter(|k| *k == "ООШ").count();
        assert!(
            basic == 0 || basic == members.len(),
            "group {g} mixes kinds: {members:?}"
        );
        let tier = &results["groups"][*g as usize - 1]["tier"];
        let want = if basic > 0 {
            "up_to_basic"
        } else {
            "full_secondary"
        };
        assert_eq!(tier, want, "group {g}");
    }
    // The basic side comes first, and its description says so.
    assert_eq!(groups[&1], ["ООШ", "ООШ"]);
    let description = results["groups"][0]["description"]
        .as_str()
        .expect("described");
    assert!(
        description.starts_with("Начальные и основные школы, "),
        "{description}"
    );

    let data = demo_copy();
    fs::write(
        data.path().join("district.toml"),
        "[context]\noff = [\"full_secondary\"]\n",
    )
    .expect("config");
    let results = run_results(data.path());
    assert!(results["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .all(|g| g["tier"].is_null()));
    assert!(
        groups_of(&results)
            .values()
            .any(|m| m.iter().any(|k| k == "ООШ") && m.iter().any(|k| k != "ООШ")),
        "without the split the basic schools join secondary ones"
    );
}

/// Each school's most similar schools: at most ten, of its own side of the
/// school-kind split, never itself, nearest first.
#[test]
fn every_school_lists_its_nearest_peers() {
    let results = run_results(&demo_data());
    assert_eq!(results["manifest"]["parameters"]["nearest_peers"], 10);
    let schools = results["schools"].as_array().expect("schools");
    let tier_of = |id: &str| -> bool {
        let s = schools
            .iter()
            .find(|s| s["school_id"] == id)
            .expect("a school");
        s["indicators"]["full_secondary"] == 1.0
    };
    for s in schools {
        let id = s["school_id"].as_str().expect("id");
        let peers = s["nearest_peers"].as_array().expect("peers");
        let distances: Vec<f64> = peers
            .iter()
            .map(|p| p["distance"].as_f64().expect("distance"))
            .collect();
        assert!(
            distances.windows(2).all(|w| w[0] <= w[1]),
            "{id}: {distances:?}"
        );
        for p in peers {
            let other = p["school_id"].as_str().expect("id");
            assert_ne!(other, id);
            assert_eq!(tier_of(other), tier_of(id), "{id} and {other}");
        }
        let expected = if tier_of(id) { 10 } else { 1 };
        assert_eq!(peers.len(), expected, "{id}");
    }
}

/// Every school's co-assignment stability is in 0–1, each group's is the mean of its
/// schools', and the schools between groups are flagged in results.json and ranking.csv.
#[test]
fn groups_report_their_stability_and_boundary_schools() {
    let out = tempfile::tempdir().expect("dir");
    assert_success(&schoolpeers(&[
        "run",
        path_arg(&demo_data()),
        "--out",
        path_arg(out.path()),
    ]));
    let results = read_json(&out.path().join("results.json"));
    assert_eq!(results["manifest"]["parameters"]["stability_draws"], 20);
    let schools = results["schools"].as_array().expect("schools");
    for g in results["groups"].as_array().expect("groups") {
        let members: Vec<&serde_json::Value> = schools
            .iter()
            .filter(|s| s["peer_group"] == g["peer_group"])
            .collect();
        let values: Vec<f64> = members
            .iter()
            .map(|s| s["stability"].as_f64().expect("stability"))
            .collect();
        assert!(values.iter().all(|v| (0.0..=1.0).contains(v)), "{values:?}");
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        let group = g["stability"].as_f64().expect("group stability");
        assert!((mean - group).abs() < 1e-3, "{mean} vs {group}");
        let boundary = members.iter().filter(|s| s["boundary"] == true).count();
        assert_eq!(g["boundary"].as_u64(), Some(boundary as u64));
        for s in &members {
            let stable = s["stability"].as_f64().expect("stability");
            assert_eq!(s["boundary"] == true, stable < 0.75, "{}", s["school_id"]);
        }
    }
    let ranking = read_excel_csv(&out.path().join("ranking.csv"));
    let column = ranking[0]
        .iter()
        .position(|h| h == "На границе групп")
        .expect("the column");
    for row in &ranking[1..] {
        let school = schools
            .iter()
            .find(|s| s["school_id"] == row[3].as_str())
            .expect("a school");
        assert_eq!(
            row[column] == "да",
            school["boundary"] == true,
            "{}",
            row[3]
        );
    }
}

/// With last year's results.json, groups that match keep last year's numbers and
/// the schools that changed group are marked; a file that is not one is refused.
#[test]
fn last_years_group_numbers_are_kept_and_changes_marked() {
    let dir = tempfile::tempdir().expect("dir");
    let first = run_results(&demo_data());
    let k = first["summary"]["groups"].as_u64().expect("groups");
    // Last year, the same groups numbered the other way round.
    let mut last_year = first.clone();
    for s in last_year["schools"].as_array_mut().expect("schools") {
        let g = s["peer_group"].as_u64().expect("grouped");
        s["peer_group"] = serde_json::json!(k + 1 - g);
    }
    let previous = dir.path().join("previous.json");
    fs::write(&previous, serde_json::to_string(&last_year).expect("json")).expect("written");
    let out = tempfile::tempdir().expect("dir");
    let run = |previous: &Path| {
        schoolpeers(&[
            "run",
            path_arg(&demo_data()),
            "--out",
            path_arg(out.path()),
            "--previous",
            path_arg(previous),
        ])
    };
    assert_success(&run(&previous));
    let again = read_json(&out.path().join("results.json"));
    for (a, b) in again["schools"]
        .as_array()
        .expect("schools")
        .iter()
        .zip(last_year["schools"].as_array().expect("schools"))
    {
        assert_eq!(a["peer_group"], b["peer_group"], "{}", a["school_id"]);
        assert_eq!(a["previous_group"], b["peer_group"]);
        assert_eq!(a["changed_group"], false);
    }
    assert_eq!(again["summary"]["changed_group"], 0);
    assert!(first["summary"]["changed_group"].is_null());

    // One school was in another group last year.
    let mut moved = first.clone();
    let school = moved["schools"][5]["school_id"].clone();
    let own = moved["schools"][5]["peer_group"].as_u64().expect("grouped");
    let other = if own == 1 { 2 } else { 1 };
    moved["schools"][5]["peer_group"] = serde_json::json!(other);
    fs::write(&previous, serde_json::to_string(&moved).expect("json")).expect("written");
    assert_success(&run(&previous));
    let again = read_json(&out.path().join("results.json"));
    assert_eq!(again["summary"]["changed_group"], 1);
    let changed: Vec<&serde_json::Value> = again["schools"]
        .as_array()
        .expect("schools")
        .iter()
        .filter(|s| s["changed_group"] == true)
        .collect();
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0]["school_id"], school);
    assert_eq!(changed[0]["previous_group"], other);
    let ranking = read_excel_csv(&out.path().join("ranking.csv"));
    let column = ranking[0]
        .iter()
        .position(|h| h == "Группа в прошлом году")
        .expect("the column");
    let row = ranking
        .iter()
        .find(|r| r[3] == school.as_str().expect("id"))
        .expect("ranked");
    assert_eq!(row[column], other.to_string());

    fs::write(&previous, "{\"schools\": 1}").expect("written");
    let o = run(&previous);
    assert_eq!(o.status.code(), Some(65));
    assert!(
        stderr(&o).contains("previous.json: это не results.json прошлого запуска schoolpeers"),
        "{}",
        stderr(&o)
    );
}

/// Mentors are named where the staff table names people: in full in results.json and pairs.csv,
/// by surname and initials with the code on the page's cards.
#[test]
fn mentors_are_named_beside_their_codes() {
    let out = tempfile::tempdir().expect("temp dir");
    assert_success(&schoolpeers(&["demo", "--out", path_arg(out.path())]));
    let results = read_json(&out.path().join("results.json"));
    let mentors: Vec<&serde_json::Value> = (results["pairs"].as_array().expect("pairs").iter())
        .flat_map(|p| p["mentors"].as_array().expect("mentors"))
        .collect();
    assert!(mentors.len() > 5, "{} mentors", mentors.len());
    let staff = read_excel_csv(&demo_data().join("staff.csv"));
    let name_of = |id: &str| {
        (staff.iter().find(|r| r[1] == id))
            .map(|r| r[2].clone())
            .unwrap_or_else(|| panic!("{id} in staff.csv"))
    };
    let pairs_csv = fs::read_to_string(out.path().join("pairs.csv")).expect("pairs.csv");
    let page = fs::read_to_string(out.path().join("report.html")).expect("page");
    for m in mentors {
        let (id, name) = (
            m["mentor_staff_id"].as_str().expect("id"),
            &m["mentor_name"],
        );
        assert_eq!(name, &name_of(id), "{m}");
        assert!(
            pairs_csv.contains(&format!("{} ({id})", name_of(id))),
            "{id} in pairs.csv"
        );
        let id = m["mentee_staff_id"].as_str().expect("id");
        assert_eq!(m["mentee_name"], name_of(id), "{m}");
    }
    // The first mentor of the first card, as the card writes them.
    let first = &results["pairs"][0]["mentors"][0];
    let full = first["mentor_name"].as_str().expect("name");
    let words: Vec<&str> = full.split(' ').collect();
    let initials: String = (words[1..].iter())
        .map(|w| format!(" {}.", w.chars().next().expect("a letter")))
        .collect();
    let short = format!(
        "{}{initials} ({})",
        words[0],
        first["mentor_staff_id"].as_str().expect("id")
    );
    assert!(page.contains(&short), "the card names {short}");
}

/// The bundled demo is the generator's district: regenerating it changes nothing
/// (and the generator leaves out optional columns it does not fill).
#[test]
fn the_demo_is_what_the_generator_writes() {
    let out = tempfile::tempdir().expect("temp dir");
    assert_success(&schoolpeers(&[
        "generate",
        "--schools",
        "28",
        "--years",
        "3",
        "--seed",
        "2017",
        "--inflated-vpr",
        "0.1",
        "--out",
        path_arg(out.path()),
    ]));
    for file in [
        "schools.csv",
        "staff.csv",
        "exams.csv",
        "olympiads.csv",
        "activities.csv",
        "truth.csv",
    ] {
        let made = fs::read(out.path().join(file)).expect("generated");
        let bundled = fs::read(demo_data().join(file)).expect("bundled");
        assert!(
            made == bundled,
            "data/demo/{file} is not what generate writes"
        );
    }
    // Vacancies are not modelled: the schools table has no such column.
    let header = read_excel_csv(&out.path().join("schools.csv"))[0].clone();
    assert!(!header.iter().any(|h| h.contains("ваканс")), "{header:?}");
}
