//! The targets of support of the Krasnogorsky practice (seed 002): ШНОР, schools with low
//! educational results — the engine's own low list; ШНСУ, schools in unfavourable social
//! conditions — the district's quarter of schools whose conditions lead one to expect the lowest
//! results (the expectation of `features`, made of the conditions alone).

use crate::{Standing, Status};

/// The share of the district's ranked schools counted as in unfavourable conditions.
pub const UNFAVOURABLE_SHARE: f64 = 0.25;

/// Which schools are targets of support, one entry per row each.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Targets {
    /// ШНОР: a low school (stably low or not; a borderline school is not, until checked).
    pub low_results: Vec<bool>,
    /// ШНСУ: among the [`UNFAVOURABLE_SHARE`] of schools with the lowest expected result
    /// (ties at the boundary included).
    pub unfavourable_conditions: Vec<bool>,
}

/// The targets among the ranked schools, from their standings and the result their conditions
/// lead one to expect (a value that is not a number is never unfavourable).
pub fn targets(standings: &[Standing], expected: &[f64]) -> Targets {
    let mut sorted: Vec<f64> = expected.iter().copied().filter(|v| v.is_finite()).collect();
    sorted.sort_by(f64::total_cmp);
    let quarter = (sorted.len() as f64 * UNFAVOURABLE_SHARE).ceil() as usize;
    let boundary = quarter.checked_sub(1).and_then(|k| sorted.get(k)).copied();
    Targets {
        low_results: standings.iter().map(|s| s.status == Status::Low).collect(),
        unfavourable_conditions: (expected.iter())
            .map(|&e| boundary.is_some_and(|b| e.is_finite() && e <= b))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standing(status: Status) -> Standing {
        Standing {
            group: 0,
            group_size: 1,
            rank: 1,
            percentile: 0.0,
            compared: 0.0,
            interval: (0.0, 0.0),
            gap_to_median: 0.0,
            gap_to_top_quarter: 0.0,
            status,
            stably_low: false,
            low_years: Vec::new(),
            sliding: None,
            reasons: Vec::new(),
            robustness: None,
            doubts: Vec::new(),
        }
    }

    #[test]
    fn low_results_are_the_low_list_and_nothing_else() {
        let statuses = [
            Status::Low,
            Status::Borderline,
            Status::Base,
            Status::Regular,
        ];
        let standings: Vec<Standing> = statuses.into_iter().map(standing).collect();
        let t = targets(&standings, &[0.0; 4]);
        assert_eq!(t.low_results, [true, false, false, false]);
    }

    #[test]
    fn unfavourable_conditions_are_the_quarter_expected_to_do_worst() {
        let standings: Vec<Standing> = (0..8).map(|_| standing(Status::Regular)).collect();
        let expected = [0.3, -1.2, 0.0, -0.4, 0.9, -0.8, 0.1, 0.5];
        let t = targets(&standings, &expected);
        // A quarter of eight: the two lowest, -1.2 and -0.8.
        assert_eq!(
            t.unfavourable_conditions,
            [false, true, false, false, false, true, false, false]
        );
        // Nine schools: a quarter is 2.25, so three; a tie at the boundary is in too.
        let expected = [0.0, -1.0, -2.0, -0.5, -0.5, 1.0, 2.0, 3.0, 4.0];
        let t = targets(&[], &expected);
        assert_eq!(
            t.unfavourable_conditions,
            [false, true, true, true, true, false, false, false, false]
        );
        // No number, never unfavourable; nothing to rank, none.
        let t = targets(&[], &[f64::NAN, -5.0, 1.0, 2.0]);
        assert_eq!(t.unfavourable_conditions, [false, true, false, false]);
        assert!(targets(&[], &[]).unfavourable_conditions.is_empty());
    }
}
