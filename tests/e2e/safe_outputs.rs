//! Outputs safe to open whatever the input held: school names that Excel would take for a
//! formula, markup, control characters and a right-to-left override, and two ids that once
//! gave one chart file.

use std::fs;
use std::path::Path;

use crate::common::*;
use crate::outputs::snapshot;

/// A CSV field as the demo's tables quote it (`;` separated).
fn quoted(field: &str) -> String {
    format!("\"{}\"", field.replace('"', "\"\""))
}

/// The demo with hostile school names and two ids that differ only by `.` and `_`.
fn hostile_district() -> tempfile::TempDir {
    let data = demo_copy();
    let names = [
        (4, "=HYPERLINK(\"http://example.com\",\"x\")"),
        (5, "+cmd|' /C calc'!A0"),
        (6, "@SUM(1+1)"),
        (7, "-2+3 школа"),
        (8, "<script>alert(1)</script> & \"кавычки\" ]]>"),
        (9, "школа\u{0}с\u{7}управляющими\u{1b}[31m"),
        (10, "\u{202e}ацинхет школа\u{2066}"),
    ];
    let path = data.path().join("schools.csv");
    let text = fs::read_to_string(&path).expect("readable");
    let mut lines: Vec<String> = text.split("\r\n").map(str::to_owned).collect();
    for (line, name) in names {
        let mut fields: Vec<String> = lines[line - 1].split(';').map(str::to_owned).collect();
        fields[1] = quoted(name);
        lines[line - 1] = fields.join(";");
    }
    fs::write(&path, lines.join("\r\n")).expect("writable");
    for table in [
        "schools.csv",
        "staff.csv",
        "exams.csv",
        "olympiads.csv",
        "activities.csv",
    ] {
        let path = data.path().join(table);
        let text = fs::read_to_string(&path).expect("readable");
        let text = text.replace("23350001", "K.4").replace("23350002", "K_4");
        fs::write(&path, text).expect("writable");
    }
    data
}

/// Every text output's characters are printable (line breaks and tabs aside) and carry no
/// direction override or isolate.
fn assert_printable(path: &Path, text: &str) {
    let bad = text.chars().find(|&c| {
        (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    });
    assert_eq!(bad, None, "{}", path.display());
}

/// Every SVG is well-formed XML (read to its end by an XML parser).
fn assert_well_formed(path: &Path, text: &str) {
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("{}: not well-formed XML: {e}", path.display()),
        }
    }
}

/// No text cell of an excel-ru CSV begins as a formula would; a cell beginning with `-` is a
/// number.
fn assert_no_formula(path: &Path) {
    for (r, row) in read_excel_csv(path).iter().enumerate() {
        for cell in row {
            let risky = cell.starts_with(['=', '+', '@', '\t', '\r'])
                || (cell.starts_with('-') && cell.replace(',', ".").parse::<f64>().is_err());
            assert!(!risky, "{}, row {}: {cell:?}", path.display(), r + 1);
        }
    }
}

