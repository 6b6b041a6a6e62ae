//! Links as handbooks write them for other generators and forges, resolved to pages: links
//! written for the site's base path, folder links, links written for pretty URLs, GitHub's
//! `#user-content-` anchors; Jekyll's own home and 404 pages; `[[slug]]` links read as titles;
//! links that go nowhere published as marked, never as a dead `href`.

mod common;

use common::*;

fn wiki(book_extra: &str) -> Wiki {
    let w = Wiki::empty();
    w.write(
        "book.toml",
        &format!("[book]\ntitle = \"Manual\"\nsrc = \"content\"\n{book_extra}"),
    );
    w
}

/// The `href`s of the page's body (inside `<main>`), in order.
fn hrefs(html: &str) -> Vec<String> {
    let main = html.split("<main").nth(1).unwrap_or(html);
    let main = main.split("</main>").next().unwrap_or(main);
    main.split(" href=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn root_relative_links_inside_the_base_path_name_pages_and_are_made_relative() {
    for site_url in ["https://www.gov.uk/service-manual/", "/service-manual/"] {
        let w = wiki(&format!("\n[output.html]\nsite-url = \"{site_url}\"\n"));
        w.write("content/agile.md", "# Agile\n\nBe agile.\n");
        w.write(
            "content/team/roles.md",
            "# Roles\n\n[a](/service-manual/agile.html) [b](/service-manual/agile) \
             [c](/service-manual/agile.md#top) [home](/service-manual/) [bare](/service-manual) \
             [gov](/government/publications) [gone](/service-manual/nope)\n",
        );
        let b = w.build();
        assert_eq!(b.code, 0, "{site_url}: {}", b.all());
        let roles = w.read("book/team/roles.html");
        let links = hrefs(&roles);
        for want in [
            "../agile.html",
            "../agile.html",
            "../agile.html#top",
            "../index.html",
            "../index.html",
            "/government/publications",
        ] {
            assert!(
                links.contains(&want.to_string()),
                "{site_url}: {want} in {links:?}"
            );
        }
        // Outside the base path: left as written, not reported.
        assert!(!b.all().contains("/government/publications"), "{}", b.all());
        // Inside it and naming no page: a broken link, as before.
        let c = w.check();
        assert_eq!(c.code, 1, "{}", c.all());
        assert!(
            c.all()
                .contains("link `/service-manual/nope` points nowhere"),
            "{}",
            c.all()
        );
        assert_eq!(c.all().matches("points nowhere").count(), 1, "{}", c.all());
    }
}

#[test]
fn without_a_base_path_root_relative_links_start_at_the_content_folder() {
    let w = wiki("");
    w.write("content/agile.md", "# Agile\n\nBe agile.\n");
    w.write(
        "content/team/roles.md",
        "# Roles\n\n[a](/agile.html) [b](/agile/) [gone](/service-manual/agile)\n",
    );
    let c = w.check();
    assert_eq!(c.code, 1, "{}", c.all());
    assert!(
        c.all()
            .contains("link `/service-manual/agile` points nowhere"),
        "{}",
        c.all()
    );
    assert_eq!(c.all().matches("points nowhere").count(), 1, "{}", c.all());
}

#[test]
fn folder_links_go_to_the_folders_index_page_whatever_it_is_called() {
    let w = wiki("");
    w.write("content/guides/index.md", "# Guides\n\nAll guides.\n");
    w.write("content/guides/writing.md", "# Writing\n\nWrite.\n");
    w.write("content/hugo/_index.md", "Hugo's section page.\n");
    w.write(
        "content/handbook/README.md",
        "# Handbook\n\nA folder with a README.\n",
    );
    w.write("content/mm/index.html.md.erb", "# Middleman\n\nAn index.\n");
    w.write(
        "content/legacy/index.html",
        "<p>A page copied as it is.</p>\n",
    );
    w.write(
        "content/tools/git.md",
        "# Git\n\n[a](../guides/) [b](../guides) [c](../hugo/) [d](../handbook/) [e](../mm/) \
         [f](/guides/#top) [g](../) [h](../empty/) [i](../legacy/)\n",
    );
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    let links = hrefs(&w.read("book/tools/git.html"));
    for want in [
        "../guides/index.html",
        "../hugo/index.html",
        "../handbook/index.html",
        "../mm/index.html",
        "../guides/index.html#top",
        "../index.html",
        "../legacy/index.html",
    ] {
        assert!(links.contains(&want.to_string()), "{want} in {links:?}");
    }
    // `../guides/` and `../guides` both (and the next page's link).
    assert!(
        links
            .iter()
            .filter(|l| *l == "../guides/index.html")
            .count()
            >= 2,
        "{links:?}"
    );
    // A folder with no index page is still a broken link.
    let c = w.check();
    assert!(
        c.all().contains("link `../empty/` points nowhere"),
        "{}",
        c.all()
    );
    assert_eq!(c.all().matches("points nowhere").count(), 1, "{}", c.all());
}

#[test]
fn folder_links_written_for_pretty_urls_resolve_from_the_pages_folder() {
    let w = wiki("");
    // 18F's guides (Jekyll, `permalink: pretty`): `accessibility/headings.md` is served at
    // `accessibility/headings/`, so its `../landmarks/` is `accessibility/landmarks`.
    w.write(
        "content/accessibility/index.md",
        "# Accessibility\n\nSee [tools](tools/).\n",
    );
    w.write("content/accessibility/tools.md", "# Tools\n\nTools.\n");
    w.write(
        "content/accessibility/landmarks.md",
        "# Landmarks\n\nLandmarks.\n",
    );
    w.write("content/landing.md", "# Landing\n\nA page at the root.\n");
    w.write(
        "content/accessibility/headings.md",
        "# Headings\n\n[l](../landmarks/) [t](../tools/#top) [root](../landing/) [gone](../nowhere/)\n",
    );
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    let links = hrefs(&w.read("book/accessibility/headings.html"));
    // From the pretty-URL folder when the file's own folder names nothing...
    assert!(links.contains(&"landmarks.html".to_string()), "{links:?}");
    assert!(links.contains(&"tools.html#top".to_string()), "{links:?}");
    // ...but from the file first, where it names a page.
    assert!(links.contains(&"../landing.html".to_string()), "{links:?}");
    let index = hrefs(&w.read("book/accessibility/index.html"));
    assert!(index.contains(&"tools.html".to_string()), "{index:?}");
    let c = w.check();
    assert!(
        c.all().contains("link `../nowhere/` points nowhere"),
        "{}",
        c.all()
    );
    assert_eq!(c.all().matches("points nowhere").count(), 1, "{}", c.all());
    // Only a folder link (ending in `/`) is read so: `../landmarks` stays broken.
    w.write(
        "content/accessibility/headings.md",
        "# Headings\n\n[l](../landmarks)\n",
    );
    let c = w.check();
    assert!(
        c.all().contains("link `../landmarks` points nowhere"),
        "{}",
        c.all()
    );
}

#[test]
fn github_user_content_anchors_name_the_heading() {
    let w = wiki("");
    w.write(
        "content/index.md",
        "[Français](#user-content-guide-en-français)\n\n# Guide\n\nText.\n\n## Guide en français\n\nTexte.\n",
    );
    w.write(
        "content/other.md",
        "# Other\n\n[fr](index.md#user-content-guide-en-français) [gone](index.md#user-content-nope) [g2](#user-content-nope-here)\n",
    );
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    let home = w.read("book/index.html");
    assert!(home.contains("href=\"#guide-en-fran%C3%A7ais\""), "{home}");
    let other = hrefs(&w.read("book/other.html"));
    assert!(
        other.contains(&"index.html#guide-en-fran%C3%A7ais".to_string()),
        "{other:?}"
    );
    let c = w.check();
    assert_eq!(c.code, 1, "{}", c.all());
    assert!(!c.all().contains("user-content-guide"), "{}", c.all());
    assert!(
        c.all().contains("index.md#user-content-nope"),
        "{}",
        c.all()
    );
    assert!(c.all().contains("#nope-here"), "{}", c.all());
    assert_eq!(c.all().matches("points nowhere").count(), 2, "{}", c.all());
}

/// A Jekyll site built with `src = "."`, its `index.html` and `404.html` whole documents.
fn jekyll() -> Wiki {
    let w = Wiki::empty();
    w.write("book.toml", "[book]\ntitle = \"Playbook\"\nsrc = \".\"\n");
    w.write(
        "index.html",
        "---\n---\n{% assign d = site.data.x %}\n<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<title>{{ d.title }}</title>\n<link rel=\"stylesheet\" href=\"{{ site.cdn }}/theme.css\">\n</head>\n<body>\n<main role=\"main\">\n<h2>Choose a language</h2>\n<p><a href=\"{{ site.baseurl }}/en/overview.html\">English</a> <a href=\"en/overview.html\">Overview</a></p>\n</main>\n</body>\n</html>\n",
    );
    w.write(
        "404.html",
        "---\npermalink: /404.html\n---\n<html><body><h2>We couldn't find that page</h2><p>Sorry.</p></body></html>\n",
    );
    w.write(
        "README.md",
        "[Français](#user-content-guide)\n\n# Playbook\n\nThe repository.\n\n## Guide\n\nTexte.\n",
    );
    w.write("en/overview.md", "# Overview\n\nThe overview.\n");
    w
}

#[test]
fn jekyll_index_html_and_404_html_are_the_home_and_404_pages() {
    let w = jekyll();
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("site");
    let b = w.run(&["build", "--dest", dest.to_str().unwrap()]);
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(!b.all().contains("written twice"), "{}", b.all());
    let read = |p: &str| std::fs::read_to_string(dest.join(p)).unwrap();
    let home = read("index.html");
    assert!(home.contains("<h2>Choose a language</h2>"), "{home}");
    // The generator's <head> is the theme's now; its template tags are not published as URLs.
    assert!(!home.contains("site.cdn"), "{home}");
    assert!(!home.contains("href=\"{{"), "{home}");
    assert!(home.contains(">English</a>"), "{home}");
    assert!(
        b.all().contains("index.html"),
        "a template-syntax warning: {}",
        b.all()
    );
    let not_found = read("404.html");
    assert!(
        not_found.contains("We couldn't find that page"),
        "{not_found}"
    );
    // The README beside index.html is the repository's: an ordinary page, as GitHub Pages has it.
    let readme = read("readme.html");
    assert!(readme.contains("The repository."), "{readme}");
    assert!(w.check().code == 0, "{}", w.check().all());
}

#[test]
fn two_home_or_404_pages_are_one_error_naming_both() {
    let w = jekyll();
    w.write("index.md", "# Home\n\nAlso the home page.\n");
    w.write("404.md", "# Not here\n\nGone.\n");
    let c = w.check();
    assert_eq!(c.code, 1, "{}", c.all());
    assert!(
        c.all()
            .contains("`index.html` and `index.md` are both the site's home page"),
        "{}",
        c.all()
    );
    assert!(
        c.all()
            .contains("`404.html` and `404.md` are both the site's 404 page"),
        "{}",
        c.all()
    );
    assert!(!c.all().contains("written twice"), "{}", c.all());
    let out = tempfile::tempdir().unwrap();
    let b = w.run(&["build", "--dest", out.path().join("site").to_str().unwrap()]);
    assert_eq!(b.code, 1, "{}", b.all());
}

#[test]
fn wiki_links_by_slug_read_as_the_pages_title() {
    let w = Wiki::valid();
    w.write(
        "content/about.md",
        "# About\n\nSee [[first]], [[agency]], [[First goal]] and [[first|our first goal]].\n",
    );
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    let about = w.read("book/about.html");
    assert!(about.contains(">First goal</a>, "), "{about}");
    assert!(about.contains(">Agency</a>"), "{about}");
    assert!(about.contains(">our first goal</a>"), "{about}");
    assert!(!about.contains(">first</a>"), "{about}");
    assert!(!about.contains(">agency</a>"), "{about}");
}

#[test]
fn search_excerpts_show_titles_not_slugs() {
    use std::io::Read;
    let w = Wiki::valid();
    w.write(
        "content/about.md",
        "# About\n\nEverything depends on [[first]] and zebras.\n",
    );
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    // Pagefind's fragments (gzip after a `pagefind_dcd` signature) hold what excerpts show.
    let mut about = None;
    for entry in std::fs::read_dir(w.path("book/pagefind/fragment")).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let mut text = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_end(&mut text)
            .unwrap();
        let text = String::from_utf8_lossy(&text).into_owned();
        if text.contains("zebras") {
            about = Some(text);
        }
    }
    let about = about.expect("the about page is indexed");
    assert!(
        about.contains("depends on First goal and zebras"),
        "{about}"
    );
    assert!(!about.contains("depends on first "), "{about}");
}

