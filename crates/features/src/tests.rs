//! Unit tests of the profile step on small hand-built districts.

use std::collections::BTreeMap;

use model::{
    District, ExamKind, ExamRecord, ExamSummary, ExtraIndicator, ExtraValue, OlympiadRecord,
    OlympiadResult, OlympiadStage, Passport, PassportField, Qualification, Role, School, SchoolId,
    SchoolIx, StaffMember, StudentIx, Subject,
};

use super::*;
use crate::build::imputation_values;

fn school(id: &str, students: u32, low_income: Option<f64>) -> School {
    let mut passport = Passport::default();
    passport.set(PassportField::LowIncomePct, low_income);
    School {
        id: SchoolId(id.into()),
        name: id.into(),
        students,
        kind: None,
        settlement: None,
        lat: None,
        lon: None,
        passport,
        vacancies: None,
    }
}

fn exam(school: u32, exam: ExamKind, subject: &str, score: f64) -> ExamRecord {
    ExamRecord {
        school: SchoolIx(school),
        year: 2025,
        exam,
        subject: Subject::new(subject),
        student: None,
        score: Some(score),
        mark: None,
    }
}

/// Three schools; the third has no exam results.
fn district() -> District {
    District {
        schools: vec![
            school("A", 100, Some(10.0)),
            school("B", 400, None),
            school("C", 50, Some(30.0)),
        ],
        exams: vec![
            exam(0, ExamKind::Ege, "математика", 60.0),
            exam(0, ExamKind::Ege, "математика", 80.0),
            exam(1, ExamKind::Ege, "математика", 40.0),
            exam(0, ExamKind::Oge, "русский язык", 20.0),
            exam(1, ExamKind::Oge, "русский язык", 30.0),
        ],
        staff: vec![
            staff(0, Qualification::Highest, 2.0),
            staff(0, Qualification::First, 20.0),
            staff(0, Qualification::Highest, 10.0),
            staff(0, Qualification::NoCategory, 1.0),
        ],
        olympiads: vec![
            olympiad(0, OlympiadStage::Municipal, OlympiadResult::Winner),
            olympiad(0, OlympiadStage::Regional, OlympiadResult::PrizeWinner),
            olympiad(0, OlympiadStage::School, OlympiadResult::Winner),
            olympiad(0, OlympiadStage::Municipal, OlympiadResult::Participant),
        ],
        ..District::default()
    }
}

/// A staff member with an id of their own (the staff indicators count each id once).
fn staff(school: u32, q: Qualification, experience: f64) -> StaffMember {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    StaffMember {
        school: SchoolIx(school),
        year: None,
        staff_id: format!("t{n}"),
        full_name: None,
        role: None,
        subject: None,
        experience_years: Some(experience),
        years_in_post: None,
        qualification: Some(q),
        age: None,
    }
}

fn olympiad(school: u32, stage: OlympiadStage, result: OlympiadResult) -> OlympiadRecord {
    OlympiadRecord {
        school: SchoolIx(school),
        year: 2025,
        stage,
        subject: None,
        student_id: None,
        result,
    }
}

/// The default settings, checked.
fn defaults() -> ValidFeatureParams {
    FeatureParams::default().check().expect("valid defaults")
}

fn check(profiles: &Profiles, indicator: Indicator, expected: &[Option<f64>]) {
    let column = profiles
        .column(indicator.clone())
        .expect("indicator computed");
    assert_eq!(column.values.len(), expected.len());
    for (got, want) in column.values.iter().zip(expected) {
        match (got, want) {
            (Some(g), Some(w)) => assert!((g - w).abs() < 1e-9, "{indicator:?}: {g} != {w}"),
            _ => assert_eq!(got, want, "{indicator:?}"),
        }
    }
}

#[test]
fn school_without_exam_results_is_excluded_with_reason() {
    let p = build(&district(), &defaults()).expect("profiles");
    assert_eq!(p.schools, vec![SchoolIx(0), SchoolIx(1)]);
    assert_eq!(
        p.excluded,
        vec![Exclusion {
            school: SchoolIx(2),
            reason: ExclusionReason::NoExamResults
        }]
    );
}

#[test]
fn exam_indices_are_hand_computable() {
    let p = build(&district(), &defaults()).expect("profiles");
    // ЕГЭ математика 2025: A has 2 takers, mean 70; B 1 taker, 40.
    // Weighted mean (2·70 + 40) / 3 = 60; weighted variance (2·10² + 20²) / 3 = 200.
    let sd = 200f64.sqrt();
    check(
        &p,
        Indicator::EgeIndex,
        &[Some(10.0 / sd), Some(-20.0 / sd)],
    );
    check(&p, Indicator::EgeMeanScore, &[Some(70.0), Some(40.0)]);
    // ОГЭ русский: 20 and 30, one taker each; mean 25, sd 5.
    let s = 1.0;
    check(&p, Indicator::OgeIndex, &[Some(-s), Some(s)]);
    // Composite: A (0.5 - s)/2, B (-1 + s)/2; standardised over two schools: A above B.
    assert!(p.score[0] > p.score[1]);
    // (Two takers or fewer a school: the scores are shrunk nearly together, so the
    // standardisation divides by a small spread; the sum is 0 up to rounding.)
    assert!(
        (p.score[0] + p.score[1]).abs() < 1e-9,
        "{:?} {:?}",
        p.score,
        p.standing
    );
}

#[test]
fn resources_and_olympiads_are_hand_computable() {
    let p = build(&district(), &defaults()).expect("profiles");
    check(&p, Indicator::HighestCategoryPct, &[Some(50.0), None]);
    check(&p, Indicator::YoungTeachersPct, &[Some(50.0), None]);
    check(&p, Indicator::StudentsPerTeacher, &[Some(25.0), None]);
    // Two awards at municipal stage or above, 100 students, one year.
    check(&p, Indicator::OlympiadPrizesPer100, &[Some(2.0), Some(0.0)]);
}

#[test]
fn missing_context_is_imputed_with_the_median_and_marked() {
    let p = build(&district(), &defaults()).expect("profiles");
    let column = p
        .column(Indicator::Passport(PassportField::LowIncomePct))
        .expect("column");
    assert_eq!(column.values, vec![Some(10.0), None]);
    assert_eq!(column.imputed, vec![false, true]);
    assert!(p.notes.contains(&Note::Imputed {
        indicator: Indicator::Passport(PassportField::LowIncomePct),
        count: 1
    }));
    // Imputed with the median of the observed (10) it equals A's value: constant, dropped.
    assert!(p
        .notes
        .contains(&Note::ConstantIndicator(Indicator::Passport(
            PassportField::LowIncomePct
        ))));
    assert_eq!(p.context_indicators, vec![Indicator::LogStudents]);
}

