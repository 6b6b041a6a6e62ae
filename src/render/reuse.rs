//! Reuse of the previous build: unchanged pages and whole editions taken as they are.

use serde::Serialize;
use std::collections::HashMap;
use std::sync::Mutex;

/// Reuse of unchanged history pages from the previous build. A history page with diffs is the
/// most expensive page to render (old revisions read from git and diffed); when everything it
/// depends on hashes the same as last time, the previous build's file is taken as it is.
#[derive(Debug, Default)]
pub struct Reuse {
    /// The previous site.
    pub previous: std::path::PathBuf,
    /// URL → key of the previous build.
    pub old: HashMap<String, u64>,
    /// URL → key of this build.
    pub new: Mutex<HashMap<String, u64>>,
    /// Editions of the previous build, by folder (`v1/`, `""` for the site root's).
    pub editions_old: HashMap<String, Edition>,
    /// Editions of this build that a later build may take whole.
    pub editions_new: Mutex<HashMap<String, Edition>>,
}

/// One edition of a site with several versions, as a build wrote it: enough to take its folder
/// whole into a later build whose edition has the same key, without loading that version.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct Edition {
    /// Hash of everything the edition's files are made from, with every version's commit
    /// (see `build::EditionPlan`): known before any version is loaded.
    pub key: u64,
    /// The same, with the other versions' pages and URLs in place of their commits: known once
    /// the versions are loaded, and the same when another version changed only its text.
    #[serde(default)]
    pub view_key: u64,
    /// HTML pages it wrote.
    pub pages: usize,
    /// Other files it wrote.
    pub files: usize,
    /// The warning its version's own problems gave (only for an edition in its own folder).
    pub warning: Option<String>,
    /// What the other editions' menus need of its version (only for an edition in its own
    /// folder): a later build that takes this edition whole need not load its version.
    #[serde(default)]
    pub tables: Option<crate::versions::UrlTables>,
    /// The key of what `tables` were made from (see `build::EditionPlan::tables_key`).
    #[serde(default)]
    pub tables_key: u64,
}

impl Reuse {
    /// Record that `url` was written with `key` in this build.
    pub fn keep(&self, url: &str, key: u64) {
        self.new
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(url.to_string(), key);
    }
}
