//! Pairing each low school with a base school: candidates, pins, forbids, distance limit,
//! costs with subject complementarity, the exact assignment, and mentors.

use std::cmp::Ordering;

use rayon::prelude::*;

use crate::assign::{min_cost_assignment, priority_matching};
use crate::diagnosis::Diagnosis;
use crate::params::ValidAdviseParams;
use crate::standing::{members, quantile, sorted};
use model::Qualification;

use crate::{AdviseError, Schools, Standing, Status, SubjectColumn};

/// Why a base school was chosen for a low school, and what the pair costs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PairReason {
    /// The analyst fixed the pair in the settings.
    Pinned,
    /// Both are in the same peer group.
    SameGroup {
        /// The group.
        group: usize,
    },
    /// The low school's group has no base school: the base school comes from
    /// the nearest group (by the distance between the groups' centres) that has one.
    OtherGroup {
        /// The low school's group.
        group: usize,
        /// The base school's group.
        base_group: usize,
        /// The distance between the groups' centres.
        centroid_distance: f64,
    },
    /// The base school's composite is higher by this much.
    ScoreAdvantage {
        /// The difference of the composites.
        difference: f64,
    },
    /// Euclidean distance between the standardised contexts.
    ContextDistance {
        /// The distance.
        distance: f64,
    },
    /// Straight-line distance between the schools.
    Travel {
        /// Kilometres.
        km: f64,
    },
    /// One of the two schools has no coordinates.
    TravelUnknown,
    /// The base school is at or above its group's median in `strong` of the
    /// low school's `weak` weak subjects (and subjects without a teacher).
    Complements {
        /// Weak subjects of the low school in which the base school is strong.
        strong: usize,
        /// The low school's weak subjects and subjects without a teacher.
        weak: usize,
    },
    /// The pair's cost in the assignment (see `pair_schools`).
    Cost {
        /// The cost.
        total: f64,
    },
}

/// A teacher of the base school suggested as mentor of a young teacher of the low school.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mentor {
    /// Position in the base school's teacher list.
    pub mentor: usize,
    /// Position in the low school's teacher list.
    pub mentee: usize,
    /// The topic, by position in the topics.
    pub topic: usize,
    /// The subject is one of the low school's weak subjects.
    pub weak_subject: bool,
}

/// A low school and the base school that supports it.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    /// The low school's row.
    pub low: usize,
    /// The base school's row.
    pub base: usize,
    /// The distance between their standardised contexts.
    pub context_distance: f64,
    /// Straight-line km between them, when both have coordinates.
    pub travel_km: Option<f64>,
    /// The pair's cost in the assignment.
    pub cost: f64,
    /// Why this pair.
    pub reasons: Vec<PairReason>,
    /// Teachers of the base school suggested as mentors.
    pub mentors: Vec<Mentor>,
}

/// Why a low school has no base school.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnpairedReason {
    /// No group of its side of the split, nor any other, has a base school.
    NoBaseSchool,
    /// Every candidate base school is ruled out in the settings.
    AllForbidden,
    /// Every candidate base school left is beyond the distance limit.
    TooFar {
        /// The limit, in km.
        limit_km: u32,
    },
    /// The candidate base schools are full with schools of higher priority.
    BaseSchoolsFull,
}

/// A low school left without a base school, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unpaired {
    /// The low school's row.
    pub low: usize,
    /// Why.
    pub reason: UnpairedReason,
}

/// The pairs, and the low schools left without a base school.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pairing {
    /// In priority order of the low schools, pinned pairs first.
    pub pairs: Vec<Pair>,
    /// The low schools left without one, by priority.
    pub unpaired: Vec<Unpaired>,
}

/// Great-circle distance in kilometres.
fn haversine((lat1, lon1): (f64, f64), (lat2, lon2): (f64, f64)) -> f64 {
    const EARTH_KM: f64 = 6371.0;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_KM * a.sqrt().asin()
}

/// What a candidate pair is and costs.
struct Edge {
    base: usize,
    context_distance: f64,
    travel_km: Option<f64>,
    strong: usize,
    weak: usize,
    cost: f64,
}

