//! The offline search index: a Pagefind bundle built from the model, one per version.
//!
//! Pagefind splits its index into chunks by word, so a query downloads only the chunks its words
//! fall in, plus one small fragment per result shown: the size a reader downloads stays flat as
//! the wiki grows, where mdBook ships one index file with every word of the book. The index is
//! fed from the model rather than from the written HTML: each page is one record whose text is its
//! rendered body, with the kind, owner, status and area as metadata and filters, so no page has
//! to be parsed again and the header, menus and footers that every page repeats never pollute
//! the results.

use std::collections::BTreeMap;

use crate::model::{Role, Site};

mod bundle;
pub mod shard;
mod text;

pub use bundle::{bundle, previous_files};
pub use text::html_to_text;

/// One page as the index sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Site-relative URL of the page (`goals/eid.html`).
    pub url: String,
    /// Plain text: the title, the summary, then the body.
    pub content: String,
    /// Shown with each result: `title`, `kind`, and for goals `owner`, `status`, `area`, `id`.
    pub meta: BTreeMap<String, String>,
    /// Narrow the results: `kind`, and for goals `status`, `owner`, `area`.
    pub filters: BTreeMap<String, Vec<String>>,
}

/// `records` with their kinds and statuses (shown with each result and offered as filters) in
/// language `lang`, from the theme's translations: `Goal` → `Mål`, `Active` → `Pågående`.
pub fn translate(records: &mut [Record], words: &crate::i18n::Catalogue, lang: &str) {
    use crate::content::{GoalStatus, Kind};
    let kinds: Vec<(String, String)> = Kind::ALL
        .iter()
        .map(|k| {
            let key = format!("kind.{}", k.name().replace('-', "_"));
            (k.label().to_string(), words.text(lang, &key, &[]))
        })
        .collect();
    let statuses: Vec<(String, String)> = GoalStatus::ALL
        .iter()
        .map(|s| {
            let key = format!("status.{}", s.name());
            (capitalise(s.name()), words.text(lang, &key, &[]))
        })
        .collect();
    for r in records.iter_mut() {
        for (field, table) in [("kind", &kinds), ("status", &statuses)] {
            let swap = |v: &mut String| {
                if let Some((_, t)) = table.iter().find(|(e, _)| e == v) {
                    *v = t.clone();
                }
            };
            if let Some(v) = r.meta.get_mut(field) {
                swap(v);
            }
            for v in r.filters.get_mut(field).into_iter().flatten() {
                swap(v);
            }
        }
    }
}

/// The records of every normal page of the site, in page order.
pub fn records(site: &Site) -> Vec<Record> {
    records_where(site, |_| true)
}

/// The URLs of the pages [`records`] has: what the shards are counted from.
pub fn urls(site: &Site) -> impl Iterator<Item = &str> + Clone {
    site.pages
        .iter()
        .filter(|p| p.role == Role::Normal)
        .map(|p| p.url.as_str())
}

/// The records of the normal pages whose URL `wanted` accepts, in page order: one shard's,
/// made without holding any other page's text (see [`shard`]).
pub fn records_where(site: &Site, wanted: impl Fn(&str) -> bool) -> Vec<Record> {
    site.pages
        .iter()
        .filter(|p| p.role == Role::Normal && wanted(&p.url))
        .map(|page| {
            let kind = page.kind();
            let mut meta = BTreeMap::new();
            let mut filters: BTreeMap<String, Vec<String>> = BTreeMap::new();
            meta.insert("title".to_string(), page.title().to_string());
            meta.insert("kind".to_string(), kind.label().to_string());
            filters.insert("kind".to_string(), vec![kind.label().to_string()]);
            if let Some(goal) = &page.src.meta.goal {
                let status = capitalise(goal.status.name());
                meta.insert("status".to_string(), status.clone());
                filters.insert("status".to_string(), vec![status]);
                if let Some(owner) = &goal.owner {
                    let name = site
                        .resolve_owner(owner)
                        .map_or(owner.as_str(), |i| site.pages[i].title())
                        .to_string();
                    meta.insert("owner".to_string(), name.clone());
                    filters.insert("owner".to_string(), vec![name]);
                }
                if let Some(area) = &goal.area {
                    meta.insert("area".to_string(), area.clone());
                    filters.insert("area".to_string(), vec![area.clone()]);
                }
                if let Some(id) = &goal.id {
                    meta.insert("id".to_string(), id.clone());
                }
            }
            let mut content = String::with_capacity(page.rendered.html.len());
            content.push_str(page.title());
            content.push_str(". ");
            if let Some(summary) = &page.src.meta.summary {
                content.push_str(summary);
                content.push(' ');
            }
            html_to_text(&page.rendered.html, &mut content);
            Record {
                url: page.url.clone(),
                content,
                meta,
                filters,
            }
        })
        .collect()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A key for the index `records` make: equal keys, equal bundles.
pub fn key(records: &[Record], language: &str, chunk: usize) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    // The engine's version: another Pagefind writes another bundle.
    // Pagefind is pinned by Cargo.lock, so stratwiki's version stands for it too.
    concat!("stratwiki ", env!("CARGO_PKG_VERSION"), " pagefind 1.6").hash(&mut h);
    language.hash(&mut h);
    chunk.hash(&mut h);
    for r in records {
        r.url.hash(&mut h);
        r.content.hash(&mut h);
        r.meta.hash(&mut h);
        r.filters.hash(&mut h);
    }
    h.finish()
}

#[cfg(test)]
mod translate_tests {
    use super::*;

    #[test]
    fn kinds_and_statuses_in_the_site_language() {
        let mut records = vec![Record {
            url: "goals/a.html".into(),
            content: String::new(),
            meta: [("kind", "Goal"), ("status", "Active"), ("title", "Goal")]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            filters: [("kind", "Goal"), ("status", "Active")]
                .into_iter()
                .map(|(k, v)| (k.to_string(), vec![v.to_string()]))
                .collect(),
        }];
        translate(&mut records, &crate::i18n::Catalogue::builtin(), "sv");
        assert_eq!(records[0].meta["kind"], "Mål");
        assert_eq!(records[0].meta["status"], "Pågående");
        assert_eq!(
            records[0].meta["title"], "Goal",
            "the page's own words stay"
        );
        assert_eq!(records[0].filters["kind"], vec!["Mål".to_string()]);
    }
}
