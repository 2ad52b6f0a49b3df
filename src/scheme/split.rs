//! Splits (分配比例): how a team amount is shared among members, by team
//! composition (1 engineer + 1 assistant → 60/40, …). Each case's shares add up
//! to exactly 100% (checked when the scheme is loaded); the amount itself is cut
//! into whole 分 by [`crate::money::split_exact`], so the parts always add up.

use rust_decimal::Decimal;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct SplitCase {
    /// How many members of each category, sorted by category.
    pub counts: Vec<(Arc<str>, u32)>,
    /// The share of one member of each category.
    pub shares: Vec<(Arc<str>, Decimal)>,
}

#[derive(Clone, Debug)]
pub struct SplitTable {
    pub name: String,
    pub label: String,
    /// The person slot holding each member's category (e.g. 岗位).
    pub by_slot: u32,
    pub by_name: String,
    pub cases: Vec<SplitCase>,
    /// Categories in the order the scheme first names them, for messages.
    pub order: Vec<Arc<str>>,
}

/// `a == b`, most unequal categories told apart by length or last byte
/// without comparing the rest (categories such as 维修工程师 and 助理维修员
/// have the same length, and UTF-8 first bytes are alike); 8 to 16 bytes
/// (most categories: 3 to 5 Chinese characters) compared as two 8-byte words.
fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() || a.last() != b.last() {
        return false;
    }
    let n = a.len();
    let word = |s: &[u8], at: usize| {
        s.get(at..at + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
            .map(u64::from_ne_bytes)
    };
    if (8..=16).contains(&n) {
        word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8)
    } else {
        a == b
    }
}

/// `1 维修工程师 + 2 助理维修员`
pub fn composition_text(counts: &[(Arc<str>, u32)]) -> String {
    counts
        .iter()
        .map(|(c, n)| format!("{n} {c}"))
        .collect::<Vec<_>>()
        .join(" + ")
}

/// Counts members per category, sorted by category.
pub fn composition(categories: &[Arc<str>]) -> Vec<(Arc<str>, u32)> {
    let mut counts: Vec<(Arc<str>, u32)> = Vec::new();
    for c in categories {
        match counts.iter_mut().find(|(k, _)| k == c) {
            Some((_, n)) => *n += 1,
            None => counts.push((c.clone(), 1)),
        }
    }
    counts.sort();
    counts
}

impl SplitTable {
    /// `1 维修工程师 + 2 助理维修员`, categories in the scheme's order.
    pub fn describe(&self, counts: &[(Arc<str>, u32)]) -> String {
        let mut sorted = counts.to_vec();
        sorted.sort_by_key(|(c, _)| self.order.iter().position(|o| o == c).unwrap_or(usize::MAX));
        composition_text(&sorted)
    }

    /// The case for a team whose member `i` has category `categories[i]`,
    /// and each member's share in member order, written into `shares`: what
    /// [`Self::weights`] finds, without counting the composition into a sorted
    /// vector (a case matches when its counts add up to the team's size and
    /// each of its categories has its count of members). `None`: no case
    /// matches, or it gives some member no share; [`Self::weights`] says which.
    pub fn case_of(&self, categories: &[&str], shares: &mut Vec<Decimal>) -> Option<usize> {
        let n = categories.len();
        let members = |k: &str| categories.iter().filter(|&&c| same(c, k)).count();
        let (index, case) = self.cases.iter().enumerate().find(|(_, c)| {
            c.counts.iter().map(|(_, k)| *k as usize).sum::<usize>() == n
                && c.counts
                    .iter()
                    .all(|(k, want)| *want > 0 && members(k) == *want as usize)
        })?;
        shares.clear();
        for &c in categories {
            shares.push(case.shares.iter().find(|(k, _)| same(k, c))?.1);
        }
        Some(index)
    }

