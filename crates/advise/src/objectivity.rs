//! The objectivity screen's decision: a school whose ВПР results are not confirmed by its
//! independent exams (ОГЭ, ЕГЭ), or whose pupils crowd onto the marks' thresholds, is flagged
//! with the evidence; it is never a base school, and its standing carries the caution.

use crate::params::ValidAdviseParams;
use crate::standing::{Reason, Standing, Status};
use crate::Schools;

/// What the screen measured of a school's ВПР results (`features` computes it; docs/method.md).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ResultsEvidence {
    /// How far its ВПР stands above its ОГЭ and ЕГЭ, beyond chance and the district's usual
    /// spread, in standard deviations; `None`: not measured.
    pub gap_z: Option<f64>,
    /// How far more of its pupils sit exactly on a mark's threshold than one point below it
    /// than the district's share leads one to expect, in standard deviations; `None`: not
    /// measured.
    pub jump_z: Option<f64>,
}

/// A sign that a school's ВПР results are not objective.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Doubt {
    /// Its ВПР stands above its ОГЭ and ЕГЭ by `z` standard deviations.
    NotConfirmed {
        /// The screen's z.
        z: f64,
    },
    /// Its pupils crowd onto the marks' thresholds by `z` standard deviations.
    ThresholdJumps {
        /// The screen's z.
        z: f64,
    },
}

/// The signs of one school's evidence beyond the parameters' thresholds.
fn doubts(evidence: &ResultsEvidence, params: &ValidAdviseParams) -> Vec<Doubt> {
    let gap = (evidence.gap_z).filter(|&z| z > params.objectivity_gap_z());
    let jump = (evidence.jump_z).filter(|&z| z > params.objectivity_jump_z());
    (gap.map(|z| Doubt::NotConfirmed { z }).into_iter())
        .chain(jump.map(|z| Doubt::ThresholdJumps { z }))
        .collect()
}

/// Flags each school with signs of results that are not objective: the signs and a reason in
/// its standing, and a base school becomes regular. Nothing is done without evidence.
pub(crate) fn screen(schools: &Schools, params: &ValidAdviseParams, standings: &mut [Standing]) {
    for (s, evidence) in standings.iter_mut().zip(&schools.results) {
        s.doubts = doubts(evidence, params);
        if s.doubts.is_empty() {
            continue;
        }
        if s.status == Status::Base {
            s.status = Status::Regular;
        }
        s.reasons.push(Reason::ResultsInDoubt);
    }
}
