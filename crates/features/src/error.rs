//! What can stop the profile step, with its message in both languages.

use model::text::join_years;
use model::Lang;

/// Why the profile step failed: the config names indicators or years the data does not
/// have, or no school can be ranked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeatureError {
    /// No school has both exam results and the context to be compared.
    #[error("no school has both exam results and a passport; nothing to rank")]
    NothingToRank,
    /// An extra indicator of the config has the code of a built-in one.
    #[error("the extra indicator code \"{0}\" is the code of a built-in indicator")]
    ExtraCodeClash(String),
    /// The config names an indicator that does not exist.
    #[error("{section} {code}: no indicator has this code")]
    UnknownIndicator {
        /// The config's section and key.
        section: &'static str,
        /// The code as written.
        code: String,
    },
    /// The config lists a year with no exam results.
    #[error(
        "[outcome] years: {year} has no exam results in the data (years with results: {present:?})"
    )]
    YearWithoutResults {
        /// The year listed.
        year: u16,
        /// The years that have results.
        present: Vec<u16>,
    },
    /// The config weighs an indicator that is not an outcome.
    #[error("[outcome.weights] {0}: only outcome indicators can be weighed into the composite")]
    NotAnOutcome(String),
    /// The config's `[context]` settings name an indicator that is not context.
    #[error("{section} {code}: not a context indicator (only those are set here)")]
    NotContext {
        /// The config's section and key.
        section: &'static str,
        /// The code as written.
        code: String,
    },
}

impl FeatureError {
    /// Whether the config (district.toml) is at fault, not the data.
    pub fn is_settings(&self) -> bool {
        !matches!(self, FeatureError::NothingToRank)
    }

    /// The message for the analyst.
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => match self {
                FeatureError::ExtraCodeClash(code) => format!(
                    "the extra indicator code \"{code}\" is a built-in indicator's code; \
                     choose another in the config"
                ),
                other => other.to_string(),
            },
            Lang::Ru => self.russian(),
        }
    }

    fn russian(&self) -> String {
        match self {
            FeatureError::NothingToRank => {
                "ни у одной школы нет одновременно результатов экзаменов и паспорта; ранжировать нечего"
                    .to_owned()
            }
            FeatureError::ExtraCodeClash(code) => format!(
                "код дополнительного показателя «{code}» совпадает с кодом встроенного; \
                 выберите другой в настройках"
            ),
            FeatureError::UnknownIndicator { section, code } => {
                format!("{section} {code}: показателя с таким кодом нет")
            }
            FeatureError::YearWithoutResults { year, present } => format!(
                "[outcome] years: за {year} год в данных нет результатов экзаменов (годы с результатами: {})",
                join_years(present)
            ),
            FeatureError::NotAnOutcome(code) => format!(
                "[outcome.weights] {code}: в сводный результат входят только показатели результатов"
            ),
            FeatureError::NotContext { section, code } => format!(
                "{section} {code}: не показатель условий (здесь задаются только они)"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_is_worded_in_both_languages_and_only_nothing_to_rank_is_data() {
        let errors = [
            FeatureError::NothingToRank,
            FeatureError::ExtraCodeClash("ege_index".into()),
            FeatureError::UnknownIndicator {
                section: "[outcome.weights]",
                code: "x".into(),
            },
            FeatureError::YearWithoutResults {
                year: 2019,
                present: vec![2024, 2025],
            },
            FeatureError::NotAnOutcome("rural".into()),
            FeatureError::NotContext {
                section: "[context] off",
                code: "ege_index".into(),
            },
        ];
        for e in &errors {
            let (ru, en) = (e.message(Lang::Ru), e.message(Lang::En));
            assert!(ru.chars().any(|c| ('а'..='я').contains(&c)), "{ru}");
            assert!(!en.chars().any(|c| ('а'..='я').contains(&c)), "{en}");
            assert_eq!(e.is_settings(), *e != FeatureError::NothingToRank);
        }
        assert_eq!(
            errors[3].message(Lang::Ru),
            "[outcome] years: за 2019 год в данных нет результатов экзаменов (годы с результатами: 2024, 2025)"
        );
    }
}
