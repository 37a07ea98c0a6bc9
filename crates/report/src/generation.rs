//! The output folder as one generation: locked against a second command, written in a
//! staging folder beside it, and put in its place whole, the previous generation removed only
//! once the new one is complete.
//!
//! For an output folder `OUT` the names beside it are `.OUT.lock` (the lock, removed when the
//! command ends), `.OUT.new-PID` (the generation being written) and `.OUT.old-PID` (the previous
//! generation between the swap and its removal). A command that finds these of a command that
//! was killed clears them, under the lock, before it begins.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::ReportError;

/// The staging folder and lock file of the generation being written, for [`abandon`].
static ACTIVE: Mutex<Option<(PathBuf, PathBuf)>> = Mutex::new(None);

/// A generation of an output folder being written: the folder locked, an empty staging folder
/// beside it. Dropped without [`Generation::commit`], it leaves the output folder as it was.
#[derive(Debug)]
pub struct Generation {
    out: PathBuf,
    staging: PathBuf,
    lock: Option<Lock>,
    committed: bool,
}

/// Why the output folder cannot be claimed.
fn io(path: &Path) -> impl Fn(std::io::Error) -> ReportError + '_ {
    move |source| ReportError::Io {
        path: path.to_owned(),
        source,
    }
}

/// `out` made absolute, with a name of its own (not `/`, not ending in `..`).
fn resolved(out: &Path) -> Result<(PathBuf, PathBuf, String), ReportError> {
    let absolute = real_path(out).map_err(io(out))?;
    let unnamed = || ReportError::Unnamed {
        path: out.to_owned(),
    };
    let name = absolute
        .file_name()
        .ok_or_else(unnamed)?
        .to_string_lossy()
        .into_owned();
    let parent = absolute.parent().ok_or_else(unnamed)?.to_owned();
    Ok((absolute, parent, name))
}

/// The output folder `out` as a generation replaces it: absolute, and where it exists with its
/// links followed (the swap replaces the folder a link leads to). What the refusals of `cli`
/// hold the command's inputs against.
pub fn real_path(out: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(out)?;
    Ok(fs::canonicalize(&absolute).unwrap_or(absolute))
}

impl Generation {
    /// Locks `out` (refused with [`ReportError::Busy`] while another command holds it), clears
    /// what a killed command left beside it, and makes an empty staging folder.
    pub fn begin(out: &Path) -> Result<Generation, ReportError> {
        let (out, parent, name) = resolved(out)?;
        fs::create_dir_all(&parent).map_err(io(&parent))?;
        let lock = Lock::take(&parent.join(format!(".{name}.lock")), &out)?;
        clear_leftovers(&parent, &name, &out)?;
        let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
        fs::create_dir(&staging).map_err(io(&staging))?;
        if let Ok(mut active) = ACTIVE.lock() {
            *active = Some((staging.clone(), lock.path.clone()));
        }
        Ok(Generation {
            out,
            staging,
            lock: Some(lock),
            committed: false,
        })
    }

    /// The folder the generation's files are written into.
    pub fn folder(&self) -> &Path {
        &self.staging
    }

    /// The output folder the generation will replace (absolute).
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// Puts the staged folder in the output folder's place, whole. The previous generation is
    /// then removed, or, with `keep_previous`, kept beside as `OUT.replaced-N` (returned).
    pub fn commit(mut self, keep_previous: bool) -> Result<Option<PathBuf>, ReportError> {
        crate::write::stop_if_interrupted().map_err(io(&self.out))?;
        let previous = self.swap()?;
        self.committed = true;
        let Some(previous) = previous else {
            return Ok(None);
        };
        if keep_previous {
            let kept = free_name(&self.out);
            fs::rename(&previous, &kept).map_err(io(&kept))?;
            return Ok(Some(kept));
        }
        // The new generation is in place: failing to remove the old one only leaves it
        // beside, where the next command clears it.
        let _ = fs::remove_dir_all(&previous);
        Ok(None)
    }

    /// The staging folder renamed to the output folder; the previous generation's folder, if
    /// there was one, under a name beside it.
    fn swap(&self) -> Result<Option<PathBuf>, ReportError> {
        let out = &self.out;
        if fs::symlink_metadata(out).is_err() {
            fs::rename(&self.staging, out).map_err(io(out))?;
            return Ok(None);
        }
        // For the tests only: a command killed just before the swap.
        fail::fail_point!("generation-swap");
        if exchange(&self.staging, out).is_ok() {
            return Ok(Some(self.staging.clone()));
        }
        // Where the file system cannot exchange two names: two renames, undone on failure; a
        // command killed between them leaves the old generation beside, restored next time.
        let old = old_name(out);
        fs::rename(out, &old).map_err(io(out))?;
        if let Err(e) = fs::rename(&self.staging, out) {
            let _ = fs::rename(&old, out);
            return Err(io(out)(e));
        }
        Ok(Some(old))
    }
}

impl Drop for Generation {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.staging);
        }
        if let Ok(mut active) = ACTIVE.lock() {
            *active = None;
        }
        drop(self.lock.take());
    }
}

/// Removes the generation being written and its lock (on Ctrl-C, before the process ends).
pub(crate) fn abandon() {
    let active = ACTIVE.lock().ok().and_then(|mut a| a.take());
    if let Some((staging, lock)) = active {
        let _ = fs::remove_dir_all(staging);
        let _ = fs::remove_file(lock);
    }
}

/// `.OUT.old-PID` beside `out`.
fn old_name(out: &Path) -> PathBuf {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(
        ".{}.old-{}",
        name.unwrap_or_default(),
        std::process::id()
    ))
}

