//! What is not published: a school's exam statistics (its exam indices, means and shares,
//! each year's and their trends, its subjects' mean scores, its regional-criteria shares)
//! resting on fewer pupils than `[privacy] min_pupils`: a mean of one pupil is that pupil's
//! score. They count in the analysis; every output shows them empty, and results.json's
//! manifest lists them (`manifest.suppressed`). The composite score, the ranked value, stays.

use features::{Indicator, Profiles};
use serde::Serialize;

/// The threshold and the counts it is held against.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Privacy<'a> {
    profiles: &'a Profiles,
    /// Pupils below which a value is not published (0: every value is).
    min: u32,
}

/// A school's values not published, by where they would have been.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SuppressedDoc {
    /// The school.
    pub school_id: String,
    /// Each value left empty, as a path in results.json: `indicators.oge_mean_score`,
    /// `by_year.2025.oge_mean_score`, `trend.oge_mean_score`,
    /// `diagnosis.subjects.ОГЭ математика`, `criteria.ege_160_on_3_pct`.
    pub values: Vec<String>,
}

impl<'a> Privacy<'a> {
    pub(crate) fn new(profiles: &'a Profiles, min: u32) -> Self {
        Privacy { profiles, min }
    }

    /// Whether `indicator`'s value of the ranked `row` is withheld: over the years used
    /// (`slot` `None`) or in the year of the window's `slot`.
    pub(crate) fn hides(&self, indicator: &Indicator, row: usize, slot: Option<usize>) -> bool {
        let Some(kind) = indicator.exam() else {
            return false;
        };
        let counts = self.profiles.pupils.get(&kind);
        let pupils = match (counts, slot) {
            (None, _) => 0,
            (Some(c), None) => c.window[row],
            (Some(c), Some(y)) => c.by_year[y][row],
        };
        pupils < self.min
    }

    /// Whether a subject's mean score of `takers` pupils is withheld.
    pub(crate) fn hides_subject(&self, takers: f64) -> bool {
        takers < f64::from(self.min)
    }

    /// Whether the regional-criteria shares of the school at district position `i` are
    /// withheld (its ЕГЭ pupils of the criteria's latest year).
    pub(crate) fn hides_criteria(&self, i: usize) -> bool {
        let pupils = self.profiles.criteria.ege_pupils.get(i).copied();
        pupils.unwrap_or(0) < self.min
    }
}

/// `value`, unless `hidden`: then `None`, and `path` noted in `withheld` if there was a value.
pub(crate) fn publish<T>(
    value: Option<T>,
    hidden: bool,
    path: impl FnOnce() -> String,
    withheld: &mut Vec<String>,
) -> Option<T> {
    match (value, hidden) {
        (Some(_), true) => {
            withheld.push(path());
            None
        }
        (value, _) => value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hidden_value_is_noted_and_an_empty_one_is_not() {
        let mut withheld = Vec::new();
        assert_eq!(publish(Some(3.0), true, || "a".into(), &mut withheld), None);
        assert_eq!(
            publish(None::<f64>, true, || "b".into(), &mut withheld),
            None
        );
        assert_eq!(
            publish(Some(4.0), false, || "c".into(), &mut withheld),
            Some(4.0)
        );
        assert_eq!(withheld, vec!["a"]);
    }
}
