//! The judgement as the analyst reads it: the value a school's rank follows is the one shown
//! beside the rank, in the workbook and on the page, with the expectation it is measured from.

use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};

use crate::common::*;
use crate::outputs::demo_run;

/// The header of the value the rank follows, and of the rank.
const RANKED: &str = "Результат с учётом условий (по нему место)";
const RANK: &str = "Место в группе";

/// `(group, rank, shown value)` rows, checked: within each group the value never rises as
/// the rank goes down the list. Returns how many rows were checked.
fn assert_monotone(place: &str, mut rows: Vec<(String, u64, f64)>) -> usize {
    rows.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    for pair in rows.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if a.0 == b.0 {
            assert!(
                a.2 >= b.2,
                "{place}: group {} rank {} shows {} above rank {} with {}",
                a.0,
                a.1,
                a.2,
                b.1,
                b.2
            );
        }
    }
    rows.len()
}

/// The number in a cell as the page or a CSV shows it (decimal comma).
fn number(text: &str) -> Option<f64> {
    text.trim().replace(',', ".").replace('−', "-").parse().ok()
}

/// The group tables of report.html: for each `<section class="group" id="group-N">`, its
/// table's headers and rows of cell texts.
fn page_groups(page: &str) -> Vec<(String, Vec<String>, Vec<Vec<String>>)> {
    // `<th>` has no attributes; `<td` may (a class, a colour), and no other tag of a row
    // begins so.
    let cells = |row: &str, tag: &str| -> Vec<String> {
        let open = if tag == "th" { "<th>" } else { "<td" };
        row.split(open)
            .skip(1)
            .map(|c| {
                let start = if tag == "th" {
                    0
                } else {
                    c.find('>').map_or(0, |i| i + 1)
                };
                let end = c.find(&format!("</{tag}>")).unwrap_or(c.len());
                c[start..end].to_owned()
            })
            .collect()
    };
    let mut groups = Vec::new();
    for section in page.split("<section class=\"group\" id=\"group-").skip(1) {
        let id = section.split('"').next().unwrap_or_default().to_owned();
        let Some(table) = section.split("<table>").nth(1) else {
            continue;
        };
        let table = table.split("</table>").next().unwrap_or_default();
        let head = table.split("</thead>").next().unwrap_or_default();
        let body = table.split("<tbody>").nth(1).unwrap_or_default();
        let rows = body.split("<tr>").skip(1).map(|r| cells(r, "td")).collect();
        groups.push((id, cells(head, "th"), rows));
    }
    groups
}

fn check_outputs(out: &Path) {
    // The workbook's ranking.
    let mut book: Xlsx<_> = open_workbook(out.join("results.xlsx")).expect("workbook");
    let sheet = book.worksheet_range("Рейтинг").expect("the ranking sheet");
    let mut rows = sheet.rows();
    let header: Vec<String> = rows
        .next()
        .expect("header")
        .iter()
        .map(|c| c.to_string())
        .collect();
    let at = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    let (group, rank, ranked) = (at("Группа"), at(RANK), at(RANKED));
    let shown: Vec<(String, u64, f64)> = rows
        .filter_map(|r| match (&r[group], &r[rank], &r[ranked]) {
            (g, Data::Float(k), Data::Float(v)) => Some((g.to_string(), *k as u64, *v)),
            (g, Data::Int(k), Data::Float(v)) => Some((g.to_string(), *k as u64, *v)),
            _ => None,
        })
        .collect();
    assert!(
        assert_monotone("results.xlsx", shown) >= 20,
        "the ranked schools checked"
    );

    // The page's group tables.
    let page = std::fs::read_to_string(out.join("report.html")).expect("page");
    let groups = page_groups(&page);
    assert!(groups.len() >= 2, "{} group tables", groups.len());
    let mut checked = 0;
    for (id, headers, rows) in groups {
        let at = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .unwrap_or_else(|| panic!("group {id}: {name} in {headers:?}"))
        };
        let (rank, ranked) = (at(RANK), at(RANKED));
        assert!(
            headers.iter().any(|h| h == "Ожидаемый при условиях школы"),
            "{headers:?}"
        );
        let shown = rows
            .iter()
            .filter_map(|r| Some((id.clone(), number(&r[rank])? as u64, number(&r[ranked])?)))
            .collect();
        checked += assert_monotone(&format!("report.html group {id}"), shown);
    }
    assert!(checked >= 20, "{checked} rows of the page checked");
}

#[test]
fn the_value_each_rank_follows_is_shown_and_monotone_in_rank() {
    check_outputs(demo_run(&[]).path());
    // And on a generated district of another shape.
    let data = tempfile::tempdir().expect("dir");
    let district = data.path().join("d");
    assert_success(&schoolpeers(&[
        "generate",
        "--schools",
        "80",
        "--seed",
        "9",
        "--out",
        path_arg(&district),
    ]));
    let out = data.path().join("out");
    run_without_charts(&district, &out);
    check_outputs(&out);
}

