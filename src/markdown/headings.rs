//! Headings: each gets a unique, stable id (an explicit `{#id}` wins, else an id made from its
//! text as mdBook makes it, with `-1`, `-2` for repeats, never one of the theme's own ids) and
//! links to itself.
//!
//! mdBook's ids are what links in mdBook books are written against (`#wheres-the--operator`).
//! Before, stratwiki made ids with its own slug (punctuation runs as one `-`, accents dropped);
//! where that id differs, it stays on the page as an empty anchor, so links written against it
//! keep working.

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
    "print-contents",
    "print-contents-title",
    "print-top",
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
    "sw-due-review",
    "sw-owner-due",
    "sw-indicators",
    "sw-matrix",
    "sw-no-chapter",
    "sw-overdue",
    "sw-owned",
    "sw-owner-dashboard",
    "sw-related",
    "sw-stale",
    "sw-strategy-trend",
    "sw-strategy-trend-caption",
    "sw-toc-title",
    "sw-trend",
    "sw-trend-status",
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

/// The id mdBook's `id_from_content` makes of a heading's text: trimmed, lower case, letters,
/// digits, `_` and `-` kept, each white space a `-`, anything else dropped; `section` when
/// nothing is left.
pub fn mdbook_id(text: &str) -> String {
    let id: String = text
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c)
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect();
    if id.is_empty() { "section".into() } else { id }
}

/// The id Redcarpet gives a heading (`with_toc_data`, as Middleman and GOV.UK's tech docs use
/// it): lower-case ASCII letters and digits (and the other characters it keeps), each run of
/// white space, punctuation or non-ASCII letters one `-`, none at either end; what the HTML
/// escapes (`&`, `<`, `>`, quotes, and the curly quotes smart punctuation made of them) left
/// out. `None` when nothing is left (Redcarpet then hashes the text).
fn redcarpet_id(text: &str) -> Option<String> {
    const STRIPPED: &str = " -&+$,/:;=?@\"#{}|^~[]`\\*()%.!'";
    let mut out = String::new();
    let mut stripped = false;
    for c in text.trim().chars() {
        if matches!(
            c,
            '&' | '<' | '>' | '"' | '\'' | '\u{2018}' | '\u{2019}' | '\u{201c}' | '\u{201d}'
        ) {
            continue;
        }
        if !c.is_ascii() || STRIPPED.contains(c) || c.is_ascii_whitespace() {
            if !out.is_empty() && !stripped {
                out.push('-');
            }
            stripped = true;
        } else {
            out.push(c.to_ascii_lowercase());
            stripped = false;
        }
    }
    if stripped {
        out.pop();
    }
    (!out.is_empty()).then_some(out)
}

/// The ids of one page's headings: mdBook's, and the ones stratwiki made before, each
/// numbered for repeats on their own, so both are what they were alone.
pub(super) struct HeadingIds {
    used: UsedIds,
    old: UsedIds,
    /// Where each heading whose earlier id differs has room for an anchor (an index into the
    /// page's events), and that id.
    earlier: Vec<(usize, String)>,
}

impl HeadingIds {
    pub(super) fn new() -> Self {
        HeadingIds {
            used: UsedIds::new(),
            old: UsedIds::new(),
            earlier: Vec::new(),
        }
    }

    /// Fill in the anchors for the earlier ids: each that no heading now has as its id (that
    /// heading wins), once.
    pub(super) fn place_earlier(self, events: &mut [Event<'_>], headings: &[Heading]) {
        let now: HashSet<&str> = headings.iter().map(|h| h.id.as_str()).collect();
        let mut placed = HashSet::new();
        for (i, id) in self.earlier {
            if !now.contains(id.as_str()) && placed.insert(id.clone()) {
                events[i] = Event::Html(format!("<a id=\"{}\"></a>", escape_html(&id)).into());
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
    ids: &mut HeadingIds,
    events: &mut Vec<Event<'e>>,
    out: &mut Rendered,
) {
    let explicit = info.id.clone().filter(|s| !s.is_empty());
    let id = ids
        .used
        .claim(explicit.clone().unwrap_or_else(|| mdbook_id(&info.text)));
    let old = ids.old.claim(explicit.unwrap_or_else(|| {
        let s = slugify(&info.text);
        if s.is_empty() { "section".into() } else { s }
    }));
    let class = if info.classes.is_empty() {
        String::new()
    } else {
        format!(" class=\"{}\"", escape_html(&info.classes.join(" ")))
    };
    let eid = escape_html(&id);
    events.push(Event::Html(
        format!("<h{} id=\"{eid}\"{class}>", info.level).into(),
    ));
    if old != id {
        // Room for the earlier id's anchor, filled in once every heading's id is known.
        ids.earlier.push((events.len(), old.clone()));
        events.push(Event::Html("".into()));
    }
    // Middleman handbooks link to Redcarpet's ids (`## security.txt` is `#security-txt`).
    if info.id.as_deref().is_none_or(str::is_empty)
        && let Some(red) = redcarpet_id(&info.text).filter(|r| *r != id && *r != old)
    {
        ids.earlier.push((events.len(), red));
        events.push(Event::Html("".into()));
    }
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
    fn redcarpet_ids() {
        assert_eq!(
            redcarpet_id("security.txt").as_deref(),
            Some("security-txt")
        );
        assert_eq!(redcarpet_id("What's new?").as_deref(), Some("whats-new"));
        assert_eq!(
            redcarpet_id("What\u{2019}s new?").as_deref(),
            Some("whats-new")
        );
        assert_eq!(redcarpet_id("A & B (C)").as_deref(), Some("a-b-c"));
        assert_eq!(redcarpet_id("Café au lait").as_deref(), Some("caf-au-lait"));
        assert_eq!(redcarpet_id("snake_case").as_deref(), Some("snake_case"));
        assert_eq!(redcarpet_id("?!"), None);
    }

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