/// `OUT.replaced-N` beside `out`, with the first N not taken.
fn free_name(out: &Path) -> PathBuf {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned());
    let name = name.unwrap_or_default();
    (1..)
        .map(|n| out.with_file_name(format!("{name}.replaced-{n}")))
        .find(|p| fs::symlink_metadata(p).is_err())
        .unwrap_or_else(|| out.with_file_name(format!("{name}.replaced")))
}

/// Clears what a killed command left beside `out` (the lock is held: no command is writing
/// them): a staging folder is removed; a previous generation is put back if the folder is
/// missing (killed between two renames), else removed.
fn clear_leftovers(parent: &Path, name: &str, out: &Path) -> Result<(), ReportError> {
    let (new, old) = (format!(".{name}.new-"), format!(".{name}.old-"));
    let entries = fs::read_dir(parent).map_err(io(parent))?;
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if file_name.starts_with(&new) {
            let _ = fs::remove_dir_all(&path);
        } else if file_name.starts_with(&old) {
            if fs::symlink_metadata(out).is_err() {
                fs::rename(&path, out).map_err(io(out))?;
            } else {
                let _ = fs::remove_dir_all(&path);
            }
        }
    }
    Ok(())
}

/// Exchanges two names atomically (Linux's `renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

/// Elsewhere names are not exchanged: the caller renames twice.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// An advisory lock on a file beside the output folder, held while the command runs; the
/// system releases it when the process ends, however it ends.
#[derive(Debug)]
struct Lock {
    path: PathBuf,
    /// Held for the lock it carries.
    _file: fs::File,
}

impl Lock {
    /// Takes the lock at `path`, or refuses at once when another process holds it.
    fn take(path: &Path, out: &Path) -> Result<Lock, ReportError> {
        // A holder removes the file as it lets go: the file locked must still be the one at
        // `path`, else another command may hold the new one. Retried a bounded number of times.
        for _ in 0..100 {
            let file = fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(path)
                .map_err(io(path))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(ReportError::Busy {
                        path: out.to_owned(),
                    })
                }
                Err(fs::TryLockError::Error(e)) => return Err(io(path)(e)),
            }
            if same_file(&file, path) {
                return Ok(Lock {
                    path: path.to_owned(),
                    _file: file,
                });
            }
        }
        Err(ReportError::Busy {
            path: out.to_owned(),
        })
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held; the lock goes with the file handle, right after.
        let _ = fs::remove_file(&self.path);
    }
}

/// Whether the open `file` is the file now at `path`.
#[cfg(unix)]
fn same_file(file: &fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Elsewhere a lock file is never removed, so the file at `path` is the one locked.
#[cfg(not(unix))]
fn same_file(_: &fs::File, _: &Path) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_committed_generation_replaces_the_folder_whole() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("out");
        fs::create_dir(&out).expect("folder");
        fs::write(out.join("stale.svg"), "old").expect("old file");
        let generation = Generation::begin(&out).expect("claimed");
        fs::write(generation.folder().join("new.csv"), "new").expect("new file");
        assert_eq!(generation.commit(false).expect("committed"), None);
        assert_eq!(names(&out), vec!["new.csv"]);
        // Nothing is left beside: no lock, no staging, no previous generation.
        assert_eq!(names(dir.path()), vec!["out"]);
    }

    #[test]
    fn an_abandoned_generation_leaves_the_folder_as_it_was() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("out");
        fs::create_dir(&out).expect("folder");
        fs::write(out.join("good.csv"), "good").expect("old file");
        let generation = Generation::begin(&out).expect("claimed");
        fs::write(generation.folder().join("half.csv"), "half").expect("new file");
        drop(generation);
        assert_eq!(names(&out), vec!["good.csv"]);
        assert_eq!(names(dir.path()), vec!["out"]);
    }

    #[test]
    fn a_second_claim_is_refused_while_the_first_holds_the_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("out");
        let first = Generation::begin(&out).expect("claimed");
        let second = Generation::begin(&out).expect_err("busy");
        assert!(matches!(second, ReportError::Busy { .. }), "{second:?}");
        drop(first);
        Generation::begin(&out).expect("free again");
    }

    #[test]
    fn the_previous_generation_can_be_kept_beside() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("out");
        fs::create_dir(&out).expect("folder");
        fs::write(out.join("notes.txt"), "mine").expect("a user's file");
        let generation = Generation::begin(&out).expect("claimed");
        let kept = generation.commit(true).expect("committed");
        assert_eq!(kept, Some(dir.path().join("out.replaced-1")));
        assert_eq!(names(&dir.path().join("out.replaced-1")), vec!["notes.txt"]);
    }

    #[test]
    fn leftovers_of_a_killed_command_are_cleared_or_restored() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("out");
        // Killed between the two renames: the folder is missing, the old one beside.
        fs::create_dir(dir.path().join(".out.old-1")).expect("old");
        fs::write(dir.path().join(".out.old-1/a.csv"), "a").expect("old file");
        fs::create_dir(dir.path().join(".out.new-2")).expect("staging");
        let generation = Generation::begin(&out).expect("claimed");
        assert_eq!(names(&out), vec!["a.csv"]);
        drop(generation);
        assert_eq!(names(dir.path()), vec!["out"]);
    }

    #[test]
    fn a_folder_without_a_name_is_refused() {
        let e = Generation::begin(Path::new("/")).expect_err("no name");
        assert!(matches!(e, ReportError::Unnamed { .. }), "{e:?}");
    }
}
