//! Stage 5's outputs: what `schoolpeers evaluate` found laid out as evaluation.json
//! (`doc.rs`), its verdict and reasons in words (`text.rs`), and its tables written as
//! evaluation.csv, evaluation.xlsx and a page (`out.rs`).

use std::collections::BTreeMap;

use advise::{Estimate, Evaluation, EvaluationError, ProgrammeEvaluation, ProgrammeInput};
use model::{District, Lang, PastRun, PastStatus, SchoolIx};

use crate::doc::r4;

mod activity;
mod doc;
mod out;
mod text;

pub use activity::{activity_doc, ActivityDoc, ClusterEffectDoc};
pub use doc::*;
pub use out::write_evaluation;

/// Comparison schools named beside each supported school.
pub const NEAREST_COMPARISONS: usize = 5;

/// Why a supported school of the history has no row in the data's profiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// Its id is not in the data (closed, merged or renumbered).
    NotInData,
    /// It is in the data but left out of the profiles (see `features::ExclusionReason`).
    Excluded,
}

/// A supported school of the history, as `cli` found it in the data.
#[derive(Debug, Clone, PartialEq)]
pub struct SupportedSchool {
    /// Its id.
    pub school_id: String,
    /// The August of its first pair.
    pub cohort: u16,
    /// Its row in the profiles; `None` when missing.
    pub row: Option<usize>,
    /// Why it has no row.
    pub missing: Option<Missing>,
    /// Its base schools over the history, in order.
    pub base_school_ids: Vec<String>,
}

/// A pair of the history with its schools' rows.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryPair {
    /// The August that made it.
    pub august: u16,
    /// The supported school.
    pub low_school_id: String,
    /// The base school.
    pub base_school_id: String,
    /// The base school's row, when the data has it.
    pub base_row: Option<usize>,
}

/// What `evaluate` found, for the outputs.
#[derive(Debug, Clone, Copy)]
pub struct EvaluationOutcome<'a> {
    /// The district read.
    pub district: &'a District,
    /// The school of each profile row.
    pub rows: &'a [SchoolIx],
    /// The compared results and cohorts.
    pub programme: &'a ProgrammeInput<'a>,
    /// The estimates.
    pub found: &'a ProgrammeEvaluation,
    /// Every supported school of the history.
    pub supported: &'a [SupportedSchool],
    /// Every pair of the history.
    pub pairs: &'a [HistoryPair],
    /// The history runs, by August.
    pub runs: &'a [PastRun],
    /// The bootstrap's settings.
    pub params: advise::EvaluationParams,
    /// The district's mean results.
    pub district_results: &'a [features::DistrictResult],
    /// The methodical clusters' score cards (empty without an activities table).
    pub scorecards: &'a [features::scorecard::ScoreCard],
    /// The engine's version.
    pub version: &'static str,
}

fn estimate(e: &Estimate) -> EstimateDoc {
    EstimateDoc {
        value: r4(e.value),
        low: r4(e.interval.0),
        high: r4(e.interval.1),
    }
}

/// evaluation.json's document (its outputs filled in once written).
pub fn build_evaluation(o: &EvaluationOutcome<'_>, lang: Lang) -> EvaluationDoc {
    let ids: BTreeMap<&str, usize> = (o.rows.iter().enumerate())
        .map(|(row, &ix)| (o.district.school(ix).id.0.as_str(), row))
        .collect();
    let district = by_years(o.found, lang);
    let verdict = text::verdict(&district, lang);
    let latest = o.programme.latest_blocks();
    let bases: Vec<BaseEvaluationDoc> = (o.found.bases.iter())
        .map(|(row, e)| BaseEvaluationDoc {
            base_school_id: o.district.school(o.rows[*row]).id.0.clone(),
            partners: e.as_ref().map_or(0, |e| e.schools.len()),
            effect: e.as_ref().ok().map(|e| estimate(&e.effect)),
        })
        .collect();
    EvaluationDoc {
        activity: activity_doc(o.scorecards, o.district, &bases),
        format_version: 1,
        manifest: manifest(o, lang),
        verdict,
        district,
        schools: (o.supported.iter())
            .map(|s| school(o, s, (&ids, &latest), lang))
            .collect(),
        pairs: o.pairs.iter().map(|p| pair(o, p, &ids)).collect(),
        bases,
        groups: (o.found.groups.iter())
            .map(|(g, e)| GroupEvaluationDoc {
                peer_group: *g,
                supported: e.as_ref().map_or(0, |e| e.schools.len()),
                effect: e.as_ref().ok().map(|e| estimate(&e.effect)),
            })
            .collect(),
        district_results: (o.district_results.iter())
            .map(|r| DistrictResultDoc {
                exam: exam_code(r.exam),
                year: r.year,
                mean_score: r4(r.mean_score),
                results: r.results,
            })
            .collect(),
    }
}

