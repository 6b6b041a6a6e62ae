//! Bounded work: inputs a pull request can make huge (thousands of identical headings, links
//! on one line, a long SUMMARY.md, deeply nested front matter or folders, big files) give
//! the same output as before in time linear in their size, or stop at a documented limit with
//! an error or warning naming the file and line. No test measures time: each input is big
//! enough that the quadratic or exponential code it replaces would not finish.

mod common;

use common::*;

/// `check` must fail with `needle` (`file:line:col: message`) on stdout, without a panic, and
/// `build` must fail with it too and write no site.
fn assert_fails(w: &Wiki, needle: &str) {
    let c = w.check();
    assert_eq!(c.code, 1, "check should fail:\n{}", tail(&c.all()));
    assert!(
        c.stdout.contains(needle),
        "expected `{needle}` in:\n{}",
        tail(&c.stdout)
    );
    assert!(!c.all().contains("panicked"), "{}", tail(&c.all()));
    let b = w.build();
    assert_eq!(b.code, 1, "build should fail:\n{}", tail(&b.all()));
    assert!(
        b.stderr.contains(needle),
        "expected `{needle}` in build:\n{}",
        tail(&b.stderr)
    );
    assert!(!w.path("book").exists(), "no site may be written");
}

/// The end of a long output, for messages.
fn tail(s: &str) -> &str {
    let mut start = s.len().saturating_sub(3000);
    while !s.is_char_boundary(start) {
        start += 1;
    }
    &s[start..]
}

#[test]
fn thirty_thousand_identical_headings_get_the_usual_ids() {
    let w = Wiki::valid();
    w.write(
        "content/chapters/same.md",
        &format!("# Same\n\n{}", "## Plan\n\n".repeat(30_000)),
    );
    let b = w.build();
    assert_eq!(b.code, 0, "{}", tail(&b.all()));
    let html = w.read("book/chapters/same.html");
    for id in ["plan", "plan-1", "plan-2", "plan-29999"] {
        assert!(html.contains(&format!("<h2 id=\"{id}\">")), "{id}");
    }
    assert!(!html.contains("id=\"plan-30000\""));
}

#[test]
fn a_hundred_thousand_links_on_one_line_are_each_placed() {
    let w = Wiki::valid();
    // Line 3 of the file: `x ` then 100,000 links of 12 characters, `é` making the bytes
    // and the characters differ.
    let links = "[é](gone.md)".repeat(100_000);
    w.write("content/many.md", &format!("# Many\n\nx {links}\n"));
    let c = w.check();
    assert_eq!(c.code, 1, "{}", tail(&c.all()));
    let broken = c.stdout.matches("content/many.md:3:").count();
    assert_eq!(broken, 100_000, "{}", tail(&c.stdout));
    assert!(
        c.stdout
            .contains("content/many.md:3:3: link `gone.md` points nowhere")
    );
    let last = 3 + 12 * 99_999;
    assert!(
        c.stdout
            .contains(&format!("content/many.md:3:{last}: link `gone.md`")),
        "{}",
        tail(&c.stdout)
    );
}

#[test]
fn a_hundred_thousand_wiki_links_are_each_placed() {
    let w = Wiki::valid();
    w.write(
        "content/wiki.md",
        &format!("# Wiki\n\n{}\n", "[[x]] ".repeat(100_000)),
    );
    let c = w.check();
    assert_eq!(c.code, 1, "{}", tail(&c.all()));
    assert_eq!(
        c.stdout.matches("link `[[x]]` points nowhere").count(),
        100_000
    );
    assert!(c.stdout.contains("content/wiki.md:3:1: link `[[x]]`"));
    assert!(c.stdout.contains(&format!(
        "content/wiki.md:3:{}: link `[[x]]`",
        1 + 6 * 99_999
    )));
}

