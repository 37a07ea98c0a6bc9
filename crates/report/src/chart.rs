//! Charts, drawn with plotters as PNG and SVG with the embedded DejaVu Sans so
//! that Cyrillic labels render on any machine, with or without system fonts.
//!
//! Every chart is one [`Plot`]: drawn once on a bitmap (the PNG file) and once
//! as SVG (the SVG file, and inline in report.html).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Once;

use model::Lang;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::{register_font, FontStyle};

use crate::doc::{Results, SchoolDoc, TreeDoc};
use crate::{write_file, ReportError};

/// DejaVu Sans (Bitstream Vera licence, see assets/DejaVuSans-LICENSE.txt).
static DEJAVU_SANS: &[u8] = include_bytes!("../assets/DejaVuSans.ttf");
const FONT: &str = "sans-serif";

fn register_embedded_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The embedded bytes are a valid font: a test draws a chart with them.
        let _ = register_font(FONT, FontStyle::Normal, DEJAVU_SANS);
    });
}

/// Colours of groups 1, 2, … (Tableau 10).
const PALETTE: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
    RGBColor(214, 39, 40),
];
const LOW: RGBColor = RGBColor(200, 0, 0);
const BASE: RGBColor = RGBColor(0, 120, 0);
const QUARTER: RGBColor = RGBColor(30, 90, 200);

fn group_colour(group: usize) -> RGBColor {
    PALETTE[group.saturating_sub(1) % PALETTE.len()]
}

type Drawn = Result<(), String>;

fn fail<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// The range of `values` with a margin, or `(-1, 1)` when there are none.
fn padded(values: impl Iterator<Item = f64>, margin: f64) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if !lo.is_finite() {
        return (-1.0, 1.0);
    }
    let pad = ((hi - lo) * margin).max(0.1);
    (lo - pad, hi + pad)
}

