//! The staff table: one row per staff member, or one per staff member and subject.

use super::*;

/// What a staff member's rows must agree on: all but the subject.
type Person = (
    Option<String>,
    Option<Qualification>,
    Option<u64>,
    Option<u64>,
);

/// A staff member's first row in a table, what it says of the person, and their subjects.
struct FirstRow {
    row: usize,
    person: Person,
    subjects: Vec<Option<Subject>>,
}

/// Each staff member's first row in a table, by school and staff id.
#[derive(Default)]
struct StaffRows(HashMap<(SchoolIx, String), FirstRow>);

impl StaffRows {
    /// Takes in a row of `id` at `school`; the first row of the same person when this one
    /// repeats a subject of theirs or says something else of them.
    fn repeat(
        &mut self,
        (school, id): (SchoolIx, &str),
        person: Person,
        subject: &Option<Subject>,
        row: usize,
    ) -> Option<usize> {
        let Some(first) = self.0.get_mut(&(school, id.to_owned())) else {
            let subjects = vec![subject.clone()];
            let first = FirstRow {
                row,
                person,
                subjects,
            };
            self.0.insert((school, id.to_owned()), first);
            return None;
        };
        if first.person == person && !first.subjects.contains(subject) {
            first.subjects.push(subject.clone());
            return None;
        }
        Some(first.row)
    }
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
    table.each_block(fatal, |t| {
        for i in 0..t.raw.height() {
            let mut r = Row::new(t, i, problems);
            let school = r.school(ids);
            let staff_id = r.text("staff_id");
            let role = r.optional_text("role");
            let subject = r.optional_text("subject").map(|s| Subject::new(&s));
            let experience_years = r.optional_number("experience_years", Some((0.0, 80.0)));
            let qualification = r.optional_category::<Qualification>("qualification");
            let age = r.optional_number("age", Some((14.0, 100.0)));
            if let (Some(school), Some(id)) = (school, &staff_id) {
                let bits = |v: Option<f64>| v.map(f64::to_bits);
                let person = (
                    role.clone(),
                    qualification,
                    bits(experience_years),
                    bits(age),
                );
                let row = t.raw.row_number(i);
                if let Some(first_row) = seen.repeat((school, id), person, &subject, row) {
                    r.fail("staff_id", ProblemKind::RepeatedStaff { first_row });
                }
            }
            rejected += usize::from(!r.ok);
            if let (true, Some(school), Some(staff_id)) = (r.ok, school, staff_id) {
                staff.push(StaffMember {
                    school,
                    year: t.folder_year,
                    staff_id,
                    role,
                    subject,
                    experience_years,
                    qualification,
                    age,
                });
            }
        }
    });
    (staff, rejected)
}