#[test]
fn no_slug_is_link_text_anywhere_in_the_example() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dest = tempfile::tempdir().unwrap();
    let site = dest.path().join("site");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_stratwiki"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--dest")
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Every page's slug (its file name) that is not also how some page is titled.
    let mut slugs = Vec::new();
    let mut titles = Vec::new();
    let mut stack = vec![root.join("content")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                slugs.push(p.file_stem().unwrap().to_string_lossy().to_lowercase());
                let text = std::fs::read_to_string(&p).unwrap();
                if let Some(t) = text.lines().find_map(|l| l.strip_prefix("title:")) {
                    titles.push(t.trim().trim_matches(['"', '\'']).to_lowercase());
                }
            }
        }
    }
    slugs.retain(|s| !titles.contains(s) && s != "index" && s != "summary");
    assert!(
        slugs.contains(&"organisational-culture".to_string()),
        "{slugs:?}"
    );
    let mut found = Vec::new();
    let mut stack = vec![site.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().is_none_or(|x| x != "html") {
                continue;
            }
            let html = std::fs::read_to_string(&p).unwrap();
            for part in html.split("<a ").skip(1) {
                let Some((attrs, text)) = part.split_once('>') else {
                    continue;
                };
                // A tag's link shows the tag as written in front matter, not a page's slug.
                if attrs.contains("class=\"tag\"") {
                    continue;
                }
                let text = text.split("</a>").next().unwrap_or_default().trim();
                // As a slug is written (`salar`); an author's `[SALAR](...)` is a word.
                if slugs.iter().any(|s| s == text) {
                    found.push(format!("{}: {text}", p.display()));
                }
            }
        }
    }
    assert!(found.is_empty(), "slugs as link text: {found:#?}");
}

