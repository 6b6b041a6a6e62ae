//! What the renderer makes besides content pages, from the one list of generated files
//! ([`GENERATED`], kept with the model's URLs so pages cannot take them): the sitemap's URLs,
//! and every file a render writes, so the build can plan its output ([`planned_files`])
//! before rendering.

use crate::config::Config;
use crate::model::{Role, Site};

pub use crate::model::generated::{Form, GENERATED, Generated, When, generated};

/// Every page URL the sitemap lists: content pages, indexes and tag pages, sorted.
pub fn sitemap_urls(site: &Site) -> Vec<String> {
    let mut urls: Vec<String> = GENERATED
        .iter()
        .filter(|g| g.sitemap)
        .map(|g| g.url.to_string())
        .collect();
    urls.extend(
        site.pages
            .iter()
            .filter(|p| p.role == Role::Normal)
            .map(|p| p.url.clone()),
    );
    urls.extend(site.tags.keys().map(|t| format!("tags/{t}.html")));
    urls.sort();
    urls.dedup();
    urls
}

/// One file a render writes, planned before rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// Its site-relative path.
    pub path: String,
    /// What makes it.
    pub what: Origin,
}

/// What a planned file is made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A content page: its index in `site.pages`.
    Page(usize),
    /// The history page of the content page with this index in `site.pages`.
    HistoryPage(usize),
    /// The page of the tag with this slug.
    Tag(String),
    /// A generated HTML page ([`GENERATED`]), by what it is ("the 404 page").
    Generated(&'static str),
    /// The Atom feed of the recent changes.
    Feed,
    /// A file of the open data.
    OpenData,
    /// The printable edition.
    Print,
}

