//! K-means: greedy k-means++ seeding (`seed.rs`) and Hamerly-bounded Lloyd iterations, runs in
//! parallel, each compiled for AVX2 and for baseline x86-64 and chosen at run time.

use ndarray::{Array2, ArrayView2};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;
use rayon::prelude::*;

use crate::params::ValidKMeansParams;
use crate::sq_lanes as sq;
use crate::{sq_dist, trivial, ClusterError, FlatRows};

mod seed;

use seed::{plus_plus, Start};

/// A partition of the rows into `k` groups, numbered 0..k by a fixed rule:
/// groups are ordered by their centroids compared coordinate by coordinate
/// (first column first), so numbering never depends on run order or hashing.
#[derive(Debug, Clone, PartialEq)]
pub struct Grouping {
    /// Groups made (labels run 0..k).
    pub k: usize,
    /// Group of each row.
    pub labels: Vec<usize>,
    /// One row per group.
    pub centroids: Array2<f64>,
    /// Size of each group.
    pub sizes: Vec<usize>,
    /// Sum of squared distances of rows to their group's centroid.
    pub inertia: f64,
}

impl Grouping {
    /// Builds a grouping from any labelling, with centroids, sizes, inertia and canonical numbering.
    pub fn from_labels(data: ArrayView2<f64>, labels: &[usize]) -> Grouping {
        let k = labels.iter().max().map_or(0, |m| m + 1);
        let (centroids, sizes) = centroids(data, labels, k);
        // Canonical order: centroid coordinates, then the first row of each group.
        let first_row: Vec<usize> = (0..k)
            .map(|g| labels.iter().position(|&l| l == g).unwrap_or(usize::MAX))
            .collect();
        let mut order: Vec<usize> = (0..k).filter(|&g| sizes[g] > 0).collect();
        order.sort_by(|&a, &b| {
            centroids
                .row(a)
                .iter()
                .zip(centroids.row(b).iter())
                .map(|(x, y)| x.total_cmp(y))
                .find(|o| o.is_ne())
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(first_row[a].cmp(&first_row[b]))
        });
        let mut new_label = vec![0; k];
        for (new, &old) in order.iter().enumerate() {
            new_label[old] = new;
        }
        let labels: Vec<usize> = labels.iter().map(|&l| new_label[l]).collect();
        Grouping::numbered(data, labels)
    }

    /// Builds a grouping from labels, keeping their numbers; a number no row
    /// has is an empty group (as [`crate::keep_numbers`] may leave).
    pub fn numbered(data: ArrayView2<f64>, labels: Vec<usize>) -> Grouping {
        let k = labels.iter().max().map_or(0, |m| m + 1);
        let (centroids, sizes) = self::centroids(data, &labels, k);
        let inertia = labels
            .iter()
            .enumerate()
            .map(|(i, &g)| sq_dist(data.row(i), centroids.row(g)))
            .sum();
        Grouping {
            k,
            labels,
            centroids,
            sizes,
            inertia,
        }
    }
}

/// Each group's centroid (zeros for a group without rows) and size.
pub(crate) fn centroids(
    data: ArrayView2<f64>,
    labels: &[usize],
    k: usize,
) -> (Array2<f64>, Vec<usize>) {
    let mut sums = Array2::<f64>::zeros((k, data.ncols()));
    let mut sizes = vec![0usize; k];
    for (i, &g) in labels.iter().enumerate() {
        sizes[g] += 1;
        let mut row = sums.row_mut(g);
        row += &data.row(i);
    }
    for (g, &size) in sizes.iter().enumerate() {
        if size > 0 {
            let mut row = sums.row_mut(g);
            row /= size as f64;
        }
    }
    (sums, sizes)
}

/// K-means: greedy k-means++ starts (as scikit-learn seeds), Lloyd's
/// iterations with Hamerly's bounds (a row is compared with every centre only
/// when its bounds cannot rule a change out), the runs in parallel, the run
/// with the lowest inertia kept (the first on ties). The same seed gives the
/// same grouping on any number of threads.
pub fn kmeans(data: ArrayView2<f64>, params: &ValidKMeansParams) -> Result<Grouping, ClusterError> {
    let k = params.k();
    if let Some(one) = trivial(data, k)? {
        return Ok(one);
    }
    let rows = Rows::new(data);
    let runs: Vec<Run> = (0..params.n_runs())
        .into_par_iter()
        .map(|r| {
            let mut rng = Xoshiro256Plus::seed_from_u64(
                params
                    .seed()
                    .wrapping_add((r as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)),
            );
            pulp::Arch::new().dispatch(OneRun {
                rows: &rows,
                k,
                rng: &mut rng,
                params,
            })
        })
        .collect();
    let best = runs
        .into_iter()
        .reduce(|a, b| if b.inertia < a.inertia { b } else { a })
        .ok_or(ClusterError::KMeans("no run".to_owned()))?;
    Ok(Grouping::from_labels(data, &best.labels))
}

