//! The language of user-facing text.

/// Language of user-facing text. Russian is the default: the analyst's working language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Russian: the analyst's working language.
    #[default]
    Ru,
    /// English (`--lang en`).
    En,
}

impl Lang {
    /// Picks the text for this language.
    pub fn pick<'a>(self, ru: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Ru => ru,
            Lang::En => en,
        }
    }
}
