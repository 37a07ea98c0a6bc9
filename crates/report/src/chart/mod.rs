//! Charts, drawn with plotters as PNG and SVG with the embedded DejaVu Sans so
//! that Cyrillic labels render on any machine, with or without system fonts.
//!
//! Every chart is one [`Plot`]: drawn once on a bitmap (the PNG file) and once
//! as SVG (the SVG file, and inline in report.html).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Once;

use advise::Status;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::ImageEncoder;
use model::Lang;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::{register_font, FontStyle};

use crate::doc::{Results, SchoolDoc, TreeDoc};
use crate::write::WrittenFile;
use crate::{write_file, ReportError};

mod district;
pub(crate) mod evaluation;
mod group;
mod map;
mod method;
mod school;
mod scorecard;
mod texts;

use district::overview;
use group::group;
use map::map;
pub(crate) use map::DOTS_UP_TO;
use method::{dendrogram, k_selection};
use school::{profile, years, Shared};
use scorecard::scorecard;
pub(crate) use scorecard::MAX_CLUSTERS;

/// DejaVu Sans (Bitstream Vera licence, see assets/DejaVuSans-LICENSE.txt).
static DEJAVU_SANS: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");
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

/// The most characters of a school id kept in a chart's file name.
const ID_IN_NAME: usize = 40;

/// The part of a per-school chart's file name (and of its anchor in report.html) for the school
/// at `position` in results.json's schools: the position from 1, four digits at least, then the
/// id with only letters, digits, `-` and `_` kept, at most [`ID_IN_NAME`] characters of it.
/// Unique because positions are: `K.4` and `K_4` are `0007-K_4` and `0008-K_4`.
pub(crate) fn school_part(position: usize, id: &str) -> String {
    let id: String = id
        .chars()
        .take(ID_IN_NAME)
        .map(|c| match c.is_alphanumeric() || c == '-' || c == '_' {
            true => c,
            false => '_',
        })
        .collect();
    format!("{:04}-{id}", position + 1)
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
    /// A low school's indicators against its group's median and its base school (with the
    /// school's position in results.json's schools).
    Profile(usize, &'a SchoolDoc),
    /// A school's results over the years against its group's median.
    Years(usize, &'a SchoolDoc),
    /// The methodical clusters' points of the latest year, criteria stacked.
    Scorecard,
}

/// The ids of the schools group `g`'s chart shows (every school of a group of up to
/// `group::MAX_BARS`).
pub(crate) fn shown_ids(results: &Results, g: usize) -> std::collections::BTreeSet<&str> {
    (group::shown_rows(results, g).into_iter())
        .filter_map(|r| r.ok())
        .map(|s| s.school_id.as_str())
        .collect()
}

/// A chart drawn: where its files are, and its SVG text.
#[derive(Debug, Clone)]
pub struct Figure {
    /// Path under charts/ without the extension, e.g. `group-1` or `years/0101`.
    pub stem: String,
    /// The SVG text, inlined in report.html.
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
            Plot::Profile(i, s) => format!("profile-{}", school_part(*i, &s.school_id)),
            Plot::Years(i, s) => format!("years/{}", school_part(*i, &s.school_id)),
            Plot::Scorecard => "scorecard".to_owned(),
        }
    }

    /// Whether report.html shows the chart: all but the years of schools that are not low.
    fn on_page(&self) -> bool {
        match self {
            Plot::Years(_, s) => s.status == Some(Status::Low),
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
            Plot::Group(g) => (1000, rows(group::shown_rows(results, *g).len())),
            Plot::Profile(_, s) => (900, rows(s.indicators.len())),
            Plot::Years(..) => (700, 400),
            Plot::Scorecard => (1000, rows(scorecard::latest_cards(results).len())),
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
            Plot::Profile(_, s) => profile(root, results, shared, s, lang),
            Plot::Years(_, s) => years(root, shared, s, lang),
            Plot::Scorecard => scorecard(root, results, lang),
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
    ) -> Result<(Figure, [WrittenFile; 2]), ReportError> {
        register_embedded_font();
        let stem = self.stem(results);
        // Named by format, not `with_extension`: a stem may hold a dot.
        let png = out.join("charts").join(format!("{stem}.png"));
        let svg_path = out.join("charts").join(format!("{stem}.svg"));
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
            let bitmap = BitMapBackend::with_buffer(&mut pixels, size);
            let root = texts::KeptTexts(bitmap).into_drawing_area();
            self.draw(&root, results, shared, lang)
                .map_err(|d| chart_error(&png, d))?;
        }
        let mut encoded = std::io::Cursor::new(Vec::new());
        // Paeth's filter on every line: choosing a filter per line (the default) took 0.3 s
        // of a region's 1.8 s of charts, for files 5% smaller.
        PngEncoder::new_with_quality(&mut encoded, CompressionType::Fast, FilterType::Paeth)
            .write_image(&pixels, w, h, image::ColorType::Rgb8)
            .map_err(|e| chart_error(&png, e.to_string()))?;
        let files = [
            write_file(&png, encoded.get_ref())?,
            write_file(&svg_path, svg.as_bytes())?,
        ];
        Ok((Figure { stem, svg }, files))
    }

    /// The school a per-school chart shows.
    fn school(&self) -> Option<&'a SchoolDoc> {
        match self {
            Plot::Profile(_, s) | Plot::Years(_, s) => Some(s),
            _ => None,
        }
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
    if !results.scorecards.is_empty() {
        plots.push(Plot::Scorecard);
    }
    if set == ChartSet::Groups {
        return plots;
    }
    plots.extend(
        results
            .schools
            .iter()
            .enumerate()
            .filter(|(_, s)| s.status == Some(Status::Low))
            .map(|(i, s)| Plot::Profile(i, s)),
    );
    plots.extend(
        results
            .schools
            .iter()
            .enumerate()
            .filter(|(_, s)| s.peer_group.is_some())
            .map(|(i, s)| Plot::Years(i, s))
            .filter(|p| set == ChartSet::All || p.on_page()),
    );
    plots
}

