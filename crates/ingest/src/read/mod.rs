//! Reading a data folder into a [`District`], collecting every problem.

use std::borrow::Cow;
use std::fs;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap as HashMap;

use crate::config::{read_config, DistrictConfig, ExtraAliases, ExtraTable, CONFIG_FILE};
use crate::parse::{file_label, parse_number, parse_school_year};
use model::columns::{spec, ColumnSpec, ExamShape};
use model::{
    Category, ColumnStats, District, ExamKind, ExamRecord, ExamSummary, ExtraIndicator, ExtraValue,
    OlympiadRecord, OlympiadResult, OlympiadStage, Passport, PassportField, Qualification, School,
    SchoolId, SchoolIx, SchoolKind, ScoreLimits, Settlement, SourceFile, StaffMember, StudentIx,
    Students, Subject, TableKind, MARK_RANGE,
};
use model::{HeaderWords, NotRead, Problem, ProblemKind, Severity, UnusedColumn};

use crate::error::IngestError;
use crate::table::{open_table, RawTable, TableReader, TextEncoding, BLOCK_BYTES};

mod activities;
mod exams;
mod extra;
mod layout;
mod olympiads;
mod schools;
mod staff;
mod table;

use activities::*;
use exams::*;
use extra::*;
use layout::*;
use olympiads::*;
use schools::*;
use staff::*;
use table::*;

pub(crate) use layout::Layout;

/// How to read a data folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Set bad rows aside (and list them) instead of failing. File-level
    /// problems (a missing file or column, an unreadable file) still fail.
    pub skip_bad_rows: bool,
    /// The district config; by default `district.toml` in the data folder, if there.
    pub config: Option<PathBuf>,
    /// The encoding of text files; detected per file when not given.
    pub encoding: Option<TextEncoding>,
    /// How many bytes of a text file are read at a time; a default suited to
    /// large files when not given (tests set it small to read in many blocks).
    pub block_bytes: Option<usize>,
}

/// Everything ingest found in a folder: the records it accepted and every problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Ingested {
    /// Accepted records; with `usable == false`, possibly incomplete.
    pub district: District,
    /// The district's config as written (the defaults when there is none, or when it
    /// could not be read: then its problems are among `problems`).
    pub config: DistrictConfig,
    /// Every problem found, file-level ones first.
    pub problems: Vec<Problem>,
    /// Whether the district can be analysed as it is.
    pub usable: bool,
    /// Whether the config could not be read (then `problems` are its problems alone).
    pub config_failed: bool,
}

impl Ingested {
    /// Nothing read: the config, or the folder itself, failed.
    fn failed(config: DistrictConfig, problems: Vec<Problem>, config_failed: bool) -> Self {
        Ingested {
            district: District::default(),
            config,
            problems,
            usable: false,
            config_failed,
        }
    }
}

/// Reads `schools`, `staff`, `exams` and `olympiads` tables from a folder.
///
/// Every problem in every file is collected before failing, so that the
/// analyst can fix them all in one pass. The district comes with its config, as written.
pub fn read_district(
    dir: &Path,
    options: &ReadOptions,
) -> Result<(District, DistrictConfig), IngestError> {
    let ingested = inspect_district(dir, options);
    if ingested.usable {
        Ok((ingested.district, ingested.config))
    } else {
        Err(IngestError {
            problems: ingested.problems,
            in_config: ingested.config_failed,
        })
    }
}

