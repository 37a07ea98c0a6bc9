//! The usual block of a delimited file read without polars: no quote but around a whole cell,
//! no CR but in a line's CR LF, every line with the header's number of fields and every cell
//! clean or only trimmed.
//! Its cells are spans of its text, each what polars' reading and [`clean`](super::clean)
//! would give (a test compares the two on random blocks); any other block is left to them.

use std::borrow::Cow;

use super::{cleaned, tidy_byte};
use crate::parse::is_blank;

/// Each cell's start and end, and each column's missing cells.
type Spans = (Vec<(u32, u32)>, Vec<usize>);

/// A block's cells as spans of its text, row by row.
#[derive(Debug)]
pub(crate) struct SplitCells {
    text: String,
    /// Cells per row.
    width: usize,
    /// Each cell's start and end in `text`, row after row; an empty span is a missing cell.
    spans: Vec<(u32, u32)>,
}

impl SplitCells {
    pub(super) fn height(&self) -> usize {
        self.spans.len().checked_div(self.width).unwrap_or(0)
    }

    /// The cell of column `index` in row `row`; `None` when missing.
    pub(super) fn cell(&self, index: usize, row: usize) -> Option<&str> {
        let &(start, end) = self.spans.get(row * self.width + index)?;
        match start == end {
            true => None,
            false => self.text.get(start as usize..end as usize),
        }
    }
}

/// The cells of `text` (rows without a header, `width` cells to a row) and the missing cells
/// of each column; a cell in quotes is read inside them. The text is given back, for polars,
/// when it has a cell with a quote other than around it (a doubled quote, a separator or line
/// end in quotes), a CR but before a line feed, a line of another width, a cell that cleaning
/// would rewrite, or more bytes than a span can address.
pub(super) fn split_plain(
    text: String,
    separator: u8,
    width: usize,
) -> Result<(SplitCells, Vec<usize>), String> {
    match spans(&text, separator, width) {
        Some((spans, missing)) => Ok((SplitCells { text, width, spans }, missing)),
        None => Err(text),
    }
}

/// The spans and missing cells that [`split_plain`] gives, or `None`.
fn spans(text: &str, separator: u8, width: usize) -> Option<Spans> {
    let bytes = text.as_bytes();
    if width == 0 || u32::try_from(bytes.len()).is_err() {
        return None;
    }
    let quoted = memchr::memchr(b'"', bytes).is_some();
    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let mut spans = Vec::with_capacity(body.len() / 8);
    let mut missing = vec![0; width];
    let (mut start, mut column, mut line_ends_cr) = (0, 0, 0);
    // Most blocks hold only printable ASCII, Cyrillic letters and line ends: looked at once,
    // whole, so that each cell needs only its ends and "no data" marks looked at.
    let tidy = bytes.chunks(4096).all(|chunk| {
        (chunk.iter()).fold(true, |tidy, b| {
            tidy & (tidy_byte(b) | (*b == b'\n') | (*b == b'\r'))
        })
    });
    let ends = memchr::memchr2_iter(separator, b'\n', body).chain([body.len()]);
    for stop in ends {
        let last = stop == body.len() || body[stop] == b'\n';
        // Past the row's last cell, or its end before the header's width.
        if column == width || (last && column + 1 != width) {
            return None;
        }
        // A line that ends with CR and LF, as Excel writes them: the CR is not the cell's.
        let end = match last && stop > start && body[stop - 1] == b'\r' {
            true => {
                line_ends_cr += 1;
                stop - 1
            }
            false => stop,
        };
        let (inside, end) = match quoted {
            true => unquoted(body, start, end)?,
            false => (start, end),
        };
        let span = match tidy {
            true => tidy_cell_span(text, inside, end)?,
            false => cell_span(text, inside, end)?,
        };
        missing[column] += usize::from(span.0 == span.1);
        spans.push(span);
        (start, column) = (stop + 1, if last { 0 } else { column + 1 });
    }
    // A CR anywhere else is left to polars and the cleaning.
    (memchr::memchr_iter(b'\r', bytes).count() == line_ends_cr).then_some((spans, missing))
}

/// Where the text of the cell `bytes[start..end]` of a block with quotes begins and ends: inside
/// its quotes when it is quoted and holds no other quote, the cell itself when it holds none;
/// `None` for any other (a doubled quote, a separator or line end in quotes, a quote inside).
fn unquoted(bytes: &[u8], start: usize, end: usize) -> Option<(usize, usize)> {
    match bytes.get(start..end)? {
        [b'"', inside @ .., b'"'] if !inside.contains(&b'"') => Some((start + 1, end - 1)),
        cell if cell.contains(&b'"') => None,
        _ => Some((start, end)),
    }
}

/// The span of the cell `text[start..end]` of a block of [`tidy_byte`]s and line ends, as
/// [`cleaned`] gives it: the cell itself unless a space ends it or it is a "no data" mark.
fn tidy_cell_span(text: &str, start: usize, end: usize) -> Option<(u32, u32)> {
    let cell = text.get(start..end)?;
    if cell.starts_with(' ') || cell.ends_with(' ') {
        return cell_span(text, start, end);
    }
    match is_blank(cell) {
        true => Some((0, 0)),
        false => Some((u32::try_from(start).ok()?, u32::try_from(end).ok()?)),
    }
}

