//! The per-school table the profile step makes: who is ranked and who is excluded (and why),
//! the indicator columns, the score with its interval, subjects and teachers.

use super::*;

/// Why a school is left out of grouping and ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExclusionReason {
    /// No ЕГЭ or ОГЭ result in the years used.
    NoExamResults,
    /// Exam results, but none of the outcome indicators of the composite.
    NoWeightedOutcome,
    /// The composite is built on the latest year (`[outcome] basis = "latest"`)
    /// and the school has none of its outcomes that year.
    NoLatestResults {
        /// The latest year of the window.
        year: u16,
    },
    /// Too many passport values are missing to place the school among peers.
    MissingContext {
        /// Context indicators the school misses.
        missing: usize,
        /// Context indicators of the district.
        total: usize,
    },
}

/// A school left out of the ranking, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exclusion {
    /// The school.
    pub school: SchoolIx,
    /// Why.
    pub reason: ExclusionReason,
}

/// Something the analyst should know about how the indicators were built.
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    /// The indicator has one value for every school and cannot separate them; it was not used.
    ConstantIndicator(Indicator),
    /// Missing values were filled with the district median.
    Imputed {
        /// The indicator.
        indicator: Indicator,
        /// How many schools' values were filled in.
        count: usize,
    },
    /// Values beyond [`OUTLIER_CAP`] (robust) standard deviations were capped there.
    Capped {
        /// The indicator.
        indicator: Indicator,
        /// How many values were capped.
        count: usize,
    },
    /// The results are of one year: whether a school is low year after year cannot be judged
    /// (said once, not for every school).
    SingleYear(u16),
}

/// The school-kind split: a school that teaches up to grade 9 at most is
/// never the peer of a school with grades 10–11.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// Primary (НОШ) and basic (ООШ) schools.
    UpToBasic,
    /// Secondary schools (СОШ), gymnasiums and lyceums.
    FullSecondary,
}

impl Tier {
    /// Every tier, by its part number (see [`Profiles::parts`]).
    pub const ALL: [Tier; 2] = [Tier::UpToBasic, Tier::FullSecondary];

    /// The tier of a school: by its kind; a school of unknown kind is full
    /// secondary when it has ЕГЭ results.
    pub(crate) fn of(kind: Option<SchoolKind>, has_ege: bool) -> Tier {
        match kind {
            Some(SchoolKind::Primary | SchoolKind::Basic) => Tier::UpToBasic,
            Some(SchoolKind::Secondary | SchoolKind::Gymnasium | SchoolKind::Lyceum) => {
                Tier::FullSecondary
            }
            None if has_ege => Tier::FullSecondary,
            None => Tier::UpToBasic,
        }
    }

    /// The side's code, as results.json writes it.
    pub fn code(self) -> &'static str {
        match self {
            Tier::UpToBasic => "up_to_basic",
            Tier::FullSecondary => "full_secondary",
        }
    }

    /// The side's name in `lang`.
    pub fn name(self, lang: model::Lang) -> &'static str {
        match self {
            Tier::UpToBasic => lang.pick("начальные и основные школы", "primary and basic schools"),
            Tier::FullSecondary => lang.pick("средние школы", "full secondary schools"),
        }
    }
}

/// One indicator's values for the included schools.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorColumn {
    /// The indicator.
    pub indicator: Indicator,
    /// Each ranked school's value, by row.
    pub values: Vec<Option<f64>>,
    /// Whether each value was imputed rather than observed.
    pub imputed: Vec<bool>,
}

/// An outcome indicator year by year, for the included schools.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorYears {
    /// The indicator.
    pub indicator: Indicator,
    /// `[year][row]`, the years of [`Profiles::years`].
    pub values: Vec<Vec<Option<f64>>>,
    /// Each row's least-squares slope over the years (units per year); `None`
    /// with fewer than two years of values.
    pub trend: Vec<Option<f64>>,
}

