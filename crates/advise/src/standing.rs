//! Each school's standing in its group: rank, percentile, gaps to the median and top quarter,
//! and the low, stably low, sliding and base statuses.

use crate::params::ValidAdviseParams;
use crate::{Schools, YearScore, INTERVAL_Z};

/// A school's standing in its group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// At the bottom of its group and well below the group median.
    Low,
    /// At the top of its group, above its median and the district's: can support a low school.
    Base,
    /// Neither low nor base.
    Regular,
    /// Low in the chosen grouping but not in enough of the alternatives an analyst could
    /// reasonably have chosen: on the border, to be checked before acting.
    Borderline,
}

impl Status {
    /// The status's code, as results.json writes it.
    pub fn code(self) -> &'static str {
        match self {
            Status::Low => "low",
            Status::Base => "base",
            Status::Regular => "regular",
            Status::Borderline => "borderline",
        }
    }
}

/// Why a school got its status or marks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reason {
    /// Within the bottom share of the group: `rank` of `size`.
    BottomOfGroup {
        /// The school's rank in its group.
        rank: usize,
        /// Schools in the group.
        size: usize,
    },
    /// Below the group median by `gap` (> threshold), the interval's top
    /// `margin` below it too.
    BelowMedian {
        /// How far below the median.
        gap: f64,
        /// The low gap's threshold.
        threshold: f64,
        /// How far the interval's top is below the median.
        margin: f64,
    },
    /// The yearly test held in `years` of the last `window` years with results.
    StablyLow {
        /// Years in which the test held.
        years: usize,
        /// Years with results in the window.
        window: usize,
    },
    /// Low on the years pooled, but the yearly test held in only `years` of `window`.
    NotStable {
        /// Years in which the test held.
        years: usize,
        /// Years with results in the window.
        window: usize,
    },
    /// Within the top share of the group.
    TopOfGroup {
        /// The school's rank in its group.
        rank: usize,
        /// Schools in the group.
        size: usize,
    },
    /// Above the group median by `gap`.
    AboveMedian {
        /// How far above, in the composite's units.
        gap: f64,
    },
    /// The composite is above the district median by `gap` (the absolute floor of a base school).
    AboveDistrictMedian {
        /// How far above, in the composite's units.
        gap: f64,
    },
    /// The group has fewer schools than needed to flag any of them.
    GroupTooSmall {
        /// Schools in the group.
        size: usize,
        /// The smallest group in which schools are flagged.
        min: usize,
    },
    /// Low in the chosen grouping, but in only `low_in` of the `of` alternatives (the chosen
    /// grouping among them): borderline.
    NotRobust {
        /// Alternatives in which the school is low.
        low_in: usize,
        /// Alternatives held against.
        of: usize,
    },
    /// Signs that the school's ВПР results are not objective (see [`Standing::doubts`]): its
    /// standing is in doubt, and it is not a base school.
    ResultsInDoubt,
    /// The composite falls by `rate` a year (± `margin`), and the latest year is below the group median.
    Sliding {
        /// The composite's yearly change (negative: falling).
        rate: f64,
        /// The 95% margin of the rate.
        margin: f64,
    },
}

/// A school's fall over the years: the least-squares slope and its 95% margin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slide {
    /// The composite's yearly change (negative: falling).
    pub rate: f64,
    /// The 95% margin of the rate.
    pub margin: f64,
}

/// A group's compared values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroupStats {
    /// Schools in the group.
    pub size: usize,
    /// The median of the compared values.
    pub median: f64,
    /// The upper quartile (the top quarter starts here).
    pub upper_quartile: f64,
}

/// A school's place in its peer group.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    /// The school's group.
    pub group: usize,
    /// Schools in the group.
    pub group_size: usize,
    /// 1 = best; tied schools share the better rank.
    pub rank: usize,
    /// Share of the rest of the group below the school (ties count half), 0–100.
    pub percentile: f64,
    /// The value compared within the group: the score less what the school's
    /// conditions lead one to expect, or the score itself (`adjust` off).
    pub compared: f64,
    /// 95% interval of `compared`.
    pub interval: (f64, f64),
    /// `compared` minus the group median; negative is below.
    pub gap_to_median: f64,
    /// `compared` minus the group's upper quartile; negative is below the top quarter.
    pub gap_to_top_quarter: f64,
    /// Low, base or regular.
    pub status: Status,
    /// A low school whose yearly test held in enough of the last years.
    pub stably_low: bool,
    /// Per year slot: whether the yearly test held (`None`: no result that year).
    pub low_years: Vec<Option<bool>>,
    /// A school that is not low but falls year by year, already below its group's median.
    pub sliding: Option<Slide>,
    /// Why, in order.
    pub reasons: Vec<Reason>,
    /// The share of the alternatives (the chosen grouping among them) in which the school is
    /// low; `None` where the low list was not held against alternatives.
    pub robustness: Option<f64>,
    /// Signs that the school's ВПР results are not objective (the objectivity screen); empty:
    /// none, or not screened.
    pub doubts: Vec<crate::Doubt>,
}

