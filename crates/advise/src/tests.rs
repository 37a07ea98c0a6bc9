use ndarray::Array2;

use super::*;

fn params() -> ValidAdviseParams {
    AdviseParams::default().check().expect("valid")
}

/// Context on one axis: row i sits at `x[i]`.
fn line(x: &[f64]) -> Array2<f64> {
    Array2::from_shape_vec((x.len(), 1), x.to_vec()).expect("shape")
}

fn check(
    groups: &[usize],
    scores: &[f64],
    expected_status: &[Status],
    expected_pairs: &[(usize, usize)],
) -> Advice {
    let x: Vec<f64> = (0..groups.len()).map(|i| i as f64).collect();
    let advice = advise(groups, scores, line(&x).view(), &params()).expect("advice");
    let status: Vec<Status> = advice.standings.iter().map(|s| s.status).collect();
    assert_eq!(status, expected_status);
    let pairs: Vec<(usize, usize)> = advice.pairs.iter().map(|p| (p.low, p.base)).collect();
    assert_eq!(pairs, expected_pairs);
    advice
}

use Status::{Base as B, Low as L, Regular as R};

#[test]
fn bottom_and_far_below_median_is_low_top_is_base() {
    // One group of 8: median of scores = 0.25; bottom band 2 places, top band 2 places.
    let scores = [1.0, 0.9, 0.5, 0.3, 0.2, 0.1, -0.5, -1.5];
    let a = check(
        &[0; 8],
        &scores,
        &[B, B, R, R, R, R, L, L],
        &[(7, 1), (6, 1)],
    );
    assert_eq!(a.standings[7].rank, 8);
    assert!((a.group_medians[0] - 0.25).abs() < 1e-12);
    assert!((a.standings[7].gap_to_median + 1.75).abs() < 1e-12);
}

#[test]
fn bottom_but_close_to_median_is_not_low() {
    let scores = [0.3, 0.2, 0.1, 0.0];
    check(&[0; 4], &scores, &[B, R, R, R], &[]);
}

#[test]
fn ties_share_the_better_rank() {
    let a = check(&[0; 4], &[1.0, 1.0, 0.0, 0.0], &[B, B, R, R], &[]);
    let ranks: Vec<usize> = a.standings.iter().map(|s| s.rank).collect();
    assert_eq!(ranks, vec![1, 1, 3, 3]);
}

#[test]
fn capacity_is_respected_then_overload_is_reported() {
    // Group of 12: bottom and top bands have 3 places; one base (rows 0, 1 tie at top?)
    let scores = [
        2.0, 0.2, 0.2, 0.1, 0.1, 0.1, 0.0, 0.0, 0.0, -1.0, -1.1, -1.2,
    ];
    let params = AdviseParams::default()
        .capacity(1)
        .top_share(0.1)
        .check()
        .expect("valid");
    let x: Vec<f64> = (0..12).map(f64::from).collect();
    let a = advise(&[0; 12], &scores, line(&x).view(), &params).expect("advice");
    let bases: Vec<usize> = (0..12).filter(|&i| a.standings[i].status == B).collect();
    assert_eq!(bases, vec![0, 1, 2]);
    let pairs: Vec<(usize, usize)> = a.pairs.iter().map(|p| (p.low, p.base)).collect();
    // Worst first, each to the nearest base with room: 11 → 2, 10 → 1, 9 → 0.
    assert_eq!(pairs, vec![(11, 2), (10, 1), (9, 0)]);
    assert!(a.pairs.iter().all(|p| !p
        .reasons
        .iter()
        .any(|r| matches!(r, PairReason::OverCapacity { .. }))));

    let scores = [
        2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -1.0, -1.1, -1.2,
    ];
    let a = advise(&[0; 12], &scores, line(&x).view(), &params).expect("advice");
    assert_eq!(a.pairs.len(), 3, "every low school gets a base school");
    assert!(a.pairs.iter().all(|p| p.base == 0));
    let over = a
        .pairs
        .iter()
        .filter(|p| {
            p.reasons
                .iter()
                .any(|r| matches!(r, PairReason::OverCapacity { .. }))
        })
        .count();
    assert_eq!(over, 2);
}

#[test]
fn group_without_base_borrows_from_nearest_group() {
    // Group 1 is two schools both equal: no base there; its low school cannot be... so make group 1 lack a base.
    let groups = [0, 0, 0, 0, 1, 1, 1, 1];
    let scores = [1.0, 0.5, 0.4, 0.3, 0.0, 0.0, 0.0, -2.0];
    let a = check(&groups, &scores, &[B, R, R, R, R, R, R, L], &[(7, 0)]);
    assert!(matches!(
        a.pairs[0].reasons[0],
        PairReason::OtherGroup { base_group: 0 }
    ));
}

#[test]
fn mismatched_lengths_and_nan_are_rejected() {
    let p = params();
    assert!(matches!(
        advise(&[0, 0], &[1.0], line(&[0.0, 1.0]).view(), &p),
        Err(AdviseError::LengthMismatch { .. })
    ));
    assert_eq!(
        advise(&[0, 0], &[1.0, f64::NAN], line(&[0.0, 1.0]).view(), &p),
        Err(AdviseError::NonFiniteScore { row: 1 })
    );
}

#[test]
fn each_parameter_rule_rejects() {
    assert_eq!(
        AdviseParams::default().low_gap(-0.1).check(),
        Err(AdviseParamError::BadGap(-0.1))
    );
    assert!(matches!(
        AdviseParams::default().low_gap(f64::INFINITY).check(),
        Err(AdviseParamError::BadGap(_))
    ));
    assert_eq!(
        AdviseParams::default().bottom_share(0.0).check(),
        Err(AdviseParamError::BadShare(0.0))
    );
    assert_eq!(
        AdviseParams::default().top_share(1.5).check(),
        Err(AdviseParamError::BadShare(1.5))
    );
    assert_eq!(
        AdviseParams::default().capacity(0).check(),
        Err(AdviseParamError::ZeroCapacity)
    );
}
