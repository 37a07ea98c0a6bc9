//! What the analyst opens: the workbook, the CSV dialects, the charts, and
//! files that are whole or absent.

use std::fs;
use std::path::{Path, PathBuf};

use calamine::{open_workbook, Data, Reader, Xlsx};

use crate::common::*;

pub(crate) fn demo_run(extra: &[&str]) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("temp dir");
    let mut args = vec!["demo", "--out", path_arg(out.path())];
    args.extend_from_slice(extra);
    assert_success(&schoolpeers(&args));
    out
}

fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        other => other.to_string(),
    }
}

#[test]
fn the_workbook_has_every_sheet_with_headers_and_values() {
    let out = demo_run(&[]);
    let results = read_json(&out.path().join("results.json"));
    let mut book: Xlsx<_> = open_workbook(out.path().join("results.xlsx")).expect("opens");
    assert_eq!(
        book.sheet_names(),
        [
            "Рейтинг",
            "Группы",
            "Пары",
            "Диагностика",
            "Критерии",
            "Наставники",
            "Баллы кластеров",
            "Качество данных",
            "Параметры"
        ]
    );

    // Рейтинг: the headers of ranking.csv, every school, numbers as numbers.
    let ranking = book.worksheet_range("Рейтинг").expect("sheet");
    let csv = read_excel_csv(&out.path().join("ranking.csv"));
    let rows: Vec<Vec<String>> = ranking
        .rows()
        .map(|r| r.iter().map(cell_text).collect())
        .collect();
    assert_eq!(rows[0], csv[0], "the sheet's headers are the CSV's");
    let schools = results["schools"].as_array().expect("schools");
    assert_eq!(rows.len(), schools.len() + 1, "every school is listed");
    let col = |name: &str| csv[0].iter().position(|h| h == name).expect(name);
    let (id, group, score, status) = (
        col("Код ОО"),
        col("Группа"),
        col("Результат"),
        col("Статус"),
    );
    for s in schools {
        let row = ranking
            .rows()
            .find(|r| cell_text(&r[id]) == s["school_id"].as_str().expect("id"))
            .expect("the school has a row");
        match s["peer_group"].as_u64() {
            Some(g) => assert_eq!(row[group], Data::Float(g as f64)),
            None => assert_eq!(row[group], Data::Empty),
        }
        if let Some(expected) = s["score"].as_f64() {
            let Data::Float(v) = row[score] else {
                panic!("the score is a number: {:?}", row[score]);
            };
            assert!((v - expected).abs() < 1e-9, "{v} vs {expected}");
        }
        if s["status"] == "low" {
            assert_eq!(cell_text(&row[status]), "низкие результаты");
        }
    }

    // Пары: pairs.csv's headers, each pair's schools and its distance.
    let pairs = book.worksheet_range("Пары").expect("sheet");
    let pairs_csv = read_excel_csv(&out.path().join("pairs.csv"));
    let header: Vec<String> = pairs
        .rows()
        .next()
        .expect("header")
        .iter()
        .map(cell_text)
        .collect();
    assert_eq!(header, pairs_csv[0]);
    let km = header
        .iter()
        .position(|h| h == "Расстояние, км")
        .expect("distance");
    for (p, row) in results["pairs"]
        .as_array()
        .expect("pairs")
        .iter()
        .zip(pairs.rows().skip(1))
    {
        match p["distance_km"].as_f64() {
            Some(d) => assert_eq!(row[km], Data::Float(d)),
            None => assert_eq!(row[km], Data::Empty),
        }
    }
    let listed: Vec<(String, String)> = pairs
        .rows()
        .skip(1)
        .map(|r| (cell_text(&r[1]), cell_text(&r[3])))
        .collect();
    for p in results["pairs"].as_array().expect("pairs") {
        let pair = (
            p["low_school_id"].as_str().expect("id").to_owned(),
            p["base_school_id"].as_str().expect("id").to_owned(),
        );
        assert!(listed.contains(&pair), "{pair:?} in {listed:?}");
    }

    // Группы: one row per group with its size; Параметры: the seed.
    let groups = book.worksheet_range("Группы").expect("sheet");
    assert_eq!(
        groups.rows().count(),
        results["groups"].as_array().expect("groups").len() + 1
    );
    let sizes: f64 = groups
        .rows()
        .skip(1)
        .map(|r| match r[2] {
            Data::Float(v) => v,
            _ => 0.0,
        })
        .sum();
    assert_eq!(
        sizes as u64,
        results["summary"]["ranked"].as_u64().expect("n")
    );
    let parameters = book.worksheet_range("Параметры").expect("sheet");
    assert!(parameters
        .rows()
        .any(|r| cell_text(&r[1]) == "seed" && cell_text(&r[2]) == "42"));
    // Диагностика names each low school.
    let diagnosis = book.worksheet_range("Диагностика").expect("sheet");
    for s in schools.iter().filter(|s| s["status"] == "low") {
        let id = s["school_id"].as_str().expect("id");
        assert!(diagnosis.rows().any(|r| cell_text(&r[1]) == id), "{id}");
    }

    // In English, the sheets are named in English.
    let en = demo_run(&["--lang", "en"]);
    let book: Xlsx<_> = open_workbook(en.path().join("results.xlsx")).expect("opens");
    assert_eq!(book.sheet_names()[0], "Ranking");
}

