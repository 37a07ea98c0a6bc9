//! Each row's most similar rows (the Texas-style comparison set): an
//! alternative to groups, and a cross-check of them.

use std::collections::BTreeMap;

use kdtree::KdTree;
use ndarray::ArrayView2;
use rayon::prelude::*;

use crate::{check_finite, sq_dist_rows, ClusterError, FlatRows};

/// One row's nearest rows of the same part, as (row, Euclidean distance),
/// nearest first (the lower row number on equal distances), at most `count`.
///
/// Exact: the same list as measuring every pair. Each part's rows are put in a
/// k-d tree (the `kdtree` crate), which measures a row against a box's nearest
/// corner with the same sum as against a row, so a box is passed over only when
/// none of its rows can be nearer; the tree gives the (count + 1)-th nearest
/// distance (the row itself among them), then every row within that distance,
/// of which the nearest `count` others are kept, equal distances by row number.
pub fn nearest_peers(
    data: ArrayView2<f64>,
    parts: &[usize],
    count: usize,
) -> Result<Vec<Vec<(usize, f64)>>, ClusterError> {
    check_finite(data)?;
    let n = data.nrows();
    if parts.len() != n {
        return Err(ClusterError::PartsLength {
            rows: n,
            parts: parts.len(),
        });
    }
    let rows = FlatRows::new(data);
    let trees = part_trees(&rows, parts)?;
    (0..n)
        .into_par_iter()
        .map(|i| match trees.get(&parts[i]) {
            Some(tree) if count > 0 => nearest_in(tree, &rows, i, count),
            _ => Ok(Vec::new()),
        })
        .collect()
}

/// A part's rows in a k-d tree, each point a row's values, each item its row number.
type PartTree<'a> = KdTree<f64, usize, &'a [f64]>;

/// Each part's tree, its rows added in row order.
fn part_trees<'a>(
    rows: &'a FlatRows,
    parts: &[usize],
) -> Result<BTreeMap<usize, PartTree<'a>>, ClusterError> {
    let mut trees = BTreeMap::new();
    for (i, &part) in parts.iter().enumerate() {
        let tree = trees
            .entry(part)
            .or_insert_with(|| KdTree::with_capacity(rows.width(), LEAF_ROWS));
        tree.add(rows.row(i), i).map_err(search_error)?;
    }
    Ok(trees)
}

/// Rows a leaf of the tree holds before it is split.
const LEAF_ROWS: usize = 32;

/// The tree's refusal (of a row of another width or a value not finite, which the checks
/// before it exclude).
fn search_error(e: kdtree::ErrorKind) -> ClusterError {
    ClusterError::Search(e.to_string())
}

/// Row `i`'s `count` nearest other rows of its tree, exactly (see [`nearest_peers`]).
fn nearest_in(
    tree: &PartTree,
    rows: &FlatRows,
    i: usize,
    count: usize,
) -> Result<Vec<(usize, f64)>, ClusterError> {
    let own = rows.row(i);
    let distance = |a: &[f64], b: &[f64]| sq_dist_rows(a, b);
    let nearest = tree
        .nearest(own, count + 1, &distance)
        .map_err(search_error)?;
    let Some(&(reach, _)) = nearest.last() else {
        return Ok(Vec::new());
    };
    let within = tree.within(own, reach, &distance).map_err(search_error)?;
    let mut near: Vec<(f64, usize)> = (within.into_iter())
        .filter(|&(_, &j)| j != i)
        .map(|(dist, &j)| (dist, j))
        .collect();
    near.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    near.truncate(count);
    Ok(near.into_iter().map(|(dist, j)| (j, dist.sqrt())).collect())
}

#[cfg(test)]
mod tests {
    use ndarray::array;

    use super::*;

    /// A fixed recurrence's next value, one of `levels` values `step` apart (coarse, so that
    /// distances tie).
    fn coarse(seed: &mut u64, levels: u64, step: f64) -> f64 {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((*seed >> 33) % levels) as f64 * step
    }

    /// The peers found are, row by row, what sorting every pair of the part gives.
    fn assert_as_every_pair(data: &ndarray::Array2<f64>, parts: &[usize], counts: &[usize]) {
        let n = data.nrows();
        for &count in counts {
            let peers = nearest_peers(data.view(), parts, count).expect("peers");
            for (i, found) in peers.iter().enumerate() {
                let mut all: Vec<(f64, usize)> = (0..n)
                    .filter(|&j| j != i && parts[j] == parts[i])
                    .map(|j| (crate::sq_dist(data.row(i), data.row(j)), j))
                    .collect();
                all.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                let expected: Vec<(usize, f64)> = all
                    .iter()
                    .take(count)
                    .map(|&(d, j)| (j, d.sqrt()))
                    .collect();
                assert_eq!(found, &expected, "row {i}, {count} peers");
            }
        }
    }

    #[test]
    fn the_tree_finds_what_sorting_every_pair_finds() {
        // Coarse values, so that many distances tie; three parts.
        let mut seed = 12345u64;
        let data = ndarray::Array2::from_shape_fn((300, 3), |_| coarse(&mut seed, 7, 0.5));
        let parts: Vec<usize> = (0..300).map(|i| i % 3).collect();
        assert_as_every_pair(&data, &parts, &[0, 1, 5, 120]);
    }

    #[test]
    fn the_tree_is_exact_many_levels_deep() {
        // A context's shape: two yes/no columns, coarse and fine values; two parts (480 and
        // 1,920 rows), so that the search passes boxes over at many levels of the tree.
        let mut seed = 99u64;
        let data = ndarray::Array2::from_shape_fn((2_400, 9), |(_, c)| match c {
            0 | 1 => coarse(&mut seed, 2, 1.0),
            2..=4 => coarse(&mut seed, 9, 0.25),
            _ => coarse(&mut seed, 1 << 20, 1e-6),
        });
        let parts: Vec<usize> = (0..2_400).map(|i| usize::from(i % 5 == 0)).collect();
        assert_as_every_pair(&data, &parts, &[1, 30]);
    }

    #[test]
    fn peers_are_the_nearest_rows_of_the_same_part() {
        // On a line: 0, 1, 3, 6, and 2 in another part.
        let data = array![[0.0], [1.0], [3.0], [6.0], [2.0]];
        let peers = nearest_peers(data.view(), &[0, 0, 0, 0, 1], 2).expect("peers");
        assert_eq!(peers[0], [(1, 1.0), (2, 3.0)]);
        // Row 1 is 1 from row 0 and 2 from row 2.
        assert_eq!(peers[1], [(0, 1.0), (2, 2.0)]);
        assert_eq!(peers[3], [(2, 3.0), (1, 5.0)]);
        assert!(peers[4].is_empty(), "alone in its part");
        // Equal distances: the lower row first.
        let tied = nearest_peers(array![[0.0], [1.0], [-1.0]].view(), &[0, 0, 0], 1).expect("ok");
        assert_eq!(tied[0], [(1, 1.0)]);
        assert_eq!(
            nearest_peers(data.view(), &[0], 2),
            Err(ClusterError::PartsLength { rows: 5, parts: 1 })
        );
    }
}
