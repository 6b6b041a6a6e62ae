//! The generated pages besides content pages: home, kind indexes, dashboard, tags, search,
//! proposals and 404, and the tag pages.

use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use tera::Context;

use super::context::{self, GoalRow, LinkCtx, TagLink, area_anchor, humanize};
use super::generated::{Form, GENERATED, Generated};
use super::sink::write;
use super::{Renderer, Sink, dashboard, data};
use crate::content::{GoalStatus, Kind};
use crate::diagnostics::Diagnostic;

/// Counts by a key, for the home page and indexes.
#[derive(Debug, Clone, Serialize)]
pub struct Count {
    /// The key (`active`, `infrastructure`).
    pub key: String,
    /// Its label.
    pub label: String,
    /// How many.
    pub count: usize,
    /// Share of the total in percent, for bar widths.
    pub percent: usize,
}

/// A group of goals in the goals index.
#[derive(Debug, Clone, Serialize)]
pub struct GoalGroup {
    /// Area key (empty for goals without an area).
    pub key: String,
    /// Area label.
    pub label: String,
    /// Anchor id.
    pub anchor: String,
    /// Goals sorted by status then id.
    pub goals: Vec<GoalRow>,
    /// Count per status in this area.
    pub by_status: Vec<Count>,
}

impl<'a> Renderer<'a> {
    /// Tag pages, indexes, and the recent changes with the redirects.
    pub(super) fn render_rest(&self, sink: &Sink<'_>) -> Result<usize, Diagnostic> {
        let site = self.cx.site;
        let tags: usize = site
            .tags
            .par_iter()
            .map(|(slug, tag)| {
                let url = format!("tags/{slug}.html");
                let mut ctx = self.base(&url, "tag", None);
                ctx.insert(
                    "tag",
                    &TagLink {
                        name: tag.name.clone(),
                        url: url.clone(),
                    },
                );
                let pages: Vec<LinkCtx> = tag.pages.iter().map(|&i| self.cx.link(i)).collect();
                ctx.insert("pages", &pages);
                let html = self.render("tag.html", &ctx, &format!("tag `{}`", tag.name))?;
                self.emit(sink, None, None, &url, html)?;
                Ok(1)
            })
            // Every result, then the first error in page order: rayon's own collect into a
            // `Result` returns whichever error a thread met first, which varies from run to run.
            .collect::<Vec<Result<usize, Diagnostic>>>()
            .into_iter()
            .sum::<Result<usize, Diagnostic>>()?;
        let mut n = tags;
        n += self.render_indexes(sink)?;
        if let Some(h) = self.history {
            n += self.render_changes(h, sink)?;
        }
        n += self.render_redirects(sink)?;
        Ok(n)
    }

    pub(super) fn intro(&self, role: Option<usize>) -> (&str, Option<String>) {
        match role {
            Some(i) => {
                let p = &self.cx.site.pages[i];
                (p.rendered.html.as_str(), self.cx.edit_url(&p.src.path))
            }
            None => ("", None),
        }
    }

