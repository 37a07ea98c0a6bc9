//! Checked parameters of the clustering algorithms.

use crate::Linkage;

/// A rejected parameter.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParamError {
    /// k is 0.
    #[error("the number of groups must be at least 1")]
    ZeroGroups,
    /// No k-means run.
    #[error("the number of k-means runs must be at least 1")]
    ZeroRuns,
    /// No iteration allowed.
    #[error("the iteration limit must be at least 1")]
    ZeroIterations,
    /// A tolerance that is not a positive finite number.
    #[error("the tolerance must be a positive finite number, got {0}")]
    BadTolerance(f64),
    /// The smallest k is above the largest.
    #[error("the smallest k ({min}) is larger than the largest ({max})")]
    EmptyKRange {
        /// The smallest k.
        min: usize,
        /// The largest k.
        max: usize,
    },
    /// A minimum group size of 0.
    #[error("the minimum group size must be at least 1")]
    ZeroMinGroupSize,
    /// A largest share outside (0, 1].
    #[error("the largest share of rows in one group must be in (0, 1], got {0}")]
    BadMaxGroupShare(f64),
    /// A forced k of 0.
    #[error("a forced number of groups must be at least 1")]
    ZeroForcedK,
    /// The gap statistic chooses k with no reference data set.
    #[error("the gap statistic needs at least 1 reference data set when it chooses k")]
    NoGapReferences,
    /// A count above what any district needs (and what would run for hours).
    #[error("{key}: at most {max}, got {value}")]
    TooLarge {
        /// The setting.
        key: &'static str,
        /// Its value.
        value: usize,
        /// The largest allowed.
        max: usize,
    },
}

/// The most groups a district can be split into, forced or tried.
pub const MAX_GROUPS: usize = 100;

/// The most reference data sets of the gap statistic.
pub const MAX_GAP_REFERENCES: usize = 1000;

/// The clustering algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Method {
    /// K-means (Lloyd's algorithm from k-means++ starts, best of several runs).
    #[default]
    KMeans,
    /// Agglomerative clustering with this linkage, cut into k groups.
    Hierarchical(Linkage),
}

impl Method {
    /// Every method.
    pub const ALL: [Method; 4] = [
        Method::KMeans,
        Method::Hierarchical(Linkage::Ward),
        Method::Hierarchical(Linkage::Average),
        Method::Hierarchical(Linkage::Complete),
    ];
    /// The method's code, as the config writes it.
    pub fn code(self) -> &'static str {
        match self {
            Method::KMeans => "kmeans",
            Method::Hierarchical(l) => l.code(),
        }
    }
    /// The method of a code.
    pub fn parse(code: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.code() == code)
    }
}

/// What decides the number of groups among the admissible ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Criterion {
    /// The highest mean silhouette width.
    #[default]
    Silhouette,
    /// The highest Calinski–Harabasz index.
    CalinskiHarabasz,
    /// The smallest k whose gap statistic is within one standard error of the next k's
    /// (Tibshirani, Walther and Hastie 2001).
    Gap,
}

impl Criterion {
    /// Every criterion.
    pub const ALL: [Criterion; 3] = [
        Criterion::Silhouette,
        Criterion::CalinskiHarabasz,
        Criterion::Gap,
    ];
    /// The criterion's code, as the config writes it.
    pub fn code(self) -> &'static str {
        match self {
            Criterion::Silhouette => "silhouette",
            Criterion::CalinskiHarabasz => "calinski_harabasz",
            Criterion::Gap => "gap",
        }
    }
    /// The criterion of a code.
    pub fn parse(code: &str) -> Option<Criterion> {
        Criterion::ALL.into_iter().find(|c| c.code() == code)
    }
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
    /// Runs from different starts; the best is kept.
    pub fn n_runs(mut self, n_runs: usize) -> Self {
        self.n_runs = n_runs;
        self
    }
    /// Iterations of one run at most.
    pub fn max_iterations(mut self, max_iterations: u64) -> Self {
        self.max_iterations = max_iterations;
        self
    }
    /// The centroids' movement below which a run stops.
    pub fn tolerance(mut self, tolerance: f64) -> Self {
        self.tolerance = tolerance;
        self
    }
    /// The seed of the starts.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
    /// Checks the parameters.
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
    /// Groups to make.
    pub fn k(&self) -> usize {
        self.0.k
    }
    /// Runs from different starts.
    pub fn n_runs(&self) -> usize {
        self.0.n_runs
    }
    /// Iterations of one run at most.
    pub fn max_iterations(&self) -> u64 {
        self.0.max_iterations
    }
    /// The centroids' movement below which a run stops.
    pub fn tolerance(&self) -> f64 {
        self.0.tolerance
    }
    /// The seed of the starts.
    pub fn seed(&self) -> u64 {
        self.0.seed
    }
    /// The same settings with one run (always valid).
    pub(crate) fn with_one_run(&self) -> ValidKMeansParams {
        ValidKMeansParams(KMeansParams {
            n_runs: 1,
            ..self.0.clone()
        })
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
    method: Method,
    criterion: Criterion,
    forced_k: Option<usize>,
    gap_references: usize,
}

/// Reference data sets drawn for the gap statistic by default.
pub const GAP_REFERENCES: usize = 10;

/// Checked [`KSelectionParams`].
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
            method: Method::default(),
            criterion: Criterion::default(),
            forced_k: None,
            gap_references: GAP_REFERENCES,
        }
    }
}

