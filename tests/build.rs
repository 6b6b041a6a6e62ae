//! Building valid wikis: the pages a site has, and how they behave.

mod common;

use common::*;

#[test]
fn builds_every_kind_of_page() {
    let w = Wiki::valid();
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(b.stderr.contains("Built "), "{}", b.stderr);
    // The last line recommends a served preview (search does not work from `file://`), for
    // this wiki's folder, not opening the files.
    let last = b.stderr.trim_end().lines().last().unwrap_or_default();
    let serve = format!("`stratwiki serve --root {}`", w.root().display());
    assert!(last.contains(&serve), "{last}");
    assert!(!b.stderr.contains("in a browser"), "{}", b.stderr);
    for f in [
        "index.html",
        "404.html",
        "static/style.css",
        "chapters/index.html",
        "chapters/intro.html",
        "goals/index.html",
        "goals/first.html",
        "case-studies/index.html",
        "case-studies/case.html",
        "owners/index.html",
        "owners/agency.html",
        "tags/index.html",
        "tags/vision.html",
        "about.html",
    ] {
        assert!(w.path("book").join(f).is_file(), "missing {f}");
    }
    // Without `site-url` there are no absolute URLs to list.
    assert!(!w.path("book/sitemap.xml").exists());
    let goal = w.read("book/goals/first.html");
    assert!(goal.contains("<h1>First goal</h1>"));
    assert!(
        goal.contains("<a href=\"../owners/agency.html\">Agency</a>"),
        "owner linked"
    );
    assert!(goal.contains("status-active"));
    assert!(goal.contains("2027-01-31"));
    assert!(goal.contains("aria-label=\"Progress: 30%\""));
    assert!(
        goal.contains("href=\"../chapters/intro.html\""),
        "linked chapter"
    );
    assert!(
        goal.contains("href=\"../case-studies/case.html\""),
        "case study naming the goal is linked back"
    );
    // The chapter links to the goal, but the goal lists it already (a linked chapter): not
    // repeated under "Referenced by".
    assert!(!goal.contains("Referenced by"), "{goal}");
    let owner = w.read("book/owners/agency.html");
    assert!(owner.contains("Goals Agency is accountable for"));
    assert!(owner.contains("href=\"../goals/first.html\""));
    let chapter = w.read("book/chapters/intro.html");
    assert!(
        chapter.contains("href=\"../goals/first.html\""),
        "md link rewritten"
    );
    assert!(chapter.contains("Goals under this chapter"));
    let home = w.read("book/index.html");
    assert!(home.contains("The strategy at a glance"));
    // The top of the contents, which lists plain pages too: not headed "Chapters".
    assert!(
        home.contains("<h2 id=\"sw-home-chapters\">Contents</h2>")
            && home.contains("href=\"about.html\">About</a></li>"),
        "{home}"
    );
    assert!(
        home.contains("href=\"case-studies/case.html\""),
        "latest case studies"
    );
    let about = w.read("book/about.html");
    assert!(about.contains("<h1>About</h1>"), "title from first heading");
    assert_eq!(
        about.matches("<h1").count(),
        1,
        "the title heading is not repeated"
    );
    let goals = w.read("book/goals/index.html");
    assert!(goals.contains("id=\"area-infrastructure\""));
}

