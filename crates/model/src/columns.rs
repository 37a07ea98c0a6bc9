//! The columns of each input table: canonical English names, the Russian
//! header we write, and the header variants we accept.

use std::borrow::Cow;

use crate::district::TableKind;
use crate::header::HeaderWords;
use crate::text::normalize;

/// One column of an input table: its canonical name, its Russian header and the headers accepted.
#[derive(Debug, Clone)]
pub struct ColumnSpec {
    /// English canonical name, as in docs/data-format.md.
    pub canonical: Cow<'static, str>,
    /// The Russian header written by `generate` and shown in messages.
    pub ru: Cow<'static, str>,
    /// Further accepted headers (compared after folding case, punctuation and ё).
    pub aliases: &'static [&'static str],
    /// Whether a file must have this column.
    pub required: bool,
}

impl ColumnSpec {
    /// Every accepted name: canonical, Russian, then the aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> + '_ {
        [&*self.canonical, &*self.ru]
            .into_iter()
            .chain(self.aliases.iter().copied())
    }

    /// A column of an extra table, known by its header alone.
    pub fn named(header: &str, required: bool) -> Self {
        ColumnSpec {
            canonical: Cow::Owned(header.to_owned()),
            ru: Cow::Owned(header.to_owned()),
            aliases: &[],
            required,
        }
    }

    /// Whether a header found in a file names this column.
    pub fn matches(&self, header: &str) -> bool {
        let key = normalize(header);
        !key.is_empty() && self.names().any(|n| normalize(n) == key)
    }

    /// Whether a header says what one of this column's names says, in other words or
    /// another order (see [`HeaderWords`]).
    pub fn says(&self, header: &HeaderWords) -> bool {
        self.names().any(|n| HeaderWords::of(n).same(header))
    }

    /// How close a header comes to this column: the most words it shares with one of its
    /// names, then the fewest letters apart (for naming the closest column of one not used).
    pub fn closeness(&self, header: &str) -> (usize, std::cmp::Reverse<usize>) {
        let words = HeaderWords::of(header);
        let key = normalize(header);
        self.names()
            .map(|n| {
                let shared = HeaderWords::of(n).shared(&words);
                (
                    shared,
                    std::cmp::Reverse(edit_distance(&key, &normalize(n))),
                )
            })
            .max()
            .unwrap_or((0, std::cmp::Reverse(usize::MAX)))
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
        canonical: Cow::Borrowed(canonical),
        ru: Cow::Borrowed(ru),
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

/// The columns of the schools table (the school's passport).
pub const SCHOOLS: &[ColumnSpec] = &[
    SCHOOL_ID,
    col(
        "name",
        "наименование",
        &[
            "наименование ОО",
            "наименование образовательной организации",
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
    col(
        "kind",
        "вид ОО",
        &["тип ОО", "тип", "вид", "вид образовательной организации"],
        false,
    ),
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
    col(
        "vacancies",
        "вакансии",
        &[
            "число вакансий",
            "вакантные ставки",
            "вакантные должности",
            "вакансии педагогов",
        ],
        false,
    ),
];

/// The columns of the staff table.
pub const STAFF: &[ColumnSpec] = &[
    SCHOOL_ID,
    col(
        "staff_id",
        "код работника",
        &["табельный номер", "работник"],
        true,
    ),
    col(
        "full_name",
        "ФИО",
        &["ф.и.о.", "фамилия, имя, отчество", "фамилия имя отчество"],
        false,
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
        "years_in_post",
        "стаж в должности",
        &[
            "стаж в занимаемой должности",
            "стаж работы в должности",
            "лет в должности",
        ],
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

/// Exam results, per student (`score` and/or `mark`) or per school
/// (`participants` with `mean_score` and/or `mean_mark`); see [`ExamShape`].
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
        false,
    ),
    col(
        "mark",
        "отметка",
        &["оценка", "отметка по пятибалльной шкале"],
        false,
    ),
    col(
        "participants",
        "участников",
        &[
            "число участников",
            "количество участников",
            "кол-во участников",
            "сдавали",
            "число сдававших",
        ],
        false,
    ),
    col(
        "mean_score",
        "средний балл",
        &[
            "ср. балл",
            "средний тестовый балл",
            "средний первичный балл",
        ],
        false,
    ),
    col(
        "sd_score",
        "стандартное отклонение балла",
        &[
            "стандартное отклонение",
            "ско",
            "ско балла",
            "среднеквадратичное отклонение",
            "sd",
            "standard deviation",
        ],
        false,
    ),
    col(
        "mean_mark",
        "средняя отметка",
        &["средняя оценка", "ср. отметка"],
        false,
    ),
    col(
        "failed",
        "не преодолели минимум",
        &[
            "не сдали",
            "не преодолели минимальный порог",
            "ниже минимального балла",
            "получили 2",
        ],
        false,
    ),
    col(
        "high_scorers",
        "высокобалльников",
        &[
            "высокобалльники",
            "81-100 баллов",
            "от 81 балла",
            "получили 5",
        ],
        false,
    ),
];

/// The two shapes of an exam table, told apart by their columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExamShape {
    /// One row per student and subject: `score`, `mark` or both.
    PerStudent,
    /// One row per school, subject and year: `participants` and `mean_score` or `mean_mark`.
    PerSchool,
}

impl ExamShape {
    /// Columns that make a table per-school when any of them is present.
    pub const PER_SCHOOL_COLUMNS: [&'static str; 3] = ["participants", "mean_score", "mean_mark"];

    /// The column groups a table of this shape needs, each satisfied by any one of its columns.
    pub fn needs(self) -> &'static [&'static [&'static str]] {
        match self {
            ExamShape::PerStudent => &[&["score", "mark"]],
            ExamShape::PerSchool => &[&["participants"], &["mean_score", "mean_mark"]],
        }
    }
}

/// The columns of the olympiads table.
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

/// The columns of the activities table: a methodical cluster's year (seeds 000 and 001), one
/// count per [`crate::Activity`] in its order, then the yes/no items and the product.
pub const ACTIVITIES: &[ColumnSpec] = &[
    col(
        "cluster",
        "кластер",
        &["методический кластер", "название кластера", "пара"],
        true,
    ),
    col("year", "год", &["учебный год"], true),
    col(
        "lead_school_id",
        "код опорной школы",
        &["опорная школа", "код базовой школы"],
        false,
    ),
    col(
        "seminar_participants",
        "участники семинаров и конференций",
        &["участники семинаров", "семинары и конференции"],
        false,
    ),
    col(
        "grant_participants",
        "участники грантов и конкурсов",
        &["участники конкурсов", "гранты и конкурсы"],
        false,
    ),
    col(
        "publications_municipal",
        "публикации муниципальные",
        &["муниципальные публикации"],
        false,
    ),
    col(
        "publications_regional",
        "публикации региональные",
        &["региональные публикации"],
        false,
    ),
    col(
        "publications_federal",
        "публикации федеральные",
        &["федеральные публикации"],
        false,
    ),
    col(
        "pilot_schools",
        "школы, апробирующие инновацию",
        &["школы-апробаторы", "апробационные площадки"],
        false,
    ),
    col(
        "teachers_acquainted",
        "педагоги, ознакомленные с опытом",
        &["ознакомлены с опытом"],
        false,
    ),
    col(
        "teachers_mastered",
        "педагоги, освоившие опыт на стажировке",
        &["освоили опыт", "стажировки"],
        false,
    ),
    col(
        "partner_institutions",
        "учреждения-партнёры",
        &["партнёры", "учреждения-партнеры"],
        false,
    ),
    col("projects", "разработанные проекты", &["проекты"], false),
    col(
        "composition_kept",
        "состав сохранён",
        &["сохранность состава", "состав сохранен"],
        false,
    ),
    col(
        "plan_fulfilled",
        "план выполнен",
        &["выполнение плана"],
        false,
    ),
    col("product", "инновационный продукт", &["продукт"], false),
];

/// The columns of a table, in the order `generate` writes them.
pub fn spec(table: TableKind) -> &'static [ColumnSpec] {
    match table {
        TableKind::Schools => SCHOOLS,
        TableKind::Staff => STAFF,
        TableKind::Exams => EXAMS,
        TableKind::Olympiads => OLYMPIADS,
        TableKind::Activities => ACTIVITIES,
        // An extra table's columns are those its config section names.
        TableKind::Extra => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(table: TableKind, header: &str, expected: Option<&str>) {
        let found = spec(table)
            .iter()
            .find(|c| c.matches(header))
            .map(|c| &*c.canonical);
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
        check(TableKind::Exams, "Ср. балл", Some("mean_score"));
        check(TableKind::Exams, "Кол-во участников", Some("participants"));
        check(TableKind::Exams, "Средняя оценка", Some("mean_mark"));
        check(TableKind::Exams, "Отметка", Some("mark"));
        check(TableKind::Exams, "81–100 баллов", Some("high_scorers"));
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
                for name in a.names() {
                    let hits = cols.iter().filter(|c| c.matches(name)).count();
                    assert_eq!(hits, 1, "{table:?}: {name:?} matches {hits} columns");
                    let words = HeaderWords::of(name);
                    let said: Vec<&str> = cols
                        .iter()
                        .filter(|c| c.says(&words))
                        .map(|c| &*c.canonical)
                        .collect();
                    // Words may say two columns ("участник", "участников"): exact names
                    // decide those, and a header only words match is read when they say one.
                    assert!(
                        said.contains(&&*a.canonical),
                        "{table:?}: the words of {name:?}"
                    );
                }
            }
        }
    }
}
