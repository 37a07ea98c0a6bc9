use std::sync::Arc;

pub use ingest::Role;
use ingest::{ExtraIndicator, Lang, PassportField};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Indicator {
    LogStudents,
    Passport(PassportField),
    Rural,
    EgeIndex,
    OgeIndex,
    EgeMeanScore,
    OgeMeanScore,
    /// Mean ОГЭ mark (2–5), where marks are given.
    OgeMeanMark,
    OlympiadPrizesPer100,
    HighestCategoryPct,
    YoungTeachersPct,
    StudentsPerTeacher,
    /// An indicator of an extra table of the district config.
    Extra(Arc<ExtraIndicator>),
}

impl Indicator {
    pub fn code(&self) -> &str {
        match self {
            Indicator::LogStudents => "log_students",
            Indicator::Passport(f) => f.code(),
            Indicator::Rural => "rural",
            Indicator::EgeIndex => "ege_index",
            Indicator::OgeIndex => "oge_index",
            Indicator::EgeMeanScore => "ege_mean_score",
            Indicator::OgeMeanScore => "oge_mean_score",
            Indicator::OgeMeanMark => "oge_mean_mark",
            Indicator::OlympiadPrizesPer100 => "olympiad_prizes_per_100",
            Indicator::HighestCategoryPct => "highest_category_pct",
            Indicator::YoungTeachersPct => "young_teachers_pct",
            Indicator::StudentsPerTeacher => "students_per_teacher",
            Indicator::Extra(e) => &e.code,
        }
    }

    pub fn role(&self) -> Role {
        match self {
            Indicator::LogStudents | Indicator::Passport(_) | Indicator::Rural => Role::Context,
            Indicator::EgeIndex
            | Indicator::OgeIndex
            | Indicator::EgeMeanScore
            | Indicator::OgeMeanScore
            | Indicator::OgeMeanMark
            | Indicator::OlympiadPrizesPer100 => Role::Outcome,
            Indicator::HighestCategoryPct
            | Indicator::YoungTeachersPct
            | Indicator::StudentsPerTeacher => Role::Resource,
            Indicator::Extra(e) => e.role,
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
            Indicator::EgeIndex => ("индекс ЕГЭ", "EGE index"),
            Indicator::OgeIndex => ("индекс ОГЭ", "OGE index"),
            Indicator::EgeMeanScore => ("средний балл ЕГЭ", "EGE mean score"),
            Indicator::OgeMeanScore => ("средний балл ОГЭ", "OGE mean score"),
            Indicator::OgeMeanMark => ("средняя отметка ОГЭ", "OGE mean mark"),
            Indicator::OlympiadPrizesPer100 => (
                "призёры олимпиад на 100 обучающихся",
                "olympiad prize-winners per 100 students",
            ),
            Indicator::HighestCategoryPct => (
                "учителя высшей категории, %",
                "teachers of the highest category, %",
            ),
            Indicator::YoungTeachersPct => (
                "молодые учителя (стаж до 3 лет), %",
                "young teachers (up to 3 years), %",
            ),
            Indicator::StudentsPerTeacher => ("обучающихся на учителя", "students per teacher"),
        };
        lang.pick(ru, en)
    }
}
