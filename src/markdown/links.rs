//! Links: where a link in a page goes (a page, a content file, a page of the built site), the
//! relative URL written for it, and the links that go nowhere.

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
    let decoded = decode_path(path_part);
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
    if super::is_markdown(&target) {
        if let Some(url) = resolver.page_url(&target) {
            return link_page(target, url);
        }
    } else if resolver.asset_exists(&target) {
        return format!(
            "{}{query}{frag}",
            crate::text::encode_path(&relative_url(page.url, &target))
        );
    } else if target.ends_with(".html") {
        // A link written against the built site (`../goals/x.html`) resolves against the
        // page's URL, not its file.
        if let Some(url) = resolve_relative(page.url, &decoded)
            && resolver.url_exists(&url)
        {
            return dest.to_string();
        }
    } else {
        // `../goals/x` (no extension), or a folder (`../goals/`): its page or index.
        let base = target.trim_end_matches('/');
        let candidates = [
            format!("{base}.md"),
            format!("{base}/index.md"),
            format!("{base}/README.md"),
        ];
        for c in candidates {
            let c = c.trim_start_matches('/').to_string();
            if let Some(url) = resolver.page_url(&c) {
                return link_page(c, url);
            }
        }
    }
    out.broken.push(BrokenLink {
        target: dest.to_string(),
        pos,
        reason: format!("no page or file `{target}` in the content folder"),
    });
    dest.to_string()
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
