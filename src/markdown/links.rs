//! Links: where a link in a page goes (a page, a content file, a page of the built site), the
//! relative URL written for it, and the links that go nowhere.
//!
//! Handbooks adopted from other generators write links for their published site, not for their
//! files: a root-relative path under the site's base path (`/service-manual/agile`), a folder
//! (`guides/`) for its index page, a folder link relative to the page's pretty URL (`a/b.md`
//! served at `a/b/` writes `../c/` for `a/c.md`), GitHub's `#user-content-x` for heading `x`.
//! Each is resolved to the page it means, then written relative like every other link, so the
//! site works at any base path and from `file://`. What names nothing stays a broken link.

use std::collections::HashSet;

use super::{LinkResolver, PageContext, Rendered};
use crate::diagnostics::{Diagnostic, Severity};
use crate::text::decode_path;

/// An internal link that points nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// What the link said.
    pub target: String,
    /// 1-based file line and column.
    pub pos: (usize, usize),
    /// Why it is broken.
    pub reason: String,
}

/// A link to an id on a page (`other.md#why`), to be checked once that page is rendered.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AnchorLink {
    /// Content path of the page linked to.
    pub path: String,
    /// The id, decoded.
    pub id: String,
    /// What the link said.
    pub target: String,
    /// 1-based file line and column.
    pub pos: (usize, usize),
}

impl AnchorLink {
    /// The broken link this is when the page at `path` has no such id.
    pub fn broken(&self) -> BrokenLink {
        BrokenLink {
            target: self.target.clone(),
            pos: self.pos,
            reason: format!(
                "`{}` has no heading or element with the id `{}`",
                self.path, self.id
            ),
        }
    }
}

impl BrokenLink {
    /// The content paths this link may name, resolved from the page at `page_path` as links
    /// are: a Markdown file as written, and for a link without extension its page or folder
    /// index (none for an external link or one above the content folder).
    pub fn content_paths(&self, page_path: &str) -> Vec<String> {
        if is_external(&self.target) {
            return Vec::new();
        }
        let path = self.target.split(['#', '?']).next().unwrap_or_default();
        if path.is_empty() {
            // `#id`: this page.
            return Vec::new();
        }
        let Some(target) = resolve_relative(page_path, &decode_path(path)) else {
            return Vec::new();
        };
        if super::is_markdown(&target) {
            return vec![target];
        }
        if target.rsplit('/').next().is_some_and(|n| n.contains('.')) {
            return Vec::new();
        }
        let base = target.trim_end_matches('/');
        vec![
            format!("{base}.md"),
            format!("{base}/index.md"),
            format!("{base}/README.md"),
        ]
    }

    /// The diagnostic for this link in `file` (the build makes it a warning, `check` an error).
    pub fn diagnostic(&self, file: &str, severity: Severity) -> Diagnostic {
        Diagnostic::error(
            "broken-link",
            format!("link `{}` points nowhere: {}", self.target, self.reason),
        )
        .with_severity(severity)
        .in_file(file)
        .at(self.pos.0, self.pos.1)
    }
}

/// The opening of a link the build could not resolve, as published: a `span`, not a link to a
/// page that is not there, titled with what was linked and why it goes nowhere. Closed by
/// [`BROKEN_CLOSE`], which says "broken link" to screen readers.
pub(super) fn broken_open(b: &BrokenLink) -> String {
    let reason = crate::text::escape_html(&b.reason.replace('`', ""));
    if is_external(&b.target) {
        // A `javascript:` link removed: not written into the page, even as a title.
        return format!("<span class=\"broken-link\" title=\"Broken link: {reason}\">");
    }
    format!(
        "<span class=\"broken-link\" title=\"Broken link: {} ({reason})\">",
        crate::text::escape_html(&b.target),
    )
}

/// The end of a broken link (see [`broken_open`]).
pub(super) const BROKEN_CLOSE: &str =
    "<span class=\"visually-hidden\"> (broken link)</span></span>";

/// True for links that leave the wiki: a scheme (`https:`, `mailto:`) or a protocol-relative
/// `//host`.
pub fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
                && !dest[..i].contains('/')
        }
        None => false,
    }
}

