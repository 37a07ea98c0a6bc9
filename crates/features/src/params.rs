//! How indicators become the composite outcome, checked before anything runs.

use std::collections::BTreeMap;

use crate::{Normalisation, MAX_MIN_PUPILS, MIN_COHORT, MIN_PUPILS};

/// What to do with a school whose context is incomplete (beyond the rule that
/// a school missing most of it is always excluded).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MissingContext {
    /// Fill a missing value with the district median of the indicator, marked as imputed.
    #[default]
    Median,
    /// Fill it with the median of the schools on the same side of the
    /// school-kind split (the district median when none of them has a value), marked.
    GroupMedian,
    /// Exclude the school, with the reason.
    Exclude,
}

impl MissingContext {
    /// The policy's code, as the config writes it.
    pub fn code(self) -> &'static str {
        match self {
            MissingContext::Median => "median",
            MissingContext::GroupMedian => "group_median",
            MissingContext::Exclude => "exclude",
        }
    }

    /// The policy of a code.
    pub fn parse(code: &str) -> Option<Self> {
        [
            MissingContext::Median,
            MissingContext::GroupMedian,
            MissingContext::Exclude,
        ]
        .into_iter()
        .find(|m| m.code() == code)
    }
}

/// The years of results asked for, as the analyst gives them (checked by
/// [`FeatureParams::check`] into [`Years`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum YearsRequest {
    /// The latest this many years with results.
    Latest(i64),
    /// These years.
    Listed(Vec<i64>),
}

/// The years of results the outcomes use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Years {
    /// The latest this many years with results.
    Latest(usize),
    /// These years, in increasing order.
    Listed(Vec<u16>),
}

/// Years of results used by default: the regional criteria's three.
pub const DEFAULT_YEARS: usize = 3;

/// What the composite outcome is built on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Basis {
    /// The results of all the years used, pooled.
    #[default]
    Mean,
    /// The results of the latest year used.
    Latest,
    /// The mean of the two.
    Both,
}

impl Basis {
    /// The basis' code, as the config writes it.
    pub fn code(self) -> &'static str {
        match self {
            Basis::Mean => "mean",
            Basis::Latest => "latest",
            Basis::Both => "both",
        }
    }

    /// The basis of a code.
    pub fn parse(code: &str) -> Option<Self> {
        [Basis::Mean, Basis::Latest, Basis::Both]
            .into_iter()
            .find(|b| b.code() == code)
    }
}

/// The settings of the profile step (from `[outcome]` and `[context]` of `district.toml`,
/// which `cli` maps into them); [`FeatureParams::check`] turns them into
/// [`ValidFeatureParams`].
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureParams {
    weights: BTreeMap<String, f64>,
    min_cohort: i64,
    min_pupils: i64,
    context_off: Vec<String>,
    context_normalisation: Normalisation,
    outcome_normalisation: Normalisation,
    missing_context: MissingContext,
    /// Per context indicator, by code, a policy overriding `missing_context`.
    missing_for: BTreeMap<String, MissingContext>,
    years: YearsRequest,
    basis: Basis,
}

impl Default for FeatureParams {
    /// The ЕГЭ and ОГЭ indices weighed equally; [`MIN_COHORT`] takers; every context indicator.
    fn default() -> Self {
        FeatureParams {
            weights: [("ege_index".to_owned(), 1.0), ("oge_index".to_owned(), 1.0)].into(),
            min_cohort: i64::from(MIN_COHORT),
            min_pupils: i64::from(MIN_PUPILS),
            context_off: Vec::new(),
            context_normalisation: Normalisation::default(),
            outcome_normalisation: Normalisation::default(),
            missing_context: MissingContext::default(),
            missing_for: BTreeMap::new(),
            years: YearsRequest::Latest(DEFAULT_YEARS as i64),
            basis: Basis::default(),
        }
    }
}

impl FeatureParams {
    /// How context indicators are scaled before grouping.
    pub fn context_normalisation(mut self, method: Normalisation) -> Self {
        self.context_normalisation = method;
        self
    }

