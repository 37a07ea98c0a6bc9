//! The groupings an analyst could reasonably have chosen instead of the one chosen: one group
//! fewer and one more on each side of the split, the other method at the same k (Ward for
//! k-means, k-means for a hierarchical method), k-means from other starts, and a subsample of
//! the rows grouped again with every row then joining its nearest group. Advise holds the low
//! list against them (its robustness).

use ndarray::{ArrayView2, Axis};
use rand::seq::index::sample;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;
use rayon::prelude::*;

use crate::params::{Method, ValidKSelectionParams};
use crate::select::{distinct_rows, group_at_k};
use crate::stability::SUBSAMPLE_SHARE;
use crate::ClusterError;
use crate::Linkage;

/// The most rows of a part for which the other method of k-means is Ward (above, k-means from
/// other starts again: Ward's merge tree costs time quadratic in the rows).
pub const MAX_WARD_ROWS: usize = 20_000;

/// A way of grouping otherwise than the chosen one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alternative {
    /// One group fewer in each part (at least one).
    FewerGroups,
    /// One group more in each part (at most its distinct rows).
    MoreGroups,
    /// The other method at the same k.
    OtherMethod,
    /// K-means from other starts at the same k.
    OtherSeed,
    /// The chosen method at the same k on a seeded subsample of [`SUBSAMPLE_SHARE`] of each
    /// part's rows; every row then joins the group of the nearest centroid.
    Subsample,
}

impl Alternative {
    /// Every alternative, in order.
    pub const ALL: [Alternative; 5] = [
        Alternative::FewerGroups,
        Alternative::MoreGroups,
        Alternative::OtherMethod,
        Alternative::OtherSeed,
        Alternative::Subsample,
    ];

    /// The alternative's code, as results.json writes it.
    pub fn code(self) -> &'static str {
        match self {
            Alternative::FewerGroups => "k_minus_1",
            Alternative::MoreGroups => "k_plus_1",
            Alternative::OtherMethod => "other_method",
            Alternative::OtherSeed => "other_seed",
            Alternative::Subsample => "subsample",
        }
    }
}

/// Each alternative's labels of the rows (groups numbered part by part, as
/// [`crate::choose_k_within`] numbers them), for the rows grouped by `chosen` within `parts`.
pub fn alternative_groupings(
    data: ArrayView2<f64>,
    parts: &[usize],
    chosen: &[usize],
    params: &ValidKSelectionParams,
) -> Result<Vec<(Alternative, Vec<usize>)>, ClusterError> {
    // Each alternative stands alone and is seeded of its own: they are found in parallel (Ward's
    // tree, on one core, beside the k-means ones), with the same result on any number of threads.
    Alternative::ALL
        .par_iter()
        .map(|&a| Ok((a, alternative(data, parts, chosen, params, a)?)))
        .collect()
}

/// The labels of one alternative, part by part.
fn alternative(
    data: ArrayView2<f64>,
    parts: &[usize],
    chosen: &[usize],
    params: &ValidKSelectionParams,
    a: Alternative,
) -> Result<Vec<usize>, ClusterError> {
    let mut labels = vec![0; data.nrows()];
    let mut groups = 0;
    for part in 0..parts.iter().max().map_or(0, |m| m + 1) {
        let rows: Vec<usize> = (0..parts.len()).filter(|&i| parts[i] == part).collect();
        if rows.is_empty() {
            continue;
        }
        let mut k_chosen: Vec<usize> = rows.iter().map(|&i| chosen[i]).collect();
        k_chosen.sort_unstable();
        k_chosen.dedup();
        let sub = data.select(Axis(0), &rows);
        // No more groups than the part has distinct rows.
        let k = match a {
            Alternative::FewerGroups => k_chosen.len().saturating_sub(1),
            Alternative::MoreGroups => k_chosen.len() + 1,
            Alternative::OtherMethod | Alternative::OtherSeed | Alternative::Subsample => {
                k_chosen.len()
            }
        }
        .clamp(1, distinct_rows(sub.view()).max(1));
        let method = match (a, params.method()) {
            // Ward's tree is quadratic in the rows: beyond a region's size the other method is
            // k-means from yet other starts.
            (Alternative::OtherMethod, Method::KMeans) if rows.len() > MAX_WARD_ROWS => {
                Method::KMeans
            }
            (Alternative::OtherMethod, Method::KMeans) => Method::Hierarchical(Linkage::Ward),
            (Alternative::OtherMethod, Method::Hierarchical(_)) => Method::KMeans,
            (_, m) => m,
        };
        let seed = match a {
            Alternative::OtherSeed => params.kmeans().seed().wrapping_add(1),
            Alternative::OtherMethod => params.kmeans().seed().wrapping_add(2),
            Alternative::Subsample => params.kmeans().seed().wrapping_add(3),
            _ => params.kmeans().seed(),
        };
        let p = params.alternative(method, seed, k);
        let part_labels = match a {
            _ if k <= 1 => vec![0; rows.len()],
            Alternative::Subsample => subsample_labels(sub.view(), &p, k, seed)?,
            // Only the grouping at k is needed, not the k table beside it.
            _ => group_at_k(sub.view(), k, &p)?.chosen.labels,
        };
        let made = part_labels.iter().max().map_or(0, |m| m + 1);
        for (&row, &label) in rows.iter().zip(&part_labels) {
            labels[row] = groups + label;
        }
        groups += made;
    }
    Ok(labels)
}