/// A file name part from a school id: letters, digits, `-` and `_` kept.
pub(crate) fn file_part(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// One chart of the run.
#[derive(Debug)]
pub(crate) enum Plot<'a> {
    /// Each peer group as a column of its schools by result.
    Overview,
    /// The schools on the first two principal components of the context.
    Map,
    /// How good each number of groups was, by the criterion that chose it.
    KSelection,
    /// A hierarchical method's merge tree with the cut.
    Dendrogram(&'a TreeDoc),
    /// One group's schools by result, with the median, the top quarter and intervals.
    Group(usize),
    /// A low school's indicators against its group's median and its base school.
    Profile(&'a SchoolDoc),
    /// A school's results over the years against its group's median.
    Years(&'a SchoolDoc),
}

/// A chart drawn: where its files are, and its SVG text.
#[derive(Debug, Clone)]
pub struct Figure {
    /// Path under charts/ without the extension, e.g. `group-1` or `years/0101`.
    pub stem: String,
    pub svg: String,
}

impl<'a> Plot<'a> {
    fn stem(&self, results: &Results) -> String {
        match self {
            Plot::Overview => "groups".to_owned(),
            Plot::Map => "map".to_owned(),
            Plot::KSelection => "k-selection".to_owned(),
            Plot::Dendrogram(t) => match results.trees.len() {
                1 => "dendrogram".to_owned(),
                _ => format!("dendrogram-{}", t.tier.unwrap_or("all")),
            },
            Plot::Group(g) => format!("group-{g}"),
            Plot::Profile(s) => format!("profile-{}", file_part(&s.school_id)),
            Plot::Years(s) => format!("years/{}", file_part(&s.school_id)),
        }
    }

    /// Whether report.html shows the chart: all but the years of schools that are not low.
    fn on_page(&self) -> bool {
        match self {
            Plot::Years(s) => s.status == "low",
            _ => true,
        }
    }

    fn size(&self, results: &Results) -> (u32, u32) {
        let rows = |n: usize| (140 + 26 * n as u32).clamp(300, 4000);
        match self {
            Plot::Overview => (1100, 650),
            Plot::Map => (1000, 750),
            Plot::KSelection => (800, 450),
            Plot::Dendrogram(t) => (
                1000,
                (120 + 14 * t.school_ids.len() as u32).clamp(400, 6000),
            ),
            Plot::Group(g) => (
                1000,
                rows(
                    results
                        .schools
                        .iter()
                        .filter(|s| s.peer_group == Some(*g))
                        .count(),
                ),
            ),
            Plot::Profile(s) => (900, rows(s.indicators.len())),
            Plot::Years(_) => (700, 400),
        }
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        results: &Results,
        shared: &Shared<'_>,
        lang: Lang,
    ) -> Drawn {
        root.fill(&WHITE).map_err(fail)?;
        match self {
            Plot::Overview => overview(root, results, lang),
            Plot::Map => map(root, results, lang),
            Plot::KSelection => k_selection(root, results, lang),
            Plot::Dendrogram(t) => dendrogram(root, results, t, lang),
            Plot::Group(g) => group(root, results, *g, lang),
            Plot::Profile(s) => profile(root, results, shared, s, lang),
            Plot::Years(s) => years(root, shared, s, lang),
        }?;
        root.present().map_err(fail)
    }

    /// Draws the chart to `charts/<stem>.png` and `.svg` under `out`; the
    /// files appear whole or not at all.
    fn render(
        &self,
        out: &Path,
        results: &Results,
        shared: &Shared<'_>,
        lang: Lang,
    ) -> Result<Figure, ReportError> {
        register_embedded_font();
        let stem = self.stem(results);
        let png = out.join("charts").join(format!("{stem}.png"));
        let svg_path = png.with_extension("svg");
        let size = self.size(results);
        let chart_error = |path: &Path, detail: String| ReportError::Chart {
            path: path.to_owned(),
            detail,
        };
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
            self.draw(&root, results, shared, lang)
                .map_err(|d| chart_error(&svg_path, d))?;
        }
        let (w, h) = size;
        let mut pixels = vec![0u8; 3 * w as usize * h as usize];
        {
            let root = BitMapBackend::with_buffer(&mut pixels, size).into_drawing_area();
            self.draw(&root, results, shared, lang)
                .map_err(|d| chart_error(&png, d))?;
        }
        let mut encoded = std::io::Cursor::new(Vec::new());
        image::RgbImage::from_raw(w, h, pixels)
            .ok_or_else(|| chart_error(&png, "the picture's buffer is not its size".into()))?
            .write_to(&mut encoded, image::ImageFormat::Png)
            .map_err(|e| chart_error(&png, e.to_string()))?;
        write_file(&png, encoded.get_ref())?;
        write_file(&svg_path, svg.as_bytes())?;
        Ok(Figure { stem, svg })
    }
}

/// Which charts a run draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartSet {
    /// Every chart, including each ranked school's results by year.
    All,
    /// The charts report.html shows: the district's, each group's and each
    /// low school's.
    Page,
    /// The district's and each group's charts, none per school.
    Groups,
    /// No charts (report.html without pictures).
    None,
    /// `All` up to [`ALL_CHARTS_UP_TO`] schools, `Page` up to
    /// [`PAGE_CHARTS_UP_TO`], `Groups` above: a region's thousands of
    /// per-school files, or a country's thousands of low schools' charts, cost
    /// more time than the rest of the run.
    Auto,
}

/// The most schools for which [`ChartSet::Auto`] draws every school's chart.
pub const ALL_CHARTS_UP_TO: usize = 500;
/// The most schools for which [`ChartSet::Auto`] draws each low school's charts.
pub const PAGE_CHARTS_UP_TO: usize = 10_000;

impl ChartSet {
    /// `Auto` made `All`, `Page` or `Groups` for a run of `schools`.
    pub fn resolve(self, schools: usize) -> ChartSet {
        match self {
            ChartSet::Auto if schools <= ALL_CHARTS_UP_TO => ChartSet::All,
            ChartSet::Auto if schools <= PAGE_CHARTS_UP_TO => ChartSet::Page,
            ChartSet::Auto => ChartSet::Groups,
            set => set,
        }
    }
}

/// The charts of `set`, in the order report.html shows them.
fn plots(results: &Results, set: ChartSet) -> Vec<Plot<'_>> {
    let set = set.resolve(results.schools.len());
    if set == ChartSet::None {
        return Vec::new();
    }
    let mut plots = vec![Plot::Overview, Plot::Map, Plot::KSelection];
    plots.extend(results.trees.iter().map(Plot::Dendrogram));
    plots.extend(results.groups.iter().map(|g| Plot::Group(g.peer_group)));
    if set == ChartSet::Groups {
        return plots;
    }
    plots.extend(
        results
            .schools
            .iter()
            .filter(|s| s.status == "low")
            .map(Plot::Profile),
    );
    plots.extend(
        results
            .schools
            .iter()
            .filter(|s| s.peer_group.is_some())
            .map(Plot::Years)
            .filter(|p| set == ChartSet::All || p.on_page()),
    );
    plots
}

