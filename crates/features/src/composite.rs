//! The composite outcome: the outcome indicators read over the window of years or one year,
//! scaled and weighed, with each school's noise (its takers).

use super::*;

/// An indicator's values scaled by `method`, noting the values capped; `None` when they do not vary.
pub(crate) fn scale(
    values: &[f64],
    method: Normalisation,
    indicator: &Indicator,
    notes: &mut Vec<Note>,
) -> Option<Vec<f64>> {
    let (scaled, capped) = normalise::normalise(values, method)?;
    if capped > 0 {
        notes.push(Note::Capped {
            indicator: indicator.clone(),
            count: capped,
        });
    }
    Some(scaled)
}

/// A weighted part of the composite: its weight, and each school's value and noise weight.
pub(crate) type Part = (f64, Vec<Option<(f64, f64)>>);

/// An outcome indicator's values: per year of the window, or, for an extra
/// table, each school's latest value whatever the reading.
pub(crate) enum OutcomeValues {
    Yearly(Yearly),
    Latest(Vec<Option<f64>>),
}

/// Which results a reading of the outcomes takes: the whole window pooled, or one year of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reading {
    Window,
    Year(usize),
}

pub(crate) struct Outcome {
    pub(crate) indicator: Indicator,
    pub(crate) values: OutcomeValues,
}

impl Outcome {
    /// Each school's value in a reading.
    pub(crate) fn read(&self, reading: Reading) -> Vec<Option<f64>> {
        match (&self.values, reading) {
            (OutcomeValues::Yearly(y), Reading::Window) => y.pooled(),
            (OutcomeValues::Yearly(y), Reading::Year(slot)) => y.year(slot),
            (OutcomeValues::Latest(v), _) => v.clone(),
        }
    }
}

/// Each school's tallies of an exam's index noise in a reading (see [`ExamIndex::noise`]).
fn noise_tallies(index: &ExamIndex, reading: Reading) -> Vec<Tally> {
    match reading {
        Reading::Window => index.noise.pooled_tallies(),
        Reading::Year(slot) => index.noise.year_tallies(slot).to_vec(),
    }
}

/// The mean noise variance of one taker's result over the ЕГЭ and ОГЭ cells of a reading, in
/// their standard units: the noise of an outcome that is not an index (a share, a mean score
/// scaled over the schools) per taker, for want of its own.
fn mean_noise_per_taker(index: &BTreeMap<ExamKind, ExamIndex>, reading: Reading) -> f64 {
    let (sum, n) = [ExamKind::Ege, ExamKind::Oge]
        .iter()
        .filter_map(|k| index.get(k))
        .flat_map(|x| noise_tallies(x, reading))
        .fold((0.0, 0.0), |(s, n), t| (s + t.sum, n + t.n));
    if n > 0.0 {
        sum / n
    } else {
        0.0
    }
}

/// Each school's takers of an exam in a reading.
pub(crate) fn takers_of(index: &ExamIndex, reading: Reading) -> Vec<f64> {
    match reading {
        Reading::Window => index.z.pooled_tallies().iter().map(|t| t.n).collect(),
        Reading::Year(slot) => index.z.year_tallies(slot).iter().map(|t| t.n).collect(),
    }
}

/// What the composite of one reading is made of.
pub(crate) struct CompositeInput<'a> {
    pub(crate) outcomes: &'a [Outcome],
    /// Outcomes of the composite (by position in `outcomes`) and their weights.
    pub(crate) weighted: &'a [(usize, f64)],
    pub(crate) exam_index: &'a BTreeMap<ExamKind, ExamIndex>,
    /// Included schools, by district position.
    pub(crate) included: &'a [usize],
    pub(crate) normalisation: Normalisation,
    /// The district and the window, for the cohorts of distinct pupils.
    pub(crate) district: &'a District,
    pub(crate) window: &'a Window,
}

/// Exam takers in a reading: each exam's per school, and the ЕГЭ and ОГЭ together per included row.
pub(crate) type Takers = (BTreeMap<ExamKind, Vec<f64>>, Vec<f64>);

