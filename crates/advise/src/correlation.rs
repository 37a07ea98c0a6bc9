//! Correlations of paired values: Pearson's on the values, Spearman's on their ranks.

/// Pearson's correlation of at least three pairs; `None` when either side does not vary.
pub(crate) fn pearson(pairs: &[(f64, f64)]) -> Option<f64> {
    let n = pairs.len() as f64;
    if pairs.len() < 3 {
        return None;
    }
    let (mx, my) = (
        pairs.iter().map(|p| p.0).sum::<f64>() / n,
        pairs.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let sxy: f64 = pairs.iter().map(|(x, y)| (x - mx) * (y - my)).sum();
    let sxx: f64 = pairs.iter().map(|(x, _)| (x - mx).powi(2)).sum();
    let syy: f64 = pairs.iter().map(|(_, y)| (y - my).powi(2)).sum();
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

/// Each value's rank among `values`, 1 the smallest, ties sharing their mean rank.
fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut out = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        let mean_rank = (start + end + 1) as f64 / 2.0;
        for &k in &order[start..end] {
            out[k] = mean_rank;
        }
        start = end;
    }
    out
}

/// Spearman's rank correlation of at least three pairs (Pearson's on mean ranks); `None` when
/// either side does not vary.
pub fn rank_correlation(pairs: &[(f64, f64)]) -> Option<f64> {
    let xs: Vec<f64> = pairs.iter().map(|p| p.0).collect();
    let ys: Vec<f64> = pairs.iter().map(|p| p.1).collect();
    let ranked: Vec<(f64, f64)> = ranks(&xs).into_iter().zip(ranks(&ys)).collect();
    pearson(&ranked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_share_their_mean_rank() {
        assert_eq!(ranks(&[10.0, 30.0, 20.0, 30.0]), [1.0, 3.5, 2.0, 3.5]);
    }

    #[test]
    fn rank_correlation_by_hand() {
        // Same order: 1; reversed: −1; monotone but not linear: still 1.
        let up = [(1.0, 2.0), (2.0, 3.0), (3.0, 10.0), (4.0, 100.0)];
        assert_eq!(rank_correlation(&up), Some(1.0));
        let down: Vec<(f64, f64)> = up.iter().map(|&(x, y)| (x, -y)).collect();
        assert_eq!(rank_correlation(&down), Some(-1.0));
        // Ranks x 1 2 3 4, y 2 1 4 3: d² = 4, ρ = 1 − 6·4 / (4·15) = 0.6.
        let mixed = [(1.0, 5.0), (2.0, 4.0), (3.0, 9.0), (4.0, 7.0)];
        let rho = rank_correlation(&mixed).expect("varies");
        assert!((rho - 0.6).abs() < 1e-12, "{rho}");
        assert_eq!(
            rank_correlation(&[(1.0, 1.0), (2.0, 1.0), (3.0, 1.0)]),
            None
        );
        assert_eq!(rank_correlation(&[(1.0, 1.0), (2.0, 2.0)]), None);
    }
}