#[test]
fn school_missing_most_context_is_excluded() {
    let mut d = district();
    for s in &mut d.schools {
        s.passport
            .set(PassportField::DisabilityPct, Some(1.0 + s.students as f64));
        s.passport.set(PassportField::NonNativePct, Some(2.0));
    }
    d.schools[1].passport = Passport::default();
    let p = build(&d, &defaults()).expect("profiles");
    assert_eq!(p.schools, vec![SchoolIx(0)]);
    assert!(p.excluded.contains(&Exclusion {
        school: SchoolIx(1),
        reason: ExclusionReason::MissingContext {
            missing: 3,
            total: 4
        }
    }));
}

#[test]
fn nothing_to_rank_is_an_error() {
    let mut d = district();
    d.exams.clear();
    assert_eq!(build(&d, &defaults()), Err(FeatureError::NothingToRank));
}

/// The district's per-student exam rows as per-school summaries.
fn summarised(d: &District) -> District {
    let mut cells: BTreeMap<(u32, u16, ExamKind, Subject), (u32, f64)> = BTreeMap::new();
    for r in &d.exams {
        let cell = cells
            .entry((r.school.0, r.year, r.exam, r.subject.clone()))
            .or_default();
        cell.0 += 1;
        cell.1 += r.score.expect("scores");
    }
    District {
        exams: Vec::new(),
        exam_summaries: cells
            .into_iter()
            .map(|((school, year, exam, subject), (n, sum))| ExamSummary {
                school: SchoolIx(school),
                year,
                exam,
                subject,
                participants: n,
                mean_score: Some(sum / f64::from(n)),
                sd_score: None,
                mean_mark: None,
                failed: None,
                high_scorers: None,
            })
            .collect(),
        ..d.clone()
    }
}

#[test]
fn a_summary_table_gives_the_profile_of_its_student_table() {
    let d = district();
    let per_student = build(&d, &defaults()).expect("profiles");
    let per_school = build(&summarised(&d), &defaults()).expect("profiles");
    assert_eq!(per_school.schools, per_student.schools);
    for indicator in [
        Indicator::EgeIndex,
        Indicator::OgeIndex,
        Indicator::EgeMeanScore,
    ] {
        let want = &per_student
            .column(indicator.clone())
            .expect("column")
            .values;
        check(&per_school, indicator, want);
    }
    for (a, b) in per_school.score.iter().zip(&per_student.score) {
        assert!((a - b).abs() < 1e-12, "{a} != {b}");
    }
}

#[test]
fn marks_count_where_no_score_is_given() {
    let mut d = district();
    // School C now has ОГЭ marks only: it is ranked, and has a mean mark.
    for mark in [3, 4] {
        d.exams.push(ExamRecord {
            score: None,
            mark: Some(mark),
            ..exam(2, ExamKind::Oge, "русский язык", 0.0)
        });
    }
    d.exam_summaries.push(ExamSummary {
        school: SchoolIx(1),
        year: 2025,
        exam: ExamKind::Oge,
        subject: Subject::new("математика"),
        participants: 2,
        mean_score: None,
        sd_score: None,
        mean_mark: Some(4.5),
        failed: None,
        high_scorers: None,
    });
    let p = build(&d, &defaults()).expect("profiles");
    assert_eq!(p.schools, vec![SchoolIx(0), SchoolIx(1), SchoolIx(2)]);
    check(&p, Indicator::OgeMeanMark, &[None, Some(4.5), Some(3.5)]);
    // The marks cells standardise on their own: C is alone in its (ОГЭ, русский, mark) cell.
    check(
        &p,
        Indicator::OgeIndex,
        &[Some(-1.0), Some(1.0 / 3.0), Some(0.0)],
    );
}

fn extra_indicator(code: &str, role: Role) -> ExtraIndicator {
    ExtraIndicator {
        code: code.into(),
        name: format!("{code} name"),
        role,
        file: "rating.csv".into(),
        share: false,
    }
}

#[test]
fn extra_indicators_take_their_latest_value_and_role() {
    let mut d = district();
    d.extra_indicators = vec![
        extra_indicator("rating", Role::Outcome),
        extra_indicator("remote", Role::Context),
    ];
    let value = |school, year, indicator, value| ExtraValue {
        school: SchoolIx(school),
        year,
        indicator,
        value,
    };
    d.extra_values = vec![
        value(0, Some(2025), 0, 7.0),
        value(0, Some(2024), 0, 3.0),
        value(1, Some(2024), 0, 5.0),
        value(0, None, 1, 1.0),
        value(1, None, 1, 4.0),
    ];
    let p = build(&d, &defaults()).expect("profiles");
    let rating = Indicator::Extra(Arc::new(d.extra_indicators[0].clone()));
    let remote = Indicator::Extra(Arc::new(d.extra_indicators[1].clone()));
    check(&p, rating.clone(), &[Some(7.0), Some(5.0)]);
    assert_eq!(rating.code(), "rating");
    assert_eq!(rating.name(model::Lang::En), "rating name");
    assert!(p.context_indicators.contains(&remote));
    assert!(!p.context_indicators.contains(&rating));
}

#[test]
fn an_extra_code_may_not_be_a_built_in_one() {
    let mut d = district();
    d.extra_indicators = vec![extra_indicator("ege_index", Role::Outcome)];
    assert_eq!(
        build(&d, &defaults()),
        Err(FeatureError::ExtraCodeClash("ege_index".into()))
    );
}

#[test]
fn a_summary_of_nobody_adds_nothing() {
    let d = district();
    let mut with_empty = summarised(&d);
    // A row for a subject nobody took at school C, with a mean written anyway.
    with_empty.exam_summaries.push(ExamSummary {
        school: SchoolIx(2),
        year: 2025,
        exam: ExamKind::Ege,
        subject: Subject::new("математика"),
        participants: 0,
        mean_score: Some(0.0),
        sd_score: None,
        mean_mark: Some(2.0),
        failed: None,
        high_scorers: None,
    });
    let want = build(&summarised(&d), &defaults()).expect("profiles");
    let got = build(&with_empty, &defaults()).expect("profiles");
    assert_eq!(got.schools, want.schools, "C still has no results");
    for indicator in [Indicator::EgeIndex, Indicator::EgeMeanScore] {
        let values = &want.column(indicator.clone()).expect("column").values;
        check(&got, indicator, values);
    }
}

/// A result of a named student with a score or a mark, in 2025.
fn result(school: u32, exam: ExamKind, subject: &str, student: Option<StudentIx>) -> ExamRecord {
    ExamRecord {
        student,
        ..self::exam(school, exam, subject, 0.0)
    }
}

