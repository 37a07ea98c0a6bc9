//! `schoolpeers init`: district.toml with every setting at its default, commented.

use std::path::Path;

use model::Lang;

use super::print_written;
use crate::console::Console;
use crate::error::RunError;

/// Writes `district.toml` with every setting at its default, commented in the
/// analyst's language; an existing file is left alone.
pub fn init(dir: &Path, console: &Console) -> Result<(), RunError> {
    let lang = console.lang;
    let text = match lang {
        Lang::Ru => include_str!("../init/district.ru.toml"),
        Lang::En => include_str!("../init/district.en.toml"),
    };
    let path = dir.join(ingest::CONFIG_FILE);
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
    match written {
        Ok(()) => {
            print_written(&[path], console);
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(RunError::Output(match lang {
                Lang::Ru => format!("{} уже есть; он не перезаписан", path.display()),
                Lang::En => format!("{} already exists; it was not overwritten", path.display()),
            }))
        }
        Err(e) => Err(RunError::Output(format!("{}: {e}", path.display()))),
    }
}
