//! Each fixture under data/fixtures/ shows one quirk of the files analysts have;
//! these tests check the values read, not only that reading succeeded.

use std::path::PathBuf;

use ingest::{read_district, ExamKind, PassportField, ReadOptions, Settlement};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/fixtures")
        .join(name)
}

/// A school as read: id, name, students, settlement, low-income %, distance.
type SchoolRow<'a> = (&'a str, &'a str, u32, Settlement, Option<f64>, Option<f64>);
/// An exam result as read: school id, year, exam, subject, score.
type ExamRow<'a> = (&'a str, u16, ExamKind, &'a str, f64);

/// What a fixture's schools and exams must read as.
struct Expected<'a> {
    schools: &'a [SchoolRow<'a>],
    exams: &'a [ExamRow<'a>],
}

/// Reads a fixture that must fail and returns its problem messages.
fn problems(name: &str, lang: ingest::Lang) -> Vec<String> {
    let err = read_district(&fixture(name), &ReadOptions::default()).expect_err("problems");
    err.problems.iter().map(|p| p.message(lang)).collect()
}

fn check(name: &str, expected: Expected) {
    let d = read_district(&fixture(name), &ReadOptions::default())
        .unwrap_or_else(|e| panic!("{name}: {}", e.message(ingest::Lang::En)));
    let schools: Vec<_> = d
        .schools
        .iter()
        .map(|s| {
            (
                s.id.0.as_str(),
                s.name.as_str(),
                s.students,
                s.settlement.expect("settlement"),
                s.passport.get(PassportField::LowIncomePct),
                s.passport.get(PassportField::DistanceToCentreKm),
            )
        })
        .collect();
    assert_eq!(schools, expected.schools, "{name}: schools");
    let exams: Vec<_> = d
        .exams
        .iter()
        .map(|r| {
            (
                d.school(r.school).id.0.as_str(),
                r.year,
                r.exam,
                r.subject.as_str(),
                r.score,
            )
        })
        .collect();
    assert_eq!(exams, expected.exams, "{name}: exams");
    for s in &d.sources {
        assert_eq!(
            (s.rows, s.rejected),
            (s.accepted, 0),
            "{name}: {} accounting",
            s.name
        );
    }
}

/// The two schools of the Russian fixtures, whatever the file format.
const RU_SCHOOLS: &[SchoolRow] = &[
    (
        "0101",
        "МБОУ СОШ № 1 ст. Павловской",
        1234,
        Settlement::Urban,
        Some(12.5),
        Some(0.8),
    ),
    (
        "0202",
        "МБОУ ООШ № 22 х. Упорного",
        87,
        Settlement::Rural,
        None,
        Some(57.25),
    ),
];

#[test]
fn windows_1251_semicolons_decimal_commas_spaces_percent_and_no_data_marks() {
    check(
        "cp1251-semicolon",
        Expected {
            schools: RU_SCHOOLS,
            exams: &[
                ("0101", 2026, ExamKind::Ege, "математика", 72.0),
                ("0101", 2026, ExamKind::Ege, "русский язык", 81.0),
                ("0202", 2026, ExamKind::Oge, "математика", 17.0),
            ],
        },
    );
}

#[test]
fn utf8_bom_commas_and_quoted_names() {
    check(
        "utf8-bom-comma",
        Expected {
            schools: &[
                (
                    "0101",
                    "МБОУ \"СОШ № 1\", ст. Павловская",
                    1234,
                    Settlement::Urban,
                    Some(12.5),
                    Some(0.8),
                ),
                (
                    "0202",
                    "МБОУ ООШ № 22, х. Упорный",
                    87,
                    Settlement::Rural,
                    None,
                    Some(57.25),
                ),
            ],
            exams: &[
                ("0101", 2026, ExamKind::Ege, "mathematics", 72.0),
                ("0202", 2026, ExamKind::Oge, "mathematics", 17.0),
            ],
        },
    );
}

#[test]
fn header_variants_tabs_and_category_spellings() {
    check(
        "header-variants",
        Expected {
            schools: &[
                (
                    "0101",
                    "СОШ № 1",
                    1234,
                    Settlement::Urban,
                    Some(12.5),
                    Some(0.8),
                ),
                (
                    "0202",
                    "ООШ № 22",
                    87,
                    Settlement::Rural,
                    Some(30.0),
                    Some(57.25),
                ),
            ],
            exams: &[
                ("0101", 2026, ExamKind::Ege, "математика", 72.0),
                ("0202", 2026, ExamKind::Oge, "математика", 17.0),
            ],
        },
    );
}

#[test]
fn xlsx_with_a_notes_sheet_title_rows_empty_rows_and_numeric_cells() {
    check(
        "xlsx-title-rows",
        Expected {
            schools: RU_SCHOOLS,
            exams: &[
                ("0101", 2026, ExamKind::Ege, "математика", 72.0),
                ("0202", 2026, ExamKind::Oge, "математика", 17.0),
            ],
        },
    );
}

#[test]
fn xlsx_problems_name_the_sheet_and_its_row() {
    assert_eq!(
        problems("xlsx-bad-cell", ingest::Lang::Ru),
        vec!["exams.xlsx, лист «ЕГЭ», строка 5, столбец «балл»: «сорок» — не число"]
    );
    assert_eq!(
        problems("xlsx-bad-cell", ingest::Lang::En),
        vec!["exams.xlsx, sheet \"ЕГЭ\", row 5, column \"балл\": \"сорок\" is not a number"]
    );
}

#[test]
fn one_folder_per_year_with_the_latest_passport_and_the_year_from_the_folder() {
    let d = read_district(&fixture("per-year"), &ReadOptions::default())
        .unwrap_or_else(|e| panic!("{}", e.message(ingest::Lang::En)));
    let schools: Vec<(&str, u32, Option<f64>)> = d
        .schools
        .iter()
        .map(|s| {
            (
                s.id.0.as_str(),
                s.students,
                s.passport.get(PassportField::LowIncomePct),
            )
        })
        .collect();
    assert_eq!(
        schools,
        vec![
            ("0101", 1234, Some(11.0)),
            ("0303", 40, Some(35.0)),
            ("0202", 87, Some(30.0))
        ]
    );
    let exams: Vec<(&str, u16, f64)> = d
        .exams
        .iter()
        .map(|r| (d.school(r.school).id.0.as_str(), r.year, r.score))
        .collect();
    assert_eq!(
        exams,
        vec![
            ("0101", 2025, 72.0),
            ("0303", 2025, 12.0),
            ("0101", 2026, 75.0),
            ("0202", 2026, 18.0)
        ]
    );
    let names: Vec<&str> = d.sources.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "2025/schools.csv",
            "2025/exams.csv",
            "2026/schools.csv",
            "2026/exams.csv"
        ]
    );
}
