//! Change notes: what a revision changed, in the words a reader of the page would use, before
//! its source diff. The substance is the history's ([`crate::history::meaning::note`]): the
//! fields that changed ("Status active → achieved", "Progress 60% → 70%"), the sections added,
//! removed or reworded (by heading), and the rendered text's changed words. This module only
//! writes it as HTML, readable without JavaScript and by screen readers (removed and added words
//! say so).

use std::fmt::Write as _;

use crate::history::meaning::{Note, SectionEdit};
use crate::history::wording::WordChange;
use crate::text::escape_html_into;

/// A field's name as a reader says it: `status` → `Status`, `case-studies` → `Case studies`,
/// `indicator: Share` → `Indicator “Share”`.
fn label(field: &str) -> String {
    if let Some(name) = field.strip_prefix("indicator: ") {
        return format!("Indicator “{name}”");
    }
    let mut s = field.replace('-', " ");
    if let Some(first) = s.get(..1) {
        let up = first.to_uppercase();
        s.replace_range(..1, &up);
    }
    s
}

fn esc(out: &mut String, s: &str) {
    escape_html_into(out, s);
}

/// The headings of the sections changed in one way, as a list in words.
fn headings(out: &mut String, note: &Note, edit: SectionEdit, what: &str) {
    let hs: Vec<&str> = note
        .meaning
        .sections
        .iter()
        .filter(|s| s.edit == edit)
        .map(|s| s.heading.as_str())
        .collect();
    if hs.is_empty() {
        return;
    }
    let _ = write!(out, "<li><span class=\"change-what\">{what}</span> ");
    for (i, h) in hs.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        if h.is_empty() {
            out.push_str("the introduction");
        } else {
            out.push('“');
            esc(out, h);
            out.push('”');
        }
    }
    out.push_str("</li>\n");
}

/// The note of one revision as HTML. `created` for a page that did not exist before it (its
/// fields are not listed one by one: all of them are new).
pub fn html(note: &Note, created: bool) -> String {
    let m = &note.meaning;
    let mut out = String::from("<div class=\"change-note\">\n");
    if m.unreadable {
        out.push_str("<p class=\"change-none\">What this change says cannot be told: one of the texts is not a page stratwiki can read. The source changes are below.</p>\n</div>\n");
        return out;
    }
    if !m.changed() {
        out.push_str("<p class=\"change-none\">No change to what the page says: only its formatting, its layout or names that mean the same.</p>\n</div>\n");
        return out;
    }
    if created {
        out.push_str("<p class=\"change-summary\">New page");
        let hs: Vec<&str> = m
            .sections
            .iter()
            .map(|s| s.heading.as_str())
            .filter(|h| !h.is_empty())
            .collect();
        if !hs.is_empty() {
            out.push_str(", with the sections ");
            for (i, h) in hs.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push('“');
                esc(&mut out, h);
                out.push('”');
            }
        }
        out.push_str(".</p>\n</div>\n");
        return out;
    }
    if !m.fields.is_empty() || !m.sections.is_empty() {
        out.push_str("<ul class=\"change-list\">\n");
        for f in &m.fields {
            out.push_str("<li><span class=\"change-field\">");
            esc(&mut out, &label(&f.field));
            out.push_str("</span> ");
            match (f.old.as_str(), f.new.as_str()) {
                ("—", new) => {
                    out.push_str("set to <ins>");
                    esc(&mut out, new);
                    out.push_str("</ins>");
                }
                (old, "—") => {
                    out.push_str("removed (was <del>");
                    esc(&mut out, old);
                    out.push_str("</del>)");
                }
                (old, new) => {
                    out.push_str("<del>");
                    esc(&mut out, old);
                    out.push_str("</del> → <ins>");
                    esc(&mut out, new);
                    out.push_str("</ins>");
                }
            }
            out.push_str("</li>\n");
        }
        headings(&mut out, note, SectionEdit::Reworded, "Reworded:");
        headings(&mut out, note, SectionEdit::Added, "Added:");
        headings(&mut out, note, SectionEdit::Removed, "Removed:");
        out.push_str("</ul>\n");
    }
    for section in &note.words {
        out.push_str("<p class=\"change-words\"><span class=\"change-section\">");
        if section.heading.is_empty() {
            out.push_str("Introduction");
        } else {
            esc(&mut out, &section.heading);
        }
        out.push_str(":</span> ");
        for p in &section.pieces {
            match p.change {
                WordChange::Same => esc(&mut out, &p.text),
                WordChange::Removed => {
                    out.push_str("<del><span class=\"visually-hidden\">removed: </span>");
                    esc(&mut out, &p.text);
                    out.push_str("</del>");
                }
                WordChange::Added => {
                    out.push_str("<ins><span class=\"visually-hidden\">added: </span>");
                    esc(&mut out, &p.text);
                    out.push_str("</ins>");
                }
                WordChange::Elided => out.push_str("<span class=\"elided\">…</span>"),
            }
        }
        out.push_str("</p>\n");
    }
    out.push_str("</div>\n");
    out
}

