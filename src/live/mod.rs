//! Incremental rebuilds for the live server, in two steps.
//!
//! Most saves while writing change the body of one page: its text, not its front matter, and
//! not which pages it links to. Everything other pages show of a page (title, summary, owner,
//! status, tags, its place in the contents, the backlinks it gives) comes from its front matter
//! and its links, so such a save changes that page's own HTML and its history page, and nothing
//! else. [`LiveSite`] keeps the model of the last build in memory; on a save it parses and
//! renders the Markdown of the changed files against that model, checks that their front matter
//! (byte for byte) and their links are as before, puts the new text into the model, and renders
//! and writes just those pages.
//!
//! A save that keeps the set of files but changes what other pages show (front matter, links,
//! a folder's index page, SUMMARY.md, several pages at once, a page that includes others) is a
//! reload ([`reload`]): the model loaded again by the loader every build uses, the saved pages
//! written at once and the rest of the site written behind them ([`CatchUp`]). Anything else
//! (a new, deleted or renamed file, a new SUMMARY.md, the theme, `book.toml`, CODEOWNERS, a
//! commit, an error) takes the full build, which stays the reference: every path writes the
//! same bytes as it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod catch_up;
mod reload;

pub use catch_up::{CatchUp, background_pool, lower_priority};

use crate::content::parse_page_with;
use crate::diagnostics::{Diagnostics, Severity};
use crate::markdown::{self, PageContext};
use crate::model::Role;
use crate::render::Renderer;
use crate::render::Theme;
use crate::source::{Source, WorkingTree};
use crate::wiki::Wiki;

/// The wiki as last built by the live server, ready for an incremental rebuild.
pub struct LiveSite {
    /// The model the served site shows (or, while a catch-up runs, is being brought to).
    loaded: Arc<Wiki>,
    theme: Arc<Theme>,
    content: PathBuf,
    /// The date goals are judged against, as the full build judged them.
    today: jiff::civil::Date,
    /// The page cache, read once and kept: a reload finds every unchanged page in it.
    model_cache: Option<Arc<crate::content::cache::ModelCache>>,
    /// The threads a save's update runs on: its own, so it never waits behind the parallel
    /// work of a catch-up or of the search indexer in rayon's global pool.
    pool: Option<Arc<rayon::ThreadPool>>,
    /// The content folder had a SUMMARY.md when the model was built: an edit of it is a
    /// reload (a new one is a full build).
    had_summary: bool,
}

/// What an incremental rebuild did.
#[derive(Debug)]
pub enum Outcome {
    /// These site files were written.
    Updated {
        /// Site-relative paths written.
        files: Vec<String>,
        /// Warnings about the changed pages (broken links, ...).
        warnings: Diagnostics,
        /// The rest of the site, still to be brought up to the new model (a reload): until it
        /// is, only `files` are current.
        catch_up: Option<CatchUp>,
    },
    /// The change reaches beyond its own pages: build everything. The reason is for the log.
    NeedsFullBuild(String),
}

impl LiveSite {
    /// The wiki and theme a successful full build rendered (see
    /// [`crate::build::build_site_keeping`]). The live server builds the working tree only, also
    /// for a site with versions, so every such build can be updated page by page.
    pub fn from_build(loaded: Wiki, theme: Theme, today: jiff::civil::Date) -> Option<LiveSite> {
        let content = loaded.config.content_dir();
        Some(LiveSite {
            had_summary: content.join("SUMMARY.md").is_file(),
            content,
            loaded: Arc::new(loaded),
            theme: Arc::new(theme),
            today,
            model_cache: None,
            pool: rayon::ThreadPoolBuilder::new()
                .num_threads(std::thread::available_parallelism().map_or(2, |n| n.get()))
                .thread_name(|i| format!("stratwiki-live-{i}"))
                .build()
                .ok()
                .map(Arc::new),
        })
    }

    /// Whether the site has a search index.
    pub fn search_enabled(&self) -> bool {
        self.loaded.config.wiki.search.enabled
    }

    /// The search records of the pages as they are now, and the index language.
    pub fn search_records(&self) -> (Vec<crate::search::Record>, String) {
        let language = self.loaded.config.book.language.clone();
        let mut records = crate::search::records(&self.loaded.site);
        crate::search::translate(&mut records, &self.theme.catalogue, &language);
        (records, language)
    }

