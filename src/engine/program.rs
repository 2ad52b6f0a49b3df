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

use super::eval::{Frame, Side, Stop, World, arithmetic, band_row, eval, holds, read, slot};
use super::trace::{Event, Events};
use super::world::err;
use crate::expr::ast::BinOp;
use crate::expr::types::Type;
use crate::model::{Level, Node, Value};
use crate::money::round_half_away;
use crate::scheme::Scheme;
use rust_decimal::Decimal;
use std::cmp::Ordering;

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

/// Where a node's value goes, which decides what "not given" does.
#[derive(Clone, Copy)]
enum Ctx<'s> {
    /// An operand: "not given" is an error naming this node.
    Operand(&'s Node),
    /// The rule's result (possibly through `if` branches): "not given" is the result.
    Tail,
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

/// The program of a rule at `level`, or `None` when the rule is not of a
/// shape programs run.
pub fn compile<'s>(scheme: &'s Scheme, level: Level, node: &'s Node) -> Option<Program<'s>> {
    let mut c = Compiler {
        scheme,
        level,
        ops: Vec::new(),
        nums: 0,
        bools: 0,
        deepest: 0,
    };
    let boolean = match node {
        Node::Bin(op, ..) if is_arith(*op) => {
            c.num(node, Ctx::Operand(node))?;
            false
        }
        Node::Min(_) | Node::Max(_) | Node::Round(..) | Node::Neg(_) | Node::Abs(_) => {
            c.num(node, Ctx::Operand(node))?;
            false
        }
        Node::If(..) | Node::Band { .. }
            if c.numeric(node) || matches!(node, Node::Band { .. }) =>
        {
            c.num(node, Ctx::Tail)?;
            false
        }
        Node::Bin(op, a, b) if is_cmp(*op) => {
            // `eval` compares `given(a)` with `given(b)`: for numbers, the
            // same reads and errors as `boolean`'s comparison.
            c.cmp(*op, a, b)?;
            true
        }
        Node::Bin(BinOp::And | BinOp::Or, ..) | Node::Not(_) => {
            c.boolean(node)?;
            true
        }
        _ => return None,
    };
    (c.deepest <= DEPTH).then_some(Program {
        ops: c.ops,
        boolean,
    })
}

fn is_arith(op: BinOp) -> bool {
    matches!(
        op,
        BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Mod
    )
}

fn is_cmp(op: BinOp) -> bool {
    matches!(
        op,
        BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
    )
}

struct Compiler<'s> {
    scheme: &'s Scheme,
    level: Level,
    ops: Vec<Op<'s>>,
    /// The stacks' depths as the ops run, and the deepest either reaches.
    nums: usize,
    bools: usize,
    deepest: usize,
}

impl<'s> Compiler<'s> {
    fn push(&mut self, op: Op<'s>, nums: isize, bools: isize) {
        self.ops.push(op);
        self.nums = self.nums.saturating_add_signed(nums);
        self.bools = self.bools.saturating_add_signed(bools);
        self.deepest = self.deepest.max(self.nums).max(self.bools);
    }

    /// The declared type of the slot a `Slot` or `Up` node reads.
    fn slot_type(&self, node: &Node) -> Option<Type> {
        let (level, slot) = match node {
            Node::Slot(s) => (self.level, *s),
            Node::Up { level, slot } => (*level, *slot),
            _ => return None,
        };
        self.scheme.slots(level).get(slot as usize).map(|d| d.ty)
    }

    /// The number parameter `i` holds, if it holds one.
    fn param(&self, i: u32) -> Option<Decimal> {
        match self.scheme.params.get(i as usize).map(|p| &p.value) {
            Some(Value::Num(d)) => Some(*d),
            _ => None,
        }
    }

    /// Whether `node` is always a number (or not given) — what a comparison
    /// needs of both sides to compare as numbers.
    fn numeric(&self, node: &Node) -> bool {
        match node {
            Node::Const(Value::Num(_)) => true,
            Node::Param(i) => self.param(*i).is_some(),
            Node::Slot(_) | Node::Up { .. } => {
                matches!(self.slot_type(node), Some(Type::Num(_)))
            }
            Node::Bin(op, ..) => is_arith(*op),
            Node::Min(_) | Node::Max(_) | Node::Round(..) | Node::Neg(_) | Node::Abs(_) => true,
            Node::If(_, a, b) => self.numeric(a) && self.numeric(b),
            _ => false,
        }
    }

