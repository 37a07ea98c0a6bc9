//! The district config (`district.toml`): what ingest needs of it.
//!
//! ```toml
//! # The analyst's own header aliases, added to the built-in ones.
//! [columns]
//! score = ["Балл ЕГЭ", "Тестовый балл участника"]
//!
//! # ОГЭ maximum primary scores of the year, over the built-in ones.
//! [oge_max_score]
//! "русский язык" = 33
//!
//! # Extra indicator tables keyed by school id; their columns become indicators.
//! [[extra]]
//! file = "rating.csv"            # relative to the config's folder
//! school_id = "ОГРН"             # header of the school-id column
//! year = "Учебный год"           # optional header of a year column
//! [[extra.indicators]]
//! code = "ege_160_share"
//! name = "выпускники с 160+ баллами по трём ЕГЭ, %"
//! column = "Набрали 160 и более"
//! per = "Выпускников"             # optional: the value is column / per, in percent
//! role = "outcome"               # context, outcome or resource
//!
//! # The composite outcome: weights by indicator code, and the small-cohort rule.
//! [outcome]
//! min_cohort = 10
//! [outcome.weights]
//! ege_index = 1
//! oge_index = 1
//!
//! # Context indicators not to group by.
//! [context]
//! off = ["distance_to_centre_km"]
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use model::columns::{spec, ColumnSpec};
use model::text::normalize;
use model::{Category, Role, ScoreLimits, Subject, TableKind};

use crate::parse::file_label;
use model::{Problem, ProblemKind};

/// The config file looked for in a data folder when none is named.
pub const CONFIG_FILE: &str = "district.toml";

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    columns: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    oge_max_score: BTreeMap<String, f64>,
    #[serde(default)]
    extra: Vec<ExtraTableFile>,
    #[serde(default)]
    outcome: OutcomeFile,
    #[serde(default)]
    context: ContextFile,
    #[serde(default)]
    groups: GroupSettings,
    #[serde(default)]
    advise: AdviseSettings,
    #[serde(default)]
    privacy: PrivacyFile,
    #[serde(default)]
    scorecard: BTreeMap<String, f64>,
}

/// `[privacy]`: what is not published about small cohorts.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct PrivacyFile {
    min_pupils: Option<i64>,
}

/// What the config's `[advise]` says about low-result and base schools and
/// their pairs, as written: `cli` checks it into the advice parameters.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdviseSettings {
    /// How far below its group's median a low school must be, in standard deviations.
    pub low_gap: Option<f64>,
    /// The bottom share of a group a low school must be in.
    pub bottom_share: Option<f64>,
    /// The top share of a group a base school must be in.
    pub top_share: Option<f64>,
    /// The most low schools one base school supports.
    pub capacity: Option<i64>,
    /// `adjusted` or `score`.
    pub compare: Option<String>,
    /// Years of the window in which the yearly low test must hold for "stably low".
    pub stable_years: Option<i64>,
    /// The latest years looked at for "stably low".
    pub stable_window: Option<i64>,
    /// The yearly fall beyond which a school is sliding.
    pub slide_rate: Option<f64>,
    /// How far below its group a factor must be to be named, in standard deviations.
    pub finding_gap: Option<f64>,
    /// The longest trip between paired schools, in km.
    pub max_distance_km: Option<f64>,
    /// The km that weigh as much as one standard deviation of conditions in a pair's cost.
    pub km_per_unit: Option<f64>,
    /// The weight of subjects the base school cannot help with in a pair's cost.
    pub complement_weight: Option<f64>,
    /// The share of the reasonable alternatives in which a school must be low to be listed low.
    pub min_robustness: Option<f64>,
    /// The objectivity screen's z beyond which ВПР results count as not confirmed by ОГЭ/ЕГЭ.
    pub objectivity_gap_z: Option<f64>,
    /// The objectivity screen's z beyond which pupils crowd onto the ВПР marks' thresholds.
    pub objectivity_jump_z: Option<f64>,
    /// The most people one network mentor supports.
    pub mentor_load: Option<usize>,
    /// The farthest a network mentor's school may be from the mentee's, in km.
    pub mentor_km: Option<f64>,
    /// Pairs fixed by the analyst: `[low school id, base school id]`.
    #[serde(default)]
    pub pin: Vec<[String; 2]>,
    /// Pairs ruled out: `[low school id, base school id]`.
    #[serde(default)]
    pub forbid: Vec<[String; 2]>,
}

