//! A pull-request report that fits in a comment.
//!
//! GitHub rejects a comment over 65,536 characters, and the whole report of an ordinary release
//! of a real wiki is 90,000 to 670,000: posted as it is, the comment fails and a reviewer sees
//! nothing. So when the whole report is longer than the limit, [`fit`] puts a summary together
//! from whole entries of it, in the order a review needs them:
//!
//! 1. what a review must see, whole unless it is itself very long: the changes to
//!    configuration, templates and scripts, the problems introduced and fixed, who should
//!    review, the goals changed;
//! 2. the numbers of everything;
//! 3. the goals added and removed, and the lists of owners and pages added, removed, not
//!    building and renamed, each up to a share of the room;
//! 4. the diffs of the changed pages, largest first, each cut at a line when it is long (its
//!    code fence still closed), then the other changed pages by name, then a line that counts
//!    the rest.
//!
//! Every entry is whole (a list item, a table row, a fenced diff), so nothing is cut in the
//! middle of a Markdown construct, and what is left out is counted ("and 12 more"). The summary
//! depends only on the report, so it is as deterministic as the report.

use super::escape::code;
use super::markdown::{
    CONFIG_HEADING, GOALS_CHANGED, PROBLEMS_FIXED, PROBLEMS_INTRODUCED, config_item,
    goal_change_rows, goal_line, heading, page_diff, page_line, page_lists, problem_line,
    renamed_line, reviewer_line,
};
use super::report::Report;
use super::{Comparison, PageChange};

/// How many characters the Markdown report may have on standard output: GitHub rejects a
/// comment over 65,536 characters (GitLab's limit is higher), and the margin leaves room for a
/// bot's own words around the report and for a count that differs from ours (GitHub counts
/// characters, not bytes, as [`chars`] does).
pub const COMMENT_LIMIT: usize = 60_000;

/// The most each section of what a review must see takes before it is cut, in characters, so
/// that one huge section cannot crowd out all the others.
const CONFIG_CAP: usize = 15_000;
/// See [`CONFIG_CAP`].
const PROBLEMS_INTRODUCED_CAP: usize = 10_000;
/// See [`CONFIG_CAP`].
const PROBLEMS_FIXED_CAP: usize = 5_000;
/// See [`CONFIG_CAP`].
const REVIEWERS_CAP: usize = 5_000;
/// See [`CONFIG_CAP`].
const GOALS_CHANGED_CAP: usize = 8_000;
/// The most the goals added, and the goals removed, take.
const GOAL_LIST_CAP: usize = 3_000;
/// The most each list of owners or pages takes.
const PAGE_LIST_CAP: usize = 2_000;
/// The most one page's diff takes: more pages shown beats one page shown whole.
const DIFF_CAP: usize = 6_000;
/// A diff is not begun in less room than this: a summary line and a few lines of it.
const DIFF_MIN: usize = 800;
/// The most the list of changed pages whose diffs are left out takes.
const OTHER_PAGES_CAP: usize = 6_000;
/// The most keys, files or people one configuration change lists.
const CONFIG_DETAILS: usize = 20;

/// The length of `s` as GitHub counts a comment's: in characters.
pub fn chars(s: &str) -> usize {
    s.chars().count()
}

/// The Markdown report (`full`, from [`super::report_markdown`]) as it is when it has at most
/// `limit` characters, and otherwise summarised to at most `limit` (see the module's
/// documentation). `full_at`, where the maintainer had the whole report written, is named at
/// the top of a summary.
pub fn fit(r: &Report, full: String, limit: usize, full_at: Option<&str>) -> String {
    let length = chars(&full);
    if length <= limit {
        return full;
    }
    summarise(r, length, limit, full_at)
}

/// The summary under construction, and how many characters it has.
struct Out {
    s: String,
    used: usize,
    limit: usize,
}

impl Out {
    fn push(&mut self, t: &str) {
        self.used += chars(t);
        self.s.push_str(t);
    }

    /// The characters left, keeping `reserve` for what must come later.
    fn room(&self, reserve: usize) -> usize {
        self.limit.saturating_sub(self.used + reserve)
    }

