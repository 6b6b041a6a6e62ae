//! Rendered diffs: changed lines with word-level highlights, unchanged runs folded, readable
//! without JavaScript and by screen readers (each changed line says "Removed" or "Added").

use std::fmt::Write as _;

use similar::{ChangeTag, TextDiff};

use crate::text::escape_html_into;

/// Lines of context around each change.
const CONTEXT: usize = 3;

/// An HTML table showing how `old` became `new`.
///
/// Most revisions change a few lines of a long page, so the lines both texts share at their
/// start and end are found by comparing bytes first, and only the middle (with its context
/// lines) goes to the line diff: the cost follows the size of the change, not of the page.
pub fn render(old: &str, new: &str) -> String {
    if old == new {
        return "<p class=\"diff-none\">No change to the text.</p>\n".into();
    }
    render_window(old, new, Window::of(old, new))
}

/// [`render`] over the part of the texts that `w` holds.
fn render_window(old: &str, new: &str, w: Window) -> String {
    let (old_win, new_win) = (&old[w.start..w.old_end], &new[w.start..w.new_end]);
    let diff = TextDiff::configure()
        .timeout(std::time::Duration::from_millis(200))
        .diff_lines(old_win, new_win);
    let groups = diff.grouped_ops(CONTEXT);
    if groups.is_empty() {
        return "<p class=\"diff-none\">No change to the text.</p>\n".into();
    }
    let off = w.lines_before;
    let old_lines = off + old_win.lines().count() + old[w.old_end..].lines().count();
    let mut out = String::with_capacity(256 + 2 * (old_win.len() + new_win.len()));
    out.push_str(
        "<div class=\"table-wrap\"><table class=\"diff\">\n<thead><tr><th scope=\"col\">Old line</th><th scope=\"col\">New line</th><th scope=\"col\">Text</th></tr></thead>\n<tbody>\n",
    );
    let mut last_old_end = 0;
    for group in &groups {
        let first_old = off + group.first().map(|op| op.old_range().start).unwrap_or(0);
        if first_old > last_old_end {
            fold(&mut out, first_old - last_old_end);
        }
        for op in group {
            for change in diff.iter_inline_changes(op) {
                let (class, label, sign) = match change.tag() {
                    ChangeTag::Delete => ("del", "Removed: ", "−"),
                    ChangeTag::Insert => ("ins", "Added: ", "+"),
                    ChangeTag::Equal => ("eq", "", " "),
                };
                let _ = write!(out, "<tr class=\"diff-{class}\"><td class=\"ln\">");
                if let Some(i) = change.old_index() {
                    let _ = write!(out, "{}", off + i + 1);
                }
                out.push_str("</td><td class=\"ln\">");
                if let Some(i) = change.new_index() {
                    let _ = write!(out, "{}", off + i + 1);
                }
                let _ = write!(
                    out,
                    "</td><td class=\"code\"><span class=\"sign\" aria-hidden=\"true\">{sign}</span>"
                );
                if !label.is_empty() {
                    let _ = write!(out, "<span class=\"visually-hidden\">{label}</span>");
                    out.push_str(if class == "del" { "<del>" } else { "<ins>" });
                }
                for (emph, text) in change.iter_strings_lossy() {
                    let text = text.trim_end_matches('\n');
                    if emph {
                        out.push_str("<mark>");
                        escape_html_into(&mut out, text);
                        out.push_str("</mark>");
                    } else {
                        escape_html_into(&mut out, text);
                    }
                }
                if !label.is_empty() {
                    out.push_str(if class == "del" { "</del>" } else { "</ins>" });
                }
                out.push_str("</td></tr>\n");
            }
        }
        last_old_end = off + group.last().map(|op| op.old_range().end).unwrap_or(0);
    }
    if old_lines > last_old_end {
        fold(&mut out, old_lines - last_old_end);
    }
    out.push_str("</tbody>\n</table></div>\n");
    out
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
        let common = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        // Back to the start of the line holding the first difference: only whole lines that
        // are equal in both (newline included) count as common.
        let mut start = a[..common]
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(0, |i| i + 1);
        let room = a.len().min(b.len()) - start;
        let tail = a
            .iter()
            .rev()
            .zip(b.iter().rev())
            .take(room)
            .take_while(|(x, y)| x == y)
            .count();
        let (mut old_end, mut new_end) = (a.len() - tail, b.len() - tail);
        let line_start = |t: &[u8], i: usize| i == start || t[i - 1] == b'\n';
        if !(line_start(a, old_end) && line_start(b, new_end)) {
            // Forward to the next line start, which is the same line in both.
            let skip = a[old_end..]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(a.len() - old_end, |i| i + 1);
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
            let skip = a[old_end..]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(a.len() - old_end, |i| i + 1);
            old_end += skip;
            new_end += skip;
        }
        let lines_before = memchr::memchr_iter(b'\n', &a[..start]).count();
        Window {
            start,
            old_end,
            new_end,
            lines_before,
        }
    }
}

fn fold(out: &mut String, n: usize) {
    let _ = writeln!(
        out,
        "<tr class=\"diff-fold\"><td colspan=\"3\">⋯ {n} unchanged line{}</td></tr>",
        if n == 1 { "" } else { "s" }
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_words_and_folds() {
        let old: String = (1..=20).map(|i| format!("line {i}\n")).collect();
        let new = old.replace("line 10\n", "line ten <b>\n");
        let html = render(&old, &new);
        assert!(html.contains("⋯ 6 unchanged lines"), "{html}");
        assert!(html.contains("⋯ 7 unchanged lines"), "{html}");
        assert!(html.contains("<del>line <mark>10</mark></del>"), "{html}");
        assert!(
            html.contains("<ins>line <mark>ten &lt;b&gt;</mark></ins>"),
            "{html}"
        );
        assert!(html.contains("Removed: "));
        assert_eq!(
            render("a\n", "a\n"),
            "<p class=\"diff-none\">No change to the text.</p>\n"
        );
    }

    /// The byte-trimmed window gives the same table as diffing the whole texts: edits at the
    /// start, middle and end, insertions, deletions, texts without a final newline.
    #[test]
    fn the_window_renders_like_the_whole_text() {
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
        ];
        for (old, new) in &cases {
            assert_eq!(
                render(old, new),
                render_window(old, new, Window::whole(old, new)),
                "{old:?} -> {new:?}"
            );
        }
        let w = Window::of(&cases[0].0, &cases[0].1);
        assert_eq!(w.lines_before, 11, "three lines of context before line 15");
        assert!(cases[0].0[w.start..w.old_end].lines().count() == 7);
    }
}
