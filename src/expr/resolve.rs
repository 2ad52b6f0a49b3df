//! Syntax tree → compiled [`Node`]: names resolved to slots and constants,
//! functions checked for arity, types and units checked. Runs once per scheme,
//! so evaluation does no name lookups.
//!
//! This file holds the resolver and what is not about levels or tables:
//! literals, operators with their units, `if`, and the plain functions.
//! Names, `level.value`, aggregates and ranks are in [`levels`]; `band` and
//! `split` in [`tables`].

mod history;
mod levels;
mod tables;

pub use levels::level_word;

use super::ast::{BinOp, Expr, ExprKind, Literal, UnOp};
use super::types::{Type, Unit, divide, multiply, unify};
use super::{ExprError, Span};
use crate::model::{Level, Levels, Node, Value};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::sync::Arc;

/// What the scheme offers to expressions: constants, slots, bands, splits.
pub trait Scope {
    fn levels(&self) -> &Levels;
    /// How many months back `past(k, …)` may read (0: no `[history]`).
    fn history_months(&self) -> u32;
    /// A kept person value: its index in `[history] keep` and its type.
    fn kept(&self, name: &str) -> Option<(u32, Type)>;
    /// A parameter's index and type.
    fn constant(&self, name: &str) -> Option<(u32, Type)>;
    fn slot(&self, level: Level, name: &str) -> Option<(u32, Type)>;
    /// The band table's index and the type of the value it looks up.
    fn band(&self, name: &str) -> Option<(u32, Type)>;
    fn band_output(&self, band: u32, name: &str) -> Option<(u32, Type)>;
    fn band_output_names(&self, band: u32) -> Vec<String>;
    fn split(&self, name: &str) -> Option<u32>;
}

/// Counters numbering what evaluation keeps on the side: split results,
/// aggregates (for the global levels' accumulators and the trace) and ranks.
#[derive(Clone, Debug, Default)]
pub struct SideSlots {
    pub split_caches: u32,
    pub aggregates: u32,
    pub ranks: u32,
}

pub struct Resolved {
    pub node: Node,
    pub ty: Type,
}

/// Resolves `expr` for `level`. All problems found are returned, not just the first.
pub fn resolve(
    expr: &Expr,
    level: Level,
    scope: &dyn Scope,
    side: &mut SideSlots,
) -> Result<Resolved, Vec<ExprError>> {
    let mut r = Resolver {
        scope,
        side,
        errors: Vec::new(),
        past: None,
    };
    let (node, ty) = r.expr(expr, level);
    if r.errors.is_empty() {
        Ok(Resolved { node, ty })
    } else {
        Err(r.errors)
    }
}

struct Resolver<'a> {
    scope: &'a dyn Scope,
    side: &'a mut SideSlots,
    errors: Vec<ExprError>,
    /// Inside `past(k, …)`: names are the person's kept values of k months back.
    past: Option<u32>,
}

const FUNCTIONS: &str = "min, max, clamp, abs, round, mod, interpolate, given, band, split, count, sum, avg, rank, past";

