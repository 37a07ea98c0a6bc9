//! Outcomes year by year: the years of results used (the window), per-year
//! tallies that pool into the window's values, and trends.

use model::District;

use crate::{FeatureError, Tally, Years};

/// The years of results the outcomes use, ascending; a result of another year is left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Window {
    years: Vec<u16>,
}

impl Window {
    /// The years of `years` among those with exam results (a per-student row,
    /// or a summary with participants): the latest `n`, or the listed ones,
    /// each of which must have results.
    pub(crate) fn choose(district: &District, years: &Years) -> Result<Window, FeatureError> {
        let mut present: Vec<u16> = district.exams.iter().map(|r| r.year).collect();
        present.extend(
            district
                .exam_summaries
                .iter()
                .filter(|s| s.participants > 0)
                .map(|s| s.year),
        );
        present.sort_unstable();
        present.dedup();
        let years = match years {
            Years::Latest(n) => present[present.len().saturating_sub(*n)..].to_vec(),
            Years::Listed(listed) => {
                if let Some(&missing) = listed.iter().find(|y| !present.contains(y)) {
                    return Err(FeatureError::YearWithoutResults {
                        year: missing,
                        present,
                    });
                }
                listed.clone()
            }
        };
        Ok(Window { years })
    }

    /// A window of the given years (ascending), whether they have results or not.
    pub(crate) fn of(years: Vec<u16>) -> Window {
        Window { years }
    }

    pub(crate) fn years(&self) -> &[u16] {
        &self.years
    }

    /// The slot of a year in the window, if it is one of its years.
    pub(crate) fn slot(&self, year: u16) -> Option<usize> {
        self.years.binary_search(&year).ok()
    }

    pub(crate) fn len(&self) -> usize {
        self.years.len()
    }
}

/// One outcome's tallies, per slot of the window and per school.
#[derive(Debug, Clone)]
pub(crate) struct Yearly {
    /// `[slot][school]`.
    per_year: Vec<Vec<Tally>>,
    schools: usize,
}

impl Yearly {
    pub(crate) fn new(window: &Window, schools: usize) -> Self {
        Yearly {
            per_year: vec![vec![Tally::default(); schools]; window.len()],
            schools,
        }
    }

    pub(crate) fn add(&mut self, slot: usize, school: usize, n: f64, sum: f64) {
        self.per_year[slot][school].add(n, sum);
    }

    /// Each school's tally over the whole window.
    pub(crate) fn pooled_tallies(&self) -> Vec<Tally> {
        let mut all = vec![Tally::default(); self.schools];
        for year in &self.per_year {
            for (a, t) in all.iter_mut().zip(year) {
                a.add(t.n, t.sum);
            }
        }
        all
    }

    /// Each school's tallies in one slot.
    pub(crate) fn year_tallies(&self, slot: usize) -> &[Tally] {
        &self.per_year[slot]
    }

    /// Each school's value over the whole window.
    pub(crate) fn pooled(&self) -> Vec<Option<f64>> {
        self.pooled_tallies().iter().map(|t| t.mean()).collect()
    }

    /// Each school's value in one slot.
    pub(crate) fn year(&self, slot: usize) -> Vec<Option<f64>> {
        self.per_year[slot].iter().map(|t| t.mean()).collect()
    }
}

/// The least-squares slope of `values` over `years` (change per year), from
/// the years that have a value; `None` with fewer than two.
pub fn trend(years: &[u16], values: &[Option<f64>]) -> Option<f64> {
    let points: Vec<(f64, f64)> = years
        .iter()
        .zip(values)
        .filter_map(|(&y, v)| Some((f64::from(y), (*v)?)))
        .collect();
    if points.len() < 2 {
        return None;
    }
    let n = points.len() as f64;
    let mx = points.iter().map(|p| p.0).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    Some(sxy / sxx)
}

/// The [`trend`] of each of `rows` rows of `values` (`[year][row]`).
pub(crate) fn trends(years: &[u16], values: &[Vec<Option<f64>>], rows: usize) -> Vec<Option<f64>> {
    (0..rows)
        .map(|r| {
            let row: Vec<Option<f64>> = values.iter().map(|y| y[r]).collect();
            trend(years, &row)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trend_is_the_least_squares_slope_of_the_years_with_values() {
        // 2023: 1, 2024: missing, 2025: 5 → slope 2 per year.
        assert_eq!(
            trend(&[2023, 2024, 2025], &[Some(1.0), None, Some(5.0)]),
            Some(2.0)
        );
        // 1, 2, 6 over three years: slope = ((−1)(−2) + 0 + (1)(3)) / 2 = 2.5.
        assert_eq!(
            trend(&[2023, 2024, 2025], &[Some(1.0), Some(2.0), Some(6.0)]),
            Some(2.5)
        );
        assert_eq!(trend(&[2024, 2025], &[None, Some(3.0)]), None);
    }
}