fn teacher(school: u32, q: Qualification, experience: f64, age: f64, subject: &str) -> StaffMember {
    StaffMember {
        age: Some(age),
        subject: (!subject.is_empty()).then(|| Subject::new(subject)),
        ..staff(school, q, experience)
    }
}

#[test]
fn a_staff_member_with_a_row_per_subject_counts_once_and_teaches_both() {
    let mut d = district();
    d.exams.push(exam(0, ExamKind::Ege, "физика", 50.0));
    let maths = teacher(0, Qualification::Highest, 2.0, 65.0, "математика");
    let physics = StaffMember {
        subject: Some(Subject::new("физика")),
        ..maths.clone()
    };
    let other = teacher(0, Qualification::First, 10.0, 40.0, "");
    d.staff = vec![maths, physics, other];
    let (indicators, untaught) = staff_indicators(&d);
    let value = |i: Indicator| indicators.iter().find(|(x, _)| *x == i).map(|(_, v)| v[0]);
    assert_eq!(value(Indicator::HighestCategoryPct), Some(Some(50.0)));
    assert_eq!(value(Indicator::OlderTeachersPct), Some(Some(50.0)));
    let subjects: Vec<String> = untaught[0]
        .iter()
        .flatten()
        .map(|s| s.as_str().to_owned())
        .collect();
    assert_eq!(
        subjects,
        ["русский язык"],
        "the second row's physics is taught"
    );
}

/// School A has per-student results with ids, marks and staff; school B per-school summaries only.
fn results_district() -> District {
    let mut d = District {
        schools: vec![school("A", 100, Some(10.0)), school("B", 200, Some(20.0))],
        ..District::default()
    };
    let mut students = model::Students::default();
    let [a1, a2, a3] = ["a1", "a2", "a3"].map(|id| students.push(id));
    let ege = |student, subject, score: f64| ExamRecord {
        score: Some(score),
        ..result(0, ExamKind::Ege, subject, student)
    };
    let marked = |exam, subject, mark: u8| ExamRecord {
        score: None,
        mark: Some(mark),
        ..result(0, exam, subject, None)
    };
    d.exams = vec![
        // a1: 90 + 80 + 70 = 240 on three subjects.
        ege(a1, "русский язык", 90.0),
        ege(a1, "математика", 80.0),
        ege(a1, "физика", 70.0),
        // a2: 60 + 50 + 40 = 150; 40 is below the social studies minimum (42).
        ege(a2, "Русский язык", 60.0),
        ege(a2, "математика (профильная)", 50.0),
        ege(a2, "обществознание", 40.0),
        // a3: two subjects only; 20 is below the Russian minimum (24).
        ege(a3, "русский язык", 20.0),
        ege(a3, "математика", 85.0),
        marked(ExamKind::Oge, "биология", 2),
        marked(ExamKind::Oge, "биология", 3),
        marked(ExamKind::Oge, "математика", 5),
        marked(ExamKind::Oge, "математика", 2),
        marked(ExamKind::Vpr, "математика", 4),
        marked(ExamKind::Vpr, "русский язык", 5),
    ];
    d.students = students;
    let summary = |subject: &str, participants, mean, failed, high_scorers| ExamSummary {
        school: SchoolIx(1),
        year: 2025,
        exam: ExamKind::Ege,
        subject: Subject::new(subject),
        participants,
        mean_score: Some(mean),
        sd_score: None,
        mean_mark: None,
        failed,
        high_scorers,
    };
    d.exam_summaries = vec![
        summary("математика", 10, 50.0, Some(1), Some(2)),
        summary("физика", 5, 60.0, Some(0), None),
    ];
    d.staff = vec![
        teacher(0, Qualification::Highest, 2.0, 65.0, "математика"),
        teacher(
            0,
            Qualification::First,
            20.0,
            40.0,
            "русский язык и литература",
        ),
        teacher(0, Qualification::First, 10.0, 60.0, ""),
        teacher(0, Qualification::NoCategory, 1.0, 30.0, "физика"),
    ];
    d
}

#[test]
fn exam_outcomes_are_hand_computable() {
    let p = build(&results_district(), &defaults()).expect("profiles");
    let third = 100.0 / 3.0;
    for (indicator, expected) in [
        // A: (90 + 80 + 60 + 50 + 20 + 85) / 6; B: the mathematics summary.
        (Indicator::EgeCompulsoryMeanScore, [385.0 / 6.0, 50.0]),
        // A: (70 + 40) / 2; B: physics.
        (Indicator::EgeElectiveMeanScore, [55.0, 60.0]),
        // A: 20 and 40 of 8 results; B: 1 failed of 15 participants.
        (Indicator::EgeBelowMinimumPct, [25.0, 100.0 / 15.0]),
        // A: 90 and 85 of 8; B: 2 of the 10 whose high scorers are given.
        (Indicator::EgeHighScorePct, [25.0, 20.0]),
        // Both marks of 2 among 4 ОГЭ marks.
        (Indicator::OgeFailPct, [50.0, f64::NAN]),
        (Indicator::VprMeanMark, [4.5, f64::NAN]),
    ] {
        let expected: Vec<Option<f64>> = expected
            .iter()
            .map(|v| (!v.is_nan()).then_some(*v))
            .collect();
        check(&p, indicator, &expected);
    }
    // One graduate of three reaches 160 (and 220) on three subjects; B gives no student ids.
    check(&p, Indicator::Ege160On3Pct, &[Some(third), None]);
    check(&p, Indicator::Ege220On3Pct, &[Some(third), None]);
}

#[test]
fn staff_resources_are_hand_computable() {
    let p = build(&results_district(), &defaults()).expect("profiles");
    check(&p, Indicator::HighestCategoryPct, &[Some(25.0), None]);
    check(&p, Indicator::FirstCategoryPct, &[Some(50.0), None]);
    check(&p, Indicator::YoungTeachersPct, &[Some(50.0), None]);
    // Aged 65 and 60 of four.
    check(&p, Indicator::OlderTeachersPct, &[Some(50.0), None]);
    // ЕГЭ and ОГЭ subjects of 2025: Russian, mathematics, physics, social studies, biology;
    // nobody teaches social studies or biology. B's staff is unknown.
    check(&p, Indicator::SubjectsWithoutTeacher, &[Some(2.0), None]);
    // As the schools table gives them: A has one and a half posts open, B did not say.
    let mut d = results_district();
    d.schools[0].vacancies = Some(1.5);
    let p = build(&d, &defaults()).expect("profiles");
    check(&p, Indicator::Vacancies, &[Some(1.5), None]);
}