/// The number of charts [`write_charts`] draws.
pub fn chart_count(results: &Results, set: ChartSet) -> usize {
    plots(results, set).len()
}

/// Draws the charts of `set` into `out/charts` (PNG and SVG), in parallel,
/// calling `progress` after each. Returns the figures report.html shows (the
/// SVG of the others is not kept) and every file written, in a fixed order.
pub fn write_charts(
    out: &Path,
    results: &Results,
    set: ChartSet,
    lang: Lang,
    progress: &(dyn Fn() + Sync),
) -> Result<(Vec<Figure>, Vec<PathBuf>), ReportError> {
    use rayon::prelude::*;
    let shared = Shared::new(results);
    let drawn: Vec<(Figure, bool)> = plots(results, set)
        .par_iter()
        .map(|plot| {
            let figure = plot.render(out, results, &shared, lang)?;
            progress();
            Ok((figure, plot.on_page()))
        })
        .collect::<Result<_, ReportError>>()?;
    let mut figures = Vec::new();
    let mut written = Vec::new();
    for (figure, on_page) in drawn {
        let base = out.join("charts").join(&figure.stem);
        written.push(base.with_extension("png"));
        written.push(base.with_extension("svg"));
        if on_page {
            figures.push(figure);
        }
    }
    Ok((figures, written))
}

fn caption_style() -> TextStyle<'static> {
    (FONT, 22).into()
}

fn legend<'a, DB: DrawingBackend + 'a, X, Y>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<X, Y>>,
    position: SeriesLabelPosition,
) -> Drawn
where
    X: Ranged,
    Y: Ranged,
{
    chart
        .configure_series_labels()
        .position(position)
        .label_font((FONT, 14))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()
        .map_err(fail)
}

fn overview<DB: DrawingBackend>(
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
        .y_desc(result_label(results, lang))
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

/// What schools are compared on within a group, as an axis title.
fn result_label(results: &Results, lang: Lang) -> &'static str {
    if results.manifest.parameters.compare == "adjusted" {
        lang.pick(
            "Результат с поправкой на условия (композитный балл, z)",
            "Result adjusted for conditions (composite score, z)",
        )
    } else {
        lang.pick(
            "Результат (композитный балл, z)",
            "Result (composite score, z)",
        )
    }
}

