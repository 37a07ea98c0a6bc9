//! Reading a data folder into a [`District`], collecting every problem.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::columns::{spec, ColumnSpec};
use crate::config::{read_config, ExtraAliases, CONFIG_FILE};
use crate::model::{
    Category, ColumnStats, District, ExamKind, ExamRecord, OlympiadRecord, OlympiadResult,
    OlympiadStage, Passport, PassportField, Qualification, School, SchoolId, SchoolIx, SchoolKind,
    Settlement, SourceFile, StaffMember, Subject, TableKind,
};
use crate::parse::{is_blank, parse_number};
use crate::problem::{IngestError, Problem, ProblemKind};
use crate::table::{read_table, RawTable, TextEncoding};

/// How to read a data folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Set bad rows aside (and list them) instead of failing. File-level
    /// problems (a missing file or column, an unreadable file) still fail.
    pub skip_bad_rows: bool,
    /// The district config; by default `district.toml` in the data folder, if there.
    pub config: Option<PathBuf>,
    /// The encoding of text files; detected per file when not given.
    pub encoding: Option<TextEncoding>,
}

/// Everything ingest found in a folder: the records it accepted and every problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Ingested {
    /// Accepted records; with `usable == false`, possibly incomplete.
    pub district: District,
    /// Every problem found, file-level ones first.
    pub problems: Vec<Problem>,
    /// Whether the district can be analysed as it is.
    pub usable: bool,
}

/// Reads `schools`, `staff`, `exams` and `olympiads` tables from a folder.
///
/// Every problem in every file is collected before failing, so that the
/// analyst can fix them all in one pass.
pub fn read_district(dir: &Path, options: &ReadOptions) -> Result<District, IngestError> {
    let ingested = inspect_district(dir, options);
    if ingested.usable {
        Ok(ingested.district)
    } else {
        Err(IngestError {
            problems: ingested.problems,
        })
    }
}

