//! Standing of each school in its peer group; low-result, stably low, sliding
//! and base schools; the diagnosis of each low school; and the pairs of low
//! and base schools, assigned at least cost within each base school's capacity.
//!
//! Pure: numbers in, decisions with their reasons out. Rows are positions in
//! the caller's school list; groups are numbered 0..k, and a number may have
//! no rows (last year's numbers kept, see `cluster::keep_numbers`). Subjects
//! and indicators are positions in the caller's lists, worded by `report`.

mod assign;
mod correlation;
mod diagnosis;
mod evaluation;
mod network;
mod objectivity;
mod pairing;
mod params;
mod prior;
mod programme;
mod robustness;
mod sparse;
mod standing;
mod targets;

pub use assign::{min_cost_assignment, priority_matching};
pub use correlation::rank_correlation;
pub use diagnosis::{diagnose, Diagnosis, Finding, SubjectGap, MIN_WEIGHT};
pub use evaluation::{
    evaluate, evaluate_prepared, Block, Estimate, Evaluation, EvaluationError, EvaluationInput,
    EvaluationParams, SchoolChange, MIN_COMPARISONS, MIN_RESAMPLED,
};
pub use network::{
    network, Mentee, Need, Network, Outcome, Person, Track, Unmatched, CANDIDATE_BUDGET,
    FIRST_CATEGORY_KM, MIN_CANDIDATE_SCHOOLS, NEW_LEADER_YEARS,
};
pub use objectivity::{Doubt, ResultsEvidence};
pub use pairing::{pair_schools, Mentor, Pair, PairReason, Pairing, Unpaired, UnpairedReason};
pub use params::{
    AdviseParamError, AdviseParams, ValidAdviseParams, DEFAULT_MIN_ROBUSTNESS,
    DEFAULT_OBJECTIVITY_Z, KM_PER_UNIT_RANGE, MAX_CAPACITY, MAX_MENTOR_LOAD, OBJECTIVITY_Z_RANGE,
};
pub use programme::{
    evaluate_programme, BlockAt, PairRows, ProgrammeEvaluation, ProgrammeInput, FINAL_YEARS,
};
pub use sparse::{sparse_assignment, Candidate};
pub use standing::{stand, GroupStats, Reason, Slide, Standing, Status};
pub use targets::{targets, Targets, UNFAVOURABLE_SHARE};

use model::{Post, Qualification};
use ndarray::Array2;

pub use model::INTERVAL_Z;

/// One year's composite of a school with its standard deviation (noise of its takers).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct YearScore {
    /// The year's composite.
    pub score: f64,
    /// Its standard deviation (the noise of its takers).
    pub sd: f64,
}

/// An indicator the diagnosis compares with the group: a resource (staff,
/// vacancies) or an outcome other than the composite.
#[derive(Debug, Clone, PartialEq)]
pub struct Factor {
    /// Whether the district can act on it (resource) or it is a result (outcome).
    pub kind: FactorKind,
    /// `None` for an indicator with no set direction (the share of young
    /// teachers): the direction is then the sign of its correlation with the
    /// results over the district.
    pub higher_is_better: Option<bool>,
    /// Per row.
    pub values: Vec<Option<f64>>,
}

/// What a factor is to the diagnosis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactorKind {
    /// A condition the district can act on (staff, vacancies): a possible cause.
    Resource,
    /// A result other than the composite: where the results fall short.
    Outcome,
}

/// A school's result in one exam subject.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SubjectScore {
    /// Standard units within the subject (comparable between schools).
    pub z: f64,
    /// Mean score in the exam's points, when results are scores.
    pub points: Option<f64>,
}

/// One exam subject's results. Subjects of different exams can share a
/// topic (ЕГЭ and ОГЭ mathematics): topics match subjects to teachers.
#[derive(Debug, Clone, PartialEq)]
pub struct SubjectColumn {
    /// The topic, by position in the topics.
    pub topic: usize,
    /// Per row.
    pub values: Vec<Option<SubjectScore>>,
}

/// A member of a school's staff, for the mentors of a pair and the network of mentors.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct TeacherInfo {
    /// The topic taught, by position in the topics.
    pub topic: Option<usize>,
    /// 0–3 years of experience.
    pub young: bool,
    /// The qualification category, if known.
    pub qualification: Option<Qualification>,
    /// The school leader's post (head or deputy), if the person holds one.
    pub post: Option<Post>,
    /// Years in the present post, if known.
    pub years_in_post: Option<f64>,
}

