//! Who owns what: CODEOWNERS, handles, overdue and stale goals against a fixed today, the
//! dashboard, `[wiki.check]` levels, and the JSON data files.

mod common;

use common::*;

const TODAY: &str = "2025-06-01";

fn build(w: &Wiki) -> Run {
    w.run(&["build", "--today", TODAY])
}

fn check(w: &Wiki, extra: &[&str]) -> Run {
    let mut args = vec!["check", "--today", TODAY];
    args.extend_from_slice(extra);
    w.run(&args)
}

/// A wiki without git history (so staleness comes from `review` dates only).
fn wiki() -> Wiki {
    let w = Wiki::valid();
    w.write(
        "book.toml",
        &format!("{BOOK}\n[wiki.history]\nenabled = false\n"),
    );
    w
}

#[test]
fn codeowners_gives_pages_owners_through_handles() {
    let w = wiki();
    w.write(
        ".github/CODEOWNERS",
        "# Owners\n* @org/editors\ncontent/chapters/ @org/agency\ncontent/about.md\n",
    );
    w.write(
        "content/chapters/other.md",
        "---\nowners: [\"@org/editors\"]\n---\n# Other\n\nText.\n",
    );
    // An owner named in front matter that no owner page defines is an error by default...
    assert_eq!(build(&w).code, 1);
    // ...and can be made a warning; the handle is still shown, marked.
    w.write(
        "book.toml",
        &format!(
            "{BOOK}\n[wiki.history]\nenabled = false\n[wiki.check]\nunknown-owner = \"warning\"\n"
        ),
    );
    let b = build(&w);
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(
        b.stderr.contains(
            "warning: content/chapters/other.md:2:9: owner `@org/editors` is not defined"
        ),
        "{}",
        b.stderr
    );
    // The chapters folder line resolves `@org/agency` to the Agency owner page (its handle).
    let intro = w.read("book/chapters/intro.html");
    assert!(
        intro.contains("Owned by <a href=\"../owners/agency.html\">Agency</a> <span class=\"via\">(.github/CODEOWNERS line 3)</span>"),
        "{intro}"
    );
    // Front matter wins over CODEOWNERS; a handle without an owner page is shown, marked.
    let other = w.read("book/chapters/other.html");
    assert!(other.contains("Owned by <code>@org/editors</code> <span class=\"missing\">(no owner page)</span> <span class=\"via\">(front matter)</span>"), "{other}");
    // A line with no owners un-owns the file.
    assert!(!w.read("book/about.html").contains("Owned by"));
    // The goal's owner comes from its front matter.
    assert!(w.read("book/goals/first.html").contains("Owned by <a href=\"../owners/agency.html\">Agency</a> <span class=\"via\">(front matter)</span>"));
}

#[test]
fn codeowners_syntax_errors_are_reported_on_their_lines() {
    let w = wiki();
    w.write(
        "CODEOWNERS",
        "* @org/editors\n!content/x.md @a\ncontent/[ab].md @b\n",
    );
    let c = check(&w, &["--format", "github"]);
    assert_eq!(c.code, 1, "{}", c.all());
    assert!(
        c.stdout.contains(
            "::error file=CODEOWNERS,line=2,col=1,title=codeowners::`!` (negation) is not supported"
        ),
        "{}",
        c.stdout
    );
    assert!(
        c.stdout.contains(
            "::error file=CODEOWNERS,line=3,col=1,title=codeowners::`[ ]` character ranges"
        ),
        "{}",
        c.stdout
    );
    // `[wiki.check] codeowners = "warning"` lets the build through.
    w.write(
        "book.toml",
        &format!(
            "{BOOK}\n[wiki.history]\nenabled = false\n[wiki.check]\ncodeowners = \"warning\"\n"
        ),
    );
    assert_eq!(check(&w, &[]).code, 0);
}

#[test]
fn goal_owner_may_be_a_handle_and_unknown_owners_are_errors() {
    let w = wiki();
    w.write(
        "content/goals/first.md",
        &GOAL.replace("owner: agency", "owner: \"@org/agency\""),
    );
    let b = build(&w);
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(
        w.read("book/goals/first.html")
            .contains("<a href=\"../owners/agency.html\">Agency</a>")
    );
    // The owner's page and owners.json list it among the goals it owns.
    assert!(
        w.read("book/owners/agency.html")
            .contains("href=\"../goals/first.html\""),
        "{}",
        w.read("book/owners/agency.html")
    );
    let owners: serde_json::Value = serde_json::from_str(&w.read("book/owners.json")).unwrap();
    let agency = owners["owners"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["slug"] == "agency")
        .unwrap();
    assert_eq!(
        agency["goals-owned"],
        serde_json::json!(["first"]),
        "{agency}"
    );
    w.write(
        "content/chapters/intro.md",
        &CHAPTER.replace("weight: 1", "weight: 1\nowner: \"@nobody/here\""),
    );
    let c = check(&w, &[]);
    assert_eq!(c.code, 1);
    assert!(
        c.stdout
            .contains("error: content/chapters/intro.md:4:8: owner `@nobody/here` is not defined"),
        "{}",
        c.stdout
    );
}

