//! A table being read: its file opened and headers resolved, its rows in blocks, the cells
//! of a row typed with located problems, and what its accepted rows cover.

use super::*;

/// A table file to read.
pub(super) struct Source<'a> {
    pub(super) table: TableKind,
    pub(super) path: &'a Path,
    /// The name used in messages and the manifest.
    pub(super) name: String,
    pub(super) spec: Cow<'static, [ColumnSpec]>,
    pub(super) folder_year: Option<u16>,
}

impl Source<'_> {
    /// Opens the file, reads its first block of rows, records it in the
    /// manifest (every row rejected until its rows are read) and resolves its headers.
    pub(super) fn open(
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
            unused: Vec::new(),
        });
        let source = district.sources.len() - 1;
        for other in &raw.other_sheets {
            fatal.push(Problem {
                sheet: Some(other.clone()),
                ..Problem::new(
                    &raw.file,
                    ProblemKind::NotRead {
                        reason: NotRead::OtherSheet {
                            read: raw.sheet.clone().unwrap_or_default(),
                        },
                    },
                )
            });
        }
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
pub(super) fn next_block(
    reader: &mut TableReader,
    raw: &mut RawTable,
    fatal: &mut Vec<Problem>,
) -> bool {
    reader.next_block(raw).unwrap_or_else(|problem| {
        fatal.push(*problem);
        false
    })
}

/// An open table file whose headers are resolved, read one block of rows at a time.
pub(super) struct Table {
    /// The headers and the current block of rows.
    pub(super) t: Resolved,
    pub(super) reader: TableReader,
    /// Its entry in the district's manifest.
    pub(super) source: usize,
    /// Rows read so far.
    pub(super) rows: usize,
    /// Whether the first block, read on opening, has been handed out.
    pub(super) first_read: bool,
}

impl Table {
    /// Calls `f` with each block of rows in turn (see [`next_block`]).
    pub(super) fn each_block(&mut self, fatal: &mut Vec<Problem>, mut f: impl FnMut(&Resolved)) {
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

    pub(super) fn file(&self) -> &str {
        &self.t.raw.file
    }

    /// Records the file in the manifest once its rows are read: its rows, how
    /// many were rejected, what the accepted ones cover, its checksum and its columns.
    pub(super) fn account(&self, district: &mut District, rejected: usize, cover: Coverage) {
        if let Some(source) = district.sources.get_mut(self.source) {
            source.rows = self.rows;
            source.rejected = rejected;
            source.accepted = self.rows - rejected;
            source.schools = cover.schools;
            source.years = cover.years;
            source.sha256 = self.reader.sha256();
            source.columns = self.t.column_stats();
            source.unused = self.t.unused.clone();
        }
    }
}

/// How well a row of header candidates names a table's columns:
/// (required columns named, columns named).
pub(super) fn header_score(
    spec: &[ColumnSpec],
    aliases: &ExtraAliases,
    texts: &[String],
) -> (usize, usize) {
    let words: Vec<HeaderWords> = texts.iter().map(|t| HeaderWords::of(t)).collect();
    let named = |c: &&ColumnSpec| {
        texts.iter().any(|t| aliases.matches(c, t)) || words.iter().any(|w| c.says(w))
    };
    let required = spec.iter().filter(|c| c.required).filter(named).count();
    let all = spec.iter().filter(named).count();
    (required, all)
}

/// The distinct schools and years (ascending) of a file's accepted records.
#[derive(Debug, Default)]
pub(super) struct Coverage {
    pub(super) seen: Vec<bool>,
    pub(super) schools: usize,
    pub(super) years: Vec<u16>,
}

impl Coverage {
    /// Coverage among `schools` schools.
    pub(super) fn new(schools: usize) -> Self {
        Coverage {
            seen: vec![false; schools],
            ..Coverage::default()
        }
    }

