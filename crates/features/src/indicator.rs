//! The indicator catalogue: each indicator's code, names, role, direction and unit.

use std::sync::Arc;

pub use model::Role;
use model::{ExtraIndicator, Lang, PassportField, TableKind};

/// A school indicator. Its code, names, role, direction, unit and formula are
/// the catalogue (see [`Indicator::BUILT_IN`] and docs/method.md).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Indicator {
    /// Natural logarithm of the number of students.
    LogStudents,
    /// A field of the school's social passport.
    Passport(PassportField),
    /// 1 for a village school, 0 for a town school.
    Rural,
    /// 1 for a school that teaches up to grade 11; schools that do not are never grouped with it.
    FullSecondary,
    /// The ЕГЭ index: results standardised within each exam, subject and year.
    EgeIndex,
    /// The ОГЭ index: results standardised within each exam, subject and year.
    OgeIndex,
    /// Mean ЕГЭ score.
    EgeMeanScore,
    /// Mean ОГЭ score (primary points).
    OgeMeanScore,
    /// Mean ЕГЭ score in the compulsory subjects (Russian, mathematics).
    EgeCompulsoryMeanScore,
    /// Mean ЕГЭ score in the other subjects.
    EgeElectiveMeanScore,
    /// Share of ЕГЭ results below the subject's minimum.
    EgeBelowMinimumPct,
    /// Share of ЕГЭ results of 81 points or more.
    EgeHighScorePct,
    /// Share of ЕГЭ graduates with 160 points or more on their best three subjects.
    Ege160On3Pct,
    /// Share of ЕГЭ graduates with 220 points or more on their best three subjects.
    Ege220On3Pct,
    /// Mean ОГЭ mark (2–5), where marks are given.
    OgeMeanMark,
    /// Share of ОГЭ marks "2".
    OgeFailPct,
    /// Mean ВПР mark (2–5).
    VprMeanMark,
    /// Prize-winners and winners at the municipal stage and above, per 100 students.
    OlympiadPrizesPer100,
    /// Share of teachers of the highest category.
    HighestCategoryPct,
    /// Share of teachers of the first category.
    FirstCategoryPct,
    /// Share of teachers with 3 years of experience or fewer.
    YoungTeachersPct,
    /// Share of teachers aged 60 or more.
    OlderTeachersPct,
    /// Students per teacher.
    StudentsPerTeacher,
    /// Exam subjects of the school with no teacher of that subject.
    SubjectsWithoutTeacher,
    /// Unfilled teaching posts, from the schools table.
    Vacancies,
    /// An indicator of an extra table of the district config.
    Extra(Arc<ExtraIndicator>),
}

/// Whether a higher value of an indicator is better for the school's students.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// A higher value is better.
    HigherIsBetter,
    /// A lower value is better.
    LowerIsBetter,
    /// A condition, neither good nor bad (context).
    Neutral,
}

/// What an indicator's values count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Percent of a whole, 0–100.
    Percent,
    /// Points of an exam's own scale.
    Points,
    /// A mark on the five-point scale.
    Mark,
    /// Standard deviations from the mean of comparable results.
    StandardScore,
    /// Per 100 students.
    PerHundredStudents,
    /// Kilometres.
    Kilometres,
    /// Natural logarithm of a count.
    LogCount,
    /// 1 or 0.
    Flag,
    /// A count.
    Count,
    /// One count over another.
    Ratio,
}

impl Unit {
    /// The unit's code, as results.json writes it.
    pub fn code(self) -> &'static str {
        match self {
            Unit::Percent => "percent",
            Unit::Points => "points",
            Unit::Mark => "mark",
            Unit::StandardScore => "standard_score",
            Unit::PerHundredStudents => "per_100_students",
            Unit::Kilometres => "kilometres",
            Unit::LogCount => "log_count",
            Unit::Flag => "flag",
            Unit::Count => "count",
            Unit::Ratio => "ratio",
        }
    }
}