/// Reads a folder as [`read_district`] does but never fails: for `check`,
/// which reports on data whether or not it can be analysed.
///
/// The folder holds the tables itself, or one subfolder per year (`2024/`,
/// `2025/`, …) each holding that year's tables; there a table may omit the
/// `year` column, and a school's passport is taken from the latest year that has it.
pub fn inspect_district(dir: &Path, options: &ReadOptions) -> Ingested {
    let mut fatal = Vec::new();
    let mut bad_rows = Vec::new();
    let mut district = District::default();
    let aliases = match config_path(dir, options) {
        Some(path) => match read_config(&path) {
            Ok(aliases) => aliases,
            Err(problems) => {
                return Ingested {
                    district,
                    problems,
                    usable: false,
                }
            }
        },
        None => ExtraAliases::default(),
    };
    let layers = match layers(dir) {
        Ok(layers) => layers,
        Err(problem) => {
            return Ingested {
                district,
                problems: vec![*problem],
                usable: false,
            }
        }
    };
    // Read and resolve every table of every layer.
    let mut resolved: Vec<(Option<u16>, TableKind, Resolved)> = Vec::new();
    for (year, folder) in &layers {
        for table in TableKind::ALL {
            let Some(path) = find_table_file(folder, table) else {
                if table.required() {
                    fatal.push(Problem::new(
                        &folder.display().to_string(),
                        ProblemKind::MissingFile {
                            expected: format!("{}.csv", table.stem()),
                        },
                    ));
                } else if !district.missing_optional.contains(&table) {
                    district.missing_optional.push(table);
                }
                continue;
            };
            let file_name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string());
            let name = match year {
                Some(y) => format!("{y}/{file_name}"),
                None => file_name,
            };
            let bytes = match fs::read(&path) {
                Ok(bytes) => bytes,
                Err(e) => {
                    fatal.push(Problem::new(
                        &name,
                        ProblemKind::Unreadable {
                            detail: e.to_string(),
                        },
                    ));
                    continue;
                }
            };
            let raw = match read_table(&name, &bytes, spec(table), options.encoding) {
                Ok(raw) => raw,
                Err(problem) => {
                    fatal.push(*problem);
                    continue;
                }
            };
            let rows = raw.height();
            let table_resolved = Resolved::new(raw, spec(table), &aliases, *year, &mut fatal);
            district.sources.push(SourceFile {
                table,
                name,
                sha256: hex_sha256(&bytes),
                rows,
                accepted: 0,
                rejected: rows,
                schools: 0,
                years: Vec::new(),
                columns: table_resolved
                    .as_ref()
                    .map(Resolved::column_stats)
                    .unwrap_or_default(),
            });
            if let Some(r) = table_resolved {
                resolved.push((*year, table, r));
            }
        }
    }
    // A table present in some year folders only is still optional-missing nowhere.
    district
        .missing_optional
        .retain(|t| !resolved.iter().any(|(_, table, _)| table == t));

    // Schools first: later years' rows replace earlier years' passports.
    let mut schools_files: Vec<String> = Vec::new();
    let mut rejected_ids: HashMap<String, (String, usize)> = HashMap::new();
    for (_, _, t) in resolved.iter().filter(|(_, k, _)| *k == TableKind::Schools) {
        let (records, rejected) = read_schools(t, &mut bad_rows);
        let rejected_count = t.raw.height() - records.len();
        account(
            &mut district,
            &t.raw.file,
            rejected_count,
            records.len(),
            Vec::new(),
        );
        for (id, row) in rejected {
            rejected_ids.insert(id, (t.raw.file.clone(), row));
        }
        if t.raw.height() == 0 {
            fatal.push(Problem::new(&t.raw.file, ProblemKind::NoSchools));
        }
        for school in records {
            match district.schools.iter_mut().find(|s| s.id == school.id) {
                Some(existing) => *existing = school,
                None => district.schools.push(school),
            }
        }
        schools_files.push(t.raw.file.clone());
    }
    if !schools_files.is_empty() {
        let ids = SchoolIndex::new(&district.schools, &schools_files.join(", "), rejected_ids);
        for (_, table, t) in &resolved {
            let (rejected, schools, years) = match table {
                TableKind::Schools => continue,
                TableKind::Staff => {
                    let (records, rejected) = read_staff(t, &ids, &mut bad_rows);
                    let cover = coverage(records.iter().map(|r| (r.school, r.year)));
                    district.staff.extend(records);
                    (rejected, cover.0, cover.1)
                }
                TableKind::Exams => {
                    let (records, rejected) = read_exams(t, &ids, &mut bad_rows);
                    let cover = coverage(records.iter().map(|r| (r.school, Some(r.year))));
                    district.exams.extend(records);
                    (rejected, cover.0, cover.1)
                }
                TableKind::Olympiads => {
                    let (records, rejected) = read_olympiads(t, &ids, &mut bad_rows);
                    let cover = coverage(records.iter().map(|r| (r.school, Some(r.year))));
                    district.olympiads.extend(records);
                    (rejected, cover.0, cover.1)
                }
            };
            account(&mut district, &t.raw.file, rejected, schools, years);
        }
    }
    let usable = fatal.is_empty() && (bad_rows.is_empty() || options.skip_bad_rows);
    if usable {
        district.set_aside = bad_rows.clone();
    }
    fatal.extend(bad_rows);
    Ingested {
        district,
        problems: fatal,
        usable,
    }
}

/// The config to read: the one named, else `district.toml` in the data folder if present.
fn config_path(dir: &Path, options: &ReadOptions) -> Option<PathBuf> {
    options.config.clone().or_else(|| {
        let default = dir.join(CONFIG_FILE);
        default.is_file().then_some(default)
    })
}

/// The folders to read: the data folder itself, or its year subfolders in year order.
fn layers(dir: &Path) -> Result<Vec<(Option<u16>, PathBuf)>, Box<Problem>> {
    let missing = || {
        Box::new(Problem::new(
            &dir.display().to_string(),
            ProblemKind::MissingFile {
                expected: dir.display().to_string(),
            },
        ))
    };
    let entries = fs::read_dir(dir).map_err(|_| missing())?;
    let mut years: Vec<(Option<u16>, PathBuf)> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .filter_map(|p| {
            let year: u16 = p.file_name()?.to_str()?.parse().ok()?;
            (1990..=2100).contains(&year).then_some((Some(year), p))
        })
        .collect();
    years.sort();
    let has_own_tables = TableKind::ALL
        .iter()
        .any(|&t| find_table_file(dir, t).is_some());
    match (years.is_empty(), has_own_tables) {
        (true, _) => Ok(vec![(None, dir.to_owned())]),
        (false, false) => Ok(years),
        (false, true) => Err(Box::new(Problem::new(
            &dir.display().to_string(),
            ProblemKind::MixedLayout {
                years: years.iter().filter_map(|(y, _)| *y).collect(),
            },
        ))),
    }
}

