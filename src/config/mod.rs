//! `book.toml`: the wiki's configuration.
//!
//! The file is mdBook-compatible where the same concept exists (`[book]`, `[build]`,
//! `[output.html]`), so an mdBook user feels at home; stratwiki's own keys live under `[wiki]`.
//! Unknown keys are warnings naming the key and its line (a typo should not pass silently), and a
//! malformed file is an error with line and column.

mod aliases;
mod book;
mod keys;
mod languages;
mod wiki;

use std::path::{Path, PathBuf};

use serde::Deserialize;

pub use crate::diagnostics::{CheckConfig, Level};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::forge::Forge;
use crate::period::Period;
use crate::text::line_col;
pub use aliases::{FRONT_MATTER_FIELDS, FrontMatterAliases};
pub use book::{AdditionalFile, BookConfig, BuildConfig, HtmlConfig};
pub use languages::{Language, LanguagesConfig, is_language_tag, text_direction};
use wiki::RawWiki;
pub use wiki::{
    EditionConfig, GoalsConfig, HistoryConfig, ProposalsConfig, SearchConfig, VersionOrder,
    VersionsConfig, WikiConfig,
};

/// The whole configuration, with defaults filled in.
#[derive(Debug, Clone)]
pub struct Config {
    /// The wiki root: the folder holding `book.toml`.
    pub root: PathBuf,
    /// `[book]`.
    pub book: BookConfig,
    /// `[build]`.
    pub build: BuildConfig,
    /// `[output.html]`.
    pub html: HtmlConfig,
    /// `[wiki]`.
    pub wiki: WikiConfig,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawConfig {
    book: BookConfig,
    build: BuildConfig,
    output: RawOutput,
    wiki: RawWiki,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawOutput {
    html: HtmlConfig,
}

/// The errors that stop configuration loading.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// `book.toml` is missing or unreadable.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// `book.toml` is malformed (the diagnostic names line and column).
    #[error("{0}")]
    Invalid(Diagnostic),
}

impl ConfigError {
    /// This error as a diagnostic, for uniform reporting.
    pub fn to_diagnostic(&self) -> Diagnostic {
        match self {
            ConfigError::Read { path, source } => {
                Diagnostic::error("config", format!("cannot read {path}: {source}"))
                    .in_file(path.clone())
            }
            ConfigError::Invalid(d) => d.clone(),
        }
    }
}

impl Config {
    /// Configuration with every default, for a wiki without `book.toml`.
    pub fn default_for(root: &Path) -> Config {
        Config {
            root: root.to_path_buf(),
            book: BookConfig::default(),
            build: BuildConfig::default(),
            html: HtmlConfig::default(),
            wiki: WikiConfig::default(),
        }
    }

    /// Load `<root>/book.toml`. A wiki without one gets the defaults; warnings (unknown keys) are
    /// pushed to `diags`.
    pub fn load(root: &Path, diags: &mut Diagnostics) -> Result<Config, ConfigError> {
        let path = root.join("book.toml");
        // Never through a symbolic link: `book.toml -> /dev/zero` would never end, and one to
        // another file would have it echoed in messages (it decides everything else: an error).
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(ConfigError::Invalid(
                Diagnostic::error(
                    "config",
                    "book.toml is a symbolic link, which is not followed (it could read files from the machine that builds the wiki): make it a file",
                )
                .in_file("book.toml"),
            ));
        }
        let on_disk = |rel: &str| root.join(rel).exists();
        if !path.exists() {
            let mut config = Config::default_for(root);
            config.settle_src(on_disk);
            return Ok(config);
        }
        let bytes = std::fs::read(&path).map_err(|source| ConfigError::Read {
            path: "book.toml".into(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let (line, col) = line_col(
                &String::from_utf8_lossy(e.as_bytes()),
                e.utf8_error().valid_up_to(),
            );
            ConfigError::Invalid(
                Diagnostic::error("config", "book.toml is not valid UTF-8")
                    .in_file("book.toml")
                    .at(line, col),
            )
        })?;
        let mut config = Config::parse(root, &text, diags)?;
        config.settle_src(on_disk);
        Ok(config)
    }