fn exam_code(exam: model::ExamKind) -> &'static str {
    match exam {
        model::ExamKind::Ege => "ege",
        model::ExamKind::Oge => "oge",
        model::ExamKind::Vpr => "vpr",
    }
}

/// The district's effect by years after.
fn by_years(found: &ProgrammeEvaluation, lang: Lang) -> Vec<YearsAfterDoc> {
    (found.by_years.iter())
        .map(|(h, e)| YearsAfterDoc {
            years_after: *h,
            supported: e.as_ref().map_or(0, |e| e.schools.len()),
            comparisons: e.as_ref().map_or(0, |e| e.comparisons),
            effect: e.as_ref().ok().map(|e| estimate(&e.effect)),
            naive: e.as_ref().ok().map(|e| estimate(&e.naive)),
            reason: e.as_ref().err().map(|e| text::error(e, lang)),
        })
        .collect()
}

/// What was read.
fn manifest(o: &EvaluationOutcome<'_>, lang: Lang) -> EvaluationManifest {
    let in_history = |id: &str| o.runs.iter().any(|r| r.schools.contains_key(id));
    let known: std::collections::BTreeSet<&str> =
        o.district.schools.iter().map(|s| s.id.0.as_str()).collect();
    EvaluationManifest {
        tool: "schoolpeers",
        version: o.version,
        command: "evaluate",
        lang: lang.pick("ru", "en"),
        years: o.programme.years.to_vec(),
        draws: o.params.draws,
        seed: o.params.seed,
        final_years: advise::FINAL_YEARS,
        min_comparisons: advise::MIN_COMPARISONS,
        history: (o.runs.iter())
            .map(|r| HistoryDoc {
                file: r.file.clone(),
                august: r.year,
                schools: r.schools.len(),
                pairs: r.pairs.len(),
                schools_not_in_data: (r.schools.keys())
                    .filter(|id| !known.contains(id.as_str()))
                    .cloned()
                    .collect(),
            })
            .collect(),
        new_schools: (o.district.schools.iter())
            .map(|s| s.id.0.as_str())
            .filter(|id| !in_history(id))
            .map(str::to_owned)
            .collect(),
        outputs: Vec::new(),
    }
}

/// One school's compared results year by year.
fn trajectory(o: &EvaluationOutcome<'_>, row: Option<usize>) -> Vec<YearValueDoc> {
    (o.programme.years.iter())
        .map(|&year| YearValueDoc {
            year,
            value: row.and_then(|r| o.programme.at(r, year)).map(r4),
        })
        .collect()
}

/// A supported school.
fn school(
    o: &EvaluationOutcome<'_>,
    s: &SupportedSchool,
    (ids, latest): (&BTreeMap<&str, usize>, &[advise::BlockAt]),
    lang: Lang,
) -> EvaluatedSchoolDoc {
    let evaluation = s.row.and_then(|row| evaluation_of(o, row));
    let one = evaluation.and_then(|e| e.as_ref().ok());
    let change = one.and_then(|e| e.schools.first());
    // The year it was judged at is its block's.
    let years_after = change
        .and_then(|c| latest.get(c.block))
        .map(|b| b.year - s.cohort);
    let reason = reason(o, s, evaluation, lang);
    let later: Vec<&PastRun> = o.runs.iter().filter(|r| r.year > s.cohort).collect();
    let low_in = |r: &PastRun| (r.schools.get(&s.school_id)).map(|p| p.status == PastStatus::Low);
    let last_three = &later[later.len().saturating_sub(3)..];
    let stayed_out = (last_three.len() >= 2).then(|| {
        let out = last_three
            .iter()
            .filter(|r| low_in(r) == Some(false))
            .count();
        out >= 2
    });
    let rose = s
        .row
        .zip(years_after)
        .and_then(|(row, h)| o.programme.rose_beyond_noise(row, s.cohort, s.cohort + h));
    let name = (ids.get(s.school_id.as_str()))
        .map(|&row| o.district.school(o.rows[row]).name.clone())
        .or_else(|| {
            (o.district.schools.iter())
                .find(|d| d.id.0 == s.school_id)
                .map(|d| d.name.clone())
        });
    EvaluatedSchoolDoc {
        school_id: s.school_id.clone(),
        name,
        supported_from: s.cohort,
        base_school_ids: s.base_school_ids.clone(),
        peer_group: cohort_run(o, s.cohort)
            .and_then(|r| r.schools.get(&s.school_id))
            .and_then(|p| p.group),
        statuses: (o.runs.iter())
            .map(|r| StatusDoc {
                august: r.year,
                status: r
                    .schools
                    .get(&s.school_id)
                    .map_or("absent", |p| p.status.code()),
            })
            .collect(),
        compared_by_year: trajectory(o, s.row),
        evaluated: one.is_some(),
        reason: reason.as_ref().map(|r| r.0),
        reason_text: reason.map(|r| r.1),
        years_after,
        change: change.map(|c| r4(c.change)),
        expected_change: change.map(|c| r4(c.expected_change)),
        effect: one.map(|e| estimate(&e.effect)),
        left_low_list: later.last().and_then(|r| low_in(r)).map(|low| !low),
        stayed_out,
        rose_beyond_noise: rose,
        stably_positive: (years_after == Some(advise::FINAL_YEARS))
            .then(|| stayed_out == Some(true) && rose == Some(true)),
        nearest_comparisons: nearest_comparisons(o, s, ids),
    }
}

