//! The evidence on whether a school's ВПР results are objective: are they confirmed by its
//! independent exams (ОГЭ, ЕГЭ), and are its pupils' scores free of jumps onto the marks'
//! thresholds. Numbers only: `advise` decides whom they flag (docs/method.md).

use std::collections::BTreeMap;

use model::{District, ExamKind};

use crate::exams::{ExamIndex, Tally};
use crate::stats::median;
use crate::yearly::Window;

/// Schools with both ВПР and exam results needed to tell a school's gap from the district's.
pub const MIN_CONFIRMING_SCHOOLS: usize = 8;
/// Pupils of the district at a threshold and the score below it needed to read the threshold.
const MIN_AT_THRESHOLD: u32 = 20;
/// The highest primary score read for thresholds (ВПР scores are whole numbers within it).
const MAX_SCORE: usize = 100;

/// What the screen measured of one school's ВПР results.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ResultsCheck {
    /// ВПР against the independent exams; `None` where the school lacks either, or the
    /// district has too few schools with both.
    pub confirmation: Option<Confirmation>,
    /// Its pupils at the marks' thresholds; `None` without pupils' ВПР scores and marks.
    pub thresholds: Option<ThresholdJumps>,
}

/// A school's position on ВПР against its position on ОГЭ and ЕГЭ.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Confirmation {
    /// Its ВПР results, in district standard deviations of the schools' means.
    pub vpr: f64,
    /// Its ОГЭ and ЕГЭ results, the same way.
    pub exams: f64,
    /// How far `vpr − exams` lies above the district's usual gap, in standard deviations of
    /// the gap (its spread between schools and the chance of the school's cohorts).
    pub z: f64,
}

/// A school's pupils at the lowest score of a mark and one point below it, over every
/// threshold of every ВПР subject and year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ThresholdJumps {
    /// Pupils exactly at a threshold.
    pub at: u32,
    /// Pupils one point below one.
    pub below: u32,
    /// Pupils expected at the thresholds, of `at + below`, at the district's share.
    pub expected: f64,
    /// `(at − expected)` over its binomial standard deviation.
    pub z: f64,
}

/// The screen's evidence for each included school (`included`: district positions, by row).
pub(crate) fn check_results(
    district: &District,
    window: &Window,
    exam_index: &BTreeMap<ExamKind, ExamIndex>,
    included: &[usize],
) -> Vec<ResultsCheck> {
    let confirmation = confirmations(exam_index, included);
    let thresholds = threshold_jumps(district, window, included);
    confirmation
        .into_iter()
        .zip(thresholds)
        .map(|(confirmation, thresholds)| ResultsCheck {
            confirmation,
            thresholds,
        })
        .collect()
}

/// A position and its noise variance, pooled over the window from exam indices' tallies.
fn position(z: &[&Tally], noise: &[&Tally]) -> Option<(f64, f64)> {
    let n: f64 = z.iter().map(|t| t.n).sum();
    let sum: f64 = z.iter().map(|t| t.sum).sum();
    let noise: f64 = noise.iter().map(|t| t.sum).sum();
    (n > 0.0).then(|| (sum / n, noise / (n * n)))
}

/// Each row's ВПР position against its ОГЭ and ЕГЭ position: the gap standardised by the
/// district's robust centre and spread of gaps (median, MAD) less what chance explains.
fn confirmations(
    exam_index: &BTreeMap<ExamKind, ExamIndex>,
    included: &[usize],
) -> Vec<Option<Confirmation>> {
    let tallies = |kind: ExamKind| {
        exam_index
            .get(&kind)
            .map(|x| (x.z.pooled_tallies(), x.noise.pooled_tallies()))
    };
    let (Some(vpr), Some(oge), Some(ege)) = (
        tallies(ExamKind::Vpr),
        tallies(ExamKind::Oge),
        tallies(ExamKind::Ege),
    ) else {
        return vec![None; included.len()];
    };
    // Per row: ВПР position, exam position, the gap's noise variance.
    let rows: Vec<Option<(f64, f64, f64)>> = (included.iter())
        .map(|&i| {
            let (v, vn) = position(&[&vpr.0[i]], &[&vpr.1[i]])?;
            let (e, en) = position(&[&oge.0[i], &ege.0[i]], &[&oge.1[i], &ege.1[i]])?;
            Some((v, e, vn + en))
        })
        .collect();
    let known: Vec<(f64, f64)> = rows.iter().flatten().map(|&(v, e, n)| (v - e, n)).collect();
    if known.len() < MIN_CONFIRMING_SCHOOLS {
        return vec![None; included.len()];
    }
    let middle = |v: Vec<f64>| median(&v).unwrap_or(0.0);
    let centre = middle(known.iter().map(|g| g.0).collect());
    let mad = middle(known.iter().map(|g| (g.0 - centre).abs()).collect());
    let chance = middle(known.iter().map(|g| g.1).collect());
    // The gaps' spread between schools beyond chance: 1.4826 · MAD estimates a standard
    // deviation, robust to the schools the screen is looking for.
    let between = ((1.4826 * mad).powi(2) - chance).max(0.0);
    (rows.into_iter())
        .map(|row| {
            let (vpr, exams, noise) = row?;
            let sd = (between + noise).sqrt();
            let gap = vpr - exams - centre;
            let z = if sd > 1e-12 { gap / sd } else { 0.0 };
            Some(Confirmation { vpr, exams, z })
        })
        .collect()
}

