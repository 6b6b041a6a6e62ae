//! Parsed and rendered files, kept by blob id: within a build (the versions of a wiki share
//! most files) and across builds (`.stratwiki-cache/parsed.bin`).
//!
//! A file's parse depends only on its bytes and path, so it is keyed by (blob id, path). Its
//! rendered Markdown also depends on where its links go; the renderer's questions and the
//! answers it got are kept with it (`markdown::Recording`), and a rendering is reused only
//! where the model answers every question the same. On a rebuild after one commit, parsing the
//! front matter and rendering the Markdown of 1,400 unchanged pages was about a third of the
//! CPU time; reading them back from this cache takes a few milliseconds.
//!
//! The file on disk records the format version and the stratwiki that wrote it (its version
//! and a hash of its source code), so a stratwiki built from other code never trusts it. A file
//! that does not decode is ignored and rewritten.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::codec::{Decode, Encode, Reader, Writer};
use crate::content::{CaseStudyMeta, GoalMeta, GoalStatus, Indicator, Meta, OwnerMeta, Ref};
use crate::content::{Kind, ParsedPage};
use crate::diagnostics::{Diagnostic, Severity};
use crate::markdown::{BrokenLink, Call, Heading, Rendered};

/// One file's parse: the page and its warnings, or its errors.
pub type ParseResult = Result<(ParsedPage, Vec<Diagnostic>), Vec<Diagnostic>>;

/// (blob id, content path).
type ParseKey = (String, String);

/// (blob id, content path, `url|trusted-html`).
type RenderKey = (String, String, String);

/// A rendering and the link questions it asked.
pub type RenderEntry = Arc<(Rendered, Vec<Call>)>;

/// Bump when the encoding or the meaning of a cached parse or rendering changes.
const VERSION: u64 = 2;

/// The first bytes of the file.
const MAGIC: &[u8; 8] = b"SWPAGE\0\n";

/// A cached parse. Parses read from the file lack the page's text (its body and front matter
/// are slices of the file's bytes, which the caller has or can read): that keeps the file a
/// third smaller, and it is read and written on every build.
#[derive(Clone)]
pub struct Parsed {
    result: ParseResult,
    has_text: bool,
}

impl Parsed {
    /// The parse; when it came from the file, its text is put back from `bytes`, the file's
    /// content (`None` when the bytes cannot be had, which makes it a miss).
    pub fn complete(self, bytes: impl FnOnce() -> Option<Vec<u8>>) -> Option<ParseResult> {
        let mut result = self.result;
        if !self.has_text
            && let Ok((page, _)) = &mut result
        {
            let bytes = bytes()?;
            let split = std::str::from_utf8(&bytes)
                .ok()
                .and_then(|t| crate::content::frontmatter::split(t).ok())?;
            page.body = split.body.to_string();
            page.front_matter = split.yaml.unwrap_or_default().to_string();
        }
        Some(result)
    }

    /// True when [`Parsed::complete`] needs the file's bytes.
    pub fn needs_text(&self) -> bool {
        !self.has_text && self.result.is_ok()
    }
}

/// A cache entry: still encoded in the file's bytes (decoded when asked for, by the thread
/// that asks, and moved to it rather than copied), or made in this build.
enum Slot<T> {
    /// The record's bytes in [`ModelCache::raw`], and where its value starts.
    Raw(std::ops::Range<usize>, usize),
    /// Made in this build and kept only encoded ([`ModelCache::pending`]): the record's bytes
    /// there, and where its value starts.
    Pending(std::ops::Range<usize>, usize),
    /// Made in this build.
    Ready(T),
}

/// Where an entry's encoded value starts: in the file read, or in this build's pending records.
#[derive(Clone, Copy)]
enum Encoded {
    File(usize),
    Pending(usize),
}

impl<T: Clone> Slot<T> {
    /// The value made in this build, or where its encoding is.
    fn get(&self) -> Result<T, Encoded> {
        match self {
            Slot::Raw(_, value) => Err(Encoded::File(*value)),
            Slot::Pending(_, value) => Err(Encoded::Pending(*value)),
            Slot::Ready(t) => Ok(t.clone()),
        }
    }
}

