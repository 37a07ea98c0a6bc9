//! Standing of each school in its peer group, low-result and base schools, and pairs.
//!
//! Pure: numbers in, decisions with their reasons out. Rows are positions in
//! the caller's school list; groups are numbered 0..k, and a
//! number may have no rows (last year's numbers kept, see `cluster::keep_numbers`).

mod pairing;
mod params;
mod standing;

pub use pairing::{pair_schools, Pair, PairReason};
pub use params::{AdviseParamError, AdviseParams, ValidAdviseParams};
pub use standing::{stand, Reason, Standing, Status};

use ndarray::ArrayView2;

/// Everything the district acts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Advice {
    /// One per row, in row order.
    pub standings: Vec<Standing>,
    /// One per low school, worst first within each group, groups in order.
    pub pairs: Vec<Pair>,
    /// Median score of each group.
    pub group_medians: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AdviseError {
    #[error("{groups} group labels, {scores} scores and {context} context rows do not match")]
    LengthMismatch {
        groups: usize,
        scores: usize,
        context: usize,
    },
    #[error("score of row {row} is not a finite number")]
    NonFiniteScore { row: usize },
}

/// Ranks schools within their groups, flags low and base schools, and pairs them.
///
/// `groups[i]` is the peer group of row `i`, `scores[i]` its composite outcome
/// (higher is better) and `context.row(i)` its standardised context, used to
/// pick the most similar base school.
pub fn advise(
    groups: &[usize],
    scores: &[f64],
    context: ArrayView2<f64>,
    params: &ValidAdviseParams,
) -> Result<Advice, AdviseError> {
    if groups.len() != scores.len() || groups.len() != context.nrows() {
        return Err(AdviseError::LengthMismatch {
            groups: groups.len(),
            scores: scores.len(),
            context: context.nrows(),
        });
    }
    if let Some(row) = scores.iter().position(|s| !s.is_finite()) {
        return Err(AdviseError::NonFiniteScore { row });
    }
    let (standings, group_medians) = stand(groups, scores, params);
    let pairs = pair_schools(&standings, scores, context, params);
    Ok(Advice {
        standings,
        pairs,
        group_medians,
    })
}

#[cfg(test)]
mod tests;
