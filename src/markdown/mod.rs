//! The Markdown pipeline: pulldown-cmark events in, page HTML out, with the wiki's rules applied
//! on the way.
//!
//! - heading anchors: unique and stable (`{#id}` attributes win, otherwise a slug of the text,
//!   `-1`, `-2` for repeats), each heading a link to itself;
//! - links to `.md` files become links to the page's URL (keeping `#fragment`), links to other
//!   content files stay relative to where they are copied, `[[Title or slug]]` wiki links resolve
//!   by slug or title (`[[slug]]` shows the page's title); links as other generators and forges
//!   write them resolve too (`links`: a folder's index, the base path of `site-url`, pretty
//!   URLs, GitHub's `#user-content-` ids); every internal link that points nowhere is reported
//!   with its line and published as a marked `span`, never as a link to a page that is not
//!   there;
//! - Jekyll's `index.html` and `404.html` are pages of HTML (`html_page`);
//! - raw HTML is sanitised with ammonia unless the wiki trusts its authors;
//! - mdBook's ways: `{{#include}}` and its family expanded before parsing (`include`), code
//!   blocks classed and Rust's hidden lines left out as mdBook does (`code`), heading ids made
//!   as mdBook makes them; links to `#id` on the same page are checked.
//!
//! Rendering is a pure function of the body and the [`LinkResolver`], so pages render in
//! parallel and results can be cached by content.

mod code;
mod depth;
mod entities;
mod headings;
mod html_page;
mod include;
mod links;
mod recording;
pub mod resources;
mod sanitize;
mod templates;

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::diagnostics::Diagnostic;
use crate::text::LineIndex;
pub use depth::MAX_DEPTH as MAX_HTML_DEPTH;
pub use entities::decode_entities;
pub use headings::{Heading, THEME_IDS, mdbook_id};
use headings::{HeadingIds, HeadingInfo, Pending, emit_heading};
pub use html_page::is_html_page;
pub use include::{
    Expanded, Files, Listed, MAX_INCLUDE_BYTES, MAX_INCLUDE_DEPTH, expand, has_directives,
};
use links::rewrite;
pub use links::{
    AnchorLink, BrokenLink, has_id, ids_in, is_external, relative_url, resolve_relative,
};
pub use recording::{Call, Recording, same_answers};
pub use sanitize::sanitize;

/// Answers "where does this link go?" for the renderer. Implemented by the model's link index.
pub trait LinkResolver: Sync {
    /// The site URL of the page built from a content path (`goals/eid.md`), if there is one.
    fn page_url(&self, content_path: &str) -> Option<String>;
    /// True if a non-Markdown content file exists at this content path.
    fn asset_exists(&self, content_path: &str) -> bool;
    /// Resolve a `[[wiki link]]` target (slug or title) to (content path, URL, title).
    fn wiki(&self, name: &str) -> Option<(String, String, String)>;
    /// True if the built site has a page at this site URL (`goals/x.html`), for links written
    /// against the built site.
    fn url_exists(&self, url: &str) -> bool;
    /// The path the site is served from (`/`, or `/service-manual/` from `site-url`): a
    /// root-relative link inside it names a page, one outside it leaves the site.
    fn base_path(&self) -> &str {
        "/"
    }
    /// The content path of the page published as the index of content folder `folder` (`""`
    /// for the root), whatever its file is called (`index.md`, `README.md`, `_index.md`), for
    /// links to the folder (`guides/`).
    fn folder_index(&self, _folder: &str) -> Option<String> {
        None
    }
}

/// The result of rendering one page body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Headings in document order (the stripped title heading excluded).
    pub headings: Vec<Heading>,
    /// Content paths of the pages this page links to, in order, without repeats.
    pub links: Vec<String>,
    /// Internal links that point nowhere.
    pub broken: Vec<BrokenLink>,
    /// Other things in the body a reviewer should know about, with line and column but no
    /// file (the caller knows it): images from other hosts, raw HTML too deep to sanitise.
    pub warnings: Vec<Diagnostic>,
    /// Links to `#id` on other pages (and to this one by its file name): checked once every
    /// page is rendered, against the ids of the page they go to ([`ids_in`]).
    pub anchors: Vec<AnchorLink>,
    /// The page's HTML `<title>` set by mdBook's `{{#title text}}` (the whole title, as mdBook
    /// sets it, not followed by the book's), so a book's pages keep the titles they had.
    pub html_title: Option<String>,
}

