//! The comparison and the pull-request report as Markdown, ready to post as a pull-request
//! comment on GitHub or GitLab. Every piece of contributed text goes through [`super::escape`],
//! so the report's own headings, reviewers and problems are the only structure in it.
//!
//! Each entry of a section (a list item, a table row, a page's diff) is rendered by a function
//! of its own, so that [`super::summary`] can put a report that is too long for a comment
//! together from whole entries, never from half of one.

use super::config_changes::ConfigChange;
use super::escape::{code, fence, html, message, text};
use super::report::{Problem, Report, Reviewer};
use super::{Comparison, GoalChange, GoalRef, PageChange, PageRef};

/// The comparison as Markdown, ready to post as a pull-request comment.
pub fn to_markdown(c: &Comparison) -> String {
    let mut s = heading(c);
    body(c, &mut s);
    s
}

pub(super) fn heading(c: &Comparison) -> String {
    format!(
        "## Strategy changes: {} → {}\n\n",
        code(&c.base),
        code(&c.head)
    )
}

/// ` (language sv)` for a page of a multilingual wiki's language, else nothing.
fn lang(code: Option<&str>) -> String {
    code.map(|c| format!(" (language {})", text(c)))
        .unwrap_or_default()
}

/// A goal added or removed, as a list item.
pub(super) fn goal_line(g: &GoalRef) -> String {
    format!(
        "- {}**{}**{} ({}, {}{})\n",
        g.id.as_deref()
            .map(|i| format!("{} ", text(i)))
            .unwrap_or_default(),
        text(&g.title),
        lang(g.lang.as_deref()),
        code(&g.slug),
        text(&g.status),
        g.owner
            .as_deref()
            .map(|o| format!(", owner {}", code(o)))
            .unwrap_or_else(|| ", no owner".into())
    )
}

/// The heading and table head of the goals changed.
pub(super) const GOALS_CHANGED: &str =
    "### Goals changed\n\n| Goal | Field | Before | After |\n| --- | --- | --- | --- |\n";

/// The table rows of one goal changed, one per field.
pub(super) fn goal_change_rows(g: &GoalChange) -> String {
    let mut s = String::new();
    for f in &g.changes {
        s.push_str(&format!(
            "| {}{}{} | {} | {} | {} |\n",
            g.goal
                .id
                .as_deref()
                .map(|i| format!("{} ", text(i)))
                .unwrap_or_default(),
            text(&g.goal.title),
            lang(g.goal.lang.as_deref()),
            text(&f.field),
            text(&f.old),
            text(&f.new)
        ));
    }
    s
}

/// A page added, removed or not building, as a list item.
pub(super) fn page_line(p: &PageRef) -> String {
    format!(
        "- {} {} ({}){}\n",
        text(&p.title),
        code(&p.path),
        text(&p.kind),
        lang(p.lang.as_deref())
    )
}

/// A page renamed, as a list item.
pub(super) fn renamed_line(from: &str, p: &PageRef) -> String {
    format!(
        "- {} → {} ({}){}\n",
        code(from),
        code(&p.path),
        text(&p.title),
        lang(p.lang.as_deref())
    )
}

