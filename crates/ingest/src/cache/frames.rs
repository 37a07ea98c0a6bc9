//! The cache's row tables as LZ4-compressed Arrow IPC streams (polars): one frame per record
//! type, its categories by their position in the category's list, schools, students and
//! subjects by number. Decoding checks every number against what it points into, so a damaged
//! cache is refused, never followed.

use std::fs::File;
use std::io::{Read as _, Write};

use model::{
    Category, District, ExamKind, ExamRecord, ExamSummary, ExtraValue, OlympiadRecord,
    OlympiadResult, OlympiadStage, Passport, PassportField, Qualification, School, SchoolId,
    SchoolIx, SchoolKind, Settlement, StaffMember, StudentIx, Students, Subject,
};
use polars::prelude::*;

use super::meta::{Meta, SubjectNumbers};
use super::{CacheError, CACHE_FILES};

type Result<T> = std::result::Result<T, CacheError>;

/// Rows per block of a table's file: a block is encoded, written and decoded at a time, so a
/// country's 31 million exam rows never sit in memory twice. 2¹⁸ rather than 2²⁰: a block's
/// frame, its encoding and the compressed copy of it are alive together, and at 2²⁰ rows they
/// raised the country's peak memory by 0.1 GB beside the profiles.
const BLOCK_ROWS: usize = 1 << 18;

/// Writes the row table of the file `name` (one of [`CACHE_FILES`] after the JSON part) to `out`
/// as blocks of at most [`BLOCK_ROWS`] rows, each an Arrow IPC stream after its length in bytes
/// (8 bytes, little-endian).
pub(super) fn write_table(
    district: &District,
    subjects: &SubjectNumbers<'_>,
    name: &str,
    out: &mut dyn Write,
) -> Result<()> {
    let subject = |s: &Subject| subjects.get(s.as_str()).copied();
    match name {
        "schools.arrow" => blocks(&district.schools, out, schools_frame),
        "staff.arrow" => blocks(&district.staff, out, |rows| staff_frame(rows, &subject)),
        "exams.arrow" => blocks(&district.exams, out, |rows| exams_frame(rows, &subject)),
        "students.arrow" => {
            let ids: Vec<&str> = district.students.ids().collect();
            blocks(&ids, out, students_frame)
        }
        "summaries.arrow" => blocks(&district.exam_summaries, out, |rows| {
            summaries_frame(rows, &subject)
        }),
        "olympiads.arrow" => blocks(&district.olympiads, out, |rows| {
            olympiads_frame(rows, &subject)
        }),
        "extra_values.arrow" => blocks(&district.extra_values, out, extra_values_frame),
        other => Err(CacheError::unreadable(format!("no cache file {other}"))),
    }
}

/// `rows` written block by block, each block's frame made by `frame`.
fn blocks<T>(
    rows: &[T],
    out: &mut dyn Write,
    frame: impl Fn(&[T]) -> Result<DataFrame>,
) -> Result<()> {
    blocks_of(BLOCK_ROWS, rows, out, frame)
}

/// `rows` written in blocks of `size` rows.
pub(super) fn blocks_of<T>(
    size: usize,
    rows: &[T],
    out: &mut dyn Write,
    frame: impl Fn(&[T]) -> Result<DataFrame>,
) -> Result<()> {
    let written = |e: std::io::Error| CacheError::unreadable(format!("writing: {e}"));
    for block in rows.chunks(size.max(1)) {
        let bytes = ipc_bytes(frame(block)?)?;
        out.write_all(&(bytes.len() as u64).to_le_bytes())
            .map_err(written)?;
        out.write_all(&bytes).map_err(written)?;
    }
    Ok(())
}

