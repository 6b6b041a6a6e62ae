//! The data each template sees, built from the model.
//!
//! Everything a template shows is computed here (labels, formatted dates and numbers, links as
//! site-relative URLs), so templates stay simple. The types themselves are in [`super::view`]
//! (re-exported here), which a theme author can read as the reference of what is available.
//! Templates prefix URLs with `root` (`../` per folder level) to make them relative.

use std::collections::BTreeMap;

pub use super::view::{
    CaseStudyCtx, GoalCtx, GoalRow, HistoryPageCtx, IndicatorCtx, LinkCtx, NavItem, OwnerCtx,
    OwnerRef, PageCtx, PageOwnerCtx, SiteCtx, TagLink, TocCtx,
};
use crate::config::Config;
use crate::content::{GoalStatus, Kind};
use crate::i18n::Catalogue;
use crate::model::{Page, Role, Site};
use crate::text::{encode_path, slugify};

/// Builds contexts from a model.
pub struct Contexts<'a> {
    /// The model.
    pub site: &'a Site,
    /// The configuration.
    pub config: &'a Config,
    /// Case studies that name each goal (goal page → case study pages).
    case_studies_of_goal: BTreeMap<usize, Vec<usize>>,
    /// Goals that name each case study.
    goals_of_case: BTreeMap<usize, Vec<usize>>,
    /// Goals that name each chapter.
    goals_of_chapter: BTreeMap<usize, Vec<usize>>,
    /// Goals owned / contributed per owner.
    goals_of_owner: BTreeMap<usize, (Vec<usize>, Vec<usize>)>,
    /// The interface's words (the theme's translations), for the labels built here.
    pub words: &'a Catalogue,
    /// The language of the site's interface (`[book] language`).
    pub lang: String,
}