/// Low schools as red crosses and base schools as green triangles, with their legend.
fn marks<'a, DB: DrawingBackend + 'a>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    schools: &[&SchoolDoc],
    position: impl Fn(&SchoolDoc) -> Option<(f64, f64)>,
    lang: Lang,
) -> Drawn {
    chart
        .draw_series(
            schools
                .iter()
                .filter(|s| s.status == "low")
                .filter_map(|s| position(s).map(|p| Cross::new(p, 9, LOW.stroke_width(3)))),
        )
        .map_err(fail)?
        .label(lang.pick("низкие результаты", "low results"))
        .legend(|(x, y)| Cross::new((x + 10, y), 6, LOW.stroke_width(3)));
    chart
        .draw_series(
            schools
                .iter()
                .filter(|s| s.status == "base")
                .filter_map(|s| position(s).map(|p| TriangleMarker::new(p, 9, BASE.filled()))),
        )
        .map_err(fail)?
        .label(lang.pick("базовая школа", "base school"))
        .legend(|(x, y)| TriangleMarker::new((x + 10, y), 6, BASE.filled()));
    Ok(())
}

fn map<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, results: &Results, lang: Lang) -> Drawn {
    let placed: Vec<&SchoolDoc> = results
        .schools
        .iter()
        .filter(|s| s.map_position.is_some())
        .collect();
    let (x0, x1) = padded(
        placed.iter().filter_map(|s| s.map_position.map(|p| p[0])),
        0.08,
    );
    let x1 = x1 + (x1 - x0) * 0.25;
    let (y0, y1) = padded(
        placed.iter().filter_map(|s| s.map_position.map(|p| p[1])),
        0.08,
    );
    let share = |k: usize| crate::text::decimal(100.0 * results.map_explained[k], 0, lang);
    let mut chart = ChartBuilder::on(root)
        .caption(
            lang.pick("Карта групп сходных условий", "Map of the peer groups"),
            caption_style(),
        )
        .margin(20)
        .x_label_area_size(50)
        .y_label_area_size(60)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(fail)?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .x_desc(match lang {
            Lang::Ru => format!("Первая главная компонента условий ({}% различий)", share(0)),
            Lang::En => format!(
                "First principal component of the context ({}% of variance)",
                share(0)
            ),
        })
        .y_desc(match lang {
            Lang::Ru => format!("Вторая главная компонента ({}%)", share(1)),
            Lang::En => format!("Second principal component ({}%)", share(1)),
        })
        .label_style((FONT, 14))
        .axis_desc_style((FONT, 16))
        .draw()
        .map_err(fail)?;
    let at: BTreeMap<&str, (f64, f64)> = placed
        .iter()
        .filter_map(|s| s.map_position.map(|p| (s.school_id.as_str(), (p[0], p[1]))))
        .collect();
    chart
        .draw_series(results.pairs.iter().filter_map(|p| {
            let (a, b) = (
                at.get(p.low_school_id.as_str())?,
                at.get(p.base_school_id.as_str())?,
            );
            Some(PathElement::new(
                vec![*a, *b],
                BLACK.mix(0.6).stroke_width(2),
            ))
        }))
        .map_err(fail)?
        .label(lang.pick("пара", "pair"))
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK.stroke_width(2)));
    for g in &results.groups {
        let colour = group_colour(g.peer_group);
        chart
            .draw_series(
                placed
                    .iter()
                    .filter(|s| s.peer_group == Some(g.peer_group))
                    .filter_map(|s| at.get(s.school_id.as_str()))
                    .map(|&p| Circle::new(p, 6, colour.filled())),
            )
            .map_err(fail)?
            .label(format!("{} {}", lang.pick("группа", "group"), g.peer_group))
            .legend(move |(x, y)| Circle::new((x + 10, y), 5, colour.filled()));
    }
    marks(
        &mut chart,
        &placed,
        |s| at.get(s.school_id.as_str()).copied(),
        lang,
    )?;
    legend(&mut chart, SeriesLabelPosition::UpperRight)
}

/// The criterion's value of a candidate, and the criterion's name.
fn criterion_value(results: &Results, c: &crate::doc::KCandidateDoc) -> Option<f64> {
    match results.k_selection.criterion {
        "calinski_harabasz" => c.calinski_harabasz,
        "gap" => c.gap,
        _ => Some(c.silhouette),
    }
}

