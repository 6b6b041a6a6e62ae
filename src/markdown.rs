//! The Markdown pipeline: pulldown-cmark events in, page HTML out, with the wiki's rules applied
//! on the way.
//!
//! - heading anchors: unique and stable (`{#id}` attributes win, otherwise a slug of the text,
//!   `-1`, `-2` for repeats), each heading a link to itself;
//! - links to `.md` files become links to the page's URL (keeping `#fragment`), links to other
//!   content files stay relative to where they are copied, `[[Title or slug]]` wiki links resolve
//!   by slug or title; every internal link that points nowhere is reported with its line;
//! - raw HTML is sanitised with ammonia unless the wiki trusts its authors.
//!
//! Rendering is a pure function of the body and the [`LinkResolver`], so pages render in
//! parallel and results can be cached by content.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Severity};
use crate::text::{decode_path, escape_html, line_col, slugify};

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
}

/// One question the renderer asked the resolver, and the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Call {
    /// `page_url(path)`.
    PageUrl(String, Option<String>),
    /// `asset_exists(path)`.
    Asset(String, bool),
    /// `wiki(name)`.
    Wiki(String, Option<(String, String, String)>),
    /// `url_exists(url)`.
    Url(String, bool),
}

/// A resolver that records every question and answer, so a rendering can be reused wherever
/// the same questions get the same answers (another version of the wiki, say).
pub struct Recording<'a> {
    inner: &'a dyn LinkResolver,
    calls: std::sync::Mutex<Vec<Call>>,
}

impl<'a> Recording<'a> {
    /// Record the questions asked of `inner`.
    pub fn new(inner: &'a dyn LinkResolver) -> Self {
        Recording {
            inner,
            calls: Default::default(),
        }
    }

    /// The questions asked, in order.
    pub fn into_calls(self) -> Vec<Call> {
        self.calls.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn log(&self, c: Call) {
        self.calls.lock().unwrap_or_else(|e| e.into_inner()).push(c);
    }
}

impl LinkResolver for Recording<'_> {
    fn page_url(&self, p: &str) -> Option<String> {
        let a = self.inner.page_url(p);
        self.log(Call::PageUrl(p.to_string(), a.clone()));
        a
    }
    fn asset_exists(&self, p: &str) -> bool {
        let a = self.inner.asset_exists(p);
        self.log(Call::Asset(p.to_string(), a));
        a
    }
    fn wiki(&self, name: &str) -> Option<(String, String, String)> {
        let a = self.inner.wiki(name);
        self.log(Call::Wiki(name.to_string(), a.clone()));
        a
    }
    fn url_exists(&self, url: &str) -> bool {
        let a = self.inner.url_exists(url);
        self.log(Call::Url(url.to_string(), a));
        a
    }
}

/// True when `resolver` answers every recorded question as it was answered then.
pub fn same_answers(calls: &[Call], resolver: &dyn LinkResolver) -> bool {
    calls.iter().all(|c| match c {
        Call::PageUrl(p, a) => &resolver.page_url(p) == a,
        Call::Asset(p, a) => resolver.asset_exists(p) == *a,
        Call::Wiki(n, a) => &resolver.wiki(n) == a,
        Call::Url(u, a) => resolver.url_exists(u) == *a,
    })
}

/// A heading of the page, for tables of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// 1–6.
    pub level: u8,
    /// The anchor id.
    pub id: String,
    /// Plain text of the heading.
    pub text: String,
}

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

