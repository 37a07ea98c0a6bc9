//! Least-cost assignment on sparse candidate lists, serving rows in priority order: successive
//! shortest augmenting paths (Dijkstra on reduced costs, stopped at the first column with room).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// A row's candidate column and what taking it costs (≥ 0).
pub type Candidate = (usize, i64);

/// Serves the rows in `order`, each when it can be served together with the rows already served
/// (rearranging them), and among the assignments serving exactly those rows returns one of least
/// total cost. The rows served are the best set by priority (the greedy algorithm on a
/// transversal matroid, as [`crate::priority_matching`]), hence also as many as can be served.
///
/// `candidates[r]` lists the columns row `r` may take with their costs; `capacity[c]` is how
/// many rows column `c` takes. Returns each row's column, `None` for rows left out.
///
/// Each row added augments along a shortest path in the residual graph, with node potentials
/// keeping reduced costs non-negative; the search stops at the first column with room (every
/// column with room has the same potential, so the nearest in reduced cost is the cheapest).
/// A search that finds no room closes the columns it reached: no later path can pass them.
pub fn sparse_assignment<L: AsRef<[Candidate]>>(
    candidates: &[L],
    capacity: &[usize],
    order: &[usize],
) -> Vec<Option<usize>> {
    let mut flow = Flow::new(candidates, capacity);
    for &row in order {
        flow.serve(row);
    }
    flow.of_row.iter().map(|a| a.map(|(c, _)| c)).collect()
}

/// A node of the residual graph: a row or a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Node {
    Row(usize),
    Col(usize),
}

/// The assignment so far, the potentials and the search's scratch space.
struct Flow<'a, L> {
    candidates: &'a [L],
    capacity: &'a [usize],
    /// Each row's column and the cost of the edge, when served.
    of_row: Vec<Option<Candidate>>,
    /// The rows each column serves.
    of_col: Vec<Vec<usize>>,
    /// Potentials (reduced cost of u→v: cost + pot(u) − pot(v)).
    pot_row: Vec<i64>,
    pot_col: Vec<i64>,
    /// Columns no augmenting path can pass any more.
    closed: Vec<bool>,
    /// The search's distances and the edges that reached each node, valid where stamped.
    dist_row: Vec<i64>,
    dist_col: Vec<i64>,
    via_col: Vec<Candidate>,
    stamp_row: Vec<u32>,
    stamp_col: Vec<u32>,
    phase: u32,
}

impl<'a, L: AsRef<[Candidate]>> Flow<'a, L> {
    fn new(candidates: &'a [L], capacity: &'a [usize]) -> Self {
        let (rows, cols) = (candidates.len(), capacity.len());
        Flow {
            candidates,
            capacity,
            of_row: vec![None; rows],
            of_col: vec![Vec::new(); cols],
            pot_row: vec![0; rows],
            pot_col: vec![0; cols],
            closed: vec![false; cols],
            dist_row: vec![0; rows],
            dist_col: vec![0; cols],
            via_col: vec![(0, 0); cols],
            stamp_row: vec![0; rows],
            stamp_col: vec![0; cols],
            phase: 0,
        }
    }

    /// Serves `row` along a shortest augmenting path, if there is one.
    fn serve(&mut self, row: usize) {
        let open = |&&(c, _): &&Candidate| c < self.capacity.len() && !self.closed[c];
        // A row not yet served has no edge into it: any potential making its edges' reduced
        // costs non-negative keeps every other one as it was.
        let Some(pot) = (self.candidates[row].as_ref().iter().filter(open))
            .map(|&(c, cost)| self.pot_col[c] - cost)
            .max()
        else {
            return;
        };
        self.pot_row[row] = pot;
        self.phase += 1;
        let (finished, target) = self.search(row);
        match target {
            Some((col, reach)) => {
                self.reprice(&finished, reach);
                self.augment(col);
            }
            None => finished.iter().for_each(|&n| {
                if let Node::Col(c) = n {
                    self.closed[c] = true;
                }
            }),
        }
    }

