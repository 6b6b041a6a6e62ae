//! Handbooks written for static-site generators (Middleman, Jekyll, Hugo) built as they are:
//! their page names, the template files beside the pages, and the template syntax in them.

mod common;

use common::*;

/// A Middleman-style handbook: pages under `source/`, named `x.html.md` and `x.html.md.erb`.
fn middleman() -> Wiki {
    let w = Wiki::empty();
    w.write(
        "book.toml",
        "[book]\ntitle = \"Handbook\"\nsrc = \"source\"\n",
    );
    w.write(
        "source/index.html.md",
        "---\ntitle: Home\n---\n\nRead [the standards](standards.html) and [Git](tools/git.html).\n",
    );
    w.write(
        "source/standards.html.md.erb",
        "---\ntitle: Standards\n---\n\nSee [Git](tools/git.html).\n",
    );
    w.write(
        "source/tools/git.html.md",
        "# Git\n\nBack to [the standards](../standards.html).\n",
    );
    w
}

#[test]
fn html_md_pages_keep_their_html_url_and_links_to_it_resolve() {
    let w = middleman();
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(!b.all().contains("broken-link"), "{}", b.all());
    assert!(!b.all().contains("points nowhere"), "{}", b.all());
    assert!(w.path("book/standards.html").is_file(), "{}", b.all());
    assert!(w.path("book/tools/git.html").is_file(), "{}", b.all());
    assert!(!w.path("book/standards-html.html").exists());
    assert!(!w.path("book/tools/git-html.html").exists());
    // A `.md.erb` page is a page, not a file copied as it is.
    assert!(!w.path("book/standards.html.md.erb").exists());
    let home = w.read("book/index.html");
    assert!(home.contains("href=\"standards.html\""), "{home}");
    let git = w.read("book/tools/git.html");
    assert!(git.contains("href=\"../standards.html\""), "{git}");
    assert!(git.contains("<h1>Git</h1>"), "{git}");
}
