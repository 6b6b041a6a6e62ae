//! A page whose front matter lost its opening `---` (its fields then read as the page's text)
//! gets a warning at its file and first line, from `check` as from `build`.

mod common;

use common::*;

#[test]
fn front_matter_without_its_opening_line_is_a_warning_at_its_first_line() {
    let w = Wiki::valid();
    // The goal's front matter with its first line deleted.
    let unfenced = GOAL.strip_prefix("---\n").expect("GOAL starts with ---");
    w.write("content/goals/first.md", unfenced);
    // A page with a real rule after prose is left alone.
    w.write(
        "content/notes.md",
        "# Notes\n\nStatus: we are on track.\n\n---\n\nMore.\n",
    );
    let c = w.check();
    let said = "warning: content/goals/first.md:1:1: this looks like front matter: add `---` as the first line";
    assert!(c.all().contains(said), "{}", c.all());
    assert!(
        c.all().contains("lines 1–9 are shown as the page's text"),
        "{}",
        c.all()
    );
    assert!(!c.all().contains("content/notes.md:1:1"), "{}", c.all());
    assert_eq!(
        c.all().matches("this looks like front matter").count(),
        1,
        "{}",
        c.all()
    );
    let b = w.build();
    assert!(b.all().contains(said), "{}", b.all());
    // Put back, no warning.
    w.write("content/goals/first.md", GOAL);
    let c = w.check();
    assert!(!c.all().contains("looks like front matter"), "{}", c.all());
}
