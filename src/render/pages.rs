//! Content pages and their history pages.

use rayon::prelude::*;

use super::key::key_of;
use super::{Renderer, Sink, context, dashboard, revisions};
use crate::content::Kind;
use crate::diagnostics::Diagnostic;
use crate::history::History;
use crate::history::blobs::BlobReader;
use crate::model::Role;

impl<'a> Renderer<'a> {
    /// Every content page and its history page.
    pub(super) fn render_pages(&self, sink: &Sink<'_>) -> Result<usize, Diagnostic> {
        let site = self.cx.site;
        let pages: usize = (0..site.pages.len())
            .into_par_iter()
            .map_init(
                // One reader per thread (it holds a repository handle), to read old revisions
                // for diffs.
                || self.history.and_then(BlobReader::open),
                |blobs, i| {
                    let p = &site.pages[i];
                    if self.only.is_some_and(|o| !o.contains(&i)) {
                        return Ok(0);
                    }
                    match p.role {
                        Role::Normal => {}
                        // The home page's introduction (and `404.md`) is shown by the
                        // generated home (404) page, but has a history page like any other.
                        Role::HomeIntro | Role::NotFound => {
                            return match self.history {
                                Some(h) => {
                                    let mut page = self.cx.page(i);
                                    page.history = self.history_summary(h, i);
                                    self.render_history_page(i, &page, h, blobs.as_ref(), sink)
                                }
                                None => Ok(0),
                            };
                        }
                        Role::KindIntro(_) => return Ok(0),
                    }
                    let mut page = self.cx.page(i);
                    if let Some(h) = self.history {
                        page.history = self.history_summary(h, i);
                        if p.kind() == Kind::Goal
                            && let Some(ph) = h.page(&p.src.path)
                        {
                            let mut ignored = Vec::new();
                            // A goal shows its five newest changes.
                            page.recent_changes = revisions::revisions(
                                h,
                                &ph.revisions[..ph.revisions.len().min(5)],
                                &revisions::Diffs {
                                    blobs: None,
                                    count: 0,
                                    cache: None,
                                    aliases: &self.cx.config.wiki.front_matter,
                                    show: &|_: &str, v: &str| v.to_string(),
                                    words: &|k: &str| {
                                        self.cx.words.text(&self.cx.page_lang(i), k, &[])
                                    },
                                },
                                self.repo_url(),
                                &mut ignored,
                            );
                            page.recent_changes = self
                                .cx
                                .translate_revisions(page.recent_changes, &self.cx.page_lang(i));
                        }
                    }
                    if p.kind() == Kind::Owner {
                        if let Some(o) = page.owner.as_mut() {
                            o.due_for_review = super::reviews::owned_due(&self.cx, i);
                        }
                        let owned = self.cx.goals_owned_by(i);
                        page.dashboard =
                            Some(dashboard::dashboard(&self.cx, &owned, false, "owner"));
                    }
                    let trend = self.goal_trend(i);
                    // The page's context, hashed once for the keys of the page and its history.
                    let page_key = if self.reuse.is_some() || self.shared.is_some() {
                        key_of(&[&page, &trend])
                    } else {
                        0
                    };
                    // The template context is built only when the page is rendered.
                    let render = || {
                        let mut ctx = self.base(&p.url, p.kind().name(), Some(i));
                        ctx.insert("page", &page);
                        ctx.insert("trend", &trend);
                        let template = format!("{}.html", p.kind().name());
                        self.render(&template, &ctx, &p.src.display)
                    };
                    let html = match (self.versions, self.shared) {
                        (Some(_), Some(shared)) => {
                            let key = key_of(&[
                                &self.const_key,
                                &p.url,
                                &page_key,
                                &(!self.splice_sidebar).then(|| self.window_key(Some(i))),
                                &self.canonical(&p.url, Some(i), false),
                            ]);
                            // The previous build's file when nothing in it changed, else the
                            // page as another version rendered it, else rendered here.
                            let vctx = self.version_ctx(Some(i), &p.url);
                            let file = self.version_file(vctx.as_ref(), Some(i), &p.url, key);
                            let previous = file.as_ref().map(|(f, k)| (f.as_str(), *k));
                            if !self.take_previous(sink, &p.url, previous)? {
                                let html = match shared.get(key) {
                                    Some(bytes) => bytes,
                                    None => {
                                        // Kept for the other versions: at its size, not
                                        // the render buffer's.
                                        let mut html = render()?;
                                        html.shrink_to_fit();
                                        let html = std::sync::Arc::new(html);
                                        shared.put(key, html.clone());
                                        html
                                    }
                                };
                                self.emit_with(sink, vctx.as_ref(), Some(i), &p.url, &html)?;
                                if let (Some(reuse), Some((full, key))) = (self.reuse, &file) {
                                    reuse.keep(full, *key);
                                }
                            }
                            None
                        }
                        _ => {
                            // Unchanged since the previous build (same page context, and what
                            // every page depends on): its file as it is.
                            let key = self.reuse.map(|_| {
                                key_of(&[
                                    &self.const_key,
                                    &p.url,
                                    &page_key,
                                    &self.window_key(Some(i)),
                                ])
                            });
                            if self.take_previous(sink, &p.url, key.map(|k| (p.url.as_str(), k)))? {
                                None
                            } else {
                                let html = render()?;
                                if let (Some(reuse), Some(key)) = (self.reuse, key) {
                                    reuse.keep(&p.url, key);
                                }
                                Some(html)
                            }
                        }
                    };
                    if let Some(html) = html {
                        self.emit(sink, Some(i), Some(i), &p.url, html)?;
                    }
                    let mut n = 1;
                    if let Some(h) = self.history {
                        n += self.render_history_page(i, &page, h, blobs.as_ref(), sink)?;
                    }
                    Ok(n)
                },
            )
            // Every result, then the first error in page order: rayon's own collect into a
            // `Result` returns whichever error a thread met first, which varies from run to run.
            .collect::<Vec<Result<usize, Diagnostic>>>()
            .into_iter()
            .sum::<Result<usize, Diagnostic>>()?;
        Ok(pages)
    }

