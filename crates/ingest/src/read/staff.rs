//! The staff table: one row per staff member, or one per staff member and subject.

use super::*;

/// What a staff member's rows must agree on (all but the subject), and where the first was.
struct FirstRow {
    row: usize,
    person: (
        Option<String>,
        Option<Qualification>,
        Option<u64>,
        Option<u64>,
    ),
    subjects: Vec<Option<Subject>>,
}

pub(super) fn read_staff(
    table: &mut Table,
    ids: &SchoolIndex,
    fatal: &mut Vec<Problem>,
    problems: &mut Vec<Problem>,
) -> (Vec<StaffMember>, usize) {
    let mut rejected = 0;
    let mut staff = Vec::new();
    let mut seen: HashMap<(SchoolIx, String), FirstRow> = HashMap::default();
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
                let person = (
                    role.clone(),
                    qualification,
                    experience_years.map(f64::to_bits),
                    age.map(f64::to_bits),
                );
                let here = t.raw.row_number(i);
                let key = (school, id.clone());
                match seen.get_mut(&key) {
                    None => {
                        let subjects = vec![subject.clone()];
                        seen.insert(
                            key,
                            FirstRow {
                                row: here,
                                person,
                                subjects,
                            },
                        );
                    }
                    // Another subject of the same person: their rows agree on the rest.
                    Some(first) if first.person == person && !first.subjects.contains(&subject) => {
                        first.subjects.push(subject.clone());
                    }
                    Some(first) => {
                        let first_row = first.row;
                        r.fail("staff_id", ProblemKind::RepeatedStaff { first_row });
                    }
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
