//! `book.toml`: the wiki's configuration.
//!
//! The file is mdBook-compatible where the same concept exists (`[book]`, `[build]`,
//! `[output.html]`), so an mdBook user feels at home; stratwiki's own keys live under `[wiki]`.
//! Unknown keys are warnings naming the key and its line (a typo should not pass silently), and a
//! malformed file is an error with line and column.

use std::path::{Path, PathBuf};

use serde::Deserialize;

pub use crate::diagnostics::{CheckConfig, Level};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::forge::Forge;
use crate::period::Period;
use crate::text::line_col;

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
    /// The content folder, relative to the root (default `content`; mdBook's default is `src`).
    pub src: PathBuf,
}

impl Default for BookConfig {
    fn default() -> Self {
        BookConfig {
            title: "Strategy".into(),
            authors: Vec::new(),
            description: String::new(),
            language: "en".into(),
            src: PathBuf::from("content"),
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
    /// Absolute URL the site is published at (`https://example.org/strategy/`); makes
    /// `sitemap.xml` and canonical links absolute.
    pub site_url: Option<String>,
    /// The repository's web page, linked from every page's footer.
    pub git_repository_url: Option<String>,
    /// Edit link for each page; `{path}` becomes the page's path relative to the content folder
    /// (as in mdBook), e.g. `https://github.com/org/repo/edit/main/content/{path}`.
    pub edit_url_template: Option<String>,
    /// Style sheets to add to every page after the theme's (as in mdBook): paths from the wiki
    /// root, e.g. `custom.css` or `theme/print.css`.
    pub additional_css: Vec<String>,
    /// Scripts to add to the end of every page (as in mdBook): paths from the wiki root.
    pub additional_js: Vec<String>,
    /// A custom domain for GitHub Pages: written to a `CNAME` file at the top of the site.
    pub cname: Option<String>,
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

/// `[wiki]`: stratwiki's own keys, typed (read from [`RawWiki`]).
#[derive(Debug, Clone)]
pub struct WikiConfig {
    /// Theme name: `default` is built in; any other name is read from `themes/<name>/`.
    pub theme: String,
    /// Trust raw HTML in Markdown (default `false`: it is sanitised, because content arrives by
    /// pull request from anyone).
    pub trusted_html: bool,
    /// Build pages marked `draft: true` too (default `false`).
    pub drafts: bool,
    /// How many items a per-page list (backlinks, sidebar entries) shows before it links to the
    /// full index instead. Keeps every page's size independent of the size of the wiki.
    pub list_limit: usize,
    /// Number of latest case studies on the home page.
    pub home_case_studies: usize,
    /// The forge (`github`, `gitlab`, `gitea`/`forgejo`/`codeberg`, `bitbucket`), for a
    /// self-hosted one whose host name does not say.
    pub forge: Option<Forge>,
    /// The branch edit links propose changes against (default: the remote's default branch,
    /// else the current branch).
    pub edit_branch: Option<String>,
    /// `[wiki.history]`.
    pub history: HistoryConfig,
    /// `[wiki.goals]`.
    pub goals: GoalsConfig,
    /// `[wiki.check]`: the level of each rule.
    pub check: CheckConfig,
    /// `[wiki.versions]`: editions built from git refs.
    pub versions: VersionsConfig,
    /// `[wiki.proposals]`: proposal branches listed on the proposals page.
    pub proposals: ProposalsConfig,
    /// `[wiki.search]`: the offline search index.
    pub search: SearchConfig,
}

/// `[wiki.search]`: the Pagefind search index built into every version of the site.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct SearchConfig {
    /// Build the index and show the search box (default `true`).
    pub enabled: bool,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig { enabled: true }
    }
}

impl ProposalsConfig {
    /// True when a proposals page is wanted.
    pub fn enabled(&self) -> bool {
        !self.branches.is_empty() || self.all_branches
    }
}

/// `[wiki.proposals]`: which branches are proposals.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct ProposalsConfig {
    /// Branch names or patterns, e.g. `["proposal/*"]`.
    pub branches: Vec<String>,
    /// List every local branch ahead of the default one instead.
    pub all_branches: bool,
}

/// `[wiki.versions]`: which git refs are editions of the strategy.
#[derive(Debug, Clone, Default)]
pub struct VersionsConfig {
    /// Tag names or patterns (`*` and `?`), e.g. `["v*"]`.
    pub tags: Vec<String>,
    /// Branch names or patterns, e.g. `["main"]`.
    pub branches: Vec<String>,
    /// Labels by ref name (`v1 = "Agenda 2015–2018"`); default: the ref name.
    pub labels: std::collections::BTreeMap<String, String>,
    /// How tags and branches are ordered: `semver` (the default) or `date`.
    pub order: VersionOrder,
    /// The default edition, also built at the site root; default: the newest tag.
    pub latest: Option<String>,
    /// A ref shown as "in development" (usually a branch).
    pub development: Option<String>,
}

