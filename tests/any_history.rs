//! Editions from any history: tags made before the wiki had a `book.toml` (or whose settings
//! no longer fit) build with today's, and an old edition's problems never fail today's build.

mod common;

use common::*;
use git2::Repository;

fn commit_tag(repo: &Repository, msg: &str, time: i64, tag: &str) {
    let id = commit_all(repo, msg, time);
    repo.tag_lightweight(tag, &repo.find_object(id, None).unwrap(), false)
        .unwrap();
}

/// Today's settings: the content folder is `strategy/` (not the default `content/`), so a tag
/// read with the defaults has no content at all.
const TODAY: &str = "[book]\ntitle = \"Present strategy\"\nsrc = \"strategy\"\n\n[wiki.versions]\ntags = [\"v*\"]\n";

/// A wiki whose pages are in `strategy/`, with no `book.toml` yet.
fn pages_only() -> Wiki {
    let w = Wiki::empty();
    w.write("strategy/owners/agency.md", OWNER);
    w.write("strategy/goals/first.md", GOAL);
    w.write("strategy/chapters/intro.md", CHAPTER);
    w.write("strategy/about.md", "# About\n\nAbout this wiki.\n");
    w
}

/// Two tags, neither with a `book.toml`: `v1` with goal `first`, `v2` adding goal `second`.
fn tags_without_settings() -> Wiki {
    let w = pages_only();
    let repo = Repository::init(w.root()).unwrap();
    commit_tag(&repo, "Edition one", 1_600_000_000, "v1");
    w.write(
        "strategy/goals/second.md",
        "---\ntitle: Second goal\nid: G2\nowner: agency\nstatus: active\n---\nText.\n",
    );
    commit_tag(&repo, "Edition two", 1_650_000_000, "v2");
    // Today's settings, not yet committed: `build` reads the working tree's.
    w.write("book.toml", TODAY);
    w
}

#[test]
fn tags_without_book_toml_build_with_todays_and_a_warning_each() {
    let w = tags_without_settings();
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    // Both editions, the newest (the default) too, read with today's content folder and title.
    for page in [
        "book/index.html",
        "book/v2/index.html",
        "book/v1/index.html",
    ] {
        assert!(w.read(page).contains("Present strategy"), "{page}");
    }
    assert!(w.path("book/v2/goals/second.html").is_file());
    assert!(!w.path("book/v1/goals/second.html").exists());
    for tag in ["v1", "v2"] {
        let said = format!("version `{tag}` has no book.toml: it is read with today's");
        assert_eq!(b.stderr.matches(&said).count(), 1, "{}", b.stderr);
    }
    assert!(!b.stderr.contains("left out"), "{}", b.stderr);
    // Read with today's settings, the editions follow them on the next build (none is taken
    // whole from the previous site as it was).
    w.write(
        "book.toml",
        &TODAY.replace("Present strategy", "Renamed strategy"),
    );
    let again = w.build();
    assert_eq!(again.code, 0, "{}", again.all());
    assert!(w.read("book/v1/index.html").contains("Renamed strategy"));
    w.write("book.toml", TODAY);
    // `check` says the same, and passes as the build does.
    let c = w.check();
    assert_eq!(c.code, 0, "{}", c.all());
    assert!(
        c.all()
            .contains("version `v1` has no book.toml: it is read with today's"),
        "{}",
        c.all()
    );
}

#[test]
fn config_current_reads_every_edition_with_todays_book_toml() {
    let w = pages_only();
    w.write(
        "book.toml",
        "[book]\ntitle = \"Old title\"\nsrc = \"strategy\"\n\n[wiki.versions]\ntags = [\"v*\"]\n",
    );
    let repo = Repository::init(w.root()).unwrap();
    commit_tag(&repo, "Edition one", 1_600_000_000, "v1");
    w.write(
        "strategy/goals/second.md",
        "---\ntitle: Second goal\nid: G2\nowner: agency\nstatus: active\n---\nText.\n",
    );
    commit_tag(&repo, "Edition two", 1_650_000_000, "v2");
    // By default each edition keeps its own settings.
    w.write("book.toml", &TODAY.replace("Present strategy", "New title"));
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(w.read("book/v1/index.html").contains("Old title"));
    // With `config = "current"`, today's.
    w.write(
        "book.toml",
        &format!(
            "{}config = \"current\"\n",
            TODAY.replace("Present strategy", "New title")
        ),
    );
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    for page in ["book/v1/index.html", "book/v2/index.html"] {
        let html = w.read(page);
        assert!(html.contains("New title"), "{page}");
        assert!(!html.contains("Old title"), "{page}");
    }
    assert!(!b.stderr.contains("has no book.toml"), "{}", b.stderr);
    // Today's look too: a template override made after v1 was tagged.
    w.write(
        "templates/goal.html",
        "{% extends \"page.html\" %}{% block page_meta %}<p class=\"today-theme\">today</p>{% endblock page_meta %}",
    );
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(w.read("book/v1/goals/first.html").contains("today-theme"));
    // A value it does not know is an error at its line.
    w.write("book.toml", &format!("{TODAY}config = \"newest\"\n"));
    let c = w.check();
    assert_eq!(c.code, 1, "{}", c.all());
    assert!(
        c.all()
            .contains("`wiki.versions.config` must be `own` or `current` (found `newest`)"),
        "{}",
        c.all()
    );
}

