//! The profile step: a district and checked parameters in, the per-school table out, in the
//! order of its steps (outcomes, context, exclusions, the composite and its years, resources).

use super::*;

/// The config's indicator codes must name indicators of the right role.
pub(crate) fn check_codes(
    params: &ValidFeatureParams,
    extra: &[(Indicator, Vec<Option<f64>>)],
) -> Result<(), FeatureError> {
    let check = |code: &String, section: &'static str, role: Role| {
        let found = Indicator::BUILT_IN
            .iter()
            .chain(extra.iter().map(|(i, _)| i))
            .find(|i| i.code() == code);
        match found {
            None => Err(FeatureError::UnknownIndicator {
                section,
                code: code.clone(),
            }),
            Some(i) if i.role() == role => Ok(()),
            Some(_) if role == Role::Outcome => Err(FeatureError::NotAnOutcome(code.clone())),
            Some(_) => Err(FeatureError::NotContext {
                section,
                code: code.clone(),
            }),
        }
    };
    for (code, _) in params.weights() {
        check(code, "[outcome.weights]", Role::Outcome)?;
    }
    for code in params.context_off() {
        check(code, "[context] off", Role::Context)?;
    }
    for (code, _) in params.missing_for() {
        check(code, "[context.missing_for]", Role::Context)?;
    }
    Ok(())
}

/// Each extra indicator with its latest value per school (the value of the
/// latest year when the table has years).
pub(crate) fn extra_indicators(district: &District) -> Result<Vec<IndicatorValues>, FeatureError> {
    if let Some(e) = district
        .extra_indicators
        .iter()
        .find(|e| Indicator::BUILT_IN.iter().any(|b| b.code() == e.code))
    {
        return Err(FeatureError::ExtraCodeClash(e.code.clone()));
    }
    Ok(district
        .extra_indicators
        .iter()
        .enumerate()
        .map(|(k, def)| {
            let mut latest: Vec<Option<(Option<u16>, f64)>> = vec![None; district.schools.len()];
            for v in district.extra_values.iter().filter(|v| v.indicator == k) {
                let slot = &mut latest[v.school.get()];
                if slot.is_none_or(|(year, _)| v.year >= year) {
                    *slot = Some((v.year, v.value));
                }
            }
            (
                Indicator::Extra(Arc::new(def.clone())),
                latest.into_iter().map(|v| v.map(|(_, x)| x)).collect(),
            )
        })
        .collect::<Vec<_>>())
}

