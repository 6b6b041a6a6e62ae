//! The history cache: each main-line commit's changes, keyed by commit id.
//!
//! A commit never changes, so what it changed under the content folder is computed once. The
//! file records a format version and the content folder it was made for; a file from another
//! version, another folder, or one that does not parse is ignored and rewritten, so changing the
//! format never needs a manual clean.
//!
//! The file is a plain binary encoding (`crate::codec`: every string with its length before
//! it), not JSON: a rebuild reads the whole file before anything else can use the
//! history, and on 20,000 commits (8.8 MB) parsing JSON took about 100 ms on one core, most of a
//! rebuild's critical path.

use std::collections::HashMap;
use std::path::Path;

use git2::Oid;

use super::walk::{CommitChanges, RawChange};
use crate::codec::{Reader, Writer};

/// Bump when [`CommitChanges`] or its meaning changes.
const VERSION: u32 = 7;

/// The first bytes of the file.
const MAGIC: &[u8; 8] = b"SWHIST\0\n";

#[derive(Debug, PartialEq)]
struct File {
    version: u32,
    prefix: String,
    /// The shallow-clone roots when it was written: after `git fetch --unshallow` the boundary
    /// commits have parents again, so the cache no longer describes them.
    shallow: Vec<String>,
    commits: Vec<CommitChanges>,
}

/// [`File`] as written: the commits borrowed, not copied, so saving costs no second copy of
/// the history in memory.
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
    commits: HashMap<Oid, CommitChanges>,
    /// The main line as of the last save, newest first.
    order: Vec<Oid>,
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
        Cache::from_bytes(&bytes, prefix, &shallow).unwrap_or(empty)
    }

    /// The cache in the file `bytes` for content prefix `prefix` and shallow roots `shallow`
    /// (as [`Cache::load`] reads it); `None` when missing or stale. A cache folder may be
    /// restored from an untrusted build, so this is the decoder the fuzz targets feed.
    pub fn from_bytes(bytes: &[u8], prefix: &str, shallow: &[String]) -> Option<Cache> {
        let f = decode(bytes)?;
        if f.version != VERSION || f.prefix != prefix || f.shallow != shallow {
            return None;
        }
        let order = f
            .commits
            .iter()
            .map(|c| Oid::from_str(&c.id).ok())
            .collect::<Option<Vec<Oid>>>()?;
        Some(Cache {
            prefix: f.prefix,
            shallow: f.shallow,
            commits: order.iter().copied().zip(f.commits).collect(),
            order,
        })
    }

    /// The main line (newest first) as of the last save; empty when unknown.
    pub fn order(&self) -> &[Oid] {
        &self.order
    }

    /// True when the commit is cached.
    pub fn contains(&self, id: Oid) -> bool {
        self.commits.contains_key(&id)
    }

    /// The cached changes of a commit.
    pub fn get(&self, id: Oid) -> Option<&CommitChanges> {
        self.commits.get(&id)
    }

    /// Add a commit's changes.
    pub fn insert(&mut self, c: CommitChanges) {
        if let Ok(id) = Oid::from_str(&c.id) {
            self.commits.insert(id, c);
        }
    }

    /// Add `newer`, the main-line commits made after `base` (newest first), to the file at
    /// `path` without rewriting it: one batch (length, checksum, then the commits) at its end.
    /// A reader takes a batch only where it continues the main line the file had, so a batch
    /// appended to a file that moved on, or cut short, is ignored rather than misread.
    pub fn append(path: &Path, base: Oid, newer: &[CommitChanges]) -> std::io::Result<()> {
        use std::io::Write;
        let mut w = Writer::default();
        w.put(&base.to_string());
        w.put(newer);
        let batch = crate::codec::frame(&w.0);
        // Only to a file of this format (another stratwiki may have written it since).
        let mut head = [0u8; 16];
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .append(true)
            .open(path)?;
        let n = std::io::Read::read(&mut file, &mut head)?;
        let mut ours = Writer(MAGIC.to_vec());
        ours.u64(VERSION.into());
        if !head[..n].starts_with(&ours.0) {
            return Ok(());
        }
        // One write: appends of concurrent builds do not interleave.
        file.write_all(&batch)
    }

    /// Write the commits of `keep` (in that order) atomically: a temporary file, then a rename.
    pub fn save(&self, path: &Path, keep: &[git2::Oid]) -> std::io::Result<()> {
        let commits: Vec<&CommitChanges> =
            keep.iter().filter_map(|id| self.commits.get(id)).collect();
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
        // Streamed to the file: no buffer of the whole history.
        let mut out = std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(&tmp)?);
        encode(&file, &mut out)?;
        std::io::Write::flush(&mut out)?;
        drop(out);
        std::fs::rename(&tmp, path)?;
        // The JSON cache of earlier versions, now unused.
        let _ = std::fs::remove_file(path.with_file_name("history.json"));
        Ok(())
    }
}

crate::record!(CommitChanges {
    id,
    summary,
    author,
    time,
    via_merge,
    co_authors,
    changes,
    boundary,
});

crate::record!(RawChange {
    path,
    old,
    new,
    from
});