    /// What to do with a school whose context is incomplete.
    pub fn missing_context(mut self, policy: MissingContext) -> Self {
        self.missing_context = policy;
        self
    }

    /// What to do with a school missing one context indicator (by code), whatever the general policy.
    pub fn missing_for(mut self, code: &str, policy: MissingContext) -> Self {
        self.missing_for.insert(code.to_owned(), policy);
        self
    }

    /// How outcome indicators other than the exam indices are scaled in the composite.
    pub fn outcome_normalisation(mut self, method: Normalisation) -> Self {
        self.outcome_normalisation = method;
        self
    }

    /// The outcome indicators of the composite and their weights, replacing the default ones.
    pub fn weights(mut self, weights: impl IntoIterator<Item = (String, f64)>) -> Self {
        self.weights = weights.into_iter().collect();
        self
    }

    /// The latest `n` years with results.
    pub fn latest_years(mut self, n: i64) -> Self {
        self.years = YearsRequest::Latest(n);
        self
    }

    /// These years of results.
    pub fn years(mut self, years: impl IntoIterator<Item = i64>) -> Self {
        self.years = YearsRequest::Listed(years.into_iter().collect());
        self
    }

    /// What the composite is built on.
    pub fn basis(mut self, basis: Basis) -> Self {
        self.basis = basis;
        self
    }

    /// Exam takers below which a score is marked low-confidence.
    pub fn min_cohort(mut self, n: i64) -> Self {
        self.min_cohort = n;
        self
    }

    /// Pupils below which a school's mean or share is not published (`[privacy] min_pupils`):
    /// each school's pupils are counted up to this many (`Profiles::pupils`).
    pub fn min_pupils(mut self, n: i64) -> Self {
        self.min_pupils = n;
        self
    }

    /// Context indicators not to group by.
    pub fn context_off(mut self, codes: impl IntoIterator<Item = String>) -> Self {
        self.context_off = codes.into_iter().collect();
        self
    }

    /// Checks the parameters; the first rule broken is the error.
    pub fn check(self) -> Result<ValidFeatureParams, FeatureParamError> {
        if let Some((code, &weight)) = self
            .weights
            .iter()
            .find(|(_, w)| !w.is_finite() || **w < 0.0)
        {
            return Err(FeatureParamError::BadWeight {
                code: code.clone(),
                weight,
            });
        }
        if !self.weights.values().any(|w| *w > 0.0) {
            return Err(FeatureParamError::NoWeight);
        }
        let min_cohort = u32::try_from(self.min_cohort)
            .ok()
            .filter(|n| *n >= 1)
            .ok_or(FeatureParamError::BadMinCohort(self.min_cohort))?;
        let min_pupils = u32::try_from(self.min_pupils)
            .ok()
            .filter(|n| (1..=MAX_MIN_PUPILS).contains(n))
            .ok_or(FeatureParamError::BadMinPupils(self.min_pupils))?;
        let years = match self.years {
            YearsRequest::Latest(n) => usize::try_from(n)
                .ok()
                .filter(|n| *n >= 1)
                .map(Years::Latest)
                .ok_or(FeatureParamError::BadYearCount(n))?,
            YearsRequest::Listed(list) => {
                if list.is_empty() {
                    return Err(FeatureParamError::NoYears);
                }
                let mut years = Vec::with_capacity(list.len());
                for y in list {
                    let year = u16::try_from(y)
                        .ok()
                        .filter(|y| (1990..=2100).contains(y))
                        .ok_or(FeatureParamError::BadYear(y))?;
                    if years.contains(&year) {
                        return Err(FeatureParamError::RepeatedYear(year));
                    }
                    years.push(year);
                }
                years.sort_unstable();
                Years::Listed(years)
            }
        };
        Ok(ValidFeatureParams {
            missing_for: self.missing_for.into_iter().collect(),
            years,
            basis: self.basis,
            missing_context: self.missing_context,
            context_normalisation: self.context_normalisation,
            outcome_normalisation: self.outcome_normalisation,
            weights: self.weights.into_iter().filter(|(_, w)| *w > 0.0).collect(),
            min_cohort,
            min_pupils,
            context_off: self.context_off,
        })
    }
}

