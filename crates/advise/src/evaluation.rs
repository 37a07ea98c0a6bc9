//! Stage 5, did the help work: each supported school's change in its compared result from its
//! baseline against what it would have done on its own — where its baseline says it truly
//! stands (the posterior mean under the district's distribution of true results, `prior.rs`:
//! how far a result chosen for being low falls back by itself) moved by the change schools not
//! yet supported made beyond theirs. A difference in differences that regression to the mean
//! cannot fake, with intervals from a bootstrap over schools; beside it the naive before/after
//! change.
//!
//! The input is one or more blocks: a block is one August's supported schools (a cohort) at
//! one later year, with its own comparison schools (those not supported by that year), so
//! that cohorts of different years are each compared with schools of their own time.

use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use crate::prior::Prior;

/// Comparison schools needed to fit what a supported school would have done on its own.
pub const MIN_COMPARISONS: usize = 10;

/// Supported schools from which on their own set is drawn again in the bootstrap; below, each
/// draw adds the noise of as many comparison schools' residuals instead (one school's
/// interval is then its prediction interval).
pub const MIN_RESAMPLED: usize = 10;

/// One block of the evaluation: a cohort at one later year, one entry per school (row).
#[derive(Debug, Clone, PartialEq)]
pub struct EvaluationInput {
    /// Each row's compared result at the cohort's baseline (its August run's latest year);
    /// `None`: none, or the row is no comparison for this block.
    pub baseline: Vec<Option<f64>>,
    /// What each row was judged on at baseline and its noise variance: its result pooled over
    /// the years its August's run used (where it truly stands is read from this); `None`: none.
    pub judged: Vec<Option<(f64, f64)>>,
    /// Each row's compared result in the later year (or pooled over later years); `None`: none.
    pub after: Vec<Option<f64>>,
    /// Rows supported by a pair of the cohort.
    pub supported: Vec<bool>,
}

/// The evaluation's settings: bootstrap draws and their seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvaluationParams {
    /// Bootstrap draws of the schools.
    pub draws: usize,
    /// Seed of the draws.
    pub seed: u64,
}

impl Default for EvaluationParams {
    fn default() -> Self {
        EvaluationParams {
            draws: 1000,
            seed: 42,
        }
    }
}

/// An estimate with its 95% interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// The estimate.
    pub value: f64,
    /// 2.5% and 97.5% of the bootstrap draws.
    pub interval: (f64, f64),
}

/// One supported school's change against what it would have done on its own.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SchoolChange {
    /// The block it was evaluated in.
    pub block: usize,
    /// The row.
    pub row: usize,
    /// Its change from baseline (after − baseline).
    pub change: f64,
    /// The change it would have made on its own: back to where it truly stands, plus the
    /// comparison schools' change beyond theirs.
    pub expected_change: f64,
    /// `change − expected_change`.
    pub effect: f64,
}

/// What the evaluation found for a set of supported schools.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// Each supported school with a baseline and a later result, in row order.
    pub schools: Vec<SchoolChange>,
    /// The mean effect over them (difference in differences).
    pub effect: Estimate,
    /// The mean naive change of the supported schools (after − baseline).
    pub naive: Estimate,
    /// The comparison schools (not supported, with both results) the expectation rests on,
    /// summed over the blocks used.
    pub comparisons: usize,
}

/// Why there is no evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EvaluationError {
    /// A per-row list is not as long as the others of its block.
    #[error("the evaluation's lists have different lengths")]
    LengthMismatch,
    /// Too few comparison schools to say what the supported would have done on their own.
    #[error("{found} comparison schools with results before and after; {MIN_COMPARISONS} needed")]
    TooFewComparisons {
        /// Comparison schools found.
        found: usize,
    },
    /// No supported school has a result both at baseline and after.
    #[error("no supported school has results both at baseline and after it")]
    NothingToEvaluate,
}

/// A school of a block: its baseline result, where what it was judged on says it truly
/// stands, and its later result.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Unit {
    baseline: f64,
    truly: f64,
    after: f64,
}

/// The comparisons' mean change beyond where they truly stood: what every school would have
/// gained on its own.
fn drift(pool: &[Unit]) -> f64 {
    pool.iter().map(|u| u.after - u.truly).sum::<f64>() / pool.len() as f64
}