/// The note in one line of plain text, for the recent changes and the feed: the fields (`Status
/// active → achieved; Progress 60% → 70%`), then the sections (`reworded “Plan”; added
/// “Next steps”`). `None` when the texts could not be compared.
pub fn line(note: &Note, created: bool) -> Option<String> {
    let m = &note.meaning;
    if m.unreadable {
        return None;
    }
    if created {
        return Some("new page".into());
    }
    if !m.changed() {
        return Some("no change to what the page says".into());
    }
    let mut parts: Vec<String> = m
        .fields
        .iter()
        .map(|f| match (f.old.as_str(), f.new.as_str()) {
            ("—", new) => format!("{} set to {new}", label(&f.field)),
            (old, "—") => format!("{} removed (was {old})", label(&f.field)),
            (old, new) => format!("{} {old} → {new}", label(&f.field)),
        })
        .collect();
    for (edit, what) in [
        (SectionEdit::Reworded, "reworded"),
        (SectionEdit::Added, "added"),
        (SectionEdit::Removed, "removed"),
    ] {
        let hs: Vec<String> = m
            .sections
            .iter()
            .filter(|s| s.edit == edit)
            .map(|s| {
                if s.heading.is_empty() {
                    "the introduction".to_string()
                } else {
                    format!("“{}”", s.heading)
                }
            })
            .collect();
        if !hs.is_empty() {
            parts.push(format!("{what} {}", hs.join(", ")));
        }
    }
    Some(parts.join("; "))
}

/// The source diff, one click away: a `<details>` (opens without JavaScript), open when no
/// note could say what changed.
pub fn source(diff: &str, open: bool) -> String {
    format!(
        "<details class=\"source-diff\"{}><summary>Changes to the source (Markdown and front matter)</summary>\n{diff}</details>\n",
        if open { " open" } else { "" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::FrontMatterAliases;
    use crate::history::meaning::note;

    #[test]
    fn fields_sections_and_words_in_plain_terms() {
        let a = "---\nstatus: active\nprogress: 60\n---\n## Plan\n\nWe publish in 2025.\n\n## Risks\n\nSome.\n";
        let b = "---\nstatus: achieved\nprogress: 70\nreview: 2025-01-02\n---\n## Plan\n\nWe publish in 2026.\n";
        let n = note(
            "goals/g.md",
            Some(a),
            "goals/g.md",
            Some(b),
            &FrontMatterAliases::default(),
        );
        let h = html(&n, false);
        assert!(
            h.contains(
                "<span class=\"change-field\">Status</span> <del>active</del> → <ins>achieved</ins>"
            ),
            "{h}"
        );
        assert!(
            h.contains("Progress</span> <del>60%</del> → <ins>70%</ins>"),
            "{h}"
        );
        assert!(
            h.contains("Review</span> set to <ins>2025-01-02</ins>"),
            "{h}"
        );
        assert!(h.contains("Reworded:</span> “Plan”"), "{h}");
        assert!(h.contains("Removed:</span> “Risks”"), "{h}");
        assert!(
            h.contains("<del><span class=\"visually-hidden\">removed: </span>2025."),
            "{h}"
        );
        assert!(
            h.contains("<ins><span class=\"visually-hidden\">added: </span>2026.</ins>"),
            "{h}"
        );
        assert_eq!(
            line(&n, false).unwrap(),
            "Status active → achieved; Progress 60% → 70%; Review set to 2025-01-02; reworded “Plan”; removed “Risks”"
        );
        assert_eq!(label("case-studies"), "Case studies");
        assert_eq!(label("indicator: Share"), "Indicator “Share”");
    }
}