/// The rows of a table's file (its name, opened), each block's decoded by `rows`.
pub(super) fn read_blocks<T>(
    (name, file): (&str, File),
    mut rows: impl FnMut(&DataFrame) -> Result<Vec<T>>,
) -> Result<Vec<T>> {
    let unreadable = |e: &dyn std::fmt::Display| CacheError::unreadable(format!("{name}: {e}"));
    let size = file.metadata().map_err(|e| unreadable(&e))?.len();
    let mut file = std::io::BufReader::new(file);
    let (mut read, mut all) = (0u64, Vec::new());
    while read < size {
        let mut length = [0u8; 8];
        file.read_exact(&mut length).map_err(|e| unreadable(&e))?;
        let length = u64::from_le_bytes(length);
        // A length beyond the file is damage, never an allocation.
        if length > (size - read).saturating_sub(8) {
            return Err(unreadable(&"a block runs past the end of the file"));
        }
        let block = IpcStreamReader::new((&mut file).take(length))
            .finish()
            .map_err(|e| unreadable(&e))?;
        all.extend(rows(&block)?);
        read += 8 + length;
    }
    Ok(all)
}

/// The district the row tables (opened by `open`) and the JSON part `meta` hold.
pub(super) fn decode(meta: Meta, open: impl Fn(&str) -> Result<File>) -> Result<District> {
    // A table's file by its position in CACHE_FILES, with its name.
    let table = |at: usize| -> Result<(&'static str, File)> {
        let name = CACHE_FILES[at];
        Ok((name, open(name)?))
    };
    let subjects = meta.subjects();
    let schools = read_blocks(table(1)?, schools_of)?;
    let n = schools.len();
    let mut students = Students::default();
    read_blocks(table(4)?, |df| add_students(df, &mut students))?;
    let at = Numbers {
        schools: n,
        students: &students,
        subjects: &subjects,
    };
    let indicators = meta.extra_indicators.len();
    let district = District {
        staff: read_blocks(table(2)?, |df| staff_of(df, &at))?,
        exams: read_blocks(table(3)?, |df| exams_of(df, &at))?,
        exam_summaries: read_blocks(table(5)?, |df| summaries_of(df, &at))?,
        olympiads: read_blocks(table(6)?, |df| olympiads_of(df, &at))?,
        extra_values: read_blocks(table(7)?, |df| extra_values_of(df, &at, indicators))?,
        schools,
        students,
        activities: meta.activities,
        extra_indicators: meta.extra_indicators,
        sources: meta.sources,
        missing_optional: meta.missing_optional,
        set_aside: meta.set_aside,
        warnings: meta.warnings,
    };
    let leads_known =
        (district.activities.iter()).all(|a| a.lead_school.is_none_or(|s| s.get() < n));
    leads_known
        .then_some(district)
        .ok_or_else(|| CacheError::unreadable("activities: a lead school out of range"))
}

/// A frame as an Arrow IPC stream, its buffers compressed with LZ4 (built into polars' IPC
/// support): a region's cache is 19 MB instead of 89 MB, a country's 0.3 GB instead of 1.5 GB,
/// and the run writing it spends less time in the kernel than LZ4 costs.
fn ipc_bytes(mut frame: DataFrame) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    IpcStreamWriter::new(&mut bytes)
        .with_compression(Some(IpcCompression::LZ4))
        .finish(&mut frame)
        .map_err(CacheError::unreadable)?;
    Ok(bytes)
}

/// A frame of equally long columns.
fn frame(height: usize, columns: Vec<Column>) -> Result<DataFrame> {
    DataFrame::new(height, columns).map_err(CacheError::unreadable)
}

/// A category's position in its list.
fn code<C: Category + PartialEq>(value: C) -> u32 {
    C::ALL.iter().position(|&v| v == value).unwrap_or(0) as u32
}

/// The category at a position of its list.
fn category<C: Category>(code: Option<u32>, column: &str) -> Result<C> {
    code.and_then(|c| C::ALL.get(c as usize).copied())
        .ok_or_else(|| bad(column))
}

/// A cell of `column` missing or out of range.
fn bad(column: &str) -> CacheError {
    CacheError::unreadable(format!("{column}: a value missing or out of range"))
}

fn years(values: impl Iterator<Item = u16>) -> Vec<u32> {
    values.map(u32::from).collect()
}

