//! The rerun cache: a district read and validated once, kept beside the outputs it gave.
//!
//! An analyst who changes a weight in `district.toml` and runs again should not wait for
//! every file to be read and validated again. The district accepted by a run is kept in its
//! output folder (`cache/`): the row tables as Arrow IPC streams written and read by polars,
//! the rest (sources, problems, activities, subjects) as JSON. It is keyed by the SHA-256 of
//! everything the district was read from: the engine's version, the read options, the
//! config's parts that reading uses (column aliases, score limits, extra tables), the folder's
//! layout (which files are read and which are not) and each input file's SHA-256. Settings
//! that act after reading (weights, groups, pairing) are not in the key, so changing them
//! keeps the cache; any change to an input file, or to what reading uses, invalidates it.
//!
//! Ingest only reads: it computes the key, decodes a cache and encodes a district into the
//! files' bytes. Writing them is the caller's (cli's) work.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use model::{District, TableKind};
use sha2::{Digest, Sha256};

use crate::config::{read_config, DistrictConfig};
use crate::read::{config_path, Layout, ReadOptions};

mod frames;
mod meta;
#[cfg(test)]
mod tests;

/// The folder of an output folder that holds the cache.
pub const CACHE_DIR: &str = "cache";

/// The cache's files, in the order written: the JSON part first (it holds the key).
pub const CACHE_FILES: [&str; 8] = [
    "district.json",
    "schools.arrow",
    "staff.arrow",
    "exams.arrow",
    "students.arrow",
    "summaries.arrow",
    "olympiads.arrow",
    "extra_values.arrow",
];

/// Changed whenever the files' layout changes, so that an older cache is never misread.
const FORMAT: &str = "schoolpeers district cache 1";

/// The SHA-256 (hex) of everything a district is read from; see the module's documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheKey(String);

impl CacheKey {
    /// The key in hex.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why a cache was not used.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    /// There is no cache.
    #[error("no cache")]
    Absent,
    /// The cache was made from other input (a file or the reading settings changed).
    #[error("the input changed")]
    Stale,
    /// The cache could not be read or does not hold a whole district.
    #[error("{0}")]
    Unreadable(String),
}

impl CacheError {
    pub(crate) fn unreadable(detail: impl std::fmt::Display) -> Self {
        CacheError::Unreadable(detail.to_string())
    }
}

/// The key of the district in `dir` read with `options`, with its config, each input file
/// hashed; `None` when the config or the folder cannot be read (then the district is read, and
/// its problems told, the usual way).
pub fn cache_key(dir: &Path, options: &ReadOptions) -> Option<(CacheKey, DistrictConfig)> {
    let config = config_of(dir, options)?;
    let key = key_with(dir, options, &config, &|_, _, path| file_sha(path))?;
    Some((key, config))
}

/// The key of `district` as it was just read from `dir` with `options`: each file's SHA-256 is
/// the one computed as its bytes were read (`District::sources`), so the key names exactly the
/// bytes the district holds, and no file is hashed again (one not found there is).
pub fn cache_key_of(dir: &Path, options: &ReadOptions, district: &District) -> Option<CacheKey> {
    let config = config_of(dir, options)?;
    let read_as = |table: TableKind, name: &str, path: &Path| {
        let mut same = district
            .sources
            .iter()
            .filter(|s| s.table == table && s.name == name);
        match (same.next(), same.next()) {
            (Some(source), None) => source.sha256.clone(),
            _ => file_sha(path),
        }
    };
    key_with(dir, options, &config, &read_as)
}

/// The config the district in `dir` is read with (the defaults when there is none).
fn config_of(dir: &Path, options: &ReadOptions) -> Option<DistrictConfig> {
    match config_path(dir, options) {
        Some(path) => read_config(&path).ok(),
        None => Some(DistrictConfig::default()),
    }
}

/// A file's SHA-256 for the key, given its table, the name reading gives it and its path.
type ShaOf<'a> = &'a dyn Fn(TableKind, &str, &Path) -> String;

