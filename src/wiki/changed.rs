//! The files that differ between two commits besides the pages, read from their git trees, for
//! the pull-request report's section on configuration, templates and scripts
//! ([`crate::compare::config_changes`] decides what they mean).
//!
//! Besides the list of paths it reads what the report explains: `book.toml` on each side (which
//! keys change, whether `trusted-html` is turned on), the CODEOWNERS GitHub reads on each side
//! and every file it could own, and whose names a `.mailmap` change changes among the people the
//! history credits.

use std::collections::BTreeSet;
use std::path::Path;

use git2::{ObjectType, Oid, Repository, Tree};

use super::Place;
use crate::compare::{ChangedFile, ChangedFiles, FileChange, NameChange};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::codeowners::LOCATIONS;

/// How many commits are read for the people a `.mailmap` change could rename: enough for any
/// wiki's history, and a bound on the work a pull request can cause.
const MAILMAP_COMMITS: usize = 200_000;

/// The files that differ between `base` and `head` (revisions: tags, branches, commit ids),
/// with what the report needs to explain them.
pub fn changed_files(place: &Place, base: &str, head: &str) -> Result<ChangedFiles, Diagnostic> {
    let err = |m: String| Diagnostic::error("git", m);
    let repo = place.open()?;
    let commit = |rev: &str| {
        repo.revparse_single(rev)
            .and_then(|o| o.peel_to_commit())
            .map_err(|e| err(format!("cannot find `{rev}`: {}", e.message())))
    };
    let (bc, hc) = (commit(base)?, commit(head)?);
    let (bt, ht) = (
        bc.tree().map_err(|e| err(e.message().to_string()))?,
        hc.tree().map_err(|e| err(e.message().to_string()))?,
    );
    let files = tree_changes(&repo, bt.id(), ht.id()).map_err(|e| err(e.message().to_string()))?;
    let wiki_rel = place.wiki_rel.clone().unwrap_or_default();
    let book_path = place.in_repo("book.toml");
    let book = (
        text_at(&repo, &bt, &book_path),
        text_at(&repo, &ht, &book_path),
    );
    let content_of = |text: &Option<String>, tree: &Tree<'_>| {
        let mut config = text
            .as_deref()
            .and_then(|t| Config::parse(&place.root, t, &mut Diagnostics::new()).ok())
            .unwrap_or_else(|| Config::default_for(&place.root));
        place.settle_src_in(&mut config, tree);
        let src = config.book.src.to_string_lossy().replace('\\', "/");
        place.in_repo(src.trim_start_matches("./").trim_end_matches('/'))
    };
    let content = (content_of(&book.0, &bt), content_of(&book.1, &ht));
    let touched = |p: &str| files.iter().any(|f| f.path == p);
    let mut out = ChangedFiles {
        wiki_rel,
        content,
        book,
        ..ChangedFiles::default()
    };
    if LOCATIONS.iter().any(|l| touched(l)) {
        let effective = |tree: &Tree<'_>| {
            LOCATIONS
                .iter()
                .find_map(|l| text_at(&repo, tree, l).map(|t| (l.to_string(), t)))
        };
        out.codeowners = (effective(&bt), effective(&ht));
        let mut paths = BTreeSet::new();
        for tree in [&bt, &ht] {
            // Every file of the tree: its changes against an empty side.
            let all = tree_walk_changes(&repo, None, Some(tree.id())).unwrap_or_default();
            paths.extend(all.into_iter().map(|f| f.path));
        }
        out.paths = paths.into_iter().collect();
    }
    if touched(".mailmap") {
        out.names = renamed_people(
            &repo,
            &[bc.id(), hc.id()],
            &text_at(&repo, &bt, ".mailmap").unwrap_or_default(),
            &text_at(&repo, &ht, ".mailmap").unwrap_or_default(),
        );
    }
    out.files = files;
    Ok(out)
}

/// The text of the file at `path` in `tree`, when it is there.
fn text_at(repo: &Repository, tree: &Tree<'_>, path: &str) -> Option<String> {
    let entry = tree.get_path(Path::new(path)).ok()?;
    let blob = repo.find_blob(entry.id()).ok()?;
    Some(String::from_utf8_lossy(blob.content()).into_owned())
}

