//! Issue #22, "a pull request is untrusted input": raw HTML stays content (no `style`, no form
//! controls, no theme ids), images from other hosts are reported, sanitising deep HTML takes
//! bounded time, control characters stay out of the feed and the terminal, and `serve` answers
//! only for its own address and never redirects off it.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// The chapter's page in the built site.
const PAGE: &str = "book/chapters/intro.html";

/// A chapter with this body (its first line is file line 5).
fn chapter(body: &str) -> String {
    format!("---\ntitle: Introduction\nweight: 1\n---\n{body}")
}

/// The part of a page inside `<main>`, where the page's own content is.
fn main_of(page: &str) -> &str {
    let start = page.find("<main").expect("a <main>");
    let end = page.rfind("</main>").expect("a </main>");
    &page[start..end]
}

#[test]
fn raw_html_loses_style_form_controls_and_the_themes_ids() {
    let w = Wiki::valid();
    w.write(
        "content/chapters/intro.md",
        &chapter(
            "<div id=\"main\" style=\"position:fixed;top:0;left:0;width:100%;height:100%;background:white\" class=\"note\">Cover</div>\n\n\
             <form action=\"https://phish.example/\"><label>Password <input type=\"password\" name=\"pw\"></label>\n\
             <button type=\"submit\">Sign in</button><select><option>a</option></select><textarea>t</textarea></form>\n\n\
             <span id=\"search-q\">x</span> <span id=\"own\" style=\"color:red\">y</span>\n\n\
             - [x] done\n- [ ] to do\n\n\
             | left | centre |\n| :-- | :-: |\n| 1 | 2 |\n",
        ),
    );
    let r = w.build();
    assert_eq!(r.code, 0, "{}", r.all());
    let page = w.read(PAGE);
    let main = main_of(&page);
    for gone in [
        "style=\"position",
        "style=\"color",
        "<form",
        "type=\"password\"",
        "<button",
        "<select",
        "<textarea",
        "id=\"search-q\"",
    ] {
        assert!(!main.contains(gone), "`{gone}` kept in {main}");
    }
    // The theme's ids stay the theme's: one `main`, one search box.
    assert_eq!(page.matches("id=\"main\"").count(), 1, "{page}");
    assert!(page.matches("id=\"search-q\"").count() <= 1, "{page}");
    // What Markdown writes is kept, and so is the text.
    assert!(main.contains("class=\"note\">Cover</div>"), "{main}");
    assert!(main.contains("id=\"own\""), "{main}");
    assert!(
        main.contains("<input disabled=\"\" type=\"checkbox\" checked=\"\">\ndone"),
        "{main}"
    );
    assert!(
        main.contains("<input disabled=\"\" type=\"checkbox\">\nto do"),
        "{main}"
    );
    assert!(main.contains("<th style=\"text-align: center\">"), "{main}");
    assert_eq!(main.matches("<input").count(), 2, "{main}");

    // A wiki that trusts its authors keeps its HTML as written.
    w.write(
        "book.toml",
        &format!("{BOOK}\n[wiki]\ntrusted-html = true\n"),
    );
    let r = w.build();
    assert_eq!(r.code, 0, "{}", r.all());
    let page = w.read(PAGE);
    assert!(page.contains("style=\"position:fixed"), "{page}");
    assert!(page.contains("type=\"password\""), "{page}");
}

#[test]
fn images_and_media_from_other_hosts_are_reported_at_their_line() {
    let w = Wiki::valid();
    w.write("content/chapters/local.png", "not really a png");
    w.write(
        "content/chapters/intro.md",
        &chapter(
            "Text.\n\n\
             <p>A pixel: <img alt=\"\"\n  src=\"https://tracker.example/p.gif\"></p>\n\n\
             ![Chart](https://cdn.example/chart.png) and ![Local](local.png)\n\n\
             <img src=\"&#104;ttps&colon;//sneaky.example/x.png\"> <img src=\"local.png\">\n\n\
             <video src=\"https://media.example/v.mp4\"></video>\n",
        ),
    );
    let r = w.build();
    assert_eq!(r.code, 0, "{}", r.all());
    let out = r.all();
    for (line, col, url) in [
        (7, 13, "https://tracker.example/p.gif"),
        (10, 1, "https://cdn.example/chart.png"),
        (12, 1, "&#104;ttps&colon;//sneaky.example/x.png"),
    ] {
        let want = format!("warning: content/chapters/intro.md:{line}:{col}: ");
        assert!(
            out.lines()
                .any(|l| l.starts_with(&want) && l.contains(url) && l.contains("another host")),
            "no warning {want}... {url} in {out}"
        );
    }
    // A local image, and a video the sanitiser removes anyway, are not reported.
    assert_eq!(out.matches("another host").count(), 3, "{out}");
    let c = w.check();
    assert_eq!(c.code, 0, "{}", c.all());
    assert_eq!(c.all().matches("another host").count(), 3, "{}", c.all());

    // The rule's level is the wiki's to set, in `build` and `check` alike.
    w.write(
        "book.toml",
        &format!("{BOOK}\n[wiki.check]\nexternal-resources = \"error\"\n"),
    );
    for r in [w.build(), w.check()] {
        assert_eq!(r.code, 1, "{}", r.all());
        assert!(
            r.all()
                .contains("error: content/chapters/intro.md:10:1: an image loads `https://cdn.example/chart.png`"),
            "{}",
            r.all()
        );
    }
    w.write(
        "book.toml",
        &format!("{BOOK}\n[wiki.check]\nexternal-resources = \"off\"\n"),
    );
    let r = w.check();
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(!r.all().contains("another host"), "{}", r.all());
    assert!(!r.all().contains("unknown"), "{}", r.all());
}

