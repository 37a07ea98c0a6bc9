//! A run's settings (what the command line sets) checked into each stage's parameters, with
//! the config's `[groups]` and `[advise]` applied over them, and their record for the manifest.

use std::path::PathBuf;

use advise::{AdviseParams, ValidAdviseParams};
use cluster::{KSelectionParams, ValidKSelectionParams};
use ingest::{AdviseSettings, GroupSettings, ReadOptions};
use model::Lang;
use report::Parameters;

use crate::commands::config_message;
use crate::error::RunError;

/// The most similar schools listed for each school (results.json `nearest_peers`).
pub const NEAREST_PEERS: usize = 10;
/// Each school's nearest peers that form its own comparison group, one of the alternatives the
/// low list is held against (the Texas campus comparison groups have 40).
pub const ROBUSTNESS_PEERS: usize = 30;

/// A run's settings, checked into each stage's parameters.
#[derive(Debug, Clone)]
pub struct Settings {
    /// How the data folder is read.
    pub read: ReadOptions,
    /// How the groups are chosen (before the config's `[groups]`).
    pub selection: KSelectionParams,
    /// The thresholds of advice (before the config's `[advise]`).
    pub advise: AdviseParams,
    /// A previous run's results.json whose group numbers are kept where groups match.
    pub previous: Option<PathBuf>,
    /// How the CSV files are written.
    pub dialect: report::CsvDialect,
    /// Which charts are drawn.
    pub charts: report::ChartSet,
    /// `--force`: replace an output folder that holds other files (kept beside).
    pub force: bool,
}

/// Parameters every stage accepted, and their record for the manifest.
pub(crate) struct Checked {
    pub(crate) selection: ValidKSelectionParams,
    pub(crate) advise: ValidAdviseParams,
    pub(crate) recorded: Parameters,
}

impl Settings {
    /// The defaults, with this seed.
    pub fn new(seed: u64) -> Self {
        Settings {
            read: ReadOptions::default(),
            selection: KSelectionParams::default().seed(seed),
            advise: AdviseParams::default(),
            previous: None,
            dialect: report::CsvDialect::default(),
            charts: report::ChartSet::Auto,
            force: false,
        }
    }

    /// Checks the settings, with the config's `[groups]` applied over the selection's.
    pub(crate) fn check(
        &self,
        groups: &GroupSettings,
        advice_settings: &AdviseSettings,
        lang: Lang,
    ) -> Result<Checked, RunError> {
        let config = |detail: String| RunError::Settings(config_message(&detail, lang));
        let selection = crate::config::apply_groups(self.selection.clone(), groups, lang)
            .map_err(config)?
            .check()
            .map_err(|e| config(crate::config::groups_error(&e, lang)))?;
        let advise = crate::config::apply_advise(self.advise.clone(), advice_settings, lang)
            .map_err(config)?
            .check()
            .map_err(|e| config(crate::config::advise_error(&e, lang)))?;
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
            min_robustness: advise.min_robustness(),
            objectivity_gap_z: advise.objectivity_gap_z(),
            objectivity_jump_z: advise.objectivity_jump_z(),
            mentor_load: advise.mentor_load(),
            mentor_km: advise.mentor_km(),
            pinned: advice_settings.pin.clone(),
            forbidden: advice_settings.forbid.clone(),
            // Set from the config once it is read.
            outcome_weights: Default::default(),
            min_cohort: 0,
            min_pupils: 0,
            context_off: Vec::new(),
            context_normalisation: "",
            outcome_normalisation: "",
            missing_context: "",
            missing_for: Default::default(),
            outcome_years: Vec::new(),
            basis: "",
            scorecard_points: Default::default(),
        };
        Ok(Checked {
            selection,
            advise,
            recorded,
        })
    }
}

/// The profile step's parameters, and what it made of them, in the manifest's record.
pub(crate) fn record_features(
    recorded: &mut Parameters,
    params: &features::ValidFeatureParams,
    profiles: &features::Profiles,
) {
    recorded.outcome_weights = params.weights().iter().cloned().collect();
    recorded.min_cohort = params.min_cohort();
    recorded.min_pupils = params.min_pupils();
    recorded.context_off = params.context_off().to_vec();
    recorded.context_normalisation = params.context_normalisation().code();
    recorded.outcome_normalisation = params.outcome_normalisation().code();
    recorded.missing_context = params.missing_context().code();
    recorded.missing_for = params
        .missing_for()
        .iter()
        .map(|(code, policy)| (code.clone(), policy.code()))
        .collect();
    recorded.outcome_years = profiles.years.clone();
    recorded.basis = profiles.basis.code();
}
