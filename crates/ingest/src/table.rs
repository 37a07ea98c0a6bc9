//! A table file (delimited text or a spreadsheet) read into string columns with polars.
//!
//! Every cell is read as text so that each conversion error can be reported
//! with its row and column instead of failing the whole file.

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, Reader};
use polars::prelude::{
    Column, CsvParseOptions, CsvReadOptions, DataFrame, NamedFrom, SerReader, Series, StringChunked,
};

use crate::problem::{Problem, ProblemKind};

#[derive(Debug)]
pub(crate) struct RawTable {
    /// The file name, as used in messages.
    pub file: String,
    /// The worksheet the table was read from, for spreadsheets.
    pub sheet: Option<String>,
    /// Headers as written in the file, trimmed.
    pub headers: Vec<String>,
    /// Spreadsheet row number (1-based) of the header.
    header_row: usize,
    /// Spreadsheet column (0-based) of the first column.
    first_column: usize,
    /// Spreadsheet row number (1-based) of each data row.
    rows: RowMap,
    /// The cells of each column, taken out of the frame once.
    columns: Vec<StringChunked>,
}

/// Where data rows stand in the file, as Excel numbers rows.
#[derive(Debug)]
enum RowMap {
    /// Data row `i` is row `i + offset`.
    Offset(usize),
    /// Data row `i` is row `rows[i]` (spreadsheets, where empty rows are skipped).
    Explicit(Vec<usize>),
}

impl RawTable {
    pub fn height(&self) -> usize {
        self.columns.first().map_or(0, |c| c.len())
    }

    /// The row number the analyst sees for data row `i`.
    pub fn row_number(&self, i: usize) -> usize {
        match &self.rows {
            RowMap::Offset(offset) => i + offset,
            RowMap::Explicit(rows) => rows.get(i).copied().unwrap_or(0),
        }
    }

    /// The row number of the header.
    pub fn header_row(&self) -> usize {
        self.header_row
    }

    /// The letter a spreadsheet shows for column `index` (A, B, …, Z, AA, …).
    pub fn column_letter(&self, index: usize) -> String {
        let mut n = self.first_column + index + 1;
        let mut letters = Vec::new();
        while n > 0 {
            let rem = (n - 1) % 26;
            letters.push(char::from(b'A' + rem as u8));
            n = (n - 1) / 26;
        }
        letters.iter().rev().collect()
    }

    /// A problem located in this table.
    pub fn problem(
        &self,
        row: Option<usize>,
        column: Option<String>,
        value: Option<String>,
        kind: ProblemKind,
    ) -> Problem {
        Problem {
            sheet: self.sheet.clone(),
            row,
            column,
            value,
            ..Problem::new(&self.file, kind)
        }
    }

    /// The cells of column `index` (as in `headers`).
    pub fn column(&self, index: usize) -> &StringChunked {
        &self.columns[index]
    }
}

/// The encoding of a text file, when the analyst names it instead of letting it be detected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Windows1251,
}

