//! Writing a rendered page: the previous build's file taken when unchanged, and, with several
//! versions, the version menu, banner and sidebar spliced into a page rendered without them.

use tera::Context;

use super::key::key_of;
use super::sink::write;
use super::{Content, Renderer, Sink, chrome};
use crate::diagnostics::Diagnostic;

/// What a spliced sidebar shows: its window of the contents, the way to the site root, the
/// current page when the window lists it, and the section the page is in.
pub(super) type SidebarKey = (std::ops::Range<usize>, String, Option<String>, &'static str);

impl<'a> Renderer<'a> {
    /// The context of the version menu and banner for the page at `url` (content page
    /// `current`, whose renames the menu follows), when the site has several versions.
    pub(super) fn version_ctx(
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
    pub(super) fn version_file(
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
    pub(super) fn take_previous(
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
    pub(super) fn emit(
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
    pub(super) fn emit_with(
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
            &|template, ctx, what| {
                // The menu and banner are shared by every page of an edition: they speak the
                // site's language.
                let mut ctx = ctx.clone();
                ctx.insert("lang", &self.cx.lang);
                self.render(template, &ctx, what)
            },
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
    /// `root`, `sidebar`, `sidebar_more_before`, `sidebar_more_after`, `current_url` when
    /// the window lists the page (else the empty string), `sidebar_sections` and
    /// `sidebar_section`.
    pub(super) fn spliced_sidebar(
        &self,
        toc_current: Option<usize>,
        url: &str,
    ) -> Result<std::sync::Arc<Vec<u8>>, Diagnostic> {
        let (window, _, _) = self.cx.sidebar_window(toc_current);
        let root = self.root_of(url);
        let listed = self.toc[window.clone()]
            .iter()
            .any(|e| e.url.as_deref() == Some(url));
        let key: SidebarKey = (
            window,
            root,
            listed.then(|| url.to_string()),
            super::context::section_of(url),
        );
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
        ctx.insert("lang", &self.cx.lang);
        self.insert_sidebar(&mut ctx, toc_current);
        self.insert_sidebar_sections(&mut ctx, url);
        let html = std::sync::Arc::new(self.render("sidebar.html", &ctx, "the sidebar")?);
        self.sidebars
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, html.clone());
        Ok(html)
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
