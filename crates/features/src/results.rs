//! Outcome shares and means from the exam tables, per school and year of the window.

use model::{District, ExamKind, StudentIx, Subject};

use crate::yearly::{Window, Yearly};
use crate::Indicator;

/// ЕГЭ minimum scores by the first word of the subject (Rosobrnadzor, the same
/// for 2024–2026): below them a result does not count. Basic-level mathematics
/// is marked, not scored, and so has none.
pub const EGE_MINIMUM_SCORES: &[(&str, f64)] = &[
    ("русский", 24.0),
    ("математика", 27.0),
    ("физика", 36.0),
    ("химия", 36.0),
    ("биология", 36.0),
    ("информатика", 40.0),
    ("история", 32.0),
    ("литература", 32.0),
    ("география", 37.0),
    ("обществознание", 42.0),
];

/// The ЕГЭ minimum of a foreign language (any "… язык" but Russian).
pub const EGE_FOREIGN_LANGUAGE_MINIMUM: f64 = 22.0;

/// The lowest ЕГЭ score counted as high (Russian reports count 81–100 as высокобалльные).
pub const EGE_HIGH_SCORE: f64 = 81.0;

/// The totals of a graduate's best three ЕГЭ scores that the regional criteria count.
pub const THREE_SUBJECT_TOTALS: [f64; 2] = [160.0, 220.0];

/// The words of a subject, for matching subjects written in different ways.
pub(crate) fn words(subject: &str) -> impl Iterator<Item = &str> {
    subject
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// A subject's ЕГЭ minimum score, if it has one.
pub fn ege_minimum(subject: &Subject) -> Option<f64> {
    let first = words(subject.as_str()).next()?;
    EGE_MINIMUM_SCORES
        .iter()
        .find(|(name, _)| *name == first)
        .map(|(_, min)| *min)
        .or_else(|| {
            words(subject.as_str())
                .any(|w| w == "язык")
                .then_some(EGE_FOREIGN_LANGUAGE_MINIMUM)
        })
}

/// Whether a subject is compulsory, its ЕГЭ minimum and its topic, worked out
/// once per subject: reading a subject's words costs a Unicode lookup per
/// letter, and a country has 30 million results of a few dozen subjects.
#[derive(Debug, Default)]
pub(crate) struct SubjectRules<'a>(std::collections::HashMap<&'a str, SubjectRule<'a>>);

/// What the rules say of one subject.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SubjectRule<'a> {
    /// [`is_compulsory`]
    pub(crate) compulsory: bool,
    /// [`ege_minimum`]
    pub(crate) minimum: Option<f64>,
    /// [`crate::topic`]
    pub(crate) topic: Option<&'a str>,
}

