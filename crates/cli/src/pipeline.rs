//! The August run: ingest → features → cluster → advise → report.

use std::path::{Path, PathBuf};

use advise::{AdviseParams, ValidAdviseParams};
use cluster::{KSelectionParams, ValidKSelectionParams};
use ingest::{AdviseSettings, GroupSettings, ReadOptions};
use model::{Lang, Problem};
use ndarray::Array2;
use report::{Manifest, Parameters};

pub use crate::error::RunError;
use crate::progress::Step;

/// Prints a line to standard output. A closed output (`schoolpeers … | head`)
/// is not an error of the run: the files are written either way.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if !QUIET.load(std::sync::atomic::Ordering::Relaxed) {
            let _ = writeln!(std::io::stdout(), $($arg)*);
        }
    }};
}

static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Leaves out what the pipeline says on standard output (its summary and the
/// files it wrote): for the benches, which run it many times.
pub fn quiet(on: bool) {
    QUIET.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// The most similar schools listed for each school (results.json `nearest_peers`).
pub const NEAREST_PEERS: usize = 10;

/// At most this many problems are printed; the rest are counted.
const MAX_PROBLEMS_SHOWN: usize = 50;

/// A run's settings, checked into each stage's parameters.
#[derive(Debug, Clone)]
pub struct Settings {
    pub read: ReadOptions,
    pub selection: KSelectionParams,
    pub advise: AdviseParams,
    /// A previous run's results.json whose group numbers are kept where groups match.
    pub previous: Option<PathBuf>,
    /// How the CSV files are written.
    pub dialect: report::CsvDialect,
    /// Which charts are drawn.
    pub charts: report::ChartSet,
}

/// Parameters every stage accepted, and their record for the manifest.
struct Checked {
    selection: ValidKSelectionParams,
    advise: ValidAdviseParams,
    recorded: Parameters,
}

impl Settings {
    pub fn new(seed: u64) -> Self {
        Settings {
            read: ReadOptions::default(),
            selection: KSelectionParams::default().seed(seed),
            advise: AdviseParams::default(),
            previous: None,
            dialect: report::CsvDialect::default(),
            charts: report::ChartSet::Auto,
        }
    }

    /// Checks the settings, with the config's `[groups]` applied over the selection's.
    fn check(
        &self,
        groups: &GroupSettings,
        advice_settings: &AdviseSettings,
        lang: Lang,
    ) -> Result<Checked, RunError> {
        let config = |detail: String| RunError::Settings(config_message(&detail, lang));
        let selection = crate::config::apply_groups(self.selection.clone(), groups)
            .map_err(config)?
            .check()
            .map_err(|e| config(crate::config::groups_error(&e)))?;
        let advise = crate::config::apply_advise(self.advise.clone(), advice_settings)
            .map_err(config)?
            .check()
            .map_err(|e| config(format!("[advise] {e}")))?;
        let recorded = Parameters {
            seed: selection.kmeans().seed(),
            clustering_method: selection.method().code(),
            criterion: selection.criterion().code(),
            forced_k: selection.forced_k(),
            gap_references: selection.gap_references(),
            nearest_peers: NEAREST_PEERS,
            stability_draws: cluster::STABILITY_DRAWS,
            previous_results: None,
            kmeans_runs: selection.kmeans().n_runs(),
            k_min: selection.k_min(),
            k_max: selection.k_max(),
            min_group_size: selection.min_group_size(),
            max_group_share: selection.max_group_share(),
            low_gap: advise.low_gap(),
            bottom_share: advise.bottom_share(),
            top_share: advise.top_share(),
            base_capacity: advise.capacity(),
            advise_min_group_size: advise.min_group_size(),
            compare: if advise.adjust() { "adjusted" } else { "score" },
            stable_years: advise.stable_years(),
            stable_window: advise.stable_window(),
            slide_rate: advise.slide_rate(),
            finding_gap: advise.finding_gap(),
            max_distance_km: advise.max_distance_km(),
            km_per_unit: advise.km_per_unit(),
            complement_weight: advise.complement_weight(),
            pinned: advice_settings.pin.clone(),
            forbidden: advice_settings.forbid.clone(),
            // Set from the config once it is read.
            outcome_weights: Default::default(),
            min_cohort: 0,
            context_off: Vec::new(),
            context_normalisation: "",
            outcome_normalisation: "",
            missing_context: "",
            missing_for: Default::default(),
            outcome_years: Vec::new(),
            basis: "",
        };
        Ok(Checked {
            selection,
            advise,
            recorded,
        })
    }
}

/// Problems one per line, the first [`MAX_PROBLEMS_SHOWN`] of them.
pub(crate) fn problem_list(problems: &[Problem], lang: Lang) -> String {
    let mut text: Vec<String> = problems
        .iter()
        .take(MAX_PROBLEMS_SHOWN)
        .map(|p| p.message(lang))
        .collect();
    if problems.len() > MAX_PROBLEMS_SHOWN {
        let more = problems.len() - MAX_PROBLEMS_SHOWN;
        text.push(match lang {
            Lang::Ru => format!("… и ещё {more} ошибок (все — в data-quality.csv команды check)"),
            Lang::En => {
                format!("… and {more} more problems (all in data-quality.csv of the check command)")
            }
        });
    }
    text.join("\n")
}

/// Validates a data folder without analysing it.
pub fn check(
    data: &Path,
    out: &Path,
    read: &ReadOptions,
    lang: Lang,
    dialect: report::CsvDialect,
) -> Result<(), RunError> {
    let ingested = {
        let _step = Step::spinner(lang.pick("Проверка данных", "Checking the data"));
        ingest::inspect_district(data, read)
    };
    let inspection = report::Inspection {
        district: &ingested.district,
        problems: &ingested.problems,
        usable: ingested.usable,
    };
    say!("{}", report::quality_summary(&inspection, lang));
    if !ingested.problems.is_empty() {
        say!("{}", problem_list(&ingested.problems, lang));
    }
    let path = report::write_data_quality(out, &inspection, lang, dialect)
        .map_err(|e| RunError::Output(e.message(lang)))?;
    print_written(&[path], lang);
    if ingested.usable {
        Ok(())
    } else {
        Err(RunError::Data(
            lang.pick(
                "данные непригодны для анализа",
                "the data cannot be analysed",
            )
            .to_owned(),
        ))
    }
}

fn print_written(paths: &[PathBuf], lang: Lang) {
    say!("{}", lang.pick("Записаны файлы:", "Files written:"));
    for p in paths {
        say!("  {}", p.display());
    }
}

/// The whole pipeline on one data folder.
pub fn run(data: &Path, out: &Path, settings: &Settings, lang: Lang) -> Result<(), RunError> {
    let step = Step::spinner(lang.pick("Чтение данных", "Reading the data"));
    let (district, config) =
        ingest::read_district(data, &settings.read).map_err(|e| RunError::from_ingest(&e, lang))?;
    drop(step);
    let checked = settings.check(&config.groups, &config.advise, lang)?;
    // Last year's run: groups that match keep their numbers.
    let previous = match &settings.previous {
        Some(path) => Some(
            ingest::read_previous_groups(path)
                .map_err(|e| RunError::Data(problem_list(&e.problems, lang)))?,
        ),
        None => None,
    };
    if !district.set_aside.is_empty() {
        say!(
            "{}",
            match lang {
                Lang::Ru => format!(
                    "Отложено строк с ошибками: {} (список — в results.json, раздел set_aside)",
                    district.set_aside.len()
                ),
                Lang::En => format!(
                    "Rows with problems set aside: {} (listed in results.json under set_aside)",
                    district.set_aside.len()
                ),
            }
        );
    }
    if !district.warnings.is_empty() {
        say!(
            "{}\n{}",
            lang.pick("Предупреждения о данных:", "Data warnings:"),
            problem_list(&district.warnings, lang)
        );
    }
    let feature_params = crate::config::feature_params(&config.indicators)
        .map_err(|e| RunError::Settings(config_message(&e, lang)))?
        .check()
        .map_err(|e| RunError::Settings(config_message(&e.to_string(), lang)))?;
    let step = Step::spinner(lang.pick("Показатели школ", "School indicators"));
    let profiles =
        features::build(&district, &feature_params).map_err(|e| feature_error(&e, lang))?;
    drop(step);
    let n = profiles.schools.len();
    let p = profiles.context_indicators.len();
    let internal = |e: &dyn std::fmt::Display| RunError::Internal(e.to_string());
    // With no context indicator that varies, every school of a part is in one group.
    let matrix = if p == 0 {
        Array2::zeros((n, 1))
    } else {
        Array2::from_shape_vec((n, p), profiles.context.clone()).map_err(|e| internal(&e))?
    };
    let step = Step::spinner(lang.pick("Группировка школ", "Grouping the schools"));
    let selection = cluster::choose_k_within(matrix.view(), &profiles.parts(), &checked.selection)
        .map_err(|e| match e {
            cluster::ClusterError::TooFewDistinctRows { k, distinct } => RunError::Settings(
                config_message(
                    &match lang {
                        Lang::Ru => format!(
                            "[groups] k: {k} групп — больше, чем школ с различными условиями ({distinct})"
                        ),
                        Lang::En => format!(
                            "[groups] k: {k} groups is more than the schools with distinct conditions ({distinct})"
                        ),
                    },
                    lang,
                ),
            ),
            e => internal(&e),
        })?;
    // Groups that match last year's keep their numbers.
    let mut selection = selection;
    if let Some(previous) = &previous {
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
        let labels = cluster::keep_numbers(&selection.chosen.labels, &last_year);
        selection.chosen = cluster::Grouping::numbered(matrix.view(), labels);
    }
    drop(step);
    let step = Step::spinner(lang.pick("Подбор базовых школ", "Pairing with base schools"));
    let input = advise_input(
        &district,
        &config.advise,
        &profiles,
        &selection.chosen.labels,
        &matrix,
    )
    .map_err(|detail| RunError::Settings(config_message(&detail, lang)))?;
    let advice = advise::advise(&input.schools, &checked.advise).map_err(|e| match e {
        advise::AdviseError::PinnedOverCapacity { .. }
        | advise::AdviseError::PinnedTwice { .. } => RunError::Settings(config_message(
            &format!(
                "[advise] pin: {}",
                advise_error_with_ids(&e, &district, &profiles)
            ),
            lang,
        )),
        e => internal(&e),
    })?;
    let mut recorded = checked.recorded;
    recorded.outcome_weights = feature_params.weights().iter().cloned().collect();
    recorded.min_cohort = feature_params.min_cohort();
    recorded.context_off = feature_params.context_off().to_vec();
    recorded.context_normalisation = feature_params.context_normalisation().code();
    recorded.outcome_normalisation = feature_params.outcome_normalisation().code();
    recorded.missing_context = feature_params.missing_context().code();
    recorded.missing_for = feature_params
        .missing_for()
        .iter()
        .map(|(code, policy)| (code.clone(), policy.code()))
        .collect();
    recorded.outcome_years = profiles.years.clone();
    recorded.previous_results = previous.as_ref().map(|p| p.file.clone());
    recorded.basis = profiles.basis.code();
    let manifest = Manifest::new(env!("CARGO_PKG_VERSION"), lang, recorded, &district);
    drop(step);
    let step = Step::spinner(lang.pick("Ближайшие школы", "Nearest peers"));
    let peers = cluster::nearest_peers(matrix.view(), &profiles.parts(), NEAREST_PEERS)
        .map_err(|e| internal(&e))?;
    let plane = cluster::principal_plane(matrix.view()).map_err(|e| internal(&e))?;
    drop(step);
    let step = Step::spinner(lang.pick("Устойчивость групп", "Stability of the groups"));
    let stability = cluster::stability(
        matrix.view(),
        &profiles.parts(),
        &selection.chosen.labels,
        &checked.selection,
        cluster::STABILITY_DRAWS,
    )
    .map_err(|e| internal(&e))?;
    let grouping = report::GroupingOutcome {
        selection: &selection,
        peers: &peers,
        stability: &stability,
        plane: &plane,
        previous: previous.as_ref(),
    };
    drop(step);
    let advised = report::AdviceOutcome {
        advice: &advice,
        factors: &input.factors,
        topics: &input.topics,
    };
    let step = Step::spinner(lang.pick("Сводка результатов", "Gathering the results"));
    let results = report::build_results(&district, &profiles, &grouping, &advised, manifest, lang);
    drop(step);
    let bar = Step::bar(
        lang.pick("Диаграммы", "Charts"),
        report::chart_count(&results, settings.charts),
    );
    let options = report::OutputOptions {
        lang,
        dialect: settings.dialect,
        charts: settings.charts,
        progress: &|| bar.tick(),
    };
    let written = report::write_outputs(out, &results, &options)
        .map_err(|e| RunError::Output(e.message(lang)))?;
    drop(bar);
    let s = &results.summary;
    say!(
        "{}",
        match lang {
            Lang::Ru => format!(
                "Школ: {}, в рейтинге: {}, исключено: {}; групп: {}; с низкими результатами: {}; базовых: {}; пар: {}",
                s.schools, s.ranked, s.excluded, s.groups, s.low, s.base, s.pairs
            ),
            Lang::En => format!(
                "Schools: {}, ranked: {}, excluded: {}; groups: {}; low results: {}; base: {}; pairs: {}",
                s.schools, s.ranked, s.excluded, s.groups, s.low, s.base, s.pairs
            ),
        }
    );
    if !results.notes.is_empty() {
        say!(
            "{}",
            lang.pick("Замечания о показателях:", "Notes on the indicators:")
        );
        for n in &results.notes {
            say!("  {}", n.text);
        }
    }
    print_written(&written, lang);
    Ok(())
}

/// What advise is given, and the names behind its positions.
#[derive(Debug)]
pub struct AdviseInput {
    pub schools: advise::Schools,
    /// The indicator of each of `schools.factors`.
    pub factors: Vec<features::Indicator>,
    /// The name of each topic (the first word of a subject).
    pub topics: Vec<String>,
}

/// The ranked schools as advise sees them: groups, scores and their
/// intervals, what the context leads one to expect, the years, coordinates,
/// resource and outcome indicators, subjects, teachers, and the pairs pinned
/// or forbidden in `[advise]` (a school id there must be a ranked school).
pub fn advise_input(
    district: &model::District,
    settings: &AdviseSettings,
    profiles: &features::Profiles,
    labels: &[usize],
    matrix: &Array2<f64>,
) -> Result<AdviseInput, String> {
    use features::{Indicator, Role};
    let rows = profiles.schools.len();
    let school = |row: usize| district.school(profiles.schools[row]);
    let mut topics: Vec<String> = profiles
        .subjects
        .iter()
        .map(|s| &s.subject)
        .chain(profiles.untaught.iter().flatten().flatten())
        .chain(
            profiles
                .teachers
                .iter()
                .flatten()
                .filter_map(|t| t.subject.as_ref()),
        )
        .filter_map(|s| features::topic(s).map(str::to_owned))
        .collect();
    topics.sort();
    topics.dedup();
    let topic_of = |s: &model::Subject| {
        features::topic(s).and_then(|t| topics.binary_search_by(|x| x.as_str().cmp(t)).ok())
    };
    // Resources, and outcomes other than the composite's exam indices and mean scores.
    let composite_parts = [
        Indicator::EgeIndex,
        Indicator::OgeIndex,
        Indicator::EgeMeanScore,
        Indicator::OgeMeanScore,
    ];
    let (factors, columns): (Vec<Indicator>, Vec<advise::Factor>) = profiles
        .columns
        .iter()
        .filter_map(|c| {
            let kind = match c.indicator.role() {
                Role::Resource => advise::FactorKind::Resource,
                Role::Outcome if !composite_parts.contains(&c.indicator) => {
                    advise::FactorKind::Outcome
                }
                _ => return None,
            };
            let higher_is_better = match c.indicator.direction() {
                features::Direction::HigherIsBetter => Some(true),
                features::Direction::LowerIsBetter => Some(false),
                features::Direction::Neutral => None,
            };
            Some((
                c.indicator.clone(),
                advise::Factor {
                    kind,
                    higher_is_better,
                    values: c.values.clone(),
                },
            ))
        })
        .unzip();
    let row_of_id = |key: &str, id: &str| -> Result<usize, String> {
        (0..rows).find(|&r| school(r).id.0 == id).ok_or_else(|| {
            format!("[advise] {key}: school \"{id}\" is not among the ranked schools")
        })
    };
    let pairs_of = |key: &str, list: &[[String; 2]]| -> Result<Vec<(usize, usize)>, String> {
        list.iter()
            .map(|[low, base]| {
                if low == base {
                    return Err(format!(
                        "[advise] {key}: a school cannot be paired with itself (\"{low}\")"
                    ));
                }
                Ok((row_of_id(key, low)?, row_of_id(key, base)?))
            })
            .collect()
    };
    let mut schools = advise::Schools::new(labels.to_vec(), profiles.score.clone(), matrix.clone());
    schools.parts = profiles.parts();
    schools.intervals = profiles.standing.iter().map(|s| s.interval).collect();
    schools.expected = profiles.standing.iter().map(|s| s.expected).collect();
    schools.years = profiles
        .score_by_year
        .iter()
        .zip(&profiles.score_by_year_sd)
        .map(|(scores, sds)| {
            scores
                .iter()
                .zip(sds)
                .map(|(s, sd)| {
                    Some(advise::YearScore {
                        score: (*s)?,
                        sd: sd.unwrap_or(0.0),
                    })
                })
                .collect()
        })
        .collect();
    schools.places = (0..rows)
        .map(|r| Some((school(r).lat?, school(r).lon?)))
        .collect();
    schools.factors = columns;
    schools.subjects = profiles
        .subjects
        .iter()
        .filter_map(|s| {
            Some(advise::SubjectColumn {
                topic: topic_of(&s.subject)?,
                values: s
                    .values
                    .iter()
                    .map(|v| {
                        v.map(|v| advise::SubjectScore {
                            z: v.z,
                            points: v.points,
                        })
                    })
                    .collect(),
            })
        })
        .collect();
    schools.untaught = profiles
        .untaught
        .iter()
        .map(|u| u.iter().flatten().filter_map(&topic_of).collect())
        .collect();
    schools.teachers = profiles
        .teachers
        .iter()
        .map(|list| {
            list.iter()
                .map(|t| advise::TeacherInfo {
                    topic: t.subject.as_ref().and_then(&topic_of),
                    young: t.young,
                    highest: t.highest,
                })
                .collect()
        })
        .collect();
    schools.pinned = pairs_of("pin", &settings.pin)?;
    schools.forbidden = pairs_of("forbid", &settings.forbid)?;
    Ok(AdviseInput {
        schools,
        factors,
        topics,
    })
}

/// An advise error about pinned pairs, with school ids instead of rows.
fn advise_error_with_ids(
    e: &advise::AdviseError,
    district: &model::District,
    profiles: &features::Profiles,
) -> String {
    let id = |row: usize| district.school(profiles.schools[row]).id.0.clone();
    match *e {
        advise::AdviseError::PinnedOverCapacity {
            base,
            pinned,
            capacity,
        } => format!(
            "base school \"{}\" is pinned to {pinned} schools; its capacity is {capacity}",
            id(base)
        ),
        advise::AdviseError::PinnedTwice { low } => {
            format!(
                "school \"{}\" is pinned to more than one base school",
                id(low)
            )
        }
        ref other => other.to_string(),
    }
}

/// A failed profile step: what names an indicator the config set is a settings error.
fn feature_error(e: &features::FeatureError, lang: Lang) -> RunError {
    use features::FeatureError as E;
    match e {
        E::UnknownIndicator { .. }
        | E::NotAnOutcome(_)
        | E::NotContext { .. }
        | E::YearWithoutResults { .. } => RunError::Settings(config_message(&e.to_string(), lang)),
        E::NothingToRank => RunError::Data(
            lang.pick(
                "ни у одной школы нет одновременно результатов экзаменов и паспорта; ранжировать нечего",
                "no school has both exam results and a passport; nothing to rank",
            )
            .to_owned(),
        ),
        E::ExtraCodeClash(code) => RunError::Settings(match lang {
            Lang::Ru => format!(
                "код дополнительного показателя «{code}» совпадает с кодом встроенного; \
                 выберите другой в настройках"
            ),
            Lang::En => format!(
                "the extra indicator code \"{code}\" is a built-in indicator's code; \
                 choose another in the config"
            ),
        }),
    }
}

/// A problem with the settings of the config (the detail names the key, in English).
fn config_message(detail: &str, lang: Lang) -> String {
    match lang {
        Lang::Ru => format!("настройки района (district.toml): {detail}"),
        Lang::En => format!("district settings (district.toml): {detail}"),
    }
}

/// Writes `district.toml` with every setting at its default, commented in the
/// analyst's language; an existing file is left alone.
pub fn init(dir: &Path, lang: Lang) -> Result<(), RunError> {
    let text = match lang {
        Lang::Ru => include_str!("init/district.ru.toml"),
        Lang::En => include_str!("init/district.en.toml"),
    };
    let path = dir.join(ingest::CONFIG_FILE);
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
    match written {
        Ok(()) => {
            print_written(&[path], lang);
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(RunError::Output(match lang {
                Lang::Ru => format!("{} уже есть; он не перезаписан", path.display()),
                Lang::En => format!("{} already exists; it was not overwritten", path.display()),
            }))
        }
        Err(e) => Err(RunError::Output(format!("{}: {e}", path.display()))),
    }
}

/// What `schoolpeers cluster` is asked to do.
#[derive(Debug)]
pub struct TableRequest<'a> {
    pub file: &'a Path,
    pub id_column: &'a str,
    pub read: &'a ReadOptions,
    pub selection: KSelectionParams,
    /// A number of groups, or `None` for the criterion's choice.
    pub k: Option<usize>,
    pub out: &'a Path,
    pub dialect: report::CsvDialect,
}

/// Groups the rows of any numeric table: each column standardised (z-score;
/// a column with one value everywhere is left out, and said so), then the
/// method and k of the request.
pub fn cluster_table(request: &TableRequest<'_>, lang: Lang) -> Result<(), RunError> {
    let mut selection = request.selection.clone();
    if let Some(k) = request.k {
        selection = selection.force_k(k);
    }
    let selection = selection
        .check()
        .map_err(|e| RunError::Settings(e.to_string()))?;
    let table = ingest::read_numeric_table(request.file, request.id_column, request.read)
        .map_err(|e| RunError::Data(problem_list(&e.problems, lang)))?;
    let n = table.ids.len();
    let p = table.columns.len();
    if let Some(k) = selection.forced_k() {
        if n < 2 * k {
            return Err(RunError::Data(match lang {
                Lang::Ru => format!(
                    "{}: для {k} групп нужно хотя бы {} строк (по две на группу), а в таблице {n}",
                    table.file,
                    2 * k
                ),
                Lang::En => format!(
                    "{}: {k} groups need at least {} rows (two a group); the table has {n}",
                    table.file,
                    2 * k
                ),
            }));
        }
    }
    let mut kept = Vec::new();
    let mut columns: Vec<Vec<f64>> = Vec::new();
    for (c, header) in table.columns.iter().enumerate() {
        let values: Vec<f64> = (0..n).map(|i| table.values[i * p + c]).collect();
        match (features::mean(&values), features::std_dev(&values)) {
            (Some(m), Some(sd)) if sd > 1e-12 => {
                columns.push(values.iter().map(|v| (v - m) / sd).collect());
                kept.push(header);
            }
            _ => say!(
                "{}",
                match lang {
                    Lang::Ru => format!(
                        "{}: в столбце «{header}» везде одно значение; он не используется",
                        table.file
                    ),
                    Lang::En => format!(
                        "{}: column \"{header}\" has one value in every row and is left out",
                        table.file
                    ),
                }
            ),
        }
    }
    if columns.is_empty() {
        return Err(RunError::Data(match lang {
            Lang::Ru => format!(
                "{}: все строки одинаковы — группировать не по чему",
                table.file
            ),
            Lang::En => format!("{}: every row is the same: nothing to group by", table.file),
        }));
    }
    let q = columns.len();
    let matrix = Array2::from_shape_fn((n, q), |(i, c)| columns[c][i]);
    let step = Step::spinner(lang.pick("Группировка", "Grouping"));
    let chosen = cluster::choose_k(matrix.view(), &selection).map_err(|e| {
        RunError::Data(match (e, lang) {
            (cluster::ClusterError::TooFewDistinctRows { k, distinct }, Lang::Ru) => format!(
                "{}: {k} групп — больше, чем различных строк ({distinct})",
                table.file
            ),
            (cluster::ClusterError::TooFewDistinctRows { k, distinct }, Lang::En) => format!(
                "{}: {k} groups is more than the distinct rows ({distinct})",
                table.file
            ),
            (cluster::ClusterError::TooFewRows { rows, .. }, Lang::Ru) => {
                format!(
                    "{}: строк для группировки слишком мало ({rows})",
                    table.file
                )
            }
            (e, _) => format!("{}: {e}", table.file),
        })
    })?;
    let id_header = request.id_column;
    drop(step);
    let written = report::write_table_groups(
        request.out,
        id_header,
        &table.ids,
        &chosen,
        lang,
        request.dialect,
    )
    .map_err(|e| RunError::Output(e.message(lang)))?;
    say!(
        "{}",
        match lang {
            Lang::Ru => format!(
                "Строк: {n}, столбцов в расчёте: {q}; метод: {}; групп: {}",
                selection.method().code(),
                chosen.chosen.k
            ),
            Lang::En => format!(
                "Rows: {n}, columns used: {q}; method: {}; groups: {}",
                selection.method().code(),
                chosen.chosen.k
            ),
        }
    );
    print_written(&written, lang);
    Ok(())
}

/// A synthetic district in the input format, with truth.csv.
pub fn generate(
    schools: usize,
    years: usize,
    seed: u64,
    out: &Path,
    lang: Lang,
) -> Result<(), RunError> {
    let params = synth::SynthParams::new(schools, years)
        .seed(seed)
        .check()
        .map_err(|e| RunError::Settings(e.to_string()))?;
    let synthetic = synth::generate(&params);
    let output = |e: report::ReportError| RunError::Output(e.message(lang));
    let mut written = report::write_district(out, &synthetic.district).map_err(output)?;
    let truth: Vec<report::TruthRow<'_>> = synthetic
        .truth
        .iter()
        .map(|t| report::TruthRow {
            school_id: &t.school.0,
            archetype: t.archetype.code(),
            context_effect: t.context_effect,
            effectiveness: t.effectiveness,
            planted_low: t.planted_low,
            causes: t.causes.iter().map(synth::Cause::code).collect(),
        })
        .collect();
    written.push(report::write_truth(out, &truth).map_err(output)?);
    print_written(&written, lang);
    Ok(())
}
