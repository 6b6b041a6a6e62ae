//! mdBook books read as in mdBook (issue #24, the Markdown side): the include family expanded
//! before parsing, Rust's hidden lines, mdBook's heading ids (links to them checked, on the
//! page and from other pages), and code
//! info strings as classes. Includes are untrusted input too: they stay inside the content
//! folder, are bounded, and the page cache never serves a page with a stale include.

mod common;

use common::*;

/// A wiki with `book.toml` and these content files.
fn book(files: &[(&str, &str)]) -> Wiki {
    let w = Wiki::empty();
    w.write("book.toml", BOOK);
    for (path, text) in files {
        w.write(&format!("content/{path}"), text);
    }
    w
}

/// The part of a built page between the content's `<div class="content">` and the footer.
fn content(w: &Wiki, page: &str) -> String {
    let html = w.read(&format!("book/{page}"));
    let start = html
        .find("<div class=\"content\">")
        .unwrap_or_else(|| panic!("no content in {page}:\n{html}"));
    let end = html[start..]
        .find("<footer")
        .map_or(html.len(), |e| e + start);
    html[start..end].to_string()
}

const LISTING: &str = "use std::io;\n\n// ANCHOR: main\nfn main() {\n    // ANCHOR: body\n    let x = 1;\n    // ANCHOR_END: body\n    println!(\"{x}\");\n}\n// ANCHOR_END: main\n";

#[test]
fn includes_take_files_ranges_lines_and_anchors_relative_to_the_page() {
    let w = book(&[
        ("guide/src/main.rs", LISTING),
        (
            "guide/code.md",
            "# Code\n\n```rust\n{{#include src/main.rs}}\n```\n\n```text\n{{#include src/main.rs:4:6}}\n```\n\n```text\n{{#include src/main.rs:8:}}\n```\n\n```text\n{{#include src/main.rs::1}}\n```\n\n```text\n{{#include src/main.rs:6}}\n```\n\n```rust\n{{#include src/main.rs:main}}\n```\n",
        ),
        // The same file from another folder: paths are relative to the including page.
        (
            "top.md",
            "# Top\n\n```text\n{{#include guide/src/main.rs:body}}\n```\n",
        ),
    ]);
    let r = w.build();
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(!r.all().contains("include"), "{}", r.all());
    let html = content(&w, "guide/code.html");
    let blocks: Vec<&str> = html
        .split("<pre><code")
        .skip(1)
        .map(|b| &b[b.find('>').unwrap() + 1..b.find("</code></pre>").unwrap()])
        .collect();
    assert_eq!(blocks.len(), 6, "{html}");
    // Whole: the markers are the file's own lines, kept.
    assert!(
        blocks[0].starts_with("use std::io;\n\n// ANCHOR: main\n"),
        "{}",
        blocks[0]
    );
    assert_eq!(
        blocks[1],
        "fn main() {\n    // ANCHOR: body\n    let x = 1;\n"
    );
    assert_eq!(
        blocks[2],
        "    println!(\"{x}\");\n}\n// ANCHOR_END: main\n"
    );
    assert_eq!(blocks[3], "use std::io;\n");
    assert_eq!(blocks[4], "    let x = 1;\n");
    // An anchor: its lines, without its markers or those of the anchors inside it.
    assert_eq!(
        blocks[5],
        "fn main() {\n    let x = 1;\n    println!(\"{x}\");\n}\n"
    );
    assert!(
        content(&w, "top.html")
            .contains("<pre><code class=\"language-text\">    let x = 1;\n</code></pre>"),
        "{}",
        content(&w, "top.html")
    );
}

#[test]
fn rustdoc_include_hides_the_rest_and_playground_is_a_rust_block() {
    let w = book(&[
        ("src/main.rs", LISTING),
        (
            "code.md",
            "# Code\n\n```rust\n{{#rustdoc_include src/main.rs:body}}\n```\n\n{{#playground src/main.rs editable}}\n\nText.\n",
        ),
    ]);
    let r = w.build();
    assert_eq!(r.code, 0, "{}", r.all());
    let html = content(&w, "code.html");
    // The file's other lines are in the block as `# ` lines, which a Rust block hides: only
    // the anchor's lines show.
    assert!(
        html.contains("<pre><code class=\"language-rust\">    let x = 1;\n</code></pre>"),
        "{html}"
    );
    // The playground: the whole file, in a Rust block with its attributes as classes.
    assert!(
        html.contains("<pre><code class=\"language-rust editable\">use std::io;\n"),
        "{html}"
    );
    assert!(html.contains("<p>Text.</p>"), "{html}");
}