/// Records how many rows of a file were accepted and rejected, and what they cover.
fn account(district: &mut District, file: &str, rejected: usize, schools: usize, years: Vec<u16>) {
    if let Some(source) = district.sources.iter_mut().find(|s| s.name == file) {
        source.rejected = rejected;
        source.accepted = source.rows - rejected;
        source.schools = schools;
        source.years = years;
    }
}

/// Distinct schools and years (ascending) of a file's accepted records.
fn coverage(records: impl Iterator<Item = (SchoolIx, Option<u16>)>) -> (usize, Vec<u16>) {
    let mut schools = std::collections::BTreeSet::new();
    let mut years = std::collections::BTreeSet::new();
    for (school, year) in records {
        schools.insert(school);
        years.extend(year);
    }
    (schools.len(), years.into_iter().collect())
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `schools.csv` (or `.txt`, `.xlsx`, `.xls`, `.ods`), matched without regard to case;
/// when several exist, the first by name.
fn find_table_file(dir: &Path, table: TableKind) -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> = fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter(|p| {
            let stem = p.file_stem().map(|s| s.to_string_lossy().to_lowercase());
            let ext = p.extension().map(|s| s.to_string_lossy().to_lowercase());
            stem.as_deref() == Some(table.stem())
                && matches!(
                    ext.as_deref(),
                    Some("csv" | "txt" | "xlsx" | "xlsm" | "xls" | "ods")
                )
        })
        .collect();
    candidates.sort();
    candidates.into_iter().next()
}

/// A table whose headers have been matched to the canonical columns.
#[derive(Debug)]
struct Resolved {
    raw: RawTable,
    spec: &'static [ColumnSpec],
    /// For each column of `spec`, its index among the file's headers.
    index: Vec<Option<usize>>,
    /// The year of the folder the file is in, if it is in a year folder.
    folder_year: Option<u16>,
}

impl Resolved {
    fn new(
        raw: RawTable,
        spec: &'static [ColumnSpec],
        aliases: &ExtraAliases,
        folder_year: Option<u16>,
        problems: &mut Vec<Problem>,
    ) -> Option<Self> {
        let mut index = vec![None; spec.len()];
        let before = problems.len();
        for (h, header) in raw.headers.iter().enumerate() {
            let Some(c) = spec.iter().position(|c| aliases.matches(c, header)) else {
                continue;
            };
            match index[c] {
                None => index[c] = Some(h),
                Some(first) => problems.push(raw.problem(
                    Some(raw.header_row()),
                    Some(header.clone()),
                    None,
                    ProblemKind::DuplicateColumn {
                        other: raw.headers[first].clone(),
                    },
                )),
            }
        }
        for (c, col) in spec.iter().enumerate() {
            // In a year folder the year may come from the folder.
            let implied = folder_year.is_some() && col.canonical == "year";
            if col.required && !implied && index[c].is_none() {
                problems.push(raw.problem(
                    None,
                    Some(col.ru.to_owned()),
                    None,
                    ProblemKind::MissingColumn {
                        similar: col.similar_headers(&raw.headers),
                        found: raw.headers.clone(),
                    },
                ));
            }
        }
        (problems.len() == before).then_some(Resolved {
            raw,
            spec,
            index,
            folder_year,
        })
    }

    /// Missing cells of every column of the spec that the file has.
    fn column_stats(&self) -> Vec<ColumnStats> {
        self.spec
            .iter()
            .zip(&self.index)
            .filter_map(|(col, h)| {
                let h = (*h)?;
                let missing = self
                    .raw
                    .column(h)
                    .iter()
                    .filter(|c| c.is_none_or(is_blank))
                    .count();
                Some(ColumnStats {
                    canonical: col.canonical,
                    header: self.raw.headers[h].clone(),
                    missing,
                })
            })
            .collect()
    }

    fn col(&self, canonical: &str) -> Option<usize> {
        let c = self.spec.iter().position(|c| c.canonical == canonical)?;
        self.index[c]
    }

