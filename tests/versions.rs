//! Versions: three tagged editions built from git objects into `/<version>/`, with the menu,
//! banners, canonical links, changes pages and sitemap.

mod common;

use common::*;
use git2::Repository;

fn commit_tag(repo: &Repository, msg: &str, time: i64, tag: &str) {
    let id = commit_all(repo, msg, time);
    repo.tag_lightweight(tag, &repo.find_object(id, None).unwrap(), false)
        .unwrap();
}

const VERSIONED: &str = "[book]\ntitle = \"Test strategy\"\n\n[output.html]\nsite-url = \"https://example.org/s/\"\n\n[wiki.versions]\ntags = [\"v*\"]\n\n[wiki.versions.labels]\nv1 = \"Agenda 2015\"\n";

/// v1: goals `first` and `old`; v2: `old` dropped, `first` re-owned, `second` and a chapter
/// added;
/// v10: the chapter renamed (its file moved), `third` added.
fn editions() -> Wiki {
    let w = Wiki::valid();
    w.write("book.toml", VERSIONED);
    w.write(
        "content/goals/old.md",
        "---\ntitle: Old goal\nid: G9\nowner: agency\nstatus: active\n---\nText.\n",
    );
    // The first edition had a theme override of its own.
    w.write(
        "templates/goal.html",
        "{% extends \"page.html\" %}{% block page_meta %}<p class=\"edition-theme\">v1 theme</p>{% endblock page_meta %}",
    );
    let repo = Repository::init(w.root()).unwrap();
    commit_tag(&repo, "Edition one", 1_600_000_000, "v1");
    std::fs::remove_file(w.path("content/goals/old.md")).unwrap();
    std::fs::remove_file(w.path("templates/goal.html")).unwrap();
    w.write(
        "content/owners/council.md",
        "---\ntitle: Council\ntype: council\n---\nText.\n",
    );
    w.write(
        "content/goals/first.md",
        &GOAL.replace("owner: agency", "owner: council"),
    );
    w.write(
        "content/goals/second.md",
        "---\ntitle: Second goal\nid: G2\nowner: council\nstatus: proposed\n---\nText.\n",
    );
    w.write(
        "content/chapters/other.md",
        "---\ntitle: Other chapter\nweight: 2\n---\n\nText.\n",
    );
    commit_tag(&repo, "Edition two", 1_650_000_000, "v2");
    w.write(
        "content/goals/third.md",
        "---\ntitle: Third goal\nid: G3\nowner: council\nstatus: proposed\n---\nText.\n",
    );
    // The chapter moves to a new file (and so a new URL).
    std::fs::rename(
        w.path("content/chapters/intro.md"),
        w.path("content/chapters/introduction.md"),
    )
    .unwrap();
    w.write(
        "content/goals/first.md",
        &GOAL
            .replace("owner: agency", "owner: council")
            .replace("chapters: [intro]", "chapters: [introduction]"),
    );
    commit_tag(&repo, "Edition ten", 1_700_000_000, "v10");
    // Uncommitted edits are not part of any edition.
    w.write(
        "content/goals/first.md",
        &GOAL
            .replace("title: First goal", "title: Working copy title")
            .replace("chapters: [intro]", "chapters: [introduction]"),
    );
    w
}

#[test]
fn every_edition_is_built_from_its_tag() {
    let w = editions();
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    for v in ["v1", "v2", "v10"] {
        assert!(
            w.path(&format!("book/{v}/goals/first.html")).is_file(),
            "{v}"
        );
        assert!(
            w.path(&format!("book/{v}/static/style.css")).is_file(),
            "{v}"
        );
    }
    assert!(w.path("book/v1/goals/old.html").is_file());
    // Each edition has a search index of its own pages: only v1 has the dropped goal.
    for v in ["v1", "v2", "v10"] {
        assert!(
            w.path(&format!("book/{v}/pagefind/pagefind-entry.json"))
                .is_file(),
            "{v}"
        );
        assert!(
            w.path(&format!("book/{v}/search/index.html")).is_file(),
            "{v}"
        );
    }
    let count = |p: &str| -> serde_json::Value {
        let entry: serde_json::Value = serde_json::from_str(&w.read(p)).unwrap();
        entry["languages"]["en"]["page_count"].clone()
    };
    assert_ne!(
        count("book/v1/pagefind/pagefind-entry.json"),
        count("book/v10/pagefind/pagefind-entry.json")
    );
    assert!(
        !w.path("book/v2/goals/old.html").exists(),
        "dropped in v2: {}",
        std::fs::read_to_string(w.path("book/v2/goals/old.html")).unwrap_or_default()
    );
    assert!(w.path("book/v10/goals/third.html").is_file());
    assert!(!w.path("book/v2/goals/third.html").exists());
    // The default is the newest tag in semantic-version order (v10 after v2), also at the root.
    assert!(w.path("book/goals/third.html").is_file());
    let root_first = w.read("book/goals/first.html");
    assert!(
        root_first.contains("<h1>First goal</h1>"),
        "read from the tag, not the working tree"
    );
    assert!(
        w.read("book/v1/goals/first.html")
            .contains("<a href=\"../../v1/owners/agency.html\">Agency</a>")
            || w.read("book/v1/goals/first.html")
                .contains("<a href=\"../owners/agency.html\">Agency</a>")
    );
    assert!(
        w.read("book/v2/goals/first.html").contains(">Council</a>"),
        "re-owned in v2"
    );
}

