//! The Lesosibirsk score card of a methodical cluster's year (seeds 000 and 001): points per
//! criterion from the year's activities by a points table (the seed's by default), the total,
//! the rank among the year's clusters and the change on the cluster's year before.

pub mod points;

use std::collections::HashMap;

use model::{Activity, ActivityRecord, Criterion, ProductLevel, SchoolIx};

pub use points::{Points, PointsError, ValidPoints};

/// One cluster's year, scored.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreCard {
    /// The cluster's name or code as the activities table writes it.
    pub cluster: String,
    /// The school year's end.
    pub year: u16,
    /// The lead school, when the table gives it.
    pub lead_school: Option<SchoolIx>,
    /// Points per criterion, in the order of [`Criterion::ALL`].
    pub criteria: [f64; 5],
    /// The points in all.
    pub total: f64,
    /// The rank among the year's clusters by total, 1 the highest; equal totals share a rank.
    pub rank: usize,
    /// The clusters scored that year.
    pub of: usize,
    /// The total less the cluster's total of the year before, when it was scored then.
    pub change: Option<f64>,
}

/// Points per criterion of one row.
fn criteria(r: &ActivityRecord, p: &Points) -> [f64; 5] {
    let mut c = [0.0; 5];
    for (i, activity) in Activity::ALL.iter().enumerate() {
        c[activity.criterion() as usize] += f64::from(r.counts[i]) * p.per_unit[i];
    }
    let organisational = [
        (r.composition_kept, p.composition_kept),
        (r.plan_fulfilled, p.plan_fulfilled),
    ];
    c[Criterion::Organisational as usize] = (organisational.iter())
        .filter(|(done, _)| *done)
        .map(|(_, points)| points)
        .sum();
    c[Criterion::Integral as usize] = match r.product {
        ProductLevel::NoProduct => 0.0,
        ProductLevel::Description => p.product[0],
        ProductLevel::Recommendations => p.product[1],
        ProductLevel::Didactic => p.product[2],
    };
    c
}

/// Every row's score card, by year, then rank, then cluster. A cluster has one row a year (the
/// activities table refuses a second).
pub fn score_cards(records: &[ActivityRecord], points: &ValidPoints) -> Vec<ScoreCard> {
    let mut cards: Vec<ScoreCard> = (records.iter())
        .map(|r| {
            let criteria = criteria(r, points.get());
            ScoreCard {
                cluster: r.cluster.clone(),
                year: r.year,
                lead_school: r.lead_school,
                total: criteria.iter().sum(),
                criteria,
                rank: 0,
                of: 0,
                change: None,
            }
        })
        .collect();
    cards.sort_by(|a, b| {
        (a.year.cmp(&b.year))
            .then(b.total.total_cmp(&a.total))
            .then(a.cluster.cmp(&b.cluster))
    });
    rank_within_years(&mut cards);
    let totals: HashMap<(&str, u16), f64> = (cards.iter())
        .map(|c| ((c.cluster.as_str(), c.year), c.total))
        .collect();
    let changes: Vec<Option<f64>> = (cards.iter())
        .map(|c| {
            let before = totals.get(&(c.cluster.as_str(), c.year.checked_sub(1)?))?;
            Some(c.total - before)
        })
        .collect();
    for (card, change) in cards.iter_mut().zip(changes) {
        card.change = change;
    }
    cards
}

/// Ranks `cards`, sorted by year and total (highest first), within each year.
fn rank_within_years(cards: &mut [ScoreCard]) {
    let mut start = 0;
    while start < cards.len() {
        let year = cards[start].year;
        let end = start + cards[start..].iter().take_while(|c| c.year == year).count();
        for k in start..end {
            let tied = k > start && cards[k].total == cards[k - 1].total;
            cards[k].rank = if tied {
                cards[k - 1].rank
            } else {
                k - start + 1
            };
            cards[k].of = end - start;
        }
        start = end;
    }
}

#[cfg(test)]
mod tests;
