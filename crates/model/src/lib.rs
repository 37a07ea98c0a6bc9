//! The vocabulary of a district, shared by every crate: ids, the typed records of its tables,
//! the closed sets of categories, the columns of each input table, what can be wrong with an
//! input, and the language of user-facing text.
//!
//! This crate knows nothing of files: `ingest` reads them into these types, every other crate
//! works on them.

pub mod activity;
pub mod category;
pub mod columns;
pub mod district;
pub mod header;
pub mod ids;
pub mod lang;
pub mod limits;
pub mod method;
pub mod post;
pub mod problem;
pub mod records;
pub mod text;

pub use activity::{Activity, ActivityRecord, Criterion, ProductLevel, YesNo};
pub use category::{
    Category, ExamKind, OlympiadResult, OlympiadStage, Qualification, Role, SchoolKind, Settlement,
};
pub use district::{
    ColumnStats, District, PastRun, PastSchool, PastStatus, PreviousGroups, SourceFile, TableKind,
    UnusedColumn, TRUTH_FILE,
};
pub use header::HeaderWords;
pub use ids::{SchoolId, SchoolIx, StudentIx, Students, Subject};
pub use lang::Lang;
pub use limits::{ScoreLimits, MARK_RANGE, OGE_MAX_SCORES};
pub use method::INTERVAL_Z;
pub use post::Post;
pub use problem::{NotRead, Problem, ProblemKind, Severity};
pub use records::{
    ExamRecord, ExamSummary, ExtraIndicator, ExtraValue, OlympiadRecord, Passport, PassportField,
    School, StaffMember,
};
