//! The synthetic after-sales month the benches share: `people` people in
//! 2- and 3-person teams (both 3-person compositions), every 7th person with
//! a points row — the mix of `benches/big_month.py`, as CSV texts in memory.
#![allow(dead_code)]

use std::fmt::Write;

/// The roster, repairs and points CSV texts of the month.
pub struct Texts {
    pub roster: String,
    pub repairs: String,
    pub points: String,
    pub people: usize,
    pub teams: usize,
}

impl Texts {
    /// The CSV text of the input named `name`.
    pub fn of(&self, name: &str) -> &str {
        match name {
            "roster" => &self.roster,
            "repairs" => &self.repairs,
            _ => &self.points,
        }
    }
}

pub fn texts(people: usize) -> Texts {
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

    Texts {
        roster,
        repairs,
        points,
        people: n,
        teams: team,
    }
}

/// The shipped after-sales scheme and the month's data, read and joined.
pub fn month(people: usize) -> (appraise::scheme::Scheme, appraise::model::MonthData) {
    let text = std::fs::read_to_string("schemes/after-sales-repair.toml").unwrap();
    let (scheme, _) = appraise::scheme::load("after-sales-repair.toml", &text).unwrap();
    let t = texts(people);
    let tables = read(&scheme, &t);
    let (data, _) = appraise::input::records::join(&scheme, &tables).unwrap();
    (scheme, data)
}

/// Every input of `scheme` read from the texts.
pub fn read(
    scheme: &appraise::scheme::Scheme,
    t: &Texts,
) -> Vec<Option<appraise::input::table::RawTable>> {
    use appraise::input::table::{FileKind, ReadOptions, read_table_bytes};
    scheme
        .inputs
        .iter()
        .map(|spec| {
            let headers: Vec<&str> = spec.columns.iter().map(|c| c.header.as_str()).collect();
            let opts = ReadOptions {
                required_headers: &headers,
                ..ReadOptions::default()
            };
            Some(
                read_table_bytes(
                    t.of(&spec.name).as_bytes(),
                    FileKind::Csv,
                    &spec.file,
                    &opts,
                )
                .unwrap(),
            )
        })
        .collect()
}
