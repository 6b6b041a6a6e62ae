//! The comparison and the pull-request report as Markdown, ready to post as a pull-request
//! comment on GitHub or GitLab. Every piece of contributed text goes through [`super::escape`],
//! so the report's own headings, reviewers and problems are the only structure in it.

use super::config_changes::ConfigChange;
use super::escape::{code, fence, html, message, text};
use super::report::{Problem, Report};
use super::{Comparison, GoalRef, PageRef};

/// The comparison as Markdown, ready to post as a pull-request comment.
pub fn to_markdown(c: &Comparison) -> String {
    let mut s = heading(c);
    body(c, &mut s);
    s
}

fn heading(c: &Comparison) -> String {
    format!(
        "## Strategy changes: {} → {}\n\n",
        code(&c.base),
        code(&c.head)
    )
}

/// Everything the comparison found, after the heading.
fn body(c: &Comparison, s: &mut String) {
    if c.is_empty() {
        s.push_str("No changes to the strategy.\n");
        return;
    }
    let goal_line = |g: &GoalRef| {
        format!(
            "- {}**{}** ({}, {}{})\n",
            g.id.as_deref()
                .map(|i| format!("{} ", text(i)))
                .unwrap_or_default(),
            text(&g.title),
            code(&g.slug),
            text(&g.status),
            g.owner
                .as_deref()
                .map(|o| format!(", owner {}", code(o)))
                .unwrap_or_else(|| ", no owner".into())
        )
    };
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
        s.push_str(
            "### Goals changed\n\n| Goal | Field | Before | After |\n| --- | --- | --- | --- |\n",
        );
        for g in &c.goals_changed {
            for f in &g.changes {
                s.push_str(&format!(
                    "| {}{} | {} | {} | {} |\n",
                    g.goal
                        .id
                        .as_deref()
                        .map(|i| format!("{} ", text(i)))
                        .unwrap_or_default(),
                    text(&g.goal.title),
                    text(&f.field),
                    text(&f.old),
                    text(&f.new)
                ));
            }
        }
        s.push('\n');
    }
    let pages = |title: &str, list: &[PageRef], s: &mut String| {
        if !list.is_empty() {
            s.push_str(&format!("### {title}\n\n"));
            for p in list {
                s.push_str(&format!(
                    "- {} {} ({})\n",
                    text(&p.title),
                    code(&p.path),
                    text(&p.kind)
                ));
            }
            s.push('\n');
        }
    };
    pages("Owners added", &c.owners_added, s);
    pages("Owners removed", &c.owners_removed, s);
    pages("Pages added", &c.pages_added, s);
    pages("Pages removed", &c.pages_removed, s);
    pages(
        "Pages that no longer build (their files are still there; see the problems)",
        &c.pages_unreadable,
        s,
    );
    if !c.pages_renamed.is_empty() {
        s.push_str("### Pages renamed\n\n");
        for (from, p) in &c.pages_renamed {
            s.push_str(&format!(
                "- {} → {} ({})\n",
                code(from),
                code(&p.path),
                text(&p.title)
            ));
        }
        s.push('\n');
    }
    if !c.pages_changed.is_empty() {
        s.push_str("### Pages changed\n\n");
        for p in &c.pages_changed {
            // The summary is raw HTML (one line: a blank line would end it); the diff is in a
            // fence no line of the page can close.
            let f = fence(&p.diff);
            s.push_str(&format!(
                "<details><summary>{} <code>{}</code> (+{} −{})</summary>\n\n{f}diff\n{}{f}\n\n</details>\n\n",
                html(&p.page.title),
                html(&p.page.path),
                p.added,
                p.removed,
                p.diff
            ));
        }
    }
}

/// The section a reviewer must not miss: what changes how the site is built, what runs on it,
/// or who owns and is credited, each with a warning mark. Nothing when there is none.
fn config_section(changes: &[ConfigChange], s: &mut String) {
    if changes.is_empty() {
        return;
    }
    s.push_str(
        "### Changes to configuration, templates and scripts\n\nThese files change how the site is built, what runs on its pages, or who owns and is credited for its text: review them as code.\n\n",
    );
    for c in changes {
        s.push_str(&format!(
            "- ⚠️ {} {} ({})",
            code(&c.path),
            c.change.name(),
            c.kind.describe()
        ));
        if c.trusted_html {
            s.push_str(
                ": **turns on `trusted-html`**: raw HTML in pages, scripts included, is published as written",
            );
        }
        if !c.keys.is_empty() {
            let keys: Vec<String> = c.keys.iter().map(|k| code(k)).collect();
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
            for o in &c.ownership {
                s.push_str(&format!(
                    "  - {}: {} → {}\n",
                    code(&o.path),
                    owners(o.before.as_slice()),
                    owners(o.after.as_slice())
                ));
            }
            if c.ownership_total > c.ownership.len() {
                s.push_str(&format!(
                    "  - and {} more\n",
                    c.ownership_total - c.ownership.len()
                ));
            }
            continue;
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
            for who in &c.names {
                s.push_str(&format!(
                    "  - {}: {} → {}\n",
                    code(&who.written),
                    code(&who.before),
                    code(&who.after)
                ));
            }
            continue;
        }
        s.push('\n');
    }
    s.push('\n');
}

/// The report as Markdown for a pull-request comment: the configuration section first (it is
/// what a reviewer of page text would miss), then the strategy changes, who should review, and
/// the problems.
pub fn report_markdown(r: &Report) -> String {
    let mut s = heading(&r.comparison);
    config_section(&r.config_changes, &mut s);
    body(&r.comparison, &mut s);
    if !r.reviewers.is_empty() {
        s.push_str("### Who should review\n\n");
        for v in &r.reviewers {
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
            s.push_str(&format!("- {}{handles}\n", text(&v.title)));
        }
        s.push('\n');
    }
    let list = |title: &str, ps: &[Problem], s: &mut String| {
        if ps.is_empty() {
            return;
        }
        s.push_str(&format!("### {title}\n\n"));
        for p in ps {
            let at = match (&p.file, p.line) {
                (Some(f), Some(l)) => format!("{}: ", code(&format!("{f}:{l}"))),
                (Some(f), None) => format!("{}: ", code(f)),
                _ => String::new(),
            };
            s.push_str(&format!(
                "- {} {at}{}\n",
                text(&p.severity),
                message(&p.message)
            ));
        }
        s.push('\n');
    };
    list(
        "Problems this change introduces",
        &r.problems_introduced,
        &mut s,
    );
    list("Problems this change fixes", &r.problems_fixed, &mut s);
    s
}
