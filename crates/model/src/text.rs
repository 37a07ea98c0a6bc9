//! Folding text for comparison: headers, categories and subjects as the analyst types them.

/// Folds a header or category for comparison: lower case, `ё` as `е`, and
/// nothing but letters and digits kept.
pub fn normalize(text: &str) -> String {
    folded(text).collect()
}

/// The characters [`normalize`] keeps, without collecting them.
pub fn folded(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .filter(|c| c.is_alphanumeric())
}

/// The longest a piece of input (a cell, a header, a reader's complaint) is quoted in a message.
pub const QUOTE_CHARS: usize = 200;

/// `text` cut to `max` characters, with `…` where it was cut: a message quotes input, and a
/// cell that swallowed a whole file through a stray quote must not make a message of megabytes.
pub fn clip(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => text.into(),
        Some((at, _)) => format!("{}…", &text[..at]).into(),
    }
}

/// Years as a list for a message: `2024, 2025`.
pub fn join_years(years: &[u16]) -> String {
    years
        .iter()
        .map(u16::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_cuts_long_text_at_a_character() {
        assert_eq!(clip("короткий", 10), "короткий");
        assert_eq!(clip("длинный текст", 7), "длинный…");
        assert_eq!(
            clip(&"я".repeat(1_000_000), QUOTE_CHARS).chars().count(),
            QUOTE_CHARS + 1
        );
    }

    #[test]
    fn normalize_folds_case_punctuation_and_yo() {
        assert_eq!(normalize("Код ОО"), "кодоо");
        assert_eq!(normalize("school_id"), "schoolid");
        assert_eq!(normalize("Призёр"), "призер");
    }
}
