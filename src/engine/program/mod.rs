//! A rule's numeric or yes/no expression as a flat program, run without
//! walking the tree: the local rules of the common shapes (arithmetic over
//! inputs, parameters and other figures, `min`/`max`, `if`, comparisons,
//! `and`/`or`/`not`, rounding, band lookups) are compiled once per run and
//! run for every entity by a small stack machine.
//!
//! A program is the tree's evaluation in the same order, with the same
//! effects: it reads the same slots and parameters (recorded in the trace as
//! [`eval`](super::eval) records them), looks up the same band rows, and
//! fails with the same [`Stop`] — the node a "not given" error names is the
//! one [`super::eval::number`] would name. Anything outside these shapes
//! (aggregates, splits, ranks, text, dates, history) is left to the tree:
//! [`compile`] returns `None` and the rule is evaluated as before.

//!
//! `compile` builds a program (the compiler's job), `run` runs it (the
//! stack machine's); [`run_rule`] is what the passes call.

mod compile;
mod run;
#[cfg(test)]
mod tests;

pub use compile::compile;
pub use run::run;

use super::eval::{Frame, Side, Stop, World, eval};
use super::trace::Events;
use crate::expr::ast::BinOp;
use crate::model::{Node, Value};
use crate::scheme::Scheme;
use rust_decimal::Decimal;

/// How deep a program's stacks may grow; deeper expressions stay trees.
const DEPTH: usize = 8;

/// One rule's program.
#[derive(Debug)]
pub struct Program<'s> {
    ops: Vec<Op<'s>>,
    /// The rule gives yes/no (else a number).
    boolean: bool,
}

#[derive(Debug)]
enum Op<'s> {
    /// Pushes a constant number.
    Const(Decimal),
    /// Pushes parameter `index` (a number), recorded as read.
    Param(u32, Decimal),
    /// Pushes a number read from a `Slot` or `Up` node; "not given" fails
    /// naming `named` (or, `tail`, ends the program with "not given").
    Read {
        at: At,
        node: &'s Node,
        named: &'s Node,
        tail: bool,
    },
    /// Pushes yes/no read from a `Slot` or `Up` node.
    ReadBool(&'s Node),
    /// Pops y and x, pushes x op y.
    Arith(BinOp),
    Neg,
    Abs,
    Round(u32),
    /// Pops `n` numbers, pushes the least (`min`) or greatest, folded from the first.
    Extreme {
        min: bool,
        n: u8,
    },
    /// Pops x, pushes output `output` of the row of band `table` holding x.
    Band {
        table: u32,
        output: u32,
        named: &'s Node,
        tail: bool,
    },
    /// Pops y and x, pushes whether x op y.
    Cmp(BinOp),
    Not,
    /// Pops a yes/no; jumps when it is false.
    JumpIfFalse(usize),
    /// Jumps when the top yes/no is false (`and`) or true (`or`), keeping
    /// it; else pops it.
    Short {
        when: bool,
        to: usize,
    },
    Jump(usize),
}

/// Where a read finds its value: known when the rule is compiled for the
/// two reads most rules make, else found as the tree finds it.
#[derive(Clone, Copy, Debug)]
enum At {
    /// Slot `.0` of the entity computed (a local level).
    Own(u32),
    /// Slot `.0` of a person's team (the chunk's one team, entity 0).
    Team(u32),
    /// Through [`slot`]: another level's value.
    Node,
}

/// Per step of the scheme's plan: the program of each local rule that has one.
pub fn compile_plan(scheme: &Scheme) -> Vec<Option<Program<'_>>> {
    scheme
        .plan
        .iter()
        .map(|s| {
            if scheme.levels.is_global(s.level) {
                None
            } else {
                compile(scheme, s.level, &s.node)
            }
        })
        .collect()
}

/// A local rule's value for the entity of `f`: its program's when it has
/// one, else the tree's. In debug builds (every test) a program's rule is
/// evaluated by the tree as well, and the two must agree on the value or
/// the error and on the events recorded: the tree is the reference.
pub fn run_rule(
    p: Option<&Program>,
    node: &Node,
    w: &World,
    f: Frame,
    side: &mut Side,
) -> Result<Value, Stop> {
    match p {
        None => eval(node, w, f, side),
        Some(p) if cfg!(debug_assertions) => against_tree(p, node, w, f, side),
        Some(p) => run(p, w, f, side),
    }
}

/// Runs `p`, then the tree, and panics if they differ (debug builds only).
fn against_tree(
    p: &Program,
    node: &Node,
    w: &World,
    f: Frame,
    side: &mut Side,
) -> Result<Value, Stop> {
    let from = side.trace.as_deref().map_or(0, Events::len);
    let recorded = |side: &Side| {
        side.trace
            .as_deref()
            .map(|t| t.as_slice().get(from..).unwrap_or_default().to_vec())
    };
    let memo = side.last_band;
    let program = run(p, w, f, side);
    let program_events = recorded(side);
    if let Some(t) = side.trace.as_deref_mut() {
        t.truncate(from);
    }
    side.last_band = memo;
    let tree = eval(node, w, f, side);
    assert_eq!(
        program, tree,
        "a rule's program and its tree differ: {node:?}"
    );
    // Decimals compare equal across scales and zero signs; their bits must match too.
    if let (Ok(Value::Num(a)), Ok(Value::Num(b))) = (&program, &tree) {
        assert_eq!(
            a.serialize(),
            b.serialize(),
            "a rule's program and its tree differ in scale or sign: {node:?}"
        );
    }
    assert_eq!(
        program_events,
        recorded(side),
        "a rule's program recorded other events: {node:?}"
    );
    tree
}
