//! Compiling a rule's tree into a [`Program`]: the shapes a program runs,
//! the context that decides what "not given" does, and the stacks' depth.

use super::{At, DEPTH, Op, Program};
use crate::expr::ast::BinOp;
use crate::expr::types::Type;
use crate::model::{Level, Node, Value};
use crate::scheme::Scheme;
use rust_decimal::Decimal;

/// Where a node's value goes, which decides what "not given" does.
#[derive(Clone, Copy)]
enum Ctx<'s> {
    /// An operand: "not given" is an error naming this node.
    Operand(&'s Node),
    /// The rule's result (possibly through `if` branches): "not given" is the result.
    Tail,
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
        // The result itself: "not given" (or, for a band, whatever its
        // output holds) is the rule's value.
        Node::Band { .. } => {
            c.num(node, Ctx::Tail)?;
            false
        }
        Node::If(..) if c.numeric(node) => {
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
