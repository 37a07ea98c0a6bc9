//! Delimited text: its encoding (UTF-8 or Windows-1251) and separator found, read in blocks of
//! whole rows parsed by polars, each block decoded and hashed one block ahead.

use super::*;

/// The encoding of a text file, when the analyst names it instead of letting it be detected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8, with or without BOM.
    Utf8,
    /// Windows-1251 (Cyrillic, as older Excel and 1C exports write it).
    Windows1251,
}

/// How the text of a file is decoded, as far as its blocks so far tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Decoding {
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
            return Ok(Text(cp1251(&bytes)));
        }
        let e = match String::from_utf8(bytes) {
            Ok(text) => {
                if *self == Decoding::Undecided && !text.is_ascii() {
                    *self = Decoding::Utf8;
                }
                return Ok(Text(text));
            }
            Err(e) => e,
        };
        if *self == Decoding::Undecided {
            *self = Decoding::Windows1251;
            return Ok(Text(cp1251(e.as_bytes())));
        }
        let byte = offset + e.utf8_error().valid_up_to() as u64;
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

/// A block of text, checked or decoded once into UTF-8.
#[derive(Debug, Default)]
pub(super) struct Text(pub(super) String);

impl Text {
    fn as_str(&self) -> &str {
        &self.0
    }
}

