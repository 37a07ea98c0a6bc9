//! The points table of the score card: the seed's by default, changed key by key in
//! `[scorecard]`, validated once (one test per rejection rule).

use std::collections::BTreeMap;

use model::Activity;

/// Points for what a cluster's year did.
#[derive(Debug, Clone, PartialEq)]
pub struct Points {
    /// Points per unit of each activity, in the order of [`Activity::ALL`].
    pub per_unit: [f64; 10],
    /// Points for the composition kept from start to end.
    pub composition_kept: f64,
    /// Points for the plan fulfilled.
    pub plan_fulfilled: f64,
    /// Points for the product's description, with recommendations, with didactic materials.
    pub product: [f64; 3],
}

impl Default for Points {
    /// The seed's table (Lesosibirsk, seed 000): 1 per seminar participant, 3 per grant
    /// participant, publications 1 municipal, 3 regional, 5 federal, 2 per piloting school,
    /// 1 per teacher acquainted, 3 per teacher mastering, 3 per partner, 3 per project, 2 for the
    /// composition kept, 3 for the plan fulfilled, the product 2, 4 or 6.
    fn default() -> Self {
        Points {
            per_unit: [1.0, 3.0, 1.0, 3.0, 5.0, 2.0, 1.0, 3.0, 3.0, 3.0],
            composition_kept: 2.0,
            plan_fulfilled: 3.0,
            product: [2.0, 4.0, 6.0],
        }
    }
}

/// The keys of `[scorecard]` beside the activities' codes.
pub const COMPOSITION_KEPT: &str = "composition_kept";
/// The plan's key.
pub const PLAN_FULFILLED: &str = "plan_fulfilled";
/// The product levels' keys, lowest first.
pub const PRODUCT: [&str; 3] = [
    "product_description",
    "product_recommendations",
    "product_didactic",
];

/// The most points one unit or item may give.
pub const MAX_POINTS: f64 = 1000.0;

/// Why a points table was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PointsError {
    /// A key that is no item of the score card.
    #[error("[scorecard] {key}: no such item of the score card")]
    UnknownKey {
        /// The key as written.
        key: String,
    },
    /// Points below 0, above [`MAX_POINTS`] or not a number.
    #[error("[scorecard] {key} = {value}: points must be from 0 to {MAX_POINTS}")]
    OutOfRange {
        /// The key.
        key: String,
        /// The points as written.
        value: f64,
    },
    /// A product level worth less than the level below it, which it includes.
    #[error("[scorecard] {key} = {value}: less than {below_key} = {below}, a level it includes")]
    ProductBelow {
        /// The level's key.
        key: &'static str,
        /// Its points.
        value: f64,
        /// The level below's key.
        below_key: &'static str,
        /// Its points.
        below: f64,
    },
}

/// A points table checked against every rule: what [`crate::scorecard::score_cards`] takes.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidPoints(Points);

impl ValidPoints {
    /// The table.
    pub fn get(&self) -> &Points {
        &self.0
    }
}

impl Points {
    /// The seed's table with `changes` (key → points, as `[scorecard]` writes them) applied.
    pub fn with_changes(changes: &BTreeMap<String, f64>) -> Result<Points, PointsError> {
        let mut points = Points::default();
        for (key, &value) in changes {
            *points
                .slot(key)
                .ok_or_else(|| PointsError::UnknownKey { key: key.clone() })? = value;
        }
        Ok(points)
    }

    /// The points of `key`, to change.
    fn slot(&mut self, key: &str) -> Option<&mut f64> {
        if let Some(i) = Activity::ALL.iter().position(|a| a.code() == key) {
            return Some(&mut self.per_unit[i]);
        }
        match key {
            COMPOSITION_KEPT => Some(&mut self.composition_kept),
            PLAN_FULFILLED => Some(&mut self.plan_fulfilled),
            _ => PRODUCT
                .iter()
                .position(|&p| p == key)
                .map(|i| &mut self.product[i]),
        }
    }

    /// Every item's key and points, in the table's order.
    pub fn items(&self) -> Vec<(&'static str, f64)> {
        let units = Activity::ALL.iter().map(|a| a.code()).zip(self.per_unit);
        units
            .chain([
                (COMPOSITION_KEPT, self.composition_kept),
                (PLAN_FULFILLED, self.plan_fulfilled),
            ])
            .chain(PRODUCT.into_iter().zip(self.product))
            .collect()
    }

    /// The table, checked: every item from 0 to [`MAX_POINTS`], each product level at least the
    /// one below it.
    pub fn validate(self) -> Result<ValidPoints, PointsError> {
        for (key, value) in self.items() {
            if !(0.0..=MAX_POINTS).contains(&value) {
                return Err(PointsError::OutOfRange {
                    key: key.to_owned(),
                    value,
                });
            }
        }
        for i in 1..PRODUCT.len() {
            if self.product[i] < self.product[i - 1] {
                return Err(PointsError::ProductBelow {
                    key: PRODUCT[i],
                    value: self.product[i],
                    below_key: PRODUCT[i - 1],
                    below: self.product[i - 1],
                });
            }
        }
        Ok(ValidPoints(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changed(key: &str, value: f64) -> Result<ValidPoints, PointsError> {
        let changes = BTreeMap::from([(key.to_owned(), value)]);
        Points::with_changes(&changes)?.validate()
    }

    #[test]
    fn the_seed_table_is_valid_and_a_change_replaces_one_item() {
        let seed = Points::default().validate().expect("valid");
        assert_eq!(seed.get().items().len(), 15);
        let changed = changed("publications_federal", 8.0).expect("valid");
        assert_eq!(changed.get().per_unit[4], 8.0);
        assert_eq!(changed.get().per_unit[..4], seed.get().per_unit[..4]);
        let product = self::changed("product_didactic", 10.0).expect("valid");
        assert_eq!(product.get().product, [2.0, 4.0, 10.0]);
    }

    #[test]
    fn an_unknown_key_is_refused() {
        let e = changed("publications", 2.0).expect_err("refused");
        assert_eq!(
            e,
            PointsError::UnknownKey {
                key: "publications".into()
            }
        );
        assert_eq!(
            e.to_string(),
            "[scorecard] publications: no such item of the score card"
        );
    }

    #[test]
    fn points_out_of_range_are_refused() {
        for bad in [-1.0, 1000.5, f64::NAN, f64::INFINITY] {
            let e = changed("projects", bad).expect_err("refused");
            assert!(
                matches!(e, PointsError::OutOfRange { ref key, .. } if key == "projects"),
                "{e}"
            );
        }
        assert!(changed("projects", 0.0).is_ok());
        assert!(changed("projects", MAX_POINTS).is_ok());
    }

    #[test]
    fn a_product_level_below_the_one_it_includes_is_refused() {
        let e = changed("product_recommendations", 1.0).expect_err("refused");
        assert_eq!(
            e.to_string(),
            "[scorecard] product_recommendations = 1: less than product_description = 2, a level it includes"
        );
    }
}
