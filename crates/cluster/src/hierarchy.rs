//! Agglomerative clustering: Ward, average and complete linkage by the
//! nearest-neighbour chain, giving the merge tree in the layout of scipy's
//! `linkage` matrix, and flat groups cut from it.
//!
//! Two engines share the chain. On a matrix of pairwise distances (any of the
//! three linkages) the chain follows scipy's `nn_chain` step by step: the same
//! scan order, the same tie rule (the previous element of the chain wins a
//! tie, else the lowest index), the same Lance–Williams updates; the merges
//! are then sorted by height (stable) and numbered by a union-find exactly as
//! scipy does, so the tree equals scipy's on the same data, ties included. For
//! Ward on many rows the distance matrix would need O(n²) memory, so the
//! vector engine keeps only each cluster's centroid and size (O(n·d), as
//! fastcluster's `linkage_vector`) and computes the Ward distance
//! `sqrt(2·|A|·|B| / (|A| + |B|)) · ‖c_A − c_B‖` on the fly, scanning in
//! parallel.

use ndarray::ArrayView2;

use crate::{check_finite, ClusterError};

/// How the distance between two groups is measured when groups are merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Linkage {
    /// The increase in within-group sum of squares (scipy's `ward`).
    Ward,
    /// The mean distance between members of the two groups (UPGMA).
    Average,
    /// The largest distance between members of the two groups.
    Complete,
}

impl Linkage {
    /// Every linkage.
    pub const ALL: [Linkage; 3] = [Linkage::Ward, Linkage::Average, Linkage::Complete];

    /// The linkage's code, as the config writes it.
    pub fn code(self) -> &'static str {
        match self {
            Linkage::Ward => "ward",
            Linkage::Average => "average",
            Linkage::Complete => "complete",
        }
    }

    /// The linkage of a code.
    pub fn parse(code: &str) -> Option<Linkage> {
        Linkage::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The Lance–Williams update: the distance from cluster `i` to the union
    /// of `x` and `y`, written as scipy writes it.
    fn update(self, d_xi: f64, d_yi: f64, d_xy: f64, nx: usize, ny: usize, ni: usize) -> f64 {
        let (nx, ny, ni) = (nx as f64, ny as f64, ni as f64);
        match self {
            Linkage::Ward => {
                let t = 1.0 / (nx + ny + ni);
                ((ni + nx) * t * d_xi * d_xi + (ni + ny) * t * d_yi * d_yi - ni * t * d_xy * d_xy)
                    .sqrt()
            }
            Linkage::Average => (nx * d_xi + ny * d_yi) / (nx + ny),
            Linkage::Complete => {
                if d_xi > d_yi {
                    d_xi
                } else {
                    d_yi
                }
            }
        }
    }
}

/// One merge of the tree: a row of scipy's linkage matrix. Clusters are
/// numbered as there: rows are `0..n`, the cluster made by merge `m` is `n + m`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Merge {
    /// The smaller of the two cluster numbers merged.
    pub left: usize,
    /// The larger of the two cluster numbers merged.
    pub right: usize,
    /// The linkage distance between them.
    pub height: f64,
    /// Rows in the merged cluster.
    pub size: usize,
}

/// The full merge tree of `leaves` rows: `leaves − 1` merges, by increasing height.
#[derive(Debug, Clone, PartialEq)]
pub struct Dendrogram {
    /// Rows of the data.
    pub leaves: usize,
    /// How the distance between clusters is measured.
    pub linkage: Linkage,
    /// The merges, by increasing height.
    pub merges: Vec<Merge>,
}

impl Dendrogram {
    /// The order in which [`Dendrogram::cut`] undoes merges, as scipy's
    /// `cut_tree` orders them: by height, and among equal heights in reverse
    /// of a breadth-first walk from the root (right child first), so that a
    /// merge always comes after the merges inside it.
    fn cut_order(&self) -> Vec<usize> {
        let n = self.leaves;
        let mut walk = Vec::with_capacity(self.merges.len());
        let mut queue = std::collections::VecDeque::new();
        if !self.merges.is_empty() {
            queue.push_back(self.merges.len() - 1);
        }
        while let Some(m) = queue.pop_front() {
            walk.push(m);
            for child in [self.merges[m].right, self.merges[m].left] {
                if child >= n {
                    queue.push_back(child - n);
                }
            }
        }
        walk.reverse();
        walk.sort_by(|&a, &b| self.merges[a].height.total_cmp(&self.merges[b].height));
        walk
    }

