//! Writing a district in the input format (for `generate`): the tables an
//! analyst would bring, as Russian Excel saves them (UTF-8 with BOM, `;`,
//! decimal comma), with Russian headers and values.

use std::path::Path;

use model::columns::spec;
use model::{Category, District, Lang, PassportField, TableKind, YesNo};

use crate::csv::{push_row, Csv, CsvDialect};
use crate::text::decimal;
use crate::{write_file, write_streamed, ReportError, WrittenFile};

fn num(x: Option<f64>) -> String {
    x.map(|v| {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            // Whole numbers (every score) as integers: what `decimal(v, 0)`
            // writes, without its exact float formatting, which is slow.
            (v as i64).to_string()
        } else if v.fract() == 0.0 {
            decimal(v, 0, Lang::Ru)
        } else {
            let s = decimal(v, 5, Lang::Ru);
            s.trim_end_matches('0').to_owned()
        }
    })
    .unwrap_or_default()
}

fn header(table: TableKind) -> Vec<&'static str> {
    columns(table, |_| true)
}

/// The Russian headers of the columns of a table whose canonical name passes `keep`.
fn columns(table: TableKind, keep: impl Fn(&str) -> bool) -> Vec<&'static str> {
    spec(table)
        .iter()
        .filter(|c| keep(&c.canonical))
        .map(|c| c.ru.as_ref())
        .collect()
}

/// Columns of the per-student exam table.
const PER_STUDENT: [&str; 7] = [
    "school_id",
    "year",
    "exam",
    "subject",
    "student_id",
    "score",
    "mark",
];
/// Columns of the per-school exam table.
const PER_SCHOOL: [&str; 10] = [
    "school_id",
    "year",
    "exam",
    "subject",
    "participants",
    "mean_score",
    "sd_score",
    "mean_mark",
    "failed",
    "high_scorers",
];

fn label<C: Category>(c: Option<C>) -> String {
    c.map(|v| v.label(Lang::Ru).to_owned()).unwrap_or_default()
}

/// Writes the table `path` of `count` rows, row `i` put into `cells` by
/// `fill`, with the columns that have a value in some row (an optional column
/// the district does not fill is left out, as an analyst's file would). Two
/// passes, one to find the filled columns and one to write the rows as they
/// are made, so that a country's 30 million exam rows are never held as text.
fn write_table(
    path: &Path,
    headers: &[&str],
    count: usize,
    fill: impl Fn(usize, &mut Vec<String>),
) -> Result<WrittenFile, ReportError> {
    let mut cells = Vec::with_capacity(headers.len());
    let mut filled = vec![false; headers.len()];
    for i in 0..count {
        if filled.iter().all(|&f| f) {
            break;
        }
        cells.clear();
        fill(i, &mut cells);
        for (f, cell) in filled.iter_mut().zip(&cells) {
            *f |= !cell.is_empty();
        }
    }
    let keep: Vec<usize> = (0..headers.len()).filter(|&c| filled[c]).collect();
    let dialect = CsvDialect::ExcelRu;
    write_streamed(path, |out| {
        let mut text = String::from(dialect.preamble());
        push_row(
            dialect,
            &keep.iter().map(|&c| headers[c]).collect::<Vec<_>>(),
            &mut text,
        );
        for i in 0..count {
            cells.clear();
            fill(i, &mut cells);
            push_row(
                dialect,
                &keep.iter().map(|&c| cells[c].as_str()).collect::<Vec<_>>(),
                &mut text,
            );
            if text.len() >= 1 << 16 {
                out.write_all(text.as_bytes())?;
                text.clear();
            }
        }
        out.write_all(text.as_bytes())
    })
}

/// Writes schools.csv, staff.csv, exams.csv, olympiads.csv and, when the district has methodical
/// clusters, activities.csv into `dir`.
pub fn write_district(dir: &Path, district: &District) -> Result<Vec<WrittenFile>, ReportError> {
    let path = |table: TableKind| dir.join(format!("{}.csv", table.stem()));
    if !district.exam_summaries.is_empty() && !district.exams.is_empty() {
        return Err(ReportError::MixedExamShapes);
    }
    let mut written = vec![
        write_schools(&path(TableKind::Schools), district)?,
        write_staff(&path(TableKind::Staff), district)?,
        write_exams(&path(TableKind::Exams), district)?,
        write_olympiads(&path(TableKind::Olympiads), district)?,
    ];
    if !district.activities.is_empty() {
        written.push(write_activities(&path(TableKind::Activities), district)?);
    }
    Ok(written)
}

fn write_activities(path: &Path, district: &District) -> Result<WrittenFile, ReportError> {
    let header = header(TableKind::Activities);
    let yes_no = |yes: bool| label(Some(if yes { YesNo::Yes } else { YesNo::No }));
    write_table(path, &header, district.activities.len(), |i, row| {
        let r = &district.activities[i];
        row.extend([
            r.cluster.clone(),
            r.year.to_string(),
            r.lead_school
                .map(|s| id_of(district, s))
                .unwrap_or_default(),
        ]);
        row.extend(r.counts.iter().map(u32::to_string));
        row.extend([
            yes_no(r.composition_kept),
            yes_no(r.plan_fulfilled),
            label(Some(r.product)),
        ]);
    })
}

/// A school's id by its position.
fn id_of(district: &District, ix: model::SchoolIx) -> String {
    district.school(ix).id.0.clone()
}

