//! K-means++ seeding: the greedy variant scikit-learn uses, its candidates
//! measured several in one pass over the rows and rows out of their reach left
//! unmeasured; the same centres as one candidate measured at a time.

use rand::Rng;
use rand_xoshiro::Xoshiro256Plus;

use super::Rows;
use crate::sq_lanes as sq;

/// Greedy k-means++ (Arthur and Vassilvitskii, with scikit-learn's
/// `2 + ln k` candidates per step, the one lowering the potential most kept):
/// `k` centres, row-major, and each row's nearest of them.
#[inline(always)]
pub(super) fn plus_plus(rows: &Rows, k: usize, rng: &mut Xoshiro256Plus) -> Start {
    let (n, d) = (rows.n, rows.d);
    let trials = 2 + (k as f64).ln().floor() as usize;
    let mut centres = Vec::with_capacity(k * d);
    let first = rng.gen_range(0..n);
    centres.extend_from_slice(rows.row(first));
    let mut closest: Vec<f64> = (0..n).map(|i| sq(rows.row(i), rows.row(first))).collect();
    // Each row's nearest centre so far: the first assignment of Lloyd's iterations.
    let mut nearest = vec![0usize; n];
    let mut potential: f64 = closest.iter().sum();
    let mut cumulative = vec![0.0; n];
    // Each candidate's distances, the buffers kept from step to step.
    let mut next = vec![vec![0.0; n]; trials];
    for placed in 1..k {
        let mut acc = 0.0;
        for (c, v) in cumulative.iter_mut().zip(&closest) {
            acc += v;
            *c = acc;
        }
        let candidates: Vec<usize> = (0..trials)
            .map(|_| draw(&cumulative, potential, rng))
            .collect();
        let known = Known {
            rows,
            centres: &centres,
            closest: &closest,
            nearest: &nearest,
        };
        let pots = measure(&known, &candidates, &mut next);
        // The lowest potential, the first on ties.
        let best = (1..trials).fold(0, |b, t| if pots[t] < pots[b] { t } else { b });
        centres.extend_from_slice(rows.row(candidates[best]));
        for (a, (v, u)) in nearest.iter_mut().zip(next[best].iter().zip(&closest)) {
            if v < u {
                *a = placed;
            }
        }
        std::mem::swap(&mut closest, &mut next[best]);
        potential = pots[best];
    }
    Start {
        centres,
        nearest,
        closest,
    }
}

/// A row drawn with probability proportional to its squared distance (from the
/// running sums of the distances and their total); any row when all distances are 0.
fn draw(cumulative: &[f64], potential: f64, rng: &mut Xoshiro256Plus) -> usize {
    let n = cumulative.len();
    match potential > 0.0 {
        true => {
            let target = rng.gen::<f64>() * potential;
            cumulative.partition_point(|&c| c <= target).min(n - 1)
        }
        false => rng.gen_range(0..n),
    }
}

/// The candidates measured at most this many in one pass over the rows: a row
/// read once serves them all, their sums running side by side.
const PER_PASS: usize = 4;

/// What the seeding knows before a step: the rows, the centres placed (row-major)
/// and each row's nearest of them and squared distance to it.
struct Known<'a> {
    rows: &'a Rows,
    centres: &'a [f64],
    closest: &'a [f64],
    nearest: &'a [usize],
}

/// The potential (the sum over the rows of the squared distance to the nearest
/// centre) each candidate would leave, each row's distance in `next` (one
/// buffer per candidate); each sum taken in the rows' order, as one candidate
/// at a time would.
#[inline(always)]
fn measure(known: &Known<'_>, candidates: &[usize], next: &mut [Vec<f64>]) -> Vec<f64> {
    let mut pots = Vec::with_capacity(candidates.len());
    for (cs, out) in candidates.chunks(PER_PASS).zip(next.chunks_mut(PER_PASS)) {
        match (cs, out) {
            ([a, b, c, e], [oa, ob, oc, oe]) => {
                pots.extend(pass(known, [*a, *b, *c, *e], [oa, ob, oc, oe]))
            }
            ([a, b, c], [oa, ob, oc]) => pots.extend(pass(known, [*a, *b, *c], [oa, ob, oc])),
            ([a, b], [oa, ob]) => pots.extend(pass(known, [*a, *b], [oa, ob])),
            (cs, out) => {
                for (c, o) in cs.iter().zip(out) {
                    pots.extend(pass(known, [*c], [o]));
                }
            }
        }
    }
    pots
}

/// [`measure`] of `M` candidates in one pass over the rows. A row nearest to
/// centre `j` cannot be nearer to a candidate `c` when 4·|x − c_j|² ≤ |c − c_j|²
/// (the triangle inequality: |x − c| ≥ |c − c_j| − |x − c_j| ≥ |x − c_j|, as in
/// the accelerated k-means++ seedings), less a margin of 10⁻⁹ for rounding; a
/// row out of every candidate's reach keeps its distance unmeasured, which is
/// the value measuring would give.
#[inline(always)]
fn pass<const M: usize>(
    known: &Known<'_>,
    candidates: [usize; M],
    out: [&mut Vec<f64>; M],
) -> [f64; M] {
    let rows = known.rows;
    let cs = candidates.map(|c| rows.row(c));
    let reach: [Vec<f64>; M] = cs.map(|c| reach(known.centres, c));
    let mut pots = [0.0; M];
    for (i, (&u, &j)) in known.closest.iter().zip(known.nearest).enumerate() {
        if reach.iter().all(|r| u <= r[j]) {
            for t in 0..M {
                out[t][i] = u;
                pots[t] += u;
            }
            continue;
        }
        let x = rows.row(i);
        for t in 0..M {
            let v = u.min(sq(x, cs[t]));
            out[t][i] = v;
            pots[t] += v;
        }
    }
    pots
}

