//! Bad input: every case names the file and line, exits non-zero, and never writes a
//! half-built site.

mod common;

use common::*;

/// Build must fail with a message containing `needle` (typically `file:line`), leave no site,
/// and `check` must fail the same way.
fn assert_fails(w: &Wiki, needle: &str) {
    let b = w.build();
    assert_eq!(b.code, 1, "build should fail:\n{}", b.all());
    assert!(
        b.stderr.contains(needle),
        "expected `{needle}` in:\n{}",
        b.stderr
    );
    assert!(!b.all().contains("panicked"), "{}", b.all());
    assert!(!w.path("book").exists(), "no site may be written");
    let c = w.check();
    assert_eq!(c.code, 1, "check should fail:\n{}", c.all());
    assert!(
        c.stdout.contains(needle),
        "expected `{needle}` in check:\n{}",
        c.stdout
    );
}

#[test]
fn malformed_yaml() {
    let w = Wiki::valid();
    w.write(
        "content/goals/first.md",
        "---\ntitle: First goal\nowner: [agency\nstatus: active\n---\nBody\n",
    );
    assert_fails(&w, "error: content/goals/first.md:4:");
    assert!(w.build().stderr.contains("invalid YAML in front matter"));
}

#[test]
fn unclosed_front_matter() {
    let w = Wiki::valid();
    w.write(
        "content/chapters/intro.md",
        "---\ntitle: Intro\n\nNo end.\n",
    );
    assert_fails(
        &w,
        "error: content/chapters/intro.md:1:1: front matter opened",
    );
}

#[test]
fn invalid_utf8() {
    let w = Wiki::valid();
    w.write_bytes("content/about.md", b"# About\n\nCaf\xe9 latin-1\n");
    assert_fails(&w, "error: content/about.md:3:4: not valid UTF-8");
}

#[test]
fn empty_file() {
    let w = Wiki::valid();
    w.write("content/chapters/empty.md", "  \n");
    assert_fails(
        &w,
        "error: content/chapters/empty.md:1:1: the file is empty",
    );
}

#[test]
fn binary_file_where_markdown_is_expected() {
    let w = Wiki::valid();
    w.write_bytes(
        "content/chapters/pic.md",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    );
    assert_fails(
        &w,
        "error: content/chapters/pic.md:1:1: this looks like a binary file",
    );
}

#[test]
fn missing_content_folder() {
    let w = Wiki::empty();
    w.write("book.toml", "[book]\ntitle = \"T\"\nsrc = \"nowhere\"\n");
    assert_fails(
        &w,
        "error: book.toml:3:1: the content folder `nowhere` does not exist",
    );
}

#[test]
fn malformed_book_toml() {
    let w = Wiki::valid();
    w.write("book.toml", "[book]\ntitle = \"T\"\nsrc = [\n");
    assert_fails(&w, "error: book.toml:3:8:");
    assert!(w.build().stderr.contains("malformed book.toml"));
}

#[test]
fn unknown_owner_reference() {
    let w = Wiki::valid();
    w.write(
        "content/goals/first.md",
        &GOAL.replace("owner: agency", "owner: nobody"),
    );
    assert_fails(
        &w,
        "error: content/goals/first.md:4:8: `owner` refers to owner `nobody`, but there is no owners/nobody.md",
    );
}

#[test]
fn unknown_chapter_and_case_study_references() {
    let w = Wiki::valid();
    w.write(
        "content/goals/first.md",
        &GOAL.replace(
            "chapters: [intro]",
            "chapters: [intro, missing-chapter]\ncase-studies:\n  - gone",
        ),
    );
    let c = w.check();
    assert_eq!(c.code, 1);
    assert!(
        c.stdout.contains(
            "content/goals/first.md:9:19: `chapters` refers to chapter `missing-chapter`"
        ),
        "{}",
        c.stdout
    );
    assert!(
        c.stdout
            .contains("content/goals/first.md:11:5: `case-studies` refers to case study `gone`"),
        "{}",
        c.stdout
    );
}

