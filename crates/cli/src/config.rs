//! The one place where the district config (`district.toml`, as ingest read it) becomes
//! each stage's parameters: `[outcome]` and `[context]` → [`FeatureParams`], `[groups]` →
//! [`KSelectionParams`], `[advise]` → [`AdviseParams`]. A value of the wrong kind is refused
//! here naming its key; ranges are checked by each stage's `check()`.

use advise::AdviseParams;
use cluster::{Criterion, KSelectionParams, Method};
use features::{Basis, FeatureParams, MissingContext, Normalisation};
use ingest::{AdviseSettings, GroupSettings, IndicatorSettings, KSetting, YearsSetting};
use model::Lang;

/// The config's `[outcome]` and `[context]` over the defaults; a code that names no
/// method, policy or basis is refused naming its key.
pub fn feature_params(settings: &IndicatorSettings, lang: Lang) -> Result<FeatureParams, String> {
    let mut params = FeatureParams::default();
    if !settings.weights.is_empty() {
        params = params.weights(settings.weights.iter().cloned());
    }
    if let Some(n) = settings.min_cohort {
        params = params.min_cohort(n);
    }
    if let Some(n) = settings.min_pupils {
        params = params.min_pupils(n);
    }
    if let Some(code) = &settings.context_normalisation {
        params =
            params.context_normalisation(normalisation("[context] normalisation", code, lang)?);
    }
    if let Some(code) = &settings.outcome_normalisation {
        params =
            params.outcome_normalisation(normalisation("[outcome] normalisation", code, lang)?);
    }
    if let Some(code) = &settings.missing_context {
        params = params.missing_context(policy("[context] missing", code, lang)?);
    }
    for (indicator, code) in &settings.missing_for {
        let key = format!("[context.missing_for] {indicator}");
        params = params.missing_for(indicator, policy(&key, code, lang)?);
    }
    params = match &settings.years {
        Some(YearsSetting::Latest(n)) => params.latest_years(*n),
        Some(YearsSetting::Listed(years)) => params.years(years.iter().copied()),
        None => params,
    };
    if let Some(code) = &settings.basis {
        let (key, noun) = ("[outcome] basis", ("основа сводного результата", "basis"));
        let expected = ["mean", "latest", "both"];
        let basis = Basis::parse(code);
        params = params.basis(basis.ok_or_else(|| unknown(key, code, noun, &expected, lang))?);
    }
    Ok(params.context_off(settings.context_off.iter().cloned()))
}

fn normalisation(key: &str, code: &str, lang: Lang) -> Result<Normalisation, String> {
    let expected = ["z_score", "robust", "min_max", "rank"];
    let noun = ("способ масштабирования", "method");
    Normalisation::parse(code).ok_or_else(|| unknown(key, code, noun, &expected, lang))
}

fn policy(key: &str, code: &str, lang: Lang) -> Result<MissingContext, String> {
    let expected = ["median", "group_median", "exclude"];
    let noun = ("правило для пропусков", "policy");
    MissingContext::parse(code).ok_or_else(|| unknown(key, code, noun, &expected, lang))
}

/// A code that names nothing of its kind (`noun`, Russian and English), with the codes that do.
fn unknown(key: &str, code: &str, noun: (&str, &str), expected: &[&str], lang: Lang) -> String {
    match lang {
        Lang::Ru => format!(
            "{key}: «{code}» — не {}; допустимо: {}",
            noun.0,
            expected.join(", ")
        ),
        Lang::En => {
            let (last, rest) = expected.split_last().unwrap_or((&"", &[]));
            let list = if rest.is_empty() {
                (*last).to_owned()
            } else {
                format!("{} or {last}", rest.join(", "))
            };
            format!("{key}: \"{code}\" is not a {}; expected {list}", noun.1)
        }
    }
}

/// A value that must be a whole number of `min` or more.
fn whole_number(key: &str, v: i64, min: i64, lang: Lang) -> String {
    match lang {
        Lang::Ru => format!("{key}: {v} — должно быть целым числом не меньше {min}"),
        Lang::En => format!("{key}: {v} must be a whole number of {min} or more"),
    }
}

