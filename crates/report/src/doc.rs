//! results.json: the stable, machine-readable contract of a run (docs/output-format.md),
//! and the CSV tables derived from it.

use std::collections::BTreeMap;

use advise::{Advice, Status};
use cluster::{KSelection, Stability};
use features::{Profiles, Role};
use model::{District, Lang, PreviousGroups, SchoolIx};
use serde::Serialize;

use crate::text::{self, Said};

/// Version of the results.json layout; raised on any incompatible change.
pub const FORMAT_VERSION: u32 = 1;

/// The settings of a run, as recorded in the manifest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parameters {
    pub seed: u64,
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
    pub kmeans_runs: usize,
    pub k_min: usize,
    pub k_max: Option<usize>,
    pub min_group_size: usize,
    pub max_group_share: f64,
    pub low_gap: f64,
    pub bottom_share: f64,
    pub top_share: f64,
    pub base_capacity: usize,
    /// Groups smaller than this flag no school low or base.
    pub advise_min_group_size: usize,
    /// What schools are compared on within a group: `adjusted` (for the
    /// conditions that still differ) or `score`.
    pub compare: &'static str,
    /// A low school is stably low when the yearly test holds in `stable_years` of the last `stable_window`.
    pub stable_years: usize,
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
    /// Pairs fixed and ruled out in the config: `[low school id, base school id]`.
    pub pinned: Vec<[String; 2]>,
    pub forbidden: Vec<[String; 2]>,
    /// Weights of the composite's outcome indicators, by code.
    pub outcome_weights: BTreeMap<String, f64>,
    /// Exam takers below which a score is low-confidence.
    pub min_cohort: u32,
    /// Context indicators switched off in the config.
    pub context_off: Vec<String>,
    /// How context and outcome indicators are scaled (`features::Normalisation` codes).
    pub context_normalisation: &'static str,
    pub outcome_normalisation: &'static str,
    /// What is done with incomplete context (`features::MissingContext` codes).
    pub missing_context: &'static str,
    /// The same per context indicator, where the config sets it.
    pub missing_for: BTreeMap<String, &'static str>,
    /// The years of results the outcomes used.
    pub outcome_years: Vec<u16>,
    /// What the composite was built on (`features::Basis` codes).
    pub basis: &'static str,
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
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Manifest {
    pub tool: &'static str,
    pub version: &'static str,
    pub lang: &'static str,
    pub parameters: Parameters,
    pub inputs: Vec<InputDoc>,
    pub missing_optional_tables: Vec<&'static str>,
}