#[test]
fn ege_minimums_and_compulsory_subjects_are_found_by_their_first_word() {
    let min = |s: &str| ege_minimum(&Subject::new(s));
    assert_eq!(min("Русский язык"), Some(24.0));
    assert_eq!(min("математика (профильный уровень)"), Some(27.0));
    assert_eq!(min("английский язык"), Some(EGE_FOREIGN_LANGUAGE_MINIMUM));
    assert_eq!(min("информатика и ИКТ"), Some(40.0));
    assert_eq!(min("астрономия"), None);
    assert!(is_compulsory(&Subject::new("математика базовая")));
    assert!(!is_compulsory(&Subject::new("литература")));
}

#[test]
fn the_catalogue_lists_every_built_in_indicator_once() {
    // Each kind of built-in indicator has a number here: adding a variant breaks this match
    // until it is numbered, and then the check below fails until it is in `every` and in the
    // catalogue.
    let kind = |i: &Indicator| -> usize {
        match i {
            Indicator::Extra(_) => usize::MAX,
            Indicator::Passport(_) => 0,
            Indicator::LogStudents => 1,
            Indicator::Rural => 2,
            Indicator::FullSecondary => 3,
            Indicator::EgeIndex => 4,
            Indicator::OgeIndex => 5,
            Indicator::EgeMeanScore => 6,
            Indicator::OgeMeanScore => 7,
            Indicator::EgeCompulsoryMeanScore => 8,
            Indicator::EgeElectiveMeanScore => 9,
            Indicator::EgeBelowMinimumPct => 10,
            Indicator::EgeHighScorePct => 11,
            Indicator::Ege160On3Pct => 12,
            Indicator::Ege220On3Pct => 13,
            Indicator::OgeMeanMark => 14,
            Indicator::OgeFailPct => 15,
            Indicator::VprMeanMark => 16,
            Indicator::OlympiadPrizesPer100 => 17,
            Indicator::HighestCategoryPct => 18,
            Indicator::FirstCategoryPct => 19,
            Indicator::YoungTeachersPct => 20,
            Indicator::OlderTeachersPct => 21,
            Indicator::StudentsPerTeacher => 22,
            Indicator::SubjectsWithoutTeacher => 23,
            Indicator::Vacancies => 24,
        }
    };
    let every: Vec<Indicator> = [
        Indicator::LogStudents,
        Indicator::Rural,
        Indicator::FullSecondary,
        Indicator::EgeIndex,
        Indicator::OgeIndex,
        Indicator::EgeMeanScore,
        Indicator::OgeMeanScore,
        Indicator::EgeCompulsoryMeanScore,
        Indicator::EgeElectiveMeanScore,
        Indicator::EgeBelowMinimumPct,
        Indicator::EgeHighScorePct,
        Indicator::Ege160On3Pct,
        Indicator::Ege220On3Pct,
        Indicator::OgeMeanMark,
        Indicator::OgeFailPct,
        Indicator::VprMeanMark,
        Indicator::OlympiadPrizesPer100,
        Indicator::HighestCategoryPct,
        Indicator::FirstCategoryPct,
        Indicator::YoungTeachersPct,
        Indicator::OlderTeachersPct,
        Indicator::StudentsPerTeacher,
        Indicator::SubjectsWithoutTeacher,
        Indicator::Vacancies,
    ]
    .into_iter()
    .chain(PassportField::ALL.map(Indicator::Passport))
    .collect();
    let kinds: std::collections::BTreeSet<usize> = every.iter().map(kind).collect();
    assert_eq!(
        kinds,
        (0..=24).collect(),
        "every kind of indicator is in `every`"
    );
    for i in &every {
        assert!(
            Indicator::BUILT_IN.contains(i),
            "{} is in the catalogue",
            i.code()
        );
    }
    assert_eq!(Indicator::BUILT_IN.len(), every.len(), "nothing else is");
    for field in PassportField::ALL {
        assert!(Indicator::BUILT_IN.contains(&Indicator::Passport(field)));
    }
    let mut codes: Vec<&str> = Indicator::BUILT_IN.iter().map(Indicator::code).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), Indicator::BUILT_IN.len(), "codes are unique");
}

#[test]
fn a_tiny_cohort_with_a_perfect_mean_does_not_outrank_a_large_one_just_below() {
    let params = synth::SynthParams::new(100, 2)
        .seed(3)
        .check()
        .expect("valid");
    let mut d = synth::generate(&params).district;
    let year = d.exams.iter().map(|r| r.year).max().expect("results");
    // Two schools in the same conditions: X with 4 ЕГЭ mathematics takers who all
    // score 100, Y with 60 who score 97.
    let template = d.schools[0].clone();
    for (id, takers, score) in [("X", 4, 100.0), ("Y", 60, 97.0)] {
        let ix = SchoolIx(d.schools.len() as u32);
        d.schools.push(School {
            id: SchoolId(id.into()),
            name: id.into(),
            ..template.clone()
        });
        for _ in 0..takers {
            d.exams.push(ExamRecord {
                school: ix,
                year,
                ..exam(0, ExamKind::Ege, "математика", score)
            });
        }
    }
    let p = build(&d, &defaults()).expect("profiles");
    let row = |id: &str| {
        p.schools
            .iter()
            .position(|&s| d.school(s).id.0 == id)
            .expect("ranked")
    };
    let (x, y) = (row("X"), row("Y"));
    let (sx, sy) = (&p.standing[x], &p.standing[y]);
    assert!(sx.unshrunk > sy.unshrunk, "before shrinkage X is ahead");
    assert!(
        p.score[y] > p.score[x],
        "after shrinkage Y ({}) is ahead of X ({})",
        p.score[y],
        p.score[x]
    );
    assert_eq!((sx.cohort, sy.cohort), (4, 60));
    assert!(sx.low_confidence && !sy.low_confidence);
    let width = |s: &Standing| s.interval.1 - s.interval.0;
    assert!(
        width(sx) > width(sy),
        "X's interval is wider: {sx:?} {sy:?}"
    );
    assert!(sx.interval.0 <= p.score[x] && p.score[x] <= sx.interval.1);
    assert!(p.shrinkage.noise_per_taker > 0.0 && p.shrinkage.between_schools > 0.0);
}

#[test]
fn shrinkage_leaves_values_without_noise_and_pulls_noisy_ones_to_their_expectation() {
    // Known noise variances: the noisiest values are pulled furthest.
    let x = [1.0, -1.0, 2.0, -2.0, 0.5, -0.5];
    let expected = [0.0; 6];
    let v = [0.01, 0.01, 1.0, 1.0, 0.01, 0.01];
    let takers = [100.0, 100.0, 1.0, 1.0, 100.0, 100.0];
    let s = shrink(&x, &expected, &v, &takers);
    // Each school's noise is 1 per taker.
    assert!((s.fit.noise_per_taker - 1.0).abs() < 1e-12);
    // τ² = mean((x − e)²) − mean(v) = 1.75 − 0.34.
    assert!((s.fit.between_schools - 1.41).abs() < 1e-12);
    let pull = |i: usize| (x[i] - s.values[i]) / x[i];
    assert!(pull(2) > pull(0) && pull(3) > pull(1));
    assert!(s.values.iter().zip(&x).all(|(v, x)| v.abs() <= x.abs()));
}