/// Rewrite one link or image target.
pub(super) fn rewrite(
    dest: &str,
    page: &PageContext<'_>,
    resolver: &dyn LinkResolver,
    pos: (usize, usize),
    out: &mut Rendered,
    seen: &mut HashSet<String>,
) -> String {
    if dest.is_empty() || dest.starts_with('#') {
        return dest.to_string();
    }
    if is_external(dest) {
        if page.trusted_html || is_safe_scheme(dest) {
            return dest.to_string();
        }
        out.broken.push(BrokenLink {
            target: dest.to_string(),
            pos,
            reason: "only http, https, mailto and tel links are allowed (the link was removed)"
                .into(),
        });
        return String::new();
    }
    let (path_part, frag) = match dest.find('#') {
        Some(i) => (&dest[..i], &dest[i..]),
        None => (dest, ""),
    };
    let (path_part, query) = match path_part.find('?') {
        Some(i) => (&path_part[..i], &path_part[i..]),
        None => (path_part, ""),
    };
    // GitHub's ids of headings are `user-content-x`: a link to one means the heading `x`.
    let frag = match frag.strip_prefix("#user-content-") {
        Some(id) if !id.is_empty() => format!("#{id}"),
        _ => frag.to_string(),
    };
    let frag = frag.as_str();
    let mut decoded = decode_path(path_part);
    // A root-relative link written for the address the site is served at (`/manual/agile`
    // with `site-url` at `/manual/`) names a page; one elsewhere on the host leaves the site.
    if decoded.starts_with('/') {
        let base = resolver.base_path();
        if base != "/" {
            match within_base(&decoded, base) {
                Some(rest) => decoded = format!("/{rest}"),
                None => return dest.to_string(),
            }
        }
    }
    let Some(target) = resolve_relative(page.path, &decoded) else {
        out.broken.push(BrokenLink {
            target: dest.to_string(),
            pos,
            reason: "it goes above the content folder".into(),
        });
        return dest.to_string();
    };
    let mut link_page = |target: String, url: String| {
        if let Some(id) = frag
            .strip_prefix('#')
            .filter(|f| !f.is_empty() && !f.contains('#'))
        {
            out.anchors.push(AnchorLink {
                path: target.clone(),
                id: decode_path(id),
                target: dest.to_string(),
                pos,
            });
        }
        if seen.insert(target.clone()) {
            out.links.push(target);
        }
        format!("{}{query}{frag}", relative_url(page.url, &url))
    };
    let found = match find(&target, &decoded, page.url, resolver) {
        // Written for pretty URLs (Jekyll's `permalink: pretty`, Hugo, Eleventy): the page
        // `a/b.md` is served at `a/b/`, so its `../c/` means `a/c`. Tried only for a relative
        // folder link that names nothing from the file itself.
        Found::Nothing if decoded.ends_with('/') && !decoded.starts_with('/') => {
            match pretty_folder(page.path).and_then(|from| resolve_relative(&from, &decoded)) {
                Some(t) => find(&t, &decoded, page.url, resolver),
                None => Found::Nothing,
            }
        }
        f => f,
    };
    match found {
        Found::Page(path, url) => return link_page(path, url),
        Found::Asset(path) => {
            return format!(
                "{}{query}{frag}",
                crate::text::encode_path(&relative_url(page.url, &path))
            );
        }
        Found::Url(url) => {
            return format!(
                "{}{query}{frag}",
                crate::text::encode_path(&relative_url(page.url, &url))
            );
        }
        Found::Nothing => {}
    }
    out.broken.push(BrokenLink {
        target: dest.to_string(),
        pos,
        reason: format!("no page or file `{target}` in the content folder"),
    });
    dest.to_string()
}

/// What a link's content path names.
enum Found {
    /// A page: its content path and URL.
    Page(String, String),
    /// A content file copied as it is.
    Asset(String),
    /// A URL of the built site (a generated page, or a page named by its URL).
    Url(String),
    /// Nothing: a broken link, unless another reading finds something.
    Nothing,
}

