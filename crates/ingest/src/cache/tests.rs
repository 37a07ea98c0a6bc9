//! The cache gives back the district it was made from, and its key follows the input.

use std::path::{Path, PathBuf};

use super::*;
use crate::read::read_district;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../data")
        .join(name)
}

/// A copy of a data folder that a test may change.
fn copy_of(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_folder(&data(name), dir.path());
    dir
}

fn copy_folder(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).expect("folder") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            fs::create_dir_all(&target).expect("folder");
            copy_folder(&path, &target);
        } else {
            fs::copy(&path, &target).expect("copy");
        }
    }
}

/// The cache of the district in `dir`, written into a new output folder.
fn cached(dir: &Path, options: &ReadOptions) -> (District, CacheKey, tempfile::TempDir) {
    let (district, _) = read_district(dir, options).expect("district");
    let (key, _) = cache_key(dir, options).expect("key");
    let out = tempfile::tempdir().expect("out");
    let folder = out.path().join(CACHE_DIR);
    fs::create_dir_all(&folder).expect("cache folder");
    for (name, bytes) in cache_files(&district, &key) {
        fs::write(folder.join(name), bytes).expect("written");
    }
    (district, key, out)
}

/// Every file of the cache of `district` under `key`, with its bytes.
fn cache_files(district: &District, key: &CacheKey) -> Vec<(&'static str, Vec<u8>)> {
    let encoder = CacheEncoder::new(district, key);
    (CACHE_FILES.iter())
        .map(|&name| {
            let mut bytes = Vec::new();
            encoder.write(name, &mut bytes).expect("encoded");
            (name, bytes)
        })
        .collect()
}

fn key_of(dir: &Path) -> CacheKey {
    cache_key(dir, &ReadOptions::default()).expect("key").0
}

#[test]
fn every_kind_of_district_comes_back_whole() {
    for name in ["demo", "aggregated", "extra-table", "per-year", "marks"] {
        let dir = if name == "demo" {
            data(name)
        } else {
            data("fixtures").join(name)
        };
        let options = ReadOptions::default();
        let (district, _, out) = cached(&dir, &options);
        let (back, _) = read_cache_for(out.path(), &dir, &options).expect("cache read");
        assert_eq!(back, district, "{name}");
        assert!(!district.schools.is_empty(), "{name}");
    }
}

#[test]
fn set_aside_rows_and_warnings_come_back() {
    let dir = copy_of("demo");
    let exams = dir.path().join("exams.csv");
    let mut text = fs::read_to_string(&exams).expect("exams");
    text.push_str("no-such-school;2025;ЕГЭ;математика;s-x;50;\n");
    fs::write(&exams, text).expect("written");
    let options = ReadOptions {
        skip_bad_rows: true,
        ..ReadOptions::default()
    };
    let (district, _, out) = cached(dir.path(), &options);
    assert!(
        !district.set_aside.is_empty() || !district.warnings.is_empty(),
        "the row is set aside or warned about"
    );
    let (back, _) = read_cache_for(out.path(), dir.path(), &options).expect("cache read");
    assert_eq!(back, district);
}

#[test]
fn the_same_district_gives_the_same_bytes() {
    let dir = data("demo");
    let (district, key) = (
        read_district(&dir, &ReadOptions::default())
            .expect("read")
            .0,
        key_of(&dir),
    );
    let once = cache_files(&district, &key);
    let again = cache_files(&district, &key);
    assert_eq!(once, again);
    let names: Vec<&str> = once.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, CACHE_FILES);
}

#[test]
fn the_key_follows_every_input_file_and_what_reading_uses() {
    let dir = copy_of("demo");
    let first = key_of(dir.path());
    assert_eq!(
        key_of(dir.path()),
        first,
        "the same input gives the same key"
    );

    // Settings used after reading keep the key.
    fs::write(dir.path().join("district.toml"), "[groups]\nk = 4\n").expect("config");
    assert_eq!(key_of(dir.path()), first);

    // One byte of one table changes it.
    let staff = dir.path().join("staff.csv");
    let mut bytes = fs::read(&staff).expect("staff");
    bytes.push(b'\n');
    fs::write(&staff, bytes).expect("staff written");
    let changed = key_of(dir.path());
    assert_ne!(changed, first);

    // So do the aliases reading uses.
    fs::write(
        dir.path().join("district.toml"),
        "[groups]\nk = 4\n\n[columns]\nschool_id = [\"Код школы\"]\n",
    )
    .expect("config");
    assert_ne!(key_of(dir.path()), changed);

    // And the read options.
    let skip = ReadOptions {
        skip_bad_rows: true,
        ..ReadOptions::default()
    };
    assert_ne!(
        cache_key(dir.path(), &skip).expect("key").0,
        key_of(dir.path())
    );
}

