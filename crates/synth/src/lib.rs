//! Synthetic districts in the input format, with the ground truth hidden in them.
//!
//! A district is drawn from four kinds of school found in a rural Kuban
//! district: town gymnasiums, town schools, village schools and small remote
//! schools. Context (family income, parents' education, remoteness, size)
//! drives results strongly; on top of it each school has its own
//! effectiveness, and a share of schools is planted as low-result: they teach
//! markedly worse than schools in the same conditions. A raw district-wide
//! ranking mostly finds poor remote schools; only a peer comparison finds the
//! planted ones.

mod activities;
mod aggregate;
mod draw;
mod names;
mod params;
mod posts;

pub use activities::clusters_led_by;
pub use aggregate::aggregated;
pub use draw::{generate, MISSING_TEACHER_PENALTY, PLANTED_MISSING_SUBJECT};
pub use params::{
    Conditions, Help, SynthParamError, SynthParams, ValidSynthParams, HELP_RAMP_YEARS, MAX_SCHOOLS,
    MAX_YEAR_WOBBLE,
};

use model::{District, SchoolId};

/// The four kinds of school a district is drawn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Archetype {
    /// A town gymnasium or lyceum: large, well-off, near the centre.
    TownGymnasium,
    /// An ordinary town school.
    TownSchool,
    /// A village school.
    VillageSchool,
    /// A small remote school, often basic (grades 1–9).
    SmallRemote,
    /// A school drawn on the continuum of conditions ([`Conditions::Continuum`]): of no kind.
    Continuum,
}

impl Archetype {
    /// As written in truth.csv.
    pub fn code(self) -> &'static str {
        match self {
            Archetype::TownGymnasium => "town_gymnasium",
            Archetype::TownSchool => "town_school",
            Archetype::VillageSchool => "village_school",
            Archetype::SmallRemote => "small_remote",
            Archetype::Continuum => "continuum",
        }
    }
}

/// What the generator knows and the engine must find.
#[derive(Debug, Clone, PartialEq)]
pub struct Truth {
    /// The school.
    pub school: SchoolId,
    /// The kind of school it was drawn as.
    pub archetype: Archetype,
    /// Expected ЕГЭ points explained by the school's conditions.
    pub context_effect: f64,
    /// The school's own effect, in ЕГЭ points, beyond its conditions.
    pub effectiveness: f64,
    /// Planted as a low-result school.
    pub planted_low: bool,
    /// What was planted behind the low results (empty for other schools).
    pub causes: Vec<Cause>,
    /// Its ВПР results were inflated (raised, and pushed onto the marks' thresholds).
    pub inflated_vpr: bool,
}

/// A cause planted behind a low-result school's results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cause {
    /// Many young teachers (35% against 12%) and few of the highest category.
    YoungTeachers,
    /// No teacher of the subject, and results in it further down.
    NoTeacher(&'static str),
}

impl Cause {
    /// As written in truth.csv: `young_teachers`, `no_teacher:физика`.
    pub fn code(&self) -> String {
        match self {
            Cause::YoungTeachers => "young_teachers".to_owned(),
            Cause::NoTeacher(subject) => format!("no_teacher:{subject}"),
        }
    }
}

/// A generated district and its truth, one truth row per school, in school order.
#[derive(Debug, Clone, PartialEq)]
pub struct Synthetic {
    /// The district's records.
    pub district: District,
    /// What was planted, one row per school.
    pub truth: Vec<Truth>,
}