/// Reads a folder as [`read_district`] does but never fails: for `check`,
/// which reports on data whether or not it can be analysed.
///
/// The folder holds the tables itself, or one subfolder per year (`2024/`,
/// `2025/`, …) each holding that year's tables; there a table may omit the
/// `year` column, and a school's passport is taken from the latest year that has it.
pub fn inspect_district(dir: &Path, options: &ReadOptions) -> Ingested {
    let config = match config_path(dir, options).map(|path| read_config(&path)) {
        Some(Ok(config)) => config,
        Some(Err(problems)) => return Ingested::failed(DistrictConfig::default(), problems, true),
        None => DistrictConfig::default(),
    };
    let extra: Vec<PathBuf> = config.extra.iter().map(|e| e.path.clone()).collect();
    let Layout { layers, not_read } = match Layout::of(dir, &extra) {
        Ok(layout) => layout,
        Err(problem) => return Ingested::failed(config, vec![*problem], false),
    };
    let mut read = Reading {
        options,
        config,
        district: District::default(),
        fatal: Vec::new(),
        bad_rows: Vec::new(),
        warnings: not_read,
    };
    // Open every table of every layer and resolve its headers, so that every
    // file-level problem is found before any row is read.
    let mut tables = read.open_tables(&layers);
    if let Some(ids) = read.schools(&mut tables) {
        read.the_other_tables(&mut tables, &ids);
    }
    read.finish()
}

/// A data folder being read: what it was read with, what was accepted, every problem.
struct Reading<'a> {
    options: &'a ReadOptions,
    config: DistrictConfig,
    district: District,
    /// Problems with whole files (and warnings found with the headers).
    fatal: Vec<Problem>,
    /// Problems with rows, which `--skip-bad-rows` sets aside.
    bad_rows: Vec<Problem>,
    warnings: Vec<Problem>,
}

