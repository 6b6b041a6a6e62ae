//! `SUMMARY.md`: the reading order, exactly as mdBook reads it.
//!
//! - an optional `# Title` first (ignored, as in mdBook);
//! - prefix chapters: plain links before the first list (unnumbered);
//! - numbered chapters: nested lists of links (`- [Title](path.md)`), numbered `1.`, `1.2.`, ...
//!   continuing across parts;
//! - part titles: `# Heading` lines between lists;
//! - separators: `---` lines;
//! - draft chapters: a link with an empty target (`- [Later]()`), listed but not linked;
//! - suffix chapters: plain links after the numbered chapters.
//!
//! The result is a flat list of [`Entry`]s with depths, which is all a renderer and the reading
//! order need.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::text::{LineIndex, decode_path};

/// What a SUMMARY.md line is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntryKind {
    /// A chapter link (or a draft chapter when `path` is `None`).
    Link,
    /// A part title (`# Part`).
    Part,
    /// A separator (`---`).
    Separator,
}

/// One entry of SUMMARY.md.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// Link, part title or separator.
    pub kind: EntryKind,
    /// The link text or part title.
    pub title: String,
    /// Target path relative to the content folder, `None` for drafts, parts and separators.
    pub path: Option<String>,
    /// Section number (`1.2.`) for numbered chapters.
    pub number: Option<String>,
    /// Nesting depth: 0 for prefix/suffix chapters, parts and top-level list items.
    pub depth: usize,
    /// 1-based line in SUMMARY.md.
    pub line: usize,
}

/// The parsed SUMMARY.md.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// The `# Title`, if any.
    pub title: Option<String>,
    /// All entries in file order.
    pub entries: Vec<Entry>,
}

impl Summary {
    /// The linked paths in reading order.
    pub fn reading_order(&self) -> impl Iterator<Item = &Entry> {
        self.entries
            .iter()
            .filter(|e| e.kind == EntryKind::Link && e.path.is_some())
    }

    /// Each linked page's link text, by content path (its first link, as the reading order
    /// counts it): mdBook titles a chapter by its entry here, so a page whose front matter
    /// gives no title takes it (see [`crate::model::Site::new`]).
    pub fn titles(&self) -> std::collections::HashMap<String, String> {
        let mut out = std::collections::HashMap::new();
        for e in self.reading_order() {
            if let Some(path) = &e.path
                && !e.title.is_empty()
            {
                out.entry(path.clone()).or_insert_with(|| e.title.clone());
            }
        }
        out
    }
}