#[test]
fn overdue_and_stale_against_a_fixed_today() {
    let w = wiki();
    // Target passed on 2025-01-31 < today; reviewed 2024-10-01, every 3 months: stale.
    w.write(
        "content/goals/first.md",
        &GOAL
            .replace(
                "target: 2027-01-31",
                "target: 2025-01-31\nreview: 2024-10-01\nreview-every: 3 months",
            )
            .replace(
                "progress: 30",
                "progress: 30\nindicators:\n  - name: Share\n    baseline: 10\n    target: 100",
            ),
    );
    let c = check(&w, &[]);
    assert_eq!(
        c.code,
        0,
        "overdue and stale are warnings by default:\n{}",
        c.all()
    );
    assert!(c.stdout.contains("warning: content/goals/first.md:7:1: goal is overdue: its target 2025-01-31 has passed (121 days ago)"), "{}", c.stdout);
    assert!(c.stdout.contains("warning: content/goals/first.md:8:1: goal is stale: nothing has touched it since 2024-10-01 (review every 3 months)"), "{}", c.stdout);
    assert!(
        c.stdout
            .contains("indicator `Share` has no `current` value"),
        "{}",
        c.stdout
    );

    // The day before the target, it is neither overdue nor (reviewed in time) stale.
    let c = w.run(&["check", "--today", "2024-12-15"]);
    assert!(
        !c.stdout.contains("overdue") && !c.stdout.contains("stale"),
        "{}",
        c.stdout
    );

    // Achieved goals are never overdue or stale.
    let achieved = GOAL
        .replace(
            "target: 2027-01-31",
            "target: 2025-01-31\nreview: 2020-01-01",
        )
        .replace("status: active", "status: achieved");
    w.write("content/goals/first.md", &achieved);
    let c = check(&w, &[]);
    assert!(
        !c.stdout.contains("overdue") && !c.stdout.contains("stale"),
        "{}",
        c.stdout
    );

    // Levels are configurable: overdue as an error, stale off.
    w.write(
        "content/goals/first.md",
        &GOAL.replace(
            "target: 2027-01-31",
            "target: 2025-01-31\nreview: 2020-01-01",
        ),
    );
    w.write("book.toml", &format!("{BOOK}\n[wiki.history]\nenabled = false\n[wiki.check]\noverdue = \"error\"\nstale = \"off\"\n"));
    let c = check(&w, &[]);
    assert_eq!(c.code, 1);
    assert!(
        c.stdout
            .contains("error: content/goals/first.md:7:1: goal is overdue"),
        "{}",
        c.stdout
    );
    assert!(!c.stdout.contains("stale"), "{}", c.stdout);
}

#[test]
fn staleness_comes_from_git_history_too() {
    use git2::{Repository, Signature, Time};
    let w = Wiki::valid();
    let repo = Repository::init(w.root()).unwrap();
    let mut index = repo.index().unwrap();
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
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    // Last touched by a commit on 2024-01-15.
    let sig = Signature::new("Ann", "ann@example.org", &Time::new(1_705_300_000, 0)).unwrap();
    repo.commit(Some("HEAD"), &sig, &sig, "Start", &tree, &[])
        .unwrap();
    let c = w.run(&["check", "--today", "2024-05-01"]);
    assert!(
        !c.stdout.contains("stale"),
        "within six months: {}",
        c.stdout
    );
    let c = w.run(&["check", "--today", "2024-08-01"]);
    assert!(
        c.stdout.contains(
            "goal is stale: nothing has touched it since 2024-01-15 (review every 6 months)"
        ),
        "{}",
        c.stdout
    );
}

