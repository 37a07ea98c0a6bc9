//! The objectivity screen in the analyst's words: each school's evidence on its ВПР results as
//! results.json writes it, and the caution its standing carries.

use advise::Doubt;
use model::Lang;
use serde::Serialize;

use crate::doc::r4;
use crate::text::decimal;

/// What the objectivity screen measured of a school's ВПР results, and what it found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResultsCheckDoc {
    /// Its ВПР results, in district standard deviations of the schools' means; `null`: no ВПР
    /// or no ОГЭ/ЕГЭ to confirm them.
    pub vpr_position: Option<f64>,
    /// Its ОГЭ and ЕГЭ results, the same way.
    pub exams_position: Option<f64>,
    /// How far `vpr_position − exams_position` stands above the district's usual gap, beyond
    /// chance, in standard deviations.
    pub gap_z: Option<f64>,
    /// Pupils exactly on a ВПР mark's threshold (every subject, year and mark); `null`: no
    /// pupils' scores with marks.
    pub at_threshold: Option<u32>,
    /// Pupils one point below a threshold.
    pub below_threshold: Option<u32>,
    /// Pupils expected on the thresholds, of both, at the district's share.
    pub expected_at_threshold: Option<f64>,
    /// `(at_threshold − expected_at_threshold)` over its binomial standard deviation.
    pub jump_z: Option<f64>,
    /// The signs found: `not_confirmed`, `threshold_jumps`; empty: none.
    pub signs: Vec<&'static str>,
    /// The signs with their evidence, in words; empty: none.
    pub caution: String,
}

/// A ranked school's evidence and signs; `None` where it has no ВПР results to screen.
pub(crate) fn check_doc(
    check: &features::ResultsCheck,
    doubts: &[Doubt],
    lang: Lang,
) -> Option<ResultsCheckDoc> {
    if check.confirmation.is_none() && check.thresholds.is_none() {
        return None;
    }
    let (c, t) = (check.confirmation, check.thresholds);
    Some(ResultsCheckDoc {
        vpr_position: c.map(|c| r4(c.vpr)),
        exams_position: c.map(|c| r4(c.exams)),
        gap_z: c.map(|c| r4(c.z)),
        at_threshold: t.map(|t| t.at),
        below_threshold: t.map(|t| t.below),
        expected_at_threshold: t.map(|t| r4(t.expected)),
        jump_z: t.map(|t| r4(t.z)),
        signs: doubts.iter().map(|d| sign_code(d)).collect(),
        caution: caution(check, doubts, lang),
    })
}

fn sign_code(d: &Doubt) -> &'static str {
    match d {
        Doubt::NotConfirmed { .. } => "not_confirmed",
        Doubt::ThresholdJumps { .. } => "threshold_jumps",
    }
}

/// The signs with their evidence, joined; empty without signs.
fn caution(check: &features::ResultsCheck, doubts: &[Doubt], lang: Lang) -> String {
    let d = |x: f64, places| decimal(x, places, lang);
    let said: Vec<String> = (doubts.iter())
        .filter_map(|doubt| match *doubt {
            Doubt::NotConfirmed { z } => {
                let c = check.confirmation?;
                Some(match lang {
                    Lang::Ru => format!(
                        "ВПР не подтверждаются ОГЭ и ЕГЭ: по ВПР школа на {} ст. откл. от среднего \
                         по району, по ОГЭ и ЕГЭ — на {} (разрыв больше обычного на {} ст. откл.)",
                        d(c.vpr, 2),
                        d(c.exams, 2),
                        d(z, 1)
                    ),
                    Lang::En => format!(
                        "VPR not confirmed by OGE and EGE: {} standard deviations from the \
                         district's mean on VPR, {} on OGE and EGE (a gap {} standard deviations \
                         beyond the usual)",
                        d(c.vpr, 2),
                        d(c.exams, 2),
                        d(z, 1)
                    ),
                })
            }
            Doubt::ThresholdJumps { z } => {
                let t = check.thresholds?;
                Some(match lang {
                    Lang::Ru => format!(
                        "ученики скапливаются на границах отметок ВПР: ровно на границе {}, на балл \
                         ниже {} (ожидалось на границе {} из {}; {} ст. откл.)",
                        t.at,
                        t.below,
                        d(t.expected, 0),
                        t.at + t.below,
                        d(z, 1)
                    ),
                    Lang::En => format!(
                        "pupils crowd onto the VPR marks' thresholds: {} exactly on one, {} a point \
                         below (expected on them: {} of {}; {} standard deviations)",
                        t.at,
                        t.below,
                        d(t.expected, 0),
                        t.at + t.below,
                        d(z, 1)
                    ),
                })
            }
        })
        .collect();
    said.join("; ")
}

/// The ranking's cell: the caution, "no signs", or nothing where nothing was screened.
pub(crate) fn cell_text(check: Option<&ResultsCheckDoc>, lang: Lang) -> String {
    match check {
        None => String::new(),
        Some(c) if c.signs.is_empty() => lang.pick("признаков нет", "no signs").to_owned(),
        Some(c) => c.caution.clone(),
    }
}