/// Turns the file's bytes into UTF-8 text: a UTF-8 BOM is dropped; by default,
/// text that is not valid UTF-8 is taken as Windows-1251, as Russian Excel saves CSV.
fn decode(
    file: &str,
    bytes: &[u8],
    encoding: Option<TextEncoding>,
) -> Result<String, Box<Problem>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let cp1251 = |bytes: &[u8]| {
        encoding_rs::WINDOWS_1251
            .decode_without_bom_handling(bytes)
            .0
            .into_owned()
    };
    match (std::str::from_utf8(bytes), encoding) {
        (Ok(text), None | Some(TextEncoding::Utf8)) => Ok(text.to_owned()),
        (Err(_), None) | (_, Some(TextEncoding::Windows1251)) => Ok(cp1251(bytes)),
        (Err(e), Some(TextEncoding::Utf8)) => Err(unreadable(
            file,
            format!(
                "не UTF-8 (байт {}); попробуйте --encoding cp1251 / not UTF-8 (byte {}); try --encoding cp1251",
                e.valid_up_to(),
                e.valid_up_to()
            ),
        )),
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

/// The whole file cannot be read as a table.
fn unreadable(file: &str, detail: String) -> Box<Problem> {
    Box::new(Problem::new(file, ProblemKind::Unreadable { detail }))
}

pub(crate) fn read_csv(
    file: &str,
    bytes: &[u8],
    encoding: Option<TextEncoding>,
) -> Result<RawTable, Box<Problem>> {
    let unreadable = |detail: String| unreadable(file, detail);
    let text = decode(file, bytes, encoding)?;
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
    let columns = text_columns(file, &frame)?;
    let headers = frame
        .get_column_names()
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    Ok(RawTable {
        file: file.to_owned(),
        sheet: None,
        headers,
        header_row: 1,
        first_column: 0,
        rows: RowMap::Offset(2),
        columns,
    })
}

/// The frame's columns as text; a column that is not text makes the file unreadable.
fn text_columns(file: &str, frame: &DataFrame) -> Result<Vec<StringChunked>, Box<Problem>> {
    frame
        .columns()
        .iter()
        .map(|c| {
            c.str()
                .cloned()
                .map_err(|_| unreadable(file, format!("column {} is not text", c.name())))
        })
        .collect()
}

/// Whether a file name is a spreadsheet's.
fn is_spreadsheet(file: &str) -> bool {
    let lower = file.to_lowercase();
    [".xlsx", ".xlsm", ".xls", ".ods"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// How well a row of cell texts serves as a table's header: (required
/// columns named, columns named); the best row of all sheets is taken.
pub(crate) type HeaderScore<'a> = &'a dyn Fn(&[String]) -> (usize, usize);

/// Reads a table file of any supported kind; `header_score` finds the sheet and header row.
pub(crate) fn read_table(
    file: &str,
    bytes: &[u8],
    header_score: HeaderScore<'_>,
    encoding: Option<TextEncoding>,
) -> Result<RawTable, Box<Problem>> {
    if is_spreadsheet(file) {
        read_spreadsheet(file, bytes, header_score)
    } else {
        read_csv(file, bytes, encoding)
    }
}

/// How many rows from the top of a sheet are searched for the header.
const HEADER_SEARCH_ROWS: usize = 30;

/// A cell's text as the analyst sees it; `None` for an empty cell.
fn cell_text(cell: &Data) -> Option<String> {
    match cell {
        Data::Empty => None,
        Data::String(s) => Some(s.clone()),
        Data::Int(i) => Some(i.to_string()),
        // Whole numbers without ".0"; other floats in their shortest exact form.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(format!("{}", *f as i64)),
        Data::Float(f) => Some(f.to_string()),
        Data::Bool(b) => Some(b.to_string()),
        Data::DateTime(d) => Some(d.as_f64().to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Some(s.clone()),
        Data::Error(e) => Some(format!("#{e}")),
    }
}

/// The best header row found so far.
struct HeaderCandidate {
    score: (usize, usize),
    sheet: String,
    /// Row of the header within `range`.
    header_index: usize,
    range: calamine::Range<Data>,
}

/// Reads the sheet and header row that name most of the table's columns:
/// title rows above the header and other sheets are passed over.
fn read_spreadsheet(
    file: &str,
    bytes: &[u8],
    header_score: HeaderScore<'_>,
) -> Result<RawTable, Box<Problem>> {
    let unreadable = |detail: String| unreadable(file, detail);
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|e| unreadable(e.to_string()))?;
    let mut best: Option<HeaderCandidate> = None;
    for name in workbook.sheet_names() {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| unreadable(e.to_string()))?;
        for (i, row) in range.rows().take(HEADER_SEARCH_ROWS).enumerate() {
            let texts: Vec<String> = row.iter().filter_map(cell_text).collect();
            let score = header_score(&texts);
            if score.1 > 0 && best.as_ref().is_none_or(|b| score > b.score) {
                best = Some(HeaderCandidate {
                    score,
                    sheet: name.clone(),
                    header_index: i,
                    range: range.clone(),
                });
            }
        }
    }
    let Some(HeaderCandidate {
        sheet,
        header_index,
        range,
        ..
    }) = best
    else {
        return Err(unreadable(
            "ни на одном листе нет строки заголовка с известными столбцами / \
             no sheet has a header row with known columns"
                .into(),
        ));
    };
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    let first_column = range.start().map_or(0, |(_, c)| c as usize);
    let width = range.width();
    let mut rows = range.rows();
    let header_cells = rows.nth(header_index).unwrap_or(&[]);
    let headers: Vec<String> = (0..width)
        .map(|c| {
            header_cells
                .get(c)
                .and_then(cell_text)
                .unwrap_or_default()
                .trim()
                .to_owned()
        })
        .collect();
    let mut columns: Vec<Vec<Option<String>>> = vec![Vec::new(); width];
    let mut row_numbers = Vec::new();
    for (i, row) in rows.enumerate() {
        let cells: Vec<Option<String>> =
            (0..width).map(|c| row.get(c).and_then(cell_text)).collect();
        if cells
            .iter()
            .all(|c| c.as_deref().is_none_or(|t| t.trim().is_empty()))
        {
            continue;
        }
        // 1-based sheet row: range start + header position + 1 (header) + i + 1.
        row_numbers.push(first_row + header_index + i + 2);
        for (column, cell) in columns.iter_mut().zip(cells) {
            column.push(cell);
        }
    }
    let frame_columns: Vec<Column> = columns
        .into_iter()
        .enumerate()
        .map(|(c, values)| Series::new(format!("c{c}").into(), values).into())
        .collect();
    let frame =
        DataFrame::new(row_numbers.len(), frame_columns).map_err(|e| unreadable(e.to_string()))?;
    Ok(RawTable {
        file: file.to_owned(),
        sheet: Some(sheet),
        headers,
        header_row: first_row + header_index + 1,
        first_column,
        rows: RowMap::Explicit(row_numbers),
        columns: text_columns(file, &frame)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &[u8], headers: &[&str], first_column: &[Option<&str>]) {
        let table = read_csv("t.csv", input, None).expect("readable");
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
        let problem = read_csv("t.csv", b"a;b\n1;2\n\"x;y\";2\n1;2;3\n", None).expect_err("ragged");
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
    fn a_named_encoding_overrides_detection() {
        let utf8 = "код;балл\nшкола;5\n".as_bytes();
        let forced = read_csv("t.csv", utf8, Some(TextEncoding::Windows1251)).expect("decodes");
        assert_ne!(
            forced.headers[0], "код",
            "UTF-8 bytes read as Windows-1251 on request"
        );
        let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode("код;балл\nшкола;5\n");
        let problem = read_csv("t.csv", &cp1251, Some(TextEncoding::Utf8)).expect_err("not UTF-8");
        assert!(
            matches!(&problem.kind, ProblemKind::Unreadable { detail } if detail.contains("--encoding cp1251"))
        );
        let auto = read_csv("t.csv", &cp1251, None).expect("detected");
        assert_eq!(auto.headers, ["код", "балл"]);
    }

    #[test]
    fn empty_file_is_a_problem() {
        let problem = read_csv("t.csv", b"  \n", None).expect_err("empty");
        assert!(matches!(problem.kind, ProblemKind::Unreadable { .. }));
    }
}
