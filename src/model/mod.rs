//! The wiki as data: every page with its URL, the references between pages checked, the reading
//! order, tags, and (after Markdown rendering) links and backlinks.
//!
//! The model is built from parsed pages alone, with no I/O, so a test can build one from strings
//! and a future version build can build one from another git ref.

pub mod codeowners;
pub mod generated;
pub mod goals;
mod resolve;
pub mod reviews;
pub mod translated_goals;
pub mod translations;
pub mod urls;

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::content::summary::{EntryKind, Summary};
use crate::content::{Kind, ParsedPage};
use crate::diagnostics::{Diagnostic, Severity};
use crate::markdown::Rendered;
use crate::text::slugify;

pub use urls::{page_url, role_of};

/// What a page does in the site besides being itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// An ordinary page.
    Normal,
    /// `index.md`/`README.md` at the content root: the home page's introduction.
    HomeIntro,
    /// `index.md`/`README.md` in a kind's folder: that index's introduction.
    KindIntro(Kind),
    /// `404.md` at the content root: the text of the 404 page, which mdBook books have (the
    /// generated 404 page shows it, with its links made to work from any address).
    NotFound,
}

/// A page of the model.
#[derive(Debug, Clone)]
pub struct Page {
    /// The parsed file.
    pub src: ParsedPage,
    /// Site-relative URL (`goals/eid.html`).
    pub url: String,
    /// Its role.
    pub role: Role,
    /// The rendered body, once [`Site::set_rendered`] has run.
    pub rendered: Rendered,
    /// Pages whose Markdown links here, in page order.
    pub backlinks: Vec<usize>,
    /// Section number from SUMMARY.md (`1.2.`).
    pub number: Option<String>,
}

impl Page {
    /// The page's kind.
    pub fn kind(&self) -> Kind {
        self.src.kind
    }
    /// The page's title.
    pub fn title(&self) -> &str {
        &self.src.meta.title
    }
    /// The page's slug.
    pub fn slug(&self) -> &str {
        &self.src.meta.slug
    }
}

/// A tag and the pages that carry it.
#[derive(Debug, Clone, Serialize)]
pub struct Tag {
    /// As written in front matter (first spelling seen).
    pub name: String,
    /// URL slug.
    pub slug: String,
    /// Page indexes, in page order.
    pub pages: Vec<usize>,
}

/// One line of the table of contents (SUMMARY.md, or the fallback order).
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    /// Link, part title or separator.
    pub kind: EntryKind,
    /// Displayed title.
    pub title: String,
    /// The page, for links (`None` for drafts, parts and separators).
    pub page: Option<usize>,
    /// Section number.
    pub number: Option<String>,
    /// Nesting depth.
    pub depth: usize,
}

/// The longest file name, in bytes, the site writes (ext4, XFS, APFS and NTFS allow 255).
pub const MAX_NAME: usize = 255;

