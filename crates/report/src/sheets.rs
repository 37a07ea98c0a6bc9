//! The analyst's tables, laid out once from results.json: each is a CSV file,
//! a sheet of results.xlsx and (some of them) a table of report.html.

use advise::Status;
use model::Lang;

use crate::doc::{joined, Results, SchoolDoc};
use crate::plan::mentors_text;
use crate::quality::{
    push_columns, push_missing_table, push_problem, push_row_counts, quality_sheet,
};
use crate::sheet::{Cell, Sheet, Tone};
use crate::text::{expectation_text, status_label, yes};

/// The schools by group and rank, excluded schools last.
pub(crate) fn ranked_order(results: &Results) -> Vec<&SchoolDoc> {
    let mut order: Vec<&SchoolDoc> = results.schools.iter().collect();
    order.sort_by(|a, b| {
        (
            a.peer_group.is_none(),
            a.peer_group,
            a.rank_in_group,
            &a.school_id,
        )
            .cmp(&(
                b.peer_group.is_none(),
                b.peer_group,
                b.rank_in_group,
                &b.school_id,
            ))
    });
    order
}

fn status_tone(status: Option<Status>) -> Option<Tone> {
    match status {
        Some(Status::Low) => Some(Tone::Low),
        Some(Status::Borderline) => Some(Tone::Quarter(1)),
        Some(Status::Base) => Some(Tone::Base),
        _ => None,
    }
}

/// The columns of the ranking, in order: the page picks some of them by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RankCol {
    Group,
    Rank,
    GroupSize,
    Id,
    Name,
    Compared,
    Score,
    Expected,
    ExpectedBecause,
    GapToMedian,
    Percentile,
    Robustness,
    GapToTopQuarter,
    Trend,
    Takers,
    SmallCohort,
    Boundary,
    LastYear,
    Status,
    StablyLow,
    LowResultsSchool,
    UnfavourableConditions,
    Sliding,
    Reasons,
    Objectivity,
    Diagnosis,
}

impl RankCol {
    /// Every column, in order.
    const ALL: [RankCol; 26] = [
        RankCol::Group,
        RankCol::Rank,
        RankCol::GroupSize,
        RankCol::Id,
        RankCol::Name,
        RankCol::Compared,
        RankCol::Score,
        RankCol::Expected,
        RankCol::ExpectedBecause,
        RankCol::GapToMedian,
        RankCol::Percentile,
        RankCol::Robustness,
        RankCol::GapToTopQuarter,
        RankCol::Trend,
        RankCol::Takers,
        RankCol::SmallCohort,
        RankCol::Boundary,
        RankCol::LastYear,
        RankCol::Status,
        RankCol::StablyLow,
        RankCol::LowResultsSchool,
        RankCol::UnfavourableConditions,
        RankCol::Sliding,
        RankCol::Reasons,
        RankCol::Objectivity,
        RankCol::Diagnosis,
    ];

    /// The header: Russian, English.
    fn header(self) -> (&'static str, &'static str) {
        match self {
            RankCol::Group => ("Группа", "Group"),
            RankCol::Rank => ("Место в группе", "Rank in group"),
            RankCol::GroupSize => ("Школ в группе", "Group size"),
            RankCol::Id => ("Код ОО", "School ID"),
            RankCol::Name => ("Наименование", "Name"),
            RankCol::Compared => (
                "Результат с учётом условий (по нему место)",
                "Result against its conditions (the rank follows it)",
            ),
            RankCol::Score => ("Результат", "Score"),
            RankCol::Expected => (
                "Ожидаемый при условиях школы",
                "Expected for its conditions",
            ),
            RankCol::ExpectedBecause => ("Что определяет ожидаемый", "What sets the expectation"),
            RankCol::GapToMedian => ("Отклонение от медианы группы", "Gap to group median"),
            RankCol::Percentile => ("Процентиль в группе", "Percentile in group"),
            RankCol::Robustness => (
                "Низкие в вариантах сравнения, %",
                "Low across the comparisons, %",
            ),
            RankCol::GapToTopQuarter => (
                "До верхней четверти группы",
                "Gap to the group's top quarter",
            ),
            RankCol::Trend => ("Динамика результата, в год", "Score trend, per year"),
            RankCol::Takers => ("Участников экзаменов", "Exam takers"),
            RankCol::SmallCohort => ("Малая когорта", "Small cohort"),
            RankCol::Boundary => ("На границе групп", "Between groups"),
            RankCol::LastYear => ("Группа в прошлом году", "Group last year"),
            RankCol::Status => ("Статус", "Status"),
            RankCol::StablyLow => ("Устойчиво низкие", "Stably low"),
            RankCol::LowResultsSchool => ("ШНОР", "Low results (SLR)"),
            RankCol::UnfavourableConditions => ("ШНСУ", "Unfavourable conditions (SUC)"),
            RankCol::Sliding => ("Снижение результатов", "Sliding down"),
            RankCol::Reasons => ("Обоснование", "Reasons"),
            RankCol::Objectivity => ("Объективность ВПР", "VPR objectivity"),
            RankCol::Diagnosis => ("Диагностика", "Diagnosis"),
        }
    }

