//! `run`'s reading through the rerun cache: the district taken from the output folder's
//! `cache/` when nothing it was read from has changed, else read and validated (and cached in
//! the folder being written). What happened is said either way.

use std::path::Path;

use ingest::{CacheError, CacheKey, DistrictConfig, CACHE_DIR, CACHE_FILES};
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

/// The district and its config: from the last run's cache when its key still holds, else
/// read; either way the cache is put into the folder being written.
pub(crate) fn read_district(
    folders: &Folders<'_>,
    settings: &Settings,
    console: &Console,
) -> Result<(District, DistrictConfig), RunError> {
    let lang = console.lang;
    let keyed = ingest::cache_key(folders.data, &settings.read);
    if let Some((key, config)) = keyed.as_ref() {
        match ingest::read_cache(folders.out, key) {
            Ok(district) => {
                console.say(reused(lang));
                keep(folders, console)?;
                return Ok((district, config.clone()));
            }
            Err(CacheError::Absent) => {}
            Err(why) => console.say(read_again(&why, lang)),
        }
    }
    let (district, config) = ingest::read_district(folders.data, &settings.read)
        .map_err(|e| RunError::from_ingest(&e, lang))?;
    if let Some((key, _)) = keyed {
        store(folders, &district, &key, console)?;
    }
    Ok((district, config))
}

/// The last run's cache, still valid, carried into the folder being written.
fn keep(folders: &Folders<'_>, console: &Console) -> Result<(), RunError> {
    let (from, to) = (folders.out.join(CACHE_DIR), folders.staging.join(CACHE_DIR));
    report::link_files(&from, &to, &CACHE_FILES)
        .map_err(|e| RunError::Output(e.message(console.lang)))
}

/// The district just read, cached in the folder being written. A district the cache cannot
/// encode (none is known) is said and not cached: the run goes on.
fn store(
    folders: &Folders<'_>,
    district: &District,
    key: &CacheKey,
    console: &Console,
) -> Result<(), RunError> {
    let files = match ingest::cache_files(district, key) {
        Ok(files) => files,
        Err(e) => {
            console.say(not_cached(&e, console.lang));
            return Ok(());
        }
    };
    report::write_files(&folders.staging.join(CACHE_DIR), &files)
        .map_err(|e| RunError::Output(e.message(console.lang)))
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
