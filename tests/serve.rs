//! `stratwiki serve`: a real server on a free port, a real event stream, real edits.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

struct Server {
    child: Child,
    addr: String,
    /// Where the server's terminal output goes (outside the wiki, which it watches).
    log: Option<tempfile::NamedTempFile>,
}

impl Server {
    fn start(w: &Wiki) -> Server {
        Server::start_with(w, false)
    }

    /// Start, keeping what the server prints on stderr for [`Server::log`].
    fn start_logged(w: &Wiki) -> Server {
        Server::start_with(w, true)
    }

    fn start_with(w: &Wiki, logged: bool) -> Server {
        let log = logged.then(|| tempfile::NamedTempFile::new().unwrap());
        let stderr = match &log {
            Some(f) => Stdio::from(f.reopen().unwrap()),
            None => Stdio::null(),
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_stratwiki"))
            .args(["serve", "--port", "0", "--root"])
            .arg(w.root())
            .stdout(Stdio::piped())
            .stderr(stderr)
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
        Server { child, addr, log }
    }

    /// What the server printed on stderr so far.
    fn log(&self) -> String {
        std::fs::read_to_string(self.log.as_ref().expect("started with a log").path()).unwrap()
    }

    /// A raw GET (so paths are sent exactly as written): (status, content type, body).
    fn get(&self, path: &str) -> (u16, String, String) {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut raw = String::new();
        s.read_to_string(&mut raw).unwrap();
        let status = raw[9..12].parse().unwrap();
        let ctype = raw
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("content-type:"))
            .map(|l| l[13..].trim().to_string())
            .unwrap_or_default();
        let body = raw
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        (status, ctype, body)
    }

