//! A district after ingest: its records, the files they came from and what was set aside.

use std::collections::BTreeMap;

use crate::ids::{SchoolIx, Students};
use crate::problem::Problem;
use crate::records::{
    ExamRecord, ExamSummary, ExtraIndicator, ExtraValue, OlympiadRecord, School, StaffMember,
};

/// The file `schoolpeers generate` writes a synthetic district's hidden truth to, beside its
/// tables; ingest names it when it reports it as not read.
pub const TRUTH_FILE: &str = "truth.csv";

/// The four input tables of a district, and the extra indicator tables of its config.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum TableKind {
    /// `schools.csv`: one row per school, its passport.
    Schools,
    /// `staff.csv`: one row per staff member.
    Staff,
    /// `exams.csv`: results per student, or per school.
    Exams,
    /// `olympiads.csv`: one row per participation.
    Olympiads,
    /// `activities.csv`: one row per methodical cluster and year, for its score card.
    Activities,
    /// A table named in the config's `[[extra]]` sections.
    Extra,
}

impl TableKind {
    /// The tables looked for in every data folder.
    pub const ALL: [TableKind; 5] = [
        TableKind::Schools,
        TableKind::Staff,
        TableKind::Exams,
        TableKind::Olympiads,
        TableKind::Activities,
    ];

    /// File stem of the table in a data folder (`schools.csv`).
    pub fn stem(self) -> &'static str {
        match self {
            TableKind::Schools => "schools",
            TableKind::Staff => "staff",
            TableKind::Exams => "exams",
            TableKind::Olympiads => "olympiads",
            TableKind::Activities => "activities",
            TableKind::Extra => "extra",
        }
    }

    /// Whether a run can go on without this table.
    pub fn required(self) -> bool {
        matches!(self, TableKind::Schools | TableKind::Exams)
    }
}

/// An input file that was read, for the run's manifest.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SourceFile {
    /// Which table it is.
    pub table: TableKind,
    /// The file name inside the data folder.
    pub name: String,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// Data rows read (the header not counted): always `accepted + rejected`.
    pub rows: usize,
    /// Rows accepted.
    pub accepted: usize,
    /// Rows rejected (or set aside).
    pub rejected: usize,
    /// Distinct schools in the accepted rows.
    pub schools: usize,
    /// Distinct years in the accepted rows, ascending (empty for tables without years).
    pub years: Vec<u16>,
    /// The known columns the file has, with their missing cells.
    pub columns: Vec<ColumnStats>,
    /// The file's columns that are not read.
    pub unused: Vec<UnusedColumn>,
}

/// A column of an input file that is not read: its header names no column of its table.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UnusedColumn {
    /// The header as written in the file.
    pub header: String,
    /// The Russian name of the table's column it comes closest to, if any shares a word.
    pub closest: Option<String>,
}

/// How complete one column of an input file is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ColumnStats {
    /// The column's canonical name.
    pub canonical: String,
    /// The header as written in the file.
    pub header: String,
    /// Empty cells and "no data" marks.
    pub missing: usize,
    /// Whether the header was matched by its words rather than by one of the column's names.
    pub by_words: bool,
}

/// Everything known about a district after ingest.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct District {
    /// Every school, in the order of the schools table.
    pub schools: Vec<School>,
    /// The staff, each by their school.
    pub staff: Vec<StaffMember>,
    /// Per-student exam results.
    pub exams: Vec<ExamRecord>,
    /// The students the per-student results name.
    pub students: Students,
    /// Exam results aggregated per school, subject and year.
    pub exam_summaries: Vec<ExamSummary>,
    /// Olympiad participations.
    pub olympiads: Vec<OlympiadRecord>,
    /// The methodical clusters' years, for their score cards.
    pub activities: Vec<crate::ActivityRecord>,
    /// Indicators from the config's extra tables, and their values.
    pub extra_indicators: Vec<ExtraIndicator>,
    /// The values of the extra indicators.
    pub extra_values: Vec<ExtraValue>,
    /// The files read, for the manifest.
    pub sources: Vec<SourceFile>,
    /// Tables that were absent but optional.
    pub missing_optional: Vec<TableKind>,
    /// Bad rows set aside under `--skip-bad-rows`, each with its problem.
    pub set_aside: Vec<Problem>,
    /// Problems that do not stop a run (see [`crate::Severity`]).
    pub warnings: Vec<Problem>,
}

impl District {
    /// The school at a position.
    pub fn school(&self, ix: SchoolIx) -> &School {
        &self.schools[ix.get()]
    }

    /// The district as its office knew it in August of `year`: the results, olympiads, staff
    /// lists and extra values of later years left out (what a past August run stood on).
    pub fn known_in(&self, year: u16) -> District {
        let by = |y: Option<u16>| y.is_none_or(|y| y <= year);
        let mut known = self.clone();
        known.exams.retain(|e| e.year <= year);
        known.exam_summaries.retain(|e| e.year <= year);
        known.olympiads.retain(|o| o.year <= year);
        known.staff.retain(|s| by(s.year));
        known.extra_values.retain(|v| by(v.year));
        known
    }
}

/// Each school's peer group in a previous run (1-based, as results.json numbers them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviousGroups {
    /// The file's name, as messages show it.
    pub file: String,
    /// Each school's group, by school id.
    pub groups: BTreeMap<String, usize>,
}

/// A school's status in a past run, as its results.json wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PastStatus {
    /// `low`.
    Low,
    /// `borderline`.
    Borderline,
    /// `base`.
    Base,
    /// `regular`.
    Regular,
    /// `excluded`.
    Excluded,
}

impl PastStatus {
    const CODES: [(PastStatus, &'static str); 5] = [
        (PastStatus::Low, "low"),
        (PastStatus::Borderline, "borderline"),
        (PastStatus::Base, "base"),
        (PastStatus::Regular, "regular"),
        (PastStatus::Excluded, "excluded"),
    ];

    /// The status of a results.json code, if it is one.
    pub fn of_code(code: &str) -> Option<PastStatus> {
        Self::CODES
            .iter()
            .find(|(_, c)| *c == code)
            .map(|&(s, _)| s)
    }

    /// Its results.json code.
    pub fn code(self) -> &'static str {
        Self::CODES
            .iter()
            .find(|(s, _)| *s == self)
            .map_or("", |&(_, c)| c)
    }
}

/// One school of a past run: its status, group and the value its rank followed.
#[derive(Debug, Clone, PartialEq)]
pub struct PastSchool {
    /// Its status.
    pub status: PastStatus,
    /// Its peer group (1-based); `None` when excluded.
    pub group: Option<usize>,
    /// Its compared result; `None` when excluded.
    pub compared: Option<f64>,
}

/// A past August run read back for the evaluation of its pairs (stage 5).
#[derive(Debug, Clone, PartialEq)]
pub struct PastRun {
    /// The file's name, as messages show it.
    pub file: String,
    /// The latest year of results the run used: the baseline of its pairs.
    pub year: u16,
    /// Every year of results the run pooled (its window), ascending.
    pub years: Vec<u16>,
    /// Every school of the run, by id.
    pub schools: BTreeMap<String, PastSchool>,
    /// Its pairs: (low school id, base school id).
    pub pairs: Vec<(String, String)>,
}
