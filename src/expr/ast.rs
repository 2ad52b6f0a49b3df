//! The syntax tree of an expression, with spans for error messages.

use super::Span;
use rust_decimal::Decimal;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    /// The remainder of a division (`mod(a, b)`), same sign as `a`.
    Mod,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Mod => "mod",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::And => "and",
            BinOp::Or => "or",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnOp {
    Neg,
    Not,
}

/// How a number literal was written: `25`, `95%` or `25元`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Literal {
    Plain,
    Percent,
    Money,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Number(Decimal, Literal),
    Text(String),
    Bool(bool),
    Name(String),
    Unary(UnOp, Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    Call(String, Span, Vec<Expr>),
    /// `team.pool`, `band(t, x).rate`
    Field(Box<Expr>, String, Span),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

impl Expr {
    /// Every name this expression mentions, with the field after it when it is `x.field`;
    /// used to explain a figure by the values it was made from.
    pub fn names(&self, out: &mut Vec<String>) {
        match &self.kind {
            ExprKind::Name(n) => out.push(n.clone()),
            ExprKind::Field(inner, f, _) => {
                if let ExprKind::Name(n) = &inner.kind {
                    out.push(format!("{n}.{f}"));
                } else {
                    inner.names(out);
                }
            }
            ExprKind::Unary(_, e) => e.names(out),
            ExprKind::Binary(_, a, b) => {
                a.names(out);
                b.names(out);
            }
            ExprKind::If(a, b, c) => {
                a.names(out);
                b.names(out);
                c.names(out);
            }
            ExprKind::Call(_, _, args) => args.iter().for_each(|a| a.names(out)),
            ExprKind::Number(..) | ExprKind::Text(_) | ExprKind::Bool(_) => {}
        }
    }
}