/// The key of the district in `dir`, each file's SHA-256 given by `sha_of`.
fn key_with(
    dir: &Path,
    options: &ReadOptions,
    config: &DistrictConfig,
    sha_of: ShaOf<'_>,
) -> Option<CacheKey> {
    let extra: Vec<PathBuf> = config.extra.iter().map(|e| e.path.clone()).collect();
    let layout = Layout::of(dir, &extra).ok()?;
    let mut key = Sha256::new();
    let mut line = |text: String| {
        key.update(text.as_bytes());
        key.update(b"\n");
    };
    line(format!("{FORMAT} {}", env!("CARGO_PKG_VERSION")));
    let ReadOptions {
        skip_bad_rows,
        encoding,
        block_bytes,
        config: _,
    } = options;
    line(format!("{skip_bad_rows:?} {encoding:?} {block_bytes:?}"));
    line(format!(
        "{:?}",
        (&config.aliases, &config.limits, &config.extra)
    ));
    line(format!("{:?}", layout.not_read));
    // Paths under the data folder as relative ones: a folder moved or copied keeps its key.
    let relative = |path: &Path| path.strip_prefix(dir).unwrap_or(path).display().to_string();
    for layer in &layout.layers {
        line(format!("{:?} {}", layer.year, relative(&layer.folder)));
        for table in TableKind::ALL {
            if let Some(path) = layer.file(table) {
                // The name reading gives the file (its year folder's before it).
                let label = crate::parse::file_label(path);
                let name = layer.year.map_or(label.clone(), |y| format!("{y}/{label}"));
                line(format!(
                    "{table:?} {} {}",
                    relative(path),
                    sha_of(table, &name, path)
                ));
            }
        }
    }
    for path in &extra {
        let sha = sha_of(TableKind::Extra, &crate::parse::file_label(path), path);
        line(format!("extra {} {sha}", relative(path)));
    }
    Some(CacheKey(crate::table::hex(&key.finalize())))
}

/// A file's SHA-256 (or that it cannot be read) for the key.
fn file_sha(path: &Path) -> String {
    let sha = fs::File::open(path).and_then(|mut file| {
        let mut hash = Sha256::new();
        std::io::copy(&mut file, &mut hash)?;
        Ok(crate::table::hex(&hash.finalize()))
    });
    sha.unwrap_or_else(|e| format!("unreadable: {:?}", e.kind()))
}

/// The cache in `folder` if it holds the district in `dir` read with `options`, with the
/// district's config. Without a cache ([`CacheError::Absent`]) nothing is hashed; with one,
/// its key is computed ([`cache_key`]: the input files hashed) on a thread of its own while
/// the cache is decoded, since the two read different files, and a district decoded for a key
/// that does not hold is dropped ([`CacheError::Stale`]). No key (the config cannot be read)
/// is [`CacheError::Absent`] too: reading will say why.
pub fn read_cache_for(
    folder: &Path,
    dir: &Path,
    options: &ReadOptions,
) -> Result<(District, DistrictConfig), CacheError> {
    let meta = read_meta(folder)?;
    let cached = meta.key.clone();
    let (keyed, decoded) = std::thread::scope(|scope| {
        let keying = scope.spawn(|| cache_key(dir, options));
        let decoded = decode(folder, meta);
        // Hashing files cannot panic; were it to, the cache is not used.
        (keying.join().ok().flatten(), decoded)
    });
    match keyed {
        None => Err(CacheError::Absent),
        Some((key, _)) if key.0 != cached => Err(CacheError::Stale),
        Some((_, config)) => Ok((decoded?, config)),
    }
}

/// The JSON part of the cache in `folder` (it holds the key).
fn read_meta(folder: &Path) -> Result<meta::Meta, CacheError> {
    let json = folder.join(CACHE_DIR).join(CACHE_FILES[0]);
    if !json.is_file() {
        return Err(CacheError::Absent);
    }
    meta::Meta::read(&json)
}

/// The district of the cache in `folder` whose JSON part is `meta`.
fn decode(folder: &Path, meta: meta::Meta) -> Result<District, CacheError> {
    let dir = folder.join(CACHE_DIR);
    let open = |name: &str| {
        fs::File::open(dir.join(name))
            .map_err(|e| CacheError::unreadable(format!("{CACHE_DIR}/{name}: {e}")))
    };
    frames::decode(meta, open)
}

/// Writes a district's cache, file by file: made once per district (it numbers the subjects),
/// each of [`CACHE_FILES`] written by [`CacheEncoder::write`] into a writer the caller owns.
/// The same district and key give the same bytes.
#[derive(Debug)]
pub struct CacheEncoder<'a> {
    district: &'a District,
    meta: meta::Meta,
    subjects: meta::SubjectNumbers<'a>,
}

impl<'a> CacheEncoder<'a> {
    /// The encoder of `district` read under `key`.
    pub fn new(district: &'a District, key: &CacheKey) -> Self {
        let (meta, subjects) = meta::Meta::of(district, key);
        CacheEncoder {
            district,
            meta,
            subjects,
        }
    }

    /// Writes the cache's file `name` (one of [`CACHE_FILES`]) to `out`.
    pub fn write(&self, name: &str, out: &mut dyn Write) -> Result<(), CacheError> {
        if name == CACHE_FILES[0] {
            serde_json::to_writer(&mut *out, &self.meta).map_err(CacheError::unreadable)?;
            return out.write_all(b"\n").map_err(CacheError::unreadable);
        }
        frames::write_table(self.district, &self.subjects, name, out)
    }
}