#[test]
fn a_summary_of_two_hundred_thousand_lines_names_the_line_of_its_last_entry() {
    let w = Wiki::valid();
    let mut summary = String::from("# Summary\n\n");
    summary.push_str(&"- [Introduction](chapters/intro.md)\n".repeat(199_997));
    // Line 200,000.
    summary.push_str("- [Gone](chapters/gone.md)\n");
    w.write("content/SUMMARY.md", &summary);
    let c = w.check();
    assert!(
        c.stdout
            .contains("content/SUMMARY.md:200000:1: SUMMARY.md links to `chapters/gone.md`"),
        "{}",
        tail(&c.all())
    );
}

#[test]
fn front_matter_nested_a_hundred_thousand_deep_is_an_error_at_its_line() {
    let w = Wiki::valid();
    w.write(
        "content/goals/deep.md",
        &format!(
            "---\ntitle: Deep\ntags: {}\n---\nText.\n",
            "[".repeat(100_000)
        ),
    );
    assert_fails(
        &w,
        "error: content/goals/deep.md:3:106: front matter nests lists and mappings more than 100 levels deep",
    );
    w.write(
        "content/goals/deep.md",
        &format!(
            "---\ntitle: Deep\na: {}\n---\nText.\n",
            "{a: ".repeat(100_000)
        ),
    );
    assert_fails(&w, "error: content/goals/deep.md:3:");
    w.write(
        "content/goals/deep.md",
        &format!(
            "---\ntitle: Deep\na:\n{}\n---\nText.\n",
            "- ".repeat(100_000)
        ),
    );
    assert_fails(&w, "error: content/goals/deep.md:4:");
}

#[test]
fn a_page_over_ten_megabytes_is_an_error_at_the_file() {
    let w = Wiki::valid();
    let line = "Some words of a very long page, repeated.\n";
    w.write(
        "content/big.md",
        &format!("# Big\n\n{}", line.repeat(11 * 1024 * 1024 / line.len())),
    );
    assert_fails(&w, "error: content/big.md:1:1: the file is ");
    assert!(
        w.check()
            .stdout
            .contains("more than the limit of 10 MB for a page")
    );
}

#[test]
fn codeowners_of_three_megabytes_is_ignored_with_an_error() {
    let w = Wiki::valid();
    let mut text = String::new();
    for i in 0..300_000 {
        text.push_str(&format!("/content/p{i}.md @org/t{i}\n"));
    }
    assert!(text.len() > 3 * 1024 * 1024);
    w.write("CODEOWNERS", &text);
    assert_fails(&w, "error: CODEOWNERS:1:1: CODEOWNERS is ");
    assert!(
        w.check()
            .stdout
            .contains("GitHub ignores a CODEOWNERS file of 3 MB or more")
    );
}

#[test]
fn codeowners_rules_past_ten_thousand_are_an_error_at_the_first() {
    let w = Wiki::valid();
    w.write("CODEOWNERS", &"p*/x?.md @org/a\n".repeat(10_005));
    assert_fails(
        &w,
        "error: CODEOWNERS:10001:1: stratwiki reads at most 10000 CODEOWNERS rules",
    );
}

/// `depth` folders `d/d/d/...` under `content/`, a page at the bottom.
fn deep_folders(w: &Wiki, depth: usize) -> String {
    let rel = vec!["d"; depth].join("/");
    w.write(
        &format!("content/{rel}/bottom.md"),
        "---\ntitle: Bottom\n---\nText.\n",
    );
    rel
}

#[test]
fn folders_nested_deeper_than_the_limit_are_skipped_with_a_warning() {
    let w = Wiki::valid();
    // 32 folders deep is within the limit; the 33rd folder is skipped.
    let ok = deep_folders(&w, 32);
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(w.path(&format!("book/{ok}/bottom.html")).exists());
    let w = Wiki::valid();
    let rel = deep_folders(&w, 40);
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    let folder = vec!["d"; 33].join("/");
    let warning = format!(
        "warning: content/{folder}: folder nested more than 32 folders deep in the content folder: skipped with everything in it"
    );
    assert!(b.stderr.contains(&warning), "{}", b.stderr);
    assert!(!w.path(&format!("book/{rel}/bottom.html")).exists());
    assert!(w.check().stdout.contains(&warning));
}

