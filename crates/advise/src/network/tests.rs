//! The network of mentors against the rules written out plainly and a brute-force search over
//! every assignment of mentees to individual mentors, on small random districts.

use model::{Post, Qualification};
use ndarray::Array2;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use super::*;
use crate::{stand, AdviseParams, SubjectColumn, SubjectScore, TeacherInfo};

fn schools_with(teachers: Vec<Vec<TeacherInfo>>, places: Vec<Option<(f64, f64)>>) -> Schools {
    let n = teachers.len();
    let mut s = Schools::new(vec![0; n], vec![0.0; n], Array2::zeros((n, 1)));
    s.teachers = teachers;
    s.places = places;
    s
}

fn run(s: &Schools, targets: &Targets, params: &ValidAdviseParams) -> Network {
    let (standings, _) = stand(s, params);
    network(s, &standings, targets, params)
}

fn teacher(topic: usize, qualification: Qualification, young: bool) -> TeacherInfo {
    TeacherInfo {
        topic: Some(topic),
        young,
        qualification: Some(qualification),
        ..TeacherInfo::default()
    }
}

fn leader(post: Post, years: f64) -> TeacherInfo {
    TeacherInfo {
        post: Some(post),
        years_in_post: Some(years),
        ..TeacherInfo::default()
    }
}

/// The rules as docs/method.md states them: what a person is to be supported in, if anything
/// (no weak subjects in these districts).
fn track_of(t: &TeacherInfo) -> Option<Option<Track>> {
    match (t.post, t.years_in_post) {
        (Some(post), Some(y)) if y <= 3.0 => Some(Some(Track::Leader(post))),
        _ if t.young => Some(t.topic.map(Track::Subject)),
        _ => None,
    }
}

/// Whether `m` may mentor in `track` (mentor eligibility of docs/method.md).
fn may_mentor(t: &TeacherInfo, track: Track) -> Option<bool> {
    let seasoned_leader = t.post.is_some() && t.years_in_post.is_some_and(|y| y > 3.0);
    match track {
        Track::Subject(topic) if t.topic == Some(topic) && !t.young && !seasoned_leader => {
            match t.qualification {
                Some(Qualification::Highest) => Some(false),
                Some(Qualification::First) => Some(true),
                _ => None,
            }
        }
        Track::Leader(post) if t.post == Some(post) && t.years_in_post.is_some_and(|y| y > 3.0) => {
            Some(false)
        }
        _ => None,
    }
}

/// A small random district: 2–4 schools, some without coordinates, 1–4 staff each.
fn random_district(rng: &mut impl Rng) -> (Schools, Targets, ValidAdviseParams) {
    let n = rng.gen_range(2..=4);
    let places = (0..n)
        .map(|_| {
            rng.gen_bool(0.8).then(|| {
                (
                    45.0 + rng.gen_range(-0.5..0.5),
                    39.0 + rng.gen_range(-0.7..0.7),
                )
            })
        })
        .collect();
    let qualifications = [
        Qualification::Highest,
        Qualification::First,
        Qualification::Conformity,
        Qualification::NoCategory,
    ];
    let mut teachers = Vec::new();
    for _ in 0..n {
        let mut staff = Vec::new();
        for _ in 0..rng.gen_range(1..=4) {
            let mut t = teacher(
                rng.gen_range(0..2),
                qualifications[rng.gen_range(0..4)],
                rng.gen_bool(0.3),
            );
            if rng.gen_bool(0.1) {
                t.topic = None;
            }
            if rng.gen_bool(0.3) {
                t.post = Some(if rng.gen_bool(0.5) {
                    Post::Head
                } else {
                    Post::Deputy
                });
                t.years_in_post = Some(f64::from(rng.gen_range(0..8)));
            }
            staff.push(t);
        }
        teachers.push(staff);
    }
    let targets = Targets {
        low_results: (0..n).map(|_| rng.gen_bool(0.3)).collect(),
        unfavourable_conditions: (0..n).map(|_| rng.gen_bool(0.3)).collect(),
    };
    let params = AdviseParams::default()
        .mentor_load(rng.gen_range(1..=2))
        .mentor_km(rng.gen_range(20.0..80.0))
        .check()
        .expect("valid");
    (schools_with(teachers, places), targets, params)
}

/// Every possible mentor of a mentee with its cost (tenths of a km), by the rules.
fn options(s: &Schools, targets: &Targets, mentee: &Mentee, limit: f64) -> Vec<(Person, i64)> {
    let Some(track) = mentee.track else {
        return Vec::new();
    };
    let is_mentee = |p: Person| track_of(&s.teachers[p.school][p.staff]).is_some();
    let mut out = Vec::new();
    for (school, staff) in s.teachers.iter().enumerate() {
        if school == mentee.person.school || targets.low_results[school] {
            continue;
        }
        for (k, t) in staff.iter().enumerate() {
            let person = Person { school, staff: k };
            let Some(first) = may_mentor(t, track).filter(|_| !is_mentee(person)) else {
                continue;
            };
            let km = reach::km(s, mentee.person.school, school).unwrap_or(limit);
            if km <= limit {
                let extra = if first { FIRST_CATEGORY_KM } else { 0.0 };
                out.push((person, ((km + extra) * 10.0).round() as i64));
            }
        }
    }
    out
}

