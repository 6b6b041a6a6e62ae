//! `[wiki.front-matter]` (issue #24 point 3): handbooks written for other tools (alphagov's
//! gds-way: `owner_slack`, `last_reviewed_on`, `review_in`) name stratwiki's fields otherwise;
//! `book.toml` maps their keys to stratwiki's, and what they say is read, not ignored.

mod common;

use common::*;

const TODAY: &str = "2025-06-01";

const ALIASES: &str = "[wiki.history]\nenabled = false\n[wiki.front-matter]\nowner = [\"owner_slack\", \"maintainer\"]\nreview = [\"last_reviewed_on\"]\nreview-every = [\"review_in\"]\ntitle = [\"page_title\"]\n";

fn wiki() -> Wiki {
    let w = Wiki::valid();
    w.write("book.toml", &format!("{BOOK}{ALIASES}"));
    w
}

fn build(w: &Wiki) -> Run {
    w.run(&["build", "--today", TODAY])
}

#[test]
fn aliased_keys_are_read_as_the_fields_they_name() {
    let w = wiki();
    w.write(
        "content/goals/first.md",
        "---\npage_title: Served online\nid: G1\nmaintainer: agency\nstatus: active\nlast_reviewed_on: 2025-05-01\nreview_in: 6 months\n---\n\nBody.\n",
    );
    let b = build(&w);
    assert_eq!(b.code, 0, "{}", b.all());
    // No "goal without owner", no stale review: the aliases gave both.
    assert!(!b.all().contains("warning:"), "{}", b.all());
    let page = w.read("book/goals/first.html");
    assert!(
        page.contains("Served online"),
        "the title came from `page_title`"
    );
    assert!(
        page.contains("href=\"../owners/agency.html\""),
        "the owner came from `maintainer`"
    );
}

#[test]
fn a_slack_channel_owner_is_shown_as_text_not_an_error() {
    let w = wiki();
    w.write(
        "content/chapters/intro.md",
        "---\ntitle: Introduction\nowner_slack: \"#strategy-team\"\n---\n\nText.\n",
    );
    w.write(
        "content/goals/first.md",
        "---\ntitle: First goal\nowner_slack: \"#goal-team\"\n---\n\nBody.\n",
    );
    let b = build(&w);
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(!b.all().contains("unknown-owner"), "{}", b.all());
    assert!(!b.all().contains("is not defined"), "{}", b.all());
    assert!(w.read("book/goals/first.html").contains("#goal-team"));
    assert!(
        w.read("book/chapters/intro.html")
            .contains("#strategy-team")
    );
    // Any other owner nobody defines is still an error.
    w.write(
        "content/goals/first.md",
        "---\ntitle: First goal\nowner_slack: nobody\n---\n\nBody.\n",
    );
    let b = build(&w);
    assert_eq!(b.code, 1, "{}", b.all());
    assert!(
        b.all().contains("content/goals/first.md:3:14"),
        "the error points at the alias's value: {}",
        b.all()
    );
}

#[test]
fn the_field_wins_over_its_alias_with_a_warning_at_the_alias() {
    let w = wiki();
    w.write(
        "content/goals/first.md",
        "---\ntitle: First goal\nowner: agency\nstatus: active\nowner_slack: \"#other\"\n---\n\nBody.\n",
    );
    let b = build(&w);
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(
        b.all().contains("warning: content/goals/first.md:5:1: `owner_slack` (an alias of `owner`) is ignored: the page also gives `owner`, which is used"),
        "{}",
        b.all()
    );
    assert!(
        w.read("book/goals/first.html")
            .contains("href=\"../owners/agency.html\"")
    );
}

#[test]
fn a_bad_value_under_an_alias_is_reported_at_the_alias() {
    let w = wiki();
    w.write(
        "content/goals/first.md",
        "---\ntitle: First goal\nowner: agency\nlast_reviewed_on: last week\n---\n\nBody.\n",
    );
    let c = w.run(&["check", "--today", TODAY]);
    assert_eq!(c.code, 1, "{}", c.all());
    assert!(
        c.all()
            .contains("content/goals/first.md:4:19: `review` must be a date"),
        "{}",
        c.all()
    );
}

#[test]
fn an_alias_for_an_unknown_field_is_an_error_at_its_line() {
    let w = Wiki::valid();
    w.write(
        "book.toml",
        &format!("{BOOK}[wiki.front-matter]\nowner = [\"owner_slack\"]\ncolour = [\"color\"]\n"),
    );
    let c = w.check();
    assert_eq!(c.code, 1, "{}", c.all());
    assert!(
        c.all()
            .contains("book.toml:6:1: `wiki.front-matter` gives aliases for `colour`"),
        "{}",
        c.all()
    );
    // And no unknown-key warning for the table itself.
    w.write(
        "book.toml",
        &format!("{BOOK}[wiki.front-matter]\nowner = [\"owner_slack\"]\n"),
    );
    let c = w.check();
    assert_eq!(c.code, 0, "{}", c.all());
    assert!(!c.all().contains("unknown key"), "{}", c.all());
}
