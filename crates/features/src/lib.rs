//! From a district's records to a per-school indicator table.
//!
//! Pure: data in, data out. Each indicator has a role: `context` indicators
//! describe conditions a school cannot choose and form the peer groups;
//! `outcome` indicators are what schools are ranked on; `resource` indicators
//! explain gaps and are what the district can act on.

mod criteria;
mod indicator;
mod normalise;
mod params;
mod results;
mod stats;
mod yearly;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use model::{
    Category, District, ExamKind, OlympiadResult, OlympiadStage, PassportField, Qualification,
    SchoolIx, SchoolKind, Settlement,
};

pub use criteria::{
    regional_criteria, CriteriaRow, RegionalCriteria, BOTTOM_SHARE, CRITERIA_YEARS,
};
pub use indicator::{Direction, Indicator, Role, Unit};
pub use normalise::{Normalisation, OUTLIER_CAP};
pub use params::{
    Basis, FeatureParamError, FeatureParams, MissingContext, ValidFeatureParams, Years,
    YearsRequest, DEFAULT_YEARS,
};
pub use results::{
    ege_minimum, is_compulsory, EGE_FOREIGN_LANGUAGE_MINIMUM, EGE_HIGH_SCORE, EGE_MINIMUM_SCORES,
    THREE_SUBJECT_TOTALS,
};
pub use stats::{mean, median, std_dev, z_scores};
pub use yearly::trend;

use yearly::{Window, Yearly};

/// Share of context indicators a school may miss before it is excluded.
pub const MAX_MISSING_CONTEXT_SHARE: f64 = 0.5;
/// Years of experience up to which a teacher counts as young.
pub const YOUNG_TEACHER_YEARS: f64 = 3.0;
/// The age from which a teacher counts in the share of teachers aged 60 or more.
pub const OLDER_TEACHER_AGE: f64 = 60.0;

/// Why a school is left out of grouping and ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExclusionReason {
    /// No ЕГЭ or ОГЭ result in the years used.
    NoExamResults,
    /// Exam results, but none of the outcome indicators of the composite.
    NoWeightedOutcome,
    /// The composite is built on the latest year (`[outcome] basis = "latest"`)
    /// and the school has none of its outcomes that year.
    NoLatestResults { year: u16 },
    /// Too many passport values are missing to place the school among peers.
    MissingContext { missing: usize, total: usize },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exclusion {
    pub school: SchoolIx,
    pub reason: ExclusionReason,
}

/// Something the analyst should know about how the indicators were built.
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    /// The indicator has one value for every school and cannot separate them; it was not used.
    ConstantIndicator(Indicator),
    /// Missing values were filled with the district median.
    Imputed { indicator: Indicator, count: usize },
    /// Values beyond [`OUTLIER_CAP`] (robust) standard deviations were capped there.
    Capped { indicator: Indicator, count: usize },
}

/// The school-kind split: a school that teaches up to grade 9 at most is
/// never the peer of a school with grades 10–11.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// Primary (НОШ) and basic (ООШ) schools.
    UpToBasic,
    /// Secondary schools (СОШ), gymnasiums and lyceums.
    FullSecondary,
}

impl Tier {
    /// Every tier, by its part number (see [`Profiles::parts`]).
    pub const ALL: [Tier; 2] = [Tier::UpToBasic, Tier::FullSecondary];

    /// The tier of a school: by its kind; a school of unknown kind is full
    /// secondary when it has ЕГЭ results.
    fn of(kind: Option<SchoolKind>, has_ege: bool) -> Tier {
        match kind {
            Some(SchoolKind::Primary | SchoolKind::Basic) => Tier::UpToBasic,
            Some(SchoolKind::Secondary | SchoolKind::Gymnasium | SchoolKind::Lyceum) => {
                Tier::FullSecondary
            }
            None if has_ege => Tier::FullSecondary,
            None => Tier::UpToBasic,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Tier::UpToBasic => "up_to_basic",
            Tier::FullSecondary => "full_secondary",
        }
    }

    pub fn name(self, lang: model::Lang) -> &'static str {
        match self {
            Tier::UpToBasic => lang.pick("начальные и основные школы", "primary and basic schools"),
            Tier::FullSecondary => lang.pick("средние школы", "full secondary schools"),
        }
    }
}

/// One indicator's values for the included schools.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorColumn {
    pub indicator: Indicator,
    pub values: Vec<Option<f64>>,
    /// Whether each value was imputed rather than observed.
    pub imputed: Vec<bool>,
}

/// An outcome indicator year by year, for the included schools.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorYears {
    pub indicator: Indicator,
    /// `[year][row]`, the years of [`Profiles::years`].
    pub values: Vec<Vec<Option<f64>>>,
    /// Each row's least-squares slope over the years (units per year); `None`
    /// with fewer than two years of values.
    pub trend: Vec<Option<f64>>,
}

