//! Charts, drawn with plotters and the embedded DejaVu Sans so that Cyrillic
//! labels render on any machine, with or without system fonts.

use std::path::Path;
use std::sync::Once;

use ingest::Lang;
use plotters::prelude::*;
use plotters::style::{register_font, FontStyle};

use crate::doc::Results;
use crate::ReportError;

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

/// Each peer group as a column of its schools by composite outcome: the group
/// median as a line, low-result schools as red crosses, base schools as green
/// triangles.
pub fn draw_groups_chart(path: &Path, results: &Results, lang: Lang) -> Result<(), ReportError> {
    register_embedded_font();
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|source| ReportError::Io {
            path: parent.to_owned(),
            source,
        })?;
    }
    let fail = |e: &dyn std::fmt::Display| ReportError::Chart {
        path: path.to_owned(),
        detail: e.to_string(),
    };
    let k = results.groups.len().max(1);
    let ranked: Vec<_> = results
        .schools
        .iter()
        .filter(|s| s.score.is_some())
        .collect();
    let (lo, hi) = ranked
        .iter()
        .filter_map(|s| s.score)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    let (lo, hi) = if lo.is_finite() {
        (lo - 0.3, hi + 0.3)
    } else {
        (-1.0, 1.0)
    };

    // Drawn to a temporary file, then renamed: a failed draw leaves no half picture.
    let tmp = path.with_extension("tmp-write.png");
    {
        let root = BitMapBackend::new(&tmp, (1100, 650)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| fail(&e))?;
        let title = lang.pick("Школы по группам сходных условий", "Schools by peer group");
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FONT, 26))
            .margin(20)
            .x_label_area_size(50)
            .y_label_area_size(70)
            .build_cartesian_2d(0.5f64..(k as f64 + 0.5), lo..hi)
            .map_err(|e| fail(&e))?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(k)
            .x_label_formatter(&|x| format!("{}", x.round() as i64))
            .x_desc(lang.pick("Группа сходных условий", "Peer group"))
            .y_desc(lang.pick(
                "Результат (композитный балл, z)",
                "Result (composite score, z)",
            ))
            .label_style((FONT, 16))
            .axis_desc_style((FONT, 18))
            .draw()
            .map_err(|e| fail(&e))?;

        for g in &results.groups {
            let x = g.peer_group as f64;
            chart
                .draw_series(LineSeries::new(
                    [(x - 0.4, g.median_score), (x + 0.4, g.median_score)],
                    BLACK.stroke_width(2),
                ))
                .map_err(|e| fail(&e))?;
        }
        let position = |s: &crate::doc::SchoolDoc| -> Option<(f64, f64)> {
            let (g, rank, size) = (s.peer_group?, s.rank_in_group?, s.group_size?);
            let spread = if size > 1 {
                (rank - 1) as f64 / (size - 1) as f64
            } else {
                0.5
            };
            Some((g as f64 - 0.3 + 0.6 * spread, s.score?))
        };
        chart
            .draw_series(ranked.iter().filter_map(|s| {
                let (x, y) = position(s)?;
                let colour = PALETTE[(s.peer_group? - 1) % PALETTE.len()];
                Some(Circle::new((x, y), 5, colour.filled()))
            }))
            .map_err(|e| fail(&e))?;
        chart
            .draw_series(
                ranked
                    .iter()
                    .filter(|s| s.status == "low")
                    .filter_map(|s| position(s).map(|p| Cross::new(p, 9, LOW.stroke_width(3)))),
            )
            .map_err(|e| fail(&e))?
            .label(lang.pick("низкие результаты", "low results"))
            .legend(|(x, y)| Cross::new((x + 10, y), 6, LOW.stroke_width(3)));
        chart
            .draw_series(
                ranked
                    .iter()
                    .filter(|s| s.status == "base")
                    .filter_map(|s| position(s).map(|p| TriangleMarker::new(p, 9, BASE.filled()))),
            )
            .map_err(|e| fail(&e))?
            .label(lang.pick("базовая школа", "base school"))
            .legend(|(x, y)| TriangleMarker::new((x + 10, y), 6, BASE.filled()));
        chart
            .draw_series(std::iter::once(PathElement::new(
                Vec::<(f64, f64)>::new(),
                BLACK,
            )))
            .map_err(|e| fail(&e))?
            .label(lang.pick("медиана группы", "group median"))
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK.stroke_width(2)));
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .label_font((FONT, 16))
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .draw()
            .map_err(|e| fail(&e))?;
        root.present().map_err(|e| fail(&e))?;
    }
    std::fs::rename(&tmp, path).map_err(|source| ReportError::Io {
        path: path.to_owned(),
        source,
    })
}
