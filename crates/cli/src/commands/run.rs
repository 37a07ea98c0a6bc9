//! `schoolpeers run` (and `demo`): the August run, ingest → features → cluster → advise →
//! report.

use std::path::Path;

use model::Lang;
use report::{drop_aside, Manifest};

use super::{config_message, problem_list, Rest};
use crate::adapter::{advise_input, context_matrix};
use crate::console::Console;
use crate::error::RunError;
use crate::settings::{Settings, NEAREST_PEERS, ROBUSTNESS_PEERS};

/// The whole pipeline on one data folder.
pub fn run(
    data: &Path,
    out: &Path,
    settings: &Settings,
    console: &Console,
) -> Result<(), RunError> {
    let lang = console.lang;
    let claimed = claim_output(data, out, settings, lang)?;
    let folders = crate::rerun::Folders {
        data,
        out,
        staging: claimed.folder(),
    };
    let (mut district, config, to_cache) =
        crate::rerun::read_district(&folders, settings, console)?;
    let previous = read_previous(settings, lang)?;
    say_what_was_set_aside(&district, console);
    // The district just read is cached on a thread of its own while the profiles are made: the
    // two are all that reads the pupils' results, which are then freed (a country's 1.5 GB)
    // before the rest of the analysis adds its own.
    let (profiled, cached) = std::thread::scope(|scope| {
        let caching = to_cache
            .then(|| scope.spawn(|| crate::rerun::store(&folders, &district, settings, lang)));
        let profiled = profile((&district, &config), settings, console);
        let cached = caching.map(|thread| {
            (thread.join()).unwrap_or_else(|_| Err(internal(&"the rerun cache's thread failed")))
        });
        (profiled, cached)
    });
    let profiled = profiled?;
    if let Some(said) = cached.transpose()?.flatten() {
        console.say(said);
    }
    drop_aside((
        std::mem::take(&mut district.exams),
        std::mem::take(&mut district.students),
    ));
    let results = analyse_profiled((&district, &config), profiled, previous.as_ref(), console)?;
    drop_aside((district, config));
    write((out, claimed), results, settings, console)
}

/// The August run's analysis of a district read (with its config): the profiles, groups,
/// low list and pairs gathered into the results the outputs are written from.
pub(crate) fn analyse(
    district: (&model::District, &ingest::DistrictConfig),
    previous: Option<&model::PreviousGroups>,
    settings: &Settings,
    console: &Console,
) -> Result<report::Results, RunError> {
    let profiled = profile(district, settings, console)?;
    analyse_profiled(district, profiled, previous, console)
}

/// The settings checked and the schools' profiles: the part of the analysis that reads the
/// pupils' results.
struct Profiled {
    checked: crate::settings::Checked,
    feature_params: features::ValidFeatureParams,
    points: features::scorecard::ValidPoints,
    profiles: features::Profiles,
}

/// The settings checked, then each school's profile.
fn profile(
    (district, config): (&model::District, &ingest::DistrictConfig),
    settings: &Settings,
    console: &Console,
) -> Result<Profiled, RunError> {
    let lang = console.lang;
    let checked = settings.check(&config.groups, &config.advise, lang)?;
    let feature_params = feature_params(&config.indicators, None, lang)?;
    let points = crate::scorecard::points(&config.scorecard, lang)?;
    let step = console.spinner(lang.pick("Показатели школ", "School indicators"));
    let profiles =
        features::build(district, &feature_params).map_err(|e| feature_error(&e, lang))?;
    drop(step);
    Ok(Profiled {
        checked,
        feature_params,
        points,
        profiles,
    })
}

