//! Inputs the benches share, built outside the timed part: synthetic
//! districts, as the analyst's files or in memory, their indicators and the
//! matrix of conditions the schools are grouped on.

use std::path::Path;

use ndarray::Array2;

/// A synthetic district of `schools` schools and `years` years of results
/// (seed 7), in memory.
pub fn district(schools: usize, years: usize) -> model::District {
    let params = synth::SynthParams::new(schools, years)
        .seed(7)
        .check()
        .expect("valid synth params");
    synth::generate(&params).district
}

/// The same district written as the analyst's files (schools, staff, exams,
/// olympiads) into `dir`, as `schoolpeers generate` writes it.
pub fn write_district(dir: &Path, schools: usize, years: usize) {
    report::write_district(dir, &district(schools, years)).expect("district written");
}

/// The schools' indicators with the default settings.
pub fn profiles(district: &model::District) -> features::Profiles {
    let params = features::FeatureParams::default()
        .check()
        .expect("default settings");
    features::build(district, &params).expect("features of a generated district")
}

/// The context indicators of the ranked schools, a row per school, as the run builds them.
pub fn context_matrix(profiles: &features::Profiles) -> Array2<f64> {
    cli::adapter::context_matrix(profiles).expect("row-major matrix")
}
