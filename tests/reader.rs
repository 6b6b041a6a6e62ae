//! What a reader sees (issue #25): dates in long form, numbers with separators, owner pages
//! without repetition, a home page that leads with the state of the strategy, and a sidebar that
//! shows where each page sits. Each test builds a small wiki and reads the HTML.

mod common;

use common::*;

const TODAY: &str = "2026-12-06";

fn build(w: &Wiki) -> String {
    let r = w.run(&["build", "--today", TODAY]);
    assert_eq!(r.code, 0, "{}", r.all());
    r.all()
}

/// The small valid wiki without git history, plus an overdue goal with a large indicator.
fn wiki() -> Wiki {
    let w = Wiki::valid();
    w.write(
        "book.toml",
        &format!("{BOOK}\n[wiki.history]\nenabled = false\n[wiki.check]\noverdue = \"warning\"\n"),
    );
    w.write(
        "content/goals/late.md",
        "---\ntitle: Late goal\nid: G2\nowner: agency\nstatus: active\narea: infrastructure\n\
         target: 2020-12-31\nreview: 2026-11-01\nprogress: 10\nindicators:\n  - name: People reached\n    \
         unit: people\n    baseline: 0\n    current: 12500\n    target: 20000\n---\n\nLate.\n",
    );
    w
}

#[test]
fn dates_are_long_and_machine_readable() {
    let w = wiki();
    build(&w);
    let goal = w.read("book/goals/first.html");
    assert!(
        goal.contains("<time datetime=\"2027-01-31\">31 January 2027</time>"),
        "the target date in the facts:\n{goal}"
    );
    let late = w.read("book/goals/late.html");
    assert!(
        late.contains("Overdue since <time datetime=\"2020-12-31\">31 December 2020</time>"),
        "{late}"
    );
    assert!(late.contains("about 6 years ago"), "{late}");
    assert!(!late.contains("days ago"), "no count of days: {late}");
    let dashboard = w.read("book/dashboard.html");
    assert!(
        dashboard.contains(">31 December 2020</time>"),
        "goal tables write dates in long form"
    );
    assert!(!dashboard.contains(">2020-12-31<"), "no ISO date as text");
}

#[test]
fn numbers_have_separators() {
    let w = wiki();
    build(&w);
    let late = w.read("book/goals/late.html");
    assert!(late.contains("20,000 people"), "{late}");
    assert!(late.contains("12,500 people"), "{late}");
    assert!(!late.contains("20000 people"), "{late}");
}

#[test]
fn dashboard_charts_share_one_axis_and_are_their_own_tables() {
    let w = wiki();
    build(&w);
    let d = w.read("book/dashboard.html");
    // Two bar charts (status, area), each one table: no second table repeating the numbers.
    assert_eq!(d.matches("<table class=\"bar-table\">").count(), 2, "{d}");
    assert!(
        !d.contains("count-table"),
        "no table duplicating a chart: {d}"
    );
    assert!(!d.contains("<svg class=\"chart\""), "{d}");
    // Both axes are the same (the largest count is 2 goals, active, in infrastructure).
    let axis = "<span class=\"bar-tick\" style=\"left: 0.0%\">0</span><span class=\"bar-tick\" style=\"left: 50.0%\">1</span><span class=\"bar-tick\" style=\"left: 100.0%\">2</span>";
    assert_eq!(d.matches(axis).count(), 2, "{d}");
    assert!(
        d.contains("<span class=\"bar-fill bar-status-active\" style=\"width: 100.0%\">"),
        "{d}"
    );
    // Statuses are told apart by their words, not only by colour.
    assert!(d.contains("<span class=\"status status-active\">Active</span>"));
}

#[test]
fn indicators_say_their_direction_and_a_reached_target() {
    let w = wiki();
    w.write(
        "content/goals/fewer.md",
        "---\ntitle: Fewer queues\nowner: agency\nstatus: active\nindicators:\n  - name: Days waited\n    \
         baseline: 40\n    current: 8\n    target: 10\n---\n\nShorter.\n",
    );
    build(&w);
    let g = w.read("book/goals/fewer.html");
    assert!(g.contains("lower is better"), "{g}");
    assert!(g.contains("flag-reached"), "{g}");
    assert!(
        g.contains("class=\"chart-legend\""),
        "a legend names the marks: {g}"
    );
    // The baseline on the left, the target to its right (the scale reversed).
    assert!(
        g.contains("<circle cx=\"10.0\" cy=\"16\" r=\"5\" class=\"mark-baseline\"/>"),
        "{g}"
    );
}

