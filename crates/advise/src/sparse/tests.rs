//! The sparse assignment against brute force on small random instances.

use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use super::*;

/// Every assignment (a column or none per row) within the candidates and capacities.
fn every_assignment(
    candidates: &[Vec<Candidate>],
    capacity: &[usize],
) -> Vec<Vec<Option<Candidate>>> {
    let mut out = vec![Vec::new()];
    for options in candidates {
        let mut next = Vec::new();
        for partial in &out {
            for choice in std::iter::once(None).chain(options.iter().copied().map(Some)) {
                let mut p: Vec<Option<Candidate>> = partial.clone();
                p.push(choice);
                next.push(p);
            }
        }
        out = next;
    }
    out.retain(|a| {
        (0..capacity.len())
            .all(|c| a.iter().flatten().filter(|(x, _)| *x == c).count() <= capacity[c])
    });
    out
}

/// The best assignment by brute force: the rows served, best by priority first (the first row
/// of `order` served beats any set without it, and so on), then the least total cost.
fn brute_force(
    candidates: &[Vec<Candidate>],
    capacity: &[usize],
    order: &[usize],
) -> (Vec<bool>, i64) {
    let key = |a: &Vec<Option<Candidate>>| {
        let served: Vec<bool> = order.iter().map(|&r| a[r].is_some()).collect();
        let cost: i64 = a.iter().flatten().map(|&(_, c)| c).sum();
        (served, cost)
    };
    let best = every_assignment(candidates, capacity)
        .iter()
        .map(key)
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
        .expect("the empty assignment is always feasible");
    best
}

fn random_instance(rng: &mut impl Rng) -> (Vec<Vec<Candidate>>, Vec<usize>, Vec<usize>) {
    let rows = rng.gen_range(1..=6);
    let cols = rng.gen_range(1..=4);
    let capacity: Vec<usize> = (0..cols).map(|_| rng.gen_range(0..=2)).collect();
    let candidates = (0..rows)
        .map(|_| {
            let mut list = Vec::new();
            for c in 0..cols {
                if rng.gen_bool(0.6) {
                    list.push((c, rng.gen_range(0..=20)));
                }
            }
            list
        })
        .collect();
    let mut order: Vec<usize> = (0..rows).collect();
    for i in (1..rows).rev() {
        order.swap(i, rng.gen_range(0..=i));
    }
    (candidates, capacity, order)
}

#[test]
fn the_assignment_is_the_brute_force_optimum_on_random_instances() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(2026);
    for case in 0..2000 {
        let (candidates, capacity, order) = random_instance(&mut rng);
        let got = sparse_assignment(&candidates, &capacity, &order);
        // Within the candidates and the capacities.
        for (c, &room) in capacity.iter().enumerate() {
            assert!(
                got.iter().filter(|&&x| x == Some(c)).count() <= room,
                "case {case}"
            );
        }
        let mut cost = 0;
        for (r, col) in got.iter().enumerate() {
            if let Some(col) = col {
                let edge = candidates[r].iter().find(|(c, _)| c == col);
                cost += edge
                    .unwrap_or_else(|| panic!("case {case}: row {r} off its list"))
                    .1;
            }
        }
        let served: Vec<bool> = order.iter().map(|&r| got[r].is_some()).collect();
        let (best_served, best_cost) = brute_force(&candidates, &capacity, &order);
        assert_eq!(
            served, best_served,
            "case {case}: {candidates:?} {capacity:?} {order:?}"
        );
        assert_eq!(
            cost, best_cost,
            "case {case}: {candidates:?} {capacity:?} {order:?}"
        );
    }
}

#[test]
fn the_served_rows_are_priority_matchings() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
    for _ in 0..500 {
        let (candidates, capacity, order) = random_instance(&mut rng);
        let allowed: Vec<Vec<usize>> = (candidates.iter())
            .map(|list| list.iter().map(|&(c, _)| c).collect())
            .collect();
        let greedy = crate::priority_matching(&allowed, &capacity, &order);
        let got = sparse_assignment(&candidates, &capacity, &order);
        let served = |a: &[Option<usize>]| a.iter().map(Option::is_some).collect::<Vec<_>>();
        assert_eq!(served(&got), served(&greedy));
    }
}

#[test]
fn a_row_moves_to_make_room_for_a_row_of_higher_priority() {
    // Row 1 (served first) can only take column 0; row 0 prefers column 0 but moves to 1.
    let candidates = vec![vec![(0, 0), (1, 5)], vec![(0, 3)]];
    let got = sparse_assignment(&candidates, &[1, 1], &[1, 0]);
    assert_eq!(got, vec![Some(1), Some(0)]);
}

#[test]
fn rows_without_room_are_left_out_and_closed_columns_stay_closed() {
    // One slot; three rows want it: the first by priority keeps it.
    let candidates = vec![vec![(0, 9)], vec![(0, 1)], vec![(0, 4)], vec![(1, 2)]];
    let got = sparse_assignment(&candidates, &[1, 1], &[0, 1, 2, 3]);
    assert_eq!(got, vec![Some(0), None, None, Some(1)]);
    // Out-of-range columns are no candidates.
    assert_eq!(sparse_assignment(&[vec![(5, 0)]], &[1], &[0]), vec![None]);
}
