//! Progress on a terminal: a spinner per long step and a bar for the charts.
//! Drawn on standard error only when it is a terminal; silent otherwise (in
//! scripts, tests and CI), so that standard output stays the list of results.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use model::Lang;

static TIMINGS: AtomicBool = AtomicBool::new(false);
static TIMINGS_IN_ENGLISH: AtomicBool = AtomicBool::new(false);

/// `--timings`: from now on every step prints its wall time and the peak
/// memory so far on standard error when it ends (on a terminal or not).
pub fn report_timings(lang: Lang) {
    TIMINGS_IN_ENGLISH.store(lang == Lang::En, Ordering::Relaxed);
    TIMINGS.store(true, Ordering::Relaxed);
}

/// A step in progress; cleared when dropped.
#[derive(Debug)]
pub struct Step {
    bar: ProgressBar,
    message: String,
    started: Instant,
}

impl Step {
    /// A spinner with `message` while a step runs.
    pub fn spinner(message: &str) -> Step {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
            bar.set_style(style);
        }
        bar.set_message(message.to_owned());
        bar.enable_steady_tick(Duration::from_millis(120));
        Step::new(bar, message)
    }

    /// A bar of `len` items with `message`.
    pub fn bar(message: &str, len: usize) -> Step {
        let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta})") {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(message.to_owned());
        Step::new(bar, message)
    }

    fn new(bar: ProgressBar, message: &str) -> Step {
        Step {
            bar,
            message: message.to_owned(),
            started: Instant::now(),
        }
    }

    pub fn tick(&self) {
        self.bar.inc(1);
    }
}

impl Drop for Step {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
        if TIMINGS.load(Ordering::Relaxed) {
            let (seconds, peak) = (
                self.started.elapsed().as_secs_f64(),
                peak_mb().map_or("?".to_owned(), |m| m.to_string()),
            );
            if TIMINGS_IN_ENGLISH.load(Ordering::Relaxed) {
                eprintln!("{}: {seconds:.3} s, peak {peak} MB", self.message);
            } else {
                eprintln!("{}: {:.3} с, пик памяти {peak} МБ", self.message, seconds)
            }
        }
    }
}

/// The process's peak resident memory so far (Linux: VmHWM), in MB.
fn peak_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
