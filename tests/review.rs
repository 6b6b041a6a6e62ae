//! Review tracking for every kind of page (issue #24 point 3): a chapter, a case study or a plain
//! page with a review period is due for review when neither its `review` date nor a commit that
//! changed what it says is recent enough; it is listed on the dashboard and its owner's page,
//! and says so itself. A reformat or a key renamed through an alias is not a review; a change
//! to the text, or a commit that sets the review date, is. On real git repositories.

mod common;

use common::*;
use git2::Repository;

const TODAY: &str = "2025-06-01";
/// 2023-11-14: long before `TODAY`.
const T0: i64 = 1_700_000_000;
/// 2025-05-20: a few days before `TODAY`.
const T1: i64 = 1_747_699_200;

const ALIASES: &str = "[wiki.front-matter]\nowner = [\"owner_slack\"]\nreview = [\"last_reviewed_on\"]\nreview-every = [\"review_in\"]\n";

const CHAPTER: &str = "---\ntitle: Introduction\nowner: agency\nreview-every: 6 months\n---\n\n## Start\n\nWe will serve people online\nfirst, and well.\n\n* one thing\n* another thing\n\n## Later\n\nMore to come.\n";

const CASE: &str = "---\ntitle: A case\nowners: [agency]\nreview-every: 1 year\ncountry: Chile\n---\n\nWhat Chile did.\n";

struct Repo {
    wiki: Wiki,
    repo: Repository,
}

impl Repo {
    /// The valid wiki plus a chapter and a case study owned by `agency` with review periods,
    /// all committed long before `TODAY`.
    fn new() -> Repo {
        let wiki = Wiki::valid();
        wiki.write("book.toml", &format!("{BOOK}{ALIASES}"));
        wiki.write("content/chapters/intro.md", CHAPTER);
        wiki.write("content/case-studies/case.md", CASE);
        let repo = Repository::init(wiki.root()).unwrap();
        let r = Repo { wiki, repo };
        r.commit("Start", T0);
        r
    }

    fn commit(&self, msg: &str, time: i64) {
        commit_all(&self.repo, msg, time);
    }

    fn build(&self) -> Run {
        let b = self.wiki.run(&["build", "--today", TODAY]);
        assert_eq!(b.code, 0, "{}", b.all());
        b
    }

    fn dashboard_due(&self) -> String {
        let d = self.wiki.read("book/dashboard.html");
        match d.find("id=\"sw-due-review\"") {
            Some(i) => d[i..].split("</section>").next().unwrap().to_string(),
            None => String::new(),
        }
    }

    /// Whether the chapter is due for review, by its own page and the dashboard (which must
    /// agree).
    fn intro_due(&self) -> bool {
        let page = self.wiki.read("book/chapters/intro.html");
        let on_page = page.contains("Due for review.");
        let listed = self.dashboard_due().contains("chapters/intro.html");
        assert_eq!(on_page, listed, "the page and the dashboard disagree");
        on_page
    }
}

#[test]
fn a_chapter_and_a_case_study_past_due_are_listed_on_the_dashboard_and_their_owners_page() {
    let r = Repo::new();
    let b = r.build();
    let due = r.dashboard_due();
    assert!(due.contains("Pages due for review (3)"), "{due}");
    // Every kind: the chapter, the case study, and the goal (stale after 6 months).
    for (url, kind) in [
        ("chapters/intro.html", "Chapter"),
        ("case-studies/case.html", "Case study"),
        ("goals/first.html", "Goal"),
    ] {
        assert!(due.contains(&format!("href=\"{url}\"")), "{url}: {due}");
        assert!(
            due.contains(&format!("<td data-label=\"Kind\">{kind}</td>")),
            "{kind}: {due}"
        );
    }
    assert!(
        due.contains("<time datetime=\"2024-05-14\">14 May 2024</time>"),
        "{due}"
    );
    let owner = r.wiki.read("book/owners/agency.html");
    let i = owner
        .find("id=\"sw-owner-due\"")
        .expect("the owner's page lists its pages due for review");
    let section = owner[i..].split("</section>").next().unwrap();
    // Its goal is in its goal table (with its stale state), not listed a second time here.
    assert!(section.contains("due for review (2)"), "{section}");
    assert!(!section.contains("goals/first.html"), "{section}");
    assert!(
        section.contains("href=\"../chapters/intro.html\""),
        "{section}"
    );
    assert!(
        section.contains("href=\"../case-studies/case.html\""),
        "{section}"
    );
    let chapter = r.wiki.read("book/chapters/intro.html");
    assert!(
        chapter.contains("This page should be reviewed every 6 months; its review was due on <time datetime=\"2024-05-14\">"),
        "{chapter}"
    );
    // `check` and `build` warn about each, at the file.
    assert!(
        b.all()
            .contains("content/chapters/intro.md:1:1: page is due for review"),
        "{}",
        b.all()
    );
    // A page without a review period is not tracked.
    assert!(
        !r.wiki
            .read("book/owners/agency.html")
            .contains("Due for review.")
    );
}

