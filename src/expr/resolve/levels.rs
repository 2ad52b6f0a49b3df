//! Names and levels: a bare name (a slot of the rule's level or a parameter,
//! with a hint when it belongs to another level), `level.value` reaching up,
//! the aggregates `count|sum|avg|min|max(LEVEL, value[, condition][, none = x])`
//! over a lower level, and `rank(group, value[, "asc"])`. Each aggregate and
//! rank is numbered here for the engine's accumulators and the trace.

use super::Resolver;
use crate::expr::ast::{BinOp, Expr, ExprKind};
use crate::expr::types::{Type, Unit, unify};
use crate::expr::{ExprError, Span};
use crate::model::{Agg, AggOp, Level, Levels, Node, Rank, Value};

impl Resolver<'_> {
    pub(super) fn name(&mut self, n: &str, span: Span, level: Level) -> (Node, Type) {
        if let Some(k) = self.past {
            return self.kept_name(k, n, span);
        }
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

    pub(super) fn field(
        &mut self,
        inner: &Expr,
        field: &str,
        fspan: Span,
        span: Span,
        level: Level,
    ) -> (Node, Type) {
        if self.past.is_some() {
            return self.fail(
                span,
                "past(…) reads this person's archived values only, not a level's",
            );
        }
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

    pub(super) fn aggregate(
        &mut self,
        f: &str,
        args: &[Expr],
        span: Span,
        level: Level,
    ) -> (Node, Type) {
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

    pub(super) fn rank(&mut self, args: &[Expr], span: Span, level: Level) -> (Node, Type) {
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
