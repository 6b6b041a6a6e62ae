//! The sections mdBook also has (`[book]`, `[build]`, `[output.html]`), and where the
//! `additional-css`/`additional-js` files they list end up in the site.

use std::path::PathBuf;

use serde::Deserialize;

use super::Config;

/// `[book]`: what the wiki is.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct BookConfig {
    /// Site title, shown in the header and the `<title>` of every page.
    pub title: String,
    /// Authors, shown in the footer and the `<meta name="author">`.
    pub authors: Vec<String>,
    /// One-sentence description, used as the home page's meta description.
    pub description: String,
    /// Language tag for `<html lang>` (default `en`).
    pub language: String,
    /// The content folder, relative to the root (default `content`; mdBook's default is `src`,
    /// taken when the wiki looks like an mdBook book: see [`Config::settle_src`]).
    pub src: PathBuf,
    /// True when `book.toml` sets `src`: then it always wins over the mdBook default.
    #[serde(skip)]
    pub src_given: bool,
    /// In a multilingual wiki, a language's fallback for files other than pages: the default
    /// language's folder (relative to the root) and the folders inside it to leave out (the
    /// other languages'). A translation links the original's images without copying them.
    #[serde(skip)]
    pub assets_from: Option<(PathBuf, Vec<String>)>,
}

impl Default for BookConfig {
    fn default() -> Self {
        BookConfig {
            title: "Strategy".into(),
            authors: Vec::new(),
            description: String::new(),
            language: "en".into(),
            src: PathBuf::from("content"),
            src_given: false,
            assets_from: None,
        }
    }
}

/// `[build]`: where the site goes.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct BuildConfig {
    /// The output folder, relative to the root (default `book`, as in mdBook).
    pub build_dir: PathBuf,
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            build_dir: PathBuf::from("book"),
        }
    }
}

/// `[output.html]`: the mdBook HTML renderer's keys that stratwiki shares.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct HtmlConfig {
    /// Where the site is published: an absolute URL (`https://example.org/strategy/`), which
    /// makes `sitemap.xml`, the feed and canonical links absolute, or, as mdBook documents it,
    /// a base path (`/strategy/`), which only the 404 page and canonical links can use.
    pub site_url: Option<String>,
    /// The repository's web page, linked from every page's footer.
    pub git_repository_url: Option<String>,
    /// Edit link for each page; `{path}` becomes the page's path from the book's root (the
    /// folder of `book.toml`), as mdBook fills it: `.../edit/main/content/{path}` with a
    /// `content/` folder becomes `.../edit/main/content/content/a.md`, so write
    /// `.../edit/main/{path}`.
    pub edit_url_template: Option<String>,
    /// Style sheets to add to every page after the theme's (as in mdBook): paths from the wiki
    /// root, e.g. `custom.css` or `theme/print.css`.
    pub additional_css: Vec<String>,
    /// Scripts to add to the end of every page (as in mdBook): paths from the wiki root.
    pub additional_js: Vec<String>,
    /// A custom domain for GitHub Pages: written to a `CNAME` file at the top of the site.
    pub cname: Option<String>,
    /// mdBook's redirect table: an old path in the site (`/format/config.html`) → where it
    /// now leads (a URL relative to the old page, or an http(s) URL). A book moved from mdBook
    /// keeps its readers' bookmarks.
    pub redirect: std::collections::BTreeMap<String, String>,
}

/// Where an `additional-css` or `additional-js` file ends up in the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdditionalFile {
    /// Its path from the wiki root, as book.toml gives it (cleaned of `./`).
    pub path: String,
    /// Its site-relative URL.
    pub url: String,
    /// True when the build must copy it to `url`; false for a file the site has anyway (one
    /// in the content folder, or in `static/` or the theme's `static/`).
    pub copy: bool,
}

