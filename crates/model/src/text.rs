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
    fn normalize_folds_case_punctuation_and_yo() {
        assert_eq!(normalize("Код ОО"), "кодоо");
        assert_eq!(normalize("school_id"), "schoolid");
        assert_eq!(normalize("Призёр"), "призер");
    }
}
