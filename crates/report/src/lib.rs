//! Everything the run writes: results.json, the analyst's CSV files, charts,
//! and synthetic districts in the input format.
//!
//! One of the two crates that write files (with `cli`). Decisions are made
//! upstream; this crate only lays them out, in Russian or English.

mod build;
mod chart;
mod csv;
mod doc;
mod html;
mod input;
mod quality;
mod sheet;
mod sheets;
mod table;
pub mod text;
mod xlsx;

use std::fs;
use std::path::{Path, PathBuf};

pub use build::{build_results, AdviceOutcome, GroupingOutcome};
pub use chart::{chart_count, write_charts, ChartSet, Figure, ALL_CHARTS_UP_TO, PAGE_CHARTS_UP_TO};
pub use csv::CsvDialect;
pub use doc::{Manifest, Parameters, Results};
pub use input::{write_district, write_truth, TruthRow};
pub use quality::{quality_summary, write_data_quality, Inspection};
pub use table::write_table_groups;

use model::Lang;

/// Why outputs cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A file cannot be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// A chart cannot be drawn.
    #[error("cannot draw {path}: {detail}")]
    Chart {
        /// The chart's file.
        path: PathBuf,
        /// What the drawing library said.
        detail: String,
    },
    /// results.json cannot be serialised.
    #[error("cannot serialise results: {0}")]
    Json(#[from] serde_json::Error),
    /// The workbook cannot be made.
    #[error("cannot make the workbook {path}: {detail}")]
    Xlsx {
        /// The workbook's file.
        path: PathBuf,
        /// What the workbook writer said.
        detail: String,
    },
    /// One exams table holds either per-student rows or per-school summaries.
    #[error("the district has both per-student exam results and per-school summaries")]
    MixedExamShapes,
}

impl ReportError {
    /// The error as the analyst reads it.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ReportError::Io { path, source }, Lang::Ru) => {
                format!("не удалось записать {}: {source}", path.display())
            }
            (ReportError::Chart { path, detail }, Lang::Ru) => {
                format!(
                    "не удалось построить диаграмму {}: {detail}",
                    path.display()
                )
            }
            (ReportError::Json(e), Lang::Ru) => format!("не удалось записать результаты: {e}"),
            (ReportError::Xlsx { path, detail }, Lang::Ru) => {
                format!(
                    "не удалось собрать книгу Excel {}: {detail}",
                    path.display()
                )
            }
            (ReportError::MixedExamShapes, Lang::Ru) => {
                "в районе есть и результаты по участникам, и итоги по школам: \
                 одна таблица экзаменов не вмещает оба вида"
                    .into()
            }
            (e, Lang::En) => e.to_string(),
        }
    }
}

/// Writes `bytes` to `path`, creating the folder; the file appears whole or not at all.
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    write_streamed(path, |w| w.write_all(bytes))
}

/// The extension of a file being written, before it is renamed to its own name.
const UNFINISHED: &str = "tmp-write";

/// Set once the run is interrupted (Ctrl-C): no file begins, none is given its name.
static INTERRUPTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Stops all writing (on Ctrl-C): a file not begun is not begun, and one being written is
/// removed instead of renamed. Then [`remove_unfinished`] clears what a writer left mid-way.
pub fn interrupt() {
    INTERRUPTED.store(true, std::sync::atomic::Ordering::SeqCst);
}

/// Removes the files under `root` (and its folders, three levels deep) that a write left
/// unfinished: after an interruption, nothing half-written stays behind.
pub fn remove_unfinished(root: &Path) {
    fn walk(dir: &Path, depth: usize) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for path in entries.flatten().map(|e| e.path()) {
            if path.is_dir() && depth > 0 {
                walk(&path, depth - 1);
            } else if path.extension().is_some_and(|e| e == UNFINISHED) {
                let _ = fs::remove_file(&path);
            }
        }
    }
    walk(root, 3);
}

