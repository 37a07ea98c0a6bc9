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

/// One block of a table's rows, with everything needed to locate its cells.
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
    /// The cells of each column, each in one chunk.
    columns: Vec<StringChunked>,
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

    /// How many cells of column `index` are empty or a "no data" mark.
    pub fn missing(&self, index: usize) -> usize {
        self.missing.get(index).copied().unwrap_or(0)
    }

    /// The cell of column `index` in data row `row`, trimmed; `None` when empty or a "no data" mark.
    pub fn cell(&self, index: usize, row: usize) -> Option<&str> {
        self.columns[index].downcast_as_array().get(row)
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
    columns: Vec<StringChunked>,
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
    pub fn next_block(&mut self, table: &mut RawTable) -> Result<bool, Box<Problem>> {
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
    pub fn sha256(&self) -> String {
        self.digest
            .clone()
            .map(|d| d.finalize().iter().map(|b| format!("{b:02x}")).collect())
            .unwrap_or_default()
    }
}

/// Whether a cell is certainly clean: an ASCII letter or digit, not `n`, at each end.
fn is_plain(bytes: &[u8]) -> bool {
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_alphanumeric()
                && !matches!(first, b'n' | b'N')
                && last.is_ascii_alphanumeric()
        }
        _ => false,
    }
}

/// A column's cells as the readers want them: trimmed, with "no data" marks
/// (see [`is_blank`]) turned into missing cells; and how many cells are missing.
/// A column that needs no change (the usual case) is kept as it is.
fn clean(column: StringChunked) -> (StringChunked, usize) {
    let mut missing = 0;
    let mut dirty = false;
    for cell in column.iter() {
        match cell {
            // Most cells begin and end with a letter or digit (not n, which may begin
            // "n/a"): nothing to trim, and not a "no data" mark.
            Some(t) if is_plain(t.as_bytes()) => {}
            None => missing += 1,
            Some(t) if is_blank(t) => {
                missing += 1;
                dirty = true;
            }
            Some(t) => dirty |= t.trim().len() != t.len(),
        }
    }
    if !dirty {
        return (column, missing);
    }
    let cleaned: StringChunked = column
        .iter()
        .map(|c| c.filter(|t| !is_blank(t)).map(str::trim))
        .collect();
    (cleaned, missing)
}

/// The encoding of a text file, when the analyst names it instead of letting it be detected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Windows1251,
}

/// How the text of a file is decoded, as far as its blocks so far tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decoding {
    /// Only ASCII so far, or nothing: every encoding reads it alike.
    Undecided,
    /// UTF-8, detected from its bytes (an invalid block later is an error).
    Utf8,
    /// UTF-8 because the analyst said so.
    Utf8Named,
    /// Windows-1251, detected (text that is not UTF-8) or named.
    Windows1251,
}

impl Decoding {
    fn named(encoding: Option<TextEncoding>) -> Self {
        match encoding {
            None => Decoding::Undecided,
            Some(TextEncoding::Utf8) => Decoding::Utf8Named,
            Some(TextEncoding::Windows1251) => Decoding::Windows1251,
        }
    }

