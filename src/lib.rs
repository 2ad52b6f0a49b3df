//! appraise: monthly performance bonuses and deductions from declarative schemes.

pub mod archive;
pub mod casebook;
pub mod cli;
pub mod commands;
pub mod diagnostic;
pub mod digest;
pub mod digits;
pub mod engine;
pub mod exit;
pub mod expr;
pub mod i18n;
pub mod input;
pub mod model;
pub mod money;
pub mod month;
pub mod output;
pub mod scheme;
pub mod workspace;
