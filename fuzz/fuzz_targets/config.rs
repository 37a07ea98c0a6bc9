//! district.toml: any bytes as the config of a valid district.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::inspect(&[
        ("district.toml", data),
        ("schools.csv", common::SCHOOLS.as_bytes()),
        ("exams.csv", common::EXAMS.as_bytes()),
    ]);
});
