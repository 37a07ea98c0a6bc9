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
    /// Another command is writing the output folder (exit 75, EX_TEMPFAIL: try again later).
    Busy(String),
    /// The engine failed where it should not: a bug to report (exit 70, EX_SOFTWARE).
    Internal(String),
}

impl RunError {
    /// The process's exit code (sysexits).
    pub fn exit_code(&self) -> u8 {
        match self {
            RunError::Settings(_) => 64,
            RunError::Data(_) => 65,
            RunError::Output(_) => 73,
            RunError::Busy(_) => 75,
            RunError::Internal(_) => 70,
        }
    }
    /// The message for standard error: a heading of the kind, then the detail.
    pub fn message(&self, lang: Lang) -> String {
        let (head, body) = match self {
            RunError::Settings(m) => (lang.pick("Неверные параметры", "Invalid settings"), m),
            RunError::Data(m) => (lang.pick("Ошибка в данных", "Data error"), m),
            RunError::Output(m) => (lang.pick("Ошибка записи", "Write error"), m),
            RunError::Busy(m) => (lang.pick("Папка занята", "Output folder in use"), m),
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
        let list =
            crate::commands::problem_list(&e.problems, lang, crate::commands::Rest::CheckReport);
        if e.in_config {
            RunError::Settings(list)
        } else {
            RunError::Data(list)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_has_its_sysexits_code_and_a_heading_in_both_languages() {
        let cases = [
            (
                RunError::Settings("x".into()),
                64,
                "Неверные параметры",
                "Invalid settings",
            ),
            (
                RunError::Data("x".into()),
                65,
                "Ошибка в данных",
                "Data error",
            ),
            (
                RunError::Output("x".into()),
                73,
                "Ошибка записи",
                "Write error",
            ),
            (
                RunError::Busy("x".into()),
                75,
                "Папка занята",
                "Output folder in use",
            ),
            (
                RunError::Internal("x".into()),
                70,
                "Внутренняя ошибка",
                "Internal error",
            ),
        ];
        for (e, code, ru, en) in cases {
            assert_eq!(e.exit_code(), code, "{e:?}");
            assert!(
                e.message(Lang::Ru).starts_with(ru),
                "{}",
                e.message(Lang::Ru)
            );
            assert!(
                e.message(Lang::En).starts_with(en),
                "{}",
                e.message(Lang::En)
            );
            assert!(e.message(Lang::En).ends_with(":\nx"));
        }
    }

    #[test]
    fn a_failed_read_is_a_settings_error_only_when_the_config_failed() {
        let problem = model::Problem::new("district.toml", model::ProblemKind::Empty);
        let config = ingest::IngestError {
            problems: vec![problem.clone()],
            in_config: true,
        };
        let data = ingest::IngestError::data(vec![problem]);
        assert!(matches!(
            RunError::from_ingest(&config, Lang::En),
            RunError::Settings(_)
        ));
        assert!(matches!(
            RunError::from_ingest(&data, Lang::En),
            RunError::Data(_)
        ));
    }
}
