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
//!
//! This module holds the cache's lookups (what a build asks and keeps); `file.rs` reads and
//! writes the file, and `records.rs` encodes parses and renderings as its records.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use crate::codec::{Reader, Writer};
use crate::content::ParsedPage;
use crate::diagnostics::Diagnostic;
use crate::markdown::{Call, Rendered};
use records::{decode_parse, encode_parse, record};

mod file;
mod records;

pub use file::binary_stamp;

/// One file's parse: the page and its warnings, or its errors.
pub type ParseResult = Result<(ParsedPage, Vec<Diagnostic>), Vec<Diagnostic>>;

/// (blob id, content path).
type ParseKey = (String, String);

/// (blob id, content path, `url|trusted-html`).
type RenderKey = (String, String, String);

/// A rendering and the link questions it asked.
pub type RenderEntry = Arc<(Rendered, Vec<Call>)>;

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
}
