//! `[wiki]`: stratwiki's own keys, as written (`RawWiki`, read by serde) and typed (`WikiConfig`,
//! what the build reads). The forge, the versions' order and the review period are typed once,
//! when `book.toml` is read, so no stage compares their text again.

use serde::Deserialize;

use super::FrontMatterAliases;
use crate::diagnostics::CheckConfig;
use crate::forge::Forge;
use crate::period::Period;

/// `[wiki]`: stratwiki's own keys, typed (read as `RawWiki`, then checked).
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
    /// Content files the build skips, in gitignore syntax, after the defaults that keep
    /// Jekyll, Hugo and Middleman templates out of the site (see `source::exclude`).
    pub exclude: Vec<String>,
    /// `[wiki.history]`.
    pub history: HistoryConfig,
    /// `[wiki.goals]`.
    pub goals: GoalsConfig,
    /// `[wiki] review-every`: how often a page that is not a goal must be reviewed when its
    /// own `review-every` does not say, for pages that name an owner or a `review` date in
    /// their front matter. `None` (the default): only pages with their own `review-every` are
    /// tracked, as in GOV.UK's tech-docs-template, where a page expires when it has both
    /// `last_reviewed_on` and `review_in`.
    pub review_every: Option<Period>,
    /// `[wiki.check]`: the level of each rule.
    pub check: CheckConfig,
    /// `[wiki.versions]`: editions built from git refs.
    pub versions: VersionsConfig,
    /// `[wiki.proposals]`: proposal branches listed on the proposals page.
    pub proposals: ProposalsConfig,
    /// `[wiki.search]`: the offline search index.
    pub search: SearchConfig,
    /// `[wiki.front-matter]`: other names pages use for stratwiki's front-matter fields, so a
    /// handbook written for another tool is read without rewriting every page.
    pub front_matter: FrontMatterAliases,
    /// `[wiki.languages]`: the languages of a multilingual wiki (empty: one language).
    pub languages: super::LanguagesConfig,
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
    /// Which `book.toml` each edition is read with: its own (the default), or today's, so
    /// that tags made before the wiki's settings existed or changed build as today's site.
    pub config: EditionConfig,
}

/// `[wiki.versions] config`: which `book.toml` the editions are read with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EditionConfig {
    /// Each tag's own (today's for a tag that has none), so an old edition looks as it did.
    #[default]
    Own,
    /// Today's for every edition: content folder, theme and settings as the site has them now.
    Current,
}

impl EditionConfig {
    /// The choice a `book.toml` value names, or `None` when it names none.
    pub(super) fn from_name(name: &str) -> Option<EditionConfig> {
        match name {
            "own" => Some(EditionConfig::Own),
            "current" => Some(EditionConfig::Current),
            _ => None,
        }
    }
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
    pub(super) fn from_name(name: &str) -> Option<VersionOrder> {
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
        raw.typed(
            None,
            review_every,
            VersionOrder::default(),
            EditionConfig::default(),
        )
    }
}

/// Why `name` cannot be a theme's name, if it cannot: a theme is the folder `themes/<name>/`,
/// so a name is one plain folder name. `../../outside` (or `a/b`, `a\b`, `..`) would load a
/// theme from elsewhere on the machine that builds a pull request.
pub(super) fn bad_theme_name(name: &str) -> Option<String> {
    let bad = name.is_empty()
        || name == "."
        || name.contains(['/', '\\', '\0', ':'])
        || name.contains("..");
    bad.then(|| {
        format!(
            "`wiki.theme` must be a theme's name, the folder `themes/<name>/` (no `/`, `\\`, `:` or `..`; found `{name}`)"
        )
    })
}

/// `[wiki]` as written: the values typed after reading (forge, order, period) still text, so
/// that a wrong one is reported as today, at its key's line, after the whole file is read.
#[derive(Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub(super) struct RawWiki {
    theme: String,
    trusted_html: bool,
    drafts: bool,
    list_limit: usize,
    home_case_studies: usize,
    pub(super) forge: Option<String>,
    edit_branch: Option<String>,
    exclude: Vec<String>,
    history: HistoryConfig,
    pub(super) review_every: Option<String>,
    pub(super) goals: RawGoals,
    check: CheckConfig,
    pub(super) versions: RawVersions,
    proposals: ProposalsConfig,
    search: SearchConfig,
}

/// `[wiki.goals]` as written.
#[derive(Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub(super) struct RawGoals {
    pub(super) review_every: String,
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
pub(super) struct RawVersions {
    tags: Vec<String>,
    branches: Vec<String>,
    labels: std::collections::BTreeMap<String, String>,
    pub(super) order: Option<String>,
    latest: Option<String>,
    development: Option<String>,
    pub(super) config: Option<String>,
}

impl RawWiki {
    /// The typed section, given the values typed from its text.
    pub(super) fn typed(
        self,
        forge: Option<Forge>,
        review_every: Period,
        order: VersionOrder,
        edition_config: EditionConfig,
    ) -> WikiConfig {
        let v = self.versions;
        WikiConfig {
            theme: self.theme,
            trusted_html: self.trusted_html,
            drafts: self.drafts,
            list_limit: self.list_limit,
            home_case_studies: self.home_case_studies,
            forge,
            edit_branch: self.edit_branch,
            exclude: self.exclude,
            history: self.history,
            goals: GoalsConfig { review_every },
            // Typed from `review_every` by the caller, which reports a wrong one at its line.
            review_every: None,
            check: self.check,
            versions: VersionsConfig {
                tags: v.tags,
                branches: v.branches,
                labels: v.labels,
                order,
                latest: v.latest,
                development: v.development,
                config: edition_config,
            },
            proposals: self.proposals,
            search: self.search,
            front_matter: FrontMatterAliases::default(),
            languages: super::LanguagesConfig::default(),
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
            exclude: Vec::new(),
            history: HistoryConfig::default(),
            review_every: None,
            goals: RawGoals::default(),
            check: CheckConfig::default(),
            versions: RawVersions::default(),
            search: SearchConfig::default(),
            proposals: ProposalsConfig::default(),
        }
    }
}