impl Indicator {
    /// The built-in indicators a column of an input table feeds (their codes), for showing
    /// the analyst what each column of their files is read for.
    pub fn fed_by(table: TableKind, column: &str) -> Vec<&'static str> {
        Indicator::BUILT_IN
            .iter()
            .filter(|i| i.inputs().contains(&(table, column)))
            .map(Indicator::builtin_code)
            .collect()
    }

    /// The input columns a built-in indicator is computed from, beside the school id, year,
    /// exam and subject that place its values.
    fn inputs(&self) -> &'static [(TableKind, &'static str)] {
        use TableKind::{Exams, Olympiads, Schools, Staff};
        const SCORES: &[(TableKind, &str)] = &[
            (Exams, "score"),
            (Exams, "mean_score"),
            (Exams, "participants"),
        ];
        const MARKS: &[(TableKind, &str)] = &[
            (Exams, "mark"),
            (Exams, "mean_mark"),
            (Exams, "participants"),
        ];
        match self {
            Indicator::LogStudents => &[(Schools, "students")],
            Indicator::Passport(f) => passport_input(*f),
            Indicator::Rural => &[(Schools, "settlement")],
            Indicator::FullSecondary => &[(Schools, "kind")],
            Indicator::EgeIndex
            | Indicator::OgeIndex
            | Indicator::EgeMeanScore
            | Indicator::OgeMeanScore
            | Indicator::EgeCompulsoryMeanScore
            | Indicator::EgeElectiveMeanScore => SCORES,
            Indicator::EgeBelowMinimumPct => {
                &[(Exams, "score"), (Exams, "failed"), (Exams, "participants")]
            }
            Indicator::EgeHighScorePct => &[
                (Exams, "score"),
                (Exams, "high_scorers"),
                (Exams, "participants"),
            ],
            Indicator::Ege160On3Pct | Indicator::Ege220On3Pct => {
                &[(Exams, "score"), (Exams, "student_id")]
            }
            Indicator::OgeMeanMark | Indicator::VprMeanMark => MARKS,
            Indicator::OgeFailPct => &[(Exams, "mark"), (Exams, "failed"), (Exams, "participants")],
            Indicator::OlympiadPrizesPer100 => &[
                (Olympiads, "result"),
                (Olympiads, "stage"),
                (Schools, "students"),
            ],
            Indicator::HighestCategoryPct | Indicator::FirstCategoryPct => {
                &[(Staff, "qualification"), (Staff, "role")]
            }
            Indicator::YoungTeachersPct => &[(Staff, "experience_years"), (Staff, "role")],
            Indicator::OlderTeachersPct => &[(Staff, "age"), (Staff, "role")],
            Indicator::StudentsPerTeacher => &[(Staff, "role"), (Schools, "students")],
            Indicator::SubjectsWithoutTeacher => &[(Staff, "subject"), (Exams, "subject")],
            Indicator::Vacancies => &[(Schools, "vacancies")],
            Indicator::Extra(_) => &[],
        }
    }

    /// Every built-in indicator, in the order of the catalogue.
    pub const BUILT_IN: [Indicator; 30] = [
        Indicator::LogStudents,
        Indicator::Passport(PassportField::LowIncomePct),
        Indicator::Passport(PassportField::SingleParentPct),
        Indicator::Passport(PassportField::ParentsHigherEdPct),
        Indicator::Passport(PassportField::DisabilityPct),
        Indicator::Passport(PassportField::NonNativePct),
        Indicator::Passport(PassportField::DistanceToCentreKm),
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
    ];

    /// The code, as results.json and the config write it.
    pub fn code(&self) -> &str {
        match self {
            Indicator::Extra(e) => &e.code,
            built_in => built_in.builtin_code(),
        }
    }

    /// The code of a built-in indicator (empty for an extra one).
    fn builtin_code(&self) -> &'static str {
        match self {
            Indicator::LogStudents => "log_students",
            Indicator::Passport(f) => f.code(),
            Indicator::Rural => "rural",
            Indicator::FullSecondary => "full_secondary",
            Indicator::EgeIndex => "ege_index",
            Indicator::OgeIndex => "oge_index",
            Indicator::EgeMeanScore => "ege_mean_score",
            Indicator::OgeMeanScore => "oge_mean_score",
            Indicator::EgeCompulsoryMeanScore => "ege_compulsory_mean_score",
            Indicator::EgeElectiveMeanScore => "ege_elective_mean_score",
            Indicator::EgeBelowMinimumPct => "ege_below_minimum_pct",
            Indicator::EgeHighScorePct => "ege_81_plus_pct",
            Indicator::Ege160On3Pct => "ege_160_on_3_pct",
            Indicator::Ege220On3Pct => "ege_220_on_3_pct",
            Indicator::OgeMeanMark => "oge_mean_mark",
            Indicator::OgeFailPct => "oge_fail_pct",
            Indicator::VprMeanMark => "vpr_mean_mark",
            Indicator::OlympiadPrizesPer100 => "olympiad_prizes_per_100",
            Indicator::HighestCategoryPct => "highest_category_pct",
            Indicator::FirstCategoryPct => "first_category_pct",
            Indicator::YoungTeachersPct => "young_teachers_pct",
            Indicator::OlderTeachersPct => "teachers_60_plus_pct",
            Indicator::StudentsPerTeacher => "students_per_teacher",
            Indicator::SubjectsWithoutTeacher => "subjects_without_teacher",
            Indicator::Vacancies => "vacancies",
            Indicator::Extra(_) => "",
        }
    }

    /// The exam whose pupils an outcome indicator's values rest on (a school's mean or share
    /// of it is not published for fewer than `[privacy] min_pupils` of them); `None` for the
    /// rest (the olympiad rate is per 100 of all the school's students).
    pub fn exam(&self) -> Option<model::ExamKind> {
        use model::ExamKind;
        match self {
            Indicator::EgeIndex
            | Indicator::EgeMeanScore
            | Indicator::EgeCompulsoryMeanScore
            | Indicator::EgeElectiveMeanScore
            | Indicator::EgeBelowMinimumPct
            | Indicator::EgeHighScorePct
            | Indicator::Ege160On3Pct
            | Indicator::Ege220On3Pct => Some(ExamKind::Ege),
            Indicator::OgeIndex
            | Indicator::OgeMeanScore
            | Indicator::OgeMeanMark
            | Indicator::OgeFailPct => Some(ExamKind::Oge),
            Indicator::VprMeanMark => Some(ExamKind::Vpr),
            _ => None,
        }
    }

    /// What the indicator is used for.
    pub fn role(&self) -> Role {
        match self {
            Indicator::LogStudents
            | Indicator::Passport(_)
            | Indicator::Rural
            | Indicator::FullSecondary => Role::Context,
            Indicator::EgeIndex
            | Indicator::OgeIndex
            | Indicator::EgeMeanScore
            | Indicator::OgeMeanScore
            | Indicator::EgeCompulsoryMeanScore
            | Indicator::EgeElectiveMeanScore
            | Indicator::EgeBelowMinimumPct
            | Indicator::EgeHighScorePct
            | Indicator::Ege160On3Pct
            | Indicator::Ege220On3Pct
            | Indicator::OgeMeanMark
            | Indicator::OgeFailPct
            | Indicator::VprMeanMark
            | Indicator::OlympiadPrizesPer100 => Role::Outcome,
            Indicator::HighestCategoryPct
            | Indicator::FirstCategoryPct
            | Indicator::YoungTeachersPct
            | Indicator::OlderTeachersPct
            | Indicator::StudentsPerTeacher
            | Indicator::SubjectsWithoutTeacher
            | Indicator::Vacancies => Role::Resource,
            Indicator::Extra(e) => e.role,
        }
    }

    /// Whether higher is better; context indicators are neutral.
    pub fn direction(&self) -> Direction {
        match self {
            Indicator::EgeBelowMinimumPct
            | Indicator::OgeFailPct
            | Indicator::StudentsPerTeacher
            | Indicator::SubjectsWithoutTeacher
            | Indicator::Vacancies
            | Indicator::OlderTeachersPct => Direction::LowerIsBetter,
            Indicator::YoungTeachersPct => Direction::Neutral,
            i if i.role() == Role::Context => Direction::Neutral,
            _ => Direction::HigherIsBetter,
        }
    }

    /// What its values count.
    pub fn unit(&self) -> Unit {
        match self {
            Indicator::LogStudents => Unit::LogCount,
            Indicator::Passport(PassportField::DistanceToCentreKm) => Unit::Kilometres,
            Indicator::Rural | Indicator::FullSecondary => Unit::Flag,
            Indicator::EgeIndex | Indicator::OgeIndex => Unit::StandardScore,
            Indicator::EgeMeanScore
            | Indicator::OgeMeanScore
            | Indicator::EgeCompulsoryMeanScore
            | Indicator::EgeElectiveMeanScore => Unit::Points,
            Indicator::OgeMeanMark | Indicator::VprMeanMark => Unit::Mark,
            Indicator::OlympiadPrizesPer100 => Unit::PerHundredStudents,
            Indicator::StudentsPerTeacher => Unit::Ratio,
            Indicator::SubjectsWithoutTeacher | Indicator::Vacancies => Unit::Count,
            Indicator::Extra(e) if !e.share => Unit::Ratio,
            _ => Unit::Percent,
        }
    }

    /// The indicator's name; an extra indicator has the analyst's name in both languages.
    pub fn name(&self, lang: Lang) -> &str {
        let (ru, en) = match self {
            Indicator::Extra(e) => return &e.name,
            Indicator::LogStudents => ("численность обучающихся (лог.)", "students (log)"),
            Indicator::Passport(PassportField::LowIncomePct) => {
                ("малообеспеченные семьи, %", "low-income families, %")
            }
            Indicator::Passport(PassportField::SingleParentPct) => {
                ("неполные семьи, %", "single-parent families, %")
            }
            Indicator::Passport(PassportField::ParentsHigherEdPct) => (
                "родители с высшим образованием, %",
                "parents with higher education, %",
            ),
            Indicator::Passport(PassportField::DisabilityPct) => {
                ("обучающиеся с ОВЗ, %", "students with disabilities, %")
            }
            Indicator::Passport(PassportField::NonNativePct) => {
                ("неродной русский язык, %", "non-native Russian speakers, %")
            }
            Indicator::Passport(PassportField::DistanceToCentreKm) => {
                ("до районного центра, км", "distance to district centre, km")
            }
            Indicator::Rural => ("сельская школа", "rural school"),
            Indicator::FullSecondary => (
                "средняя школа (есть 10–11 классы)",
                "full secondary school (grades 10–11)",
            ),
            Indicator::EgeIndex => ("индекс ЕГЭ", "EGE index"),
            Indicator::OgeIndex => ("индекс ОГЭ", "OGE index"),
            Indicator::EgeMeanScore => ("средний балл ЕГЭ", "EGE mean score"),
            Indicator::OgeMeanScore => ("средний балл ОГЭ", "OGE mean score"),
            Indicator::EgeCompulsoryMeanScore => (
                "средний балл ЕГЭ, обязательные предметы",
                "EGE mean score, compulsory subjects",
            ),
            Indicator::EgeElectiveMeanScore => (
                "средний балл ЕГЭ, предметы по выбору",
                "EGE mean score, elective subjects",
            ),
            Indicator::EgeBelowMinimumPct => (
                "результаты ЕГЭ ниже минимального балла, %",
                "EGE results below the minimum score, %",
            ),
            Indicator::EgeHighScorePct => (
                "результаты ЕГЭ 81–100 баллов, %",
                "EGE results of 81–100 points, %",
            ),
            Indicator::Ege160On3Pct => (
                "выпускники с 160+ баллами по трём предметам ЕГЭ, %",
                "graduates with 160+ points on three EGE subjects, %",
            ),
            Indicator::Ege220On3Pct => (
                "выпускники с 220+ баллами по трём предметам ЕГЭ, %",
                "graduates with 220+ points on three EGE subjects, %",
            ),
            Indicator::OgeMeanMark => ("средняя отметка ОГЭ", "OGE mean mark"),
            Indicator::OgeFailPct => ("отметки «2» на ОГЭ, %", "OGE marks of 2, %"),
            Indicator::VprMeanMark => ("средняя отметка ВПР", "VPR mean mark"),
            Indicator::OlympiadPrizesPer100 => (
                "призёры олимпиад на 100 обучающихся",
                "olympiad prize-winners per 100 students",
            ),
            Indicator::HighestCategoryPct => (
                "учителя высшей категории, %",
                "teachers of the highest category, %",
            ),
            Indicator::FirstCategoryPct => (
                "учителя первой категории, %",
                "teachers of the first category, %",
            ),
            Indicator::YoungTeachersPct => (
                "молодые учителя (стаж до 3 лет), %",
                "young teachers (up to 3 years), %",
            ),
            Indicator::OlderTeachersPct => ("учителя 60 лет и старше, %", "teachers aged 60+, %"),
            Indicator::StudentsPerTeacher => ("обучающихся на учителя", "students per teacher"),
            Indicator::SubjectsWithoutTeacher => (
                "предметы экзаменов без учителя-предметника",
                "exam subjects without a subject teacher",
            ),
            Indicator::Vacancies => ("вакансии педагогов", "teacher vacancies"),
        };
        lang.pick(ru, en)
    }
}

/// The schools-table column of a passport field.
fn passport_input(field: PassportField) -> &'static [(TableKind, &'static str)] {
    match field {
        PassportField::LowIncomePct => &[(TableKind::Schools, "low_income_pct")],
        PassportField::SingleParentPct => &[(TableKind::Schools, "single_parent_pct")],
        PassportField::ParentsHigherEdPct => &[(TableKind::Schools, "parents_higher_ed_pct")],
        PassportField::DisabilityPct => &[(TableKind::Schools, "disability_pct")],
        PassportField::NonNativePct => &[(TableKind::Schools, "non_native_pct")],
        PassportField::DistanceToCentreKm => &[(TableKind::Schools, "distance_to_centre_km")],
    }
}
