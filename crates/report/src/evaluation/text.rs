//! Stage 5 in words: the programme's verdict in one sentence with its uncertainty and why the
//! naive before/after figure differs, and why a school or an estimate is missing.

use advise::EvaluationError;
use model::Lang;

use super::doc::{EstimateDoc, VerdictDoc, YearsAfterDoc};
use crate::text::decimal;

/// "1 год", "2 года", "5 лет" / "1 year", "2 years".
pub(crate) fn years_word(n: u16, lang: Lang) -> String {
    match lang {
        Lang::En if n == 1 => "1 year".into(),
        Lang::En => format!("{n} years"),
        Lang::Ru => {
            let word = match (n % 10, n % 100) {
                (_, 11..=14) => "лет",
                (1, _) => "год",
                (2..=4, _) => "года",
                _ => "лет",
            };
            format!("{n} {word}")
        }
    }
}

/// An estimate as "0,31 (95% интервал от 0,12 до 0,50)".
pub(crate) fn estimate_text(e: &EstimateDoc, lang: Lang) -> String {
    let d = |x: f64| decimal(x, 2, lang);
    match lang {
        Lang::Ru => format!(
            "{} (95% интервал от {} до {})",
            d(e.value),
            d(e.low),
            d(e.high)
        ),
        Lang::En => format!(
            "{} (95% interval {} to {})",
            d(e.value),
            d(e.low),
            d(e.high)
        ),
    }
}

/// The verdict: on the final evaluation (three years on) when the data reach it, else on the
/// latest years on that have an estimate.
pub(crate) fn verdict(district: &[YearsAfterDoc], lang: Lang) -> VerdictDoc {
    let Some(at) = district.iter().rev().find(|d| d.effect.is_some()) else {
        return VerdictDoc {
            stage: "none",
            years_after: None,
            effect: None,
            naive: None,
            conclusion: "none",
            text: lang
                .pick(
                    "Оценить программу пока нельзя: нет поддержанных школ с результатами до и после \
                     начала работы пар и достаточного числа школ для сравнения.",
                    "The programme cannot be evaluated yet: no supported school has results both \
                     before and after its pair began, with enough schools to compare.",
                )
                .into(),
        };
    };
    let (effect, naive) = (at.effect.unwrap_or(ZERO), at.naive.unwrap_or(ZERO));
    let conclusion = if effect.low > 0.0 {
        "helped"
    } else if effect.high < 0.0 {
        "fell_behind"
    } else {
        "no_difference"
    };
    let is_final = at.years_after >= advise::FINAL_YEARS;
    VerdictDoc {
        stage: if is_final { "final" } else { "intermediate" },
        years_after: Some(at.years_after),
        effect: Some(effect),
        naive: Some(naive),
        conclusion,
        text: sentence(at, conclusion, is_final, lang),
    }
}

const ZERO: EstimateDoc = EstimateDoc {
    value: 0.0,
    low: 0.0,
    high: 0.0,
};

/// The verdict's sentence.
fn sentence(at: &YearsAfterDoc, conclusion: &str, is_final: bool, lang: Lang) -> String {
    let (effect, naive) = (at.effect.unwrap_or(ZERO), at.naive.unwrap_or(ZERO));
    let (years, n) = (years_word(at.years_after, lang), at.supported);
    let (e, v) = (estimate_text(&effect, lang), estimate_text(&naive, lang));
    match lang {
        Lang::Ru => {
            let stage = if is_final {
                "Итоговая оценка"
            } else {
                "Промежуточная оценка"
            };
            let said = match conclusion {
                "helped" => "помощь дала больше, чем школы достигли бы сами",
                "fell_behind" => "поддержанные школы отстали от сопоставимых",
                _ => "отличить эффект от нуля нельзя: доказать, что помощь подействовала, пока нельзя",
            };
            format!(
                "{stage} через {years}: поддержанные школы ({n}) изменили сравниваемый результат на \
                 {e} относительно сопоставимых школ без поддержки — {said}. Простое сравнение «до и \
                 после» дало бы {v}: школы, выбранные за низкий результат, и сами поднимаются на \
                 следующий год (возврат к среднему), поэтому сравнивать нужно с такими же школами."
            )
        }
        Lang::En => {
            let stage = if is_final {
                "Final evaluation"
            } else {
                "Intermediate evaluation"
            };
            let said = match conclusion {
                "helped" => "the help did more than the schools would have done on their own",
                "fell_behind" => "the supported schools fell behind comparable ones",
                _ => "the effect cannot be told from zero: that the help worked is not shown yet",
            };
            format!(
                "{stage} {years} on: the supported schools ({n}) changed their compared result by \
                 {e} against comparable schools without support — {said}. A naive before/after \
                 comparison would give {v}: schools chosen for a low result rise on their own the \
                 next year (regression to the mean), so they must be compared with schools like them."
            )
        }
    }
}

