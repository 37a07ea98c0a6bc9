//! Writing a district in the input format (for `generate`): the tables an
//! analyst would bring, as Russian Excel saves them (UTF-8 with BOM, `;`,
//! decimal comma), with Russian headers and values.

use std::path::{Path, PathBuf};

use ingest::columns::spec;
use ingest::{Category, District, Lang, PassportField, TableKind};

use crate::csv::ExcelCsv;
use crate::text::decimal;
use crate::{write_file, ReportError};

fn num(x: Option<f64>) -> String {
    x.map(|v| {
        if v.fract() == 0.0 {
            decimal(v, 0, Lang::Ru)
        } else {
            let s = decimal(v, 5, Lang::Ru);
            s.trim_end_matches('0').to_owned()
        }
    })
    .unwrap_or_default()
}

fn header(table: TableKind) -> Vec<&'static str> {
    spec(table).iter().map(|c| c.ru).collect()
}

fn label<C: Category>(c: Option<C>) -> String {
    c.map(|v| v.label(Lang::Ru).to_owned()).unwrap_or_default()
}

/// Writes schools.csv, staff.csv, exams.csv and olympiads.csv into `dir`.
pub fn write_district(dir: &Path, district: &District) -> Result<Vec<PathBuf>, ReportError> {
    let id = |ix: ingest::SchoolIx| district.school(ix).id.0.clone();
    let mut tables: Vec<(TableKind, ExcelCsv)> = Vec::new();

    let mut csv = ExcelCsv::new();
    csv.row(&header(TableKind::Schools));
    for s in &district.schools {
        let mut row = vec![
            s.id.0.clone(),
            s.name.clone(),
            s.students.to_string(),
            label(s.kind),
            label(s.settlement),
            num(s.lat),
            num(s.lon),
        ];
        row.extend(PassportField::ALL.iter().map(|&f| num(s.passport.get(f))));
        csv.row(&row);
    }
    tables.push((TableKind::Schools, csv));

    let mut csv = ExcelCsv::new();
    csv.row(&header(TableKind::Staff));
    for t in &district.staff {
        csv.row(&[
            id(t.school),
            t.staff_id.clone(),
            t.role.clone().unwrap_or_default(),
            t.subject
                .as_ref()
                .map(|s| s.to_string())
                .unwrap_or_default(),
            num(t.experience_years),
            label(t.qualification),
            num(t.age),
        ]);
    }
    tables.push((TableKind::Staff, csv));

    let mut csv = ExcelCsv::new();
    csv.row(&header(TableKind::Exams));
    for r in &district.exams {
        csv.row(&[
            id(r.school),
            r.year.to_string(),
            label(Some(r.exam)),
            r.subject.to_string(),
            r.student_id.clone().unwrap_or_default(),
            num(Some(r.score)),
        ]);
    }
    tables.push((TableKind::Exams, csv));

    let mut csv = ExcelCsv::new();
    csv.row(&header(TableKind::Olympiads));
    for r in &district.olympiads {
        csv.row(&[
            id(r.school),
            r.year.to_string(),
            label(Some(r.stage)),
            r.subject
                .as_ref()
                .map(|s| s.to_string())
                .unwrap_or_default(),
            r.student_id.clone().unwrap_or_default(),
            label(Some(r.result)),
        ]);
    }
    tables.push((TableKind::Olympiads, csv));

    let mut written = Vec::new();
    for (table, csv) in tables {
        let path = dir.join(format!("{}.csv", table.stem()));
        write_file(&path, &csv.into_bytes())?;
        written.push(path);
    }
    Ok(written)
}

/// Writes truth.csv: each school's hidden effectiveness and whether it was planted low.
pub fn write_truth(dir: &Path, truth: &[synth::Truth]) -> Result<PathBuf, ReportError> {
    let mut csv = ExcelCsv::new();
    csv.row(&[
        "school_id",
        "archetype",
        "context_effect",
        "effectiveness",
        "planted_low",
    ]);
    for t in truth {
        csv.row(&[
            t.school.0.clone(),
            t.archetype.code().to_owned(),
            decimal(t.context_effect, 3, Lang::Ru),
            decimal(t.effectiveness, 3, Lang::Ru),
            u8::from(t.planted_low).to_string(),
        ]);
    }
    let path = dir.join("truth.csv");
    write_file(&path, &csv.into_bytes())?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_district_reads_back_identical() {
        let params = synth::SynthParams::new(12, 2)
            .seed(3)
            .check()
            .expect("valid");
        let district = synth::generate(&params).district;
        let dir = tempfile::tempdir().expect("temp dir");
        write_district(dir.path(), &district).expect("written");
        let back =
            ingest::read_district(dir.path(), &ingest::ReadOptions::default()).expect("reads back");
        assert_eq!(back.schools, district.schools);
        assert_eq!(back.staff, district.staff);
        assert_eq!(back.exams, district.exams);
        assert_eq!(back.olympiads, district.olympiads);
        assert_eq!(back.sources.len(), 4);
        assert!(back
            .sources
            .iter()
            .all(|s| s.rejected == 0 && s.accepted == s.rows));
        assert!(back.missing_optional.is_empty());
    }
}
