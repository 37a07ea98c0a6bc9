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
}

/// Exam takers in a reading: each exam's per school, and the ЕГЭ and ОГЭ together per included row.
pub(crate) type Takers = (BTreeMap<ExamKind, Vec<f64>>, Vec<f64>);

impl CompositeInput<'_> {
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

    /// Each included school's composite in a reading, with its noise weight
    /// (see `shrink`); `None` for a school with none of its parts. The
    /// composite is the weighted mean of the parts a school has — the indices
    /// as they are (standard units within each exam cell), others scaled over
    /// the included schools, turned where lower is better; an index's noise is
    /// 1 / its takers, another indicator's 1 / the school's exam takers.
    pub(crate) fn read(&self, reading: Reading, notes: &mut Vec<Note>) -> Vec<Option<(f64, f64)>> {
        let rows = self.included.len();
        let (takers_by_kind, takers) = self.takers(reading);
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
                    Some(kind) => values
                        .iter()
                        .zip(self.included)
                        .map(|(v, &i)| Some(((*v)?, 1.0 / takers_by_kind[&kind][i])))
                        .collect(),
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
                                        let noise = if t > 0.0 { 1.0 / t } else { 0.0 };
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
