//! Timing of a large month's stages: `cargo bench` (or `cargo bench -- 20000`
//! for another head count). Builds a synthetic month of 2- and 3-person teams
//! in memory, then times each stage: CSV parse, join, and the engine's passes
//! (every rule of every team, the check pass and the traced write pass) into
//! a sink that only counts. Prints wall-clock seconds per stage; the outputs
//! are timed end to end with `benches/big_month.py` (README, Performance).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use appraise::engine::{MonthView, Sink, TeamView, compute};
use appraise::input::records::join;
use appraise::input::table::{FileKind, ReadOptions, read_table_bytes};
use appraise::scheme::load;
use std::fmt::Write;
use std::time::Instant;

fn main() {
    let people: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let text = std::fs::read_to_string("schemes/after-sales-repair.toml").unwrap();
    let (scheme, _) = load("after-sales-repair.toml", &text).unwrap();

    let mut roster = String::from("工号,姓名,班组,岗位,底薪\n");
    let mut repairs =
        String::from("班组,维修台数,品质不合格台数,交付台数,及时交付台数,返修机不足\n");
    let mut points = String::from("工号,绩效分,事由\n");
    let mut n = 0usize;
    let mut team = 0usize;
    while n < people {
        let size = if team.is_multiple_of(3) { 3 } else { 2 };
        let engineers = if size == 3 && team.is_multiple_of(2) {
            2
        } else {
            1
        };
        for k in 0..size {
            let role = if k < engineers {
                "维修工程师"
            } else {
                "助理维修员"
            };
            writeln!(
                roster,
                "{n:06},员工{n},T{team},{role},{}.{:02}",
                3000 + (n % 1500),
                n % 100
            )
            .unwrap();
            if n.is_multiple_of(7) {
                writeln!(points, "{n:06},{},bench", (n % 5) as i64 - 2).unwrap();
            }
            n += 1;
        }
        let repaired = 100 + (team * 37) % 150;
        let delivered = 100 + team % 50;
        let on_time = delivered - (team % 12);
        let short = if team.is_multiple_of(5) { "是" } else { "否" };
        writeln!(
            repairs,
            "T{team},{repaired},{},{delivered},{on_time},{short}",
            team % 4
        )
        .unwrap();
        team += 1;
    }
    println!("synthetic month: {n} people in {team} teams");

    let t0 = Instant::now();
    let mut tables = Vec::new();
    for spec in &scheme.inputs {
        let body = match spec.name.as_str() {
            "roster" => &roster,
            "repairs" => &repairs,
            _ => &points,
        };
        let headers: Vec<&str> = spec.columns.iter().map(|c| c.header.as_str()).collect();
        let opts = ReadOptions {
            required_headers: &headers,
            ..ReadOptions::default()
        };
        tables.push(Some(
            read_table_bytes(body.as_bytes(), FileKind::Csv, &spec.file, &opts).unwrap(),
        ));
    }
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
