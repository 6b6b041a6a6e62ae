//! A large wiki's search index in shards (issue #27): every page in exactly one shard, a
//! one-page edit re-indexes only that page's shard, and the incremental build writes the same
//! bytes as a cold one. The test knob `STRATWIKI_TEST_SEARCH_SHARD_PAGES` makes shards of a few
//! pages, so a small wiki has several.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use common::*;

/// At most 6 pages a shard: the wiki below (21 pages) has 4 shards.
const KNOB: (&str, &str) = ("STRATWIKI_TEST_SEARCH_SHARD_PAGES", "6");

/// The small valid wiki plus 16 chapters, each with a word of its own and one they share.
fn wiki() -> Wiki {
    let w = Wiki::valid();
    for i in 0..16 {
        w.write(
            &format!("content/chapters/c{i}.md"),
            &format!("---\ntitle: Chapter {i}\n---\n\nShared harbour text, and word{i} alone.\n"),
        );
    }
    w
}

/// `stratwiki build --dest <dest>` with the knob and timings on.
fn build(w: &Wiki, dest: &str, knob: bool) -> Run {
    let dest = w.path(dest);
    let mut env = vec![("STRATWIKI_TIMINGS", "1")];
    if knob {
        env.push(KNOB);
    }
    let run = w.run_env(&["build", "--dest", dest.to_str().unwrap()], &env);
    assert_eq!(run.code, 0, "{}", run.all());
    run
}

/// The shard folders of the index in `site`: `pagefind/` and the ones its manifest lists.
fn shards(site: &Path) -> Vec<PathBuf> {
    let top = site.join("pagefind");
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(top.join("stratwiki-shards.json")).expect("the shard list"),
    )
    .unwrap();
    let mut out = vec![top.clone()];
    for s in manifest["shards"].as_array().unwrap() {
        out.push(top.join(s.as_str().unwrap()));
    }
    out
}

/// The URLs of the pages a shard folder indexes, from its fragments (gzip after Pagefind's
/// `pagefind_dcd` signature), sorted.
fn urls(shard: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(shard.join("fragment")).expect("fragment folder") {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let mut text = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_end(&mut text)
            .unwrap();
        let json: serde_json::Value =
            serde_json::from_slice(text.strip_prefix(b"pagefind_dcd").unwrap()).unwrap();
        out.push(json["url"].as_str().unwrap().to_string());
    }
    out.sort();
    out
}

fn page_count(shard: &Path) -> u64 {
    let entry: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(shard.join("pagefind-entry.json")).unwrap())
            .unwrap();
    entry["languages"]["en"]["page_count"].as_u64().unwrap()
}

/// The line `search: N of M shards indexed, K reused` of a build's timings.
fn shard_line(run: &Run) -> String {
    run.stderr
        .lines()
        .find(|l| l.contains("shards indexed"))
        .unwrap_or_else(|| panic!("no shard line in {}", run.stderr))
        .to_string()
}

#[test]
fn a_large_index_is_in_shards_that_hold_every_page_once() {
    let w = wiki();
    let run = build(&w, "book", true);
    let site = w.path("book");
    let shards = shards(&site);
    assert_eq!(shards.len(), 4, "21 pages, at most 6 a shard: {shards:?}");
    assert!(
        shard_line(&run).contains("search: 4 of 4 shards indexed, 0 reused"),
        "{}",
        run.stderr
    );
    let mut all = Vec::new();
    let mut counted = 0;
    for (i, shard) in shards.iter().enumerate() {
        let mine = urls(shard);
        assert!(!mine.is_empty(), "{shard:?} is empty");
        assert_eq!(page_count(shard), mine.len() as u64);
        counted += mine.len();
        all.extend(mine);
        // Only the primary has Pagefind's script and WebAssembly: the browser runs them for all.
        assert_eq!(shard.join("pagefind.js").is_file(), i == 0, "{shard:?}");
        assert_eq!(
            shard.join("wasm.en.pagefind").is_file(),
            i == 0,
            "{shard:?}"
        );
        assert!(
            shard.join("filter").is_dir(),
            "{shard:?}: filters in every shard"
        );
    }
    all.sort();
    let before = all.len();
    all.dedup();
    assert_eq!(before, all.len(), "a page in two shards: {all:?}");
    assert_eq!(counted, 21);
    assert!(all.contains(&"goals/first.html".to_string()), "{all:?}");
    assert!(all.contains(&"chapters/c15.html".to_string()), "{all:?}");
}