/// The best assignment by brute force: served flags in serving order, then least total cost.
fn brute_force(options: &[Vec<(Person, i64)>], load: usize) -> (Vec<bool>, i64) {
    fn walk(
        k: usize,
        options: &[Vec<(Person, i64)>],
        load: usize,
        taken: &mut Vec<Person>,
        served: &mut Vec<bool>,
        cost: i64,
        best: &mut Option<(Vec<bool>, i64)>,
    ) {
        if k == options.len() {
            let better = match best {
                None => true,
                Some((s, c)) => (served.as_slice(), -cost) > (s.as_slice(), -*c),
            };
            if better {
                *best = Some((served.clone(), cost));
            }
            return;
        }
        served.push(false);
        walk(k + 1, options, load, taken, served, cost, best);
        served.pop();
        for &(p, c) in &options[k] {
            if taken.iter().filter(|&&q| q == p).count() < load {
                taken.push(p);
                served.push(true);
                walk(k + 1, options, load, taken, served, cost + c, best);
                served.pop();
                taken.pop();
            }
        }
    }
    let mut best = None;
    walk(
        0,
        options,
        load,
        &mut Vec::new(),
        &mut Vec::new(),
        0,
        &mut best,
    );
    best.expect("the empty assignment is always there")
}

#[test]
fn the_network_is_the_brute_force_optimum_and_keeps_every_limit() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(2026);
    let mut checked = 0;
    // What the instances exercised: matched, taken, too far, no mentor, no subject.
    let mut seen = [0usize; 5];
    while checked < 300 {
        let (s, targets, params) = random_district(&mut rng);
        let net = run(&s, &targets, &params);
        // The mentees are exactly the people the rules name, in serving order.
        let mut expected: Vec<(usize, Person)> = Vec::new();
        for (school, staff) in s.teachers.iter().enumerate() {
            for (k, t) in staff.iter().enumerate() {
                if track_of(t).is_some() {
                    let tier = match (
                        targets.low_results[school],
                        targets.unfavourable_conditions[school],
                    ) {
                        (true, _) => 0,
                        (false, true) => 1,
                        _ => 2,
                    };
                    expected.push((tier, Person { school, staff: k }));
                }
            }
        }
        expected.sort();
        let people: Vec<Person> = net.mentees.iter().map(|m| m.person).collect();
        assert_eq!(people, expected.iter().map(|e| e.1).collect::<Vec<_>>());
        if net.mentees.len() > 6 {
            continue;
        }
        checked += 1;
        let limit = params.mentor_km();
        let opts: Vec<Vec<(Person, i64)>> = (net.mentees.iter())
            .map(|m| options(&s, &targets, m, limit))
            .collect();
        let (best_served, best_cost) = brute_force(&opts, params.mentor_load());
        let mut cost = 0;
        let mut load: HashMap<Person, usize> = HashMap::new();
        for (m, opts) in net.mentees.iter().zip(&opts) {
            if let Outcome::Matched { mentor, .. } = m.outcome {
                let c = opts.iter().find(|(p, _)| *p == mentor);
                cost += c
                    .unwrap_or_else(|| panic!("{mentor:?} may not mentor {m:?}"))
                    .1;
                *load.entry(mentor).or_default() += 1;
            }
        }
        assert!(
            load.values().all(|&l| l <= params.mentor_load()),
            "{load:?}"
        );
        let served: Vec<bool> = (net.mentees.iter())
            .map(|m| matches!(m.outcome, Outcome::Matched { .. }))
            .collect();
        assert_eq!(
            (served, cost),
            (best_served, best_cost),
            "{:#?}",
            net.mentees
        );
        assert_eq!(net.cut, 0);
        for (m, opts) in net.mentees.iter().zip(&opts) {
            let kind = match m.outcome {
                Outcome::Matched { .. } => 0,
                Outcome::Unmatched(why) => {
                    check_reason(&s, &targets, m, opts, why, limit);
                    match why {
                        Unmatched::Taken => 1,
                        Unmatched::TooFar { .. } => 2,
                        Unmatched::NoMentor => 3,
                        Unmatched::NoSubject => 4,
                    }
                }
            };
            seen[kind] += 1;
        }
    }
    eprintln!("matched, taken, too far, no mentor, no subject: {seen:?}");
    assert!(seen.iter().all(|&n| n >= 5), "{seen:?}");
}

