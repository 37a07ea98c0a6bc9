//! The exam tables, per student or per school, with each student's results checked for
//! repeats and each school's results for being given twice.

use super::*;

/// What the exam tables read so far have established, across files: where
/// each school's results for an exam, subject and year were first given (to
/// refuse giving them twice), the subjects, and the students.
#[derive(Default)]
pub(super) struct ExamState {
    /// Per school, each cell (see [`cell_key`]) and where it was first given.
    pub(super) cells: Vec<HashMap<u32, FirstGiven>>,
    /// Each subject once, numbered for [`cell_key`].
    pub(super) subjects: HashMap<Subject, u32>,
    /// The files named in `cells`.
    pub(super) files: Vec<String>,
    /// Per school, each of its student ids once: its position in
    /// `District::students`. One small table per school keeps the lookups in
    /// cache, as tables list a school's rows together.
    pub(super) students: Vec<hashbrown::HashTable<StudentEntry>>,
    /// The last student looked up: tables list a student's results together.
    pub(super) last_student: Option<(SchoolIx, StudentIx)>,
}

/// A student in `ExamState::students`: the hash of its id, and the student.
pub(super) type StudentEntry = (u64, StudentIx);

/// Where a cell's results were first given: file (in `ExamState::files`), row, and whether as a summary.
pub(super) type FirstGiven = (u32, u32, bool);

/// A school's exam, subject and year in one number: 7 bits of year (from 1990),
/// 2 of exam and 23 of subject.
pub(super) fn cell_key(year: u16, exam: ExamKind, subject: u32) -> u32 {
    u32::from(year.saturating_sub(1990)) | (exam as u32) << 7 | subject << 9
}

