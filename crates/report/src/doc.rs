//! results.json: the stable, machine-readable contract of a run (docs/output-format.md),
//! and the CSV tables derived from it.

use std::collections::BTreeMap;

use advise::Status;
use model::{District, Lang, SourceFile};
use serde::Serialize;

pub(crate) use crate::quality::ProblemDoc;
use crate::text::Said;

/// Version of the results.json layout; raised on any incompatible change.
pub(crate) const FORMAT_VERSION: u32 = 1;

/// The settings of a run, as recorded in the manifest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parameters {
    /// The seed of every random choice.
    pub seed: u64,
    /// The clustering method (`cluster::Method` codes).
    pub clustering_method: &'static str,
    /// What chose k (`cluster::Criterion` codes).
    pub criterion: &'static str,
    /// The number of groups the analyst forced; `null` when k was chosen.
    pub forced_k: Option<usize>,
    /// Uniform reference data sets of the gap statistic.
    pub gap_references: usize,
    /// The most similar schools listed per school.
    pub nearest_peers: usize,
    /// Subsamples drawn for the stability of the groups.
    pub stability_draws: usize,
    /// Last year's results.json whose group numbers were kept (`run --previous`), by name.
    pub previous_results: Option<String>,
    /// K-means runs per k.
    pub kmeans_runs: usize,
    /// The smallest k tried.
    pub k_min: usize,
    /// The largest k tried, when set.
    pub k_max: Option<usize>,
    /// The smallest group an admissible grouping may have.
    pub min_group_size: usize,
    /// The largest share of the schools one group may hold.
    pub max_group_share: f64,
    /// How far below its group's median a low school must be.
    pub low_gap: f64,
    /// The bottom share of a group a low school must be in.
    pub bottom_share: f64,
    /// The top share of a group a base school must be in.
    pub top_share: f64,
    /// The most low schools one base school supports.
    pub base_capacity: usize,
    /// Groups smaller than this flag no school low or base.
    pub advise_min_group_size: usize,
    /// What schools are compared on within a group: `adjusted` (for the
    /// conditions that still differ) or `score`.
    pub compare: &'static str,
    /// A low school is stably low when the yearly test holds in `stable_years` of the last `stable_window`.
    pub stable_years: usize,
    /// The latest years looked at for "stably low".
    pub stable_window: usize,
    /// The yearly fall from which a school counts as sliding.
    pub slide_rate: f64,
    /// How far worse than its group an indicator or subject must be to be a finding.
    pub finding_gap: f64,
    /// The longest straight-line distance of a pair; `null` for no limit.
    pub max_distance_km: Option<f64>,
    /// Kilometres that cost as much as one unit of context distance.
    pub km_per_unit: f64,
    /// The cost of a base school strong in none of the low school's weak subjects.
    pub complement_weight: f64,
    /// The share of the reasonable alternatives in which a school must be low to be listed low.
    pub min_robustness: f64,
    /// The objectivity screen's z beyond which ВПР is not confirmed by ОГЭ and ЕГЭ.
    pub objectivity_gap_z: f64,
    /// The objectivity screen's z beyond which pupils crowd onto the marks' thresholds.
    pub objectivity_jump_z: f64,
    /// The most people one network mentor supports.
    pub mentor_load: usize,
    /// The farthest a network mentor's school may be from the mentee's, in km.
    pub mentor_km: f64,
    /// Pairs fixed and ruled out in the config: `[low school id, base school id]`.
    pub pinned: Vec<[String; 2]>,
    /// Pairs ruled out by the analyst: `[low school id, base school id]`.
    pub forbidden: Vec<[String; 2]>,
    /// Weights of the composite's outcome indicators, by code.
    pub outcome_weights: BTreeMap<String, f64>,
    /// Exam takers below which a score is low-confidence.
    pub min_cohort: u32,
    /// Pupils below which a school's mean or share is not published (`[privacy] min_pupils`).
    pub min_pupils: u32,
    /// Context indicators switched off in the config.
    pub context_off: Vec<String>,
    /// How context and outcome indicators are scaled (`features::Normalisation` codes).
    pub context_normalisation: &'static str,
    /// How outcome indicators are scaled in the composite.
    pub outcome_normalisation: &'static str,
    /// What is done with incomplete context (`features::MissingContext` codes).
    pub missing_context: &'static str,
    /// The same per context indicator, where the config sets it.
    pub missing_for: BTreeMap<String, &'static str>,
    /// The years of results the outcomes used.
    pub outcome_years: Vec<u16>,
    /// What the composite was built on (`features::Basis` codes).
    pub basis: &'static str,
    /// The score cards' points table, by item (`[scorecard]` over the seed's table).
    pub scorecard_points: BTreeMap<&'static str, f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputDoc {
    pub table: &'static str,
    pub file: String,
    pub sha256: String,
    /// Data rows read: always `accepted + rejected`.
    pub rows: usize,
    pub accepted: usize,
    pub rejected: usize,
    /// How each column of the file was read: the columns read, then those not used.
    pub columns: Vec<ColumnDoc>,
}

