//! Bytes as one of a month's CSV files (the first byte chooses roster,
//! repairs or points), read through `read_month` and computed. Any panic,
//! hang or runaway allocation is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

#[path = "month.rs"]
mod month;

static MONTH: OnceLock<month::Month> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Some((&which, bytes)) = data.split_first() else {
        return;
    };
    let input = month::INPUTS[usize::from(which) % month::INPUTS.len()];
    MONTH.get_or_init(month::Month::new).read_with(input, "csv", bytes);
});
