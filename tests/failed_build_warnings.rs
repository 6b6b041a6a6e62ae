//! A failed build prints every warning `check` prints (issue #23): the stages after the
//! failure (the output plan, rendering the pages and their history) are still run as `check`
//! runs them, into nothing, so fixing one problem does not reveal others only then.

mod common;

use common::*;

/// The lines of `run`'s output that start with `prefix`, sorted.
fn lines_with(run: &Run, prefix: &str) -> Vec<String> {
    let mut v: Vec<String> = run
        .all()
        .lines()
        .filter(|l| l.starts_with(prefix))
        .map(str::to_string)
        .collect();
    v.sort();
    v
}

/// A wiki in git with warnings from several stages: `book.toml` (an unknown key), the source
/// (a symbolic link), Markdown (an image from another host), the output plan (a redirect
/// from an earlier name that a page took) and the history pages (an old revision that is not
/// UTF-8).
fn wiki_with_warnings() -> Wiki {
    let w = Wiki::valid();
    let repo = git2::Repository::init(w.root()).unwrap();
    w.write("content/old.md", "# Old\n\nUnder its first name.\n");
    w.write_bytes("content/latin.md", b"# Latin\n\ncaf\xe9\n");
    commit_all(&repo, "Start", 1_700_000_000);
    std::fs::rename(w.path("content/old.md"), w.path("content/new.md")).unwrap();
    w.write("content/latin.md", "# Latin\n\ncafé\n");
    commit_all(&repo, "Rename, and fix the encoding", 1_700_086_400);
    w.write(
        "content/old.md",
        "# Taken\n\nA new page under the old name.\n",
    );
    w.write(
        "content/about.md",
        "# About\n\n![map](https://tiles.example.com/map.png)\n",
    );
    w.write("book.toml", &format!("{BOOK}\n[wiki]\nbogus = 1\n"));
    std::os::unix::fs::symlink("../book.toml", w.path("content/link.md")).unwrap();
    commit_all(&repo, "More", 1_700_172_800);
    w
}

#[test]
fn a_build_failing_on_a_page_prints_every_warning_check_prints() {
    let w = wiki_with_warnings();
    let good = w.build();
    assert_eq!(good.code, 0, "{}", good.all());
    let warnings = lines_with(&good, "warning: ");
    for want in [
        "warning: book.toml:",
        "warning: content/about.md:3:1: an image loads",
        "warning: content/latin.md: commit ",
        "warning: content/link.md: symbolic links are not followed",
        "warning: content/new.md: no redirect from the earlier name `old.md`",
    ] {
        assert!(
            warnings.iter().any(|l| l.starts_with(want)),
            "`{want}` missing:\n{}",
            good.all()
        );
    }

    // Now a page that does not parse: the build fails, and still says everything.
    w.write("content/broken.md", "---\ntitle: [\n---\nText.\n");
    let check = w.check();
    let build = w.build();
    assert_eq!(
        (check.code, build.code),
        (1, 1),
        "{}{}",
        check.all(),
        build.all()
    );
    assert_eq!(lines_with(&check, "warning: "), warnings, "{}", check.all());
    assert_eq!(lines_with(&build, "warning: "), warnings, "{}", build.all());
    assert_eq!(lines_with(&build, "error: "), lines_with(&check, "error: "));
    assert!(
        build.all().contains(&format!(
            "Build failed: 1 error, {} warnings. The previous site, if any, is unchanged.",
            warnings.len()
        )),
        "each said and counted once:\n{}",
        build.all()
    );
}

#[test]
fn a_build_failing_on_its_plan_prints_the_history_warnings() {
    let w = wiki_with_warnings();
    // A content file where the site writes its own page: an error of the output plan, found
    // when the build plans its files, before any page is rendered.
    w.write("content/changes.html", "<p>mine</p>\n");
    let check = w.check();
    let build = w.build();
    assert_eq!(
        (check.code, build.code),
        (1, 1),
        "{}{}",
        check.all(),
        build.all()
    );
    let errors = lines_with(&build, "error: ");
    assert!(
        errors.iter().any(|e| e.contains("changes.html")),
        "{}",
        build.all()
    );
    assert_eq!(errors, lines_with(&check, "error: "));
    assert_eq!(
        lines_with(&build, "warning: "),
        lines_with(&check, "warning: "),
        "{}",
        build.all()
    );
    assert!(
        build.all().contains("warning: content/latin.md: commit "),
        "{}",
        build.all()
    );
}