/// What the content path `target` (the link `decoded`, resolved) names: a Markdown file's page,
/// a content file, a URL of the built site (`x.html`, resolved against the page's URL
/// `page_url`), or a page or folder (`x`, `x/`: `x.md`, else the folder's index page).
fn find(target: &str, decoded: &str, page_url: &str, resolver: &dyn LinkResolver) -> Found {
    if super::is_markdown(target) {
        return match resolver.page_url(target) {
            Some(url) => Found::Page(target.to_string(), url),
            None => Found::Nothing,
        };
    }
    if resolver.asset_exists(target) {
        return Found::Asset(target.to_string());
    }
    if target.ends_with(".html") {
        // A link written against the built site (`../goals/x.html`) resolves against the
        // page's URL, not its file.
        return match resolve_relative(page_url, decoded) {
            Some(url) if resolver.url_exists(&url) => Found::Url(url),
            _ => Found::Nothing,
        };
    }
    // `../goals/x` (no extension), or a folder (`../goals/`): its page or index.
    let base = target.trim_end_matches('/').trim_start_matches('/');
    if !base.is_empty() {
        let page = format!("{base}.md");
        if let Some(url) = resolver.page_url(&page) {
            return Found::Page(page, url);
        }
    }
    if let Some(index) = resolver.folder_index(base) {
        if let Some(url) = resolver.page_url(&index) {
            return Found::Page(index, url);
        }
    }
    // No index file: the index the site generates (the home page, a kind's index), or a
    // page that failed to parse (reported already).
    for name in ["index.md", "README.md"] {
        let c = if base.is_empty() {
            name.to_string()
        } else {
            format!("{base}/{name}")
        };
        if let Some(url) = resolver.page_url(&c) {
            return Found::Page(c, url);
        }
    }
    // A folder whose index is a content file copied as it is (`docs/index.html`).
    if !base.is_empty() {
        let html = format!("{base}/index.html");
        if resolver.asset_exists(&html) {
            return Found::Asset(html);
        }
    }
    Found::Nothing
}

/// The rest of the root-relative path `path` when it is inside the base path `base` (which
/// starts and ends with `/`): `/manual/agile` in `/manual/` is `agile`, `/manual` is empty.
fn within_base<'a>(path: &'a str, base: &str) -> Option<&'a str> {
    if let Some(rest) = path.strip_prefix(base) {
        return Some(rest);
    }
    (path == base.trim_end_matches('/')).then_some("")
}

/// The folder a page is served in with pretty URLs (`a/b.md` at `a/b/`), as the content path
/// of a file in it (`a/b/index.md`), to resolve links against. `None` for a folder's index
/// page, which is served at its folder already.
fn pretty_folder(path: &str) -> Option<String> {
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    let lower = name.to_ascii_lowercase();
    let stem_len = [".md.erb", ".markdown", ".md"]
        .iter()
        .find(|e| lower.ends_with(*e))
        .map(|e| name.len() - e.len())?;
    let mut stem = &name[..stem_len];
    if stem.to_ascii_lowercase().ends_with(".html") {
        stem = &stem[..stem.len() - 5];
    }
    if stem.is_empty()
        || matches!(
            stem.to_ascii_lowercase().as_str(),
            "index" | "readme" | "_index"
        )
    {
        return None;
    }
    Some(if dir.is_empty() {
        format!("{stem}/index.md")
    } else {
        format!("{dir}/{stem}/index.md")
    })
}

/// Report the links to `#id` on this page (`fragments`, with their positions) whose id no
/// element of the page's `html` has (`id="..."`, or `name="..."` on an old-style anchor). The
/// theme's own ids and `#top` (the top of the page in every browser) are there too.
pub(super) fn check_fragments(
    html: &str,
    fragments: Vec<(String, (usize, usize))>,
    broken: &mut Vec<BrokenLink>,
) {
    if fragments.is_empty() {
        return;
    }
    let ids = ids_in(html);
    let before = broken.len();
    for (f, pos) in fragments {
        let id = decode_path(&f);
        // `##` and the like name no element anyone could mean: left alone.
        if id.contains('#') || has_id(&ids, &id) {
            continue;
        }
        broken.push(BrokenLink {
            target: format!("#{f}"),
            pos,
            reason: "no heading or element on this page has this id".into(),
        });
    }
    if broken.len() > before {
        broken.sort_by_key(|b| b.pos);
    }
}

/// The ids of a page's HTML as written (`id="..."`, and `name="..."` of old-style anchors).
pub fn ids_in(html: &str) -> HashSet<&str> {
    let mut ids: HashSet<&str> = HashSet::new();
    for attr in [" id=\"", " name=\""] {
        for (i, _) in html.match_indices(attr) {
            let rest = &html[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                ids.insert(&rest[..end]);
            }
        }
    }
    ids
}

