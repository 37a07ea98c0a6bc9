//! A table file (delimited text or a spreadsheet) read into string columns with polars.
//!
//! Every cell is read as text so that each conversion error can be reported
//! with its row and column instead of failing the whole file. Delimited text
//! is read in blocks of rows, so that a file of tens of millions of rows never
//! has to fit in memory at once, neither as bytes nor as columns.

use std::fs::File;
use std::io::{Cursor, Read};
use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::Arc;
use std::thread::JoinHandle;

use calamine::{open_workbook_auto_from_rs, Data, Reader};
use polars::prelude::{
    Column, CsvParseOptions, CsvReadOptions, DataFrame, DataType, NamedFrom, Schema, SerReader,
    Series, StringChunked,
};
use sha2::{Digest, Sha256};

use crate::parse::is_blank;
use model::{Problem, ProblemKind};

mod csv;
mod split;
mod spreadsheet;
mod unpack;

pub use csv::TextEncoding;
pub(crate) use csv::BLOCK_BYTES;
use csv::*;
use split::SplitCells;
use spreadsheet::*;

/// One block of a table's rows, with everything needed to locate its cells.
#[derive(Debug)]
pub(crate) struct RawTable {
    /// The file name, as used in messages.
    pub file: String,
    /// The worksheet the table was read from, for spreadsheets.
    pub sheet: Option<String>,
    /// The workbook's other sheets that hold anything: not read.
    pub other_sheets: Vec<String>,
    /// Headers as written in the file, trimmed.
    pub headers: Vec<String>,
    /// Spreadsheet row number (1-based) of the header.
    header_row: usize,
    /// Spreadsheet column (0-based) of the first column.
    first_column: usize,
    /// Spreadsheet row number (1-based) of each data row.
    rows: RowMap,
    /// The cells.
    columns: Cells,
    /// Missing cells of each column (see [`clean`]).
    missing: Vec<usize>,
}

/// Where data rows stand in the file, as Excel numbers rows.
#[derive(Debug)]
enum RowMap {
    /// Data row `i` is row `i + offset`.
    Offset(usize),
    /// Data row `i` is row `rows[i]` (spreadsheets, where empty rows are skipped).
    Explicit(Vec<usize>),
}

/// A block's cells, cleaned (see [`clean`]): read by polars, or split from plain text.
#[derive(Debug)]
enum Cells {
    /// Each column in one chunk.
    Columns(Vec<StringChunked>),
    /// Spans of the block's text (see [`split`]).
    Split(SplitCells),
}

impl Cells {
    fn height(&self) -> usize {
        match self {
            Cells::Columns(columns) => columns.first().map_or(0, |c| c.len()),
            Cells::Split(cells) => cells.height(),
        }
    }
}

impl RawTable {
    pub(crate) fn height(&self) -> usize {
        self.columns.height()
    }

    /// The row number the analyst sees for data row `i`.
    pub(crate) fn row_number(&self, i: usize) -> usize {
        match &self.rows {
            RowMap::Offset(offset) => i + offset,
            RowMap::Explicit(rows) => rows.get(i).copied().unwrap_or(0),
        }
    }

    /// The row number of the header.
    pub(crate) fn header_row(&self) -> usize {
        self.header_row
    }

    /// The letter a spreadsheet shows for column `index` (A, B, …, Z, AA, …).
    pub(crate) fn column_letter(&self, index: usize) -> String {
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
    pub(crate) fn problem(
        &self,
        row: Option<usize>,
        column: Option<String>,
        value: Option<String>,
        kind: ProblemKind,
    ) -> Problem {
        // A cell is kept only as far as a message quotes it.
        let value = value.map(|v| model::text::clip(&v, model::text::QUOTE_CHARS).into_owned());
        Problem {
            sheet: self.sheet.clone(),
            row,
            column,
            value,
            ..Problem::new(&self.file, kind)
        }
    }

    /// How many cells of column `index` are empty or a "no data" mark.
    pub(crate) fn missing(&self, index: usize) -> usize {
        self.missing.get(index).copied().unwrap_or(0)
    }

    /// The cell of column `index` in data row `row`, trimmed; `None` when empty or a "no data" mark.
    pub(crate) fn cell(&self, index: usize, row: usize) -> Option<&str> {
        match &self.columns {
            Cells::Columns(columns) => columns[index].downcast_as_array().get(row),
            Cells::Split(cells) => cells.cell(index, row),
        }
    }
}

/// The rest of a table file after its first block: the blocks still to read,
/// read and parsed ahead by a thread of their own while the caller converts
/// the one before, and the file's checksum once every byte has been read.
#[derive(Debug)]
pub(crate) struct TableReader {
    blocks: Option<Receiver<Result<Block, Box<Problem>>>>,
    /// The thread reading the blocks; it ends with the file's checksum.
    thread: Option<JoinHandle<Sha256>>,
    /// The file's SHA-256 once known.
    digest: Option<Sha256>,
    file: String,
    /// About how many rows the file has, to reserve room for its records.
    pub estimated_rows: usize,
}

/// One block of rows as the reading thread hands it over.
#[derive(Debug)]
struct Block {
    columns: Cells,
    first_row: usize,
    missing: Vec<usize>,
}

impl TableReader {
    /// A reader with nothing left to read: the table was read whole.
    fn done(file: &str, digest: Sha256) -> Self {
        TableReader {
            blocks: None,
            thread: None,
            digest: Some(digest),
            file: file.to_owned(),
            estimated_rows: 0,
        }
    }