/// One cell's scores (a subject's ВПР of one year): pupils per whole score and mark 2–5.
type Histogram = Vec<[u32; 4]>;

/// A ВПР row's cell, whole score and mark, if it has both within range and is in the window.
fn scored_mark(r: &model::ExamRecord, window: &Window) -> Option<(u16, usize, usize)> {
    let (score, mark) = (r.score?, r.mark?);
    window.slot(r.year)?;
    let whole = (score.fract() == 0.0 && (0.0..=MAX_SCORE as f64).contains(&score))
        .then_some(score as usize)?;
    (2..=5)
        .contains(&mark)
        .then_some((r.year, whole, usize::from(mark - 2)))
}

/// Each cell's thresholds (the lowest score of the marks 3, 4 and 5, read from the district's
/// pupils: the first score whose most common mark reaches it, with a lower score whose most
/// common mark does not) with the district's share of pupils at the threshold, of those at it
/// and one point below.
fn thresholds(histogram: &Histogram) -> Vec<(usize, f64)> {
    let modal: Vec<Option<usize>> = (histogram.iter())
        .map(|c| {
            let top = (0..4).max_by_key(|&m| (c[m], std::cmp::Reverse(m)))?;
            (c[top] > 0).then_some(top)
        })
        .collect();
    let mut out = Vec::new();
    for mark in 1..4 {
        let Some(t) = (1..modal.len()).find(|&s| modal[s].is_some_and(|m| m >= mark)) else {
            continue;
        };
        if !modal[..t].iter().any(|m| m.is_some_and(|m| m < mark)) {
            continue;
        }
        let count = |s: usize| histogram[s].iter().sum::<u32>();
        let (at, below) = (count(t), count(t - 1));
        if at + below >= MIN_AT_THRESHOLD {
            out.push((t, f64::from(at) / f64::from(at + below)));
        }
    }
    out
}

/// Each row's pupils at the thresholds of its cells against the district's share there.
fn threshold_jumps(
    district: &District,
    window: &Window,
    included: &[usize],
) -> Vec<Option<ThresholdJumps>> {
    let vpr = || (district.exams.iter()).filter(|r| r.exam == ExamKind::Vpr);
    let mut cells: BTreeMap<(u16, &model::Subject), Histogram> = BTreeMap::new();
    for r in vpr() {
        if let Some((year, score, mark)) = scored_mark(r, window) {
            let h =
                (cells.entry((year, &r.subject))).or_insert_with(|| vec![[0; 4]; MAX_SCORE + 1]);
            h[score][mark] += 1;
        }
    }
    let thresholds: BTreeMap<_, _> = cells
        .iter()
        .map(|(cell, h)| (*cell, thresholds(h)))
        .collect();
    // Per school: at, below, expected at, binomial variance.
    let mut tallies = vec![(0u32, 0u32, 0.0, 0.0); district.schools.len()];
    let mut read = vec![false; district.schools.len()];
    for r in vpr() {
        let Some((year, score, _)) = scored_mark(r, window) else {
            continue;
        };
        let i = r.school.get();
        read[i] = true;
        let cell = &thresholds[&(year, &r.subject)];
        if let Some(&(t, p)) = cell.iter().find(|(t, _)| score == *t || score + 1 == *t) {
            let tally = &mut tallies[i];
            if score == t {
                tally.0 += 1;
            } else {
                tally.1 += 1;
            }
            tally.2 += p;
            tally.3 += p * (1.0 - p);
        }
    }
    (included.iter())
        .map(|&i| {
            let (at, below, expected, variance) = tallies[i];
            read[i].then(|| ThresholdJumps {
                at,
                below,
                expected,
                z: if variance > 0.0 {
                    (f64::from(at) - expected) / variance.sqrt()
                } else {
                    0.0
                },
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn histogram(cells: &[(usize, usize, u32)]) -> Histogram {
        let mut h = vec![[0; 4]; MAX_SCORE + 1];
        for &(score, mark, n) in cells {
            h[score][mark - 2] += n;
        }
        h
    }

    #[test]
    fn thresholds_are_the_first_scores_of_each_mark_with_the_district_share_at_them() {
        // Marks 3 from 5, 4 from 10, 5 from 15; 10 pupils at every score, 30 at 10.
        let mut cells: Vec<(usize, usize, u32)> = (0..=20)
            .map(|s| (s, 2 + [5, 10, 15].iter().filter(|&&t| s >= t).count(), 10))
            .collect();
        cells[10].2 = 30;
        let found = thresholds(&histogram(&cells));
        assert_eq!(found, vec![(5, 0.5), (10, 0.75), (15, 0.5)]);
    }

    #[test]
    fn a_stray_mark_does_not_move_a_threshold_and_thin_thresholds_are_not_read() {
        // One pupil given a 5 at the score 3 (a typing slip) among nine with a 2.
        let cells = [
            (3, 2, 9),
            (3, 5, 1),
            (4, 2, 10),
            (5, 3, 10),
            (6, 3, 10),
            (7, 4, 5),
        ];
        let found = thresholds(&histogram(&cells));
        // 3 from 5; the 4 has no pupils below it at 6 … only 10 + 5 = 15 < 20 pupils.
        assert_eq!(found, vec![(5, 0.5)]);
    }
}
