//! Exact assignment: which rows can be served at all (by priority), and the
//! least-cost assignment of the rows to columns with capacities.

/// Serves rows in priority order: each row is matched to one of its allowed
/// columns when the rows already served can be rearranged to make room
/// (an augmenting path, Kuhn's algorithm with capacities). The rows served
/// form the lexicographically best set by priority among all the sets that
/// can be served at once (the greedy algorithm on a transversal matroid).
///
/// `allowed[r]` lists the columns row `r` may take; `capacity[c]` is how many
/// rows column `c` takes. Returns each row's column, `None` for rows left out.
pub fn priority_matching(
    allowed: &[Vec<usize>],
    capacity: &[usize],
    order: &[usize],
) -> Vec<Option<usize>> {
    let mut of_row: Vec<Option<usize>> = vec![None; allowed.len()];
    let mut of_col: Vec<Vec<usize>> = vec![Vec::new(); capacity.len()];
    for &row in order {
        let mut seen = vec![false; capacity.len()];
        augment(row, allowed, capacity, &mut seen, &mut of_row, &mut of_col);
    }
    of_row
}

fn augment(
    row: usize,
    allowed: &[Vec<usize>],
    capacity: &[usize],
    seen: &mut [bool],
    of_row: &mut [Option<usize>],
    of_col: &mut [Vec<usize>],
) -> bool {
    for &col in &allowed[row] {
        if seen[col] {
            continue;
        }
        seen[col] = true;
        if of_col[col].len() < capacity[col] {
            of_col[col].push(row);
            of_row[row] = Some(col);
            return true;
        }
        for k in 0..of_col[col].len() {
            let other = of_col[col][k];
            if augment(other, allowed, capacity, seen, of_row, of_col) {
                of_col[col][k] = row;
                of_row[row] = Some(col);
                return true;
            }
        }
    }
    false
}

/// The assignment of every row to a column of minimal total cost, each column
/// taking at most `capacity[c]` rows; `cost[r][c]` is `None` where row `r` may
/// not take column `c`. `None` when no assignment serves every row.
///
/// The Hungarian method (shortest augmenting paths with potentials, O(r²·s))
/// on the columns expanded into one slot per unit of capacity.
pub fn min_cost_assignment(cost: &[Vec<Option<f64>>], capacity: &[usize]) -> Option<Vec<usize>> {
    let rows = cost.len();
    if rows == 0 {
        return Some(Vec::new());
    }
    let slots: Vec<usize> = capacity
        .iter()
        .enumerate()
        .flat_map(|(c, &k)| std::iter::repeat_n(c, k.min(rows)))
        .collect();
    let m = slots.len();
    if m < rows {
        return None;
    }
    // A forbidden cell costs more than any assignment of allowed cells.
    let largest = cost
        .iter()
        .flatten()
        .flatten()
        .fold(0.0f64, |a, &c| a.max(c.abs()));
    let forbidden = (largest + 1.0) * (rows as f64 + 1.0) * 4.0;
    let at = |r: usize, s: usize| cost[r][slots[s]].unwrap_or(forbidden);
    // 1-based arrays as in the textbook formulation; column 0 is the virtual start.
    let mut u = vec![0.0; rows + 1];
    let mut v = vec![0.0; m + 1];
    let mut owner = vec![0usize; m + 1];
    let mut way = vec![0usize; m + 1];
    for r in 1..=rows {
        owner[0] = r;
        let mut j0 = 0;
        let mut min_to = vec![f64::INFINITY; m + 1];
        let mut used = vec![false; m + 1];
        loop {
            used[j0] = true;
            let i0 = owner[j0];
            let mut delta = f64::INFINITY;
            let mut j1 = 0;
            for j in 1..=m {
                if used[j] {
                    continue;
                }
                let reduced = at(i0 - 1, j - 1) - u[i0] - v[j];
                if reduced < min_to[j] {
                    min_to[j] = reduced;
                    way[j] = j0;
                }
                if min_to[j] < delta {
                    delta = min_to[j];
                    j1 = j;
                }
            }
            for j in 0..=m {
                if used[j] {
                    u[owner[j]] += delta;
                    v[j] -= delta;
                } else {
                    min_to[j] -= delta;
                }
            }
            j0 = j1;
            if owner[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            owner[j0] = owner[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut of_row = vec![0usize; rows];
    for j in 1..=m {
        if owner[j] > 0 {
            of_row[owner[j] - 1] = slots[j - 1];
        }
    }
    of_row
        .iter()
        .enumerate()
        .all(|(r, &c)| cost[r][c].is_some())
        .then_some(of_row)
}
