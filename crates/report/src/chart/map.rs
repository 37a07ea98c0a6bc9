//! The map of the schools on the first two principal components of their conditions. Up to
//! [`DOTS_UP_TO`] schools each school is a dot; above, the groups are a density (a grid of
//! cells in the colour of the group most of their schools are in, darker for more schools) with
//! the low schools and the base schools of a pair on top. A pair is a line when its schools are
//! of one group, or on a map of dots: across a density, lines between groups are a tangle.

use std::cmp::Reverse;

use crate::doc::PairDoc;

use super::*;

/// The most schools a map draws one by one; above, the groups are a density.
pub(crate) const DOTS_UP_TO: usize = 300;
/// The density's cells across and down.
const CELLS: (usize, usize) = (80, 50);

/// A cell of the density: its column and row, the group with most schools in it (the smaller
/// number on a tie) and how many schools it holds.
#[derive(Debug, PartialEq)]
struct Cell {
    at: (usize, usize),
    group: usize,
    schools: usize,
}

/// The column (or row) of `v` among `n` cells over `lo..hi`; outside values in the edge cells.
fn cell_of(v: f64, (lo, hi): (f64, f64), n: usize) -> usize {
    let t = ((v - lo) / (hi - lo) * n as f64).floor();
    if t.is_finite() {
        (t.max(0.0) as usize).min(n - 1)
    } else {
        0
    }
}

/// The non-empty cells of a [`CELLS`] grid over `x` × `y` holding `points` (a position and a
/// group each), in column then row order.
fn density(
    points: impl Iterator<Item = ((f64, f64), usize)>,
    x: (f64, f64),
    y: (f64, f64),
) -> Vec<Cell> {
    let mut counts: BTreeMap<(usize, usize), BTreeMap<usize, usize>> = BTreeMap::new();
    for ((px, py), group) in points {
        let at = (cell_of(px, x, CELLS.0), cell_of(py, y, CELLS.1));
        *counts.entry(at).or_default().entry(group).or_default() += 1;
    }
    (counts.into_iter())
        .map(|(at, groups)| Cell {
            at,
            schools: groups.values().sum(),
            group: (groups.iter())
                .max_by_key(|(g, n)| (**n, Reverse(**g)))
                .map_or(0, |(g, _)| *g),
        })
        .collect()
}

/// Whether a map draws `pair` as a line.
fn pair_drawn(pair: &PairDoc, dots: bool) -> bool {
    dots || pair.peer_group == pair.base_peer_group
}

pub(super) fn map<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    results: &Results,
    lang: Lang,
) -> Drawn {
    let placed: Vec<&SchoolDoc> = results
        .schools
        .iter()
        .filter(|s| s.map_position.is_some())
        .collect();
    let at: BTreeMap<&str, (f64, f64)> = placed
        .iter()
        .filter_map(|s| s.map_position.map(|p| (s.school_id.as_str(), (p[0], p[1]))))
        .collect();
    let x = padded(at.values().map(|p| p.0), 0.08);
    let y = padded(at.values().map(|p| p.1), 0.08);
    let dots = placed.len() <= DOTS_UP_TO;
    // Room on the right for the legend.
    let x_end = x.1 + (x.1 - x.0) * if dots { 0.25 } else { 0.35 };
    let mut chart = ChartBuilder::on(root)
        .caption(
            lang.pick("Карта групп сходных условий", "Map of the peer groups"),
            caption_style(),
        )
        .margin(20)
        .x_label_area_size(50)
        .y_label_area_size(60)
        .build_cartesian_2d(x.0..x_end, y.0..y.1)
        .map_err(fail)?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .x_desc(crate::method::map_axis(results, 0, 2, lang))
        .y_desc(crate::method::map_axis(results, 1, 2, lang))
        .label_style((FONT, 14))
        .axis_desc_style((FONT, 16))
        .draw()
        .map_err(fail)?;
    let paired: std::collections::BTreeSet<&str> = (results.pairs.iter())
        .map(|p| p.base_school_id.as_str())
        .collect();
    let on_top = |s: &&SchoolDoc| {
        dots || s.status == Some(Status::Low) || paired.contains(s.school_id.as_str())
    };
    let (top, rest): (Vec<&SchoolDoc>, Vec<&SchoolDoc>) = placed.iter().copied().partition(on_top);
    if dots {
        schools_as_dots(&mut chart, results, &top, &at, lang)?;
    } else {
        groups_as_density(&mut chart, results, &rest, &at, (x, y), lang)?;
    }
    pairs(&mut chart, results, &at, dots, lang)?;
    marks(
        &mut chart,
        &top,
        |s| at.get(s.school_id.as_str()).copied(),
        lang,
    )?;
    legend(&mut chart, SeriesLabelPosition::UpperRight)
}

