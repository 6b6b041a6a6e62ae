//! Myers' diff bounded by the work it does, not by a clock: the same two texts give the same
//! diff on an idle machine and on a busy one.
//!
//! This is `similar`'s linear-space Myers (divide and conquer on the middle snake) step for
//! step, so that where the work stays within its budget the operations are exactly the ones
//! `similar::capture_diff_slices(Algorithm::Myers, ..)` returns (a unit test compares them).
//! `similar` can only stop its search at a deadline, an `Instant`, which makes the result
//! depend on how busy the machine is; here it stops when a [`Budget`] runs out, and what is
//! left undivided is reported as removed and added, as `similar` does at its deadline.

use std::convert::Infallible;
use std::ops::{Index, IndexMut, Range};

use similar::DiffOp;
use similar::algorithms::{Capture, Compact, DiffHook, Replace};

/// The work one revision's diff may do (its line diff and the word diffs of its changed
/// lines together), in [`Budget`] units: a step along a diagonal of the edit graph or a
/// comparison of two tokens.
///
/// Why this number: the diff used to stop at a 200 ms deadline, and then its output depended
/// on how busy the machine was. 16 million units took 140–260 ms in a release build on a
/// shared two-core machine under load (two unrelated 10 MB pages; a page of 100,000 lines with
/// every other line changed), about what the deadline allowed, while ordinary revisions stay
/// far below it and get the exact diff: a 3,000-line page with a third of its lines
/// changed costs about 2 million, one with a line in twenty changed under 100,000.
pub const WORK: u64 = 16_000_000;

/// What is left of the work a diff may do (see [`WORK`]). Once it is spent, every part of the
/// texts not yet divided counts as removed and added: the diff stays correct (applying it
/// gives the new text), only less fine.
#[derive(Debug)]
pub struct Budget {
    left: u64,
}

impl Budget {
    /// A budget of `units`.
    pub fn new(units: u64) -> Budget {
        Budget { left: units }
    }

    /// True once the work is spent: no more searching.
    pub fn spent(&self) -> bool {
        self.left == 0
    }

    fn spend(&mut self, units: usize) {
        self.left = self.left.saturating_sub(units as u64);
    }
}

/// The operations that turn `old` into `new`, as `similar::capture_diff_slices` gives them
/// (compacted, with replacements), searched within `budget` (and spending from it).
pub fn diff<T: PartialEq>(old: &[T], new: &[T], budget: &mut Budget) -> Vec<DiffOp> {
    let mut hook = Compact::new(Replace::new(Capture::new()), old, new);
    let max = max_d(old.len(), new.len());
    let mut v = (V::new(max), V::new(max));
    let ranges = (0..old.len(), 0..new.len());
    let done = conquer(&mut hook, (old, new), ranges, &mut v, budget).and_then(|()| hook.finish());
    match done {
        Ok(()) => hook.into_inner().into_inner().into_ops(),
        Err(never) => match never {},
    }
}

/// The furthest x reached on each diagonal k (which may be negative: stored at k + offset).
struct V {
    offset: isize,
    v: Vec<usize>,
}

impl V {
    fn new(max_d: usize) -> V {
        V {
            offset: max_d as isize,
            v: vec![0; 2 * max_d],
        }
    }
}

impl Index<isize> for V {
    type Output = usize;
    fn index(&self, k: isize) -> &usize {
        &self.v[(k + self.offset) as usize]
    }
}

impl IndexMut<isize> for V {
    fn index_mut(&mut self, k: isize) -> &mut usize {
        &mut self.v[(k + self.offset) as usize]
    }
}

fn max_d(n: usize, m: usize) -> usize {
    (n + m).div_ceil(2) + 1
}

/// Tokens `old[o]` and `new[n]` share at their start.
fn common_prefix<T: PartialEq>(old: &[T], o: Range<usize>, new: &[T], n: Range<usize>) -> usize {
    old[o]
        .iter()
        .zip(&new[n])
        .take_while(|(a, b)| b == a)
        .count()
}

/// Tokens `old[o]` and `new[n]` share at their end.
fn common_suffix<T: PartialEq>(old: &[T], o: Range<usize>, new: &[T], n: Range<usize>) -> usize {
    let (a, b) = (&old[o], &new[n]);
    a.iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(a, b)| b == a)
        .count()
}

