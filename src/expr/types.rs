//! Types and units of expressions, checked before any data is read.
//!
//! Numbers carry a unit so that money cannot be mixed up with plain numbers:
//! money + money → money; money × number → money; money ÷ money → number;
//! money × money, number ÷ money and money + number are errors. A bare number
//! literal (`0`, `2`) takes the unit its neighbour needs, so `max(pool, 0)` is fine.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A plain number: counts, ratios, percentages, points.
    Plain,
    /// 元.
    Money,
    /// A bare literal that adopts its neighbour's unit.
    Any,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    Num(Unit),
    Bool,
    Text,
    Date,
    /// The type of something already reported as wrong; never reported again.
    Error,
}

impl Type {
    pub const MONEY: Type = Type::Num(Unit::Money);
    pub const NUMBER: Type = Type::Num(Unit::Plain);

    pub fn is_num(self) -> bool {
        matches!(self, Type::Num(_) | Type::Error)
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Type::Num(Unit::Money) => "money",
            Type::Num(_) => "a number",
            Type::Bool => "yes/no",
            Type::Text => "text",
            Type::Date => "a date",
            Type::Error => "an erroneous value",
        })
    }
}

/// The unit both sides of `+`, `-`, a comparison or `if` branches share, if any.
pub fn unify(a: Type, b: Type) -> Option<Type> {
    match (a, b) {
        (Type::Error, _) | (_, Type::Error) => Some(Type::Error),
        (Type::Num(x), Type::Num(y)) => Some(Type::Num(match (x, y) {
            (Unit::Any, u) | (u, Unit::Any) => u,
            (x, y) if x == y => x,
            _ => return None,
        })),
        (x, y) if x == y => Some(x),
        _ => None,
    }
}

/// The unit of a product; `None` for money × money.
pub fn multiply(a: Unit, b: Unit) -> Option<Unit> {
    match (a, b) {
        (Unit::Money, Unit::Money) => None,
        (Unit::Money, _) | (_, Unit::Money) => Some(Unit::Money),
        (Unit::Any, Unit::Any) => Some(Unit::Any),
        _ => Some(Unit::Plain),
    }
}

/// The unit of a quotient; `None` for a number divided by money.
pub fn divide(a: Unit, b: Unit) -> Option<Unit> {
    match (a, b) {
        (Unit::Money, Unit::Money) => Some(Unit::Plain),
        (Unit::Money, _) => Some(Unit::Money),
        (_, Unit::Money) => None,
        (Unit::Any, Unit::Any) => Some(Unit::Any),
        _ => Some(Unit::Plain),
    }
}
