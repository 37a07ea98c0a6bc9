//! Cell-level parsing shared by every table.

use model::text::folded;

/// A file's name as messages and the manifest show it: its last component.
pub(crate) fn file_label(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// A regular file of at most `max` bytes read as UTF-8 text; what is wrong otherwise, in both
/// languages (a device or a pipe never ends; a file larger than any real one of its kind
/// would only exhaust memory).
pub(crate) fn read_bounded(path: &std::path::Path, max: u64) -> Result<String, String> {
    check_regular(path, max)?;
    std::fs::read_to_string(path).map_err(|e| e.to_string())
}

/// Whether `path` is a regular file of at most `max` bytes; what is wrong otherwise.
pub(crate) fn check_regular(path: &std::path::Path, max: u64) -> Result<(), String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err(
            "не обычный файл (устройство, канал или папка) / not a regular file \
                    (a device, a pipe or a folder)"
                .to_owned(),
        );
    }
    if meta.len() > max {
        return Err(format!(
            "файл больше {} МБ / the file is larger than {} MB",
            max >> 20,
            max >> 20
        ));
    }
    Ok(())
}

/// Parses a number written the Russian or the English way: `1 234,5`, `1234.5`, `12%`.
pub(crate) fn parse_number(text: &str) -> Option<f64> {
    // Most cells are plain numbers: no allocation for them.
    if let Ok(v) = text.trim().parse::<f64>() {
        return v.is_finite().then_some(v);
    }
    let cleaned: String = text
        .trim()
        .trim_end_matches('%')
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    if cleaned.is_empty() {
        return None;
    }
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// The year in which a school year's exams are taken: "2015-2016", "2015/16"
/// and "2015–2016" give 2016. `None` for anything else (a plain year included).
pub(crate) fn parse_school_year(text: &str) -> Option<u16> {
    let (first, second) = text.trim().split_once(['-', '/', '–', '—'])?;
    let first = first.trim();
    if first.len() != 4 {
        return None;
    }
    let first: u16 = first.parse().ok()?;
    let second = second.trim();
    let end: u16 = match second.len() {
        4 => second.parse().ok()?,
        2 => (first / 100) * 100 + second.parse::<u16>().ok()?,
        _ => return None,
    };
    (end == first + 1).then_some(end)
}

/// Whether a cell holds nothing or a common "no data" mark.
pub(crate) fn is_blank(text: &str) -> bool {
    // Every "no data" mark begins, past any punctuation, with н or n: other cells are
    // answered without folding them.
    match text.trim_start().chars().next() {
        None => return true,
        Some(c) if c.is_ascii_alphanumeric() && !matches!(c, 'n' | 'N') => return false,
        Some(c) if c.is_ascii() || matches!(c, 'н' | 'Н' | '—' | '–') => {}
        Some(_) => return false,
    }
    // Folded, a mark has no digits: "-" folds to nothing, "-5" does not.
    ["", "нд", "нетданных", "na", "nan", "null"]
        .iter()
        .any(|mark| folded(text).eq(mark.chars()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<f64>) {
        assert_eq!(parse_number(input), expected, "parsing {input:?}");
    }

    #[test]
    fn numbers_in_russian_and_english_notation() {
        check("12", Some(12.0));
        check("12,5", Some(12.5));
        check("12.5", Some(12.5));
        check("1 234,5", Some(1234.5));
        check("1\u{a0}234", Some(1234.0));
        check("45%", Some(45.0));
        check("-3", Some(-3.0));
        check("двенадцать", None);
        check("12,5,1", None);
        check("inf", None);
        check("NaN", None);
        check(" 7 ", Some(7.0));
    }

    #[test]
    fn school_years_give_the_year_of_their_exams() {
        assert_eq!(parse_school_year("2015-2016"), Some(2016));
        assert_eq!(parse_school_year("2015/16"), Some(2016));
        assert_eq!(parse_school_year(" 2024 – 2025 "), Some(2025));
        assert_eq!(parse_school_year("2015-2017"), None);
        assert_eq!(parse_school_year("2016"), None);
        assert_eq!(parse_school_year("15-16"), None);
    }

    #[test]
    fn blank_marks() {
        assert!(is_blank(""));
        assert!(is_blank(" - "));
        assert!(is_blank("н/д"));
        assert!(is_blank("нет данных"));
        assert!(!is_blank("0"));
        assert!(!is_blank("СОШ"));
        assert!(is_blank("N/A"));
        assert!(is_blank(" — "));
        assert!(!is_blank("нет"), "a word, not a mark");
    }
}