/// For each centre placed (row-major), the squared distance to it below which
/// a row nearest to it cannot be nearer to the candidate `c`: a quarter of
/// |c − c_j|², less the margin for rounding.
fn reach(centres: &[f64], c: &[f64]) -> Vec<f64> {
    (centres.chunks_exact(c.len()))
        .map(|cj| sq(cj, c) * 0.25 * (1.0 - 1e-9))
        .collect()
}

/// Where Lloyd's iterations start: the centres, and each row's nearest centre
/// and its squared distance (the seeding computed them on the way).
pub(super) struct Start {
    pub(super) centres: Vec<f64>,
    pub(super) nearest: Vec<usize>,
    pub(super) closest: Vec<f64>,
}

#[cfg(test)]
mod tests {
    use ndarray::Array2;
    use rand::SeedableRng;

    use super::*;

    /// The seeding as first written: each candidate measured alone, every row measured.
    fn one_at_a_time(rows: &Rows, k: usize, rng: &mut Xoshiro256Plus) -> Start {
        let (n, d) = (rows.n, rows.d);
        let trials = 2 + (k as f64).ln().floor() as usize;
        let first = rng.gen_range(0..n);
        let mut centres = rows.row(first).to_vec();
        let mut closest: Vec<f64> = (0..n).map(|i| sq(rows.row(i), rows.row(first))).collect();
        let mut nearest = vec![0usize; n];
        let mut potential: f64 = closest.iter().sum();
        for placed in 1..k {
            let cumulative: Vec<f64> = (closest.iter())
                .scan(0.0, |acc, v| {
                    *acc += v;
                    Some(*acc)
                })
                .collect();
            let mut best: Option<(f64, usize, Vec<f64>)> = None;
            for _ in 0..trials {
                let candidate = draw(&cumulative, potential, rng);
                let c = rows.row(candidate);
                let next: Vec<f64> = (0..n).map(|i| closest[i].min(sq(rows.row(i), c))).collect();
                let pot: f64 = next.iter().sum();
                if best.as_ref().is_none_or(|b| pot < b.0) {
                    best = Some((pot, candidate, next));
                }
            }
            let (pot, candidate, next) = best.expect("two trials at least");
            centres.extend_from_slice(rows.row(candidate));
            for i in 0..n {
                if next[i] < closest[i] {
                    nearest[i] = placed;
                }
            }
            (closest, potential) = (next, pot);
        }
        assert_eq!(centres.len(), k * d);
        Start {
            centres,
            nearest,
            closest,
        }
    }

    /// `n` rows in `d` columns around `blobs` centres far apart, some rows repeated.
    fn clumps(n: usize, d: usize, blobs: usize, rng: &mut Xoshiro256Plus) -> Rows {
        let centres: Vec<f64> = (0..blobs * d).map(|_| rng.gen_range(-40.0..40.0)).collect();
        let mut x = Vec::with_capacity(n * d);
        for i in 0..n {
            match i % 7 == 6 {
                true => x.extend_from_within((i - 1) * d..i * d),
                false => {
                    let b = rng.gen_range(0..blobs);
                    x.extend((0..d).map(|j| centres[b * d + j] + rng.gen_range(-1.0..1.0)));
                }
            }
        }
        Rows::new(Array2::from_shape_vec((n, d), x).expect("n × d").view())
    }

    #[test]
    fn the_centres_are_those_of_one_candidate_measured_at_a_time() {
        let mut data_rng = Xoshiro256Plus::seed_from_u64(11);
        // k from 2 to 30: 2 to 5 candidates a step (4 and 1 in two passes at 5).
        for (case, k) in (2..=30).enumerate() {
            let d = 1 + case % 9;
            let rows = clumps(40 + 13 * case, d, 1 + case % 6, &mut data_rng);
            let (mut a, mut b) = (
                Xoshiro256Plus::seed_from_u64(case as u64),
                Xoshiro256Plus::seed_from_u64(case as u64),
            );
            let (fast, plain) = (plus_plus(&rows, k, &mut a), one_at_a_time(&rows, k, &mut b));
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(
                bits(&fast.centres),
                bits(&plain.centres),
                "k = {k}, d = {d}"
            );
            assert_eq!(
                bits(&fast.closest),
                bits(&plain.closest),
                "k = {k}, d = {d}"
            );
            assert_eq!(fast.nearest, plain.nearest, "k = {k}, d = {d}");
            assert_eq!(a.gen::<u64>(), b.gen::<u64>(), "as many draws, k = {k}");
        }
    }

    #[test]
    fn rows_near_a_centre_are_out_of_reach_of_a_far_candidate() {
        // Two clumps far apart: once a centre is in the first, the second's
        // candidate cannot be nearer to any row of the first, and none is measured.
        let mut rng = Xoshiro256Plus::seed_from_u64(3);
        let rows = clumps(200, 4, 2, &mut rng);
        let first = rows.row(0);
        let far = (0..rows.n)
            .map(|i| rows.row(i))
            .find(|r| sq(r, first) > 100.0)
            .expect("a row of the other clump");
        let limit = reach(first, far)[0];
        let near = (0..rows.n)
            .filter(|&i| sq(rows.row(i), first) <= limit)
            .count();
        assert!(near >= 50, "{near} rows out of the candidate's reach");
        // A row exactly halfway is not: its distance to either is the same.
        let half: Vec<f64> = first.iter().zip(far).map(|(a, b)| (a + b) / 2.0).collect();
        assert!(sq(&half, first) > limit);
    }
}
