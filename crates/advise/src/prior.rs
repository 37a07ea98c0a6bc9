//! Where a school truly stands, given a result measured with known noise: the district's
//! distribution of true results estimated from every school's measured one (a
//! nonparametric maximum-likelihood prior on a grid, by EM, after Koenker and Mizera; no
//! shape assumed, so that a cluster of truly low schools is kept), and each school's
//! posterior mean under it. This is how far a result is expected to fall back towards the
//! schools like it: regression to the mean for any shape of the district.

/// Points of the grid the prior lives on.
const GRID: usize = 120;

/// EM iterations.
const ITERATIONS: usize = 200;

/// The smallest noise variance used (a result without noise would pin the grid to it).
const MIN_VARIANCE: f64 = 1e-4;

/// A prior on a grid: points and their weights.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Prior {
    points: Vec<f64>,
    weights: Vec<f64>,
}

/// Gaussian likelihood of `x` measured with variance `v` at each grid point, scaled by its
/// largest value (the scale cancels in a posterior).
fn likelihoods(points: &[f64], x: f64, v: f64) -> Vec<f64> {
    let v = v.max(MIN_VARIANCE);
    let logs: Vec<f64> = points
        .iter()
        .map(|p| -(x - p).powi(2) / (2.0 * v))
        .collect();
    let top = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    logs.iter().map(|l| (l - top).exp()).collect()
}

impl Prior {
    /// The prior of a block's standings (every row's, supported or not).
    pub(crate) fn of(input: &crate::EvaluationInput) -> Prior {
        let measured: Vec<(f64, f64)> = input.judged.iter().flatten().copied().collect();
        Prior::fit(&measured)
    }

    /// The prior that makes the measured `(value, noise variance)` most likely.
    pub(crate) fn fit(measured: &[(f64, f64)]) -> Prior {
        let spread = measured
            .iter()
            .map(|m| m.1.max(MIN_VARIANCE).sqrt())
            .fold(0.0, f64::max);
        let (lo, hi) = measured
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), m| {
                (lo.min(m.0), hi.max(m.0))
            });
        if !lo.is_finite() {
            return Prior {
                points: vec![0.0],
                weights: vec![1.0],
            };
        }
        let (lo, hi) = (lo - spread, hi + spread);
        let step = (hi - lo) / (GRID - 1) as f64;
        let points: Vec<f64> = (0..GRID).map(|i| lo + step * i as f64).collect();
        let table: Vec<Vec<f64>> = measured
            .iter()
            .map(|&(x, v)| likelihoods(&points, x, v))
            .collect();
        let mut weights = vec![1.0 / GRID as f64; GRID];
        for _ in 0..ITERATIONS {
            let mut next = vec![0.0; GRID];
            for row in &table {
                let total: f64 = row.iter().zip(&weights).map(|(l, w)| l * w).sum();
                if total > 0.0 {
                    for ((n, l), w) in next.iter_mut().zip(row).zip(&weights) {
                        *n += l * w / total;
                    }
                }
            }
            let sum: f64 = next.iter().sum();
            if sum <= 0.0 {
                break;
            }
            weights = next.into_iter().map(|n| n / sum).collect();
        }
        Prior { points, weights }
    }

    /// The posterior mean of a true result measured as `x` with noise variance `v`.
    pub(crate) fn posterior_mean(&self, x: f64, v: f64) -> f64 {
        let l = likelihoods(&self.points, x, v);
        let (num, den) = (l.iter().zip(&self.weights).zip(&self.points))
            .fold((0.0, 0.0), |(n, d), ((l, w), p)| (n + l * w * p, d + l * w));
        if den > 0.0 {
            num / den
        } else {
            x
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    fn normal(rng: &mut Xoshiro256PlusPlus) -> f64 {
        let u: f64 = rng.gen_range(f64::EPSILON..1.0);
        let v: f64 = rng.gen();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    #[test]
    fn a_normal_district_shrinks_as_the_linear_formula_does() {
        // True N(0, 1), noise variance 1: the posterior mean is x / 2.
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        let measured: Vec<(f64, f64)> = (0..2000)
            .map(|_| (normal(&mut rng) + normal(&mut rng), 1.0))
            .collect();
        let prior = Prior::fit(&measured);
        for x in [-2.0, -1.0, 0.0, 1.5] {
            let m = prior.posterior_mean(x, 1.0);
            assert!((m - x / 2.0).abs() < 0.15, "{x}: {m}");
        }
    }

    #[test]
    fn a_cluster_of_truly_low_schools_is_kept() {
        // 90% true 0, 10% true -3, noise variance 0.25: a result of -3 stays near -3 instead
        // of falling back halfway to the district's mean as a normal prior would have it.
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(2);
        let measured: Vec<(f64, f64)> = (0..1000)
            .map(|i| {
                (
                    if i % 10 == 0 { -3.0 } else { 0.0 } + 0.5 * normal(&mut rng),
                    0.25,
                )
            })
            .collect();
        let prior = Prior::fit(&measured);
        let m = prior.posterior_mean(-3.0, 0.25);
        assert!((m + 3.0).abs() < 0.2, "{m}");
    }
}
