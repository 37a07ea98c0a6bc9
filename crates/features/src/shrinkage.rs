//! The small-cohort shrinkage of the composite: empirical Bayes toward what the context leads
//! one to expect (the context's least-squares fit), with each school's posterior spread.

use super::*;

/// The empirical-Bayes fit of the composite: `composite = true + noise`, with
/// noise variance `noise_per_taker × w` (`w` is 1 / takers for one index, the
/// mean of two indices has `(1/n₁ + 1/n₂) / 4`) and true variance `between_schools`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shrinkage {
    /// The mean noise variance of one taker's result (σ²: a school's noise variance times its
    /// takers, averaged), in the composite's units before it is scaled to the score.
    pub noise_per_taker: f64,
    /// The variance of the true differences between schools (τ²).
    pub between_schools: f64,
}

/// Shrunk values and their posterior standard deviations.
pub(crate) struct Shrunk {
    pub(crate) values: Vec<f64>,
    pub(crate) sd: Vec<f64>,
    pub(crate) fit: Shrinkage,
}

/// The composite each school's context leads one to expect: the least-squares
/// fit of the composite on the standardised context (row-major, `p` columns)
/// and a constant; the mean alone when there are too few schools for the fit. With it, the
/// fit's effect of each context column (composite units per standard unit of the column),
/// `None` where there is no fit.
pub(crate) fn context_fit(context: &[f64], p: usize, y: &[f64]) -> (Vec<f64>, Option<Vec<f64>>) {
    let n = y.len();
    let my = mean(y).unwrap_or(0.0);
    if n < p + 5 {
        return (vec![my; n], None);
    }
    // Normal equations of [1, context] with a whisker of ridge for collinear columns.
    let q = p + 1;
    let row = |i: usize| std::iter::once(1.0).chain(context[i * p..(i + 1) * p].iter().copied());
    let mut a = vec![0.0; q * q];
    let mut b = vec![0.0; q];
    for (i, yi) in y.iter().enumerate() {
        let xi: Vec<f64> = row(i).collect();
        for r in 0..q {
            b[r] += xi[r] * yi;
            for c in 0..q {
                a[r * q + c] += xi[r] * xi[c];
            }
        }
    }
    for d in 1..q {
        a[d * q + d] += 1e-6 * n as f64;
    }
    match solve(&mut a, &mut b, q) {
        Some(beta) => (
            (0..n)
                .map(|i| row(i).zip(&beta).map(|(x, c)| x * c).sum())
                .collect(),
            Some(beta[1..].to_vec()),
        ),
        None => (vec![my; n], None),
    }
}

/// Solves `a·x = b` (`a` is `q × q`, row-major) by Gaussian elimination with
/// partial pivoting; `None` when `a` is singular.
pub(crate) fn solve(a: &mut [f64], b: &mut [f64], q: usize) -> Option<Vec<f64>> {
    for col in 0..q {
        let pivot =
            (col..q).max_by(|&i, &j| a[i * q + col].abs().total_cmp(&a[j * q + col].abs()))?;
        if a[pivot * q + col].abs() < 1e-12 {
            return None;
        }
        for c in 0..q {
            a.swap(col * q + c, pivot * q + c);
        }
        b.swap(col, pivot);
        for r in col + 1..q {
            let f = a[r * q + col] / a[col * q + col];
            for c in col..q {
                a[r * q + c] -= f * a[col * q + c];
            }
            b[r] -= f * b[col];
        }
    }
    let mut x = vec![0.0; q];
    for r in (0..q).rev() {
        let known: f64 = (r + 1..q).map(|c| a[r * q + c] * x[c]).sum();
        x[r] = (b[r] - known) / a[r * q + r];
    }
    Some(x)
}

/// Shrinks each value toward what its context leads one to expect (`expected`,
/// see [`context_fit`]) in proportion to its noise variance `v` (known: from the spread of
/// results within schools, see `ExamIndex::noise`), as the Fay–Herriot model does: the
/// variance of the true differences is `τ² = mean((x − e)²) − mean(v)`, at least
/// [`MIN_TRUE_VARIANCE_SHARE`] of the residual variance so that scores never all collapse to
/// the expectation. Each value becomes `e + B·(x − e)`, `B = τ² / (τ² + v)`, with posterior
/// variance `B·v`. The fit reports the mean noise of one taker's result, `mean(v · takers)`.
pub(crate) fn shrink(x: &[f64], expected: &[f64], v: &[f64], takers: &[f64]) -> Shrunk {
    let (Some(_), Some(mv)) = (mean(x), mean(v)) else {
        return Shrunk {
            values: x.to_vec(),
            sd: vec![0.0; x.len()],
            fit: Shrinkage {
                noise_per_taker: 0.0,
                between_schools: 0.0,
            },
        };
    };
    let y: Vec<f64> = x
        .iter()
        .zip(expected)
        .map(|(v, e)| (v - e).powi(2))
        .collect();
    let my = mean(&y).unwrap_or(0.0);
    let tau2 = (my - mv).max(MIN_TRUE_VARIANCE_SHARE * my);
    let (values, sd) = x
        .iter()
        .zip(expected)
        .zip(v)
        .map(|((&x, &e), &noise)| {
            let b = if tau2 + noise > 0.0 {
                tau2 / (tau2 + noise)
            } else {
                1.0
            };
            (e + b * (x - e), (b * noise).sqrt())
        })
        .unzip();
    let per_taker: Vec<f64> = (v.iter().zip(takers))
        .filter(|(_, &t)| t > 0.0)
        .map(|(v, t)| v * t)
        .collect();
    Shrunk {
        values,
        sd,
        fit: Shrinkage {
            noise_per_taker: mean(&per_taker).unwrap_or(0.0),
            between_schools: tau2,
        },
    }
}