fn k_selection<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    results: &Results,
    lang: Lang,
) -> Drawn {
    let candidates = &results.k_selection.candidates;
    let (k0, k1) = candidates
        .iter()
        .fold((usize::MAX, 0), |(lo, hi), c| (lo.min(c.k), hi.max(c.k)));
    let (k0, k1) = if k0 > k1 {
        (1, 2)
    } else {
        (k0, k1.max(k0 + 1))
    };
    let (lo, hi) = padded(
        candidates
            .iter()
            .filter_map(|c| criterion_value(results, c)),
        0.1,
    );
    let name = match (results.k_selection.criterion, lang) {
        ("calinski_harabasz", Lang::Ru) => "Индекс Калинского — Харабаза",
        ("calinski_harabasz", Lang::En) => "Calinski-Harabasz index",
        ("gap", Lang::Ru) => "Gap-статистика",
        ("gap", Lang::En) => "Gap statistic",
        (_, Lang::Ru) => "Силуэт",
        (_, Lang::En) => "Silhouette",
    };
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
        let colour = PALETTE[t % PALETTE.len()];
        let points: Vec<(f64, f64, bool)> = candidates
            .iter()
            .filter(|c| c.tier == *tier)
            .filter_map(|c| Some((c.k as f64, criterion_value(results, c)?, c.admissible)))
            .collect();
        let label = match *tier {
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
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], colour.stroke_width(2))
            });
        chart
            .draw_series(points.iter().map(|&(x, y, ok)| {
                Circle::new(
                    (x, y),
                    5,
                    if ok {
                        colour.filled()
                    } else {
                        colour.stroke_width(1)
                    },
                )
            }))
            .map_err(fail)?;
        // The k chosen on this side: its number of groups.
        let chosen = results
            .groups
            .iter()
            .filter(|g| g.tier == *tier || tier.is_none())
            .count();
        chart
            .draw_series(
                points
                    .iter()
                    .filter(|p| p.0 as usize == chosen)
                    .map(|&(x, y, _)| Circle::new((x, y), 11, LOW.stroke_width(3))),
            )
            .map_err(fail)?;
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