/// Checked [`FeatureParams`].
#[derive(Debug, Clone, PartialEq)]
pub struct ValidFeatureParams {
    weights: Vec<(String, f64)>,
    min_cohort: u32,
    min_pupils: u32,
    context_off: Vec<String>,
    context_normalisation: Normalisation,
    outcome_normalisation: Normalisation,
    missing_context: MissingContext,
    missing_for: Vec<(String, MissingContext)>,
    years: Years,
    basis: Basis,
}

impl ValidFeatureParams {
    /// Outcome indicators with a positive weight, by code, in code order.
    pub fn weights(&self) -> &[(String, f64)] {
        &self.weights
    }
    /// Exam takers below which a score is marked low-confidence.
    pub fn min_cohort(&self) -> u32 {
        self.min_cohort
    }
    /// Pupils below which a school's mean or share is not published.
    pub fn min_pupils(&self) -> u32 {
        self.min_pupils
    }
    /// Context indicators not grouped by, by code.
    pub fn context_off(&self) -> &[String] {
        &self.context_off
    }
    /// How context indicators are scaled.
    pub fn context_normalisation(&self) -> Normalisation {
        self.context_normalisation
    }
    /// How outcome indicators are scaled in the composite.
    pub fn outcome_normalisation(&self) -> Normalisation {
        self.outcome_normalisation
    }
    /// What to do with a school whose context is incomplete.
    pub fn missing_context(&self) -> MissingContext {
        self.missing_context
    }
    /// The per-indicator policies, by code, in code order.
    pub fn missing_for(&self) -> &[(String, MissingContext)] {
        &self.missing_for
    }
    /// What to do with a missing value of the context indicator `code`.
    pub fn missing_policy(&self, code: &str) -> MissingContext {
        self.missing_for
            .iter()
            .find(|(c, _)| c == code)
            .map_or(self.missing_context, |(_, p)| *p)
    }
    /// The years of results used.
    pub fn years(&self) -> &Years {
        &self.years
    }
    /// What the composite is built on.
    pub fn basis(&self) -> Basis {
        self.basis
    }
}

/// A rejected profile parameter, naming its key in district.toml.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FeatureParamError {
    /// A weight that is negative or not a number.
    #[error("[outcome.weights] {code}: the weight {weight} must be a number of 0 or more")]
    BadWeight {
        /// The indicator's code.
        code: String,
        /// The weight as written.
        weight: f64,
    },
    /// Every weight is 0.
    #[error("[outcome.weights]: at least one weight must be above 0")]
    NoWeight,
    /// A small-cohort threshold below 1.
    #[error("[outcome] min_cohort: {0} must be a whole number of 1 or more")]
    BadMinCohort(i64),
    /// A publication threshold outside 1–[`MAX_MIN_PUPILS`].
    #[error("[privacy] min_pupils: {0} must be a whole number from 1 to 20")]
    BadMinPupils(i64),
    /// A number of years below 1.
    #[error("[outcome] years: {0} must be a number of years of 1 or more, or a list of years")]
    BadYearCount(i64),
    /// An empty list of years.
    #[error("[outcome] years: the list of years is empty")]
    NoYears,
    /// A year out of range.
    #[error("[outcome] years: {0} is not a year between 1990 and 2100")]
    BadYear(i64),
    /// A year listed twice.
    #[error("[outcome] years: {0} is listed twice")]
    RepeatedYear(u16),
}

