//! A compiled expression: names resolved to slots, parameters and tables
//! by index, each aggregate and rank told which levels it spans. Built once
//! per scheme by `expr::resolve`, run by the engine for every entity.

use super::level::Level;
use super::value::Value;
use crate::expr::ast::BinOp;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AggOp {
    Count,
    Sum,
    Avg,
    Min,
    Max,
}

impl AggOp {
    pub fn word(self) -> &'static str {
        match self {
            AggOp::Count => "count",
            AggOp::Sum => "sum",
            AggOp::Avg => "avg",
            AggOp::Min => "min",
            AggOp::Max => "max",
        }
    }
}

/// `op(over, value, filter, none = …)` evaluated at level `at`: over the
/// entities of the lower level `over` that belong to the entity computed.
#[derive(Clone, Debug)]
pub struct Agg {
    /// Numbers the aggregates of a scheme: the engine's accumulators and the
    /// trace refer to it.
    pub id: u32,
    pub op: AggOp,
    pub at: Level,
    pub over: Level,
    /// Evaluated at `over` (absent for count).
    pub value: Option<Node>,
    /// Evaluated at `over`.
    pub filter: Option<Node>,
    /// The result when nothing is aggregated, evaluated at `at`.
    pub none: Option<Node>,
}

/// `rank(group, value[, "asc"])` evaluated at level `of`: where this entity's
/// value stands among the entities of `of` inside its `group` entity.
#[derive(Clone, Debug)]
pub struct Rank {
    pub id: u32,
    pub of: Level,
    pub group: Level,
    /// Evaluated at `of`.
    pub value: Node,
    pub ascending: bool,
}

#[derive(Clone, Debug)]
pub enum Node {
    Const(Value),
    /// A parameter of the scheme, by index (kept by name so explanations can show it).
    Param(u32),
    /// A slot of the entity being computed.
    Slot(u32),
    /// A slot of the entity's ancestor at `level` (`team.x`, `dept.x`, `person.x` from a row).
    Up {
        level: Level,
        slot: u32,
    },
    Neg(Box<Node>),
    Not(Box<Node>),
    Bin(BinOp, Box<Node>, Box<Node>),
    If(Box<Node>, Box<Node>, Box<Node>),
    Min(Vec<Node>),
    Max(Vec<Node>),
    Clamp(Box<[Node; 3]>),
    Abs(Box<Node>),
    Round(Box<Node>, u32),
    /// interpolate(x, x0, y0, x1, y1), held at y0 below x0 and y1 above x1.
    Interp(Box<[Node; 5]>),
    /// given(x): yes when x has a value.
    Given(Box<Node>),
    /// A band lookup.
    Band {
        table: u32,
        arg: Box<Node>,
        output: u32,
    },
    Agg(Box<Agg>),
    Rank(Box<Rank>),
    /// `past(k, …)`: the inner expression over this person's archived values
    /// of the month `k` months earlier; `none` when that month has no archive.
    Past {
        inner: Box<Node>,
        none: Option<Box<Node>>,
    },
    /// A kept value (index into `[history] keep`) of this person, `k` months earlier.
    Kept {
        k: u32,
        index: u32,
    },
    /// This person's part of a team amount (person level); `amount` is team-level.
    Split {
        split: u32,
        amount: Box<Node>,
        /// Where the team's split is kept once computed.
        cache: u32,
    },
}

impl Node {
    /// Calls `f` on every node of this tree, outermost first.
    pub fn walk<'a>(&'a self, f: &mut dyn FnMut(&'a Node)) {
        f(self);
        match self {
            Node::Neg(a) | Node::Not(a) | Node::Abs(a) | Node::Round(a, _) | Node::Given(a) => {
                a.walk(f)
            }
            Node::Bin(_, a, b) => {
                a.walk(f);
                b.walk(f);
            }
            Node::If(a, b, c) => {
                a.walk(f);
                b.walk(f);
                c.walk(f);
            }
            Node::Min(v) | Node::Max(v) => v.iter().for_each(|n| n.walk(f)),
            Node::Clamp(a) => a.iter().for_each(|n| n.walk(f)),
            Node::Interp(a) => a.iter().for_each(|n| n.walk(f)),
            Node::Band { arg, .. } => arg.walk(f),
            Node::Agg(a) => {
                for n in [&a.value, &a.filter, &a.none].into_iter().flatten() {
                    n.walk(f);
                }
            }
            Node::Rank(r) => r.value.walk(f),
            Node::Past { inner, none } => {
                inner.walk(f);
                if let Some(n) = none {
                    n.walk(f);
                }
            }
            Node::Split { amount, .. } => amount.walk(f),
            Node::Const(_)
            | Node::Param(_)
            | Node::Slot(_)
            | Node::Up { .. }
            | Node::Kept { .. } => {}
        }
    }
}
