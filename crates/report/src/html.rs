//! report.html: one self-contained page for the head of the education office:
//! inline SVG and CSS, no script, no network; prints cleanly to PDF.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use advise::Status;
use model::Lang;

use crate::chart::{school_part, Figure};
use crate::doc::{joined, Results, SchoolDoc};
use crate::sheet::{Sheet, Tone, Value};
use crate::sheets;
use crate::text::{decimal, status_label};

pub(crate) const STYLE: &str = r#"
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; line-height: 1.4; padding: 0 1em; }
h1 { font-size: 1.7em; margin-bottom: .2em; }
h2 { border-bottom: 2px solid #4a6fa5; padding-bottom: .2em; margin-top: 2em; }
h3 { margin-bottom: .3em; }
nav ol { columns: 2; }
figure { margin: 1em 0; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { font-size: .9em; color: #555; }
table { border-collapse: collapse; margin: .8em 0; font-size: .85em; width: 100%; }
th, td { border: 1px solid #ccc; padding: .25em .45em; vertical-align: top; }
th { background: #d9e2f3; text-align: left; }
td.n { text-align: right; white-space: nowrap; }
.summary { background: #f3f6fb; border-left: 4px solid #4a6fa5; padding: .6em 1em; }
.warn { color: #8a4b00; }
article.school { border: 1px solid #ddd; border-radius: 4px; padding: .2em 1em 1em; margin: 1.2em 0; }
.charts { display: flex; flex-wrap: wrap; gap: 1em; }
.charts figure { flex: 1 1 420px; }
.narrow { max-width: 720px; }
p.find input, p.find select { font: inherit; padding: .2em .4em; }
#find-q { width: 22em; }
dl.terms { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; }
dl.terms dt { font-weight: bold; }
dl.terms dd { margin: 0; }
@media print {
  body { max-width: none; margin: 0; }
  nav { display: none; }
  section.group, article.school, figure { break-inside: avoid-page; }
  h2 { break-after: avoid-page; }
}
"#;

pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

fn tone_style(tone: Option<Tone>) -> String {
    tone.map(|t| format!(" style=\"background:#{:06x}\"", t.rgb()))
        .unwrap_or_default()
}

/// Opens a table (with `attributes`, e.g. ` id="…"`, or none) with its header row.
pub(crate) fn table_head<'a>(
    h: &mut String,
    attributes: &str,
    headers: impl IntoIterator<Item = &'a str>,
) {
    let _ = write!(h, "<table{attributes}><thead><tr>");
    for header in headers {
        let _ = write!(h, "<th>{}</th>", esc(header));
    }
    h.push_str("</tr></thead><tbody>");
}

/// A sheet as an HTML table; `keep` chooses the columns by position.
pub(crate) fn table(sheet: &Sheet, keep: &[usize], lang: Lang) -> String {
    let comma = lang == Lang::Ru;
    let mut html = String::new();
    table_head(
        &mut html,
        "",
        keep.iter().map(|&c| sheet.headers[c].as_str()),
    );
    for row in &sheet.rows {
        html.push_str("<tr>");
        for &c in keep {
            let cell = &row[c];
            let class = match cell.value {
                Value::Int(_) | Value::Num(..) => " class=\"n\"",
                _ => "",
            };
            let _ = write!(
                html,
                "<td{class}{}>{}</td>",
                tone_style(cell.tone),
                esc(&cell.shown(comma))
            );
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table>");
    html
}

fn all(sheet: &Sheet) -> Vec<usize> {
    (0..sheet.headers.len()).collect()
}

/// A chart as a figure, with its caption when there is one.
pub(crate) fn figure(figures: &BTreeMap<&str, &Figure>, stem: &str, caption: &str) -> String {
    let caption = match caption.is_empty() {
        true => String::new(),
        false => format!("<figcaption>{}</figcaption>", esc(caption)),
    };
    match figures.get(stem) {
        Some(f) => format!(
            "<figure id=\"chart-{}\">{}{caption}</figure>",
            esc(&stem.replace('/', "-")),
            f.svg,
        ),
        None => String::new(),
    }
}

/// The whole page.
pub(crate) fn report_html(results: &Results, figures: &[Figure], lang: Lang) -> String {
    let figures = scaled(results, figures);
    let figures: BTreeMap<&str, &Figure> = figures.iter().map(|f| (f.stem.as_str(), f)).collect();
    let s = &results.summary;
    let mut h = String::new();
    let title = lang.pick(
        "Школы в группах сходных условий: результаты и пары",
        "Schools in peer groups: results and pairs",
    );
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{STYLE}{}</style></head><body>\n<header><h1>{}</h1>",
        lang.pick("ru", "en"),
        esc(title),
        crate::print::style(),
        esc(title)
    );
    let _ = write!(
        h,
        "<p class=\"summary\">{}</p></header>",
        esc(&summary_sentence(s, lang))
    );

    // Contents.
    h.push_str("<nav><ol>");
    let _ = write!(
        h,
        "<li><a href=\"#find\">{}</a></li><li><a href=\"#method\">{}</a></li><li><a href=\"#groups\">{}</a></li>",
        lang.pick("Найти школу", "Find a school"),
        lang.pick("Метод и исходные данные", "Method and inputs"),
        lang.pick("Обзор групп", "Groups overview")
    );
    for g in &results.groups {
        let _ = write!(
            h,
            "<li><a href=\"#group-{0}\">{1} {0}</a></li>",
            g.peer_group,
            lang.pick("Группа", "Group")
        );
    }
    let _ = write!(
        h,
        "<li><a href=\"#low\">{}</a></li><li><a href=\"#appendix\">{}</a></li></ol></nav>",
        lang.pick("Школы с низкими результатами", "Low-result schools"),
        lang.pick("Приложение", "Appendix")
    );

    // Each school's position in results.json, which names its charts and its card's anchor.
    let positions: BTreeMap<&str, usize> = (results.schools.iter().enumerate())
        .map(|(i, s)| (s.school_id.as_str(), i))
        .collect();
    let part = |s: &SchoolDoc| {
        let position = positions.get(s.school_id.as_str()).copied().unwrap_or(0);
        school_part(position, &s.school_id)
    };
    let anchor =
        |s: &SchoolDoc| (s.status == Some(Status::Low)).then(|| format!("school-{}", part(s)));
    crate::find::section(&mut h, results, &anchor, lang);
    method(&mut h, results, lang);
    overview(&mut h, results, &figures, lang);
    let ranking = sheets::ranking(results, lang);
    for g in &results.groups {
        crate::group_section::group(&mut h, results, g, &ranking, &figures, &anchor, lang);
    }
    low_schools(&mut h, results, (&figures, &part), lang);
    crate::network::section(&mut h, results, lang);
    crate::scorecard::section(&mut h, results, &figures, lang);
    appendix(&mut h, results, lang);
    h.push_str(&crate::print::script(lang));
    h.push_str("</body></html>\n");
    h
}

/// Schools up to which the page holds its charts inline (a single self-contained file); above,
/// it links the chart files (the charts/ folder beside it) but the groups' own, so that its size
/// does not grow with the schools.
pub(crate) const INLINE_SCHOOL_CHARTS_UP_TO: usize = 300;

/// The figures as the page shows them: inline, or for a large district (but the groups' charts)
/// as images of their files, loaded when scrolled to.
fn scaled(results: &Results, figures: &[Figure]) -> Vec<Figure> {
    let large = results.schools.len() > INLINE_SCHOOL_CHARTS_UP_TO;
    (figures.iter())
        .map(|f| match large && !f.stem.starts_with("group-") {
            true => Figure {
                stem: f.stem.clone(),
                svg: format!(
                    "<img src=\"charts/{}.svg\" loading=\"lazy\" alt=\"\">",
                    esc(&f.stem)
                ),
            },
            false => f.clone(),
        })
        .collect()
}

fn method(h: &mut String, results: &Results, lang: Lang) {
    let _ = write!(
        h,
        "<section id=\"method\"><h2>{}</h2><p>{}</p>",
        lang.pick("Метод и исходные данные", "Method and inputs"),
        esc(&crate::method::method_text(results, lang))
    );
    h.push_str("<dl class=\"terms\">");
    for (term, meaning) in crate::method::definitions(results, lang) {
        let _ = write!(h, "<dt>{}</dt><dd>{}</dd>", esc(term), esc(&meaning));
    }
    h.push_str("</dl>");
    let headers = [
        lang.pick("Файл", "File"),
        lang.pick("Строк", "Rows"),
        lang.pick("Принято", "Accepted"),
        lang.pick("Отклонено", "Rejected"),
        "SHA-256",
    ];
    table_head(h, "", headers);
    for i in &results.manifest.inputs {
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td><code>{}</code></td></tr>",
            esc(&i.file),
            i.rows,
            i.accepted,
            i.rejected,
            &i.sha256[..i.sha256.len().min(16)]
        );
    }
    h.push_str("</tbody></table>");
    data_warnings(h, results, lang);
    h.push_str("</section>\n");
}

/// At most this many rows set aside, and as many warnings, are quoted on the page.
const PROBLEMS_QUOTED: usize = 5;

/// The data's warnings and rows set aside summed up (how many, by file), the first few
/// quoted (each message names its place), the full list left to the workbook; then the notes.
fn data_warnings(h: &mut String, results: &Results, lang: Lang) {
    let lists = [
        (
            lang.pick("Отложено строк с ошибками", "Rows set aside"),
            &results.set_aside,
        ),
        (lang.pick("Предупреждений", "Warnings"), &results.warnings),
    ];
    if lists.iter().all(|(_, l)| l.is_empty()) && results.notes.is_empty() {
        return;
    }
    let _ = write!(
        h,
        "<h3>{}</h3>",
        lang.pick("Замечания о данных", "Data warnings")
    );
    for (title, list) in lists.into_iter().filter(|(_, l)| !l.is_empty()) {
        let mut by_file: BTreeMap<&str, usize> = BTreeMap::new();
        for p in list.iter() {
            *by_file.entry(p.file.as_str()).or_default() += 1;
        }
        let files: Vec<String> = by_file.iter().map(|(f, n)| format!("{f} — {n}")).collect();
        let _ = write!(
            h,
            "<p class=\"warn\">{}: {} ({})</p><ul class=\"warn\">",
            esc(title),
            list.len(),
            esc(&files.join(", "))
        );
        for p in list.iter().take(PROBLEMS_QUOTED) {
            let _ = write!(h, "<li>{}</li>", esc(&p.message));
        }
        h.push_str("</ul>");
        if list.len() > PROBLEMS_QUOTED {
            let _ = write!(
                h,
                "<p>{}</p>",
                esc(lang.pick(
                    "Полный список — в книге results.xlsx, лист «Качество данных».",
                    "The full list is in results.xlsx, sheet \"Data quality\".",
                ))
            );
        }
    }
    if !results.notes.is_empty() {
        h.push_str("<ul class=\"warn\">");
        for n in &results.notes {
            let _ = write!(h, "<li>{}</li>", esc(&n.text));
        }
        h.push_str("</ul>");
    }
}

fn overview(h: &mut String, results: &Results, figures: &BTreeMap<&str, &Figure>, lang: Lang) {
    let _ = write!(
        h,
        "<section id=\"groups\"><h2>{}</h2>",
        lang.pick("Обзор групп", "Groups overview")
    );
    let axes = format!(
        "{} {}; {}.",
        crate::method::map_reading(results, lang),
        crate::method::map_axis(results, 0, 3, lang),
        crate::method::map_axis(results, 1, 3, lang)
    );
    h.push_str(&figure(figures, "map", &axes));
    h.push_str(&figure(
        figures,
        "groups",
        lang.pick(
            "Результаты школ по группам; черта — медиана группы.",
            "Schools' results by group; the bar is the group median.",
        ),
    ));
    // The groups without their context columns: those are in the workbook.
    let groups = sheets::groups(results, lang);
    h.push_str(&table(&groups, &(0..9).collect::<Vec<_>>(), lang));
    h.push_str("<div class=\"charts\">");
    h.push_str(&figure(
        figures,
        "k-selection",
        lang.pick(
            "Как выбрано число групп.",
            "How the number of groups was chosen.",
        ),
    ));
    for stem in figures.keys().filter(|s| s.starts_with("dendrogram")) {
        h.push_str(&figure(
            figures,
            stem,
            lang.pick(
                "Дерево объединения; красная линия — разрез на группы.",
                "The merge tree; the red line is the cut into groups.",
            ),
        ));
    }
    h.push_str("</div></section>\n");
}

/// A school's part of its charts' names and of its card's anchor.
type Part<'a> = &'a dyn Fn(&SchoolDoc) -> String;

/// The low schools' cards.
fn low_schools(
    h: &mut String,
    results: &Results,
    (figures, part): (&BTreeMap<&str, &Figure>, Part<'_>),
    lang: Lang,
) {
    let _ = write!(
        h,
        "<section id=\"low\"><h2>{}</h2><p>{}</p>",
        lang.pick("Школы с низкими результатами", "Low-result schools"),
        esc(lang.pick(
            "Карточка школы: почему она в списке, план (до трёх причин, что делать, где прибавить \
             больше всего), базовая школа и наставники; под ними два графика: показатели школы \
             (красные) против медианы группы (черта) и базовой школы (зелёные), правее — лучше \
             (у условий — больше), и результаты по годам против медианы группы. Кнопка печатает карточку на одном листе A4.",
            "A school's card: why it is on the list, its plan (up to three causes, what to do, \
             where there is most to gain), its base school and mentors; below, two charts: the \
             school's indicators (red) against the group median (bar) and the base school \
             (green), right is better (for conditions, more), and its results by year against \
             the group median. The button prints the \
             card on one A4 page.",
        ))
    );
    let low: Vec<&SchoolDoc> = sheets::ranked_order(results)
        .into_iter()
        .filter(|s| s.status == Some(Status::Low))
        .collect();
    if low.is_empty() {
        let _ = write!(
            h,
            "<p>{}</p>",
            lang.pick("Таких школ нет.", "There are none.")
        );
    }
    for s in low {
        low_school(h, results, figures, (s, &part(s)), lang);
    }
    crate::robust::overlaps_paragraph(h, results, lang);
    crate::apart::borderline_schools(h, results, lang);
    crate::apart::doubtful_schools(h, results, lang);
    h.push_str("</section>\n");
}

/// One low school (with the part of its charts' names): why, its diagnosis and targets, its
/// base school, its charts.
fn low_school(
    h: &mut String,
    results: &Results,
    figures: &BTreeMap<&str, &Figure>,
    (s, id): (&SchoolDoc, &str),
    lang: Lang,
) {
    let _ = write!(
        h,
        "<article class=\"school\" id=\"school-{}\"><h3>{} ({}: {}, {} {})</h3>",
        esc(id),
        esc(&s.name),
        lang.pick("код", "ID"),
        esc(&s.school_id),
        lang.pick("группа", "group"),
        s.peer_group.unwrap_or(0),
    );
    let _ = write!(
        h,
        "<p>{}</p>",
        esc(&format!(
            "{}{}{}. {}",
            status_label(s.status, lang),
            if s.stably_low {
                lang.pick(", устойчиво", ", stably")
            } else {
                ""
            },
            if s.unfavourable_conditions {
                lang.pick(
                    "; ШНОР и ШНСУ (неблагоприятные социальные условия)",
                    "; low results in unfavourable social conditions",
                )
            } else {
                lang.pick("; ШНОР", "")
            },
            joined(&s.reasons)
        ))
    );
    if let Some(d) = &s.diagnosis {
        crate::plan::plan(h, d, lang);
    }
    base_school(h, results, s, lang);
    // The charts' captions are said once, above the cards.
    h.push_str(&figure(figures, &format!("profile-{id}"), ""));
    h.push_str("<div class=\"narrow\">");
    h.push_str(&figure(figures, &format!("years/{id}"), ""));
    h.push_str("</div></article>\n");
}

/// A low school's base school with its mentors, or why it has none.
fn base_school(h: &mut String, results: &Results, s: &SchoolDoc, lang: Lang) {
    let pair = results
        .pairs
        .iter()
        .find(|p| p.low_school_id == s.school_id);
    let unpaired = results.unpaired.iter().find(|u| u.school_id == s.school_id);
    let _ = write!(
        h,
        "<h4>{}</h4><p>",
        lang.pick("Базовая школа", "Base school")
    );
    match (pair, unpaired) {
        (Some(p), _) => {
            let km = p
                .distance_km
                .map(|km| format!(", {} {}", decimal(km, 1, lang), lang.pick("км", "km")))
                .unwrap_or_default();
            let _ = write!(
                h,
                "{} ({}: {}){}. {}",
                esc(&p.base_school_name),
                lang.pick("код", "ID"),
                esc(&p.base_school_id),
                esc(&km),
                esc(&joined(&p.reasons))
            );
        }
        (None, Some(u)) => {
            let _ = write!(h, "{}", esc(&u.reason.text));
        }
        (None, None) => h.push('—'),
    }
    h.push_str("</p>");
    if let Some(p) = pair {
        crate::plan::mentors(h, &p.mentors, lang);
    }
}

fn appendix(h: &mut String, results: &Results, lang: Lang) {
    let _ = write!(
        h,
        "<section id=\"appendix\"><h2>{}</h2>",
        lang.pick("Приложение", "Appendix")
    );
    if !results.excluded.is_empty() {
        let _ = write!(
            h,
            "<h3>{}</h3><ul>",
            lang.pick("Исключённые школы", "Excluded schools")
        );
        for e in &results.excluded {
            let _ = write!(
                h,
                "<li>{} ({}): {}</li>",
                esc(&e.name),
                esc(&e.school_id),
                esc(&e.reason.text)
            );
        }
        h.push_str("</ul>");
    }
    let _ = write!(h, "<h3>{}</h3>", lang.pick("Пары", "Pairs"));
    if results.schools.len() > INLINE_SCHOOL_CHARTS_UP_TO {
        // Each pair is on its low school's card; the table is in pairs.csv and the workbook.
        let _ = write!(
            h,
            "<p>{}</p>",
            esc(lang.pick(
                "Пары — в карточках школ выше; вся таблица — в pairs.csv и results.xlsx.",
                "Pairs: on the schools' cards above; the whole table is in pairs.csv and results.xlsx.",
            ))
        );
    } else {
        let pairs = sheets::pairs(results, lang);
        h.push_str(&table(&pairs, &all(&pairs), lang));
    }
    let _ = write!(
        h,
        "<h3>{}</h3>",
        lang.pick("Параметры запуска", "Run parameters")
    );
    let parameters = sheets::parameters(results, lang);
    h.push_str(&table(&parameters, &all(&parameters), lang));
    h.push_str("</section>\n");
}

/// The run's counts in one sentence.
fn summary_sentence(s: &crate::doc::Summary, lang: Lang) -> String {
    let crate::doc::Summary {
        schools,
        ranked,
        excluded,
        groups,
        low,
        borderline,
        stably_low,
        sliding,
        base,
        pairs,
        unpaired,
        results_in_doubt,
        unfavourable_conditions,
        ..
    } = s;
    let doubts = match (results_in_doubt, lang) {
        (0, _) => String::new(),
        (n, Lang::Ru) => format!(" С признаками необъективности результатов ВПР: {n}."),
        (n, Lang::En) => format!(" With signs of non-objective VPR results: {n}."),
    };
    let said = match lang {
        Lang::Ru => format!(
            "Школ: {schools}, в рейтинге: {ranked}, исключено: {excluded}. Групп сходных условий: {groups}. \
             С низкими результатами (ШНОР): {low} (устойчиво: {stably_low}), на границе (требуют \
             проверки): {borderline}, со снижением результатов: {sliding}; в неблагоприятных \
             социальных условиях (ШНСУ): {unfavourable_conditions}. \
             Базовых школ: {base}, пар: {pairs}, без пары: {unpaired}."
        ),
        Lang::En => format!(
            "Schools: {schools}, ranked: {ranked}, excluded: {excluded}. Peer groups: {groups}. \
             Low results: {low} (stably: {stably_low}), borderline (to be checked): {borderline}, \
             sliding down: {sliding}; in unfavourable social conditions: \
             {unfavourable_conditions}. \
             Base schools: {base}, pairs: {pairs}, unpaired: {unpaired}."
        ),
    };
    said + &doubts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheet::Cell;

    #[test]
    fn text_is_escaped_and_numbers_follow_the_language() {
        assert_eq!(
            esc("a < b & \"c\" > d"),
            "a &lt; b &amp; &quot;c&quot; &gt; d"
        );
        let mut sheet = Sheet::new("t", &["№", "<имя>"]);
        sheet.push(vec![
            Cell::num(Some(1.5), 1).toned(Some(Tone::Low)),
            Cell::text("A&B"),
        ]);
        assert_eq!(
            table(&sheet, &[0, 1], Lang::Ru),
            "<table><thead><tr><th>№</th><th>&lt;имя&gt;</th></tr></thead><tbody>\
             <tr><td class=\"n\" style=\"background:#f4c7c3\">1,5</td><td>A&amp;B</td></tr>\
             </tbody></table>"
        );
        assert!(table(&sheet, &[0], Lang::En).contains(">1.5<"));
    }
}
