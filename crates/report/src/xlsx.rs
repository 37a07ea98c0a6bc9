//! results.xlsx: the analyst's workbook, one sheet per table, with a frozen
//! header, filters, widths fitted to the content, number formats and colour
//! bands.

use std::collections::HashMap;

use rayon::prelude::*;
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet,
};

use crate::sheet::{Sheet, Tone, Value};

/// The workbook's zip compression level (1 fastest, 9 smallest).
const ZIP_LEVEL: u8 = 3;

/// Widest a column is made, in characters; longer text wraps.
const MAX_WIDTH: usize = 60;

/// The workbook with every sheet's cells written, not yet saved. The document's creation time
/// is fixed (2000-01-01) so that the same results give the same file.
pub(crate) fn workbook(sheets: &[Sheet]) -> Result<Workbook, rust_xlsxwriter::XlsxError> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_author("schoolpeers"),
    );
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color(Color::RGB(0xD9E2F3))
        .set_border_bottom(FormatBorder::Thin);
    // Each sheet's cells written on a thread of its own: the same workbook, in sheet order (and
    // the first sheet's error in that order, whichever thread failed first).
    let worksheets: Vec<_> = (sheets.par_iter())
        .map(|sheet| worksheet(sheet, &header))
        .collect();
    let worksheets = worksheets.into_iter().collect::<Result<Vec<_>, _>>()?;
    for ws in worksheets {
        workbook.push_worksheet(ws);
    }
    Ok(workbook)
}

/// The workbook's bytes: its sheets zipped.
pub(crate) fn bytes(mut workbook: Workbook) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    // Deflate at level 3 rather than the default 6: a country's workbook (262,000 people in the
    // network) saved in 3.5 s instead of 4.9 s of the run, the file 14% larger (29 MB).
    workbook.set_zip_compression_level(ZIP_LEVEL);
    let bytes = workbook.save_to_buffer();
    crate::drop_aside(workbook);
    bytes
}

/// One sheet of the workbook: a frozen header with filters, widths fitted to the content, each
/// cell with its format.
fn worksheet(sheet: &Sheet, header: &Format) -> Result<Worksheet, rust_xlsxwriter::XlsxError> {
    let mut ws = Worksheet::new();
    let mut formats = Formats::default();
    ws.set_name(&sheet.name)?;
    let mut widths: Vec<usize> = sheet
        .headers
        .iter()
        .map(|h| h.chars().count().min(24))
        .collect();
    for (c, h) in sheet.headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, header)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let col = c as u16;
            let shown = cell.shown(true).chars().count();
            widths[c] = widths[c].max(shown.min(MAX_WIDTH));
            let format = formats.get(&cell.value, cell.tone, shown > MAX_WIDTH);
            match &cell.value {
                Value::Empty => {
                    if let Some(f) = format {
                        ws.write_blank(r, col, f)?;
                    }
                }
                Value::Text(s) => match format {
                    Some(f) => ws.write_string_with_format(r, col, s, f).map(|_| ())?,
                    None => ws.write_string(r, col, s).map(|_| ())?,
                },
                Value::Int(v) => match format {
                    Some(f) => ws
                        .write_number_with_format(r, col, *v as f64, f)
                        .map(|_| ())?,
                    None => ws.write_number(r, col, *v as f64).map(|_| ())?,
                },
                Value::Num(v, _) => {
                    // −0 is written as 0, as the CSV writes it: whether a value that
                    // rounds to zero keeps its sign must not depend on the build.
                    let v = *v + 0.0;
                    match format {
                        Some(f) => ws.write_number_with_format(r, col, v, f).map(|_| ())?,
                        None => ws.write_number(r, col, v).map(|_| ())?,
                    }
                }
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w as f64 + 2.0).max(6.0))?;
    }
    ws.set_freeze_panes(1, 0)?;
    if !sheet.headers.is_empty() {
        ws.autofilter(
            0,
            0,
            sheet.rows.len() as u32,
            sheet.headers.len() as u16 - 1,
        )?;
    }
    Ok(ws)
}

/// Cell formats made once per kind: decimal places, colour and wrapping.
#[derive(Default)]
struct Formats {
    made: HashMap<(Option<usize>, Option<u32>, bool), Format>,
}

impl Formats {
    fn get(&mut self, value: &Value, tone: Option<Tone>, wrap: bool) -> Option<&Format> {
        let places = match value {
            Value::Num(_, places) => Some(*places),
            _ => None,
        };
        if places.is_none() && tone.is_none() && !wrap {
            return None;
        }
        let key = (places, tone.map(Tone::rgb), wrap);
        Some(self.made.entry(key).or_insert_with(|| {
            let mut f = Format::new();
            if let Some(places) = places {
                f = f.set_num_format(match places {
                    0 => "0".to_owned(),
                    p => format!("0.{}", "0".repeat(p)),
                });
            }
            if let Some(rgb) = key.1 {
                f = f.set_background_color(Color::RGB(rgb));
            }
            if wrap {
                f = f.set_text_wrap();
            }
            f
        }))
    }
}
