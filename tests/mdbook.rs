//! mdBook books build unchanged and read as in mdBook (issue #24): the content folder `src/`,
//! chapter titles from SUMMARY.md, `site-url` as a base path, `404.md`, `{path}` in
//! `edit-url-template`, `[output.html.redirect]`, and mdBook's other tables left alone.

mod common;

use common::*;

/// A `book.toml` as `mdbook init` writes it: no `src`, mdBook's default.
const MDBOOK_TOML: &str = "[book]\ntitle = \"A book\"\nauthors = [\"A\"]\nlanguage = \"en\"\n";

/// [`MDBOOK_TOML`] naming `src`: each point but the content folder's is tested on its own.
const SRC_TOML: &str =
    "[book]\ntitle = \"A book\"\nauthors = [\"A\"]\nlanguage = \"en\"\nsrc = \"src\"\n";

/// A small mdBook book: `book.toml` (with `extra` appended), `src/SUMMARY.md` and four pages.
fn book(extra: &str) -> Wiki {
    let w = Wiki::empty();
    w.write("book.toml", &format!("{SRC_TOML}{extra}"));
    w.write(
        "src/SUMMARY.md",
        "# Summary\n\n[Introduction](README.md)\n\n- [Chapter 1](chapter_1.md)\n    - [What is ownership?](ch04-01-what-is-ownership.md)\n- [Own title](titled.md)\n",
    );
    w.write("src/README.md", "# Introduction\n\nWelcome.\n");
    w.write("src/chapter_1.md", "# The first chapter\n\nText.\n");
    w.write(
        "src/ch04-01-what-is-ownership.md",
        "## What is ownership?\n\nOwnership is...\n",
    );
    w.write(
        "src/titled.md",
        "---\ntitle: From front matter\n---\n\nText.\n",
    );
    w
}

fn ok(r: &Run) {
    assert_eq!(r.code, 0, "{}", r.all());
}

#[test]
fn src_is_the_content_folder_of_an_mdbook_book() {
    let w = book("");
    w.write("book.toml", MDBOOK_TOML);
    let b = w.build();
    ok(&b);
    assert!(w.path("book/chapter_1.html").is_file(), "{}", b.all());
    // A `content/` folder beside it: stratwiki's own default stays.
    let w = book("");
    w.write("book.toml", MDBOOK_TOML);
    w.write("content/about.md", "# About\n\nText.\n");
    ok(&w.build());
    assert!(w.path("book/about.html").is_file());
    assert!(!w.path("book/chapter_1.html").exists());
    // An explicit `src` always wins.
    let w = book("");
    w.write("content/about.md", "# About\n\nText.\n");
    w.write("book.toml", &format!("{MDBOOK_TOML}src = \"src\"\n"));
    ok(&w.build());
    assert!(w.path("book/chapter_1.html").is_file());
    let w = book("");
    w.write("docs/about.md", "# About\n\nText.\n");
    w.write("book.toml", &format!("{MDBOOK_TOML}src = \"docs\"\n"));
    ok(&w.build());
    assert!(w.path("book/about.html").is_file());
    assert!(!w.path("book/chapter_1.html").exists());
}

#[test]
fn summary_link_text_titles_pages_without_their_own() {
    let w = book("");
    ok(&w.build());
    // A chapter starting with `##` was titled from its file name ("Ch04 01 what is ownership").
    let own = w.read("book/ch04-01-what-is-ownership.html");
    assert!(
        own.contains("<title>What is ownership? · A book</title>"),
        "{own}"
    );
    // SUMMARY.md's text wins over the first heading, which then stays in the body.
    let ch1 = w.read("book/chapter_1.html");
    assert!(ch1.contains("<title>Chapter 1 · A book</title>"), "{ch1}");
    assert!(ch1.contains("The first chapter</a></h1>"), "{ch1}");
    // A `title` in front matter wins over SUMMARY.md.
    let titled = w.read("book/titled.html");
    assert!(
        titled.contains("<title>From front matter · A book</title>"),
        "{titled}"
    );
}