/// Write `file`: the magic bytes, then every field in order (`crate::codec`), written out every
/// 64 KiB so the whole history is never a second time in memory.
fn encode(file: &FileRef<'_>, out: &mut impl std::io::Write) -> std::io::Result<()> {
    let mut w = Writer(Vec::with_capacity(1 << 16));
    w.0.extend_from_slice(MAGIC);
    w.u64(file.version.into());
    w.str(file.prefix);
    w.put(file.shallow);
    w.u64(file.commits.len() as u64);
    for c in &file.commits {
        w.put(*c);
        if w.0.len() >= 1 << 16 {
            out.write_all(&w.0)?;
            w.0.clear();
        }
    }
    out.write_all(&w.0)
}

/// Read what [`encode`] wrote; `None` for anything else (another format, a truncated file).
fn decode(bytes: &[u8]) -> Option<File> {
    let mut r = Reader(bytes.strip_prefix(MAGIC.as_slice())?);
    let version = u32::try_from(r.u64()?).ok()?;
    if version != VERSION {
        return Some(File {
            version,
            prefix: String::new(),
            shallow: Vec::new(),
            commits: Vec::new(),
        });
    }
    let mut file = File {
        version,
        prefix: r.get()?,
        shallow: r.get()?,
        commits: r.get()?,
    };
    // Then the batches appended since (see [`Cache::append`]), each continuing the main line
    // where the one before ended; one cut short, damaged or not continuing ends the reading.
    let mut head = file.commits.first().map(|c| c.id.clone());
    let mut batches: Vec<Vec<CommitChanges>> = Vec::new();
    for payload in (crate::codec::Frames { rest: r.0 }) {
        let mut b = Reader(payload);
        let (Some(base), Some(newer)) = (b.get::<String>(), b.get::<Vec<CommitChanges>>()) else {
            continue;
        };
        // A batch that does not continue the main line (two builds appended the same commits)
        // is passed over; the next one may continue it.
        if !b.is_empty() || head.as_deref() != Some(base.as_str()) || newer.is_empty() {
            continue;
        }
        head = Some(newer[0].id.clone());
        batches.push(newer);
    }
    // Newer commits first, put in front once.
    if !batches.is_empty() {
        let mut all: Vec<CommitChanges> = batches.into_iter().rev().flatten().collect();
        all.append(&mut file.commits);
        file.commits = all;
    }
    Some(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> CommitChanges {
        CommitChanges {
            id: "a".repeat(40),
            summary: "Edit the goal — «quoted»".into(),
            author: ("Ann".into(), "ann@example.org".into()),
            time: 1_700_000_000,
            via_merge: vec![("p.md".into(), "Bo".into(), "bo@x".into(), "Fix".into())],
            co_authors: vec![("Cy".into(), "cy@x".into())],
            changes: vec![RawChange {
                path: "goals/p.md".into(),
                old: Some("b".repeat(40)),
                new: None,
                from: Some("goals/q.md".into()),
            }],
            boundary: true,
        }
    }

    #[test]
    fn round_trip_and_damage() {
        let c = sample();
        let shallow = vec!["c".repeat(40)];
        let file = FileRef {
            version: VERSION,
            prefix: "content",
            shallow: &shallow,
            commits: vec![&c, &c],
        };
        let mut bytes = Vec::new();
        encode(&file, &mut bytes).unwrap();
        let back = decode(&bytes).unwrap();
        assert_eq!(back.prefix, "content");
        assert_eq!(back.shallow, shallow);
        assert_eq!(back.commits, vec![c.clone(), c]);
        // Every truncation is rejected rather than half-read; bytes after the commits that
        // are no whole batch (an append cut short) are ignored.
        for n in 0..bytes.len() {
            assert!(decode(&bytes[..n]).is_none(), "truncated at {n}");
        }
        let mut longer = bytes.clone();
        longer.extend_from_slice(&[9; 20]);
        assert_eq!(decode(&longer).unwrap().commits, back.commits);
        assert!(decode(b"{\"version\": 4}").is_none());
    }

    #[test]
    fn appended_batches_continue_the_main_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.bin");
        let with_id = |c: char| CommitChanges {
            id: c.to_string().repeat(40),
            ..sample()
        };
        let (a, b, c) = (with_id('a'), with_id('b'), with_id('c'));
        let mut cache = Cache::load(&path, "content", &[]);
        cache.insert(a.clone());
        let ida = Oid::from_str(&a.id).unwrap();
        cache.save(&path, &[ida]).unwrap();
        // b after a, then c after b: the main line is c, b, a.
        let idb = Oid::from_str(&b.id).unwrap();
        Cache::append(&path, ida, std::slice::from_ref(&b)).unwrap();
        Cache::append(&path, idb, std::slice::from_ref(&c)).unwrap();
        let back = Cache::load(&path, "content", &[]);
        let ids: Vec<String> = back.order().iter().map(|o| o.to_string()).collect();
        assert_eq!(ids, vec![c.id.clone(), b.id.clone(), a.id.clone()]);
        assert_eq!(back.get(idb), Some(&b));
        // A batch that does not continue the main line (written after another build moved
        // it) is ignored, and so is a batch cut short.
        Cache::append(&path, ida, std::slice::from_ref(&b)).unwrap();
        assert_eq!(Cache::load(&path, "content", &[]).order().len(), 3);
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 5]).unwrap();
        assert_eq!(Cache::load(&path, "content", &[]).order().len(), 3);
    }
}