/// Picks the separator that splits the header line most: `;`, tab or `,`.
pub(super) fn sniff_separator(text: &str) -> u8 {
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
pub(super) fn fields_in_line(line: &str, separator: u8) -> usize {
    split_fields(line, separator).len()
}

/// The fields of one line: split at separators outside quotes, each field's
/// quotes removed and doubled quotes undoubled.
pub(super) fn split_fields(line: &str, separator: u8) -> Vec<String> {
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
pub(super) fn first_ragged_row(
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

/// How many bytes of a delimited file are parsed at a time.
pub(crate) const BLOCK_BYTES: usize = 8 << 20;

/// A delimited text file read block by block; each block ends at the end of a row.
#[derive(Debug)]
pub(super) struct CsvBlocks {
    pub(super) file: String,
    pub(super) source: File,
    pub(super) decoding: Decoding,
    pub(super) separator: u8,
    /// The header's number of fields.
    pub(super) width: usize,
    /// Bytes read from the file and not parsed yet; they begin at the start of a row.
    pub(super) pending: Vec<u8>,
    /// Where `pending` begins in the file.
    pub(super) offset: u64,
    pub(super) eof: bool,
    /// The row number of the next block's first row.
    pub(super) next_row: usize,
    pub(super) block_bytes: usize,
    /// Whether rows end with CR alone (classic Mac OS): each CR is read as a line end.
    pub(super) cr_only: bool,
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
            if self.cr_only {
                cr_to_lf(&mut self.pending[start..]);
            }
            self.eof = n == 0;
        }
        Ok(())
    }

    /// The next block's text: whole rows, at least `block_bytes` of them unless the file ends.
    fn next_text(&mut self, digest: &mut Sha256) -> Result<Option<Text>, Box<Problem>> {
        let mut want = self.block_bytes;
        let cut = loop {
            self.fill(want, digest)?;
            // `pending` may hold more than a block (the first read tells the line ends).
            let window = want.min(self.pending.len());
            if self.eof && window == self.pending.len() {
                break self.pending.len();
            }
            match last_row_end(&self.pending[..window]) {
                Some(end) => break end,
                // A row longer than any real one: a quote that never closes.
                None if window >= MAX_ROW_BYTES => {
                    return Err(unclosed_quote(&self.file, &self.pending, self.next_row));
                }
                // One row longer than a block: read on.
                None => want = (window * 2).min(MAX_ROW_BYTES),
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

    /// A block's cells: split from its text when it is plain (see [`split`]), else parsed by
    /// polars and cleaned.
    fn cells(&self, text: Text, first_row: usize) -> Result<Columns, Box<Problem>> {
        let text = match split::split_plain(text.0, self.separator, self.width) {
            Ok((cells, missing)) => return Ok((Cells::Split(cells), missing)),
            Err(text) => Text(text),
        };
        let schema: Schema = (0..self.width)
            .map(|c| (format!("c{c}").into(), DataType::String))
            .collect();
        let frame = parse_csv(
            &self.file,
            text,
            self.separator,
            Some(schema),
            (self.width, first_row),
        )?;
        text_columns(&self.file, &frame)
    }

    /// The next block's columns and the row number of its first row.
    pub(super) fn next(&mut self, digest: &mut Sha256) -> Result<Option<Block>, Box<Problem>> {
        loop {
            let Some(text) = self.next_text(digest)? else {
                return Ok(None);
            };
            if text.as_str().trim().is_empty() {
                continue;
            }
            let first_row = self.next_row;
            let (columns, missing) = self.cells(text, first_row)?;
            self.next_row += columns.height();
            return Ok(Some(Block {
                columns,
                first_row,
                missing,
            }));
        }
    }
}

/// How many bytes at the start of a file are read to tell its line ends.
const CR_SNIFF_BYTES: usize = 64 << 10;

/// The most columns a table may have: Excel's own limit.
const MAX_COLUMNS: usize = 16_384;

/// Each CR as LF: the rows of a file whose lines end with CR alone.
fn cr_to_lf(bytes: &mut [u8]) {
    for b in bytes.iter_mut().filter(|b| **b == b'\r') {
        *b = b'\n';
    }
}

/// The end (one past the newline) of the last whole row in `bytes`: the last
/// newline outside quotes. A doubled quote inside a quoted field counts twice,
/// so quotes are balanced exactly where rows may end.
pub(super) fn last_row_end(bytes: &[u8]) -> Option<usize> {
    let quotes_in = |bytes: &[u8]| memchr::memchr_iter(b'"', bytes).count();
    let mut quotes = quotes_in(bytes);
    let mut end = bytes.len();
    while let Some(newline) = memchr::memrchr(b'\n', &bytes[..end]) {
        quotes -= quotes_in(&bytes[newline..end]);
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
pub(super) fn parse_csv(
    file: &str,
    text: Text,
    separator: u8,
    schema: Option<Schema>,
    expected: (usize, usize),
) -> Result<DataFrame, Box<Problem>> {
    let has_header = schema.is_none();
    CsvReadOptions::default()
        .with_has_header(has_header)
        // The blocks are parsed on a thread of their own while the rows of the one before are
        // converted: polars' own threads add little (it still cuts a block into 16 chunks,
        // copied into one per column by `text_columns`; see split.rs for the usual block).
        .with_n_threads(Some(1))
        .with_infer_schema_length(Some(0))
        .with_schema(schema.map(Arc::new))
        .with_parse_options(CsvParseOptions::default().with_separator(separator))
        .into_reader_with_file_handle(Cursor::new(text.0.as_bytes()))
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
                None if unclosed_quote_row(text.as_bytes(), 1).is_some() => {
                    let first = if has_header { 1 } else { first_row };
                    unclosed_quote(file, text.as_bytes(), first)
                }
                None => unreadable(file, e.to_string()),
            }
        })
}

/// The longest row read: a row of more is a quote that opens a field and never closes.
const MAX_ROW_BYTES: usize = 64 << 20;

/// The problem of a quote that opens a field and never closes, at the row where it opens
/// (`bytes` begins at row `first_row`).
fn unclosed_quote(file: &str, bytes: &[u8], first_row: usize) -> Box<Problem> {
    Box::new(Problem {
        row: unclosed_quote_row(bytes, first_row),
        ..Problem::new(file, ProblemKind::UnclosedQuote)
    })
}

/// The row (counted from `first_row`, a newline inside quotes not ending one) where the quote
/// that is still open at the end of `bytes` opened; `None` when every quote closes.
pub(super) fn unclosed_quote_row(bytes: &[u8], first_row: usize) -> Option<usize> {
    let (mut row, mut open_at) = (first_row, None);
    for &b in bytes {
        match (b, open_at) {
            (b'"', None) => open_at = Some(row),
            (b'"', Some(_)) => open_at = None,
            (b'\n', None) => row += 1,
            _ => {}
        }
    }
    open_at
}

/// The first block's rows (below its header line of `header_fields` fields), how many, and
/// the columns' names when the CSV reader read the header.
type FirstRows = (Columns, usize, Option<Vec<String>>);

/// The first block's rows: see [`FirstRows`].
fn first_rows(
    blocks: &CsvBlocks,
    mut text: Text,
    header_fields: usize,
) -> Result<FirstRows, Box<Problem>> {
    // A header whose quotes close on its line is one line of `header_fields` names: the rows
    // below it are any other block's.
    match text.0.find('\n') {
        Some(end)
            if text.0[..end].matches('"').count().is_multiple_of(2)
                && !text.0[end..].trim().is_empty() =>
        {
            let rows = text.0.split_off(end + 1);
            match split::split_plain(rows, blocks.separator, header_fields) {
                Ok((cells, missing)) => {
                    let height = cells.height();
                    return Ok(((Cells::Split(cells), missing), height, None));
                }
                Err(rows) => text.0.push_str(&rows),
            }
        }
        _ => {}
    }
    let frame = parse_csv(
        &blocks.file,
        text,
        blocks.separator,
        None,
        (header_fields, 2),
    )?;
    let columns = text_columns(&blocks.file, &frame)?;
    let names: Vec<String> = (frame.get_column_names().iter())
        .map(|h| h.to_string())
        .collect();
    Ok((columns, frame.height(), Some(names)))
}

/// Opens a delimited text file and reads its header and first block of rows.
pub(super) fn read_csv(
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
        // The first block begins with the header, row 1.
        next_row: 1,
        block_bytes,
        cr_only: false,
    };
    let mut digest = Sha256::new();
    // A UTF-8 byte order mark says the encoding and is not part of the header. The first
    // bytes also tell lines that end with CR alone: without it, the whole file would be one row.
    blocks.fill(CR_SNIFF_BYTES, &mut digest)?;
    let head = &blocks.pending;
    if head.contains(&b'\r') && !head.contains(&b'\n') {
        blocks.cr_only = true;
        cr_to_lf(&mut blocks.pending);
    }
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
    if header_fields > MAX_COLUMNS {
        return Err(unreadable(
            file,
            format!(
                "в строке заголовка {header_fields} полей, больше {MAX_COLUMNS} (столько столбцов \
                 и в Excel нет): это не таблица или у неё не те концы строк / the header line has \
                 {header_fields} fields, more than {MAX_COLUMNS} (more than Excel's columns): not \
                 a table, or its line ends are not read"
            ),
        ));
    }
    // Headers as written: the CSV reader renames a repeated header, which
    // would hide a column given twice.
    let written = split_fields(header_line, blocks.separator);
    let ((columns, missing), height, names) = first_rows(&blocks, text, header_fields)?;
    // The reader's names, when they are the table's: a header in quotes may hold separators.
    let names = names.filter(|names| names.len() != written.len());
    blocks.width = names.as_ref().map_or(written.len(), Vec::len);
    blocks.next_row = 2 + height;
    // The file's rows, estimated from the first block's bytes per row.
    let file_bytes = blocks.source.metadata().map_or(0, |m| m.len());
    let estimated_rows = (height as u64 * file_bytes)
        .checked_div(blocks.offset)
        .unwrap_or(0) as usize;
    let headers = names.unwrap_or(written);
    let headers = headers.iter().map(|h| h.trim().to_owned()).collect();
    let table = RawTable {
        other_sheets: Vec::new(),
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
