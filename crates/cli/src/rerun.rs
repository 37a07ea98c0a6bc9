//! `run`'s reading through the rerun cache: the district taken from the output folder's
//! `cache/` when nothing it was read from has changed, else read and validated (and cached in
//! the folder being written). What happened is said either way.

use std::path::Path;

use ingest::{CacheError, DistrictConfig, CACHE_DIR, CACHE_FILES};
use model::{District, Lang};

use crate::console::Console;
use crate::error::RunError;
use crate::settings::Settings;

/// Where a run reads and writes: the data folder, the output folder as it is (holding the
/// last run's cache) and the folder being written in its place.
pub(crate) struct Folders<'a> {
    pub(crate) data: &'a Path,
    pub(crate) out: &'a Path,
    pub(crate) staging: &'a Path,
}

/// The district and its config: from the last run's cache when its key still holds (the
/// cache then carried into the folder being written), else read, and then `true`: to be
/// cached ([`store`], while the analysis runs).
pub(crate) fn read_district(
    folders: &Folders<'_>,
    settings: &Settings,
    console: &Console,
) -> Result<(District, DistrictConfig, bool), RunError> {
    let lang = console.lang;
    let step = console.spinner(lang.pick(
        "Сверка входных файлов с сохранёнными данными",
        "Checking the input files against the saved data",
    ));
    // Without a cache there is nothing to check the files against: they are not hashed.
    match ingest::read_cache_for(folders.out, folders.data, &settings.read) {
        Ok((district, config)) => {
            drop(step);
            console.say(reused(lang));
            keep(folders, console)?;
            return Ok((district, config, false));
        }
        Err(CacheError::Absent) => {}
        Err(why) => console.say(read_again(&why, lang)),
    }
    drop(step);
    let step = console.spinner(lang.pick("Чтение данных", "Reading the data"));
    let (district, config) = ingest::read_district(folders.data, &settings.read)
        .map_err(|e| RunError::from_ingest(&e, lang))?;
    drop(step);
    Ok((district, config, true))
}

/// The last run's cache, still valid, carried into the folder being written.
fn keep(folders: &Folders<'_>, console: &Console) -> Result<(), RunError> {
    let (from, to) = (folders.out.join(CACHE_DIR), folders.staging.join(CACHE_DIR));
    report::link_files(&from, &to, &CACHE_FILES)
        .map_err(|e| RunError::Output(e.message(console.lang)))
}

/// The district just read, cached in the folder being written, file by file; a
/// run does it on a thread of its own while the analysis runs. A district the cache cannot
/// encode (none is known) is not cached, and what to say about it is returned: the run goes on.
pub(crate) fn store(
    folders: &Folders<'_>,
    district: &District,
    settings: &Settings,
    lang: Lang,
) -> Result<Option<String>, RunError> {
    // Keyed by the bytes read (their SHA-256 as reading computed it), not the files now.
    let Some(key) = ingest::cache_key_of(folders.data, &settings.read, district) else {
        return Ok(None);
    };
    let encoder = ingest::CacheEncoder::new(district, &key);
    let dir = folders.staging.join(CACHE_DIR);
    for name in CACHE_FILES {
        // The encoder's own failure travels through the writer's I/O error and is told apart.
        let mut failed = None;
        let written = report::write_streamed(&dir.join(name), |out| {
            encoder.write(name, out).map_err(|e| {
                let io = std::io::Error::other(e.to_string());
                failed = Some(e);
                io
            })
        });
        match (written, failed) {
            (Ok(_), _) => {}
            (Err(_), Some(e)) => {
                remove_partial(&dir, lang)?;
                return Ok(Some(not_cached(&e, lang)));
            }
            (Err(e), None) => return Err(RunError::Output(e.message(lang))),
        }
    }
    Ok(None)
}

/// A cache not written whole is removed: the next run reads the data.
fn remove_partial(dir: &Path, lang: Lang) -> Result<(), RunError> {
    std::fs::remove_dir_all(dir).map_err(|e| {
        let error = report::ReportError::Io {
            path: dir.to_owned(),
            source: e,
        };
        RunError::Output(error.message(lang))
    })
}

fn reused(lang: Lang) -> String {
    match lang {
        Lang::Ru => format!(
            "Входные файлы не изменились с прошлого расчёта в этой папке: данные взяты \
             проверенными из {CACHE_DIR}/ (чтение и проверка пропущены; изменённые настройки \
             district.toml применены)"
        ),
        Lang::En => format!(
            "The input files have not changed since this folder's last run: the data are taken, \
             as checked, from {CACHE_DIR}/ (reading and validation skipped; changed settings of \
             district.toml applied)"
        ),
    }
}

fn read_again(why: &CacheError, lang: Lang) -> String {
    match (why, lang) {
        (CacheError::Stale, Lang::Ru) => {
            "Входные данные изменились с прошлого расчёта: они читаются и проверяются заново"
                .to_owned()
        }
        (CacheError::Stale, Lang::En) => {
            "The input changed since the last run: it is read and validated again".to_owned()
        }
        (why, Lang::Ru) => format!(
            "Сохранённые данные прошлого расчёта ({CACHE_DIR}/) не прочитаны ({why}): данные \
             читаются и проверяются заново"
        ),
        (why, Lang::En) => format!(
            "The last run's saved data ({CACHE_DIR}/) could not be read ({why}): the data are \
             read and validated again"
        ),
    }
}

fn not_cached(why: &CacheError, lang: Lang) -> String {
    match lang {
        Lang::Ru => format!("Данные не сохранены для повторного расчёта ({why})"),
        Lang::En => format!("The data are not kept for a rerun ({why})"),
    }
}
