//! Change notes on history pages (issue #25 point 1): each revision leads with what changed in
//! strategy terms (fields old → new, sections by heading, the rendered text's changed words),
//! the source diff one click away in a `<details>`, and its folds of unchanged lines open
//! without JavaScript. On real git repositories.

mod common;

use common::*;
use git2::Repository;

const T0: i64 = 1_700_000_000;

const GOAL_V1: &str = "---\ntitle: First goal\nid: G1\nowner: agency\nstatus: active\nprogress: 60\nindicators:\n  - name: Services online\n    baseline: 10\n    target: 100\n    current: 40\n    unit: '%'\n---\n\n## Plan\n\nWe will **publish** the plan in 2025.\n\n## Funding\n\nLine one.\n\nLine two.\n\nLine three.\n\nLine four.\n\nLine five.\n\nLine six.\n\nLine seven.\n\nLine eight.\n\nLine nine.\n\nLine ten.\n";

/// A wiki whose goal went through a creation, a strategy change with new words and a new
/// section, and a reformat; the goal's history page.
fn history() -> (Wiki, String) {
    let w = Wiki::valid();
    w.write("content/goals/first.md", GOAL_V1);
    let repo = Repository::init(w.root()).unwrap();
    commit_all(&repo, "Add the first goal", T0);
    let v2 = GOAL_V1
        .replace("status: active", "status: achieved")
        .replace("progress: 60", "progress: 70")
        .replace("current: 40", "current: 55")
        .replace("in 2025.", "in 2026.")
        .replace("Line ten.\n", "Line ten.\n\n## Next steps\n\nMeasure it.\n");
    w.write("content/goals/first.md", &v2);
    commit_all(&repo, "Mark the goal achieved", T0 + 86_400);
    // The same page, rewrapped and with other emphasis marks.
    let v3 = v2.replace(
        "We will **publish** the plan",
        "We will __publish__\nthe plan",
    );
    w.write("content/goals/first.md", &v3);
    commit_all(&repo, "Tidy the Markdown", T0 + 2 * 86_400);
    let b = w.run(&["build", "--today", "2024-01-01"]);
    assert_eq!(b.code, 0, "{}", b.all());
    let page = w.read("book/history/goals/first.html");
    (w, page)
}

/// The part of the history page about the revision whose summary is `summary`.
fn revision<'a>(page: &'a str, summary: &str) -> &'a str {
    let at = page
        .find(&format!("· {summary}</h2>"))
        .unwrap_or_else(|| panic!("no revision `{summary}`: {page}"));
    let rest = &page[at..];
    &rest[..rest
        .find("</li>\n    <li class=\"revision")
        .unwrap_or(rest.len())]
}

#[test]
fn a_revision_leads_with_its_changes_in_strategy_terms() {
    let (_w, page) = history();
    let r = revision(&page, "Mark the goal achieved");
    for want in [
        "<span class=\"change-field\">Status</span> <del>active</del> → <ins>achieved</ins>",
        "<span class=\"change-field\">Progress</span> <del>60%</del> → <ins>70%</ins>",
        "<span class=\"change-field\">Indicator “Services online”</span> <del>40%",
        "<span class=\"change-what\">Reworded:</span> “Plan”",
        "<span class=\"change-what\">Added:</span> “Next steps”",
    ] {
        assert!(r.contains(want), "{want}\n{r}");
    }
    // The words a reader sees, not the source: no Markdown or YAML in the word diff.
    let words = &r[r.find("<p class=\"change-words\">").expect("a word diff")..];
    let words = &words[..words.find("</p>").unwrap()];
    assert!(
        words.contains("<del><span class=\"visually-hidden\">removed: </span>2025.</del>"),
        "{words}"
    );
    assert!(words.contains("added: </span>2026."), "{words}");
    // Only the reworded section's words, under its heading (the added one is named above).
    assert!(
        words.starts_with("<p class=\"change-words\"><span class=\"change-section\">Plan:</span> "),
        "{words}"
    );
    assert!(
        !words.contains("**") && !words.contains("progress:"),
        "{words}"
    );
    // The note comes first; the source diff is one click away.
    let note = r.find("class=\"change-note\"").unwrap();
    let source = r
        .find("<details class=\"source-diff\">")
        .expect("source in a <details>");
    assert!(note < source, "{r}");
    assert!(r.contains("<summary>Changes to the source"), "{r}");
    assert!(r[source..].contains("progress: <mark>70</mark>"), "{r}");
}

