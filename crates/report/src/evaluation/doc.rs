//! evaluation.json's contract (docs/output-format.md, evaluation.json): what `schoolpeers
//! evaluate` found, as serialised; every number rounded to 4 decimals.

use serde::Serialize;

/// evaluation.json.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvaluationDoc {
    /// The contract's version.
    pub format_version: u32,
    /// What was read and how it was evaluated.
    pub manifest: EvaluationManifest,
    /// The programme's verdict in one sentence, with the estimate it rests on.
    pub verdict: VerdictDoc,
    /// The district's effect one, two and three years after each August.
    pub district: Vec<YearsAfterDoc>,
    /// Every supported school of the history, once: evaluated, or why it could not be.
    pub schools: Vec<EvaluatedSchoolDoc>,
    /// Every pair of the history.
    pub pairs: Vec<PairEvaluationDoc>,
    /// Each base school: its partners together and its own results.
    pub bases: Vec<BaseEvaluationDoc>,
    /// Each peer group's supported schools together.
    pub groups: Vec<GroupEvaluationDoc>,
    /// The district's mean results on each exam year by year (the programme's own
    /// indicator of success).
    pub district_results: Vec<DistrictResultDoc>,
    /// Each methodical cluster of the activities table beside its lead school's partners'
    /// effect (empty without an activities table).
    pub activity: super::ActivityDoc,
}

/// What was read and how.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvaluationManifest {
    /// `schoolpeers`.
    pub tool: &'static str,
    /// The engine's version.
    pub version: &'static str,
    /// `evaluate`.
    pub command: &'static str,
    /// The language of the texts.
    pub lang: &'static str,
    /// The years of results in the data.
    pub years: Vec<u16>,
    /// Bootstrap draws and their seed.
    pub draws: usize,
    /// The seed of the draws.
    pub seed: u64,
    /// Years on at which an evaluation is final.
    pub final_years: u16,
    /// Comparison schools needed for an evaluation.
    pub min_comparisons: usize,
    /// Each history file read.
    pub history: Vec<HistoryDoc>,
    /// Schools of the data that no history run lists (opened since): comparisons only.
    pub new_schools: Vec<String>,
    /// Every other file of the output folder, with its size and SHA-256.
    pub outputs: Vec<crate::write::OutputDoc>,
}

/// One history file (a past August run).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryDoc {
    /// The file as given.
    pub file: String,
    /// Its August (the latest year of results it used).
    pub august: u16,
    /// Its schools.
    pub schools: usize,
    /// Its pairs.
    pub pairs: usize,
    /// Its schools the data no longer has (closed or merged), by id.
    pub schools_not_in_data: Vec<String>,
}

/// An estimate with its 95% interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EstimateDoc {
    /// The estimate.
    pub value: f64,
    /// The interval's lower end.
    pub low: f64,
    /// Its upper end.
    pub high: f64,
}

/// The verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerdictDoc {
    /// `final` (three years on), `intermediate` (fewer) or `none` (nothing to evaluate yet).
    pub stage: &'static str,
    /// The years on the estimate is at.
    pub years_after: Option<u16>,
    /// The effect (difference in differences).
    pub effect: Option<EstimateDoc>,
    /// The naive before/after change of the same schools.
    pub naive: Option<EstimateDoc>,
    /// `helped`, `no_difference`, `fell_behind` or `none`.
    pub conclusion: &'static str,
    /// The verdict in one sentence, with why the naive figure differs.
    pub text: String,
}

/// The district's effect some years after each August.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearsAfterDoc {
    /// Years after the August.
    pub years_after: u16,
    /// Supported schools evaluated.
    pub supported: usize,
    /// Comparison schools (summed over the Augusts).
    pub comparisons: usize,
    /// The effect; `null` when there is none (`reason`).
    pub effect: Option<EstimateDoc>,
    /// The naive before/after change.
    pub naive: Option<EstimateDoc>,
    /// Why there is no estimate.
    pub reason: Option<String>,
}

/// A supported school of the history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvaluatedSchoolDoc {
    /// Its id.
    pub school_id: String,
    /// Its name, where the data has it.
    pub name: Option<String>,
    /// The August of its first pair (its baseline year).
    pub supported_from: u16,
    /// Its base schools over the history, in order.
    pub base_school_ids: Vec<String>,
    /// Its peer group in that August.
    pub peer_group: Option<usize>,
    /// Its status in each history run: `(august, status)`.
    pub statuses: Vec<StatusDoc>,
    /// Its compared result each year of the data.
    pub compared_by_year: Vec<YearValueDoc>,
    /// Whether it was evaluated.
    pub evaluated: bool,
    /// Why it was not: `not_in_data`, `excluded`, `no_baseline`, `no_result_after`,
    /// `too_few_comparisons`.
    pub reason: Option<&'static str>,
    /// The reason in words.
    pub reason_text: Option<String>,
    /// The years on it was judged at (its latest, up to three).
    pub years_after: Option<u16>,
    /// Its change from its baseline.
    pub change: Option<f64>,
    /// The change comparison schools placed as it was made.
    pub expected_change: Option<f64>,
    /// `change − expected_change`, with its interval.
    pub effect: Option<EstimateDoc>,
    /// Not on the low list in the latest history run after its August.
    pub left_low_list: Option<bool>,
    /// Off the low list in at least 2 of the last 3 history runs after its August.
    pub stayed_out: Option<bool>,
    /// Its result rose from its baseline beyond the noise of both years.
    pub rose_beyond_noise: Option<bool>,
    /// Stably positive (the final evaluation): three years on, stayed out and rose.
    pub stably_positive: Option<bool>,
    /// Comparison schools of its group placed nearest to it at baseline, by id.
    pub nearest_comparisons: Vec<String>,
}

/// A status in one August.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusDoc {
    /// The August.
    pub august: u16,
    /// The status code (as results.json writes it); `absent` where the run did not list it.
    pub status: &'static str,
}

/// A value of a year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearValueDoc {
    /// The year.
    pub year: u16,
    /// The value; `null` where there is none.
    pub value: Option<f64>,
}

/// A pair of the history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairEvaluationDoc {
    /// The August that made it.
    pub august: u16,
    /// The supported school.
    pub low_school_id: String,
    /// The base school.
    pub base_school_id: String,
    /// The supported school's effect at its latest year; `null` when not evaluated.
    pub effect: Option<EstimateDoc>,
    /// The base school's change from the pair's August to the latest year.
    pub base_change: Option<f64>,
    /// The base school's result fell from the pair's August beyond noise (the help cost it).
    pub base_fell_beyond_noise: Option<bool>,
    /// The base school's compared result each year.
    pub base_compared_by_year: Vec<YearValueDoc>,
}

/// A base school's partners together.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BaseEvaluationDoc {
    /// The base school.
    pub base_school_id: String,
    /// Its supported partners evaluated.
    pub partners: usize,
    /// Their effect; `null` when none could be evaluated.
    pub effect: Option<EstimateDoc>,
}

/// A peer group's supported schools together.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupEvaluationDoc {
    /// The peer group (in the supported schools' Augusts).
    pub peer_group: usize,
    /// Its supported schools evaluated.
    pub supported: usize,
    /// Their effect.
    pub effect: Option<EstimateDoc>,
}

/// The district's mean on one exam in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DistrictResultDoc {
    /// The exam (`ege`, `oge`, `vpr`).
    pub exam: &'static str,
    /// The year.
    pub year: u16,
    /// The mean score of every result.
    pub mean_score: f64,
    /// The results it is the mean of.
    pub results: u64,
}
