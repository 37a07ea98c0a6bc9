//! An output folder read back: which of its files an earlier schoolpeers command wrote (a
//! command replaces a folder only when it holds nothing else), and whether a run's files are
//! still as its results.json lists them (`schoolpeers verify`).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use model::Lang;
use serde::Deserialize;
use sha2::Digest as _;

/// The most entries of a folder looked at; a folder with more is not an output folder.
const MAX_ENTRIES: usize = 200_000;
/// The deepest folder looked into (a run writes `charts/years/`).
const MAX_DEPTH: usize = 6;
/// The largest results.json read (a country's run is a few hundred megabytes).
const MAX_RESULTS_BYTES: u64 = 2 << 30;

/// The files of a run besides those its manifest lists (a results.json written before
/// manifests listed outputs).
const RUN_FILES: [&str; 6] = [
    "results.json",
    "ranking.csv",
    "pairs.csv",
    "criteria.csv",
    "results.xlsx",
    "report.html",
];
/// What `check` writes.
pub const CHECK_FILE: &str = "data-quality.csv";
/// What `generate` writes (the tables, then truth.csv).
const GENERATED_FILES: [&str; 6] = [
    "schools.csv",
    "staff.csv",
    "exams.csv",
    "olympiads.csv",
    "activities.csv",
    model::TRUTH_FILE,
];

/// Which command wrote a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WrittenBy {
    /// `run` or `demo`: results.json and the files its manifest lists.
    Run,
    /// `check`: data-quality.csv alone.
    Check,
    /// `generate`: a synthetic district's tables and truth.csv (and, for a planted programme,
    /// its history of August runs, `history/YEAR/results.json`).
    Generate,
    /// `evaluate`: evaluation.json and the files its manifest lists.
    Evaluate,
}

/// What an existing output folder holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderContents {
    /// The command that wrote it, if one did.
    pub written_by: Option<WrittenBy>,
    /// Its files (under the folder, `/` between folders) that no schoolpeers command wrote,
    /// in name order; a folder too large to list has `…` last.
    pub foreign: Vec<String>,
}

/// A run's results.json as far as its files go.
#[derive(Deserialize)]
struct ResultsFile {
    manifest: ManifestPart,
}

#[derive(Deserialize)]
struct ManifestPart {
    tool: String,
    #[serde(default)]
    outputs: Vec<OutputEntry>,
}

#[derive(Deserialize)]
struct OutputEntry {
    file: String,
    bytes: u64,
    sha256: String,
}

/// Why a folder cannot be verified.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The folder or one of its files cannot be read.
    #[error("cannot read {path}: {detail}")]
    Read {
        /// What could not be read.
        path: PathBuf,
        /// What the system said.
        detail: String,
    },
    /// results.json is missing, not a run's, or lists no files.
    #[error("{path} is not the results.json of a schoolpeers run that lists its files: {detail}")]
    NotResults {
        /// The results.json looked for.
        path: PathBuf,
        /// Why.
        detail: String,
    },
}

impl OutputError {
    /// The error as the analyst reads it.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (OutputError::Read { path, detail }, Lang::Ru) => {
                format!("не удалось прочитать {}: {detail}", path.display())
            }
            (OutputError::NotResults { path, detail }, Lang::Ru) => format!(
                "{} — не results.json расчёта schoolpeers со списком файлов: {detail}",
                path.display()
            ),
            (e, Lang::En) => e.to_string(),
        }
    }
}

