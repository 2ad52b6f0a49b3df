//! The workbook writers' hot path, with divan: `cargo bench --bench writers`.
//! A synthetic after-sales month (benches/support/month.rs) is read and
//! joined once; each benchmark then computes it into a sink:
//!
//! - `engine_only`: a sink that only counts (the engine's share);
//! - `summary_sheet`: a workbook of 汇总 only (`--sheets 汇总`), zipped to
//!   nowhere;
//! - `detail_sheet`: a workbook of 明细 only with every person's rows
//!   (`--sheets 明细`), zipped to nowhere.
//!
//! A writer's own cost is its time less `engine_only`'s. Sizes are small
//! (1,000 and 5,000 people) so that divan can take many samples; the
//! whole-process figures at 100,000 people come from `benches/compare.sh`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use appraise::engine::{MonthView, Sink, TeamView, compute};
use appraise::model::MonthData;
use appraise::month::Month;
use appraise::output::Report;
use appraise::output::xlsx::{Selection, XlsxSink};
use appraise::scheme::Scheme;
use std::sync::LazyLock;

#[path = "support/month.rs"]
mod month;

const SIZES: [usize; 2] = [1_000, 5_000];

static MONTHS: LazyLock<Vec<(Scheme, MonthData)>> =
    LazyLock::new(|| SIZES.iter().map(|&n| month::month(n)).collect());

fn main() {
    divan::main();
}

fn the_month(people: usize) -> &'static (Scheme, MonthData) {
    let i = SIZES.iter().position(|&n| n == people).unwrap();
    &MONTHS[i]
}

fn may() -> Month {
    "2024-05".parse().unwrap()
}

/// Counts what the engine hands over, so nothing is optimised away.
#[derive(Default)]
struct Count(usize);

impl Sink for Count {
    type Error = ();
    fn team(&mut self, t: &TeamView) -> Result<(), ()> {
        self.0 += t.members() as usize;
        Ok(())
    }
    fn finish(&mut self, _: &MonthView) -> Result<(), ()> {
        Ok(())
    }
}

#[divan::bench(args = SIZES)]
fn engine_only(people: usize) -> usize {
    let (scheme, data) = the_month(people);
    let mut sink = Count::default();
    compute(scheme, may(), data, &mut sink).unwrap();
    sink.0
}

fn workbook(people: usize, sheet: &str) {
    let (scheme, data) = the_month(people);
    let report = Report::new(scheme, &[], &[]);
    let selection = Selection::named(&[sheet.to_string()]).unwrap();
    let mut sink = XlsxSink::new(&report, may(), None, &selection).unwrap();
    if compute(scheme, may(), data, &mut sink).is_err() {
        panic!("the synthetic month does not compute");
    }
    sink.save(std::io::sink()).unwrap();
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn summary_sheet(people: usize) {
    workbook(people, "汇总");
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn detail_sheet(people: usize) {
    workbook(people, "明细");
}