/// The whole wiki.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// Pages sorted by content path.
    pub pages: Vec<Page>,
    /// Content path → page.
    pub by_path: HashMap<String, usize>,
    /// (kind, slug) → page.
    pub by_slug: HashMap<(Kind, String), usize>,
    /// Lowercased title → pages with that title.
    by_title: HashMap<String, Vec<usize>>,
    /// Slug → pages with that slug, any kind.
    any_slug: HashMap<String, Vec<usize>>,
    /// Non-Markdown content files, copied as they are.
    pub assets: HashSet<String>,
    /// Table of contents in reading order.
    pub toc: Vec<TocEntry>,
    /// Reading order of the pages in the table of contents.
    pub reading_order: Vec<usize>,
    /// For each page, its position in `reading_order`.
    pub order_pos: Vec<Option<usize>>,
    /// For each page, its position in `toc`.
    pub toc_pos: Vec<Option<usize>>,
    /// For each page, its position in its kind's list in `by_kind`.
    pub kind_pos: Vec<Option<usize>>,
    /// Per kind (besides chapters), the pages in index order.
    pub by_kind: BTreeMap<Kind, Vec<usize>>,
    /// Tags by slug.
    pub tags: BTreeMap<String, Tag>,
    /// The home page's introduction.
    pub home_intro: Option<usize>,
    /// The 404 page's text (`404.md`).
    pub not_found: Option<usize>,
    /// Index introductions per kind.
    pub kind_intro: HashMap<Kind, usize>,
    /// Slugs of draft pages left out of the build, for friendlier reference errors.
    pub drafts: HashSet<(Kind, String)>,
    /// Content paths of pages that failed to parse (already reported): references and links
    /// to them are not reported again.
    pub failed: HashSet<String>,
    /// (kind, default slug) of the pages that failed to parse.
    failed_slugs: HashSet<(Kind, String)>,
    /// Content paths of the drafts left out.
    pub draft_paths: HashSet<String>,
    /// SUMMARY.md's link text by content path, the title of a page without its own.
    summary_titles: HashMap<String, String>,
    /// Every page URL.
    pub urls: HashSet<String>,
    /// Page URL → page, for links to a folder (its index page, whatever its file is called).
    by_url: HashMap<String, usize>,
    /// The path part of `site-url` (`/service-manual/`, `/` without one): root-relative links
    /// inside it name pages (see [`Site::set_base_path`]).
    base_path: String,
    /// The site paths `[output.html.redirect]` writes redirect pages at (`old/page.html`):
    /// links to them work (see [`Site::set_redirects`]).
    redirect_paths: HashSet<String>,
    /// Owner handles (lowercased) → owner page.
    pub handles: HashMap<String, usize>,
    /// Each page's owners (front matter, else CODEOWNERS), after [`Site::set_codeowners`].
    pub page_owners: Vec<Vec<PageOwner>>,
    /// Each goal's tracking state, after [`goals::track`].
    pub goal_states: Vec<Option<goals::GoalState>>,
    /// Each page's review state, for pages with a review period (goals included), after
    /// [`goals::track`] (see [`reviews`]).
    pub review_states: Vec<Option<reviews::ReviewState>>,
    /// The date goals were judged against when it is not the build's: an older edition's own
    /// date (see [`goals::track`]).
    pub judged_on: Option<jiff::civil::Date>,
    /// Where the wiki's files live on a forge, for edit and source links.
    pub repo_links: Option<crate::forge::RepoLinks>,
}

/// An owner of a page, as named and as resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageOwner {
    /// The slug or handle as written.
    pub name: String,
    /// The owner page it resolves to, if any.
    #[serde(skip)]
    pub page: Option<usize>,
    /// Where it came from: `front matter` or `CODEOWNERS line N`.
    pub via: String,
}

