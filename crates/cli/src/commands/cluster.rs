//! `schoolpeers cluster`: the rows of any numeric table grouped.

use std::path::Path;

use cluster::KSelectionParams;
use ingest::ReadOptions;
use model::Lang;
use ndarray::Array2;

use super::{print_written, problem_list, Rest};
use crate::console::Console;
use crate::error::RunError;

/// What `schoolpeers cluster` is asked to do.
#[derive(Debug)]
pub struct TableRequest<'a> {
    /// The table file.
    pub file: &'a Path,
    /// The header of the column of row ids.
    pub id_column: &'a str,
    /// How to read the file (its encoding).
    pub read: &'a ReadOptions,
    /// The method, criterion and seed.
    pub selection: KSelectionParams,
    /// A number of groups, or `None` for the criterion's choice.
    pub k: Option<usize>,
    /// With a number of groups, score every k all the same (the k table).
    pub k_table: bool,
    /// The groups file; the k table and the tree are written beside it.
    pub out: &'a Path,
    /// How the CSV files are written.
    pub dialect: report::CsvDialect,
    /// `--force`: replace files of the output's names that schoolpeers did not write.
    pub force: bool,
}

/// Groups the rows of any numeric table: each column standardised (z-score;
/// a column with one value everywhere is left out, and said so), then the
/// method and k of the request.
pub fn cluster_table(request: &TableRequest<'_>, console: &Console) -> Result<(), RunError> {
    let lang = console.lang;
    let mut selection = request.selection.clone();
    if let Some(k) = request.k {
        selection = selection.force_k(k);
    }
    let selection = selection
        .check()
        .map_err(|e| RunError::Settings(e.to_string()))?;
    refuse_to_overwrite(request, lang)?;
    let table = ingest::read_numeric_table(request.file, request.id_column, request.read)
        .map_err(|e| RunError::Data(problem_list(&e.problems, lang, Rest::NotWritten)))?;
    let n = table.ids.len();
    if let Some(k) = selection.forced_k() {
        if n < 2 * k {
            return Err(RunError::Data(match lang {
                Lang::Ru => format!(
                    "{}: для {k} групп нужно хотя бы {} строк (по две на группу), а в таблице {n}",
                    table.file,
                    2 * k
                ),
                Lang::En => format!(
                    "{}: {k} groups need at least {} rows (two a group); the table has {n}",
                    table.file,
                    2 * k
                ),
            }));
        }
    }
    let matrix = standardised(&table, console)?;
    let q = matrix.ncols();
    let step = console.spinner(lang.pick("Группировка", "Grouping"));
    let chosen = match selection.forced_k() {
        // What a forced k needs: its grouping (and tree), no other k scored.
        Some(k) if !request.k_table => cluster::group_at_k(matrix.view(), k, &selection),
        _ => cluster::choose_k(matrix.view(), &selection),
    }
    .map_err(|e| grouping_error(e, &table.file, lang))?;
    let id_header = request.id_column;
    drop(step);
    let written = report::write_table_groups(
        request.out,
        id_header,
        &table.ids,
        &chosen,
        lang,
        request.dialect,
    )
    .map_err(|e| RunError::Output(e.message(lang)))?;
    console.say(match lang {
        Lang::Ru => format!(
            "Строк: {n}, столбцов в расчёте: {q}; метод: {}; групп: {}",
            selection.method().code(),
            chosen.chosen.k
        ),
        Lang::En => format!(
            "Rows: {n}, columns used: {q}; method: {}; groups: {}",
            selection.method().code(),
            chosen.chosen.k
        ),
    });
    print_written(&written, console);
    Ok(())
}

/// Refuses to write over the input table itself, ever, and (without `--force`) over a file of
/// the output's names that `cluster` did not write.
fn refuse_to_overwrite(request: &TableRequest<'_>, lang: Lang) -> Result<(), RunError> {
    let input = std::fs::canonicalize(request.file).ok();
    for target in report::table_group_files(request.out) {
        let Ok(real) = std::fs::canonicalize(&target) else {
            continue; // Not there: nothing to overwrite.
        };
        let shown = target.display();
        if input.as_ref() == Some(&real) {
            return Err(RunError::Output(match lang {
                Lang::Ru => format!("--out: {shown} — это входная таблица; укажите другой файл"),
                Lang::En => format!("--out: {shown} is the input table; name another file"),
            }));
        }
        if !request.force && !ingest::written_by_cluster(&real) {
            return Err(RunError::Output(match lang {
                Lang::Ru => format!(
                    "--out: файл {shown} уже есть, и его записала не эта команда; укажите другой \
                     файл или добавьте --force"
                ),
                Lang::En => format!(
                    "--out: {shown} exists and this command did not write it; name another \
                     file or add --force"
                ),
            }));
        }
    }
    Ok(())
}

/// Each column z-scored; a column with one value in every row is left out, and said so.
fn standardised(table: &ingest::NumericTable, console: &Console) -> Result<Array2<f64>, RunError> {
    let lang = console.lang;
    let (n, p) = (table.ids.len(), table.columns.len());
    let mut columns: Vec<Vec<f64>> = Vec::new();
    for (c, header) in table.columns.iter().enumerate() {
        let values: Vec<f64> = (0..n).map(|i| table.values[i * p + c]).collect();
        match features::z_scores(&values) {
            Some(z) => columns.push(z),
            None => console.say(match lang {
                Lang::Ru => format!(
                    "{}: в столбце «{header}» везде одно значение; он не используется",
                    table.file
                ),
                Lang::En => format!(
                    "{}: column \"{header}\" has one value in every row and is left out",
                    table.file
                ),
            }),
        }
    }
    if columns.is_empty() {
        return Err(RunError::Data(match lang {
            Lang::Ru => format!(
                "{}: все строки одинаковы — группировать не по чему",
                table.file
            ),
            Lang::En => format!("{}: every row is the same: nothing to group by", table.file),
        }));
    }
    Ok(Array2::from_shape_fn((n, columns.len()), |(i, c)| {
        columns[c][i]
    }))
}

/// A failed grouping of the table, worded with its file.
fn grouping_error(e: cluster::ClusterError, file: &str, lang: Lang) -> RunError {
    RunError::Data(match (e, lang) {
        (cluster::ClusterError::TooFewDistinctRows { k, distinct }, Lang::Ru) => {
            format!("{file}: {k} групп — больше, чем различных строк ({distinct})")
        }
        (cluster::ClusterError::TooFewDistinctRows { k, distinct }, Lang::En) => {
            format!("{file}: {k} groups is more than the distinct rows ({distinct})")
        }
        (cluster::ClusterError::TooFewRows { rows, .. }, Lang::Ru) => {
            format!("{file}: строк для группировки слишком мало ({rows})")
        }
        (e, _) => format!("{file}: {e}"),
    })
}
