use ingest::{Lang, PassportField};

/// What an indicator is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Conditions a school cannot choose; used to form peer groups.
    Context,
    /// Staff and resources; used to explain gaps.
    Resource,
    /// Results; used to rank schools within their group.
    Outcome,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Context => "context",
            Role::Resource => "resource",
            Role::Outcome => "outcome",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Indicator {
    LogStudents,
    Passport(PassportField),
    Rural,
    EgeIndex,
    OgeIndex,
    EgeMeanScore,
    OgeMeanScore,
    OlympiadPrizesPer100,
    HighestCategoryPct,
    YoungTeachersPct,
    StudentsPerTeacher,
}

impl Indicator {
    pub fn code(self) -> &'static str {
        match self {
            Indicator::LogStudents => "log_students",
            Indicator::Passport(f) => f.code(),
            Indicator::Rural => "rural",
            Indicator::EgeIndex => "ege_index",
            Indicator::OgeIndex => "oge_index",
            Indicator::EgeMeanScore => "ege_mean_score",
            Indicator::OgeMeanScore => "oge_mean_score",
            Indicator::OlympiadPrizesPer100 => "olympiad_prizes_per_100",
            Indicator::HighestCategoryPct => "highest_category_pct",
            Indicator::YoungTeachersPct => "young_teachers_pct",
            Indicator::StudentsPerTeacher => "students_per_teacher",
        }
    }

    pub fn role(self) -> Role {
        match self {
            Indicator::LogStudents | Indicator::Passport(_) | Indicator::Rural => Role::Context,
            Indicator::EgeIndex
            | Indicator::OgeIndex
            | Indicator::EgeMeanScore
            | Indicator::OgeMeanScore
            | Indicator::OlympiadPrizesPer100 => Role::Outcome,
            Indicator::HighestCategoryPct
            | Indicator::YoungTeachersPct
            | Indicator::StudentsPerTeacher => Role::Resource,
        }
    }

    pub fn name(self, lang: Lang) -> &'static str {
        let (ru, en) = match self {
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