impl Site {
    /// Build the model. `drafts` are the draft pages left out (references to them are warnings,
    /// not errors). Problems are pushed to `diags`; `summary` comes with the display path of
    /// SUMMARY.md.
    pub fn new(
        mut parsed: Vec<ParsedPage>,
        drafts: &[ParsedPage],
        failed: HashSet<String>,
        assets: HashSet<String>,
        summary: Option<(&Summary, &str)>,
        diags: &mut Vec<Diagnostic>,
    ) -> Site {
        parsed.sort_by(|a, b| a.path.cmp(&b.path));
        let mut site = Site {
            assets,
            failed,
            summary_titles: summary.map(|(s, _)| s.titles()).unwrap_or_default(),
            ..Site::default()
        };
        for p in &mut parsed {
            site.take_summary_title(p);
        }
        for d in drafts {
            site.drafts.insert((d.kind, d.meta.slug.clone()));
            site.draft_paths.insert(d.path.clone());
        }
        site.failed_slugs = site
            .failed
            .iter()
            .map(|f| (Kind::from_path(f), crate::content::default_slug(f)))
            .collect();
        let mut by_url: HashMap<String, usize> = HashMap::new();
        // A Jekyll site's `index.html` is its home page; its README then is the repository's,
        // as GitHub Pages has it (a README is the home page only where there is no index).
        let home_html = parsed.iter().any(|p| p.path == "index.html");
        for mut src in parsed {
            let mut role = urls::role_of(&src.path);
            let readme_aside = home_html
                && role == Role::HomeIntro
                && crate::content::file_stem(&src.path).eq_ignore_ascii_case("readme");
            if readme_aside {
                role = Role::Normal;
            }
            if role != Role::Normal {
                src.kind = Kind::Page;
            }
            let url = match readme_aside {
                true => format!("{}.html", src.meta.slug),
                false => urls::page_url(&src.path, &src.meta.slug, role),
            };
            let idx = site.pages.len();
            if role == Role::Normal && urls::is_reserved(&url) {
                diags.push(
                    Diagnostic::error(
                        "reserved-url",
                        format!("this page would be written to `{url}`, which the site generates itself: move or rename it"),
                    )
                    .in_file(&src.display),
                );
                continue;
            }
            // Most file systems allow 255 bytes in a name: a longer one fails only when the
            // site is written, far from the file that caused it. (History pages live in
            // `history/`, under the same name.)
            if let Some(name) = url.split('/').find(|c| c.len() > MAX_NAME) {
                diags.push(
                    Diagnostic::error(
                        "name-too-long",
                        format!(
                            "this page would be written to a file named `{}…` of {} bytes, more than the {MAX_NAME} most file systems allow: give it a shorter file name or `slug`",
                            name.chars().take(40).collect::<String>(),
                            name.len()
                        ),
                    )
                    .in_file(&src.display)
                    .at(src.meta.slug_pos.0, src.meta.slug_pos.1),
                );
                site.failed.insert(src.path.clone());
                continue;
            }
            let slug_key = (role == Role::Normal && src.kind != Kind::Page)
                .then(|| (src.kind, src.meta.slug.clone()));
            if let Some(key) = &slug_key
                && let Some(&other) = site.by_slug.get(key)
            {
                diags.push(
                    Diagnostic::error(
                        "duplicate-slug",
                        format!(
                            "{} slug `{}` is already used by {}: slugs must be unique within a kind",
                            src.kind.label(),
                            src.meta.slug,
                            site.pages[other].src.display
                        ),
                    )
                    .in_file(&src.display)
                    .at(src.meta.slug_pos.0, src.meta.slug_pos.1),
                );
                // Reported: links to it are not reported again as pointing nowhere.
                site.failed.insert(src.path.clone());
                continue;
            }
            if let Some(&other) = by_url.get(&url) {
                let message = match role {
                    // `index.md` and `index.html`: two files are the home page.
                    Role::HomeIntro | Role::NotFound if site.pages[other].role == role => format!(
                        "`{}` and `{}` are both the site's {} (`{url}`): keep one, and rename or remove the other",
                        site.pages[other].src.display,
                        src.display,
                        if role == Role::NotFound {
                            "404 page"
                        } else {
                            "home page"
                        },
                    ),
                    _ => format!(
                        "this page would be written to `{url}`, which {} already uses: change its `slug`",
                        site.pages[other].src.display
                    ),
                };
                diags.push(
                    Diagnostic::error("duplicate-url", message)
                        .in_file(&src.display)
                        .at(src.meta.slug_pos.0, src.meta.slug_pos.1),
                );
                site.failed.insert(src.path.clone());
                continue;
            }
            // Only now, when the page is certainly kept, may indexes point at `idx`.
            if let Some(key) = slug_key {
                site.by_slug.insert(key, idx);
            }
            match role {
                Role::HomeIntro => site.home_intro = Some(idx),
                Role::NotFound => site.not_found = Some(idx),
                Role::KindIntro(k) => {
                    site.kind_intro.insert(k, idx);
                }
                Role::Normal => {}
            }
            by_url.insert(url.clone(), idx);
            site.by_url.insert(url.clone(), idx);
            site.urls.insert(url.clone());
            site.by_path.insert(src.path.clone(), idx);
            site.any_slug
                .entry(src.meta.slug.clone())
                .or_default()
                .push(idx);
            site.by_title
                .entry(src.meta.title.to_lowercase())
                .or_default()
                .push(idx);
            site.pages.push(Page {
                src,
                url,
                role,
                rendered: Rendered::default(),
                backlinks: Vec::new(),
                number: None,
            });
        }
        for (i, p) in site.pages.iter().enumerate() {
            if let Some(o) = &p.src.meta.owner {
                for h in &o.handles {
                    site.handles.entry(h.to_lowercase()).or_insert(i);
                }
            }
        }
        site.check_goal_ids(diags);
        site.check_refs(diags);
        site.order_kinds();
        site.build_toc(summary, diags);
        site.build_tags();
        site
    }

