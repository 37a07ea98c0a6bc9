//! Times the engine's k-means or Ward on a plain CSV of numbers (no header,
//! comma-separated), for benches/compare/compare.py. Prints one line:
//! `seconds=… inertia=… peak_delta_mb=…` (the peak resident memory after the
//! call above the resident memory before it, from /proc/self/status).
//!
//!   cluster_timing kmeans FILE K
//!   cluster_timing ward FILE K

use std::time::Instant;

use cluster::{kmeans, linkage, Grouping, KMeansParams, Linkage};
use ndarray::Array2;

/// A field of /proc/self/status in kB (`VmRSS`, `VmHWM`).
fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    let [_, method, file, k] = args.as_slice() else {
        return Err("usage: cluster_timing kmeans|ward FILE K".into());
    };
    let k: usize = k.parse().map_err(|e| format!("K: {e}"))?;
    let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    let rows: Vec<Vec<f64>> = text
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            l.split(',')
                .map(|v| v.trim().parse().unwrap_or(f64::NAN))
                .collect()
        })
        .collect();
    let d = rows.first().map_or(0, Vec::len);
    let data = Array2::from_shape_vec((rows.len(), d), rows.concat()).map_err(|e| e.to_string())?;
    drop(text);
    let before = status_kb("VmRSS:");
    let start = Instant::now();
    let grouping = match method.as_str() {
        "kmeans" => {
            let params = KMeansParams::new(k)
                .seed(0)
                .check()
                .map_err(|e| e.to_string())?;
            kmeans(data.view(), &params).map_err(|e| e.to_string())?
        }
        "ward" => {
            let tree = linkage(data.view(), Linkage::Ward).map_err(|e| e.to_string())?;
            Grouping::from_labels(data.view(), &tree.cut(k))
        }
        other => return Err(format!("unknown method {other}")),
    };
    let seconds = start.elapsed().as_secs_f64();
    let delta = status_kb("VmHWM:").saturating_sub(before) as f64 / 1024.0;
    println!(
        "seconds={seconds:.3} inertia={:.6} peak_delta_mb={delta:.1}",
        grouping.inertia
    );
    Ok(())
}