impl Manifest {
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
                })
                .collect(),
            missing_optional_tables: district.missing_optional.iter().map(|t| t.stem()).collect(),
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
    /// Low schools whose yearly test held in enough of the last years.
    pub stably_low: usize,
    /// Schools falling year by year, not yet low.
    pub sliding: usize,
    pub base: usize,
    pub pairs: usize,
    /// Low schools left without a base school.
    pub unpaired: usize,
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
    /// The score its conditions lead one to expect (the district's fit on the context).
    pub expected_score: Option<f64>,
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
    /// Its place on the peer-group map: the first two principal components of the context.
    pub map_position: Option<[f64; 2]>,
    /// It had a group last year and is in another one now.
    pub changed_group: bool,
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

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FindingDoc {
    pub indicator: String,
    pub name: String,
    pub value: f64,
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
    pub mentee_staff_id: String,
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
pub struct ProblemDoc {
    pub file: String,
    pub row: Option<usize>,
    pub column: Option<String>,
    pub message: String,
}

impl ProblemDoc {
    pub fn new(p: &model::Problem, lang: Lang) -> Self {
        ProblemDoc {
            file: p.file.clone(),
            row: p.row,
            column: p.column.clone(),
            message: p.message(lang),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExcludedDoc {
    pub school_id: String,
    pub name: String,
    pub reason: SaidDoc,
}

/// The whole results.json document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Results {
    pub format_version: u32,
    pub manifest: Manifest,
    pub summary: Summary,
    pub k_selection: KSelectionDoc,
    pub groups: Vec<GroupDoc>,
    pub schools: Vec<SchoolDoc>,
    pub pairs: Vec<PairDoc>,
    /// Low schools without a base school, in priority order.
    pub unpaired: Vec<UnpairedDoc>,
    pub excluded: Vec<ExcludedDoc>,
    /// Input rows set aside under `--skip-bad-rows` (empty otherwise).
    pub set_aside: Vec<ProblemDoc>,
    /// Input problems that did not stop the run.
    pub warnings: Vec<ProblemDoc>,
    /// The small-cohort shrinkage fit (see docs/method.md).
    pub shrinkage: ShrinkageDoc,
    /// The peer-group map's axes: the share of the context's variance along each.
    pub map_explained: [f64; 2],
    /// The merge trees of a hierarchical method, one per side of the school-kind split.
    pub trees: Vec<TreeDoc>,
    /// The name of every indicator, by code.
    pub indicator_names: BTreeMap<String, String>,
    /// The regional criteria, per school and for the district.
    pub criteria: CriteriaDoc,
    pub notes: Vec<SaidDoc>,
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
    fn new(c: &features::RegionalCriteria, district: &District, lang: Lang) -> Self {
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
        CriteriaDoc {
            years: c.years.clone(),
            schools: c.schools.iter().map(row).collect(),
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
fn r4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4 + 0.0
}

fn mean_of(values: impl Iterator<Item = f64>) -> Option<f64> {
    let v: Vec<f64> = values.collect();
    features::mean(&v).map(r4)
}

/// What the grouping step decided: the groups and why, each school's nearest
/// peers, and how stable the groups are.
#[derive(Debug, Clone, Copy)]
pub struct GroupingOutcome<'a> {
    pub selection: &'a KSelection,
    pub peers: &'a [Vec<(usize, f64)>],
    pub stability: &'a Stability,
    /// The schools on the first two principal components of the context.
    pub plane: &'a cluster::Plane,
    /// Last year's groups, when the run was given them.
    pub previous: Option<&'a PreviousGroups>,
}

/// What the advice step decided, with the names behind advise's positions.
#[derive(Debug, Clone, Copy)]
pub struct AdviceOutcome<'a> {
    pub advice: &'a Advice,
    /// The indicator of each advise factor.
    pub factors: &'a [features::Indicator],
    /// The name of each topic (the first word of a subject's name).
    pub topics: &'a [String],
}

/// Lays out a run's decisions as the results document.
pub fn build_results(
    district: &District,
    profiles: &Profiles,
    grouping: &GroupingOutcome<'_>,
    advised: &AdviceOutcome<'_>,
    manifest: Manifest,
    lang: Lang,
) -> Results {
    let advice = advised.advice;
    let row_of: BTreeMap<SchoolIx, usize> = profiles
        .schools
        .iter()
        .enumerate()
        .map(|(row, &ix)| (ix, row))
        .collect();
    let excluded_reason: BTreeMap<SchoolIx, _> = profiles
        .excluded
        .iter()
        .map(|e| (e.school, e.reason))
        .collect();
    let selection = grouping.selection;
    // Groups are numbered 0..k, with gaps where last year's numbers were kept.
    let k = selection.chosen.k;
    let groups_made = selection.chosen.sizes.iter().filter(|&&s| s > 0).count();

    let schools: Vec<SchoolDoc> = district
        .schools
        .iter()
        .enumerate()
        .map(|(i, school)| {
            let ix = SchoolIx(i as u32);
            let mut doc = SchoolDoc {
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
                expected_score: None,
                compared_score: None,
                percentile_in_group: None,
                gap_to_top_quarter: None,
                status: None,
                stably_low: false,
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
                previous_group: grouping
                    .previous
                    .and_then(|p| p.groups.get(&school.id.0).copied()),
                changed_group: false,
            };
            match row_of.get(&ix) {
                Some(&row) => {
                    let s = &advice.standings[row];
                    doc.peer_group = Some(s.group + 1);
                    doc.changed_group = doc
                        .previous_group
                        .is_some_and(|p| Some(p) != doc.peer_group);
                    doc.group_size = Some(s.group_size);
                    doc.rank_in_group = Some(s.rank);
                    doc.score = Some(r4(profiles.score[row]));
                    let standing = &profiles.standing[row];
                    doc.score_unshrunk = Some(r4(standing.unshrunk));
                    doc.score_interval = Some([r4(standing.interval.0), r4(standing.interval.1)]);
                    doc.cohort = Some(standing.cohort);
                    doc.low_confidence = standing.low_confidence;
                    doc.gap_to_group_median = Some(r4(s.gap_to_median));
                    doc.expected_score = Some(r4(standing.expected));
                    doc.compared_score = Some(r4(s.compared));
                    doc.percentile_in_group = Some(r4(s.percentile));
                    doc.gap_to_top_quarter = Some(r4(s.gap_to_top_quarter));
                    doc.status = Some(s.status);
                    doc.stably_low = s.stably_low;
                    doc.low_years = s
                        .low_years
                        .iter()
                        .zip(&profiles.years)
                        .filter(|(held, _)| **held == Some(true))
                        .map(|(_, &y)| y)
                        .collect();
                    doc.sliding_rate = s.sliding.map(|x| r4(x.rate));
                    // Diagnoses are in row order.
                    doc.diagnosis = advice
                        .diagnoses
                        .binary_search_by_key(&row, |d| d.row)
                        .ok()
                        .map(|k| diagnosis_doc(&advice.diagnoses[k], profiles, advised, lang));
                    doc.reasons = s
                        .reasons
                        .iter()
                        .map(|r| text::reason(r, lang).into())
                        .collect();
                    for c in &profiles.columns {
                        doc.indicators
                            .insert(c.indicator.code().to_owned(), c.values[row].map(r4));
                        if c.imputed[row] {
                            doc.imputed.push(c.indicator.code().to_owned());
                        }
                    }
                    for (y, &year) in profiles.years.iter().enumerate() {
                        let values = doc.by_year.entry(year).or_default();
                        values.insert("score".to_owned(), profiles.score_by_year[y][row].map(r4));
                        for o in &profiles.by_year {
                            values.insert(o.indicator.code().to_owned(), o.values[y][row].map(r4));
                        }
                    }
                    doc.stability = grouping.stability.rows.get(row).map(|&s| r4(s));
                    doc.map_position = grouping.plane.coords.get(row).map(|c| [r4(c[0]), r4(c[1])]);
                    doc.boundary = grouping.stability.boundary.get(row) == Some(&true);
                    doc.nearest_peers = grouping
                        .peers
                        .get(row)
                        .into_iter()
                        .flatten()
                        .map(|&(other, distance)| PeerDoc {
                            school_id: district.school(profiles.schools[other]).id.0.clone(),
                            distance: r4(distance),
                        })
                        .collect();
                    doc.trend
                        .insert("score".to_owned(), profiles.score_trend[row].map(r4));
                    for o in &profiles.by_year {
                        doc.trend
                            .insert(o.indicator.code().to_owned(), o.trend[row].map(r4));
                    }
                }
                None => {
                    if let Some(reason) = excluded_reason.get(&ix) {
                        doc.reasons = vec![text::exclusion(reason, lang).into()];
                    }
                }
            }
            doc
        })
        .collect();

    let groups = (0..k)
        .filter(|&g| selection.chosen.sizes.get(g).is_some_and(|&s| s > 0))
        .map(|g| {
            let rows: Vec<usize> = (0..profiles.schools.len())
                .filter(|&r| advice.standings[r].group == g)
                .collect();
            let count = |status: Status| {
                rows.iter()
                    .filter(|&&r| advice.standings[r].status == status)
                    .count()
            };
            let profile = profiles
                .columns
                .iter()
                .filter(|c| c.indicator.role() == Role::Context)
                .map(|c| ProfileItem {
                    indicator: c.indicator.code().to_owned(),
                    name: c.indicator.name(lang).to_owned(),
                    group_mean: mean_of(rows.iter().filter_map(|&r| c.values[r])),
                    district_mean: mean_of(c.values.iter().flatten().copied()),
                })
                .collect();
            // Each context indicator's group mean against the district, in district SDs.
            let distances: Vec<(features::Indicator, f64)> = profiles
                .columns
                .iter()
                .filter(|c| {
                    c.indicator.role() == Role::Context
                        && c.indicator != features::Indicator::FullSecondary
                })
                .filter_map(|c| {
                    let all: Vec<f64> = c.values.iter().flatten().copied().collect();
                    let own: Vec<f64> = rows.iter().filter_map(|&r| c.values[r]).collect();
                    let sd = features::std_dev(&all).filter(|sd| *sd > 1e-12)?;
                    let z = (features::mean(&own)? - features::mean(&all)?) / sd;
                    Some((c.indicator.clone(), z))
                })
                .collect();
            let tier = rows
                .first()
                .filter(|_| profiles.split)
                .map(|&r| profiles.tiers[r]);
            GroupDoc {
                peer_group: g + 1,
                description: text::group_description(tier, &distances, lang),
                tier: tier.map(|t| t.code()),
                size: rows.len(),
                stability: r4(grouping.stability.groups.get(g).copied().unwrap_or(1.0)),
                boundary: rows
                    .iter()
                    .filter(|&&r| grouping.stability.boundary.get(r) == Some(&true))
                    .count(),
                median_score: r4(advice.groups.get(g).map_or(0.0, |x| x.median)),
                top_quarter_score: r4(advice.groups.get(g).map_or(0.0, |x| x.upper_quartile)),
                low: count(Status::Low),
                base: count(Status::Base),
                profile,
            }
        })
        .collect();

    let school_of = |row: usize| district.school(profiles.schools[row]);
    let staff_id = |row: usize, k: usize| {
        profiles.teachers[row]
            .get(k)
            .map(|t| t.staff_id.clone())
            .unwrap_or_default()
    };
    let topic = |t: usize| advised.topics.get(t).cloned().unwrap_or_default();
    let pairs: Vec<PairDoc> = advice
        .pairing
        .pairs
        .iter()
        .map(|p| PairDoc {
            peer_group: advice.standings[p.low].group + 1,
            low_school_id: school_of(p.low).id.0.clone(),
            low_school_name: school_of(p.low).name.clone(),
            base_school_id: school_of(p.base).id.0.clone(),
            base_school_name: school_of(p.base).name.clone(),
            base_peer_group: advice.standings[p.base].group + 1,
            score_difference: r4(profiles.score[p.base] - profiles.score[p.low]),
            context_distance: r4(p.context_distance),
            distance_km: p.travel_km.map(|km| (km * 10.0).round() / 10.0),
            cost: r4(p.cost),
            pinned: p.reasons.contains(&advise::PairReason::Pinned),
            reasons: p
                .reasons
                .iter()
                .map(|r| text::pair_reason(r, lang).into())
                .collect(),
            mentors: p
                .mentors
                .iter()
                .map(|m| MentorDoc {
                    mentor_staff_id: staff_id(p.base, m.mentor),
                    mentee_staff_id: staff_id(p.low, m.mentee),
                    subject: topic(m.topic),
                    weak_subject: m.weak_subject,
                })
                .collect(),
        })
        .collect();
    let unpaired: Vec<UnpairedDoc> = advice
        .pairing
        .unpaired
        .iter()
        .map(|u| UnpairedDoc {
            peer_group: advice.standings[u.low].group + 1,
            school_id: school_of(u.low).id.0.clone(),
            name: school_of(u.low).name.clone(),
            reason: text::unpaired(&u.reason, lang).into(),
        })
        .collect();

    let excluded: Vec<ExcludedDoc> = profiles
        .excluded
        .iter()
        .map(|e| ExcludedDoc {
            school_id: district.school(e.school).id.0.clone(),
            name: district.school(e.school).name.clone(),
            reason: text::exclusion(&e.reason, lang).into(),
        })
        .collect();

    let count = |status: Status| {
        advice
            .standings
            .iter()
            .filter(|s| s.status == status)
            .count()
    };
    Results {
        format_version: FORMAT_VERSION,
        summary: Summary {
            schools: district.schools.len(),
            ranked: profiles.schools.len(),
            excluded: excluded.len(),
            groups: groups_made,
            changed_group: grouping
                .previous
                .map(|_| schools.iter().filter(|s| s.changed_group).count()),
            low: count(Status::Low),
            stably_low: advice.standings.iter().filter(|s| s.stably_low).count(),
            sliding: advice
                .standings
                .iter()
                .filter(|s| s.sliding.is_some())
                .count(),
            base: count(Status::Base),
            pairs: pairs.len(),
            unpaired: unpaired.len(),
        },
        k_selection: KSelectionDoc {
            method: manifest.parameters.clustering_method,
            criterion: manifest.parameters.criterion,
            chosen_k: groups_made,
            candidates: selection
                .candidates
                .iter()
                .map(|c| KCandidateDoc {
                    tier: features::Tier::ALL
                        .get(c.part)
                        .filter(|_| profiles.split)
                        .map(|t| t.code()),
                    k: c.k,
                    silhouette: r4(c.silhouette),
                    calinski_harabasz: Some(r4(c.calinski_harabasz)).filter(|v| v.is_finite()),
                    gap: c.gap.map(|g| r4(g.0)),
                    gap_se: c.gap.map(|g| r4(g.1)),
                    inertia: r4(c.inertia),
                    smallest_group: c.smallest_group,
                    largest_group: c.largest_group,
                    admissible: c.admissible,
                })
                .collect(),
        },
        manifest,
        groups,
        schools,
        pairs,
        unpaired,
        excluded,
        set_aside: district
            .set_aside
            .iter()
            .map(|p| ProblemDoc::new(p, lang))
            .collect(),
        warnings: district
            .warnings
            .iter()
            .map(|p| ProblemDoc::new(p, lang))
            .collect(),
        criteria: CriteriaDoc::new(&profiles.criteria, district, lang),
        map_explained: grouping.plane.explained.map(r4),
        indicator_names: profiles
            .columns
            .iter()
            .map(|c| {
                (
                    c.indicator.code().to_owned(),
                    c.indicator.name(lang).to_owned(),
                )
            })
            .collect(),
        trees: selection
            .trees
            .iter()
            .map(|t| tree_doc(t, &selection.chosen.labels, district, profiles))
            .collect(),
        shrinkage: ShrinkageDoc {
            noise_per_taker: r4(profiles.shrinkage.noise_per_taker),
            between_schools: r4(profiles.shrinkage.between_schools),
        },
        notes: profiles
            .notes
            .iter()
            .map(|n| text::note(n, lang).into())
            .collect(),
    }
}

/// A part's merge tree with its leaves named and the height it was cut at.
fn tree_doc(
    t: &cluster::PartTree,
    labels: &[usize],
    district: &District,
    profiles: &Profiles,
) -> TreeDoc {
    let mut groups: Vec<usize> = t
        .rows
        .iter()
        .filter_map(|&r| labels.get(r).copied())
        .collect();
    groups.sort_unstable();
    groups.dedup();
    let k = groups.len().max(1);
    let heights: Vec<f64> = t.tree.merges.iter().map(|m| m.height).collect();
    let kept = heights.len().saturating_sub(k - 1);
    let cut_height = match (kept.checked_sub(1).map(|i| heights[i]), heights.get(kept)) {
        (Some(below), Some(&above)) => (below + above) / 2.0,
        (None, Some(&above)) => above / 2.0,
        (Some(below), None) => below * 1.05 + 1e-9,
        (None, None) => 0.0,
    };
    TreeDoc {
        tier: features::Tier::ALL
            .get(t.part)
            .filter(|_| profiles.split)
            .map(|t| t.code()),
        school_ids: t
            .rows
            .iter()
            .map(|&r| district.school(profiles.schools[r]).id.0.clone())
            .collect(),
        merges: t
            .tree
            .merges
            .iter()
            .map(|m| [m.left as f64, m.right as f64, r4(m.height), m.size as f64])
            .collect(),
        groups: k,
        cut_height: r4(cut_height),
    }
}

/// A diagnosis with advise's positions named.
fn diagnosis_doc(
    d: &advise::Diagnosis,
    profiles: &Profiles,
    advised: &AdviceOutcome<'_>,
    lang: Lang,
) -> DiagnosisDoc {
    let finding = |f: &advise::Finding| {
        let indicator = &advised.factors[f.factor];
        FindingDoc {
            indicator: indicator.code().to_owned(),
            name: indicator.name(lang).to_owned(),
            value: r4(f.value),
            group_median: r4(f.group_median),
            gap: r4(f.gap),
            weight: r4(f.weight),
        }
    };
    let causes: Vec<FindingDoc> = d.causes.iter().map(finding).collect();
    let shortfalls: Vec<FindingDoc> = d.shortfalls.iter().map(finding).collect();
    let no_teacher: Vec<String> = d
        .untaught
        .iter()
        .filter_map(|&t| advised.topics.get(t).cloned())
        .collect();
    let subjects: Vec<SubjectGapDoc> = d
        .subjects
        .iter()
        .map(|g| {
            let column = &profiles.subjects[g.subject];
            SubjectGapDoc {
                exam: model::Category::label(column.exam, lang),
                subject: column.subject.as_str().to_owned(),
                gap: r4(g.gap),
                weak: g.weak,
                points: g.points.map(r4),
                group_median_points: g.median_points.map(r4),
                top_quarter_points: g.top_quarter_points.map(r4),
                gain_to_median: g.gain_to_median().map(r4),
                gain_to_top_quarter: g.gain_to_top_quarter().map(r4),
            }
        })
        .collect();
    let text = text::diagnosis(&causes, &shortfalls, &no_teacher, &subjects, lang);
    DiagnosisDoc {
        causes,
        shortfalls,
        no_teacher,
        subjects,
        text,
    }
}

/// A school's status as results.json writes it: its code, or `excluded`.
fn status_code<S: serde::Serializer>(status: &Option<Status>, out: S) -> Result<S::Ok, S::Error> {
    out.serialize_str(status.map_or("excluded", Status::code))
}

/// A pair's mentors as `staff id → staff id (subject)`, separated by `; `.
pub(crate) fn mentors_text(mentors: &[MentorDoc]) -> String {
    mentors
        .iter()
        .map(|m| {
            format!(
                "{} → {} ({})",
                m.mentor_staff_id, m.mentee_staff_id, m.subject
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

pub(crate) fn joined(reasons: &[SaidDoc]) -> String {
    reasons
        .iter()
        .map(|r| r.text.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}