    /// The school's cell in the column.
    fn cell(self, s: &SchoolDoc, lang: Lang) -> Cell {
        match self {
            RankCol::Group => Cell::int(s.peer_group),
            RankCol::Rank => Cell::int(s.rank_in_group),
            RankCol::GroupSize => Cell::int(s.group_size),
            RankCol::Id => s.school_id.as_str().into(),
            RankCol::Name => s.name.as_str().into(),
            RankCol::Compared => Cell::num(s.compared_score, 3),
            RankCol::Score => Cell::num(s.score, 3),
            RankCol::Expected => Cell::num(s.expected_score, 3),
            RankCol::ExpectedBecause => expectation_text(&s.expectation_drivers, lang).into(),
            RankCol::GapToMedian => Cell::num(s.gap_to_group_median, 3),
            RankCol::Percentile => {
                Cell::num(s.percentile_in_group, 0).toned(s.percentile_in_group.map(Tone::quarter))
            }
            RankCol::Robustness => Cell::num(s.robustness.map(|r| 100.0 * r), 0),
            RankCol::GapToTopQuarter => Cell::num(s.gap_to_top_quarter.map(|g| (-g).max(0.0)), 3),
            RankCol::Trend => Cell::num(s.trend.get("score").copied().flatten(), 3),
            RankCol::Takers => Cell::int(s.cohort.map(|c| c as usize)),
            RankCol::SmallCohort => yes(s.low_confidence, lang).into(),
            RankCol::Boundary => yes(s.boundary, lang).into(),
            RankCol::LastYear => Cell::int(s.previous_group),
            RankCol::Status => {
                Cell::text(status_label(s.status, lang)).toned(status_tone(s.status))
            }
            RankCol::StablyLow => yes(s.stably_low, lang).into(),
            RankCol::LowResultsSchool => yes(s.low_results_school, lang).into(),
            RankCol::UnfavourableConditions => yes(s.unfavourable_conditions, lang).into(),
            RankCol::Sliding => yes(s.sliding_rate.is_some(), lang).into(),
            RankCol::Reasons => joined(&s.reasons).into(),
            RankCol::Objectivity => {
                let doubtful = s
                    .results_check
                    .as_ref()
                    .is_some_and(|c| !c.signs.is_empty());
                Cell::text(crate::objectivity::cell_text(
                    s.results_check.as_ref(),
                    lang,
                ))
                .toned(doubtful.then_some(Tone::Quarter(1)))
            }
            RankCol::Diagnosis => (s.diagnosis.as_ref())
                .map(|d| d.text.join("; "))
                .unwrap_or_default()
                .into(),
        }
    }
}

/// Рейтинг: every school, by group and rank; excluded schools last. The value the rank
/// follows (the result against what the school's conditions lead one to expect) stands
/// beside the rank, then the result and the expectation it is the difference of, and the
/// conditions that set the expectation.
pub(crate) fn ranking(results: &Results, lang: Lang) -> Sheet {
    let headers: Vec<&str> = (RankCol::ALL.iter())
        .map(|c| {
            let (ru, en) = c.header();
            lang.pick(ru, en)
        })
        .collect();
    let mut sheet = Sheet::new(lang.pick("Рейтинг", "Ranking"), &headers);
    for s in ranked_order(results) {
        sheet.push(RankCol::ALL.iter().map(|c| c.cell(s, lang)).collect());
    }
    sheet
}

