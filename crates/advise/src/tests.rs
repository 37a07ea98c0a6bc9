//! Unit tests of standing, diagnosis and pairing on small hand-built groups.

use ndarray::Array2;

use super::*;

fn params() -> ValidAdviseParams {
    AdviseParams::default().check().expect("valid")
}

/// Context on one axis: row i sits at `x[i]`.
fn line(x: &[f64]) -> Array2<f64> {
    Array2::from_shape_vec((x.len(), 1), x.to_vec()).expect("shape")
}

/// Schools of the given groups and scores, row i at context `i`.
fn schools(groups: &[usize], scores: &[f64]) -> Schools {
    let x: Vec<f64> = (0..groups.len()).map(|i| i as f64).collect();
    Schools::new(groups.to_vec(), scores.to_vec(), line(&x))
}

fn statuses(a: &Advice) -> Vec<Status> {
    a.standings.iter().map(|s| s.status).collect()
}

fn pairs(a: &Advice) -> Vec<(usize, usize)> {
    a.pairing.pairs.iter().map(|p| (p.low, p.base)).collect()
}

/// Advises the schools and checks every status.
fn check(s: &Schools, p: &ValidAdviseParams, expected: &[Status]) -> Advice {
    let a = advise(s, p).expect("advice");
    assert_eq!(statuses(&a), expected);
    a
}

use Status::{Base as B, Low as L, Regular as R};

// Parameters: each rejection rule.

#[test]
fn each_bad_parameter_is_refused() {
    let refused = |p: AdviseParams, e: AdviseParamError| assert_eq!(p.check(), Err(e));
    let d = AdviseParams::default;
    refused(d().low_gap(-0.1), AdviseParamError::BadGap(-0.1));
    refused(
        d().bottom_share(0.0),
        AdviseParamError::BadShare {
            key: "bottom_share",
            value: 0.0,
        },
    );
    refused(
        d().top_share(1.5),
        AdviseParamError::BadShare {
            key: "top_share",
            value: 1.5,
        },
    );
    refused(d().capacity(0), AdviseParamError::BadCapacity(0));
    refused(d().capacity(101), AdviseParamError::BadCapacity(101));
    refused(d().min_group_size(1), AdviseParamError::BadMinGroup(1));
    refused(
        d().stable_years(0).stable_window(0),
        AdviseParamError::ZeroWindow,
    );
    refused(
        d().stable_years(4),
        AdviseParamError::BadStableYears {
            years: 4,
            window: 3,
        },
    );
    refused(
        d().stable_years(0),
        AdviseParamError::BadStableYears {
            years: 0,
            window: 3,
        },
    );
    refused(d().slide_rate(-1.0), AdviseParamError::BadSlideRate(-1.0));
    assert!(matches!(
        d().slide_rate(f64::NAN).check(),
        Err(AdviseParamError::BadSlideRate(r)) if r.is_nan()
    ));
    refused(
        d().max_distance_km(Some(0.0)),
        AdviseParamError::BadMaxDistance(0.0),
    );
    refused(
        d().finding_gap(0.0),
        AdviseParamError::BadPositive {
            key: "finding_gap",
            value: 0.0,
        },
    );
    for share in [-0.1, 1.5, f64::NAN] {
        let refusal = d().min_robustness(share).check().expect_err("refused");
        assert!(
            matches!(
                refusal,
                AdviseParamError::OutOfRange {
                    key: "min_robustness",
                    ..
                }
            ),
            "{share}: {refusal:?}"
        );
    }
    for z in [-0.5, 101.0, f64::NAN] {
        let refusal = d().objectivity_gap_z(z).check().expect_err("refused");
        assert!(
            matches!(refusal, AdviseParamError::OutOfRange { key: "objectivity_gap_z", min, max, .. }
                if (min, max) == OBJECTIVITY_Z_RANGE),
            "{z}: {refusal:?}"
        );
        let refusal = d().objectivity_jump_z(z).check().expect_err("refused");
        assert!(
            matches!(
                refusal,
                AdviseParamError::OutOfRange {
                    key: "objectivity_jump_z",
                    ..
                }
            ),
            "{z}: {refusal:?}"
        );
    }
    for load in [0, MAX_MENTOR_LOAD + 1] {
        let refusal = d().mentor_load(load).check().expect_err("refused");
        assert!(
            matches!(
                refusal,
                AdviseParamError::OutOfRange {
                    key: "mentor_load",
                    ..
                }
            ),
            "{load}: {refusal:?}"
        );
    }
    for km in [0.0, -3.0, f64::INFINITY, f64::NAN] {
        let refusal = d().mentor_km(km).check().expect_err("refused");
        assert!(
            matches!(
                refusal,
                AdviseParamError::BadPositive {
                    key: "mentor_km",
                    ..
                }
            ),
            "{km}: {refusal:?}"
        );
    }
    for km in [-1.0, 1e-320, 1e7, f64::NAN] {
        let refusal = d().km_per_unit(km).check().expect_err("refused");
        assert!(
            matches!(refusal, AdviseParamError::OutOfRange { key: "km_per_unit", min, max, .. }
                if (min, max) == KM_PER_UNIT_RANGE),
            "{km}: {refusal:?}"
        );
    }
    refused(
        d().complement_weight(-1.0),
        AdviseParamError::BadWeight {
            key: "complement_weight",
            value: -1.0,
        },
    );
    assert!(d().max_distance_km(Some(30.0)).check().is_ok());
}