/// Every file under `dir` (not following links; a link is listed as a file), as paths under
/// it, in name order; `…` last when there are more than [`MAX_ENTRIES`] or deeper than
/// [`MAX_DEPTH`].
fn files_under(dir: &Path) -> Result<Vec<String>, OutputError> {
    fn walk(
        dir: &Path,
        prefix: &str,
        depth: usize,
        files: &mut Vec<String>,
    ) -> Result<bool, OutputError> {
        let read = |e: std::io::Error| OutputError::Read {
            path: dir.to_owned(),
            detail: e.to_string(),
        };
        let mut entries: Vec<_> = fs::read_dir(dir).map_err(read)?.flatten().collect();
        if entries.len() > MAX_ENTRIES {
            return Ok(false);
        }
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if !is_dir {
                files.push(name);
            } else if depth == 0 || !walk(&entry.path(), &format!("{name}/"), depth - 1, files)? {
                return Ok(false);
            }
            if files.len() > MAX_ENTRIES {
                return Ok(false);
            }
        }
        Ok(true)
    }
    let mut files = Vec::new();
    if !walk(dir, "", MAX_DEPTH, &mut files)? {
        files.push("…".to_owned());
    }
    Ok(files)
}

/// What the folder `out` holds, or `None` when there is no folder there (a file there is a
/// folder of one foreign file).
pub fn read_output_folder(out: &Path) -> Result<Option<FolderContents>, OutputError> {
    let Ok(meta) = fs::symlink_metadata(out) else {
        return Ok(None);
    };
    if !meta.is_dir() {
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned());
        return Ok(Some(FolderContents {
            written_by: None,
            foreign: vec![name.unwrap_or_default()],
        }));
    }
    let files = files_under(out)?;
    let (written_by, ours) = recognise(out, &files);
    let foreign = files.into_iter().filter(|f| !ours(f)).collect();
    Ok(Some(FolderContents {
        written_by,
        foreign,
    }))
}

/// Whether a file (by its path under the folder) is one the command that wrote it wrote.
type IsOurs = Box<dyn Fn(&str) -> bool>;

/// Which command wrote the folder of `files`, and which of them are its.
fn recognise(out: &Path, files: &[String]) -> (Option<WrittenBy>, IsOurs) {
    if let Ok(Some(listed)) = run_files(out) {
        let ours = move |f: &str| {
            listed.contains(f)
                || RUN_FILES.contains(&f)
                || (f.starts_with("charts/") && (f.ends_with(".png") || f.ends_with(".svg")))
                || is_cache_file(f)
        };
        return (Some(WrittenBy::Run), Box::new(ours));
    }
    if files == [CHECK_FILE] {
        return (Some(WrittenBy::Check), Box::new(|f| f == CHECK_FILE));
    }
    if is_generated_truth(&out.join(model::TRUTH_FILE)) {
        let ours = |f: &str| GENERATED_FILES.contains(&f) || is_generated_history(f);
        return (Some(WrittenBy::Generate), Box::new(ours));
    }
    if let Some(listed) = evaluation_files(out) {
        let ours = move |f: &str| listed.contains(f) || f == EVALUATION_FILE;
        return (Some(WrittenBy::Evaluate), Box::new(ours));
    }
    (None, Box::new(|_| false))
}

/// A file of the rerun cache a run keeps in its folder (not an output: results.json does not
/// list it).
fn is_cache_file(file: &str) -> bool {
    (file.strip_prefix(crate::CACHE_DIR))
        .and_then(|f| f.strip_prefix('/'))
        .is_some_and(|name| crate::CACHE_FILES.contains(&name))
}

/// evaluate's own file, which lists the others.
const EVALUATION_FILE: &str = "evaluation.json";

/// A planted programme's August run: `history/YEAR/results.json`.
fn is_generated_history(file: &str) -> bool {
    let parts: Vec<&str> = file.split('/').collect();
    matches!(parts.as_slice(), ["history", year, "results.json"] if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()))
}

/// The files evaluate's evaluation.json in `out` lists, or `None` when there is none or it is
/// not schoolpeers's.
fn evaluation_files(out: &Path) -> Option<BTreeSet<String>> {
    let manifest = manifest_in(&out.join(EVALUATION_FILE)).ok()??;
    Some(manifest.outputs.into_iter().map(|o| o.file).collect())
}

/// The files a run's results.json in `out` lists, or `None` when it is not a run's.
fn run_files(out: &Path) -> Result<Option<BTreeSet<String>>, OutputError> {
    let Some(manifest) = run_manifest(out)? else {
        return Ok(None);
    };
    Ok(Some(manifest.outputs.into_iter().map(|o| o.file).collect()))
}

