//! Each mentee's candidate mentors: the columns of its subject or post at the nearest other
//! schools within the distance limit (a k-d tree over the schools' places on the sphere), schools
//! without coordinates counting as at the limit; cut to the nearest few at a country's scale.

use std::collections::HashMap;

use kdtree::distance::squared_euclidean;
use kdtree::KdTree;

use super::people::{Column, Wanted};
use super::{Track, Unmatched, FIRST_CATEGORY_KM};
use crate::{Candidate, Schools};

const EARTH_KM: f64 = 6371.0;
/// Costs are in tenths of a km.
const UNITS_PER_KM: f64 = 10.0;

/// A place on the sphere as a point in space (km), where straight lines order as great circles.
fn point((lat, lon): (f64, f64)) -> [f64; 3] {
    let (p, l) = (lat.to_radians(), lon.to_radians());
    [
        EARTH_KM * p.cos() * l.cos(),
        EARTH_KM * p.cos() * l.sin(),
        EARTH_KM * p.sin(),
    ]
}

/// The great-circle km of a chord's squared length.
fn arc_km(chord_sq: f64) -> f64 {
    2.0 * EARTH_KM * (chord_sq.sqrt() / (2.0 * EARTH_KM)).min(1.0).asin()
}

/// A school's place, when it has finite coordinates.
fn place(schools: &Schools, school: usize) -> Option<(f64, f64)> {
    schools.places[school].filter(|(lat, lon)| lat.is_finite() && lon.is_finite())
}

/// Great-circle km between two schools, when both have coordinates.
pub(super) fn km(schools: &Schools, a: usize, b: usize) -> Option<f64> {
    let (p, q) = (point(place(schools, a)?), point(place(schools, b)?));
    Some(arc_km(squared_euclidean(&p, &q)))
}

/// The schools with mentors of one subject or post.
struct TrackSchools {
    /// The located schools, by their place: places in `schools`.
    tree: KdTree<f64, usize, [f64; 3]>,
    /// Every school, in row order, with its columns.
    schools: Vec<(usize, Vec<usize>)>,
    /// The schools without coordinates, in row order: places in `schools`.
    unlocated: Vec<usize>,
}

impl TrackSchools {
    /// From a track's (school, column) pairs, sorted.
    fn new(schools: &Schools, pairs: &[(usize, usize)]) -> Self {
        let mut t = TrackSchools {
            tree: KdTree::new(3),
            schools: Vec::new(),
            unlocated: Vec::new(),
        };
        for &(school, k) in pairs {
            match t.schools.last_mut() {
                Some((last, list)) if *last == school => list.push(k),
                _ => {
                    let at = t.schools.len();
                    match place(schools, school) {
                        // A finite point of three dimensions: adding cannot fail.
                        Some(p) => drop(t.tree.add(point(p), at)),
                        None => t.unlocated.push(at),
                    }
                    t.schools.push((school, vec![k]));
                }
            }
        }
        t
    }
}

/// A mentee's candidates and what they say when it is not matched.
#[derive(Debug, Clone, Default)]
pub(super) struct Reached {
    candidates: Vec<Candidate>,
    /// More mentor schools were within reach than the candidates keep.
    cut: bool,
    /// Some other school has mentors of the track.
    any: bool,
    /// The nearest other located school with mentors of the track, km.
    nearest_km: Option<f64>,
}

impl Reached {
    pub(super) fn candidates(&self) -> &[Candidate] {
        &self.candidates
    }

    pub(super) fn cut(&self) -> bool {
        self.cut
    }

    /// Why a mentee with these candidates was not matched.
    pub(super) fn why_none(&self, track: Option<Track>) -> Unmatched {
        match (track, self.candidates.is_empty(), self.nearest_km) {
            (None, _, _) => Unmatched::NoSubject,
            _ if !self.any => Unmatched::NoMentor,
            (_, true, Some(nearest_km)) => Unmatched::TooFar { nearest_km },
            (_, true, None) => Unmatched::NoMentor,
            (_, false, _) => Unmatched::Taken,
        }
    }
}

/// The mentors' schools by subject or post, and the limits of a mentee's candidates.
pub(super) struct Reach<'a> {
    schools: &'a Schools,
    columns: &'a [Column],
    tracks: HashMap<Track, TrackSchools>,
    reach_km: f64,
    limit: usize,
}

impl<'a> Reach<'a> {
    pub(super) fn new(
        schools: &'a Schools,
        columns: &'a [Column],
        reach_km: f64,
        limit: usize,
    ) -> Self {
        // Each track's columns by school, the schools in row order.
        let mut by_track: HashMap<Track, Vec<(usize, usize)>> = HashMap::new();
        for (k, c) in columns.iter().enumerate() {
            by_track.entry(c.track).or_default().push((c.school, k));
        }
        let tracks = (by_track.into_iter())
            .map(|(track, mut pairs)| {
                pairs.sort_unstable();
                (track, TrackSchools::new(schools, &pairs))
            })
            .collect();
        Reach {
            schools,
            columns,
            tracks,
            reach_km,
            limit,
        }
    }

    /// A mentee's candidate columns with their costs (see the module).
    pub(super) fn of(&self, w: &Wanted) -> Reached {
        let Some(t) = w.track.and_then(|track| self.tracks.get(&track)) else {
            return Reached::default();
        };
        let own = w.person.school;
        let mut reached = Reached {
            any: t.schools.iter().any(|&(s, _)| s != own),
            ..Reached::default()
        };
        let mut chosen: Vec<(usize, f64)> = Vec::new();
        let located = place(self.schools, own);
        if let Some(at) = located {
            let at = point(at);
            let near = (t
                .tree
                .iter_nearest(&at, &squared_euclidean)
                .into_iter()
                .flatten())
            .filter(|&(_, &at)| t.schools[at].0 != own)
            .map(|(d, &at)| (at, arc_km(d)));
            for (at, km) in near {
                reached.nearest_km.get_or_insert(km);
                if km > self.reach_km || chosen.len() > self.limit {
                    break;
                }
                chosen.push((at, km));
            }
        }
        // From a school without coordinates every other is at the limit; from one with them,
        // those without.
        let unlocated: Box<dyn Iterator<Item = usize>> = match located {
            Some(_) => Box::new(t.unlocated.iter().copied()),
            None => Box::new(0..t.schools.len()),
        };
        for at in unlocated.filter(|&at| t.schools[at].0 != own) {
            if chosen.len() > self.limit {
                break;
            }
            chosen.push((at, self.reach_km));
        }
        reached.cut = chosen.len() > self.limit;
        chosen.truncate(self.limit);
        // Places follow the schools' row order: ties by place are ties by school.
        chosen.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        reached.candidates = chosen
            .iter()
            .flat_map(|&(at, km)| t.schools[at].1.iter().map(move |&k| (k, km)))
            .map(|(k, km)| (k, self.cost(k, km)))
            .collect();
        reached
    }

    /// A column's cost at `km`: the distance, a first-category mentor as farther.
    fn cost(&self, column: usize, km: f64) -> i64 {
        let extra = if self.columns[column].first_category {
            FIRST_CATEGORY_KM
        } else {
            0.0
        };
        ((km + extra) * UNITS_PER_KM).round() as i64
    }
}