// Standing in the group.

#[test]
fn bottom_and_far_below_median_is_low_top_is_base() {
    // One group of 8: median 0.25; bottom band 2 places, top band 2 places.
    let s = schools(&[0; 8], &[1.0, 0.9, 0.5, 0.3, 0.2, 0.1, -0.5, -1.5]);
    let a = check(&s, &params(), &[B, B, R, R, R, R, L, L]);
    assert_eq!(a.standings[7].rank, 8);
    assert!((a.groups[0].median - 0.25).abs() < 1e-12);
    assert!((a.standings[7].gap_to_median + 1.75).abs() < 1e-12);
    // Upper quartile of the eight: 0.5 + 0.25 · (0.9 − 0.5) = 0.6.
    assert!((a.groups[0].upper_quartile - 0.6).abs() < 1e-12);
    assert!((a.standings[7].gap_to_top_quarter + 2.1).abs() < 1e-12);
    assert_eq!(a.standings[0].percentile, 100.0);
    assert_eq!(a.standings[7].percentile, 0.0);
    assert!((a.standings[3].percentile - 400.0 / 7.0).abs() < 1e-9);
}

#[test]
fn a_school_with_doubtful_results_is_never_base_and_says_why() {
    let mut s = schools(&[0; 8], &[1.0, 0.9, 0.5, 0.3, 0.2, 0.1, -0.5, -1.5]);
    s.results = vec![ResultsEvidence::default(); 8];
    // Row 0 (top) not confirmed by its exams, row 7 (low) crowding onto the thresholds, row 1
    // just within both thresholds.
    s.results[0].gap_z = Some(3.5);
    s.results[7].jump_z = Some(8.0);
    s.results[1] = ResultsEvidence {
        gap_z: Some(3.0),
        jump_z: Some(2.9),
    };
    let a = check(&s, &params(), &[R, B, R, R, R, R, L, L]);
    assert_eq!(a.standings[0].doubts, [Doubt::NotConfirmed { z: 3.5 }]);
    assert_eq!(a.standings[7].doubts, [Doubt::ThresholdJumps { z: 8.0 }]);
    assert!(a.standings[1].doubts.is_empty());
    for i in [0, 7] {
        assert_eq!(a.standings[i].reasons.last(), Some(&Reason::ResultsInDoubt));
    }
    assert!(a.pairing.pairs.iter().all(|p| p.base != 0));
    // The thresholds are the parameters': raised, nobody is flagged.
    let lenient = (AdviseParams::default().objectivity_gap_z(4.0))
        .objectivity_jump_z(10.0)
        .check()
        .expect("valid");
    check(&s, &lenient, &[B, B, R, R, R, R, L, L]);
}

