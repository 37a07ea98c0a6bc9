//! Exam indices: per-student rows and per-school summaries collected per exam, year, subject
//! and measure, school means standardised within each cell; and the olympiad rate.

use super::*;

/// Per-school exam results of one kind, per year of the window.
pub(crate) struct ExamIndex {
    /// Each school's standardised results over its (subject, measure) cells of
    /// the year, participants as weights; see [`exam_indices`]. Pooled over the
    /// window, it is the index.
    pub(crate) z: Yearly,
    /// Raw scores, in the exam's own points.
    pub(crate) raw: Yearly,
    /// Marks (2–5) of the results given with a mark.
    pub(crate) marks: Yearly,
    /// The chance spread of `z`: per school, each cell's participants `n` and `n · σ²` (σ² the
    /// noise variance of one participant's result in the cell's standard units, see
    /// [`per_taker_noise`]), so that the index's noise variance is `sum / n²`.
    pub(crate) noise: Yearly,
}

impl ExamIndex {
    /// The noise variance of a school's index in a tally of [`ExamIndex::noise`]: `Σ n·σ² / N²`.
    pub(crate) fn noise_variance(t: Tally) -> Option<f64> {
        (t.n > 0.0).then(|| t.sum / (t.n * t.n))
    }
}

/// The share of a cell's score variance that lies between schools, assumed where a table gives
/// school means without their spread (no pupils' rows, no `sd_score`): the within-school
/// variance is then `(1 − ρ) / ρ` times the variance of the school means (docs/method.md).
pub const BETWEEN_SCHOOL_SHARE: f64 = 0.25;

/// A school's results in one cell: their tally, the sum of their squares, and whether that
/// sum is known (pupils' rows, or a summary with its standard deviation).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CellTally {
    pub(crate) t: Tally,
    sq: f64,
    spread_unknown: bool,
}

impl CellTally {
    /// A summary of `n` participants with their mean and, if given, standard deviation (a
    /// pupil's row is a summary of one, of standard deviation 0).
    fn add_summary(&mut self, n: f64, mean: f64, sd: Option<f64>) {
        self.t.add(n, n * mean);
        match sd {
            Some(sd) => self.sq += (n - 1.0).max(0.0) * sd * sd + n * mean * mean,
            None => self.spread_unknown = true,
        }
    }

    /// The sum of squared deviations from the school's mean, when known.
    fn within_ss(&self) -> Option<f64> {
        (!self.spread_unknown && self.t.n > 1.0)
            .then(|| (self.sq - self.t.sum * self.t.sum / self.t.n).max(0.0))
    }
}

/// What a result measures: a test or primary score, or a five-point mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Measure {
    Score,
    Mark,
}

/// Participants and the sum of their results.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Tally {
    pub(crate) n: f64,
    pub(crate) sum: f64,
}

impl Tally {
    pub(crate) fn add(&mut self, n: f64, sum: f64) {
        self.n += n;
        self.sum += sum;
    }
    pub(crate) fn mean(self) -> Option<f64> {
        (self.n > 0.0).then(|| self.sum / self.n)
    }
}

/// The exam indices of every school, per year of the window.
///
/// Results are collected per cell (exam, year, subject, measure) and school,
/// from per-student rows (a score, else a mark) and from per-school summaries
/// (participants × mean score, else × mean mark) alike, so a summary table
/// gives the same indices as the student table it was made from. Within a
/// cell each school's mean is standardised against the participant-weighted
/// mean and standard deviation of the schools' means; a school's index is the
/// participant-weighted mean of its standardised cells.
pub(crate) fn exam_indices(
    district: &District,
    window: &Window,
) -> (BTreeMap<ExamKind, ExamIndex>, Vec<SubjectResults>) {
    let n = district.schools.len();
    let mut index: BTreeMap<ExamKind, ExamIndex> = ExamKind::ALL
        .iter()
        .map(|&kind| {
            let new = || Yearly::new(window, n);
            let x = ExamIndex {
                z: new(),
                raw: new(),
                marks: new(),
                noise: new(),
            };
            (kind, x)
        })
        .collect();
    let cells = cells(district, window, &mut index);
    // Per (exam, subject) over the window: standardised results and raw scores of every school.
    let mut by_subject: BTreeMap<(ExamKind, &model::Subject), SubjectTallies> = BTreeMap::new();
    for ((exam, slot, subject, measure), schools) in &cells {
        let Some(x) = index.get_mut(exam) else {
            continue;
        };
        let (subject_z, subject_raw) = by_subject
            .entry((*exam, subject))
            .or_insert_with(|| (vec![Tally::default(); n], vec![Tally::default(); n]));
        let sigma2 = per_taker_noise(schools);
        for (i, t, zi) in standardised(schools) {
            x.z.add(*slot, i, t.n, t.n * zi);
            x.noise.add(*slot, i, t.n, t.n * sigma2);
            subject_z[i].add(t.n, t.n * zi);
            if *measure == Measure::Score {
                x.raw.add(*slot, i, t.n, t.sum);
                subject_raw[i].add(t.n, t.sum);
            }
        }
    }
    let subjects = by_subject
        .into_iter()
        .map(|((exam, subject), (z, raw))| SubjectResults {
            exam,
            subject: subject.clone(),
            values: z
                .iter()
                .zip(&raw)
                .map(|(z, raw)| {
                    Some(SubjectResult {
                        z: z.mean()?,
                        points: raw.mean(),
                        takers: z.n,
                    })
                })
                .collect(),
        })
        .collect();
    (index, subjects)
}

