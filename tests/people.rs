//! People counted once (issue #23): repeated `Co-authored-by:` trailers, a co-author who is
//! the commit's author, and one name under two emails each credit one person, on the history
//! page, the page footer, the recent changes and the feed; `.mailmap` still decides first.

mod common;

use common::*;
use git2::{Repository, Signature, Time};

const T0: i64 = 1_700_000_000; // 2023-11-14

/// A valid wiki in a fresh git repository.
fn repo() -> (Wiki, Repository) {
    let wiki = Wiki::valid();
    let repo = Repository::init(wiki.root()).unwrap();
    (wiki, repo)
}

/// Commit the whole working tree as `author` at `time`.
fn commit(repo: &Repository, msg: &str, author: (&str, &str), time: i64) {
    let mut index = repo.index().unwrap();
    index
        .add_all(["*"].iter(), git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = Signature::new(author.0, author.1, &Time::new(time, 0)).unwrap();
    let parents: Vec<git2::Commit<'_>> = repo
        .head()
        .ok()
        .and_then(|h| h.target())
        .map(|h| vec![repo.find_commit(h).unwrap()])
        .unwrap_or_default();
    let refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
    repo.commit(Some("HEAD"), &sig, &sig, msg, &tree, &refs)
        .unwrap();
}

fn build(w: &Wiki) {
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
}

/// The "Contributors: ..." line of a page's footer.
fn footer_contributors(page: &str) -> &str {
    let at = page
        .find("<p class=\"contributors\">")
        .expect("a contributors line");
    let line = &page[at..];
    &line[..line.find("</p>").unwrap()]
}

#[test]
fn repeated_co_authors_and_the_author_as_co_author_are_listed_once() {
    let (w, repo) = repo();
    commit(&repo, "Start", ("Ann Author", "ann@example.org"), T0);
    w.write("content/about.md", "# About\n\nA second version.\n");
    commit(
        &repo,
        "Squashed proposal (#7)\n\nCo-authored-by: Greg Walker <greg@example.org>\nCo-authored-by: Greg Walker <greg@example.org>\nCo-authored-by: Ann Author <ann@example.org>\nCo-authored-by: Greg Walker <greg@example.org>\n",
        ("Ann Author", "ann@example.org"),
        T0 + 86_400,
    );
    build(&w);

    let hist = w.read("book/history/about.html");
    assert!(
        hist.contains("by Ann Author with Greg Walker ·"),
        "one co-author, not the author again:\n{hist}"
    );
    assert!(!hist.contains("Greg Walker, Greg Walker"), "{hist}");
    assert!(!hist.contains("with Greg Walker, Ann Author"), "{hist}");
    assert!(
        hist.contains("Contributors: Ann Author (2), Greg Walker (1)"),
        "{hist}"
    );

    let page = w.read("book/about.html");
    assert_eq!(
        footer_contributors(&page),
        "<p class=\"contributors\">Contributors: Ann Author, Greg Walker"
    );

    let changes = w.read("book/changes.html");
    assert!(
        changes.contains("by Ann Author with Greg Walker · <code>"),
        "{changes}"
    );
    let feed = w.read("book/changes.atom");
    assert_eq!(
        feed.matches("<contributor><name>Greg Walker</name></contributor>")
            .count(),
        1,
        "{feed}"
    );
    assert!(!feed.contains("<contributor><name>Ann Author"), "{feed}");
}

#[test]
fn one_name_under_two_emails_is_one_contributor() {
    let (w, repo) = repo();
    commit(&repo, "Start", ("Greg Walker", "greg@work.example"), T0);
    w.write("content/about.md", "# About\n\nFrom home.\n");
    commit(
        &repo,
        "Edit from home",
        ("Greg Walker", "greg@home.example"),
        T0 + 86_400,
    );
    w.write("content/about.md", "# About\n\nTogether.\n");
    // As a co-author under the home address, beside the work address as author: one person.
    commit(
        &repo,
        "Pair edit\n\nCo-authored-by: Greg Walker <greg@home.example>\nCo-authored-by: Bo Builder <bo@example.org>\n",
        ("Greg Walker", "greg@work.example"),
        T0 + 2 * 86_400,
    );
    build(&w);

    let page = w.read("book/about.html");
    assert_eq!(
        footer_contributors(&page),
        "<p class=\"contributors\">Contributors: Greg Walker, Bo Builder"
    );
    let hist = w.read("book/history/about.html");
    assert!(
        hist.contains("Contributors: Greg Walker (3), Bo Builder (1)"),
        "{hist}"
    );
    assert!(hist.contains("by Greg Walker with Bo Builder ·"), "{hist}");
}

#[test]
fn mailmap_decides_identity_first() {
    let (w, repo) = repo();
    // Two different people called Alex Smith: the mailmap gives one of them another name, so
    // they stay two. And an old address under another name is mapped onto Greg Walker.
    w.write(
        ".mailmap",
        "Alex Smith (Statistics) <alex@stats.example>\nGreg Walker <greg@work.example> <gw@old.example>\n",
    );
    commit(&repo, "Start", ("Alex Smith", "alex@tax.example"), T0);
    w.write("content/about.md", "# About\n\nStatistics.\n");
    commit(
        &repo,
        "Numbers\n\nCo-authored-by: G. Walker <gw@old.example>\n",
        ("Alex Smith", "alex@stats.example"),
        T0 + 86_400,
    );
    w.write("content/about.md", "# About\n\nWork.\n");
    commit(
        &repo,
        "Work",
        ("Greg Walker", "greg@work.example"),
        T0 + 2 * 86_400,
    );
    build(&w);

    let page = w.read("book/about.html");
    assert_eq!(
        footer_contributors(&page),
        "<p class=\"contributors\">Contributors: Greg Walker, Alex Smith, Alex Smith (Statistics)"
    );
    let hist = w.read("book/history/about.html");
    assert!(
        hist.contains("by Alex Smith (Statistics) with Greg Walker ·"),
        "{hist}"
    );
}
