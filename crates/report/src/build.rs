//! Laying out a run's decisions as the results document: every school once, the groups,
//! the pairs, what was excluded or set aside, with advise's positions named.

use std::collections::BTreeMap;

use advise::{Advice, Status};
use cluster::{KSelection, Stability};
use features::{Profiles, Role};
use model::{District, Lang, PreviousGroups, SchoolIx};
use rayon::prelude::*;

use crate::doc::*;
use crate::suppress::{publish, Privacy, SuppressedDoc};
use crate::text;

fn mean_of(values: impl Iterator<Item = f64>) -> Option<f64> {
    let v: Vec<f64> = values.collect();
    features::mean(&v).map(r4)
}

/// What the grouping step decided: the groups and why, each school's nearest
/// peers, and how stable the groups are.
#[derive(Debug, Clone, Copy)]
pub struct GroupingOutcome<'a> {
    /// How the groups were chosen: every k tried, the grouping, the trees.
    pub selection: &'a KSelection,
    /// Each school's nearest schools, by row, with their distances.
    pub peers: &'a [Vec<(usize, f64)>],
    /// How stable each school's and group's assignment is over subsamples.
    pub stability: &'a Stability,
    /// The schools on the first two principal components of the context.
    pub plane: &'a cluster::Plane,
    /// Last year's groups, when the run was given them.
    pub previous: Option<&'a PreviousGroups>,
}

/// What the advice step decided, with the names behind advise's positions.
#[derive(Debug, Clone, Copy)]
pub struct AdviceOutcome<'a> {
    /// Standings, diagnoses and pairs.
    pub advice: &'a Advice,
    /// The indicator of each advise factor.
    pub factors: &'a [features::Indicator],
    /// The name of each topic (the first word of a subject's name).
    pub topics: &'a [String],
    /// Each comparison the low list was held against, in advise's order (its alternatives,
    /// then the nearest peers).
    pub comparisons: &'a [crate::Comparison],
}

/// Lays out a run's decisions as the results document.
pub fn build_results(
    district: &District,
    profiles: &Profiles,
    grouping: &GroupingOutcome<'_>,
    advised: &AdviceOutcome<'_>,
    manifest: Manifest,
    lang: Lang,
) -> Results {
    let run = Run {
        district,
        profiles,
        grouping,
        advised,
        lang,
        privacy: Privacy::new(profiles, manifest.parameters.min_pupils),
    };
    // The schools' and the network's documents side by side, each school's a job of its own.
    let ((schools, mut withheld), network) = rayon::join(
        || run.school_docs(),
        || crate::network::network_doc(&advised.advice.network, district, profiles, lang),
    );
    let groups = run.group_docs();
    let (pairs, unpaired) = run.pair_docs();
    let excluded: Vec<ExcludedDoc> = profiles
        .excluded
        .iter()
        .map(|e| ExcludedDoc {
            school_id: district.school(e.school).id.0.clone(),
            name: district.school(e.school).name.clone(),
            reason: text::exclusion(&e.reason, lang).into(),
        })
        .collect();
    let problems =
        |list: &[model::Problem]| list.iter().map(|p| ProblemDoc::new(p, lang)).collect();
    let selection = grouping.selection;
    let mut criteria_withheld = Vec::new();
    let criteria = CriteriaDoc::new(
        &profiles.criteria,
        district,
        lang,
        (&run.privacy, &mut criteria_withheld),
    );
    for (i, path) in criteria_withheld {
        withheld[i].push(path);
    }
    let mut manifest = manifest;
    manifest.suppressed = (withheld.into_iter().enumerate())
        .filter(|(_, values)| !values.is_empty())
        .map(|(i, values)| SuppressedDoc {
            school_id: district.schools[i].id.0.clone(),
            values,
        })
        .collect();
    Results {
        format_version: FORMAT_VERSION,
        summary: run.summary(&schools, excluded.len(), pairs.len(), unpaired.len()),
        k_selection: run.k_selection_doc(&manifest),
        manifest,
        groups,
        schools,
        pairs,
        unpaired,
        excluded,
        set_aside: problems(&district.set_aside),
        warnings: problems(&district.warnings),
        criteria,
        map_explained: grouping.plane.explained.map(r4),
        map_axes: [0, 1].map(|axis| map_terms(&grouping.plane.loadings[axis], profiles)),
        indicator_names: profiles
            .columns
            .iter()
            .map(|c| {
                (
                    c.indicator.code().to_owned(),
                    c.indicator.name(lang).to_owned(),
                )
            })
            .collect(),
        trees: selection
            .trees
            .iter()
            .map(|t| tree_doc(t, &selection.chosen.labels, district, profiles))
            .collect(),
        network,
        scorecards: Vec::new(),
        shrinkage: ShrinkageDoc {
            noise_per_taker: r4(profiles.shrinkage.noise_per_taker),
            between_schools: r4(profiles.shrinkage.between_schools),
        },
        notes: profiles
            .notes
            .iter()
            .map(|n| text::note(n, lang).into())
            .collect(),
        low_list_overlaps: crate::robust::overlap_docs(
            advised.comparisons,
            &advised.advice.overlaps,
        ),
    }
}

