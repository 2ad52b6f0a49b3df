//! The compiler's shapes and the machine's order, against rust_decimal.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::run::{order, pick};
use super::*;

fn scheme(file: &str) -> Scheme {
    let path = format!("{}/schemes/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    crate::scheme::load::load(&path, &text).unwrap().0
}

/// The names of the local rules of `s` that compile, by level.
fn compiled(s: &Scheme) -> Vec<String> {
    let programs = compile_plan(s);
    s.plan
        .iter()
        .zip(&programs)
        .filter(|(_, p)| p.is_some())
        .map(|(step, _)| {
            let name = &s.slots(step.level)[step.slot as usize].name;
            format!("{}.{name}", s.levels.name(step.level))
        })
        .collect()
}

#[test]
fn the_after_sales_rules_that_run_as_programs() {
    let s = scheme("after-sales-repair.toml");
    let mut got = compiled(&s);
    got.sort();
    // Every team rule but `size = count(members)` (an aggregate) and the
    // two flags; the person items but the two `split(…)`s.
    let mut want: Vec<String> = [
        "team.counted",
        "team.quota",
        "team.X1",
        "team.rate",
        "team.short_share",
        "team.excess",
        "team.shortfall",
        "team.protected",
        "team.pool",
        "team.penalty",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    want.sort();
    let team: Vec<_> = got
        .iter()
        .filter(|n| n.starts_with("team."))
        .cloned()
        .collect();
    let flags = got
        .iter()
        .filter(|n| n.contains("qc_within") || n.contains("on_time_within"))
        .count();
    assert_eq!(
        team.iter()
            .filter(|n| !n.contains("_within_"))
            .cloned()
            .collect::<Vec<_>>(),
        want,
        "{got:?}"
    );
    assert_eq!(flags, 2, "both flags (comparisons) compile: {got:?}");
    let people: Vec<_> = got.iter().filter(|n| !n.starts_with("team.")).collect();
    assert!(
        people.iter().any(|n| n.ends_with("short_returns_bonus")),
        "{got:?}"
    );
    assert!(
        people.iter().any(|n| n.ends_with("points_bonus")),
        "{got:?}"
    );
    assert!(
        !people.iter().any(|n| n.ends_with("excess_bonus")),
        "a split stays a tree: {got:?}"
    );
}

/// A decimal of up to 12 digits at scale 0..=3 (so scales often match),
/// zeros of either sign, and some beyond 64 bits.
fn decimal() -> impl proptest::strategy::Strategy<Value = Decimal> {
    use proptest::prelude::*;
    prop_oneof![
        6 => (-999_999_999_999i64..=999_999_999_999, 0u32..=3).prop_map(|(m, s)| Decimal::new(m, s)),
        2 => (0u32..=3, any::<bool>()).prop_map(|(s, n)| {
            let mut d = Decimal::new(0, s);
            d.set_sign_negative(n);
            d
        }),
        1 => (any::<i128>(), 0u32..=3).prop_map(|(m, s)| Decimal::from_i128_with_scale(m >> 32, s)),
    ]
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
    /// `order` is `Decimal::cmp`, and `pick` gives `min`/`max`'s bits.
    #[test]
    fn order_and_pick_are_rust_decimals(a in decimal(), b in decimal()) {
        proptest::prop_assert_eq!(order(&a, &b), a.cmp(&b));
        proptest::prop_assert_eq!(pick(true, a, b).serialize(), a.min(b).serialize());
        proptest::prop_assert_eq!(pick(false, a, b).serialize(), a.max(b).serialize());
    }
}

/// The cases `order` answers itself, the ties and the zeros of either sign
/// are a good part of what the property above sees.
#[test]
fn the_order_cases_cover_ties_and_zeros() {
    use proptest::strategy::{Strategy, ValueTree};
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut same_scale, mut ties, mut signed_zero_ties, mut wide) = (0, 0, 0, 0);
    let strategy = (decimal(), decimal());
    for _ in 0..4000 {
        let (a, b) = strategy.new_tree(&mut runner).unwrap().current();
        same_scale += usize::from(a.scale() == b.scale());
        ties += usize::from(a == b);
        signed_zero_ties +=
            usize::from(a.is_zero() && b.is_zero() && a.is_sign_negative() != b.is_sign_negative());
        wide += usize::from(a.mantissa().unsigned_abs() >> 64 != 0);
    }
    assert!(
        same_scale > 1000 && ties > 100 && signed_zero_ties > 40 && wide > 200,
        "{same_scale} {ties} {signed_zero_ties} {wide}"
    );
}

#[test]
fn a_program_runs_in_the_trees_order() {
    // quota = work_days * (if size == 3 then daily_quota_three else daily_quota_two):
    // the parameter first, then the condition's read, a jump over one branch.
    let s = scheme("after-sales-repair.toml");
    let programs = compile_plan(&s);
    let (i, _) = s
        .plan
        .iter()
        .enumerate()
        .find(|(_, st)| s.slots(st.level)[st.slot as usize].name == "quota")
        .unwrap();
    let p = programs[i].as_ref().unwrap();
    let shape: Vec<String> = p
        .ops
        .iter()
        .map(|op| match op {
            Op::Param(_, d) => format!("param {d}"),
            Op::Read { .. } => "read".into(),
            Op::Const(d) => format!("const {d}"),
            Op::Cmp(op) => format!("cmp {op:?}"),
            Op::JumpIfFalse(to) => format!("jump-if-false {to}"),
            Op::Jump(to) => format!("jump {to}"),
            Op::Arith(op) => format!("{op:?}"),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        shape,
        [
            "param 22",
            "read",
            "const 3",
            "cmp Eq",
            "jump-if-false 7",
            "param 9",
            "jump 8",
            "param 6",
            "Mul"
        ]
    );
    assert!(!p.boolean);
}