/// The indicator table of the schools that can be grouped and ranked.
#[derive(Debug, Clone, PartialEq)]
pub struct Profiles {
    /// Included schools, in district order; row `i` of every table below is `schools[i]`.
    pub schools: Vec<SchoolIx>,
    /// Every computed indicator, observed values (with imputations marked).
    pub columns: Vec<IndicatorColumn>,
    /// The context indicators used for grouping, in the column order of `context`.
    pub context_indicators: Vec<Indicator>,
    /// Standardised context values, row-major, `schools.len()` × `context_indicators.len()`.
    pub context: Vec<f64>,
    /// Each school's side of the school-kind split.
    pub tiers: Vec<Tier>,
    /// Whether groups keep the tiers apart (unless the analyst switched
    /// `full_secondary` off, they do).
    pub split: bool,
    /// Composite outcome: mean of the exam indices, shrunk for small cohorts
    /// (see [`Shrinkage`]) and standardised over the included schools.
    pub score: Vec<f64>,
    /// What moves the expectation (`Standing::expected`): the district's least-squares effect
    /// of each context indicator (in the order of `context_indicators`), in score units per
    /// standard unit of the indicator; a school's expectation is the mean plus the sum of each
    /// effect times its standardised context (`context_row`). `None` when there are too few
    /// schools for the fit (the expectation is then the mean for every school).
    pub expectation_effects: Option<Vec<f64>>,
    /// How sure each score is.
    pub standing: Vec<Standing>,
    /// The fit behind the shrinkage.
    pub shrinkage: Shrinkage,
    /// The years of results used, ascending (`[outcome] years`).
    pub years: Vec<u16>,
    /// What the composite is built on (`[outcome] basis`).
    pub basis: Basis,
    /// The composite of each year alone, on the scale of `score` (before
    /// shrinkage): `[year][row]`, `None` where the school has no result that year.
    pub score_by_year: Vec<Vec<Option<f64>>>,
    /// The standard deviation of each year's composite from the number of its
    /// exam takers (the noise of the shrinkage fit), on the score's scale.
    pub score_by_year_sd: Vec<Vec<Option<f64>>>,
    /// The least-squares slope of `score_by_year` (score units per year);
    /// `None` with fewer than two years.
    pub score_trend: Vec<Option<f64>>,
    /// Each outcome indicator computed from yearly results, year by year.
    pub by_year: Vec<IndicatorYears>,
    /// Each exam subject's results, pooled over the years used; (exam, subject) order.
    pub subjects: Vec<SubjectResults>,
    /// Each row's exam subjects without a teacher (see `Indicator::SubjectsWithoutTeacher`);
    /// `None` where the staff table names no subjects.
    pub untaught: Vec<Option<Vec<model::Subject>>>,
    /// Each row's teachers (the latest staff table).
    pub teachers: Vec<Vec<Teacher>>,
    /// The pupils behind each row's results of each exam, year by year and over the years
    /// used, counted up to `[privacy] min_pupils` (rows as in every table here): a mean or
    /// share of fewer is not published.
    pub pupils: std::collections::BTreeMap<model::ExamKind, crate::PupilCounts>,
    /// The objectivity screen's evidence on each row's ВПР results (docs/method.md).
    pub results_checks: Vec<crate::ResultsCheck>,
    /// The schools left out, with why.
    pub excluded: Vec<Exclusion>,
    /// What the analyst should know about the indicators (imputed, capped, dropped).
    pub notes: Vec<Note>,
    /// The regional criteria of every school of the district.
    pub criteria: RegionalCriteria,
}

impl Profiles {
    /// The column of an indicator, if the district has it.
    pub fn column(&self, indicator: Indicator) -> Option<&IndicatorColumn> {
        self.columns.iter().find(|c| c.indicator == indicator)
    }
    /// The part of the school-kind split of each row, for grouping each part
    /// apart: the tier's number when the split is on, else 0 for every row.
    pub fn parts(&self) -> Vec<usize> {
        self.tiers
            .iter()
            .map(|&t| if self.split { t as usize } else { 0 })
            .collect()
    }
    /// Standardised context of row `i`.
    pub fn context_row(&self, i: usize) -> &[f64] {
        let p = self.context_indicators.len();
        &self.context[i * p..(i + 1) * p]
    }
}

/// How sure a school's score is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Standing {
    /// Exam takers behind the score (participants over all years and subjects).
    pub cohort: u32,
    /// The score before shrinkage, on the same scale as `score`.
    pub unshrunk: f64,
    /// 95% interval of the score.
    pub interval: (f64, f64),
    /// Fewer than [`MIN_COHORT`] exam takers.
    pub low_confidence: bool,
    /// The score the school's conditions lead one to expect: the district's
    /// least-squares fit of the composite on the context, on the score's scale.
    pub expected: f64,
}

/// One exam subject's results over the years used, for the included schools.
#[derive(Debug, Clone, PartialEq)]
pub struct SubjectResults {
    /// The exam.
    pub exam: ExamKind,
    /// The subject.
    pub subject: model::Subject,
    /// Per row; `None` where the school has no result in the subject.
    pub values: Vec<Option<SubjectResult>>,
}

/// A school's results in one exam subject, pooled over the years used.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SubjectResult {
    /// The participant-weighted mean of its standardised results (standard
    /// units within each year's subject cell, as in the exam index).
    pub z: f64,
    /// The mean score in the exam's points; `None` where results are marks only.
    pub points: Option<f64>,
    /// Participants over the years.
    pub takers: f64,
}

/// A teacher of the latest staff table.
#[derive(Debug, Clone, PartialEq)]
pub struct Teacher {
    /// The staff code.
    pub staff_id: String,
    /// The person's name, if the staff table gives it.
    pub name: Option<String>,
    /// The subject taught, if any.
    pub subject: Option<model::Subject>,
    /// At most [`YOUNG_TEACHER_YEARS`] years of experience.
    pub young: bool,
    /// The qualification category, if given.
    pub qualification: Option<model::Qualification>,
    /// The school leader's post (head or deputy) the staff table's «должность» names, if any.
    pub post: Option<model::Post>,
    /// Years in the present post, if given.
    pub years_in_post: Option<f64>,
}
