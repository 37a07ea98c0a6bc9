use ndarray::{ArrayView2, Axis};

use crate::kmeans::{kmeans, Grouping};
use crate::params::ValidKSelectionParams;
use crate::{check_finite, sq_dist, ClusterError};

/// One k that was tried.
#[derive(Debug, Clone, PartialEq)]
pub struct KCandidate {
    /// The part of the rows it was tried on (see [`choose_k_within`]); 0 when there is one.
    pub part: usize,
    pub k: usize,
    pub silhouette: f64,
    pub inertia: f64,
    pub smallest_group: usize,
    pub largest_group: usize,
    /// Every group has at least the minimum size and at most the maximum share of rows.
    pub admissible: bool,
}

/// The k that was chosen and why.
#[derive(Debug, Clone, PartialEq)]
pub struct KSelection {
    /// Every k tried, in increasing order.
    pub candidates: Vec<KCandidate>,
    pub chosen: Grouping,
}

/// Tries k-means for each k of the range and keeps the admissible k with the
/// highest mean silhouette (the smaller k on ties). A k is admissible when
/// every group has at least the minimum size and none holds more than the
/// maximum share of rows. When no k qualifies (too few rows, or no partition
/// meets the size rules), all rows form one group.
pub fn choose_k(
    data: ArrayView2<f64>,
    params: &ValidKSelectionParams,
) -> Result<KSelection, ClusterError> {
    check_finite(data)?;
    let mut candidates = Vec::new();
    let mut best: Option<(f64, Grouping)> = None;
    // k-means cannot make more groups than there are distinct rows.
    let distinct = distinct_rows(data);
    for k in params.k_range(data.nrows()) {
        if k > distinct {
            break;
        }
        let p = params
            .kmeans()
            .with_k(k)
            .map_err(|e| ClusterError::KMeans(e.to_string()))?;
        let grouping = kmeans(data, &p)?;
        let smallest_group = grouping.sizes.iter().copied().min().unwrap_or(0);
        let largest_group = grouping.sizes.iter().copied().max().unwrap_or(0);
        let admissible = grouping.k == k
            && smallest_group >= params.min_group_size()
            && largest_group <= params.max_group_size(data.nrows());
        let s = silhouette(data, &grouping.labels);
        candidates.push(KCandidate {
            part: 0,
            k,
            silhouette: s,
            inertia: grouping.inertia,
            smallest_group,
            largest_group,
            admissible,
        });
        if admissible && best.as_ref().is_none_or(|(b, _)| s > *b) {
            best = Some((s, grouping));
        }
    }
    let chosen = match best {
        Some((_, g)) => g,
        None => Grouping::from_labels(data, &vec![0; data.nrows()]),
    };
    Ok(KSelection { candidates, chosen })
}

/// Groups each part of the rows apart, so that no group mixes parts (schools
/// that teach up to grade 9 are never the peers of full secondary schools):
/// [`choose_k`] within each part, on the part's rows. Groups are numbered part
/// by part (part 0's groups first), each part's by its own canonical rule; the
/// candidates carry their part. `parts[i]` is the part of row `i`; a part
/// number with no rows is skipped.
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
    let mut labels = vec![0; data.nrows()];
    let mut candidates = Vec::new();
    let mut groups = 0;
    for part in 0..parts.iter().max().map_or(0, |m| m + 1) {
        let rows: Vec<usize> = (0..parts.len()).filter(|&i| parts[i] == part).collect();
        if rows.is_empty() {
            continue;
        }
        let selection = choose_k(data.select(Axis(0), &rows).view(), params)?;
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
    }
    Ok(KSelection {
        candidates,
        chosen: Grouping::numbered(data, labels),
    })
}

fn distinct_rows(data: ArrayView2<f64>) -> usize {
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
    let n = data.nrows();
    let k = labels.iter().max().map_or(0, |m| m + 1);
    if k < 2 || n == 0 {
        return 0.0;
    }
    let mut sizes = vec![0usize; k];
    for &l in labels {
        sizes[l] += 1;
    }
    let mut total = 0.0;
    let mut sums = vec![0.0; k];
    for i in 0..n {
        sums.iter_mut().for_each(|s| *s = 0.0);
        for j in 0..n {
            if i != j {
                sums[labels[j]] += sq_dist(data.row(i), data.row(j)).sqrt();
            }
        }
        let own = labels[i];
        if sizes[own] < 2 {
            continue;
        }
        let a = sums[own] / (sizes[own] - 1) as f64;
        let b = (0..k)
            .filter(|&g| g != own && sizes[g] > 0)
            .map(|g| sums[g] / sizes[g] as f64)
            .fold(f64::INFINITY, f64::min);
        let m = a.max(b);
        if m > 0.0 {
            total += (b - a) / m;
        }
    }
    total / n as f64
}

#[cfg(test)]
mod tests {
    use ndarray::{array, Array2};

    use super::*;
    use crate::KSelectionParams;

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