/// The config's `[groups]` over the selection settings; a value out of its
/// range is refused naming its key.
pub fn apply_groups(
    mut p: KSelectionParams,
    groups: &GroupSettings,
    lang: Lang,
) -> Result<KSelectionParams, String> {
    let at_least = |key: &str, v: i64, min: i64| -> Result<usize, String> {
        let key = format!("[groups] {key}");
        usize::try_from(v)
            .ok()
            .filter(|&v| v as i64 >= min)
            .ok_or_else(|| whole_number(&key, v, min, lang))
    };
    if let Some(code) = &groups.method {
        let expected = ["kmeans", "ward", "average", "complete"];
        let noun = ("метод группировки", "method");
        let method = Method::parse(code);
        let key = "[groups] method";
        p = p.method(method.ok_or_else(|| unknown(key, code, noun, &expected, lang))?);
    }
    if let Some(code) = &groups.criterion {
        let expected = ["silhouette", "calinski_harabasz", "gap"];
        let noun = ("критерий выбора числа групп", "criterion");
        let criterion = Criterion::parse(code);
        let key = "[groups] criterion";
        p = p.criterion(criterion.ok_or_else(|| unknown(key, code, noun, &expected, lang))?);
    }
    if let Some(KSetting::Fixed(k)) = groups.k {
        p = p.force_k(at_least("k", k, 1)?);
    }
    if let Some(k) = groups.k_max {
        p = p.k_max(at_least("k_max", k, 1)?);
    }
    if let Some(n) = groups.min_group_size {
        p = p.min_group_size(at_least("min_group_size", n, 1)?);
    }
    if let Some(b) = groups.gap_references {
        p = p.gap_references(at_least("gap_references", b, 0)?);
    }
    if let Some(share) = groups.max_group_share {
        p = p.max_group_share(share);
    }
    Ok(p)
}

/// A `[groups]` value that the selection's `check()` refused, worded with its key (cluster
/// knows no language: its errors are worded here).
pub fn groups_error(e: &cluster::ParamError, lang: Lang) -> String {
    use cluster::ParamError as E;
    let (ru, en) = match e {
        E::BadMaxGroupShare(share) => (
            format!("[groups] max_group_share: {share} — должно быть больше 0 и не больше 1"),
            format!("[groups] max_group_share: {share} must be above 0 and at most 1"),
        ),
        E::EmptyKRange { min, max } => (
            format!("[groups] k_max: наименьшее число групп ({min}) больше наибольшего ({max})"),
            format!("[groups] k_max: the smallest k ({min}) is larger than the largest ({max})"),
        ),
        E::NoGapReferences => (
            "[groups] gap_references: gap-статистике нужен хотя бы один эталонный набор".to_owned(),
            "[groups] gap_references: the gap statistic needs at least 1 reference data set"
                .to_owned(),
        ),
        E::TooLarge { key, value, max } => (
            format!("[groups] {key}: {value} — не больше {max}"),
            format!("[groups] {key}: {value} must be at most {max}"),
        ),
        e => (format!("[groups]: {e}"), format!("[groups]: {e}")),
    };
    lang.pick(&ru, &en).to_owned()
}

/// The config's `[advise]` over the advice settings; a value of the wrong
/// kind is refused naming its key (ranges are checked by `advise`).
pub fn apply_advise(
    mut p: AdviseParams,
    a: &AdviseSettings,
    lang: Lang,
) -> Result<AdviseParams, String> {
    let whole = |key: &str, v: i64| -> Result<usize, String> {
        usize::try_from(v).map_err(|_| whole_number(&format!("[advise] {key}"), v, 0, lang))
    };
    if let Some(v) = a.low_gap {
        p = p.low_gap(v);
    }
    if let Some(v) = a.bottom_share {
        p = p.bottom_share(v);
    }
    if let Some(v) = a.top_share {
        p = p.top_share(v);
    }
    if let Some(v) = a.capacity {
        p = p.capacity(whole("capacity", v)?);
    }
    if let Some(code) = &a.compare {
        p = p.adjust(match code.as_str() {
            "adjusted" => true,
            "score" => false,
            other => {
                let noun = ("способ сравнения", "comparison");
                let expected = ["adjusted", "score"];
                return Err(unknown("[advise] compare", other, noun, &expected, lang));
            }
        });
    }
    if let Some(v) = a.stable_years {
        p = p.stable_years(whole("stable_years", v)?);
    }
    if let Some(v) = a.stable_window {
        p = p.stable_window(whole("stable_window", v)?);
    }
    if let Some(v) = a.slide_rate {
        p = p.slide_rate(v);
    }
    if let Some(v) = a.finding_gap {
        p = p.finding_gap(v);
    }
    if a.max_distance_km.is_some() {
        p = p.max_distance_km(a.max_distance_km);
    }
    if let Some(v) = a.km_per_unit {
        p = p.km_per_unit(v);
    }
    if let Some(v) = a.complement_weight {
        p = p.complement_weight(v);
    }
    if let Some(v) = a.min_robustness {
        p = p.min_robustness(v);
    }
    if let Some(v) = a.objectivity_gap_z {
        p = p.objectivity_gap_z(v);
    }
    if let Some(v) = a.objectivity_jump_z {
        p = p.objectivity_jump_z(v);
    }
    if let Some(v) = a.mentor_load {
        p = p.mentor_load(v);
    }
    if let Some(v) = a.mentor_km {
        p = p.mentor_km(v);
    }
    Ok(p)
}

