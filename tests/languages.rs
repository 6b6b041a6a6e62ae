//! Multilingual wikis (`[wiki.languages]`): each language its own site under its own URLs,
//! pages linked to their translations (same path, `translation-of`), `hreflang` in the head
//! and the sitemap, a page missing in one language, one search index per language, translated
//! goals sharing their data, page-level `lang` and right-to-left languages.

mod common;

use common::{CHAPTER, GOAL, OWNER, Wiki};

const BOOK: &str = "[book]\ntitle = \"Strategy\"\nsrc = \"content\"\n\n[output.html]\nsite-url = \"https://example.org/s/\"\n\n[wiki.languages]\ndefault = \"en\"\n\n[wiki.languages.en]\nname = \"English\"\ndir = \".\"\n\n[wiki.languages.sv]\nname = \"Svenska\"\ntitle = \"Strategi\"\n";

/// English at the content folder, Swedish in `content/sv/`: a goal translated by path, a page
/// translated by `translation-of`, a goal only in English.
fn two_languages() -> Wiki {
    let w = Wiki::empty();
    w.write("book.toml", BOOK);
    w.write("content/owners/agency.md", OWNER);
    w.write("content/goals/first.md", GOAL);
    w.write("content/chapters/intro.md", CHAPTER);
    w.write(
        "content/goals/second.md",
        "---\ntitle: Second goal\nowner: agency\nstatus: proposed\n---\n\nOnly in English.\n",
    );
    // No owner, status or target: inherited from the original.
    w.write(
        "content/sv/goals/first.md",
        "---\ntitle: Första målet\n---\n\nMålets text.\n",
    );
    w.write("content/about.md", "# About\n\nAbout this wiki.\n");
    w.write(
        "content/sv/om.md",
        "---\ntitle: Om wikin\ntranslation-of: about.md\n---\n\nOm den här wikin.\n",
    );
    w
}

#[test]
fn each_language_is_a_site_with_its_own_urls_home_and_lang() {
    let w = two_languages();
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    for f in [
        "index.html",
        "goals/first.html",
        "dashboard.html",
        "sv/index.html",
        "sv/goals/first.html",
        "sv/om.html",
        "sv/dashboard.html",
        "sv/goals/index.html",
    ] {
        assert!(w.path("book").join(f).is_file(), "missing {f}");
    }
    // The Swedish folder is not part of the English site.
    assert!(!w.path("book/sv/sv").exists());
    let sv = w.read("book/sv/goals/first.html");
    assert!(sv.contains("<html lang=\"sv\""), "{sv}");
    assert!(sv.contains("Strategi"));
    let en = w.read("book/goals/first.html");
    assert!(en.contains("<html lang=\"en\""));
    // Canonical links point into the language's folder.
    assert!(sv.contains("href=\"https://example.org/s/sv/goals/first.html\""));
}

#[test]
fn pages_link_to_their_translations_in_the_head_the_switcher_and_the_sitemap() {
    let w = two_languages();
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    let en = w.read("book/about.html");
    assert!(
        en.contains(
            "<link rel=\"alternate\" hreflang=\"sv\" href=\"https://example.org/s/sv/om.html\">"
        ),
        "{en}"
    );
    assert!(en.contains(
        "<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/s/about.html\">"
    ));
    // The switcher keeps the page: a nav with lang and hreflang on each link.
    assert!(en.contains("<nav class=\"language-switcher\" aria-label=\"Languages\">"));
    assert!(
        en.contains("<a href=\"sv/om.html\" hreflang=\"sv\" lang=\"sv\">Svenska</a>"),
        "{en}"
    );
    let sv = w.read("book/sv/om.html");
    assert!(
        sv.contains("<a href=\"../about.html\" hreflang=\"en\" lang=\"en\">English</a>"),
        "{sv}"
    );
    assert!(sv.contains("aria-current=\"true\" lang=\"sv\">Svenska</span>"));
    let sv_goal = w.read("book/sv/goals/first.html");
    assert!(sv_goal.contains("href=\"../../goals/first.html\" hreflang=\"en\""));

    let sitemap = w.read("book/sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    assert!(sitemap.contains(
        "<url><loc>https://example.org/s/sv/om.html</loc><xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/s/about.html\"/><xhtml:link rel=\"alternate\" hreflang=\"sv\" href=\"https://example.org/s/sv/om.html\"/></url>"
    ), "{sitemap}");
    // Only the site's top has a sitemap.
    assert!(!w.path("book/sv/sitemap.xml").exists());
}