    /// Title `page` by its SUMMARY.md entry when its front matter gives no title, as mdBook
    /// titles chapters (its first heading or file name come second). `serve` uses it on a
    /// page saved again, so the page keeps the title the build gave it.
    pub fn take_summary_title(&self, page: &mut ParsedPage) {
        if !page.has_own_title()
            && let Some(t) = self.summary_titles.get(&page.path)
        {
            page.meta.title = t.clone();
        }
    }

    fn check_goal_ids(&self, diags: &mut Vec<Diagnostic>) {
        let mut ids: HashMap<String, usize> = HashMap::new();
        for (i, p) in self.pages.iter().enumerate() {
            let Some(g) = &p.src.meta.goal else { continue };
            let Some(id) = &g.id else { continue };
            if let Some(&other) = ids.get(&id.to_lowercase()) {
                let (l, c) = p.src.meta.id_pos;
                diags.push(
                    Diagnostic::error(
                        "duplicate-id",
                        format!(
                            "goal id `{id}` is already used by {}",
                            self.pages[other].src.display
                        ),
                    )
                    .in_file(&p.src.display)
                    .at(l, c),
                );
            } else {
                ids.insert(id.to_lowercase(), i);
            }
        }
    }

    fn check_refs(&self, diags: &mut Vec<Diagnostic>) {
        for p in &self.pages {
            for r in &p.src.meta.refs {
                if self.by_slug.contains_key(&(r.target, r.slug.clone())) {
                    continue;
                }
                if self.failed_slugs.contains(&(r.target, r.slug.clone())) {
                    continue;
                }
                // An owner may also be named by one of its handles (`@org/team`, an email).
                // A chat channel (`#team`) is shown as written: see [`is_channel`].
                if r.target == Kind::Owner
                    && (self.handles.contains_key(&r.slug.to_lowercase()) || is_channel(&r.slug))
                {
                    continue;
                }
                let folder = r.target.folder().unwrap_or("");
                let (severity, message) = if self.drafts.contains(&(r.target, r.slug.clone())) {
                    (
                        Severity::Warning,
                        format!(
                            "`{}` refers to {} `{}`, which is a draft and is left out of the site",
                            r.field,
                            r.target.label().to_lowercase(),
                            r.slug
                        ),
                    )
                } else {
                    (
                        Severity::Error,
                        format!(
                            "`{}` refers to {} `{}`, but there is no {folder}/{}.md (or page with that slug)",
                            r.field,
                            r.target.label().to_lowercase(),
                            r.slug,
                            r.slug
                        ),
                    )
                };
                let code = if r.target == Kind::Owner {
                    "unknown-owner"
                } else {
                    "unknown-reference"
                };
                let message = if r.target == Kind::Owner && severity == Severity::Error {
                    format!(
                        "{message}, and no owner page lists `{}` in its `handles`",
                        r.slug
                    )
                } else {
                    message
                };
                diags.push(
                    Diagnostic::error(code, message)
                        .with_severity(severity)
                        .in_file(&p.src.display)
                        .at(r.pos.0, r.pos.1),
                );
            }
            for o in &p.src.meta.owners {
                if self.resolve_owner(o).is_none() && !is_channel(o) {
                    diags.push(
                        Diagnostic::error(
                            "unknown-owner",
                            format!(
                                "owner `{o}` is not defined: there is no owners/{o}.md, and no owner page lists it in its `handles`"
                            ),
                        )
                        .in_file(&p.src.display)
                        .at_opt(p.src.meta.owners_pos),
                    );
                }
            }
            if let Some(g) = &p.src.meta.goal
                && g.owner.is_none()
                && p.role == Role::Normal
            {
                diags.push(
                    Diagnostic::warning(
                        "goal-without-owner",
                        "this goal has no `owner`: every goal needs an accountable owner",
                    )
                    .in_file(&p.src.display)
                    .at(1, 1),
                );
            }
        }
    }