#[test]
fn links_that_go_nowhere_are_published_marked_not_as_dead_hrefs() {
    let w = Wiki::valid();
    w.write(
        "content/about.md",
        "# About\n\nSee [the plan](plan.md), [[Nobody]] and [x](javascript:alert(1)).\n\n## [Heading link](gone/)\n",
    );
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(
        b.all().contains("link `plan.md` points nowhere"),
        "{}",
        b.all()
    );
    let about = w.read("book/about.html");
    assert!(!about.contains("href=\"plan.md\""), "{about}");
    assert!(!about.contains("href=\"gone/\""), "{about}");
    assert!(!about.contains("javascript"), "{about}");
    assert!(
        about.contains(
            "<span class=\"broken-link\" title=\"Broken link: plan.md (no page or file plan.md in the content folder)\">the plan<span class=\"visually-hidden\"> (broken link)</span></span>"
        ),
        "{about}"
    );
    assert!(about.contains("title=\"Broken link: [[Nobody]]"), "{about}");
    assert_eq!(about.matches("class=\"broken-link\"").count(), 4, "{about}");
    // The theme marks them, in its own delimited block at the end of the stylesheet.
    let css = w.read("book/static/style.css");
    let block = css.rsplit("/* === Broken links").next().unwrap();
    assert!(block.contains(".broken-link::after"), "{block}");
}

