//! The thresholds of advice (low, base, capacity, distance, stability), checked before anything runs.

/// A rejected advice parameter.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AdviseParamError {
    /// A low gap that is negative or not a number.
    #[error("low_gap: the gap below the group median must be a finite number ≥ 0, got {0}")]
    BadGap(f64),
    /// A share outside (0, 1].
    #[error(
        "{key}: the share of a group counted as its bottom or top must be in (0, 1], got {value}"
    )]
    BadShare {
        /// The setting's key.
        key: &'static str,
        /// The value given.
        value: f64,
    },
    /// A capacity of 0.
    #[error("capacity: a base school supports between 1 and 100 schools, got {0}")]
    BadCapacity(usize),
    /// A minimum group size below 2.
    #[error("min_group_size: a group of fewer than 2 schools has no one to compare with, got {0}")]
    BadMinGroup(usize),
    /// A stability window of 0 years.
    #[error("stable_window: at least one year, got 0")]
    ZeroWindow,
    /// Stable years outside 1..window.
    #[error("stable_years: between 1 and stable_window ({window}) years, got {years}")]
    BadStableYears {
        /// The years given.
        years: usize,
        /// The window's years.
        window: usize,
    },
    /// A slide rate that is negative or not a number.
    #[error("slide_rate: a finite number ≥ 0, got {0}")]
    BadSlideRate(f64),
    /// A distance limit that is not above 0.
    #[error("max_distance_km: a finite number above 0, got {0}")]
    BadMaxDistance(f64),
    /// A value that must be above 0.
    #[error("{key}: a finite number above 0, got {value}")]
    BadPositive {
        /// The setting's key.
        key: &'static str,
        /// The value given.
        value: f64,
    },
    /// A value outside its range (or not a number).
    #[error("{key}: between {min} and {max}, got {value:?}")]
    OutOfRange {
        /// The setting.
        key: &'static str,
        /// Its value.
        value: f64,
        /// The smallest allowed.
        min: f64,
        /// The largest allowed.
        max: f64,
    },
    /// A weight that is negative or not a number.
    #[error("{key}: a finite number ≥ 0, got {value}")]
    BadWeight {
        /// The setting's key.
        key: &'static str,
        /// The value given.
        value: f64,
    },
}

/// The share of the reasonable alternatives (docs/method.md: the chosen grouping, one group
/// fewer and one more, the other method, other starts, a subsample, the school's nearest peers)
/// in which a school must be low to be listed low: 5 of the 7.
pub const DEFAULT_MIN_ROBUSTNESS: f64 = 0.6;

/// How many standard deviations beyond what chance and the district's usual spread explain a
/// school's ВПР may stand above its ОГЭ and ЕГЭ, or its pupils crowd onto the marks'
/// thresholds, before its results are flagged as not objective (one-sided, about 1 school in
/// 740 by chance alone).
pub const DEFAULT_OBJECTIVITY_Z: f64 = 3.0;

/// The range of the objectivity screen's thresholds: from any excess at all to never.
pub const OBJECTIVITY_Z_RANGE: (f64, f64) = (0.0, 100.0);

/// The most schools one base school can support.
pub const MAX_CAPACITY: usize = 100;

/// The most young teachers, new leaders or teachers of weak subjects one mentor may support.
pub const MAX_MENTOR_LOAD: usize = 20;

/// The kilometres that may cost as much as one unit of context distance: from a metre to a
/// million kilometres (beyond, every cost would be zero or infinite).
pub const KM_PER_UNIT_RANGE: (f64, f64) = (0.001, 1e6);

/// Thresholds for low-result, stably low, sliding and base schools, the
/// diagnosis, and the pairing's capacity, distance limit and cost weights.
#[derive(Debug, Clone, PartialEq)]
pub struct AdviseParams {
    low_gap: f64,
    bottom_share: f64,
    top_share: f64,
    capacity: usize,
    min_group_size: usize,
    adjust: bool,
    stable_years: usize,
    stable_window: usize,
    slide_rate: f64,
    finding_gap: f64,
    max_distance_km: Option<f64>,
    km_per_unit: f64,
    complement_weight: f64,
    min_robustness: f64,
    objectivity_gap_z: f64,
    objectivity_jump_z: f64,
    mentor_load: usize,
    mentor_km: f64,
}

/// Checked [`AdviseParams`].
#[derive(Debug, Clone, PartialEq)]
pub struct ValidAdviseParams(AdviseParams);

impl Default for AdviseParams {
    fn default() -> Self {
        AdviseParams {
            low_gap: 0.5,
            bottom_share: 0.25,
            top_share: 0.25,
            capacity: 2,
            min_group_size: 3,
            adjust: true,
            stable_years: 2,
            stable_window: 3,
            slide_rate: 0.1,
            finding_gap: 0.5,
            max_distance_km: None,
            km_per_unit: 25.0,
            complement_weight: 1.0,
            min_robustness: DEFAULT_MIN_ROBUSTNESS,
            objectivity_gap_z: DEFAULT_OBJECTIVITY_Z,
            objectivity_jump_z: DEFAULT_OBJECTIVITY_Z,
            mentor_load: 2,
            mentor_km: 50.0,
        }
    }
}

