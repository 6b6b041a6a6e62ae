//! The wiki's cache folder, `.stratwiki-cache/`: the history cache, the page cache, and the
//! previous build's page keys. Caches make rebuilds fast and never change what is built.
//!
//! `build` reads and writes them; `check` may read them but writes nothing at all, so running
//! it leaves the wiki's folder exactly as it found it ([`Caches::read_only`]).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Place;
use crate::config::Config;
use crate::content::cache::ModelCache;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Where one wiki's caches are, and whether this run may write them. Whether the wiki keeps
/// caches at all is its configuration's `[wiki.history] cache` (on by default).
#[derive(Debug, Clone)]
pub struct Caches {
    dir: PathBuf,
    /// This run may write the caches (`build`, `serve`; not `check`).
    write: bool,
    /// The folder may be used at all: it is this machine's own, not something the repository
    /// brought (see [`Caches::trusted`]).
    usable: bool,
}

impl Caches {
    /// The caches of the wiki at `root`, written by this run.
    pub fn new(root: &Path) -> Caches {
        Caches {
            dir: root.join(".stratwiki-cache"),
            write: true,
            usable: true,
        }
    }

    /// The same caches, unless the folder came with the repository (a file in it is committed)
    /// or is a symbolic link: then it is neither read nor written, with a warning. A pull
    /// request could otherwise hand the build its own "parsed" pages (HTML that was never
    /// sanitised) or histories, or lead the cache writes out of the wiki.
    pub fn trusted(mut self, place: &Place, diags: &mut Diagnostics) -> Caches {
        let why = if std::fs::symlink_metadata(&self.dir).is_ok_and(|m| m.file_type().is_symlink())
        {
            Some("it is a symbolic link")
        } else if committed(place) {
            Some("the repository holds files in it (it must not be committed)")
        } else {
            None
        };
        if let Some(why) = why {
            diags.push(
                Diagnostic::warning(
                    "cache",
                    format!(
                        "the cache folder `.stratwiki-cache` is not used: {why}; the build reads everything afresh"
                    ),
                )
                .in_file(".stratwiki-cache"),
            );
            self.usable = false;
            self.write = false;
        }
        self
    }

    /// The caches of one language of a multilingual wiki (its own pages and history): the
    /// default language's are the wiki's, another's are in a folder of their own.
    pub fn for_language(&self, code: &str, default: bool) -> Caches {
        let mut c = self.clone();
        if !default {
            c.dir = self.dir.join(format!("lang-{code}"));
        }
        c
    }

    /// True when the caches may be read at all.
    pub fn usable(&self) -> bool {
        self.usable
    }

    /// The same caches, read but never written (`check`).
    pub fn read_only(mut self) -> Caches {
        self.write = false;
        self
    }

    /// True when this run may write the caches.
    pub fn writes(&self) -> bool {
        self.write
    }

    /// The history cache's file, when `config` keeps one (`[wiki.history] enabled` and
    /// `cache`).
    pub fn history_file(&self, config: &Config) -> Option<PathBuf> {
        let hc = &config.wiki.history;
        (self.usable && hc.enabled && hc.cache).then(|| self.dir.join("history.bin"))
    }

    /// The history cache's file for the editions of a build whose current configuration is
    /// `current`: kept when it keeps caches, whether or not its own history is on (an edition's
    /// `book.toml` may turn it on).
    pub fn edition_history_file(&self, current: &Config) -> Option<PathBuf> {
        current
            .wiki
            .history
            .cache
            .then(|| self.dir.join("history.bin"))
            .filter(|_| self.usable)
    }

    /// The file of goals' values by blob id (`crate::history::series`), when `config` keeps
    /// caches. Saved only by a run that writes caches.
    pub fn series_file(&self, config: &Config) -> Option<PathBuf> {
        (self.usable && config.wiki.history.cache).then(|| self.dir.join("series.json"))
    }

    /// The page cache's file ([`ModelCache`]).
    fn model_file(&self) -> PathBuf {
        self.dir.join("parsed.bin")
    }

    /// The page cache, read from its file (empty when there is none), when `config` keeps
    /// caches.
    pub fn model_cache(&self, config: &Config) -> Option<Arc<ModelCache>> {
        (self.usable && config.wiki.history.cache).then(|| {
            let t = std::time::Instant::now();
            let c = ModelCache::load(&self.model_file());
            crate::timing::stage("page cache read", t);
            Arc::new(c)
        })
    }

    /// Write the page cache on a thread of its own, when this run changed it and may write.
    pub fn save_model_cache(&self, cache: Option<&Arc<ModelCache>>) {
        if !self.write {
            return;
        }
        if let Some(c) = cache.filter(|c| c.changed()).cloned() {
            let path = self.model_file();
            crate::history::save_in_background("page cache", path.clone(), move || c.save(&path));
        }
    }

    /// The file of the previous build's page keys.
    pub fn reuse_file(&self) -> PathBuf {
        self.dir.join("pages.json")
    }
}

/// True when the commit checked out has files under the wiki's `.stratwiki-cache/`.
fn committed(place: &Place) -> bool {
    let Ok(repo) = place.open() else {
        return false;
    };
    let path = place.in_repo(".stratwiki-cache");
    repo.head()
        .and_then(|h| h.peel_to_tree())
        .is_ok_and(|t| t.get_path(std::path::Path::new(&path)).is_ok())
        || repo.index().is_ok_and(|i| {
            let prefix = format!("{path}/");
            i.iter().any(|e| e.path.starts_with(prefix.as_bytes()))
        })
}