    /// One generated page: its base context, the introduction of `intro` (a kind's `index.md`,
    /// or the home page's) when given, whatever `fill` adds, rendered with `template`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn index_page(
        &self,
        sink: &Sink<'_>,
        url: &str,
        section: &str,
        intro: Option<Option<usize>>,
        template: &str,
        what: &str,
        fill: impl FnOnce(&mut Context),
    ) -> Result<usize, Diagnostic> {
        let current = intro.flatten().filter(|_| url == "index.html");
        let mut ctx = self.base(url, section, current);
        if let Some(page) = intro {
            let (text, edit) = self.intro(page);
            ctx.insert("intro", text);
            ctx.insert("edit_url", &edit);
            if let Some(t) = page.and_then(|i| self.cx.site.pages[i].rendered.html_title.as_deref())
            {
                ctx.insert("html_title", t);
            }
        }
        // The home page's introduction has a history page: its footer links it, as a
        // content page's does.
        let history = current
            .zip(self.history)
            .and_then(|(i, h)| self.history_summary(h, i));
        ctx.insert("history", &history);
        let kind = Kind::ALL.into_iter().find(|k| k.name() == section);
        ctx.insert("new_page_url", &kind.and_then(|k| self.cx.new_page_url(k)));
        ctx.insert(
            "new_page_label",
            &kind.map(|k| self.cx.kind_label(k).to_lowercase()),
        );
        fill(&mut ctx);
        let html = self.render(template, &ctx, what)?;
        self.emit(sink, None, current, url, html)?;
        Ok(1)
    }

    /// The generated HTML pages of [`GENERATED`] this site has, in its order.
    pub(super) fn render_indexes(&self, sink: &Sink<'_>) -> Result<usize, Diagnostic> {
        let cfg = self.cx.config;
        let (history, proposals) = (self.history.is_some(), self.proposals.is_some());
        let mut n = 0;
        for g in GENERATED
            .iter()
            .filter(|g| g.form == Form::Index && g.exists(cfg, history, proposals))
        {
            n += self.render_index(g, sink)?;
        }
        Ok(n)
    }

    /// The open data: `goals.json` and `owners.json` (nothing when rendering only some pages,
    /// see [`Renderer::with_only`]).
    pub fn render_open_data(&self, sink: &Sink<'_>) -> Result<(), Diagnostic> {
        if self.only.is_some() {
            return Ok(());
        }
        let (goals_json, owners_json) =
            data::files(&self.cx, self.history, self.edition_url().as_deref());
        write(sink, "goals.json", goals_json.into_bytes())?;
        write(sink, "owners.json", owners_json.into_bytes())?;
        Ok(())
    }

    /// The generated HTML page `g`.
    fn render_index(&self, g: &Generated, sink: &Sink<'_>) -> Result<usize, Diagnostic> {
        let site = self.cx.site;
        let cfg = self.cx.config;
        let goals = &site.by_kind[&Kind::Goal];
        let intro_of = |k: Kind| Some(site.kind_intro.get(&k).copied());
        let (url, what) = (g.url, g.what);
        match url {
            "index.html" => self.index_page(
                sink,
                url,
                "home",
                Some(site.home_intro),
                "home.html",
                what,
                |ctx| {
                    let chapters: Vec<context::TocCtx> = site
                        .toc
                        .iter()
                        .filter(|e| e.depth == 0 && e.page != site.home_intro)
                        .take(cfg.wiki.list_limit)
                        .map(|e| self.cx.toc_entry(e))
                        .collect();
                    ctx.insert("chapters", &chapters);
                    ctx.insert("status_counts", &self.status_counts(goals));
                    ctx.insert("area_counts", &self.area_counts(goals));
                    ctx.insert("goal_count", &goals.len());
                    ctx.insert("owner_count", &site.by_kind[&Kind::Owner].len());
                    // The state of the strategy, which the home page leads with.
                    ctx.insert(
                        "dashboard",
                        &dashboard::dashboard(&self.cx, goals, false, "home"),
                    );
                    // Latest case studies: newest year first.
                    let mut cases = site.by_kind[&Kind::CaseStudy].clone();
                    cases.sort_by_key(|&i| {
                        let c = site.pages[i].src.meta.case_study.as_ref();
                        std::cmp::Reverse(c.and_then(|c| c.year).unwrap_or(i64::MIN))
                    });
                    let cases: Vec<LinkCtx> = cases
                        .into_iter()
                        .take(cfg.wiki.home_case_studies)
                        .map(|i| self.cx.link(i))
                        .collect();
                    ctx.insert("case_studies", &cases);
                },
            ),
            "chapters/index.html" => self.index_page(
                sink,
                url,
                "chapter",
                intro_of(Kind::Chapter),
                "chapters.html",
                what,
                |ctx| {
                    ctx.insert("toc", &self.toc);
                    let unlisted: Vec<LinkCtx> = site.by_kind[&Kind::Chapter]
                        .iter()
                        .filter(|&&i| site.order_pos[i].is_none())
                        .map(|&i| self.cx.link(i))
                        .collect();
                    ctx.insert("unlisted", &unlisted);
                },
            ),
            // Goals index, grouped by area, sorted by status inside each area.
            "goals/index.html" => self.index_page(
                sink,
                url,
                "goal",
                intro_of(Kind::Goal),
                "goals.html",
                what,
                |ctx| {
                    ctx.insert("groups", &self.goal_groups(goals));
                    ctx.insert("status_counts", &self.status_counts(goals));
                    ctx.insert("goal_count", &goals.len());
                },
            ),
            "dashboard.html" => self.index_page(
                sink,
                url,
                "dashboard",
                None,
                "dashboard.html",
                what,
                |ctx| {
                    ctx.insert(
                        "dashboard",
                        &dashboard::dashboard(&self.cx, goals, true, "site"),
                    );
                    ctx.insert("strategy_trend", &self.strategy_trend(goals));
                },
            ),
            "search/index.html" => {
                self.index_page(sink, url, "search", None, "search.html", what, |_| {})
            }
            "case-studies/index.html" | "owners/index.html" => {
                let kind = if url.starts_with("owners/") {
                    Kind::Owner
                } else {
                    Kind::CaseStudy
                };
                let folder = kind.folder().unwrap_or_default();
                let template = format!("{folder}.html");
                self.index_page(
                    sink,
                    url,
                    kind.name(),
                    intro_of(kind),
                    &template,
                    what,
                    |ctx| {
                        let pages: Vec<context::PageCtx<'_>> = site.by_kind[&kind]
                            .iter()
                            .map(|&i| self.cx.page(i))
                            .collect();
                        ctx.insert("pages", &pages);
                    },
                )
            }
            "tags/index.html" => {
                self.index_page(sink, url, "tag", None, "tags.html", what, |ctx| {
                    let tags: Vec<Count> = site
                        .tags
                        .values()
                        .map(|t| Count {
                            key: format!("tags/{}.html", t.slug),
                            label: t.name.clone(),
                            count: t.pages.len(),
                            percent: 0,
                        })
                        .collect();
                    ctx.insert("tags", &tags);
                })
            }
            "proposals.html" => self.index_page(
                sink,
                url,
                "proposals",
                None,
                "proposals.html",
                what,
                |ctx| {
                    ctx.insert("proposals", &self.proposals.unwrap_or_default());
                },
            ),
            // 404: served from any folder by web servers, so its links are absolute when the
            // site URL is known and root-relative otherwise.
            // With `404.md`, its text and title, its links made absolute too.
            "404.html" => self.index_page(sink, url, "", None, "404.html", what, |ctx| {
                let root = self.root_of("404.html");
                if let Some(i) = site.not_found {
                    let (text, edit) = self.intro(Some(i));
                    ctx.insert("intro", &links_from(text, &root));
                    ctx.insert("intro_title", site.pages[i].title());
                    ctx.insert("edit_url", &edit);
                }
                ctx.insert("root", &root);
            }),
            other => Err(Diagnostic::error(
                "render",
                format!("no page is rendered for the generated URL `{other}`"),
            )),
        }
    }

    pub(super) fn status_counts(&self, goals: &[usize]) -> Vec<Count> {
        let total = goals.len().max(1);
        GoalStatus::ALL
            .iter()
            .map(|s| {
                let count = goals
                    .iter()
                    .filter(|&&g| {
                        self.cx.site.pages[g]
                            .src
                            .meta
                            .goal
                            .as_ref()
                            .map(|g| g.status)
                            == Some(*s)
                    })
                    .count();
                Count {
                    key: s.name().into(),
                    label: self.cx.status_label(*s),
                    count,
                    percent: count * 100 / total,
                }
            })
            .collect()
    }

    pub(super) fn area_of(&self, g: usize) -> &str {
        self.cx.site.pages[g]
            .src
            .meta
            .goal
            .as_ref()
            .and_then(|g| g.area.as_deref())
            .unwrap_or_default()
    }

    /// Goals by area, areas in the order their first goal appears (one pass over the goals).
    pub(super) fn by_area<'g>(&'g self, goals: &[usize]) -> Vec<(&'g str, Vec<usize>)> {
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut groups: Vec<(&str, Vec<usize>)> = Vec::new();
        for &g in goals {
            let a = self.area_of(g);
            let i = *index.entry(a).or_insert_with(|| {
                groups.push((a, Vec::new()));
                groups.len() - 1
            });
            groups[i].1.push(g);
        }
        groups
    }

    pub(super) fn area_counts(&self, goals: &[usize]) -> Vec<Count> {
        let total = goals.len().max(1);
        self.by_area(goals)
            .into_iter()
            .map(|(a, members)| Count {
                label: if a.is_empty() {
                    self.cx.tr("goal.no_area")
                } else {
                    humanize(a)
                },
                key: area_anchor(a),
                count: members.len(),
                percent: members.len() * 100 / total,
            })
            .collect()
    }

    pub(super) fn goal_groups(&self, goals: &[usize]) -> Vec<GoalGroup> {
        self.by_area(goals)
            .into_iter()
            .map(|(a, mut members)| {
                members.sort_by_key(|&g| {
                    self.cx.site.pages[g]
                        .src
                        .meta
                        .goal
                        .as_ref()
                        .map(|g| g.status)
                        .unwrap_or(GoalStatus::Proposed)
                });
                let by_status = self
                    .status_counts(&members)
                    .into_iter()
                    .filter(|c| c.count > 0)
                    .collect();
                GoalGroup {
                    label: if a.is_empty() {
                        self.cx.tr("goal.no_area")
                    } else {
                        humanize(a)
                    },
                    anchor: area_anchor(a),
                    key: a.to_string(),
                    goals: members.into_iter().map(|g| self.cx.goal_row(g)).collect(),
                    by_status,
                }
            })
            .collect()
    }
}

