//! Page histories from per-commit changes: revisions per page, renames followed backwards,
//! authors credited, restorations marked.

use std::collections::HashMap;

use super::walk::CommitChanges;
use super::{ChangeKind, Commit, History, PageHistory, Person, Revision};

/// Build page histories from per-commit changes (newest first), following renames backwards.
///
/// Returns where each renamed path went: a path → the path its page has now.
pub(super) fn assemble(
    history: &mut History,
    ordered: &[&CommitChanges],
    follow_renames: bool,
    person: &dyn Fn(&str, &str) -> Person,
) -> HashMap<String, String> {
    // path at this point of the walk → the page's current path.
    let mut alias: HashMap<String, String> = HashMap::new();
    for c in ordered {
        if c.boundary {
            // The boundary commit shows what existed, not what changed: those pages' history
            // is cut here.
            for ch in &c.changes {
                if let Some(key) = alias
                    .get(&ch.path)
                    .cloned()
                    .or_else(|| Some(ch.path.clone()))
                    && crate::content::is_markdown(&key)
                {
                    history.pages.entry(key).or_default().cut = true;
                }
            }
            break;
        }
        let mut paths = Vec::new();
        let commit_index = history.commits.len();
        for ch in &c.changes {
            // Pages are Markdown, but a page's past may be another kind of file (a Jekyll
            // `.html` page renamed to `.md`): a path a page was renamed from counts too.
            if !crate::content::is_markdown(&ch.path)
                && !ch.from.as_deref().is_some_and(crate::content::is_markdown)
                && !alias.contains_key(&ch.path)
            {
                continue;
            }
            // The page's path now: a path is its own unless a newer commit renamed it.
            let key = alias
                .get(&ch.path)
                .cloned()
                .unwrap_or_else(|| ch.path.clone());
            let kind = match (&ch.from, &ch.old, &ch.new) {
                (Some(from), _, _) if follow_renames => {
                    alias.insert(from.clone(), key.clone());
                    ChangeKind::Renamed { from: from.clone() }
                }
                (Some(_), _, _) => ChangeKind::Created,
                (None, None, Some(_)) => ChangeKind::Created,
                (None, Some(_), None) => ChangeKind::Deleted,
                _ => ChangeKind::Edited,
            };
            let written_by = c
                .via_merge
                .iter()
                .find(|(p, ..)| *p == ch.path)
                .map(|(_, n, e, s)| (person(n, e), s.clone()));
            paths.push(ch.path.clone());
            let page = history.pages.entry(key).or_default();
            if let ChangeKind::Renamed { from } = &kind
                && !page.old_paths.contains(from)
            {
                page.old_paths.push(from.clone());
            }
            page.revisions.push(Revision {
                commit: commit_index,
                kind,
                path: ch.path.clone(),
                old_blob: ch.old.clone(),
                new_blob: ch.new.clone(),
                written_by,
            });
        }
        if !paths.is_empty() {
            history.commits.push(Commit {
                id: c.id.clone(),
                summary: c.summary.clone(),
                author: person(&c.author.0, &c.author.1),
                co_authors: c.co_authors.iter().map(|(n, e)| person(n, e)).collect(),
                time: c.time,
                paths,
            });
        }
    }
    for page in history.pages.values_mut() {
        mark_restored(page);
    }
    alias
}

/// A page created again after a deletion was restored.
pub(super) fn mark_restored(page: &mut PageHistory) {
    let n = page.revisions.len();
    for i in 0..n {
        if page.revisions[i].kind == ChangeKind::Created
            && page.revisions[i + 1..]
                .iter()
                .any(|r| r.kind == ChangeKind::Deleted)
        {
            page.revisions[i].kind = ChangeKind::Restored;
        }
    }
}