/// The value at quantile `q` of sorted values (linear between order statistics).
pub(crate) fn quantile(sorted: &[f64], q: f64) -> f64 {
    match sorted.len() {
        0 => 0.0,
        n => {
            let h = (n - 1) as f64 * q;
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
        }
    }
}

pub(crate) fn sorted(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    v
}

/// How many places of a group of `size` count as its bottom (or top): at least one.
fn band(size: usize, share: f64) -> usize {
    ((size as f64 * share).ceil() as usize).max(1)
}

/// The rows of each group number.
pub(crate) fn members(groups: &[usize]) -> Vec<Vec<usize>> {
    let k = groups.iter().max().map_or(0, |m| m + 1);
    let mut out = vec![Vec::new(); k];
    for (i, &g) in groups.iter().enumerate() {
        out[g].push(i);
    }
    out
}

/// The low test on one set of values: within the bottom band of its group,
/// below the group median by more than the threshold, and the top of its
/// interval (`value + half`) below the median too.
pub(crate) struct LowTest<'a> {
    pub(crate) params: &'a ValidAdviseParams,
}

/// One row's place among the group's values.
pub(crate) struct Place {
    pub(crate) higher: usize,
    pub(crate) lower: usize,
    pub(crate) ties: usize,
    pub(crate) size: usize,
    pub(crate) median: f64,
}

impl LowTest<'_> {
    pub(crate) fn holds(&self, value: f64, half: f64, place: &Place) -> bool {
        place.size >= self.params.min_group_size()
            && place.lower < band(place.size, self.params.bottom_share())
            && value - place.median < -self.params.low_gap()
            && value + half < place.median
    }
}

/// A series of values (`None` where a row has none) sorted within each group
/// once, to place each row among its group.
struct Ranked<'a> {
    values: &'a [Option<f64>],
    groups: &'a [usize],
    /// Per group number, its values ascending.
    sorted: Vec<Vec<f64>>,
}

impl<'a> Ranked<'a> {
    fn new(values: &'a [Option<f64>], groups: &'a [usize], members: &[Vec<usize>]) -> Self {
        let sorted = members
            .iter()
            .map(|rows| sorted(rows.iter().filter_map(|&j| values[j]).collect()))
            .collect();
        Ranked {
            values,
            groups,
            sorted,
        }
    }

    /// Where row `i`'s value stands among its group's; `None` where it has none.
    fn place(&self, i: usize) -> Option<Place> {
        let v = self.values[i]?;
        let group = &self.sorted[self.groups[i]];
        let lower = group.partition_point(|&x| x < v);
        let up_to = group.partition_point(|&x| x <= v);
        Some(Place {
            higher: group.len() - up_to,
            lower,
            ties: up_to - lower - 1,
            size: group.len(),
            median: quantile(group, 0.5),
        })
    }
}

/// The variance of a school's yearly composites around its mean beyond what
/// the number of its takers explains, pooled over the district (by moments,
/// at least 0): schools' results wobble from year to year, and a slope must
/// stand out from that wobble, not only from the sampling noise.
fn year_wobble(years: &[Vec<Option<YearScore>>], n: usize) -> f64 {
    let mut excess = Vec::new();
    for i in 0..n {
        let own: Vec<YearScore> = years.iter().filter_map(|y| y[i]).collect();
        if own.len() < 2 {
            continue;
        }
        let k = own.len() as f64;
        let m = own.iter().map(|y| y.score).sum::<f64>() / k;
        let spread = own.iter().map(|y| (y.score - m).powi(2)).sum::<f64>() / (k - 1.0);
        let noise = own.iter().map(|y| y.sd.powi(2)).sum::<f64>() / k;
        excess.push(spread - noise);
    }
    if excess.is_empty() {
        0.0
    } else {
        (excess.iter().sum::<f64>() / excess.len() as f64).max(0.0)
    }
}