#[test]
fn each_ranked_school_says_what_sets_its_expectation() {
    let out = demo_run(&[]);
    let results = read_json(&out.path().join("results.json"));
    let ranked: Vec<&serde_json::Value> = (results["schools"].as_array().expect("schools").iter())
        .filter(|s| s["rank_in_group"].is_u64())
        .collect();
    for s in &ranked {
        let drivers = s["expectation_drivers"].as_array().expect("drivers");
        assert!(
            (1..=3).contains(&drivers.len()),
            "{}: {drivers:?}",
            s["school_id"]
        );
        let effects: Vec<f64> = drivers
            .iter()
            .map(|d| d["effect"].as_f64().expect("effect"))
            .collect();
        assert!(
            effects.windows(2).all(|w| w[0].abs() >= w[1].abs()),
            "largest first"
        );
    }
    let rows = read_excel_csv(&out.path().join("ranking.csv"));
    let because = rows[0]
        .iter()
        .position(|h| h == "Что определяет ожидаемый")
        .expect("column");
    let said = rows
        .iter()
        .skip(1)
        .filter(|r| r[because].starts_with("ожидается"))
        .count();
    assert_eq!(
        said,
        ranked.len(),
        "every ranked school's expectation in words"
    );
}

/// The low schools of a run.
fn low_set(out: &Path) -> std::collections::BTreeSet<String> {
    let results = read_json(&out.join("results.json"));
    (results["schools"].as_array().expect("schools").iter())
        .filter(|s| s["status"] == "low")
        .map(|s| s["school_id"].as_str().expect("id").to_owned())
        .collect()
}

/// |a ∩ b| / |a ∪ b|, 1 for two empty sets.
fn jaccard(a: &std::collections::BTreeSet<String>, b: &std::collections::BTreeSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 1.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

/// The low list of a generated 300-school district hardly moves when the analyst's arbitrary
/// choices change: another seed, Ward instead of k-means, one group fewer or more in each part;
/// on districts of four kinds of school (two seeds), on a continuum of conditions and with
/// exam results given per school.
#[test]
fn the_low_list_survives_the_arbitrary_choices() {
    let districts: [(&str, &[&str]); 4] = [
        ("5", &[]),
        ("11", &[]),
        ("5", &["--conditions", "continuum"]),
        ("5", &["--shape", "schools"]),
    ];
    for (seed, mode) in districts {
        let dir = tempfile::tempdir().expect("dir");
        let data = dir.path().join("district");
        generate_district(&data, "300", seed, mode);
        std::fs::remove_file(data.join("truth.csv")).expect("the truth is not an input");
        let run = |name: &str, config: &str, extra: &[&str]| {
            std::fs::write(data.join("district.toml"), config).expect("config");
            let out = dir.path().join(name);
            let mut args = vec![
                "run",
                path_arg(&data),
                "--out",
                path_arg(&out),
                "--charts",
                "none",
            ];
            args.extend_from_slice(extra);
            assert_success(&schoolpeers(&args));
            out
        };
        let chosen = run("chosen", "", &[]);
        let results = read_json(&chosen.join("results.json"));
        // The chosen number of groups of the larger part of the split.
        let mut per_tier = std::collections::BTreeMap::new();
        for g in results["groups"].as_array().expect("groups") {
            *per_tier.entry(g["tier"].to_string()).or_insert(0usize) += 1;
        }
        let k = per_tier.values().copied().max().expect("groups");
        let low = low_set(&chosen);
        assert!(
            low.len() >= 10,
            "district {seed} {mode:?}: {} low schools",
            low.len()
        );
        let alternatives = [
            ("seed-2", String::new(), vec!["--seed", "2"]),
            ("ward", "[groups]\nmethod = \"ward\"\n".to_owned(), vec![]),
            ("fewer", format!("[groups]\nk = {}\n", k - 1), vec![]),
            ("more", format!("[groups]\nk = {}\n", k + 1), vec![]),
        ];
        for (name, config, extra) in alternatives {
            let other = low_set(&run(name, &config, &extra));
            let overlap = jaccard(&low, &other);
            assert!(
                overlap >= 0.85,
                "district {seed} {mode:?}, {name}: Jaccard {overlap:.3}"
            );
        }
        // The run itself holds its low list against every comparison and says how far each
        // agrees (results.json and the page).
        let shown = results["low_list_overlaps"].as_array().expect("overlaps");
        let codes: Vec<&str> = (shown.iter())
            .map(|o| o["comparison"].as_str().expect("code"))
            .collect();
        let all = [
            "k_minus_1",
            "k_plus_1",
            "other_method",
            "other_seed",
            "subsample",
            "nearest_peers",
        ];
        assert_eq!(codes, all);
        for o in shown {
            let overlap = o["overlap"].as_f64().expect("overlap");
            assert!(overlap >= 0.85, "district {seed} {mode:?}: {o}");
        }
        let page = std::fs::read_to_string(chosen.join("report.html")).expect("page");
        assert!(page.contains("id=\"overlaps\"") && page.contains("подвыборка 80% школ"));
        // And each school's robustness is shown.
        let ranked = results["schools"].as_array().expect("schools");
        assert!(ranked
            .iter()
            .filter(|s| s["rank_in_group"].is_u64())
            .all(|s| s["robustness"].is_f64()));
    }
}
