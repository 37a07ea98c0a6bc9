//! Reading a data folder into a [`District`], collecting every problem.

use std::borrow::Cow;
use std::fs;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap as HashMap;

use crate::config::{read_config, DistrictConfig, ExtraAliases, ExtraTable, CONFIG_FILE};
use crate::parse::{file_label, parse_number, parse_school_year};
use model::columns::{spec, ColumnSpec, ExamShape};
use model::{
    Category, ColumnStats, District, ExamKind, ExamRecord, ExamSummary, ExtraIndicator, ExtraValue,
    OlympiadRecord, OlympiadResult, OlympiadStage, Passport, PassportField, Qualification, School,
    SchoolId, SchoolIx, SchoolKind, ScoreLimits, Settlement, SourceFile, StaffMember, StudentIx,
    Students, Subject, TableKind, MARK_RANGE,
};
use model::{Problem, ProblemKind, Severity};

use crate::error::IngestError;
use crate::table::{open_table, RawTable, TableReader, TextEncoding, BLOCK_BYTES};

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
    /// How many bytes of a text file are read at a time; a default suited to
    /// large files when not given (tests set it small to read in many blocks).
    pub block_bytes: Option<usize>,
}

/// Everything ingest found in a folder: the records it accepted and every problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Ingested {
    /// Accepted records; with `usable == false`, possibly incomplete.
    pub district: District,
    /// The district's config as written (the defaults when there is none, or when it
    /// could not be read: then its problems are among `problems`).
    pub config: DistrictConfig,
    /// Every problem found, file-level ones first.
    pub problems: Vec<Problem>,
    /// Whether the district can be analysed as it is.
    pub usable: bool,
    /// Whether the config could not be read (then `problems` are its problems alone).
    pub config_failed: bool,
}

impl Ingested {
    /// Nothing read: the config, or the folder itself, failed.
    fn failed(config: DistrictConfig, problems: Vec<Problem>, config_failed: bool) -> Self {
        Ingested {
            district: District::default(),
            config,
            problems,
            usable: false,
            config_failed,
        }
    }
}

/// Reads `schools`, `staff`, `exams` and `olympiads` tables from a folder.
///
/// Every problem in every file is collected before failing, so that the
/// analyst can fix them all in one pass. The district comes with its config, as written.
pub fn read_district(
    dir: &Path,
    options: &ReadOptions,
) -> Result<(District, DistrictConfig), IngestError> {
    let ingested = inspect_district(dir, options);
    if ingested.usable {
        Ok((ingested.district, ingested.config))
    } else {
        Err(IngestError {
            problems: ingested.problems,
            in_config: ingested.config_failed,
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
    let mut warnings = Vec::new();
    let mut district = District::default();
    let config = match config_path(dir, options).map(|path| read_config(&path)) {
        Some(Ok(config)) => config,
        Some(Err(problems)) => return Ingested::failed(DistrictConfig::default(), problems, true),
        None => DistrictConfig::default(),
    };
    let layers = match layers(dir) {
        Ok(layers) => layers,
        Err(problem) => return Ingested::failed(config, vec![*problem], false),
    };
    // Open every table of every layer and resolve its headers, so that every
    // file-level problem is found before any row is read.
    let mut tables: Vec<(TableKind, Table)> = Vec::new();
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
            let file_name = file_label(&path);
            let name = match year {
                Some(y) => format!("{y}/{file_name}"),
                None => file_name,
            };
            let source = Source {
                table,
                path: &path,
                name,
                spec: Cow::Borrowed(spec(table)),
                folder_year: *year,
            };
            if let Some(t) = source.open(&config.aliases, options, &mut district, &mut fatal) {
                tables.push((table, t));
            }
        }
    }
    // A table present in some year folders only is still optional-missing nowhere.
    district
        .missing_optional
        .retain(|t| !tables.iter().any(|(table, _)| table == t));

    // Schools first: later years' rows replace earlier years' passports.
    let mut schools_files: Vec<String> = Vec::new();
    let mut rejected_ids: HashMap<String, (String, usize)> = HashMap::default();
    let mut school_at: HashMap<SchoolId, usize> = HashMap::default();
    for (_, t) in tables.iter_mut().filter(|(k, _)| *k == TableKind::Schools) {
        let (records, rejected) = read_schools(t, &mut fatal, &mut bad_rows);
        let cover = Coverage {
            schools: records.len(),
            ..Coverage::default()
        };
        t.account(&mut district, t.rows - records.len(), cover);
        for (id, row) in rejected {
            rejected_ids.insert(id, (t.file().to_owned(), row));
        }
        if t.rows == 0 {
            fatal.push(Problem::new(t.file(), ProblemKind::NoSchools));
        }
        for school in records {
            match school_at.get(&school.id) {
                Some(&at) => district.schools[at] = school,
                None => {
                    school_at.insert(school.id.clone(), district.schools.len());
                    district.schools.push(school);
                }
            }
        }
        schools_files.push(t.file().to_owned());
    }
    if !schools_files.is_empty() {
        let ids = SchoolIndex::new(&district.schools, &schools_files.join(", "), rejected_ids);
        let mut exams = ExamState::default();
        for (table, t) in &mut tables {
            let (rejected, cover) = match table {
                TableKind::Schools | TableKind::Extra => continue,
                TableKind::Staff => {
                    let (records, rejected) = read_staff(t, &ids, &mut fatal, &mut bad_rows);
                    let mut cover = Coverage::new(ids.len());
                    records.iter().for_each(|r| cover.add(r.school, r.year));
                    district.staff.extend(records);
                    (rejected, cover)
                }
                TableKind::Exams => {
                    let rows = read_exams(
                        t,
                        &ids,
                        &config.limits,
                        &mut exams,
                        &mut district.exams,
                        &mut district.students,
                        &mut fatal,
                        &mut bad_rows,
                    );
                    district.exam_summaries.extend(rows.summaries);
                    (rows.rejected, rows.cover)
                }
                TableKind::Olympiads => {
                    let (records, rejected) = read_olympiads(t, &ids, &mut fatal, &mut bad_rows);
                    let mut cover = Coverage::new(ids.len());
                    records
                        .iter()
                        .for_each(|r| cover.add(r.school, Some(r.year)));
                    district.olympiads.extend(records);
                    (rejected, cover)
                }
            };
            t.account(&mut district, rejected, cover);
        }
        for extra in &config.extra {
            read_extra(
                extra,
                &ids,
                options,
                &mut district,
                &mut fatal,
                &mut bad_rows,
                &mut warnings,
            );
        }
    }
    // Warnings found while resolving headers travel with the file-level problems.
    let (found_warnings, fatal): (Vec<Problem>, Vec<Problem>) = fatal
        .into_iter()
        .partition(|p| p.kind.severity() == Severity::Warning);
    warnings.splice(0..0, found_warnings);
    let usable = fatal.is_empty() && (bad_rows.is_empty() || options.skip_bad_rows);
    if usable {
        district.set_aside = bad_rows.clone();
    }
    district.warnings = warnings.clone();
    let mut problems = fatal;
    problems.extend(bad_rows);
    problems.extend(warnings);
    Ingested {
        district,
        config,
        problems,
        usable,
        config_failed: false,
    }
}

/// A table file to read.
struct Source<'a> {
    table: TableKind,
    path: &'a Path,
    /// The name used in messages and the manifest.
    name: String,
    spec: Cow<'static, [ColumnSpec]>,
    folder_year: Option<u16>,
}

