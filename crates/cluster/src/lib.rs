//! Peer groups from a numeric matrix. Pure numeric: no I/O, no printing.
//!
//! Parameters follow linfa's pattern: a builder ([`KMeansParams`],
//! [`KSelectionParams`]) is checked into a valid type before anything runs.

mod alternatives;
mod continuity;
mod hierarchy;
mod kmeans;
mod params;
mod peers;
mod plane;
mod select;
mod stability;

pub use alternatives::{alternative_groupings, Alternative, MAX_WARD_ROWS};
pub use continuity::keep_numbers;
pub use hierarchy::{
    find_root, linkage, ward_vectors, Dendrogram, Linkage, Merge, WARD_MATRIX_ROWS,
};
pub use kmeans::{kmeans, Grouping};
pub use params::{
    Criterion, KMeansParams, KSelectionParams, Method, ParamError, ValidKMeansParams,
    ValidKSelectionParams, GAP_REFERENCES, MAX_GAP_REFERENCES, MAX_GROUPS,
};
pub use peers::nearest_peers;
pub use plane::{principal_plane, Plane};
pub use select::{
    calinski_harabasz, choose_k, choose_k_within, group_at_k, sampled_silhouettes, silhouette,
    silhouettes, KCandidate, KSelection, PartTree, SILHOUETTE_SAMPLE,
};
pub use stability::{stability, Stability, BOUNDARY, STABILITY_DRAWS, SUBSAMPLE_SHARE};

use ndarray::{ArrayView1, ArrayView2};

/// Why a grouping cannot be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClusterError {
    /// Fewer rows than groups asked for.
    #[error("{rows} rows cannot form {k} groups")]
    TooFewRows {
        /// Rows of the matrix.
        rows: usize,
        /// Groups asked for.
        k: usize,
    },
    /// A value is NaN or infinite.
    #[error("value at row {row}, column {column} is not a finite number")]
    NonFinite {
        /// The row.
        row: usize,
        /// The column.
        column: usize,
    },
    /// The matrix has no columns.
    #[error("the matrix has no columns")]
    NoColumns,
    /// The part numbers do not match the rows.
    #[error("{parts} part numbers for {rows} rows")]
    PartsLength {
        /// Rows of the matrix.
        rows: usize,
        /// Part numbers given.
        parts: usize,
    },
    /// Fewer distinct rows than groups forced.
    #[error("{k} groups asked of rows with only {distinct} distinct values")]
    TooFewDistinctRows {
        /// Groups asked for.
        k: usize,
        /// Distinct rows.
        distinct: usize,
    },
    /// K-means found no grouping.
    #[error("k-means failed: {0}")]
    KMeans(String),
    /// The nearest-neighbour tree refused a row (the checks before it should make this impossible).
    #[error("the nearest-rows search failed: {0}")]
    Search(String),
}

/// Rejects NaN and infinite values before any algorithm sees them.
pub(crate) fn check_finite(data: ArrayView2<f64>) -> Result<(), ClusterError> {
    if data.ncols() == 0 {
        return Err(ClusterError::NoColumns);
    }
    for ((row, column), v) in data.indexed_iter() {
        if !v.is_finite() {
            return Err(ClusterError::NonFinite { row, column });
        }
    }
    Ok(())
}

/// `n` rows of three columns, scattered by a fixed recurrence: test data
/// without a random number generator.
#[cfg(test)]
pub(crate) fn scattered(n: usize) -> ndarray::Array2<f64> {
    let mut rows = Vec::with_capacity(3 * n);
    let mut x = 0.17f64;
    for _ in 0..n {
        x = (x * 5.3 + 0.21).fract();
        let y = (x * 11.7).fract();
        rows.extend([
            x * 6.0 + (y * 3.0).floor() * 4.0,
            y * 5.0,
            (x * y * 9.0).fract(),
        ]);
    }
    ndarray::Array2::from_shape_vec((n, 3), rows).unwrap_or_default()
}

/// Rejects what no algorithm can group into `k` groups (non-finite values,
/// fewer rows than groups); one group is every row. `None`: the algorithm runs.
pub(crate) fn trivial(data: ArrayView2<f64>, k: usize) -> Result<Option<Grouping>, ClusterError> {
    check_finite(data)?;
    if data.nrows() < k {
        return Err(ClusterError::TooFewRows {
            rows: data.nrows(),
            k,
        });
    }
    Ok((k == 1).then(|| Grouping::from_labels(data, &vec![0; data.nrows()])))
}

