//! How stable the groups are: the rows are subsampled many times and grouped
//! again the same way; a row whose group-mates keep landing in its group is
//! stable, one that keeps parting from them sits on a boundary.

use ndarray::{ArrayView2, Axis};
use rand::seq::index::sample;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;

use crate::params::ValidKSelectionParams;
use crate::select::group_into;
use crate::ClusterError;

/// Share of the rows drawn in each subsample.
pub const SUBSAMPLE_SHARE: f64 = 0.8;
/// Subsamples drawn by default.
pub const STABILITY_DRAWS: usize = 20;
/// A row grouped with fewer of its group-mates than this share is a boundary row.
pub const BOUNDARY: f64 = 0.75;

/// Co-assignment stability of a grouping.
#[derive(Debug, Clone, PartialEq)]
pub struct Stability {
    /// Per row: over the subsamples that hold it, the share of its sampled
    /// group-mates grouped with it again; 1 for a row alone in its group.
    pub rows: Vec<f64>,
    /// Per group (by label): the mean of its rows' stability.
    pub groups: Vec<f64>,
    /// Rows below [`BOUNDARY`].
    pub boundary: Vec<bool>,
    /// Subsamples drawn.
    pub draws: usize,
}

/// The stability of `labels` (a grouping of `data` within `parts`, as
/// [`crate::choose_k_within`] makes it): `draws` subsamples of
/// [`SUBSAMPLE_SHARE`] of each part's rows, seeded, each grouped again by the
/// same method into as many groups as the part has.
pub fn stability(
    data: ArrayView2<f64>,
    parts: &[usize],
    labels: &[usize],
    params: &ValidKSelectionParams,
    draws: usize,
) -> Result<Stability, ClusterError> {
    let n = data.nrows();
    if parts.len() != n || labels.len() != n {
        return Err(ClusterError::PartsLength {
            rows: n,
            parts: parts.len().min(labels.len()),
        });
    }
    let k = labels.iter().max().map_or(0, |m| m + 1);
    // Per row: group-mates seen in the same subsample, and of those grouped with it.
    let mut together = vec![0usize; n];
    let mut seen = vec![0usize; n];
    let mut rng = Xoshiro256Plus::seed_from_u64(params.kmeans().seed() ^ 0x2545_F491_4F6C_DD1D);
    for part in 0..parts.iter().max().map_or(0, |m| m + 1) {
        let rows: Vec<usize> = (0..n).filter(|&i| parts[i] == part).collect();
        let mut groups: Vec<usize> = rows.iter().map(|&i| labels[i]).collect();
        groups.sort_unstable();
        groups.dedup();
        let m = ((rows.len() as f64) * SUBSAMPLE_SHARE).round() as usize;
        if groups.len() < 2 || m < 2 * groups.len() {
            continue;
        }
        for _ in 0..draws {
            let mut drawn: Vec<usize> = sample(&mut rng, rows.len(), m)
                .into_iter()
                .map(|r| rows[r])
                .collect();
            drawn.sort_unstable();
            let sub = data.select(Axis(0), &drawn);
            let again = group_into(sub.view(), params, groups.len())?;
            // How many drawn rows of each (old group, new group) pair, and of each old group.
            let mut pair = vec![0usize; k * again.k];
            let mut old = vec![0usize; k];
            for (s, &i) in drawn.iter().enumerate() {
                pair[labels[i] * again.k + again.labels[s]] += 1;
                old[labels[i]] += 1;
            }
            for (s, &i) in drawn.iter().enumerate() {
                together[i] += pair[labels[i] * again.k + again.labels[s]] - 1;
                seen[i] += old[labels[i]] - 1;
            }
        }
    }
    let rows: Vec<f64> = (0..n)
        .map(|i| {
            if seen[i] == 0 {
                1.0
            } else {
                together[i] as f64 / seen[i] as f64
            }
        })
        .collect();
    let groups = (0..k)
        .map(|g| {
            let own: Vec<f64> = (0..n)
                .filter(|&i| labels[i] == g)
                .map(|i| rows[i])
                .collect();
            if own.is_empty() {
                1.0
            } else {
                own.iter().sum::<f64>() / own.len() as f64
            }
        })
        .collect();
    let boundary = rows.iter().map(|&s| s < BOUNDARY).collect();
    Ok(Stability {
        rows,
        groups,
        boundary,
        draws,
    })
}

#[cfg(test)]
mod tests {
    use ndarray::Array2;

    use super::*;
    use crate::{choose_k_within, KSelectionParams};

    #[test]
    fn separate_blobs_are_stable_and_the_same_seed_gives_the_same_figures() {
        // Two tight blobs of 10 rows and one row a little nearer the first.
        let mut rows = Vec::new();
        for i in 0..10 {
            rows.extend([f64::from(i) * 0.01, 0.0]);
        }
        for i in 0..10 {
            rows.extend([10.0 + f64::from(i) * 0.01, 0.0]);
        }
        rows.extend([5.0, 0.0]);
        let data = Array2::from_shape_vec((21, 2), rows).expect("shape");
        let p = KSelectionParams::default()
            .force_k(2)
            .max_group_share(1.0)
            .gap_references(0)
            .check()
            .expect("valid");
        let parts = vec![0; 21];
        let chosen = choose_k_within(data.view(), &parts, &p)
            .expect("groups")
            .chosen;
        let s = stability(data.view(), &parts, &chosen.labels, &p, 30).expect("stability");
        for i in 0..20 {
            assert!(s.rows[i] > 0.9, "row {i}: {}", s.rows[i]);
        }
        assert!(s.rows.iter().all(|v| (0.0..=1.0).contains(v)));
        assert_eq!(s.groups.len(), 2);
        // The same seed, the same figures.
        assert_eq!(
            s,
            stability(data.view(), &parts, &chosen.labels, &p, 30).expect("stability")
        );
    }

    #[test]
    fn a_row_between_two_groups_is_a_boundary_row() {
        // On an even gradient of 12 rows cut in two, the rows at the cut change
        // sides from one subsample to the next; the ends never do.
        let data = Array2::from_shape_fn((12, 1), |(i, _)| i as f64);
        let p = KSelectionParams::default()
            .force_k(2)
            .method(crate::Method::Hierarchical(crate::Linkage::Average))
            .max_group_share(1.0)
            .gap_references(0)
            .check()
            .expect("valid");
        let parts = vec![0; 12];
        let chosen = choose_k_within(data.view(), &parts, &p)
            .expect("groups")
            .chosen;
        let s = stability(data.view(), &parts, &chosen.labels, &p, 40).expect("stability");
        // The ends are stabler than the rows next to the cut.
        assert!(s.rows[0] > s.rows[5], "{:?}", s.rows);
        assert!(s.rows[11] > s.rows[6], "{:?}", s.rows);
    }
}
