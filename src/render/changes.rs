//! The recent-changes page and its Atom feed.

use std::collections::HashMap;

use super::sink::write;
use super::{Renderer, Sink, revisions};
use crate::diagnostics::Diagnostic;
use crate::history::History;

/// How many pages of the recent changes get a note saying what changed in them (each reads two
/// texts from the repository): a commit that touched thousands of pages lists them all, with
/// notes for the first few hundred.
const MAX_NOTES: usize = 300;

impl<'a> Renderer<'a> {
    /// The newest commits by day, for the recent-changes page and its feed.
    fn recent_days(&self, h: &History) -> Vec<revisions::DayCtx> {
        let site = self.cx.site;
        // A page's earlier paths lead to it as it is now.
        let renamed: HashMap<&str, usize> = site
            .pages
            .iter()
            .enumerate()
            .filter_map(|(i, p)| h.page(&p.src.path).map(|ph| (i, ph)))
            .flat_map(|(i, ph)| ph.old_paths.iter().map(move |o| (o.as_str(), i)))
            .collect();
        let page_of = |path: &str| {
            site.by_path
                .get(path)
                .or_else(|| renamed.get(path))
                .map(|&i| (site.pages[i].title().to_string(), site.pages[i].url.clone()))
        };
        // A file that is there but is no page (SUMMARY.md, an image, a draft) was not removed.
        let present = |path: &str| {
            path == "SUMMARY.md"
                || site.assets.contains(path)
                || site.draft_paths.contains(path)
                || site.failed.contains(path)
        };
        // What changed in each page, in words: read from the repository, so bounded.
        let blobs = crate::history::blobs::BlobReader::open(h);
        let left = std::cell::Cell::new(MAX_NOTES);
        let aliases = &self.cx.config.wiki.front_matter;
        let note_of = |commit: usize, path: &str| {
            let blobs = blobs.as_ref()?;
            let now = site.by_path.get(path).or_else(|| renamed.get(path))?;
            let r = h
                .page(&site.pages[*now].src.path)?
                .revisions
                .iter()
                .find(|r| r.commit == commit && r.path == path)?;
            left.set(left.get().checked_sub(1)?);
            revisions::note_line(
                blobs,
                r,
                aliases,
                &|field: &str, value: &str| super::note_values::shown(&self.cx, field, value),
                &|k: &str| self.cx.words.text(&self.cx.lang, k, &[]),
            )
        };
        revisions::recent(
            h,
            self.cx.config.wiki.history.recent,
            self.repo_url(),
            &page_of,
            &present,
            &note_of,
        )
    }

    /// The recent-changes page.
    pub(super) fn render_changes(&self, h: &History, sink: &Sink<'_>) -> Result<usize, Diagnostic> {
        let days = self.recent_days(h);
        let url = "changes.html";
        let mut ctx = self.base(url, "changes", None);
        ctx.insert("days", &days);
        ctx.insert("shallow_since", &h.shallow_since.map(crate::history::date));
        let html = self.render("changes.html", &ctx, "the recent-changes page")?;
        self.emit(sink, None, None, url, html)?;
        Ok(1)
    }

    /// The Atom feed of the recent changes, `changes.atom`; nothing without a history (or when
    /// rendering only some pages, see [`Renderer::with_only`]).
    pub fn render_feed(&self, sink: &Sink<'_>) -> Result<(), Diagnostic> {
        let Some(h) = self.history.filter(|_| self.only.is_none()) else {
            return Ok(());
        };
        let days = self.recent_days(h);
        // An edition in a folder has a feed of its own: its title names the edition, and so
        // does its id when there is no site URL to make it from.
        let title = match self.versions {
            Some(v) if !(v.at_root && v.current == v.default) => {
                format!("{} ({})", self.site_ctx.title, v.list[v.current].label)
            }
            _ => self.site_ctx.title.clone(),
        };
        let title = self.cx.words.text(
            &self.cx.lang,
            "changes.feed_title",
            &[("site", crate::i18n::Arg::Str(&title))],
        );
        let feed = revisions::atom(
            &title,
            self.edition_url().as_deref(),
            &days,
            h.commits.first().map(|c| c.time),
        );
        write(sink, "changes.atom", feed.into_bytes())?;
        Ok(())
    }
}