fn schools_frame(schools: &[School]) -> Result<DataFrame> {
    let mut columns = vec![
        Column::new(
            "id".into(),
            schools.iter().map(|s| s.id.0.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "name".into(),
            schools.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "students".into(),
            schools.iter().map(|s| s.students).collect::<Vec<_>>(),
        ),
        Column::new(
            "kind".into(),
            schools.iter().map(|s| s.kind.map(code)).collect::<Vec<_>>(),
        ),
        Column::new(
            "settlement".into(),
            schools
                .iter()
                .map(|s| s.settlement.map(code))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "lat".into(),
            schools.iter().map(|s| s.lat).collect::<Vec<_>>(),
        ),
        Column::new(
            "lon".into(),
            schools.iter().map(|s| s.lon).collect::<Vec<_>>(),
        ),
        Column::new(
            "vacancies".into(),
            schools.iter().map(|s| s.vacancies).collect::<Vec<_>>(),
        ),
    ];
    for field in PassportField::ALL {
        let values: Vec<Option<f64>> = schools.iter().map(|s| s.passport.get(field)).collect();
        columns.push(Column::new(field.code().into(), values));
    }
    frame(schools.len(), columns)
}

/// A frame's column, or why it cannot be read.
fn column<'a>(df: &'a DataFrame, name: &str) -> Result<&'a Column> {
    df.column(name).map_err(CacheError::unreadable)
}

fn u32s<'a>(df: &'a DataFrame, name: &str) -> Result<&'a UInt32Chunked> {
    column(df, name)?.u32().map_err(CacheError::unreadable)
}

fn f64s<'a>(df: &'a DataFrame, name: &str) -> Result<&'a Float64Chunked> {
    column(df, name)?.f64().map_err(CacheError::unreadable)
}

fn strs<'a>(df: &'a DataFrame, name: &str) -> Result<&'a StringChunked> {
    column(df, name)?.str().map_err(CacheError::unreadable)
}

fn schools_of(df: &DataFrame) -> Result<Vec<School>> {
    let (id, name, students) = (strs(df, "id")?, strs(df, "name")?, u32s(df, "students")?);
    let (kind, settlement) = (u32s(df, "kind")?, u32s(df, "settlement")?);
    let (lat, lon, vacancies) = (f64s(df, "lat")?, f64s(df, "lon")?, f64s(df, "vacancies")?);
    let passport: Vec<&Float64Chunked> = (PassportField::ALL.iter())
        .map(|f| f64s(df, f.code()))
        .collect::<Result<_>>()?;
    let mut schools = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let mut school_passport = Passport::default();
        for (field, values) in PassportField::ALL.into_iter().zip(&passport) {
            school_passport.set(field, values.get(i));
        }
        schools.push(School {
            id: SchoolId(id.get(i).ok_or_else(|| bad("id"))?.to_owned()),
            name: name.get(i).ok_or_else(|| bad("name"))?.to_owned(),
            students: students.get(i).ok_or_else(|| bad("students"))?,
            kind: kind
                .get(i)
                .map(|c| category::<SchoolKind>(Some(c), "kind"))
                .transpose()?,
            settlement: (settlement.get(i))
                .map(|c| category::<Settlement>(Some(c), "settlement"))
                .transpose()?,
            lat: lat.get(i),
            lon: lon.get(i),
            passport: school_passport,
            vacancies: vacancies.get(i),
        });
    }
    Ok(schools)
}

fn students_frame(ids: &[&str]) -> Result<DataFrame> {
    frame(ids.len(), vec![Column::new("id".into(), ids.to_vec())])
}

/// The block's students added to `students`, in order (no rows of their own to return).
fn add_students(df: &DataFrame, students: &mut Students) -> Result<Vec<()>> {
    for id in strs(df, "id")?.iter() {
        students
            .push(id.ok_or_else(|| bad("student"))?)
            .ok_or_else(|| bad("student"))?;
    }
    Ok(Vec::new())
}

/// What the rows' numbers point into.
pub(super) struct Numbers<'a> {
    pub(super) schools: usize,
    pub(super) students: &'a Students,
    pub(super) subjects: &'a [Subject],
}

