//! Buffers an explanation is built in, kept from one explanation to the
//! next: a workbook's 班组明细 explains every figure of every team (471,000
//! at 100,000 people), and building each from fresh vectors and strings
//! made allocation most of its cost.

use super::BandChoice;
use crate::model::Level;

/// The buffers of [`super::explain_into`] besides the explanation itself.
#[derive(Default)]
pub struct Scratch {
    /// The trace events already shown, by kind and key (each value once).
    pub(super) seen: foldhash::HashSet<(u8, u8, u32, u32)>,
    /// The aggregates counted: (id, level counted over, count).
    pub(super) counted: Vec<(u32, Level, u32)>,
    /// The result as shown, for the aggregates' lines.
    pub(super) result: String,
    /// The figures the walk visited, and those it has still to visit.
    pub(super) visited: foldhash::HashSet<(Level, u32, u32)>,
    pub(super) stack: Vec<(Level, u32, u32)>,
    /// The input rows (input, row) the walk found.
    pub(super) rows: Vec<(u32, u32)>,
}

/// Something made empty to be written again, keeping its buffers.
pub(super) trait Clear {
    fn clear(&mut self);
}

impl Clear for String {
    fn clear(&mut self) {
        String::clear(self);
    }
}

impl Clear for (String, String) {
    fn clear(&mut self) {
        self.0.clear();
        self.1.clear();
    }
}

impl Clear for BandChoice {
    fn clear(&mut self) {
        self.table.clear();
        self.label.clear();
        self.when.clear();
        self.looked_up = None;
        self.direct = false;
        // The outputs are refilled item by item ([`Refill`]).
    }
}

/// A vector written again from its first item: each item handed out
/// ([`Refill::next`]) is one already there, cleared, so that its buffers
/// are reused; the items left over are dropped when the refill ends.
pub(super) struct Refill<'v, T> {
    v: &'v mut Vec<T>,
    n: usize,
}

impl<'v, T: Clear + Default> Refill<'v, T> {
    pub(super) fn new(v: &'v mut Vec<T>) -> Self {
        Refill { v, n: 0 }
    }

    /// The next item, empty.
    pub(super) fn next(&mut self) -> &mut T {
        if self.n == self.v.len() {
            self.v.push(T::default());
        }
        let item = &mut self.v[self.n];
        item.clear();
        self.n += 1;
        item
    }

    /// The items handed out so far.
    pub(super) fn done(&self) -> &[T] {
        &self.v[..self.n]
    }
}

impl<T> Drop for Refill<'_, T> {
    fn drop(&mut self) {
        self.v.truncate(self.n);
    }
}

#[cfg(test)]
mod tests {
    use super::Refill;

    #[test]
    fn a_refill_keeps_what_it_hands_out_and_drops_the_rest() {
        let mut v = vec!["a".to_string(), "b".into(), "c".into()];
        {
            let mut r = Refill::new(&mut v);
            // Each item comes out empty, whatever it held.
            assert_eq!(r.next(), "");
            r.next().push('x');
            assert_eq!(r.done(), ["", "x"]);
        }
        // Two handed out: the third is dropped.
        assert_eq!(v, ["", "x"]);
        {
            let mut r = Refill::new(&mut v);
            for k in 0..4 {
                r.next().push_str(&k.to_string());
            }
        }
        // More than there were: pushed.
        assert_eq!(v, ["0", "1", "2", "3"]);
    }
}