/// The span of the cell `text[start..end]` as [`cleaned`] gives it; `None` when it rewrites it.
fn cell_span(text: &str, start: usize, end: usize) -> Option<(u32, u32)> {
    let cell = text.get(start..end)?;
    let at = |s: &str| {
        let from = s.as_ptr() as usize - text.as_ptr() as usize;
        Some((
            u32::try_from(from).ok()?,
            u32::try_from(from + s.len()).ok()?,
        ))
    };
    match cleaned(cell) {
        None => Some((0, 0)),
        Some(Cow::Borrowed(kept)) => at(kept),
        Some(Cow::Owned(_)) => None,
    }
}

#[cfg(test)]
mod tests {
    use polars::prelude::{DataType, Schema};

    use super::super::{csv::parse_csv, csv::Text, text_columns, Cells};
    use super::*;

    /// Each row's cells and each column's missing cells.
    type Read = (Vec<Vec<Option<String>>>, Vec<usize>);

    fn by_polars(text: &str, width: usize) -> Option<Read> {
        let schema: Schema = (0..width)
            .map(|c| (format!("c{c}").into(), DataType::String))
            .collect();
        let bytes = Text(text.to_owned());
        let frame = parse_csv("t.csv", bytes, b';', Some(schema), (width, 1)).ok()?;
        let (Cells::Columns(columns), missing) = text_columns("t.csv", &frame).ok()? else {
            return None;
        };
        let rows = (0..frame.height())
            .map(|r| (columns.iter().map(|c| c.get(r).map(str::to_owned))).collect())
            .collect();
        Some((rows, missing))
    }

    fn by_split(text: &str, width: usize) -> Option<Read> {
        let (cells, missing) = split_plain(text.to_owned(), b';', width).ok()?;
        let rows = (0..cells.height())
            .map(|r| {
                (0..width)
                    .map(|c| cells.cell(c, r).map(str::to_owned))
                    .collect()
            })
            .collect();
        Some((rows, missing))
    }

    #[test]
    fn an_excel_block_is_split_into_its_cells() {
        let text = "1;2023;ЕГЭ;русский язык;s1;72\r\n2; 2024 ;н/д;;s2;\u{a0}5\r\n";
        let (rows, missing) = by_split(text, 6).expect("a plain block");
        let cell = |s: &str| Some(s.to_owned());
        assert_eq!(rows[0][2..4], [cell("ЕГЭ"), cell("русский язык")]);
        assert_eq!(
            rows[1],
            [cell("2"), cell("2024"), None, None, cell("s2"), cell("5")]
        );
        assert_eq!(missing, [0, 0, 1, 1, 0, 0]);
        assert_eq!(by_polars(text, 6), Some((rows, missing)));
    }

    #[test]
    fn cells_in_quotes_are_read_inside_them() {
        let text = "\"1\";\"русский язык\";\" 5 \"\r\n\"\";2;\"н/д\"\r\n";
        let (rows, missing) = by_split(text, 3).expect("a block quoted cell by cell");
        let cell = |s: &str| Some(s.to_owned());
        assert_eq!(rows[0], [cell("1"), cell("русский язык"), cell("5")]);
        assert_eq!(rows[1], [None, cell("2"), None]);
        assert_eq!(missing, [1, 0, 1]);
        assert_eq!(by_polars(text, 3), Some((rows, missing)));
    }

    #[test]
    fn blocks_left_to_polars() {
        for (text, why) in [
            ("a;\"b;c\"\n", "a separator in quotes"),
            ("a;\"b\nc\"\n", "a line end in quotes"),
            ("a;\"b\"\"c\"\n", "a doubled quote"),
            ("a;b\"c\n", "a quote inside a cell"),
            ("a;\"b\"c\n", "text after the quotes"),
            ("a;b\rc;d\n", "a CR alone"),
            ("a;b\n\nc;d\n", "an empty line, short of the width"),
            ("a;b\nc\n", "a short line"),
            ("a;b\nc;d;e\n", "a long line"),
            ("a;и\u{306}\n", "a cell that is not in NFC"),
            ("a;b\u{200b}\n", "an invisible character"),
        ] {
            assert!(split_plain(text.to_owned(), b';', 2).is_err(), "{why}");
        }
    }

    /// Random blocks of the characters that matter to the splitting and the cleaning: wherever
    /// the split reads a block, its cells and missing counts are polars' and the cleaning's.
    #[test]
    fn the_split_reads_what_polars_and_the_cleaning_read() {
        let alphabet = [
            "a",
            "7",
            " ",
            ";",
            ";",
            ";",
            "\n",
            "\r\n",
            "\r",
            "\"",
            "-",
            "н/д",
            "N/A",
            "nan",
            "й",
            "и\u{306}",
            "\u{200b}",
            "\t",
            "\u{a0}",
            "Ё",
            ",5",
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut split = 0;
        for case in 0..20_000 {
            let width = 1 + next(3);
            // Mostly well-formed rows, so that the split is taken often.
            let mut text = String::new();
            for _ in 0..1 + next(4) {
                let mut cells = Vec::new();
                for _ in 0..width {
                    let cell: String = (0..next(4))
                        .map(|_| alphabet[next(alphabet.len())])
                        .collect();
                    // A quarter of the cells in quotes, as some systems write every cell.
                    cells.push(match next(4) {
                        0 => format!("\"{cell}\""),
                        _ => cell,
                    });
                }
                text += &cells.join(";");
                text += ["\n", "\r\n"][next(2)];
            }
            let Some(ours) = by_split(&text, width) else {
                continue;
            };
            split += 1;
            assert_eq!(by_polars(&text, width), Some(ours), "case {case}: {text:?}");
        }
        assert!(split > 1_000, "only {split} blocks split");
    }
}
