//! The live server's reload: a save that changes what other pages show of a page (its title or
//! other front matter, its links, a folder's index page, several pages at once) but keeps the
//! set of files.
//!
//! The model is loaded again by the loader every build uses ([`crate::wiki::load`]), so it is
//! the same model a full build of these files makes: one source of truth, no second way of
//! building it. What makes that cheap is what the loader already reuses: the page cache, read
//! once and kept in memory, finds every unchanged file's parse and rendering by the hash of its
//! bytes (a rendering only while the answers it got from the model, such as a linked page's
//! title, are still the same); and the history of the last build is kept as it was
//! ([`HistoryMode::Kept`]): no commit was made, only the saved pages' `uncommitted` flags change.
//!
//! The saved pages are then rendered from the new model and written in place at once, and the
//! rest of the site, which may show them anywhere (the contents in every page's sidebar, index
//! pages, backlinks, owners' pages, the dashboard, the home page), is left to a [`CatchUp`]:
//! the full build's writing of the whole site from this model, in the background. Until it is
//! done the server holds back requests for every other page (see `serve::fresh`), so no stale
//! page is ever shown.
//!
//! Measured on 10,000 generated pages: a reload takes about 0.3 s (reading and hashing every
//! file, the page cache's lookups, the model), rendering the saved page a few milliseconds,
//! while writing the whole site takes about 10 s; working out which of its pages can differ
//! would be a second description of what every template shows, kept beside the templates,
//! and for a title in the contents it is every page anyway.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use super::{CatchUp, LiveSite, Outcome, mark_uncommitted, write_only};
use crate::diagnostics::Diagnostics;
use crate::model::Site;
use crate::wiki::{
    At, Caches, ConfigFrom, HistoryMode, Links, LoadOptions, Place, Strictness, Wiki,
};

impl LiveSite {
    /// Load the model again after the pages `rels` were saved, write those pages, and hand the
    /// rest of the site to a catch-up. A full build instead when the files are no longer the
    /// same set (or anything else the full build would handle differently).
    pub(super) fn reload(&mut self, rels: &[String], out: &Path) -> Outcome {
        let start = Instant::now();
        let old = self.loaded.clone();
        let root = old.config.root.clone();
        let place = Place::find(&root);
        let mut diags = Diagnostics::new();
        // The caches as the full build uses them, but never written from here: the full build
        // writes them.
        let caches = Caches::new(&root).read_only().trusted(&place, &mut diags);
        if self.model_cache.is_none() {
            self.model_cache = caches.model_cache(&old.config);
        }
        let mut history = old.history.clone();
        if let Some(h) = history.as_mut() {
            mark_uncommitted(h, &self.content, rels);
        }
        let opts = LoadOptions {
            at: At::WorkingTree,
            strictness: Strictness::Build,
            today: self.today,
            judged_on: None,
            history: match &history {
                Some(h) => HistoryMode::Kept(h),
                None => HistoryMode::Skip,
            },
            caches: &caches,
            model_cache: self.model_cache.as_deref(),
            links: Links::Own,
            // The branches did not change: a ref that moves is a full build.
            proposals: false,
            config: ConfigFrom::Own,
        };
        let loaded = crate::wiki::load(&place, &opts, &mut diags);
        crate::timing::stage("live: model reloaded", start);
        let mut wiki = match loaded {
            Ok((w, _)) => w,
            Err(d) => {
                return Outcome::NeedsFullBuild(format!("the wiki does not load: {}", d.message));
            }
        };
        if diags.has_errors() {
            return Outcome::NeedsFullBuild("the change has errors".into());
        }
        if let Some(why) = different_files(&old, &wiki) {
            return Outcome::NeedsFullBuild(why);
        }
        wiki.proposals = old.proposals.clone();
        // The saved pages that have a page of their own, rendered now.
        let only: HashSet<usize> = rels
            .iter()
            .filter_map(|r| wiki.site.by_path.get(r).copied())
            .collect();
        let mut warnings = Diagnostics::new();
        let files = match write_only(&wiki, &self.theme, &only, out, &mut warnings) {
            Ok(f) => f,
            Err(d) => return Outcome::NeedsFullBuild(format!("rendering failed: {}", d.message)),
        };
        crate::timing::stage("live: saved pages written", start);
        // What the full build would say of the saved files (the others' warnings were shown
        // by the build that read them).
        let saved: HashSet<String> = rels
            .iter()
            .filter_map(|r| wiki.site.by_path.get(r).map(|&i| &wiki.site.pages[i]))
            .map(|p| p.src.display.clone())
            .collect();
        let mut about = Diagnostics::new();
        about.extend(
            diags
                .iter()
                .chain(warnings.iter())
                .filter(|d| d.file.as_ref().is_some_and(|f| saved.contains(f)))
                .cloned(),
        );
        let wiki = Arc::new(wiki);
        self.loaded = wiki.clone();
        Outcome::Updated {
            files,
            warnings: about,
            catch_up: Some(CatchUp::new(wiki, self.theme.clone())),
        }
    }
}

/// Why `new` may not be the same set of pages as `old` (a page's address, a draft, a file that
/// no longer parses), or `None`. The catch-up writes a whole new site, so other files (a new
/// tag's page) are no danger; but the pages written at once, and the server's idea of which
/// addresses are current, assume every page is where it was.
fn different_files(old: &Wiki, new: &Wiki) -> Option<String> {
    let (a, b): (&Site, &Site) = (&old.site, &new.site);
    if a.pages.len() != b.pages.len()
        || a.pages.iter().zip(&b.pages).any(|(p, q)| {
            p.src.path != q.src.path || p.url != q.url || p.role != q.role || p.kind() != q.kind()
        })
    {
        return Some("the pages or their addresses changed".into());
    }
    if a.assets != b.assets || a.draft_paths != b.draft_paths || a.failed != b.failed {
        return Some("the files changed".into());
    }
    if a.urls != b.urls {
        return Some("the addresses changed".into());
    }
    None
}