impl<'a> SubjectRules<'a> {
    pub(crate) fn of(&mut self, subject: &'a Subject) -> SubjectRule<'a> {
        *self
            .0
            .entry(subject.as_str())
            .or_insert_with(|| SubjectRule {
                compulsory: is_compulsory(subject),
                minimum: ege_minimum(subject),
                topic: crate::topic(subject),
            })
    }
}

/// Whether a subject is compulsory at the ЕГЭ: Russian or mathematics.
pub fn is_compulsory(subject: &Subject) -> bool {
    matches!(
        words(subject.as_str()).next(),
        Some("русский" | "математика")
    )
}

/// The outcome indicators computed from single results, per year of the window and school.
pub(crate) fn exam_outcomes(district: &District, window: &Window) -> Vec<(Indicator, Yearly)> {
    let n = district.schools.len();
    let new = || Yearly::new(window, n);
    let (mut compulsory, mut elective, mut below, mut high) = (new(), new(), new(), new());
    let (mut oge_fail, mut vpr) = (new(), new());
    // A share is the mean of 0 or 100 per result (or 100 × part ÷ whole), in percent.
    let pct = |yes: bool| if yes { 100.0 } else { 0.0 };
    let mut rules = SubjectRules::default();
    for r in &district.exams {
        let Some(y) = window.slot(r.year) else {
            continue;
        };
        let i = r.school.get();
        match (r.exam, r.score, r.mark) {
            (ExamKind::Ege, Some(score), _) => {
                let rule = rules.of(&r.subject);
                let means = if rule.compulsory {
                    &mut compulsory
                } else {
                    &mut elective
                };
                means.add(y, i, 1.0, score);
                if let Some(min) = rule.minimum {
                    below.add(y, i, 1.0, pct(score < min));
                }
                high.add(y, i, 1.0, pct(score >= EGE_HIGH_SCORE));
            }
            (ExamKind::Oge, _, Some(mark)) => oge_fail.add(y, i, 1.0, pct(mark == 2)),
            (ExamKind::Vpr, _, Some(mark)) => vpr.add(y, i, 1.0, f64::from(mark)),
            _ => {}
        }
    }
    for s in &district.exam_summaries {
        let Some(y) = window.slot(s.year) else {
            continue;
        };
        let i = s.school.get();
        let n = f64::from(s.participants);
        if n <= 0.0 {
            continue;
        }
        match s.exam {
            ExamKind::Ege => {
                if let Some(mean) = s.mean_score {
                    let means = if is_compulsory(&s.subject) {
                        &mut compulsory
                    } else {
                        &mut elective
                    };
                    means.add(y, i, n, n * mean);
                }
                if let Some(failed) = s.failed {
                    below.add(y, i, n, 100.0 * f64::from(failed));
                }
                if let Some(high_scorers) = s.high_scorers {
                    high.add(y, i, n, 100.0 * f64::from(high_scorers));
                }
            }
            ExamKind::Oge => {
                if let Some(failed) = s.failed {
                    oge_fail.add(y, i, n, 100.0 * f64::from(failed));
                }
            }
            ExamKind::Vpr => {
                if let Some(mark) = s.mean_mark {
                    vpr.add(y, i, n, n * mark);
                }
            }
        }
    }
    let (mut on_160, mut on_220) = (new(), new());
    for (i, year, total) in best_three(district, None) {
        if let Some(y) = window.slot(year) {
            on_160.add(y, i, 1.0, pct(total >= THREE_SUBJECT_TOTALS[0]));
            on_220.add(y, i, 1.0, pct(total >= THREE_SUBJECT_TOTALS[1]));
        }
    }
    vec![
        (Indicator::EgeCompulsoryMeanScore, compulsory),
        (Indicator::EgeElectiveMeanScore, elective),
        (Indicator::EgeBelowMinimumPct, below),
        (Indicator::EgeHighScorePct, high),
        (Indicator::Ege160On3Pct, on_160),
        (Indicator::Ege220On3Pct, on_220),
        (Indicator::OgeFailPct, oge_fail),
        (Indicator::VprMeanMark, vpr),
    ]
}

/// Each ЕГЭ graduate (a student with an ЕГЭ score, per year; `year`: of that year
/// only) as their school, the year and the total of their best three scores; a
/// graduate with fewer than three scores has no total (`-inf`), so reaches no
/// threshold. Students without an id cannot be told apart and are left out.
pub(crate) fn best_three(district: &District, year: Option<u16>) -> Vec<(usize, u16, f64)> {
    let mut scores: Vec<(usize, u16, StudentIx, f64)> = district
        .exams
        .iter()
        .filter(|r| r.exam == ExamKind::Ege && year.is_none_or(|y| y == r.year))
        .filter_map(|r| Some((r.school.get(), r.year, r.student?, r.score?)))
        .collect();
    scores.sort_unstable_by(|a, b| {
        (a.0, a.1, a.2)
            .cmp(&(b.0, b.1, b.2))
            .then(b.3.total_cmp(&a.3))
    });
    scores
        .chunk_by(|a, b| (a.0, a.1, a.2) == (b.0, b.1, b.2))
        .map(|group| {
            let total = if group.len() >= 3 {
                group.iter().take(3).map(|g| g.3).sum()
            } else {
                f64::NEG_INFINITY
            };
            (group[0].0, group[0].1, total)
        })
        .collect()
}