impl VersionsConfig {
    /// True when any version is configured.
    pub fn enabled(&self) -> bool {
        !self.tags.is_empty() || !self.branches.is_empty()
    }
}

/// `[wiki.versions] order`: how editions are sorted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum VersionOrder {
    /// By version number in the ref name: `v1.10` after `v1.9` (the default).
    #[default]
    Semver,
    /// By commit date.
    Date,
}

impl VersionOrder {
    /// The order a `book.toml` value names, or `None` when it names none.
    fn from_name(name: &str) -> Option<VersionOrder> {
        match name {
            "semver" => Some(VersionOrder::Semver),
            "date" => Some(VersionOrder::Date),
            _ => None,
        }
    }
}

/// `[wiki.goals]`: goal tracking.
#[derive(Debug, Clone)]
pub struct GoalsConfig {
    /// How often a goal must be touched (a commit or a `review` date) before it is stale, when
    /// its own `review-every` does not say (default `6 months`).
    pub review_every: Period,
}

/// `[wiki.history]`: change history from git.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct HistoryConfig {
    /// Read history from git at all (default `true`).
    pub enabled: bool,
    /// How many of a page's newest revisions get a rendered diff (default 20); older ones link
    /// to the forge's commit page.
    pub diffs: usize,
    /// How many commits the recent-changes page and feed show (default 100).
    pub recent: usize,
    /// Follow renames: a page's history continues across moves, and old URLs redirect (default
    /// `true`).
    pub follow_renames: bool,
    /// Cache each commit's changes in `.stratwiki-cache/` at the wiki root (default `true`).
    pub cache: bool,
}

impl Default for HistoryConfig {
    fn default() -> Self {
        HistoryConfig {
            enabled: true,
            diffs: 20,
            recent: 100,
            follow_renames: true,
            cache: true,
        }
    }
}

impl Default for WikiConfig {
    fn default() -> Self {
        let raw = RawWiki::default();
        let review_every =
            Period::parse(&raw.goals.review_every).expect("the default period is valid");
        raw.typed(None, review_every, VersionOrder::default())
    }
}

/// `[wiki]` as written: the values typed after reading (forge, order, period) still text, so
/// that a wrong one is reported as today, at its key's line, after the whole file is read.
#[derive(Deserialize)]
#[serde(default, rename_all = "kebab-case")]
struct RawWiki {
    theme: String,
    trusted_html: bool,
    drafts: bool,
    list_limit: usize,
    home_case_studies: usize,
    forge: Option<String>,
    edit_branch: Option<String>,
    history: HistoryConfig,
    goals: RawGoals,
    check: CheckConfig,
    versions: RawVersions,
    proposals: ProposalsConfig,
    search: SearchConfig,
}

/// `[wiki.goals]` as written.
#[derive(Deserialize)]
#[serde(default, rename_all = "kebab-case")]
struct RawGoals {
    review_every: String,
}

impl Default for RawGoals {
    fn default() -> Self {
        RawGoals {
            review_every: "6 months".into(),
        }
    }
}

/// `[wiki.versions]` as written.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "kebab-case")]
struct RawVersions {
    tags: Vec<String>,
    branches: Vec<String>,
    labels: std::collections::BTreeMap<String, String>,
    order: Option<String>,
    latest: Option<String>,
    development: Option<String>,
}

impl RawWiki {
    /// The typed section, given the values typed from its text.
    fn typed(self, forge: Option<Forge>, review_every: Period, order: VersionOrder) -> WikiConfig {
        let v = self.versions;
        WikiConfig {
            theme: self.theme,
            trusted_html: self.trusted_html,
            drafts: self.drafts,
            list_limit: self.list_limit,
            home_case_studies: self.home_case_studies,
            forge,
            edit_branch: self.edit_branch,
            history: self.history,
            goals: GoalsConfig { review_every },
            check: self.check,
            versions: VersionsConfig {
                tags: v.tags,
                branches: v.branches,
                labels: v.labels,
                order,
                latest: v.latest,
                development: v.development,
            },
            proposals: self.proposals,
            search: self.search,
        }
    }
}

impl Default for RawWiki {
    fn default() -> Self {
        RawWiki {
            theme: "default".into(),
            trusted_html: false,
            drafts: false,
            list_limit: 50,
            home_case_studies: 5,
            forge: None,
            edit_branch: None,
            history: HistoryConfig::default(),
            goals: RawGoals::default(),
            check: CheckConfig::default(),
            versions: RawVersions::default(),
            search: SearchConfig::default(),
            proposals: ProposalsConfig::default(),
        }
    }
}