#[test]
fn a_missing_translation_says_so_and_links_to_the_languages_it_exists_in() {
    let w = two_languages();
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    let en = w.read("book/goals/second.html");
    assert!(
        en.contains("<a href=\"../sv/goals/second.html\" hreflang=\"sv\" lang=\"sv\" rel=\"nofollow\">Svenska <span class=\"language-missing\">(not translated)</span></a>"),
        "{en}"
    );
    // No alternate for a translation that does not exist.
    assert!(!en.contains("hreflang=\"sv\" href=\"https://example.org/s/sv/goals/second.html\""));
    let stub = w.read("book/sv/goals/second.html");
    assert!(stub.contains("<html lang=\"sv\""));
    assert!(stub.contains("noindex"));
    assert!(stub.contains("<a href=\"../../goals/second.html\" hreflang=\"en\" lang=\"en\" dir=\"ltr\">Second goal</a> (English)"), "{stub}");
    assert!(stub.contains("Den här sidan finns inte i den här språkversionen (Svenska)"));
    assert!(stub.contains("<h1 lang=\"en\" dir=\"ltr\">Second goal</h1>"));
    assert!(!w.read("book/sitemap.xml").contains("sv/goals/second.html"));
}

#[test]
fn translation_of_names_a_page_by_path_or_name_and_a_wrong_one_is_reported_at_its_line() {
    let w = two_languages();
    // A bare file name, Jekyll's `altLangPage`, beside the page.
    w.write(
        "content/sv/goals/andra.md",
        "---\ntitle: Andra målet\ntranslation-of: second\n---\n\nText.\n",
    );
    w.write(
        "content/sv/borta.md",
        "---\ntitle: Borta\ntranslation-of: goals/nothing.md\n---\n\nText.\n",
    );
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(
        b.all().contains("content/sv/borta.md:3:1: `translation-of: goals/nothing.md` names no page of another language"),
        "{}",
        b.all()
    );
    let en = w.read("book/goals/second.html");
    assert!(
        en.contains("<a href=\"../sv/goals/andra.html\" hreflang=\"sv\" lang=\"sv\">Svenska</a>"),
        "{en}"
    );
    assert!(!w.path("book/sv/goals/second.html").exists());
}

#[test]
fn one_search_index_per_language() {
    let w = two_languages();
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    let entry = |p: &str| -> serde_json::Value { serde_json::from_str(&w.read(p)).unwrap() };
    let en = entry("book/pagefind/pagefind-entry.json");
    let sv = entry("book/sv/pagefind/pagefind-entry.json");
    assert!(en["languages"]["en"].is_object(), "{en}");
    assert!(en["languages"]["sv"].is_null(), "{en}");
    assert_eq!(sv["languages"]["sv"]["page_count"], 2, "{sv}");
    assert!(sv["languages"]["en"].is_null());
    assert!(w.path("book/sv/pagefind/wasm.sv.pagefind").is_file());
    // The Swedish search page searches the Swedish index.
    assert!(w.path("book/sv/search/index.html").is_file());
}

#[test]
fn a_translated_goal_inherits_its_data_and_check_reports_one_that_disagrees() {
    let w = two_languages();
    let c = w.check();
    assert_eq!(c.code, 0, "{}", c.all());
    // Inherited: the Swedish goal has the owner and status of the English one, and no
    // "no owner" warning.
    assert!(!c.all().contains("no `owner`"), "{}", c.all());
    w.build();
    let sv = w.read("book/sv/goals/first.html");
    assert!(
        sv.contains("status-active") || sv.contains(">Active<"),
        "{sv}"
    );

    w.write(
        "content/sv/goals/first.md",
        "---\ntitle: Första målet\nstatus: achieved\n---\n\nMålets text.\n",
    );
    let c = w.check();
    let all = c.all();
    assert!(
        all.contains("content/sv/goals/first.md:3:1: `status` is `achieved` in this translation but `active` in its original `content/goals/first.md` (line 5)"),
        "{all}"
    );
}