impl CompositeInput<'_> {
    /// Each included row's distinct ЕГЭ and ОГЭ pupils in a reading (see `pupils::cohorts`).
    pub(crate) fn cohorts(&self, reading: Reading) -> Vec<u32> {
        let slot = match reading {
            Reading::Window => None,
            Reading::Year(slot) => Some(slot),
        };
        let all = crate::pupils::cohorts(self.district, self.window, slot);
        self.included.iter().map(|&i| all[i]).collect()
    }

    pub(crate) fn takers(&self, reading: Reading) -> Takers {
        let by_kind: BTreeMap<ExamKind, Vec<f64>> = [ExamKind::Ege, ExamKind::Oge]
            .into_iter()
            .map(|k| (k, takers_of(&self.exam_index[&k], reading)))
            .collect();
        let total = self
            .included
            .iter()
            .map(|&i| by_kind.values().map(|t| t[i]).sum())
            .collect();
        (by_kind, total)
    }

    /// Each included school's composite in a reading, with its noise variance
    /// (see `shrink`); `None` for a school with none of its parts. The
    /// composite is the weighted mean of the parts a school has — the indices
    /// as they are (standard units within each exam cell), others scaled over
    /// the included schools, turned where lower is better; an index's noise is
    /// its own (from the spread of results within schools, [`ExamIndex::noise`]),
    /// another indicator's the mean noise of one taker's result over the school's takers.
    pub(crate) fn read(&self, reading: Reading, notes: &mut Vec<Note>) -> Vec<Option<(f64, f64)>> {
        let rows = self.included.len();
        let (_, takers) = self.takers(reading);
        let per_taker = mean_noise_per_taker(self.exam_index, reading);
        let parts: Vec<Part> = self
            .weighted
            .iter()
            .map(|&(k, weight)| {
                let outcome = &self.outcomes[k];
                let all = outcome.read(reading);
                let values: Vec<Option<f64>> = self.included.iter().map(|&i| all[i]).collect();
                let index_of = match outcome.indicator {
                    Indicator::EgeIndex => Some(ExamKind::Ege),
                    Indicator::OgeIndex => Some(ExamKind::Oge),
                    _ => None,
                };
                let parts = match index_of {
                    Some(kind) => {
                        let noise = noise_tallies(&self.exam_index[&kind], reading);
                        (values.iter().zip(self.included))
                            .map(|(v, &i)| Some(((*v)?, ExamIndex::noise_variance(noise[i])?)))
                            .collect()
                    }
                    None => {
                        let observed: Vec<f64> = values.iter().flatten().copied().collect();
                        let sign = if outcome.indicator.direction() == Direction::LowerIsBetter {
                            -1.0
                        } else {
                            1.0
                        };
                        match scale(&observed, self.normalisation, &outcome.indicator, notes) {
                            Some(scaled) => {
                                let mut scaled = scaled.into_iter();
                                values
                                    .iter()
                                    .zip(&takers)
                                    .map(|(v, &t)| {
                                        v.as_ref()?;
                                        let noise = if t > 0.0 { per_taker / t } else { 0.0 };
                                        Some((sign * scaled.next()?, noise))
                                    })
                                    .collect()
                            }
                            None => vec![None; rows],
                        }
                    }
                };
                (weight, parts)
            })
            .collect();
        (0..rows)
            .map(|r| {
                let have: Vec<(f64, f64, f64)> = parts
                    .iter()
                    .filter_map(|(w, v)| v[r].map(|(x, e)| (*w, x, e)))
                    .collect();
                let total: f64 = have.iter().map(|h| h.0).sum();
                (total > 0.0).then(|| {
                    (
                        have.iter().map(|h| h.0 * h.1).sum::<f64>() / total,
                        have.iter().map(|h| h.0 * h.0 * h.2).sum::<f64>() / (total * total),
                    )
                })
            })
            .collect()
    }
}

/// The mean of the window's composite and the latest year's, with its noise
/// weight: the latest year is part of the window, so with `w` the window's
/// and `l` the latest's noise weights the mean's is `(3w + l) / 4`. A school
/// with only one of them keeps that one.
pub(crate) fn both(window: Option<(f64, f64)>, latest: Option<(f64, f64)>) -> Option<(f64, f64)> {
    match (window, latest) {
        (Some((x, w)), Some((y, l))) => Some(((x + y) / 2.0, (3.0 * w + l) / 4.0)),
        (one, None) | (None, one) => one,
    }
}
