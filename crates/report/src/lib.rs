//! Everything the run writes: results.json, the analyst's CSV files, charts,
//! and synthetic districts in the input format.
//!
//! One of the two crates that write files (with `cli`). Decisions are made
//! upstream; this crate only lays them out, in Russian or English.

mod apart;
mod build;
mod chart;
mod csv;
mod doc;
pub mod evaluation;
mod find;
mod generation;
mod group_section;
mod html;
mod input;
mod method;
mod network;
mod objectivity;
mod plan;
mod print;
mod quality;
mod results_json;
mod robust;
mod scorecard;
mod sheet;
mod sheets;
mod suppress;
mod table;
pub mod text;
mod write;
mod xlsx;

use std::path::{Path, PathBuf};

pub use build::{build_results, AdviceOutcome, GroupingOutcome};
pub use chart::{
    chart_count, write_charts, ChartFile, ChartSet, Figure, ALL_CHARTS_UP_TO, PAGE_CHARTS_UP_TO,
};
pub use csv::CsvDialect;
pub use doc::{Manifest, Parameters, Results};
pub use generation::{real_path, Generation};
pub use input::{write_district, write_truth, PlantedHelp, TruthRow};
pub use network::{network_doc, MenteeDoc, NetworkDoc, NetworkMentorDoc, PersonDoc};
pub use quality::{quality_summary, write_data_quality, Inspection};
pub use robust::{Comparison, OverlapDoc};
pub use scorecard::{points_record, scorecard_docs, ScoreCardDoc};
pub use suppress::SuppressedDoc;
pub use table::{table_group_files, write_table_groups};
pub(crate) use write::write_file;
pub use write::{interrupt, link_files, remove_unfinished, write_streamed, OutputDoc, WrittenFile};

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
    /// Another command is writing the output folder.
    #[error("another schoolpeers command is writing {path}; wait until it ends")]
    Busy {
        /// The output folder.
        path: PathBuf,
    },
    /// The output folder has no name of its own (`/`, or a path ending in `..`).
    #[error("{path} is not a folder that can be replaced: name one by its own name")]
    Unnamed {
        /// The path given.
        path: PathBuf,
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
            (ReportError::Busy { path }, Lang::Ru) => format!(
                "в папку {} сейчас пишет другая команда schoolpeers; дождитесь её окончания",
                path.display()
            ),
            (ReportError::Unnamed { path }, Lang::Ru) => format!(
                "{} — не папка, которую можно заменить: укажите папку по её имени",
                path.display()
            ),
            (ReportError::MixedExamShapes, Lang::Ru) => {
                "в районе есть и результаты по участникам, и итоги по школам: \
                 одна таблица экзаменов не вмещает оба вида"
                    .into()
            }
            (e, Lang::En) => e.to_string(),
        }
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

/// Writes every output of a run into `folder` (a [`Generation`]'s): the CSV tables,
/// results.xlsx, the charts (PNG and SVG), report.html and, last, results.json with the
/// others listed in its manifest (size, SHA-256, the school of a per-school chart). Each file
/// appears whole or not at all. Returns the files written, results.json first.
pub fn write_outputs(
    folder: &Path,
    results: &mut Results,
    options: &OutputOptions<'_>,
) -> Result<Vec<WrittenFile>, ReportError> {
    let lang = options.lang;
    // The tables and the workbook are written while the charts are drawn and then the page that
    // shows them: the charts' time is most of a region's files', the workbook's most of a
    // country's (whose charts are only the groups'; its page beside the workbook leaves the
    // peak memory as it was). So is results.json's body, with its list of outputs put in last:
    // a country's half a gigabyte was two seconds of the run's end, on one core.
    let (tables, charts) = rayon::join(
        || {
            let (mut written, book) = write_tables(folder, results, options)?;
            // The workbook's zip, on one core, beside results.json's body.
            let (book, early) = rayon::join(
                || write_workbook(&folder.join("results.xlsx"), book),
                || results_json::early(results),
            );
            written.push((book?, None));
            Ok::<_, ReportError>((written, early?))
        },
        || {
            let (figures, charts) =
                write_charts(folder, results, options.charts, lang, options.progress)?;
            let page = html::report_html(results, &figures, lang);
            let page = write_file(&folder.join("report.html"), page.as_bytes())?;
            Ok::<_, ReportError>((charts, page))
        },
    );
    let (mut written, early) = tables?;
    let (charts, page) = charts?;
    written.extend(charts);
    written.push((page, None));

    results.manifest.outputs = written
        .iter()
        .map(|(f, school_id)| OutputDoc {
            file: relative(folder, &f.path),
            bytes: f.bytes,
            sha256: f.sha256.clone(),
            school_id: school_id.clone(),
        })
        .collect();
    let mut files = vec![results_json::write(
        &folder.join("results.json"),
        results,
        early,
    )?];
    files.extend(written.into_iter().map(|(f, _)| f));
    Ok(files)
}

