//! The printable edition's link rewriting: every page's HTML moved into one document, so a
//! link to another page becomes a link to that page's anchor in it, and every `id` of a page
//! is prefixed with the page's anchor so ids stay unique (`goals-eid--indicators`).
//!
//! Rewrites attributes inside tags only (never text, where `id="x"` may be code), on HTML the
//! Markdown renderer and the sanitiser wrote or the theme's templates made (quoted attribute
//! values). Bounded: one pass over the text.

use std::collections::HashMap;

/// Where the pages are in the document: a page's site URL → its anchor; and the anchors
/// generated pages (the goals index, the contents) stand for.
pub struct Anchors<'a> {
    pub pages: &'a HashMap<String, String>,
}

/// Attributes that hold a URL.
const URL_ATTRS: &[&str] = &["href", "src"];
/// Attributes that hold one id or a list of ids.
const ID_ATTRS: &[&str] = &[
    "id",
    "for",
    "aria-labelledby",
    "aria-describedby",
    "headers",
];

/// True for a URL with a scheme (`https:`, `mailto:`) or a network path (`//host`).
fn is_external(url: &str) -> bool {
    if url.starts_with("//") {
        return true;
    }
    match url.find(':') {
        Some(i) => {
            let scheme = &url[..i];
            !scheme.is_empty()
                && !scheme.contains(['/', '?', '#'])
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// The value of a URL attribute, rewritten for the document: `base` is the site URL of the
/// page the HTML comes from, `own` its anchor (`None` for the document's own markup, whose
/// fragments already are the document's).
fn rewrite_url(url: &str, base: &str, own: Option<&str>, a: &Anchors<'_>) -> String {
    if is_external(url) {
        return url.to_string();
    }
    let (path, frag) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (url, None),
    };
    let with_frag = |anchor: &str| match frag.filter(|f| !f.is_empty()) {
        Some(f) => format!("#{anchor}--{f}"),
        None => format!("#{anchor}"),
    };
    if path.is_empty() {
        return match (own, frag) {
            (Some(own), Some(_)) => with_frag(own),
            _ => url.to_string(),
        };
    }
    let path = path.split('?').next().unwrap_or(path);
    let Some(site_path) = crate::markdown::resolve_relative(base, &crate::text::decode_path(path))
    else {
        return url.to_string();
    };
    if let Some(anchor) = a.pages.get(&site_path) {
        return with_frag(anchor);
    }
    // Another file of the site (an image, a tag page): from the document, at the edition's top.
    match frag {
        Some(f) => format!("{}#{f}", crate::text::encode_path(&site_path)),
        None => crate::text::encode_path(&site_path),
    }
}

/// `html` with its links rewritten for the document and, with `own` (the page's anchor), its
/// ids prefixed. `base` is the site URL the HTML was written for.
pub fn rewrite(html: &str, base: &str, own: Option<&str>, a: &Anchors<'_>) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' || !bytes.get(i + 1).is_some_and(|b| b.is_ascii_alphabetic()) {
            i += 1;
            continue;
        }
        // A start tag: find its end, outside quoted values.
        let start = i;
        let mut j = i + 1;
        let mut quote = None;
        while j < bytes.len() {
            let b = bytes[j];
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None if b == b'"' || b == b'\'' => quote = Some(b),
                None if b == b'>' => break,
                None => {}
            }
            j += 1;
        }
        let end = (j + 1).min(bytes.len());
        out.push_str(&html[copied..start]);
        out.push_str(&rewrite_tag(&html[start..end], base, own, a));
        copied = end;
        i = end;
    }
    out.push_str(&html[copied..]);
    out
}

/// One start tag with its attributes rewritten.
fn rewrite_tag(tag: &str, base: &str, own: Option<&str>, a: &Anchors<'_>) -> String {
    let mut out = String::with_capacity(tag.len() + 16);
    let mut rest = tag;
    while let Some(eq) = rest.find("=\"").or_else(|| rest.find("='")) {
        let q = &rest[eq + 1..eq + 2];
        let name_start = rest[..eq]
            .rfind(|c: char| c.is_whitespace())
            .map_or(0, |k| k + 1);
        let name = rest[name_start..eq].to_ascii_lowercase();
        let value_start = eq + 2;
        let Some(len) = rest[value_start..].find(q) else {
            break;
        };
        let value = &rest[value_start..value_start + len];
        out.push_str(&rest[..value_start]);
        if URL_ATTRS.contains(&name.as_str()) {
            let decoded = value.replace("&amp;", "&");
            let new = rewrite_url(&decoded, base, own, a);
            out.push_str(&new.replace('&', "&amp;").replace('"', "&quot;"));
        } else if let (true, Some(own)) = (ID_ATTRS.contains(&name.as_str()), own) {
            let ids: Vec<String> = value
                .split_whitespace()
                .map(|id| format!("{own}--{id}"))
                .collect();
            out.push_str(&ids.join(" "));
        } else {
            out.push_str(value);
        }
        out.push_str(q);
        rest = &rest[value_start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// The anchor of the page at site URL `url` in the document: `goals/eid.html` → `goals-eid`.
pub fn anchor_of(url: &str) -> String {
    let stem = url.strip_suffix(".html").unwrap_or(url);
    let mut s: String = stem
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    s.insert_str(0, "page-");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchors() -> HashMap<String, String> {
        ["goals/eid.html", "chapters/a.html", "index.html"]
            .iter()
            .map(|u| (u.to_string(), anchor_of(u)))
            .collect()
    }

    #[test]
    fn links_to_pages_become_fragments_and_ids_are_prefixed() {
        let pages = anchors();
        let a = Anchors { pages: &pages };
        let html = r##"<h2 id="why"><a href="#why">Why</a></h2><p><a href="../goals/eid.html#sw-indicators">eID</a> <a href="https://x.org/a?b=1&amp;c=2">x</a> <img src="../images/a.png" alt=""> <a href="../tags/open.html">t</a></p><pre><code>id="nope" href="../goals/eid.html"</code></pre>"##;
        let out = rewrite(html, "chapters/a.html", Some("page-chapters-a"), &a);
        assert!(out.contains(r#"<h2 id="page-chapters-a--why">"#), "{out}");
        assert!(
            out.contains(r##"<a href="#page-chapters-a--why">"##),
            "{out}"
        );
        assert!(
            out.contains(r##"href="#page-goals-eid--sw-indicators""##),
            "{out}"
        );
        assert!(
            out.contains(r#"href="https://x.org/a?b=1&amp;c=2""#),
            "{out}"
        );
        assert!(out.contains(r#"src="images/a.png""#), "{out}");
        assert!(out.contains(r#"href="tags/open.html""#), "{out}");
        // Text is left alone.
        assert!(
            out.contains(r#"<code>id="nope" href="../goals/eid.html"</code>"#),
            "{out}"
        );
    }

    #[test]
    fn the_documents_own_links_keep_their_fragments() {
        let pages = anchors();
        let a = Anchors { pages: &pages };
        let out = rewrite(
            r##"<a href="#contents">c</a><a href="goals/eid.html">g</a><p id="x">"##,
            "print.html",
            None,
            &a,
        );
        assert_eq!(
            out,
            r##"<a href="#contents">c</a><a href="#page-goals-eid">g</a><p id="x">"##
        );
    }

    #[test]
    fn external_is_told_from_relative() {
        assert!(is_external("https://a.b/c") && is_external("mailto:a@b") && is_external("//h/x"));
        assert!(!is_external("a/b.html") && !is_external("#x") && !is_external("a/b:c.html"));
    }
}
