//! When each rule is computed. Rules of the local levels (rows, person, team)
//! are computed team by team; rules of the global levels (groups, month)
//! between passes over the teams. A rule's *stratum* is the pass from which
//! it can be computed: a person rule reading a department's average (or a
//! rank within the department) waits until every team has contributed to
//! it. Most schemes have one stratum; each department- or month-wide value
//! that feeds back into people adds one pass.

use crate::model::{Agg, Level, Node, Rank};
use crate::scheme::{Scheme, Step};

/// The passes over the teams, and what each gathers for the global levels.
pub struct Schedule<'s> {
    /// Per plan step: its stratum.
    pub stratum: Vec<u32>,
    /// Passes before the write pass (the highest stratum + 1).
    pub passes: u32,
    /// Per pass: the aggregates of a global level over a local one to gather,
    /// with the plan step they belong to.
    pub feeds: Vec<Vec<(usize, &'s Agg)>>,
    /// Per pass: the ranks within a global group to collect values for.
    pub collects: Vec<Vec<(usize, &'s Rank)>>,
    /// Per pass: the local steps of stratum ≤ the pass (plan index and
    /// step), in plan order — what a team's pass computes, listed once so
    /// that it walks no global step nor later stratum. The last pass's list
    /// holds every local step.
    pub locals: Vec<Vec<(usize, &'s Step)>>,
}

impl<'s> Schedule<'s> {
    pub fn new(scheme: &'s Scheme) -> Schedule<'s> {
        let levels = &scheme.levels;
        let mut slot_stratum: Vec<Vec<u32>> = levels
            .all()
            .map(|(l, _)| vec![0; scheme.slots(l).len()])
            .collect();
        let mut stratum = Vec::with_capacity(scheme.plan.len());
        let mut collect_at: Vec<(usize, &Rank, u32)> = Vec::new();
        for (i, step) in scheme.plan.iter().enumerate() {
            let local = !levels.is_global(step.level);
            let mut w = Walk {
                scheme,
                slot_stratum: &slot_stratum,
                ranks: Vec::new(),
            };
            let s = w.req(&step.node, step.level, local);
            for (r, c) in w.ranks {
                collect_at.push((i, r, c));
            }
            if let Some(x) = slot_stratum
                .get_mut(step.level.index())
                .and_then(|v| v.get_mut(step.slot as usize))
            {
                *x = s;
            }
            stratum.push(s);
        }
        let highest = stratum
            .iter()
            .copied()
            .chain(collect_at.iter().map(|c| c.2))
            .max()
            .unwrap_or(0);
        let passes = highest + 1;
        let mut feeds = vec![Vec::new(); passes as usize];
        let mut collects = vec![Vec::new(); passes as usize];
        for (i, step) in scheme.plan.iter().enumerate() {
            if !levels.is_global(step.level) {
                continue;
            }
            let k = stratum.get(i).copied().unwrap_or(0) as usize;
            let mut found = Vec::new();
            global_over_local(scheme, &step.node, &mut found);
            if let Some(f) = feeds.get_mut(k) {
                f.extend(found.into_iter().map(|a| (i, a)));
            }
        }
        for (i, r, c) in collect_at {
            if let Some(x) = collects.get_mut(c as usize) {
                x.push((i, r));
            }
        }
        let locals = (0..passes)
            .map(|k| {
                scheme
                    .plan
                    .iter()
                    .enumerate()
                    .zip(&stratum)
                    .filter(|&((_, step), &s)| !levels.is_global(step.level) && s <= k)
                    .map(|(step, _)| step)
                    .collect()
            })
            .collect();
        Schedule {
            stratum,
            passes,
            feeds,
            collects,
            locals,
        }
    }
}

struct Walk<'a, 's> {
    scheme: &'s Scheme,
    slot_stratum: &'a [Vec<u32>],
    /// Ranks within a global group met, with the pass their values are collected in.
    ranks: Vec<(&'s Rank, u32)>,
}

impl<'s> Walk<'_, 's> {
    fn dep(&self, level: Level, slot: u32, local: bool) -> u32 {
        let s = self
            .slot_stratum
            .get(level.index())
            .and_then(|v| v.get(slot as usize))
            .copied()
            .unwrap_or(0);
        if local && self.scheme.levels.is_global(level) {
            s + 1
        } else {
            s
        }
    }

    /// The earliest pass in which `node`, evaluated at `level` (in a pass
    /// over the teams when `local`), can be computed.
    fn req(&mut self, node: &'s Node, level: Level, local: bool) -> u32 {
        let levels = &self.scheme.levels;
        match node {
            Node::Slot(s) => self.dep(level, *s, local),
            Node::Up { level: l, slot } => self.dep(*l, *slot, local),
            Node::Agg(a) => {
                let inner_local = !levels.is_global(a.over);
                let mut r = 0;
                for n in [&a.value, &a.filter].into_iter().flatten() {
                    r = r.max(self.req(n, a.over, inner_local));
                }
                if let Some(n) = &a.none {
                    r = r.max(self.req(n, level, local));
                }
                r
            }
            Node::Rank(rk) => {
                let inner_local = !levels.is_global(rk.of);
                let c = self.req(&rk.value, rk.of, inner_local);
                if levels.is_global(rk.group) && inner_local {
                    self.ranks.push((rk, c));
                    c + 1
                } else {
                    c
                }
            }
            Node::Split { amount, .. } => self.req(amount, Level::TEAM, local),
            other => {
                let mut r = 0;
                let mut children: Vec<&'s Node> = Vec::new();
                direct_children(other, &mut children);
                for c in children {
                    r = r.max(self.req(c, level, local));
                }
                r
            }
        }
    }
}

/// The sub-expressions of a node evaluated at the node's own level.
fn direct_children<'s>(node: &'s Node, out: &mut Vec<&'s Node>) {
    match node {
        Node::Neg(a) | Node::Not(a) | Node::Abs(a) | Node::Round(a, _) | Node::Given(a) => {
            out.push(a)
        }
        Node::Bin(_, a, b) => out.extend([&**a, &**b]),
        Node::If(a, b, c) => out.extend([&**a, &**b, &**c]),
        Node::Min(v) | Node::Max(v) => out.extend(v.iter()),
        Node::Clamp(a) => out.extend(a.iter()),
        Node::Interp(a) => out.extend(a.iter()),
        Node::Band { arg, .. } => out.push(arg),
        Node::Past { inner, none } => {
            out.push(inner);
            if let Some(n) = none {
                out.push(n);
            }
        }
        Node::Const(_)
        | Node::Param(_)
        | Node::Slot(_)
        | Node::Up { .. }
        | Node::Kept { .. }
        | Node::Agg(_)
        | Node::Rank(_)
        | Node::Split { .. } => {}
    }
}

/// The aggregates in a global rule that take a local level, outermost only.
fn global_over_local<'s>(scheme: &Scheme, node: &'s Node, out: &mut Vec<&'s Agg>) {
    let levels = &scheme.levels;
    match node {
        Node::Agg(a) if levels.is_global(a.at) && !levels.is_global(a.over) => {
            out.push(a);
            if let Some(n) = &a.none {
                global_over_local(scheme, n, out);
            }
        }
        Node::Agg(a) => {
            for n in [&a.value, &a.filter, &a.none].into_iter().flatten() {
                global_over_local(scheme, n, out);
            }
        }
        Node::Rank(r) => global_over_local(scheme, &r.value, out),
        Node::Split { amount, .. } => global_over_local(scheme, amount, out),
        other => {
            let mut children = Vec::new();
            direct_children(other, &mut children);
            for c in children {
                global_over_local(scheme, c, out);
            }
        }
    }
}
