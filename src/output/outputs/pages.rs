//! The HTML pages: content pages, their history pages, tag pages, the indexes, the recent
//! changes, a version's changes page, and redirects from pages' earlier names.

use super::{Output, Written};
use crate::diagnostics::Diagnostic;
use crate::output::job::{Job, Writer};
use crate::output::plan::Plan;
use crate::render::generated::{Origin, planned_files};

/// The HTML pages (see the module documentation).
pub struct Pages;

impl Output for Pages {
    fn name(&self) -> &'static str {
        "pages"
    }

    fn plan(&self, job: &Job<'_>, plan: &mut Plan) {
        let site = job.site;
        let files = planned_files(
            site,
            job.config,
            job.history.is_some(),
            job.proposals().is_some(),
        );
        for f in files {
            let claim = match &f.what {
                Origin::Page(i) => {
                    let display = &site.pages[*i].src.display;
                    job.claim(self.name(), format!("the page `{display}`"))
                        .at(display.clone(), None)
                }
                Origin::HistoryPage(i) => {
                    let display = &site.pages[*i].src.display;
                    job.claim(self.name(), format!("the history page of `{display}`"))
                        .at(display.clone(), None)
                }
                Origin::Tag(slug) => {
                    let tag = &site.tags[slug];
                    let claim = job.claim(self.name(), format!("the page of tag `{}`", tag.name));
                    match tag.pages.first() {
                        Some(&i) => claim.at(site.pages[i].src.display.clone(), None),
                        None => claim,
                    }
                }
                Origin::Generated(what) => job.claim(self.name(), *what),
                // Written by their own outputs.
                Origin::Feed | Origin::OpenData | Origin::Print => continue,
            };
            plan.file(&job.path(&f.path), claim);
        }
        if let Some((url, cmp)) = job.changes {
            let what = format!("the page of changes since {}", cmp.base);
            plan.file(&job.path(url), job.claim(self.name(), what));
        }
    }

    /// Redirects give way: an earlier name where a page, a generated page or a copied file
    /// is now gets none, with a warning (once, for the site's top) saying so.
    fn plan_late(&self, job: &Job<'_>, plan: &mut Plan) {
        let Some(h) = job.history else {
            return;
        };
        let site = job.site;
        let mut kept = Vec::new();
        for r in crate::render::redirect_candidates(site, h) {
            let page = &site.pages[r.page];
            let claim = job
                .claim(
                    self.name(),
                    format!(
                        "the redirect from `{}` to `{}`",
                        r.old_path, page.src.display
                    ),
                )
                .at(page.src.display.clone(), None);
            match plan.file_if_free(&job.path(&r.old_url), claim) {
                Ok(()) => kept.push(r),
                Err(other) => {
                    // The page itself lives at its earlier URL again, or another page that had
                    // the same earlier name has the redirect: nothing lost.
                    let itself = other.as_ref().is_some_and(|o| {
                        o.gives_way || o.file.as_deref() == Some(page.src.display.as_str())
                    });
                    if job.prefix.is_empty() && !itself {
                        let by = other.map_or_else(
                            || "it cannot be a file name".to_string(),
                            |o| format!("it is {}", o.what),
                        );
                        plan.push(
                            Diagnostic::warning(
                                "redirect",
                                format!(
                                    "no redirect from the earlier name `{}` (`{}`): {by}; links to the old address lead there now",
                                    r.old_path, r.old_url
                                ),
                            )
                            .in_file(page.src.display.clone()),
                        );
                    }
                }
            }
        }
        plan.set_redirects(&job.prefix, kept);
    }

    fn write(&self, job: &Job<'_>, out: &Writer<'_>) -> Result<Written, Vec<Diagnostic>> {
        let sink = |rel: &str, content| out.send(self.name(), rel, content);
        let r = out.renderer;
        let mut pages = r.render_html(&sink).map_err(|d| vec![d])?;
        if let Some((url, cmp)) = job.changes {
            pages += r
                .render_version_changes(url, cmp, &sink)
                .map_err(|d| vec![d])?;
        }
        if let Some(shared) = job.shared {
            // The default version's folder: the site root renders the same pages last.
            let default = job
                .versions
                .as_ref()
                .is_some_and(|v| v.current == v.default && !v.at_root);
            shared.next_version(default);
            if crate::timing::enabled() {
                use std::sync::atomic::Ordering::Relaxed;
                eprintln!(
                    "timing: version `{}`: {} pages taken from another version so far, {} rendered, {} kept",
                    job.prefix.trim_end_matches('/'),
                    shared.hits.load(Relaxed),
                    shared.misses.load(Relaxed),
                    shared.len()
                );
            }
        }
        Ok(Written {
            pages,
            files: 0,
            warnings: r.take_warnings(),
        })
    }
}
