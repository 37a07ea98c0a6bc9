//! The cache's JSON part: its key, the district's subjects (the row tables name them by
//! number), and what is not a row table (sources, problems, activities, extra indicators).

use std::path::Path;

use model::{ActivityRecord, District, ExtraIndicator, Problem, SourceFile, Subject, TableKind};
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

use super::{CacheError, CacheKey};

/// The largest JSON part read (its problems can be many under `--skip-bad-rows`).
const MAX_BYTES: u64 = 1 << 30;

/// The JSON part of a cache.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Meta {
    pub(super) key: String,
    pub(super) subjects: Vec<String>,
    pub(super) activities: Vec<ActivityRecord>,
    pub(super) extra_indicators: Vec<ExtraIndicator>,
    pub(super) sources: Vec<SourceFile>,
    pub(super) missing_optional: Vec<TableKind>,
    pub(super) set_aside: Vec<Problem>,
    pub(super) warnings: Vec<Problem>,
}

/// Each subject's number in [`Meta::subjects`], by its name.
pub(super) type SubjectNumbers<'a> = HashMap<&'a str, u32>;

impl Meta {
    /// The JSON part of `district`'s cache, with the number of each of its subjects.
    pub(super) fn of<'a>(district: &'a District, key: &CacheKey) -> (Meta, SubjectNumbers<'a>) {
        let (subjects, names) = subjects_of(district);
        let meta = Meta {
            key: key.0.clone(),
            subjects: names,
            activities: district.activities.clone(),
            extra_indicators: district.extra_indicators.clone(),
            sources: district.sources.clone(),
            missing_optional: district.missing_optional.clone(),
            set_aside: district.set_aside.clone(),
            warnings: district.warnings.clone(),
        };
        (meta, subjects)
    }

    /// The JSON part at `path`.
    pub(super) fn read(path: &Path) -> Result<Meta, CacheError> {
        let text = crate::parse::read_bounded(path, MAX_BYTES).map_err(CacheError::unreadable)?;
        serde_json::from_str(&text).map_err(CacheError::unreadable)
    }

    /// The subjects, by their numbers.
    pub(super) fn subjects(&self) -> Vec<Subject> {
        self.subjects.iter().map(|s| Subject::new(s)).collect()
    }
}

/// Every subject the district's rows name, numbered in the order first met: each name's
/// number, and the names in that order.
fn subjects_of(district: &District) -> (SubjectNumbers<'_>, Vec<String>) {
    let named = (district.exams.iter().map(|e| &e.subject))
        .chain(district.exam_summaries.iter().map(|e| &e.subject))
        .chain(district.olympiads.iter().filter_map(|o| o.subject.as_ref()))
        .chain(district.staff.iter().filter_map(|s| s.subject.as_ref()));
    let (mut numbers, mut names) = (SubjectNumbers::default(), Vec::new());
    for subject in named {
        let next = names.len() as u32;
        numbers.entry(subject.as_str()).or_insert_with(|| {
            names.push(subject.as_str().to_owned());
            next
        });
    }
    (numbers, names)
}