/// A district's per-school table: who is ranked (and who is excluded, and why), the context
/// the groups are formed on, the composite score with its interval, the outcomes year by
/// year, resources, subjects and teachers.
pub fn build(district: &District, params: &ValidFeatureParams) -> Result<Profiles, FeatureError> {
    let extra = extra_indicators(district)?;
    check_codes(params, &extra)?;
    let window = Window::choose(district, params.years())?;
    // The exam tables' indices and the staff table's share nothing: built in parallel.
    let ((exam_index, subject_results), ((staff, untaught), mut teachers)) = rayon::join(
        || exam_indices(district, &window),
        || staff_tables(district),
    );
    let outcomes = every_outcome(district, &window, &exam_index, &extra);
    let plan = Plan::new(params, &outcomes, &window);
    let (tiers, split) = tiers(district, params, &exam_index);
    let context_raw = context_raw(district, params, &extra);
    let (included, excluded) = exclusions(
        &Eligibility {
            district,
            params,
            window: &window,
            exam_index: &exam_index,
            outcomes: &outcomes,
            plan: &plan,
        },
        &context_raw,
    );
    if included.is_empty() {
        return Err(FeatureError::NothingToRank);
    }
    let pick = |v: &[Option<f64>]| -> Vec<Option<f64>> { included.iter().map(|&i| v[i]).collect() };
    let mut notes = Vec::new();
    let mut all: Vec<IndicatorColumn> = Vec::new();
    let tiers_in: Vec<Tier> = included
        .iter()
        .map(|&i| if split { tiers[i] } else { Tier::FullSecondary })
        .collect();
    let context = Context::build(&context_raw, &pick, &tiers_in, params, &mut notes, &mut all);
    let full_secondary: Vec<Option<f64>> = tiers
        .iter()
        .map(|&t| Some(f64::from(u8::from(t == Tier::FullSecondary))))
        .collect();
    all.push(observed_column(
        Indicator::FullSecondary,
        pick(&full_secondary),
    ));
    let input = CompositeInput {
        outcomes: &outcomes,
        weighted: &plan.weighted,
        exam_index: &exam_index,
        included: &included,
        normalisation: params.outcome_normalisation(),
        district,
        window: &window,
    };
    let scored = Scored::new(&input, &plan, &context, params, &mut notes);
    let years = window.years().to_vec();
    let year_scores = scored.by_year(&input, &window);
    let rows = included.len();
    let by_year = outcomes_by_year(&outcomes, &window, &pick, rows);
    for o in &outcomes {
        all.push(observed_column(
            o.indicator.clone(),
            pick(&o.read(Reading::Window)),
        ));
    }
    let resources = extra
        .into_iter()
        .filter(|(i, _)| i.role() == Role::Resource);
    for (indicator, values) in staff.into_iter().chain(resources) {
        all.push(observed_column(indicator, pick(&values)));
    }
    let (results_checks, pupils, criteria) = pupil_passes(&input, params.min_pupils());
    Ok(Profiles {
        schools: included.iter().map(|&i| SchoolIx(i as u32)).collect(),
        columns: all,
        context_indicators: context.indicators,
        context: context.matrix,
        tiers: included.iter().map(|&i| tiers[i]).collect(),
        split,
        score: scored.score,
        expectation_effects: scored.effects,
        standing: scored.standing,
        shrinkage: scored.fit,
        score_trend: yearly::trends(&years, &year_scores.scores, rows),
        years,
        basis: params.basis(),
        score_by_year: year_scores.scores,
        score_by_year_sd: year_scores.sds,
        by_year,
        subjects: subjects_of(subject_results, &included),
        untaught: included.iter().map(|&i| untaught[i].clone()).collect(),
        teachers: included
            .iter()
            .map(|&i| std::mem::take(&mut teachers[i]))
            .collect(),
        pupils,
        results_checks,
        excluded,
        notes,
        criteria,
    })
}

/// Each subject's results of the ranked schools (by row).
fn subjects_of(all: Vec<SubjectResults>, included: &[usize]) -> Vec<SubjectResults> {
    let pick = |r: &SubjectResults| included.iter().map(|&i| r.values[i]).collect();
    all.into_iter()
        .map(|r| SubjectResults {
            values: pick(&r),
            ..r
        })
        .collect()
}

/// The staff table's indicators (with each school's untaught subjects) and each school's
/// teachers, built in parallel.
fn staff_tables(district: &District) -> ((Vec<IndicatorValues>, Untaught), Vec<Vec<Teacher>>) {
    rayon::join(|| staff_indicators(district), || teachers(district))
}

/// The pupils' results read three more ways, each pass standing alone (so in parallel): the
/// objectivity checks of the included schools, their pupils counted for publication up to
/// `cap`, and the regional criteria with their pupils.
fn pupil_passes(
    input: &CompositeInput<'_>,
    cap: u32,
) -> (
    Vec<ResultsCheck>,
    BTreeMap<ExamKind, PupilCounts>,
    RegionalCriteria,
) {
    let (district, window, included) = (input.district, input.window, input.included);
    let (checks, (pupils, criteria)) = rayon::join(
        || objectivity::check_results(district, window, input.exam_index, included),
        || {
            rayon::join(
                || pupils_of(district, window, cap, included),
                || criteria_with_pupils(district, cap),
            )
        },
    );
    (checks, pupils, criteria)
}