#[test]
fn bottom_but_close_to_median_is_not_low() {
    // Top and bottom bands of one place each; the last is only 0.15 below the median.
    let s = schools(&[0; 4], &[0.3, 0.2, 0.1, 0.0]);
    check(&s, &params(), &[B, R, R, R]);
}

#[test]
fn an_interval_that_reaches_the_median_is_not_low() {
    let mut s = schools(&[0; 8], &[1.0, 0.9, 0.5, 0.3, 0.2, 0.1, -0.5, -1.5]);
    // Row 6 is 0.75 below the median of 0.25, but its interval reaches 0.3.
    s.intervals[6] = (-1.3, 0.3);
    check(&s, &params(), &[B, B, R, R, R, R, R, L]);
}

#[test]
fn ties_share_the_better_rank_and_half_the_percentile() {
    let s = schools(&[0; 4], &[1.0, 1.0, 0.0, 0.0]);
    let a = check(&s, &params(), &[B, B, R, R]);
    let ranks: Vec<usize> = a.standings.iter().map(|s| s.rank).collect();
    assert_eq!(ranks, vec![1, 1, 3, 3]);
    assert!((a.standings[0].percentile - 100.0 * 2.5 / 3.0).abs() < 1e-9);
}

#[test]
fn a_group_below_the_minimum_size_flags_nobody() {
    let s = schools(&[0, 0], &[1.0, -3.0]);
    let a = check(&s, &params(), &[R, R]);
    assert_eq!(
        a.standings[1].reasons,
        vec![Reason::GroupTooSmall { size: 2, min: 3 }]
    );
}

#[test]
fn a_base_school_clears_the_district_median() {
    // Group 1 is weak everywhere: its top school is below the district median, so it is no base.
    let s = schools(
        &[0, 0, 0, 0, 1, 1, 1, 1],
        &[2.0, 1.9, 1.8, 1.7, -1.0, -1.1, -1.2, -3.0],
    );
    let a = check(&s, &params(), &[B, R, R, R, R, R, R, L]);
    // The low school's group has no base school: the nearest group's lends one.
    assert_eq!(pairs(&a), vec![(7, 0)]);
    assert_eq!(
        a.pairing.pairs[0].reasons[0],
        PairReason::OtherGroup {
            group: 1,
            base_group: 0,
            centroid_distance: 4.0
        }
    );
}

#[test]
fn schools_are_compared_on_what_their_conditions_lead_one_to_expect() {
    // A group whose conditions still differ: row 0 is expected to score 2 above the rest.
    let scores = [1.0, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0];
    let mut s = schools(&[0; 8], &scores);
    s.expected[0] = 2.0;
    s.intervals = scores.iter().map(|&x| (x - 0.1, x + 0.1)).collect();
    let adjusted = check(&s, &params(), &[L, B, B, R, R, R, R, R]);
    assert!((adjusted.standings[0].compared + 1.0).abs() < 1e-12);
    assert_eq!(adjusted.standings[0].rank, 8);
    let plain = AdviseParams::default()
        .adjust(false)
        .check()
        .expect("valid");
    check(&s, &plain, &[B, B, R, R, R, R, R, R]);
}

fn year(score: f64) -> Option<YearScore> {
    Some(YearScore { score, sd: 0.1 })
}