/// How one column of an input file was read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnDoc {
    /// The header as written in the file.
    pub header: String,
    /// The column it was read as (canonical name); `null` when it is not used.
    pub column: Option<String>,
    /// How the header was matched: `name`, `words` or `unused`.
    pub matched: &'static str,
    /// The built-in indicators the column feeds (codes).
    pub indicators: Vec<&'static str>,
    /// For a column not used, the Russian name of the column it comes closest to.
    pub closest: Option<String>,
}

impl ColumnDoc {
    /// The columns of a file: those read (in the order of the table's columns), then those not used.
    pub fn of_source(source: &SourceFile) -> Vec<ColumnDoc> {
        let read = source.columns.iter().map(|c| ColumnDoc {
            header: c.header.clone(),
            column: Some(c.canonical.clone()),
            matched: if c.by_words { "words" } else { "name" },
            indicators: features::Indicator::fed_by(source.table, &c.canonical),
            closest: None,
        });
        let unused = source.unused.iter().map(|u| ColumnDoc {
            header: u.header.clone(),
            column: None,
            matched: "unused",
            indicators: Vec::new(),
            closest: u.closest.clone(),
        });
        read.chain(unused).collect()
    }
}

/// Who made the results, with what settings, from which files.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Manifest {
    /// `schoolpeers`.
    pub tool: &'static str,
    /// The engine's version.
    pub version: &'static str,
    /// The language of the texts (`ru` or `en`).
    pub lang: &'static str,
    /// The run's settings.
    pub parameters: Parameters,
    /// Every input file, with its fingerprint and row counts.
    pub inputs: Vec<InputDoc>,
    /// Optional tables that were absent.
    pub missing_optional_tables: Vec<&'static str>,
    /// Every other file of this run's output folder (results.json aside, which cannot hold its
    /// own hash), in the order written: what `schoolpeers verify` checks the folder against.
    pub outputs: Vec<crate::write::OutputDoc>,
    /// Each school's values not published, resting on fewer pupils than
    /// `parameters.min_pupils` (docs/output-format.md, Small cohorts).
    pub suppressed: Vec<crate::suppress::SuppressedDoc>,
}