#[test]
fn reformatting_and_renaming_keys_do_not_reset_the_clock_but_new_words_do() {
    let r = Repo::new();
    // Rewrapped, other list markers, YAML quoted and reordered: the same page.
    r.wiki.write(
        "content/chapters/intro.md",
        "---\nreview-every: '6 months'\ntitle: \"Introduction\"\nowner: 'agency'\n---\n\n## Start\n\nWe will serve people online first, and well.\n\n- one thing\n- another thing\n\nLater\n-----\n\nMore to come.\n",
    );
    // The goal too, requoted: still stale.
    r.wiki.write(
        "content/goals/first.md",
        &GOAL.replace("status: active", "status: 'active'"),
    );
    r.commit("Tidy the Markdown", T1);
    r.build();
    assert!(r.intro_due(), "a reformat is not a review");
    assert!(
        r.dashboard_due().contains("goals/first.html")
            && r.wiki
                .read("book/goals/first.html")
                .contains("<strong>Stale.</strong>"),
        "nor for a goal"
    );
    // `owner` renamed to its alias: the same owner.
    r.wiki.write(
        "content/chapters/intro.md",
        &CHAPTER.replace("owner: agency", "owner_slack: agency"),
    );
    r.commit("Use owner_slack", T1 + 60);
    r.build();
    assert!(
        r.intro_due(),
        "a key renamed through an alias is not a review"
    );
    // New words: what the page says changed.
    r.wiki.write(
        "content/chapters/intro.md",
        &CHAPTER.replace("More to come.", "More to come in 2026."),
    );
    r.wiki.write(
        "content/goals/first.md",
        &GOAL.replace("progress: 30", "progress: 40"),
    );
    r.commit("Say when", T1 + 120);
    r.build();
    assert!(!r.intro_due(), "a change to the text is a review");
    assert!(
        !r.dashboard_due().contains("goals/first.html"),
        "a change to a goal's progress is a review"
    );
    // The case study, untouched, is still due.
    assert!(r.dashboard_due().contains("case-studies/case.html"));
}

#[test]
fn a_commit_that_only_sets_the_review_date_is_a_review() {
    let r = Repo::new();
    // The date it sets is itself old: only the commit makes it recent.
    r.wiki.write(
        "content/chapters/intro.md",
        &CHAPTER.replace("owner: agency\n", "owner: agency\nreview: 2024-01-01\n"),
    );
    r.commit("Reviewed", T1);
    r.build();
    assert!(!r.intro_due(), "setting the review date is a review");
    // A change to a strategy field is a review too: the case study's year.
    r.wiki.write(
        "content/case-studies/case.md",
        &CASE.replace("country: Chile", "country: Chile\nyear: 2014"),
    );
    r.commit("Add the year", T1);
    r.build();
    assert!(!r.dashboard_due().contains("case-studies/case.html"));
}

#[test]
fn gds_way_keys_work_for_a_plain_page() {
    let r = Repo::new();
    r.wiki.write(
        "content/guide.md",
        "---\ntitle: Guide\nowner_slack: \"#guides\"\nlast_reviewed_on: 2024-01-10\nreview_in: 3 months\n---\n\nHow we work.\n",
    );
    r.wiki.write(
        "content/fresh.md",
        "---\ntitle: Fresh\nowner_slack: \"#guides\"\nlast_reviewed_on: 2025-05-01\nreview_in: 6 months\n---\n\nNew.\n",
    );
    r.commit("Add guides", T0 + 86_400);
    r.build();
    let due = r.dashboard_due();
    assert!(due.contains("href=\"guide.html\""), "{due}");
    assert!(
        due.contains("<code>#guides</code>"),
        "the Slack owner is shown: {due}"
    );
    assert!(
        due.contains("<time datetime=\"2024-04-10\">10 April 2024</time>"),
        "due 3 months after the review date, the later of it and the commit: {due}"
    );
    assert!(!due.contains("fresh.html"), "reviewed a month ago: {due}");
    let guide = r.wiki.read("book/guide.html");
    assert!(guide.contains("Due for review."), "{guide}");
    assert!(guide.contains("<code>#guides</code>"), "{guide}");
    assert!(!r.wiki.read("book/fresh.html").contains("Due for review."));
}

#[test]
fn a_wiki_wide_period_applies_to_pages_with_an_owner_or_a_review_date() {
    let r = Repo::new();
    r.wiki.write(
        "book.toml",
        &format!("{BOOK}[wiki]\nreview-every = \"1 year\"\n{ALIASES}"),
    );
    r.wiki.write(
        "content/owned.md",
        "---\ntitle: Owned\nowner: agency\n---\n\nText.\n",
    );
    r.wiki.write(
        "content/reviewed.md",
        "---\ntitle: Reviewed\nreview: 2023-01-01\n---\n\nText.\n",
    );
    r.wiki
        .write("content/loose.md", "---\ntitle: Loose\n---\n\nText.\n");
    r.commit("More pages", T0);
    r.build();
    let due = r.dashboard_due();
    assert!(due.contains("href=\"owned.html\""), "{due}");
    assert!(due.contains("href=\"reviewed.html\""), "{due}");
    assert!(
        !due.contains("loose.html"),
        "no owner, no review date: not tracked: {due}"
    );
    // A wrong period is an error at its line.
    r.wiki.write(
        "book.toml",
        &format!("{BOOK}[wiki]\nreview-every = \"often\"\n"),
    );
    let b = r.wiki.run(&["build", "--today", TODAY]);
    assert_eq!(b.code, 1, "{}", b.all());
    assert!(b.all().contains("book.toml:5:1"), "{}", b.all());
}