/// Pairs low schools with base schools.
///
/// - Candidates of a low school are the base schools of its group; when the
///   group has none, those of the nearest group (centre to centre, its side of
///   the split first) that has one. Pairs ruled out in the settings, and pairs
///   further apart than the distance limit, are not candidates.
/// - Pinned pairs stand as fixed and use their base school's capacity.
/// - Which low schools get a base school: as many as capacities allow, by
///   priority (stably low first, then the furthest below the group median),
///   exactly (see [`priority_matching`]).
/// - Who gets whom: the assignment of least total cost (see
///   [`min_cost_assignment`]); a pair costs its context distance, plus its
///   kilometres over `km_per_unit`, plus `complement_weight` times the share of
///   the low school's weak subjects where the base school is not strong.
pub fn pair_schools(
    schools: &Schools,
    standings: &[Standing],
    diagnoses: &[Diagnosis],
    params: &ValidAdviseParams,
) -> Result<Pairing, AdviseError> {
    let n = schools.len();
    let members = members(&schools.groups);
    let costs = Costs::new(schools, &members, diagnoses, params);
    let (load, pinned_low) = pinned(schools, params)?;
    let lows = by_priority(standings, &pinned_low);
    let bases: Vec<usize> = (0..n)
        .filter(|&i| standings[i].status == Status::Base)
        .collect();
    let pools = Pools::new(schools, &members, &bases);
    let mut unpaired = Vec::new();
    let mut candidates: Vec<Candidates> = Vec::new();
    for &low in &lows {
        match pools.candidates(low, &costs) {
            Ok((edges, fallback)) => candidates.push((low, edges, fallback)),
            Err(reason) => unpaired.push(Unpaired { low, reason }),
        }
    }
    // Who can be served, by priority; then who serves whom, at least cost.
    let mut column = vec![None; n];
    for (c, &b) in bases.iter().enumerate() {
        column[b] = Some(c);
    }
    let capacity: Vec<usize> = bases
        .iter()
        .map(|&b| params.capacity().saturating_sub(load[b]))
        .collect();
    let allowed: Vec<Vec<usize>> = candidates
        .iter()
        .map(|(_, edges, _)| edges.iter().filter_map(|e| column[e.base]).collect())
        .collect();
    let order: Vec<usize> = (0..candidates.len()).collect();
    let served = priority_matching(&allowed, &capacity, &order);
    let chosen = assign_by_component(&candidates, &served, &column, &capacity);
    let mut pairs: Vec<Pair> = schools
        .pinned
        .iter()
        .map(|&(low, base)| costs.pair(low, &costs.edge(low, base), PairReason::Pinned))
        .collect();
    for (k, (low, edges, fallback)) in candidates.iter().enumerate() {
        match chosen[k] {
            Some(base) => {
                let e = edges.iter().find(|e| e.base == base).unwrap_or(&edges[0]);
                let first = fallback.unwrap_or(PairReason::SameGroup {
                    group: schools.groups[*low],
                });
                pairs.push(costs.pair(*low, e, first));
            }
            None => unpaired.push(Unpaired {
                low: *low,
                reason: UnpairedReason::BaseSchoolsFull,
            }),
        }
    }
    // Unpaired in priority order too.
    let rank_of = |row: usize| lows.iter().position(|&l| l == row).unwrap_or(usize::MAX);
    unpaired.sort_by_key(|u| rank_of(u.low));
    Ok(Pairing { pairs, unpaired })
}

/// A low school with its candidate edges and, when they are of another group, why.
type Candidates = (usize, Vec<Edge>, Option<PairReason>);

/// What a pair costs: the distance of the conditions, the travel and the subjects the base
/// school cannot help with.
struct Costs<'a> {
    schools: &'a Schools,
    params: &'a ValidAdviseParams,
    /// Whether each school is strong in each topic (row-major, schools × `topics`): one of the
    /// topic's subjects at or above its group's median.
    strong: Vec<bool>,
    /// The topics of the subjects (one more than the highest).
    topics: usize,
    /// Each diagnosed school's weak subjects and subjects without a teacher, by topic.
    needs: Vec<Vec<usize>>,
}

impl<'a> Costs<'a> {
    fn new(
        schools: &'a Schools,
        members: &[Vec<usize>],
        diagnoses: &[Diagnosis],
        params: &'a ValidAdviseParams,
    ) -> Self {
        let median = |column: &SubjectColumn, rows: &Vec<usize>| {
            let z = rows.iter().filter_map(|&j| column.values[j]).map(|r| r.z);
            let z = sorted(z.collect());
            (!z.is_empty()).then(|| quantile(&z, 0.5))
        };
        let subject_medians: Vec<Vec<Option<f64>>> = schools
            .subjects
            .iter()
            .map(|column| members.iter().map(|rows| median(column, rows)).collect())
            .collect();
        let mut needs: Vec<Vec<usize>> = vec![Vec::new(); schools.len()];
        for d in diagnoses {
            let topics = &mut needs[d.row];
            topics.extend(d.weak_topics.iter().chain(&d.untaught));
            topics.sort_unstable();
            topics.dedup();
        }
        let (strong, topics) = strong_topics(schools, &subject_medians);
        Costs {
            schools,
            params,
            strong,
            topics,
            needs,
        }
    }