/// The start of the middle snake of an optimal path from `old[o]` to `new[n]`, searching
/// forward and backward at once; `None` when the budget runs out first.
fn middle_snake<T: PartialEq>(
    (old, new): (&[T], &[T]),
    (o, n): (Range<usize>, Range<usize>),
    (vf, vb): &mut (V, V),
    budget: &mut Budget,
) -> Option<(usize, usize)> {
    let (len_o, len_n) = (o.len(), n.len());
    let delta = len_o as isize - len_n as isize;
    let odd = delta & 1 == 1;
    vf[1] = 0;
    vb[1] = 0;
    for d in 0..max_d(len_o, len_n) as isize {
        if budget.spent() {
            return None;
        }
        let mut work = 0;
        for k in (-d..=d).rev().step_by(2) {
            let mut x = if k == -d || (k != d && vf[k - 1] < vf[k + 1]) {
                vf[k + 1]
            } else {
                vf[k - 1] + 1
            };
            let y = (x as isize - k) as usize;
            let (x0, y0) = (x, y);
            work += 1;
            if x < len_o && y < len_n {
                let advance = common_prefix(old, o.start + x..o.end, new, n.start + y..n.end);
                x += advance;
                work += advance;
            }
            vf[k] = x;
            if odd && (k - delta).abs() < d && vf[k] + vb[-(k - delta)] >= len_o {
                budget.spend(work);
                return Some((x0 + o.start, y0 + n.start));
            }
        }
        for k in (-d..=d).rev().step_by(2) {
            let mut x = if k == -d || (k != d && vb[k - 1] < vb[k + 1]) {
                vb[k + 1]
            } else {
                vb[k - 1] + 1
            };
            let mut y = (x as isize - k) as usize;
            work += 1;
            if x < len_o && y < len_n {
                let advance = common_suffix(
                    old,
                    o.start..o.start + len_o - x,
                    new,
                    n.start..n.start + len_n - y,
                );
                x += advance;
                y += advance;
                work += advance;
            }
            vb[k] = x;
            if !odd && (k - delta).abs() <= d && vb[k] + vf[-(k - delta)] >= len_o {
                budget.spend(work);
                return Some((len_o - x + o.start, len_n - y + n.start));
            }
        }
        budget.spend(work);
    }
    None
}