impl Numbers<'_> {
    fn school(&self, n: Option<u32>) -> Result<SchoolIx> {
        n.filter(|&n| (n as usize) < self.schools)
            .map(SchoolIx)
            .ok_or_else(|| bad("school"))
    }

    fn student(&self, n: Option<u32>) -> Result<Option<StudentIx>> {
        n.map(|n| self.students.at(n as usize).ok_or_else(|| bad("student")))
            .transpose()
    }

    fn subject(&self, n: Option<u32>) -> Result<Option<Subject>> {
        n.map(|n| (self.subjects.get(n as usize).cloned()).ok_or_else(|| bad("subject")))
            .transpose()
    }

    fn year(n: Option<u32>) -> Result<u16> {
        n.and_then(|y| u16::try_from(y).ok())
            .ok_or_else(|| bad("year"))
    }

    fn optional_year(n: Option<u32>) -> Result<Option<u16>> {
        n.map(|y| Self::year(Some(y))).transpose()
    }
}

/// A subject's number in the JSON part's list, for a frame.
pub(super) type Numbered<'a> = &'a dyn Fn(&Subject) -> Option<u32>;

fn staff_frame(staff: &[StaffMember], subject: Numbered<'_>) -> Result<DataFrame> {
    let texts = |f: fn(&StaffMember) -> Option<&str>| staff.iter().map(f).collect::<Vec<_>>();
    let floats = |f: fn(&StaffMember) -> Option<f64>| staff.iter().map(f).collect::<Vec<_>>();
    let columns = vec![
        Column::new(
            "school".into(),
            staff.iter().map(|s| s.school.0).collect::<Vec<_>>(),
        ),
        Column::new(
            "year".into(),
            staff
                .iter()
                .map(|s| s.year.map(u32::from))
                .collect::<Vec<_>>(),
        ),
        Column::new("staff_id".into(), texts(|s| Some(s.staff_id.as_str()))),
        Column::new("full_name".into(), texts(|s| s.full_name.as_deref())),
        Column::new("role".into(), texts(|s| s.role.as_deref())),
        Column::new(
            "subject".into(),
            staff
                .iter()
                .map(|s| s.subject.as_ref().and_then(subject))
                .collect::<Vec<_>>(),
        ),
        Column::new("experience_years".into(), floats(|s| s.experience_years)),
        Column::new("years_in_post".into(), floats(|s| s.years_in_post)),
        Column::new(
            "qualification".into(),
            staff
                .iter()
                .map(|s| s.qualification.map(code))
                .collect::<Vec<_>>(),
        ),
        Column::new("age".into(), floats(|s| s.age)),
    ];
    frame(staff.len(), columns)
}

fn staff_of(df: &DataFrame, at: &Numbers<'_>) -> Result<Vec<StaffMember>> {
    let (school, year, subject) = (u32s(df, "school")?, u32s(df, "year")?, u32s(df, "subject")?);
    let (staff_id, full_name, role) = (
        strs(df, "staff_id")?,
        strs(df, "full_name")?,
        strs(df, "role")?,
    );
    let (experience, in_post, age) = (
        f64s(df, "experience_years")?,
        f64s(df, "years_in_post")?,
        f64s(df, "age")?,
    );
    let qualification = u32s(df, "qualification")?;
    (0..df.height())
        .map(|i| {
            Ok(StaffMember {
                school: at.school(school.get(i))?,
                year: Numbers::optional_year(year.get(i))?,
                staff_id: staff_id.get(i).ok_or_else(|| bad("staff_id"))?.to_owned(),
                full_name: full_name.get(i).map(str::to_owned),
                role: role.get(i).map(str::to_owned),
                subject: at.subject(subject.get(i))?,
                experience_years: experience.get(i),
                years_in_post: in_post.get(i),
                qualification: (qualification.get(i))
                    .map(|c| category::<Qualification>(Some(c), "qualification"))
                    .transpose()?,
                age: age.get(i),
            })
        })
        .collect()
}