/// True when a page with the HTML ids `ids` has the (decoded) id `id`: one of them, `top` (the
/// top of the page in every browser) or one of the theme's ids (on every page).
pub fn has_id(ids: &HashSet<&str>, id: &str) -> bool {
    ids.contains(crate::text::escape_html(id).as_str())
        || id == "top"
        || super::THEME_IDS.contains(&id)
}

/// Schemes that are safe in links from untrusted content.
fn is_safe_scheme(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    let scheme = dest.split(':').next().unwrap_or("").to_ascii_lowercase();
    matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel")
}

/// Resolve `rel` against the folder of content path `from`. `None` when it climbs above the
/// content folder. A leading `/` means the content folder's root.
pub fn resolve_relative(from: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = if rel.starts_with('/') {
        Vec::new()
    } else {
        let mut p: Vec<&str> = from.split('/').collect();
        p.pop();
        p
    };
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// A relative URL from the page at site path `from` to site path `to`, both like
/// `goals/x.html`. Works at any base path and from `file://`.
pub fn relative_url(from: &str, to: &str) -> String {
    // Without splitting into vectors: every link of every page, and every entry of every
    // version menu, comes through here.
    let from_dir = from.rfind('/').map_or("", |i| &from[..=i]);
    let to_dir = to.rfind('/').map_or("", |i| &to[..=i]);
    // The folders (each ending in `/`) both paths start with.
    let mut common = 0;
    for (i, _) in from_dir.match_indices('/') {
        if to_dir.len() > i && from_dir.as_bytes()[..=i] == to_dir.as_bytes()[..=i] {
            common = i + 1;
        } else {
            break;
        }
    }
    let up = from_dir[common..].matches('/').count();
    let rest = &to[common..];
    let mut s = String::with_capacity(3 * up + rest.len());
    for _ in 0..up {
        s.push_str("../");
    }
    s.push_str(rest);
    if s.is_empty() { "./".into() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls() {
        assert_eq!(relative_url("goals/a.html", "goals/b.html"), "b.html");
        assert_eq!(
            relative_url("goals/a.html", "chapters/b.html"),
            "../chapters/b.html"
        );
        assert_eq!(relative_url("index.html", "goals/b.html"), "goals/b.html");
        assert_eq!(relative_url("a/b/c.html", "a/d.html"), "../d.html");
        // Folders compare whole: `ab/` is not inside `a/`.
        assert_eq!(relative_url("a/x.html", "ab/y.html"), "../ab/y.html");
        assert_eq!(relative_url("ab/x.html", "a/y.html"), "../a/y.html");
        assert_eq!(relative_url("v1/goals/a.html", "v1/goals/a.html"), "a.html");
        assert_eq!(
            relative_url("v1/goals/a.html", "goals/a.html"),
            "../../goals/a.html"
        );
        assert_eq!(relative_url("a.html", "a.html"), "a.html");
        assert_eq!(relative_url("a/b.html", "a/"), "./");
        assert_eq!(relative_url("a/b/c.html", "a/b/d/e.html"), "d/e.html");
        // The same answers as splitting both paths into their parts.
        fn by_parts(from: &str, to: &str) -> String {
            let from_dirs: Vec<&str> = from.split('/').collect();
            let from_dirs = &from_dirs[..from_dirs.len() - 1];
            let to_parts: Vec<&str> = to.split('/').collect();
            let common = from_dirs
                .iter()
                .zip(&to_parts[..to_parts.len() - 1])
                .take_while(|(a, b)| a == b)
                .count();
            let mut s = "../".repeat(from_dirs.len() - common);
            s.push_str(&to_parts[common..].join("/"));
            if s.is_empty() { "./".into() } else { s }
        }
        let paths = [
            "",
            "a",
            "a/",
            "a.html",
            "a/b.html",
            "ab/b.html",
            "a/b/c.html",
            "a/bc/d.html",
            "v1/a/b.html",
            "v1/",
            "x/a/b.html",
            "a//b.html",
        ];
        for from in paths {
            for to in paths {
                assert_eq!(relative_url(from, to), by_parts(from, to), "{from} -> {to}");
            }
        }
        assert_eq!(
            resolve_relative("chapters/a.md", "../goals/x.md").unwrap(),
            "goals/x.md"
        );
        assert_eq!(resolve_relative("a.md", "../x.md"), None);
        assert!(is_external("mailto:x@y"));
        assert!(!is_external("goals/x.md"));
    }
}
