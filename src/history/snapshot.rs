//! The assembled history as of one commit (`.stratwiki-cache/history-pages.bin`).
//!
//! The per-commit cache ([`super::cache`]) spares a rebuild the tree walk, but it still decoded
//! every cached commit and assembled every page's history again: on 20,000 commits that was
//! most of a rebuild's history time. This file keeps the result instead: the commits that
//! touched content and each page's revisions, as of the commit it was made at. A build whose
//! `HEAD` descends from that commit along first parents walks only the new commits, assembles
//! them alone, and puts the saved pages behind them (re-keyed through the new commits'
//! renames, see [`merge`]).
//!
//! It is trusted only for the same format, content folder, shallow boundary and rename rule,
//! and when `.mailmap` still maps every person in it the same way; anything else falls back to
//! the per-commit cache. A build with history warnings saves none: the next build reads the long
//! way rather than trust a history made with problems.

use std::collections::HashMap;
use std::path::Path;

use git2::Oid;

use super::{ChangeKind, Commit, History, PageHistory, Person, Revision};
use crate::codec::{Decode, Encode, Reader, Writer};

/// Bump when the encoding or the meaning of the saved history changes.
const VERSION: u64 = 4;

/// The first bytes of the file.
const MAGIC: &[u8; 8] = b"SWHPAGE\n";

/// What the saved history depends on besides its commit (and the code that made it: the
/// header holds the stratwiki version and source hash).
#[derive(Debug, Clone, PartialEq)]
pub struct Scope {
    /// The content folder inside the repository.
    pub prefix: String,
    /// The shallow-clone roots.
    pub shallow: Vec<String>,
    /// `[wiki.history] follow-renames`.
    pub follow_renames: bool,
}

crate::record!(Scope {
    prefix,
    shallow,
    follow_renames
});

/// A history as of `head`.
#[derive(Debug)]
pub struct Snapshot {
    /// The commit it was made at.
    pub head: Oid,
    /// Main-line commits it covers (for the build's counts).
    pub mainline: usize,
    /// Every (name, email) as written in commits, and who `.mailmap` made of them then.
    pub people: Vec<((String, String), Person)>,
    /// Batches appended to the file since it was written whole.
    pub batches: usize,
    /// The file's length, and whether all of it was read (no batch cut short or damaged):
    /// appending is only for the very file read, whole.
    pub len: u64,
    pub whole: bool,
    /// Commits, pages and the shallow date (never repository paths or work-tree marks).
    pub history: History,
}

crate::record!(Person { name, email });
crate::record!(Commit {
    id,
    summary,
    author,
    co_authors,
    time,
    paths
});
crate::record!(Revision {
    commit,
    kind,
    path,
    old_blob,
    new_blob,
    written_by
});

impl Encode for ChangeKind {
    fn encode(&self, w: &mut Writer) {
        match self {
            ChangeKind::Created => w.byte(0),
            ChangeKind::Edited => w.byte(1),
            ChangeKind::Renamed { from } => {
                w.byte(2);
                w.put(from);
            }
            ChangeKind::Deleted => w.byte(3),
            ChangeKind::Restored => w.byte(4),
        }
    }
}

impl Decode for ChangeKind {
    fn decode(r: &mut Reader<'_>) -> Option<Self> {
        Some(match r.byte()? {
            0 => ChangeKind::Created,
            1 => ChangeKind::Edited,
            2 => ChangeKind::Renamed { from: r.get()? },
            3 => ChangeKind::Deleted,
            4 => ChangeKind::Restored,
            _ => return None,
        })
    }
}

/// A page's history without its work-tree mark (a property of the build, not of the commit),
/// each revision's commit counted from the oldest of `total` commits: that number does not
/// change when newer commits come, so a page saved in an earlier batch stays right.
struct SavedPage<'a>(&'a PageHistory, usize);

impl Encode for SavedPage<'_> {
    fn encode(&self, w: &mut Writer) {
        let (page, total) = (self.0, self.1);
        w.u64(page.revisions.len() as u64);
        for r in &page.revisions {
            w.put(&(total - 1 - r.commit));
            w.put(&r.kind);
            w.put(&r.path);
            w.put(&r.old_blob);
            w.put(&r.new_blob);
            w.put(&r.written_by);
        }
        w.put(&page.old_paths);
        w.put(&page.cut);
    }
}

/// What [`SavedPage`] wrote; commits still counted from the oldest.
fn decode_page(r: &mut Reader<'_>) -> Option<PageHistory> {
    Some(PageHistory {
        revisions: r.get()?,
        old_paths: r.get()?,
        cut: r.get()?,
        uncommitted: false,
        old_slugs: Default::default(),
    })
}

