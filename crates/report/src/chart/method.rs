//! The method's charts: how good each number of groups was, and a hierarchical method's tree.

use super::*;

/// The criterion's value of a candidate, and the criterion's name.
fn criterion_value(results: &Results, c: &crate::doc::KCandidateDoc) -> Option<f64> {
    match results.k_selection.criterion {
        "calinski_harabasz" => c.calinski_harabasz,
        "gap" => c.gap,
        _ => Some(c.silhouette),
    }
}

pub(super) fn k_selection<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    results: &Results,
    lang: Lang,
) -> Drawn {
    let candidates = &results.k_selection.candidates;
    let (k0, k1) = k_range(candidates);
    let (lo, hi) = padded(
        candidates
            .iter()
            .filter_map(|c| criterion_value(results, c)),
        0.1,
    );
    let name = criterion_name(results.k_selection.criterion, lang);
    let mut chart = ChartBuilder::on(root)
        .caption(
            lang.pick("Выбор числа групп", "Choosing the number of groups"),
            caption_style(),
        )
        .margin(20)
        .x_label_area_size(45)
        .y_label_area_size(70)
        .build_cartesian_2d(k0 as f64 - 0.5..k1 as f64 + 0.5, lo..hi)
        .map_err(fail)?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .x_labels(k1 - k0 + 2)
        .x_label_formatter(&|x| {
            if (x - x.round()).abs() < 1e-6 {
                format!("{}", x.round() as i64)
            } else {
                String::new()
            }
        })
        .x_desc(lang.pick("Число групп k", "Number of groups k"))
        .y_desc(name)
        .label_style((FONT, 14))
        .axis_desc_style((FONT, 16))
        .draw()
        .map_err(fail)?;
    let mut tiers: Vec<Option<&str>> = candidates.iter().map(|c| c.tier).collect();
    tiers.dedup();
    for (t, tier) in tiers.iter().enumerate() {
        tier_series(
            &mut chart,
            results,
            *tier,
            PALETTE[t % PALETTE.len()],
            name,
            lang,
        )?;
    }
    chart
        .draw_series(std::iter::once(Circle::new((k0 as f64 - 10.0, lo), 0, LOW)))
        .map_err(fail)?
        .label(lang.pick(
            "выбрано; пустой кружок — недопустимо",
            "chosen; hollow: not admissible",
        ))
        .legend(|(x, y)| Circle::new((x + 10, y), 6, LOW.stroke_width(3)));
    legend(&mut chart, SeriesLabelPosition::LowerRight)
}

/// The smallest and largest k tried (at least two apart from each other's side).
fn k_range(candidates: &[crate::doc::KCandidateDoc]) -> (usize, usize) {
    let (k0, k1) = candidates
        .iter()
        .fold((usize::MAX, 0), |(lo, hi), c| (lo.min(c.k), hi.max(c.k)));
    if k0 > k1 {
        (1, 2)
    } else {
        (k0, k1.max(k0 + 1))
    }
}

/// The criterion's name, as the axis shows it.
fn criterion_name(criterion: &str, lang: Lang) -> &'static str {
    match (criterion, lang) {
        ("calinski_harabasz", Lang::Ru) => "Индекс Калинского — Харабаза",
        ("calinski_harabasz", Lang::En) => "Calinski-Harabasz index",
        ("gap", Lang::Ru) => "Gap-статистика",
        ("gap", Lang::En) => "Gap statistic",
        (_, Lang::Ru) => "Силуэт",
        (_, Lang::En) => "Silhouette",
    }
}

/// One side of the split (or the whole district): the criterion by k, admissible k filled,
/// the k chosen circled.
fn tier_series<'a, DB: DrawingBackend + 'a>(
    chart: &mut XyChart<'a, DB>,
    results: &Results,
    tier: Option<&str>,
    colour: RGBColor,
    name: &str,
    lang: Lang,
) -> Drawn {
    let points: Vec<(f64, f64, bool)> = results
        .k_selection
        .candidates
        .iter()
        .filter(|c| c.tier == tier)
        .filter_map(|c| Some((c.k as f64, criterion_value(results, c)?, c.admissible)))
        .collect();
    let label = match tier {
        Some("full_secondary") => lang.pick("средние школы", "secondary schools").to_owned(),
        Some(_) => lang
            .pick("основные и начальные школы", "basic and primary schools")
            .to_owned(),
        None => name.to_owned(),
    };
    chart
        .draw_series(LineSeries::new(
            points.iter().map(|&(x, y, _)| (x, y)),
            colour.stroke_width(2),
        ))
        .map_err(fail)?
        .label(label)
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], colour.stroke_width(2)));
    chart
        .draw_series(points.iter().map(|&(x, y, ok)| {
            let style = if ok {
                colour.filled()
            } else {
                colour.stroke_width(1)
            };
            Circle::new((x, y), 5, style)
        }))
        .map_err(fail)?;
    // The k chosen on this side: its number of groups.
    let chosen = results
        .groups
        .iter()
        .filter(|g| g.tier == tier || tier.is_none())
        .count();
    chart
        .draw_series(
            points
                .iter()
                .filter(|p| p.0 as usize == chosen)
                .map(|&(x, y, _)| Circle::new((x, y), 11, LOW.stroke_width(3))),
        )
        .map_err(fail)?;
    Ok(())
}

