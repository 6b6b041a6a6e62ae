//! The printable edition (issue 28): `print.html` in every edition holds every page of
//! SUMMARY.md in order and every goal, case study and owner; each of its internal links
//! resolves inside it; it has no navigation chrome; printed to PDF by headless Chromium it has
//! one heading per chapter. The PDF part needs `chromium` and `pdftotext` (poppler-utils): it is
//! skipped with a message without them, except when `CI` or `STRATWIKI_E2E=1` is set.

mod common;

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

/// The example as a git repository, built.
fn built_example(tmp: &Path) -> std::path::PathBuf {
    let o = Command::new(env!("CARGO_BIN_EXE_stratwiki"))
        .args(["new", "--example", "ex"])
        .current_dir(tmp)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let dir = tmp.join("ex");
    let o = Command::new(env!("CARGO_BIN_EXE_stratwiki"))
        .args(["build", "--today", "2026-06-01"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    dir
}

/// Every value of attribute `name` in `html` (double-quoted).
fn attrs<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let pat = format!(" {name}=\"");
    html.match_indices(&pat)
        .map(|(i, _)| {
            let v = &html[i + pat.len()..];
            &v[..v.find('"').unwrap()]
        })
        .collect()
}

/// The anchor of the page at content path `path` in the document.
fn anchor(path: &str) -> String {
    format!(
        "page-{}",
        path.trim_end_matches(".md").replace(['/', '.'], "-")
    )
}

#[test]
fn the_printable_edition_holds_the_whole_strategy_in_order() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = built_example(tmp.path());
    let html = std::fs::read_to_string(dir.join("book/print.html")).unwrap();

    // Every page SUMMARY.md lists, in its order.
    let summary = std::fs::read_to_string(dir.join("content/SUMMARY.md")).unwrap();
    let listed: Vec<&str> = summary
        .lines()
        .filter_map(|l| l.split("](").nth(1)?.split(')').next())
        .collect();
    assert!(listed.len() >= 7, "{listed:?}");
    let mut at = 0;
    for path in &listed {
        let id = format!("id=\"{}\"", anchor(path));
        let found = html[at..]
            .find(&id)
            .unwrap_or_else(|| panic!("{path} ({id}) missing or out of order"));
        at += found;
    }
    // And every goal, case study and owner.
    for folder in ["goals", "case-studies", "owners"] {
        for e in std::fs::read_dir(dir.join("content").join(folder)).unwrap() {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            if name.ends_with(".md") && name != "README.md" && name != "index.md" {
                let id = anchor(&format!("{folder}/{name}"));
                assert!(html.contains(&format!("id=\"{id}\"")), "{folder}/{name}");
            }
        }
    }
    // A goal's facts and indicators are there.
    let eid = &html[html.find("id=\"page-goals-common-eid\"").unwrap()..];
    let eid = &eid[..eid.find("</article>").unwrap()];
    for fact in ["Accountable owner", "Target date", "Progress", "Indicators"] {
        assert!(eid.contains(fact), "{fact}: {eid}");
    }

    // Every link within the document resolves; no link leads to another page of the site.
    let ids: HashSet<&str> = attrs(&html, "id").into_iter().collect();
    assert_eq!(ids.len(), attrs(&html, "id").len(), "ids are unique");
    let mut internal = 0;
    for href in attrs(&html, "href") {
        if let Some(frag) = href.strip_prefix('#') {
            assert!(ids.contains(frag), "#{frag} has no target");
            internal += 1;
        } else if !href.contains(':') {
            assert!(
                !href.ends_with(".html") && !href.contains(".html#"),
                "a link out of the document: {href}"
            );
        }
    }
    assert!(internal > 50, "{internal} internal links");

    // No navigation chrome: no site header, navigation, sidebar, search or footer.
    for chrome in [
        "class=\"site-header",
        "class=\"site-nav",
        "id=\"sw-contents\"",
        "site-search",
        "class=\"sidebar",
        "<footer",
    ] {
        assert!(!html.contains(chrome), "{chrome} in the printable edition");
    }
    // Its print stylesheet: page breaks before chapters, running titles, link targets.
    let css = std::fs::read_to_string(dir.join("book/static/print.css")).unwrap();
    for rule in ["break-before: page", "@bottom-right", "attr(href)"] {
        assert!(css.contains(rule), "{rule}");
    }
    assert!(html.contains("@top-center"), "the running title");

    // Every edition has one, and every page links to it.
    for edition in ["v2015", "v2019"] {
        let p = dir.join(format!("book/{edition}/print.html"));
        assert!(p.is_file(), "{edition}");
    }
    let goal_page = std::fs::read_to_string(dir.join("book/goals/common-eid.html")).unwrap();
    assert!(goal_page.contains("href=\"../print.html\">Print / save as PDF</a>"));
    assert!(
        goal_page.contains("print.html\">This edition as one page"),
        "the edition menu"
    );

    pdf_has_one_heading_per_chapter(&dir, &listed);

    // A rebuild takes the document as it was when nothing changed, and renders it again when a
    // page did.
    let rebuild = || {
        let o = Command::new(env!("CARGO_BIN_EXE_stratwiki"))
            .args(["build", "--today", "2026-06-01"])
            .current_dir(&dir)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        std::fs::read_to_string(dir.join("book/print.html")).unwrap()
    };
    assert_eq!(rebuild(), html);
    let chapter = dir.join("content/chapters/digital-first.md");
    let text = std::fs::read_to_string(&chapter).unwrap();
    std::fs::write(&chapter, format!("{text}\nA sentence added since.\n")).unwrap();
    // The example publishes its `main` branch: the change must be committed.
    let repo = git2::Repository::open(&dir).unwrap();
    common::commit_all(&repo, "Add a sentence", 1_780_000_000);
    assert!(rebuild().contains("A sentence added since."));
}