#[test]
fn diff_between_tags_without_book_toml_uses_todays_with_a_note() {
    let w = tags_without_settings();
    let d = w.run(&["diff", "v1..v2", "--format", "json"]);
    assert_eq!(d.code, 0, "{}", d.all());
    assert!(d.stdout.contains("Second goal"), "{}", d.stdout);
    for tag in ["v1", "v2"] {
        assert!(
            d.stderr.contains(&format!(
                "note: `{tag}` has no book.toml: it is read with today's"
            )),
            "{}",
            d.stderr
        );
    }
}

/// Delete the loose object of what `spec` (`v1:strategy/old.txt`) names from the repository.
fn lose_blob(w: &Wiki, spec: &str) {
    let repo = Repository::open(w.root()).unwrap();
    let id = repo.revparse_single(spec).unwrap().id().to_string();
    std::fs::remove_file(w.path(&format!(".git/objects/{}/{}", &id[..2], &id[2..]))).unwrap();
}

#[test]
fn an_old_editions_problems_are_warnings_naming_it_but_the_defaults_fail() {
    let w = pages_only();
    w.write("book.toml", TODAY);
    // v1: a page whose front matter does not parse, a file colliding with a page's output,
    // and a static file whose blob will be lost.
    w.write("strategy/broken.md", "---\ntitle: [unclosed\n---\nText.\n");
    w.write("strategy/about.html", "<p>Copied as it is.</p>");
    w.write("strategy/old.txt", "Only in the first edition.");
    let repo = Repository::init(w.root()).unwrap();
    commit_tag(&repo, "Edition one", 1_600_000_000, "v1");
    for f in [
        "strategy/broken.md",
        "strategy/about.html",
        "strategy/old.txt",
    ] {
        std::fs::remove_file(w.path(f)).unwrap();
    }
    commit_tag(&repo, "Edition two", 1_650_000_000, "v2");
    lose_blob(&w, "v1:strategy/old.txt");
    let b = w.build();
    assert_eq!(
        b.code,
        0,
        "an old edition's problems fail today's build: {}",
        b.all()
    );
    for said in [
        "in version `v1`: cannot copy",
        "`v1/about.html` would be written twice",
        "version `v1` has 1 problem of its own",
    ] {
        assert!(b.stderr.contains(said), "{said}: {}", b.stderr);
    }
    assert!(w.path("book/v1/goals/first.html").is_file());
    // `check` passes where the build does, and says what loading the old edition said.
    let c = w.check();
    assert_eq!(c.code, 0, "{}", c.all());
    assert!(
        c.all().contains("version `v1` has 1 problem of its own"),
        "{}",
        c.all()
    );
    // The default edition's own problems still fail the build: a blob lost there.
    w.write("strategy/new.txt", "Only in the third edition.");
    commit_tag(&repo, "Edition three", 1_700_000_000, "v3");
    lose_blob(&w, "v3:strategy/new.txt");
    std::fs::remove_file(w.path("strategy/new.txt")).unwrap();
    let b = w.build();
    assert_eq!(b.code, 1, "{}", b.all());
    assert!(b.stderr.contains("v3:strategy/new.txt"), "{}", b.stderr);
}

