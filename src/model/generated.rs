//! The one list of the files the site generates besides content pages: the indexes, the
//! dashboard, the 404 page, the recent changes, the feed and the open data.
//!
//! Kept here, with the model's URLs, so that pages cannot take these URLs
//! ([`super::urls::is_reserved`]), and so the sitemap, the URL tables of versions, the renderer
//! and the output plan agree on what a site has.

use crate::config::Config;

/// When a generated file exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// On every site.
    Always,
    /// When the search is on (`[wiki.search] enabled`).
    Search,
    /// When the build lists proposal branches.
    Proposals,
    /// When the wiki has a change history (it is in git).
    History,
}

/// What kind of file a generated file is, which says which part of the renderer writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// An HTML index page (`Renderer::render_indexes`).
    Index,
    /// The recent-changes page (`Renderer::render_changes`).
    Changes,
    /// The Atom feed of the recent changes (`Renderer::render_feed`).
    Feed,
    /// A data file of the open data (`Renderer::render_open_data`).
    OpenData,
    /// The printable edition (`Renderer::render_print`).
    Print,
}

/// One file the renderer generates.
#[derive(Debug, Clone, Copy)]
pub struct Generated {
    /// Its site-relative URL.
    pub url: &'static str,
    /// What it is, for messages ("the 404 page").
    pub what: &'static str,
    /// What kind of file it is.
    pub form: Form,
    /// The sitemap lists it.
    pub sitemap: bool,
    /// When it exists.
    pub when: When,
}

const fn page(url: &'static str, what: &'static str, sitemap: bool, when: When) -> Generated {
    Generated {
        url,
        what,
        form: Form::Index,
        sitemap,
        when,
    }
}

/// Every file the renderer generates besides content pages, their history pages, tag pages
/// and redirects, in the order it renders them.
pub const GENERATED: &[Generated] = &[
    page("index.html", "the home page", true, When::Always),
    page(
        "chapters/index.html",
        "the contents page",
        true,
        When::Always,
    ),
    page("goals/index.html", "the goals index", true, When::Always),
    page("dashboard.html", "the dashboard", true, When::Always),
    page("search/index.html", "the search page", false, When::Search),
    page(
        "case-studies/index.html",
        "the case-studies index",
        true,
        When::Always,
    ),
    page("owners/index.html", "the owners index", true, When::Always),
    page("tags/index.html", "the tags index", true, When::Always),
    page(
        "proposals.html",
        "the proposals page",
        false,
        When::Proposals,
    ),
    page("404.html", "the 404 page", false, When::Always),
    Generated {
        url: "changes.html",
        what: "the recent-changes page",
        form: Form::Changes,
        sitemap: false,
        when: When::History,
    },
    Generated {
        url: "changes.atom",
        what: "the recent-changes feed",
        form: Form::Feed,
        sitemap: false,
        when: When::History,
    },
    Generated {
        url: "print.html",
        what: "the printable edition",
        form: Form::Print,
        sitemap: false,
        when: When::Always,
    },
    Generated {
        url: "goals.json",
        what: "the goals as open data",
        form: Form::OpenData,
        sitemap: false,
        when: When::Always,
    },
    Generated {
        url: "owners.json",
        what: "the owners as open data",
        form: Form::OpenData,
        sitemap: false,
        when: When::Always,
    },
];

impl Generated {
    /// Whether this file exists on a site with this configuration, with or without a change
    /// history and proposals.
    pub fn exists(&self, config: &Config, history: bool, proposals: bool) -> bool {
        match self.when {
            When::Always => true,
            When::Search => config.wiki.search.enabled,
            When::Proposals => proposals,
            When::History => history,
        }
    }
}

/// The generated file at `url`, when there is one.
pub fn generated(url: &str) -> Option<&'static Generated> {
    GENERATED.iter().find(|g| g.url == url)
}
