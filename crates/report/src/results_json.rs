//! results.json, its body made beside the other files: serialised with the manifest's list of
//! outputs still empty (the list is known only once every other file is written), and the list
//! put in last, giving the bytes a serialisation at the end gives.

use std::path::Path;

use crate::write::{write_streamed, OutputDoc, WrittenFile};
use crate::{write_results_only, ReportError, Results};

/// The manifest's empty list of outputs as `serde_json`'s pretty printer writes it: a field of
/// an object inside the top one, four spaces in.
const NO_OUTPUTS: &[u8] = b"\n    \"outputs\": []";

/// results.json's bytes with no outputs listed; `None` when the results already list outputs
/// (then results.json is serialised at the end).
pub(crate) fn early(results: &Results) -> Result<Option<Vec<u8>>, ReportError> {
    if !results.manifest.outputs.is_empty() {
        return Ok(None);
    }
    let mut bytes = Vec::new();
    crate::serialise_results(&mut bytes, results)?;
    Ok(Some(bytes))
}

/// Writes results.json at `path`: the early bytes with the outputs put in, or serialised anew.
pub(crate) fn write(
    path: &Path,
    results: &Results,
    early: Option<Vec<u8>>,
) -> Result<WrittenFile, ReportError> {
    let written = match early {
        Some(body) => with_outputs(path, &body, &results.manifest.outputs)?,
        None => None,
    };
    match written {
        Some(written) => Ok(written),
        None => write_results_only(path, results),
    }
}

/// Writes at `path` the `body` (a pretty serialisation whose manifest lists no outputs) with
/// `outputs` listed, as the pretty printer would have written them there: streamed, the body
/// not copied. `None` (nothing written) if the body has no empty list where the manifest's is.
fn with_outputs(
    path: &Path,
    body: &[u8],
    outputs: &[OutputDoc],
) -> Result<Option<WrittenFile>, ReportError> {
    let Some(at) = body.windows(NO_OUTPUTS.len()).position(|w| w == NO_OUTPUTS) else {
        return Ok(None);
    };
    let list = indented(&serde_json::to_vec_pretty(outputs)?);
    let empty_list_at = at + NO_OUTPUTS.len() - b"[]".len();
    write_streamed(path, |out| {
        out.write_all(&body[..empty_list_at])?;
        out.write_all(&list)?;
        out.write_all(&body[at + NO_OUTPUTS.len()..])
    })
    .map(Some)
}

/// A pretty-printed list with each line after the first four spaces further in (a JSON string
/// holds no raw line break).
fn indented(list: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(list.len() * 3 / 2);
    for &b in list {
        out.push(b);
        if b == b'\n' {
            out.extend_from_slice(b"    ");
        }
    }
    out
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

    /// The outputs put in the body at `dir/results.json`: its bytes, or `None` when the body
    /// had no place for them.
    fn put_in(dir: &Path, body: &Doc, outputs: &[OutputDoc]) -> Option<Vec<u8>> {
        let body = serde_json::to_vec_pretty(body).expect("json");
        let path = dir.join("results.json");
        let written = with_outputs(&path, &body, outputs).expect("written")?;
        let bytes = std::fs::read(&path).expect("read");
        assert_eq!(written.bytes, bytes.len() as u64);
        Some(bytes)
    }

    #[test]
    fn the_outputs_put_in_give_the_bytes_of_a_serialisation_with_them() {
        let dir = tempfile::tempdir().expect("temp dir");
        for outputs in [
            vec![],
            vec![output("ranking.csv", None)],
            vec![
                output("ranking.csv", None),
                output("charts/school-1.png", Some("ш-1\"\n")),
            ],
        ] {
            let whole = serde_json::to_vec_pretty(&doc(outputs.clone())).expect("json");
            let put_in = put_in(dir.path(), &doc(Vec::new()), &outputs);
            assert_eq!(
                put_in.map(String::from_utf8),
                Some(String::from_utf8(whole))
            );
        }
    }

    #[test]
    fn a_body_without_the_empty_list_is_not_patched() {
        let dir = tempfile::tempdir().expect("temp dir");
        let body = doc(vec![output("a.csv", None)]);
        let text = serde_json::to_vec_pretty(&body).expect("json");
        let at_four = b"\n    \"outputs\": [\n";
        assert!(text.windows(at_four.len()).any(|w| w == at_four));
        assert!(put_in(dir.path(), &body, &[output("b.csv", None)]).is_none());
        assert!(!dir.path().join("results.json").exists());
    }
}