#[test]
fn escaped_directives_stay_literal_and_title_is_removed() {
    let w = book(&[
        ("src/a.rs", "SECRET-NOT-INCLUDED\n"),
        (
            "page.md",
            "{{#title A better title}}\n# Page\n\nWrite `\\{{#include src/a.rs}}` to include.\n\n```hbs\n\\{{#include src/a.rs}}\n```\n",
        ),
    ]);
    let r = w.build();
    assert_eq!(r.code, 0, "{}", r.all());
    let html = content(&w, "page.html");
    assert!(!html.contains("SECRET-NOT-INCLUDED"), "{html}");
    assert_eq!(html.matches("{{#include src/a.rs}}").count(), 2, "{html}");
    assert!(!html.contains("\\{{"), "{html}");
    assert!(!html.contains("#title"), "{html}");
}

#[test]
fn a_missing_file_or_anchor_is_a_warning_at_the_directive_and_lines_stay_the_pages() {
    let w = book(&[
        ("src/a.rs", "one\ntwo\nthree\n"),
        (
            "page.md",
            "---\ntitle: Page\n---\n\n{{#include src/a.rs}}\n\n{{#include src/gone.rs}}\n\n```rust\n{{#include src/a.rs:nothing}}\n```\n\nA [broken](nowhere.md) link.\n",
        ),
    ]);
    let r = w.build();
    assert_eq!(r.code, 0, "{}", r.all());
    let all = r.all();
    assert!(
        all.contains(
            "content/page.md:7:1: `{{#include src/gone.rs}}`: cannot include `src/gone.rs`"
        ),
        "{all}"
    );
    assert!(
        all.contains("content/page.md:10:1: `{{#include src/a.rs:nothing}}`: `src/a.rs` has no `ANCHOR: nothing`"),
        "{all}"
    );
    // The link after three included lines is still at its own line of the file.
    assert!(
        all.contains("content/page.md:13:3: link `nowhere.md` points nowhere"),
        "{all}"
    );
    // A directive that fails stays as written, as in mdBook.
    assert!(content(&w, "page.html").contains("{{#include src/gone.rs}}"));
}

#[cfg(unix)]
#[test]
fn includes_never_read_outside_the_content_folder() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "SECRET-OUTSIDE\n").unwrap();
    let w = book(&[(
        "page.md",
        "# Page\n\n{{#include ../book.toml}}\n\n{{#include ../../secret.txt}}\n\n{{#include link.txt}}\n\n{{#include linked/secret.txt}}\n\n{{#include /etc/hostname}}\n",
    )]);
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        w.path("content/link.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), w.path("content/linked")).unwrap();
    let r = w.build();
    let html = content(&w, "page.html");
    assert!(!html.contains("SECRET-OUTSIDE"), "{html}");
    assert!(
        !html.contains("Test strategy"),
        "book.toml included:\n{html}"
    );
    assert!(!r.all().contains("SECRET-OUTSIDE"), "{}", r.all());
    for line in [3, 5, 7, 9, 11] {
        assert!(
            r.all()
                .contains(&format!("content/page.md:{line}:1: `{{{{#include")),
            "no warning at line {line}:\n{}",
            r.all()
        );
    }
}

#[test]
fn includes_are_bounded_in_depth_and_size() {
    // A file that includes itself: mdBook's ten levels, then a warning, and the build ends.
    let big = "x".repeat(1024 * 1024) + "\n";
    let many = "{{#include big.txt}}\n\n".repeat(20);
    let w = book(&[
        ("self.md", "# Self\n\nlevel {{#include self.md}}\n"),
        ("big.txt", &big),
        ("many.md", &format!("# Many\n\n{many}")),
    ]);
    let r = w.build();
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.all().contains("content/self.md:3:1:") && r.all().contains("nest more than 10 deep"),
        "{}",
        r.all()
    );
    assert!(w.read("book/self.html").len() < 100_000);
    // Twenty includes of a 1 MB file pass the 10 MB a page's includes may read: the rest stay
    // as written, with one warning at the first that does not fit.
    assert!(
        r.all().contains("content/many.md:21:1:") && r.all().contains("more than 10 MB"),
        "{}",
        r.all()
    );
    assert_eq!(r.all().matches("more than 10 MB").count(), 1, "{}", r.all());
    let html = w.read("book/many.html");
    assert!(html.len() < 11 * 1024 * 1024, "{}", html.len());
}