/// Each school a dot in its group's colour, with the groups in the legend.
fn schools_as_dots<'a, DB: DrawingBackend + 'a>(
    chart: &mut XyChart<'a, DB>,
    results: &Results,
    schools: &[&SchoolDoc],
    at: &BTreeMap<&str, (f64, f64)>,
    lang: Lang,
) -> Drawn {
    for g in &results.groups {
        let colour = group_colour(g.peer_group);
        chart
            .draw_series(
                (schools.iter())
                    .filter(|s| s.peer_group == Some(g.peer_group))
                    .filter_map(|s| at.get(s.school_id.as_str()))
                    .map(|&p| Circle::new(p, 6, colour.filled())),
            )
            .map_err(fail)?
            .label(format!("{} {}", lang.pick("группа", "group"), g.peer_group))
            .legend(move |(x, y)| Circle::new((x + 10, y), 5, colour.filled()));
    }
    Ok(())
}

/// `schools` as the density of their groups over the data's `frame`, darker for more schools
/// in a cell (on a log scale, so that a lone school still shows), with the groups in the legend.
fn groups_as_density<'a, DB: DrawingBackend + 'a>(
    chart: &mut XyChart<'a, DB>,
    results: &Results,
    schools: &[&SchoolDoc],
    at: &BTreeMap<&str, (f64, f64)>,
    frame: ((f64, f64), (f64, f64)),
    lang: Lang,
) -> Drawn {
    let (x, y) = frame;
    let points =
        (schools.iter()).filter_map(|s| Some((*at.get(s.school_id.as_str())?, s.peer_group?)));
    let cells = density(points, x, y);
    let most = cells.iter().map(|c| c.schools).max().unwrap_or(1) as f64;
    let size = ((x.1 - x.0) / CELLS.0 as f64, (y.1 - y.0) / CELLS.1 as f64);
    chart
        .draw_series(cells.iter().map(|c| {
            let corner = (x.0 + c.at.0 as f64 * size.0, y.0 + c.at.1 as f64 * size.1);
            let shade = 0.25 + 0.75 * (c.schools as f64).ln_1p() / most.ln_1p();
            Rectangle::new(
                [corner, (corner.0 + size.0, corner.1 + size.1)],
                group_colour(c.group).mix(shade).filled(),
            )
        }))
        .map_err(fail)?;
    for g in &results.groups {
        let colour = group_colour(g.peer_group);
        chart
            .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())
            .map_err(fail)?
            .label(format!("{} {}", lang.pick("группа", "group"), g.peer_group))
            .legend(move |(x, y)| {
                Rectangle::new([(x + 4, y - 5), (x + 14, y + 5)], colour.filled())
            });
    }
    Ok(())
}

/// The pairs as lines between their schools; on a density, only those within a group, with
/// how many across groups are left to pairs.csv in the legend.
fn pairs<'a, DB: DrawingBackend + 'a>(
    chart: &mut XyChart<'a, DB>,
    results: &Results,
    at: &BTreeMap<&str, (f64, f64)>,
    dots: bool,
    lang: Lang,
) -> Drawn {
    let line = |p: &PairDoc| -> Option<PathElement<(f64, f64)>> {
        let ends = [
            *at.get(p.low_school_id.as_str())?,
            *at.get(p.base_school_id.as_str())?,
        ];
        Some(PathElement::new(ends, BLACK.mix(0.6).stroke_width(2)))
    };
    let drawn = (results.pairs.iter()).filter(|p| pair_drawn(p, dots));
    let label = match dots {
        true => lang.pick("пара", "pair"),
        false => lang.pick("пара в одной группе", "pair within a group"),
    };
    chart
        .draw_series(drawn.filter_map(line))
        .map_err(fail)?
        .label(label)
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK.stroke_width(2)));
    let across = results
        .pairs
        .iter()
        .filter(|p| !pair_drawn(p, dots))
        .count();
    if across > 0 {
        let said = match lang {
            Lang::Ru => format!("пар между группами: {across} (в pairs.csv)"),
            Lang::En => format!("pairs across groups: {across} (in pairs.csv)"),
        };
        chart
            .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())
            .map_err(fail)?
            .label(said)
            .legend(|(x, y)| EmptyElement::at((x, y)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_density_counts_each_school_once_in_its_cell_coloured_by_the_larger_group() {
        let frame = ((0.0, 8.0), (0.0, 5.0));
        let points = [
            ((0.05, 0.05), 2),
            ((0.06, 0.04), 1),
            ((0.07, 0.03), 1),
            ((7.99, 4.99), 3),
            ((100.0, -100.0), 2),
            ((f64::NAN, 1.0), 4),
        ];
        let cells = density(points.into_iter(), frame.0, frame.1);
        let cell = |at, group, schools| Cell { at, group, schools };
        assert_eq!(
            cells,
            [
                cell((0, 0), 1, 2 + 1),
                cell((0, 10), 4, 1),
                cell((79, 0), 2, 1),
                cell((79, 49), 3, 1),
            ]
        );
        // A tie goes to the smaller group number.
        let tie = density(
            [((1.0, 1.0), 5), ((1.0, 1.0), 4)].into_iter(),
            frame.0,
            frame.1,
        );
        assert_eq!(tie, [cell((10, 10), 4, 2)]);
    }
}