    /// Reads the rest of a text file on a thread of its own.
    fn spawn(mut blocks: CsvBlocks, mut digest: Sha256) -> Result<Self, Box<Problem>> {
        let file = blocks.file.clone();
        let (sender, receiver) = sync_channel(1);
        let thread = std::thread::Builder::new()
            .name(format!("read {file}"))
            .spawn(move || {
                loop {
                    let block = blocks.next(&mut digest);
                    let last = !matches!(block, Ok(Some(_)));
                    // A closed channel: the table is no longer wanted.
                    if block.transpose().is_some_and(|b| sender.send(b).is_err()) || last {
                        break;
                    }
                }
                digest
            })
            .map_err(|e| unreadable(&file, e.to_string()))?;
        Ok(TableReader {
            blocks: Some(receiver),
            thread: Some(thread),
            digest: None,
            file,
            estimated_rows: 0,
        })
    }

    /// Replaces `table`'s rows by the next block's; `false` once the file is read.
    pub(crate) fn next_block(&mut self, table: &mut RawTable) -> Result<bool, Box<Problem>> {
        let Some(blocks) = &self.blocks else {
            return Ok(false);
        };
        match blocks.recv() {
            Ok(block) => {
                let block = block?;
                table.columns = block.columns;
                table.rows = RowMap::Offset(block.first_row);
                table.missing = block.missing;
                Ok(true)
            }
            // The thread has read the whole file.
            Err(_) => {
                self.blocks = None;
                let digest = self.thread.take().map(JoinHandle::join);
                match digest {
                    Some(Ok(digest)) => self.digest = Some(digest),
                    Some(Err(_)) => {
                        return Err(unreadable(
                            &self.file,
                            "чтение файла прервалось / reading the file failed".into(),
                        ))
                    }
                    None => {}
                }
                Ok(false)
            }
        }
    }

    /// The file's SHA-256 in hex, once `next_block` has returned `false`.
    pub(crate) fn sha256(&self) -> String {
        self.digest
            .clone()
            .map(|d| hex(&d.finalize()))
            .unwrap_or_default()
    }
}

/// A digest in lowercase hex, as manifests write SHA-256.
pub(crate) fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether a cell is certainly clean, as most are: an ASCII letter or digit at each end (not
/// n, which may begin "n/a") and printable ASCII alone: nothing to trim or drop, and not a
/// "no data" mark.
fn is_plain(text: &str) -> bool {
    let bytes = text.as_bytes();
    let ends = match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_alphanumeric()
                && !matches!(first, b'n' | b'N')
                && last.is_ascii_alphanumeric()
        }
        _ => false,
    };
    ends && bytes.iter().all(|b| (0x20..0x7F).contains(b))
}

/// A column's cells as the readers want them: trimmed, with "no data" marks
/// (see [`is_blank`]) turned into missing cells; and how many cells are missing.
/// A column that needs no change (the usual case) is kept as it is.
fn clean(column: StringChunked) -> (StringChunked, usize) {
    let mut missing = 0;
    let mut dirty = false;
    for cell in column.iter() {
        match cell {
            Some(t) if is_plain(t) => {}
            None => missing += 1,
            Some(t) if is_blank(t) => {
                missing += 1;
                dirty = true;
            }
            Some(t) => dirty |= t.trim().len() != t.len() || !is_tidy(t),
        }
    }
    if !dirty {
        return (column, missing);
    }
    let cleaned: StringChunked = column.iter().map(|c| c.and_then(cleaned)).collect();
    // A cell of invisible characters alone is missing too.
    let missing = cleaned.null_count();
    (cleaned, missing)
}