/// How many times the owner page links to goal `slug`.
fn o_count(w: &Wiki, slug: &str) -> usize {
    w.read("book/owners/agency.html")
        .matches(&format!("href=\"../goals/{slug}.html\""))
        .count()
}

#[test]
fn owner_page_lists_each_goal_once_and_links_its_contact() {
    let w = wiki();
    w.write(
        "content/owners/agency.md",
        "---\ntitle: Agency\ntype: agency\ncontact: team@agency.example\nhandles: [\"@org/agency\"]\n---\n\nThe agency.\n",
    );
    // A goal whose text links to its owner: listed in the table, not again under "Referenced by".
    w.write(
        "content/goals/linked.md",
        "---\ntitle: Linked goal\nowner: agency\nstatus: active\n---\n\nRun by [the agency](../owners/agency.md).\n",
    );
    build(&w);
    assert_eq!(o_count(&w, "linked"), 1);
    let o = w.read("book/owners/agency.html");
    assert!(
        o.contains("<a href=\"mailto:team@agency.example\">team@agency.example</a>"),
        "{o}"
    );
    // The overdue goal is in the table of goals owned (flagged), not again in a list of its own.
    assert_eq!(o.matches("href=\"../goals/late.html\"").count(), 1, "{o}");
    assert_eq!(o.matches("href=\"../goals/first.html\"").count(), 1, "{o}");
    assert!(o.contains("<strong>1 overdue</strong>"), "{o}");
    assert!(o.contains("flag-overdue"), "{o}");
}

#[test]
fn home_page_leads_with_the_state_of_the_strategy() {
    let w = wiki();
    w.write(
        "content/index.md",
        "# Home\n\nA long introduction to the strategy.\n",
    );
    // A goal whose owner has no page: unowned on the dashboard.
    w.write(
        "content/goals/orphan.md",
        "---\ntitle: Orphan goal\nstatus: proposed\n---\n\nNobody.\n",
    );
    build(&w);
    let home = w.read("book/index.html");
    let glance = home
        .find("The strategy at a glance")
        .expect("a glance section");
    let intro = home.find("A long introduction").expect("the introduction");
    assert!(
        glance < intro,
        "the state of the strategy comes first: {home}"
    );
    assert!(
        home.contains("<a href=\"dashboard.html#sw-overdue\"><strong>1</strong> overdue</a>"),
        "{home}"
    );
    assert!(
        home.contains("<a href=\"dashboard.html#sw-unowned\"><strong>1</strong> no owner</a>"),
        "{home}"
    );
    assert!(home.contains("<strong>0</strong> stale"), "{home}");
    assert!(home.contains("<strong>3</strong> goals</a>"), "{home}");
    assert!(
        home.contains("bar-status-proposed"),
        "goals by status: {home}"
    );
    // The counts link to the lists they count.
    let dash = w.read("book/dashboard.html");
    assert!(dash.contains("id=\"sw-overdue\"") && dash.contains("id=\"sw-unowned\""));
}

#[test]
fn the_sidebar_marks_the_section_of_every_page_kind() {
    let w = wiki();
    build(&w);
    for (page, link) in [
        (
            "goals/first.html",
            "<a href=\"../goals/index.html\" aria-current=\"true\">Goals</a>",
        ),
        (
            "owners/agency.html",
            "<a href=\"../owners/index.html\" aria-current=\"true\">Owners</a>",
        ),
        (
            "case-studies/case.html",
            "<a href=\"../case-studies/index.html\" aria-current=\"true\">Case studies</a>",
        ),
        (
            "tags/vision.html",
            "<a href=\"../tags/index.html\" aria-current=\"true\">Tags</a>",
        ),
        (
            "dashboard.html",
            "<a href=\"dashboard.html\" aria-current=\"page\">Dashboard</a>",
        ),
    ] {
        let html = w.read(&format!("book/{page}"));
        let sidebar = &html[html.find("<aside class=\"sidebar\">").expect(page)..];
        assert!(sidebar.contains(link), "{page}: {sidebar}");
        assert_eq!(
            sidebar.matches("aria-current").count(),
            1,
            "{page}: {sidebar}"
        );
    }
}