/// The indicator table of the schools that can be grouped and ranked.
#[derive(Debug, Clone, PartialEq)]
pub struct Profiles {
    /// Included schools, in district order; row `i` of every table below is `schools[i]`.
    pub schools: Vec<SchoolIx>,
    /// Every computed indicator, observed values (with imputations marked).
    pub columns: Vec<IndicatorColumn>,
    /// The context indicators used for grouping, in the column order of `context`.
    pub context_indicators: Vec<Indicator>,
    /// Standardised context values, row-major, `schools.len()` × `context_indicators.len()`.
    pub context: Vec<f64>,
    /// Each school's side of the school-kind split.
    pub tiers: Vec<Tier>,
    /// Whether groups keep the tiers apart (unless the analyst switched
    /// `full_secondary` off, they do).
    pub split: bool,
    /// Composite outcome: mean of the exam indices, shrunk for small cohorts
    /// (see [`Shrinkage`]) and standardised over the included schools.
    pub score: Vec<f64>,
    /// How sure each score is.
    pub standing: Vec<Standing>,
    /// The fit behind the shrinkage.
    pub shrinkage: Shrinkage,
    /// The years of results used, ascending (`[outcome] years`).
    pub years: Vec<u16>,
    /// What the composite is built on (`[outcome] basis`).
    pub basis: Basis,
    /// The composite of each year alone, on the scale of `score` (before
    /// shrinkage): `[year][row]`, `None` where the school has no result that year.
    pub score_by_year: Vec<Vec<Option<f64>>>,
    /// The standard deviation of each year's composite from the number of its
    /// exam takers (the noise of the shrinkage fit), on the score's scale.
    pub score_by_year_sd: Vec<Vec<Option<f64>>>,
    /// The least-squares slope of `score_by_year` (score units per year);
    /// `None` with fewer than two years.
    pub score_trend: Vec<Option<f64>>,
    /// Each outcome indicator computed from yearly results, year by year.
    pub by_year: Vec<IndicatorYears>,
    /// Each exam subject's results, pooled over the years used; (exam, subject) order.
    pub subjects: Vec<SubjectResults>,
    /// Each row's exam subjects without a teacher (see `Indicator::SubjectsWithoutTeacher`);
    /// `None` where the staff table names no subjects.
    pub untaught: Vec<Option<Vec<model::Subject>>>,
    /// Each row's teachers (the latest staff table).
    pub teachers: Vec<Vec<Teacher>>,
    pub excluded: Vec<Exclusion>,
    pub notes: Vec<Note>,
    /// The regional criteria of every school of the district.
    pub criteria: RegionalCriteria,
}

impl Profiles {
    pub fn column(&self, indicator: Indicator) -> Option<&IndicatorColumn> {
        self.columns.iter().find(|c| c.indicator == indicator)
    }
    /// The part of the school-kind split of each row, for grouping each part
    /// apart: the tier's number when the split is on, else 0 for every row.
    pub fn parts(&self) -> Vec<usize> {
        self.tiers
            .iter()
            .map(|&t| if self.split { t as usize } else { 0 })
            .collect()
    }
    /// Standardised context of row `i`.
    pub fn context_row(&self, i: usize) -> &[f64] {
        let p = self.context_indicators.len();
        &self.context[i * p..(i + 1) * p]
    }
}

/// A school's exam takers below which its score is marked low-confidence (it is still ranked).
pub const MIN_COHORT: u32 = 10;
pub use model::INTERVAL_Z;
/// The smallest share of the composite's variance kept as true differences between schools.
pub const MIN_TRUE_VARIANCE_SHARE: f64 = 0.1;

/// How sure a school's score is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Standing {
    /// Exam takers behind the score (participants over all years and subjects).
    pub cohort: u32,
    /// The score before shrinkage, on the same scale as `score`.
    pub unshrunk: f64,
    /// 95% interval of the score.
    pub interval: (f64, f64),
    /// Fewer than [`MIN_COHORT`] exam takers.
    pub low_confidence: bool,
    /// The score the school's conditions lead one to expect: the district's
    /// least-squares fit of the composite on the context, on the score's scale.
    pub expected: f64,
}

/// One exam subject's results over the years used, for the included schools.
#[derive(Debug, Clone, PartialEq)]
pub struct SubjectResults {
    pub exam: ExamKind,
    pub subject: model::Subject,
    /// Per row; `None` where the school has no result in the subject.
    pub values: Vec<Option<SubjectResult>>,
}

/// A school's results in one exam subject, pooled over the years used.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SubjectResult {
    /// The participant-weighted mean of its standardised results (standard
    /// units within each year's subject cell, as in the exam index).
    pub z: f64,
    /// The mean score in the exam's points; `None` where results are marks only.
    pub points: Option<f64>,
    /// Participants over the years.
    pub takers: f64,
}

/// A teacher of the latest staff table.
#[derive(Debug, Clone, PartialEq)]
pub struct Teacher {
    pub staff_id: String,
    pub subject: Option<model::Subject>,
    /// At most [`YOUNG_TEACHER_YEARS`] years of experience.
    pub young: bool,
    /// Of the highest qualification category.
    pub highest: bool,
}

/// The empirical-Bayes fit of the composite: `composite = true + noise`, with
/// noise variance `noise_per_taker × w` (`w` is 1 / takers for one index, the
/// mean of two indices has `(1/n₁ + 1/n₂) / 4`) and true variance `between_schools`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shrinkage {
    pub noise_per_taker: f64,
    pub between_schools: f64,
}

/// Shrunk values and their posterior standard deviations.
struct Shrunk {
    values: Vec<f64>,
    sd: Vec<f64>,
    fit: Shrinkage,
}

/// The composite each school's context leads one to expect: the least-squares
/// fit of the composite on the standardised context (row-major, `p` columns)
/// and a constant; the mean alone when there are too few schools for the fit.
fn context_fit(context: &[f64], p: usize, y: &[f64]) -> Vec<f64> {
    let n = y.len();
    let my = mean(y).unwrap_or(0.0);
    if n < p + 5 {
        return vec![my; n];
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
        Some(beta) => (0..n)
            .map(|i| row(i).zip(&beta).map(|(x, c)| x * c).sum())
            .collect(),
        None => vec![my; n],
    }
}

