//! The work tree compared with `HEAD`: pages changed, added, deleted or moved and not yet
//! committed (a preview before a commit), found without a full `git status` where possible.

use std::collections::HashMap;
use std::path::Path;

use git2::{Oid, Repository};

use super::History;

/// Mark the pages at these content paths as changed in the work tree, after giving each page
/// moved there and not yet committed (old path, new path) the history of its old path.
pub(super) fn mark_uncommitted(
    history: &mut History,
    (paths, renames): (Vec<String>, Vec<(String, String)>),
) {
    for (old, new) in &renames {
        if let Some(mut ph) = history.pages.remove(old) {
            if !ph.old_paths.contains(old) {
                ph.old_paths.push(old.clone());
            }
            history.pages.insert(new.clone(), ph);
        }
    }
    for rel in paths {
        if !renames.iter().any(|(old, _)| *old == rel) {
            history.pages.entry(rel).or_default().uncommitted = true;
        }
    }
}

/// The pages moved in the work tree and not committed yet (`git mv`, then a preview before the
/// commit), as (old, new) content paths: a file `HEAD` has that is gone from the work tree,
/// and a file `HEAD` does not have with exactly its content.
pub(super) fn uncommitted_renames(
    repo: &Repository,
    prefix: &str,
    paths: &[String],
) -> Vec<(String, String)> {
    let (Some(workdir), Ok(head)) = (repo.workdir(), repo.head().and_then(|h| h.peel_to_tree()))
    else {
        return Vec::new();
    };
    let in_repo = |rel: &str| {
        if prefix.is_empty() {
            rel.to_string()
        } else {
            format!("{prefix}/{rel}")
        }
    };
    let mut gone: HashMap<Oid, String> = HashMap::new();
    let mut added: Vec<(String, Oid)> = Vec::new();
    for rel in paths {
        let disk = workdir.join(in_repo(rel));
        let committed = head.get_path(Path::new(&in_repo(rel))).ok().map(|e| e.id());
        match (committed, disk.is_file()) {
            (Some(id), false) => {
                gone.insert(id, rel.clone());
            }
            (None, true) => {
                if let Ok(id) = Oid::hash_file(git2::ObjectType::Blob, &disk) {
                    added.push((rel.clone(), id));
                }
            }
            _ => {}
        }
    }
    added
        .into_iter()
        .filter_map(|(new, id)| gone.remove(&id).map(|old| (old, new)))
        .collect()
}

