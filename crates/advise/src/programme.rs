//! Stage 5 over a whole programme: its cohorts (the schools each August supported for the
//! first time), each held at each later year against the schools not supported by then
//! (blocks of [`crate::evaluate`]); the district's effect one, two and three years on; each
//! supported school at its latest year (up to three); and whether a school's result rose
//! beyond its noise.

use std::collections::BTreeMap;

use crate::evaluation::{
    evaluate_prepared, Block, Evaluation, EvaluationError, EvaluationInput, EvaluationParams,
};
use crate::prior::Prior;

/// Years after its August at which a cohort's evaluation is final (the programme's rule).
pub const FINAL_YEARS: u16 = 3;

/// A programme's data: every school's compared result year by year and when it was first
/// supported.
#[derive(Debug, Clone, Copy)]
pub struct ProgrammeInput<'a> {
    /// The years of results, ascending.
    pub years: &'a [u16],
    /// Each year's compared result of each row: `[year][row]`, `None` where it has none.
    pub compared: &'a [Vec<Option<f64>>],
    /// Each year's noise (standard deviation) of those results: `[year][row]`.
    pub noise: &'a [Vec<Option<f64>>],
    /// The August each row was first supported in (its cohort); `None`: never.
    pub cohort: &'a [Option<u16>],
}

/// One block: a cohort held at a later year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockAt {
    /// The cohort's August (its baseline year).
    pub cohort: u16,
    /// The later year of results.
    pub year: u16,
}

