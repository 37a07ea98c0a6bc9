//! Who is to be supported and who may mentor: the mentees in the order they are served, and the
//! possible mentors gathered in columns of equal cost (one school's mentors of one subject or
//! post and one category), each taking its members' load.

use std::collections::{BTreeMap, BTreeSet};

use model::Qualification;

use super::{Need, Person, Track, NEW_LEADER_YEARS};
use crate::{Schools, Targets, TeacherInfo};

/// A person to support, before the assignment.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Wanted {
    pub(super) person: Person,
    pub(super) needs: Vec<Need>,
    pub(super) track: Option<Track>,
}

/// Mentors of one school, subject or post, and category: for every mentee, they cost the same.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Column {
    pub(super) school: usize,
    pub(super) track: Track,
    /// Of the first category (the others of the highest, or leaders).
    pub(super) first_category: bool,
    /// Positions in the school's teachers.
    pub(super) members: Vec<usize>,
    /// Mentees the column takes: its members' load.
    pub(super) capacity: usize,
}

fn new_in_post(t: &TeacherInfo) -> bool {
    t.years_in_post.is_some_and(|y| y <= NEW_LEADER_YEARS)
}

/// What `person` (`t`) is to be supported in and why, if anything.
fn wanted(t: &TeacherInfo, person: Person, targets: &Targets, weak: &[usize]) -> Option<Wanted> {
    let school = person.school;
    let person = |needs, track| Wanted {
        person,
        needs,
        track,
    };
    if let Some(post) = t.post.filter(|_| new_in_post(t)) {
        return Some(person(vec![Need::NewLeader], Some(Track::Leader(post))));
    }
    let weak_subject = t.topic.is_some_and(|x| weak.contains(&x))
        && t.qualification != Some(Qualification::Highest);
    let needs: Vec<Need> = [
        (t.young, Need::YoungTeacher),
        (
            weak_subject && targets.low_results[school],
            Need::LowResultsSchool,
        ),
        (
            weak_subject && targets.unfavourable_conditions[school],
            Need::UnfavourableConditions,
        ),
    ]
    .into_iter()
    .filter_map(|(yes, need)| yes.then_some(need))
    .collect();
    (!needs.is_empty()).then(|| person(needs, t.topic.map(Track::Subject)))
}

/// Everyone to support, in the order they are served: the people of ШНОР schools, then of ШНСУ
/// schools, then the rest; by row and staff position within.
pub(super) fn mentees(schools: &Schools, targets: &Targets, weak: &[Vec<usize>]) -> Vec<Wanted> {
    let mut out: Vec<Wanted> = Vec::new();
    for (school, staff) in schools.teachers.iter().enumerate() {
        for (staff, t) in staff.iter().enumerate() {
            let person = Person { school, staff };
            out.extend(wanted(t, person, targets, &weak[school]));
        }
    }
    let tier = |school: usize| match (
        targets.low_results[school],
        targets.unfavourable_conditions[school],
    ) {
        (true, _) => 0,
        (false, true) => 1,
        (false, false) => 2,
    };
    out.sort_by_key(|w| (tier(w.person.school), w.person));
    out
}

/// What a member of staff may mentor in, and whether as a first-category teacher: a head or
/// deputy more than [`NEW_LEADER_YEARS`] in the post mentors new leaders (and no one in a
/// subject, so that the load is one person's).
fn mentoring(t: &TeacherInfo) -> Option<(Track, bool)> {
    let leader = t
        .post
        .filter(|_| t.years_in_post.is_some_and(|y| y > NEW_LEADER_YEARS));
    if let Some(post) = leader {
        return Some((Track::Leader(post), false));
    }
    match (t.topic, t.qualification) {
        (Some(topic), Some(Qualification::Highest)) if !t.young => {
            Some((Track::Subject(topic), false))
        }
        (Some(topic), Some(Qualification::First)) if !t.young => {
            Some((Track::Subject(topic), true))
        }
        _ => None,
    }
}

/// The possible mentors, in columns ordered by subject or post, school and category: the
/// highest or first category teachers (not young) of a subject, and heads and deputies more than
/// [`NEW_LEADER_YEARS`] in the post; none of a ШНОР school, none a mentee.
pub(super) fn mentor_columns(
    schools: &Schools,
    targets: &Targets,
    wanted: &[Wanted],
    load: usize,
) -> Vec<Column> {
    let mentees: BTreeSet<Person> = wanted.iter().map(|w| w.person).collect();
    let mut columns: BTreeMap<(Track, usize, bool), Vec<usize>> = BTreeMap::new();
    for (school, staff) in schools.teachers.iter().enumerate() {
        if targets.low_results[school] {
            continue;
        }
        for (k, t) in staff.iter().enumerate() {
            if mentees.contains(&Person { school, staff: k }) {
                continue;
            }
            if let Some((track, first)) = mentoring(t) {
                columns.entry((track, school, first)).or_default().push(k);
            }
        }
    }
    columns
        .into_iter()
        .map(|((track, school, first_category), members)| Column {
            school,
            track,
            first_category,
            capacity: members.len() * load,
            members,
        })
        .collect()
}

/// Each mentee's mentor from its column: a column's mentees, in the order served, go round its
/// members (so that none takes more than the load).
pub(super) fn individual_mentors(
    columns: &[Column],
    assigned: &[Option<usize>],
) -> Vec<Option<Person>> {
    let mut taken = vec![0usize; columns.len()];
    assigned
        .iter()
        .map(|&column| {
            let k = column?;
            let c = &columns[k];
            let member = c.members[taken[k] % c.members.len()];
            taken[k] += 1;
            Some(Person {
                school: c.school,
                staff: member,
            })
        })
        .collect()
}