    /// Turns a block of the file into UTF-8 text, deciding the encoding on the
    /// first block that is not plain ASCII: valid UTF-8 is taken as UTF-8, other
    /// text as Windows-1251, as Russian Excel saves CSV. `offset` is the block's
    /// first byte in the file, for messages.
    fn decode(&mut self, file: &str, bytes: Vec<u8>, offset: u64) -> Result<Text, Box<Problem>> {
        let cp1251 = |bytes: &[u8]| {
            encoding_rs::WINDOWS_1251
                .decode_without_bom_handling(bytes)
                .0
                .into_owned()
        };
        if *self == Decoding::Windows1251 {
            return Ok(Text(cp1251(&bytes).into_bytes()));
        }
        // A fast check; the standard one only to say where the text breaks.
        if simdutf8::basic::from_utf8(&bytes).is_ok() {
            if *self == Decoding::Undecided && !bytes.is_ascii() {
                *self = Decoding::Utf8;
            }
            return Ok(Text(bytes));
        }
        if *self == Decoding::Undecided {
            *self = Decoding::Windows1251;
            return Ok(Text(cp1251(&bytes).into_bytes()));
        }
        match std::str::from_utf8(&bytes) {
            Ok(_) => Ok(Text(bytes)),
            Err(e) => {
                let byte = offset + e.valid_up_to() as u64;
                let detail = if *self == Decoding::Utf8Named {
                    format!(
                        "не UTF-8 (байт {byte}); попробуйте --encoding cp1251 / \
                         not UTF-8 (byte {byte}); try --encoding cp1251"
                    )
                } else {
                    format!(
                        "файл начинается в UTF-8, но байт {byte} не UTF-8; укажите --encoding / \
                         the file starts as UTF-8 but byte {byte} is not UTF-8; name it with --encoding"
                    )
                };
                Err(unreadable(file, detail))
            }
        }
    }
}

/// A block of text in UTF-8, kept as bytes: they are checked once, and the CSV
/// reader takes bytes.
#[derive(Debug, Default)]
struct Text(Vec<u8>);

impl Text {
    fn as_str(&self) -> &str {
        simdutf8::basic::from_utf8(&self.0).unwrap_or_default()
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
    split_fields(line, separator).len()
}

/// The fields of one line: split at separators outside quotes, each field's
/// quotes removed and doubled quotes undoubled.
fn split_fields(line: &str, separator: u8) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut in_quotes = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        let field = fields.len() - 1;
        match c {
            '"' if in_quotes && chars.peek() == Some(&'"') => {
                chars.next();
                fields[field].push('"');
            }
            '"' => in_quotes = !in_quotes,
            c if !in_quotes && u32::from(c) == u32::from(separator) => fields.push(String::new()),
            c => fields[field].push(c),
        }
    }
    fields
}

/// Finds the first line of `text` with more than `expected` fields, to locate a
/// ragged row that the CSV reader rejected without saying where. Lines are
/// counted as the analyst sees them, the first being row `first_row`; a quoted
/// field spanning lines is not expected here.
fn first_ragged_row(
    text: &str,
    separator: u8,
    expected: usize,
    first_row: usize,
) -> Option<(usize, usize)> {
    text.lines()
        .enumerate()
        .map(|(i, line)| (i + first_row, fields_in_line(line, separator)))
        .find(|&(_, found)| found > expected)
}

/// The whole file cannot be read as a table.
fn unreadable(file: &str, detail: String) -> Box<Problem> {
    Box::new(Problem::new(file, ProblemKind::Unreadable { detail }))
}

/// How many bytes of a delimited file are parsed at a time.
pub(crate) const BLOCK_BYTES: usize = 8 << 20;

/// A delimited text file read block by block; each block ends at the end of a row.
#[derive(Debug)]
struct CsvBlocks {
    file: String,
    source: File,
    decoding: Decoding,
    separator: u8,
    /// The header's number of fields.
    width: usize,
    /// Bytes read from the file and not parsed yet; they begin at the start of a row.
    pending: Vec<u8>,
    /// Where `pending` begins in the file.
    offset: u64,
    eof: bool,
    /// The row number of the next block's first row.
    next_row: usize,
    block_bytes: usize,
}

impl CsvBlocks {
    /// Reads until `pending` holds `want` bytes or the file ends, adding what it reads to `digest`.
    fn fill(&mut self, want: usize, digest: &mut Sha256) -> Result<(), Box<Problem>> {
        while !self.eof && self.pending.len() < want {
            let start = self.pending.len();
            let room = (want - start).min(8 << 20);
            self.pending.resize(start + room, 0);
            let n = self
                .source
                .read(&mut self.pending[start..])
                .map_err(|e| unreadable(&self.file, e.to_string()))?;
            self.pending.truncate(start + n);
            digest.update(&self.pending[start..]);
            self.eof = n == 0;
        }
        Ok(())
    }

