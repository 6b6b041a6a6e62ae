//! Rendering: the model through Tera templates into HTML files.
//!
//! The default theme is compiled into the binary, so `stratwiki build` works anywhere; a wiki
//! overrides any single template or static file by putting a file of the same name in
//! `themes/<theme>/templates/` (or a root `templates/` folder) and `themes/<theme>/static/`
//! (or a root `static/` folder).

pub mod charts;
mod chrome;
pub mod context;
pub mod dashboard;
pub mod data;
pub mod diff_html;
pub(crate) mod key;
pub mod revisions;
pub(crate) mod theme;

use rayon::prelude::*;
use serde::Serialize;
use std::sync::Mutex;

use git2::Repository;
use tera::{Context, Tera, Value};

use crate::history::History;

use crate::config::Config;
use crate::content::{GoalStatus, Kind};
use crate::diagnostics::Diagnostic;
use crate::model::{Role, Site};
use crate::text::root_prefix;
use std::collections::HashMap;

use context::{Contexts, GoalRow, LinkCtx, TagLink, area_anchor, humanize};
use key::key_of;

pub use theme::Theme;

/// Receives each finished file: a site-relative path and its bytes.
pub type Sink<'a> = dyn Fn(&str, Content) -> std::io::Result<()> + Sync + 'a;

/// What goes into a file of the site.
#[derive(Debug)]
pub enum Content {
    /// These bytes.
    Bytes(Vec<u8>),
    /// The previous build's file at the same place, as it is: a page reused by key
    /// ([`Reuse`]), so it is neither read nor compared.
    Previous,
}

/// Renders a model with a theme.
pub struct Renderer<'a> {
    tera: &'a Tera,
    cx: Contexts<'a>,
    site_ctx: context::SiteCtx,
    /// `site`, converted to a template value once: values share their strings, so inserting
    /// it into each page's context is cheap.
    site_value: Value,
    /// Every table-of-contents entry, converted once, for the per-page sidebar windows.
    toc_values: Vec<Value>,
    /// The change history, when the wiki is in git.
    history: Option<&'a History>,
    /// Warnings met while rendering (unreadable old revisions).
    warnings: Mutex<Vec<Diagnostic>>,
    /// Pages of the previous build that may be reused.
    reuse: Option<&'a Reuse>,
    /// Hash of everything every page depends on (site, contents, theme).
    const_key: u64,
    /// The versions, when the site has several.
    versions: Option<&'a crate::versions::VersionsView>,
    /// Pages already rendered for another version, by content key.
    shared: Option<&'a SharedPages>,
    /// Proposal branches, for the proposals page.
    proposals: Option<&'a [crate::proposals::Proposal]>,
    /// Add the live-preview script (for `serve`).
    live_reload: bool,
    /// Render only these pages (and their history pages), nothing else: the live server's
    /// incremental rebuild.
    only: Option<&'a std::collections::HashSet<usize>>,
    /// The table of contents, for the contents page.
    toc: Vec<context::TocCtx>,
    /// A hash of each entry of `toc`, for the keys of the pages whose sidebar shows it.
    toc_keys: Vec<u64>,
    /// The theme can render the sidebar on its own (`Theme::splices_sidebar`).
    theme_splices_sidebar: bool,
    /// Render pages without their sidebar and put it in as they are written (several
    /// versions, with a theme that can): see `emit`.
    splice_sidebar: bool,
    /// Sidebars already rendered for this version, by what they show (see
    /// [`Renderer::spliced_sidebar`]): most pages share one.
    sidebars: Mutex<HashMap<SidebarKey, std::sync::Arc<Vec<u8>>>>,
    /// Version menus and banners already rendered for this version, by shape.
    chrome: chrome::ChromeCache,
    /// Where the forge shows a commit: commit links are this and the id.
    commits_at: Option<String>,
    /// Each template's file, for messages.
    template_files: &'a std::collections::BTreeMap<String, String>,
}

/// A rendered page or part of one, shared between threads (and versions).
type Html = std::sync::Arc<Vec<u8>>;

/// What a spliced sidebar shows: its window of the contents, the way to the site root, and the
/// current page when the window lists it.
type SidebarKey = (std::ops::Range<usize>, String, Option<String>);

/// Pages rendered for one version and reusable by the others: a page whose context is the same
/// in two versions (same text, history, neighbours and sidebar) renders once. The version menu
/// and banner are put in afterwards, so they do not count.
///
/// Versions render one after the other, oldest first, and a page the same in two versions is
/// almost always the same in the versions between them. So a page is kept only while the
/// version being rendered or the one before it used it ([`SharedPages::next_version`]): ten
/// versions then hold about two versions' pages in memory, not ten.
#[derive(Debug, Default)]
pub struct SharedPages {
    /// Page key → (its rendering, the last version that rendered or took it).
    pages: Mutex<HashMap<u64, (Html, usize)>>,
    /// The version being rendered (counted from 0).
    version: std::sync::atomic::AtomicUsize,
    /// Pages taken from another version, and pages rendered (for `STRATWIKI_TIMINGS`).
    pub hits: std::sync::atomic::AtomicUsize,
    /// Pages rendered because no version had them yet.
    pub misses: std::sync::atomic::AtomicUsize,
    /// Rendered diffs, for the history pages of every version.
    diffs: revisions::DiffCache,
}

impl SharedPages {
    /// The page another version rendered with this key.
    fn get(&self, key: u64) -> Option<std::sync::Arc<Vec<u8>>> {
        let version = self.version.load(std::sync::atomic::Ordering::Relaxed);
        let hit = self
            .pages
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get_mut(&key)
            .map(|(html, used)| {
                *used = version;
                html.clone()
            });
        let counter = if hit.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        hit
    }

