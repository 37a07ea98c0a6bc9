//! The regional criteria behind the district programme, per school and for the district:
//! the bottom of the district on the compulsory ЕГЭ subjects three years running, the share
//! of graduates with 160+ points on three ЕГЭ subjects, how often a school is among the worst
//! on elective subjects, and the share of certified teachers.

use std::collections::BTreeMap;

use model::{District, ExamKind, Qualification, SchoolIx};

use crate::results::{best_three, SubjectRules, THREE_SUBJECT_TOTALS};
use crate::Tally;

/// The share of schools counted as the bottom of the district.
pub const BOTTOM_SHARE: f64 = 0.1;
/// The years the first criterion looks back over.
pub const CRITERIA_YEARS: usize = 3;

/// The criteria of one school, or of the district.
#[derive(Debug, Clone, PartialEq)]
pub struct CriteriaRow {
    /// The school; `None` for the district row.
    pub school: Option<SchoolIx>,
    /// Of the last [`CRITERIA_YEARS`] ЕГЭ years, those in which the school's mean score on
    /// the compulsory subjects was in the district's bottom [`BOTTOM_SHARE`]; for the
    /// district row, the schools that were so every year.
    pub bottom_years: usize,
    /// In the bottom in every one of the last [`CRITERIA_YEARS`] years (and there are that many).
    pub bottom_every_year: bool,
    /// Graduates of the latest ЕГЭ year with 160+ points on three subjects, %.
    pub ege_160_on_3_pct: Option<f64>,
    /// Of the school's elective ЕГЭ subjects in the latest year, the share in which its mean
    /// was in the district's bottom [`BOTTOM_SHARE`], %; for the district, the mean over schools.
    pub worst_elective_pct: Option<f64>,
    /// Teachers of the highest or first category among those with a category given, %.
    pub certified_teachers_pct: Option<f64>,
}

/// The criteria of every school of the district, in district order, and the district's.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionalCriteria {
    /// The ЕГЭ years the first criterion looked at, ascending.
    pub years: Vec<u16>,
    /// Each school's ЕГЭ pupils of the latest of those years (whose shares the rows give),
    /// counted up to `[privacy] min_pupils`; empty until the profile step counts them.
    pub ege_pupils: Vec<u32>,
    /// Each school's row, in district order.
    pub schools: Vec<CriteriaRow>,
    /// The district's row.
    pub district: CriteriaRow,
}

/// The schools in the bottom `BOTTOM_SHARE` of `means` (at least one; schools tied with the
/// last one counted are in it too).
fn bottom(means: &BTreeMap<usize, Tally>) -> Vec<usize> {
    let mut values: Vec<(f64, usize)> = means
        .iter()
        .filter_map(|(&i, t)| Some((t.mean()?, i)))
        .collect();
    values.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let k = ((values.len() as f64 * BOTTOM_SHARE).ceil() as usize).max(1);
    let Some(&(limit, _)) = values.get(k.min(values.len()).saturating_sub(1)) else {
        return Vec::new();
    };
    values
        .iter()
        .filter(|(v, _)| *v <= limit)
        .map(|(_, i)| *i)
        .collect()
}

/// Every school's tally in one.
fn pooled(tallies: &[Tally]) -> Tally {
    tallies.iter().fold(Tally::default(), |mut all, t| {
        all.add(t.n, t.sum);
        all
    })
}

/// Every ЕГЭ score tallied per school: the compulsory subjects per year, the electives per
/// year and subject.
fn ege_means(district: &District) -> (YearMeans, SubjectMeans<'_>) {
    // Every ЕГЭ score as (school, year, subject, takers, sum of scores).
    let per_student = district
        .exams
        .iter()
        .filter(|r| r.exam == ExamKind::Ege)
        .filter_map(|r| Some((r.school.get(), r.year, &r.subject, 1.0, r.score?)));
    let per_school = district
        .exam_summaries
        .iter()
        .filter(|s| s.exam == ExamKind::Ege && s.participants > 0)
        .filter_map(|s| {
            let takers = f64::from(s.participants);
            Some((
                s.school.get(),
                s.year,
                &s.subject,
                takers,
                takers * s.mean_score?,
            ))
        });
    let mut compulsory: YearMeans = BTreeMap::new();
    let mut elective: SubjectMeans<'_> = BTreeMap::new();
    let mut rules = SubjectRules::default();
    for (i, year, subject, takers, sum) in per_student.chain(per_school) {
        let cell = if rules.of(subject).compulsory {
            compulsory.entry(year).or_default()
        } else {
            elective.entry((year, subject.as_str())).or_default()
        };
        cell.entry(i).or_default().add(takers, sum);
    }
    (compulsory, elective)
}

