//! `schoolpeers generate`: a synthetic district in the input format, with its truth.

use std::path::Path;

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
    print_written(&written, console);
    Ok(())
}
