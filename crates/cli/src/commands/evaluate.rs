//! `schoolpeers evaluate DATA_DIR --history 2024/results.json …`: stage 5, did the pairs the
//! past August runs made help — each supported school's compared result year by year from its
//! August against schools not supported that stood where it stood (docs/method.md).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use model::{Lang, PastRun};
use report::evaluation::{HistoryPair, Missing, SupportedSchool};

use super::{problem_list, Rest};
use crate::console::Console;
use crate::error::RunError;

/// What `evaluate` is asked.
#[derive(Debug, Clone)]
pub struct EvaluateRequest<'a> {
    /// The data folder: every year of results up to now.
    pub data: &'a Path,
    /// The results.json of each August run that made pairs.
    pub history: &'a [PathBuf],
    /// The output folder.
    pub out: &'a Path,
    /// The seed of the bootstrap.
    pub seed: u64,
    /// How the data folder is read.
    pub read: ingest::ReadOptions,
    /// How evaluation.csv is written.
    pub dialect: report::CsvDialect,
    /// `--force`: replace a folder that holds other files (kept beside).
    pub force: bool,
}

/// Reads the data and the history, evaluates the programme and writes its outputs.
pub fn evaluate(request: &EvaluateRequest<'_>, console: &Console) -> Result<(), RunError> {
    let lang = console.lang;
    let inputs: Vec<&Path> = std::iter::once(request.data)
        .chain(request.read.config.as_deref())
        .chain(request.history.iter().map(PathBuf::as_path))
        .collect();
    let claim = crate::output::Claim {
        writer: ingest::WrittenBy::Evaluate,
        force: request.force,
        inputs: &inputs,
    };
    let claimed = crate::output::claim(request.out, &claim, lang)?;
    let step = console.spinner(lang.pick("Чтение данных", "Reading the data"));
    let (district, config) = ingest::read_district(request.data, &request.read)
        .map_err(|e| RunError::from_ingest(&e, lang))?;
    let runs = read_history(request.history, lang)?;
    drop(step);
    let years = super::programme::every_year(&district);
    check_history(&runs, &district, &years, lang)?;
    let step = console.spinner(lang.pick("Результаты школ по годам", "Schools' results by year"));
    let params = super::run::feature_params(&config.indicators, Some(&years), lang)?;
    let profiles =
        features::build(&district, &params).map_err(|e| super::run::feature_error(&e, lang))?;
    drop(step);
    let compared: Vec<Vec<Option<f64>>> = (profiles.score_by_year.iter())
        .map(|year| {
            (year.iter().zip(&profiles.standing))
                .map(|(s, st)| s.map(|s| s - st.expected))
                .collect()
        })
        .collect();
    let ids: BTreeMap<&str, usize> = (profiles.schools.iter().enumerate())
        .map(|(row, &ix)| (district.school(ix).id.0.as_str(), row))
        .collect();
    let history = History::new(&runs, &district, &ids);
    let programme = advise::ProgrammeInput {
        years: &profiles.years,
        compared: &compared,
        noise: &profiles.score_by_year_sd,
        cohort: &history.cohort,
    };
    let step = console.spinner(lang.pick("Оценка программы", "Evaluating the programme"));
    let evaluation_params = advise::EvaluationParams {
        seed: request.seed,
        ..Default::default()
    };
    let found = advise::evaluate_programme(
        &programme,
        &history.pair_rows,
        &history.groups,
        &evaluation_params,
    );
    let district_results = features::district_results(&district);
    let points = crate::scorecard::points(&config.scorecard, lang)?;
    let cards = features::scorecard::score_cards(&district.activities, &points);
    let outcome = report::evaluation::EvaluationOutcome {
        district: &district,
        rows: &profiles.schools,
        programme: &programme,
        found: &found,
        supported: &history.supported,
        pairs: &history.pairs,
        runs: &runs,
        params: evaluation_params,
        district_results: &district_results,
        scorecards: &cards,
        version: env!("CARGO_PKG_VERSION"),
    };
    let mut doc = report::evaluation::build_evaluation(&outcome, lang);
    drop(step);
    let written =
        report::evaluation::write_evaluation(claimed.folder(), &mut doc, lang, request.dialect)
            .map_err(|e| RunError::Output(e.message(lang)))?;
    console.say(&doc.verdict.text);
    say_unevaluated(&doc, console);
    claimed.commit(request.out, &written, console)
}

/// How many supported schools could not be evaluated, and where the reasons are.
fn say_unevaluated(doc: &report::evaluation::EvaluationDoc, console: &Console) {
    let missing = doc.schools.iter().filter(|s| !s.evaluated).count();
    if missing > 0 {
        console.say(match console.lang {
            Lang::Ru => format!(
                "Поддержанных школ без оценки: {missing} из {} (причины — в evaluation.csv)",
                doc.schools.len()
            ),
            Lang::En => format!(
                "Supported schools not evaluated: {missing} of {} (the reasons are in evaluation.csv)",
                doc.schools.len()
            ),
        });
    }
}

