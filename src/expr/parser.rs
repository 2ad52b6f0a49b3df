//! Tokens → syntax tree, by recursive descent. Precedence, loosest first:
//! `if … then … else …`, `or`, `and`, `not`, comparisons (not chained),
//! `+ -`, `* /`, unary `-`, calls and `.field`.

use super::ast::{BinOp, Expr, ExprKind, Literal, UnOp};
use super::lexer::{Tok, lex};
use super::{ExprError, Span};
use rust_decimal::Decimal;
use std::str::FromStr;

/// Parses one whole expression.
pub fn parse(src: &str) -> Result<Expr, ExprError> {
    let tokens = lex(src)?;
    if tokens.len() > MAX_TOKENS {
        return Err(ExprError::new(
            Span::new(0, src.len()),
            format!(
                "the expression is too long (over {MAX_TOKENS} symbols); split it into several rules"
            ),
        ));
    }
    let mut p = Parser {
        tokens,
        pos: 0,
        len: src.len(),
        depth: 0,
    };
    if p.tokens.is_empty() {
        return Err(ExprError::new(
            Span::new(0, src.len()),
            "the expression is empty",
        ));
    }
    let e = p.expr()?;
    if let Some((t, span)) = p.tokens.get(p.pos) {
        return Err(ExprError::new(
            *span,
            format!("unexpected {} after a complete expression", t.describe()),
        ));
    }
    Ok(e)
}

struct Parser {
    tokens: Vec<(Tok, Span)>,
    pos: usize,
    len: usize,
    depth: usize,
}

