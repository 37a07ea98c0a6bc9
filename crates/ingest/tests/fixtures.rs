//! Each fixture under data/fixtures/ shows one quirk of the files analysts have;
//! these tests check the values read, not only that reading succeeded.

use std::path::PathBuf;

use ingest::{read_district, ReadOptions};
use model::{ExamKind, PassportField, Settlement};

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
fn problems(name: &str, lang: model::Lang) -> Vec<String> {
    let err = read_district(&fixture(name), &ReadOptions::default()).expect_err("problems");
    err.problems.iter().map(|p| p.message(lang)).collect()
}

/// A fixture that reads without errors.
fn read_ok(name: &str) -> model::District {
    read_district(&fixture(name), &ReadOptions::default())
        .unwrap_or_else(|e| panic!("{name}: {}", e.message(model::Lang::En)))
        .0
}

/// A district's warnings, in English.
fn warnings(d: &model::District) -> Vec<String> {
    d.warnings
        .iter()
        .map(|w| w.message(model::Lang::En))
        .collect()
}

fn check(name: &str, expected: Expected) {
    let d = read_district(&fixture(name), &ReadOptions::default())
        .unwrap_or_else(|e| panic!("{name}: {}", e.message(model::Lang::En)))
        .0;
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
                r.score.expect("the fixtures give scores"),
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
    assert_eq!(
        warnings(&read_ok("xlsx-title-rows")),
        ["schools.xlsx, sheet \"Пояснения\": not read: another sheet of the workbook; the table \
          is read from sheet \"Школы\""]
    );
}

#[test]
fn xlsx_problems_name_the_sheet_and_its_row() {
    assert_eq!(
        problems("xlsx-bad-cell", model::Lang::Ru),
        vec!["exams.xlsx, лист «ЕГЭ», строка 5, столбец «балл»: «сорок» — не число"]
    );
    assert_eq!(
        problems("xlsx-bad-cell", model::Lang::En),
        vec!["exams.xlsx, sheet \"ЕГЭ\", row 5, column \"балл\": \"сорок\" is not a number"]
    );
}

#[test]
fn one_folder_per_year_with_the_latest_passport_and_the_year_from_the_folder() {
    let d = read_district(&fixture("per-year"), &ReadOptions::default())
        .unwrap_or_else(|e| panic!("{}", e.message(model::Lang::En)))
        .0;
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
        .map(|r| {
            let score = r.score.expect("the fixtures give scores");
            (d.school(r.school).id.0.as_str(), r.year, score)
        })
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

/// A summary as read: school id, year, exam, subject, participants, mean score, mean mark,
/// failed, high scorers.
type SummaryRow<'a> = (
    &'a str,
    u16,
    ExamKind,
    &'a str,
    u32,
    Option<f64>,
    Option<f64>,
    Option<u32>,
    Option<u32>,
);

#[test]
fn exam_results_aggregated_per_school_with_school_years_and_mean_marks() {
    let d = read_district(&fixture("aggregated"), &ReadOptions::default())
        .unwrap_or_else(|e| panic!("{}", e.message(model::Lang::En)))
        .0;
    assert!(d.exams.is_empty());
    let got: Vec<SummaryRow> = d
        .exam_summaries
        .iter()
        .map(|s| {
            (
                d.school(s.school).id.0.as_str(),
                s.year,
                s.exam,
                s.subject.as_str(),
                s.participants,
                s.mean_score,
                s.mean_mark,
                s.failed,
                s.high_scorers,
            )
        })
        .collect();
    let expected: Vec<SummaryRow> = vec![
        (
            "0101",
            2026,
            ExamKind::Ege,
            "математика",
            24,
            Some(61.5),
            None,
            Some(2),
            Some(5),
        ),
        (
            "0101",
            2026,
            ExamKind::Oge,
            "математика",
            30,
            None,
            Some(3.9),
            Some(1),
            None,
        ),
        (
            "0202",
            2026,
            ExamKind::Oge,
            "математика",
            8,
            Some(14.25),
            Some(3.5),
            Some(0),
            None,
        ),
        (
            "0202",
            2026,
            ExamKind::Oge,
            "физика",
            0,
            None,
            None,
            None,
            None,
        ),
    ];
    assert_eq!(got, expected);
    let exams = &d.sources[1];
    assert_eq!((exams.rows, exams.accepted, exams.rejected), (4, 4, 0));
    assert_eq!(exams.years, vec![2026]);
}