/// Why there is no estimate.
pub(crate) fn error(e: &EvaluationError, lang: Lang) -> String {
    match (e, lang) {
        (EvaluationError::TooFewComparisons { found }, Lang::Ru) => format!(
            "школ для сравнения с результатами до и после: {found}, нужно не менее {}",
            advise::MIN_COMPARISONS
        ),
        (EvaluationError::NothingToEvaluate, Lang::Ru) => {
            "нет поддержанных школ с результатами до и после".into()
        }
        (EvaluationError::LengthMismatch, Lang::Ru) => "внутренняя ошибка оценки".into(),
        (e, Lang::En) => e.to_string(),
    }
}

/// Why a supported school was not evaluated, by its code.
pub(crate) fn reason(code: &str, cohort: u16, lang: Lang) -> String {
    match (code, lang) {
        ("not_in_data", Lang::Ru) => {
            "школы нет в данных (закрыта, объединена или сменила код)".into()
        }
        ("not_in_data", Lang::En) => "not in the data (closed, merged or renumbered)".into(),
        ("excluded", Lang::Ru) => "школа исключена из расчёта (см. команду run)".into(),
        ("excluded", Lang::En) => "excluded from the analysis (see the run command)".into(),
        ("no_baseline", Lang::Ru) => format!("нет результатов {cohort} года (года начала пары)"),
        ("no_baseline", Lang::En) => format!("no results for {cohort}, the pair's first year"),
        ("too_few_comparisons", Lang::Ru) => {
            format!(
                "мало школ для сравнения (нужно не менее {})",
                advise::MIN_COMPARISONS
            )
        }
        ("too_few_comparisons", Lang::En) => {
            format!(
                "too few schools to compare with ({} needed)",
                advise::MIN_COMPARISONS
            )
        }
        (_, Lang::Ru) => format!("нет результатов после {cohort} года: оценивать пока рано"),
        (_, Lang::En) => format!("no results after {cohort} yet: too early to evaluate"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_are_declined() {
        let ru = |n| years_word(n, Lang::Ru);
        assert_eq!(
            [ru(1), ru(2), ru(3), ru(5), ru(11), ru(21)],
            ["1 год", "2 года", "3 года", "5 лет", "11 лет", "21 год"]
        );
        assert_eq!(years_word(1, Lang::En), "1 year");
    }

    #[test]
    fn the_verdict_follows_the_interval() {
        let at = |low: f64, high: f64| YearsAfterDoc {
            years_after: 3,
            supported: 30,
            comparisons: 250,
            effect: Some(EstimateDoc {
                value: (low + high) / 2.0,
                low,
                high,
            }),
            naive: Some(EstimateDoc {
                value: 0.5,
                low: 0.3,
                high: 0.7,
            }),
            reason: None,
        };
        assert_eq!(verdict(&[at(0.1, 0.5)], Lang::Ru).conclusion, "helped");
        assert_eq!(
            verdict(&[at(-0.1, 0.5)], Lang::Ru).conclusion,
            "no_difference"
        );
        assert_eq!(
            verdict(&[at(-0.5, -0.1)], Lang::Ru).conclusion,
            "fell_behind"
        );
        let v = verdict(&[at(0.1, 0.5)], Lang::Ru);
        assert_eq!((v.stage, v.years_after), ("final", Some(3)));
        assert!(v.text.contains("возврат к среднему"), "{}", v.text);
        assert_eq!(verdict(&[], Lang::En).stage, "none");
    }
}
