//! School leaders for a synthetic staff table: a head and a deputy head chosen among a school's
//! experienced, certified teachers, their years in post made from the school alone (no draw from
//! the district's random stream, so that the rest of a district does not depend on them).

use model::{Qualification, StaffMember};

use crate::names::mix;

/// Posts given, in order, to a school's first experienced, certified teachers.
const POSTS: [&str; 2] = ["директор", "заместитель директора"];
/// The fewest years of experience a leader of a synthetic school has.
const LEADER_EXPERIENCE: f64 = 10.0;
/// Years in post are drawn in `0..YEARS_IN_POST` (a quarter of the leaders in their first four
/// years, new in the post).
const YEARS_IN_POST: u64 = 16;

/// Makes the first teachers of `staff` (one school's) with at least [`LEADER_EXPERIENCE`] years
/// and the highest or first category its head and its deputy, with years in post.
pub(crate) fn appoint_leaders(staff: &mut [StaffMember], school: usize) {
    let eligible = |m: &StaffMember| {
        m.experience_years.is_some_and(|e| e >= LEADER_EXPERIENCE)
            && matches!(
                m.qualification,
                Some(Qualification::Highest | Qualification::First)
            )
    };
    let leaders = staff.iter_mut().filter(|m| eligible(m));
    for (k, (member, post)) in leaders.zip(POSTS).enumerate() {
        let years = mix(school, 10_000 + k) % YEARS_IN_POST;
        member.role = Some(post.to_owned());
        member.years_in_post = Some((years as f64).min(member.experience_years.unwrap_or(0.0)));
    }
}