    /// The next block's text: whole rows, at least `block_bytes` of them unless the file ends.
    fn next_text(&mut self, digest: &mut Sha256) -> Result<Option<Text>, Box<Problem>> {
        let mut want = self.block_bytes;
        let cut = loop {
            self.fill(want, digest)?;
            if self.eof {
                break self.pending.len();
            }
            match last_row_end(&self.pending) {
                Some(end) => break end,
                // One row longer than a block: read on.
                None => want = self.pending.len() * 2,
            }
        };
        if cut == 0 {
            return Ok(None);
        }
        let rest = self.pending.split_off(cut);
        let bytes = std::mem::replace(&mut self.pending, rest);
        let offset = self.offset;
        self.offset += cut as u64;
        self.decoding.decode(&self.file, bytes, offset).map(Some)
    }

    /// The next block's columns and the row number of its first row.
    fn next(&mut self, digest: &mut Sha256) -> Result<Option<Block>, Box<Problem>> {
        loop {
            let Some(text) = self.next_text(digest)? else {
                return Ok(None);
            };
            if text.as_str().trim().is_empty() {
                continue;
            }
            let schema: Schema = (0..self.width)
                .map(|c| (format!("c{c}").into(), DataType::String))
                .collect();
            let first_row = self.next_row;
            let frame = parse_csv(
                &self.file,
                text,
                self.separator,
                Some(schema),
                (self.width, first_row),
            )?;
            let (columns, missing) = text_columns(&self.file, &frame)?;
            self.next_row += frame.height();
            return Ok(Some(Block {
                columns,
                first_row,
                missing,
            }));
        }
    }
}

/// The end (one past the newline) of the last whole row in `bytes`: the last
/// newline outside quotes. A doubled quote inside a quoted field counts twice,
/// so quotes are balanced exactly where rows may end.
fn last_row_end(bytes: &[u8]) -> Option<usize> {
    let mut quotes = bytes.iter().filter(|&&b| b == b'"').count();
    let mut end = bytes.len();
    while let Some(newline) = bytes[..end].iter().rposition(|&b| b == b'\n') {
        quotes -= bytes[newline..end].iter().filter(|&&b| b == b'"').count();
        if quotes % 2 == 0 {
            return Some(newline + 1);
        }
        end = newline;
    }
    None
}

/// Parses delimited text into a frame of text columns. With a `schema` the text
/// has no header row. `expected` is the header's number of fields and the row
/// number of the text's first line, to locate a row with too many fields.
fn parse_csv(
    file: &str,
    text: Text,
    separator: u8,
    schema: Option<Schema>,
    expected: (usize, usize),
) -> Result<DataFrame, Box<Problem>> {
    let has_header = schema.is_none();
    CsvReadOptions::default()
        .with_has_header(has_header)
        // One thread per block: the blocks are parsed on a thread of their own
        // while the rows of the one before are converted, and one thread gives
        // one chunk per column, which need not be copied into one.
        .with_n_threads(Some(1))
        .with_infer_schema_length(Some(0))
        .with_schema(schema.map(Arc::new))
        .with_parse_options(CsvParseOptions::default().with_separator(separator))
        .into_reader_with_file_handle(Cursor::new(&text.0))
        .finish()
        .map_err(|e| {
            let (width, first_row) = expected;
            // With a header, the text's first line is the header itself.
            let text = text.as_str();
            let lines = if has_header {
                text.split_once('\n').map_or("", |(_, rest)| rest)
            } else {
                text
            };
            match first_ragged_row(lines, separator, width, first_row) {
                Some((row, found)) => Box::new(Problem {
                    row: Some(row),
                    ..Problem::new(
                        file,
                        ProblemKind::TooManyFields {
                            found,
                            expected: width,
                        },
                    )
                }),
                None => unreadable(file, e.to_string()),
            }
        })
}