#[test]
fn example_wiki_builds_cleanly() {
    let root = env!("CARGO_MANIFEST_DIR");
    let dest = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_stratwiki"))
        .args(["build", "--root", root, "--dest"])
        .arg(dest.path().join("site"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    // Only a shallow clone (CI's default) may warn, about history; and the example keeps some
    // goals overdue on purpose, to show what the dashboard does with them.
    let warnings: Vec<&str> = err
        .lines()
        .filter(|l| {
            l.starts_with("warning:")
                && !l.contains("shallow clone")
                && !l.contains("goal is overdue")
                && !l.contains("goal is stale")
        })
        .collect();
    assert!(
        warnings.is_empty(),
        "the example wiki must build without other warnings:\n{err}"
    );
    let site = dest.path().join("site");
    let goals = std::fs::read_dir(site.join("goals")).unwrap().count();
    assert!(
        goals >= 13,
        "at least 12 goals and the index, found {goals}"
    );
    assert!(
        std::fs::read_dir(site.join("case-studies"))
            .unwrap()
            .count()
            >= 6
    );
    assert!(std::fs::read_dir(site.join("owners")).unwrap().count() >= 8);
    assert!(
        site.join("images/digital-first-areas.svg").is_file(),
        "content assets copied"
    );
    let about = std::fs::read_to_string(site.join("about.html")).unwrap();
    assert!(
        about.contains("10.1787/4daf932b-en"),
        "the source is credited"
    );
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_stratwiki"))
        .args(["check", "--root", root])
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}

#[test]
fn output_is_deterministic() {
    let w = Wiki::valid();
    for i in 0..6 {
        w.write(
            &format!("content/goals/g{i}.md"),
            &GOAL
                .replace("id: G1", &format!("id: G1.{i}"))
                .replace("title: First goal", &format!("title: Goal {i}")),
        );
    }
    assert_eq!(
        w.run(&["build", "--dest", w.path("a").to_str().unwrap()])
            .code,
        0
    );
    assert_eq!(
        w.run(&["build", "--dest", w.path("b").to_str().unwrap()])
            .code,
        0
    );
    assert_same_tree(&w.path("a"), &w.path("b"), "the second build");
}

#[test]
fn a_rebuild_reuses_parsed_pages_yet_sees_every_change() {
    let w = Wiki::valid();
    let timings = [("STRATWIKI_TIMINGS", "1")];
    let reuse_line = |r: &Run| {
        r.stderr
            .lines()
            .find(|l| l.starts_with("timing: page cache:"))
            .unwrap_or_else(|| panic!("no page cache line:\n{}", r.stderr))
            .to_string()
    };
    let first = w.run_env(&["build"], &timings);
    assert_eq!(first.code, 0, "{}", first.all());
    assert!(
        reuse_line(&first).contains("0 parses and 0 renderings reused"),
        "{}",
        reuse_line(&first)
    );
    assert!(w.path(".stratwiki-cache/parsed.bin").is_file());
    // Nothing changed: every page's parse and rendering come from the cache.
    let second = w.run_env(&["build"], &timings);
    assert_eq!(second.code, 0, "{}", second.all());
    let pages = std::fs::read_dir(w.path("content"))
        .unwrap()
        .flatten()
        .flat_map(|d| walk(&d.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .count();
    assert!(
        reuse_line(&second).contains(&format!("{pages} parses and {pages} renderings reused")),
        "{pages} pages: {}",
        reuse_line(&second)
    );
    // An edited page is parsed again; a page whose link now points nowhere is rendered again
    // (its text did not change, but the answer to "where does this link go?" did).
    w.write(
        "content/about.md",
        "# About\n\nNow with [a missing link](gone.md).\n",
    );
    std::fs::remove_file(w.path("content/goals/first.md")).unwrap();
    w.write(
        "content/goals/moved.md",
        &GOAL.replace("title: First goal", "title: First goal\nslug: first"),
    );
    let third = w.run_env(&["build"], &timings);
    assert_eq!(third.code, 0, "{}", third.all());
    assert!(w.read("book/about.html").contains("a missing link"));
    assert!(
        third
            .stderr
            .contains("content/chapters/intro.md:9:5: link `../goals/first.md` points nowhere"),
        "{}",
        third.stderr
    );
    // And what the cache gives is exactly what a build without it gives.
    std::fs::remove_dir_all(w.path(".stratwiki-cache")).unwrap();
    let fresh = w.path("fresh");
    let uncached = w.run(&["build", "--dest", fresh.to_str().unwrap()]);
    assert_eq!(
        third
            .stderr
            .lines()
            .filter(|l| l.contains("warning"))
            .count(),
        uncached
            .stderr
            .lines()
            .filter(|l| l.contains("warning"))
            .count()
    );
    assert_same_tree(&w.path("book"), &fresh, "a build without the cache");
}

fn walk(p: &std::path::Path) -> Vec<std::path::PathBuf> {
    if p.is_dir() {
        std::fs::read_dir(p)
            .unwrap()
            .flatten()
            .flat_map(|d| walk(&d.path()))
            .collect()
    } else {
        vec![p.to_path_buf()]
    }
}

#[test]
fn rebuild_replaces_the_old_site() {
    let w = Wiki::valid();
    assert_eq!(w.build().code, 0);
    assert!(w.path("book/about.html").exists());
    std::fs::remove_file(w.path("content/about.md")).unwrap();
    assert_eq!(w.build().code, 0);
    assert!(!w.path("book/about.html").exists(), "stale pages disappear");
}

#[test]
fn summary_defines_order_and_numbers() {
    let w = Wiki::valid();
    w.write(
        "content/chapters/second.md",
        "---\ntitle: Second\nweight: 0\n---\n\nText.\n",
    );
    w.write(
        "content/SUMMARY.md",
        "# Summary\n\n[About](about.md)\n\n# Part A\n\n- [Intro](chapters/intro.md)\n    - [Second](chapters/second.md)\n- [Later]()\n\n---\n",
    );
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    let intro = w.read("book/chapters/intro.html");
    assert!(
        intro.contains("rel=\"prev\" href=\"../about.html\""),
        "{intro}"
    );
    assert!(
        intro.contains("rel=\"next\" href=\"../chapters/second.html\""),
        "{intro}"
    );
    let contents = w.read("book/chapters/index.html");
    assert!(contents.contains("<li class=\"toc-part\">Part A</li>"));
    assert!(contents.contains("<span class=\"toc-number\">1.1.</span> Second"));
    assert!(contents.contains("Later <span class=\"badge\">draft</span>"));
}

#[test]
fn order_without_summary_is_weight_then_title() {
    let w = Wiki::valid();
    w.write("content/chapters/b.md", "---\ntitle: Bravo\n---\nx\n");
    w.write("content/chapters/a.md", "---\ntitle: Alpha\n---\nx\n");
    w.write(
        "content/chapters/z.md",
        "---\ntitle: Zulu\nweight: -1\n---\nx\n",
    );
    assert_eq!(w.build().code, 0);
    let contents = w.read("book/chapters/index.html");
    let pos = |t: &str| {
        contents
            .find(&format!("> {t}</a>"))
            .or_else(|| contents.find(&format!(">{t}</a>")))
            .unwrap_or_else(|| panic!("{t} missing"))
    };
    assert!(pos("Zulu") < pos("Introduction"));
    assert!(pos("Introduction") < pos("Alpha"));
    assert!(pos("Alpha") < pos("Bravo"));
}

#[test]
fn drafts_are_left_out_unless_enabled() {
    let w = Wiki::valid();
    w.write(
        "content/chapters/wip.md",
        "---\ntitle: WIP\ndraft: true\n---\nx\n",
    );
    // A link to it says why it points nowhere.
    w.write(
        "content/about.md",
        "# About\n\nSee [the draft](chapters/wip.md#top), [again](chapters/wip).\n",
    );
    let b = w.build();
    assert_eq!(b.code, 0);
    assert!(!w.path("book/chapters/wip.html").exists());
    assert!(
        b.stderr.contains("warning: content/about.md:3:5: link `chapters/wip.md#top` points nowhere: `chapters/wip.md` is a draft (`draft: true`), left out of the site")
            && b.stderr.contains("link `chapters/wip` points nowhere: `chapters/wip.md` is a draft"),
        "{}",
        b.stderr
    );
    w.write("book.toml", &format!("{BOOK}\n[wiki]\ndrafts = true\n"));
    assert_eq!(w.build().code, 0);
    assert!(w.path("book/chapters/wip.html").exists());
}

#[test]
fn wiki_links_and_fragments() {
    let w = Wiki::valid();
    w.write(
        "content/about.md",
        "# About\n\nSee [[First goal]], [[agency|the agency]] and [start](chapters/intro.md#start).\n",
    );
    assert_eq!(w.build().code, 0);
    let about = w.read("book/about.html");
    assert!(
        about.contains("<a href=\"goals/first.html\">First goal</a>"),
        "{about}"
    );
    assert!(
        about.contains("<a href=\"owners/agency.html\">the agency</a>"),
        "{about}"
    );
    assert!(
        about.contains("<a href=\"chapters/intro.html#start\">start</a>"),
        "{about}"
    );
    let chapter = w.read("book/chapters/intro.html");
    assert!(chapter.contains("<h2 id=\"start\">"), "{chapter}");
}

#[test]
fn raw_html_is_sanitised_unless_trusted() {
    let w = Wiki::valid();
    w.write("content/about.md", "# About\n\n<script>alert(1)</script>\n\n<p onclick=\"x()\">Hi <a href=\"javascript:alert(1)\">x</a></p>\n");
    assert_eq!(w.build().code, 0);
    let about = w.read("book/about.html");
    assert!(!about.contains("alert(1)"), "{about}");
    assert!(!about.contains("onclick"));
    assert!(about.contains("Hi "));
    w.write(
        "book.toml",
        &format!("{BOOK}\n[wiki]\ntrusted-html = true\n"),
    );
    assert_eq!(w.build().code, 0);
    assert!(
        w.read("book/about.html")
            .contains("<script>alert(1)</script>")
    );
}

#[test]
fn edit_links_sitemap_and_canonical_urls() {
    let w = Wiki::valid();
    w.write(
        "book.toml",
        &format!("{BOOK}\n[output.html]\nsite-url = \"https://example.org/strategy\"\nedit-url-template = \"https://git.example/org/repo/edit/main/{{path}}\"\n"),
    );
    w.write("content/chapters/with space.md", "# Spaced\n\nText.\n");
    assert_eq!(w.build().code, 0);
    let goal = w.read("book/goals/first.html");
    assert!(goal.contains("href=\"https://git.example/org/repo/edit/main/content/goals/first.md\">Propose a change to this page</a>"), "{goal}");
    assert!(goal.contains(
        "<link rel=\"canonical\" href=\"https://example.org/strategy/goals/first.html\">"
    ));
    let spaced = w.read("book/chapters/with-space.html");
    assert!(
        spaced.contains("content/chapters/with%20space.md"),
        "edit path encoded"
    );
    let sitemap = w.read("book/sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/strategy/goals/first.html</loc>"));
    assert!(sitemap.contains("<loc>https://example.org/strategy/index.html</loc>"));
    assert!(!sitemap.contains("404.html"));
    assert!(sitemap.contains("<loc>https://example.org/strategy/dashboard.html</loc>"));
}

#[test]
fn theme_overrides_single_templates_and_assets() {
    let w = Wiki::valid();
    w.write(
        "content/goals/first.md",
        &GOAL.replace("progress: 30", "progress: 30\ncolour: teal"),
    );
    w.write(
        "templates/goal.html",
        "{% extends \"page.html\" %}{% block page_meta %}<p class=\"custom\">Custom {{ page.goal.id }} in {{ page.extra.colour }}</p>{% endblock page_meta %}",
    );
    w.write("themes/default/static/style.css", "body { color: red; }");
    w.write("themes/default/static/extra.js", "// extra");
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    let goal = w.read("book/goals/first.html");
    assert!(
        goal.contains("<p class=\"custom\">Custom G1 in teal</p>"),
        "{goal}"
    );
    assert!(
        w.read("book/chapters/intro.html")
            .contains("class=\"page page-chapter\""),
        "other templates stay default"
    );
    assert_eq!(w.read("book/static/style.css"), "body { color: red; }");
    assert_eq!(w.read("book/static/extra.js"), "// extra");
}

#[test]
fn new_scaffolds_a_wiki_that_builds() {
    let w = Wiki::empty();
    let target = w.path("mywiki");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_stratwiki"))
        .arg("new")
        .arg(&target)
        .output()
        .unwrap();
    assert!(out.status.success());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_stratwiki"))
        .args(["build", "--root"])
        .arg(&target)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("(0 warnings)"), "{err}");
    for f in [
        "goals/first-goal.html",
        "owners/strategy-team.html",
        "case-studies/example-case.html",
        "chapters/why.html",
    ] {
        assert!(target.join("book").join(f).is_file(), "{f}");
    }
    // What a build leaves in the wiki besides the site is not meant for git.
    let ignore = std::fs::read_to_string(target.join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "/book"), "{ignore}");
    assert!(ignore.lines().any(|l| l == "/.stratwiki-cache"), "{ignore}");
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_stratwiki"))
        .arg("new")
        .arg(&target)
        .output()
        .unwrap();
    assert!(!again.status.success(), "new refuses a non-empty folder");
}

#[test]
fn page_size_does_not_grow_with_the_wiki() {
    // The same chapter, in a wiki of 60 chapters and in one of 400: its page must be identical
    // (the sidebar is a bounded window, not the whole table of contents).
    let build = |n: usize| {
        let w = Wiki::valid();
        for i in 0..n {
            w.write(
                &format!("content/chapters/c{i:04}.md"),
                &format!(
                    "---\ntitle: Chapter {i:04}\nweight: {}\n---\n\nText {i}.\n",
                    i + 10
                ),
            );
        }
        assert_eq!(w.build().code, 0);
        (
            w.read("book/chapters/c0030.html").len(),
            w.read("book/goals/first.html").len(),
        )
    };
    let small = build(60);
    let large = build(400);
    assert_eq!(
        small, large,
        "page sizes must not depend on the number of pages"
    );
}

#[test]
fn help_is_clear() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_stratwiki"))
        .args(["build", "--help"])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("--dest"));
    assert!(s.contains("atomically"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_stratwiki"))
        .args(["check", "--help"])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.contains("human") && s.contains("json") && s.contains("github"),
        "{s}"
    );
}

/// Pages named in other scripts keep their names (they all became `page.html`, and a second
/// one was an error).
#[test]
fn pages_named_in_other_scripts_keep_their_names() {
    let w = Wiki::valid();
    w.write(
        "content/стратегія.md",
        "---\ntitle: Стратегія\n---\n\nДив. [Грецька](ψηφιακή.md).\n",
    );
    w.write(
        "content/ψηφιακή.md",
        "---\ntitle: Ψηφιακή\n---\n\nΚείμενο.\n",
    );
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(!b.stderr.contains("already uses"), "{}", b.stderr);
    let ua = w.read("book/стратегія.html");
    assert!(
        ua.contains("href=\"%CF%88%CE%B7%CF%86%CE%B9%CE%B1%CE%BA%CE%AE.html\"")
            || ua.contains("href=\"ψηφιακή.html\""),
        "{ua}"
    );
    assert!(w.path("book/ψηφιακή.html").is_file());
    assert!(!w.path("book/page.html").exists());
}
