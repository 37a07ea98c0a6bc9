//! The activities table: one row per methodical cluster and year, for its score card.

use model::{Activity, ActivityRecord, ProductLevel, YesNo};

use super::*;

/// The most a count of the activities table may be.
const MOST: u32 = 100_000;

/// The longest cluster name kept.
const CLUSTER_NAME: usize = 200;

pub(super) fn read_activities(
    table: &mut Table,
    ids: &SchoolIndex,
    fatal: &mut Vec<Problem>,
    problems: &mut Vec<Problem>,
) -> (Vec<ActivityRecord>, usize) {
    let mut rejected = 0;
    let mut records = Vec::new();
    // Each cluster's year, with the row it was first read at.
    let mut seen: HashMap<(String, u16), usize> = HashMap::default();
    table.each_block(fatal, |t| {
        for i in 0..t.raw.height() {
            let mut r = Row::new(t, i, problems);
            let record = activity(&mut r, ids);
            if let (true, Some(record)) = (r.ok, record) {
                let key = (record.cluster.clone(), record.year);
                match seen.get(&key) {
                    Some(&first_row) => r.fail(
                        "cluster",
                        ProblemKind::RepeatedCluster {
                            year: record.year,
                            first_row,
                        },
                    ),
                    None => {
                        seen.insert(key, t.raw.row_number(i));
                        records.push(record);
                    }
                }
            }
            rejected += usize::from(!r.ok);
        }
    });
    (records, rejected)
}

/// One row's cluster and year: its counts (an empty cell is none), its yes/no items and product.
fn activity(r: &mut Row<'_>, ids: &SchoolIndex) -> Option<ActivityRecord> {
    let cluster = r.text_at_most("cluster", CLUSTER_NAME);
    let year = r.year();
    let lead_school = r.optional_school("lead_school_id", ids);
    let mut counts = [0; 10];
    for (count, activity) in counts.iter_mut().zip(Activity::ALL) {
        *count = r.optional_whole(activity.code(), (0, MOST)).unwrap_or(0);
    }
    let mut yes = |column: &str| {
        r.optional_category::<YesNo>(column)
            .is_some_and(YesNo::is_yes)
    };
    let (composition_kept, plan_fulfilled) = (yes("composition_kept"), yes("plan_fulfilled"));
    let product = r.optional_category::<ProductLevel>("product");
    Some(ActivityRecord {
        cluster: cluster?,
        year: year?,
        lead_school,
        counts,
        composition_kept,
        plan_fulfilled,
        product: product.unwrap_or(ProductLevel::NoProduct),
    })
}