fn dendrogram<DB: DrawingBackend>(
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
    // Leaves in the order of a walk from the root, left child first.
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

/// The interval of what a school is compared on: its score's interval moved with it.
fn compared_interval(s: &SchoolDoc) -> Option<(f64, f64, f64)> {
    let (c, score, [lo, hi]) = (s.compared_score?, s.score?, s.score_interval?);
    Some((c - (score - lo), c, c + (hi - score)))
}

fn group<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    results: &Results,
    g: usize,
    lang: Lang,
) -> Drawn {
    let mut schools: Vec<&SchoolDoc> = results
        .schools
        .iter()
        .filter(|s| s.peer_group == Some(g))
        .collect();
    schools.sort_by_key(|s| (s.rank_in_group, s.school_id.clone()));
    let n = schools.len().max(1);
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
    let mut chart = ChartBuilder::on(root)
        .caption(
            match lang {
                Lang::Ru => format!("Группа {g}: школы по результату"),
                Lang::En => format!("Group {g}: schools by result"),
            },
            caption_style(),
        )
        .margin(20)
        .x_label_area_size(45)
        .y_label_area_size(230)
        .build_cartesian_2d(lo..hi, (0..n as i32 - 1).into_segmented())
        .map_err(fail)?;
    let label = |i: usize| {
        n.checked_sub(1 + i)
            .and_then(|k| schools.get(k))
            .map(|s| {
                let name: String = s.name.chars().take(26).collect();
                format!("{}. {name}", s.rank_in_group.unwrap_or(0))
            })
            .unwrap_or_default()
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
        .x_desc(result_label(results, lang))
        .label_style((FONT, 13))
        .axis_desc_style((FONT, 15))
        .draw()
        .map_err(fail)?;
    let row = |k: usize| (n - 1 - k) as i32;
    chart
        .draw_series(schools.iter().enumerate().filter_map(|(k, s)| {
            let v = s.compared_score?;
            let colour = match s.status {
                "low" => LOW,
                "base" => BASE,
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
    chart
        .draw_series(schools.iter().enumerate().filter_map(|(k, s)| {
            let (a, _, b) = compared_interval(s)?;
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
    for (value, colour, text) in [
        (median, BLACK, lang.pick("медиана группы", "group median")),
        (
            quarter,
            QUARTER,
            lang.pick("верхняя четверть", "top quarter"),
        ),
    ] {
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
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], colour.stroke_width(2))
            });
    }
    legend(&mut chart, SeriesLabelPosition::LowerRight)
}

/// What the per-school charts read of the whole district, worked out once
/// for all of them (not once per chart: a region has thousands).
#[derive(Debug)]
pub(crate) struct Shared<'a> {
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

fn profile<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    results: &Results,
    shared: &Shared<'_>,
    school: &SchoolDoc,
    lang: Lang,
) -> Drawn {
    let scale = &shared.scale;
    let codes: Vec<&str> = school
        .indicators
        .iter()
        .filter(|(code, v)| v.is_some() && scale.contains_key(code.as_str()))
        .map(|(code, _)| code.as_str())
        .collect();
    let n = codes.len().max(1);
    let z = |code: &str, v: Option<f64>| {
        let (mean, sd) = scale.get(code)?;
        Some((v? - mean) / sd)
    };
    let base = shared.base_of.get(school.school_id.as_str()).copied();
    let group_median = |code: &str| {
        let g = school.peer_group?;
        z(code, shared.indicator_medians.get(&(g, code)).copied())
    };
    let row = |k: usize| (n - 1 - k) as i32;
    let points: Vec<ProfilePoint> = codes
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
                Lang::Ru => format!("{}: показатели против группы", school.name),
                Lang::En => format!("{}: indicators against the group", school.name),
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
        .x_desc(lang.pick(
            "Отклонение от среднего по району, в стандартных отклонениях",
            "Distance from the district mean, in standard deviations",
        ))
        .label_style((FONT, 12))
        .axis_desc_style((FONT, 14))
        .draw()
        .map_err(fail)?;
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
    if let Some(b) = base {
        chart
            .draw_series(points.iter().filter_map(|&(k, _, _, v)| {
                Some(TriangleMarker::new(
                    (v?, SegmentValue::CenterOf(row(k))),
                    8,
                    BASE.filled(),
                ))
            }))
            .map_err(fail)?
            .label(format!(
                "{}: {}",
                lang.pick("базовая школа", "base school"),
                b.name
            ))
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
        .label(school.name.clone())
        .legend(|(x, y)| Circle::new((x + 10, y), 5, LOW.filled()));
    legend(&mut chart, SeriesLabelPosition::LowerRight)
}

fn years<DB: DrawingBackend>(
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
        .y_desc(lang.pick("Результат (z)", "Result (z)"))
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
    let colour = match school.status {
        "low" => LOW,
        "base" => BASE,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_draws_every_chart_then_the_page_then_the_groups() {
        let auto = |schools| ChartSet::Auto.resolve(schools);
        assert_eq!(auto(30), ChartSet::All);
        assert_eq!(auto(ALL_CHARTS_UP_TO), ChartSet::All);
        assert_eq!(auto(ALL_CHARTS_UP_TO + 1), ChartSet::Page);
        assert_eq!(auto(PAGE_CHARTS_UP_TO), ChartSet::Page);
        assert_eq!(auto(PAGE_CHARTS_UP_TO + 1), ChartSet::Groups);
        // A set asked for is kept at any size.
        for set in [
            ChartSet::All,
            ChartSet::Page,
            ChartSet::Groups,
            ChartSet::None,
        ] {
            assert_eq!(set.resolve(3), set);
            assert_eq!(set.resolve(40_000), set);
        }
    }
}