impl Source<'_> {
    /// Opens the file, reads its first block of rows, records it in the
    /// manifest (every row rejected until its rows are read) and resolves its headers.
    fn open(
        self,
        aliases: &ExtraAliases,
        options: &ReadOptions,
        district: &mut District,
        fatal: &mut Vec<Problem>,
    ) -> Option<Table> {
        let header_score = |texts: &[String]| header_score(&self.spec, aliases, texts);
        let (raw, reader) = match open_table(
            &self.name,
            self.path,
            &header_score,
            options.encoding,
            options.block_bytes.unwrap_or(BLOCK_BYTES),
        ) {
            Ok(opened) => opened,
            Err(problem) => {
                fatal.push(*problem);
                return None;
            }
        };
        district.sources.push(SourceFile {
            table: self.table,
            name: self.name,
            sha256: String::new(),
            rows: 0,
            accepted: 0,
            rejected: 0,
            schools: 0,
            years: Vec::new(),
            columns: Vec::new(),
        });
        let source = district.sources.len() - 1;
        match Resolved::new(raw, self.table, self.spec, aliases, self.folder_year, fatal) {
            Ok(resolved) => Some(Table {
                t: resolved,
                reader,
                source,
                rows: 0,
                first_read: false,
            }),
            Err(raw) => {
                let mut raw = *raw;
                // Its rows are still counted (all rejected) and its checksum taken.
                let mut rows = raw.height();
                let mut reader = reader;
                while next_block(&mut reader, &mut raw, fatal) {
                    rows += raw.height();
                }
                let entry = &mut district.sources[source];
                entry.rows = rows;
                entry.rejected = rows;
                entry.sha256 = reader.sha256();
                None
            }
        }
    }
}

/// Reads the next block of a file into `raw`; `false` at the end of the file, or
/// when the file turns out unreadable part way (a row with too many fields, a
/// broken encoding), whose problem goes to `fatal`.
fn next_block(reader: &mut TableReader, raw: &mut RawTable, fatal: &mut Vec<Problem>) -> bool {
    reader.next_block(raw).unwrap_or_else(|problem| {
        fatal.push(*problem);
        false
    })
}

/// An open table file whose headers are resolved, read one block of rows at a time.
struct Table {
    /// The headers and the current block of rows.
    t: Resolved,
    reader: TableReader,
    /// Its entry in the district's manifest.
    source: usize,
    /// Rows read so far.
    rows: usize,
    /// Whether the first block, read on opening, has been handed out.
    first_read: bool,
}

impl Table {
    /// Calls `f` with each block of rows in turn (see [`next_block`]).
    fn each_block(&mut self, fatal: &mut Vec<Problem>, mut f: impl FnMut(&Resolved)) {
        loop {
            if self.first_read && !next_block(&mut self.reader, &mut self.t.raw, fatal) {
                return;
            }
            self.first_read = true;
            self.rows += self.t.raw.height();
            self.t.scan_block(fatal);
            f(&self.t);
        }
    }

    fn file(&self) -> &str {
        &self.t.raw.file
    }

    /// Records the file in the manifest once its rows are read: its rows, how
    /// many were rejected, what the accepted ones cover, its checksum and its columns.
    fn account(&self, district: &mut District, rejected: usize, cover: Coverage) {
        if let Some(source) = district.sources.get_mut(self.source) {
            source.rows = self.rows;
            source.rejected = rejected;
            source.accepted = self.rows - rejected;
            source.schools = cover.schools;
            source.years = cover.years;
            source.sha256 = self.reader.sha256();
            source.columns = self.t.column_stats();
        }
    }
}

