//! mdBook's `{{#title text}}` (mdBook 0.4.21+): the page's HTML `<title>` becomes that text,
//! whole (not followed by the book's title), on content pages and on the home page, from the
//! page or from a file it includes; a page without it keeps "Page · Book". The page cache
//! never serves a stale title.

mod common;

use common::*;

fn book(files: &[(&str, &str)]) -> Wiki {
    let w = Wiki::empty();
    w.write("book.toml", BOOK);
    for (path, text) in files {
        w.write(&format!("content/{path}"), text);
    }
    w
}

/// The text of the page's `<title>` element.
fn title(w: &Wiki, page: &str) -> String {
    let html = w.read(&format!("book/{page}"));
    let start = html.find("<title>").expect("a <title>") + "<title>".len();
    let end = html[start..].find("</title>").unwrap() + start;
    html[start..end].to_string()
}

#[test]
fn title_directive_sets_the_whole_html_title() {
    let w = book(&[
        (
            "index.md",
            "{{#title Welcome to the book}}\n# Home\n\nHello.\n",
        ),
        (
            "intro.md",
            "# Introduction\n\n{{#title The Introduction: why &amp; how}}\n\nText.\n",
        ),
        ("plain.md", "# Plain\n\nNo title directive.\n"),
        ("shared/title.md", "{{#title Set by an include}}\n"),
        (
            "included.md",
            "# Included\n\n{{#include shared/title.md}}\nBody.\n",
        ),
    ]);
    let r = w.build();
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(title(&w, "index.html"), "Welcome to the book");
    // Escaped as any text is, and the whole title: not "… · Test strategy".
    assert_eq!(
        title(&w, "intro.html"),
        "The Introduction: why &amp;amp; how"
    );
    assert_eq!(title(&w, "plain.html"), "Plain · Test strategy");
    assert_eq!(title(&w, "included.html"), "Set by an include");
    // The directive is not in the body, and the page's heading is unchanged.
    let intro = w.read("book/intro.html");
    assert!(!intro.contains("#title"), "{intro}");
    assert!(intro.contains(">Introduction</h1>"), "{intro}");
}

#[test]
fn a_changed_title_in_an_included_file_is_not_served_from_the_page_cache() {
    let w = book(&[
        ("shared/title.md", "{{#title First}}\n"),
        ("page.md", "# Page\n\n{{#include shared/title.md}}\nBody.\n"),
    ]);
    let r = w.build();
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(title(&w, "page.html"), "First");
    w.write("content/shared/title.md", "{{#title Second}}\n");
    let r = w.build();
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(title(&w, "page.html"), "Second");
}
