//! What a data folder holds: the folders to read (the folder itself, or one per year), the
//! file of each table in them, and everything else in them, reported as not read with why.

use super::*;
use model::TRUTH_FILE;

/// Years a year folder may be named by.
const YEARS: std::ops::RangeInclusive<u16> = 1990..=2100;

/// The extensions of the files a table may be in.
const TABLE_EXTENSIONS: [&str; 6] = ["csv", "txt", "xlsx", "xlsm", "xls", "ods"];

/// A data folder's layout: the folders to read in year order, and what is not read.
pub(crate) struct Layout {
    /// The folders to read: the data folder itself (no year), or its year folders.
    pub(crate) layers: Vec<Layer>,
    /// A warning for each folder and file that is not read.
    pub(crate) not_read: Vec<Problem>,
}

/// One folder to read: its year (none for the data folder itself) and each table's file,
/// each folder listed once.
pub(crate) struct Layer {
    pub(crate) year: Option<u16>,
    pub(crate) folder: PathBuf,
    /// The file of each table of [`TableKind::ALL`], in that order, where the folder has one:
    /// the first by name when several exist (the others are reported as not read).
    files: [Option<PathBuf>; TableKind::ALL.len()],
}

impl Layer {
    /// The layer of `folder`, whose entries (sorted by name) are `entries`.
    fn new(year: Option<u16>, folder: &Path, entries: &[PathBuf]) -> Layer {
        let files = TableKind::ALL.map(|table| {
            entries
                .iter()
                .find(|p| p.is_file() && table_of(p) == Some(table))
                .cloned()
        });
        Layer {
            year,
            folder: folder.to_owned(),
            files,
        }
    }

    /// The file of `table`, where the folder has one.
    pub(crate) fn file(&self, table: TableKind) -> Option<&Path> {
        let at = TableKind::ALL.iter().position(|&t| t == table)?;
        self.files[at].as_deref()
    }
}

impl Layout {
    /// The layout of `dir`; `extra` are the files the config's `[[extra]]` tables name.
    pub(crate) fn of(dir: &Path, extra: &[PathBuf]) -> Result<Layout, Box<Problem>> {
        let missing = || {
            Box::new(Problem::new(
                &dir.display().to_string(),
                ProblemKind::MissingFile {
                    expected: dir.display().to_string(),
                },
            ))
        };
        let entries = sorted_entries(dir).ok_or_else(missing)?;
        let mut not_read = Vec::new();
        let mut years = Vec::new();
        for path in entries.iter().filter(|p| p.is_dir()) {
            match year_folder(path) {
                Ok(year) => years.push((year, path.clone())),
                Err(reason) => not_read.push(not_read_problem(dir, path, reason)),
            }
        }
        years.sort();
        let own = Layer::new(None, dir, &entries);
        let has_own_tables = own.files.iter().any(Option::is_some);
        let mut layers = Vec::new();
        match (years.is_empty(), has_own_tables) {
            (true, _) => {
                not_read.extend(files_not_read(dir, &own, &entries, extra));
                layers.push(own);
            }
            (false, false) => {
                for (year, folder) in years {
                    let entries = sorted_entries(&folder).unwrap_or_default();
                    let layer = Layer::new(Some(year), &folder, &entries);
                    not_read.extend(files_not_read(dir, &layer, &entries, extra));
                    layers.push(layer);
                }
            }
            (false, true) => {
                return Err(Box::new(Problem::new(
                    &dir.display().to_string(),
                    ProblemKind::MixedLayout {
                        years: years.iter().map(|(y, _)| *y).collect(),
                    },
                )))
            }
        }
        Ok(Layout { layers, not_read })
    }
}

/// The entries of a folder, sorted by name; `None` when it cannot be listed.
fn sorted_entries(dir: &Path) -> Option<Vec<PathBuf>> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    Some(entries)
}

/// The year a subfolder is named by, or why it is not a year folder.
fn year_folder(path: &Path) -> Result<u16, NotRead> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let name = name.unwrap_or_default();
    match name.trim().parse::<u16>() {
        Ok(year) if YEARS.contains(&year) => Ok(year),
        Ok(_) => Err(NotRead::YearOutOfRange),
        Err(_) => Err(NotRead::NotAYearFolder),
    }
}