#[test]
fn excel_ru_csv_bytes_and_rfc4180_round_trip_through_polars() {
    let ru = demo_run(&[]);
    let bytes = fs::read(ru.path().join("ranking.csv")).expect("written");
    assert!(bytes.starts_with(b"\xef\xbb\xbf"), "UTF-8 with a BOM");
    let text = String::from_utf8(bytes).expect("UTF-8");
    assert!(text.ends_with("\r\n") && !text.replace("\r\n", "").contains('\n'));
    let header = text.lines().next().expect("header");
    assert!(header.starts_with("\u{feff}Группа;Место в группе;"));
    let rows = read_excel_csv(&ru.path().join("ranking.csv"));
    let score = rows[0]
        .iter()
        .position(|h| h == "Результат")
        .expect("column");
    let with_comma = rows
        .iter()
        .skip(1)
        .filter(|r| r[score].contains(','))
        .count();
    assert!(with_comma > 20, "decimal commas: {with_comma}");
    assert!(rows.iter().skip(1).all(|r| !r[score].contains('.')));

    let plain = demo_run(&["--csv-dialect", "rfc4180"]);
    let bytes = fs::read(plain.path().join("ranking.csv")).expect("written");
    assert!(!bytes.starts_with(b"\xef\xbb\xbf"), "no BOM");
    use polars::prelude::*;
    let frame = CsvReadOptions::default()
        .with_has_header(true)
        .try_into_reader_with_file_path(Some(plain.path().join("ranking.csv")))
        .expect("reader")
        .finish()
        .expect("polars reads it");
    assert_eq!(frame.height(), rows.len() - 1, "every school");
    let names: Vec<String> = frame
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    assert_eq!(names, rows[0], "the same headers");
    let scores = frame
        .column("Результат")
        .expect("column")
        .f64()
        .expect("numbers, not text");
    let ids = frame.column("Код ОО").expect("column");
    for (i, r) in rows.iter().skip(1).enumerate() {
        let expected: Option<f64> = r[score].replace(',', ".").parse().ok();
        assert_eq!(scores.get(i), expected, "row {i}");
        let id = ids.get(i).expect("id");
        assert_eq!(
            id.to_string().trim_matches('"'),
            r[rows[0].iter().position(|h| h == "Код ОО").expect("id")]
        );
    }
}

/// The width and height of a PNG, from its header.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        bytes.starts_with(b"\x89PNG\r\n\x1a\n") && &bytes[12..16] == b"IHDR",
        "{} is a PNG",
        path.display()
    );
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&bytes[16..20]), be(&bytes[20..24]))
}

fn check_chart(charts: &Path, stem: &str, min_bytes: usize) {
    let png = charts.join(format!("{stem}.png"));
    let (w, h) = png_size(&png);
    assert!(
        (300..=4000).contains(&w) && (300..=6000).contains(&h),
        "{stem}: {w}×{h}"
    );
    let size = fs::metadata(&png).expect("png").len() as usize;
    assert!(size > min_bytes, "{stem}.png has content: {size} bytes");
    let svg = fs::read_to_string(charts.join(format!("{stem}.svg"))).expect("svg");
    assert!(
        svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
        "{stem}.svg"
    );
    assert!(svg.contains("viewBox"), "{stem}.svg scales");
    assert!(
        svg.chars().any(|c| ('а'..='я').contains(&c)),
        "{stem}.svg has Russian labels"
    );
}