/// The number of charts [`write_charts`] draws.
pub fn chart_count(results: &Results, set: ChartSet) -> usize {
    plots(results, set).len()
}

/// A chart's file written, with the school it shows (for a per-school chart).
pub type ChartFile = (WrittenFile, Option<String>);

/// Draws the charts of `set` into `out/charts` (PNG and SVG), in parallel,
/// calling `progress` after each. Returns the figures report.html shows (the
/// SVG of the others is not kept) and every file written, in a fixed order.
pub fn write_charts(
    out: &Path,
    results: &Results,
    set: ChartSet,
    lang: Lang,
    progress: &(dyn Fn() + Sync),
) -> Result<(Vec<Figure>, Vec<ChartFile>), ReportError> {
    use rayon::prelude::*;
    let shared = Shared::new(results);
    // A chart per job: the pool starts on them while the tables are written on one of its
    // threads, and rayon's own splitting would leave a quarter of the charts as one job that no
    // idle thread can take a part of (a tenth of the region's run on one core).
    let drawn: Vec<_> = plots(results, set)
        .par_iter()
        .with_max_len(1)
        .map(|plot| {
            let (figure, files) = plot.render(out, results, &shared, lang)?;
            progress();
            let school = plot.school().map(|s| s.school_id.clone());
            Ok((figure, files, school, plot.on_page()))
        })
        .collect::<Result<_, ReportError>>()?;
    let mut figures = Vec::new();
    let mut written = Vec::new();
    for (figure, files, school, on_page) in drawn {
        written.extend(files.into_iter().map(|f| (f, school.clone())));
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

/// What schools are compared on within a group, as an axis title, with the way that is
/// better: right on an axis `across`, up otherwise.
fn result_label(results: &Results, across: bool, lang: Lang) -> String {
    let what = if results.manifest.parameters.compare == "adjusted" {
        lang.pick(
            "Результат с поправкой на условия (композитный балл, z)",
            "Result adjusted for conditions (composite score, z)",
        )
    } else {
        lang.pick(
            "Результат (композитный балл, z)",
            "Result (composite score, z)",
        )
    };
    let better = match (across, lang) {
        (true, Lang::Ru) => "правее — лучше",
        (false, Lang::Ru) => "выше — лучше",
        (true, Lang::En) => "right is better",
        (false, Lang::En) => "higher is better",
    };
    format!("{what}, {better}")
}

/// A chart's plotting area with a value across and a row per item (a school, an indicator).
type RowChart<'a, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<
        RangedCoordf64,
        plotters::coord::ranged1d::SegmentedCoord<plotters::coord::types::RangedCoordi32>,
    >,
>;

/// A chart of `rows` rows down the left, their labels 230 px wide, over `across`.
fn row_chart<'a, DB: DrawingBackend + 'a>(
    root: &'a DrawingArea<DB, Shift>,
    caption: String,
    across: std::ops::Range<f64>,
    rows: usize,
) -> Result<RowChart<'a, DB>, String> {
    ChartBuilder::on(root)
        .caption(caption, caption_style())
        .margin(20)
        .x_label_area_size(45)
        .y_label_area_size(230)
        .build_cartesian_2d(across, (0..rows as i32 - 1).into_segmented())
        .map_err(fail)
}

/// A chart's plotting area with numbers on both axes.
type XyChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Low schools as red crosses and base schools as green triangles, with their legend; smaller
/// when there are more than [`DOTS_UP_TO`] `schools`.
fn marks<'a, DB: DrawingBackend + 'a>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    schools: &[&SchoolDoc],
    position: impl Fn(&SchoolDoc) -> Option<(f64, f64)>,
    lang: Lang,
) -> Drawn {
    let (size, stroke) = if schools.len() > DOTS_UP_TO {
        (5, 2)
    } else {
        (9, 3)
    };

    chart
        .draw_series(
            schools
                .iter()
                .filter(|s| s.status == Some(Status::Low))
                .filter_map(|s| position(s).map(|p| Cross::new(p, size, LOW.stroke_width(stroke)))),
        )
        .map_err(fail)?
        .label(lang.pick("низкие результаты", "low results"))
        .legend(|(x, y)| Cross::new((x + 10, y), 6, LOW.stroke_width(3)));
    chart
        .draw_series(
            schools
                .iter()
                .filter(|s| s.status == Some(Status::Base))
                .filter_map(|s| position(s).map(|p| TriangleMarker::new(p, size, BASE.filled()))),
        )
        .map_err(fail)?
        .label(lang.pick("базовая школа", "base school"))
        .legend(|(x, y)| TriangleMarker::new((x + 10, y), 6, BASE.filled()));
    Ok(())
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
