//! The default theme's promises: contrast, landmarks, no other hosts, no JavaScript needed.

mod common;

use common::*;

const CSS: &str = include_str!("../themes/default/static/style.css");

fn luminance(hex: &str) -> f64 {
    let hex = hex.trim_start_matches('#');
    let c = |i: usize| {
        let v = u8::from_str_radix(&hex[i..i + 2], 16).unwrap() as f64 / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * c(0) + 0.7152 * c(2) + 0.0722 * c(4)
}

fn contrast(a: &str, b: &str) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// The custom properties of one `:root { ... }` block.
fn vars(block: &str) -> std::collections::HashMap<String, String> {
    block
        .split(';')
        .filter_map(|decl| {
            let (k, v) = decl.split_once(':')?;
            let k = k.trim().rsplit(' ').next()?.trim();
            let v = v.trim();
            (k.starts_with("--") && v.starts_with('#')).then(|| (k.to_string(), v.to_string()))
        })
        .collect()
}

#[test]
fn text_contrast_is_at_least_4_5_in_both_schemes() {
    let light_start = CSS.find(":root {").unwrap();
    let light = vars(&CSS[light_start + 7..light_start + CSS[light_start..].find('}').unwrap()]);
    let dark_start = CSS.find("prefers-color-scheme: dark").unwrap();
    let dark_block = &CSS[dark_start..];
    let dark_block = &dark_block[dark_block.find(":root {").unwrap() + 7..];
    let dark = vars(&dark_block[..dark_block.find("}\n}").unwrap()]);
    assert!(light.len() > 20 && dark.len() > 20, "{light:?} {dark:?}");
    for scheme in [&light, &dark] {
        for fg in [
            "--fg",
            "--fg-muted",
            "--link",
            "--link-visited",
            "--missing",
        ] {
            for bg in ["--bg", "--bg-soft", "--bg-code"] {
                let r = contrast(&scheme[fg], &scheme[bg]);
                assert!(r >= 4.5, "{fg} on {bg}: {r:.2}");
            }
        }
        assert!(contrast(&scheme["--header-fg"], &scheme["--header-bg"]) >= 4.5);
        for s in ["proposed", "active", "achieved", "paused", "dropped"] {
            let r = contrast(
                &scheme[&format!("--st-{s}-fg")],
                &scheme[&format!("--st-{s}-bg")],
            );
            assert!(r >= 4.5, "status {s}: {r:.2}");
        }
    }
}

#[test]
fn pages_have_landmarks_and_need_nothing_from_other_hosts() {
    let w = Wiki::valid();
    assert_eq!(w.build().code, 0);
    for page in [
        "index.html",
        "goals/first.html",
        "goals/index.html",
        "owners/agency.html",
        "chapters/intro.html",
        "case-studies/case.html",
        "tags/vision.html",
        "404.html",
    ] {
        let html = w.read(&format!("book/{page}"));
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
            "{page}"
        );
        assert!(
            html.contains("<a class=\"skip-link\" href=\"#main\">"),
            "{page}: skip link"
        );
        assert!(html.contains("<main id=\"main\""), "{page}: main landmark");
        // The page comes before the contents in reading order (a phone shows the page's title
        // first); the header links to the contents.
        let main = html.find("<main id=\"main\"").unwrap();
        let contents = html.find("id=\"sw-contents\"");
        assert!(
            contents.is_some_and(|c| c > main),
            "{page}: the contents come after the page"
        );
        assert!(
            html.find("<a class=\"contents-link\" href=\"#sw-contents\">Contents</a>")
                .is_some_and(|l| l < main),
            "{page}: the header's Contents link"
        );
        assert!(
            html.contains("<nav class=\"site-nav\" aria-label=\"Main\">"),
            "{page}"
        );
        assert!(
            html.contains("<header") && html.contains("<footer"),
            "{page}"
        );
        assert_eq!(html.matches("<h1").count(), 1, "{page}: exactly one h1");
        // The one script is the optional search box (the browser tests check every page
        // without JavaScript); nothing else.
        let without_search = html
            .replace("<script defer src=\"", "")
            .replace("static/search.js\"></script>", "");
        assert!(
            !without_search.contains("<script"),
            "{page}: no other JavaScript"
        );
        for attr in ["src=\"http", "href=\"//", "src=\"//"] {
            assert!(!html.contains(attr), "{page}: {attr}");
        }
        assert!(
            !html.contains("<link rel=\"stylesheet\" href=\"http"),
            "{page}"
        );
    }
    assert!(CSS.contains("@media print"));
    assert!(CSS.contains("prefers-color-scheme: dark"));
    assert!(CSS.contains("max-width: 50rem"), "a narrow-screen layout");
    assert!(
        !CSS.contains("@import") && !CSS.contains("url(http"),
        "no remote fonts or assets"
    );
}