/// Diff `old[o]` against `new[n]` into `hook`: strip their common ends, split the rest at its
/// middle snake and diff each half, or, the budget spent, report the rest removed and added.
fn conquer<T: PartialEq, D: DiffHook<Error = Infallible>>(
    hook: &mut D,
    (old, new): (&[T], &[T]),
    (mut o, mut n): (Range<usize>, Range<usize>),
    v: &mut (V, V),
    budget: &mut Budget,
) -> Result<(), Infallible> {
    let prefix = common_prefix(old, o.clone(), new, n.clone());
    budget.spend(prefix + 1);
    if prefix > 0 {
        hook.equal(o.start, n.start, prefix)?;
    }
    o.start += prefix;
    n.start += prefix;
    let suffix = common_suffix(old, o.clone(), new, n.clone());
    budget.spend(suffix + 1);
    let suffix_at = (o.end - suffix, n.end - suffix);
    o.end -= suffix;
    n.end -= suffix;
    if o.is_empty() && n.is_empty() {
    } else if n.is_empty() {
        hook.delete(o.start, o.len(), n.start)?;
    } else if o.is_empty() {
        hook.insert(o.start, n.start, n.len())?;
    } else if let Some((x, y)) = middle_snake((old, new), (o.clone(), n.clone()), v, budget) {
        conquer(hook, (old, new), (o.start..x, n.start..y), v, budget)?;
        conquer(hook, (old, new), (x..o.end, y..n.end), v, budget)?;
    } else {
        hook.delete(o.start, o.len(), n.start)?;
        hook.insert(o.start, n.start, n.len())?;
    }
    if suffix > 0 {
        hook.equal(suffix_at.0, suffix_at.1, suffix)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use similar::{Algorithm, capture_diff_slices};

    /// A small deterministic generator (xorshift), for inputs the tests can repeat.
    fn rng(mut s: u64) -> impl FnMut(u64) -> u64 {
        move |n| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s % n
        }
    }

    /// Within its budget the diff is `similar`'s, operation for operation: sequences from a
    /// few symbols (many equal tokens, so many paths of the same length to choose from),
    /// edited at random.
    #[test]
    fn within_the_budget_the_ops_are_similars() {
        let mut r = rng(0x9e37_79b9_7f4a_7c15);
        for case in 0..2_000 {
            let len = r(60) as usize;
            let old: Vec<u64> = (0..len).map(|_| r(4)).collect();
            let mut new = old.clone();
            for _ in 0..r(8) {
                let at = r(new.len() as u64 + 1) as usize;
                match r(3) {
                    0 => new.insert(at, r(5)),
                    1 if at < new.len() => drop(new.remove(at)),
                    _ if at < new.len() => new[at] = r(5),
                    _ => {}
                }
            }
            if case % 7 == 0 {
                new = (0..r(40)).map(|_| r(3)).collect();
            }
            let mut budget = Budget::new(WORK);
            assert_eq!(
                diff(&old, &new, &mut budget),
                capture_diff_slices(Algorithm::Myers, &old, &new),
                "{old:?} -> {new:?}"
            );
            assert!(!budget.spent());
        }
    }

    /// Out of budget, what is not yet divided is removed and added whole, the same way every
    /// time, and the ops still turn the old tokens into the new ones.
    #[test]
    fn out_of_budget_the_rest_is_replaced_whole() {
        let old: Vec<u32> = (0..20_000).collect();
        let new: Vec<u32> = (0..20_000)
            .map(|i| if i % 2 == 0 { i } else { i + 1_000_000 })
            .collect();
        let run = |units| {
            let mut budget = Budget::new(units);
            let ops = diff(&old, &new, &mut budget);
            (ops, budget.spent())
        };
        let (ops, spent) = run(1_000_000);
        assert!(spent);
        assert_eq!(run(1_000_000), (ops.clone(), true), "the same on every run");
        // The common ends are still found; the search stops early: one replacement in the
        // middle instead of 10,000 single-token ones.
        assert!(ops.len() < 20, "{} ops", ops.len());
        assert!(
            ops.iter()
                .any(|op| matches!(op, DiffOp::Replace { old_len, .. } if *old_len > 1_000))
        );
        let mut rebuilt = Vec::new();
        for op in &ops {
            match *op {
                DiffOp::Equal { old_index, len, .. } => {
                    rebuilt.extend_from_slice(&old[old_index..old_index + len])
                }
                DiffOp::Delete { .. } => {}
                DiffOp::Insert {
                    new_index, new_len, ..
                }
                | DiffOp::Replace {
                    new_index, new_len, ..
                } => rebuilt.extend_from_slice(&new[new_index..new_index + new_len]),
            }
        }
        assert_eq!(rebuilt, new);
        // With no budget at all, only the common ends are matched.
        let mut none = Budget::new(0);
        assert_eq!(
            diff(&[1, 2, 3, 4], &[1, 5, 6, 4], &mut none),
            vec![
                DiffOp::Equal {
                    old_index: 0,
                    new_index: 0,
                    len: 1
                },
                DiffOp::Replace {
                    old_index: 1,
                    old_len: 2,
                    new_index: 1,
                    new_len: 2
                },
                DiffOp::Equal {
                    old_index: 3,
                    new_index: 3,
                    len: 1
                },
            ]
        );
    }

    /// Why a budget and not a deadline: the same texts, diffed by `similar` with a deadline
    /// that has passed (as on a machine too busy to finish in time), give a coarser diff than
    /// with time to spare; the budget's diff is the one with time to spare, whatever the time.
    #[test]
    fn a_deadline_changes_the_diff_the_budget_does_not() {
        let old: Vec<String> = (0..2_000)
            .map(|i| format!("line {i} of the page"))
            .collect();
        let mut new = old.clone();
        for i in (5..2_000).step_by(40) {
            new[i] = format!("line {i} of the book");
        }
        let exact = capture_diff_slices(Algorithm::Myers, &old, &new);
        let late = similar::capture_diff_slices_deadline(
            Algorithm::Myers,
            &old,
            &new,
            Some(std::time::Instant::now()),
        );
        assert_ne!(late, exact, "a passed deadline gives up on the search");
        assert_eq!(diff(&old, &new, &mut Budget::new(WORK)), exact);
    }
}