/// Пары: each low-result school with its base school and the reasons, then
/// the low schools left without one.
pub(crate) fn pairs(results: &Results, lang: Lang) -> Sheet {
    let mut sheet = Sheet::new(
        lang.pick("Пары", "Pairs"),
        match lang {
            Lang::Ru => &[
                "Группа",
                "Код ОО школы с низкими результатами",
                "Школа с низкими результатами",
                "Код ОО базовой школы",
                "Базовая школа",
                "Группа базовой школы",
                "Разница результатов",
                "Расстояние по условиям",
                "Расстояние, км",
                "Обоснование",
                "Наставники (учитель базовой школы → молодой учитель)",
            ][..],
            Lang::En => &[
                "Group",
                "Low-result school ID",
                "Low-result school",
                "Base school ID",
                "Base school",
                "Base school group",
                "Score difference",
                "Context distance",
                "Distance, km",
                "Reasons",
                "Mentors (base school teacher → young teacher)",
            ][..],
        },
    );
    for p in &results.pairs {
        sheet.push(vec![
            Cell::int(Some(p.peer_group)),
            p.low_school_id.as_str().into(),
            p.low_school_name.as_str().into(),
            p.base_school_id.as_str().into(),
            p.base_school_name.as_str().into(),
            Cell::int(Some(p.base_peer_group)),
            Cell::num(Some(p.score_difference), 3),
            Cell::num(Some(p.context_distance), 3),
            Cell::num(p.distance_km, 1),
            joined(&p.reasons).into(),
            mentors_text(&p.mentors).into(),
        ]);
    }
    // Low schools without a base school, with the reason in place of one.
    for u in &results.unpaired {
        let mut row = vec![
            Cell::int(Some(u.peer_group)),
            u.school_id.as_str().into(),
            u.name.as_str().into(),
            Cell::text(""),
            Cell::text(lang.pick("нет базовой школы", "no base school")).toned(Some(Tone::Low)),
        ];
        row.extend(std::iter::repeat_n(Cell::text(""), 4));
        row.push(u.reason.text.as_str().into());
        row.push(Cell::text(""));
        sheet.push(row);
    }
    sheet
}

/// Критерии: the regional criteria of every school, in input order, then the district.
pub(crate) fn criteria(results: &Results, lang: Lang) -> Sheet {
    let c = &results.criteria;
    let years = c.years.len();
    let headers = match lang {
        Lang::Ru => [
            "Код ОО".to_owned(),
            "Наименование".to_owned(),
            format!("Лет в нижних 10% района по обязательным предметам ЕГЭ (из {years})"),
            format!("В нижних 10% все {} года", features::CRITERIA_YEARS),
            "Выпускники с 160+ баллами по трём предметам ЕГЭ, %".to_owned(),
            "Предметы ЕГЭ по выбору, где школа в нижних 10% района, %".to_owned(),
            "Учителя высшей и первой категории, %".to_owned(),
        ],
        Lang::En => [
            "School ID".to_owned(),
            "Name".to_owned(),
            format!("Years in the district's bottom 10% on compulsory EGE subjects (of {years})"),
            format!("Bottom 10% all {} years", features::CRITERIA_YEARS),
            "Graduates with 160+ on three EGE subjects, %".to_owned(),
            "Elective EGE subjects where the school is in the bottom 10%, %".to_owned(),
            "Teachers of the highest and first category, %".to_owned(),
        ],
    };
    let mut sheet = Sheet::new(lang.pick("Критерии", "Criteria"), &headers);
    for r in c.schools.iter().chain(std::iter::once(&c.district)) {
        // The district row counts the schools in the bottom every year.
        let (years_in_bottom, every_year) = match r.school_id {
            Some(_) => (
                Cell::int(Some(r.bottom_years)),
                yes(r.bottom_every_year, lang).into(),
            ),
            None => (Cell::text(""), Cell::int(Some(r.bottom_years))),
        };
        sheet.push(vec![
            r.school_id.clone().unwrap_or_default().into(),
            r.name.as_str().into(),
            years_in_bottom,
            every_year,
            Cell::num(r.ege_160_on_3_pct, 1),
            Cell::num(r.worst_elective_pct, 1),
            Cell::num(r.certified_teachers_pct, 1),
        ]);
    }
    sheet
}