/// The people the history of `tips` credits (authors and `Co-authored-by:` co-authors) whom the
/// two `.mailmap` texts name differently.
fn renamed_people(
    repo: &Repository,
    tips: &[git2::Oid],
    before: &str,
    after: &str,
) -> Vec<NameChange> {
    let (Ok(old), Ok(new)) = (
        git2::Mailmap::from_buffer(before),
        git2::Mailmap::from_buffer(after),
    ) else {
        return Vec::new();
    };
    let mut people = BTreeSet::new();
    if let Ok(mut walk) = repo.revwalk() {
        for tip in tips {
            let _ = walk.push(*tip);
        }
        for id in walk.flatten().take(MAILMAP_COMMITS) {
            let Ok(c) = repo.find_commit(id) else {
                continue;
            };
            let a = c.author();
            people.insert((
                String::from_utf8_lossy(a.name_bytes()).into_owned(),
                String::from_utf8_lossy(a.email_bytes()).into_owned(),
            ));
            let message = String::from_utf8_lossy(c.message_bytes());
            people.extend(crate::history::co_authors(&message));
        }
    }
    let show = |mm: &git2::Mailmap, name: &str, email: &str| {
        git2::Signature::now(name, email)
            .ok()
            .and_then(|s| mm.resolve_signature(&s).ok())
            .map(|r| {
                format!(
                    "{} <{}>",
                    String::from_utf8_lossy(r.name_bytes()),
                    String::from_utf8_lossy(r.email_bytes())
                )
            })
            .unwrap_or_else(|| format!("{name} <{email}>"))
    };
    people
        .into_iter()
        .filter_map(|(name, email)| {
            let (b, a) = (show(&old, &name, &email), show(&new, &name, &email));
            (b != a).then(|| NameChange {
                written: format!("{name} <{email}>"),
                before: b,
                after: a,
            })
        })
        .collect()
}

/// The files that differ between the trees `a` and `b`, sorted by path.
fn tree_changes(repo: &Repository, a: Oid, b: Oid) -> Result<Vec<ChangedFile>, git2::Error> {
    tree_walk_changes(repo, Some(a), Some(b))
}

/// The files that differ between two trees (either may be missing: every file of the other),
/// without recursion and no deeper than [`crate::source::MAX_FOLDER_DEPTH`] folders: a folder
/// the same on both sides (the same id) is not read, and a committed path thousands of folders
/// deep costs what the limit allows (libgit2's tree diff built every path down to the bottom).
fn tree_walk_changes(
    repo: &Repository,
    a: Option<Oid>,
    b: Option<Oid>,
) -> Result<Vec<ChangedFile>, git2::Error> {
    type Entries = std::collections::BTreeMap<String, (Oid, Option<ObjectType>)>;
    let entries = |id: Option<Oid>| -> Result<Entries, git2::Error> {
        let mut m = Entries::new();
        if let Some(id) = id {
            for e in repo.find_tree(id)?.iter() {
                let name = String::from_utf8_lossy(e.name_bytes()).into_owned();
                m.insert(name, (e.id(), e.kind()));
            }
        }
        Ok(m)
    };
    let mut out = Vec::new();
    let mut todo: Vec<(String, Option<Oid>, Option<Oid>, usize)> = vec![(String::new(), a, b, 1)];
    while let Some((base, a, b, depth)) = todo.pop() {
        if a == b {
            continue;
        }
        let (ea, eb) = (entries(a)?, entries(b)?);
        let names: BTreeSet<&String> = ea.keys().chain(eb.keys()).collect();
        for name in names {
            let path = format!("{base}{name}");
            let (x, y) = (ea.get(name), eb.get(name));
            if x == y {
                continue;
            }
            let tree = |e: Option<&(Oid, Option<ObjectType>)>| {
                e.filter(|(_, k)| *k == Some(ObjectType::Tree))
                    .map(|(id, _)| *id)
            };
            let blob = |e: Option<&(Oid, Option<ObjectType>)>| {
                e.filter(|(_, k)| *k != Some(ObjectType::Tree))
                    .map(|(id, _)| *id)
            };
            let (ta, tb) = (tree(x), tree(y));
            if (ta.is_some() || tb.is_some()) && depth <= crate::source::MAX_FOLDER_DEPTH {
                todo.push((format!("{path}/"), ta, tb, depth + 1));
            }
            let change = match (blob(x), blob(y)) {
                (None, Some(_)) => Some(FileChange::Added),
                (Some(_), None) => Some(FileChange::Removed),
                (Some(p), Some(q)) if p != q => Some(FileChange::Modified),
                _ => None,
            };
            if let Some(change) = change {
                out.push(ChangedFile { path, change });
            }
        }
    }
    out.sort_by(|x, y| x.path.cmp(&y.path));
    Ok(out)
}