    /// Parse configuration text (the contents of `book.toml`).
    pub fn parse(root: &Path, text: &str, diags: &mut Diagnostics) -> Result<Config, ConfigError> {
        let table: toml::Table = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
        let raw: RawConfig = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
        keys::warn_unknown(&table, text, diags);
        // A value the build cannot work with: an error at its key's line.
        let invalid = |section: &str, key: &str, message: String| {
            Err(ConfigError::Invalid(
                Diagnostic::error("config", message)
                    .in_file("book.toml")
                    .at(keys::key_line(text, section, key).unwrap_or(1), 1),
            ))
        };
        let Some(review_every) = Period::parse(&raw.wiki.goals.review_every) else {
            return invalid(
                "wiki.goals",
                "review-every",
                "`wiki.goals.review-every` must be a period like `6 months`, `1 year` or `90 days`"
                    .into(),
            );
        };
        let page_every = match raw.wiki.review_every.as_deref() {
            None => None,
            Some(text) => match Period::parse(text) {
                Some(p) => Some(p),
                None => {
                    return invalid(
                        "wiki",
                        "review-every",
                        format!(
                            "`wiki.review-every` must be a period like `6 months`, `1 year` or `90 days` (found `{text}`)"
                        ),
                    );
                }
            },
        };
        if let Some(u) = &raw.output.html.site_url
            && !is_web_url(u.trim())
            && !is_base_path(u.trim())
        {
            return invalid(
                "output.html",
                "site-url",
                format!(
                    "`output.html.site-url` must be an absolute URL such as `https://example.org/strategy/` or a base path such as `/strategy/` (found `{u}`)"
                ),
            );
        }
        for (from, to) in &raw.output.html.redirect {
            let bad = if book::clean_relative(from.trim_start_matches('/')).is_none() {
                Some(format!(
                    "`output.html.redirect` has the old path `{from}`: give a path in the site such as `/old/page.html`, without `..`"
                ))
            } else if !is_web_url(to) && !is_relative_url(to) {
                Some(format!(
                    "`output.html.redirect` leads `{from}` to `{to}`: give an http or https URL, or a path such as `../new/page.html`"
                ))
            } else {
                None
            };
            if let Some(message) = bad {
                let line = redirect_line(text, from).unwrap_or(1);
                return Err(ConfigError::Invalid(
                    Diagnostic::error("config", message)
                        .in_file("book.toml")
                        .at(line, 1),
                ));
            }
        }
        // Every other URL becomes an `href` on every page: a pull request must not be able to
        // make it `javascript:...`.
        for (key, value, example) in [
            (
                "git-repository-url",
                &raw.output.html.git_repository_url,
                "https://github.com/org/repo",
            ),
            (
                "edit-url-template",
                &raw.output.html.edit_url_template,
                "https://github.com/org/repo/edit/main/{path}",
            ),
        ] {
            if let Some(u) = value
                && !is_web_url(u)
            {
                return invalid(
                    "output.html",
                    key,
                    format!(
                        "`output.html.{key}` must be an http or https URL such as `{example}` (found `{u}`)"
                    ),
                );
            }
        }
        let forge = match &raw.wiki.forge {
            None => None,
            Some(f) => match Forge::from_name(f) {
                Some(forge) => Some(forge),
                None => {
                    return invalid(
                        "wiki",
                        "forge",
                        format!(
                            "`wiki.forge` must be one of github, gitlab, gitea, forgejo, codeberg, bitbucket (found `{f}`)"
                        ),
                    );
                }
            },
        };
        let order = match &raw.wiki.versions.order {
            None => VersionOrder::default(),
            Some(o) => match VersionOrder::from_name(o) {
                Some(order) => order,
                None => {
                    return invalid(
                        "wiki.versions",
                        "order",
                        format!("`wiki.versions.order` must be `semver` or `date` (found `{o}`)"),
                    );
                }
            },
        };
        let edition_config = match &raw.wiki.versions.config {
            None => EditionConfig::default(),
            Some(c) => match EditionConfig::from_name(c) {
                Some(c) => c,
                None => {
                    return invalid(
                        "wiki.versions",
                        "config",
                        format!("`wiki.versions.config` must be `own` or `current` (found `{c}`)"),
                    );
                }
            },
        };
        let mut book = raw.book;
        book.src_given = table
            .get("book")
            .and_then(|b| b.as_table())
            .is_some_and(|b| b.contains_key("src"));
        let front_matter = match table.get("wiki").and_then(|w| w.get("front-matter")) {
            None => FrontMatterAliases::default(),
            Some(toml::Value::Table(t)) => match FrontMatterAliases::from_toml(t) {
                Ok(a) => a,
                Err((field, message)) => return invalid("wiki.front-matter", &field, message),
            },
            Some(_) => {
                return invalid(
                    "wiki",
                    "front-matter",
                    "`wiki.front-matter` must be a table: `[wiki.front-matter]` then `owner = [\"owner_slack\"]`".into(),
                );
            }
        };
        let mut config = Config {
            root: root.to_path_buf(),
            book,
            build: raw.build,
            html: raw.output.html,
            wiki: raw.wiki.typed(forge, review_every, order, edition_config),
        };
        config.wiki.front_matter = front_matter;
        config.wiki.review_every = page_every;
        if let Some(t) = table.get("wiki").and_then(|w| w.get("languages")) {
            let Some(t) = t.as_table() else {
                return invalid(
                    "wiki",
                    "languages",
                    "`wiki.languages` must be a table: `[wiki.languages]` then `default = \"sv\"`"
                        .into(),
                );
            };
            match LanguagesConfig::from_toml(t, &config.book.language) {
                Ok(l) => config.wiki.languages = l,
                Err((key, message)) => return invalid("wiki.languages", &key, message),
            }
        }
        for (key, js) in [("additional-css", false), ("additional-js", true)] {
            let list = if js {
                &config.html.additional_js
            } else {
                &config.html.additional_css
            };
            if let Some(bad) = list.iter().find(|p| book::clean_relative(p).is_none()) {
                return invalid(
                    "output.html",
                    key,
                    format!(
                        "`output.html.{key}` lists `{bad}`: give a file's path from the wiki root, without `..`"
                    ),
                );
            }
        }
        if let Some(c) = &config.html.cname
            && (c.trim().is_empty() || c.contains(['/', ' ', ':']))
        {
            return invalid(
                "output.html",
                "cname",
                format!(
                    "`output.html.cname` must be a domain name such as `strategy.example.org` (found `{c}`)"
                ),
            );
        }
        if let Some(why) = wiki::bad_theme_name(&config.wiki.theme) {
            return invalid("wiki", "theme", why);
        }
        if config.wiki.list_limit == 0 {
            return invalid(
                "wiki",
                "list-limit",
                "`wiki.list-limit` must be at least 1".into(),
            );
        }
        Ok(config)
    }