/// What the config's `[groups]` says about peer groups, as written: `cli`
/// checks it into the clustering parameters.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupSettings {
    /// `kmeans`, `ward`, `average` or `complete`.
    pub method: Option<String>,
    /// `silhouette`, `calinski_harabasz` or `gap`.
    pub criterion: Option<String>,
    /// `"auto"` or a number of groups.
    pub k: Option<KSetting>,
    /// The largest number of groups tried.
    pub k_max: Option<i64>,
    /// The smallest group allowed.
    pub min_group_size: Option<i64>,
    /// The largest share of the schools one group may hold.
    pub max_group_share: Option<f64>,
    /// Reference data sets of the gap statistic.
    pub gap_references: Option<i64>,
}

/// `k = "auto"` (chosen by the criterion) or `k = 5`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KSetting {
    /// Chosen by the criterion.
    Auto,
    /// This many groups.
    Fixed(i64),
}

impl<'de> Deserialize<'de> for KSetting {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct K;
        impl serde::de::Visitor<'_> for K {
            type Value = KSetting;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("\"auto\" or a number of groups")
            }
            fn visit_i64<E>(self, v: i64) -> Result<KSetting, E> {
                Ok(KSetting::Fixed(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<KSetting, E> {
                if v == "auto" {
                    Ok(KSetting::Auto)
                } else {
                    Err(E::invalid_value(serde::de::Unexpected::Str(v), &self))
                }
            }
        }
        d.deserialize_any(K)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct OutcomeFile {
    #[serde(default)]
    weights: BTreeMap<String, f64>,
    min_cohort: Option<i64>,
    normalisation: Option<String>,
    years: Option<YearsSetting>,
    basis: Option<String>,
}

/// Which years of results the outcomes use, as the config writes it:
/// `years = 3` (the latest three) or `years = [2023, 2025]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum YearsSetting {
    /// The latest this many years with results.
    Latest(i64),
    /// These years.
    Listed(Vec<i64>),
}

impl<'de> Deserialize<'de> for YearsSetting {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Years;
        impl<'de> serde::de::Visitor<'de> for Years {
            type Value = YearsSetting;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number of latest years (3) or a list of years ([2023, 2025])")
            }
            fn visit_i64<E>(self, v: i64) -> Result<YearsSetting, E> {
                Ok(YearsSetting::Latest(v))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<YearsSetting, A::Error> {
                let mut years = Vec::new();
                while let Some(y) = seq.next_element()? {
                    years.push(y);
                }
                Ok(YearsSetting::Listed(years))
            }
        }
        d.deserialize_any(Years)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContextFile {
    #[serde(default)]
    off: Vec<String>,
    normalisation: Option<String>,
    missing: Option<String>,
    #[serde(default)]
    missing_for: BTreeMap<String, String>,
}

/// What the config says about indicators, as written: `features` checks it
/// (`[outcome] weights`, `[outcome] min_cohort`, `[context] off`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IndicatorSettings {
    /// Weights of the outcome indicators in the composite, by code; empty for the default.
    pub weights: Vec<(String, f64)>,
    /// Exam takers below which a score is low-confidence; `None` for the default.
    pub min_cohort: Option<i64>,
    /// `[privacy] min_pupils`: pupils below which a school's mean or share is not published;
    /// `None` for the default.
    pub min_pupils: Option<i64>,
    /// Context indicators not to group by, by code.
    pub context_off: Vec<String>,
    /// How context indicators are scaled (a method's code), if set.
    pub context_normalisation: Option<String>,
    /// How outcome indicators are scaled in the composite, if set.
    pub outcome_normalisation: Option<String>,
    /// What to do with a school whose context is incomplete (a policy's code), if set.
    pub missing_context: Option<String>,
    /// The same per context indicator, by code, overriding `missing_context`.
    pub missing_for: Vec<(String, String)>,
    /// The years of results the outcomes use, if set.
    pub years: Option<YearsSetting>,
    /// What the composite is built on (`mean`, `latest` or `both`), if set.
    pub basis: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExtraTableFile {
    file: String,
    school_id: String,
    year: Option<String>,
    indicators: Vec<ExtraColumnFile>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExtraColumnFile {
    code: String,
    name: String,
    column: String,
    per: Option<String>,
    role: Option<String>,
}

/// What ingest takes from the district config.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DistrictConfig {
    /// The analyst's own header names, per table and column.
    pub aliases: ExtraAliases,
    /// The valid score ranges, with the config's ОГЭ maxima.
    pub limits: ScoreLimits,
    /// The extra indicator tables.
    pub extra: Vec<ExtraTable>,
    /// `[outcome]` and `[context]`, as written.
    pub indicators: IndicatorSettings,
    /// `[groups]`, as written.
    pub groups: GroupSettings,
    /// `[advise]`, as written.
    pub advise: AdviseSettings,
    /// `[scorecard]`: changes to the score card's points table, item → points, as written.
    pub scorecard: BTreeMap<String, f64>,
}

/// A table of extra indicators keyed by school id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtraTable {
    /// The table file, relative paths resolved against the config's folder.
    pub path: PathBuf,
    /// Header of the school-id column.
    pub school_id: String,
    /// Header of the year column, if the table has one.
    pub year: Option<String>,
    /// The indicators read from it.
    pub indicators: Vec<ExtraColumn>,
}

/// One indicator of an extra table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtraColumn {
    /// Unique code (latin lower-case letters, digits, `_`).
    pub code: String,
    /// The analyst's name for it, shown in reports.
    pub name: String,
    /// Header of the column holding the value (or the count, with `per`).
    pub column: String,
    /// Header of the column to divide by, for a share in percent.
    pub per: Option<String>,
    /// What the indicator is used for.
    pub role: Role,
}

