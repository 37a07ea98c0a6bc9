//! The columns of each input table: canonical English names, the Russian
//! header we write, and the header variants we accept.

use crate::model::TableKind;
use crate::parse::normalize;

#[derive(Debug, Clone, Copy)]
pub struct ColumnSpec {
    /// English canonical name, as in docs/data-format.md.
    pub canonical: &'static str,
    /// The Russian header written by `generate` and shown in messages.
    pub ru: &'static str,
    /// Further accepted headers (compared after folding case, punctuation and ё).
    pub aliases: &'static [&'static str],
    pub required: bool,
}

impl ColumnSpec {
    /// Every accepted name: canonical, Russian, then the aliases.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        [self.canonical, self.ru]
            .into_iter()
            .chain(self.aliases.iter().copied())
    }

    /// Whether a header found in a file names this column.
    pub fn matches(&self, header: &str) -> bool {
        let key = normalize(header);
        !key.is_empty() && self.names().any(|n| normalize(n) == key)
    }

    /// Headers that look like this column without matching it: one name
    /// contains the other, or they are a few letters apart. For messages.
    pub fn similar_headers(&self, headers: &[String]) -> Vec<String> {
        let names: Vec<String> = self.names().map(normalize).collect();
        headers
            .iter()
            .filter(|h| {
                let key = normalize(h);
                !key.is_empty() && names.iter().any(|n| looks_alike(&key, n))
            })
            .cloned()
            .collect()
    }
}

/// Folded names that one contains the other (4 letters or more) or are within
/// a quarter of their length in edits.
fn looks_alike(a: &str, b: &str) -> bool {
    let (la, lb) = (a.chars().count(), b.chars().count());
    let shorter = la.min(lb);
    (shorter >= 4 && (a.contains(b) || b.contains(a)))
        || edit_distance(a, b) <= (la.max(lb) / 4).max(1)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

const fn col(
    canonical: &'static str,
    ru: &'static str,
    aliases: &'static [&'static str],
    required: bool,
) -> ColumnSpec {
    ColumnSpec {
        canonical,
        ru,
        aliases,
        required,
    }
}

const SCHOOL_ID: ColumnSpec = col(
    "school_id",
    "код ОО",
    &[
        "код организации",
        "код школы",
        "код образовательной организации",
        "id",
    ],
    true,
);

pub const SCHOOLS: &[ColumnSpec] = &[
    SCHOOL_ID,
    col(
        "name",
        "наименование",
        &[
            "наименование ОО",
            "название",
            "школа",
            "краткое наименование",
        ],
        true,
    ),
    col(
        "students",
        "обучающихся",
        &[
            "число обучающихся",
            "количество обучающихся",
            "контингент",
            "численность обучающихся",
        ],
        true,
    ),
    col("kind", "вид ОО", &["тип ОО", "тип", "вид"], false),
    col(
        "settlement",
        "местность",
        &["тип местности", "тип поселения", "город/село"],
        false,
    ),
    col("lat", "широта", &["latitude"], false),
    col("lon", "долгота", &["longitude", "lng"], false),
    col(
        "low_income_pct",
        "малообеспеченные, %",
        &["доля малообеспеченных семей", "малообеспеченные семьи, %"],
        false,
    ),
    col(
        "single_parent_pct",
        "неполные семьи, %",
        &["доля неполных семей"],
        false,
    ),
    col(
        "parents_higher_ed_pct",
        "родители с высшим образованием, %",
        &["доля родителей с высшим образованием"],
        false,
    ),
    col(
        "disability_pct",
        "обучающиеся с ОВЗ, %",
        &["доля обучающихся с ОВЗ", "ОВЗ, %"],
        false,
    ),
    col(
        "non_native_pct",
        "неродной русский, %",
        &[
            "доля детей с неродным русским языком",
            "неродной русский язык, %",
        ],
        false,
    ),
    col(
        "distance_to_centre_km",
        "до районного центра, км",
        &[
            "расстояние до районного центра, км",
            "удаленность, км",
            "расстояние, км",
        ],
        false,
    ),
];