#[test]
fn menu_banner_and_canonical() {
    let w = editions();
    assert_eq!(w.build().code, 0);
    let v1_first = w.read("book/v1/goals/first.html");
    // Its title says which edition it is; the current edition's do not need to.
    assert!(
        v1_first.contains("<title>First goal · Test strategy · Agenda 2015</title>"),
        "{v1_first}"
    );
    for current in ["book/goals/first.html", "book/v10/goals/first.html"] {
        assert!(
            w.read(current)
                .contains("<title>First goal · Test strategy</title>"),
            "{current}"
        );
    }
    assert!(!w.read("book/v2/index.html").contains("sw-version-title"));
    // The banner sends the reader to the same page in the current edition (at the root).
    assert!(
        v1_first.contains("You are reading Agenda 2015. The current edition is <a href=\"../../goals/first.html\">v10</a>."),
        "{v1_first}"
    );
    assert!(
        v1_first
            .contains("<link rel=\"canonical\" href=\"https://example.org/s/goals/first.html\">")
    );
    // The menu keeps the reader on the same page in every edition.
    assert!(
        v1_first.contains("<a href=\"../../v2/goals/first.html\">v2</a>"),
        "{v1_first}"
    );
    // A page missing from an edition links to that edition's home, and says so.
    let v1_old = w.read("book/v1/goals/old.html");
    assert!(
        v1_old.contains("<a href=\"../../v2/index.html\">v2</a> <span class=\"not-here\">"),
        "{v1_old}"
    );
    assert!(
        v1_old.contains(
            "The current edition is <a href=\"../../index.html\">v10</a> (this page is not in it)."
        ),
        "{v1_old}"
    );
    assert!(
        !v1_old.contains("rel=\"canonical\""),
        "no canonical page to point at"
    );
    // Generated pages exist in every edition.
    let v1_dash = w.read("book/v1/dashboard.html");
    assert!(
        v1_dash.contains("<a href=\"../v2/dashboard.html\">v2</a></li>"),
        "{v1_dash}"
    );
    assert!(!v1_dash.contains("not-here"), "{v1_dash}");
    assert!(
        w.read("book/v1/index.html")
            .contains("<a href=\"../v2/index.html\">v2</a></li>")
    );
    // The default edition has no banner.
    assert!(!w.read("book/goals/first.html").contains("You are reading"));
    assert!(
        !w.read("book/v10/goals/first.html")
            .contains("You are reading")
    );
    // The 404 page is shown at any address: its menu, banner and navigation are absolute,
    // and an edition's own 404 page stays in its edition.
    let root_404 = w.read("book/404.html");
    assert!(
        root_404.contains("<a href=\"https://example.org/s/v2/index.html\">v2</a>")
            && root_404.contains("<a href=\"https://example.org/s/changes-since-v2.html\">"),
        "{root_404}"
    );
    let v1_404 = w.read("book/v1/404.html");
    assert!(
        v1_404.contains("<a href=\"https://example.org/s/v2/index.html\">v2</a>")
            && v1_404.contains(
                "The current edition is <a href=\"https://example.org/s/index.html\">v10</a>."
            )
            && v1_404.contains("href=\"https://example.org/s/v1/goals/index.html\""),
        "{v1_404}"
    );
    assert!(!v1_404.contains("href=\"../"), "{v1_404}");
    // An edition's open data and feed link to that edition's pages.
    let v1_goals = w.read("book/v1/goals.json");
    assert!(
        v1_goals.contains("\"https://example.org/s/v1/goals/old.html\""),
        "{v1_goals}"
    );
    let v1_feed = w.read("book/v1/changes.atom");
    assert!(
        v1_feed.contains("<id>https://example.org/s/v1/changes.atom</id>")
            && !v1_feed.contains("\"https://example.org/s/changes.html"),
        "{v1_feed}"
    );
    assert!(
        v1_feed.contains("<title>Test strategy (Agenda 2015) – recent changes</title>"),
        "{v1_feed}"
    );
    let root_feed = w.read("book/changes.atom");
    assert!(
        root_feed.contains("<id>https://example.org/s/changes.atom</id>")
            && root_feed.contains("<title>Test strategy – recent changes</title>"),
        "{root_feed}"
    );
    // Entry ids are the feed's own, so the same commit in two editions' feeds has two ids.
    assert!(
        root_feed.contains("<id>https://example.org/s/changes.atom#commit-")
            && v1_feed.contains("<id>https://example.org/s/v1/changes.atom#commit-"),
        "{root_feed}"
    );
    // Only the default version is in the sitemap.
    let sitemap = w.read("book/sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/s/goals/first.html</loc>"));
    assert!(
        !sitemap.contains("/v1/") && !sitemap.contains("/v2/"),
        "{sitemap}"
    );
}

#[test]
fn the_menu_follows_renames() {
    let w = editions();
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(w.path("book/v10/chapters/introduction.html").is_file());
    let old = w.read("book/v1/chapters/intro.html");
    // The current edition is linked at the root, its canonical place.
    assert!(
        old.contains("<a href=\"../../chapters/introduction.html\">v10 (current edition)</a>"),
        "{old}"
    );
    assert!(
        old.contains("<a href=\"../../v2/chapters/intro.html\">v2</a>"),
        "{old}"
    );
    assert!(
        old.contains(
            "The current edition is <a href=\"../../chapters/introduction.html\">v10</a>."
        ),
        "{old}"
    );
    let new = w.read("book/v10/chapters/introduction.html");
    assert!(
        new.contains("<a href=\"../../v1/chapters/intro.html\">Agenda 2015</a>"),
        "{new}"
    );
    // The old edition's page is canonical at the default edition's page, under its new name.
    assert!(
        old.contains(
            "<link rel=\"canonical\" href=\"https://example.org/s/chapters/introduction.html\">"
        ),
        "{old}"
    );
    // History pages follow the rename too, both ways, and so does their canonical link.
    let old_history = w.read("book/v1/history/chapters/intro.html");
    assert!(
        old_history.contains(
            "<a href=\"../../../history/chapters/introduction.html\">v10 (current edition)</a>"
        ),
        "{old_history}"
    );
    assert!(
        old_history.contains(
            "The current edition is <a href=\"../../../history/chapters/introduction.html\">v10</a>."
        ),
        "{old_history}"
    );
    assert!(
        old_history.contains(
            "<link rel=\"canonical\" href=\"https://example.org/s/history/chapters/introduction.html\">"
        ),
        "{old_history}"
    );
    let new_history = w.read("book/v10/history/chapters/introduction.html");
    assert!(
        new_history.contains("<a href=\"../../../v1/history/chapters/intro.html\">Agenda 2015</a>"),
        "{new_history}"
    );
}

