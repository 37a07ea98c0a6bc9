//! Choosing k: every k scored by silhouette, Calinski–Harabasz and the gap statistic under the
//! group-size rules, over the whole table or within each part of the rows apart.

use ndarray::{Array2, ArrayView2, Axis};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256Plus;
use rayon::prelude::*;

use crate::hierarchy::{linkage, Dendrogram};
use crate::kmeans::{kmeans, Grouping};
use crate::params::{Criterion, Method, ValidKSelectionParams};
use crate::{check_finite, sq_dist, ClusterError, FlatRows};

/// One k that was tried, with every score.
#[derive(Debug, Clone, PartialEq)]
pub struct KCandidate {
    /// The part of the rows it was tried on (see [`choose_k_within`]); 0 when there is one.
    pub part: usize,
    /// The number of groups.
    pub k: usize,
    /// Mean silhouette width (−1..1, higher is better).
    pub silhouette: f64,
    /// Between-group over within-group dispersion, each per degree of freedom (higher is better).
    pub calinski_harabasz: f64,
    /// The gap statistic and its standard error; `None` without reference data sets.
    pub gap: Option<(f64, f64)>,
    /// Within-group sum of squares.
    pub inertia: f64,
    /// Rows in the smallest group.
    pub smallest_group: usize,
    /// Rows in the largest group.
    pub largest_group: usize,
    /// Every group has at least the minimum size and at most the maximum share of rows.
    pub admissible: bool,
}

/// The merge tree of one part of the rows (hierarchical methods).
#[derive(Debug, Clone, PartialEq)]
pub struct PartTree {
    /// The part of the rows.
    pub part: usize,
    /// The part's rows, by position in the whole data; leaf `i` of the tree is `rows[i]`.
    pub rows: Vec<usize>,
    /// The part's merge tree.
    pub tree: Dendrogram,
}

/// The k that was chosen and why.
#[derive(Debug, Clone, PartialEq)]
pub struct KSelection {
    /// Every k tried, in increasing order (part by part).
    pub candidates: Vec<KCandidate>,
    /// The grouping chosen.
    pub chosen: Grouping,
    /// The merge trees, for hierarchical methods.
    pub trees: Vec<PartTree>,
}

/// Groups rows into k groups by the chosen method: k-means per k, or one tree cut at each k.
enum Grouper<'a> {
    KMeans(&'a ValidKSelectionParams),
    Tree(Dendrogram),
}

impl<'a> Grouper<'a> {
    /// The merge tree of a hierarchical method over the `n` rows, as part 0's; none for k-means.
    fn into_trees(self, n: usize) -> Vec<PartTree> {
        match self {
            Grouper::Tree(tree) => vec![PartTree {
                part: 0,
                rows: (0..n).collect(),
                tree,
            }],
            Grouper::KMeans(_) => Vec::new(),
        }
    }

    fn new(
        data: ArrayView2<f64>,
        params: &'a ValidKSelectionParams,
    ) -> Result<Grouper<'a>, ClusterError> {
        Ok(match params.method() {
            Method::KMeans => Grouper::KMeans(params),
            Method::Hierarchical(l) if data.nrows() >= 2 => Grouper::Tree(linkage(data, l)?),
            Method::Hierarchical(_) => Grouper::KMeans(params),
        })
    }

    fn group(&self, data: ArrayView2<f64>, k: usize) -> Result<Grouping, ClusterError> {
        match self {
            Grouper::KMeans(p) => {
                let p = p
                    .kmeans()
                    .with_k(k)
                    .map_err(|e| ClusterError::KMeans(e.to_string()))?;
                kmeans(data, &p)
            }
            Grouper::Tree(t) => Ok(Grouping::from_labels(data, &t.cut(k))),
        }
    }
}

/// `data` grouped into `k` groups by the method of `params`.
pub(crate) fn group_into(
    data: ArrayView2<f64>,
    params: &ValidKSelectionParams,
    k: usize,
) -> Result<Grouping, ClusterError> {
    Grouper::new(data, params)?.group(data, k)
}

/// The Calinski–Harabasz index of a grouping: `(B / (k − 1)) / (W / (n − k))`,
/// `B` and `W` the between- and within-group sums of squares; 0 for one group.
pub fn calinski_harabasz(data: ArrayView2<f64>, g: &Grouping) -> f64 {
    let n = data.nrows();
    if g.k < 2 || n <= g.k {
        return 0.0;
    }
    let mean = data.mean_axis(Axis(0)).unwrap_or_default();
    let total: f64 = data
        .rows()
        .into_iter()
        .map(|r| sq_dist(r, mean.view()))
        .sum();
    let within = g.inertia;
    let between = total - within;
    if within <= 0.0 {
        return f64::INFINITY;
    }
    (between / (g.k - 1) as f64) / (within / (n - g.k) as f64)
}