/// Each exam's pupils of the ranked schools (by row), counted up to `cap`.
fn pupils_of(
    district: &District,
    window: &Window,
    cap: u32,
    included: &[usize],
) -> BTreeMap<ExamKind, PupilCounts> {
    let pick = |v: &[u32]| included.iter().map(|&i| v[i]).collect();
    pupils::count_pupils(district, window, cap)
        .into_iter()
        .map(|(kind, c)| {
            let by_year = c.by_year.iter().map(|y| pick(y)).collect();
            let window = pick(&c.window);
            (kind, PupilCounts { by_year, window })
        })
        .collect()
}

/// The regional criteria, with each school's ЕГЭ pupils of their latest year.
fn criteria_with_pupils(district: &District, cap: u32) -> RegionalCriteria {
    let mut criteria = regional_criteria(district);
    let latest = Window::of(criteria.years.last().copied().into_iter().collect());
    criteria.ege_pupils = pupils::count_pupils(district, &latest, cap)
        .remove(&ExamKind::Ege)
        .map_or_else(|| vec![0; district.schools.len()], |c| c.window);
    criteria
}

/// A district-long column cut to the ranked schools.
type Pick<'a> = &'a dyn Fn(&[Option<f64>]) -> Vec<Option<f64>>;

/// Every outcome indicator of every school, before anyone is excluded. An outcome no school
/// has (no marks given, no student ids) is not part of this district's data.
fn every_outcome(
    district: &District,
    window: &Window,
    exam_index: &BTreeMap<ExamKind, ExamIndex>,
    extra: &[(Indicator, Vec<Option<f64>>)],
) -> Vec<Outcome> {
    let yearly = |indicator, y: Yearly| Outcome {
        indicator,
        values: OutcomeValues::Yearly(y),
    };
    let mut outcomes: Vec<Outcome> = Vec::new();
    for (kind, index_ind, score_ind) in [
        (ExamKind::Ege, Indicator::EgeIndex, Indicator::EgeMeanScore),
        (ExamKind::Oge, Indicator::OgeIndex, Indicator::OgeMeanScore),
    ] {
        let ex = &exam_index[&kind];
        outcomes.push(yearly(index_ind, ex.z.clone()));
        outcomes.push(yearly(score_ind, ex.raw.clone()));
    }
    let oge_marks = exam_index[&ExamKind::Oge].marks.clone();
    for (indicator, values) in std::iter::once((Indicator::OgeMeanMark, oge_marks))
        .chain(results::exam_outcomes(district, window))
    {
        if values.pooled().iter().any(Option::is_some) {
            outcomes.push(yearly(indicator, values));
        }
    }
    outcomes.push(yearly(
        Indicator::OlympiadPrizesPer100,
        olympiad_rate(district, window),
    ));
    outcomes.extend(extra.iter().filter(|(i, _)| i.role() == Role::Outcome).map(
        |(indicator, values)| Outcome {
            indicator: indicator.clone(),
            values: OutcomeValues::Latest(values.clone()),
        },
    ));
    outcomes
}

/// What the composite is made of: the weighed outcomes (by position) and the reading of the
/// basis.
pub(crate) struct Plan {
    pub(crate) weighted: Vec<(usize, f64)>,
    /// The latest year of the window, if it has one.
    latest: Option<Reading>,
    basis_reading: Reading,
}

impl Plan {
    fn new(params: &ValidFeatureParams, outcomes: &[Outcome], window: &Window) -> Self {
        let weighted: Vec<(usize, f64)> = params
            .weights()
            .iter()
            .filter_map(|(code, w)| {
                Some((
                    outcomes.iter().position(|o| o.indicator.code() == code)?,
                    *w,
                ))
            })
            .collect();
        let latest = window.len().checked_sub(1).map(Reading::Year);
        let basis_reading = match params.basis() {
            Basis::Latest => latest.unwrap_or(Reading::Window),
            Basis::Mean | Basis::Both => Reading::Window,
        };
        Plan {
            weighted,
            latest,
            basis_reading,
        }
    }

