//! results.json, made beside the charts up to a region's size: its bytes are serialised while
//! the charts are drawn, with the manifest's list of outputs still empty, and the list (known
//! only once every other file is written) is put in last, giving the bytes a serialisation at
//! the end gives. A country's is streamed to its file at the end instead (half a gigabyte is
//! not held in memory twice).

use std::path::Path;

use crate::write::{write_file, OutputDoc, WrittenFile};
use crate::{write_results_only, ReportError, Results};

/// Up to this many schools results.json is made beside the charts (a region's is 36 MB at
/// 3,000); above, streamed at the end.
const BESIDE_THE_CHARTS: usize = 10_000;

/// The manifest's empty list of outputs as `serde_json`'s pretty printer writes it: a field of
/// an object inside the top one, four spaces in.
const NO_OUTPUTS: &[u8] = b"\n    \"outputs\": []";

/// results.json's bytes with no outputs listed, when made beside the charts.
pub(crate) fn early(results: &Results) -> Result<Option<Vec<u8>>, ReportError> {
    if results.schools.len() > BESIDE_THE_CHARTS || !results.manifest.outputs.is_empty() {
        return Ok(None);
    }
    let mut bytes = Vec::new();
    crate::serialise_results(&mut bytes, results)?;
    Ok(Some(bytes))
}

/// Writes results.json at `path`: the early bytes with the outputs put in, or streamed anew.
pub(crate) fn write(
    path: &Path,
    results: &Results,
    early: Option<Vec<u8>>,
) -> Result<WrittenFile, ReportError> {
    let outputs = &results.manifest.outputs;
    let whole = match early {
        Some(body) => with_outputs(&body, outputs)?,
        None => None,
    };
    match whole {
        Some(bytes) => write_file(path, &bytes),
        None => write_results_only(path, results),
    }
}

/// `body` (a pretty serialisation whose manifest lists no outputs) with `outputs` listed, as
/// the pretty printer would have written them there; `None` if `body` has no empty list where
/// the manifest's is (then results.json is serialised anew).
fn with_outputs(body: &[u8], outputs: &[OutputDoc]) -> Result<Option<Vec<u8>>, ReportError> {
    let Some(at) = body.windows(NO_OUTPUTS.len()).position(|w| w == NO_OUTPUTS) else {
        return Ok(None);
    };
    let list = serde_json::to_vec_pretty(outputs)?;
    let empty_list_at = at + NO_OUTPUTS.len() - b"[]".len();
    let mut out = Vec::with_capacity(body.len() + list.len() * 3 / 2);
    out.extend_from_slice(&body[..empty_list_at]);
    // Each line of the list four spaces further in (a JSON string holds no raw line break).
    for &b in &list {
        out.push(b);
        if b == b'\n' {
            out.extend_from_slice(b"    ");
        }
    }
    out.extend_from_slice(&body[at + NO_OUTPUTS.len()..]);
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Manifest {
        engine: &'static str,
        outputs: Vec<OutputDoc>,
        notes: Vec<Note>,
    }

    #[derive(serde::Serialize)]
    struct Note {
        text: &'static str,
        outputs: Vec<OutputDoc>,
    }

    #[derive(serde::Serialize)]
    struct Doc {
        format_version: u32,
        manifest: Manifest,
        rest: Vec<Note>,
    }

    fn output(file: &str, school: Option<&str>) -> OutputDoc {
        OutputDoc {
            file: file.into(),
            bytes: 12,
            sha256: "ab".repeat(32),
            school_id: school.map(str::to_owned),
        }
    }

    /// A document with decoys: the same text inside a string, an empty list of the same name
    /// deeper in, after the manifest's.
    fn doc(outputs: Vec<OutputDoc>) -> Doc {
        let decoy = || Note {
            text: "\n    \"outputs\": []",
            outputs: Vec::new(),
        };
        Doc {
            format_version: 3,
            manifest: Manifest {
                engine: "\"outputs\": []",
                outputs,
                notes: vec![decoy()],
            },
            rest: vec![decoy()],
        }
    }

    #[test]
    fn the_outputs_put_in_give_the_bytes_of_a_serialisation_with_them() {
        for outputs in [
            vec![],
            vec![output("ranking.csv", None)],
            vec![
                output("ranking.csv", None),
                output("charts/school-1.png", Some("ш-1\"\n")),
            ],
        ] {
            let body = serde_json::to_vec_pretty(&doc(Vec::new())).expect("json");
            let whole = serde_json::to_vec_pretty(&doc(outputs.clone())).expect("json");
            let put_in = with_outputs(&body, &outputs).expect("json").expect("found");
            assert_eq!(String::from_utf8(put_in), String::from_utf8(whole));
        }
    }

    #[test]
    fn a_body_without_the_empty_list_is_not_patched() {
        let body = serde_json::to_vec_pretty(&doc(vec![output("a.csv", None)])).expect("json");
        let at_four = b"\n    \"outputs\": [\n";
        assert!(body.windows(at_four.len()).any(|w| w == at_four));
        let patched = with_outputs(&body, &[output("b.csv", None)]).expect("json");
        assert!(patched.is_none());
    }
}