#[test]
fn a_small_wiki_keeps_one_bundle() {
    let w = wiki();
    let run = build(&w, "book", false);
    assert_eq!(shards(&w.path("book")), [w.path("book/pagefind")]);
    assert_eq!(
        w.read("book/pagefind/stratwiki-shards.json"),
        "{\"shards\":[]}\n"
    );
    assert!(!w.path("book/pagefind/shard-1").exists());
    assert!(shard_line(&run).contains("1 of 1 shards indexed"));
    assert_eq!(urls(&w.path("book/pagefind")).len(), 21);
}

/// Every file under `dir` with its inode: a file the build linked from the previous site keeps
/// its inode, one it wrote anew gets another.
#[cfg(unix)]
fn inodes(dir: &Path) -> BTreeMap<String, u64> {
    use std::os::unix::fs::MetadataExt;
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy();
            (rel.into_owned(), e.metadata().unwrap().ino())
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn a_one_page_edit_reindexes_only_its_shard_and_writes_what_a_cold_build_writes() {
    let w = wiki();
    build(&w, "book", true);
    let site = w.path("book");
    let before = inodes(&site.join("pagefind"));
    let edited = "chapters/c3.html";
    let home = shards(&site)
        .into_iter()
        .find(|s| urls(s).contains(&edited.to_string()))
        .expect("the edited page's shard");

    w.write(
        "content/chapters/c3.md",
        "---\ntitle: Chapter 3\n---\n\nShared harbour text, and a quokka now.\n",
    );
    let run = build(&w, "book", true);
    assert!(
        shard_line(&run).contains("search: 1 of 4 shards indexed, 3 reused"),
        "{}",
        run.stderr
    );
    let after = inodes(&site.join("pagefind"));
    let top = site.join("pagefind");
    for shard in shards(&site) {
        let prefix = shard
            .strip_prefix(&top)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let files: Vec<&String> = after
            .keys()
            .filter(|f| {
                if prefix.is_empty() {
                    !f.starts_with("shard-") && f.as_str() != "stratwiki-shards.json"
                } else {
                    f.starts_with(&prefix)
                }
            })
            .collect();
        assert!(!files.is_empty());
        let kept = files.iter().all(|f| before.get(*f) == after.get(*f));
        // The other shards are the previous build's files, linked, not written again; the
        // edited page's shard has new index files (its fragment and word chunks changed).
        assert_eq!(kept, shard != home, "{shard:?} (edited page in {home:?})");
    }
    assert!(
        std::fs::read_dir(home.join("fragment"))
            .unwrap()
            .any(|_| true)
    );

    // A cold build of the edited wiki writes the same index, byte for byte: the same shards, the
    // same word chunks, so every query finds the same pages.
    let _ = std::fs::remove_dir_all(w.path(".stratwiki-cache"));
    let cold = build(&w, "cold", true);
    assert!(shard_line(&cold).contains("4 of 4 shards indexed"));
    assert_same_tree(
        &w.path("cold/pagefind"),
        &site.join("pagefind"),
        "the incremental build",
    );
    let mut found = Vec::new();
    for shard in shards(&site) {
        let text = std::fs::read_dir(shard.join("fragment"))
            .unwrap()
            .map(|e| std::fs::read(e.unwrap().path()).unwrap())
            .map(|b| {
                let mut t = Vec::new();
                flate2::read::GzDecoder::new(&b[..])
                    .read_to_end(&mut t)
                    .unwrap();
                String::from_utf8_lossy(&t).into_owned()
            })
            .filter(|t| t.contains("quokka"))
            .count();
        found.push(text);
    }
    assert_eq!(found.iter().sum::<usize>(), 1, "{found:?}");
}

/// `stratwiki serve` on `w` with the knob and timings on: (server, its address, its stderr).
struct Serve {
    child: std::process::Child,
    addr: String,
    log: tempfile::NamedTempFile,
}

impl Serve {
    fn start(w: &Wiki) -> Serve {
        use std::io::BufRead;
        let log = tempfile::NamedTempFile::new().unwrap();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_stratwiki"))
            .args(["serve", "--port", "0", "--root"])
            .arg(w.root())
            .env(KNOB.0, KNOB.1)
            .env("STRATWIKI_TIMINGS", "1")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::from(log.reopen().unwrap()))
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .unwrap_or_else(|| panic!("no URL in {line:?}"))
            .trim()
            .trim_end_matches('/')
            .to_string();
        Serve { child, addr, log }
    }

    /// The body of a GET of `path`, when the answer is 200.
    fn get(&self, path: &str) -> Option<String> {
        use std::io::Write;
        let mut s = std::net::TcpStream::connect(&self.addr).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut raw = String::new();
        s.read_to_string(&mut raw).unwrap();
        (raw.get(9..12) == Some("200"))
            .then(|| raw.split_once("\r\n\r\n").map(|(_, b)| b.to_string()))
            .flatten()
    }

    /// The pages the served index counts, over every shard.
    fn pages(&self) -> u64 {
        let list: serde_json::Value =
            serde_json::from_str(&self.get("/pagefind/stratwiki-shards.json").unwrap()).unwrap();
        let mut dirs = vec![String::new()];
        for s in list["shards"].as_array().unwrap() {
            dirs.push(s.as_str().unwrap().to_string());
        }
        dirs.iter()
            .map(|d| {
                let body = self
                    .get(&format!("/pagefind/{d}pagefind-entry.json"))
                    .unwrap();
                let entry: serde_json::Value = serde_json::from_str(&body).unwrap();
                entry["languages"]["en"]["page_count"].as_u64().unwrap()
            })
            .sum()
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = std::process::Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let start = std::time::Instant::now();
        while start.elapsed() < std::time::Duration::from_secs(5) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The live server's background refresh re-indexes only the shard of the page that changed.
#[test]
fn serve_refreshes_only_the_shard_of_an_edited_page() {
    let w = wiki();
    let server = Serve::start(&w);
    assert_eq!(server.pages(), 21);
    w.write(
        "content/chapters/c3.md",
        "---\ntitle: Chapter 3\n---\n\nShared harbour text, and a quokka now.\n",
    );
    let start = std::time::Instant::now();
    let log = loop {
        let log = std::fs::read_to_string(server.log.path()).unwrap();
        if log.contains("search refresh:") {
            break log;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(30),
            "the index was never refreshed: {log}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert!(
        log.contains("search refresh: 1 of 4 shards indexed"),
        "{log}"
    );
    assert_eq!(server.pages(), 21);
}

/// Each language of a multilingual wiki has its own index, sharded on its own pages: the Swedish
/// shards index Swedish pages, in Swedish.
#[test]
fn each_language_has_its_own_shards() {
    let w = wiki();
    w.write(
        "book.toml",
        &format!(
            "{BOOK}\n[wiki.languages]\ndefault = \"en\"\n\n[wiki.languages.en]\nname = \"English\"\ndir = \".\"\n\n[wiki.languages.sv]\nname = \"Svenska\"\n"
        ),
    );
    for i in 0..14 {
        w.write(
            &format!("content/sv/kapitel/k{i}.md"),
            &format!("---\ntitle: Kapitel {i}\n---\n\nGemensam hamntext och ord{i}.\n"),
        );
    }
    build(&w, "book", true);
    let sv = shards(&w.path("book/sv"));
    assert!(sv.len() >= 2, "{sv:?}");
    let mut urls_sv = Vec::new();
    for shard in &sv {
        let entry: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(shard.join("pagefind-entry.json")).unwrap(),
        )
        .unwrap();
        assert!(entry["languages"]["sv"].is_object(), "{shard:?}: {entry}");
        assert!(entry["languages"]["en"].is_null(), "{shard:?}: {entry}");
        urls_sv.extend(urls(shard));
    }
    assert!(w.path("book/sv/pagefind/wasm.sv.pagefind").is_file());
    urls_sv.sort();
    assert_eq!(urls_sv.len(), 14, "{urls_sv:?}");
    assert!(
        urls_sv.iter().all(|u| u.starts_with("kapitel/")),
        "{urls_sv:?}"
    );
    // The English index is sharded on the English pages alone.
    let en: usize = shards(&w.path("book")).iter().map(|s| urls(s).len()).sum();
    assert_eq!(en, 21);
}
