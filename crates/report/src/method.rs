//! The method in plain words for the page: what the groups are, what a school's place follows,
//! and what low, stably low, sliding, borderline and base mean, with this run's thresholds, and
//! how to read the map and what its axes are made of, so that the reader needs no other
//! document.

use model::Lang;

use serde::Serialize;

use crate::doc::Results;
use crate::text::decimal;

/// The method in brief, as this run's parameters set it.
pub(crate) fn method_text(results: &Results, lang: Lang) -> String {
    let p = &results.manifest.parameters;
    let adjusted = if p.compare == "adjusted" {
        lang.pick(
            " с поправкой на условия: у каждой школы есть ожидаемый результат — тот, который по \
             району показывают школы с такими же условиями (город или село, доля малообеспеченных \
             семей, численность и другие; в таблицах указано, какие условия сильнее всего \
             подняли или опустили ожидание). Место в группе определяет разница между \
             результатом школы и ожидаемым: «результат с учётом условий»; столбики на \
             диаграммах и места в таблицах следуют именно ей",
            " adjusted for its conditions: each school has an expected result, the one that \
             schools with the same conditions show across the district (town or village, the \
             share of low-income families, size and the rest; the tables say which conditions \
             raised or lowered it most). A school's place in its group follows the difference \
             between its result and the expected one, the \"result against its conditions\"; \
             the bars of the charts and the ranks of the tables follow it",
        )
    } else {
        ""
    };
    let capacity = match (p.base_capacity, lang) {
        (1, Lang::Ru) => "одной школы".to_owned(),
        (c, Lang::Ru) => format!("{c} школ"),
        (1, Lang::En) => "one school".to_owned(),
        (c, Lang::En) => format!("{c} schools"),
    };
    match lang {
        Lang::Ru => format!(
            "Школы объединены в группы по условиям, которые они не выбирают (размер, доход и \
             образование семей, удалённость). Внутри группы школы сравниваются по композитному \
             результату экзаменов{adjusted}. Школа с низкими результатами — в нижней части своей \
             группы, когда и верхняя граница её 95% интервала ниже медианы группы. Каждой такой \
             школе подобрана базовая школа своей группы (точное назначение наименьшей стоимости, \
             не больше {capacity} на базовую)."
        ),
        Lang::En => format!(
            "Schools are grouped by the conditions they do not choose (size, families' income and \
             education, remoteness). Within a group, schools are compared on the composite exam \
             result{adjusted}. A school has low results when it is at the bottom of its group and \
             even the top of its 95% interval is below the group median. Each is given a base \
             school of its group (an exact least-cost assignment, at most {capacity} per base \
             school)."
        ),
    }
}