impl Config {
    /// The `additional-css` files (`js` false) or `additional-js` files (`js` true), in order,
    /// with where each is in the site. Paths are from the wiki root, as in mdBook: a file in
    /// the content folder keeps its URL there, one in `static/` or the theme's `static/` is at
    /// `static/...` already, and any other is copied to its own path.
    pub fn additional_files(&self, js: bool) -> Vec<AdditionalFile> {
        let list = if js {
            &self.html.additional_js
        } else {
            &self.html.additional_css
        };
        // `None` when the content folder is the wiki root itself.
        let src = clean_relative(&self.book.src.to_string_lossy()).map(|s| format!("{s}/"));
        let theme_static = format!("themes/{}/static/", self.wiki.theme);
        list.iter()
            .map(|p| {
                let path = clean_relative(p).unwrap_or_else(|| p.clone());
                let (url, copy) = match &src {
                    None => (path.clone(), false),
                    Some(src) if path.starts_with(src.as_str()) => {
                        (path[src.len()..].to_string(), false)
                    }
                    _ if path.starts_with(&theme_static) => {
                        (format!("static/{}", &path[theme_static.len()..]), false)
                    }
                    _ => (path.clone(), !path.starts_with("static/")),
                };
                AdditionalFile { path, url, copy }
            })
            .collect()
    }
}

impl Config {
    /// A content file's path from the book's root (`src/chapter_1.md` for `chapter_1.md` in
    /// `src/`): what mdBook puts for `{path}` in `edit-url-template`, so a template written for
    /// mdBook leads to the same file.
    pub fn book_path(&self, content_path: &str) -> String {
        match clean_relative(&self.book.src.to_string_lossy()) {
            Some(src) => format!("{src}/{content_path}"),
            None => content_path.to_string(),
        }
    }

    /// Settle the content folder when `book.toml` does not name it: mdBook's `src` when
    /// `src/SUMMARY.md` exists and no `content/` folder does (an mdBook book builds unchanged),
    /// else `content`. `exists` says whether a path from the wiki root exists, in the working
    /// tree or in a commit's tree.
    pub fn settle_src(&mut self, exists: impl Fn(&str) -> bool) {
        if !self.book.src_given && !exists("content") && exists("src/SUMMARY.md") {
            self.book.src = PathBuf::from("src");
        }
    }
}

/// `path` as a clean relative path (`./a//b.css` → `a/b.css`), or `None` when it is empty,
/// absolute, or climbs out with `..`.
pub(super) fn clean_relative(path: &str) -> Option<String> {
    let path = path.replace('\\', "/");
    if path.starts_with('/') || path.contains(':') {
        return None;
    }
    let parts: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect();
    if parts.is_empty() || parts.contains(&"..") {
        return None;
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {

    use super::super::test_parse as parse;

    #[test]
    fn additional_files_say_where_they_go() {
        let (c, d) = parse(
            "[book]\nsrc = \"content\"\n[output.html]\nadditional-css = [\"./theme//custom.css\", \"content/css/a.css\", \"static/b.css\", \"themes/default/static/c.css\"]\nadditional-js = [\"js/x.js\"]\ncname = \"strategy.example.org\"\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let c = c.unwrap();
        let css: Vec<(String, String, bool)> = c
            .additional_files(false)
            .into_iter()
            .map(|f| (f.path, f.url, f.copy))
            .collect();
        let t = |p: &str, u: &str, c: bool| (p.to_string(), u.to_string(), c);
        assert_eq!(
            css,
            vec![
                t("theme/custom.css", "theme/custom.css", true),
                t("content/css/a.css", "css/a.css", false),
                t("static/b.css", "static/b.css", false),
                t("themes/default/static/c.css", "static/c.css", false),
            ]
        );
        assert_eq!(c.additional_files(true)[0].url, "js/x.js");
        assert_eq!(c.html.cname.as_deref(), Some("strategy.example.org"));
    }

    #[test]
    fn additional_files_outside_the_wiki_and_bad_cname_are_errors_with_line() {
        for (bad, line) in [
            ("[output.html]\nadditional-css = [\"../x.css\"]\n", 2),
            ("[output.html]\n\nadditional-js = [\"/etc/x.js\"]\n", 3),
            ("[output.html]\ncname = \"https://x.org\"\n", 2),
        ] {
            let (c, _) = parse(bad);
            let e = c.unwrap_err().to_diagnostic();
            assert_eq!(e.line, Some(line), "{bad}: {e}");
        }
    }
}