#[test]
fn stably_low_needs_the_yearly_test_in_enough_years() {
    let scores = [1.0, 0.9, 0.5, 0.3, 0.2, 0.1, -1.0, -1.5];
    let mut s = schools(&[0; 8], &scores);
    // Row 7 low every year; row 6 low in one year only.
    let mut years = vec![scores.map(year).to_vec(); 3];
    years[0][6] = year(0.2);
    years[1][6] = year(0.25);
    s.years = years;
    let a = check(&s, &params(), &[B, B, R, R, R, R, L, L]);
    assert!(a.standings[7].stably_low);
    assert_eq!(a.standings[7].low_years, vec![Some(true); 3]);
    assert!(!a.standings[6].stably_low);
    assert!(a.standings[6].reasons.contains(&Reason::NotStable {
        years: 1,
        window: 3
    }));
    // Stably low comes first in the pairing, although row 7 is further below.
    let firsts: Vec<usize> = a.pairing.pairs.iter().map(|p| p.low).collect();
    assert_eq!(firsts, vec![7, 6]);
    // With one year needed, both are stably low.
    let one = AdviseParams::default()
        .stable_years(1)
        .check()
        .expect("valid");
    let b = advise(&s, &one).expect("advice");
    assert!(b.standings[6].stably_low);
}

#[test]
fn a_falling_school_below_the_median_is_sliding() {
    let scores = [1.0, 0.9, 0.5, 0.3, 0.2, 0.1, 0.0, -0.1];
    let mut s = schools(&[0; 8], &scores);
    let mut years = vec![scores.map(year).to_vec(); 3];
    // Row 5 falls 0.4 a year, to below the median in the latest year.
    years[0][5] = year(0.6);
    years[1][5] = year(0.2);
    years[2][5] = year(-0.2);
    // Row 1 falls too, but stays above the median.
    years[0][1] = year(1.5);
    years[2][1] = year(0.7);
    s.years = years;
    let a = check(&s, &params(), &[B, B, R, R, R, R, R, R]);
    let slide = a.standings[5].sliding.expect("sliding");
    assert!((slide.rate + 0.4).abs() < 1e-12);
    // The district's wobble beyond the noise (0.01): rows 1 and 5 vary by
    // 0.1733 and 0.16 a year, the six others not at all.
    let wobble = ((0.52f64 / 3.0 - 0.01) + (0.16 - 0.01) - 6.0 * 0.01) / 8.0;
    // The margin: 1.96 · √((sd² + wobble) / Σ(t − t̄)²), Σ(t − t̄)² = 2.
    let margin = 1.96 * ((0.01 + wobble) / 2.0f64).sqrt();
    assert!((slide.margin - margin).abs() < 1e-12, "{}", slide.margin);
    assert_eq!(a.standings[1].sliding, None);
    // A sliding school is diagnosed too.
    assert_eq!(
        a.diagnoses.iter().map(|d| d.row).collect::<Vec<_>>(),
        vec![5]
    );
}

// Diagnosis.

#[test]
fn findings_are_the_gaps_ranked_by_their_weight_on_results() {
    let scores = [1.0, 0.9, 0.5, 0.3, 0.2, 0.1, -0.5, -1.5];
    let mut s = schools(&[0; 8], &scores);
    // Young teachers, %: high where results are low (weighs on results); no set
    // direction, so the correlation turns it.
    let young = [10.0, 12.0, 11.0, 14.0, 13.0, 15.0, 30.0, 40.0];
    // Highest category, %: a little lower at row 7, unrelated to results elsewhere.
    let highest = [30.0, 20.0, 30.0, 20.0, 30.0, 20.0, 30.0, 18.0];
    s.factors = vec![
        Factor {
            kind: FactorKind::Resource,
            higher_is_better: Some(true),
            values: highest.iter().map(|&v| Some(v)).collect(),
        },
        Factor {
            kind: FactorKind::Resource,
            higher_is_better: None,
            values: young.iter().map(|&v| Some(v)).collect(),
        },
    ];
    let a = check(&s, &params(), &[B, B, R, R, R, R, L, L]);
    let d = a.diagnoses.iter().find(|d| d.row == 7).expect("diagnosed");
    assert_eq!(d.causes[0].factor, 1);
    assert!((d.causes[0].group_median - 13.5).abs() < 1e-12);
    assert!(d.causes[0].gap < -0.5 && d.causes[0].weight > 0.8);
    // Highest category: 18 against a median of 25 (1.24 SD) weighs less on results (r = 0.32): second.
    let order: Vec<usize> = d.causes.iter().map(|f| f.factor).collect();
    assert_eq!(order, vec![1, 0]);
    assert!((d.causes[1].weight - 0.3205).abs() < 1e-3);
    assert!(d.shortfalls.is_empty());
}

