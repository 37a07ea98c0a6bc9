//! Each stage of the run on generated districts of 30, 300 and 3,000 schools
//! (3 years of student-level results): ingest (the files read and validated),
//! features, the choice of k, the stability of the groups, nearest peers and
//! pairing. Each stage's input is built outside the timed part; seeds are fixed.
// criterion_main! generates an undocumented `main`.
#![allow(missing_docs)]

use cluster::{KSelectionParams, STABILITY_DRAWS};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

const SIZES: [usize; 3] = [30, 300, 3000];
const YEARS: usize = 3;

fn bench_ingest(c: &mut Criterion) {
    let mut group = c.benchmark_group("ingest");
    group.sample_size(10);
    for schools in SIZES {
        let dir = tempfile::tempdir().expect("temp dir");
        benches::write_district(dir.path(), schools, YEARS);
        let options = ingest::ReadOptions::default();
        group.bench_with_input(BenchmarkId::from_parameter(schools), &dir, |b, dir| {
            b.iter(|| ingest::read_district(dir.path(), &options).expect("a valid district"))
        });
    }
    group.finish();
}

fn bench_features(c: &mut Criterion) {
    let mut group = c.benchmark_group("features");
    group.sample_size(10);
    for schools in SIZES {
        let district = benches::district(schools, YEARS);
        group.bench_with_input(
            BenchmarkId::from_parameter(schools),
            &district,
            |b, district| b.iter(|| benches::profiles(district)),
        );
    }
    group.finish();
}

fn bench_grouping(c: &mut Criterion) {
    let params = KSelectionParams::default().seed(1).check().expect("valid");
    let inputs: Vec<_> = SIZES
        .iter()
        .map(|&schools| {
            let profiles = benches::profiles(&benches::district(schools, YEARS));
            let matrix = benches::context_matrix(&profiles);
            (schools, profiles.parts(), matrix)
        })
        .collect();

    let mut group = c.benchmark_group("k_selection");
    group.sample_size(10);
    for (schools, parts, matrix) in &inputs {
        group.bench_with_input(BenchmarkId::from_parameter(schools), matrix, |b, m| {
            b.iter(|| cluster::choose_k_within(m.view(), parts, &params).expect("selection"))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("stability");
    group.sample_size(10);
    for (schools, parts, matrix) in &inputs {
        let labels = cluster::choose_k_within(matrix.view(), parts, &params)
            .expect("selection")
            .chosen
            .labels;
        group.bench_with_input(BenchmarkId::from_parameter(schools), matrix, |b, m| {
            b.iter(|| {
                cluster::stability(m.view(), parts, &labels, &params, STABILITY_DRAWS)
                    .expect("stability")
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("nearest_peers");
    for (schools, parts, matrix) in &inputs {
        group.bench_with_input(BenchmarkId::from_parameter(schools), matrix, |b, m| {
            b.iter(|| cluster::nearest_peers(m.view(), parts, 5).expect("peers"))
        });
    }
    group.finish();
}

fn bench_pairing(c: &mut Criterion) {
    let params = KSelectionParams::default().seed(1).check().expect("valid");
    let advise_params = advise::AdviseParams::default().check().expect("valid");
    let mut group = c.benchmark_group("pairing");
    group.sample_size(10);
    for schools in SIZES {
        let district = benches::district(schools, YEARS);
        let profiles = benches::profiles(&district);
        let matrix = benches::context_matrix(&profiles);
        let labels = cluster::choose_k_within(matrix.view(), &profiles.parts(), &params)
            .expect("selection")
            .chosen
            .labels;
        let input = cli::adapter::advise_input(
            &district,
            &ingest::AdviseSettings::default(),
            &profiles,
            &labels,
            &matrix,
        )
        .expect("advise input");
        group.bench_with_input(
            BenchmarkId::from_parameter(schools),
            &input.schools,
            |b, s| b.iter(|| advise::advise(s, &advise_params).expect("advice")),
        );
    }
    group.finish();
}

criterion_group!(
    benches,
    bench_ingest,
    bench_features,
    bench_grouping,
    bench_pairing
);
criterion_main!(benches);
