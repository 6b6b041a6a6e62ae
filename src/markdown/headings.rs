//! Headings: each gets a unique, stable id (an explicit `{#id}` wins, else a slug of its text,
//! with `-1`, `-2` for repeats, never one of the theme's own ids) and links to itself.

use std::collections::{HashMap, HashSet};

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

/// The ids a page has given out, and for each base id the next suffix worth trying.
///
/// The suffix is remembered because ids are only ever added: once `plan-7` was taken, `plan-1`
/// to `plan-7` stay taken, so the next `## Plan` starts at 8. Trying from 1 each time made
/// 30,000 identical headings take minutes (quadratic); this gives the same ids in linear time.
pub(super) struct UsedIds {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

impl UsedIds {
    /// The theme's own ids, which no heading may take.
    pub(super) fn new() -> Self {
        UsedIds {
            used: THEME_IDS.iter().map(|s| s.to_string()).collect(),
            next: HashMap::new(),
        }
    }

    /// `base` if it is free, else the first free `base-N` (N = 1, 2, ...), now taken.
    fn claim(&mut self, base: String) -> String {
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(1);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

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
    used: &mut UsedIds,
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
    let id = used.claim(base);
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

    /// Repeats count on from the last suffix given out, skipping ids already taken, exactly
    /// as trying from `-1` each time would.
    #[test]
    fn suffixes_continue_and_skip_taken_ids() {
        let mut ids = UsedIds::new();
        let got: Vec<String> = ["plan", "plan-2", "plan", "plan", "plan", "main", "plan-1-1"]
            .iter()
            .map(|b| ids.claim(b.to_string()))
            .collect();
        assert_eq!(
            got,
            [
                "plan", "plan-2", "plan-1", "plan-3", "plan-4", "main-1", "plan-1-1"
            ]
        );
        assert_eq!(ids.claim("plan-1".into()), "plan-1-2");
        for _ in 0..30_000 {
            ids.claim("same".into());
        }
        assert_eq!(ids.claim("same".into()), "same-30000");
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
}