#[test]
fn changes_pages_between_consecutive_editions() {
    let w = editions();
    assert_eq!(w.build().code, 0);
    let c = w.read("book/v2/changes-since-v1.html");
    assert!(c.contains("<h1>From Agenda 2015 to v2</h1>"), "{c}");
    assert!(
        c.contains("Goals added (1)") && c.contains("Second goal"),
        "{c}"
    );
    assert!(
        c.contains("Goals removed (1)") && c.contains("Old goal"),
        "{c}"
    );
    assert!(
        c.contains("<td>Owner</td><td>agency</td><td>council</td>"),
        "{c}"
    );
    assert!(c.contains("Added: Council"), "{c}");
    let c10 = w.read("book/v10/changes-since-v2.html");
    assert!(c10.contains("Third goal"));
    // The menu of a changes page: its own edition marked and there, the other editions' own
    // changes pages, and the first edition's home (it has none) with a note.
    assert!(
        c.contains("<a href=\"changes-since-v1.html\" aria-current=\"true\">v2</a>")
            && !c.contains("aria-current=\"true\">v2</a> <span class=\"not-here\">"),
        "{c}"
    );
    assert!(
        c.contains("<a href=\"../changes-since-v2.html\">v10 (current edition)</a>"),
        "{c}"
    );
    assert!(
        c.contains("<a href=\"../v1/index.html\">Agenda 2015</a> <span class=\"not-here\">"),
        "{c}"
    );
    assert!(
        w.read("book/v2/goals/first.html")
            .contains("What changed since Agenda 2015")
    );
}

#[test]
fn colliding_version_folders_are_an_error() {
    let w = Wiki::valid();
    w.write(
        "book.toml",
        "[book]\ntitle = \"T\"\n\n[wiki.versions]\ntags = [\"release*\"]\n",
    );
    let repo = Repository::init(w.root()).unwrap();
    commit_tag(&repo, "One", 1_600_000_000, "release/1");
    let head = repo.head().unwrap().target().unwrap();
    repo.tag_lightweight("release-1", &repo.find_object(head, None).unwrap(), false)
        .unwrap();
    let b = w.build();
    assert_eq!(b.code, 1, "{}", b.all());
    assert!(
        b.stderr
            .contains("versions `release-1` and `release/1` would both be written to `release-1/`")
            || b.stderr.contains(
                "versions `release/1` and `release-1` would both be written to `release-1/`"
            ),
        "{}",
        b.stderr
    );
    assert!(!w.path("book").exists());
}

/// The part of a page between `<aside class="sidebar">` and `</aside>`.
fn sidebar(html: &str) -> &str {
    let start = html.find("<aside class=\"sidebar\">").expect("a sidebar");
    let end = start
        + html[start..]
            .find("</aside>")
            .expect("the end of the sidebar");
    &html[start..end]
}

