//! Syntax tree → compiled [`Node`]: names resolved to slots and constants,
//! functions checked for arity, types and units checked. Runs once per scheme,
//! so evaluation does no name lookups.

use super::ast::{BinOp, Expr, ExprKind, Literal, UnOp};
use super::types::{Type, Unit, divide, multiply, unify};
use super::{ExprError, Span};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::sync::Arc;

/// Which kind of entity an expression is evaluated for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    Team,
    Person,
}

impl Level {
    pub fn word(self) -> &'static str {
        match self {
            Level::Team => "team",
            Level::Person => "person",
        }
    }
}

/// A value during evaluation.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Num(Decimal),
    Bool(bool),
    Text(Arc<str>),
    Date(chrono::NaiveDate),
    /// Not computed yet.
    Unset,
    /// Its computation failed (the failure is reported once, where it happened).
    Failed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AggOp {
    Count,
    Sum,
    Avg,
    Min,
    Max,
}

/// A compiled expression.
#[derive(Clone, Debug)]
pub enum Node {
    Const(Value),
    /// A slot of the entity being computed.
    Slot(u32),
    /// A slot of the person's team (person level only).
    TeamSlot(u32),
    Neg(Box<Node>),
    Not(Box<Node>),
    Bin(BinOp, Box<Node>, Box<Node>),
    If(Box<Node>, Box<Node>, Box<Node>),
    Min(Vec<Node>),
    Max(Vec<Node>),
    Clamp(Box<[Node; 3]>),
    Abs(Box<Node>),
    Round(Box<Node>, u32),
    /// interpolate(x, x0, y0, x1, y1), clamped to [y0, y1] outside [x0, x1].
    Interp(Box<[Node; 5]>),
    /// A band lookup; `record` is where the chosen row is remembered for explanations.
    Band {
        table: u32,
        arg: Box<Node>,
        output: u32,
        record: u32,
    },
    /// An aggregate over a team's members (team level); `value` and `filter` are person-level.
    Agg {
        op: AggOp,
        value: Option<Box<Node>>,
        filter: Option<Box<Node>>,
    },
    /// This person's part of a team amount (person level); `amount` is team-level.
    Split {
        split: u32,
        amount: Box<Node>,
        cache: u32,
    },
}

/// What the scheme offers to expressions: constants, slots, bands, splits.
pub trait Scope {
    fn constant(&self, name: &str) -> Option<(Value, Type)>;
    fn slot(&self, level: Level, name: &str) -> Option<(u32, Type)>;
    /// The band table's index and the type of the value it looks up.
    fn band(&self, name: &str) -> Option<(u32, Type)>;
    fn band_output(&self, band: u32, name: &str) -> Option<(u32, Type)>;
    fn band_output_names(&self, band: u32) -> Vec<String>;
    fn split(&self, name: &str) -> Option<u32>;
}

/// Counters for the side slots expressions need (band choices, split caches).
#[derive(Clone, Debug, Default)]
pub struct SideSlots {
    pub band_records: [u32; 2],
    pub split_caches: u32,
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
}

