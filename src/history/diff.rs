//! What a revision changed: the changed lines of two texts with context, the words that changed
//! within lines replaced by similar ones, and the unchanged runs between them folded. Data
//! only, borrowed from the texts: the render stage writes it as an HTML table (readable without
//! JavaScript and by screen readers).

use std::collections::HashMap;

use similar::{ChangeTag, DiffOp, DiffTag};

use super::myers::{self, Budget, WORK};

/// Lines of context around each change.
const CONTEXT: usize = 3;

/// How two texts differ, as the rows of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Diff<'a> {
    /// No change to the text (none the line diff sees).
    Unchanged,
    /// Changed: the rows, in order.
    Changed {
        /// Changed lines, their context and folded runs.
        rows: Vec<Row<'a>>,
        /// Bytes of text the rows were taken from: what the table's size follows, so its writer
        /// can size its output once.
        text_len: usize,
    },
}

/// How a line of a diff changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineChange {
    /// Only in the old text.
    Removed,
    /// Only in the new text.
    Added,
    /// In both (context around a change).
    Unchanged,
}

impl From<ChangeTag> for LineChange {
    fn from(tag: ChangeTag) -> LineChange {
        match tag {
            ChangeTag::Delete => LineChange::Removed,
            ChangeTag::Insert => LineChange::Added,
            ChangeTag::Equal => LineChange::Unchanged,
        }
    }
}

/// A line's text: whole, or as (changed, text) segments where words within it changed. The
/// last segment keeps the line's ending, as the texts have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineText<'a> {
    /// The whole line, no words marked.
    Whole(&'a str),
    /// Runs of words, `true` for those that changed.
    Words(Vec<(bool, &'a str)>),
}

/// A row of a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row<'a> {
    /// A line: how it changed, its line numbers (0-based; `None` on the side it is not on) and
    /// its text.
    Line {
        /// How it changed.
        change: LineChange,
        /// Its line number in the old text.
        old: Option<usize>,
        /// Its line number in the new text.
        new: Option<usize>,
        /// Its text.
        text: LineText<'a>,
    },
    /// A run of this many unchanged lines, not shown.
    Fold(usize),
}

/// How `old` became `new`.
///
/// Most revisions change a few lines of a long page, so the lines both texts share at their
/// start and end are found by comparing bytes first, and only the middle (with its context
/// lines) goes to the line diff: the cost follows the size of the change, not of the page.
/// The line and word diffs together do at most [`WORK`] units of work (see `myers.rs`), never
/// stopped by a clock, so the same texts give the same rows on any machine, however busy.
pub fn compare<'a>(old: &'a str, new: &'a str) -> Diff<'a> {
    if old == new {
        return Diff::Unchanged;
    }
    if old.is_empty() || new.is_empty() {
        return compare_one_side(old, new);
    }
    compare_window(old, new, Window::of(old, new))
}

/// The rows for a text that was created (`old` empty) or emptied (`new` empty): every line is
/// added, or removed. No diff to run.
fn compare_one_side<'a>(old: &'a str, new: &'a str) -> Diff<'a> {
    let (text, change) = if old.is_empty() {
        (new, LineChange::Added)
    } else {
        (old, LineChange::Removed)
    };
    let rows = lines(text)
        .enumerate()
        .map(|(i, line)| {
            let (o, n) = match change {
                LineChange::Added => (None, Some(i)),
                _ => (Some(i), None),
            };
            Row::Line {
                change,
                old: o,
                new: n,
                text: LineText::Whole(line),
            }
        })
        .collect();
    Diff::Changed {
        rows,
        text_len: text.len(),
    }
}

/// The lines of `s` as the line diff splits them, each with its ending (see [`line_count`]).
fn lines(s: &str) -> impl Iterator<Item = &str> {
    let b = s.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= b.len() {
            return None;
        }
        let mut end = b.len();
        for i in memchr::memchr2_iter(b'\n', b'\r', &b[start..]).map(|i| start + i) {
            if b[i] == b'\n' || b.get(i + 1) != Some(&b'\n') {
                end = i + 1;
                break;
            }
        }
        let line = &s[start..end];
        start = end;
        Some(line)
    })
}