    pub(super) fn add(&mut self, school: SchoolIx, year: Option<u16>) {
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

/// A file's headers matched to a table's columns: by name (built-in or the analyst's
/// `[columns]`) first, then, for the headers left, by their words when these say one column
/// left (see [`HeaderWords`]); the headers matched by neither are not used.
struct Matched {
    index: Vec<Option<usize>>,
    by_words: Vec<bool>,
    unused: Vec<UnusedColumn>,
    /// Two headers naming one column.
    errors: Vec<Problem>,
}

impl Matched {
    fn new(raw: &RawTable, spec: &[ColumnSpec], aliases: &ExtraAliases) -> Self {
        let mut m = Matched {
            index: vec![None; spec.len()],
            by_words: vec![false; spec.len()],
            unused: Vec::new(),
            errors: Vec::new(),
        };
        let mut left = Vec::new();
        for (h, header) in raw.headers.iter().enumerate() {
            if header.is_empty() {
                continue;
            }
            let Some(c) = spec.iter().position(|c| aliases.matches(c, header)) else {
                left.push(h);
                continue;
            };
            match m.index[c] {
                None => m.index[c] = Some(h),
                Some(first) => m.errors.push(raw.problem(
                    Some(raw.header_row()),
                    Some(header.clone()),
                    None,
                    ProblemKind::DuplicateColumn {
                        other: raw.headers[first].clone(),
                    },
                )),
            }
        }
        for h in left {
            let header = &raw.headers[h];
            let words = HeaderWords::of(header);
            let said: Vec<usize> = (0..spec.len())
                .filter(|&c| m.index[c].is_none() && spec[c].says(&words))
                .collect();
            if let [c] = said[..] {
                m.index[c] = Some(h);
                m.by_words[c] = true;
            } else {
                let closest = spec
                    .iter()
                    .map(|c| (c.closeness(header), c))
                    .filter(|((shared, _), _)| *shared > 0)
                    .max_by_key(|(closeness, _)| *closeness)
                    .map(|(_, c)| c.ru.to_string());
                m.unused.push(UnusedColumn {
                    header: header.clone(),
                    closest,
                });
            }
        }
        m
    }
}

/// A table whose headers have been matched to the canonical columns.
#[derive(Debug)]
pub(super) struct Resolved {
    pub(super) raw: RawTable,
    pub(super) spec: Cow<'static, [ColumnSpec]>,
    /// For each column of `spec`, its index among the file's headers.
    pub(super) index: Vec<Option<usize>>,
    /// For each column of `spec`, whether its header was matched by its words.
    by_words: Vec<bool>,
    /// The file's columns that are not read.
    unused: Vec<UnusedColumn>,
    /// The year of the folder the file is in, if it is in a year folder.
    pub(super) folder_year: Option<u16>,
    /// For an exam table, which shape it has.
    pub(super) shape: Option<ExamShape>,
    /// Missing cells so far of each column of the file.
    pub(super) missing: Vec<usize>,
    /// Columns with data under an empty header, reported once each.
    pub(super) blank_headers: Vec<usize>,
    /// The columns most rows read, located once.
    pub(super) school_id: Col,
    pub(super) year: Col,
}

impl Resolved {
    pub(super) fn new(
        raw: RawTable,
        table: TableKind,
        spec: Cow<'static, [ColumnSpec]>,
        aliases: &ExtraAliases,
        folder_year: Option<u16>,
        problems: &mut Vec<Problem>,
    ) -> Result<Self, Box<RawTable>> {
        let Matched {
            index,
            by_words,
            unused,
            mut errors,
        } = Matched::new(&raw, &spec, aliases);
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
        problems.extend(unused.iter().map(|u| {
            raw.problem(
                Some(raw.header_row()),
                Some(u.header.clone()),
                None,
                ProblemKind::UnusedColumn {
                    closest: u.closest.clone(),
                    extra: table == TableKind::Extra,
                },
            )
        }));
        let width = raw.headers.len();
        let mut resolved = Resolved {
            raw,
            spec,
            index,
            by_words,
            unused,
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
    pub(super) fn scan_block(&mut self, problems: &mut Vec<Problem>) {
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
    pub(super) fn column_stats(&self) -> Vec<ColumnStats> {
        self.spec
            .iter()
            .zip(&self.index)
            .zip(&self.by_words)
            .filter_map(|((col, h), &by_words)| {
                let h = (*h)?;
                Some(ColumnStats {
                    canonical: col.canonical.to_string(),
                    header: self.raw.headers[h].clone(),
                    missing: self.missing[h],
                    by_words,
                })
            })
            .collect()
    }

    /// The header a column has in the file.
    pub(super) fn header_of(&self, column: impl ColumnRef) -> Option<String> {
        column.locate(self).map(|h| self.raw.headers[h].clone())
    }

    pub(super) fn col(&self, canonical: &str) -> Option<usize> {
        let c = self.spec.iter().position(|c| c.canonical == canonical)?;
        self.index[c]
    }

    /// A column located once, for reading it row after row.
    /// The file's unread headers whose closest column is one of `canonical` (by Russian name).
    pub(super) fn unused_like(&self, canonical: &[&str]) -> Vec<String> {
        let names: Vec<&str> = (self.spec.iter())
            .filter(|c| canonical.contains(&c.canonical.as_ref()))
            .map(|c| c.ru.as_ref())
            .collect();
        (self.unused.iter())
            .filter(|u| u.closest.as_deref().is_some_and(|c| names.contains(&c)))
            .map(|u| u.header.clone())
            .collect()
    }

    pub(super) fn column(&self, canonical: &str) -> Col {
        Col {
            header: self.col(canonical),
        }
    }

    /// The text of a cell, if the column exists and the cell is not missing.
    pub(super) fn cell(&self, column: impl ColumnRef, row: usize) -> Option<&str> {
        self.raw.cell(column.locate(self)?, row)
    }

    pub(super) fn problem(&self, column: impl ColumnRef, row: usize, kind: ProblemKind) -> Problem {
        let h = column.locate(self);
        let header = h.map(|h| self.raw.headers[h].clone());
        let value = h.and_then(|h| self.raw.cell(h, row)).map(str::to_owned);
        self.raw
            .problem(Some(self.raw.row_number(row)), header, value, kind)
    }
}

/// A canonical column, by name or located once with [`Resolved::column`].
pub(super) trait ColumnRef: Copy {
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
pub(super) struct Col {
    pub(super) header: Option<usize>,
}

impl ColumnRef for Col {
    fn locate(self, _: &Resolved) -> Option<usize> {
        self.header
    }
}

/// Reads the cells of one row, recording each problem.
pub(super) struct Row<'a> {
    pub(super) table: &'a Resolved,
    pub(super) row: usize,
    pub(super) problems: &'a mut Vec<Problem>,
    pub(super) ok: bool,
}

impl<'a> Row<'a> {
    pub(super) fn new(table: &'a Resolved, row: usize, problems: &'a mut Vec<Problem>) -> Self {
        Row {
            table,
            row,
            problems,
            ok: true,
        }
    }

    pub(super) fn fail(&mut self, column: impl ColumnRef, kind: ProblemKind) {
        self.problems
            .push(self.table.problem(column, self.row, kind));
        self.ok = false;
    }

    pub(super) fn optional_text(&self, column: impl ColumnRef) -> Option<String> {
        self.table.cell(column, self.row).map(str::to_owned)
    }

    /// The row's subject in `column`, folded (see [`Subjects`]).
    pub(super) fn optional_subject(
        &self,
        column: impl ColumnRef,
        subjects: &mut Subjects,
    ) -> Option<Subject> {
        self.table.cell(column, self.row).map(|s| subjects.get(s))
    }

    pub(super) fn text(&mut self, column: impl ColumnRef) -> Option<String> {
        let text = self.optional_text(column);
        if text.is_none() {
            self.fail(column, ProblemKind::Empty);
        }
        text
    }

    /// A required text of at most `max` characters; a longer one is refused with its length.
    pub(super) fn text_at_most(&mut self, column: impl ColumnRef, max: usize) -> Option<String> {
        let text = self.text(column)?;
        let chars = text.chars().count();
        if chars > max {
            self.fail(column, ProblemKind::TooLong { chars, max });
            return None;
        }
        Some(text)
    }

    pub(super) fn optional_number(
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

    pub(super) fn whole(&mut self, column: impl ColumnRef, range: (u32, u32)) -> Option<u32> {
        if self.table.cell(column, self.row).is_none() {
            self.fail(column, ProblemKind::Empty);
            return None;
        }
        self.optional_whole(column, range)
    }

    /// A whole number within `range`; a negative count is out of range, a fraction is not whole.
    pub(super) fn optional_whole(
        &mut self,
        column: impl ColumnRef,
        range: (u32, u32),
    ) -> Option<u32> {
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

    pub(super) fn optional_category<C: Category>(&mut self, column: impl ColumnRef) -> Option<C> {
        let text = self.table.cell(column, self.row)?;
        let value = C::parse(text);
        if value.is_none() {
            let expected = C::expected(model::Lang::Ru) + " / " + &C::expected(model::Lang::En);
            self.fail(column, ProblemKind::UnknownValue { expected });
        }
        value
    }

    pub(super) fn category<C: Category>(&mut self, column: impl ColumnRef) -> Option<C> {
        if self.table.cell(column, self.row).is_none() {
            self.fail(column, ProblemKind::Empty);
            return None;
        }
        self.optional_category(column)
    }

    pub(super) fn school(&mut self, ids: &SchoolIndex) -> Option<SchoolIx> {
        let column = self.table.school_id;
        if self.table.cell(column, self.row).is_none() {
            self.fail(column, ProblemKind::Empty);
            return None;
        }
        self.optional_school(column, ids)
    }

    /// The school whose id `column` holds, when it is filled: one of the schools table's.
    pub(super) fn optional_school(
        &mut self,
        column: impl ColumnRef,
        ids: &SchoolIndex,
    ) -> Option<SchoolIx> {
        let id = self.table.cell(column, self.row)?;
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
    pub(super) fn year(&mut self) -> Option<u16> {
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
