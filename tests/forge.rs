//! Edit, source and "propose a new page" links derived from the repository's forge.

mod common;

use common::*;
use git2::Repository;

#[test]
fn links_come_from_the_origin_remote() {
    let w = Wiki::valid();
    w.write("content/chapters/with space.md", "# Spaced\n\nText.\n");
    let repo = Repository::init(w.root()).unwrap();
    repo.remote("origin", "git@gitlab.example.gov:strategy/wiki.git")
        .unwrap();
    commit_all(&repo, "Start", 1_700_000_000);
    let branch = repo.head().unwrap().shorthand().unwrap().to_string();
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    let goal = w.read("book/goals/first.html");
    let base = "https://gitlab.example.gov/strategy/wiki";
    assert!(
        goal.contains(&format!("href=\"{base}/-/edit/{branch}/content/goals/first.md\">Propose a change to this page</a>")),
        "{goal}"
    );
    assert!(goal.contains(&format!(
        "href=\"{base}/-/blob/{branch}/content/goals/first.md\"><code>goals/first.md</code></a>"
    )));
    assert!(
        goal.contains("class=\"history-link\""),
        "a link to the page's history"
    );
    // Commits link to where the forge shows them, also when only the remote says which.
    let history = w.read("book/history/goals/first.html");
    assert!(
        history.contains(&format!("href=\"{base}/-/commit/")),
        "{history}"
    );
    let spaced = w.read("book/chapters/with-space.html");
    assert!(
        spaced.contains(&format!(
            "{base}/-/edit/{branch}/content/chapters/with%20space.md"
        )),
        "{spaced}"
    );
    let goals = w.read("book/goals/index.html");
    assert!(
        goals.contains(&format!("href=\"{base}/-/new/{branch}/content/goals?file_name=new-goal.md&amp;content=---%0Atitle%3A%20%0Aid%3A")),
        "{goals}"
    );
    assert!(goals.contains("Propose a new goal</a>"));
    assert!(
        w.read("book/owners/index.html")
            .contains("Propose a new owner</a>")
    );
    // `git-repository-url` and `[wiki] forge`/`edit-branch` win over the remote.
    w.write(
        "book.toml",
        &format!("{BOOK}\n[output.html]\ngit-repository-url = \"https://code.example.gov/strategy/wiki\"\n[wiki]\nforge = \"gitea\"\nedit-branch = \"draft\"\n"),
    );
    assert_eq!(w.build().code, 0);
    let goal = w.read("book/goals/first.html");
    assert!(
        goal.contains(
            "href=\"https://code.example.gov/strategy/wiki/_edit/draft/content/goals/first.md\""
        ),
        "{goal}"
    );
    // `[wiki] forge` decides the commit links too, on a host whose name does not say.
    w.write(
        "book.toml",
        &format!("{BOOK}\n[output.html]\ngit-repository-url = \"https://git.example.gov/org/repo\"\n[wiki]\nforge = \"gitlab\"\n"),
    );
    assert_eq!(w.build().code, 0);
    let changes = w.read("book/changes.html");
    assert!(
        changes.contains("href=\"https://git.example.gov/org/repo/-/commit/"),
        "{changes}"
    );
}
