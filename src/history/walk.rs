//! One pass over the main line of history, comparing trees by id.
//!
//! For each commit on the first-parent chain from `HEAD`, the content folder's subtree is
//! compared with the one in the first parent: equal ids mean nothing changed (the common case,
//! found without reading a single tree), and only subtrees whose ids differ are descended into.
//! That is what makes this faster than a generic tree diff, which expands unchanged subtrees.
//! Exact renames are found by blob id. Commits are diffed on every core, each thread with its own
//! `Repository` (libgit2 repositories are not `Sync`).

use std::collections::HashMap;
use std::path::Path;

use std::rc::Rc;

use git2::{ObjectType, Odb, Oid, Repository, Tree};

pub use super::renames::RawChange;

/// What one main-line commit changed, and who it credits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitChanges {
    /// Full commit id.
    pub id: String,
    /// First line of the message.
    pub summary: String,
    /// Author name and email, before mailmap.
    pub author: (String, String),
    /// When the change reached the main line (committer time of the main-line commit), seconds.
    pub time: i64,
    /// For merges: the merged commits' authors per changed path (path → (name, email, summary)).
    pub via_merge: Vec<(String, String, String, String)>,
    /// `Co-authored-by:` trailers (name, email).
    pub co_authors: Vec<(String, String)>,
    /// Changed files under the content folder.
    pub changes: Vec<RawChange>,
    /// True for the oldest commit of a shallow clone: its parent is missing, so it shows what
    /// existed, not what changed.
    pub boundary: bool,
}

/// Problems met while walking, as (commit id, path, message) for warnings.
pub type WalkProblem = (String, String, String);

/// The subtree id of the content folder in `tree`, if it exists there.
fn content_tree_id(odb: &Odb<'_>, tree: &Tree<'_>, prefix: &str) -> Option<Oid> {
    if prefix.is_empty() {
        return Some(tree.id());
    }
    let entry = tree.get_path(Path::new(prefix)).ok()?;
    (entry.kind() == Some(ObjectType::Tree))
        .then(|| entry.id())
        .filter(|_| {
            // Make sure the object is there (partial clones may lack it).
            odb.exists(entry.id())
        })
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}/{name}")
    }
}

/// Git's order of tree entries: by name, with a folder compared as if its name ended in `/`.
fn git_order(a: &[u8], a_tree: bool, b: &[u8], b_tree: bool) -> std::cmp::Ordering {
    let n = a.len().min(b.len());
    match a[..n].cmp(&b[..n]) {
        std::cmp::Ordering::Equal => {}
        other => return other,
    }
    let next = |name: &[u8], tree: bool| -> u8 {
        match name.get(n) {
            Some(&c) => c,
            None if tree => b'/',
            None => 0,
        }
    };
    next(a, a_tree).cmp(&next(b, b_tree))
}

/// What a tree entry holds, from its mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EntryKind {
    /// `40000`: a folder.
    Tree,
    /// `100644`, `100755`, `120000`: a file (or a symbolic link, stored as a blob).
    File,
    /// `160000`: a submodule's commit, not content.
    Other,
}

/// One entry of a raw tree object, `<mode> <name>\0<20-byte id>`, borrowed from its data.
#[derive(Debug, Clone, Copy)]
struct RawEntry<'a> {
    /// The whole entry: equal bytes mean equal name, mode and id.
    bytes: &'a [u8],
    name: &'a [u8],
    kind: EntryKind,
    id: &'a [u8],
}

impl RawEntry<'_> {
    fn oid(&self) -> Oid {
        Oid::from_bytes(self.id).expect("20 bytes")
    }
}

/// The entry of `data` starting at `pos`, and where the next one starts. `Err` for bytes that
/// are not a tree entry (a corrupt object).
fn raw_entry(data: &[u8], pos: usize) -> Result<Option<(RawEntry<'_>, usize)>, ()> {
    let rest = &data[pos..];
    if rest.is_empty() {
        return Ok(None);
    }
    let sp = memchr::memchr(b' ', rest).ok_or(())?;
    let nul = sp + 1 + memchr::memchr(0, &rest[sp + 1..]).ok_or(())?;
    let end = nul + 1 + 20;
    if end > rest.len() {
        return Err(());
    }
    let kind = match &rest[..sp] {
        b"40000" | b"040000" => EntryKind::Tree,
        b"160000" => EntryKind::Other,
        _ => EntryKind::File,
    };
    let entry = RawEntry {
        bytes: &rest[..end],
        name: &rest[sp + 1..nul],
        kind,
        id: &rest[nul + 1..end],
    };
    Ok(Some((entry, pos + end)))
}

/// Reads the entries of one raw tree in order, skipping submodules; a corrupt tail ends it
/// with a problem.
struct Entries<'a> {
    data: &'a [u8],
    pos: usize,
    corrupt: bool,
}