    /// Compiles `node` to push one number.
    fn num(&mut self, node: &'s Node, ctx: Ctx<'s>) -> Option<()> {
        // The node `number` would name when this one is not given: the
        // operand itself, or for an `if`'s branches the `if`.
        let (named, tail) = match ctx {
            Ctx::Operand(n) => (n, false),
            Ctx::Tail => (node, true),
        };
        match node {
            Node::Const(Value::Num(d)) => self.push(Op::Const(*d), 1, 0),
            Node::Param(i) => {
                let d = self.param(*i)?;
                self.push(Op::Param(*i, d), 1, 0);
            }
            Node::Slot(_) | Node::Up { .. } => {
                if !matches!(self.slot_type(node)?, Type::Num(_)) {
                    return None;
                }
                let at = match *node {
                    Node::Slot(s) => At::Own(s),
                    Node::Up { level, slot }
                        if level == Level::TEAM && self.level == Level::PERSON =>
                    {
                        At::Team(slot)
                    }
                    _ => At::Node,
                };
                let op = Op::Read {
                    at,
                    node,
                    named,
                    tail,
                };
                self.push(op, 1, 0);
            }
            Node::Bin(op, a, b) if is_arith(*op) => {
                self.num(a, Ctx::Operand(a))?;
                self.num(b, Ctx::Operand(b))?;
                self.push(Op::Arith(*op), -1, 0);
            }
            Node::Neg(a) | Node::Abs(a) | Node::Round(a, _) => {
                self.num(a, Ctx::Operand(a))?;
                let op = match node {
                    Node::Neg(_) => Op::Neg,
                    Node::Abs(_) => Op::Abs,
                    Node::Round(_, places) => Op::Round(*places),
                    _ => return None,
                };
                self.push(op, 0, 0);
            }
            Node::Min(args) | Node::Max(args) => {
                let n = u8::try_from(args.len()).ok().filter(|&n| n > 0)?;
                for a in args {
                    self.num(a, Ctx::Operand(a))?;
                }
                let min = matches!(node, Node::Min(_));
                self.push(Op::Extreme { min, n }, 1 - isize::from(n), 0);
            }
            Node::If(c, a, b) => {
                // The branches are `maybe_number`'s (in an operand) or
                // `eval`'s (the result): the context passes through.
                self.boolean(c)?;
                let jump = self.ops.len();
                self.push(Op::JumpIfFalse(0), 0, -1);
                self.num(a, ctx)?;
                let end = self.ops.len();
                self.push(Op::Jump(0), -1, 0);
                let else_at = self.ops.len();
                self.num(b, ctx)?;
                let end_at = self.ops.len();
                *self.ops.get_mut(jump)? = Op::JumpIfFalse(else_at);
                *self.ops.get_mut(end)? = Op::Jump(end_at);
            }
            Node::Band { table, arg, output } => {
                self.num(arg, Ctx::Operand(arg))?;
                let op = Op::Band {
                    table: *table,
                    output: *output,
                    named,
                    tail,
                };
                self.push(op, 0, 0);
            }
            _ => return None,
        }
        Some(())
    }

    /// Compiles `node` to push one yes/no.
    fn boolean(&mut self, node: &'s Node) -> Option<()> {
        match node {
            Node::Slot(_) | Node::Up { .. } => {
                if self.slot_type(node)? != Type::Bool {
                    return None;
                }
                self.push(Op::ReadBool(node), 0, 1);
            }
            Node::Bin(op @ (BinOp::And | BinOp::Or), a, b) => {
                self.boolean(a)?;
                let at = self.ops.len();
                self.push(Op::Jump(0), 0, -1);
                self.boolean(b)?;
                let to = self.ops.len();
                *self.ops.get_mut(at)? = Op::Short {
                    when: *op == BinOp::Or,
                    to,
                };
            }
            Node::Not(a) => {
                self.boolean(a)?;
                self.push(Op::Not, 0, 0);
            }
            Node::Bin(op, a, b) if is_cmp(*op) => self.cmp(*op, a, b)?,
            _ => return None,
        }
        Some(())
    }