/// A supported school's own evaluation, by its row.
fn evaluation_of<'a>(
    o: &EvaluationOutcome<'a>,
    row: usize,
) -> Option<&'a Result<Evaluation, EvaluationError>> {
    (o.found.schools.iter())
        .find(|(r, _)| *r == row)
        .map(|(_, e)| e)
}

/// The history run of an August.
fn cohort_run<'a>(o: &EvaluationOutcome<'a>, august: u16) -> Option<&'a PastRun> {
    o.runs.iter().find(|r| r.year == august)
}

/// Why a supported school was not evaluated: its code and words.
fn reason(
    o: &EvaluationOutcome<'_>,
    s: &SupportedSchool,
    evaluation: Option<&Result<Evaluation, EvaluationError>>,
    lang: Lang,
) -> Option<(&'static str, String)> {
    let code = match (s.missing, evaluation) {
        (Some(Missing::NotInData), _) => "not_in_data",
        (Some(Missing::Excluded), _) => "excluded",
        (None, Some(Ok(_))) => return None,
        (None, Some(Err(EvaluationError::TooFewComparisons { .. }))) => "too_few_comparisons",
        (None, _) if s.row.and_then(|r| o.programme.at(r, s.cohort)).is_none() => "no_baseline",
        (None, _) => "no_result_after",
    };
    Some((code, text::reason(code, s.cohort, lang)))
}

/// Comparison schools of the school's group in its August placed nearest to it then.
fn nearest_comparisons(
    o: &EvaluationOutcome<'_>,
    s: &SupportedSchool,
    ids: &BTreeMap<&str, usize>,
) -> Vec<String> {
    let (Some(row), Some(run)) = (s.row, cohort_run(o, s.cohort)) else {
        return Vec::new();
    };
    let (Some(own), Some(group)) = (
        o.programme.at(row, s.cohort),
        run.schools.get(&s.school_id).and_then(|p| p.group),
    ) else {
        return Vec::new();
    };
    let mut near: Vec<(f64, &str)> = (run.schools.iter())
        .filter(|(_, p)| p.group == Some(group))
        .filter_map(|(id, _)| {
            let r = *ids.get(id.as_str())?;
            let never = o.programme.cohort[r].is_none();
            let at = o.programme.at(r, s.cohort)?;
            never.then_some(((at - own).abs(), id.as_str()))
        })
        .collect();
    near.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)));
    (near.into_iter().take(NEAREST_COMPARISONS))
        .map(|(_, id)| id.to_owned())
        .collect()
}

/// A pair: its supported school's effect and what became of its base school.
fn pair(
    o: &EvaluationOutcome<'_>,
    p: &HistoryPair,
    ids: &BTreeMap<&str, usize>,
) -> PairEvaluationDoc {
    let low = ids.get(p.low_school_id.as_str()).copied();
    let effect = (low.and_then(|row| evaluation_of(o, row)))
        .and_then(|e| e.as_ref().ok())
        .map(|e| estimate(&e.effect));
    let last = o.programme.years.last().copied().unwrap_or(p.august);
    let base_change = p
        .base_row
        .and_then(|r| Some(o.programme.at(r, last)? - o.programme.at(r, p.august)?));
    // A fall beyond noise is a rise beyond noise the other way.
    let fell = p.base_row.and_then(|r| {
        let rose_back = o.programme.rose_beyond_noise(r, last, p.august)?;
        Some(rose_back && last > p.august)
    });
    PairEvaluationDoc {
        august: p.august,
        low_school_id: p.low_school_id.clone(),
        base_school_id: p.base_school_id.clone(),
        effect,
        base_change: base_change.map(r4),
        base_fell_beyond_noise: fell,
        base_compared_by_year: trajectory(o, p.base_row),
    }
}