    /// The non-blank text of a cell, if the column exists.
    fn cell(&self, canonical: &str, row: usize) -> Option<&str> {
        let h = self.col(canonical)?;
        self.raw
            .column(h)
            .get(row)
            .filter(|t| !is_blank(t))
            .map(str::trim)
    }

    fn problem(&self, canonical: &str, row: usize, kind: ProblemKind) -> Problem {
        let column = self.col(canonical).map(|h| self.raw.headers[h].clone());
        let value = self
            .col(canonical)
            .and_then(|h| self.raw.column(h).get(row))
            .map(str::to_owned);
        self.raw
            .problem(Some(self.raw.row_number(row)), column, value, kind)
    }
}

/// Reads the cells of one row, recording each problem.
struct Row<'a> {
    table: &'a Resolved,
    row: usize,
    problems: &'a mut Vec<Problem>,
    ok: bool,
}

impl<'a> Row<'a> {
    fn new(table: &'a Resolved, row: usize, problems: &'a mut Vec<Problem>) -> Self {
        Row {
            table,
            row,
            problems,
            ok: true,
        }
    }

    fn fail(&mut self, canonical: &str, kind: ProblemKind) {
        self.problems
            .push(self.table.problem(canonical, self.row, kind));
        self.ok = false;
    }

    fn optional_text(&self, canonical: &str) -> Option<String> {
        self.table.cell(canonical, self.row).map(str::to_owned)
    }

    fn text(&mut self, canonical: &str) -> Option<String> {
        let text = self.optional_text(canonical);
        if text.is_none() {
            self.fail(canonical, ProblemKind::Empty);
        }
        text
    }

    fn optional_number(&mut self, canonical: &str, range: Option<(f64, f64)>) -> Option<f64> {
        let text = self.table.cell(canonical, self.row)?;
        let Some(value) = parse_number(text) else {
            self.fail(canonical, ProblemKind::NotANumber);
            return None;
        };
        if let Some((min, max)) = range {
            if !(min..=max).contains(&value) {
                self.fail(canonical, ProblemKind::OutOfRange { min, max });
                return None;
            }
        }
        Some(value)
    }

    fn number(&mut self, canonical: &str, range: Option<(f64, f64)>) -> Option<f64> {
        if self.table.cell(canonical, self.row).is_none() {
            self.fail(canonical, ProblemKind::Empty);
            return None;
        }
        self.optional_number(canonical, range)
    }

    fn whole(&mut self, canonical: &str, range: (u32, u32)) -> Option<u32> {
        let value = self.number(canonical, None)?;
        if value.fract() != 0.0 || value < 0.0 || value > f64::from(u32::MAX) {
            self.fail(canonical, ProblemKind::NotAWholeNumber);
            return None;
        }
        let (min, max) = range;
        if value < f64::from(min) || value > f64::from(max) {
            self.fail(
                canonical,
                ProblemKind::OutOfRange {
                    min: f64::from(min),
                    max: f64::from(max),
                },
            );
            return None;
        }
        Some(value as u32)
    }

    fn optional_category<C: Category>(&mut self, canonical: &str) -> Option<C> {
        let text = self.table.cell(canonical, self.row)?;
        let value = C::parse(text);
        if value.is_none() {
            let expected = C::expected(crate::Lang::Ru) + " / " + &C::expected(crate::Lang::En);
            self.fail(canonical, ProblemKind::UnknownValue { expected });
        }
        value
    }

    fn category<C: Category>(&mut self, canonical: &str) -> Option<C> {
        if self.table.cell(canonical, self.row).is_none() {
            self.fail(canonical, ProblemKind::Empty);
            return None;
        }
        self.optional_category(canonical)
    }

    fn school(&mut self, ids: &SchoolIndex) -> Option<SchoolIx> {
        let id = self.text("school_id")?;
        let ix = ids.get(&id);
        if ix.is_none() {
            let kind = match ids.rejected.get(&id) {
                Some((schools_file, row)) => ProblemKind::SchoolRowRejected {
                    schools_file: schools_file.clone(),
                    row: *row,
                },
                None => ProblemKind::UnknownSchool {
                    schools_file: ids.file.clone(),
                },
            };
            self.fail("school_id", kind);
        }
        ix
    }