/// Two schools in the same conditions, with four takers of each exam: A is
/// ahead at the ЕГЭ, B at the ОГЭ.
fn two_strengths() -> District {
    let mut exams = Vec::new();
    for (school, ege, oge) in [(0, 80.0, 20.0), (1, 60.0, 30.0)] {
        for _ in 0..4 {
            exams.push(exam(school, ExamKind::Ege, "математика", ege));
            exams.push(exam(school, ExamKind::Oge, "математика", oge));
        }
    }
    District {
        schools: vec![school("A", 100, Some(10.0)), school("B", 100, Some(10.0))],
        exams,
        ..District::default()
    }
}

fn weighted(weights: &[(&str, f64)]) -> ValidFeatureParams {
    FeatureParams::default()
        .weights(weights.iter().map(|(c, w)| (c.to_string(), *w)))
        .check()
        .expect("valid")
}

#[test]
fn the_weights_decide_which_results_rank() {
    let d = two_strengths();
    let ege_only = build(&d, &weighted(&[("ege_index", 1.0)])).expect("profiles");
    assert!(ege_only.score[0] > ege_only.score[1], "A leads on the ЕГЭ");
    let oge_only =
        build(&d, &weighted(&[("oge_index", 1.0), ("ege_index", 0.0)])).expect("profiles");
    assert!(oge_only.score[1] > oge_only.score[0], "B leads on the ОГЭ");
    // Equal weights: A's ЕГЭ lead (1 SD of the cell) equals B's ОГЭ lead: a tie.
    let both = build(&d, &defaults()).expect("profiles");
    assert!((both.score[0] - both.score[1]).abs() < 1e-9);
    // Any outcome indicator can be weighed; lower-is-better ones count against.
    let mean_score = build(&d, &weighted(&[("oge_mean_score", 1.0)])).expect("profiles");
    assert!(mean_score.score[1] > mean_score.score[0]);
}

#[test]
fn a_context_indicator_switched_off_is_not_grouped_by() {
    let d = district();
    let all = build(&d, &defaults()).expect("profiles");
    assert!(all.context_indicators.contains(&Indicator::LogStudents));
    let off = FeatureParams::default()
        .context_off(["log_students".to_owned()])
        .check()
        .expect("valid");
    let p = build(&d, &off).expect("profiles");
    assert!(!p.context_indicators.contains(&Indicator::LogStudents));
    assert_eq!(p.context_indicators.len() + 1, all.context_indicators.len());
}

#[test]
fn config_codes_must_name_indicators_of_the_right_role() {
    let d = district();
    let with = |weights: &[(&str, f64)], off: &[&str]| {
        let params = FeatureParams::default()
            .weights(weights.iter().map(|(c, w)| (c.to_string(), *w)))
            .context_off(off.iter().map(|c| c.to_string()))
            .check()
            .expect("valid");
        build(&d, &params).map(|_| ())
    };
    assert_eq!(
        with(&[("no_such", 1.0)], &[]),
        Err(FeatureError::UnknownIndicator {
            section: "[outcome.weights]",
            code: "no_such".into()
        })
    );
    assert_eq!(
        with(&[("students_per_teacher", 1.0)], &[]),
        Err(FeatureError::NotAnOutcome("students_per_teacher".into()))
    );
    assert_eq!(
        with(&[("ege_index", 1.0)], &["ege_index"]),
        Err(FeatureError::NotContext {
            section: "[context] off",
            code: "ege_index".into()
        })
    );
    assert_eq!(
        with(&[("ege_index", 1.0)], &["nope"]),
        Err(FeatureError::UnknownIndicator {
            section: "[context] off",
            code: "nope".into()
        })
    );
}

#[test]
fn a_school_without_any_weighted_outcome_is_excluded_with_its_reason() {
    // Only ВПР is weighed; school A has no ВПР result.
    let mut d = results_district();
    d.exams.retain(|r| r.exam != ExamKind::Vpr);
    d.exams.push(ExamRecord {
        school: SchoolIx(1),
        score: None,
        mark: Some(4),
        ..exam(1, ExamKind::Vpr, "математика", 0.0)
    });
    let p = build(&d, &weighted(&[("vpr_mean_mark", 1.0)])).expect("profiles");
    assert_eq!(p.schools, [SchoolIx(1)]);
    assert_eq!(
        p.excluded,
        [Exclusion {
            school: SchoolIx(0),
            reason: ExclusionReason::NoWeightedOutcome
        }]
    );
}

/// Ten schools, three years of ЕГЭ Russian (one graduate per school and year), the
/// latest year with electives; S0 is the bottom every year, S1 ties it in 2025.
fn criteria_district() -> District {
    let mut d = District {
        schools: (0..10)
            .map(|i| school(&format!("S{i}"), 100, Some(10.0)))
            .collect(),
        ..District::default()
    };
    let mut exams = Vec::new();
    for year in [2024, 2025, 2026] {
        for i in 0..10u32 {
            let student = d.students.push(&format!("S{i}-{year}"));
            let russian = match (i, year) {
                (0, _) | (1, 2025) => 30.0,
                _ => 50.0 + f64::from(i),
            };
            let mut result = |subject: &str, score: f64| {
                exams.push(ExamRecord {
                    year,
                    student,
                    ..exam(i, ExamKind::Ege, subject, score)
                })
            };
            result("русский язык", russian);
            if year == 2026 {
                match i {
                    0 => {
                        result("физика", 60.0);
                        result("обществознание", 40.0);
                    }
                    2 => result("физика", 45.0),
                    3 => {
                        result("физика", 70.0);
                        result("обществознание", 58.0);
                    }
                    4 => result("обществознание", 60.0),
                    _ => {}
                }
            }
        }
    }
    d.exams = exams;
    d.staff = vec![
        staff(0, Qualification::Highest, 10.0),
        staff(0, Qualification::First, 10.0),
        staff(0, Qualification::NoCategory, 10.0),
        staff(1, Qualification::Conformity, 10.0),
    ];
    d
}

