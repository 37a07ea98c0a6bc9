//! The generator's parameters (schools, years, seed), checked before anything is drawn.

/// A rejected generator parameter.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SynthParamError {
    /// Fewer schools than a district can be grouped with, or more than the generator
    /// makes (a country's schools, with room to spare).
    #[error("between 4 and 100000 schools can be generated, got {0}")]
    BadSchools(usize),
    /// A number of years out of range.
    #[error("between 1 and 20 years can be generated, got {0}")]
    BadYears(usize),
    /// A share of planted low schools outside 0–0.5.
    #[error("the share of low-result schools must be in [0, 0.5], got {0}")]
    BadLowShare(f64),
    /// A last year out of range.
    #[error("the last year must be between 2000 and 2100, got {0}")]
    BadLastYear(u16),
    /// A share of schools with inflated ВПР results outside 0–0.5.
    #[error("the share of schools with inflated VPR results must be in [0, 0.5], got {0}")]
    BadInflatedShare(f64),
    /// A year-to-year wobble outside 0–[`MAX_YEAR_WOBBLE`] points.
    #[error("year wobble must be 0–{MAX_YEAR_WOBBLE} points, got {0}")]
    BadYearWobble(f64),
    /// Help planted in a school the district does not have, or of a size that is not a number.
    #[error("help planted in school {0}, which is not among the schools or not a finite number")]
    BadHelp(usize),
    /// More schools planted low and inflated than the district has: they are different schools.
    #[error("the shares of low-result and inflated schools add up to more than all schools")]
    TooManyPlanted,
}

/// The most schools a district can be generated with: Russia has about 40,000 schools.
pub const MAX_SCHOOLS: usize = 100_000;

/// How the schools' conditions are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Conditions {
    /// Four kinds of school (town gymnasiums, town, village, small remote schools), each in a
    /// box of conditions of its own: groups are there to be found.
    #[default]
    Kinds,
    /// One continuum of advantage from the most remote and poor school to the best-off town
    /// school, with noise: no kinds, as real districts often look.
    Continuum,
}

/// What district to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthParams {
    schools: usize,
    years: usize,
    seed: u64,
    low_share: f64,
    last_year: u16,
    conditions: Conditions,
    inflated_vpr: Option<f64>,
    help: Vec<Help>,
    year_wobble: f64,
}

/// Help planted in a school (stage 5's truth): from the year after `baseline` its results rise
/// by `points` ЕГЭ points, reached over [`HELP_RAMP_YEARS`] years.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Help {
    /// The school's position in the district.
    pub school: usize,
    /// The year of the August run that paired it: help shows from the next year.
    pub baseline: u16,
    /// The full effect, in ЕГЭ points of the school's expected result.
    pub points: f64,
}

/// The largest year-to-year wobble of a school's results, in ЕГЭ points.
pub const MAX_YEAR_WOBBLE: f64 = 20.0;

/// Years over which planted help ramps up to its full size (a third, two thirds, all).
pub const HELP_RAMP_YEARS: u16 = 3;

impl Help {
    /// The points added in `year`: 0 up to the baseline, then ramping up.
    pub fn in_year(&self, year: u16) -> f64 {
        let years_on = year.saturating_sub(self.baseline).min(HELP_RAMP_YEARS);
        self.points * f64::from(years_on) / f64::from(HELP_RAMP_YEARS)
    }
}

/// Checked [`SynthParams`].
#[derive(Debug, Clone, PartialEq)]
pub struct ValidSynthParams(SynthParams);

impl SynthParams {
    /// `schools` schools over `years` years ending in 2026; 10% planted low; seed 42.
    pub fn new(schools: usize, years: usize) -> Self {
        SynthParams {
            schools,
            years,
            seed: 42,
            low_share: 0.1,
            last_year: 2026,
            conditions: Conditions::Kinds,
            inflated_vpr: None,
            help: Vec::new(),
            year_wobble: crate::draw::YEAR_SD,
        }
    }
    /// How far a school's results wobble from year to year (the standard deviation of a
    /// year's shift of its expected ЕГЭ score, in points; 1 by default). Larger: a low list
    /// that catches schools low by chance, who rise again on their own.
    pub fn year_wobble(mut self, sd: f64) -> Self {
        self.year_wobble = sd;
        self
    }
    /// Plants help in schools (stage 5's truth): their results rise after their baseline.
    pub fn help(mut self, help: Vec<Help>) -> Self {
        self.help = help;
        self
    }
    /// Also draws ВПР results (grade 5, mathematics and Russian, a primary score and its mark)
    /// and inflates them in this share of the schools not planted low: their pupils' scores are
    /// raised and scores just below a mark's threshold are pushed onto it, as lenient marking
    /// does. Without it no ВПР is drawn.
    pub fn inflated_vpr(mut self, share: f64) -> Self {
        self.inflated_vpr = Some(share);
        self
    }
    /// How the schools' conditions are drawn.
    pub fn conditions(mut self, conditions: Conditions) -> Self {
        self.conditions = conditions;
        self
    }
    /// The seed of every draw.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
    /// The share of schools planted as low-result.
    pub fn low_share(mut self, share: f64) -> Self {
        self.low_share = share;
        self
    }
    /// The last school year of results.
    pub fn last_year(mut self, year: u16) -> Self {
        self.last_year = year;
        self
    }
    /// Checks the parameters.
    pub fn check(mut self) -> Result<ValidSynthParams, SynthParamError> {
        // By school, so that a school's help is found by a binary search.
        self.help.sort_by_key(|h| h.school);
        if !(4..=MAX_SCHOOLS).contains(&self.schools) {
            return Err(SynthParamError::BadSchools(self.schools));
        }
        if !(1..=20).contains(&self.years) {
            return Err(SynthParamError::BadYears(self.years));
        }
        if !(0.0..=0.5).contains(&self.low_share) {
            return Err(SynthParamError::BadLowShare(self.low_share));
        }
        if !(2000..=2100).contains(&self.last_year) {
            return Err(SynthParamError::BadLastYear(self.last_year));
        }
        if !(0.0..=MAX_YEAR_WOBBLE).contains(&self.year_wobble) {
            return Err(SynthParamError::BadYearWobble(self.year_wobble));
        }
        if let Some(h) =
            (self.help.iter()).find(|h| h.school >= self.schools || !h.points.is_finite())
        {
            return Err(SynthParamError::BadHelp(h.school));
        }
        if let Some(share) = self.inflated_vpr {
            if !(0.0..=0.5).contains(&share) {
                return Err(SynthParamError::BadInflatedShare(share));
            }
            let count = |share: f64| (self.schools as f64 * share).round() as usize;
            if count(share) + count(self.low_share) > self.schools {
                return Err(SynthParamError::TooManyPlanted);
            }
        }
        Ok(ValidSynthParams(self))
    }
}