    /// Dijkstra from `source` on reduced costs: the nodes finished, in order, and the first
    /// column with room with its distance.
    fn search(&mut self, source: usize) -> (Vec<Node>, Option<(usize, i64)>) {
        let mut heap = BinaryHeap::new();
        let mut finished = Vec::new();
        self.label(Node::Row(source), 0, None, &mut heap);
        while let Some(Reverse((d, node))) = heap.pop() {
            if d > self.dist(node) {
                continue;
            }
            finished.push(node);
            match node {
                Node::Col(c) if self.of_col[c].len() < self.capacity[c] => {
                    return (finished, Some((c, d)));
                }
                Node::Col(c) => {
                    for k in 0..self.of_col[c].len() {
                        let r = self.of_col[c][k];
                        let cost = self.of_row[r].map_or(0, |(_, cost)| cost);
                        let reduced = -cost + self.pot_col[c] - self.pot_row[r];
                        debug_assert!(reduced >= 0, "reduced cost {reduced}");
                        self.label(Node::Row(r), d + reduced.max(0), None, &mut heap);
                    }
                }
                Node::Row(r) => {
                    let own = self.of_row[r].map(|(c, _)| c);
                    for &(c, cost) in self.candidates[r].as_ref() {
                        if c >= self.capacity.len() || self.closed[c] || own == Some(c) {
                            continue;
                        }
                        let reduced = cost + self.pot_row[r] - self.pot_col[c];
                        debug_assert!(reduced >= 0, "reduced cost {reduced}");
                        self.label(Node::Col(c), d + reduced.max(0), Some((r, cost)), &mut heap);
                    }
                }
            }
        }
        (finished, None)
    }

    /// The node's distance in this search (unreached: unbounded).
    fn dist(&self, node: Node) -> i64 {
        match node {
            Node::Row(r) if self.stamp_row[r] == self.phase => self.dist_row[r],
            Node::Col(c) if self.stamp_col[c] == self.phase => self.dist_col[c],
            _ => i64::MAX,
        }
    }

    /// Lowers the node's distance to `d`; a column is reached over `via`, the row and that edge's
    /// cost (a row is reached from the column it leaves, its own).
    fn label(
        &mut self,
        node: Node,
        d: i64,
        via: Option<Candidate>,
        heap: &mut BinaryHeap<Reverse<(i64, Node)>>,
    ) {
        if d >= self.dist(node) {
            return;
        }
        match node {
            Node::Row(r) => {
                (self.stamp_row[r], self.dist_row[r]) = (self.phase, d);
            }
            Node::Col(c) => {
                (self.stamp_col[c], self.dist_col[c]) = (self.phase, d);
                self.via_col[c] = via.unwrap_or((usize::MAX, 0));
            }
        }
        heap.push(Reverse((d, node)));
    }

    /// New potentials: each finished node nearer than `reach` gains its distance less `reach`
    /// (the same as every node gaining `min(distance, reach)`, less a constant).
    fn reprice(&mut self, finished: &[Node], reach: i64) {
        for &node in finished {
            let gain = self.dist(node) - reach;
            match node {
                Node::Row(r) => self.pot_row[r] += gain,
                Node::Col(c) => self.pot_col[c] += gain,
            }
        }
    }

    /// Moves every row of the path ending at `col` to the column after it.
    fn augment(&mut self, mut col: usize) {
        loop {
            let (row, cost) = self.via_col[col];
            let left = self.of_row[row].map(|(c, _)| c);
            self.of_row[row] = Some((col, cost));
            self.of_col[col].push(row);
            let Some(from) = left else { return };
            if let Some(k) = self.of_col[from].iter().position(|&r| r == row) {
                self.of_col[from].remove(k);
            }
            col = from;
        }
    }
}

#[cfg(test)]
mod tests;
