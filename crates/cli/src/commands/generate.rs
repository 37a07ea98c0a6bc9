//! `schoolpeers generate`: a synthetic district in the input format, with its truth.

use std::path::Path;

use model::Lang;

use crate::console::Console;
use crate::error::RunError;

/// What `generate` is asked for.
#[derive(Debug, Clone, Copy)]
pub struct GenerateRequest<'a> {
    /// Schools of the district.
    pub schools: usize,
    /// Years of results.
    pub years: usize,
    /// The generator's seed.
    pub seed: u64,
    /// The folder the district is written into.
    pub out: &'a Path,
    /// How the schools' conditions are drawn.
    pub conditions: synth::Conditions,
    /// Exam results summarised per school (participants, mean, standard deviation) instead of
    /// a row per pupil.
    pub per_school: bool,
    /// `--inflated-vpr`: draw ВПР results, inflated in this share of the schools.
    pub inflated_vpr: Option<f64>,
    /// `--programme-from` and `--effect`: plant a programme of pairs and its help (stage 5).
    pub programme: Option<super::programme::Programme>,
    /// `--force`: replace a folder that holds other files (kept beside).
    pub force: bool,
}

/// A synthetic district in the input format, with truth.csv; a folder holding anything but
/// a generated district (an analyst's real tables) is refused without `--force`.
pub fn generate(request: &GenerateRequest<'_>, console: &Console) -> Result<(), RunError> {
    let lang = console.lang;
    let mut params = synth::SynthParams::new(request.schools, request.years)
        .seed(request.seed)
        .conditions(request.conditions);
    if let Some(share) = request.inflated_vpr {
        params = params.inflated_vpr(share);
    }
    if let Some(programme) = &request.programme {
        check_programme(programme, request.years, lang)?;
        params = params
            .last_year(programme.from + super::programme::PROGRAMME_YEARS_AFTER)
            .year_wobble(super::programme::PROGRAMME_WOBBLE);
    }
    let checked = params
        .clone()
        .check()
        .map_err(|e| RunError::Settings(synth_error(&e, lang)))?;
    let claim = crate::output::Claim {
        writer: ingest::WrittenBy::Generate,
        force: request.force,
        inputs: &[],
    };
    let claimed = crate::output::claim(request.out, &claim, lang)?;
    let planted = match request.programme {
        Some(programme) => Some(super::programme::plant(&params, programme, 42, console)?),
        None => None,
    };
    let mut synthetic = match &planted {
        Some(p) => p.synthetic.clone(),
        None => synth::generate(&checked),
    };
    if request.per_school {
        synthetic.district = synth::aggregated(synthetic.district);
    }
    let output = |e: report::ReportError| RunError::Output(e.message(lang));
    let folder = claimed.folder();
    let mut written = report::write_district(folder, &synthetic.district).map_err(output)?;
    let truth = truth_rows(&synthetic, planted.as_ref(), request.programme);
    written.push(report::write_truth(folder, &truth).map_err(output)?);
    for (year, results) in planted.iter().flat_map(|p| &p.runs) {
        let path = folder
            .join("history")
            .join(year.to_string())
            .join("results.json");
        written.push(report::write_results_only(&path, results).map_err(output)?);
    }
    claimed.commit(request.out, &written, console)
}

/// Each school's truth, with the help planted in it when a programme was.
fn truth_rows<'a>(
    synthetic: &'a synth::Synthetic,
    planted: Option<&'a super::programme::Planted>,
    programme: Option<super::programme::Programme>,
) -> Vec<report::TruthRow<'a>> {
    let help = |i: usize| {
        let (planted, programme) = (planted?, programme?);
        let s = planted.supported.iter().find(|s| s.help.school == i)?;
        Some(report::PlantedHelp {
            from: s.help.baseline,
            base_school_id: &s.base_school_id,
            effect_sd: programme.effect,
            effect_points: s.help.points,
        })
    };
    (synthetic.truth.iter().enumerate())
        .map(|(i, t)| report::TruthRow {
            school_id: &t.school.0,
            archetype: t.archetype.code(),
            context_effect: t.context_effect,
            effectiveness: t.effectiveness,
            planted_low: t.planted_low,
            causes: t.causes.iter().map(synth::Cause::code).collect(),
            inflated_vpr: t.inflated_vpr,
            supported: help(i),
        })
        .collect()
}

/// A programme the district's years can hold: its first August with at least one year of
/// results before it, and an effect of at most [`super::programme::MAX_EFFECT`] either way.
fn check_programme(
    programme: &super::programme::Programme,
    years: usize,
    lang: Lang,
) -> Result<(), RunError> {
    let max = super::programme::MAX_EFFECT;
    if !(programme.effect.is_finite() && programme.effect.abs() <= max) {
        return Err(RunError::Settings(match lang {
            Lang::Ru => format!(
                "--effect: {} — эффект задаётся в стандартных отклонениях, от -{max} до {max}",
                programme.effect
            ),
            Lang::En => format!(
                "--effect: {} — the effect is in standard deviations, from -{max} to {max}",
                programme.effect
            ),
        }));
    }
    let after = usize::from(super::programme::PROGRAMME_YEARS_AFTER);
    if years < after + 2 || !(2001..=2097).contains(&programme.from) {
        return Err(RunError::Settings(match lang {
            Lang::Ru => format!(
                "--programme-from {}: нужен год 2001–2097 и не менее {} лет данных (--years {years}): \
                 год до программы, год её начала и {after} года после",
                programme.from,
                after + 2
            ),
            Lang::En => format!(
                "--programme-from {}: needs a year 2001–2097 and at least {} years of data \
                 (--years {years}): a year before the programme, its first year and {after} after",
                programme.from,
                after + 2
            ),
        }));
    }
    Ok(())
}

/// A generator parameter refused, in the run's language (`--low-share` and `--last-year` are
/// not options of the command: only the schools, years and inflated share can be out of range
/// here).
fn synth_error(e: &synth::SynthParamError, lang: Lang) -> String {
    use synth::SynthParamError as E;
    match (e, lang) {
        (E::BadSchools(n), Lang::Ru) => {
            format!("--schools: {n} — можно создать от 4 до 100000 школ")
        }
        (E::BadYears(n), Lang::Ru) => format!("--years: {n} — можно создать от 1 до 20 лет"),
        (E::BadInflatedShare(x), Lang::Ru) => {
            format!("--inflated-vpr: {x} — доля школ должна быть от 0 до 0,5")
        }
        (E::BadInflatedShare(_), Lang::En) => format!("--inflated-vpr: {e}"),
        (E::BadSchools(_), Lang::En) => format!("--schools: {e}"),
        (E::BadYears(_), Lang::En) => format!("--years: {e}"),
        (e, _) => e.to_string(),
    }
}
