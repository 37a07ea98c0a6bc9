//! The features → advise adapter: the ranked schools as advise sees them (numbers by row
//! position), with the names behind those positions kept for the report.

use std::collections::HashMap;

use ingest::AdviseSettings;
use ndarray::Array2;

/// The context indicators of the ranked schools, a row per school: what the peer groups are
/// formed on. With no context indicator that varies, one constant column: every school of a
/// part is then in one group.
pub fn context_matrix(profiles: &features::Profiles) -> Result<Array2<f64>, ndarray::ShapeError> {
    let (n, p) = (profiles.schools.len(), profiles.context_indicators.len());
    if p == 0 {
        return Ok(Array2::zeros((n, 1)));
    }
    Array2::from_shape_vec((n, p), profiles.context.clone())
}

/// What advise is given, and the names behind its positions.
#[derive(Debug)]
pub struct AdviseInput {
    /// The ranked schools, by row, as advise takes them.
    pub schools: advise::Schools,
    /// The indicator of each of `schools.factors`.
    pub factors: Vec<features::Indicator>,
    /// The name of each topic (the first word of a subject).
    pub topics: Vec<String>,
}

/// The ranked schools as advise sees them: groups, scores and their
/// intervals, what the context leads one to expect, the years, coordinates,
/// resource and outcome indicators, subjects, teachers, and the pairs pinned
/// or forbidden in `[advise]` (a school id there must be a ranked school).
pub fn advise_input(
    district: &model::District,
    settings: &AdviseSettings,
    profiles: &features::Profiles,
    labels: &[usize],
    matrix: &Array2<f64>,
) -> Result<AdviseInput, PairError> {
    let topics = Topics::of(profiles);
    let (factors, columns) = factors(profiles);
    let mut schools = advise::Schools::new(labels.to_vec(), profiles.score.clone(), matrix.clone());
    schools.parts = profiles.parts();
    schools.intervals = profiles.standing.iter().map(|s| s.interval).collect();
    schools.expected = profiles.standing.iter().map(|s| s.expected).collect();
    schools.years = year_scores(profiles);
    schools.places = profiles
        .schools
        .iter()
        .map(|&ix| Some((district.school(ix).lat?, district.school(ix).lon?)))
        .collect();
    schools.factors = columns;
    schools.subjects = topics.subject_columns(profiles);
    schools.untaught = profiles
        .untaught
        .iter()
        .map(|u| {
            u.iter()
                .flatten()
                .filter_map(|s| topics.of_subject(s))
                .collect()
        })
        .collect();
    schools.teachers = topics.teachers(profiles);
    schools.results = (profiles.results_checks.iter())
        .map(|c| advise::ResultsEvidence {
            gap_z: c.confirmation.map(|c| c.z),
            jump_z: c.thresholds.map(|t| t.z),
        })
        .collect();
    schools.pinned = rows_of_pairs("pin", &settings.pin, district, profiles)?;
    schools.forbidden = rows_of_pairs("forbid", &settings.forbid, district, profiles)?;
    Ok(AdviseInput {
        schools,
        factors,
        topics: topics.names,
    })
}

/// The topics (a subject's first word) that subjects, untaught subjects and teachers name,
/// sorted: advise knows a topic by its position here.
struct Topics<'a> {
    names: Vec<String>,
    /// Each subject's topic, by the subject's text: a region's hundred thousand teachers name
    /// a few dozen subjects, each split into words once.
    of: HashMap<&'a str, Option<usize>>,
}

impl<'a> Topics<'a> {
    fn of(profiles: &'a features::Profiles) -> Self {
        let teachers = profiles.teachers.iter().flatten();
        let subjects: HashMap<&str, &model::Subject> = profiles
            .subjects
            .iter()
            .map(|s| &s.subject)
            .chain(profiles.untaught.iter().flatten().flatten())
            .chain(teachers.filter_map(|t| t.subject.as_ref()))
            .map(|s| (s.as_str(), s))
            .collect();
        let mut names: Vec<String> = (subjects.values())
            .filter_map(|s| features::topic(s).map(str::to_owned))
            .collect();
        names.sort();
        names.dedup();
        let of = (subjects.iter())
            .map(|(&text, s)| (text, topic_in(&names, s)))
            .collect();
        Topics { names, of }
    }

    fn of_subject(&self, subject: &model::Subject) -> Option<usize> {
        match self.of.get(subject.as_str()) {
            Some(&topic) => topic,
            None => topic_in(&self.names, subject),
        }
    }

