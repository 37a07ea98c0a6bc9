//! Progress on a terminal: a spinner per long step and a bar for the charts.
//! Drawn on standard error only when it is a terminal; silent otherwise (in
//! scripts, tests and CI), so that standard output stays the list of results.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A step in progress; cleared when dropped.
#[derive(Debug)]
pub struct Step(ProgressBar);

impl Step {
    /// A spinner with `message` while a step runs.
    pub fn spinner(message: &str) -> Step {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
            bar.set_style(style);
        }
        bar.set_message(message.to_owned());
        bar.enable_steady_tick(Duration::from_millis(120));
        Step(bar)
    }

    /// A bar of `len` items with `message`.
    pub fn bar(message: &str, len: usize) -> Step {
        let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta})") {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(message.to_owned());
        Step(bar)
    }

    pub fn tick(&self) {
        self.0.inc(1);
    }
}

impl Drop for Step {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}
