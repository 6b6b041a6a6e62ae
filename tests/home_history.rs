//! The home page's introduction, `README.md` (as mdBook's home page) or `index.md`, has a
//! history page like any other page, linked from the home page's footer (issue #23).

mod common;

use common::*;

/// A valid wiki in git whose home introduction is `content/<name>`, created, then edited by
/// another commit.
fn wiki_with_home(name: &str) -> Wiki {
    let w = Wiki::valid();
    let repo = git2::Repository::init(w.root()).unwrap();
    let home = format!("content/{name}");
    w.write(&home, "# Welcome\n\nThe strategy in short.\n");
    commit_all(&repo, "Start the wiki", 1_700_000_000);
    w.write(&home, "# Welcome\n\nThe strategy in brief.\n");
    commit_all(&repo, "Shorter welcome", 1_700_086_400);
    w
}

fn assert_home_history(w: &Wiki, name: &str) {
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    let hist = w.read("book/history/index.html");
    assert!(hist.contains("<h1>Welcome</h1>"), "{hist}");
    assert!(hist.contains(&format!("<code>{name}</code>")), "{hist}");
    assert!(hist.contains("Shorter welcome"), "{hist}");
    assert!(hist.contains("Start the wiki"), "{hist}");
    assert!(hist.contains("<table class=\"diff\">"), "a diff: {hist}");
    assert!(
        hist.contains("href=\"../index.html\">this page</a>"),
        "{hist}"
    );

    let home = w.read("book/index.html");
    assert!(home.contains("The strategy in brief."), "{home}");
    assert!(
        home.contains("<a class=\"history-link\" href=\"history/index.html\">History</a>"),
        "{home}"
    );
    assert!(
        home.contains("<a href=\"history/index.html\">History of this page</a>"),
        "{home}"
    );
    assert!(
        home.contains("<p class=\"contributors\">Contributors: Ann</p>"),
        "{home}"
    );
    // `check` plans the same file and finds nothing wrong with it.
    let c = w.check();
    assert_eq!(c.code, 0, "{}", c.all());
}

#[test]
fn readme_as_home_has_a_history_page() {
    let w = wiki_with_home("README.md");
    assert_home_history(&w, "README.md");
}

#[test]
fn index_md_as_home_has_a_history_page() {
    let w = wiki_with_home("index.md");
    assert_home_history(&w, "index.md");
}

#[test]
fn without_history_there_is_none() {
    let w = Wiki::valid();
    w.write("content/README.md", "# Welcome\n\nText.\n");
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(!w.path("book/history").exists());
    assert!(!w.read("book/index.html").contains("history/index.html"));
}
