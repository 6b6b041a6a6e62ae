//! Bringing the history saved by the last build up to `HEAD`: only the commits made since are
//! read and assembled, then put before the saved history.

use std::collections::HashMap;
use std::path::Path;

use git2::{Oid, Repository};

use super::assemble::assemble;
use super::people::People;
use super::walk::{self, CommitChanges};
use super::{History, cache, snapshot};

/// How the saved history is brought up to date on disk.
pub(super) enum SnapshotSave {
    /// The file written whole.
    Whole(Vec<u8>),
    /// A batch appended to it, when it still has the length it was read with.
    Append(Vec<u8>, u64),
}

/// What [`from_snapshot`] made.
pub(super) struct SnapshotUpdate {
    /// The whole history, saved part and new part.
    pub(super) history: History,
    /// HEAD, which the history is now as of.
    pub(super) head: Oid,
    /// The commit the saved history was as of.
    pub(super) base: Oid,
    /// Main-line commits in all.
    pub(super) mainline: usize,
    /// The new main-line commits, newest first, and their changes.
    pub(super) new_ids: Vec<Oid>,
    pub(super) changes: Vec<CommitChanges>,
    /// Of the history's commits, how many are new (they come first).
    pub(super) new_commits: usize,
    /// Pages the new commits touched, and where the new commits renamed paths to.
    pub(super) touched: Vec<String>,
    pub(super) alias: HashMap<String, String>,
    /// Batches the saved history's file had, its length, and whether it was read whole.
    pub(super) batches: usize,
    pub(super) len: u64,
    pub(super) whole: bool,
}

/// The saved history `snap` brought up to HEAD, when HEAD descends from its commit along first
/// parents (at most a few hundred commits later), `.mailmap` still maps its people the same,
/// and the new commits read without problems; `None` sends the build the long way.
pub(super) fn from_snapshot(
    repo: &Repository,
    snap: snapshot::Snapshot,
    prefix: &str,
    follow_renames: bool,
    people: &People,
) -> Option<SnapshotUpdate> {
    /// More new commits than this are walked the long way, on every core.
    const MAX_NEW: usize = 512;
    let head = repo.head().ok()?.peel_to_commit().ok()?.id();
    let mut new_ids = Vec::new();
    if head != snap.head {
        let mut walk = repo.revwalk().ok()?;
        walk.set_sorting(git2::Sort::NONE).ok()?;
        walk.simplify_first_parent().ok()?;
        walk.push(head).ok()?;
        let mut met = false;
        for id in walk {
            let id = id.ok()?;
            if id == snap.head {
                met = true;
                break;
            }
            new_ids.push(id);
            if new_ids.len() > MAX_NEW {
                return None;
            }
        }
        if !met {
            return None;
        }
    }
    if snap
        .people
        .iter()
        .any(|((n, e), p)| people.person(n, e) != *p)
    {
        return None;
    }
    let mut last = walk::LastTree::default();
    let mut changes = Vec::with_capacity(new_ids.len());
    for id in &new_ids {
        let (c, problems) = walk::commit_changes(repo, *id, prefix, &[], &mut last).ok()?;
        if !problems.is_empty() || c.boundary {
            return None;
        }
        changes.push(c);
    }
    let mut history = History::default();
    let ordered: Vec<&CommitChanges> = changes.iter().collect();
    let alias = assemble(&mut history, &ordered, follow_renames, &|n, e| {
        people.person(n, e)
    });
    let touched: Vec<String> = history.pages.keys().cloned().collect();
    let new_commits = history.commits.len();
    snapshot::merge(&mut history, snap.history, &alias);
    history.commits_read = new_ids.len();
    history.commits_cached = snap.mainline;
    history.commits_assembled = new_ids.len();
    Some(SnapshotUpdate {
        history,
        head,
        base: snap.head,
        mainline: snap.mainline + new_ids.len(),
        new_ids,
        changes,
        new_commits,
        touched,
        alias,
        batches: snap.batches,
        len: snap.len,
        whole: snap.whole,
    })
}

/// Add the commits made since `base` (newest first) to the per-commit cache at `path`. A
/// cache whose main line does not end at `base` ignores them when read: it stays right, just
/// behind HEAD.
pub(super) fn extend_cache(
    path: &Path,
    changes: Vec<CommitChanges>,
    base: Oid,
) -> std::io::Result<()> {
    if !path.is_file() {
        return Ok(());
    }
    cache::Cache::append(path, base, &changes)
}

/// Write the per-commit cache at `path` whole, with the commits made since `base` (newest
/// first, ids `new_ids`) in front, when its main line ends at `base`.
pub(super) fn rewrite_cache(
    path: &Path,
    prefix: &str,
    shallow: &[Oid],
    changes: Vec<CommitChanges>,
    new_ids: &[Oid],
    base: Oid,
) -> std::io::Result<()> {
    let mut cache = cache::Cache::load(path, prefix, shallow);
    if cache.order().first() != Some(&base) {
        return extend_cache(path, changes, base);
    }
    let order: Vec<Oid> = new_ids.iter().chain(cache.order()).copied().collect();
    for c in changes {
        cache.insert(c);
    }
    cache.save(path, &order)
}
