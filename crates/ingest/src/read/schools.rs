//! The schools table, read first: every other table refers to its schools by id.

use super::*;

/// School ids of the schools table, for checking references.
pub(super) struct SchoolIndex {
    pub(super) file: String,
    pub(super) by_id: HashMap<String, SchoolIx>,
    /// Ids whose schools row was rejected: the file and row, to say so instead of "unknown".
    pub(super) rejected: HashMap<String, (String, usize)>,
}

impl SchoolIndex {
    pub(super) fn new(
        schools: &[School],
        file: &str,
        rejected: HashMap<String, (String, usize)>,
    ) -> Self {
        let by_id = schools
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.0.clone(), SchoolIx(i as u32)))
            .collect();
        SchoolIndex {
            file: file.to_owned(),
            by_id,
            rejected,
        }
    }
    pub(super) fn get(&self, id: &str) -> Option<SchoolIx> {
        self.by_id.get(id).copied()
    }

    /// The number of schools.
    pub(super) fn len(&self) -> usize {
        self.by_id.len()
    }
}

/// The longest school id accepted, in characters (real ones are a few; a per-school chart's
/// file name holds up to 40 of it).
pub(crate) const MAX_ID_CHARS: usize = 100;
/// The longest school name accepted, in characters (a full official name is under 300).
pub(crate) const MAX_NAME_CHARS: usize = 1000;

/// Reads a schools table: the accepted schools, and the id and row of each rejected row that has an id.
pub(super) fn read_schools(
    table: &mut Table,
    fatal: &mut Vec<Problem>,
    problems: &mut Vec<Problem>,
) -> (Vec<School>, Vec<(String, usize)>) {
    let mut rejected_ids = Vec::new();
    let mut schools = Vec::new();
    let mut first_row: HashMap<String, usize> = HashMap::default();
    table.each_block(fatal, |t| {
        for i in 0..t.raw.height() {
            let mut r = Row::new(t, i, problems);
            let id = r.text_at_most("school_id", MAX_ID_CHARS);
            let name = r.text_at_most("name", MAX_NAME_CHARS);
            let students = r.whole("students", (1, 100_000));
            let kind = r.optional_category::<SchoolKind>("kind");
            let settlement = r.optional_category::<Settlement>("settlement");
            let lat = r.optional_number("lat", Some((-90.0, 90.0)));
            let lon = r.optional_number("lon", Some((-180.0, 180.0)));
            let vacancies = r.optional_number("vacancies", Some((0.0, 1_000.0)));
            let mut passport = Passport::default();
            for field in PassportField::ALL {
                let range = if field.is_percent() {
                    (0.0, 100.0)
                } else {
                    (0.0, 10_000.0)
                };
                passport.set(field, r.optional_number(field.code(), Some(range)));
            }
            if let Some(id) = &id {
                if let Some(&first) = first_row.get(id) {
                    r.fail(
                        "school_id",
                        ProblemKind::DuplicateSchool { first_row: first },
                    );
                } else {
                    first_row.insert(id.clone(), t.raw.row_number(i));
                }
            }
            let ok = r.ok;
            match (ok, id, name, students) {
                (true, Some(id), Some(name), Some(students)) => schools.push(School {
                    id: SchoolId(id),
                    name,
                    students,
                    kind,
                    settlement,
                    lat,
                    lon,
                    passport,
                    vacancies,
                }),
                (_, id, _, _) => rejected_ids.extend(id.map(|id| (id, t.raw.row_number(i)))),
            }
        }
    });
    (schools, rejected_ids)
}
