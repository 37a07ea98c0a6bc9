//! The methodical clusters' score cards (the Lesosibirsk practice): results.json's `scorecards`,
//! laid out once as a table for scorecard.csv, the workbook and the page.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use features::scorecard::{ScoreCard, ValidPoints};
use model::{Criterion, District, Lang};
use serde::Serialize;

use crate::chart::Figure;
use crate::doc::Results;
use crate::html::{esc, figure, table};
use crate::sheet::{Cell, Sheet};

/// One cluster's year, scored, as results.json writes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreCardDoc {
    /// The cluster's name or code, as the activities table writes it.
    pub cluster: String,
    /// The school year's end.
    pub year: u16,
    /// The lead school's id and name, when the table gives it.
    pub lead_school_id: Option<String>,
    /// The lead school's name.
    pub lead_school_name: Option<String>,
    /// Points per criterion, by code (`scientific`, `methodical`, `social`, `organisational`,
    /// `integral`).
    pub points: std::collections::BTreeMap<&'static str, f64>,
    /// The points in all.
    pub total: f64,
    /// The rank among the year's clusters, 1 the highest; equal totals share a rank.
    pub rank: usize,
    /// The clusters scored that year.
    pub of: usize,
    /// The total less the cluster's total of the year before; `null` if it was not scored then.
    pub change: Option<f64>,
}

/// The score cards as results.json writes them.
pub fn scorecard_docs(cards: &[ScoreCard], district: &District) -> Vec<ScoreCardDoc> {
    (cards.iter())
        .map(|c| {
            let lead = c.lead_school.map(|s| district.school(s));
            ScoreCardDoc {
                cluster: c.cluster.clone(),
                year: c.year,
                lead_school_id: lead.map(|s| s.id.0.clone()),
                lead_school_name: lead.map(|s| s.name.clone()),
                points: (Criterion::ALL.iter().zip(c.criteria))
                    .map(|(k, p)| (k.code(), p))
                    .collect(),
                total: c.total,
                rank: c.rank,
                of: c.of,
                change: c.change,
            }
        })
        .collect()
}

/// The points table a run scored with, by item, for the manifest.
pub fn points_record(points: &ValidPoints) -> std::collections::BTreeMap<&'static str, f64> {
    points.get().items().into_iter().collect()
}

/// A criterion's name.
pub(crate) fn criterion_name(c: Criterion, lang: Lang) -> &'static str {
    match c {
        Criterion::Scientific => lang.pick("Научный", "Scientific"),
        Criterion::Methodical => lang.pick("Методический", "Methodical"),
        Criterion::Social => lang.pick("Социальный", "Social"),
        Criterion::Organisational => lang.pick("Организационный", "Organisational"),
        Criterion::Integral => lang.pick("Интегральный (продукт)", "Integral (product)"),
    }
}

/// Баллы кластеров: each cluster's year with its points per criterion, total, rank and change.
pub(crate) fn sheet(results: &Results, lang: Lang) -> Sheet {
    let mut headers = vec![
        lang.pick("Год", "Year"),
        lang.pick("Кластер", "Cluster"),
        lang.pick("Опорная школа", "Lead school"),
    ];
    headers.extend(Criterion::ALL.iter().map(|&c| criterion_name(c, lang)));
    headers.extend([
        lang.pick("Всего баллов", "Total points"),
        lang.pick("Место за год", "Rank in the year"),
        lang.pick("Кластеров за год", "Clusters in the year"),
        lang.pick("Изменение к прошлому году", "Change on the year before"),
    ]);
    let mut sheet = Sheet::new(lang.pick("Баллы кластеров", "Cluster scores"), &headers);
    for c in &results.scorecards {
        let mut row: Vec<Cell> = vec![
            Cell::int(Some(usize::from(c.year))),
            c.cluster.as_str().into(),
            c.lead_school_name.as_deref().unwrap_or_default().into(),
        ];
        row.extend((Criterion::ALL.iter()).map(|k| Cell::num(c.points.get(k.code()).copied(), 1)));
        row.extend([
            Cell::num(Some(c.total), 1),
            Cell::int(Some(c.rank)),
            Cell::int(Some(c.of)),
            Cell::num(c.change, 1),
        ]);
        sheet.push(row);
    }
    sheet
}

/// The page's section of the score cards, when the district has an activities table.
pub(crate) fn section(
    h: &mut String,
    results: &Results,
    figures: &BTreeMap<&str, &Figure>,
    lang: Lang,
) {
    if results.scorecards.is_empty() {
        return;
    }
    let _ = write!(
        h,
        "<section id=\"scorecards\"><h2>{}</h2><p>{}</p>",
        esc(lang.pick(
            "Баллы методических кластеров",
            "Methodical clusters' points"
        )),
        esc(lang.pick(
            "Каждый кластер за год оценён по балльной таблице (по умолчанию — лесосибирской; \
             её можно изменить в district.toml, раздел [scorecard]): научный, методический, \
             социальный, организационный критерии и инновационный продукт; место — среди \
             кластеров того же года.",
            "Each cluster's year is scored on the points table (Lesosibirsk's by default; \
             district.toml's [scorecard] changes it): the scientific, methodical, social and \
             organisational criteria and the innovative product; the rank is among the same \
             year's clusters.",
        ))
    );
    h.push_str(&figure(
        figures,
        "scorecard",
        &match lang {
            Lang::Ru => format!(
                "Баллы кластеров последнего года по критериям (не больше {} кластеров; все — в \
                 таблице ниже и в scorecard.csv).",
                crate::chart::MAX_CLUSTERS
            ),
            Lang::En => format!(
                "The latest year's clusters' points by criterion (at most {}; all are in the \
                 table below and in scorecard.csv).",
                crate::chart::MAX_CLUSTERS
            ),
        },
    ));
    let sheet = sheet(results, lang);
    let every: Vec<usize> = (0..sheet.headers.len()).collect();
    h.push_str(&table(&sheet, &every, lang));
    h.push_str("</section>\n");
}
