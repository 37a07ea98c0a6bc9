//! The per-school charts (a low school's profile against its group and base school, every
//! school's results by year), and what they read of the whole district, worked out once.

use super::*;

/// What the per-school charts read of the whole district, worked out once
/// for all of them (not once per chart: a region has thousands).
#[derive(Debug)]
pub(super) struct Shared<'a> {
    /// Each indicator's district mean and standard deviation over the ranked schools.
    scale: BTreeMap<&'a str, (f64, f64)>,
    /// Each group's median of each indicator, by group and code.
    indicator_medians: BTreeMap<(usize, &'a str), f64>,
    /// Each group's median of the year's composite, by group and year.
    year_medians: BTreeMap<(usize, u16), f64>,
    /// Each paired low school's base school, by the low school's id.
    base_of: BTreeMap<&'a str, &'a SchoolDoc>,
}

/// The median of each list.
fn medians<K: Ord>(lists: BTreeMap<K, Vec<f64>>) -> BTreeMap<K, f64> {
    lists
        .into_iter()
        .filter_map(|(k, v)| Some((k, features::median(&v)?)))
        .collect()
}

/// A school's composite of one year alone.
fn year_score(s: &SchoolDoc, year: u16) -> Option<f64> {
    s.by_year.get(&year)?.get("score").copied().flatten()
}

impl<'a> Shared<'a> {
    pub(crate) fn new(results: &'a Results) -> Shared<'a> {
        let mut district: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
        let mut by_group: BTreeMap<(usize, &str), Vec<f64>> = BTreeMap::new();
        let mut by_year: BTreeMap<(usize, u16), Vec<f64>> = BTreeMap::new();
        for s in &results.schools {
            for (code, v) in &s.indicators {
                if let Some(v) = v {
                    district.entry(code.as_str()).or_default().push(*v);
                    if let Some(g) = s.peer_group {
                        by_group.entry((g, code.as_str())).or_default().push(*v);
                    }
                }
            }
            if let Some(g) = s.peer_group {
                for &year in s.by_year.keys() {
                    if let Some(v) = year_score(s, year) {
                        by_year.entry((g, year)).or_default().push(v);
                    }
                }
            }
        }
        let by_id: BTreeMap<&str, &SchoolDoc> = results
            .schools
            .iter()
            .map(|s| (s.school_id.as_str(), s))
            .collect();
        Shared {
            scale: district
                .into_iter()
                .filter_map(|(code, v)| {
                    let mean = features::mean(&v)?;
                    let sd = features::std_dev(&v).filter(|sd| *sd > 1e-12)?;
                    Some((code, (mean, sd)))
                })
                .collect(),
            indicator_medians: medians(by_group),
            year_medians: medians(by_year),
            base_of: results
                .pairs
                .iter()
                .filter_map(|p| {
                    Some((
                        p.low_school_id.as_str(),
                        *by_id.get(p.base_school_id.as_str())?,
                    ))
                })
                .collect(),
        }
    }
}

/// An indicator's row of the profile chart: the school's value, the group
/// median and the base school's, in district standard deviations.
type ProfilePoint = (usize, Option<f64>, Option<f64>, Option<f64>);

pub(super) fn profile<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    results: &Results,
    shared: &Shared<'_>,
    school: &SchoolDoc,
    lang: Lang,
) -> Drawn {
    let (codes, points) = profile_points(shared, school);
    let n = codes.len().max(1);
    let base = shared.base_of.get(school.school_id.as_str()).copied();
    let (lo, hi) = padded(
        points
            .iter()
            .flat_map(|&(_, a, b, c)| [a, b, c])
            .flatten()
            .chain([-1.0, 1.0]),
        0.05,
    );
    let hi = hi + (hi - lo) * 0.45;
    let name = |code: &str| {
        results
            .indicator_names
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_owned())
    };
    let mut chart = ChartBuilder::on(root)
        .caption(
            match lang {
                Lang::Ru => format!(
                    "{}: показатели против группы{}",
                    school.name,
                    base_name(base, lang)
                ),
                Lang::En => format!(
                    "{}: indicators against the group{}",
                    school.name,
                    base_name(base, lang)
                ),
            },
            (FONT, 18),
        )
        .margin(20)
        .x_label_area_size(45)
        .y_label_area_size(300)
        .build_cartesian_2d(lo..hi, (0..n as i32 - 1).into_segmented())
        .map_err(fail)?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .y_labels(n)
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) if *i >= 0 && (*i as usize) < n => codes
                .get(n - 1 - *i as usize)
                .map(|c| name(c))
                .unwrap_or_default(),
            _ => String::new(),
        })
        // Short enough for the plotting area beside the long indicator names; the page says the
        // rest (for conditions, right is more).
        .x_desc(lang.pick(
            "От среднего по району, ст. откл.; правее — лучше",
            "From the district mean, in SD; right is better",
        ))
        .label_style((FONT, 12))
        .axis_desc_style((FONT, 14))
        .draw()
        .map_err(fail)?;
    profile_marks(&mut chart, &points, n, base.is_some(), lang)?;
    legend(&mut chart, SeriesLabelPosition::LowerRight)
}