    /// The flat groups left when the tree is cut into `k` groups, as scipy's
    /// `cut_tree` cuts it (the `leaves − k` lowest merges, ties as in
    /// `Dendrogram::cut_order`): each row's group, numbered 0.. by each
    /// group's first row. `k` is clamped to 1..=leaves.
    pub fn cut(&self, k: usize) -> Vec<usize> {
        let n = self.leaves;
        let k = k.clamp(1, n.max(1));
        let mut parent: Vec<usize> = (0..2 * n).collect();
        for m in self.cut_order().into_iter().take(n - k) {
            let merge = &self.merges[m];
            let node = n + m;
            let a = find_root(&mut parent, merge.left);
            let b = find_root(&mut parent, merge.right);
            parent[a] = node;
            parent[b] = node;
        }
        let mut number = vec![usize::MAX; 2 * n];
        let mut next = 0;
        (0..n)
            .map(|i| {
                let root = find_root(&mut parent, i);
                if number[root] == usize::MAX {
                    number[root] = next;
                    next += 1;
                }
                number[root]
            })
            .collect()
    }
}

/// Rows above which Ward runs on vectors instead of a distance matrix: the
/// matrix of 4,096 rows takes 64 MB.
pub const WARD_MATRIX_ROWS: usize = 4096;

/// The merge tree of the rows of `data` (Euclidean distances) by `method`.
/// Ward on more than [`WARD_MATRIX_ROWS`] rows uses the vector engine.
pub fn linkage(data: ArrayView2<f64>, method: Linkage) -> Result<Dendrogram, ClusterError> {
    check_finite(data)?;
    let n = data.nrows();
    if n < 2 {
        return Err(ClusterError::TooFewRows { rows: n, k: 2 });
    }
    let raw = if method == Linkage::Ward && n > WARD_MATRIX_ROWS {
        ward_chain(data)
    } else {
        nn_chain(&mut Matrix::new(data, method))
    };
    Ok(finish(raw, n, method))
}

/// The merge tree by the vector engine for Ward, whatever the number of rows.
pub fn ward_vectors(data: ArrayView2<f64>) -> Result<Dendrogram, ClusterError> {
    check_finite(data)?;
    let n = data.nrows();
    if n < 2 {
        return Err(ClusterError::TooFewRows { rows: n, k: 2 });
    }
    Ok(finish(ward_chain(data), n, Linkage::Ward))
}

/// The chain of Ward merges on centroids, run on a thread of rayon's pool: each scan's two
/// halves are then a cheap `join` of that thread, not a job sent to the pool from outside.
fn ward_chain(data: ArrayView2<f64>) -> Vec<(usize, usize, f64, usize)> {
    rayon::scope(|_| nn_chain(&mut WardVectors::new(data)))
}

/// The clusters an engine keeps; slot `i` starts as row `i`, and a merge of
/// `x < y` puts the union in slot `y`.
trait Clusters {
    /// Rows in each slot's cluster; 0 for a slot merged away.
    fn sizes(&self) -> &[usize];
    fn distance(&self, x: usize, y: usize) -> f64;
    /// The live cluster nearest to `x` (not `x`), as (distance, slot): the
    /// smallest distance, the lowest slot among equals.
    fn nearest(&self, x: usize) -> (f64, usize);
    /// Merges `x` into `y` (`x < y`) at distance `d`.
    fn merge(&mut self, x: usize, y: usize, d: f64);
}

/// The nearest-neighbour chain: merges as (x, y, height, size) by slot, in the order made.
fn nn_chain(c: &mut impl Clusters) -> Vec<(usize, usize, f64, usize)> {
    let n = c.sizes().len();
    let mut merges = Vec::with_capacity(n.saturating_sub(1));
    let mut chain: Vec<usize> = Vec::with_capacity(n);
    for _ in 0..n.saturating_sub(1) {
        if chain.is_empty() {
            if let Some(first) = (0..n).find(|&i| c.sizes()[i] > 0) {
                chain.push(first);
            }
        }
        let (x, y, d) = loop {
            let x = chain[chain.len() - 1];
            let (dmin, nearest) = c.nearest(x);
            // The previous element of the chain wins a tie: then x and it are
            // mutual nearest neighbours and merge.
            if let Some(prev) = chain.len().checked_sub(2).map(|p| chain[p]) {
                let dp = c.distance(x, prev);
                if dmin >= dp {
                    break (x, prev, dp);
                }
            }
            chain.push(nearest);
        };
        chain.truncate(chain.len() - 2);
        let (x, y) = if x > y { (y, x) } else { (x, y) };
        let size = c.sizes()[x] + c.sizes()[y];
        merges.push((x, y, d, size));
        c.merge(x, y, d);
    }
    merges
}

