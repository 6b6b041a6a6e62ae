//! Writing one site (the wiki, or one edition of it) into the staging folder: its pages, search
//! index, copied files, theme files, sitemap and CNAME.

use rayon::prelude::*;

use super::Staging;
use super::staging::sitemap;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::history::History;
use crate::model::Site;
use crate::render::{Renderer, Theme};
use crate::source::Source;

/// One site to render into the staging folder: the wiki, or one version of it.
pub struct Job<'a> {
    /// Proposals to list (site root only).
    pub proposals: Option<&'a [crate::proposals::Proposal]>,
    /// The theme to render with.
    pub theme: &'a Theme,
    /// Pages shared between the versions of one build.
    pub shared: Option<&'a crate::render::SharedPages>,
    pub config: &'a Config,
    pub site: &'a Site,
    pub history: Option<&'a History>,
    /// Where the content's other files (images) come from.
    pub source: &'a dyn Source,
    /// The folder inside the site (`""`, or `v1/`).
    pub prefix: String,
    pub versions: Option<crate::versions::VersionsView>,
    /// The page comparing this version with the previous one: (URL, comparison).
    pub changes: Option<(String, crate::compare::Comparison)>,
    /// The job at the top of the site: it writes `sitemap.xml` and `CNAME`.
    pub sitemap: bool,
}