    /// The row's year: its `year` cell, which must agree with the year folder it is in, if any.
    fn year(&mut self) -> Option<u16> {
        let folder = self.table.folder_year;
        if folder.is_some() && self.table.col("year").is_none() {
            return folder;
        }
        let year = self.whole("year", (1990, 2100)).map(|y| y as u16)?;
        match folder {
            Some(folder) if folder != year => {
                self.fail("year", ProblemKind::YearMismatch { folder });
                None
            }
            _ => Some(year),
        }
    }
}

/// School ids of the schools table, for checking references.
struct SchoolIndex {
    file: String,
    by_id: HashMap<String, SchoolIx>,
    /// Ids whose schools row was rejected: the file and row, to say so instead of "unknown".
    rejected: HashMap<String, (String, usize)>,
}

impl SchoolIndex {
    fn new(schools: &[School], file: &str, rejected: HashMap<String, (String, usize)>) -> Self {
        let by_id = schools
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.0.clone(), SchoolIx(i as u32)))
            .collect();
        SchoolIndex {
            file: file.to_owned(),
            by_id,
            rejected,
        }
    }
    fn get(&self, id: &str) -> Option<SchoolIx> {
        self.by_id.get(id).copied()
    }
}

/// Reads a schools table: the accepted schools, and the id and row of each rejected row that has an id.
fn read_schools(t: &Resolved, problems: &mut Vec<Problem>) -> (Vec<School>, Vec<(String, usize)>) {
    let mut rejected_ids = Vec::new();
    let mut schools = Vec::new();
    let mut first_row: HashMap<String, usize> = HashMap::new();
    for i in 0..t.raw.height() {
        let mut r = Row::new(t, i, problems);
        let id = r.text("school_id");
        let name = r.text("name");
        let students = r.whole("students", (1, 100_000));
        let kind = r.optional_category::<SchoolKind>("kind");
        let settlement = r.optional_category::<Settlement>("settlement");
        let lat = r.optional_number("lat", Some((-90.0, 90.0)));
        let lon = r.optional_number("lon", Some((-180.0, 180.0)));
        let mut passport = Passport::default();
        for field in PassportField::ALL {
            let range = if field.is_percent() {
                (0.0, 100.0)
            } else {
                (0.0, 10_000.0)
            };
            passport.set(field, r.optional_number(field.code(), Some(range)));
        }
        if let Some(id) = &id {
            if let Some(&first) = first_row.get(id) {
                r.fail(
                    "school_id",
                    ProblemKind::DuplicateSchool { first_row: first },
                );
            } else {
                first_row.insert(id.clone(), t.raw.row_number(i));
            }
        }
        let ok = r.ok;
        match (ok, id, name, students) {
            (true, Some(id), Some(name), Some(students)) => schools.push(School {
                id: SchoolId(id),
                name,
                students,
                kind,
                settlement,
                lat,
                lon,
                passport,
            }),
            (_, id, _, _) => rejected_ids.extend(id.map(|id| (id, t.raw.row_number(i)))),
        }
    }
    (schools, rejected_ids)
}

fn read_staff(
    t: &Resolved,
    ids: &SchoolIndex,
    problems: &mut Vec<Problem>,
) -> (Vec<StaffMember>, usize) {
    let mut rejected = 0;
    let mut staff = Vec::new();
    for i in 0..t.raw.height() {
        let mut r = Row::new(t, i, problems);
        let school = r.school(ids);
        let staff_id = r.text("staff_id");
        let role = r.optional_text("role");
        let subject = r.optional_text("subject").map(|s| Subject::new(&s));
        let experience_years = r.optional_number("experience_years", Some((0.0, 80.0)));
        let qualification = r.optional_category::<Qualification>("qualification");
        let age = r.optional_number("age", Some((14.0, 100.0)));
        rejected += usize::from(!r.ok);
        if let (true, Some(school), Some(staff_id)) = (r.ok, school, staff_id) {
            staff.push(StaffMember {
                school,
                year: t.folder_year,
                staff_id,
                role,
                subject,
                experience_years,
                qualification,
                age,
            });
        }
    }
    (staff, rejected)
}

