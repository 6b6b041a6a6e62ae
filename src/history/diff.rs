//! Rendered diffs: changed lines with word-level highlights, unchanged runs folded, readable
//! without JavaScript and by screen readers (each changed line says "Removed" or "Added").

use similar::{ChangeTag, TextDiff};

use crate::text::escape_html;

/// Lines of context around each change.
const CONTEXT: usize = 3;

/// An HTML table showing how `old` became `new`.
pub fn render(old: &str, new: &str) -> String {
    let diff = TextDiff::configure()
        .timeout(std::time::Duration::from_millis(200))
        .diff_lines(old, new);
    let groups = diff.grouped_ops(CONTEXT);
    if groups.is_empty() {
        return "<p class=\"diff-none\">No change to the text.</p>\n".into();
    }
    let old_lines = old.lines().count();
    let mut out = String::from(
        "<div class=\"table-wrap\"><table class=\"diff\">\n<thead><tr><th scope=\"col\">Old line</th><th scope=\"col\">New line</th><th scope=\"col\">Text</th></tr></thead>\n<tbody>\n",
    );
    let mut last_old_end = 0;
    for (gi, group) in groups.iter().enumerate() {
        let first_old = group.first().map(|op| op.old_range().start).unwrap_or(0);
        if first_old > last_old_end || (gi == 0 && first_old > 0) {
            let n = first_old - last_old_end;
            out.push_str(&fold(n));
        }
        for op in group {
            for change in diff.iter_inline_changes(op) {
                let (class, label, sign) = match change.tag() {
                    ChangeTag::Delete => ("del", "Removed: ", "−"),
                    ChangeTag::Insert => ("ins", "Added: ", "+"),
                    ChangeTag::Equal => ("eq", "", " "),
                };
                let num = |n: Option<usize>| n.map(|i| (i + 1).to_string()).unwrap_or_default();
                out.push_str(&format!(
                    "<tr class=\"diff-{class}\"><td class=\"ln\">{}</td><td class=\"ln\">{}</td><td class=\"code\"><span class=\"sign\" aria-hidden=\"true\">{sign}</span>",
                    num(change.old_index()),
                    num(change.new_index())
                ));
                if !label.is_empty() {
                    out.push_str(&format!("<span class=\"visually-hidden\">{label}</span>"));
                    out.push_str(if class == "del" { "<del>" } else { "<ins>" });
                }
                for (emph, text) in change.iter_strings_lossy() {
                    let text = escape_html(text.trim_end_matches('\n'));
                    if emph {
                        out.push_str(&format!("<mark>{text}</mark>"));
                    } else {
                        out.push_str(&text);
                    }
                }
                if !label.is_empty() {
                    out.push_str(if class == "del" { "</del>" } else { "</ins>" });
                }
                out.push_str("</td></tr>\n");
            }
        }
        last_old_end = group.last().map(|op| op.old_range().end).unwrap_or(0);
    }
    if old_lines > last_old_end {
        out.push_str(&fold(old_lines - last_old_end));
    }
    out.push_str("</tbody>\n</table></div>\n");
    out
}

fn fold(n: usize) -> String {
    format!(
        "<tr class=\"diff-fold\"><td colspan=\"3\">⋯ {n} unchanged line{}</td></tr>\n",
        if n == 1 { "" } else { "s" }
    )
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
