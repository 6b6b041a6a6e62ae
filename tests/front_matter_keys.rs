//! A key given twice in front matter (issue #23): Jekyll and Hugo take the last value, so
//! stratwiki does too, with a warning at the repeated key's own line and column, in `build`
//! and `check` alike, also inside nested mappings; the front matter's limits still hold.

mod common;

use common::*;

const REPEATED: &str = "---\ntitle: First goal\nstatus: proposed\nowner: agency\nindicators:\n  - name: Old name\n    target: 10\n    current: 5\n    name: Served online\nstatus: active\n---\n\nBody of the goal.\n";

fn warning(key: &str, at: &str) -> String {
    format!(
        "warning: content/goals/first.md:{at}: the key `{key}` is given again in the same mapping: the last value is used (as in Jekyll and Hugo); remove the earlier one\n"
    )
}

#[test]
fn the_last_value_wins_with_a_warning_at_the_key_in_build_and_check() {
    let w = Wiki::valid();
    w.write("content/goals/first.md", REPEATED);
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    // File lines: the top-level `status` again on line 10, the indicator's `name` on line 9,
    // indented by four spaces.
    assert!(b.all().contains(&warning("status", "10:1")), "{}", b.all());
    assert!(b.all().contains(&warning("name", "9:5")), "{}", b.all());
    let page = w.read("book/goals/first.html");
    assert!(page.contains("status-active"), "the last status is used");
    assert!(!page.contains("status-proposed"));
    assert!(page.contains("Served online"), "the last indicator name");
    assert!(!page.contains("Old name"));

    let c = w.check();
    assert_eq!(c.code, 0, "{}", c.all());
    assert!(c.all().contains(&warning("status", "10:1")), "{}", c.all());
    assert!(c.all().contains(&warning("name", "9:5")), "{}", c.all());
}

#[test]
fn a_bad_value_is_reported_where_the_value_used_is() {
    let w = Wiki::valid();
    // The first value is bad, the one used is fine: no error.
    w.write(
        "content/goals/first.md",
        "---\ntitle: First goal\nowner: agency\nstatus: done\nstatus: active\n---\nText.\n",
    );
    let c = w.check();
    assert_eq!(c.code, 0, "{}", c.all());
    assert!(c.all().contains(&warning("status", "5:1")), "{}", c.all());
    // The value used is bad: the error is at its line, not the first `status`.
    w.write(
        "content/goals/first.md",
        "---\ntitle: First goal\nowner: agency\nstatus: active\nstatus: done\n---\nText.\n",
    );
    let c = w.check();
    assert_eq!(c.code, 1, "{}", c.all());
    assert!(
        c.all()
            .contains("error: content/goals/first.md:5:9: `status` must be one of"),
        "{}",
        c.all()
    );
}

#[test]
fn flow_mappings_and_many_repeats() {
    let w = Wiki::valid();
    // In a flow mapping the column is the repeated key's.
    let mut text = String::from("---\ntitle: About\nextra: {a: 1, b: 2, a: 3}\n");
    // 25 more `x` lines: 24 repeats, the first 20 placed, the rest counted once.
    text.push_str(&"x: 1\n".repeat(25));
    text.push_str("---\n\nText.\n");
    w.write("content/about.md", &text);
    let c = w.check();
    assert_eq!(c.code, 0, "{}", c.all());
    assert!(
        c.all()
            .contains("warning: content/about.md:3:21: the key `a` is given again"),
        "{}",
        c.all()
    );
    assert_eq!(
        c.all().matches("the key `x` is given again").count(),
        19,
        "{}",
        c.all()
    );
    assert!(
        c.all().contains("warning: content/about.md:2:1: 5 more keys are given again in the same mapping: the last value of each is used"),
        "{}",
        c.all()
    );
}

#[test]
fn front_matter_limits_still_hold() {
    let w = Wiki::valid();
    // Over the depth limit, with a repeated key before it: the depth error, as before.
    w.write(
        "content/about.md",
        &format!(
            "---\ntitle: A\ntitle: B\nx: {}\n---\nText.\n",
            "[".repeat(200)
        ),
    );
    let c = w.check();
    assert_eq!(c.code, 1);
    assert!(
        c.all().contains("content/about.md:4:") && c.all().contains("more than 100 levels deep"),
        "{}",
        c.all()
    );
    // Over 64 KB of repeated keys: refused by its size, not read.
    w.write(
        "content/about.md",
        &format!("---\n{}---\nText.\n", "title: A\n".repeat(8000)),
    );
    let c = w.check();
    assert_eq!(c.code, 1);
    assert!(
        c.all()
            .contains("error: content/about.md:2:1: front matter is 72000 bytes"),
        "{}",
        c.all()
    );
    assert!(!c.all().contains("given again"), "{}", c.all());
}
