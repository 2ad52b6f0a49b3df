//! Timing of a large month's stages: `cargo bench` (or `cargo bench -- 20000`
//! for another head count). Builds a synthetic month of 2- and 3-person teams
//! in memory, then times each stage: CSV parse, join, and the engine's passes
//! (every rule of every team, the check pass and the traced write pass) into
//! a sink that only counts. Prints wall-clock seconds per stage; the outputs
//! are timed end to end with `benches/big_month.py` (README, Performance).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use appraise::engine::{MonthView, Sink, TeamView, compute};
use appraise::input::records::join;
use appraise::scheme::load;
use std::time::Instant;

#[path = "support/month.rs"]
mod month;

fn main() {
    let people: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let text = std::fs::read_to_string("schemes/after-sales-repair.toml").unwrap();
    let (scheme, _) = load("after-sales-repair.toml", &text).unwrap();
    let texts = month::texts(people);
    println!(
        "synthetic month: {} people in {} teams",
        texts.people, texts.teams
    );

    let t0 = Instant::now();
    let tables = month::read(&scheme, &texts);
    let t1 = Instant::now();
    let (data, _) = join(&scheme, &tables).unwrap();
    let t2 = Instant::now();
    let mut sink = Count::default();
    if compute(&scheme, "2024-05".parse().unwrap(), &data, &mut sink).is_err() {
        panic!("the synthetic month does not compute");
    }
    let t3 = Instant::now();
    let s = |a: Instant, b: Instant| b.duration_since(a).as_secs_f64();
    println!("read CSV   {:>7.3} s", s(t0, t1));
    println!("join       {:>7.3} s", s(t1, t2));
    println!(
        "compute    {:>7.3} s ({} teams, {} people, {} trace events)",
        s(t2, t3),
        sink.teams,
        sink.people,
        sink.events
    );
    println!("total      {:>7.3} s", s(t0, t3));
}

/// Counts what the engine hands over, so nothing is optimised away.
#[derive(Default)]
struct Count {
    teams: usize,
    people: usize,
    events: usize,
}

impl Sink for Count {
    type Error = ();
    fn team(&mut self, t: &TeamView) -> Result<(), ()> {
        self.teams += 1;
        self.people += t.members() as usize;
        self.events += t.chunk.trace.events.len();
        Ok(())
    }
    fn finish(&mut self, _: &MonthView) -> Result<(), ()> {
        Ok(())
    }
}
