//! A district's pupils' exam rows summarised per school, year, exam and subject, as regional
//! systems export them: participants, the mean score with its standard deviation, the mean
//! mark (the `generate --shape schools` mode).

use std::collections::BTreeMap;

use model::{District, ExamKind, ExamSummary, SchoolIx, Students, Subject};

/// One cell's results: count, sum and sum of squares of the scores, count and sum of the marks.
#[derive(Debug, Default)]
struct Cell {
    participants: u32,
    scores: (f64, f64, f64),
    marks: (f64, f64),
}

/// The district with its pupils' exam rows replaced by per-school summaries (and no student
/// ids): a summary of pupils with scores gives their mean and sample standard deviation (0 for
/// one pupil), of pupils with marks their mean mark.
pub fn aggregated(mut district: District) -> District {
    let mut cells: BTreeMap<(SchoolIx, u16, ExamKind, Subject), Cell> = BTreeMap::new();
    for r in district.exams.drain(..) {
        let cell = cells
            .entry((r.school, r.year, r.exam, r.subject))
            .or_default();
        cell.participants += 1;
        if let Some(x) = r.score {
            cell.scores.0 += 1.0;
            cell.scores.1 += x;
            cell.scores.2 += x * x;
        }
        if let Some(m) = r.mark {
            cell.marks.0 += 1.0;
            cell.marks.1 += f64::from(m);
        }
    }
    district.exam_summaries = cells
        .into_iter()
        .map(|((school, year, exam, subject), c)| {
            let (n, sum, sq) = c.scores;
            let mean = (n > 0.0).then(|| sum / n);
            let sd = mean.map(|m| match n > 1.0 {
                true => ((sq - n * m * m).max(0.0) / (n - 1.0)).sqrt(),
                false => 0.0,
            });
            ExamSummary {
                school,
                year,
                exam,
                subject,
                participants: c.participants,
                mean_score: mean,
                sd_score: sd,
                mean_mark: (c.marks.0 > 0.0).then(|| c.marks.1 / c.marks.0),
                failed: None,
                high_scorers: None,
            }
        })
        .collect();
    district.students = Students::default();
    district
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pupils_become_a_summary_with_their_mean_and_standard_deviation() {
        let synthetic = crate::generate(&crate::SynthParams::new(12, 1).check().expect("valid"));
        let rows = synthetic.district.exams.len();
        let first = synthetic.district.exams[0].clone();
        let same: Vec<f64> = (synthetic.district.exams.iter())
            .filter(|r| {
                (r.school, r.year, r.exam, &r.subject)
                    == (first.school, first.year, first.exam, &first.subject)
            })
            .filter_map(|r| r.score)
            .collect();
        let d = aggregated(synthetic.district);
        assert!(d.exams.is_empty() && d.students.is_empty());
        let total: u32 = d.exam_summaries.iter().map(|s| s.participants).sum();
        assert_eq!(total as usize, rows, "every pupil's row counted once");
        let s = (d.exam_summaries.iter())
            .find(|s| {
                (s.school, s.year, s.exam, &s.subject)
                    == (first.school, first.year, first.exam, &first.subject)
            })
            .expect("the first cell");
        let n = same.len() as f64;
        let mean = same.iter().sum::<f64>() / n;
        assert!((s.mean_score.expect("scores") - mean).abs() < 1e-9);
        if n > 1.0 {
            let sd = (same.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
            assert!((s.sd_score.expect("sd") - sd).abs() < 1e-9);
        }
    }
}