/// `culture-and-capacity` → `Culture and capacity`.
pub fn humanize(key: &str) -> String {
    let s = key.replace(['-', '_'], " ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// An indicator value with its unit, its number written for the wiki's language (`20,000`).
fn fmt_num(v: Option<f64>, unit: &str, lang: &str) -> String {
    match v {
        None => String::new(),
        Some(v) => {
            let n = super::format::number(v, lang);
            match unit {
                "" => n,
                "%" => format!("{n}{}%", crate::i18n::cldr::lang(lang).percent_gap),
                u => format!("{n} {u}"),
            }
        }
    }
}

impl<'a> Contexts<'a> {
    /// Precompute the reverse relations templates need.
    pub fn new(site: &'a Site, config: &'a Config, words: &'a Catalogue) -> Self {
        let mut case_studies_of_goal: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        let mut goals_of_chapter: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        let mut goals_of_case: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        let mut goals_of_owner: BTreeMap<usize, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
        for &g in &site.by_kind[&Kind::Goal] {
            let Some(meta) = &site.pages[g].src.meta.goal else {
                continue;
            };
            for c in &meta.chapters {
                if let Some(ci) = site.index_of(Kind::Chapter, c) {
                    goals_of_chapter.entry(ci).or_default().push(g);
                }
            }
            for c in &meta.case_studies {
                if let Some(ci) = site.index_of(Kind::CaseStudy, c) {
                    push_unique(case_studies_of_goal.entry(g).or_default(), ci);
                    push_unique(goals_of_case.entry(ci).or_default(), g);
                }
            }
            // By slug or by one of the owner's handles, as everywhere else.
            if let Some(o) = meta.owner.as_deref().and_then(|o| site.resolve_owner(o)) {
                goals_of_owner.entry(o).or_default().0.push(g);
            }
            for c in &meta.contributors {
                if let Some(o) = site.resolve_owner(c) {
                    push_unique(&mut goals_of_owner.entry(o).or_default().1, g);
                }
            }
        }
        for &cs in &site.by_kind[&Kind::CaseStudy] {
            let Some(meta) = &site.pages[cs].src.meta.case_study else {
                continue;
            };
            for g in &meta.goals {
                if let Some(gi) = site.index_of(Kind::Goal, g) {
                    push_unique(case_studies_of_goal.entry(gi).or_default(), cs);
                }
            }
        }
        Contexts {
            site,
            config,
            case_studies_of_goal,
            goals_of_case,
            goals_of_chapter,
            goals_of_owner,
            words,
            lang: config.book.language.clone(),
        }
    }

    /// The text of interface key `key` in the site's language.
    pub fn tr(&self, key: &str) -> String {
        self.words.text(&self.lang, key, &[])
    }

    /// A goal status as readers see it (`Active`, `Pågående`, `En cours`).
    pub fn status_label(&self, s: GoalStatus) -> String {
        self.tr(&format!("status.{}", s.name()))
    }

    /// A page kind as readers see it (`Case study`, `Fallstudie`).
    pub fn kind_label(&self, k: Kind) -> String {
        self.tr(&format!("kind.{}", k.name().replace('-', "_")))
    }

    /// A page kind's index as readers see it (`Case studies`, `Fallstudier`).
    pub fn kind_plural(&self, k: Kind) -> String {
        self.tr(&plural_key(k))
    }

    /// Revisions with their change notes ("renamed from a.md") and their diffs' hidden line
    /// labels ("Removed: ", "Added: ", written in English by the diff renderer, whose output is
    /// cached across pages and builds) in language `lang`.
    pub fn translate_revisions(
        &self,
        mut revs: Vec<super::revisions::RevisionCtx>,
        lang: &str,
    ) -> Vec<super::revisions::RevisionCtx> {
        for r in &mut revs {
            let from = r.renamed_from.as_deref().unwrap_or_default();
            r.kind_label = self.words.text(
                lang,
                super::revisions::note_key(&r.kind),
                &[("from", crate::i18n::Arg::Str(from))],
            );
        }
        if crate::i18n::plural::primary(lang) == crate::i18n::FALLBACK {
            return revs;
        }
        let hidden = |t: &str| format!("<span class=\"visually-hidden\">{t}</span>");
        let pairs = [
            (
                hidden("Removed: "),
                hidden(&crate::text::escape_html(&self.words.text(
                    lang,
                    "history.removed_line",
                    &[],
                ))),
            ),
            (
                hidden("Added: "),
                hidden(&crate::text::escape_html(&self.words.text(
                    lang,
                    "history.added_line",
                    &[],
                ))),
            ),
        ];
        for r in &mut revs {
            if let Some(d) = &mut r.diff {
                for (from, to) in &pairs {
                    if d.contains(from.as_str()) {
                        *d = d.replace(from.as_str(), to);
                    }
                }
            }
        }
        revs
    }

    /// The language of page `i`: its `lang:` front matter (a language code), else the site's.
    pub fn page_lang(&self, i: usize) -> String {
        self.lang_of(&self.site.pages[i])
    }

    /// The language of page `p` (see [`Contexts::page_lang`]).
    pub fn lang_of(&self, p: &Page) -> String {
        p.src
            .meta
            .extra
            .get("lang")
            .and_then(|v| v.as_str())
            .filter(|l| crate::i18n::is_lang_code(l))
            .map_or_else(|| self.lang.clone(), str::to_string)
    }

    /// The `site` context.
    pub fn site_ctx(&self, has_history: bool) -> SiteCtx {
        let b = &self.config.book;
        let nav = [
            ("nav.home", "index.html", "home"),
            ("nav.chapters", "chapters/index.html", "chapter"),
            ("nav.goals", "goals/index.html", "goal"),
            ("nav.case_studies", "case-studies/index.html", "case-study"),
            ("nav.owners", "owners/index.html", "owner"),
            ("nav.dashboard", "dashboard.html", "dashboard"),
            ("nav.tags", "tags/index.html", "tag"),
            ("nav.changes", "changes.html", "changes"),
        ]
        .into_iter()
        .filter(|(_, _, s)| has_history || *s != "changes")
        .map(|(t, u, s)| NavItem {
            title: self.tr(t),
            key: t.into(),
            url: u.into(),
            section: s.into(),
        })
        .collect();
        let urls = |js: bool| {
            self.config
                .additional_files(js)
                .into_iter()
                .map(|f| encode_path(&f.url))
                .collect()
        };
        SiteCtx {
            title: b.title.clone(),
            description: b.description.clone(),
            language: b.language.clone(),
            authors: b.authors.clone(),
            repository_url: self.config.html.git_repository_url.clone(),
            site_url: self.config.site_url(),
            generator: format!("stratwiki {}", env!("CARGO_PKG_VERSION")),
            nav,
            search: self.config.wiki.search.enabled,
            additional_css: urls(false),
            additional_js: urls(true),
        }
    }

    /// A link to page `i`.
    pub fn link(&self, i: usize) -> LinkCtx {
        let p = &self.site.pages[i];
        LinkCtx {
            title: p.title().to_string(),
            url: p.url.clone(),
            kind: p.kind().name().to_string(),
            kind_label: self.kind_label(p.kind()),
            summary: p.src.meta.summary.clone(),
        }
    }

    /// An owner reference by slug (the page may be missing).
    pub fn owner_ref(&self, slug: &str) -> OwnerRef {
        match self.site.resolve_owner(slug).map(|i| &self.site.pages[i]) {
            Some(p) => OwnerRef {
                title: p.title().to_string(),
                slug: slug.to_string(),
                url: Some(p.url.clone()),
            },
            None => OwnerRef {
                title: slug.to_string(),
                slug: slug.to_string(),
                url: None,
            },
        }
    }

    /// A goal row for page `i` (which must be a goal).
    pub fn goal_row(&self, i: usize) -> GoalRow {
        let p = &self.site.pages[i];
        let g = p.src.meta.goal.as_ref();
        let status = g.map(|g| g.status).unwrap_or(GoalStatus::Proposed);
        GoalRow {
            title: p.title().to_string(),
            url: p.url.clone(),
            id: g.and_then(|g| g.id.clone()),
            status: status.name().into(),
            status_label: self.status_label(status),
            owner: g
                .and_then(|g| g.owner.as_deref())
                .map(|o| self.owner_ref(o)),
            area_label: g.and_then(|g| g.area.as_deref()).map(humanize),
            target: g.and_then(|g| g.target).map(|d| d.to_string()),
            progress: g.and_then(|g| g.progress),
            overdue: self.state(i).is_some_and(|s| s.overdue),
            stale: self.state(i).is_some_and(|s| s.stale),
        }
    }

    /// The goals owner page `i` owns and contributes to.
    pub fn goals_of(&self, i: usize) -> (Vec<usize>, Vec<usize>) {
        self.goals_of_owner.get(&i).cloned().unwrap_or_default()
    }

    /// The goals owner page `i` is accountable for.
    pub fn goals_owned_by(&self, i: usize) -> Vec<usize> {
        self.goals_of_owner
            .get(&i)
            .map(|(owned, _)| owned.clone())
            .unwrap_or_default()
    }

    /// The tracking state of goal `i`.
    pub fn state(&self, i: usize) -> Option<&crate::model::goals::GoalState> {
        self.site.goal_states.get(i).and_then(|s| s.as_ref())
    }

    /// The owners of page `i` (front matter, else CODEOWNERS).
    pub fn page_owners(&self, i: usize) -> Vec<PageOwnerCtx> {
        self.site
            .page_owners
            .get(i)
            .into_iter()
            .flatten()
            .map(|o| {
                let page = o.page.map(|p| &self.site.pages[p]);
                PageOwnerCtx {
                    title: page
                        .map(|p| p.title().to_string())
                        .unwrap_or_else(|| o.name.clone()),
                    name: o.name.clone(),
                    url: page.map(|p| p.url.clone()),
                    via: o.via.clone(),
                }
            })
            .collect()
    }

    fn links_by_slug(&self, kind: Kind, slugs: &[String]) -> Vec<LinkCtx> {
        slugs
            .iter()
            .filter_map(|s| self.site.index_of(kind, s))
            .map(|i| self.link(i))
            .collect()
    }

    /// The sidebar: the range of at most `list-limit` table-of-contents entries around page
    /// `current`, so no page grows with the size of the wiki; and whether entries were left out
    /// before and after it. Templates mark the current entry by comparing `url` with
    /// `current_url`.
    pub fn sidebar_window(&self, current: Option<usize>) -> (std::ops::Range<usize>, bool, bool) {
        let toc = &self.site.toc;
        let limit = self.config.wiki.list_limit;
        let pos = current.and_then(|c| self.site.toc_pos[c]);
        let start = match pos {
            Some(p) if toc.len() > limit => p.saturating_sub(limit / 2).min(toc.len() - limit),
            _ => 0,
        };
        let end = (start + limit).min(toc.len());
        (start..end, start > 0, end < toc.len())
    }

    /// One table-of-contents entry.
    pub fn toc_entry(&self, e: &crate::model::TocEntry) -> TocCtx {
        TocCtx {
            kind: e.kind.clone(),
            title: e.title.clone(),
            url: e.page.map(|p| self.site.pages[p].url.clone()),
            number: e.number.clone(),
            depth: e.depth,
        }
    }

    /// Breadcrumbs for page `i`: home, then the kind's index.
    pub fn breadcrumbs(&self, p: &Page) -> Vec<LinkCtx> {
        let lang = self.lang_of(p);
        let tr = |key: &str| self.words.text(&lang, key, &[]);
        let mut v = vec![LinkCtx {
            title: tr("nav.home"),
            url: "index.html".into(),
            kind: "home".into(),
            kind_label: tr("kind.home"),
            summary: None,
        }];
        if let Some(folder) = p.kind().folder()
            && p.role == Role::Normal
        {
            v.push(LinkCtx {
                title: tr(&plural_key(p.kind())),
                url: format!("{folder}/index.html"),
                kind: p.kind().name().into(),
                kind_label: tr(&plural_key(p.kind())),
                summary: None,
            });
        }
        v
    }

    /// The `page` context of page `i`.
    pub fn page(&self, i: usize) -> PageCtx<'_> {
        let site = self.site;
        let p = &site.pages[i];
        let m = &p.src.meta;
        let limit = self.config.wiki.list_limit;
        let (prev, next) = site.prev_next(i);
        let goal = m.goal.as_ref().map(|g| {
            let mut case_studies = self.links_by_slug(Kind::CaseStudy, &g.case_studies);
            for &cs in self.case_studies_of_goal.get(&i).into_iter().flatten() {
                if !case_studies.iter().any(|l| l.url == site.pages[cs].url) {
                    case_studies.push(self.link(cs));
                }
            }
            GoalCtx {
                id: g.id.clone(),
                status: g.status.name().into(),
                status_label: self.status_label(g.status),
                owner: g.owner.as_deref().map(|o| self.owner_ref(o)),
                contributors: g.contributors.iter().map(|c| self.owner_ref(c)).collect(),
                area: g.area.clone(),
                area_label: g.area.as_deref().map(humanize),
                area_anchor: g.area.as_deref().map(area_anchor),
                target: g.target.map(|d| d.to_string()),
                progress: g.progress,
                indicators: g
                    .indicators
                    .iter()
                    .map(|ind| {
                        let unit = ind.unit.clone().unwrap_or_default();
                        let fmt = |v: Option<f64>| fmt_num(v, &unit, &self.config.book.language);
                        IndicatorCtx {
                            name: ind.name.clone(),
                            baseline: fmt(ind.baseline),
                            target: fmt(ind.target),
                            current: fmt(ind.current),
                            as_of: ind.as_of.map(|d| d.to_string()),
                            decreasing: super::charts::decreasing(ind.baseline, ind.target),
                            exceeded: super::charts::exceeded(
                                ind.baseline,
                                ind.current,
                                ind.target,
                            ),
                            chart: super::charts::indicator_chart(
                                &ind.name,
                                ind.baseline,
                                ind.current,
                                ind.target,
                                &fmt,
                                &|k, args| {
                                    let args: Vec<(&str, crate::i18n::Arg<'_>)> = args
                                        .iter()
                                        .map(|(n, v)| (*n, crate::i18n::Arg::Str(v)))
                                        .collect();
                                    self.words.text(&self.lang, k, &args)
                                },
                            ),
                            unit,
                        }
                    })
                    .collect(),
                chapters: self.links_by_slug(Kind::Chapter, &g.chapters),
                case_studies,
                review: g.review.map(|d| d.to_string()),
                state: self.state(i).cloned(),
            }
        });
        let case_study = m.case_study.as_ref().map(|c| {
            let mut goals: Vec<usize> = c
                .goals
                .iter()
                .filter_map(|g| site.index_of(Kind::Goal, g))
                .collect();
            for &g in self.goals_of_case.get(&i).into_iter().flatten() {
                push_unique(&mut goals, g);
            }
            CaseStudyCtx {
                country: c.country.clone(),
                organisation: c.organisation.clone(),
                year: c.year,
                goals: goals.into_iter().map(|g| self.goal_row(g)).collect(),
            }
        });
        let owner = m.owner.as_ref().map(|o| {
            let (owned, contributed) = self.goals_of_owner.get(&i).cloned().unwrap_or_default();
            OwnerCtx {
                owner_type: o.owner_type.clone(),
                handles: o.handles.clone(),
                website: o.website.clone(),
                contact: o.contact.clone(),
                contact_url: o.contact.as_deref().and_then(contact_url),
                goals_owned: owned.into_iter().map(|g| self.goal_row(g)).collect(),
                goals_contributed: contributed.into_iter().map(|g| self.goal_row(g)).collect(),
                // Filled by the renderer (`reviews` builds on these contexts).
                due_for_review: Vec::new(),
            }
        });
        let chapter_goals: Vec<GoalRow> = self
            .goals_of_chapter
            .get(&i)
            .map(|v| v.iter().map(|&g| self.goal_row(g)).collect())
            .unwrap_or_default();
        // "Referenced by" leaves out the pages this page already lists (an owner's goals, a
        // goal's chapters and case studies, a case study's goals, a chapter's goals): the same
        // links twice on one page is repetition, not information.
        let listed: std::collections::HashSet<&str> = goal
            .iter()
            .flat_map(|g| {
                g.chapters
                    .iter()
                    .chain(&g.case_studies)
                    .map(|l| l.url.as_str())
            })
            .chain(
                case_study
                    .iter()
                    .flat_map(|c| c.goals.iter().map(|r| r.url.as_str())),
            )
            .chain(owner.iter().flat_map(|o| {
                o.goals_owned
                    .iter()
                    .chain(&o.goals_contributed)
                    .map(|r| r.url.as_str())
            }))
            .chain(chapter_goals.iter().map(|r| r.url.as_str()))
            .collect();
        let backlinks: Vec<usize> = p
            .backlinks
            .iter()
            .copied()
            .filter(|&b| !listed.contains(site.pages[b].url.as_str()))
            .collect();
        PageCtx {
            title: p.title(),
            html_title: p.rendered.html_title.as_deref(),
            kind: p.kind().name(),
            kind_label: self.words.text(
                &self.lang_of(p),
                &format!("kind.{}", p.kind().name().replace('-', "_")),
                &[],
            ),
            url: &p.url,
            summary: m.summary.as_deref(),
            tags: self.tag_links(&m.tags),
            content: &p.rendered.html,
            toc: p
                .rendered
                .headings
                .iter()
                .filter(|h| (2..=3).contains(&h.level))
                .collect(),
            number: p.number.as_deref(),
            source_path: &p.src.path,
            edit_url: self.edit_url(&p.src.path),
            source_url: self.source_url(&p.src.path),
            prev: prev.map(|x| self.link(x)),
            next: next.map(|x| self.link(x)),
            backlinks: backlinks
                .iter()
                .take(limit)
                .map(|&b| self.link(b))
                .collect(),
            backlinks_more: backlinks.len().saturating_sub(limit),
            breadcrumbs: self.breadcrumbs(p),
            extra: &m.extra,
            goal,
            case_study,
            owner,
            chapter_goals,
            history: None,
            owners: self.page_owners(i),
            recent_changes: Vec::new(),
            dashboard: None,
            review: site.review_states.get(i).and_then(|s| s.as_ref()),
        }
    }

    /// Tag links for a list of tag names.
    pub fn tag_links(&self, tags: &[String]) -> Vec<TagLink> {
        tags.iter()
            .filter(|t| !slugify(t).is_empty())
            .map(|t| TagLink {
                name: t.clone(),
                url: format!("tags/{}.html", slugify(t)),
            })
            .collect()
    }

    /// The edit link of a content path: `edit-url-template` when set (its `{path}` from the
    /// book's root, as mdBook fills it), else the forge's editor.
    pub fn edit_url(&self, path: &str) -> Option<String> {
        match &self.config.html.edit_url_template {
            Some(t) => Some(t.replace("{path}", &encode_path(&self.config.book_path(path)))),
            None => self
                .site
                .repo_links
                .as_ref()
                .filter(|r| r.editable)
                .map(|r| r.edit_url(path)),
        }
    }

    /// The forge's page for a content path.
    pub fn source_url(&self, path: &str) -> Option<String> {
        self.site.repo_links.as_ref().map(|r| r.source_url(path))
    }

    /// "Propose a new ..." for a kind: the forge's new-file page in the kind's folder,
    /// prefilled with the kind's front-matter template where the forge supports it.
    pub fn new_page_url(&self, kind: Kind) -> Option<String> {
        let folder = kind.folder()?;
        let r = self.site.repo_links.as_ref().filter(|r| r.editable)?;
        Some(r.new_file_url(
            folder,
            &format!("new-{}.md", kind.name()),
            kind.new_page_template(),
        ))
    }
}

/// The link for an owner's `contact`: `mailto:` for an e-mail address (one `@`, a dot in the
/// domain, none of the characters that would let it add headers or break out of a URL), the
/// text itself for an `http(s)://` address; `None` otherwise.
pub fn contact_url(contact: &str) -> Option<String> {
    let c = contact.trim();
    let lower = c.to_ascii_lowercase();
    if (lower.starts_with("https://") || lower.starts_with("http://"))
        && !c.contains(|ch: char| ch.is_whitespace() || ch.is_control() || ch == '"')
    {
        return Some(c.to_string());
    }
    let (local, domain) = c.split_once('@')?;
    let ok_local = !local.is_empty()
        && local
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || "._+-".contains(ch));
    let ok_domain = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ".-".contains(ch));
    (ok_local && ok_domain).then(|| format!("mailto:{c}"))
}

