//! The thresholds of advice (low, base, capacity, distance, stability), checked before anything runs.

/// A rejected advice parameter.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AdviseParamError {
    #[error("low_gap: the gap below the group median must be a finite number ≥ 0, got {0}")]
    BadGap(f64),
    #[error(
        "{key}: the share of a group counted as its bottom or top must be in (0, 1], got {value}"
    )]
    BadShare { key: &'static str, value: f64 },
    #[error("capacity: a base school must be able to support at least one school")]
    ZeroCapacity,
    #[error("min_group_size: a group of fewer than 2 schools has no one to compare with, got {0}")]
    BadMinGroup(usize),
    #[error("stable_window: at least one year, got 0")]
    ZeroWindow,
    #[error("stable_years: between 1 and stable_window ({window}) years, got {years}")]
    BadStableYears { years: usize, window: usize },
    #[error("slide_rate: a finite number ≥ 0, got {0}")]
    BadSlideRate(f64),
    #[error("max_distance_km: a finite number above 0, got {0}")]
    BadMaxDistance(f64),
    #[error("{key}: a finite number above 0, got {value}")]
    BadPositive { key: &'static str, value: f64 },
    #[error("{key}: a finite number ≥ 0, got {value}")]
    BadWeight { key: &'static str, value: f64 },
}

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
}

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
        if self.capacity == 0 {
            return Err(AdviseParamError::ZeroCapacity);
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
        for (key, value) in [
            ("finding_gap", self.finding_gap),
            ("km_per_unit", self.km_per_unit),
        ] {
            if !(value.is_finite() && value > 0.0) {
                return Err(AdviseParamError::BadPositive { key, value });
            }
        }
        if !(self.complement_weight.is_finite() && self.complement_weight >= 0.0) {
            return Err(AdviseParamError::BadWeight {
                key: "complement_weight",
                value: self.complement_weight,
            });
        }
        Ok(ValidAdviseParams(self))
    }
}

impl ValidAdviseParams {
    pub fn low_gap(&self) -> f64 {
        self.0.low_gap
    }
    pub fn bottom_share(&self) -> f64 {
        self.0.bottom_share
    }
    pub fn top_share(&self) -> f64 {
        self.0.top_share
    }
    pub fn capacity(&self) -> usize {
        self.0.capacity
    }
    pub fn min_group_size(&self) -> usize {
        self.0.min_group_size
    }
    pub fn adjust(&self) -> bool {
        self.0.adjust
    }
    pub fn stable_years(&self) -> usize {
        self.0.stable_years
    }
    pub fn stable_window(&self) -> usize {
        self.0.stable_window
    }
    pub fn slide_rate(&self) -> f64 {
        self.0.slide_rate
    }
    pub fn finding_gap(&self) -> f64 {
        self.0.finding_gap
    }
    pub fn max_distance_km(&self) -> Option<f64> {
        self.0.max_distance_km
    }
    pub fn km_per_unit(&self) -> f64 {
        self.0.km_per_unit
    }
    pub fn complement_weight(&self) -> f64 {
        self.0.complement_weight
    }
}
