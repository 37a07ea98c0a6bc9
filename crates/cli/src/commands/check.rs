//! `schoolpeers check`: a data folder validated, not analysed.

use std::path::Path;

use ingest::ReadOptions;

use super::{problem_list, Rest};
use crate::console::Console;
use crate::error::RunError;

/// Where `check` writes, and how.
#[derive(Debug, Clone, Copy)]
pub struct CheckOutput<'a> {
    /// The output folder.
    pub out: &'a Path,
    /// How data-quality.csv is written.
    pub dialect: report::CsvDialect,
    /// `--force`: replace a folder that holds other files (kept beside).
    pub force: bool,
}

/// Validates a data folder without analysing it.
pub fn check(
    data: &Path,
    output: CheckOutput<'_>,
    read: &ReadOptions,
    console: &Console,
) -> Result<(), RunError> {
    let lang = console.lang;
    let inputs: Vec<&Path> = std::iter::once(data)
        .chain(read.config.as_deref())
        .collect();
    let claim = crate::output::Claim {
        writer: ingest::WrittenBy::Check,
        force: output.force,
        inputs: &inputs,
    };
    let claimed = crate::output::claim(output.out, &claim, lang)?;
    let ingested = {
        let _step = console.spinner(lang.pick("Проверка данных", "Checking the data"));
        ingest::inspect_district(data, read)
    };
    let inspection = report::Inspection {
        district: &ingested.district,
        problems: &ingested.problems,
        usable: ingested.usable,
    };
    console.say(report::quality_summary(&inspection, lang));
    if !ingested.problems.is_empty() {
        console.say(problem_list(&ingested.problems, lang, Rest::CheckReport));
    }
    let written = report::write_data_quality(claimed.folder(), &inspection, lang, output.dialect)
        .map_err(|e| RunError::Output(e.message(lang)))?;
    claimed.commit(output.out, &[written], console)?;
    if ingested.usable {
        Ok(())
    } else {
        Err(RunError::Data(
            lang.pick(
                "данные непригодны для анализа",
                "the data cannot be analysed",
            )
            .to_owned(),
        ))
    }
}
