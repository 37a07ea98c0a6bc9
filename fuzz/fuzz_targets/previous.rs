//! A previous run's results.json (`run --previous`): any bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let path = common::folder().join("results.json");
    if std::fs::write(&path, data).is_ok() {
        let _ = ingest::read_previous_groups(&path);
    }
});
