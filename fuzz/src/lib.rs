//! The fuzz targets' bodies, one function a target, each taking the fuzzer's bytes. They live
//! here, not in `fuzz_targets/`, so that `tests/fuzz_regressions.rs` of the main crate replays
//! the inputs kept under `fuzz/regressions/<target>/` through the very same code with a plain
//! `cargo test` (it includes this file), without cargo-fuzz or libFuzzer.
//!
//! Every target feeds untrusted input to one parser or decoder: what a pull request can write
//! (pages, SUMMARY.md, CODEOWNERS, book.toml, ref names) or a cache file restored from another
//! build. None may panic, hang or allocate without bound.

use stratwiki::codec::{Frames, Reader, Writer, checksum, frame};
use stratwiki::content::cache::{ModelCache, binary_stamp};
use stratwiki::history::Commit;
use stratwiki::history::decoders::{CommitCache, Scope, decode_snapshot};
use stratwiki::history::walk::CommitChanges;
use stratwiki::markdown::{LinkResolver, PageContext};

/// A target's body: it gets the fuzzer's bytes.
pub type Target = fn(&[u8]);

/// Every target, by the name of its `fuzz_targets/` file and regressions folder.
pub const TARGETS: &[(&str, Target)] = &[
    ("page", page),
    ("markdown", markdown),
    ("summary", summary),
    ("codeowners", codeowners),
    ("book_toml", book_toml),
    ("version_glob", version_glob),
    ("diff_range", diff_range),
    ("page_cache", page_cache),
    ("history_cache", history_cache),
    ("history_snapshot", history_snapshot),
    ("codec", codec),
];

/// A page file as a pull request may write it: front matter, then Markdown. The first byte
/// picks the folder, so every kind's front matter is reached.
pub fn page(data: &[u8]) {
    let Some((&which, text)) = data.split_first() else {
        return;
    };
    let path = [
        "chapters/p.md",
        "goals/p.md",
        "cases/p.md",
        "people/p.md",
        "p.md",
    ][usize::from(which) % 5];
    let _ = stratwiki::content::parse_page(path, path, text);
}

/// A small site to resolve a page's links against.
struct Site;

impl LinkResolver for Site {
    fn page_url(&self, p: &str) -> Option<String> {
        match p {
            "goals/eid.md" => Some("goals/eid.html".into()),
            "chapters/one.md" => Some("chapters/one.html".into()),
            _ => None,
        }
    }
    fn asset_exists(&self, p: &str) -> bool {
        p == "images/a b.svg"
    }
    fn url_exists(&self, url: &str) -> bool {
        url == "goals/eid.html"
    }
    fn wiki(&self, name: &str) -> Option<(String, String, String)> {
        (name == "eid" || name == "Common eID").then(|| {
            (
                "goals/eid.md".into(),
                "goals/eid.html".into(),
                "Common eID".into(),
            )
        })
    }
}

/// The content files an include may read: the page itself (so includes nest to the limit)
/// and a listing with anchors.
struct Files<'b>(&'b str);

impl stratwiki::markdown::Files for Files<'_> {
    fn read(&self, path: &str, limit: usize) -> Result<Option<String>, String> {
        let text = match path {
            "chapters/one.md" => self.0,
            "chapters/src/a.rs" => {
                "fn a() {}\n// ANCHOR: x\nlet x = 1;\n// ANCHOR_END: x\n# hidden\n"
            }
            _ => return Err("no such file".into()),
        };
        Ok((text.len() <= limit).then(|| text.to_string()))
    }
}

/// A page body rendered to HTML; the first byte's low bit is `trusted-html`, its second that
/// the body's includes are expanded first.
pub fn markdown(data: &[u8]) {
    let Some((&flags, body)) = data.split_first() else {
        return;
    };
    let Ok(body) = std::str::from_utf8(body) else {
        return;
    };
    let page = PageContext {
        path: "chapters/one.md",
        url: "chapters/one.html",
        body_line: 5,
        title: "One",
        trusted_html: flags & 1 == 1,
    };
    if flags & 2 == 2 {
        let ex = stratwiki::markdown::expand(body, page.path, &Files(body));
        let _ = stratwiki::markdown::render_expanded(&ex, &page, &Site);
    } else {
        let _ = stratwiki::markdown::render(body, &page, &Site);
    }
}

/// SUMMARY.md, the reading order.
pub fn summary(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let s = stratwiki::content::summary::parse_summary(text);
    let _ = s.reading_order().count();
}

/// CODEOWNERS, then a few lookups in it.
pub fn codeowners(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut diags = Vec::new();
    let co = stratwiki::model::codeowners::CodeOwners::parse(&text, "CODEOWNERS", &mut diags);
    for p in [
        "content/goals/eid.md",
        "content/a/b/c.md",
        "README.md",
        "",
        "/",
    ] {
        let _ = co.owners_of(p);
    }
}

/// book.toml, the configuration a pull request may change.
pub fn book_toml(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut diags = stratwiki::diagnostics::Diagnostics::new();
    let root = std::path::Path::new("/nonexistent-stratwiki-fuzz");
    let _ = stratwiki::config::Config::parse(root, text, &mut diags);
}

