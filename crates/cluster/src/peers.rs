//! Each row's most similar rows (the Texas-style comparison set): an
//! alternative to groups, and a cross-check of them.

use ndarray::ArrayView2;
use rayon::prelude::*;

use crate::{check_finite, sq_dist, ClusterError};

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
    Ok((0..n)
        .into_par_iter()
        .map(|i| {
            let mut near: Vec<(f64, usize)> = (0..n)
                .filter(|&j| j != i && parts[j] == parts[i])
                .map(|j| (sq_dist(data.row(i), data.row(j)), j))
                .collect();
            let by_distance =
                |a: &(f64, usize), b: &(f64, usize)| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1));
            if near.len() > count {
                near.select_nth_unstable_by(count, by_distance);
                near.truncate(count);
            }
            near.sort_by(by_distance);
            near.into_iter().map(|(d, j)| (j, d.sqrt())).collect()
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use ndarray::array;

    use super::*;

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