/// Pages in path order (the same history gives the same bytes), without empty ones.
fn sorted_pages<'a>(
    pages: impl Iterator<Item = (&'a String, &'a PageHistory)>,
) -> Vec<(&'a String, &'a PageHistory)> {
    let mut v: Vec<_> = pages
        .filter(|(_, p)| !p.revisions.is_empty() || p.cut)
        .collect();
    v.sort_unstable_by(|a, b| a.0.cmp(b.0));
    v
}

/// The file's bytes for a snapshot (its fields as in [`Snapshot`]) in `scope`.
pub fn encode(
    scope: &Scope,
    head: Oid,
    mainline: usize,
    people: &[((String, String), Person)],
    history: &History,
) -> Vec<u8> {
    // Sized up front: growing a buffer of megabytes by doubling copied it over and over and
    // touched fresh memory each time (most of the encoding's cost).
    let revisions: usize = history.pages.values().map(|p| p.revisions.len()).sum();
    let mut w = Writer(Vec::with_capacity(
        4096 + 192 * history.commits.len() + 192 * revisions,
    ));
    w.0.extend_from_slice(MAGIC);
    w.u64(VERSION);
    w.str(crate::content::cache::binary_stamp());
    w.put(scope);
    w.0.extend_from_slice(head.as_bytes());
    w.put(&mainline);
    w.put(people);
    w.put(&history.commits);
    w.put(&history.shallow_since);
    let pages = sorted_pages(history.pages.iter());
    let total = history.commits.len();
    w.u64(pages.len() as u64);
    for (k, p) in pages {
        w.put(k);
        w.put(&SavedPage(p, total));
    }
    // The main part's checksum, like each batch's: a damaged file is not trusted.
    let sum = crate::codec::checksum(&w.0[MAGIC.len()..]);
    w.0.extend_from_slice(&sum.to_le_bytes());
    w.0
}

/// What changed since the saved history, to append to its file (see [`batch`]).
pub struct Delta<'a> {
    /// The commit the file's history was as of.
    pub base: Oid,
    /// The commit it is now as of.
    pub head: Oid,
    /// Main-line commits in all.
    pub mainline: usize,
    /// Everyone resolved, with whom `.mailmap` made of them.
    pub people: &'a [((String, String), Person)],
    /// The whole history now: its first `new_commits` commits are new.
    pub history: &'a History,
    pub new_commits: usize,
    /// Pages whose history changed (written whole), and paths that no longer have a page.
    pub touched: Vec<&'a str>,
    pub removed: Vec<String>,
}

/// A batch to append to the file: length and checksum (eight bytes each), then the delta.
/// A build after one commit appends a few kilobytes instead of writing the whole history.
pub fn batch(d: &Delta<'_>) -> Vec<u8> {
    let mut w = Writer::default();
    w.0.extend_from_slice(d.base.as_bytes());
    w.0.extend_from_slice(d.head.as_bytes());
    w.put(&d.mainline);
    w.put(d.people);
    w.put(&d.history.commits[..d.new_commits]);
    let total = d.history.commits.len();
    let touched = sorted_pages(
        d.touched
            .iter()
            .filter_map(|k| d.history.pages.get_key_value(*k)),
    );
    w.u64(touched.len() as u64);
    for (k, p) in touched {
        w.put(k);
        w.put(&SavedPage(p, total));
    }
    w.put(&d.removed);
    crate::codec::frame(&w.0)
}

fn oid(r: &mut Reader<'_>) -> Option<Oid> {
    let (id, rest) = r.0.split_first_chunk::<20>()?;
    r.0 = rest;
    Oid::from_bytes(id).ok()
}

/// The snapshot saved at `path` for `scope`, with the batches appended since applied; `None`
/// when there is none, or it is for another scope, format or stratwiki, or damaged. A batch
/// that does not continue the history before it (two builds appended the same commits) is
/// passed over; one cut short or damaged ends the reading there, and the file is then written
/// whole by the next build that changes it ([`Snapshot::whole`]).
pub fn load(path: &Path, scope: &Scope) -> Option<Snapshot> {
    decode(&std::fs::read(path).ok()?, scope)
}

