//! The real Moscow open-data table of ЕГЭ results (data.mos.ru, 2015–2016) as an extra
//! indicator table. The file is not part of the repository: it is read from
//! `../shared/realdata/` next to the checkout (CI lays `shared/` there). In CI a missing file
//! fails the test; elsewhere the test says loudly that it is skipped.

use std::fs;
use std::path::PathBuf;

use ingest::{read_district, ReadOptions};

fn real_file() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/realdata/moscow_ege_2016/data-9722-2016-10-31.csv")
}

/// The cells of a `;`-separated line whose every cell is quoted.
fn cells(line: &str) -> Vec<String> {
    line.trim_end_matches(['\r', '\n'])
        .split("\";\"")
        .map(|c| c.trim_matches(|ch| ch == '"' || ch == ';').to_owned())
        .collect()
}

#[test]
fn the_moscow_ege_table_reads_as_an_extra_indicator_table() {
    let path = real_file();
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if std::env::var_os("CI").is_none() => {
            eprintln!(
                "\n*** SKIPPED the_moscow_ege_table_reads_as_an_extra_indicator_table: {}: {e} ***\n",
                path.display()
            );
            return;
        }
        Err(e) => panic!(
            "{}: {e} (CI must have shared/ beside the clone)",
            path.display()
        ),
    };
    let mut lines = text.lines();
    let header = cells(lines.next().expect("header"));
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let (ogrn, name, passed, over_160) = (
        col("OGRN"),
        col("EDU_NAME"),
        col("PASSED_NUMBER_FULL"),
        col("PASSER_UNDER_160"),
    );
    let rows: Vec<Vec<String>> = lines.map(cells).collect();
    assert_eq!(rows.len(), 626);

    // A district made of the file's own schools, keyed by ОГРН, with one ЕГЭ result each.
    let dir = tempfile::tempdir().expect("temp dir");
    let mut schools = String::from("код ОО\tнаименование\tобучающихся\n");
    let mut exams = String::from("код ОО\tгод\tэкзамен\tпредмет\tбалл\n");
    for r in &rows {
        schools.push_str(&format!("{}\t{}\t1000\n", r[ogrn], r[name]));
        exams.push_str(&format!("{}\t2016\tЕГЭ\tматематика\t60\n", r[ogrn]));
    }
    fs::write(dir.path().join("schools.csv"), schools).expect("schools");
    fs::write(dir.path().join("exams.csv"), exams).expect("exams");
    let config = format!(
        "[[extra]]\nfile = '{}'\nschool_id = \"OGRN\"\nyear = \"YEAR\"\n\
         [[extra.indicators]]\ncode = \"ege_160_share\"\nname = \"160+, %\"\n\
         column = \"PASSER_UNDER_160\"\nper = \"PASSED_NUMBER_FULL\"\n\
         [[extra.indicators]]\ncode = \"ege_220_share\"\nname = \"220+, %\"\n\
         column = \"PASSES_OVER_220\"\nper = \"PASSED_NUMBER_FULL\"\n",
        path.display()
    );
    fs::write(dir.path().join("district.toml"), config).expect("config");

    let d = read_district(dir.path(), &ReadOptions::default())
        .unwrap_or_else(|e| panic!("{}", e.message(model::Lang::En)))
        .0;
    // Every column the config does not name is reported as not used, and nothing else.
    let unused: Vec<&str> = d
        .warnings
        .iter()
        .filter(|w| matches!(w.kind, model::ProblemKind::UnusedColumn { extra: true, .. }))
        .filter_map(|w| w.column.as_deref())
        .collect();
    assert_eq!(unused.len(), d.warnings.len(), "{:?}", d.warnings);
    assert_eq!(
        unused,
        [
            "signature_date",
            "system_object_id",
            "global_id",
            "ID",
            "AdmArea",
            "District",
            "EDU_NAME",
            "LINK"
        ]
    );
    let source = d
        .sources
        .iter()
        .find(|s| s.name == "data-9722-2016-10-31.csv")
        .expect("the real file in the manifest");
    assert_eq!(
        (source.rows, source.accepted, source.rejected),
        (626, 626, 0)
    );
    assert_eq!(source.years, vec![2016]);
    assert_eq!(d.extra_values.len(), 2 * 626);
    // Every 160+ share is the file's count over its graduates, and within 0–100.
    for (r, v) in rows
        .iter()
        .zip(d.extra_values.iter().filter(|v| v.indicator == 0))
    {
        let want = 100.0 * r[over_160].parse::<f64>().expect("count")
            / r[passed].parse::<f64>().expect("graduates");
        assert_eq!(d.school(v.school).id.0, r[ogrn]);
        assert!((v.value - want).abs() < 1e-9, "{} vs {want}", v.value);
        assert!((0.0..=100.0).contains(&v.value));
    }
}
