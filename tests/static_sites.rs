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

#[test]
fn template_sources_stay_out_of_the_site_and_exclude_adds_to_them() {
    let w = middleman();
    w.write("source/layouts/layout.erb", "<html><%= yield %></html>\n");
    w.write("source/layouts/core.html.md.erb", "# Not a page\n");
    w.write("source/_includes/nav.html", "<nav></nav>\n");
    w.write("source/_data/people.yml", "- a\n");
    w.write("source/tools/_aside.html.erb", "<aside></aside>\n");
    w.write("source/images/logo.png", "png");
    w.write("source/drafts/wip.html.md", "# Work in progress\n");
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    for gone in [
        "layouts/layout.erb",
        "layouts/core.html",
        "_includes/nav.html",
        "_data/people.yml",
        "tools/_aside.html.erb",
    ] {
        assert!(!w.path("book").join(gone).exists(), "{gone} published");
    }
    assert!(w.path("book/images/logo.png").is_file());
    assert!(w.path("book/drafts/wip.html").is_file());
    // A wiki's own patterns add to the defaults.
    w.write(
        "book.toml",
        "[book]\ntitle = \"Handbook\"\nsrc = \"source\"\n\n[wiki]\nexclude = [\"drafts/\"]\n",
    );
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(!b.all().contains("unknown"), "{}", b.all());
    assert!(!w.path("book/drafts/wip.html").exists());
    assert!(!w.path("book/layouts/layout.erb").exists());
    assert!(w.path("book/standards.html").is_file());
}

/// A Hugo-style handbook: `content/` with section pages `_index.md`.
fn hugo() -> Wiki {
    let w = Wiki::empty();
    w.write("book.toml", "[book]\ntitle = \"Docs\"\n");
    w.write("content/_index.md", "---\ntitle: Docs\n---\n\nWelcome.\n");
    w
}

#[test]
fn a_hugo_section_without_a_title_is_titled_from_its_folder() {
    let w = hugo();
    w.write(
        "content/getting-started/_index.md",
        "---\nweight: 1\n---\n\nStart here.\n",
    );
    w.write(
        "content/getting-started/install.md",
        "---\ntitle: Install\n---\n\nInstall it.\n",
    );
    w.write(
        "content/reference/_index.md",
        "---\ntitle: API reference\n---\n\nAll of it.\n",
    );
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    let section = w.read("book/getting-started/index.html");
    assert!(section.contains("<h1>Getting started</h1>"), "{section}");
    assert!(!section.contains("<h1>Index</h1>"));
    // A title given is kept.
    let reference = w.read("book/reference/index.html");
    assert!(reference.contains("<h1>API reference</h1>"), "{reference}");
}

#[test]
fn template_syntax_is_left_as_written_with_one_warning_per_file() {
    let w = hugo();
    w.write("content/about.md", "# About\n\nAbout us.\n");
    w.write(
        "content/guide.md",
        "---\ntitle: Guide\n---\n\nSay \"hello\".\n\n{{< figure src=\"a.png\" title=\"A -- b\" >}}\n\n{{% note %}}\nSee [about](about.md) -- \"now\".\n{{% /note %}}\n\n`{{< in code >}}`\n",
    );
    w.write(
        "content/jekyll.md",
        "# Jekyll\n\nIntro.\n\n{% include \"nav.html\" %} and <%= partial \"x\" %>\n",
    );
    w.write("content/plain.md", "# Plain\n\n`{% only in code %}`\n");
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    let guide = w.read("book/guide.html");
    // Outside the tags, smart punctuation as usual; inside, the text as written.
    assert!(guide.contains("Say “hello”."), "{guide}");
    assert!(
        guide.contains("{{&lt; figure src=\"a.png\" title=\"A -- b\" &gt;}}"),
        "{guide}"
    );
    // The Markdown between a shortcode's tags is rendered, its link kept.
    assert!(
        guide.contains("<a href=\"about.html\">about</a>"),
        "{guide}"
    );
    assert!(guide.contains("{{% note %}}"), "{guide}");
    assert!(guide.contains("{{% /note %}}"), "{guide}");
    let jekyll = w.read("book/jekyll.html");
    assert!(
        jekyll.contains("{% include \"nav.html\" %} and &lt;%= partial \"x\" %&gt;"),
        "{jekyll}"
    );
    // One warning per file, at the first tag's line, naming it.
    let all = b.all();
    let warnings: Vec<&str> = all
        .lines()
        .filter(|l| l.contains("template syntax"))
        .collect();
    assert_eq!(warnings.len(), 2, "{all}");
    assert!(
        warnings.iter().any(|l| l.contains("content/guide.md:7:")
            && l.contains("Hugo shortcode")
            && l.contains("{{< figure src=\"a.png\"")),
        "{all}"
    );
    assert!(
        warnings.iter().any(|l| l.contains("content/jekyll.md:5:")
            && l.contains("Liquid")
            && l.contains("{% include \"nav.html\" %}")),
        "{all}"
    );
}

#[test]
fn front_matter_entities_are_decoded_and_any_weight_orders() {
    let w = hugo();
    w.write(
        "content/docs/b.md",
        "---\ntitle: \"Build &amp; deploy\"\nsummary: \"A &mdash; B &#8212; C\"\nweight: 40.5\n---\n\nText.\n",
    );
    w.write(
        "content/docs/a.md",
        "---\ntitle: Alpha\nweight: 41\n---\n\nText.\n",
    );
    w.write(
        "content/docs/c.md",
        "---\ntitle: Gamma\nweight: 40\n---\n\nText.\n",
    );
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(!b.all().contains("weight"), "{}", b.all());
    let page = w.read("book/docs/b.html");
    assert!(page.contains("<h1>Build &amp; deploy</h1>"), "{page}");
    assert!(!page.contains("&amp;amp;"), "{page}");
    assert!(page.contains("A — B — C"), "{page}");
    assert!(!page.contains("&amp;mdash;"), "{page}");
    // 40, then 40.5, then 41: the sidebar lists the pages in that order.
    let home = w.read("book/index.html");
    let at = |t: &str| {
        home.find(t)
            .unwrap_or_else(|| panic!("{t} missing: {home}"))
    };
    assert!(at(">Gamma<") < at(">Build &amp; deploy<"), "{home}");
    assert!(at(">Build &amp; deploy<") < at(">Alpha<"), "{home}");
}