#[test]
fn regional_criteria_are_hand_computable() {
    let c = regional_criteria(&criteria_district());
    assert_eq!(c.years, [2024, 2025, 2026]);
    let row = |i: usize| &c.schools[i];
    assert_eq!((row(0).bottom_years, row(0).bottom_every_year), (3, true));
    assert_eq!((row(1).bottom_years, row(1).bottom_every_year), (1, false));
    assert!(c.schools[2..].iter().all(|r| r.bottom_years == 0));
    // Electives of 2026: S0 is the worst in social studies, S2 in physics.
    let worst: Vec<Option<f64>> = c.schools.iter().map(|r| r.worst_elective_pct).collect();
    assert_eq!(
        worst[..6],
        [Some(50.0), None, Some(100.0), Some(0.0), Some(0.0), None]
    );
    // Only S3's graduate has three subjects adding up to 160+ (53 + 70 + 58).
    assert_eq!(row(3).ege_160_on_3_pct, Some(100.0));
    assert_eq!(row(0).ege_160_on_3_pct, Some(0.0));
    let certified = row(0).certified_teachers_pct.expect("staff");
    assert!((certified - 200.0 / 3.0).abs() < 1e-9);
    assert_eq!(row(1).certified_teachers_pct, Some(0.0));
    assert_eq!(row(2).certified_teachers_pct, None);
    // The district: one school bottom every year, 1 graduate of 10, the mean of the
    // schools' elective shares, 2 of 4 teachers.
    assert_eq!(c.district.bottom_years, 1);
    assert_eq!(c.district.ege_160_on_3_pct, Some(10.0));
    assert_eq!(c.district.worst_elective_pct, Some(37.5));
    assert_eq!(c.district.certified_teachers_pct, Some(50.0));
}

#[test]
fn the_context_is_scaled_by_the_chosen_method() {
    let d = district();
    let rank = FeatureParams::default()
        .context_normalisation(Normalisation::Rank)
        .check()
        .expect("valid");
    let ranked = build(&d, &rank).expect("profiles");
    assert!(ranked.context.iter().all(|v| (0.0..=1.0).contains(v)));
    // Two schools: the lower of each indicator is 0 and the higher 1.
    assert!(ranked.context.iter().all(|v| *v == 0.0 || *v == 1.0));
    let z = build(&d, &defaults()).expect("profiles");
    assert_ne!(ranked.context, z.context);
}

#[test]
fn incomplete_context_is_imputed_or_excluded_as_the_config_says() {
    // School B has no low-income share.
    let d = district();
    let imputed = build(&d, &defaults()).expect("profiles");
    assert!(imputed.schools.contains(&SchoolIx(1)));
    let exclude = FeatureParams::default()
        .missing_context(MissingContext::Exclude)
        .check()
        .expect("valid");
    let p = build(&d, &exclude).expect("profiles");
    assert_eq!(p.schools, [SchoolIx(0)]);
    assert!(p.excluded.contains(&Exclusion {
        school: SchoolIx(1),
        reason: ExclusionReason::MissingContext {
            missing: 1,
            total: 2
        }
    }));
    // The policy of one indicator overrides the general one, both ways.
    let one = |general: MissingContext, code: &str, policy: MissingContext| {
        let params = FeatureParams::default()
            .missing_context(general)
            .missing_for(code, policy)
            .check()
            .expect("valid");
        build(&d, &params).expect("profiles").schools
    };
    assert_eq!(
        one(
            MissingContext::Median,
            "low_income_pct",
            MissingContext::Exclude
        ),
        [SchoolIx(0)]
    );
    assert_eq!(
        one(
            MissingContext::Median,
            "log_students",
            MissingContext::Exclude
        ),
        [SchoolIx(0), SchoolIx(1)]
    );
    assert_eq!(
        one(
            MissingContext::Exclude,
            "low_income_pct",
            MissingContext::Median
        ),
        [SchoolIx(0), SchoolIx(1)]
    );
    // Only context indicators have a missing-data policy here.
    let outcome = FeatureParams::default()
        .missing_for("ege_index", MissingContext::Exclude)
        .check()
        .expect("valid");
    assert_eq!(
        build(&d, &outcome),
        Err(FeatureError::NotContext {
            section: "[context.missing_for]",
            code: "ege_index".into()
        })
    );
}

#[test]
fn schools_are_split_by_kind_and_flagged_rural() {
    use model::{SchoolKind, Settlement};
    let mut d = district();
    // C gets exam results; A is a basic school, B of unknown kind with ЕГЭ
    // results, C of unknown kind with ОГЭ only, D a lyceum.
    d.exams.push(exam(2, ExamKind::Oge, "русский язык", 25.0));
    d.schools.push(school("D", 600, Some(5.0)));
    d.exams.push(exam(3, ExamKind::Ege, "математика", 70.0));
    d.schools[0].kind = Some(SchoolKind::Basic);
    d.schools[3].kind = Some(SchoolKind::Lyceum);
    d.schools[0].settlement = Some(Settlement::Rural);
    d.schools[1].settlement = Some(Settlement::Urban);
    d.schools[3].settlement = Some(Settlement::Urban);
    let p = build(&d, &defaults()).expect("profiles");
    assert_eq!(
        p.tiers,
        [
            Tier::UpToBasic,
            Tier::FullSecondary,
            Tier::UpToBasic,
            Tier::FullSecondary
        ]
    );
    assert!(p.split);
    assert_eq!(p.parts(), [0, 1, 0, 1]);
    check(
        &p,
        Indicator::FullSecondary,
        &[Some(0.0), Some(1.0), Some(0.0), Some(1.0)],
    );
    // The flag is context: C has no settlement, so its value is the imputed median.
    check(
        &p,
        Indicator::Rural,
        &[Some(1.0), Some(0.0), None, Some(0.0)],
    );
    assert!(p.context_indicators.contains(&Indicator::Rural));
    assert!(!p.context_indicators.contains(&Indicator::FullSecondary));

    // B's missing low-income share: the district median (10) by default, the
    // median of the secondary side (D's 5) with group_median.
    let j = p
        .context_indicators
        .iter()
        .position(|i| *i == Indicator::Passport(PassportField::LowIncomePct))
        .expect("in the context");
    let value = |p: &Profiles, row: usize| p.context_row(row)[j];
    assert_eq!(value(&p, 1), value(&p, 0));
    let group = FeatureParams::default()
        .missing_context(MissingContext::GroupMedian)
        .check()
        .expect("valid");
    let g = build(&d, &group).expect("profiles");
    assert_eq!(value(&g, 1), value(&g, 3));
    assert_ne!(value(&g, 1), value(&g, 0));
    assert!(
        g.column(Indicator::Passport(PassportField::LowIncomePct))
            .expect("column")
            .imputed[1]
    );
    assert_eq!(
        imputation_values(
            &[Some(10.0), None, Some(30.0), Some(5.0), None],
            &[
                Tier::UpToBasic,
                Tier::FullSecondary,
                Tier::UpToBasic,
                Tier::FullSecondary,
                Tier::UpToBasic
            ],
            MissingContext::GroupMedian
        ),
        [20.0, 5.0, 20.0, 5.0, 20.0]
    );
    // A side with no value falls back to the district median.
    assert_eq!(
        imputation_values(
            &[Some(10.0), None, Some(30.0)],
            &[Tier::UpToBasic, Tier::FullSecondary, Tier::UpToBasic],
            MissingContext::GroupMedian
        ),
        [20.0; 3]
    );

    // Switched off, the split no longer parts the schools.
    let off = FeatureParams::default()
        .context_off(["full_secondary".to_owned()])
        .check()
        .expect("valid");
    let p = build(&d, &off).expect("profiles");
    assert!(!p.split);
    assert_eq!(p.parts(), [0, 0, 0, 0]);
}