#[test]
fn hostile_names_give_safe_csv_valid_svg_and_escaped_html() {
    let data = hostile_district();
    let out = tempfile::tempdir().expect("dir");
    let o = schoolpeers(&[
        "run",
        path_arg(data.path()),
        "--out",
        path_arg(out.path()),
        "--charts",
        "all",
    ]);
    assert_success(&o);
    let mut svgs = 0;
    for (path, bytes) in snapshot(out.path()) {
        let ext = path.extension().map(|e| e.to_string_lossy().into_owned());
        let Some(ext @ ("csv" | "json" | "html" | "svg")) = ext.as_deref() else {
            continue;
        };
        let text = String::from_utf8(bytes).expect("UTF-8");
        assert_printable(&path, &text);
        match ext {
            "svg" => {
                assert_well_formed(&path, &text);
                svgs += 1;
            }
            "csv" => assert_no_formula(&path),
            "html" => {
                assert!(!text.contains("<script>alert"), "markup escaped");
                assert!(text.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp;"));
            }
            _ => {}
        }
    }
    assert!(svgs > 30, "every chart checked: {svgs}");
    // The names arrive whole, only made safe.
    let results = read_json(&out.path().join("results.json"));
    let names: Vec<&str> = (results["schools"].as_array().expect("schools").iter())
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert!(names.contains(&"школасуправляющими[31m"), "{names:?}");
    assert!(names.contains(&"ацинхет школа"), "{names:?}");
    let ranking = read_excel_csv(&out.path().join("ranking.csv"));
    assert!(ranking
        .iter()
        .flatten()
        .any(|c| c == "'=HYPERLINK(\"http://example.com\",\"x\")"));
}

#[test]
fn colliding_ids_get_distinct_charts_each_showing_its_own_school() {
    let data = hostile_district();
    let out = tempfile::tempdir().expect("dir");
    assert_success(&schoolpeers(&[
        "run",
        path_arg(data.path()),
        "--out",
        path_arg(out.path()),
        "--charts",
        "all",
    ]));
    let results = read_json(&out.path().join("results.json"));
    let schools = results["schools"].as_array().expect("schools");
    let name_of = |id: &str| {
        let s = schools
            .iter()
            .find(|s| s["school_id"] == id)
            .expect("school");
        s["name"].as_str().expect("name").to_owned()
    };
    let stems: Vec<String> = ["K.4", "K_4"]
        .iter()
        .map(|id| school_chart(&results, id, "years").expect("a chart"))
        .collect();
    assert_ne!(stems[0], stems[1]);
    for (id, stem) in ["K.4", "K_4"].iter().zip(&stems) {
        let svg = fs::read_to_string(out.path().join("charts").join(format!("{stem}.svg")))
            .expect("the chart's SVG");
        assert!(svg.contains(&name_of(id)), "{stem} shows {id}");
    }
}

/// The demo with school 23350027's exam results cut to one pupil's ОГЭ of 2026 (29 and 16
/// points: a mean of 22.5), and `district.toml` holding `extra` (a `[privacy]` section).
fn one_pupil_district(extra: &str) -> tempfile::TempDir {
    let data = demo_copy();
    let path = data.path().join("exams.csv");
    let text = fs::read_to_string(&path).expect("readable");
    let mut lines: Vec<&str> = text
        .split("\r\n")
        .filter(|l| !l.starts_with("23350027;"))
        .filter(|l| !l.is_empty())
        .collect();
    lines.push("23350027;2026;ОГЭ;математика;23350027-2026-9-001;29");
    lines.push("23350027;2026;ОГЭ;русский язык;23350027-2026-9-001;16");
    fs::write(&path, lines.join("\r\n") + "\r\n").expect("writable");
    fs::write(data.path().join("district.toml"), extra).expect("config");
    data
}

/// Every cell of every sheet of a workbook, by sheet.
fn workbook_cells(path: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    use calamine::Reader as _;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).expect("workbook");
    let names = book.sheet_names().to_vec();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).expect("sheet");
            let rows = range
                .rows()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect();
            (name, rows)
        })
        .collect()
}

