use linfa::prelude::{Fit, Predict};
use linfa::DatasetBase;
use linfa_clustering::KMeans;
use ndarray::{Array2, ArrayView2};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;

use crate::params::ValidKMeansParams;
use crate::{check_finite, sq_dist, ClusterError};

/// A partition of the rows into `k` groups, numbered 0..k by a fixed rule:
/// groups are ordered by their centroids compared coordinate by coordinate
/// (first column first), so numbering never depends on run order or hashing.
#[derive(Debug, Clone, PartialEq)]
pub struct Grouping {
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

    /// Builds a grouping from labels already numbered 0..k without gaps, keeping their numbers.
    pub(crate) fn numbered(data: ArrayView2<f64>, labels: Vec<usize>) -> Grouping {
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

fn centroids(data: ArrayView2<f64>, labels: &[usize], k: usize) -> (Array2<f64>, Vec<usize>) {
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

/// K-means (Lloyd's algorithm from k-means++ starts, best of several runs) through linfa-clustering.
pub fn kmeans(data: ArrayView2<f64>, params: &ValidKMeansParams) -> Result<Grouping, ClusterError> {
    check_finite(data)?;
    let k = params.k();
    if data.nrows() < k {
        return Err(ClusterError::TooFewRows {
            rows: data.nrows(),
            k,
        });
    }
    if k == 1 {
        return Ok(Grouping::from_labels(data, &vec![0; data.nrows()]));
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

#[cfg(test)]
mod tests {
    use ndarray::array;

    use super::*;
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
