//! The cluster crate against scipy and scikit-learn: reference results made by
//! benches/compare/make_reference.py and stored in tests/reference/.

use std::path::PathBuf;

use cluster::{kmeans, linkage, Dendrogram, KMeansParams, Linkage};
use ndarray::Array2;

fn reference(file: &str) -> Vec<Vec<String>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/reference")
        .join(file);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect()
}

fn data(name: &str) -> Array2<f64> {
    let rows = reference(&format!("{name}.data.csv"));
    let d = rows[0].len();
    let values: Vec<f64> = rows
        .iter()
        .flatten()
        .map(|v| v.parse().expect("a number"))
        .collect();
    Array2::from_shape_vec((rows.len(), d), values).expect("rectangular")
}

/// Labels renumbered by first appearance, so that two labellings of one partition are equal.
fn canonical(labels: &[usize]) -> Vec<usize> {
    let mut seen: Vec<usize> = Vec::new();
    labels
        .iter()
        .map(|l| match seen.iter().position(|s| s == l) {
            Some(p) => p,
            None => {
                seen.push(*l);
                seen.len() - 1
            }
        })
        .collect()
}

/// The tree of `method` on data set `name` equals scipy's: the same merges in
/// the same order, heights within 1e-9 relative, and the same flat groups for k = 2..6.
fn check(name: &str, method: Linkage) {
    let tree: Dendrogram = linkage(data(name).view(), method).expect("a tree");
    let expected = reference(&format!("{name}.{}.linkage.csv", method.code()));
    assert_eq!(tree.merges.len(), expected.len());
    for (m, (got, want)) in tree.merges.iter().zip(&expected).enumerate() {
        let parse = |i: usize| -> usize { want[i].parse().expect("an index") };
        let height: f64 = want[2].parse().expect("a height");
        assert_eq!(
            (got.left, got.right, got.size),
            (parse(0), parse(1), parse(3)),
            "{name} {method:?}: merge {m}"
        );
        assert!(
            (got.height - height).abs() <= 1e-9 * height.abs().max(f64::MIN_POSITIVE),
            "{name} {method:?}: merge {m} at {} instead of {height}",
            got.height
        );
    }
    for row in reference(&format!("{name}.{}.cut.csv", method.code())) {
        let k: usize = row[0].parse().expect("k");
        let want: Vec<usize> = row[1..]
            .iter()
            .map(|v| v.parse().expect("a label"))
            .collect();
        assert_eq!(
            canonical(&tree.cut(k)),
            canonical(&want),
            "{name} {method:?}: cut at {k}"
        );
    }
}

#[test]
fn ward_average_and_complete_equal_scipy_on_blobs() {
    for method in Linkage::ALL {
        check("blobs", method);
    }
}

#[test]
fn ward_average_and_complete_equal_scipy_on_a_grid_of_tied_distances() {
    for method in Linkage::ALL {
        check("grid", method);
    }
}

#[test]
fn ward_average_and_complete_equal_scipy_on_a_district() {
    for method in Linkage::ALL {
        check("district", method);
    }
}

#[test]
fn ward_on_vectors_equals_scipy_on_5200_rows() {
    assert!(data("large").nrows() > cluster::WARD_MATRIX_ROWS);
    check("large", Linkage::Ward);
}

#[test]
fn kmeans_inertia_is_no_worse_than_scikit_learns_best_of_ten() {
    for row in reference("kmeans.csv") {
        let (name, k): (&str, usize) = (&row[0], row[1].parse().expect("k"));
        let sklearn: f64 = row[2].parse().expect("inertia");
        let params = KMeansParams::new(k).seed(0).check().expect("valid");
        let ours = kmeans(data(name).view(), &params).expect("grouping");
        assert!(
            ours.inertia <= sklearn * (1.0 + 1e-9),
            "{name}, k = {k}: inertia {} against scikit-learn's {sklearn}",
            ours.inertia
        );
    }
}

#[test]
fn kmeans_ends_at_a_fixed_point_of_lloyds_iteration() {
    for name in ["blobs", "district", "large"] {
        let x = data(name);
        for k in [3, 4, 6] {
            let params = KMeansParams::new(k).seed(7).check().expect("valid");
            let ours = kmeans(x.view(), &params).expect("grouping");
            // Every row is in the group of its nearest centroid.
            for (i, &g) in ours.labels.iter().enumerate() {
                let own = cluster::sq_dist(x.row(i), ours.centroids.row(g));
                for h in 0..ours.k {
                    assert!(
                        own <= cluster::sq_dist(x.row(i), ours.centroids.row(h)) + 1e-9,
                        "{name}, k = {k}: row {i}"
                    );
                }
            }
        }
    }
}