impl AdviseParams {
    /// How far below the group median (in district standard deviations of the
    /// composite outcome) a school must be to be flagged low.
    pub fn low_gap(mut self, gap: f64) -> Self {
        self.low_gap = gap;
        self
    }
    /// The share of a group that counts as its bottom.
    pub fn bottom_share(mut self, share: f64) -> Self {
        self.bottom_share = share;
        self
    }
    /// The share of a group that counts as its top, from which base schools come.
    pub fn top_share(mut self, share: f64) -> Self {
        self.top_share = share;
        self
    }
    /// How many low schools one base school supports.
    pub fn capacity(mut self, capacity: usize) -> Self {
        self.capacity = capacity;
        self
    }
    /// Groups smaller than this flag no school low or base.
    pub fn min_group_size(mut self, size: usize) -> Self {
        self.min_group_size = size;
        self
    }
    /// Whether schools are compared within their group on the result adjusted
    /// for the conditions that still differ inside the group (the default), or
    /// on the composite as it is.
    pub fn adjust(mut self, adjust: bool) -> Self {
        self.adjust = adjust;
        self
    }
    /// A low school is stably low when the yearly test holds in at least
    /// this many of the last `stable_window` years.
    pub fn stable_years(mut self, years: usize) -> Self {
        self.stable_years = years;
        self
    }
    /// How many of the latest years the stably-low test looks at.
    pub fn stable_window(mut self, window: usize) -> Self {
        self.stable_window = window;
        self
    }
    /// The yearly fall of the composite (score units a year) from which a
    /// school counts as sliding down.
    pub fn slide_rate(mut self, rate: f64) -> Self {
        self.slide_rate = rate;
        self
    }
    /// How far worse than its group (in district standard deviations of an
    /// indicator, or standard units of a subject) a value must be to be a finding.
    pub fn finding_gap(mut self, gap: f64) -> Self {
        self.finding_gap = gap;
        self
    }
    /// The longest road a pair may span, when both schools have coordinates.
    pub fn max_distance_km(mut self, km: Option<f64>) -> Self {
        self.max_distance_km = km;
        self
    }
    /// How many kilometres between two schools cost as much as one standard
    /// deviation of difference in context.
    pub fn km_per_unit(mut self, km: f64) -> Self {
        self.km_per_unit = km;
        self
    }
    /// The cost of a base school that is strong in none of the low school's weak subjects.
    pub fn complement_weight(mut self, weight: f64) -> Self {
        self.complement_weight = weight;
        self
    }
    /// The share of the alternatives in which a school must be low to be listed low (the rest
    /// of the schools low in the chosen grouping are borderline, to be checked).
    pub fn min_robustness(mut self, share: f64) -> Self {
        self.min_robustness = share;
        self
    }
    /// How far a school's ВПР may stand above its ОГЭ and ЕГЭ (the screen's z) before its
    /// results are flagged as not confirmed.
    pub fn objectivity_gap_z(mut self, z: f64) -> Self {
        self.objectivity_gap_z = z;
        self
    }
    /// How far a school's pupils may crowd onto the ВПР marks' thresholds (the screen's z)
    /// before its results are flagged.
    pub fn objectivity_jump_z(mut self, z: f64) -> Self {
        self.objectivity_jump_z = z;
        self
    }
    /// The most people one network mentor supports.
    pub fn mentor_load(mut self, load: usize) -> Self {
        self.mentor_load = load;
        self
    }
    /// The farthest a network mentor's school may be from the mentee's, when both have
    /// coordinates.
    pub fn mentor_km(mut self, km: f64) -> Self {
        self.mentor_km = km;
        self
    }
    /// Checks the parameters; the first rule broken is the error.
    pub fn check(self) -> Result<ValidAdviseParams, AdviseParamError> {
        if !(self.low_gap.is_finite() && self.low_gap >= 0.0) {
            return Err(AdviseParamError::BadGap(self.low_gap));
        }
        for (key, value) in [
            ("bottom_share", self.bottom_share),
            ("top_share", self.top_share),
        ] {
            if !(value > 0.0 && value <= 1.0) {
                return Err(AdviseParamError::BadShare { key, value });
            }
        }
        if !(1..=MAX_CAPACITY).contains(&self.capacity) {
            return Err(AdviseParamError::BadCapacity(self.capacity));
        }
        if self.min_group_size < 2 {
            return Err(AdviseParamError::BadMinGroup(self.min_group_size));
        }
        if self.stable_window == 0 {
            return Err(AdviseParamError::ZeroWindow);
        }
        if !(1..=self.stable_window).contains(&self.stable_years) {
            return Err(AdviseParamError::BadStableYears {
                years: self.stable_years,
                window: self.stable_window,
            });
        }
        if !(self.slide_rate.is_finite() && self.slide_rate >= 0.0) {
            return Err(AdviseParamError::BadSlideRate(self.slide_rate));
        }
        if let Some(km) = self.max_distance_km {
            if !(km.is_finite() && km > 0.0) {
                return Err(AdviseParamError::BadMaxDistance(km));
            }
        }
        if !(self.finding_gap.is_finite() && self.finding_gap > 0.0) {
            return Err(AdviseParamError::BadPositive {
                key: "finding_gap",
                value: self.finding_gap,
            });
        }
        let (min, max) = KM_PER_UNIT_RANGE;
        if !(min..=max).contains(&self.km_per_unit) {
            return Err(AdviseParamError::OutOfRange {
                key: "km_per_unit",
                value: self.km_per_unit,
                min,
                max,
            });
        }
        if !(self.complement_weight.is_finite() && self.complement_weight >= 0.0) {
            return Err(AdviseParamError::BadWeight {
                key: "complement_weight",
                value: self.complement_weight,
            });
        }
        if !(0.0..=1.0).contains(&self.min_robustness) {
            return Err(AdviseParamError::OutOfRange {
                key: "min_robustness",
                value: self.min_robustness,
                min: 0.0,
                max: 1.0,
            });
        }
        let (min, max) = OBJECTIVITY_Z_RANGE;
        for (key, value) in [
            ("objectivity_gap_z", self.objectivity_gap_z),
            ("objectivity_jump_z", self.objectivity_jump_z),
        ] {
            if !(min..=max).contains(&value) {
                return Err(AdviseParamError::OutOfRange {
                    key,
                    value,
                    min,
                    max,
                });
            }
        }
        if !(1..=MAX_MENTOR_LOAD).contains(&self.mentor_load) {
            return Err(AdviseParamError::OutOfRange {
                key: "mentor_load",
                value: self.mentor_load as f64,
                min: 1.0,
                max: MAX_MENTOR_LOAD as f64,
            });
        }
        if !(self.mentor_km.is_finite() && self.mentor_km > 0.0) {
            return Err(AdviseParamError::BadPositive {
                key: "mentor_km",
                value: self.mentor_km,
            });
        }
        Ok(ValidAdviseParams(self))
    }
}