pub(super) fn dendrogram<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    results: &Results,
    tree: &TreeDoc,
    lang: Lang,
) -> Drawn {
    let n = tree.school_ids.len();
    let top = tree
        .merges
        .last()
        .map_or(1.0, |m| m[2])
        .max(tree.cut_height)
        * 1.05;
    let order = leaf_order(tree);
    let mut place = vec![0.0; n + tree.merges.len()];
    for (y, &leaf) in order.iter().enumerate() {
        place[leaf] = (n - 1 - y) as f64;
    }
    let label_space = top * 0.3;
    let mut chart = ChartBuilder::on(root)
        .caption(
            match lang {
                Lang::Ru => format!("Дерево объединения школ (групп: {})", tree.groups),
                Lang::En => format!(
                    "Merge tree of the schools (cut into {} groups)",
                    tree.groups
                ),
            },
            caption_style(),
        )
        .margin(20)
        .x_label_area_size(45)
        .y_label_area_size(10)
        .build_cartesian_2d(-label_space..top, -1.0..n as f64)
        .map_err(fail)?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .disable_y_mesh()
        .y_labels(0)
        .x_label_formatter(&|x| {
            if *x < 0.0 {
                String::new()
            } else {
                crate::text::decimal(*x, 1, lang)
            }
        })
        .x_desc(lang.pick("Расстояние объединения", "Merge distance"))
        .label_style((FONT, 13))
        .axis_desc_style((FONT, 15))
        .draw()
        .map_err(fail)?;
    let group_of: BTreeMap<&str, usize> = results
        .schools
        .iter()
        .filter_map(|s| Some((s.school_id.as_str(), s.peer_group?)))
        .collect();
    let lines = merge_lines(tree, &mut place);
    chart
        .draw_series(
            lines
                .into_iter()
                .map(|l| PathElement::new(l, BLACK.stroke_width(1))),
        )
        .map_err(fail)?;
    let font_size = if n > 80 { 9 } else { 12 };
    chart
        .draw_series(order.iter().map(|&leaf| {
            let id = tree.school_ids[leaf].as_str();
            let colour = group_of.get(id).map_or(BLACK, |&g| group_colour(g));
            let mut style = TextStyle::from((FONT, font_size));
            style.color = colour.to_backend_color();
            Text::new(
                id.to_owned(),
                (-label_space * 0.95, place[leaf] + 0.3),
                style,
            )
        }))
        .map_err(fail)?;
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(tree.cut_height, -0.5), (tree.cut_height, n as f64 - 0.5)],
            LOW.stroke_width(2),
        )))
        .map_err(fail)?
        .label(lang.pick("разрез на группы", "cut into groups"))
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], LOW.stroke_width(2)));
    legend(&mut chart, SeriesLabelPosition::LowerRight)
}

/// The leaves in the order of a walk from the root, left child first.
fn leaf_order(tree: &TreeDoc) -> Vec<usize> {
    let n = tree.school_ids.len();
    let mut order = Vec::with_capacity(n);
    let mut stack = vec![n + tree.merges.len().saturating_sub(1)];
    if tree.merges.is_empty() {
        stack = (0..n).rev().collect();
    }
    while let Some(c) = stack.pop() {
        if c < n {
            order.push(c);
        } else if let Some(m) = tree.merges.get(c - n) {
            stack.push(m[1] as usize);
            stack.push(m[0] as usize);
        }
    }
    order
}

/// Each merge as a bracket from its two children to its height; each merged cluster placed
/// between its children (`place` holds the leaves' places and gets the clusters').
fn merge_lines(tree: &TreeDoc, place: &mut [f64]) -> Vec<Vec<(f64, f64)>> {
    let n = tree.school_ids.len();
    let mut lines = Vec::new();
    for (m, merge) in tree.merges.iter().enumerate() {
        let (a, b, h) = (merge[0] as usize, merge[1] as usize, merge[2]);
        let height = |c: usize| if c < n { 0.0 } else { tree.merges[c - n][2] };
        lines.push(vec![
            (height(a), place[a]),
            (h, place[a]),
            (h, place[b]),
            (height(b), place[b]),
        ]);
        place[n + m] = (place[a] + place[b]) / 2.0;
    }
    lines
}
