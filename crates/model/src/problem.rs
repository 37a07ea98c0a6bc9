//! What can be wrong with input, located to the file, row and column.

use crate::lang::Lang;
use crate::text::{clip, join_years, QUOTE_CHARS};

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    /// File name (or folder, for a missing file) as the analyst knows it.
    pub file: String,
    /// The worksheet, for spreadsheet files.
    pub sheet: Option<String>,
    /// Row number as a spreadsheet shows it: the header is row 1.
    pub row: Option<usize>,
    /// The column's header as written in the file, or its Russian name when absent.
    pub column: Option<String>,
    /// The offending cell's text.
    pub value: Option<String>,
    /// What is wrong.
    pub kind: ProblemKind,
}

/// What can be wrong with input.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum ProblemKind {
    /// A required table is not in the data folder.
    MissingFile {
        /// The file name looked for.
        expected: String,
    },
    /// The file exists but cannot be read as a table.
    Unreadable {
        /// What the reader said.
        detail: String,
    },
    /// A quote opens a field that never closes: the rest of the file would be one cell.
    UnclosedQuote,
    /// A row has more fields than the header.
    TooManyFields {
        /// Fields in the row.
        found: usize,
        /// Fields in the header.
        expected: usize,
    },
    /// A required column is absent; `similar` lists the headers that look like
    /// it, `found` all headers that are there.
    MissingColumn {
        /// Headers that look like the missing one.
        similar: Vec<String>,
        /// Every header of the file.
        found: Vec<String>,
    },
    /// Two headers name the same column.
    DuplicateColumn {
        /// The header of the first of the two.
        other: String,
    },
    /// A required cell is empty.
    Empty,
    /// A pupil's result has neither a score nor a mark, and the file has no score column;
    /// `similar` lists the file's unread headers that look like one.
    NoResult {
        /// Unread headers that look like the score column.
        similar: Vec<String>,
    },
    /// The cell is not a number.
    NotANumber,
    /// The cell is not a whole number of 0 or more.
    NotAWholeNumber,
    /// The value is outside its valid range.
    OutOfRange {
        /// The smallest valid value.
        min: f64,
        /// The largest valid value.
        max: f64,
    },
    /// A category cell holds none of the accepted values.
    UnknownValue {
        /// The accepted values.
        expected: String,
    },
    /// A text cell longer than its column allows (a school's id or name), refused at input
    /// rather than failing later at a workbook's cell limit or a file name's.
    TooLong {
        /// Its length in characters.
        chars: usize,
        /// The most the column allows.
        max: usize,
    },
    /// The same school id appears twice in the schools table.
    DuplicateSchool {
        /// The row where the id first appears.
        first_row: usize,
    },
    /// The config file is not valid TOML or has an unknown section or key.
    BadConfig {
        /// What the TOML reader said.
        detail: String,
    },
    /// A configured alias already names another column.
    AliasClash {
        /// The column the alias already names.
        other: String,
    },
    /// The data folder has both tables of its own and year subfolders.
    MixedLayout {
        /// The year folders found.
        years: Vec<u16>,
    },
    /// A row's year differs from the year folder it is in.
    YearMismatch {
        /// The year of the folder.
        folder: u16,
    },
    /// A student has a second result for the same exam, subject and year.
    DuplicateStudent {
        /// The row of the student's first result.
        first_row: usize,
    },
    /// A staff member's second row in a school repeats a subject of theirs, or differs from
    /// their first row in something other than the subject (post, category, experience, age).
    RepeatedStaff {
        /// The row of the staff member's first row.
        first_row: usize,
    },
    /// A methodical cluster's second row for the same year in the activities table.
    RepeatedCluster {
        /// The year.
        year: u16,
        /// The row of the cluster's first row for the year.
        first_row: usize,
    },
    /// A record refers to a school whose row in the schools table was rejected.
    SchoolRowRejected {
        /// The schools table.
        schools_file: String,
        /// The school's rejected row there.
        row: usize,
    },
    /// A record refers to a school that is not in the schools table.
    UnknownSchool {
        /// The schools table.
        schools_file: String,
    },
    /// The schools table has no rows.
    NoSchools,
    /// An indicator code in the config has characters other than a–z, 0–9 and `_`.
    BadCode,
    /// An indicator code is used twice in the config.
    RepeatedCode,
    /// A count is larger than the total it is part of.
    ExceedsTotal {
        /// The header of the total's column.
        total_column: String,
        /// The total.
        total: u32,
    },
    /// A school's results for one exam, subject and year are given twice:
    /// per student and as a summary, or in two summaries.
    ExamResultsTwice {
        /// The file of the first time they are given.
        first_file: String,
        /// The row of the first time they are given.
        first_row: usize,
        /// Whether the first time was a school summary.
        first_is_summary: bool,
    },
    /// Rows of an extra table name schools that are not in the schools table
    /// (a regional table holds other districts' schools too). A warning.
    OutsideDistrict {
        /// How many rows.
        rows: usize,
        /// The first few ids.
        examples: Vec<String>,
    },
    /// Two school ids differ only in case, punctuation, spaces or leading zeros. A warning.
    SimilarIds {
        /// The other id.
        other: String,
    },
    /// Rows of an extra table without a school id (subtotal and total rows of real exports).
    /// A warning.
    RowsWithoutId {
        /// How many rows.
        rows: usize,
        /// The first of them.
        first_row: usize,
    },
    /// A header cell is empty or merged over several columns while the column holds data.
    BlankHeader,
    /// A column's header names no column of its table: the column is not read. A warning.
    UnusedColumn {
        /// The Russian name of the table's column it comes closest to.
        closest: Option<String>,
        /// Whether the table is an extra table of the config (named in `[[extra]]`).
        extra: bool,
    },
    /// A row id is repeated in a table of any rows (`schoolpeers cluster`).
    DuplicateId {
        /// The row where the id first appears.
        first_row: usize,
    },
    /// A table to cluster has no column besides the id.
    NoNumericColumns,
    /// A table has a header and no data rows.
    NoRows,
    /// A file or folder of the data folder that is not read. A warning.
    NotRead {
        /// Why it is not read.
        reason: NotRead,
    },
    /// A previous run's results.json cannot be read.
    PreviousResults {
        /// What the JSON reader said.
        detail: String,
    },
}