/// Keys stratwiki knows, by table, for the unknown-key warning.
const KNOWN: &[(&str, &[&str])] = &[
    ("", &["book", "build", "output", "wiki", "preprocessor"]),
    (
        "book",
        &["title", "authors", "description", "language", "src"],
    ),
    ("build", &["build-dir"]),
    ("output", &["html"]),
    (
        "output.html",
        &[
            "site-url",
            "git-repository-url",
            "edit-url-template",
            "additional-css",
            "additional-js",
            "cname",
        ],
    ),
    (
        "wiki",
        &[
            "theme",
            "trusted-html",
            "drafts",
            "list-limit",
            "home-case-studies",
            "forge",
            "edit-branch",
            "history",
            "goals",
            "check",
            "versions",
            "proposals",
            "search",
        ],
    ),
    ("wiki.search", &["enabled"]),
    ("wiki.proposals", &["branches", "all-branches"]),
    (
        "wiki.versions",
        &[
            "tags",
            "branches",
            "labels",
            "order",
            "latest",
            "development",
        ],
    ),
    ("wiki.goals", &["review-every"]),
    (
        "wiki.check",
        &[
            "goal-without-owner",
            "unknown-owner",
            "codeowners",
            "overdue",
            "stale",
            "indicator-missing-current",
        ],
    ),
    (
        "wiki.history",
        &["enabled", "diffs", "recent", "follow-renames", "cache"],
    ),
];