/// A count, or an empty cell.
fn count(n: Option<u32>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

fn write_schools(path: &Path, district: &District) -> Result<WrittenFile, ReportError> {
    let header = header(TableKind::Schools);
    write_table(path, &header, district.schools.len(), |i, row| {
        let s = &district.schools[i];
        row.extend([
            s.id.0.clone(),
            s.name.clone(),
            s.students.to_string(),
            label(s.kind),
            label(s.settlement),
            num(s.lat),
            num(s.lon),
        ]);
        row.extend(PassportField::ALL.iter().map(|&f| num(s.passport.get(f))));
        row.push(num(s.vacancies));
    })
}

fn write_staff(path: &Path, district: &District) -> Result<WrittenFile, ReportError> {
    let header = header(TableKind::Staff);
    write_table(path, &header, district.staff.len(), |i, row| {
        let t = &district.staff[i];
        row.extend([
            id_of(district, t.school),
            t.staff_id.clone(),
            t.full_name.clone().unwrap_or_default(),
            t.role.clone().unwrap_or_default(),
            t.subject
                .as_ref()
                .map(|s| s.to_string())
                .unwrap_or_default(),
            num(t.experience_years),
            num(t.years_in_post),
            label(t.qualification),
            num(t.age),
        ]);
    })
}

/// The exam table in the shape the district has: per student, or per school.
fn write_exams(path: &Path, district: &District) -> Result<WrittenFile, ReportError> {
    if district.exam_summaries.is_empty() {
        let header = columns(TableKind::Exams, |c| PER_STUDENT.contains(&c));
        write_table(path, &header, district.exams.len(), |i, row| {
            let r = &district.exams[i];
            row.extend([
                id_of(district, r.school),
                r.year.to_string(),
                label(Some(r.exam)),
                r.subject.to_string(),
                r.student
                    .map(|s| district.students.id(s).to_owned())
                    .unwrap_or_default(),
                num(r.score),
                count(r.mark.map(u32::from)),
            ]);
        })
    } else {
        let header = columns(TableKind::Exams, |c| PER_SCHOOL.contains(&c));
        write_table(path, &header, district.exam_summaries.len(), |i, row| {
            let r = &district.exam_summaries[i];
            row.extend([
                id_of(district, r.school),
                r.year.to_string(),
                label(Some(r.exam)),
                r.subject.to_string(),
                r.participants.to_string(),
                num(r.mean_score),
                num(r.sd_score),
                num(r.mean_mark),
                count(r.failed),
                count(r.high_scorers),
            ]);
        })
    }
}

fn write_olympiads(path: &Path, district: &District) -> Result<WrittenFile, ReportError> {
    let header = header(TableKind::Olympiads);
    write_table(path, &header, district.olympiads.len(), |i, row| {
        let r = &district.olympiads[i];
        row.extend([
            id_of(district, r.school),
            r.year.to_string(),
            label(Some(r.stage)),
            r.subject
                .as_ref()
                .map(|s| s.to_string())
                .unwrap_or_default(),
            r.student_id.clone().unwrap_or_default(),
            label(Some(r.result)),
        ]);
    })
}

/// One school of a generated district's hidden truth, as truth.csv lays it out.
#[derive(Debug, Clone, PartialEq)]
pub struct TruthRow<'a> {
    /// The school's id.
    pub school_id: &'a str,
    /// The kind of school it was drawn as (a code).
    pub archetype: &'static str,
    /// How much its conditions raise or lower its results.
    pub context_effect: f64,
    /// Its hidden effectiveness.
    pub effectiveness: f64,
    /// Whether it was planted as a low-result school.
    pub planted_low: bool,
    /// The planted causes, by code.
    pub causes: Vec<String>,
    /// Whether its ВПР results were inflated.
    pub inflated_vpr: bool,
    /// Stage 5's planted help, when the school was supported by a programme.
    pub supported: Option<PlantedHelp<'a>>,
}

/// The help planted in a supported school (`generate --programme-from`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlantedHelp<'a> {
    /// The August run that first paired it (its baseline year).
    pub from: u16,
    /// That pair's base school.
    pub base_school_id: &'a str,
    /// The full effect, in standard deviations of the composite.
    pub effect_sd: f64,
    /// The same in ЕГЭ points of the school's expected result.
    pub effect_points: f64,
}

/// Writes truth.csv: each school's hidden effectiveness, whether it was planted low and why,
/// whether its ВПР results were inflated and, for a planted programme, the help planted in it.
pub fn write_truth(dir: &Path, truth: &[TruthRow<'_>]) -> Result<WrittenFile, ReportError> {
    let mut csv = Csv::new(CsvDialect::ExcelRu);
    csv.row(&[
        "school_id",
        "archetype",
        "context_effect",
        "effectiveness",
        "planted_low",
        "planted_causes",
        "inflated_vpr",
        "supported_from",
        "base_school_id",
        "planted_effect_sd",
        "planted_effect_points",
    ]);
    for t in truth {
        let help = t.supported.as_ref();
        csv.row(&[
            t.school_id.to_owned(),
            t.archetype.to_owned(),
            decimal(t.context_effect, 3, Lang::Ru),
            decimal(t.effectiveness, 3, Lang::Ru),
            u8::from(t.planted_low).to_string(),
            t.causes.join(";"),
            u8::from(t.inflated_vpr).to_string(),
            help.map_or(String::new(), |h| h.from.to_string()),
            help.map_or(String::new(), |h| h.base_school_id.to_owned()),
            decimal(help.map_or(0.0, |h| h.effect_sd), 3, Lang::Ru),
            decimal(help.map_or(0.0, |h| h.effect_points), 3, Lang::Ru),
        ]);
    }
    write_file(&dir.join(model::TRUTH_FILE), &csv.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_russian_excel_shows_them() {
        let check = |x: f64, expected: &str| assert_eq!(num(Some(x)), expected, "{x}");
        check(93.0, "93");
        check(-0.0, "0");
        check(-12.0, "-12");
        check(46.1397, "46,1397");
        check(0.123456, "0,12346");
        check(1e16, "10000000000000000");
        assert_eq!(num(None), "");
    }
}
