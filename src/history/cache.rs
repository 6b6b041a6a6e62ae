//! The history cache: each main-line commit's changes, keyed by commit id.
//!
//! A commit never changes, so what it changed under the content folder is computed once. The
//! file records a format version and the content folder it was made for; a file from another
//! version, another folder, or one that does not parse is ignored and rewritten, so changing the
//! format never needs a manual clean.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::walk::CommitChanges;

/// Bump when [`CommitChanges`] or its meaning changes.
const VERSION: u32 = 4;

#[derive(Serialize, Deserialize)]
struct File {
    version: u32,
    prefix: String,
    /// The shallow-clone roots when it was written: after `git fetch --unshallow` the boundary
    /// commits have parents again, so the cache no longer describes them.
    #[serde(default)]
    shallow: Vec<String>,
    commits: Vec<CommitChanges>,
}

/// [`File`] as written: the commits borrowed, not copied, so saving costs no second copy of
/// the history in memory.
#[derive(Serialize)]
struct FileRef<'a> {
    version: u32,
    prefix: &'a str,
    shallow: &'a [String],
    commits: Vec<&'a CommitChanges>,
}

/// Commit id → its changes.
#[derive(Debug, Default)]
pub struct Cache {
    prefix: String,
    shallow: Vec<String>,
    commits: HashMap<String, CommitChanges>,
    /// The main line as of the last save, newest first.
    order: Vec<String>,
}

impl Cache {
    /// Load the cache at `path` for content prefix `prefix`; empty when missing or stale.
    pub fn load(path: &Path, prefix: &str, shallow: &[git2::Oid]) -> Cache {
        let shallow: Vec<String> = shallow.iter().map(|o| o.to_string()).collect();
        let empty = Cache {
            prefix: prefix.to_string(),
            shallow: shallow.clone(),
            commits: HashMap::new(),
            order: Vec::new(),
        };
        let Ok(bytes) = std::fs::read(path) else {
            return empty;
        };
        match serde_json::from_slice::<File>(&bytes) {
            Ok(f) if f.version == VERSION && f.prefix == prefix && f.shallow == shallow => Cache {
                prefix: f.prefix,
                shallow,
                order: f.commits.iter().map(|c| c.id.clone()).collect(),
                commits: f.commits.into_iter().map(|c| (c.id.clone(), c)).collect(),
            },
            _ => empty,
        }
    }

    /// The main line (newest first) as of the last save; empty when unknown.
    pub fn order(&self) -> &[String] {
        &self.order
    }

    /// True when the commit is cached.
    pub fn contains(&self, id: &str) -> bool {
        self.commits.contains_key(id)
    }

    /// The cached changes of a commit.
    pub fn get(&self, id: &str) -> Option<&CommitChanges> {
        self.commits.get(id)
    }

    /// Add a commit's changes.
    pub fn insert(&mut self, c: CommitChanges) {
        self.commits.insert(c.id.clone(), c);
    }

    /// Write the commits of `keep` (in that order) atomically: a temporary file, then a rename.
    pub fn save(&self, path: &Path, keep: &[git2::Oid]) -> std::io::Result<()> {
        let commits: Vec<&CommitChanges> = keep
            .iter()
            .filter_map(|id| self.commits.get(&id.to_string()))
            .collect();
        let file = FileRef {
            version: VERSION,
            prefix: &self.prefix,
            shallow: &self.shallow,
            commits,
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
        // Streamed to the file: no buffer of the whole JSON.
        let mut out = std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(&tmp)?);
        serde_json::to_writer(&mut out, &file).map_err(std::io::Error::other)?;
        std::io::Write::flush(&mut out)?;
        drop(out);
        std::fs::rename(&tmp, path)
    }
}
