//! Stage 5's planted truth (`generate --programme-from YEAR --effect SD`): a synthetic district
//! whose office made the August run each year of a programme on the years it knew then, paired
//! its low schools with base schools, and whose supported schools' results then rose by a
//! planted effect; the runs are kept as the analyst keeps them (`history/YEAR/results.json`).

use model::Lang;

use crate::console::Console;
use crate::error::RunError;
use crate::settings::Settings;

/// Years of results after the programme's first August: its final evaluation is at three.
pub const PROGRAMME_YEARS_AFTER: u16 = 3;

/// How far a school's results wobble from year to year in a planted programme's district, in
/// ЕГЭ points (4 against the generator's usual 1): small schools' results move that much, so
/// that the low list catches schools low by chance, who rise again on their own — the
/// regression to the mean a fair evaluation must not take for an effect.
pub(super) const PROGRAMME_WOBBLE: f64 = 4.0;

/// The largest planted effect, in standard deviations of the composite, either way.
pub const MAX_EFFECT: f64 = 2.0;

/// What is planted: the programme's first August and the effect of its help.
#[derive(Debug, Clone, Copy)]
pub struct Programme {
    /// The year of the first August run that made pairs.
    pub from: u16,
    /// The full effect of help on a supported school, in standard deviations of the
    /// composite (reached over `synth::HELP_RAMP_YEARS`).
    pub effect: f64,
}

/// One supported school of the planted programme.
#[derive(Debug, Clone)]
pub(super) struct Supported {
    /// The help planted (its school's position, the August that paired it, the points).
    pub(super) help: synth::Help,
    /// Its base school's id in that August's pair.
    pub(super) base_school_id: String,
}

/// A planted programme: the district with the help in its results, each August's run, and
/// who was supported from when.
pub(super) struct Planted {
    /// The district (its results carry the help) and its truth.
    pub(super) synthetic: synth::Synthetic,
    /// Each August's run, by year.
    pub(super) runs: Vec<(u16, report::Results)>,
    /// Every supported school, once (from the first August that paired it).
    pub(super) supported: Vec<Supported>,
}

/// Runs the programme: each August from `programme.from` to the district's last year, the
/// August run on the district as known then (with the help of earlier pairs already in its
/// results); each low school it pairs for the first time is helped from the next year.
pub(super) fn plant(
    params: &synth::SynthParams,
    programme: Programme,
    seed: u64,
    console: &Console,
) -> Result<Planted, RunError> {
    let lang = console.lang;
    let synthetic = |help: Vec<synth::Help>| -> Result<synth::Synthetic, RunError> {
        let checked = (params.clone().help(help).check())
            .map_err(|e| RunError::Settings(format!("--programme-from: {e}")))?;
        Ok(synth::generate(&checked))
    };
    let plain = synthetic(Vec::new())?;
    let points_per_sd = points_per_sd(&plain, lang)?;
    let points = programme.effect * points_per_sd;
    let quiet = Console {
        quiet: true,
        ..*console
    };
    let last = programme.from + PROGRAMME_YEARS_AFTER;
    let (mut runs, mut supported): (Vec<(u16, report::Results)>, Vec<Supported>) = (vec![], vec![]);
    let mut district = plain;
    for year in programme.from..=last {
        let known = district.district.known_in(year);
        let config = ingest::DistrictConfig::default();
        let results = super::run::analyse((&known, &config), None, &Settings::new(seed), &quiet)?;
        for pair in &results.pairs {
            let helped = |s: &Supported| known.schools[s.help.school].id.0 == pair.low_school_id;
            if supported.iter().any(helped) {
                continue;
            }
            let Some(school) = (known.schools.iter()).position(|s| s.id.0 == pair.low_school_id)
            else {
                continue;
            };
            supported.push(Supported {
                help: synth::Help {
                    school,
                    baseline: year,
                    points,
                },
                base_school_id: pair.base_school_id.clone(),
            });
        }
        runs.push((year, results));
        // The last August's help shows only after the district's years: nothing to redraw.
        if year < last {
            district = synthetic(supported.iter().map(|s| s.help).collect())?;
        }
    }
    // The programme's methodical clusters: one led by each base school, from the year after its
    // first pair's August.
    let mut leads: Vec<(usize, u16)> = Vec::new();
    for s in &supported {
        let base = (district.district.schools.iter()).position(|x| x.id.0 == s.base_school_id);
        if let Some(base) = base.filter(|b| leads.iter().all(|l| l.0 != *b)) {
            leads.push((base, s.help.baseline + 1));
        }
    }
    district.district.activities = synth::clusters_led_by(&leads, last);
    Ok(Planted {
        synthetic: district,
        runs,
        supported,
    })
}

/// ЕГЭ points per standard deviation of the composite: the inverse of the slope of each
/// school's yearly composite on its true expected points (conditions and effectiveness) in
/// the district without help, over all its years.
fn points_per_sd(plain: &synth::Synthetic, lang: Lang) -> Result<f64, RunError> {
    let years = every_year(&plain.district);
    let params = features::FeatureParams::default()
        .years(years.iter().map(|&y| i64::from(y)))
        .check()
        .map_err(|e| RunError::Internal(e.message(lang)))?;
    let profiles = features::build(&plain.district, &params)
        .map_err(|e| RunError::Internal(e.message(lang)))?;
    let truth = |row: usize| {
        let t = &plain.truth[profiles.schools[row].get()];
        t.context_effect + t.effectiveness
    };
    let points: Vec<(f64, f64)> = (profiles.score_by_year.iter())
        .flat_map(|year| (year.iter().enumerate()).filter_map(|(i, s)| Some((truth(i), (*s)?))))
        .collect();
    let n = points.len() as f64;
    let (mx, my) = (points.iter()).fold((0.0, 0.0), |(x, y), (a, b)| (x + a / n, y + b / n));
    let (sxy, sxx) = (points.iter()).fold((0.0, 0.0), |(sxy, sxx), (x, y)| {
        (sxy + (x - mx) * (y - my), sxx + (x - mx) * (x - mx))
    });
    match sxy / sxx {
        slope if slope.is_finite() && slope > 0.0 => Ok(1.0 / slope),
        _ => Err(RunError::Internal(
            "the generated district's results do not follow its schools' effects".into(),
        )),
    }
}

/// Every year of exam results the district holds, ascending.
pub(super) fn every_year(district: &model::District) -> Vec<u16> {
    let years: std::collections::BTreeSet<u16> = (district.exams.iter().map(|e| e.year))
        .chain(district.exam_summaries.iter().map(|e| e.year))
        .collect();
    years.into_iter().collect()
}
