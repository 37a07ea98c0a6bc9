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

/// The largest spreadsheet file read (compressed, as on disk).
pub(super) const SPREADSHEET_BYTES: u64 = 512 << 20;

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
        // A date or time as Excel shows it, never its serial number: a date typed into a
        // numeric column is then "not a number" rather than 45,306 students.
        Data::DateTime(d) => Some(date_text(d)),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Some(s.clone()),
        Data::Error(e) => Some(format!("#{e}")),
    }
}

/// A spreadsheet date or time as text: `2024-01-15`, `2024-01-15 10:30`, `10:30` or, for a
/// duration, `36:15:00`.
fn date_text(d: &calamine::ExcelDateTime) -> String {
    if d.is_duration() {
        let seconds = (d.as_f64() * 86_400.0).round().clamp(0.0, 1e12) as u64;
        return format!(
            "{}:{:02}:{:02}",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        );
    }
    let (y, mo, day, h, mi, _, _) = d.to_ymd_hms_milli();
    let time = d.as_f64().fract() != 0.0;
    match (d.as_f64() < 1.0, time) {
        (true, _) => format!("{h:02}:{mi:02}"),
        (false, false) => format!("{y:04}-{mo:02}-{day:02}"),
        (false, true) => format!("{y:04}-{mo:02}-{day:02} {h:02}:{mi:02}"),
    }
}

/// The formula of each cell of `sheet` that has one, so that a formula whose value the file
/// does not hold (a file written by a program, never opened in Excel) is shown as `=…`
/// rather than read as an empty cell. Empty when the formulas cannot be read.
fn formulas(
    workbook: &mut calamine::Sheets<Cursor<Vec<u8>>>,
    sheet: &str,
) -> calamine::Range<String> {
    workbook.worksheet_formula(sheet).unwrap_or_default()
}

/// The most cells a sheet may span, from its first cell to its farthest (calamine holds each).
pub(super) const MAX_CELLS: u64 = 32_000_000;

/// Checks, for an .xlsx, that no sheet spans more than [`MAX_CELLS`]: calamine sizes a sheet
/// by its first and farthest cells, and one cell at XFD1048576 would make it 17 billion. The
/// cells are read with calamine's own streaming reader, as calamine will place them, without
/// holding them. Other formats pass.
fn check_extent(file: &str, bytes: &[u8]) -> Result<(), Box<Problem>> {
    let Ok(mut xlsx) = calamine::Xlsx::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    for name in xlsx.sheet_names() {
        let Ok(mut cells) = xlsx.worksheet_cells_reader(&name) else {
            continue;
        };
        let (mut first, mut last) = ((u32::MAX, u32::MAX), (0u32, 0u32));
        while let Ok(Some(cell)) = cells.next_cell() {
            let (row, column) = cell.get_position();
            first = (first.0.min(row), first.1.min(column));
            last = (last.0.max(row), last.1.max(column));
        }
        if first.0 > last.0 {
            continue; // No cell.
        }
        let rows = u64::from(last.0 - first.0) + 1;
        let columns = u64::from(last.1 - first.1) + 1;
        if rows.saturating_mul(columns) > MAX_CELLS {
            return Err(unreadable(
                file,
                format!(
                    "лист «{name}» занимает {rows} строк × {columns} столбцов, больше {MAX_CELLS} \
                     ячеек; удалите то, что лежит за таблицей / sheet \"{name}\" spans {rows} \
                     rows × {columns} columns, more than {MAX_CELLS} cells; delete what lies \
                     beyond the table"
                ),
            ));
        }
    }
    Ok(())
}

/// The best header row found so far.
pub(super) struct HeaderCandidate {
    pub(super) score: (usize, usize),
    pub(super) sheet: String,
    /// Row of the header within `range`.
    pub(super) header_index: usize,
    pub(super) range: calamine::Range<Data>,
    /// The workbook's other sheets that hold anything.
    pub(super) other_sheets: Vec<String>,
}

/// The sheet and header row that name most of the table's columns.
fn find_header(
    file: &str,
    workbook: &mut calamine::Sheets<Cursor<Vec<u8>>>,
    header_score: HeaderScore<'_>,
) -> Result<HeaderCandidate, Box<Problem>> {
    let mut best: Option<HeaderCandidate> = None;
    let mut filled = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| unreadable(file, e.to_string()))?;
        if !range.is_empty() {
            filled.push(name.clone());
        }
        for (i, row) in range.rows().take(HEADER_SEARCH_ROWS).enumerate() {
            let texts: Vec<String> = row.iter().filter_map(cell_text).collect();
            let score = header_score(&texts);
            if score.1 > 0 && best.as_ref().is_none_or(|b| score > b.score) {
                best = Some(HeaderCandidate {
                    score,
                    sheet: name.clone(),
                    header_index: i,
                    range: range.clone(),
                    other_sheets: Vec::new(),
                });
            }
        }
    }
    if let Some(best) = &mut best {
        filled.retain(|s| *s != best.sheet);
        best.other_sheets = filled;
    }
    best.ok_or_else(|| {
        unreadable(
            file,
            "ни на одном листе нет строки заголовка с известными столбцами / \
             no sheet has a header row with known columns"
                .into(),
        )
    })
}

/// Reads the sheet and header row that name most of the table's columns:
/// title rows above the header and other sheets are passed over.
pub(super) fn read_spreadsheet(
    file: &str,
    bytes: &[u8],
    header_score: HeaderScore<'_>,
) -> Result<RawTable, Box<Problem>> {
    let unreadable = |detail: String| unreadable(file, detail);
    super::unpack::check_unpacking(file, bytes)?;
    check_extent(file, bytes)?;
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|e| unreadable(e.to_string()))?;
    let HeaderCandidate {
        sheet,
        header_index,
        range,
        other_sheets,
        ..
    } = find_header(file, &mut workbook, header_score)?;
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    let first_column = range.start().map_or(0, |(_, c)| c as usize);
    let formulas = formulas(&mut workbook, &sheet);
    // A cell without a value but with a formula: the formula, for the parser to refuse.
    let text_at = |row: usize, c: usize, cell: Option<&Data>| {
        cell.and_then(cell_text).or_else(|| {
            let at = ((first_row + row) as u32, (first_column + c) as u32);
            formulas
                .get_value(at)
                .filter(|f| !f.is_empty())
                .map(|f| format!("={f}"))
        })
    };
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
        let r = header_index + 1 + i;
        let cells: Vec<Option<String>> = (0..width).map(|c| text_at(r, c, row.get(c))).collect();
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
        other_sheets,
        headers,
        header_row: first_row + header_index + 1,
        first_column,
        rows: RowMap::Explicit(row_numbers),
        missing,
        columns,
    })
}
