//! The cache file: a header naming the format and the binary that wrote it, then one batch of
//! records per build, each framed with its length and checksum, so a build appends a few
//! kilobytes, and a write cut short loses only its own batch.

use std::path::Path;

use super::records::{encode_parse, record};
use super::{ModelCache, ParseKey, RenderEntry, RenderKey, Slot, lock, push_rendering};
use crate::codec::{Reader, Writer};

/// Bump when the encoding or the meaning of a cached parse or rendering changes.
const VERSION: u64 = 5;

/// The first bytes of the file.
const MAGIC: &[u8; 8] = b"SWPAGE\0\n";

impl ModelCache {
    /// The cache saved at `path`; empty when there is none or it was written by another
    /// format or another stratwiki binary. A damaged tail (a write cut short) is dropped.
    /// Only the keys are read here; each record is decoded when a build asks for it.
    pub fn load(path: &Path) -> ModelCache {
        let Ok(bytes) = std::fs::read(path) else {
            return ModelCache::default();
        };
        ModelCache::from_bytes(bytes)
    }

    /// The cache in the file `bytes`, as [`ModelCache::load`] reads it: a cache folder may be
    /// restored from an untrusted build, so this is the decoder the fuzz targets (`fuzz/`) feed.
    pub fn from_bytes(bytes: Vec<u8>) -> ModelCache {
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

#[cfg(test)]
mod tests {
    use super::super::RENDERINGS_PER_KEY;
    use super::*;
    use crate::diagnostics::Diagnostic;
    use crate::markdown::{BrokenLink, Call, Heading, Rendered};
    use std::sync::Arc;

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
            warnings: vec![Diagnostic::warning("external-resources", "loads").at(3, 1)],
            anchors: vec![crate::markdown::AnchorLink {
                path: "goals/x.md".into(),
                id: "why".into(),
                target: "x.md#why".into(),
                pos: (17, 1),
            }],
            html_title: Some("Open data, the plan".into()),
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
        assert_eq!(r.0.warnings, rendered.warnings);
        assert_eq!(r.0.html_title, rendered.html_title);
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