    /// A section: `heading`, the `entries` that fit in `cap` characters in their order, the
    /// line `more` makes of the number left out (when there are), and a blank line. Nothing
    /// when there are no entries, or no room for the heading and that line.
    fn section(
        &mut self,
        heading: &str,
        entries: &[String],
        more: &dyn Fn(usize) -> String,
        cap: usize,
    ) {
        if entries.is_empty() {
            return;
        }
        let lengths: Vec<usize> = entries.iter().map(|e| chars(e)).collect();
        let whole = chars(heading) + lengths.iter().sum::<usize>() + 1;
        if whole <= cap {
            self.push(heading);
            entries.iter().for_each(|e| self.push(e));
            self.push("\n");
            return;
        }
        // The line for all of them is at least as long as the line for fewer.
        let fixed = chars(heading) + chars(&more(entries.len())) + 1;
        let Some(mut left) = cap.checked_sub(fixed) else {
            return;
        };
        self.push(heading);
        let mut shown = 0;
        for (e, &n) in entries.iter().zip(&lengths) {
            if n > left {
                break;
            }
            left -= n;
            self.push(e);
            shown += 1;
        }
        self.push(&more(entries.len() - shown));
        self.push("\n");
    }
}

/// "1 page", "2 pages".
fn many(n: usize, one: &str, more: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { more })
}

/// "and 1 more page", "and 2 more pages".
fn and_more(n: usize, one: &str, more: &str) -> String {
    format!("and {n} more {}", if n == 1 { one } else { more })
}

/// The numbers of everything the report has, whole or not.
fn counts(r: &Report) -> String {
    let c = &r.comparison;
    let (added, removed) = lines(&c.pages_changed.iter().collect::<Vec<_>>());
    let mut s = String::from("### In numbers\n\n");
    if !r.config_changes.is_empty() {
        s.push_str(&format!(
            "- ⚠️ Configuration, templates and scripts: {} changed\n",
            many(r.config_changes.len(), "file", "files")
        ));
    }
    s.push_str(&format!(
        "- Goals: {} added, {} removed, {} changed\n- Owners: {} added, {} removed\n- Pages: {} added, {} removed, {} no longer build, {} renamed, {} changed (+{added} −{removed} lines)\n- Problems: {} introduced, {} fixed\n- Reviewers: {}\n\n",
        c.goals_added.len(),
        c.goals_removed.len(),
        c.goals_changed.len(),
        c.owners_added.len(),
        c.owners_removed.len(),
        c.pages_added.len(),
        c.pages_removed.len(),
        c.pages_unreadable.len(),
        c.pages_renamed.len(),
        c.pages_changed.len(),
        r.problems_introduced.len(),
        r.problems_fixed.len(),
        r.reviewers.len(),
    ));
    s
}

/// Lines added and removed in all of `pages`.
fn lines(pages: &[&PageChange]) -> (usize, usize) {
    pages
        .iter()
        .fold((0, 0), |(a, r), p| (a + p.added, r + p.removed))
}

/// The line that counts the changed pages left out.
fn more_pages(rest: &[&PageChange]) -> String {
    let (added, removed) = lines(rest);
    format!(
        "- {} changed (+{added} −{removed} lines)\n",
        and_more(rest.len(), "page", "pages")
    )
}

/// The changed pages, largest first (lines added and removed; then by path, so the order is
/// the same every time).
fn largest_first(c: &Comparison) -> Vec<&PageChange> {
    let mut pages: Vec<&PageChange> = c.pages_changed.iter().collect();
    pages.sort_by(|a, b| {
        (b.added + b.removed)
            .cmp(&(a.added + a.removed))
            .then_with(|| a.page.path.cmp(&b.page.path))
    });
    pages
}

/// A changed page with as much of its diff as fits in `cap` characters, cut at the end of a
/// line (or in a long line, marked `…`: inside the fence that is text like any other, and no
/// part of a line can close a fence longer than any run of backticks in the whole diff). `None` when not even the page's summary and a first line fit.
fn diff_within(p: &PageChange, cap: usize) -> Option<String> {
    let whole = page_diff(p, &p.diff, "");
    if chars(&whole) <= cap {
        return Some(whole);
    }
    let total = p.diff.lines().count();
    let note = |left: usize| {
        format!(
            "*The diff goes on for {left} more line{}.*\n\n",
            if left == 1 { "" } else { "s" }
        )
    };
    let mut left = cap.checked_sub(chars(&page_diff(p, "", &note(total))))?;
    let mut shown = String::new();
    let mut count = 0;
    for line in p.diff.split_inclusive('\n') {
        let n = chars(line);
        if n <= left {
            shown.push_str(line);
            left -= n;
            count += 1;
            continue;
        }
        if left > 40 {
            // A line longer than the room left: its beginning, marked as cut.
            shown.extend(line.chars().take(left - 2));
            shown.push_str("…\n");
            count += 1;
        }
        break;
    }
    if count == 0 {
        return None;
    }
    Some(page_diff(p, &shown, &note(total - count)))
}

