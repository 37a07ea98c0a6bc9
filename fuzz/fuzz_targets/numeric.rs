//! `schoolpeers cluster`'s numeric table: any bytes read as a table with an `id` column, and
//! a small table that reads grouped with the default k selection.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let path = common::folder().join("table.csv");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let Ok(table) = ingest::read_numeric_table(&path, "id", &ingest::ReadOptions::default()) else {
        return;
    };
    let (n, p) = (table.ids.len(), table.columns.len());
    if n > 200 || p > 8 {
        return; // Grouping time grows with the table; the reader is what is fuzzed at size.
    }
    let Ok(matrix) = ndarray::Array2::from_shape_vec((n, p), table.values) else {
        return;
    };
    if let Ok(params) = cluster::KSelectionParams::default().check() {
        let _ = cluster::choose_k(matrix.view(), &params);
    }
});