/// One run: seeded, then Lloyd's iterations. pulp compiles `with_simd` once per
/// instruction set (AVX2 and baseline x86-64 on x86) and `Arch::dispatch` runs
/// the one the processor has; the seeding and Lloyd's iterations are
/// `#[inline(always)]` so that their loops are compiled inside each. Neither
/// reorders a sum nor fuses a multiply, so both give the same digits (tested).
struct OneRun<'a> {
    rows: &'a Rows,
    k: usize,
    rng: &'a mut Xoshiro256Plus,
    params: &'a ValidKMeansParams,
}

impl pulp::WithSimd for OneRun<'_> {
    type Output = Run;
    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) -> Run {
        let start = plus_plus(self.rows, self.k, self.rng);
        lloyd(self.rows, start, self.params)
    }
}

/// The rows, contiguous and row-major, with the mean variance of the columns.
struct Rows {
    n: usize,
    d: usize,
    flat: FlatRows,
    variance: f64,
}

impl Rows {
    fn new(data: ArrayView2<f64>) -> Rows {
        let (n, d) = data.dim();
        let flat = FlatRows::new(data);
        Rows {
            n,
            d,
            variance: mean_variance(&flat, n, d),
            flat,
        }
    }
    fn row(&self, i: usize) -> &[f64] {
        self.flat.row(i)
    }
}

/// The mean over the columns of each column's variance (divided by `n`), the
/// rows read in order: each column's sums are taken row after row.
fn mean_variance(flat: &FlatRows, n: usize, d: usize) -> f64 {
    let mut means = vec![0.0; d];
    for i in 0..n {
        for (m, v) in means.iter_mut().zip(flat.row(i)) {
            *m += v;
        }
    }
    means.iter_mut().for_each(|m| *m /= n as f64);
    let mut squares = vec![0.0; d];
    for i in 0..n {
        for ((s, v), m) in squares.iter_mut().zip(flat.row(i)).zip(&means) {
            *s += (v - m).powi(2);
        }
    }
    squares.iter().map(|s| s / n as f64).sum::<f64>() / d.max(1) as f64
}

impl Start {
    /// A start from given centres (row-major, `k` of them).
    #[cfg(test)]
    fn from_centres(rows: &Rows, centres: Vec<f64>, k: usize) -> Start {
        let (nearest, closest) = (0..rows.n)
            .map(|i| {
                let (a, u, _) = nearest_two(rows.row(i), &centres, k);
                (a, u * u)
            })
            .unzip();
        Start {
            centres,
            nearest,
            closest,
        }
    }
}

/// The outcome of one run.
struct Run {
    labels: Vec<usize>,
    inertia: f64,
}

/// The nearest and second-nearest centre of a row: (label, distance, second distance).
pub(crate) fn nearest_two(row: &[f64], centres: &[f64], k: usize) -> (usize, f64, f64) {
    let d = row.len();
    let (mut a, mut best, mut second) = (0, f64::INFINITY, f64::INFINITY);
    for j in 0..k {
        let dist = sq(row, &centres[j * d..(j + 1) * d]);
        if dist < best {
            second = best;
            best = dist;
            a = j;
        } else if dist < second {
            second = dist;
        }
    }
    (a, best.sqrt(), second.sqrt())
}