/// A school's change from its baseline and the change it would have made on its own.
fn changes(drift: f64, u: Unit) -> (f64, f64) {
    (u.after - u.baseline, u.truly + drift - u.baseline)
}

/// A block prepared once: every row as a unit (where it has both results), its comparisons
/// and their drift, or why it has too few.
#[derive(Debug, Clone)]
pub struct Block {
    units: Vec<Option<Unit>>,
    supported: Vec<bool>,
    pool: Result<Vec<Unit>, EvaluationError>,
    drift: f64,
}

impl Block {
    /// Prepares `input`: where each row truly stands is read from the prior of every row with
    /// a baseline (before any help, supported or not).
    pub fn new(input: &EvaluationInput) -> Result<Block, EvaluationError> {
        Block::with_prior(input, &Prior::of(input))
    }

    /// [`Block::new`] with the prior of `input`'s standings already fitted (blocks of one
    /// cohort share their standings, so one fit serves them all).
    pub(crate) fn with_prior(
        input: &EvaluationInput,
        prior: &Prior,
    ) -> Result<Block, EvaluationError> {
        let n = input.baseline.len();
        if [input.after.len(), input.supported.len(), input.judged.len()] != [n; 3] {
            return Err(EvaluationError::LengthMismatch);
        }
        let units: Vec<Option<Unit>> = (0..n)
            .map(|i| {
                let (baseline, after) = (input.baseline[i]?, input.after[i]?);
                let (judged, variance) = input.judged[i]?;
                let truly = prior.posterior_mean(judged, variance);
                Some(Unit {
                    baseline,
                    truly,
                    after,
                })
            })
            .collect();
        let all: Vec<Unit> = (0..n)
            .filter(|&i| !input.supported[i])
            .filter_map(|i| units[i])
            .collect();
        let pool = match all.len() {
            found if found < MIN_COMPARISONS => Err(EvaluationError::TooFewComparisons { found }),
            _ => Ok(all),
        };
        let drift = pool.as_ref().map_or(0.0, |p| drift(p));
        Ok(Block {
            units,
            supported: input.supported.clone(),
            pool,
            drift,
        })
    }

    /// Its supported rows among `rows` (all when `None`) with both results; `None` when there
    /// are none.
    fn select(&self, rows: Option<&[usize]>) -> Result<Option<Selected<'_>>, EvaluationError> {
        let n = self.units.len();
        let chosen = |i: &usize| *i < n && self.supported[*i];
        let treated: Vec<(usize, Unit)> = match rows {
            Some(rows) => rows.iter().copied().filter(chosen).collect::<Vec<_>>(),
            None => (0..n).filter(chosen).collect(),
        }
        .into_iter()
        .filter_map(|i| Some((i, self.units[i]?)))
        .collect();
        if treated.is_empty() {
            return Ok(None);
        }
        let pool = self.pool.as_ref().map_err(|e| *e)?;
        Ok(Some(Selected {
            pool,
            drift: self.drift,
            treated,
        }))
    }
}

/// A block's selected supported rows, with its comparisons and their drift.
struct Selected<'a> {
    pool: &'a [Unit],
    drift: f64,
    treated: Vec<(usize, Unit)>,
}

/// The mean effect and the mean naive change of the supported `(block, unit)` against each
/// block's drift.
fn means(drifts: &[f64], treated: &[(usize, Unit)]) -> (f64, f64) {
    let n = treated.len() as f64;
    let each = || treated.iter().map(|&(b, u)| changes(drifts[b], u));
    let naive = each().map(|(change, _)| change).sum::<f64>() / n;
    let effect = each()
        .map(|(change, expected)| change - expected)
        .sum::<f64>()
        / n;
    (effect, naive)
}

/// The 2.5% and 97.5% points of sorted draws.
fn percentiles(mut draws: Vec<f64>) -> (f64, f64) {
    draws.sort_by(f64::total_cmp);
    let at = |q: f64| draws[((draws.len() - 1) as f64 * q).round() as usize];
    (at(0.025), at(0.975))
}

