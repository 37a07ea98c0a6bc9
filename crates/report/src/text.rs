//! Every sentence the analyst reads about a decision, in Russian or English.

use advise::{PairReason, Reason, Status, UnpairedReason};
use features::{ExclusionReason, Indicator, Note, Tier};
use model::Lang;
use model::PassportField;

/// A number with a decimal comma in Russian, a point in English.
pub fn decimal(x: f64, places: usize, lang: Lang) -> String {
    let s = format!("{x:.places$}");
    let s = if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_owned()
    } else {
        s
    };
    match lang {
        Lang::Ru => s.replace('.', ","),
        Lang::En => s,
    }
}

/// «да» («yes») for a true flag, an empty cell for a false one.
pub fn yes(flag: bool, lang: Lang) -> String {
    if flag { lang.pick("да", "yes") } else { "" }.to_owned()
}

/// A status in words; `None` is an excluded school.
pub fn status_label(status: Option<Status>, lang: Lang) -> &'static str {
    match status {
        Some(Status::Low) => lang.pick("низкие результаты", "low results"),
        Some(Status::Base) => lang.pick("базовая", "base"),
        Some(Status::Regular) => lang.pick("—", "—"),
        Some(Status::Borderline) => {
            lang.pick("на границе: требует проверки", "borderline: to be checked")
        }
        None => lang.pick("исключена", "excluded"),
    }
}

/// A machine code and a sentence.
#[derive(Debug)]
pub struct Said {
    /// A stable code, for programs.
    pub code: &'static str,
    /// The text, in the run's language.
    pub text: String,
}

/// Why a school got its status, in words.
pub fn reason(r: &Reason, lang: Lang) -> Said {
    Said {
        code: reason_code(r),
        text: reason_text(r, lang),
    }
}

/// A reason's code, as results.json writes it.
fn reason_code(r: &Reason) -> &'static str {
    match *r {
        Reason::BottomOfGroup { .. } => "bottom_of_group",
        Reason::BelowMedian { .. } => "below_group_median",
        Reason::StablyLow { .. } => "stably_low",
        Reason::NotStable { .. } => "not_stable",
        Reason::AboveDistrictMedian { .. } => "above_district_median",
        Reason::GroupTooSmall { .. } => "group_too_small",
        Reason::Sliding { .. } => "sliding",
        Reason::NotRobust { .. } => "not_robust",
        Reason::ResultsInDoubt => "results_in_doubt",
        Reason::TopOfGroup { .. } => "top_of_group",
        Reason::AboveMedian { .. } => "above_group_median",
    }
}