    /// The content folder.
    pub fn content_dir(&self) -> PathBuf {
        self.root.join(&self.book.src)
    }

    /// The default output folder (`[build] build-dir`).
    pub fn build_dir(&self) -> PathBuf {
        self.root.join(&self.build.build_dir)
    }

    /// The line of `book.toml` where `[output.html.redirect]` lists the old path `from`.
    pub fn redirect_line(&self, from: &str) -> Option<usize> {
        let text = std::fs::read_to_string(self.root.join("book.toml")).ok()?;
        redirect_line(&text, from)
    }

    /// The line of `book.toml` that sets `key` in `[section]`, for messages.
    pub fn key_line(&self, section: &str, key: &str) -> Option<usize> {
        let text = std::fs::read_to_string(self.root.join("book.toml")).ok()?;
        keys::key_line(&text, section, key)
    }

    /// `site-url` when it is an absolute URL (with one trailing slash): what a sitemap, a feed
    /// and the open data need, since they are read away from the site. A base path
    /// (`/strategy/`) gives none, and so no sitemap.
    pub fn absolute_site_url(&self) -> Option<String> {
        self.site_url().filter(|u| is_web_url(u))
    }

    /// `site-url` with exactly one trailing slash, when set: an absolute URL, or mdBook's base
    /// path (`/strategy/`), which is enough for the 404 page's links and canonical links.
    pub fn site_url(&self) -> Option<String> {
        self.html.site_url.as_ref().map(|u| {
            let mut u = u.trim().to_string();
            if !u.ends_with('/') {
                u.push('/');
            }
            u
        })
    }
}

/// True for an `http` or `https` URL with a host and no spaces or control characters: the only
/// addresses `book.toml` may put into the site's links (`javascript:` would run on every page,
/// and a browser ignores leading spaces and tabs inside a scheme).
fn is_web_url(u: &str) -> bool {
    let scheme = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    let rest = if scheme.starts_with("https://") {
        &u[8..]
    } else if scheme.starts_with("http://") {
        &u[7..]
    } else {
        return false;
    };
    !rest.is_empty()
        && !rest.starts_with('/')
        && !u.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// True for mdBook's path form of `site-url`: `/strategy/`, a path from the host's root with no
/// host, no `//` (which a browser would read as a host), no `..` and no spaces, quotes or
/// control characters (it goes into every 404 link).
fn is_base_path(u: &str) -> bool {
    u.starts_with('/')
        && !u.starts_with("//")
        && !u.split('/').any(|s| s == "..")
        && !u
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || "\\\"'<>?#".contains(c))
}

/// True for a relative URL a redirect may lead to (`../new.html`, `/new/`, `new.html#part`):
/// no scheme (a `:` before any `/`, `?` or `#`: `javascript:` is refused), not
/// protocol-relative, no spaces or control characters.
fn is_relative_url(u: &str) -> bool {
    let head = u.split(['/', '?', '#']).next().unwrap_or("");
    !u.is_empty()
        && !head.contains(':')
        && !u.starts_with("//")
        && !u.starts_with("\\")
        && !u
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
}

/// The line of `[output.html.redirect]`'s entry for `from`.
fn redirect_line(text: &str, from: &str) -> Option<usize> {
    let start = keys::key_line(text, "output.html", "redirect")?;
    text.lines()
        .enumerate()
        .skip(start - 1)
        .find(|(_, l)| {
            let key = l.trim_start();
            [format!("\"{from}\""), format!("'{from}'"), from.to_string()]
                .iter()
                .any(|k| {
                    key.strip_prefix(k.as_str())
                        .is_some_and(|r| r.trim_start().starts_with('='))
                })
        })
        .map(|(i, _)| i + 1)
}

fn toml_error(text: &str, e: &toml::de::Error) -> ConfigError {
    let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
    let msg = e.message().trim().to_string();
    ConfigError::Invalid(
        Diagnostic::error("config", format!("malformed book.toml: {msg}"))
            .in_file("book.toml")
            .at(line, col),
    )
}

/// `book.toml` text parsed for a wiki at `/w`, with the diagnostics (for unit tests).
#[cfg(test)]
pub(crate) fn test_parse(text: &str) -> (Result<Config, ConfigError>, Diagnostics) {
    let mut d = Diagnostics::new();
    let r = Config::parse(Path::new("/w"), text, &mut d);
    (r, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::test_parse as parse;

    #[test]
    fn reads_mdbook_keys_and_defaults() {
        let (c, d) = parse(
            "[book]\ntitle = \"T\"\nauthors = [\"A\"]\nsrc = \"docs\"\n\n[output.html]\nsite-url = \"https://x.org/s\"\nedit-url-template = \"https://e/{path}\"\n",
        );
        let c = c.unwrap();
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.book.title, "T");
        assert_eq!(c.book.src, PathBuf::from("docs"));
        assert_eq!(c.build.build_dir, PathBuf::from("book"));
        assert_eq!(c.site_url().unwrap(), "https://x.org/s/");
        assert_eq!(c.wiki.theme, "default");
        assert_eq!(c.book.language, "en");
    }

    #[test]
    fn malformed_names_line_and_column() {
        let (c, _) = parse("[book]\ntitle = \"T\"\nsrc = \n");
        let e = c.unwrap_err().to_diagnostic();
        assert_eq!(e.file.as_deref(), Some("book.toml"));
        assert_eq!(e.line, Some(3));
        assert!(
            e.message.starts_with("malformed book.toml"),
            "{}",
            e.message
        );
    }

    #[test]
    fn wrong_type_is_an_error_with_line() {
        let (c, _) = parse("[book]\ntitle = 5\n");
        let e = c.unwrap_err().to_diagnostic();
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn unknown_forge_version_order_and_relative_site_url_are_errors_with_line() {
        let (c, _) = parse("[book]\ntitle = \"T\"\n[wiki]\nforge = \"sourcehut\"\n");
        let e = c.unwrap_err().to_diagnostic();
        assert_eq!(e.line, Some(4));
        assert!(e.message.contains("found `sourcehut`"), "{}", e.message);
        let (c, _) = parse("[wiki.versions]\ntags = [\"v*\"]\norder = \"alpha\"\n");
        let e = c.unwrap_err().to_diagnostic();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("`semver` or `date`"), "{}", e.message);
        let (c, _) = parse("[output.html]\nsite-url = \"example.org/x\"\n");
        let e = c.unwrap_err().to_diagnostic();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("absolute URL"), "{}", e.message);
        for ok in [
            "[wiki]\nforge = \"Forgejo\"\n",
            "[wiki.versions]\norder = \"date\"\n",
        ] {
            assert!(parse(ok).0.is_ok(), "{ok}");
        }
    }

