//! Activity against effect: each methodical cluster of the activities table beside the measured
//! effect of its lead school's partners (the lead school as a base school of the history), so that
//! the office sees whether the busiest clusters are the ones that helped.

use std::collections::BTreeMap;

use features::scorecard::ScoreCard;
use model::{District, Lang};
use serde::Serialize;

use super::doc::{BaseEvaluationDoc, EstimateDoc, YearValueDoc};
use crate::doc::r4;
use crate::sheet::{Cell, Sheet};

/// A cluster, its points and the effect of its lead school's partners.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClusterEffectDoc {
    /// The cluster's name or code, as the activities table writes it.
    pub cluster: String,
    /// The lead school's id; `null` when the table gives none.
    pub lead_school_id: Option<String>,
    /// The lead school's name.
    pub lead_school_name: Option<String>,
    /// The cluster's total points each year it was scored.
    pub points_by_year: Vec<YearValueDoc>,
    /// Its mean total points a year.
    pub mean_points: f64,
    /// The lead school is a base school of the history.
    pub base_school: bool,
    /// Its partners evaluated.
    pub partners: usize,
    /// Their effect; `null` when the lead school is no base school or none could be evaluated.
    pub effect: Option<EstimateDoc>,
}

/// The clusters against the effects.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct ActivityDoc {
    /// Every cluster of the activities table, by mean points, highest first.
    pub clusters: Vec<ClusterEffectDoc>,
    /// Spearman's rank correlation of mean points and effect over the clusters with both; `null`
    /// with fewer than three or when either does not vary.
    pub rank_correlation: Option<f64>,
    /// The clusters with both points and an effect.
    pub compared: usize,
}

/// The clusters of the score cards, each beside its lead school's partners' effect.
pub fn activity_doc(
    cards: &[ScoreCard],
    district: &District,
    bases: &[BaseEvaluationDoc],
) -> ActivityDoc {
    let mut clusters: BTreeMap<(&str, Option<model::SchoolIx>), Vec<&ScoreCard>> = BTreeMap::new();
    for c in cards {
        clusters
            .entry((&c.cluster, c.lead_school))
            .or_default()
            .push(c);
    }
    let mut out: Vec<ClusterEffectDoc> = (clusters.into_iter())
        .map(|((cluster, lead), years)| {
            let lead = lead.map(|ix| district.school(ix));
            let id = lead.map(|s| s.id.0.clone());
            let base = bases
                .iter()
                .find(|b| Some(&b.base_school_id) == id.as_ref());
            let mut points_by_year: Vec<YearValueDoc> = (years.iter())
                .map(|c| YearValueDoc {
                    year: c.year,
                    value: Some(r4(c.total)),
                })
                .collect();
            points_by_year.sort_by_key(|y| y.year);
            let total: f64 = years.iter().map(|c| c.total).sum();
            ClusterEffectDoc {
                cluster: cluster.to_owned(),
                lead_school_id: id,
                lead_school_name: lead.map(|s| s.name.clone()),
                points_by_year,
                mean_points: r4(total / years.len().max(1) as f64),
                base_school: base.is_some(),
                partners: base.map_or(0, |b| b.partners),
                effect: base.and_then(|b| b.effect),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (b.mean_points.total_cmp(&a.mean_points)).then_with(|| a.cluster.cmp(&b.cluster))
    });
    let pairs: Vec<(f64, f64)> = (out.iter())
        .filter_map(|c| Some((c.mean_points, c.effect?.value)))
        .collect();
    ActivityDoc {
        rank_correlation: advise::rank_correlation(&pairs).map(r4),
        compared: pairs.len(),
        clusters: out,
    }
}

/// What the comparison says, in one sentence.
pub(crate) fn summary(doc: &ActivityDoc, lang: Lang) -> String {
    let n = doc.compared;
    match (doc.rank_correlation, lang) {
        (None, Lang::Ru) => format!(
            "Кластеров с баллами и измеренным эффектом опорной школы: {n}; этого мало, чтобы \
             сопоставить активность с эффектом."
        ),
        (None, Lang::En) => format!(
            "Clusters with points and their lead school's measured effect: {n}; too few to set \
             activity against effect."
        ),
        (Some(rho), Lang::Ru) => format!(
            "Кластеров с баллами и измеренным эффектом опорной школы: {n}; ранговая корреляция \
             средних баллов с эффектом (Спирмен) {}. {}",
            crate::text::decimal(rho, 2, lang),
            reading(rho, n, lang)
        ),
        (Some(rho), Lang::En) => format!(
            "Clusters with points and their lead school's measured effect: {n}; the rank \
             correlation of mean points with the effect (Spearman) is {}. {}",
            crate::text::decimal(rho, 2, lang),
            reading(rho, n, lang)
        ),
    }
}

/// How far a rank correlation of `n` clusters can be read: by its size against the spread chance
/// alone gives (about 1/√(n−1)).
fn reading(rho: f64, n: usize, lang: Lang) -> &'static str {
    let chance = 1.0 / ((n.max(2) - 1) as f64).sqrt();
    if rho.abs() < 2.0 * chance {
        lang.pick(
            "При таком числе кластеров это в пределах случайности: сказать, помогают ли самые \
             активные кластеры больше других, данные пока не позволяют.",
            "With so few clusters this is within chance: the data cannot yet say whether the \
             busiest clusters help more than the others.",
        )
    } else if rho > 0.0 {
        lang.pick(
            "Самые активные кластеры — те, чьи школы поднялись больше.",
            "The busiest clusters are the ones whose schools rose more.",
        )
    } else {
        lang.pick(
            "Самые активные кластеры — не те, чьи школы поднялись больше: баллы за активность не \
             говорят о пользе.",
            "The busiest clusters are not the ones whose schools rose more: points for activity \
             do not tell the help.",
        )
    }
}

/// Активность и эффект: each cluster's points beside its lead school's partners' effect.
pub(crate) fn sheet(doc: &ActivityDoc, lang: Lang) -> Sheet {
    let mut headers = vec![
        lang.pick("Кластер", "Cluster"),
        lang.pick("Код опорной школы", "Lead school id"),
        lang.pick("Опорная школа", "Lead school"),
        lang.pick("Баллы по годам", "Points by year"),
        lang.pick("Средние баллы за год", "Mean points a year"),
        lang.pick("Базовая школа программы", "A base school of the programme"),
        lang.pick("Поддержанных школ оценено", "Supported schools evaluated"),
    ];
    headers.extend(super::out::estimate_headers(lang));
    let mut sheet = Sheet::new(
        lang.pick("Активность и эффект", "Activity and effect"),
        &headers,
    );
    for c in &doc.clusters {
        let mut row: Vec<Cell> = vec![
            c.cluster.as_str().into(),
            c.lead_school_id.as_deref().unwrap_or_default().into(),
            c.lead_school_name.as_deref().unwrap_or_default().into(),
            super::out::by_year(&c.points_by_year, lang).into(),
            Cell::num(Some(c.mean_points), 1),
            super::out::bool_cell(Some(c.base_school), lang),
            Cell::int(Some(c.partners)),
        ];
        row.extend(super::out::estimate_cells(c.effect));
        sheet.push(row);
    }
    sheet
}
