//! Drawing a synthetic district: schools of each archetype, their staff, exams and olympiads.

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use model::{
    District, ExamKind, ExamRecord, OlympiadRecord, OlympiadResult, OlympiadStage, Passport,
    PassportField, Qualification, School, SchoolId, SchoolIx, SchoolKind, Settlement, StaffMember,
    Subject,
};

use crate::params::{Conditions, ValidSynthParams};
use crate::{Archetype, Cause, Synthetic, Truth};

/// Spread of a student's ЕГЭ score around the school's expected score, in points.
const STUDENT_SD: f64 = 14.0;
/// The ЕГЭ-point effect of a planted low-result school.
const PLANTED_EFFECT: f64 = -12.0;
/// The subject whose teacher every other planted low-result school lacks.
pub const PLANTED_MISSING_SUBJECT: &str = "физика";
/// ЕГЭ points lost in a subject without a teacher, beyond the school's effect.
pub const MISSING_TEACHER_PENALTY: f64 = -10.0;
/// Spread of the effectiveness of regular schools.
const REGULAR_SD: f64 = 1.5;
/// Year-to-year wobble of a school's results.
pub(crate) const YEAR_SD: f64 = 1.0;
/// How far an inflated school's ВПР scores are raised, in a pupil's standard deviations.
const VPR_INFLATION: f64 = 0.8;
/// The chance that an inflated school's pupil one or two points below a mark's threshold is
/// given the threshold.
const VPR_PUSH: f64 = 0.8;
/// Mixed into the seed of the ВПР draws' own generator.
const VPR_STREAM: u64 = 0x5650_5200_0000_0001;
/// ВПР subjects of grade 5: name, maximum primary score and the lowest scores of the marks 3,
/// 4 and 5 (as the ВПР of 2024 set them).
const VPR: &[(&str, f64, [f64; 3])] = &[
    ("математика", 20.0, [5.0, 10.0, 15.0]),
    ("русский язык", 45.0, [18.0, 29.0, 39.0]),
];

/// District centre (ст. Павловская), for coordinates.
const CENTRE: (f64, f64) = (46.137, 39.781);

const SETTLEMENTS: &[&str] = &[
    "ст. Новопластуновской",
    "ст. Старолеушковской",
    "ст. Атаманской",
    "ст. Новолеушковской",
    "ст. Незамаевской",
    "ст. Веселой",
    "ст. Украинской",
    "ст. Новопетровской",
    "х. Шевченко",
    "х. Упорного",
    "х. Краснопартизанского",
    "х. Северного",
    "х. Междуреченского",
    "пос. Октябрьского",
    "х. Лебяжий Остров",
    "х. Красного",
    "х. Новый",
    "пос. Родники",
];

/// ЕГЭ subjects: name and national mean score.
const EGE_COMPULSORY: &[(&str, f64)] = &[("русский язык", 68.0), ("математика", 55.0)];
const EGE_ELECTIVE: &[(&str, f64)] = &[
    ("обществознание", 56.0),
    ("физика", 54.0),
    ("биология", 50.0),
    ("история", 55.0),
    ("информатика", 58.0),
    ("химия", 52.0),
];
/// ОГЭ subjects: name and maximum primary score.
const OGE_COMPULSORY: &[(&str, f64)] = &[("русский язык", 33.0), ("математика", 31.0)];
const OGE_ELECTIVE: &[(&str, f64)] = &[
    ("обществознание", 37.0),
    ("биология", 45.0),
    ("география", 31.0),
    ("информатика", 19.0),
];
const TEACHER_SUBJECTS: &[&str] = &[
    "начальные классы",
    "русский язык",
    "математика",
    "физика",
    "химия",
    "биология",
    "история",
    "обществознание",
    "информатика",
    "английский язык",
    "география",
    "физическая культура",
];