/// The least-squares slope of the values over the slots and its 95% margin
/// from their standard deviations and the district's year-to-year wobble;
/// `None` with fewer than three years.
fn slope(values: &[(f64, YearScore)], wobble: f64) -> Option<Slide> {
    if values.len() < 3 {
        return None;
    }
    let n = values.len() as f64;
    let tm = values.iter().map(|(t, _)| t).sum::<f64>() / n;
    let ym = values.iter().map(|(_, y)| y.score).sum::<f64>() / n;
    let sxx: f64 = values.iter().map(|(t, _)| (t - tm).powi(2)).sum();
    let sxy: f64 = values.iter().map(|(t, y)| (t - tm) * (y.score - ym)).sum();
    let var: f64 = values
        .iter()
        .map(|(t, y)| (t - tm).powi(2) * (y.sd.powi(2) + wobble))
        .sum::<f64>()
        / sxx.powi(2);
    Some(Slide {
        rate: sxy / sxx,
        margin: INTERVAL_Z * var.sqrt(),
    })
}

/// What row `i`'s score is shifted by to be compared: its expectation, when adjusted.
pub(crate) fn shift(schools: &Schools, params: &ValidAdviseParams, i: usize) -> f64 {
    if params.adjust() {
        schools.expected[i]
    } else {
        0.0
    }
}

/// Ranks every row within its group on the compared value and sets its
/// status and marks. Returns the standings and each group number's statistics.
pub fn stand(schools: &Schools, params: &ValidAdviseParams) -> (Vec<Standing>, Vec<GroupStats>) {
    stand_in(schools, &schools.groups, params)
}

/// [`stand`] with the rows grouped by `groups` instead of `schools.groups` (an alternative
/// grouping).
pub(crate) fn stand_in(
    schools: &Schools,
    groups: &[usize],
    params: &ValidAdviseParams,
) -> (Vec<Standing>, Vec<GroupStats>) {
    let n = schools.len();
    let shift = |i: usize| shift(schools, params, i);
    let compared: Vec<Option<f64>> = (0..n).map(|i| Some(schools.scores[i] - shift(i))).collect();
    let year_values: Vec<Vec<Option<f64>>> = schools
        .years
        .iter()
        .map(|year| {
            (0..n)
                .map(|i| year[i].map(|y| y.score - shift(i)))
                .collect()
        })
        .collect();
    let members = members(groups);
    let s = Stander::new((schools, groups), params, &compared, &year_values, &members);
    let standings = (0..n).map(|i| s.standing(i)).collect();
    (standings, s.stats)
}

/// What a school's standing is read from: its group's pooled ranking, each year's ranking
/// and yearly low test, the district's median and year-to-year wobble.
struct Stander<'a> {
    schools: &'a Schools,
    /// The group of each row (the chosen grouping's, or an alternative's).
    groups: &'a [usize],
    params: &'a ValidAdviseParams,
    pooled: Ranked<'a>,
    stats: Vec<GroupStats>,
    district_median: f64,
    wobble: f64,
    /// The first year of the window the stability test looks at.
    window_start: usize,
    year_ranked: Vec<Ranked<'a>>,
    /// Per year and school, whether the yearly low test held (`None`: no result that year).
    yearly: Vec<Vec<Option<bool>>>,
}

impl<'a> Stander<'a> {
    /// `compared` and `year_values`: what each school is compared on, pooled and each year.
    fn new(
        (schools, groups): (&'a Schools, &'a [usize]),
        params: &'a ValidAdviseParams,
        compared: &'a [Option<f64>],
        year_values: &'a [Vec<Option<f64>>],
        members: &[Vec<usize>],
    ) -> Self {
        let n = schools.len();
        let pooled = Ranked::new(compared, groups, members);
        let stats: Vec<GroupStats> = pooled
            .sorted
            .iter()
            .map(|v| GroupStats {
                size: v.len(),
                median: quantile(v, 0.5),
                upper_quartile: quantile(v, 0.75),
            })
            .collect();
        let year_ranked: Vec<Ranked> = year_values
            .iter()
            .map(|values| Ranked::new(values, groups, members))
            .collect();
        let test = LowTest { params };
        let yearly = schools
            .years
            .iter()
            .zip(&year_ranked)
            .map(|(year, ranked)| {
                let held = |i: usize| {
                    let p = ranked.place(i)?;
                    let half = INTERVAL_Z * year[i].map_or(0.0, |y| y.sd);
                    ranked.values[i].map(|v| test.holds(v, half, &p))
                };
                (0..n).map(held).collect()
            })
            .collect();
        Stander {
            schools,
            groups,
            params,
            pooled,
            stats,
            district_median: quantile(&sorted(schools.scores.clone()), 0.5),
            wobble: year_wobble(&schools.years, n),
            window_start: schools.years.len().saturating_sub(params.stable_window()),
            year_ranked,
            yearly,
        }
    }