/// An `[advise]` value that advise's `check()` refused, worded with its key (advise formats
/// no text: its errors are worded here).
pub fn advise_error(e: &advise::AdviseParamError, lang: Lang) -> String {
    use advise::AdviseParamError as E;
    let ru = match e {
        E::BadGap(v) => format!("low_gap: {v} — должно быть конечным числом не меньше 0"),
        E::BadShare { key, value } => {
            format!("{key}: {value} — доля группы должна быть больше 0 и не больше 1")
        }
        E::BadCapacity(n) => format!("capacity: {n} — базовая школа поддерживает от 1 до 100 школ"),
        E::OutOfRange {
            key,
            value,
            min,
            max,
        } => {
            format!("{key}: {value:?} — должно быть от {min} до {max}")
        }
        E::BadMinGroup(n) => {
            format!("min_group_size: {n} — в группе меньше 2 школ не с кем сравнивать")
        }
        E::ZeroWindow => "stable_window: нужен хотя бы один год".into(),
        E::BadStableYears { years, window } => {
            format!("stable_years: {years} — должно быть от 1 до stable_window ({window})")
        }
        E::BadSlideRate(v) => format!("slide_rate: {v} — должно быть конечным числом не меньше 0"),
        E::BadMaxDistance(v) => {
            format!("max_distance_km: {v} — должно быть конечным числом больше 0")
        }
        E::BadPositive { key, value } => {
            format!("{key}: {value} — должно быть конечным числом больше 0")
        }
        E::BadWeight { key, value } => {
            format!("{key}: {value} — должно быть конечным числом не меньше 0")
        }
    };
    match lang {
        Lang::Ru => format!("[advise] {ru}"),
        Lang::En => format!("[advise] {e}"),
    }
}

/// A pinned or forbidden pair that names no pair of ranked schools, worded with its key.
pub fn pair_error(e: &crate::adapter::PairError, lang: Lang) -> String {
    use crate::adapter::PairError as E;
    match (e, lang) {
        (E::NotRanked { key, id }, Lang::Ru) => {
            format!("[advise] {key}: школы «{id}» нет среди школ рейтинга")
        }
        (E::NotRanked { key, id }, Lang::En) => {
            format!("[advise] {key}: school \"{id}\" is not among the ranked schools")
        }
        (E::WithItself { key, id }, Lang::Ru) => {
            format!("[advise] {key}: школу нельзя поставить в пару с ней самой («{id}»)")
        }
        (E::WithItself { key, id }, Lang::En) => {
            format!("[advise] {key}: a school cannot be paired with itself (\"{id}\")")
        }
    }
}