/// A reason in the analyst's words.
fn reason_text(r: &Reason, lang: Lang) -> String {
    match *r {
        Reason::BottomOfGroup { rank, size } => match lang {
            Lang::Ru => format!("{rank}-е место из {size} в группе (нижняя часть списка)"),
            Lang::En => format!("ranked {rank} of {size} in the group (bottom of the list)"),
        },
        Reason::BelowMedian {
            gap,
            threshold,
            margin,
        } => match lang {
            Lang::Ru => format!(
                "ниже медианы группы на {} (порог {}; верхняя граница интервала ниже медианы на {})",
                decimal(gap, 2, lang),
                decimal(threshold, 2, lang),
                decimal(margin, 2, lang)
            ),
            Lang::En => format!(
                "below the group median by {} (threshold {}; the top of the interval is {} below the median)",
                decimal(gap, 2, lang),
                decimal(threshold, 2, lang),
                decimal(margin, 2, lang)
            ),
        },
        Reason::StablyLow { years, window } => match lang {
            Lang::Ru => format!(
                "устойчиво низкие результаты: внизу группы {years} из {window} последних лет"
            ),
            Lang::En => format!(
                "stably low: at the bottom of the group in {years} of the last {window} years"
            ),
        },
        Reason::NotStable { years, window } => match lang {
            Lang::Ru => format!(
                "по отдельным годам внизу группы {years} из {window} лет: результат может быть случайным"
            ),
            Lang::En => format!(
                "at the bottom of the group in {years} of {window} single years: the result may be chance"
            ),
        },
        Reason::NotRobust { low_in, of } => match lang {
            Lang::Ru => format!(
                "низкие результаты лишь в {low_in} из {of} разумных вариантов сравнения (другое \
                 число групп, другой метод, другой запуск, подвыборка школ, ближайшие по условиям школы): вывод \
                 неустойчив, нужна проверка"
            ),
            Lang::En => format!(
                "low in only {low_in} of {of} reasonable comparisons (another number of groups, \
                 another method, another start, a subsample of schools, the nearest schools in conditions): the finding \
                 is not robust and needs checking"
            ),
        },
        Reason::ResultsInDoubt => lang
            .pick(
                "признаки необъективности результатов ВПР (см. «Объективность ВПР»): место в группе                  под вопросом, базовой школой не назначается",
                "signs of non-objective VPR results (see \"VPR objectivity\"): its standing is in                  doubt, and it is not made a base school",
            )
            .to_owned(),
        Reason::AboveDistrictMedian { gap } => match lang {
            Lang::Ru => format!("выше медианы района на {}", decimal(gap, 2, lang)),
            Lang::En => format!("above the district median by {}", decimal(gap, 2, lang)),
        },
        Reason::GroupTooSmall { size, min } => match lang {
            Lang::Ru => format!(
                "в группе {size} шк. — меньше {min}: сравнение внутри группы не делается"
            ),
            Lang::En => format!(
                "the group has {size} schools, fewer than {min}: no comparison within it"
            ),
        },
        Reason::Sliding { rate, margin } => match lang {
            Lang::Ru => format!(
                "результаты снижаются на {} в год (±{}), в последний год ниже медианы группы",
                decimal(-rate, 2, lang),
                decimal(margin, 2, lang)
            ),
            Lang::En => format!(
                "results fall by {} a year (±{}), below the group median in the latest year",
                decimal(-rate, 2, lang),
                decimal(margin, 2, lang)
            ),
        },
        Reason::TopOfGroup { rank, size } => match lang {
            Lang::Ru => format!("{rank}-е место из {size} в группе (верхняя часть списка)"),
            Lang::En => format!("ranked {rank} of {size} in the group (top of the list)"),
        },
        Reason::AboveMedian { gap } => match lang {
            Lang::Ru => format!("выше медианы группы на {}", decimal(gap, 2, lang)),
            Lang::En => format!("above the group median by {}", decimal(gap, 2, lang)),
        },
    }
}

/// Why a pair was made, in words.
pub fn pair_reason(r: &PairReason, lang: Lang) -> Said {
    match *r {
        PairReason::SameGroup { group } => Said {
            code: "same_group",
            text: match lang {
                Lang::Ru => format!("та же группа сходных условий ({})", group + 1),
                Lang::En => format!("same peer group ({})", group + 1),
            },
        },
        PairReason::OtherGroup {
            group,
            base_group,
            centroid_distance,
        } => Said {
            code: "other_group",
            text: match lang {
                Lang::Ru => format!(
                    "в группе {} нет базовой школы; взята из ближайшей группы {} (расстояние между центрами групп {})",
                    group + 1,
                    base_group + 1,
                    decimal(centroid_distance, 2, lang)
                ),
                Lang::En => format!(
                    "group {} has no base school; taken from the nearest group {} (distance between the groups' centres {})",
                    group + 1,
                    base_group + 1,
                    decimal(centroid_distance, 2, lang)
                ),
            },
        },
        PairReason::Pinned => Said {
            code: "pinned",
            text: lang
                .pick("пара закреплена в настройках", "pair pinned in the settings")
                .to_owned(),
        },
        PairReason::ScoreAdvantage { difference } => Said {
            code: "score_advantage",
            text: match lang {
                Lang::Ru => format!("результат выше на {}", decimal(difference, 2, lang)),
                Lang::En => format!("result higher by {}", decimal(difference, 2, lang)),
            },
        },
        PairReason::ContextDistance { distance } => Said {
            code: "context_distance",
            text: match lang {
                Lang::Ru => format!("расстояние по условиям {}", decimal(distance, 2, lang)),
                Lang::En => format!("context distance {}", decimal(distance, 2, lang)),
            },
        },
        PairReason::Travel { km } => Said {
            code: "travel",
            text: match lang {
                Lang::Ru => format!("{} км по прямой", decimal(km, 1, lang)),
                Lang::En => format!("{} km in a straight line", decimal(km, 1, lang)),
            },
        },
        PairReason::TravelUnknown => Said {
            code: "travel_unknown",
            text: lang
                .pick(
                    "расстояние в км неизвестно (нет координат)",
                    "distance in km unknown (no coordinates)",
                )
                .to_owned(),
        },
        PairReason::Complements { strong, weak } => Said {
            code: "complements",
            text: match lang {
                Lang::Ru => format!(
                    "сильна в {strong} из {weak} слабых предметов школы (не ниже медианы своей группы)"
                ),
                Lang::En => format!(
                    "strong in {strong} of the school's {weak} weak subjects (at or above its group's median)"
                ),
            },
        },
        PairReason::Cost { total } => Said {
            code: "cost",
            text: match lang {
                Lang::Ru => format!("стоимость пары {}", decimal(total, 2, lang)),
                Lang::En => format!("pair cost {}", decimal(total, 2, lang)),
            },
        },
    }
}

