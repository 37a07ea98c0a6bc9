//! What a command says to the person running it: lines on standard output (its summary and
//! the files it wrote), and progress on a terminal (a spinner per long step, a bar for the
//! charts), drawn on standard error only when it is a terminal; silent otherwise (in scripts,
//! tests and CI), so that standard output stays the list of results. One explicit value,
//! [`Console`], passed to each command: no global switches.

use std::fmt::Display;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use model::Lang;

/// How a command speaks: its language, whether it prints its lines, whether each step
/// reports its time.
#[derive(Debug, Clone, Copy)]
pub struct Console {
    /// The language of every line and step.
    pub lang: Lang,
    /// Leave out the lines on standard output (for the benches, which run a command many times).
    pub quiet: bool,
    /// `--timings`: every step prints its wall time and the peak memory so far on standard
    /// error when it ends (on a terminal or not).
    pub timings: bool,
    /// `--verbose`: list every file written, one by one.
    pub verbose: bool,
}

impl Console {
    /// Speaks in `lang`, prints its lines, reports no timings.
    pub fn new(lang: Lang) -> Self {
        Console {
            lang,
            quiet: false,
            timings: false,
            verbose: false,
        }
    }

    /// Prints a line on standard output. A closed output (`schoolpeers … | head`) is not an
    /// error of the run: the files are written either way.
    pub fn say(&self, line: impl Display) {
        use std::io::Write as _;
        if !self.quiet {
            let _ = writeln!(std::io::stdout(), "{line}");
        }
    }

    /// A spinner with `message` while a step runs.
    pub fn spinner(&self, message: &str) -> Step {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
            bar.set_style(style);
        }
        bar.set_message(message.to_owned());
        bar.enable_steady_tick(Duration::from_millis(120));
        Step::new(bar, message, self)
    }

    /// A bar of `len` items with `message`.
    pub fn bar(&self, message: &str, len: usize) -> Step {
        let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta})") {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(message.to_owned());
        Step::new(bar, message, self)
    }
}

/// A step in progress; cleared when dropped.
#[derive(Debug)]
pub struct Step {
    bar: ProgressBar,
    message: String,
    started: Instant,
    /// The language of its timing line, when it reports one.
    timing: Option<Lang>,
}

impl Step {
    fn new(bar: ProgressBar, message: &str, console: &Console) -> Step {
        Step {
            bar,
            message: message.to_owned(),
            started: Instant::now(),
            timing: console.timings.then_some(console.lang),
        }
    }

    /// One item of a bar done.
    pub fn tick(&self) {
        self.bar.inc(1);
    }
}

impl Drop for Step {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
        if let Some(lang) = self.timing {
            let (seconds, peak) = (
                self.started.elapsed().as_secs_f64(),
                peak_mb().map_or("?".to_owned(), |m| m.to_string()),
            );
            match lang {
                Lang::En => eprintln!("{}: {seconds:.3} s, peak {peak} MB", self.message),
                Lang::Ru => eprintln!("{}: {seconds:.3} с, пик памяти {peak} МБ", self.message),
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
