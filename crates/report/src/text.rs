//! Every sentence the analyst reads about a decision, in Russian or English.

use advise::{PairReason, Reason, Status};
use features::{ExclusionReason, Note};
use ingest::Lang;

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

pub fn status_label(status: Option<Status>, lang: Lang) -> &'static str {
    match status {
        Some(Status::Low) => lang.pick("низкие результаты", "low results"),
        Some(Status::Base) => lang.pick("базовая", "base"),
        Some(Status::Regular) => lang.pick("—", "—"),
        None => lang.pick("исключена", "excluded"),
    }
}

/// A machine code and a sentence.
#[derive(Debug)]
pub struct Said {
    pub code: &'static str,
    pub text: String,
}

pub fn reason(r: &Reason, lang: Lang) -> Said {
    match *r {
        Reason::BottomOfGroup { rank, size } => Said {
            code: "bottom_of_group",
            text: match lang {
                Lang::Ru => format!("{rank}-е место из {size} в группе (нижняя часть списка)"),
                Lang::En => format!("ranked {rank} of {size} in the group (bottom of the list)"),
            },
        },
        Reason::BelowMedian { gap, threshold } => Said {
            code: "below_group_median",
            text: match lang {
                Lang::Ru => format!(
                    "ниже медианы группы на {} (порог {})",
                    decimal(gap, 2, lang),
                    decimal(threshold, 2, lang)
                ),
                Lang::En => format!(
                    "below the group median by {} (threshold {})",
                    decimal(gap, 2, lang),
                    decimal(threshold, 2, lang)
                ),
            },
        },
        Reason::TopOfGroup { rank, size } => Said {
            code: "top_of_group",
            text: match lang {
                Lang::Ru => format!("{rank}-е место из {size} в группе (верхняя часть списка)"),
                Lang::En => format!("ranked {rank} of {size} in the group (top of the list)"),
            },
        },
        Reason::AboveMedian { gap } => Said {
            code: "above_group_median",
            text: match lang {
                Lang::Ru => format!("выше медианы группы на {}", decimal(gap, 2, lang)),
                Lang::En => format!("above the group median by {}", decimal(gap, 2, lang)),
            },
        },
    }
}

pub fn pair_reason(r: &PairReason, lang: Lang) -> Said {
    match *r {
        PairReason::SameGroup { group } => Said {
            code: "same_group",
            text: match lang {
                Lang::Ru => format!("та же группа сходных условий ({})", group + 1),
                Lang::En => format!("same peer group ({})", group + 1),
            },
        },
        PairReason::OtherGroup { base_group } => Said {
            code: "other_group",
            text: match lang {
                Lang::Ru => format!(
                    "в группе нет базовой школы; взята ближайшая из группы {}",
                    base_group + 1
                ),
                Lang::En => format!(
                    "the group has no base school; the nearest one from group {} was taken",
                    base_group + 1
                ),
            },
        },
        PairReason::ScoreAdvantage { difference } => Said {
            code: "score_advantage",
            text: match lang {
                Lang::Ru => format!("результат выше на {}", decimal(difference, 2, lang)),
                Lang::En => format!("result higher by {}", decimal(difference, 2, lang)),
            },
        },
        PairReason::MostSimilar { distance } => Said {
            code: "most_similar",
            text: match lang {
                Lang::Ru => format!(
                    "самая близкая по условиям из свободных базовых школ (расстояние {})",
                    decimal(distance, 2, lang)
                ),
                Lang::En => format!(
                    "the closest in conditions of the base schools with free capacity (distance {})",
                    decimal(distance, 2, lang)
                ),
            },
        },
        PairReason::OverCapacity { load, capacity } => Said {
            code: "over_capacity",
            text: match lang {
                Lang::Ru => format!(
                    "все базовые школы группы заняты; нагрузка {load} при норме {capacity}"
                ),
                Lang::En => format!(
                    "every base school of the group is full; load {load} against a limit of {capacity}"
                ),
            },
        },
    }
}

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
}