/// Lloyd's iterations from `centres` with Hamerly's bounds, until no row
/// changes group, the centres move less than the tolerance (relative to the
/// mean variance of the columns, as scikit-learn measures it) or the
/// iteration limit.
#[inline(always)]
fn lloyd(rows: &Rows, start: Start, params: &ValidKMeansParams) -> Run {
    let (n, d, k) = (rows.n, rows.d, params.k());
    let tolerance = params.tolerance() * rows.variance;
    let Start {
        mut centres,
        nearest: mut labels,
        closest,
    } = start;
    // Every other centre is at least as far as the nearest: a valid lower bound.
    let mut upper: Vec<f64> = closest.iter().map(|v| v.sqrt()).collect();
    let mut lower = upper.clone();
    // Each group's sum and count, kept up to date as rows move.
    let mut sums = vec![0.0; k * d];
    let mut counts = vec![0usize; k];
    for (i, &g) in labels.iter().enumerate() {
        counts[g] += 1;
        for (s, v) in sums[g * d..(g + 1) * d].iter_mut().zip(rows.row(i)) {
            *s += v;
        }
    }
    for _ in 0..params.max_iterations() {
        // New centres from the groups; an emptied group takes the row farthest from its centre.
        let mut relocated = false;
        for g in 0..k {
            if counts[g] == 0 {
                let far = (0..n)
                    .filter(|&i| counts[labels[i]] > 1)
                    .max_by(|&a, &b| upper[a].total_cmp(&upper[b]).then(b.cmp(&a)));
                if let Some(i) = far {
                    let old = labels[i];
                    counts[old] -= 1;
                    for (s, v) in sums[old * d..(old + 1) * d].iter_mut().zip(rows.row(i)) {
                        *s -= v;
                    }
                    labels[i] = g;
                    counts[g] = 1;
                    sums[g * d..(g + 1) * d].copy_from_slice(rows.row(i));
                    upper[i] = 0.0;
                    relocated = true;
                }
            }
        }
        let mut shift = vec![0.0; k];
        let mut moved = 0.0;
        for g in 0..k {
            if counts[g] == 0 {
                continue;
            }
            let c = &mut centres[g * d..(g + 1) * d];
            let mut s2 = 0.0;
            for (cv, sv) in c.iter_mut().zip(&sums[g * d..(g + 1) * d]) {
                let new = sv / counts[g] as f64;
                s2 += (new - *cv) * (new - *cv);
                *cv = new;
            }
            shift[g] = s2.sqrt();
            moved += s2;
        }
        // Bounds follow the centres: the assigned one moved by its shift, any other by at most the largest.
        let (mut top, mut top_g, mut next) = (0.0f64, usize::MAX, 0.0f64);
        for (g, &s) in shift.iter().enumerate() {
            if s > top {
                next = top;
                top = s;
                top_g = g;
            } else if s > next {
                next = s;
            }
        }
        // Half the distance from each centre to its nearest other centre.
        let half: Vec<f64> = (0..k)
            .map(|g| {
                (0..k)
                    .filter(|&h| h != g)
                    .map(|h| sq(&centres[g * d..(g + 1) * d], &centres[h * d..(h + 1) * d]))
                    .fold(f64::INFINITY, f64::min)
                    .sqrt()
                    / 2.0
            })
            .collect();
        let mut changed = relocated;
        for i in 0..n {
            let a = labels[i];
            upper[i] += shift[a];
            lower[i] -= if a == top_g { next } else { top };
            if relocated {
                lower[i] = 0.0;
            }
            let bound = half[a].max(lower[i]);
            if upper[i] <= bound {
                continue;
            }
            upper[i] = sq(rows.row(i), &centres[a * d..(a + 1) * d]).sqrt();
            if upper[i] <= bound {
                continue;
            }
            let (b, u, l) = nearest_two(rows.row(i), &centres, k);
            if b != a {
                labels[i] = b;
                counts[a] -= 1;
                counts[b] += 1;
                let row = rows.row(i);
                for (s, v) in sums[a * d..(a + 1) * d].iter_mut().zip(row) {
                    *s -= v;
                }
                for (s, v) in sums[b * d..(b + 1) * d].iter_mut().zip(row) {
                    *s += v;
                }
                changed = true;
            }
            upper[i] = u;
            lower[i] = l;
        }
        if !changed || moved <= tolerance {
            break;
        }
    }
    let inertia = (0..n)
        .map(|i| sq(rows.row(i), &centres[labels[i] * d..(labels[i] + 1) * d]))
        .sum();
    Run { labels, inertia }
}

#[cfg(test)]
mod tests {
    use ndarray::array;
    use rand::Rng;

    use super::*;
    use linfa::prelude::{Fit, Predict};
    use linfa::DatasetBase;
    use linfa_clustering::KMeans;

    /// K-means through linfa-clustering (Lloyd's algorithm from k-means++ starts,
    /// best of several runs): the reference the engine's own k-means is checked against.
    fn kmeans_linfa(
        data: ArrayView2<f64>,
        params: &ValidKMeansParams,
    ) -> Result<Grouping, ClusterError> {
        let k = params.k();
        if let Some(one) = trivial(data, k)? {
            return Ok(one);
        }
        let rng = Xoshiro256Plus::seed_from_u64(params.seed());
        let dataset = DatasetBase::from(data.to_owned());
        let model = KMeans::params_with_rng(k, rng)
            .n_runs(params.n_runs())
            .max_n_iterations(params.max_iterations())
            .tolerance(params.tolerance())
            .fit(&dataset)
            .map_err(|e| ClusterError::KMeans(e.to_string()))?;
        let labels = model.predict(&data.to_owned());
        Ok(Grouping::from_labels(
            data,
            labels.as_slice().unwrap_or(&labels.to_vec()),
        ))
    }