/// ЕГЭ mathematics of three schools (one student each a year), 2022–2025: A
/// climbs from 40 to 80, B stays at 60, C at 50; A scored 90 and B 10 in 2022.
fn four_years() -> District {
    let mut exams = Vec::new();
    for (year, scores) in [
        (2022, [Some(90.0), Some(10.0), None]),
        (2023, [Some(40.0), Some(60.0), Some(50.0)]),
        (2024, [Some(50.0), Some(60.0), Some(50.0)]),
        (2025, [Some(80.0), Some(60.0), Some(50.0)]),
    ] {
        for (school, score) in scores.iter().enumerate() {
            if let Some(score) = score {
                exams.push(ExamRecord {
                    year,
                    ..exam(school as u32, ExamKind::Ege, "математика", *score)
                });
            }
        }
    }
    District {
        schools: vec![
            school("A", 100, Some(10.0)),
            school("B", 100, Some(20.0)),
            school("C", 100, Some(30.0)),
        ],
        exams,
        ..District::default()
    }
}

#[test]
fn outcomes_use_the_latest_three_years_and_report_each_year_and_the_trend() {
    let d = four_years();
    let p = build(&d, &defaults()).expect("profiles");
    assert_eq!(p.years, [2023, 2024, 2025]);
    // 2022 is left out: A's mean is (40 + 50 + 80) / 3, not 65.
    check(
        &p,
        Indicator::EgeMeanScore,
        &[Some(170.0 / 3.0), Some(60.0), Some(50.0)],
    );
    let mean_score = p
        .by_year
        .iter()
        .find(|o| o.indicator == Indicator::EgeMeanScore)
        .expect("by year");
    assert_eq!(mean_score.values[0], [Some(40.0), Some(60.0), Some(50.0)]);
    assert_eq!(mean_score.values[2], [Some(80.0), Some(60.0), Some(50.0)]);
    // A: slope of 40, 50, 80 over three years = ((−1)(−50/3) + (1)(70/3)) / 2 = 20 a year.
    let close = |a: Option<f64>, b: f64| a.is_some_and(|a| (a - b).abs() < 1e-9);
    assert!(close(mean_score.trend[0], 20.0));
    assert!(close(mean_score.trend[1], 0.0));
    // The year's composite on the score's scale: A last in 2023, first in 2025.
    let year = |slot: usize, row: usize| p.score_by_year[slot][row].expect("a value");
    assert!(year(0, 0) < year(0, 2) && year(0, 2) < year(0, 1));
    assert!(year(2, 0) > year(2, 1) && year(2, 1) > year(2, 2));
    assert!(p.score_trend[0].expect("trend") > 0.0);
    assert!(p.score_trend[1].expect("trend") < 0.0);

    // The listed years only: A's mean is (90 + 80) / 2.
    let listed = FeatureParams::default()
        .years([2025, 2022])
        .check()
        .expect("valid");
    let l = build(&d, &listed).expect("profiles");
    assert_eq!(l.years, [2022, 2025]);
    check(
        &l,
        Indicator::EgeMeanScore,
        &[Some(85.0), Some(35.0), Some(50.0)],
    );
    // A listed year without results is the config's mistake.
    let absent = FeatureParams::default()
        .years([2021])
        .check()
        .expect("valid");
    assert_eq!(
        build(&d, &absent),
        Err(FeatureError::YearWithoutResults {
            year: 2021,
            present: vec![2022, 2023, 2024, 2025]
        })
    );
    // One year: no trend.
    let one = FeatureParams::default()
        .latest_years(1)
        .check()
        .expect("valid");
    let o = build(&d, &one).expect("profiles");
    assert_eq!(o.years, [2025]);
    assert_eq!(o.score_trend, [None, None, None]);
}

#[test]
fn the_composite_is_built_on_the_mean_the_latest_year_or_both() {
    let d = four_years();
    let with = |basis: Basis| {
        let params = FeatureParams::default()
            .basis(basis)
            .check()
            .expect("valid");
        build(&d, &params).expect("profiles")
    };
    // Standardised within each year: A's ЕГЭ index is (−1.2247 − 0.7071 + 1.3363) / 3
    // = −0.198 over the three years, B's 0.790, C's −0.592; in 2025 alone A 1.336,
    // B −0.267, C −1.069.
    let mean = with(Basis::Mean);
    assert_eq!(mean.basis, Basis::Mean);
    assert!(mean.score[1] > mean.score[0] && mean.score[0] > mean.score[2]);
    let latest = with(Basis::Latest);
    assert!(latest.score[0] > latest.score[1] && latest.score[1] > latest.score[2]);
    // Both: the mean of the two composites, A (−0.198 + 1.336) / 2 = 0.569 over B's 0.262.
    let both = with(Basis::Both);
    assert!(both.score[0] > both.score[1] && both.score[1] > both.score[2]);
    // Scores are a linear image of the composites, so (A − B) / (B − C) is the composites'.
    let ratio = |p: &Profiles| {
        let u: Vec<f64> = p.standing.iter().map(|s| s.unshrunk).collect();
        (u[0] - u[1]) / (u[1] - u[2])
    };
    assert!((ratio(&mean) - -0.715_369_020_7).abs() < 1e-9);
    assert!((ratio(&latest) - 2.0).abs() < 1e-9);
    assert!((ratio(&both) - 0.281_306_794_6).abs() < 1e-9);
    // The latest year's takers stand behind the latest-year composite.
    assert_eq!(mean.standing[0].cohort, 3);
    assert_eq!(latest.standing[0].cohort, 1);

    // A school without results in the latest year cannot be judged on it.
    let mut d = four_years();
    d.schools.push(school("D", 100, Some(25.0)));
    d.exams.push(ExamRecord {
        year: 2024,
        ..exam(3, ExamKind::Ege, "математика", 55.0)
    });
    let latest = FeatureParams::default()
        .basis(Basis::Latest)
        .check()
        .expect("valid");
    let p = build(&d, &latest).expect("profiles");
    assert_eq!(
        p.excluded,
        [Exclusion {
            school: SchoolIx(3),
            reason: ExclusionReason::NoLatestResults { year: 2025 }
        }]
    );
    assert_eq!(build(&d, &defaults()).expect("profiles").schools.len(), 4);
}

