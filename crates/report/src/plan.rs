//! A low school's diagnosis as a plan, the card's core: at most three causes, the most harmful
//! first, each with what to do about it; the subjects without a teacher; the three subjects with
//! the most to gain to the group median. The full diagnosis is in the workbook.

use std::fmt::Write as _;

use model::Lang;

use crate::doc::DiagnosisDoc;
use crate::html::esc;
use crate::text::decimal;

/// Causes a plan names at most.
const CAUSES: usize = 3;

/// Subjects a plan names at most.
const SUBJECTS: usize = 3;

/// What to do about a cause, by its indicator's code.
fn action(code: &str, lang: Lang) -> &'static str {
    match code {
        "young_teachers_pct" => lang.pick(
            "закрепить за молодыми учителями наставников базовой школы (они названы ниже)",
            "give the young teachers mentors of the base school (named below)",
        ),
        "highest_category_pct" | "first_category_pct" => lang.pick(
            "план аттестации и повышения квалификации; открытые уроки в базовой школе",
            "a plan of certification and training; open lessons at the base school",
        ),
        "teachers_60_plus_pct" => lang.pick(
            "готовить смену: молодые учителя с наставниками, пока опытные ещё работают",
            "prepare the next teachers: young ones with mentors while the experienced still teach",
        ),
        "students_per_teacher" | "vacancies" => lang.pick(
            "закрыть вакансии; до тех пор — сетевое обучение с базовой школой",
            "fill the vacancies; until then, teaching through the network with the base school",
        ),
        "subjects_without_teacher" => lang.pick(
            "найти учителя или вести предмет сетевой формой с базовой школой",
            "find a teacher, or teach the subject through the network with the base school",
        ),
        _ => lang.pick(
            "разобрать причину вместе с базовой школой",
            "work the cause through with the base school",
        ),
    }
}

/// The plan of a low school, from its diagnosis.
pub(crate) fn plan(h: &mut String, d: &DiagnosisDoc, lang: Lang) {
    let _ = write!(
        h,
        "<h4>{}</h4><ol class=\"plan\">",
        lang.pick("План", "Plan")
    );
    // The sentences begin with the causes', in the same order.
    for (cause, sentence) in d.causes.iter().zip(&d.text).take(CAUSES) {
        let _ = write!(
            h,
            "<li><b>{}</b> — {}</li>",
            esc(sentence),
            esc(action(&cause.indicator, lang))
        );
    }
    if !d.no_teacher.is_empty() {
        let _ = write!(
            h,
            "<li><b>{}: {}</b> — {}</li>",
            esc(lang.pick("нет учителя", "no teacher of")),
            esc(&d.no_teacher.join(", ")),
            esc(action("subjects_without_teacher", lang))
        );
    }
    h.push_str("</ol>");
    subjects(h, d, lang);
    let _ = write!(
        h,
        "<p class=\"more\">{}</p>",
        esc(&match lang {
            Lang::Ru => format!(
                "Полная диагностика ({} пунктов) — в results.xlsx, лист «Диагностика».",
                d.text.len()
            ),
            Lang::En => format!(
                "The full diagnosis ({} findings) is in results.xlsx, sheet \"Diagnosis\".",
                d.text.len()
            ),
        })
    );
}

/// The weak subjects with the most to gain to the group median.
fn subjects(h: &mut String, d: &DiagnosisDoc, lang: Lang) {
    let mut weak: Vec<_> = d.subjects.iter().filter(|g| g.weak).collect();
    weak.sort_by(|a, b| {
        let gain = |g: &&crate::doc::SubjectGapDoc| g.gain_to_median.unwrap_or(0.0);
        gain(b).total_cmp(&gain(a))
    });
    if weak.is_empty() {
        return;
    }
    let _ = write!(
        h,
        "<h4>{}</h4><table><thead><tr>",
        lang.pick("Где прибавить больше всего", "Where there is most to gain")
    );
    for header in [
        lang.pick("Предмет", "Subject"),
        lang.pick("Средний балл", "Mean score"),
        lang.pick("Медиана группы", "Group median"),
        lang.pick("Прирост до медианы", "Gain to the median"),
        lang.pick("Прирост до верхней четверти", "Gain to the top quarter"),
    ] {
        let _ = write!(h, "<th>{}</th>", esc(header));
    }
    h.push_str("</tr></thead><tbody>");
    let num = |x: Option<f64>| x.map(|v| decimal(v, 1, lang)).unwrap_or_default();
    for g in weak.into_iter().take(SUBJECTS) {
        let _ = write!(
            h,
            "<tr><td>{} {}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(g.exam),
            esc(&g.subject),
            num(g.points),
            num(g.group_median_points),
            num(g.gain_to_median),
            num(g.gain_to_top_quarter)
        );
    }
    h.push_str("</tbody></table>");
}
