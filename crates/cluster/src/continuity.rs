//! Year to year: this year's groups keep last year's numbers where they match.

/// New labels for `labels` (this year's groups, 0..k) that keep last year's
/// numbers where the groups match. `previous[i]` is row `i`'s group last year
/// (0-based), if it had one. A pair of groups matches when more than half of
/// this year's group's rows that had a group last year were in that group;
/// each previous number is given once. Groups without a match take the lowest
/// numbers still free, in their present order. Numbers may then leave gaps
/// (a group of last year that has no successor keeps its number unused).
pub fn keep_numbers(labels: &[usize], previous: &[Option<usize>]) -> Vec<usize> {
    let k = labels.iter().max().map_or(0, |m| m + 1);
    let mut shared: std::collections::BTreeMap<(usize, usize), usize> = Default::default();
    let mut known = vec![0usize; k];
    for (&g, p) in labels.iter().zip(previous) {
        if let Some(p) = *p {
            *shared.entry((g, p)).or_default() += 1;
            known[g] += 1;
        }
    }
    let mut number: Vec<Option<usize>> = vec![None; k];
    let mut taken = std::collections::BTreeSet::new();
    for g in 0..k {
        let best = shared
            .iter()
            .filter(|((c, _), _)| *c == g)
            .max_by(|a, b| a.1.cmp(b.1).then(b.0 .1.cmp(&a.0 .1)));
        if let Some((&(_, p), &count)) = best {
            if 2 * count > known[g] && taken.insert(p) {
                number[g] = Some(p);
            }
        }
    }
    let mut free = (0..).filter(|n| !taken.contains(n));
    let number: Vec<usize> = number
        .into_iter()
        .map(|n| n.unwrap_or_else(|| free.next().unwrap_or(0)))
        .collect();
    labels.iter().map(|&g| number[g]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(labels: &[usize], previous: &[Option<usize>], expected: &[usize]) {
        assert_eq!(keep_numbers(labels, previous), expected);
    }

    #[test]
    fn matching_groups_keep_last_years_numbers() {
        // The same three groups, numbered the other way round this year.
        check(
            &[0, 0, 1, 1, 2, 2],
            &[Some(2), Some(2), Some(0), Some(0), Some(1), Some(1)],
            &[2, 2, 0, 0, 1, 1],
        );
        // A school moved: the groups still match by majority; a new school had no group.
        check(
            &[0, 0, 0, 1, 1, 1],
            &[Some(1), Some(1), Some(0), Some(0), Some(0), None],
            &[1, 1, 1, 0, 0, 0],
        );
        // Group 2 matches nothing (one school of each of two old groups): it takes
        // the lowest free number.
        check(
            &[0, 0, 1, 1, 2, 2],
            &[Some(0), Some(0), Some(2), Some(2), Some(1), Some(0)],
            &[0, 0, 2, 2, 1, 1],
        );
        check(
            &[0, 0, 1, 1, 2, 2],
            &[Some(0), Some(0), Some(2), Some(2), None, None],
            &[0, 0, 2, 2, 1, 1],
        );
        // No majority: a group split evenly between two old ones takes a free number.
        check(
            &[0, 0, 1, 1],
            &[Some(0), Some(1), Some(1), Some(1)],
            &[0, 0, 1, 1],
        );
        // Last year's group 1 has no successor: its number stays unused.
        check(
            &[0, 0, 1, 1],
            &[Some(0), Some(0), Some(2), Some(2)],
            &[0, 0, 2, 2],
        );
        // Without last year, the numbers stay as they are.
        check(&[0, 1, 1, 2], &[None; 4], &[0, 1, 1, 2]);
    }
}
