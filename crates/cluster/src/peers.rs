//! Each row's most similar rows (the Texas-style comparison set): an
//! alternative to groups, and a cross-check of them.

use ndarray::ArrayView2;
use rayon::prelude::*;

use crate::{check_finite, sq_dist_rows, ClusterError, FlatRows};

/// One row's nearest rows of the same part, as (row, Euclidean distance),
/// nearest first (the lower row number on equal distances), at most `count`.
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
    // Each row keeps its `count` nearest as it scans (nearest first; on equal
    // distances the lower row, which comes first), so memory stays O(n · count)
    // and nothing of size n is allocated per row.
    Ok((0..n)
        .into_par_iter()
        .map(|i| {
            let mut near: Vec<(f64, usize)> = Vec::with_capacity(count + 1);
            let own = rows.row(i);
            for j in (0..n).filter(|&j| j != i && parts[j] == parts[i]) {
                let dist = sq_dist_rows(own, rows.row(j));
                if near.len() == count && near.last().is_none_or(|w| dist >= w.0) {
                    continue;
                }
                let at = near.partition_point(|p| p.0 <= dist);
                near.insert(at, (dist, j));
                near.truncate(count);
            }
            near.iter().map(|&(dist, j)| (j, dist.sqrt())).collect()
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use ndarray::array;

    use super::*;

    #[test]
    fn the_bounded_list_finds_what_sorting_every_pair_finds() {
        // Coarse values, so that many distances tie; three parts.
        let mut seed = 12345u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % 7) as f64 * 0.5
        };
        let data = ndarray::Array2::from_shape_fn((300, 3), |_| next());
        let parts: Vec<usize> = (0..300).map(|i| i % 3).collect();
        for count in [0, 1, 5, 120] {
            let peers = nearest_peers(data.view(), &parts, count).expect("peers");
            for (i, found) in peers.iter().enumerate() {
                let mut all: Vec<(f64, usize)> = (0..300)
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