/// Per year, each school's tally.
type YearMeans = BTreeMap<u16, BTreeMap<usize, Tally>>;
/// Per year and subject, each school's tally.
type SubjectMeans<'a> = BTreeMap<(u16, &'a str), BTreeMap<usize, Tally>>;

/// Certified teachers (highest or first category) of the latest staff year, per school.
fn certified_teachers(district: &District) -> Vec<Tally> {
    let mut certified = vec![Tally::default(); district.schools.len()];
    for s in crate::current_staff(district) {
        if let Some(q) = s.qualification {
            let yes = matches!(q, Qualification::Highest | Qualification::First);
            certified[s.school.get()].add(1.0, f64::from(u8::from(yes)));
        }
    }
    certified
}

/// Computes the regional criteria.
pub fn regional_criteria(district: &District) -> RegionalCriteria {
    let n = district.schools.len();
    let (compulsory, elective) = ege_means(district);
    let years: Vec<u16> = compulsory
        .keys()
        .rev()
        .take(CRITERIA_YEARS)
        .rev()
        .copied()
        .collect();
    let mut bottom_years = vec![0usize; n];
    for year in &years {
        for i in bottom(&compulsory[year]) {
            bottom_years[i] += 1;
        }
    }
    let latest = years.last().copied();
    let mut electives = vec![(0usize, 0usize); n];
    for ((year, _), means) in &elective {
        if Some(*year) != latest {
            continue;
        }
        for &i in means.keys() {
            electives[i].1 += 1;
        }
        for i in bottom(means) {
            electives[i].0 += 1;
        }
    }
    // Graduates of the latest year reaching 160 on three subjects, per school.
    let mut on_160 = vec![Tally::default(); n];
    for (i, _, total) in latest
        .map(|y| best_three(district, Some(y)))
        .unwrap_or_default()
    {
        on_160[i].add(1.0, f64::from(u8::from(total >= THREE_SUBJECT_TOTALS[0])));
    }
    let certified = certified_teachers(district);
    let pct = |t: Tally| t.mean().map(|m| 100.0 * m);
    let every_year = |count: usize| years.len() == CRITERIA_YEARS && count == CRITERIA_YEARS;
    let schools: Vec<CriteriaRow> = (0..n)
        .map(|i| CriteriaRow {
            school: Some(SchoolIx(i as u32)),
            bottom_years: bottom_years[i],
            bottom_every_year: every_year(bottom_years[i]),
            ege_160_on_3_pct: pct(on_160[i]),
            worst_elective_pct: (electives[i].1 > 0)
                .then(|| 100.0 * electives[i].0 as f64 / electives[i].1 as f64),
            certified_teachers_pct: pct(certified[i]),
        })
        .collect();
    // The district: graduates and teachers pooled, schools counted.
    let district_160 = pct(pooled(&on_160));
    let shares: Vec<f64> = schools
        .iter()
        .filter_map(|r| r.worst_elective_pct)
        .collect();
    let district_row = CriteriaRow {
        school: None,
        bottom_years: schools.iter().filter(|r| r.bottom_every_year).count(),
        bottom_every_year: false,
        ege_160_on_3_pct: district_160,
        worst_elective_pct: crate::mean(&shares),
        certified_teachers_pct: pct(pooled(&certified)),
    };
    RegionalCriteria {
        years,
        ege_pupils: Vec::new(),
        schools,
        district: district_row,
    }
}