/// The entries of one folder to read that are not read: in a year folder its subfolders;
/// files that are no table of the district (nor a table of the config, nor the config
/// itself); and a table's second file.
fn files_not_read(
    dir: &Path,
    layer: &Layer,
    entries: &[PathBuf],
    extra: &[PathBuf],
) -> Vec<Problem> {
    // The config names its tables by paths of its own: compared as the system resolves them.
    let extra: Vec<PathBuf> = extra.iter().filter_map(|e| e.canonicalize().ok()).collect();
    let mut out = Vec::new();
    for path in entries {
        let reason = if path.is_dir() {
            if layer.year.is_none() {
                continue; // Reported with the data folder's own subfolders.
            }
            NotRead::FolderInYearFolder
        } else if layer.files.iter().flatten().any(|f| f == path)
            || path.canonicalize().is_ok_and(|p| extra.contains(&p))
            || (layer.year.is_none() && path.file_name().is_some_and(|n| n == CONFIG_FILE))
        {
            continue;
        } else if let Some(table) = table_of(path) {
            let first = layer.file(table).map(file_label).unwrap_or_default();
            NotRead::SecondFile { read: first }
        } else if path.file_name().is_some_and(|n| n == TRUTH_FILE) {
            NotRead::GeneratedTruth
        } else {
            NotRead::NotATable
        };
        out.push(not_read_problem(dir, path, reason));
    }
    out
}

/// The table a file would hold by its name (`schools.csv`, `.txt`, `.xlsx`, `.xls`, `.ods`,
/// without regard to case), whatever it holds.
fn table_of(path: &Path) -> Option<TableKind> {
    let stem = path.file_stem()?.to_string_lossy().to_lowercase();
    let ext = path.extension()?.to_string_lossy().to_lowercase();
    TABLE_EXTENSIONS.contains(&ext.as_str()).then_some(())?;
    TableKind::ALL.into_iter().find(|t| t.stem() == stem)
}

/// The warning for a file or folder not read, named relative to the data folder.
fn not_read_problem(dir: &Path, path: &Path, reason: NotRead) -> Problem {
    let name = path.strip_prefix(dir).unwrap_or(path);
    let mut name = name.to_string_lossy().replace('\\', "/");
    if path.is_dir() {
        name.push('/');
    }
    Problem::new(&name, ProblemKind::NotRead { reason })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_folder_and_file_is_read_or_reported_with_why() {
        let dir = tempfile::tempdir().expect("dir");
        let d = dir.path();
        for folder in ["2025", "2026", "2026 (2)", "1800", "2025/old"] {
            fs::create_dir_all(d.join(folder)).expect("folder");
        }
        for file in [
            "2025/schools.csv",
            "2025/exams.csv",
            "2025/exams.xlsx",
            "2025/notes.txt",
            "2026/schools.csv",
            "2026/exams.csv",
            "2026/truth.csv",
            "2026/rating.csv",
        ] {
            fs::write(d.join(file), "x").expect("file");
        }
        let extra = [d.join("2026/rating.csv")];
        let layout = Layout::of(d, &extra).unwrap_or_else(|p| panic!("{p:?}"));
        let years: Vec<Option<u16>> = layout.layers.iter().map(|l| l.year).collect();
        assert_eq!(years, [Some(2025), Some(2026)]);
        let not_read: Vec<String> = layout
            .not_read
            .iter()
            .map(|p| p.message(model::Lang::En))
            .collect();
        assert_eq!(
            not_read,
            [
                "1800/: not read: the folder's year is outside 1990–2100",
                "2026 (2)/: not read: the folder's name is not a year (a year folder is named by \
                 its year alone, e.g. 2025)",
                "2025/exams.xlsx: not read: a second file of the same table; exams.csv is read",
                "2025/notes.txt: not read: none of the district's tables (schools, staff, exams, \
                 olympiads) nor an [[extra]] table of district.toml",
                "2025/old/: not read: a folder inside a year folder",
                "2026/truth.csv: not read: the hidden truth of a generated district (generate), \
                 for testing the method, not for analysis",
            ]
        );
    }
}
