//! Expression text → tokens. Accepts the symbols clerks type: `≤ ≥ ≠ × ÷`,
//! full-width parentheses and commas, and `=` as well as `==`.

use super::{ExprError, Span};

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// A decimal number as written, without `_` separators.
    Number(String),
    Text(String),
    Ident(String),
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Yuan,
    LParen,
    RParen,
    Comma,
    Dot,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Tok {
    pub fn describe(&self) -> String {
        match self {
            Tok::Number(n) => format!("number {n}"),
            Tok::Text(t) => format!("text \"{t}\""),
            Tok::Ident(i) => format!("\"{i}\""),
            other => format!("\"{}\"", symbol(other)),
        }
    }
}

fn symbol(t: &Tok) -> &'static str {
    match t {
        Tok::Plus => "+",
        Tok::Minus => "-",
        Tok::Star => "*",
        Tok::Slash => "/",
        Tok::Percent => "%",
        Tok::Yuan => "元",
        Tok::LParen => "(",
        Tok::RParen => ")",
        Tok::Comma => ",",
        Tok::Dot => ".",
        Tok::Eq => "==",
        Tok::Ne => "!=",
        Tok::Lt => "<",
        Tok::Le => "<=",
        Tok::Gt => ">",
        Tok::Ge => ">=",
        _ => "?",
    }
}

fn is_ident_start(c: char) -> bool {
    c == '_' || (c.is_alphabetic() && c != '元')
}

fn is_ident_continue(c: char) -> bool {
    c == '_' || (c.is_alphanumeric() && c != '元')
}

pub fn lex(src: &str) -> Result<Vec<(Tok, Span)>, ExprError> {
    let mut out = Vec::new();
    let mut chars = src.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        let single = |t: Tok| (t, Span::new(start, start + c.len_utf8()));
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        if c.is_ascii_digit() {
            let mut text = String::new();
            let mut end = start;
            let mut seen_dot = false;
            while let Some(&(i, d)) = chars.peek() {
                if d.is_ascii_digit() || d == '_' || (d == '.' && !seen_dot) {
                    if d == '.' {
                        // `1.` followed by a letter is a number then a field access; keep it simple:
                        // a dot must be followed by a digit to belong to the number.
                        let next = src.get(i + 1..).and_then(|s| s.chars().next());
                        if !next.is_some_and(|n| n.is_ascii_digit()) {
                            break;
                        }
                        seen_dot = true;
                    }
                    if d != '_' {
                        text.push(d);
                    }
                    end = i + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            out.push((Tok::Number(text), Span::new(start, end)));
            continue;
        }
        if is_ident_start(c) {
            let mut end = start;
            while let Some(&(i, d)) = chars.peek() {
                if is_ident_continue(d) {
                    end = i + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            let word = src.get(start..end).unwrap_or_default().to_string();
            out.push((Tok::Ident(word), Span::new(start, end)));
            continue;
        }
        if c == '"' || c == '“' {
            chars.next();
            let close = if c == '"' { '"' } else { '”' };
            let mut text = String::new();
            let mut end = None;
            for (i, d) in chars.by_ref() {
                if d == close {
                    end = Some(i + d.len_utf8());
                    break;
                }
                text.push(d);
            }
            let Some(end) = end else {
                return Err(ExprError::new(
                    Span::new(start, src.len()),
                    "this text has no closing quote",
                ));
            };
            out.push((Tok::Text(text), Span::new(start, end)));
            continue;
        }
        chars.next();
        let next = chars.peek().map(|&(_, d)| d);
        let two = |t: Tok| (t, Span::new(start, start + 2));
        let tok = match (c, next) {
            ('=', Some('=')) | ('!', Some('=')) | ('<', Some('=')) | ('>', Some('=')) => {
                chars.next();
                two(match c {
                    '=' => Tok::Eq,
                    '!' => Tok::Ne,
                    '<' => Tok::Le,
                    _ => Tok::Ge,
                })
            }
            ('=', _) => single(Tok::Eq),
            ('<', _) => single(Tok::Lt),
            ('>', _) => single(Tok::Gt),
            ('≤', _) => single(Tok::Le),
            ('≥', _) => single(Tok::Ge),
            ('≠', _) => single(Tok::Ne),
            ('+', _) | ('＋', _) => single(Tok::Plus),
            ('-', _) | ('−', _) => single(Tok::Minus),
            ('*', _) | ('×', _) => single(Tok::Star),
            ('/', _) | ('÷', _) => single(Tok::Slash),
            ('%', _) | ('％', _) => single(Tok::Percent),
            ('元', _) => single(Tok::Yuan),
            ('(', _) | ('（', _) => single(Tok::LParen),
            (')', _) | ('）', _) => single(Tok::RParen),
            (',', _) | ('，', _) => single(Tok::Comma),
            ('.', _) => single(Tok::Dot),
            _ => {
                return Err(ExprError::new(
                    Span::new(start, start + c.len_utf8()),
                    format!("unexpected character '{c}'"),
                ));
            }
        };
        out.push(tok);
    }
    Ok(out)
}