/// Why a low school has no base school, in words.
pub fn unpaired(r: &UnpairedReason, lang: Lang) -> Said {
    match *r {
        UnpairedReason::NoBaseSchool => Said {
            code: "no_base_school",
            text: lang
                .pick(
                    "ни в одной группе нет базовой школы",
                    "no group has a base school",
                )
                .to_owned(),
        },
        UnpairedReason::AllForbidden => Said {
            code: "all_forbidden",
            text: lang
                .pick(
                    "все подходящие базовые школы исключены в настройках",
                    "every candidate base school is ruled out in the settings",
                )
                .to_owned(),
        },
        UnpairedReason::TooFar { limit_km } => Said {
            code: "too_far",
            text: match lang {
                Lang::Ru => format!("все подходящие базовые школы дальше {limit_km} км"),
                Lang::En => format!("every candidate base school is further than {limit_km} km"),
            },
        },
        UnpairedReason::BaseSchoolsFull => Said {
            code: "base_schools_full",
            text: lang
                .pick(
                    "базовые школы заняты школами с более высоким приоритетом (увеличьте capacity или добавьте пару в pin)",
                    "the base schools are full with schools of higher priority (raise capacity or pin a pair)",
                )
                .to_owned(),
        },
    }
}

/// A condition's value as the analyst reads it: a flag as yes or no, a logarithm of a count as
/// the count, a percent with its sign, kilometres with their unit.
fn condition_value(d: &crate::doc::DriverDoc, lang: Lang) -> String {
    let Some(v) = d.value else {
        return lang.pick("нет данных", "no data").to_owned();
    };
    match d.unit {
        "flag" => yes(v > 0.5, lang).to_owned(),
        "log_count" => format!("{}", v.exp().round()),
        "percent" => format!("{}%", decimal(v, 1, lang)),
        "kilometres" => format!("{} {}", decimal(v, 1, lang), lang.pick("км", "km")),
        _ => decimal(v, 1, lang),
    }
}

/// What sets a school's expected score, in words: above or below the district's mean, and
/// the conditions that moved it most with their values and effects.
pub fn expectation_text(drivers: &[crate::doc::DriverDoc], lang: Lang) -> String {
    if drivers.is_empty() {
        return String::new();
    }
    let total: f64 = drivers.iter().map(|d| d.effect).sum();
    let side = match (total >= 0.0, lang) {
        (true, Lang::Ru) => "ожидается выше среднего по району",
        (false, Lang::Ru) => "ожидается ниже среднего по району",
        (true, Lang::En) => "expected above the district's mean",
        (false, Lang::En) => "expected below the district's mean",
    };
    let each: Vec<String> = drivers
        .iter()
        .map(|d| {
            let sign = if d.effect >= 0.0 { "+" } else { "−" };
            format!(
                "{}: {} ({sign}{})",
                d.name,
                condition_value(d, lang),
                decimal(d.effect.abs(), 2, lang)
            )
        })
        .collect();
    format!("{side}: {}", each.join("; "))
}