#[test]
fn with_trusted_html_every_kind_of_media_is_reported() {
    let w = Wiki::valid();
    w.write(
        "book.toml",
        &format!("{BOOK}\n[wiki]\ntrusted-html = true\n"),
    );
    w.write(
        "content/chapters/intro.md",
        &chapter(
            "<video poster=\"https://media.example/p.jpg\"><source src=\"//media.example/v.mp4\"></video>\n\n\
             <iframe src=\"https://embed.example/\"></iframe> <a href=\"https://fine.example/\">a link is fine</a>\n",
        ),
    );
    let r = w.check();
    assert_eq!(r.code, 0, "{}", r.all());
    let out = r.all();
    assert_eq!(out.matches("another host").count(), 3, "{out}");
    assert!(
        out.contains("intro.md:5:1: `<video>` loads `https://media.example/p.jpg`"),
        "{out}"
    );
    assert!(out.contains("intro.md:7:1: `<iframe>`"), "{out}");
}

#[test]
fn deeply_nested_html_is_sanitised_in_bounded_time() {
    let w = Wiki::valid();
    // The time measured is the sanitiser's, not the search index's.
    w.write(
        "book.toml",
        &format!("{BOOK}\n[wiki.search]\nenabled = false\n"),
    );
    // 100,000 nested elements: quadratic in the sanitiser's parser (over a minute before).
    w.write(
        "content/chapters/intro.md",
        &chapter(&format!("Deep:\n\n{}x\n", "<div>".repeat(100_000))),
    );
    let start = Instant::now();
    let r = w.build();
    let took = start.elapsed();
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert!(
        r.all().contains(
            "warning: content/chapters/intro.md:7:1: the HTML of this page nests more than 256 elements deep"
        ),
        "{}",
        r.all()
    );
    let page = w.read(PAGE);
    let main = main_of(&page);
    assert!(
        main.contains("&lt;div&gt;&lt;div&gt;"),
        "raw HTML shown as text"
    );
    assert!(!main.contains("<div><div><div>"));

    // Formatting elements re-opened over and over: 160 KB made 4 million elements (43 s).
    let opened: String = (0..200).map(|i| format!("<b a={i}>")).collect();
    w.write(
        "content/chapters/intro.md",
        &chapter(&format!(
            "Many:\n\n<p>{opened}</p>{}\n",
            "<p>x</p>".repeat(20_000)
        )),
    );
    let start = Instant::now();
    let r = w.build();
    let took = start.elapsed();
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert!(
        r.all().contains("intro.md:7:1: the HTML of this page makes more elements than one for every two of its bytes"),
        "{}",
        r.all()
    );
    assert!(w.read(PAGE).len() < 1_000_000);

    // Within the limits, many elements are sanitised as usual, in linear time.
    let body = format!(
        "{}{}{}",
        "<div>".repeat(250),
        "<p>para <b>bold</b> <i style=\"x\">i</i></p>\n".repeat(5_000),
        "</div>".repeat(250)
    );
    w.write("content/chapters/intro.md", &chapter(&body));
    let start = Instant::now();
    let r = w.build();
    let took = start.elapsed();
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert!(!r.all().contains("nests more than"), "{}", r.all());
    let page = w.read(PAGE);
    assert_eq!(page.matches("<b>bold</b>").count(), 5_000);
    assert!(!page.contains("style=\"x\""));
}

