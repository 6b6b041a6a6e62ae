//! The printable edition (`print.html`, issue 28): the whole strategy on one page, as mdBook's
//! `print.html`, for reading whole, printing, or saving as PDF.
//!
//! In SUMMARY.md's reading order (its parts as headings), then the goals, case studies, owners
//! and other pages it does not list. Each page is a section with an anchor; links between
//! pages become links within the document and ids are prefixed so they stay unique
//! ([`super::print_links`]). `print.html` draws it without the site's navigation, and
//! `static/print.css` lays it out for paper.

use std::collections::HashMap;

use serde::Serialize;

use super::key::key_of;
use super::print_links::{Anchors, anchor_of, rewrite};
use super::view::PageCtx;
use super::{Renderer, Sink};
use crate::content::Kind;
use crate::content::summary::EntryKind;
use crate::diagnostics::Diagnostic;
use crate::model::Role;

/// Where the printable edition is, at the top of each edition.
pub const URL: &str = "print.html";

/// One entry of the document: a part's title, or a page.
#[derive(Serialize)]
struct Entry<'a> {
    /// `part` or `page`.
    entry: &'static str,
    /// Its id in the document.
    anchor: String,
    title: String,
    number: Option<String>,
    /// Nesting in the table of contents (0 at the top).
    depth: usize,
    /// The page's context, as its own page has it (a part has none).
    page: Option<PageCtx<'a>>,
    /// The page's HTML, its links and ids made the document's.
    html: String,
}

/// The groups of pages SUMMARY.md does not list, after it: (kind, anchor, heading key).
const APPENDICES: &[(Kind, &str)] = &[
    (Kind::Chapter, "print-chapters"),
    (Kind::Goal, "print-goals"),
    (Kind::CaseStudy, "print-case-studies"),
    (Kind::Owner, "print-owners"),
    (Kind::Page, "print-pages"),
];

impl Renderer<'_> {
    /// Write the printable edition.
    pub fn render_print(&self, sink: &Sink<'_>) -> Result<usize, Diagnostic> {
        let site = self.cx.site;
        // The pages in document order, each with its depth; then the parts between them.
        let mut listed = vec![false; site.pages.len()];
        let mut order: Vec<(Option<usize>, String, Option<String>, usize)> = Vec::new();
        // A part's anchor, by its place in `order`.
        let mut part_anchor: HashMap<usize, String> = HashMap::new();
        for e in &site.toc {
            match e.kind {
                EntryKind::Part => {
                    part_anchor
                        .insert(order.len(), format!("print-part-{}", part_anchor.len() + 1));
                    order.push((None, e.title.clone(), None, 0));
                }
                EntryKind::Link => {
                    if let Some(i) = e.page.filter(|&i| !listed[i]) {
                        listed[i] = true;
                        order.push((Some(i), e.title.clone(), e.number.clone(), e.depth));
                    }
                }
                EntryKind::Separator => {}
            }
        }
        let mut appendix_anchor: HashMap<Kind, &str> = HashMap::new();
        for &(kind, anchor) in APPENDICES {
            let wanted = |i: usize| {
                let p = &site.pages[i];
                !listed[i] && p.kind() == kind && p.role == Role::Normal
            };
            // In each kind's index order where it has one, else in page order.
            let rest: Vec<usize> = match site.by_kind.get(&kind) {
                Some(ordered) if kind != Kind::Chapter && kind != Kind::Page => {
                    ordered.iter().copied().filter(|&i| wanted(i)).collect()
                }
                _ => (0..site.pages.len()).filter(|&i| wanted(i)).collect(),
            };
            if rest.is_empty() {
                continue;
            }
            appendix_anchor.insert(kind, anchor);
            part_anchor.insert(order.len(), anchor.to_string());
            order.push((None, kind.plural().to_string(), None, 0));
            for i in rest {
                listed[i] = true;
                order.push((Some(i), site.pages[i].title().to_string(), None, 1));
            }
        }
        // Every page's anchor, and what the generated indexes stand for in the document.
        let mut pages: HashMap<String, String> = order
            .iter()
            .filter_map(|(i, ..)| *i)
            .map(|i| (site.pages[i].url.clone(), anchor_of(&site.pages[i].url)))
            .collect();
        let top = site
            .home_intro
            .filter(|&i| listed[i])
            .map_or("print-contents".to_string(), |i| {
                anchor_of(&site.pages[i].url)
            });
        pages.entry("index.html".into()).or_insert(top);
        for (url, kind) in [
            ("goals/index.html", Kind::Goal),
            ("case-studies/index.html", Kind::CaseStudy),
            ("owners/index.html", Kind::Owner),
            ("chapters/index.html", Kind::Chapter),
        ] {
            let to = appendix_anchor
                .get(&kind)
                .copied()
                .unwrap_or("print-contents");
            pages.entry(url.into()).or_insert_with(|| to.to_string());
        }
        let anchors = Anchors { pages: &pages };
        let mut entries: Vec<Entry<'_>> = order
            .into_iter()
            .enumerate()
            .map(|(at, (i, title, number, depth))| match i {
                None => Entry {
                    entry: "part",
                    anchor: part_anchor.remove(&at).unwrap_or_default(),
                    title,
                    number,
                    depth,
                    page: None,
                    html: String::new(),
                },
                Some(i) => {
                    let p = &site.pages[i];
                    Entry {
                        entry: "page",
                        anchor: anchor_of(&p.url),
                        title,
                        number,
                        depth,
                        // Its text is in the page context; rewritten below, when the document
                        // is rendered.
                        page: Some(self.cx.page(i)),
                        html: String::new(),
                    }
                }
            })
            .collect();
        let running_title = css_string(&self.site_ctx.title);
        // Unchanged since the previous build (same entries, same theme and site): its file as
        // it is. On a 535-page wiki, rendering and rewriting the document is most of its cost.
        let vctx = self.version_ctx(None, URL);
        let key = key_of(&[&self.const_key, &entries, &running_title]);
        let file = match vctx {
            Some(_) => self.version_file(vctx.as_ref(), None, URL, key),
            None => self.reuse.map(|_| (URL.to_string(), key)),
        };
        let previous = file.as_ref().map(|(f, k)| (f.as_str(), *k));
        if self.take_previous(sink, URL, previous)? {
            return Ok(1);
        }
        for e in &mut entries {
            if let Some(p) = &e.page {
                e.html = rewrite(p.content, p.url, Some(&e.anchor), &anchors);
            }
        }
        let mut ctx = self.base(URL, "print", None);
        ctx.insert("entries", &entries);
        ctx.insert("running_title", &running_title);
        let html = self.render("print.html", &ctx, "the printable edition")?;
        // The template's own links (a goal's owner, its chapters) lead into the document too.
        let html = String::from_utf8_lossy(&html);
        let html = rewrite(&html, URL, None, &anchors);
        self.emit_with(sink, vctx.as_ref(), None, URL, html.as_bytes())?;
        if let (Some(reuse), Some((full, key))) = (self.reuse, &file) {
            reuse.keep(full, *key);
        }
        Ok(1)
    }
}

/// `s` as a CSS string literal's contents (for `@page` running titles).
fn css_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' | '>' | '&' => out.push_str(&format!("\\{:x} ", c as u32)),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn running_titles_cannot_leave_their_string() {
        assert_eq!(
            super::css_string("A \"b\" </style>\\"),
            "A \\\"b\\\" \\3c /style\\3e \\\\"
        );
    }
}
