//! The version menu and banner of a site with several versions, rendered once per shape.
//!
//! Every page of every version gets a menu and, outside the default version, a banner. Their
//! templates ran once per page: on 10 editions of 2,000 pages that was about a tenth of the
//! build's CPU time, for output that differs between pages of a version only in its links. So
//! the templates run once per *shape* (the context with every link replaced by a marker, and
//! the way to the site root), and each page gets that output with its own links put in place
//! of the markers.
//!
//! A theme may do anything with a link in its templates (filter it, compare it). Each new
//! shape is therefore checked on the first page that has it: the output made from the shape
//! must equal the templates' own output for that page, or the shape is not used and its pages
//! run the templates one by one, as before.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tera::Context;

use crate::versions::VersionCtx;

/// The marker for link `i`: characters of Unicode's private use area, which no escaping
/// changes, around the number and an `&`, which HTML escaping turns into `&amp;` (so the
/// marker says whether the template escaped the link).
fn marker(i: usize) -> String {
    format!("\u{E000}{i}&\u{E001}")
}

const OPEN: &[u8] = "\u{E000}".as_bytes();
const CLOSE: &[u8] = "\u{E001}".as_bytes();

/// A piece of a shape's output.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    /// These bytes of the output.
    Text(std::ops::Range<usize>),
    /// Link `i`, HTML-escaped or as it is.
    Link { i: usize, escaped: bool },
}

/// A template's output for one shape, cut at its links.
#[derive(Debug, Clone, PartialEq)]
struct Cut {
    text: Vec<u8>,
    pieces: Vec<Piece>,
}

impl Cut {
    /// Cut `text` at its markers; `None` when a marker is damaged or names no link.
    fn new(text: Vec<u8>, links: usize) -> Option<Cut> {
        let mut pieces = Vec::new();
        let mut at = 0;
        while let Some(found) = memchr::memmem::find(&text[at..], OPEN) {
            let start = at + found;
            let rest = &text[start + OPEN.len()..];
            let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            let i: usize = std::str::from_utf8(&rest[..digits]).ok()?.parse().ok()?;
            let after = &rest[digits..];
            let (escaped, amp) = if after.starts_with(b"&amp;") {
                (true, 5)
            } else if after.starts_with(b"&") {
                (false, 1)
            } else {
                return None;
            };
            if i >= links || !after[amp..].starts_with(CLOSE) {
                return None;
            }
            pieces.push(Piece::Text(at..start));
            pieces.push(Piece::Link { i, escaped });
            at = start + OPEN.len() + digits + amp + CLOSE.len();
        }
        pieces.push(Piece::Text(at..text.len()));
        // A closing marker left alone means a marker was cut up.
        let found = pieces
            .iter()
            .filter(|p| matches!(p, Piece::Link { .. }))
            .count();
        if memchr::memmem::find_iter(&text, CLOSE).count() != found {
            return None;
        }
        Some(Cut { text, pieces })
    }

    /// The output with these links in place of the markers.
    fn fill(&self, links: &[&str]) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.text.len() + 64 * links.len());
        for p in &self.pieces {
            match *p {
                Piece::Text(ref r) => out.extend_from_slice(&self.text[r.clone()]),
                Piece::Link { i, escaped: false } => out.extend_from_slice(links[i].as_bytes()),
                Piece::Link { i, escaped: true } => {
                    // Writing into a Vec cannot fail.
                    let _ = tera::escape_html(links[i], &mut out);
                }
            }
        }
        out
    }
}

/// The links of a version context, in a fixed order: the menu's, then the banner's.
fn links(v: &VersionCtx) -> Vec<&str> {
    let mut out: Vec<&str> = v.menu.iter().map(|m| m.href.as_str()).collect();
    if let Some(b) = &v.banner {
        out.push(&b.href);
    }
    out
}

/// `v` with each link replaced by its marker.
fn shape_of(v: &VersionCtx) -> VersionCtx {
    let mut shape = v.clone();
    let mut n = 0;
    for m in &mut shape.menu {
        m.href = marker(n);
        n += 1;
    }
    if let Some(b) = &mut shape.banner {
        b.href = marker(n);
    }
    shape
}

/// A shape's menu and banner, cut at their links.
type Shape = Arc<(Cut, Cut)>;

/// The menu and banner of one page.
pub(crate) struct Chrome {
    /// The version menu.
    pub menu: Vec<u8>,
    /// The banner (empty in the default version).
    pub banner: Vec<u8>,
}

