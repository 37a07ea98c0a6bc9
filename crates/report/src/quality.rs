//! The data-quality report of `schoolpeers check`: per table, what was read,
//! accepted and rejected, which schools and years it covers, how complete each
//! column is, and every problem found.

use std::path::Path;

use model::{District, Lang, Problem, Severity, SourceFile};

use crate::csv::CsvDialect;
use crate::doc::ColumnDoc;
use crate::sheet::{Cell, Sheet};
use crate::text::decimal;
use crate::{write_file, ReportError, WrittenFile};
use serde::Serialize;

/// What `check` found in a data folder: the records it accepted, every problem, and whether
/// the district can be analysed as it is.
#[derive(Debug, Clone, Copy)]
pub struct Inspection<'a> {
    /// The records accepted.
    pub district: &'a District,
    /// Every problem found.
    pub problems: &'a [Problem],
    /// Whether the district can be analysed as it is.
    pub usable: bool,
}

fn years_text(years: &[u16]) -> String {
    match (years.first(), years.last()) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a}–{b}"),
        _ => "—".to_owned(),
    }
}

fn missing_pct(source: &SourceFile, missing: usize) -> f64 {
    if source.rows == 0 {
        0.0
    } else {
        100.0 * missing as f64 / source.rows as f64
    }
}

/// The report as the terminal shows it.
pub fn quality_summary(ingested: &Inspection<'_>, lang: Lang) -> String {
    let mut out = Vec::new();
    for source in &ingested.district.sources {
        let (schools, years) = (source.schools, years_text(&source.years));
        out.push(match lang {
            Lang::Ru => format!(
                "{}: строк {}, принято {}, отклонено {}; школ {}; годы {}",
                source.name, source.rows, source.accepted, source.rejected, schools, years
            ),
            Lang::En => format!(
                "{}: rows {}, accepted {}, rejected {}; schools {}; years {}",
                source.name, source.rows, source.accepted, source.rejected, schools, years
            ),
        });
        let gaps: Vec<String> = source
            .columns
            .iter()
            .filter(|c| c.missing > 0)
            .map(|c| {
                format!(
                    "«{}» {}%",
                    c.header,
                    decimal(missing_pct(source, c.missing), 1, lang)
                )
            })
            .collect();
        if !gaps.is_empty() {
            out.push(format!(
                "  {} {}",
                lang.pick("пропуски:", "missing:"),
                gaps.join(", ")
            ));
        }
        let columns = ColumnDoc::of_source(source);
        out.extend(columns.iter().map(|c| {
            format!(
                "  «{}» → {}",
                c.header,
                reading(c, source.table.stem(), lang)
            )
        }));
    }
    for table in &ingested.district.missing_optional {
        out.push(match lang {
            Lang::Ru => format!("{}.csv: нет файла (необязательная таблица)", table.stem()),
            Lang::En => format!("{}.csv: no file (optional table)", table.stem()),
        });
    }
    let warnings = ingested
        .problems
        .iter()
        .filter(|p| p.kind.severity() == Severity::Warning)
        .count();
    let n = ingested.problems.len() - warnings;
    if warnings > 0 {
        out.push(match lang {
            Lang::Ru => format!("Предупреждений: {warnings} (анализу не мешают)."),
            Lang::En => format!("Warnings: {warnings} (they do not stop the analysis)."),
        });
    }
    out.push(match (lang, ingested.usable) {
        (Lang::Ru, true) if n == 0 => "Ошибок нет. Данные пригодны для анализа.".to_owned(),
        (Lang::Ru, true) => format!("Строк с ошибками: {n}; они будут отложены (--skip-bad-rows). Данные пригодны для анализа."),
        (Lang::Ru, false) => format!("Ошибок: {n}. Данные непригодны для анализа, пока они не исправлены."),
        (Lang::En, true) if n == 0 => "No problems. The data can be analysed.".to_owned(),
        (Lang::En, true) => format!("Rows with problems: {n}; they will be set aside (--skip-bad-rows). The data can be analysed."),
        (Lang::En, false) => format!("Problems: {n}. The data cannot be analysed until they are fixed."),
    });
    out.join("\n")
}

/// The data-quality table: File, Row, Column, Check, Value. `check` writes it
/// from what was read (data-quality.csv); a run's workbook from results.json.
pub(crate) fn quality_sheet(lang: Lang) -> Sheet {
    Sheet::new(
        lang.pick("Качество данных", "Data quality"),
        match lang {
            Lang::Ru => &["Файл", "Строка", "Столбец", "Проверка", "Значение"][..],
            Lang::En => &["File", "Row", "Column", "Check", "Value"][..],
        },
    )
}

/// A file's rows read, accepted and rejected.
pub(crate) fn push_row_counts(
    sheet: &mut Sheet,
    file: &str,
    [rows, accepted, rejected]: [usize; 3],
    lang: Lang,
) {
    for (check, value) in [
        (lang.pick("строк прочитано", "rows read"), rows),
        (lang.pick("строк принято", "rows accepted"), accepted),
        (lang.pick("строк отклонено", "rows rejected"), rejected),
    ] {
        push_measure(sheet, file, "", check, Cell::int(Some(value)));
    }
}

