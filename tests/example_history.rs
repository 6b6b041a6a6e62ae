//! `stratwiki new --example DIR` (issue #25, point 10): the example strategy as a git
//! repository whose history shows what stratwiki does with one: several authors, goals that
//! move, a renamed page, two tagged editions and a proposal branch, the same on every run.

mod common;

use std::path::Path;
use std::process::Command;

fn stratwiki(args: &[&str], dir: &Path) -> common::Run {
    let o = Command::new(env!("CARGO_BIN_EXE_stratwiki"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    common::Run {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

/// A new example in `<tmp>/<name>`.
fn new_example(tmp: &Path, name: &str) -> std::path::PathBuf {
    let r = stratwiki(&["new", "--example", name], tmp);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stderr.contains("stratwiki serve"), "{}", r.stderr);
    tmp.join(name)
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
}

/// Every ref of the repository at `dir` and the object it names.
fn refs(dir: &Path) -> Vec<(String, String)> {
    let repo = git2::Repository::open(dir).unwrap();
    let mut out: Vec<(String, String)> = repo
        .references()
        .unwrap()
        .flatten()
        .map(|r| {
            (
                r.name().unwrap().to_string(),
                r.target().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn the_example_builds_with_its_history_editions_rename_and_proposal() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = new_example(tmp.path(), "my-strategy");

    // Its content is the example site's: the same files as `content/` here.
    common::assert_same_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &dir.join("content"),
        "the example's content",
    );

    let r = stratwiki(&["build", "--today", "2024-01-15"], &dir);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(!r.stderr.contains("error"), "{}", r.stderr);
    // The only warnings are today's goals judged against the date: no old edition has a
    // broken link, an unknown owner or a page that does not read.
    for line in r.stderr.lines().filter(|l| l.starts_with("warning")) {
        assert!(
            line.contains("is stale") || line.contains("is overdue"),
            "unexpected warning: {line}"
        );
    }
    let book = dir.join("book");

    // A goal's history: many revisions, by several authors, with co-authors, across a rename.
    let history = read(&book, "history/goals/common-eid.html");
    assert!(history.matches("id=\"rev-").count() >= 8, "{history}");
    for who in [
        "Johan Bergström",
        "Amina Haddad",
        "Erik Sandberg",
        "Elin Virtanen",
        "Karin Lindqvist",
    ] {
        assert!(history.contains(who), "{who} is not on the history page");
    }
    assert!(
        history.contains("Raise the e-identification target after the 2019 review"),
        "{history}"
    );
    assert!(history.contains("revision-renamed"), "{history}");

    // The page's old URL leads to where it is now.
    let old = read(&book, "goals/e-identification.html");
    assert!(old.contains("url=common-eid.html"), "{old}");

    // Both tagged editions, in the menu, following the rename.
    let goal = read(&book, "goals/common-eid.html");
    assert!(
        goal.contains("href=\"../v2015/goals/e-identification.html\">Digital First agenda (2015)"),
        "{goal}"
    );
    assert!(
        goal.contains("href=\"../v2019/goals/common-eid.html\">After the OECD review (2019)"),
        "{goal}"
    );
    // The 2015 edition shows the goals as they were: the mailbox active, not yet achieved.
    let then = read(&book, "v2015/goals/digital-mailbox.html");
    assert!(then.contains("status-active"), "{then}");
    assert!(!then.contains("status-achieved"), "{then}");
    assert!(read(&book, "goals/digital-mailbox.html").contains("status-achieved"));
    assert!(read(&book, "v2015/goals/e-identification.html").contains("Electronic identification"));
    assert!(book.join("v2019/index.html").is_file());

    // The proposal branch is on the proposals page, linked from the navigation.
    let proposals = read(&book, "proposals.html");
    assert!(proposals.contains("proposal/open-data-2026"), "{proposals}");
    assert!(
        proposals.contains("Propose a new date for open data"),
        "{proposals}"
    );
    assert!(read(&book, "index.html").contains("href=\"proposals.html\""));

    // `check` plans the same site and agrees.
    let c = stratwiki(&["check", "--today", "2024-01-15"], &dir);
    assert_eq!(c.code, 0, "{}", c.all());
}

#[test]
fn the_history_is_believable_and_the_same_on_every_run() {
    let tmp = tempfile::tempdir().unwrap();
    let a = new_example(tmp.path(), "a");
    let b = new_example(tmp.path(), "b");
    let refs_a = refs(&a);
    assert_eq!(refs_a, refs(&b), "commit ids differ between runs");
    let names: Vec<&str> = refs_a.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "refs/heads/main",
            "refs/heads/proposal/open-data-2026",
            "refs/tags/v2015",
            "refs/tags/v2019"
        ]
    );

    let repo = git2::Repository::open(&a).unwrap();
    assert_eq!(repo.head().unwrap().shorthand().ok(), Some("main"));
    let mut walk = repo.revwalk().unwrap();
    walk.push_head().unwrap();
    let commits: Vec<git2::Commit> = walk
        .flatten()
        .map(|id| repo.find_commit(id).unwrap())
        .collect();
    assert!(commits.len() >= 30, "{} commits", commits.len());
    let mut authors: Vec<String> = commits
        .iter()
        .map(|c| c.author().name().unwrap().to_string())
        .collect();
    authors.sort();
    authors.dedup();
    assert!(authors.len() >= 6, "{authors:?}");
    assert!(
        commits
            .iter()
            .filter(|c| c.message().unwrap().contains("\nCo-authored-by: "))
            .count()
            >= 5
    );
    let years: Vec<i64> = commits
        .iter()
        .map(|c| 1970 + c.time().seconds() / 31_557_600)
        .collect();
    assert_eq!(years.iter().min(), Some(&2015));
    assert_eq!(years.iter().max(), Some(&2023));
    // The working tree is main, checked out and clean.
    let statuses = repo.statuses(None).unwrap();
    let dirty: Vec<String> = statuses
        .iter()
        .map(|s| s.path().unwrap_or_default().to_string())
        .collect();
    assert!(dirty.is_empty(), "{dirty:?}");
}

#[test]
fn the_example_is_not_written_over_anything() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("taken");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("notes.md"), "mine").unwrap();
    let r = stratwiki(&["new", "--example", "taken"], tmp.path());
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("not an empty folder"), "{}", r.stderr);
    assert_eq!(read(&dir, "notes.md"), "mine");
    assert!(!dir.join(".git").exists());
    assert!(!dir.join("content").exists());
    // An empty folder is fine, as for `new`.
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    new_example(tmp.path(), "empty");
    assert!(empty.join("content/goals/common-eid.md").is_file());
}

