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
    let params = params
        .check()
        .map_err(|e| RunError::Settings(synth_error(&e, lang)))?;
    let claim = crate::output::Claim {
        writer: ingest::WrittenBy::Generate,
        force: request.force,
        inputs: &[],
    };
    let claimed = crate::output::claim(request.out, &claim, lang)?;
    let mut synthetic = synth::generate(&params);
    if request.per_school {
        synthetic.district = synth::aggregated(synthetic.district);
    }
    let output = |e: report::ReportError| RunError::Output(e.message(lang));
    let folder = claimed.folder();
    let mut written = report::write_district(folder, &synthetic.district).map_err(output)?;
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
            inflated_vpr: t.inflated_vpr,
        })
        .collect();
    written.push(report::write_truth(folder, &truth).map_err(output)?);
    claimed.commit(request.out, &written, console)
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
