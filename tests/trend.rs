//! Progress over time (issue 28): a goal's progress goes 10 → 30 → 20 → 60 over four commits
//! by two authors, with a rename in between. The goal page charts those four points with
//! their dates and authors, `goals.json` holds the same series, an old edition's series stops
//! at its date, and a warm build reads no blob again.

mod common;

use common::Wiki;
use git2::Repository;

/// Commit the whole tree as `who` at `time`.
fn commit_as(repo: &Repository, who: &str, msg: &str, time: i64) -> git2::Oid {
    let mut index = repo.index().unwrap();
    index
        .add_all(
            ["*"].iter(),
            git2::IndexAddOption::DEFAULT,
            Some(&mut |p: &std::path::Path, _: &[u8]| {
                i32::from(p.starts_with(".stratwiki-cache") || p.starts_with("book"))
            }),
        )
        .unwrap();
    index.update_all(["*"].iter(), None).unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let email = format!("{}@example.org", who.to_lowercase());
    let sig = git2::Signature::new(who, &email, &git2::Time::new(time, 0)).unwrap();
    let parents: Vec<git2::Commit<'_>> = repo
        .head()
        .ok()
        .and_then(|h| h.target())
        .map(|h| vec![repo.find_commit(h).unwrap()])
        .unwrap_or_default();
    let refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
    repo.commit(Some("HEAD"), &sig, &sig, msg, &tree, &refs)
        .unwrap()
}

fn goal(progress: u32, users: u32) -> String {
    format!(
        "---\ntitle: Common eID\nowner: agency\nstatus: active\ntarget: 2030-12-31\nprogress: {progress}\nindicators:\n  - name: Agencies accepting the eID\n    baseline: 0\n    current: {users}\n    target: 100\n    unit: \"%\"\n---\n\nEvery public service accepts one electronic identity.\n\n## Why\n\nPeople should sign in once, with one identity, everywhere the state offers a service online.\nThe work is shared between the agency and every municipality and region.\n\n## How\n\nThe agency runs the common eID; agencies connect their services to it, one by one.\n"
    )
}

const DAY: i64 = 86_400;
const T0: i64 = 1_600_000_000; // 2020-09-13

/// The four commits (and a first one that sets the wiki up), v1 tagged after the third.
fn wiki() -> Wiki {
    let w = Wiki::valid();
    w.write(
        "book.toml",
        "[book]\ntitle = \"Trend\"\n\n[wiki.versions]\ntags = [\"v*\"]\n",
    );
    w.write(".gitignore", "book/\n.stratwiki-cache/\n");
    let repo = Repository::init(w.root()).unwrap();
    w.write("content/goals/eid.md", &goal(10, 40));
    commit_as(&repo, "Ann", "Start the eID goal", T0);
    w.write("content/goals/eid.md", &goal(30, 55));
    commit_as(&repo, "Bob", "eID: 30%", T0 + 30 * DAY);
    // The rename, with the value going back.
    std::fs::remove_file(w.path("content/goals/eid.md")).unwrap();
    w.write("content/goals/common-eid.md", &goal(20, 55));
    let third = commit_as(
        &repo,
        "Ann",
        "Rename to common eID; progress revised",
        T0 + 60 * DAY,
    );
    repo.tag_lightweight("v1", &repo.find_object(third, None).unwrap(), false)
        .unwrap();
    w.write("content/goals/common-eid.md", &goal(60, 70));
    // The other goal is achieved: the strategy's trend changes too.
    let first = w
        .read("content/goals/first.md")
        .replace("status: active", "status: achieved");
    w.write("content/goals/first.md", &first);
    let fourth = commit_as(&repo, "Bob", "eID: 60%", T0 + 90 * DAY);
    repo.tag_lightweight("v2", &repo.find_object(fourth, None).unwrap(), false)
        .unwrap();
    w
}

fn date(t: i64) -> String {
    jiff::Timestamp::from_second(t)
        .unwrap()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .to_string()
}

