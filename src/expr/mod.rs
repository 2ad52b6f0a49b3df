//! The expression language of schemes: `(counted - quota) * band(timeliness, X1).per_unit`.
//!
//! Stages, one file each: [`lexer`] (text → tokens with spans) → [`parser`]
//! (tokens → [`ast::Expr`]) → [`resolve`] (names → slots, types checked, units
//! checked; done once per scheme, before any data is read) → [`eval`] (a
//! compiled [`resolve::Node`] over exact decimals, per team or per person).

pub mod ast;
pub mod lexer;
pub mod parser;
pub mod resolve;
pub mod types;

/// A byte range inside one expression's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// A problem in one expression: where (inside the expression) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExprError {
    pub span: Span,
    pub message: String,
}

impl ExprError {
    pub fn new(span: Span, message: impl Into<String>) -> ExprError {
        ExprError {
            span,
            message: message.into(),
        }
    }
}