    /// Sort each kind's pages for its index and prev/next: weight, then (for goals) id, then
    /// title, then path.
    fn order_kinds(&mut self) {
        self.kind_pos = vec![None; self.pages.len()];
        for kind in Kind::ALL {
            let mut v: Vec<usize> = (0..self.pages.len())
                .filter(|&i| self.pages[i].kind() == kind && self.pages[i].role == Role::Normal)
                .collect();
            v.sort_by(|&a, &b| {
                let (pa, pb) = (&self.pages[a].src, &self.pages[b].src);
                let ida = pa.meta.goal.as_ref().and_then(|g| g.id.as_deref());
                let idb = pb.meta.goal.as_ref().and_then(|g| g.id.as_deref());
                let weight = |m: &crate::content::Meta| m.weight.unwrap_or(f64::INFINITY);
                weight(&pa.meta)
                    .total_cmp(&weight(&pb.meta))
                    .then_with(|| {
                        natural_key(ida.unwrap_or("")).cmp(&natural_key(idb.unwrap_or("")))
                    })
                    .then_with(|| {
                        pa.meta
                            .title
                            .to_lowercase()
                            .cmp(&pb.meta.title.to_lowercase())
                    })
                    .then_with(|| pa.path.cmp(&pb.path))
            });
            for (pos, &i) in v.iter().enumerate() {
                self.kind_pos[i] = Some(pos);
            }
            self.by_kind.insert(kind, v);
        }
    }

    fn build_toc(&mut self, summary: Option<(&Summary, &str)>, diags: &mut Vec<Diagnostic>) {
        self.order_pos = vec![None; self.pages.len()];
        self.toc_pos = vec![None; self.pages.len()];
        match summary {
            Some((summary, display)) => {
                for e in &summary.entries {
                    let page = match (&e.kind, &e.path) {
                        (EntryKind::Link, Some(path)) => match self.by_path.get(path) {
                            Some(&i) => Some(i),
                            // A listed page marked `draft: true` shows as a draft entry.
                            None if self.draft_paths.contains(path) => None,
                            None => {
                                diags.push(
                                    Diagnostic::error(
                                        "summary",
                                        format!("SUMMARY.md links to `{path}`, which does not exist (or is a draft)"),
                                    )
                                    .in_file(display)
                                    .at(e.line, 1),
                                );
                                continue;
                            }
                        },
                        _ => None,
                    };
                    if let Some(i) = page {
                        if self.order_pos[i].is_some() {
                            diags.push(
                                Diagnostic::warning(
                                    "summary",
                                    format!(
                                        "SUMMARY.md lists `{}` twice; the first place counts",
                                        self.pages[i].src.path
                                    ),
                                )
                                .in_file(display)
                                .at(e.line, 1),
                            );
                            continue;
                        }
                        self.order_pos[i] = Some(self.reading_order.len());
                        self.toc_pos[i] = Some(self.toc.len());
                        self.reading_order.push(i);
                        self.pages[i].number = e.number.clone();
                    }
                    self.toc.push(TocEntry {
                        kind: e.kind.clone(),
                        title: e.title.clone(),
                        page,
                        number: e.number.clone(),
                        depth: e.depth,
                    });
                }
            }
            None => {
                // Home intro first, then chapters, then plain pages, each by weight and title.
                let mut order: Vec<usize> = self.home_intro.into_iter().collect();
                order.extend(self.by_kind[&Kind::Chapter].iter().copied());
                order.extend(self.by_kind[&Kind::Page].iter().copied());
                for i in order {
                    self.order_pos[i] = Some(self.reading_order.len());
                    self.toc_pos[i] = Some(self.toc.len());
                    self.reading_order.push(i);
                    self.toc.push(TocEntry {
                        kind: EntryKind::Link,
                        title: self.pages[i].title().to_string(),
                        page: Some(i),
                        number: None,
                        depth: 0,
                    });
                }
            }
        }
    }

    fn build_tags(&mut self) {
        for (i, p) in self.pages.iter().enumerate() {
            for t in &p.src.meta.tags {
                let slug = slugify(t);
                if slug.is_empty() {
                    continue;
                }
                let tag = self.tags.entry(slug.clone()).or_insert_with(|| Tag {
                    name: t.clone(),
                    slug,
                    pages: Vec::new(),
                });
                if tag.pages.last() != Some(&i) {
                    tag.pages.push(i);
                }
            }
        }
    }

    /// The owner page a slug or handle names.
    pub fn resolve_owner(&self, name: &str) -> Option<usize> {
        self.index_of(Kind::Owner, name)
            .or_else(|| self.handles.get(&name.to_lowercase()).copied())
    }