/// Opens a delimited text file and reads its header and first block of rows.
fn read_csv(
    file: &str,
    path: &Path,
    encoding: Option<TextEncoding>,
    block_bytes: usize,
) -> Result<(RawTable, TableReader), Box<Problem>> {
    let source = File::open(path).map_err(|e| unreadable(file, e.to_string()))?;
    let mut blocks = CsvBlocks {
        file: file.to_owned(),
        source,
        decoding: Decoding::named(encoding),
        separator: b';',
        width: 0,
        pending: Vec::new(),
        offset: 0,
        eof: false,
        next_row: 2,
        block_bytes,
    };
    let mut digest = Sha256::new();
    // A UTF-8 byte order mark says the encoding and is not part of the header.
    blocks.fill(3, &mut digest)?;
    if blocks.pending.starts_with(b"\xEF\xBB\xBF") {
        blocks.pending.drain(..3);
        blocks.offset = 3;
        if blocks.decoding == Decoding::Undecided {
            blocks.decoding = Decoding::Utf8;
        }
    }
    let text = blocks.next_text(&mut digest)?.unwrap_or_default();
    if text.as_str().trim().is_empty() {
        return Err(unreadable(file, "пустой файл / empty file".into()));
    }
    blocks.separator = sniff_separator(text.as_str());
    let header_line = text.as_str().lines().next().unwrap_or("");
    let header_fields = fields_in_line(header_line, blocks.separator);
    // Headers as written: the CSV reader renames a repeated header, which
    // would hide a column given twice.
    let written = split_fields(header_line, blocks.separator);
    let frame = parse_csv(file, text, blocks.separator, None, (header_fields, 2))?;
    let (columns, missing) = text_columns(file, &frame)?;
    blocks.width = frame.width();
    blocks.next_row = 2 + frame.height();
    // The file's rows, estimated from the first block's bytes per row.
    let file_bytes = blocks.source.metadata().map_or(0, |m| m.len());
    let estimated_rows = (frame.height() as u64 * file_bytes)
        .checked_div(blocks.offset)
        .unwrap_or(0) as usize;
    let headers = if written.len() == frame.width() {
        written.iter().map(|h| h.trim().to_owned()).collect()
    } else {
        frame
            .get_column_names()
            .iter()
            .map(|h| h.trim().to_owned())
            .collect()
    };
    let table = RawTable {
        file: file.to_owned(),
        sheet: None,
        headers,
        header_row: 1,
        first_column: 0,
        rows: RowMap::Offset(2),
        missing,
        columns,
    };
    let mut reader = TableReader::spawn(blocks, digest)?;
    reader.estimated_rows = estimated_rows;
    Ok((table, reader))
}

/// The frame's columns as text, each in one chunk and cleaned (see [`clean`]),
/// and the missing cells of each; a column that is not text makes the file unreadable.
fn text_columns(file: &str, frame: &DataFrame) -> Result<Columns, Box<Problem>> {
    frame
        .columns()
        .iter()
        .map(|c| {
            c.str()
                .map(|text| clean(text.rechunk().into_owned()))
                .map_err(|_| unreadable(file, format!("column {} is not text", c.name())))
        })
        .collect()
}

/// The cells of each column, and how many of each are missing.
type Columns = (Vec<StringChunked>, Vec<usize>);

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
    if is_spreadsheet(name) {
        let bytes = std::fs::read(path).map_err(|e| unreadable(name, e.to_string()))?;
        let table = read_spreadsheet(name, &bytes, header_score)?;
        Ok((
            table,
            TableReader::done(name, Sha256::new_with_prefix(&bytes)),
        ))
    } else {
        read_csv(name, path, encoding, block_bytes)
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
    let (columns, missing) = text_columns(file, &frame)?;
    Ok(RawTable {
        file: file.to_owned(),
        sheet: Some(sheet),
        headers,
        header_row: first_row + header_index + 1,
        first_column,
        rows: RowMap::Explicit(row_numbers),
        missing,
        columns,
    })
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
    fn rows_are_numbered_and_quoted_newlines_kept_across_blocks() {
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
            [(2, Some("x\ny")), (3, Some("q;\"r\"")), (4, Some("z"))]
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
