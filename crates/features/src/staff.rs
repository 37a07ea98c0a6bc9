//! Staff indicators (categories, young and older teachers, students per teacher, vacancies),
//! subjects without a teacher, and each school's teachers.

use super::*;

/// The current staff: with staff tables per year, the latest year's; else the only table.
pub(crate) fn current_staff(district: &District) -> impl Iterator<Item = &model::StaffMember> {
    let latest = district.staff.iter().filter_map(|s| s.year).max();
    district
        .staff
        .iter()
        .filter(move |s| latest.is_none() || s.year == latest)
}

/// Staff shares from the latest year's staff table (or the only one), and
/// the vacancies of the schools table.
/// Also returns each school's subjects without a teacher (see [`untaught_subjects`]).
pub(crate) fn staff_indicators(district: &District) -> (Vec<IndicatorValues>, Untaught) {
    let n = district.schools.len();
    let mut total = vec![0usize; n];
    let mut highest = vec![0usize; n];
    let mut first = vec![0usize; n];
    let mut with_category = vec![0usize; n];
    let mut young = vec![0usize; n];
    let mut with_experience = vec![0usize; n];
    let mut older = vec![0usize; n];
    let mut with_age = vec![0usize; n];
    // The words of every subject each school has a teacher of.
    let mut taught: Vec<BTreeSet<&str>> = vec![BTreeSet::new(); n];
    // A staff member with a row per subject is one person: counted once.
    let mut counted: BTreeSet<(usize, &str)> = BTreeSet::new();
    // Each subject split into words once: a region's staff rows name a few dozen.
    let mut words: std::collections::HashMap<&str, Vec<&str>> = Default::default();
    for s in current_staff(district) {
        let i = s.school.get();
        if let Some(subject) = &s.subject {
            let subject = subject.as_str();
            let of = words
                .entry(subject)
                .or_insert_with(|| results::words(subject).collect());
            taught[i].extend(of.iter().copied());
        }
        if !counted.insert((i, s.staff_id.as_str())) {
            continue;
        }
        total[i] += 1;
        if let Some(q) = s.qualification {
            with_category[i] += 1;
            highest[i] += usize::from(q == Qualification::Highest);
            first[i] += usize::from(q == Qualification::First);
        }
        if let Some(e) = s.experience_years {
            with_experience[i] += 1;
            young[i] += usize::from(e <= YOUNG_TEACHER_YEARS);
        }
        if let Some(age) = s.age {
            with_age[i] += 1;
            older[i] += usize::from(age >= OLDER_TEACHER_AGE);
        }
    }
    let share = |part: &[usize], whole: &[usize]| -> Vec<Option<f64>> {
        (0..n)
            .map(|i| (whole[i] > 0).then(|| 100.0 * part[i] as f64 / whole[i] as f64))
            .collect()
    };
    let per_teacher = (0..n)
        .map(|i| (total[i] > 0).then(|| f64::from(district.schools[i].students) / total[i] as f64))
        .collect();
    let untaught = untaught_subjects(district, &taught);
    let indicators = vec![
        (
            Indicator::HighestCategoryPct,
            share(&highest, &with_category),
        ),
        (Indicator::FirstCategoryPct, share(&first, &with_category)),
        (Indicator::YoungTeachersPct, share(&young, &with_experience)),
        (Indicator::OlderTeachersPct, share(&older, &with_age)),
        (Indicator::StudentsPerTeacher, per_teacher),
        (
            Indicator::SubjectsWithoutTeacher,
            untaught
                .iter()
                .map(|u| u.as_ref().map(|u| u.len() as f64))
                .collect(),
        ),
        (
            Indicator::Vacancies,
            district.schools.iter().map(|s| s.vacancies).collect(),
        ),
    ];
    (indicators, untaught)
}

/// An indicator and each school's value.
pub(crate) type IndicatorValues = (Indicator, Vec<Option<f64>>);

/// Per school, the subjects without a teacher; `None` where the staff table names no subjects.
pub(crate) type Untaught = Vec<Option<Vec<model::Subject>>>;

/// Per school, the ЕГЭ and ОГЭ subjects of its latest exam year that none of
/// its teachers teaches (one name per [`topic`], in topic order): a subject is
/// taught when a teacher's subject has the exam subject's first word
/// ("математика" covers "математика (профильная)", "русский язык и литература"
/// covers both). `None` for a school whose staff table names no subjects.
pub(crate) fn untaught_subjects(
    district: &District,
    taught: &[BTreeSet<&str>],
) -> Vec<Option<Vec<model::Subject>>> {
    let n = district.schools.len();
    let mut latest = vec![0u16; n];
    let results = district
        .exams
        .iter()
        .map(|r| (r.school, r.year, r.exam, &r.subject))
        .chain(
            district
                .exam_summaries
                .iter()
                .filter(|s| s.participants > 0)
                .map(|s| (s.school, s.year, s.exam, &s.subject)),
        )
        .filter(|(_, _, exam, _)| *exam != ExamKind::Vpr);
    for (school, year, _, _) in results.clone() {
        latest[school.get()] = latest[school.get()].max(year);
    }
    let mut untaught: Vec<BTreeMap<&str, &model::Subject>> = vec![BTreeMap::new(); n];
    let mut rules = results::SubjectRules::default();
    for (school, year, _, subject) in results {
        let i = school.get();
        if year == latest[i] {
            if let Some(first) = rules.of(subject).topic {
                if !taught[i].contains(first) {
                    untaught[i].entry(first).or_insert(subject);
                }
            }
        }
    }
    (0..n)
        .map(|i| {
            (!taught[i].is_empty()).then(|| untaught[i].values().map(|&s| s.clone()).collect())
        })
        .collect()
}

/// The first word of a subject's name, by which exam subjects and teachers'
/// subjects are matched ("математика (профильная)" → "математика").
pub fn topic(subject: &model::Subject) -> Option<&str> {
    results::words(subject.as_str()).next()
}

/// The current staff of every school, for the mentors a pair's base school can offer.
pub(crate) fn teachers(district: &District) -> Vec<Vec<Teacher>> {
    let mut out: Vec<Vec<Teacher>> = vec![Vec::new(); district.schools.len()];
    // Each role as written read once: a region's hundred thousand rows name a few dozen.
    let mut posts: std::collections::HashMap<&str, Option<model::Post>> = Default::default();
    for s in current_staff(district) {
        let post = (s.role.as_deref()).and_then(|role| {
            *posts
                .entry(role)
                .or_insert_with(|| model::Post::of_role(role))
        });
        out[s.school.get()].push(Teacher {
            staff_id: s.staff_id.clone(),
            name: s.full_name.clone(),
            subject: s.subject.clone(),
            young: s.experience_years.is_some_and(|e| e <= YOUNG_TEACHER_YEARS),
            qualification: s.qualification,
            post,
            years_in_post: s.years_in_post,
        });
    }
    out
}