/// The diagnosis in sentences: causes, subjects without a teacher, weak
/// subjects with the gains that reach the group, other shortfalls.
pub fn diagnosis(
    causes: &[crate::doc::FindingDoc],
    shortfalls: &[crate::doc::FindingDoc],
    no_teacher: &[String],
    subjects: &[crate::doc::SubjectGapDoc],
    lang: Lang,
) -> Vec<String> {
    let finding = |f: &crate::doc::FindingDoc| match (lang, f.value) {
        (Lang::Ru, Some(value)) => format!(
            "{}: {} против {} в группе",
            f.name,
            decimal(value, 1, lang),
            decimal(f.group_median, 1, lang)
        ),
        (Lang::En, Some(value)) => format!(
            "{}: {} against {} in the group",
            f.name,
            decimal(value, 1, lang),
            decimal(f.group_median, 1, lang)
        ),
        (Lang::Ru, None) => format!(
            "{}: ниже группы (значение школы не публикуется: мало участников)",
            f.name
        ),
        (Lang::En, None) => format!(
            "{}: below the group (the school's value is not published: too few pupils)",
            f.name
        ),
    };
    let mut out: Vec<String> = causes.iter().map(finding).collect();
    if !no_teacher.is_empty() {
        out.push(match lang {
            Lang::Ru => format!("нет учителя по предмету: {}", no_teacher.join(", ")),
            Lang::En => format!("no teacher of: {}", no_teacher.join(", ")),
        });
    }
    for g in subjects.iter().filter(|g| g.weak) {
        out.push(match (lang, g.gain_to_median, g.gain_to_top_quarter) {
            (Lang::Ru, Some(m), Some(q)) => format!(
                "{} {}: средний балл {}; до медианы группы +{}, до верхней четверти +{}",
                g.exam,
                g.subject,
                decimal(g.points.unwrap_or(0.0), 1, lang),
                decimal(m, 1, lang),
                decimal(q, 1, lang)
            ),
            (Lang::En, Some(m), Some(q)) => format!(
                "{} {}: mean score {}; +{} to the group median, +{} to its top quarter",
                g.exam,
                g.subject,
                decimal(g.points.unwrap_or(0.0), 1, lang),
                decimal(m, 1, lang),
                decimal(q, 1, lang)
            ),
            (Lang::Ru, _, _) => format!(
                "{} {}: ниже медианы группы на {} станд. ед.",
                g.exam,
                g.subject,
                decimal(-g.gap, 2, lang)
            ),
            (Lang::En, _, _) => format!(
                "{} {}: {} standard units below the group median",
                g.exam,
                g.subject,
                decimal(-g.gap, 2, lang)
            ),
        });
    }
    out.extend(shortfalls.iter().map(finding));
    out
}

/// Why a school is excluded, in words.
pub fn exclusion(r: &ExclusionReason, lang: Lang) -> Said {
    match *r {
        ExclusionReason::NoExamResults => Said {
            code: "no_exam_results",
            text: lang
                .pick(
                    "нет результатов ЕГЭ и ОГЭ за годы анализа (настройка [outcome] years)",
                    "no EGE or OGE results in the years used ([outcome] years of the config)",
                )
                .to_owned(),
        },
        ExclusionReason::NoWeightedOutcome => Said {
            code: "no_weighted_outcome",
            text: lang
                .pick(
                    "нет ни одного из показателей, из которых складывается результат (настройки [outcome.weights])",
                    "none of the indicators the composite is made of ([outcome.weights] of the config)",
                )
                .to_owned(),
        },
        ExclusionReason::NoLatestResults { year } => Said {
            code: "no_latest_results",
            text: match lang {
                Lang::Ru => format!(
                    "результат считается по последнему году ([outcome] basis = \"latest\"), \
                     а за {year} год нужных показателей у школы нет"
                ),
                Lang::En => format!(
                    "the composite is built on the latest year ([outcome] basis = \"latest\") \
                     and the school has none of its indicators for {year}"
                ),
            },
        },
        ExclusionReason::MissingContext { missing, total } => Said {
            code: "missing_context",
            text: match lang {
                Lang::Ru => {
                    format!("не заполнен паспорт: нет {missing} из {total} показателей условий")
                }
                Lang::En => {
                    format!("passport incomplete: {missing} of {total} context indicators missing")
                }
            },
        },
    }
}