/// The draws of the bootstrap over the selected blocks and their supported `(block, unit)`:
/// each block's comparisons drawn again with replacement (and
/// their drift taken again); the supported drawn again too when there are
/// [`MIN_RESAMPLED`] of them, else each draw adds the mean of as many residuals of the drawn
/// comparisons (the noise of a school's change that the drift cannot know).
fn bootstrap(
    blocks: &[Selected<'_>],
    treated: &[(usize, Unit)],
    params: &EvaluationParams,
) -> (Vec<f64>, Vec<f64>) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(params.seed);
    let resample = treated.len() >= MIN_RESAMPLED;
    (0..params.draws.max(1))
        .map(|_| {
            let pools: Vec<Vec<Unit>> = blocks.iter().map(|p| draw(&mut rng, p.pool)).collect();
            let drifts: Vec<f64> = pools.iter().map(|p| drift(p)).collect();
            if resample {
                return means(&drifts, &draw(&mut rng, treated));
            }
            let (effect, naive) = means(&drifts, treated);
            let noise = (treated.iter())
                .map(|&(b, _)| {
                    let u = pools[b][rng.gen_range(0..pools[b].len())];
                    u.after - u.truly - drifts[b]
                })
                .sum::<f64>()
                / treated.len() as f64;
            (effect + noise, naive + noise)
        })
        .unzip()
}

/// `from.len()` items of `from` drawn with replacement.
fn draw<T: Copy>(rng: &mut Xoshiro256PlusPlus, from: &[T]) -> Vec<T> {
    (0..from.len())
        .map(|_| from[rng.gen_range(0..from.len())])
        .collect()
}

/// Evaluates the supported rows among `rows` (all rows when `None`) of every block against
/// the comparison rows of the same block: a supported row's effect is its later result less
/// where its baseline says it truly stands and less the comparisons' mean gain beyond where
/// theirs said they stood; the mean over every block's supported rows is the effect.
/// Intervals: a bootstrap over schools (see `bootstrap`). Blocks without a selected supported
/// row are left out.
pub fn evaluate(
    blocks: &[EvaluationInput],
    rows: Option<&[usize]>,
    params: &EvaluationParams,
) -> Result<Evaluation, EvaluationError> {
    let prepared = blocks
        .iter()
        .map(Block::new)
        .collect::<Result<Vec<_>, _>>()?;
    evaluate_prepared(&prepared, rows, params)
}