fn read_exams(
    t: &Resolved,
    ids: &SchoolIndex,
    problems: &mut Vec<Problem>,
) -> (Vec<ExamRecord>, usize) {
    let mut rejected = 0;
    let mut exams = Vec::with_capacity(t.raw.height());
    // A student has one result per exam, subject and year: the row where each was first seen.
    let mut seen: HashMap<(SchoolIx, u16, ExamKind, Subject, String), usize> = HashMap::new();
    for i in 0..t.raw.height() {
        let mut r = Row::new(t, i, problems);
        let school = r.school(ids);
        let year = r.year();
        let exam = r.category::<ExamKind>("exam");
        let subject = r.text("subject").map(|s| Subject::new(&s));
        let student_id = r.optional_text("student_id");
        let range = exam.map(ExamKind::score_range);
        let score = r.number("score", range);
        if let (Some(school), Some(year), Some(exam), Some(subject), Some(student)) =
            (school, year, exam, &subject, &student_id)
        {
            let key = (school, year, exam, subject.clone(), student.clone());
            match seen.get(&key) {
                Some(&first_row) => {
                    r.fail("student_id", ProblemKind::DuplicateStudent { first_row })
                }
                None => {
                    seen.insert(key, t.raw.row_number(i));
                }
            }
        }
        rejected += usize::from(!r.ok);
        if let (true, Some(school), Some(year), Some(exam), Some(subject), Some(score)) =
            (r.ok, school, year, exam, subject, score)
        {
            exams.push(ExamRecord {
                school,
                year,
                exam,
                subject,
                student_id,
                score,
            });
        }
    }
    (exams, rejected)
}

