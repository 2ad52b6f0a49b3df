//! The core types every stage shares: the levels a month is made of
//! ([`Level`]), the values computed at them ([`Value`]), compiled
//! expressions ([`Node`]) and the month's typed records ([`MonthData`]).
//!
//! The scheme loader produces levels and nodes, the input readers produce
//! records, the engine consumes all three; none of them owns these types.

pub mod data;
pub mod level;
pub mod node;
pub mod value;

pub use data::{MonthData, RowRef, RowsData};
pub use level::{Level, LevelDef, LevelKind, Levels};
pub use node::{Agg, AggOp, Node, Rank};
pub use value::Value;
