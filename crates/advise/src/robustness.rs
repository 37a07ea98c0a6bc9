//! The low list held against the choices an analyst could reasonably have made otherwise: each
//! alternative grouping (one group fewer or more, the other method, other starts, a subsample) and each
//! school's own nearest peers as its comparison group. A school low in the chosen grouping but
//! in too few of these is borderline, to be checked, not low.

use crate::params::ValidAdviseParams;
use crate::standing::{quantile, shift, stand_in, LowTest, Place, Reason, Standing, Status};
use crate::Schools;

/// Sets each school's robustness (the share of the alternatives, the chosen grouping among
/// them, in which it is low) and makes a low school borderline when the share is below
/// `min_robustness`. Returns the overlap (Jaccard) of each alternative's low list with the
/// chosen grouping's, alternatives in order, then the nearest peers. Nothing is done without
/// alternatives.
pub(crate) fn hold_low_list(
    schools: &Schools,
    params: &ValidAdviseParams,
    standings: &mut [Standing],
) -> Vec<f64> {
    if schools.alternatives.is_empty() && schools.peers.is_empty() {
        return Vec::new();
    }
    let chosen: Vec<bool> = standings.iter().map(|s| s.status == Status::Low).collect();
    let mut low_in: Vec<usize> = chosen.iter().map(|&low| usize::from(low)).collect();
    let mut lists: Vec<Vec<bool>> = (schools.alternatives.iter())
        .map(|groups| {
            let (alternative, _) = stand_in(schools, groups, params);
            alternative
                .iter()
                .map(|s| s.status == Status::Low)
                .collect()
        })
        .collect();
    if !schools.peers.is_empty() {
        lists.push(
            (0..schools.len())
                .map(|i| low_among_peers(schools, params, i))
                .collect(),
        );
    }
    for list in &lists {
        for (count, &low) in low_in.iter_mut().zip(list) {
            *count += usize::from(low);
        }
    }
    let of = 1 + lists.len();
    for (s, &low) in standings.iter_mut().zip(&low_in) {
        let share = low as f64 / of as f64;
        s.robustness = Some(share);
        if s.status == Status::Low && share < params.min_robustness() {
            s.status = Status::Borderline;
            s.stably_low = false;
            s.reasons.push(Reason::NotRobust { low_in: low, of });
        }
    }
    lists.iter().map(|list| jaccard(&chosen, list)).collect()
}

/// Whether row `i` passes the low test among itself and its nearest peers, on the compared
/// value (adjusted for the expectation where the parameters say so).
fn low_among_peers(schools: &Schools, params: &ValidAdviseParams, i: usize) -> bool {
    let value = |j: usize| schools.scores[j] - shift(schools, params, j);
    let own = value(i);
    let mut values: Vec<f64> = std::iter::once(i)
        .chain(schools.peers[i].iter().copied())
        .map(value)
        .collect();
    values.sort_by(f64::total_cmp);
    let place = Place {
        higher: values.iter().filter(|&&v| v > own).count(),
        lower: values.iter().filter(|&&v| v < own).count(),
        ties: values
            .iter()
            .filter(|&&v| v == own)
            .count()
            .saturating_sub(1),
        size: values.len(),
        median: quantile(&values, 0.5),
    };
    let half = schools.intervals[i].1 - schools.scores[i];
    LowTest { params }.holds(own, half, &place)
}

/// The overlap of two low lists: schools in both over schools in either (1 when both are empty).
fn jaccard(a: &[bool], b: &[bool]) -> f64 {
    let both = a.iter().zip(b).filter(|(x, y)| **x && **y).count();
    let either = a.iter().zip(b).filter(|(x, y)| **x || **y).count();
    if either == 0 {
        1.0
    } else {
        both as f64 / either as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AdviseParams;

    /// Ten schools in one group: row 0 far below, row 1 a little below.
    fn schools() -> Schools {
        let scores = vec![-3.0, -1.2, 0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7];
        let n = scores.len();
        Schools::new(vec![0; n], scores, ndarray::Array2::zeros((n, 1)))
    }

    #[test]
    fn a_school_low_in_few_alternatives_is_borderline_and_one_low_in_all_stays_low() {
        let params = AdviseParams::default().check().expect("valid");
        let mut s = schools();
        // Two alternatives put row 1 at the median of a small group with row 0, which is
        // low everywhere.
        s.alternatives = vec![vec![1, 1, 1, 0, 0, 0, 0, 0, 0, 0]; 2];
        let (mut standings, _) = crate::stand(&s, &params);
        assert_eq!(standings[0].status, Status::Low);
        assert_eq!(standings[1].status, Status::Low);
        hold_low_list(&s, &params, &mut standings);
        assert_eq!(standings[0].status, Status::Low);
        assert_eq!(standings[0].robustness, Some(1.0));
        assert_eq!(standings[1].status, Status::Borderline);
        assert!(standings[1]
            .reasons
            .contains(&Reason::NotRobust { low_in: 1, of: 3 }));
        assert_eq!(standings[5].robustness, Some(0.0));
    }

    #[test]
    fn each_alternatives_low_list_is_compared_with_the_chosen_one() {
        let params = AdviseParams::default().check().expect("valid");
        let mut s = schools();
        // The first alternative keeps the group (the same low list); the second parts row 1
        // from row 0 (row 0 alone is low there).
        s.alternatives = vec![vec![0; 10], vec![1, 1, 1, 0, 0, 0, 0, 0, 0, 0]];
        let (mut standings, _) = crate::stand(&s, &params);
        assert_eq!(hold_low_list(&s, &params, &mut standings), [1.0, 0.5]);
        assert_eq!(jaccard(&[false, false], &[false, false]), 1.0);
        assert_eq!(
            jaccard(&[true, true, false], &[false, true, true]),
            1.0 / 3.0
        );
    }

    #[test]
    fn nearest_peers_are_one_more_comparison() {
        let params = AdviseParams::default().check().expect("valid");
        let mut s = schools();
        s.peers = (0..10)
            .map(|i| (0..10).filter(|&j| j != i).collect())
            .collect();
        assert!(low_among_peers(&s, &params, 0));
        assert!(!low_among_peers(&s, &params, 5));
        // Without alternatives nothing is held.
        let (mut standings, _) = crate::stand(&schools(), &params);
        hold_low_list(&schools(), &params, &mut standings);
        assert!(standings.iter().all(|s| s.robustness.is_none()));
    }
}
