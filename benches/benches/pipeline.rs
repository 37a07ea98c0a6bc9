//! The whole run, as `schoolpeers run` does it (files read, every output
//! written, charts included), on generated districts of 30, 300 and 3,000
//! schools with 3 years of student-level results. The files are written
//! outside the timed part; each iteration writes into the same output folder.
// criterion_main! generates an undocumented `main`.
#![allow(missing_docs)]

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

fn bench_run(c: &mut Criterion) {
    let console = cli::console::Console {
        quiet: true,
        ..cli::console::Console::new(model::Lang::Ru)
    };
    let mut group = c.benchmark_group("run");
    group.sample_size(10);
    for schools in [30, 300, 3000] {
        let data = tempfile::tempdir().expect("temp dir");
        benches::write_district(data.path(), schools, 3);
        let out = tempfile::tempdir().expect("temp dir");
        let settings = cli::settings::Settings::new(42);
        group.bench_with_input(BenchmarkId::from_parameter(schools), &data, |b, data| {
            b.iter(|| {
                cli::commands::run(data.path(), out.path(), &settings, &console).expect("a run")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_run);
criterion_main!(benches);
