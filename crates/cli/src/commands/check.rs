//! `schoolpeers check`: a data folder validated, not analysed.

use std::path::Path;

use ingest::ReadOptions;

use super::{print_written, problem_list, Rest};
use crate::console::Console;
use crate::error::RunError;

/// Validates a data folder without analysing it.
pub fn check(
    data: &Path,
    out: &Path,
    read: &ReadOptions,
    console: &Console,
    dialect: report::CsvDialect,
) -> Result<(), RunError> {
    let lang = console.lang;
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
    let path = report::write_data_quality(out, &inspection, lang, dialect)
        .map_err(|e| RunError::Output(e.message(lang)))?;
    print_written(&[path], console);
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