/// Render and write `jobs` into the staging folder. Returns the HTML pages and other files
/// written, and the warnings met.
pub fn write_jobs(
    jobs: &[Job<'_>],
    staging: &Staging,
    reuse: Option<&crate::render::Reuse>,
    live_reload: bool,
) -> Result<(usize, usize, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut pages = 0;
    let mut files = 0;
    let mut warnings = Vec::new();
    let index_files = std::sync::atomic::AtomicUsize::new(0);
    for job in jobs {
        let theme = job.theme;
        let renderer = Renderer::new(theme, job.site, job.config, job.history)
            .with_reuse(reuse)
            .with_versions(job.versions.as_ref(), job.shared)
            .with_live_reload(live_reload)
            .with_proposals(
                job.proposals
                    .filter(|_| job.config.wiki.proposals.enabled()),
            );
        // Pages render on every core but are written by one thread: file creation in one
        // folder serialises in the kernel anyway, and two writers only spin on its lock.
        pages += std::thread::scope(|scope| {
            // `None`: the previous site has these bytes already (compared here, in parallel).
            let (tx, rx) = std::sync::mpsc::sync_channel::<(String, Option<Vec<u8>>)>(64);
            let writer = scope.spawn(move || {
                for (rel, bytes) in rx {
                    let r = match &bytes {
                        Some(b) => staging.write(&rel, b),
                        None => staging.write_unchanged(&rel),
                    };
                    r.map_err(|e| {
                        Diagnostic::error("write", format!("cannot write `{rel}`: {e}"))
                    })?;
                }
                Ok::<(), Diagnostic>(())
            });
            let sink = |rel: &str, content: crate::render::Content| {
                let rel = format!("{}{rel}", job.prefix);
                let bytes = match content {
                    crate::render::Content::Bytes(b) => (!staging.unchanged(&rel, &b)).then_some(b),
                    crate::render::Content::Previous => None,
                };
                tx.send((rel, bytes))
                    .map_err(|_| std::io::Error::other("the writer stopped"))
            };
            // The search index builds on a thread of its own while the pages render.
            let index = job
                .config
                .wiki
                .search
                .enabled
                .then(|| scope.spawn(|| search_bundle(job, reuse, live_reload)));
            let mut rendered = renderer.render_all(&sink);
            if let (Ok(n), Some((url, cmp))) = (&rendered, &job.changes) {
                rendered = renderer
                    .render_version_changes(url, cmp, &sink)
                    .map(|m| n + m);
            }
            if let Some(index) = index {
                let files = index.join().unwrap_or_else(|_| {
                    Err(Diagnostic::error(
                        "search",
                        "building the search index failed (the indexer stopped unexpectedly)",
                    ))
                });
                rendered = rendered.and_then(|n| {
                    let files = files?;
                    let count = files.len();
                    for (rel, bytes) in files {
                        sink(
                            &format!("pagefind/{rel}"),
                            crate::render::Content::Bytes(bytes),
                        )
                        .map_err(|e| {
                            Diagnostic::error("write", format!("cannot write pagefind/{rel}: {e}"))
                        })?;
                    }
                    index_files.fetch_add(count, std::sync::atomic::Ordering::Relaxed);
                    Ok(n)
                });
            }
            drop(tx);
            let written = writer.join().expect("writer thread");
            written.and(rendered)
        })
        .map_err(|d| vec![d])?;
        warnings.extend(renderer.take_warnings());
        if let Some(shared) = job.shared {
            // The default version's folder: the site root renders the same pages last.
            let default = job
                .versions
                .as_ref()
                .is_some_and(|v| v.current == v.default && !v.at_root);
            shared.next_version(default);
        }
        if let Some(shared) = job.shared
            && crate::timing::enabled()
        {
            use std::sync::atomic::Ordering::Relaxed;
            eprintln!(
                "timing: version `{}`: {} pages taken from another version so far, {} rendered, {} kept",
                job.prefix.trim_end_matches('/'),
                shared.hits.load(Relaxed),
                shared.misses.load(Relaxed),
                shared.len()
            );
        }

        let mut assets: Vec<&String> = job.site.assets.iter().collect();
        assets.sort();
        let lfs_pointers = std::sync::Mutex::new(Vec::new());
        let errors: Vec<Diagnostic> = assets
            .par_iter()
            .filter_map(|a| {
                let r = job.source.read(a).and_then(|b| {
                    if is_lfs_pointer(&b) {
                        lfs_pointers
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push((*a).clone());
                    }
                    staging.write(&format!("{}{a}", job.prefix), &b)
                });
                r.err().map(|e| {
                    Diagnostic::error("write", format!("cannot copy: {e}"))
                        .in_file(job.source.display(a))
                })
            })
            .collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        // Said once, for the site's top (an edition's copies are the same files).
        let mut lfs_pointers = lfs_pointers.into_inner().unwrap_or_else(|e| e.into_inner());
        if job.prefix.is_empty() && !lfs_pointers.is_empty() {
            lfs_pointers.sort();
            let n = lfs_pointers.len();
            warnings.push(
                Diagnostic::warning(
                    "lfs",
                    format!(
                        "{n} file{} {} Git LFS pointer{}, not the file{} (published as {}): fetch the files with `git lfs pull` (in GitHub Actions: `actions/checkout` with `lfs: true`). Editions built from tags always have the pointers: git objects do not hold LFS files",
                        if n == 1 { "" } else { "s" },
                        if n == 1 { "is a" } else { "are" },
                        if n == 1 { "" } else { "s" },
                        if n == 1 { "" } else { "s" },
                        if n == 1 { "it is" } else { "they are" },
                    ),
                )
                .in_file(job.source.display(&lfs_pointers[0])),
            );
        }
        let statics = theme
            .statics
            .iter()
            .map(|(rel, bytes)| (format!("static/{rel}"), bytes))
            .chain(theme.extra.iter().map(|(rel, bytes)| (rel.clone(), bytes)));
        for (rel, bytes) in statics {
            staging
                .write(&format!("{}{rel}", job.prefix), bytes)
                .map_err(|e| {
                    vec![Diagnostic::error(
                        "write",
                        format!("cannot write {rel}: {e}"),
                    )]
                })?;
        }
        files += assets.len()
            + theme.statics.len()
            + theme.extra.len()
            + index_files.swap(0, std::sync::atomic::Ordering::Relaxed);
        // A sitemap lists absolute URLs (the protocol requires them): only a site that knows
        // where it is published has one.
        if let Some(site_url) = job.config.site_url().filter(|_| job.sitemap) {
            let urls = sitemap_urls(job.site);
            staging
                .write("sitemap.xml", sitemap(&urls, Some(&site_url)).as_bytes())
                .map_err(|e| {
                    vec![Diagnostic::error(
                        "write",
                        format!("cannot write sitemap.xml: {e}"),
                    )]
                })?;
            files += 1;
        }
        // GitHub Pages reads its custom domain from this file (mdBook's `cname`), at the top.
        if let Some(domain) = job.config.html.cname.as_ref().filter(|_| job.sitemap) {
            staging
                .write("CNAME", format!("{}\n", domain.trim()).as_bytes())
                .map_err(|e| {
                    vec![Diagnostic::error(
                        "write",
                        format!("cannot write CNAME: {e}"),
                    )]
                })?;
            files += 1;
        }
    }
    Ok((pages, files, warnings))
}

/// The search index of one job: taken from the previous build when its records are the same
/// (Pagefind indexes about 300 pages a second on one core, the slowest part of a large build),
/// else built. The live server always takes the previous index when there is one, so a save
/// never waits for indexing; it brings the index up to date in the background
/// (`serve::search_refresh`).
fn search_bundle(
    job: &Job<'_>,
    reuse: Option<&crate::render::Reuse>,
    live_reload: bool,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let records = crate::search::records(job.site);
    let language = &job.config.book.language;
    let key = crate::search::key(&records, language);
    let slot = format!("{}pagefind/", job.prefix);
    let remember = |reuse: &crate::render::Reuse| reuse.keep(&slot, key);
    if let Some(reuse) = reuse
        && (live_reload || reuse.old.get(&slot) == Some(&key))
        && let Some(files) = crate::search::read_bundle(&reuse.previous.join(&slot))
    {
        if !live_reload {
            remember(reuse);
        }
        return Ok(files);
    }
    let files = crate::search::bundle(&records, language)?;
    if let Some(reuse) = reuse {
        remember(reuse);
    }
    Ok(files)
}

/// Every page URL the sitemap lists: content pages, indexes and tag pages, sorted.
pub fn sitemap_urls(site: &Site) -> Vec<String> {
    let mut urls: Vec<String> = vec![
        "index.html".into(),
        "dashboard.html".into(),
        "chapters/index.html".into(),
        "goals/index.html".into(),
        "case-studies/index.html".into(),
        "owners/index.html".into(),
        "tags/index.html".into(),
    ];
    urls.extend(
        site.pages
            .iter()
            .filter(|p| p.role == crate::model::Role::Normal)
            .map(|p| p.url.clone()),
    );
    urls.extend(site.tags.keys().map(|t| format!("tags/{t}.html")));
    urls.sort();
    urls.dedup();
    urls
}

/// True for a Git LFS pointer file (what a clone holds in place of the file until `git lfs
/// pull`, and what git objects hold always).
fn is_lfs_pointer(bytes: &[u8]) -> bool {
    bytes.len() < 1024 && bytes.starts_with(b"version https://git-lfs.github.com/spec/")
}