fn summarise(r: &Report, length: usize, limit: usize, full_at: Option<&str>) -> String {
    let c = &r.comparison;
    let mut out = Out {
        s: String::new(),
        used: 0,
        limit,
    };
    out.push(&heading(c));
    let whereabouts = match full_at {
        Some(f) => format!("The full report is in {}.", code(f)),
        None => "`stratwiki diff --output FILE` writes the full report to FILE.".to_string(),
    };
    out.push(&format!(
        "**This report is summarised to fit in a comment** (the full report has {length} characters): what a review must see comes first, then the numbers, then the largest page changes. {whereabouts}\n\n"
    ));
    let counts = counts(r);
    let pages = largest_first(c);
    // Kept for the end whatever comes before: the numbers, and the line for the pages left out.
    let end = chars(&counts) + chars("### Pages changed\n\n") + chars(&more_pages(&pages)) + 2;

    // 1. What a review must see.
    let entries: Vec<String> = r
        .config_changes
        .iter()
        .map(|x| config_item(x, Some(CONFIG_DETAILS)))
        .collect();
    let cap = CONFIG_CAP.min(out.room(end));
    out.section(
        CONFIG_HEADING,
        &entries,
        &|n| {
            format!(
                "- ⚠️ {} changed: see the full report\n",
                and_more(n, "file", "files")
            )
        },
        cap,
    );
    for (title, ps, most) in [
        (
            PROBLEMS_INTRODUCED,
            &r.problems_introduced,
            PROBLEMS_INTRODUCED_CAP,
        ),
        (PROBLEMS_FIXED, &r.problems_fixed, PROBLEMS_FIXED_CAP),
    ] {
        let entries: Vec<String> = ps.iter().map(problem_line).collect();
        let cap = most.min(out.room(end));
        out.section(
            &format!("### {title}\n\n"),
            &entries,
            &|n| format!("- {}\n", and_more(n, "problem", "problems")),
            cap,
        );
    }
    let entries: Vec<String> = r.reviewers.iter().map(reviewer_line).collect();
    let cap = REVIEWERS_CAP.min(out.room(end));
    out.section(
        "### Who should review\n\n",
        &entries,
        &|n| format!("- {}\n", and_more(n, "owner", "owners")),
        cap,
    );
    let entries: Vec<String> = c.goals_changed.iter().map(goal_change_rows).collect();
    let cap = GOALS_CHANGED_CAP.min(out.room(end));
    // After a table, the count is a paragraph of its own.
    out.section(
        GOALS_CHANGED,
        &entries,
        &|n| {
            format!(
                "\nAnd {n} more goal{} changed.\n",
                if n == 1 { "" } else { "s" }
            )
        },
        cap,
    );

    // 2. The numbers.
    out.push(&counts);
    let end = end - chars(&counts);

    // 3. Goals, owners and pages added, removed, not building, renamed.
    for (title, list) in [
        ("Goals added", &c.goals_added),
        ("Goals removed", &c.goals_removed),
    ] {
        let entries: Vec<String> = list.iter().map(goal_line).collect();
        let cap = GOAL_LIST_CAP.min(out.room(end));
        out.section(
            &format!("### {title}\n\n"),
            &entries,
            &|n| format!("- {}\n", and_more(n, "goal", "goals")),
            cap,
        );
    }
    for (title, list) in page_lists(c) {
        let entries: Vec<String> = list.iter().map(page_line).collect();
        let cap = PAGE_LIST_CAP.min(out.room(end));
        out.section(
            &format!("### {title}\n\n"),
            &entries,
            &|n| format!("- {}\n", and_more(n, "page", "pages")),
            cap,
        );
    }
    let entries: Vec<String> = c
        .pages_renamed
        .iter()
        .map(|(from, p)| renamed_line(from, p))
        .collect();
    let cap = PAGE_LIST_CAP.min(out.room(end));
    out.section(
        "### Pages renamed\n\n",
        &entries,
        &|n| format!("- {}\n", and_more(n, "page", "pages")),
        cap,
    );

    // 4. The changed pages: the largest diffs, the other pages by name, the count of the rest.
    if pages.is_empty() {
        return out.s;
    }
    out.push("### Pages changed\n\n");
    let end = chars(&more_pages(&pages)) + 1;
    // The room the pages after each one take by name: kept free for them while diffs are shown.
    let named: Vec<String> = pages.iter().map(|p| name_line(p)).collect();
    let mut after = vec![0; pages.len() + 1];
    for k in (0..pages.len()).rev() {
        after[k] = after[k + 1] + chars(&named[k]);
    }
    let names_room = |k: usize| match after[k] {
        0 => 0,
        n => OTHER_PAGES_CAP.min(chars(WITHOUT) + n),
    };
    let mut shown = 0;
    for p in &pages {
        let room = out.room(end + names_room(shown + 1));
        if room < DIFF_MIN {
            break;
        }
        match diff_within(p, DIFF_CAP.min(room)) {
            Some(block) => out.push(&block),
            None => break,
        }
        shown += 1;
    }
    let rest = &pages[shown..];
    if rest.is_empty() {
        return out.s;
    }
    let mut left = OTHER_PAGES_CAP
        .min(out.room(end))
        .saturating_sub(chars(WITHOUT));
    let mut listed = 0;
    // The count of those after the last one listed has room kept for it (`end`).
    for line in &named[shown..] {
        let n = chars(line);
        if n > left {
            break;
        }
        left -= n;
        listed += 1;
    }
    if listed > 0 {
        out.push(WITHOUT);
        named[shown..shown + listed]
            .iter()
            .for_each(|line| out.push(line));
    }
    if listed < rest.len() {
        out.push(&more_pages(&rest[listed..]));
    }
    out.s
}

