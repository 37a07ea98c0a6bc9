//! Why a low or sliding school is low: its gaps to its group ranked by their weight on results,
//! and its subjects with the gains to the group median and top quarter.

use crate::params::ValidAdviseParams;
use crate::standing::{members, quantile, sorted};
use crate::{Factor, FactorKind, Schools, Standing, Status, SubjectColumn};

/// The least association with results for which a gap counts as a finding.
pub const MIN_WEIGHT: f64 = 0.1;

/// An indicator on which a school is worse than its group.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Finding {
    /// Position in [`Schools::factors`].
    pub factor: usize,
    /// The school's value.
    pub value: f64,
    /// The median of the school's group.
    pub group_median: f64,
    /// `value − group_median` in district standard deviations of the
    /// indicator, turned so that negative is worse.
    pub gap: f64,
    /// How much the indicator weighs on results: its correlation (turned so
    /// that better is higher) with the compared results over the district's
    /// schools, 0 when it runs the other way. An indicator without a set
    /// direction is turned by the sign of that correlation.
    pub weight: f64,
}

impl Finding {
    /// What the finding is ranked by: how far worse, times how much it weighs.
    pub fn harm(&self) -> f64 {
        -self.gap * self.weight
    }
}

/// A school's result in one exam subject against its group, and what it
/// would take to reach the group's median and top quarter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SubjectGap {
    /// Position in [`Schools::subjects`].
    pub subject: usize,
    /// The school's standardised result.
    pub z: f64,
    /// `z` minus the group's median, in standard units of the subject.
    pub gap: f64,
    /// The school's mean score, where scores are given.
    pub points: Option<f64>,
    /// The group's median score.
    pub median_points: Option<f64>,
    /// Where the group's top quarter starts, in score.
    pub top_quarter_points: Option<f64>,
    /// At least the finding gap below the group median.
    pub weak: bool,
}

impl SubjectGap {
    /// The mean score gain that reaches the group median (0 at or above it).
    pub fn gain_to_median(&self) -> Option<f64> {
        Some((self.median_points? - self.points?).max(0.0))
    }
    /// The mean score gain that reaches the group's top quarter.
    pub fn gain_to_top_quarter(&self) -> Option<f64> {
        Some((self.top_quarter_points? - self.points?).max(0.0))
    }
}

/// Why a low (or sliding) school's results are what they are.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnosis {
    /// The school's row.
    pub row: usize,
    /// Resources on which the school is worse than its group, most harmful first.
    pub causes: Vec<Finding>,
    /// Outcomes other than the composite on which it is worse, most harmful first.
    pub shortfalls: Vec<Finding>,
    /// Every subject the school has results in, furthest below the group first.
    pub subjects: Vec<SubjectGap>,
    /// Topics without a teacher.
    pub untaught: Vec<usize>,
    /// Topics of the weak subjects, ascending.
    pub weak_topics: Vec<usize>,
}

/// A subject's results in one group, as a diagnosed school is compared with them.
#[derive(Debug, Clone, Copy)]
struct GroupSubject {
    median_z: f64,
    median_points: Option<f64>,
    top_quarter_points: Option<f64>,
}

/// Diagnoses every low school and every sliding one: the indicators on which
/// it is worse than its group by at least the finding gap, ranked by how much
/// each weighs on results; its subjects against the group, with the gains
/// that reach the group's median and top quarter; its subjects without a teacher.
pub fn diagnose(
    schools: &Schools,
    standings: &[Standing],
    params: &ValidAdviseParams,
) -> Vec<Diagnosis> {
    let yardsticks = Yardsticks::new(schools, standings, params);
    (0..schools.len())
        .filter(|&i| standings[i].status == Status::Low || standings[i].sliding.is_some())
        .map(|i| yardsticks.diagnosis(i))
        .collect()
}

/// The weak subjects' topics of each row `chosen` picks (empty for the others), by the
/// diagnosis's rule: a subject at least `finding_gap` below its group's median.
pub(crate) fn weak_topics(
    schools: &Schools,
    standings: &[Standing],
    params: &ValidAdviseParams,
    chosen: impl Fn(usize) -> bool,
) -> Vec<Vec<usize>> {
    let yardsticks = Yardsticks::new(schools, standings, params);
    (0..schools.len())
        .map(|i| match chosen(i) {
            true => yardsticks.weak_topics(&yardsticks.subject_gaps(i)),
            false => Vec::new(),
        })
        .collect()
}

/// Per factor: its sign, district standard deviation and weight (its correlation with what
/// schools are compared on, signed by which way is better).
fn factor_scales(schools: &Schools, standings: &[Standing]) -> Vec<Option<(f64, f64, f64)>> {
    let scale = |f: &Factor| {
        let pairs: Vec<(f64, f64)> = f
            .values
            .iter()
            .zip(standings)
            .filter_map(|(v, s)| Some(((*v)?, s.compared)))
            .collect();
        let values: Vec<f64> = pairs.iter().map(|p| p.0).collect();
        let m = values.iter().sum::<f64>() / values.len().max(1) as f64;
        let sd = (values.iter().map(|v| (v - m).powi(2)).sum::<f64>()
            / (values.len().max(2) - 1) as f64)
            .sqrt();
        let r = crate::correlation::pearson(&pairs)?;
        let sign = match f.higher_is_better {
            Some(true) => 1.0,
            Some(false) => -1.0,
            None if r < 0.0 => -1.0,
            None => 1.0,
        };
        (sd > 1e-12).then_some((sign, sd, (sign * r).max(0.0)))
    };
    schools.factors.iter().map(scale).collect()
}

