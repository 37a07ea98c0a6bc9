//! CSV as Russian Excel opens it: UTF-8 with a BOM, `;` between fields, CRLF.

/// Builds an Excel-friendly CSV document in memory.
#[derive(Debug, Default)]
pub struct ExcelCsv {
    text: String,
}

impl ExcelCsv {
    pub fn new() -> Self {
        ExcelCsv {
            text: String::from('\u{feff}'),
        }
    }

    pub fn row<S: AsRef<str>>(&mut self, fields: &[S]) {
        let line: Vec<String> = fields.iter().map(|f| quote(f.as_ref())).collect();
        self.text.push_str(&line.join(";"));
        self.text.push_str("\r\n");
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.text.into_bytes()
    }
}

fn quote(field: &str) -> String {
    if field.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_semicolons_quotes_and_crlf() {
        let mut csv = ExcelCsv::new();
        csv.row(&["код ОО", "балл"]);
        csv.row(&["a;b", "say \"hi\""]);
        let text = String::from_utf8(csv.into_bytes()).expect("utf-8");
        assert_eq!(
            text,
            "\u{feff}код ОО;балл\r\n\"a;b\";\"say \"\"hi\"\"\"\r\n"
        );
    }
}