#[test]
fn every_chart_of_the_demo_is_a_valid_image() {
    let out = demo_run(&[]);
    let results = read_json(&out.path().join("results.json"));
    let charts = out.path().join("charts");
    for stem in ["groups", "map", "k-selection"] {
        check_chart(&charts, stem, 15_000);
    }
    for g in results["groups"].as_array().expect("groups") {
        check_chart(&charts, &format!("group-{}", g["peer_group"]), 8_000);
    }
    let schools = results["schools"].as_array().expect("schools");
    let mut low = 0;
    for s in schools {
        let id = s["school_id"].as_str().expect("id");
        if s["status"] == "low" {
            let stem = school_chart(&results, id, "profile").expect("a low school's profile");
            check_chart(&charts, &stem, 15_000);
            low += 1;
        }
        if s["peer_group"].is_u64() {
            let stem = school_chart(&results, id, "years").expect("a ranked school's years");
            check_chart(&charts, &stem, 5_000);
        }
    }
    assert!(low > 0);
    // k-means draws no tree.
    assert!(!charts.join("dendrogram.png").exists());
    // Every chart and file is listed at the end of the run, under --verbose.
    let args = ["--verbose", "demo", "--out", path_arg(out.path())];
    let stdout = String::from_utf8_lossy(&schoolpeers(&args).stdout).into_owned();
    for file in ["results.xlsx", "report.html", "map.svg", "k-selection.png"] {
        assert!(stdout.contains(file), "{file} listed");
    }

    // A hierarchical method adds the merge tree with its cut.
    let data = demo_copy();
    fs::write(
        data.path().join("district.toml"),
        "[groups]\nmethod = \"ward\"\n",
    )
    .expect("config");
    let ward = tempfile::tempdir().expect("dir");
    assert_success(&schoolpeers(&[
        "run",
        path_arg(data.path()),
        "--out",
        path_arg(ward.path()),
    ]));
    // One tree per side of the school-kind split, each drawn.
    let trees = read_json(&ward.path().join("results.json"))["trees"].clone();
    let trees = trees.as_array().expect("trees");
    assert_eq!(trees.len(), 2, "secondary schools and the rest");
    for tree in trees {
        let stem = format!("dendrogram-{}", tree["tier"].as_str().expect("tier"));
        check_chart(&ward.path().join("charts"), &stem, 15_000);
        assert_eq!(
            tree["school_ids"].as_array().expect("leaves").len(),
            tree["merges"].as_array().expect("merges").len() + 1
        );
    }
}

/// A run that fails writing (a fail point fails the tenth file, in the tests' binary only)
/// over a good output folder: exit 73 naming the file, and the good folder untouched, byte
/// for byte, with nothing left beside it.
#[test]
fn a_failed_run_over_a_good_output_leaves_it_untouched() {
    let parent = tempfile::tempdir().expect("dir");
    let out = parent.path().join("out");
    assert_success(&schoolpeers(&["demo", "--out", path_arg(&out)]));
    let before = snapshot(&out);
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_schoolpeers"))
        .args(["demo", "--seed", "7", "--out"])
        .arg(&out)
        .env("FAILPOINTS", "write-file=9*off->return")
        .output()
        .expect("the binary runs");
    assert_eq!(o.status.code(), Some(73), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("failpoint write-file"),
        "{}",
        stderr(&o)
    );
    assert_eq!(snapshot(&out), before, "the good output changed");
    let beside: Vec<_> = fs::read_dir(parent.path())
        .expect("list")
        .flatten()
        .collect();
    assert_eq!(beside.len(), 1, "only the output folder: {beside:?}");
    assert_success(&schoolpeers(&["verify", path_arg(&out)]));
}