#[test]
fn the_page_cache_never_serves_a_stale_include() {
    let w = book(&[
        ("src/a.rs", "fn old() {}\n"),
        (
            "page.md",
            "# Page\n\n```rust\n{{#include src/a.rs}}\n```\n\n{{#include src/gone.rs}}\n",
        ),
    ]);
    let first = w.build();
    assert_eq!(first.code, 0, "{}", first.all());
    assert!(content(&w, "page.html").contains("fn old()"));
    // The page's own file did not change, the file it includes did.
    w.write("content/src/a.rs", "fn new() {}\n");
    let second = w.build();
    assert_eq!(second.code, 0, "{}", second.all());
    let html = content(&w, "page.html");
    assert!(
        html.contains("fn new()") && !html.contains("fn old()"),
        "{html}"
    );
    // Warnings about includes are not lost to the cache.
    assert!(
        second.all().contains("cannot include `src/gone.rs`"),
        "{}",
        second.all()
    );
    w.write("content/src/gone.rs", "fn back() {}\n");
    let third = w.build();
    assert!(!third.all().contains("cannot include"), "{}", third.all());
    assert!(content(&w, "page.html").contains("fn back()"));
}

#[test]
fn rust_blocks_hide_rustdoc_lines() {
    let w = book(&[(
        "page.md",
        "# Page\n\n```rust\n# use std::io;\n#\nfn main() {\n    # let hidden = 1;\n    ##[doc = \"shown\"]\n    #[derive(Debug)]\n}\n```\n\n```python\n# a comment\n```\n\n```\n# plain\n```\n",
    )]);
    let r = w.build();
    assert_eq!(r.code, 0, "{}", r.all());
    let html = content(&w, "page.html");
    assert!(
        html.contains("<pre><code class=\"language-rust\">fn main() {\n    #[doc = \"shown\"]\n    #[derive(Debug)]\n}\n</code></pre>"),
        "{html}"
    );
    assert!(html.contains("# a comment"), "{html}");
    assert!(html.contains("<pre><code># plain\n</code></pre>"), "{html}");
}

#[test]
fn info_strings_become_classes_as_in_mdbook() {
    let w = book(&[(
        "page.md",
        "# Page\n\n```rust,ignore,does_not_compile\nfn x() {}\n```\n\n```console title=\"a\"\n$ ls\n```\n",
    )]);
    let r = w.build();
    assert_eq!(r.code, 0, "{}", r.all());
    let html = content(&w, "page.html");
    assert!(
        html.contains("<code class=\"language-rust ignore does_not_compile\">"),
        "{html}"
    );
    assert!(
        html.contains("<code class=\"language-console title=&quot;a&quot;\">"),
        "{html}"
    );
}

#[test]
fn heading_ids_are_mdbooks_and_links_to_them_are_checked() {
    let page = "# Page\n\n## Where's the `?` operator?\n\n## Grüße — A/B\n\n## Plan\n\n## Plan\n\n\
                See [the operator](#wheres-the--operator), [greetings](#grüße--ab), \
                [the second plan](#plan-1) and [the old id](#where-s-the-operator).\n\n\
                And [nothing](#no-such-heading).\n";
    let w = book(&[
        ("page.md", page),
        (
            "other.md",
            "# Other\n\n[There](page.md#wheres-the--operator), [the old id](page.md#grusse-a-b)\nand [gone](page.md#gone).\n",
        ),
    ]);
    let r = w.build();
    assert_eq!(r.code, 0, "{}", r.all());
    let html = content(&w, "page.html");
    assert!(html.contains("<h2 id=\"wheres-the--operator\">"), "{html}");
    assert!(html.contains("<h2 id=\"grüße--ab\">"), "{html}");
    assert!(html.contains("<h2 id=\"plan-1\">"), "{html}");
    // The id stratwiki gave before stays, as an anchor, so links to it keep working.
    assert!(
        html.contains("<a id=\"where-s-the-operator\"></a>"),
        "{html}"
    );
    assert!(html.contains("<a id=\"grusse-a-b\"></a>"), "{html}");
    assert!(!html.contains("<a id=\"plan-1\"></a>"), "{html}");
    let all = r.all();
    assert_eq!(all.matches("points nowhere").count(), 2, "{all}");
    // On another page: checked against that page's ids once every page is rendered.
    assert!(
        all.contains("content/other.md:4:5: link `page.md#gone` points nowhere: `page.md` has no heading or element with the id `gone`"),
        "{all}"
    );
    assert!(
        all.contains("content/page.md:13:5: link `#no-such-heading` points nowhere"),
        "{all}"
    );
    // `check` fails on it, as on any broken link.
    let c = w.check();
    assert_ne!(c.code, 0, "{}", c.all());
    w.write(
        "content/page.md",
        &page.replace("(#no-such-heading)", "(#plan)"),
    );
    let c = w.check();
    assert_ne!(c.code, 0, "{}", c.all());
    w.write("content/other.md", "# Other\n\n[There](page.md#plan-1)\n");
    let c = w.check();
    assert_eq!(c.code, 0, "{}", c.all());
}
