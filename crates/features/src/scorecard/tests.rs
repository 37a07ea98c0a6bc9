//! Score cards computed by hand from the seed's points table.

use std::collections::BTreeMap;

use model::{ActivityRecord, ProductLevel};

use super::*;

/// A row: counts in the order of the activities table.
fn row(
    cluster: &str,
    year: u16,
    counts: [u32; 10],
    kept: bool,
    plan: bool,
    product: ProductLevel,
) -> ActivityRecord {
    ActivityRecord {
        cluster: cluster.to_owned(),
        year,
        lead_school: None,
        counts,
        composition_kept: kept,
        plan_fulfilled: plan,
        product,
    }
}

fn seed() -> ValidPoints {
    Points::default().validate().expect("the seed's table")
}

fn card<'a>(cards: &'a [ScoreCard], cluster: &str, year: u16) -> &'a ScoreCard {
    (cards.iter())
        .find(|c| c.cluster == cluster && c.year == year)
        .unwrap_or_else(|| panic!("{cluster} {year}"))
}

/// Three clusters in 2025, one of them also in 2024.
fn district() -> Vec<ActivityRecord> {
    vec![
        // 12 seminar (12), 2 grant (6), publications 3 municipal (3) and 1 regional (3); 2 pilot
        // schools (4), 15 acquainted (15), 4 mastered (12); 1 partner (3), 2 projects (6); kept
        // (2), plan (3); recommendations (4).
        row(
            "Читательская грамотность",
            2025,
            [12, 2, 3, 1, 0, 2, 15, 4, 1, 2],
            true,
            true,
            ProductLevel::Recommendations,
        ),
        // 5 seminar (5), 1 federal publication (5); 1 pilot school (2); plan (3); didactic (6).
        row(
            "Наставничество",
            2025,
            [5, 0, 0, 0, 1, 1, 0, 0, 0, 0],
            false,
            true,
            ProductLevel::Didactic,
        ),
        // 21 seminar participants alone: 21, as much as the one above.
        row(
            "Функциональная грамотность",
            2025,
            [21, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            false,
            false,
            ProductLevel::NoProduct,
        ),
        // 30 seminar (30), 4 teachers mastered (12), kept (2), a description (2): 46.
        row(
            "Читательская грамотность",
            2024,
            [30, 0, 0, 0, 0, 0, 0, 4, 0, 0],
            true,
            false,
            ProductLevel::Description,
        ),
    ]
}

#[test]
fn each_criterion_and_the_total_are_the_seed_table_s() {
    let cards = score_cards(&district(), &seed());
    let reading = card(&cards, "Читательская грамотность", 2025);
    assert_eq!(reading.criteria, [24.0, 31.0, 9.0, 5.0, 4.0]);
    assert_eq!(reading.total, 73.0);
    let mentoring = card(&cards, "Наставничество", 2025);
    assert_eq!(mentoring.criteria, [10.0, 2.0, 0.0, 3.0, 6.0]);
    assert_eq!(mentoring.total, 21.0);
    let before = card(&cards, "Читательская грамотность", 2024);
    assert_eq!(before.criteria, [30.0, 12.0, 0.0, 2.0, 2.0]);
    assert_eq!(before.total, 46.0);
}

#[test]
fn every_product_level_and_the_organisational_items_score_as_the_seed_says() {
    let levels = [
        (ProductLevel::NoProduct, 0.0),
        (ProductLevel::Description, 2.0),
        (ProductLevel::Recommendations, 4.0),
        (ProductLevel::Didactic, 6.0),
    ];
    for (level, points) in levels {
        let cards = score_cards(&[row("c", 2025, [0; 10], false, false, level)], &seed());
        assert_eq!(
            cards[0].criteria[Criterion::Integral as usize],
            points,
            "{level:?}"
        );
        assert_eq!(cards[0].total, points);
    }
    for (kept, plan, points) in [
        (false, false, 0.0),
        (true, false, 2.0),
        (false, true, 3.0),
        (true, true, 5.0),
    ] {
        let cards = score_cards(
            &[row("c", 2025, [0; 10], kept, plan, ProductLevel::NoProduct)],
            &seed(),
        );
        assert_eq!(
            cards[0].criteria[Criterion::Organisational as usize],
            points
        );
    }
}

#[test]
fn clusters_are_ranked_within_their_year_and_equal_totals_share_a_rank() {
    let cards = score_cards(&district(), &seed());
    let order: Vec<(u16, &str, usize, usize)> = (cards.iter())
        .map(|c| (c.year, c.cluster.as_str(), c.rank, c.of))
        .collect();
    assert_eq!(
        order,
        [
            (2024, "Читательская грамотность", 1, 1),
            (2025, "Читательская грамотность", 1, 3),
            (2025, "Наставничество", 2, 3),
            (2025, "Функциональная грамотность", 2, 3),
        ]
    );
}

#[test]
fn the_change_is_on_the_same_cluster_s_year_before() {
    let cards = score_cards(&district(), &seed());
    assert_eq!(
        card(&cards, "Читательская грамотность", 2025).change,
        Some(73.0 - 46.0)
    );
    assert_eq!(card(&cards, "Читательская грамотность", 2024).change, None);
    assert_eq!(card(&cards, "Наставничество", 2025).change, None);
}

#[test]
fn changed_points_change_the_totals_and_the_ranks() {
    let changes = BTreeMap::from([("publications_federal".to_owned(), 8.0)]);
    let points = Points::with_changes(&changes)
        .expect("known")
        .validate()
        .expect("valid");
    let cards = score_cards(&district(), &points);
    let mentoring = card(&cards, "Наставничество", 2025);
    assert_eq!(mentoring.total, 24.0);
    assert_eq!(
        (
            mentoring.rank,
            card(&cards, "Функциональная грамотность", 2025).rank
        ),
        (2, 3)
    );
    assert_eq!(card(&cards, "Читательская грамотность", 2025).total, 73.0);
}
