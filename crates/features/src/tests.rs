use ingest::{
    District, ExamKind, ExamRecord, OlympiadRecord, OlympiadResult, OlympiadStage, Passport,
    PassportField, Qualification, School, SchoolId, SchoolIx, StaffMember, Subject,
};

use super::*;

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
    }
}

fn exam(school: u32, exam: ExamKind, subject: &str, score: f64) -> ExamRecord {
    ExamRecord {
        school: SchoolIx(school),
        year: 2025,
        exam,
        subject: Subject::new(subject),
        student_id: None,
        score,
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

fn staff(school: u32, q: Qualification, experience: f64) -> StaffMember {
    StaffMember {
        school: SchoolIx(school),
        year: None,
        staff_id: "t".into(),
        role: None,
        subject: None,
        experience_years: Some(experience),
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

fn check(profiles: &Profiles, indicator: Indicator, expected: &[Option<f64>]) {
    let column = profiles.column(indicator).expect("indicator computed");
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
    let p = build(&district()).expect("profiles");
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
    let p = build(&district()).expect("profiles");
    // ЕГЭ математика 2025: scores 60, 80, 40; mean 60, sample sd 20.
    // A: (0 + 1) / 2 = 0.5; B: -1.
    check(&p, Indicator::EgeIndex, &[Some(0.5), Some(-1.0)]);
    check(&p, Indicator::EgeMeanScore, &[Some(70.0), Some(40.0)]);
    // ОГЭ русский: 20, 30; mean 25, sd 7.0711; A: -0.7071, B: 0.7071.
    let s = 5.0 / 50f64.sqrt();
    check(&p, Indicator::OgeIndex, &[Some(-s), Some(s)]);
    // Composite: A (0.5 - s)/2, B (-1 + s)/2; standardised over two schools: A above B.
    assert!(p.score[0] > p.score[1]);
    assert!((p.score[0] + p.score[1]).abs() < 1e-12);
}

#[test]
fn resources_and_olympiads_are_hand_computable() {
    let p = build(&district()).expect("profiles");
    check(&p, Indicator::HighestCategoryPct, &[Some(50.0), None]);
    check(&p, Indicator::YoungTeachersPct, &[Some(50.0), None]);
    check(&p, Indicator::StudentsPerTeacher, &[Some(25.0), None]);
    // Two awards at municipal stage or above, 100 students, one year.
    check(&p, Indicator::OlympiadPrizesPer100, &[Some(2.0), Some(0.0)]);
}

#[test]
fn missing_context_is_imputed_with_the_median_and_marked() {
    let p = build(&district()).expect("profiles");
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
    let p = build(&d).expect("profiles");
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
    assert_eq!(build(&d), Err(FeatureError::NothingToRank));
}
