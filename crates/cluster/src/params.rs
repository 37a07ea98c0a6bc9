//! Checked parameters of the clustering algorithms.

/// A rejected parameter.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParamError {
    #[error("the number of groups must be at least 1")]
    ZeroGroups,
    #[error("the number of k-means runs must be at least 1")]
    ZeroRuns,
    #[error("the iteration limit must be at least 1")]
    ZeroIterations,
    #[error("the tolerance must be a positive finite number, got {0}")]
    BadTolerance(f64),
    #[error("the smallest k ({min}) is larger than the largest ({max})")]
    EmptyKRange { min: usize, max: usize },
    #[error("the minimum group size must be at least 1")]
    ZeroMinGroupSize,
    #[error("the largest share of rows in one group must be in (0, 1], got {0}")]
    BadMaxGroupShare(f64),
}

/// K-means settings; `check` turns them into [`ValidKMeansParams`].
#[derive(Debug, Clone, PartialEq)]
pub struct KMeansParams {
    k: usize,
    n_runs: usize,
    max_iterations: u64,
    tolerance: f64,
    seed: u64,
}

/// K-means settings that passed every check.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidKMeansParams(KMeansParams);

impl KMeansParams {
    /// `k` groups, 10 runs from k-means++ starts, at most 300 iterations, seed 42.
    pub fn new(k: usize) -> Self {
        KMeansParams {
            k,
            n_runs: 10,
            max_iterations: 300,
            tolerance: 1e-6,
            seed: 42,
        }
    }
    pub fn n_runs(mut self, n_runs: usize) -> Self {
        self.n_runs = n_runs;
        self
    }
    pub fn max_iterations(mut self, max_iterations: u64) -> Self {
        self.max_iterations = max_iterations;
        self
    }
    pub fn tolerance(mut self, tolerance: f64) -> Self {
        self.tolerance = tolerance;
        self
    }
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
    pub fn check(self) -> Result<ValidKMeansParams, ParamError> {
        if self.k == 0 {
            return Err(ParamError::ZeroGroups);
        }
        if self.n_runs == 0 {
            return Err(ParamError::ZeroRuns);
        }
        if self.max_iterations == 0 {
            return Err(ParamError::ZeroIterations);
        }
        if !(self.tolerance.is_finite() && self.tolerance > 0.0) {
            return Err(ParamError::BadTolerance(self.tolerance));
        }
        Ok(ValidKMeansParams(self))
    }
}

impl ValidKMeansParams {
    pub fn k(&self) -> usize {
        self.0.k
    }
    pub fn n_runs(&self) -> usize {
        self.0.n_runs
    }
    pub fn max_iterations(&self) -> u64 {
        self.0.max_iterations
    }
    pub fn tolerance(&self) -> f64 {
        self.0.tolerance
    }
    pub fn seed(&self) -> u64 {
        self.0.seed
    }
    /// The same settings with another number of groups.
    pub fn with_k(&self, k: usize) -> Result<ValidKMeansParams, ParamError> {
        KMeansParams {
            k,
            ..self.0.clone()
        }
        .check()
    }
}