#[test]
fn the_key_of_a_district_read_is_the_key_of_its_files_hashed() {
    for name in [
        "demo",
        "fixtures/per-year",
        "fixtures/extra-table",
        "fixtures/cp1251-semicolon",
    ] {
        let dir = data(name);
        let options = ReadOptions::default();
        let (district, _) = read_district(&dir, &options).expect("district");
        assert_eq!(
            cache_key_of(&dir, &options, &district),
            Some(key_of(&dir)),
            "{name}"
        );
        // The SHA-256 values are the sources' (as read), not the files' hashed again.
        let mut other = district.clone();
        other.sources[0].sha256 = "0".repeat(64);
        assert_ne!(
            cache_key_of(&dir, &options, &other),
            Some(key_of(&dir)),
            "{name}"
        );
    }
}

#[test]
fn a_file_added_to_the_folder_changes_the_key() {
    let dir = copy_of("demo");
    let first = key_of(dir.path());
    fs::write(dir.path().join("notes.txt"), "не таблица").expect("note");
    assert_ne!(
        key_of(dir.path()),
        first,
        "the new file is reported as not read"
    );
}

#[test]
fn the_cache_holds_only_for_its_own_input_and_none_is_absent() {
    let dir = copy_of("demo");
    let options = ReadOptions::default();
    let (district, _, out) = cached(dir.path(), &options);
    let (back, config) = read_cache_for(out.path(), dir.path(), &options).expect("cache read");
    assert_eq!(back, district);
    assert_eq!(Some(config), config_of(dir.path(), &options));
    // A changed input file: the district decoded meanwhile is not returned.
    let staff = dir.path().join("staff.csv");
    let text = fs::read_to_string(&staff).expect("staff");
    fs::write(&staff, text.replacen("высшая", "первая", 1)).expect("staff written");
    assert!(matches!(
        read_cache_for(out.path(), dir.path(), &options),
        Err(CacheError::Stale)
    ));
    let empty = tempfile::tempdir().expect("empty");
    assert!(matches!(
        read_cache_for(empty.path(), dir.path(), &options),
        Err(CacheError::Absent)
    ));
}

#[test]
fn a_damaged_cache_is_refused_not_followed() {
    let (dir, options) = (data("demo"), ReadOptions::default());
    let (_, _, out) = cached(&dir, &options);
    let exams = out.path().join(CACHE_DIR).join("exams.arrow");
    let bytes = fs::read(&exams).expect("exams");
    fs::write(&exams, &bytes[..bytes.len() / 2]).expect("cut");
    assert!(matches!(
        read_cache_for(out.path(), &dir, &options),
        Err(CacheError::Unreadable(_))
    ));

    // Numbers pointing outside what they number are refused too.
    let (district, key, out) = cached(&dir, &options);
    let mut wrong = district.clone();
    wrong.schools.truncate(1);
    let files = cache_files(&wrong, &key);
    let schools = files
        .iter()
        .find(|(n, _)| *n == "schools.arrow")
        .expect("schools");
    fs::write(out.path().join(CACHE_DIR).join("schools.arrow"), &schools.1).expect("written");
    assert!(matches!(
        read_cache_for(out.path(), &dir, &options),
        Err(CacheError::Unreadable(_))
    ));
}

#[test]
fn students_are_listed_and_found_by_position() {
    let mut students = model::Students::default();
    for id in ["a", "bb", "c"] {
        students.push(id).expect("pushed");
    }
    assert_eq!(students.ids().collect::<Vec<_>>(), ["a", "bb", "c"]);
    let second = students.at(1).expect("second");
    assert_eq!(students.id(second), "bb");
    assert!(students.at(3).is_none());
}

#[test]
fn a_table_comes_back_whole_from_many_blocks() {
    let (district, _) = read_district(&data("demo"), &ReadOptions::default()).expect("read");
    let (meta, subjects) = meta::Meta::of(&district, &key_of(&data("demo")));
    let numbered = |s: &model::Subject| subjects.get(s.as_str()).copied();
    let mut bytes = Vec::new();
    frames::blocks_of(7, &district.exams, &mut bytes, |rows| {
        frames::exams_frame(rows, &numbered)
    })
    .expect("written");
    let out = tempfile::tempdir().expect("dir");
    let path = out.path().join("exams.arrow");
    fs::write(&path, &bytes).expect("written");
    let subjects = meta.subjects();
    let at = frames::Numbers {
        schools: district.schools.len(),
        students: &district.students,
        subjects: &subjects,
    };
    let file = fs::File::open(&path).expect("file");
    let back = frames::read_blocks(("exams.arrow", file), |df| {
        assert!(df.height() <= 7);
        frames::exams_of(df, &at)
    })
    .expect("read");
    assert_eq!(back, district.exams);
    assert!(district.exams.len() > 70, "many blocks");

    // A block's length running past the end is refused before anything is allocated.
    let mut cut = bytes[..8].to_vec();
    cut[..8].copy_from_slice(&u64::MAX.to_le_bytes());
    fs::write(&path, &cut).expect("written");
    let file = fs::File::open(&path).expect("file");
    assert!(frames::read_blocks(("exams.arrow", file), |df| frames::exams_of(df, &at)).is_err());
}