/// Renders menus and banners, remembering each shape's output.
#[derive(Default)]
pub(crate) struct ChromeCache {
    /// Shape key → its two outputs, or `None` when the templates do something with a link
    /// that putting it in afterwards would not reproduce.
    shapes: Mutex<HashMap<u64, Option<Shape>>>,
}

/// Runs the two templates for a context (`Renderer::render` with its error handling).
pub(crate) type RenderFn<'a> =
    dyn Fn(&str, &Context, &str) -> Result<Vec<u8>, crate::diagnostics::Diagnostic> + 'a;

impl ChromeCache {
    /// The menu and banner of the page whose version context is `v` and whose way to the site
    /// root is `root`.
    pub fn get(
        &self,
        render: &RenderFn<'_>,
        v: &VersionCtx,
        root: &str,
    ) -> Result<Chrome, crate::diagnostics::Diagnostic> {
        let shape = shape_of(v);
        let key = super::key::key_of(&[&shape, &root]);
        let cached = self
            .shapes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
            .cloned();
        let links = links(v);
        match cached {
            Some(Some(cuts)) => Ok(Chrome {
                menu: cuts.0.fill(&links),
                banner: cuts.1.fill(&links),
            }),
            Some(None) => run(render, v, root),
            None => {
                let page = run(render, v, root)?;
                // A template that fails on the markers (it takes a link apart) cannot use
                // shapes: its pages run it one by one.
                let cuts = run(render, &shape, root).ok().and_then(|of_shape| {
                    let n = links.len();
                    Cut::new(of_shape.menu, n)
                        .zip(Cut::new(of_shape.banner, n))
                        .filter(|(m, b)| {
                            m.fill(&links) == page.menu && b.fill(&links) == page.banner
                        })
                        .map(Arc::new)
                });
                // Two threads may meet a new shape at once: a shape one of them refused stays
                // refused.
                self.shapes
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .entry(key)
                    .and_modify(|e| {
                        if cuts.is_none() {
                            *e = None;
                        }
                    })
                    .or_insert(cuts);
                Ok(page)
            }
        }
    }
}

