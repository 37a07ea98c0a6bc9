//! The staff table: one row per staff member, or one per staff member and subject.

use super::*;

/// The staff accepted so far, each person's rows found by school and staff id without
/// allocating: a hash table of each person's first record, and each record linked to the
/// person's record before it.
#[derive(Default)]
struct StaffRows {
    /// (hash of school and id, index of the person's latest record in `staff`).
    people: hashbrown::HashTable<(u64, usize)>,
    /// Per record: the person's record before it, and the record's row.
    links: Vec<(Option<usize>, usize)>,
}

impl StaffRows {
    /// Whether `m` (at `row`) may join the staff: a person's rows may differ in the subject
    /// alone. The row of the person's first record when it may not.
    fn repeat(&self, staff: &[StaffMember], m: &StaffMember) -> Option<usize> {
        let hash = Self::hash(m);
        let same = |&(h, i): &(u64, usize)| {
            h == hash && staff[i].school == m.school && staff[i].staff_id == m.staff_id
        };
        let &(_, latest) = self.people.find(hash, same)?;
        let (mut at, mut first_row) = (Some(latest), 0);
        let mut agrees = true;
        while let Some(i) = at {
            agrees &= same_person(&staff[i], m) && staff[i].subject != m.subject;
            (at, first_row) = self.links[i];
        }
        (!agrees).then_some(first_row)
    }

    /// Records `staff[index]`, read at `row`, as the latest record of its person.
    fn add(&mut self, staff: &[StaffMember], index: usize, row: usize) {
        let m = &staff[index];
        let hash = Self::hash(m);
        let same = |&(h, i): &(u64, usize)| {
            h == hash && staff[i].school == m.school && staff[i].staff_id == m.staff_id
        };
        let before = match self.people.find_mut(hash, same) {
            Some(entry) => Some(std::mem::replace(&mut entry.1, index)),
            None => {
                self.people.insert_unique(hash, (hash, index), |&(h, _)| h);
                None
            }
        };
        self.links.push((before, row));
    }

    fn hash(m: &StaffMember) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = rustc_hash::FxHasher::default();
        (m.school, m.staff_id.as_str()).hash(&mut h);
        h.finish()
    }
}

/// Whether two rows say the same of a person, beside the subject.
fn same_person(a: &StaffMember, b: &StaffMember) -> bool {
    let bits = |v: Option<f64>| v.map(f64::to_bits);
    a.role == b.role
        && a.full_name == b.full_name
        && a.qualification == b.qualification
        && bits(a.experience_years) == bits(b.experience_years)
        && bits(a.years_in_post) == bits(b.years_in_post)
        && bits(a.age) == bits(b.age)
}

pub(super) fn read_staff(
    table: &mut Table,
    ids: &SchoolIndex,
    fatal: &mut Vec<Problem>,
    problems: &mut Vec<Problem>,
) -> (Vec<StaffMember>, usize) {
    let mut rejected = 0;
    let mut staff = Vec::new();
    let mut seen = StaffRows::default();
    let mut subjects = Subjects::default();
    table.each_block(fatal, |t| {
        for i in 0..t.raw.height() {
            let mut r = Row::new(t, i, problems);
            let school = r.school(ids);
            let staff_id = r.text("staff_id");
            let full_name = r.optional_text("full_name");
            let role = r.optional_text("role");
            let subject = r.optional_subject("subject", &mut subjects);
            let experience_years = r.optional_number("experience_years", Some((0.0, 80.0)));
            let years_in_post = r.optional_number("years_in_post", Some((0.0, 80.0)));
            let qualification = r.optional_category::<Qualification>("qualification");
            let age = r.optional_number("age", Some((14.0, 100.0)));
            if let (true, Some(school), Some(staff_id)) = (r.ok, school, staff_id) {
                let member = StaffMember {
                    school,
                    year: t.folder_year,
                    staff_id,
                    full_name,
                    role,
                    subject,
                    experience_years,
                    years_in_post,
                    qualification,
                    age,
                };
                match seen.repeat(&staff, &member) {
                    Some(first_row) => {
                        r.fail("staff_id", ProblemKind::RepeatedStaff { first_row });
                    }
                    None => {
                        staff.push(member);
                        seen.add(&staff, staff.len() - 1, t.raw.row_number(i));
                    }
                }
            }
            rejected += usize::from(!r.ok);
        }
    });
    (staff, rejected)
}