/// Every file under `dir` with its bytes, by path.
pub(crate) fn snapshot(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("list").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(path.clone(), fs::read(&path).expect("read"));
            }
        }
    }
    files
}

/// The chart files under `charts/`, by their path below it.
fn chart_files(charts: &Path) -> std::collections::BTreeSet<String> {
    let mut found = std::collections::BTreeSet::new();
    for dir in [charts.to_owned(), charts.join("years")] {
        for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_file() {
                let below = path.strip_prefix(charts).expect("below charts");
                found.insert(below.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found
}

#[test]
fn charts_page_draws_what_the_page_shows_groups_no_school_and_none_draws_none() {
    let data = demo_copy();
    let run = |charts: &str| {
        let out = tempfile::tempdir().expect("dir");
        assert_success(&schoolpeers(&[
            "run",
            path_arg(data.path()),
            "--out",
            path_arg(out.path()),
            "--charts",
            charts,
        ]));
        out
    };
    let (auto, all, page, none) = (run("auto"), run("all"), run("page"), run("none"));
    let groups = run("groups");
    let results = read_json(&all.path().join("results.json"));
    let schools = results["schools"].as_array().expect("schools");
    let is_low = |s: &&serde_json::Value| s["status"] == "low";
    // The chart file of a school, as the run with every chart named it.
    let years = |s: &serde_json::Value| {
        let id = s["school_id"].as_str().expect("id");
        format!(
            "{}.png",
            school_chart(&results, id, "years").expect("drawn")
        )
    };

    // A district (28 schools) draws them all by default.
    let every = chart_files(&all.path().join("charts"));
    assert_eq!(chart_files(&auto.path().join("charts")), every);
    let ranked = schools.iter().filter(|s| s["peer_group"].is_u64());
    assert!(ranked.clone().all(|s| every.contains(&years(s))));

    // `page`: each low school's year chart, no other school's; the rest as in `all`.
    let shown = chart_files(&page.path().join("charts"));
    let others: Vec<_> = ranked.filter(|s| !is_low(s)).collect();
    assert!(!others.is_empty());
    assert!(others.iter().all(|s| !shown.contains(&years(s))));
    assert!(schools
        .iter()
        .filter(is_low)
        .all(|s| shown.contains(&years(s))));
    let expected: std::collections::BTreeSet<String> = every
        .iter()
        .filter(|f| !f.starts_with("years/") || shown.contains(f.as_str()))
        .cloned()
        .collect();
    assert_eq!(shown, expected);
    // The page is the same page: it showed no other chart.
    assert_eq!(
        fs::read(page.path().join("report.html")).expect("page"),
        fs::read(all.path().join("report.html")).expect("page")
    );

    // `groups` (the README lists it): the district's and the groups' charts, none per school.
    let drawn = chart_files(&groups.path().join("charts"));
    assert!(drawn.contains("groups.png"), "{drawn:?}");
    assert!(drawn.iter().all(|f| !f.starts_with("years/")), "{drawn:?}");
    assert!(drawn.is_subset(&every) && drawn.len() < shown.len());

    // `none`: no chart, every other output, and a page without pictures.
    assert!(chart_files(&none.path().join("charts")).is_empty());
    for file in ["results.json", "results.xlsx", "ranking.csv", "report.html"] {
        assert!(none.path().join(file).is_file(), "{file}");
    }
    let html = fs::read_to_string(none.path().join("report.html")).expect("page");
    assert!(!html.contains("<svg"));
    assert!(html.contains("<table"));
}

#[test]
fn timings_are_reported_per_step_on_standard_error() {
    // Each run into a folder of its own: a rerun into the same folder reads no data (below).
    let folder = || tempfile::tempdir().expect("dir");
    let (out, english, ru) = (folder(), folder(), folder());
    let plain = schoolpeers(&["demo", "--out", path_arg(out.path())]);
    let timed_en = |dir: &Path| {
        let o = schoolpeers(&["--timings", "--lang", "en", "demo", "--out", path_arg(dir)]);
        assert_success(&o);
        o
    };
    let timed = timed_en(english.path());
    let russian = schoolpeers(&["--timings", "demo", "--out", path_arg(ru.path())]);
    assert!(!stderr(&plain).contains(" s, peak ") && !stderr(&plain).contains("пик памяти"));
    assert!(
        stderr(&russian).contains("Чтение данных: ")
            && stderr(&russian).contains(" с, пик памяти "),
        "{}",
        stderr(&russian)
    );
    let steps: Vec<&str> = std::str::from_utf8(&timed.stderr)
        .expect("utf-8")
        .lines()
        .filter(|l| l.contains(" s, peak ") && l.ends_with(" MB"))
        .collect();
    for step in [
        "Reading the data",
        "School indicators",
        "Grouping the schools",
        "Charts",
    ] {
        assert!(
            steps.iter().any(|l| l.starts_with(&format!("{step}: "))),
            "{step}: {steps:?}"
        );
    }

    // A rerun into the same folder checks the files against its cache and reads nothing.
    let said = stderr(&timed_en(english.path()));
    assert!(
        said.contains("Checking the input files against the saved data: ")
            && !said.contains("Reading the data: "),
        "{said}"
    );
}

/// The labels of the bars of a group chart's SVG: `N. name` rows and gap rows.
fn bar_labels(svg: &str) -> (usize, usize) {
    let texts: Vec<&str> = (svg.split("<text").skip(1))
        .filter_map(|t| {
            t.split_once('>')
                .and_then(|(_, rest)| rest.split("</text>").next())
        })
        .map(str::trim)
        .collect();
    let ranked = |t: &&&str| {
        let (number, _) = t.split_once(". ").unwrap_or(("", ""));
        !number.is_empty() && number.chars().all(|c| c.is_ascii_digit())
    };
    let schools = texts.iter().filter(ranked).count();
    let gaps = texts.iter().filter(|t| t.contains("more schools")).count();
    (schools, gaps)
}

#[test]
fn a_3000_school_district_s_charts_label_forty_bars_map_a_density_and_keep_legends_clear() {
    let dir = tempfile::tempdir().expect("dir");
    let (data, out) = (dir.path().join("district"), dir.path().join("out"));
    generate_district(&data, "3000", "5", &["--shape", "schools"]);
    fs::write(data.join("district.toml"), "[groups]\nk = 3\n").expect("config");
    let args = [
        "--lang",
        "en",
        "run",
        path_arg(&data),
        "--out",
        path_arg(&out),
        "--charts",
        "groups",
    ];
    assert_success(&schoolpeers(&args));
    let results = read_json(&out.join("results.json"));
    let largest = (results["groups"].as_array().expect("groups").iter())
        .map(|g| g["size"].as_u64().expect("size"))
        .max()
        .expect("a group");
    assert!(largest >= 1000, "a group of {largest} schools");
    for g in results["groups"].as_array().expect("groups") {
        let svg = fs::read_to_string(out.join(format!("charts/group-{}.svg", g["peer_group"])))
            .expect("the group's chart");
        let (labelled, gaps) = bar_labels(&svg);
        let size = g["size"].as_u64().expect("size") as usize;
        let group = &g["peer_group"];
        if size <= 40 {
            assert_eq!((labelled, gaps), (size, 0), "group {group}: every school");
        } else {
            assert!(
                (20..=40).contains(&labelled),
                "group {group}: {labelled} labelled bars"
            );
            assert!(gaps > 0, "group {group}: the schools left out are said");
        }
    }
    the_map_is_a_density_under_the_low_and_paired_base_schools(&out.join("charts"), &results);
    for chart in ["map", "groups"] {
        let svg = fs::read_to_string(out.join(format!("charts/{chart}.svg"))).expect("svg");
        let covered = legend_covers_data(&svg);
        assert!(covered.is_none(), "{chart}: the legend covers {covered:?}");
    }
}

/// The map of a large district: no dot per school, a cross per low school, a triangle per base
/// school of a pair (each plus the legend's), a line per pair within a group and none across.
fn the_map_is_a_density_under_the_low_and_paired_base_schools(
    charts: &Path,
    results: &serde_json::Value,
) {
    let svg = fs::read_to_string(charts.join("map.svg")).expect("the map");
    let count = |tag: &str, with: &str| {
        (svg.split('<')
            .filter(|e| e.starts_with(tag) && e.contains(with)))
        .count()
    };
    let schools = results["schools"].as_array().expect("schools");
    let low = (schools.iter()).filter(|s| s["status"] == "low").count();
    let pairs = results["pairs"].as_array().expect("pairs");
    let within = (pairs.iter())
        .filter(|p| p["peer_group"] == p["base_peer_group"])
        .count();
    let bases: std::collections::BTreeSet<&str> = (pairs.iter())
        .map(|p| p["base_school_id"].as_str().expect("base id"))
        .collect();
    assert!(
        within > 0 && within < pairs.len(),
        "{within} of {} pairs within a group",
        pairs.len()
    );
    assert_eq!(count("circle", ""), 0, "no dot per school");
    assert_eq!(
        count("line ", "#C80000"),
        2 * (low + 1),
        "two strokes per low school's cross"
    );
    assert_eq!(
        count("polygon", ""),
        bases.len() + 1,
        "a triangle per paired base school"
    );
    let lines = count(
        "polyline",
        "opacity=\"0.6\" stroke=\"#000000\" stroke-width=\"2\"",
    );
    assert_eq!(lines, within, "a line per pair within a group");
    let across = pairs.len() - within;
    assert!(svg.contains(&format!("pairs across groups: {across} (in pairs.csv)")));
    assert!(svg.len() < 400_000, "the map is {} bytes", svg.len());
}

/// A number attribute of an SVG element's text.
fn attribute(element: &str, name: &str) -> Option<f64> {
    let start = element.find(&format!(" {name}=\""))? + name.len() + 3;
    element[start..].split('"').next()?.parse().ok()
}

/// The points an SVG element plots: a circle's centre, a polygon's or polyline's vertices, a
/// rectangle's corners.
fn plotted_points(element: &str) -> Vec<(f64, f64)> {
    if element.starts_with("<circle") {
        return attribute(element, "cx")
            .zip(attribute(element, "cy"))
            .into_iter()
            .collect();
    }
    if element.starts_with("<rect") {
        let (Some(x), Some(y), Some(w), Some(h)) = (
            attribute(element, "x"),
            attribute(element, "y"),
            attribute(element, "width"),
            attribute(element, "height"),
        ) else {
            return Vec::new();
        };
        return vec![(x, y), (x + w, y), (x, y + h), (x + w, y + h)];
    }
    let Some(start) = element.find(" points=\"").map(|i| i + 9) else {
        return Vec::new();
    };
    (element[start..].split('"').next().unwrap_or(""))
        .split_whitespace()
        .filter_map(|p| {
            let (x, y) = p.split_once(',')?;
            Some((x.parse().ok()?, y.parse().ok()?))
        })
        .collect()
}

/// Whether a chart's legend (its box, drawn after the data) covers a point of the data.
pub(crate) fn legend_covers_data(svg: &str) -> Option<String> {
    let elements: Vec<&str> = svg.split('<').skip(1).collect();
    let legend = elements
        .iter()
        .position(|e| e.starts_with("rect") && e.contains("opacity=\"0.85\""))?;
    let rect = format!("<{}", elements[legend]);
    let (x, y) = (attribute(&rect, "x")?, attribute(&rect, "y")?);
    let (w, h) = (attribute(&rect, "width")?, attribute(&rect, "height")?);
    let inside = |(px, py): (f64, f64)| px > x && px < x + w && py > y && py < y + h;
    // The chart's background is the first rectangle: not data.
    (elements[..legend].iter().skip(1))
        .map(|e| format!("<{e}"))
        .filter(|e| !e.contains("fill=\"#FFFFFF\""))
        .find(|e| plotted_points(e).into_iter().any(inside))
}

#[test]
fn no_legend_covers_the_data_it_explains() {
    let out = tempfile::tempdir().expect("dir");
    assert_success(&schoolpeers(&["demo", "--out", path_arg(out.path())]));
    let mut checked = 0;
    let mut stack = vec![out.path().join("charts")];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("charts").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "svg") {
                let svg = fs::read_to_string(&path).expect("svg");
                let covered = legend_covers_data(&svg);
                assert!(
                    covered.is_none(),
                    "{}: the legend covers {covered:?}",
                    path.display()
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 30, "{checked} charts checked");
}
