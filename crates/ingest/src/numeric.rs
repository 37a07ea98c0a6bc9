//! Any numeric table the analyst brings (`schoolpeers cluster`): a column of
//! row ids and numeric columns, read with the same encodings, separators,
//! decimal commas and spreadsheets as the district's tables.

use std::collections::HashMap;
use std::path::Path;

use model::text::normalize;

use crate::parse::{file_label, parse_number};
use model::{Problem, ProblemKind};

use crate::error::IngestError;
use crate::read::ReadOptions;
use crate::table::{open_table, RawTable, BLOCK_BYTES};

/// A table of ids and numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct NumericTable {
    /// The file's name, as messages show it.
    pub file: String,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// The id of each row.
    pub ids: Vec<String>,
    /// The headers of the numeric columns, as written.
    pub columns: Vec<String>,
    /// Row-major values: `ids.len()` × `columns.len()`.
    pub values: Vec<f64>,
}

/// Reads `path`: the column headed `id_column` (compared without case,
/// spaces and punctuation) holds each row's id, every other column must be
/// numeric. Every problem is reported with its row and column: a missing id
/// column (with the headers there), an empty or repeated id, an empty or
/// non-numeric cell, a table without numeric columns or rows.
pub fn read_numeric_table(
    path: &Path,
    id_column: &str,
    options: &ReadOptions,
) -> Result<NumericTable, IngestError> {
    let name = file_label(path);
    let wanted = normalize(id_column);
    let score = |headers: &[String]| {
        let named = headers.iter().filter(|h| !h.trim().is_empty()).count();
        (
            usize::from(headers.iter().any(|h| normalize(h) == wanted)),
            named,
        )
    };
    let one = |p: Problem| IngestError::data(vec![p]);
    let (mut raw, mut reader) = open_table(
        &name,
        path,
        &score,
        options.encoding,
        options.block_bytes.unwrap_or(BLOCK_BYTES),
    )
    .map_err(|p| one(*p))?;
    let Some(id) = raw.headers.iter().position(|h| normalize(h) == wanted) else {
        return Err(one(missing_id_column(&raw, id_column, &wanted)));
    };
    let numeric: Vec<usize> = (0..raw.headers.len()).filter(|&c| c != id).collect();
    if numeric.is_empty() {
        return Err(one(raw.problem(
            None,
            None,
            None,
            ProblemKind::NoNumericColumns,
        )));
    }
    let columns: Vec<String> = numeric.iter().map(|&c| raw.headers[c].clone()).collect();
    let mut rows = Rows::default();
    loop {
        for i in 0..raw.height() {
            rows.read(&raw, i, id, &numeric);
        }
        if !reader.next_block(&mut raw).map_err(|p| one(*p))? {
            break;
        }
    }
    let Rows {
        ids,
        values,
        mut problems,
        ..
    } = rows;
    if ids.is_empty() && problems.is_empty() {
        problems.push(raw.problem(None, None, None, ProblemKind::NoRows));
    }
    if !problems.is_empty() {
        return Err(IngestError::data(problems));
    }
    Ok(NumericTable {
        file: name,
        sha256: reader.sha256(),
        ids,
        columns,
        values,
    })
}

/// The id column is not there: with the headers that look like it.
fn missing_id_column(raw: &RawTable, id_column: &str, wanted: &str) -> Problem {
    let similar = raw
        .headers
        .iter()
        .filter(|h| {
            let h = normalize(h);
            !wanted.is_empty() && (h.contains(wanted) || wanted.contains(&h)) && !h.is_empty()
        })
        .cloned()
        .collect();
    raw.problem(
        None,
        Some(id_column.to_owned()),
        None,
        ProblemKind::MissingColumn {
            similar,
            found: raw.headers.clone(),
        },
    )
}

/// The rows read so far: ids, values row-major, every problem, each id's first row.
#[derive(Debug, Default)]
struct Rows {
    ids: Vec<String>,
    values: Vec<f64>,
    problems: Vec<Problem>,
    first_row: HashMap<String, usize>,
}

impl Rows {
    /// Row `i` of the block: its id (not empty, not repeated) and a number in every other
    /// column (NaN where the cell is not one, with its problem).
    fn read(&mut self, raw: &RawTable, i: usize, id: usize, numeric: &[usize]) {
        let row = raw.row_number(i);
        let cell_problem = |c: usize, kind: ProblemKind| {
            raw.problem(
                Some(row),
                Some(raw.headers[c].clone()),
                raw.cell(c, i).map(str::to_owned),
                kind,
            )
        };
        match raw.cell(id, i) {
            None => self.problems.push(cell_problem(id, ProblemKind::Empty)),
            Some(text) => match self.first_row.get(text) {
                Some(&first) => self.problems.push(cell_problem(
                    id,
                    ProblemKind::DuplicateId { first_row: first },
                )),
                None => {
                    self.first_row.insert(text.to_owned(), row);
                }
            },
        }
        self.ids
            .push(raw.cell(id, i).unwrap_or_default().to_owned());
        for &c in numeric {
            match raw.cell(c, i).map(|t| (t, parse_number(t))) {
                Some((_, Some(v))) => self.values.push(v),
                Some((_, None)) => {
                    self.problems.push(cell_problem(c, ProblemKind::NotANumber));
                    self.values.push(f64::NAN);
                }
                None => {
                    self.problems.push(cell_problem(c, ProblemKind::Empty));
                    self.values.push(f64::NAN);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Result<(Vec<&str>, Vec<f64>), Vec<&str>>) {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("table.csv");
        std::fs::write(&path, text).expect("written");
        let got = read_numeric_table(&path, "код", &ReadOptions::default());
        match (got, expected) {
            (Ok(t), Ok((ids, values))) => {
                assert_eq!(t.ids, ids);
                assert_eq!(t.values, values);
            }
            (Err(e), Err(messages)) => {
                let got: Vec<String> = e
                    .problems
                    .iter()
                    .map(|p| p.message(model::Lang::En))
                    .collect();
                assert_eq!(got, messages);
            }
            (got, expected) => panic!("{got:?} instead of {expected:?}"),
        }
    }

    #[test]
    fn ids_and_numbers_are_read_the_russian_way() {
        check(
            "Код;доля, %;расстояние\nA;12,5;3\nB;7;1 200\n",
            Ok((vec!["A", "B"], vec![12.5, 3.0, 7.0, 1200.0])),
        );
    }

    #[test]
    fn every_bad_cell_is_located() {
        check(
            "код;x;y\nA;1;abc\n;2;3\nA;;4\n",
            Err(vec![
                "table.csv, row 2, column \"y\": \"abc\" is not a number",
                "table.csv, row 3, column \"код\": empty value in a required column",
                "table.csv, row 4, column \"код\": \"A\" is repeated (first at row 2)",
                "table.csv, row 4, column \"x\": empty value in a required column",
            ]),
        );
    }

    #[test]
    fn a_missing_id_column_lists_the_headers_there() {
        check(
            "код школы;x\nA;1\n",
            Err(vec![
                "table.csv, column \"код\": required column not found; similar: \"код школы\"; the file has: \"код школы\", \"x\"",
            ]),
        );
        check(
            "код\nA\n",
            Err(vec!["table.csv: no column besides the id holds numbers"]),
        );
        check(
            "код;x\n",
            Err(vec!["table.csv: the table has no data rows"]),
        );
    }
}
