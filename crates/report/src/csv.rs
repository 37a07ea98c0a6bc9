//! CSV in two dialects: as Russian Excel opens it (UTF-8 with a BOM, `;`
//! between fields, decimal comma, CRLF) and RFC 4180 for scripts (UTF-8, `,`,
//! decimal point, CRLF).

/// How CSV files are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvDialect {
    /// UTF-8 with a BOM, `;`, decimal comma, CRLF: opens in Russian Excel as is.
    #[default]
    ExcelRu,
    /// UTF-8 without a BOM, `,`, decimal point, CRLF (RFC 4180): for scripts.
    Rfc4180,
}

impl CsvDialect {
    /// The dialect's code, as `--csv-dialect` and the manifest write it.
    pub fn code(self) -> &'static str {
        match self {
            CsvDialect::ExcelRu => "excel-ru",
            CsvDialect::Rfc4180 => "rfc4180",
        }
    }

    fn separator(self) -> char {
        match self {
            CsvDialect::ExcelRu => ';',
            CsvDialect::Rfc4180 => ',',
        }
    }

    /// What a file begins with: the byte order mark for Excel.
    pub(crate) fn preamble(self) -> &'static str {
        match self {
            CsvDialect::ExcelRu => "\u{feff}",
            CsvDialect::Rfc4180 => "",
        }
    }

    /// The decimal mark of numbers.
    pub(crate) fn decimal_comma(self) -> bool {
        self == CsvDialect::ExcelRu
    }
}

/// A text cell as a spreadsheet may read it safely: in the excel-ru dialect a cell that begins
/// with `=`, `+`, `-`, `@`, a tab or a carriage return would be taken by Excel for a formula
/// (`=HYPERLINK(…)`, `+cmd|' /C calc'!A0`), so it is prefixed with `'`, as OWASP's advice on
/// CSV injection has it (Excel shows the text, the quote hidden). The rfc4180 dialect, for
/// scripts, keeps every text as it is: a script reads data, not formulas.
pub(crate) fn neutralised(dialect: CsvDialect, text: &str) -> std::borrow::Cow<'_, str> {
    let risky = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    match (dialect, risky) {
        (CsvDialect::ExcelRu, true) => format!("'{text}").into(),
        _ => text.into(),
    }
}

/// Builds a CSV document in memory.
#[derive(Debug)]
pub(crate) struct Csv {
    dialect: CsvDialect,
    text: String,
}

impl Csv {
    pub(crate) fn new(dialect: CsvDialect) -> Self {
        Csv {
            dialect,
            text: String::from(dialect.preamble()),
        }
    }

    pub(crate) fn row<S: AsRef<str>>(&mut self, fields: &[S]) {
        push_row(self.dialect, fields, &mut self.text);
    }

    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.text.into_bytes()
    }
}

/// Appends one row of `fields` to `text` in `dialect` (quoted where needed, CRLF).
pub(crate) fn push_row<S: AsRef<str>>(dialect: CsvDialect, fields: &[S], text: &mut String) {
    let sep = dialect.separator();
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            text.push(sep);
        }
        let f = f.as_ref();
        if f.contains([sep, '"', '\n', '\r']) {
            text.push('"');
            text.push_str(&f.replace('"', "\"\""));
            text.push('"');
        } else {
            text.push_str(f);
        }
    }
    text.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(dialect: CsvDialect, rows: &[&[&str]], expected: &str) {
        let mut csv = Csv::new(dialect);
        for r in rows {
            csv.row(r);
        }
        assert_eq!(
            String::from_utf8(csv.into_bytes()).expect("utf-8"),
            expected
        );
    }

    #[test]
    fn excel_ru_has_bom_semicolons_quotes_and_crlf() {
        check(
            CsvDialect::ExcelRu,
            &[&["код ОО", "балл"], &["a;b", "say \"hi\""], &["1,5", "x"]],
            "\u{feff}код ОО;балл\r\n\"a;b\";\"say \"\"hi\"\"\"\r\n1,5;x\r\n",
        );
    }

    #[test]
    fn excel_ru_neutralises_what_excel_would_take_for_a_formula() {
        for risky in [
            "=HYPERLINK(\"x\")",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            let safe = neutralised(CsvDialect::ExcelRu, risky);
            assert_eq!(safe, format!("'{risky}"), "{risky:?}");
            assert_eq!(neutralised(CsvDialect::Rfc4180, risky), risky, "{risky:?}");
        }
        for plain in ["Школа № 1", "'quoted", "1=1", ""] {
            assert_eq!(neutralised(CsvDialect::ExcelRu, plain), plain);
        }
    }

    #[test]
    fn rfc4180_has_no_bom_and_quotes_commas() {
        check(
            CsvDialect::Rfc4180,
            &[&["id", "name"], &["1,5", "a;b"], &["two\nlines", ""]],
            "id,name\r\n\"1,5\",a;b\r\n\"two\nlines\",\r\n",
        );
    }
}
