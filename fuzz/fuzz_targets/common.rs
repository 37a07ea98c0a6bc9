//! What the targets share: a folder of their own to write the input into, and a district
//! whose other tables are valid, so that the fuzzed file is what is tried.

// Each target includes this file and uses a part of it.
#![allow(dead_code)]

use std::path::PathBuf;

/// A folder of this process's own (libFuzzer may run several processes at once).
pub fn folder() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("schoolpeers-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// A valid schools table of three schools.
pub const SCHOOLS: &str = "код ОО;наименование;обучающихся;местность\n\
    S1;СОШ № 1;500;город\nS2;ООШ № 2;80;село\nS3;СОШ № 3;420;город\n";

/// A valid exams table for the schools above.
pub const EXAMS: &str = "код ОО;год;экзамен;предмет;балл\n\
    S1;2025;ЕГЭ;математика;70\nS2;2025;ЕГЭ;математика;50\nS3;2025;ОГЭ;русский язык;20\n";

/// Writes `files` into a fresh folder and reads it as a data folder, as `check` does.
pub fn inspect(files: &[(&str, &[u8])]) {
    let dir = folder();
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries.flatten() {
            let _ = std::fs::remove_file(e.path());
        }
    }
    for (name, bytes) in files {
        if std::fs::write(dir.join(name), bytes).is_err() {
            return;
        }
    }
    let _ = ingest::inspect_district(&dir, &ingest::ReadOptions::default());
}
