//! The output folder a command writes: refused when replacing it would destroy what the
//! analyst supplied, claimed (locked, staged) before the command's work, and put in place
//! whole when the work is done.

use std::path::{Path, PathBuf};

use ingest::WrittenBy;
use model::Lang;

use crate::console::Console;
use crate::error::RunError;

/// What a command asks of its output folder.
#[derive(Debug, Clone, Copy)]
pub struct Claim<'a> {
    /// The command that writes it.
    pub writer: WrittenBy,
    /// `--force`: replace a folder that holds other files (they are kept beside).
    pub force: bool,
    /// What the command reads (data folder, config, previous results): never inside the output.
    pub inputs: &'a [&'a Path],
}

/// An output folder claimed: written into a staging folder, then put in place whole.
#[derive(Debug)]
pub struct Claimed {
    generation: report::Generation,
    keep_previous: bool,
    lang: Lang,
}

/// Claims the folder `out` for a command, or refuses: a system folder, a folder holding the
/// command's own input, and (without `--force`) a folder holding files no schoolpeers command
/// wrote or another command's outputs; a folder another command is writing (exit 75).
pub fn claim(out: &Path, claim: &Claim<'_>, lang: Lang) -> Result<Claimed, RunError> {
    let real = report::real_path(out).unwrap_or_else(|_| out.to_owned());
    if is_system_folder(&real) {
        return Err(refused(out, Refusal::System, lang));
    }
    for input in claim.inputs {
        let input = std::fs::canonicalize(input).unwrap_or_else(|_| input.to_path_buf());
        if input.starts_with(&real) {
            return Err(refused(out, Refusal::HoldsInput(&input), lang));
        }
    }
    let generation = report::Generation::begin(out).map_err(|e| match e {
        report::ReportError::Busy { .. } => RunError::Busy(e.message(lang)),
        e => RunError::Output(e.message(lang)),
    })?;
    let contents = ingest::read_output_folder(generation.out())
        .map_err(|e| RunError::Output(e.message(lang)))?;
    let mut keep_previous = false;
    if let Some(contents) = contents {
        let refusal = if !contents.foreign.is_empty() {
            Some(Refusal::Foreign(&contents.foreign))
        } else {
            match (claim.writer, contents.written_by) {
                (_, None) => None,
                (WrittenBy::Run, Some(WrittenBy::Run | WrittenBy::Check)) => None,
                (mine, Some(theirs)) if mine == theirs => None,
                (_, Some(theirs)) => Some(Refusal::Other(theirs)),
            }
        };
        match (refusal, claim.force) {
            (Some(refusal), false) => return Err(refused(out, refusal, lang)),
            (Some(_), true) => keep_previous = true,
            (None, _) => {}
        }
    }
    Ok(Claimed {
        generation,
        keep_previous,
        lang,
    })
}

impl Claimed {
    /// The folder to write into.
    pub fn folder(&self) -> &Path {
        self.generation.folder()
    }

    /// Puts the written folder in place and lists its files under `out` as the analyst named
    /// it (and where the replaced folder was kept, under `--force`).
    pub fn commit(
        self,
        out: &Path,
        files: &[report::WrittenFile],
        console: &Console,
    ) -> Result<(), RunError> {
        let staging = self.generation.folder().to_owned();
        let lang = self.lang;
        let kept = self
            .generation
            .commit(self.keep_previous)
            .map_err(|e| RunError::Output(e.message(lang)))?;
        let paths: Vec<PathBuf> = files
            .iter()
            .map(|f| out.join(f.path.strip_prefix(&staging).unwrap_or(&f.path)))
            .collect();
        crate::commands::print_written_in(Some(out), &paths, console);
        if let Some(kept) = kept {
            console.say(match lang {
                Lang::Ru => format!("Прежнее содержимое папки сохранено в {}", kept.display()),
                Lang::En => format!(
                    "The folder's former contents are kept in {}",
                    kept.display()
                ),
            });
        }
        Ok(())
    }
}

/// `/`, a folder right under it (`/usr`, `/home`, `/tmp`…) or the home folder itself.
fn is_system_folder(path: &Path) -> bool {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    path.parent().is_none_or(|p| p.parent().is_none()) || home.is_some_and(|h| h == path)
}

/// Why an output folder is refused.
enum Refusal<'a> {
    System,
    HoldsInput(&'a Path),
    Foreign(&'a [String]),
    Other(WrittenBy),
}

/// At most this many foreign files are named in a refusal.
const NAMED: usize = 5;

fn refused(out: &Path, refusal: Refusal<'_>, lang: Lang) -> RunError {
    let out = out.display();
    let other = |w: WrittenBy| match (w, lang) {
        (WrittenBy::Run, Lang::Ru) => "результаты расчёта (run)",
        (WrittenBy::Check, Lang::Ru) => "отчёт проверки (check)",
        (WrittenBy::Generate, Lang::Ru) => "созданный район (generate)",
        (WrittenBy::Evaluate, Lang::Ru) => "оценка программы (evaluate)",
        (WrittenBy::Run, Lang::En) => "the results of a run",
        (WrittenBy::Check, Lang::En) => "a check report",
        (WrittenBy::Generate, Lang::En) => "a generated district",
        (WrittenBy::Evaluate, Lang::En) => "a programme evaluation",
    };
    RunError::Output(match (refusal, lang) {
        (Refusal::System, Lang::Ru) => {
            format!("--out {out}: системная папка; укажите папку для результатов")
        }
        (Refusal::System, Lang::En) => {
            format!("--out {out}: a system folder; name a folder for the outputs")
        }
        (Refusal::HoldsInput(input), Lang::Ru) => format!(
            "--out {out}: в этой папке входные данные ({}); укажите другую папку",
            input.display()
        ),
        (Refusal::HoldsInput(input), Lang::En) => format!(
            "--out {out}: this folder holds the input ({}); name another folder",
            input.display()
        ),
        (Refusal::Foreign(files), lang) => {
            let mut named: Vec<&str> = files.iter().take(NAMED).map(String::as_str).collect();
            if files.len() > NAMED {
                named.push("…");
            }
            let named = named.join(", ");
            match lang {
                Lang::Ru => format!(
                    "--out {out}: в папке есть файлы, которые schoolpeers не записывал ({named}); \
                     укажите другую папку или добавьте --force (прежнее содержимое будет \
                     сохранено рядом, в {out}.replaced-N)"
                ),
                Lang::En => format!(
                    "--out {out}: the folder holds files schoolpeers did not write ({named}); \
                     name another folder or add --force (the former contents are then kept \
                     beside, in {out}.replaced-N)"
                ),
            }
        }
        (Refusal::Other(w), Lang::Ru) => format!(
            "--out {out}: в папке {}; эта команда их не заменяет — укажите другую папку или \
             добавьте --force",
            other(w)
        ),
        (Refusal::Other(w), Lang::En) => format!(
            "--out {out}: the folder holds {}; this command does not replace them: name \
             another folder or add --force",
            other(w)
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_folders_are_known() {
        assert!(is_system_folder(Path::new("/")));
        assert!(is_system_folder(Path::new("/usr")));
        assert!(!is_system_folder(Path::new("/home/analyst/out")));
    }
}
