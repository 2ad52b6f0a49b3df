//! A value during evaluation: a number, yes/no, text, a date, or one of the
//! states a value can be in besides having one (not given, not yet computed,
//! failed).

use rust_decimal::Decimal;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Num(Decimal),
    Bool(bool),
    Text(Arc<str>),
    Date(chrono::NaiveDate),
    /// Not given (未提供): a blank cell of an optional column, a missing row,
    /// or an aggregate of nothing without a declared `none`. Distinct from 0.
    NotGiven,
    /// Not computed yet.
    Unset,
    /// Its computation failed (the failure is reported once, where it happened).
    Failed,
}

impl Value {
    /// The number, if this is one.
    pub fn num(&self) -> Option<Decimal> {
        match self {
            Value::Num(d) => Some(*d),
            _ => None,
        }
    }

    /// The text, if this is text.
    pub fn text(&self) -> Option<&str> {
        match self {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }
}