#[test]
fn folds_of_unchanged_lines_open() {
    let (_w, page) = history();
    let r = revision(&page, "Mark the goal achieved");
    let folds: Vec<&str> = r
        .split("<tr class=\"diff-fold\"><td colspan=\"3\"><details><summary>⋯ ")
        .skip(1)
        .map(|f| &f[..f.find("</details>").unwrap()])
        .collect();
    assert!(folds.len() >= 2, "folds that open: {r}");
    // The lines each fold hides, in order: the first line of the file, then the body's
    // unchanged lines between the changes (the fold says how many).
    assert_eq!(
        folds[0],
        "1 unchanged line</summary><pre class=\"diff-folded\">---\n</pre>"
    );
    let middle = folds[folds.len() - 1];
    assert!(
        middle.contains("<pre class=\"diff-folded\">") && middle.contains("Line one.\n\nLine two."),
        "the folded lines are there: {middle}"
    );
}

#[test]
fn a_reformat_says_it_changed_nothing_a_reader_sees_and_a_creation_says_new_page() {
    let (_w, page) = history();
    let r = revision(&page, "Tidy the Markdown");
    assert!(
        r.contains("No change to what the page says: only its formatting"),
        "{r}"
    );
    assert!(!r.contains("change-words"), "{r}");
    let r = revision(&page, "Add the first goal");
    assert!(
        r.contains("New page, with the sections “Plan”, “Funding”."),
        "{r}"
    );
}

#[test]
fn recent_changes_and_the_feed_say_what_changed_in_each_page() {
    let (w, _) = history();
    let changes = w.read("book/changes.html");
    let at = changes
        .find("<strong>Mark the goal achieved</strong>")
        .expect("the commit is listed");
    let entry = &changes[at..];
    let entry = &entry[..entry.find("</li>\n    </ul>").unwrap_or(entry.len())];
    assert!(
        entry.contains("<span class=\"change-line\">: Status active → achieved; Progress 60% → 70%; Indicator “Services online” 40%"),
        "{entry}"
    );
    assert!(
        entry.contains("reworded “Plan”; added “Next steps”</span>"),
        "{entry}"
    );
    assert!(
        changes.contains(
            "First goal</a><span class=\"change-line\">: no change to what the page says</span>"
        ),
        "the reformat: {changes}"
    );
    assert!(
        changes.contains("First goal</a><span class=\"change-line\">: new page</span>"),
        "{changes}"
    );
    let feed = w.read("book/changes.atom");
    assert!(
        feed.contains("First goal&lt;/a&gt;: Status active → achieved; Progress 60% → 70%"),
        "{feed}"
    );
}

/// A changed owner, chapter list or target reads as a reader reads them on the page: the owner's
/// and chapter's titles, the date in the long form; never the source's slugs or ISO dates.
#[test]
fn changed_owners_chapters_and_dates_read_as_titles_and_long_dates() {
    let w = Wiki::valid();
    w.write(
        "content/owners/ministry.md",
        "---\ntitle: Ministry of Things\ntype: ministry\n---\n\nThe ministry.\n",
    );
    let repo = Repository::init(w.root()).unwrap();
    commit_all(&repo, "Start", T0);
    let goal = w.read("content/goals/first.md");
    let v2 = goal
        .replace("owner: agency", "owner: ministry")
        .replace("target: 2027-01-31", "target: 2030-06-30")
        .replace("chapters: [intro]", "chapters: []");
    assert_ne!(goal, v2, "the fixture goal changed shape");
    w.write("content/goals/first.md", &v2);
    commit_all(&repo, "Hand the goal to the ministry", T0 + 86_400);
    let b = w.run(&["build", "--today", "2024-01-01"]);
    assert_eq!(b.code, 0, "{}", b.all());
    let page = w.read("book/history/goals/first.html");
    let r = revision(&page, "Hand the goal to the ministry");
    for want in [
        "<span class=\"change-field\">Owner</span> <del>Agency</del> → <ins>Ministry of Things</ins>",
        "<span class=\"change-field\">Target</span> <del>31 January 2027</del> → <ins>30 June 2030</ins>",
        "<span class=\"change-field\">Chapters</span> removed (was <del>Introduction",
    ] {
        assert!(r.contains(want), "{want}\n{r}");
    }
    let changes = w.read("book/changes.html");
    assert!(
        changes.contains("Owner Agency → Ministry of Things"),
        "{changes}"
    );
}