const FUNCTIONS: &str = "min, max, clamp, abs, round, interpolate, band, split, count, sum, avg";

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

    fn name(&mut self, n: &str, span: Span, level: Level) -> (Node, Type) {
        if let Some((slot, t)) = self.scope.slot(level, n) {
            return (Node::Slot(slot), t);
        }
        if let Some((v, t)) = self.scope.constant(n) {
            return (Node::Const(v), t);
        }
        if n == "members" {
            return self.fail(
                span,
                "members can only be used in count(members), sum(members, …), avg, min or max",
            );
        }
        if level == Level::Team && self.scope.slot(Level::Person, n).is_some() {
            return self.fail(
                span,
                format!("\"{n}\" is a person's value; a team rule reaches it through sum(members, {n}) or similar"),
            );
        }
        if level == Level::Person && self.scope.slot(Level::Team, n).is_some() {
            return self.fail(span, format!("\"{n}\" is a team's value; write team.{n}"));
        }
        self.fail(span, format!("unknown name \"{n}\""))
    }

    fn field(
        &mut self,
        inner: &Expr,
        field: &str,
        fspan: Span,
        span: Span,
        level: Level,
    ) -> (Node, Type) {
        match &inner.kind {
            ExprKind::Name(t) if t == "team" => {
                if level == Level::Team {
                    return self.fail(
                        inner.span,
                        "team.… is for person rules; in a team rule name the team's value directly",
                    );
                }
                match self.scope.slot(Level::Team, field) {
                    Some((slot, t)) => (Node::TeamSlot(slot), t),
                    None => self.fail(fspan, format!("the team has no value \"{field}\"")),
                }
            }
            ExprKind::Call(f, _, args) if f == "band" => {
                self.band(args, Some((field, fspan)), span, level)
            }
            _ => self.fail(
                span,
                format!("\".{field}\" can only follow team or band(…)"),
            ),
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
                BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div => Type::Error,
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
        let first_is_members =
            matches!(args.first().map(|a| &a.kind), Some(ExprKind::Name(n)) if n == "members");
        match f {
            "count" | "sum" | "avg" | "min" | "max" if first_is_members => {
                self.aggregate(f, args, span, level)
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
                    "{f} works over a team's members: {f}(members{})",
                    if f == "count" { "" } else { ", value" }
                ),
            ),
            _ => self.fail(
                fspan,
                format!("unknown function \"{f}\"; the functions are {FUNCTIONS}"),
            ),
        }
    }

    fn aggregate(&mut self, f: &str, args: &[Expr], span: Span, level: Level) -> (Node, Type) {
        if level != Level::Team {
            return self.fail(span, format!("{f}(members, …) is for team rules; a person rule reaches team values through team.…"));
        }
        let op = match f {
            "count" => AggOp::Count,
            "sum" => AggOp::Sum,
            "avg" => AggOp::Avg,
            "min" => AggOp::Min,
            _ => AggOp::Max,
        };
        let (value, filter_arg) = if op == AggOp::Count {
            if !self.arity(f, args, span, 1..=2) {
                return (Node::Const(Value::Failed), Type::Error);
            }
            (None, args.get(1))
        } else {
            if !self.arity(f, args, span, 2..=3) {
                return (Node::Const(Value::Failed), Type::Error);
            }
            (args.get(1), args.get(2))
        };
        let mut ty = Type::Num(Unit::Plain);
        let value = value.map(|v| {
            let (n, t) = self.expr(v, Level::Person);
            if self.want_num(t, v.span, f) {
                ty = t;
            }
            Box::new(n)
        });
        let filter = filter_arg.map(|c| {
            let (n, t) = self.expr(c, Level::Person);
            self.want_bool(t, c.span, "the condition of an aggregate");
            Box::new(n)
        });
        (Node::Agg { op, value, filter }, ty)
    }

    fn band(
        &mut self,
        args: &[Expr],
        output: Option<(&str, Span)>,
        span: Span,
        level: Level,
    ) -> (Node, Type) {
        if !self.arity("band", args, span, 2..=2) {
            return (Node::Const(Value::Failed), Type::Error);
        }
        let (Some(table_arg), Some(x)) = (args.first(), args.get(1)) else {
            return (Node::Const(Value::Failed), Type::Error);
        };
        let ExprKind::Name(table_name) = &table_arg.kind else {
            return self.fail(
                table_arg.span,
                "band's first argument is the name of a band table",
            );
        };
        let Some((table, arg_ty)) = self.scope.band(table_name) else {
            return self.fail(
                table_arg.span,
                format!("unknown band table \"{table_name}\""),
            );
        };
        let (xn, xt) = self.expr(x, level);
        if unify(arg_ty, xt).is_none() {
            self.errors.push(ExprError::new(
                x.span,
                format!("band table {table_name} looks up {arg_ty}, found {xt}"),
            ));
        }
        let Some((out_name, out_span)) = output else {
            let outs = self.scope.band_output_names(table).join(", ");
            return self.fail(span, format!("say which output of band table {table_name} to use: band(…).name, one of {outs}"));
        };
        let Some((out, out_ty)) = self.scope.band_output(table, out_name) else {
            let outs = self.scope.band_output_names(table).join(", ");
            return self.fail(
                out_span,
                format!("band table {table_name} has no output \"{out_name}\"; it has {outs}"),
            );
        };
        let li = level as usize;
        let record = self.side.band_records.get(li).copied().unwrap_or(0);
        if let Some(r) = self.side.band_records.get_mut(li) {
            *r += 1;
        }
        (
            Node::Band {
                table,
                arg: Box::new(xn),
                output: out,
                record,
            },
            out_ty,
        )
    }

    fn split(&mut self, args: &[Expr], span: Span, level: Level) -> (Node, Type) {
        if level != Level::Person {
            return self.fail(
                span,
                "split(…) gives one person's part, so it belongs in a person rule or item",
            );
        }
        if !self.arity("split", args, span, 2..=2) {
            return (Node::Const(Value::Failed), Type::Error);
        }
        let (Some(name_arg), Some(amount)) = (args.first(), args.get(1)) else {
            return (Node::Const(Value::Failed), Type::Error);
        };
        let ExprKind::Name(name) = &name_arg.kind else {
            return self.fail(
                name_arg.span,
                "split's first argument is the name of a split table",
            );
        };
        let Some(split) = self.scope.split(name) else {
            return self.fail(name_arg.span, format!("unknown split \"{name}\""));
        };
        // The amount is a team amount: `team.pool` or any team-level expression written with team.…
        let amount_expr = strip_team_prefix(amount);
        let (an, at) = self.expr(&amount_expr, Level::Team);
        if !matches!(
            at,
            Type::Num(Unit::Money) | Type::Num(Unit::Any) | Type::Error
        ) {
            self.errors.push(ExprError::new(
                amount.span,
                format!("split divides money, found {at}"),
            ));
        }
        let cache = self.side.split_caches;
        self.side.split_caches += 1;
        (
            Node::Split {
                split,
                amount: Box::new(an),
                cache,
            },
            Type::MONEY,
        )
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

/// `team.pool + team.x` → `pool + x`, so a split's amount is evaluated for the team.
fn strip_team_prefix(e: &Expr) -> Expr {
    let kind = match &e.kind {
        ExprKind::Field(inner, f, fs) if matches!(&inner.kind, ExprKind::Name(t) if t == "team") => {
            return Expr {
                kind: ExprKind::Name(f.clone()),
                span: *fs,
            };
        }
        ExprKind::Unary(op, a) => ExprKind::Unary(*op, Box::new(strip_team_prefix(a))),
        ExprKind::Binary(op, a, b) => ExprKind::Binary(
            *op,
            Box::new(strip_team_prefix(a)),
            Box::new(strip_team_prefix(b)),
        ),
        ExprKind::If(a, b, c) => ExprKind::If(
            Box::new(strip_team_prefix(a)),
            Box::new(strip_team_prefix(b)),
            Box::new(strip_team_prefix(c)),
        ),
        // Inside count/sum/avg/min/max(members, …) the arguments are person rules,
        // where team.x keeps its meaning.
        ExprKind::Call(f, _, args)
            if matches!(f.as_str(), "count" | "sum" | "avg" | "min" | "max")
                && matches!(args.first().map(|a| &a.kind), Some(ExprKind::Name(n)) if n == "members") =>
        {
            e.kind.clone()
        }
        ExprKind::Call(f, s, args) => {
            ExprKind::Call(f.clone(), *s, args.iter().map(strip_team_prefix).collect())
        }
        other => other.clone(),
    };
    Expr { kind, span: e.span }
}

impl Node {
    /// Calls `f(level, record, table)` for every band lookup in this node, where
    /// `level` is the level the lookup is evaluated at.
    pub fn visit_bands(&self, level: Level, f: &mut dyn FnMut(Level, u32, u32)) {
        match self {
            Node::Band {
                table, arg, record, ..
            } => {
                f(level, *record, *table);
                arg.visit_bands(level, f);
            }
            Node::Agg { value, filter, .. } => {
                for n in value.iter().chain(filter.iter()) {
                    n.visit_bands(Level::Person, f);
                }
            }
            Node::Split { amount, .. } => amount.visit_bands(Level::Team, f),
            Node::Neg(a) | Node::Not(a) | Node::Abs(a) | Node::Round(a, _) => {
                a.visit_bands(level, f)
            }
            Node::Bin(_, a, b) => {
                a.visit_bands(level, f);
                b.visit_bands(level, f);
            }
            Node::If(a, b, c) => {
                a.visit_bands(level, f);
                b.visit_bands(level, f);
                c.visit_bands(level, f);
            }
            Node::Min(v) | Node::Max(v) => v.iter().for_each(|n| n.visit_bands(level, f)),
            Node::Clamp(a) => a.iter().for_each(|n| n.visit_bands(level, f)),
            Node::Interp(a) => a.iter().for_each(|n| n.visit_bands(level, f)),
            Node::Const(_) | Node::Slot(_) | Node::TeamSlot(_) => {}
        }
    }
}