/// [`evaluate`] on blocks prepared once (for many selections of rows).
pub fn evaluate_prepared(
    blocks: &[Block],
    rows: Option<&[usize]>,
    params: &EvaluationParams,
) -> Result<Evaluation, EvaluationError> {
    let mut used = Vec::new();
    let mut used_blocks = Vec::new();
    for (b, block) in blocks.iter().enumerate() {
        if let Some(p) = block.select(rows)? {
            used.push(p);
            used_blocks.push(b);
        }
    }
    if used.is_empty() {
        return Err(EvaluationError::NothingToEvaluate);
    }
    let schools = (used.iter().zip(&used_blocks))
        .flat_map(|(p, &block)| {
            p.treated.iter().map(move |&(row, u)| {
                let (change, expected_change) = changes(p.drift, u);
                SchoolChange {
                    block,
                    row,
                    change,
                    expected_change,
                    effect: change - expected_change,
                }
            })
        })
        .collect();
    let drifts: Vec<f64> = used.iter().map(|p| p.drift).collect();
    let treated: Vec<(usize, Unit)> = (used.iter().enumerate())
        .flat_map(|(b, p)| p.treated.iter().map(move |&(_, u)| (b, u)))
        .collect();
    let (effect, naive) = means(&drifts, &treated);
    let (effects, naives) = bootstrap(&used, &treated, params);
    Ok(Evaluation {
        schools,
        effect: Estimate {
            value: effect,
            interval: percentiles(effects),
        },
        naive: Estimate {
            value: naive,
            interval: percentiles(naives),
        },
        comparisons: used.iter().map(|p| p.pool.len()).sum(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 300 schools of true compared results around 0 observed with noise twice; the 30 lowest at
    /// baseline supported, with `effect` added after.
    fn programme(seed: u64, effect: f64) -> EvaluationInput {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let mut normal = || {
            let u: f64 = rng.gen_range(f64::EPSILON..1.0);
            let v: f64 = rng.gen();
            (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
        };
        let truth: Vec<f64> = (0..300).map(|_| normal()).collect();
        let baseline: Vec<f64> = truth.iter().map(|t| t + 0.6 * normal()).collect();
        let mut order: Vec<usize> = (0..300).collect();
        order.sort_by(|&a, &b| baseline[a].total_cmp(&baseline[b]));
        let mut supported = vec![false; 300];
        for &i in &order[..30] {
            supported[i] = true;
        }
        let after = (0..300)
            .map(|i| Some(truth[i] + 0.6 * normal() + if supported[i] { effect } else { 0.0 }))
            .collect();
        EvaluationInput {
            judged: baseline.iter().map(|&b| Some((b, 0.36))).collect(),
            baseline: baseline.into_iter().map(Some).collect(),
            after,
            supported,
        }
    }

    #[test]
    fn regression_to_the_mean_is_not_taken_for_an_effect() {
        let (mut covered, mut naive_gain) = (0, 0);
        for seed in 0..10 {
            let e = evaluate(&[programme(seed, 0.0)], None, &EvaluationParams::default())
                .expect("evaluated");
            covered += usize::from(e.effect.interval.0 <= 0.0 && 0.0 <= e.effect.interval.1);
            // The lowest schools rise on their own: the naive figure shows a gain.
            naive_gain += usize::from(e.naive.interval.0 > 0.0);
        }
        assert!(covered >= 9, "0 covered in {covered} of 10");
        assert!(naive_gain >= 9, "a naive gain in {naive_gain} of 10");
    }

    #[test]
    fn a_planted_effect_is_found() {
        let (mut covered, mut excludes_zero) = (0, 0);
        for seed in 0..10 {
            let e = evaluate(&[programme(seed, 0.8)], None, &EvaluationParams::default())
                .expect("evaluated");
            covered += usize::from(e.effect.interval.0 <= 0.8 && 0.8 <= e.effect.interval.1);
            excludes_zero += usize::from(e.effect.interval.0 > 0.0);
        }
        assert!(covered >= 9, "0.8 covered in {covered} of 10");
        assert!(excludes_zero >= 8, "0 excluded in {excludes_zero} of 10");
    }

    #[test]
    fn one_school_gets_its_prediction_interval() {
        let mut covered = 0;
        for seed in 0..20 {
            let input = programme(seed, 0.0);
            let lowest = (0..300)
                .find(|&i| input.supported[i])
                .expect("a supported row");
            let e = evaluate(
                std::slice::from_ref(&input),
                Some(&[lowest]),
                &EvaluationParams::default(),
            )
            .expect("evaluated");
            assert_eq!(e.schools.len(), 1);
            // A year's noise of 0.6 twice: the change's own noise is about 0.85, not 0.
            let width = e.effect.interval.1 - e.effect.interval.0;
            assert!(width > 2.0, "width {width}");
            covered += usize::from(e.effect.interval.0 <= 0.0 && 0.0 <= e.effect.interval.1);
        }
        assert!(covered >= 17, "0 covered in {covered} of 20");
    }

    #[test]
    fn each_cohort_is_held_against_its_own_comparisons() {
        // Two cohorts: one with an effect of 0.8 and one with none; their mean is found.
        let blocks = [programme(3, 0.8), programme(4, 0.0)];
        let e = evaluate(&blocks, None, &EvaluationParams::default()).expect("evaluated");
        assert_eq!(e.schools.len(), 60);
        assert!(e.schools.iter().filter(|s| s.block == 1).count() == 30);
        assert!(e.effect.interval.0 <= 0.4 && 0.4 <= e.effect.interval.1);
        assert_eq!(e.comparisons, 540);
    }

    #[test]
    fn too_few_comparisons_or_nobody_to_evaluate_is_said() {
        let mut input = programme(1, 0.0);
        let params = EvaluationParams::default();
        input.supported = vec![true; 300];
        input.supported[..5].fill(false);
        assert_eq!(
            evaluate(std::slice::from_ref(&input), None, &params),
            Err(EvaluationError::TooFewComparisons { found: 5 })
        );
        let mut input = programme(1, 0.0);
        input.after = vec![None; 300];
        input.after[100..].fill(Some(0.0));
        input.supported = vec![false; 300];
        input.supported[0] = true;
        assert_eq!(
            evaluate(std::slice::from_ref(&input), Some(&[0]), &params),
            Err(EvaluationError::NothingToEvaluate)
        );
        assert_eq!(
            evaluate(
                &[EvaluationInput {
                    after: vec![],
                    ..input
                }],
                None,
                &params
            ),
            Err(EvaluationError::LengthMismatch)
        );
    }
}
