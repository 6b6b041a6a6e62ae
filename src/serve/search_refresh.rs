//! Keeping the live server's search index current without slowing down a save.
//!
//! Indexing takes seconds on a large wiki, so builds in `serve` copy the index they find (see
//! `write_index` in `output/outputs/search.rs`) and never wait for Pagefind. After each build or
//! update the server asks [`SearchRefresh::check`] whether the pages' search records still match
//! the index being served, shard by shard (see [`crate::search::shard`]); when some do not, a
//! thread of its own re-indexes only those shards from a snapshot of their records and puts
//! them into the served site, each shard's `pagefind-entry.json` last and the shard list last
//! of all (each file replaced by a rename), while holding the site lock that builds also hold,
//! so a full build never swaps the folder under it. Browsers pick the new index up at their
//! next page load.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use crate::live::LiveSite;
use crate::search::{Record, shard};

/// The shards of an index: (folder inside `pagefind/`, key of its records, its records, the
/// chunk size of its word index).
type Shards = Vec<(String, u64, Vec<Record>, usize)>;

/// `records` dealt into their shards, with each shard's key: the same split and keys as a
/// build's (an empty shard other than the primary is left out, as a build leaves it out).
fn shards(records: Vec<Record>, language: &str) -> Shards {
    let count = shard::count_for(records.iter().map(|r| r.url.as_str()), shard::max_pages());
    let chunk = shard::chunk_size(records.len(), shard::max_pages());
    let mut split: Vec<Vec<Record>> = (0..count).map(|_| Vec::new()).collect();
    for r in records {
        let i = shard::of(&r.url, count);
        split[i].push(r);
    }
    split
        .into_iter()
        .enumerate()
        .filter(|(i, records)| *i == 0 || !records.is_empty())
        .map(|(i, records)| {
            let key = crate::search::key(&records, language, chunk);
            (shard::dir(i), key, records, chunk)
        })
        .collect()
}

/// The shards' folders and keys: what an index is made of.
type Keys = Vec<(String, u64)>;

/// The shards' folders and keys of `shards`.
fn keys(shards: &Shards) -> Keys {
    shards.iter().map(|(d, k, ..)| (d.clone(), *k)).collect()
}

/// The state shared by the watcher and the indexing thread.
#[derive(Clone, Default)]
pub struct SearchRefresh {
    /// Folder and key of each shard of the index now in the served site (see
    /// [`crate::search::key`]).
    served: Arc<Mutex<Option<Keys>>>,
    /// An indexing thread is running.
    busy: Arc<AtomicBool>,
    /// Held while the site folder is written: by builds, and by the indexer putting files in.
    pub site_lock: Arc<Mutex<()>>,
}

impl SearchRefresh {
    /// Note the keys of the index a build wrote from `live`'s records (the server's first build).
    pub fn built(&self, live: &LiveSite) {
        let (records, language) = live.search_records();
        *self.served.lock().unwrap_or_else(|e| e.into_inner()) =
            Some(keys(&shards(records, &language)));
    }

    /// Start indexing when `live`'s records differ from the served index and no indexing is
    /// running. Returns whether it started.
    pub fn check(&self, live: &LiveSite, out: &std::path::Path) -> bool {
        if !live.search_enabled() {
            return false;
        }
        let (records, language) = live.search_records();
        let shards = shards(records, &language);
        let wanted = keys(&shards);
        let served = self
            .served
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        if served.as_ref() == Some(&wanted) || self.busy.swap(true, Ordering::SeqCst) {
            return false;
        }
        let served = served.unwrap_or_default();
        let this = self.clone();
        let dir: PathBuf = out.join("pagefind");
        std::thread::spawn(move || {
            let others: Vec<String> = wanted.iter().skip(1).map(|(d, _)| d.clone()).collect();
            let mut written = true;
            let (total, mut indexed) = (shards.len(), 0);
            for (sub, key, records, chunk) in shards {
                if served.contains(&(sub.clone(), key)) {
                    continue;
                }
                indexed += 1;
                let primary = sub.is_empty();
                let Ok(files) = crate::search::bundle(&records, &language, chunk) else {
                    written = false;
                    continue;
                };
                drop(records);
                let _site = this.site_lock.lock().unwrap_or_else(|e| e.into_inner());
                // The entry file names the others: it goes last.
                let (entry, rest): (Vec<_>, Vec<_>) = files
                    .into_iter()
                    .filter(|(name, _)| shard::keeps(name, primary))
                    .partition(|(name, _)| name == "pagefind-entry.json");
                written &= rest.iter().chain(&entry).all(|(name, bytes)| {
                    crate::live::write_in_place(&dir.join(&sub).join(name), bytes).is_ok()
                });
            }
            if written {
                let _site = this.site_lock.lock().unwrap_or_else(|e| e.into_inner());
                written = crate::live::write_in_place(
                    &dir.join(shard::MANIFEST),
                    &shard::manifest(&others),
                )
                .is_ok();
            }
            if written {
                *this.served.lock().unwrap_or_else(|e| e.into_inner()) = Some(wanted);
            }
            crate::timing::note(format_args!(
                "search refresh: {indexed} of {total} shards indexed"
            ));
            this.busy.store(false, Ordering::SeqCst);
        });
        true
    }
}
