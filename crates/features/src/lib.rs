//! From a district's records to a per-school indicator table.
//!
//! Pure: data in, data out. Each indicator has a role: `context` indicators
//! describe conditions a school cannot choose and form the peer groups;
//! `outcome` indicators are what schools are ranked on; `resource` indicators
//! explain gaps and are what the district can act on.

mod build;
mod composite;
mod criteria;
mod district_results;
mod error;
mod exams;
mod indicator;
mod normalise;
mod objectivity;
mod params;
mod profiles;
mod pupils;
mod results;
pub mod scorecard;
mod shrinkage;
mod staff;
mod stats;
mod yearly;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use model::{
    Category, District, ExamKind, OlympiadResult, OlympiadStage, PassportField, Qualification,
    SchoolIx, SchoolKind, Settlement,
};

pub use criteria::{
    regional_criteria, CriteriaRow, RegionalCriteria, BOTTOM_SHARE, CRITERIA_YEARS,
};
pub use district_results::{district_results, DistrictResult};
pub use indicator::{Direction, Indicator, Role, Unit};
pub use normalise::{Normalisation, OUTLIER_CAP};
pub use objectivity::{Confirmation, ResultsCheck, ThresholdJumps, MIN_CONFIRMING_SCHOOLS};
pub use params::{
    Basis, FeatureParamError, FeatureParams, MissingContext, ValidFeatureParams, Years,
    YearsRequest, DEFAULT_YEARS,
};
pub use results::{
    ege_minimum, is_compulsory, EGE_FOREIGN_LANGUAGE_MINIMUM, EGE_HIGH_SCORE, EGE_MINIMUM_SCORES,
    THREE_SUBJECT_TOTALS,
};
pub use stats::{mean, median, std_dev, z_scores};
pub use yearly::trend;

use yearly::{Window, Yearly};

pub use build::build;
pub use error::FeatureError;
pub use exams::BETWEEN_SCHOOL_SHARE;
pub use profiles::{
    Exclusion, ExclusionReason, IndicatorColumn, IndicatorYears, Note, Profiles, Standing,
    SubjectResult, SubjectResults, Teacher, Tier,
};
pub use pupils::PupilCounts;
pub use shrinkage::Shrinkage;
pub use staff::topic;

use composite::*;
use exams::*;
use shrinkage::*;
use staff::*;

/// Share of context indicators a school may miss before it is excluded.
pub const MAX_MISSING_CONTEXT_SHARE: f64 = 0.5;
/// Years of experience up to which a teacher counts as young.
pub const YOUNG_TEACHER_YEARS: f64 = 3.0;
/// The age from which a teacher counts in the share of teachers aged 60 or more.
pub const OLDER_TEACHER_AGE: f64 = 60.0;

/// A school's exam takers below which its score is marked low-confidence (it is still ranked).
pub const MIN_COHORT: u32 = 10;
/// Pupils below which a school's mean or share is not published, as statistical offices do
/// (`[privacy] min_pupils`); it still counts in the analysis.
pub const MIN_PUPILS: u32 = 5;
/// The largest `[privacy] min_pupils` (pupils are counted up to it, a few per school).
pub const MAX_MIN_PUPILS: u32 = 20;
pub use model::INTERVAL_Z;
/// The smallest share of the composite's variance kept as true differences between schools.
pub const MIN_TRUE_VARIANCE_SHARE: f64 = 0.1;

#[cfg(test)]
mod tests;
