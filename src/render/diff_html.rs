//! Diffs as HTML: the rows the history stage found ([`crate::history::diff`]) as a table of
//! changed lines with the changed words marked and unchanged runs folded, readable without
//! JavaScript and by screen readers (each changed line says "Removed" or "Added").

use std::fmt::Write as _;

use crate::history::diff::{Diff, LineChange, LineText, Row, compare};
use crate::text::escape_html_into;

/// An HTML table showing how `old` became `new`.
pub fn render(old: &str, new: &str) -> String {
    html(&compare(old, new))
}

/// The HTML of a diff: a table of its rows, or a line saying the text did not change.
pub fn html(diff: &Diff<'_>) -> String {
    let Diff::Changed { rows, text_len } = diff else {
        return "<p class=\"diff-none\">No change to the text.</p>\n".into();
    };
    let mut out = String::with_capacity(256 + 2 * text_len);
    out.push_str(TABLE_HEAD);
    for r in rows {
        match r {
            Row::Fold(n) => fold(&mut out, *n),
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

/// A row for a run of `n` unchanged lines not shown.
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
}