/// Tries each k of the range with the chosen method, scores it (silhouette,
/// Calinski–Harabasz, gap statistic) and keeps the admissible k the criterion
/// prefers, or the forced k. A k is admissible when every group has at least
/// the minimum size and none holds more than the maximum share of rows. When
/// no k qualifies (too few rows, or no partition meets the size rules), all
/// rows form one group.
pub fn choose_k(
    data: ArrayView2<f64>,
    params: &ValidKSelectionParams,
) -> Result<KSelection, ClusterError> {
    check_finite(data)?;
    let n = data.nrows();
    // k-means cannot make more groups than there are distinct rows.
    let distinct = distinct_rows(data);
    if let Some(k) = params.forced_k() {
        if k > distinct {
            return Err(ClusterError::TooFewDistinctRows { k, distinct });
        }
    }
    let grouper = Grouper::new(data, params)?;
    let ks: Vec<usize> = params
        .k_range(n)
        .take_while(|&k| k <= distinct && k >= 1)
        .collect();
    let mut groupings = ks
        .iter()
        .map(|&k| grouper.group(data, k))
        .collect::<Result<Vec<_>, _>>()?;
    let inertias: Vec<f64> = groupings.iter().map(|g| g.inertia).collect();
    let gaps = gap_statistic(data, params, &ks, &inertias)?;
    let labellings: Vec<&[usize]> = groupings.iter().map(|g| g.labels.as_slice()).collect();
    let silhouettes = sampled_silhouettes(data, &labellings, params.kmeans().seed());
    let mut candidates = Vec::new();
    for (((&k, gap), grouping), silhouette) in ks.iter().zip(gaps).zip(&groupings).zip(silhouettes)
    {
        let smallest_group = grouping.sizes.iter().copied().min().unwrap_or(0);
        let largest_group = grouping.sizes.iter().copied().max().unwrap_or(0);
        let admissible = grouping.k == k
            && smallest_group >= params.min_group_size()
            && largest_group <= params.max_group_size(n);
        candidates.push(KCandidate {
            part: 0,
            k,
            silhouette,
            calinski_harabasz: calinski_harabasz(data, grouping),
            gap,
            inertia: grouping.inertia,
            smallest_group,
            largest_group,
            admissible,
        });
    }
    let chosen = match params.forced_k() {
        Some(k) => match ks.iter().position(|&c| c == k) {
            Some(i) => groupings.swap_remove(i),
            None => grouper.group(data, k)?,
        },
        None => match pick(&candidates, params.criterion()) {
            Some(i) => groupings.swap_remove(i),
            None => Grouping::from_labels(data, &vec![0; n]),
        },
    };
    Ok(KSelection {
        candidates,
        chosen,
        trees: grouper.into_trees(n),
    })
}

/// The rows in exactly `k` groups by the method of `params`, with no other k scored: what a
/// forced k needs (the grouping, and the tree of a hierarchical method), without the k table
/// [`choose_k`] computes beside it. The grouping is the one [`choose_k`] returns for a forced k.
pub fn group_at_k(
    data: ArrayView2<f64>,
    k: usize,
    params: &ValidKSelectionParams,
) -> Result<KSelection, ClusterError> {
    check_finite(data)?;
    let distinct = distinct_rows(data);
    if k > distinct {
        return Err(ClusterError::TooFewDistinctRows { k, distinct });
    }
    let grouper = Grouper::new(data, params)?;
    let chosen = grouper.group(data, k)?;
    Ok(KSelection {
        candidates: Vec::new(),
        chosen,
        trees: grouper.into_trees(data.nrows()),
    })
}

/// The candidate the criterion prefers among the admissible ones (the smaller k on ties).
fn pick(candidates: &[KCandidate], criterion: Criterion) -> Option<usize> {
    let admissible = || (0..candidates.len()).filter(|&i| candidates[i].admissible);
    let best_by = |score: &dyn Fn(&KCandidate) -> f64| {
        admissible().fold(None, |best: Option<usize>, i| match best {
            Some(b) if score(&candidates[b]) >= score(&candidates[i]) => Some(b),
            _ => Some(i),
        })
    };
    match criterion {
        Criterion::Silhouette => best_by(&|c| c.silhouette),
        Criterion::CalinskiHarabasz => best_by(&|c| c.calinski_harabasz),
        Criterion::Gap => {
            let gap = |c: &KCandidate| c.gap.map_or(f64::NEG_INFINITY, |g| g.0);
            // The smallest k with Gap(k) ≥ Gap(k + 1) − s(k + 1); else the highest gap.
            admissible()
                .find(|&i| {
                    candidates.get(i + 1).is_some_and(|next| {
                        next.part == candidates[i].part
                            && next.k == candidates[i].k + 1
                            && next.gap.is_some_and(|(g, s)| gap(&candidates[i]) >= g - s)
                    })
                })
                .or_else(|| best_by(&gap))
        }
    }
}