    /// The content-relative paths of `changed` when every one is an existing Markdown page of
    /// the current model or the SUMMARY.md it was built with, else why not.
    fn changed_pages(&self, changed: &[PathBuf]) -> Result<Vec<String>, String> {
        let content = self.content.canonicalize().unwrap_or(self.content.clone());
        let mut rels = Vec::new();
        for path in changed {
            let rel = path
                .strip_prefix(&content)
                .or_else(|_| path.strip_prefix(&self.content))
                .map_err(|_| format!("{} is not in the content folder", path.display()))?;
            let rel = rel.to_string_lossy().replace('\\', "/");
            let site = &self.loaded.site;
            let known = site.by_path.contains_key(&rel);
            if !path.exists() {
                let folder = format!("{rel}/");
                let mattered = known
                    || rel == "SUMMARY.md"
                    || crate::content::is_markdown(&rel)
                    || site.assets.contains(&rel)
                    || site.by_path.keys().any(|p| p.starts_with(&folder))
                    || site.assets.iter().any(|p| p.starts_with(&folder));
                if mattered {
                    return Err(format!("{rel} was deleted or renamed"));
                }
                // An editor's temporary file, gone again: nothing to do.
                continue;
            }
            if rel == "SUMMARY.md" && self.had_summary {
                // Read again by a reload, as the full build reads it.
                if !rels.contains(&rel) {
                    rels.push(rel);
                }
                continue;
            }
            if rel == "SUMMARY.md" || !crate::content::is_markdown(&rel) {
                return Err(format!("{rel} is not a page"));
            }
            if !known {
                return Err(format!("{rel} is new"));
            }
            if !rels.contains(&rel) {
                rels.push(rel);
            }
        }
        Ok(rels)
    }

    /// Rebuild after `changed` files were saved, writing into the site at `out`. `settled`:
    /// the served site is everything the model makes (no catch-up of an earlier reload is
    /// pending), so a page can be updated on its own.
    pub fn rebuild(&mut self, changed: &[PathBuf], out: &Path, settled: bool) -> Outcome {
        match self.pool.clone() {
            Some(pool) => pool.install(|| self.rebuild_here(changed, out, settled)),
            None => self.rebuild_here(changed, out, settled),
        }
    }

    fn rebuild_here(&mut self, changed: &[PathBuf], out: &Path, settled: bool) -> Outcome {
        let rels = match self.changed_pages(changed) {
            Ok(r) if r.is_empty() => {
                return Outcome::Updated {
                    files: Vec::new(),
                    warnings: Diagnostics::new(),
                    catch_up: None,
                };
            }
            Ok(r) => r,
            Err(why) => return Outcome::NeedsFullBuild(why),
        };
        // A body edit, when the site is settled and nothing else changed: that page alone.
        let why = if settled && let Some(loaded) = Arc::get_mut(&mut self.loaded) {
            match update_bodies(loaded, &self.theme, &self.content, &rels, out) {
                Ok(o) => return o,
                Err(why) => why,
            }
        } else {
            "an earlier change is still being written".into()
        };
        // Anything else that keeps the set of files: the model reloaded, its changed pages
        // written now and the rest of the site caught up behind them.
        if std::env::var_os("STRATWIKI_DEBUG_WATCH").is_some() {
            eprintln!("watch: reloading the model: {why}");
        }
        self.reload(&rels, out)
    }
}