/// The indicators the profile shows (those with a value and a district scale), and for each
/// its row with the school's, the group median's and the base school's value on the
/// district scale.
fn profile_points<'a>(
    shared: &Shared<'_>,
    school: &'a SchoolDoc,
) -> (Vec<&'a str>, Vec<ProfilePoint>) {
    let scale = &shared.scale;
    let codes: Vec<&str> = school
        .indicators
        .iter()
        .filter(|(code, v)| v.is_some() && scale.contains_key(code.as_str()))
        .map(|(code, _)| code.as_str())
        .collect();
    // Every row reads the same way: right is better (an indicator where less is better, such
    // as the share below the minimum, is turned round).
    let z = |code: &str, v: Option<f64>| {
        let (mean, sd) = scale.get(code)?;
        Some(better_sign(code) * (v? - mean) / sd)
    };
    let base = shared.base_of.get(school.school_id.as_str()).copied();
    let group_median = |code: &str| {
        let g = school.peer_group?;
        z(code, shared.indicator_medians.get(&(g, code)).copied())
    };
    let points = codes
        .iter()
        .enumerate()
        .map(|(k, &code)| {
            (
                k,
                z(code, school.indicators.get(code).copied().flatten()),
                group_median(code),
                base.and_then(|b| z(code, b.indicators.get(code).copied().flatten())),
            )
        })
        .collect();
    (codes, points)
}

/// The base school in the profile's caption: « и базовой школы …».
fn base_name(base: Option<&SchoolDoc>, lang: Lang) -> String {
    base.map_or_else(String::new, |b| match lang {
        Lang::Ru => format!(" и базовой школы {}", b.name),
        Lang::En => format!(" and the base school {}", b.name),
    })
}

/// −1 for a built-in indicator where less is better, else 1.
fn better_sign(code: &str) -> f64 {
    let lower = (features::Indicator::BUILT_IN.iter())
        .any(|i| i.code() == code && i.direction() == features::Direction::LowerIsBetter);
    if lower {
        -1.0
    } else {
        1.0
    }
}

