//! The commands of `schoolpeers`, one module each, and what they share: how problems and
//! written files are listed, and how a config problem is worded.

use std::path::{Path, PathBuf};

use model::{Lang, Problem};

use crate::console::Console;

mod check;
mod cluster;
mod evaluate;
mod generate;
mod init;
mod programme;
mod run;
mod verify;

pub use check::{check, CheckOutput};
pub use cluster::{cluster_table, TableRequest};
pub use evaluate::{evaluate, EvaluateRequest};
pub use generate::{generate, GenerateRequest};
pub use init::init;
pub use programme::{Programme, MAX_EFFECT, PROGRAMME_YEARS_AFTER};
pub use run::run;
pub use verify::verify;

/// At most this many problems are printed; the rest are counted.
const MAX_PROBLEMS_SHOWN: usize = 50;

/// Where the problems a list leaves out can all be read.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Rest {
    /// In data-quality.csv, which `check` writes for a data folder.
    CheckReport,
    /// Nowhere else: `cluster` reads one table and writes no report of it.
    NotWritten,
}

/// Problems one per line, the first [`MAX_PROBLEMS_SHOWN`] of them, then how many more.
pub(crate) fn problem_list(problems: &[Problem], lang: Lang, rest: Rest) -> String {
    let mut text: Vec<String> = problems
        .iter()
        .take(MAX_PROBLEMS_SHOWN)
        .map(|p| p.message(lang))
        .collect();
    if problems.len() > MAX_PROBLEMS_SHOWN {
        let more = problems.len() - MAX_PROBLEMS_SHOWN;
        text.push(match (lang, rest) {
            (Lang::Ru, Rest::CheckReport) => {
                format!("… и ещё {more} ошибок (все — в data-quality.csv команды check)")
            }
            (Lang::En, Rest::CheckReport) => {
                format!("… and {more} more problems (all in data-quality.csv of the check command)")
            }
            (Lang::Ru, Rest::NotWritten) => {
                format!("… и ещё {more} ошибок; исправьте показанные и запустите снова")
            }
            (Lang::En, Rest::NotWritten) => {
                format!("… and {more} more problems; fix the ones shown and run again")
            }
        });
    }
    text.join("\n")
}

/// Up to this many files are listed one by one; more are summed up (all with `--verbose`).
const FILES_LISTED: usize = 12;

/// The files a command wrote: one by one when they are few or under `--verbose`; else the
/// folder, its files at the top and how many in its subfolders (the charts).
pub(crate) fn print_written(paths: &[PathBuf], console: &Console) {
    print_written_in(None, paths, console);
}

/// [`print_written`] for the files of an output folder `out`.
pub(crate) fn print_written_in(out: Option<&Path>, paths: &[PathBuf], console: &Console) {
    let lang = console.lang;
    let out = match out {
        Some(out) if !console.verbose && paths.len() > FILES_LISTED => out,
        _ => {
            console.say(lang.pick("Записаны файлы:", "Files written:"));
            for p in paths {
                console.say(format!("  {}", p.display()));
            }
            return;
        }
    };
    let top: Vec<String> = (paths.iter())
        .filter(|p| p.parent() == Some(out))
        .filter_map(|p| Some(p.file_name()?.to_string_lossy().into_owned()))
        .collect();
    let deeper = paths.len() - top.len();
    console.say(match lang {
        Lang::Ru => format!(
            "Результаты записаны в папку {}: {}, а также файлов во вложенных папках \
             (диаграммы): {deeper}; все файлы по одному — с ключом --verbose",
            out.display(),
            top.join(", ")
        ),
        Lang::En => format!(
            "Results written into {}: {}, and {deeper} files in its folders (charts); \
             every file one by one with --verbose",
            out.display(),
            top.join(", ")
        ),
    });
}

/// A problem with the settings of the config (the detail names the key, in English).
pub(crate) fn config_message(detail: &str, lang: Lang) -> String {
    match lang {
        Lang::Ru => format!("настройки района (district.toml): {detail}"),
        Lang::En => format!("district settings (district.toml): {detail}"),
    }
}