    #[test]
    fn site_url_may_be_mdbooks_base_path_but_only_a_url_is_absolute() {
        let (c, d) = parse("[output.html]\nsite-url = \"/mdBook\"\n");
        let c = c.unwrap();
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.site_url().as_deref(), Some("/mdBook/"));
        assert_eq!(c.absolute_site_url(), None);
        let (c, _) = parse("[output.html]\nsite-url = \"https://x.org/s\"\n");
        assert_eq!(
            c.unwrap().absolute_site_url().as_deref(),
            Some("https://x.org/s/")
        );
        for bad in ["//evil.example/", "/a/../b/", "/a\\\"b/", "javascript:x"] {
            assert!(
                parse(&format!("[output.html]\nsite-url = '{bad}'\n"))
                    .0
                    .is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn src_given_and_settled() {
        let (c, _) = parse("[book]\ntitle = \"T\"\n");
        let mut c = c.unwrap();
        assert!(!c.book.src_given);
        c.settle_src(|p| p == "src/SUMMARY.md");
        assert_eq!(c.book.src, PathBuf::from("src"));
        assert_eq!(c.book_path("a/b.md"), "src/a/b.md");
        // A `content/` folder keeps stratwiki's default; an explicit `src` always wins.
        let mut c = parse("").0.unwrap();
        c.settle_src(|p| p == "src/SUMMARY.md" || p == "content");
        assert_eq!(c.book.src, PathBuf::from("content"));
        let mut c = parse("[book]\nsrc = \"content\"\n").0.unwrap();
        c.settle_src(|p| p == "src/SUMMARY.md");
        assert_eq!(c.book.src, PathBuf::from("content"));
    }

    #[test]
    fn redirect_entries_are_checked_at_their_line() {
        let (c, d) = parse(
            "[output.html.redirect]\n\"/a/old.html\" = \"../new.html\"\n\"/b/\" = \"https://x.org/\"\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.unwrap().html.redirect.len(), 2);
        for (bad, line) in [
            (
                "[output.html.redirect]\n\"/a.html\" = \"b.html\"\n\"/x.html\" = \"javascript:alert(1)\"\n",
                3,
            ),
            ("[output.html.redirect]\n\"/../x.html\" = \"b.html\"\n", 2),
            (
                "[output.html.redirect]\n\"/y.html\" = \"//evil.example/\"\n",
                2,
            ),
        ] {
            let e = parse(bad).0.unwrap_err().to_diagnostic();
            assert_eq!(e.line, Some(line), "{bad}: {e}");
        }
    }
}
