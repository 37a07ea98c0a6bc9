//! A past August run read back for stage 5: each school's status, group and compared result,
//! the pairs it made and the year of results it stood on, from its results.json.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use model::{PastRun, PastSchool, PastStatus};

use crate::error::IngestError;
use crate::previous::{not_results, read_results};

#[derive(Deserialize)]
struct RunFile {
    format_version: u32,
    manifest: ManifestEntry,
    schools: Vec<SchoolEntry>,
    pairs: Vec<PairEntry>,
}

#[derive(Deserialize)]
struct ManifestEntry {
    parameters: ParametersEntry,
}

#[derive(Deserialize)]
struct ParametersEntry {
    outcome_years: Vec<u16>,
}

#[derive(Deserialize)]
struct SchoolEntry {
    school_id: String,
    status: String,
    peer_group: Option<usize>,
    compared_score: Option<f64>,
}

#[derive(Deserialize)]
struct PairEntry {
    low_school_id: String,
    base_school_id: String,
}

/// Reads a past run's results.json; anything that is not a run's (another layout, a status
/// or year it cannot have written, a school twice, a pair of schools it did not list) is
/// refused with the file named and what is wrong.
pub fn read_past_run(path: &Path) -> Result<PastRun, IngestError> {
    let (file, parsed) = read_results(path, |r: &RunFile| r.format_version)?;
    let fail = |detail: String| not_results(&file, detail);
    let mut years = parsed.manifest.parameters.outcome_years.clone();
    years.sort_unstable();
    years.dedup();
    let year = (years.last().copied())
        .filter(|_| years.iter().all(|y| (2000..=2100).contains(y)))
        .ok_or_else(|| fail("manifest.parameters.outcome_years: no year 2000–2100".into()))?;
    let clip = |id: &str| model::text::clip(id, model::text::QUOTE_CHARS).to_string();
    let mut schools = BTreeMap::new();
    for s in parsed.schools {
        let status = PastStatus::of_code(&s.status).ok_or_else(|| {
            fail(format!(
                "status \"{}\" of school \"{}\"",
                clip(&s.status),
                clip(&s.school_id)
            ))
        })?;
        if s.compared_score.is_some_and(|x| !x.is_finite()) {
            return Err(fail(format!(
                "compared_score of school \"{}\"",
                clip(&s.school_id)
            )));
        }
        let school = PastSchool {
            status,
            group: s.peer_group,
            compared: s.compared_score,
        };
        if schools.insert(s.school_id.clone(), school).is_some() {
            return Err(fail(format!(
                "school \"{}\" is listed twice",
                clip(&s.school_id)
            )));
        }
    }
    let mut pairs = Vec::with_capacity(parsed.pairs.len());
    for p in parsed.pairs {
        for id in [&p.low_school_id, &p.base_school_id] {
            if !schools.contains_key(id) {
                return Err(fail(format!(
                    "the pair's school \"{}\" is not among its schools",
                    clip(id)
                )));
            }
        }
        pairs.push((p.low_school_id, p.base_school_id));
    }
    Ok(PastRun {
        file,
        year,
        years,
        schools,
        pairs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<PastRun, String> {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("results.json");
        std::fs::write(&path, text).expect("written");
        read_past_run(&path).map_err(|e| e.problems[0].message(model::Lang::En))
    }

    /// A run's file with the given schools and pairs.
    fn run(schools: &str, pairs: &str) -> String {
        format!(
            r#"{{"format_version": 1, "manifest": {{"parameters": {{"outcome_years": [2023, 2024]}}}},
               "schools": [{schools}], "pairs": [{pairs}]}}"#
        )
    }

    const TWO: &str = r#"{"school_id": "L", "status": "low", "peer_group": 1, "compared_score": -1.2},
                         {"school_id": "B", "status": "base", "peer_group": 1, "compared_score": 0.9}"#;
    const PAIR: &str = r#"{"low_school_id": "L", "base_school_id": "B"}"#;

    #[test]
    fn a_run_is_read_with_its_year_statuses_and_pairs() {
        let past = read(&run(TWO, PAIR)).expect("read");
        assert_eq!(past.year, 2024);
        assert_eq!(past.pairs, [("L".to_owned(), "B".to_owned())]);
        assert_eq!(past.schools["L"].status, PastStatus::Low);
        assert_eq!(past.schools["B"].compared, Some(0.9));
    }

    #[test]
    fn what_no_run_writes_is_refused() {
        let refused = |text: &str, what: &str| {
            let message = read(text).expect_err("refused");
            assert!(message.contains(what), "{message}");
        };
        refused(
            &run(TWO, PAIR).replace("\"format_version\": 1", "\"format_version\": 2"),
            "format_version 2",
        );
        refused(
            &run(TWO, PAIR).replace("[2023, 2024]", "[]"),
            "outcome_years",
        );
        refused(
            &run(&TWO.replace("\"base\"", "\"best\""), PAIR),
            "status \"best\" of school \"B\"",
        );
        refused(
            &run(&format!("{TWO}, {TWO}"), PAIR),
            "school \"L\" is listed twice",
        );
        refused(
            &run(TWO, &PAIR.replace("\"B\"", "\"X\"")),
            "the pair's school \"X\"",
        );
        refused("{}", "not the results.json of a schoolpeers run");
    }
}