/// The analysis after the profiles: groups, low list and pairs gathered into the results. It
/// reads no pupil's result: in `run` its district has them freed already (a test holds that it
/// gives what it gives on the whole district).
fn analyse_profiled(
    (district, config): (&model::District, &ingest::DistrictConfig),
    profiled: Profiled,
    previous: Option<&model::PreviousGroups>,
    console: &Console,
) -> Result<report::Results, RunError> {
    let lang = console.lang;
    let Profiled {
        checked,
        feature_params,
        points,
        profiles,
    } = profiled;
    let matrix = context_matrix(&profiles).map_err(|e| internal(&e))?;
    // For the tests only (compiled in with the `failpoints` feature): an engine step failing.
    fail::fail_point!("engine-step", |_| Err(internal(&"failpoint engine-step")));
    let step = console.spinner(lang.pick("Группировка школ", "Grouping the schools"));
    let mut selection =
        cluster::choose_k_within(matrix.view(), &profiles.parts(), &checked.selection)
            .map_err(|e| grouping_error(e, lang))?;
    if let Some(previous) = previous {
        selection.chosen =
            keep_last_years_numbers(&selection.chosen, previous, district, &profiles, &matrix);
    }
    drop(step);
    let step = console.spinner(lang.pick("Ближайшие школы", "Nearest peers"));
    let (mut peers, alternatives, comparisons) =
        alternatives(&matrix, &profiles.parts(), &selection, &checked.selection)?;
    drop(step);
    let step = console.spinner(lang.pick(
        "Подбор базовых школ, карта и устойчивость групп",
        "Pairing with base schools; the groups' map and stability",
    ));
    let mut input = advise_input(
        district,
        &config.advise,
        &profiles,
        &selection.chosen.labels,
        &matrix,
    )
    .map_err(|e| RunError::Settings(config_message(&crate::config::pair_error(&e, lang), lang)))?;
    // The low list is held against the other reasonable groupings and each school's peers.
    input.schools.alternatives = alternatives;
    input.schools.peers = (peers.iter())
        .map(|p| p.iter().map(|&(row, _)| row).collect())
        .collect();
    // The map and the stability of the groups need nothing of the pairs: found beside them.
    let (advice, map_and_stability) = rayon::join(
        || advise::advise(&input.schools, &checked.advise),
        || map_and_stability(&matrix, &profiles.parts(), &selection, &checked.selection),
    );
    let advice = advice.map_err(|e| match e {
        advise::AdviseError::PinnedOverCapacity { .. }
        | advise::AdviseError::PinnedTwice { .. } => {
            let detail = crate::config::pin_error(&e, district, &profiles, lang);
            RunError::Settings(config_message(&detail, lang))
        }
        e => internal(&e),
    })?;
    let (plane, stability) = map_and_stability?;
    let mut recorded = checked.recorded;
    crate::settings::record_features(&mut recorded, &feature_params, &profiles);
    recorded.previous_results = previous.map(|p| p.file.clone());
    recorded.scorecard_points = report::points_record(&points);
    let manifest = Manifest::new(env!("CARGO_PKG_VERSION"), lang, recorded, district);
    // The report lists the nearest few.
    for p in &mut peers {
        p.truncate(NEAREST_PEERS);
    }
    drop(step);
    let grouping = report::GroupingOutcome {
        selection: &selection,
        peers: &peers,
        stability: &stability,
        plane: &plane,
        previous,
    };
    let advised = report::AdviceOutcome {
        advice: &advice,
        factors: &input.factors,
        topics: &input.topics,
        comparisons: &comparisons,
    };
    let step = console.spinner(lang.pick("Сводка результатов", "Gathering the results"));
    let mut results =
        report::build_results(district, &profiles, &grouping, &advised, manifest, lang);
    let cards = features::scorecard::score_cards(&district.activities, &points);
    results.scorecards = report::scorecard_docs(&cards, district);
    drop(step);
    Ok(results)
}

/// The rows on the groups' map (the principal plane) and the stability of the grouping chosen.
fn map_and_stability(
    matrix: &ndarray::Array2<f64>,
    parts: &[usize],
    selection: &cluster::KSelection,
    params: &cluster::ValidKSelectionParams,
) -> Result<(cluster::Plane, cluster::Stability), RunError> {
    let plane = cluster::principal_plane(matrix.view()).map_err(|e| internal(&e))?;
    let stability = cluster::stability(
        matrix.view(),
        parts,
        &selection.chosen.labels,
        params,
        cluster::STABILITY_DRAWS,
    )
    .map_err(|e| internal(&e))?;
    Ok((plane, stability))
}

/// The output folder claimed before any work: refused when it holds the run's input or
/// another's files, or while another command writes it.
fn claim_output(
    data: &Path,
    out: &Path,
    settings: &Settings,
    lang: Lang,
) -> Result<crate::output::Claimed, RunError> {
    let inputs: Vec<&Path> = std::iter::once(data)
        .chain(settings.read.config.as_deref())
        .chain(settings.previous.as_deref())
        .collect();
    let claim = crate::output::Claim {
        writer: ingest::WrittenBy::Run,
        force: settings.force,
        inputs: &inputs,
    };
    crate::output::claim(out, &claim, lang)
}