    /// The case for a team whose members have these categories, and each
    /// member's share, in member order.
    pub fn weights(&self, categories: &[Arc<str>]) -> Result<(usize, Vec<Decimal>), String> {
        let counts = composition(categories);
        let Some((index, case)) = self
            .cases
            .iter()
            .enumerate()
            .find(|(_, c)| c.counts == counts)
        else {
            let known: Vec<String> = self
                .cases
                .iter()
                .map(|c| self.describe(&c.counts))
                .collect();
            return Err(crate::msg!(
                "split-no-case",
                name = self.name.as_str(),
                team = if counts.is_empty() {
                    crate::msg!("split-nobody").to_string()
                } else {
                    self.describe(&counts)
                },
                known = known.join("; ")
            )
            .to_string());
        };
        let shares = categories
            .iter()
            .map(|c| {
                case.shares
                    .iter()
                    .find(|(k, _)| k == c)
                    .map(|(_, s)| *s)
                    .ok_or_else(|| format!("split {} gives no share to {c}", self.name))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok((index, shares))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    /// The after-sales example's table (schemes/*.toml, `[splits.by_role]`).
    fn by_role() -> SplitTable {
        let (e, a): (Arc<str>, Arc<str>) = ("维修工程师".into(), "助理维修员".into());
        let case = |ne: u32, na: u32, se: Decimal, sa: Decimal| SplitCase {
            counts: composition(
                &std::iter::repeat_n(e.clone(), ne as usize)
                    .chain(std::iter::repeat_n(a.clone(), na as usize))
                    .collect::<Vec<_>>(),
            ),
            shares: vec![(e.clone(), se), (a.clone(), sa)],
        };
        SplitTable {
            name: "by_role".into(),
            label: "班组内分配比例".into(),
            by_slot: 0,
            by_name: "role".into(),
            cases: vec![
                case(1, 1, dec!(0.60), dec!(0.40)),
                case(2, 1, dec!(0.35), dec!(0.30)),
                case(1, 2, dec!(0.40), dec!(0.30)),
            ],
            order: vec![e, a],
        }
    }

    #[test]
    fn case_of_reads_the_composition() {
        let t = by_role();
        let mut shares = vec![dec!(1); 4];
        // 1 engineer + 2 assistants, assistant first: the third case, 30/40/30 in member order.
        let team = ["助理维修员", "维修工程师", "助理维修员"];
        assert_eq!(t.case_of(&team, &mut shares), Some(2));
        assert_eq!(shares, vec![dec!(0.30), dec!(0.40), dec!(0.30)]);
        // 2 engineers alone, or an unknown category: no case.
        assert_eq!(t.case_of(&["维修工程师", "维修工程师"], &mut shares), None);
        assert_eq!(t.case_of(&["维修工程师", "学徒"], &mut shares), None);
        assert_eq!(t.case_of(&[], &mut shares), None);
    }

    proptest::proptest! {
        /// `same` is `==`, for strings of 0 to 20 bytes differing anywhere
        /// (two letters, so that equal and near-equal strings come often).
        #[test]
        fn same_is_equality(a in "[ab]{0,20}", flip in 0usize..20, cut in proptest::bool::ANY) {
            let mut b: Vec<char> = a.chars().collect();
            if let Some(c) = b.get_mut(flip) {
                *c = if *c == 'a' { 'b' } else { 'a' };
            }
            if cut {
                b.pop();
            }
            let b: String = b.into_iter().collect();
            proptest::prop_assert_eq!(same(&a, &b), a == b);
            proptest::prop_assert!(same(&a, &a));
        }

        /// `case_of` finds what `weights` finds (the case and the shares), and
        /// nothing where `weights` finds no case.
        #[test]
        fn case_of_is_weights(picks in proptest::collection::vec(0usize..3, 0..6)) {
            let t = by_role();
            let names = ["维修工程师", "助理维修员", "学徒"];
            let team: Vec<&str> = picks.iter().filter_map(|&i| names.get(i).copied()).collect();
            let arcs: Vec<Arc<str>> = team.iter().map(|&c| c.into()).collect();
            let mut shares = Vec::new();
            let found = t.case_of(&team, &mut shares).map(|case| (case, shares));
            proptest::prop_assert_eq!(found, t.weights(&arcs).ok());
        }
    }
}