#[test]
fn template_errors_name_the_template_file_line_and_column() {
    let w = Wiki::valid();
    // An undefined variable, found while rendering.
    w.write(
        "templates/goal.html",
        "{% extends \"page.html\" %}\n{% block page_meta %}\n<p>x</p>\n{{ nosuchvar.field }}\n{% endblock page_meta %}\n",
    );
    let j = w.run(&["check", "--format", "json"]);
    assert_eq!(j.code, 1, "{}", j.all());
    let v: serde_json::Value = serde_json::from_str(&j.stdout).unwrap();
    let d = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "template")
        .unwrap();
    assert_eq!(d["file"], "templates/goal.html", "{d}");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(4), Some(4)),
        "{d}"
    );
    let g = w.run(&["check", "--format", "github"]);
    assert!(
        g.stdout
            .contains("::error file=templates/goal.html,line=4,col=4,"),
        "{}",
        g.stdout
    );
    // A syntax error, found while loading the theme.
    w.write(
        "templates/goal.html",
        "{% extends \"page.html\" %}\n{% block page_meta %}\n<p>{{ x }</p>\n{% endblock page_meta %}\n",
    );
    let b = w.build();
    assert_eq!(b.code, 1);
    assert!(
        b.stderr
            .contains("error: templates/goal.html:3:9: theme template error: Found `}`"),
        "{}",
        b.stderr
    );
}

/// mdBook's `additional-css`, `additional-js` and `cname`: the files reach the site (copied
/// from the wiki root, or where the site has them anyway) and every page links them, in order.
#[test]
fn additional_css_js_and_cname_as_in_mdbook() {
    let w = Wiki::valid();
    w.write(
        "book.toml",
        &format!(
            "{BOOK}[output.html]\nadditional-css = [\"theme/custom.css\", \"content/css/inside.css\"]\nadditional-js = [\"./js/extra.js\"]\ncname = \"strategy.example.org\"\n"
        ),
    );
    w.write("theme/custom.css", "body { color: #123; }\n");
    w.write("content/css/inside.css", "p { margin: 0; }\n");
    w.write("js/extra.js", "console.log('extra');\n");
    let r = w.build();
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(w.read("book/theme/custom.css"), "body { color: #123; }\n");
    assert_eq!(w.read("book/css/inside.css"), "p { margin: 0; }\n");
    assert_eq!(w.read("book/js/extra.js"), "console.log('extra');\n");
    assert_eq!(w.read("book/CNAME"), "strategy.example.org\n");
    let goal = w.read("book/goals/first.html");
    let theme = goal.find("href=\"../static/style.css\"").unwrap();
    let custom = goal.find("href=\"../theme/custom.css\"").unwrap();
    let inside = goal.find("href=\"../css/inside.css\"").unwrap();
    assert!(
        theme < custom && custom < inside,
        "after the theme's, in order"
    );
    assert!(goal.contains("<script src=\"../js/extra.js\"></script>"));
    assert!(
        w.read("book/index.html")
            .contains("<link rel=\"stylesheet\" href=\"theme/custom.css\">")
    );
}

#[test]
fn additional_css_that_is_missing_or_outside_the_wiki_stops_the_build() {
    let w = Wiki::valid();
    w.write(
        "book.toml",
        &format!("{BOOK}[output.html]\nadditional-css = [\"custom.css\"]\n"),
    );
    let r = w.build();
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stderr.contains(
            "book.toml:5:1: `output.html.additional-css` lists `custom.css`, which is not a file in the wiki"
        ),
        "{}",
        r.stderr
    );
    assert!(!w.path("book").exists(), "no site from a failed build");

    w.write(
        "book.toml",
        &format!("{BOOK}[output.html]\nadditional-js = [\"../secret.js\"]\n"),
    );
    let r = w.build();
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("book.toml:5:1:"), "{}", r.stderr);
    assert!(r.stderr.contains("without `..`"), "{}", r.stderr);

    // A symbolic link that leads out of the wiki is not followed.
    #[cfg(unix)]
    {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.css"), "secret").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.css"), w.path("link.css")).unwrap();
        w.write(
            "book.toml",
            &format!("{BOOK}[output.html]\nadditional-css = [\"link.css\"]\n"),
        );
        let r = w.build();
        assert_eq!(r.code, 1, "{}", r.all());
        assert!(r.stderr.contains("not a file in the wiki"), "{}", r.stderr);
    }
}
