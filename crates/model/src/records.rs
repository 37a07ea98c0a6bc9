//! The typed records of a district's tables: schools and their passports, staff, exam
//! results per student or per school, extra indicators and olympiads.

use crate::category::{
    ExamKind, OlympiadResult, OlympiadStage, Qualification, Role, SchoolKind, Settlement,
};
use crate::ids::{SchoolId, SchoolIx, StudentIx, Subject};

/// Social-passport and location indicators of a school.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PassportField {
    /// Share of children from low-income families, %.
    LowIncomePct,
    /// Share of children of single parents, %.
    SingleParentPct,
    /// Share of parents with higher education, %.
    ParentsHigherEdPct,
    /// Share of children with disabilities (ОВЗ), %.
    DisabilityPct,
    /// Share of children whose native language is not Russian, %.
    NonNativePct,
    /// Distance to the district centre, km.
    DistanceToCentreKm,
}

impl PassportField {
    /// Every field, in the order of the schools table.
    pub const ALL: [PassportField; 6] = [
        PassportField::LowIncomePct,
        PassportField::SingleParentPct,
        PassportField::ParentsHigherEdPct,
        PassportField::DisabilityPct,
        PassportField::NonNativePct,
        PassportField::DistanceToCentreKm,
    ];

    /// The English canonical column name.
    pub fn code(self) -> &'static str {
        match self {
            PassportField::LowIncomePct => "low_income_pct",
            PassportField::SingleParentPct => "single_parent_pct",
            PassportField::ParentsHigherEdPct => "parents_higher_ed_pct",
            PassportField::DisabilityPct => "disability_pct",
            PassportField::NonNativePct => "non_native_pct",
            PassportField::DistanceToCentreKm => "distance_to_centre_km",
        }
    }

    /// Whether the value is a percentage (0–100) rather than a distance.
    pub fn is_percent(self) -> bool {
        !matches!(self, PassportField::DistanceToCentreKm)
    }
}

/// The passport values of one school; any may be missing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Passport {
    values: [Option<f64>; 6],
}

impl Passport {
    /// A field's value, if given.
    pub fn get(&self, field: PassportField) -> Option<f64> {
        self.values[field as usize]
    }
    /// Sets a field's value.
    pub fn set(&mut self, field: PassportField, value: Option<f64>) {
        self.values[field as usize] = value;
    }
}

/// One school, from the schools table.
#[derive(Debug, Clone, PartialEq)]
pub struct School {
    /// The school's id as the district writes it.
    pub id: SchoolId,
    /// Its name.
    pub name: String,
    /// Students enrolled.
    pub students: u32,
    /// The kind of school (СОШ, ООШ, гимназия, …), if given.
    pub kind: Option<SchoolKind>,
    /// Town or village, if given.
    pub settlement: Option<Settlement>,
    /// Latitude, if given.
    pub lat: Option<f64>,
    /// Longitude, if given.
    pub lon: Option<f64>,
    /// Its social passport.
    pub passport: Passport,
    /// Unfilled teaching posts (rates), where the schools table gives them.
    pub vacancies: Option<f64>,
}

/// One staff member, from the staff table.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffMember {
    /// The school.
    pub school: SchoolIx,
    /// The year folder the row came from; `None` for a single-folder district.
    pub year: Option<u16>,
    /// The staff code as the district writes it.
    pub staff_id: String,
    /// The person's name as the district writes it, if given (shown beside the code).
    pub full_name: Option<String>,
    /// The post (teacher, head, …), if given.
    pub role: Option<String>,
    /// The subject taught, if any.
    pub subject: Option<Subject>,
    /// Years of teaching experience, if given.
    pub experience_years: Option<f64>,
    /// Years in the present post (a head's or deputy's years as such), if given.
    pub years_in_post: Option<f64>,
    /// The qualification category, if given.
    pub qualification: Option<Qualification>,
    /// Age in years, if given.
    pub age: Option<f64>,
}

/// One student's result in one exam subject: a score, a mark 2–5, or both.
#[derive(Debug, Clone, PartialEq)]
pub struct ExamRecord {
    /// The school.
    pub school: SchoolIx,
    /// The year of the exam.
    pub year: u16,
    /// ЕГЭ, ОГЭ or ВПР.
    pub exam: ExamKind,
    /// The subject.
    pub subject: Subject,
    /// The student, when the table names one.
    pub student: Option<StudentIx>,
    /// The score, if given.
    pub score: Option<f64>,
    /// The mark (2–5), if given.
    pub mark: Option<u8>,
}

/// A school's results in one exam subject and year, as aggregated tables give
/// them: the number of participants and their mean score or mean mark.
#[derive(Debug, Clone, PartialEq)]
pub struct ExamSummary {
    /// The school.
    pub school: SchoolIx,
    /// The year of the exam.
    pub year: u16,
    /// ЕГЭ, ОГЭ or ВПР.
    pub exam: ExamKind,
    /// The subject.
    pub subject: Subject,
    /// Students who took it.
    pub participants: u32,
    /// Mean score; `None` when only marks are given (or nobody took the exam).
    pub mean_score: Option<f64>,
    /// The standard deviation of the participants' scores, where the table gives it: how far
    /// a school's mean can move by chance (else a documented default, docs/method.md).
    pub sd_score: Option<f64>,
    /// Mean mark on the five-point scale.
    pub mean_mark: Option<f64>,
    /// Participants below the subject's minimum (or with the mark 2).
    pub failed: Option<u32>,
    /// Participants with a high score (81–100 on ЕГЭ, or the mark 5).
    pub high_scorers: Option<u32>,
}

/// An indicator the analyst added through an extra table of the config.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct ExtraIndicator {
    /// Unique code (latin letters, digits, `_`), as in results.json.
    pub code: String,
    /// The analyst's name for it, shown in reports.
    pub name: String,
    /// What the indicator is used for.
    pub role: Role,
    /// The file it was read from.
    pub file: String,
    /// Whether the value is a share in percent computed from two counts.
    pub share: bool,
}

/// One value of an extra indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtraValue {
    /// The school.
    pub school: SchoolIx,
    /// The year, when the table has a year column.
    pub year: Option<u16>,
    /// Position in [`crate::District::extra_indicators`].
    pub indicator: usize,
    /// The value (a share in percent, with `per`).
    pub value: f64,
}

/// One student's participation in one olympiad stage.
#[derive(Debug, Clone, PartialEq)]
pub struct OlympiadRecord {
    /// The school.
    pub school: SchoolIx,
    /// The year.
    pub year: u16,
    /// The stage of the olympiad.
    pub stage: OlympiadStage,
    /// The subject, if given.
    pub subject: Option<Subject>,
    /// The participant, if named.
    pub student_id: Option<String>,
    /// Participant, prize-winner or winner.
    pub result: OlympiadResult,
}
