//! The extra indicator tables named in the config (`[[extra]]`), keyed by school id.

use super::*;

/// Reads one extra indicator table of the config. Rows about schools outside
/// the schools table are counted and reported in one warning: a regional
/// table holds every district's schools.
pub(super) fn read_extra(
    extra: &ExtraTable,
    ids: &SchoolIndex,
    options: &ReadOptions,
    district: &mut District,
    fatal: &mut Vec<Problem>,
    bad_rows: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
) {
    let name = file_label(&extra.path);
    let source = Source {
        table: TableKind::Extra,
        path: &extra.path,
        name: name.clone(),
        spec: Cow::Owned(columns_of(extra)),
        folder_year: None,
    };
    let Some(mut table) = source.open(&ExtraAliases::default(), options, district, fatal) else {
        return;
    };
    let first_indicator = district.extra_indicators.len();
    for ind in &extra.indicators {
        district.extra_indicators.push(ExtraIndicator {
            code: ind.code.clone(),
            name: ind.name.clone(),
            role: ind.role,
            file: name.clone(),
            share: ind.per.is_some(),
        });
    }
    let mut outside = Vec::new();
    // Rows without a school id: the subtotal and total rows of real exports.
    let mut without_id = Vec::new();
    let mut rejected = 0;
    let mut first_row: HashMap<(SchoolIx, Option<u16>), usize> = HashMap::default();
    let mut values = Vec::new();
    let mut cover = Coverage::new(ids.len());
    table.each_block(fatal, |t| {
        for i in 0..t.raw.height() {
            let mut r = Row::new(t, i, bad_rows);
            let Some(id) = r.optional_text("school_id") else {
                without_id.push(t.raw.row_number(i));
                continue;
            };
            if ids.get(&id).is_none() && !ids.rejected.contains_key(&id) {
                outside.push(id);
                continue;
            }
            let school = r.school(ids);
            let year = if extra.year.is_some() { r.year() } else { None };
            if let Some(school) = school {
                let row = t.raw.row_number(i);
                if let Some(&first) = first_row.get(&(school, year)) {
                    r.fail(
                        "school_id",
                        ProblemKind::DuplicateSchool { first_row: first },
                    );
                } else {
                    first_row.insert((school, year), row);
                }
            }
            let mut row_values = Vec::new();
            for (k, ind) in extra.indicators.iter().enumerate() {
                let value = indicator_value(&mut r, ind);
                row_values.extend(value.map(|v| (first_indicator + k, v)));
            }
            rejected += usize::from(!r.ok);
            if let (true, Some(school)) = (r.ok, school) {
                values.extend(row_values.into_iter().map(|(indicator, value)| ExtraValue {
                    school,
                    year,
                    indicator,
                    value,
                }));
            }
        }
    });
    values.iter().for_each(|v| cover.add(v.school, v.year));
    district.extra_values.extend(values);
    if !outside.is_empty() {
        warnings.push(Problem::new(
            &name,
            ProblemKind::OutsideDistrict {
                rows: outside.len(),
                examples: outside.iter().take(3).cloned().collect(),
            },
        ));
    }
    if let Some(&first_row) = without_id.first() {
        warnings.push(Problem::new(
            &name,
            ProblemKind::RowsWithoutId {
                rows: without_id.len(),
                first_row,
            },
        ));
    }
    let not_used = outside.len() + without_id.len();
    table.account(district, rejected + not_used, cover);
}

/// The columns of an extra table: the school id, the year if configured, then each value
/// column once.
fn columns_of(extra: &ExtraTable) -> Vec<ColumnSpec> {
    let mut columns = vec![ColumnSpec {
        canonical: Cow::Borrowed("school_id"),
        ..ColumnSpec::named(&extra.school_id, true)
    }];
    if let Some(year) = &extra.year {
        columns.push(ColumnSpec {
            canonical: Cow::Borrowed("year"),
            ..ColumnSpec::named(year, true)
        });
    }
    for header in extra
        .indicators
        .iter()
        .flat_map(|i| std::iter::once(&i.column).chain(i.per.as_ref()))
    {
        if !columns.iter().any(|c| c.ru == *header) {
            columns.push(ColumnSpec::named(header, true));
        }
    }
    columns
}

/// The largest magnitude an extra table's value may have: far beyond any count, share, score or
/// sum of money a district reports, and far enough from `f64::MAX` that the indicators' scaling
/// cannot overflow (two values near it made the run fail with exit 70).
const EXTRA_LIMIT: f64 = 1e15;

/// One indicator's value in a row: the cell, or with `per` the share in percent of two counts
/// (a share of nobody is missing, not zero).
fn indicator_value(r: &mut Row<'_>, ind: &crate::ExtraColumn) -> Option<f64> {
    let Some(per) = &ind.per else {
        return r.optional_number(&ind.column, Some((-EXTRA_LIMIT, EXTRA_LIMIT)));
    };
    let count = r.optional_number(&ind.column, Some((0.0, EXTRA_LIMIT)));
    let total = r.optional_number(per, Some((0.0, EXTRA_LIMIT)));
    match (count, total) {
        (Some(c), Some(n)) if c > n => {
            r.fail(
                &ind.column,
                ProblemKind::ExceedsTotal {
                    total_column: per.clone(),
                    total: n as u32,
                },
            );
            None
        }
        (Some(c), Some(n)) if n > 0.0 => Some(100.0 * c / n),
        _ => None,
    }
}