/// Last year's run, if given: groups that match keep their numbers.
fn read_previous(
    settings: &Settings,
    lang: Lang,
) -> Result<Option<model::PreviousGroups>, RunError> {
    let Some(path) = &settings.previous else {
        return Ok(None);
    };
    ingest::read_previous_groups(path)
        .map(Some)
        .map_err(|e| RunError::Data(problem_list(&e.problems, lang, Rest::CheckReport)))
}

/// The profile step's parameters from the config's `[outcome]`, `[context]` and `[privacy]`;
/// with `years`, those years of results instead of `[outcome] years` (stage 5 reads them all).
pub(crate) fn feature_params(
    indicators: &ingest::IndicatorSettings,
    years: Option<&[u16]>,
    lang: Lang,
) -> Result<features::ValidFeatureParams, RunError> {
    let mut params = crate::config::feature_params(indicators, lang)
        .map_err(|e| RunError::Settings(config_message(&e, lang)))?;
    if let Some(years) = years {
        params = params.years(years.iter().map(|&y| i64::from(y)));
    }
    params
        .check()
        .map_err(|e| RunError::Settings(config_message(&e.message(lang), lang)))
}

/// Each row's nearest rows, with their distances.
type Peers = Vec<Vec<(usize, f64)>>;

/// A grouping: each row's group.
type Groups = Vec<usize>;

/// Each row's nearest peers (its own comparison group, as many as [`ROBUSTNESS_PEERS`]) and
/// the groupings an analyst could reasonably have chosen instead: what the low list is held
/// against; with the comparisons, in advise's order (the groupings, then the peers).
fn alternatives(
    matrix: &ndarray::Array2<f64>,
    parts: &[usize],
    selection: &cluster::KSelection,
    params: &cluster::ValidKSelectionParams,
) -> Result<(Peers, Vec<Groups>, Vec<report::Comparison>), RunError> {
    // The two share nothing: found side by side.
    let (peers, groupings) = rayon::join(
        || cluster::nearest_peers(matrix.view(), parts, ROBUSTNESS_PEERS),
        || cluster::alternative_groupings(matrix.view(), parts, &selection.chosen.labels, params),
    );
    let peers = peers.map_err(|e| internal(&e))?;
    let groupings = groupings.map_err(|e| internal(&e))?;
    let codes = (groupings.iter())
        .map(|&(a, _)| report::Comparison::Grouping(a))
        .chain(std::iter::once(report::Comparison::NearestPeers))
        .collect();
    let labels = groupings.into_iter().map(|(_, labels)| labels).collect();
    Ok((peers, labels, codes))
}

/// An engine failure that the checks before the run should have made impossible.
fn internal(e: &dyn std::fmt::Display) -> RunError {
    RunError::Internal(e.to_string())
}

/// Data warnings printed on the terminal; the rest are in the outputs.
const WARNINGS_SHOWN: usize = 5;

/// How many rows were set aside, and the warnings about the data.
fn say_what_was_set_aside(district: &model::District, console: &Console) {
    let lang = console.lang;
    if !district.set_aside.is_empty() {
        console.say(match lang {
            Lang::Ru => format!(
                "Отложено строк с ошибками: {} (список — в results.json, раздел set_aside)",
                district.set_aside.len()
            ),
            Lang::En => format!(
                "Rows with problems set aside: {} (listed in results.json under set_aside)",
                district.set_aside.len()
            ),
        });
    }
    if !district.warnings.is_empty() {
        let shown = &district.warnings[..district.warnings.len().min(WARNINGS_SHOWN)];
        console.say(format!(
            "{} {}\n{}",
            lang.pick("Предупреждений о данных:", "Data warnings:"),
            district.warnings.len(),
            problem_list(shown, lang, Rest::CheckReport)
        ));
        if district.warnings.len() > WARNINGS_SHOWN {
            console.say(lang.pick(
                "  … все — в results.xlsx (лист «Качество данных») и results.json (warnings)",
                "  … all are in results.xlsx (sheet \"Data quality\") and results.json (warnings)",
            ));
        }
    }
}

/// A failed choice of groups: more groups forced than distinct schools is a settings error.
fn grouping_error(e: cluster::ClusterError, lang: Lang) -> RunError {
    match e {
        cluster::ClusterError::TooFewDistinctRows { k, distinct } => {
            RunError::Settings(config_message(
                &match lang {
                    Lang::Ru => format!(
                        "[groups] k: {k} групп — больше, чем школ с различными условиями ({distinct})"
                    ),
                    Lang::En => format!(
                        "[groups] k: {k} groups is more than the schools with distinct conditions ({distinct})"
                    ),
                },
                lang,
            ))
        }
        e => internal(&e),
    }
}

