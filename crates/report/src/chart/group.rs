//! One peer group's chart: its schools by the compared result, with the median, the top quarter
//! and the intervals.

use super::*;

/// The interval of what a school is compared on: its score's interval moved with it.
fn compared_interval(s: &SchoolDoc) -> Option<(f64, f64, f64)> {
    let (c, score, [lo, hi]) = (s.compared_score?, s.score?, s.score_interval?);
    Some((c - (score - lo), c, c + (hi - score)))
}

/// Schools a group's chart shows at most; a larger group shows its top and bottom and its low,
/// borderline and base schools, the rest summed up in gap rows.
pub(crate) const MAX_BARS: usize = 40;

/// Schools of the top and of the bottom of a large group always shown.
const ENDS_SHOWN: usize = 10;

/// The rows of group `g`'s chart in rank order: each a school, or a gap (`Err(n)`: `n` schools
/// of the group not shown there).
pub(super) fn shown_rows(results: &Results, g: usize) -> Vec<Result<&SchoolDoc, usize>> {
    let mut schools: Vec<&SchoolDoc> = results
        .schools
        .iter()
        .filter(|s| s.peer_group == Some(g))
        .collect();
    schools.sort_by_key(|s| (s.rank_in_group, s.school_id.clone()));
    let n = schools.len();
    if n <= MAX_BARS {
        return schools.into_iter().map(Ok).collect();
    }
    let marked = |s: &SchoolDoc| match s.status {
        Some(Status::Low) => Some(0),
        Some(Status::Borderline) => Some(1),
        Some(Status::Base) => Some(2),
        _ => None,
    };
    let mut keep: Vec<usize> = (0..ENDS_SHOWN).chain(n - ENDS_SHOWN..n).collect();
    let mut others: Vec<(u8, usize)> = (ENDS_SHOWN..n - ENDS_SHOWN)
        .filter_map(|k| Some((marked(schools[k])?, k)))
        .collect();
    others.sort_unstable();
    keep.extend(
        others
            .into_iter()
            .map(|(_, k)| k)
            .take(MAX_BARS - 2 * ENDS_SHOWN),
    );
    keep.sort_unstable();
    let mut rows = Vec::with_capacity(keep.len() * 2);
    let mut next = 0;
    for k in keep {
        if k > next {
            rows.push(Err(k - next));
        }
        rows.push(Ok(schools[k]));
        next = k + 1;
    }
    rows
}

pub(super) fn group<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    results: &Results,
    g: usize,
    lang: Lang,
) -> Drawn {
    let rows = shown_rows(results, g);
    let schools: Vec<&SchoolDoc> = rows.iter().filter_map(|r| r.ok()).collect();
    let n = rows.len().max(1);
    let doc = results.groups.iter().find(|d| d.peer_group == g);
    let (median, quarter) = doc.map_or((0.0, 0.0), |d| (d.median_score, d.top_quarter_score));
    let (lo, hi) = padded(
        schools
            .iter()
            .filter_map(|s| compared_interval(s))
            .flat_map(|(a, _, b)| [a, b])
            .chain([0.0, median, quarter]),
        0.05,
    );
    let hi = hi + (hi - lo) * 0.35;
    let caption = match lang {
        Lang::Ru => format!("Группа {g}: школы по результату"),
        Lang::En => format!("Group {g}: schools by result"),
    };
    let mut chart = row_chart(root, caption, lo..hi, n)?;
    let label = |i: usize| match n.checked_sub(1 + i).and_then(|k| rows.get(k)) {
        Some(Ok(s)) => {
            let name: String = s.name.chars().take(26).collect();
            format!("{}. {name}", s.rank_in_group.unwrap_or(0))
        }
        Some(Err(skipped)) => match lang {
            Lang::Ru => format!("… ещё школ: {skipped} …"),
            Lang::En => format!("… {skipped} more schools …"),
        },
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
        .x_desc(result_label(results, true, lang))
        .label_style((FONT, 13))
        .axis_desc_style((FONT, 15))
        .draw()
        .map_err(fail)?;
    bars(&mut chart, &rows, g)?;
    intervals(&mut chart, &rows, lang)?;
    for (value, colour, text) in [
        (median, BLACK, lang.pick("медиана группы", "group median")),
        (
            quarter,
            QUARTER,
            lang.pick("верхняя четверть", "top quarter"),
        ),
    ] {
        vertical_line(&mut chart, n, value, colour, text)?;
    }
    legend(&mut chart, SeriesLabelPosition::LowerRight)
}

/// Each school's bar from 0 to its compared value, low and base schools in their colours.
fn bars<'a, DB: DrawingBackend + 'a>(
    chart: &mut RowChart<'a, DB>,
    rows: &[Result<&SchoolDoc, usize>],
    g: usize,
) -> Drawn {
    let n = rows.len().max(1);
    let row = |k: usize| (n - 1 - k) as i32;
    chart
        .draw_series(rows.iter().enumerate().filter_map(|(k, s)| {
            let s = s.ok()?;
            let v = s.compared_score?;
            let colour = match s.status {
                Some(Status::Low) => LOW,
                Some(Status::Base) => BASE,
                _ => group_colour(g),
            };
            let mut bar = Rectangle::new(
                [
                    (0.0f64.min(v), SegmentValue::Exact(row(k))),
                    (0.0f64.max(v), SegmentValue::Exact(row(k) + 1)),
                ],
                colour.mix(0.75).filled(),
            );
            bar.set_margin(3, 3, 0, 0);
            Some(bar)
        }))
        .map_err(fail)?;
    Ok(())
}

/// Each school's 95% interval as a line across its bar.
fn intervals<'a, DB: DrawingBackend + 'a>(
    chart: &mut RowChart<'a, DB>,
    rows: &[Result<&SchoolDoc, usize>],
    lang: Lang,
) -> Drawn {
    let n = rows.len().max(1);
    let row = |k: usize| (n - 1 - k) as i32;
    chart
        .draw_series(rows.iter().enumerate().filter_map(|(k, s)| {
            let (a, _, b) = compared_interval(s.ok()?)?;
            Some(PathElement::new(
                vec![
                    (a, SegmentValue::CenterOf(row(k))),
                    (b, SegmentValue::CenterOf(row(k))),
                ],
                BLACK.stroke_width(1),
            ))
        }))
        .map_err(fail)?
        .label(lang.pick("95% интервал", "95% interval"))
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK.stroke_width(1)));
    Ok(())
}

/// A vertical line at `value` across every row, with its legend entry.
fn vertical_line<'a, DB: DrawingBackend + 'a>(
    chart: &mut RowChart<'a, DB>,
    n: usize,
    value: f64,
    colour: RGBColor,
    text: &str,
) -> Drawn {
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![
                (value, SegmentValue::Exact(0)),
                (value, SegmentValue::Exact(n as i32)),
            ],
            colour.stroke_width(2),
        )))
        .map_err(fail)?
        .label(text)
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], colour.stroke_width(2)));
    Ok(())
}