/// The rows grouped by way of a seeded subsample: the subsample ([`SUBSAMPLE_SHARE`] of the
/// rows, all of them when that leaves fewer than two a group) grouped into `k`, then each row
/// labelled with its nearest subsample group's centroid.
fn subsample_labels(
    data: ArrayView2<f64>,
    params: &ValidKSelectionParams,
    k: usize,
    seed: u64,
) -> Result<Vec<usize>, ClusterError> {
    let n = data.nrows();
    let m = ((n as f64) * SUBSAMPLE_SHARE).round() as usize;
    let mut drawn: Vec<usize> = if m >= 2 * k {
        let mut rng = Xoshiro256Plus::seed_from_u64(seed);
        sample(&mut rng, n, m).into_vec()
    } else {
        (0..n).collect()
    };
    drawn.sort_unstable();
    let sub = data.select(Axis(0), &drawn);
    let labels = group_at_k(sub.view(), k, params)?.chosen.labels;
    let groups = labels.iter().max().map_or(0, |m| m + 1);
    let (centroids, _) = crate::kmeans::centroids(sub.view(), &labels, groups);
    let centres: Vec<f64> = centroids.iter().copied().collect();
    let rows = crate::FlatRows::new(data);
    Ok((0..n)
        .map(|i| crate::kmeans::nearest_two(rows.row(i), &centres, groups).0)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::KSelectionParams;

    #[test]
    fn each_alternative_groups_every_row_with_its_own_k() {
        // Three clear clumps of four rows in one part, one clump of four in another.
        let rows: Vec<[f64; 2]> = [(0.0, 0.0), (10.0, 0.0), (0.0, 10.0), (20.0, 20.0)]
            .iter()
            .flat_map(|&(x, y)| (0..4).map(move |k| [x + 0.1 * k as f64, y - 0.1 * k as f64]))
            .collect();
        let data = ndarray::Array2::from_shape_fn((16, 2), |(i, j)| rows[i][j]);
        let parts: Vec<usize> = (0..16).map(|i| usize::from(i >= 12)).collect();
        let chosen: Vec<usize> = (0..16).map(|i| (i / 4).min(3)).collect();
        let params = KSelectionParams::default()
            .min_group_size(1)
            .check()
            .expect("valid");
        let alternatives =
            alternative_groupings(data.view(), &parts, &chosen, &params).expect("made");
        let k_of = |labels: &[usize], part: usize| {
            let mut l: Vec<usize> = (0..16)
                .filter(|&i| parts[i] == part)
                .map(|i| labels[i])
                .collect();
            l.sort_unstable();
            l.dedup();
            l.len()
        };
        for (a, labels) in &alternatives {
            assert_eq!(labels.len(), 16);
            let expected = match a {
                Alternative::FewerGroups => (2, 1),
                Alternative::MoreGroups => (4, 2),
                Alternative::OtherMethod | Alternative::OtherSeed | Alternative::Subsample => {
                    (3, 1)
                }
            };
            assert_eq!((k_of(labels, 0), k_of(labels, 1)), expected, "{a:?}");
            // No group mixes the parts.
            assert!(
                (0..12).all(|i| (12..16).all(|j| labels[i] != labels[j])),
                "{a:?}"
            );
        }
    }

    #[test]
    fn the_alternatives_are_the_same_on_one_thread_and_on_several_in_their_order() {
        // 300 rows in two parts, spread so that every alternative has work to do.
        let data = ndarray::Array2::from_shape_fn((300, 3), |(i, j)| {
            ((i * 7919 + j * 104_729) % 997) as f64 / 97.0 + (i % 5) as f64
        });
        let parts: Vec<usize> = (0..300).map(|i| usize::from(i % 3 == 0)).collect();
        let chosen: Vec<usize> = (0..300)
            .map(|i| 2 * (i % 3 == 0) as usize + i % 2)
            .collect();
        let params = KSelectionParams::default().check().expect("valid");
        let on = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("pool");
            pool.install(|| alternative_groupings(data.view(), &parts, &chosen, &params))
                .expect("made")
        };
        let one = on(1);
        let order: Vec<Alternative> = one.iter().map(|&(a, _)| a).collect();
        assert_eq!(order, Alternative::ALL);
        assert_eq!(one, on(4));
    }
}
