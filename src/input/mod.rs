//! Reading the month's exports: files → [`table::RawTable`] (cells that keep
//! their file, row and column) → typed records the engine consumes.

pub mod csv;
pub mod sheet;
pub mod table;
pub mod value;
pub mod records;