/// A cell as [`clean`] leaves it: `None` for a "no data" mark or nothing visible, else
/// [`tidy`]; a plain cell (most) as it is, without a look at each character.
fn cleaned(text: &str) -> Option<std::borrow::Cow<'_, str>> {
    if is_plain(text) {
        return Some(text.into());
    }
    if is_blank(text) {
        return None;
    }
    Some(tidy(text)).filter(|t| !t.is_empty())
}

/// Printable ASCII or a byte of the Cyrillic block (lead bytes D0–D3, continuation bytes
/// 80–BF): no invisible or control character, nothing NFC would change, and no whitespace but
/// the space.
pub(super) fn tidy_byte(b: &u8) -> bool {
    (0x20..0x7F).contains(b) || (0x80..0xC0).contains(b) || (0xD0..=0xD3).contains(b)
}

/// Characters that show as nothing: soft hyphen, zero-width spaces and joiners, direction
/// marks, embeddings, overrides and isolates, the Arabic letter mark, the word joiner, a
/// byte-order mark. Copied from a web page or a PDF they make `S1` and `S1` + U+200B two
/// different ids that look the same; a right-to-left override makes a name read backwards in
/// every output.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{61c}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
}

/// A control character (NUL, tab, line breaks, escape, C1 codes): none belongs in a cell's
/// text, and in an output they break SVG (XML forbids most of them) or the line structure of
/// a CSV. Line breaks and tabs become a space; the rest go.
fn control_to_space(c: char) -> Option<char> {
    match c {
        '\t' | '\n' | '\r' => Some(' '),
        c if c.is_control() => None,
        c => Some(c),
    }
}

/// Whether a cell has no invisible character and is in Unicode NFC (`й` one character, not
/// `и` and a combining breve), so that it needs nothing but trimming.
fn is_tidy(text: &str) -> bool {
    // Most cells checked a byte at a time.
    text.as_bytes().iter().all(tidy_byte)
        || (!text.chars().any(|c| is_invisible(c) || c.is_control())
            && unicode_normalization::is_nfc_quick(text.chars())
                == unicode_normalization::IsNormalized::Yes)
}

/// A cell as the readers want it: trimmed, without invisible or control characters (a line
/// break or tab made a space), in NFC.
pub(crate) fn tidy(text: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::UnicodeNormalization;
    let text = text.trim();
    if is_tidy(text) {
        return text.into();
    }
    let visible: String = (text.chars())
        .filter(|&c| !is_invisible(c))
        .filter_map(control_to_space)
        .nfc()
        .collect();
    visible.trim().to_owned().into()
}

/// The whole file cannot be read as a table.
fn unreadable(file: &str, detail: String) -> Box<Problem> {
    Box::new(Problem::new(file, ProblemKind::Unreadable { detail }))
}

/// The frame's columns as text, each in one chunk and cleaned (see [`clean`]),
/// and the missing cells of each; a column that is not text makes the file unreadable.
fn text_columns(file: &str, frame: &DataFrame) -> Result<Columns, Box<Problem>> {
    let (columns, missing): (Vec<_>, Vec<_>) = frame
        .columns()
        .iter()
        .map(|c| {
            c.str()
                .map(|text| clean(text.rechunk().into_owned()))
                .map_err(|_| unreadable(file, format!("column {} is not text", c.name())))
        })
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .unzip();
    Ok((Cells::Columns(columns), missing))
}

/// The cells, and how many of each column are missing.
type Columns = (Cells, Vec<usize>);

/// How well a row of cell texts serves as a table's header: (required
/// columns named, columns named); the best row of all sheets is taken.
pub(crate) type HeaderScore<'a> = &'a dyn Fn(&[String]) -> (usize, usize);

