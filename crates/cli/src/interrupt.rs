//! Ctrl-C: the run stops cleanly, with exit code 130 and a message, and leaves no file
//! half-written in its output folder (files already finished stay, whole).

use std::path::PathBuf;

use model::Lang;

/// The exit code of a run interrupted by Ctrl-C (128 + SIGINT, as shells report it).
pub const INTERRUPTED: i32 = 130;

/// Makes Ctrl-C stop the command: writing stops (report begins no file and names none it
/// has not finished), the unfinished files under `out` are removed, the analyst is told, and
/// the process ends with [`INTERRUPTED`]. Without a handler (it cannot be set), Ctrl-C ends
/// the process as it always would.
pub fn on_ctrl_c(out: Option<PathBuf>, lang: Lang) {
    let _ = ctrlc::set_handler(move || {
        report::interrupt();
        // A writer between its last check and its rename finishes its file whole meanwhile.
        std::thread::sleep(std::time::Duration::from_millis(100));
        if let Some(out) = &out {
            report::remove_unfinished(out);
        }
        eprintln!(
            "{}",
            lang.pick(
                "Прервано (Ctrl-C). Недописанных файлов не осталось; запустите команду снова.",
                "Interrupted (Ctrl-C). No half-written file is left; run the command again.",
            )
        );
        std::process::exit(INTERRUPTED);
    });
}