/// Группы: each group's size, stability, median and top quarter, counts and
/// its context against the district's.
pub(crate) fn groups(results: &Results, lang: Lang) -> Sheet {
    let mut headers: Vec<String> = match lang {
        Lang::Ru => [
            "Группа",
            "Описание",
            "Школ",
            "Устойчивость",
            "На границе групп",
            "Медиана результата",
            "Верхняя четверть",
            "Низкие результаты",
            "Базовые",
        ],
        Lang::En => [
            "Group",
            "Description",
            "Schools",
            "Stability",
            "Between groups",
            "Median result",
            "Top quarter",
            "Low results",
            "Base",
        ],
    }
    .map(str::to_owned)
    .to_vec();
    // The context profile: the group's mean of each indicator, the district's in the header.
    let profile = results
        .groups
        .first()
        .map(|g| g.profile.as_slice())
        .unwrap_or_default();
    for item in profile {
        headers.push(match item.district_mean {
            Some(m) => format!(
                "{} ({} {})",
                item.name,
                lang.pick("район", "district"),
                crate::text::decimal(m, 1, lang)
            ),
            None => item.name.clone(),
        });
    }
    let mut sheet = Sheet::new(lang.pick("Группы", "Groups"), &headers);
    for g in &results.groups {
        let mut row = vec![
            Cell::int(Some(g.peer_group)),
            g.description.as_str().into(),
            Cell::int(Some(g.size)),
            Cell::num(Some(g.stability), 2),
            Cell::int(Some(g.boundary)),
            Cell::num(Some(g.median_score), 3),
            Cell::num(Some(g.top_quarter_score), 3),
            Cell::int(Some(g.low)),
            Cell::int(Some(g.base)),
        ];
        row.extend(profile.iter().map(|item| {
            Cell::num(
                g.profile
                    .iter()
                    .find(|p| p.indicator == item.indicator)
                    .and_then(|p| p.group_mean),
                1,
            )
        }));
        sheet.push(row);
    }
    sheet
}

/// Диагностика: one row per finding of each low or sliding school.
pub(crate) fn diagnosis(results: &Results, lang: Lang) -> Sheet {
    let mut sheet = Sheet::new(
        lang.pick("Диагностика", "Diagnosis"),
        match lang {
            Lang::Ru => &[
                "Группа",
                "Код ОО",
                "Наименование",
                "Статус",
                "Вид",
                "Показатель или предмет",
                "Значение",
                "Медиана группы",
                "Отставание, ст. откл.",
                "Вес",
                "Прирост до медианы группы, баллов",
                "Прирост до верхней четверти, баллов",
            ][..],
            Lang::En => &[
                "Group",
                "School ID",
                "Name",
                "Status",
                "Kind",
                "Indicator or subject",
                "Value",
                "Group median",
                "Gap, SD",
                "Weight",
                "Gain to the group median, points",
                "Gain to the top quarter, points",
            ][..],
        },
    );
    for s in ranked_order(results) {
        let Some(d) = &s.diagnosis else { continue };
        let head = || {
            vec![
                Cell::int(s.peer_group),
                s.school_id.as_str().into(),
                s.name.as_str().into(),
                Cell::text(status_label(s.status, lang)).toned(status_tone(s.status)),
            ]
        };
        let findings = d
            .causes
            .iter()
            .map(|f| (lang.pick("причина", "cause"), f))
            .chain(
                d.shortfalls
                    .iter()
                    .map(|f| (lang.pick("отставание", "shortfall"), f)),
            );
        for (kind, f) in findings {
            let mut row = head();
            row.extend([
                kind.into(),
                f.name.as_str().into(),
                Cell::num(f.value, 2),
                Cell::num(Some(f.group_median), 2),
                Cell::num(Some(f.gap), 2),
                Cell::num(Some(f.weight), 2),
                Cell::text(""),
                Cell::text(""),
            ]);
            sheet.push(row);
        }
        for subject in &d.no_teacher {
            let mut row = head();
            row.extend([
                lang.pick("нет учителя", "no teacher").into(),
                subject.as_str().into(),
            ]);
            row.extend(std::iter::repeat_n(Cell::text(""), 6));
            sheet.push(row);
        }
        for g in d.subjects.iter().filter(|g| g.weak) {
            let mut row = head();
            row.extend([
                lang.pick("слабый предмет", "weak subject").into(),
                format!("{} {}", g.exam, g.subject).into(),
                Cell::num(g.points, 1),
                Cell::num(g.group_median_points, 1),
                Cell::num(Some(g.gap), 2),
                Cell::text(""),
                Cell::num(g.gain_to_median, 1),
                Cell::num(g.gain_to_top_quarter, 1),
            ]);
            sheet.push(row);
        }
    }
    sheet
}

