//! The spreadsheet reader: any bytes as a schools.xlsx beside a valid exams table.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::inspect(&[("schools.xlsx", data), ("exams.csv", common::EXAMS.as_bytes())]);
});