    fn cmp(&mut self, op: BinOp, a: &'s Node, b: &'s Node) -> Option<()> {
        if !self.numeric(a) || !self.numeric(b) {
            return None;
        }
        self.num(a, Ctx::Operand(a))?;
        self.num(b, Ctx::Operand(b))?;
        self.push(Op::Cmp(op), -2, 1);
        Some(())
    }
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

/// Runs `p` for the entity of `f`: the value the rule's tree gives, with
/// the same reads recorded and the same errors.
pub fn run(p: &Program, w: &World, f: Frame, side: &mut Side) -> Result<Value, Stop> {
    let mut nums = [Decimal::ZERO; DEPTH];
    let mut bools = [false; DEPTH];
    let (mut n, mut b) = (0usize, 0usize);
    let mut pc = 0;
    // Stack slots are checked: a program that would leave them is a bug,
    // reported as an internal error rather than a panic.
    macro_rules! pop {
        () => {{
            n = n.wrapping_sub(1);
            *nums.get(n).ok_or_else(internal)?
        }};
    }
    macro_rules! push {
        ($v:expr) => {{
            let v = $v;
            *nums.get_mut(n).ok_or_else(internal)? = v;
            n += 1;
        }};
    }
    macro_rules! pop_bool {
        () => {{
            b = b.wrapping_sub(1);
            *bools.get(b).ok_or_else(internal)?
        }};
    }
    macro_rules! push_bool {
        ($v:expr) => {{
            let v = $v;
            *bools.get_mut(b).ok_or_else(internal)? = v;
            b += 1;
        }};
    }
    while let Some(op) = p.ops.get(pc) {
        pc += 1;
        match op {
            Op::Const(d) => push!(*d),
            Op::Param(i, d) => {
                side.record_read(Event::Param(*i));
                push!(*d)
            }
            Op::Read {
                at,
                node,
                named,
                tail,
            } => match read_at(*at, node, w, f, side)? {
                Value::Num(d) => push!(*d),
                Value::NotGiven if *tail => return Ok(Value::NotGiven),
                Value::NotGiven => return Err(w.not_given(named, f)),
                other => return Err(not_a_number(read(other)?)),
            },
            Op::ReadBool(node) => match slot(node, w, f, side)? {
                Value::Bool(v) => push_bool!(*v),
                Value::NotGiven => return Err(w.not_given(node, f)),
                other => return err(format!("expected yes/no, found {:?}", read(other)?)),
            },
            Op::Arith(op) => {
                let y = pop!();
                let x = pop!();
                push!(arithmetic(*op, x, y)?)
            }
            Op::Neg => {
                let x = pop!();
                push!(-x)
            }
            Op::Abs => {
                let x = pop!();
                push!(x.abs())
            }
            Op::Round(places) => {
                // rust_decimal returns a value with no more decimals as it is.
                let x = pop!();
                push!(if x.scale() <= *places {
                    x
                } else {
                    round_half_away(x, *places)
                })
            }
            Op::Extreme { min, n: k } => {
                let from = n.checked_sub(usize::from(*k)).ok_or_else(internal)?;
                let args = nums.get(from..n).ok_or_else(internal)?;
                let [first, rest @ ..] = args else {
                    return Err(internal());
                };
                let mut best = *first;
                for v in rest {
                    best = pick(*min, best, *v);
                }
                n = from;
                push!(best)
            }
            Op::Band {
                table,
                output,
                named,
                tail,
            } => {
                let x = pop!();
                let v = band_row(*table, *output, x, w, f, side)?;
                match v {
                    Value::Num(d) => push!(d),
                    v if *tail => return Ok(v),
                    Value::NotGiven => return Err(w.not_given(named, f)),
                    other => return Err(not_a_number(other)),
                }
            }
            Op::Cmp(op) => {
                let y = pop!();
                let x = pop!();
                push_bool!(holds(*op, order(&x, &y)))
            }
            Op::Not => {
                let v = pop_bool!();
                push_bool!(!v)
            }
            Op::JumpIfFalse(to) => {
                if !pop_bool!() {
                    pc = *to;
                }
            }
            Op::Short { when, to } => {
                let v = pop_bool!();
                if v == *when {
                    push_bool!(v);
                    pc = *to;
                }
            }
            Op::Jump(to) => pc = *to,
        }
    }
    if p.boolean {
        Ok(Value::Bool(pop_bool!()))
    } else {
        Ok(Value::Num(pop!()))
    }
}

/// The value a read finds, recorded as read (as [`slot`] records it).
#[inline]
fn read_at<'w>(
    at: At,
    node: &Node,
    w: &World<'w>,
    f: Frame,
    side: &mut Side,
) -> Result<&'w Value, Stop> {
    let (level, entity, slot) = match at {
        At::Own(s) => (f.level, f.entity, s),
        At::Team(s) => (Level::TEAM, 0, s),
        At::Node => return slot(node, w, f, side),
    };
    side.record_read(Event::Read {
        level,
        entity,
        slot,
    });
    Ok(w.local
        .slots
        .get(level.index())
        .map_or(&Value::Unset, |s| s.get(entity, slot)))
}