/// How to choose the number of groups.
#[derive(Debug, Clone, PartialEq)]
pub struct KSelectionParams {
    k_min: usize,
    k_max: Option<usize>,
    max_k_cap: usize,
    min_group_size: usize,
    max_group_share: f64,
    kmeans: KMeansParams,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidKSelectionParams {
    params: KSelectionParams,
    kmeans: ValidKMeansParams,
}

impl Default for KSelectionParams {
    fn default() -> Self {
        KSelectionParams {
            k_min: 2,
            k_max: None,
            max_k_cap: 8,
            min_group_size: 3,
            max_group_share: 0.5,
            kmeans: KMeansParams::new(2),
        }
    }
}

impl KSelectionParams {
    pub fn k_min(mut self, k_min: usize) -> Self {
        self.k_min = k_min;
        self
    }
    /// A fixed largest k; by default it is min(8, n / 4) for n rows.
    pub fn k_max(mut self, k_max: usize) -> Self {
        self.k_max = Some(k_max);
        self
    }
    pub fn min_group_size(mut self, size: usize) -> Self {
        self.min_group_size = size;
        self
    }
    /// The largest share of all rows one group may hold: a group holding
    /// most of the district compares a school with nearly everyone, which is
    /// no peer comparison. Default 0.5.
    pub fn max_group_share(mut self, share: f64) -> Self {
        self.max_group_share = share;
        self
    }
    pub fn seed(mut self, seed: u64) -> Self {
        self.kmeans = self.kmeans.seed(seed);
        self
    }
    pub fn n_runs(mut self, n_runs: usize) -> Self {
        self.kmeans = self.kmeans.n_runs(n_runs);
        self
    }
    pub fn check(self) -> Result<ValidKSelectionParams, ParamError> {
        if self.k_min == 0 {
            return Err(ParamError::ZeroGroups);
        }
        if let Some(max) = self.k_max {
            if max < self.k_min {
                return Err(ParamError::EmptyKRange {
                    min: self.k_min,
                    max,
                });
            }
        }
        if self.min_group_size == 0 {
            return Err(ParamError::ZeroMinGroupSize);
        }
        if !(self.max_group_share > 0.0 && self.max_group_share <= 1.0) {
            return Err(ParamError::BadMaxGroupShare(self.max_group_share));
        }
        let kmeans = self.kmeans.clone().check()?;
        Ok(ValidKSelectionParams {
            params: self,
            kmeans,
        })
    }
}

impl ValidKSelectionParams {
    /// The k values tried for `rows` rows: k_min..=k_max, where k_max defaults to min(8, rows / 4).
    pub fn k_range(&self, rows: usize) -> std::ops::RangeInclusive<usize> {
        let max = self
            .params
            .k_max
            .unwrap_or_else(|| self.params.max_k_cap.min(rows / 4));
        self.params.k_min..=max
    }
    pub fn min_group_size(&self) -> usize {
        self.params.min_group_size
    }
    pub fn k_min(&self) -> usize {
        self.params.k_min
    }
    pub fn max_group_share(&self) -> f64 {
        self.params.max_group_share
    }
    /// The largest group allowed among `rows` rows.
    pub fn max_group_size(&self, rows: usize) -> usize {
        (self.params.max_group_share * rows as f64).floor() as usize
    }
    /// The fixed largest k, if one was set.
    pub fn k_max(&self) -> Option<usize> {
        self.params.k_max
    }
    pub fn kmeans(&self) -> &ValidKMeansParams {
        &self.kmeans
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_groups_is_rejected() {
        assert_eq!(KMeansParams::new(0).check(), Err(ParamError::ZeroGroups));
    }
    #[test]
    fn zero_runs_is_rejected() {
        assert_eq!(
            KMeansParams::new(2).n_runs(0).check(),
            Err(ParamError::ZeroRuns)
        );
    }
    #[test]
    fn zero_iterations_is_rejected() {
        assert_eq!(
            KMeansParams::new(2).max_iterations(0).check(),
            Err(ParamError::ZeroIterations)
        );
    }
    #[test]
    fn bad_tolerance_is_rejected() {
        assert!(matches!(
            KMeansParams::new(2).tolerance(f64::NAN).check(),
            Err(ParamError::BadTolerance(_))
        ));
        assert_eq!(
            KMeansParams::new(2).tolerance(0.0).check(),
            Err(ParamError::BadTolerance(0.0))
        );
    }
    #[test]
    fn empty_k_range_is_rejected() {
        assert_eq!(
            KSelectionParams::default().k_min(5).k_max(3).check(),
            Err(ParamError::EmptyKRange { min: 5, max: 3 })
        );
    }
    #[test]
    fn zero_k_min_is_rejected() {
        assert_eq!(
            KSelectionParams::default().k_min(0).check(),
            Err(ParamError::ZeroGroups)
        );
    }
    #[test]
    fn zero_min_group_size_is_rejected() {
        assert_eq!(
            KSelectionParams::default().min_group_size(0).check(),
            Err(ParamError::ZeroMinGroupSize)
        );
    }
    #[test]
    fn bad_max_group_share_is_rejected() {
        assert_eq!(
            KSelectionParams::default().max_group_share(0.0).check(),
            Err(ParamError::BadMaxGroupShare(0.0))
        );
        assert_eq!(
            KSelectionParams::default().max_group_share(1.2).check(),
            Err(ParamError::BadMaxGroupShare(1.2))
        );
    }
    #[test]
    fn default_k_range_follows_district_size() {
        let p = KSelectionParams::default().check().expect("valid");
        assert_eq!(p.k_range(28), 2..=7);
        assert_eq!(p.k_range(300), 2..=8);
        assert!(p.k_range(7).is_empty());
    }
}