/// Every file `Renderer::render_all` writes for `site`, except redirects and the page of
/// changes between versions: content pages, their history pages (with a history), tag pages,
/// generated pages, the feed and the open data. In no particular order.
///
/// With `history`, every content page is planned a history page: the history stage gives every
/// page in git or in the work tree one. So is the home page's introduction (`index.md` or
/// `README.md`, as mdBook's home page), which the generated home page shows: its history is
/// `history/index.html`.
pub fn planned_files(site: &Site, config: &Config, history: bool, proposals: bool) -> Vec<Planned> {
    let mut files = Vec::new();
    for (i, p) in site.pages.iter().enumerate() {
        match p.role {
            Role::Normal => files.push(Planned {
                path: p.url.clone(),
                what: Origin::Page(i),
            }),
            // Shown by the generated home and 404 pages, with history pages of their own.
            Role::HomeIntro | Role::NotFound => {}
            Role::KindIntro(_) => continue,
        }
        if history {
            files.push(Planned {
                path: super::revisions::history_url(&p.url),
                what: Origin::HistoryPage(i),
            });
        }
    }
    files.extend(site.tags.keys().map(|slug| Planned {
        path: format!("tags/{slug}.html"),
        what: Origin::Tag(slug.clone()),
    }));
    files.extend(
        GENERATED
            .iter()
            .filter(|g| g.exists(config, history, proposals))
            .map(|g| Planned {
                path: g.url.to_string(),
                what: match g.form {
                    Form::Index | Form::Changes => Origin::Generated(g.what),
                    Form::Feed => Origin::Feed,
                    Form::OpenData => Origin::OpenData,
                    Form::Print => Origin::Print,
                },
            }),
    );
    files
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::history::{ChangeKind, Commit, History, PageHistory, Person, Revision};
    use crate::render::{Content, Renderer, Theme};
    use std::collections::{BTreeSet, HashSet};

    /// A small wiki: a home page, a goal with a tag and an earlier name, an owner, a chapter
    /// and a kind's introduction.
    pub(in crate::render) fn small_site() -> (Site, Config) {
        let pages = [
            ("index.md", "# Home\n"),
            ("goals/README.md", "# About goals\n"),
            ("goals/a.md", "---\nowner: o\ntags: [open]\n---\n# A\n"),
            ("owners/o.md", "# O\n"),
            (
                "chapters/c.md",
                "---\ntitle: C\ntags: [open, data]\n---\nText.\n",
            ),
        ]
        .into_iter()
        .map(|(path, text)| {
            crate::content::parse_page(path, &format!("content/{path}"), text.as_bytes())
                .unwrap_or_else(|e| panic!("{e:?}"))
                .0
        })
        .collect();
        let mut diags = Vec::new();
        let site = Site::new(pages, &[], HashSet::new(), HashSet::new(), None, &mut diags);
        let mut cdiags = crate::diagnostics::Diagnostics::new();
        let config = Config::parse(std::path::Path::new("/nonexistent-wiki"), "", &mut cdiags)
            .unwrap_or_else(|e| panic!("{e:?}"));
        (site, config)
    }

    /// A history of one commit creating every page of `site`; `goals/a.md` was `goals/old.md`
    /// and `goals/o.md` before, and the chapter was `owners/o.md` (where a page lives now) and
    /// `goals/old.md` (which then leads to the chapter: it comes first in `site.pages`).
    pub(in crate::render) fn small_history(site: &Site) -> History {
        let person = Person {
            name: "A".into(),
            email: "a@x".into(),
        };
        let mut h = History {
            commits: vec![Commit {
                id: "0123456789abcdef0123456789abcdef01234567".into(),
                summary: "Start".into(),
                author: person,
                co_authors: Vec::new(),
                time: 1_700_000_000,
                paths: site.pages.iter().map(|p| p.src.path.clone()).collect(),
            }],
            ..History::default()
        };
        for p in &site.pages {
            let old_paths = match p.src.path.as_str() {
                "goals/a.md" => vec!["goals/old.md".to_string(), "goals/o.md".to_string()],
                "chapters/c.md" => vec!["owners/o.md".to_string(), "goals/old.md".to_string()],
                _ => Vec::new(),
            };
            h.pages.insert(
                p.src.path.clone(),
                PageHistory {
                    revisions: vec![Revision {
                        commit: 0,
                        kind: ChangeKind::Created,
                        path: p.src.path.clone(),
                        old_blob: None,
                        new_blob: None,
                        written_by: None,
                    }],
                    old_paths,
                    ..PageHistory::default()
                },
            );
        }
        h
    }

    /// The paths `render_all` hands to its sink.
    fn rendered(
        site: &Site,
        config: &Config,
        history: Option<&History>,
        proposals: bool,
    ) -> BTreeSet<String> {
        let theme = Theme::load(config).unwrap_or_else(|e| panic!("{e:?}"));
        let renderer = Renderer::new(&theme, site, config, history)
            .with_proposals(proposals.then_some(&[][..]));
        let paths = std::sync::Mutex::new(Vec::new());
        let sink = |path: &str, _: Content| {
            paths.lock().unwrap().push(path.to_string());
            Ok(())
        };
        renderer
            .render_all(&sink)
            .unwrap_or_else(|e| panic!("{e:?}"));
        let paths = paths.into_inner().unwrap();
        let set: BTreeSet<String> = paths.iter().cloned().collect();
        assert_eq!(set.len(), paths.len(), "a file written twice: {paths:?}");
        set
    }

    fn planned(site: &Site, config: &Config, history: bool, proposals: bool) -> BTreeSet<String> {
        let files = planned_files(site, config, history, proposals);
        let set: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
        assert_eq!(set.len(), files.len(), "a file planned twice: {files:?}");
        set
    }

    #[test]
    fn the_plan_is_what_render_all_writes_without_history() {
        let (site, mut config) = small_site();
        for (search, proposals) in [(true, false), (false, true)] {
            config.wiki.search.enabled = search;
            assert_eq!(
                rendered(&site, &config, None, proposals),
                planned(&site, &config, false, proposals)
            );
        }
    }

    #[test]
    fn the_plan_and_the_redirects_are_what_render_all_writes_with_history() {
        let (site, config) = small_site();
        let h = small_history(&site);
        let mut expected = planned(&site, &config, true, false);
        assert!(expected.contains("history/goals/a.html") && expected.contains("changes.atom"));
        // Not `owners/o.html`: the owner's page is there.
        expected.extend(["goals/old.html".to_string(), "goals/o.html".to_string()]);
        assert_eq!(rendered(&site, &config, Some(&h), false), expected);
    }

    #[test]
    fn html_feed_and_open_data_are_what_render_all_writes() {
        let (site, config) = small_site();
        let h = small_history(&site);
        let theme = Theme::load(&config).unwrap_or_else(|e| panic!("{e:?}"));
        for history in [None, Some(&h)] {
            let renderer = Renderer::new(&theme, &site, &config, history);
            let paths = std::sync::Mutex::new(BTreeSet::new());
            let sink = |path: &str, _: Content| {
                paths.lock().unwrap().insert(path.to_string());
                Ok(())
            };
            let take = || std::mem::take(&mut *paths.lock().unwrap());
            let all_count = renderer.render_all(&sink).unwrap();
            let all = take();
            let html_count = renderer.render_html(&sink).unwrap();
            let html = take();
            assert_eq!(renderer.render_print(&sink).unwrap(), 1);
            let print = take();
            assert_eq!(print, ["print.html".to_string()].into());
            renderer.render_feed(&sink).unwrap();
            let feed = take();
            renderer.render_open_data(&sink).unwrap();
            let data = take();
            assert_eq!(
                html_count + 1,
                all_count,
                "render_all counts HTML files only"
            );
            assert_eq!(html.len(), html_count);
            let feed_expected: BTreeSet<String> = history
                .map(|_| "changes.atom".to_string())
                .into_iter()
                .collect();
            assert_eq!(feed, feed_expected);
            assert_eq!(data, ["goals.json", "owners.json"].map(String::from).into());
            let mut joined = html;
            joined.extend(print);
            joined.extend(feed);
            joined.extend(data);
            assert_eq!(joined, all);
        }
    }

    #[test]
    fn the_sitemap_lists_content_pages_tags_and_indexes() {
        let (site, _) = small_site();
        let urls = sitemap_urls(&site);
        assert_eq!(
            urls,
            [
                "case-studies/index.html",
                "chapters/c.html",
                "chapters/index.html",
                "dashboard.html",
                "goals/a.html",
                "goals/index.html",
                "index.html",
                "owners/index.html",
                "owners/o.html",
                "tags/data.html",
                "tags/index.html",
                "tags/open.html",
            ]
        );
        // Only files every site has are in the sitemap.
        assert!(
            GENERATED
                .iter()
                .all(|g| !g.sitemap || (g.when == When::Always && g.form == Form::Index))
        );
    }
}