/// With editions, the proposals page is at the site root; a rebuild that could take every
/// edition whole from the previous site still sees a new proposal branch, and a merged or
/// deleted one go.
#[test]
fn a_rebuild_sees_proposals_come_and_go() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = new_example(tmp.path(), "ex");
    let build = || {
        let r = stratwiki(&["build", "--today", "2024-01-15"], &dir);
        assert_eq!(r.code, 0, "{}", r.all());
        read(&dir, "book/proposals.html")
    };
    assert!(build().contains("proposal/open-data-2026"));

    // A second proposal, from main, changing one goal.
    let repo = git2::Repository::open(&dir).unwrap();
    let main = repo.head().unwrap().peel_to_commit().unwrap();
    let goal = "content/goals/digital-skills.md";
    let text = read(&dir, goal).replace("progress: 25", "progress: 35");
    let blob = repo.blob(text.as_bytes()).unwrap();
    let mut tb = git2::build::TreeUpdateBuilder::new();
    tb.upsert(goal, blob, git2::FileMode::Blob);
    let tree = repo
        .find_tree(tb.create_updated(&repo, &main.tree().unwrap()).unwrap())
        .unwrap();
    let sig = git2::Signature::new(
        "Elin Virtanen",
        "elin@example.org",
        &git2::Time::new(1_700_000_000, 60),
    )
    .unwrap();
    let id = repo
        .commit(
            None,
            &sig,
            &sig,
            "Record the 2023 training figures\n",
            &tree,
            &[&main],
        )
        .unwrap();
    repo.reference("refs/heads/proposal/skills-2023", id, false, "test")
        .unwrap();
    let page = build();
    assert!(page.contains("proposal/skills-2023"), "{page}");
    assert!(page.contains("Record the 2023 training figures"), "{page}");

    repo.find_branch("proposal/open-data-2026", git2::BranchType::Local)
        .unwrap()
        .delete()
        .unwrap();
    let page = build();
    assert!(!page.contains("proposal/open-data-2026"), "{page}");
    assert!(page.contains("proposal/skills-2023"), "{page}");
}