/// Extra header aliases by canonical column name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExtraAliases {
    by_column: BTreeMap<String, Vec<String>>,
}

impl ExtraAliases {
    /// Whether `header` names `column` by the built-in names or the analyst's aliases.
    pub fn matches(&self, column: &ColumnSpec, header: &str) -> bool {
        column.matches(header)
            || self
                .by_column
                .get(&*column.canonical)
                .is_some_and(|aliases| {
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
pub fn read_config(path: &Path) -> Result<DistrictConfig, Vec<Problem>> {
    let file = file_label(path);
    // A config is a few kilobytes; a megabyte is room to spare.
    let text = crate::parse::read_bounded(path, 1 << 20)
        .map_err(|detail| vec![Problem::new(&file, ProblemKind::Unreadable { detail })])?;
    let base = path.parent().unwrap_or(Path::new("."));
    parse_config(&file, &text, base)
}

/// A problem with a key of the config.
fn key_problem(file: &str, key: String, value: String, kind: ProblemKind) -> Problem {
    Problem {
        column: Some(key),
        value: Some(value),
        ..Problem::new(file, kind)
    }
}

pub(crate) fn parse_config(
    file: &str,
    text: &str,
    base: &Path,
) -> Result<DistrictConfig, Vec<Problem>> {
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
    let aliases = aliases(file, parsed.columns, &mut problems);
    let mut oge_max = Vec::new();
    for (subject, max) in parsed.oge_max_score {
        if max > 0.0 && max <= 100.0 {
            oge_max.push((Subject::new(&subject), max));
        } else {
            problems.push(key_problem(
                file,
                format!("[oge_max_score] {subject}"),
                max.to_string(),
                ProblemKind::OutOfRange {
                    min: 1.0,
                    max: 100.0,
                },
            ));
        }
    }
    let extra = extra_tables(file, parsed.extra, base, &mut problems);
    if problems.is_empty() {
        Ok(DistrictConfig {
            aliases,
            limits: ScoreLimits::with_oge_max(oge_max),
            extra,
            indicators: IndicatorSettings {
                weights: parsed.outcome.weights.into_iter().collect(),
                min_cohort: parsed.outcome.min_cohort,
                min_pupils: parsed.privacy.min_pupils,
                context_off: parsed.context.off,
                context_normalisation: parsed.context.normalisation,
                outcome_normalisation: parsed.outcome.normalisation,
                missing_context: parsed.context.missing,
                missing_for: parsed.context.missing_for.into_iter().collect(),
                years: parsed.outcome.years,
                basis: parsed.outcome.basis,
            },
            groups: parsed.groups,
            advise: parsed.advise,
            scorecard: parsed.scorecard,
        })
    } else {
        Err(problems)
    }
}

fn aliases(
    file: &str,
    columns: BTreeMap<String, Vec<String>>,
    problems: &mut Vec<Problem>,
) -> ExtraAliases {
    let mut by_column: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (key, aliases) in columns {
        let Some(column) = all_columns().find(|c| c.canonical == key) else {
            let mut known: Vec<&str> = all_columns().map(|c| &*c.canonical).collect();
            known.sort_unstable();
            known.dedup();
            problems.push(key_problem(
                file,
                format!("[columns] {key}"),
                key.clone(),
                ProblemKind::UnknownValue {
                    expected: known.join(", "),
                },
            ));
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
                problems.push(key_problem(
                    file,
                    format!("[columns] {key}"),
                    alias.clone(),
                    ProblemKind::AliasClash {
                        other: other.canonical.to_string(),
                    },
                ));
            }
        }
        by_column
            .entry(column.canonical.to_string())
            .or_default()
            .extend(aliases);
    }
    ExtraAliases { by_column }
}

fn extra_tables(
    file: &str,
    tables: Vec<ExtraTableFile>,
    base: &Path,
    problems: &mut Vec<Problem>,
) -> Vec<ExtraTable> {
    let mut codes: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for (t, table) in tables.into_iter().enumerate() {
        let mut indicators = Vec::new();
        for (i, ind) in table.indicators.into_iter().enumerate() {
            let key = format!("[[extra]] {} indicators {} code", t + 1, i + 1);
            let valid = !ind.code.is_empty()
                && ind
                    .code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !valid {
                problems.push(key_problem(
                    file,
                    key.clone(),
                    ind.code.clone(),
                    ProblemKind::BadCode,
                ));
            } else if codes.contains(&ind.code) {
                problems.push(key_problem(
                    file,
                    key.clone(),
                    ind.code.clone(),
                    ProblemKind::RepeatedCode,
                ));
            }
            codes.push(ind.code.clone());
            let role = match &ind.role {
                None => Some(Role::Outcome),
                Some(text) => {
                    let role = Role::parse(text);
                    if role.is_none() {
                        problems.push(key_problem(
                            file,
                            format!("[[extra]] {} indicators {} role", t + 1, i + 1),
                            text.clone(),
                            ProblemKind::UnknownValue {
                                expected: Role::ALL
                                    .iter()
                                    .map(|r| r.code())
                                    .collect::<Vec<_>>()
                                    .join(", "),
                            },
                        ));
                    }
                    role
                }
            };
            if let Some(role) = role {
                indicators.push(ExtraColumn {
                    code: ind.code,
                    // Shown in every output: tidied as a cell is (no control or direction
                    // character can reach a chart or a CSV).
                    name: crate::table::tidy(&ind.name).into_owned(),
                    column: ind.column,
                    per: ind.per,
                    role,
                });
            }
        }
        out.push(ExtraTable {
            path: base.join(&table.file),
            school_id: table.school_id,
            year: table.year,
            indicators,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::columns::EXAMS;
    use model::ExamKind;
    use model::Lang;

    fn messages(text: &str) -> Vec<String> {
        match parse_config("district.toml", text, Path::new(".")) {
            Ok(_) => Vec::new(),
            Err(problems) => problems.iter().map(|p| p.message(Lang::En)).collect(),
        }
    }

    #[test]
    fn indicator_settings_are_read_as_written() {
        let text =
            "[outcome]\nmin_cohort = 5\n[outcome.weights]\nege_index = 2\noge_fail_pct = 0.5\n\
                    [context]\noff = [\"rural\"]\n";
        let settings = parse_config("district.toml", text, Path::new("."))
            .expect("valid")
            .indicators;
        assert_eq!(
            settings,
            IndicatorSettings {
                weights: vec![("ege_index".into(), 2.0), ("oge_fail_pct".into(), 0.5)],
                min_cohort: Some(5),
                context_off: vec!["rural".into()],
                ..IndicatorSettings::default()
            }
        );
        assert_eq!(
            messages("[outcome]\nweight = 1\n"),
            ["district.toml, row 2: the config cannot be read: unknown field `weight`, expected one of `weights`, `min_cohort`, `normalisation`, `years`, `basis`"]
        );
        // Years as a count of the latest ones or as a list.
        let years = |text: &str| {
            parse_config("district.toml", text, Path::new("."))
                .expect("valid")
                .indicators
        };
        assert_eq!(
            years("[context.missing_for]\ndistance_to_centre_km = \"exclude\"\n").missing_for,
            [("distance_to_centre_km".to_owned(), "exclude".to_owned())]
        );
        let groups = parse_config(
            "district.toml",
            "[groups]\nmethod = \"ward\"\nk = 4\n",
            Path::new("."),
        )
        .expect("valid")
        .groups;
        assert_eq!(groups.method.as_deref(), Some("ward"));
        assert_eq!(groups.k, Some(KSetting::Fixed(4)));
        assert_eq!(
            messages("[groups]\nk = \"many\"\n"),
            ["district.toml, row 2: the config cannot be read: invalid value: string \"many\", expected \"auto\" or a number of groups"]
        );
        let count = years("[outcome]\nyears = 2\nbasis = \"both\"\n");
        assert_eq!(count.years, Some(YearsSetting::Latest(2)));
        assert_eq!(count.basis.as_deref(), Some("both"));
        assert_eq!(
            years("[outcome]\nyears = [2023, 2025]\n").years,
            Some(YearsSetting::Listed(vec![2023, 2025]))
        );
        assert_eq!(
            messages("[outcome]\nyears = \"all\"\n"),
            ["district.toml, row 2: the config cannot be read: invalid type: string \"all\", expected a number of latest years (3) or a list of years ([2023, 2025])"]
        );
    }

    #[test]
    fn aliases_extend_the_built_in_headers() {
        let extra = parse_config(
            "district.toml",
            "[columns]\nscore = [\"Балл ЕГЭ\"]\n",
            Path::new("."),
        )
        .expect("valid")
        .aliases;
        let score = EXAMS
            .iter()
            .find(|c| c.canonical == "score")
            .expect("score");
        assert!(extra.matches(score, "балл егэ"));
        assert!(extra.matches(score, "балл"), "built-in names still match");
        assert!(!ExtraAliases::default().matches(score, "Балл ЕГЭ"));
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
        let got = messages("[columns]\nscore = [\"Балл ЕГЭ\"\n");
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

    #[test]
    fn oge_maxima_override_the_built_in_ones() {
        let config = parse_config(
            "district.toml",
            "[oge_max_score]\n\"Русский язык\" = 33\n\"черчение\" = 20\n",
            Path::new("."),
        )
        .expect("valid");
        let range = |s: &str| config.limits.range(ExamKind::Oge, &Subject::new(s));
        assert_eq!(range("русский язык"), (0.0, 33.0));
        assert_eq!(range("черчение"), (0.0, 20.0));
        assert_eq!(range("математика"), (0.0, 32.0), "built-in maximum");
        assert_eq!(range("астрономия"), (0.0, 100.0), "no known maximum");
        assert_eq!(
            config
                .limits
                .range(ExamKind::Ege, &Subject::new("черчение")),
            (0.0, 100.0)
        );
        assert_eq!(
            messages("[oge_max_score]\n\"математика\" = 0\n"),
            vec!["district.toml, column \"[oge_max_score] математика\": value 0 is outside the valid range 1–100"]
        );
    }

    const EXTRA: &str = "[[extra]]\nfile = \"rating.csv\"\nschool_id = \"ОГРН\"\n\
        [[extra.indicators]]\ncode = \"ege_160\"\nname = \"160+\"\ncolumn = \"n160\"\nper = \"n\"\n";

    #[test]
    fn extra_tables_are_read_relative_to_the_config() {
        let config = parse_config("district.toml", EXTRA, Path::new("data")).expect("valid");
        assert_eq!(
            config.extra,
            vec![ExtraTable {
                path: Path::new("data").join("rating.csv"),
                school_id: "ОГРН".into(),
                year: None,
                indicators: vec![ExtraColumn {
                    code: "ege_160".into(),
                    name: "160+".into(),
                    column: "n160".into(),
                    per: Some("n".into()),
                    role: Role::Outcome,
                }],
            }]
        );
    }

    #[test]
    fn an_extra_indicator_code_must_be_plain_and_unique() {
        let bad = EXTRA.replace("ege_160", "ЕГЭ 160");
        assert_eq!(
            messages(&bad),
            vec![
                "district.toml, column \"[[extra]] 1 indicators 1 code\": the code \"ЕГЭ 160\" \
                  must be latin lower-case letters, digits and _"
            ]
        );
        let twice = format!(
            "{EXTRA}[[extra.indicators]]\ncode = \"ege_160\"\nname = \"x\"\ncolumn = \"y\"\n"
        );
        assert_eq!(
            messages(&twice),
            vec!["district.toml, column \"[[extra]] 1 indicators 2 code\": the code \"ege_160\" is used twice"]
        );
    }

    #[test]
    fn an_extra_indicator_role_must_be_known() {
        let bad = format!("{EXTRA}role = \"цель\"\n");
        assert_eq!(
            messages(&bad),
            vec![
                "district.toml, column \"[[extra]] 1 indicators 1 role\": unknown value \"цель\"; \
                  expected one of: context, outcome, resource"
            ]
        );
        let ok = format!("{EXTRA}role = \"контекст\"\n");
        let config = parse_config("district.toml", &ok, Path::new(".")).expect("valid");
        assert_eq!(config.extra[0].indicators[0].role, Role::Context);
    }
}
