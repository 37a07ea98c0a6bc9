//! `schoolpeers init`: district.toml with every setting at its default, commented, and a template
//! of the activities table (its header alone) for the methodical clusters' score cards.

use std::path::{Path, PathBuf};

use model::{Lang, TableKind};

use super::print_written;
use crate::console::Console;
use crate::error::RunError;

/// The activities table's header in the analyst's language: the Russian headers, or the
/// canonical names (both are read); UTF-8 with BOM, `;`, as Excel writes it.
fn activities_template(lang: Lang) -> String {
    let columns = model::columns::spec(TableKind::Activities);
    let header: Vec<&str> = (columns.iter())
        .map(|c| lang.pick(&c.ru, &c.canonical))
        .collect();
    format!("\u{feff}{}\r\n", header.join(";"))
}

/// Writes `text` into `path` unless it exists: whether it was written.
fn create(path: &Path, text: &str) -> Result<bool, RunError> {
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
    match written {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(RunError::Output(format!("{}: {e}", path.display()))),
    }
}

/// Writes `district.toml` with every setting at its default, commented in the analyst's
/// language, and `activities.csv`'s header; a file that exists is left alone (and when both
/// do, that is an error: nothing was written).
pub fn init(dir: &Path, console: &Console) -> Result<(), RunError> {
    let lang = console.lang;
    let config = match lang {
        Lang::Ru => include_str!("../init/district.ru.toml"),
        Lang::En => include_str!("../init/district.en.toml"),
    };
    let activities = format!("{}.csv", TableKind::Activities.stem());
    let files = [
        (dir.join(ingest::CONFIG_FILE), config.to_owned()),
        (dir.join(activities), activities_template(lang)),
    ];
    let (mut written, mut kept): (Vec<PathBuf>, Vec<String>) = (Vec::new(), Vec::new());
    for (path, text) in &files {
        match create(path, text)? {
            true => written.push(path.clone()),
            false => kept.push(path.display().to_string()),
        }
    }
    let kept_said = match lang {
        Lang::Ru => format!("{} уже есть; не перезаписано", kept.join(", ")),
        Lang::En => format!("{} already exist; not overwritten", kept.join(", ")),
    };
    if written.is_empty() {
        return Err(RunError::Output(kept_said));
    }
    print_written(&written, console);
    if !kept.is_empty() {
        console.say(kept_said);
    }
    Ok(())
}
