//! The district's chart of the peer groups side by side, each school placed by its result.

use super::*;

pub(super) fn overview<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    results: &Results,
    lang: Lang,
) -> Drawn {
    let k = results
        .groups
        .iter()
        .map(|g| g.peer_group)
        .max()
        .unwrap_or(1);
    // Schools are placed by what they are compared on, as the group medians are.
    let ranked: Vec<&SchoolDoc> = results
        .schools
        .iter()
        .filter(|s| s.compared_score.is_some())
        .collect();
    let (lo, hi) = padded(
        ranked
            .iter()
            .filter_map(|s| s.compared_score)
            .chain(results.groups.iter().map(|g| g.median_score)),
        0.05,
    );
    let mut chart = ChartBuilder::on(root)
        .caption(
            lang.pick("Школы по группам сходных условий", "Schools by peer group"),
            caption_style(),
        )
        .margin(20)
        .x_label_area_size(50)
        .y_label_area_size(70)
        .build_cartesian_2d(0.5f64..(k as f64 + 0.5), lo..hi)
        .map_err(fail)?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .disable_x_mesh()
        .x_labels(k)
        .x_label_formatter(&|x| format!("{}", x.round() as i64))
        .x_desc(lang.pick("Группа сходных условий", "Peer group"))
        .y_desc(result_label(results, false, lang))
        .label_style((FONT, 16))
        .axis_desc_style((FONT, 18))
        .draw()
        .map_err(fail)?;
    for g in &results.groups {
        let x = g.peer_group as f64;
        chart
            .draw_series(LineSeries::new(
                [(x - 0.4, g.median_score), (x + 0.4, g.median_score)],
                BLACK.stroke_width(2),
            ))
            .map_err(fail)?;
    }
    let position = |s: &SchoolDoc| -> Option<(f64, f64)> {
        let (g, rank, size) = (s.peer_group?, s.rank_in_group?, s.group_size?);
        let spread = if size > 1 {
            (rank - 1) as f64 / (size - 1) as f64
        } else {
            0.5
        };
        Some((g as f64 - 0.3 + 0.6 * spread, s.compared_score?))
    };
    chart
        .draw_series(ranked.iter().filter_map(|s| {
            let p = position(s)?;
            Some(Circle::new(p, 5, group_colour(s.peer_group?).filled()))
        }))
        .map_err(fail)?;
    marks(&mut chart, &ranked, position, lang)?;
    chart
        .draw_series(std::iter::once(PathElement::new(
            Vec::<(f64, f64)>::new(),
            BLACK,
        )))
        .map_err(fail)?
        .label(lang.pick("медиана группы", "group median"))
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK.stroke_width(2)));
    legend(&mut chart, SeriesLabelPosition::UpperRight)
}