impl FeatureParamError {
    /// The message for the analyst, naming the key of district.toml.
    pub fn message(&self, lang: model::Lang) -> String {
        match lang {
            model::Lang::En => self.to_string(),
            model::Lang::Ru => match self {
                FeatureParamError::BadWeight { code, weight } => {
                    format!("[outcome.weights] {code}: вес {weight} должен быть числом не меньше 0")
                }
                FeatureParamError::NoWeight => {
                    "[outcome.weights]: хотя бы один вес должен быть больше 0".to_owned()
                }
                FeatureParamError::BadMinCohort(n) => {
                    format!("[outcome] min_cohort: {n} — должно быть целым числом не меньше 1")
                }
                FeatureParamError::BadMinPupils(n) => {
                    format!("[privacy] min_pupils: {n} — должно быть целым числом от 1 до 20")
                }
                FeatureParamError::BadYearCount(n) => format!(
                    "[outcome] years: {n} — должно быть число лет не меньше 1 или список лет"
                ),
                FeatureParamError::NoYears => "[outcome] years: список лет пуст".to_owned(),
                FeatureParamError::BadYear(y) => {
                    format!("[outcome] years: {y} — не год между 1990 и 2100")
                }
                FeatureParamError::RepeatedYear(y) => {
                    format!("[outcome] years: {y} указан дважды")
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(params: FeatureParams, expected: Result<(), FeatureParamError>) {
        assert_eq!(params.check().map(|_| ()), expected);
    }

    #[test]
    fn the_defaults_are_valid() {
        let valid = FeatureParams::default().check().expect("valid");
        assert_eq!(valid.weights().len(), 2);
        assert_eq!(valid.min_cohort(), MIN_COHORT);
    }

    #[test]
    fn a_year_count_below_one_is_refused() {
        for n in [0, -2] {
            check(
                FeatureParams::default().latest_years(n),
                Err(FeatureParamError::BadYearCount(n)),
            );
        }
        check(FeatureParams::default().latest_years(1), Ok(()));
    }

    #[test]
    fn an_empty_list_of_years_is_refused() {
        check(
            FeatureParams::default().years([]),
            Err(FeatureParamError::NoYears),
        );
    }

    #[test]
    fn a_year_out_of_range_is_refused() {
        for y in [1899, 2101, -1, 70_000] {
            check(
                FeatureParams::default().years([2024, y]),
                Err(FeatureParamError::BadYear(y)),
            );
        }
    }

    #[test]
    fn a_year_listed_twice_is_refused() {
        check(
            FeatureParams::default().years([2024, 2023, 2024]),
            Err(FeatureParamError::RepeatedYear(2024)),
        );
        let valid = FeatureParams::default()
            .years([2025, 2023])
            .check()
            .expect("valid");
        assert_eq!(valid.years(), &Years::Listed(vec![2023, 2025]));
    }

    #[test]
    fn a_negative_or_non_finite_weight_is_refused() {
        for weight in [-1.0, f64::NAN, f64::INFINITY] {
            let params = FeatureParams::default().weights([("ege_index".to_owned(), weight)]);
            assert!(matches!(
                params.check(),
                Err(FeatureParamError::BadWeight { code, .. }) if code == "ege_index"
            ));
        }
    }

    #[test]
    fn weights_that_are_all_zero_are_refused() {
        check(
            FeatureParams::default().weights([("ege_index".to_owned(), 0.0)]),
            Err(FeatureParamError::NoWeight),
        );
        check(
            FeatureParams::default().weights([]),
            Err(FeatureParamError::NoWeight),
        );
    }

    #[test]
    fn a_min_pupils_outside_1_to_20_is_refused() {
        for n in [0, -1, 21] {
            check(
                FeatureParams::default().min_pupils(n),
                Err(FeatureParamError::BadMinPupils(n)),
            );
        }
        check(FeatureParams::default().min_pupils(1), Ok(()));
        check(FeatureParams::default().min_pupils(20), Ok(()));
    }

    #[test]
    fn a_min_cohort_below_1_is_refused() {
        check(
            FeatureParams::default().min_cohort(0),
            Err(FeatureParamError::BadMinCohort(0)),
        );
        check(
            FeatureParams::default().min_cohort(-3),
            Err(FeatureParamError::BadMinCohort(-3)),
        );
        check(FeatureParams::default().min_cohort(1), Ok(()));
    }

    #[test]
    fn a_policy_for_one_indicator_overrides_the_general_one() {
        let valid = FeatureParams::default()
            .missing_context(MissingContext::GroupMedian)
            .missing_for("rural", MissingContext::Exclude)
            .check()
            .expect("valid");
        assert_eq!(valid.missing_policy("rural"), MissingContext::Exclude);
        assert_eq!(
            valid.missing_policy("low_income_pct"),
            MissingContext::GroupMedian
        );
    }
}