    fn strong_in(&self, base: usize, topic: usize) -> bool {
        topic < self.topics && self.strong[base * self.topics + topic]
    }

    fn edge(&self, low: usize, base: usize) -> Edge {
        let schools = self.schools;
        let d = cluster::sq_dist(schools.context.row(low), schools.context.row(base)).sqrt();
        let km = (|| Some(haversine(schools.places[low]?, schools.places[base]?)))();
        let weak = &self.needs[low];
        let strong = weak.iter().filter(|&&t| self.strong_in(base, t)).count();
        let lack = if weak.is_empty() {
            0.0
        } else {
            1.0 - strong as f64 / weak.len() as f64
        };
        let params = self.params;
        Edge {
            base,
            context_distance: d,
            travel_km: km,
            strong,
            weak: weak.len(),
            cost: d + km.unwrap_or(0.0) / params.km_per_unit() + params.complement_weight() * lack,
        }
    }

    /// A pair with its mentors.
    fn pair(&self, low: usize, e: &Edge, first: PairReason) -> Pair {
        let mut pair = pair_of(low, e, self.schools, first);
        pair.mentors = mentors(self.schools, low, e.base, &self.needs[low]);
        pair
    }
}

/// Whether each school is strong in each topic, row-major (schools × topics), and the topics:
/// a school is strong in a topic when one of its subjects of the topic is at or above the
/// subject's median in the school's group (`subject_medians`: per subject, per group).
fn strong_topics(schools: &Schools, subject_medians: &[Vec<Option<f64>>]) -> (Vec<bool>, usize) {
    let topics = (schools.subjects.iter())
        .map(|c| c.topic + 1)
        .max()
        .unwrap_or(0);
    let mut strong = vec![false; schools.len() * topics];
    for (column, medians) in schools.subjects.iter().zip(subject_medians) {
        for (row, value) in column.values.iter().enumerate() {
            let median = schools.groups.get(row).and_then(|&g| *medians.get(g)?);
            if matches!((value, median), (Some(r), Some(m)) if r.z >= m) {
                strong[row * topics + column.topic] = true;
            }
        }
    }
    (strong, topics)
}

/// The pinned pairs checked: each base school's load, and which low schools are pinned.
fn pinned(
    schools: &Schools,
    params: &ValidAdviseParams,
) -> Result<(Vec<usize>, Vec<bool>), AdviseError> {
    let n = schools.len();
    let mut load = vec![0usize; n];
    let mut pinned_low = vec![false; n];
    for &(low, base) in &schools.pinned {
        if pinned_low[low] {
            return Err(AdviseError::PinnedTwice { low });
        }
        pinned_low[low] = true;
        load[base] += 1;
        if load[base] > params.capacity() {
            return Err(AdviseError::PinnedOverCapacity {
                base,
                pinned: schools.pinned.iter().filter(|p| p.1 == base).count(),
                capacity: params.capacity(),
            });
        }
    }
    Ok((load, pinned_low))
}

/// The low schools not pinned, by priority: stably low first, then the furthest below the
/// median.
fn by_priority(standings: &[Standing], pinned_low: &[bool]) -> Vec<usize> {
    let mut lows: Vec<usize> = (0..standings.len())
        .filter(|&i| standings[i].status == Status::Low && !pinned_low[i])
        .collect();
    lows.sort_by(|&a, &b| {
        standings[b]
            .stably_low
            .cmp(&standings[a].stably_low)
            .then(
                standings[a]
                    .gap_to_median
                    .total_cmp(&standings[b].gap_to_median),
            )
            .then(a.cmp(&b))
    });
    lows
}

/// Where a low school's candidates come from: the base schools of its group, else of the
/// nearest group that has one.
struct Pools<'a> {
    schools: &'a Schools,
    members: &'a [Vec<usize>],
    bases: &'a [usize],
    centroids: Vec<Vec<f64>>,
}