    use crate::KMeansParams;

    fn blobs() -> Array2<f64> {
        array![
            [10.0, 0.0],
            [10.2, 0.1],
            [9.9, -0.1],
            [0.0, 0.0],
            [0.1, 0.2],
            [-0.1, 0.1],
            [5.0, 9.0],
            [5.1, 9.2],
        ]
    }

    /// The run compiled for the processor's vector instructions (AVX2 where it has them) gives
    /// the digits of the run compiled for any x86-64: no sum is reordered, no multiply fused.
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn the_vector_path_gives_the_digits_of_the_baseline_path() {
        use pulp::Simd;
        if !std::arch::is_x86_feature_detected!("avx2") {
            eprintln!("NOTE: no AVX2 on this processor: the baseline path is compared with itself");
        }
        let mut rng = Xoshiro256Plus::seed_from_u64(5);
        let x = Array2::from_shape_fn((600, 7), |(i, j)| {
            (i % 5) as f64 * 3.0 + j as f64 * 0.1 + rng.gen_range(-1.0..1.0)
        });
        let rows = Rows::new(x.view());
        let params = KMeansParams::new(5).check().expect("valid");
        let run = |vector: bool| {
            let mut rng = Xoshiro256Plus::seed_from_u64(9);
            let (rows, k, rng, params) = (&rows, 5, &mut rng, &params);
            let one = OneRun {
                rows,
                k,
                rng,
                params,
            };
            match vector {
                true => pulp::Arch::new().dispatch(one),
                false => pulp::Scalar::new().vectorize(one),
            }
        };
        let (vector, baseline) = (run(true), run(false));
        assert_eq!(vector.labels, baseline.labels);
        assert_eq!(vector.inertia.to_bits(), baseline.inertia.to_bits());
    }

    #[test]
    fn separates_blobs_and_numbers_groups_by_centroid() {
        let p = KMeansParams::new(3).seed(7).check().expect("valid");
        let g = kmeans(blobs().view(), &p).expect("grouping");
        // The blob near x = 0 has the smallest first coordinate: group 0.
        assert_eq!(g.labels, vec![2, 2, 2, 0, 0, 0, 1, 1]);
        assert_eq!(g.sizes, vec![3, 2, 3]);
        assert!(g.inertia < 0.5);
    }

    #[test]
    fn same_seed_same_grouping_and_any_seed_same_numbering() {
        let a = kmeans(
            blobs().view(),
            &KMeansParams::new(3).seed(1).check().expect("valid"),
        );
        let b = kmeans(
            blobs().view(),
            &KMeansParams::new(3).seed(1).check().expect("valid"),
        );
        let c = kmeans(
            blobs().view(),
            &KMeansParams::new(3).seed(99).check().expect("valid"),
        );
        assert_eq!(a, b);
        assert_eq!(a.expect("ok").labels, c.expect("ok").labels);
    }

    #[test]
    fn lloyd_from_linfas_result_stays_there() {
        // The cross-check with the reference: started from linfa's centroids,
        // the engine's iterations keep linfa's groups and inertia.
        let data = crate::scattered(300);
        for k in [2, 3, 5] {
            let p = KMeansParams::new(k).seed(3).check().expect("valid");
            let reference = kmeans_linfa(data.view(), &p).expect("grouping");
            let rows = Rows::new(data.view());
            let start =
                Start::from_centres(&rows, reference.centroids.iter().copied().collect(), k);
            let run = lloyd(&rows, start, &p);
            let ours = Grouping::from_labels(data.view(), &run.labels);
            assert_eq!(ours.labels, reference.labels, "k = {k}");
            assert!((run.inertia - reference.inertia).abs() <= 1e-9 * reference.inertia);
        }
    }

    #[test]
    fn relabelling_is_canonical() {
        let data = blobs();
        let x = Grouping::from_labels(data.view(), &[5, 5, 5, 1, 1, 1, 3, 3]);
        assert_eq!(x.labels, vec![2, 2, 2, 0, 0, 0, 1, 1]);
        assert_eq!(x.k, 3);
    }

    #[test]
    fn degenerate_input_is_rejected() {
        let p = KMeansParams::new(3).check().expect("valid");
        assert_eq!(
            kmeans(array![[1.0], [2.0]].view(), &p),
            Err(ClusterError::TooFewRows { rows: 2, k: 3 })
        );
        assert_eq!(
            kmeans(array![[1.0], [f64::NAN], [3.0]].view(), &p),
            Err(ClusterError::NonFinite { row: 1, column: 0 })
        );
    }
}