#[test]
fn subject_gaps_give_the_gain_to_the_median_and_the_top_quarter() {
    let scores = [1.0, 0.9, 0.5, 0.3, 0.2, 0.1, -0.5, -1.5];
    let mut s = schools(&[0; 8], &scores);
    let points = [70.0, 68.0, 66.0, 64.0, 62.0, 60.0, 58.0, 40.0];
    s.subjects = vec![SubjectColumn {
        topic: 0,
        values: points
            .iter()
            .map(|&p| {
                Some(SubjectScore {
                    z: (p - 60.0) / 10.0,
                    points: Some(p),
                })
            })
            .collect(),
    }];
    s.untaught[7] = vec![3];
    let a = check(&s, &params(), &[B, B, R, R, R, R, L, L]);
    let d = a.diagnoses.iter().find(|d| d.row == 7).expect("diagnosed");
    let physics = d.subjects[0];
    assert!(physics.weak);
    // Median of the eight: 63; upper quartile 64 + 0.25 · 2 = 66.5... of sorted 40..70: 66.5.
    assert_eq!(physics.gain_to_median(), Some(23.0));
    assert_eq!(physics.gain_to_top_quarter(), Some(26.5));
    assert_eq!(d.weak_topics, vec![0]);
    assert_eq!(d.untaught, vec![3]);
}

// Pairing.

/// Brute force: the least total cost over every assignment within capacity.
fn brute_force(cost: &[Vec<Option<f64>>], capacity: &[usize]) -> Option<f64> {
    fn go(
        r: usize,
        cost: &[Vec<Option<f64>>],
        left: &mut [usize],
        total: f64,
        best: &mut Option<f64>,
    ) {
        if r == cost.len() {
            if best.is_none_or(|b| total < b) {
                *best = Some(total);
            }
            return;
        }
        for c in 0..left.len() {
            if let (Some(x), true) = (cost[r][c], left[c] > 0) {
                left[c] -= 1;
                go(r + 1, cost, left, total + x, best);
                left[c] += 1;
            }
        }
    }
    let mut best = None;
    go(0, cost, &mut capacity.to_vec(), 0.0, &mut best);
    best
}

/// A small deterministic generator for the random instances.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[test]
fn the_assignment_is_optimal_against_brute_force() {
    let mut rng = Lcg(7);
    for case in 0..300 {
        let rows = 1 + case % 5;
        let cols = 1 + (case / 5) % 4;
        let capacity: Vec<usize> = (0..cols).map(|_| 1 + (rng.next() * 2.0) as usize).collect();
        let cost: Vec<Vec<Option<f64>>> = (0..rows)
            .map(|_| {
                (0..cols)
                    .map(|_| (rng.next() > 0.2).then(|| (rng.next() * 10.0).round() / 2.0))
                    .collect()
            })
            .collect();
        let best = brute_force(&cost, &capacity);
        let found = min_cost_assignment(&cost, &capacity);
        match (best, found) {
            (None, None) => {}
            (Some(b), Some(assigned)) => {
                let total: f64 = assigned
                    .iter()
                    .enumerate()
                    .map(|(r, &c)| cost[r][c].expect("an allowed cell"))
                    .sum();
                assert!((total - b).abs() < 1e-9, "case {case}: {total} against {b}");
                for (c, &k) in capacity.iter().enumerate() {
                    assert!(assigned.iter().filter(|&&x| x == c).count() <= k);
                }
            }
            (b, f) => panic!("case {case}: brute force {b:?}, assignment {f:?}"),
        }
    }
}

