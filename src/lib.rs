//! appraise: monthly performance bonuses and deductions from declarative schemes.

pub mod diagnostic;
pub mod digest;
pub mod engine;
pub mod expr;
pub mod input;
pub mod money;
pub mod month;
pub mod scheme;
