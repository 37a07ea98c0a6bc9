//! Last year's run: the peer group of each school in a previous results.json,
//! so that this year's groups keep their numbers where they match.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::parse::file_label;
use model::{PreviousGroups, Problem, ProblemKind};

use crate::error::IngestError;

#[derive(Deserialize)]
struct ResultsFile {
    format_version: u32,
    schools: Vec<SchoolEntry>,
}

#[derive(Deserialize)]
struct SchoolEntry {
    school_id: String,
    peer_group: Option<usize>,
}

/// The largest group number a run writes (at most 100 groups on each side of a split), with
/// room to spare; a larger one is not a run's.
const MAX_GROUP: usize = 1000;

/// The largest results.json read: a country's run is a few hundred megabytes.
const MAX_BYTES: u64 = 2 << 30;

/// The results.json layouts this reader understands.
const FORMAT_VERSIONS: [u32; 1] = [1];

/// A file that is not a run's results.json: the file and what is wrong.
pub(crate) fn not_results(file: &str, detail: String) -> IngestError {
    IngestError::data(vec![Problem::new(
        file,
        ProblemKind::PreviousResults { detail },
    )])
}

/// A run's results.json read as `T` (its file's label beside it): refused when too large,
/// not JSON of `T`'s shape, or of a layout (`version`) this reader does not know.
pub(crate) fn read_results<T: DeserializeOwned>(
    path: &Path,
    version: impl Fn(&T) -> u32,
) -> Result<(String, T), IngestError> {
    let file = file_label(path);
    let text = crate::parse::read_bounded(path, MAX_BYTES).map_err(|d| not_results(&file, d))?;
    let parsed: T = serde_json::from_str(&text).map_err(|e| not_results(&file, e.to_string()))?;
    if !FORMAT_VERSIONS.contains(&version(&parsed)) {
        let detail = format!("format_version {}", version(&parsed));
        return Err(not_results(&file, detail));
    }
    Ok((file, parsed))
}

/// Reads the schools' groups from a previous run's results.json; a school
/// excluded then has no group.
pub fn read_previous_groups(path: &Path) -> Result<PreviousGroups, IngestError> {
    let (file, parsed) = read_results(path, |r: &ResultsFile| r.format_version)?;
    let out_of_range = parsed.schools.iter().find_map(|s| {
        let group = s.peer_group.filter(|g| !(1..=MAX_GROUP).contains(g))?;
        Some((group, &s.school_id))
    });
    if let Some((group, id)) = out_of_range {
        let id = model::text::clip(id, model::text::QUOTE_CHARS);
        let detail = format!("peer_group {group} of school \"{id}\" is outside 1–{MAX_GROUP}");
        return Err(not_results(&file, detail));
    }
    Ok(PreviousGroups {
        file,
        groups: parsed
            .schools
            .into_iter()
            .filter_map(|s| Some((s.school_id, s.peer_group?)))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Result<&[(&str, usize)], &str>) {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("results.json");
        std::fs::write(&path, text).expect("written");
        match (read_previous_groups(&path), expected) {
            (Ok(got), Ok(want)) => {
                let want: std::collections::BTreeMap<String, usize> =
                    want.iter().map(|(id, g)| (id.to_string(), *g)).collect();
                assert_eq!(got.groups, want);
            }
            (Err(e), Err(message)) => {
                let got = e.problems[0].message(model::Lang::En);
                assert!(got.starts_with(message), "{got}");
            }
            (got, want) => panic!("{got:?} instead of {want:?}"),
        }
    }

    #[test]
    fn groups_are_read_and_excluded_schools_have_none() {
        check(
            r#"{"format_version": 1, "schools": [
                {"school_id": "S1", "peer_group": 2, "score": 0.1},
                {"school_id": "S2", "peer_group": null}]}"#,
            Ok(&[("S1", 2)]),
        );
    }

    #[test]
    fn a_file_of_another_kind_is_refused() {
        check(
            r#"{"format_version": 9, "schools": []}"#,
            Err("results.json: not the results.json of a schoolpeers run: format_version 9"),
        );
        check(
            "[1, 2]",
            Err("results.json: not the results.json of a schoolpeers run: invalid type"),
        );
    }
}