/// Standard normal draw (Box–Muller).
fn normal(rng: &mut impl Rng) -> f64 {
    let u1: f64 = rng.gen_range(f64::EPSILON..1.0);
    let u2: f64 = rng.gen();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

struct Profile {
    archetype: Archetype,
    students: (u32, u32),
    low_income: (f64, f64),
    parents_higher_ed: (f64, f64),
    distance: (f64, f64),
    single_parent: (f64, f64),
}

const PROFILES: &[Profile] = &[
    Profile {
        archetype: Archetype::TownGymnasium,
        students: (800, 1200),
        low_income: (5.0, 11.0),
        parents_higher_ed: (50.0, 65.0),
        distance: (0.0, 3.0),
        single_parent: (8.0, 14.0),
    },
    Profile {
        archetype: Archetype::TownSchool,
        students: (500, 900),
        low_income: (12.0, 20.0),
        parents_higher_ed: (30.0, 42.0),
        distance: (0.0, 6.0),
        single_parent: (12.0, 20.0),
    },
    Profile {
        archetype: Archetype::VillageSchool,
        students: (150, 450),
        low_income: (22.0, 32.0),
        parents_higher_ed: (16.0, 26.0),
        distance: (12.0, 30.0),
        single_parent: (15.0, 24.0),
    },
    Profile {
        archetype: Archetype::SmallRemote,
        students: (30, 120),
        low_income: (38.0, 52.0),
        parents_higher_ed: (5.0, 13.0),
        distance: (38.0, 65.0),
        single_parent: (20.0, 30.0),
    },
];

/// A school's conditions as drawn.
struct Drawn {
    students: u32,
    low_income: f64,
    parents_higher_ed: f64,
    distance: f64,
    single_parent: f64,
}

/// A school's conditions: uniform in its kind's box, or on the continuum of advantage.
fn conditions(rng: &mut Xoshiro256PlusPlus, archetype: Archetype) -> Drawn {
    if archetype == Archetype::Continuum {
        return continuum(rng);
    }
    let p = PROFILES
        .iter()
        .find(|p| p.archetype == archetype)
        .unwrap_or(&PROFILES[0]);
    Drawn {
        students: rng.gen_range(p.students.0..=p.students.1),
        low_income: round1(uniform(rng, p.low_income)),
        parents_higher_ed: round1(uniform(rng, p.parents_higher_ed)),
        distance: round1(uniform(rng, p.distance)),
        single_parent: round1(uniform(rng, p.single_parent)),
    }
}

/// Conditions along one continuum of advantage `u` (0 the most remote and poor school, 1 the
/// best-off town school), each with noise of its own: spanning the kinds' boxes without
/// clumping into them.
fn continuum(rng: &mut Xoshiro256PlusPlus) -> Drawn {
    let u: f64 = rng.gen_range(0.0..1.0);
    let mut noisy =
        |x: f64, sd: f64, (lo, hi): (f64, f64)| round1((x + sd * normal(rng)).clamp(lo, hi));
    let low_income = noisy(52.0 - 47.0 * u, 4.0, (2.0, 70.0));
    let parents_higher_ed = noisy(5.0 + 60.0 * u, 4.0, (1.0, 90.0));
    let distance = noisy(65.0 * (1.0 - u).powf(1.3), 3.0, (0.0, 90.0));
    let single_parent = noisy(30.0 - 22.0 * u, 2.0, (3.0, 45.0));
    let size: f64 = rng.gen_range(0.8..1.2);
    Drawn {
        students: (30.0 + 1170.0 * u.powf(1.5) * size).round() as u32,
        low_income,
        parents_higher_ed,
        distance,
        single_parent,
    }
}

/// How many schools of each kind: 7% gymnasiums, 18% town, 50% village, the rest remote.
fn mix(n: usize) -> Vec<Archetype> {
    let gym = ((n as f64 * 0.07).round() as usize).max(1);
    let town = ((n as f64 * 0.18).round() as usize).max(1);
    let village = ((n as f64 * 0.50).round() as usize).max(1);
    let remote = n.saturating_sub(gym + town + village).max(1);
    let mut out = Vec::with_capacity(n);
    out.extend(std::iter::repeat_n(Archetype::TownGymnasium, gym));
    out.extend(std::iter::repeat_n(Archetype::TownSchool, town));
    out.extend(std::iter::repeat_n(Archetype::VillageSchool, village));
    out.extend(std::iter::repeat_n(Archetype::SmallRemote, remote));
    out.truncate(n);
    out
}

/// Expected ЕГЭ points explained by conditions, relative to an average district school.
fn context_effect(students: u32, low_income: f64, parents_higher_ed: f64, distance: f64) -> f64 {
    0.35 * (parents_higher_ed - 28.0) - 0.25 * (low_income - 22.0) - 0.08 * (distance - 18.0)
        + 2.0 * (f64::from(students) / 350.0).ln()
}

fn uniform(rng: &mut impl Rng, (lo, hi): (f64, f64)) -> f64 {
    rng.gen_range(lo..=hi)
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Generates a district; the same parameters always give the same district.
pub fn generate(params: &ValidSynthParams) -> Synthetic {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(params.seed());
    let n = params.schools();
    let archetypes = match params.conditions() {
        Conditions::Kinds => mix(n),
        Conditions::Continuum => vec![Archetype::Continuum; n],
    };
    let planted_count = (n as f64 * params.low_share()).round() as usize;
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(&mut rng);
    let mut planted = vec![false; n];
    // Every other planted school (in the order drawn) also lacks a teacher of one subject.
    let mut no_teacher = vec![false; n];
    for (k, &i) in order.iter().take(planted_count).enumerate() {
        planted[i] = true;
        no_teacher[i] = k % 2 == 0;
    }
    // The schools with inflated ВПР results follow the planted ones in the order drawn.
    let inflated_count = (n as f64 * params.inflated_vpr().unwrap_or(0.0)).round() as usize;
    let mut inflated = vec![false; n];
    for &i in order.iter().skip(planted_count).take(inflated_count) {
        inflated[i] = true;
    }
    let mut district = District::default();
    let mut truth = Vec::with_capacity(n);
    // ВПР from a generator of their own: drawing them leaves the rest of the district as it is.
    let mut vpr_rng = Xoshiro256PlusPlus::seed_from_u64(params.seed() ^ VPR_STREAM);
    for (i, &archetype) in archetypes.iter().enumerate() {
        let mut school = draw_school(&mut rng, i, archetype, planted[i], no_teacher[i]);
        school.truth.inflated_vpr = inflated[i];
        let ix = SchoolIx(i as u32);
        let missing = no_teacher[i].then_some(PLANTED_MISSING_SUBJECT);
        let students = school.school.students;
        let kind = school.kind;
        let (ctx, eff) = (school.truth.context_effect, school.truth.effectiveness);
        district.schools.push(school.school);
        truth.push(school.truth);
        draw_staff(
            &mut rng,
            &mut district,
            ix,
            students,
            planted[i],
            ctx,
            missing,
        );
        for y in 0..params.years() {
            let year = params.last_year() - (params.years() - 1 - y) as u16;
            let own = ctx + eff + params.year_wobble() * normal(&mut rng);
            // Planted help moves the exam scores only: the olympiads' draws (whose count
            // depends on the effect) stay as they were, so that help changes nobody else.
            let effect = own + params.help_in(i, year);
            let has_grade_11 = kind != SchoolKind::Basic;
            let cohort = Cohort {
                year,
                students,
                effect,
                has_grade_11,
                missing,
            };
            draw_exams(&mut rng, &mut district, ix, cohort);
            if params.inflated_vpr().is_some() {
                let cohort = (year, students, effect);
                draw_vpr(&mut vpr_rng, &mut district, ix, cohort, inflated[i]);
            }
            draw_olympiads(&mut rng, &mut district, ix, year, students, own);
        }
    }
    district.activities =
        crate::activities::clusters(&district, params.last_year(), params.years());
    Synthetic { district, truth }
}

/// A school drawn: its record, its truth and its kind.
struct DrawnSchool {
    school: School,
    truth: Truth,
    kind: SchoolKind,
}

/// The `i`-th school of an archetype: its size, passport, place, hidden effectiveness and,
/// when planted low, its causes.
fn draw_school(
    rng: &mut Xoshiro256PlusPlus,
    i: usize,
    archetype: Archetype,
    planted: bool,
    no_teacher: bool,
) -> DrawnSchool {
    let Drawn {
        students,
        low_income,
        parents_higher_ed,
        distance,
        single_parent,
    } = conditions(rng, archetype);
    let disability = round1(rng.gen_range(1.0..6.0));
    let non_native = round1(rng.gen_range(0.0..4.0));
    let ctx = context_effect(students, low_income, parents_higher_ed, distance);
    let eff = if planted {
        PLANTED_EFFECT + normal(rng)
    } else {
        REGULAR_SD * normal(rng)
    };
    let urban = match archetype {
        Archetype::Continuum => distance < 8.0,
        a => matches!(a, Archetype::TownGymnasium | Archetype::TownSchool),
    };
    let kind = match archetype {
        Archetype::TownGymnasium if i.is_multiple_of(2) => SchoolKind::Gymnasium,
        Archetype::TownGymnasium => SchoolKind::Lyceum,
        Archetype::SmallRemote if rng.gen_bool(0.4) => SchoolKind::Basic,
        _ => SchoolKind::Secondary,
    };
    let angle: f64 = rng.gen_range(0.0..std::f64::consts::TAU);
    let lat = CENTRE.0 + distance * angle.cos() / 111.0;
    let lon = CENTRE.1 + distance * angle.sin() / (111.0 * CENTRE.0.to_radians().cos());
    let mut passport = Passport::default();
    passport.set(PassportField::LowIncomePct, Some(low_income));
    passport.set(PassportField::SingleParentPct, Some(single_parent));
    passport.set(PassportField::ParentsHigherEdPct, Some(parents_higher_ed));
    passport.set(PassportField::DisabilityPct, Some(disability));
    passport.set(PassportField::NonNativePct, Some(non_native));
    passport.set(PassportField::DistanceToCentreKm, Some(distance));
    let id = SchoolId(format!("2335{:04}", i + 1));
    let school = School {
        id: id.clone(),
        name: school_name(i, kind, urban),
        students,
        kind: Some(kind),
        settlement: Some(if urban {
            Settlement::Urban
        } else {
            Settlement::Rural
        }),
        lat: Some((lat * 1e5).round() / 1e5),
        lon: Some((lon * 1e5).round() / 1e5),
        // Not modelled: an empty column, as in districts that do not collect it.
        vacancies: None,
        passport,
    };
    let mut causes = Vec::new();
    if planted {
        causes.push(Cause::YoungTeachers);
        if no_teacher {
            causes.push(Cause::NoTeacher(PLANTED_MISSING_SUBJECT));
        }
    }
    let truth = Truth {
        school: id,
        archetype,
        context_effect: ctx,
        effectiveness: eff,
        planted_low: planted,
        causes,
        inflated_vpr: false,
    };
    DrawnSchool {
        school,
        truth,
        kind,
    }
}

/// A school's name as districts write them: `МБОУ СОШ № 5 ст. Павловской`.
fn school_name(i: usize, kind: SchoolKind, urban: bool) -> String {
    let place = if urban {
        "ст. Павловской"
    } else {
        SETTLEMENTS[i % SETTLEMENTS.len()]
    };
    let kind_label = match kind {
        SchoolKind::Gymnasium => "гимназия",
        SchoolKind::Lyceum => "лицей",
        SchoolKind::Basic => "ООШ",
        SchoolKind::Primary => "НОШ",
        SchoolKind::Secondary => "СОШ",
    };
    format!("МБОУ {kind_label} № {} {place}", i + 1)
}

/// One school's exam year.
struct Cohort {
    year: u16,
    students: u32,
    /// Expected ЕГЭ points beyond an average school.
    effect: f64,
    has_grade_11: bool,
    /// A subject without a teacher: its scores lose [`MISSING_TEACHER_PENALTY`].
    missing: Option<&'static str>,
}

/// The subject of a name, made once per name and thread and then shared: a
/// country has 30 million results of a few dozen subjects, and each made anew
/// would lower-case and allocate its name again.
fn subject_named(name: &'static str) -> Subject {
    thread_local! {
        static MADE: std::cell::RefCell<std::collections::HashMap<&'static str, Subject>> =
            std::cell::RefCell::default();
    }
    MADE.with(|made| {
        made.borrow_mut()
            .entry(name)
            .or_insert_with(|| Subject::new(name))
            .clone()
    })
}

fn draw_exams(rng: &mut impl Rng, district: &mut District, school: SchoolIx, cohort: Cohort) {
    let Cohort {
        year,
        students,
        effect,
        has_grade_11,
        missing,
    } = cohort;
    let id = district.schools[school.get()].id.0.clone();
    let shift = effect / STUDENT_SD;
    if has_grade_11 {
        let graduates = ((f64::from(students) * 0.06).round() as usize).max(2);
        for s in 0..graduates {
            let student = district
                .students
                .push(&format!("{id}-{year}-11-{:03}", s + 1));
            let elective = EGE_ELECTIVE[rng.gen_range(0..EGE_ELECTIVE.len())];
            let ability = shift + normal(rng) * 0.8;
            for &(subject, base) in EGE_COMPULSORY.iter().chain(std::iter::once(&elective)) {
                let z = ability + 0.6 * normal(rng);
                let penalty = if missing == Some(subject) {
                    MISSING_TEACHER_PENALTY
                } else {
                    0.0
                };
                let score = (base + STUDENT_SD * z + penalty).round().clamp(0.0, 100.0);
                district.exams.push(ExamRecord {
                    school,
                    year,
                    exam: ExamKind::Ege,
                    subject: subject_named(subject),
                    student,
                    score: Some(score),
                    mark: None,
                });
            }
        }
    }
    let ninth = ((f64::from(students) * 0.09).round() as usize).max(2);
    for s in 0..ninth {
        let student = district
            .students
            .push(&format!("{id}-{year}-9-{:03}", s + 1));
        let ability = shift + normal(rng) * 0.8;
        let first = rng.gen_range(0..OGE_ELECTIVE.len());
        let second = (first + rng.gen_range(1..OGE_ELECTIVE.len())) % OGE_ELECTIVE.len();
        for &(subject, max) in OGE_COMPULSORY
            .iter()
            .chain([&OGE_ELECTIVE[first], &OGE_ELECTIVE[second]])
        {
            let z = ability + 0.6 * normal(rng);
            let score = (max * (0.6 + 0.18 * z)).round().clamp(0.0, max);
            district.exams.push(ExamRecord {
                school,
                year,
                exam: ExamKind::Oge,
                subject: subject_named(subject),
                student,
                score: Some(score),
                mark: None,
            });
        }
    }
}

/// One school's grade 5 ВПР of a year (`effect`: expected ЕГЭ points beyond an average
/// school): a primary score and its mark per pupil and subject, raised and pushed onto the
/// marks' thresholds where `inflated`.
fn draw_vpr(
    rng: &mut impl Rng,
    district: &mut District,
    school: SchoolIx,
    (year, students, effect): (u16, u32, f64),
    inflated: bool,
) {
    let id = district.schools[school.get()].id.0.clone();
    let pupils = ((f64::from(students) * 0.1).round() as usize).max(2);
    let raise = if inflated { VPR_INFLATION } else { 0.0 };
    for s in 0..pupils {
        let student = district
            .students
            .push(&format!("{id}-{year}-5-{:03}", s + 1));
        let ability = effect / STUDENT_SD + normal(rng) * 0.8;
        for &(subject, max, thresholds) in VPR {
            let z = ability + 0.6 * normal(rng) + raise;
            let mut score = (max * (0.55 + 0.2 * z)).round().clamp(0.0, max);
            if let Some(&t) = (thresholds.iter()).find(|&&t| (t - 2.0..t).contains(&score)) {
                if inflated && rng.gen_bool(VPR_PUSH) {
                    score = t;
                }
            }
            let mark = 2 + thresholds.iter().filter(|&&t| score >= t).count() as u8;
            district.exams.push(ExamRecord {
                school,
                year,
                exam: ExamKind::Vpr,
                subject: subject_named(subject),
                student,
                score: Some(score),
                mark: Some(mark),
            });
        }
    }
}

fn draw_staff(
    rng: &mut impl Rng,
    district: &mut District,
    school: SchoolIx,
    students: u32,
    planted_low: bool,
    ctx: f64,
    missing: Option<&'static str>,
) {
    let teachers = ((f64::from(students) / 11.0).round() as usize).max(6);
    // Planted low-result schools have more young and fewer highest-category teachers.
    let young_share = if planted_low { 0.35 } else { 0.12 };
    let highest_share = (0.25 + ctx / 80.0).clamp(0.05, 0.5) * if planted_low { 0.4 } else { 1.0 };
    let id = district.schools[school.get()].id.0.clone();
    let first = district.staff.len();
    for t in 0..teachers {
        let young = rng.gen_bool(young_share);
        let experience = if young {
            rng.gen_range(0..=3)
        } else {
            rng.gen_range(4..=40)
        };
        let age = (22 + experience + rng.gen_range(0..6)).min(70);
        let u: f64 = rng.gen();
        let qualification = if young {
            Qualification::NoCategory
        } else if u < highest_share {
            Qualification::Highest
        } else if u < highest_share + 0.35 {
            Qualification::First
        } else if u < highest_share + 0.7 {
            Qualification::Conformity
        } else {
            Qualification::NoCategory
        };
        district.staff.push(StaffMember {
            school,
            year: None,
            staff_id: format!("{id}-T{:03}", t + 1),
            full_name: Some(crate::names::teacher_name(school.get(), t)),
            role: Some("учитель".to_owned()),
            subject: Some(subject_named(
                // A missing subject's hours go to mathematics.
                match TEACHER_SUBJECTS[t % TEACHER_SUBJECTS.len()] {
                    s if Some(s) == missing => "математика",
                    s => s,
                },
            )),
            experience_years: Some(f64::from(experience)),
            years_in_post: None,
            qualification: Some(qualification),
            age: Some(f64::from(age)),
        });
    }
    crate::posts::appoint_leaders(&mut district.staff[first..], school.get());
}

fn draw_olympiads(
    rng: &mut impl Rng,
    district: &mut District,
    school: SchoolIx,
    year: u16,
    students: u32,
    effect: f64,
) {
    let id = district.schools[school.get()].id.0.clone();
    let participants = ((f64::from(students) * 0.05).round() as usize).max(1);
    let strength = (0.5 + effect / 30.0).clamp(0.05, 0.95);
    for s in 0..participants {
        let subject = TEACHER_SUBJECTS[1 + rng.gen_range(0..TEACHER_SUBJECTS.len() - 1)];
        let municipal = rng.gen_bool(strength * 0.5);
        let (stage, result) = if municipal {
            let regional = rng.gen_bool(strength * 0.15);
            let stage = if regional {
                OlympiadStage::Regional
            } else {
                OlympiadStage::Municipal
            };
            let result = if rng.gen_bool(strength * 0.4) {
                if rng.gen_bool(0.3) {
                    OlympiadResult::Winner
                } else {
                    OlympiadResult::PrizeWinner
                }
            } else {
                OlympiadResult::Participant
            };
            (stage, result)
        } else {
            (OlympiadStage::School, OlympiadResult::Participant)
        };
        district.olympiads.push(OlympiadRecord {
            school,
            year,
            stage,
            subject: Some(subject_named(subject)),
            student_id: Some(format!("{id}-{year}-O{:03}", s + 1)),
            result,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SynthParams;

    #[test]
    fn same_seed_same_district() {
        let p = SynthParams::new(30, 2).seed(5).check().expect("valid");
        assert_eq!(generate(&p), generate(&p));
        let q = SynthParams::new(30, 2).seed(6).check().expect("valid");
        assert_ne!(generate(&p).district.exams, generate(&q).district.exams);
    }

    #[test]
    fn vpr_are_drawn_apart_from_the_rest_of_the_district() {
        let plain = generate(&SynthParams::new(40, 2).seed(9).check().expect("valid"));
        let p = SynthParams::new(40, 2).seed(9).inflated_vpr(0.1);
        let with = generate(&p.check().expect("valid"));
        // As written: the student by id (ВПР pupils take places among the interned ids).
        let rows = |s: &Synthetic| -> Vec<_> {
            (s.district.exams.iter())
                .filter(|r| r.exam != ExamKind::Vpr)
                .map(|r| {
                    let student = r.student.map(|x| s.district.students.id(x).to_owned());
                    (
                        r.school,
                        r.year,
                        r.subject.clone(),
                        student,
                        r.score,
                        r.mark,
                    )
                })
                .collect()
        };
        assert!(rows(&with) == rows(&plain), "ВПР changed the other results");
        assert_eq!(with.district.schools, plain.district.schools);
        let vpr = (with.district.exams.iter()).filter(|r| r.exam == ExamKind::Vpr);
        assert!(vpr.clone().all(|r| r.mark.is_some() && r.score.is_some()));
        assert!(vpr.count() > 0);
        let inflated: Vec<_> = with.truth.iter().filter(|t| t.inflated_vpr).collect();
        assert_eq!(inflated.len(), 4);
        assert!(inflated.iter().all(|t| !t.planted_low));
        assert!(plain.truth.iter().all(|t| !t.inflated_vpr));
    }

    #[test]
    fn planted_help_raises_a_school_after_its_baseline_and_nobody_else() {
        let p = SynthParams::new(40, 4).seed(3);
        let plain = generate(&p.clone().check().expect("valid"));
        let help = crate::Help {
            school: 7,
            baseline: 2024,
            points: 6.0,
        };
        let helped = generate(&p.help(vec![help]).check().expect("valid"));
        let scores = |s: &Synthetic, school: usize, years: std::ops::RangeInclusive<u16>| {
            (s.district.exams.iter())
                .filter(|r| r.school.get() == school && years.contains(&r.year))
                .filter(|r| r.exam == ExamKind::Ege)
                .map(|r| r.score.unwrap_or(0.0))
                .collect::<Vec<f64>>()
        };
        for school in [3, 7, 20] {
            assert_eq!(
                scores(&plain, school, 2023..=2024),
                scores(&helped, school, 2023..=2024)
            );
        }
        assert_eq!(
            scores(&plain, 3, 2025..=2026),
            scores(&helped, 3, 2025..=2026)
        );
        let rise: f64 = (scores(&helped, 7, 2026..=2026).iter())
            .zip(scores(&plain, 7, 2026..=2026))
            .map(|(a, b)| a - b)
            .sum::<f64>()
            / scores(&plain, 7, 2026..=2026).len() as f64;
        // Two of the three ramp years: 4 points, less what the 0–100 bounds clip.
        assert!((3.0..=4.5).contains(&rise), "{rise}");
    }

    #[test]
    fn shape_of_the_district() {
        let p = SynthParams::new(300, 3).check().expect("valid");
        let s = generate(&p);
        assert_eq!(s.district.schools.len(), 300);
        assert_eq!(s.truth.iter().filter(|t| t.planted_low).count(), 30);
        let years: std::collections::BTreeSet<u16> =
            s.district.exams.iter().map(|r| r.year).collect();
        assert_eq!(
            years.into_iter().collect::<Vec<_>>(),
            vec![2024, 2025, 2026]
        );
        assert!(s
            .district
            .exams
            .iter()
            .all(|r| r.score.is_some_and(|s| (0.0..=100.0).contains(&s))));
        // Context drives results strongly: remote schools sit far below gymnasiums.
        let mean_ctx = |a: Archetype| {
            let v: Vec<f64> = s
                .truth
                .iter()
                .filter(|t| t.archetype == a)
                .map(|t| t.context_effect)
                .collect();
            v.iter().sum::<f64>() / v.len() as f64
        };
        assert!(mean_ctx(Archetype::TownGymnasium) - mean_ctx(Archetype::SmallRemote) > 25.0);
    }
}