/// The page lists of a comparison, in the report's order: (heading, pages).
pub(super) fn page_lists(c: &Comparison) -> [(&'static str, &[PageRef]); 5] {
    [
        ("Owners added", &c.owners_added),
        ("Owners removed", &c.owners_removed),
        ("Pages added", &c.pages_added),
        ("Pages removed", &c.pages_removed),
        (
            "Pages that no longer build (their files are still there; see the problems)",
            &c.pages_unreadable,
        ),
    ]
}

/// A changed page with its diff (`diff`: the whole of it, or the first lines of it) and a note
/// after the fence (empty for none).
pub(super) fn page_diff(p: &PageChange, diff: &str, note: &str) -> String {
    // The summary is raw HTML (one line: a blank line would end it); the diff is in a fence no
    // line of the page can close (measured on the whole diff, so a part of it cannot either).
    let f = fence(&p.diff);
    format!(
        "<details><summary>{} <code>{}</code>{} (+{} −{})</summary>\n\n{f}diff\n{diff}{f}\n\n{note}</details>\n\n",
        html(&p.page.title),
        html(&p.page.path),
        lang(p.page.lang.as_deref()),
        p.added,
        p.removed,
    )
}

/// Everything the comparison found, after the heading.
fn body(c: &Comparison, s: &mut String) {
    if c.is_empty() {
        s.push_str("No changes to the strategy.\n");
        return;
    }
    for (title, list) in [
        ("Goals added", &c.goals_added),
        ("Goals removed", &c.goals_removed),
    ] {
        if !list.is_empty() {
            s.push_str(&format!("### {title}\n\n"));
            list.iter().for_each(|g| s.push_str(&goal_line(g)));
            s.push('\n');
        }
    }
    if !c.goals_changed.is_empty() {
        s.push_str(GOALS_CHANGED);
        c.goals_changed
            .iter()
            .for_each(|g| s.push_str(&goal_change_rows(g)));
        s.push('\n');
    }
    for (title, list) in page_lists(c) {
        if !list.is_empty() {
            s.push_str(&format!("### {title}\n\n"));
            list.iter().for_each(|p| s.push_str(&page_line(p)));
            s.push('\n');
        }
    }
    if !c.pages_renamed.is_empty() {
        s.push_str("### Pages renamed\n\n");
        for (from, p) in &c.pages_renamed {
            s.push_str(&renamed_line(from, p));
        }
        s.push('\n');
    }
    if !c.pages_changed.is_empty() {
        s.push_str("### Pages changed\n\n");
        for p in &c.pages_changed {
            s.push_str(&page_diff(p, &p.diff, ""));
        }
    }
}

/// The heading of the section a reviewer must not miss.
pub(super) const CONFIG_HEADING: &str = "### Changes to configuration, templates and scripts\n\nThese files change how the site is built, what runs on its pages, or who owns and is credited for its text: review them as code.\n\n";

/// One change to configuration, templates or scripts, as a list item with a warning mark and
/// what it does; `most` bounds its keys, files and people (the rest are counted), `None` shows
/// them all.
pub(super) fn config_item(c: &ConfigChange, most: Option<usize>) -> String {
    let most = most.unwrap_or(usize::MAX);
    let mut s = format!(
        "- ⚠️ {} {} ({})",
        code(&c.path),
        c.change.name(),
        c.kind.describe()
    );
    if c.trusted_html {
        s.push_str(
            ": **turns on `trusted-html`**: raw HTML in pages, scripts included, is published as written",
        );
    }
    if !c.keys.is_empty() {
        let mut keys: Vec<String> = c.keys.iter().take(most).map(|k| code(k)).collect();
        if c.keys.len() > most {
            keys.push(format!("and {} more", c.keys.len() - most));
        }
        s.push_str(&format!(
            "{} keys changed: {}",
            if c.trusted_html { ";" } else { ":" },
            keys.join(", ")
        ));
    }
    if c.ownership_total > 0 {
        s.push_str(&format!(
            ": changes the owners of {} file{}\n",
            c.ownership_total,
            if c.ownership_total == 1 { "" } else { "s" }
        ));
        let owners = |o: &[String]| {
            if o.is_empty() {
                "nobody".to_string()
            } else {
                o.iter().map(|x| code(x)).collect::<Vec<_>>().join(" ")
            }
        };
        for o in c.ownership.iter().take(most) {
            s.push_str(&format!(
                "  - {}: {} → {}\n",
                code(&o.path),
                owners(o.before.as_slice()),
                owners(o.after.as_slice())
            ));
        }
        let shown = c.ownership.len().min(most);
        if c.ownership_total > shown {
            s.push_str(&format!("  - and {} more\n", c.ownership_total - shown));
        }
        return s;
    }
    if !c.names.is_empty() {
        let n = c.names.len();
        s.push_str(&format!(
            ": changes how {} named on the site\n",
            if n == 1 {
                "1 person is".to_string()
            } else {
                format!("{n} people are")
            }
        ));
        for who in c.names.iter().take(most) {
            s.push_str(&format!(
                "  - {}: {} → {}\n",
                code(&who.written),
                code(&who.before),
                code(&who.after)
            ));
        }
        if n > most {
            s.push_str(&format!("  - and {} more\n", n - most));
        }
        return s;
    }
    s.push('\n');
    s
}

/// The section a reviewer must not miss: what changes how the site is built, what runs on it,
/// or who owns and is credited, each with a warning mark. Nothing when there is none.
fn config_section(changes: &[ConfigChange], s: &mut String) {
    if changes.is_empty() {
        return;
    }
    s.push_str(CONFIG_HEADING);
    changes
        .iter()
        .for_each(|c| s.push_str(&config_item(c, None)));
    s.push('\n');
}

/// Someone who should review, as a list item with the handles to ask.
pub(super) fn reviewer_line(v: &Reviewer) -> String {
    let handles = if v.handles.is_empty() {
        String::new()
    } else {
        format!(
            " ({})",
            v.handles
                .iter()
                .map(|h| code(h))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    format!("- {}{handles}\n", text(&v.title))
}

/// A problem, as a list item with its severity and place.
pub(super) fn problem_line(p: &Problem) -> String {
    let at = match (&p.file, p.line) {
        (Some(f), Some(l)) => format!("{}: ", code(&format!("{f}:{l}"))),
        (Some(f), None) => format!("{}: ", code(f)),
        _ => String::new(),
    };
    format!("- {} {at}{}\n", text(&p.severity), message(&p.message))
}

/// The headings of the problems introduced and fixed.
pub(super) const PROBLEMS_INTRODUCED: &str = "Problems this change introduces";
/// See [`PROBLEMS_INTRODUCED`].
pub(super) const PROBLEMS_FIXED: &str = "Problems this change fixes";

/// The report as Markdown for a pull-request comment: the configuration section first (it is
/// what a reviewer of page text would miss), then the strategy changes, who should review, and
/// the problems. Whole, however long: [`super::summary::fit`] makes one that
/// fits in a comment.
pub fn report_markdown(r: &Report) -> String {
    let mut s = heading(&r.comparison);
    config_section(&r.config_changes, &mut s);
    body(&r.comparison, &mut s);
    if !r.reviewers.is_empty() {
        s.push_str("### Who should review\n\n");
        r.reviewers
            .iter()
            .for_each(|v| s.push_str(&reviewer_line(v)));
        s.push('\n');
    }
    for (title, ps) in [
        (PROBLEMS_INTRODUCED, &r.problems_introduced),
        (PROBLEMS_FIXED, &r.problems_fixed),
    ] {
        if !ps.is_empty() {
            s.push_str(&format!("### {title}\n\n"));
            ps.iter().for_each(|p| s.push_str(&problem_line(p)));
            s.push('\n');
        }
    }
    s
}
