//! The low list held against the comparisons an analyst could reasonably have made instead:
//! each one's overlap with the chosen low list, for results.json and the page.

use std::fmt::Write as _;

use cluster::Alternative;
use model::Lang;
use serde::Serialize;

use crate::doc::{r4, Results};
use crate::text::decimal;

/// One reasonable comparison and how far its low list agrees with the chosen one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverlapDoc {
    /// `k_minus_1`, `k_plus_1`, `other_method`, `other_seed`, `subsample` or `nearest_peers`.
    #[serde(serialize_with = "comparison_code")]
    pub comparison: Comparison,
    /// Schools low in both over schools low in either (Jaccard; 1 when both lists are empty).
    pub overlap: f64,
}

/// A comparison the low list is held against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// One of the groupings the analyst could have chosen instead.
    Grouping(Alternative),
    /// Each school's nearest schools in conditions as its own comparison group.
    NearestPeers,
}

impl Comparison {
    /// The comparison's code, as results.json writes it.
    pub fn code(self) -> &'static str {
        match self {
            Comparison::Grouping(a) => a.code(),
            Comparison::NearestPeers => "nearest_peers",
        }
    }

    /// The comparison in the analyst's words.
    fn label(self, lang: Lang) -> &'static str {
        let (ru, en) = match self {
            Comparison::Grouping(Alternative::FewerGroups) => {
                ("на одну группу меньше", "one group fewer")
            }
            Comparison::Grouping(Alternative::MoreGroups) => {
                ("на одну группу больше", "one group more")
            }
            Comparison::Grouping(Alternative::OtherMethod) => {
                ("другой метод группировки", "the other grouping method")
            }
            Comparison::Grouping(Alternative::OtherSeed) => ("другой запуск", "another start"),
            Comparison::Grouping(Alternative::Subsample) => {
                ("подвыборка 80% школ", "a subsample of 80% of the schools")
            }
            Comparison::NearestPeers => ("30 ближайших по условиям школ", "the 30 nearest schools"),
        };
        lang.pick(ru, en)
    }
}

/// A comparison as results.json writes it: its code.
fn comparison_code<S: serde::Serializer>(c: &Comparison, out: S) -> Result<S::Ok, S::Error> {
    out.serialize_str(c.code())
}

/// The overlaps of the run's comparisons (in the order advise held them).
pub(crate) fn overlap_docs(comparisons: &[Comparison], overlaps: &[f64]) -> Vec<OverlapDoc> {
    (comparisons.iter().zip(overlaps))
        .map(|(&comparison, &overlap)| OverlapDoc {
            comparison,
            overlap: r4(overlap),
        })
        .collect()
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
                o.comparison.label(lang),
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
