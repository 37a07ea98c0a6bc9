//! The valid ranges of scores and marks.

use crate::category::ExamKind;
use crate::ids::Subject;

/// ОГЭ maximum primary scores by subject: for each subject the largest maximum
/// of the FIPI specifications of 2020–2026, so that no valid score of those
/// years is refused. `[oge_max_score]` in the district config sets the exact
/// maximum of a year, or adds a subject.
pub const OGE_MAX_SCORES: &[(&str, f64)] = &[
    ("русский язык", 37.0),
    ("математика", 32.0),
    ("физика", 45.0),
    ("химия", 40.0),
    ("биология", 48.0),
    ("география", 32.0),
    ("обществознание", 39.0),
    ("история", 37.0),
    ("информатика", 21.0),
    ("английский язык", 68.0),
    ("немецкий язык", 68.0),
    ("французский язык", 68.0),
    ("испанский язык", 68.0),
];

/// The valid range of a score for each exam and subject: ЕГЭ test scores are
/// 0–100; an ОГЭ primary score is within its subject's maximum; ВПР scores and
/// the scores of ОГЭ subjects without a known maximum are checked against 0–100.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreLimits {
    /// ОГЭ maxima by subject: the analyst's first, then the built-in ones.
    oge_max: Vec<(Subject, f64)>,
}

impl Default for ScoreLimits {
    fn default() -> Self {
        ScoreLimits::with_oge_max(Vec::new())
    }
}

impl ScoreLimits {
    /// Limits with the analyst's own ОГЭ maxima over the built-in ones.
    pub fn with_oge_max(mut oge_max: Vec<(Subject, f64)>) -> Self {
        oge_max.extend(
            OGE_MAX_SCORES
                .iter()
                .map(|(subject, max)| (Subject::new(subject), *max)),
        );
        ScoreLimits { oge_max }
    }

    /// Inclusive range of a valid score.
    pub fn range(&self, exam: ExamKind, subject: &Subject) -> (f64, f64) {
        match exam {
            ExamKind::Oge => {
                let max = self.oge_max.iter().find(|(s, _)| s == subject);
                (0.0, max.map_or(100.0, |(_, max)| *max))
            }
            ExamKind::Ege | ExamKind::Vpr => (0.0, 100.0),
        }
    }
}

/// The range of a mark on the five-point scale (ОГЭ, ВПР, basic-level ЕГЭ).
pub const MARK_RANGE: (u8, u8) = (2, 5);