    /// Subscribe to the reload events, past the greeting.
    fn events(&self) -> Events {
        let mut e = self.events_with_pending();
        e.wait_for("event: hello");
        e
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // A polite stop first (the server removes its private folder), then a hard one.
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

struct Events {
    stream: TcpStream,
    seen: String,
}

impl Events {
    /// Read until `needle` arrives (after what was already consumed); panic after 15 s.
    fn wait_for(&mut self, needle: &str) -> String {
        let start = Instant::now();
        let mut buf = [0u8; 4096];
        loop {
            if let Some(i) = self.seen.find(needle) {
                let upto = i + needle.len();
                let got = self.seen[..upto].to_string();
                self.seen = self.seen[upto..].to_string();
                return got;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "no `{needle}` in {:?}",
                self.seen
            );
            match self.stream.read(&mut buf) {
                Ok(0) => panic!("event stream closed"),
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(_) => {}
            }
        }
    }
}

#[test]
fn an_edit_sends_a_reload_and_serves_the_new_page() {
    let w = Wiki::valid();
    let server = Server::start(&w);
    let (status, ctype, body) = server.get("/goals/first.html");
    assert_eq!(status, 200);
    assert!(ctype.starts_with("text/html"), "{ctype}");
    assert!(
        body.contains("__stratwiki/reload.js"),
        "serve mode adds the reload script"
    );
    let (status, ctype, js) = server.get("/__stratwiki/reload.js");
    assert_eq!((status, ctype.starts_with("text/javascript")), (200, true));
    assert!(js.contains("EventSource"));
    let (_, ctype, _) = server.get("/static/style.css");
    assert!(ctype.starts_with("text/css"), "{ctype}");
    assert!(
        !w.path("book").exists(),
        "never builds into the user's build folder"
    );

    let mut events = server.events();
    w.write(
        "content/goals/first.md",
        &GOAL.replace("Body of the goal.", "A brand new body."),
    );
    events.wait_for("event: reload");
    let (_, _, body) = server.get("/goals/first.html");
    assert!(body.contains("A brand new body."));
    // Editor save patterns: write to a temporary file, then rename over the page.
    w.write(
        "content/goals/.first.md.tmp",
        &GOAL.replace("Body of the goal.", "Saved atomically."),
    );
    std::fs::rename(
        w.path("content/goals/.first.md.tmp"),
        w.path("content/goals/first.md"),
    )
    .unwrap();
    events.wait_for("event: reload");
    let (_, _, body) = server.get("/goals/first.html");
    assert!(body.contains("Saved atomically."), "{body}");
}

/// Wait until the server's log has `n` lines starting with `Updated` or `Rebuilt` (it prints
/// that line after sending the reload event).
fn wait_for_builds(server: &Server, n: usize) -> String {
    let start = Instant::now();
    loop {
        let log = server.log();
        let done = log
            .lines()
            .filter(|l| l.starts_with("Updated") || l.starts_with("Rebuilt"))
            .count();
        if done >= n {
            return log;
        }
        assert!(start.elapsed() < Duration::from_secs(15), "{log}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// How many full rebuilds the server's log reports.
fn full_builds(log: &str) -> usize {
    log.lines().filter(|l| l.starts_with("Rebuilt in")).count()
}

#[test]
fn a_body_edit_updates_only_its_page_and_matches_the_full_build() {
    let w = Wiki::valid();
    let server = Server::start_logged(&w);
    let mut events = server.events();
    let (_, _, index_before) = server.get("/goals/index.html");

    // A new body, same front matter and links: only the page itself is written.
    w.write(
        "content/goals/first.md",
        &GOAL.replace("Body of the goal.", "A quicker body.\n\n## A new heading\n"),
    );
    events.wait_for("event: reload");
    let log = wait_for_builds(&server, 1);
    assert!(
        log.lines().any(|l| l.starts_with("Updated 1 file in")),
        "an incremental update: {log}"
    );
    let (_, _, incremental) = server.get("/goals/first.html");
    assert!(incremental.contains("A quicker body."), "{incremental}");
    assert!(
        incremental.contains("href=\"#a-new-heading\""),
        "its contents list"
    );
    assert_eq!(server.get("/goals/index.html").2, index_before);

    // A full build of the same files writes the same page: touch book.toml to force one.
    w.write("book.toml", &format!("{BOOK}\n"));
    events.wait_for("event: reload");
    let log = wait_for_builds(&server, 2);
    assert!(log.lines().any(|l| l.starts_with("Rebuilt in")), "{log}");
    assert_eq!(server.get("/goals/first.html").2, incremental);

    // A new title is shown on other pages: the model is reloaded and the site caught up
    // behind the page, without a full build (tests/serve_reload.rs compares the bytes).
    w.write(
        "content/goals/first.md",
        &GOAL.replace("First goal", "Renamed goal"),
    );
    events.wait_for("event: reload");
    let log = wait_for_builds(&server, 3);
    assert_eq!(full_builds(&log), 1, "{log}");
    assert!(server.get("/goals/index.html").2.contains("Renamed goal"));

    // So does a new link (the target gains a backlink).
    w.write(
        "content/chapters/intro.md",
        &CHAPTER.replace("See [the goal]", "See [about](../about.md) and [the goal]"),
    );
    events.wait_for("event: reload");
    let log = wait_for_builds(&server, 4);
    assert_eq!(full_builds(&log), 1, "{log}");
    assert!(server.get("/about.html").2.contains("chapters/intro.html"));
}

#[test]
fn a_build_error_shows_an_overlay_until_it_is_fixed() {
    let w = Wiki::valid();
    let server = Server::start(&w);
    let mut events = server.events();
    w.write("content/goals/first.md", "---\ntitle: [broken\n---\nBody\n");
    let got = events.wait_for("event: error");
    assert!(got.ends_with("event: error"));
    let data = events.wait_for("\n\n");
    assert!(data.contains("content/goals/first.md:3:1"), "{data}");
    // The server keeps serving the last good site.
    assert_eq!(server.get("/goals/first.html").0, 200);
    // A browser that connects now sees the error at once.
    let mut late = server.events_with_pending();
    late.wait_for("content/goals/first.md");
    w.write("content/goals/first.md", GOAL);
    events.wait_for("event: reload");
}

/// The JSON of the event whose name `events` just read (its `data:` line).
fn event_json(events: &mut Events) -> serde_json::Value {
    let data = events.wait_for("\n\n");
    let line = data
        .lines()
        .find_map(|l| l.strip_prefix("data: "))
        .unwrap_or_else(|| panic!("no data in {data:?}"));
    serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"))
}

#[test]
fn the_overlay_shows_errors_first_with_their_source_lines_and_a_caret_and_warnings_apart() {
    let w = Wiki::valid();
    let server = Server::start(&w);
    let mut events = server.events();
    // One error (a status that does not exist) among warnings (goals without owners).
    for i in 0..3 {
        w.write(
            &format!("content/goals/unowned{i}.md"),
            &format!("---\ntitle: Unowned {i}\nid: U{i}\nstatus: active\n---\nText.\n"),
        );
    }
    w.write(
        "content/goals/first.md",
        &GOAL.replace("status: active", "status: done"),
    );
    events.wait_for("event: error");
    let p = event_json(&mut events);
    assert_eq!(p["kind"], "error");
    let errors = p["errors"].as_array().unwrap();
    let warnings = p["warnings"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{p:#}");
    assert!(warnings.len() >= 3, "{p:#}");
    let e = &errors[0];
    assert_eq!(e["location"], "content/goals/first.md:5:9", "{p:#}");
    let ex = &e["excerpt"];
    assert_eq!(ex["line"], 5);
    let shown: Vec<&str> = ex["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    let at = 5 - ex["first"].as_u64().unwrap() as usize;
    assert_eq!(shown[at], "status: done", "{shown:?}");
    assert_eq!(&shown[at][ex["caret"].as_u64().unwrap() as usize..], "done");
    // The HTML: the error, its lines and caret, then the warnings apart, folded.
    let html = p["html"].as_str().unwrap();
    let error_at = html.find("content/goals/first.md:5:9").unwrap();
    let warnings_at = html.find("<details>").unwrap();
    assert!(error_at < warnings_at, "{html}");
    assert!(html.contains("<h2>1 error</h2>"), "{html}");
    assert!(html.contains("&gt; 5 | status: done"), "{html}");
    assert!(html.contains("class=\"sw-caret\""), "{html}");
    // The script that shows it is the one served.
    let (_, _, js) = server.get("/__stratwiki/reload.js");
    assert!(
        js.contains("payload.html") && js.contains("\"warnings\""),
        "{js}"
    );
    w.write("content/goals/first.md", GOAL);
    events.wait_for("event: reload");
}

#[test]
fn a_page_that_lost_its_opening_front_matter_line_gets_a_warning_panel() {
    let w = Wiki::valid();
    let server = Server::start(&w);
    let mut events = server.events();
    w.write(
        "content/goals/first.md",
        GOAL.strip_prefix("---\n").unwrap(),
    );
    events.wait_for("event: reload");
    // The browser reloads, connects again, and is shown the warnings about the saved file.
    let mut again = server.events_with_pending();
    again.wait_for("event: warnings");
    let p = event_json(&mut again);
    assert_eq!(p["kind"], "warnings");
    let warnings = p["warnings"].as_array().unwrap();
    let fence = warnings
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .starts_with("this looks like front matter: add `---` as the first line")
        })
        .unwrap_or_else(|| panic!("{p:#}"));
    assert_eq!(fence["location"], "content/goals/first.md:1:1");
    assert_eq!(fence["excerpt"]["lines"][0], "title: First goal");
    // Only the saved file's warnings: not the wiki's others.
    assert!(
        warnings.iter().all(|d| d["location"]
            .as_str()
            .unwrap_or_default()
            .starts_with("content/goals/first.md")),
        "{p:#}"
    );
    // Fixed: no panel for the next browser.
    w.write("content/goals/first.md", GOAL);
    events.wait_for("event: reload");
    let mut fixed = server.events_with_pending();
    let greeting = fixed.wait_for("event: hello");
    assert!(!greeting.contains("event: warnings"), "{greeting}");
}

#[test]
fn a_wiki_that_does_not_build_at_start_shows_why_until_it_does() {
    let w = Wiki::valid();
    w.write(
        "content/goals/first.md",
        &GOAL.replace("status: active", "status: done"),
    );
    let server = Server::start(&w);
    let (status, _, body) = server.get("/");
    assert_eq!(status, 200);
    assert!(
        body.contains("The wiki does not build yet")
            && body.contains("content/goals/first.md:5:9")
            && body.contains("/__stratwiki/reload.js"),
        "{body}"
    );
    // Any other address too, as a 404 with the same page (it was empty).
    let (status, _, body) = server.get("/goals/first.html");
    assert_eq!(status, 404);
    assert!(body.contains("The wiki does not build yet"), "{body}");
    let mut events = server.events();
    w.write("content/goals/first.md", GOAL);
    events.wait_for("event: reload");
    let (status, _, body) = server.get("/goals/first.html");
    assert_eq!(status, 200);
    assert!(body.contains("<h1>First goal</h1>"), "{body}");
}

impl Server {
    fn events_with_pending(&self) -> Events {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        write!(
            s,
            "GET /__stratwiki/events HTTP/1.1\r\nHost: {}\r\n\r\n",
            self.addr
        )
        .unwrap();
        s.set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        Events {
            stream: s,
            seen: String::new(),
        }
    }
}

#[test]
fn nothing_outside_the_site_is_served() {
    let w = Wiki::valid();
    w.write("secret.txt", "do not serve");
    let server = Server::start(&w);
    for path in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/static/..%2f..%2fsecret.txt",
        "/book.toml",
    ] {
        let (status, _, body) = server.get(path);
        assert_ne!(status, 200, "{path} was served");
        assert!(
            !body.contains("root:") && !body.contains("do not serve"),
            "{path}"
        );
    }
    let (status, ctype, body) = server.get("/no-such-page.html");
    assert_eq!(status, 404);
    assert!(ctype.starts_with("text/html"));
    assert!(body.contains("Page not found"), "the site's 404 page");
}

#[cfg(unix)]
#[test]
fn stops_cleanly_and_removes_its_private_folder() {
    let w = Wiki::valid();
    let mut server = Server::start(&w);
    let pid = server.child.id();
    let prefix = format!("stratwiki-serve-{pid}-");
    let private = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .expect("a private folder");
    assert!(private.join("site/index.html").is_file());
    Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .unwrap();
    let status = server.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    assert!(!private.exists(), "the private build folder is removed");
}

#[test]
fn renames_and_deletes_are_followed() {
    let w = Wiki::valid();
    let server = Server::start(&w);
    let mut events = server.events();
    std::fs::rename(w.path("content/about.md"), w.path("content/about-us.md")).unwrap();
    events.wait_for("event: reload");
    assert_eq!(server.get("/about-us.html").0, 200);
    assert_eq!(server.get("/about.html").0, 404);
    std::fs::remove_file(w.path("content/case-studies/case.md")).unwrap();
    events.wait_for("event: reload");
    assert_eq!(server.get("/case-studies/case.html").0, 404);
}

#[cfg(unix)]
#[test]
fn stops_promptly_even_with_browsers_listening() {
    let w = Wiki::valid();
    let mut server = Server::start(&w);
    let _listening = server.events();
    let start = Instant::now();
    Command::new("kill")
        .arg(server.child.id().to_string())
        .status()
        .unwrap();
    let status = server.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "took {:?}",
        start.elapsed()
    );
}

#[test]
fn with_versions_the_preview_shows_the_working_tree_and_updates_page_by_page() {
    let w = Wiki::valid();
    let repo = git2::Repository::init(w.root()).unwrap();
    let first = commit_all(&repo, "First edition", 1_700_000_000);
    repo.tag_lightweight("v1", &repo.find_object(first, None).unwrap(), false)
        .unwrap();
    // Configured after the tag: the working tree's book.toml is the one that counts.
    w.write(
        "book.toml",
        &format!("{BOOK}\n[wiki.versions]\ntags = [\"v*\"]\n"),
    );
    let server = Server::start_logged(&w);
    let mut events = server.events();
    w.write(
        "content/goals/first.md",
        &GOAL.replace("Body of the goal.", "Edited, not committed."),
    );
    events.wait_for("event: reload");
    let log = wait_for_builds(&server, 1);
    assert!(
        log.contains("this preview shows the working tree"),
        "says what it previews: {log}"
    );
    // The page and its history page ("not yet committed"), not the whole site.
    assert!(
        log.lines().any(|l| l.starts_with("Updated 2 files in")),
        "a page-by-page update: {log}"
    );
    let (status, _, body) = server.get("/goals/first.html");
    assert_eq!(status, 200);
    assert!(body.contains("Edited, not committed."), "{body}");
    // A new page, not in any tag, is served too.
    w.write(
        "content/notes.md",
        "# Notes\n\nWritten during the preview.\n",
    );
    events.wait_for("event: reload");
    wait_for_builds(&server, 2);
    let (status, _, body) = server.get("/notes.html");
    assert_eq!(status, 200);
    assert!(body.contains("Written during the preview."), "{body}");
}

#[test]
fn a_commit_rebuilds_the_history() {
    let w = Wiki::valid();
    let repo = git2::Repository::init(w.root()).unwrap();
    commit_all(&repo, "Start", 1_700_000_000);
    let server = Server::start(&w);
    let mut events = server.events();
    w.write("content/about.md", "# About\n\nCommitted while serving.\n");
    events.wait_for("event: reload");
    commit_all(&repo, "Say more", 1_700_000_100);
    events.wait_for("event: reload");
    let (_, _, body) = server.get("/changes.html");
    assert!(body.contains("Say more"), "{body}");
}

#[test]
fn an_incremental_update_says_not_yet_committed_only_while_it_is_so() {
    let w = Wiki::valid();
    let repo = git2::Repository::init(w.root()).unwrap();
    commit_all(&repo, "Start", 1_700_000_000);
    let server = Server::start_logged(&w);
    let mut events = server.events();
    let history = "/history/goals/first.html";
    assert!(!server.get(history).2.contains("not yet committed"));

    w.write(
        "content/goals/first.md",
        &GOAL.replace("Body of the goal.", "Edited, not committed."),
    );
    events.wait_for("event: reload");
    let log = wait_for_builds(&server, 1);
    assert!(
        log.contains("Updated 2 files in"),
        "page and history page: {log}"
    );
    assert!(server.get(history).2.contains("not yet committed"));
    assert!(
        server
            .get("/goals/first.html")
            .2
            .contains("not yet committed")
    );

    // Back to the committed text: git status is clean again, and so is the page.
    w.write("content/goals/first.md", GOAL);
    events.wait_for("event: reload");
    let log = wait_for_builds(&server, 2);
    assert_eq!(full_builds(&log), 0, "{log}");
    assert!(!server.get(history).2.contains("not yet committed"));
    assert!(
        !server
            .get("/goals/first.html")
            .2
            .contains("not yet committed")
    );
}

#[test]
fn the_search_index_catches_up_with_new_pages_in_the_background() {
    let w = Wiki::valid();
    let server = Server::start(&w);
    let pages = || -> u64 {
        let (status, _, body) = server.get("/pagefind/pagefind-entry.json");
        assert_eq!(status, 200, "{body}");
        let entry: serde_json::Value = serde_json::from_str(&body).unwrap();
        entry["languages"]["en"]["page_count"].as_u64().unwrap()
    };
    assert_eq!(pages(), 5);
    let mut events = server.events();
    w.write(
        "content/goals/second.md",
        "---\ntitle: Second goal\nowner: agency\nstatus: proposed\n---\n\nA new goal.\n",
    );
    events.wait_for("event: reload");
    // The page is there at once; the index follows when Pagefind is done.
    assert_eq!(server.get("/goals/second.html").0, 200);
    let start = Instant::now();
    while pages() != 6 {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the index never caught up"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
