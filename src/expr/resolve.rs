//! Syntax tree → compiled [`Node`]: names resolved to slots and constants,
//! functions checked for arity, types and units checked. Runs once per scheme,
//! so evaluation does no name lookups.

use super::ast::{BinOp, Expr, ExprKind, Literal, UnOp};
use super::types::{Type, Unit, divide, multiply, unify};
use super::{ExprError, Span};
use crate::model::{Agg, AggOp, Level, Levels, Node, Rank, Value};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::sync::Arc;

/// What the scheme offers to expressions: constants, slots, bands, splits.
pub trait Scope {
    fn levels(&self) -> &Levels;
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

const FUNCTIONS: &str =
    "min, max, clamp, abs, round, interpolate, given, band, split, count, sum, avg, rank";

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
        if let Some((i, t)) = self.scope.constant(n) {
            return (Node::Param(i), t);
        }
        let levels = self.scope.levels();
        if n == "members" || n == "teams" || levels.by_name(n).is_some() {
            return self.fail(
                span,
                format!("{n} names a level: use it as count({n}), sum({n}, value), avg, min, max, or write {n}.value for a value above"),
            );
        }
        let here = levels.name(level).to_string();
        for (other, _) in levels.all() {
            if other == level || self.scope.slot(other, n).is_none() {
                continue;
            }
            let word = levels.name(other).to_string();
            if levels.is_above(level, other) {
                return self.fail(
                    span,
                    format!("\"{n}\" is a {word}'s value; write {word}.{n}"),
                );
            }
            if levels.is_above(other, level) {
                let agg = aggregate_word(levels, other);
                return self.fail(
                    span,
                    format!("\"{n}\" is a {word}'s value; a {here} rule reaches it through an aggregate, e.g. sum({agg}, {n})"),
                );
            }
            return self.fail(
                span,
                format!("\"{n}\" is a {word}'s value, which a {here} rule cannot reach"),
            );
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
            ExprKind::Name(up) if self.scope.levels().by_name(up).is_some() => {
                let levels = self.scope.levels();
                let Some(target) = levels.by_name(up) else {
                    return (Node::Const(Value::Failed), Type::Error);
                };
                let here = levels.name(level).to_string();
                if target == level {
                    return self.fail(
                        inner.span,
                        format!("{up}.… is for rules below the {up}; in a {here} rule name the value directly"),
                    );
                }
                if !levels.is_above(level, target) {
                    return self.fail(
                        inner.span,
                        format!("{up} is not above {here}: a {here} rule reaches {up} values only through an aggregate"),
                    );
                }
                match self.scope.slot(target, field) {
                    Some((slot, t)) => (
                        Node::Up {
                            level: target,
                            slot,
                        },
                        t,
                    ),
                    None => self.fail(fspan, format!("the {up} has no value \"{field}\"")),
                }
            }
            ExprKind::Call(f, _, args) if f == "band" => {
                self.band(args, Some((field, fspan)), span, level)
            }
            _ => self.fail(
                span,
                format!("\".{field}\" can only follow a level (team, person, month…) or band(…)"),
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
        let first_is_level = matches!(args.first().map(|a| &a.kind),
            Some(ExprKind::Name(n)) if level_word(self.scope.levels(), n).is_some());
        match f {
            "count" | "sum" | "avg" | "min" | "max" if first_is_level => {
                self.aggregate(f, args, span, level)
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

    fn aggregate(&mut self, f: &str, args: &[Expr], span: Span, level: Level) -> (Node, Type) {
        let op = match f {
            "count" => AggOp::Count,
            "sum" => AggOp::Sum,
            "avg" => AggOp::Avg,
            "min" => AggOp::Min,
            _ => AggOp::Max,
        };
        // `none = x`, written last, says what an aggregate of nothing gives.
        let (args, none) = match args.split_last() {
            Some((last, rest)) => match &last.kind {
                ExprKind::Binary(BinOp::Eq, a, b) if matches!(&a.kind, ExprKind::Name(n) if n == "none") => {
                    (rest, Some(&**b))
                }
                _ => (args, None),
            },
            None => (args, None),
        };
        let Some(ExprKind::Name(word)) = args.first().map(|a| &a.kind) else {
            return (Node::Const(Value::Failed), Type::Error);
        };
        let levels = self.scope.levels();
        let Some(over) = level_word(levels, word) else {
            return (Node::Const(Value::Failed), Type::Error);
        };
        if !levels.is_above(over, level) {
            let here = levels.name(level).to_string();
            if word == "members" && level == Level::PERSON {
                return self.fail(
                    span,
                    format!("{f}(members, …) is for team rules; a person rule reaches team values through team.…"),
                );
            }
            return self.fail(
                span,
                format!("{f}({word}, …) in a {here} rule: {word} is not below {here}; an aggregate takes the entities of a lower level that belong to the one computed"),
            );
        }
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
            let (n, t) = self.expr(v, over);
            if self.want_num(t, v.span, f) {
                ty = t;
            }
            n
        });
        let filter = filter_arg.map(|c| {
            let (n, t) = self.expr(c, over);
            self.want_bool(t, c.span, "the condition of an aggregate");
            n
        });
        let none = none.map(|x| {
            let (n, t) = self.expr(x, level);
            if unify(ty, t).is_none() && t != Type::Error && ty != Type::Error {
                self.errors.push(ExprError::new(
                    x.span,
                    format!("none gives {t}, but {f}(…) gives {ty}"),
                ));
            }
            n
        });
        let id = self.side.aggregates;
        self.side.aggregates += 1;
        (
            Node::Agg(Box::new(Agg {
                id,
                op,
                at: level,
                over,
                value,
                filter,
                none,
            })),
            ty,
        )
    }

    fn rank(&mut self, args: &[Expr], span: Span, level: Level) -> (Node, Type) {
        if !self.arity("rank", args, span, 2..=3) {
            return (Node::Const(Value::Failed), Type::Error);
        }
        let (Some(group_arg), Some(value)) = (args.first(), args.get(1)) else {
            return (Node::Const(Value::Failed), Type::Error);
        };
        let levels = self.scope.levels();
        let here = levels.name(level).to_string();
        let group = match &group_arg.kind {
            ExprKind::Name(n) => levels.by_name(n),
            _ => None,
        };
        let Some(group) = group.filter(|g| levels.is_above(level, *g)) else {
            return self.fail(
                group_arg.span,
                format!("rank's first argument is the level to rank within, above {here}: team, a group such as dept, or month"),
            );
        };
        let ascending = match args.get(2).map(|a| &a.kind) {
            None => false,
            Some(ExprKind::Text(t)) if t == "desc" => false,
            Some(ExprKind::Text(t)) if t == "asc" => true,
            Some(_) => {
                let s = args.get(2).map_or(span, |a| a.span);
                return self.fail(s, "rank's third argument is \"desc\" (highest first, the default) or \"asc\" (lowest first)");
            }
        };
        let (n, t) = self.expr(value, level);
        self.want_num(t, value.span, "rank");
        let id = self.side.ranks;
        self.side.ranks += 1;
        (
            Node::Rank(Box::new(Rank {
                id,
                of: level,
                group,
                value: n,
                ascending,
            })),
            Type::NUMBER,
        )
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
        (
            Node::Band {
                table,
                arg: Box::new(xn),
                output: out,
            },
            out_ty,
        )
    }

    fn split(&mut self, args: &[Expr], span: Span, level: Level) -> (Node, Type) {
        if level != Level::PERSON {
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
        let (an, at) = self.expr(&amount_expr, Level::TEAM);
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
            if matches!(f.as_str(), "count" | "sum" | "avg" | "min" | "max" | "rank")
                && matches!(args.first().map(|a| &a.kind), Some(ExprKind::Name(_))) =>
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

/// The level an aggregate's first argument names: `members` (people),
/// `teams`, or a level by name.
pub fn level_word(levels: &Levels, word: &str) -> Option<Level> {
    match word {
        "members" => Some(Level::PERSON),
        "teams" => Some(Level::TEAM),
        _ => levels.by_name(word),
    }
}

/// How an aggregate names `level`: `members`, `teams`, or the level's name.
fn aggregate_word(levels: &Levels, level: Level) -> String {
    match level {
        Level::PERSON => "members".into(),
        Level::TEAM => "teams".into(),
        _ => levels.name(level).to_string(),
    }
}