    /// Each subject's results by school, under its topic.
    fn subject_columns(&self, profiles: &features::Profiles) -> Vec<advise::SubjectColumn> {
        let score = |v: features::SubjectResult| advise::SubjectScore {
            z: v.z,
            points: v.points,
        };
        profiles
            .subjects
            .iter()
            .filter_map(|s| {
                Some(advise::SubjectColumn {
                    topic: self.of_subject(&s.subject)?,
                    values: s.values.iter().map(|v| v.map(score)).collect(),
                })
            })
            .collect()
    }

    /// Each school's teachers: topic, young, highest category.
    fn teachers(&self, profiles: &features::Profiles) -> Vec<Vec<advise::TeacherInfo>> {
        let info = |t: &features::Teacher| advise::TeacherInfo {
            topic: t.subject.as_ref().and_then(|s| self.of_subject(s)),
            young: t.young,
            qualification: t.qualification,
            post: t.post,
            years_in_post: t.years_in_post,
        };
        profiles
            .teachers
            .iter()
            .map(|list| list.iter().map(info).collect())
            .collect()
    }
}

/// A subject's topic's position among `names`, sorted.
fn topic_in(names: &[String], subject: &model::Subject) -> Option<usize> {
    let topic = features::topic(subject)?;
    names.binary_search_by(|x| x.as_str().cmp(topic)).ok()
}

/// Resources, and outcomes other than the composite's exam indices and mean scores, as
/// advise's factors, with the indicator of each.
fn factors(profiles: &features::Profiles) -> (Vec<features::Indicator>, Vec<advise::Factor>) {
    use features::{Direction, Indicator, Role};
    let composite_parts = [
        Indicator::EgeIndex,
        Indicator::OgeIndex,
        Indicator::EgeMeanScore,
        Indicator::OgeMeanScore,
    ];
    profiles
        .columns
        .iter()
        .filter_map(|c| {
            let kind = match c.indicator.role() {
                Role::Resource => advise::FactorKind::Resource,
                Role::Outcome if !composite_parts.contains(&c.indicator) => {
                    advise::FactorKind::Outcome
                }
                _ => return None,
            };
            let higher_is_better = match c.indicator.direction() {
                Direction::HigherIsBetter => Some(true),
                Direction::LowerIsBetter => Some(false),
                Direction::Neutral => None,
            };
            let values = c.values.clone();
            let factor = advise::Factor {
                kind,
                higher_is_better,
                values,
            };
            Some((c.indicator.clone(), factor))
        })
        .unzip()
}

/// Each school's composite by year, with its spread.
fn year_scores(profiles: &features::Profiles) -> Vec<Vec<Option<advise::YearScore>>> {
    profiles
        .score_by_year
        .iter()
        .zip(&profiles.score_by_year_sd)
        .map(|(scores, sds)| {
            let year = |(s, sd): (&Option<f64>, &Option<f64>)| {
                Some(advise::YearScore {
                    score: (*s)?,
                    sd: sd.unwrap_or(0.0),
                })
            };
            scores.iter().zip(sds).map(year).collect()
        })
        .collect()
}

/// A pinned or forbidden pair that names no pair of ranked schools.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PairError {
    /// A school id that is not among the ranked schools.
    NotRanked {
        /// `pin` or `forbid`.
        key: &'static str,
        /// The id as written.
        id: String,
    },
    /// A school paired with itself.
    WithItself {
        /// `pin` or `forbid`.
        key: &'static str,
        /// The id as written.
        id: String,
    },
}

/// The pairs `[advise] pin` or `forbid` names, by row; a school id there must be a ranked
/// school, and a school cannot be paired with itself.
fn rows_of_pairs(
    key: &'static str,
    list: &[[String; 2]],
    district: &model::District,
    profiles: &features::Profiles,
) -> Result<Vec<(usize, usize)>, PairError> {
    let row_of_id = |id: &str| -> Result<usize, PairError> {
        let mut rows = profiles.schools.iter();
        rows.position(|&ix| district.school(ix).id.0 == id)
            .ok_or_else(|| PairError::NotRanked {
                key,
                id: id.to_owned(),
            })
    };
    list.iter()
        .map(|[low, base]| {
            if low == base {
                return Err(PairError::WithItself {
                    key,
                    id: low.clone(),
                });
            }
            Ok((row_of_id(low)?, row_of_id(base)?))
        })
        .collect()
}