impl<'a> Entries<'a> {
    fn next(&mut self) -> Option<RawEntry<'a>> {
        loop {
            match raw_entry(self.data, self.pos) {
                Ok(Some((e, next))) => {
                    self.pos = next;
                    if e.kind != EntryKind::Other {
                        return Some(e);
                    }
                }
                Ok(None) => return None,
                Err(()) => {
                    self.corrupt = true;
                    self.pos = self.data.len();
                    return None;
                }
            }
        }
    }
}

/// The raw trees read for the last commit and for the current one. Walking the main line
/// newest first, a commit's parent is the next commit diffed, so the parent-side trees read
/// now are the next commit's own side. This replaces libgit2's object cache for the walk: that
/// cache keeps every tree ever read (hundreds of megabytes on a long history, and a noticeable
/// time to free), where only the last commit's are ever asked for again.
#[derive(Default)]
pub struct TreeMemo {
    prev: Vec<(Oid, Rc<[u8]>)>,
    cur: Vec<(Oid, Rc<[u8]>)>,
}

impl TreeMemo {
    /// Start the next commit: what the last commit that read trees read stays available, older
    /// trees go. (A commit that did not touch the content folder read nothing, and its parent's
    /// trees are still the last ones read.)
    pub fn next_commit(&mut self) {
        if !self.cur.is_empty() {
            self.prev = std::mem::take(&mut self.cur);
        }
    }

    /// The raw data of tree `id`; `Err` says why it cannot be read.
    fn get(&mut self, odb: &Odb<'_>, id: Oid) -> Result<Rc<[u8]>, String> {
        if let Some((_, t)) = self.cur.iter().chain(&self.prev).find(|(k, _)| *k == id) {
            let t = t.clone();
            if !self.cur.iter().any(|(k, _)| *k == id) {
                self.cur.push((id, t.clone()));
            }
            return Ok(t);
        }
        let o = odb.read(id).map_err(|e| e.message().to_string())?;
        if o.kind() != ObjectType::Tree {
            return Err(format!("{id} is a {}, not a tree", o.kind().str()));
        }
        let t: Rc<[u8]> = Rc::from(o.data());
        self.cur.push((id, t.clone()));
        Ok(t)
    }
}

/// Compare two trees by entry id, descending only into subtrees that differ. Appends
/// (path, old blob, new blob) for every differing file.
///
/// Trees are read as raw objects and walked in place: both entry lists are already in git's
/// order, so one merge pass pairs them, and an entry whose bytes are the same on both sides
/// (same name, mode and id: nearly all of them) is passed over without being decoded or
/// anything being allocated. Building libgit2 tree objects instead cost more than reading them.
pub fn diff_trees(
    odb: &Odb<'_>,
    memo: &mut TreeMemo,
    old: Option<Oid>,
    new: Option<Oid>,
    base: &str,
    out: &mut Vec<(String, Option<Oid>, Option<Oid>)>,
    problems: &mut Vec<String>,
) {
    if old == new {
        return;
    }
    let folder = || if base.is_empty() { "." } else { base };
    let mut load = |id: Option<Oid>, problems: &mut Vec<String>| -> Option<Rc<[u8]>> {
        let id = id?;
        match memo.get(odb, id) {
            Ok(data) => Some(data),
            Err(e) => {
                problems.push(format!(
                    "cannot read folder `{}` (tree {id}): {e}; its changes there are skipped",
                    folder()
                ));
                None
            }
        }
    };
    let (ot, nt) = (load(old, problems), load(new, problems));
    fn entries(t: &Option<Rc<[u8]>>) -> Entries<'_> {
        Entries {
            data: t.as_deref().unwrap_or(&[]),
            pos: 0,
            corrupt: false,
        }
    }
    let (mut a, mut b) = (entries(&ot), entries(&nt));
    let path = |name: &[u8]| join(base, &String::from_utf8_lossy(name));
    let (mut x, mut y) = (a.next(), b.next());
    loop {
        // Past the damage in one tree, the other's entries would all look added or deleted.
        if a.corrupt || b.corrupt {
            break;
        }
        let ord = match (x, y) {
            (None, None) => break,
            (Some(ex), Some(ey)) if ex.bytes == ey.bytes => {
                (x, y) = (a.next(), b.next());
                continue;
            }
            (Some(ex), Some(ey)) => git_order(
                ex.name,
                ex.kind == EntryKind::Tree,
                ey.name,
                ey.kind == EntryKind::Tree,
            ),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
        };
        match (ord, x, y) {
            (std::cmp::Ordering::Equal, Some(ex), Some(ey)) => {
                // Same name and kind, different id (or mode only: nothing to show).
                if ex.id != ey.id {
                    let p = path(ex.name);
                    if ex.kind == EntryKind::Tree {
                        diff_trees(odb, memo, Some(ex.oid()), Some(ey.oid()), &p, out, problems);
                    } else {
                        out.push((p, Some(ex.oid()), Some(ey.oid())));
                    }
                }
                (x, y) = (a.next(), b.next());
            }
            (std::cmp::Ordering::Less, Some(ex), _) => {
                let p = path(ex.name);
                if ex.kind == EntryKind::Tree {
                    diff_trees(odb, memo, Some(ex.oid()), None, &p, out, problems);
                } else {
                    out.push((p, Some(ex.oid()), None));
                }
                x = a.next();
            }
            (_, _, Some(ey)) => {
                let p = path(ey.name);
                if ey.kind == EntryKind::Tree {
                    diff_trees(odb, memo, None, Some(ey.oid()), &p, out, problems);
                } else {
                    out.push((p, None, Some(ey.oid())));
                }
                y = b.next();
            }
            _ => unreachable!("an ordering implies the entries it compared"),
        }
    }
    for (t, e) in [(old, &a), (new, &b)] {
        if e.corrupt {
            problems.push(format!(
                "folder `{}` (tree {}) is corrupt; its changes from the damage on are skipped",
                folder(),
                t.map(|t| t.to_string()).unwrap_or_default()
            ));
        }
    }
}