/// Each factor's median per group (of at least two values).
fn factor_medians(schools: &Schools, members: &[Vec<usize>]) -> Vec<Vec<Option<f64>>> {
    let median = |f: &Factor, group: &Vec<usize>| {
        let others = sorted(group.iter().filter_map(|&j| f.values[j]).collect());
        (others.len() >= 2).then(|| quantile(&others, 0.5))
    };
    schools
        .factors
        .iter()
        .map(|f| members.iter().map(|group| median(f, group)).collect())
        .collect()
}

/// Each subject's medians per group (of at least two schools).
fn subject_medians(schools: &Schools, members: &[Vec<usize>]) -> Vec<Vec<Option<GroupSubject>>> {
    let medians = |column: &SubjectColumn, group: &Vec<usize>| {
        let results: Vec<_> = group.iter().filter_map(|&j| column.values[j]).collect();
        if results.len() < 2 {
            return None;
        }
        let z = sorted(results.iter().map(|r| r.z).collect());
        let points = sorted(results.iter().filter_map(|r| r.points).collect());
        Some(GroupSubject {
            median_z: quantile(&z, 0.5),
            median_points: (points.len() >= 2).then(|| quantile(&points, 0.5)),
            top_quarter_points: (points.len() >= 2).then(|| quantile(&points, 0.75)),
        })
    };
    schools
        .subjects
        .iter()
        .map(|column| members.iter().map(|group| medians(column, group)).collect())
        .collect()
}

/// What a school's gaps are measured against.
struct Yardsticks<'a> {
    schools: &'a Schools,
    params: &'a ValidAdviseParams,
    scales: Vec<Option<(f64, f64, f64)>>,
    factor_medians: Vec<Vec<Option<f64>>>,
    subject_medians: Vec<Vec<Option<GroupSubject>>>,
}

impl<'a> Yardsticks<'a> {
    /// What a school is compared with is its whole group's (itself included), the same for every
    /// school of the group: worked out once per group, not once per diagnosed school (quadratic
    /// in a region's schools).
    fn new(schools: &'a Schools, standings: &[Standing], params: &'a ValidAdviseParams) -> Self {
        let members = members(&schools.groups);
        Yardsticks {
            schools,
            params,
            scales: factor_scales(schools, standings),
            factor_medians: factor_medians(schools, &members),
            subject_medians: subject_medians(schools, &members),
        }
    }

    fn diagnosis(&self, i: usize) -> Diagnosis {
        let schools = self.schools;
        let mut findings = self.findings(i);
        findings.sort_by(|a, b| b.harm().total_cmp(&a.harm()).then(a.factor.cmp(&b.factor)));
        let (causes, shortfalls) = findings
            .into_iter()
            .partition(|f| schools.factors[f.factor].kind == FactorKind::Resource);
        let subjects = self.subject_gaps(i);
        let weak_topics = self.weak_topics(&subjects);
        Diagnosis {
            row: i,
            causes,
            shortfalls,
            subjects,
            untaught: schools.untaught[i].clone(),
            weak_topics,
        }
    }

    /// The topics of the weak subjects among a school's subject gaps, ascending.
    fn weak_topics(&self, subjects: &[SubjectGap]) -> Vec<usize> {
        let mut topics: Vec<usize> = subjects
            .iter()
            .filter(|s| s.weak)
            .map(|s| self.schools.subjects[s.subject].topic)
            .collect();
        topics.sort_unstable();
        topics.dedup();
        topics
    }

    /// The factors on which the school is at least `finding_gap` worse than its group.
    fn findings(&self, i: usize) -> Vec<Finding> {
        let group = self.schools.groups[i];
        let finding = |(k, f): (usize, &Factor)| {
            let (sign, sd, weight) = self.scales[k]?;
            let value = f.values[i]?;
            let group_median = self.factor_medians[k][group]?;
            let gap = sign * (value - group_median) / sd;
            (gap <= -self.params.finding_gap() && weight >= MIN_WEIGHT).then_some(Finding {
                factor: k,
                value,
                group_median,
                gap,
                weight,
            })
        };
        self.schools
            .factors
            .iter()
            .enumerate()
            .filter_map(finding)
            .collect()
    }

    /// The school's subjects against its group's, weakest first.
    fn subject_gaps(&self, i: usize) -> Vec<SubjectGap> {
        let group = self.schools.groups[i];
        let gap_of = |(k, column): (usize, &SubjectColumn)| {
            let own = column.values[i]?;
            let in_group = self.subject_medians[k][group]?;
            let gap = own.z - in_group.median_z;
            Some(SubjectGap {
                subject: k,
                z: own.z,
                gap,
                points: own.points,
                median_points: in_group.median_points,
                top_quarter_points: in_group.top_quarter_points,
                weak: gap <= -self.params.finding_gap(),
            })
        };
        let mut subjects: Vec<SubjectGap> = self
            .schools
            .subjects
            .iter()
            .enumerate()
            .filter_map(gap_of)
            .collect();
        subjects.sort_by(|a, b| a.gap.total_cmp(&b.gap).then(a.subject.cmp(&b.subject)));
        subjects
    }
}
