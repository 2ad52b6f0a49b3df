//! Properties: splits add up to the cent; band tables that pass `check` hold
//! every value of their domain in exactly one row.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use appraise::money::split_exact;
use appraise::scheme::band::{Bound, Interval, check_coverage};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn cents(n: i64) -> Decimal {
    Decimal::new(n, 2)
}

proptest! {
    #[test]
    fn splits_add_up_exactly(amount in -10_000_000_000_i64..10_000_000_000_i64,
                             weights in prop::collection::vec(0u32..10_000, 1..8)) {
        prop_assume!(weights.iter().any(|w| *w > 0));
        let amount = cents(amount);
        let ws: Vec<Decimal> = weights.iter().map(|w| Decimal::new(i64::from(*w), 4)).collect();
        let parts = split_exact(amount, &ws).expect("valid split");
        prop_assert_eq!(parts.len(), ws.len());
        prop_assert_eq!(parts.iter().copied().sum::<Decimal>(), amount);
        let total: Decimal = ws.iter().copied().sum();
        for (p, w) in parts.iter().zip(&ws) {
            // Whole 分, and within one 分 of the exact share.
            prop_assert_eq!(p.round_dp(2), *p);
            let exact = amount * *w / total;
            prop_assert!((*p - exact).abs() < cents(1), "{} vs {}", p, exact);
        }
    }
}

/// Random intervals over small whole thresholds 0..=10, each end open, closed or absent.
fn interval() -> impl Strategy<Value = Interval> {
    let bound = prop::option::of((0i64..=10, any::<bool>()).prop_map(|(v, inclusive)| Bound {
        value: Decimal::from(v),
        inclusive,
    }));
    (bound.clone(), bound).prop_map(|(lower, upper)| Interval { lower, upper })
}

/// Contiguous rows cutting 0..=10 at the given points: these must pass.
fn contiguous() -> impl Strategy<Value = Vec<Interval>> {
    (
        prop::collection::btree_set(1i64..10, 0..6),
        prop::collection::vec(any::<bool>(), 10),
    )
        .prop_map(|(cuts, incl)| {
            let cuts: Vec<i64> = cuts.into_iter().collect();
            let mut rows = Vec::new();
            let mut lower = Some(Bound {
                value: Decimal::ZERO,
                inclusive: true,
            });
            for (i, c) in cuts.iter().enumerate() {
                let upper_inclusive = incl.get(i).copied().unwrap_or(false);
                rows.push(Interval {
                    lower,
                    upper: Some(Bound {
                        value: Decimal::from(*c),
                        inclusive: upper_inclusive,
                    }),
                });
                lower = Some(Bound {
                    value: Decimal::from(*c),
                    inclusive: !upper_inclusive,
                });
            }
            rows.push(Interval {
                lower,
                upper: Some(Bound {
                    value: Decimal::TEN,
                    inclusive: true,
                }),
            });
            rows
        })
}

fn domain() -> Interval {
    Interval {
        lower: Some(Bound {
            value: Decimal::ZERO,
            inclusive: true,
        }),
        upper: Some(Bound {
            value: Decimal::TEN,
            inclusive: true,
        }),
    }
}

/// Every threshold, every midpoint between thresholds: enough to see any gap or overlap.
fn samples() -> Vec<Decimal> {
    (0..=20).map(|i| Decimal::new(i * 5, 1)).collect()
}

fn rows_holding(rows: &[Interval], x: Decimal) -> usize {
    // Open ends reach to the domain's edge, as in check_coverage.
    rows.iter().filter(|r| r.contains(x)).count()
}

proptest! {
    #[test]
    fn contiguous_tables_pass_and_cover(rows in contiguous()) {
        prop_assert_eq!(check_coverage("X", &domain(), &rows, false), vec![]);
        for x in samples() {
            prop_assert_eq!(rows_holding(&rows, x), 1, "x = {}", x);
        }
    }

    #[test]
    fn tables_that_pass_check_hold_each_value_once(rows in prop::collection::vec(interval(), 1..6)) {
        if check_coverage("X", &domain(), &rows, false).is_empty() {
            for x in samples() {
                prop_assert_eq!(rows_holding(&rows, x), 1, "x = {} rows {:?}", x, rows);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The expression parser and the scheme loader never panic, whatever the text.
    #[test]
    fn parsers_never_panic(text in "\\PC{0,80}") {
        let _ = appraise::expr::parser::parse(&text);
        let _ = appraise::scheme::band::parse_condition(&text);
        let _ = appraise::scheme::load("s.toml", &text);
    }

    /// Nor on the shipped scheme with a stretch of it replaced by random text.
    #[test]
    fn scheme_loader_never_panics_on_mangled_schemes(at in 0usize..6000, len in 0usize..40, junk in "\\PC{0,20}") {
        let text = std::fs::read_to_string("schemes/after-sales-repair.toml").unwrap();
        let mut chars: Vec<char> = text.chars().collect();
        let at = at.min(chars.len());
        let end = (at + len).min(chars.len());
        chars.splice(at..end, junk.chars());
        let mangled: String = chars.into_iter().collect();
        let _ = appraise::scheme::load("s.toml", &mangled);
    }
}

#[test]
fn absurdly_long_or_deep_expressions_are_refused_not_crashed_on() {
    use appraise::expr::parser::parse;
    let long = vec!["1"; 20_000].join("+");
    assert_eq!(
        parse(&long).err().map(|e| e.message).as_deref(),
        Some("the expression is too long (over 1000 symbols); split it into several rules")
    );
    let deep = format!("{}1{}", "(".repeat(300), ")".repeat(300));
    assert_eq!(
        parse(&deep).err().map(|e| e.message).as_deref(),
        Some("the expression nests more than 64 levels deep; split it into several rules")
    );
    let negations = format!("{}1", "-".repeat(500));
    assert!(parse(&negations).is_err());
}