#[test]
fn an_old_edition_that_cannot_be_loaded_is_left_out_with_a_warning() {
    let w = pages_only();
    w.write("book.toml", TODAY);
    w.write(
        "strategy/extra/x.md",
        "# Extra\n\nOnly in the first edition.\n",
    );
    let repo = Repository::init(w.root()).unwrap();
    commit_tag(&repo, "Edition one", 1_600_000_000, "v1");
    std::fs::remove_dir_all(w.path("strategy/extra")).unwrap();
    commit_tag(&repo, "Edition two", 1_650_000_000, "v2");
    // A folder of v1's content whose tree object is lost: v1 cannot be read at all.
    lose_blob(&w, "v1:strategy/extra");
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(
        b.stderr
            .contains("version `v1` is left out of the site: it cannot be loaded"),
        "{}",
        b.stderr
    );
    assert!(!w.path("book/v1").exists());
    assert!(w.path("book/v2/goals/first.html").is_file());
    // Its menu entry is gone from today's edition too.
    assert!(!w.read("book/index.html").contains("v1/"));
    // `check` says the same, and passes.
    let c = w.check();
    assert_eq!(c.code, 0, "{}", c.all());
    assert!(
        c.all()
            .contains("version `v1` is left out of the site: it cannot be loaded"),
        "{}",
        c.all()
    );
    // A rebuild (which may take editions whole from the previous site) says so again.
    let again = w.build();
    assert_eq!(again.code, 0, "{}", again.all());
    assert!(
        again.stderr.contains("version `v1` is left out"),
        "{}",
        again.stderr
    );
    assert!(w.path("book/v2/goals/first.html").is_file());
}

/// The diagnostic lines of a run (`error:` / `warning:` and what follows them), sorted.
fn diagnostic_lines(r: &Run) -> Vec<String> {
    let mut lines: Vec<String> = r
        .all()
        .lines()
        .filter(|l| l.starts_with("error") || l.starts_with("warning"))
        .map(str::to_string)
        .collect();
    lines.sort();
    lines
}

#[test]
fn check_reports_what_only_writing_an_edition_finds_as_build_does() {
    let w = pages_only();
    w.write("book.toml", TODAY);
    // v1's tree: a file colliding with a page's output and a static file whose blob is lost,
    // both found only as the edition is written.
    w.write("strategy/about.html", "<p>Copied as it is.</p>");
    w.write("strategy/old.txt", "Only in the first edition.");
    let repo = Repository::init(w.root()).unwrap();
    commit_tag(&repo, "Edition one", 1_600_000_000, "v1");
    for f in ["strategy/about.html", "strategy/old.txt"] {
        std::fs::remove_file(w.path(f)).unwrap();
    }
    commit_tag(&repo, "Edition two", 1_650_000_000, "v2");
    lose_blob(&w, "v1:strategy/old.txt");
    let c = w.check();
    let b = w.build();
    assert_eq!((c.code, b.code), (0, 0), "{}\n{}", c.all(), b.all());
    for said in [
        "in version `v1`: cannot copy",
        "`v1/about.html` would be written twice",
    ] {
        assert!(c.all().contains(said), "check: {said}: {}", c.all());
    }
    assert_eq!(
        diagnostic_lines(&c),
        diagnostic_lines(&b),
        "{}\n{}",
        c.all(),
        b.all()
    );
    // Nothing written by `check`: no site, no staging folder.
    let w2 = pages_only();
    w2.write("book.toml", TODAY);
    let repo2 = Repository::init(w2.root()).unwrap();
    commit_tag(&repo2, "Edition one", 1_600_000_000, "v1");
    assert_eq!(w2.check().code, 0);
    let names: Vec<String> = std::fs::read_dir(w2.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n == "book" || n.contains("stratwiki-")),
        "{names:?}"
    );

    // The default edition's blob lost: `build` fails, and so does `check`, with its error.
    w.write("strategy/new.txt", "Only in the third edition.");
    commit_tag(&repo, "Edition three", 1_700_000_000, "v3");
    lose_blob(&w, "v3:strategy/new.txt");
    std::fs::remove_file(w.path("strategy/new.txt")).unwrap();
    let b = w.build();
    let c = w.check();
    assert_eq!((c.code, b.code), (1, 1), "{}\n{}", c.all(), b.all());
    assert!(c.all().contains("v3:strategy/new.txt"), "{}", c.all());
    let errors = |r: &Run| -> Vec<String> {
        diagnostic_lines(r)
            .into_iter()
            .filter(|l| l.starts_with("error"))
            .collect()
    };
    assert_eq!(errors(&c), errors(&b), "{}\n{}", c.all(), b.all());
}