    /// Which schools have a value of a weighed outcome in the reading.
    fn has_weighted(&self, outcomes: &[Outcome], reading: Reading, n: usize) -> Vec<bool> {
        let mut has = vec![false; n];
        for &(k, _) in &self.weighted {
            for (h, v) in has.iter_mut().zip(outcomes[k].read(reading)) {
                *h |= v.is_some();
            }
        }
        has
    }
}

/// Each school's side of the school-kind split, and whether the split is on.
fn tiers(
    district: &District,
    params: &ValidFeatureParams,
    exam_index: &BTreeMap<ExamKind, ExamIndex>,
) -> (Vec<Tier>, bool) {
    let tiers: Vec<Tier> = district
        .schools
        .iter()
        .zip(takers_of(&exam_index[&ExamKind::Ege], Reading::Window))
        .map(|(s, takers)| Tier::of(s.kind, takers > 0.0))
        .collect();
    let split = !params
        .context_off()
        .iter()
        .any(|c| c == Indicator::FullSecondary.code());
    (tiers, split)
}

/// The context indicators as reported. An indicator nobody reported is not part of this
/// district's data; the analyst may switch others off.
fn context_raw(
    district: &District,
    params: &ValidFeatureParams,
    extra: &[(Indicator, Vec<Option<f64>>)],
) -> Vec<(Indicator, Vec<Option<f64>>)> {
    let each = |f: &dyn Fn(&model::School) -> Option<f64>| -> Vec<Option<f64>> {
        district.schools.iter().map(f).collect()
    };
    let mut context_raw = vec![(
        Indicator::LogStudents,
        each(&|s| Some(f64::from(s.students).ln())),
    )];
    for field in PassportField::ALL {
        context_raw.push((Indicator::Passport(field), each(&|s| s.passport.get(field))));
    }
    let rural = |s: &model::School| {
        s.settlement
            .map(|x| f64::from(u8::from(x == Settlement::Rural)))
    };
    context_raw.push((Indicator::Rural, each(&rural)));
    context_raw.extend(
        extra
            .iter()
            .filter(|(i, _)| i.role() == Role::Context)
            .cloned(),
    );
    context_raw.retain(|(i, v)| {
        v.iter().any(Option::is_some) && !params.context_off().iter().any(|c| c == i.code())
    });
    context_raw
}

/// What decides whether a school can be ranked.
struct Eligibility<'a> {
    district: &'a District,
    params: &'a ValidFeatureParams,
    window: &'a Window,
    exam_index: &'a BTreeMap<ExamKind, ExamIndex>,
    outcomes: &'a [Outcome],
    plan: &'a Plan,
}

/// The schools that are ranked (by position in the district) and those excluded, with why.
fn exclusions(
    e: &Eligibility<'_>,
    context_raw: &[(Indicator, Vec<Option<f64>>)],
) -> (Vec<usize>, Vec<Exclusion>) {
    let n = e.district.schools.len();
    let weighted_in_window = e.plan.has_weighted(e.outcomes, Reading::Window, n);
    let weighted_in_basis = e.plan.has_weighted(e.outcomes, e.plan.basis_reading, n);
    let ege = e.exam_index[&ExamKind::Ege].z.pooled();
    let oge = e.exam_index[&ExamKind::Oge].z.pooled();
    let mut excluded = Vec::new();
    let mut included = Vec::new();
    for i in 0..n {
        let missing = context_raw.iter().filter(|(_, v)| v[i].is_none()).count();
        let missing_excluding = context_raw.iter().any(|(indicator, v)| {
            v[i].is_none() && e.params.missing_policy(indicator.code()) == MissingContext::Exclude
        });
        let total = context_raw.len();
        let reason = if ege[i].is_none() && oge[i].is_none() {
            Some(ExclusionReason::NoExamResults)
        } else if !weighted_in_window[i] {
            Some(ExclusionReason::NoWeightedOutcome)
        } else if !weighted_in_basis[i] {
            Some(ExclusionReason::NoLatestResults {
                year: e.window.years().last().copied().unwrap_or_default(),
            })
        } else if missing as f64 > MAX_MISSING_CONTEXT_SHARE * total as f64 || missing_excluding {
            Some(ExclusionReason::MissingContext { missing, total })
        } else {
            None
        };
        match reason {
            Some(reason) => excluded.push(Exclusion {
                school: SchoolIx(i as u32),
                reason,
            }),
            None => included.push(i),
        }
    }
    (included, excluded)
}