/// What the renderer needs to know about the page being rendered.
#[derive(Debug, Clone)]
pub struct PageContext<'a> {
    /// Content path of the page (`chapters/a.md`): relative links resolve against its folder.
    pub path: &'a str,
    /// Site URL of the page (`chapters/a.html`): rewritten links are relative to it.
    pub url: &'a str,
    /// The file line the body starts on.
    pub body_line: usize,
    /// The page title: a leading `# heading` with the same text is dropped (the template shows
    /// the title).
    pub title: &'a str,
    /// Keep raw HTML as written.
    pub trusted_html: bool,
}

/// The footnote id of `label` (see [`footnote_id`]).
/// The id of the footnote labelled `label`: `fn:` and the label, with runs of white space as
/// `-`. Heading ids never contain `:`, so the two cannot meet.
fn footnote_id(label: &str) -> String {
    format!(
        "fn:{}",
        label.split_whitespace().collect::<Vec<_>>().join("-")
    )
}

/// The Markdown extensions stratwiki enables.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_WIKILINKS
}

/// Render a Markdown body to HTML.
pub fn render(body: &str, page: &PageContext<'_>, resolver: &dyn LinkResolver) -> Rendered {
    render_lines(body, None, page, resolver)
}

/// Render a body whose includes were expanded ([`expand`]): what is reported is at the lines
/// of the page's own file (an included line at its directive's), not of the expanded text.
/// The include warnings are not in the result: they depend on more than the text (the caller
/// adds [`Expanded::warnings_at`]).
pub fn render_expanded(
    ex: &Expanded,
    page: &PageContext<'_>,
    resolver: &dyn LinkResolver,
) -> Rendered {
    let mut r = render_lines(&ex.text, Some(&ex.lines), page, resolver);
    r.html_title = ex.title.clone().filter(|t| !t.is_empty());
    r
}

fn render_lines(
    body: &str,
    lines: Option<&[usize]>,
    page: &PageContext<'_>,
    resolver: &dyn LinkResolver,
) -> Rendered {
    if is_html_page(page.path) {
        return html_page::render(body, page);
    }
    render_with(body, lines, page, resolver, None).unwrap_or_else(|excess| {
        // Too complex to sanitise in bounded time: the raw HTML is shown as text instead.
        render_with(body, lines, page, resolver, Some(excess)).unwrap_or_default()
    })
}