/// Solves `a·x = b` (`a` is `q × q`, row-major) by Gaussian elimination with
/// partial pivoting; `None` when `a` is singular.
fn solve(a: &mut [f64], b: &mut [f64], q: usize) -> Option<Vec<f64>> {
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
/// see [`context_fit`]) in proportion to its noise. The fit is by moments,
/// regressing the squared residuals on the noise weights `w`
/// (`E[(x − e)²] = τ² + σ²·w`), so it uses only what both per-student and
/// per-school tables carry. `σ²` is at least 0; `τ²` at least
/// [`MIN_TRUE_VARIANCE_SHARE`] of the residual variance, so that scores never
/// all collapse to the expectation. Each value becomes `e + B·(x − e)`,
/// `B = τ² / (τ² + σ²·w)`, with posterior variance `B·σ²·w`.
fn shrink(x: &[f64], expected: &[f64], w: &[f64]) -> Shrunk {
    let (Some(_), Some(mw)) = (mean(x), mean(w)) else {
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
    let var_w = w.iter().map(|v| (v - mw).powi(2)).sum::<f64>();
    let cov = w
        .iter()
        .zip(&y)
        .map(|(a, b)| (a - mw) * (b - my))
        .sum::<f64>();
    let sigma2 = if var_w > 0.0 {
        (cov / var_w).max(0.0)
    } else {
        0.0
    };
    let tau2 = (my - sigma2 * mw).max(MIN_TRUE_VARIANCE_SHARE * my);
    let (values, sd) = x
        .iter()
        .zip(expected)
        .zip(w)
        .map(|((&v, &e), &w)| {
            let noise = sigma2 * w;
            let b = if tau2 + noise > 0.0 {
                tau2 / (tau2 + noise)
            } else {
                1.0
            };
            (e + b * (v - e), (b * noise).sqrt())
        })
        .unzip();
    Shrunk {
        values,
        sd,
        fit: Shrinkage {
            noise_per_taker: sigma2,
            between_schools: tau2,
        },
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeatureError {
    #[error("no school has both exam results and a passport; nothing to rank")]
    NothingToRank,
    /// An extra indicator of the config has the code of a built-in one.
    #[error("the extra indicator code \"{0}\" is the code of a built-in indicator")]
    ExtraCodeClash(String),
    /// The config names an indicator that does not exist.
    #[error("{section} {code}: no indicator has this code")]
    UnknownIndicator { section: &'static str, code: String },
    /// The config lists a year with no exam results.
    #[error(
        "[outcome] years: {year} has no exam results in the data (years with results: {present:?})"
    )]
    YearWithoutResults { year: u16, present: Vec<u16> },
    /// The config weighs an indicator that is not an outcome.
    #[error("[outcome.weights] {0}: only outcome indicators can be weighed into the composite")]
    NotAnOutcome(String),
    /// The config's `[context]` settings name an indicator that is not context.
    #[error("{section} {code}: not a context indicator (only those are set here)")]
    NotContext { section: &'static str, code: String },
}

/// An indicator's values scaled by `method`, noting the values capped; `None` when they do not vary.
fn scale(
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
type Part = (f64, Vec<Option<(f64, f64)>>);

/// The config's indicator codes must name indicators of the right role.
fn check_codes(
    params: &ValidFeatureParams,
    extra: &[(Indicator, Vec<Option<f64>>)],
) -> Result<(), FeatureError> {
    let check = |code: &String, section: &'static str, role: Role| {
        let found = Indicator::BUILT_IN
            .iter()
            .chain(extra.iter().map(|(i, _)| i))
            .find(|i| i.code() == code);
        match found {
            None => Err(FeatureError::UnknownIndicator {
                section,
                code: code.clone(),
            }),
            Some(i) if i.role() == role => Ok(()),
            Some(_) if role == Role::Outcome => Err(FeatureError::NotAnOutcome(code.clone())),
            Some(_) => Err(FeatureError::NotContext {
                section,
                code: code.clone(),
            }),
        }
    };
    for (code, _) in params.weights() {
        check(code, "[outcome.weights]", Role::Outcome)?;
    }
    for code in params.context_off() {
        check(code, "[context] off", Role::Context)?;
    }
    for (code, _) in params.missing_for() {
        check(code, "[context.missing_for]", Role::Context)?;
    }
    Ok(())
}

/// Each extra indicator with its latest value per school (the value of the
/// latest year when the table has years).
fn extra_indicators(district: &District) -> Vec<(Indicator, Vec<Option<f64>>)> {
    district
        .extra_indicators
        .iter()
        .enumerate()
        .map(|(k, def)| {
            let mut latest: Vec<Option<(Option<u16>, f64)>> = vec![None; district.schools.len()];
            for v in district.extra_values.iter().filter(|v| v.indicator == k) {
                let slot = &mut latest[v.school.get()];
                if slot.is_none_or(|(year, _)| v.year >= year) {
                    *slot = Some((v.year, v.value));
                }
            }
            (
                Indicator::Extra(Arc::new(def.clone())),
                latest.into_iter().map(|v| v.map(|(_, x)| x)).collect(),
            )
        })
        .collect()
}

/// An outcome indicator's values: per year of the window, or, for an extra
/// table, each school's latest value whatever the reading.
enum OutcomeValues {
    Yearly(Yearly),
    Latest(Vec<Option<f64>>),
}

/// Which results a reading of the outcomes takes: the whole window pooled, or one year of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    Window,
    Year(usize),
}

struct Outcome {
    indicator: Indicator,
    values: OutcomeValues,
}

impl Outcome {
    /// Each school's value in a reading.
    fn read(&self, reading: Reading) -> Vec<Option<f64>> {
        match (&self.values, reading) {
            (OutcomeValues::Yearly(y), Reading::Window) => y.pooled(),
            (OutcomeValues::Yearly(y), Reading::Year(slot)) => y.year(slot),
            (OutcomeValues::Latest(v), _) => v.clone(),
        }
    }
}

/// Each school's takers of an exam in a reading.
fn takers_of(index: &ExamIndex, reading: Reading) -> Vec<f64> {
    match reading {
        Reading::Window => index.z.pooled_tallies().iter().map(|t| t.n).collect(),
        Reading::Year(slot) => index.z.year_tallies(slot).iter().map(|t| t.n).collect(),
    }
}

/// What the composite of one reading is made of.
struct CompositeInput<'a> {
    outcomes: &'a [Outcome],
    /// Outcomes of the composite (by position in `outcomes`) and their weights.
    weighted: &'a [(usize, f64)],
    exam_index: &'a BTreeMap<ExamKind, ExamIndex>,
    /// Included schools, by district position.
    included: &'a [usize],
    normalisation: Normalisation,
}

/// Exam takers in a reading: each exam's per school, and the ЕГЭ and ОГЭ together per included row.
type Takers = (BTreeMap<ExamKind, Vec<f64>>, Vec<f64>);

impl CompositeInput<'_> {
    fn takers(&self, reading: Reading) -> Takers {
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
    fn read(&self, reading: Reading, notes: &mut Vec<Note>) -> Vec<Option<(f64, f64)>> {
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
fn both(window: Option<(f64, f64)>, latest: Option<(f64, f64)>) -> Option<(f64, f64)> {
    match (window, latest) {
        (Some((x, w)), Some((y, l))) => Some(((x + y) / 2.0, (3.0 * w + l) / 4.0)),
        (one, None) | (None, one) => one,
    }
}

/// Builds the indicator table of a district.
pub fn build(district: &District, params: &ValidFeatureParams) -> Result<Profiles, FeatureError> {
    let n = district.schools.len();
    if let Some(e) = district
        .extra_indicators
        .iter()
        .find(|e| Indicator::BUILT_IN.iter().any(|b| b.code() == e.code))
    {
        return Err(FeatureError::ExtraCodeClash(e.code.clone()));
    }
    let extra = extra_indicators(district);
    check_codes(params, &extra)?;
    let window = Window::choose(district, params.years())?;
    let (exam_index, subject_results) = exam_indices(district, &window);
    let mut all: Vec<IndicatorColumn> = Vec::new();

    // Every outcome indicator of every school, before anyone is excluded.
    let mut outcomes: Vec<Outcome> = Vec::new();
    let yearly = |indicator, y: Yearly| Outcome {
        indicator,
        values: OutcomeValues::Yearly(y),
    };
    for (kind, index_ind, score_ind) in [
        (ExamKind::Ege, Indicator::EgeIndex, Indicator::EgeMeanScore),
        (ExamKind::Oge, Indicator::OgeIndex, Indicator::OgeMeanScore),
    ] {
        let ex = &exam_index[&kind];
        outcomes.push(yearly(index_ind, ex.z.clone()));
        outcomes.push(yearly(score_ind, ex.raw.clone()));
    }
    let oge_marks = exam_index[&ExamKind::Oge].marks.clone();
    // An outcome no school has (no marks given, no student ids) is not part of this district's data.
    for (indicator, values) in std::iter::once((Indicator::OgeMeanMark, oge_marks))
        .chain(results::exam_outcomes(district, &window))
    {
        if values.pooled().iter().any(Option::is_some) {
            outcomes.push(yearly(indicator, values));
        }
    }
    outcomes.push(yearly(
        Indicator::OlympiadPrizesPer100,
        olympiad_rate(district, &window),
    ));
    outcomes.extend(extra.iter().filter(|(i, _)| i.role() == Role::Outcome).map(
        |(indicator, values)| Outcome {
            indicator: indicator.clone(),
            values: OutcomeValues::Latest(values.clone()),
        },
    ));
    let weighted: Vec<(usize, f64)> = params
        .weights()
        .iter()
        .filter_map(|(code, w)| {
            Some((
                outcomes.iter().position(|o| o.indicator.code() == code)?,
                *w,
            ))
        })
        .collect();
    let latest = window.len().checked_sub(1).map(Reading::Year);
    let basis_reading = match params.basis() {
        Basis::Latest => latest.unwrap_or(Reading::Window),
        Basis::Mean | Basis::Both => Reading::Window,
    };
    let has_weighted = |reading: Reading| -> Vec<bool> {
        let mut has = vec![false; n];
        for &(k, _) in &weighted {
            for (h, v) in has.iter_mut().zip(outcomes[k].read(reading)) {
                *h |= v.is_some();
            }
        }
        has
    };
    let weighted_in_window = has_weighted(Reading::Window);
    let weighted_in_basis = has_weighted(basis_reading);
    let index_in_window: Vec<bool> = {
        let ege = exam_index[&ExamKind::Ege].z.pooled();
        let oge = exam_index[&ExamKind::Oge].z.pooled();
        ege.iter()
            .zip(&oge)
            .map(|(a, b)| a.is_some() || b.is_some())
            .collect()
    };

    // Context.
    let mut context_raw: Vec<(Indicator, Vec<Option<f64>>)> = vec![(
        Indicator::LogStudents,
        district
            .schools
            .iter()
            .map(|s| Some(f64::from(s.students).ln()))
            .collect(),
    )];
    for field in PassportField::ALL {
        context_raw.push((
            Indicator::Passport(field),
            district
                .schools
                .iter()
                .map(|s| s.passport.get(field))
                .collect(),
        ));
    }
    context_raw.push((
        Indicator::Rural,
        district
            .schools
            .iter()
            .map(|s| {
                s.settlement
                    .map(|x| f64::from(u8::from(x == Settlement::Rural)))
            })
            .collect(),
    ));
    context_raw.extend(
        extra
            .iter()
            .filter(|(i, _)| i.role() == Role::Context)
            .cloned(),
    );
    let tiers: Vec<Tier> = district
        .schools
        .iter()
        .zip(takers_of(&exam_index[&ExamKind::Ege], Reading::Window))
        .map(|(s, takers)| Tier::of(s.kind, takers > 0.0))
        .collect();
    let split = !params
        .context_off()
        .iter()
        .any(|c| c == Indicator::FullSecondary.code());
    // An indicator nobody reported is not part of this district's data; the
    // analyst may switch others off.
    context_raw.retain(|(i, v)| {
        v.iter().any(Option::is_some) && !params.context_off().iter().any(|c| c == i.code())
    });

    // Exclusions.
    let mut excluded = Vec::new();
    let mut included = Vec::new();
    for i in 0..n {
        let missing = context_raw.iter().filter(|(_, v)| v[i].is_none()).count();
        let missing_excluding = context_raw.iter().any(|(indicator, v)| {
            v[i].is_none() && params.missing_policy(indicator.code()) == MissingContext::Exclude
        });
        let total = context_raw.len();
        let reason = if !index_in_window[i] {
            Some(ExclusionReason::NoExamResults)
        } else if !weighted_in_window[i] {
            Some(ExclusionReason::NoWeightedOutcome)
        } else if !weighted_in_basis[i] {
            Some(ExclusionReason::NoLatestResults {
                year: window.years().last().copied().unwrap_or_default(),
            })
        } else if missing as f64 > MAX_MISSING_CONTEXT_SHARE * total as f64 || missing_excluding {
            Some(ExclusionReason::MissingContext { missing, total })
        } else {
            None
        };
        match reason {
            Some(reason) => excluded.push(Exclusion {
                school: SchoolIx(i as u32),
                reason,
            }),
            None => included.push(i),
        }
    }
    if included.is_empty() {
        return Err(FeatureError::NothingToRank);
    }
    let pick = |v: &[Option<f64>]| -> Vec<Option<f64>> { included.iter().map(|&i| v[i]).collect() };

    // The split as the imputation sees it: one group when it is off.
    let tiers_in: Vec<Tier> = included
        .iter()
        .map(|&i| if split { tiers[i] } else { Tier::FullSecondary })
        .collect();

    // Context: impute, standardise, drop constants.
    let mut notes = Vec::new();
    let mut context_indicators = Vec::new();
    let mut context_columns: Vec<Vec<f64>> = Vec::new();
    for (indicator, values) in &context_raw {
        let values = pick(values);
        let fill = imputation_values(&values, &tiers_in, params.missing_policy(indicator.code()));
        let imputed: Vec<bool> = values.iter().map(Option::is_none).collect();
        let count = imputed.iter().filter(|x| **x).count();
        if count > 0 {
            notes.push(Note::Imputed {
                indicator: indicator.clone(),
                count,
            });
        }
        let filled: Vec<f64> = values
            .iter()
            .zip(&fill)
            .map(|(v, f)| v.unwrap_or(*f))
            .collect();
        all.push(IndicatorColumn {
            indicator: indicator.clone(),
            values,
            imputed,
        });
        match scale(
            &filled,
            params.context_normalisation(),
            indicator,
            &mut notes,
        ) {
            Some(z) => {
                context_indicators.push(indicator.clone());
                context_columns.push(z);
            }
            None => notes.push(Note::ConstantIndicator(indicator.clone())),
        }
    }
    all.push(observed_column(
        Indicator::FullSecondary,
        pick(
            &tiers
                .iter()
                .map(|&t| Some(f64::from(u8::from(t == Tier::FullSecondary))))
                .collect::<Vec<_>>(),
        ),
    ));
    let rows = included.len();
    let p = context_indicators.len();
    let mut context = vec![0.0; rows * p];
    for (j, column) in context_columns.iter().enumerate() {
        for (i, v) in column.iter().enumerate() {
            context[i * p + j] = *v;
        }
    }

    // Outcomes: the composite of the basis's reading (see `CompositeInput::read`).
    let input = CompositeInput {
        outcomes: &outcomes,
        weighted: &weighted,
        exam_index: &exam_index,
        included: &included,
        normalisation: params.outcome_normalisation(),
    };
    let read = input.read(basis_reading, &mut notes);
    let read = match (params.basis(), latest) {
        (Basis::Both, Some(latest)) => {
            let last = input.read(latest, &mut Vec::new());
            read.into_iter()
                .zip(last)
                .map(|(w, l)| both(w, l))
                .collect()
        }
        _ => read,
    };
    let (composite, noise): (Vec<f64>, Vec<f64>) =
        read.iter().map(|c| c.unwrap_or((0.0, 0.0))).unzip();
    let (_, takers) = input.takers(basis_reading);
    let cohort: Vec<u32> = takers.iter().map(|t| t.round() as u32).collect();
    let expected = context_fit(&context, p, &composite);
    let shrunk = shrink(&composite, &expected, &noise);
    // Scores in district standard deviations of the shrunk composite; the raw
    // composite, the intervals and the years' composites on the same scale.
    let (centre, spread) = match (mean(&shrunk.values), std_dev(&shrunk.values)) {
        (Some(m), Some(sd)) if sd > 1e-12 => (m, sd),
        _ => (0.0, 1.0),
    };
    let to_score = |x: f64| (x - centre) / spread;
    let score: Vec<f64> = shrunk.values.iter().map(|&x| to_score(x)).collect();
    let standing = (0..rows)
        .map(|r| Standing {
            cohort: cohort[r],
            unshrunk: to_score(composite[r]),
            interval: (
                to_score(shrunk.values[r] - INTERVAL_Z * shrunk.sd[r]),
                to_score(shrunk.values[r] + INTERVAL_Z * shrunk.sd[r]),
            ),
            low_confidence: cohort[r] < params.min_cohort(),
            expected: to_score(expected[r]),
        })
        .collect();

    // Year by year: each outcome, the composite on the score's scale, and their trends.
    let years = window.years().to_vec();
    let yearly_reads: Vec<Vec<Option<(f64, f64)>>> = (0..window.len())
        .map(|slot| input.read(Reading::Year(slot), &mut Vec::new()))
        .collect();
    let score_by_year: Vec<Vec<Option<f64>>> = yearly_reads
        .iter()
        .map(|year| year.iter().map(|c| c.map(|(x, _)| to_score(x))).collect())
        .collect();
    // A year's composite is not shrunk: its standard deviation is the noise alone.
    let score_by_year_sd: Vec<Vec<Option<f64>>> = yearly_reads
        .iter()
        .map(|year| {
            year.iter()
                .map(|c| c.map(|(_, w)| (shrunk.fit.noise_per_taker * w).sqrt() / spread))
                .collect()
        })
        .collect();
    let score_trend = yearly::trends(&years, &score_by_year, rows);
    let by_year = outcomes
        .iter()
        .filter(|o| matches!(o.values, OutcomeValues::Yearly(_)))
        .map(|o| {
            let values: Vec<Vec<Option<f64>>> = (0..window.len())
                .map(|slot| pick(&o.read(Reading::Year(slot))))
                .collect();
            let trend = yearly::trends(&years, &values, rows);
            IndicatorYears {
                indicator: o.indicator.clone(),
                values,
                trend,
            }
        })
        .collect();
    for o in &outcomes {
        all.push(observed_column(
            o.indicator.clone(),
            pick(&o.read(Reading::Window)),
        ));
    }

    // Resources.
    let (staff, untaught) = staff_indicators(district);
    for (indicator, values) in staff {
        all.push(observed_column(indicator, pick(&values)));
    }
    let mut teachers = teachers(district);
    for (indicator, values) in extra
        .into_iter()
        .filter(|(i, _)| i.role() == Role::Resource)
    {
        all.push(observed_column(indicator, pick(&values)));
    }

    Ok(Profiles {
        schools: included.iter().map(|&i| SchoolIx(i as u32)).collect(),
        columns: all,
        context_indicators,
        context,
        tiers: included.iter().map(|&i| tiers[i]).collect(),
        split,
        score,
        standing,
        shrinkage: shrunk.fit,
        years,
        basis: params.basis(),
        score_by_year,
        score_by_year_sd,
        score_trend,
        by_year,
        subjects: subject_results
            .into_iter()
            .map(|r| SubjectResults {
                values: included.iter().map(|&i| r.values[i]).collect(),
                ..r
            })
            .collect(),
        untaught: included.iter().map(|&i| untaught[i].clone()).collect(),
        teachers: included
            .iter()
            .map(|&i| std::mem::take(&mut teachers[i]))
            .collect(),
        excluded,
        notes,
        criteria: regional_criteria(district),
    })
}

/// The value a missing context value of each school is filled with: the
/// median of the district, or with [`MissingContext::GroupMedian`] of the
/// school's side of the split (the district's when that side has no value).
fn imputation_values(values: &[Option<f64>], tiers: &[Tier], policy: MissingContext) -> Vec<f64> {
    let median_where = |keep: &dyn Fn(usize) -> bool| {
        let observed: Vec<f64> = (0..values.len())
            .filter(|&i| keep(i))
            .filter_map(|i| values[i])
            .collect();
        median(&observed)
    };
    let district = median_where(&|_| true).unwrap_or(0.0);
    let by_tier: Vec<f64> = Tier::ALL
        .iter()
        .map(|&t| match policy {
            MissingContext::GroupMedian => median_where(&|i| tiers[i] == t).unwrap_or(district),
            MissingContext::Median | MissingContext::Exclude => district,
        })
        .collect();
    tiers.iter().map(|&t| by_tier[t as usize]).collect()
}

fn observed_column(indicator: Indicator, values: Vec<Option<f64>>) -> IndicatorColumn {
    let imputed = vec![false; values.len()];
    IndicatorColumn {
        indicator,
        values,
        imputed,
    }
}

/// Per-school exam results of one kind, per year of the window.
struct ExamIndex {
    /// Each school's standardised results over its (subject, measure) cells of
    /// the year, participants as weights; see [`exam_indices`]. Pooled over the
    /// window, it is the index.
    z: Yearly,
    /// Raw scores, in the exam's own points.
    raw: Yearly,
    /// Marks (2–5) of the results given with a mark.
    marks: Yearly,
}

/// What a result measures: a test or primary score, or a five-point mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Measure {
    Score,
    Mark,
}

/// Participants and the sum of their results.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    n: f64,
    sum: f64,
}

impl Tally {
    fn add(&mut self, n: f64, sum: f64) {
        self.n += n;
        self.sum += sum;
    }
    fn mean(self) -> Option<f64> {
        (self.n > 0.0).then(|| self.sum / self.n)
    }
}

/// The exam indices of every school, per year of the window.
///
/// Results are collected per cell (exam, year, subject, measure) and school,
/// from per-student rows (a score, else a mark) and from per-school summaries
/// (participants × mean score, else × mean mark) alike, so a summary table
/// gives the same indices as the student table it was made from. Within a
/// cell each school's mean is standardised against the participant-weighted
/// mean and standard deviation of the schools' means; a school's index is the
/// participant-weighted mean of its standardised cells.
fn exam_indices(
    district: &District,
    window: &Window,
) -> (BTreeMap<ExamKind, ExamIndex>, Vec<SubjectResults>) {
    let n = district.schools.len();
    // Per (exam, subject) over the window: standardised results and raw scores of every school.
    // Per school: standardised results, raw scores.
    type SubjectTallies = (Vec<Tally>, Vec<Tally>);
    let mut by_subject: BTreeMap<(ExamKind, &model::Subject), SubjectTallies> = BTreeMap::new();
    type Cell<'a> = (ExamKind, usize, &'a model::Subject, Measure);
    let mut cells: BTreeMap<Cell<'_>, BTreeMap<usize, Tally>> = BTreeMap::new();
    let mut index: BTreeMap<ExamKind, ExamIndex> = ExamKind::ALL
        .iter()
        .map(|&kind| {
            let new = || Yearly::new(window, n);
            (
                kind,
                ExamIndex {
                    z: new(),
                    raw: new(),
                    marks: new(),
                },
            )
        })
        .collect();
    // Every result as (school, exam, year, subject, participants, mean score, mean mark):
    // a student is one participant.
    let students = district.exams.iter().map(|r| {
        let mark = r.mark.map(f64::from);
        (r.school, r.exam, r.year, &r.subject, 1.0, r.score, mark)
    });
    let summaries = district.exam_summaries.iter().map(|s| {
        let participants = f64::from(s.participants);
        let (score, mark) = (s.mean_score, s.mean_mark);
        (
            s.school,
            s.exam,
            s.year,
            &s.subject,
            participants,
            score,
            mark,
        )
    });
    for (school, exam, year, subject, participants, score, mark) in students.chain(summaries) {
        // A summary of nobody (a subject no one took) carries no result, whatever mean it shows.
        let Some(slot) = window.slot(year).filter(|_| participants > 0.0) else {
            continue;
        };
        let i = school.get();
        let (measure, value) = match (score, mark) {
            (Some(score), _) => (Measure::Score, score),
            (None, Some(mark)) => (Measure::Mark, mark),
            (None, None) => continue,
        };
        let cell = (exam, slot, subject, measure);
        cells
            .entry(cell)
            .or_default()
            .entry(i)
            .or_default()
            .add(participants, participants * value);
        if let (Some(mark), Some(x)) = (mark, index.get_mut(&exam)) {
            x.marks.add(slot, i, participants, participants * mark);
        }
    }
    for ((exam, slot, subject, measure), schools) in &cells {
        let Some(x) = index.get_mut(exam) else {
            continue;
        };
        let (subject_z, subject_raw) = by_subject
            .entry((*exam, subject))
            .or_insert_with(|| (vec![Tally::default(); n], vec![Tally::default(); n]));
        let total: f64 = schools.values().map(|t| t.n).sum();
        let mean_of = |t: &Tally| t.sum / t.n;
        let m = schools.values().map(|t| t.n * mean_of(t)).sum::<f64>() / total;
        let var = schools
            .values()
            .map(|t| t.n * (mean_of(t) - m).powi(2))
            .sum::<f64>()
            / total;
        let sd = var.sqrt();
        for (&i, t) in schools {
            let zi = if sd > 1e-12 {
                (mean_of(t) - m) / sd
            } else {
                0.0
            };
            x.z.add(*slot, i, t.n, t.n * zi);
            subject_z[i].add(t.n, t.n * zi);
            if *measure == Measure::Score {
                x.raw.add(*slot, i, t.n, t.sum);
                subject_raw[i].add(t.n, t.sum);
            }
        }
    }
    let subjects = by_subject
        .into_iter()
        .map(|((exam, subject), (z, raw))| SubjectResults {
            exam,
            subject: subject.clone(),
            values: z
                .iter()
                .zip(&raw)
                .map(|(z, raw)| {
                    Some(SubjectResult {
                        z: z.mean()?,
                        points: raw.mean(),
                        takers: z.n,
                    })
                })
                .collect(),
        })
        .collect();
    (index, subjects)
}

/// Prize-winners and winners at the municipal stage and above, per 100
/// students, per year of the window.
fn olympiad_rate(district: &District, window: &Window) -> Yearly {
    let mut rate = Yearly::new(window, district.schools.len());
    for slot in 0..window.len() {
        for (i, s) in district.schools.iter().enumerate() {
            rate.add(slot, i, f64::from(s.students), 0.0);
        }
    }
    for r in &district.olympiads {
        if let Some(slot) = window.slot(r.year) {
            if r.stage != OlympiadStage::School && r.result != OlympiadResult::Participant {
                rate.add(slot, r.school.get(), 0.0, 100.0);
            }
        }
    }
    rate
}

/// The current staff: with staff tables per year, the latest year's; else the only table.
fn current_staff(district: &District) -> impl Iterator<Item = &model::StaffMember> {
    let latest = district.staff.iter().filter_map(|s| s.year).max();
    district
        .staff
        .iter()
        .filter(move |s| latest.is_none() || s.year == latest)
}

/// Staff shares from the latest year's staff table (or the only one), and
/// the vacancies of the schools table.
/// Also returns each school's subjects without a teacher (see [`untaught_subjects`]).
fn staff_indicators(district: &District) -> (Vec<IndicatorValues>, Untaught) {
    let n = district.schools.len();
    let mut total = vec![0usize; n];
    let mut highest = vec![0usize; n];
    let mut first = vec![0usize; n];
    let mut with_category = vec![0usize; n];
    let mut young = vec![0usize; n];
    let mut with_experience = vec![0usize; n];
    let mut older = vec![0usize; n];
    let mut with_age = vec![0usize; n];
    // The words of every subject each school has a teacher of.
    let mut taught: Vec<BTreeSet<&str>> = vec![BTreeSet::new(); n];
    for s in current_staff(district) {
        let i = s.school.get();
        total[i] += 1;
        if let Some(q) = s.qualification {
            with_category[i] += 1;
            highest[i] += usize::from(q == Qualification::Highest);
            first[i] += usize::from(q == Qualification::First);
        }
        if let Some(e) = s.experience_years {
            with_experience[i] += 1;
            young[i] += usize::from(e <= YOUNG_TEACHER_YEARS);
        }
        if let Some(age) = s.age {
            with_age[i] += 1;
            older[i] += usize::from(age >= OLDER_TEACHER_AGE);
        }
        if let Some(subject) = &s.subject {
            taught[i].extend(results::words(subject.as_str()));
        }
    }
    let share = |part: &[usize], whole: &[usize]| -> Vec<Option<f64>> {
        (0..n)
            .map(|i| (whole[i] > 0).then(|| 100.0 * part[i] as f64 / whole[i] as f64))
            .collect()
    };
    let per_teacher = (0..n)
        .map(|i| (total[i] > 0).then(|| f64::from(district.schools[i].students) / total[i] as f64))
        .collect();
    let untaught = untaught_subjects(district, &taught);
    let indicators = vec![
        (
            Indicator::HighestCategoryPct,
            share(&highest, &with_category),
        ),
        (Indicator::FirstCategoryPct, share(&first, &with_category)),
        (Indicator::YoungTeachersPct, share(&young, &with_experience)),
        (Indicator::OlderTeachersPct, share(&older, &with_age)),
        (Indicator::StudentsPerTeacher, per_teacher),
        (
            Indicator::SubjectsWithoutTeacher,
            untaught
                .iter()
                .map(|u| u.as_ref().map(|u| u.len() as f64))
                .collect(),
        ),
        (
            Indicator::Vacancies,
            district.schools.iter().map(|s| s.vacancies).collect(),
        ),
    ];
    (indicators, untaught)
}

/// An indicator and each school's value.
type IndicatorValues = (Indicator, Vec<Option<f64>>);

/// Per school, the subjects without a teacher; `None` where the staff table names no subjects.
type Untaught = Vec<Option<Vec<model::Subject>>>;

/// Per school, the ЕГЭ and ОГЭ subjects of its latest exam year that none of
/// its teachers teaches (one name per [`topic`], in topic order): a subject is
/// taught when a teacher's subject has the exam subject's first word
/// ("математика" covers "математика (профильная)", "русский язык и литература"
/// covers both). `None` for a school whose staff table names no subjects.
fn untaught_subjects(
    district: &District,
    taught: &[BTreeSet<&str>],
) -> Vec<Option<Vec<model::Subject>>> {
    let n = district.schools.len();
    let mut latest = vec![0u16; n];
    let results = district
        .exams
        .iter()
        .map(|r| (r.school, r.year, r.exam, &r.subject))
        .chain(
            district
                .exam_summaries
                .iter()
                .filter(|s| s.participants > 0)
                .map(|s| (s.school, s.year, s.exam, &s.subject)),
        )
        .filter(|(_, _, exam, _)| *exam != ExamKind::Vpr);
    for (school, year, _, _) in results.clone() {
        latest[school.get()] = latest[school.get()].max(year);
    }
    let mut untaught: Vec<BTreeMap<&str, &model::Subject>> = vec![BTreeMap::new(); n];
    let mut rules = results::SubjectRules::default();
    for (school, year, _, subject) in results {
        let i = school.get();
        if year == latest[i] {
            if let Some(first) = rules.of(subject).topic {
                if !taught[i].contains(first) {
                    untaught[i].entry(first).or_insert(subject);
                }
            }
        }
    }
    (0..n)
        .map(|i| {
            (!taught[i].is_empty()).then(|| untaught[i].values().map(|&s| s.clone()).collect())
        })
        .collect()
}

/// The first word of a subject's name, by which exam subjects and teachers'
/// subjects are matched ("математика (профильная)" → "математика").
pub fn topic(subject: &model::Subject) -> Option<&str> {
    results::words(subject.as_str()).next()
}

/// The current staff of every school, for the mentors a pair's base school can offer.
fn teachers(district: &District) -> Vec<Vec<Teacher>> {
    let mut out: Vec<Vec<Teacher>> = vec![Vec::new(); district.schools.len()];
    for s in current_staff(district) {
        out[s.school.get()].push(Teacher {
            staff_id: s.staff_id.clone(),
            subject: s.subject.clone(),
            young: s.experience_years.is_some_and(|e| e <= YOUNG_TEACHER_YEARS),
            highest: s.qualification == Some(Qualification::Highest),
        });
    }
    out
}

#[cfg(test)]
mod tests;