/// Everything advise knows of the ranked schools, one entry per row.
#[derive(Debug, Clone, PartialEq)]
pub struct Schools {
    /// Peer group of each row.
    pub groups: Vec<usize>,
    /// The groupings an analyst could reasonably have chosen instead (each a group per row),
    /// against which the low list is held (see `robustness`); empty: not held.
    pub alternatives: Vec<Vec<usize>>,
    /// Each row's nearest peers (rows of its part), its own comparison group as a last
    /// alternative; empty: not used.
    pub peers: Vec<Vec<usize>>,
    /// Part of the school-kind split (groups never mix parts); 0 everywhere without the split.
    pub parts: Vec<usize>,
    /// Composite outcome (higher is better), in district standard deviations.
    pub scores: Vec<f64>,
    /// 95% interval of each score.
    pub intervals: Vec<(f64, f64)>,
    /// The score the school's conditions lead one to expect.
    pub expected: Vec<f64>,
    /// Each year's composite, `[slot][row]`, oldest year first.
    pub years: Vec<Vec<Option<YearScore>>>,
    /// Standardised context (rows × indicators), for distances between schools and groups.
    pub context: Array2<f64>,
    /// Latitude and longitude in degrees, where known.
    pub places: Vec<Option<(f64, f64)>>,
    /// Resource and outcome indicators that may explain a gap.
    pub factors: Vec<Factor>,
    /// Results per subject.
    pub subjects: Vec<SubjectColumn>,
    /// Each row's topics without a teacher.
    pub untaught: Vec<Vec<usize>>,
    /// Each school's teachers.
    pub teachers: Vec<Vec<TeacherInfo>>,
    /// The objectivity screen's evidence on each row's ВПР results; empty: not screened.
    pub results: Vec<ResultsEvidence>,
    /// Pairs (low row, base row) the analyst fixed.
    pub pinned: Vec<(usize, usize)>,
    /// Pairs (low row, base row) the analyst ruled out.
    pub forbidden: Vec<(usize, usize)>,
}

impl Schools {
    /// Schools known by their groups, scores and context alone: exact scores
    /// (no interval), nothing expected of the context, no years, places,
    /// indicators, subjects or teachers.
    pub fn new(groups: Vec<usize>, scores: Vec<f64>, context: Array2<f64>) -> Self {
        let n = groups.len();
        Schools {
            alternatives: Vec::new(),
            peers: Vec::new(),
            parts: vec![0; n],
            intervals: scores.iter().map(|&s| (s, s)).collect(),
            expected: vec![0.0; n],
            years: Vec::new(),
            places: vec![None; n],
            factors: Vec::new(),
            subjects: Vec::new(),
            untaught: vec![Vec::new(); n],
            teachers: vec![Vec::new(); n],
            results: Vec::new(),
            pinned: Vec::new(),
            forbidden: Vec::new(),
            groups,
            scores,
            context,
        }
    }

    /// Schools (rows).
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Whether there are no schools.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Every per-row list has one entry a row, every number is finite, every
    /// pinned or forbidden row exists.
    fn validate(&self) -> Result<(), AdviseError> {
        let n = self.len();
        let lengths = [
            ("parts", self.parts.len()),
            ("scores", self.scores.len()),
            ("intervals", self.intervals.len()),
            ("expected", self.expected.len()),
            ("context", self.context.nrows()),
            ("places", self.places.len()),
            ("untaught", self.untaught.len()),
            ("teachers", self.teachers.len()),
        ]
        .into_iter()
        .chain(self.years.iter().map(|y| ("years", y.len())))
        .chain(self.alternatives.iter().map(|a| ("alternatives", a.len())))
        .chain((!self.peers.is_empty()).then_some(("peers", self.peers.len())))
        .chain((!self.results.is_empty()).then_some(("results", self.results.len())))
        .chain(self.factors.iter().map(|f| ("factors", f.values.len())))
        .chain(self.subjects.iter().map(|s| ("subjects", s.values.len())));
        for (list, len) in lengths {
            if len != n {
                return Err(AdviseError::LengthMismatch { list, len, rows: n });
            }
        }
        if let Some(row) = (0..n).find(|&i| {
            !(self.scores[i].is_finite()
                && self.expected[i].is_finite()
                && self.intervals[i].0.is_finite()
                && self.intervals[i].1.is_finite())
        }) {
            return Err(AdviseError::NonFiniteScore { row });
        }
        if let Some(&(low, base)) = self
            .pinned
            .iter()
            .chain(&self.forbidden)
            .find(|&&(l, b)| l >= n || b >= n || l == b)
        {
            return Err(AdviseError::BadPair { low, base });
        }
        // Group numbers and peers are rows' positions: none beyond the rows.
        let beyond = |v: &Vec<usize>| v.iter().any(|&x| x >= n);
        if self.alternatives.iter().chain(&self.peers).any(beyond) {
            return Err(AdviseError::RowOutOfRange);
        }
        Ok(())
    }
}