/// A note on the indicators, in words.
pub fn note(n: &Note, lang: Lang) -> Said {
    match n {
        Note::ConstantIndicator(i) => Said {
            code: "constant_indicator",
            text: match lang {
                Lang::Ru => format!(
                    "показатель «{}» одинаков у всех школ и не использован",
                    i.name(lang)
                ),
                Lang::En => format!(
                    "indicator \"{}\" is the same for every school and was not used",
                    i.name(lang)
                ),
            },
        },
        Note::Capped { indicator, count } => Said {
            code: "capped",
            text: match lang {
                Lang::Ru => format!(
                    "показатель «{}»: у {count} школ значение дальше {} стандартных отклонений, оно ограничено",
                    indicator.name(lang),
                    features::OUTLIER_CAP
                ),
                Lang::En => format!(
                    "indicator \"{}\": {count} schools are further than {} standard deviations out; their values were capped",
                    indicator.name(lang),
                    features::OUTLIER_CAP
                ),
            },
        },
        Note::SingleYear(year) => Said {
            code: "single_year",
            text: match lang {
                Lang::Ru => format!(
                    "результаты только за {year} год: устойчиво ли низки результаты школы из года \
                     в год, по этим данным судить нельзя"
                ),
                Lang::En => format!(
                    "results of {year} alone: whether a school's results are low year after year \
                     cannot be judged from these data"
                ),
            },
        },
        Note::Imputed { indicator, count } => Said {
            code: "imputed",
            text: match lang {
                Lang::Ru => format!(
                    "показатель «{}»: у {count} школ нет значения, взята медиана района",
                    indicator.name(lang)
                ),
                Lang::En => format!(
                    "indicator \"{}\": {count} schools have no value; the district median was used",
                    indicator.name(lang)
                ),
            },
        },
    }
}

/// How far from the district a group's mean must be, in district standard
/// deviations, for an indicator to describe the group.
pub const DISTINCTIVE: f64 = 0.5;
/// The most indicators a group description names.
pub const DESCRIPTION_TERMS: usize = 3;

/// Words for an indicator well above and well below the district.
fn above_below(indicator: &Indicator, lang: Lang) -> (String, String) {
    let pair = |ru: (&str, &str), en: (&str, &str)| -> (String, String) {
        let (a, b) = match lang {
            Lang::Ru => ru,
            Lang::En => en,
        };
        (a.to_owned(), b.to_owned())
    };
    match indicator {
        Indicator::LogStudents => pair(("крупные", "малые"), ("large", "small")),
        Indicator::Rural => pair(("сельские", "городские"), ("rural", "urban")),
        Indicator::Passport(PassportField::DistanceToCentreKm) => pair(
            (
                "удалённые от районного центра",
                "близкие к районному центру",
            ),
            ("far from the district centre", "near the district centre"),
        ),
        Indicator::Passport(PassportField::LowIncomePct) => pair(
            (
                "высокая доля малообеспеченных семей",
                "низкая доля малообеспеченных семей",
            ),
            ("many low-income families", "few low-income families"),
        ),
        Indicator::Passport(PassportField::SingleParentPct) => pair(
            ("много неполных семей", "мало неполных семей"),
            ("many single-parent families", "few single-parent families"),
        ),
        Indicator::Passport(PassportField::ParentsHigherEdPct) => pair(
            (
                "много родителей с высшим образованием",
                "мало родителей с высшим образованием",
            ),
            (
                "many parents with higher education",
                "few parents with higher education",
            ),
        ),
        Indicator::Passport(PassportField::DisabilityPct) => pair(
            ("много обучающихся с ОВЗ", "мало обучающихся с ОВЗ"),
            (
                "many students with disabilities",
                "few students with disabilities",
            ),
        ),
        Indicator::Passport(PassportField::NonNativePct) => pair(
            (
                "много детей с неродным русским языком",
                "мало детей с неродным русским языком",
            ),
            (
                "many non-native Russian speakers",
                "few non-native Russian speakers",
            ),
        ),
        other => {
            let name = other.name(lang);
            match lang {
                Lang::Ru => (
                    format!("«{name}» выше среднего"),
                    format!("«{name}» ниже среднего"),
                ),
                Lang::En => (
                    format!("\"{name}\" above average"),
                    format!("\"{name}\" below average"),
                ),
            }
        }
    }
}