    /// Keep a rendered page for the other versions.
    fn put(&self, key: u64, html: impl Into<std::sync::Arc<Vec<u8>>>) {
        let version = self.version.load(std::sync::atomic::Ordering::Relaxed);
        self.pages
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, (html.into(), version));
    }

    /// The next version starts: forget the pages the version just finished did not use. With
    /// `keep`, the finished one is the default version, rendered again at the site root at the
    /// end (maybe after other versions): its pages stay until then.
    pub fn next_version(&self, keep: bool) {
        let finished = self
            .version
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.pages
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|_, (_, used)| {
                if keep && *used == finished {
                    *used = usize::MAX;
                }
                *used >= finished
            });
    }

    /// How many pages are kept now.
    pub fn len(&self) -> usize {
        self.pages.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// No page is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Reuse of unchanged history pages from the previous build. A history page with diffs is the
/// most expensive page to render (old revisions read from git and diffed); when everything it
/// depends on hashes the same as last time, the previous build's file is taken as it is.
#[derive(Debug, Default)]
pub struct Reuse {
    /// The previous site.
    pub previous: std::path::PathBuf,
    /// URL → key of the previous build.
    pub old: HashMap<String, u64>,
    /// URL → key of this build.
    pub new: Mutex<HashMap<String, u64>>,
    /// Editions of the previous build, by folder (`v1/`, `""` for the site root's).
    pub editions_old: HashMap<String, Edition>,
    /// Editions of this build that a later build may take whole.
    pub editions_new: Mutex<HashMap<String, Edition>>,
}

/// One edition of a site with several versions, as a build wrote it: enough to take its folder
/// whole into a later build whose edition has the same key, without loading that version.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct Edition {
    /// Hash of everything the edition's files are made from, with every version's commit
    /// (see `build::EditionPlan`): known before any version is loaded.
    pub key: u64,
    /// The same, with the other versions' pages and URLs in place of their commits: known once
    /// the versions are loaded, and the same when another version changed only its text.
    #[serde(default)]
    pub view_key: u64,
    /// HTML pages it wrote.
    pub pages: usize,
    /// Other files it wrote.
    pub files: usize,
    /// The warning its version's own problems gave (only for an edition in its own folder).
    pub warning: Option<String>,
    /// What the other editions' menus need of its version (only for an edition in its own
    /// folder): a later build that takes this edition whole need not load its version.
    #[serde(default)]
    pub tables: Option<crate::versions::UrlTables>,
    /// The key of what `tables` were made from (see `build::EditionPlan::tables_key`).
    #[serde(default)]
    pub tables_key: u64,
}

impl Reuse {
    /// Record that `url` was written with `key` in this build.
    pub fn keep(&self, url: &str, key: u64) {
        self.new
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(url.to_string(), key);
    }
}

/// Counts by a key, for the home page and indexes.
#[derive(Debug, Clone, Serialize)]
pub struct Count {
    /// The key (`active`, `infrastructure`).
    pub key: String,
    /// Its label.
    pub label: String,
    /// How many.
    pub count: usize,
    /// Share of the total in percent, for bar widths.
    pub percent: usize,
}

/// A group of goals in the goals index.
#[derive(Debug, Clone, Serialize)]
pub struct GoalGroup {
    /// Area key (empty for goals without an area).
    pub key: String,
    /// Area label.
    pub label: String,
    /// Anchor id.
    pub anchor: String,
    /// Goals sorted by status then id.
    pub goals: Vec<GoalRow>,
    /// Count per status in this area.
    pub by_status: Vec<Count>,
}