/// [`render`], with raw HTML written as text when `raw_as_text` says why. An error when the
/// HTML to sanitise passes the sanitiser's limits (see `depth`).
fn render_with(
    body: &str,
    lines: Option<&[usize]>,
    page: &PageContext<'_>,
    resolver: &dyn LinkResolver,
    raw_as_text: Option<depth::Excess>,
) -> Result<Rendered, depth::Excess> {
    let mut out = Rendered::default();
    // Raw HTML as it comes, scanned for what it loads from other hosts.
    let mut raw = resources::RawHtml::default();
    let mut first_raw: Option<usize> = None;
    let mut events: Vec<Event<'_>> = Vec::new();
    // Ids the theme itself uses on every page, so a `## Main` heading cannot clash with them.
    let mut ids = HeadingIds::new();
    // The code block being read: whether it is Rust, and its text.
    let mut code: Option<(bool, String)> = None;
    // Links to `#id` on this page, checked once the page's ids are known.
    let mut fragments: Vec<(String, (usize, usize))> = Vec::new();
    let mut seen_links: HashSet<String> = HashSet::new();
    let mut has_raw_html = false;
    let mut first_block = true;
    let mut tables = 0;

    let mut heading: Option<Pending<'_>> = None;
    // Wiki links that did not resolve are rendered as plain text: skip their End event.
    let mut skip_link_end: Vec<bool> = Vec::new();
    // The title a `[[slug]]` link shows instead of its slug, until the link ends.
    let mut wiki_title: Option<String> = None;

    // Each link's position costs a binary search and the characters since the previous one,
    // not a scan of the body (150,000 links on a line were quadratic).
    let mut index = LineIndex::new(body);
    let mut pos_of = |offset: usize| {
        let (line, col) = index.line_col(offset);
        let line = lines.and_then(|l| l.get(line - 1)).copied().unwrap_or(line);
        (line - 1 + page.body_line, col)
    };

    // Other generators' template tags, shown as written (see `templates`).
    let tags = templates::spans(body);
    let mut first_tag: Option<&templates::Span> = None;

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if !matches!(event, Event::Html(_) | Event::InlineHtml(_)) {
            raw.flush(!page.trusted_html, &mut pos_of, &mut out.warnings);
        }
        let event = match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                heading = Some(Pending {
                    level,
                    id: id.map(|s| s.to_string()),
                    classes: classes.iter().map(|c| c.to_string()).collect(),
                    inner: Vec::new(),
                    text: String::new(),
                    has_link: false,
                    first: first_block,
                });
                first_block = false;
                continue;
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = heading.take() {
                    let drop_title = h.first
                        && h.level == HeadingLevel::H1
                        && h.text.trim().eq_ignore_ascii_case(page.title.trim());
                    if !drop_title {
                        let info = HeadingInfo {
                            level: h.level as u8,
                            id: h.id,
                            classes: h.classes,
                            text: h.text,
                            has_link: h.has_link,
                        };
                        emit_heading(info, h.inner, &mut ids, &mut events, &mut out);
                    }
                }
                continue;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let pos = pos_of(range.start);
                if let Some(h) = heading.as_mut() {
                    h.has_link = true;
                }
                if matches!(link_type, LinkType::WikiLink { .. }) {
                    match resolver.wiki(&dest_url) {
                        Some((path, url, title_text)) => {
                            if seen_links.insert(path.clone()) {
                                out.links.push(path);
                            }
                            // `[[slug]]` reads as the page's title; `[[slug|text]]` as its text.
                            if matches!(link_type, LinkType::WikiLink { has_pothole: false }) {
                                wiki_title = Some(title_text);
                            }
                            skip_link_end.push(false);
                            Event::Start(Tag::Link {
                                link_type,
                                dest_url: relative_url(page.url, &url).into(),
                                title,
                                id,
                            })
                        }
                        None => {
                            let b = BrokenLink {
                                target: format!("[[{dest_url}]]"),
                                pos,
                                reason: "no page has this slug or title".into(),
                            };
                            let open = links::broken_open(&b);
                            out.broken.push(b);
                            skip_link_end.push(true);
                            Event::Html(open.into())
                        }
                    }
                } else if matches!(link_type, LinkType::Email) {
                    // `<a@b.org>`: the HTML writer adds `mailto:` itself.
                    skip_link_end.push(false);
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })
                } else if let Some(f) = dest_url.strip_prefix('#').filter(|f| !f.is_empty()) {
                    // GitHub's heading ids are `user-content-x`: a link to one means `#x`.
                    let f = f
                        .strip_prefix("user-content-")
                        .filter(|x| !x.is_empty())
                        .unwrap_or(f);
                    fragments.push((f.to_string(), pos));
                    skip_link_end.push(false);
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url: format!("#{f}").into(),
                        title,
                        id,
                    })
                } else {
                    let before = out.broken.len();
                    let dest = rewrite(&dest_url, page, resolver, pos, &mut out, &mut seen_links);
                    match out.broken.get(before) {
                        // Published marked as broken, never as a link to a 404.
                        Some(b) => {
                            skip_link_end.push(true);
                            Event::Html(links::broken_open(b).into())
                        }
                        None => {
                            skip_link_end.push(false);
                            Event::Start(Tag::Link {
                                link_type,
                                dest_url: dest.into(),
                                title,
                                id,
                            })
                        }
                    }
                }
            }
            // The slug as written, replaced by the title at the link's end.
            Event::Text(_) | Event::Code(_) if wiki_title.is_some() => continue,
            Event::End(TagEnd::Link) => {
                if let Some(t) = wiki_title.take() {
                    match heading.as_mut() {
                        Some(h) => {
                            h.text.push_str(&t);
                            h.inner.push(Event::Text(t.into()));
                        }
                        None => events.push(Event::Text(t.into())),
                    }
                }
                if skip_link_end.pop() == Some(true) {
                    Event::Html(CowStr::from(links::BROKEN_CLOSE))
                } else {
                    Event::End(TagEnd::Link)
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let pos = pos_of(range.start);
                let dest = rewrite(&dest_url, page, resolver, pos, &mut out, &mut seen_links);
                if resources::leaves_site(&dest) {
                    out.warnings
                        .push(resources::warning("an image", &dest, pos));
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest.into(),
                    title,
                    id,
                })
            }
            // Footnotes get ids of their own (`fn:main`, as in Hugo): a bare label would be the
            // id (`[^main]` gave a second `id="main"`, and its link went to the top of the page).
            Event::FootnoteReference(label) => {
                // The reference is a link: in a heading, the heading is then not made one.
                if let Some(h) = heading.as_mut() {
                    h.has_link = true;
                }
                Event::FootnoteReference(footnote_id(&label).into())
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                first_block = false;
                Event::Start(Tag::FootnoteDefinition(footnote_id(&label).into()))
            }
            // A wide table scrolls sideways on a phone: in a region that keyboard users can
            // focus to scroll it, named so each table's region is told apart.
            Event::Start(Tag::Table(_)) if heading.is_none() => {
                first_block = false;
                tables += 1;
                events.push(Event::Html(
                    format!(
                        "<div class=\"table-wrap\" role=\"region\" aria-label=\"Table {tables}\" tabindex=\"0\">\n"
                    )
                    .into(),
                ));
                event
            }
            Event::End(TagEnd::Table) if heading.is_none() => {
                events.push(event);
                Event::Html("</div>\n".into())
            }
            Event::Html(h) | Event::InlineHtml(h) if raw_as_text.is_some() => {
                first_raw.get_or_insert(range.start);
                Event::Text(h)
            }
            Event::Html(ref h) | Event::InlineHtml(ref h) => {
                first_raw.get_or_insert(range.start);
                has_raw_html = true;
                raw.push(h, range.start);
                event
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                first_block = false;
                let (open, rust) = code::open(&kind);
                code = Some((rust, String::new()));
                Event::Html(open.into())
            }
            Event::Text(t) if let Some((_, text)) = code.as_mut() => {
                text.push_str(&t);
                continue;
            }
            Event::End(TagEnd::CodeBlock) => {
                let (rust, text) = code.take().unwrap_or_default();
                let text = if rust {
                    code::hide_rust_lines(&text)
                } else {
                    text
                };
                events.push(Event::Text(text.into()));
                Event::Html("</code></pre>\n".into())
            }
            Event::Text(t) if let Some(tag) = templates::overlapping(&tags, &range) => {
                first_tag.get_or_insert(tag);
                // Inside a tag, the text as written: no smart quotes or dashes.
                match templates::holding(&tags, &range) {
                    Some(_) => Event::Text(CowStr::Borrowed(&body[range.clone()])),
                    None => Event::Text(t),
                }
            }
            Event::Start(_) if heading.is_none() => {
                first_block = false;
                event
            }
            other => other,
        };
        match heading.as_mut() {
            Some(h) => {
                if let Event::Text(t) | Event::Code(t) = &event {
                    h.text.push_str(t);
                }
                h.inner.push(event);
            }
            None => events.push(event),
        }
    }

    raw.flush(!page.trusted_html, &mut pos_of, &mut out.warnings);
    if let Some(tag) = first_tag {
        let (line, col) = pos_of(tag.range.start);
        out.warnings.push(
            Diagnostic::warning("template-syntax", templates::message(body, tag)).at(line, col),
        );
    }
    ids.place_earlier(&mut events, &out.headings);

    let sanitise = has_raw_html && !page.trusted_html;
    let boxes = sanitise.then(sanitize::TaskBoxes::new);
    if let Some(boxes) = &boxes {
        for e in &mut events {
            if let Event::TaskListMarker(checked) = *e {
                *e = Event::Html(boxes.placeholder(checked).into());
            }
        }
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if let Some(boxes) = &boxes {
        if let Some(excess) = depth::too_complex(&html, depth::MAX_DEPTH) {
            return Err(excess);
        }
        html = boxes.sanitize(&html);
    }
    if let Some(excess) = raw_as_text {
        let why = match excess {
            depth::Excess::Depth => {
                format!("nests more than {} elements deep", depth::MAX_DEPTH)
            }
            depth::Excess::Elements => "makes more elements than one for every two of its bytes (formatting elements re-opened over and over)".to_string(),
        };
        let (line, col) = pos_of(first_raw.unwrap_or(0));
        out.warnings.push(
            Diagnostic::warning(
                "raw-html-limit",
                format!("the HTML of this page {why}, more than stratwiki sanitises: its raw HTML is shown as text"),
            )
            .at(line, col),
        );
    }
    links::check_fragments(&html, fragments, &mut out.broken);
    out.html = html;
    Ok(out)
}