#[test]
fn bad_status() {
    let w = Wiki::valid();
    w.write(
        "content/goals/first.md",
        &GOAL.replace("status: active", "status: done"),
    );
    assert_fails(
        &w,
        "error: content/goals/first.md:5:9: `status` must be one of proposed, active, achieved, paused, dropped (found `done`)",
    );
}

#[test]
fn bad_date() {
    let w = Wiki::valid();
    w.write(
        "content/goals/first.md",
        &GOAL.replace("2027-01-31", "2027-02-30"),
    );
    assert_fails(
        &w,
        "error: content/goals/first.md:7:9: `target` must be a date",
    );
}

#[test]
fn bad_progress() {
    let w = Wiki::valid();
    w.write(
        "content/goals/first.md",
        &GOAL.replace("progress: 30", "progress: 130"),
    );
    assert_fails(
        &w,
        "error: content/goals/first.md:8:11: `progress` must be between 0 and 100",
    );
}

#[test]
fn duplicate_slug() {
    let w = Wiki::valid();
    w.write(
        "content/goals/zz-second.md",
        &GOAL
            .replace("id: G1", "id: G2")
            .replace("title: First goal", "title: Second\nslug: first"),
    );
    assert_fails(
        &w,
        "error: content/goals/zz-second.md:3:7: Goal slug `first` is already used by content/goals/first.md",
    );
    // A link to the page left out is not reported again as pointing nowhere.
    w.write(
        "content/about.md",
        "# About\n\nSee [the second](goals/zz-second.md).\n",
    );
    let c = w.check();
    assert!(
        c.stdout.contains("Goal slug `first` is already used"),
        "{}",
        c.stdout
    );
    assert!(!c.stdout.contains("points nowhere"), "{}", c.stdout);
}

#[test]
fn duplicate_goal_id() {
    let w = Wiki::valid();
    w.write("content/goals/second.md", GOAL);
    assert_fails(
        &w,
        "error: content/goals/second.md:3:5: goal id `G1` is already used by content/goals/first.md",
    );
}

#[test]
fn broken_link_is_a_warning_in_build_and_an_error_in_check() {
    let w = Wiki::valid();
    w.write(
        "content/chapters/intro.md",
        "---\ntitle: Intro\n---\n\nText.\n\nSee [gone](../goals/gone.md) and [[No such page]].\n",
    );
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(
        b.stderr.contains(
            "warning: content/chapters/intro.md:7:5: link `../goals/gone.md` points nowhere"
        ),
        "{}",
        b.stderr
    );
    assert!(
        b.stderr.contains(
            "warning: content/chapters/intro.md:7:34: link `[[No such page]]` points nowhere"
        ),
        "{}",
        b.stderr
    );
    let c = w.check();
    assert_eq!(c.code, 1);
    assert!(
        c.stdout
            .contains("error: content/chapters/intro.md:7:5: link `../goals/gone.md`"),
        "{}",
        c.stdout
    );
}

#[test]
fn summary_link_to_missing_file() {
    let w = Wiki::valid();
    w.write(
        "content/SUMMARY.md",
        "# Summary\n\n- [Intro](chapters/intro.md)\n- [Gone](chapters/gone.md)\n",
    );
    assert_fails(
        &w,
        "error: content/SUMMARY.md:4:1: SUMMARY.md links to `chapters/gone.md`",
    );
}

#[test]
fn failed_build_leaves_the_previous_site_untouched() {
    let w = Wiki::valid();
    assert_eq!(w.build().code, 0);
    let before = tree(&w.path("book"));
    assert!(!before.is_empty());
    w.write(
        "content/goals/first.md",
        &GOAL.replace("status: active", "status: ???"),
    );
    let b = w.build();
    assert_eq!(b.code, 1);
    assert!(b.stderr.contains("previous site, if any, is unchanged"));
    assert_eq!(
        tree(&w.path("book")),
        before,
        "the old site must stay exactly as it was"
    );
    let leftovers = build_leftovers(&w);
    assert!(leftovers.is_empty(), "staging folders left: {leftovers:?}");
}