#[test]
fn config_errors_name_their_line() {
    let w = two_languages();
    w.write(
        "book.toml",
        &BOOK.replace("[wiki.languages.sv]", "[wiki.languages.\"s v\"]"),
    );
    let c = w.check();
    assert_ne!(c.code, 0);
    assert!(c.all().contains("book.toml:"), "{}", c.all());
    assert!(c.all().contains("is not a language code"), "{}", c.all());
    w.write(
        "book.toml",
        &BOOK.replace("name = \"Svenska\"", "name = \"Svenska\"\ndir = \".\""),
    );
    let c = w.check();
    assert!(
        c.all().contains("give each language a folder of its own"),
        "{}",
        c.all()
    );
}

#[test]
fn page_level_lang_and_right_to_left() {
    let w = Wiki::valid();
    w.write(
        "content/salam.md",
        "---\ntitle: سلام\nlang: ar\n---\n\nمرحبا\n",
    );
    w.write(
        "content/bonjour.md",
        "---\ntitle: Bonjour\nlang: fr\n---\n\nSalut.\n",
    );
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(
        w.read("book/salam.html")
            .contains("<html lang=\"ar\" dir=\"rtl\">")
    );
    assert!(w.read("book/bonjour.html").contains("<html lang=\"fr\">"));
    assert!(w.read("book/about.html").contains("<html lang=\"en\">"));
    // A right-to-left wiki.
    let rtl = Wiki::valid();
    rtl.write("book.toml", "[book]\ntitle = \"T\"\nlanguage = \"he\"\n");
    let b = rtl.build();
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(
        rtl.read("book/index.html")
            .contains("<html lang=\"he\" dir=\"rtl\">")
    );
    // A tag that is not one is an error naming its line.
    w.write(
        "content/bad.md",
        "---\ntitle: Bad\nlang: \"not a tag\"\n---\n\nX.\n",
    );
    let c = w.check();
    assert!(c.all().contains("content/bad.md:3"), "{}", c.all());
}

