//! The district config (`district.toml`): for now its `[columns]` section, the
//! analyst's own header aliases, added to the built-in ones.
//!
//! ```toml
//! [columns]
//! score = ["Ср. балл", "Средний тестовый балл"]
//! school_id = ["ОГРН"]
//! ```

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde::Deserialize;

use crate::columns::{spec, ColumnSpec};
use crate::model::TableKind;
use crate::parse::normalize;
use crate::problem::{Problem, ProblemKind};

/// The config file looked for in a data folder when none is named.
pub const CONFIG_FILE: &str = "district.toml";

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    columns: BTreeMap<String, Vec<String>>,
}

/// Extra header aliases by canonical column name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExtraAliases {
    by_column: BTreeMap<&'static str, Vec<String>>,
}

impl ExtraAliases {
    /// Whether `header` names `column` by the built-in names or the analyst's aliases.
    pub fn matches(&self, column: &ColumnSpec, header: &str) -> bool {
        column.matches(header)
            || self.by_column.get(column.canonical).is_some_and(|aliases| {
                let key = normalize(header);
                !key.is_empty() && aliases.iter().any(|a| normalize(a) == key)
            })
    }
}

/// Every canonical column name of every table.
fn all_columns() -> impl Iterator<Item = &'static ColumnSpec> {
    TableKind::ALL.iter().flat_map(|&t| spec(t).iter())
}

/// Reads a config file; every problem is located by line and key.
pub fn read_config(path: &Path) -> Result<ExtraAliases, Vec<Problem>> {
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let text = fs::read_to_string(path).map_err(|e| {
        vec![Problem::new(
            &file,
            ProblemKind::Unreadable {
                detail: e.to_string(),
            },
        )]
    })?;
    parse_config(&file, &text)
}

pub(crate) fn parse_config(file: &str, text: &str) -> Result<ExtraAliases, Vec<Problem>> {
    let parsed: ConfigFile = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        vec![Problem {
            row: line,
            ..Problem::new(
                file,
                ProblemKind::BadConfig {
                    detail: e.message().to_owned(),
                },
            )
        }]
    })?;
    let mut problems = Vec::new();
    let mut by_column: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for (key, aliases) in parsed.columns {
        let Some(column) = all_columns().find(|c| c.canonical == key) else {
            let mut known: Vec<&str> = all_columns().map(|c| c.canonical).collect();
            known.sort_unstable();
            known.dedup();
            problems.push(Problem {
                column: Some(format!("[columns] {key}")),
                value: Some(key.clone()),
                ..Problem::new(
                    file,
                    ProblemKind::UnknownValue {
                        expected: known.join(", "),
                    },
                )
            });
            continue;
        };
        for alias in &aliases {
            // An alias must not already name another column of a table that has this one.
            let clash = TableKind::ALL
                .iter()
                .filter(|&&t| spec(t).iter().any(|c| c.canonical == column.canonical))
                .flat_map(|&t| spec(t).iter())
                .find(|c| c.canonical != column.canonical && c.matches(alias));
            if let Some(other) = clash {
                problems.push(Problem {
                    column: Some(format!("[columns] {key}")),
                    value: Some(alias.clone()),
                    ..Problem::new(
                        file,
                        ProblemKind::AliasClash {
                            other: other.canonical.to_owned(),
                        },
                    )
                });
            }
        }
        by_column
            .entry(column.canonical)
            .or_default()
            .extend(aliases);
    }
    if problems.is_empty() {
        Ok(ExtraAliases { by_column })
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::columns::EXAMS;
    use crate::Lang;

    fn messages(text: &str) -> Vec<String> {
        match parse_config("district.toml", text) {
            Ok(_) => Vec::new(),
            Err(problems) => problems.iter().map(|p| p.message(Lang::En)).collect(),
        }
    }

    #[test]
    fn aliases_extend_the_built_in_headers() {
        let extra =
            parse_config("district.toml", "[columns]\nscore = [\"Ср. балл\"]\n").expect("valid");
        let score = EXAMS
            .iter()
            .find(|c| c.canonical == "score")
            .expect("score");
        assert!(extra.matches(score, "ср балл"));
        assert!(extra.matches(score, "балл"), "built-in names still match");
        assert!(!ExtraAliases::default().matches(score, "Ср. балл"));
    }

    #[test]
    fn an_unknown_column_is_refused() {
        let got = messages("[columns]\nscroe = [\"балл ЕГЭ\"]\n");
        assert_eq!(got.len(), 1);
        assert!(got[0].starts_with(
            "district.toml, column \"[columns] scroe\": unknown value \"scroe\"; expected one of:"
        ));
        assert!(got[0].contains("score"));
    }

    #[test]
    fn an_alias_naming_another_column_is_refused() {
        assert_eq!(
            messages("[columns]\nscore = [\"предмет\"]\n"),
            vec!["district.toml, column \"[columns] score\": the alias \"предмет\" already names the column subject"]
        );
    }

    #[test]
    fn a_syntax_error_names_its_line() {
        let got = messages("[columns]\nscore = [\"Ср. балл\"\n");
        assert_eq!(got.len(), 1);
        assert!(
            got[0].starts_with("district.toml, row 2: the config cannot be read:"),
            "{}",
            got[0]
        );
    }

    #[test]
    fn an_unknown_section_is_refused() {
        let got = messages("[colums]\nscore = [\"x\"]\n");
        assert!(
            got[0].starts_with("district.toml, row 1: the config cannot be read:"),
            "{}",
            got[0]
        );
    }
}
