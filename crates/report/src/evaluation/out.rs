//! Stage 5's tables laid out once (`sheets`) and written three ways: evaluation.csv (the
//! supported schools), evaluation.xlsx (every table, a sheet each) and report.html (the
//! verdict, the tables and the charts); evaluation.json last, listing the others.

use std::fmt::Write as _;
use std::path::Path;

use model::Lang;

use super::doc::{EstimateDoc, EvaluationDoc, YearValueDoc};
use super::text::estimate_text;
use crate::csv::CsvDialect;
use crate::html::{esc, table, STYLE};
use crate::sheet::{Cell, Sheet, Tone};
use crate::write::{write_file, OutputDoc, WrittenFile};
use crate::ReportError;

pub(super) fn bool_cell(flag: Option<bool>, lang: Lang) -> Cell {
    Cell::text(match flag {
        Some(true) => lang.pick("да", "yes"),
        Some(false) => lang.pick("нет", "no"),
        None => "",
    })
}

/// Three cells: an estimate and its interval, toned by what the interval says.
pub(super) fn estimate_cells(e: Option<EstimateDoc>) -> [Cell; 3] {
    let tone = e.and_then(|e| match (e.low > 0.0, e.high < 0.0) {
        (true, _) => Some(Tone::Base),
        (_, true) => Some(Tone::Low),
        _ => None,
    });
    [
        Cell::num(e.map(|e| e.value), 3).toned(tone),
        Cell::num(e.map(|e| e.low), 3),
        Cell::num(e.map(|e| e.high), 3),
    ]
}

pub(super) fn estimate_headers(lang: Lang) -> [&'static str; 3] {
    [
        lang.pick("Эффект", "Effect"),
        lang.pick("Эффект: от (95%)", "Effect: from (95%)"),
        lang.pick("Эффект: до (95%)", "Effect: to (95%)"),
    ]
}

