//! The clustering core at scale: k-means (k = 6, 10 runs) and Ward at 1,000,
//! 10,000 and 40,000 rows in 20 dimensions, on blobs around 6 centres.
//! benches/compare/compare.py runs scikit-learn and fastcluster on data of
//! the same shape and prints the ratios.
// criterion_main! generates an undocumented `main`.
#![allow(missing_docs)]

use cluster::{kmeans, linkage, KMeansParams, Linkage};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use ndarray::Array2;

/// A deterministic stream of numbers in [0, 1) (splitmix64).
struct Stream(u64);

impl Stream {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Roughly standard normal: the sum of 12 uniforms, centred.
    fn normal(&mut self) -> f64 {
        (0..12).map(|_| self.next()).sum::<f64>() - 6.0
    }
}

/// `n` rows in `d` dimensions around 6 centres spread 5 apart.
fn blobs(n: usize, d: usize) -> Array2<f64> {
    let mut s = Stream(2026);
    let centres: Vec<f64> = (0..6 * d).map(|_| 5.0 * s.normal()).collect();
    Array2::from_shape_fn((n, d), |(i, j)| centres[(i % 6) * d + j] + s.normal())
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("kmeans_k6_d20");
    group.sample_size(10);
    for n in [1_000, 10_000, 40_000] {
        let data = blobs(n, 20);
        let params = KMeansParams::new(6).seed(0).check().expect("valid");
        group.bench_with_input(BenchmarkId::from_parameter(n), &data, |b, data| {
            b.iter(|| kmeans(data.view(), &params).expect("grouping"))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("ward_d20");
    group.sample_size(10);
    for n in [1_000, 10_000, 40_000] {
        let data = blobs(n, 20);
        group.bench_with_input(BenchmarkId::from_parameter(n), &data, |b, data| {
            b.iter(|| linkage(data.view(), Linkage::Ward).expect("tree"))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