    /// What a school is compared on is shifted by (see [`shift`]).
    fn shift(&self, i: usize) -> f64 {
        shift(self.schools, self.params, i)
    }

    fn standing(&self, i: usize) -> Standing {
        let schools = self.schools;
        let g = self.groups[i];
        let value = schools.scores[i] - self.shift(i);
        let interval = (
            schools.intervals[i].0 - self.shift(i),
            schools.intervals[i].1 - self.shift(i),
        );
        let p = self.pooled.place(i).unwrap_or(Place {
            higher: 0,
            lower: 0,
            ties: 0,
            size: 1,
            median: value,
        });
        let size = p.size;
        let percentile = if size > 1 {
            100.0 * (p.lower as f64 + 0.5 * p.ties as f64) / (size - 1) as f64
        } else {
            50.0
        };
        let low_years: Vec<Option<bool>> = self.yearly.iter().map(|y| y[i]).collect();
        let mut reasons = Vec::new();
        let (status, stably_low) = self.status(i, value, interval, &p, &low_years, &mut reasons);
        let sliding = self.sliding(i, status);
        if let Some(s) = sliding {
            reasons.push(Reason::Sliding {
                rate: s.rate,
                margin: s.margin,
            });
        }
        Standing {
            group: g,
            group_size: size,
            rank: p.higher + 1,
            percentile,
            compared: value,
            interval,
            gap_to_median: value - p.median,
            gap_to_top_quarter: value - self.stats[g].upper_quartile,
            status,
            stably_low,
            low_years,
            sliding,
            reasons,
            robustness: None,
            doubts: Vec::new(),
        }
    }

    /// Low (and whether stably), base or regular, with the reasons.
    fn status(
        &self,
        i: usize,
        value: f64,
        interval: (f64, f64),
        p: &Place,
        low_years: &[Option<bool>],
        reasons: &mut Vec<Reason>,
    ) -> (Status, bool) {
        let (schools, params) = (self.schools, self.params);
        let (rank, size, gap) = (p.higher + 1, p.size, value - p.median);
        let recent = &low_years[self.window_start..];
        let held = recent.iter().filter(|y| **y == Some(true)).count();
        let window = recent.iter().filter(|y| y.is_some()).count();
        if size < params.min_group_size() {
            reasons.push(Reason::GroupTooSmall {
                size,
                min: params.min_group_size(),
            });
            (Status::Regular, false)
        } else if (LowTest { params }).holds(value, interval.1 - value, p) {
            reasons.push(Reason::BottomOfGroup { rank, size });
            reasons.push(Reason::BelowMedian {
                gap: -gap,
                threshold: params.low_gap(),
                margin: p.median - interval.1,
            });
            let stably_low = held >= params.stable_years();
            // With one year of results, stability cannot be judged: said once for the
            // district (report's notes), not for every school.
            if stably_low {
                reasons.push(Reason::StablyLow {
                    years: held,
                    window,
                });
            } else if recent.len() > 1 {
                reasons.push(Reason::NotStable {
                    years: held,
                    window,
                });
            }
            (Status::Low, stably_low)
        } else if p.higher < band(size, params.top_share())
            && gap > 0.0
            && schools.scores[i] > self.district_median
        {
            reasons.push(Reason::TopOfGroup { rank, size });
            reasons.push(Reason::AboveMedian { gap });
            reasons.push(Reason::AboveDistrictMedian {
                gap: schools.scores[i] - self.district_median,
            });
            (Status::Base, false)
        } else {
            (Status::Regular, false)
        }
    }

    /// Sliding: not low, falling beyond the rate and its margin, the latest year below the
    /// median.
    fn sliding(&self, i: usize, status: Status) -> Option<Slide> {
        let series: Vec<(f64, YearScore)> = self
            .schools
            .years
            .iter()
            .enumerate()
            .filter_map(|(t, y)| Some((t as f64, y[i]?)))
            .collect();
        let latest_below = self.year_ranked.last().and_then(|ranked| {
            let p = ranked.place(i)?;
            Some(ranked.values[i]? < p.median)
        });
        slope(&series, self.wobble).filter(|s| {
            status != Status::Low
                && s.rate <= -self.params.slide_rate()
                && s.rate + s.margin < 0.0
                && latest_below == Some(true)
        })
    }
}