/// The section of the main navigation a page belongs to, from its site-relative URL (a history
/// page is in its page's section): `goal`, `owner`, `case-study`, `tag`, `dashboard`, `changes`,
/// `chapter`, or empty.
pub fn section_of(url: &str) -> &'static str {
    let url = url.strip_prefix("history/").unwrap_or(url);
    let folder = url.split_once('/').map_or("", |(f, _)| f);
    match folder {
        "goals" => "goal",
        "owners" => "owner",
        "case-studies" => "case-study",
        "tags" => "tag",
        "chapters" => "chapter",
        _ if url == "dashboard.html" => "dashboard",
        _ if url == "changes.html" || url.starts_with("changes-since-") => "changes",
        _ => "",
    }
}

/// The translation key of a kind's index (`nav.case_studies`, `kind.pages`).
fn plural_key(k: Kind) -> String {
    match k {
        Kind::Page => "kind.pages".into(),
        Kind::CaseStudy => "nav.case_studies".into(),
        k => format!("nav.{}s", k.name()),
    }
}

/// The id of an area's section in the goals index (`area-culture-and-capacity`).
pub fn area_anchor(area: &str) -> String {
    if area.is_empty() {
        "area-none".into()
    } else {
        format!("area-{}", slugify(area))
    }
}

fn push_unique(v: &mut Vec<usize>, x: usize) {
    if !v.contains(&x) {
        v.push(x);
    }
}