#[test]
fn a_one_pupil_schools_score_is_in_no_output_and_the_manifest_says_so() {
    let id = "23350027";
    let run = |config: &str| {
        let data = one_pupil_district(config);
        let out = tempfile::tempdir().expect("dir");
        assert_success(&schoolpeers(&[
            "run",
            path_arg(data.path()),
            "--out",
            path_arg(out.path()),
        ]));
        (data, out)
    };
    let school = |results: &serde_json::Value| {
        let schools = results["schools"].as_array().expect("schools").clone();
        schools
            .into_iter()
            .find(|s| s["school_id"] == id)
            .expect("the school")
    };
    // With the threshold at 1, the pupil's mean is there to be published: 22.5.
    let (_, open) = run("[privacy]\nmin_pupils = 1\n");
    let published = school(&read_json(&open.path().join("results.json")));
    assert_eq!(published["indicators"]["oge_mean_score"], 22.5);

    // By default (5 pupils) it is not, anywhere; the school is still ranked.
    let (data, out) = run("");
    let results = read_json(&out.path().join("results.json"));
    let s = school(&results);
    assert!(s["rank_in_group"].is_u64(), "still in the analysis");
    for code in ["oge_mean_score", "oge_index", "oge_mean_mark"] {
        assert!(
            s["indicators"][code].is_null(),
            "{code}: {}",
            s["indicators"][code]
        );
        assert!(s["by_year"]["2026"][code].is_null(), "{code} in 2026");
    }
    let suppressed = results["manifest"]["suppressed"]
        .as_array()
        .expect("listed");
    let listed = suppressed
        .iter()
        .find(|e| e["school_id"] == id)
        .expect("the school listed");
    let values: Vec<&str> = (listed["values"].as_array().expect("values").iter())
        .filter_map(|v| v.as_str())
        .collect();
    assert!(values.contains(&"indicators.oge_mean_score"), "{values:?}");
    assert!(
        values.contains(&"by_year.2026.oge_mean_score"),
        "{values:?}"
    );
    assert_eq!(results["manifest"]["parameters"]["min_pupils"], 5);

    // No shared output holds 22.5 in any of its forms on the school's rows or page section.
    let forms = ["22,5", "22,50", "22.5", "22.50", "22,5000", "22.5000"];
    for name in ["ranking.csv", "pairs.csv", "criteria.csv"] {
        for row in read_excel_csv(&out.path().join(name)) {
            if row.iter().any(|c| c == id) {
                assert!(
                    !row.iter().any(|c| forms.contains(&c.as_str())),
                    "{name}: {row:?}"
                );
            }
        }
    }
    for (sheet, rows) in workbook_cells(&out.path().join("results.xlsx")) {
        for row in rows.iter().filter(|r| r.iter().any(|c| c == id)) {
            assert!(
                !row.iter().any(|c| forms.contains(&c.as_str())),
                "{sheet}: {row:?}"
            );
        }
    }
    let page = fs::read_to_string(out.path().join("report.html")).expect("page");
    if let Some(start) = page.find(&format!("(код: {id}")) {
        let section = &page[start
            ..page[start..]
                .find("</article>")
                .map_or(page.len(), |e| start + e)];
        assert!(
            !forms.iter().any(|f| section.contains(f)),
            "the school's section"
        );
    }

    // No pupil's id appears in any output.
    let mut pupils = std::collections::BTreeSet::new();
    for table in ["exams.csv", "olympiads.csv"] {
        for row in read_excel_csv(&data.path().join(table)).iter().skip(1) {
            if let Some(pupil) = row.get(4).filter(|p| !p.is_empty()) {
                pupils.insert(pupil.clone());
            }
        }
    }
    assert!(pupils.len() > 1000, "{} pupil ids", pupils.len());
    let is_pupil = |text: &str| {
        text.split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .find(|t| pupils.contains(*t))
            .map(str::to_owned)
    };
    for (path, bytes) in snapshot(out.path()) {
        if path.extension().is_some_and(|e| e == "xlsx" || e == "png") {
            continue;
        }
        // The rerun cache is the input as read, pupils' ids with it (docs/output-format.md,
        // "The rerun cache"): not an output, and compressed, so not text to look through.
        if path.starts_with(out.path().join("cache")) {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        assert_eq!(is_pupil(&text), None, "{}", path.display());
    }
    for (sheet, rows) in workbook_cells(&out.path().join("results.xlsx")) {
        for cell in rows.iter().flatten() {
            assert_eq!(is_pupil(cell), None, "{sheet}");
        }
    }
}
