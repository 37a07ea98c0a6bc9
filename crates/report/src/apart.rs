//! The page's lists apart from the low schools: those low in the chosen grouping but not
//! robustly (borderline), and those whose ВПР results show signs of not being objective.

use std::fmt::Write as _;

use advise::Status;
use model::Lang;

use crate::doc::{joined, Results, SchoolDoc};
use crate::html::esc;
use crate::sheets;

/// The schools low in the chosen grouping but not robustly: a list apart, with why, to be
/// checked before the office acts on them.
pub(crate) fn borderline_schools(h: &mut String, results: &Results, lang: Lang) {
    let borderline: Vec<&SchoolDoc> = sheets::ranked_order(results)
        .into_iter()
        .filter(|s| s.status == Some(Status::Borderline))
        .collect();
    if borderline.is_empty() {
        return;
    }
    let _ = write!(
        h,
        "<h3 id=\"borderline\">{}</h3><p>{}</p><ul>",
        lang.pick("На границе: требуют проверки", "Borderline: to be checked"),
        lang.pick(
            "Эти школы внизу своей группы, но не при других разумных способах сравнения: \
             пары им не подбираются, их положение стоит проверить на месте.",
            "These schools are at the bottom of their group, but not under other reasonable \
             ways of comparing: no base school is assigned; their standing should be checked \
             on the ground.",
        )
    );
    for s in borderline {
        item(h, s, &joined(&s.reasons), lang);
    }
    h.push_str("</ul>");
}

/// The schools with signs of non-objective ВПР results, with the evidence: never base
/// schools, their standing to be read with caution.
pub(crate) fn doubtful_schools(h: &mut String, results: &Results, lang: Lang) {
    let doubtful: Vec<(&SchoolDoc, &str)> = sheets::ranked_order(results)
        .into_iter()
        .filter_map(|s| {
            let c = s.results_check.as_ref()?;
            (!c.signs.is_empty()).then_some((s, c.caution.as_str()))
        })
        .collect();
    if doubtful.is_empty() {
        return;
    }
    let _ = write!(
        h,
        "<h3 id=\"doubtful\">{}</h3><p>{}</p><ul>",
        lang.pick(
            "Признаки необъективности результатов ВПР",
            "Signs of non-objective VPR results"
        ),
        lang.pick(
            "Результаты ВПР этих школ не подтверждаются независимыми экзаменами (ОГЭ, ЕГЭ) или \
             их ученики скапливаются ровно на границах отметок. Базовыми они не назначаются, их \
             место в группе — с оговоркой; проверка — на месте (docs/method.md).",
            "These schools' VPR results are not confirmed by the independent exams (OGE, EGE), \
             or their pupils crowd exactly onto the marks' thresholds. They are not made base \
             schools, and their standing is read with caution; to be checked on the ground \
             (docs/method.md).",
        )
    );
    for (s, caution) in doubtful {
        item(h, s, caution, lang);
    }
    h.push_str("</ul>");
}

/// One school of a list: its name, id and group, and what is said of it.
fn item(h: &mut String, s: &SchoolDoc, said: &str, lang: Lang) {
    let _ = write!(
        h,
        "<li>{} ({}: {}, {} {}): {}</li>",
        esc(&s.name),
        lang.pick("код", "ID"),
        esc(&s.school_id),
        lang.pick("группа", "group"),
        s.peer_group.unwrap_or(0),
        esc(said)
    );
}
