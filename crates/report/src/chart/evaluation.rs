//! Stage 5's charts, inline in evaluate's report.html: the supported schools' change against
//! what comparable schools did, year by year after their August; and each supported school's
//! effect with its interval (a forest plot).

use model::Lang;
use plotters::prelude::*;

use super::{fail, legend, padded, register_embedded_font, Drawn, BASE, FONT, LOW};
use crate::evaluation::EvaluationDoc;

/// Rows of the forest plot at most; the rest are in evaluation.csv.
pub(crate) const FOREST_ROWS: usize = 80;

/// An SVG chart of `size` drawn by `draw`.
fn svg(
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, plotters::coord::Shift>) -> Drawn,
) -> Result<String, String> {
    register_embedded_font();
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, size).into_drawing_area();
        root.fill(&WHITE).map_err(fail)?;
        draw(&root)?;
        root.present().map_err(fail)?;
    }
    Ok(text)
}

/// The supported schools' mean change from their August (with its interval) and the change
/// comparable schools predict for them, 0 to 3 years on.
pub(crate) fn trajectories(doc: &EvaluationDoc, lang: Lang) -> Result<String, String> {
    let points: Vec<(f64, f64, f64, f64)> = std::iter::once((0.0, 0.0, 0.0, 0.0))
        .chain(doc.district.iter().filter_map(|d| {
            let (naive, effect) = (d.naive?, d.effect?);
            let x = f64::from(d.years_after);
            Some((
                x,
                naive.value,
                naive.value - effect.value,
                (naive.high - naive.low) / 2.0,
            ))
        }))
        .collect();
    let (lo, hi) = padded(
        points.iter().flat_map(|&(_, s, c, m)| [s - m, s + m, c]),
        0.1,
    );
    let last = points.last().map_or(1.0, |p| p.0.max(1.0));
    svg((720, 380), |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(60)
            .build_cartesian_2d(-0.2..last + 0.2, lo..hi)
            .map_err(fail)?;
        chart
            .configure_mesh()
            .x_desc(lang.pick("Лет после начала работы пары", "Years after the pair began"))
            .y_desc(lang.pick("Изменение результата", "Change in the result"))
            .x_labels(last as usize + 1)
            .x_label_formatter(&|x| crate::text::decimal(*x, 0, lang))
            .y_label_formatter(&|y| crate::text::decimal(*y, 2, lang))
            .label_style((FONT, 13))
            .axis_desc_style((FONT, 14))
            .draw()
            .map_err(fail)?;
        chart
            .draw_series(LineSeries::new(
                points.iter().map(|p| (p.0, p.2)),
                BASE.stroke_width(2),
            ))
            .map_err(fail)?
            .label(lang.pick(
                "сопоставимые школы без поддержки",
                "comparable schools without support",
            ))
            .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], BASE.stroke_width(2)));
        chart
            .draw_series(LineSeries::new(
                points.iter().map(|p| (p.0, p.1)),
                LOW.stroke_width(2),
            ))
            .map_err(fail)?
            .label(lang.pick(
                "поддержанные школы (95% интервал)",
                "supported schools (95% interval)",
            ))
            .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], LOW.stroke_width(2)));
        chart
            .draw_series((points.iter().skip(1)).map(|&(x, s, _, m)| {
                PathElement::new([(x, s - m), (x, s + m)], LOW.stroke_width(1))
            }))
            .map_err(fail)?;
        legend(&mut chart, SeriesLabelPosition::UpperLeft)
    })
}