impl KSelectionParams {
    /// The smallest k tried.
    pub fn k_min(mut self, k_min: usize) -> Self {
        self.k_min = k_min;
        self
    }
    /// A fixed largest k; by default it is min(8, n / 4) for n rows.
    pub fn k_max(mut self, k_max: usize) -> Self {
        self.k_max = Some(k_max);
        self
    }
    /// The smallest group an admissible grouping may have.
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
    /// The seed of every random choice.
    pub fn seed(mut self, seed: u64) -> Self {
        self.kmeans = self.kmeans.seed(seed);
        self
    }
    /// K-means runs per k.
    pub fn n_runs(mut self, n_runs: usize) -> Self {
        self.kmeans = self.kmeans.n_runs(n_runs);
        self
    }
    /// The clustering method.
    pub fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }
    /// What chooses k.
    pub fn criterion(mut self, criterion: Criterion) -> Self {
        self.criterion = criterion;
        self
    }
    /// Groups into exactly `k` groups (the scores of the range are still computed and shown).
    pub fn force_k(mut self, k: usize) -> Self {
        self.forced_k = Some(k);
        self
    }
    /// Uniform reference data sets for the gap statistic; 0 leaves it out
    /// (then it cannot be the criterion).
    pub fn gap_references(mut self, b: usize) -> Self {
        self.gap_references = b;
        self
    }
    /// Checks the parameters.
    pub fn check(self) -> Result<ValidKSelectionParams, ParamError> {
        if self.forced_k == Some(0) {
            return Err(ParamError::ZeroForcedK);
        }
        if self.criterion == Criterion::Gap && self.gap_references == 0 {
            return Err(ParamError::NoGapReferences);
        }
        for (key, value, max) in [
            ("k", self.forced_k.unwrap_or(0), MAX_GROUPS),
            ("k_max", self.k_max.unwrap_or(0), MAX_GROUPS),
            ("gap_references", self.gap_references, MAX_GAP_REFERENCES),
        ] {
            if value > max {
                return Err(ParamError::TooLarge { key, value, max });
            }
        }
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
    /// The smallest group an admissible grouping may have.
    pub fn min_group_size(&self) -> usize {
        self.params.min_group_size
    }
    /// The smallest k tried.
    pub fn k_min(&self) -> usize {
        self.params.k_min
    }
    /// The largest share of rows one group may hold.
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
    /// The k-means parameters of each run.
    pub fn kmeans(&self) -> &ValidKMeansParams {
        &self.kmeans
    }
    /// The clustering method.
    pub fn method(&self) -> Method {
        self.params.method
    }
    /// What chooses k.
    pub fn criterion(&self) -> Criterion {
        self.params.criterion
    }
    /// The k forced, if any.
    pub fn forced_k(&self) -> Option<usize> {
        self.params.forced_k
    }
    /// Reference data sets of the gap statistic.
    pub fn gap_references(&self) -> usize {
        self.params.gap_references
    }
    /// The settings the gap statistic's uniform reference data sets are grouped
    /// with: the same, but k-means from one start (see `gap_statistic`).
    pub(crate) fn for_references(&self) -> ValidKSelectionParams {
        let mut p = self.clone();
        p.kmeans = p.kmeans.with_one_run();
        p
    }
    /// The same settings with another forced k (at least 1).
    pub fn with_forced_k(&self, k: usize) -> ValidKSelectionParams {
        let mut p = self.clone();
        p.params.forced_k = Some(k.max(1));
        p
    }
    /// An alternative grouping's settings: `method` with the starts of `seed`, `k` forced, k
    /// judged by the silhouette alone (no gap statistic: only the grouping is wanted).
    pub(crate) fn alternative(&self, method: Method, seed: u64, k: usize) -> ValidKSelectionParams {
        let mut p = self.with_forced_k(k);
        p.params.method = method;
        p.params.criterion = Criterion::Silhouette;
        p.kmeans = ValidKMeansParams(KMeansParams {
            seed,
            ..p.kmeans.0.clone()
        });
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_forced_k_of_zero_is_rejected() {
        assert_eq!(
            KSelectionParams::default().force_k(0).check(),
            Err(ParamError::ZeroForcedK)
        );
        assert!(KSelectionParams::default().force_k(1).check().is_ok());
    }

    #[test]
    fn the_gap_criterion_without_references_is_rejected() {
        assert_eq!(
            KSelectionParams::default()
                .criterion(Criterion::Gap)
                .gap_references(0)
                .check(),
            Err(ParamError::NoGapReferences)
        );
        assert!(KSelectionParams::default()
            .gap_references(0)
            .check()
            .is_ok());
    }

    #[test]
    fn counts_above_their_limits_are_rejected() {
        let too_large = |key, value, max| Err(ParamError::TooLarge { key, value, max });
        let p = KSelectionParams::default;
        assert_eq!(p().force_k(101).check(), too_large("k", 101, MAX_GROUPS));
        assert_eq!(
            p().k_max(10_000).check(),
            too_large("k_max", 10_000, MAX_GROUPS)
        );
        assert_eq!(
            p().gap_references(1001).check(),
            too_large("gap_references", 1001, MAX_GAP_REFERENCES)
        );
        assert!(p()
            .force_k(MAX_GROUPS)
            .k_max(MAX_GROUPS)
            .gap_references(1000)
            .check()
            .is_ok());
    }

    #[test]
    fn methods_and_criteria_are_known_by_their_codes() {
        for m in Method::ALL {
            assert_eq!(Method::parse(m.code()), Some(m));
        }
        for c in Criterion::ALL {
            assert_eq!(Criterion::parse(c.code()), Some(c));
        }
        assert_eq!(Method::parse("dbscan"), None);
    }

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
