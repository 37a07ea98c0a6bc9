//! Putting an indicator's values on a common scale.

use crate::{median, std_dev, z_scores};

/// How an indicator's values are put on a common scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Normalisation {
    /// (x − mean) / standard deviation.
    #[default]
    ZScore,
    /// (x − median) / (1.4826 × median absolute deviation): a few extreme schools do not
    /// set the scale. Where more than half the values are equal (no spread by this measure),
    /// the z-score is used.
    Robust,
    /// (x − min) / (max − min), 0 to 1.
    MinMax,
    /// The school's rank, 0 (lowest) to 1 (highest); ties share their mean rank.
    Rank,
}

impl Normalisation {
    /// Every method.
    pub const ALL: [Normalisation; 4] = [
        Normalisation::ZScore,
        Normalisation::Robust,
        Normalisation::MinMax,
        Normalisation::Rank,
    ];

    /// The method's code, as the config writes it.
    pub fn code(self) -> &'static str {
        match self {
            Normalisation::ZScore => "z_score",
            Normalisation::Robust => "robust",
            Normalisation::MinMax => "min_max",
            Normalisation::Rank => "rank",
        }
    }

    /// The method of a code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|n| n.code() == code)
    }
}

/// Values further than this from the centre, in (robust) standard deviations, are capped.
pub const OUTLIER_CAP: f64 = 3.0;

/// The values on the method's scale and how many were capped (z-score and robust only);
/// `None` when the values do not vary.
pub(crate) fn normalise(values: &[f64], method: Normalisation) -> Option<(Vec<f64>, usize)> {
    let cap = |z: Vec<f64>| {
        let capped = z.iter().filter(|z| z.abs() > OUTLIER_CAP).count();
        let v = z
            .into_iter()
            .map(|z| z.clamp(-OUTLIER_CAP, OUTLIER_CAP))
            .collect();
        (v, capped)
    };
    let scaled =
        |centre: f64, scale: f64| cap(values.iter().map(|x| (x - centre) / scale).collect());
    // Values that do not vary have no scale, whatever the method.
    std_dev(values).filter(|sd| *sd > 1e-12)?;
    match method {
        Normalisation::ZScore => Some(cap(z_scores(values)?)),
        Normalisation::Robust => {
            let centre = median(values)?;
            let deviations: Vec<f64> = values.iter().map(|x| (x - centre).abs()).collect();
            let mad = 1.4826 * median(&deviations)?;
            if mad > 1e-12 {
                Some(scaled(centre, mad))
            } else {
                Some(cap(z_scores(values)?))
            }
        }
        Normalisation::MinMax => {
            let min = values.iter().copied().fold(f64::INFINITY, f64::min);
            let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            Some((values.iter().map(|x| (x - min) / (max - min)).collect(), 0))
        }
        Normalisation::Rank => {
            let n = values.len();
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
            let mut ranks = vec![0.0; n];
            let mut start = 0;
            while start < n {
                let mut end = start;
                while end + 1 < n && values[order[end + 1]] == values[order[start]] {
                    end += 1;
                }
                let shared = (start + end) as f64 / 2.0;
                for &i in &order[start..=end] {
                    ranks[i] = shared / (n - 1) as f64;
                }
                start = end + 1;
            }
            Some((ranks, 0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(values: &[f64], method: Normalisation, expected: Option<(&[f64], usize)>) {
        let got = normalise(values, method);
        match (got, expected) {
            (Some((v, capped)), Some((want, want_capped))) => {
                assert_eq!(capped, want_capped, "{method:?} capped");
                assert_eq!(v.len(), want.len());
                for (g, w) in v.iter().zip(want) {
                    assert!((g - w).abs() < 1e-9, "{method:?}: {v:?} != {want:?}");
                }
            }
            (got, want) => assert_eq!(got.is_none(), want.is_none(), "{method:?}: {got:?}"),
        }
    }

    #[test]
    fn each_method_on_hand_computed_values() {
        // Mean 2, standard deviation (n − 1) 1.
        check(
            &[1.0, 2.0, 3.0],
            Normalisation::ZScore,
            Some((&[-1.0, 0.0, 1.0], 0)),
        );
        // Median 2, MAD 1.
        check(
            &[1.0, 2.0, 3.0],
            Normalisation::Robust,
            Some((&[-1.0 / 1.4826, 0.0, 1.0 / 1.4826], 0)),
        );
        check(
            &[1.0, 2.0, 5.0],
            Normalisation::MinMax,
            Some((&[0.0, 0.25, 1.0], 0)),
        );
        check(
            &[10.0, 30.0, 30.0, 20.0],
            Normalisation::Rank,
            Some((&[0.0, 2.5 / 3.0, 2.5 / 3.0, 1.0 / 3.0], 0)),
        );
    }

    #[test]
    fn constant_values_give_nothing_for_every_method() {
        for method in Normalisation::ALL {
            check(&[4.0, 4.0, 4.0], method, None);
        }
    }

    #[test]
    fn outliers_are_capped_and_counted() {
        // One school apart from n others is n / sqrt(n + 1) standard deviations
        // (n − 1 in the denominator) away: 2.04 among 5, 4.36 among 20.
        let mut values = vec![0.0; 5];
        values.push(100.0);
        let (z, capped) = normalise(&values, Normalisation::ZScore).expect("varies");
        assert_eq!(capped, 0, "{z:?}");
        values.extend([0.0; 15]);
        values.swap(5, 10);
        let (z, capped) = normalise(&values, Normalisation::ZScore).expect("varies");
        assert_eq!(capped, 1);
        assert_eq!(z[10], OUTLIER_CAP);
        // Robust: more than half are equal, so the z-score is used.
        let (r, _) = normalise(&values, Normalisation::Robust).expect("varies");
        assert_eq!(r, z);
    }

    #[test]
    fn codes_read_back() {
        for method in Normalisation::ALL {
            assert_eq!(Normalisation::parse(method.code()), Some(method));
        }
        assert_eq!(Normalisation::parse("zscore"), None);
    }
}