/// Run the two templates for `v`.
fn run(
    render: &RenderFn<'_>,
    v: &VersionCtx,
    root: &str,
) -> Result<Chrome, crate::diagnostics::Diagnostic> {
    let mut ctx = Context::new();
    ctx.insert("version", v);
    ctx.insert("root", root);
    Ok(Chrome {
        menu: render("version-menu.html", &ctx, "the version menu")?,
        banner: render("version-banner.html", &ctx, "the version banner")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::versions::{BannerCtx, MenuItem};
    use tera::Tera;

    fn ctx(hrefs: &[&str], banner: Option<&str>) -> VersionCtx {
        VersionCtx {
            label: "v1".into(),
            is_default: banner.is_none(),
            development: false,
            banner: banner.map(|h| BannerCtx {
                latest: "v2".into(),
                href: h.into(),
                exists: true,
            }),
            menu: hrefs
                .iter()
                .enumerate()
                .map(|(i, h)| MenuItem {
                    label: format!("v{}", 2 - i),
                    href: (*h).into(),
                    exists: true,
                    current: i == 1,
                    is_default: i == 0,
                    development: false,
                })
                .collect(),
            changes_url: None,
            previous_label: None,
        }
    }

    /// A renderer over templates given as text, counting how often it runs.
    fn renderer(menu: &str, banner: &str) -> (Tera, std::sync::atomic::AtomicUsize) {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.add_raw_templates(vec![
            ("version-menu.html", menu),
            ("version-banner.html", banner),
        ])
        .unwrap();
        (tera, std::sync::atomic::AtomicUsize::new(0))
    }

    /// `Renderer::render` over `tera`, counting its runs.
    fn render_with<'a>(
        tera: &'a Tera,
        runs: &'a std::sync::atomic::AtomicUsize,
    ) -> impl Fn(&str, &Context, &str) -> Result<Vec<u8>, crate::diagnostics::Diagnostic> + 'a {
        move |t, c, _| {
            runs.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            tera.render(t, c)
                .map(String::into_bytes)
                .map_err(|e| crate::diagnostics::Diagnostic::error("template", e.to_string()))
        }
    }

    const MENU: &str = r#"{% for v in version.menu %}<a href="{{ v.href }}">{{ v.label }}</a>{% endfor %}|{{ root }}"#;
    const BANNER: &str =
        r#"{% if version.banner %}<a href="{{ version.banner.href }}">now</a>{% endif %}"#;

    #[test]
    fn a_shape_renders_once_and_each_page_gets_its_own_links() {
        let (tera, runs) = renderer(MENU, BANNER);
        let render = render_with(&tera, &runs);
        let cache = ChromeCache::default();
        let a = cache
            .get(
                &render,
                &ctx(&["../a.html", "a.html"], Some("../a.html")),
                "../",
            )
            .unwrap();
        assert_eq!(
            a.menu,
            br#"<a href="../a.html">v2</a><a href="a.html">v1</a>|../"#
        );
        assert_eq!(a.banner, br#"<a href="../a.html">now</a>"#);
        // The first page of a shape: its own two runs and the shape's two.
        assert_eq!(runs.load(std::sync::atomic::Ordering::Relaxed), 4);
        // Escaped as the template would: `&` and `'` in a link.
        let b = cache
            .get(&render, &ctx(&["../b&c.html", "b'.html"], Some("x")), "../")
            .unwrap();
        assert_eq!(
            b.menu,
            br#"<a href="../b&amp;c.html">v2</a><a href="b&#39;.html">v1</a>|../"#
        );
        assert_eq!(b.banner, br#"<a href="x">now</a>"#);
        assert_eq!(runs.load(std::sync::atomic::Ordering::Relaxed), 4);
        // Another way to the root is another shape.
        cache
            .get(&render, &ctx(&["a", "b"], Some("c")), "../../")
            .unwrap();
        assert_eq!(runs.load(std::sync::atomic::Ordering::Relaxed), 8);
    }

    #[test]
    fn a_template_that_changes_links_runs_for_every_page() {
        // `upper` leaves the markers as they are, but not the first page's links: the output
        // made from the shape differs from the template's own, and the shape is not used.
        let menu = r#"{% for v in version.menu %}<a href="{{ v.href | upper }}">{{ v.label }}</a>{% endfor %}"#;
        let (tera, runs) = renderer(menu, BANNER);
        let render = render_with(&tera, &runs);
        let cache = ChromeCache::default();
        for (page, want) in [("a.html", "A.HTML"), ("b.html", "B.HTML")] {
            let c = cache.get(&render, &ctx(&[page, page], None), "").unwrap();
            assert_eq!(
                String::from_utf8(c.menu).unwrap(),
                format!(r#"<a href="{want}">v2</a><a href="{want}">v1</a>"#)
            );
        }
        // First page: 2 + 2 (shape refused); second page: 2.
        assert_eq!(runs.load(std::sync::atomic::Ordering::Relaxed), 6);
    }

    #[test]
    fn a_link_output_without_escaping_is_put_in_as_it_is() {
        let menu = r#"{% for v in version.menu %}{{ v.href | safe }};{% endfor %}"#;
        let (tera, runs) = renderer(menu, BANNER);
        let render = render_with(&tera, &runs);
        let cache = ChromeCache::default();
        cache.get(&render, &ctx(&["a", "b"], None), "").unwrap();
        let c = cache.get(&render, &ctx(&["x&y", "z"], None), "").unwrap();
        assert_eq!(c.menu, b"x&y;z;");
        assert_eq!(runs.load(std::sync::atomic::Ordering::Relaxed), 4);
    }

    #[test]
    fn a_template_that_fails_on_the_markers_runs_for_every_page() {
        // Taking the link apart: the marker has no `/`, so indexing its parts fails.
        let menu = r#"{% for v in version.menu %}{{ (v.href | split(pat="/"))[1] }};{% endfor %}"#;
        let (tera, runs) = renderer(menu, BANNER);
        let render = render_with(&tera, &runs);
        let cache = ChromeCache::default();
        for (a, want) in [
            ("x/a.html", "a.html;a.html;"),
            ("y/b.html", "b.html;b.html;"),
        ] {
            let c = cache.get(&render, &ctx(&[a, a], None), "").unwrap();
            assert_eq!(String::from_utf8(c.menu).unwrap(), want);
        }
    }

    #[test]
    fn damaged_markers_are_refused() {
        assert!(Cut::new(marker(0).into_bytes(), 1).is_some());
        assert!(Cut::new(marker(1).into_bytes(), 1).is_none(), "no link 1");
        assert!(Cut::new("\u{E000}0\u{E001}".as_bytes().to_vec(), 1).is_none());
        assert!(Cut::new("x\u{E001}".as_bytes().to_vec(), 1).is_none());
        let m = marker(0).into_bytes();
        assert!(Cut::new(m[..m.len() - 1].to_vec(), 1).is_none());
    }
}