/// Sorts the merges by height (stable) and numbers the clusters as scipy's `label` does.
fn finish(mut raw: Vec<(usize, usize, f64, usize)>, n: usize, linkage: Linkage) -> Dendrogram {
    raw.sort_by(|a, b| a.2.total_cmp(&b.2));
    let mut parent: Vec<usize> = (0..2 * n - 1).collect();
    let mut sizes = vec![1usize; 2 * n - 1];
    let merges = raw
        .into_iter()
        .enumerate()
        .map(|(m, (x, y, height, _))| {
            let a = find_root(&mut parent, x);
            let b = find_root(&mut parent, y);
            let node = n + m;
            parent[a] = node;
            parent[b] = node;
            sizes[node] = sizes[a] + sizes[b];
            Merge {
                left: a.min(b),
                right: a.max(b),
                height,
                size: sizes[node],
            }
        })
        .collect();
    Dendrogram {
        leaves: n,
        linkage,
        merges,
    }
}

/// The root of `x` in a union-find forest (`parent[r] == r` at a root);
/// paths are compressed on the way. The merge tree's forest has a merged
/// cluster's two roots point to the merge's node.
pub fn find_root(parent: &mut [usize], mut x: usize) -> usize {
    let mut root = x;
    while parent[root] != root {
        root = parent[root];
    }
    while parent[x] != root {
        let next = parent[x];
        parent[x] = root;
        x = next;
    }
    root
}

/// Index of (i, j), i ≠ j, in a condensed distance matrix of n rows.
fn condensed(n: usize, i: usize, j: usize) -> usize {
    let (i, j) = if i < j { (i, j) } else { (j, i) };
    n * i - i * (i + 1) / 2 + (j - i - 1)
}

/// Clusters with a condensed matrix of the distances between them.
struct Matrix {
    n: usize,
    d: Vec<f64>,
    size: Vec<usize>,
    method: Linkage,
}

impl Matrix {
    fn new(data: ArrayView2<f64>, method: Linkage) -> Matrix {
        let n = data.nrows();
        let mut d = Vec::with_capacity(n * (n - 1) / 2);
        for i in 0..n {
            let a = data.row(i);
            for j in i + 1..n {
                let b = data.row(j);
                let s: f64 = a.iter().zip(b.iter()).map(|(p, q)| (p - q) * (p - q)).sum();
                d.push(s.sqrt());
            }
        }
        Matrix {
            n,
            d,
            size: vec![1; n],
            method,
        }
    }
}

impl Clusters for Matrix {
    fn sizes(&self) -> &[usize] {
        &self.size
    }
    fn distance(&self, x: usize, y: usize) -> f64 {
        self.d[condensed(self.n, x, y)]
    }
    fn nearest(&self, x: usize) -> (f64, usize) {
        let mut best = (f64::INFINITY, usize::MAX);
        for i in 0..self.n {
            if self.size[i] == 0 || i == x {
                continue;
            }
            let d = self.d[condensed(self.n, x, i)];
            if d < best.0 {
                best = (d, i);
            }
        }
        best
    }
    fn merge(&mut self, x: usize, y: usize, dxy: f64) {
        let (nx, ny) = (self.size[x], self.size[y]);
        self.size[x] = 0;
        self.size[y] = nx + ny;
        for i in 0..self.n {
            let ni = self.size[i];
            if ni == 0 || i == y {
                continue;
            }
            let (ix, iy) = (condensed(self.n, i, x), condensed(self.n, i, y));
            self.d[iy] = self.method.update(self.d[ix], self.d[iy], dxy, nx, ny, ni);
        }
    }
}

/// Ward clusters as centroids and sizes, the live ones packed together so
/// that a scan reads memory in order.
struct WardVectors {
    dim: usize,
    /// Rows in each slot's cluster (0 once merged away).
    size: Vec<usize>,
    /// Centroids of the live clusters, row-major by position.
    centroids: Vec<f64>,
    /// Sizes of the live clusters by position, as numbers.
    weights: Vec<f64>,
    /// The slot at each position.
    live: Vec<usize>,
    /// The position of each live slot.
    at: Vec<usize>,
}

/// Live clusters above which a scan is split between two threads (below, the split costs more
/// than it saves).
const SPLIT_ABOVE: usize = 2048;

impl WardVectors {
    fn new(data: ArrayView2<f64>) -> WardVectors {
        let n = data.nrows();
        WardVectors {
            dim: data.ncols(),
            size: vec![1; n],
            centroids: data.iter().copied().collect(),
            weights: vec![1.0; n],
            live: (0..n).collect(),
            at: (0..n).collect(),
        }
    }

