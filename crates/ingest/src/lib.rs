//! Reading a district's input tables into typed records.
//!
//! This is the only crate of the workspace that reads input files. Everything
//! downstream works on [`District`], never on paths or raw text.

pub mod columns;
mod config;
mod lang;
mod model;
mod numeric;
mod parse;
mod previous;
mod problem;
mod read;
mod table;

pub use config::{
    read_config, AdviseSettings, DistrictConfig, ExtraAliases, ExtraColumn, ExtraTable,
    GroupSettings, IndicatorSettings, KSetting, YearsSetting, CONFIG_FILE,
};
pub use lang::Lang;
pub use model::{
    Category, ColumnStats, District, ExamKind, ExamRecord, ExamSummary, ExtraIndicator, ExtraValue,
    OlympiadRecord, OlympiadResult, OlympiadStage, Passport, PassportField, Qualification, Role,
    School, SchoolId, SchoolIx, SchoolKind, ScoreLimits, Settlement, SourceFile, StaffMember,
    StudentIx, Students, Subject, TableKind, MARK_RANGE, OGE_MAX_SCORES,
};
pub use numeric::{read_numeric_table, NumericTable};
pub use previous::{read_previous_groups, PreviousGroups};
pub use problem::{IngestError, Problem, ProblemKind, Severity};
pub use read::{inspect_district, read_district, Ingested, ReadOptions};
pub use table::TextEncoding;