/// Values by year, joined: `2024: 0,12; 2025: 0,30`.
pub(super) fn by_year(values: &[YearValueDoc], lang: Lang) -> String {
    (values.iter())
        .filter_map(|v| {
            let x = v.value?;
            Some(format!("{}: {}", v.year, crate::text::decimal(x, 2, lang)))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Every supported school of the history (evaluation.csv).
pub(crate) fn schools_sheet(doc: &EvaluationDoc, lang: Lang) -> Sheet {
    let mut headers = vec![
        lang.pick("Код школы", "School id"),
        lang.pick("Школа", "School"),
        lang.pick("Поддержка с (август)", "Supported from (August)"),
        lang.pick("Базовые школы", "Base schools"),
        lang.pick("Группа", "Group"),
        lang.pick("Оценена", "Evaluated"),
        lang.pick("Почему не оценена", "Why not evaluated"),
        lang.pick("Лет после начала", "Years on"),
        lang.pick("Изменение", "Change"),
        lang.pick(
            "Изменение сопоставимых школ",
            "Change of comparable schools",
        ),
    ];
    headers.extend(estimate_headers(lang));
    headers.extend([
        lang.pick("Вышла из списка низких", "Left the low list"),
        lang.pick("Вне списка 2 из 3 лет", "Out of the list 2 of 3 years"),
        lang.pick("Рост сверх шума", "Rose beyond noise"),
        lang.pick("Устойчиво положительные результаты", "Stably positive"),
        lang.pick("Сравниваемый результат по годам", "Compared result by year"),
        lang.pick(
            "Ближайшие школы для сравнения",
            "Nearest comparison schools",
        ),
    ]);
    let mut sheet = Sheet::new(
        lang.pick("Поддержанные школы", "Supported schools"),
        &headers,
    );
    for s in &doc.schools {
        let mut row = vec![
            Cell::text(&s.school_id),
            Cell::text(s.name.clone().unwrap_or_default()),
            Cell::int(Some(usize::from(s.supported_from))),
            Cell::text(s.base_school_ids.join(", ")),
            Cell::int(s.peer_group),
            bool_cell(Some(s.evaluated), lang),
            Cell::text(s.reason_text.clone().unwrap_or_default()),
            Cell::int(s.years_after.map(usize::from)),
            Cell::num(s.change, 3),
            Cell::num(s.expected_change, 3),
        ];
        row.extend(estimate_cells(s.effect));
        row.extend([
            bool_cell(s.left_low_list, lang),
            bool_cell(s.stayed_out, lang),
            bool_cell(s.rose_beyond_noise, lang),
            bool_cell(s.stably_positive, lang),
            Cell::text(by_year(&s.compared_by_year, lang)),
            Cell::text(s.nearest_comparisons.join(", ")),
        ]);
        sheet.push(row);
    }
    sheet
}

/// The district's effect by years after, with the naive figure beside it.
fn district_sheet(doc: &EvaluationDoc, lang: Lang) -> Sheet {
    let mut headers = vec![
        lang.pick("Лет после начала", "Years on"),
        lang.pick("Поддержанных школ", "Supported schools"),
        lang.pick("Школ для сравнения", "Comparison schools"),
    ];
    headers.extend(estimate_headers(lang));
    headers.extend([
        lang.pick("«До и после» (наивно)", "Before/after (naive)"),
        lang.pick("«До и после»: от", "Before/after: from"),
        lang.pick("«До и после»: до", "Before/after: to"),
        lang.pick("Почему нет оценки", "Why no estimate"),
    ]);
    let mut sheet = Sheet::new(lang.pick("Район", "District"), &headers);
    for d in &doc.district {
        let mut row = vec![
            Cell::int(Some(usize::from(d.years_after))),
            Cell::int(Some(d.supported)),
            Cell::int(Some(d.comparisons)),
        ];
        row.extend(estimate_cells(d.effect));
        row.extend([
            Cell::num(d.naive.map(|e| e.value), 3),
            Cell::num(d.naive.map(|e| e.low), 3),
            Cell::num(d.naive.map(|e| e.high), 3),
            Cell::text(d.reason.clone().unwrap_or_default()),
        ]);
        sheet.push(row);
    }
    sheet
}

/// Every pair, with what became of its base school.
fn pairs_sheet(doc: &EvaluationDoc, lang: Lang) -> Sheet {
    let mut headers = vec![
        lang.pick("Август", "August"),
        lang.pick("Школа с низкими результатами", "Low-result school"),
        lang.pick("Базовая школа", "Base school"),
    ];
    headers.extend(estimate_headers(lang));
    headers.extend([
        lang.pick("Изменение базовой школы", "Base school's change"),
        lang.pick(
            "Базовая школа снизилась сверх шума",
            "Base school fell beyond noise",
        ),
        lang.pick(
            "Результат базовой школы по годам",
            "Base school's result by year",
        ),
    ]);
    let mut sheet = Sheet::new(lang.pick("Пары", "Pairs"), &headers);
    for p in &doc.pairs {
        let mut row = vec![
            Cell::int(Some(usize::from(p.august))),
            Cell::text(&p.low_school_id),
            Cell::text(&p.base_school_id),
        ];
        row.extend(estimate_cells(p.effect));
        row.extend([
            Cell::num(p.base_change, 3),
            bool_cell(p.base_fell_beyond_noise, lang)
                .toned((p.base_fell_beyond_noise == Some(true)).then_some(Tone::Low)),
            Cell::text(by_year(&p.base_compared_by_year, lang)),
        ]);
        sheet.push(row);
    }
    sheet
}

/// Base schools and groups: each set of supported schools together.
fn sets_sheet(doc: &EvaluationDoc, lang: Lang) -> Sheet {
    let mut headers = vec![
        lang.pick("Что", "What"),
        lang.pick("Код", "Id"),
        lang.pick("Поддержанных школ", "Supported schools"),
    ];
    headers.extend(estimate_headers(lang));
    let mut sheet = Sheet::new(
        lang.pick("Базовые школы и группы", "Bases and groups"),
        &headers,
    );
    let mut push = |what: &str, id: String, n: usize, e: Option<EstimateDoc>| {
        let mut row = vec![Cell::text(what), Cell::text(id), Cell::int(Some(n))];
        row.extend(estimate_cells(e));
        sheet.push(row);
    };
    for b in &doc.bases {
        push(
            lang.pick("базовая школа", "base school"),
            b.base_school_id.clone(),
            b.partners,
            b.effect,
        );
    }
    for g in &doc.groups {
        push(
            lang.pick("группа", "group"),
            g.peer_group.to_string(),
            g.supported,
            g.effect,
        );
    }
    sheet
}

/// The district's own results on each exam year by year.
fn results_sheet(doc: &EvaluationDoc, lang: Lang) -> Sheet {
    let headers = [
        lang.pick("Экзамен", "Exam"),
        lang.pick("Год", "Year"),
        lang.pick("Средний балл района", "District mean score"),
        lang.pick("Результатов", "Results"),
    ];
    let mut sheet = Sheet::new(lang.pick("Результаты района", "District results"), &headers);
    for r in &doc.district_results {
        let exam = match r.exam {
            "ege" => lang.pick("ЕГЭ", "EGE"),
            "oge" => lang.pick("ОГЭ", "OGE"),
            _ => lang.pick("ВПР", "VPR"),
        };
        sheet.push(vec![
            Cell::text(exam),
            Cell::int(Some(usize::from(r.year))),
            Cell::num(Some(r.mean_score), 2),
            Cell::int(usize::try_from(r.results).ok()),
        ]);
    }
    sheet
}

/// Every table of the evaluation, in the workbook's order.
fn sheets(doc: &EvaluationDoc, lang: Lang) -> Vec<Sheet> {
    let mut sheets = vec![
        district_sheet(doc, lang),
        schools_sheet(doc, lang),
        pairs_sheet(doc, lang),
        sets_sheet(doc, lang),
        results_sheet(doc, lang),
    ];
    if !doc.activity.clusters.is_empty() {
        sheets.push(super::activity::sheet(&doc.activity, lang));
    }
    sheets
}

/// report.html of the evaluation: the verdict, the charts and every table.
fn page(doc: &EvaluationDoc, lang: Lang) -> Result<String, String> {
    let title = lang.pick(
        "Оценка программы: помогли ли пары",
        "Programme evaluation: did the pairs help",
    );
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body><h1>{}</h1>",
        lang.pick("ru", "en"),
        esc(title),
        esc(title)
    );
    let _ = write!(
        h,
        "<p class=\"summary\" id=\"verdict\">{}</p>",
        esc(&doc.verdict.text)
    );
    let _ = write!(
        h,
        "<p>{}</p>",
        esc(lang.pick(
            "Эффект — разность разностей: результат поддержанной школы в году оценки минус то, чего она достигла бы сама, — там, где её истинный уровень по всем результатам до начала пары (с учётом шума малых выпусков и колебаний от года к году: школа, попавшая в список из-за одного неудачного года, и без помощи поднимется), плюс изменение школ без поддержки за то же время. Интервалы — бутстрэп по школам.",
            "The effect is a difference in differences: a supported school's result in the year judged less what it would have reached on its own — where all its results up to its pair's August say it truly stands (given the noise of small cohorts and of years: a school on the list because of one bad year rises without help), plus the change schools without support made over the same years. Intervals: a bootstrap over schools.",
        ))
    );
    for (id, heading, svg) in [
        (
            "trajectories",
            lang.pick(
                "Поддержанные и сопоставимые школы",
                "Supported and comparable schools",
            ),
            crate::chart::evaluation::trajectories(doc, lang)?,
        ),
        (
            "forest",
            lang.pick("Эффект по школам", "The effect by school"),
            crate::chart::evaluation::forest(doc, lang)?,
        ),
    ] {
        let _ = write!(
            h,
            "<h2 id=\"{id}\">{}</h2><figure>{svg}</figure>",
            esc(heading)
        );
    }
    if !doc.activity.clusters.is_empty() {
        let _ = write!(
            h,
            "<h2 id=\"activity\">{}</h2><p>{}</p>",
            esc(lang.pick(
                "Активность кластеров и эффект",
                "Clusters' activity and effect"
            )),
            esc(&super::activity::summary(&doc.activity, lang))
        );
        if doc.activity.compared > 0 {
            let svg = crate::chart::evaluation::activity(doc, lang)?;
            let _ = write!(h, "<figure>{svg}</figure>");
        }
    }
    let evaluated = doc.schools.iter().filter(|s| s.effect.is_some()).count();
    if evaluated > crate::chart::evaluation::FOREST_ROWS {
        let _ = write!(
            h,
            "<p>{}</p>",
            esc(&match lang {
                Lang::Ru => format!("На диаграмме — {} школ с наименьшим эффектом из {evaluated}; все — в evaluation.csv.", crate::chart::evaluation::FOREST_ROWS),
                Lang::En => format!("The chart shows the {} schools of lowest effect of {evaluated}; all are in evaluation.csv.", crate::chart::evaluation::FOREST_ROWS),
            })
        );
    }
    for sheet in sheets(doc, lang) {
        let all: Vec<usize> = (0..sheet.headers.len()).collect();
        let _ = write!(
            h,
            "<h2>{}</h2>{}",
            esc(&sheet.name),
            table(&sheet, &all, lang)
        );
    }
    if let Some(e) = doc.verdict.effect {
        let _ = write!(h, "<p>{}</p>", esc(&estimate_text(&e, lang)));
    }
    h.push_str("</body></html>\n");
    Ok(h)
}

/// Writes evaluation.csv, evaluation.xlsx, report.html and, last, evaluation.json listing
/// them into `folder`; returns the files written, evaluation.json first.
pub fn write_evaluation(
    folder: &Path,
    doc: &mut EvaluationDoc,
    lang: Lang,
    dialect: CsvDialect,
) -> Result<Vec<WrittenFile>, ReportError> {
    let mut written = vec![write_file(
        &folder.join("evaluation.csv"),
        &schools_sheet(doc, lang).to_csv(dialect),
    )?];
    written.push(crate::write_sheets(
        &folder.join("evaluation.xlsx"),
        &sheets(doc, lang),
    )?);
    let html_path = folder.join("report.html");
    let html = page(doc, lang).map_err(|detail| ReportError::Chart {
        path: html_path.clone(),
        detail,
    })?;
    written.push(write_file(&html_path, html.as_bytes())?);
    doc.manifest.outputs = (written.iter())
        .map(|f| OutputDoc {
            file: f
                .path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            bytes: f.bytes,
            sha256: f.sha256.clone(),
            school_id: None,
        })
        .collect();
    let mut json = serde_json::to_vec_pretty(doc)?;
    json.push(b'\n');
    let mut files = vec![write_file(&folder.join("evaluation.json"), &json)?];
    files.extend(written);
    Ok(files)
}