#[test]
fn the_pull_request_report_names_each_pages_language_and_history_is_per_language() {
    let w = two_languages();
    let repo = git2::Repository::init(w.root()).unwrap();
    let one = common::commit_all(&repo, "One", 1_700_000_000);
    repo.tag_lightweight("v1", &repo.find_object(one, None).unwrap(), false)
        .unwrap();
    w.write(
        "content/sv/om.md",
        "---\ntitle: Om wikin\ntranslation-of: about.md\n---\n\nOm den här wikin, ändrad.\n",
    );
    w.write(
        "content/sv/goals/second.md",
        "---\ntitle: Andra målet\n---\n\nNu på svenska.\n",
    );
    w.write("content/about.md", "# About\n\nAbout this wiki, changed.\n");
    common::commit_all(&repo, "Two", 1_700_100_000);
    let out = w.run(&["diff", "v1..HEAD"]);
    assert_eq!(out.code, 0, "{}", out.all());
    let md = &out.stdout;
    assert!(
        md.contains("Andra målet `sv/goals/second.md` (goal) (language sv)"),
        "{md}"
    );
    assert!(md.contains("<code>sv/om.md</code> (language sv)"), "{md}");
    assert!(md.contains("<code>about.md</code> (language en)"), "{md}");
    let json = w.run(&["diff", "v1..HEAD", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let changed = v["pages_changed"].as_array().unwrap();
    assert!(
        changed
            .iter()
            .any(|c| c["page"]["path"] == "sv/om.md" && c["page"]["lang"] == "sv"),
        "{v}"
    );
    // Each language's history pages, under its folder.
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    let h = w.read("book/sv/history/om.html");
    assert!(h.contains("<html lang=\"sv\""));
    assert!(h.contains("Two"), "{h}");
    assert!(w.path("book/sv/changes.html").is_file());
}

#[test]
fn a_translation_uses_its_originals_images_without_copying_them() {
    let w = two_languages();
    w.write(
        "content/images/map.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    w.write(
        "content/sv/om.md",
        "---\ntitle: Om wikin\ntranslation-of: about.md\n---\n\n![Karta](images/map.svg)\n",
    );
    let c = w.check();
    assert_eq!(c.code, 0, "{}", c.all());
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(w.path("book/sv/images/map.svg").is_file());
    assert!(w.path("book/images/map.svg").is_file());
    // Pages are never taken from the original: a missing one is a missing translation.
    assert!(w.read("book/sv/goals/second.html").contains("noindex"));
}

#[test]
fn editions_are_built_per_language_in_its_folder() {
    let w = two_languages();
    w.write(
        "book.toml",
        &format!(
            "{BOOK}\n[wiki.versions]\ntags = [\"v*\"]\nbranches = [\"main\"]\nlatest = \"main\"\n"
        ),
    );
    let repo = git2::Repository::init(w.root()).unwrap();
    let one = common::commit_all(&repo, "One", 1_700_000_000);
    repo.tag_lightweight("v1", &repo.find_object(one, None).unwrap(), false)
        .unwrap();
    w.write(
        "content/sv/goals/first.md",
        "---\ntitle: Första målet, nu\n---\n\nMålets nya text.\n",
    );
    common::commit_all(&repo, "Two", 1_700_100_000);
    // The branch is `main` or `master`, whatever git chose: name it.
    let head = repo.head().unwrap().peel_to_commit().unwrap();
    repo.branch("main", &head, true).ok();
    repo.set_head("refs/heads/main").unwrap();
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    for f in [
        "v1/goals/first.html",
        "sv/v1/goals/first.html",
        "sv/goals/first.html",
        "sv/main/goals/first.html",
    ] {
        assert!(w.path("book").join(f).is_file(), "missing {f}: {}", b.all());
    }
    let old = w.read("book/sv/v1/goals/first.html");
    assert!(old.contains("<html lang=\"sv\""));
    assert!(old.contains("Första målet"));
    assert!(
        !old.contains("language-switcher"),
        "older editions have no switcher"
    );
    let now = w.read("book/sv/goals/first.html");
    assert!(now.contains("Första målet, nu"));
    assert!(now.contains("hreflang=\"en\""));
    // Only the site's top writes the sitemap.
    assert!(!w.path("book/sv/sitemap.xml").exists());
}

/// A translation begun after an edition was tagged: that edition exists in the default language
/// only, with no warning (it is history, not a problem), and the translation's own editions
/// start where its folder does.
#[test]
fn an_edition_from_before_a_translation_is_the_default_languages_only_without_a_warning() {
    let w = two_languages();
    std::fs::remove_dir_all(w.path("content/sv")).unwrap();
    w.write(
        "book.toml",
        &format!(
            "{BOOK}\n[wiki.versions]\ntags = [\"v*\"]\nbranches = [\"main\"]\nlatest = \"main\"\n"
        ),
    );
    let repo = git2::Repository::init(w.root()).unwrap();
    let one = common::commit_all(&repo, "English only", 1_700_000_000);
    repo.tag_lightweight("v1", &repo.find_object(one, None).unwrap(), false)
        .unwrap();
    w.write(
        "content/sv/goals/first.md",
        "---\ntitle: Första målet\n---\n\nMålets text.\n",
    );
    common::commit_all(&repo, "Swedish begins", 1_700_100_000);
    let head = repo.head().unwrap().peel_to_commit().unwrap();
    repo.branch("main", &head, true).ok();
    repo.set_head("refs/heads/main").unwrap();
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    assert!(!b.all().contains("left out"), "{}", b.all());
    assert!(w.path("book/v1/goals/first.html").is_file(), "{}", b.all());
    assert!(w.path("book/sv/goals/first.html").is_file(), "{}", b.all());
    assert!(!w.path("book/sv/v1").exists(), "{}", b.all());
    let c = w.run(&["check"]);
    assert!(!c.all().contains("left out"), "{}", c.all());
}

/// A translated goal's progress over time is its original's: the values change in the
/// original's file, and the translation (which inherits them) charts the same points.
#[test]
fn a_translated_goal_charts_its_originals_progress_over_time() {
    let w = two_languages();
    let repo = git2::Repository::init(w.root()).unwrap();
    common::commit_all(&repo, "Both languages", 1_700_000_000);
    let goal = w.read("content/goals/first.md");
    w.write(
        "content/goals/first.md",
        &goal.replace("progress: 30", "progress: 55"),
    );
    common::commit_all(&repo, "Progress 55%", 1_700_100_000);
    let b = w.build();
    assert_eq!(b.code, 0, "{}", b.all());
    let en = w.read("book/goals/first.html");
    let sv = w.read("book/sv/goals/first.html");
    let points = |html: &str| html.matches("class=\"trend-point\"").count();
    assert!(points(&en) >= 2, "the original charts its two values: {en}");
    assert_eq!(points(&sv), points(&en), "{sv}");
}