impl Manifest {
    /// The manifest of a run on `district`.
    pub fn new(
        version: &'static str,
        lang: Lang,
        parameters: Parameters,
        district: &District,
    ) -> Self {
        Manifest {
            tool: "schoolpeers",
            version,
            lang: lang.pick("ru", "en"),
            parameters,
            inputs: district
                .sources
                .iter()
                .map(|s| InputDoc {
                    table: s.table.stem(),
                    file: s.name.clone(),
                    sha256: s.sha256.clone(),
                    rows: s.rows,
                    accepted: s.accepted,
                    rejected: s.rejected,
                    columns: ColumnDoc::of_source(s),
                })
                .collect(),
            missing_optional_tables: district.missing_optional.iter().map(|t| t.stem()).collect(),
            outputs: Vec::new(),
            suppressed: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SaidDoc {
    pub code: &'static str,
    pub text: String,
}

impl From<Said> for SaidDoc {
    fn from(s: Said) -> Self {
        SaidDoc {
            code: s.code,
            text: s.text,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub schools: usize,
    pub ranked: usize,
    pub excluded: usize,
    pub groups: usize,
    pub low: usize,
    /// Schools low in the chosen grouping but not in enough of the alternatives: to be checked.
    pub borderline: usize,
    /// Low schools whose yearly test held in enough of the last years.
    pub stably_low: usize,
    /// Schools falling year by year, not yet low.
    pub sliding: usize,
    pub base: usize,
    pub pairs: usize,
    /// Low schools left without a base school.
    pub unpaired: usize,
    /// Schools whose ВПР results show signs of not being objective.
    pub results_in_doubt: usize,
    /// ШНСУ: schools in unfavourable social conditions (the low schools are the ШНОР).
    pub unfavourable_conditions: usize,
    /// Schools in another group than last year; `null` without last year's run.
    pub changed_group: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KCandidateDoc {
    pub calinski_harabasz: Option<f64>,
    /// The gap statistic and its standard error; `null` without reference data sets.
    pub gap: Option<f64>,
    pub gap_se: Option<f64>,
    /// The side of the school-kind split this k was tried on; `null` when groups are not split.
    pub tier: Option<&'static str>,
    pub k: usize,
    pub silhouette: f64,
    pub inertia: f64,
    pub smallest_group: usize,
    pub largest_group: usize,
    pub admissible: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KSelectionDoc {
    pub method: &'static str,
    pub criterion: &'static str,
    pub chosen_k: usize,
    pub candidates: Vec<KCandidateDoc>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileItem {
    pub indicator: String,
    pub name: String,
    pub group_mean: Option<f64>,
    pub district_mean: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupDoc {
    pub peer_group: usize,
    /// The group's conditions in words, from its context against the district's.
    pub description: String,
    /// The side of the school-kind split of its schools; `null` when groups are not split.
    pub tier: Option<&'static str>,
    pub size: usize,
    /// The mean stability of its schools (0–1).
    pub stability: f64,
    /// Its schools that sit between groups.
    pub boundary: usize,
    pub median_score: f64,
    /// The upper quartile of what its schools are compared on: the top quarter starts here.
    pub top_quarter_score: f64,
    pub low: usize,
    pub base: usize,
    pub profile: Vec<ProfileItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchoolDoc {
    pub school_id: String,
    pub name: String,
    pub peer_group: Option<usize>,
    pub group_size: Option<usize>,
    pub rank_in_group: Option<usize>,
    pub score: Option<f64>,
    /// The score before small-cohort shrinkage, on the same scale.
    pub score_unshrunk: Option<f64>,
    /// 95% interval of the score.
    pub score_interval: Option<[f64; 2]>,
    /// Exam takers behind the score.
    pub cohort: Option<u32>,
    /// Fewer exam takers than `features::MIN_COHORT`: ranked, but not to be relied on.
    pub low_confidence: bool,
    pub gap_to_group_median: Option<f64>,
    /// The share of the reasonable alternatives (docs/method.md) in which the school is low,
    /// the chosen grouping among them; a low school needs `min_robustness` of them.
    pub robustness: Option<f64>,
    /// The score its conditions lead one to expect (the district's fit on the context).
    pub expected_score: Option<f64>,
    /// The conditions that moved the expectation most from the district's mean (at most
    /// three, largest effect first): what makes the school's bar higher or lower.
    pub expectation_drivers: Vec<DriverDoc>,
    /// What it is compared on within the group: the score less `expected_score`
    /// (`[advise] compare = "adjusted"`, the default) or the score itself.
    pub compared_score: Option<f64>,
    /// Share of the rest of its group below it (ties count half), 0–100.
    pub percentile_in_group: Option<f64>,
    /// `compared_score` minus the group's upper quartile (negative: below the top quarter).
    pub gap_to_top_quarter: Option<f64>,
    /// The school's standing in its group; `None` for an excluded school (written
    /// `"excluded"`).
    #[serde(serialize_with = "status_code")]
    pub status: Option<Status>,
    /// A low school whose yearly test held in enough of the last years.
    pub stably_low: bool,
    /// ШНОР: a school with low educational results (the low list; docs/method.md).
    pub low_results_school: bool,
    /// ШНСУ: a school in unfavourable social conditions, among the district's quarter whose
    /// conditions lead one to expect the lowest results (docs/method.md).
    pub unfavourable_conditions: bool,
    /// The years in which the yearly low test held.
    pub low_years: Vec<u16>,
    /// The composite's yearly fall, for a school sliding down; `null` otherwise.
    pub sliding_rate: Option<f64>,
    pub reasons: Vec<SaidDoc>,
    /// For a low or sliding school: why its results are what they are.
    pub diagnosis: Option<DiagnosisDoc>,
    /// Every indicator by code; `null` where the school has no value.
    pub indicators: BTreeMap<String, Option<f64>>,
    /// Codes of the indicators whose value was imputed.
    pub imputed: Vec<String>,
    /// Year by year: `score` (the composite of that year alone, on the score's
    /// scale, before shrinkage) and each outcome indicator, by code.
    pub by_year: BTreeMap<u16, BTreeMap<String, Option<f64>>>,
    /// Slope over the years (per year) of `score` and of each outcome indicator.
    pub trend: BTreeMap<String, Option<f64>>,
    /// The most similar schools by context (same side of the school-kind split), nearest first.
    pub nearest_peers: Vec<PeerDoc>,
    /// Share of its group-mates a school is grouped with again in subsamples (0–1).
    pub stability: Option<f64>,
    /// Stability below `cluster::BOUNDARY`: the school sits between groups.
    pub boundary: bool,
    /// Its group in last year's run (`run --previous`), if it had one.
    pub previous_group: Option<usize>,
    /// The objectivity screen's evidence on its ВПР results; `null` without ВПР results.
    pub results_check: Option<crate::objectivity::ResultsCheckDoc>,
    /// Its place on the peer-group map: the first two principal components of the context.
    pub map_position: Option<[f64; 2]>,
    /// It had a group last year and is in another one now.
    pub changed_group: bool,
}

impl SchoolDoc {
    /// A school as known before it is ranked: its id and name, and last year's group.
    pub(crate) fn unranked(school: &model::School, previous_group: Option<usize>) -> Self {
        SchoolDoc {
            school_id: school.id.0.clone(),
            name: school.name.clone(),
            peer_group: None,
            group_size: None,
            rank_in_group: None,
            score: None,
            score_unshrunk: None,
            score_interval: None,
            cohort: None,
            low_confidence: false,
            gap_to_group_median: None,
            robustness: None,
            expected_score: None,
            expectation_drivers: Vec::new(),
            compared_score: None,
            percentile_in_group: None,
            gap_to_top_quarter: None,
            status: None,
            stably_low: false,
            low_results_school: false,
            unfavourable_conditions: false,
            low_years: Vec::new(),
            sliding_rate: None,
            reasons: Vec::new(),
            diagnosis: None,
            indicators: BTreeMap::new(),
            imputed: Vec::new(),
            by_year: BTreeMap::new(),
            trend: BTreeMap::new(),
            nearest_peers: Vec::new(),
            stability: None,
            boundary: false,
            map_position: None,
            results_check: None,
            previous_group,
            changed_group: false,
        }
    }
}

/// A low or sliding school's diagnosis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiagnosisDoc {
    /// Resources on which it is worse than its group, the most harmful first.
    pub causes: Vec<FindingDoc>,
    /// Outcomes (other than the composite's parts) on which it is worse.
    pub shortfalls: Vec<FindingDoc>,
    /// Exam subjects of its latest year without a teacher.
    pub no_teacher: Vec<String>,
    /// Every subject it has results in, furthest below the group first.
    pub subjects: Vec<SubjectGapDoc>,
    /// The findings in sentences, causes first.
    pub text: Vec<String>,
}

/// A condition of a school and how much it moved the school's expected score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DriverDoc {
    /// The context indicator's code.
    pub indicator: String,
    /// Its name in the run's language.
    pub name: String,
    /// The school's value, in the indicator's unit (imputed values included).
    pub value: Option<f64>,
    /// The indicator's unit: `percent`, `flag`, `log_count`, `kilometres`, …
    pub unit: &'static str,
    /// What it adds to the expected score (score units; negative lowers it).
    pub effect: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FindingDoc {
    pub indicator: String,
    pub name: String,
    /// `null` where it is not published (fewer pupils than `min_pupils`).
    pub value: Option<f64>,
    pub group_median: f64,
    /// In district standard deviations of the indicator, negative is worse.
    pub gap: f64,
    /// Its correlation with the compared results over the district (0–1).
    pub weight: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubjectGapDoc {
    /// ЕГЭ, ОГЭ or ВПР (EGE, OGE, VPR in English).
    pub exam: &'static str,
    pub subject: String,
    /// Standard units of the subject against the group median.
    pub gap: f64,
    pub weak: bool,
    /// Mean score in the exam's points; `null` where results are marks only.
    pub points: Option<f64>,
    pub group_median_points: Option<f64>,
    pub top_quarter_points: Option<f64>,
    /// The mean score gains that reach the group median and its top quarter.
    pub gain_to_median: Option<f64>,
    pub gain_to_top_quarter: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeerDoc {
    pub school_id: String,
    /// Euclidean distance between the standardised contexts.
    pub distance: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairDoc {
    pub peer_group: usize,
    pub low_school_id: String,
    pub low_school_name: String,
    pub base_school_id: String,
    pub base_school_name: String,
    pub base_peer_group: usize,
    pub score_difference: f64,
    pub context_distance: f64,
    /// Straight-line distance between the schools; `null` without coordinates.
    pub distance_km: Option<f64>,
    /// The pair's cost in the assignment.
    pub cost: f64,
    pub pinned: bool,
    pub reasons: Vec<SaidDoc>,
    pub mentors: Vec<MentorDoc>,
}

/// A base school's teacher suggested as mentor of a low school's young teacher.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentorDoc {
    pub mentor_staff_id: String,
    /// The mentor's name when the staff table gives it.
    pub mentor_name: Option<String>,
    pub mentee_staff_id: String,
    /// The mentee's name when the staff table gives it.
    pub mentee_name: Option<String>,
    pub subject: String,
    /// The subject is one of the low school's weak subjects.
    pub weak_subject: bool,
}

/// A low school left without a base school, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnpairedDoc {
    pub peer_group: usize,
    pub school_id: String,
    pub name: String,
    pub reason: SaidDoc,
}

/// A problem in the input: a bad row set aside under `--skip-bad-rows`, or a warning.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExcludedDoc {
    pub school_id: String,
    pub name: String,
    pub reason: SaidDoc,
}

/// The whole results.json document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Results {
    /// The layout's version, raised on any incompatible change.
    pub format_version: u32,
    /// Who made the results, with what settings, from which files.
    pub manifest: Manifest,
    /// The run's counts.
    pub summary: Summary,
    /// Every k tried and the one chosen.
    pub k_selection: KSelectionDoc,
    /// The peer groups.
    pub groups: Vec<GroupDoc>,
    /// Every school once, ranked or excluded.
    pub schools: Vec<SchoolDoc>,
    /// The pairs of a low school and its base school.
    pub pairs: Vec<PairDoc>,
    /// Low schools without a base school, in priority order.
    pub unpaired: Vec<UnpairedDoc>,
    /// Schools left out of the ranking, with why.
    pub excluded: Vec<ExcludedDoc>,
    /// Input rows set aside under `--skip-bad-rows` (empty otherwise).
    pub set_aside: Vec<ProblemDoc>,
    /// Input problems that did not stop the run.
    pub warnings: Vec<ProblemDoc>,
    /// The small-cohort shrinkage fit (see docs/method.md).
    pub shrinkage: ShrinkageDoc,
    /// The peer-group map's axes: the share of the context's variance along each.
    pub map_explained: [f64; 2],
    /// What each map axis is made of: its three heaviest conditions with their loadings.
    pub map_axes: [Vec<crate::method::MapTermDoc>; 2],
    /// The merge trees of a hierarchical method, one per side of the school-kind split.
    pub trees: Vec<TreeDoc>,
    /// The network of mentors: the people to support, each with a mentor or why not.
    pub network: crate::network::NetworkDoc,
    /// The methodical clusters' score cards, by year and rank (empty without an activities
    /// table).
    pub scorecards: Vec<crate::scorecard::ScoreCardDoc>,
    /// The name of every indicator, by code.
    pub indicator_names: BTreeMap<String, String>,
    /// The regional criteria, per school and for the district.
    pub criteria: CriteriaDoc,
    /// What the analyst should know about the indicators.
    pub notes: Vec<SaidDoc>,
    /// The low list held against each reasonable comparison (docs/method.md, section 3).
    pub low_list_overlaps: Vec<crate::robust::OverlapDoc>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriteriaDoc {
    /// The ЕГЭ years of the bottom criterion, ascending.
    pub years: Vec<u16>,
    pub schools: Vec<CriteriaRowDoc>,
    pub district: CriteriaRowDoc,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriteriaRowDoc {
    /// `null` for the district row.
    pub school_id: Option<String>,
    pub name: String,
    /// Years in the bottom 10% on the compulsory ЕГЭ subjects; for the district, the
    /// schools in it every year.
    pub bottom_years: usize,
    pub bottom_every_year: bool,
    pub ege_160_on_3_pct: Option<f64>,
    pub worst_elective_pct: Option<f64>,
    pub certified_teachers_pct: Option<f64>,
}

impl CriteriaDoc {
    /// The criteria laid out, each school's shares withheld where `privacy` says (the paths of
    /// those withheld, by district position, into `withheld`).
    pub(crate) fn new(
        c: &features::RegionalCriteria,
        district: &District,
        lang: Lang,
        (privacy, withheld): (&crate::suppress::Privacy<'_>, &mut Vec<(usize, String)>),
    ) -> Self {
        let row = |r: &features::CriteriaRow| CriteriaRowDoc {
            school_id: r.school.map(|s| district.school(s).id.0.clone()),
            name: r.school.map_or_else(
                || lang.pick("Район", "District").to_owned(),
                |s| district.school(s).name.clone(),
            ),
            bottom_years: r.bottom_years,
            bottom_every_year: r.bottom_every_year,
            ege_160_on_3_pct: r.ege_160_on_3_pct.map(r4),
            worst_elective_pct: r.worst_elective_pct.map(r4),
            certified_teachers_pct: r.certified_teachers_pct.map(r4),
        };
        let schools = (c.schools.iter().enumerate())
            .map(|(i, r)| {
                let mut doc = row(r);
                let hidden = privacy.hides_criteria(i);
                let mut paths = Vec::new();
                let publish = |v, name: &str, paths: &mut Vec<String>| {
                    crate::suppress::publish(v, hidden, || format!("criteria.{name}"), paths)
                };
                doc.ege_160_on_3_pct =
                    publish(doc.ege_160_on_3_pct, "ege_160_on_3_pct", &mut paths);
                doc.worst_elective_pct =
                    publish(doc.worst_elective_pct, "worst_elective_pct", &mut paths);
                withheld.extend(paths.into_iter().map(|p| (i, p)));
                doc
            })
            .collect();
        CriteriaDoc {
            years: c.years.clone(),
            schools,
            district: row(&c.district),
        }
    }
}

/// A merge tree as scipy's linkage matrix, with its leaves named.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TreeDoc {
    pub tier: Option<&'static str>,
    /// Leaf `i` of the tree is this school.
    pub school_ids: Vec<String>,
    /// `[left, right, height, size]` per merge: clusters `0..n` are the leaves,
    /// merge `m` makes cluster `n + m`.
    pub merges: Vec<[f64; 4]>,
    /// The groups the tree was cut into, and a height between the merges kept and undone.
    pub groups: usize,
    pub cut_height: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShrinkageDoc {
    /// Variance of the composite's noise per exam taker (σ²).
    pub noise_per_taker: f64,
    /// Variance of true differences between schools beyond their context (τ²).
    pub between_schools: f64,
}

/// Rounds for output: four decimals are more than any decision rests on.
pub(crate) fn r4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4 + 0.0
}

/// A school's status as results.json writes it: its code, or `excluded`.
fn status_code<S: serde::Serializer>(status: &Option<Status>, out: S) -> Result<S::Ok, S::Error> {
    out.serialize_str(status.map_or("excluded", Status::code))
}

pub(crate) fn joined(reasons: &[SaidDoc]) -> String {
    reasons
        .iter()
        .map(|r| r.text.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}
