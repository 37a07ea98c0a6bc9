//! How a command ends badly: one error type, each kind with its exit code (decided here, once)
//! and its message in both languages.

use model::Lang;

/// How a run ends badly, with the exit code it gives (the BSD sysexits codes).
#[derive(Debug)]
pub enum RunError {
    /// The settings are invalid: the command line or district.toml (exit 64, EX_USAGE).
    Settings(String),
    /// The input data cannot be used (exit 65, EX_DATAERR).
    Data(String),
    /// Outputs cannot be written (exit 73, EX_CANTCREAT).
    Output(String),
    /// The engine failed where it should not: a bug to report (exit 70, EX_SOFTWARE).
    Internal(String),
}

impl RunError {
    pub fn exit_code(&self) -> u8 {
        match self {
            RunError::Settings(_) => 64,
            RunError::Data(_) => 65,
            RunError::Output(_) => 73,
            RunError::Internal(_) => 70,
        }
    }
    pub fn message(&self, lang: Lang) -> String {
        let (head, body) = match self {
            RunError::Settings(m) => (lang.pick("Неверные параметры", "Invalid settings"), m),
            RunError::Data(m) => (lang.pick("Ошибка в данных", "Data error"), m),
            RunError::Output(m) => (lang.pick("Ошибка записи", "Write error"), m),
            RunError::Internal(m) => (
                lang.pick(
                    "Внутренняя ошибка программы (сообщите разработчикам, приложив данные)",
                    "Internal error of the program (please report it with the data)",
                ),
                m,
            ),
        };
        format!("{head}:\n{body}")
    }

    /// A failed read: problems with district.toml are settings, the rest data.
    pub(crate) fn from_ingest(e: &ingest::IngestError, lang: Lang) -> Self {
        let list = crate::commands::problem_list(&e.problems, lang);
        if e.in_config {
            RunError::Settings(list)
        } else {
            RunError::Data(list)
        }
    }
}