/// Written files, each with the school it shows (a per-school chart's).
type Written = Vec<(WrittenFile, Option<String>)>;

/// The CSV tables written into `folder`, and the workbook with its cells written, not yet
/// saved.
fn write_tables(
    folder: &Path,
    results: &Results,
    options: &OutputOptions<'_>,
) -> Result<(Written, rust_xlsxwriter::Workbook), ReportError> {
    let (lang, dialect) = (options.lang, options.dialect);
    type Table = fn(&Results, Lang) -> sheet::Sheet;
    let mut tables: Vec<(&str, Table)> = vec![
        ("ranking.csv", sheets::ranking),
        ("pairs.csv", sheets::pairs),
        ("criteria.csv", sheets::criteria),
    ];
    // Only a district with an activities table has score cards.
    if !results.scorecards.is_empty() {
        tables.push(("scorecard.csv", scorecard::sheet));
    }
    // Only a district whose staff table names someone to support has a network of mentors.
    if !results.network.mentees.is_empty() {
        tables.push(("mentors.csv", network::sheet));
    }
    // One table at a time, then the workbook: a country's tables (262,000 people of the
    // network) held at once would raise the run's peak memory by a tenth.
    let mut written = Vec::new();
    for (name, table) in tables {
        let text = table(results, lang).to_csv(dialect);
        written.push((write_file(&folder.join(name), &text)?, None));
    }
    let sheets = sheets::workbook(results, lang);
    let book = xlsx::workbook(&sheets).map_err(|e| xlsx_error(&folder.join("results.xlsx"), &e))?;
    drop_aside(sheets);
    Ok((written, book))
}

/// Frees `value` on a thread of its own, beside the work that follows: a region's district
/// and results, a country's tables, are millions of small allocations, tenths of a second to
/// free on the one core the run's last steps leave free. The process may end before the thread
/// does. When the system gives no thread, the value is freed here (the refused closure is
/// dropped with it), not a panic.
pub fn drop_aside<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

/// A workbook of `sheets` written at `path`.
pub(crate) fn write_sheets(
    path: &Path,
    sheets: &[sheet::Sheet],
) -> Result<WrittenFile, ReportError> {
    let book = xlsx::workbook(sheets).map_err(|e| xlsx_error(path, &e))?;
    write_workbook(path, book)
}

/// The workbook saved at `path`.
fn write_workbook(
    path: &Path,
    book: rust_xlsxwriter::Workbook,
) -> Result<WrittenFile, ReportError> {
    let bytes = xlsx::bytes(book).map_err(|e| xlsx_error(path, &e))?;
    write_file(path, &bytes)
}

/// The workbook at `path` cannot be made.
fn xlsx_error(path: &Path, e: &rust_xlsxwriter::XlsxError) -> ReportError {
    ReportError::Xlsx {
        path: path.to_owned(),
        detail: e.to_string(),
    }
}

/// Writes a run's results.json alone, listing no other output: the record of an August run
/// kept for stage 5 (`generate --programme-from` writes the history this way). Streamed: a
/// country's half a gigabyte of JSON is never held in memory whole.
pub fn write_results_only(path: &Path, results: &Results) -> Result<WrittenFile, ReportError> {
    write_streamed(path, |out| {
        serialise_results(out, results).map_err(std::io::Error::other)
    })
}

/// results.json's bytes, written to `out`: pretty JSON and a final line break.
fn serialise_results(out: &mut dyn std::io::Write, results: &Results) -> serde_json::Result<()> {
    serde_json::to_writer_pretty(&mut *out, results)?;
    out.write_all(b"\n").map_err(serde_json::Error::io)
}

/// `path` under `folder`, with `/` between folders whatever the system.
fn relative(folder: &Path, path: &Path) -> String {
    let under = path.strip_prefix(folder).unwrap_or(path);
    let parts: Vec<String> = under
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}
