//! A low school's diagnosis as a plan, the card's core: at most three causes, the most harmful
//! first, each with what to do about it; the subjects without a teacher; the three subjects with
//! the most to gain to the group median; the base school's mentors by name, one row each. The
//! full diagnosis is in the workbook.

use std::fmt::Write as _;

use model::Lang;

use crate::doc::{DiagnosisDoc, MentorDoc};
use crate::html::{esc, table_head};
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
        "<h4>{}</h4>",
        lang.pick("Где прибавить больше всего", "Where there is most to gain")
    );
    let headers = [
        lang.pick("Предмет", "Subject"),
        lang.pick("Средний балл", "Mean score"),
        lang.pick("Медиана группы", "Group median"),
        lang.pick("Прирост до медианы", "Gain to the median"),
        lang.pick("Прирост до верхней четверти", "Gain to the top quarter"),
    ];
    table_head(h, "", headers);
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

/// A person as `name (staff id)`, or the staff id alone.
fn full_person(name: Option<&str>, id: &str) -> String {
    name.map_or_else(|| id.to_owned(), |name| format!("{name} ({id})"))
}

/// A pair's mentors as `mentor → mentee (subject)`, separated by `; `.
pub(crate) fn mentors_text(mentors: &[MentorDoc]) -> String {
    let each = |m: &MentorDoc| {
        let mentor = full_person(m.mentor_name.as_deref(), &m.mentor_staff_id);
        let mentee = full_person(m.mentee_name.as_deref(), &m.mentee_staff_id);
        format!("{mentor} → {mentee} ({})", m.subject)
    };
    mentors.iter().map(each).collect::<Vec<_>>().join("; ")
}

/// Mentors a card names at most (so that it prints on one page); pairs.csv has them all.
const MENTORS: usize = 12;

/// A name as a card writes it: the surname and initials (`Иванова Анна Петровна` → `Иванова А. П.`).
fn short_name(full: &str) -> String {
    let mut words = full.split_whitespace();
    let surname = words.next().unwrap_or_default().to_owned();
    words.fold(surname, |name, word| match word.chars().next() {
        Some(first) => format!("{name} {first}."),
        None => name,
    })
}

/// A person on a card: the short name and the staff code, or the code alone.
fn person(name: Option<&str>, id: &str) -> String {
    full_person(name.map(short_name).as_deref(), id)
}

/// The base school's mentors of the low school's young teachers, one row each, the school's weak
/// subjects first (in bold), at most [`MENTORS`] of them.
pub(crate) fn mentors(h: &mut String, mentors: &[MentorDoc], lang: Lang) {
    if mentors.is_empty() {
        return;
    }
    let mut rows: Vec<&MentorDoc> = mentors.iter().collect();
    rows.sort_by(|a, b| (!a.weak_subject, &a.subject).cmp(&(!b.weak_subject, &b.subject)));
    let _ = write!(
        h,
        "<h4>{} ({})</h4>",
        lang.pick(
            "Наставники молодых учителей",
            "Mentors of the young teachers"
        ),
        mentors.len()
    );
    let headers = [
        lang.pick("Предмет", "Subject"),
        lang.pick("Наставник (базовая школа)", "Mentor (base school)"),
        lang.pick("Молодой учитель", "Young teacher"),
    ];
    table_head(h, " class=\"mentors\"", headers);
    for m in rows.iter().take(MENTORS) {
        let subject = match m.weak_subject {
            true => format!("<b>{}</b>", esc(&m.subject)),
            false => esc(&m.subject),
        };
        let _ = write!(
            h,
            "<tr><td>{subject}</td><td>{}</td><td>{}</td></tr>",
            esc(&person(m.mentor_name.as_deref(), &m.mentor_staff_id)),
            esc(&person(m.mentee_name.as_deref(), &m.mentee_staff_id))
        );
    }
    let more = rows.len().saturating_sub(MENTORS);
    let said = match (more, lang) {
        (0, Lang::Ru) => String::new(),
        (0, Lang::En) => String::new(),
        (n, Lang::Ru) => format!(" Ещё {n} — в pairs.csv и results.xlsx (лист «Пары»)."),
        (n, Lang::En) => format!(" {n} more in pairs.csv and results.xlsx (sheet \"Pairs\")."),
    };
    let _ = write!(
        h,
        "</tbody></table><p class=\"more\">{}{}</p>",
        esc(lang.pick(
            "Жирным — предметы, в которых у школы низкие результаты.",
            "In bold: the subjects of the school's weak results.",
        )),
        esc(&said)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_writes_a_surname_and_initials_beside_the_code() {
        assert_eq!(short_name("Иванова Анна Петровна"), "Иванова А. П.");
        assert_eq!(short_name("  Smith   John "), "Smith J.");
        assert_eq!(short_name("Кузнецов"), "Кузнецов");
        assert_eq!(
            person(Some("Иванова Анна Петровна"), "T1"),
            "Иванова А. П. (T1)"
        );
        assert_eq!(person(None, "T1"), "T1");
    }
}