/// [`compare`] over the part of the texts that `w` holds.
fn compare_window<'a>(old: &'a str, new: &'a str, w: Window) -> Diff<'a> {
    let (old_win, new_win) = (&old[w.start..w.old_end], &new[w.start..w.new_end]);
    // One budget for the line diff and every word diff: the work per revision is bounded.
    let mut budget = Budget::new(WORK);
    let old_lines: Vec<&'a str> = lines(old_win).collect();
    let new_lines: Vec<&'a str> = lines(new_win).collect();
    let (old_ids, new_ids) = line_ids(&old_lines, &new_lines);
    let groups = similar::group_diff_ops(myers::diff(&old_ids, &new_ids, &mut budget), CONTEXT);
    if groups.is_empty() {
        return Diff::Unchanged;
    }
    let off = w.lines_before;
    let old_total = line_count(old);
    let mut rows = Vec::new();
    let mut last_old_end = 0;
    for group in &groups {
        let first_old = off + group.first().map(|op| op.old_range().start).unwrap_or(0);
        if first_old > last_old_end {
            rows.push(Row::Fold(first_old - last_old_end));
        }
        for op in group {
            let (tag, old_r, new_r) = op.as_tag_tuple();
            let words = (tag == DiffTag::Replace)
                .then(|| {
                    words(
                        &old_lines[old_r.clone()],
                        &new_lines[new_r.clone()],
                        &mut budget,
                    )
                })
                .flatten();
            if let Some((old_words, new_words)) = words {
                for (i, segs) in old_words.into_iter().enumerate() {
                    rows.push(Row::Line {
                        change: LineChange::Removed,
                        old: Some(off + old_r.start + i),
                        new: None,
                        text: LineText::Words(segs),
                    });
                }
                for (i, segs) in new_words.into_iter().enumerate() {
                    rows.push(Row::Line {
                        change: LineChange::Added,
                        old: None,
                        new: Some(off + new_r.start + i),
                        text: LineText::Words(segs),
                    });
                }
                continue;
            }
            for change in op.iter_changes(&old_lines, &new_lines) {
                rows.push(Row::Line {
                    change: change.tag().into(),
                    old: change.old_index().map(|i| off + i),
                    new: change.new_index().map(|i| off + i),
                    text: LineText::Whole(change.value()),
                });
            }
        }
        last_old_end = off + group.last().map(|op| op.old_range().end).unwrap_or(0);
    }
    if old_total > last_old_end {
        rows.push(Row::Fold(old_total - last_old_end));
    }
    Diff::Changed {
        rows,
        text_len: old_win.len() + new_win.len(),
    }
}

/// Each line as a number, the same for equal lines: the line diff compares numbers, not
/// strings (as `similar` does for texts of over 100 lines).
fn line_ids(old: &[&str], new: &[&str]) -> (Vec<u32>, Vec<u32>) {
    let mut ids: HashMap<&str, u32> = HashMap::with_capacity(old.len() + new.len());
    let mut id = |line| {
        let next = ids.len() as u32;
        *ids.entry(line).or_insert(next)
    };
    let old_ids = old.iter().map(|&l| id(l)).collect();
    let new_ids = new.iter().map(|&l| id(l)).collect();
    (old_ids, new_ids)
}

/// Split a line (without its newline) into words and the runs of white space between them.
fn tokens(line: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut pos = 0;
    std::iter::from_fn(move || {
        let rest = &line[pos..];
        let first = rest.chars().next()?;
        let ws = first.is_whitespace();
        let len = rest
            .char_indices()
            .find(|&(_, c)| c.is_whitespace() != ws)
            .map_or(rest.len(), |(i, _)| i);
        let t = (pos, pos + len);
        pos += len;
        Some(t)
    })
}