    fn centroid(&self, p: usize) -> &[f64] {
        &self.centroids[p * self.dim..(p + 1) * self.dim]
    }
}

/// One scan of [`WardVectors::nearest`]: the live clusters `from..to` against
/// the cluster at `px`, compiled for the processor's vector instructions.
struct Scan<'a> {
    ward: &'a WardVectors,
    px: usize,
    from: usize,
    to: usize,
}

impl pulp::WithSimd for Scan<'_> {
    type Output = (f64, f64, usize);
    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) -> Self::Output {
        let Scan { ward, px, from, to } = self;
        let (cx, nx) = (ward.centroid(px), ward.weights[px]);
        let mut best = (f64::INFINITY, 1.0, usize::MAX);
        for p in from..to {
            if p == px {
                continue;
            }
            let n = ward.weights[p];
            // Given up once the partial sum alone loses to the best so far (exact: the
            // full sum could only lose by more).
            let (bs, bn, by) = best;
            let loses = |s: f64| by != usize::MAX && s * n * (nx + bn) > bs * bn * (nx + n);
            if let Some(s) = crate::sq_lanes_unless(cx, ward.centroid(p), loses) {
                best = better(nx, best, (s, n, ward.live[p]));
            }
        }
        best
    }
}

/// The better of two candidates (s, n, slot) for the nearest cluster to one of
/// weight `nx`: the Ward distance to y is 2·nx·f with f = s·ny / (nx + ny); f_a < f_b
/// is compared as s_a·n_a·(nx + n_b) < s_b·n_b·(nx + n_a), without division; equal
/// distances go to the lower slot, and any candidate beats none (slot `usize::MAX`).
fn better(nx: f64, a: (f64, f64, usize), b: (f64, f64, usize)) -> (f64, f64, usize) {
    let (lhs, rhs) = (b.0 * b.1 * (nx + a.1), a.0 * a.1 * (nx + b.1));
    if a.2 == usize::MAX || lhs < rhs || (lhs == rhs && b.2 < a.2) {
        b
    } else {
        a
    }
}

impl Clusters for WardVectors {
    fn sizes(&self) -> &[usize] {
        &self.size
    }
    fn distance(&self, x: usize, y: usize) -> f64 {
        let (px, py) = (self.at[x], self.at[y]);
        let s = crate::sq_lanes(self.centroid(px), self.centroid(py));
        let (nx, ny) = (self.weights[px], self.weights[py]);
        (2.0 * nx * ny / (nx + ny) * s).sqrt()
    }
    fn nearest(&self, x: usize) -> (f64, usize) {
        let px = self.at[x];
        let nx = self.weights[px];
        let scan = |from: usize, to: usize| {
            pulp::Arch::new().dispatch(Scan {
                ward: self,
                px,
                from,
                to,
            })
        };
        let live = self.live.len();
        let (s, ny, y) = if live > SPLIT_ABOVE {
            // One half per thread: a task each costs less than many small ones, and the
            // halves' bests compare as one scan's would (ties to the lower slot).
            let half = live / 2;
            let (a, b) = rayon::join(|| scan(0, half), || scan(half, live));
            better(nx, a, b)
        } else {
            scan(0, live)
        };
        ((2.0 * nx * ny / (nx + ny) * s).sqrt(), y)
    }
    fn merge(&mut self, x: usize, y: usize, _d: f64) {
        let (px, py) = (self.at[x], self.at[y]);
        let (nx, ny) = (self.weights[px], self.weights[py]);
        let dim = self.dim;
        for k in 0..dim {
            let cx = self.centroids[px * dim + k];
            let cy = &mut self.centroids[py * dim + k];
            *cy = (nx * cx + ny * *cy) / (nx + ny);
        }
        self.weights[py] = nx + ny;
        self.size[y] += self.size[x];
        self.size[x] = 0;
        // The last live cluster takes x's position.
        let last = self.live.len() - 1;
        if px != last {
            self.centroids
                .copy_within(last * dim..(last + 1) * dim, px * dim);
            self.weights[px] = self.weights[last];
            self.live[px] = self.live[last];
            self.at[self.live[px]] = px;
        }
        self.centroids.truncate(last * dim);
        self.weights.truncate(last);
        self.live.truncate(last);
    }
}

#[cfg(test)]
mod tests {
    use ndarray::array;

    use super::*;

