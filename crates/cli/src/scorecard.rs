//! The score cards' points table from `[scorecard]`, checked, with its refusals worded in the
//! analyst's language.

use std::collections::BTreeMap;

use features::scorecard::{Points, PointsError, ValidPoints};
use model::Lang;

use crate::commands::config_message;
use crate::error::RunError;

/// The seed's points table with the config's changes, checked (a refusal is a settings error).
pub(crate) fn points(changes: &BTreeMap<String, f64>, lang: Lang) -> Result<ValidPoints, RunError> {
    Points::with_changes(changes)
        .and_then(Points::validate)
        .map_err(|e| RunError::Settings(config_message(&points_error(&e, lang), lang)))
}

/// A refused points table in words.
fn points_error(e: &PointsError, lang: Lang) -> String {
    let known = || {
        let keys: Vec<&str> = Points::default()
            .items()
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        keys.join(", ")
    };
    match (e, lang) {
        (PointsError::UnknownKey { key }, Lang::Ru) => {
            format!("[scorecard] {key}: такой строки в балльной таблице нет (есть: {})", known())
        }
        (PointsError::UnknownKey { key }, Lang::En) => {
            format!("[scorecard] {key}: no such item of the points table (there are: {})", known())
        }
        (PointsError::OutOfRange { key, value }, Lang::Ru) => format!(
            "[scorecard] {key} = {value}: баллы должны быть от 0 до {}",
            features::scorecard::points::MAX_POINTS
        ),
        (PointsError::OutOfRange { .. }, Lang::En) => e.to_string(),
        (PointsError::ProductBelow { key, value, below_key, below }, Lang::Ru) => format!(
            "[scorecard] {key} = {value}: меньше, чем {below_key} = {below}, а этот уровень продукта включает предыдущий"
        ),
        (PointsError::ProductBelow { .. }, Lang::En) => e.to_string(),
    }
}