/// What one diffed commit passes to the next on the same thread. Walking the main line newest
/// first, a commit's parent is the next commit diffed: its content tree id is then known without
/// reading its commit and root tree again, and the trees read for it are at hand.
#[derive(Default)]
pub struct LastTree {
    /// The last parent diffed and its content folder's tree id.
    parent: Option<(Oid, Option<Oid>)>,
    /// Raw trees of the last commit diffed.
    trees: TreeMemo,
}

/// Diff one main-line commit against its first parent, restricted to `prefix`. `last` carries
/// the parent's content tree from one call to the next (see [`LastTree`]).
pub fn commit_changes(
    repo: &Repository,
    id: Oid,
    prefix: &str,
    shallow: &[Oid],
    last: &mut LastTree,
) -> Result<(CommitChanges, Vec<String>), git2::Error> {
    let commit = repo.find_commit(id)?;
    let odb = repo.odb()?;
    let mut problems = Vec::new();
    let new = match last.parent {
        Some((known, tree)) if known == id => tree,
        _ => content_tree_id(&odb, &commit.tree()?, prefix),
    };
    let boundary = shallow.contains(&id)
        || (commit.parent_count() > 0 && repo.find_commit(commit.parent_id(0)?).is_err());
    let old = if boundary || commit.parent_count() == 0 {
        last.parent = None;
        None
    } else {
        let parent = commit.parent(0)?;
        let old = content_tree_id(&odb, &parent.tree()?, prefix);
        last.parent = Some((parent.id(), old));
        old
    };
    let mut raw = Vec::new();
    last.trees.next_commit();
    diff_trees(&odb, &mut last.trees, old, new, "", &mut raw, &mut problems);
    let (changes, skipped) = super::renames::pair(
        &odb,
        raw,
        crate::content::is_markdown,
        super::renames::RENAME_LIMIT,
    );
    problems.extend(skipped);
    let sig = commit.author();
    let message = String::from_utf8_lossy(commit.message_bytes()).into_owned();
    let mut via_merge = Vec::new();
    if commit.parent_count() > 1 && !changes.is_empty() && !boundary {
        via_merge = merged_authors(repo, &commit, prefix, &changes).unwrap_or_default();
    }
    Ok((
        CommitChanges {
            id: id.to_string(),
            summary: String::from_utf8_lossy(commit.summary_bytes().unwrap_or_default())
                .into_owned(),
            author: (
                String::from_utf8_lossy(sig.name_bytes()).into_owned(),
                String::from_utf8_lossy(sig.email_bytes()).into_owned(),
            ),
            time: commit.committer().when().seconds(),
            via_merge,
            co_authors: super::people::co_authors(&message),
            changes,
            boundary,
        },
        problems,
    ))
}

