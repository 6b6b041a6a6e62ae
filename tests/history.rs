//! Change history from git, on temporary repositories made with git2: exact commits, authors,
//! dates, change kinds and redirect pages.

mod common;

use common::*;
use git2::{Oid, Repository, Signature, Time};

/// A wiki in a fresh git repository, committed to with explicit authors and times.
struct Repo {
    wiki: Wiki,
    repo: Repository,
}

const T0: i64 = 1_700_000_000; // 2023-11-14

impl Repo {
    fn new() -> Repo {
        let wiki = Wiki::valid();
        let repo = Repository::init(wiki.root()).unwrap();
        Repo { wiki, repo }
    }

    fn sig(name: &str, email: &str, time: i64) -> Signature<'static> {
        Signature::new(name, email, &Time::new(time, 0)).unwrap()
    }

    /// Stage the whole working tree (adds, edits and deletions) and return the tree.
    fn stage_all(&self) -> Oid {
        let mut index = self.repo.index().unwrap();
        index
            .add_all(
                ["*"].iter(),
                git2::IndexAddOption::DEFAULT,
                Some(&mut |path: &std::path::Path, _: &[u8]| {
                    // The build's cache stays out of commits, as `.gitignore` keeps it out of a
                    // real repository (a committed cache folder is not used).
                    i32::from(path.starts_with(".stratwiki-cache"))
                }),
            )
            .unwrap();
        index.update_all(["*"].iter(), None).unwrap();
        index.write().unwrap();
        index.write_tree().unwrap()
    }

    fn head(&self) -> Option<Oid> {
        self.repo.head().ok().and_then(|h| h.target())
    }

    /// Commit everything as `author` at `time` on the main line.
    fn commit(&self, msg: &str, author: (&str, &str), time: i64) -> Oid {
        let tree = self.repo.find_tree(self.stage_all()).unwrap();
        let sig = Self::sig(author.0, author.1, time);
        let parents: Vec<git2::Commit<'_>> = self
            .head()
            .map(|h| vec![self.repo.find_commit(h).unwrap()])
            .unwrap_or_default();
        let refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
        self.repo
            .commit(Some("HEAD"), &sig, &sig, msg, &tree, &refs)
            .unwrap()
    }

    fn build(&self) -> Run {
        self.wiki.build()
    }

    /// Read the history as a build does, with its cache in `.stratwiki-cache`.
    fn load_history(&self) -> stratwiki::history::History {
        let config =
            stratwiki::config::Config::load(self.wiki.root(), &mut Default::default()).unwrap();
        let opts = stratwiki::history::Options {
            follow_renames: true,
            cache: Some(self.wiki.path(".stratwiki-cache/history.bin")),
            save: true,
            progress: false,
            head: None,
            prefix: None,
        };
        stratwiki::history::load(&config, &opts, &mut Vec::new()).unwrap()
    }
}

fn history_page(w: &Wiki, page: &str) -> String {
    w.read(&format!("book/history/{page}"))
}