/// Everything a run decided, in hand while its document is laid out.
struct Run<'a> {
    district: &'a District,
    profiles: &'a Profiles,
    grouping: &'a GroupingOutcome<'a>,
    advised: &'a AdviceOutcome<'a>,
    lang: Lang,
    privacy: Privacy<'a>,
}

impl Run<'_> {
    /// Every school of the district once, in the district's order: ranked, or excluded with
    /// its reason; and each school's values withheld (see [`Privacy`]).
    fn school_docs(&self) -> (Vec<SchoolDoc>, Vec<Vec<String>>) {
        let row_of: BTreeMap<SchoolIx, usize> = self
            .profiles
            .schools
            .iter()
            .enumerate()
            .map(|(row, &ix)| (ix, row))
            .collect();
        let excluded_reason: BTreeMap<SchoolIx, _> = self
            .profiles
            .excluded
            .iter()
            .map(|e| (e.school, e.reason))
            .collect();
        let previous = self.grouping.previous;
        (self.district.schools.par_iter().enumerate())
            .map(|(i, school)| {
                let ix = SchoolIx(i as u32);
                let last_group = previous.and_then(|p| p.groups.get(&school.id.0).copied());
                let mut doc = SchoolDoc::unranked(school, last_group);
                let withheld = match row_of.get(&ix) {
                    Some(&row) => self.fill_ranked(&mut doc, row),
                    None => {
                        if let Some(reason) = excluded_reason.get(&ix) {
                            doc.reasons = vec![text::exclusion(reason, self.lang).into()];
                        }
                        Vec::new()
                    }
                };
                (doc, withheld)
            })
            .unzip()
    }

    /// A ranked school's standing, diagnosis and indicators; returns the values withheld.
    fn fill_ranked(&self, doc: &mut SchoolDoc, row: usize) -> Vec<String> {
        let (profiles, advice, lang) = (self.profiles, self.advised.advice, self.lang);
        let s = &advice.standings[row];
        doc.peer_group = Some(s.group + 1);
        doc.changed_group = doc
            .previous_group
            .is_some_and(|p| Some(p) != doc.peer_group);
        doc.group_size = Some(s.group_size);
        doc.rank_in_group = Some(s.rank);
        doc.score = Some(r4(profiles.score[row]));
        let standing = &profiles.standing[row];
        doc.score_unshrunk = Some(r4(standing.unshrunk));
        doc.score_interval = Some([r4(standing.interval.0), r4(standing.interval.1)]);
        doc.cohort = Some(standing.cohort);
        doc.low_confidence = standing.low_confidence;
        doc.gap_to_group_median = Some(r4(s.gap_to_median));
        doc.expected_score = Some(r4(standing.expected));
        doc.robustness = s.robustness.map(r4);
        doc.expectation_drivers = self.drivers(row);
        doc.compared_score = Some(r4(s.compared));
        doc.percentile_in_group = Some(r4(s.percentile));
        doc.gap_to_top_quarter = Some(r4(s.gap_to_top_quarter));
        doc.status = Some(s.status);
        doc.stably_low = s.stably_low;
        doc.low_results_school = self.advised.advice.targets.low_results.get(row) == Some(&true);
        doc.unfavourable_conditions =
            self.advised.advice.targets.unfavourable_conditions.get(row) == Some(&true);
        doc.low_years = s
            .low_years
            .iter()
            .zip(&profiles.years)
            .filter(|(held, _)| **held == Some(true))
            .map(|(_, &y)| y)
            .collect();
        doc.sliding_rate = s.sliding.map(|x| r4(x.rate));
        doc.results_check = (profiles.results_checks.get(row))
            .and_then(|c| crate::objectivity::check_doc(c, &s.doubts, lang));
        let mut withheld = Vec::new();
        // Diagnoses are in row order.
        doc.diagnosis = advice
            .diagnoses
            .binary_search_by_key(&row, |d| d.row)
            .ok()
            .map(|k| {
                let shown = Shown {
                    privacy: &self.privacy,
                    row,
                    withheld: &mut withheld,
                };
                diagnosis_doc(&advice.diagnoses[k], profiles, self.advised, lang, shown)
            });
        doc.reasons = s
            .reasons
            .iter()
            .map(|r| text::reason(r, lang).into())
            .collect();
        self.fill_indicators(doc, row, &mut withheld);
        self.fill_grouping(doc, row);
        withheld
    }

    /// The conditions that moved the ranked `row`'s expectation most: each context
    /// indicator's effect times the school's standardised value, the largest three (by size,
    /// at least 0.01) first.
    fn drivers(&self, row: usize) -> Vec<DriverDoc> {
        let profiles = self.profiles;
        let Some(effects) = &profiles.expectation_effects else {
            return Vec::new();
        };
        let mut drivers: Vec<DriverDoc> = (profiles.context_indicators.iter())
            .zip(effects)
            .zip(profiles.context_row(row))
            .map(|((indicator, effect), x)| DriverDoc {
                indicator: indicator.code().to_owned(),
                name: indicator.name(self.lang).to_owned(),
                value: (profiles.column(indicator.clone()))
                    .and_then(|c| c.values[row])
                    .map(r4),
                unit: indicator.unit().code(),
                effect: r4(effect * x),
            })
            .filter(|d| d.effect.abs() >= 0.01)
            .collect();
        drivers.sort_by(|a, b| b.effect.abs().total_cmp(&a.effect.abs()));
        drivers.truncate(3);
        drivers
    }

    /// A ranked school's indicators, by year and their trends, each exam statistic of too few
    /// pupils withheld (its path noted in `withheld`).
    fn fill_indicators(&self, doc: &mut SchoolDoc, row: usize, withheld: &mut Vec<String>) {
        let (profiles, privacy) = (self.profiles, &self.privacy);
        for c in &profiles.columns {
            let code = c.indicator.code();
            let hidden = privacy.hides(&c.indicator, row, None);
            let path = || format!("indicators.{code}");
            let value = publish(c.values[row].map(r4), hidden, path, withheld);
            doc.indicators.insert(code.to_owned(), value);
            if c.imputed[row] {
                doc.imputed.push(code.to_owned());
            }
        }
        for (y, &year) in profiles.years.iter().enumerate() {
            let values = doc.by_year.entry(year).or_default();
            values.insert("score".to_owned(), profiles.score_by_year[y][row].map(r4));
            for o in &profiles.by_year {
                let code = o.indicator.code();
                let hidden = privacy.hides(&o.indicator, row, Some(y));
                let path = || format!("by_year.{year}.{code}");
                let value = publish(o.values[y][row].map(r4), hidden, path, withheld);
                values.insert(code.to_owned(), value);
            }
        }
        doc.trend
            .insert("score".to_owned(), profiles.score_trend[row].map(r4));
        for o in &profiles.by_year {
            let code = o.indicator.code();
            // A trend of withheld values would tell them.
            let hidden = privacy.hides(&o.indicator, row, None)
                || (0..profiles.years.len()).any(|y| privacy.hides(&o.indicator, row, Some(y)));
            let path = || format!("trend.{code}");
            let value = publish(o.trend[row].map(r4), hidden, path, withheld);
            doc.trend.insert(code.to_owned(), value);
        }
    }

    /// A ranked school's place among the others: stability, map position, nearest peers.
    fn fill_grouping(&self, doc: &mut SchoolDoc, row: usize) {
        let grouping = self.grouping;
        doc.stability = grouping.stability.rows.get(row).map(|&s| r4(s));
        doc.map_position = grouping.plane.coords.get(row).map(|c| [r4(c[0]), r4(c[1])]);
        doc.boundary = grouping.stability.boundary.get(row) == Some(&true);
        doc.nearest_peers = grouping
            .peers
            .get(row)
            .into_iter()
            .flatten()
            .map(|&(other, distance)| PeerDoc {
                school_id: self.school(other).id.0.clone(),
                distance: r4(distance),
            })
            .collect();
    }

    /// The school of a ranked row.
    fn school(&self, row: usize) -> &model::School {
        self.district.school(self.profiles.schools[row])
    }

    /// Every group that has schools, with its profile and description.
    fn group_docs(&self) -> Vec<GroupDoc> {
        let chosen = &self.grouping.selection.chosen;
        (0..chosen.k)
            .filter(|&g| chosen.sizes.get(g).is_some_and(|&s| s > 0))
            .map(|g| self.group_doc(g))
            .collect()
    }

    fn group_doc(&self, g: usize) -> GroupDoc {
        let (profiles, advice, grouping, lang) =
            (self.profiles, self.advised.advice, self.grouping, self.lang);
        let rows: Vec<usize> = (0..profiles.schools.len())
            .filter(|&r| advice.standings[r].group == g)
            .collect();
        let count = |status: Status| {
            rows.iter()
                .filter(|&&r| advice.standings[r].status == status)
                .count()
        };
        let context = || {
            profiles
                .columns
                .iter()
                .filter(|c| c.indicator.role() == Role::Context)
        };
        let profile = context()
            .map(|c| ProfileItem {
                indicator: c.indicator.code().to_owned(),
                name: c.indicator.name(lang).to_owned(),
                group_mean: mean_of(rows.iter().filter_map(|&r| c.values[r])),
                district_mean: mean_of(c.values.iter().flatten().copied()),
            })
            .collect();
        // Each context indicator's group mean against the district, in district SDs.
        let distances: Vec<(features::Indicator, f64)> = context()
            .filter(|c| c.indicator != features::Indicator::FullSecondary)
            .filter_map(|c| {
                let all: Vec<f64> = c.values.iter().flatten().copied().collect();
                let own: Vec<f64> = rows.iter().filter_map(|&r| c.values[r]).collect();
                let sd = features::std_dev(&all).filter(|sd| *sd > 1e-12)?;
                let z = (features::mean(&own)? - features::mean(&all)?) / sd;
                Some((c.indicator.clone(), z))
            })
            .collect();
        let tier = rows
            .first()
            .filter(|_| profiles.split)
            .map(|&r| profiles.tiers[r]);
        let stats = advice.groups.get(g);
        GroupDoc {
            peer_group: g + 1,
            description: text::group_description(tier, &distances, lang),
            tier: tier.map(|t| t.code()),
            size: rows.len(),
            stability: r4(grouping.stability.groups.get(g).copied().unwrap_or(1.0)),
            boundary: rows
                .iter()
                .filter(|&&r| grouping.stability.boundary.get(r) == Some(&true))
                .count(),
            median_score: r4(stats.map_or(0.0, |x| x.median)),
            top_quarter_score: r4(stats.map_or(0.0, |x| x.upper_quartile)),
            low: count(Status::Low),
            base: count(Status::Base),
            profile,
        }
    }

    /// The pairs with their mentors, and the low schools left without a base school.
    fn pair_docs(&self) -> (Vec<PairDoc>, Vec<UnpairedDoc>) {
        let (advice, lang) = (self.advised.advice, self.lang);
        let pairs = advice
            .pairing
            .pairs
            .iter()
            .map(|p| self.pair_doc(p))
            .collect();
        let unpaired = advice
            .pairing
            .unpaired
            .iter()
            .map(|u| UnpairedDoc {
                peer_group: advice.standings[u.low].group + 1,
                school_id: self.school(u.low).id.0.clone(),
                name: self.school(u.low).name.clone(),
                reason: text::unpaired(&u.reason, lang).into(),
            })
            .collect();
        (pairs, unpaired)
    }

    fn pair_doc(&self, p: &advise::Pair) -> PairDoc {
        let (profiles, advice, lang) = (self.profiles, self.advised.advice, self.lang);
        let teacher = |row: usize, k: usize| profiles.teachers[row].get(k);
        let staff_id = |row, k| teacher(row, k).map(|t| t.staff_id.clone());
        let name = |row, k| teacher(row, k).and_then(|t| t.name.clone());
        let topic = |t: usize| self.advised.topics.get(t).cloned().unwrap_or_default();
        PairDoc {
            peer_group: advice.standings[p.low].group + 1,
            low_school_id: self.school(p.low).id.0.clone(),
            low_school_name: self.school(p.low).name.clone(),
            base_school_id: self.school(p.base).id.0.clone(),
            base_school_name: self.school(p.base).name.clone(),
            base_peer_group: advice.standings[p.base].group + 1,
            score_difference: r4(profiles.score[p.base] - profiles.score[p.low]),
            context_distance: r4(p.context_distance),
            distance_km: p.travel_km.map(|km| (km * 10.0).round() / 10.0),
            cost: r4(p.cost),
            pinned: p.reasons.contains(&advise::PairReason::Pinned),
            reasons: p
                .reasons
                .iter()
                .map(|r| text::pair_reason(r, lang).into())
                .collect(),
            mentors: p
                .mentors
                .iter()
                .map(|m| MentorDoc {
                    mentor_staff_id: staff_id(p.base, m.mentor).unwrap_or_default(),
                    mentor_name: name(p.base, m.mentor),
                    mentee_staff_id: staff_id(p.low, m.mentee).unwrap_or_default(),
                    mentee_name: name(p.low, m.mentee),
                    subject: topic(m.topic),
                    weak_subject: m.weak_subject,
                })
                .collect(),
        }
    }

    /// The run's counts.
    fn summary(
        &self,
        schools: &[SchoolDoc],
        excluded: usize,
        pairs: usize,
        unpaired: usize,
    ) -> Summary {
        let standings = &self.advised.advice.standings;
        let count = |status: Status| standings.iter().filter(|s| s.status == status).count();
        let chosen = &self.grouping.selection.chosen;
        Summary {
            schools: self.district.schools.len(),
            ranked: self.profiles.schools.len(),
            excluded,
            groups: chosen.sizes.iter().filter(|&&s| s > 0).count(),
            changed_group: self
                .grouping
                .previous
                .map(|_| schools.iter().filter(|s| s.changed_group).count()),
            low: count(Status::Low),
            borderline: count(Status::Borderline),
            stably_low: standings.iter().filter(|s| s.stably_low).count(),
            sliding: standings.iter().filter(|s| s.sliding.is_some()).count(),
            base: count(Status::Base),
            pairs,
            unpaired,
            results_in_doubt: standings.iter().filter(|s| !s.doubts.is_empty()).count(),
            unfavourable_conditions: (self.advised.advice.targets.unfavourable_conditions.iter())
                .filter(|&&t| t)
                .count(),
        }
    }

    /// Every k tried, with its scores.
    fn k_selection_doc(&self, manifest: &Manifest) -> KSelectionDoc {
        let selection = self.grouping.selection;
        let split = self.profiles.split;
        KSelectionDoc {
            method: manifest.parameters.clustering_method,
            criterion: manifest.parameters.criterion,
            chosen_k: selection.chosen.sizes.iter().filter(|&&s| s > 0).count(),
            candidates: selection
                .candidates
                .iter()
                .map(|c| KCandidateDoc {
                    tier: features::Tier::ALL
                        .get(c.part)
                        .filter(|_| split)
                        .map(|t| t.code()),
                    k: c.k,
                    silhouette: r4(c.silhouette),
                    calinski_harabasz: Some(r4(c.calinski_harabasz)).filter(|v| v.is_finite()),
                    gap: c.gap.map(|g| r4(g.0)),
                    gap_se: c.gap.map(|g| r4(g.1)),
                    inertia: r4(c.inertia),
                    smallest_group: c.smallest_group,
                    largest_group: c.largest_group,
                    admissible: c.admissible,
                })
                .collect(),
        }
    }
}

