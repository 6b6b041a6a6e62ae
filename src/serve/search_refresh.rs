//! Keeping the live server's search index current without slowing down a save.
//!
//! Indexing takes seconds on a large wiki, so builds in `serve` copy the index they find (see
//! `search_bundle` in `build.rs`) and never wait for Pagefind. After each build or update the
//! server asks [`SearchRefresh::check`] whether the pages' search records still match the index
//! being served; when they do not, a thread of its own builds a new index from a snapshot of the
//! records and puts it into the served site, its `pagefind-entry.json` last (each file replaced by
//! a rename), while holding the site lock that builds also hold, so a full build never swaps the
//! folder under it. Browsers pick the new index up at their next page load.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use crate::live::LiveSite;

/// The state shared by the watcher and the indexing thread.
#[derive(Clone, Default)]
pub struct SearchRefresh {
    /// Key of the index now in the served site (see [`crate::search::key`]).
    served: Arc<Mutex<Option<u64>>>,
    /// An indexing thread is running.
    busy: Arc<AtomicBool>,
    /// Held while the site folder is written: by builds, and by the indexer putting files in.
    pub site_lock: Arc<Mutex<()>>,
}

impl SearchRefresh {
    /// Note the key of the index a build wrote from `live`'s records (the server's first build).
    pub fn built(&self, live: &LiveSite) {
        let (records, language) = live.search_records();
        *self.served.lock().unwrap_or_else(|e| e.into_inner()) =
            Some(crate::search::key(&records, &language));
    }

    /// Start indexing when `live`'s records differ from the served index and no indexing is
    /// running. Returns whether it started.
    pub fn check(&self, live: &LiveSite, out: &std::path::Path) -> bool {
        if !live.search_enabled() {
            return false;
        }
        let (records, language) = live.search_records();
        let key = crate::search::key(&records, &language);
        if *self.served.lock().unwrap_or_else(|e| e.into_inner()) == Some(key)
            || self.busy.swap(true, Ordering::SeqCst)
        {
            return false;
        }
        let this = self.clone();
        let dir: PathBuf = out.join("pagefind");
        std::thread::spawn(move || {
            if let Ok(files) = crate::search::bundle(&records, &language) {
                let _site = this.site_lock.lock().unwrap_or_else(|e| e.into_inner());
                // The entry file names the others: it goes last.
                let (entry, rest): (Vec<_>, Vec<_>) = files
                    .into_iter()
                    .partition(|(name, _)| name == "pagefind-entry.json");
                let written = rest.iter().chain(&entry).all(|(name, bytes)| {
                    crate::live::write_in_place(&dir.join(name), bytes).is_ok()
                });
                if written {
                    *this.served.lock().unwrap_or_else(|e| e.into_inner()) = Some(key);
                }
            }
            this.busy.store(false, Ordering::SeqCst);
        });
        true
    }
}
