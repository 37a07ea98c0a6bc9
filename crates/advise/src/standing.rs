use crate::params::ValidAdviseParams;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// At the bottom of its group and well below the group median.
    Low,
    /// At the top of its group and above its median: can support a low school.
    Base,
    Regular,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Low => "low",
            Status::Base => "base",
            Status::Regular => "regular",
        }
    }
}

/// Why a school got its status.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reason {
    /// Within the bottom share of the group: `rank` of `size`.
    BottomOfGroup { rank: usize, size: usize },
    /// Below the group median by `gap` (> threshold).
    BelowMedian { gap: f64, threshold: f64 },
    /// Within the top share of the group.
    TopOfGroup { rank: usize, size: usize },
    /// Above the group median by `gap`.
    AboveMedian { gap: f64 },
}

/// A school's place in its peer group.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    pub group: usize,
    pub group_size: usize,
    /// 1 = best; tied schools share the better rank.
    pub rank: usize,
    /// Score minus the group median; negative is below.
    pub gap_to_median: f64,
    pub status: Status,
    pub reasons: Vec<Reason>,
}

fn median_of(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        0.0
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// How many places of a group of `size` count as its bottom (or top): at least one.
fn band(size: usize, share: f64) -> usize {
    ((size as f64 * share).ceil() as usize).max(1)
}

/// Ranks every row within its group and sets its status. Returns the standings and group medians.
pub fn stand(
    groups: &[usize],
    scores: &[f64],
    params: &ValidAdviseParams,
) -> (Vec<Standing>, Vec<f64>) {
    let k = groups.iter().max().map_or(0, |m| m + 1);
    let members: Vec<Vec<usize>> = (0..k)
        .map(|g| (0..groups.len()).filter(|&i| groups[i] == g).collect())
        .collect();
    let medians: Vec<f64> = members
        .iter()
        .map(|m| median_of(m.iter().map(|&i| scores[i]).collect()))
        .collect();
    let standings = (0..groups.len())
        .map(|i| {
            let g = groups[i];
            let size = members[g].len();
            let higher = members[g]
                .iter()
                .filter(|&&j| scores[j] > scores[i])
                .count();
            let lower = members[g]
                .iter()
                .filter(|&&j| scores[j] < scores[i])
                .count();
            let rank = higher + 1;
            let gap = scores[i] - medians[g];
            let in_bottom = size > 1 && lower < band(size, params.bottom_share());
            let in_top = size > 1 && higher < band(size, params.top_share());
            let (status, reasons) = if in_bottom && gap < -params.low_gap() {
                (
                    Status::Low,
                    vec![
                        Reason::BottomOfGroup { rank, size },
                        Reason::BelowMedian {
                            gap: -gap,
                            threshold: params.low_gap(),
                        },
                    ],
                )
            } else if in_top && gap > 0.0 {
                (
                    Status::Base,
                    vec![
                        Reason::TopOfGroup { rank, size },
                        Reason::AboveMedian { gap },
                    ],
                )
            } else {
                (Status::Regular, Vec::new())
            };
            Standing {
                group: g,
                group_size: size,
                rank,
                gap_to_median: gap,
                status,
                reasons,
            }
        })
        .collect();
    (standings, medians)
}