/// Why a file or folder of the data folder is not read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum NotRead {
    /// A subfolder whose name is not a year (`2026 (2)`, `old`).
    NotAYearFolder,
    /// A subfolder named by a year outside 1990–2100.
    YearOutOfRange,
    /// A folder inside a year folder.
    FolderInYearFolder,
    /// A second file of a table (`schools.xlsx` beside `schools.csv`): the first by name is read.
    SecondFile {
        /// The file that is read.
        read: String,
    },
    /// A file that is none of the district's tables, nor a table or the config of district.toml.
    NotATable,
    /// Another sheet of the workbook a table is read from (`sheet` names it).
    OtherSheet {
        /// The sheet that is read.
        read: String,
    },
    /// `truth.csv`: the hidden truth `schoolpeers generate` writes beside a synthetic district.
    GeneratedTruth,
}

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Reported, counted, never stops a run.
    Warning,
    /// Stops the run unless the row can be set aside with `--skip-bad-rows`.
    Error,
}

impl ProblemKind {
    /// Whether the problem stops a run or only warns.
    pub fn severity(&self) -> Severity {
        match self {
            ProblemKind::OutsideDistrict { .. }
            | ProblemKind::BlankHeader
            | ProblemKind::UnusedColumn { .. }
            | ProblemKind::NotRead { .. }
            | ProblemKind::RowsWithoutId { .. }
            | ProblemKind::SimilarIds { .. } => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

impl Problem {
    /// A problem with a whole file; add the place with struct update syntax:
    /// `Problem { row: Some(5), ..Problem::new("exams.csv", kind) }`.
    pub fn new(file: &str, kind: ProblemKind) -> Self {
        Problem {
            file: file.to_owned(),
            sheet: None,
            row: None,
            column: None,
            value: None,
            kind,
        }
    }

    /// The problem as one sentence for the analyst. Whatever it quotes of the input is cut to
    /// [`QUOTE_CHARS`] characters, and what it says to ten times that.
    pub fn message(&self, lang: Lang) -> String {
        let mut place = clip(&self.file, QUOTE_CHARS).into_owned();
        let sheet = self.sheet.as_deref().map(|s| clip(s, QUOTE_CHARS));
        let column = self.column.as_deref().map(|c| clip(c, QUOTE_CHARS));
        if let Some(sheet) = sheet {
            place.push_str(&match lang {
                Lang::Ru => format!(", лист «{sheet}»"),
                Lang::En => format!(", sheet \"{sheet}\""),
            });
        }
        if let Some(row) = self.row {
            place.push_str(&match lang {
                Lang::Ru => format!(", строка {row}"),
                Lang::En => format!(", row {row}"),
            });
        }
        if let Some(column) = column {
            place.push_str(&match lang {
                Lang::Ru => format!(", столбец «{column}»"),
                Lang::En => format!(", column \"{column}\""),
            });
        }
        let value = clip(self.value.as_deref().unwrap_or(""), QUOTE_CHARS);
        let what = match lang {
            Lang::Ru => russian(&self.kind, &value),
            Lang::En => english(&self.kind, &value),
        };
        format!("{place}: {}", clip(&what, 10 * QUOTE_CHARS))
    }
}

/// A pupil's result with neither a score nor a mark in a file without a score column, with the
/// file's headers that look like one.
fn no_result(similar: &[String], lang: Lang) -> String {
    let what = lang.pick(
        "нет ни балла, ни отметки; столбца «балл» в файле нет",
        "neither a score nor a mark; the file has no score column",
    );
    if similar.is_empty() {
        return what.to_owned();
    }
    match lang {
        Lang::Ru => format!(
            "{what}, похожие: {} (название можно указать в [columns] district.toml)",
            quoted(similar, lang)
        ),
        Lang::En => format!(
            "{what}, similar: {} (name it in [columns] of district.toml)",
            quoted(similar, lang)
        ),
    }
}

/// What is wrong, in Russian.
fn russian(kind: &ProblemKind, value: &str) -> String {
    match kind {
        ProblemKind::MissingFile { expected } => format!("нет файла {expected} (ожидается .csv)"),
        ProblemKind::Unreadable { detail } => format!("файл не читается как таблица: {detail}"),
        ProblemKind::TooManyFields { found, expected } => format!("в строке {found} полей, а в заголовке {expected}; проверьте разделители и кавычки"),
        ProblemKind::MissingColumn { similar, found } => {
            let hint = if similar.is_empty() {
                String::new()
            } else {
                format!("; похожие: {}", quoted(similar, Lang::Ru))
            };
            format!(
                "обязательный столбец не найден{hint}; в файле есть: {}",
                quoted(found, Lang::Ru)
            )
        }
        ProblemKind::DuplicateColumn { other } => format!("тот же столбец, что и «{other}»; оставьте один"),
        ProblemKind::Empty => "пустое значение в обязательном столбце".into(),
        ProblemKind::NoResult { similar } => no_result(similar, Lang::Ru),
        ProblemKind::UnclosedQuote => "в этой строке кавычка открывает поле и не закрывается до конца файла; уберите её или закройте".into(),
        ProblemKind::NotANumber => match CellLook::of(value) {
            CellLook::Formula => format!("«{value}» — формула, значение которой в файле не сохранено; откройте файл в Excel и сохраните его"),
            CellLook::Date => format!("«{value}» — дата или время, а не число (проверьте формат ячейки)"),
            CellLook::Other => format!("«{value}» — не число"),
        },
        ProblemKind::NotAWholeNumber => format!("«{value}» — не целое неотрицательное число"),
        ProblemKind::OutOfRange { min, max } => format!("значение {value} вне допустимого диапазона {min}–{max}"),
        ProblemKind::UnknownValue { expected } => format!("неизвестное значение «{value}»; допустимо: {expected}"),
        ProblemKind::TooLong { chars, max } => format!("значение длиной {chars} знаков, а в этом столбце допустимо не более {max}"),
        ProblemKind::DuplicateSchool { first_row } => format!("код ОО «{value}» повторяется (впервые в строке {first_row})"),
        ProblemKind::UnknownSchool { schools_file } => format!("школы с кодом «{value}» нет в {schools_file}"),
        ProblemKind::BadConfig { detail } => format!("настройки не читаются: {detail}"),
        ProblemKind::AliasClash { other } => format!("псевдоним «{value}» уже означает столбец {other}"),
        ProblemKind::MixedLayout { years } => format!(
            "в папке есть и таблицы, и папки по годам ({}); оставьте что-то одно",
            join_years(years)
            ),
        ProblemKind::YearMismatch { folder } => format!("год {value} не совпадает с папкой {folder}"),
        ProblemKind::SchoolRowRejected { schools_file, row } => format!(
            "строка школы «{value}» в {schools_file} (строка {row}) отклонена из-за ошибок"
            ),
        ProblemKind::DuplicateStudent { first_row } => format!(
            "у участника «{value}» уже есть результат по этому экзамену, предмету и году (строка {first_row})"
            ),
        ProblemKind::NoSchools => "в таблице нет ни одной школы".into(),
        ProblemKind::DuplicateId { first_row } => format!("«{value}» повторяется (впервые в строке {first_row})"),
        ProblemKind::RepeatedStaff { first_row } => format!(
            "работник «{value}» уже есть в строке {first_row}; строки одного работника могут \
             различаться только предметом"
            ),
        ProblemKind::RepeatedCluster { year, first_row } => format!("кластер «{value}» за {year} год уже есть в строке {first_row}; у кластера одна строка за год"),
        ProblemKind::NoNumericColumns => "кроме столбца кодов, в таблице нет столбцов с числами".into(),
        ProblemKind::NoRows => "в таблице нет строк с данными".into(),
        ProblemKind::PreviousResults { detail } => format!("это не results.json прошлого запуска schoolpeers: {detail}"),
        ProblemKind::BadCode => format!("код «{value}» должен состоять из строчных латинских букв, цифр и _"),
        ProblemKind::RepeatedCode => format!("код «{value}» использован дважды"),
        ProblemKind::ExceedsTotal { total_column, total } => format!("{value} больше, чем «{total_column}» ({total})"),
        ProblemKind::ExamResultsTwice {
                first_file,
                first_row,
                first_is_summary,
            } => format!(
            "результаты школы по этому экзамену, предмету и году уже даны {} в {first_file} \
             (строка {first_row}); оставьте что-то одно",
            if *first_is_summary {
                "итогом по школе"
            } else {
                "по участникам"
            }
            ),
        ProblemKind::OutsideDistrict { rows, examples } => format!(
            "строк о школах, которых нет в таблице школ: {rows} (например, {}); они не используются",
            quoted(examples, Lang::Ru)
            ),
        ProblemKind::SimilarIds { other } => format!(
            "коды «{value}» и «{other}» различаются только регистром, знаками или ведущими нулями: \
             это две разные школы? Они читаются как две"
            ),
        ProblemKind::RowsWithoutId { rows, first_row } => format!(
            "строк без кода школы: {rows} (первая — строка {first_row}; например, итоговые); они не используются"
            ),
        ProblemKind::BlankHeader => "у столбца с данными пустой или объединённый заголовок; столбец не используется".into(),
        ProblemKind::NotRead { reason } => format!("не читается: {}", match reason {
            NotRead::NotAYearFolder => "имя папки — не год (папка года называется только годом, например 2025)".to_owned(),
            NotRead::YearOutOfRange => "год папки вне допустимых 1990–2100".to_owned(),
            NotRead::FolderInYearFolder => "папка внутри папки года".to_owned(),
            NotRead::SecondFile { read } => format!("второй файл той же таблицы; читается {read}"),
            NotRead::NotATable => "не таблица района (schools, staff, exams, olympiads) и не таблица [[extra]] из district.toml".to_owned(),
            NotRead::OtherSheet { read } => format!("другой лист книги; таблица читается с листа «{read}»"),
            NotRead::GeneratedTruth => "скрытая правда сгенерированного района (generate), для проверки метода, не для анализа".to_owned(),
        }),
        ProblemKind::UnusedColumn { closest, extra } => format!(
            "столбец не используется: такого заголовка нет среди известных{}; если это нужный \
             столбец, укажите заголовок в district.toml, {}",
            closest.as_ref().map(|c| format!(" (ближе всего «{c}»)")).unwrap_or_default(),
            if *extra { "в показателях таблицы ([[extra.indicators]])" } else { "раздел [columns]" }
            ),
    }
}

/// What is wrong, in English.
fn english(kind: &ProblemKind, value: &str) -> String {
    match kind {
        ProblemKind::MissingFile { expected } => format!("file {expected} not found (expected .csv)"),
        ProblemKind::Unreadable { detail } => format!("cannot be read as a table: {detail}"),
        ProblemKind::TooManyFields { found, expected } => format!("the row has {found} fields but the header has {expected}; check separators and quotes"),
        ProblemKind::MissingColumn { similar, found } => {
            let hint = if similar.is_empty() {
                String::new()
            } else {
                format!("; similar: {}", quoted(similar, Lang::En))
            };
            format!(
                "required column not found{hint}; the file has: {}",
                quoted(found, Lang::En)
            )
        }
        ProblemKind::DuplicateColumn { other } => format!("the same column as \"{other}\"; keep one"),
        ProblemKind::Empty => "empty value in a required column".into(),
        ProblemKind::NoResult { similar } => no_result(similar, Lang::En),
        ProblemKind::UnclosedQuote => "a quote in this row opens a field that does not close before the file ends; remove it or close it".into(),
        ProblemKind::NotANumber => match CellLook::of(value) {
            CellLook::Formula => format!("\"{value}\" is a formula whose value the file does not hold; open the file in Excel and save it"),
            CellLook::Date => format!("\"{value}\" is a date or time, not a number (check the cell's format)"),
            CellLook::Other => format!("\"{value}\" is not a number"),
        },
        ProblemKind::NotAWholeNumber => format!("\"{value}\" is not a non-negative whole number"),
        ProblemKind::OutOfRange { min, max } => format!("value {value} is outside the valid range {min}–{max}"),
        ProblemKind::UnknownValue { expected } => format!("unknown value \"{value}\"; expected one of: {expected}"),
        ProblemKind::TooLong { chars, max } => format!("the value is {chars} characters long; this column allows at most {max}"),
        ProblemKind::DuplicateSchool { first_row } => format!("school id \"{value}\" is repeated (first at row {first_row})"),
        ProblemKind::UnknownSchool { schools_file } => format!("no school with id \"{value}\" in {schools_file}"),
        ProblemKind::BadConfig { detail } => format!("the config cannot be read: {detail}"),
        ProblemKind::AliasClash { other } => format!("the alias \"{value}\" already names the column {other}"),
        ProblemKind::MixedLayout { years } => format!(
            "the folder has both tables and year folders ({}); keep one layout",
            join_years(years)
            ),
        ProblemKind::YearMismatch { folder } => format!("year {value} differs from the folder {folder}"),
        ProblemKind::SchoolRowRejected { schools_file, row } => format!(
            "the row of school \"{value}\" in {schools_file} (row {row}) was rejected for its problems"
            ),
        ProblemKind::DuplicateStudent { first_row } => format!(
            "student \"{value}\" already has a result for this exam, subject and year (row {first_row})"
            ),
        ProblemKind::NoSchools => "the table has no schools".into(),
        ProblemKind::DuplicateId { first_row } => format!("\"{value}\" is repeated (first at row {first_row})"),
        ProblemKind::RepeatedStaff { first_row } => format!(
            "staff member \"{value}\" already has row {first_row}; a staff member's rows may \
             differ only in the subject"
            ),
        ProblemKind::RepeatedCluster { year, first_row } => format!("cluster \"{value}\" already has row {first_row} for {year}; a cluster has one row a year"),
        ProblemKind::NoNumericColumns => "no column besides the id holds numbers".into(),
        ProblemKind::PreviousResults { detail } => format!("not the results.json of a schoolpeers run: {detail}"),
        ProblemKind::NoRows => "the table has no data rows".into(),
        ProblemKind::BadCode => format!("the code \"{value}\" must be latin lower-case letters, digits and _"),
        ProblemKind::RepeatedCode => format!("the code \"{value}\" is used twice"),
        ProblemKind::ExceedsTotal { total_column, total } => format!("{value} is more than \"{total_column}\" ({total})"),
        ProblemKind::ExamResultsTwice {
                first_file,
                first_row,
                first_is_summary,
            } => format!(
            "the school's results for this exam, subject and year are already given {} in \
             {first_file} (row {first_row}); keep one",
            if *first_is_summary {
                "as a school summary"
            } else {
                "per student"
            }
            ),
        ProblemKind::OutsideDistrict { rows, examples } => format!(
            "rows about schools not in the schools table: {rows} (e.g. {}); they are not used",
            quoted(examples, Lang::En)
            ),
        ProblemKind::SimilarIds { other } => format!(
            "the ids \"{value}\" and \"{other}\" differ only in case, punctuation or leading \
             zeros: are they two schools? They are read as two"
            ),
        ProblemKind::RowsWithoutId { rows, first_row } => format!(
            "rows without a school id: {rows} (the first at row {first_row}; totals, say); they are not used"
            ),
        ProblemKind::BlankHeader => "a column with data has an empty or merged header; the column is not used".into(),
        ProblemKind::NotRead { reason } => format!("not read: {}", match reason {
            NotRead::NotAYearFolder => "the folder's name is not a year (a year folder is named by its year alone, e.g. 2025)".to_owned(),
            NotRead::YearOutOfRange => "the folder's year is outside 1990–2100".to_owned(),
            NotRead::FolderInYearFolder => "a folder inside a year folder".to_owned(),
            NotRead::SecondFile { read } => format!("a second file of the same table; {read} is read"),
            NotRead::NotATable => "none of the district's tables (schools, staff, exams, olympiads) nor an [[extra]] table of district.toml".to_owned(),
            NotRead::OtherSheet { read } => format!("another sheet of the workbook; the table is read from sheet \"{read}\""),
            NotRead::GeneratedTruth => "the hidden truth of a generated district (generate), for testing the method, not for analysis".to_owned(),
        }),
        ProblemKind::UnusedColumn { closest, extra } => format!(
            "the column is not used: its header is none of the known ones{}; if the column is \
             needed, name its header in district.toml, {}",
            closest.as_ref().map(|c| format!(" (closest: \"{c}\")")).unwrap_or_default(),
            if *extra { "in the table's indicators ([[extra.indicators]])" } else { "section [columns]" }
            ),
    }
}

/// What a cell that is not a number looks like, for saying why.
enum CellLook {
    /// `=…`: a spreadsheet formula without its value.
    Formula,
    /// `2024-01-15`, `10:30`: a spreadsheet date or time (see the spreadsheet reader).
    Date,
    Other,
}

impl CellLook {
    fn of(value: &str) -> Self {
        let shape: String = value
            .chars()
            .map(|c| if c.is_ascii_digit() { '9' } else { c })
            .collect();
        let date = shape.starts_with("9999-99-99");
        let time = shape.contains(':') && shape.chars().all(|c| c == '9' || c == ':');
        if value.starts_with('=') {
            CellLook::Formula
        } else if date || time {
            CellLook::Date
        } else {
            CellLook::Other
        }
    }
}

fn quoted(items: &[String], lang: Lang) -> String {
    if items.is_empty() {
        return lang.pick("(ничего)", "(nothing)").into();
    }
    items
        .iter()
        .map(|s| match lang {
            Lang::Ru => format!("«{s}»"),
            Lang::En => format!("\"{s}\""),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(problem: Problem, ru: &str, en: &str) {
        assert_eq!(problem.message(Lang::Ru), ru);
        assert_eq!(problem.message(Lang::En), en);
    }

    #[test]
    fn messages_name_file_row_and_column() {
        check(
            Problem {
                file: "exams.csv".into(),
                sheet: None,
                row: Some(7),
                column: Some("балл".into()),
                value: Some("сорок".into()),
                kind: ProblemKind::NotANumber,
            },
            "exams.csv, строка 7, столбец «балл»: «сорок» — не число",
            "exams.csv, row 7, column \"балл\": \"сорок\" is not a number",
        );
        check(
            Problem {
                file: "schools.csv".into(),
                sheet: None,
                row: None,
                column: Some("обучающихся".into()),
                value: None,
                kind: ProblemKind::MissingColumn {
                    similar: vec![],
                    found: vec!["код ОО".into(), "наименование".into()],
                },
            },
            "schools.csv, столбец «обучающихся»: обязательный столбец не найден; в файле есть: «код ОО», «наименование»",
            "schools.csv, column \"обучающихся\": required column not found; the file has: \"код ОО\", \"наименование\"",
        );
    }
}
