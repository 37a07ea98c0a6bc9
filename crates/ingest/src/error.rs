//! The error of a read that cannot go on: every problem found, not only the first.

use std::fmt;

use model::{Lang, Problem};

/// Ingest failed; every problem found is listed, not only the first.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct IngestError {
    /// Every problem found, file-level ones first.
    pub problems: Vec<Problem>,
    /// Whether the problems are in the district config (district.toml) rather than the data.
    pub in_config: bool,
}

impl IngestError {
    /// Problems with the data (not the config).
    pub fn data(problems: Vec<Problem>) -> Self {
        IngestError {
            problems,
            in_config: false,
        }
    }

    /// All problems, one per line, in the given language.
    pub fn message(&self, lang: Lang) -> String {
        self.problems
            .iter()
            .map(|p| p.message(lang))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl fmt::Display for IngestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}
