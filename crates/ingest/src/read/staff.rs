//! The staff table.

use super::*;

pub(super) fn read_staff(
    table: &mut Table,
    ids: &SchoolIndex,
    fatal: &mut Vec<Problem>,
    problems: &mut Vec<Problem>,
) -> (Vec<StaffMember>, usize) {
    let mut rejected = 0;
    let mut staff = Vec::new();
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
