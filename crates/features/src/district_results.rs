//! The district's own results on each exam year by year: the mean score of every result (a
//! pupil's, or a school's summary weighed by its participants), the programme's indicator of
//! success on external assessments.

use std::collections::BTreeMap;

use model::{District, ExamKind};

/// The district's mean score on one exam in one year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DistrictResult {
    /// The exam.
    pub exam: ExamKind,
    /// The year.
    pub year: u16,
    /// The mean score of every result with a score.
    pub mean_score: f64,
    /// The results it is the mean of.
    pub results: u64,
}

/// The district's mean score on each exam each year, by exam and year.
pub fn district_results(district: &District) -> Vec<DistrictResult> {
    let mut sums: BTreeMap<(ExamKind, u16), (f64, u64)> = BTreeMap::new();
    for e in &district.exams {
        if let Some(score) = e.score.filter(|s| s.is_finite()) {
            let sum = sums.entry((e.exam, e.year)).or_default();
            *sum = (sum.0 + score, sum.1 + 1);
        }
    }
    for s in &district.exam_summaries {
        if let Some(mean) = s.mean_score.filter(|m| m.is_finite()) {
            let sum = sums.entry((s.exam, s.year)).or_default();
            let n = u64::from(s.participants);
            *sum = (sum.0 + mean * n as f64, sum.1 + n);
        }
    }
    (sums.into_iter())
        .filter(|(_, (_, n))| *n > 0)
        .map(|((exam, year), (sum, n))| DistrictResult {
            exam,
            year,
            mean_score: sum / n as f64,
            results: n,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::{ExamRecord, ExamSummary, SchoolIx, Subject};

    #[test]
    fn pupils_and_summaries_are_weighed_by_results() {
        let mut district = District::default();
        let pupil = |score| ExamRecord {
            school: SchoolIx(0),
            year: 2024,
            exam: ExamKind::Ege,
            subject: Subject::new("математика"),
            student: None,
            score: Some(score),
            mark: None,
        };
        district.exams = vec![pupil(60.0), pupil(80.0)];
        district.exam_summaries = vec![ExamSummary {
            school: SchoolIx(1),
            year: 2024,
            exam: ExamKind::Ege,
            subject: Subject::new("математика"),
            participants: 2,
            mean_score: Some(40.0),
            sd_score: None,
            mean_mark: None,
            failed: None,
            high_scorers: None,
        }];
        let r = district_results(&district);
        assert_eq!(r.len(), 1);
        assert_eq!((r[0].mean_score, r[0].results), (55.0, 4));
    }
}
