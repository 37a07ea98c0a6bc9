//! A table as the analyst reads it, laid out once and written three ways: as
//! CSV (either dialect), as a sheet of the Excel workbook and as an HTML table.

use model::Lang;

use crate::csv::{neutralised, Csv, CsvDialect};
use crate::text::decimal;

/// What a cell holds. Numbers stay numbers until they are written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Empty,
    Text(String),
    Int(i64),
    /// A number and the decimal places it is shown with.
    Num(f64, usize),
}

/// The colour a cell is marked with: a status, or the quarter of its group a
/// percentile falls in (0 is the bottom quarter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tone {
    Low,
    Base,
    Quarter(u8),
}

impl Tone {
    /// The quarter of a percentile (0–100).
    pub(crate) fn quarter(percentile: f64) -> Tone {
        Tone::Quarter((percentile / 25.0).floor().clamp(0.0, 3.0) as u8)
    }

    /// Background colour, as RGB.
    pub(crate) fn rgb(self) -> u32 {
        match self {
            Tone::Low => 0xF4C7C3,
            Tone::Base => 0xB7E1CD,
            Tone::Quarter(0) => 0xF8D7D3,
            Tone::Quarter(1) => 0xFCE8B2,
            Tone::Quarter(2) => 0xE2EFD9,
            Tone::Quarter(_) => 0xC6E5C0,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cell {
    pub value: Value,
    pub tone: Option<Tone>,
}

impl Cell {
    pub(crate) fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        Cell {
            value: if s.is_empty() {
                Value::Empty
            } else {
                Value::Text(s)
            },
            tone: None,
        }
    }

    pub(crate) fn int(x: Option<usize>) -> Cell {
        Cell {
            value: x.map_or(Value::Empty, |v| Value::Int(v as i64)),
            tone: None,
        }
    }

    pub(crate) fn num(x: Option<f64>, places: usize) -> Cell {
        Cell {
            value: x
                .filter(|v| v.is_finite())
                .map_or(Value::Empty, |v| Value::Num(v, places)),
            tone: None,
        }
    }

    pub(crate) fn toned(mut self, tone: Option<Tone>) -> Cell {
        self.tone = tone;
        self
    }

    /// The cell as text, with the decimal mark asked for.
    pub(crate) fn shown(&self, decimal_comma: bool) -> String {
        match &self.value {
            Value::Empty => String::new(),
            Value::Text(s) => s.clone(),
            Value::Int(v) => v.to_string(),
            Value::Num(v, places) => {
                decimal(*v, *places, if decimal_comma { Lang::Ru } else { Lang::En })
            }
        }
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::text(s)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::text(s)
    }
}

/// A titled table: a header row and rows of cells.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Sheet {
    /// The sheet's name in the workbook (at most 31 characters).
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    pub(crate) fn new<S: AsRef<str>>(name: &str, headers: &[S]) -> Sheet {
        Sheet {
            name: name.to_owned(),
            headers: headers.iter().map(|h| h.as_ref().to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    pub(crate) fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.headers.len(), "{}", self.name);
        self.rows.push(row);
    }

    /// The sheet as CSV in `dialect`, text cells (headers too) neutralised for Excel
    /// ([`neutralised`]); numbers are written as numbers, a negative one as such.
    pub(crate) fn to_csv(&self, dialect: CsvDialect) -> Vec<u8> {
        let mut csv = Csv::new(dialect);
        let headers: Vec<_> = (self.headers.iter())
            .map(|h| neutralised(dialect, h))
            .collect();
        csv.row(&headers);
        for row in &self.rows {
            let fields: Vec<String> = (row.iter())
                .map(|c| match &c.value {
                    Value::Text(s) => neutralised(dialect, s).into_owned(),
                    _ => c.shown(dialect.decimal_comma()),
                })
                .collect();
            csv.row(&fields);
        }
        csv.into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_dialect_and_quarters_are_banded() {
        let mut sheet = Sheet::new("t", &["a", "b", "c", "d"]);
        sheet.push(vec![
            Cell::num(Some(-1.25), 2),
            Cell::int(Some(7)),
            Cell::text("x;y"),
            Cell::num(Some(f64::NAN), 1),
        ]);
        sheet.push(vec![
            Cell::num(Some(-2.0), 0),
            Cell::int(None),
            Cell::text("=1+1"),
            Cell::text("-"),
        ]);
        let ru = String::from_utf8(sheet.to_csv(CsvDialect::ExcelRu)).expect("utf-8");
        assert_eq!(
            ru,
            "\u{feff}a;b;c;d\r\n-1,25;7;\"x;y\";\r\n-2;;'=1+1;'-\r\n"
        );
        let en = String::from_utf8(sheet.to_csv(CsvDialect::Rfc4180)).expect("utf-8");
        assert_eq!(en, "a,b,c,d\r\n-1.25,7,x;y,\r\n-2,,=1+1,-\r\n");
        let quarters: Vec<Tone> = [0.0, 24.9, 25.0, 50.0, 74.0, 75.0, 100.0]
            .map(Tone::quarter)
            .to_vec();
        assert_eq!(quarters, [0, 0, 1, 2, 2, 3, 3].map(Tone::Quarter).to_vec());
    }
}