/// For a merge: which merged commit last touched each changed path (path, name, email,
/// summary), so a change is credited to the person who wrote it.
fn merged_authors(
    repo: &Repository,
    merge: &git2::Commit<'_>,
    prefix: &str,
    changes: &[RawChange],
) -> Result<Vec<(String, String, String, String)>, git2::Error> {
    let mut walk = repo.revwalk()?;
    for i in 1..merge.parent_count() {
        walk.push(merge.parent_id(i)?)?;
    }
    walk.hide(merge.parent_id(0)?)?;
    walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME)?;
    let wanted: Vec<&str> = changes.iter().map(|c| c.path.as_str()).collect();
    let mut found: HashMap<String, (String, String, String)> = HashMap::new();
    let odb = repo.odb()?;
    let mut memo = TreeMemo::default();
    for oid in walk.take(10_000) {
        let c = repo.find_commit(oid?)?;
        let new = content_tree_id(&odb, &c.tree()?, prefix);
        let old = match c.parent(0) {
            Ok(p) => content_tree_id(&odb, &p.tree()?, prefix),
            Err(_) => None,
        };
        let mut raw = Vec::new();
        let mut problems = Vec::new();
        memo.next_commit();
        diff_trees(&odb, &mut memo, old, new, "", &mut raw, &mut problems);
        for (p, _, _) in raw {
            if wanted.contains(&p.as_str()) && !found.contains_key(&p) {
                let sig = c.author();
                found.insert(
                    p,
                    (
                        String::from_utf8_lossy(sig.name_bytes()).into_owned(),
                        String::from_utf8_lossy(sig.email_bytes()).into_owned(),
                        String::from_utf8_lossy(c.summary_bytes().unwrap_or_default()).into_owned(),
                    ),
                );
            }
        }
        if found.len() == wanted.len() {
            break;
        }
    }
    let mut v: Vec<_> = found
        .into_iter()
        .map(|(p, (n, e, s))| (p, n, e, s))
        .collect();
    v.sort();
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_orders_folders_as_if_they_ended_in_a_slash() {
        use std::cmp::Ordering::*;
        assert_eq!(git_order(b"a", false, b"a-b", false), Less);
        assert_eq!(
            git_order(b"a", true, b"a-b", false),
            Greater,
            "`a/` sorts after `a-b`"
        );
        assert_eq!(git_order(b"a", true, b"a", true), Equal);
        assert_eq!(git_order(b"b", false, b"a", true), Greater);
    }

    #[test]
    fn raw_tree_entries_and_corrupt_ones() {
        let id = [7u8; 20];
        let mut data = Vec::new();
        for (mode, name) in [("40000", "goals"), ("100644", "a.md"), ("160000", "sub")] {
            data.extend_from_slice(format!("{mode} {name}\0").as_bytes());
            data.extend_from_slice(&id);
        }
        let mut e = Entries {
            data: &data,
            pos: 0,
            corrupt: false,
        };
        let first = e.next().unwrap();
        assert_eq!((first.name, first.kind), (&b"goals"[..], EntryKind::Tree));
        assert_eq!(first.oid(), Oid::from_bytes(&id).unwrap());
        assert_eq!(e.next().unwrap().kind, EntryKind::File);
        assert!(e.next().is_none(), "the submodule is not content");
        assert!(!e.corrupt);
        // Cut inside an id: the entries before the damage still come out, then it stops.
        let mut e = Entries {
            data: &data[..data.len() - 40],
            pos: 0,
            corrupt: false,
        };
        assert_eq!(e.next().unwrap().name, b"goals");
        assert!(e.next().is_none());
        assert!(e.corrupt);
    }

    /// A tree damaged after its first entry: the changes before the damage are found, nothing
    /// after it is reported as added or deleted, and the problem names the folder.
    #[test]
    fn a_corrupt_tree_reports_no_false_changes() {
        let dir = std::env::temp_dir().join(format!("sw-walk-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let repo = Repository::init(&dir).unwrap();
        let odb = repo.odb().unwrap();
        let blob = |t: &str| odb.write(ObjectType::Blob, t.as_bytes()).unwrap();
        let entry = |mode: &str, name: &str, id: Oid| {
            let mut e = format!("{mode} {name}\0").into_bytes();
            e.extend_from_slice(id.as_bytes());
            e
        };
        let (a1, a2, b, c) = (blob("a1"), blob("a2"), blob("b"), blob("c"));
        let old = [
            entry("100644", "a.md", a1),
            entry("100644", "b.md", b),
            entry("100644", "c.md", c),
        ]
        .concat();
        let mut new = [
            entry("100644", "a.md", a2),
            entry("100644", "b.md", b),
            entry("100644", "c.md", c),
        ]
        .concat();
        new.truncate(new.len() - 30);
        let old = odb.write(ObjectType::Tree, &old).unwrap();
        let new = odb.write(ObjectType::Tree, &new).unwrap();
        let (mut out, mut problems) = (Vec::new(), Vec::new());
        let mut memo = TreeMemo::default();
        diff_trees(
            &odb,
            &mut memo,
            Some(old),
            Some(new),
            "goals",
            &mut out,
            &mut problems,
        );
        assert_eq!(out, vec![("goals/a.md".to_string(), Some(a1), Some(a2))]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("`goals`") && problems[0].contains("corrupt"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
