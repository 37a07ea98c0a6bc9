//! K-means over generated districts: the features of a synthetic district are
//! built outside the timed part; only peer-group formation is timed.
// criterion_main! generates an undocumented `main`.
#![allow(missing_docs)]

use cluster::{choose_k, kmeans, KMeansParams, KSelectionParams};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

fn context_matrix(schools: usize) -> ndarray::Array2<f64> {
    benches::context_matrix(&benches::profiles(&benches::district(schools, 1)))
}

fn bench_kmeans(c: &mut Criterion) {
    let mut group = c.benchmark_group("kmeans_k6");
    for schools in [30, 300, 3000] {
        let data = context_matrix(schools);
        let params = KMeansParams::new(6).seed(1).check().expect("valid");
        group.bench_with_input(BenchmarkId::from_parameter(schools), &data, |b, data| {
            b.iter(|| kmeans(data.view(), &params).expect("grouping"))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("choose_k");
    group.sample_size(10);
    for schools in [30, 300] {
        let data = context_matrix(schools);
        let params = KSelectionParams::default().seed(1).check().expect("valid");
        group.bench_with_input(BenchmarkId::from_parameter(schools), &data, |b, data| {
            b.iter(|| choose_k(data.view(), &params).expect("selection"))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_kmeans);
criterion_main!(benches);
