//! Pages rendered for one version of a site and reused by the other versions.

use std::collections::HashMap;
use std::sync::Mutex;

use super::revisions;

/// A rendered page or part of one, shared between threads (and versions).
pub(super) type Html = std::sync::Arc<Vec<u8>>;

/// Pages rendered for one version and reusable by the others: a page whose context is the same
/// in two versions (same text, history, neighbours and sidebar) renders once. The version menu
/// and banner are put in afterwards, so they do not count.
///
/// Versions render one after the other, oldest first, and a page the same in two versions is
/// almost always the same in the versions between them. So a page is kept only while the
/// version being rendered or the one before it used it ([`SharedPages::next_version`]): ten
/// versions then hold about two versions' pages in memory, not ten.
#[derive(Debug, Default)]
pub struct SharedPages {
    /// Page key → (its rendering, the last version that rendered or took it).
    pages: Mutex<HashMap<u64, (Html, usize)>>,
    /// The version being rendered (counted from 0).
    version: std::sync::atomic::AtomicUsize,
    /// Pages taken from another version, and pages rendered (for `STRATWIKI_TIMINGS`).
    pub hits: std::sync::atomic::AtomicUsize,
    /// Pages rendered because no version had them yet.
    pub misses: std::sync::atomic::AtomicUsize,
    /// Rendered diffs, for the history pages of every version.
    pub(super) diffs: revisions::DiffCache,
}

impl SharedPages {
    /// The page another version rendered with this key.
    pub(super) fn get(&self, key: u64) -> Option<std::sync::Arc<Vec<u8>>> {
        let version = self.version.load(std::sync::atomic::Ordering::Relaxed);
        let hit = self
            .pages
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get_mut(&key)
            .map(|(html, used)| {
                *used = version;
                html.clone()
            });
        let counter = if hit.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        hit
    }

    /// Keep a rendered page for the other versions.
    pub(super) fn put(&self, key: u64, html: impl Into<std::sync::Arc<Vec<u8>>>) {
        let version = self.version.load(std::sync::atomic::Ordering::Relaxed);
        self.pages
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, (html.into(), version));
    }

    /// The next version starts: forget the pages the version just finished did not use. With
    /// `keep`, the finished one is the default version, rendered again at the site root at the
    /// end (maybe after other versions): its pages stay until then.
    pub fn next_version(&self, keep: bool) {
        let finished = self
            .version
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.pages
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|_, (_, used)| {
                if keep && *used == finished {
                    *used = usize::MAX;
                }
                *used >= finished
            });
    }

    /// How many pages are kept now.
    pub fn len(&self) -> usize {
        self.pages.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// No page is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::SharedPages;

    #[test]
    fn shared_pages_keep_what_the_last_version_used() {
        let shared = SharedPages::default();
        shared.put(1, b"one".to_vec());
        shared.put(2, b"two".to_vec());
        shared.next_version(false);
        // The second version takes page 1 only.
        assert_eq!(
            shared.get(1).as_deref().map(Vec::as_slice),
            Some(&b"one"[..])
        );
        shared.put(3, b"three".to_vec());
        shared.next_version(true);
        // Page 2 was not used by the second version: forgotten. 1 and 3 stay for the third.
        assert_eq!(shared.len(), 2);
        assert!(shared.get(2).is_none());
        assert_eq!(shared.hits.load(std::sync::atomic::Ordering::Relaxed), 1);
        assert_eq!(shared.misses.load(std::sync::atomic::Ordering::Relaxed), 1);
        // The second was the default version: its pages outlive the versions after it.
        shared.next_version(false);
        shared.next_version(false);
        assert!(shared.get(1).is_some() && shared.get(3).is_some());
    }
}