fn read_olympiads(
    t: &Resolved,
    ids: &SchoolIndex,
    problems: &mut Vec<Problem>,
) -> (Vec<OlympiadRecord>, usize) {
    let mut rejected = 0;
    let mut olympiads = Vec::new();
    for i in 0..t.raw.height() {
        let mut r = Row::new(t, i, problems);
        let school = r.school(ids);
        let year = r.year();
        let stage = r.category::<OlympiadStage>("stage");
        let subject = r.optional_text("subject").map(|s| Subject::new(&s));
        let student_id = r.optional_text("student_id");
        let result = r.category::<OlympiadResult>("result");
        rejected += usize::from(!r.ok);
        if let (true, Some(school), Some(year), Some(stage), Some(result)) =
            (r.ok, school, year, stage, result)
        {
            olympiads.push(OlympiadRecord {
                school,
                year,
                stage,
                subject,
                student_id,
                result,
            });
        }
    }
    (olympiads, rejected)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHOOLS: &str = "код ОО;наименование;обучающихся;местность;малообеспеченные, %\n\
        S1;СОШ № 1;500;город;12,5\n\
        S2;ООШ № 2;80;село;\n";
    const EXAMS: &str = "school_id,year,exam,subject,student_id,score\n\
        S1,2025,ЕГЭ,Математика,a,70\n\
        S2,2025,OGE,русский язык,b,25\n";

    fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, text) in files {
            let path = dir.path().join(name);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).expect("fixture folder");
            }
            fs::write(path, text).expect("write fixture");
        }
        dir
    }

    /// Reads a folder and returns the problem messages (English), or an empty list.
    fn check(files: &[(&str, &str)], expected: &[&str]) -> Option<District> {
        let dir = folder(files);
        match read_district(dir.path(), &ReadOptions::default()) {
            Ok(d) => {
                assert!(expected.is_empty(), "expected problems {expected:?}");
                Some(d)
            }
            Err(e) => {
                let got: Vec<String> = e
                    .problems
                    .iter()
                    .map(|p| p.message(crate::Lang::En))
                    .collect();
                let got: Vec<String> = got
                    .into_iter()
                    .map(|m| m.replace(&dir.path().display().to_string(), "DIR"))
                    .collect();
                assert_eq!(got, expected);
                None
            }
        }
    }

    #[test]
    fn reads_typed_records_from_russian_and_english_tables() {
        let d = check(&[("schools.csv", SCHOOLS), ("Exams.CSV", EXAMS)], &[]).expect("ok");
        assert_eq!(d.schools.len(), 2);
        assert_eq!(
            d.schools[0].passport.get(PassportField::LowIncomePct),
            Some(12.5)
        );
        assert_eq!(d.schools[1].passport.get(PassportField::LowIncomePct), None);
        assert_eq!(d.schools[1].settlement, Some(Settlement::Rural));
        assert_eq!(d.exams.len(), 2);
        assert_eq!(d.exams[1].school, SchoolIx(1));
        assert_eq!(d.exams[1].exam, ExamKind::Oge);
        assert_eq!(d.exams[0].subject.as_str(), "математика");
        assert_eq!(
            d.missing_optional,
            vec![TableKind::Staff, TableKind::Olympiads]
        );
        assert_eq!(d.sources.len(), 2);
        assert_eq!(d.sources[1].rows, 2);
        assert_eq!(d.sources[0].sha256, hex_sha256(SCHOOLS.as_bytes()));
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let exams = "school_id,year,exam,subject,score\n\
            S1,2025,ЕГЭ,математика,сорок\n\
            S9,2025,ЕГЭ,математика,50\n\
            S1,2025,ЕГЭ,математика,150\n\
            S1,2025,ЭКЗ,математика,50\n";
        check(
            &[("schools.csv", SCHOOLS), ("exams.csv", exams)],
            &[
                "exams.csv, row 2, column \"score\": \"сорок\" is not a number",
                "exams.csv, row 3, column \"school_id\": no school with id \"S9\" in schools.csv",
                "exams.csv, row 4, column \"score\": value 150 is outside the valid range 0–100",
                "exams.csv, row 5, column \"exam\": unknown value \"ЭКЗ\"; expected one of: ЕГЭ, ОГЭ, ВПР / EGE, OGE, VPR",
            ],
        );
    }

    #[test]
    fn a_student_counted_twice_for_the_same_exam_and_subject() {
        let exams = "school_id;year;exam;subject;student_id;score\n\
            S1;2025;ЕГЭ;математика;a;70\n\
            S1;2025;ЕГЭ;Математика;a;71\n\
            S1;2025;ЕГЭ;физика;a;60\n\
            S1;2024;ЕГЭ;математика;a;50\n";
        check(
            &[("schools.csv", SCHOOLS), ("exams.csv", exams)],
            &[
                "exams.csv, row 3, column \"student_id\": student \"a\" already has a result \
               for this exam, subject and year (row 2)",
            ],
        );
    }

    #[test]
    fn percentages_and_years_out_of_range() {
        let schools =
            "код ОО;наименование;обучающихся;малообеспеченные, %;до районного центра, км\n\
            S1;А;10;120;5\n\
            S2;Б;20;-1;-3\n";
        let exams = "school_id;year;exam;subject;score\nS1;1899;ЕГЭ;математика;50\n";
        check(
            &[("schools.csv", schools), ("exams.csv", exams)],
            &[
                "schools.csv, row 2, column \"малообеспеченные, %\": value 120 is outside the valid range 0–100",
                "schools.csv, row 3, column \"малообеспеченные, %\": value -1 is outside the valid range 0–100",
                "schools.csv, row 3, column \"до районного центра, км\": value -3 is outside the valid range 0–10000",
                "exams.csv, row 2, column \"school_id\": the row of school \"S1\" in schools.csv \
                 (row 2) was rejected for its problems",
                "exams.csv, row 2, column \"year\": value 1899 is outside the valid range 1990–2100",
            ],
        );
    }

    #[test]
    fn duplicate_school_and_missing_column() {
        let schools = "код ОО;наименование;обучающихся\nS1;А;10\nS1;Б;20\n";
        let exams = "school_id;year;exam;subject\nS1;2025;ЕГЭ;математика\n";
        check(
            &[("schools.csv", schools), ("exams.csv", exams)],
            &[
                "exams.csv, column \"балл\": required column not found; the file has: \"school_id\", \"year\", \"exam\", \"subject\"",
                "schools.csv, row 3, column \"код ОО\": school id \"S1\" is repeated (first at row 2)",
            ],
        );
    }

    const BAD_EXAMS: &str = "school_id,year,exam,subject,score\n\
        S1,2025,ЕГЭ,математика,70\n\
        S1,2025,ЕГЭ,математика,сорок\n\
        S9,2025,ЕГЭ,математика,50\n\
        S2,2025,ОГЭ,математика,\n";

    #[test]
    fn rows_read_are_accepted_plus_rejected() {
        let dir = folder(&[("schools.csv", SCHOOLS), ("exams.csv", BAD_EXAMS)]);
        let ingested = inspect_district(dir.path(), &ReadOptions::default());
        assert!(!ingested.usable);
        assert_eq!(ingested.problems.len(), 3);
        let exams = &ingested.district.sources[1];
        assert_eq!((exams.rows, exams.accepted, exams.rejected), (4, 1, 3));
        let score = exams
            .columns
            .iter()
            .find(|c| c.canonical == "score")
            .expect("score stats");
        assert_eq!((score.header.as_str(), score.missing), ("score", 1));
        for s in &ingested.district.sources {
            assert_eq!(s.rows, s.accepted + s.rejected, "{}", s.name);
        }
    }

    #[test]
    fn bad_rows_are_set_aside_on_request() {
        let dir = folder(&[("schools.csv", SCHOOLS), ("exams.csv", BAD_EXAMS)]);
        assert!(read_district(dir.path(), &ReadOptions::default()).is_err());
        let d = read_district(
            dir.path(),
            &ReadOptions {
                skip_bad_rows: true,
                ..ReadOptions::default()
            },
        )
        .expect("usable");
        assert_eq!(d.exams.len(), 1);
        let rows: Vec<Option<usize>> = d.set_aside.iter().map(|p| p.row).collect();
        assert_eq!(rows, vec![Some(3), Some(4), Some(5)]);
    }

    #[test]
    fn file_level_problems_fail_even_when_skipping_rows() {
        let exams = "school_id;year;exam;subject;Ср. балл\nS1;2025;ЕГЭ;математика;50\n";
        let dir = folder(&[("schools.csv", SCHOOLS), ("exams.csv", exams)]);
        let err = read_district(
            dir.path(),
            &ReadOptions {
                skip_bad_rows: true,
                ..ReadOptions::default()
            },
        )
        .expect_err("fails");
        assert_eq!(
            err.problems[0].message(crate::Lang::Ru),
            "exams.csv, столбец «балл»: обязательный столбец не найден; похожие: «Ср. балл»; \
             в файле есть: «school_id», «year», «exam», «subject», «Ср. балл»"
        );
    }

    #[test]
    fn a_year_that_differs_from_its_folder() {
        check(
            &[("2025/schools.csv", SCHOOLS), ("2025/exams.csv", EXAMS)],
            &[], // the rows of EXAMS are of 2025: they agree with their folder
        );
        let exams = "school_id;year;exam;subject;score\nS1;2024;ЕГЭ;математика;50\n";
        check(
            &[("2025/schools.csv", SCHOOLS), ("2025/exams.csv", exams)],
            &["2025/exams.csv, row 2, column \"year\": year 2024 differs from the folder 2025"],
        );
    }

    #[test]
    fn tables_and_year_folders_together_are_refused() {
        check(
            &[
                ("schools.csv", SCHOOLS),
                ("exams.csv", EXAMS),
                ("2025/exams.csv", EXAMS),
            ],
            &["DIR: the folder has both tables and year folders (2025); keep one layout"],
        );
    }

    #[test]
    fn the_district_config_adds_header_aliases() {
        let exams = "school_id;year;exam;subject;Ср. балл ЕГЭ\nS1;2025;ЕГЭ;математика;50\n";
        check(
            &[("schools.csv", SCHOOLS), ("exams.csv", exams)],
            &["exams.csv, column \"балл\": required column not found; similar: \"Ср. балл ЕГЭ\"; \
               the file has: \"school_id\", \"year\", \"exam\", \"subject\", \"Ср. балл ЕГЭ\""],
        );
        let config = "[columns]\nscore = [\"Ср. балл ЕГЭ\"]\n";
        let d = check(
            &[
                ("schools.csv", SCHOOLS),
                ("exams.csv", exams),
                ("district.toml", config),
            ],
            &[],
        )
        .expect("reads with the alias");
        assert_eq!(d.exams[0].score, 50.0);
    }

    #[test]
    fn missing_required_file() {
        check(
            &[("schools.csv", SCHOOLS)],
            &["DIR: file exams.csv not found (expected .csv)"],
        );
    }

    #[test]
    fn blank_and_no_data_marks_are_missing_not_zero() {
        let schools =
            "код ОО;наименование;обучающихся;малообеспеченные, %\nS1;А;10;н/д\nS2;Б;20;-\n";
        let d = check(&[("schools.csv", schools), ("exams.csv", EXAMS)], &[]).expect("ok");
        assert!(d
            .schools
            .iter()
            .all(|s| s.passport.get(PassportField::LowIncomePct).is_none()));
    }
}
