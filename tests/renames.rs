//! Renames as git finds them, on synthetic repositories shaped like the differences
//! `bench/fidelity.sh` found on real handbooks: restructurings of many pages, similar names,
//! renames that arrive by a merge, pages whose past is another kind of file, and the URLs old
//! names redirect from.

mod common;

use common::*;
use git2::{Repository, Signature, Time};
use stratwiki::history::{ChangeKind, History};

const T0: i64 = 1_700_000_000;

/// A paragraph of `n` distinct lines of about 60 bytes, tagged so two tags share no line.
fn lines(tag: &str, n: usize) -> String {
    (0..n)
        .map(|i| format!("Line {i} of {tag}: the text that makes this page what it is.\n"))
        .collect()
}

/// Read the history as a build does (no cache).
fn history(w: &Wiki) -> History {
    let config = stratwiki::config::Config::load(w.root(), &mut Default::default()).unwrap();
    let opts = stratwiki::history::Options {
        follow_renames: true,
        cache: None,
        save: false,
        progress: false,
        head: None,
        prefix: None,
    };
    stratwiki::history::load(&config, &opts, &mut Vec::new()).unwrap()
}

/// A page's revisions as (commit summary, change), newest first.
fn revisions(h: &History, page: &str) -> Vec<(String, String)> {
    let Some(p) = h.page(page) else {
        return Vec::new();
    };
    p.revisions
        .iter()
        .map(|r| {
            let kind = match &r.kind {
                ChangeKind::Renamed { from } => format!("renamed from {from}"),
                k => format!("{k:?}").to_lowercase(),
            };
            (h.commits[r.commit].summary.clone(), kind)
        })
        .collect()
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.to_string(), b.to_string())
}

/// A commit that moves 100 pages into another folder under other names, each with an edit,
/// keeps every page's history and gives every old URL a redirect (it used to cut them all:
/// similar-file matching stopped at 20 files).
#[test]
fn a_commit_moving_100_pages_with_edits_keeps_every_history() {
    let w = Wiki::valid();
    let repo = Repository::init(w.root()).unwrap();
    for i in 0..100 {
        w.write(
            &format!("content/guide/part-{i}.md"),
            &format!("# Part {i}\n\n{}", lines(&format!("part {i}"), 12)),
        );
    }
    commit_all(&repo, "Write the guide", T0);
    for i in 0..100 {
        std::fs::remove_file(w.path(&format!("content/guide/part-{i}.md"))).unwrap();
        w.write(
            &format!("content/handbook/section-{i}.md"),
            &format!(
                "# Section {i}\n\n{}A new closing line.\n",
                lines(&format!("part {i}"), 12)
            ),
        );
    }
    commit_all(&repo, "Restructure the guide into a handbook", T0 + 60);
    let h = history(&w);
    for i in 0..100 {
        assert_eq!(
            revisions(&h, &format!("handbook/section-{i}.md")),
            [
                pair(
                    "Restructure the guide into a handbook",
                    &format!("renamed from guide/part-{i}.md")
                ),
                pair("Write the guide", "created"),
            ],
            "page {i}"
        );
    }
    let run = w.build();
    assert_eq!(run.code, 0, "{}", run.all());
    for i in [0, 57, 99] {
        let redirect = w.read(&format!("book/guide/part-{i}.html"));
        assert!(
            redirect.contains(&format!("url=../handbook/section-{i}.html")),
            "{redirect}"
        );
    }
}

/// Three similar names: `source_challenge-gov.md` is renamed to `source_challengegov.md` (95%
/// the same), while the new `source_10x.md` shares half its text with it. git pairs the best
/// match first; taking destinations in name order gave the old page to `source_10x.md`, so
/// one page said "renamed" and the other "created" on the wrong dates.
#[test]
fn git_pairing_with_three_similar_names() {
    let w = Wiki::valid();
    let repo = Repository::init(w.root()).unwrap();
    let shared = lines("common ground", 11);
    w.write(
        "content/source_challenge-gov.md",
        &format!("{shared}{}", lines("challenges", 9)),
    );
    commit_all(&repo, "Add the challenge page", T0);
    std::fs::remove_file(w.path("content/source_challenge-gov.md")).unwrap();
    w.write(
        "content/source_challengegov.md",
        &format!("{shared}{}One more line.\n", lines("challenges", 8)),
    );
    w.write(
        "content/source_10x.md",
        &format!("{shared}{}", lines("ten x", 9)),
    );
    commit_all(&repo, "Rename the challenge page, add 10x", T0 + 60);
    let h = history(&w);
    assert_eq!(
        revisions(&h, "source_challengegov.md"),
        [
            pair(
                "Rename the challenge page, add 10x",
                "renamed from source_challenge-gov.md"
            ),
            pair("Add the challenge page", "created"),
        ]
    );
    assert_eq!(
        revisions(&h, "source_10x.md"),
        [pair("Rename the challenge page, add 10x", "created")]
    );
    // Exactly one revision per commit on each history page: no duplicate revision ids.
    let run = w.build();
    assert_eq!(run.code, 0, "{}", run.all());
    let page = w.read("book/history/source_challengegov.html");
    let mut ids: Vec<&str> = page
        .match_indices("id=\"rev-")
        .map(|(i, _)| &page[i..i + 20])
        .collect();
    let n = ids.len();
    ids.dedup();
    assert_eq!((n, ids.len()), (2, 2), "{page}");
}

