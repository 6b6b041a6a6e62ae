//! The offline search index: what a build writes, what the index holds, and turning it off.

mod common;

use std::io::Read;

use common::*;

/// Every `pagefind/fragment/*` of a built site, decompressed (Pagefind gzips them, after a
/// `pagefind_dcd` signature): one JSON document per indexed page.
fn fragments(w: &Wiki) -> Vec<serde_json::Value> {
    let dir = w.path("book/pagefind/fragment");
    let mut out: Vec<serde_json::Value> = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("fragment folder") {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let mut text = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_end(&mut text)
            .expect("gzip");
        let json = text
            .strip_prefix(b"pagefind_dcd")
            .expect("Pagefind's signature");
        out.push(serde_json::from_slice(json).expect("fragment JSON"));
    }
    out.sort_by_key(|f| f["url"].as_str().unwrap_or_default().to_string());
    out
}

#[test]
fn build_writes_a_pagefind_index_of_every_page_with_kinds_owners_and_statuses() {
    let w = Wiki::valid();
    w.write(
        "content/goals/first.md",
        &GOAL.replace(
            "Body of the goal.",
            "Body of the goal: interoperable zebras &amp; more.",
        ),
    );
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    for f in [
        "pagefind/pagefind.js",
        "pagefind/pagefind-worker.js",
        "pagefind/pagefind-entry.json",
        "pagefind/wasm.en.pagefind",
        "static/search.js",
        "search/index.html",
    ] {
        assert!(w.path("book").join(f).is_file(), "missing {f}");
    }
    let entry: serde_json::Value =
        serde_json::from_str(&w.read("book/pagefind/pagefind-entry.json")).unwrap();
    assert_eq!(entry["languages"]["en"]["page_count"], 5, "{entry}");

    let frags = fragments(&w);
    let urls: Vec<&str> = frags.iter().map(|f| f["url"].as_str().unwrap()).collect();
    assert_eq!(
        urls,
        [
            "about.html",
            "case-studies/case.html",
            "chapters/intro.html",
            "goals/first.html",
            "owners/agency.html"
        ]
    );
    let goal = &frags[3];
    assert_eq!(goal["meta"]["title"], "First goal");
    assert_eq!(goal["meta"]["kind"], "Goal");
    assert_eq!(goal["meta"]["owner"], "Agency", "owner by name, not slug");
    assert_eq!(goal["meta"]["status"], "Active");
    assert_eq!(goal["meta"]["area"], "infrastructure");
    assert_eq!(goal["filters"]["kind"], serde_json::json!(["Goal"]));
    assert_eq!(goal["filters"]["owner"], serde_json::json!(["Agency"]));
    assert_eq!(goal["filters"]["status"], serde_json::json!(["Active"]));
    let content = goal["content"].as_str().unwrap();
    assert!(
        content.contains("Body of the goal: interoperable zebras & more."),
        "text, not HTML: {content}"
    );
    assert!(!content.contains('<'), "{content}");
    assert_eq!(frags[4]["meta"]["kind"], "Owner");
    assert_eq!(
        frags[1]["filters"]["kind"],
        serde_json::json!(["Case study"])
    );

    // Every page has the search box, and loads the script from its own root: a classic script,
    // which browsers run from `file://` too (a module they refuse), so it can say there that
    // search needs the site served.
    let page = w.read("book/goals/first.html");
    assert!(
        page.contains(
            "<form class=\"site-search\" role=\"search\" action=\"../search/index.html\""
        ),
        "{page}"
    );
    assert!(page.contains("<script defer src=\"../static/search.js\"></script>"));
    let search = w.read("book/search/index.html");
    for part in [
        "id=\"search-results\"",
        "id=\"filter-kind\"",
        "id=\"filter-area\"",
        "id=\"filter-status\"",
        "id=\"filter-owner\"",
        "id=\"search-fallback\"",
        "id=\"search-shortcuts\"",
    ] {
        assert!(search.contains(part), "search page lacks {part}");
    }
}

#[test]
fn search_can_be_turned_off() {
    let w = Wiki::valid();
    w.write(
        "book.toml",
        &format!("{BOOK}\n[wiki.search]\nenabled = false\n"),
    );
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(!b.stderr.contains("unknown key"), "{}", b.stderr);
    assert!(!w.path("book/pagefind").exists());
    assert!(!w.path("book/search").exists());
    let page = w.read("book/goals/first.html");
    assert!(!page.contains("site-search"), "{page}");
    assert!(!page.contains("search.js"));
}