#[test]
fn the_priority_matching_serves_the_first_rows_it_can() {
    // Rows 0 and 1 both need column 0 (capacity 1); row 2 can take 0 or 1.
    let allowed = vec![vec![0], vec![0], vec![0, 1]];
    let served = priority_matching(&allowed, &[1, 1], &[1, 2, 0]);
    assert_eq!(served, vec![None, Some(0), Some(1)]);
    // Row 2 first takes column 0, then makes room for row 0 by moving to 1.
    let served = priority_matching(&allowed, &[1, 1], &[2, 0, 1]);
    assert_eq!(served, vec![Some(0), None, Some(1)]);
}

/// A group of 12: rows 0–2 base, rows 9–11 low.
fn twelve() -> Schools {
    let scores = [
        2.0, 1.9, 1.8, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0, -1.0, -1.5, -2.0,
    ];
    schools(&[0; 12], &scores)
}

#[test]
fn capacity_is_never_exceeded_and_the_rest_wait_by_priority() {
    let p = AdviseParams::default()
        .capacity(1)
        .bottom_share(0.34)
        .check()
        .expect("valid");
    let mut s = twelve();
    // Four low schools (rows 8–11 with a wider bottom), three base schools of capacity 1.
    s.scores[8] = -0.8;
    let a = advise(&s, &p).expect("advice");
    assert_eq!(
        a.standings
            .iter()
            .filter(|x| x.status == Status::Low)
            .count(),
        4
    );
    assert_eq!(a.pairing.pairs.len(), 3);
    let mut load = [0usize; 12];
    for pair in &a.pairing.pairs {
        load[pair.base] += 1;
    }
    assert!(load.iter().all(|&l| l <= 1));
    // The least far below the median waits.
    assert_eq!(
        a.pairing.unpaired,
        vec![Unpaired {
            low: 8,
            reason: UnpairedReason::BaseSchoolsFull
        }]
    );
}

#[test]
fn pairs_go_to_the_closest_in_context_at_least_total_cost() {
    let a = advise(&twelve(), &params()).expect("advice");
    // Lows 9, 10, 11 (context 9–11), bases 0–2 (context 0–2), capacity 2:
    // base 2 takes two of them and base 1 the third, one unit further: 7 + 8 + 9 + 1.
    let got = pairs(&a);
    let total: f64 = a.pairing.pairs.iter().map(|p| p.cost).sum();
    assert!((total - 25.0).abs() < 1e-9, "{got:?}");
    assert!(got.iter().filter(|p| p.1 == 2).count() == 2);
}

#[test]
fn pinned_and_forbidden_pairs_are_honoured() {
    let mut s = twelve();
    s.pinned = vec![(10, 0)];
    s.forbidden = vec![(11, 2), (9, 2)];
    let a = advise(&s, &params()).expect("advice");
    let got = pairs(&a);
    assert_eq!(got[0], (10, 0));
    assert_eq!(a.pairing.pairs[0].reasons[0], PairReason::Pinned);
    assert!(!got.contains(&(11, 2)) && !got.contains(&(9, 2)));
    assert_eq!(got.len(), 3);
    // Forbidding every base school leaves the low school unpaired, and says why.
    s.forbidden = vec![(11, 0), (11, 1), (11, 2)];
    let b = advise(&s, &params()).expect("advice");
    assert!(b.pairing.unpaired.contains(&Unpaired {
        low: 11,
        reason: UnpairedReason::AllForbidden
    }));
    // Pinning more schools than a base school takes is refused.
    s.pinned = vec![(9, 0), (10, 0), (11, 0)];
    s.forbidden.clear();
    assert_eq!(
        advise(&s, &params()),
        Err(AdviseError::PinnedOverCapacity {
            base: 0,
            pinned: 3,
            capacity: 2
        })
    );
}