/// Print the document to PDF with headless Chromium and read it back with `pdftotext`.
fn pdf_has_one_heading_per_chapter(dir: &Path, listed: &[&str]) {
    let have = |cmd: &str| {
        Command::new(cmd)
            .arg("-v")
            .output()
            .is_ok_and(|o| o.status.success() || !o.stderr.is_empty())
    };
    let chromium = std::env::var("CHROMIUM_PATH").unwrap_or_else(|_| "chromium".into());
    let missing: Vec<&str> = [(chromium.as_str(), "--version"), ("pdftotext", "-v")]
        .into_iter()
        .filter(|(c, _)| {
            if *c == "pdftotext" {
                !have(c)
            } else {
                !Command::new(c)
                    .arg("--version")
                    .output()
                    .is_ok_and(|o| o.status.success())
            }
        })
        .map(|(c, _)| c)
        .collect();
    if !missing.is_empty() {
        let required = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false")
            || std::env::var("STRATWIKI_E2E").is_ok_and(|v| v == "1");
        assert!(!required, "the PDF test needs {missing:?}");
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: printing to PDF needs {missing:?} (chromium, poppler-utils)"
        );
        return;
    }
    let pdf = dir.join("print.pdf");
    let url = format!("file://{}", dir.join("book/print.html").display());
    let o = Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
            &url,
        ])
        .output()
        .unwrap();
    assert!(pdf.is_file(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout);
    let pages: Vec<String> = text
        .split('\u{c}')
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    // Each chapter starts a page of its own, which opens with its label and title (after the
    // running title): one heading per chapter.
    let chapters: Vec<&&str> = listed
        .iter()
        .filter(|p| p.starts_with("chapters/"))
        .collect();
    assert!(chapters.len() >= 5);
    let src = |p: &str| std::fs::read_to_string(dir.join("content").join(p)).unwrap();
    for c in chapters {
        let text = src(c);
        let title = text
            .lines()
            .find_map(|l| l.strip_prefix("title: "))
            .map(|t| t.trim_matches('"').to_string())
            .or_else(|| {
                text.lines()
                    .find_map(|l| l.strip_prefix("# ").map(String::from))
            })
            .unwrap();
        let first_words: String = title
            .split_whitespace()
            .take(4)
            .collect::<Vec<_>>()
            .join(" ");
        let starting: Vec<usize> = pages
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                let head: String = p.chars().take(200).collect();
                head.to_lowercase().contains("chapter") && head.contains(&first_words)
            })
            .map(|(i, _)| i)
            .collect();
        assert_eq!(starting.len(), 1, "{c} ({title}): pages {starting:?}");
    }
    // The running title is in the margins of the pages after the first.
    let title_count = pages
        .iter()
        .filter(|p| p.starts_with("Digital First"))
        .count();
    assert!(
        title_count > pages.len() / 2,
        "running titles on {title_count} of {} pages",
        pages.len()
    );
}

/// `print.html` is the site's: a page that would take it is an error naming the file.
#[test]
fn a_page_at_print_html_is_told_to_move() {
    let w = common::Wiki::valid();
    w.write("content/print.md", "# Print\n\nA page.\n");
    let r = w.check();
    assert_ne!(r.code, 0, "{}", r.all());
    assert!(
        r.all().contains("reserved-url") || r.all().contains("which the site generates itself"),
        "{}",
        r.all()
    );
    assert!(r.all().contains("print.md"), "{}", r.all());
}

/// Issue #27: after a one-page edit, the printable edition takes every other page's section
/// from the previous document instead of rendering it again, and is byte for byte what a cold
/// build of the same files writes; a new page (which moves where pages are in the document)
/// renders every section again.
#[test]
fn a_one_page_edit_renders_one_section_of_the_printable_edition() {
    let make = || {
        let w = common::Wiki::valid();
        for i in 0..8 {
            w.write(
                &format!("content/goals/g{i}.md"),
                &format!("---\ntitle: Goal {i}\nstatus: active\n---\n\nSee [about](../about.md) and [g0](g0.md#x).\n"),
            );
        }
        w
    };
    let build = |w: &common::Wiki| {
        let r = w.run_env(
            &["build", "--today", "2026-06-01"],
            &[("STRATWIKI_TIMINGS", "1")],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        let line = r
            .stderr
            .lines()
            .find(|l| l.contains("sections taken from the previous build"))
            .expect("the printable edition says what it took")
            .to_string();
        let nums: Vec<usize> = line
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        (
            (nums[0], nums[1]),
            std::fs::read(w.path("book/print.html")).unwrap(),
        )
    };
    let w = make();
    build(&w);
    let edit = "---\ntitle: Goal 3\nstatus: active\n---\n\nA sentence only this edit wrote. See [about](../about.md) and [g0](g0.md#x).\n";
    w.write("content/goals/g3.md", edit);
    let ((taken, total), incremental) = build(&w);
    assert_eq!(
        taken + 1,
        total,
        "one section rendered, {taken} of {total} taken"
    );
    let doc = String::from_utf8_lossy(&incremental);
    assert_eq!(doc.matches("A sentence only this edit wrote.").count(), 1);

    // The same files, built cold: the same document.
    let cold = make();
    cold.write("content/goals/g3.md", edit);
    let (_, fresh) = build(&cold);
    assert!(
        incremental == fresh,
        "incremental print.html differs from a cold build's"
    );

    // A new page changes where pages are in the document: every section is rendered again.
    w.write("content/new-page.md", "# A new page\n\nWords.\n");
    let ((taken, _), _) = build(&w);
    assert_eq!(taken, 0);
}
