//! The data-quality report of `schoolpeers check`: per table, what was read,
//! accepted and rejected, which schools and years it covers, how complete each
//! column is, and every problem found.

use std::path::{Path, PathBuf};

use ingest::{Ingested, Lang, Severity, SourceFile};

use crate::csv::{Csv, CsvDialect};
use crate::text::decimal;
use crate::{write_file, ReportError};

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
pub fn quality_summary(ingested: &Ingested, lang: Lang) -> String {
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

/// Writes data-quality.csv: one line per measure and per problem, for Excel.
pub fn write_data_quality(
    out: &Path,
    ingested: &Ingested,
    lang: Lang,
    dialect: CsvDialect,
) -> Result<PathBuf, ReportError> {
    let mut csv = Csv::new(dialect);
    csv.row(&match lang {
        Lang::Ru => ["Файл", "Строка", "Столбец", "Проверка", "Значение"],
        Lang::En => ["File", "Row", "Column", "Check", "Value"],
    });
    for source in &ingested.district.sources {
        let (schools, years) = (source.schools, years_text(&source.years));
        let measures = [
            (
                lang.pick("строк прочитано", "rows read"),
                source.rows.to_string(),
            ),
            (
                lang.pick("строк принято", "rows accepted"),
                source.accepted.to_string(),
            ),
            (
                lang.pick("строк отклонено", "rows rejected"),
                source.rejected.to_string(),
            ),
            (lang.pick("школ", "schools"), schools.to_string()),
            (lang.pick("годы", "years"), years),
        ];
        for (check, value) in measures {
            csv.row(&[source.name.as_str(), "", "", check, &value]);
        }
        for c in &source.columns {
            csv.row(&[
                source.name.as_str(),
                "",
                &c.header,
                lang.pick("пропущено значений, %", "missing values, %"),
                &decimal(
                    missing_pct(source, c.missing),
                    1,
                    if dialect.decimal_comma() {
                        Lang::Ru
                    } else {
                        Lang::En
                    },
                ),
            ]);
        }
    }
    for table in &ingested.district.missing_optional {
        csv.row(&[
            format!("{}.csv", table.stem()).as_str(),
            "",
            "",
            lang.pick("файл", "file"),
            lang.pick("нет (необязательная таблица)", "absent (optional table)"),
        ]);
    }
    for p in &ingested.problems {
        csv.row(&[
            p.file.clone(),
            p.row.map(|r| r.to_string()).unwrap_or_default(),
            p.column.clone().unwrap_or_default(),
            match p.kind.severity() {
                Severity::Error => lang.pick("ошибка", "problem"),
                Severity::Warning => lang.pick("предупреждение", "warning"),
            }
            .to_owned(),
            p.message(lang),
        ]);
    }
    let path = out.join("data-quality.csv");
    write_file(&path, &csv.into_bytes())?;
    Ok(path)
}