impl ValidAdviseParams {
    /// How far below its group's median a low school must be.
    pub fn low_gap(&self) -> f64 {
        self.0.low_gap
    }
    /// The bottom share of a group a low school must be in.
    pub fn bottom_share(&self) -> f64 {
        self.0.bottom_share
    }
    /// The top share of a group a base school must be in.
    pub fn top_share(&self) -> f64 {
        self.0.top_share
    }
    /// The most low schools one base school supports.
    pub fn capacity(&self) -> usize {
        self.0.capacity
    }
    /// The smallest group in which schools are flagged.
    pub fn min_group_size(&self) -> usize {
        self.0.min_group_size
    }
    /// Whether schools are compared on the score less what their conditions lead one to expect.
    pub fn adjust(&self) -> bool {
        self.0.adjust
    }
    /// Years in which the yearly low test must hold for "stably low".
    pub fn stable_years(&self) -> usize {
        self.0.stable_years
    }
    /// The latest years looked at for "stably low".
    pub fn stable_window(&self) -> usize {
        self.0.stable_window
    }
    /// The yearly fall beyond which a school is sliding.
    pub fn slide_rate(&self) -> f64 {
        self.0.slide_rate
    }
    /// How far below its group a factor must be to be named.
    pub fn finding_gap(&self) -> f64 {
        self.0.finding_gap
    }
    /// The longest trip between paired schools, in km, if limited.
    pub fn max_distance_km(&self) -> Option<f64> {
        self.0.max_distance_km
    }
    /// The km that weigh as much as one standard deviation of conditions.
    pub fn km_per_unit(&self) -> f64 {
        self.0.km_per_unit
    }
    /// The weight of subjects the base school cannot help with.
    pub fn complement_weight(&self) -> f64 {
        self.0.complement_weight
    }
    /// The share of the alternatives in which a school must be low to be listed low.
    pub fn min_robustness(&self) -> f64 {
        self.0.min_robustness
    }
    /// The screen's z beyond which ВПР results count as not confirmed by ОГЭ and ЕГЭ.
    pub fn objectivity_gap_z(&self) -> f64 {
        self.0.objectivity_gap_z
    }
    /// The screen's z beyond which pupils crowd onto the ВПР marks' thresholds.
    pub fn objectivity_jump_z(&self) -> f64 {
        self.0.objectivity_jump_z
    }
    /// The most people one network mentor supports.
    pub fn mentor_load(&self) -> usize {
        self.0.mentor_load
    }
    /// The farthest a network mentor's school may be from the mentee's, in km.
    pub fn mentor_km(&self) -> f64 {
        self.0.mentor_km
    }
}