/// The grouping with last year's numbers kept for the groups that match.
fn keep_last_years_numbers(
    chosen: &cluster::Grouping,
    previous: &model::PreviousGroups,
    district: &model::District,
    profiles: &features::Profiles,
    matrix: &ndarray::Array2<f64>,
) -> cluster::Grouping {
    let last_year: Vec<Option<usize>> = profiles
        .schools
        .iter()
        .map(|&ix| {
            previous
                .groups
                .get(&district.school(ix).id.0)
                .map(|g| g.saturating_sub(1))
        })
        .collect();
    let labels = cluster::keep_numbers(&chosen.labels, &last_year);
    cluster::Grouping::numbered(matrix.view(), labels)
}

/// Every output written into the claimed folder, with the charts' progress, the run's
/// summary said, and the folder put in place.
fn write(
    (out, claimed): (&Path, crate::output::Claimed),
    mut results: report::Results,
    settings: &Settings,
    console: &Console,
) -> Result<(), RunError> {
    let lang = console.lang;
    let bar = console.bar(
        lang.pick("Диаграммы", "Charts"),
        report::chart_count(&results, settings.charts),
    );
    let options = report::OutputOptions {
        lang,
        dialect: settings.dialect,
        charts: settings.charts,
        progress: &|| bar.tick(),
    };
    let written = report::write_outputs(claimed.folder(), &mut results, &options)
        .map_err(|e| RunError::Output(e.message(lang)))?;
    drop(bar);
    say_summary(&results, console);
    drop_aside(results);
    claimed.commit(out, &written, console)
}

/// The run's counts, and the notes on the indicators.
fn say_summary(results: &report::Results, console: &Console) {
    let (lang, s) = (console.lang, &results.summary);
    console.say(match lang {
        Lang::Ru => format!(
            "Школ: {}, в рейтинге: {}, исключено: {}; групп: {}; с низкими результатами: {}; на границе: {}; базовых: {}; пар: {}",
            s.schools, s.ranked, s.excluded, s.groups, s.low, s.borderline, s.base, s.pairs
        ),
        Lang::En => format!(
            "Schools: {}, ranked: {}, excluded: {}; groups: {}; low results: {}; borderline: {}; base: {}; pairs: {}",
            s.schools, s.ranked, s.excluded, s.groups, s.low, s.borderline, s.base, s.pairs
        ),
    });
    if s.results_in_doubt > 0 {
        console.say(match lang {
            Lang::Ru => format!(
                "С признаками необъективности результатов ВПР: {} (не назначаются базовыми; \
                 подробности — в report.html и в столбце «Объективность ВПР»)",
                s.results_in_doubt
            ),
            Lang::En => format!(
                "With signs of non-objective VPR results: {} (never base schools; the evidence is \
                 in report.html and the \"VPR objectivity\" column)",
                s.results_in_doubt
            ),
        });
    }
    if !results.notes.is_empty() {
        console.say(lang.pick("Замечания о показателях:", "Notes on the indicators:"));
        for n in &results.notes {
            console.say(format!("  {}", n.text));
        }
    }
}

/// A failed profile step: what names an indicator or a year the config set is a settings
/// error.
pub(crate) fn feature_error(e: &features::FeatureError, lang: Lang) -> RunError {
    if e.is_settings() {
        RunError::Settings(config_message(&e.message(lang), lang))
    } else {
        RunError::Data(e.message(lang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `run` frees the pupils' results after the profiles: the rest of the analysis must give,
    /// on a district without them, what it gives on the whole district (as `analyse` does for
    /// stage 5's programme). Fails as soon as a step after the profiles reads them.
    #[test]
    fn the_analysis_after_the_profiles_needs_no_pupils_results() {
        let params = synth::SynthParams::new(120, 3)
            .seed(5)
            .check()
            .expect("params");
        let district = synth::generate(&params).district;
        assert!(!district.exams.is_empty() && !district.students.is_empty());
        let config = ingest::DistrictConfig::default();
        let settings = Settings::new(42);
        let console = Console {
            quiet: true,
            ..Console::new(Lang::En)
        };
        let whole = analyse((&district, &config), None, &settings, &console).expect("whole");
        let profiled = profile((&district, &config), &settings, &console).expect("profiles");
        let mut bare = district.clone();
        bare.exams.clear();
        bare.students = Default::default();
        let parted = analyse_profiled((&bare, &config), profiled, None, &console).expect("rest");
        assert_eq!(whole, parted);
    }
}