/// `a`'s order against `b`, as `Decimal::cmp` orders them: decimals of
/// one scale and at most 64 bits by their signed mantissas (a zero's sign
/// does not count, as in rust_decimal), others by rust_decimal.
#[inline]
fn order(a: &Decimal, b: &Decimal) -> Ordering {
    let (x, y) = (a.unpack(), b.unpack());
    if x.scale == y.scale && x.hi == 0 && y.hi == 0 {
        let signed = |negative: bool, mid: u32, lo: u32| {
            let m = i128::from(mid) << 32 | i128::from(lo);
            if negative { -m } else { m }
        };
        return signed(x.negative, x.mid, x.lo).cmp(&signed(y.negative, y.mid, y.lo));
    }
    a.cmp(b)
}

/// `best.min(v)` (`min`) or `best.max(v)`, as rust_decimal picks them: on
/// a tie (0 and −0, 1 and 1.0) both keep `best`.
#[inline]
fn pick(min: bool, best: Decimal, v: Decimal) -> Decimal {
    match (min, order(&best, &v)) {
        (true, Ordering::Greater) | (false, Ordering::Less) => v,
        _ => best,
    }
}

fn internal() -> Stop {
    Stop::Error("internal: a rule's program left its stack".into())
}

fn not_a_number(v: Value) -> Stop {
    Stop::Error(format!("expected a number, found {v:?}").into())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn scheme(file: &str) -> Scheme {
        let path = format!("{}/schemes/{file}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        crate::scheme::load::load(&path, &text).unwrap().0
    }

    /// The names of the local rules of `s` that compile, by level.
    fn compiled(s: &Scheme) -> Vec<String> {
        let programs = compile_plan(s);
        s.plan
            .iter()
            .zip(&programs)
            .filter(|(_, p)| p.is_some())
            .map(|(step, _)| {
                let name = &s.slots(step.level)[step.slot as usize].name;
                format!("{}.{name}", s.levels.name(step.level))
            })
            .collect()
    }

    #[test]
    fn the_after_sales_rules_that_run_as_programs() {
        let s = scheme("after-sales-repair.toml");
        let mut got = compiled(&s);
        got.sort();
        // Every team rule but `size = count(members)` (an aggregate) and the
        // two flags; the person items but the two `split(…)`s.
        let mut want: Vec<String> = [
            "team.counted",
            "team.quota",
            "team.X1",
            "team.rate",
            "team.short_share",
            "team.excess",
            "team.shortfall",
            "team.protected",
            "team.pool",
            "team.penalty",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        want.sort();
        let team: Vec<_> = got
            .iter()
            .filter(|n| n.starts_with("team."))
            .cloned()
            .collect();
        let flags = got
            .iter()
            .filter(|n| n.contains("qc_within") || n.contains("on_time_within"))
            .count();
        assert_eq!(
            team.iter()
                .filter(|n| !n.contains("_within_"))
                .cloned()
                .collect::<Vec<_>>(),
            want,
            "{got:?}"
        );
        assert_eq!(flags, 2, "both flags (comparisons) compile: {got:?}");
        let people: Vec<_> = got.iter().filter(|n| !n.starts_with("team.")).collect();
        assert!(
            people.iter().any(|n| n.ends_with("short_returns_bonus")),
            "{got:?}"
        );
        assert!(
            people.iter().any(|n| n.ends_with("points_bonus")),
            "{got:?}"
        );
        assert!(
            !people.iter().any(|n| n.ends_with("excess_bonus")),
            "a split stays a tree: {got:?}"
        );
    }

    /// A decimal of up to 12 digits at scale 0..=3 (so scales often match),
    /// zeros of either sign, and some beyond 64 bits.
    fn decimal() -> impl proptest::strategy::Strategy<Value = Decimal> {
        use proptest::prelude::*;
        prop_oneof![
            6 => (-999_999_999_999i64..=999_999_999_999, 0u32..=3).prop_map(|(m, s)| Decimal::new(m, s)),
            2 => (0u32..=3, any::<bool>()).prop_map(|(s, n)| {
                let mut d = Decimal::new(0, s);
                d.set_sign_negative(n);
                d
            }),
            1 => (any::<i128>(), 0u32..=3).prop_map(|(m, s)| Decimal::from_i128_with_scale(m >> 32, s)),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// `order` is `Decimal::cmp`, and `pick` gives `min`/`max`'s bits.
        #[test]
        fn order_and_pick_are_rust_decimals(a in decimal(), b in decimal()) {
            proptest::prop_assert_eq!(order(&a, &b), a.cmp(&b));
            proptest::prop_assert_eq!(pick(true, a, b).serialize(), a.min(b).serialize());
            proptest::prop_assert_eq!(pick(false, a, b).serialize(), a.max(b).serialize());
        }
    }

    /// The cases `order` answers itself, the ties and the zeros of either sign
    /// are a good part of what the property above sees.
    #[test]
    fn the_order_cases_cover_ties_and_zeros() {
        use proptest::strategy::{Strategy, ValueTree};
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let (mut same_scale, mut ties, mut signed_zero_ties, mut wide) = (0, 0, 0, 0);
        let strategy = (decimal(), decimal());
        for _ in 0..4000 {
            let (a, b) = strategy.new_tree(&mut runner).unwrap().current();
            same_scale += usize::from(a.scale() == b.scale());
            ties += usize::from(a == b);
            signed_zero_ties += usize::from(
                a.is_zero() && b.is_zero() && a.is_sign_negative() != b.is_sign_negative(),
            );
            wide += usize::from(a.mantissa().unsigned_abs() >> 64 != 0);
        }
        assert!(
            same_scale > 1000 && ties > 100 && signed_zero_ties > 40 && wide > 200,
            "{same_scale} {ties} {signed_zero_ties} {wide}"
        );
    }

    #[test]
    fn a_program_runs_in_the_trees_order() {
        // quota = work_days * (if size == 3 then daily_quota_three else daily_quota_two):
        // the parameter first, then the condition's read, a jump over one branch.
        let s = scheme("after-sales-repair.toml");
        let programs = compile_plan(&s);
        let (i, _) = s
            .plan
            .iter()
            .enumerate()
            .find(|(_, st)| s.slots(st.level)[st.slot as usize].name == "quota")
            .unwrap();
        let p = programs[i].as_ref().unwrap();
        let shape: Vec<String> = p
            .ops
            .iter()
            .map(|op| match op {
                Op::Param(_, d) => format!("param {d}"),
                Op::Read { .. } => "read".into(),
                Op::Const(d) => format!("const {d}"),
                Op::Cmp(op) => format!("cmp {op:?}"),
                Op::JumpIfFalse(to) => format!("jump-if-false {to}"),
                Op::Jump(to) => format!("jump {to}"),
                Op::Arith(op) => format!("{op:?}"),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(
            shape,
            [
                "param 22",
                "read",
                "const 3",
                "cmp Eq",
                "jump-if-false 7",
                "param 9",
                "jump 8",
                "param 6",
                "Mul"
            ]
        );
        assert!(!p.boolean);
    }
}