/// A part's merge tree with its leaves named and the height it was cut at.
fn tree_doc(
    t: &cluster::PartTree,
    labels: &[usize],
    district: &District,
    profiles: &Profiles,
) -> TreeDoc {
    let mut groups: Vec<usize> = t
        .rows
        .iter()
        .filter_map(|&r| labels.get(r).copied())
        .collect();
    groups.sort_unstable();
    groups.dedup();
    let k = groups.len().max(1);
    let heights: Vec<f64> = t.tree.merges.iter().map(|m| m.height).collect();
    let kept = heights.len().saturating_sub(k - 1);
    let cut_height = match (kept.checked_sub(1).map(|i| heights[i]), heights.get(kept)) {
        (Some(below), Some(&above)) => (below + above) / 2.0,
        (None, Some(&above)) => above / 2.0,
        (Some(below), None) => below * 1.05 + 1e-9,
        (None, None) => 0.0,
    };
    TreeDoc {
        tier: features::Tier::ALL
            .get(t.part)
            .filter(|_| profiles.split)
            .map(|t| t.code()),
        school_ids: t
            .rows
            .iter()
            .map(|&r| district.school(profiles.schools[r]).id.0.clone())
            .collect(),
        merges: t
            .tree
            .merges
            .iter()
            .map(|m| [m.left as f64, m.right as f64, r4(m.height), m.size as f64])
            .collect(),
        groups: k,
        cut_height: r4(cut_height),
    }
}