    /// A scan compiled for the processor's vector instructions (AVX2 where it has them) finds
    /// what the one compiled for any x86-64 finds, to the digit.
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn the_vector_scan_gives_the_digits_of_the_baseline_scan() {
        use pulp::Simd;
        if !std::arch::is_x86_feature_detected!("avx2") {
            eprintln!("NOTE: no AVX2 on this processor: the baseline scan is compared with itself");
        }
        let data = ndarray::Array2::from_shape_fn((300, 9), |(i, j)| {
            ((i * 7919 + j * 104_729) % 1000) as f64 / 37.0
        });
        let ward = WardVectors::new(data.view());
        for px in 0..300 {
            let scan = || Scan {
                ward: &ward,
                px,
                from: 0,
                to: 300,
            };
            let (v, b) = (
                pulp::Arch::new().dispatch(scan()),
                pulp::Scalar::new().vectorize(scan()),
            );
            assert_eq!((v.0.to_bits(), v.2), (b.0.to_bits(), b.2), "row {px}");
        }
    }

    #[test]
    fn merges_of_a_line_are_hand_computable() {
        // Rows at 0, 1, 3, 7 on a line.
        let data = array![[0.0], [1.0], [3.0], [7.0]];
        let complete = linkage(data.view(), Linkage::Complete).expect("tree");
        let rows: Vec<(usize, usize, f64, usize)> = complete
            .merges
            .iter()
            .map(|m| (m.left, m.right, m.height, m.size))
            .collect();
        // {0,1} at 1; {0,1,2} at max(3, 2) = 3; then 7 at max(7, 6, 4) = 7.
        assert_eq!(rows, [(0, 1, 1.0, 2), (2, 4, 3.0, 3), (3, 5, 7.0, 4)]);
        let average = linkage(data.view(), Linkage::Average).expect("tree");
        // {0,1,2} at (3 + 2) / 2; 7 at (7 + 6 + 4) / 3.
        assert_eq!(average.merges[1].height, 2.5);
        assert!((average.merges[2].height - 17.0 / 3.0).abs() < 1e-12);
        // Ward: {0,1} at 1; 3 joins at sqrt(2·2·1/3)·|3 − 0.5| = sqrt(4/3)·2.5.
        let ward = linkage(data.view(), Linkage::Ward).expect("tree");
        assert!((ward.merges[1].height - (4.0f64 / 3.0).sqrt() * 2.5).abs() < 1e-12);
        assert_eq!(ward.cut(2), [0, 0, 0, 1]);
        assert_eq!(ward.cut(3), [0, 0, 1, 2]);
        assert_eq!(ward.cut(1), [0; 4]);
        assert_eq!(ward.cut(9), [0, 1, 2, 3]);
    }

    #[test]
    fn the_vector_engine_gives_the_matrix_engines_ward_tree() {
        let data = crate::scattered(80);
        let matrix = linkage(data.view(), Linkage::Ward).expect("tree");
        let vectors = ward_vectors(data.view()).expect("tree");
        for (a, b) in matrix.merges.iter().zip(&vectors.merges) {
            assert_eq!((a.left, a.right, a.size), (b.left, b.right, b.size));
            assert!((a.height - b.height).abs() <= 1e-9 * a.height.max(1e-300));
        }
    }

    #[test]
    fn the_vector_engine_split_in_two_halves_gives_the_matrix_engines_tree_too() {
        // Above SPLIT_ABOVE live clusters each scan is split between two threads; in 9
        // columns a distance is given up on after 4 or 8 of them.
        let n = SPLIT_ABOVE + 300;
        let base = crate::scattered(n);
        let data = ndarray::Array2::from_shape_fn((n, 9), |(i, j)| {
            base[[i, j % 3]] * (1.0 + j as f64 / 7.0) + (j / 3) as f64 * base[[(i * 7 + j) % n, 0]]
        });
        let matrix = linkage(data.view(), Linkage::Ward).expect("tree");
        let vectors = ward_vectors(data.view()).expect("tree");
        for (a, b) in matrix.merges.iter().zip(&vectors.merges) {
            assert_eq!((a.left, a.right, a.size), (b.left, b.right, b.size));
            assert!((a.height - b.height).abs() <= 1e-9 * a.height.max(1e-300));
        }
    }

    #[test]
    fn degenerate_input_is_refused() {
        assert_eq!(
            linkage(array![[1.0]].view(), Linkage::Ward),
            Err(ClusterError::TooFewRows { rows: 1, k: 2 })
        );
        assert_eq!(
            linkage(array![[1.0], [f64::INFINITY]].view(), Linkage::Average),
            Err(ClusterError::NonFinite { row: 1, column: 0 })
        );
        // Identical rows merge at height 0.
        let same = linkage(
            ndarray::Array2::from_elem((4, 2), 3.0).view(),
            Linkage::Ward,
        )
        .expect("tree");
        assert!(same.merges.iter().all(|m| m.height == 0.0));
    }
}