pub const STAFF: &[ColumnSpec] = &[
    SCHOOL_ID,
    col(
        "staff_id",
        "код работника",
        &["табельный номер", "работник"],
        true,
    ),
    col("role", "должность", &[], false),
    col("subject", "предмет", &["преподаваемый предмет"], false),
    col(
        "experience_years",
        "стаж",
        &["педагогический стаж", "стаж, лет", "педстаж"],
        false,
    ),
    col(
        "qualification",
        "категория",
        &["квалификационная категория", "квалификация"],
        false,
    ),
    col("age", "возраст", &["возраст, лет"], false),
];

pub const EXAMS: &[ColumnSpec] = &[
    SCHOOL_ID,
    col("year", "год", &["учебный год"], true),
    col(
        "exam",
        "экзамен",
        &["вид экзамена", "форма", "форма ГИА"],
        true,
    ),
    col("subject", "предмет", &[], true),
    col(
        "student_id",
        "код участника",
        &["код обучающегося", "участник"],
        false,
    ),
    col(
        "score",
        "балл",
        &["тестовый балл", "первичный балл", "баллы"],
        true,
    ),
];

pub const OLYMPIADS: &[ColumnSpec] = &[
    SCHOOL_ID,
    col("year", "год", &["учебный год"], true),
    col("stage", "этап", &["этап олимпиады"], true),
    col("subject", "предмет", &[], false),
    col(
        "student_id",
        "код участника",
        &["код обучающегося", "участник"],
        false,
    ),
    col("result", "результат", &["статус", "статус участника"], true),
];

/// The columns of a table, in the order `generate` writes them.
pub fn spec(table: TableKind) -> &'static [ColumnSpec] {
    match table {
        TableKind::Schools => SCHOOLS,
        TableKind::Staff => STAFF,
        TableKind::Exams => EXAMS,
        TableKind::Olympiads => OLYMPIADS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(table: TableKind, header: &str, expected: Option<&str>) {
        let found = spec(table)
            .iter()
            .find(|c| c.matches(header))
            .map(|c| c.canonical);
        assert_eq!(found, expected, "header {header:?}");
    }

    #[test]
    fn russian_and_english_headers_map_to_canonical_columns() {
        check(TableKind::Schools, "Код ОО", Some("school_id"));
        check(TableKind::Schools, "school_id", Some("school_id"));
        check(TableKind::Schools, "Число обучающихся", Some("students"));
        check(TableKind::Exams, "Балл", Some("score"));
        check(TableKind::Exams, "score", Some("score"));
        check(TableKind::Exams, "Удалённость", None);
        check(
            TableKind::Schools,
            "Удалённость, км",
            Some("distance_to_centre_km"),
        );
    }

    #[test]
    fn similar_headers_are_suggested() {
        let score = EXAMS
            .iter()
            .find(|c| c.canonical == "score")
            .expect("score column");
        let headers: Vec<String> = ["Код ОО", "Ср. балл", "предмет", "бал"]
            .map(String::from)
            .to_vec();
        assert_eq!(score.similar_headers(&headers), vec!["Ср. балл", "бал"]);
        let students = SCHOOLS
            .iter()
            .find(|c| c.canonical == "students")
            .expect("students column");
        assert!(students.similar_headers(&["ученики".to_owned()]).is_empty());
        assert_eq!(edit_distance("балл", "бал"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn no_header_names_two_columns_of_a_table() {
        for table in TableKind::ALL {
            let cols = spec(table);
            for a in cols {
                let names = std::iter::once(a.canonical)
                    .chain(std::iter::once(a.ru))
                    .chain(a.aliases.iter().copied());
                for name in names {
                    let hits = cols.iter().filter(|c| c.matches(name)).count();
                    assert_eq!(hits, 1, "{table:?}: {name:?} matches {hits} columns");
                }
            }
        }
    }
}
