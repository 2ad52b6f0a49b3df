//! appraise: monthly performance bonuses and deductions from declarative schemes.

pub mod diagnostic;
pub mod input;
pub mod money;
pub mod month;
