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

    /// The case for a team of `n` members, member `i` of category
    /// `category(i)`, and each member's share in member order: what
    /// [`Self::weights`] finds, without counting the composition into a sorted
    /// vector (a case matches when its counts add up to `n` and each of its
    /// categories has its count of members). `None`: no case matches, or it
    /// gives some member no share; [`Self::weights`] says which.
    pub fn shares_of<'c>(
        &self,
        n: usize,
        category: impl Fn(usize) -> &'c str,
    ) -> Option<(usize, Vec<Decimal>)> {
        let (index, case) = self.cases.iter().enumerate().find(|(_, c)| {
            c.counts.iter().map(|(_, k)| *k as usize).sum::<usize>() == n
                && c.counts.iter().all(|(k, want)| {
                    *want > 0 && (0..n).filter(|&i| category(i) == &**k).count() == *want as usize
                })
        })?;
        let mut shares = Vec::with_capacity(n);
        for i in 0..n {
            let c = category(i);
            shares.push(case.shares.iter().find(|(k, _)| &**k == c)?.1);
        }
        Some((index, shares))
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
