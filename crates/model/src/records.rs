//! The typed records of a district's tables: schools and their passports, staff, exam
//! results per student or per school, extra indicators and olympiads.

use crate::category::{
    ExamKind, OlympiadResult, OlympiadStage, Qualification, Role, SchoolKind, Settlement,
};
use crate::ids::{SchoolId, SchoolIx, StudentIx, Subject};

/// Social-passport and location indicators of a school.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PassportField {
    LowIncomePct,
    SingleParentPct,
    ParentsHigherEdPct,
    DisabilityPct,
    NonNativePct,
    DistanceToCentreKm,
}

impl PassportField {
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
    pub fn get(&self, field: PassportField) -> Option<f64> {
        self.values[field as usize]
    }
    pub fn set(&mut self, field: PassportField, value: Option<f64>) {
        self.values[field as usize] = value;
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct School {
    pub id: SchoolId,
    pub name: String,
    pub students: u32,
    pub kind: Option<SchoolKind>,
    pub settlement: Option<Settlement>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub passport: Passport,
    /// Unfilled teaching posts (rates), where the schools table gives them.
    pub vacancies: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StaffMember {
    pub school: SchoolIx,
    /// The year folder the row came from; `None` for a single-folder district.
    pub year: Option<u16>,
    pub staff_id: String,
    pub role: Option<String>,
    pub subject: Option<Subject>,
    pub experience_years: Option<f64>,
    pub qualification: Option<Qualification>,
    pub age: Option<f64>,
}

/// One student's result in one exam subject: a score, a mark 2–5, or both.
#[derive(Debug, Clone, PartialEq)]
pub struct ExamRecord {
    pub school: SchoolIx,
    pub year: u16,
    pub exam: ExamKind,
    pub subject: Subject,
    pub student: Option<StudentIx>,
    pub score: Option<f64>,
    pub mark: Option<u8>,
}

/// A school's results in one exam subject and year, as aggregated tables give
/// them: the number of participants and their mean score or mean mark.
#[derive(Debug, Clone, PartialEq)]
pub struct ExamSummary {
    pub school: SchoolIx,
    pub year: u16,
    pub exam: ExamKind,
    pub subject: Subject,
    pub participants: u32,
    /// Mean score; `None` when only marks are given (or nobody took the exam).
    pub mean_score: Option<f64>,
    /// Mean mark on the five-point scale.
    pub mean_mark: Option<f64>,
    /// Participants below the subject's minimum (or with the mark 2).
    pub failed: Option<u32>,
    /// Participants with a high score (81–100 on ЕГЭ, or the mark 5).
    pub high_scorers: Option<u32>,
}

/// An indicator the analyst added through an extra table of the config.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ExtraIndicator {
    /// Unique code (latin letters, digits, `_`), as in results.json.
    pub code: String,
    /// The analyst's name for it, shown in reports.
    pub name: String,
    pub role: Role,
    /// The file it was read from.
    pub file: String,
    /// Whether the value is a share in percent computed from two counts.
    pub share: bool,
}

/// One value of an extra indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtraValue {
    pub school: SchoolIx,
    pub year: Option<u16>,
    /// Position in [`crate::District::extra_indicators`].
    pub indicator: usize,
    pub value: f64,
}

/// One student's participation in one olympiad stage.
#[derive(Debug, Clone, PartialEq)]
pub struct OlympiadRecord {
    pub school: SchoolIx,
    pub year: u16,
    pub stage: OlympiadStage,
    pub subject: Option<Subject>,
    pub student_id: Option<String>,
    pub result: OlympiadResult,
}
