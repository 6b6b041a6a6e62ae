//! Issue #22, items 2 and 3: configuration is code, and the pull-request report cannot be
//! forged. URL keys of `book.toml` take only `http` and `https`; the report lists changes to
//! configuration, templates, scripts, CODEOWNERS and `.mailmap` with what they do; every piece
//! of contributed text in its Markdown is escaped.

mod common;

use common::*;
use git2::Repository;

/// The Markdown as GitHub would render it (CommonMark with tables), as HTML.
fn render(md: &str) -> String {
    let mut opts = pulldown_cmark::Options::empty();
    opts.insert(pulldown_cmark::Options::ENABLE_TABLES);
    opts.insert(pulldown_cmark::Options::ENABLE_STRIKETHROUGH);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(md, opts));
    html
}

/// The text of every `<h3>` of rendered HTML, in order.
fn h3s(html: &str) -> Vec<String> {
    html.split("<h3>")
        .skip(1)
        .map(|s| s.split("</h3>").next().unwrap().to_string())
        .collect()
}

#[test]
fn url_keys_of_book_toml_take_only_http_and_https() {
    for key in ["git-repository-url", "edit-url-template", "site-url"] {
        for bad in [
            "javascript:alert(1)",
            " javascript:alert(1)",
            "data:text/html,x",
            "https://",
        ] {
            let w = Wiki::valid();
            // The key on line 6 of book.toml.
            w.write(
                "book.toml",
                &format!("{BOOK}\n[output.html]\n{key} = \"{bad}\"\n"),
            );
            let check = w.check();
            assert_eq!(check.code, 1, "{key} = {bad}: {}", check.all());
            assert!(
                check.all().contains("error: book.toml:6:1:")
                    && check.all().contains(&format!("`output.html.{key}`")),
                "{key} = {bad}: {}",
                check.all()
            );
            let build = w.build();
            assert_eq!(build.code, 1, "{key} = {bad}: {}", build.all());
            assert!(build.all().contains("book.toml:6:1"), "{}", build.all());
            assert!(!w.path("book/index.html").exists());
        }
    }
    // What a forge's address looks like is accepted, in any case.
    let w = Wiki::valid();
    w.write(
        "book.toml",
        &format!(
            "{BOOK}\n[output.html]\ngit-repository-url = \"HTTPS://github.com/org/repo\"\nedit-url-template = \"http://git.example.org/org/repo/edit/main/content/{{path}}\"\n"
        ),
    );
    let build = w.build();
    assert_eq!(build.code, 0, "{}", build.all());
    assert!(!w.read("book/index.html").contains("javascript:"));
}