/// Content paths (relative to the content folder) changed in the work tree and not committed.
///
/// A fresh clone's index cannot vouch for its files: they were written in the same moment as
/// the index ("racily clean", in git's terms), so a libgit2 status hashes every one of them,
/// after looking up its `.gitattributes` folder by folder (a tenth of a cold build's time on
/// 1,400 pages). Instead each file under the content folder is compared with its blob in
/// `HEAD`: through the index when the index vouches for it (see [`index_vouches`]), else by
/// hashing it as it is on disk. Only the files that differ, or that only one side has, are
/// asked of libgit2's status, which applies filters (line endings) and ignore rules.
pub(super) fn uncommitted_paths(repo: &Repository, prefix: &str) -> Vec<String> {
    let Some(workdir) = repo.workdir() else {
        return Vec::new();
    };
    let content = workdir.join(prefix);
    let mut committed: HashMap<String, Oid> = HashMap::new();
    let head_tree = repo.head().and_then(|h| h.peel_to_tree()).ok();
    let tree = match (&head_tree, prefix.is_empty()) {
        (Some(t), true) => Some(t.clone()),
        (Some(t), false) => t
            .get_path(Path::new(prefix))
            .and_then(|e| e.to_object(repo))
            .ok()
            .and_then(|o| o.into_tree().ok()),
        (None, _) => None,
    };
    if let Some(t) = tree {
        let _ = t.walk(git2::TreeWalkMode::PreOrder, |dir, e| {
            if e.kind() == Some(git2::ObjectType::Blob)
                && let Ok(name) = e.name()
            {
                committed.insert(format!("{dir}{name}"), e.id());
            }
            git2::TreeWalkResult::Ok
        });
    }
    // The index's record of each file: when the file's size and time still match it, and the
    // index was written after the file (not "racily clean"), the file is as the index says
    // without reading it.
    let index_time = std::fs::metadata(repo.path().join("index"))
        .and_then(|m| m.modified())
        .ok();
    let mut indexed: HashMap<String, git2::IndexEntry> = HashMap::new();
    if let Ok(index) = repo.index() {
        let dir = if prefix.is_empty() {
            String::new()
        } else {
            format!("{prefix}/")
        };
        for e in index.iter() {
            if let Some(rel) = std::str::from_utf8(&e.path)
                .ok()
                .and_then(|p| p.strip_prefix(dir.as_str()))
            {
                indexed.insert(rel.to_string(), e);
            }
        }
    }
    let mut suspects = Vec::new();
    // Folders git ignores (a build folder, `node_modules`) are not walked, as a status would not.
    let ignored = |e: &walkdir::DirEntry| {
        e.file_type().is_dir()
            && e.depth() > 0
            && e.path()
                .strip_prefix(workdir)
                .is_ok_and(|p| repo.is_path_ignored(p).unwrap_or(false))
    };
    let files = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_entry(|e| e.file_name() != ".git" && !ignored(e))
        .flatten()
        .filter(|e| !e.file_type().is_dir());
    for entry in files {
        let Ok(rel) = entry.path().strip_prefix(&content) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if !entry.file_type().is_file() {
            // A link's blob is its target, not the file it points to: the status judges it.
            committed.remove(&rel);
            suspects.push(rel);
            continue;
        }
        let same = committed.remove(&rel).is_some_and(|id| {
            let vouched = indexed.get(&rel).is_some_and(|e| {
                e.id == id
                    && entry
                        .metadata()
                        .is_ok_and(|m| index_vouches(e, &m, index_time))
            });
            vouched
                || std::fs::read(entry.path())
                    .ok()
                    .and_then(|b| Oid::hash_object(git2::ObjectType::Blob, &b).ok())
                    == Some(id)
        });
        if !same {
            suspects.push(rel);
        }
    }
    // In HEAD, not on disk: deleted.
    suspects.extend(committed.into_keys());
    if suspects.len() > 64 {
        // Many files differ as read (line endings converted on checkout, or a large change):
        // one status of the whole folder is cheaper than asking about each.
        return uncommitted_by_status(repo, prefix);
    }
    suspects.sort();
    suspects.retain(|rel| {
        let path = if prefix.is_empty() {
            rel.clone()
        } else {
            format!("{prefix}/{rel}")
        };
        repo.status_file(Path::new(&path))
            .is_ok_and(|s| !s.is_empty() && !s.is_ignored())
    });
    suspects
}

/// [`uncommitted_paths`] by a libgit2 status of the whole content folder.
pub(super) fn uncommitted_by_status(repo: &Repository, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut opts = git2::StatusOptions::new();
    opts.include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_ignored(false);
    if !prefix.is_empty() {
        opts.pathspec(prefix);
    }
    let Ok(statuses) = repo.statuses(Some(&mut opts)) else {
        return out;
    };
    let dir = format!("{prefix}/");
    for s in statuses.iter() {
        let Ok(path) = s.path() else { continue };
        let rel = if prefix.is_empty() {
            path
        } else {
            match path.strip_prefix(dir.as_str()) {
                Some(r) => r,
                None => continue,
            }
        };
        if !(s.status().is_ignored() || s.status().is_empty()) {
            out.push(rel.to_string());
        }
    }
    out.sort();
    out
}

/// True when the index entry `e` still describes the file with metadata `m`: same size, times
/// and inode, and the index written after the file changed (else a change in the same instant
/// could hide behind equal times).
#[cfg(unix)]
pub(super) fn index_vouches(
    e: &git2::IndexEntry,
    m: &std::fs::Metadata,
    index_time: Option<std::time::SystemTime>,
) -> bool {
    use std::os::unix::fs::MetadataExt;
    // What git compares by default (`core.checkStat`): times, size, inode.
    let same = m.len() == u64::from(e.file_size)
        && m.mtime() == i64::from(e.mtime.seconds())
        && m.mtime_nsec() == i64::from(e.mtime.nanoseconds())
        && m.ctime() == i64::from(e.ctime.seconds())
        && m.ctime_nsec() == i64::from(e.ctime.nanoseconds())
        && m.ino() as u32 == e.ino;
    same && index_time
        .zip(m.modified().ok())
        .is_some_and(|(i, f)| f < i)
}

/// Elsewhere the index's times are not compared: every file is hashed.
#[cfg(not(unix))]
pub(super) fn index_vouches(
    _: &git2::IndexEntry,
    _: &std::fs::Metadata,
    _: Option<std::time::SystemTime>,
) -> bool {
    false
}