pub(super) fn exams_frame(exams: &[ExamRecord], subject: Numbered<'_>) -> Result<DataFrame> {
    let columns = vec![
        Column::new(
            "school".into(),
            exams.iter().map(|e| e.school.0).collect::<Vec<_>>(),
        ),
        Column::new("year".into(), years(exams.iter().map(|e| e.year))),
        Column::new(
            "exam".into(),
            exams.iter().map(|e| code(e.exam)).collect::<Vec<_>>(),
        ),
        Column::new(
            "subject".into(),
            exams
                .iter()
                .map(|e| subject(&e.subject))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "student".into(),
            (exams.iter())
                .map(|e| e.student.map(|s| s.get() as u32))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "score".into(),
            exams.iter().map(|e| e.score).collect::<Vec<_>>(),
        ),
        Column::new(
            "mark".into(),
            exams
                .iter()
                .map(|e| e.mark.map(u32::from))
                .collect::<Vec<_>>(),
        ),
    ];
    frame(exams.len(), columns)
}

pub(super) fn exams_of(df: &DataFrame, at: &Numbers<'_>) -> Result<Vec<ExamRecord>> {
    let (school, year, exam) = (u32s(df, "school")?, u32s(df, "year")?, u32s(df, "exam")?);
    let (subject, student) = (u32s(df, "subject")?, u32s(df, "student")?);
    let (score, mark) = (f64s(df, "score")?, u32s(df, "mark")?);
    let rows = (school.iter())
        .zip(year.iter())
        .zip(exam.iter())
        .zip(subject.iter());
    let rows = rows.zip(student.iter()).zip(score.iter()).zip(mark.iter());
    let mut exams = Vec::with_capacity(df.height());
    for ((((((school, year), exam), subject), student), score), mark) in rows {
        exams.push(ExamRecord {
            school: at.school(school)?,
            year: Numbers::year(year)?,
            exam: category::<ExamKind>(exam, "exam")?,
            subject: at.subject(subject)?.ok_or_else(|| bad("subject"))?,
            student: at.student(student)?,
            score,
            mark: mark
                .map(|m| u8::try_from(m).map_err(|_| bad("mark")))
                .transpose()?,
        });
    }
    Ok(exams)
}

fn summaries_frame(summaries: &[ExamSummary], subject: Numbered<'_>) -> Result<DataFrame> {
    let floats = |f: fn(&ExamSummary) -> Option<f64>| summaries.iter().map(f).collect::<Vec<_>>();
    let counts = |f: fn(&ExamSummary) -> Option<u32>| summaries.iter().map(f).collect::<Vec<_>>();
    let columns = vec![
        Column::new(
            "school".into(),
            summaries.iter().map(|e| e.school.0).collect::<Vec<_>>(),
        ),
        Column::new("year".into(), years(summaries.iter().map(|e| e.year))),
        Column::new(
            "exam".into(),
            summaries.iter().map(|e| code(e.exam)).collect::<Vec<_>>(),
        ),
        Column::new(
            "subject".into(),
            summaries
                .iter()
                .map(|e| subject(&e.subject))
                .collect::<Vec<_>>(),
        ),
        Column::new("participants".into(), counts(|e| Some(e.participants))),
        Column::new("mean_score".into(), floats(|e| e.mean_score)),
        Column::new("sd_score".into(), floats(|e| e.sd_score)),
        Column::new("mean_mark".into(), floats(|e| e.mean_mark)),
        Column::new("failed".into(), counts(|e| e.failed)),
        Column::new("high_scorers".into(), counts(|e| e.high_scorers)),
    ];
    frame(summaries.len(), columns)
}