/// A commit whose content folder holds a path `depth` folders deep, made from git objects
/// (no file system holds a path that long).
fn commit_deep_path(repo: &git2::Repository, depth: usize, time: i64) -> git2::Oid {
    let blob = repo.blob(b"---\ntitle: Bottom\n---\nText.\n").unwrap();
    let mut b = repo.treebuilder(None).unwrap();
    b.insert("bottom.md", blob, 0o100644).unwrap();
    let mut tree = b.write().unwrap();
    for _ in 0..depth {
        let mut b = repo.treebuilder(None).unwrap();
        b.insert("d", tree, 0o040000).unwrap();
        tree = b.write().unwrap();
    }
    let head = repo.head().unwrap().peel_to_commit().unwrap();
    let top = head.tree().unwrap();
    let content = top.get_path(std::path::Path::new("content")).unwrap();
    let mut cb = repo
        .treebuilder(Some(&repo.find_tree(content.id()).unwrap()))
        .unwrap();
    cb.insert("deep", tree, 0o040000).unwrap();
    let content = cb.write().unwrap();
    let mut tb = repo.treebuilder(Some(&top)).unwrap();
    tb.insert("content", content, 0o040000).unwrap();
    let tree = repo.find_tree(tb.write().unwrap()).unwrap();
    let sig = git2::Signature::new("Ann", "ann@example.org", &git2::Time::new(time, 0)).unwrap();
    repo.commit(None, &sig, &sig, "Deep", &tree, &[&head])
        .unwrap()
}

#[test]
fn a_committed_path_four_thousand_folders_deep_is_skipped_with_a_warning() {
    let w = Wiki::valid();
    let repo = git2::Repository::init(w.root()).unwrap();
    commit_all(&repo, "Start", 1_700_000_000);
    let deep = commit_deep_path(&repo, 4_000, 1_700_000_100);
    repo.branch("deep", &repo.find_commit(deep).unwrap(), false)
        .unwrap();
    let r = w.run(&["diff", "HEAD..deep"]);
    assert_eq!(r.code, 0, "{}", tail(&r.all()));
    assert!(!r.all().contains("overflow"), "{}", tail(&r.all()));
    // The report lists it among the problems the change introduces.
    let folder = format!("content/deep/{}`", vec!["d"; 32].join("/"));
    assert!(r.stdout.contains(&folder), "{}", tail(&r.all()));
    assert!(
        r.stdout
            .contains("folder nested more than 32 folders deep in the content folder: skipped"),
        "{}",
        tail(&r.all())
    );
}

#[test]
fn a_backtracking_version_pattern_is_matched_at_once() {
    let w = Wiki::valid();
    w.write(
        "book.toml",
        &format!(
            "{BOOK}\n[wiki.versions]\ntags = [\"{}*X\"]\n",
            "*?".repeat(12)
        ),
    );
    let repo = git2::Repository::init(w.root()).unwrap();
    let id = commit_all(&repo, "Start", 1_700_000_000);
    let obj = repo.find_object(id, None).unwrap();
    repo.tag_lightweight(&"a".repeat(60), &obj, false).unwrap();
    repo.tag_lightweight(&format!("{}X", "b".repeat(60)), &obj, false)
        .unwrap();
    let c = w.check();
    assert!(!c.all().contains("panicked"), "{}", c.all());
    // The tag ending in X is selected: it is the only edition (its folder is lower-cased).
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(
        w.path(&format!("book/{}x/index.html", "b".repeat(60)))
            .exists(),
        "{}",
        b.all()
    );
    assert!(
        !w.path(&format!("book/{}/index.html", "a".repeat(60)))
            .exists()
    );
}