#[test]
fn site_url_may_be_a_base_path() {
    let w = book("\n[output.html]\nsite-url = \"/mdBook/\"\n");
    w.write(
        "src/404.md",
        "# Not here\n\nSee [the first chapter](chapter_1.md).\n",
    );
    let b = w.build();
    ok(&b);
    assert!(!b.all().contains("site-url"), "{}", b.all());
    // The 404 page's links lead from the base path, wherever a server shows it.
    let nf = w.read("book/404.html");
    assert!(nf.contains("href=\"/mdBook/static/style.css\""), "{nf}");
    assert!(nf.contains("href=\"/mdBook/chapter_1.html\""), "{nf}");
    let ch1 = w.read("book/chapter_1.html");
    assert!(
        ch1.contains("<link rel=\"canonical\" href=\"/mdBook/chapter_1.html\">"),
        "{ch1}"
    );
    // A sitemap lists absolute URLs: there is none, and the open data stays site-relative.
    assert!(!w.path("book/sitemap.xml").exists());
    let goals = w.read("book/goals.json");
    assert!(!goals.contains("/mdBook/"), "{goals}");
    // Not every string is a path: a host without a scheme, or `//host`, is still an error.
    for bad in ["example.org/x", "//evil.example/", "/a b/"] {
        w.write(
            "book.toml",
            &format!("{SRC_TOML}[output.html]\nsite-url = \"{bad}\"\n"),
        );
        let c = w.check();
        assert_eq!(c.code, 1, "{bad}: {}", c.all());
        assert!(c.all().contains("book.toml:7:1"), "{bad}: {}", c.all());
    }
}

#[test]
fn a_404_md_is_the_404_page() {
    let w = book("");
    w.write(
        "src/404.md",
        "# Document not found (404)\n\nThis URL is invalid, sorry. Go [home](README.md).\n",
    );
    let c = w.check();
    assert_eq!(c.code, 0, "{}", c.all());
    ok(&w.build());
    let nf = w.read("book/404.html");
    assert!(
        nf.contains("<title>Document not found (404) · A book</title>"),
        "{nf}"
    );
    assert!(nf.contains("This URL is invalid, sorry."), "{nf}");
    // With the site's chrome, and links that work from any folder (no `site-url`: from the
    // host's root).
    assert!(nf.contains("href=\"/static/style.css\""), "{nf}");
    assert!(nf.contains("href=\"/index.html\">home</a>"), "{nf}");
    assert!(!nf.contains("There is no page at this address"), "{nf}");
    // Not a page of its own besides, nor in the search or the sitemap.
    assert!(!w.path("book/404/index.html").exists());
}

#[test]
fn edit_url_path_is_from_the_book_root() {
    let w = book(
        "\n[output.html]\nedit-url-template = \"https://github.com/o/r/edit/main/guide/{path}\"\n",
    );
    ok(&w.build());
    let ch1 = w.read("book/chapter_1.html");
    assert!(
        ch1.contains("href=\"https://github.com/o/r/edit/main/guide/src/chapter_1.md\""),
        "{ch1}"
    );
}

#[test]
fn redirect_table_writes_redirect_pages() {
    let w = book(
        "\n[output.html.redirect]\n\"/format/config.html\" = \"../chapter_1.html\"\n\"/chapter_1.html\" = \"titled.html\"\n\"/old/\" = \"https://example.org/new\"\n",
    );
    let b = w.build();
    ok(&b);
    let r = w.read("book/format/config.html");
    assert!(
        r.contains("<meta http-equiv=\"refresh\" content=\"0; url=../chapter_1.html\">"),
        "{r}"
    );
    assert!(
        w.read("book/old/index.html")
            .contains("url=https://example.org/new")
    );
    // A redirect never replaces a page: a warning at its line says so.
    assert!(w.read("book/chapter_1.html").contains("Text."));
    assert!(
        b.stderr.contains(
            "warning: book.toml:9:1: no redirect from `/chapter_1.html` to `titled.html`: it is the page `src/chapter_1.md`"
        ),
        "{}",
        b.stderr
    );
    // Only http(s) or relative targets: a pull request must not put a script in a link.
    w.write(
        "book.toml",
        &format!("{SRC_TOML}[output.html.redirect]\n\"/a.html\" = \"javascript:alert(1)\"\n"),
    );
    let c = w.check();
    assert_eq!(c.code, 1, "{}", c.all());
    assert!(c.all().contains("error: book.toml:7:1"), "{}", c.all());
}

#[test]
fn other_mdbook_tables_are_left_alone() {
    let w = book(
        "\n[rust]\nedition = \"2018\"\n\n[preprocessor.guide-helper]\ncommand = \"cargo run\"\n\n[output.linkcheck]\nfollow-web-links = false\n",
    );
    let b = w.build();
    ok(&b);
    assert!(!b.all().contains("book.toml"), "{}", b.all());
}