#[test]
fn per_student_scores_and_marks() {
    let d = read_district(&fixture("marks"), &ReadOptions::default())
        .unwrap_or_else(|e| panic!("{}", e.message(model::Lang::En)))
        .0;
    let got: Vec<(&str, ExamKind, Option<f64>, Option<u8>)> = d
        .exams
        .iter()
        .map(|r| (d.school(r.school).id.0.as_str(), r.exam, r.score, r.mark))
        .collect();
    assert_eq!(
        got,
        vec![
            ("0101", ExamKind::Oge, Some(30.0), Some(5)),
            ("0101", ExamKind::Oge, None, Some(4)),
            ("0202", ExamKind::Vpr, None, Some(3)),
            ("0202", ExamKind::Ege, Some(55.0), None),
        ]
    );
}

#[test]
fn an_extra_table_in_the_moscow_open_data_format() {
    let d = read_district(&fixture("extra-table"), &ReadOptions::default())
        .unwrap_or_else(|e| panic!("{}", e.message(model::Lang::En)))
        .0;
    let codes: Vec<&str> = d.extra_indicators.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(codes, vec!["ege_160_share", "ege_220_share"]);
    assert!(d.extra_indicators.iter().all(|e| e.share));
    let values: Vec<(&str, Option<u16>, usize, f64)> = d
        .extra_values
        .iter()
        .map(|v| {
            let share = (v.value * 100.0).round() / 100.0;
            (d.school(v.school).id.0.as_str(), v.year, v.indicator, share)
        })
        .collect();
    assert_eq!(
        values,
        vec![
            ("1027700566761", Some(2016), 0, 92.66),
            ("1027700566761", Some(2016), 1, 73.39),
            ("1027739314734", Some(2016), 0, 21.84),
            ("1027739314734", Some(2016), 1, 3.45),
        ]
    );
    // The school of another district is counted, reported once as a warning, not used.
    let rating = d
        .sources
        .iter()
        .find(|s| s.name == "rating.csv")
        .expect("rating.csv in the manifest");
    assert_eq!(
        (
            rating.rows,
            rating.accepted,
            rating.rejected,
            rating.schools
        ),
        (3, 2, 1, 2)
    );
    let warnings: Vec<String> = d
        .warnings
        .iter()
        .map(|w| w.message(model::Lang::Ru))
        .collect();
    assert_eq!(
        warnings,
        vec![
            "rating.csv, строка 1, столбец «ID»: столбец не используется: такого заголовка нет \
             среди известных (ближе всего «OGRN»); если это нужный столбец, укажите заголовок в \
             district.toml, в показателях таблицы ([[extra.indicators]])",
            "rating.csv, строка 1, столбец «EDU_NAME»: столбец не используется: такого \
             заголовка нет среди известных; если это нужный столбец, укажите заголовок в \
             district.toml, в показателях таблицы ([[extra.indicators]])",
            "rating.csv: строк о школах, которых нет в таблице школ: 1 \
             (например, «1027700000000»); они не используются"
        ]
    );
}

#[test]
fn a_merged_header_cell_is_a_warning_and_the_table_still_reads() {
    let d = read_ok("xlsx-merged-header");
    assert_eq!(d.exams.len(), 1);
    assert_eq!(
        warnings(&d),
        vec![
            "exams.xlsx, sheet \"ЕГЭ\", row 1, column \"Примечание\": the column is not used: \
             its header is none of the known ones; if the column is needed, name its header in \
             district.toml, section [columns]",
            "exams.xlsx, sheet \"ЕГЭ\", row 1, column \"G\": a column with data has an empty \
             or merged header; the column is not used"
        ]
    );
}

#[test]
fn dates_times_and_formulas_without_values_in_numeric_cells_are_located_errors() {
    assert_eq!(
        problems("xlsx-date-formula", model::Lang::En),
        vec![
            "schools.xlsx, sheet \"Школы\", row 2, column \"Число обучающихся\": \"2024-01-15\" \
             is a date or time, not a number (check the cell's format)",
            "schools.xlsx, sheet \"Школы\", row 3, column \"Малообеспеченные, %\": \"10:30\" \
             is a date or time, not a number (check the cell's format)",
            "schools.xlsx, sheet \"Школы\", row 4, column \"Число обучающихся\": \"=B2*2\" is a \
             formula whose value the file does not hold; open the file in Excel and save it",
            "exams.xlsx, sheet \"ЕГЭ\", row 2, column \"код ОО\": the row of school \"0101\" in \
             schools.xlsx (row 2) was rejected for its problems",
        ]
    );
}