/// The gap statistic (Tibshirani, Walther and Hastie 2001) of each k:
/// `mean_b ln W*_kb − ln W_k`, the reference data sets drawn uniformly over
/// the range of each column (seeded) and grouped by the same method (k-means
/// from one start), with its
/// standard error `sd_b(ln W*_kb) · sqrt(1 + 1/B)`; `inertias` are the
/// data's `W_k`. `None` for every k without reference sets.
fn gap_statistic(
    data: ArrayView2<f64>,
    params: &ValidKSelectionParams,
    ks: &[usize],
    inertias: &[f64],
) -> Result<Vec<Option<(f64, f64)>>, ClusterError> {
    let b = params.gap_references();
    if b == 0 || ks.is_empty() {
        return Ok(vec![None; ks.len()]);
    }
    let (n, d) = data.dim();
    let lows: Vec<f64> = (0..d)
        .map(|c| data.column(c).iter().copied().fold(f64::INFINITY, f64::min))
        .collect();
    let highs: Vec<f64> = (0..d)
        .map(|c| {
            data.column(c)
                .iter()
                .copied()
                .fold(f64::NEG_INFINITY, f64::max)
        })
        .collect();
    let log_w = |w: f64| w.max(f64::MIN_POSITIVE).ln();
    let observed: Vec<f64> = inertias.iter().map(|&w| log_w(w)).collect();
    // Uniform data have no groups to find: k-means' starts end in optima of
    // nearly the same inertia, and the B references average what differences
    // remain, so each reference is grouped from one start (ten times less work
    // than the observed data's best of ten; the references, each seeded of its
    // own, are drawn and grouped in parallel).
    let reference_params = params.for_references();
    let by_reference: Vec<Vec<f64>> = (0..b)
        .into_par_iter()
        .map(|r| {
            let mut rng = Xoshiro256Plus::seed_from_u64(
                params.kmeans().seed() ^ (0x5851_F42D_4C95_7F2D_u64.wrapping_mul(r as u64 + 1)),
            );
            let uniform = Array2::from_shape_fn((n, d), |(_, c)| {
                lows[c] + (highs[c] - lows[c]) * rng.gen::<f64>()
            });
            let grouper = Grouper::new(uniform.view(), &reference_params)?;
            ks.iter()
                .map(|&k| Ok(log_w(grouper.group(uniform.view(), k)?.inertia)))
                .collect()
        })
        .collect::<Result<_, ClusterError>>()?;
    let references: Vec<Vec<f64>> = (0..ks.len())
        .map(|i| by_reference.iter().map(|r| r[i]).collect())
        .collect();
    Ok(references
        .iter()
        .zip(observed)
        .map(|(refs, obs)| {
            let m = refs.iter().sum::<f64>() / b as f64;
            let sd = (refs.iter().map(|v| (v - m).powi(2)).sum::<f64>() / b as f64).sqrt();
            Some((m - obs, sd * (1.0 + 1.0 / b as f64).sqrt()))
        })
        .collect())
}

