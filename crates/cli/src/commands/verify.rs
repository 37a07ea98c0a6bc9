//! `schoolpeers verify`: an output folder checked against the files its results.json lists.

use std::path::Path;

use model::Lang;

use crate::console::Console;
use crate::error::RunError;

/// At most this many files of each kind are named.
const NAMED: usize = 50;

/// Checks that `dir` holds exactly the files its run wrote; a difference is a data error
/// (exit 65) naming each file.
pub fn verify(dir: &Path, console: &Console) -> Result<(), RunError> {
    let lang = console.lang;
    let v = ingest::verify_output(dir).map_err(|e| RunError::Data(e.message(lang)))?;
    if v.holds() {
        console.say(match lang {
            Lang::Ru => format!(
                "Папка {} такова, какой её записал расчёт: файлов по списку results.json — {}, \
                 размеры и SHA-256 совпадают, других файлов нет",
                dir.display(),
                v.listed
            ),
            Lang::En => format!(
                "{} is as its run wrote it: {} files and results.json, sizes and SHA-256 as \
                 listed, no other file",
                dir.display(),
                v.listed
            ),
        });
        return Ok(());
    }
    let mut lines = vec![match lang {
        Lang::Ru => format!(
            "папка {} не такова, какой её записал расчёт:",
            dir.display()
        ),
        Lang::En => format!("{} is not as its run wrote it:", dir.display()),
    }];
    for (files, ru, en) in [
        (&v.missing, "нет файла", "missing"),
        (
            &v.changed,
            "изменён (размер или SHA-256)",
            "changed (size or SHA-256)",
        ),
        (
            &v.extra,
            "лишний файл, не из этого расчёта",
            "extra, not of this run",
        ),
    ] {
        lines.extend(
            files
                .iter()
                .take(NAMED)
                .map(|f| format!("  {f}: {}", lang.pick(ru, en))),
        );
        if files.len() > NAMED {
            lines.push(format!("  … {}", files.len() - NAMED));
        }
    }
    Err(RunError::Data(lines.join("\n")))
}
