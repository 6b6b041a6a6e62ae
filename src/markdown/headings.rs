//! Headings: each gets a unique, stable id (an explicit `{#id}` wins, else a slug of its text,
//! with `-1`, `-2` for repeats, never one of the theme's own ids) and links to itself.

use std::collections::HashSet;

use pulldown_cmark::{Event, HeadingLevel};
use serde::Serialize;

use super::Rendered;
use crate::text::{escape_html, slugify};

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

/// A heading being collected: its level, explicit id and classes, inner events, plain text.
pub(super) struct Pending<'e> {
    pub(super) level: HeadingLevel,
    pub(super) id: Option<String>,
    pub(super) classes: Vec<String>,
    pub(super) inner: Vec<Event<'e>>,
    pub(super) text: String,
    pub(super) has_link: bool,
    pub(super) first: bool,
}

/// A collected heading, ready to be written.
pub(super) struct HeadingInfo {
    pub(super) level: u8,
    pub(super) id: Option<String>,
    pub(super) classes: Vec<String>,
    pub(super) text: String,
    pub(super) has_link: bool,
}

/// Emit a heading with a unique id, its text wrapped in a link to itself (unless the heading
/// already holds a link: links do not nest).
pub(super) fn emit_heading<'e>(
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
