//! `past(k, expr[, none = x])`: `expr` over this person's values archived
//! k months earlier (only the values `[history] keep` names). A person who
//! was not on that month's roster has none of them (not given); a month
//! with no archive is an error naming it, unless `none` says what to use.

use super::Resolver;
use crate::expr::ast::{BinOp, Expr, ExprKind, Literal};
use crate::expr::types::{Type, unify};
use crate::expr::{ExprError, Span};
use crate::model::{Level, Node, Value};
use rust_decimal::prelude::ToPrimitive;

impl Resolver<'_> {
    pub(super) fn past(&mut self, args: &[Expr], span: Span, level: Level) -> (Node, Type) {
        if level != Level::PERSON {
            return self.fail(
                span,
                "past(…) reads a person's archived values: use it in a person rule",
            );
        }
        let months = self.scope.history_months();
        if months == 0 {
            return self.fail(
                span,
                "past(…) needs a [history] table saying which values are kept and how many months back rules read",
            );
        }
        let (args, none) = match args.split_last() {
            Some((last, rest)) => match &last.kind {
                ExprKind::Binary(BinOp::Eq, a, b) if matches!(&a.kind, ExprKind::Name(n) if n == "none") => {
                    (rest, Some(&**b))
                }
                _ => (args, None),
            },
            None => (args, None),
        };
        if !self.arity("past", args, span, 2..=2) {
            return (Node::Const(Value::Failed), Type::Error);
        }
        let (Some(k_arg), Some(inner)) = (args.first(), args.get(1)) else {
            return (Node::Const(Value::Failed), Type::Error);
        };
        let k = match &k_arg.kind {
            ExprKind::Number(d, Literal::Plain)
                if d.fract().is_zero() && *d >= 1.into() && *d <= months.into() =>
            {
                d.to_u32().unwrap_or(1)
            }
            _ => {
                return self.fail(
                    k_arg.span,
                    format!("past's first argument is how many months back, a whole number from 1 to {months} ([history] months)"),
                );
            }
        };
        let outer = self.past.replace(k);
        let (node, ty) = self.expr(inner, level);
        self.past = outer;
        let none = none.map(|x| {
            let (n, t) = self.expr(x, level);
            if unify(ty, t).is_none() && t != Type::Error && ty != Type::Error {
                self.errors.push(ExprError::new(
                    x.span,
                    format!("none gives {t}, but past(…) gives {ty}"),
                ));
            }
            Box::new(n)
        });
        (
            Node::Past {
                inner: Box::new(node),
                none,
            },
            ty,
        )
    }

    /// A name inside `past(k, …)`: a kept value, or a parameter.
    pub(super) fn kept_name(&mut self, k: u32, n: &str, span: Span) -> (Node, Type) {
        if let Some((index, t)) = self.scope.kept(n) {
            return (Node::Kept { k, index }, t);
        }
        if let Some((i, t)) = self.scope.constant(n) {
            return (Node::Param(i), t);
        }
        self.fail(
            span,
            format!("\"{n}\" is not kept for later months: add it to [history] keep to read it in past(…)"),
        )
    }
}