/// The manifest of the run's results.json in `out`, or `None` when there is none or it is
/// not a schoolpeers run's.
fn run_manifest(out: &Path) -> Result<Option<ManifestPart>, OutputError> {
    manifest_in(&out.join("results.json"))
}

/// The manifest of a schoolpeers file listing its folder's outputs (a run's results.json,
/// evaluate's evaluation.json), or `None` when there is none or it is not schoolpeers's.
fn manifest_in(path: &Path) -> Result<Option<ManifestPart>, OutputError> {
    let path = path.to_path_buf();
    if !path.is_file() {
        return Ok(None);
    }
    let text = crate::parse::read_bounded(&path, MAX_RESULTS_BYTES)
        .map_err(|detail| OutputError::Read { path, detail })?;
    Ok(serde_json::from_str::<ResultsFile>(&text)
        .ok()
        .map(|r| r.manifest)
        .filter(|m| m.tool == "schoolpeers"))
}

/// Whether `path` is a truth.csv that `generate` wrote (its first line, after the BOM).
fn is_generated_truth(path: &Path) -> bool {
    first_line(path).is_some_and(|l| l.starts_with("school_id;archetype;"))
}

/// The first line of the file at `path`, from its first 256 bytes (a BOM dropped); `None` when
/// it cannot be read.
fn first_line(path: &Path) -> Option<String> {
    use std::io::Read as _;
    let mut start = Vec::with_capacity(256);
    fs::File::open(path)
        .ok()?
        .take(256)
        .read_to_end(&mut start)
        .ok()?;
    let start = start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&start);
    let text = String::from_utf8_lossy(start);
    Some(text.lines().next().unwrap_or_default().to_owned())
}

/// The first header of each table `schoolpeers cluster` writes, in either language (the
/// groups file's is the analyst's id column, so its second: `Группа`/`Group`).
const CLUSTER_HEADERS: [&str; 6] = ["Число групп", "Groups", "Шаг", "Step", "Группа", "Group"];

/// Whether the file at `path` is one `schoolpeers cluster` wrote, by its header row: the
/// groups table (id, `Группа`), the k table (`Число групп`, …) or the merge tree (`Шаг`, …).
pub fn written_by_cluster(path: &Path) -> bool {
    let Some(header) = first_line(path) else {
        return false;
    };
    let fields: Vec<&str> = header
        .split([';', ','])
        .map(|f| f.trim_matches('"'))
        .collect();
    match fields.as_slice() {
        [_, group] => CLUSTER_HEADERS[4..].contains(group),
        [first, ..] => CLUSTER_HEADERS[..4].contains(first),
        [] => false,
    }
}

/// A run's folder checked against its results.json.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Verification {
    /// The files results.json lists.
    pub listed: usize,
    /// Listed files not there.
    pub missing: Vec<String>,
    /// Listed files whose size or SHA-256 is not the one listed.
    pub changed: Vec<String>,
    /// Files there that results.json does not list.
    pub extra: Vec<String>,
}

impl Verification {
    /// Whether the folder is exactly what its run wrote.
    pub fn holds(&self) -> bool {
        self.missing.is_empty() && self.changed.is_empty() && self.extra.is_empty()
    }
}

/// Checks the folder `out` against the files its results.json lists: each there with its size
/// and SHA-256, and nothing else but results.json and the rerun cache (which is checked by its
/// own key when a run reads it).
pub fn verify_output(out: &Path) -> Result<Verification, OutputError> {
    let path = out.join("results.json");
    let not_results = |detail: &str| OutputError::NotResults {
        path: path.clone(),
        detail: detail.to_owned(),
    };
    if !path.is_file() {
        return Err(not_results("no such file"));
    }
    let manifest = run_manifest(out)?.ok_or_else(|| not_results("not a run's manifest"))?;
    if manifest.outputs.is_empty() {
        return Err(not_results("manifest.outputs is empty"));
    }
    let mut v = Verification {
        listed: manifest.outputs.len(),
        ..Verification::default()
    };
    let listed: BTreeSet<&str> = manifest.outputs.iter().map(|o| o.file.as_str()).collect();
    for entry in &manifest.outputs {
        match file_fingerprint(out, &entry.file) {
            None => v.missing.push(entry.file.clone()),
            Some((bytes, sha)) if bytes != entry.bytes || sha != entry.sha256 => {
                v.changed.push(entry.file.clone());
            }
            Some(_) => {}
        }
    }
    v.extra = files_under(out)?
        .into_iter()
        .filter(|f| f != "results.json" && !listed.contains(f.as_str()) && !is_cache_file(f))
        .collect();
    Ok(v)
}