/// Parse SUMMARY.md text. Never fails: lines that are not links, lists, headings or rules are
/// ignored, as mdBook does with free text between items.
pub fn parse_summary(text: &str) -> Summary {
    let parser = Parser::new(text).into_offset_iter();
    // Each entry's line is a binary search, not a count from the top (200,000 lines were
    // quadratic).
    let lines = LineIndex::new(text);
    let mut summary = Summary::default();
    let mut list_depth = 0usize;
    let mut counters: Vec<u32> = Vec::new();
    let mut seen_anything = false;
    let mut in_heading: Option<(HeadingLevel, usize, String)> = None;
    // The link being read: (title so far, target, line).
    let mut link: Option<(String, String, usize)> = None;
    let mut item_has_link: Vec<bool> = Vec::new();

    for (event, range) in parser {
        match event {
            // As in mdBook, only `#` (level 1) headings are the title and part titles.
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => {
                in_heading = Some((HeadingLevel::H1, lines.line(range.start), String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((_, line, title)) = in_heading.take() {
                    let title = title.trim().to_string();
                    if !seen_anything && summary.title.is_none() {
                        summary.title = Some(title);
                    } else {
                        summary.entries.push(Entry {
                            kind: EntryKind::Part,
                            title,
                            path: None,
                            number: None,
                            depth: 0,
                            line,
                        });
                    }
                    seen_anything = true;
                }
            }
            Event::Rule => {
                seen_anything = true;
                summary.entries.push(Entry {
                    kind: EntryKind::Separator,
                    title: String::new(),
                    path: None,
                    number: None,
                    depth: 0,
                    line: lines.line(range.start),
                });
            }
            Event::Start(Tag::List(_)) => {
                seen_anything = true;
                list_depth += 1;
                if counters.len() < list_depth {
                    counters.push(0);
                }
            }
            Event::End(TagEnd::List(_)) => {
                list_depth -= 1;
                counters.truncate(list_depth + 1);
            }
            Event::Start(Tag::Item) => {
                item_has_link.push(false);
                counters.truncate(list_depth);
            }
            Event::End(TagEnd::Item) => {
                item_has_link.pop();
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                seen_anything = true;
                link = Some((String::new(), dest_url.to_string(), lines.line(range.start)));
            }
            Event::End(TagEnd::Link) => {
                if let Some((title, dest, line)) = link.take() {
                    let in_item = list_depth > 0;
                    if let Some(h) = item_has_link.last_mut() {
                        if *h {
                            continue; // Only the first link of an item is the chapter.
                        }
                        *h = true;
                    }
                    if in_item && let Some(c) = counters.get_mut(list_depth - 1) {
                        // Numbered when its link is read: an item without a link takes no number.
                        *c += 1;
                    }
                    let number = in_item.then(|| {
                        counters[..list_depth]
                            .iter()
                            .map(|n| format!("{n}."))
                            .collect::<String>()
                    });
                    let dest = dest.trim();
                    summary.entries.push(Entry {
                        kind: EntryKind::Link,
                        title: title.trim().to_string(),
                        path: (!dest.is_empty()).then(|| normalize_target(dest)),
                        number,
                        depth: list_depth.saturating_sub(1),
                        line,
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, title)) = in_heading.as_mut() {
                    title.push_str(&t);
                }
                if let Some((title, _, _)) = link.as_mut() {
                    title.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((title, _, _)) = link.as_mut() {
                    title.push(' ');
                }
            }
            _ => {}
        }
    }
    summary
}

/// `./chapters/a%20b.md#x` → `chapters/a b.md`.
fn normalize_target(dest: &str) -> String {
    let no_frag = dest.split('#').next().unwrap_or(dest);
    let decoded = decode_path(no_frag);
    decoded.trim_start_matches("./").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MDBOOK: &str = "# Summary\n\n[Introduction](README.md)\n\n# Part one\n\n- [First](chapters/first.md)\n    - [Nested](chapters/nested.md)\n- Just text\n- [Draft]()\n\n---\n\n## Not a part\n\n# Part two\n\n- [Second](./chapters/second%20one.md)\n\n[Contributors](misc/contributors.md)\n";

    #[test]
    fn parses_the_mdbook_shapes() {
        let s = parse_summary(MDBOOK);
        assert_eq!(s.title.as_deref(), Some("Summary"));
        let got: Vec<_> = s
            .entries
            .iter()
            .map(|e| {
                (
                    e.kind.clone(),
                    e.title.as_str(),
                    e.path.as_deref(),
                    e.number.as_deref(),
                    e.depth,
                )
            })
            .collect();
        use EntryKind::*;
        assert_eq!(
            got,
            vec![
                (Link, "Introduction", Some("README.md"), None, 0),
                (Part, "Part one", None, None, 0),
                (Link, "First", Some("chapters/first.md"), Some("1."), 0),
                (Link, "Nested", Some("chapters/nested.md"), Some("1.1."), 1),
                (Link, "Draft", None, Some("2."), 0),
                (Separator, "", None, None, 0),
                (Part, "Part two", None, None, 0),
                (
                    Link,
                    "Second",
                    Some("chapters/second one.md"),
                    Some("3."),
                    0
                ),
                (Link, "Contributors", Some("misc/contributors.md"), None, 0),
            ]
        );
        assert_eq!(s.entries[3].line, 8);
        assert!(!s.entries.iter().any(|e| e.title == "Not a part"));
        let order: Vec<_> = s.reading_order().map(|e| e.title.as_str()).collect();
        assert_eq!(
            order,
            vec!["Introduction", "First", "Nested", "Second", "Contributors"]
        );
    }
}