/// An unmatched mentee's reason is the true one.
fn check_reason(
    s: &Schools,
    targets: &Targets,
    m: &Mentee,
    opts: &[(Person, i64)],
    why: Unmatched,
    limit: f64,
) {
    let everywhere = options(s, targets, m, f64::INFINITY);
    match why {
        Unmatched::NoSubject => assert_eq!(m.track, None),
        Unmatched::NoMentor => assert!(m.track.is_some() && everywhere.is_empty(), "{m:?}"),
        Unmatched::TooFar { nearest_km } => {
            assert!(opts.is_empty() && !everywhere.is_empty(), "{m:?}");
            let nearest = (everywhere.iter())
                .filter_map(|(p, _)| reach::km(s, m.person.school, p.school))
                .fold(f64::INFINITY, f64::min);
            assert!(
                nearest > limit && (nearest - nearest_km).abs() < 1e-9,
                "{m:?}"
            );
        }
        Unmatched::Taken => assert!(!opts.is_empty(), "{m:?}"),
    }
}

#[test]
fn teachers_of_weak_subjects_of_target_schools_are_supported_by_mentors_of_other_schools() {
    // Topic 0 (mathematics) is weak at school 0 (ШНОР) and school 1 (ШНСУ); school 2 is strong.
    let math = |_school: usize| teacher(0, Qualification::First, false);
    let highest = teacher(0, Qualification::Highest, false);
    let mut s = schools_with(
        vec![
            vec![math(0), highest, teacher(1, Qualification::First, false)],
            vec![math(1)],
            vec![
                highest,
                teacher(0, Qualification::First, false),
                leader(Post::Head, 12.0),
            ],
            vec![leader(Post::Head, 1.0), highest],
        ],
        vec![
            Some((45.0, 39.0)),
            Some((45.1, 39.0)),
            Some((45.2, 39.0)),
            None,
        ],
    );
    let z = |v: f64| Some(SubjectScore { z: v, points: None });
    s.subjects = vec![SubjectColumn {
        topic: 0,
        values: vec![z(-2.0), z(-2.0), z(1.5), z(1.0)],
    }];
    let targets = Targets {
        low_results: vec![true, false, false, false],
        unfavourable_conditions: vec![false, true, false, false],
    };
    let net = run(
        &s,
        &targets,
        &AdviseParams::default().check().expect("valid"),
    );
    let view: Vec<(Person, Vec<Need>, Option<Person>)> = (net.mentees.iter())
        .map(|m| {
            let mentor = match m.outcome {
                Outcome::Matched { mentor, .. } => Some(mentor),
                Outcome::Unmatched(_) => None,
            };
            (m.person, m.needs.clone(), mentor)
        })
        .collect();
    let p = |school, staff| Person { school, staff };
    assert_eq!(
        view,
        vec![
            // The ШНОР school's first-category mathematician (not the highest-category one, not
            // the physicist, whose subject is not weak): the nearest highest-category mentor.
            (p(0, 0), vec![Need::LowResultsSchool], Some(p(2, 0))),
            // The ШНСУ school's: the nearest mentor with room (load 2) is the same one.
            (p(1, 0), vec![Need::UnfavourableConditions], Some(p(2, 0))),
            // The new head of a school without coordinates: the experienced head.
            (p(3, 0), vec![Need::NewLeader], Some(p(2, 2))),
        ]
    );
}

#[test]
fn the_load_and_the_distance_limit_leave_mentees_unmatched_with_their_reason() {
    // One mentor of mathematics 30 km away; three young mathematicians, one 120 km away.
    let young = teacher(0, Qualification::NoCategory, true);
    let s = schools_with(
        vec![
            vec![teacher(0, Qualification::Highest, false)],
            vec![young, young],
            vec![young],
            vec![teacher(1, Qualification::NoCategory, true)],
        ],
        vec![
            Some((45.0, 39.0)),
            Some((45.27, 39.0)),
            Some((46.08, 39.0)),
            Some((45.0, 39.1)),
        ],
    );
    let targets = Targets {
        low_results: vec![false; 4],
        unfavourable_conditions: vec![false; 4],
    };
    let params = AdviseParams::default()
        .mentor_load(1)
        .check()
        .expect("valid");
    let net = run(&s, &targets, &params);
    let outcomes: Vec<Outcome> = net.mentees.iter().map(|m| m.outcome).collect();
    assert!(
        matches!(outcomes[0], Outcome::Matched { km: Some(km), .. } if (km - 30.0).abs() < 0.1)
    );
    assert_eq!(outcomes[1], Outcome::Unmatched(Unmatched::Taken));
    assert!(
        matches!(outcomes[2], Outcome::Unmatched(Unmatched::TooFar { nearest_km }) if nearest_km > 119.0)
    );
    assert_eq!(outcomes[3], Outcome::Unmatched(Unmatched::NoMentor));
}