impl<'a> Pools<'a> {
    fn new(schools: &'a Schools, members: &'a [Vec<usize>], bases: &'a [usize]) -> Self {
        let centroid = |rows: &Vec<usize>| -> Vec<f64> {
            (0..schools.context.ncols())
                .map(|c| {
                    rows.iter().map(|&r| schools.context[[r, c]]).sum::<f64>()
                        / rows.len().max(1) as f64
                })
                .collect()
        };
        Pools {
            schools,
            members,
            bases,
            centroids: members.iter().map(centroid).collect(),
        }
    }

    fn group_distance(&self, a: usize, b: usize) -> f64 {
        self.centroids[a]
            .iter()
            .zip(&self.centroids[b])
            .map(|(x, y)| (x - y).powi(2))
            .sum::<f64>()
            .sqrt()
    }

    fn in_group(&self, g: usize) -> impl Iterator<Item = usize> + '_ {
        let groups = &self.schools.groups;
        self.bases.iter().copied().filter(move |&b| groups[b] == g)
    }

    /// The base schools a low school may be paired with and, when they are of another group,
    /// why; or why it cannot be paired.
    fn pool(&self, low: usize) -> (Vec<usize>, Option<PairReason>) {
        let group = self.schools.groups[low];
        if self.in_group(group).next().is_some() {
            return (self.in_group(group).collect(), None);
        }
        let part = self.schools.parts[low];
        let nearest = (0..self.members.len())
            .filter(|&g| g != group && self.in_group(g).next().is_some())
            .map(|g| {
                let other_part = self.members[g]
                    .first()
                    .is_some_and(|&r| self.schools.parts[r] != part);
                (other_part, self.group_distance(group, g), g)
            })
            .min_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
        match nearest {
            Some((_, distance, g)) => (
                self.in_group(g).collect(),
                Some(PairReason::OtherGroup {
                    group,
                    base_group: g,
                    centroid_distance: distance,
                }),
            ),
            None => (Vec::new(), None),
        }
    }

    /// A low school's candidate edges (not forbidden, within the distance limit), or why it
    /// has none.
    fn candidates(
        &self,
        low: usize,
        costs: &Costs<'_>,
    ) -> Result<(Vec<Edge>, Option<PairReason>), UnpairedReason> {
        let (pool, fallback) = self.pool(low);
        if pool.is_empty() {
            return Err(UnpairedReason::NoBaseSchool);
        }
        let allowed: Vec<usize> = pool
            .into_iter()
            .filter(|&b| !self.schools.forbidden.contains(&(low, b)))
            .collect();
        if allowed.is_empty() {
            return Err(UnpairedReason::AllForbidden);
        }
        let limit = costs.params.max_distance_km();
        let edges: Vec<Edge> = allowed
            .into_iter()
            .map(|b| costs.edge(low, b))
            .filter(|e| match (limit, e.travel_km) {
                (Some(limit), Some(km)) => km <= limit,
                _ => true,
            })
            .collect();
        if edges.is_empty() {
            return Err(UnpairedReason::TooFar {
                limit_km: limit.unwrap_or(0.0).round() as u32,
            });
        }
        Ok((edges, fallback))
    }
}

