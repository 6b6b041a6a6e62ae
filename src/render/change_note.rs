//! Change notes: what a revision changed, in the words a reader of the page would use, before
//! its source diff. The substance is the history's ([`crate::history::meaning::note`]): the
//! fields that changed ("Status active → achieved", "Progress 60% → 70%"), the sections added,
//! removed or reworded (by heading), and the rendered text's changed words. This module only
//! writes it as HTML, readable without JavaScript and by screen readers (removed and added words
//! say so).

use std::fmt::Write as _;

use crate::history::meaning::{Note, SectionEdit};
use crate::history::wording::WordChange;
use crate::i18n::fill;
use crate::text::{escape_html, escape_html_into};

/// The text of a translation key in the page's language (`note.new_page` → `Ny sida`), its
/// `{name}` places left for the caller to fill; the key itself when no file has it.
pub type Words<'a> = &'a dyn Fn(&str) -> String;

/// A field's name as a reader says it, in the page's language: `status` → `Status` (`field.status`
/// in the translation files), `indicator: Share` → `Indicator “Share”`; a field without a key
/// humanised in English (`case-studies` → `Case studies`).
fn label(field: &str, w: Words<'_>) -> String {
    if let Some(name) = field.strip_prefix("indicator: ") {
        return fill(&w("field.indicator"), &|n| {
            (n == "name").then(|| name.to_string())
        });
    }
    let key = format!("field.{}", field.replace('-', "_"));
    let text = w(&key);
    if text != key {
        return text;
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
fn headings(out: &mut String, note: &Note, edit: SectionEdit, what: &str, w: Words<'_>) {
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
    let _ = write!(
        out,
        "<li><span class=\"change-what\">{}</span> ",
        escape_html(what)
    );
    for (i, h) in hs.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        if h.is_empty() {
            esc(out, &w("note.introduction"));
        } else {
            esc(out, &quoted(h, w));
        }
    }
    out.push_str("</li>\n");
}

/// The note of one revision as HTML. `created` for a page that did not exist before it (its
/// fields are not listed one by one: all of them are new).
/// `“text”` with the language's quotation marks (`« text »` in French).
fn quoted(text: &str, w: Words<'_>) -> String {
    fill(&w("note.quoted"), &|n| {
        (n == "text").then(|| text.to_string())
    })
}

/// `pattern` with its `{name}` places filled by HTML, its own words escaped.
fn fill_html(pattern: &str, name: &str, html: &str) -> String {
    crate::i18n::fill_with(
        pattern,
        &|n| (n == name).then(|| html.to_string()),
        &escape_html,
    )
}

pub fn html(note: &Note, created: bool, w: Words<'_>) -> String {
    let m = &note.meaning;
    let mut out = String::from("<div class=\"change-note\">\n");
    if m.unreadable {
        let _ = write!(
            out,
            "<p class=\"change-none\">{}</p>\n</div>\n",
            escape_html(&w("note.unreadable"))
        );
        return out;
    }
    if !m.changed() {
        let _ = write!(
            out,
            "<p class=\"change-none\">{}</p>\n</div>\n",
            escape_html(&w("note.no_change"))
        );
        return out;
    }
    if created {
        out.push_str("<p class=\"change-summary\">");
        esc(&mut out, &w("note.new_page"));
        let hs: Vec<&str> = m
            .sections
            .iter()
            .map(|s| s.heading.as_str())
            .filter(|h| !h.is_empty())
            .collect();
        if !hs.is_empty() {
            let list: Vec<String> = hs.iter().map(|h| quoted(h, w)).collect();
            let list = escape_html(&list.join(", "));
            out.push_str(&fill_html(&w("note.with_sections"), "sections", &list));
        }
        out.push_str(".</p>\n</div>\n");
        return out;
    }
    if !m.fields.is_empty() || !m.sections.is_empty() {
        out.push_str("<ul class=\"change-list\">\n");
        for f in &m.fields {
            out.push_str("<li><span class=\"change-field\">");
            esc(&mut out, &label(&f.field, w));
            out.push_str("</span> ");
            match (f.old.as_str(), f.new.as_str()) {
                ("—", new) => {
                    let ins = format!("<ins>{}</ins>", escape_html(new));
                    out.push_str(&fill_html(&w("note.set_to"), "new", &ins));
                }
                (old, "—") => {
                    let del = format!("<del>{}</del>", escape_html(old));
                    out.push_str(&fill_html(&w("note.removed_was"), "old", &del));
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
        headings(
            &mut out,
            note,
            SectionEdit::Reworded,
            &w("note.reworded"),
            w,
        );
        headings(&mut out, note, SectionEdit::Added, &w("note.added"), w);
        headings(&mut out, note, SectionEdit::Removed, &w("note.removed"), w);
        out.push_str("</ul>\n");
    }
    for section in &note.words {
        out.push_str("<p class=\"change-words\"><span class=\"change-section\">");
        if section.heading.is_empty() {
            esc(&mut out, &w("note.introduction_heading"));
        } else {
            esc(&mut out, &section.heading);
        }
        out.push_str(":</span> ");
        for p in &section.pieces {
            match p.change {
                WordChange::Same => esc(&mut out, &p.text),
                WordChange::Removed => {
                    let _ = write!(
                        out,
                        "<del><span class=\"visually-hidden\">{}</span>",
                        escape_html(&w("note.removed_words"))
                    );
                    esc(&mut out, &p.text);
                    out.push_str("</del>");
                }
                WordChange::Added => {
                    let _ = write!(
                        out,
                        "<ins><span class=\"visually-hidden\">{}</span>",
                        escape_html(&w("note.added_words"))
                    );
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
pub fn line(note: &Note, created: bool, w: Words<'_>) -> Option<String> {
    let m = &note.meaning;
    if m.unreadable {
        return None;
    }
    if created {
        return Some(w("note.line_new_page"));
    }
    if !m.changed() {
        return Some(w("note.line_no_change"));
    }
    let mut parts: Vec<String> = m
        .fields
        .iter()
        .map(|f| match (f.old.as_str(), f.new.as_str()) {
            ("—", new) => format!(
                "{} {}",
                label(&f.field, w),
                fill(&w("note.set_to"), &|n| (n == "new")
                    .then(|| new.to_string()))
            ),
            (old, "—") => format!(
                "{} {}",
                label(&f.field, w),
                fill(&w("note.removed_was"), &|n| (n == "old")
                    .then(|| old.to_string()))
            ),
            (old, new) => format!("{} {old} → {new}", label(&f.field, w)),
        })
        .collect();
    for (edit, what) in [
        (SectionEdit::Reworded, "note.line_reworded"),
        (SectionEdit::Added, "note.line_added"),
        (SectionEdit::Removed, "note.line_removed"),
    ] {
        let hs: Vec<String> = m
            .sections
            .iter()
            .filter(|s| s.edit == edit)
            .map(|s| {
                if s.heading.is_empty() {
                    w("note.introduction")
                } else {
                    quoted(&s.heading, w)
                }
            })
            .collect();
        if !hs.is_empty() {
            let list = hs.join(", ");
            parts.push(fill(&w(what), &|n| (n == "sections").then(|| list.clone())));
        }
    }
    Some(parts.join("; "))
}

/// The source diff, one click away: a `<details>` (opens without JavaScript), open when no
/// note could say what changed.
pub fn source(diff: &str, open: bool, w: Words<'_>) -> String {
    format!(
        "<details class=\"source-diff\"{}><summary>{}</summary>\n{diff}</details>\n",
        if open { " open" } else { "" },
        escape_html(&w("note.source"))
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
        let cat = crate::i18n::Catalogue::builtin();
        let en = |k: &str| cat.text("en", k, &[]);
        let h = html(&n, false, &en);
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
            line(&n, false, &en).unwrap(),
            "Status active → achieved; Progress 60% → 70%; Review set to 2025-01-02; reworded “Plan”; removed “Risks”"
        );
        assert_eq!(label("case-studies", &en), "Case studies");
        assert_eq!(label("no-such-field", &en), "No such field");
        assert_eq!(label("indicator: Share", &en), "Indicator “Share”");
        // The same note in Swedish and French: the catalogue's words, the language's quotes.
        let sv = |k: &str| cat.text("sv", k, &[]);
        assert_eq!(
            line(&n, false, &sv).unwrap(),
            "Status active → achieved; Framsteg 60% → 70%; Översyn satt till 2025-01-02; omformulerat ”Plan”; borttaget ”Risks”"
        );
        let h = html(&n, false, &sv);
        assert!(h.contains("Omformulerat:</span> ”Plan”"), "{h}");
        assert!(
            h.contains("<span class=\"visually-hidden\">tillagt: </span>2026."),
            "{h}"
        );
        assert!(source("", false, &sv).contains("Ändringar i källan"));
        let fr = |k: &str| cat.text("fr", k, &[]);
        assert_eq!(
            label("indicator: Share", &fr),
            "Indicateur «\u{a0}Share\u{a0}»"
        );
    }
}