impl Reading<'_> {
    /// Every table of every layer, opened with its headers resolved.
    fn open_tables(&mut self, layers: &[Layer]) -> Vec<(TableKind, Table)> {
        let mut tables: Vec<(TableKind, Table)> = Vec::new();
        for layer in layers {
            for table in TableKind::ALL {
                let Some(path) = layer.file(table) else {
                    self.missing(&layer.folder, table);
                    continue;
                };
                let file_name = file_label(path);
                let name = match layer.year {
                    Some(y) => format!("{y}/{file_name}"),
                    None => file_name,
                };
                let source = Source {
                    table,
                    path,
                    name,
                    spec: Cow::Borrowed(spec(table)),
                    folder_year: layer.year,
                };
                let aliases = &self.config.aliases;
                if let Some(t) =
                    source.open(aliases, self.options, &mut self.district, &mut self.fatal)
                {
                    tables.push((table, t));
                }
            }
        }
        // A table present in some year folders only is still optional-missing nowhere.
        self.district
            .missing_optional
            .retain(|t| !tables.iter().any(|(table, _)| table == t));
        tables
    }

    /// A table not in a folder: a problem when it is required, noted when it is optional.
    fn missing(&mut self, folder: &Path, table: TableKind) {
        if table.required() {
            self.fatal.push(Problem::new(
                &folder.display().to_string(),
                ProblemKind::MissingFile {
                    expected: format!("{}.csv", table.stem()),
                },
            ));
        } else if !self.district.missing_optional.contains(&table) {
            self.district.missing_optional.push(table);
        }
    }

    /// The schools tables, first: later years' rows replace earlier years' passports. The
    /// index of the schools' ids, when there was a schools table.
    fn schools(&mut self, tables: &mut [(TableKind, Table)]) -> Option<SchoolIndex> {
        let mut schools_files: Vec<String> = Vec::new();
        let mut rejected_ids: HashMap<String, (String, usize)> = HashMap::default();
        let mut school_at: HashMap<SchoolId, usize> = HashMap::default();
        let district = &mut self.district;
        for (_, t) in tables.iter_mut().filter(|(k, _)| *k == TableKind::Schools) {
            let (records, rejected) = read_schools(t, &mut self.fatal, &mut self.bad_rows);
            let cover = Coverage {
                schools: records.len(),
                ..Coverage::default()
            };
            t.account(district, t.rows - records.len(), cover);
            for (id, row) in rejected {
                rejected_ids.insert(id, (t.file().to_owned(), row));
            }
            if t.rows == 0 {
                self.fatal
                    .push(Problem::new(t.file(), ProblemKind::NoSchools));
            }
            for school in records {
                match school_at.get(&school.id) {
                    Some(&at) => district.schools[at] = school,
                    None => {
                        school_at.insert(school.id.clone(), district.schools.len());
                        district.schools.push(school);
                    }
                }
            }
            schools_files.push(t.file().to_owned());
        }
        let files = schools_files.join(", ");
        self.warnings.extend(
            similar_ids(&district.schools)
                .into_iter()
                .map(|(id, other)| Problem {
                    column: Some(spec(TableKind::Schools)[0].ru.to_string()),
                    value: Some(id),
                    ..Problem::new(&files, ProblemKind::SimilarIds { other })
                }),
        );
        (!schools_files.is_empty())
            .then(|| SchoolIndex::new(&district.schools, &files, rejected_ids))
    }

    /// The staff, exams, olympiads and activities tables, then the config's extra tables.
    fn the_other_tables(&mut self, tables: &mut [(TableKind, Table)], ids: &SchoolIndex) {
        let mut exams = ExamState::default();
        let (fatal, bad_rows) = (&mut self.fatal, &mut self.bad_rows);
        let district = &mut self.district;
        for (table, t) in tables.iter_mut() {
            let (rejected, cover) = match table {
                TableKind::Schools | TableKind::Extra => continue,
                TableKind::Staff => {
                    let (records, rejected) = read_staff(t, ids, fatal, bad_rows);
                    let mut cover = Coverage::new(ids.len());
                    records.iter().for_each(|r| cover.add(r.school, r.year));
                    district.staff.extend(records);
                    (rejected, cover)
                }
                TableKind::Exams => {
                    let limits = &self.config.limits;
                    let rows = read_exams(t, ids, limits, &mut exams, district, fatal, bad_rows);
                    district.exam_summaries.extend(rows.summaries);
                    (rows.rejected, rows.cover)
                }
                TableKind::Olympiads => {
                    let (records, rejected) = read_olympiads(t, ids, fatal, bad_rows);
                    let mut cover = Coverage::new(ids.len());
                    records
                        .iter()
                        .for_each(|r| cover.add(r.school, Some(r.year)));
                    district.olympiads.extend(records);
                    (rejected, cover)
                }
                TableKind::Activities => {
                    let (records, rejected) = read_activities(t, ids, fatal, bad_rows);
                    let mut cover = Coverage::new(ids.len());
                    (records.iter())
                        .filter_map(|r| r.lead_school)
                        .for_each(|s| cover.add(s, None));
                    district.activities.extend(records);
                    (rejected, cover)
                }
            };
            t.account(district, rejected, cover);
            // Results are what a run ranks: an exams table of a header alone is refused here,
            // where the file can be named, not later as "nothing to rank".
            if *table == TableKind::Exams && t.rows == 0 {
                fatal.push(Problem::new(t.file(), ProblemKind::NoRows));
            }
        }
        for extra in &self.config.extra {
            read_extra(
                extra,
                ids,
                self.options,
                district,
                fatal,
                bad_rows,
                &mut self.warnings,
            );
        }
    }

    /// What was read, with every problem: file-level ones first, then rows, then warnings.
    fn finish(self) -> Ingested {
        let Reading {
            options,
            config,
            mut district,
            fatal,
            bad_rows,
            mut warnings,
        } = self;
        // Warnings found while resolving headers travel with the file-level problems.
        let (found_warnings, fatal): (Vec<Problem>, Vec<Problem>) = fatal
            .into_iter()
            .partition(|p| p.kind.severity() == Severity::Warning);
        warnings.splice(0..0, found_warnings);
        let usable = fatal.is_empty() && (bad_rows.is_empty() || options.skip_bad_rows);
        if usable {
            district.set_aside = bad_rows.clone();
        }
        district.warnings = warnings.clone();
        let mut problems = fatal;
        problems.extend(bad_rows);
        problems.extend(warnings);
        Ingested {
            district,
            config,
            problems,
            usable,
            config_failed: false,
        }
    }
}