/// mdBook's own settings that stratwiki has no use for: a book.toml taken over from mdBook
/// gets a warning that says so, rather than one that suggests a typing error.
const MDBOOK_ONLY: &[&str] = &[
    "book.multilingual",
    "book.text-direction",
    "build.create-missing",
    "build.use-default-preprocessors",
    "build.extra-watch-dirs",
    "output.html.theme",
    "output.html.default-theme",
    "output.html.preferred-dark-theme",
    "output.html.smart-punctuation",
    "output.html.curly-quotes",
    "output.html.mathjax-support",
    "output.html.copy-fonts",
    "output.html.no-section-label",
    "output.html.git-repository-icon",
    "output.html.input-404",
    "output.html.live-reload-endpoint",
    "output.html.redirect",
    "output.html.fold",
    "output.html.playground",
    "output.html.code",
    "output.html.print",
    "output.html.search",
    "output.html.hash-files",
    "output.html.sidebar-header-nav",
];

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
        if !path.exists() {
            return Ok(Config::default_for(root));
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
        Config::parse(root, &text, diags)
    }

    /// Parse configuration text (the contents of `book.toml`).
    pub fn parse(root: &Path, text: &str, diags: &mut Diagnostics) -> Result<Config, ConfigError> {
        let table: toml::Table = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
        let raw: RawConfig = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
        for (key, line) in unknown_keys(&table, text) {
            let message = if MDBOOK_ONLY.contains(&key.as_str()) {
                format!("`{key}` is an mdBook setting that stratwiki does not use; it is ignored")
            } else {
                format!("unknown key `{key}` is ignored")
            };
            diags.push(
                Diagnostic::warning("unknown-key", message)
                    .in_file("book.toml")
                    .at(line, 1),
            );
        }
        // A value the build cannot work with: an error at its key's line.
        let invalid = |section: &str, key: &str, message: String| {
            Err(ConfigError::Invalid(
                Diagnostic::error("config", message)
                    .in_file("book.toml")
                    .at(key_line(text, section, key).unwrap_or(1), 1),
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
        if let Some(u) = &raw.output.html.site_url
            && !(u.starts_with("https://") || u.starts_with("http://"))
        {
            return invalid(
                "output.html",
                "site-url",
                format!(
                    "`output.html.site-url` must be an absolute URL such as `https://example.org/strategy/` (found `{u}`)"
                ),
            );
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
        let config = Config {
            root: root.to_path_buf(),
            book: raw.book,
            build: raw.build,
            html: raw.output.html,
            wiki: raw.wiki.typed(forge, review_every, order),
        };
        for (key, js) in [("additional-css", false), ("additional-js", true)] {
            let list = if js {
                &config.html.additional_js
            } else {
                &config.html.additional_css
            };
            if let Some(bad) = list.iter().find(|p| clean_relative(p).is_none()) {
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

    /// The line of `book.toml` that sets `key` in `[section]`, for messages.
    pub fn key_line(&self, section: &str, key: &str) -> Option<usize> {
        let text = std::fs::read_to_string(self.root.join("book.toml")).ok()?;
        key_line(&text, section, key)
    }

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

    /// `site-url` with exactly one trailing slash, when set.
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

/// `path` as a clean relative path (`./a//b.css` → `a/b.css`), or `None` when it is empty,
/// absolute, or climbs out with `..`.
fn clean_relative(path: &str) -> Option<String> {
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

fn toml_error(text: &str, e: &toml::de::Error) -> ConfigError {
    let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
    let msg = e.message().trim().to_string();
    ConfigError::Invalid(
        Diagnostic::error("config", format!("malformed book.toml: {msg}"))
            .in_file("book.toml")
            .at(line, col),
    )
}

/// Every key not in [`KNOWN`], dotted (`wiki.them`), with its line.
fn unknown_keys(table: &toml::Table, text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    walk(table, "", text, &mut out);
    // In the order of the file, not of the keys' names.
    out.sort_by_key(|(_, line)| *line);
    out
}

fn walk(table: &toml::Table, prefix: &str, text: &str, out: &mut Vec<(String, usize)>) {
    let known = KNOWN.iter().find(|(t, _)| *t == prefix).map(|(_, k)| *k);
    for (key, value) in table {
        let dotted = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match known {
            // A table stratwiki does not read at all (`[preprocessor.x]`): leave it alone.
            None => {}
            // Other mdBook renderers' tables (`[output.pdf]`) are not ours to judge.
            Some(_) if prefix == "output" && key != "html" => {}
            Some(k) if k.contains(&key.as_str()) => {
                if let toml::Value::Table(t) = value {
                    walk(t, &dotted, text, out);
                }
            }
            Some(_) => {
                let line = key_line(text, prefix, key).unwrap_or(1);
                out.push((dotted, line));
            }
        }
    }
}

/// The line where `key` is set inside table `[section]` (or where `[section.key]` starts).
/// A small scan of the text: good enough to point at a line, and never wrong about the file.
fn key_line(text: &str, section: &str, key: &str) -> Option<usize> {
    // A byte-order mark is no part of the first line's text (a `[book]` after one is a table).
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut current = String::new();
    let full = if section.is_empty() {
        key.to_string()
    } else {
        format!("{section}.{key}")
    };
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.starts_with('[') {
            let name = line.trim_matches(|c| c == '[' || c == ']').trim();
            if name == full || name.starts_with(&format!("{full}.")) {
                return Some(i + 1);
            }
            current = name.to_string();
            continue;
        }
        if let Some((k, _)) = line.split_once('=') {
            let k = k.trim().trim_matches('"');
            let dotted = if current.is_empty() {
                k.to_string()
            } else {
                format!("{current}.{k}")
            };
            if dotted == full || dotted.starts_with(&format!("{full}.")) {
                return Some(i + 1);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Result<Config, ConfigError>, Diagnostics) {
        let mut d = Diagnostics::new();
        let r = Config::parse(Path::new("/w"), text, &mut d);
        (r, d)
    }

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
    fn unknown_keys_warn_with_line() {
        let (c, d) = parse("[book]\ntitle = \"T\"\ntitel = \"x\"\n\n[wiki]\nthem = \"dark\"\n");
        assert!(c.is_ok());
        let msgs: Vec<String> = d.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            msgs,
            vec![
                "warning: book.toml:3:1: unknown key `book.titel` is ignored",
                "warning: book.toml:6:1: unknown key `wiki.them` is ignored"
            ]
        );
    }

    #[test]
    fn other_mdbook_tables_are_left_alone() {
        let (c, d) = parse(
            "[book]\ntitle = \"T\"\n[preprocessor.links]\n[output.pdf]\nx = 1\n[output.html]\nmathjax = true\n",
        );
        assert!(c.is_ok());
        let msgs: Vec<String> = d.iter().map(|d| d.message.clone()).collect();
        assert_eq!(msgs, vec!["unknown key `output.html.mathjax` is ignored"]);
    }

    #[test]
    fn a_byte_order_mark_does_not_move_lines() {
        let (c, d) = parse("\u{feff}[book]\ntitle = \"x\"\nunknownkey = 1\n");
        assert!(c.is_ok());
        assert_eq!(
            d.iter().next().unwrap().to_string(),
            "warning: book.toml:3:1: unknown key `book.unknownkey` is ignored"
        );
    }

    #[test]
    fn mdbook_only_settings_say_so() {
        let (c, d) = parse(
            "[book]\ntitle = \"T\"\n[output.html]\nmathjax-support = true\ndefault-theme = \"rust\"\n",
        );
        assert!(c.is_ok());
        let msgs: Vec<String> = d.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            msgs,
            vec![
                "warning: book.toml:4:1: `output.html.mathjax-support` is an mdBook setting that stratwiki does not use; it is ignored",
                "warning: book.toml:5:1: `output.html.default-theme` is an mdBook setting that stratwiki does not use; it is ignored",
            ]
        );
    }

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
}