#[test]
fn control_characters_stay_out_of_the_feed_and_the_terminal() {
    let w = Wiki::valid();
    w.write(
        "book.toml",
        &format!("{BOOK}\n[output.html]\nsite-url = \"https://example.org/\"\n"),
    );
    // YAML spells the escape character `\e`: a title that recolours a terminal.
    w.write(
        "content/chapters/intro.md",
        "---\ntitle: \"Intro \\e[31mred\\e[0m \\x01\\x7f\\u0085end\"\nweight: 1\n---\n\nText.\n",
    );
    let repo = git2::Repository::init(w.root()).unwrap();
    commit_all(
        &repo,
        "Fix \u{1b}[2K\u{1b}[1A\rthe \u{1}\u{8}\u{b}\u{c}intro\u{7f}\n\nBody \u{1b}[31m",
        1_700_000_000,
    );
    let r = w.build();
    assert_eq!(r.code, 0, "{}", r.all());
    let atom = w.read("book/changes.atom");
    let doc = roxmltree::Document::parse(&atom).expect("a well-formed feed");
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .filter_map(|e| e.children().find(|c| c.has_tag_name("title")))
        .filter_map(|t| t.text())
        .collect();
    assert_eq!(titles, vec!["Fix [2K[1Athe intro"], "{atom}");
    assert!(atom.contains("Intro [31mred[0m end"), "{atom}");

    // A front-matter value with escape sequences, quoted in an error message.
    w.write(
        "content/goals/first.md",
        &GOAL.replace(
            "status: active",
            "status: \"\\e[2K\\rall good \\e]0;title\\a\"",
        ),
    );
    for format in ["human", "github", "json"] {
        let r = w.run(&["check", "--format", format]);
        assert_eq!(r.code, 1, "{}", r.all());
        let out = r.all();
        assert!(out.contains("content/goals/first.md"), "{out}");
        assert!(out.contains("all good"), "{out}");
        assert!(
            !out.chars().any(|c| c.is_control() && c != '\n'),
            "{format}: {out:?}"
        );
    }
    let r = w.build();
    assert_eq!(r.code, 1);
    assert!(r.all().contains("[2Kall good ]0;title"), "{}", r.all());
    assert!(!r.all().chars().any(|c| c.is_control() && c != '\n'));
}

/// `stratwiki serve` on a free port, stopped when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(w: &Wiki) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_stratwiki"))
            .args(["serve", "--port", "0", "--root"])
            .arg(w.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
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
        Server { child, addr }
    }

    fn port(&self) -> &str {
        self.addr.rsplit(':').next().unwrap()
    }

    /// Send `request` as written: (status, headers, body).
    fn raw(&self, request: &str) -> (u16, String, String) {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.write_all(request.as_bytes()).unwrap();
        let mut raw = String::new();
        let _ = s.read_to_string(&mut raw);
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        (
            head[9..12].parse().unwrap(),
            head.to_string(),
            body.to_string(),
        )
    }

    /// GET `path` with this `Host` header.
    fn get(&self, path: &str, host: &str) -> (u16, String, String) {
        self.raw(&format!(
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ))
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

#[test]
fn serve_answers_only_for_its_own_address() {
    let w = Wiki::valid();
    let server = Server::start(&w);
    let port = server.port().to_string();
    for host in [
        server.addr.clone(),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (status, _, body) = server.get("/chapters/intro.html", &host);
        assert_eq!(status, 200, "{host}");
        assert!(body.contains("Introduction"), "{host}");
    }
    // DNS rebinding: another site's name, resolved to loopback.
    for host in [
        format!("evil.example:{port}"),
        format!("127.0.0.1.evil.example:{port}"),
        "127.0.0.1:1".to_string(),
        "localhost".to_string(),
    ] {
        let (status, _, body) = server.get("/chapters/intro.html", &host);
        assert_eq!(status, 421, "{host}: {body}");
        assert!(!body.contains("Introduction"));
        let (status, _, _) = server.get("/__stratwiki/events", &host);
        assert_eq!(status, 421, "{host}");
    }
    // No Host at all, and a request that names another host in its target.
    let (status, _, _) = server.raw("GET /chapters/intro.html HTTP/1.0\r\n\r\n");
    assert_eq!(status, 400);
    let (status, _, _) = server.raw(&format!(
        "GET http://evil.example/chapters/intro.html HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.addr
    ));
    assert_eq!(status, 421);
}

#[test]
fn serve_never_redirects_to_another_host() {
    let w = Wiki::valid();
    w.write(
        "content/evil.example/index.html",
        "<p>a folder named like a host</p>",
    );
    let server = Server::start(&w);
    let (status, _, _) = server.get("/evil.example/", &server.addr);
    assert_eq!(status, 200);
    for path in [
        "//evil.example",
        "///evil.example",
        "/\\evil.example",
        "//evil.example?x=1",
    ] {
        let (status, head, _) = server.get(path, &server.addr);
        let location = head
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("location:"))
            .map(|l| l[9..].trim().to_string());
        if let Some(to) = &location {
            assert!(
                to.starts_with('/') && !to.starts_with("//") && !to.starts_with("/\\"),
                "{path}: redirected to {to}"
            );
        }
        assert!(
            (300..400).contains(&status)
                && location
                    .as_deref()
                    .is_some_and(|l| l.starts_with("/evil.example/"))
                || status == 404
                || status == 400,
            "{path}: {status} {head}"
        );
    }
}