/// The body-only update (see the module docs): `Err` says why it does not apply, before the
/// model was touched.
fn update_bodies(
    loaded: &mut Wiki,
    theme: &Theme,
    content_dir: &Path,
    rels: &[String],
    out: &Path,
) -> Result<Outcome, String> {
    let start = std::time::Instant::now();
    let config = &loaded.config;
    let source = WorkingTree::new(&config.root, &config.content_dir());
    let site = &loaded.site;
    // A page with `{{#include}}` shows other files, which may be the ones saved: the full
    // build expands them (and keys its cache on them).
    if site
        .pages
        .iter()
        .any(|p| markdown::has_directives(&p.src.body))
    {
        return Err("a page includes other files".into());
    }
    let mut warnings = Diagnostics::new();
    let mut updates = Vec::new();
    for rel in rels {
        let Some(&i) = site.by_path.get(rel) else {
            return Err(format!("{rel} is not a page"));
        };
        let old = &site.pages[i];
        if old.role != Role::Normal {
            return Err(format!("{rel} is shown on an index page"));
        }
        // As the full build: a file swapped for a symbolic link (or now behind one) is not
        // read; the full build skips it with a warning.
        if let Err(r) = crate::source::contain::no_links(content_dir, rel) {
            return Err(format!("{rel}: `{}` {}", r.at, r.reason()));
        }
        let display = source.display(rel);
        let parsed = source
            .read(rel)
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                parse_page_with(rel, &display, &bytes, &config.wiki.front_matter)
                    .map_err(|_| String::new())
            });
        let Ok((mut parsed, ds)) = parsed else {
            return Err(format!("{rel} does not read or parse"));
        };
        site.take_summary_title(&mut parsed);
        // The front matter, and what is read from the body into the page's metadata (a
        // title from its first heading): what other pages show of it.
        if parsed.front_matter != old.src.front_matter
            || format!("{:?}", parsed.meta) != format!("{:?}", old.src.meta)
        {
            return Err(format!("{rel}: its front matter changed"));
        }
        if markdown::has_directives(&parsed.body) {
            return Err(format!("{rel} includes other files"));
        }
        let ctx = PageContext {
            path: &parsed.path,
            url: &old.url,
            body_line: parsed.body_line,
            title: &parsed.meta.title,
            trusted_html: config.wiki.trusted_html,
        };
        let rendered = markdown::render(&parsed.body, &ctx, site);
        if rendered.links != old.rendered.links {
            return Err(format!("{rel}: its links changed"));
        }
        warnings.extend(ds);
        for b in &rendered.broken {
            let b = crate::wiki::parse::broken_link(site, rel, b);
            warnings.push(b.diagnostic(&display, Severity::Warning));
        }
        for a in &rendered.anchors {
            let Some(&j) = site.by_path.get(&a.path) else {
                continue;
            };
            let html = if j == i {
                &rendered.html
            } else {
                &site.pages[j].rendered.html
            };
            if !markdown::has_id(&markdown::ids_in(html), &a.id) {
                warnings.push(a.broken().diagnostic(&display, Severity::Warning));
            }
        }
        warnings.extend(
            rendered
                .warnings
                .iter()
                .map(|w| w.clone().in_file(&display)),
        );
        updates.push((i, parsed, rendered));
    }
    warnings.apply_levels(&config.wiki.check);
    if warnings.has_errors() {
        return Err("the change has errors".into());
    }
    crate::timing::stage("live: parsed", start);
    let mut only = HashSet::new();
    for (i, parsed, rendered) in updates {
        let page = &mut loaded.site.pages[i];
        page.src = parsed;
        page.rendered = rendered;
        only.insert(i);
    }
    if let Some(h) = loaded.history.as_mut() {
        mark_uncommitted(h, content_dir, rels);
    }
    let files = match write_only(loaded, theme, &only, out, &mut warnings) {
        Ok(f) => f,
        // The model already holds the new text: the full build starts from the files.
        Err(d) => {
            return Ok(Outcome::NeedsFullBuild(format!(
                "rendering failed: {}",
                d.message
            )));
        }
    };
    crate::timing::stage("live: rendered", start);
    Ok(Outcome::Updated {
        files,
        warnings,
        catch_up: None,
    })
}

/// Whether each saved page now differs from the last commit, as `git status` says: all that
/// changes in the history when files are saved and nothing is committed.
fn mark_uncommitted(h: &mut crate::history::History, content_dir: &Path, rels: &[String]) {
    let repo = git2::Repository::discover(content_dir).ok();
    let workdir = repo
        .as_ref()
        .and_then(|r| r.workdir())
        .and_then(|w| w.canonicalize().ok());
    for rel in rels {
        let Some(ph) = h.pages.get_mut(rel) else {
            continue;
        };
        let path = content_dir.join(rel);
        let status = repo.as_ref().zip(workdir.as_ref()).and_then(|(r, w)| {
            let abs = path.canonicalize().ok()?;
            r.status_file(abs.strip_prefix(w).ok()?).ok()
        });
        ph.uncommitted = status.is_none_or(|s| !s.is_empty() && !s.is_ignored());
    }
}

/// Render pages `only` of `loaded` (and their history pages) and write them in place into the
/// site at `out`, returning the site paths written, sorted; the renderer's warnings go into
/// `warnings`.
fn write_only(
    loaded: &Wiki,
    theme: &Theme,
    only: &HashSet<usize>,
    out: &Path,
    warnings: &mut Diagnostics,
) -> Result<Vec<String>, crate::diagnostics::Diagnostic> {
    let files = std::sync::Mutex::new(Vec::new());
    let sink = |rel: &str, content: crate::render::Content| -> std::io::Result<()> {
        // This renderer reuses nothing, so every file comes with its bytes.
        let crate::render::Content::Bytes(bytes) = content else {
            return Err(std::io::Error::other("no previous file to take here"));
        };
        write_in_place(&out.join(rel), &bytes)?;
        files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(rel.to_string());
        Ok(())
    };
    let renderer = Renderer::new(theme, &loaded.site, &loaded.config, loaded.history.as_ref())
        .with_live_reload(true)
        .with_proposals(
            Some(loaded.proposals.as_slice()).filter(|_| loaded.config.wiki.proposals.enabled()),
        )
        .with_only(Some(only));
    let rendered = renderer.render_all(&sink);
    warnings.extend(renderer.take_warnings());
    drop(renderer);
    rendered?;
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort();
    Ok(files)
}

/// Replace one file of the served site: written beside it, then renamed over it, so the server
/// never sends half a page.
pub(crate) fn write_in_place(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("stratwiki-tmp");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}