    /// The footer line of page `i`: when it last changed, by whom, and its history page.
    pub(super) fn history_summary(
        &self,
        h: &History,
        i: usize,
    ) -> Option<revisions::HistorySummary> {
        let p = &self.cx.site.pages[i];
        revisions::summary(h, &p.url, h.page(&p.src.path), self.repo_url())
    }

    /// Render the history page of page `i`.
    pub(super) fn render_history_page(
        &self,
        i: usize,
        page: &context::PageCtx<'_>,
        history: &History,
        blobs: Option<&BlobReader>,
        sink: &Sink<'_>,
    ) -> Result<usize, Diagnostic> {
        let p = &self.cx.site.pages[i];
        let Some(h) = history.page(&p.src.path) else {
            return Ok(0);
        };
        let url = revisions::history_url(&p.url);
        // What it shows of the page: its key stands for the page in the keys below.
        let page = context::HistoryPageCtx::of(page);
        let page_key = key_of(&[&page]);
        // Everything this page depends on: the page, its revisions (by commit and blob), the
        // sidebar window, and what every page depends on.
        let revs: Vec<(
            &str,
            &Option<String>,
            &Option<String>,
            &crate::history::ChangeKind,
        )> = h
            .revisions
            .iter()
            .map(|r| {
                (
                    history.commits[r.commit].id.as_str(),
                    &r.old_blob,
                    &r.new_blob,
                    &r.kind,
                )
            })
            .collect();
        let key = key_of(&[
            &self.const_key,
            &url,
            &page_key,
            &revs,
            &self.repo_url(),
            &self.window_key(None),
        ]);
        if self.versions.is_none() && self.take_previous(sink, &url, Some((&url, key)))? {
            return Ok(1);
        }
        // The same history page in another version of this build.
        // Another version has this page when everything above, and the canonical link
        // (`base`), are the same.
        let shared_key = self.versions.map(|_| {
            key_of(&[
                &self.const_key,
                &url,
                &page_key,
                &revs,
                &self.repo_url(),
                &self.canonical(&url, Some(i), true),
                // A sidebar put in afterwards does not count.
                &(!self.splice_sidebar).then(|| self.window_key(None)),
            ])
        });
        // With versions: the previous build's file when nothing in it changed, else this
        // page as another version rendered it. Its menu follows the page's renames.
        let vctx = self
            .versions
            .map(|v| v.history_context(&url, &p.src.path, &h.old_paths));
        let file = shared_key.and_then(|k| self.version_file(vctx.as_ref(), None, &url, k));
        if self.take_previous(sink, &url, file.as_ref().map(|(f, k)| (f.as_str(), *k)))? {
            return Ok(1);
        }
        if let (Some(shared), Some(shared_key)) = (self.shared, shared_key)
            && let Some(bytes) = shared.get(shared_key)
        {
            self.emit_with(sink, vctx.as_ref(), None, &url, &bytes)?;
            if let (Some(reuse), Some((full, key))) = (self.reuse, &file) {
                reuse.keep(full, *key);
            }
            return Ok(1);
        }
        let mut warnings = Vec::new();
        let lang = self.cx.page_lang(i);
        let revisions = revisions::revisions(
            history,
            &h.revisions,
            &revisions::Diffs {
                blobs,
                count: self.cx.config.wiki.history.diffs,
                cache: self.shared.map(|s| &s.diffs),
                aliases: &self.cx.config.wiki.front_matter,
                show: &|field: &str, value: &str| super::note_values::shown(&self.cx, field, value),
                words: &|k: &str| self.cx.words.text(&lang, k, &[]),
            },
            self.repo_url(),
            &mut warnings,
        );
        let revisions = self.cx.translate_revisions(revisions, &lang);
        if warnings.is_empty() {
            // Only pages that rendered without warnings are reused, so warnings never vanish.
            if let Some(reuse) = self.reuse {
                match &file {
                    Some((full, key)) => reuse.keep(full, *key),
                    None if self.versions.is_none() => reuse.keep(&url, key),
                    None => {}
                }
            }
        } else {
            let mut w = self.warnings.lock().unwrap_or_else(|e| e.into_inner());
            w.extend(
                warnings
                    .into_iter()
                    .map(|m| Diagnostic::warning("history", m).in_file(&p.src.display)),
            );
        }
        let mut ctx = self.base(&url, p.kind().name(), None);
        ctx.insert("lang", &lang);
        ctx.insert("canonical_url", &self.canonical(&url, Some(i), true));
        ctx.insert("page", &page);
        ctx.insert("revisions", &revisions);
        ctx.insert("diffs", &self.cx.config.wiki.history.diffs);
        let html = self.render(
            "history.html",
            &ctx,
            &format!("the history of {}", p.src.display),
        )?;
        if let (Some(shared), Some(shared_key)) = (self.shared, shared_key) {
            shared.put(shared_key, html.clone());
        }
        self.emit_with(sink, vctx.as_ref(), None, &url, &html)?;
        Ok(1)
    }
}
