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
    assert!(md.contains("### Pages renamed\n\n- `chapters/intro.md` → `chapters/introduction.md` (Introduction)\n"), "{md}");
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
