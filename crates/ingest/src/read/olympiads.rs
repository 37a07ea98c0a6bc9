//! The olympiads table.

use super::*;

/// The range of a mean mark.
pub(super) fn mark_bounds() -> (f64, f64) {
    (f64::from(MARK_RANGE.0), f64::from(MARK_RANGE.1))
}

pub(super) fn read_olympiads(
    table: &mut Table,
    ids: &SchoolIndex,
    fatal: &mut Vec<Problem>,
    problems: &mut Vec<Problem>,
) -> (Vec<OlympiadRecord>, usize) {
    let mut rejected = 0;
    let mut olympiads = Vec::new();
    let mut subjects = Subjects::default();
    table.each_block(fatal, |t| {
        for i in 0..t.raw.height() {
            let mut r = Row::new(t, i, problems);
            let school = r.school(ids);
            let year = r.year();
            let stage = r.category::<OlympiadStage>("stage");
            let subject = r.optional_subject("subject", &mut subjects);
            let student_id = r.optional_text("student_id");
            let result = r.category::<OlympiadResult>("result");
            rejected += usize::from(!r.ok);
            if let (true, Some(school), Some(year), Some(stage), Some(result)) =
                (r.ok, school, year, stage, result)
            {
                olympiads.push(OlympiadRecord {
                    school,
                    year,
                    stage,
                    subject,
                    student_id,
                    result,
                });
            }
        }
    });
    (olympiads, rejected)
}