/// Each history file read back, by August; a file that is not a run's, or two of one August,
/// refused.
fn read_history(paths: &[PathBuf], lang: Lang) -> Result<Vec<PastRun>, RunError> {
    let mut runs = Vec::with_capacity(paths.len());
    for path in paths {
        let run = ingest::read_past_run(path)
            .map_err(|e| RunError::Data(problem_list(&e.problems, lang, Rest::NotWritten)))?;
        runs.push(run);
    }
    runs.sort_by_key(|r| r.year);
    if let Some(w) = runs.windows(2).find(|w| w[0].year == w[1].year) {
        return Err(RunError::Data(match lang {
            Lang::Ru => format!(
                "{} и {}: два расчёта одного августа {} (manifest.parameters.outcome_years); \
                 укажите один",
                w[0].file, w[1].file, w[0].year
            ),
            Lang::En => format!(
                "{} and {}: two runs of one August, {} (manifest.parameters.outcome_years); \
                 give one",
                w[0].file, w[1].file, w[0].year
            ),
        }));
    }
    Ok(runs)
}

/// A history the data can answer: each run of this district (some of its schools in the
/// data) and of a year the data holds.
fn check_history(
    runs: &[PastRun],
    district: &model::District,
    years: &[u16],
    lang: Lang,
) -> Result<(), RunError> {
    let known: std::collections::BTreeSet<&str> =
        district.schools.iter().map(|s| s.id.0.as_str()).collect();
    for run in runs {
        if !run.schools.keys().any(|id| known.contains(id.as_str())) {
            return Err(RunError::Data(match lang {
                Lang::Ru => format!(
                    "{}: ни одной из {} школ (schools[].school_id) нет в данных — расчёт другого \
                     района?",
                    run.file,
                    run.schools.len()
                ),
                Lang::En => format!(
                    "{}: none of its {} schools (schools[].school_id) is in the data — another \
                     district's run?",
                    run.file,
                    run.schools.len()
                ),
            }));
        }
        if !years.contains(&run.year) {
            let held = match (years.first(), years.last()) {
                (Some(a), Some(b)) => format!("{a}–{b}"),
                _ => "—".into(),
            };
            return Err(RunError::Data(match lang {
                Lang::Ru => format!(
                    "{}: расчёт августа {} (manifest.parameters.outcome_years), а в данных нет \
                     результатов этого года (в данных: {held}); нужны все годы до текущего",
                    run.file, run.year
                ),
                Lang::En => format!(
                    "{}: a run of August {} (manifest.parameters.outcome_years), but the data \
                     hold no results of that year (they hold {held}); every year up to now is needed",
                    run.file, run.year
                ),
            }));
        }
    }
    Ok(())
}

/// The history mapped onto the data's rows.
struct History {
    /// Each row's first August of support.
    cohort: Vec<Option<u16>>,
    /// Each row's group in its cohort's August.
    groups: Vec<Option<usize>>,
    /// Every supported school, once.
    supported: Vec<SupportedSchool>,
    /// Every pair of every run.
    pairs: Vec<HistoryPair>,
    /// The pairs whose schools both have rows.
    pair_rows: Vec<advise::PairRows>,
}

impl History {
    fn new(runs: &[PastRun], district: &model::District, ids: &BTreeMap<&str, usize>) -> History {
        let n = ids.len();
        let mut history = History {
            cohort: vec![None; n],
            groups: vec![None; n],
            supported: Vec::new(),
            pairs: Vec::new(),
            pair_rows: Vec::new(),
        };
        let known: std::collections::BTreeSet<&str> =
            district.schools.iter().map(|s| s.id.0.as_str()).collect();
        let in_data = |id: &str| known.contains(id);
        for run in runs {
            for (low, base) in &run.pairs {
                let (low_row, base_row) = (
                    ids.get(low.as_str()).copied(),
                    ids.get(base.as_str()).copied(),
                );
                history.pairs.push(HistoryPair {
                    august: run.year,
                    low_school_id: low.clone(),
                    base_school_id: base.clone(),
                    base_row,
                });
                if let (Some(low), Some(base)) = (low_row, base_row) {
                    history.pair_rows.push(advise::PairRows { low, base });
                }
                if let Some(s) = history.supported.iter_mut().find(|s| &s.school_id == low) {
                    if !s.base_school_ids.contains(base) {
                        s.base_school_ids.push(base.clone());
                    }
                    continue;
                }
                let missing = match (low_row, in_data(low)) {
                    (Some(_), _) => None,
                    (None, true) => Some(Missing::Excluded),
                    (None, false) => Some(Missing::NotInData),
                };
                if let Some(row) = low_row {
                    history.cohort[row] = Some(run.year);
                    history.groups[row] = run.schools.get(low).and_then(|p| p.group);
                }
                history.supported.push(SupportedSchool {
                    school_id: low.clone(),
                    cohort: run.year,
                    row: low_row,
                    missing,
                    base_school_ids: vec![base.clone()],
                });
            }
        }
        history
    }
}