/// Groups each part of the rows apart, so that no group mixes parts (schools
/// that teach up to grade 9 are never the peers of full secondary schools):
/// [`choose_k`] within each part, on the part's rows. Groups are numbered part
/// by part (part 0's groups first), each part's by its own canonical rule; the
/// candidates and trees carry their part. A forced k applies to each part, at
/// most as many groups as the part has distinct rows; more than the whole has
/// is refused. `parts[i]` is the part of
/// row `i`; a part number with no rows is skipped.
pub fn choose_k_within(
    data: ArrayView2<f64>,
    parts: &[usize],
    params: &ValidKSelectionParams,
) -> Result<KSelection, ClusterError> {
    check_finite(data)?;
    if parts.len() != data.nrows() {
        return Err(ClusterError::PartsLength {
            rows: data.nrows(),
            parts: parts.len(),
        });
    }
    if let Some(k) = params.forced_k() {
        let distinct = distinct_rows(data);
        if k > distinct {
            return Err(ClusterError::TooFewDistinctRows { k, distinct });
        }
    }
    let mut labels = vec![0; data.nrows()];
    let mut candidates = Vec::new();
    let mut trees = Vec::new();
    let mut groups = 0;
    for part in 0..parts.iter().max().map_or(0, |m| m + 1) {
        let rows: Vec<usize> = (0..parts.len()).filter(|&i| parts[i] == part).collect();
        if rows.is_empty() {
            continue;
        }
        let sub = data.select(Axis(0), &rows);
        let selection = match params.forced_k() {
            Some(k) => {
                let k = k.min(distinct_rows(sub.view()));
                choose_k(sub.view(), &params.with_forced_k(k))?
            }
            None => choose_k(sub.view(), params)?,
        };
        for (&row, &label) in rows.iter().zip(&selection.chosen.labels) {
            labels[row] = groups + label;
        }
        groups += selection.chosen.k;
        candidates.extend(
            selection
                .candidates
                .into_iter()
                .map(|c| KCandidate { part, ..c }),
        );
        trees.extend(selection.trees.into_iter().map(|t| PartTree {
            part,
            rows: t.rows.iter().map(|&i| rows[i]).collect(),
            tree: t.tree,
        }));
    }
    Ok(KSelection {
        candidates,
        chosen: Grouping::numbered(data, labels),
        trees,
    })
}

pub(crate) fn distinct_rows(data: ArrayView2<f64>) -> usize {
    let mut rows: Vec<Vec<u64>> = data
        .rows()
        .into_iter()
        .map(|r| r.iter().map(|v| (v + 0.0).to_bits()).collect())
        .collect();
    rows.sort_unstable();
    rows.dedup();
    rows.len()
}

/// Mean silhouette width of a labelling (Rousseeuw 1987); a row alone in its
/// group scores 0. Returns 0 for fewer than two groups.
pub fn silhouette(data: ArrayView2<f64>, labels: &[usize]) -> f64 {
    silhouettes(data, &[labels])[0]
}

/// The mean silhouette of each labelling of the same rows, as [`silhouette`],
/// in one pass over the pairs of rows: the distances, which are most of the
/// work, are shared by all labellings, and the rows are taken in parallel
/// (each row's sums in a fixed order, so the result does not depend on the
/// threads).
pub fn silhouettes(data: ArrayView2<f64>, labellings: &[&[usize]]) -> Vec<f64> {
    let every: Vec<usize> = (0..data.nrows()).collect();
    silhouettes_over(data, labellings, &every)
}

/// Rows above which k selection estimates the mean silhouette on a sample.
pub const SILHOUETTE_SAMPLE: usize = 10_000;

/// [`silhouettes`] for up to [`SILHOUETTE_SAMPLE`] rows; above, the mean
/// silhouette of that many rows drawn without replacement (seeded), each
/// still measured against every row: an unbiased estimate whose standard
/// error is far below the differences between k, in a quarter of the time
/// at a country's 40,000 schools (the exact score is quadratic in the rows).
pub fn sampled_silhouettes(data: ArrayView2<f64>, labellings: &[&[usize]], seed: u64) -> Vec<f64> {
    silhouettes_of_sample(data, labellings, seed, SILHOUETTE_SAMPLE)
}

fn silhouettes_of_sample(
    data: ArrayView2<f64>,
    labellings: &[&[usize]],
    seed: u64,
    sample: usize,
) -> Vec<f64> {
    let n = data.nrows();
    if n <= sample {
        return silhouettes(data, labellings);
    }
    let mut rng = Xoshiro256Plus::seed_from_u64(seed ^ 0x51_1E77_E5A3_u64);
    let mut rows: Vec<usize> = (0..n).collect();
    for i in 0..sample {
        let j = rng.gen_range(i..n);
        rows.swap(i, j);
    }
    rows.truncate(sample);
    rows.sort_unstable();
    silhouettes_over(data, labellings, &rows)
}

/// Rows measured at once by [`RowSums`].
const DISTANCE_BLOCK: usize = 256;

/// One row's distances to every other row added to its sums of each labelling (`sums`, by
/// slot), compiled for the processor's vector instructions: a block of rows' distances side
/// by side, each still summed column by column in the columns' order (the digits of
/// `sq_dist_rows`, whose terms are the same squares), then added to the sums row by row in
/// the rows' order. No sum is reordered and no multiply fused, so any instruction set gives
/// the same digits.
struct RowSums<'a> {
    /// The rows' values column by column (`d` columns of `n` values).
    columns: &'a [f64],
    /// The rows.
    n: usize,
    /// The row's values.
    own: &'a [f64],
    /// The row's number (its distance to itself is not added).
    i: usize,
    /// Each row's slot in `sums` under each labelling, row by row (`width` a row).
    slot_of: &'a [usize],
    width: usize,
    sums: &'a mut [f64],
    /// A block's distances.
    block: &'a mut [f64],
}

