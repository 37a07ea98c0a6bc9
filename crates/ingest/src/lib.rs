//! Reading a district's input tables into typed records.
//!
//! This is the only crate of the workspace that reads input files. Everything
//! downstream works on [`model::District`], never on paths or raw text; the district's
//! config (`district.toml`) is returned beside it, as written, for `cli` to check into
//! each stage's parameters.

mod cache;
mod config;
mod error;
mod history;
mod numeric;
mod output;
mod parse;
mod previous;
mod read;
mod table;

pub use cache::{
    cache_key, cache_key_of, read_cache_for, CacheEncoder, CacheError, CacheKey, CACHE_DIR,
    CACHE_FILES,
};
pub use config::{
    read_config, AdviseSettings, DistrictConfig, ExtraAliases, ExtraColumn, ExtraTable,
    GroupSettings, IndicatorSettings, KSetting, YearsSetting, CONFIG_FILE,
};
pub use error::IngestError;
pub use history::read_past_run;
pub use numeric::{read_numeric_table, NumericTable};
pub use output::{
    read_output_folder, verify_output, written_by_cluster, FolderContents, OutputError,
    Verification, WrittenBy, CHECK_FILE,
};
pub use previous::read_previous_groups;
pub use read::{inspect_district, read_district, Ingested, ReadOptions};
pub use table::TextEncoding;