/// The version patterns of book.toml (`tags`, `branches`) against a ref name: both may come
/// from a pull request. Input: pattern, a NUL byte, name.
pub fn version_glob(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (pattern, name) = text.split_once('\0').unwrap_or((text, text));
    let _ = stratwiki::versions::glob(pattern, name);
}

/// The `BASE..HEAD` range of `stratwiki diff`: a range it accepts gives back the text.
pub fn diff_range(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match stratwiki::wiki::parse_range(text) {
        Ok(r) => {
            assert!(!r.base.is_empty() && !r.head.is_empty());
            let dots = if r.merge_base { "..." } else { ".." };
            assert_eq!(format!("{}{dots}{}", r.base, r.head), text);
        }
        Err(msg) => assert!(msg.contains(text)),
    }
}

/// This binary's page cache header.
fn page_cache_header() -> Writer {
    let mut w = Writer(b"SWPAGE\0\n".to_vec());
    w.u64(2);
    w.str(binary_stamp());
    w
}

/// The page cache file (`pages.bin`). Byte 0 picks the shape: the raw file; or this binary's
/// header and one well-framed batch of fuzzed records; or the header and one record, with a
/// fuzzed value, under the key the reader then asks for, so the lazy record decoders are
/// reached past the checksum.
pub fn page_cache(data: &[u8]) {
    let Some((&shape, rest)) = data.split_first() else {
        return;
    };
    let bytes = match shape % 3 {
        0 => rest.to_vec(),
        1 => {
            let mut w = page_cache_header();
            w.0.extend_from_slice(&frame(rest));
            w.0
        }
        _ => {
            // Tag 0: a parse of ("b", "p.md"); tag 1: a rendering of ("b", "p.md", "h").
            let mut records = Writer::default();
            let tag = shape / 3 % 2;
            records.byte(tag);
            records.str("b");
            records.str("p.md");
            if tag == 1 {
                records.str("h");
            }
            records.u64(rest.len() as u64);
            records.0.extend_from_slice(rest);
            let mut w = page_cache_header();
            w.0.extend_from_slice(&frame(&records.0));
            w.0
        }
    };
    let cache = ModelCache::from_bytes(bytes);
    let _ = cache.loaded();
    if let Some(p) = cache.parsed("b", "p.md") {
        let _ = p.complete(|| Some(b"---\ntitle: T\n---\n# T\n\nBody.\n".to_vec()));
    }
    let _ = cache.rendered("b", "p.md", "h", &|_| true);
}

/// The history cache file (`history.bin`). Byte 0 picks the shape: the raw file, or this
/// format's header (version, prefix, no shallow roots) then the fuzzed commits and batches.
pub fn history_cache(data: &[u8]) {
    let Some((&shape, rest)) = data.split_first() else {
        return;
    };
    let bytes = if shape % 2 == 0 {
        rest.to_vec()
    } else {
        let mut w = Writer(b"SWHIST\0\n".to_vec());
        w.u64(6);
        w.str("content");
        w.u64(0);
        w.0.extend_from_slice(rest);
        w.0
    };
    if let Some(c) = CommitCache::from_bytes(&bytes, "content", &[]) {
        for id in c.order() {
            let _ = c.get(*id);
        }
    }
}

/// The assembled-history snapshot (`history-pages.bin`). Byte 0 picks the shape: the raw
/// file, or this binary's header and scope, the fuzzed body and the body's right checksum,
/// so the decoder is reached past the checksum.
pub fn history_snapshot(data: &[u8]) {
    let Some((&shape, rest)) = data.split_first() else {
        return;
    };
    let scope = Scope {
        prefix: "content".into(),
        shallow: Vec::new(),
        follow_renames: shape & 2 == 2,
    };
    let bytes = if shape % 2 == 0 {
        rest.to_vec()
    } else {
        let mut body = Writer::default();
        body.u64(3);
        body.str(binary_stamp());
        body.put(&scope);
        body.0.extend_from_slice(rest);
        let sum = checksum(&body.0);
        let mut file = b"SWHPAGE\n".to_vec();
        file.extend_from_slice(&body.0);
        file.extend_from_slice(&sum.to_le_bytes());
        file
    };
    let _ = decode_snapshot(&bytes, &scope);
}

/// The cache encoding itself (`stratwiki::codec`): batches, and cached types read from
/// untrusted bytes. Byte 0 picks the type.
pub fn codec(data: &[u8]) {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let mut r = Reader(rest);
    match which % 8 {
        0 => {
            let _ = r.get::<Vec<Commit>>();
        }
        1 => {
            let _ = r.get::<Vec<CommitChanges>>();
        }
        2 => {
            let _ = r.get::<Vec<(String, Option<u64>, bool, (i64, f64))>>();
        }
        3 => {
            let _ = r.get::<Vec<jiff::civil::Date>>();
        }
        4 => {
            let _ = r.get::<serde_json::Map<String, serde_json::Value>>();
        }
        5 => {
            let _ = r.get::<Result<Vec<&'static str>, String>>();
        }
        6 => for _ in (Frames { rest }) {},
        _ => {
            let _ = (r.len(), r.str(), r.u64(), r.byte());
        }
    }
}