impl ProgrammeInput<'_> {
    /// The cohorts, ascending.
    pub fn cohorts(&self) -> Vec<u16> {
        let mut cohorts: Vec<u16> = self.cohort.iter().flatten().copied().collect();
        cohorts.sort_unstable();
        cohorts.dedup();
        cohorts
    }

    /// The compared result of `row` in `year`.
    pub fn at(&self, row: usize, year: u16) -> Option<f64> {
        let y = self.years.iter().position(|&y| y == year)?;
        self.compared.get(y)?.get(row).copied().flatten()
    }

    /// What `row` stood on at August `cohort` and its noise variance: the mean of its
    /// compared results of every year up to that August (all that anyone could have judged
    /// it on then, so that however it was chosen, schools that stood alike are alike), each
    /// weighed by its precision (its pupils' noise and the district's year-to-year
    /// `wobble`); `None` without any.
    pub fn standing(&self, row: usize, cohort: u16, wobble: f64) -> Option<(f64, f64)> {
        let (sum, precision) = (self.years.iter().filter(|&&y| y <= cohort))
            .filter_map(|&y| {
                let v = self.noise_at(row, y).unwrap_or(0.0).powi(2) + wobble;
                Some((self.at(row, y)?, 1.0 / v.max(1e-6)))
            })
            .fold((0.0, 0.0), |(s, p), (x, w)| (s + x * w, p + w));
        (precision > 0.0).then(|| (sum / precision, 1.0 / precision))
    }

    /// The district's year-to-year wobble of a school's result beyond its pupils' noise (a
    /// variance), from the schools never supported: half the mean squared change between
    /// consecutive years less the two years' noise, at least 0.
    pub fn wobble(&self) -> f64 {
        let (mut sum, mut count) = (0.0, 0usize);
        for row in (0..self.cohort.len()).filter(|&i| self.cohort[i].is_none()) {
            for pair in self.years.windows(2) {
                let (Some(a), Some(b)) = (self.at(row, pair[0]), self.at(row, pair[1])) else {
                    continue;
                };
                let noise = |y| self.noise_at(row, y).unwrap_or(0.0).powi(2);
                sum += ((b - a).powi(2) - noise(pair[0]) - noise(pair[1])) / 2.0;
                count += 1;
            }
        }
        if count == 0 {
            0.0
        } else {
            (sum / count as f64).max(0.0)
        }
    }

    /// The noise of `row`'s result in `year`.
    fn noise_at(&self, row: usize, year: u16) -> Option<f64> {
        let y = self.years.iter().position(|&y| y == year)?;
        self.noise.get(y)?.get(row).copied().flatten()
    }

    /// The block of cohort `at.cohort` at `at.year`: its rows supported, the rows not
    /// supported by `at.year` (never, or first in that August or later) its comparisons,
    /// every other row left out.
    pub fn block(&self, at: BlockAt, wobble: f64) -> EvaluationInput {
        let n = self.cohort.len();
        // Every row's standing, supported or not: the prior is the whole district's.
        let judged: Vec<Option<(f64, f64)>> = (0..n)
            .map(|i| self.standing(i, at.cohort, wobble))
            .collect();
        let comparison = |c: Option<u16>| c.is_none_or(|c| c >= at.year);
        let kept = |i: usize| self.cohort[i] == Some(at.cohort) || comparison(self.cohort[i]);
        EvaluationInput {
            baseline: (0..n)
                .map(|i| self.at(i, at.cohort).filter(|_| kept(i)))
                .collect(),
            judged,
            after: (0..n).map(|i| self.at(i, at.year)).collect(),
            supported: (0..n).map(|i| self.cohort[i] == Some(at.cohort)).collect(),
        }
    }

    /// Every cohort at `years_after` years on, where the data reach it.
    pub fn blocks_at(&self, years_after: u16) -> Vec<BlockAt> {
        (self.cohorts().into_iter())
            .map(|cohort| BlockAt {
                cohort,
                year: cohort + years_after,
            })
            .filter(|b| self.years.contains(&b.year))
            .collect()
    }

    /// Each cohort at its latest year of results, up to [`FINAL_YEARS`] on: where each of its
    /// schools is judged.
    pub fn latest_blocks(&self) -> Vec<BlockAt> {
        let last = self.years.last().copied().unwrap_or(0);
        (self.cohorts().into_iter())
            .filter(|&c| last > c)
            .map(|cohort| BlockAt {
                cohort,
                year: last.min(cohort + FINAL_YEARS),
            })
            .filter(|b| self.years.contains(&b.year) && self.years.contains(&b.cohort))
            .collect()
    }

    /// `blocks` prepared for evaluation with the district's `wobble`; the prior of a cohort's
    /// standings (the same in each of its blocks) fitted once, kept in `priors`.
    fn prepare(
        &self,
        blocks: &[BlockAt],
        wobble: f64,
        priors: &mut BTreeMap<u16, Prior>,
    ) -> Result<Vec<Block>, EvaluationError> {
        (blocks.iter())
            .map(|&b| {
                let input = self.block(b, wobble);
                let prior = priors.entry(b.cohort).or_insert_with(|| Prior::of(&input));
                Block::with_prior(&input, prior)
            })
            .collect()
    }

    /// Whether `row`'s result rose from `from` to `to` by more than the noise of both years
    /// allows (the rise less 1.96 standard deviations of the difference is above 0); `None`
    /// without both results.
    pub fn rose_beyond_noise(&self, row: usize, from: u16, to: u16) -> Option<bool> {
        let rise = self.at(row, to)? - self.at(row, from)?;
        let sd = |y| self.noise_at(row, y).unwrap_or(0.0);
        let noise = (sd(from).powi(2) + sd(to).powi(2)).sqrt();
        Some(rise - model::INTERVAL_Z * noise > 0.0)
    }
}

/// A pair of the programme by rows: a supported school and its base school.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PairRows {
    /// The supported (low) school's row.
    pub low: usize,
    /// Its base school's row.
    pub base: usize,
}

/// What stage 5 found over the programme.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgrammeEvaluation {
    /// The district's effect one, two, … [`FINAL_YEARS`] years after each cohort's August,
    /// where the data reach so far: `(years after, evaluation)`.
    pub by_years: Vec<(u16, Result<Evaluation, EvaluationError>)>,
    /// Each supported school at its latest year (up to [`FINAL_YEARS`] on), the district's
    /// mean over them; its `schools` are each school's own evaluation.
    pub latest: Result<Evaluation, EvaluationError>,
    /// Each supported school alone at its latest year: `(row, evaluation)`, by row.
    pub schools: Vec<(usize, Result<Evaluation, EvaluationError>)>,
    /// Each base school's supported partners together: `(base row, evaluation)`, by row.
    pub bases: Vec<(usize, Result<Evaluation, EvaluationError>)>,
    /// Each group's supported schools together: `(group, evaluation)`, by group.
    pub groups: Vec<(usize, Result<Evaluation, EvaluationError>)>,
}