/// A pinned pair advise refused, with school ids instead of rows, worded with its key.
pub fn pin_error(
    e: &advise::AdviseError,
    district: &model::District,
    profiles: &features::Profiles,
    lang: Lang,
) -> String {
    use advise::AdviseError as E;
    let id = |row: usize| district.school(profiles.schools[row]).id.0.clone();
    let detail = match (e, lang) {
        (
            E::PinnedOverCapacity {
                base,
                pinned,
                capacity,
            },
            Lang::Ru,
        ) => format!(
            "базовая школа «{}» закреплена за {pinned} школами; её предел — {capacity}",
            id(*base)
        ),
        (
            E::PinnedOverCapacity {
                base,
                pinned,
                capacity,
            },
            Lang::En,
        ) => format!(
            "base school \"{}\" is pinned to {pinned} schools; its capacity is {capacity}",
            id(*base)
        ),
        (E::PinnedTwice { low }, Lang::Ru) => format!(
            "школа «{}» закреплена больше чем за одной базовой школой",
            id(*low)
        ),
        (E::PinnedTwice { low }, Lang::En) => format!(
            "school \"{}\" is pinned to more than one base school",
            id(*low)
        ),
        (other, _) => other.to_string(),
    };
    format!("[advise] pin: {detail}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use features::Years;

    fn refused(settings: IndicatorSettings) -> String {
        feature_params(&settings, Lang::En).expect_err("refused")
    }

    #[test]
    fn an_unknown_basis_is_refused() {
        let settings = IndicatorSettings {
            basis: Some("median".into()),
            ..IndicatorSettings::default()
        };
        assert_eq!(
            refused(settings),
            "[outcome] basis: \"median\" is not a basis; expected mean, latest or both"
        );
        let settings = IndicatorSettings {
            basis: Some("both".into()),
            years: Some(YearsSetting::Latest(2)),
            ..IndicatorSettings::default()
        };
        let valid = feature_params(&settings, Lang::En)
            .expect("mapped")
            .check()
            .expect("valid");
        assert_eq!(valid.basis(), Basis::Both);
        assert_eq!(valid.years(), &Years::Latest(2));
    }

    #[test]
    fn an_unknown_normalisation_is_refused_naming_its_key() {
        let settings = IndicatorSettings {
            outcome_normalisation: Some("zscore".into()),
            ..IndicatorSettings::default()
        };
        assert_eq!(
            refused(settings),
            "[outcome] normalisation: \"zscore\" is not a method; expected z_score, robust, min_max or rank"
        );
        let settings = IndicatorSettings {
            context_normalisation: Some("robust".into()),
            ..IndicatorSettings::default()
        };
        let valid = feature_params(&settings, Lang::En)
            .expect("mapped")
            .check()
            .expect("valid");
        assert_eq!(valid.context_normalisation(), Normalisation::Robust);
        assert_eq!(valid.outcome_normalisation(), Normalisation::ZScore);
    }

    #[test]
    fn an_unknown_missing_context_policy_is_refused() {
        let settings = IndicatorSettings {
            missing_context: Some("drop".into()),
            ..IndicatorSettings::default()
        };
        assert_eq!(
            refused(settings),
            "[context] missing: \"drop\" is not a policy; expected median, group_median or exclude"
        );
    }

    #[test]
    fn an_unknown_policy_for_one_indicator_is_refused() {
        let settings = IndicatorSettings {
            missing_for: vec![("rural".into(), "skip".into())],
            ..IndicatorSettings::default()
        };
        assert_eq!(
            refused(settings),
            "[context.missing_for] rural: \"skip\" is not a policy; expected median, group_median or exclude"
        );
        let settings = IndicatorSettings {
            missing_context: Some("group_median".into()),
            missing_for: vec![("rural".into(), "exclude".into())],
            ..IndicatorSettings::default()
        };
        let valid = feature_params(&settings, Lang::En)
            .expect("mapped")
            .check()
            .expect("valid");
        assert_eq!(valid.missing_policy("rural"), MissingContext::Exclude);
        assert_eq!(
            valid.missing_policy("low_income_pct"),
            MissingContext::GroupMedian
        );
    }

    #[test]
    fn the_config_changes_only_what_it_sets() {
        let settings = IndicatorSettings {
            weights: vec![("ege_160_on_3_pct".to_owned(), 2.0)],
            context_off: vec!["rural".to_owned()],
            ..IndicatorSettings::default()
        };
        let valid = feature_params(&settings, Lang::En)
            .expect("mapped")
            .check()
            .expect("valid");
        assert_eq!(valid.weights(), [("ege_160_on_3_pct".to_owned(), 2.0)]);
        assert_eq!(valid.min_cohort(), features::MIN_COHORT);
        assert_eq!(valid.context_off(), ["rural"]);
        assert_eq!(
            feature_params(&IndicatorSettings::default(), Lang::En).expect("mapped"),
            FeatureParams::default()
        );
    }

    #[test]
    fn a_max_group_share_out_of_range_is_refused_by_cluster_and_named_by_its_key() {
        for share in [0.0, 1.5] {
            let groups = GroupSettings {
                max_group_share: Some(share),
                ..GroupSettings::default()
            };
            let e = apply_groups(KSelectionParams::default(), &groups, Lang::En)
                .expect("mapped")
                .check()
                .expect_err("refused");
            assert_eq!(
                groups_error(&e, Lang::En),
                format!("[groups] max_group_share: {share} must be above 0 and at most 1")
            );
        }
    }
}
