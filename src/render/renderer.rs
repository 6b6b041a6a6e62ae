//! The renderer: a model and a theme, how it is set up (`with_*`), the base context of every
//! page, and `render_all`.

use std::collections::HashMap;
use std::sync::Mutex;
use tera::{Context, Tera, Value};

use super::context::{self, Contexts};
use super::emit::SidebarKey;
use super::key::key_of;
use super::{Redirect, Reuse, SharedPages, Sink, Theme, chrome, revisions, theme};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::history::History;
use crate::model::Site;
use crate::text::root_prefix;

/// The catalogue keys `search.js` reads (see its `WORDS`).
const SEARCH_WORDS: &[&str] = &[
    "search.unavailable",
    "search.needs_server",
    "search.needs_serve_placeholder",
    "search.unavailable_short",
    "search.browse_instead",
    "search.all_count",
    "search.results",
    "search.shown",
    "search.for_term",
    "search.no_results_for",
    "search.no_page_has",
    "search.or",
    "search.quoted",
    "search.type_words",
    "search.page",
    "search.owner_is",
    "search.status_is",
];

/// Renders a model with a theme.
pub struct Renderer<'a> {
    pub(super) tera: &'a Tera,
    pub(super) cx: Contexts<'a>,
    pub(super) site_ctx: context::SiteCtx,
    /// `site`, converted to a template value once: values share their strings, so inserting
    /// it into each page's context is cheap.
    pub(super) site_value: Value,
    /// Every table-of-contents entry, converted once, for the per-page sidebar windows.
    pub(super) toc_values: Vec<Value>,
    /// The change history, when the wiki is in git.
    pub(super) history: Option<&'a History>,
    /// Warnings met while rendering (unreadable old revisions).
    pub(super) warnings: Mutex<Vec<Diagnostic>>,
    /// Pages of the previous build that may be reused.
    pub(super) reuse: Option<&'a Reuse>,
    /// Hash of everything every page depends on (site, contents, theme).
    pub(super) const_key: u64,
    /// The versions, when the site has several.
    pub(super) versions: Option<&'a crate::versions::VersionsView>,
    /// Pages already rendered for another version, by content key.
    pub(super) shared: Option<&'a SharedPages>,
    /// Proposal branches, for the proposals page.
    pub(super) proposals: Option<&'a [crate::proposals::Proposal]>,
    /// Add the live-preview script (for `serve`).
    pub(super) live_reload: bool,
    /// Render only these pages (and their history pages), nothing else: the live server's
    /// incremental rebuild.
    pub(super) only: Option<&'a std::collections::HashSet<usize>>,
    /// The table of contents, for the contents page.
    pub(super) toc: Vec<context::TocCtx>,
    /// A hash of each entry of `toc`, for the keys of the pages whose sidebar shows it.
    pub(super) toc_keys: Vec<u64>,
    /// The theme can render the sidebar on its own (`Theme::splices_sidebar`).
    pub(super) theme_splices_sidebar: bool,
    /// Render pages without their sidebar and put it in as they are written (several
    /// versions, with a theme that can): see `emit`.
    pub(super) splice_sidebar: bool,
    /// Sidebars already rendered for this version, by what they show (see
    /// [`Renderer::spliced_sidebar`]): most pages share one.
    pub(super) sidebars: Mutex<HashMap<SidebarKey, std::sync::Arc<Vec<u8>>>>,
    /// Version menus and banners already rendered for this version, by shape.
    pub(super) chrome: chrome::ChromeCache,
    /// Where the forge shows a commit: commit links are this and the id.
    pub(super) commits_at: Option<String>,
    /// The redirects to write, when the build chose them (`with_redirects`).
    pub(super) redirects: Option<&'a [Redirect]>,
    /// The translations of a multilingual wiki, and which language this site is.
    pub(super) languages: Option<(&'a crate::model::translations::Translations, usize)>,
    /// Each template's file, for messages.
    pub(super) template_files: &'a std::collections::BTreeMap<String, String>,
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
        let cx = Contexts::new(site, config, &theme.catalogue);
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
            redirects: None,
            languages: None,
        }
    }

    /// Render as language `lang` of a multilingual wiki: every page gets its language
    /// switcher and `hreflang` alternates.
    pub fn with_languages(
        mut self,
        l: Option<(&'a crate::model::translations::Translations, usize)>,
    ) -> Self {
        self.languages = l;
        if let Some((t, lang)) = l {
            self.const_key = key_of(&[&self.const_key, &t.fingerprint(), &lang]);
        }
        self
    }

    /// The earlier paths of the content file `path` (its renames, from the history).
    pub(super) fn old_paths(&self, path: &str) -> &[String] {
        self.history
            .and_then(|h| h.page(path))
            .map_or(&[], |ph| ph.old_paths.as_slice())
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
                title: self.cx.tr("nav.proposals"),
                key: "nav.proposals".into(),
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
    pub(super) fn repo_url(&self) -> Option<&str> {
        self.commits_at.as_deref()
    }

    /// The absolute URL of this edition's folder (the site's URL, with a version's folder):
    /// what the open data and the feed of an edition link to. None for a `site-url` that is
    /// only a base path: a feed reader or a data user is not on the site, so such links would
    /// lead nowhere; they stay relative, as without `site-url`.
    pub(super) fn edition_url(&self) -> Option<String> {
        let site = self
            .site_ctx
            .site_url
            .as_deref()
            .filter(|u| !u.starts_with('/'))?;
        let edition = self
            .versions
            .map(|v| v.prefix(v.current, v.at_root))
            .unwrap_or_default();
        Some(format!("{site}{edition}"))
    }

    /// The way from page `url` to the site root, for its links.
    pub(super) fn root_of(&self, url: &str) -> String {
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
    pub(super) fn window_key(&self, current: Option<usize>) -> u64 {
        let (window, more_before, more_after) = self.cx.sidebar_window(current);
        key_of(&[&&self.toc_keys[window], &more_before, &more_after])
    }

    /// The sidebar's list of sections (goals, case studies, owners, dashboard, tags, recent
    /// changes: the main navigation but home and the chapters, which the contents list) and the
    /// one page `url` is in, so a page outside the contents still shows where it sits.
    pub(super) fn insert_sidebar_sections(&self, ctx: &mut Context, url: &str) {
        let sections: Vec<&context::NavItem> = self
            .site_ctx
            .nav
            .iter()
            .filter(|n| n.section != "home" && n.section != "chapter")
            .collect();
        ctx.insert("sidebar_sections", &sections);
        ctx.insert("sidebar_section", context::section_of(url));
    }

    /// The sidebar's part of a page context: page `current`'s window of the contents.
    pub(super) fn insert_sidebar(&self, ctx: &mut Context, current: Option<usize>) {
        let (window, more_before, more_after) = self.cx.sidebar_window(current);
        ctx.insert_value("sidebar", Value::from(self.toc_values[window].to_vec()));
        ctx.insert("sidebar_more_before", &more_before);
        ctx.insert("sidebar_more_after", &more_after);
    }

    /// The canonical URL of the page at `url`, which is content page `page`'s page (or, with
    /// `history`, its history page): with versions, the default version's page, following the
    /// page's renames; `None` without `site-url` or when the default version has no such page.
    pub(super) fn canonical(
        &self,
        url: &str,
        page: Option<usize>,
        history: bool,
    ) -> Option<String> {
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

    pub(super) fn base(&self, url: &str, section: &str, current: Option<usize>) -> Context {
        let mut ctx = Context::new();
        ctx.insert_value("site", self.site_value.clone());
        ctx.insert("root", &root_prefix(url));
        ctx.insert("current_url", url);
        ctx.insert("section", section);
        if !self.splice_sidebar {
            self.insert_sidebar(&mut ctx, current);
            self.insert_sidebar_sections(&mut ctx, url);
        }
        let page = current.filter(|&i| self.cx.site.pages[i].url == url);
        // The language the page's interface speaks (`t`, `long_date`, `<html lang>`): the
        // page's `lang:`, else the wiki's.
        let lang = page.map_or_else(|| self.cx.lang.clone(), |i| self.cx.page_lang(i));
        if self.site_ctx.search {
            // The search script's words, as JSON in an attribute of the search form.
            ctx.insert(
                "search_words",
                &self.cx.words.json(&lang, SEARCH_WORDS).to_string(),
            );
        }
        ctx.insert("lang", &lang);
        ctx.insert("canonical_url", &self.canonical(url, page, false));
        ctx.insert("version_markers", &self.versions.is_some());
        ctx.insert("live_reload", &self.live_reload);
        self.insert_language(&mut ctx, url, page);
        ctx
    }

    /// The page's language: `lang` (its `lang:`, else the site's), `lang_dir` (`ltr` or
    /// `rtl`), and in a multilingual wiki `translations` (the language switcher, each entry
    /// with a link relative to the page) and `alternates` (`hreflang` and URL, absolute with
    /// an absolute `site-url`).
    fn insert_language(&self, ctx: &mut Context, url: &str, page: Option<usize>) {
        let lang = page
            .and_then(|i| self.cx.site.pages[i].src.meta.lang.as_deref())
            .unwrap_or(&self.site_ctx.language);
        ctx.insert("lang", lang);
        ctx.insert("lang_dir", crate::config::text_direction(lang));
        let Some((t, l)) = self.languages else {
            return;
        };
        let entries = t.switcher(l, url, page);
        let alternates: Vec<std::collections::BTreeMap<&str, String>> = entries
            .iter()
            .filter(|e| !e.missing)
            .map(|e| {
                let href = match (&t.site_url, &e.href) {
                    (Some(s), _) => format!("{s}{}", crate::text::encode_path(&e.site_path)),
                    (None, Some(h)) => crate::text::encode_path(h),
                    (None, None) => crate::text::encode_path(url.rsplit('/').next().unwrap_or(url)),
                };
                [("lang", e.code.clone()), ("href", href)].into()
            })
            .collect();
        ctx.insert("translations", &entries);
        ctx.insert("alternates", &alternates);
    }

    pub(super) fn render(
        &self,
        template: &str,
        ctx: &Context,
        what: &str,
    ) -> Result<Vec<u8>, Diagnostic> {
        // A buffer sized for a typical page avoids regrowing (and copying) it while rendering.
        let mut out = Vec::with_capacity(48 * 1024);
        self.tera
            .render_to(template, ctx, &mut out)
            .map_err(|e| render_err(what, template, e, self.template_files))?;
        Ok(out)
    }

    /// Render every page and index, the feed and the open data, handing each file to `sink`:
    /// [`Renderer::render_html`], [`Renderer::render_print`], [`Renderer::render_feed`] and
    /// [`Renderer::render_open_data`].
    /// Returns the number of HTML files written. Pages render in parallel; an error fails the
    /// build.
    pub fn render_all(&self, sink: &Sink<'_>) -> Result<usize, Diagnostic> {
        if self.only.is_some() {
            return self.render_pages(sink);
        }
        // Everything but the pages renders beside them: on a rebuild most pages are taken as
        // they were, and the indexes, rendered after them, left a core idle.
        let (pages, rest) = rayon::join(
            || self.render_pages(sink),
            || {
                let n = self.render_rest(sink)? + self.render_print(sink)?;
                self.render_feed(sink)?;
                self.render_open_data(sink)?;
                Ok(n)
            },
        );
        Ok(pages? + rest?)
    }

    /// Every HTML file: content pages, their history pages, tag pages, indexes, the recent
    /// changes and the redirects (with [`Renderer::with_only`], only those pages and their
    /// history pages). Returns how many it wrote.
    pub fn render_html(&self, sink: &Sink<'_>) -> Result<usize, Diagnostic> {
        if self.only.is_some() {
            return self.render_pages(sink);
        }
        let (pages, rest) = rayon::join(|| self.render_pages(sink), || self.render_rest(sink));
        Ok(pages? + rest?)
    }
}
