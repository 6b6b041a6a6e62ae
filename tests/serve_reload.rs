//! `stratwiki serve` after saves that change what other pages show (a title, a link, a folder's
//! index page, several pages at once): the saved page is written at once, the rest of the site
//! caught up from the reloaded model, and the served site is then byte for byte what a full
//! build of the same files writes.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

struct Server {
    child: Child,
    addr: String,
    log: tempfile::NamedTempFile,
    /// Where the server makes its private folder (`TMPDIR`), to read the served site.
    tmp: tempfile::TempDir,
}

impl Server {
    fn start(w: &Wiki) -> Server {
        let log = tempfile::NamedTempFile::new().unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_stratwiki"))
            .args(["serve", "--port", "0", "--root"])
            .arg(w.root())
            .env("TMPDIR", tmp.path())
            .env("STRATWIKI_DEBUG_WATCH", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log.reopen().unwrap()))
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .unwrap_or_else(|| panic!("no URL in {line:?}"))
            .trim()
            .trim_end_matches('/')
            .to_string();
        Server {
            child,
            addr,
            log,
            tmp,
        }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.log.path()).unwrap()
    }

    /// The folder the server serves.
    fn site(&self) -> PathBuf {
        let dir = std::fs::read_dir(self.tmp.path())
            .unwrap()
            .flatten()
            .find(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with("stratwiki-serve-")
            })
            .expect("the private folder");
        dir.path().join("site")
    }

    fn get(&self, path: &str) -> String {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut raw = String::new();
        s.read_to_string(&mut raw).unwrap();
        raw.split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default()
    }

    /// Wait until the log has `n` lines starting with `prefix`.
    fn wait_lines(&self, prefix: &str, n: usize) -> String {
        let start = Instant::now();
        loop {
            let log = self.log();
            if count(&log, prefix) >= n {
                return log;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "waiting for {n} × {prefix:?}: {log}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn count(log: &str, prefix: &str) -> usize {
    log.lines().filter(|l| l.starts_with(prefix)).count()
}

/// The served site's files, but the search index (rebuilt in the background by its own
/// thread, whenever the wiki has been quiet for a moment).
fn site_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    tree(dir)
        .into_iter()
        .filter(|(p, _)| !p.starts_with("pagefind"))
        .collect()
}

fn assert_same(fast: &[(String, Vec<u8>)], full: &[(String, Vec<u8>)], what: &str) {
    assert_eq!(
        fast.iter().map(|f| &f.0).collect::<Vec<_>>(),
        full.iter().map(|f| &f.0).collect::<Vec<_>>(),
        "{what}: the same files"
    );
    for ((path, a), (_, b)) in fast.iter().zip(full) {
        assert!(
            a == b,
            "{what}: {path} differs from the full build's:\n{}\n---\n{}",
            String::from_utf8_lossy(a),
            String::from_utf8_lossy(b)
        );
    }
}

/// A wiki with a folder of chapters that has an index page.
fn wiki(git: bool) -> Wiki {
    let w = Wiki::valid();
    w.write(
        "content/chapters/guide/README.md",
        "# The guide\n\nWhere to start.\n",
    );
    w.write(
        "content/chapters/guide/steps.md",
        "---\ntitle: Steps\n---\n\nFirst [[first]], then [the guide](README.md).\n",
    );
    if git {
        let repo = git2::Repository::init(w.root()).unwrap();
        commit_all(&repo, "Start", 1_700_000_000);
    }
    w
}

/// Each save, written while the server runs: updated without a full build, the saved page
/// served at once, other pages that show it served only once current, and the whole site then
/// the same as a full build's.
fn saves_match_the_full_build(git: bool) {
    let w = wiki(git);
    let server = Server::start(&w);
    let saves: [(&str, &str, String, &str, &str); 4] = [
        (
            "a title",
            "content/goals/first.md",
            GOAL.replace("title: First goal", "title: Renamed goal"),
            "/goals/first.html",
            "/goals/index.html",
        ),
        (
            "a new link",
            "content/chapters/intro.md",
            CHAPTER.replace("See [the goal]", "See [about](../about.md) and [the goal]"),
            "/chapters/intro.html",
            "/about.html",
        ),
        (
            "a folder's index page",
            "content/chapters/guide/README.md",
            "# The whole guide\n\nWhere to start, and [the goal](../../goals/first.md).\n"
                .to_string(),
            "/chapters/guide/index.html",
            "/chapters/guide/steps.html",
        ),
        (
            "a tag and an owner",
            "content/chapters/guide/steps.md",
            "---\ntitle: Steps\nowner: agency\ntags: [new-tag]\n---\n\nFirst [[first]].\n"
                .to_string(),
            "/chapters/guide/steps.html",
            "/tags/new-tag.html",
        ),
    ];
    let mut full = 0;
    for (n, (what, file, text, page, elsewhere)) in saves.iter().enumerate() {
        w.write(file, text);
        server.wait_lines("Updated ", n + 1);
        let log = server.log();
        assert_eq!(
            count(&log, "Rebuilt in"),
            full,
            "{what}: no full build: {log}"
        );
        assert!(
            log.contains("watch: reloading the model"),
            "{what}: the model reloaded: {log}"
        );
        // The saved page at once; a page that shows it elsewhere only once it is current.
        let saved = server.get(page);
        let other = server.get(elsewhere);
        match n {
            0 => {
                assert!(saved.contains("Renamed goal"), "{saved}");
                assert!(other.contains("Renamed goal"), "{what}: {other}");
            }
            1 => assert!(other.contains("chapters/intro.html"), "{what}: {other}"),
            2 => {
                assert!(saved.contains("The whole guide"), "{saved}");
                assert!(other.contains("The whole guide"), "{what}: {other}");
            }
            _ => assert!(other.contains("Steps"), "{what}: {other}"),
        }
        server.wait_lines("Caught up in", n + 1);
        let fast = site_files(&server.site());
        // A full build of the same files: touching book.toml forces one.
        w.write("book.toml", &format!("{BOOK}{}", "\n".repeat(n + 1)));
        full += 1;
        server.wait_lines("Rebuilt in", full);
        assert_same(&fast, &site_files(&server.site()), what);
    }
}

#[test]
fn title_link_and_index_saves_match_the_full_build() {
    saves_match_the_full_build(false);
}

#[test]
fn title_link_and_index_saves_match_the_full_build_with_history() {
    saves_match_the_full_build(true);
}

#[test]
fn a_summary_edit_reloads_and_matches_the_full_build() {
    let w = wiki(false);
    let summary = "# Summary\n\n- [Introduction](chapters/intro.md)\n- [The guide](chapters/guide/README.md)\n  - [Steps](chapters/guide/steps.md)\n";
    w.write("content/SUMMARY.md", summary);
    let server = Server::start(&w);
    w.write(
        "content/SUMMARY.md",
        &summary.replace("[Steps]", "[First steps]"),
    );
    server.wait_lines("Updated ", 1);
    // Every page's contents show the new title, once current.
    assert!(server.get("/about.html").contains("First steps"));
    server.wait_lines("Caught up in", 1);
    let log = server.log();
    assert_eq!(count(&log, "Rebuilt in"), 0, "{log}");
    let fast = site_files(&server.site());
    w.write("book.toml", &format!("{BOOK}\n"));
    server.wait_lines("Rebuilt in", 1);
    assert_same(&fast, &site_files(&server.site()), "a SUMMARY.md edit");
}

#[test]
fn several_saves_at_once_and_a_new_file_after_them() {
    let w = wiki(false);
    let server = Server::start(&w);
    // Two pages saved together: one update.
    w.write(
        "content/goals/first.md",
        &GOAL.replace("title: First goal", "title: Both changed"),
    );
    w.write(
        "content/about.md",
        "# About us\n\nAbout this wiki, see [[first]].\n",
    );
    let start = Instant::now();
    while !server.get("/about.html").contains("Both changed") {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "{}",
            server.log()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let log = server.wait_lines("Caught up in", 1);
    assert_eq!(count(&log, "Rebuilt in"), 0, "{log}");
    assert!(server.get("/goals/index.html").contains("Both changed"));
    // A new file changes the set of files: the full build, as before.
    w.write("content/chapters/new.md", "# New\n\nNew page.\n");
    server.wait_lines("Rebuilt in", 1);
    assert!(server.get("/chapters/new.html").contains("New page."));
}
