//! How the words a reader sees changed: a word-level diff of two plain texts (the rendered text
//! of a page before and after a revision, see [`super::meaning`]), with long unchanged runs cut
//! to a few words of context. Data only; the render stage writes it as HTML.
//!
//! The diff is `myers.rs`'s, bounded by its work as a source diff is, but by a smaller
//! [`NOTE_WORK`]: a note summarises, and a rewrite is better said as one removal and one
//! addition than searched for word by word. Once spent, what is left counts as removed and
//! added, and the same texts always give the same pieces. At most [`MAX_CHANGED`] characters
//! of changed text are kept; the rest is elided.

use similar::{DiffOp, DiffTag};

use super::myers::{self, Budget};

/// Words of unchanged context kept on each side of a change.
const CONTEXT_WORDS: usize = 12;

/// The work one note's word diff may do (see `myers::WORK`, 16 times more, for a source diff):
/// a page with a few sentences changed costs a few thousand units; on the 3,204 commits of
/// alphagov/gds-way, whole rewrites took most of a build's time with the source diff's budget.
pub const NOTE_WORK: u64 = 1_000_000;

/// The most characters of removed and added text a note shows.
pub const MAX_CHANGED: usize = 4_000;

/// How a piece of text changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WordChange {
    /// In both texts.
    Same,
    /// Only in the old text.
    Removed,
    /// Only in the new text.
    Added,
    /// Unchanged text left out (`…`).
    Elided,
}

/// A run of text and how it changed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Piece {
    /// How it changed.
    pub change: WordChange,
    /// The text (empty for [`WordChange::Elided`]).
    pub text: String,
}

/// Words and the white space between them, each a token.
fn tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut ws: Option<bool> = None;
    for (i, c) in s.char_indices() {
        let w = c.is_whitespace();
        if ws.is_some_and(|prev| prev != w) {
            out.push(&s[start..i]);
            start = i;
        }
        ws = Some(w);
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

fn push(out: &mut Vec<Piece>, change: WordChange, text: &str) {
    if text.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(p) if p.change == change => p.text.push_str(text),
        _ => out.push(Piece {
            change,
            text: text.to_string(),
        }),
    }
}

/// How `old` became `new`, word by word, unchanged runs longer than twice the context cut.
/// Empty when they are the same.
pub fn word_diff(old: &str, new: &str) -> Vec<Piece> {
    if old == new {
        return Vec::new();
    }
    let (a, b) = (tokens(old), tokens(new));
    let ops: Vec<DiffOp> = myers::diff(&a, &b, &mut Budget::new(NOTE_WORK));
    let mut raw: Vec<Piece> = Vec::new();
    for op in ops {
        let (tag, o, n) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => push(&mut raw, WordChange::Same, &a[o].concat()),
            DiffTag::Delete => push(&mut raw, WordChange::Removed, &a[o].concat()),
            DiffTag::Insert => push(&mut raw, WordChange::Added, &b[n].concat()),
            DiffTag::Replace => {
                push(&mut raw, WordChange::Removed, &a[o].concat());
                push(&mut raw, WordChange::Added, &b[n].concat());
            }
        }
    }
    // Enough changed text for a note; the rest is elided.
    let mut changed = 0;
    if let Some(cut) = raw.iter().position(|p| {
        if p.change != WordChange::Same {
            changed += p.text.chars().count();
        }
        changed > MAX_CHANGED
    }) {
        raw.truncate(cut);
        raw.push(Piece {
            change: WordChange::Elided,
            text: String::new(),
        });
    }
    let last = raw.len().saturating_sub(1);
    let mut out = Vec::with_capacity(raw.len());
    for (i, p) in raw.into_iter().enumerate() {
        if p.change != WordChange::Same {
            out.push(p);
            continue;
        }
        let words = tokens(&p.text);
        // Context after the change before it (none at the very start) and before the next
        // (none at the very end).
        let keep_head = if i == 0 { 0 } else { 2 * CONTEXT_WORDS };
        let keep_tail = if i == last { 0 } else { 2 * CONTEXT_WORDS };
        if words.len() <= keep_head + keep_tail + 2 {
            out.push(p);
            continue;
        }
        let head = words[..keep_head].concat();
        let tail = words[words.len() - keep_tail..].concat();
        push(&mut out, WordChange::Same, &head);
        out.push(Piece {
            change: WordChange::Elided,
            text: String::new(),
        });
        push(&mut out, WordChange::Same, &tail);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(p: &[Piece]) -> String {
        p.iter()
            .map(|p| match p.change {
                WordChange::Same => p.text.clone(),
                WordChange::Removed => format!("[-{}-]", p.text),
                WordChange::Added => format!("{{+{}+}}", p.text),
                WordChange::Elided => "…".into(),
            })
            .collect()
    }

    #[test]
    fn changed_words_are_marked_in_their_sentence() {
        let d = word_diff(
            "We will publish the plan in 2025.",
            "We will publish the budget in 2026.",
        );
        assert_eq!(
            show(&d),
            "We will publish the [-plan-]{+budget+} in [-2025.-]{+2026.+}"
        );
        assert!(word_diff("same", "same").is_empty());
    }

    #[test]
    fn long_unchanged_runs_are_cut_to_context() {
        let words: Vec<String> = (0..200).map(|i| format!("w{i}")).collect();
        let old = words.join(" ");
        let new = old.replace("w100 ", "changed ");
        let d = show(&word_diff(&old, &new));
        assert!(d.starts_with('…'), "{d}");
        assert!(d.ends_with('…'), "{d}");
        assert!(d.contains("[-w100-]{+changed+}"), "{d}");
        assert!(d.len() < 300, "{d}");
    }

    #[test]
    fn a_long_rewrite_is_cut_and_bounded() {
        let old: String = (0..5000).map(|i| format!("a{i} ")).collect();
        let new: String = (0..5000).map(|i| format!("b{i} ")).collect();
        let d = word_diff(&old, &new);
        let shown: usize = d.iter().map(|p| p.text.len()).sum();
        assert!(shown <= MAX_CHANGED + 100, "{shown}");
        assert_eq!(d.last().unwrap().change, WordChange::Elided);
    }
}