impl Resolver<'_> {
    fn fail(&mut self, span: Span, msg: impl Into<String>) -> (Node, Type) {
        self.errors.push(ExprError::new(span, msg));
        (Node::Const(Value::Failed), Type::Error)
    }

    fn expr(&mut self, e: &Expr, level: Level) -> (Node, Type) {
        match &e.kind {
            ExprKind::Number(d, lit) => {
                let unit = match lit {
                    Literal::Plain => Unit::Any,
                    Literal::Percent => Unit::Plain,
                    Literal::Money => Unit::Money,
                };
                (Node::Const(Value::Num(*d)), Type::Num(unit))
            }
            ExprKind::Text(t) => (Node::Const(Value::Text(Arc::from(t.as_str()))), Type::Text),
            ExprKind::Bool(b) => (Node::Const(Value::Bool(*b)), Type::Bool),
            ExprKind::Name(n) => self.name(n, e.span, level),
            ExprKind::Field(inner, field, fspan) => self.field(inner, field, *fspan, e.span, level),
            ExprKind::Unary(UnOp::Neg, a) => {
                let (n, t) = self.expr(a, level);
                if !t.is_num() {
                    return self.fail(a.span, format!("cannot negate {t}"));
                }
                (Node::Neg(Box::new(n)), t)
            }
            ExprKind::Unary(UnOp::Not, a) => {
                let (n, t) = self.expr(a, level);
                self.want_bool(t, a.span, "not");
                (Node::Not(Box::new(n)), Type::Bool)
            }
            ExprKind::Binary(op, a, b) => self.binary(*op, a, b, e.span, level),
            ExprKind::If(c, a, b) => {
                let (cn, ct) = self.expr(c, level);
                self.want_bool(ct, c.span, "if");
                let (an, at) = self.expr(a, level);
                let (bn, bt) = self.expr(b, level);
                let Some(t) = unify(at, bt) else {
                    return self.fail(
                        e.span,
                        format!(
                            "the branches of this if give {at} and {bt}; both must give the same"
                        ),
                    );
                };
                (Node::If(Box::new(cn), Box::new(an), Box::new(bn)), t)
            }
            ExprKind::Call(f, fspan, args) => self.call(f, *fspan, args, e.span, level),
        }
    }

    fn want_bool(&mut self, t: Type, span: Span, what: &str) {
        if !matches!(t, Type::Bool | Type::Error) {
            self.errors.push(ExprError::new(
                span,
                format!("{what} needs yes/no, found {t}"),
            ));
        }
    }

    fn want_num(&mut self, t: Type, span: Span, what: &str) -> bool {
        if t.is_num() {
            true
        } else {
            self.errors.push(ExprError::new(
                span,
                format!("{what} needs a number, found {t}"),
            ));
            false
        }
    }

    fn binary(&mut self, op: BinOp, a: &Expr, b: &Expr, span: Span, level: Level) -> (Node, Type) {
        let (an, at) = self.expr(a, level);
        let (bn, bt) = self.expr(b, level);
        let node = match op {
            BinOp::Mul | BinOp::Div => product(op, an, bn),
            _ => Node::Bin(op, Box::new(an), Box::new(bn)),
        };
        if at == Type::Error || bt == Type::Error {
            let t = match op {
                BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Mod => Type::Error,
                _ => Type::Bool,
            };
            return (node, t);
        }
        let sym = op.symbol();
        match op {
            BinOp::And | BinOp::Or => {
                self.want_bool(at, a.span, sym);
                self.want_bool(bt, b.span, sym);
                (node, Type::Bool)
            }
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                let ordered = !matches!(op, BinOp::Eq | BinOp::Ne);
                match unify(at, bt) {
                    Some(Type::Bool) if ordered => {
                        self.fail(span, format!("yes/no values cannot be compared with {sym}"))
                    }
                    Some(Type::Text) if ordered => {
                        self.fail(span, format!("text cannot be compared with {sym}"))
                    }
                    Some(_) => (node, Type::Bool),
                    None => self.fail(span, format!("cannot compare {at} with {bt}")),
                }
            }
            BinOp::Add | BinOp::Sub => {
                let verb = if op == BinOp::Add { "add" } else { "subtract" };
                if !at.is_num() || !bt.is_num() {
                    return self.fail(span, format!("cannot {verb} {at} and {bt}"));
                }
                match unify(at, bt) {
                    Some(t) => (node, t),
                    None => self.fail(span, format!("cannot {verb} {at} and {bt}; both sides must be money or both plain numbers")),
                }
            }
            BinOp::Mod => (node, unify(at, bt).unwrap_or(Type::Error)),
            BinOp::Mul | BinOp::Div => {
                let (Type::Num(x), Type::Num(y)) = (at, bt) else {
                    let verb = if op == BinOp::Mul {
                        "multiply"
                    } else {
                        "divide"
                    };
                    return self.fail(span, format!("cannot {verb} {at} by {bt}"));
                };
                let unit = if op == BinOp::Mul {
                    multiply(x, y)
                } else {
                    divide(x, y)
                };
                match unit {
                    Some(u) => (node, Type::Num(u)),
                    None if op == BinOp::Mul => self.fail(span, "cannot multiply money by money"),
                    None => self.fail(span, "cannot divide a plain number by money"),
                }
            }
        }
    }

    fn arity(
        &mut self,
        f: &str,
        args: &[Expr],
        span: Span,
        want: std::ops::RangeInclusive<usize>,
    ) -> bool {
        if want.contains(&args.len()) {
            return true;
        }
        let n = if want.start() == want.end() {
            format!("{}", want.start())
        } else if *want.end() == usize::MAX {
            format!("at least {}", want.start())
        } else {
            format!("{} to {}", want.start(), want.end())
        };
        self.errors.push(ExprError::new(
            span,
            format!("{f} takes {n} arguments, found {}", args.len()),
        ));
        false
    }

    /// Numeric arguments that must share one unit; returns nodes and the unified type.
    fn same_unit(&mut self, f: &str, args: &[Expr], level: Level, span: Span) -> (Vec<Node>, Type) {
        let mut nodes = Vec::new();
        let mut ty = Type::Num(Unit::Any);
        for a in args {
            let (n, t) = self.expr(a, level);
            if self.want_num(t, a.span, f) {
                match unify(ty, t) {
                    Some(u) => ty = u,
                    None => {
                        self.errors.push(ExprError::new(
                            span,
                            format!("the arguments of {f} mix money and plain numbers"),
                        ));
                        ty = Type::Error;
                    }
                }
            } else {
                ty = Type::Error;
            }
            nodes.push(n);
        }
        (nodes, ty)
    }

    fn call(
        &mut self,
        f: &str,
        fspan: Span,
        args: &[Expr],
        span: Span,
        level: Level,
    ) -> (Node, Type) {
        let first_is_level = matches!(args.first().map(|a| &a.kind),
            Some(ExprKind::Name(n)) if level_word(self.scope.levels(), n).is_some());
        match f {
            "count" | "sum" | "avg" | "min" | "max" if first_is_level => {
                self.aggregate(f, args, span, level)
            }
            _ if self.past.is_some()
                && matches!(f, "count" | "sum" | "avg" | "rank" | "split" | "past")
                || (self.past.is_some() && first_is_level) =>
            {
                self.fail(
                    span,
                    format!("{f}(…) cannot be used inside past(…), which reads one person's archived values"),
                )
            }
            "past" => self.past(args, span, level),
            "mod" => {
                if !self.arity(f, args, span, 2..=2) {
                    return (Node::Const(Value::Failed), Type::Error);
                }
                let (mut nodes, t) = self.same_unit(f, args, level, span);
                let (Some(b), Some(a)) = (nodes.pop(), nodes.pop()) else {
                    return (Node::Const(Value::Failed), Type::Error);
                };
                (Node::Bin(BinOp::Mod, Box::new(a), Box::new(b)), t)
            }
            "rank" => self.rank(args, span, level),
            "given" => {
                if !self.arity(f, args, span, 1..=1) {
                    return (Node::Const(Value::Failed), Type::Error);
                }
                let Some(a) = args.first() else {
                    return (Node::Const(Value::Failed), Type::Error);
                };
                let (n, _) = self.expr(a, level);
                (Node::Given(Box::new(n)), Type::Bool)
            }
            "min" | "max" => {
                if !self.arity(f, args, span, 2..=usize::MAX) {
                    return (Node::Const(Value::Failed), Type::Error);
                }
                let (nodes, t) = self.same_unit(f, args, level, span);
                (
                    if f == "min" {
                        Node::Min(nodes)
                    } else {
                        Node::Max(nodes)
                    },
                    t,
                )
            }
            "clamp" => {
                if !self.arity(f, args, span, 3..=3) {
                    return (Node::Const(Value::Failed), Type::Error);
                }
                let (nodes, t) = self.same_unit(f, args, level, span);
                match <[Node; 3]>::try_from(nodes) {
                    Ok(arr) => (Node::Clamp(Box::new(arr)), t),
                    Err(_) => (Node::Const(Value::Failed), Type::Error),
                }
            }
            "abs" => {
                if !self.arity(f, args, span, 1..=1) {
                    return (Node::Const(Value::Failed), Type::Error);
                }
                let (nodes, t) = self.same_unit(f, args, level, span);
                (
                    Node::Abs(Box::new(
                        nodes
                            .into_iter()
                            .next()
                            .unwrap_or(Node::Const(Value::Failed)),
                    )),
                    t,
                )
            }
            "round" => {
                if !self.arity(f, args, span, 1..=2) {
                    return (Node::Const(Value::Failed), Type::Error);
                }
                let places = match args.get(1).map(|a| &a.kind) {
                    None => 2,
                    Some(ExprKind::Number(d, Literal::Plain))
                        if d.fract().is_zero() && *d >= Decimal::ZERO && *d <= Decimal::TEN =>
                    {
                        d.normalize().to_u32().unwrap_or(2)
                    }
                    Some(_) => {
                        let s = args.get(1).map_or(span, |a| a.span);
                        return self.fail(s, "round's second argument is the number of decimal places, a whole number from 0 to 10");
                    }
                };
                let Some(first) = args.first() else {
                    return (Node::Const(Value::Failed), Type::Error);
                };
                let (n, t) = self.expr(first, level);
                self.want_num(t, first.span, "round");
                (Node::Round(Box::new(n), places), t)
            }
            "interpolate" => {
                if !self.arity(f, args, span, 5..=5) {
                    return (Node::Const(Value::Failed), Type::Error);
                }
                let xs: Vec<&Expr> = [0, 1, 3].iter().filter_map(|i| args.get(*i)).collect();
                let ys: Vec<&Expr> = [2, 4].iter().filter_map(|i| args.get(*i)).collect();
                let xs_owned: Vec<Expr> = xs.into_iter().cloned().collect();
                let ys_owned: Vec<Expr> = ys.into_iter().cloned().collect();
                let (xn, _) = self.same_unit("interpolate's x values", &xs_owned, level, span);
                let (yn, yt) = self.same_unit("interpolate's y values", &ys_owned, level, span);
                let mut xn = xn.into_iter();
                let mut yn = yn.into_iter();
                let nodes = [xn.next(), xn.next(), yn.next(), xn.next(), yn.next()];
                let [Some(a), Some(b), Some(c), Some(d), Some(e)] = nodes else {
                    return (Node::Const(Value::Failed), Type::Error);
                };
                (Node::Interp(Box::new([a, b, c, d, e])), yt)
            }
            "band" => self.band(args, None, span, level),
            "split" => self.split(args, span, level),
            "count" | "sum" | "avg" => self.fail(
                span,
                format!(
                    "{f} works over a lower level: {f}(members{}), or a rows input such as {f}(survey{})",
                    if f == "count" { "" } else { ", value" },
                    if f == "count" { "" } else { ", score" }
                ),
            ),
            _ => self.fail(
                fspan,
                format!("unknown function \"{f}\"; the functions are {FUNCTIONS}"),
            ),
        }
    }
}

/// Builds `a × b` or `a ÷ b` with every division moved to the end:
/// `a / b * c` becomes `(a * c) / b`, `(a / b) / c` becomes `a / (b * c)`
/// (`a / (b / c)` stays: rewriting it would hide a division by zero in `b / c`).
/// A quotient is then rounded (to 28
/// digits) only once, after all products, so `salary / 26 * days` lands on the
/// right side of a half 分: 3000.13 / 26 × 13 = 1500.065 exactly, not
/// 1500.0649999….
fn product(op: BinOp, a: Node, b: Node) -> Node {
    let bin = |op, x, y| Node::Bin(op, Box::new(x), Box::new(y));
    match (op, a, b) {
        (BinOp::Mul, Node::Bin(BinOp::Div, x, y), c) => {
            bin(BinOp::Div, product(BinOp::Mul, *x, c), *y)
        }
        (BinOp::Mul, c, Node::Bin(BinOp::Div, x, y)) => {
            bin(BinOp::Div, product(BinOp::Mul, c, *x), *y)
        }
        (BinOp::Div, Node::Bin(BinOp::Div, x, y), c) => {
            bin(BinOp::Div, *x, product(BinOp::Mul, *y, c))
        }
        (op, a, b) => bin(op, a, b),
    }
}
