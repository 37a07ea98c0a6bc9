//! A peer group's section of the page: its description and counts, its chart, and its schools'
//! table. A group larger than its chart shows whole (40 schools) names all its low, borderline and
//! base schools in the open and folds the table of what its chart shows in a `<details>`; its
//! other schools are in the search and the workbook.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use advise::Status;
use model::Lang;

use crate::chart::Figure;
use crate::doc::{GroupDoc, Results, SchoolDoc};
use crate::html::{esc, figure, table};
use crate::sheet::{Sheet, Value};
use crate::sheets::RankCol;
use crate::text::decimal;

/// A low school's card anchor, by the school.
pub(crate) type Card<'a> = &'a dyn Fn(&SchoolDoc) -> Option<String>;

/// The section of group `g`.
pub(crate) fn group(
    h: &mut String,
    results: &Results,
    g: &GroupDoc,
    ranking: &Sheet,
    figures: &BTreeMap<&str, &Figure>,
    card: Card<'_>,
    lang: Lang,
) {
    let _ = write!(
        h,
        "<section class=\"group\" id=\"group-{0}\"><h2>{1} {0}</h2><p>{2}</p><p>{3}</p>",
        g.peer_group,
        lang.pick("Группа", "Group"),
        esc(&g.description),
        esc(&match lang {
            Lang::Ru => format!(
                "Школ: {}; медиана результата {}; верхняя четверть начинается с {}; \
                 с низкими результатами: {}; базовых: {}; устойчивость группы {}.",
                g.size,
                decimal(g.median_score, 2, lang),
                decimal(g.top_quarter_score, 2, lang),
                g.low,
                g.base,
                decimal(g.stability, 2, lang)
            ),
            Lang::En => format!(
                "Schools: {}; median result {}; the top quarter starts at {}; \
                 low results: {}; base: {}; stability {}.",
                g.size,
                decimal(g.median_score, 2, lang),
                decimal(g.top_quarter_score, 2, lang),
                g.low,
                g.base,
                decimal(g.stability, 2, lang)
            ),
        })
    );
    h.push_str(&figure(
        figures,
        &format!("group-{}", g.peer_group),
        lang.pick(
            "Школы группы по результату с поправкой на условия: медиана, верхняя четверть и 95% интервалы.",
            "The group's schools by adjusted result: the median, the top quarter and 95% intervals.",
        ),
    ));
    // The group's rows of the ranking: rank, id, name, result, gaps, percentile, status, reasons.
    let mut own = Sheet::new(&ranking.name, &ranking.headers);
    // The header says where the top quarter starts.
    let quarter = RankCol::GapToTopQuarter as usize;
    own.headers[quarter] = format!(
        "{} ({} {})",
        own.headers[quarter],
        lang.pick("начинается с", "starts at"),
        decimal(g.top_quarter_score, 3, lang)
    );
    let kept = crate::chart::shown_ids(results, g.peer_group);
    own.rows = ranking
        .rows
        .iter()
        .filter(|r| r[RankCol::Group as usize].value == Value::Int(g.peer_group as i64))
        .filter(|r| match &r[RankCol::Id as usize].value {
            Value::Text(id) => kept.contains(id.as_str()),
            _ => true,
        })
        .cloned()
        .collect();
    trimmed_note(h, own.rows.len(), g.size, lang);
    let shown = [
        RankCol::Rank,
        RankCol::Id,
        RankCol::Name,
        RankCol::Compared,
        RankCol::Score,
        RankCol::Expected,
        RankCol::ExpectedBecause,
        RankCol::GapToMedian,
        RankCol::Percentile,
        RankCol::Robustness,
        RankCol::GapToTopQuarter,
        RankCol::Status,
        RankCol::Reasons,
    ]
    .map(|c| c as usize);
    if own.rows.len() == g.size {
        h.push_str(&table(&own, &shown, lang));
    } else {
        // The explanations in words are the workbook's: they would double a large page.
        let words = [RankCol::ExpectedBecause as usize, RankCol::Reasons as usize];
        let numbers: Vec<usize> = shown.into_iter().filter(|c| !words.contains(c)).collect();
        folded(h, results, g, table(&own, &numbers, lang), card, lang);
    }
    h.push_str("</section>\n");
}

/// A large group's low, borderline and base schools named in the open, each with its rank (a low
/// school linked to its card), and its table, the schools its chart shows, folded.
fn folded(
    h: &mut String,
    results: &Results,
    g: &GroupDoc,
    table_html: String,
    card: Card<'_>,
    lang: Lang,
) {
    let mut own: Vec<&SchoolDoc> = (results.schools.iter())
        .filter(|s| s.peer_group == Some(g.peer_group))
        .collect();
    own.sort_by_key(|s| (s.rank_in_group, s.school_id.as_str()));
    for (status, label) in [
        (
            Status::Low,
            lang.pick("С низкими результатами", "Low results"),
        ),
        (Status::Borderline, lang.pick("На границе", "Borderline")),
        (Status::Base, lang.pick("Базовые", "Base schools")),
    ] {
        let named: Vec<String> = (own.iter())
            .filter(|s| s.status == Some(status))
            .map(|s| named(s, card, lang))
            .collect();
        if !named.is_empty() {
            let _ = write!(
                h,
                "<p class=\"marked\" data-status=\"{}\"><b>{} ({}):</b> {}</p>",
                status.code(),
                esc(label),
                named.len(),
                named.join(", ")
            );
        }
    }
    let summary = match lang {
        Lang::Ru => {
            "Таблица: школы, которые показывает график (пояснения словами — в results.xlsx)"
        }
        Lang::En => {
            "Table: the schools the chart shows (the explanations in words are in results.xlsx)"
        }
    };
    let _ = write!(
        h,
        "<details><summary>{}</summary>{table_html}</details>",
        esc(summary)
    );
}

/// A school as a large group names it: its name and rank, a link to its card if it has one.
fn named(s: &SchoolDoc, card: Card<'_>, lang: Lang) -> String {
    let rank = s.rank_in_group.map_or(String::new(), |r| {
        format!(" ({}{r})", lang.pick("место ", "rank "))
    });
    match card(s) {
        Some(anchor) => format!("<a href=\"#{}\">{}</a>{rank}", esc(&anchor), esc(&s.name)),
        None => format!("{}{rank}", esc(&s.name)),
    }
}

/// Says how many of a large group's schools its chart and table show, and where the rest are.
fn trimmed_note(h: &mut String, shown: usize, size: usize, lang: Lang) {
    if shown < size {
        let _ = write!(
            h,
            "<p>{}</p>",
            esc(&match lang {
                Lang::Ru => format!(
                    "В группе {size} школ; график и таблица показывают {shown}: верх и низ группы, \
                     школы с низкими результатами, на границе и базовые (сколько поместится). Ниже \
                     названы все такие школы группы; любую школу найдёт поиск в начале страницы, \
                     все — в results.xlsx."
                ),
                Lang::En => format!(
                    "The group has {size} schools; its chart and table show {shown}: its top and \
                     bottom, and its low, borderline and base schools as far as they fit. All such \
                     schools of the group are named below; the search at the top finds any school, \
                     and results.xlsx has them all."
                ),
            })
        );
    }
}