/// Per school: standardised results, raw scores.
type SubjectTallies = (Vec<Tally>, Vec<Tally>);
/// A cell of results: exam, year's slot, subject, measure.
type Cell<'a> = (ExamKind, usize, &'a model::Subject, Measure);

/// Every result of the window tallied per cell and school (and each exam's marks per
/// school), from per-student rows and per-school summaries alike: a student is one
/// participant.
fn cells<'a>(
    district: &'a District,
    window: &Window,
    index: &mut BTreeMap<ExamKind, ExamIndex>,
) -> BTreeMap<Cell<'a>, BTreeMap<usize, CellTally>> {
    let mut cells: BTreeMap<Cell<'_>, BTreeMap<usize, CellTally>> = BTreeMap::new();
    // A pupil's row is a summary of one, whose spread is known: there is none.
    let students = district.exams.iter().map(|r| {
        let mark = r.mark.map(f64::from);
        (
            r.school,
            r.exam,
            r.year,
            &r.subject,
            1.0,
            (r.score, Some(0.0)),
            mark,
        )
    });
    let summaries = district.exam_summaries.iter().map(|s| {
        let participants = f64::from(s.participants);
        let (score, mark) = ((s.mean_score, s.sd_score), s.mean_mark);
        (
            s.school,
            s.exam,
            s.year,
            &s.subject,
            participants,
            score,
            mark,
        )
    });
    for (school, exam, year, subject, participants, (score, sd), mark) in students.chain(summaries)
    {
        // A summary of nobody (a subject no one took) carries no result, whatever mean it shows.
        let Some(slot) = window.slot(year).filter(|_| participants > 0.0) else {
            continue;
        };
        let i = school.get();
        let (measure, value, sd) = match (score, mark) {
            (Some(score), _) => (Measure::Score, score, sd),
            // A summary's standard deviation is of its scores: the marks' spread is known for
            // one participant alone (there is none).
            (None, Some(mark)) => (Measure::Mark, mark, sd.filter(|_| participants == 1.0)),
            (None, None) => continue,
        };
        let cell = (exam, slot, subject, measure);
        (cells.entry(cell).or_default().entry(i).or_default()).add_summary(participants, value, sd);
        if let (Some(mark), Some(x)) = (mark, index.get_mut(&exam)) {
            x.marks.add(slot, i, participants, participants * mark);
        }
    }
    cells
}

/// The participant-weighted mean and variance of the schools' means in a cell.
fn between(schools: &BTreeMap<usize, CellTally>) -> (f64, f64) {
    let total: f64 = schools.values().map(|c| c.t.n).sum();
    let mean_of = |t: &Tally| t.sum / t.n;
    let m = schools.values().map(|c| c.t.n * mean_of(&c.t)).sum::<f64>() / total;
    let var = (schools.values())
        .map(|c| c.t.n * (mean_of(&c.t) - m).powi(2))
        .sum::<f64>()
        / total;
    (m, var)
}

/// The noise variance of one participant's result in a cell, in the cell's standard units (the
/// standard deviation of the schools' means): the pooled within-school variance of the
/// schools whose spread is known (pupils' rows, or a summary's `sd_score`), over the variance
/// of the schools' means; where no school's spread is known, `(1 − ρ) / ρ` with ρ =
/// [`BETWEEN_SCHOOL_SHARE`]. 0 where the means do not vary (their standard units are then 0).
pub(crate) fn per_taker_noise(schools: &BTreeMap<usize, CellTally>) -> f64 {
    let (_, var) = between(schools);
    if var <= 1e-12 {
        return 0.0;
    }
    let (ss, df) = (schools.values())
        .filter_map(|c| Some((c.within_ss()?, c.t.n - 1.0)))
        .fold((0.0, 0.0), |(ss, df), (s, d)| (ss + s, df + d));
    if df >= 2.0 {
        ss / df / var
    } else {
        (1.0 - BETWEEN_SCHOOL_SHARE) / BETWEEN_SCHOOL_SHARE
    }
}

/// Each school's mean in a cell standardised against the participant-weighted mean and
/// standard deviation of the schools' means (0 where they do not vary).
fn standardised(
    schools: &BTreeMap<usize, CellTally>,
) -> impl Iterator<Item = (usize, &Tally, f64)> {
    let mean_of = |t: &Tally| t.sum / t.n;
    let (m, var) = between(schools);
    let sd = var.sqrt();
    schools.iter().map(move |(&i, c)| {
        let t = &c.t;
        let zi = if sd > 1e-12 {
            (mean_of(t) - m) / sd
        } else {
            0.0
        };
        (i, t, zi)
    })
}

/// Prize-winners and winners at the municipal stage and above, per 100
/// students, per year of the window.
pub(crate) fn olympiad_rate(district: &District, window: &Window) -> Yearly {
    let mut rate = Yearly::new(window, district.schools.len());
    for slot in 0..window.len() {
        for (i, s) in district.schools.iter().enumerate() {
            rate.add(slot, i, f64::from(s.students), 0.0);
        }
    }
    for r in &district.olympiads {
        if let Some(slot) = window.slot(r.year) {
            if r.stage != OlympiadStage::School && r.result != OlympiadResult::Participant {
                rate.add(slot, r.school.get(), 0.0, 100.0);
            }
        }
    }
    rate
}