/// How well a row of header candidates names a table's columns:
/// (required columns named, columns named).
fn header_score(spec: &[ColumnSpec], aliases: &ExtraAliases, texts: &[String]) -> (usize, usize) {
    let named = |c: &&ColumnSpec| texts.iter().any(|t| aliases.matches(c, t));
    let required = spec.iter().filter(|c| c.required).filter(named).count();
    let all = spec.iter().filter(named).count();
    (required, all)
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

/// The distinct schools and years (ascending) of a file's accepted records.
#[derive(Debug, Default)]
struct Coverage {
    seen: Vec<bool>,
    schools: usize,
    years: Vec<u16>,
}

impl Coverage {
    /// Coverage among `schools` schools.
    fn new(schools: usize) -> Self {
        Coverage {
            seen: vec![false; schools],
            ..Coverage::default()
        }
    }

    fn add(&mut self, school: SchoolIx, year: Option<u16>) {
        if let Some(seen) = self.seen.get_mut(school.get()) {
            self.schools += usize::from(!*seen);
            *seen = true;
        }
        if let Some(year) = year {
            if let Err(at) = self.years.binary_search(&year) {
                self.years.insert(at, year);
            }
        }
    }
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
    spec: Cow<'static, [ColumnSpec]>,
    /// For each column of `spec`, its index among the file's headers.
    index: Vec<Option<usize>>,
    /// The year of the folder the file is in, if it is in a year folder.
    folder_year: Option<u16>,
    /// For an exam table, which shape it has.
    shape: Option<ExamShape>,
    /// Missing cells so far of each column of the file.
    missing: Vec<usize>,
    /// Columns with data under an empty header, reported once each.
    blank_headers: Vec<usize>,
    /// The columns most rows read, located once.
    school_id: Col,
    year: Col,
}

impl Resolved {
    fn new(
        raw: RawTable,
        table: TableKind,
        spec: Cow<'static, [ColumnSpec]>,
        aliases: &ExtraAliases,
        folder_year: Option<u16>,
        problems: &mut Vec<Problem>,
    ) -> Result<Self, Box<RawTable>> {
        let mut index = vec![None; spec.len()];
        let mut errors = Vec::new();
        for (h, header) in raw.headers.iter().enumerate() {
            if header.is_empty() {
                continue;
            }
            let Some(c) = spec.iter().position(|c| aliases.matches(c, header)) else {
                continue;
            };
            match index[c] {
                None => index[c] = Some(h),
                Some(first) => errors.push(raw.problem(
                    Some(raw.header_row()),
                    Some(header.clone()),
                    None,
                    ProblemKind::DuplicateColumn {
                        other: raw.headers[first].clone(),
                    },
                )),
            }
        }
        let has = |canonical: &str| {
            spec.iter()
                .position(|c| c.canonical == canonical)
                .is_some_and(|c| index[c].is_some())
        };
        let missing = |col: &ColumnSpec, similar: Vec<String>| {
            raw.problem(
                None,
                Some(col.ru.to_string()),
                None,
                ProblemKind::MissingColumn {
                    similar,
                    found: raw.headers.clone(),
                },
            )
        };
        for col in spec.iter() {
            // In a year folder the year may come from the folder.
            let implied = folder_year.is_some() && col.canonical == "year";
            if col.required && !implied && !has(&col.canonical) {
                errors.push(missing(col, col.similar_headers(&raw.headers)));
            }
        }
        let shape = (table == TableKind::Exams).then(|| {
            if ExamShape::PER_SCHOOL_COLUMNS.iter().any(|c| has(c)) {
                ExamShape::PerSchool
            } else {
                ExamShape::PerStudent
            }
        });
        for group in shape.map(ExamShape::needs).unwrap_or_default() {
            if group.iter().any(|c| has(c)) {
                continue;
            }
            let cols: Vec<&ColumnSpec> = group
                .iter()
                .filter_map(|g| spec.iter().find(|c| c.canonical == *g))
                .collect();
            let mut similar: Vec<String> = Vec::new();
            for col in &cols {
                for h in col.similar_headers(&raw.headers) {
                    if !similar.contains(&h) {
                        similar.push(h);
                    }
                }
            }
            if let Some(first) = cols.first() {
                errors.push(missing(first, similar));
            }
        }
        if !errors.is_empty() {
            problems.extend(errors);
            return Err(Box::new(raw));
        }
        let width = raw.headers.len();
        let mut resolved = Resolved {
            raw,
            spec,
            index,
            folder_year,
            shape,
            missing: vec![0; width],
            blank_headers: Vec::new(),
            school_id: Col { header: None },
            year: Col { header: None },
        };
        resolved.school_id = resolved.column("school_id");
        resolved.year = resolved.column("year");
        Ok(resolved)
    }

    /// Takes in a new block of rows: counts the missing cells of the columns
    /// read, and reports a column with data under an empty header (once).
    fn scan_block(&mut self, problems: &mut Vec<Problem>) {
        let raw = &self.raw;
        for (h, missing) in self.missing.iter_mut().enumerate() {
            *missing += raw.missing(h);
        }
        for (h, header) in raw.headers.iter().enumerate() {
            if header.is_empty()
                && !self.blank_headers.contains(&h)
                && raw.missing(h) < raw.height()
            {
                self.blank_headers.push(h);
                problems.push(raw.problem(
                    Some(raw.header_row()),
                    Some(raw.column_letter(h)),
                    None,
                    ProblemKind::BlankHeader,
                ));
            }
        }
    }

    /// Missing cells of every column of the spec that the file has.
    fn column_stats(&self) -> Vec<ColumnStats> {
        self.spec
            .iter()
            .zip(&self.index)
            .filter_map(|(col, h)| {
                let h = (*h)?;
                Some(ColumnStats {
                    canonical: col.canonical.to_string(),
                    header: self.raw.headers[h].clone(),
                    missing: self.missing[h],
                })
            })
            .collect()
    }

    /// The header a column has in the file.
    fn header_of(&self, column: impl ColumnRef) -> Option<String> {
        column.locate(self).map(|h| self.raw.headers[h].clone())
    }

    fn col(&self, canonical: &str) -> Option<usize> {
        let c = self.spec.iter().position(|c| c.canonical == canonical)?;
        self.index[c]
    }

    /// A column located once, for reading it row after row.
    fn column(&self, canonical: &str) -> Col {
        Col {
            header: self.col(canonical),
        }
    }

    /// The text of a cell, if the column exists and the cell is not missing.
    fn cell(&self, column: impl ColumnRef, row: usize) -> Option<&str> {
        self.raw.cell(column.locate(self)?, row)
    }

    fn problem(&self, column: impl ColumnRef, row: usize, kind: ProblemKind) -> Problem {
        let h = column.locate(self);
        let header = h.map(|h| self.raw.headers[h].clone());
        let value = h.and_then(|h| self.raw.cell(h, row)).map(str::to_owned);
        self.raw
            .problem(Some(self.raw.row_number(row)), header, value, kind)
    }
}

/// A canonical column, by name or located once with [`Resolved::column`].
trait ColumnRef: Copy {
    /// The column's index among the file's headers, if the file has it.
    fn locate(self, t: &Resolved) -> Option<usize>;
}

impl ColumnRef for &str {
    fn locate(self, t: &Resolved) -> Option<usize> {
        t.col(self)
    }
}

impl ColumnRef for &String {
    fn locate(self, t: &Resolved) -> Option<usize> {
        t.col(self)
    }
}

/// Where the file has a canonical column.
#[derive(Debug, Clone, Copy)]
struct Col {
    header: Option<usize>,
}

impl ColumnRef for Col {
    fn locate(self, _: &Resolved) -> Option<usize> {
        self.header
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

    fn fail(&mut self, column: impl ColumnRef, kind: ProblemKind) {
        self.problems
            .push(self.table.problem(column, self.row, kind));
        self.ok = false;
    }

    fn optional_text(&self, column: impl ColumnRef) -> Option<String> {
        self.table.cell(column, self.row).map(str::to_owned)
    }

    fn text(&mut self, column: impl ColumnRef) -> Option<String> {
        let text = self.optional_text(column);
        if text.is_none() {
            self.fail(column, ProblemKind::Empty);
        }
        text
    }

    fn optional_number(
        &mut self,
        column: impl ColumnRef,
        range: Option<(f64, f64)>,
    ) -> Option<f64> {
        let text = self.table.cell(column, self.row)?;
        let Some(value) = parse_number(text) else {
            self.fail(column, ProblemKind::NotANumber);
            return None;
        };
        if let Some((min, max)) = range {
            if !(min..=max).contains(&value) {
                self.fail(column, ProblemKind::OutOfRange { min, max });
                return None;
            }
        }
        Some(value)
    }

    fn whole(&mut self, column: impl ColumnRef, range: (u32, u32)) -> Option<u32> {
        if self.table.cell(column, self.row).is_none() {
            self.fail(column, ProblemKind::Empty);
            return None;
        }
        self.optional_whole(column, range)
    }

    /// A whole number within `range`; a negative count is out of range, a fraction is not whole.
    fn optional_whole(&mut self, column: impl ColumnRef, range: (u32, u32)) -> Option<u32> {
        let value = self.optional_number(column, None)?;
        if value.fract() != 0.0 || value > f64::from(u32::MAX) {
            self.fail(column, ProblemKind::NotAWholeNumber);
            return None;
        }
        let (min, max) = range;
        if value < f64::from(min) || value > f64::from(max) {
            self.fail(
                column,
                ProblemKind::OutOfRange {
                    min: f64::from(min),
                    max: f64::from(max),
                },
            );
            return None;
        }
        Some(value as u32)
    }

    fn optional_category<C: Category>(&mut self, column: impl ColumnRef) -> Option<C> {
        let text = self.table.cell(column, self.row)?;
        let value = C::parse(text);
        if value.is_none() {
            let expected = C::expected(model::Lang::Ru) + " / " + &C::expected(model::Lang::En);
            self.fail(column, ProblemKind::UnknownValue { expected });
        }
        value
    }

    fn category<C: Category>(&mut self, column: impl ColumnRef) -> Option<C> {
        if self.table.cell(column, self.row).is_none() {
            self.fail(column, ProblemKind::Empty);
            return None;
        }
        self.optional_category(column)
    }

    fn school(&mut self, ids: &SchoolIndex) -> Option<SchoolIx> {
        let column = self.table.school_id;
        let Some(id) = self.table.cell(column, self.row) else {
            self.fail(column, ProblemKind::Empty);
            return None;
        };
        let ix = ids.get(id);
        if ix.is_none() {
            let kind = match ids.rejected.get(id) {
                Some((schools_file, row)) => ProblemKind::SchoolRowRejected {
                    schools_file: schools_file.clone(),
                    row: *row,
                },
                None => ProblemKind::UnknownSchool {
                    schools_file: ids.file.clone(),
                },
            };
            self.fail(column, kind);
        }
        ix
    }

    /// The row's year: its `year` cell, which must agree with the year folder it is in, if any.
    fn year(&mut self) -> Option<u16> {
        let folder = self.table.folder_year;
        let column = self.table.year;
        if folder.is_some() && column.header.is_none() {
            return folder;
        }
        let text = self.table.cell(column, self.row);
        let year = match text {
            // Most cells are a plain year.
            Some(t) if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) => {
                t.parse().ok().filter(|y| (1990..=2100).contains(y))
            }
            // A school year ("2015-2016", "2015/16") is the year its exams were taken.
            Some(t) => parse_school_year(t).filter(|y| (1990..=2100).contains(y)),
            None => None,
        };
        let year = match year {
            Some(y) => y,
            None => self.whole(column, (1990, 2100)).map(|y| y as u16)?,
        };
        match folder {
            Some(folder) if folder != year => {
                self.fail(column, ProblemKind::YearMismatch { folder });
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

    /// The number of schools.
    fn len(&self) -> usize {
        self.by_id.len()
    }
}

/// Reads a schools table: the accepted schools, and the id and row of each rejected row that has an id.
fn read_schools(
    table: &mut Table,
    fatal: &mut Vec<Problem>,
    problems: &mut Vec<Problem>,
) -> (Vec<School>, Vec<(String, usize)>) {
    let mut rejected_ids = Vec::new();
    let mut schools = Vec::new();
    let mut first_row: HashMap<String, usize> = HashMap::default();
    table.each_block(fatal, |t| {
        for i in 0..t.raw.height() {
            let mut r = Row::new(t, i, problems);
            let id = r.text("school_id");
            let name = r.text("name");
            let students = r.whole("students", (1, 100_000));
            let kind = r.optional_category::<SchoolKind>("kind");
            let settlement = r.optional_category::<Settlement>("settlement");
            let lat = r.optional_number("lat", Some((-90.0, 90.0)));
            let lon = r.optional_number("lon", Some((-180.0, 180.0)));
            let vacancies = r.optional_number("vacancies", Some((0.0, 1_000.0)));
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
                    vacancies,
                }),
                (_, id, _, _) => rejected_ids.extend(id.map(|id| (id, t.raw.row_number(i)))),
            }
        }
    });
    (schools, rejected_ids)
}

fn read_staff(
    table: &mut Table,
    ids: &SchoolIndex,
    fatal: &mut Vec<Problem>,
    problems: &mut Vec<Problem>,
) -> (Vec<StaffMember>, usize) {
    let mut rejected = 0;
    let mut staff = Vec::new();
    table.each_block(fatal, |t| {
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
    });
    (staff, rejected)
}

/// What the exam tables read so far have established, across files: where
/// each school's results for an exam, subject and year were first given (to
/// refuse giving them twice), the subjects, and the students.
#[derive(Default)]
struct ExamState {
    /// Per school, each cell (see [`cell_key`]) and where it was first given.
    cells: Vec<HashMap<u32, FirstGiven>>,
    /// Each subject once, numbered for [`cell_key`].
    subjects: HashMap<Subject, u32>,
    /// The files named in `cells`.
    files: Vec<String>,
    /// Per school, each of its student ids once: its position in
    /// `District::students`. One small table per school keeps the lookups in
    /// cache, as tables list a school's rows together.
    students: Vec<hashbrown::HashTable<StudentEntry>>,
    /// The last student looked up: tables list a student's results together.
    last_student: Option<(SchoolIx, StudentIx)>,
}

/// A student in `ExamState::students`: the hash of its id, and the student.
type StudentEntry = (u64, StudentIx);

/// Where a cell's results were first given: file (in `ExamState::files`), row, and whether as a summary.
type FirstGiven = (u32, u32, bool);

/// A school's exam, subject and year in one number: 7 bits of year (from 1990),
/// 2 of exam and 23 of subject.
fn cell_key(year: u16, exam: ExamKind, subject: u32) -> u32 {
    u32::from(year.saturating_sub(1990)) | (exam as u32) << 7 | subject << 9
}

impl ExamState {
    /// Records a row; a problem if a summary meets any earlier row of the cell,
    /// or per-student rows meet an earlier summary.
    fn check(
        &mut self,
        school: SchoolIx,
        key: u32,
        file: u32,
        row: usize,
        summary: bool,
    ) -> Option<ProblemKind> {
        if self.cells.len() <= school.get() {
            self.cells.resize_with(school.get() + 1, HashMap::default);
        }
        match self.cells[school.get()].get(&key) {
            Some(&(first_file, first_row, first_is_summary)) if summary || first_is_summary => {
                Some(ProblemKind::ExamResultsTwice {
                    first_file: self.files[first_file as usize].clone(),
                    first_row: first_row as usize,
                    first_is_summary,
                })
            }
            Some(_) => None,
            None => {
                let row = u32::try_from(row).unwrap_or(u32::MAX);
                self.cells[school.get()].insert(key, (file, row, summary));
                None
            }
        }
    }

    /// The student with this id at this school, added to `students` the first time.
    fn student(
        &mut self,
        school: SchoolIx,
        id: &str,
        students: &mut Students,
    ) -> Option<StudentIx> {
        if let Some((last_school, last)) = self.last_student {
            if last_school == school && students.id(last) == id {
                return Some(last);
            }
        }
        let ix = self.intern_student(school, id, students)?;
        self.last_student = Some((school, ix));
        Some(ix)
    }

    fn intern_student(
        &mut self,
        school: SchoolIx,
        id: &str,
        students: &mut Students,
    ) -> Option<StudentIx> {
        let hash = {
            let mut h = rustc_hash::FxHasher::default();
            std::hash::Hash::hash(id, &mut h);
            std::hash::Hasher::finish(&h)
        };
        if self.students.len() <= school.get() {
            self.students
                .resize_with(school.get() + 1, hashbrown::HashTable::new);
        }
        let table = &mut self.students[school.get()];
        let same = |&(h, ix): &StudentEntry| h == hash && students.id(ix) == id;
        if let Some(&(_, ix)) = table.find(hash, same) {
            return Some(ix);
        }
        let ix = students.push(id)?;
        table.insert_unique(hash, (hash, ix), |&(h, _)| h);
        Some(ix)
    }
}

/// A student's results in one file, to find a result given twice: for each
/// student the last result seen, each result linking to the one before.
#[derive(Default)]
struct ResultChains {
    /// Per student, the index in `links` of its last result; `u32::MAX` for none.
    last: Vec<u32>,
    /// Per result: the student's previous result, its cell and its row.
    links: Vec<(u32, u32, u32)>,
}

impl ResultChains {
    /// Records a result; the row of the student's earlier result of the same cell, if any.
    fn first_row(&mut self, student: StudentIx, key: u32, row: usize) -> Option<usize> {
        if self.last.len() <= student.get() {
            self.last.resize(student.get() + 1, u32::MAX);
        }
        let mut link = self.last[student.get()];
        while let Some(&(previous, cell, first_row)) = self.links.get(link as usize) {
            if cell == key {
                return Some(first_row as usize);
            }
            link = previous;
        }
        let here = u32::try_from(self.links.len()).ok()?;
        let row = u32::try_from(row).ok()?;
        self.links.push((self.last[student.get()], key, row));
        self.last[student.get()] = here;
        None
    }
}

/// A subject's score range in each exam, in the order of `ExamKind::ALL`.
type ExamRanges = [(f64, f64); <ExamKind as Category>::ALL.len()];

/// What one exam table gave.
struct ExamRows {
    summaries: Vec<ExamSummary>,
    rejected: usize,
    cover: Coverage,
}

/// Reads an exam table, adding its per-student results to `records` and their students to `students`.
#[allow(clippy::too_many_arguments)]
fn read_exams(
    table: &mut Table,
    ids: &SchoolIndex,
    limits: &ScoreLimits,
    state: &mut ExamState,
    records: &mut Vec<ExamRecord>,
    students: &mut Students,
    fatal: &mut Vec<Problem>,
    problems: &mut Vec<Problem>,
) -> ExamRows {
    let mut out = ExamRows {
        summaries: Vec::new(),
        rejected: 0,
        cover: Coverage::new(ids.len()),
    };
    let summary = table.t.shape == Some(ExamShape::PerSchool);
    let file = u32::try_from(state.files.len()).unwrap_or(u32::MAX);
    state.files.push(table.file().to_owned());
    let mut chains = ResultChains::default();
    if !summary {
        // A little more than the estimate: one allocation, not a doubling at the end.
        let rows = table.reader.estimated_rows / 20 * 21;
        records.reserve(rows);
        chains.links.reserve(rows);
    }
    // Each subject as written, folded once, with its number and its score range in each exam.
    let mut subjects: HashMap<Box<str>, (Subject, u32, ExamRanges)> = HashMap::default();
    let t = &table.t;
    let [exam_col, subject_col, student_col, score_col, mark_col] = [
        "exam",
        "subject",
        "student_id",
        if summary { "mean_score" } else { "score" },
        "mark",
    ]
    .map(|c| t.column(c));
    table.each_block(fatal, |t| {
        for i in 0..t.raw.height() {
            let mut r = Row::new(t, i, problems);
            let school = r.school(ids);
            let year = r.year();
            let exam = r.category::<ExamKind>(exam_col);
            let subject = match t.cell(subject_col, i) {
                Some(text) => match subjects.get(text) {
                    Some(known) => Some(known.clone()),
                    None => {
                        let folded = Subject::new(text);
                        let n = state.subjects.len() as u32;
                        let number = *state.subjects.entry(folded.clone()).or_insert(n);
                        let ranges =
                            std::array::from_fn(|k| limits.range(ExamKind::ALL[k], &folded));
                        let known = (folded, number, ranges);
                        subjects.insert(text.into(), known.clone());
                        Some(known)
                    }
                },
                None => {
                    r.fail(subject_col, ProblemKind::Empty);
                    None
                }
            };
            let range = exam.zip(subject.as_ref()).and_then(|(e, (_, _, ranges))| {
                let at = ExamKind::ALL.iter().position(|&k| k == e)?;
                ranges.get(at).copied()
            });
            let score = r.optional_number(score_col, range);
            let mut student = None;
            if let (Some(school), Some(year), Some(exam), Some((_, number, _))) =
                (school, year, exam, &subject)
            {
                let key = cell_key(year, exam, *number);
                let row = t.raw.row_number(i);
                if let Some(kind) = state.check(school, key, file, row, summary) {
                    r.fail(t.school_id, kind);
                }
                if let (false, Some(id)) = (summary, t.cell(student_col, i)) {
                    student = state.student(school, id, students);
                    match student {
                        None => r.fail(
                            student_col,
                            ProblemKind::OutOfRange {
                                min: 1.0,
                                max: f64::from(u32::MAX),
                            },
                        ),
                        Some(s) => {
                            if let Some(first_row) = chains.first_row(s, key, row) {
                                r.fail(student_col, ProblemKind::DuplicateStudent { first_row });
                            }
                        }
                    }
                }
            }
            if summary {
                let participants = r.whole("participants", (0, 10_000_000));
                let mean_mark = r.optional_number("mean_mark", Some(mark_bounds()));
                let failed = r.optional_whole("failed", (0, 10_000_000));
                let high_scorers = r.optional_whole("high_scorers", (0, 10_000_000));
                if let Some(total) = participants {
                    if total > 0
                        && t.cell(score_col, i).is_none()
                        && t.cell("mean_mark", i).is_none()
                    {
                        r.fail(score_col, ProblemKind::Empty);
                    }
                    for (column, count) in [("failed", failed), ("high_scorers", high_scorers)] {
                        if count.is_some_and(|c| c > total) {
                            let total_column = t.header_of("participants").unwrap_or_default();
                            r.fail(
                                column,
                                ProblemKind::ExceedsTotal {
                                    total_column,
                                    total,
                                },
                            );
                        }
                    }
                }
                out.rejected += usize::from(!r.ok);
                if let (
                    true,
                    Some(school),
                    Some(year),
                    Some(exam),
                    Some((subject, _, _)),
                    Some(participants),
                ) = (r.ok, school, year, exam, subject, participants)
                {
                    out.cover.add(school, Some(year));
                    out.summaries.push(ExamSummary {
                        school,
                        year,
                        exam,
                        subject,
                        participants,
                        mean_score: score,
                        mean_mark,
                        failed,
                        high_scorers,
                    });
                }
            } else {
                let mark = r
                    .optional_whole(mark_col, (u32::from(MARK_RANGE.0), u32::from(MARK_RANGE.1)))
                    .map(|m| m as u8);
                if t.cell(score_col, i).is_none() && t.cell(mark_col, i).is_none() {
                    let column = if score_col.header.is_some() {
                        score_col
                    } else {
                        mark_col
                    };
                    r.fail(column, ProblemKind::Empty);
                }
                out.rejected += usize::from(!r.ok);
                if let (true, Some(school), Some(year), Some(exam), Some((subject, _, _))) =
                    (r.ok, school, year, exam, subject)
                {
                    out.cover.add(school, Some(year));
                    records.push(ExamRecord {
                        school,
                        year,
                        exam,
                        subject,
                        student,
                        score,
                        mark,
                    });
                }
            }
        }
    });
    out
}

/// Reads one extra indicator table of the config. Rows about schools outside
/// the schools table are counted and reported in one warning: a regional
/// table holds every district's schools.
fn read_extra(
    extra: &ExtraTable,
    ids: &SchoolIndex,
    options: &ReadOptions,
    district: &mut District,
    fatal: &mut Vec<Problem>,
    bad_rows: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
) {
    let name = file_label(&extra.path);
    // The columns: the school id, the year if configured, then each value column once.
    let mut columns = vec![ColumnSpec {
        canonical: Cow::Borrowed("school_id"),
        ..ColumnSpec::named(&extra.school_id, true)
    }];
    if let Some(year) = &extra.year {
        columns.push(ColumnSpec {
            canonical: Cow::Borrowed("year"),
            ..ColumnSpec::named(year, true)
        });
    }
    for header in extra
        .indicators
        .iter()
        .flat_map(|i| std::iter::once(&i.column).chain(i.per.as_ref()))
    {
        if !columns.iter().any(|c| c.ru == *header) {
            columns.push(ColumnSpec::named(header, true));
        }
    }
    let source = Source {
        table: TableKind::Extra,
        path: &extra.path,
        name: name.clone(),
        spec: Cow::Owned(columns),
        folder_year: None,
    };
    let Some(mut table) = source.open(&ExtraAliases::default(), options, district, fatal) else {
        return;
    };
    let first_indicator = district.extra_indicators.len();
    for ind in &extra.indicators {
        district.extra_indicators.push(ExtraIndicator {
            code: ind.code.clone(),
            name: ind.name.clone(),
            role: ind.role,
            file: name.clone(),
            share: ind.per.is_some(),
        });
    }
    let mut outside = Vec::new();
    let mut rejected = 0;
    let mut first_row: HashMap<(SchoolIx, Option<u16>), usize> = HashMap::default();
    let mut values = Vec::new();
    let mut cover = Coverage::new(ids.len());
    table.each_block(fatal, |t| {
        for i in 0..t.raw.height() {
            let mut r = Row::new(t, i, bad_rows);
            let Some(id) = r.text("school_id") else {
                rejected += 1;
                continue;
            };
            if ids.get(&id).is_none() && !ids.rejected.contains_key(&id) {
                outside.push(id);
                continue;
            }
            let school = r.school(ids);
            let year = if extra.year.is_some() { r.year() } else { None };
            if let Some(school) = school {
                let row = t.raw.row_number(i);
                if let Some(&first) = first_row.get(&(school, year)) {
                    r.fail(
                        "school_id",
                        ProblemKind::DuplicateSchool { first_row: first },
                    );
                } else {
                    first_row.insert((school, year), row);
                }
            }
            let mut row_values = Vec::new();
            for (k, ind) in extra.indicators.iter().enumerate() {
                let value = match &ind.per {
                    None => r.optional_number(&ind.column, None),
                    Some(per) => {
                        let count = r.optional_number(&ind.column, Some((0.0, f64::MAX)));
                        let total = r.optional_number(per, Some((0.0, f64::MAX)));
                        match (count, total) {
                            (Some(c), Some(n)) if c > n => {
                                r.fail(
                                    &ind.column,
                                    ProblemKind::ExceedsTotal {
                                        total_column: per.clone(),
                                        total: n as u32,
                                    },
                                );
                                None
                            }
                            // A share of nobody is missing, not zero.
                            (Some(c), Some(n)) if n > 0.0 => Some(100.0 * c / n),
                            _ => None,
                        }
                    }
                };
                row_values.extend(value.map(|v| (first_indicator + k, v)));
            }
            rejected += usize::from(!r.ok);
            if let (true, Some(school)) = (r.ok, school) {
                values.extend(row_values.into_iter().map(|(indicator, value)| ExtraValue {
                    school,
                    year,
                    indicator,
                    value,
                }));
            }
        }
    });
    values.iter().for_each(|v| cover.add(v.school, v.year));
    district.extra_values.extend(values);
    if !outside.is_empty() {
        warnings.push(Problem::new(
            &name,
            ProblemKind::OutsideDistrict {
                rows: outside.len(),
                examples: outside.iter().take(3).cloned().collect(),
            },
        ));
    }
    table.account(district, rejected + outside.len(), cover);
}

/// The range of a mean mark.
fn mark_bounds() -> (f64, f64) {
    (f64::from(MARK_RANGE.0), f64::from(MARK_RANGE.1))
}

fn read_olympiads(
    table: &mut Table,
    ids: &SchoolIndex,
    fatal: &mut Vec<Problem>,
    problems: &mut Vec<Problem>,
) -> (Vec<OlympiadRecord>, usize) {
    let mut rejected = 0;
    let mut olympiads = Vec::new();
    table.each_block(fatal, |t| {
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
    });
    (olympiads, rejected)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHOOLS: &str =
        "код ОО;наименование;обучающихся;местность;малообеспеченные, %;число вакансий\n\
        S1;СОШ № 1;500;город;12,5;1,5\n\
        S2;ООШ № 2;80;село;;\n";
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

    /// Reads a folder, checks the problem messages (English) against `expected`,
    /// and returns the district when there are none. Every folder is read twice,
    /// whole and in blocks of a few bytes, which must give the same district and problems.
    fn check(files: &[(&str, &str)], expected: &[&str]) -> Option<District> {
        let dir = folder(files);
        let whole = inspect_district(dir.path(), &ReadOptions::default());
        let small = ReadOptions {
            block_bytes: Some(7),
            ..ReadOptions::default()
        };
        assert_eq!(
            inspect_district(dir.path(), &small),
            whole,
            "read in blocks of 7 bytes"
        );
        match read_district(dir.path(), &ReadOptions::default()) {
            Ok((d, _)) => {
                assert!(expected.is_empty(), "expected problems {expected:?}");
                Some(d)
            }
            Err(e) => {
                let got: Vec<String> = e
                    .problems
                    .iter()
                    .map(|p| p.message(model::Lang::En))
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
        assert_eq!(d.schools[0].vacancies, Some(1.5));
        assert_eq!(d.schools[1].vacancies, None);
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
        let sha256: String = <sha2::Sha256 as sha2::Digest>::digest(SCHOOLS)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(d.sources[0].sha256, sha256);
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
        let (d, _) = read_district(
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
        let exams = "school_id;year;exam;subject;Балл ЕГЭ\nS1;2025;ЕГЭ;математика;50\n";
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
            err.problems[0].message(model::Lang::Ru),
            "exams.csv, столбец «балл»: обязательный столбец не найден; похожие: «Балл ЕГЭ»; \
             в файле есть: «school_id», «year», «exam», «subject», «Балл ЕГЭ»"
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
        assert_eq!(d.exams[0].score, Some(50.0));
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

    #[test]
    fn counts_of_a_summary_table_are_checked() {
        let exams = "school_id;year;exam;subject;participants;mean_score;failed;high_scorers\n\
            S1;2025;ЕГЭ;математика;-3;50;;\n\
            S1;2025;ЕГЭ;физика;10;55;12;11\n\
            S1;2025;ЕГЭ;химия;10;;;\n\
            S2;2025;ЕГЭ;химия;2,5;60;;\n";
        check(
            &[("schools.csv", SCHOOLS), ("exams.csv", exams)],
            &[
                "exams.csv, row 2, column \"participants\": value -3 is outside the valid range 0–10000000",
                "exams.csv, row 3, column \"failed\": 12 is more than \"participants\" (10)",
                "exams.csv, row 3, column \"high_scorers\": 11 is more than \"participants\" (10)",
                "exams.csv, row 4, column \"mean_score\": empty value in a required column",
                "exams.csv, row 5, column \"participants\": \"2,5\" is not a non-negative whole number",
            ],
        );
    }

    #[test]
    fn oge_scores_are_checked_against_the_subjects_maximum_and_marks_against_2_to_5() {
        let exams = "school_id;year;exam;subject;score;mark\n\
            S1;2025;ОГЭ;математика;33;\n\
            S1;2025;ОГЭ;математика;31;6\n\
            S1;2025;ЕГЭ;математика;99;\n\
            S1;2025;ОГЭ;астрономия;99;\n\
            S1;2025;ВПР;математика;;\n";
        check(
            &[("schools.csv", SCHOOLS), ("exams.csv", exams)],
            &[
                "exams.csv, row 2, column \"score\": value 33 is outside the valid range 0–32",
                "exams.csv, row 3, column \"mark\": value 6 is outside the valid range 2–5",
                "exams.csv, row 6, column \"score\": empty value in a required column",
            ],
        );
        let config = "[oge_max_score]\n\"математика\" = 31\n";
        let summary = "school_id;year;exam;subject;participants;mean_score\n\
            S1;2025;ОГЭ;математика;3;31,5\n";
        check(
            &[
                ("schools.csv", SCHOOLS),
                ("exams.csv", summary),
                ("district.toml", config),
            ],
            &["exams.csv, row 2, column \"mean_score\": value 31,5 is outside the valid range 0–31"],
        );
    }

    #[test]
    fn results_given_twice_for_a_school_exam_subject_and_year() {
        let summary = "school_id;year;exam;subject;participants;mean_score\n\
            S1;2025;ЕГЭ;математика;3;60\n\
            S1;2025;ЕГЭ;математика;4;62\n";
        check(
            &[("2025/schools.csv", SCHOOLS), ("2025/exams.csv", summary)],
            &[
                "2025/exams.csv, row 3, column \"school_id\": the school's results for this exam, \
                 subject and year are already given as a school summary in 2025/exams.csv (row 2); keep one",
            ],
        );
    }

    #[test]
    fn a_share_whose_count_exceeds_its_total() {
        let rating = "ОГРН;выпускников;160+\nS1;10;12\nS2;0;0\n";
        let config = "[[extra]]\nfile = \"rating.csv\"\nschool_id = \"ОГРН\"\n\
            [[extra.indicators]]\ncode = \"s160\"\nname = \"160+\"\ncolumn = \"160+\"\n\
            per = \"выпускников\"\n";
        let files = [
            ("schools.csv", SCHOOLS),
            ("exams.csv", EXAMS),
            ("district.toml", config),
            ("rating.csv", rating),
        ];
        check(
            &files,
            &["rating.csv, row 2, column \"160+\": 12 is more than \"выпускников\" (10)"],
        );
        let fixed = [
            ("schools.csv", SCHOOLS),
            ("exams.csv", EXAMS),
            ("district.toml", config),
            ("rating.csv", "ОГРН;выпускников;160+\nS1;10;5\nS2;0;0\n"),
        ];
        let d = check(&fixed, &[]).expect("reads");
        // A share of nobody is missing, not zero.
        assert_eq!(d.extra_values.len(), 1);
        assert_eq!(d.extra_values[0].value, 50.0);
    }

    #[test]
    fn an_extra_table_missing_its_configured_column() {
        let config = "[[extra]]\nfile = \"rating.csv\"\nschool_id = \"ОГРН\"\n\
            [[extra.indicators]]\ncode = \"r\"\nname = \"r\"\ncolumn = \"рейтинг\"\n";
        check(
            &[
                ("schools.csv", SCHOOLS),
                ("exams.csv", EXAMS),
                ("district.toml", config),
                ("rating.csv", "ОГРН;место в рейтинге\nS1;3\n"),
            ],
            &["rating.csv, column \"рейтинг\": required column not found; similar: \"место в рейтинге\"; \
               the file has: \"ОГРН\", \"место в рейтинге\""],
        );
    }
}