/// Everything the district acts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Advice {
    /// One per row, in row order.
    pub standings: Vec<Standing>,
    /// Per group number: median, upper quartile and size of the compared values.
    pub groups: Vec<GroupStats>,
    /// One per low or sliding school, in row order.
    pub diagnoses: Vec<Diagnosis>,
    /// The pairs and the low schools left unpaired.
    pub pairing: Pairing,
    /// The overlap (Jaccard) of each alternative's low list with the chosen grouping's, in the
    /// order of `Schools::alternatives`, then the nearest peers; empty: not held.
    pub overlaps: Vec<f64>,
    /// ШНОР and ШНСУ, one entry per row each.
    pub targets: Targets,
    /// The network of mentors.
    pub network: Network,
}

/// Why advice cannot be given.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AdviseError {
    /// A per-school list is not as long as the schools.
    #[error("{list} has {len} entries for {rows} schools")]
    LengthMismatch {
        /// The list.
        list: &'static str,
        /// Its length.
        len: usize,
        /// Schools.
        rows: usize,
    },
    /// An alternative grouping's group number or a peer is not below the number of rows.
    #[error("an alternative grouping or a nearest peer names a row beyond the schools")]
    RowOutOfRange,
    /// A score is NaN or infinite.
    #[error("score of row {row} is not a finite number")]
    NonFiniteScore {
        /// The row.
        row: usize,
    },
    /// A pinned or forbidden pair names a row twice or one out of range.
    #[error("the pair of rows {low} and {base} is not a pair of two schools of the list")]
    BadPair {
        /// The low school's row.
        low: usize,
        /// The base school's row.
        base: usize,
    },
    /// More schools are pinned to a base school than it can support.
    #[error("base school of row {base} is pinned to {pinned} schools; its capacity is {capacity}")]
    PinnedOverCapacity {
        /// The base school's row.
        base: usize,
        /// Schools pinned to it.
        pinned: usize,
        /// Its capacity.
        capacity: usize,
    },
    /// A low school is pinned to more than one base school.
    #[error("school of row {low} is pinned to more than one base school")]
    PinnedTwice {
        /// The low school's row.
        low: usize,
    },
}

/// Ranks schools within their groups, flags low, stably low, sliding and base
/// schools, diagnoses the low ones and pairs them with base schools; names the targets of
/// support (ШНОР, ШНСУ) and matches the people to support with network mentors.
pub fn advise(schools: &Schools, params: &ValidAdviseParams) -> Result<Advice, AdviseError> {
    schools.validate()?;
    let (mut standings, groups) = stand(schools, params);
    let overlaps = robustness::hold_low_list(schools, params, &mut standings);
    objectivity::screen(schools, params, &mut standings);
    let diagnoses = diagnose(schools, &standings, params);
    // The pairs and the network of mentors share nothing: found side by side.
    let (pairing, (targets, network)) = rayon::join(
        || pair_schools(schools, &standings, &diagnoses, params),
        || {
            let targets = targets(&standings, &schools.expected);
            let network = network(schools, &standings, &targets, params);
            (targets, network)
        },
    );
    let pairing = pairing?;
    Ok(Advice {
        standings,
        groups,
        diagnoses,
        pairing,
        overlaps,
        targets,
        network,
    })
}

#[cfg(test)]
mod tests;
