//! Closed sets of values written in the input as Russian or English words (exam kinds,
//! qualifications, settlements, school kinds, olympiad stages and results, indicator roles).

use crate::lang::Lang;
use crate::text::normalize;

/// A closed set of values written in the input as Russian or English words.
pub trait Category: Copy + Sized + 'static {
    /// Every value, in display order.
    const ALL: &'static [Self];
    /// Accepted spellings; the first is the Russian label, the second the English one.
    fn spellings(self) -> &'static [&'static str];

    /// The value's label in `lang` (its first spelling in Russian, its second in English).
    fn label(self, lang: Lang) -> &'static str {
        let s = self.spellings();
        lang.pick(s[0], s[1])
    }

    /// Parses a cell, ignoring case, spaces, punctuation and ё/е.
    fn parse(text: &str) -> Option<Self> {
        // Exact spellings first: no folding for the common case.
        let trimmed = text.trim();
        if let Some(v) = Self::ALL
            .iter()
            .copied()
            .find(|v| v.spellings().contains(&trimmed))
        {
            return Some(v);
        }
        let key = normalize(text);
        // A cell of punctuation alone ("—", ".") is no value: folded, it would equal a spelling
        // of punctuation alone ("+", "-") of another meaning.
        if key.is_empty() {
            return None;
        }
        Self::ALL
            .iter()
            .copied()
            .find(|v| v.spellings().iter().any(|s| normalize(s) == key))
    }

    /// The accepted values, for error messages.
    fn expected(lang: Lang) -> String {
        Self::ALL
            .iter()
            .map(|v| v.label(lang))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

macro_rules! category {
    ($(#[$m:meta])* $name:ident { $($variant:ident => [$($s:literal),+]),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name { $(#[doc = concat!("Written as: ", $("«", $s, "» "),+)] $variant),+ }
        impl Category for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];
            fn spellings(self) -> &'static [&'static str] {
                match self { $($name::$variant => &[$($s),+]),+ }
            }
        }
    };
}

pub(crate) use category;

category!(
    /// State exam or check-up test.
    ExamKind {
        Ege => ["ЕГЭ", "EGE"],
        Oge => ["ОГЭ", "OGE"],
        Vpr => ["ВПР", "VPR"],
    }
);

category!(
    /// A teacher's qualification category after certification (аттестация).
    Qualification {
        Highest => ["высшая", "highest", "высшая категория"],
        First => ["первая", "first", "первая категория"],
        Conformity => ["СЗД", "conformity", "соответствие занимаемой должности", "соответствие"],
        NoCategory => ["без категории", "none", "нет", "б/к"],
    }
);

category!(
    /// Urban or rural location.
    Settlement {
        Urban => ["город", "urban", "городская", "городское", "г"],
        Rural => ["село", "rural", "сельская", "сельское", "с"],
    }
);

category!(
    /// Kind of school by the grades it teaches and its profile.
    SchoolKind {
        Primary => ["НОШ", "primary", "начальная"],
        Basic => ["ООШ", "basic", "основная"],
        Secondary => ["СОШ", "secondary", "средняя"],
        Gymnasium => ["гимназия", "gymnasium"],
        Lyceum => ["лицей", "lyceum"],
    }
);

category!(
    /// Stage of the all-Russian school olympiad.
    OlympiadStage {
        School => ["школьный", "school"],
        Municipal => ["муниципальный", "municipal"],
        Regional => ["региональный", "regional"],
        Final => ["заключительный", "final", "всероссийский"],
    }
);

category!(
    /// A student's result at an olympiad stage.
    OlympiadResult {
        Participant => ["участник", "participant"],
        PrizeWinner => ["призёр", "prize_winner", "призер", "prize winner"],
        Winner => ["победитель", "winner"],
    }
);

category!(
    /// What an indicator is used for.
    Role {
        Context => ["контекст", "context"],
        Outcome => ["результат", "outcome"],
        Resource => ["ресурс", "resource"],
    }
);

impl Role {
    /// The role's code, as results.json and the config write it.
    pub fn code(self) -> &'static str {
        self.spellings()[1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check<C: Category + PartialEq + std::fmt::Debug>(input: &str, expected: Option<C>) {
        assert_eq!(C::parse(input), expected, "parsing {input:?}");
    }

    #[test]
    fn categories_parse_russian_and_english_spellings() {
        check("ЕГЭ", Some(ExamKind::Ege));
        check(" егэ ", Some(ExamKind::Ege));
        check("OGE", Some(ExamKind::Oge));
        check("Призёр", Some(OlympiadResult::PrizeWinner));
        check("призер", Some(OlympiadResult::PrizeWinner));
        check(
            "Соответствие занимаемой должности",
            Some(Qualification::Conformity),
        );
        check("без категории", Some(Qualification::NoCategory));
        check("сельская", Some(Settlement::Rural));
        check::<ExamKind>("ОГЕ экзамен", None);
    }

    #[test]
    fn labels_follow_language() {
        assert_eq!(ExamKind::Vpr.label(Lang::Ru), "ВПР");
        assert_eq!(ExamKind::Vpr.label(Lang::En), "VPR");
        assert_eq!(
            Settlement::expected(Lang::En),
            "urban, rural",
            "expected list is built from the English labels"
        );
    }
}