impl ValidSynthParams {
    /// Schools in the district.
    pub fn schools(&self) -> usize {
        self.0.schools
    }
    /// Years of results.
    pub fn years(&self) -> usize {
        self.0.years
    }
    /// The seed of every draw.
    pub fn seed(&self) -> u64 {
        self.0.seed
    }
    /// The share of schools planted as low-result.
    pub fn low_share(&self) -> f64 {
        self.0.low_share
    }
    /// The last school year of results.
    pub fn last_year(&self) -> u16 {
        self.0.last_year
    }
    /// The year-to-year wobble of a school's results, in ЕГЭ points.
    pub fn year_wobble(&self) -> f64 {
        self.0.year_wobble
    }
    /// How the schools' conditions are drawn.
    pub fn conditions(&self) -> Conditions {
        self.0.conditions
    }
    /// The points of help planted in school `i` in `year` (every help of it, summed).
    pub fn help_in(&self, i: usize, year: u16) -> f64 {
        let help = &self.0.help;
        let from = help.partition_point(|h| h.school < i);
        (help[from..].iter())
            .take_while(|h| h.school == i)
            .map(|h| h.in_year(year))
            .sum()
    }
    /// The share of schools with inflated ВПР results; `None`: no ВПР is drawn.
    pub fn inflated_vpr(&self) -> Option<f64> {
        self.0.inflated_vpr
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_few_or_too_many_schools_is_rejected() {
        assert_eq!(
            SynthParams::new(3, 3).check(),
            Err(SynthParamError::BadSchools(3))
        );
        assert_eq!(
            SynthParams::new(MAX_SCHOOLS + 1, 3).check(),
            Err(SynthParamError::BadSchools(MAX_SCHOOLS + 1))
        );
        assert!(SynthParams::new(MAX_SCHOOLS, 3).check().is_ok());
    }
    #[test]
    fn bad_years_is_rejected() {
        assert_eq!(
            SynthParams::new(30, 0).check(),
            Err(SynthParamError::BadYears(0))
        );
        assert_eq!(
            SynthParams::new(30, 21).check(),
            Err(SynthParamError::BadYears(21))
        );
    }
    #[test]
    fn bad_low_share_is_rejected() {
        assert_eq!(
            SynthParams::new(30, 3).low_share(0.6).check(),
            Err(SynthParamError::BadLowShare(0.6))
        );
    }
    #[test]
    fn bad_inflated_share_is_rejected() {
        assert_eq!(
            SynthParams::new(30, 3).inflated_vpr(-0.1).check(),
            Err(SynthParamError::BadInflatedShare(-0.1))
        );
        assert_eq!(
            SynthParams::new(30, 3).inflated_vpr(0.51).check(),
            Err(SynthParamError::BadInflatedShare(0.51))
        );
        assert!(SynthParams::new(30, 3).inflated_vpr(0.0).check().is_ok());
    }
    #[test]
    fn more_planted_than_schools_is_rejected() {
        assert_eq!(
            SynthParams::new(30, 3)
                .low_share(0.5)
                .inflated_vpr(0.5)
                .check(),
            Ok(ValidSynthParams(
                SynthParams::new(30, 3).low_share(0.5).inflated_vpr(0.5)
            ))
        );
        assert_eq!(
            SynthParams::new(31, 3)
                .low_share(0.5)
                .inflated_vpr(0.5)
                .check(),
            Err(SynthParamError::TooManyPlanted)
        );
    }
    #[test]
    fn help_outside_the_district_is_rejected_and_ramps_up() {
        let help = |school, points| Help {
            school,
            baseline: 2024,
            points,
        };
        assert_eq!(
            SynthParams::new(30, 3).help(vec![help(30, 1.0)]).check(),
            Err(SynthParamError::BadHelp(30))
        );
        assert_eq!(
            SynthParams::new(30, 3)
                .help(vec![help(2, f64::NAN)])
                .check(),
            Err(SynthParamError::BadHelp(2))
        );
        let valid = SynthParams::new(30, 3).help(vec![help(2, 3.0)]).check();
        let valid = valid.expect("valid");
        let ramp: Vec<f64> = (2023..=2028).map(|y| valid.help_in(2, y)).collect();
        assert_eq!(ramp, [0.0, 0.0, 1.0, 2.0, 3.0, 3.0]);
        assert_eq!(valid.help_in(3, 2027), 0.0);
    }

    #[test]
    fn bad_last_year_is_rejected() {
        assert_eq!(
            SynthParams::new(30, 3).last_year(1900).check(),
            Err(SynthParamError::BadLastYear(1900))
        );
    }
}