fn summaries_of(df: &DataFrame, at: &Numbers<'_>) -> Result<Vec<ExamSummary>> {
    let (school, year, exam) = (u32s(df, "school")?, u32s(df, "year")?, u32s(df, "exam")?);
    let (subject, participants) = (u32s(df, "subject")?, u32s(df, "participants")?);
    let (mean_score, sd_score, mean_mark) = (
        f64s(df, "mean_score")?,
        f64s(df, "sd_score")?,
        f64s(df, "mean_mark")?,
    );
    let (failed, high_scorers) = (u32s(df, "failed")?, u32s(df, "high_scorers")?);
    (0..df.height())
        .map(|i| {
            Ok(ExamSummary {
                school: at.school(school.get(i))?,
                year: Numbers::year(year.get(i))?,
                exam: category::<ExamKind>(exam.get(i), "exam")?,
                subject: at.subject(subject.get(i))?.ok_or_else(|| bad("subject"))?,
                participants: participants.get(i).ok_or_else(|| bad("participants"))?,
                mean_score: mean_score.get(i),
                sd_score: sd_score.get(i),
                mean_mark: mean_mark.get(i),
                failed: failed.get(i),
                high_scorers: high_scorers.get(i),
            })
        })
        .collect()
}

fn olympiads_frame(olympiads: &[OlympiadRecord], subject: Numbered<'_>) -> Result<DataFrame> {
    let columns = vec![
        Column::new(
            "school".into(),
            olympiads.iter().map(|o| o.school.0).collect::<Vec<_>>(),
        ),
        Column::new("year".into(), years(olympiads.iter().map(|o| o.year))),
        Column::new(
            "stage".into(),
            olympiads.iter().map(|o| code(o.stage)).collect::<Vec<_>>(),
        ),
        Column::new(
            "subject".into(),
            (olympiads.iter())
                .map(|o| o.subject.as_ref().and_then(subject))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "student_id".into(),
            olympiads
                .iter()
                .map(|o| o.student_id.as_deref())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "result".into(),
            olympiads.iter().map(|o| code(o.result)).collect::<Vec<_>>(),
        ),
    ];
    frame(olympiads.len(), columns)
}

fn olympiads_of(df: &DataFrame, at: &Numbers<'_>) -> Result<Vec<OlympiadRecord>> {
    let (school, year, stage) = (u32s(df, "school")?, u32s(df, "year")?, u32s(df, "stage")?);
    let (subject, student, result) = (
        u32s(df, "subject")?,
        strs(df, "student_id")?,
        u32s(df, "result")?,
    );
    (0..df.height())
        .map(|i| {
            Ok(OlympiadRecord {
                school: at.school(school.get(i))?,
                year: Numbers::year(year.get(i))?,
                stage: category::<OlympiadStage>(stage.get(i), "stage")?,
                subject: at.subject(subject.get(i))?,
                student_id: student.get(i).map(str::to_owned),
                result: category::<OlympiadResult>(result.get(i), "result")?,
            })
        })
        .collect()
}

fn extra_values_frame(values: &[ExtraValue]) -> Result<DataFrame> {
    let columns = vec![
        Column::new(
            "school".into(),
            values.iter().map(|v| v.school.0).collect::<Vec<_>>(),
        ),
        Column::new(
            "year".into(),
            values
                .iter()
                .map(|v| v.year.map(u32::from))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "indicator".into(),
            values
                .iter()
                .map(|v| v.indicator as u32)
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "value".into(),
            values.iter().map(|v| v.value).collect::<Vec<_>>(),
        ),
    ];
    frame(values.len(), columns)
}

fn extra_values_of(df: &DataFrame, at: &Numbers<'_>, indicators: usize) -> Result<Vec<ExtraValue>> {
    let (school, year) = (u32s(df, "school")?, u32s(df, "year")?);
    let (indicator, value) = (u32s(df, "indicator")?, f64s(df, "value")?);
    (0..df.height())
        .map(|i| {
            Ok(ExtraValue {
                school: at.school(school.get(i))?,
                year: Numbers::optional_year(year.get(i))?,
                indicator: (indicator.get(i))
                    .map(|n| n as usize)
                    .filter(|&n| n < indicators)
                    .ok_or_else(|| bad("indicator"))?,
                value: value.get(i).ok_or_else(|| bad("value"))?,
            })
        })
        .collect()
}