/// A page moved to another folder and edited (70% the same) on a branch, merged later: on the
/// main line the merge deletes the old file and adds the new one, and the history continues
/// through it to the page's creation years before.
#[test]
fn a_rename_merged_from_a_branch_is_followed() {
    let w = Wiki::valid();
    let repo = Repository::init(w.root()).unwrap();
    w.write(
        "content/chapters/data.md",
        &format!("# Data\n\n{}", lines("data", 20)),
    );
    let base = commit_all(&repo, "Write the data chapter", T0);
    // The branch: move into case-studies/ and rewrite a third of it.
    std::fs::remove_file(w.path("content/chapters/data.md")).unwrap();
    w.write(
        "content/case-studies/open-data.md",
        &format!(
            "# Open data\n\n{}{}",
            lines("data", 14),
            lines("rewritten", 6)
        ),
    );
    let sig = |t: i64| Signature::new("Bo", "bo@example.org", &Time::new(t, 0)).unwrap();
    let mut index = repo.index().unwrap();
    index
        .add_all(["*"].iter(), git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    index.update_all(["*"].iter(), None).unwrap();
    let branch_tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let base_commit = repo.find_commit(base).unwrap();
    let side = repo
        .commit(
            None,
            &sig(T0 + 86_400),
            &sig(T0 + 86_400),
            "Move data to case studies",
            &branch_tree,
            &[&base_commit],
        )
        .unwrap();
    // Main moves on meanwhile; then the merge takes the branch's tree.
    let main = repo
        .commit(
            Some("HEAD"),
            &sig(T0 + 2 * 86_400),
            &sig(T0 + 2 * 86_400),
            "Unrelated work",
            &base_commit.tree().unwrap(),
            &[&base_commit],
        )
        .unwrap();
    repo.commit(
        Some("HEAD"),
        &sig(T0 + 3 * 86_400),
        &sig(T0 + 3 * 86_400),
        "Merge the data move",
        &branch_tree,
        &[
            &repo.find_commit(main).unwrap(),
            &repo.find_commit(side).unwrap(),
        ],
    )
    .unwrap();
    let h = history(&w);
    assert_eq!(
        revisions(&h, "case-studies/open-data.md"),
        [
            pair("Merge the data move", "renamed from chapters/data.md"),
            pair("Write the data chapter", "created"),
        ]
    );
}

/// A Jekyll page that was `.html` before it became Markdown keeps its past (git follows it);
/// only `.md` files were followed before.
#[test]
fn a_page_whose_past_is_an_html_file_keeps_it() {
    let w = Wiki::valid();
    let repo = Repository::init(w.root()).unwrap();
    w.write(
        "content/views.html",
        &format!("<h1>Views</h1>\n{}", lines("views", 10)),
    );
    commit_all(&repo, "Add the views page", T0);
    w.write(
        "content/views.html",
        &format!("<h1>Views</h1>\n{}", lines("views", 11)),
    );
    commit_all(&repo, "Edit the views page", T0 + 60);
    let text = std::fs::read_to_string(w.path("content/views.html")).unwrap();
    std::fs::remove_file(w.path("content/views.html")).unwrap();
    w.write("content/views.md", &text);
    commit_all(&repo, "Views become Markdown", T0 + 120);
    let h = history(&w);
    assert_eq!(
        revisions(&h, "views.md"),
        [
            pair("Views become Markdown", "renamed from views.html"),
            pair("Edit the views page", "edited"),
            pair("Add the views page", "created"),
        ]
    );
}

/// A page with `slug:` that moves gets its redirect at the URL it was published at (its slug),
/// not at its old file name, where it never was.
#[test]
fn a_slugged_page_that_moves_redirects_from_its_old_url() {
    let w = Wiki::valid();
    let repo = Repository::init(w.root()).unwrap();
    let body = lines("procurement", 10);
    w.write(
        "content/chapters/buy.md",
        &format!("---\ntitle: Buying\nslug: procurement\n---\n\n{body}"),
    );
    commit_all(&repo, "Add the buying chapter", T0);
    assert_eq!(w.build().code, 0);
    assert!(w.path("book/chapters/procurement.html").exists());
    std::fs::remove_file(w.path("content/chapters/buy.md")).unwrap();
    w.write(
        "content/chapters/buying-together.md",
        &format!("---\ntitle: Buying together\n---\n\n{body}"),
    );
    commit_all(&repo, "Rename the buying chapter", T0 + 60);
    let run = w.build();
    assert_eq!(run.code, 0, "{}", run.all());
    let redirect = w.read("book/chapters/procurement.html");
    assert!(redirect.contains("url=buying-together.html"), "{redirect}");
    assert!(
        !w.path("book/chapters/buy.html").exists(),
        "no redirect where the page never was"
    );
}

/// A redirect never replaces a page that lives at the old URL now, nor a page the generator
/// writes; a warning names each one skipped.
#[test]
fn redirects_give_way_to_pages_and_generated_pages() {
    let w = Wiki::valid();
    let repo = Repository::init(w.root()).unwrap();
    w.write(
        "content/plan.md",
        &format!("# Plan\n\n{}", lines("plan", 10)),
    );
    w.write(
        "content/overview.md",
        &format!(
            "---\ntitle: Overview\nslug: dashboard\n---\n\n{}",
            lines("overview", 10)
        ),
    );
    commit_all(&repo, "Add the plan and an overview", T0);
    // The plan moves, and a new page takes its old URL by its slug; the overview moves, and
    // its old URL is the dashboard's, a page the generator writes.
    let plan = w.read("content/plan.md");
    std::fs::remove_file(w.path("content/plan.md")).unwrap();
    w.write("content/strategy-plan.md", &plan);
    w.write(
        "content/roadmap.md",
        "---\ntitle: Roadmap\nslug: plan\n---\n\nSomething else entirely.\n",
    );
    let overview = w
        .read("content/overview.md")
        .replace("slug: dashboard\n", "");
    std::fs::remove_file(w.path("content/overview.md")).unwrap();
    w.write("content/summary.md", &overview);
    commit_all(&repo, "Move them", T0 + 60);
    let run = w.build();
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(
        w.read("book/plan.html").contains("Something else entirely"),
        "the page that lives at the old URL stays"
    );
    assert!(
        !w.read("book/dashboard.html").contains("url=summary.html"),
        "the dashboard stays"
    );
    let out = run.all();
    assert!(
        out.contains("plan.md") && out.contains("no redirect from the earlier name `plan.md`"),
        "{out}"
    );
    assert!(
        out.contains("no redirect from the earlier name `overview.md`"),
        "{out}"
    );
}

/// An edition's page of changes since the one before follows git's renames, as the history
/// and the edition switcher do: a page moved and rewritten in part (another title, a
/// different text) is "renamed", not "removed" and "added".
#[test]
fn the_changes_between_editions_follow_gits_renames() {
    let w = Wiki::valid();
    w.write(
        "book.toml",
        "[book]\ntitle = \"T\"\n\n[wiki.versions]\ntags = [\"v*\"]\n",
    );
    let repo = Repository::init(w.root()).unwrap();
    w.write(
        "content/plan.md",
        &format!("# The plan\n\n{}", lines("plan", 12)),
    );
    let v1 = commit_all(&repo, "First edition", T0);
    repo.tag_lightweight("v1", &repo.find_object(v1, None).unwrap(), false)
        .unwrap();
    std::fs::remove_file(w.path("content/plan.md")).unwrap();
    w.write(
        "content/strategy.md",
        &format!("# The strategy\n\n{}{}", lines("plan", 9), lines("new", 3)),
    );
    let v2 = commit_all(&repo, "Second edition", T0 + 86_400);
    repo.tag_lightweight("v2", &repo.find_object(v2, None).unwrap(), false)
        .unwrap();
    let run = w.build();
    assert_eq!(run.code, 0, "{}", run.all());
    let changes = w.read("book/changes-since-v1.html");
    assert!(
        changes.contains("Renamed: <code>plan.md</code> → <code>strategy.md</code>"),
        "{changes}"
    );
    assert!(!changes.contains("Removed"), "{changes}");
}

/// A slug given under another key (`[wiki.front-matter] slug = ["permalink"]`) is the old URL
/// too: the old file is read with the wiki's aliases, as its pages are.
#[test]
fn a_page_slugged_by_an_alias_redirects_from_its_old_url() {
    let w = Wiki::valid();
    w.write(
        "book.toml",
        &format!(
            "{}\n[wiki.front-matter]\nslug = [\"permalink\"]\n",
            w.read("book.toml")
        ),
    );
    let repo = Repository::init(w.root()).unwrap();
    let body = lines("procurement", 10);
    w.write(
        "content/chapters/buy.md",
        &format!("---\ntitle: Buying\npermalink: procurement\n---\n\n{body}"),
    );
    commit_all(&repo, "Add the buying chapter", T0);
    std::fs::remove_file(w.path("content/chapters/buy.md")).unwrap();
    w.write(
        "content/chapters/buying-together.md",
        &format!("---\ntitle: Buying together\n---\n\n{body}"),
    );
    commit_all(&repo, "Rename the buying chapter", T0 + 60);
    let run = w.build();
    assert_eq!(run.code, 0, "{}", run.all());
    let redirect = w.read("book/chapters/procurement.html");
    assert!(redirect.contains("url=buying-together.html"), "{redirect}");
    assert!(!w.path("book/chapters/buy.html").exists());
}
