//! `stratwiki diff A..B`: two refs read from git objects, compared in strategy terms.

mod common;

use common::*;
use git2::Repository;

#[test]
fn diff_between_two_tags_in_strategy_terms() {
    let w = Wiki::valid();
    w.write(
        "content/goals/dropped.md",
        "---\ntitle: Old goal\nid: G9\nowner: agency\nstatus: active\n---\nText.\n",
    );
    let repo = Repository::init(w.root()).unwrap();
    let v1 = commit_all(&repo, "Edition one", 1_700_000_000);
    repo.tag_lightweight("v1", &repo.find_object(v1, None).unwrap(), false)
        .unwrap();

    // Edition two: re-own and advance a goal, drop one, add one and an owner, move a chapter.
    w.write(
        "content/owners/council.md",
        "---\ntitle: Council\ntype: council\n---\nText.\n",
    );
    w.write(
        "content/goals/first.md",
        &GOAL
            .replace("owner: agency", "owner: council")
            .replace("status: active", "status: achieved")
            .replace("progress: 30", "progress: 100"),
    );
    std::fs::remove_file(w.path("content/goals/dropped.md")).unwrap();
    w.write(
        "content/goals/new.md",
        "---\ntitle: New goal\nid: G3\nowner: council\nstatus: proposed\n---\nText.\n",
    );
    std::fs::rename(
        w.path("content/chapters/intro.md"),
        w.path("content/chapters/introduction.md"),
    )
    .unwrap();
    w.write(
        "content/chapters/introduction.md",
        &CHAPTER.replace("title: Introduction", "title: Introduction\nslug: intro"),
    );
    // A short page moved as it is (`git mv`): a rename, not a page removed and one added.
    std::fs::rename(
        w.path("content/about.md"),
        w.path("content/about-this-wiki.md"),
    )
    .unwrap();
    let v2 = commit_all(&repo, "Edition two", 1_700_100_000);
    repo.tag_lightweight("v2", &repo.find_object(v2, None).unwrap(), false)
        .unwrap();

    // Make the working tree differ: diff must read objects, not files.
    w.write(
        "content/goals/first.md",
        "garbage that would not parse\n---\n",
    );

    let out = w.run(&["diff", "v1..v2"]);
    assert_eq!(out.code, 0, "{}", out.all());
    let md = out.stdout;
    assert!(md.starts_with("## Strategy changes: `v1` → `v2`\n"), "{md}");
    assert!(
        md.contains("### Goals added\n\n- G3 **New goal** (`new`, proposed, owner `council`)\n"),
        "{md}"
    );
    assert!(
        md.contains("### Goals removed\n\n- G9 **Old goal** (`dropped`, active, owner `agency`)\n"),
        "{md}"
    );
    assert!(
        md.contains("| G1 First goal | status | active | achieved |\n"),
        "{md}"
    );
    assert!(
        md.contains("| G1 First goal | owner | agency | council |\n"),
        "{md}"
    );
    assert!(
        md.contains("| G1 First goal | progress | 30% | 100% |\n"),
        "{md}"
    );
    assert!(
        md.contains("### Owners added\n\n- Council `owners/council.md` (owner)\n"),
        "{md}"
    );
    assert!(
        md.contains("### Pages renamed\n\n- `about.md` → `about-this-wiki.md` (About)\n- `chapters/intro.md` → `chapters/introduction.md` (Introduction)\n"),
        "{md}"
    );
    assert!(
        !md.contains("about-this-wiki.md` (page)"),
        "not added: {md}"
    );
    assert!(
        !md.contains("<details><summary>About"),
        "moved as it was, so its text did not change: {md}"
    );
    // Deterministic: the same output twice.
    assert_eq!(w.run(&["diff", "v1..v2"]).stdout, md);

    let json = w.run(&["diff", "v1..v2", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["goals_added"][0]["slug"], "new");
    assert_eq!(v["goals_changed"][0]["changes"][0]["field"], "status");

    let bad = w.run(&["diff", "v1..nope"]);
    assert_eq!(bad.code, 1);
    assert!(bad.stderr.contains("cannot find `nope`"), "{}", bad.stderr);
}

#[test]
fn pull_request_report_for_a_proposal_branch() {
    let w = Wiki::valid();
    w.write("CODEOWNERS", "content/chapters/ @org/agency\n");
    // The base has a broken link, which the proposal fixes.
    w.write(
        "content/about.md",
        "# About\n\nSee [gone](chapters/gone.md).\n",
    );
    let repo = Repository::init(w.root()).unwrap();
    let base = commit_all(&repo, "Base", 1_700_000_000);
    let main = repo.head().unwrap().name().unwrap().to_string();
    // The proposal, on a branch that is never checked out.
    w.write(
        "content/about.md",
        "# About\n\nSee [the intro](chapters/intro.md).\n",
    );
    w.write(
        "content/goals/first.md",
        &GOAL
            .replace("status: active", "status: paused")
            .replace("progress: 30", "progress: 35"),
    );
    w.write(
        "content/goals/orphan.md",
        "---\ntitle: Orphan goal\nid: G7\nstatus: proposed\n---\nText.\n",
    );
    w.write(
        "content/chapters/intro.md",
        &CHAPTER.replace("## Start", "## Start\n\nSee [nowhere](nowhere.md)."),
    );
    let proposal = commit_all(&repo, "Proposal", 1_700_000_100);
    repo.branch("proposal/eid", &repo.find_commit(proposal).unwrap(), false)
        .unwrap();
    repo.reference(&main, base, true, "back to base").unwrap();
    repo.checkout_head(Some(git2::build::CheckoutBuilder::new().force()))
        .unwrap();

    let out = w.run(&["diff", &format!("{}..proposal/eid", base)]);
    assert_eq!(out.code, 0, "{}", out.all());
    let b8 = base.to_string();
    let expected = format!(
        "## Strategy changes: `{b8}` → `proposal/eid`

### Goals added

- G7 **Orphan goal** (`orphan`, proposed, no owner)

### Goals changed

| Goal | Field | Before | After |
| --- | --- | --- | --- |
| G1 First goal | status | active | paused |
| G1 First goal | progress | 30% | 35% |

### Pages added

- Orphan goal `goals/orphan.md` (goal)

"
    );
    assert!(out.stdout.starts_with(&expected), "{}", out.stdout);
    let rest = &out.stdout[expected.len()..];
    assert!(
        rest.starts_with(
            "### Pages changed\n\n<details><summary>About <code>about.md</code> (+1 −1)</summary>"
        ),
        "{rest}"
    );
    assert!(
        rest.contains("-See [gone](chapters/gone.md).\n+See [the intro](chapters/intro.md).\n"),
        "{rest}"
    );
    assert!(
        rest.ends_with(
            "### Who should review

- Agency (`@org/agency`)

### Problems this change introduces

- error `content/chapters/intro.md:9`: link `nowhere.md` points nowhere: no page or file `chapters/nowhere.md` in the content folder
- warning `content/goals/orphan.md:1`: this goal has no `owner`: every goal needs an accountable owner

### Problems this change fixes

- error `content/about.md:3`: link `chapters/gone.md` points nowhere: no page or file `chapters/gone.md` in the content folder

"
        ),
        "{rest}"
    );
    // The working tree was not touched.
    assert!(w.read("content/about.md").contains("chapters/gone.md"));
    let json = w.run(&[
        "diff",
        &format!("{}..proposal/eid", base),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["reviewers"][0]["handles"][0], "@org/agency");
    assert_eq!(v["problems_fixed"].as_array().unwrap().len(), 1);
}

#[test]
fn proposals_page_lists_proposal_branches() {
    let w = Wiki::valid();
    w.write(
        "book.toml",
        &format!("{BOOK}\n[wiki.proposals]\nbranches = [\"proposal/*\"]\n"),
    );
    let repo = Repository::init(w.root()).unwrap();
    let base = commit_all(&repo, "Base", 1_700_000_000);
    let main = repo.head().unwrap().name().unwrap().to_string();
    w.write(
        "content/goals/first.md",
        &GOAL.replace("status: active", "status: achieved"),
    );
    let first = commit_all(
        &repo,
        "Mark the first goal achieved\n\nIt was done.",
        1_700_000_100,
    );
    w.write("content/about.md", "# About\n\nMore about.\n");
    let second = commit_all(&repo, "Say more about the wiki", 1_700_086_400);
    repo.branch(
        "proposal/achieved",
        &repo.find_commit(second).unwrap(),
        false,
    )
    .unwrap();
    repo.branch("other-work", &repo.find_commit(first).unwrap(), false)
        .unwrap();
    repo.reference(&main, base, true, "back to base").unwrap();
    repo.checkout_head(Some(git2::build::CheckoutBuilder::new().force()))
        .unwrap();

    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    let page = w.read("book/proposals.html");
    assert!(
        page.contains("<h2 id=\"proposal-1\">Mark the first goal achieved</h2>"),
        "{page}"
    );
    assert!(page.contains("Branch <code>proposal/achieved</code> · by Ann · <time datetime=\"2023-11-15\">15 November 2023</time> · 2 commits"), "{page}");
    assert!(
        page.contains("Changes: <code>about.md</code>, <code>goals/first.md</code>"),
        "{page}"
    );
    assert!(
        page.contains("<td>status</td>") && page.contains("<td>achieved</td>"),
        "{page}"
    );
    assert!(
        !page.contains("other-work"),
        "only branches matching the patterns"
    );
    assert!(
        w.read("book/index.html")
            .contains("href=\"proposals.html\">Proposals</a>")
    );
}

#[test]
fn an_undefined_owner_is_a_problem_and_a_reviewer_nobody_can_ask() {
    let w = Wiki::valid();
    let repo = Repository::init(w.root()).unwrap();
    commit_all(&repo, "Base", 1_700_000_000);
    repo.tag_lightweight("base", &repo.revparse_single("HEAD").unwrap(), false)
        .unwrap();
    w.write(
        "content/goals/first.md",
        &GOAL.replace("owner: agency", "owner: ghost"),
    );
    commit_all(&repo, "Give the goal to nobody", 1_700_000_100);
    let out = w.run(&["diff", "base..HEAD"]);
    assert_eq!(out.code, 0, "{}", out.all());
    let md = out.stdout;
    // The goal's owner before the change is asked; the undefined one cannot be, and says so.
    assert!(
        md.contains("### Who should review\n\n- Agency (`@org/agency`)\n- ghost (no owner page defines it)\n\n"),
        "{md}"
    );
    assert!(
        md.contains("### Problems this change introduces\n\n- error `content/goals/first.md:")
            && md.contains("owner `ghost`"),
        "{md}"
    );
    // Rated as the ref's own [wiki.check] has `check` rate it.
    w.write(
        "book.toml",
        &format!("{BOOK}\n[wiki.check]\nunknown-owner = \"warning\"\n"),
    );
    commit_all(&repo, "Undefined owners are warnings here", 1_700_000_200);
    let md = w.run(&["diff", "base..HEAD"]).stdout;
    assert!(
        md.contains("### Problems this change introduces\n\n- warning `content/goals/first.md:"),
        "{md}"
    );
}

#[test]
fn a_page_that_no_longer_builds_is_not_reported_removed() {
    let w = Wiki::valid();
    let repo = Repository::init(w.root()).unwrap();
    commit_all(&repo, "Base", 1_700_000_000);
    repo.tag_lightweight("base", &repo.revparse_single("HEAD").unwrap(), false)
        .unwrap();
    // A typing error in the front matter: the goal is broken, not dropped.
    w.write(
        "content/goals/first.md",
        &GOAL.replace("status: active", "status: [active"),
    );
    commit_all(&repo, "Typo", 1_700_000_100);
    let out = w.run(&["diff", "base..HEAD"]);
    let md = out.stdout;
    assert!(!md.contains("Goals removed"), "{md}");
    assert!(!md.contains("Pages removed"), "{md}");
    assert!(
        md.contains("### Pages that no longer build (their files are still there; see the problems)\n\n- First goal `goals/first.md` (goal)\n"),
        "{md}"
    );
    assert!(
        md.contains("### Problems this change introduces\n\n- error `content/goals/first.md:"),
        "{md}"
    );
    let json = w.run(&["diff", "base..HEAD", "--format", "json"]).stdout;
    assert!(json.contains("\"pages_unreadable\""), "{json}");
}

#[test]
fn three_dots_compare_with_the_merge_base_and_bad_ranges_say_how() {
    let w = Wiki::valid();
    let repo = Repository::init(w.root()).unwrap();
    let base = commit_all(&repo, "Base", 1_700_000_000);
    repo.branch("main-line", &repo.find_commit(base).unwrap(), false)
        .unwrap();
    // The proposal adds a goal…
    w.write(
        "content/goals/new.md",
        "---\ntitle: Proposed goal\nid: G5\nowner: agency\nstatus: proposed\n---\nText.\n",
    );
    commit_all(&repo, "Propose", 1_700_000_100);
    repo.branch(
        "proposal",
        &repo.head().unwrap().peel_to_commit().unwrap(),
        false,
    )
    .unwrap();
    // …while the main line, meanwhile, dropped the chapter.
    repo.set_head("refs/heads/main-line").unwrap();
    repo.checkout_head(Some(git2::build::CheckoutBuilder::new().force()))
        .unwrap();
    std::fs::remove_file(w.path("content/chapters/intro.md")).unwrap();
    w.write(
        "content/goals/first.md",
        &GOAL.replace("chapters: [intro]", ""),
    );
    commit_all(&repo, "Drop the chapter", 1_700_000_200);
    let two = w.run(&["diff", "main-line..proposal"]).stdout;
    assert!(two.contains("Pages added"), "{two}");
    assert!(
        two.contains("Introduction"),
        "two dots: the chapter looks added back\n{two}"
    );
    let three = w.run(&["diff", "main-line...proposal"]);
    assert_eq!(three.code, 0, "{}", three.all());
    assert!(three.stdout.contains("Proposed goal"), "{}", three.stdout);
    assert!(!three.stdout.contains("Introduction"), "{}", three.stdout);
    for bad in ["..proposal", "main-line..", "main-line"] {
        let r = w.run(&["diff", bad]);
        assert_eq!(r.code, 1);
        assert!(
            r.stderr.contains("give two refs as BASE..HEAD"),
            "{}",
            r.stderr
        );
        assert!(
            r.stderr.contains(&format!("(found `{bad}`)")),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn proposals_name_the_reviewers_codeowners_names() {
    // The proposals page's reports read each side complete, with CODEOWNERS applied (they
    // were read without it, so only front-matter owners were asked to review).
    let w = Wiki::valid();
    w.write(
        "book.toml",
        &format!("{BOOK}\n[wiki.proposals]\nbranches = [\"proposal/*\"]\n"),
    );
    w.write("CODEOWNERS", "/content/about.md @org/writers\n");
    let repo = Repository::init(w.root()).unwrap();
    let base = commit_all(&repo, "Base", 1_700_000_000);
    let main = repo.head().unwrap().name().unwrap().to_string();
    w.write("content/about.md", "# About\n\nMore about.\n");
    let tip = commit_all(&repo, "Say more about the wiki", 1_700_086_400);
    repo.branch("proposal/about", &repo.find_commit(tip).unwrap(), false)
        .unwrap();
    repo.reference(&main, base, true, "back to base").unwrap();
    repo.checkout_head(Some(git2::build::CheckoutBuilder::new().force()))
        .unwrap();

    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    let page = w.read("book/proposals.html");
    assert!(page.contains("Say more about the wiki"), "{page}");
    assert!(page.contains("@org/writers"), "{page}");
}

#[test]
fn a_change_that_makes_a_goal_overdue_is_a_problem_it_introduces() {
    // Each side of the report is loaded complete: goals are tracked, against `--today`.
    let w = Wiki::valid();
    let repo = Repository::init(w.root()).unwrap();
    commit_all(&repo, "Base", 1_700_000_000);
    repo.tag_lightweight("base", &repo.revparse_single("HEAD").unwrap(), false)
        .unwrap();
    w.write(
        "content/goals/first.md",
        &GOAL.replace("target: 2027-01-31", "target: 2020-01-01"),
    );
    commit_all(&repo, "Set a target", 1_700_000_100);
    let r = w.run(&[
        "diff",
        "base..HEAD",
        "--format",
        "json",
        "--today",
        "2026-12-06",
    ]);
    assert_eq!(r.code, 0, "{}", r.all());
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let introduced = v["problems_introduced"].as_array().unwrap();
    assert!(
        introduced.iter().any(|p| p["code"] == "overdue"),
        "{}",
        r.stdout
    );
}
