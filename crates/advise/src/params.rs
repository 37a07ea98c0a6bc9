/// A rejected advice parameter.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AdviseParamError {
    #[error("the gap threshold must be a finite number ≥ 0, got {0}")]
    BadGap(f64),
    #[error("the share of a group counted as its bottom or top must be in (0, 1], got {0}")]
    BadShare(f64),
    #[error("a base school must be able to support at least one school")]
    ZeroCapacity,
}

/// Thresholds for low-result and base schools, and the load of a base school.
#[derive(Debug, Clone, PartialEq)]
pub struct AdviseParams {
    low_gap: f64,
    bottom_share: f64,
    top_share: f64,
    capacity: usize,
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
    pub fn check(self) -> Result<ValidAdviseParams, AdviseParamError> {
        if !(self.low_gap.is_finite() && self.low_gap >= 0.0) {
            return Err(AdviseParamError::BadGap(self.low_gap));
        }
        for share in [self.bottom_share, self.top_share] {
            if !(share > 0.0 && share <= 1.0) {
                return Err(AdviseParamError::BadShare(share));
            }
        }
        if self.capacity == 0 {
            return Err(AdviseParamError::ZeroCapacity);
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
}
