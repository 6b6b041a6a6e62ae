//! Issue #24, point 5: reports that fit. GitHub rejects a comment over 65,536 characters, so the
//! Markdown report of `stratwiki diff` is summarised when it would be longer (what a review must
//! see first, whole; then the numbers; then the largest page diffs; then a count of the rest),
//! and `--output FILE` writes the full report beside it.

mod common;

use common::*;
use git2::Repository;

/// GitHub's limit on a comment, in characters: the full report is well over it.
const GITHUB_LIMIT: usize = 65_536;

/// A long paragraph that differs for every page and edition.
fn paragraph(page: usize, edition: &str, n: usize) -> String {
    (0..40)
        .map(|w| format!("{edition}-word{w}-of-paragraph{n}-on-page{page}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn note(i: usize, edition: &str) -> String {
    let body: Vec<String> = (0..4).map(|n| paragraph(i, edition, n)).collect();
    format!(
        "---\ntitle: Note {i}\n---\n\n{}\n\n```\ncode of {edition}\n```\n",
        body.join("\n\n")
    )
}

/// A wiki whose proposal changes 300 pages with long paragraphs (each page holds a code block
/// of its own), turns on `trusted-html`, achieves a goal and adds a broken link: its full report
/// is several hundred thousand characters.
fn big_proposal() -> Wiki {
    let w = Wiki::valid();
    for i in 0..300 {
        w.write(&format!("content/notes/n{i:03}.md"), &note(i, "before"));
    }
    let repo = Repository::init(w.root()).unwrap();
    commit_all(&repo, "Base", 1_700_000_000);
    repo.tag_lightweight("base", &repo.revparse_single("HEAD").unwrap(), false)
        .unwrap();
    for i in 0..300 {
        w.write(&format!("content/notes/n{i:03}.md"), &note(i, "after"));
    }
    w.write(
        "book.toml",
        &format!("{BOOK}\n[wiki]\ntrusted-html = true\n"),
    );
    w.write(
        "content/goals/first.md",
        &GOAL.replace("status: active", "status: achieved"),
    );
    w.write(
        "content/about.md",
        "# About\n\nAbout this wiki, see [gone](gone.md).\n",
    );
    commit_all(&repo, "Rewrite every note", 1_700_000_100);
    w
}

/// True when every code fence the Markdown opens is closed again (CommonMark: a fence is closed
/// by a line of at least as many backticks and nothing else), and at least one was opened.
fn fences_closed(md: &str) -> bool {
    let mut open: Option<usize> = None;
    let mut opened = 0;
    for line in md.lines() {
        let ticks = line.chars().take_while(|c| *c == '`').count();
        match open {
            None if ticks >= 3 => {
                open = Some(ticks);
                opened += 1;
            }
            Some(n) if ticks >= n && line.trim_end().len() == ticks => open = None,
            _ => {}
        }
    }
    open.is_none() && opened > 0
}

#[test]
fn a_report_too_long_for_a_comment_is_summarised_and_written_whole_to_a_file() {
    let w = big_proposal();
    let args = ["diff", "base..HEAD", "--today", "2026-01-01"];

    // Standard output: a summary under GitHub's limit.
    let out = w.run(&args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let md = out.stdout;
    let length = md.chars().count();
    // Under GitHub's limit, with a margin.
    assert!(length <= 60_000, "{length}");
    assert!(md.starts_with("## Strategy changes: `base` → `HEAD`\n\n**This report is summarised"));
    assert!(
        md.contains("`stratwiki diff --output FILE` writes the full report"),
        "{md}"
    );
    // What a review must see is there, whole.
    assert!(md.contains("### Changes to configuration, templates and scripts\n"));
    assert!(md.contains("- ⚠️ `book.toml` modified (configuration): **turns on `trusted-html`**"));
    assert!(md.contains("### Problems this change introduces\n\n- error `content/about.md:3`: link `gone.md` points nowhere"), "{md}");
    assert!(md.contains("### Who should review\n\n- Agency (`@org/agency`)\n"));
    assert!(md.contains("| G1 First goal | status | active | achieved |\n"));
    assert!(md.contains("- Pages: 0 added, 0 removed, 0 no longer build, 0 renamed, 302 changed"));
    // The configuration and the problems come before any page's diff.
    let first_diff = md.find("<details>").expect("some diffs are shown");
    assert!(md.find("### Changes to configuration").unwrap() < first_diff);
    assert!(md.find("### Problems this change introduces").unwrap() < first_diff);
    // Only some of the 300 notes are shown, and the summary ends by counting the rest.
    let shown = md.matches("<details>").count();
    assert!((1..300).contains(&shown), "{shown}");
    let last = md.lines().last().unwrap();
    assert!(
        last.starts_with("- and ") && last.contains(" more pages changed (+"),
        "{last}"
    );
    // Every changed page is shown, named or counted, once.
    let named = md.lines().filter(|l| l.starts_with("- `notes/")).count();
    let counted: usize = last["- and ".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(shown + named + counted, 302, "{shown} {named} {counted}");
    // No fence left open: each page's code block and each diff, cut or not, is closed.
    assert!(fences_closed(&md), "{md}");
    // Rendered, its headings are the report's own, in order: nothing of a page got out.
    let mut html = String::new();
    let mut opts = pulldown_cmark::Options::empty();
    opts.insert(pulldown_cmark::Options::ENABLE_TABLES);
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(&md, opts));
    let h3s: Vec<&str> = html
        .split("<h3>")
        .skip(1)
        .map(|s| s.split("</h3>").next().unwrap())
        .collect();
    assert_eq!(
        h3s,
        [
            "Changes to configuration, templates and scripts",
            "Problems this change introduces",
            "Who should review",
            "Goals changed",
            "In numbers",
            "Pages changed"
        ]
    );
    assert_eq!(html.matches("<details>").count(), shown);
    assert_eq!(html.matches("</details>").count(), shown);
    // The same report every time.
    assert_eq!(w.run(&args).stdout, md);

    // `--output`, outside the wiki: the full report there, the summary says where.
    let place = tempfile::tempdir().unwrap();
    let file = place.path().join("full.md");
    let file_arg = file.to_str().unwrap();
    let out = w.run(&[&args[..], &["--output", file_arg]].concat());
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.chars().count() <= 60_000);
    assert!(
        out.stdout
            .contains(&format!("The full report is in `{file_arg}`.")),
        "{}",
        out.stdout
    );
    let full = std::fs::read_to_string(&file).unwrap();
    assert!(full.chars().count() > 3 * GITHUB_LIMIT, "{}", full.len());
    assert!(!full.contains("This report is summarised"));
    for i in 0..300 {
        assert!(
            full.contains(&format!("<code>notes/n{i:03}.md</code>")),
            "n{i:03}"
        );
    }
    assert_eq!(full.matches("<details>").count(), 302);
    assert!(fences_closed(&full));
    // Written through a temporary file that is gone: the folder holds the report alone.
    let names: Vec<_> = std::fs::read_dir(place.path()).unwrap().collect();
    assert_eq!(names.len(), 1);

    // JSON is not a comment: complete on standard output, and the same in the file.
    let json_file = place.path().join("full.json");
    let out = w.run(
        &[
            &args[..],
            &["--format", "json", "--output", json_file.to_str().unwrap()],
        ]
        .concat(),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(&json_file).unwrap(), out.stdout);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["pages_changed"].as_array().unwrap().len(), 302);
}

#[test]
fn a_small_report_is_left_as_it_was() {
    let w = Wiki::valid();
    let repo = Repository::init(w.root()).unwrap();
    commit_all(&repo, "Base", 1_700_000_000);
    repo.tag_lightweight("base", &repo.revparse_single("HEAD").unwrap(), false)
        .unwrap();
    w.write("content/about.md", "# About\n\nAbout this wiki, fixed.\n");
    commit_all(&repo, "Fix", 1_700_000_100);
    let file = w.path("report.md");
    let out = w.run(&[
        "diff",
        "base..HEAD",
        "--today",
        "2026-01-01",
        "--output",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Byte for byte the report `diff` printed before reports were summarised.
    let expected = "## Strategy changes: `base` → `HEAD`\n\n### Pages changed\n\n<details><summary>About <code>about.md</code> (+1 −1)</summary>\n\n```diff\n@@ -1,3 +1,3 @@\n # About\n \n-About this wiki.\n+About this wiki, fixed.\n```\n\n</details>\n\n";
    assert_eq!(out.stdout, expected);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), expected);
}

#[test]
fn a_report_file_that_cannot_be_written_fails_the_command() {
    let w = Wiki::valid();
    let repo = Repository::init(w.root()).unwrap();
    commit_all(&repo, "Base", 1_700_000_000);
    let file = w.path("no/such/folder/report.md");
    let out = w.run(&["diff", "HEAD..HEAD", "--output", file.to_str().unwrap()]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(
        out.stderr.contains("cannot write the report to"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stdout, "");
}
