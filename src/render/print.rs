//! The printable edition (`print.html`, issue 28): the whole strategy on one page, as mdBook's
//! `print.html`, for reading whole, printing, or saving as PDF.
//!
//! In SUMMARY.md's reading order (its parts as headings), then the goals, case studies, owners
//! and other pages it does not list. Each page is a section with an anchor; links between
//! pages become links within the document and ids are prefixed so they stay unique
//! ([`super::print_links`]). `print.html` draws it without the site's navigation, and
//! `static/print.css` lays it out for paper.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use super::key::key_of;
use super::print_links::{Anchors, anchor_of, rewrite};
use super::print_sections::Sections;
use super::view::PageCtx;
use super::{Renderer, Sink};
use crate::content::Kind;
use crate::content::summary::EntryKind;
use crate::diagnostics::Diagnostic;
use crate::model::Role;

/// Where the printable edition is, at the top of each edition.
pub const URL: &str = "print.html";

/// What `print.html` is given as `articles`, replaced by the entries rendered apart: a comment
/// no page's text can hold (the Markdown renderer and the sanitiser escape or drop comments).
const ARTICLES: &str = "<!--stratwiki:print-articles-->";

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
        // Page contexts side by side: on 10,000 pages they were most of a rebuild's printing.
        let mut entries: Vec<Entry<'_>> = order
            .into_par_iter()
            .enumerate()
            .map(|(at, (i, title, number, depth))| match i {
                None => Entry {
                    entry: "part",
                    anchor: part_anchor.get(&at).cloned().unwrap_or_default(),
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
        // What each entry's section is made from: the entry, and where every page is in the
        // document (its links are rewritten to those anchors).
        let anchors_key = {
            let mut all: Vec<(&String, &String)> = pages.iter().collect();
            all.sort_unstable();
            key_of(&[&all])
        };
        let entry_keys: Vec<u64> = entries
            .par_iter()
            .map(|e| key_of(&[&self.const_key, e, &anchors_key]))
            .collect();
        // Unchanged since the previous build (same entries, same theme and site): its file as
        // it is. On a 535-page wiki, rendering and rewriting the document is most of its cost.
        let vctx = self.version_ctx(None, URL);
        let key = key_of(&[&self.const_key, &entry_keys, &running_title]);
        let file = match vctx {
            Some(_) => self.version_file(vctx.as_ref(), None, URL, key),
            None => self.reuse.map(|_| (URL.to_string(), key)),
        };
        let previous = file.as_ref().map(|(f, k)| (f.as_str(), *k));
        // Sections are taken from the previous document (an edition's title spliced into its
        // head moves them all alike: their places are counted from the document's end).
        let sections = self
            .reuse
            .zip(file.as_ref())
            .map(|(reuse, (full, _))| Sections { reuse, file: full });
        if self.take_previous(sink, URL, previous)? {
            if let Some(s) = &sections {
                for (e, k) in entries.iter().zip(&entry_keys) {
                    s.carry(&e.anchor, *k);
                }
            }
            return Ok(1);
        }
        let old_document = sections.as_ref().and_then(|s| {
            s.previous_document(entries.iter().map(|e| e.anchor.as_str()), &entry_keys)
        });
        // Each entry on its own, side by side (`print_page.html`), its links made the
        // document's; then the cover and contents around them (`print.html`). One template
        // over every page held the whole site's page contexts in one Tera context and rendered
        // on one core: on 10,000 pages, 8 s and 1 GB of the build (issue #27). A section whose
        // key is as in the previous build is taken from the previous document.
        let root = crate::text::root_prefix(URL);
        let taken = std::sync::atomic::AtomicUsize::new(0);
        let articles: Vec<String> = entries
            .par_iter_mut()
            .zip(entry_keys.par_iter())
            .map(|(e, &k)| -> Result<String, Diagnostic> {
                if let (Some(s), Some(old)) = (&sections, &old_document)
                    && let Some(text) = s.previous_section(old, &e.anchor, k)
                {
                    taken.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    return Ok(text);
                }
                if let Some(p) = &e.page {
                    e.html = rewrite(p.content, p.url, Some(&e.anchor), &anchors);
                }
                let mut ctx = tera::Context::new();
                ctx.insert_value("site", self.site_value.clone());
                ctx.insert("root", &root);
                ctx.insert("lang", &self.cx.lang);
                ctx.insert("e", &*e);
                let html = self.render("print_page.html", &ctx, "the printable edition")?;
                e.html = String::new();
                // The template's own links (a goal's owner, its chapters) lead into the
                // document too.
                let html = String::from_utf8_lossy(&html);
                Ok(rewrite(&html, URL, None, &anchors))
            })
            .collect::<Result<_, _>>()?;
        drop(old_document);
        crate::timing::note(format_args!(
            "printable edition: {} of {} sections taken from the previous build",
            taken.into_inner(),
            entries.len()
        ));
        for e in &mut entries {
            e.page = None;
            e.html = String::new();
        }
        let mut ctx = self.base(URL, "print", None);
        ctx.insert("entries", &entries);
        ctx.insert("running_title", &running_title);
        ctx.insert("articles", ARTICLES);
        let html = self.render("print.html", &ctx, "the printable edition")?;
        let html = String::from_utf8_lossy(&html);
        let html = rewrite(&html, URL, None, &anchors);
        let html = match html.split_once(ARTICLES) {
            Some((head, tail)) => {
                let mut doc = String::with_capacity(
                    head.len() + tail.len() + articles.iter().map(String::len).sum::<usize>(),
                );
                doc.push_str(head);
                // Each entry's text is let go once it is in the document; where it is, is
                // kept for the next build.
                let mut places = Vec::with_capacity(articles.len());
                for a in articles {
                    places.push((doc.len(), a.len()));
                    doc.push_str(&a);
                }
                doc.push_str(tail);
                if let Some(s) = &sections {
                    for ((e, k), (start, len)) in entries.iter().zip(&entry_keys).zip(places) {
                        s.keep(&e.anchor, *k, doc.len() - start, len);
                    }
                }
                doc
            }
            // A theme's own print.html that does not show `articles`: the document as it
            // wrote it.
            None => html,
        };
        // The page contexts go before the document is handed over (on 10,000 pages it is
        // 70 MB; without editions it is handed over as it is, not copied).
        drop(entries);
        match vctx {
            None => super::sink::write(sink, URL, html.into_bytes())?,
            Some(v) => self.emit_with(sink, Some(&v), None, URL, html.as_bytes())?,
        }
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
