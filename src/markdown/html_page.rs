//! A static-site generator's own home and 404 pages written in HTML (Jekyll's `index.html` and
//! `404.html`, with or without front matter): read as the site's home and 404 text, as
//! `index.md` and `404.md` are, not copied over the pages the site generates.
//!
//! Such a file is often a whole document made for the generator's layout: only what is inside
//! its `<main>` (else its `<body>`) is the page's text; its `<head>` belongs to the layout the
//! wiki's theme replaces. The HTML is sanitised as raw HTML in Markdown is (unless the wiki
//! trusts its authors), and template tags in it are shown as written with one warning, as in
//! Markdown pages (stratwiki runs no templates).

use super::{PageContext, Rendered, depth, templates};
use crate::diagnostics::Diagnostic;
use crate::text::LineIndex;

/// The content files read as HTML pages: the content root's `index.html` and `404.html`, the
/// two URLs the site generates itself (any other `.html` file is copied as it is).
pub fn is_html_page(path: &str) -> bool {
    matches!(path, "index.html" | "404.html")
}

/// The byte range of `body` that is the page's text: inside `<main ...>…</main>`, else inside
/// `<body ...>…</body>`, else all of it (a fragment).
fn inner(body: &str) -> std::ops::Range<usize> {
    let lower = body.to_ascii_lowercase();
    for tag in ["main", "body"] {
        let open = format!("<{tag}");
        let mut from = 0;
        while let Some(i) = lower[from..].find(&open) {
            let start = from + i;
            let after = start + open.len();
            // `<mainly>` is not `<main>`.
            if lower[after..].starts_with(['>', ' ', '\t', '\n', '\r', '/']) {
                let Some(gt) = lower[after..].find('>') else {
                    break;
                };
                let content = after + gt + 1;
                let end = lower[content..]
                    .rfind(&format!("</{tag}"))
                    .map_or(body.len(), |j| content + j);
                return content..end;
            }
            from = after;
        }
    }
    0..body.len()
}

/// Render an HTML page's body (see the module's notes).
pub fn render(body: &str, page: &PageContext<'_>) -> Rendered {
    let range = inner(body);
    let text = &body[range.clone()];
    let mut out = Rendered::default();
    let mut index = LineIndex::new(body);
    let mut pos_of = |offset: usize| {
        let (line, col) = index.line_col(offset);
        (line - 1 + page.body_line, col)
    };
    let tags = templates::spans(text);
    if let Some(tag) = tags.first() {
        let (line, col) = pos_of(range.start + tag.range.start);
        out.warnings.push(
            Diagnostic::warning("template-syntax", templates::message(text, tag)).at(line, col),
        );
    } else if let Some(i) = text.find("{{") {
        let (line, col) = pos_of(range.start + i);
        out.warnings.push(
            Diagnostic::warning(
                "template-syntax",
                "template syntax is shown as written, since stratwiki runs no templates: a Liquid output tag `{{ … }}` (and any more on this page)",
            )
            .at(line, col),
        );
    }
    out.html = if page.trusted_html {
        text.to_string()
    } else if depth::too_complex(text, depth::MAX_DEPTH).is_some() {
        let (line, col) = pos_of(range.start);
        out.warnings.push(
            Diagnostic::warning(
                "raw-html-limit",
                "the HTML of this page is more complex than stratwiki sanitises: it is shown as text",
            )
            .at(line, col),
        );
        format!("<pre>{}</pre>", crate::text::escape_html(text))
    } else {
        super::sanitize(text)
    };
    out.html = drop_template_urls(&out.html);
    out
}

/// `html` without the `href` and `src` attributes whose value is a template tag
/// (`href="{{ site.baseurl }}/en/"`): with the tag left as written, such a link would lead to
/// a page that is not there, and such an image would not load. The element stays, as text
/// (a link without `href`) or its `alt` (an image without `src`).
fn drop_template_urls(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find([' ', '\t', '\n']) {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let attr = after[1..]
            .split_once('=')
            .map(|(name, _)| name.to_ascii_lowercase());
        let quoted = attr
            .as_deref()
            .filter(|n| matches!(*n, "href" | "src"))
            .and_then(|n| {
                let value = &after[1 + n.len() + 1..];
                let q = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
                let end = value[1..].find(q)?;
                Some((1 + n.len() + 1 + end + 2, &value[1..1 + end]))
            });
        match quoted {
            Some((len, value)) if value.contains("{{") || value.contains("{%") => {
                rest = &after[len..];
            }
            _ => {
                out.push_str(&after[..1]);
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_is_inside_main_else_body() {
        let doc = "<html><head><title>{{ t }}</title></head><body class=x><nav>n</nav><main role=\"main\"><h1>Hi</h1></main></body></html>";
        assert_eq!(&doc[inner(doc)], "<h1>Hi</h1>");
        let doc = "<html><body>\n<p>b</p>\n</body></html>";
        assert_eq!(&doc[inner(doc)], "\n<p>b</p>\n");
        assert_eq!(inner("<p>frag</p>"), 0..11);
        let doc = "<mainly>x</mainly>";
        assert_eq!(inner(doc), 0..doc.len());
    }

    #[test]
    fn links_and_images_to_template_tags_are_dropped() {
        assert_eq!(
            drop_template_urls(
                "<a href=\"{{ site.baseurl }}/en/\" class=\"b\">English</a> <img src='{% x %}' alt=\"Logo\"> <a href=\"ok.html\">ok</a>"
            ),
            "<a class=\"b\">English</a> <img alt=\"Logo\"> <a href=\"ok.html\">ok</a>"
        );
        assert_eq!(drop_template_urls("a href= b src"), "a href= b src");
    }
}