/// The snapshot in the file `bytes` for `scope`, as [`load`] reads it. A cache folder may be
/// restored from an untrusted build, so this is the decoder the fuzz targets (`fuzz/`) feed.
pub fn decode(bytes: &[u8], scope: &Scope) -> Option<Snapshot> {
    let mut r = Reader(bytes.strip_prefix(MAGIC.as_slice())?);
    if r.u64()? != VERSION
        || r.str()? != crate::content::cache::binary_stamp()
        || r.get::<Scope>()? != *scope
    {
        return None;
    }
    let mut head = oid(&mut r)?;
    let mut mainline = r.get()?;
    let mut people = r.get()?;
    let mut commits: Vec<Commit> = r.get()?;
    let shallow_since = r.get()?;
    let n = r.len()?;
    let mut pages = HashMap::with_capacity(n);
    for _ in 0..n {
        let k: String = r.get()?;
        pages.insert(k, decode_page(&mut r)?);
    }
    let body = &bytes[MAGIC.len()..bytes.len() - r.0.len()];
    let (sum, after) = r.0.split_first_chunk::<8>()?;
    if crate::codec::checksum(body) != u64::from_le_bytes(*sum) {
        return None;
    }
    r.0 = after;
    // Commit ids are shown cut to their first characters: only hex ones are trusted.
    if commits
        .iter()
        .any(|c| c.id.len() != 40 || !c.id.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        return None;
    }
    // The batches: newer commits come first in the history, so they are gathered and put in
    // front once.
    let mut newer: Vec<Vec<Commit>> = Vec::new();
    let mut batches = 0;
    let mut frames = crate::codec::Frames { rest: r.0 };
    for payload in frames.by_ref() {
        batches += 1;
        let mut b = Reader(payload);
        let Some(applied) = (|| {
            // A batch that does not continue the history (two builds appended the same
            // commits) is passed over; the next one may continue it.
            if oid(&mut b)? != head {
                return None;
            }
            let to = oid(&mut b)?;
            let m: usize = b.get()?;
            let p: Vec<((String, String), Person)> = b.get()?;
            let c: Vec<Commit> = b.get()?;
            let mut changed = Vec::new();
            for _ in 0..b.len()? {
                let k: String = b.get()?;
                changed.push((k, decode_page(&mut b)?));
            }
            let removed: Vec<String> = b.get()?;
            b.is_empty().then_some((to, m, p, c, changed, removed))
        })() else {
            continue;
        };
        let (to, m, p, c, changed, removed) = applied;
        head = to;
        mainline = m;
        people = p;
        newer.push(c);
        pages.extend(changed);
        for k in removed {
            pages.remove(&k);
        }
    }
    let whole = frames.rest.is_empty();
    if !newer.is_empty() {
        let mut all: Vec<Commit> = newer.into_iter().rev().flatten().collect();
        all.append(&mut commits);
        commits = all;
    }
    // Commits counted from the oldest become indices, newest first.
    let total = commits.len();
    for p in pages.values_mut() {
        for rev in &mut p.revisions {
            if rev.commit >= total {
                return None;
            }
            rev.commit = total - 1 - rev.commit;
        }
    }
    Some(Snapshot {
        head,
        mainline,
        people,
        batches,
        len: bytes.len() as u64,
        whole,
        history: History {
            commits,
            pages,
            shallow_since,
            ..History::default()
        },
    })
}