/// Pairs of school ids (later, earlier) that differ only in case, punctuation, spaces or
/// leading zeros (`0101` and `101`, `S-1` and `s1`): likely one school written two ways.
fn similar_ids(schools: &[School]) -> Vec<(String, String)> {
    let mut first: HashMap<String, &str> = HashMap::default();
    let mut pairs = Vec::new();
    for school in schools {
        let id = school.id.0.as_str();
        let loose = model::text::normalize(id);
        let loose = loose.trim_start_matches('0').to_owned();
        match first.get(&loose) {
            Some(other) => pairs.push((id.to_owned(), (*other).to_owned())),
            None => {
                first.insert(loose, id);
            }
        }
    }
    pairs
}

/// The config to read: the one named, else `district.toml` in the data folder if present.
pub(crate) fn config_path(dir: &Path, options: &ReadOptions) -> Option<PathBuf> {
    options.config.clone().or_else(|| {
        let default = dir.join(CONFIG_FILE);
        default.is_file().then_some(default)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHOOLS: &str =
        "код ОО;наименование;обучающихся;местность;малообеспеченные, %;число вакансий\n\
        S1;СОШ № 1;500;город;12,5;1,5\n\
        S2;ООШ № 2;80;село;;\n";
    const EXAMS: &str = "school_id,year,exam,subject,student_id,score\n\
        S1,2025,ЕГЭ,Математика,a,70\n\
        S2,2025,OGE,русский язык,b,25\n";

    fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, text) in files {
            let path = dir.path().join(name);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).expect("fixture folder");
            }
            fs::write(path, text).expect("write fixture");
        }
        dir
    }

    /// Reads a folder, checks the problem messages (English) against `expected`,
    /// and returns the district when there are none. Every folder is read twice,
    /// whole and in blocks of a few bytes, which must give the same district and problems.
    fn check(files: &[(&str, &str)], expected: &[&str]) -> Option<District> {
        let dir = folder(files);
        let whole = inspect_district(dir.path(), &ReadOptions::default());
        let small = ReadOptions {
            block_bytes: Some(7),
            ..ReadOptions::default()
        };
        assert_eq!(
            inspect_district(dir.path(), &small),
            whole,
            "read in blocks of 7 bytes"
        );
        match read_district(dir.path(), &ReadOptions::default()) {
            Ok((d, _)) => {
                assert!(expected.is_empty(), "expected problems {expected:?}");
                Some(d)
            }
            Err(e) => {
                let got: Vec<String> = e
                    .problems
                    .iter()
                    .map(|p| p.message(model::Lang::En))
                    .collect();
                let got: Vec<String> = got
                    .into_iter()
                    .map(|m| m.replace(&dir.path().display().to_string(), "DIR"))
                    .collect();
                assert_eq!(got, expected);
                None
            }
        }
    }

    #[test]
    fn reads_typed_records_from_russian_and_english_tables() {
        let d = check(&[("schools.csv", SCHOOLS), ("Exams.CSV", EXAMS)], &[]).expect("ok");
        assert_eq!(d.schools.len(), 2);
        assert_eq!(
            d.schools[0].passport.get(PassportField::LowIncomePct),
            Some(12.5)
        );
        assert_eq!(d.schools[1].passport.get(PassportField::LowIncomePct), None);
        assert_eq!(d.schools[1].settlement, Some(Settlement::Rural));
        assert_eq!(d.schools[0].vacancies, Some(1.5));
        assert_eq!(d.schools[1].vacancies, None);
        assert_eq!(d.exams.len(), 2);
        assert_eq!(d.exams[1].school, SchoolIx(1));
        assert_eq!(d.exams[1].exam, ExamKind::Oge);
        assert_eq!(d.exams[0].subject.as_str(), "математика");
        assert_eq!(
            d.missing_optional,
            vec![
                TableKind::Staff,
                TableKind::Olympiads,
                TableKind::Activities
            ]
        );
        assert_eq!(d.sources.len(), 2);
        assert_eq!(d.sources[1].rows, 2);
        let sha256: String = <sha2::Sha256 as sha2::Digest>::digest(SCHOOLS)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(d.sources[0].sha256, sha256);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let exams = "school_id,year,exam,subject,score\n\
            S1,2025,ЕГЭ,математика,сорок\n\
            S9,2025,ЕГЭ,математика,50\n\
            S1,2025,ЕГЭ,математика,150\n\
            S1,2025,ЭКЗ,математика,50\n";
        check(
            &[("schools.csv", SCHOOLS), ("exams.csv", exams)],
            &[
                "exams.csv, row 2, column \"score\": \"сорок\" is not a number",
                "exams.csv, row 3, column \"school_id\": no school with id \"S9\" in schools.csv",
                "exams.csv, row 4, column \"score\": value 150 is outside the valid range 0–100",
                "exams.csv, row 5, column \"exam\": unknown value \"ЭКЗ\"; expected one of: ЕГЭ, ОГЭ, ВПР / EGE, OGE, VPR",
            ],
        );
    }

    #[test]
    fn a_student_counted_twice_for_the_same_exam_and_subject() {
        let exams = "school_id;year;exam;subject;student_id;score\n\
            S1;2025;ЕГЭ;математика;a;70\n\
            S1;2025;ЕГЭ;Математика;a;71\n\
            S1;2025;ЕГЭ;физика;a;60\n\
            S1;2024;ЕГЭ;математика;a;50\n";
        check(
            &[("schools.csv", SCHOOLS), ("exams.csv", exams)],
            &[
                "exams.csv, row 3, column \"student_id\": student \"a\" already has a result \
               for this exam, subject and year (row 2)",
            ],
        );
    }

    #[test]
    fn percentages_and_years_out_of_range() {
        let schools =
            "код ОО;наименование;обучающихся;малообеспеченные, %;до районного центра, км\n\
            S1;А;10;120;5\n\
            S2;Б;20;-1;-3\n";
        let exams = "school_id;year;exam;subject;score\nS1;1899;ЕГЭ;математика;50\n";
        check(
            &[("schools.csv", schools), ("exams.csv", exams)],
            &[
                "schools.csv, row 2, column \"малообеспеченные, %\": value 120 is outside the valid range 0–100",
                "schools.csv, row 3, column \"малообеспеченные, %\": value -1 is outside the valid range 0–100",
                "schools.csv, row 3, column \"до районного центра, км\": value -3 is outside the valid range 0–10000",
                "exams.csv, row 2, column \"school_id\": the row of school \"S1\" in schools.csv \
                 (row 2) was rejected for its problems",
                "exams.csv, row 2, column \"year\": value 1899 is outside the valid range 1990–2100",
            ],
        );
    }

    #[test]
    fn duplicate_school_and_missing_column() {
        let schools = "код ОО;наименование;обучающихся\nS1;А;10\nS1;Б;20\n";
        let exams = "school_id;year;exam;subject\nS1;2025;ЕГЭ;математика\n";
        check(
            &[("schools.csv", schools), ("exams.csv", exams)],
            &[
                "exams.csv, column \"балл\": required column not found; the file has: \"school_id\", \"year\", \"exam\", \"subject\"",
                "schools.csv, row 3, column \"код ОО\": school id \"S1\" is repeated (first at row 2)",
            ],
        );
    }

    const BAD_EXAMS: &str = "school_id,year,exam,subject,score\n\
        S1,2025,ЕГЭ,математика,70\n\
        S1,2025,ЕГЭ,математика,сорок\n\
        S9,2025,ЕГЭ,математика,50\n\
        S2,2025,ОГЭ,математика,\n";

    #[test]
    fn rows_read_are_accepted_plus_rejected() {
        let dir = folder(&[("schools.csv", SCHOOLS), ("exams.csv", BAD_EXAMS)]);
        let ingested = inspect_district(dir.path(), &ReadOptions::default());
        assert!(!ingested.usable);
        assert_eq!(ingested.problems.len(), 3);
        let exams = &ingested.district.sources[1];
        assert_eq!((exams.rows, exams.accepted, exams.rejected), (4, 1, 3));
        let score = exams
            .columns
            .iter()
            .find(|c| c.canonical == "score")
            .expect("score stats");
        assert_eq!((score.header.as_str(), score.missing), ("score", 1));
        for s in &ingested.district.sources {
            assert_eq!(s.rows, s.accepted + s.rejected, "{}", s.name);
        }
    }

    #[test]
    fn bad_rows_are_set_aside_on_request() {
        let dir = folder(&[("schools.csv", SCHOOLS), ("exams.csv", BAD_EXAMS)]);
        assert!(read_district(dir.path(), &ReadOptions::default()).is_err());
        let (d, _) = read_district(
            dir.path(),
            &ReadOptions {
                skip_bad_rows: true,
                ..ReadOptions::default()
            },
        )
        .expect("usable");
        assert_eq!(d.exams.len(), 1);
        let rows: Vec<Option<usize>> = d.set_aside.iter().map(|p| p.row).collect();
        assert_eq!(rows, vec![Some(3), Some(4), Some(5)]);
    }

    #[test]
    fn file_level_problems_fail_even_when_skipping_rows() {
        let exams = "school_id;year;exam;subject;Балл ЕГЭ\nS1;2025;ЕГЭ;математика;50\n";
        let dir = folder(&[("schools.csv", SCHOOLS), ("exams.csv", exams)]);
        let err = read_district(
            dir.path(),
            &ReadOptions {
                skip_bad_rows: true,
                ..ReadOptions::default()
            },
        )
        .expect_err("fails");
        assert_eq!(
            err.problems[0].message(model::Lang::Ru),
            "exams.csv, столбец «балл»: обязательный столбец не найден; похожие: «Балл ЕГЭ»; \
             в файле есть: «school_id», «year», «exam», «subject», «Балл ЕГЭ»"
        );
    }

    #[test]
    fn a_year_that_differs_from_its_folder() {
        check(
            &[("2025/schools.csv", SCHOOLS), ("2025/exams.csv", EXAMS)],
            &[], // the rows of EXAMS are of 2025: they agree with their folder
        );
        let exams = "school_id;year;exam;subject;score\nS1;2024;ЕГЭ;математика;50\n";
        check(
            &[("2025/schools.csv", SCHOOLS), ("2025/exams.csv", exams)],
            &["2025/exams.csv, row 2, column \"year\": year 2024 differs from the folder 2025"],
        );
    }

    #[test]
    fn tables_and_year_folders_together_are_refused() {
        check(
            &[
                ("schools.csv", SCHOOLS),
                ("exams.csv", EXAMS),
                ("2025/exams.csv", EXAMS),
            ],
            &["DIR: the folder has both tables and year folders (2025); keep one layout"],
        );
    }

    #[test]
    fn the_district_config_adds_header_aliases() {
        let exams = "school_id;year;exam;subject;Ср. балл ЕГЭ\nS1;2025;ЕГЭ;математика;50\n";
        check(
            &[("schools.csv", SCHOOLS), ("exams.csv", exams)],
            &["exams.csv, column \"балл\": required column not found; similar: \"Ср. балл ЕГЭ\"; \
               the file has: \"school_id\", \"year\", \"exam\", \"subject\", \"Ср. балл ЕГЭ\""],
        );
        let config = "[columns]\nscore = [\"Ср. балл ЕГЭ\"]\n";
        let d = check(
            &[
                ("schools.csv", SCHOOLS),
                ("exams.csv", exams),
                ("district.toml", config),
            ],
            &[],
        )
        .expect("reads with the alias");
        assert_eq!(d.exams[0].score, Some(50.0));
    }

    #[test]
    fn missing_required_file() {
        check(
            &[("schools.csv", SCHOOLS)],
            &["DIR: file exams.csv not found (expected .csv)"],
        );
    }

    #[test]
    fn blank_and_no_data_marks_are_missing_not_zero() {
        let schools =
            "код ОО;наименование;обучающихся;малообеспеченные, %\nS1;А;10;н/д\nS2;Б;20;-\n";
        let d = check(&[("schools.csv", schools), ("exams.csv", EXAMS)], &[]).expect("ok");
        assert!(d
            .schools
            .iter()
            .all(|s| s.passport.get(PassportField::LowIncomePct).is_none()));
    }

    #[test]
    fn counts_of_a_summary_table_are_checked() {
        let exams = "school_id;year;exam;subject;participants;mean_score;failed;high_scorers\n\
            S1;2025;ЕГЭ;математика;-3;50;;\n\
            S1;2025;ЕГЭ;физика;10;55;12;11\n\
            S1;2025;ЕГЭ;химия;10;;;\n\
            S2;2025;ЕГЭ;химия;2,5;60;;\n";
        check(
            &[("schools.csv", SCHOOLS), ("exams.csv", exams)],
            &[
                "exams.csv, row 2, column \"participants\": value -3 is outside the valid range 0–10000000",
                "exams.csv, row 3, column \"failed\": 12 is more than \"participants\" (10)",
                "exams.csv, row 3, column \"high_scorers\": 11 is more than \"participants\" (10)",
                "exams.csv, row 4, column \"mean_score\": empty value in a required column",
                "exams.csv, row 5, column \"participants\": \"2,5\" is not a non-negative whole number",
            ],
        );
    }

    #[test]
    fn oge_scores_are_checked_against_the_subjects_maximum_and_marks_against_2_to_5() {
        let exams = "school_id;year;exam;subject;score;mark\n\
            S1;2025;ОГЭ;математика;33;\n\
            S1;2025;ОГЭ;математика;31;6\n\
            S1;2025;ЕГЭ;математика;99;\n\
            S1;2025;ОГЭ;астрономия;99;\n\
            S1;2025;ВПР;математика;;\n";
        check(
            &[("schools.csv", SCHOOLS), ("exams.csv", exams)],
            &[
                "exams.csv, row 2, column \"score\": value 33 is outside the valid range 0–32",
                "exams.csv, row 3, column \"mark\": value 6 is outside the valid range 2–5",
                "exams.csv, row 6, column \"score\": empty value in a required column",
            ],
        );
        let config = "[oge_max_score]\n\"математика\" = 31\n";
        let summary = "school_id;year;exam;subject;participants;mean_score\n\
            S1;2025;ОГЭ;математика;3;31,5\n";
        check(
            &[
                ("schools.csv", SCHOOLS),
                ("exams.csv", summary),
                ("district.toml", config),
            ],
            &["exams.csv, row 2, column \"mean_score\": value 31,5 is outside the valid range 0–31"],
        );
    }

    #[test]
    fn results_given_twice_for_a_school_exam_subject_and_year() {
        let summary = "school_id;year;exam;subject;participants;mean_score\n\
            S1;2025;ЕГЭ;математика;3;60\n\
            S1;2025;ЕГЭ;математика;4;62\n";
        check(
            &[("2025/schools.csv", SCHOOLS), ("2025/exams.csv", summary)],
            &[
                "2025/exams.csv, row 3, column \"school_id\": the school's results for this exam, \
                 subject and year are already given as a school summary in 2025/exams.csv (row 2); keep one",
            ],
        );
    }

    #[test]
    fn a_share_whose_count_exceeds_its_total() {
        let rating = "ОГРН;выпускников;160+\nS1;10;12\nS2;0;0\n";
        let config = "[[extra]]\nfile = \"rating.csv\"\nschool_id = \"ОГРН\"\n\
            [[extra.indicators]]\ncode = \"s160\"\nname = \"160+\"\ncolumn = \"160+\"\n\
            per = \"выпускников\"\n";
        let files = [
            ("schools.csv", SCHOOLS),
            ("exams.csv", EXAMS),
            ("district.toml", config),
            ("rating.csv", rating),
        ];
        check(
            &files,
            &["rating.csv, row 2, column \"160+\": 12 is more than \"выпускников\" (10)"],
        );
        let fixed = [
            ("schools.csv", SCHOOLS),
            ("exams.csv", EXAMS),
            ("district.toml", config),
            ("rating.csv", "ОГРН;выпускников;160+\nS1;10;5\nS2;0;0\n"),
        ];
        let d = check(&fixed, &[]).expect("reads");
        // A share of nobody is missing, not zero.
        assert_eq!(d.extra_values.len(), 1);
        assert_eq!(d.extra_values[0].value, 50.0);
    }

    #[test]
    fn an_extra_table_missing_its_configured_column() {
        let config = "[[extra]]\nfile = \"rating.csv\"\nschool_id = \"ОГРН\"\n\
            [[extra.indicators]]\ncode = \"r\"\nname = \"r\"\ncolumn = \"рейтинг\"\n";
        check(
            &[
                ("schools.csv", SCHOOLS),
                ("exams.csv", EXAMS),
                ("district.toml", config),
                ("rating.csv", "ОГРН;место в рейтинге\nS1;3\n"),
            ],
            &["rating.csv, column \"рейтинг\": required column not found; similar: \"место в рейтинге\"; \
               the file has: \"ОГРН\", \"место в рейтинге\""],
        );
    }

    #[test]
    fn a_staff_member_may_have_a_row_per_subject_and_no_other_repeat() {
        let staff = "код ОО;код работника;предмет;категория\n\
            S1;T1;математика;высшая\nS1;T1;физика;высшая\nS1;T1;физика;высшая\n\
            S1;T2;химия;первая\nS1;T2;биология;высшая\nS2;T1;химия;первая\n";
        let files = [
            ("schools.csv", SCHOOLS),
            ("exams.csv", EXAMS),
            ("staff.csv", staff),
        ];
        let repeated = |row, first| {
            format!(
                "staff.csv, row {row}, column \"код работника\": staff member \"T{}\" already \
                 has row {first}; a staff member's rows may differ only in the subject",
                if row == 4 { 1 } else { 2 }
            )
        };
        let expected = [repeated(4, 2), repeated(6, 5)];
        check(
            &files,
            &expected.iter().map(String::as_str).collect::<Vec<_>>(),
        );
    }

    #[test]
    fn look_alike_ids_and_extra_rows_without_an_id_are_warnings() {
        let schools = format!("{SCHOOLS}s-1;СОШ;300;город;10;0\n");
        let rating = "ОГРН;балл\nS1;5\n;7\nИтого;12\n";
        let config = "[[extra]]\nfile = \"rating.csv\"\nschool_id = \"ОГРН\"\n\
            [[extra.indicators]]\ncode = \"r\"\nname = \"r\"\ncolumn = \"балл\"\n";
        let files = [
            ("schools.csv", schools.as_str()),
            ("exams.csv", EXAMS),
            ("district.toml", config),
            ("rating.csv", rating),
        ];
        let d = check(&files, &[]).expect("reads");
        let warnings: Vec<String> = d
            .warnings
            .iter()
            .map(|w| w.message(model::Lang::En))
            .collect();
        assert_eq!(
            warnings,
            [
                "schools.csv, column \"код ОО\": the ids \"s-1\" and \"S1\" differ only in \
                 case, punctuation or leading zeros: are they two schools? They are read as two",
                "rating.csv: rows about schools not in the schools table: 1 (e.g. \"Итого\"); \
                 they are not used",
                "rating.csv: rows without a school id: 1 (the first at row 3; totals, say); they \
                 are not used",
            ]
        );
    }
}
