//! The methodical clusters' points of the latest year scored: a bar per cluster, highest first,
//! its criteria stacked in their colours.

use model::Criterion;

use super::*;
use crate::scorecard::{criterion_name, ScoreCardDoc};

/// Clusters the chart shows at most (the rest are in scorecard.csv, as its caption says).
pub(crate) const MAX_CLUSTERS: usize = 40;

/// The latest year's cards, by rank, at most [`MAX_CLUSTERS`].
pub(super) fn latest_cards(results: &Results) -> Vec<&ScoreCardDoc> {
    let latest = results.scorecards.iter().map(|c| c.year).max();
    (results.scorecards.iter())
        .filter(|c| Some(c.year) == latest)
        .take(MAX_CLUSTERS)
        .collect()
}

pub(super) fn scorecard<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    results: &Results,
    lang: Lang,
) -> Drawn {
    let cards = latest_cards(results);
    let n = cards.len().max(1);
    let most = cards.iter().map(|c| c.total).fold(1.0, f64::max);
    let year = cards.first().map_or(0, |c| c.year);
    let caption = match lang {
        Lang::Ru => format!("Баллы методических кластеров, {year}"),
        Lang::En => format!("Methodical clusters' points, {year}"),
    };
    // Room on the right for the legend.
    let mut chart = row_chart(root, caption, 0.0..most * 1.45, n)?;
    let label = |i: usize| match n.checked_sub(1 + i).and_then(|k| cards.get(k)) {
        Some(c) => format!(
            "{}. {}",
            c.rank,
            c.cluster.chars().take(28).collect::<String>()
        ),
        None => String::new(),
    };
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .disable_y_mesh()
        .y_labels(n)
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) if *i >= 0 => label(*i as usize),
            _ => String::new(),
        })
        .x_label_formatter(&|x| crate::text::decimal(*x, 0, lang))
        .x_desc(lang.pick("Баллы, больше — лучше", "Points, more is better"))
        .label_style((FONT, 13))
        .axis_desc_style((FONT, 15))
        .draw()
        .map_err(fail)?;
    let row = |k: usize| (n - 1 - k) as i32;
    for (j, criterion) in Criterion::ALL.iter().enumerate() {
        let colour = PALETTE[j % PALETTE.len()];
        let points =
            |c: &ScoreCardDoc, k: &Criterion| c.points.get(k.code()).copied().unwrap_or(0.0);
        chart
            .draw_series(cards.iter().enumerate().map(|(k, c)| {
                let start: f64 = Criterion::ALL[..j].iter().map(|b| points(c, b)).sum();
                let mut bar = Rectangle::new(
                    [
                        (start, SegmentValue::Exact(row(k))),
                        (
                            start + points(c, criterion),
                            SegmentValue::Exact(row(k) + 1),
                        ),
                    ],
                    colour.filled(),
                );
                bar.set_margin(3, 3, 0, 0);
                bar
            }))
            .map_err(fail)?
            .label(criterion_name(*criterion, lang))
            .legend(move |(x, y)| {
                Rectangle::new([(x + 4, y - 5), (x + 14, y + 5)], colour.filled())
            });
    }
    legend(&mut chart, SeriesLabelPosition::LowerRight)
}