/// Each status in one sentence, with the run's thresholds: `(term, meaning)`.
pub(crate) fn definitions(results: &Results, lang: Lang) -> Vec<(&'static str, String)> {
    let p = &results.manifest.parameters;
    let pct = |x: f64| decimal(100.0 * x, 0, lang);
    let d = |x: f64| decimal(x, 2, lang);
    match lang {
        Lang::Ru => vec![
            ("Группа", "школы, чьи условия (размер, семьи, удалённость, вид школы) ближе всего друг к другу; школу сравнивают только с ними.".to_owned()),
            ("Низкие результаты", format!("школа в нижних {}% своей группы, ниже медианы группы больше чем на {} стандартного отклонения, и даже верхняя граница её 95% интервала ниже медианы (случайный разброс малой школы этого не объясняет).", pct(p.bottom_share), d(p.low_gap))),
            ("Устойчиво низкие", format!("низкие результаты и по отдельным годам — не меньше чем в {} из последних {} лет.", p.stable_years, p.stable_window)),
            ("Снижающиеся", format!("не низкие, но результаты за последние годы падают не медленнее {} стандартного отклонения в год (сверх случайных колебаний), и последний год ниже медианы группы.", d(p.slide_rate))),
            ("На границе", format!("низкие в выбранных группах, но меньше чем в {}% других разумных вариантов группировки: требует проверки, базовая школа не назначается.", pct(p.min_robustness))),
            ("Базовая школа", format!("в верхних {}% своей группы, выше медианы группы и медианы района (лучшая в слабой группе — ещё не образец), без признаков необъективности ВПР; помогает не больше чем {} школам.", pct(p.top_share), p.base_capacity)),
        ],
        Lang::En => vec![
            ("Group", "the schools whose conditions (size, families, remoteness, kind of school) are closest to each other; a school is compared with them alone.".to_owned()),
            ("Low results", format!("in the bottom {}% of its group, below the group median by more than {} standard deviations, and even the top of its 95% interval below the median (a small school's chance spread does not explain it).", pct(p.bottom_share), d(p.low_gap))),
            ("Stably low", format!("low results in single years too, in at least {} of the last {} years.", p.stable_years, p.stable_window)),
            ("Sliding", format!("not low, but results falling by at least {} standard deviations a year over recent years (beyond chance), the latest year below the group median.", d(p.slide_rate))),
            ("Borderline", format!("low in the chosen groups but in fewer than {}% of the other reasonable groupings: to be checked, no base school is given.", pct(p.min_robustness))),
            ("Base school", format!("in the top {}% of its group, above the group's and the district's median (the best of a weak group is not yet a model), with no sign of non-objective VPR results; it helps at most {} schools.", pct(p.top_share), p.base_capacity)),
        ],
    }
}

/// A map axis in words: its share of the differences in conditions and the conditions it is
/// made of (the `terms` heaviest), each with the way it grows (`+` more of it, `−` less).
pub(crate) fn map_axis(results: &Results, axis: usize, terms: usize, lang: Lang) -> String {
    let share = decimal(100.0 * results.map_explained[axis], 0, lang);
    let terms: Vec<String> = (results.map_axes[axis].iter().take(terms))
        .map(|t| {
            let name = results
                .indicator_names
                .get(&t.indicator)
                .unwrap_or(&t.indicator);
            format!("{}{name}", if t.loading >= 0.0 { "+" } else { "−" })
        })
        .collect();
    let head = match (axis, lang) {
        (0, Lang::Ru) => format!("Первая ось условий ({share}% различий)"),
        (_, Lang::Ru) => format!("Вторая ось условий ({share}%)"),
        (0, Lang::En) => format!("First axis of conditions ({share}% of differences)"),
        (_, Lang::En) => format!("Second axis of conditions ({share}%)"),
    };
    match terms.is_empty() {
        true => head,
        false => format!("{head}: {}", terms.join(", ")),
    }
}

/// How to read the map: its points, or its density above [`crate::chart::DOTS_UP_TO`] schools.
pub(crate) fn map_reading(results: &Results, lang: Lang) -> &'static str {
    let placed = (results.schools.iter()).filter(|s| s.map_position.is_some());
    if placed.count() <= crate::chart::DOTS_UP_TO {
        return lang.pick(
            "Школы на карте условий (главные компоненты): близкие точки — сходные условия; \
             линии соединяют пары.",
            "Schools on the map of conditions (principal components): close points, alike \
             conditions; lines join the pairs.",
        );
    }
    lang.pick(
        "Школы на карте условий (главные компоненты): близкие места — сходные условия; цвет — \
         группа, чем темнее, тем больше в этом месте школ; поверх — школы с низкими \
         результатами и базовые школы пар; линии соединяют пары внутри группы (пары между \
         группами — в pairs.csv).",
        "Schools on the map of conditions (principal components): close places, alike \
         conditions; the colour is the group, darker where more schools are; on top, the low \
         schools and the pairs' base schools; lines join the pairs within a group (pairs \
         across groups are in pairs.csv).",
    )
}

/// A condition a map axis is made of.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MapTermDoc {
    /// The context indicator's code.
    pub indicator: String,
    /// Its loading on the axis (−1 to 1; positive: the axis grows with it).
    pub loading: f64,
}