/// Squared Euclidean distance between two slices of equal length, summed in
/// four lanes so that the compiler can use vector instructions (the hot loop
/// of k-means and of Ward on vectors).
#[inline(always)]
pub(crate) fn sq_lanes(a: &[f64], b: &[f64]) -> f64 {
    // Never given up on: the test compiles away.
    sq_lanes_unless(a, b, |_| false).unwrap_or(f64::INFINITY)
}

/// [`sq_lanes`] of `a` and `b`, or `None` as soon as the sum so far makes `worse` true. The sum
/// only grows as terms are added (each term is at least 0, and rounding keeps the order), so a
/// pair given up on would have been worse in full; a sum returned has `sq_lanes`' digits.
#[inline(always)]
pub(crate) fn sq_lanes_unless(a: &[f64], b: &[f64], worse: impl Fn(f64) -> bool) -> Option<f64> {
    let mut lanes = [0.0f64; 4];
    let ((a4, ra), (b4, rb)) = (a.as_chunks::<4>(), b.as_chunks::<4>());
    for (x, y) in a4.iter().zip(b4) {
        for l in 0..4 {
            let d = x[l] - y[l];
            lanes[l] += d * d;
        }
        if worse((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) {
            return None;
        }
    }
    let mut s = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
    for (x, y) in ra.iter().zip(rb) {
        s += (x - y) * (x - y);
    }
    Some(s)
}

/// Squared Euclidean distance between two rows.
pub fn sq_dist(a: ArrayView1<f64>, b: ArrayView1<f64>) -> f64 {
    sum_of_squares(a.iter().zip(b.iter()))
}

/// [`sq_dist`] of two rows given as slices (see [`FlatRows`]), summed in the
/// same order, so that both give the same digits.
pub(crate) fn sq_dist_rows(a: &[f64], b: &[f64]) -> f64 {
    sum_of_squares(a.iter().zip(b))
}

fn sum_of_squares<'a>(pairs: impl Iterator<Item = (&'a f64, &'a f64)>) -> f64 {
    pairs.map(|(x, y)| (x - y) * (x - y)).sum()
}

/// A table's rows end to end (row-major), each a slice: for the loops over
/// rows and pairs of rows, where an ndarray row view costs more than the
/// arithmetic it serves.
#[derive(Debug)]
pub(crate) struct FlatRows {
    d: usize,
    x: Vec<f64>,
}

impl FlatRows {
    pub(crate) fn new(data: ArrayView2<f64>) -> FlatRows {
        FlatRows {
            d: data.ncols(),
            x: match data.as_slice() {
                Some(x) => x.to_vec(),
                None => data.iter().copied().collect(),
            },
        }
    }

    pub(crate) fn row(&self, i: usize) -> &[f64] {
        &self.x[i * self.d..(i + 1) * self.d]
    }

    /// How many values a row has.
    pub(crate) fn width(&self) -> usize {
        self.d
    }
}

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng};

    use super::*;

    #[test]
    fn a_distance_given_up_on_is_worse_in_full_and_one_kept_has_the_full_digits() {
        let mut rng = rand_xoshiro::Xoshiro256Plus::seed_from_u64(7);
        let (mut kept, mut given_up) = (0, 0);
        for d in 1..=23 {
            for _ in 0..200 {
                let a: Vec<f64> = (0..d).map(|_| rng.gen_range(-3.0..3.0)).collect();
                let b: Vec<f64> = (0..d).map(|_| rng.gen_range(-3.0..3.0)).collect();
                let full = sq_lanes(&a, &b);
                let bound = rng.gen_range(0.0..full * 1.5 + 1e-9);
                match sq_lanes_unless(&a, &b, |s| s > bound) {
                    Some(s) => {
                        assert_eq!(s.to_bits(), full.to_bits());
                        kept += 1;
                    }
                    None => {
                        assert!(full > bound, "{full} given up against {bound}");
                        given_up += 1;
                    }
                }
            }
        }
        assert!(
            kept > 100 && given_up > 100,
            "{kept} kept, {given_up} given up"
        );
    }
}