fn render_err(
    what: &str,
    template: &str,
    e: tera::Error,
    files: &std::collections::BTreeMap<String, String>,
) -> Diagnostic {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(&e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    let d = Diagnostic::error(
        "template",
        format!("rendering {what} with template `{template}` failed: {msg}"),
    );
    // The template's file, line and column, where the message places the error.
    match theme::locate(&msg, files) {
        Some((file, line, col)) => d.in_file(file).at(line, col),
        None => match files.get(template) {
            Some(file) => d.in_file(file.clone()),
            None => d,
        },
    }
}

impl<'a> Renderer<'a> {
    /// A renderer for `site`.
    pub fn new(
        theme: &'a Theme,
        site: &'a Site,
        config: &'a Config,
        history: Option<&'a History>,
    ) -> Self {
        let cx = Contexts::new(site, config);
        let site_ctx = cx.site_ctx(history.is_some());
        let site_value = Value::from_serializable(&site_ctx);
        let toc: Vec<context::TocCtx> = site.toc.iter().map(|e| cx.toc_entry(e)).collect();
        let toc_values = toc.iter().map(Value::from_serializable).collect();
        let toc_keys = toc.iter().map(|e| key_of(&[e])).collect();
        // Not the whole table of contents: each page shows only its window of it, which goes
        // into that page's key (`window_key`), so adding a page does not invalidate every page.
        let const_key = key_of(&[&site_ctx, &theme.fingerprint, &config.wiki.history.diffs]);
        Renderer {
            tera: &theme.tera,
            cx,
            site_ctx,
            site_value,
            toc_values,
            history,
            warnings: Mutex::new(Vec::new()),
            reuse: None,
            const_key,
            versions: None,
            shared: None,
            proposals: None,
            live_reload: false,
            only: None,
            toc,
            toc_keys,
            theme_splices_sidebar: theme.splices_sidebar,
            splice_sidebar: false,
            sidebars: Mutex::new(HashMap::new()),
            chrome: chrome::ChromeCache::default(),
            commits_at: revisions::commits_at(site, config),
            template_files: &theme.files,
        }
    }

    /// The earlier paths of the content file `path` (its renames, from the history).
    fn old_paths(&self, path: &str) -> &[String] {
        self.history
            .and_then(|h| h.page(path))
            .map_or(&[], |ph| ph.old_paths.as_slice())
    }

    /// The context of the version menu and banner for the page at `url` (content page
    /// `current`, whose renames the menu follows), when the site has several versions.
    fn version_ctx(
        &self,
        current: Option<usize>,
        url: &str,
    ) -> Option<crate::versions::VersionCtx> {
        let v = self.versions?;
        let path = current.map(|i| self.cx.site.pages[i].src.path.as_str());
        let mut ctx = v.context(url, path, path.map_or(&[], |p| self.old_paths(p)));
        if url == "404.html" {
            let own = format!("{}{url}", v.prefix(v.current, v.at_root));
            ctx.absolute_links(&own, self.site_ctx.site_url.as_deref().unwrap_or("/"));
        }
        Some(ctx)
    }

    /// With several versions and a previous build to reuse: where the file for `url` is in the
    /// site (with the version's folder) and its key, made of the page's own key `content` and
    /// everything `emit` puts into it.
    fn version_file(
        &self,
        vctx: Option<&crate::versions::VersionCtx>,
        toc_current: Option<usize>,
        url: &str,
        content: u64,
    ) -> Option<(String, u64)> {
        let (v, _) = (self.versions?, self.reuse?);
        let key = key_of(&[
            &content,
            &vctx,
            &self.splice_sidebar.then(|| self.window_key(toc_current)),
            &self.root_of(url),
        ]);
        Some((format!("{}{url}", v.prefix(v.current, v.at_root)), key))
    }

    /// Take the previous build's file for `url` when the key it was saved with is the same.
    /// `file` is where the file is in the site (with a version's folder) and its key now.
    fn take_previous(
        &self,
        sink: &Sink<'_>,
        url: &str,
        file: Option<(&str, u64)>,
    ) -> Result<bool, Diagnostic> {
        if let (Some(reuse), Some((full, key))) = (self.reuse, file)
            && reuse.old.get(full) == Some(&key)
            && reuse.previous.join(full).is_file()
        {
            reuse.keep(full, key);
            sink(url, Content::Previous)
                .map_err(|e| Diagnostic::error("write", format!("cannot write `{url}`: {e}")))?;
            return Ok(true);
        }
        Ok(false)
    }

    /// Write an HTML page; with several versions, first put this version's menu, banner and
    /// sidebar into it (pages are rendered without them, so one rendering can serve every
    /// version in which the page is the same).
    ///
    /// `current` is the content page at `url` (for the version menu), `toc_current` the page
    /// the sidebar marks as current (`base`).
    fn emit(
        &self,
        sink: &Sink<'_>,
        current: Option<usize>,
        toc_current: Option<usize>,
        url: &str,
        html: Vec<u8>,
    ) -> Result<(), Diagnostic> {
        let vctx = self.version_ctx(current, url);
        self.emit_with(sink, vctx.as_ref(), toc_current, url, &html)
    }

    /// [`Renderer::emit`] with the version context already made.
    fn emit_with(
        &self,
        sink: &Sink<'_>,
        vctx: Option<&crate::versions::VersionCtx>,
        toc_current: Option<usize>,
        url: &str,
        html: &[u8],
    ) -> Result<(), Diagnostic> {
        let Some(vctx) = vctx else {
            return write(sink, url, html.to_vec());
        };
        let chrome::Chrome { menu, banner } = self.chrome.get(
            &|template, ctx, what| self.render(template, ctx, what),
            vctx,
            &self.root_of(url),
        )?;
        let sidebar = if self.splice_sidebar {
            self.spliced_sidebar(toc_current, url)?
        } else {
            Default::default()
        };
        // Another edition's page says which edition it is in its title too: side by side in
        // tabs, in bookmarks and in a screen reader's window list, editions must not look alike.
        let title = if vctx.is_default {
            String::new()
        } else {
            format!(" · {}", crate::text::escape_html(&vctx.label))
        };
        write(
            sink,
            url,
            splice(
                html,
                &[
                    (MENU_MARK, &menu),
                    (SIDEBAR_MARK, sidebar.as_slice()),
                    (BANNER_MARK, &banner),
                    (TITLE_MARK, title.as_bytes()),
                ],
            ),
        )
    }

    /// The sidebar of page `url` (`toc_current` as in `base`), to put into its page.
    ///
    /// Rendered once per distinct sidebar: on a site with several versions every page of every
    /// version gets one, and most pages (goals, owners, history pages) show the same window
    /// with no current entry. So `sidebar.html` sees only what such a sidebar may depend on:
    /// `root`, `sidebar`, `sidebar_more_before`, `sidebar_more_after`, and `current_url` when
    /// the window lists the page (else the empty string).
    fn spliced_sidebar(
        &self,
        toc_current: Option<usize>,
        url: &str,
    ) -> Result<std::sync::Arc<Vec<u8>>, Diagnostic> {
        let (window, _, _) = self.cx.sidebar_window(toc_current);
        let root = self.root_of(url);
        let listed = self.toc[window.clone()]
            .iter()
            .any(|e| e.url.as_deref() == Some(url));
        let key: SidebarKey = (window, root, listed.then(|| url.to_string()));
        let cached = self
            .sidebars
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
            .cloned();
        if let Some(html) = cached {
            return Ok(html);
        }
        let mut ctx = Context::new();
        ctx.insert("root", &key.1);
        ctx.insert("current_url", key.2.as_deref().unwrap_or(""));
        self.insert_sidebar(&mut ctx, toc_current);
        let html = std::sync::Arc::new(self.render("sidebar.html", &ctx, "the sidebar")?);
        self.sidebars
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, html.clone());
        Ok(html)
    }

    /// Add the live-preview script to every page.
    pub fn with_live_reload(mut self, on: bool) -> Self {
        self.live_reload = on;
        // Pages with the script must not be reused for a site without it, and back.
        self.const_key = key_of(&[&self.const_key, &on]);
        self
    }

    /// Render only the pages `only` holds (with their history pages): no index, tag or feed.
    /// For a change whose effects stay on its own page.
    pub fn with_only(mut self, only: Option<&'a std::collections::HashSet<usize>>) -> Self {
        self.only = only;
        self
    }

    /// Write a proposals page listing these branches.
    pub fn with_proposals(mut self, p: Option<&'a [crate::proposals::Proposal]>) -> Self {
        self.proposals = p;
        if p.is_some() {
            self.site_ctx.nav.push(context::NavItem {
                title: "Proposals".into(),
                url: "proposals.html".into(),
                section: "proposals".into(),
            });
            self.site_value = Value::from_serializable(&self.site_ctx);
            // Every page shows the navigation: pages reused by key must see the change.
            self.const_key = key_of(&[&self.const_key, &self.site_ctx]);
        }
        self
    }

    /// Render as one version of several, sharing identical pages with the other versions.
    pub fn with_versions(
        mut self,
        v: Option<&'a crate::versions::VersionsView>,
        shared: Option<&'a SharedPages>,
    ) -> Self {
        self.versions = v;
        self.shared = shared;
        self.splice_sidebar = v.is_some() && self.theme_splices_sidebar;
        self
    }

    /// The page comparing this version with the previous one.
    pub fn render_version_changes(
        &self,
        url: &str,
        cmp: &crate::compare::Comparison,
        sink: &Sink<'_>,
    ) -> Result<usize, Diagnostic> {
        let mut ctx = self.base(url, "changes", None);
        ctx.insert("cmp", cmp);
        let html = self.render("version-changes.html", &ctx, "the version changes page")?;
        self.emit(sink, None, None, url, html)?;
        Ok(1)
    }

    /// Reuse unchanged history pages of the previous build.
    pub fn with_reuse(mut self, reuse: Option<&'a Reuse>) -> Self {
        self.reuse = reuse;
        self
    }

    /// Warnings collected while rendering.
    pub fn take_warnings(&self) -> Vec<Diagnostic> {
        std::mem::take(&mut *self.warnings.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Where the forge shows a commit (see [`revisions::commits_at`]).
    fn repo_url(&self) -> Option<&str> {
        self.commits_at.as_deref()
    }

    /// Render the history page of page `i`.
    fn render_history_page(
        &self,
        i: usize,
        page: &context::PageCtx<'_>,
        history: &History,
        repo: Option<&Repository>,
        sink: &Sink<'_>,
    ) -> Result<usize, Diagnostic> {
        let p = &self.cx.site.pages[i];
        let Some(h) = history.page(&p.src.path) else {
            return Ok(0);
        };
        let url = revisions::history_url(&p.url);
        // What it shows of the page: its key stands for the page in the keys below.
        let page = context::HistoryPageCtx::of(page);
        let page_key = key_of(&[&page]);
        // Everything this page depends on: the page, its revisions (by commit and blob), the
        // sidebar window, and what every page depends on.
        let revs: Vec<(
            &str,
            &Option<String>,
            &Option<String>,
            &crate::history::ChangeKind,
        )> = h
            .revisions
            .iter()
            .map(|r| {
                (
                    history.commits[r.commit].id.as_str(),
                    &r.old_blob,
                    &r.new_blob,
                    &r.kind,
                )
            })
            .collect();
        let key = key_of(&[
            &self.const_key,
            &url,
            &page_key,
            &revs,
            &self.repo_url(),
            &self.window_key(None),
        ]);
        if self.versions.is_none() && self.take_previous(sink, &url, Some((&url, key)))? {
            return Ok(1);
        }
        // The same history page in another version of this build.
        // Another version has this page when everything above, and the canonical link
        // (`base`), are the same.
        let shared_key = self.versions.map(|_| {
            key_of(&[
                &self.const_key,
                &url,
                &page_key,
                &revs,
                &self.repo_url(),
                &self.canonical(&url, Some(i), true),
                // A sidebar put in afterwards does not count.
                &(!self.splice_sidebar).then(|| self.window_key(None)),
            ])
        });
        // With versions: the previous build's file when nothing in it changed, else this
        // page as another version rendered it. Its menu follows the page's renames.
        let vctx = self
            .versions
            .map(|v| v.history_context(&url, &p.src.path, &h.old_paths));
        let file = shared_key.and_then(|k| self.version_file(vctx.as_ref(), None, &url, k));
        if self.take_previous(sink, &url, file.as_ref().map(|(f, k)| (f.as_str(), *k)))? {
            return Ok(1);
        }
        if let (Some(shared), Some(shared_key)) = (self.shared, shared_key)
            && let Some(bytes) = shared.get(shared_key)
        {
            self.emit_with(sink, vctx.as_ref(), None, &url, &bytes)?;
            if let (Some(reuse), Some((full, key))) = (self.reuse, &file) {
                reuse.keep(full, *key);
            }
            return Ok(1);
        }
        let mut warnings = Vec::new();
        let revisions = revisions::revisions(
            history,
            &h.revisions,
            repo,
            self.cx.config.wiki.history.diffs,
            self.repo_url(),
            &mut warnings,
            self.shared.map(|s| &s.diffs),
        );
        if warnings.is_empty() {
            // Only pages that rendered without warnings are reused, so warnings never vanish.
            if let Some(reuse) = self.reuse {
                match &file {
                    Some((full, key)) => reuse.keep(full, *key),
                    None if self.versions.is_none() => reuse.keep(&url, key),
                    None => {}
                }
            }
        } else {
            let mut w = self.warnings.lock().unwrap_or_else(|e| e.into_inner());
            w.extend(
                warnings
                    .into_iter()
                    .map(|m| Diagnostic::warning("history", m).in_file(&p.src.display)),
            );
        }
        let mut ctx = self.base(&url, p.kind().name(), None);
        ctx.insert("canonical_url", &self.canonical(&url, Some(i), true));
        ctx.insert("page", &page);
        ctx.insert("revisions", &revisions);
        ctx.insert("diffs", &self.cx.config.wiki.history.diffs);
        let html = self.render(
            "history.html",
            &ctx,
            &format!("the history of {}", p.src.display),
        )?;
        if let (Some(shared), Some(shared_key)) = (self.shared, shared_key) {
            shared.put(shared_key, html.clone());
        }
        self.emit_with(sink, vctx.as_ref(), None, &url, &html)?;
        Ok(1)
    }

    /// The absolute URL of this edition's folder (the site's URL, with a version's folder):
    /// what the open data and the feed of an edition link to.
    fn edition_url(&self) -> Option<String> {
        let site = self.site_ctx.site_url.as_deref()?;
        let edition = self
            .versions
            .map(|v| v.prefix(v.current, v.at_root))
            .unwrap_or_default();
        Some(format!("{site}{edition}"))
    }

    /// The way from page `url` to the site root, for its links.
    fn root_of(&self, url: &str) -> String {
        if url == "404.html" {
            // 404: served from any folder by web servers, so its links are absolute when the
            // site URL is known and root-relative otherwise (to its edition's folder).
            let edition = self
                .versions
                .map(|v| v.prefix(v.current, v.at_root))
                .unwrap_or_default();
            let site = self.site_ctx.site_url.as_deref().unwrap_or("/");
            format!("{site}{edition}")
        } else {
            root_prefix(url)
        }
    }

    /// Hash of the part of the table of contents that page `current` shows in its sidebar
    /// (`base`), for page keys.
    fn window_key(&self, current: Option<usize>) -> u64 {
        let (window, more_before, more_after) = self.cx.sidebar_window(current);
        key_of(&[&&self.toc_keys[window], &more_before, &more_after])
    }

    /// The sidebar's part of a page context: page `current`'s window of the contents.
    fn insert_sidebar(&self, ctx: &mut Context, current: Option<usize>) {
        let (window, more_before, more_after) = self.cx.sidebar_window(current);
        ctx.insert_value("sidebar", Value::from(self.toc_values[window].to_vec()));
        ctx.insert("sidebar_more_before", &more_before);
        ctx.insert("sidebar_more_after", &more_after);
    }

    /// The canonical URL of the page at `url`, which is content page `page`'s page (or, with
    /// `history`, its history page): with versions, the default version's page, following the
    /// page's renames; `None` without `site-url` or when the default version has no such page.
    fn canonical(&self, url: &str, page: Option<usize>, history: bool) -> Option<String> {
        let site_url = self.site_ctx.site_url.as_ref()?;
        let Some(v) = self.versions else {
            return Some(format!("{site_url}{url}"));
        };
        if v.default_has(url) {
            return Some(format!("{site_url}{url}"));
        }
        let p = &self.cx.site.pages[page?];
        let found = v.find(
            v.default,
            &p.url,
            Some(&p.src.path),
            self.old_paths(&p.src.path),
        )?;
        let found = if history {
            Some(revisions::history_url(&found)).filter(|u| v.default_has(u))?
        } else {
            found
        };
        Some(format!("{site_url}{found}"))
    }

    fn base(&self, url: &str, section: &str, current: Option<usize>) -> Context {
        let mut ctx = Context::new();
        ctx.insert_value("site", self.site_value.clone());
        ctx.insert("root", &root_prefix(url));
        ctx.insert("current_url", url);
        ctx.insert("section", section);
        if !self.splice_sidebar {
            self.insert_sidebar(&mut ctx, current);
        }
        let page = current.filter(|&i| self.cx.site.pages[i].url == url);
        ctx.insert("canonical_url", &self.canonical(url, page, false));
        ctx.insert("version_markers", &self.versions.is_some());
        ctx.insert("live_reload", &self.live_reload);
        ctx
    }

    fn render(&self, template: &str, ctx: &Context, what: &str) -> Result<Vec<u8>, Diagnostic> {
        // A buffer sized for a typical page avoids regrowing (and copying) it while rendering.
        let mut out = Vec::with_capacity(48 * 1024);
        self.tera
            .render_to(template, ctx, &mut out)
            .map_err(|e| render_err(what, template, e, self.template_files))?;
        Ok(out)
    }

    /// Render every page and index, handing each file to `sink`. Returns the number of HTML
    /// files written. Pages render in parallel; an error fails the build.
    pub fn render_all(&self, sink: &Sink<'_>) -> Result<usize, Diagnostic> {
        if self.only.is_some() {
            return self.render_pages(sink);
        }
        // The indexes, tags and recent changes render beside the pages: on a rebuild most
        // pages are taken as they were, and the indexes, rendered after them, left a core idle.
        let (pages, rest) = rayon::join(|| self.render_pages(sink), || self.render_rest(sink));
        Ok(pages? + rest?)
    }

    /// Every content page and its history page.
    fn render_pages(&self, sink: &Sink<'_>) -> Result<usize, Diagnostic> {
        let site = self.cx.site;
        let repo_path = self.history.and_then(|h| h.repo_path.clone());
        let pages: usize = (0..site.pages.len())
            .into_par_iter()
            .map_init(
                // One repository per thread, to read old revisions for diffs.
                || repo_path.as_ref().and_then(|p| Repository::open(p).ok()),
                |repo, i| {
                    let p = &site.pages[i];
                    if p.role != Role::Normal || self.only.is_some_and(|o| !o.contains(&i)) {
                        return Ok(0);
                    }
                    let mut page = self.cx.page(i);
                    if let Some(h) = self.history {
                        page.history =
                            revisions::summary(h, &p.url, h.page(&p.src.path), self.repo_url());
                        if p.kind() == Kind::Goal
                            && let Some(ph) = h.page(&p.src.path)
                        {
                            let mut ignored = Vec::new();
                            // A goal shows its five newest changes.
                            page.recent_changes = revisions::revisions(
                                h,
                                &ph.revisions[..ph.revisions.len().min(5)],
                                None,
                                0,
                                self.repo_url(),
                                &mut ignored,
                                None,
                            );
                        }
                    }
                    if p.kind() == Kind::Owner {
                        let owned = self.cx.goals_owned_by(i);
                        page.dashboard =
                            Some(dashboard::dashboard(&self.cx, &owned, false, "owner"));
                    }
                    // The page's context, hashed once for the keys of the page and its history.
                    let page_key = if self.reuse.is_some() || self.shared.is_some() {
                        key_of(&[&page])
                    } else {
                        0
                    };
                    // The template context is built only when the page is rendered.
                    let render = || {
                        let mut ctx = self.base(&p.url, p.kind().name(), Some(i));
                        ctx.insert("page", &page);
                        let template = format!("{}.html", p.kind().name());
                        self.render(&template, &ctx, &p.src.display)
                    };
                    let html = match (self.versions, self.shared) {
                        (Some(_), Some(shared)) => {
                            let key = key_of(&[
                                &self.const_key,
                                &p.url,
                                &page_key,
                                &(!self.splice_sidebar).then(|| self.window_key(Some(i))),
                                &self.canonical(&p.url, Some(i), false),
                            ]);
                            // The previous build's file when nothing in it changed, else the
                            // page as another version rendered it, else rendered here.
                            let vctx = self.version_ctx(Some(i), &p.url);
                            let file = self.version_file(vctx.as_ref(), Some(i), &p.url, key);
                            let previous = file.as_ref().map(|(f, k)| (f.as_str(), *k));
                            if !self.take_previous(sink, &p.url, previous)? {
                                let html = match shared.get(key) {
                                    Some(bytes) => bytes,
                                    None => {
                                        // Kept for the other versions: at its size, not
                                        // the render buffer's.
                                        let mut html = render()?;
                                        html.shrink_to_fit();
                                        let html = std::sync::Arc::new(html);
                                        shared.put(key, html.clone());
                                        html
                                    }
                                };
                                self.emit_with(sink, vctx.as_ref(), Some(i), &p.url, &html)?;
                                if let (Some(reuse), Some((full, key))) = (self.reuse, &file) {
                                    reuse.keep(full, *key);
                                }
                            }
                            None
                        }
                        _ => {
                            // Unchanged since the previous build (same page context, and what
                            // every page depends on): its file as it is.
                            let key = self.reuse.map(|_| {
                                key_of(&[
                                    &self.const_key,
                                    &p.url,
                                    &page_key,
                                    &self.window_key(Some(i)),
                                ])
                            });
                            if self.take_previous(sink, &p.url, key.map(|k| (p.url.as_str(), k)))? {
                                None
                            } else {
                                let html = render()?;
                                if let (Some(reuse), Some(key)) = (self.reuse, key) {
                                    reuse.keep(&p.url, key);
                                }
                                Some(html)
                            }
                        }
                    };
                    if let Some(html) = html {
                        self.emit(sink, Some(i), Some(i), &p.url, html)?;
                    }
                    let mut n = 1;
                    if let Some(h) = self.history {
                        n += self.render_history_page(i, &page, h, repo.as_ref(), sink)?;
                    }
                    Ok(n)
                },
            )
            .collect::<Result<Vec<usize>, Diagnostic>>()?
            .into_iter()
            .sum();
        Ok(pages)
    }

    /// Tag pages, indexes, data files and the recent changes.
    fn render_rest(&self, sink: &Sink<'_>) -> Result<usize, Diagnostic> {
        let site = self.cx.site;
        let tags: usize = site
            .tags
            .par_iter()
            .map(|(slug, tag)| {
                let url = format!("tags/{slug}.html");
                let mut ctx = self.base(&url, "tag", None);
                ctx.insert(
                    "tag",
                    &TagLink {
                        name: tag.name.clone(),
                        url: url.clone(),
                    },
                );
                let pages: Vec<LinkCtx> = tag.pages.iter().map(|&i| self.cx.link(i)).collect();
                ctx.insert("pages", &pages);
                let html = self.render("tag.html", &ctx, &format!("tag `{}`", tag.name))?;
                self.emit(sink, None, None, &url, html)?;
                Ok(1)
            })
            .collect::<Result<Vec<usize>, Diagnostic>>()?
            .into_iter()
            .sum();
        let mut n = tags;
        n += self.render_indexes(sink)?;
        if let Some(h) = self.history {
            n += self.render_changes(h, sink)?;
        }
        Ok(n)
    }

    /// The recent-changes page, its Atom feed, and redirects from every old URL of a page.
    fn render_changes(&self, h: &History, sink: &Sink<'_>) -> Result<usize, Diagnostic> {
        let site = self.cx.site;
        // A page's earlier paths lead to it as it is now.
        let renamed: HashMap<&str, usize> = site
            .pages
            .iter()
            .enumerate()
            .filter_map(|(i, p)| h.page(&p.src.path).map(|ph| (i, ph)))
            .flat_map(|(i, ph)| ph.old_paths.iter().map(move |o| (o.as_str(), i)))
            .collect();
        let page_of = |path: &str| {
            site.by_path
                .get(path)
                .or_else(|| renamed.get(path))
                .map(|&i| (site.pages[i].title().to_string(), site.pages[i].url.clone()))
        };
        // A file that is there but is no page (SUMMARY.md, an image, a draft) was not removed.
        let present = |path: &str| {
            path == "SUMMARY.md"
                || site.assets.contains(path)
                || site.draft_paths.contains(path)
                || site.failed.contains(path)
        };
        let days = revisions::recent(
            h,
            self.cx.config.wiki.history.recent,
            self.repo_url(),
            &page_of,
            &present,
        );
        let url = "changes.html";
        let mut ctx = self.base(url, "changes", None);
        ctx.insert("days", &days);
        ctx.insert("shallow_since", &h.shallow_since.map(crate::history::date));
        let html = self.render("changes.html", &ctx, "the recent-changes page")?;
        self.emit(sink, None, None, url, html)?;
        // An edition in a folder has a feed of its own: its title names the edition, and so
        // does its id when there is no site URL to make it from.
        let title = match self.versions {
            Some(v) if !(v.at_root && v.current == v.default) => {
                format!("{} ({})", self.site_ctx.title, v.list[v.current].label)
            }
            _ => self.site_ctx.title.clone(),
        };
        let feed = revisions::atom(
            &title,
            self.edition_url().as_deref(),
            &days,
            h.commits.first().map(|c| c.time),
        );
        write(sink, "changes.atom", feed.into_bytes())?;
        let mut n = 1;
        // Redirects: every earlier path of a page, unless a page or file lives there now.
        let mut taken: std::collections::HashSet<String> =
            site.pages.iter().map(|p| p.url.clone()).collect();
        taken.extend(site.assets.iter().cloned());
        let mut redirects: Vec<(String, usize)> = Vec::new();
        for (i, p) in site.pages.iter().enumerate() {
            let Some(ph) = h.page(&p.src.path) else {
                continue;
            };
            for old in &ph.old_paths {
                let role = crate::model::role_of(old);
                let old_url = crate::model::page_url(old, &crate::content::default_slug(old), role);
                // An old name too long for a file (its page never built) gets no redirect.
                let writable = old_url
                    .split('/')
                    .all(|c| c.len() <= crate::model::MAX_NAME);
                if writable && taken.insert(old_url.clone()) {
                    redirects.push((old_url, i));
                }
            }
        }
        redirects.sort();
        for (old_url, i) in redirects {
            let p = &site.pages[i];
            let target = crate::markdown::relative_url(&old_url, &p.url);
            let canonical = self.canonical(&p.url, Some(i), false);
            let html = revisions::redirect_page(p.title(), &target, canonical.as_deref());
            write(sink, &old_url, html.into_bytes())?;
            n += 1;
        }
        Ok(n)
    }

    fn intro(&self, role: Option<usize>) -> (&str, Option<String>) {
        match role {
            Some(i) => {
                let p = &self.cx.site.pages[i];
                (p.rendered.html.as_str(), self.cx.edit_url(&p.src.path))
            }
            None => ("", None),
        }
    }

    /// One generated page: its base context, the introduction of `intro` (a kind's `index.md`,
    /// or the home page's) when given, whatever `fill` adds, rendered with `template`.
    #[allow(clippy::too_many_arguments)]
    fn index_page(
        &self,
        sink: &Sink<'_>,
        url: &str,
        section: &str,
        intro: Option<Option<usize>>,
        template: &str,
        what: &str,
        fill: impl FnOnce(&mut Context),
    ) -> Result<usize, Diagnostic> {
        let current = intro.flatten().filter(|_| url == "index.html");
        let mut ctx = self.base(url, section, current);
        if let Some(page) = intro {
            let (text, edit) = self.intro(page);
            ctx.insert("intro", text);
            ctx.insert("edit_url", &edit);
        }
        let kind = Kind::ALL.into_iter().find(|k| k.name() == section);
        ctx.insert("new_page_url", &kind.and_then(|k| self.cx.new_page_url(k)));
        ctx.insert("new_page_label", &kind.map(|k| k.label().to_lowercase()));
        fill(&mut ctx);
        let html = self.render(template, &ctx, what)?;
        self.emit(sink, None, current, url, html)?;
        Ok(1)
    }

    fn render_indexes(&self, sink: &Sink<'_>) -> Result<usize, Diagnostic> {
        let site = self.cx.site;
        let cfg = self.cx.config;
        let goals = &site.by_kind[&Kind::Goal];
        let intro_of = |k: Kind| Some(site.kind_intro.get(&k).copied());
        let mut n = 0;

        n += self.index_page(
            sink,
            "index.html",
            "home",
            Some(site.home_intro),
            "home.html",
            "the home page",
            |ctx| {
                let chapters: Vec<context::TocCtx> = site
                    .toc
                    .iter()
                    .filter(|e| e.depth == 0 && e.page != site.home_intro)
                    .take(cfg.wiki.list_limit)
                    .map(|e| self.cx.toc_entry(e))
                    .collect();
                ctx.insert("chapters", &chapters);
                ctx.insert("status_counts", &self.status_counts(goals));
                ctx.insert("area_counts", &self.area_counts(goals));
                ctx.insert("goal_count", &goals.len());
                ctx.insert("owner_count", &site.by_kind[&Kind::Owner].len());
                // Latest case studies: newest year first.
                let mut cases = site.by_kind[&Kind::CaseStudy].clone();
                cases.sort_by_key(|&i| {
                    let c = site.pages[i].src.meta.case_study.as_ref();
                    std::cmp::Reverse(c.and_then(|c| c.year).unwrap_or(i64::MIN))
                });
                let cases: Vec<LinkCtx> = cases
                    .into_iter()
                    .take(cfg.wiki.home_case_studies)
                    .map(|i| self.cx.link(i))
                    .collect();
                ctx.insert("case_studies", &cases);
            },
        )?;

        n += self.index_page(
            sink,
            "chapters/index.html",
            "chapter",
            intro_of(Kind::Chapter),
            "chapters.html",
            "the contents page",
            |ctx| {
                ctx.insert("toc", &self.toc);
                let unlisted: Vec<LinkCtx> = site.by_kind[&Kind::Chapter]
                    .iter()
                    .filter(|&&i| site.order_pos[i].is_none())
                    .map(|&i| self.cx.link(i))
                    .collect();
                ctx.insert("unlisted", &unlisted);
            },
        )?;

        // Goals index, grouped by area, sorted by status inside each area.
        n += self.index_page(
            sink,
            "goals/index.html",
            "goal",
            intro_of(Kind::Goal),
            "goals.html",
            "the goals index",
            |ctx| {
                ctx.insert("groups", &self.goal_groups(goals));
                ctx.insert("status_counts", &self.status_counts(goals));
                ctx.insert("goal_count", &goals.len());
            },
        )?;

        n += self.index_page(
            sink,
            "dashboard.html",
            "dashboard",
            None,
            "dashboard.html",
            "the dashboard",
            |ctx| {
                ctx.insert(
                    "dashboard",
                    &dashboard::dashboard(&self.cx, goals, true, "site"),
                );
            },
        )?;

        if cfg.wiki.search.enabled {
            n += self.index_page(
                sink,
                "search/index.html",
                "search",
                None,
                "search.html",
                "the search page",
                |_| {},
            )?;
        }

        // Open data.
        let (goals_json, owners_json) =
            data::files(&self.cx, self.history, self.edition_url().as_deref());
        write(sink, "goals.json", goals_json.into_bytes())?;
        write(sink, "owners.json", owners_json.into_bytes())?;

        for kind in [Kind::CaseStudy, Kind::Owner] {
            let folder = kind.folder().unwrap_or_default();
            let url = format!("{folder}/index.html");
            let template = format!("{folder}.html");
            let what = format!("the {folder} index");
            n += self.index_page(
                sink,
                &url,
                kind.name(),
                intro_of(kind),
                &template,
                &what,
                |ctx| {
                    let pages: Vec<context::PageCtx<'_>> = site.by_kind[&kind]
                        .iter()
                        .map(|&i| self.cx.page(i))
                        .collect();
                    ctx.insert("pages", &pages);
                },
            )?;
        }

        n += self.index_page(
            sink,
            "tags/index.html",
            "tag",
            None,
            "tags.html",
            "the tags index",
            |ctx| {
                let tags: Vec<Count> = site
                    .tags
                    .values()
                    .map(|t| Count {
                        key: format!("tags/{}.html", t.slug),
                        label: t.name.clone(),
                        count: t.pages.len(),
                        percent: 0,
                    })
                    .collect();
                ctx.insert("tags", &tags);
            },
        )?;

        if let Some(proposals) = self.proposals {
            n += self.index_page(
                sink,
                "proposals.html",
                "proposals",
                None,
                "proposals.html",
                "the proposals page",
                |ctx| {
                    ctx.insert("proposals", proposals);
                },
            )?;
        }

        // 404: served from any folder by web servers, so its links are absolute when the
        // site URL is known and root-relative otherwise.
        n += self.index_page(
            sink,
            "404.html",
            "",
            None,
            "404.html",
            "the 404 page",
            |ctx| {
                ctx.insert("root", &self.root_of("404.html"));
            },
        )?;
        Ok(n)
    }

    fn status_counts(&self, goals: &[usize]) -> Vec<Count> {
        let total = goals.len().max(1);
        GoalStatus::ALL
            .iter()
            .map(|s| {
                let count = goals
                    .iter()
                    .filter(|&&g| {
                        self.cx.site.pages[g]
                            .src
                            .meta
                            .goal
                            .as_ref()
                            .map(|g| g.status)
                            == Some(*s)
                    })
                    .count();
                Count {
                    key: s.name().into(),
                    label: humanize(s.name()),
                    count,
                    percent: count * 100 / total,
                }
            })
            .collect()
    }

    fn area_of(&self, g: usize) -> &str {
        self.cx.site.pages[g]
            .src
            .meta
            .goal
            .as_ref()
            .and_then(|g| g.area.as_deref())
            .unwrap_or_default()
    }

    /// Goals by area, areas in the order their first goal appears (one pass over the goals).
    fn by_area<'g>(&'g self, goals: &[usize]) -> Vec<(&'g str, Vec<usize>)> {
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut groups: Vec<(&str, Vec<usize>)> = Vec::new();
        for &g in goals {
            let a = self.area_of(g);
            let i = *index.entry(a).or_insert_with(|| {
                groups.push((a, Vec::new()));
                groups.len() - 1
            });
            groups[i].1.push(g);
        }
        groups
    }

    fn area_counts(&self, goals: &[usize]) -> Vec<Count> {
        let total = goals.len().max(1);
        self.by_area(goals)
            .into_iter()
            .map(|(a, members)| Count {
                label: if a.is_empty() {
                    "No area".into()
                } else {
                    humanize(a)
                },
                key: area_anchor(a),
                count: members.len(),
                percent: members.len() * 100 / total,
            })
            .collect()
    }

    fn goal_groups(&self, goals: &[usize]) -> Vec<GoalGroup> {
        self.by_area(goals)
            .into_iter()
            .map(|(a, mut members)| {
                members.sort_by_key(|&g| {
                    self.cx.site.pages[g]
                        .src
                        .meta
                        .goal
                        .as_ref()
                        .map(|g| g.status)
                        .unwrap_or(GoalStatus::Proposed)
                });
                let by_status = self
                    .status_counts(&members)
                    .into_iter()
                    .filter(|c| c.count > 0)
                    .collect();
                GoalGroup {
                    label: if a.is_empty() {
                        "No area".into()
                    } else {
                        humanize(a)
                    },
                    anchor: area_anchor(a),
                    key: a.to_string(),
                    goals: members.into_iter().map(|g| self.cx.goal_row(g)).collect(),
                    by_status,
                }
            })
            .collect()
    }
}

/// Where the version menu and banner go in a page rendered for several versions.
const MENU_MARK: &[u8] = b"<!--sw-version-menu-->";
const BANNER_MARK: &[u8] = b"<!--sw-version-banner-->";
const TITLE_MARK: &[u8] = b"<!--sw-version-title-->";
const SIDEBAR_MARK: &[u8] = b"<!--sw-sidebar-->";

/// `html` with the first occurrence of each mark replaced (a mark that is not there is
/// skipped), in one copy.
fn splice(html: &[u8], parts: &[(&[u8], &[u8])]) -> Vec<u8> {
    let mut found: Vec<(usize, &[u8], &[u8])> = parts
        .iter()
        .filter_map(|&(mark, with)| memchr::memmem::find(html, mark).map(|i| (i, mark, with)))
        .collect();
    found.sort_by_key(|&(i, ..)| i);
    let mut out = Vec::with_capacity(html.len() + found.iter().map(|f| f.2.len()).sum::<usize>());
    let mut at = 0;
    for (i, mark, with) in found {
        if i < at {
            continue; // overlapping marks: only the first counts
        }
        out.extend_from_slice(&html[at..i]);
        out.extend_from_slice(with);
        at = i + mark.len();
    }
    out.extend_from_slice(&html[at..]);
    out
}

fn write(sink: &Sink<'_>, url: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
    sink(url, Content::Bytes(bytes))
        .map_err(|e| Diagnostic::error("write", format!("cannot write `{url}`: {e}")))
}

#[cfg(test)]
mod tests {
    use super::SharedPages;

    #[test]
    fn shared_pages_keep_what_the_last_version_used() {
        let shared = SharedPages::default();
        shared.put(1, b"one".to_vec());
        shared.put(2, b"two".to_vec());
        shared.next_version(false);
        // The second version takes page 1 only.
        assert_eq!(
            shared.get(1).as_deref().map(Vec::as_slice),
            Some(&b"one"[..])
        );
        shared.put(3, b"three".to_vec());
        shared.next_version(true);
        // Page 2 was not used by the second version: forgotten. 1 and 3 stay for the third.
        assert_eq!(shared.len(), 2);
        assert!(shared.get(2).is_none());
        assert_eq!(shared.hits.load(std::sync::atomic::Ordering::Relaxed), 1);
        assert_eq!(shared.misses.load(std::sync::atomic::Ordering::Relaxed), 1);
        // The second was the default version: its pages outlive the versions after it.
        shared.next_version(false);
        shared.next_version(false);
        assert!(shared.get(1).is_some() && shared.get(3).is_some());
    }
}
