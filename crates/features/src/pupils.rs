//! How many pupils each school's results of an exam rest on, year by year and over the years
//! used: what decides whether a school's mean or share may be published (a mean of one pupil
//! is that pupil's score). Counted only up to a cap, since the question is "fewer than N".

use std::collections::BTreeMap;

use model::{District, ExamKind, StudentIx, Subject};

use crate::yearly::Window;

/// Pupils behind each school's results of one exam, counted up to the cap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PupilCounts {
    /// `[year slot][school]`, the slots of the window.
    pub by_year: Vec<Vec<u32>>,
    /// Over the years used, per school.
    pub window: Vec<u32>,
}

/// One school's pupils of one exam in one year (or the window), as they are counted: distinct
/// students where the table names them, else the most rows of one subject.
#[derive(Debug, Clone, Default)]
struct Counter {
    students: Vec<StudentIx>,
    unnamed: Vec<(Subject, u32)>,
}

impl Counter {
    fn add(&mut self, student: Option<StudentIx>, subject: &Subject, cap: u32) {
        match student {
            Some(s) if self.students.len() < cap as usize && !self.students.contains(&s) => {
                self.students.push(s);
            }
            Some(_) => {}
            None => match self.unnamed.iter_mut().find(|(t, _)| t == subject) {
                Some((_, n)) => *n = (*n + 1).min(cap),
                None => self.unnamed.push((subject.clone(), 1)),
            },
        }
    }

    fn count(&self) -> u32 {
        let unnamed = self.unnamed.iter().map(|u| u.1).max().unwrap_or(0);
        (self.students.len() as u32).max(unnamed)
    }
}

/// Each exam's pupil counts for every school of the district (by school position), each count
/// at most `cap`. A per-school summary row counts its participants; the most of one subject
/// is the year's pupils, the years' sum the window's.
pub(crate) fn count_pupils(
    district: &District,
    window: &Window,
    cap: u32,
) -> BTreeMap<ExamKind, PupilCounts> {
    let n = district.schools.len();
    let slots = window.len();
    let mut counters: BTreeMap<ExamKind, (Vec<Vec<Counter>>, Vec<Counter>)> = BTreeMap::new();
    for r in &district.exams {
        let Some(slot) = window.slot(r.year) else {
            continue;
        };
        let (years, all) = counters.entry(r.exam).or_insert_with(|| {
            (
                vec![vec![Counter::default(); n]; slots],
                vec![Counter::default(); n],
            )
        });
        let i = r.school.get();
        years[slot][i].add(r.student, &r.subject, cap);
        all[i].add(r.student, &r.subject, cap);
    }
    let mut counts: BTreeMap<ExamKind, PupilCounts> = counters
        .into_iter()
        .map(|(kind, (years, all))| {
            let by_year = years
                .iter()
                .map(|y| y.iter().map(Counter::count).collect())
                .collect();
            let window = all.iter().map(Counter::count).collect();
            (kind, PupilCounts { by_year, window })
        })
        .collect();
    let mut summarised: BTreeMap<ExamKind, PupilCounts> = BTreeMap::new();
    for s in &district.exam_summaries {
        let Some(slot) = window.slot(s.year) else {
            continue;
        };
        let c = summarised.entry(s.exam).or_insert_with(|| PupilCounts {
            by_year: vec![vec![0; n]; slots],
            window: vec![0; n],
        });
        let year = &mut c.by_year[slot][s.school.get()];
        *year = (*year).max(s.participants.min(cap));
    }
    for (kind, mut c) in summarised {
        for (i, w) in c.window.iter_mut().enumerate() {
            let sum: u32 = c.by_year.iter().map(|y| y[i]).sum();
            *w = sum.min(cap);
        }
        // An exam given both ways (rows and summaries) keeps the larger count.
        match counts.get_mut(&kind) {
            Some(rows) => merge_max(rows, &c),
            None => {
                counts.insert(kind, c);
            }
        }
    }
    counts
}

/// Each school's cohort behind its composite: the distinct pupils of its ЕГЭ and ОГЭ results in
/// the window's year `slot`, or in every year of the window (`None`). A student named in the
/// rows counts once however many subjects and years (a bit per student of the district); rows
/// without a student, and per-school summaries, count the most participants of one subject in
/// each exam and year. Never subject entries: 92 pupils of two subjects are 92, not 184.
pub(crate) fn cohorts(district: &District, window: &Window, slot: Option<usize>) -> Vec<u32> {
    let n = district.schools.len();
    let in_reading = |year: u16| match (window.slot(year), slot) {
        (Some(s), Some(want)) => s == want,
        (Some(_), None) => true,
        (None, _) => false,
    };
    let counted = |exam: ExamKind| matches!(exam, ExamKind::Ege | ExamKind::Oge);
    let mut seen = vec![0u64; district.students.len().div_ceil(64)];
    let mut cohort = vec![0u32; n];
    // (school, exam, year, subject) → participants, for what names no student.
    let mut unnamed: BTreeMap<(usize, ExamKind, u16, &Subject), u32> = BTreeMap::new();
    for r in district
        .exams
        .iter()
        .filter(|r| counted(r.exam) && in_reading(r.year))
    {
        let i = r.school.get();
        match r.student {
            Some(s) => {
                let (word, bit) = (s.get() / 64, 1u64 << (s.get() % 64));
                if seen[word] & bit == 0 {
                    seen[word] |= bit;
                    cohort[i] += 1;
                }
            }
            None => *unnamed.entry((i, r.exam, r.year, &r.subject)).or_default() += 1,
        }
    }
    for s in district
        .exam_summaries
        .iter()
        .filter(|s| counted(s.exam) && in_reading(s.year))
    {
        *unnamed
            .entry((s.school.get(), s.exam, s.year, &s.subject))
            .or_default() += s.participants;
    }
    let mut largest: BTreeMap<(usize, ExamKind, u16), u32> = BTreeMap::new();
    for ((i, exam, year, _), participants) in unnamed {
        let most = largest.entry((i, exam, year)).or_default();
        *most = (*most).max(participants);
    }
    for ((i, _, _), participants) in largest {
        cohort[i] = cohort[i].saturating_add(participants);
    }
    cohort
}

/// `into` made the larger of itself and `other`, count by count.
fn merge_max(into: &mut PupilCounts, other: &PupilCounts) {
    for (a, b) in into.by_year.iter_mut().zip(&other.by_year) {
        for (x, y) in a.iter_mut().zip(b) {
            *x = (*x).max(*y);
        }
    }
    for (x, y) in into.window.iter_mut().zip(&other.window) {
        *x = (*x).max(*y);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn students_are_counted_once_and_unnamed_rows_by_their_largest_subject() {
        let (maths, russian) = (Subject::new("математика"), Subject::new("русский язык"));
        let mut students = model::Students::default();
        let ix: Vec<StudentIx> = (0..20)
            .map(|i| students.push(&format!("s{i}")).expect("room"))
            .collect();
        let mut c = Counter::default();
        let one = ix[0];
        // One pupil in two subjects is one pupil.
        c.add(Some(one), &maths, 5);
        c.add(Some(one), &russian, 5);
        assert_eq!(c.count(), 1);
        // Rows without a student: two in one subject, one in another, are two pupils at least.
        let mut c = Counter::default();
        c.add(None, &maths, 5);
        c.add(None, &maths, 5);
        c.add(None, &russian, 5);
        assert_eq!(c.count(), 2);
        // Counted no further than the cap.
        let mut c = Counter::default();
        for &s in &ix {
            c.add(Some(s), &maths, 5);
        }
        assert_eq!(c.count(), 5);
    }
}
