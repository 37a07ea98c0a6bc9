//! `schoolpeers generate`: a synthetic district in the input format, with its truth.

use std::path::Path;

use model::Lang;

use super::print_written;
use crate::console::Console;
use crate::error::RunError;

/// A synthetic district in the input format, with truth.csv.
pub fn generate(
    schools: usize,
    years: usize,
    seed: u64,
    out: &Path,
    console: &Console,
) -> Result<(), RunError> {
    let lang = console.lang;
    let params = synth::SynthParams::new(schools, years)
        .seed(seed)
        .check()
        .map_err(|e| RunError::Settings(synth_error(&e, lang)))?;
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
    print_written(&written, console);
    Ok(())
}

/// A generator parameter refused, in the run's language (`--low-share` and `--last-year` are
/// not options of the command: only the schools and years can be out of range here).
fn synth_error(e: &synth::SynthParamError, lang: Lang) -> String {
    use synth::SynthParamError as E;
    match (e, lang) {
        (E::BadSchools(n), Lang::Ru) => {
            format!("--schools: {n} — можно создать от 4 до 100000 школ")
        }
        (E::BadYears(n), Lang::Ru) => format!("--years: {n} — можно создать от 1 до 20 лет"),
        (E::BadSchools(_), Lang::En) => format!("--schools: {e}"),
        (E::BadYears(_), Lang::En) => format!("--years: {e}"),
        (e, _) => e.to_string(),
    }
}