impl pulp::WithSimd for RowSums<'_> {
    type Output = ();
    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) {
        let RowSums {
            columns,
            n,
            own,
            i,
            slot_of,
            width,
            sums,
            block,
        } = self;
        for start in (0..n).step_by(DISTANCE_BLOCK) {
            let len = DISTANCE_BLOCK.min(n - start);
            let block = &mut block[..len];
            block.iter_mut().for_each(|s| *s = 0.0);
            for (c, &x) in own.iter().enumerate() {
                let column = &columns[c * n + start..c * n + start + len];
                for (s, &y) in block.iter_mut().zip(column) {
                    *s += (x - y) * (x - y);
                }
            }
            block.iter_mut().for_each(|s| *s = s.sqrt());
            for (j, &dist) in (start..start + len).zip(block.iter()) {
                if j != i {
                    for &slot in &slot_of[j * width..(j + 1) * width] {
                        sums[slot] += dist;
                    }
                }
            }
        }
    }
}

/// The mean silhouette over `rows` of each labelling, each row against all rows.
fn silhouettes_over(data: ArrayView2<f64>, labellings: &[&[usize]], rows: &[usize]) -> Vec<f64> {
    let n = data.nrows();
    let groups: Vec<usize> = labellings
        .iter()
        .map(|l| l.iter().max().map_or(0, |m| m + 1))
        .collect();
    let sizes: Vec<Vec<usize>> = labellings
        .iter()
        .zip(&groups)
        .map(|(labels, &k)| {
            let mut sizes = vec![0usize; k];
            labels.iter().for_each(|&l| sizes[l] += 1);
            sizes
        })
        .collect();
    let offsets: Vec<usize> = groups
        .iter()
        .scan(0, |at, &k| {
            let start = *at;
            *at += k;
            Some(start)
        })
        .collect();
    let slots = groups.iter().sum::<usize>();
    let flat = FlatRows::new(data);
    let columns: Vec<f64> = data.t().iter().copied().collect();
    // Each row's sum slot under each labelling, side by side.
    let slot_of: Vec<usize> = (0..n)
        .flat_map(|j| (labellings.iter().zip(&offsets)).map(move |(labels, &at)| at + labels[j]))
        .collect();
    // Each row's silhouette under each labelling.
    let per_row: Vec<Vec<f64>> = rows
        .par_iter()
        .copied()
        .map_init(
            || (vec![0.0; slots], vec![0.0; DISTANCE_BLOCK]),
            |(sums, block), i| {
                sums.iter_mut().for_each(|s| *s = 0.0);
                pulp::Arch::new().dispatch(RowSums {
                    columns: &columns,
                    n,
                    own: flat.row(i),
                    i,
                    slot_of: &slot_of,
                    width: labellings.len(),
                    sums,
                    block,
                });
                (0..labellings.len())
                    .map(|c| {
                        let (sums, sizes) = (&sums[offsets[c]..offsets[c] + groups[c]], &sizes[c]);
                        let own = labellings[c][i];
                        if sizes[own] < 2 {
                            return 0.0;
                        }
                        let a = sums[own] / (sizes[own] - 1) as f64;
                        let b = (0..groups[c])
                            .filter(|&g| g != own && sizes[g] > 0)
                            .map(|g| sums[g] / sizes[g] as f64)
                            .fold(f64::INFINITY, f64::min);
                        let m = a.max(b);
                        if m > 0.0 {
                            (b - a) / m
                        } else {
                            0.0
                        }
                    })
                    .collect()
            },
        )
        .collect();
    (0..labellings.len())
        .map(|c| {
            if groups[c] < 2 || rows.is_empty() {
                return 0.0;
            }
            per_row.iter().map(|r| r[c]).fold(0.0, |t, s| t + s) / rows.len() as f64
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use ndarray::{array, Array2};

    use super::*;
    use crate::{Criterion, KSelectionParams, Method};

    #[test]
    fn a_forced_k_alone_groups_as_the_k_table_does() {
        let data = Array2::from_shape_fn((60, 2), |(i, j)| {
            ((i * 7 + j * 3) % 11) as f64 + 10.0 * (i % 3) as f64
        });
        for method in [Method::KMeans, Method::Hierarchical(crate::Linkage::Ward)] {
            for k in [2, 3, 5] {
                let params = KSelectionParams::default()
                    .method(method)
                    .force_k(k)
                    .check()
                    .expect("valid");
                let alone = group_at_k(data.view(), k, &params).expect("grouped");
                let scored = choose_k(data.view(), &params).expect("grouped");
                assert_eq!(alone.chosen, scored.chosen, "{method:?} k={k}");
                assert_eq!(alone.trees, scored.trees);
                assert!(alone.candidates.is_empty() && !scored.candidates.is_empty());
            }
        }
        let params = KSelectionParams::default().check().expect("valid");
        let two_rows = array![[0.0], [0.0], [1.0]];
        assert_eq!(
            group_at_k(two_rows.view(), 3, &params).map(|s| s.chosen.k),
            Err(ClusterError::TooFewDistinctRows { k: 3, distinct: 2 })
        );
    }

    #[test]
    fn labellings_scored_together_score_as_alone() {
        // Two labellings with different numbers of groups share one pass: each
        // must come out as it does alone (and as the hand computation below).
        let data = array![[0.0], [1.0], [4.0], [5.0], [9.0]];
        let two: &[usize] = &[0, 0, 1, 1, 1];
        let three: &[usize] = &[0, 0, 1, 1, 2];
        let together = silhouettes(data.view(), &[two, three]);
        assert_eq!(together[0], silhouettes(data.view(), &[two])[0]);
        assert_eq!(together[1], silhouettes(data.view(), &[three])[0]);
        assert_ne!(together[0], together[1]);
        // Row 4 of `three` is alone (0); row 3 (at 5) is nearer 9 than {0, 1}.
        let s = |a: f64, b: f64| (b - a) / a.max(b);
        let expected = (s(1.0, 4.5) + s(1.0, 3.5) + s(1.0, 3.5) + s(1.0, 4.0)) / 5.0;
        assert!((together[1] - expected).abs() < 1e-12);
    }

    /// Each row's sums of distances to each group, measured pair by pair (`sq_dist_rows`), in
    /// the rows' order: what [`RowSums`] must give to the digit.
    fn sums_pair_by_pair(data: &Array2<f64>, labels: &[usize], i: usize, k: usize) -> Vec<f64> {
        let flat = FlatRows::new(data.view());
        let mut sums = vec![0.0; k];
        for j in (0..data.nrows()).filter(|&j| j != i) {
            sums[labels[j]] += crate::sq_dist_rows(flat.row(i), flat.row(j)).sqrt();
        }
        sums
    }

    /// The block-wise sums, compiled for the processor's vector instructions (AVX2 where it has
    /// them) and for any x86-64, give the digits of the sums measured pair by pair.
    #[test]
    fn the_blocks_of_distances_give_the_digits_of_each_pair() {
        use pulp::Simd;
        if cfg!(target_arch = "x86_64") && !std::arch::is_x86_feature_detected!("avx2") {
            eprintln!("NOTE: no AVX2 on this processor: only the baseline path is compared");
        }
        // More rows than a block, a last block part-full; 9 columns of uneven scale.
        let n = 2 * DISTANCE_BLOCK + 37;
        let data = Array2::from_shape_fn((n, 9), |(i, c)| {
            ((i * 7919 + c * 104_729) % 1000) as f64 * 0.37f64.powi(c as i32) - 3.1
        });
        let labels: Vec<usize> = (0..n).map(|i| (i * 31 % 17) % 5).collect();
        let flat = FlatRows::new(data.view());
        let columns: Vec<f64> = data.t().iter().copied().collect();
        for i in [0, 1, DISTANCE_BLOCK, n - 1] {
            let expected = sums_pair_by_pair(&data, &labels, i, 5);
            for vector in [true, false] {
                let (mut sums, mut block) = (vec![0.0; 5], vec![0.0; DISTANCE_BLOCK]);
                let row_sums = RowSums {
                    columns: &columns,
                    n,
                    own: flat.row(i),
                    i,
                    slot_of: &labels,
                    width: 1,
                    sums: &mut sums,
                    block: &mut block,
                };
                match vector {
                    true => pulp::Arch::new().dispatch(row_sums),
                    false => pulp::Scalar::new().vectorize(row_sums),
                }
                let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&sums), bits(&expected), "row {i}, vector {vector}");
            }
        }
    }

    #[test]
    fn a_large_table_estimates_the_silhouette_on_a_seeded_sample() {
        // Two groups on a line, more rows than the sample (of 400 here; of
        // SILHOUETTE_SAMPLE in k selection).
        let (n, sample) = (1500, 400);
        let data = Array2::from_shape_fn((n, 1), |(i, _)| {
            (i % 100) as f64 + if i % 2 == 0 { 0.0 } else { 300.0 }
        });
        let two: Vec<usize> = (0..n).map(|i| i % 2).collect();
        let three: Vec<usize> = (0..n)
            .map(|i| {
                if i % 2 == 0 {
                    0
                } else {
                    1 + usize::from(i % 100 >= 50)
                }
            })
            .collect();
        let labellings = [two.as_slice(), three.as_slice()];
        let exact = silhouettes(data.view(), &labellings);
        let sampled = silhouettes_of_sample(data.view(), &labellings, 7, sample);
        for (e, s) in exact.iter().zip(&sampled) {
            assert!((e - s).abs() < 0.02, "exact {e}, sampled {s}");
        }
        assert_ne!(exact, sampled, "a sample, not every row");
        assert_eq!(
            sampled,
            silhouettes_of_sample(data.view(), &labellings, 7, sample)
        );
        assert_ne!(
            sampled,
            silhouettes_of_sample(data.view(), &labellings, 8, sample)
        );
        // At or below the sample size, the exact score.
        assert_eq!(silhouettes_of_sample(data.view(), &labellings, 7, n), exact);
    }

    #[test]
    fn silhouette_matches_hand_computation() {
        // Two groups on a line: {0, 1} and {4}. Row 0: a = 1, b = 4, s = 0.75.
        // Row 1: a = 1, b = 3, s = 2/3. Row 2 is alone: 0. Mean = (0.75 + 2/3) / 3.
        let data = array![[0.0], [1.0], [4.0]];
        let s = silhouette(data.view(), &[0, 0, 1]);
        assert!((s - (0.75 + 2.0 / 3.0) / 3.0).abs() < 1e-12);
    }

    fn three_blobs() -> Array2<f64> {
        let mut rows = Vec::new();
        for (cx, cy) in [(0.0, 0.0), (10.0, 0.0), (0.0, 10.0)] {
            for i in 0..5 {
                let d = f64::from(i) * 0.1;
                rows.extend([cx + d, cy - d]);
            }
        }
        Array2::from_shape_vec((15, 2), rows).expect("shape")
    }

    #[test]
    fn picks_the_number_of_blobs() {
        let p = KSelectionParams::default().k_max(4).check().expect("valid");
        let sel = choose_k(three_blobs().view(), &p).expect("selection");
        assert_eq!(sel.chosen.k, 3);
        assert_eq!(
            sel.candidates.iter().map(|c| c.k).collect::<Vec<_>>(),
            vec![2, 3, 4]
        );
        assert!(
            !sel.candidates[2].admissible,
            "k = 4 splits a blob below 3 rows"
        );
    }

    #[test]
    fn a_group_holding_most_rows_is_not_admissible() {
        // Two tight blobs of 12 and 3 rows: k = 2 puts 80% in one group.
        let mut rows = Vec::new();
        for i in 0..12 {
            rows.extend([f64::from(i) * 0.01, 0.0]);
        }
        for i in 0..3 {
            rows.extend([10.0 + f64::from(i) * 0.01, 0.0]);
        }
        let data = Array2::from_shape_vec((15, 2), rows).expect("shape");
        let strict = KSelectionParams::default().k_max(2).check().expect("valid");
        let sel = choose_k(data.view(), &strict).expect("selection");
        assert_eq!(sel.candidates[0].largest_group, 12);
        assert!(!sel.candidates[0].admissible);
        assert_eq!(sel.chosen.k, 1);
        let loose = KSelectionParams::default()
            .k_max(2)
            .max_group_share(0.9)
            .check()
            .expect("valid");
        assert_eq!(
            choose_k(data.view(), &loose).expect("selection").chosen.k,
            2
        );
    }

    #[test]
    fn parts_are_grouped_apart_and_numbered_part_by_part() {
        // Part 1 holds two of the blobs, part 0 the third and one row of the
        // first blob's place: that row must stay with part 0.
        let data = three_blobs();
        let mut parts = vec![1; 15];
        for p in parts.iter_mut().skip(10) {
            *p = 0;
        }
        parts[0] = 0;
        let p = KSelectionParams::default()
            .k_max(3)
            .max_group_share(1.0)
            .min_group_size(1)
            .check()
            .expect("valid");
        let sel = choose_k_within(data.view(), &parts, &p).expect("selection");
        for (i, &part) in parts.iter().enumerate() {
            for (j, &other) in parts.iter().enumerate() {
                if part != other {
                    assert_ne!(sel.chosen.labels[i], sel.chosen.labels[j], "rows {i}, {j}");
                }
            }
        }
        // Part 0's groups come first; part 1 (blobs at (0, 0) and (10, 0)) splits in two.
        assert!(parts
            .iter()
            .zip(&sel.chosen.labels)
            .all(|(&part, &g)| (part == 0) == (g < sel.chosen.k - 2)));
        assert_eq!(sel.chosen.labels[1], sel.chosen.k - 2);
        assert_eq!(sel.chosen.labels[5], sel.chosen.k - 1);
        assert!(sel.candidates.iter().any(|c| c.part == 0));
        assert!(sel.candidates.iter().any(|c| c.part == 1));
        // One part gives what choose_k gives.
        let whole = choose_k(data.view(), &p).expect("selection");
        assert_eq!(
            choose_k_within(data.view(), &[0; 15], &p).expect("selection"),
            whole
        );
        assert_eq!(
            choose_k_within(data.view(), &[0; 3], &p),
            Err(ClusterError::PartsLength { rows: 15, parts: 3 })
        );
    }

    #[test]
    fn calinski_harabasz_matches_hand_computation() {
        // {0, 1} and {4}: W = 0.5, total SS around 5/3 is 26/3, B = 26/3 − 1/2 = 49/6;
        // CH = (49/6 / 1) / (0.5 / 1) = 49/3.
        let data = array![[0.0], [1.0], [4.0]];
        let g = Grouping::from_labels(data.view(), &[0, 0, 1]);
        assert!((calinski_harabasz(data.view(), &g) - 49.0 / 3.0).abs() < 1e-12);
        let one = Grouping::from_labels(data.view(), &[0, 0, 0]);
        assert_eq!(calinski_harabasz(data.view(), &one), 0.0);
    }

    #[test]
    fn every_criterion_and_method_finds_three_blobs() {
        for method in Method::ALL {
            for criterion in Criterion::ALL {
                let p = KSelectionParams::default()
                    .k_max(5)
                    .method(method)
                    .criterion(criterion)
                    .check()
                    .expect("valid");
                let sel = choose_k(three_blobs().view(), &p).expect("selection");
                assert_eq!(sel.chosen.k, 3, "{method:?}, {criterion:?}");
                assert!(sel.candidates.iter().all(|c| c.gap.is_some()));
                assert_eq!(
                    sel.trees.len(),
                    usize::from(method != Method::KMeans),
                    "{method:?}"
                );
            }
        }
    }

    #[test]
    fn a_forced_k_is_kept_and_the_scores_still_shown() {
        let p = KSelectionParams::default()
            .k_max(4)
            .force_k(2)
            .gap_references(0)
            .check()
            .expect("valid");
        let sel = choose_k(three_blobs().view(), &p).expect("selection");
        assert_eq!(sel.chosen.k, 2);
        assert_eq!(sel.candidates.len(), 3);
        assert!(sel.candidates.iter().all(|c| c.gap.is_none()));
        // Beyond the range too, and never more groups than distinct rows.
        let p = KSelectionParams::default()
            .k_max(4)
            .force_k(6)
            .check()
            .expect("valid");
        assert_eq!(choose_k(three_blobs().view(), &p).expect("ok").chosen.k, 6);
        let p = KSelectionParams::default()
            .force_k(20)
            .check()
            .expect("valid");
        assert_eq!(
            choose_k(three_blobs().view(), &p),
            Err(ClusterError::TooFewDistinctRows {
                k: 20,
                distinct: 15
            })
        );
        // Within parts, a forced k is capped by each part's distinct rows.
        let mut parts = vec![0; 15];
        parts[14] = 1;
        let p = KSelectionParams::default()
            .force_k(3)
            .check()
            .expect("valid");
        let sel = choose_k_within(three_blobs().view(), &parts, &p).expect("ok");
        assert_eq!(sel.chosen.k, 4);
    }

    #[test]
    fn identical_rows_make_one_group() {
        let data = Array2::from_elem((12, 3), 1.5);
        let p = KSelectionParams::default().check().expect("valid");
        let sel = choose_k(data.view(), &p).expect("selection");
        assert!(sel.candidates.is_empty());
        assert_eq!(sel.chosen.k, 1);
    }

    #[test]
    fn too_few_rows_make_one_group() {
        let data = array![[0.0], [1.0], [5.0], [6.0]];
        let p = KSelectionParams::default().check().expect("valid");
        let sel = choose_k(data.view(), &p).expect("selection");
        assert!(sel.candidates.is_empty());
        assert_eq!(sel.chosen.k, 1);
        assert_eq!(sel.chosen.labels, vec![0; 4]);
    }
}