/// The goal's progress series in a `goals.json`: (value, date, author).
fn progress_series(json: &str) -> Vec<(u64, String, String)> {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    let g = v["goals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["slug"] == "common-eid")
        .expect("the goal is in goals.json");
    g["series"]["progress"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["value"].as_u64().unwrap(),
                p["date"].as_str().unwrap().to_string(),
                p["author"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_goals_progress_over_four_commits_and_a_rename() {
    let w = wiki();
    let b = w.run_env(
        &["build", "--today", "2021-06-01"],
        &[("STRATWIKI_TIMINGS", "1")],
    );
    assert_eq!(b.code, 0, "{}", b.all());
    let expected: Vec<(u64, String, String)> = [
        (10, 0, "Ann"),
        (30, 30, "Bob"),
        (20, 60, "Ann"),
        (60, 90, "Bob"),
    ]
    .into_iter()
    .map(|(v, d, who)| (v, date(T0 + d * DAY), who.to_string()))
    .collect();
    assert_eq!(progress_series(&w.read("book/goals.json")), expected);

    // The goal page: four points, each with its date, value and author, reachable by keyboard
    // (links to the change on the history page), and the same values in a table.
    let page = w.read("book/goals/common-eid.html");
    let chart_start = page
        .find("id=\"sw-trend-progress\"")
        .expect("a progress chart");
    let chart = &page[chart_start..page[chart_start..].find("</figure>").unwrap() + chart_start];
    assert_eq!(
        chart.matches("<a class=\"trend-point\"").count(),
        4,
        "{chart}"
    );
    for (v, d, who) in &expected {
        assert!(
            chart.contains(&format!("<title>{d}: Progress {v}%, by {who}")),
            "{d} {v} {who}: {chart}"
        );
        assert!(
            chart.contains(&format!("<td>{v}%</td><td>{who}</td>")),
            "the table row of {d}: {chart}"
        );
    }
    assert!(
        chart.contains("href=\"../history/goals/common-eid.html#rev-"),
        "{chart}"
    );
    // The target date is marked.
    assert!(chart.contains("class=\"trend-target-date\""), "{chart}");
    // The indicator has its own chart, with its target value.
    assert!(page.contains("id=\"sw-trend-indicator-1\""), "{page}");
    assert!(page.contains("Target 100%"), "{page}");

    // The old edition: the series up to its own date.
    let old = progress_series(&w.read("book/v1/goals.json"));
    assert_eq!(old, expected[..3].to_vec());
    let old_page = w.read("book/v1/goals/common-eid.html");
    // Three progress points, and two of the indicator (55 twice is one change).
    assert_eq!(old_page.matches("<a class=\"trend-point\"").count(), 3 + 2);

    // The dashboard shows the strategy over time.
    let dash = w.read("book/dashboard.html");
    assert!(dash.contains("id=\"sw-strategy-trend\""), "{dash}");
    let d90 = date(T0 + 90 * DAY);
    assert!(
        dash.contains(&format!("<th scope=\"row\"><time datetime=\"{d90}\">{d90}</time></th><td>0</td><td>1</td><td>1</td>")),
        "on the fourth commit's day: one active goal, one achieved: {dash}"
    );

    // The series come from blobs read once: a warm build reads none.
    assert!(b.stderr.contains("goal series ("), "{}", b.stderr);
    let warm = w.run_env(
        &["build", "--today", "2021-06-01"],
        &[("STRATWIKI_TIMINGS", "1")],
    );
    assert_eq!(warm.code, 0, "{}", warm.all());
    let lines: Vec<&str> = warm
        .stderr
        .lines()
        .filter(|l| l.contains("goal series ("))
        .collect();
    assert!(!lines.is_empty(), "{}", warm.stderr);
    assert!(
        lines.iter().all(|l| l.contains(", 0 blobs read)")),
        "{}",
        warm.stderr
    );
    assert_eq!(progress_series(&w.read("book/goals.json")), expected);
}