/// The heading of the changed pages whose diffs are left out.
const WITHOUT: &str = "Without their diffs:\n\n";

/// A changed page whose diff is left out, by path and size.
fn name_line(p: &PageChange) -> String {
    format!("- {} (+{} −{})\n", code(&p.page.path), p.added, p.removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::config_changes::{ConfigChange, ConfigKind, FileChange, NameChange};
    use crate::compare::report::{Problem, Reviewer};
    use crate::compare::{FieldChange, GoalChange, GoalRef, PageRef, report_markdown};

    fn page(i: usize, lines: usize, width: usize) -> PageChange {
        let diff: String = (0..lines)
            .map(|l| format!("+{}\n", format!("{i} {l} ```` words ").repeat(width)))
            .collect();
        PageChange {
            page: PageRef {
                path: format!("content/p{i:04}.md"),
                title: format!("Page <{i}>"),
                kind: "page".into(),
                lang: None,
            },
            from: None,
            diff: format!("@@ -1,0 +1,{lines} @@\n{diff}"),
            added: lines,
            removed: 0,
        }
    }

    /// A report with `n` of everything, each page's diff `lines` lines of `width` words.
    fn report(n: usize, lines: usize, width: usize) -> Report {
        let goal = |i: usize| GoalRef {
            id: Some(format!("G{i}")),
            slug: format!("g{i}"),
            title: format!("Goal | {i}"),
            owner: Some("agency".into()),
            status: "active".into(),
            lang: None,
        };
        let problem = |i: usize| Problem {
            severity: "error".into(),
            code: "broken-link".into(),
            file: Some(format!("content/p{i}.md")),
            line: Some(3),
            message: format!("link `x{i}.md` points nowhere"),
        };
        let mut c = Comparison {
            base: "v1".into(),
            head: "v2".into(),
            ..Comparison::default()
        };
        c.goals_added = (0..n).map(goal).collect();
        c.goals_changed = (0..n)
            .map(|i| GoalChange {
                goal: goal(i),
                changes: vec![FieldChange {
                    field: "status".into(),
                    old: "active".into(),
                    new: "achieved".into(),
                }],
            })
            .collect();
        c.pages_added = (0..n).map(|i| page(i + 10_000, 1, 1).page).collect();
        c.pages_changed = (0..n).map(|i| page(i, lines + i % 7, width)).collect();
        Report {
            comparison: c,
            reviewers: (0..n)
                .map(|i| Reviewer {
                    owner: format!("o{i}"),
                    title: format!("Owner {i}"),
                    handles: vec![format!("@o{i}")],
                })
                .collect(),
            problems_introduced: (0..n).map(problem).collect(),
            problems_fixed: (0..n).map(problem).collect(),
            config_changes: vec![ConfigChange {
                path: ".mailmap".into(),
                change: FileChange::Added,
                kind: ConfigKind::Mailmap,
                keys: vec![],
                trusted_html: false,
                ownership: vec![],
                ownership_total: 0,
                names: (0..n)
                    .map(|i| NameChange {
                        written: format!("A {i} <a{i}@x>"),
                        before: format!("A {i}"),
                        after: "Mallory".into(),
                    })
                    .collect(),
            }],
        }
    }

    /// Every fence opened is closed: the fences of our diffs are the only lines starting with
    /// three backticks, and come in pairs.
    fn fences_closed(md: &str) -> bool {
        md.lines().filter(|l| l.starts_with("```")).count() % 2 == 0
    }

    #[test]
    fn a_report_that_fits_is_left_as_it_is() {
        let r = report(3, 5, 2);
        let full = report_markdown(&r);
        assert!(chars(&full) < COMMENT_LIMIT);
        assert_eq!(fit(&r, full.clone(), COMMENT_LIMIT, Some("full.md")), full);
    }

    #[test]
    fn a_long_report_is_summarised_within_the_limit_in_whole_entries() {
        for (n, lines, width) in [(300, 10, 20), (2_000, 3, 5), (20, 400, 3), (3, 1, 8_000)] {
            let r = report(n, lines, width);
            let full = report_markdown(&r);
            assert!(chars(&full) > COMMENT_LIMIT, "{n} {lines} {width}");
            let md = fit(&r, full.clone(), COMMENT_LIMIT, Some("out/full.md"));
            assert!(chars(&md) <= COMMENT_LIMIT, "{n}: {}", chars(&md));
            assert!(fences_closed(&md), "{n} {lines} {width}");
            assert!(md.contains("The full report is in `out/full.md`."));
            assert!(md.contains("### Changes to configuration, templates and scripts"));
            assert!(md.contains("### In numbers"));
            // Each entry is whole: every line of the summary is a line of the full report, or
            // one of its own (a count, a cut diff line marked `…`, a note).
            let whole: std::collections::HashSet<&str> = full.lines().collect();
            for line in md.lines() {
                assert!(
                    whole.contains(line)
                        || line.contains("more")
                        || line.ends_with('…')
                        || line.starts_with("- ")
                        || line.starts_with("### ")
                        || line.starts_with("Without")
                        || line.starts_with("*The diff")
                        || line.starts_with("**This report"),
                    "{line}"
                );
            }
            // The same report gives the same summary.
            assert_eq!(md, fit(&r, full, COMMENT_LIMIT, Some("out/full.md")));
        }
    }

    #[test]
    fn the_largest_diffs_come_first_and_the_rest_are_counted() {
        let r = report(300, 10, 20);
        let md = fit(&r, report_markdown(&r), COMMENT_LIMIT, None);
        // Pages 6, 13, 20... have the most lines (10 + 6): the first diff is the first of them.
        let first = md.find("<details>").unwrap();
        assert!(
            md[first..]
                .starts_with("<details><summary>Page &lt;6&gt; <code>content/p0006.md</code>")
        );
        assert!(md.contains("`stratwiki diff --output FILE` writes the full report"));
        let last = md.trim_end().lines().last().unwrap();
        assert!(
            last.starts_with("- and ") && last.contains(" more pages changed (+"),
            "{last}"
        );
        // Small sections stay whole, big ones say how many they leave out.
        assert!(md.contains("- and ") && md.contains(" more problems\n"));
        assert!(md.contains("people are named") || md.contains("300 people are named"));
        assert!(md.contains("  - and 280 more\n"), "{md}");
    }

    /// The lines a cut diff shows and the lines its note counts are all the lines of the diff.
    fn accounted(block: &str, p: &PageChange) -> bool {
        let inside = block
            .lines()
            .skip_while(|l| !l.ends_with("`diff"))
            .skip(1)
            .take_while(|l| !l.chars().all(|c| c == '`'))
            .count();
        let more: usize = block
            .split("*The diff goes on for ")
            .nth(1)
            .and_then(|t| t.split(' ').next())
            .unwrap()
            .parse()
            .unwrap();
        inside + more == p.diff.lines().count()
    }

    #[test]
    fn a_diff_is_cut_after_a_whole_line_inside_its_fence() {
        let p = page(1, 500, 10);
        let block = diff_within(&p, 3_000).unwrap();
        assert!(chars(&block) <= 3_000);
        assert!(fences_closed(&block));
        assert!(block.ends_with("</details>\n\n"));
        assert!(accounted(&block, &p));
        // A single line longer than the room: its beginning, marked as cut.
        let p = page(2, 1, 10_000);
        let block = diff_within(&p, 2_000).unwrap();
        assert!(chars(&block) <= 2_000 && fences_closed(&block) && block.contains("…\n"));
        assert!(accounted(&block, &p));
        assert_eq!(diff_within(&p, 100), None);
    }
}
