//! Diffs as HTML: the rows the history stage found ([`crate::history::diff`]) as a table of
//! changed lines with the changed words marked and unchanged runs folded, readable without
//! JavaScript and by screen readers (each changed line says "Removed" or "Added"). A fold is a
//! `<details>` that opens to show the lines it hides.

use std::fmt::Write as _;

use crate::history::diff::{Diff, LineChange, LineText, Row, compare};
use crate::text::escape_html_into;

/// An HTML table showing how `old` became `new`; its folds of unchanged lines open (a
/// `<details>`) to show them.
pub fn render(old: &str, new: &str) -> String {
    html_with(&compare(old, new), Some(old))
}

/// The most text a fold holds to show when opened: a fold of a longer run says how many lines
/// it hides and no more, so a history page stays within a few times its page's size.
const MAX_FOLD_BYTES: usize = 64 * 1024;

/// The HTML of a diff: a table of its rows, or a line saying the text did not change.
pub fn html(diff: &Diff<'_>) -> String {
    html_with(diff, None)
}

/// [`html`], with the old text the diff was made from, for folds that open.
fn html_with(diff: &Diff<'_>, old_text: Option<&str>) -> String {
    let old_lines: Vec<&str> = old_text
        .map(|t| t.split_inclusive('\n').collect())
        .unwrap_or_default();
    let Diff::Changed { rows, text_len } = diff else {
        return "<p class=\"diff-none\">No change to the text.</p>\n".into();
    };
    let mut out = String::with_capacity(256 + 2 * text_len);
    out.push_str(TABLE_HEAD);
    // The old text's line after the last row: where the next fold starts.
    let mut next_old = 0;
    for r in rows {
        if let Row::Line { old: Some(i), .. } = r {
            next_old = i + 1;
        }
        match r {
            Row::Fold(n) => {
                let hidden = old_lines.get(next_old..next_old + n);
                fold(&mut out, *n, hidden);
                next_old += n;
            }
            Row::Line {
                change,
                old,
                new,
                text: LineText::Whole(line),
            } => row(&mut out, *change, *old, *new, &[(false, line)]),
            Row::Line {
                change,
                old,
                new,
                text: LineText::Words(segs),
            } => row(&mut out, *change, *old, *new, segs),
        }
    }
    out.push_str(TABLE_FOOT);
    out
}

/// The start of a diff table, up to its first row.
const TABLE_HEAD: &str = "<div class=\"table-wrap\"><table class=\"diff\">\n<thead><tr><th scope=\"col\">Old line</th><th scope=\"col\">New line</th><th scope=\"col\">Text</th></tr></thead>\n<tbody>\n";

/// The end of a diff table.
const TABLE_FOOT: &str = "</tbody>\n</table></div>\n";

/// One table row: line numbers (0-based, `None` on the side the line is not on) and the text
/// as (highlighted, text) segments.
fn row(
    out: &mut String,
    change: LineChange,
    old_no: Option<usize>,
    new_no: Option<usize>,
    segs: &[(bool, &str)],
) {
    let (class, label, sign) = match change {
        LineChange::Removed => ("del", "Removed: ", "−"),
        LineChange::Added => ("ins", "Added: ", "+"),
        LineChange::Unchanged => ("eq", "", " "),
    };
    let _ = write!(out, "<tr class=\"diff-{class}\"><td class=\"ln\">");
    if let Some(i) = old_no {
        let _ = write!(out, "{}", i + 1);
    }
    out.push_str("</td><td class=\"ln\">");
    if let Some(i) = new_no {
        let _ = write!(out, "{}", i + 1);
    }
    let _ = write!(
        out,
        "</td><td class=\"code\"><span class=\"sign\" aria-hidden=\"true\">{sign}</span>"
    );
    if !label.is_empty() {
        let _ = write!(out, "<span class=\"visually-hidden\">{label}</span>");
        out.push_str(if class == "del" { "<del>" } else { "<ins>" });
    }
    let last = segs.len().saturating_sub(1);
    for (i, &(emph, text)) in segs.iter().enumerate() {
        let text = if i == last {
            text.trim_end_matches(['\n', '\r'])
        } else {
            text
        };
        if emph {
            out.push_str("<mark>");
            escape_html_into(out, text);
            out.push_str("</mark>");
        } else {
            escape_html_into(out, text);
        }
    }
    if !label.is_empty() {
        out.push_str(if class == "del" { "</del>" } else { "</ins>" });
    }
    out.push_str("</td></tr>\n");
}

/// A row for a run of `n` unchanged lines not shown: a `<details>` that shows them (`lines`,
/// when known and not too long), which opens without JavaScript.
fn fold(out: &mut String, n: usize, lines: Option<&[&str]>) {
    let what = format!("⋯ {n} unchanged line{}", if n == 1 { "" } else { "s" });
    let lines = lines.filter(|l| l.iter().map(|x| x.len()).sum::<usize>() <= MAX_FOLD_BYTES);
    let Some(lines) = lines else {
        let _ = writeln!(
            out,
            "<tr class=\"diff-fold\"><td colspan=\"3\">{what}</td></tr>"
        );
        return;
    };
    let _ = write!(
        out,
        "<tr class=\"diff-fold\"><td colspan=\"3\"><details><summary>{what}</summary><pre class=\"diff-folded\">"
    );
    for l in lines {
        escape_html_into(out, l);
    }
    out.push_str("</pre></details></td></tr>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_words_and_folds() {
        let old: String = (1..=20).map(|i| format!("line {i}\n")).collect();
        let new = old.replace("line 10\n", "line ten <b>\n");
        let html = render(&old, &new);
        assert!(html.contains("<details><summary>⋯ 6 unchanged lines</summary><pre class=\"diff-folded\">line 1\nline 2\nline 3\nline 4\nline 5\nline 6\n</pre></details>"), "{html}");
        assert!(
            html.contains(
                "<summary>⋯ 7 unchanged lines</summary><pre class=\"diff-folded\">line 14\n"
            ),
            "{html}"
        );
        assert!(html.contains("line 20\n</pre></details>"), "{html}");
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
}