/// Expressions are short formulas; these limits keep parsing, checking and
/// evaluating (all recursive) far from the end of the stack on any input.
const MAX_TOKENS: usize = 1_000;
const MAX_DEPTH: usize = 64;

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos).map(|(t, _)| t)
    }

    fn span_here(&self) -> Span {
        self.tokens
            .get(self.pos)
            .map(|(_, s)| *s)
            .unwrap_or(Span::new(self.len, self.len))
    }

    fn bump(&mut self) -> Span {
        let s = self.span_here();
        self.pos += 1;
        s
    }

    fn is_word(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Tok::Ident(i)) if i == w)
    }

    fn expect(&mut self, tok: &Tok, what: &str) -> Result<Span, ExprError> {
        if self.peek() == Some(tok) {
            Ok(self.bump())
        } else {
            Err(self.unexpected(what))
        }
    }

    fn expect_word(&mut self, w: &str) -> Result<Span, ExprError> {
        if self.is_word(w) {
            Ok(self.bump())
        } else {
            Err(self.unexpected(&format!("\"{w}\"")))
        }
    }

    fn unexpected(&self, wanted: &str) -> ExprError {
        match self.tokens.get(self.pos) {
            Some((t, s)) => {
                ExprError::new(*s, format!("expected {wanted}, found {}", t.describe()))
            }
            None => ExprError::new(
                Span::new(self.len, self.len),
                format!("expected {wanted}, found the end"),
            ),
        }
    }

    fn expr(&mut self) -> Result<Expr, ExprError> {
        self.nested(Parser::expr_inner)
    }

    /// Runs `f` one nesting level deeper, refusing absurd depths.
    fn nested(&mut self, f: fn(&mut Parser) -> Result<Expr, ExprError>) -> Result<Expr, ExprError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ExprError::new(
                self.span_here(),
                format!(
                    "the expression nests more than {MAX_DEPTH} levels deep; split it into several rules"
                ),
            ));
        }
        let e = f(self);
        self.depth -= 1;
        e
    }

    fn expr_inner(&mut self) -> Result<Expr, ExprError> {
        if self.is_word("if") {
            let start = self.bump();
            let cond = self.expr()?;
            self.expect_word("then")?;
            let then = self.expr()?;
            self.expect_word("else")?;
            let other = self.expr()?;
            let span = start.to(other.span);
            return Ok(Expr {
                kind: ExprKind::If(Box::new(cond), Box::new(then), Box::new(other)),
                span,
            });
        }
        self.or()
    }

    fn binary_level(
        &mut self,
        next: fn(&mut Parser) -> Result<Expr, ExprError>,
        op_of: fn(&Parser) -> Option<BinOp>,
    ) -> Result<Expr, ExprError> {
        let mut left = next(self)?;
        while let Some(op) = op_of(self) {
            self.bump();
            let right = next(self)?;
            let span = left.span.to(right.span);
            left = Expr {
                kind: ExprKind::Binary(op, Box::new(left), Box::new(right)),
                span,
            };
        }
        Ok(left)
    }

    fn or(&mut self) -> Result<Expr, ExprError> {
        self.binary_level(Parser::and, |p| p.is_word("or").then_some(BinOp::Or))
    }

    fn and(&mut self) -> Result<Expr, ExprError> {
        self.binary_level(Parser::not, |p| p.is_word("and").then_some(BinOp::And))
    }

    fn not(&mut self) -> Result<Expr, ExprError> {
        if self.is_word("not") {
            let start = self.bump();
            let inner = self.nested(Parser::not)?;
            let span = start.to(inner.span);
            return Ok(Expr {
                kind: ExprKind::Unary(UnOp::Not, Box::new(inner)),
                span,
            });
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Expr, ExprError> {
        let left = self.additive()?;
        let Some(op) = comparison_op(self.peek()) else {
            return Ok(left);
        };
        self.bump();
        let right = self.additive()?;
        if comparison_op(self.peek()).is_some() {
            return Err(ExprError::new(
                self.span_here(),
                "comparisons cannot be chained; write `a <= x and x < b`",
            ));
        }
        let span = left.span.to(right.span);
        Ok(Expr {
            kind: ExprKind::Binary(op, Box::new(left), Box::new(right)),
            span,
        })
    }

    fn additive(&mut self) -> Result<Expr, ExprError> {
        self.binary_level(Parser::multiplicative, |p| match p.peek() {
            Some(Tok::Plus) => Some(BinOp::Add),
            Some(Tok::Minus) => Some(BinOp::Sub),
            _ => None,
        })
    }

    fn multiplicative(&mut self) -> Result<Expr, ExprError> {
        self.binary_level(Parser::unary, |p| match p.peek() {
            Some(Tok::Star) => Some(BinOp::Mul),
            Some(Tok::Slash) => Some(BinOp::Div),
            _ => None,
        })
    }

    fn unary(&mut self) -> Result<Expr, ExprError> {
        if self.peek() == Some(&Tok::Minus) {
            let start = self.bump();
            let inner = self.nested(Parser::unary)?;
            let span = start.to(inner.span);
            return Ok(Expr {
                kind: ExprKind::Unary(UnOp::Neg, Box::new(inner)),
                span,
            });
        }
        self.postfix()
    }

    fn postfix(&mut self) -> Result<Expr, ExprError> {
        let mut e = self.primary()?;
        while self.peek() == Some(&Tok::Dot) {
            self.bump();
            let span = self.span_here();
            let Some(Tok::Ident(name)) = self.peek().cloned() else {
                return Err(self.unexpected("a field name after \".\""));
            };
            self.bump();
            let whole = e.span.to(span);
            e = Expr {
                kind: ExprKind::Field(Box::new(e), name, span),
                span: whole,
            };
        }
        Ok(e)
    }

    fn primary(&mut self) -> Result<Expr, ExprError> {
        let span = self.span_here();
        match self.peek().cloned() {
            Some(Tok::Number(text)) => {
                self.bump();
                let value = Decimal::from_str(&text).map_err(|_| {
                    ExprError::new(
                        span,
                        format!("{text} is not a number this tool can hold exactly"),
                    )
                })?;
                let (value, literal, span) = match self.peek() {
                    Some(Tok::Percent) => {
                        let end = self.bump();
                        (value / Decimal::ONE_HUNDRED, Literal::Percent, span.to(end))
                    }
                    Some(Tok::Yuan) => {
                        let end = self.bump();
                        (value, Literal::Money, span.to(end))
                    }
                    _ => (value, Literal::Plain, span),
                };
                Ok(Expr {
                    kind: ExprKind::Number(value, literal),
                    span,
                })
            }
            Some(Tok::Text(t)) => {
                self.bump();
                Ok(Expr {
                    kind: ExprKind::Text(t),
                    span,
                })
            }
            Some(Tok::LParen) => {
                self.bump();
                let inner = self.expr()?;
                let end = self.expect(&Tok::RParen, "\")\"")?;
                Ok(Expr {
                    kind: inner.kind,
                    span: span.to(end),
                })
            }
            Some(Tok::Ident(word)) => {
                if matches!(word.as_str(), "then" | "else" | "and" | "or") {
                    return Err(self.unexpected("a value"));
                }
                self.bump();
                match word.as_str() {
                    "true" => {
                        return Ok(Expr {
                            kind: ExprKind::Bool(true),
                            span,
                        });
                    }
                    "false" => {
                        return Ok(Expr {
                            kind: ExprKind::Bool(false),
                            span,
                        });
                    }
                    _ => {}
                }
                if self.peek() == Some(&Tok::LParen) {
                    self.bump();
                    let mut args = Vec::new();
                    if self.peek() != Some(&Tok::RParen) {
                        loop {
                            args.push(self.expr()?);
                            if self.peek() == Some(&Tok::Comma) {
                                self.bump();
                                continue;
                            }
                            break;
                        }
                    }
                    let end = self.expect(&Tok::RParen, "\",\" or \")\"")?;
                    return Ok(Expr {
                        kind: ExprKind::Call(word, span, args),
                        span: span.to(end),
                    });
                }
                Ok(Expr {
                    kind: ExprKind::Name(word),
                    span,
                })
            }
            _ => Err(self.unexpected("a value")),
        }
    }
}

fn comparison_op(t: Option<&Tok>) -> Option<BinOp> {
    Some(match t? {
        Tok::Eq => BinOp::Eq,
        Tok::Ne => BinOp::Ne,
        Tok::Lt => BinOp::Lt,
        Tok::Le => BinOp::Le,
        Tok::Gt => BinOp::Gt,
        Tok::Ge => BinOp::Ge,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(e: &Expr) -> String {
        match &e.kind {
            ExprKind::Number(d, _) => d.to_string(),
            ExprKind::Text(t) => format!("{t:?}"),
            ExprKind::Bool(b) => b.to_string(),
            ExprKind::Name(n) => n.clone(),
            ExprKind::Unary(UnOp::Neg, a) => format!("(-{})", show(a)),
            ExprKind::Unary(UnOp::Not, a) => format!("(not {})", show(a)),
            ExprKind::Binary(op, a, b) => format!("({} {} {})", show(a), op.symbol(), show(b)),
            ExprKind::If(a, b, c) => format!("(if {} then {} else {})", show(a), show(b), show(c)),
            ExprKind::Call(f, _, args) => {
                format!(
                    "{f}({})",
                    args.iter().map(show).collect::<Vec<_>>().join(", ")
                )
            }
            ExprKind::Field(a, f, _) => format!("{}.{f}", show(a)),
        }
    }

    fn ok(src: &str) -> String {
        match parse(src) {
            Ok(e) => show(&e),
            Err(e) => panic!("{src}: {e:?}"),
        }
    }

    #[test]
    fn precedence() {
        assert_eq!(ok("1 + 2 * 3"), "(1 + (2 * 3))");
        assert_eq!(ok("a - b - c"), "((a - b) - c)");
        assert_eq!(ok("-a * b"), "((-a) * b)");
        assert_eq!(ok("a < b and not c or d"), "(((a < b) and (not c)) or d)");
        assert_eq!(
            ok("if a then 1 else if b then 2 else 3"),
            "(if a then 1 else (if b then 2 else 3))"
        );
        assert_eq!(
            ok("band(t, X1).per_unit * team.excess"),
            "(band(t, X1).per_unit * team.excess)"
        );
        assert_eq!(ok("95% + 25元"), "(0.95 + 25)");
        assert_eq!(ok("（a＋b）×c ≥ 1"), "(((a + b) * c) >= 1)");
    }

    #[test]
    fn errors_point_at_the_problem() {
        let e = parse("a + ").err();
        assert_eq!(
            e,
            Some(ExprError::new(
                Span::new(4, 4),
                "expected a value, found the end"
            ))
        );
        let e = parse("1 < x < 2").err().map(|e| e.message);
        assert_eq!(
            e.as_deref(),
            Some("comparisons cannot be chained; write `a <= x and x < b`")
        );
        let e = parse("f(a b)").err();
        assert_eq!(
            e,
            Some(ExprError::new(
                Span::new(4, 5),
                "expected \",\" or \")\", found \"b\""
            ))
        );
        let e = parse("\"abc").err().map(|e| e.message);
        assert_eq!(e.as_deref(), Some("this text has no closing quote"));
    }
}
