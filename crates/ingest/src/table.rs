//! A delimited text file read into string columns with polars.
//!
//! Every cell is read as text so that each conversion error can be reported
//! with its row and column instead of failing the whole file.

use std::io::Cursor;

use polars::prelude::{CsvParseOptions, CsvReadOptions, DataFrame, SerReader, StringChunked};

use crate::problem::{Problem, ProblemKind};

#[derive(Debug)]
pub(crate) struct RawTable {
    /// The file name, as used in messages.
    pub file: String,
    /// Headers as written in the file, trimmed.
    pub headers: Vec<String>,
    frame: DataFrame,
}

/// Spreadsheet row number of the data row with index `i` (the header is row 1).
pub(crate) fn row_number(i: usize) -> usize {
    i + 2
}

impl RawTable {
    pub fn height(&self) -> usize {
        self.frame.height()
    }

    /// The cells of column `index` (as in `headers`).
    pub fn column(&self, index: usize) -> &StringChunked {
        self.frame.columns()[index]
            .str()
            .expect("every column is read as text")
    }
}

/// Turns the file's bytes into UTF-8 text: a UTF-8 BOM is dropped, text that is
/// not valid UTF-8 is taken as Windows-1251, as Russian Excel saves CSV.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1251
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// Picks the separator that splits the header line most: `;`, tab or `,`.
fn sniff_separator(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let separators = [b';', b'\t', b','];
    let mut best = separators[0];
    let mut best_count = 0;
    for sep in separators {
        let count = fields_in_line(header, sep) - 1;
        if count > best_count {
            best = sep;
            best_count = count;
        }
    }
    best
}

/// Number of fields in one line, separators inside quotes not counted.
fn fields_in_line(line: &str, separator: u8) -> usize {
    let mut in_quotes = false;
    let mut fields = 1;
    for c in line.bytes() {
        match c {
            b'"' => in_quotes = !in_quotes,
            c if c == separator && !in_quotes => fields += 1,
            _ => {}
        }
    }
    fields
}

/// Finds the first line with more fields than the header, to locate a ragged
/// row that the CSV reader rejected without saying where. Lines are counted
/// as the analyst sees them; a quoted field spanning lines is not expected here.
fn first_ragged_row(text: &str, separator: u8) -> Option<(usize, usize, usize)> {
    let mut lines = text.lines();
    let expected = fields_in_line(lines.next()?, separator);
    lines
        .enumerate()
        .map(|(i, line)| (i + 2, fields_in_line(line, separator)))
        .find(|&(_, found)| found > expected)
        .map(|(row, found)| (row, found, expected))
}

pub(crate) fn read_csv(file: &str, bytes: &[u8]) -> Result<RawTable, Box<Problem>> {
    let unreadable = |detail: String| {
        Box::new(Problem {
            file: file.to_owned(),
            row: None,
            column: None,
            value: None,
            kind: ProblemKind::Unreadable { detail },
        })
    };
    let text = decode(bytes);
    if text.trim().is_empty() {
        return Err(unreadable("пустой файл / empty file".into()));
    }
    let separator = sniff_separator(&text);
    let ragged = first_ragged_row(&text, separator);
    let frame = CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(Some(0))
        .with_parse_options(CsvParseOptions::default().with_separator(separator))
        .into_reader_with_file_handle(Cursor::new(text.into_bytes()))
        .finish()
        .map_err(|e| match ragged {
            Some((row, found, expected)) => Box::new(Problem {
                row: Some(row),
                kind: ProblemKind::TooManyFields { found, expected },
                ..*unreadable(String::new())
            }),
            None => unreadable(e.to_string()),
        })?;
    if let Some(column) = frame.columns().iter().find(|c| c.str().is_err()) {
        return Err(unreadable(format!("column {} is not text", column.name())));
    }
    let headers = frame
        .get_column_names()
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    Ok(RawTable {
        file: file.to_owned(),
        headers,
        frame,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &[u8], headers: &[&str], first_column: &[Option<&str>]) {
        let table = read_csv("t.csv", input).expect("readable");
        assert_eq!(table.headers, headers);
        let cells: Vec<Option<&str>> = table.column(0).iter().collect();
        assert_eq!(cells, first_column);
    }

    #[test]
    fn semicolon_comma_and_tab_separated() {
        check(b"a;b\n1,5;2\n", &["a", "b"], &[Some("1,5")]);
        check(b"a,b\n1,2\n", &["a", "b"], &[Some("1")]);
        check(b"a\tb\n1\t2\n;\t3\n", &["a", "b"], &[Some("1"), Some(";")]);
    }

    #[test]
    fn bom_is_dropped_and_empty_cells_are_missing() {
        check(
            "\u{feff}код ОО;балл\n;50\n".as_bytes(),
            &["код ОО", "балл"],
            &[None],
        );
    }

    #[test]
    fn windows_1251_is_decoded() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode("код ОО;балл\nшкола;5\n");
        check(&bytes, &["код ОО", "балл"], &[Some("школа")]);
    }

    #[test]
    fn a_row_with_too_many_fields_is_located() {
        let problem = read_csv("t.csv", b"a;b\n1;2\n\"x;y\";2\n1;2;3\n").expect_err("ragged");
        assert_eq!(problem.row, Some(4));
        assert_eq!(
            problem.kind,
            ProblemKind::TooManyFields {
                found: 3,
                expected: 2
            }
        );
    }

    #[test]
    fn empty_file_is_a_problem() {
        let problem = read_csv("t.csv", b"  \n").expect_err("empty");
        assert!(matches!(problem.kind, ProblemKind::Unreadable { .. }));
    }
}