#[test]
fn a_failure_while_rendering_leaves_the_previous_site_untouched() {
    let w = Wiki::valid();
    assert_eq!(w.build().code, 0);
    let before = tree(&w.path("book"));
    // Valid syntax, but fails at render time on a field that does not exist.
    w.write(
        "templates/goal.html",
        "{% extends \"page.html\" %}{% block page_meta %}{{ page.no_such_field.x }}{% endblock page_meta %}",
    );
    let b = w.build();
    assert_eq!(b.code, 1, "{}", b.all());
    assert!(
        b.stderr.contains("content/goals/first.md") && b.stderr.contains("goal.html"),
        "{}",
        b.stderr
    );
    assert_eq!(tree(&w.path("book")), before);
    let leftovers = build_leftovers(&w);
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn pages_may_not_take_generated_urls() {
    let w = Wiki::valid();
    w.write(
        "content/Goals/index.md",
        "# Goals intro with the wrong case\n",
    );
    assert_fails(&w, "error: content/Goals/index.md:");
    assert!(w.check().stdout.contains("which the site generates itself"));
}

#[test]
fn javascript_links_are_removed_and_reported() {
    let w = Wiki::valid();
    w.write(
        "content/about.md",
        "# About\n\n[click](javascript:alert(1))\n",
    );
    let b = w.build();
    assert_eq!(b.code, 0);
    assert!(b.stderr.contains("warning: content/about.md:3:1: link `javascript:alert(1)` points nowhere: only http, https, mailto and tel links are allowed"), "{}", b.stderr);
    assert!(!w.read("book/about.html").contains("javascript:"));
    assert_eq!(w.check().code, 1);
}

#[test]
fn refuses_to_build_over_the_wiki() {
    let w = Wiki::valid();
    let b = w.run(&["build", "--dest", w.root().to_str().unwrap()]);
    assert_eq!(b.code, 1);
    assert!(b.stderr.contains("refusing to build into"), "{}", b.stderr);
    assert!(w.path("content/goals/first.md").exists());
}

#[test]
fn refuses_to_replace_a_folder_of_other_files() {
    let w = Wiki::valid();
    w.write("papers/thesis.txt", "years of work");
    let b = w.run(&["build", "--dest", w.path("papers").to_str().unwrap()]);
    assert_eq!(b.code, 1, "{}", b.all());
    assert!(
        b.stderr.contains("refusing to build into")
            && b.stderr
                .contains("is not an empty folder or a site stratwiki built"),
        "{}",
        b.stderr
    );
    assert_eq!(
        std::fs::read_to_string(w.path("papers/thesis.txt")).unwrap(),
        "years of work"
    );
    // An empty folder, and then the site built into it, are replaced as before.
    std::fs::create_dir(w.path("site")).unwrap();
    let dest = w.path("site");
    for _ in 0..2 {
        let b = w.run(&["build", "--dest", dest.to_str().unwrap()]);
        assert_eq!(b.code, 0, "{}", b.all());
        assert!(dest.join("index.html").is_file());
        assert!(dest.join(".stratwiki-site").is_file());
    }
}

#[test]
fn refuses_to_replace_a_file_named_as_the_destination() {
    let w = Wiki::valid();
    w.write("README.md", "the wiki's readme");
    let b = w.run(&["build", "--dest", w.path("README.md").to_str().unwrap()]);
    assert_eq!(b.code, 1, "{}", b.all());
    assert!(b.stderr.contains("refusing to build into"), "{}", b.stderr);
    assert_eq!(w.read("README.md"), "the wiki's readme");
}

/// `public -> /var/www/site`: the site goes where the link leads, and the link stays.
#[cfg(unix)]
#[test]
fn a_destination_that_is_a_symbolic_link_builds_where_it_leads() {
    let w = Wiki::valid();
    let www = tempfile::tempdir().unwrap();
    let site = www.path().join("site");
    std::fs::create_dir(&site).unwrap();
    std::os::unix::fs::symlink(&site, w.path("public")).unwrap();
    for _ in 0..2 {
        let b = w.run(&["build", "--dest", w.path("public").to_str().unwrap()]);
        assert_eq!(b.code, 0, "{}", b.all());
        assert!(
            std::fs::symlink_metadata(w.path("public"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(site.join("goals/first.html").is_file());
    }
    // Nothing left beside the target but the site.
    let names: Vec<String> = std::fs::read_dir(www.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["site"]);
}

#[test]
fn unknown_config_keys_warn_with_line() {
    let w = Wiki::valid();
    w.write(
        "book.toml",
        "[book]\ntitle = \"T\"\n\n[wiki]\nthme = \"x\"\n",
    );
    let b = w.build();
    assert_eq!(b.code, 0);
    assert!(
        b.stderr
            .contains("warning: book.toml:5:1: unknown key `wiki.thme` is ignored"),
        "{}",
        b.stderr
    );
}

#[test]
fn missing_theme_is_an_error() {
    let w = Wiki::valid();
    w.write(
        "book.toml",
        "[book]\ntitle = \"T\"\n\n[wiki]\ntheme = \"fancy\"\n",
    );
    let b = w.build();
    assert_eq!(b.code, 1);
    assert!(b.stderr.contains("theme `fancy` not found"), "{}", b.stderr);
}

#[test]
fn broken_template_override_names_the_template() {
    let w = Wiki::valid();
    w.write(
        "templates/goal.html",
        "{% extends \"page.html\" %}{% block content %}{{ page.title {% endblock content %}",
    );
    let b = w.build();
    assert_eq!(b.code, 1);
    assert!(b.stderr.contains("templates/goal.html"), "{}", b.stderr);
}

#[cfg(unix)]
#[test]
fn odd_file_names_warn_and_do_not_panic() {
    use std::os::unix::ffi::OsStrExt;
    let w = Wiki::valid();
    let name = std::ffi::OsStr::from_bytes(b"bad-\xff-name.md");
    std::fs::write(w.path("content/chapters").join(name), "# Odd\n").unwrap();
    w.write(
        "content/chapters/with space & ümlaut.md",
        "# Spaced\n\nHello.\n",
    );
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(
        b.stderr.contains("file name is not valid UTF-8"),
        "{}",
        b.stderr
    );
    assert!(w.path("book/chapters/with-space-umlaut.html").exists());
}

#[test]
fn json_and_github_formats() {
    let w = Wiki::valid();
    w.write(
        "content/goals/first.md",
        &GOAL.replace("status: active", "status: done"),
    );
    let j = w.run(&["check", "--format", "json"]);
    assert_eq!(j.code, 1);
    let v: serde_json::Value = serde_json::from_str(&j.stdout).unwrap();
    assert_eq!(v["errors"], 1);
    let errors: Vec<&serde_json::Value> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert_eq!(errors[0]["file"], "content/goals/first.md");
    assert_eq!(errors[0]["line"], 5);
    assert_eq!(errors[0]["column"], 9);
    let g = w.run(&["check", "--format", "github"]);
    assert_eq!(g.code, 1);
    assert!(
        g.stdout.contains("::error file=content/goals/first.md,line=5,col=9,title=front-matter::`status` must be one of"),
        "{}",
        g.stdout
    );
}

#[test]
fn github_annotations_name_files_from_the_repository_top() {
    // The wiki is a folder of a larger repository, as a strategy kept beside other work is.
    let w = Wiki::empty();
    w.write("wiki/book.toml", BOOK);
    w.write("wiki/content/owners/agency.md", OWNER);
    w.write(
        "wiki/content/goals/first.md",
        &GOAL
            .replace("status: active", "status: done")
            .replace("chapters: [intro]\n", ""),
    );
    // CODEOWNERS lives at the repository's top and is named from there already.
    w.write(".github/CODEOWNERS", "!wiki/ @org/agency\n");
    git2::Repository::init(w.root()).unwrap();
    let check = |format: &str| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_stratwiki"))
            .args(["check", "--format", format, "--root"])
            .arg(w.path("wiki"))
            .output()
            .unwrap();
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    };
    let g = check("github");
    assert_eq!(g.code, 1, "{}", g.all());
    assert!(
        g.stdout
            .contains("::error file=wiki/content/goals/first.md,line=5,col=9,"),
        "{}",
        g.stdout
    );
    assert!(
        g.stdout
            .contains("::error file=.github/CODEOWNERS,line=1,col=1,"),
        "{}",
        g.stdout
    );
    // The other formats name files from the wiki root, as the human messages do.
    let j = check("json");
    assert!(
        j.stdout.contains("\"file\": \"content/goals/first.md\""),
        "{}",
        j.stdout
    );
}

#[test]
fn counts_in_messages_and_pages_read_as_english() {
    let w = Wiki::valid();
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    // One goal and one owner in this wiki.
    assert!(
        w.read("book/goals/index.html")
            .contains("1 goal, grouped by area"),
        "{}",
        w.read("book/goals/index.html")
    );
    let home = w.read("book/index.html");
    assert!(
        home.contains("<strong>1</strong> goal</a>")
            && home.contains("<strong>1</strong> owner</a>"),
        "{home}"
    );
    assert!(
        w.read("book/dashboard.html")
            .contains("1 goal: who owns it,")
    );
    w.write(
        "content/goals/first.md",
        &GOAL.replace("status: active", "status: done"),
    );
    let b = w.build();
    assert_eq!(b.code, 1);
    assert!(b.stderr.contains("Build failed: 1 error, "), "{}", b.stderr);
    let c = w.check();
    assert!(c.stderr.contains("1 error, "), "{}", c.stderr);
}

#[test]
fn a_content_folder_outside_the_wiki_is_refused() {
    let w = Wiki::valid();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "not for publishing").unwrap();
    for src in [outside.path().to_str().unwrap(), "../"] {
        w.write(
            "book.toml",
            &format!("[book]\ntitle = \"T\"\nsrc = \"{src}\"\n"),
        );
        let b = w.build();
        assert_eq!(b.code, 1, "{src}: {}", b.all());
        assert!(
            b.stderr
                .contains("error: book.toml:3:1: the content folder")
                && b.stderr.contains("is outside the wiki"),
            "{}",
            b.stderr
        );
        assert!(!w.path("book").exists());
    }
}

/// A name longer than file systems allow is an error at the file, in `check` too, and a
/// page renamed from one builds (its old name gets no redirect).
#[test]
fn a_file_name_too_long_for_the_site_is_an_error_at_the_file() {
    let w = Wiki::valid();
    let long = format!("content/{}.md", "l".repeat(251));
    w.write(&long, "# Long\n\nText.\n");
    let c = w.check();
    assert_eq!(c.code, 1, "{}", c.all());
    assert!(
        c.all().contains(&format!(
            "error: {long}:1:1: this page would be written to a file named `llll"
        )),
        "{}",
        c.all()
    );
    assert!(
        c.all().contains("of 256 bytes, more than the 255"),
        "{}",
        c.all()
    );
    let b = w.build();
    assert_eq!(b.code, 1, "{}", b.all());
    assert!(!b.all().contains("os error"), "{}", b.all());

    // Committed, then renamed: the build works, without a redirect from the old name.
    let repo = git2::Repository::init(w.root()).unwrap();
    commit_all(&repo, "Long name", 1_700_000_000);
    std::fs::rename(w.path(&long), w.path("content/short.md")).unwrap();
    commit_all(&repo, "Shorter", 1_700_000_100);
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(w.path("book/short.html").is_file());
}

/// An image that is a Git LFS pointer (no `git lfs pull`) is published, with one warning.
#[test]
fn lfs_pointers_are_one_warning() {
    let w = Wiki::valid();
    let pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n";
    w.write("content/images/a.png", pointer);
    w.write("content/images/b.png", pointer);
    w.write("content/images/c.png", "\u{89}PNG real bytes");
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(
        b.stderr.contains("warning: content/images/a.png: 2 files are Git LFS pointers, not the files (published as they are): fetch the files with `git lfs pull`"),
        "{}",
        b.stderr
    );
    assert_eq!(
        b.stderr.matches("LFS").count(),
        2,
        "one warning: {}",
        b.stderr
    );
    assert!(w.path("book/images/a.png").is_file());
}
