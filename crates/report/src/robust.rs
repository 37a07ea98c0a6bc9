//! The low list held against the comparisons an analyst could reasonably have made instead:
//! each one's overlap with the chosen low list, for results.json and the page.

use std::fmt::Write as _;

use model::Lang;
use serde::Serialize;

use crate::doc::{r4, Results};
use crate::text::decimal;

/// One reasonable comparison and how far its low list agrees with the chosen one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverlapDoc {
    /// `k_minus_1`, `k_plus_1`, `other_method`, `other_seed`, `subsample` or `nearest_peers`.
    pub comparison: &'static str,
    /// Schools low in both over schools low in either (Jaccard; 1 when both lists are empty).
    pub overlap: f64,
}

/// The overlaps of the run's comparisons (`codes`, in the order advise held them).
pub(crate) fn overlap_docs(codes: &[&'static str], overlaps: &[f64]) -> Vec<OverlapDoc> {
    (codes.iter().zip(overlaps))
        .map(|(&comparison, &overlap)| OverlapDoc {
            comparison,
            overlap: r4(overlap),
        })
        .collect()
}

/// A comparison in the analyst's words.
fn label(code: &str, lang: Lang) -> &str {
    match code {
        "k_minus_1" => lang.pick("на одну группу меньше", "one group fewer"),
        "k_plus_1" => lang.pick("на одну группу больше", "one group more"),
        "other_method" => lang.pick("другой метод группировки", "the other grouping method"),
        "other_seed" => lang.pick("другой запуск", "another start"),
        "subsample" => lang.pick("подвыборка 80% школ", "a subsample of 80% of the schools"),
        "nearest_peers" => lang.pick("30 ближайших по условиям школ", "the 30 nearest schools"),
        other => other,
    }
}

/// The page's paragraph: how much each comparison's low list overlaps the chosen one.
pub(crate) fn overlaps_paragraph(h: &mut String, results: &Results, lang: Lang) {
    if results.low_list_overlaps.is_empty() {
        return;
    }
    let each: Vec<String> = (results.low_list_overlaps.iter())
        .map(|o| {
            format!(
                "{} — {}",
                label(o.comparison, lang),
                decimal(o.overlap, 2, lang)
            )
        })
        .collect();
    let _ = write!(
        h,
        "<p id=\"overlaps\">{} {}.</p>",
        lang.pick(
            "Насколько список школ с низкими результатами совпадает с получаемым при других \
             разумных способах сравнения (доля общих школ, 1 — тот же список):",
            "How far the list of low schools agrees with the lists other reasonable ways of \
             comparing give (the share of schools in common, 1 is the same list):",
        ),
        each.join("; ")
    );
}