#[test]
fn a_url_key_a_proposal_sets_to_javascript_stops_its_report() {
    let w = Wiki::valid();
    let repo = Repository::init(w.root()).unwrap();
    commit_all(&repo, "Base", 1_700_000_000);
    repo.tag_lightweight("base", &repo.revparse_single("HEAD").unwrap(), false)
        .unwrap();
    w.write(
        "book.toml",
        &format!("{BOOK}\n[output.html]\ngit-repository-url = \"javascript:alert(1)\"\n"),
    );
    commit_all(&repo, "Link the repository", 1_700_000_100);
    let out = w.run(&["diff", "base..HEAD"]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(
        out.stderr.contains("HEAD:book.toml") && out.stderr.contains("git-repository-url"),
        "{}",
        out.stderr
    );
}

/// A base with CODEOWNERS, and a proposal that changes configuration, a theme, a template, a
/// script, content files that are not Markdown, CODEOWNERS and `.mailmap`.
fn wiki_with_a_proposal_that_changes_code() -> (Wiki, Repository) {
    let w = Wiki::valid();
    w.write(".github/CODEOWNERS", "* @org/agency\n");
    let repo = Repository::init(w.root()).unwrap();
    commit_all(&repo, "Base", 1_700_000_000);
    repo.tag_lightweight("base", &repo.revparse_single("HEAD").unwrap(), false)
        .unwrap();
    w.write(
        "book.toml",
        &format!("{BOOK}\n[wiki]\ntrusted-html = true\n"),
    );
    w.write("themes/custom/base.html", "<script>alert(1)</script>\n");
    w.write("templates/page.html", "{{ page.body }}\n");
    w.write("static/x.js", "alert(1)\n");
    w.write("content/x.svg", "<svg onload=\"alert(1)\"/>\n");
    w.write("content/x.html", "<script>alert(1)</script>\n");
    w.write(
        ".github/CODEOWNERS",
        "* @org/agency\n/content/goals/ @mallory\n",
    );
    w.write(".mailmap", "Mallory <ann@example.org>\n");
    w.write("content/about.md", "# About\n\nAbout this wiki, fixed.\n");
    commit_all(&repo, "Small fixes", 1_700_000_100);
    (w, repo)
}

#[test]
fn the_report_lists_changes_to_configuration_templates_and_scripts() {
    let (w, repo) = wiki_with_a_proposal_that_changes_code();
    let out = w.run(&["diff", "base..HEAD"]);
    assert_eq!(out.code, 0, "{}", out.all());
    let md = out.stdout;
    assert!(
        md.contains("### Changes to configuration, templates and scripts\n"),
        "{md}"
    );
    for line in [
        "- ⚠️ `book.toml` modified (configuration): **turns on `trusted-html`**: raw HTML in pages, scripts included, is published as written; keys changed: `wiki.trusted-html`\n",
        "- ⚠️ `themes/custom/base.html` added (theme)\n",
        "- ⚠️ `templates/page.html` added (template)\n",
        "- ⚠️ `static/x.js` added (static file, copied into the site)\n",
        "- ⚠️ `content/x.svg` added (content file that is not Markdown, published as it is)\n",
        "- ⚠️ `content/x.html` added (content file that is not Markdown, published as it is)\n",
        // Whose ownership CODEOWNERS changes: the goals' files, from the agency to Mallory.
        "- ⚠️ `.github/CODEOWNERS` modified (who owns which files): changes the owners of 1 file\n  - `content/goals/first.md`: `@org/agency` → `@mallory`\n",
        // Whose names `.mailmap` changes: everyone who wrote as Ann is now credited as Mallory.
        "- ⚠️ `.mailmap` added (who is credited for each change): changes how 1 person is named on the site\n  - `Ann <ann@example.org>`: `Ann <ann@example.org>` → `Mallory <ann@example.org>`\n",
    ] {
        assert!(md.contains(line), "missing {line}in\n{md}");
    }
    // First, before the pages: it is what a reviewer of page text would miss.
    assert!(
        md.find("### Changes to configuration").unwrap() < md.find("### Pages changed").unwrap(),
        "{md}"
    );

    // The JSON carries the same section.
    let json = w.run(&["diff", "base..HEAD", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let changes = v["config_changes"].as_array().unwrap();
    assert_eq!(changes.len(), 8, "{changes:?}");
    let book = changes.iter().find(|c| c["path"] == "book.toml").unwrap();
    assert_eq!(book["kind"], "configuration");
    assert_eq!(book["trusted_html"], true);
    let co = changes
        .iter()
        .find(|c| c["path"] == ".github/CODEOWNERS")
        .unwrap();
    assert_eq!(co["ownership"][0]["after"][0], "@mallory");
    let mm = changes.iter().find(|c| c["path"] == ".mailmap").unwrap();
    assert_eq!(mm["names"][0]["after"], "Mallory <ann@example.org>");

    // A change to pages alone has no such section.
    w.write("content/about.md", "# About\n\nMore about this wiki.\n");
    commit_all(&repo, "Say more", 1_700_000_200);
    let md = w.run(&["diff", "HEAD~1..HEAD"]).stdout;
    assert!(md.contains("### Pages changed"), "{md}");
    assert!(!md.contains("Changes to configuration"), "{md}");
}

#[test]
fn a_codeowners_file_that_shadows_another_is_judged_by_its_effect() {
    let w = Wiki::valid();
    w.write("CODEOWNERS", "* @org/agency\n");
    let repo = Repository::init(w.root()).unwrap();
    commit_all(&repo, "Base", 1_700_000_000);
    // GitHub reads `.github/CODEOWNERS` first: adding it replaces the whole file.
    w.write(".github/CODEOWNERS", "/content/owners/ @mallory\n");
    commit_all(&repo, "Add a CODEOWNERS", 1_700_000_100);
    let md = w.run(&["diff", "HEAD~1..HEAD"]).stdout;
    assert!(
        md.contains(
            "- ⚠️ `.github/CODEOWNERS` added (who owns which files): changes the owners of "
        ),
        "{md}"
    );
    assert!(
        md.contains("  - `content/owners/agency.md`: `@org/agency` → `@mallory`\n"),
        "{md}"
    );
    assert!(
        md.contains("  - `content/goals/first.md`: `@org/agency` → nobody\n"),
        "{md}"
    );
}

#[test]
fn the_proposals_page_shows_the_configuration_section() {
    let w = Wiki::valid();
    w.write(
        "book.toml",
        &format!("{BOOK}\n[wiki.proposals]\nbranches = [\"proposal/*\"]\n"),
    );
    let repo = Repository::init(w.root()).unwrap();
    let base = commit_all(&repo, "Base", 1_700_000_000);
    let main = repo.head().unwrap().name().unwrap().to_string();
    w.write("static/x.js", "alert(1)\n");
    let tip = commit_all(&repo, "Add a script", 1_700_000_100);
    repo.branch("proposal/script", &repo.find_commit(tip).unwrap(), false)
        .unwrap();
    repo.reference(&main, base, true, "back to base").unwrap();
    repo.checkout_head(Some(git2::build::CheckoutBuilder::new().force()))
        .unwrap();
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    let page = w.read("book/proposals.html");
    assert!(
        page.contains("Changes to configuration, templates and scripts"),
        "{page}"
    );
    assert!(page.contains("<code>static/x.js</code> added"), "{page}");
}

#[test]
fn contributed_text_cannot_forge_the_report() {
    let w = Wiki::valid();
    w.write(
        "content/about.md",
        "# About\n\n```\ncode\n```\n\nAbout this wiki.\n",
    );
    let repo = Repository::init(w.root()).unwrap();
    commit_all(&repo, "Base", 1_700_000_000);
    repo.tag_lightweight("base", &repo.revparse_single("HEAD").unwrap(), false)
        .unwrap();
    // A title that would end its line, open a heading of its own with fake reviewers, and hide
    // the rest of the comment.
    w.write(
        "content/goals/first.md",
        &GOAL.replace(
            "title: First goal",
            "title: \"Harmless tweak\\n\\n### Who should review\\n\\n- Mallory <!--\"",
        ),
    );
    // A page holding a code block: its diff's context must not close the report's fence.
    w.write(
        "content/about.md",
        "# About\n\n```\ncode\n```\n\nAbout this wiki, changed.\n",
    );
    commit_all(&repo, "Tweak", 1_700_000_100);
    let out = w.run(&["diff", "base..HEAD"]);
    assert_eq!(out.code, 0, "{}", out.all());
    let md = out.stdout;
    let escaped = "Harmless tweak  \\#\\#\\# Who should review  - Mallory \\<\\!--";
    // On one line, in the table of changed goals, escaped.
    assert!(
        md.contains(&format!(
            "| G1 {escaped} | title | First goal | {escaped} |\n"
        )),
        "{md}"
    );
    // Rendered, the report's own headings are all there is, and the reviewers are intact.
    let html = render(&md);
    assert_eq!(
        h3s(&html),
        ["Goals changed", "Pages changed", "Who should review"],
        "{html}"
    );
    assert!(
        html.contains(
            "<h3>Who should review</h3>\n<ul>\n<li>Agency (<code>@org/agency</code>)</li>\n</ul>"
        ),
        "{html}"
    );
    assert!(
        !html.contains("<!--"),
        "an HTML comment hides the rest: {html}"
    );
    assert!(!html.contains("<li>Mallory"), "{html}");
    // The page's diff stays in its fence, the summary in its one line.
    assert!(md.contains("\n````diff\n"), "{md}");
    assert!(
        md.contains("<details><summary>Harmless tweak  ### Who should review  - Mallory &lt;!-- <code>goals/first.md</code>"),
        "{md}"
    );
    assert_eq!(
        html.matches("<pre><code class=\"language-diff\">").count(),
        2,
        "{html}"
    );
}

#[test]
fn an_edition_credits_people_as_its_own_mailmap_does() {
    let w = Wiki::valid();
    w.write(
        "book.toml",
        &format!("{BOOK}\n[wiki.versions]\ntags = [\"v*\"]\n"),
    );
    let repo = Repository::init(w.root()).unwrap();
    let v1 = commit_all(&repo, "Edition one", 1_700_000_000);
    repo.tag_lightweight("v1", &repo.find_object(v1, None).unwrap(), false)
        .unwrap();
    // A later commit renames Ann: it must not rewrite who wrote the edition already published.
    w.write(".mailmap", "Mallory <ann@example.org>\n");
    commit_all(&repo, "Credit Mallory", 1_700_000_100);
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    let page = w.read("book/v1/goals/first.html");
    assert!(page.contains("Ann"), "{page}");
    assert!(!page.contains("Mallory"), "{page}");
}