impl BrokenLink {
    /// The content paths this link may name, resolved from the page at `page_path` as links
    /// are: a Markdown file as written, and for a link without extension its page or folder
    /// index (none for an external link or one above the content folder).
    pub fn content_paths(&self, page_path: &str) -> Vec<String> {
        if is_external(&self.target) {
            return Vec::new();
        }
        let path = self.target.split(['#', '?']).next().unwrap_or_default();
        let Some(target) = resolve_relative(page_path, &decode_path(path)) else {
            return Vec::new();
        };
        if crate::content::is_markdown(&target) {
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

/// Element ids the default theme uses outside the page body.
pub const THEME_IDS: &[&str] = &[
    "main",
    "filter-area",
    "filter-kind",
    "filter-owner",
    "filter-status",
    "search-count",
    "search-fallback",
    "search-filters",
    "search-more",
    "search-page",
    "search-q",
    "search-results",
    "search-shortcuts",
    "search-shortcuts-box",
    "site-search-help",
    "site-search-popup",
    "site-search-q",
    "site-search-results",
    "site-search-status",
    "sw-backlinks-title",
    "sw-case-goals",
    "sw-chapter-goals",
    "sw-contents",
    "sw-contributed",
    "sw-glance",
    "sw-goal-changes",
    "sw-home-cases",
    "sw-home-chapters",
    "sw-idle",
    "sw-indicators",
    "sw-matrix",
    "sw-no-chapter",
    "sw-owned",
    "sw-owner-dashboard",
    "sw-related",
    "sw-toc-title",
    "sw-unlisted",
    "sw-unowned",
    "vc-added",
    "vc-changed",
    "vc-owners",
    "vc-pages",
    "vc-removed",
    "vc-text",
];

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
    let mut out = Rendered::default();
    let mut events: Vec<Event<'_>> = Vec::new();
    // Ids the theme itself uses on every page, so a `## Main` heading cannot clash with them.
    let mut used_ids: HashSet<String> = THEME_IDS.iter().map(|s| s.to_string()).collect();
    let mut seen_links: HashSet<String> = HashSet::new();
    let mut has_raw_html = false;
    let mut first_block = true;
    let mut tables = 0;

    let mut heading: Option<Pending<'_>> = None;
    // Wiki links that did not resolve are rendered as plain text: skip their End event.
    let mut skip_link_end: Vec<bool> = Vec::new();

    // Line starts, so each link's position costs a binary search, not a scan of the body.
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let pos_of = |offset: usize| {
        let line = line_starts.partition_point(|&s| s <= offset) - 1;
        let (_, c) = line_col(&body[line_starts[line]..], offset - line_starts[line]);
        (line + page.body_line, c)
    };

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
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
                        emit_heading(info, h.inner, &mut used_ids, &mut events, &mut out);
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
                        Some((path, url, _)) => {
                            if seen_links.insert(path.clone()) {
                                out.links.push(path);
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
                            out.broken.push(BrokenLink {
                                target: format!("[[{dest_url}]]"),
                                pos,
                                reason: "no page has this slug or title".into(),
                            });
                            skip_link_end.push(true);
                            Event::Html(CowStr::from(
                                "<span class=\"broken-link\" title=\"No page with this name yet\">",
                            ))
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
                } else {
                    let dest = rewrite(&dest_url, page, resolver, pos, &mut out, &mut seen_links);
                    skip_link_end.push(false);
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url: dest.into(),
                        title,
                        id,
                    })
                }
            }
            Event::End(TagEnd::Link) => {
                if skip_link_end.pop() == Some(true) {
                    Event::Html(CowStr::from("</span>"))
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
            Event::Html(_) | Event::InlineHtml(_) => {
                has_raw_html = true;
                event
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

    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if has_raw_html && !page.trusted_html {
        html = sanitize(&html);
    }
    out.html = html;
    out
}

/// A heading being collected: its level, explicit id and classes, inner events, plain text.
struct Pending<'e> {
    level: HeadingLevel,
    id: Option<String>,
    classes: Vec<String>,
    inner: Vec<Event<'e>>,
    text: String,
    has_link: bool,
    first: bool,
}

struct HeadingInfo {
    level: u8,
    id: Option<String>,
    classes: Vec<String>,
    text: String,
    has_link: bool,
}

/// Emit a heading with a unique id, its text wrapped in a link to itself (unless the heading
/// already holds a link: links do not nest).
fn emit_heading<'e>(
    info: HeadingInfo,
    inner: Vec<Event<'e>>,
    used: &mut HashSet<String>,
    events: &mut Vec<Event<'e>>,
    out: &mut Rendered,
) {
    let base = info
        .id
        .clone()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| {
            let s = slugify(&info.text);
            if s.is_empty() { "section".into() } else { s }
        });
    let mut id = base.clone();
    let mut n = 1;
    while !used.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    let class = if info.classes.is_empty() {
        String::new()
    } else {
        format!(" class=\"{}\"", escape_html(&info.classes.join(" ")))
    };
    let eid = escape_html(&id);
    events.push(Event::Html(
        format!("<h{} id=\"{eid}\"{class}>", info.level).into(),
    ));
    if info.has_link {
        events.extend(inner);
        events.push(Event::Html(
            format!(
                "<a class=\"anchor\" href=\"#{eid}\" aria-label=\"Link to this section\">#</a></h{}>\n",
                info.level
            )
            .into(),
        ));
    } else {
        events.push(Event::Html(
            format!("<a class=\"heading-link\" href=\"#{eid}\">").into(),
        ));
        events.extend(inner);
        events.push(Event::Html(format!("</a></h{}>\n", info.level).into()));
    }
    out.headings.push(Heading {
        level: info.level,
        id,
        text: info.text.trim().to_string(),
    });
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
fn rewrite(
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
        if seen.insert(target.clone()) {
            out.links.push(target);
        }
        format!("{}{query}{frag}", relative_url(page.url, &url))
    };
    if crate::content::is_markdown(&target) {
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

/// Sanitise HTML from untrusted Markdown: no scripts, no event handlers, no `javascript:` URLs,
/// while keeping what Markdown itself produces (ids and classes for anchors, task-list boxes).
pub fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .add_generic_attributes(["class", "id", "aria-label", "aria-hidden", "role"])
        .add_tags([
            "input",
            "figure",
            "figcaption",
            "details",
            "summary",
            "mark",
        ])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("ol", ["start"])
        // The scroll region around a table (see `render`).
        .add_tag_attributes("div", ["tabindex"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .link_rel(None)
        .clean(html)
        .to_string()
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
            r.html.contains("<a href=\"../goals/eid.html\">eid</a>"),
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

    /// Every id the built-in templates write is one a heading cannot take.
    #[test]
    fn theme_ids_cover_the_templates() {
        for (name, text) in crate::render::theme::TEMPLATES {
            for part in text.split("id=\"").skip(1) {
                let id = &part[..part.find('"').unwrap()];
                if !id.contains('{') {
                    assert!(
                        THEME_IDS.contains(&id),
                        "{name}: id `{id}` is not in THEME_IDS"
                    );
                }
            }
        }
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