/// The context the groups are formed on: imputed, standardised, constants dropped.
pub(crate) struct Context {
    indicators: Vec<Indicator>,
    /// Row-major, a row per ranked school.
    matrix: Vec<f64>,
}

impl Context {
    fn build(
        context_raw: &[(Indicator, Vec<Option<f64>>)],
        pick: Pick<'_>,
        tiers_in: &[Tier],
        params: &ValidFeatureParams,
        notes: &mut Vec<Note>,
        all: &mut Vec<IndicatorColumn>,
    ) -> Self {
        let mut indicators = Vec::new();
        let mut columns: Vec<Vec<f64>> = Vec::new();
        for (indicator, values) in context_raw {
            let values = pick(values);
            let fill =
                imputation_values(&values, tiers_in, params.missing_policy(indicator.code()));
            let imputed: Vec<bool> = values.iter().map(Option::is_none).collect();
            let count = imputed.iter().filter(|x| **x).count();
            if count > 0 {
                notes.push(Note::Imputed {
                    indicator: indicator.clone(),
                    count,
                });
            }
            let filled: Vec<f64> = values
                .iter()
                .zip(&fill)
                .map(|(v, f)| v.unwrap_or(*f))
                .collect();
            all.push(IndicatorColumn {
                indicator: indicator.clone(),
                values,
                imputed,
            });
            match scale(&filled, params.context_normalisation(), indicator, notes) {
                Some(z) => {
                    indicators.push(indicator.clone());
                    columns.push(z);
                }
                None => notes.push(Note::ConstantIndicator(indicator.clone())),
            }
        }
        let (rows, p) = (tiers_in.len(), indicators.len());
        let mut matrix = vec![0.0; rows * p];
        for (j, column) in columns.iter().enumerate() {
            for (i, v) in column.iter().enumerate() {
                matrix[i * p + j] = *v;
            }
        }
        Context { indicators, matrix }
    }
}

/// The composite of the basis's reading, shrunk toward what the context leads one to expect,
/// on the score's scale (district standard deviations of the shrunk composite).
struct Scored {
    score: Vec<f64>,
    /// The context fit's effect of each context indicator, on the score's scale.
    effects: Option<Vec<f64>>,
    standing: Vec<Standing>,
    fit: Shrinkage,
    centre: f64,
    spread: f64,
}

/// Each year's composite on the score's scale, with its standard deviation.
struct ByYear {
    scores: Vec<Vec<Option<f64>>>,
    sds: Vec<Vec<Option<f64>>>,
}