/// A group in words, from how far its mean of each context indicator is
/// from the district's (in district standard deviations, `(indicator, z)`):
/// the side of the school-kind split, then up to [`DESCRIPTION_TERMS`]
/// indicators at least [`DISTINCTIVE`] away, the farthest first.
pub fn group_description(tier: Option<Tier>, distances: &[(Indicator, f64)], lang: Lang) -> String {
    let mut terms: Vec<String> = Vec::new();
    if let Some(Tier::UpToBasic) = tier {
        terms.push(
            lang.pick("начальные и основные школы", "primary and basic schools")
                .to_owned(),
        );
    }
    let mut far: Vec<&(Indicator, f64)> = distances
        .iter()
        .filter(|(_, z)| z.abs() >= DISTINCTIVE)
        .collect();
    far.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
    for (indicator, z) in far.into_iter().take(DESCRIPTION_TERMS) {
        let (above, below) = above_below(indicator, lang);
        terms.push(if *z > 0.0 { above } else { below });
    }
    if terms.is_empty() {
        return lang
            .pick(
                "Условия, обычные для района",
                "Conditions typical of the district",
            )
            .to_owned();
    }
    let text = terms.join(", ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(x: f64, places: usize, ru: &str, en: &str) {
        assert_eq!(decimal(x, places, Lang::Ru), ru);
        assert_eq!(decimal(x, places, Lang::En), en);
    }

    #[test]
    fn decimals_follow_the_language() {
        check(1.234, 2, "1,23", "1.23");
        check(-0.5, 1, "-0,5", "-0.5");
        check(-0.0001, 2, "0,00", "0.00");
        check(12.0, 0, "12", "12");
    }

    fn describe(tier: Option<Tier>, distances: &[(Indicator, f64)], ru: &str, en: &str) {
        assert_eq!(group_description(tier, distances, Lang::Ru), ru);
        assert_eq!(group_description(tier, distances, Lang::En), en);
    }

    #[test]
    fn a_group_is_described_by_its_farthest_conditions() {
        let low_income = Indicator::Passport(PassportField::LowIncomePct);
        let distance = Indicator::Passport(PassportField::DistanceToCentreKm);
        describe(
            None,
            &[
                (Indicator::LogStudents, -1.2),
                (low_income.clone(), 0.7),
                (distance.clone(), 1.9),
                (Indicator::Rural, 0.3),
            ],
            "Удалённые от районного центра, малые, высокая доля малообеспеченных семей",
            "Far from the district centre, small, many low-income families",
        );
        // At most three terms; the basic side is named first.
        describe(
            Some(Tier::UpToBasic),
            &[
                (Indicator::LogStudents, 0.6),
                (Indicator::Rural, -0.9),
                (low_income, -0.55),
                (distance, 2.0),
            ],
            "Начальные и основные школы, удалённые от районного центра, городские, крупные",
            "Primary and basic schools, far from the district centre, urban, large",
        );
        describe(
            Some(Tier::FullSecondary),
            &[(Indicator::LogStudents, 0.49)],
            "Условия, обычные для района",
            "Conditions typical of the district",
        );
    }
}