/// The least-cost assignment of the served low schools, solved apart for each
/// connected set of low schools and base schools (they share no candidate).
fn assign_by_component(
    candidates: &[(usize, Vec<Edge>, Option<PairReason>)],
    served: &[Option<usize>],
    column: &[Option<usize>],
    capacity: &[usize],
) -> Vec<Option<usize>> {
    let cols = capacity.len();
    // Union-find over rows (0..r) and columns (r..r+cols).
    let r = candidates.len();
    let mut parent: Vec<usize> = (0..r + cols).collect();
    let find = cluster::find_root;
    for (k, (_, edges, _)) in candidates.iter().enumerate() {
        if served[k].is_none() {
            continue;
        }
        for e in edges {
            if let Some(c) = column[e.base] {
                let (a, b) = (find(&mut parent, k), find(&mut parent, r + c));
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    let mut out = vec![None; r];
    let mut roots: Vec<usize> = (0..r)
        .filter(|&k| served[k].is_some())
        .map(|k| find(&mut parent, k))
        .collect();
    roots.sort_unstable();
    roots.dedup();
    let base_of_column: Vec<usize> = {
        let mut b = vec![0; cols];
        for (row, c) in column.iter().enumerate() {
            if let Some(c) = c {
                b[*c] = row;
            }
        }
        b
    };
    // Each component's rows and columns (in order), then the components
    // solved in parallel: they share nothing, and a country's groups each
    // hold hundreds of low schools.
    let components: Vec<(Vec<usize>, Vec<usize>)> = roots
        .iter()
        .map(|&root| {
            let rows: Vec<usize> = (0..r)
                .filter(|&k| served[k].is_some() && find(&mut parent, k) == root)
                .collect();
            let component_cols: Vec<usize> = (0..cols)
                .filter(|&c| find(&mut parent, r + c) == root)
                .collect();
            (rows, component_cols)
        })
        .collect();
    let solved: Vec<Vec<(usize, usize)>> = components
        .par_iter()
        .map(|(rows, component_cols)| {
            // Each row's costs placed by its edges (a column's place in the
            // component looked up, not searched for).
            let mut place = vec![None; cols];
            for (at, &c) in component_cols.iter().enumerate() {
                place[c] = Some(at);
            }
            let cost: Vec<Vec<Option<f64>>> = rows
                .iter()
                .map(|&k| {
                    let mut row = vec![None; component_cols.len()];
                    // The first edge to a base, as a search from the front would find.
                    for e in candidates[k].1.iter().rev() {
                        if let Some(at) = column[e.base].and_then(|c| place[c]) {
                            row[at] = Some(e.cost);
                        }
                    }
                    row
                })
                .collect();
            let caps: Vec<usize> = component_cols.iter().map(|&c| capacity[c]).collect();
            // The served rows can all be placed (the matching above shows how), so
            // the assignment exists; keep the matching should arithmetic say otherwise.
            match min_cost_assignment(&cost, &caps) {
                Some(assigned) => rows
                    .iter()
                    .zip(assigned)
                    .map(|(&k, c)| (k, base_of_column[component_cols[c]]))
                    .collect(),
                None => rows
                    .iter()
                    .filter_map(|&k| served[k].map(|c| (k, base_of_column[c])))
                    .collect(),
            }
        })
        .collect();
    for (k, base) in solved.into_iter().flatten() {
        out[k] = Some(base);
    }
    out
}

/// A pair from its edge, its first reason (pinned, same or other group) and the rest.
fn pair_of(low: usize, e: &Edge, schools: &Schools, first: PairReason) -> Pair {
    let mut reasons = vec![first];
    reasons.push(PairReason::ScoreAdvantage {
        difference: schools.scores[e.base] - schools.scores[low],
    });
    reasons.push(PairReason::ContextDistance {
        distance: e.context_distance,
    });
    reasons.push(match e.travel_km {
        Some(km) => PairReason::Travel { km },
        None => PairReason::TravelUnknown,
    });
    if e.weak > 0 {
        reasons.push(PairReason::Complements {
            strong: e.strong,
            weak: e.weak,
        });
    }
    reasons.push(PairReason::Cost { total: e.cost });
    Pair {
        low,
        base: e.base,
        context_distance: e.context_distance,
        travel_km: e.travel_km,
        cost: e.cost,
        reasons,
        mentors: Vec::new(),
    }
}

/// Mentors for the low school's young teachers: for each (those of its weak
/// subjects first), a highest-category teacher of the base school in the same
/// subject, the one with the fewest mentees so far (then the first listed).
fn mentors(schools: &Schools, low: usize, base: usize, weak: &[usize]) -> Vec<Mentor> {
    let mut young: Vec<(usize, usize, bool)> = schools.teachers[low]
        .iter()
        .enumerate()
        .filter(|(_, t)| t.young)
        .filter_map(|(k, t)| {
            let topic = t.topic?;
            Some((k, topic, weak.contains(&topic)))
        })
        .collect();
    young.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    let mut mentees = vec![0usize; schools.teachers[base].len()];
    let mut out = Vec::new();
    for (mentee, topic, weak_subject) in young {
        let best = schools.teachers[base]
            .iter()
            .enumerate()
            .filter(|(_, t)| {
                t.qualification == Some(Qualification::Highest) && t.topic == Some(topic)
            })
            .map(|(k, _)| k)
            .min_by(|&a, &b| match mentees[a].cmp(&mentees[b]) {
                Ordering::Equal => a.cmp(&b),
                o => o,
            });
        if let Some(mentor) = best {
            mentees[mentor] += 1;
            out.push(Mentor {
                mentor,
                mentee,
                topic,
                weak_subject,
            });
        }
    }
    out
}