#[test]
fn goal_page_and_dashboard_show_the_gaps() {
    let w = wiki();
    w.write("content/goals/first.md", &GOAL.replace("target: 2027-01-31", "target: 2025-01-31").replace("progress: 30", "progress: 30\nindicators:\n  - name: Share of agencies\n    baseline: 20\n    current: 60\n    target: 100\n    unit: \"%\"\n    as-of: 2025-03-01"));
    w.write(
        "content/goals/orphan.md",
        "---\ntitle: Nobody's goal\nid: G2\nstatus: proposed\narea: governance\n---\nText.\n",
    );
    w.write(
        "content/owners/idle.md",
        "---\ntitle: Idle council\ntype: council\n---\nNo goals yet.\n",
    );
    let b = build(&w);
    assert_eq!(b.code, 0, "{}", b.all());
    let goal = w.read("book/goals/first.html");
    assert!(
        goal.contains("<strong>Overdue since <time datetime=\"2025-01-31\">31 January 2025</time></strong> (4 months ago)"),
        "{goal}"
    );
    assert!(
        goal.contains("aria-label=\"Share of agencies: baseline 20%, current 60%, target 100%\""),
        "{goal}"
    );
    assert!(goal.contains("as of <time datetime=\"2025-03-01\">1 March 2025</time>"));
    let dash = w.read("book/dashboard.html");
    // Goals by status: a table drawn as bars, one row a status.
    for (status, n) in [
        ("proposed", 1),
        ("active", 1),
        ("achieved", 0),
        ("paused", 0),
        ("dropped", 0),
    ] {
        let row = format!(
            "<span class=\"bar-fill bar-status-{status}\" style=\"width: {}%\"></span></span><span class=\"bar-value\">{n}</span>",
            if n == 1 { "100.0" } else { "0.0" }
        );
        assert!(dash.contains(&row), "{row}: {dash}");
    }
    assert!(dash.contains("Goals without an owner (1)"));
    assert!(dash.contains("Overdue goals (1)"));
    assert!(dash.contains("Goals with no linked chapter (1)"));
    assert!(dash.contains("Owners with no goals (1)") && dash.contains("Idle council"));
    assert!(dash.contains("Who owns what: owners × areas"));
    assert!(dash.contains("<span class=\"missing\">No owner</span>"));
    let owner = w.read("book/owners/agency.html");
    assert!(owner.contains("Goals Agency is accountable for"), "{owner}");
    assert!(
        owner.contains("<span class=\"bar-fill bar-status-active\" style=\"width: 100.0%\"></span></span><span class=\"bar-value\">1</span>"),
        "{owner}"
    );
}

#[test]
fn goals_and_owners_json() {
    let w = wiki();
    w.write("book.toml", &format!("{BOOK}\n[output.html]\nsite-url = \"https://example.org/s/\"\n[wiki.history]\nenabled = false\n"));
    assert_eq!(build(&w).code, 0);
    let goals: serde_json::Value = serde_json::from_str(&w.read("book/goals.json")).unwrap();
    assert_eq!(goals["schema"], 1);
    assert_eq!(goals["site"], "https://example.org/s/");
    let g = &goals["goals"][0];
    let keys: Vec<&str> = g.as_object().unwrap().keys().map(String::as_str).collect();
    let mut expected = vec![
        "id",
        "slug",
        "title",
        "summary",
        "url",
        "source",
        "status",
        "area",
        "owner",
        "contributors",
        "target",
        "progress",
        "review",
        "review-every",
        "overdue",
        "stale",
        "indicators",
        "chapters",
        "case-studies",
        "tags",
        "last-change",
        "series",
    ];
    expected.sort();
    assert_eq!(keys, expected, "the documented fields, no more, no fewer");
    // The file itself lists them in the documented order.
    let text = w.read("book/goals.json");
    assert!(text.find("\"id\"").unwrap() < text.find("\"last-change\"").unwrap());
    assert_eq!(g["id"], "G1");
    assert_eq!(g["url"], "https://example.org/s/goals/first.html");
    assert_eq!(g["owner"]["slug"], "agency");
    assert_eq!(
        g["owner"]["url"],
        "https://example.org/s/owners/agency.html"
    );
    assert_eq!(g["status"], "active");
    assert_eq!(g["target"], "2027-01-31");
    assert_eq!(g["progress"], 30);
    assert_eq!(g["overdue"], false);
    assert_eq!(g["chapters"][0], "intro");
    let owners: serde_json::Value = serde_json::from_str(&w.read("book/owners.json")).unwrap();
    let o = &owners["owners"][0];
    assert_eq!(o["slug"], "agency");
    assert_eq!(o["type"], "agency");
    assert_eq!(o["handles"][0], "@org/agency");
    assert_eq!(o["goals-owned"][0], "first");
}