/// Put `old` (the saved history) behind `new` (the history of the commits made since),
/// in place: commits after the new ones, and each saved page under the path it has now
/// (`alias`: a path renamed by a new commit → the page's path now), its revisions after the
/// new ones.
pub fn merge(new: &mut History, old: History, alias: &HashMap<String, String>) {
    let offset = new.commits.len();
    new.commits.extend(old.commits);
    if new.shallow_since.is_none() {
        new.shallow_since = old.shallow_since;
    }
    for (key, mut page) in old.pages {
        for r in &mut page.revisions {
            r.commit += offset;
        }
        let key = alias.get(&key).cloned().unwrap_or(key);
        match new.pages.entry(key) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(page);
            }
            std::collections::hash_map::Entry::Occupied(mut o) => {
                let p = o.get_mut();
                p.revisions.extend(page.revisions);
                // Two saved pages can end up under one path (a page renamed onto the path of a
                // deleted one): newest first across both, and within one commit in the order the
                // commit lists its paths, as a full reading has them.
                let commits = &new.commits;
                p.revisions.sort_by_key(|r| {
                    let order = commits[r.commit].paths.iter().position(|x| *x == r.path);
                    (r.commit, order)
                });
                for path in page.old_paths {
                    if !p.old_paths.contains(&path) {
                        p.old_paths.push(path);
                    }
                }
                p.cut |= page.cut;
                super::assemble::mark_restored(p);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(n: &str) -> Person {
        Person {
            name: n.into(),
            email: format!("{}@example.org", n.to_lowercase()),
        }
    }

    fn commit(id: char, paths: &[&str]) -> Commit {
        Commit {
            id: id.to_string().repeat(40),
            summary: format!("Commit {id}"),
            author: person("Ann"),
            co_authors: vec![person("Bo")],
            time: 1_700_000_000,
            paths: paths.iter().map(|p| p.to_string()).collect(),
        }
    }

    fn rev(commit: usize, kind: ChangeKind, path: &str) -> Revision {
        Revision {
            commit,
            kind,
            path: path.into(),
            old_blob: Some("a".repeat(40)),
            new_blob: None,
            written_by: Some((person("Cy"), "Fix".into())),
        }
    }

    #[test]
    fn round_trip_in_scope_only() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("h.bin");
        let scope = Scope {
            prefix: "content".into(),
            shallow: vec![],
            follow_renames: true,
        };
        let mut pages = HashMap::new();
        pages.insert(
            "a.md".to_string(),
            PageHistory {
                revisions: vec![
                    rev(
                        0,
                        ChangeKind::Renamed {
                            from: "b.md".into(),
                        },
                        "a.md",
                    ),
                    rev(1, ChangeKind::Created, "b.md"),
                ],
                old_paths: vec!["b.md".into()],
                cut: false,
                uncommitted: true,
                old_slugs: Default::default(),
            },
        );
        let snap = Snapshot {
            head: Oid::from_str(&"c".repeat(40)).unwrap(),
            mainline: 7,
            batches: 0,
            len: 0,
            whole: true,
            people: vec![(("ann".into(), "a@x".into()), person("Ann"))],
            history: History {
                commits: vec![commit('1', &["a.md"]), commit('2', &["b.md"])],
                pages,
                shallow_since: Some(5),
                ..History::default()
            },
        };
        let bytes = encode(&scope, snap.head, 7, &snap.people, &snap.history);
        std::fs::write(&file, &bytes).unwrap();
        let back = load(&file, &scope).unwrap();
        assert_eq!(back.head, snap.head);
        assert_eq!(back.mainline, 7);
        assert_eq!(back.people, snap.people);
        assert_eq!(back.history.shallow_since, Some(5));
        assert_eq!(back.history.commits.len(), 2);
        assert_eq!(back.history.commits[1].paths, vec!["b.md"]);
        let a = back.history.page("a.md").unwrap();
        assert_eq!(a.revisions.len(), 2);
        assert_eq!(
            a.revisions[0].kind,
            ChangeKind::Renamed {
                from: "b.md".into()
            }
        );
        assert_eq!(a.revisions[1].written_by.as_ref().unwrap().0, person("Cy"));
        assert!(!a.uncommitted, "the work-tree mark is not saved");
        assert_eq!(
            encode(&scope, back.head, 7, &back.people, &back.history),
            bytes,
            "the same history, the same bytes"
        );
        // Another scope, or a damaged file, is not trusted.
        let other = Scope {
            follow_renames: false,
            ..scope.clone()
        };
        assert!(load(&file, &other).is_none());
        std::fs::write(&file, &bytes[..bytes.len() - 1]).unwrap();
        assert!(load(&file, &scope).is_none());
    }

    #[test]
    fn merge_rekeys_renamed_pages_and_offsets_commits() {
        // Saved: b.md created in commit 0 (of the old history), d.md deleted in 0.
        let mut old_pages = HashMap::new();
        old_pages.insert(
            "b.md".to_string(),
            PageHistory {
                revisions: vec![rev(0, ChangeKind::Created, "b.md")],
                ..Default::default()
            },
        );
        old_pages.insert(
            "d.md".to_string(),
            PageHistory {
                revisions: vec![
                    rev(0, ChangeKind::Deleted, "d.md"),
                    rev(1, ChangeKind::Created, "d.md"),
                ],
                ..Default::default()
            },
        );
        let old = History {
            commits: vec![commit('1', &["b.md", "d.md"]), commit('2', &["d.md"])],
            pages: old_pages,
            ..History::default()
        };
        // New: b.md renamed to c.md, d.md created again.
        let mut new_pages = HashMap::new();
        new_pages.insert(
            "c.md".to_string(),
            PageHistory {
                revisions: vec![rev(
                    0,
                    ChangeKind::Renamed {
                        from: "b.md".into(),
                    },
                    "c.md",
                )],
                old_paths: vec!["b.md".into()],
                ..Default::default()
            },
        );
        new_pages.insert(
            "d.md".to_string(),
            PageHistory {
                revisions: vec![rev(0, ChangeKind::Created, "d.md")],
                ..Default::default()
            },
        );
        let mut new = History {
            commits: vec![commit('3', &["c.md", "d.md"])],
            pages: new_pages,
            ..History::default()
        };
        let alias = HashMap::from([("b.md".to_string(), "c.md".to_string())]);
        merge(&mut new, old, &alias);
        assert_eq!(new.commits.len(), 3);
        assert!(new.page("b.md").is_none());
        let c = new.page("c.md").unwrap();
        let commits: Vec<usize> = c.revisions.iter().map(|r| r.commit).collect();
        assert_eq!(commits, vec![0, 1]);
        assert_eq!(new.commits[c.revisions[1].commit].id, "1".repeat(40));
        let d = new.page("d.md").unwrap();
        let kinds: Vec<&ChangeKind> = d.revisions.iter().map(|r| &r.kind).collect();
        assert_eq!(
            kinds,
            vec![
                &ChangeKind::Restored,
                &ChangeKind::Deleted,
                &ChangeKind::Created
            ]
        );
    }
}