/// Stage 5 over the programme: the district by years after, each school at its latest year,
/// and each pair, base school and group (`groups`: each row's group at its cohort's August).
pub fn evaluate_programme(
    input: &ProgrammeInput<'_>,
    pairs: &[PairRows],
    groups: &[Option<usize>],
    params: &EvaluationParams,
) -> ProgrammeEvaluation {
    let (wobble, mut priors) = (input.wobble(), BTreeMap::new());
    let by_years = (1..=FINAL_YEARS)
        .map(|h| (h, input.blocks_at(h)))
        .filter(|(_, blocks)| !blocks.is_empty())
        .map(|(h, blocks)| {
            let found = input
                .prepare(&blocks, wobble, &mut priors)
                .and_then(|b| evaluate_prepared(&b, None, params));
            (h, found)
        })
        .collect();
    let latest = input.prepare(&input.latest_blocks(), wobble, &mut priors);
    let of = |rows: Option<&[usize]>| match &latest {
        Ok(blocks) => evaluate_prepared(blocks, rows, params),
        Err(e) => Err(*e),
    };
    let mut bases: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for p in pairs {
        bases.entry(p.base).or_default().push(p.low);
    }
    let mut by_group: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (row, g) in groups.iter().enumerate() {
        if let (Some(g), Some(_)) = (g, input.cohort.get(row).copied().flatten()) {
            by_group.entry(*g).or_default().push(row);
        }
    }
    ProgrammeEvaluation {
        by_years,
        latest: of(None),
        schools: (0..input.cohort.len())
            .filter(|&i| input.cohort[i].is_some())
            .map(|i| (i, of(Some(&[i]))))
            .collect(),
        bases: bases
            .into_iter()
            .map(|(b, rows)| (b, of(Some(&rows))))
            .collect(),
        groups: by_group
            .into_iter()
            .map(|(g, rows)| (g, of(Some(&rows))))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Four rows over 2022–2025: row 0 supported from 2023, row 1 from 2024, rows 2–3 never.
    fn input<'a>(
        compared: &'a [Vec<Option<f64>>],
        noise: &'a [Vec<Option<f64>>],
    ) -> ProgrammeInput<'a> {
        ProgrammeInput {
            years: &[2022, 2023, 2024, 2025],
            compared,
            noise,
            cohort: &[Some(2023), Some(2024), None, None],
        }
    }

    #[test]
    fn a_later_cohort_compares_until_it_is_supported() {
        let compared = vec![vec![Some(0.0); 4]; 4];
        let noise = vec![vec![Some(0.1); 4]; 4];
        let p = input(&compared, &noise);
        assert_eq!(p.cohorts(), vec![2023, 2024]);
        // 2023's cohort a year on: row 1 (supported from 2024, help shows in 2025) compares.
        let b = p.block(
            BlockAt {
                cohort: 2023,
                year: 2024,
            },
            0.0,
        );
        assert_eq!(b.supported, vec![true, false, false, false]);
        assert!(b.baseline.iter().all(Option::is_some));
        // Two years on, row 1 is helped: left out.
        let b = p.block(
            BlockAt {
                cohort: 2023,
                year: 2025,
            },
            0.0,
        );
        assert_eq!(b.baseline[1], None);
        assert_eq!(
            p.blocks_at(2),
            vec![BlockAt {
                cohort: 2023,
                year: 2025
            }]
        );
        assert_eq!(
            p.latest_blocks(),
            vec![
                BlockAt {
                    cohort: 2023,
                    year: 2025
                },
                BlockAt {
                    cohort: 2024,
                    year: 2025
                }
            ]
        );
    }

    #[test]
    fn a_rise_counts_only_beyond_noise() {
        let mut compared = vec![vec![Some(0.0); 4]; 4];
        compared[3][0] = Some(0.5);
        compared[3][1] = Some(0.2);
        let noise = vec![vec![Some(0.1); 4]; 4];
        let p = input(&compared, &noise);
        // 0.5 against 1.96 × 0.141 = 0.277: beyond; 0.2: not.
        assert_eq!(p.rose_beyond_noise(0, 2023, 2025), Some(true));
        assert_eq!(p.rose_beyond_noise(1, 2023, 2025), Some(false));
        assert_eq!(p.rose_beyond_noise(1, 2023, 2030), None);
    }
}