impl ExamState {
    /// Records a row; a problem if a summary meets any earlier row of the cell,
    /// or per-student rows meet an earlier summary.
    pub(super) fn check(
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
    pub(super) fn student(
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

    pub(super) fn intern_student(
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
pub(super) struct ResultChains {
    /// Per student, the index in `links` of its last result; `u32::MAX` for none.
    pub(super) last: Vec<u32>,
    /// Per result: the student's previous result, its cell and its row.
    pub(super) links: Vec<(u32, u32, u32)>,
}

impl ResultChains {
    /// Records a result; the row of the student's earlier result of the same cell, if any.
    pub(super) fn first_row(&mut self, student: StudentIx, key: u32, row: usize) -> Option<usize> {
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

/// The longest subject name accepted, in characters (the longest real one is under 60).
const MAX_SUBJECT_CHARS: usize = 200;

/// A subject's score range in each exam, in the order of `ExamKind::ALL`.
pub(super) type ExamRanges = [(f64, f64); <ExamKind as Category>::ALL.len()];

/// What one exam table gave.
pub(super) struct ExamRows {
    pub(super) summaries: Vec<ExamSummary>,
    pub(super) rejected: usize,
    pub(super) cover: Coverage,
}

/// Reads an exam table, adding its per-student results and their students to the district
/// and returning its per-school summaries.
pub(super) fn read_exams(
    table: &mut Table,
    ids: &SchoolIndex,
    limits: &ScoreLimits,
    state: &mut ExamState,
    district: &mut District,
    fatal: &mut Vec<Problem>,
    problems: &mut Vec<Problem>,
) -> ExamRows {
    let (records, students) = (&mut district.exams, &mut district.students);
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
    let mut subjects = SubjectCache::default();
    let cols = ExamCols::of(&table.t, summary);
    table.each_block(fatal, |t| {
        for i in 0..t.raw.height() {
            let mut r = Row::new(t, i, problems);
            let school = r.school(ids);
            let year = r.year();
            let exam = r.category::<ExamKind>(cols.exam);
            let subject = match t.cell(cols.subject, i) {
                // A subject is named in the outputs: refused here when too long for them.
                Some(text)
                    if text.len() > MAX_SUBJECT_CHARS
                        && text.chars().count() > MAX_SUBJECT_CHARS =>
                {
                    let chars = text.chars().count();
                    let max = MAX_SUBJECT_CHARS;
                    r.fail(cols.subject, ProblemKind::TooLong { chars, max });
                    None
                }
                Some(text) => Some(subjects.get(text, state, limits)),
                None => {
                    r.fail(cols.subject, ProblemKind::Empty);
                    None
                }
            };
            let range = exam.zip(subject.as_ref()).and_then(|(e, (_, _, ranges))| {
                let at = ExamKind::ALL.iter().position(|&k| k == e)?;
                ranges.get(at).copied()
            });
            let score = r.optional_number(cols.score, range);
            let mut student = None;
            if let (Some(school), Some(year), Some(exam), Some((_, number, _))) =
                (school, year, exam, &subject)
            {
                let key = cell_key(year, exam, *number);
                let row = t.raw.row_number(i);
                if let Some(kind) = state.check(school, key, file, row, summary) {
                    r.fail(t.school_id, kind);
                }
                if let (false, Some(id)) = (summary, t.cell(cols.student, i)) {
                    student = state.student(school, id, students);
                    check_student(&mut r, cols.student, student, &mut chains, key, row);
                }
            }
            let place = (school, year, exam, subject.map(|(s, _, _)| s));
            if summary {
                let read = summary_row(&mut r, &cols, place, score);
                out.rejected += usize::from(!r.ok);
                if let Some(s) = read {
                    out.cover.add(s.school, Some(s.year));
                    out.summaries.push(s);
                }
            } else {
                let read = student_row(&mut r, &cols, place, score, student);
                out.rejected += usize::from(!r.ok);
                if let Some(e) = read {
                    out.cover.add(e.school, Some(e.year));
                    records.push(e);
                }
            }
        }
    });
    out
}

/// The columns of an exam table, found once.
#[derive(Debug, Clone)]
struct ExamCols {
    exam: Col,
    subject: Col,
    student: Col,
    /// `score` per student, `mean_score` per school.
    score: Col,
    mark: Col,
    /// Unread headers that look like the score column, when the file has none.
    score_like: Vec<String>,
}

impl ExamCols {
    fn of(t: &Resolved, summary: bool) -> Self {
        let score = if summary { "mean_score" } else { "score" };
        ExamCols {
            exam: t.column("exam"),
            subject: t.column("subject"),
            student: t.column("student_id"),
            score: t.column(score),
            mark: t.column("mark"),
            score_like: t.unused_like(&["score", "mean_score"]),
        }
    }
}

/// The subjects of a table as written, each folded once, with its number and its score range
/// in each exam.
#[derive(Debug, Default)]
struct SubjectCache(HashMap<Box<str>, (Subject, u32, ExamRanges)>);

impl SubjectCache {
    fn get(
        &mut self,
        text: &str,
        state: &mut ExamState,
        limits: &ScoreLimits,
    ) -> (Subject, u32, ExamRanges) {
        if let Some(known) = self.0.get(text) {
            return known.clone();
        }
        let folded = Subject::new(text);
        let n = state.subjects.len() as u32;
        let number = *state.subjects.entry(folded.clone()).or_insert(n);
        let ranges = std::array::from_fn(|k| limits.range(ExamKind::ALL[k], &folded));
        let known = (folded, number, ranges);
        self.0.insert(text.into(), known.clone());
        known
    }
}

/// A table's subjects as written, each folded once ([`Subject::new`]: trimmed, lower-cased)
/// and shared by the rows that name it: a region's staff table names a few dozen subjects in
/// a hundred thousand rows.
#[derive(Debug, Default)]
pub(super) struct Subjects(HashMap<Box<str>, Subject>);

impl Subjects {
    pub(super) fn get(&mut self, text: &str) -> Subject {
        if let Some(known) = self.0.get(text) {
            return known.clone();
        }
        let folded = Subject::new(text);
        self.0.insert(text.into(), folded.clone());
        folded
    }
}

/// A student's id out of range, or a second result for the same exam, subject and year.
fn check_student(
    r: &mut Row<'_>,
    column: Col,
    student: Option<StudentIx>,
    chains: &mut ResultChains,
    key: u32,
    row: usize,
) {
    match student {
        None => r.fail(
            column,
            ProblemKind::OutOfRange {
                min: 1.0,
                max: f64::from(u32::MAX),
            },
        ),
        Some(s) => {
            if let Some(first_row) = chains.first_row(s, key, row) {
                r.fail(column, ProblemKind::DuplicateStudent { first_row });
            }
        }
    }
}

/// Where a result belongs: school, year, exam, subject, each when its cell was valid.
type Place = (
    Option<SchoolIx>,
    Option<u16>,
    Option<ExamKind>,
    Option<Subject>,
);

/// The rest of a per-school row; the summary when the whole row is valid.
fn summary_row(
    r: &mut Row<'_>,
    cols: &ExamCols,
    place: Place,
    score: Option<f64>,
) -> Option<ExamSummary> {
    let (t, i) = (r.table, r.row);
    let participants = r.whole("participants", (0, 10_000_000));
    let mean_mark = r.optional_number("mean_mark", Some(mark_bounds()));
    let sd_score = r.optional_number("sd_score", Some((0.0, 100.0)));
    let failed = r.optional_whole("failed", (0, 10_000_000));
    let high_scorers = r.optional_whole("high_scorers", (0, 10_000_000));
    if let Some(total) = participants {
        if total > 0 && t.cell(cols.score, i).is_none() && t.cell("mean_mark", i).is_none() {
            r.fail(cols.score, ProblemKind::Empty);
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
    let (school, year, exam, subject) = place;
    Some(ExamSummary {
        school: school.filter(|_| r.ok)?,
        year: year?,
        exam: exam?,
        subject: subject?,
        participants: participants?,
        mean_score: score,
        sd_score,
        mean_mark,
        failed,
        high_scorers,
    })
}

/// The rest of a per-student row; the result when the whole row is valid.
fn student_row(
    r: &mut Row<'_>,
    cols: &ExamCols,
    place: Place,
    score: Option<f64>,
    student: Option<StudentIx>,
) -> Option<ExamRecord> {
    let (t, i) = (r.table, r.row);
    let marks = (u32::from(MARK_RANGE.0), u32::from(MARK_RANGE.1));
    let mark = r.optional_whole(cols.mark, marks).map(|m| m as u8);
    if t.cell(cols.score, i).is_none() && t.cell(cols.mark, i).is_none() {
        if cols.score.header.is_some() {
            r.fail(cols.score, ProblemKind::Empty);
        } else {
            let similar = cols.score_like.clone();
            r.fail(cols.mark, ProblemKind::NoResult { similar });
        }
    }
    let (school, year, exam, subject) = place;
    Some(ExamRecord {
        school: school.filter(|_| r.ok)?,
        year: year?,
        exam: exam?,
        subject: subject?,
        student,
        score,
        mark,
    })
}