/// The size and SHA-256 of the file `name` under `out`, or `None` when it is not there or the
/// name leads outside the folder.
fn file_fingerprint(out: &Path, name: &str) -> Option<(u64, String)> {
    let inside = Path::new(name)
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    if !inside {
        return None;
    }
    let mut file = fs::File::open(out.join(name)).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    let mut hash = sha2::Sha256::new();
    let bytes = std::io::copy(&mut file, &mut hash).ok()?;
    Some((bytes, crate::table::hex(&hash.finalize())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, text) in files {
            let path = dir.path().join(name);
            fs::create_dir_all(path.parent().expect("parent")).expect("folders");
            fs::write(path, text).expect("file");
        }
        dir
    }

    const RESULTS: &str = r#"{"manifest": {"tool": "schoolpeers", "outputs": [
        {"file": "ranking.csv", "bytes": 3, "sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"}]}}"#;

    #[test]
    fn a_run_folder_is_its_own_and_a_users_file_in_it_is_foreign() {
        let dir = folder(&[
            ("results.json", RESULTS),
            ("ranking.csv", "abc"),
            ("notes.txt", "mine"),
        ]);
        let contents = read_output_folder(dir.path())
            .expect("read")
            .expect("there");
        assert_eq!(contents.written_by, Some(WrittenBy::Run));
        assert_eq!(contents.foreign, vec!["notes.txt"]);
    }

    #[test]
    fn a_data_folder_is_foreign_and_a_generated_one_is_generates() {
        let data = folder(&[("schools.csv", "id;name")]);
        let contents = read_output_folder(data.path())
            .expect("read")
            .expect("there");
        assert_eq!((contents.written_by, contents.foreign.len()), (None, 1));
        let generated = folder(&[
            ("schools.csv", "id"),
            ("truth.csv", "\u{feff}school_id;archetype;context_effect"),
        ]);
        let contents = read_output_folder(generated.path())
            .expect("read")
            .expect("there");
        assert_eq!(contents.written_by, Some(WrittenBy::Generate));
        assert!(contents.foreign.is_empty());
        assert_eq!(
            read_output_folder(&data.path().join("none")).expect("read"),
            None
        );
    }

    #[test]
    fn verify_finds_changed_missing_and_extra_files() {
        let dir = folder(&[("results.json", RESULTS), ("ranking.csv", "abc")]);
        let v = verify_output(dir.path()).expect("verified");
        assert!(v.holds(), "{v:?}");
        fs::write(dir.path().join("ranking.csv"), "abd").expect("changed");
        fs::write(dir.path().join("stale.svg"), "").expect("extra");
        let v = verify_output(dir.path()).expect("verified");
        assert_eq!(
            (v.changed, v.extra),
            (vec!["ranking.csv".into()], vec!["stale.svg".into()])
        );
        fs::remove_file(dir.path().join("ranking.csv")).expect("removed");
        assert_eq!(
            verify_output(dir.path()).expect("verified").missing,
            vec!["ranking.csv"]
        );
    }

    #[test]
    fn a_listed_name_outside_the_folder_is_not_read() {
        let results = RESULTS.replace("\"ranking.csv\"", "\"../ranking.csv\"");
        let dir = folder(&[("results.json", &results)]);
        assert_eq!(
            verify_output(dir.path()).expect("verified").missing,
            vec!["../ranking.csv"]
        );
    }
}
