use ndarray::ArrayView2;

use crate::params::ValidAdviseParams;
use crate::standing::{Standing, Status};

/// Why a base school was chosen for a low school.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PairReason {
    /// Both are in the same peer group.
    SameGroup { group: usize },
    /// The group has no base school; the nearest base school of another group was taken.
    OtherGroup { base_group: usize },
    /// The base school's composite outcome is higher by this much.
    ScoreAdvantage { difference: f64 },
    /// Of the base schools with free capacity, the closest in context.
    MostSimilar { distance: f64 },
    /// Every eligible base school was full; the least loaded one takes one more.
    OverCapacity { load: usize, capacity: usize },
}

/// A low school and the base school that supports it.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub low: usize,
    pub base: usize,
    /// Euclidean distance between the standardised contexts.
    pub context_distance: f64,
    pub reasons: Vec<PairReason>,
}

/// Gives every low school a base school: the most similar one in context among
/// the base schools of its group that still have capacity. Low schools are
/// served worst first. When every base school of the group is full, the least
/// loaded one takes one more (and the pair says so); when the group has no
/// base school, the nearest base school of any group is taken.
pub fn pair_schools(
    standings: &[Standing],
    scores: &[f64],
    context: ArrayView2<f64>,
    params: &ValidAdviseParams,
) -> Vec<Pair> {
    let distance =
        |a: usize, b: usize| -> f64 { cluster::sq_dist(context.row(a), context.row(b)).sqrt() };
    let bases: Vec<usize> = (0..standings.len())
        .filter(|&i| standings[i].status == Status::Base)
        .collect();
    let mut lows: Vec<usize> = (0..standings.len())
        .filter(|&i| standings[i].status == Status::Low)
        .collect();
    lows.sort_by(|&a, &b| {
        standings[a]
            .group
            .cmp(&standings[b].group)
            .then(scores[a].total_cmp(&scores[b]))
            .then(a.cmp(&b))
    });
    let mut load = vec![0usize; standings.len()];
    let mut pairs = Vec::with_capacity(lows.len());
    for low in lows {
        let group = standings[low].group;
        let own: Vec<usize> = bases
            .iter()
            .copied()
            .filter(|&b| standings[b].group == group)
            .collect();
        let candidates = if own.is_empty() { bases.clone() } else { own };
        // Full base schools come last; among the rest, the most similar, then the lower row.
        let full = |x: usize| load[x] >= params.capacity();
        let Some(base) = candidates.iter().copied().min_by(|&a, &b| {
            full(a)
                .cmp(&full(b))
                .then_with(|| {
                    if full(a) && full(b) {
                        load[a].cmp(&load[b])
                    } else {
                        std::cmp::Ordering::Equal
                    }
                })
                .then(distance(low, a).total_cmp(&distance(low, b)))
                .then(a.cmp(&b))
        }) else {
            continue;
        };
        let d = distance(low, base);
        let mut reasons = vec![if standings[base].group == group {
            PairReason::SameGroup { group }
        } else {
            PairReason::OtherGroup {
                base_group: standings[base].group,
            }
        }];
        reasons.push(PairReason::ScoreAdvantage {
            difference: scores[base] - scores[low],
        });
        if load[base] >= params.capacity() {
            reasons.push(PairReason::OverCapacity {
                load: load[base] + 1,
                capacity: params.capacity(),
            });
        } else {
            reasons.push(PairReason::MostSimilar { distance: d });
        }
        load[base] += 1;
        pairs.push(Pair {
            low,
            base,
            context_distance: d,
            reasons,
        });
    }
    pairs
}
