//! What a header says, as words: for matching headers as regional forms write them
//! ("Доля детей из малообеспеченных семей, %" for `малообеспеченные, %`).
//!
//! A header's words are its letters and digits split at everything else, in lower case with
//! `ё` as `е`, `не` joined to the word after it, each word cut to its stem (Snowball: Russian
//! for Cyrillic words, English for the rest), with the words that only say how a value is
//! given dropped ("доля", "%", "кол-во", "число", prepositions, units). Two headers say the
//! same when their sets of words are equal, so word order and endings do not matter; failing
//! that, when they are equal once the words for who is counted ("детей", "обучающихся",
//! "семей") are set aside too, provided something is left.

use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

/// Words that say how a value is given, not what it is (before stemming).
const FILLER: &[&str] = &[
    "доля",
    "процент",
    "процентов",
    "число",
    "количество",
    "кол",
    "во",
    "численность",
    "из",
    "с",
    "со",
    "для",
    "в",
    "на",
    "по",
    "и",
    "которых",
    "который",
    "которые",
    "чел",
    "человек",
    "ед",
    "шт",
    "км",
    "лет",
    "всего",
    "показатель",
    "значение",
    "of",
    "the",
    "number",
    "share",
    "count",
    "pct",
    "percent",
    "in",
    "with",
    "per",
    "a",
];

/// Words for who is counted (stems), set aside when the rest is not empty.
const COUNTED: &[&str] = &["дет", "обуча", "сем", "children", "famili"];

/// Stems that name the same people: the first of each pair is read as the second.
const SYNONYMS: &[(&str, &str)] = &[
    ("уча", "обуча"),
    ("ученик", "обуча"),
    ("школьник", "обуча"),
    ("child", "children"),
];

/// The words of a header: all of them, and those left without the words for who is counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderWords {
    /// Every meaningful word's stem, sorted, each once.
    pub words: Vec<String>,
    /// `words` less the words for who is counted.
    pub core: Vec<String>,
}

impl HeaderWords {
    /// The words of `header`.
    pub fn of(header: &str) -> Self {
        let mut words = stems(header);
        words.sort_unstable();
        words.dedup();
        let core = words
            .iter()
            .filter(|w| !COUNTED.contains(&w.as_str()))
            .cloned()
            .collect();
        HeaderWords { words, core }
    }

    /// Whether two headers say the same (see the module's documentation).
    pub fn same(&self, other: &HeaderWords) -> bool {
        !self.words.is_empty()
            && (self.words == other.words || (!self.core.is_empty() && self.core == other.core))
    }

    /// How many words two headers share.
    pub fn shared(&self, other: &HeaderWords) -> usize {
        self.words
            .iter()
            .filter(|w| other.words.contains(w))
            .count()
    }
}

/// The stems of a header's meaningful words, in order.
fn stems(header: &str) -> Vec<String> {
    let lower: String = header
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect();
    let mut out = Vec::new();
    let mut negated = false;
    for word in lower.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        if word == "не" {
            negated = true;
            continue;
        }
        let word = if std::mem::take(&mut negated) {
            format!("не{word}")
        } else if FILLER.contains(&word) {
            continue;
        } else {
            word.to_owned()
        };
        out.push(synonym(stem(&word)));
    }
    out
}

/// A word's Snowball stem: Russian for a Cyrillic word, English otherwise.
fn stem(word: &str) -> String {
    static RU: OnceLock<Stemmer> = OnceLock::new();
    static EN: OnceLock<Stemmer> = OnceLock::new();
    let cyrillic = word.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c));
    let stemmer = if cyrillic {
        RU.get_or_init(|| Stemmer::create(Algorithm::Russian))
    } else {
        EN.get_or_init(|| Stemmer::create(Algorithm::English))
    };
    stemmer.stem(word).into_owned()
}

fn synonym(stem: String) -> String {
    SYNONYMS
        .iter()
        .find(|(from, _)| *from == stem)
        .map_or(stem, |(_, to)| (*to).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) -> bool {
        HeaderWords::of(a).same(&HeaderWords::of(b))
    }

    #[test]
    fn regional_forms_say_what_the_short_names_say() {
        assert!(same(
            "Доля детей из малообеспеченных семей, %",
            "малообеспеченные, %"
        ));
        assert!(same("Доля детей с ОВЗ, %", "ОВЗ, %"));
        assert!(same(
            "Доля детей, для которых русский язык не родной, %",
            "неродной русский язык, %"
        ));
        assert!(same("Кол-во обучающихся, чел.", "обучающихся"));
        assert!(same("Численность учащихся", "обучающихся"));
        assert!(same("Стаж, лет", "стаж"));
        assert!(same("number of students", "students"));
        assert!(same(
            "Образование родителей высшее, %",
            "родители с высшим образованием, %"
        ));
    }

    #[test]
    fn different_things_stay_different() {
        assert!(!same("средний балл", "балл"));
        assert!(!same("код участника", "участников"));
        assert!(!same("родной язык", "неродной язык"));
        assert!(!same("число обучающихся", "доля детей"));
        assert!(
            !same("%", "%"),
            "a header of filler words alone says nothing"
        );
    }
}