#[cfg(test)]
mod tests {
    use super::{contact_url, section_of};

    #[test]
    fn pages_are_placed_in_their_section() {
        for (url, section) in [
            ("goals/first.html", "goal"),
            ("goals/index.html", "goal"),
            ("history/goals/first.html", "goal"),
            ("owners/agency.html", "owner"),
            ("case-studies/x.html", "case-study"),
            ("tags/vision.html", "tag"),
            ("dashboard.html", "dashboard"),
            ("changes-since-v1.html", "changes"),
            ("chapters/intro.html", "chapter"),
            ("about.html", ""),
            ("index.html", ""),
        ] {
            assert_eq!(section_of(url), section, "{url}");
        }
    }

    #[test]
    fn contacts_become_links_only_when_they_are_addresses() {
        assert_eq!(
            contact_url("team@example.org").as_deref(),
            Some("mailto:team@example.org")
        );
        assert_eq!(
            contact_url("https://example.org/contact").as_deref(),
            Some("https://example.org/contact")
        );
        for text in [
            "Call the front desk",
            "a@b",
            "a b@example.org",
            "x@example.org?bcc=y@example.org",
            "javascript:alert(1)@x.org",
            "@example.org",
        ] {
            assert_eq!(contact_url(text), None, "{text}");
        }
    }
}