/// Качество данных: per input file what was read, then every row set aside
/// and every warning.
pub(crate) fn quality(results: &Results, lang: Lang) -> Sheet {
    let mut sheet = quality_sheet(lang);
    for input in &results.manifest.inputs {
        let counts = [input.rows, input.accepted, input.rejected];
        push_row_counts(&mut sheet, &input.file, counts, lang);
        push_columns(&mut sheet, &input.file, input.table, &input.columns, lang);
    }
    for table in &results.manifest.missing_optional_tables {
        push_missing_table(&mut sheet, table, lang);
    }
    let problems = results
        .set_aside
        .iter()
        .map(|p| (lang.pick("отложена", "set aside"), p))
        .chain(
            results
                .warnings
                .iter()
                .map(|p| (lang.pick("предупреждение", "warning"), p)),
        );
    for (kind, p) in problems {
        let place = (p.file.as_str(), p.row, p.column.as_deref());
        push_problem(&mut sheet, place, kind, p.message.clone());
    }
    sheet
}

/// Параметры: the run's settings and the fingerprints of its inputs.
pub(crate) fn parameters(results: &Results, lang: Lang) -> Sheet {
    let mut sheet = Sheet::new(
        lang.pick("Параметры", "Parameters"),
        match lang {
            Lang::Ru => &["Раздел", "Параметр", "Значение"][..],
            Lang::En => &["Section", "Parameter", "Value"][..],
        },
    );
    let m = &results.manifest;
    let run = lang.pick("запуск", "run");
    for (name, value) in [
        ("tool", m.tool.to_owned()),
        ("version", m.version.to_owned()),
        ("lang", m.lang.to_owned()),
        ("format_version", results.format_version.to_string()),
    ] {
        sheet.push(vec![run.into(), name.into(), value.into()]);
    }
    let section = lang.pick("параметры", "parameters");
    if let Ok(serde_json::Value::Object(map)) = serde_json::to_value(&m.parameters) {
        for (name, value) in map {
            sheet.push(vec![
                section.into(),
                name.as_str().into(),
                json_text(&value).into(),
            ]);
        }
    }
    let inputs = lang.pick("входные файлы", "inputs");
    for input in &m.inputs {
        sheet.push(vec![
            inputs.into(),
            input.file.as_str().into(),
            format!("SHA-256 {}", input.sha256).into(),
        ]);
    }
    sheet
}

/// A parameter's value as one line: numbers and strings bare, lists joined.
fn json_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => "—".to_owned(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items
            .iter()
            .map(|v| match v {
                serde_json::Value::Array(_) => format!("({})", json_text(v)),
                v => json_text(v),
            })
            .collect::<Vec<_>>()
            .join(", "),
        serde_json::Value::Object(map) => map
            .iter()
            .map(|(k, v)| format!("{k} = {}", json_text(v)))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// Every sheet of results.xlsx, in order.
pub(crate) fn workbook(results: &Results, lang: Lang) -> Vec<Sheet> {
    let mut sheets = vec![
        ranking(results, lang),
        groups(results, lang),
        pairs(results, lang),
        diagnosis(results, lang),
        criteria(results, lang),
    ];
    if !results.network.mentees.is_empty() {
        sheets.push(crate::network::sheet(results, lang));
    }
    if !results.scorecards.is_empty() {
        sheets.push(crate::scorecard::sheet(results, lang));
    }
    sheets.extend([quality(results, lang), parameters(results, lang)]);
    sheets
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(value: serde_json::Value, expected: &str) {
        assert_eq!(json_text(&value), expected);
    }

    #[test]
    fn parameter_values_are_one_line_each() {
        check(serde_json::json!(null), "—");
        check(serde_json::json!("adjusted"), "adjusted");
        check(serde_json::json!(0.25), "0.25");
        check(serde_json::json!([2024, 2025]), "2024, 2025");
        check(
            serde_json::json!([["23350016", "23350008"]]),
            "(23350016, 23350008)",
        );
        check(
            serde_json::json!({"ege_index": 1.0, "oge_index": 0.5}),
            "ege_index = 1.0, oge_index = 0.5",
        );
    }
}
