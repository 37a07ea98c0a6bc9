//! Methodical clusters for a synthetic activities table: one led by each of the district's first
//! gymnasiums and lyceums (then its largest schools), scored in the district's last two years, or
//! (a planted programme's) one led by each base school from the year after its first pair; counts
//! made from the cluster and the year alone (no draw from the district's random stream, so that
//! the rest of a district does not depend on them).

use model::{ActivityRecord, Category, District, ProductLevel, SchoolIx, SchoolKind};

use crate::names::mix;

/// The clusters' themes, in the order the clusters are made.
const THEMES: [&str; 6] = [
    "Читательская грамотность",
    "Функциональная грамотность",
    "Наставничество",
    "Математическая грамотность",
    "Естественно-научная грамотность",
    "Цифровая школа",
];

/// Schools per cluster: a district of `n` schools has `n / SCHOOLS_PER_CLUSTER` clusters (at
/// least one, at most one per theme).
const SCHOOLS_PER_CLUSTER: usize = 8;

/// The ranges of the counts, in the order of the activities table (`Activity::ALL`).
const COUNTS: [(u32, u32); 10] = [
    (5, 40),
    (0, 6),
    (0, 5),
    (0, 3),
    (0, 1),
    (1, 4),
    (5, 30),
    (0, 8),
    (0, 3),
    (0, 3),
];

/// The lead schools: gymnasiums and lyceums in the district's order, then the largest schools.
fn leads(district: &District, clusters: usize) -> Vec<usize> {
    let elite = |i: &usize| {
        matches!(
            district.schools[*i].kind,
            Some(SchoolKind::Gymnasium | SchoolKind::Lyceum)
        )
    };
    let mut rest: Vec<usize> = (0..district.schools.len()).filter(|i| !elite(i)).collect();
    rest.sort_by_key(|&i| (std::cmp::Reverse(district.schools[i].students), i));
    (0..district.schools.len())
        .filter(elite)
        .chain(rest)
        .take(clusters)
        .collect()
}

/// The district's clusters, each in its last two years (one when the district has one year).
pub(crate) fn clusters(district: &District, last_year: u16, years: usize) -> Vec<ActivityRecord> {
    let count = (district.schools.len() / SCHOOLS_PER_CLUSTER).clamp(1, THEMES.len());
    let first = last_year + 1 - years.min(2) as u16;
    let leads: Vec<(usize, u16)> = (leads(district, count).into_iter())
        .map(|lead| (lead, first))
        .collect();
    clusters_led_by(&leads, last_year)
}

/// A cluster's name: the themes in turn, numbered from their second round.
fn name(k: usize) -> String {
    match k / THEMES.len() {
        0 => THEMES[k].to_owned(),
        round => format!("{} {}", THEMES[k % THEMES.len()], round + 1),
    }
}

/// One cluster led by each school of `leads` (its position in the district), scored each year
/// from the one given with it to `last_year`.
pub fn clusters_led_by(leads: &[(usize, u16)], last_year: u16) -> Vec<ActivityRecord> {
    let mut out = Vec::new();
    for (k, &(lead, first)) in leads.iter().enumerate() {
        for year in first..=last_year {
            let z = |item: usize| mix(1_000 + k, usize::from(year) * 32 + item);
            let mut counts = [0u32; 10];
            for (item, &(low, high)) in COUNTS.iter().enumerate() {
                counts[item] = low + (z(item) % u64::from(high - low + 1)) as u32;
            }
            out.push(ActivityRecord {
                cluster: name(k),
                year,
                lead_school: Some(SchoolIx(lead as u32)),
                counts,
                composition_kept: z(10) % 5 != 0,
                plan_fulfilled: z(11) % 4 != 0,
                product: ProductLevel::ALL[(z(12) % 4) as usize],
            });
        }
    }
    out
}