/// Opens a table file of any supported kind and reads its first block of rows
/// (a spreadsheet's whole sheet); `header_score` finds the sheet and header row.
/// `name` is the file's name in messages; text files are read `block_bytes` at a time.
pub(crate) fn open_table(
    name: &str,
    path: &Path,
    header_score: HeaderScore<'_>,
    encoding: Option<TextEncoding>,
    block_bytes: usize,
) -> Result<(RawTable, TableReader), Box<Problem>> {
    let regular =
        |limit| crate::parse::check_regular(path, limit).map_err(|detail| unreadable(name, detail));
    if is_spreadsheet(name) {
        regular(SPREADSHEET_BYTES)?;
        let bytes = std::fs::read(path).map_err(|e| unreadable(name, e.to_string()))?;
        let table = read_spreadsheet(name, &bytes, header_score)?;
        Ok((
            table,
            TableReader::done(name, Sha256::new_with_prefix(&bytes)),
        ))
    } else {
        regular(u64::MAX)?; // Read in blocks: any size.
        read_csv(name, path, encoding, block_bytes)
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    /// A whole text file read through its blocks.
    #[derive(Debug)]
    struct Read {
        headers: Vec<String>,
        /// Each row's number and cells.
        rows: Vec<(usize, Vec<Option<String>>)>,
        sha256: String,
    }

    /// Reads `input` as a file, `block_bytes` at a time.
    fn read(
        input: &[u8],
        encoding: Option<TextEncoding>,
        block_bytes: usize,
    ) -> Result<Read, Box<Problem>> {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("t.csv");
        std::fs::write(&path, input).expect("written");
        let (mut table, mut reader) = read_csv("t.csv", &path, encoding, block_bytes)?;
        let mut rows = Vec::new();
        loop {
            for i in 0..table.height() {
                let cells = (0..table.headers.len())
                    .map(|c| table.cell(c, i).map(str::to_owned))
                    .collect();
                rows.push((table.row_number(i), cells));
            }
            if !reader.next_block(&mut table)? {
                break;
            }
        }
        Ok(Read {
            headers: table.headers,
            rows,
            sha256: reader.sha256(),
        })
    }

    /// Reads `input` whole and in blocks of a few bytes, which must agree, and
    /// checks the headers and the first column.
    fn check(input: &[u8], headers: &[&str], first_column: &[Option<&str>]) {
        let whole = read(input, None, BLOCK_BYTES).expect("readable");
        assert_eq!(whole.headers, headers);
        let cells: Vec<Option<&str>> = whole.rows.iter().map(|(_, r)| r[0].as_deref()).collect();
        assert_eq!(cells, first_column);
        for block_bytes in [1, 5] {
            let blocks = read(input, None, block_bytes).expect("readable in blocks");
            assert_eq!(blocks.headers, whole.headers);
            assert_eq!(blocks.rows, whole.rows, "blocks of {block_bytes} bytes");
        }
    }

    #[test]
    fn semicolon_comma_and_tab_separated() {
        check(b"a;b\n1,5;2\n", &["a", "b"], &[Some("1,5")]);
        check(b"a,b\n1,2\n", &["a", "b"], &[Some("1")]);
        check(
            b"a\tb\n1\t2\nx;y\t3\n",
            &["a", "b"],
            &[Some("1"), Some("x;y")],
        );
    }

    #[test]
    fn cells_are_trimmed_and_no_data_marks_are_missing() {
        check(
            "a;b\n 5 ;1\nн/д;2\n - ;3\nx;4\n".as_bytes(),
            &["a", "b"],
            &[Some("5"), None, None, Some("x")],
        );
        let read = read("a;b\n 5 ;1\nн/д;2\n;3\n".as_bytes(), None, BLOCK_BYTES).expect("read");
        assert_eq!(read.rows.len(), 3);
    }

    #[test]
    fn a_quote_that_never_closes_is_located_at_its_row() {
        let input = b"a;b\n1;2\n3;\"4\n5;6\n7;8\n";
        for block_bytes in [BLOCK_BYTES, 5] {
            let problem = read(input, None, block_bytes).expect_err("refused");
            assert_eq!(problem.kind, ProblemKind::UnclosedQuote);
            assert_eq!(problem.row, Some(3), "blocks of {block_bytes} bytes");
        }
        assert_eq!(csv::unclosed_quote_row(b"a\n\"b\nc\"\nd", 1), None);
        assert_eq!(
            csv::unclosed_quote_row(b"a\n\"b\"\"c\"\nd\n\"e\nf", 1),
            Some(4)
        );
    }

    #[test]
    fn lines_that_end_with_cr_alone_are_rows() {
        check(b"a;b\r1;2\r3;4\r", &["a", "b"], &[Some("1"), Some("3")]);
        check(b"a;b\r\n1;2\r\n", &["a", "b"], &[Some("1")]);
    }

    #[test]
    fn invisible_characters_go_and_text_is_composed() {
        check(
            "a;b\nS1\u{200b};1\nS\u{200b}2;2\nи\u{306};3\n\u{feff};4\n\u{a0}S5\u{ad};5\n"
                .as_bytes(),
            &["a", "b"],
            &[Some("S1"), Some("S2"), Some("й"), None, Some("S5")],
        );
    }

    #[test]
    fn control_characters_and_direction_overrides_go() {
        check(
            "a;b\nS\u{0}1;1\n\"two\nlines\";2\n\u{202e}cba\u{2066};3\nx\u{1b}[0m\u{85};4\n"
                .as_bytes(),
            &["a", "b"],
            &[Some("S1"), Some("two lines"), Some("cba"), Some("x[0m")],
        );
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
    fn headers_are_kept_as_written_even_when_repeated() {
        let read = read(b"a;\"b;\"\"c\"\"\";a\n1;2;3\n", None, BLOCK_BYTES).expect("read");
        assert_eq!(read.headers, ["a", "b;\"c\"", "a"]);
    }

    #[test]
    fn rows_are_numbered_and_a_quoted_newline_stays_in_its_cell_across_blocks() {
        let input = b"a;b\n1;\"x\ny\"\n2;\"q;\"\"r\"\"\"\n3;z\n";
        check(input, &["a", "b"], &[Some("1"), Some("2"), Some("3")]);
        let read = read(input, None, 3).expect("readable");
        let rows: Vec<(usize, Option<&str>)> = read
            .rows
            .iter()
            .map(|(n, r)| (*n, r[1].as_deref()))
            .collect();
        assert_eq!(
            rows,
            // The line break is the cell's (shown as a space, as every control character).
            [(2, Some("x y")), (3, Some("q;\"r\"")), (4, Some("z"))]
        );
    }

    #[test]
    fn the_checksum_is_the_whole_files() {
        let input = "\u{feff}a;b\n1;2\n3;4\n".as_bytes();
        let expected: String = Sha256::digest(input)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        for block_bytes in [1, BLOCK_BYTES] {
            assert_eq!(
                read(input, None, block_bytes).expect("read").sha256,
                expected
            );
        }
    }

    #[test]
    fn a_row_with_too_many_fields_is_located() {
        let input = b"a;b\n1;2\n\"x;y\";2\n1;2;3\n";
        for block_bytes in [1, BLOCK_BYTES] {
            let problem = read(input, None, block_bytes).expect_err("ragged");
            assert_eq!(problem.row, Some(4), "blocks of {block_bytes} bytes");
            assert_eq!(
                problem.kind,
                ProblemKind::TooManyFields {
                    found: 3,
                    expected: 2
                }
            );
        }
    }

    #[test]
    fn a_named_encoding_overrides_detection() {
        let utf8 = "код;балл\nшкола;5\n".as_bytes();
        let forced = read(utf8, Some(TextEncoding::Windows1251), BLOCK_BYTES).expect("decodes");
        assert_ne!(
            forced.headers[0], "код",
            "UTF-8 bytes read as Windows-1251 on request"
        );
        let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode("код;балл\nшкола;5\n");
        let problem = read(&cp1251, Some(TextEncoding::Utf8), BLOCK_BYTES).expect_err("not UTF-8");
        assert!(
            matches!(&problem.kind, ProblemKind::Unreadable { detail } if detail.contains("--encoding cp1251"))
        );
        let auto = read(&cp1251, None, BLOCK_BYTES).expect("detected");
        assert_eq!(auto.headers, ["код", "балл"]);
    }

    #[test]
    fn the_encoding_is_decided_by_the_first_block_that_is_not_ascii() {
        // ASCII blocks first, then Windows-1251 text: read as Windows-1251.
        let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode("a;b\n1;2\n3;школа\n");
        let read1 = read(&cp1251, None, 4).expect("detected late");
        assert_eq!(read1.rows[1].1[1].as_deref(), Some("школа"));
        // UTF-8 text, then a block that is not UTF-8: the byte is named.
        let mut mixed = "a;b\nш;2\n".as_bytes().to_vec();
        mixed.extend_from_slice(&cp1251[cp1251.len() - 7..]);
        let problem = read(&mixed, None, 4).expect_err("mixed encodings");
        assert!(
            matches!(&problem.kind, ProblemKind::Unreadable { detail } if detail.contains("байт 10")),
            "{problem:?}"
        );
    }

    #[test]
    fn empty_file_is_a_problem() {
        let problem = read(b"  \n", None, BLOCK_BYTES).expect_err("empty");
        assert!(matches!(problem.kind, ProblemKind::Unreadable { .. }));
    }
}