/// Highlighted segments of each line, one list per line.
type Segments<'a> = Vec<Vec<(bool, &'a str)>>;

/// Word-level highlights for a block of `old` lines replaced by `new` lines: which words of
/// each line changed. `None` when the lines are too different for highlights to help: then
/// whole lines show. Alike enough means a similarity of at least a quarter as difflib measures it
/// (twice the words in common over all the words), counting words but not the spaces between
/// them, which always match (`similar` asks for half, counting the spaces).
///
/// The words both blocks share at their start and end are matched by comparing them in
/// order, and only the words between go to the diff, so a one-word edit in a long paragraph
/// costs a pass over the paragraph, not a diff of every word in it. The diff spends from
/// `budget`; once it is spent, the words between count as all changed.
fn words<'a>(
    old: &[&'a str],
    new: &[&'a str],
    budget: &mut Budget,
) -> Option<(Segments<'a>, Segments<'a>)> {
    let (n, m) = (old.len(), new.len());
    if n + m == 0 || 2 * n.min(m) * 2 < n + m {
        return None;
    }
    // (line, start, end) of every word and space run.
    let split = |lines: &[&'a str]| -> Vec<(usize, usize, usize)> {
        lines
            .iter()
            .enumerate()
            .flat_map(|(l, line)| {
                tokens(line.trim_end_matches(['\n', '\r'])).map(move |(a, b)| (l, a, b))
            })
            .collect()
    };
    let (ot, nt) = (split(old), split(new));
    let text = |lines: &[&'a str], t: &(usize, usize, usize)| -> &'a str { &lines[t.0][t.1..t.2] };
    let same = |i: usize, j: usize| text(old, &ot[i]) == text(new, &nt[j]);
    let head = (0..ot.len().min(nt.len()))
        .take_while(|&i| same(i, i))
        .count();
    let tail = (0..ot.len().min(nt.len()) - head)
        .take_while(|&k| same(ot.len() - 1 - k, nt.len() - 1 - k))
        .count();
    let old_mid: Vec<&str> = ot[head..ot.len() - tail]
        .iter()
        .map(|t| text(old, t))
        .collect();
    let new_mid: Vec<&str> = nt[head..nt.len() - tail]
        .iter()
        .map(|t| text(new, t))
        .collect();
    // Myers: patience's hashing of unique words costs more than it gains on a few words.
    let ops = myers::diff(&old_mid, &new_mid, budget);
    let mut old_emph = vec![false; ot.len()];
    let mut new_emph = vec![false; nt.len()];
    // How alike the lines are counts words only: the spaces between words always match.
    let word = |t: &str| !t.starts_with(char::is_whitespace);
    let words_in = |lines: &[&'a str], ts: &[(usize, usize, usize)]| {
        ts.iter().filter(|t| word(text(lines, t))).count()
    };
    let mut matched = words_in(old, &ot[..head]) + words_in(old, &ot[ot.len() - tail..]);
    for op in &ops {
        match *op {
            DiffOp::Equal { old_index, len, .. } => {
                matched += old_mid[old_index..old_index + len]
                    .iter()
                    .filter(|t| word(t))
                    .count()
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => old_emph[head + old_index..head + old_index + old_len].fill(true),
            DiffOp::Insert {
                new_index, new_len, ..
            } => new_emph[head + new_index..head + new_index + new_len].fill(true),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                old_emph[head + old_index..head + old_index + old_len].fill(true);
                new_emph[head + new_index..head + new_index + new_len].fill(true);
            }
        }
    }
    let total = words_in(old, &ot) + words_in(new, &nt);
    if total > 0 && 8 * matched < total {
        return None;
    }
    // Runs of tokens on one line with the same highlight become one segment.
    let segments = |lines: &[&'a str], toks: &[(usize, usize, usize)], emph: &[bool]| {
        let mut out: Segments<'a> = vec![Vec::new(); lines.len()];
        let mut i = 0;
        while i < toks.len() {
            let (line, start, mut end) = toks[i];
            let mut j = i + 1;
            while j < toks.len() && toks[j].0 == line && emph[j] == emph[i] {
                end = toks[j].2;
                j += 1;
            }
            out[line].push((emph[i], &lines[line][start..end]));
            i = j;
        }
        out
    };
    Some((segments(old, &ot, &old_emph), segments(new, &nt, &new_emph)))
}

/// The part of two texts the line diff needs: everything between their common leading and
/// trailing whole lines, widened by [`CONTEXT`] lines on each side. Byte offsets; `start` is
/// the same in both texts because what precedes it is identical.
#[derive(Debug, PartialEq, Eq)]
struct Window {
    start: usize,
    old_end: usize,
    new_end: usize,
    /// Lines before `start`.
    lines_before: usize,
}

impl Window {
    /// The whole of both texts (what [`Window::of`] narrows).
    #[cfg(test)]
    fn whole(old: &str, new: &str) -> Window {
        Window {
            start: 0,
            old_end: old.len(),
            new_end: new.len(),
            lines_before: 0,
        }
    }

    fn of(old: &str, new: &str) -> Window {
        let (a, b) = (old.as_bytes(), new.as_bytes());
        let common = common_prefix(a, b);
        // Back to the start of the line holding the first difference: only whole lines that
        // are equal in both (newline included) count as common.
        let mut start = a[..common]
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(0, |i| i + 1);
        let room = a.len().min(b.len()) - start;
        let tail = common_suffix(&a[a.len() - room..], &b[b.len() - room..]);
        let (mut old_end, mut new_end) = (a.len() - tail, b.len() - tail);
        let line_start = |t: &[u8], i: usize| i == start || t[i - 1] == b'\n';
        // From `old_end` to the next line start (the text's end if none). The texts are the
        // same from there on, so both ends move by as much.
        let to_next_line = |old_end: usize| {
            a[old_end..]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(a.len() - old_end, |i| i + 1)
        };
        if !(line_start(a, old_end) && line_start(b, new_end)) {
            let skip = to_next_line(old_end);
            old_end += skip;
            new_end += skip;
        }
        for _ in 0..CONTEXT {
            if start == 0 {
                break;
            }
            start = a[..start - 1]
                .iter()
                .rposition(|&c| c == b'\n')
                .map_or(0, |i| i + 1);
        }
        for _ in 0..CONTEXT {
            if old_end == a.len() {
                break;
            }
            let skip = to_next_line(old_end);
            old_end += skip;
            new_end += skip;
        }
        let lines_before = line_count(&old[..start]);
        Window {
            start,
            old_end,
            new_end,
            lines_before,
        }
    }
}

/// Lines in `s` as the line diff counts them: a line ends at `\n`, `\r\n`, or a `\r` on its
/// own, and text after the last ending is one more line.
fn line_count(s: &str) -> usize {
    lines(s).count()
}

/// Bytes `a` and `b` share at their start, compared a block at a time (`memcmp`) while the
/// blocks match.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 64;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + BLOCK <= n && a[i..i + BLOCK] == b[i..i + BLOCK] {
        i += BLOCK;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

/// Bytes `a` and `b` share at their end (see [`common_prefix`]).
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 64;
    let n = a.len().min(b.len());
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut i = 0;
    while i + BLOCK <= n && a[n - i - BLOCK..n - i] == b[n - i - BLOCK..n - i] {
        i += BLOCK;
    }
    while i < n && a[n - i - 1] == b[n - i - 1] {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_words_and_folds() {
        let old: String = (1..=20).map(|i| format!("line {i}\n")).collect();
        let new = old.replace("line 10\n", "line ten <b>\n");
        let Diff::Changed { rows, .. } = compare(&old, &new) else {
            panic!("a change");
        };
        let line = |change, old, new, text| Row::Line {
            change,
            old,
            new,
            text,
        };
        assert_eq!(rows[0], Row::Fold(6));
        assert_eq!(
            rows[1],
            line(
                LineChange::Unchanged,
                Some(6),
                Some(6),
                LineText::Whole("line 7\n")
            )
        );
        assert_eq!(
            rows[4],
            line(
                LineChange::Removed,
                Some(9),
                None,
                LineText::Words(vec![(false, "line "), (true, "10")])
            )
        );
        assert_eq!(
            rows[5],
            line(
                LineChange::Added,
                None,
                Some(9),
                LineText::Words(vec![(false, "line "), (true, "ten <b>")])
            )
        );
        assert_eq!(rows.last(), Some(&Row::Fold(7)));
        assert_eq!(compare("a\n", "a\n"), Diff::Unchanged);
    }

    /// The byte-trimmed window gives the same rows as diffing the whole texts: edits at the
    /// start, middle and end, insertions, deletions, texts without a final newline.
    #[test]
    fn the_window_gives_the_rows_of_the_whole_text() {
        // The rows, not the bytes they were taken from (fewer through the window).
        fn rows(d: Diff<'_>) -> Option<Vec<Row<'_>>> {
            match d {
                Diff::Changed { rows, .. } => Some(rows),
                Diff::Unchanged => None,
            }
        }
        let base: String = (1..=30)
            .map(|i| format!("line {i} of the page\n"))
            .collect();
        let cases: Vec<(String, String)> = vec![
            (base.clone(), base.replace("line 15 ", "line fifteen ")),
            (base.clone(), base.replace("line 1 ", "first line ")),
            (base.clone(), base.replace("line 30 ", "last ")),
            (base.clone(), format!("{base}one more\n")),
            (base.clone(), format!("new top\n{base}")),
            (base.clone(), base.replace("line 7 of the page\n", "")),
            (
                base.clone(),
                base.replace("line 4 ", "4 ").replace("line 26 ", "26 "),
            ),
            (base.trim_end().to_string(), format!("{base}tail")),
            (base.clone(), base.trim_end().to_string()),
            ("a\nb".into(), "a\nc\nb".into()),
            (String::new(), base.clone()),
            (base.clone(), String::new()),
            ("x\n".into(), "x\nx\n".into()),
            ("é\nà\n".into(), "é\nâ\n".into()),
            ("a\rb\nc\nd\ne\nf\n".into(), "a\rb\nc\nd\ne\nF\n".into()),
            ("a\r\nb\r\nc\r\n".into(), "a\r\nB\r\nc\r\n".into()),
        ];
        for (old, new) in &cases {
            assert_eq!(
                rows(compare(old, new)),
                rows(compare_window(old, new, Window::whole(old, new))),
                "{old:?} -> {new:?}"
            );
        }
        // A created or emptied text skips the diff and gives the same rows.
        for text in [base.as_str(), "a\rb\r\nc", "one line", "é\n\nà\n"] {
            assert_eq!(
                compare("", text),
                compare_window("", text, Window::whole("", text))
            );
            assert_eq!(
                compare(text, ""),
                compare_window(text, "", Window::whole(text, ""))
            );
        }
        let w = Window::of(&cases[0].0, &cases[0].1);
        assert_eq!(w.lines_before, 11, "three lines of context before line 15");
        assert!(cases[0].0[w.start..w.old_end].lines().count() == 7);
    }

    #[test]
    fn words_mark_only_what_changed_and_give_up_on_rewrites() {
        let dl = &mut Budget::new(WORK);
        let old = ["The council will publish the plan in 2025 for every region.\n"];
        let new = ["The council will publish the budget in 2026 for every region.\n"];
        let (o, n) = words(&old, &new, dl).expect("mostly the same words");
        assert_eq!(
            o[0],
            vec![
                (false, "The council will publish the "),
                (true, "plan"),
                (false, " in "),
                (true, "2025"),
                (false, " for every region.")
            ]
        );
        assert_eq!(n[0][1], (true, "budget"));
        assert_eq!(n[0][3], (true, "2026"));
        // Only the spaces in common: whole lines, no highlights.
        assert!(words(&["alpha beta gamma delta\n"], &["one two three four\n"], dl).is_none());
        // Four lines replaced by one: too different in shape to pair words.
        assert!(words(&["a\n", "b\n", "c\n", "d\n"], &["a\n"], dl).is_none());
    }

    /// The line diff's operations are `similar`'s line diff's: the same lines (endings
    /// `\n`, `\r\n` and a lone `\r`), the same operations.
    #[test]
    fn the_line_diff_is_similars() {
        let base: String = (0..300)
            .map(|i| format!("line {} of {}\n", i % 7, i % 11))
            .collect();
        let cases = [
            (base.clone(), base.replace("line 3 of 5", "line three")),
            (
                base.clone(),
                base.replace("of 4\n", "of 4\r\n").replace("line 2", "x\ry"),
            ),
            ("a\rb\r\nc\n\nd".into(), "a\nb\r\nc\r\rd\n".into()),
        ];
        for (old, new) in &cases {
            let (o, n): (Vec<&str>, Vec<&str>) = (lines(old).collect(), lines(new).collect());
            let (oi, ni) = line_ids(&o, &n);
            let ours = myers::diff(&oi, &ni, &mut Budget::new(WORK));
            let theirs = similar::TextDiff::from_lines(old.as_str(), new.as_str());
            assert_eq!(theirs.old_slices(), &o[..]);
            assert_eq!(theirs.new_slices(), &n[..]);
            assert_eq!(theirs.ops(), &ours[..]);
        }
    }

    /// A page of 100,000 lines with every other line changed: an exact diff would cost some
    /// five billion steps. The work bound stops it, the same way on every run: the lines after
    /// the first are replaced whole, with no word highlights.
    #[test]
    fn a_pathological_diff_stops_at_the_work_bound_the_same_way_every_time() {
        let old: String = (0..100_000)
            .map(|i| format!("line {i} of the page\n"))
            .collect();
        let new: String = (0..100_000)
            .map(|i| match i % 2 {
                0 => format!("line {i} of the page\n"),
                _ => format!("line {i} of the book\n"),
            })
            .collect();
        let first = compare(&old, &new);
        let Diff::Changed { rows, .. } = &first else {
            panic!("a change");
        };
        let count = |c| {
            let is = |r: &&Row<'_>| matches!(r, Row::Line { change, .. } if *change == c);
            rows.iter().filter(is).count()
        };
        // Exact, it would be 50,000 lines removed and added, each with a word marked.
        assert_eq!(count(LineChange::Removed), 99_999);
        assert_eq!(count(LineChange::Added), 99_999);
        assert!(rows.iter().all(|r| !matches!(
            r,
            Row::Line {
                text: LineText::Words(_),
                ..
            }
        )));
        assert!(
            compare(&old, &new) == first,
            "the same rows on a second run"
        );
    }

    #[test]
    fn common_ends_by_blocks() {
        let long = "x".repeat(200);
        for (a, b, pre, suf) in [
            ("", "", 0, 0),
            ("abc", "abd", 2, 0),
            ("abc", "abc", 3, 3),
            ("xbc", "abc", 0, 2),
        ] {
            assert_eq!(common_prefix(a.as_bytes(), b.as_bytes()), pre, "{a} {b}");
            assert_eq!(common_suffix(a.as_bytes(), b.as_bytes()), suf, "{a} {b}");
        }
        let (a, b) = (format!("{long}1{long}"), format!("{long}2{long}"));
        assert_eq!(common_prefix(a.as_bytes(), b.as_bytes()), 200);
        assert_eq!(common_suffix(a.as_bytes(), b.as_bytes()), 200);
        let (a, b) = (format!("{long}1"), long.clone());
        assert_eq!(common_prefix(a.as_bytes(), b.as_bytes()), 200);
        assert_eq!(common_suffix(a.as_bytes(), b.as_bytes()), 0);
        assert_eq!(
            common_suffix(b.as_bytes(), format!("q{long}").as_bytes()),
            200
        );
    }
}
