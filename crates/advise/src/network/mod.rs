//! The district's network of mentors (the Krasnogorsky practice, seed 002): the people to
//! support — young teachers, new school leaders, teachers of ШНОР and ШНСУ schools in their weak
//! subjects — matched across the district to mentors of their subject or post, within a load and a
//! distance, by an optimal assignment; who could not be matched, and why.

mod people;
mod reach;

use std::collections::HashMap;

use model::Post;
use rayon::prelude::*;

use crate::params::ValidAdviseParams;
use crate::sparse::{sparse_assignment, Candidate};
use crate::{Schools, Standing, Targets};

/// Years in post up to which a head or deputy counts as a new leader (and below which none
/// mentors one).
pub const NEW_LEADER_YEARS: f64 = 3.0;

/// A first-category mentor costs as a highest-category one this many km farther away.
pub const FIRST_CATEGORY_KM: f64 = 10.0;

/// The candidate edges the assignment may hold over all mentees (each mentee keeps at least
/// [`MIN_CANDIDATE_SCHOOLS`] schools): far above any district's and a region's needs.
pub const CANDIDATE_BUDGET: usize = 4_000_000;

/// The fewest nearest mentor schools a mentee's candidates are cut to, at a country's scale.
pub const MIN_CANDIDATE_SCHOOLS: usize = 16;

/// What a mentee is supported in: a subject (by topic), or a leader's post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Track {
    /// Teaching a subject, by position in the topics.
    Subject(usize),
    /// Leading a school as head or deputy.
    Leader(Post),
}

/// Why a person is to be supported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Need {
    /// A teacher with 0–3 years of experience.
    YoungTeacher,
    /// A head or deputy with 0–3 years in the post.
    NewLeader,
    /// A teacher (not of the highest category) of a weak subject of a ШНОР school.
    LowResultsSchool,
    /// A teacher (not of the highest category) of a weak subject of a ШНСУ school.
    UnfavourableConditions,
}

/// A member of a school's staff: the school's row and the position in its teachers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Person {
    /// The school's row.
    pub school: usize,
    /// Position in the school's teachers.
    pub staff: usize,
}

/// Why a mentee has no mentor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Unmatched {
    /// A teacher whose subject the staff table does not give.
    NoSubject,
    /// No one in the district's other schools (ШНОР schools aside) may mentor in the subject or post.
    NoMentor,
    /// Every possible mentor's school is farther than the limit.
    TooFar {
        /// The nearest possible mentor's school, km.
        nearest_km: f64,
    },
    /// The possible mentors within reach are all taken by people supported first.
    Taken,
}

/// A mentee's mentor, or why there is none.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Outcome {
    /// Matched.
    Matched {
        /// The mentor.
        mentor: Person,
        /// Straight-line km between their schools, when both have coordinates.
        km: Option<f64>,
    },
    /// Not matched.
    Unmatched(Unmatched),
}

/// A person to support.
#[derive(Debug, Clone, PartialEq)]
pub struct Mentee {
    /// Who.
    pub person: Person,
    /// Why, in [`Need`]'s order.
    pub needs: Vec<Need>,
    /// In what; `None` for a teacher whose subject is not given.
    pub track: Option<Track>,
    /// The mentor, or why there is none.
    pub outcome: Outcome,
}

/// The network of mentors of a district.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Network {
    /// Everyone to support, in the order they are served: the people of ШНОР schools first,
    /// then of ШНСУ schools, then the rest; by row and staff position within.
    pub mentees: Vec<Mentee>,
    /// The nearest mentor schools each mentee's candidates were cut to.
    pub candidate_schools: usize,
    /// Mentees whose candidates were cut (more mentor schools within reach than
    /// `candidate_schools`); 0: the assignment is optimal over every mentor within reach.
    pub cut: usize,
}

/// The district's network of mentors: who is to be supported and by whom (see the module).
pub fn network(
    schools: &Schools,
    standings: &[Standing],
    targets: &Targets,
    params: &ValidAdviseParams,
) -> Network {
    let weak = crate::diagnosis::weak_topics(schools, standings, params, |i| {
        targets.low_results[i] || targets.unfavourable_conditions[i]
    });
    let wanted = people::mentees(schools, targets, &weak);
    let columns = people::mentor_columns(schools, targets, &wanted, params.mentor_load());
    // Mentees of one school and subject or post share their candidates.
    let mut list_of: HashMap<(usize, Option<Track>), usize> = HashMap::new();
    let keys: Vec<usize> = (wanted.iter())
        .map(|w| {
            let next = list_of.len();
            *list_of.entry((w.person.school, w.track)).or_insert(next)
        })
        .collect();
    let candidate_schools =
        (CANDIDATE_BUDGET / (2 * list_of.len()).max(1)).max(MIN_CANDIDATE_SCHOOLS);
    let reach = reach::Reach::new(schools, &columns, params.mentor_km(), candidate_schools);
    // Keys are numbered in order of first appearance: a new one is the next list. Each list
    // stands alone: they are found in parallel.
    let mut firsts: Vec<&people::Wanted> = Vec::with_capacity(list_of.len());
    for (w, &key) in wanted.iter().zip(&keys) {
        if key == firsts.len() {
            firsts.push(w);
        }
    }
    let lists: Vec<reach::Reached> = firsts.par_iter().map(|w| reach.of(w)).collect();
    let candidates: Vec<&[Candidate]> = keys.iter().map(|&k| lists[k].candidates()).collect();
    let capacity: Vec<usize> = columns.iter().map(|c| c.capacity).collect();
    let order: Vec<usize> = (0..wanted.len()).collect();
    let assigned = sparse_assignment(&candidates, &capacity, &order);
    let mentors = people::individual_mentors(&columns, &assigned);
    let mentees = (wanted.into_iter().zip(mentors).zip(&keys))
        .map(|((w, mentor), &key)| Mentee {
            outcome: match mentor {
                Some(mentor) => Outcome::Matched {
                    mentor,
                    km: reach::km(schools, w.person.school, mentor.school),
                },
                None => Outcome::Unmatched(lists[key].why_none(w.track)),
            },
            person: w.person,
            needs: w.needs,
            track: w.track,
        })
        .collect::<Vec<_>>();
    Network {
        cut: (keys.iter()).filter(|&&k| lists[k].cut()).count(),
        mentees,
        candidate_schools,
    }
}

#[cfg(test)]
mod tests;
