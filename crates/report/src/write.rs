//! Writing one file: whole or not at all, under a temporary name of its own, its size and
//! SHA-256 taken as it is written; and stopping every write on Ctrl-C.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use sha2::Digest as _;

use crate::ReportError;

/// A file written: where, how many bytes, and their SHA-256 (lowercase hex).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenFile {
    /// The file.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// The SHA-256 of its bytes, in lowercase hex.
    pub sha256: String,
}

/// A file of the run's output folder.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OutputDoc {
    /// The path under the output folder, with `/` between folders.
    pub file: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// The SHA-256 of its bytes, lowercase hex.
    pub sha256: String,
    /// The school a per-school chart shows (chart files are named by the school's position
    /// and its id made safe for a file name, so this is how a chart is found by id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub school_id: Option<String>,
}

/// Writes `bytes` to `path`, creating the folder; the file appears whole or not at all.
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<WrittenFile, ReportError> {
    write_streamed(path, |w| w.write_all(bytes))
}

/// Puts the files `names` of the folder `from` into the folder `to` (created): a hard link
/// where both are on one file system, else a copy. Files are never changed in place (each
/// write replaces a file whole), so a linked file stays what it was.
pub fn link_files(from: &Path, to: &Path, names: &[&str]) -> Result<(), ReportError> {
    let failed = |path: &Path, e: std::io::Error| ReportError::Io {
        path: path.to_owned(),
        source: e,
    };
    fs::create_dir_all(to).map_err(|e| failed(to, e))?;
    for name in names {
        stop_if_interrupted().map_err(|e| failed(to, e))?;
        let (source, target) = (from.join(name), to.join(name));
        if fs::hard_link(&source, &target).is_err() {
            fs::copy(&source, &target).map_err(|e| failed(&target, e))?;
        }
    }
    Ok(())
}

/// The extension of a file being written, before it is renamed to its own name.
const UNFINISHED: &str = "tmp-write";

/// Set once the run is interrupted (Ctrl-C): no file begins, none is given its name.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Numbers the temporary names of this process, so that no two writes share one.
static NEXT_TEMPORARY: AtomicU64 = AtomicU64::new(0);

/// Stops all writing (on Ctrl-C): a file not begun is not begun, and one being written is
/// removed instead of renamed. Then [`remove_unfinished`] clears what a writer left mid-way.
pub fn interrupt() {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// An error once the run is interrupted: nothing more is written or put in place.
pub(crate) fn stop_if_interrupted() -> std::io::Result<()> {
    match INTERRUPTED.load(Ordering::SeqCst) {
        true => Err(std::io::Error::from(std::io::ErrorKind::Interrupted)),
        false => Ok(()),
    }
}

/// Removes what an interrupted command left unfinished: the output folder being staged (see
/// [`crate::Generation`]) with its lock, and the files under `root` (and its folders, three
/// levels deep) that a write left under a temporary name.
pub fn remove_unfinished(root: &Path) {
    fn walk(dir: &Path, depth: usize) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for path in entries.flatten().map(|e| e.path()) {
            if path.is_dir() && depth > 0 {
                walk(&path, depth - 1);
            } else if path.extension().is_some_and(|e| e == UNFINISHED) {
                let _ = fs::remove_file(&path);
            }
        }
    }
    crate::generation::abandon();
    walk(root, 3);
}

/// The temporary name `path` is written under: hidden, beside it, and this write's alone
/// (the process and a counter), so that two writers never share one.
fn temporary_name(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let n = NEXT_TEMPORARY.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!(".{name}.{}-{n}.{UNFINISHED}", std::process::id()))
}

/// A writer that counts and hashes what passes through it.
struct Hashing<W> {
    inner: W,
    bytes: u64,
    hash: sha2::Sha256,
}

impl<W: std::io::Write> std::io::Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Lowercase hex of a digest.
pub(crate) fn hex(digest: &[u8]) -> String {
    use std::fmt::Write as _;
    digest.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Writes a file by `write`, which is given a buffered writer, as
/// every file of a run is written: whole or not at all. For files too large to build in
/// memory first (a country's generated exam table, the rerun cache).
pub fn write_streamed(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<WrittenFile, ReportError> {
    use std::io::Write as _;
    let io = |source| ReportError::Io {
        path: path.to_owned(),
        source,
    };
    let stopped = stop_if_interrupted;
    stopped().map_err(io)?;
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(io)?;
    }
    let tmp = temporary_name(path);
    let done = fs::File::create(&tmp)
        .and_then(|file| {
            // For the tests only: a write that takes its time, to be interrupted, or that fails.
            fail::fail_point!("write-file", |_| Err(std::io::Error::other(
                "failpoint write-file"
            )));
            // Hashed as the buffer is emptied: in large blocks, not the writer's small pieces.
            let hashing = Hashing {
                inner: file,
                bytes: 0,
                hash: sha2::Sha256::new(),
            };
            let mut out = std::io::BufWriter::with_capacity(1 << 20, hashing);
            write(&mut out)?;
            let mut done = out.into_inner().map_err(|e| e.into_error())?;
            done.flush()?;
            Ok((done.bytes, hex(&done.hash.finalize())))
        })
        // An interrupted run gives no file its name that it has not finished.
        .and_then(|written| stopped().map(|()| written))
        .and_then(|written| fs::rename(&tmp, path).map(|()| written));
    match done {
        Ok((bytes, sha256)) => Ok(WrittenFile {
            path: path.to_owned(),
            bytes,
            sha256,
        }),
        Err(e) => {
            // Nothing half-written stays behind, under either name.
            let _ = fs::remove_file(&tmp);
            Err(io(e))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<std::ffi::OsString> {
        let mut names: Vec<_> = fs::read_dir(dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_failed_write_leaves_no_file_behind() {
        let dir = tempfile::tempdir().expect("temp dir");
        // The target is a folder: the rename fails after the bytes were written.
        let target = dir.path().join("report.html");
        fs::create_dir(&target).expect("folder");
        let e = write_file(&target, b"<html>").expect_err("cannot replace a folder");
        assert!(matches!(e, ReportError::Io { ref path, .. } if path == &target));
        assert_eq!(
            names(dir.path()),
            vec![std::ffi::OsString::from("report.html")]
        );
        // A normal write replaces the old file whole.
        let file = dir.path().join("a.csv");
        write_file(&file, b"old").expect("written");
        write_file(&file, b"new").expect("written");
        assert_eq!(fs::read(&file).expect("read"), b"new");
        assert_eq!(names(dir.path()).len(), 2);
    }

    #[test]
    fn a_file_written_has_its_size_and_hash() {
        let dir = tempfile::tempdir().expect("temp dir");
        let written = write_file(&dir.path().join("a.txt"), b"abc").expect("written");
        assert_eq!(written.bytes, 3);
        // SHA-256("abc"), FIPS 180-2 appendix B.1.
        assert_eq!(
            written.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn files_of_one_stem_never_share_a_temporary_name() {
        // results.json and results.xlsx once shared `results.tmp-write`.
        let dir = tempfile::tempdir().expect("temp dir");
        let a = temporary_name(&dir.path().join("results.json"));
        let b = temporary_name(&dir.path().join("results.xlsx"));
        let c = temporary_name(&dir.path().join("results.json"));
        assert!(a != b && a != c && b != c, "{a:?} {b:?} {c:?}");
    }
}