/// True for the file extensions treated as Markdown pages. Middleman's `.md.erb` pages are
/// Markdown with ERB tags in it, and are read as Markdown (the tags left as written).
pub fn is_markdown(path: &str) -> bool {
    let b = path.as_bytes();
    let ends = |suffix: &[u8]| {
        b.len() >= suffix.len() && b[b.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    };
    ends(b".md") || ends(b".markdown") || ends(b".md.erb")
}

#[cfg(test)]
mod tests {
    use super::*;

    struct R;
    impl LinkResolver for R {
        fn page_url(&self, p: &str) -> Option<String> {
            match p {
                "goals/eid.md" => Some("goals/eid.html".into()),
                "chapters/one.md" => Some("chapters/one.html".into()),
                _ => None,
            }
        }
        fn asset_exists(&self, p: &str) -> bool {
            p == "images/a b.svg"
        }
        fn url_exists(&self, url: &str) -> bool {
            url == "goals/eid.html"
        }
        fn wiki(&self, name: &str) -> Option<(String, String, String)> {
            (name == "eid" || name == "Common eID").then(|| {
                (
                    "goals/eid.md".into(),
                    "goals/eid.html".into(),
                    "Common eID".into(),
                )
            })
        }
    }

    fn page() -> PageContext<'static> {
        PageContext {
            path: "chapters/one.md",
            url: "chapters/one.html",
            body_line: 5,
            title: "One",
            trusted_html: false,
        }
    }

    #[test]
    fn rewrites_md_links_and_keeps_fragments() {
        let r = render(
            "See [eID](../goals/eid.md#why) and [x](http://e.org).",
            &page(),
            &R,
        );
        assert!(
            r.html.contains("href=\"../goals/eid.html#why\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"http://e.org\""));
        assert_eq!(r.links, vec!["goals/eid.md"]);
        assert!(r.broken.is_empty());
    }

    #[test]
    fn broken_links_are_reported_with_file_lines() {
        let r = render(
            "text\n\nA [gone](../goals/nope.md) and [[Nobody]].",
            &page(),
            &R,
        );
        assert_eq!(r.broken.len(), 2);
        assert_eq!(r.broken[0].pos, (7, 3));
        assert_eq!(r.broken[1].target, "[[Nobody]]");
        assert!(r.html.contains("<span class=\"broken-link\""), "{}", r.html);
    }

    #[test]
    fn wiki_links_by_slug_and_title() {
        let r = render("[[eid]] and [[Common eID|the eID]]", &page(), &R);
        assert!(
            r.html
                .contains("<a href=\"../goals/eid.html\">Common eID</a>"),
            "{}",
            r.html
        );
        assert!(r.html.contains(">the eID</a>"), "{}", r.html);
    }

    #[test]
    fn tables_scroll_in_focusable_regions_of_their_own() {
        let md = "| a | b |\n| - | - |\n| 1 | 2 |\n\ntext <b>raw</b>\n\n| c |\n| - |\n| 3 |\n";
        let r = render(md, &page(), &R);
        assert!(
            r.html.contains("<div class=\"table-wrap\" role=\"region\" aria-label=\"Table 1\" tabindex=\"0\">\n<table>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("aria-label=\"Table 2\""), "{}", r.html);
        assert_eq!(r.html.matches("</table>\n</div>").count(), 2, "{}", r.html);
    }

    #[test]
    fn footnotes_have_ids_of_their_own() {
        let r = render(
            "## Note[^main]\n\nText[^my note].\n\n[^main]: First.\n[^my note]: Second.\n",
            &page(),
            &R,
        );
        assert!(r.html.contains("href=\"#fn:main\""), "{}", r.html);
        assert!(r.html.contains("id=\"fn:main\""), "{}", r.html);
        assert!(r.html.contains("id=\"fn:my-note\""), "{}", r.html);
        assert!(!r.html.contains("id=\"main\""), "{}", r.html);
        // A heading with a footnote is not made a link: no link inside a link.
        assert!(!r.html.contains("heading-link"), "{}", r.html);
    }

    #[test]
    fn heading_ids_are_unique_and_title_heading_dropped() {
        let r = render(
            "# One\n\n## Plan\n\n## Plan\n\n## Own {#custom}\n",
            &page(),
            &R,
        );
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, vec!["plan", "plan-1", "custom"]);
        assert!(!r.html.contains("<h1"));
        assert!(
            r.html.contains(
                "<h2 id=\"plan-1\"><a class=\"heading-link\" href=\"#plan-1\">Plan</a></h2>"
            ),
            "{}",
            r.html
        );
    }

    #[test]
    fn assets_are_linked_relative_and_encoded() {
        let r = render("![A diagram](../images/a%20b.svg)", &page(), &R);
        assert!(r.html.contains("src=\"../images/a%20b.svg\""), "{}", r.html);
        assert!(r.broken.is_empty());
    }

    #[test]
    fn raw_html_is_sanitised() {
        let r = render(
            "<script>alert(1)</script>\n\n<a href=\"javascript:x()\" onclick=\"y()\">x</a> <b>ok</b>",
            &page(),
            &R,
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("javascript:"), "{}", r.html);
        assert!(!r.html.contains("onclick"), "{}", r.html);
        assert!(r.html.contains("<b>ok</b>"));
        let trusted = PageContext {
            trusted_html: true,
            ..page()
        };
        let r = render("<script>alert(1)</script>", &trusted, &R);
        assert!(r.html.contains("<script>"));
    }

    #[test]
    fn extensions_are_on() {
        let r = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~ \"quoted\"[^1]\n\n[^1]: note\n",
            &page(),
            &R,
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("type=\"checkbox\""), "{}", r.html);
        assert!(r.html.contains("<del>old</del>"));
        assert!(r.html.contains("\u{201c}quoted\u{201d}"));
        assert!(r.html.contains("footnote"));
    }

    #[test]
    fn unsafe_schemes_are_removed_and_reported() {
        let r = render(
            "[x](javascript:alert(1)) [y](JavaScript:alert(2)) ![i](data:text/html,x) <mailto:a@b.org> <a@b.org> [t](tel:+46)",
            &page(),
            &R,
        );
        assert!(!r.html.to_lowercase().contains("javascript:"), "{}", r.html);
        assert!(!r.html.contains("data:text/html"), "{}", r.html);
        assert_eq!(r.broken.len(), 3, "{:?}", r.broken);
        assert!(r.html.contains("href=\"mailto:a@b.org\""), "{}", r.html);
        assert!(r.html.contains("href=\"tel:+46\""), "{}", r.html);
    }

    #[test]
    fn extensionless_folder_and_built_site_links() {
        let r = render(
            "[a](../goals/eid) [b](../goals/eid.html) [c](../goals/nope.html) [main](## )",
            &page(),
            &R,
        );
        assert!(
            r.html.contains("<a href=\"../goals/eid.html\">a</a>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<a href=\"../goals/eid.html\">b</a>"),
            "{}",
            r.html
        );
        assert_eq!(r.broken.len(), 1, "{:?}", r.broken);
        assert_eq!(r.broken[0].target, "../goals/nope.html");
    }

    #[test]
    fn headings_do_not_reuse_theme_ids() {
        let r = render("## Main\n", &page(), &R);
        assert_eq!(r.headings[0].id, "main-1");
    }
}