impl Scored {
    fn new(
        input: &CompositeInput<'_>,
        plan: &Plan,
        context: &Context,
        params: &ValidFeatureParams,
        notes: &mut Vec<Note>,
    ) -> Self {
        let read = input.read(plan.basis_reading, notes);
        let read = match (params.basis(), plan.latest) {
            (Basis::Both, Some(latest)) => {
                let last = input.read(latest, &mut Vec::new());
                read.into_iter()
                    .zip(last)
                    .map(|(w, l)| both(w, l))
                    .collect()
            }
            _ => read,
        };
        let (composite, noise): (Vec<f64>, Vec<f64>) =
            read.iter().map(|c| c.unwrap_or((0.0, 0.0))).unzip();
        let (_, takers) = input.takers(plan.basis_reading);
        let cohort = input.cohorts(plan.basis_reading);
        // One year of results: how sure a school's standing is over the years cannot be said.
        if let [year] = input.window.years()[..] {
            notes.push(Note::SingleYear(year));
        }
        let (expected, effects) =
            context_fit(&context.matrix, context.indicators.len(), &composite);
        let shrunk = shrink(&composite, &expected, &noise, &takers);
        let (centre, spread) = match (mean(&shrunk.values), std_dev(&shrunk.values)) {
            (Some(m), Some(sd)) if sd > 1e-12 => (m, sd),
            _ => (0.0, 1.0),
        };
        let to_score = |x: f64| (x - centre) / spread;
        let standing = (0..composite.len())
            .map(|r| Standing {
                cohort: cohort[r],
                unshrunk: to_score(composite[r]),
                interval: (
                    to_score(shrunk.values[r] - INTERVAL_Z * shrunk.sd[r]),
                    to_score(shrunk.values[r] + INTERVAL_Z * shrunk.sd[r]),
                ),
                low_confidence: cohort[r] < params.min_cohort(),
                expected: to_score(expected[r]),
            })
            .collect();
        Scored {
            score: shrunk.values.iter().map(|&x| to_score(x)).collect(),
            // On the score's scale, as the expectation is.
            effects: effects.map(|e| e.iter().map(|b| b / spread).collect()),
            standing,
            fit: shrunk.fit,
            centre,
            spread,
        }
    }

    /// Each year's composite on the score's scale. A year's composite is not shrunk: its
    /// standard deviation is the noise alone.
    fn by_year(&self, input: &CompositeInput<'_>, window: &Window) -> ByYear {
        let reads: Vec<Vec<Option<(f64, f64)>>> = (0..window.len())
            .map(|slot| input.read(Reading::Year(slot), &mut Vec::new()))
            .collect();
        let to_score = |x: f64| (x - self.centre) / self.spread;
        ByYear {
            scores: reads
                .iter()
                .map(|year| year.iter().map(|c| c.map(|(x, _)| to_score(x))).collect())
                .collect(),
            sds: reads
                .iter()
                .map(|year| {
                    year.iter()
                        .map(|c| c.map(|(_, v)| v.sqrt() / self.spread))
                        .collect()
                })
                .collect(),
        }
    }
}

/// Each yearly outcome of the ranked schools, year by year, with its trend.
fn outcomes_by_year(
    outcomes: &[Outcome],
    window: &Window,
    pick: Pick<'_>,
    rows: usize,
) -> Vec<IndicatorYears> {
    let years = window.years();
    outcomes
        .iter()
        .filter(|o| matches!(o.values, OutcomeValues::Yearly(_)))
        .map(|o| {
            let values: Vec<Vec<Option<f64>>> = (0..window.len())
                .map(|slot| pick(&o.read(Reading::Year(slot))))
                .collect();
            let trend = yearly::trends(years, &values, rows);
            IndicatorYears {
                indicator: o.indicator.clone(),
                values,
                trend,
            }
        })
        .collect()
}

/// The value a missing context value of each school is filled with: the
/// median of the district, or with [`MissingContext::GroupMedian`] of the
/// school's side of the split (the district's when that side has no value).
pub(crate) fn imputation_values(
    values: &[Option<f64>],
    tiers: &[Tier],
    policy: MissingContext,
) -> Vec<f64> {
    let median_where = |keep: &dyn Fn(usize) -> bool| {
        let observed: Vec<f64> = (0..values.len())
            .filter(|&i| keep(i))
            .filter_map(|i| values[i])
            .collect();
        median(&observed)
    };
    let district = median_where(&|_| true).unwrap_or(0.0);
    let by_tier: Vec<f64> = Tier::ALL
        .iter()
        .map(|&t| match policy {
            MissingContext::GroupMedian => median_where(&|i| tiers[i] == t).unwrap_or(district),
            MissingContext::Median | MissingContext::Exclude => district,
        })
        .collect();
    tiers.iter().map(|&t| by_tier[t as usize]).collect()
}

pub(crate) fn observed_column(indicator: Indicator, values: Vec<Option<f64>>) -> IndicatorColumn {
    let imputed = vec![false; values.len()];
    IndicatorColumn {
        indicator,
        values,
        imputed,
    }
}