/// A school's row and what of it may be shown, while its diagnosis is laid out.
struct Shown<'a, 'b> {
    privacy: &'a Privacy<'a>,
    row: usize,
    withheld: &'b mut Vec<String>,
}

/// A diagnosis with advise's positions named, the school's exam statistics of too few pupils
/// withheld.
fn diagnosis_doc(
    d: &advise::Diagnosis,
    profiles: &Profiles,
    advised: &AdviceOutcome<'_>,
    lang: Lang,
    shown: Shown<'_, '_>,
) -> DiagnosisDoc {
    let Shown {
        privacy,
        row,
        withheld,
    } = shown;
    let mut finding = |f: &advise::Finding| {
        let indicator = &advised.factors[f.factor];
        let code = indicator.code();
        let hidden = privacy.hides(indicator, row, None);
        let path = || format!("diagnosis.{code}");
        FindingDoc {
            indicator: code.to_owned(),
            name: indicator.name(lang).to_owned(),
            value: publish(Some(r4(f.value)), hidden, path, withheld),
            group_median: r4(f.group_median),
            gap: r4(f.gap),
            weight: r4(f.weight),
        }
    };
    let causes: Vec<FindingDoc> = d.causes.iter().map(&mut finding).collect();
    let shortfalls: Vec<FindingDoc> = d.shortfalls.iter().map(&mut finding).collect();
    let no_teacher: Vec<String> = d
        .untaught
        .iter()
        .filter_map(|&t| advised.topics.get(t).cloned())
        .collect();
    let subjects: Vec<SubjectGapDoc> = d
        .subjects
        .iter()
        .map(|g| {
            let column = &profiles.subjects[g.subject];
            let exam = model::Category::label(column.exam, lang);
            let takers = column.values[row].map_or(0.0, |v| v.takers);
            let hidden = privacy.hides_subject(takers);
            // The gains to the group tell the school's mean as well as its mean does.
            let path = || format!("diagnosis.subjects.{exam} {}", column.subject.as_str());
            let points = publish(g.points.map(r4), hidden, path, withheld);
            let gain = |v: Option<f64>| v.map(r4).filter(|_| !hidden);
            SubjectGapDoc {
                exam,
                subject: column.subject.as_str().to_owned(),
                gap: r4(g.gap),
                weak: g.weak,
                points,
                group_median_points: g.median_points.map(r4),
                top_quarter_points: g.top_quarter_points.map(r4),
                gain_to_median: gain(g.gain_to_median()),
                gain_to_top_quarter: gain(g.gain_to_top_quarter()),
            }
        })
        .collect();
    let text = text::diagnosis(&causes, &shortfalls, &no_teacher, &subjects, lang);
    DiagnosisDoc {
        causes,
        shortfalls,
        no_teacher,
        subjects,
        text,
    }
}

/// Conditions named on a map axis.
const MAP_TERMS: usize = 3;

/// The heaviest conditions of one map axis (its loadings by context column), largest first.
fn map_terms(loadings: &[f64], profiles: &Profiles) -> Vec<crate::method::MapTermDoc> {
    let mut terms: Vec<(usize, f64)> = loadings.iter().copied().enumerate().collect();
    terms.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
    (terms.into_iter().take(MAP_TERMS))
        .filter(|&(_, l)| l.abs() >= 0.05)
        .filter_map(|(column, loading)| {
            Some(crate::method::MapTermDoc {
                indicator: profiles.context_indicators.get(column)?.code().to_owned(),
                loading: r4(loading),
            })
        })
        .collect()
}