/// `html` with each relative `href="..."` and `src="..."` led from `base`: the 404 page is
/// shown at any address, where a link relative to the site's top would lead nowhere. Links
/// with a scheme, from the host's root (`/x`) or to a fragment (`#x`) are kept. One pass over
/// the text, whatever the number of links.
fn links_from(html: &str, base: &str) -> String {
    let mut out = String::with_capacity(html.len() + base.len() * 8);
    let mut rest = html;
    while let Some(i) = rest.find("=\"") {
        let (head, tail) = rest.split_at(i + 2);
        out.push_str(head);
        let attr = head[..i].ends_with(" href") || head[..i].ends_with(" src");
        let first = tail.split(['/', '"', '?', '#']).next().unwrap_or("");
        let relative = !tail.starts_with(['#', '/', '"']) && !first.contains(':');
        if attr && relative {
            out.push_str(base);
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod links_from_tests {
    #[test]
    fn relative_links_lead_from_the_base() {
        let html = "<a href=\"index.html\">h</a> <img src=\"img/a.png\" alt=\"x=\"> <a href=\"#top\">t</a> <a href=\"https://x.org/\">x</a> <a href=\"/abs\">a</a> <p title=\"a.html\">";
        assert_eq!(
            super::links_from(html, "/mdBook/"),
            "<a href=\"/mdBook/index.html\">h</a> <img src=\"/mdBook/img/a.png\" alt=\"x=\"> <a href=\"#top\">t</a> <a href=\"https://x.org/\">x</a> <a href=\"/abs\">a</a> <p title=\"a.html\">"
        );
    }
}
