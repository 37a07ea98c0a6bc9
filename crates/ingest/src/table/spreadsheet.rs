//! Spreadsheets (.xlsx, .xls, .ods) read with calamine: the sheet and header row found by the
//! columns they name, every cell as text.

use super::*;

/// Whether a file name is a spreadsheet's.
pub(super) fn is_spreadsheet(file: &str) -> bool {
    let lower = file.to_lowercase();
    [".xlsx", ".xlsm", ".xls", ".ods"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// How many rows from the top of a sheet are searched for the header.
pub(super) const HEADER_SEARCH_ROWS: usize = 30;

/// A cell's text as the analyst sees it; `None` for an empty cell.
pub(super) fn cell_text(cell: &Data) -> Option<String> {
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
pub(super) struct HeaderCandidate {
    pub(super) score: (usize, usize),
    pub(super) sheet: String,
    /// Row of the header within `range`.
    pub(super) header_index: usize,
    pub(super) range: calamine::Range<Data>,
}

/// Reads the sheet and header row that name most of the table's columns:
/// title rows above the header and other sheets are passed over.
pub(super) fn read_spreadsheet(
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