/// Work on file contents shared by the versions of one build and by consecutive builds.
#[derive(Default)]
pub struct ModelCache {
    /// The file as read.
    raw: Vec<u8>,
    /// Records made in this build for files no other version will ask for (the working
    /// tree's), kept encoded rather than as a second copy of every page: they are only written.
    pending: Mutex<Vec<u8>>,
    parsed: Mutex<HashMap<ParseKey, Slot<Parsed>>>,
    /// Several renderings per key, oldest first: the same file renders differently in editions
    /// where its links go to different places, and each edition must find its own rather
    /// than replace another's on every build.
    rendered: Mutex<HashMap<RenderKey, Vec<Slot<RenderEntry>>>>,
    /// Keys this build used (found or added), and those it added.
    used: Mutex<Used>,
    /// Records in the file when it was read (several may have the same key: the last wins).
    records: usize,
    /// True when every byte of the file was read (no batch cut short or damaged): only then
    /// can a build append to it, as a reader stops at the first bad batch.
    whole: bool,
    /// Parses and renderings reused (for `STRATWIKI_TIMINGS` and tests).
    reused: [std::sync::atomic::AtomicUsize; 2],
    /// Some files this cache serves were not asked for in this build (versions not loaded,
    /// [`ModelCache::keep_unused`]): their records look unused, but must not be dropped.
    partial: std::sync::atomic::AtomicBool,
}

#[derive(Default)]
struct Used {
    parsed: HashSet<ParseKey>,
    rendered: HashSet<RenderKey>,
    new_parsed: Vec<ParseKey>,
    new_rendered: Vec<(RenderKey, RenderEntry)>,
}

/// Renderings kept per key (see [`ModelCache::rendered`]): enough for a file whose links go
/// somewhere else in each of a dozen editions (with 4, the 10-edition benchmark re-rendered
/// and re-appended 212 pages on every build).
const RENDERINGS_PER_KEY: usize = 16;