/// Each evaluated supported school's effect with its interval, the district's on top, sorted
/// by effect; at most [`FOREST_ROWS`] schools.
pub(crate) fn forest(doc: &EvaluationDoc, lang: Lang) -> Result<String, String> {
    let mut rows: Vec<(String, f64, f64, f64)> = (doc.schools.iter())
        .filter_map(|s| {
            let e = s.effect?;
            Some((s.school_id.clone(), e.value, e.low, e.high))
        })
        .collect();
    rows.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    rows.truncate(FOREST_ROWS);
    if let Some(e) = doc.verdict.effect {
        rows.push((
            lang.pick("Район", "District").to_owned(),
            e.value,
            e.low,
            e.high,
        ));
    }
    let (lo, hi) = padded(rows.iter().flat_map(|r| [r.2, r.3]), 0.05);
    let n = rows.len().max(1);
    let height = 80 + 18 * n as u32;
    svg((720, height), |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(130)
            .build_cartesian_2d(lo..hi, -0.5..n as f64 - 0.5)
            .map_err(fail)?;
        let names: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
        chart
            .configure_mesh()
            .disable_y_mesh()
            .x_desc(lang.pick(
                "Эффект: изменение против сопоставимых школ (95% интервал)",
                "Effect: change against comparable schools (95% interval)",
            ))
            .x_label_formatter(&|x| crate::text::decimal(*x, 1, lang))
            .y_labels(n)
            .y_label_formatter(&|y| {
                let i = y.round();
                let at = (i >= 0.0 && (y - i).abs() < 1e-6).then_some(i as usize);
                at.and_then(|i| names.get(i)).cloned().unwrap_or_default()
            })
            .label_style((FONT, 12))
            .axis_desc_style((FONT, 14))
            .draw()
            .map_err(fail)?;
        chart
            .draw_series(std::iter::once(PathElement::new(
                [(0.0, -0.5), (0.0, n as f64 - 0.5)],
                BLACK.stroke_width(1),
            )))
            .map_err(fail)?;
        let district = doc.verdict.effect.is_some();
        let colour = |i: usize| if district && i + 1 == n { BLACK } else { LOW };
        chart
            .draw_series((rows.iter().enumerate()).map(|(i, r)| {
                PathElement::new(
                    [(r.2, i as f64), (r.3, i as f64)],
                    colour(i).stroke_width(2),
                )
            }))
            .map_err(fail)?;
        chart
            .draw_series(
                (rows.iter().enumerate())
                    .map(|(i, r)| Circle::new((r.1, i as f64), 4, colour(i).filled())),
            )
            .map_err(fail)?;
        Ok(())
    })
}

/// Each methodical cluster's mean points a year (x) against its lead school's partners' effect
/// with its interval (y): whether the busiest clusters are the ones that helped.
pub(crate) fn activity(doc: &EvaluationDoc, lang: Lang) -> Result<String, String> {
    let points: Vec<(f64, f64, f64, f64)> = (doc.activity.clusters.iter())
        .filter_map(|c| {
            let e = c.effect?;
            Some((c.mean_points, e.value, e.low, e.high))
        })
        .collect();
    let (x0, x1) = padded(points.iter().map(|p| p.0), 0.08);
    let (y0, y1) = padded(points.iter().flat_map(|p| [p.2, p.3]).chain([0.0]), 0.08);
    svg((720, 420), |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(60)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(fail)?;
        chart
            .configure_mesh()
            .x_desc(lang.pick(
                "Средние баллы кластера за год",
                "The cluster's mean points a year",
            ))
            .y_desc(lang.pick(
                "Эффект поддержанных опорной школой (95% интервал)",
                "Effect on the lead school's partners (95% interval)",
            ))
            .x_label_formatter(&|x| crate::text::decimal(*x, 0, lang))
            .y_label_formatter(&|y| crate::text::decimal(*y, 1, lang))
            .label_style((FONT, 12))
            .axis_desc_style((FONT, 14))
            .draw()
            .map_err(fail)?;
        chart
            .draw_series(std::iter::once(PathElement::new(
                [(x0, 0.0), (x1, 0.0)],
                BLACK.stroke_width(1),
            )))
            .map_err(fail)?;
        chart
            .draw_series(
                (points.iter())
                    .map(|p| PathElement::new([(p.0, p.2), (p.0, p.3)], BASE.stroke_width(2))),
            )
            .map_err(fail)?;
        chart
            .draw_series(
                points
                    .iter()
                    .map(|p| Circle::new((p.0, p.1), 5, BASE.filled())),
            )
            .map_err(fail)?;
        Ok(())
    })
}
