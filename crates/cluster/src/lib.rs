//! Peer groups from a numeric matrix. Pure numeric: no I/O, no printing.
//!
//! Parameters follow linfa's pattern: a builder ([`KMeansParams`],
//! [`KSelectionParams`]) is checked into a valid type before anything runs.

mod kmeans;
mod params;
mod select;

pub use kmeans::{kmeans, Grouping};
pub use params::{
    KMeansParams, KSelectionParams, ParamError, ValidKMeansParams, ValidKSelectionParams,
};
pub use select::{choose_k, choose_k_within, silhouette, KCandidate, KSelection};

use ndarray::{ArrayView1, ArrayView2};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClusterError {
    #[error("{rows} rows cannot form {k} groups")]
    TooFewRows { rows: usize, k: usize },
    #[error("value at row {row}, column {column} is not a finite number")]
    NonFinite { row: usize, column: usize },
    #[error("the matrix has no columns")]
    NoColumns,
    #[error("{parts} part numbers for {rows} rows")]
    PartsLength { rows: usize, parts: usize },
    #[error("k-means failed: {0}")]
    KMeans(String),
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

/// Squared Euclidean distance between two rows.
pub fn sq_dist(a: ArrayView1<f64>, b: ArrayView1<f64>) -> f64 {
    a.iter().zip(b.iter()).map(|(x, y)| (x - y) * (x - y)).sum()
}