/// Writes a file by `write`, which is given a buffered writer, as
/// [`write_file`] does: whole or not at all. For files too large to build in
/// memory first (a country's generated exam table).
pub(crate) fn write_streamed(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), ReportError> {
    use std::io::Write as _;
    let io = |source| ReportError::Io {
        path: path.to_owned(),
        source,
    };
    let stopped = || {
        let interrupted = INTERRUPTED.load(std::sync::atomic::Ordering::SeqCst);
        match interrupted {
            true => Err(std::io::Error::from(std::io::ErrorKind::Interrupted)),
            false => Ok(()),
        }
    };
    stopped().map_err(io)?;
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(io)?;
    }
    let tmp = path.with_extension(UNFINISHED);
    let done = fs::File::create(&tmp)
        .and_then(|file| {
            // For the tests only: a write that takes its time, to be interrupted.
            fail::fail_point!("write-file");
            let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
            write(&mut out)?;
            out.flush()
        })
        // An interrupted run gives no file its name that it has not finished.
        .and_then(|()| stopped())
        .and_then(|()| fs::rename(&tmp, path));
    if done.is_err() {
        // Nothing half-written stays behind, under either name.
        let _ = fs::remove_file(&tmp);
    }
    done.map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_no_file_behind() {
        let dir = tempfile::tempdir().expect("temp dir");
        // The target is a folder: the rename fails after the bytes were written.
        let target = dir.path().join("report.html");
        fs::create_dir(&target).expect("folder");
        let e = write_file(&target, b"<html>").expect_err("cannot replace a folder");
        assert!(matches!(e, ReportError::Io { ref path, .. } if path == &target));
        let left: Vec<_> = fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(left, vec![std::ffi::OsString::from("report.html")]);
        // A normal write replaces the old file whole.
        let file = dir.path().join("a.csv");
        write_file(&file, b"old").expect("written");
        write_file(&file, b"new").expect("written");
        assert_eq!(fs::read(&file).expect("read"), b"new");
        assert!(!dir.path().join("a.tmp-write").exists());
    }
}

/// How the run's files are written.
#[derive(Clone, Copy)]
pub struct OutputOptions<'a> {
    /// The language of every text.
    pub lang: Lang,
    /// How the CSV files are written.
    pub dialect: CsvDialect,
    /// Which charts are drawn.
    pub charts: ChartSet,
    /// Called once per chart drawn (for a progress bar).
    pub progress: &'a (dyn Fn() + Sync),
}

impl std::fmt::Debug for OutputOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutputOptions")
            .field("lang", &self.lang)
            .field("dialect", &self.dialect)
            .field("charts", &self.charts)
            .finish_non_exhaustive()
    }
}

/// Writes every output of a run into `out`: results.json, the CSV tables,
/// results.xlsx, the charts (PNG and SVG) and report.html. Each file appears
/// whole or not at all. Returns the files written, in that order.
pub fn write_outputs(
    out: &Path,
    results: &Results,
    options: &OutputOptions<'_>,
) -> Result<Vec<PathBuf>, ReportError> {
    let (lang, dialect) = (options.lang, options.dialect);
    let mut written = Vec::new();
    let path = out.join("results.json");
    let mut json = serde_json::to_vec_pretty(results)?;
    json.push(b'\n');
    write_file(&path, &json)?;
    written.push(path);

    for (name, sheet) in [
        ("ranking.csv", sheets::ranking(results, lang)),
        ("pairs.csv", sheets::pairs(results, lang)),
        ("criteria.csv", sheets::criteria(results, lang)),
    ] {
        let path = out.join(name);
        write_file(&path, &sheet.to_csv(dialect))?;
        written.push(path);
    }

    let path = out.join("results.xlsx");
    let book =
        xlsx::workbook_bytes(&sheets::workbook(results, lang)).map_err(|e| ReportError::Xlsx {
            path: path.clone(),
            detail: e.to_string(),
        })?;
    write_file(&path, &book)?;
    written.push(path);

    let (figures, charts) = write_charts(out, results, options.charts, lang, options.progress)?;
    written.extend(charts);

    let path = out.join("report.html");
    write_file(&path, html::report_html(results, &figures, lang).as_bytes())?;
    written.push(path);
    Ok(written)
}
