//! Redirects from the earlier URLs of renamed pages to where the pages are now.

use super::sink::write;
use super::{Renderer, Sink, revisions};
use crate::diagnostics::Diagnostic;
use crate::history::History;
use crate::model::Site;

/// A redirect page the build may write: at a page's earlier URL, leading to the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The earlier URL, where the redirect page goes.
    pub old_url: String,
    /// The earlier content path it comes from.
    pub old_path: String,
    /// The page it leads to: its index in `site.pages`.
    pub page: usize,
}

/// Every earlier path of every page of `site` (its renames, from `h`) as a redirect, sorted by
/// old URL (two pages with the same earlier URL: the one first in `site.pages` first). Not
/// filtered by what lives at the old URL now: the caller decides (see
/// [`Renderer::with_redirects`]). An old name too long for a file (its page never built) gets
/// no redirect.
pub fn redirect_candidates(site: &Site, h: &History) -> Vec<Redirect> {
    let mut redirects = Vec::new();
    for (i, p) in site.pages.iter().enumerate() {
        let Some(ph) = h.page(&p.src.path) else {
            continue;
        };
        for old in &ph.old_paths {
            let role = crate::model::role_of(old);
            // Where the old file was published: its own `slug:` decided, else its file name.
            let slug = ph
                .old_slugs
                .get(old)
                .cloned()
                .unwrap_or_else(|| crate::content::default_slug(old));
            let old_url = crate::model::page_url(old, &slug, role);
            let writable = old_url
                .split('/')
                .all(|c| c.len() <= crate::model::MAX_NAME);
            if writable {
                redirects.push(Redirect {
                    old_url,
                    old_path: old.clone(),
                    page: i,
                });
            }
        }
    }
    // Stable: a page's own earlier paths keep their order.
    redirects.sort_by(|a, b| (&a.old_url, a.page).cmp(&(&b.old_url, b.page)));
    redirects
}

/// The candidates that get a redirect page when the build gives no list of its own: those at
/// a URL no page or file of `site` has, each URL once (for the page first in `site.pages`).
fn unclaimed(site: &Site, candidates: Vec<Redirect>) -> Vec<Redirect> {
    let mut taken: std::collections::HashSet<String> =
        site.pages.iter().map(|p| p.url.clone()).collect();
    taken.extend(site.assets.iter().cloned());
    candidates
        .into_iter()
        .filter(|r| taken.insert(r.old_url.clone()))
        .collect()
}

impl<'a> Renderer<'a> {
    /// Write the redirect pages: those given by [`Renderer::with_redirects`], else every
    /// earlier URL of a page (from the history) where no page or file lives now. Returns how
    /// many.
    pub(super) fn render_redirects(&self, sink: &Sink<'_>) -> Result<usize, Diagnostic> {
        let site = self.cx.site;
        let computed;
        let redirects: &[Redirect] = match (self.redirects, self.history) {
            (Some(given), _) => given,
            (None, Some(h)) => {
                computed = unclaimed(site, redirect_candidates(site, h));
                &computed
            }
            (None, None) => &[],
        };
        for r in redirects {
            let p = &site.pages[r.page];
            let target = crate::markdown::relative_url(&r.old_url, &p.url);
            let canonical = self.canonical(&p.url, Some(r.page), false);
            let html = revisions::redirect_page(p.title(), &target, canonical.as_deref());
            write(sink, &r.old_url, html.into_bytes())?;
        }
        Ok(redirects.len())
    }

    /// Write exactly these redirects (see [`redirect_candidates`]) instead of those the
    /// renderer would choose: the build decides, having planned every file of the output.
    pub fn with_redirects(mut self, redirects: Option<&'a [Redirect]>) -> Self {
        self.redirects = redirects;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::generated::tests::{small_history, small_site};

    #[test]
    fn candidates_are_every_earlier_path_sorted_and_unfiltered() {
        let (site, _) = small_site();
        let h = small_history(&site);
        let c = redirect_candidates(&site, &h);
        let page = |path: &str| site.by_path[path];
        let got: Vec<(&str, &str, usize)> = c
            .iter()
            .map(|r| (r.old_url.as_str(), r.old_path.as_str(), r.page))
            .collect();
        assert_eq!(
            got,
            [
                ("goals/o.html", "goals/o.md", page("goals/a.md")),
                ("goals/old.html", "goals/old.md", page("chapters/c.md")),
                ("goals/old.html", "goals/old.md", page("goals/a.md")),
                ("owners/o.html", "owners/o.md", page("chapters/c.md")),
            ]
        );
        let kept: Vec<&str> = unclaimed(&site, c)
            .into_iter()
            .map(|r| site.pages[r.page].src.path.as_str())
            .collect();
        assert_eq!(kept, ["goals/a.md", "chapters/c.md"]);
    }

    #[test]
    fn given_redirects_are_written_exactly() {
        let (site, config) = small_site();
        let h = small_history(&site);
        let theme = crate::render::Theme::load(&config).unwrap_or_else(|e| panic!("{e:?}"));
        // The chapter's `goals/old.html` instead of the goal's, and nothing else.
        let given: Vec<Redirect> = redirect_candidates(&site, &h)
            .into_iter()
            .filter(|r| r.old_url == "goals/old.html" && r.page == site.by_path["chapters/c.md"])
            .collect();
        let written = std::sync::Mutex::new(Vec::new());
        let sink = |path: &str, content: crate::render::Content| {
            if let crate::render::Content::Bytes(b) = content
                && b.windows(10).any(|w| w == b"has moved<")
            {
                written.lock().unwrap().push((path.to_string(), b));
            }
            Ok(())
        };
        let renderer = Renderer::new(&theme, &site, &config, Some(&h)).with_redirects(Some(&given));
        renderer.render_html(&sink).unwrap();
        let written = written.into_inner().unwrap();
        assert_eq!(written.len(), 1, "{written:?}");
        assert_eq!(written[0].0, "goals/old.html");
        let text = String::from_utf8_lossy(&written[0].1);
        assert!(text.contains("../chapters/c.html"), "{text}");
    }
}
