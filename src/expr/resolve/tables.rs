//! The functions that name a table of the scheme: `band(TABLE, x).OUTPUT`
//! (the band table's lookup value and output checked for unit) and
//! `split(SPLIT, team.AMOUNT)` (a person's part of a team amount, whose
//! expression is resolved at the team level with its `team.` prefixes removed).

use super::Resolver;
use crate::expr::ast::{Expr, ExprKind};
use crate::expr::types::{Type, Unit, unify};
use crate::expr::{ExprError, Span};
use crate::model::{Level, Node, Value};

impl Resolver<'_> {
    pub(super) fn band(
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

    pub(super) fn split(&mut self, args: &[Expr], span: Span, level: Level) -> (Node, Type) {
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