#[test]
fn a_page_shared_between_editions_gets_each_editions_sidebar() {
    let w = editions();
    let b = w.run_env(&["build"], &[("STRATWIKI_TIMINGS", "1")]);
    assert_eq!(b.code, 0, "{}", b.all());
    // The owner page is the same in v2 and v10, but the chapter around it was renamed, which
    // changes every sidebar: the page is rendered once, and each edition's contents are put
    // in as it is written.
    let taken = |v: &str| -> usize {
        let line = b
            .stderr
            .lines()
            .find(|l| l.starts_with(&format!("timing: version `{v}`: ")))
            .unwrap_or_else(|| panic!("no sharing figures for {v}: {}", b.stderr));
        line.split(": ")
            .nth(2)
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    assert!(taken("v10") > taken("v2"), "{}", b.stderr);
    let (v2, v10) = (
        w.read("book/v2/owners/agency.html"),
        w.read("book/v10/owners/agency.html"),
    );
    assert!(sidebar(&v2).contains("chapters/intro.html\""), "{v2}");
    assert!(!sidebar(&v2).contains("chapters/introduction.html"), "{v2}");
    assert!(
        sidebar(&v10).contains("chapters/introduction.html\""),
        "{v10}"
    );
    assert!(!sidebar(&v10).contains("chapters/intro.html\""), "{v10}");
    // The current page is marked in each edition's own sidebar, with links from its folder.
    let chapter = w.read("book/v10/chapters/introduction.html");
    assert!(
        sidebar(&chapter)
            .contains("<a href=\"../chapters/introduction.html\" aria-current=\"page\">"),
        "{chapter}"
    );
    // Sidebars are rendered once per window, folder, current page and section: a page that the
    // contents do not list (an owner) marks no chapter, only its section.
    assert!(
        !sidebar(&v10).contains("introduction.html\" aria-current"),
        "{v10}"
    );
    assert!(
        sidebar(&v10).contains("<a href=\"../owners/index.html\" aria-current=\"true\">Owners</a>"),
        "{v10}"
    );
    let other = w.read("book/v10/chapters/other.html");
    assert!(
        sidebar(&other).contains("<a href=\"../chapters/other.html\" aria-current=\"page\">")
            && !sidebar(&other).contains("introduction.html\" aria-current"),
        "{other}"
    );
    // The marks are all replaced.
    for page in [&v2, &v10, &chapter] {
        assert!(!page.contains("<!--sw-"), "{page}");
    }
}

#[test]
fn a_rebuild_takes_unchanged_edition_pages_from_the_previous_site() {
    let w = editions();
    assert_eq!(w.build().code, 0);
    let mark = |rel: &str| {
        let path = w.path(rel);
        let marked = format!("{}<!-- reused -->", std::fs::read_to_string(&path).unwrap());
        std::fs::remove_file(&path).unwrap();
        std::fs::write(&path, marked).unwrap();
    };
    let marked = |rel: &str| w.read(rel).ends_with("<!-- reused -->");
    for rel in [
        "book/v1/goals/old.html",
        "book/v2/owners/agency.html",
        "book/history/goals/first.html",
    ] {
        mark(rel);
    }
    // Nothing changed: every page of every edition is the previous build's file.
    assert_eq!(w.build().code, 0);
    assert!(marked("book/v1/goals/old.html"));
    assert!(marked("book/v2/owners/agency.html"));
    assert!(marked("book/history/goals/first.html"));
    // A new label changes the edition menu on every page of every edition.
    w.write(
        "book.toml",
        &VERSIONED.replace("v1 = \"Agenda 2015\"", "v1 = \"Agenda 2015–2018\""),
    );
    assert_eq!(w.build().code, 0);
    assert!(!marked("book/v1/goals/old.html"));
    assert!(!marked("book/v2/owners/agency.html"));
    assert!(
        w.read("book/v2/owners/agency.html")
            .contains("Agenda 2015–2018")
    );
    // And the site is what a build from scratch makes.
    assert_same_as_fresh_build(&w, &[]);
}

/// Build the wiki from scratch (`args` added to `build`) into `fresh/` and assert it equals
/// `book/`: what reuse kept is what a build without it makes.
fn assert_same_as_fresh_build(w: &Wiki, args: &[&str]) -> Run {
    let fresh = w.path("fresh");
    let mut all = vec!["build", "--dest", fresh.to_str().unwrap()];
    all.extend_from_slice(args);
    let scratch = w.run(&all);
    assert_eq!(scratch.code, 0, "{}", scratch.all());
    assert_same_tree(&w.path("book"), &fresh, "a fresh build");
    scratch
}

/// The `timing: versions: N of M versions loaded` line of a build run with
/// `STRATWIKI_TIMINGS`.
fn versions_loaded(run: &Run) -> String {
    run.stderr
        .lines()
        .find(|l| l.contains("versions loaded") && l.starts_with("timing: versions: "))
        .unwrap_or_else(|| panic!("no versions-loaded line: {}", run.stderr))
        .to_string()
}

/// The `timing: versions:` line of a build run with `STRATWIKI_TIMINGS`.
fn editions_taken(run: &Run) -> String {
    run.stderr
        .lines()
        .find(|l| l.starts_with("timing: versions: ") && l.contains("taken whole"))
        .unwrap_or_else(|| panic!("no editions line: {}", run.stderr))
        .to_string()
}

/// The warning lines of a build, sorted.
fn warning_lines(run: &Run) -> Vec<String> {
    let mut w: Vec<String> = run
        .all()
        .lines()
        .filter(|l| l.starts_with("warning"))
        .map(String::from)
        .collect();
    w.sort();
    w
}

#[test]
fn an_unchanged_edition_is_taken_whole_until_something_it_shows_changes() {
    let w = editions();
    // The newest edition has a problem of its own (a broken link), reported on every build.
    let repo = Repository::open(w.root()).unwrap();
    w.write(
        "content/chapters/other.md",
        "---\ntitle: Other chapter\nweight: 2\n---\n\nSee [this](missing.md).\n",
    );
    commit_tag(&repo, "Edition eleven", 1_720_000_000, "v11");
    let timings = [("STRATWIKI_TIMINGS", "1")];
    let day = ["build", "--today", "2026-01-10"];
    let first = w.run_env(&day, &timings);
    assert_eq!(first.code, 0, "{}", first.all());
    assert!(
        editions_taken(&first).contains("0 editions taken"),
        "{}",
        first.stderr
    );
    let built = |r: &Run| {
        r.all()
            .lines()
            .find(|l| l.starts_with("Built "))
            .map(|l| l.split(" into ").next().unwrap().to_string())
            .unwrap_or_else(|| panic!("{}", r.all()))
    };

    // Nothing changed: the four editions and the site root are the previous build's folders,
    // with the same figures and warnings, and the site is what a build from scratch makes.
    let again = w.run_env(&day, &timings);
    assert_eq!(again.code, 0, "{}", again.all());
    assert!(
        editions_taken(&again).contains("all 5 editions taken whole"),
        "{}",
        again.stderr
    );
    assert_eq!(built(&again), built(&first));
    assert_eq!(warning_lines(&again), warning_lines(&first));
    assert!(
        warning_lines(&again)
            .iter()
            .any(|l| l.contains("version `v11` has 1 problem")),
        "{}",
        again.all()
    );
    // An edition's folder gone from the site: that one is rendered again, the others taken.
    std::fs::remove_dir_all(w.path("book/v2")).unwrap();
    let restored = w.run_env(&day, &timings);
    assert_eq!(restored.code, 0, "{}", restored.all());
    assert!(
        editions_taken(&restored).contains("4 editions taken whole"),
        "{}",
        restored.stderr
    );
    assert!(w.path("book/v2/goals/first.html").is_file());
    assert_eq!(built(&restored), built(&first));

    assert_same_as_fresh_build(&w, &["--today", "2026-01-10"]);
    // (The build into `fresh` kept its own keys: two builds into `book` keep them again.)
    assert_eq!(w.run(&day).code, 0);
    let kept = w.run_env(&day, &timings);
    assert!(
        editions_taken(&kept).contains("all 5 editions taken whole"),
        "{}",
        kept.stderr
    );

    // Another day: the current edition (v11, in its folder and at the root) judges its goals
    // against it and is rendered again; the older ones are judged on their own dates and taken.
    let next_day = w.run_env(&["build", "--today", "2026-01-11"], &timings);
    assert_eq!(next_day.code, 0, "{}", next_day.all());
    assert!(
        editions_taken(&next_day).contains("3 editions taken"),
        "{}",
        next_day.stderr
    );
    // Only v11 (written) and v10 (its changes page compares with it) are loaded; v1 and v2
    // come from the previous build's records, with their warnings.
    assert!(
        versions_loaded(&next_day).contains("2 of 4 versions loaded"),
        "{}",
        next_day.stderr
    );
    let fresh = assert_same_as_fresh_build(&w, &["--today", "2026-01-11"]);
    assert_eq!(warning_lines(&next_day), warning_lines(&fresh));

    // A new tag changes every edition's menu: every old edition links to it.
    w.write(
        "content/goals/fourth.md",
        "---\ntitle: Fourth goal\nid: G4\nowner: council\nstatus: proposed\n---\nText.\n",
    );
    commit_tag(&repo, "Edition twelve", 1_750_000_000, "v12");
    let tagged = w.run_env(&["build", "--today", "2026-01-11"], &timings);
    assert_eq!(tagged.code, 0, "{}", tagged.all());
    assert!(
        editions_taken(&tagged).contains("0 editions taken"),
        "{}",
        tagged.stderr
    );
    assert!(
        w.read("book/v1/goals/first.html")
            .contains(">v12 (current edition)</a>"),
        "the old edition's menu lists the new tag"
    );
    assert!(w.path("book/v12/goals/fourth.html").is_file());
}

#[test]
fn a_new_commit_on_the_development_branch_renders_only_what_it_changes() {
    let w = editions();
    let repo = Repository::open(w.root()).unwrap();
    let branch = repo.head().unwrap().shorthand().unwrap().to_string();
    w.write(
        "book.toml",
        &VERSIONED.replace(
            "[wiki.versions.labels]",
            &format!(
                "branches = [\"{branch}\"]\ndevelopment = \"{branch}\"\n\n[wiki.versions.labels]"
            ),
        ),
    );
    // The working copy's uncommitted title is committed: the branch moves on.
    let timings = [("STRATWIKI_TIMINGS", "1")];
    let day = ["build", "--today", "2026-01-10"];
    let first = w.run(&day);
    assert_eq!(first.code, 0, "{}", first.all());
    let again = w.run_env(&day, &timings);
    assert!(
        editions_taken(&again).contains("all 5 editions taken whole"),
        "{}",
        again.stderr
    );
    // A new text on the branch: its edition is rendered again; the tags and the site root
    // (the newest tag) show the same URLs as before, so they are taken whole.
    commit_all(&repo, "New title", 1_760_000_000);
    let edited = w.run_env(&day, &timings);
    assert_eq!(edited.code, 0, "{}", edited.all());
    assert!(
        editions_taken(&edited).contains("4 editions taken whole"),
        "{}",
        edited.stderr
    );
    // Only the branch (its new commit) and v10 (before it: its changes page) are loaded; the
    // previous build's records stand in for v1 and v2.
    assert!(
        versions_loaded(&edited).contains("2 of 4 versions loaded"),
        "{}",
        edited.stderr
    );
    assert!(
        w.read(&format!("book/{branch}/goals/first.html"))
            .contains("Working copy title")
    );
    assert!(
        !w.read("book/v10/goals/first.html")
            .contains("Working copy title")
    );
    // A new page on the branch changes what every edition's menu can point to.
    w.write(
        "content/goals/fourth.md",
        "---\ntitle: Fourth goal\nid: G4\nowner: council\nstatus: proposed\n---\nText.\n",
    );
    commit_all(&repo, "New goal", 1_770_000_000);
    let added = w.run_env(&day, &timings);
    assert!(
        editions_taken(&added).contains("0 editions taken"),
        "{}",
        added.stderr
    );
    assert!(
        versions_loaded(&added).contains("4 of 4 versions loaded"),
        "{}",
        added.stderr
    );
    // And the site is what a build from scratch makes.
    assert_same_as_fresh_build(&w, &["--today", "2026-01-10"]);
}

#[test]
fn an_edition_whose_content_folder_has_moved_since_keeps_its_history() {
    let w = editions();
    // Today the content lives in `strategy/`: the editions' `content/` is no longer on disk,
    // but their history is read from their own trees.
    std::fs::rename(w.path("content"), w.path("strategy")).unwrap();
    w.write(
        "book.toml",
        &VERSIONED.replace("[book]\n", "[book]\nsrc = \"strategy\"\n"),
    );
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    let h = w.read("book/v1/history/goals/first.html");
    assert!(h.contains("Edition one"), "{h}");
    let h = w.read("book/v10/history/goals/first.html");
    assert!(
        h.contains("Edition ten") && h.contains("Edition two"),
        "{h}"
    );
}

#[test]
fn an_older_edition_judges_its_goals_on_its_own_date() {
    let w = Wiki::valid();
    w.write("book.toml", VERSIONED);
    // Target 2021-01-01: already past when v1 was made (2022-04-15).
    let late = "---\ntitle: Late goal\nid: G5\nowner: agency\nstatus: active\ntarget: 2021-01-01\n---\nText.\n";
    w.write("content/goals/late.md", late);
    // Target 2023-01-01: after v1, before the build's date.
    w.write(
        "content/goals/first.md",
        &GOAL.replace("target: 2027-01-31", "target: 2023-01-01"),
    );
    let repo = Repository::init(w.root()).unwrap();
    commit_tag(&repo, "Edition one", 1_650_000_000, "v1");
    w.write(
        "content/goals/late.md",
        &late.replace("Text.", "More text."),
    );
    commit_tag(&repo, "Edition two", 1_700_000_000, "v2");
    let b = w.run(&["build", "--today", "2026-01-10"]);
    assert_eq!(b.code, 0, "{}", b.all());

    // v1, read as it was on 2022-04-15: `first` was not overdue yet, `late` was (469 days).
    let first = w.read("book/v1/goals/first.html");
    assert!(!first.contains("notice-overdue"), "{first}");
    let late_v1 = w.read("book/v1/goals/late.html");
    assert!(
        late_v1.contains(
            "<strong>Overdue in this edition.</strong> On <time datetime=\"2022-04-15\">15 April 2022</time>, the date of this edition, the goal was overdue: its target date, <time datetime=\"2021-01-01\">1 January 2021</time>, had passed about 1 year before and it was still active."
        ),
        "{late_v1}"
    );
    let dashboard = w.read("book/v1/dashboard.html");
    assert!(
        dashboard.contains("On <time datetime=\"2022-04-15\">15 April 2022</time>, the date of this edition, their target date had passed"),
        "{dashboard}"
    );
    assert!(
        dashboard.contains("Overdue goals (1)"),
        "only `late` in v1: {dashboard}"
    );

    // v2, the current edition, in its folder and at the root: judged on the build's date.
    for page in ["book/v2/goals/first.html", "book/goals/first.html"] {
        let html = w.read(page);
        assert!(
            html.contains(
                "<strong>Overdue since <time datetime=\"2023-01-01\">1 January 2023</time></strong> (about 3 years ago): the goal is still active."
            ),
            "{page}: {html}"
        );
    }
    assert!(w.read("book/dashboard.html").contains("Overdue goals (2)"));
    assert!(
        !w.read("book/dashboard.html")
            .contains("the date of this edition")
    );
}

#[test]
fn a_daily_rebuild_loads_only_the_versions_it_writes() {
    let w = Wiki::valid();
    w.write("book.toml", VERSIONED);
    // v1 has a problem of its own: a broken link.
    w.write(
        "content/chapters/other.md",
        "---\ntitle: Other chapter\nweight: 2\n---\n\nSee [this](missing.md).\n",
    );
    let repo = Repository::init(w.root()).unwrap();
    commit_tag(&repo, "Edition one", 1_600_000_000, "v1");
    w.write(
        "content/chapters/other.md",
        "---\ntitle: Other chapter\nweight: 2\n---\n\nSee [the intro](intro.md).\n",
    );
    commit_tag(&repo, "Edition two", 1_650_000_000, "v2");
    w.write(
        "content/goals/second.md",
        &GOAL
            .replace("First goal", "Second goal")
            .replace("G1", "G2"),
    );
    commit_tag(&repo, "Edition three", 1_700_000_000, "v3");
    let timings = [("STRATWIKI_TIMINGS", "1")];
    let first = w.run_env(&["build", "--today", "2026-01-10"], &timings);
    assert_eq!(first.code, 0, "{}", first.all());
    assert!(
        versions_loaded(&first).contains("3 of 3 versions loaded"),
        "{}",
        first.stderr
    );

    // The next day only v3 (the current edition, in its folder and at the root) is written:
    // v3 and v2 (its changes page) are loaded, v1 is taken with its recorded warning.
    let next_day = w.run_env(&["build", "--today", "2026-01-11"], &timings);
    assert_eq!(next_day.code, 0, "{}", next_day.all());
    assert!(
        versions_loaded(&next_day).contains("2 of 3 versions loaded"),
        "{}",
        next_day.stderr
    );
    assert!(
        editions_taken(&next_day).contains("2 editions taken"),
        "{}",
        next_day.stderr
    );
    assert!(
        warning_lines(&next_day)
            .iter()
            .any(|l| l.contains("version `v1` has 1 problem of its own")),
        "{}",
        next_day.all()
    );
    // The menus of the written edition still know v1's pages (from the record).
    assert!(
        w.read("book/v3/chapters/other.html")
            .contains("href=\"../../v1/chapters/other.html\""),
        "{}",
        w.read("book/v3/chapters/other.html")
    );
    let fresh = assert_same_as_fresh_build(&w, &["--today", "2026-01-11"]);
    assert_eq!(warning_lines(&next_day), warning_lines(&fresh));
}

#[test]
fn an_edition_made_on_the_build_day_reads_the_same_the_next_day() {
    let w = Wiki::valid();
    w.write("book.toml", VERSIONED);
    w.write(
        "content/goals/first.md",
        &GOAL.replace("target: 2027-01-31", "target: 2023-01-01"),
    );
    let repo = Repository::init(w.root()).unwrap();
    // v1 is made on 2023-11-14 (UTC), v2 the next day.
    commit_tag(&repo, "Edition one", 1_700_000_000, "v1");
    w.write(
        "content/goals/first.md",
        &GOAL
            .replace("target: 2027-01-31", "target: 2023-01-01")
            .replace("Body", "New body"),
    );
    commit_tag(&repo, "Edition two", 1_700_050_000, "v2");
    let on_the_day = ["build", "--today", "2023-11-14"];
    assert_eq!(w.run(&on_the_day).code, 0);
    let notice = "<strong>Overdue in this edition.</strong> On <time datetime=\"2023-11-14\">14 November 2023</time>";
    assert!(w.read("book/v1/goals/first.html").contains(notice));
    // The next day v1 is taken whole, and reads as a fresh build writes it.
    let timings = [("STRATWIKI_TIMINGS", "1")];
    let next = w.run_env(&["build", "--today", "2023-11-15"], &timings);
    assert_eq!(next.code, 0, "{}", next.all());
    assert!(
        editions_taken(&next).contains("1 editions taken"),
        "{}",
        next.stderr
    );
    assert!(w.read("book/v1/goals/first.html").contains(notice));
    assert_same_as_fresh_build(&w, &["--today", "2023-11-15"]);
}

#[test]
fn a_history_page_is_rendered_once_for_the_editions_where_its_history_is_the_same() {
    let w = Wiki::valid();
    w.write("book.toml", VERSIONED);
    let repo = Repository::init(w.root()).unwrap();
    commit_tag(&repo, "Edition one", 1_600_000_000, "v1");
    // v2 adds a chapter after the intro that links to it: the intro's page changes (a
    // backlink, a next page), but not its file, so its history page is the same as in v1.
    w.write(
        "content/chapters/next.md",
        "---\ntitle: Next chapter\nweight: 3\n---\n\nAfter [the intro](intro.md).\n",
    );
    commit_tag(&repo, "Edition two", 1_650_000_000, "v2");
    let b = w.run_env(
        &["build", "--today", "2026-01-10"],
        &[("STRATWIKI_TIMINGS", "1")],
    );
    assert_eq!(b.code, 0, "{}", b.all());
    let counts = b
        .stderr
        .lines()
        .find(|l| l.starts_with("timing: versions: ") && l.ends_with(" rendered"))
        .unwrap_or_else(|| panic!("{}", b.stderr))
        .to_string();
    // v1: 5 pages and their 5 history pages, rendered. v2: its 6 pages differ from v1's (a new
    // chapter; the current edition, judged on the build's date) and are rendered, with the new
    // chapter's history page; the 5 other history pages are v1's. The site root (v2 again)
    // takes all 12 from v2.
    assert!(
        counts.contains("17 pages taken from another version, 17 rendered"),
        "{counts}"
    );
    let intro = |v: &str| {
        let h = w.read(&format!("book/{v}/history/chapters/intro.html"));
        let start = h.find("<main").unwrap();
        let end = h.find("</main>").unwrap();
        h[start..end]
            .lines()
            .filter(|l| !l.contains("version-banner"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(intro("v1"), intro("v2"));
}

#[test]
fn an_old_editions_errors_are_named_in_its_warning() {
    let w = Wiki::valid();
    w.write("book.toml", VERSIONED);
    // v1 was made before `status` was checked as strictly: it no longer reads.
    w.write(
        "content/goals/first.md",
        &GOAL.replace("status: active", "status: done"),
    );
    let repo = Repository::init(w.root()).unwrap();
    commit_tag(&repo, "Edition one", 1_600_000_000, "v1");
    w.write("content/goals/first.md", GOAL);
    commit_tag(&repo, "Edition two", 1_650_000_000, "v2");
    let b = w.build();
    assert_eq!(
        b.code,
        0,
        "an old edition's problems do not fail the build: {}",
        b.all()
    );
    assert!(
        b.stderr.contains("version `v1` has 1 problem of its own")
            && b.stderr.contains(
                "its errors (a page whose front matter does not read is left out of that edition):"
            )
            && b.stderr
                .contains("\n  error: v1:content/goals/first.md:5:9: `status` must be one of"),
        "{}",
        b.stderr
    );
    assert!(!w.path("book/v1/goals/first.html").exists());
    assert!(w.path("book/v2/goals/first.html").is_file());
}

#[test]
fn every_edition_links_from_where_the_current_build_publishes() {
    let w = editions();
    // The site moved since the tags were made: their book.toml has the old address.
    w.write(
        "book.toml",
        &VERSIONED.replace("https://example.org/s/", "https://strategy.example/"),
    );
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    let v1 = w.read("book/v1/goals/first.html");
    assert!(
        v1.contains("<link rel=\"canonical\" href=\"https://strategy.example/goals/first.html\">"),
        "{v1}"
    );
    assert!(!v1.contains("example.org"), "{v1}");
    assert!(
        w.read("book/v1/goals.json")
            .contains("\"https://strategy.example/v1/goals/old.html\"")
    );
}

#[test]
fn a_development_ref_that_is_not_there_is_a_warning_on_every_build() {
    let w = editions();
    w.write(
        "book.toml",
        &VERSIONED.replace(
            "[wiki.versions.labels]",
            "development = \"next\"\n\n[wiki.versions.labels]",
        ),
    );
    for _ in 0..2 {
        // The second build takes every edition whole: the warning is still there.
        let b = w.build();
        assert_eq!(b.code, 0, "{}", b.all());
        assert!(
            b.stderr.contains("warning: book.toml:10:1: `development = \"next\"` is not one of the selected versions"),
            "{}",
            b.stderr
        );
    }
    assert!(!w.read("book/v10/index.html").contains("in development"));
}

#[test]
fn an_edition_links_its_own_additional_css_and_the_site_keeps_the_current_cname() {
    let w = Wiki::valid();
    // v1 had a style sheet of its own; v2 dropped it.
    w.write(
        "book.toml",
        &VERSIONED.replace(
            "[wiki.versions]",
            "additional-css = [\"theme/v1.css\"]\n\n[wiki.versions]",
        ),
    );
    w.write("theme/v1.css", "body { color: #010; }\n");
    let repo = Repository::init(w.root()).unwrap();
    commit_tag(&repo, "Edition one", 1_600_000_000, "v1");
    std::fs::remove_file(w.path("theme/v1.css")).unwrap();
    w.write("book.toml", VERSIONED);
    commit_tag(&repo, "Edition two", 1_650_000_000, "v2");
    // The current build publishes on a custom domain.
    w.write(
        "book.toml",
        &VERSIONED.replace(
            "[wiki.versions]",
            "cname = \"strategy.example\"\n\n[wiki.versions]",
        ),
    );
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    assert_eq!(w.read("book/v1/theme/v1.css"), "body { color: #010; }\n");
    assert!(
        w.read("book/v1/goals/first.html")
            .contains("<link rel=\"stylesheet\" href=\"../theme/v1.css\">")
    );
    assert!(!w.read("book/goals/first.html").contains("v1.css"));
    assert!(!w.path("book/theme/v1.css").exists());
    assert_eq!(w.read("book/CNAME"), "strategy.example\n");
    assert!(!w.path("book/v1/CNAME").exists());
    // A rebuild that takes every edition whole keeps the file.
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    assert_eq!(w.read("book/CNAME"), "strategy.example\n");
}

#[test]
fn edit_source_and_commit_links_in_every_edition() {
    let w = editions();
    w.write(
        "book.toml",
        &VERSIONED.replace(
            "[wiki.versions]",
            "git-repository-url = \"https://github.com/org/strategy\"\n\n[wiki]\nedit-branch = \"main\"\n\n[wiki.versions]",
        ),
    );
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    // The default edition, at the root and in its folder: edited on the edit branch.
    for page in ["book/goals/first.html", "book/v10/goals/first.html"] {
        let html = w.read(page);
        assert!(
            html.contains(
                "href=\"https://github.com/org/strategy/edit/main/content/goals/first.md\""
            ),
            "{page}: {html}"
        );
    }
    assert!(
        w.read("book/goals/index.html")
            .contains("/new/main/content/goals?")
    );
    // An older edition shows its files as they were at its tag, and proposes no edit.
    let v1 = w.read("book/v1/goals/first.html");
    assert!(
        v1.contains("href=\"https://github.com/org/strategy/blob/v1/content/goals/first.md\""),
        "{v1}"
    );
    assert!(!v1.contains("/edit/"), "{v1}");
    assert!(!w.read("book/v1/goals/index.html").contains("/new/"));
    // Its history links each commit on the forge.
    assert!(
        w.read("book/v1/history/goals/first.html")
            .contains("href=\"https://github.com/org/strategy/commit/")
    );
}

#[test]
fn a_version_that_cannot_be_built_is_left_out_with_a_warning() {
    // A repository whose code was tagged before the wiki existed, in a folder of its own.
    let repo_dir = tempfile::tempdir().unwrap();
    let top = repo_dir.path();
    std::fs::write(top.join("main.rs"), "fn main() {}\n").unwrap();
    let repo = Repository::init(top).unwrap();
    commit_tag(&repo, "Code only", 1_500_000_000, "v0.9");
    let w = Wiki::valid();
    let wiki = top.join("wiki");
    for (rel, bytes) in tree(w.root()) {
        let p = wiki.join(&rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    // An edition whose book.toml no longer reads.
    std::fs::write(
        wiki.join("book.toml"),
        format!("{BOOK}[wiki.goals]\nreview-every = \"soon\"\n"),
    )
    .unwrap();
    commit_tag(&repo, "Broken settings", 1_550_000_000, "v0.10");
    std::fs::write(
        wiki.join("book.toml"),
        format!("{BOOK}\n[wiki.versions]\ntags = [\"v*\"]\n"),
    )
    .unwrap();
    commit_tag(&repo, "The wiki", 1_600_000_000, "v1.0");
    let out = top.join("site");
    let run = |args: &[&str]| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_stratwiki"))
            .args(args)
            .arg("--root")
            .arg(&wiki)
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    for _ in 0..2 {
        // The second build takes the edition whole: the warnings stay.
        let (code, stderr) = run(&["build", "--dest", out.to_str().unwrap()]);
        assert_eq!(code, Some(0), "{stderr}");
        assert!(
            stderr.contains("warning: book.toml:6:1: version `v0.9` is left out of the site: it has no content folder `wiki/content`"),
            "{stderr}"
        );
        assert!(
            stderr.contains("version `v0.10` is left out of the site: its book.toml does not read (error: v0.10:wiki/book.toml:5:1: `wiki.goals.review-every` must be a period"),
            "{stderr}"
        );
    }
    assert!(out.join("v1.0/index.html").exists());
    assert!(!out.join("v0.9").exists() && !out.join("v0.10").exists());
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!home.contains("v0.9"), "not in the menu");
}

#[test]
fn a_branch_edition_is_built_from_the_branch_even_beside_a_tag_of_that_name() {
    let w = Wiki::valid();
    w.write(
        "book.toml",
        &format!("{BOOK}\n[wiki.versions]\nbranches = [\"main\"]\n"),
    );
    let repo = Repository::init_opts(
        w.root(),
        git2::RepositoryInitOptions::new().initial_head("main"),
    )
    .unwrap();
    commit_tag(&repo, "Old text", 1_600_000_000, "main");
    w.write("content/about.md", "# About\n\nNEW TEXT\n");
    commit_all(&repo, "New text", 1_650_000_000);
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(w.read("book/about.html").contains("NEW TEXT"));
    assert!(w.read("book/main/about.html").contains("NEW TEXT"));
}

#[test]
fn check_reports_what_build_would_about_the_choice_of_versions() {
    let w = editions();
    w.write(
        "book.toml",
        &VERSIONED.replace("tags = [\"v*\"]", "tags = [\"v*\"]\nlatest = \"v9\""),
    );
    let c = w.check();
    assert_eq!(c.code, 1, "{}", c.all());
    assert!(
        c.all().contains(
            "error: book.toml:7:1: `latest = \"v9\"` is not one of the selected versions"
        ),
        "{}",
        c.all()
    );
    // A tag of a blob matches the pattern but is no edition: said, not silently dropped.
    w.write("book.toml", VERSIONED);
    let repo = Repository::open(w.root()).unwrap();
    let blob = repo.blob(b"not a commit").unwrap();
    repo.tag_lightweight("v7", &repo.find_object(blob, None).unwrap(), false)
        .unwrap();
    let c = w.check();
    assert_eq!(c.code, 0, "{}", c.all());
    assert!(
        c.all().contains(
            "warning: book.toml:7:1: tag `v7` is left out of the versions: it does not lead to a commit"
        ),
        "{}",
        c.all()
    );
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(b.stderr.contains("tag `v7` is left out"), "{}", b.stderr);
    assert!(!w.path("book/v7").exists());
}

#[test]
fn a_changes_page_says_which_pages_no_longer_build() {
    let w = Wiki::valid();
    w.write("book.toml", VERSIONED);
    let repo = Repository::init(w.root()).unwrap();
    commit_tag(&repo, "One", 1_600_000_000, "v1");
    w.write(
        "content/goals/first.md",
        &GOAL.replace("status: active", "status: [active"),
    );
    commit_tag(&repo, "A typo", 1_650_000_000, "v2");
    w.write("content/goals/first.md", GOAL);
    commit_tag(&repo, "Fixed", 1_700_000_000, "v3");
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    let c = w.read("book/v2/changes-since-v1.html");
    assert!(
        c.contains(
            "No longer builds (its file is still there): First goal <code>goals/first.md</code>"
        ),
        "{c}"
    );
    assert!(!c.contains("Goals removed"), "{c}");
}

#[test]
fn a_redirect_that_gives_way_is_said_on_every_build_of_the_editions() {
    // A page once named `404.md` gets no redirect at `404.html` (the site's 404 page is there):
    // a warning, not a failed build, and the site root is not taken whole from the previous
    // build while it has one (warnings never vanish on a rebuild).
    let w = Wiki::valid();
    w.write("book.toml", VERSIONED);
    w.write("content/404.md", "# Not found, the page\n\nText.\n");
    let repo = Repository::init(w.root()).unwrap();
    commit_tag(&repo, "Edition one", 1_600_000_000, "v1");
    std::fs::rename(w.path("content/404.md"), w.path("content/missing.md")).unwrap();
    commit_tag(&repo, "Edition two", 1_650_000_000, "v2");
    let warning = "warning: v2:content/missing.md: no redirect from the earlier name `404.md`";
    for round in 0..2 {
        let b = w.run(&["build", "--today", "2026-12-06"]);
        assert_eq!(b.code, 0, "round {round}: {}", b.all());
        assert!(b.all().contains(warning), "round {round}: {}", b.all());
        assert!(w.read("book/404.html").contains("Page not found"));
        assert!(w.read("book/missing.html").contains("Not found, the page"));
    }
}

#[test]
fn a_clash_in_an_older_edition_is_a_warning_and_the_build_goes_on() {
    // v1 had a folder `pagefind/` of its own among the content's files, where the search
    // index goes: in that old edition the file gives way (a warning), and the site is built.
    let w = Wiki::valid();
    w.write("book.toml", VERSIONED);
    w.write("content/pagefind/notes.txt", "Notes.\n");
    let repo = Repository::init(w.root()).unwrap();
    commit_tag(&repo, "Edition one", 1_600_000_000, "v1");
    std::fs::remove_file(w.path("content/pagefind/notes.txt")).unwrap();
    commit_tag(&repo, "Edition two", 1_650_000_000, "v2");
    let b = w.run(&["build", "--today", "2026-12-06"]);
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(
        b.all()
            .lines()
            .any(|l| l.starts_with("warning: v1:content/pagefind/notes.txt:")
                && l.contains(
                    "`v1/pagefind/notes.txt` is in a folder that the search index fills"
                )),
        "{}",
        b.all()
    );
    assert!(!w.path("book/v1/pagefind/notes.txt").exists());
    assert!(w.path("book/v1/pagefind/pagefind.js").is_file());
    let c = w.run(&["check", "--today", "2026-12-06"]);
    assert_eq!(c.code, 0, "{}", c.all());
}