    /// Work out every page's owners: its front matter (`owner` of a goal, `owners`/`owner` of
    /// any page) when present, else the CODEOWNERS line that matches its file. `prefix` is the
    /// content folder's path inside the repository, where CODEOWNERS paths start.
    pub fn set_codeowners(&mut self, codeowners: &codeowners::CodeOwners, prefix: &str) {
        let file = codeowners
            .file
            .clone()
            .unwrap_or_else(|| "CODEOWNERS".into());
        self.page_owners = self
            .pages
            .iter()
            .map(|p| {
                let mut named: Vec<String> = p.src.meta.owners.clone();
                if let Some(o) = p.src.meta.goal.as_ref().and_then(|g| g.owner.clone()) {
                    named.insert(0, o);
                }
                if !named.is_empty() {
                    return named
                        .into_iter()
                        .map(|n| PageOwner {
                            page: self.resolve_owner(&n),
                            name: n,
                            via: "front matter".into(),
                        })
                        .collect();
                }
                let path = if prefix.is_empty() {
                    p.src.path.clone()
                } else {
                    format!("{prefix}/{}", p.src.path)
                };
                match codeowners.owners_of(&path) {
                    Some(owned) => owned
                        .owners
                        .into_iter()
                        .map(|n| PageOwner {
                            page: self.resolve_owner(&n),
                            name: n,
                            via: format!("{file} line {}", owned.line),
                        })
                        .collect(),
                    None => Vec::new(),
                }
            })
            .collect();
    }

    /// The page of a kind with this slug.
    pub fn get(&self, kind: Kind, slug: &str) -> Option<&Page> {
        self.by_slug
            .get(&(kind, slug.to_string()))
            .map(|&i| &self.pages[i])
    }

    /// Index of the page of a kind with this slug.
    pub fn index_of(&self, kind: Kind, slug: &str) -> Option<usize> {
        self.by_slug.get(&(kind, slug.to_string())).copied()
    }

    /// Store rendered bodies (same order as `pages`) and compute backlinks from their links.
    pub fn set_rendered(&mut self, rendered: Vec<Rendered>) {
        for (p, r) in self.pages.iter_mut().zip(rendered) {
            p.rendered = r;
        }
        let mut back: Vec<Vec<usize>> = vec![Vec::new(); self.pages.len()];
        for (i, p) in self.pages.iter().enumerate() {
            for l in &p.rendered.links {
                if let Some(&t) = self.by_path.get(l)
                    && t != i
                {
                    back[t].push(i);
                }
            }
        }
        for (p, b) in self.pages.iter_mut().zip(back) {
            p.backlinks = b;
        }
    }

    /// Previous and next page in reading order: the table of contents for chapters and plain
    /// pages, the kind's index order for goals, case studies and owners.
    pub fn prev_next(&self, i: usize) -> (Option<usize>, Option<usize>) {
        let (seq, pos): (&[usize], usize) = match self.order_pos[i] {
            Some(pos) => (&self.reading_order, pos),
            None => match (self.pages[i].kind(), self.kind_pos[i]) {
                (Kind::Page | Kind::Chapter, _) | (_, None) => return (None, None),
                (k, Some(pos)) => (&self.by_kind[&k], pos),
            },
        };
        let prev = pos.checked_sub(1).map(|p| seq[p]);
        let next = seq.get(pos + 1).copied();
        (prev, next)
    }
}

/// A sort key that orders `G2.10` after `G2.9`.
fn natural_key(s: &str) -> Vec<(u8, u64, String)> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_ascii_digit() {
            let mut n = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                n.push(d);
                chars.next();
            }
            out.push((0, n.parse().unwrap_or(u64::MAX), String::new()));
        } else {
            let mut t = String::new();
            while let Some(&d) = chars.peek().filter(|d| !d.is_ascii_digit()) {
                t.push(d.to_ascii_lowercase());
                chars.next();
            }
            out.push((1, 0, t));
        }
    }
    out
}

#[cfg(test)]
mod tests;

/// An owner given as a chat channel (`#team-x`, as alphagov's `owner_slack`) names a place to
/// ask, not a page: when no owner page lists it in its `handles`, it is shown as plain text
/// rather than reported as an undefined owner.
fn is_channel(name: &str) -> bool {
    name.len() > 1 && name.starts_with('#') && !name.contains(char::is_whitespace)
}