/// Add `slot` to a key's renderings, dropping the oldest beyond [`RENDERINGS_PER_KEY`].
fn push_rendering(slots: &mut Vec<Slot<RenderEntry>>, slot: Slot<RenderEntry>) {
    if slots.len() == RENDERINGS_PER_KEY {
        slots.remove(0);
    }
    slots.push(slot);
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl ModelCache {
    /// Decode the value encoded at `at` with `decode`.
    fn decode<U>(
        &self,
        at: Encoded,
        decode: impl FnOnce(&mut Reader<'_>) -> Option<U>,
    ) -> Option<U> {
        match at {
            Encoded::File(at) => decode(&mut Reader(self.raw.get(at..)?)),
            Encoded::Pending(at) => decode(&mut Reader(lock(&self.pending).get(at..)?)),
        }
    }

    /// The parse of the file at `path` with blob `blob`, if cached (see [`Parsed::complete`]).
    pub fn parsed(&self, blob: &str, path: &str) -> Option<Parsed> {
        let key = (blob.to_string(), path.to_string());
        let found = lock(&self.parsed).get(&key)?.get();
        let hit = match found {
            Ok(p) => p,
            Err(at) => Parsed {
                result: self.decode(at, decode_parse)?,
                has_text: false,
            },
        };
        lock(&self.used).parsed.insert(key);
        Some(hit)
    }

    /// Keep a parse (or a completed one, in place of the one without its text).
    pub fn put_parsed(&self, blob: &str, path: &str, r: ParseResult) {
        let key = (blob.to_string(), path.to_string());
        let old = lock(&self.parsed).insert(
            key.clone(),
            Slot::Ready(Parsed {
                result: r,
                has_text: true,
            }),
        );
        let mut used = lock(&self.used);
        if old.is_none() {
            used.new_parsed.push(key.clone());
        }
        used.parsed.insert(key);
    }

    /// The newest rendering of the file at `path` with blob `blob` for page URL and trust
    /// `how` whose recorded link questions `accept` takes (the model answers them all the same
    /// now). One read from the file is the caller's alone (`Arc::try_unwrap` takes it without
    /// a copy).
    pub fn rendered(
        &self,
        blob: &str,
        path: &str,
        how: &str,
        accept: &dyn Fn(&[Call]) -> bool,
    ) -> Option<RenderEntry> {
        let key = (blob.to_string(), path.to_string(), how.to_string());
        let found: Vec<Result<RenderEntry, Encoded>> = lock(&self.rendered)
            .get(&key)?
            .iter()
            .rev()
            .map(Slot::get)
            .collect();
        let hit = found.into_iter().find_map(|f| {
            let entry = match f {
                Ok(r) => r,
                Err(at) => Arc::new(self.decode(at, |r| r.get())?),
            };
            accept(&entry.1).then_some(entry)
        })?;
        lock(&self.used).rendered.insert(key);
        Some(hit)
    }

    /// Keep a parse encoded only, for the file alone (see [`ModelCache::pending`]).
    pub fn record_parsed(&self, blob: &str, path: &str, r: &ParseResult) {
        let key = (blob.to_string(), path.to_string());
        let mut value = Writer::default();
        encode_parse(r, &mut value);
        let (range, at) = self.add_pending(0, &|w| w.put(&key), &value);
        lock(&self.parsed).insert(key.clone(), Slot::Pending(range, at));
        lock(&self.used).parsed.insert(key);
    }

    /// Keep a rendering encoded only, for the file alone (see [`ModelCache::pending`]).
    pub fn record_rendered(
        &self,
        blob: &str,
        path: &str,
        how: &str,
        rendered: &Rendered,
        calls: &[Call],
    ) {
        let key = (blob.to_string(), path.to_string(), how.to_string());
        let mut value = Writer::default();
        value.put(rendered);
        value.put(calls);
        let (range, at) = self.add_pending(1, &|w| w.put(&key), &value);
        push_rendering(
            lock(&self.rendered).entry(key.clone()).or_default(),
            Slot::Pending(range, at),
        );
        lock(&self.used).rendered.insert(key);
    }

    /// Append a record to [`ModelCache::pending`]: where it is, and where its value starts.
    fn add_pending(
        &self,
        tag: u8,
        key: &dyn Fn(&mut Writer),
        value: &Writer,
    ) -> (std::ops::Range<usize>, usize) {
        let mut w = Writer::default();
        record(&mut w, tag, key, value);
        let value_at = w.0.len() - value.0.len();
        let mut pending = lock(&self.pending);
        let start = pending.len();
        pending.extend_from_slice(&w.0);
        (start..pending.len(), start + value_at)
    }

    /// Keep a rendering (beside those whose link answers differ).
    pub fn put_rendered(&self, blob: &str, path: &str, how: &str, entry: RenderEntry) {
        let key = (blob.to_string(), path.to_string(), how.to_string());
        push_rendering(
            lock(&self.rendered).entry(key.clone()).or_default(),
            Slot::Ready(entry.clone()),
        );
        let mut used = lock(&self.used);
        used.new_rendered.push((key.clone(), entry));
        used.rendered.insert(key);
    }

    /// Count a parse (`rendering` false) or a rendering reused from the cache.
    pub fn reused(&self, rendering: bool) {
        self.reused[usize::from(rendering)].fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// Parses and renderings reused so far.
    pub fn reuse_counts(&self) -> (usize, usize) {
        let n = |i: usize| self.reused[i].load(std::sync::atomic::Ordering::Relaxed);
        (n(0), n(1))
    }

    /// Records read from the cache file (for tests and `STRATWIKI_TIMINGS`).
    pub fn loaded(&self) -> usize {
        self.records
    }

    /// True when saving would write anything.
    pub fn changed(&self) -> bool {
        let used = lock(&self.used);
        !used.new_parsed.is_empty()
            || !used.new_rendered.is_empty()
            || !lock(&self.pending).is_empty()
            || self.stale(&used, &lock(&self.rendered))
    }

    /// This build did not ask for everything the cache serves (a site with several versions,
    /// some not loaded because their editions were taken whole): the file is only appended to,
    /// never written afresh with just the records this build used, so the next build that loads
    /// those versions still finds their parses and renderings.
    pub fn keep_unused(&self) {
        self.partial
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// True when most of the file is records this build did not use (pages deleted or
    /// changed since): time to write it afresh with only the used ones.
    fn stale(&self, used: &Used, rendered: &HashMap<RenderKey, Vec<Slot<RenderEntry>>>) -> bool {
        if self.partial.load(std::sync::atomic::Ordering::Relaxed) {
            return false;
        }
        let renderings: usize = used
            .rendered
            .iter()
            .map(|k| rendered.get(k).map_or(0, Vec::len))
            .sum();
        self.records > 2 * (used.parsed.len() + renderings) + 64
    }

    /// The cache saved at `path`; empty when there is none or it was written by another
    /// format or another stratwiki binary. A damaged tail (a write cut short) is dropped.
    /// Only the keys are read here; each record is decoded when a build asks for it.
    pub fn load(path: &Path) -> ModelCache {
        let Ok(bytes) = std::fs::read(path) else {
            return ModelCache::default();
        };
        index(bytes).unwrap_or_default()
    }

    /// Save what this build added to `path`. The file is a header and then batches, one per
    /// build, each with its length and checksum: a build after one commit appends a few
    /// kilobytes instead of writing megabytes. When most records are no longer used, the file
    /// is written afresh (a temporary file, then a rename) with only the used ones, those read
    /// from the file copied as they are.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        use std::io::Write;
        let used = lock(&self.used);
        let parsed = lock(&self.parsed);
        let rendered = lock(&self.rendered);
        // Appended only to the very file this build read: not to one with a bad tail (later
        // batches would never be read), nor to one another build has changed since.
        let same_file = std::fs::metadata(path).is_ok_and(|m| m.len() == self.raw.len() as u64);
        let fresh = self.records == 0 || !self.whole || !same_file || self.stale(&used, &rendered);
        let p: Vec<&ParseKey> = if fresh {
            used.parsed.iter().collect()
        } else {
            used.new_parsed.iter().collect()
        };
        let pending = lock(&self.pending);
        if p.is_empty() && used.new_rendered.is_empty() && pending.is_empty() && !fresh {
            return Ok(());
        }
        let mut w = Writer(Vec::with_capacity(if fresh {
            self.raw.len() + pending.len() + (1 << 20)
        } else {
            pending.len() + (1 << 16)
        }));
        if !fresh {
            // Every pending record is new.
            w.0.extend_from_slice(&pending);
        }
        let mut value = Writer::default();
        for k in p {
            match parsed.get(k) {
                Some(Slot::Raw(bytes, _)) => w.0.extend_from_slice(&self.raw[bytes.clone()]),
                Some(Slot::Pending(bytes, _)) => w.0.extend_from_slice(&pending[bytes.clone()]),
                Some(Slot::Ready(v)) => {
                    value.0.clear();
                    encode_parse(&v.result, &mut value);
                    record(&mut w, 0, &|w| w.put(k), &value);
                }
                None => {}
            }
        }
        let mut put = |w: &mut Writer, k: &RenderKey, v: &RenderEntry| {
            value.0.clear();
            value.put(&v.0);
            value.put(&v.1);
            record(w, 1, &|w| w.put(k), &value);
        };
        if fresh {
            // Every rendering of every key used, oldest first (the order they are read back).
            for k in &used.rendered {
                for slot in rendered.get(k).into_iter().flatten() {
                    match slot {
                        Slot::Raw(bytes, _) => w.0.extend_from_slice(&self.raw[bytes.clone()]),
                        Slot::Pending(bytes, _) => w.0.extend_from_slice(&pending[bytes.clone()]),
                        Slot::Ready(v) => put(&mut w, k, v),
                    }
                }
            }
        } else {
            for (k, v) in &used.new_rendered {
                put(&mut w, k, v);
            }
        }
        let batch = crate::codec::frame(&w.0);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        if fresh {
            let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
            let mut out = std::fs::File::create(&tmp)?;
            out.write_all(&header())?;
            out.write_all(&batch)?;
            drop(out);
            std::fs::rename(&tmp, path)
        } else {
            // One write of the whole batch: appends of concurrent builds do not interleave.
            std::fs::OpenOptions::new()
                .append(true)
                .open(path)?
                .write_all(&batch)
        }
    }
}

/// A record: its kind, its key, its value's length, its value.
fn record(w: &mut Writer, tag: u8, key: &dyn Fn(&mut Writer), value: &Writer) {
    w.byte(tag);
    key(w);
    w.u64(value.0.len() as u64);
    w.0.extend_from_slice(&value.0);
}

/// What [`encode_parse`] wrote.
fn decode_parse(r: &mut Reader<'_>) -> Option<ParseResult> {
    match r.byte()? {
        0 => Some(Ok(r.get()?)),
        1 => Some(Err(r.get()?)),
        _ => None,
    }
}

/// A parse without the page's text (see [`Parsed`]).
fn encode_parse(r: &ParseResult, w: &mut Writer) {
    match r {
        Ok((page, ds)) => {
            w.byte(0);
            let text_free = ParsedPage {
                body: String::new(),
                front_matter: String::new(),
                ..page.clone()
            };
            w.put(&text_free);
            w.put(ds);
        }
        Err(ds) => {
            w.byte(1);
            w.put(ds);
        }
    }
}

/// The file's first bytes: the magic, the format version, the binary that writes it.
fn header() -> Vec<u8> {
    let mut w = Writer(MAGIC.to_vec());
    w.u64(VERSION);
    w.str(binary_stamp());
    w.0
}

/// Which stratwiki wrote a cache: its version and a hash of its source code (made by the build
/// script), so a cache is never read by a stratwiki that might parse or render differently.
pub fn binary_stamp() -> &'static str {
    concat!(
        env!("CARGO_PKG_VERSION"),
        " ",
        env!("STRATWIKI_SOURCE_HASH")
    )
}

/// Index the file `bytes`: each record's key and where it is (records are decoded when asked
/// for). `None` when the header is not this format's and this binary's.
fn index(bytes: Vec<u8>) -> Option<ModelCache> {
    let start = header().len();
    if !bytes.starts_with(&header()) {
        return None;
    }
    let mut cache = ModelCache::default();
    let parsed = cache.parsed.get_mut().ok()?;
    let rendered = cache.rendered.get_mut().ok()?;
    // Batch by batch; a batch cut short or damaged ends the reading, keeping those before.
    let mut frames = crate::codec::Frames {
        rest: &bytes[start..],
    };
    while let Some(records) = frames.next() {
        // Where this batch's records start in the file.
        let base = bytes.len() - frames.rest.len() - records.len();
        let mut r = Reader(records);
        while !r.is_empty() {
            let begin = base + (records.len() - r.0.len());
            let tag = r.byte()?;
            let key = match tag {
                0 => Ok(r.get::<ParseKey>()?),
                1 => Err(r.get::<RenderKey>()?),
                _ => return None,
            };
            let n = r.len()?;
            let value = base + (records.len() - r.0.len());
            r.0 = r.0.get(n..)?;
            match key {
                Ok(k) => {
                    parsed.insert(k, Slot::Raw(begin..value + n, value));
                }
                Err(k) => {
                    push_rendering(
                        rendered.entry(k).or_default(),
                        Slot::Raw(begin..value + n, value),
                    );
                }
            }
            cache.records += 1;
        }
    }
    cache.whole = frames.rest.is_empty();
    cache.raw = bytes;
    Some(cache)
}

crate::unit_enum!(Kind {
    Kind::Chapter,
    Kind::Goal,
    Kind::CaseStudy,
    Kind::Owner,
    Kind::Page
});
crate::unit_enum!(GoalStatus {
    GoalStatus::Proposed,
    GoalStatus::Active,
    GoalStatus::Achieved,
    GoalStatus::Paused,
    GoalStatus::Dropped
});
crate::unit_enum!(Severity {
    Severity::Error,
    Severity::Warning
});
crate::record!(Diagnostic {
    severity,
    code,
    file,
    line,
    column,
    message
});
crate::record!(Indicator {
    name,
    baseline,
    target,
    current,
    unit,
    as_of
});
crate::record!(GoalMeta {
    id,
    owner,
    contributors,
    status,
    area,
    target,
    progress,
    indicators,
    chapters,
    case_studies,
    review,
    review_every
});
crate::record!(CaseStudyMeta {
    country,
    organisation,
    year,
    goals
});
crate::record!(OwnerMeta {
    owner_type,
    handles,
    website,
    contact
});
crate::record!(Ref {
    target,
    slug,
    field,
    pos
});
crate::record!(Meta {
    title,
    slug,
    weight,
    tags,
    summary,
    draft,
    owners,
    extra,
    goal,
    case_study,
    owner,
    refs,
    slug_pos,
    id_pos,
    owners_pos
});
crate::record!(ParsedPage {
    path,
    display,
    kind,
    meta,
    body,
    body_line,
    key_lines,
    front_matter
});
crate::record!(Heading { level, id, text });
crate::record!(BrokenLink {
    target,
    pos,
    reason
});
crate::record!(Rendered {
    html,
    headings,
    links,
    broken
});

impl Encode for Call {
    fn encode(&self, w: &mut Writer) {
        match self {
            Call::PageUrl(p, a) => {
                w.byte(0);
                w.put(p);
                w.put(a);
            }
            Call::Asset(p, a) => {
                w.byte(1);
                w.put(p);
                w.put(a);
            }
            Call::Wiki(n, a) => {
                w.byte(2);
                w.put(n);
                w.put(a);
            }
            Call::Url(u, a) => {
                w.byte(3);
                w.put(u);
                w.put(a);
            }
        }
    }
}

impl Decode for Call {
    fn decode(r: &mut Reader<'_>) -> Option<Self> {
        Some(match r.byte()? {
            0 => Call::PageUrl(r.get()?, r.get()?),
            1 => Call::Asset(r.get()?, r.get()?),
            2 => Call::Wiki(r.get()?, r.get()?),
            3 => Call::Url(r.get()?, r.get()?),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_renderings_survive_a_save_and_only_used_ones_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pages.bin");
        let text = b"---\ntitle: Open data\nkind: goal\nid: od\nowner: dg\nstatus: active\nprogress: 40\nindicators:\n  - name: Sets\n    baseline: 1.5\n    target: 10\ntags: [data]\nflavour: mint\n---\n# Open data\n\nSee [x](missing.md).\n";
        let parsed = crate::content::parse_page("goals/od.md", "content/goals/od.md", text);
        let broken = Err(vec![
            Diagnostic::error("content", "bad")
                .in_file("content/x.md")
                .at(3, 4),
        ]);
        let rendered = Rendered {
            html: "<p>See</p>".into(),
            headings: vec![Heading {
                level: 2,
                id: "a".into(),
                text: "A".into(),
            }],
            links: vec!["goals/x.md".into()],
            broken: vec![BrokenLink {
                target: "missing.md".into(),
                pos: (16, 5),
                reason: "no such page".into(),
            }],
        };
        let calls = vec![
            Call::PageUrl("goals/missing.md".into(), None),
            Call::Wiki("X".into(), Some(("a".into(), "b".into(), "c".into()))),
            Call::Asset("a.png".into(), true),
            Call::Url("u.html".into(), false),
        ];
        let c = ModelCache::default();
        c.put_parsed("b1", "goals/od.md", parsed.clone());
        c.put_parsed("b2", "x.md", broken.clone());
        c.put_rendered(
            "b1",
            "goals/od.md",
            "goals/od.html|false",
            Arc::new((rendered.clone(), calls.clone())),
        );
        c.save(&file).unwrap();

        let back = ModelCache::load(&file);
        assert_eq!(back.loaded(), 3);
        // The file keeps no page text: it comes back from the file's bytes.
        let hit = back.parsed("b1", "goals/od.md").unwrap();
        assert!(hit.needs_text());
        assert!(hit.clone().complete(|| None).is_none());
        let (p, ds) = hit.complete(|| Some(text.to_vec())).unwrap().unwrap();
        let (want, want_ds) = parsed.unwrap();
        assert_eq!(p.meta, want.meta);
        assert_eq!(p.meta.refs, want.meta.refs);
        assert_eq!(p.meta.slug_pos, want.meta.slug_pos);
        assert_eq!(
            (p.body, p.body_line, p.key_lines, p.front_matter),
            (want.body, want.body_line, want.key_lines, want.front_matter)
        );
        assert_eq!(ds, want_ds);
        let failed = back.parsed("b2", "x.md").unwrap();
        assert!(!failed.needs_text());
        assert_eq!(
            failed.complete(|| None).unwrap().unwrap_err(),
            broken.clone().unwrap_err()
        );
        let r = back
            .rendered("b1", "goals/od.md", "goals/od.html|false", &|_| true)
            .unwrap();
        assert_eq!(r.0.html, rendered.html);
        assert_eq!(r.0.headings, rendered.headings);
        assert_eq!(r.0.broken, rendered.broken);
        assert_eq!(r.1, calls);
        assert!(
            back.rendered("b1", "goals/od.md", "goals/od.html|true", &|_| true)
                .is_none()
        );

        // A build that adds nothing writes nothing.
        let next = ModelCache::load(&file);
        assert!(next.parsed("b1", "goals/od.md").is_some());
        assert!(!next.changed());
        next.save(&file).unwrap();
        assert_eq!(ModelCache::load(&file).loaded(), 3);

        // A build that adds an entry appends a batch; a batch cut short ends the reading, and the
        // ones before it are kept.
        let before = std::fs::metadata(&file).unwrap().len();
        let next = ModelCache::load(&file);
        next.put_parsed("b3", "y.md", broken.clone());
        next.save(&file).unwrap();
        assert!(std::fs::metadata(&file).unwrap().len() > before);
        assert_eq!(ModelCache::load(&file).loaded(), 4);
        let bytes = std::fs::read(&file).unwrap();
        std::fs::write(&file, &bytes[..bytes.len() - 3]).unwrap();
        let cut = ModelCache::load(&file);
        assert_eq!(cut.loaded(), 3);
        assert!(cut.parsed("b3", "y.md").is_none());
        assert!(cut.parsed("b2", "x.md").is_some());
        // Another binary's (or format's) file is not read at all.
        let mut other = bytes.clone();
        other[9] ^= 1;
        std::fs::write(&file, &other).unwrap();
        assert_eq!(ModelCache::load(&file).loaded(), 0);
    }

    #[test]
    fn a_file_keeps_one_rendering_per_set_of_link_answers() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pages.bin");
        let rendering = |html: &str, exists: bool| {
            Arc::new((
                Rendered {
                    html: html.into(),
                    ..Default::default()
                },
                vec![Call::PageUrl(
                    "b.md".into(),
                    exists.then(|| "b.html".into()),
                )],
            ))
        };
        let answers = |exists: bool| {
            move |calls: &[Call]| {
                calls[0] == Call::PageUrl("b.md".into(), exists.then(|| "b.html".into()))
            }
        };
        // Two editions: in one the link target exists, in the other it does not.
        let c = ModelCache::default();
        c.put_rendered("b1", "a.md", "a.html|false", rendering("linked", true));
        c.put_rendered("b1", "a.md", "a.html|false", rendering("broken", false));
        let html = |c: &ModelCache, exists: bool| {
            c.rendered("b1", "a.md", "a.html|false", &answers(exists))
                .map(|r| r.0.html.clone())
        };
        assert_eq!(html(&c, true).as_deref(), Some("linked"));
        assert_eq!(html(&c, false).as_deref(), Some("broken"));
        c.save(&file).unwrap();
        let back = ModelCache::load(&file);
        assert_eq!(html(&back, true).as_deref(), Some("linked"));
        assert_eq!(html(&back, false).as_deref(), Some("broken"));
        // Only so many are kept per key: the oldest go.
        for i in 0..RENDERINGS_PER_KEY {
            back.put_rendered(
                "b1",
                "a.md",
                "a.html|false",
                rendering(&format!("r{i}"), false),
            );
        }
        assert_eq!(html(&back, true), None);
        assert_eq!(
            html(&back, false).as_deref(),
            Some(format!("r{}", RENDERINGS_PER_KEY - 1).as_str())
        );
    }

    /// A cache file of 100 parse records (`b0` … `b99` of `p.md`).
    fn hundred_records(file: &std::path::Path) {
        let c = ModelCache::default();
        for i in 0..100 {
            c.put_parsed(&format!("b{i}"), "p.md", Err(Vec::new()));
        }
        c.save(file).unwrap();
    }

    #[test]
    fn a_file_of_mostly_unused_records_is_written_afresh() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pages.bin");
        hundred_records(&file);
        let next = ModelCache::load(&file);
        assert_eq!(next.loaded(), 100);
        assert!(next.parsed("b7", "p.md").is_some());
        assert!(next.changed());
        next.save(&file).unwrap();
        let again = ModelCache::load(&file);
        assert_eq!(again.loaded(), 1);
        assert!(again.parsed("b7", "p.md").is_some());
        assert!(again.parsed("b8", "p.md").is_none());
    }

    #[test]
    fn a_build_that_did_not_ask_for_everything_keeps_the_unused_records() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pages.bin");
        hundred_records(&file);
        // A build of a site with versions, some of them not loaded: one record used.
        let next = ModelCache::load(&file);
        assert!(next.parsed("b7", "p.md").is_some());
        next.keep_unused();
        assert!(!next.changed());
        next.save(&file).unwrap();
        let again = ModelCache::load(&file);
        assert_eq!(again.loaded(), 100);
        assert!(again.parsed("b8", "p.md").is_some());
    }
}