#[test]
fn links_to_redcarpets_heading_ids_resolve_as_in_middleman() {
    // GOV.UK's tech docs (Middleman, Redcarpet): `## security.txt` has the id `security-txt`.
    let w = wiki("");
    w.write(
        "content/policy.html.md.erb",
        "# Policy\n\n- publishing a [`security.txt`](#security-txt)\n\n## security.txt\n\nText.\n",
    );
    w.write(
        "content/other.md",
        "# Other\n\n[s](policy.html#security-txt)\n",
    );
    let c = w.check();
    assert_eq!(c.code, 0, "{}", c.all());
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    let policy = w.read("book/policy.html");
    assert!(policy.contains("<a id=\"security-txt\"></a>"), "{policy}");
    assert!(policy.contains("<h2 id=\"securitytxt\">"), "{policy}");
}

#[test]
fn links_to_the_old_paths_of_the_redirect_table_lead_to_its_redirect_pages() {
    let w = wiki("");
    w.write("content/manuals/git.md", "# Git\n\nGit.\n");
    w.write(
        "content/standards/index.md",
        "# Standards\n\n[git](/standards/git.html) [rspec](testing-with-rspec.html)\n",
    );
    let c = w.check();
    assert_eq!(c.all().matches("points nowhere").count(), 2, "{}", c.all());
    w.write(
        "book.toml",
        "[book]\ntitle = \"Manual\"\nsrc = \"content\"\n\n[output.html.redirect]\n\"/standards/git.html\" = \"../manuals/git.html\"\n",
    );
    let c = w.check();
    assert!(
        !c.all().contains("`/standards/git.html` points nowhere"),
        "{}",
        c.all()
    );
    assert!(
        c.all().contains("`testing-with-rspec.html` points nowhere"),
        "{}",
        c.all()
    );
    assert_eq!(c.all().matches("points nowhere").count(), 1, "{}", c.all());
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(hrefs(&w.read("book/standards/index.html")).contains(&"git.html".to_string()));
    assert!(w.path("book/standards/git.html").is_file());
}