#[test]
fn authors_dates_renames_and_redirects() {
    let r = Repo::new();
    r.commit("Start the wiki", ("Ann Author", "ann@example.org"), T0);
    r.wiki.write(
        "content/goals/first.md",
        &GOAL.replace("Body of the goal.", "Body of the goal, improved."),
    );
    r.commit(
        "Improve the first goal",
        ("Bo Builder", "bo@example.org"),
        T0 + 86_400,
    );
    // Rename, then edit in a later commit.
    std::fs::rename(
        r.wiki.path("content/goals/first.md"),
        r.wiki.path("content/goals/renamed.md"),
    )
    .unwrap();
    r.wiki.write(
        "content/chapters/intro.md",
        &CHAPTER.replace("../goals/first.md", "../goals/renamed.md"),
    );
    r.wiki.write(
        "content/case-studies/case.md",
        &CASE.replace("goals: [first]", "goals: [renamed]"),
    );
    r.commit(
        "Rename the first goal",
        ("Ann Author", "ann@example.org"),
        T0 + 2 * 86_400,
    );
    r.wiki.write(
        "content/goals/renamed.md",
        &GOAL.replace(
            "Body of the goal.",
            "Body of the goal, improved after the move.",
        ),
    );
    r.commit(
        "Edit after the move",
        ("Cy Contributor", "cy@example.org"),
        T0 + 3 * 86_400,
    );

    r.wiki.write(
        "book.toml",
        &format!("{BOOK}\n[output.html]\ngit-repository-url = \"https://github.com/org/strategy\"\nsite-url = \"https://example.org/\"\n[wiki.history]\ndiffs = 2\n"),
    );
    let b = r.build();
    assert_eq!(b.code, 0, "{}", b.all());
    let page = r.wiki.read("book/goals/renamed.html");
    let last = r.repo.head().unwrap().target().unwrap();
    assert!(
        page.contains(&format!(
            "Last updated <a href=\"https://github.com/org/strategy/commit/{last}\">"
        )),
        "the date links to the commit on the forge: {page}"
    );
    assert!(page.contains("Last updated"), "{page}");
    assert!(
        page.contains(
            "<time datetime=\"2023-11-17\">17 November 2023</time></a> by Cy Contributor"
        ) || page
            .contains("<time datetime=\"2023-11-17\">17 November 2023</time> by Cy Contributor"),
        "{page}"
    );
    assert!(
        page.contains("created <time datetime=\"2023-11-14\">14 November 2023</time>"),
        "{page}"
    );
    // Contributors: distinct people, most changes first (Ann made two of the four changes).
    assert!(
        page.contains("Contributors: Ann Author, Bo Builder, Cy Contributor"),
        "{page}"
    );

    let hist = history_page(&r.wiki, "goals/renamed.html");
    let order: Vec<usize> = [
        "Edit after the move",
        "Rename the first goal",
        "Improve the first goal",
        "Start the wiki",
    ]
    .iter()
    .map(|m| {
        hist.find(m)
            .unwrap_or_else(|| panic!("{m} missing:\n{hist}"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "newest first");
    assert!(hist.contains("renamed from goals/first.md"), "{hist}");
    assert!(hist.contains(">created</span> by Ann Author"), "{hist}");
    assert!(hist.contains(">edited</span> by Bo Builder"), "{hist}");
    assert!(
        hist.contains("<del>Body of the goal, <mark>improved.</mark></del>")
            && hist.contains("<ins>Body of the goal, <mark>improved after the move.</mark></ins>"),
        "word-level highlights in diffs: {hist}"
    );
    // Only the newest two revisions have a diff; older ones link to the forge.
    // (the newest is an edit, the one before a pure move: its text did not change)
    assert_eq!(hist.matches("<table class=\"diff\">").count(), 1, "{hist}");
    assert_eq!(hist.matches("No change to the text.").count(), 1, "{hist}");
    assert_eq!(
        hist.matches("see this change on the forge").count(),
        2,
        "{hist}"
    );

    // The old URL redirects to the new one.
    let redirect = r.wiki.read("book/goals/first.html");
    assert!(
        redirect.contains("<meta http-equiv=\"refresh\" content=\"0; url=renamed.html\">"),
        "{redirect}"
    );

    // Recent changes, grouped by day, and the feed.
    let changes = r.wiki.read("book/changes.html");
    assert!(changes.find("2023-11-17").unwrap() < changes.find("2023-11-14").unwrap());
    assert!(changes.contains("Rename the first goal</strong> by Ann Author"));
    // Commits from before the rename link to the page under its new name, not "removed".
    assert!(
        !changes.contains("goals/first.md <span class=\"badge\">removed</span>"),
        "{changes}"
    );
    assert!(
        changes
            .matches("<a href=\"goals/renamed.html\">First goal</a>")
            .count()
            >= 3,
        "{changes}"
    );
    let atom = r.wiki.read("book/changes.atom");
    // Well-formed XML with the elements Atom 1.0 requires of a feed and of each entry.
    let doc = roxmltree::Document::parse(&atom).expect("well-formed XML");
    let feed = doc.root_element();
    assert_eq!(
        feed.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    for required in ["id", "title", "updated"] {
        assert!(
            feed.children().any(|c| c.has_tag_name(required)),
            "feed lacks {required}"
        );
    }
    for entry in feed.children().filter(|c| c.has_tag_name("entry")) {
        for required in ["id", "title", "updated", "author", "link"] {
            assert!(
                entry.children().any(|c| c.has_tag_name(required)),
                "entry lacks {required}"
            );
        }
    }
    assert!(atom.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/changes.atom\"/>"));
    assert!(atom.starts_with(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"
    ));
    assert_eq!(atom.matches("<entry>").count(), 4);
    assert!(
        atom.contains("<updated>2023-11-17T22:13:20Z</updated>"),
        "{atom}"
    );
    assert!(atom.contains("<author><name>Cy Contributor</name></author>"));
}

#[test]
fn a_move_with_edits_in_one_commit_is_a_rename() {
    let r = Repo::new();
    let long =
        "About this wiki: how it is written, who keeps it, and how to propose a change. ".repeat(4);
    r.wiki
        .write("content/about.md", &format!("# About\n\n{long}\n"));
    r.commit("Start", ("Ann", "ann@example.org"), T0);
    std::fs::remove_file(r.wiki.path("content/about.md")).unwrap();
    r.wiki.write(
        "content/about-us.md",
        &format!("# About\n\n{long}\nAnd more.\n"),
    );
    r.commit("Move and edit about", ("Bo", "bo@example.org"), T0 + 60);
    assert_eq!(r.build().code, 0);
    let hist = history_page(&r.wiki, "about-us.html");
    assert!(
        hist.contains("renamed from about.md</span> by Bo"),
        "{hist}"
    );
    assert!(hist.contains(">created</span> by Ann"), "{hist}");
    assert!(r.wiki.read("book/about.html").contains("url=about-us.html"));
}

#[test]
fn a_missing_object_is_a_warning_naming_the_commit() {
    let r = Repo::new();
    r.commit("Start", ("Ann", "ann@example.org"), T0);
    r.wiki.write("content/about.md", "# About\n\nSecond.\n");
    let second = r.commit("Second", ("Ann", "ann@example.org"), T0 + 60);
    // Lose the first version of about.md, as a partial clone would.
    let first = r.repo.find_commit(second).unwrap().parent(0).unwrap();
    let blob = first
        .tree()
        .unwrap()
        .get_path(std::path::Path::new("content/about.md"))
        .unwrap()
        .id();
    let hex = blob.to_string();
    std::fs::remove_file(
        r.repo
            .path()
            .join("objects")
            .join(&hex[..2])
            .join(&hex[2..]),
    )
    .unwrap();
    let b = r.build();
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(
        b.stderr.contains(&format!(
            "warning: content/about.md: commit {}: about.md: cannot read blob {}",
            &second.to_string()[..8],
            &hex[..8]
        )),
        "{}",
        b.stderr
    );
}

#[test]
fn delete_and_restore() {
    let r = Repo::new();
    r.commit("Start", ("Ann", "ann@example.org"), T0);
    let about = r.wiki.read("content/about.md");
    std::fs::remove_file(r.wiki.path("content/about.md")).unwrap();
    r.commit("Remove about", ("Ann", "ann@example.org"), T0 + 100);
    r.wiki.write("content/about.md", &about);
    r.commit("Bring about back", ("Bo", "bo@example.org"), T0 + 200);
    assert_eq!(r.build().code, 0);
    let hist = history_page(&r.wiki, "about.html");
    assert!(
        hist.contains(">deleted and restored</span> by Bo"),
        "{hist}"
    );
    assert!(hist.contains(">deleted</span> by Ann"), "{hist}");
    assert!(hist.contains(">created</span> by Ann"), "{hist}");
}

#[test]
fn merged_changes_keep_their_author_and_take_the_merge_date() {
    let r = Repo::new();
    let base = r.commit("Start", ("Ann", "ann@example.org"), T0);
    // A branch: Bo edits the chapter (authored on day 1).
    r.wiki.write(
        "content/chapters/intro.md",
        &CHAPTER.replace("## Start", "## Start here"),
    );
    let side_tree = r.repo.find_tree(r.stage_all()).unwrap();
    let bo = Repo::sig("Bo", "bo@example.org", T0 + 86_400);
    let base_commit = r.repo.find_commit(base).unwrap();
    let side = r
        .repo
        .commit(
            None,
            &bo,
            &bo,
            "Clarify the start",
            &side_tree,
            &[&base_commit],
        )
        .unwrap();
    // Meanwhile on main, Ann edits the about page (day 2).
    r.wiki.write("content/chapters/intro.md", CHAPTER);
    r.wiki
        .write("content/about.md", "# About\n\nAbout this wiki, edited.\n");
    let main = r.commit("Edit about", ("Ann", "ann@example.org"), T0 + 2 * 86_400);
    // Ann merges Bo's branch on day 5.
    r.wiki.write(
        "content/chapters/intro.md",
        &CHAPTER.replace("## Start", "## Start here"),
    );
    let tree = r.repo.find_tree(r.stage_all()).unwrap();
    let ann = Repo::sig("Ann", "ann@example.org", T0 + 5 * 86_400);
    let parents = [
        &r.repo.find_commit(main).unwrap(),
        &r.repo.find_commit(side).unwrap(),
    ];
    r.repo
        .commit(
            Some("HEAD"),
            &ann,
            &ann,
            "Merge pull request #1 from bo/start",
            &tree,
            &parents,
        )
        .unwrap();
    assert_eq!(r.build().code, 0);
    let hist = history_page(&r.wiki, "chapters/intro.html");
    assert!(
        hist.contains("<time datetime=\"2023-11-19\">19 November 2023</time> · Clarify the start"),
        "{hist}"
    );
    assert!(hist.contains(">edited</span> by Bo"), "{hist}");
    assert!(
        !hist.contains("2023-11-15"),
        "dated by the merge, not the branch commit"
    );
}

#[test]
fn co_authors_and_mailmap() {
    let r = Repo::new();
    r.wiki.write(
        ".mailmap",
        "Ann Author <ann@example.org> <ann@old.example>\n",
    );
    r.commit(
        "Squashed proposal (#2)\n\nCo-authored-by: Dee Delegate <dee@example.org>\n",
        ("ann", "ann@old.example"),
        T0,
    );
    assert_eq!(r.build().code, 0);
    let page = r.wiki.read("book/goals/first.html");
    assert!(page.contains("by Ann Author"), "{page}");
    assert!(
        page.contains("Contributors: Ann Author, Dee Delegate"),
        "{page}"
    );
    let hist = history_page(&r.wiki, "goals/first.html");
    assert!(hist.contains("by Ann Author with Dee Delegate"), "{hist}");
}

#[test]
fn shallow_clone_says_history_is_cut() {
    let r = Repo::new();
    r.commit("Start", ("Ann", "ann@example.org"), T0);
    r.wiki
        .write("content/about.md", "# About\n\nSecond version.\n");
    let second = r.commit("Second", ("Bo", "bo@example.org"), T0 + 86_400);
    r.wiki
        .write("content/about.md", "# About\n\nThird version.\n");
    r.commit("Third", ("Cy", "cy@example.org"), T0 + 2 * 86_400);
    // Make it shallow at the second commit, as `git clone --depth 2` would.
    std::fs::write(r.repo.path().join("shallow"), format!("{second}\n")).unwrap();
    let b = r.build();
    assert_eq!(b.code, 0, "{}", b.all());
    assert_eq!(
        b.stderr.matches("shallow clone").count(),
        1,
        "one warning:\n{}",
        b.stderr
    );
    assert!(
        b.stderr
            .contains("history before 2023-11-15 is not available"),
        "{}",
        b.stderr
    );
    assert!(b.stderr.contains("fetch-depth: 0"));
    // The goal, untouched since before the cut-off, is stale all the same.
    assert!(
        b.stderr.contains("goal is stale: nothing has touched it since before 2023-11-15, where the history of this clone starts"),
        "{}",
        b.stderr
    );
    assert!(
        r.wiki.read("book/goals.json").contains("\"stale\": true"),
        "{}",
        r.wiki.read("book/goals.json")
    );
    let goal = r.wiki.read("book/goals/first.html");
    assert!(
        goal.contains("Nothing has touched this goal since before <time datetime=\"2023-11-15\">15 November 2023</time>, where the history of this clone starts;"),
        "{goal}"
    );
    // Its footer, with no change of its own to show, starts with that.
    assert!(
        goal.contains("<p> History before <time datetime=\"2023-11-15\">15 November 2023</time> not available</p>")
            && !goal.contains("<p> · "),
        "{goal}"
    );
    let page = r.wiki.read("book/about.html");
    assert!(
        page.contains(
            "history before <time datetime=\"2023-11-15\">15 November 2023</time> not available"
        ),
        "{page}"
    );
    assert!(
        !page.contains("created"),
        "no invented creation date: {page}"
    );
    let hist = history_page(&r.wiki, "about.html");
    assert!(hist.contains("Third") && !hist.contains("Start"), "{hist}");
    // After `git fetch --unshallow` the cached boundary no longer holds: the whole history shows.
    std::fs::remove_file(r.repo.path().join("shallow")).unwrap();
    let b = r.build();
    assert!(!b.stderr.contains("shallow clone"), "{}", b.stderr);
    let hist = history_page(&r.wiki, "about.html");
    assert!(
        hist.contains("Start") && hist.contains(">created</span> by Ann"),
        "{hist}"
    );
}

#[test]
fn invalid_utf8_in_an_old_revision_is_a_warning() {
    let r = Repo::new();
    r.wiki
        .write_bytes("content/about.md", b"# About\n\nCaf\xe9\n");
    let bad = r.commit("Latin-1 by mistake", ("Ann", "ann@example.org"), T0);
    r.wiki.write("content/about.md", "# About\n\nCafé\n");
    r.commit("Fix the encoding", ("Ann", "ann@example.org"), T0 + 60);
    let b = r.build();
    assert_eq!(b.code, 0, "{}", b.all());
    let short = &bad.to_string()[..8];
    assert!(
        b.stderr.contains(&format!("warning: content/about.md: commit {short}: about.md: the file is not valid UTF-8 in this revision")),
        "{}",
        b.stderr
    );
    assert!(history_page(&r.wiki, "about.html").contains("The change cannot be shown"));
    // The commit that fixed the encoding is not blamed for it.
    assert_eq!(
        b.stderr.matches("in this revision").count(),
        1,
        "{}",
        b.stderr
    );
    assert!(
        b.stderr
            .contains("not valid UTF-8 in the revision before this one"),
        "{}",
        b.stderr
    );
}

#[test]
fn uncommitted_changes_are_marked() {
    let r = Repo::new();
    r.commit("Start", ("Ann", "ann@example.org"), T0);
    r.wiki
        .write("content/about.md", "# About\n\nNot committed yet.\n");
    r.wiki
        .write("content/chapters/new.md", "# New\n\nBrand new.\n");
    // Ignored by git: not part of any commit to come, so not "not yet committed" either.
    r.wiki.write(".gitignore", "content/chapters/notes.md\n");
    r.wiki
        .write("content/chapters/notes.md", "# Notes\n\nLocal notes.\n");
    assert_eq!(r.build().code, 0);
    assert!(
        !r.wiki
            .read("book/chapters/notes.html")
            .contains("not yet committed")
    );
    assert!(r.wiki.read("book/about.html").contains("not yet committed"));
    assert!(
        r.wiki
            .read("book/chapters/new.html")
            .contains("not yet committed")
    );
    assert!(
        !r.wiki
            .read("book/goals/first.html")
            .contains("not yet committed")
    );
}

/// `git mv` and a preview before the commit: the page keeps its history under its new name.
#[test]
fn a_page_moved_and_not_committed_keeps_its_history() {
    let r = Repo::new();
    r.commit("Start", ("Ann", "ann@example.org"), T0);
    r.wiki
        .write("content/about.md", "# About\n\nSecond text.\n");
    r.commit("Second text", ("Bob", "bob@example.org"), T0 + 60);
    std::fs::rename(
        r.wiki.path("content/about.md"),
        r.wiki.path("content/about-us.md"),
    )
    .unwrap();
    let b = r.build();
    assert_eq!(b.code, 0, "{}", b.all());
    let hist = history_page(&r.wiki, "about-us.html");
    assert!(
        hist.contains("Second text") && hist.contains("Start"),
        "{hist}"
    );
    assert!(
        r.wiki
            .read("book/about-us.html")
            .contains("not yet committed"),
        "still marked as not committed"
    );
}

#[test]
fn a_content_folder_that_is_a_submodule_says_why_there_is_no_history() {
    let w = Wiki::valid();
    // The content folder is a repository of its own, recorded in the wiki's as a submodule.
    let inner = git2::Repository::init(w.path("content")).unwrap();
    let inner_head = commit_all(&inner, "Content", T0);
    let outer = git2::Repository::init(w.root()).unwrap();
    let book = outer.blob(BOOK.as_bytes()).unwrap();
    let mut tb = outer.treebuilder(None).unwrap();
    tb.insert("book.toml", book, 0o100644).unwrap();
    tb.insert("content", inner_head, 0o160000).unwrap();
    let tree = outer.find_tree(tb.write().unwrap()).unwrap();
    let sig = git2::Signature::new("Ann", "ann@example.org", &git2::Time::new(T0, 0)).unwrap();
    outer
        .commit(Some("HEAD"), &sig, &sig, "Wiki", &tree, &[])
        .unwrap();
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(
        b.stderr.contains(
            "warning: the content folder `content` is a git submodule: its history is in the submodule's repository"
        ),
        "{}",
        b.stderr
    );
}

/// A partial clone lacks objects: one warning names the cause, none blames the commits.
#[test]
fn a_partial_clone_is_one_warning_naming_the_cause() {
    let r = Repo::new();
    r.wiki.write("content/about.md", "# About\n\nFirst text.\n");
    r.commit("Start", ("Ann", "ann@example.org"), T0);
    let first = r
        .repo
        .revparse_single("HEAD:content/about.md")
        .unwrap()
        .id();
    r.wiki
        .write("content/about.md", "# About\n\nSecond text.\n");
    r.commit("Second", ("Ann", "ann@example.org"), T0 + 60);
    // The first text's blob was never fetched.
    let hex = first.to_string();
    std::fs::remove_file(
        r.wiki
            .path(&format!(".git/objects/{}/{}", &hex[..2], &hex[2..])),
    )
    .unwrap();
    let mut config = r.repo.config().unwrap();
    config
        .set_str("remote.origin.url", "https://example.org/x.git")
        .unwrap();
    config.set_bool("remote.origin.promisor", true).unwrap();
    let b = r.build();
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(
        b.stderr.contains(
            "warning: this is a partial clone (`git clone --filter=...`): it lacks objects"
        ),
        "{}",
        b.stderr
    );
    assert!(!b.stderr.contains("commit "), "{}", b.stderr);
    assert!(!b.stderr.contains("shallow clone"), "{}", b.stderr);
    assert!(
        history_page(&r.wiki, "about.html").contains("its text is not in this clone"),
        "the diff says why it cannot be shown"
    );
    // A rebuild from the cache says it again.
    let b = r.build();
    assert!(b.stderr.contains("this is a partial clone"), "{}", b.stderr);
}

#[test]
fn a_wiki_outside_git_builds_with_one_warning() {
    let w = Wiki::valid();
    let b = w.build();
    assert_eq!(b.code, 0);
    assert_eq!(b.stderr.matches("warning:").count(), 1, "{}", b.stderr);
    assert!(
        b.stderr
            .contains("not in a git repository: building without history")
    );
    assert!(!w.path("book/changes.html").exists());
    w.write(
        "book.toml",
        &format!("{BOOK}\n[wiki.history]\nenabled = false\n"),
    );
    let b = w.build();
    assert!(!b.stderr.contains("warning:"), "{}", b.stderr);
}

#[test]
fn cache_reads_only_new_commits() {
    let r = Repo::new();
    for i in 0..5 {
        r.wiki
            .write("content/about.md", &format!("# About\n\nVersion {i}.\n"));
        r.commit(
            &format!("Version {i}"),
            ("Ann", "ann@example.org"),
            T0 + i * 60,
        );
    }
    let cache = r.wiki.path(".stratwiki-cache/history.bin");
    let h = r.load_history();
    assert_eq!((h.commits_read, h.commits_cached), (5, 0));
    // Wait for the cache write (on its own thread) before committing the folder it is in.
    drop(h);
    r.wiki.write("content/about.md", "# About\n\nVersion 5.\n");
    r.commit("Version 5", ("Ann", "ann@example.org"), T0 + 600);
    let h = r.load_history();
    assert_eq!(
        (h.commits_read, h.commits_cached),
        (1, 5),
        "only the new commit is read"
    );
    assert_eq!(h.page("about.md").unwrap().revisions.len(), 6);
    // The cache is written on a thread of its own; the history waits for it when dropped.
    drop(h);
    // That came from the assembled history saved by the build before; without it, the
    // per-commit cache (with the new commit appended) gives the same history.
    let saved = r.wiki.path(".stratwiki-cache/history-pages.bin");
    assert!(saved.is_file());
    let summary = history_summary;
    let h = r.load_history();
    assert_eq!(
        (h.commits_read, h.commits_cached, h.commits_assembled),
        (0, 6, 0)
    );
    let from_snapshot = summary(&h);
    drop(h);
    std::fs::remove_file(&saved).unwrap();
    let h = r.load_history();
    assert_eq!(
        (h.commits_read, h.commits_cached, h.commits_assembled),
        (0, 6, 6),
        "the appended commit is cached"
    );
    assert_eq!(summary(&h), from_snapshot);
    drop(h);
    // A .mailmap that now maps an author differently is not hidden by the saved history.
    r.wiki.write(
        ".mailmap",
        "Ann Smith <ann@example.org> Ann <ann@example.org>\n",
    );
    let h = r.load_history();
    assert_eq!(h.commits[0].author.name, "Ann Smith");
    drop(h);
    std::fs::remove_file(r.wiki.path(".mailmap")).unwrap();
    // Caches in another format are ignored, not trusted.
    for f in [&cache, &saved] {
        std::fs::write(
            f,
            "{\"version\": 0, \"prefix\": \"content\", \"commits\": []}",
        )
        .unwrap();
    }
    let h = r.load_history();
    assert_eq!((h.commits_read, h.commits_cached), (6, 0));
    drop(h);
    for f in [&cache, &saved] {
        std::fs::write(f, "garbage").unwrap();
    }
    let h = r.load_history();
    assert_eq!(h.commits_read, 6);
}

/// Every page's revisions as text: commit, kind, path, author, time; and its old paths.
fn history_summary(h: &stratwiki::history::History) -> Vec<String> {
    let mut pages: Vec<String> = h
        .pages
        .iter()
        .map(|(k, p)| {
            let revs: Vec<String> = p
                .revisions
                .iter()
                .map(|rv| {
                    let c = &h.commits[rv.commit];
                    format!(
                        "{} {:?} {} {} {} {:?} {:?}",
                        c.summary,
                        rv.kind,
                        rv.path,
                        c.author.name,
                        c.time,
                        rv.old_blob,
                        rv.new_blob
                    )
                })
                .collect();
            format!("{k}: {revs:?} {:?} cut={}", p.old_paths, p.cut)
        })
        .collect();
    pages.sort();
    pages
}

#[test]
fn history_brought_up_to_date_one_commit_at_a_time_equals_a_fresh_reading() {
    let r = Repo::new();
    let load = || r.load_history();
    let ann = ("Ann", "ann@example.org");
    let about = r.wiki.read("content/about.md");
    let mut t = T0;
    let mut step = |msg: &str, change: &dyn Fn()| {
        change();
        t += 60;
        r.commit(msg, ann, t);
        // Each load starts from the history the previous one saved.
        let h = load();
        assert_eq!(
            (h.commits_read, h.commits_assembled),
            (1, 1),
            "{msg}: only the new commit is read and assembled"
        );
        drop(h);
    };
    r.commit("Start", ann, T0);
    drop(load());
    step("Edit", &|| {
        r.wiki.write("content/about.md", "# About\n\nEdited.\n")
    });
    step("Move", &|| {
        std::fs::rename(
            r.wiki.path("content/about.md"),
            r.wiki.path("content/moved.md"),
        )
        .unwrap()
    });
    step("Edit moved", &|| {
        r.wiki
            .write("content/moved.md", "# About\n\nMoved, edited.\n")
    });
    step("Delete", &|| {
        std::fs::remove_file(r.wiki.path("content/moved.md")).unwrap()
    });
    step("Restore", &|| r.wiki.write("content/moved.md", &about));
    step("Old path reused", &|| {
        r.wiki.write("content/about.md", "# New about\n")
    });
    step("Move onto a deleted path", &|| {
        std::fs::remove_file(r.wiki.path("content/about.md")).unwrap();
        std::fs::rename(
            r.wiki.path("content/moved.md"),
            r.wiki.path("content/about.md"),
        )
        .unwrap()
    });
    let incremental = history_summary(&load());
    assert!(
        incremental.iter().any(|p| p.contains("Restored")),
        "{incremental:#?}"
    );
    std::fs::remove_dir_all(r.wiki.path(".stratwiki-cache")).unwrap();
    let fresh = load();
    assert_eq!(fresh.commits_read, 8);
    assert_eq!(incremental, history_summary(&fresh));
}

#[test]
fn the_saved_history_is_written_whole_again_after_many_builds() {
    let r = Repo::new();
    let load = || r.load_history();
    let saved = r.wiki.path(".stratwiki-cache/history-pages.bin");
    let ann = ("Ann", "ann@example.org");
    r.commit("Start", ann, T0);
    drop(load());
    let mut sizes = Vec::new();
    for i in 0..70 {
        r.wiki
            .write("content/about.md", &format!("# About\n\nVersion {i}.\n"));
        r.commit(&format!("Version {i}"), ann, T0 + 60 * (i + 1));
        let h = load();
        assert_eq!(h.commits_assembled, 1);
        drop(h);
        sizes.push((
            std::fs::metadata(&saved).unwrap().len(),
            std::fs::metadata(r.wiki.path(".stratwiki-cache/history.bin"))
                .unwrap()
                .len(),
        ));
    }
    // Each build appends a batch to both files; once there are many, both are written whole
    // (and smaller than with all their batches).
    assert!(sizes.windows(2).any(|w| w[1].0 < w[0].0), "{sizes:?}");
    assert!(sizes.windows(2).any(|w| w[1].1 < w[0].1), "{sizes:?}");
    let incremental = history_summary(&load());
    std::fs::remove_dir_all(r.wiki.path(".stratwiki-cache")).unwrap();
    assert_eq!(incremental, history_summary(&load()));
}

#[test]
fn a_batch_two_builds_both_appended_does_not_stop_the_saved_history() {
    let r = Repo::new();
    let load = || r.load_history();
    let saved = r.wiki.path(".stratwiki-cache/history-pages.bin");
    let ann = ("Ann", "ann@example.org");
    r.commit("Start", ann, T0);
    drop(load());
    let before = std::fs::read(&saved).unwrap();
    r.wiki.write("content/about.md", "# About\n\nTwo.\n");
    r.commit("Two", ann, T0 + 60);
    drop(load());
    // A second build that read the file before this one appended did the same work: its
    // batch (the same commits) lands after the first.
    let after = std::fs::read(&saved).unwrap();
    let batch = &after[before.len()..];
    let mut twice = after.clone();
    twice.extend_from_slice(batch);
    std::fs::write(&saved, &twice).unwrap();
    r.wiki.write("content/about.md", "# About\n\nThree.\n");
    r.commit("Three", ann, T0 + 120);
    let h = load();
    assert_eq!((h.commits_read, h.commits_assembled), (1, 1));
    drop(h);
    // The batch of the third commit, after the repeated one, is read: nothing is left to do.
    let h = load();
    assert_eq!((h.commits_read, h.commits_assembled), (0, 0));
    let incremental = history_summary(&h);
    drop(h);
    std::fs::remove_dir_all(r.wiki.path(".stratwiki-cache")).unwrap();
    assert_eq!(incremental, history_summary(&load()));
}

#[test]
fn a_rewritten_history_is_read_again_not_taken_from_the_saved_one() {
    let r = Repo::new();
    let load = || r.load_history();
    let ann = ("Ann", "ann@example.org");
    let start = r.commit("Start", ann, T0);
    r.wiki.write("content/about.md", "# About\n\nFirst try.\n");
    r.commit("First try", ann, T0 + 60);
    drop(load());
    // The last commit is replaced (an amend, a force push): the saved history, as of a commit
    // HEAD no longer descends from, must not be used.
    let obj = r.repo.find_object(start, None).unwrap();
    r.repo.reset(&obj, git2::ResetType::Soft, None).unwrap();
    r.wiki.write("content/about.md", "# About\n\nSecond try.\n");
    r.commit("Second try", ("Bo", "bo@example.org"), T0 + 120);
    let h = load();
    assert_eq!(h.commits_assembled, 2, "read the long way");
    let summary = history_summary(&h);
    assert!(
        summary.iter().any(|p| p.contains("Second try")),
        "{summary:#?}"
    );
    assert!(
        !summary.iter().any(|p| p.contains("First try")),
        "{summary:#?}"
    );
    drop(h);
    std::fs::remove_dir_all(r.wiki.path(".stratwiki-cache")).unwrap();
    assert_eq!(summary, history_summary(&load()));
}

#[test]
fn a_rebuild_reuses_unchanged_history_pages_and_matches_a_fresh_build() {
    let r = Repo::new();
    r.commit("Start", ("Ann", "ann@example.org"), T0);
    assert_eq!(r.build().code, 0);
    r.wiki.write("content/about.md", "# About\n\nSecond.\n");
    r.commit("Second", ("Bo", "bo@example.org"), T0 + 60);
    assert_eq!(r.build().code, 0);
    // The incremental result is exactly what a build from scratch gives.
    let fresh = r.wiki.path("fresh");
    assert_eq!(
        r.wiki
            .run(&["build", "--dest", fresh.to_str().unwrap()])
            .code,
        0
    );
    let (a, b) = (tree(&r.wiki.path("book")), tree(&fresh));
    assert_eq!(a.len(), b.len());
    for ((pa, ba), (pb, bb)) in a.iter().zip(&b) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{pa} differs from a fresh build");
    }
    // Mark an unchanged page's history in the built site: a rebuild that reuses it keeps the
    // mark, while the changed page's history is rendered anew.
    assert_eq!(r.build().code, 0);
    let mark = |rel: &str| {
        let path = r.wiki.path(rel);
        let marked = format!("{}<!-- reused -->", std::fs::read_to_string(&path).unwrap());
        std::fs::remove_file(&path).unwrap();
        std::fs::write(&path, &marked).unwrap();
        path
    };
    // The same for a content page whose context did not change.
    let (goal, chapter) = (
        mark("book/history/goals/first.html"),
        mark("book/chapters/intro.html"),
    );
    r.wiki.write("content/about.md", "# About\n\nThird.\n");
    r.commit("Third", ("Cy", "cy@example.org"), T0 + 120);
    assert_eq!(r.build().code, 0);
    for path in [&goal, &chapter] {
        assert!(
            std::fs::read_to_string(path)
                .unwrap()
                .ends_with("<!-- reused -->"),
            "{} was rendered again",
            path.display()
        );
    }
    assert!(r.wiki.read("book/about.html").contains("Third"));
    assert!(history_page(&r.wiki, "about.html").contains("Third"));
}

#[test]
fn adding_a_page_keeps_the_pages_whose_sidebar_does_not_show_it() {
    let r = Repo::new();
    // A sidebar of two entries: the page and the one before it (or after, at the start).
    r.wiki
        .write("book.toml", &format!("{BOOK}\n[wiki]\nlist-limit = 2\n"));
    for n in 2..=5 {
        r.wiki.write(
            &format!("content/chapters/c{n}.md"),
            &format!("---\ntitle: Chapter {n}\nweight: {n}\n---\n\nText.\n"),
        );
    }
    r.commit("Start", ("Ann", "ann@example.org"), T0);
    assert_eq!(r.build().code, 0);
    let path = r.wiki.path("book/chapters/intro.html");
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(!html.contains("Chapter 3"), "the window is small: {html}");
    std::fs::remove_file(&path).unwrap();
    std::fs::write(&path, format!("{html}<!-- reused -->")).unwrap();
    // A chapter at the end of the contents: far from the first chapter's window.
    r.wiki.write(
        "content/chapters/c9.md",
        "---\ntitle: Chapter 9\nweight: 9\n---\n\nText.\n",
    );
    r.commit("Add a chapter", ("Bo", "bo@example.org"), T0 + 60);
    assert_eq!(r.build().code, 0);
    assert!(
        r.wiki
            .read("book/chapters/intro.html")
            .ends_with("<!-- reused -->"),
        "the first chapter was rendered again"
    );
    // The pages next to the new one show it.
    assert!(r.wiki.read("book/chapters/c5.html").contains("Chapter 9"));
}