#[test]
fn pairs_beyond_the_distance_limit_are_not_made() {
    let mut s = twelve();
    // Bases near the centre, lows 9 and 10 near, low 11 about 55 km north.
    for i in 0..12 {
        s.places[i] = Some((46.0, 39.0));
    }
    s.places[11] = Some((46.5, 39.0));
    let p = AdviseParams::default()
        .max_distance_km(Some(40.0))
        .check()
        .expect("valid");
    let a = advise(&s, &p).expect("advice");
    assert_eq!(
        a.pairing.unpaired,
        vec![Unpaired {
            low: 11,
            reason: UnpairedReason::TooFar { limit_km: 40 }
        }]
    );
    let km = a.pairing.pairs[0].travel_km.expect("known");
    assert!(km.abs() < 1e-9);
}

#[test]
fn a_base_school_strong_where_the_low_school_is_weak_is_preferred() {
    let mut s = twelve();
    // Two subjects (topics 0 and 1); low 11 is weak in topic 1, where only base 0 is strong.
    let z0 = [0.5, 0.5, 0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0];
    let z1 = [
        1.0, -0.5, -0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -1.5,
    ];
    s.subjects = [(0, z0), (1, z1)]
        .into_iter()
        .map(|(topic, z)| SubjectColumn {
            topic,
            values: z
                .iter()
                .map(|&z| Some(SubjectScore { z, points: None }))
                .collect(),
        })
        .collect();
    let p = AdviseParams::default()
        .complement_weight(5.0)
        .check()
        .expect("valid");
    let a = advise(&s, &p).expect("advice");
    let pair = a
        .pairing
        .pairs
        .iter()
        .find(|p| p.low == 11)
        .expect("paired");
    assert_eq!(pair.base, 0);
    assert!(pair
        .reasons
        .contains(&PairReason::Complements { strong: 1, weak: 1 }));
}

#[test]
fn mentors_are_highest_category_teachers_of_the_young_teachers_subjects() {
    let mut s = twelve();
    s.pinned = vec![(11, 0)];
    let t = |topic, young, highest: bool| TeacherInfo {
        topic: Some(topic),
        young,
        qualification: highest.then_some(model::Qualification::Highest),
        ..TeacherInfo::default()
    };
    s.teachers[11] = vec![t(0, true, false), t(1, true, false), t(2, false, false)];
    s.teachers[0] = vec![t(0, false, true), t(1, false, false), t(0, false, true)];
    let a = advise(&s, &params()).expect("advice");
    assert_eq!(
        a.pairing.pairs[0].mentors,
        vec![Mentor {
            mentor: 0,
            mentee: 0,
            topic: 0,
            weak_subject: false
        }]
    );
}

#[test]
fn nothing_to_pair_with_says_so() {
    // The top school only equals the median: no base school anywhere.
    let s = schools(&[0, 0, 0], &[0.0, 0.0, -2.0]);
    let a = check(&s, &params(), &[R, R, L]);
    assert!(a.pairing.pairs.is_empty());
    assert_eq!(
        a.pairing.unpaired,
        vec![Unpaired {
            low: 2,
            reason: UnpairedReason::NoBaseSchool
        }]
    );
}

#[test]
fn mismatched_lists_and_bad_numbers_are_refused() {
    let mut s = schools(&[0, 0, 0], &[0.0, 1.0, 2.0]);
    s.expected.pop();
    assert_eq!(
        advise(&s, &params()),
        Err(AdviseError::LengthMismatch {
            list: "expected",
            len: 2,
            rows: 3
        })
    );
    let mut s = schools(&[0, 0, 0], &[0.0, f64::NAN, 2.0]);
    s.intervals[1] = (0.0, 0.0);
    assert_eq!(
        advise(&s, &params()),
        Err(AdviseError::NonFiniteScore { row: 1 })
    );
    let mut s = schools(&[0, 0, 0], &[0.0, 1.0, 2.0]);
    s.pinned = vec![(0, 5)];
    assert_eq!(
        advise(&s, &params()),
        Err(AdviseError::BadPair { low: 0, base: 5 })
    );
}

#[test]
fn the_same_input_gives_the_same_advice() {
    let s = twelve();
    assert_eq!(advise(&s, &params()), advise(&s, &params()));
}