/// The group medians as bars, the base school's values as triangles, the school's as dots.
fn profile_marks<'a, DB: DrawingBackend + 'a>(
    chart: &mut RowChart<'a, DB>,
    points: &[ProfilePoint],
    n: usize,
    has_base: bool,
    lang: Lang,
) -> Drawn {
    let row = |k: usize| (n - 1 - k) as i32;
    chart
        .draw_series(points.iter().filter_map(|&(k, _, m, _)| {
            let m = m?;
            Some(PathElement::new(
                vec![
                    (m, SegmentValue::Exact(row(k))),
                    (m, SegmentValue::Exact(row(k) + 1)),
                ],
                BLACK.stroke_width(3),
            ))
        }))
        .map_err(fail)?
        .label(lang.pick("медиана группы", "group median"))
        .legend(|(x, y)| {
            PathElement::new(
                vec![(x + 10, y - 6), (x + 10, y + 6)],
                BLACK.stroke_width(3),
            )
        });
    if has_base {
        chart
            .draw_series(points.iter().filter_map(|&(k, _, _, v)| {
                Some(TriangleMarker::new(
                    (v?, SegmentValue::CenterOf(row(k))),
                    8,
                    BASE.filled(),
                ))
            }))
            .map_err(fail)?
            .label(lang.pick("базовая школа", "base school"))
            .legend(|(x, y)| TriangleMarker::new((x + 10, y), 6, BASE.filled()));
    }
    chart
        .draw_series(points.iter().filter_map(|&(k, v, _, _)| {
            Some(Circle::new(
                (v?, SegmentValue::CenterOf(row(k))),
                7,
                LOW.filled(),
            ))
        }))
        .map_err(fail)?
        .label(lang.pick("школа", "the school"))
        .legend(|(x, y)| Circle::new((x + 10, y), 5, LOW.filled()));
    Ok(())
}

pub(super) fn years<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    shared: &Shared<'_>,
    school: &SchoolDoc,
    lang: Lang,
) -> Drawn {
    let years: Vec<u16> = school.by_year.keys().copied().collect();
    let own: Vec<(f64, f64)> = years
        .iter()
        .filter_map(|&y| Some((y as f64, year_score(school, y)?)))
        .collect();
    let medians: Vec<(f64, f64)> = years
        .iter()
        .filter_map(|&y| {
            let m = shared.year_medians.get(&(school.peer_group?, y))?;
            Some((y as f64, *m))
        })
        .collect();
    let (lo, hi) = padded(own.iter().chain(&medians).map(|p| p.1), 0.1);
    let hi = hi + (hi - lo) * 0.4;
    let (first, last) = (
        years.first().copied().unwrap_or(2000) as f64,
        years.last().copied().unwrap_or(2000) as f64,
    );
    let mut chart = ChartBuilder::on(root)
        .caption(
            match lang {
                Lang::Ru => format!("{}: результаты по годам", school.name),
                Lang::En => format!("{}: results by year", school.name),
            },
            (FONT, 16),
        )
        .margin(15)
        .x_label_area_size(40)
        .y_label_area_size(55)
        .build_cartesian_2d(first - 0.4..last + 0.4, lo..hi)
        .map_err(fail)?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .x_labels(years.len().max(2) * 2 + 1)
        .x_label_formatter(&|x| {
            if (x - x.round()).abs() < 1e-6 {
                format!("{}", x.round() as i64)
            } else {
                String::new()
            }
        })
        .y_desc(lang.pick(
            "Результат (z), выше — лучше",
            "Result (z), higher is better",
        ))
        .label_style((FONT, 12))
        .axis_desc_style((FONT, 13))
        .draw()
        .map_err(fail)?;
    chart
        .draw_series(LineSeries::new(
            medians.iter().copied(),
            BLACK.stroke_width(2),
        ))
        .map_err(fail)?
        .label(lang.pick("медиана группы", "group median"))
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK.stroke_width(2)));
    // Each year's median as a mark too: one year of results has no line to draw.
    chart
        .draw_series((medians.iter()).map(|&(x, m)| {
            PathElement::new(vec![(x - 0.15, m), (x + 0.15, m)], BLACK.stroke_width(3))
        }))
        .map_err(fail)?;
    let colour = match school.status {
        Some(Status::Low) => LOW,
        Some(Status::Base) => BASE,
        _ => school.peer_group.map_or(BLACK, group_colour),
    };
    chart
        .draw_series(LineSeries::new(own.iter().copied(), colour.stroke_width(3)))
        .map_err(fail)?
        .label(lang.pick("школа", "school"))
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], colour.stroke_width(3)));
    chart
        .draw_series(own.iter().map(|&p| Circle::new(p, 5, colour.filled())))
        .map_err(fail)?;
    legend(&mut chart, SeriesLabelPosition::UpperRight)
}