/// One measure of a file (of one of its columns when `column` is not empty).
fn push_measure(sheet: &mut Sheet, file: &str, column: &str, check: &str, value: Cell) {
    sheet.push(vec![
        file.into(),
        Cell::text(""),
        column.into(),
        check.into(),
        value,
    ]);
}

/// An optional table the district has no file for.
pub(crate) fn push_missing_table(sheet: &mut Sheet, stem: &str, lang: Lang) {
    push_measure(
        sheet,
        &format!("{stem}.csv"),
        "",
        lang.pick("файл", "file"),
        lang.pick("нет (необязательная таблица)", "absent (optional table)")
            .into(),
    );
}

/// How a column is read, for the analyst: the column's name, how its header was recognised
/// and the indicators it feeds; or that it is not used and what it comes closest to.
pub(crate) fn reading(c: &ColumnDoc, table: &str, lang: Lang) -> String {
    let Some(canonical) = &c.column else {
        let closest = c.closest.as_ref().map(|n| match lang {
            Lang::Ru => format!(" (ближе всего «{n}»)"),
            Lang::En => format!(" (closest: \"{n}\")"),
        });
        let unused = lang.pick("не используется", "not used");
        return format!("{unused}{}", closest.unwrap_or_default());
    };
    let name = match lang {
        Lang::Ru => model::TableKind::ALL
            .iter()
            .filter(|t| t.stem() == table)
            .flat_map(|&t| model::columns::spec(t))
            .find(|s| s.canonical == *canonical)
            .map_or(canonical.as_str(), |s| &s.ru),
        Lang::En => canonical.as_str(),
    };
    let mut text = name.to_owned();
    if c.matched == "words" {
        text.push_str(lang.pick(" (узнан по словам)", " (recognised by its words)"));
    }
    if !c.indicators.is_empty() {
        let fed = c.indicators.join(", ");
        text.push_str(&match lang {
            Lang::Ru => format!("; показатели: {fed}"),
            Lang::En => format!("; indicators: {fed}"),
        });
    }
    text
}

/// How each column of a file is read.
pub(crate) fn push_columns(
    sheet: &mut Sheet,
    file: &str,
    table: &str,
    columns: &[ColumnDoc],
    lang: Lang,
) {
    let check = lang.pick("читается как", "read as");
    for c in columns {
        push_measure(
            sheet,
            file,
            &c.header,
            check,
            reading(c, table, lang).into(),
        );
    }
}

/// A problem of the input, of the kind named.
pub(crate) fn push_problem(
    sheet: &mut Sheet,
    (file, row, column): (&str, Option<usize>, Option<&str>),
    kind: &str,
    message: String,
) {
    sheet.push(vec![
        file.into(),
        Cell::int(row),
        column.unwrap_or_default().into(),
        kind.into(),
        message.into(),
    ]);
}

/// Writes data-quality.csv: one line per measure and per problem.
pub fn write_data_quality(
    out: &Path,
    ingested: &Inspection<'_>,
    lang: Lang,
    dialect: CsvDialect,
) -> Result<WrittenFile, ReportError> {
    let mut sheet = quality_sheet(lang);
    for source in &ingested.district.sources {
        let name = source.name.as_str();
        push_row_counts(
            &mut sheet,
            name,
            [source.rows, source.accepted, source.rejected],
            lang,
        );
        let schools = Cell::int(Some(source.schools));
        push_measure(&mut sheet, name, "", lang.pick("школ", "schools"), schools);
        let years = years_text(&source.years).into();
        push_measure(&mut sheet, name, "", lang.pick("годы", "years"), years);
        push_columns(
            &mut sheet,
            name,
            source.table.stem(),
            &ColumnDoc::of_source(source),
            lang,
        );
        for c in &source.columns {
            let missing = Cell::num(Some(missing_pct(source, c.missing)), 1);
            let check = lang.pick("пропущено значений, %", "missing values, %");
            push_measure(&mut sheet, name, &c.header, check, missing);
        }
    }
    for table in &ingested.district.missing_optional {
        push_missing_table(&mut sheet, table.stem(), lang);
    }
    for p in ingested.problems {
        let kind = match p.kind.severity() {
            Severity::Error => lang.pick("ошибка", "problem"),
            Severity::Warning => lang.pick("предупреждение", "warning"),
        };
        let place = (p.file.as_str(), p.row, p.column.as_deref());
        push_problem(&mut sheet, place, kind, p.message(lang));
    }
    write_file(&out.join("data-quality.csv"), &sheet.to_csv(dialect))
}

/// A problem of the data as results.json lists it (`set_aside`, `warnings`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProblemDoc {
    pub file: String,
    pub row: Option<usize>,
    pub column: Option<String>,
    pub message: String,
}

impl ProblemDoc {
    pub fn new(p: &model::Problem, lang: Lang) -> Self {
        ProblemDoc {
            file: p.file.clone(),
            row: p.row,
            column: p.column.clone(),
            message: p.message(lang),
        }
    }
}
