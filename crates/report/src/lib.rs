//! Everything the run writes: results.json, the analyst's CSV files, charts,
//! and synthetic districts in the input format.
//!
//! One of the two crates that write files (with `cli`). Decisions are made
//! upstream; this crate only lays them out, in Russian or English.

mod chart;
mod csv;
mod doc;
mod input;
mod quality;
mod table;
pub mod text;

use std::fs;
use std::path::{Path, PathBuf};

pub use chart::draw_groups_chart;
pub use doc::{build_results, AdviceOutcome, GroupingOutcome, Manifest, Parameters, Results};
pub use input::{write_district, write_truth};
pub use quality::{quality_summary, write_data_quality};
pub use table::write_table_groups;

use ingest::Lang;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot draw {path}: {detail}")]
    Chart { path: PathBuf, detail: String },
    #[error("cannot serialise results: {0}")]
    Json(#[from] serde_json::Error),
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
    let io = |source| ReportError::Io {
        path: path.to_owned(),
        source,
    };
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(io)?;
    }
    let tmp = path.with_extension("tmp-write");
    fs::write(&tmp, bytes).map_err(io)?;
    fs::rename(&tmp, path).map_err(io)
}

/// Writes results.json, ranking.csv, pairs.csv and charts/groups.png into `out`.
/// Returns the files written, in that order.
pub fn write_outputs(
    out: &Path,
    results: &Results,
    lang: Lang,
) -> Result<Vec<PathBuf>, ReportError> {
    let mut written = Vec::new();
    let path = out.join("results.json");
    let mut json = serde_json::to_vec_pretty(results)?;
    json.push(b'\n');
    write_file(&path, &json)?;
    written.push(path);

    let path = out.join("ranking.csv");
    write_file(&path, &doc::ranking_csv(results, lang))?;
    written.push(path);

    let path = out.join("pairs.csv");
    write_file(&path, &doc::pairs_csv(results, lang))?;
    written.push(path);

    let path = out.join("criteria.csv");
    write_file(&path, &doc::criteria_csv(results, lang))?;
    written.push(path);

    let path = out.join("charts").join("groups.png");
    draw_groups_chart(&path, results, lang)?;
    written.push(path);
    Ok(written)
}
