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
    let mut in_quotes = false;
    let mut counts = [0usize; 3];
    for c in header.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            ';' if !in_quotes => counts[0] += 1,
            '\t' if !in_quotes => counts[1] += 1,
            ',' if !in_quotes => counts[2] += 1,
            _ => {}
        }
    }
    let separators = [b';', b'\t', b','];
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    separators[best]
}

pub(crate) fn read_csv(file: &str, bytes: &[u8]) -> Result<RawTable, Problem> {
    let unreadable = |detail: String| Problem {
        file: file.to_owned(),
        row: None,
        column: None,
        value: None,
        kind: ProblemKind::Unreadable { detail },
    };
    let text = decode(bytes);
    if text.trim().is_empty() {
        return Err(unreadable("пустой файл / empty file".into()));
    }
    let separator = sniff_separator(&text);
    let frame = CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(Some(0))
        .with_parse_options(CsvParseOptions::default().with_separator(separator))
        .into_reader_with_file_handle(Cursor::new(text.into_bytes()))
        .finish()
        .map_err(|e| unreadable(e.to_string()))?;
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
    fn empty_file_is_a_problem() {
        let problem = read_csv("t.csv", b"  \n").expect_err("empty");
        assert!(matches!(problem.kind, ProblemKind::Unreadable { .. }));
    }
}