#[test]
fn subjects_teachers_and_untaught_subjects_per_school() {
    let p = build(&results_district(), &defaults()).expect("profiles");
    let subject = |exam: ExamKind, name: &str| {
        p.subjects
            .iter()
            .find(|s| s.exam == exam && s.subject.as_str() == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    // ЕГЭ physics: A's one taker at 70, B's five at 60 (mean 61.67, SD 3.727).
    let physics = subject(ExamKind::Ege, "физика");
    let [a, b] = [0, 1].map(|r| physics.values[r].expect("a result"));
    assert_eq!((a.points, a.takers), (Some(70.0), 1.0));
    assert_eq!((b.points, b.takers), (Some(60.0), 5.0));
    assert!((a.z - 5f64.sqrt()).abs() < 1e-9, "{}", a.z);
    assert!((b.z + 5f64.sqrt() / 5.0).abs() < 1e-9, "{}", b.z);
    // ОГЭ biology is marked only: no points; B has no result in it.
    let biology = subject(ExamKind::Oge, "биология");
    assert_eq!(biology.values[0].as_ref().map(|r| r.points), Some(None));
    assert_eq!(biology.values[1], None);
    // A's untaught subjects by their first word, sorted; B names no staff.
    let untaught: Option<Vec<&str>> = p.untaught[0]
        .as_ref()
        .map(|v| v.iter().map(|s| s.as_str()).collect());
    assert_eq!(untaught, Some(vec!["биология", "обществознание"]));
    assert_eq!(p.untaught[1], None);
    // Young: two and one years of experience; highest: the first teacher.
    let a_teachers = &p.teachers[0];
    assert_eq!(
        a_teachers.iter().map(|t| t.young).collect::<Vec<_>>(),
        [true, false, false, true]
    );
    assert_eq!(
        a_teachers
            .iter()
            .map(|t| t.qualification == Some(Qualification::Highest))
            .collect::<Vec<_>>(),
        [true, false, false, false]
    );
    assert!(p.teachers[1].is_empty());
    assert_eq!(
        topic(&Subject::new("математика (профильная)")),
        Some("математика")
    );
}

/// How a district's exam results are given.
#[derive(Debug, Clone, Copy)]
enum Shape {
    PerPupil,
    SummaryWithSd,
    SummaryWithoutSd,
}

/// Eight schools far apart (means 30 to 100, not explained by their conditions), of 10, 40, 160
/// and 640 ЕГЭ takers, each pupil 10 points from the school's mean, given in `shape`.
fn sized_district(shape: Shape) -> District {
    let sizes = [10u32, 40, 160, 640, 10, 40, 160, 640];
    let low_income = [12.0, 7.0, 15.0, 9.0, 11.0, 14.0, 8.0, 13.0];
    let mut d = District {
        schools: (0..8)
            .map(|i| school(&format!("S{i}"), 1000, Some(low_income[i])))
            .collect(),
        ..District::default()
    };
    for (i, &n) in sizes.iter().enumerate() {
        let mean = 30.0 + 10.0 * i as f64;
        match shape {
            Shape::PerPupil => {
                for k in 0..n {
                    let mut row = exam(
                        i as u32,
                        ExamKind::Ege,
                        "математика",
                        mean + if k % 2 == 0 { 10.0 } else { -10.0 },
                    );
                    row.student = d.students.push(&format!("S{i}-{k}"));
                    d.exams.push(row);
                }
            }
            Shape::SummaryWithSd | Shape::SummaryWithoutSd => d.exam_summaries.push(ExamSummary {
                school: SchoolIx(i as u32),
                year: 2025,
                exam: ExamKind::Ege,
                subject: Subject::new("математика"),
                participants: n,
                mean_score: Some(mean),
                // The sample standard deviation of n results ±10 around their mean.
                sd_score: matches!(shape, Shape::SummaryWithSd)
                    .then(|| 10.0 * (f64::from(n) / f64::from(n - 1)).sqrt()),
                mean_mark: None,
                failed: None,
                high_scorers: None,
            }),
        }
    }
    d
}

#[test]
fn intervals_are_not_zero_and_narrow_like_one_over_the_root_of_the_cohort() {
    for shape in [
        Shape::PerPupil,
        Shape::SummaryWithSd,
        Shape::SummaryWithoutSd,
    ] {
        let p = build(&sized_district(shape), &weighted(&[("ege_index", 1.0)])).expect("profiles");
        let cohorts: Vec<u32> = p.standing.iter().map(|s| s.cohort).collect();
        assert_eq!(
            cohorts,
            [10, 40, 160, 640, 10, 40, 160, 640],
            "{shape:?}: pupils, not entries"
        );
        let scaled: Vec<f64> = (p.standing.iter())
            .map(|s| (s.interval.1 - s.interval.0) * f64::from(s.cohort).sqrt())
            .collect();
        assert!(
            scaled.iter().all(|&w| w > 0.0),
            "{shape:?}: no interval of zero width"
        );
        // Width × √cohort is the same for every school of 40 takers or more (the schools are
        // far apart, so the shrinkage barely narrows their intervals; it narrows the smallest
        // ones' more where the noise is the default's, which is larger).
        let large: Vec<f64> = (scaled.iter().zip(&cohorts))
            .filter(|(_, &c)| c >= 40)
            .map(|(w, _)| *w)
            .collect();
        let (lo, hi) =
            (large.iter()).fold((f64::MAX, f64::MIN), |(lo, hi), &w| (lo.min(w), hi.max(w)));
        assert!(hi / lo < 1.1, "{shape:?}: {scaled:?} {:?}", p.shrinkage);
        let width = |k: usize| p.standing[k].interval.1 - p.standing[k].interval.0;
        assert!(
            width(0) > width(1) && width(1) > width(2) && width(2) > width(3),
            "{shape:?}"
        );
    }
    // Given their standard deviation, school summaries are as certain as the pupils' rows.
    let width = |shape| {
        let p = build(&sized_district(shape), &weighted(&[("ege_index", 1.0)])).expect("profiles");
        p.standing[0].interval.1 - p.standing[0].interval.0
    };
    let (rows, summary) = (width(Shape::PerPupil), width(Shape::SummaryWithSd));
    assert!((rows / summary - 1.0).abs() < 1e-6, "{rows} {summary}");
}
