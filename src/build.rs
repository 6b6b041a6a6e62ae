//! The whole pipeline: load, parse, model, render Markdown, render templates, write.
//!
//! [`load`] does everything that reads and validates; [`build_site`] adds the templates and the
//! atomic write; [`check_site`] renders templates into nothing, so `check` validates exactly
//! what `build` would.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::cache::{ModelCache, ParseResult};
use crate::content::summary::parse_summary;
use crate::content::{is_markdown, parse_page};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::history::{self, History};
use crate::markdown::{self, PageContext};
use crate::model::Site;
use crate::model::codeowners::CodeOwners;
use crate::output::{Staging, sitemap};
use crate::render::{Renderer, Theme};
use crate::source::{Source, WorkingTree};
use jiff::civil::Date;

/// How broken internal links are reported: warnings while building, errors in `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// `build`: broken links are warnings.
    Build,
    /// `check`: broken links are errors.
    Check,
}

/// A loaded and validated wiki.
pub struct Loaded {
    /// Its configuration.
    pub config: Config,
    /// Its model, with rendered Markdown.
    pub site: Site,
    /// Its change history (`None` outside git or with `[wiki.history] enabled = false`).
    pub history: Option<History>,
    /// Proposal branches (`[wiki.proposals]`).
    pub proposals: Vec<crate::proposals::Proposal>,
    /// Parsed and rendered files by blob id, kept across builds when `[wiki.history] cache`
    /// is on; the versions of this build add theirs.
    pub model_cache: Option<std::sync::Arc<ModelCache>>,
}

/// What a build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Everything found wrong.
    pub diagnostics: Diagnostics,
    /// Where the site went (when written).
    pub dest: Option<PathBuf>,
    /// HTML pages written.
    pub pages: usize,
    /// Other files written (assets, static files, sitemap).
    pub files: usize,
    /// Wall time.
    pub elapsed_ms: u128,
}

impl BuildReport {
    /// True when the site was written.
    pub fn ok(&self) -> bool {
        !self.diagnostics.has_errors() && self.dest.is_some()
    }
}

/// A cached parse, with the file's name as this version shows it.
fn redisplay(r: ParseResult, display: &str) -> ParseResult {
    let fix = |ds: Vec<Diagnostic>| -> Vec<Diagnostic> {
        ds.into_iter()
            .map(|mut d| {
                d.file = Some(display.to_string());
                d
            })
            .collect()
    };
    match r {
        Ok((mut p, ds)) => {
            p.display = display.to_string();
            Ok((p, fix(ds)))
        }
        Err(ds) => Err(fix(ds)),
    }
}

/// Parse a file from what reading it gave.
fn parse_read(path: &str, display: &str, read: std::io::Result<Vec<u8>>) -> ParseResult {
    match read {
        Ok(bytes) => parse_page(path, display, &bytes),
        Err(e) => Err(vec![
            Diagnostic::error("read", format!("cannot read: {e}")).in_file(display),
        ]),
    }
}

/// The page cache's key for a working-tree file's `bytes`: two 64-bit foldhash passes with
/// different fixed seeds, and the length. Not git's blob id: libgit2's collision-detecting
/// SHA-1 took 30 ms of CPU a rebuild on 4 MB of pages; this takes about one. It guards against
/// accidents, not against files crafted to collide (whoever can write the wiki's files can
/// change its pages anyway). The prefix keeps these keys apart from the blob ids of git trees.
fn blob_id_of(bytes: &[u8]) -> String {
    use crate::codec::hash;
    format!(
        "wt:{:016x}{:016x}:{}",
        hash(bytes, 0x243f_6a88_85a3_08d3),
        hash(bytes, 0x1319_8a2e_0370_7344),
        bytes.len()
    )
}

/// Read, parse and validate the wiki at `root`, and render its Markdown.
pub fn load(
    root: &Path,
    strictness: Strictness,
    today: Date,
    diags: &mut Diagnostics,
) -> Option<Loaded> {
    if !root.is_dir() {
        diags.push(Diagnostic::error(
            "root",
            format!("the wiki folder `{}` does not exist", root.display()),
        ));
        return None;
    }
    let config = match Config::load(root, diags) {
        Ok(c) => c,
        Err(e) => {
            diags.push(e.to_diagnostic());
            return None;
        }
    };
    let content = config.content_dir();
    if !content.is_dir() {
        diags.push(
            Diagnostic::error(
                "content",
                format!(
                    "the content folder `{}` does not exist: create it or set `src` under [book]",
                    config.book.src.display()
                ),
            )
            .in_file("book.toml")
            .at(config.key_line("book", "src").unwrap_or(1), 1),
        );
        return None;
    }
    // The content is what a pull request can change: a `src` leading out of the wiki would
    // publish files from elsewhere on the machine that builds it.
    if let (Ok(r), Ok(c)) = (root.canonicalize(), content.canonicalize())
        && !c.starts_with(&r)
    {
        diags.push(
            Diagnostic::error(
                "content",
                format!(
                    "the content folder `{}` is outside the wiki (`{}`): `src` must name a folder inside it",
                    config.book.src.display(),
                    root.display()
                ),
            )
            .in_file("book.toml")
            .at(config.key_line("book", "src").unwrap_or(1), 1),
        );
        return None;
    }
    let source = WorkingTree::new(root, &content);
    // The page cache is read where the model is built, beside the history's reading.
    let model_cache = std::cell::OnceCell::new();
    let build_model = |source: &WorkingTree, config: &Config, strictness, diags: &mut _| {
        let cache = model_cache.get_or_init(|| {
            config.wiki.history.cache.then(|| {
                let t = Instant::now();
                let c = ModelCache::load(&model_cache_file(config));
                crate::timing::stage("page cache read", t);
                std::sync::Arc::new(c)
            })
        });
        build_model_cached(source, config, strictness, diags, cache.as_deref())
    };
    // The history and the pages do not depend on each other. With a history cache, reading
    // the history is mostly one thread's work (parsing the cache, assembling page histories),
    // about as long as parsing every page: do both at once. Without one, both stages use every
    // core on their own, and overlapping them only makes them compete (and raises the peak
    // memory).
    let (mut site, history) = if history_cache(&config).is_some_and(|p| p.is_file()) {
        let mut history_diags = Diagnostics::new();
        let (site, history) = std::thread::scope(|scope| {
            let history = scope.spawn(|| load_history(&config, &mut history_diags));
            let site = build_model(&source, &config, strictness, diags);
            (site, history.join())
        });
        let history = history.unwrap_or_else(|_| {
            diags.push(Diagnostic::error(
                "history",
                "reading the history failed unexpectedly",
            ));
            None
        });
        diags.extend(history_diags.into_vec());
        (site, history)
    } else {
        let site = build_model(&source, &config, strictness, diags);
        (site, load_history(&config, diags))
    };

    // Ownership: CODEOWNERS is read where GitHub reads it, at the repository root.
    let (repo_root, prefix) = repo_root_and_prefix(&config);
    site.repo_links = repo_links(&config, &prefix);
    let mut ds = Vec::new();
    let codeowners = CodeOwners::find(&repo_root, &mut ds);
    site.set_codeowners(&codeowners, &prefix);
    crate::model::goals::track(
        &mut site,
        history.as_ref(),
        today,
        None,
        &config.wiki.goals.review_every,
        &mut ds,
    );
    diags.extend(ds);
    diags.apply_levels(&config.wiki.check);
    let proposals = crate::proposals::proposals(&config, diags);
    Some(Loaded {
        config,
        site,
        history,
        proposals,
        model_cache: model_cache.into_inner().flatten(),
    })
}

/// The folder CODEOWNERS paths are relative to (the git work tree, else the wiki root), and the
/// content folder's path inside it.
fn repo_root_and_prefix(config: &Config) -> (PathBuf, String) {
    let root = git2::Repository::discover(&config.root)
        .ok()
        .and_then(|r| r.workdir().map(Path::to_path_buf))
        .unwrap_or_else(|| config.root.clone());
    let prefix = match (root.canonicalize(), config.content_dir().canonicalize()) {
        (Ok(r), Ok(c)) => c
            .strip_prefix(&r)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default(),
        _ => config.book.src.to_string_lossy().replace('\\', "/"),
    };
    (root, prefix)
}

/// `b`, a broken link on the page at `page_path`, with the reason it points nowhere when that
/// is a draft: the page exists but is left out of the site.
pub fn broken_link(site: &Site, page_path: &str, b: &markdown::BrokenLink) -> markdown::BrokenLink {
    match b
        .content_paths(page_path)
        .into_iter()
        .find(|p| site.draft_paths.contains(p))
    {
        Some(path) => markdown::BrokenLink {
            reason: format!("`{path}` is a draft (`draft: true`), left out of the site"),
            ..b.clone()
        },
        None => b.clone(),
    }
}

/// Name the files of `diags` from the top of the git repository holding the wiki at `root`,
/// as GitHub's annotations need (`wiki/content/goals/x.md`): a path relative to the wiki root
/// gets the wiki's folder in front; CODEOWNERS, which is named from the repository's top
/// already, and files outside the repository keep their names.
pub fn in_repository(diags: Diagnostics, root: &Path) -> Diagnostics {
    let Some((workdir, root)) = git2::Repository::discover(root)
        .ok()
        .and_then(|r| r.workdir().and_then(|w| w.canonicalize().ok()))
        .zip(root.canonicalize().ok())
    else {
        return diags;
    };
    diags.map_files(|d, file| {
        if d.code == "codeowners" {
            return None;
        }
        let path = normalize(&root.join(file));
        path.strip_prefix(&workdir)
            .ok()
            .map(|p| p.to_string_lossy().replace('\\', "/"))
    })
}

/// Edit and source links: the forge of `git-repository-url`, else of the `origin` remote.
fn repo_links(config: &Config, prefix: &str) -> Option<crate::forge::RepoLinks> {
    let repo = git2::Repository::discover(&config.root).ok();
    let remote = config.html.git_repository_url.clone().or_else(|| {
        let r = repo.as_ref()?.find_remote("origin").ok()?;
        r.url().ok().map(str::to_string)
    })?;
    let branch = config
        .wiki
        .edit_branch
        .clone()
        .or_else(|| {
            // The remote's default branch, as `git clone` recorded it.
            let r = repo.as_ref()?;
            let head = r.find_reference("refs/remotes/origin/HEAD").ok()?;
            let target = head.symbolic_target().ok()??.to_string();
            target
                .strip_prefix("refs/remotes/origin/")
                .map(str::to_string)
        })
        .or_else(|| {
            let r = repo.as_ref()?;
            let head = r.head().ok()?;
            head.shorthand()
                .ok()
                .filter(|s| *s != "HEAD")
                .map(str::to_string)
        })
        .unwrap_or_else(|| "main".to_string());
    crate::forge::RepoLinks::new(&remote, &branch, prefix, config.wiki.forge)
}

/// Where the history cache is, when `[wiki.history]` keeps one.
fn history_cache(config: &Config) -> Option<PathBuf> {
    let hc = &config.wiki.history;
    (hc.enabled && hc.cache).then(|| history_cache_file(config))
}

/// The history cache's file, in the wiki's cache folder.
fn history_cache_file(config: &Config) -> PathBuf {
    config.root.join(".stratwiki-cache").join("history.bin")
}

/// The page cache's file ([`ModelCache`]), in the wiki's cache folder.
fn model_cache_file(config: &Config) -> PathBuf {
    config.root.join(".stratwiki-cache").join("parsed.bin")
}

/// Write the page cache on a thread of its own, when this build changed it.
fn save_model_cache(loaded: &Loaded) {
    if let Some(c) = loaded.model_cache.clone().filter(|c| c.changed()) {
        let path = model_cache_file(&loaded.config);
        history::save_in_background("page cache", path.clone(), move || c.save(&path));
    }
}

/// Read the change history when `[wiki.history] enabled` (the default).
fn load_history(config: &Config, diags: &mut Diagnostics) -> Option<History> {
    let hc = &config.wiki.history;
    if !hc.enabled {
        return None;
    }
    let opts = history::Options {
        follow_renames: hc.follow_renames,
        cache: history_cache(config),
        progress: true,
        head: None,
        prefix: None,
    };
    let mut ds = Vec::new();
    let start = Instant::now();
    let h = history::load(config, &opts, &mut ds);
    if let Some(h) = &h {
        crate::timing::stage(
            &format!(
                "history ({} commits read, {} from cache, {} assembled, {} touching content)",
                h.commits_read,
                h.commits_cached,
                h.commits_assembled,
                h.commits.len()
            ),
            start,
        );
    }
    diags.extend(ds);
    h
}

/// Build a model from `source` (see [`build_model_cached`]).
pub fn build_model(
    source: &dyn Source,
    config: &Config,
    strictness: Strictness,
    diags: &mut Diagnostics,
) -> Site {
    build_model_cached(source, config, strictness, diags, None)
}

/// Build the model, reusing parsed and rendered files from `cache`: by blob id for a git tree,
/// by a hash of the file's bytes for the working tree.
pub fn build_model_cached(
    source: &dyn Source,
    config: &Config,
    strictness: Strictness,
    diags: &mut Diagnostics,
    cache: Option<&ModelCache>,
) -> Site {
    let (files, list_diags) = source.list();
    diags.extend(list_diags);
    let mut md_files = Vec::new();
    let mut assets = HashSet::new();
    let mut summary_file = None;
    for f in files {
        if f == "SUMMARY.md" {
            summary_file = Some(f);
        } else if is_markdown(&f) {
            md_files.push(f);
        } else {
            assets.insert(f);
        }
    }

    // Each file's blob id, when it is cached: the source's (git trees), else the hash of its
    // bytes (the working tree), so an unchanged file is found again in the next build.
    let (results, blob_ids): (Vec<ParseResult>, Vec<Option<String>>) = md_files
        .par_iter()
        .map(|path| {
            let display = source.display(path);
            let read = || source.read(path);
            let Some(c) = cache else {
                return (parse_read(path, &display, read()), None);
            };
            let (blob, mut bytes) = match source.blob_id(path) {
                Some(b) => (b, None),
                None => match read() {
                    Ok(bytes) => (blob_id_of(&bytes), Some(bytes)),
                    Err(e) => return (parse_read(path, &display, Err(e)), None),
                },
            };
            if let Some(hit) = c.parsed(&blob, path) {
                // A git tree's file may be in other versions of this build: complete it once
                // for them. A working-tree file is in this build only.
                let keep_text = hit.needs_text() && bytes.is_none();
                let text = || bytes.take().or_else(|| read().ok());
                if let Some(r) = hit.complete(text) {
                    c.reused(false);
                    if keep_text {
                        c.put_parsed(&blob, path, r.clone());
                    }
                    return (redisplay(r, &display), Some(blob));
                }
            }
            // A working-tree file (its bytes read here) is in this build only: its parse is
            // kept encoded, for the file, rather than copied.
            let from_work_tree = bytes.is_some();
            let r = parse_read(path, &display, bytes.map_or_else(read, Ok));
            if from_work_tree {
                c.record_parsed(&blob, path, &r);
            } else {
                c.put_parsed(&blob, path, r.clone());
            }
            (r, Some(blob))
        })
        .unzip();
    let blobs: HashMap<&str, &str> = md_files
        .iter()
        .zip(&blob_ids)
        .filter_map(|(p, b)| Some((p.as_str(), b.as_deref()?)))
        .collect();
    let mut pages = Vec::new();
    let mut drafts = Vec::new();
    let mut failed = HashSet::new();
    for (r, path) in results.into_iter().zip(&md_files) {
        match r {
            Ok((p, ds)) => {
                diags.extend(ds);
                if p.meta.draft && !config.wiki.drafts {
                    drafts.push(p);
                } else {
                    pages.push(p);
                }
            }
            Err(ds) => {
                diags.extend(ds);
                failed.insert(path.clone());
            }
        }
    }

    let summary = summary_file.and_then(|f| {
        let display = source.display(&f);
        match source.read(&f).map(String::from_utf8) {
            Ok(Ok(text)) => Some((parse_summary(&text), display)),
            Ok(Err(_)) => {
                diags.push(
                    Diagnostic::error("summary", "SUMMARY.md is not valid UTF-8").in_file(display),
                );
                None
            }
            Err(e) => {
                diags.push(
                    Diagnostic::error("summary", format!("cannot read: {e}")).in_file(display),
                );
                None
            }
        }
    });

    let mut model_diags = Vec::new();
    let mut site = Site::new(
        pages,
        &drafts,
        failed,
        assets,
        summary.as_ref().map(|(s, d)| (s, d.as_str())),
        &mut model_diags,
    );
    diags.extend(model_diags);

    let link_severity = match strictness {
        Strictness::Build => Severity::Warning,
        Strictness::Check => Severity::Error,
    };
    let rendered: Vec<markdown::Rendered> = site
        .pages
        .par_iter()
        .map(|p| {
            let ctx = PageContext {
                path: &p.src.path,
                url: &p.url,
                body_line: p.src.body_line,
                title: &p.src.meta.title,
                trusted_html: config.wiki.trusted_html,
            };
            let Some((c, &blob)) = cache.zip(blobs.get(p.src.path.as_str())) else {
                return markdown::render(&p.src.body, &ctx, &site);
            };
            let how = format!("{}|{}", p.url, ctx.trusted_html);
            if let Some(hit) = c.rendered(blob, &p.src.path, &how, &|calls| {
                markdown::same_answers(calls, &site)
            }) {
                c.reused(true);
                // Read from the file for this page alone: taken, not copied.
                return std::sync::Arc::try_unwrap(hit).map_or_else(|a| a.0.clone(), |(r, _)| r);
            }
            let rec = markdown::Recording::new(&site);
            let r = markdown::render(&p.src.body, &ctx, &rec);
            if source.blob_id(&p.src.path).is_none() {
                // A working-tree file: kept encoded, for the file (see the parse above).
                c.record_rendered(blob, &p.src.path, &how, &r, &rec.into_calls());
            } else {
                c.put_rendered(
                    blob,
                    &p.src.path,
                    &how,
                    std::sync::Arc::new((r.clone(), rec.into_calls())),
                );
            }
            r
        })
        .collect();
    for (p, r) in site.pages.iter().zip(&rendered) {
        for b in &r.broken {
            diags
                .push(broken_link(&site, &p.src.path, b).diagnostic(&p.src.display, link_severity));
        }
    }
    if let Some(c) = cache
        && crate::timing::enabled()
    {
        let (parses, renderings) = c.reuse_counts();
        eprintln!(
            "timing: page cache: {parses} parses and {renderings} renderings reused so far ({} records read)",
            c.loaded()
        );
    }
    site.set_rendered(rendered);
    site
}

/// A wiki as it is at a git ref (a tag, a branch, a commit), read from objects: its own
/// `book.toml` and content, built into a model. The working tree is not touched.
pub fn load_ref(root: &Path, rev: &str, diags: &mut Diagnostics) -> Result<RefWiki, Diagnostic> {
    // For a pull-request report: its problems are rated as `check` rates them, which CI runs,
    // with the levels the ref's own `[wiki.check]` sets.
    let w = load_ref_with(root, rev, diags, None, Strictness::Check)?;
    diags.apply_levels(&w.config.wiki.check);
    Ok(w)
}

/// [`load_ref`] for a version of the site, rated as `build` rates problems (a broken link is a
/// warning), sharing parsed and rendered files through `cache`.
pub fn load_ref_cached(
    root: &Path,
    rev: &str,
    diags: &mut Diagnostics,
    cache: Option<&ModelCache>,
) -> Result<RefWiki, Diagnostic> {
    load_ref_with(root, rev, diags, cache, Strictness::Build)
}

/// [`load_ref_cached`] for a version: from its commit (a tag and a branch of the same name
/// must not stand in for each other), with messages naming the version.
fn load_version(
    root: &Path,
    v: &crate::versions::Version,
    diags: &mut Diagnostics,
    cache: Option<&ModelCache>,
) -> Result<RefWiki, Diagnostic> {
    load_at(
        root,
        &v.name,
        Some(v.commit),
        diags,
        cache,
        Strictness::Build,
    )
}

fn load_ref_with(
    root: &Path,
    rev: &str,
    diags: &mut Diagnostics,
    cache: Option<&ModelCache>,
    strictness: Strictness,
) -> Result<RefWiki, Diagnostic> {
    load_at(root, rev, None, diags, cache, strictness)
}

/// The wiki at `commit`, or at what `rev` names when no commit is given; `rev` labels its
/// files in messages (`v1:content/goals/eid.md`).
fn load_at(
    root: &Path,
    rev: &str,
    commit: Option<git2::Oid>,
    diags: &mut Diagnostics,
    cache: Option<&ModelCache>,
    strictness: Strictness,
) -> Result<RefWiki, Diagnostic> {
    let err = |m: String| Diagnostic::error("git", m);
    let repo = git2::Repository::discover(root)
        .map_err(|_| err(format!("`{}` is not in a git repository", root.display())))?;
    let wiki_rel = wiki_rel_in(&repo, root).map_err(err)?;
    let commit = match commit {
        Some(id) => repo.find_commit(id),
        None => repo.revparse_single(rev).and_then(|o| o.peel_to_commit()),
    }
    .map_err(|e| err(format!("cannot find `{rev}`: {}", e.message())))?;
    let tree = commit.tree().map_err(|e| err(e.message().to_string()))?;
    let join = |a: &str, b: &str| {
        if a.is_empty() {
            b.to_string()
        } else {
            format!("{a}/{b}")
        }
    };
    let config = match tree.get_path(Path::new(&join(&wiki_rel, "book.toml"))) {
        Ok(entry) => {
            let blob = repo
                .find_blob(entry.id())
                .map_err(|e| err(e.message().to_string()))?;
            let text = String::from_utf8_lossy(blob.content()).into_owned();
            Config::parse(root, &text, diags).map_err(|e| {
                let mut d = e.to_diagnostic();
                d.file = Some(format!("{rev}:{}", join(&wiki_rel, "book.toml")));
                d
            })?
        }
        Err(_) => Config::default_for(root),
    };
    let prefix = join(&wiki_rel, &config.book.src.to_string_lossy());
    let source = crate::source::GitTree::new(&repo, commit.id(), &prefix, rev).map_err(|e| {
        err(format!(
            "`{rev}` has no content folder `{prefix}`: {}",
            e.message()
        ))
    })?;
    let site = build_model_cached(&source, &config, strictness, diags, cache);
    // CODEOWNERS of that commit, where GitHub looks for it.
    let codeowners = crate::model::codeowners::LOCATIONS
        .iter()
        .find_map(|&loc| tree.get_path(Path::new(loc)).ok().map(|e| (loc, e.id())))
        .and_then(|(loc, id)| {
            let blob = repo.find_blob(id).ok()?;
            let mut ds = Vec::new();
            let mut co = CodeOwners::parse(&String::from_utf8_lossy(blob.content()), loc, &mut ds);
            co.file = Some(loc.to_string());
            Some(co)
        })
        .unwrap_or_default();
    Ok(RefWiki {
        config,
        site,
        source,
        commit: commit.id(),
        prefix,
        codeowners,
        wiki_rel,
        repo_path: repo.path().to_path_buf(),
    })
}

/// True for a Git LFS pointer file (what a clone holds in place of the file until `git lfs
/// pull`, and what git objects hold always).
fn is_lfs_pointer(bytes: &[u8]) -> bool {
    bytes.len() < 1024 && bytes.starts_with(b"version https://git-lfs.github.com/spec/")
}

/// The commit where `a` and `b` last met (`git merge-base a b`), as a full id.
pub fn merge_base(root: &Path, a: &str, b: &str) -> Result<String, Diagnostic> {
    let err = |m: String| Diagnostic::error("git", m);
    let repo = git2::Repository::discover(root)
        .map_err(|_| err(format!("`{}` is not in a git repository", root.display())))?;
    let commit = |rev: &str| {
        repo.revparse_single(rev)
            .and_then(|o| o.peel_to_commit())
            .map(|c| c.id())
            .map_err(|e| err(format!("cannot find `{rev}`: {}", e.message())))
    };
    let (ca, cb) = (commit(a)?, commit(b)?);
    repo.merge_base(ca, cb)
        .map(|id| id.to_string())
        .map_err(|_| err(format!("`{a}` and `{b}` have no commit in common")))
}

/// A wiki as it is at a git ref.
pub struct RefWiki {
    /// Its own `book.toml`.
    pub config: Config,
    /// Its model, with rendered Markdown.
    pub site: Site,
    /// Its content, read from git objects.
    pub source: crate::source::GitTree,
    /// The commit.
    pub commit: git2::Oid,
    /// The content folder inside the repository.
    pub prefix: String,
    /// Its own CODEOWNERS.
    pub codeowners: CodeOwners,
    /// The wiki root's path inside the repository.
    pub wiki_rel: String,
    /// The repository (`.git`).
    pub repo_path: PathBuf,
}

impl RefWiki {
    /// This version's own theme: its `book.toml`'s theme with the override files in its tree.
    pub fn theme(&self) -> Result<Theme, Vec<Diagnostic>> {
        theme_at(
            &self.repo_path,
            self.commit,
            &self.wiki_rel,
            &self.source.display(""),
            &self.config,
        )
    }
}

/// The theme `config` names with the override files of the tree at `commit`, whose wiki root
/// is at `wiki_rel` in the repository at `repo_path`.
fn theme_at(
    repo_path: &Path,
    commit: git2::Oid,
    wiki_rel: &str,
    label: &str,
    config: &Config,
) -> Result<Theme, Vec<Diagnostic>> {
    let in_repo = |rel: &str| {
        if wiki_rel.is_empty() {
            rel.to_string()
        } else {
            format!("{wiki_rel}/{rel}")
        }
    };
    let files = |dir: &str, _diags: &mut Vec<Diagnostic>| {
        let repo = git2::Repository::open(repo_path).ok()?;
        let tree = crate::source::GitTree::new(&repo, commit, &in_repo(dir), label).ok()?;
        let (files, _) = tree.list();
        Some(
            files
                .into_iter()
                .filter_map(|f| tree.read(&f).ok().map(|b| (f, b)))
                .collect(),
        )
    };
    let read = |file: &str| {
        let repo = git2::Repository::open(repo_path).ok()?;
        let tree = repo.find_commit(commit).ok()?.tree().ok()?;
        let entry = tree.get_path(Path::new(&in_repo(file))).ok()?;
        let blob = repo.find_blob(entry.id()).ok()?;
        Some(blob.content().to_vec())
    };
    Theme::load_with(config, &files, &read)
}

/// Where `build` writes: `--dest`, else `[build] build-dir`. Refuses destinations that would
/// replace the wiki itself, or a folder of other files (see [`crate::output::replaceable`]).
pub fn resolve_dest(config: &Config, dest: Option<&Path>) -> Result<PathBuf, Diagnostic> {
    let dest = match dest {
        Some(d) => d.to_path_buf(),
        None => config.build_dir(),
    };
    // A symbolic link (`public -> /var/www/site`) names where the site goes: the build replaces
    // the folder it leads to, and leaves the link as it is.
    let dest = match std::fs::symlink_metadata(&dest) {
        Ok(m) if m.file_type().is_symlink() => match std::fs::canonicalize(&dest) {
            Ok(target) => target,
            Err(_) => {
                let target = std::fs::read_link(&dest).unwrap_or_default();
                dest.parent().map(|p| p.join(&target)).unwrap_or(target)
            }
        },
        _ => dest,
    };
    let abs = |p: &Path| {
        std::path::absolute(p)
            .map(|p| normalize(&p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let (d, root, content) = (abs(&dest), abs(&config.root), abs(&config.content_dir()));
    if root.starts_with(&d) || content.starts_with(&d) || d.starts_with(&content) {
        return Err(Diagnostic::error(
            "dest",
            format!(
                "refusing to build into `{}`: it would replace the wiki's own files (choose a separate folder)",
                dest.display()
            ),
        ));
    }
    if !crate::output::replaceable(&dest) {
        return Err(Diagnostic::error(
            "dest",
            format!(
                "refusing to build into `{}`: it is not an empty folder or a site stratwiki built (no `{}` in it), and a build replaces the whole folder; empty or remove it, or choose another destination",
                dest.display(),
                crate::output::SITE_MARKER
            ),
        ));
    }
    Ok(dest)
}

fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// Build the wiki at `root` into `dest` (or the configured build folder).
pub fn build_site(root: &Path, dest: Option<&Path>, today: Date) -> BuildReport {
    build_site_with(root, dest, today, false)
}

/// [`build_site`]; `live_reload` adds the live-preview script to every page (for `serve`).
pub fn build_site_with(
    root: &Path,
    dest: Option<&Path>,
    today: Date,
    live_reload: bool,
) -> BuildReport {
    let mut keep = None;
    let report = build_site_keeping(root, dest, today, live_reload, &mut keep);
    if teardown_skipped() {
        std::mem::forget(keep);
    }
    report
}

/// [`build_site_with`], handing back in `keep` the loaded wiki and theme a successful build
/// rendered: the live server updates that model, never a second reading of the files (which
/// could see a save the build did not).
pub fn build_site_keeping(
    root: &Path,
    dest: Option<&Path>,
    today: Date,
    live_reload: bool,
    keep: &mut Option<(Loaded, Theme)>,
) -> BuildReport {
    let start = Instant::now();
    let mut diags = Diagnostics::new();
    let report = |diags: Diagnostics, dest: Option<PathBuf>, pages, files| BuildReport {
        diagnostics: diags,
        dest,
        pages,
        files,
        elapsed_ms: start.elapsed().as_millis(),
    };
    let Some(loaded) = load(root, Strictness::Build, today, &mut diags) else {
        return report(diags, None, 0, 0);
    };
    crate::timing::stage("load, parse, model, markdown", start);
    let theme = match Theme::load(&loaded.config) {
        Ok(t) => t,
        Err(ds) => {
            diags.extend(ds);
            return report(diags, None, 0, 0);
        }
    };
    if diags.has_errors() {
        return report(diags, None, 0, 0);
    }
    let dest = match resolve_dest(&loaded.config, dest) {
        Ok(d) => d,
        Err(e) => {
            diags.push(e);
            return report(diags, None, 0, 0);
        }
    };
    let staging = match Staging::new(&dest) {
        Ok(s) => s,
        Err(e) => {
            diags.push(Diagnostic::error(
                "write",
                format!(
                    "cannot prepare the build folder next to `{}`: {e}",
                    dest.display()
                ),
            ));
            return report(diags, None, 0, 0);
        }
    };
    // The live server builds into its own folder: what it reuses is its previous build there,
    // and it leaves the keys of the real build folder alone.
    let reuse = if live_reload {
        std::path::absolute(&dest)
            .ok()
            .map(|previous| crate::render::Reuse {
                previous,
                ..Default::default()
            })
    } else {
        load_reuse(&loaded.config, &dest)
    };

    // Top-level entries of the previous site that the new one takes as they are.
    let mut carry = Vec::new();
    // The live server previews the working tree, which no version is built from: it builds the
    // wiki as if it had no `[wiki.versions]` (`serve` says so when it starts).
    let written = if loaded.config.wiki.versions.enabled() && !live_reload {
        let selection = select_versions(&loaded.config);
        // Said on every build, whether or not the editions are taken whole.
        if let Ok(sel) = &selection {
            diags.extend(sel.warnings.iter().cloned());
        }
        let plan = reuse
            .as_ref()
            .zip(selection.as_ref().ok())
            .and_then(|(r, sel)| EditionPlan::new(&loaded, sel, today, r));
        if let Some(plan) = plan.as_ref().filter(|p| p.take.iter().all(|&t| t)) {
            // Every edition is as the previous build wrote it: nothing to load or render.
            if crate::timing::enabled() {
                eprintln!(
                    "timing: versions: all {} editions taken whole from the previous site",
                    plan.take.len()
                );
            }
            Ok(plan.take_all(&mut carry))
        } else {
            match selection
                .and_then(|sel| load_versions(&loaded, sel, today, &mut diags, plan.as_ref()))
            {
                Ok(mut v) => {
                    crate::timing::stage("versions loaded", start);
                    let written =
                        write_versions(&mut v, &staging, reuse.as_ref(), plan.as_ref(), &mut carry);
                    if teardown_skipped() {
                        std::mem::forget(v);
                    }
                    written
                }
                Err(d) => Err(vec![d]),
            }
        }
    } else {
        write_site(&loaded, &theme, &staging, reuse.as_ref(), live_reload)
    };
    crate::timing::stage("render and write", start);
    save_model_cache(&loaded);
    match written {
        Ok((pages, files, warnings)) => match staging
            .commit_carrying(&carry)
            .inspect(|_| crate::timing::stage("swap", start))
        {
            Ok(()) => {
                if let Some(r) = reuse.as_ref().filter(|_| !live_reload) {
                    save_reuse(&loaded.config, &dest, r);
                }
                diags.extend(warnings);
                let done = report(diags, Some(dest), pages, files);
                *keep = Some((loaded, theme));
                done
            }
            Err(e) => {
                diags.push(Diagnostic::error(
                    "write",
                    format!(
                        "cannot put the new site in place at `{}`: {e}",
                        dest.display()
                    ),
                ));
                report(diags, None, 0, 0)
            }
        },
        Err(ds) => {
            diags.extend(ds);
            report(diags, None, 0, 0)
        }
    }
}

static SKIP_TEARDOWN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Declare that this process exits right after its one build: the wiki's model, history and
/// versions are then left for the operating system to reclaim instead of being freed one
/// allocation at a time (on a large wiki that is tens of milliseconds at the end of every
/// build). The caller must call [`crate::history::wait_for_saves`] before exiting. Never for
/// the live server, which builds again and again.
pub fn exit_without_teardown() {
    SKIP_TEARDOWN.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// True after [`exit_without_teardown`].
pub(crate) fn teardown_skipped() -> bool {
    SKIP_TEARDOWN.load(std::sync::atomic::Ordering::Relaxed)
}

/// Render and write everything into the staging folder.
/// Where the keys of reusable pages are kept.
fn reuse_file(config: &Config) -> PathBuf {
    config.root.join(".stratwiki-cache").join("pages.json")
}

#[derive(serde::Serialize, serde::Deserialize)]
struct ReuseFile {
    version: u32,
    dest: String,
    keys: std::collections::BTreeMap<String, u64>,
    /// Editions that a later build may take whole, by folder (none in older files).
    #[serde(default)]
    editions: std::collections::BTreeMap<String, crate::render::Edition>,
}

/// The previous build's page keys, when they describe the site now at `dest`.
fn load_reuse(config: &Config, dest: &Path) -> Option<crate::render::Reuse> {
    if !config.wiki.history.cache {
        return None;
    }
    let dest_abs = std::path::absolute(dest).ok()?;
    let mut reuse = crate::render::Reuse {
        previous: dest_abs.clone(),
        ..Default::default()
    };
    if let Ok(bytes) = std::fs::read(reuse_file(config))
        && let Ok(f) = serde_json::from_slice::<ReuseFile>(&bytes)
        && f.version == 1
        && f.dest == dest_abs.to_string_lossy()
        && dest.is_dir()
    {
        reuse.old = f.keys.into_iter().collect();
        reuse.editions_old = f.editions.into_iter().collect();
    }
    Some(reuse)
}

fn save_reuse(config: &Config, dest: &Path, reuse: &crate::render::Reuse) {
    let Ok(dest_abs) = std::path::absolute(dest) else {
        return;
    };
    let keys = reuse
        .new
        .lock()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), *v)).collect())
        .unwrap_or_default();
    let editions = reuse
        .editions_new
        .lock()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default();
    let f = ReuseFile {
        version: 1,
        dest: dest_abs.to_string_lossy().into_owned(),
        keys,
        editions,
    };
    let path = reuse_file(config);
    if let (Some(dir), Ok(json)) = (path.parent(), serde_json::to_vec(&f)) {
        let _ = std::fs::create_dir_all(dir);
        let tmp = path.with_extension("tmp");
        if std::fs::write(&tmp, json).is_ok() {
            let _ = std::fs::rename(tmp, path);
        }
    }
}

/// Every version of the wiki, loaded.
pub struct Versions {
    /// The versions, oldest first.
    pub list: Vec<crate::versions::Version>,
    /// The default one.
    pub default: usize,
    /// Each version's wiki and history; `None` for a version that was not loaded because its
    /// edition is taken whole from the previous site and no written edition needs it.
    pub wikis: Vec<Option<(RefWiki, Option<History>)>>,
    /// The warning each version's own problems gave, if any.
    pub problems: Vec<Option<String>>,
    /// Each loaded version's own theme.
    pub themes: Vec<Option<Theme>>,
    /// What each version's pages are, for the version menus (of a version not loaded: as the
    /// previous build recorded them).
    pub tables: Vec<crate::versions::UrlTables>,
    /// With an edition plan made for these versions: the hash of every version's tables, which
    /// the editions' view keys are made from. Loading decided with it which versions to load;
    /// writing decides with the same value which editions to take whole.
    views: Option<u64>,
}

/// One version as `load_versions` has it: loaded, or known from the previous build's record of
/// its edition (`wiki` is then `None`).
struct LoadedVersion {
    wiki: Option<(RefWiki, Option<History>)>,
    /// The warning its own problems give.
    problem: Option<String>,
    tables: crate::versions::UrlTables,
}

/// The URL tables of a loaded version: every URL it has (pages, their history pages, the
/// generated pages), the URL of each content file, and where each earlier path of a renamed
/// page went.
fn url_tables(w: &RefWiki, h: Option<&History>) -> crate::versions::UrlTables {
    let mut urls: HashSet<String> = sitemap_urls(&w.site).into_iter().collect();
    urls.extend(w.site.urls.iter().cloned());
    urls.extend(["dashboard.html", "404.html"].into_iter().map(String::from));
    if h.is_some() {
        urls.insert("changes.html".into());
        urls.extend(
            w.site
                .urls
                .iter()
                .map(|p| crate::render::revisions::history_url(p)),
        );
    }
    let mut urls: Vec<String> = urls.into_iter().collect();
    urls.sort();
    let mut paths: Vec<(String, String)> = w
        .site
        .pages
        .iter()
        .map(|p| (p.src.path.clone(), p.url.clone()))
        .collect();
    paths.sort();
    paths.dedup_by(|a, b| a.0 == b.0);
    let mut aliases: HashMap<String, String> = HashMap::new();
    if let Some(h) = h {
        for p in &w.site.pages {
            for old in h
                .page(&p.src.path)
                .map(|ph| ph.old_paths.as_slice())
                .unwrap_or(&[])
            {
                aliases.insert(old.clone(), p.url.clone());
            }
        }
    }
    let mut aliases: Vec<(String, String)> = aliases.into_iter().collect();
    aliases.sort();
    crate::versions::UrlTables {
        urls,
        paths,
        aliases,
    }
}

/// The versions a build publishes: those `[wiki.versions]` selects, less any whose tree cannot
/// be built at all.
pub struct Selection {
    /// Oldest first (see [`crate::versions::select`]).
    pub list: Vec<crate::versions::Version>,
    /// The default version's index in `list`.
    pub default: usize,
    /// Said on every build: a version left out (and why), a development ref not selected.
    pub warnings: Vec<Diagnostic>,
}

/// Select the versions of the wiki at `config.root`. A version other than the default whose
/// tree has no content folder, a `book.toml` that does not read, or a theme that does not load
/// is left out with a warning: such a tag (a code release from before the wiki existed, say) is
/// history that must not stop today's build, and it has no pages to show. The default edition
/// is the site itself: its problems stop the build, when it is loaded.
pub fn select_versions(config: &Config) -> Result<Selection, Diagnostic> {
    let repo = git2::Repository::discover(&config.root).map_err(|_| {
        Diagnostic::error(
            "versions",
            "`[wiki.versions]` needs the wiki to be in a git repository",
        )
        .in_file("book.toml")
    })?;
    let table_line = config.key_line("wiki", "versions").unwrap_or(1);
    let (mut list, default, mut warnings) = crate::versions::select(&repo, &config.wiki.versions)
        .map_err(|d| {
        if d.line.is_none() {
            d.at(table_line, 1)
        } else {
            d
        }
    })?;
    for w in &mut warnings {
        if w.line.is_none() {
            *w = w.clone().at(table_line, 1);
        }
    }
    if let Some(w) = crate::versions::development_warning(&config.wiki.versions, &list) {
        let line = config.key_line("wiki.versions", "development");
        warnings.push(w.at(line.unwrap_or(1), 1));
    }
    let wiki_rel = wiki_rel_in(&repo, &config.root).unwrap_or_default();
    let default_name = list[default].name.clone();
    list.retain(|v| {
        if v.name == default_name {
            return true;
        }
        let Some(why) = unbuildable(&repo, &config.root, &wiki_rel, v) else {
            return true;
        };
        let mut d = Diagnostic::warning(
            "versions",
            format!("version `{}` is left out of the site: {why}", v.name),
        )
        .in_file("book.toml");
        if let Some(line) = config
            .key_line("wiki.versions", "tags")
            .or_else(|| config.key_line("wiki.versions", "branches"))
        {
            d = d.at(line, 1);
        }
        warnings.push(d);
        false
    });
    let default = list
        .iter()
        .position(|v| v.name == default_name)
        .unwrap_or(0);
    Ok(Selection {
        list,
        default,
        warnings,
    })
}

/// The wiki root's path inside the repository's work tree (`""` at its top, `docs/wiki`).
fn wiki_rel_in(repo: &git2::Repository, root: &Path) -> Result<String, String> {
    let workdir = repo
        .workdir()
        .ok_or_else(|| "the repository is bare".to_string())?
        .canonicalize()
        .map_err(|e| e.to_string())?;
    let root_abs = root.canonicalize().map_err(|e| e.to_string())?;
    Ok(root_abs
        .strip_prefix(&workdir)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default())
}

/// Why version `v` cannot be built at all, if it cannot: what [`load_ref_cached`] and the
/// theme would stop at, checked without loading its pages.
fn unbuildable(
    repo: &git2::Repository,
    root: &Path,
    wiki_rel: &str,
    v: &crate::versions::Version,
) -> Option<String> {
    let join = |rel: &str| {
        if wiki_rel.is_empty() {
            rel.to_string()
        } else {
            format!("{wiki_rel}/{rel}")
        }
    };
    let tree = match repo.find_commit(v.commit).and_then(|c| c.tree()) {
        Ok(t) => t,
        Err(e) => return Some(format!("its commit cannot be read: {}", e.message())),
    };
    let config = match tree.get_path(Path::new(&join("book.toml"))) {
        Ok(entry) => {
            let text = repo
                .find_blob(entry.id())
                .map(|b| String::from_utf8_lossy(b.content()).into_owned())
                .unwrap_or_default();
            match Config::parse(root, &text, &mut Diagnostics::new()) {
                Ok(c) => c,
                Err(e) => {
                    let mut d = e.to_diagnostic();
                    d.file = Some(format!("{}:{}", v.name, join("book.toml")));
                    return Some(format!("its book.toml does not read ({d})"));
                }
            }
        }
        Err(_) => Config::default_for(root),
    };
    let content = join(&config.book.src.to_string_lossy());
    let is_folder = tree
        .get_path(Path::new(&content))
        .is_ok_and(|e| e.kind() == Some(git2::ObjectType::Tree));
    if !is_folder {
        return Some(format!("it has no content folder `{content}`"));
    }
    // The built-in theme always loads: only a tree with a theme or files of its own is tried.
    let theme = &config.wiki.theme;
    let own_files = theme != "default"
        || ["templates".to_string(), format!("themes/{theme}/templates")]
            .iter()
            .any(|d| tree.get_path(Path::new(&join(d))).is_ok())
        || !config.html.additional_css.is_empty()
        || !config.html.additional_js.is_empty();
    if own_files && let Err(ds) = theme_at(repo.path(), v.commit, wiki_rel, &v.name, &config) {
        let first = ds.first().map(|d| d.to_string()).unwrap_or_default();
        return Some(format!("its theme does not load ({first})"));
    }
    None
}

/// Load every version `[wiki.versions]` selects, each from its own commit, with its own
/// configuration, CODEOWNERS and history (ending at that commit). Problems in old editions are
/// reported as warnings: they are history, and must not stop today's build.
///
/// With a `plan`, a version is not loaded when its edition is taken whole from the previous
/// site and no edition written needs it (as the one before it, for its changes page): the
/// previous build recorded its URL tables and warning with the edition. A daily rebuild then
/// loads two versions of ten.
fn load_versions(
    loaded: &Loaded,
    selection: Selection,
    today: Date,
    diags: &mut Diagnostics,
    plan: Option<&EditionPlan<'_>>,
) -> Result<Versions, Diagnostic> {
    let config = &loaded.config;
    let Selection { list, default, .. } = selection;
    let cache = config
        .wiki
        .history
        .cache
        .then(|| history_cache_file(config));
    let mut wikis = Vec::new();
    let mut problems = Vec::new();
    let own_cache;
    let model_cache = match loaded.model_cache.as_deref() {
        Some(c) => c,
        None => {
            own_cache = ModelCache::default();
            &own_cache
        }
    };
    let n = list.len();
    // One version, from its own commit: its wiki and history, the warning its own problems
    // give, and what the version menus need of it.
    let load_one = |i: usize| -> Result<LoadedVersion, Diagnostic> {
        let v = &list[i];
        let mut ds = Diagnostics::new();
        let mut w = load_version(&config.root, v, &mut ds, Some(model_cache))?;
        // Published where the current build publishes: its absolute links (canonical, 404,
        // open data, feed) use today's `site-url`, not the one its tag had.
        w.config.html.site_url = config.html.site_url.clone();
        w.config.html.cname = config.html.cname.clone();
        // Edit, source and commit links lead where the current build says (its remote, forge
        // and edit settings), into this edition's own layout. The default edition is edited
        // on the edit branch, another branch's edition on that branch; an older edition from
        // a tag cannot be edited, and its source links show its files at the tag.
        let editable = i == default || v.branch;
        w.site.repo_links = repo_links(config, &w.prefix).map(|mut r| {
            if i != default {
                r.branch = v.name.clone();
            }
            r.editable = editable;
            r
        });
        w.config.html.edit_url_template = config
            .html
            .edit_url_template
            .clone()
            .filter(|_| i == default);
        let history = if w.config.wiki.history.enabled {
            let opts = history::Options {
                follow_renames: w.config.wiki.history.follow_renames,
                cache: cache.clone(),
                progress: false,
                head: Some(w.commit),
                // From its own tree: its content folder may have moved since.
                prefix: Some(w.prefix.clone()),
            };
            let mut hd = Vec::new();
            let h = history::load(&w.config, &opts, &mut hd);
            ds.extend(hd);
            h
        } else {
            None
        };
        let repo_prefix = w.prefix.clone();
        let codeowners = std::mem::take(&mut w.codeowners);
        w.site.set_codeowners(&codeowners, &repo_prefix);
        let mut gd = Vec::new();
        crate::model::goals::track(
            &mut w.site,
            history.as_ref(),
            today,
            crate::versions::judged_on(&list, default, i, today),
            &w.config.wiki.goals.review_every,
            &mut gd,
        );
        ds.extend(gd);
        ds.apply_levels(&w.config.wiki.check);
        // An old edition's problems are history: one line says how many there are, rather
        // than thousands of lines that would hide today's.
        // Its errors are named, though: a page with an error is left out of that edition.
        let own = |d: &&Diagnostic| d.code != "history" && d.code != "overdue" && d.code != "stale";
        let count = ds.iter().filter(own).count();
        let errors: Vec<String> = ds
            .iter()
            .filter(own)
            .filter(|d| d.severity == crate::diagnostics::Severity::Error)
            .map(|d| d.to_string())
            .collect();
        let problem = (count > 0).then(|| {
            let mut m = format!(
                "version `{}` has {count} problem{} of its own (see them with `git checkout {}` and `stratwiki check`)",
                v.name,
                if count == 1 { "" } else { "s" },
                v.name
            );
            if !errors.is_empty() {
                m.push_str(
                    "; its errors (a page whose front matter does not read is left out of that edition):",
                );
                const SHOWN: usize = 5;
                for e in errors.iter().take(SHOWN) {
                    m.push_str("\n  ");
                    m.push_str(e);
                }
                if errors.len() > SHOWN {
                    m.push_str(&format!("\n  and {} more", errors.len() - SHOWN));
                }
            }
            m
        });
        let tables = url_tables(&w, history.as_ref());
        Ok(LoadedVersion {
            wiki: Some((w, history)),
            problem,
            tables,
        })
    };
    // The plan, if it was made for these versions.
    let plan = plan.filter(|p| p.describes(&list));
    // A version whose edition the previous build recorded from the same commit (and with the
    // same program and settings) is known from that record without loading it.
    let mut versions: Vec<Option<LoadedVersion>> = (0..n)
        .map(|i| {
            let p = plan?;
            let e = p
                .reuse
                .editions_old
                .get(&p.slots[i].0)
                .filter(|e| e.tables_key == p.tables_key(i))?;
            Some(LoadedVersion {
                wiki: None,
                problem: e.warning.clone(),
                tables: e.tables.clone()?,
            })
        })
        .collect();
    // First every version no record stands in for (a new commit, a new tag).
    for (i, slot) in versions.iter_mut().enumerate() {
        if slot.is_none() {
            *slot = Some(load_one(i)?);
        }
    }
    // Then, with what every version's menu entries need known, the editions that will be
    // written, and the versions they need: their own, and the one before (its changes page).
    // The others are taken whole from the previous site and need not be loaded.
    let views = plan.map(|_| {
        let tables: Vec<&crate::versions::UrlTables> =
            versions.iter().flatten().map(|l| &l.tables).collect();
        crate::render::key::key_of(&[&tables])
    });
    if let (Some(p), Some(views)) = (plan, views) {
        let written = |j: usize| !p.can_take(j, p.view_key(j, views));
        for (i, slot) in versions.iter_mut().enumerate() {
            let needed = written(i)
                || (i + 1 < n && written(i + 1))
                || ((i == default || i + 1 == default) && written(n));
            if needed && slot.as_ref().is_some_and(|l| l.wiki.is_none()) {
                *slot = Some(load_one(i)?);
            }
        }
    }
    if versions.iter().flatten().any(|l| l.wiki.is_none()) {
        model_cache.keep_unused();
    }
    let mut tables = Vec::new();
    for l in versions.into_iter().flatten() {
        if let Some(p) = &l.problem {
            diags.push(Diagnostic::warning("versions", p.clone()));
        }
        problems.push(l.problem);
        tables.push(l.tables);
        wikis.push(l.wiki);
    }
    let mut themes = Vec::new();
    for (i, loaded) in wikis.iter().enumerate() {
        let Some((w, _)) = loaded else {
            themes.push(None);
            continue;
        };
        themes.push(Some(w.theme().map_err(|ds| {
            let first = ds
                .into_iter()
                .next()
                .unwrap_or_else(|| Diagnostic::error("theme", "the theme cannot be loaded"));
            Diagnostic::error(
                "theme",
                format!("version `{}`: {}", list[i].name, first.message),
            )
        })?));
    }
    if crate::timing::enabled() {
        eprintln!(
            "timing: versions: {} of {n} versions loaded",
            wikis.iter().filter(|w| w.is_some()).count()
        );
    }
    Ok(Versions {
        list,
        default,
        wikis,
        problems,
        themes,
        tables,
        views,
    })
}

/// Which editions of a site with several versions the previous build's folders can serve as
/// they are.
///
/// An edition's files are made from: its commit (content, `book.toml`, theme, CODEOWNERS and
/// history all come from it), the list of versions (the menu, the changes page), the date its
/// goals are judged against (today for the current editions, its own date for an older one:
/// [`crate::versions::judged_on`]), `.mailmap` (who is credited), and this program (its built-in
/// theme and rendering). When the hash of all that is the one the previous build wrote the
/// edition with, and its folder is still there, the folder is moved into the new site whole
/// ([`Staging::commit_carrying`]): an old edition costs nothing to build again, and when every
/// edition is unchanged no version is even loaded.
struct EditionPlan<'r> {
    reuse: &'r crate::render::Reuse,
    /// Each job's folder (`v1/`, ..., and `""` for the site root, last) and key.
    slots: Vec<(String, u64)>,
    /// What every key starts from: all of the above but the versions' commits.
    base: u64,
    /// Each job's own commit, the commit of the version before it (its changes page), and the
    /// date its goals are judged against.
    commits: Vec<(String, Option<String>, String)>,
    /// Every version's folder name, to tell the site root's entries from the editions'.
    slugs: Vec<String>,
    /// For each job: the previous site has its folder as this build would write it.
    take: Vec<bool>,
}

impl<'r> EditionPlan<'r> {
    /// The plan for this build, or `None` when the versions cannot be listed (the build then
    /// loads them and reports why).
    fn new(
        loaded: &Loaded,
        selection: &Selection,
        today: Date,
        reuse: &'r crate::render::Reuse,
    ) -> Option<Self> {
        use crate::render::key::key_of;
        let repo = git2::Repository::discover(&loaded.config.root).ok()?;
        let (list, default) = (&selection.list, selection.default);
        let versions: Vec<_> = list
            .iter()
            .map(|v| (&v.name, &v.slug, &v.label, v.development))
            .collect();
        let base = key_of(&[
            &crate::content::cache::binary_stamp(),
            &versions,
            &default,
            &mailmap_fingerprint(&repo),
            &format!("{:?}", loaded.config.wiki.versions),
            // Every edition links from where the current build publishes it, and to where it
            // says the repository is.
            &loaded.config.site_url(),
            &loaded.config.html.cname,
            &loaded.config.html.edit_url_template,
            &format!("{:?}", repo_links(&loaded.config, "")),
        ]);
        let all_commits: Vec<String> = list.iter().map(|v| v.commit.to_string()).collect();
        let common = key_of(&[&base, &all_commits]);
        let jobs: Vec<usize> = (0..list.len()).chain([default]).collect();
        // The date its goals are judged against: today's for the current editions, its own
        // for an older one (which then stays the same from one day to the next).
        let judged: Vec<String> = jobs
            .iter()
            .map(
                |&i| match crate::versions::judged_on(list, default, i, today) {
                    // Never the same text for the two cases: an edition judged on its own
                    // date must not be taken for one judged on the build's date.
                    Some(d) => format!("edition {d}"),
                    None => format!("today {today}"),
                },
            )
            .collect();
        let commits = jobs
            .iter()
            .zip(&judged)
            .map(|(&i, judged)| {
                (
                    all_commits[i].clone(),
                    i.checked_sub(1).map(|p| all_commits[p].clone()),
                    judged.clone(),
                )
            })
            .collect();
        let slots: Vec<(String, u64)> = list
            .iter()
            .map(|v| format!("{}/", v.slug))
            .chain([String::new()])
            .zip(&judged)
            .map(|(slot, judged)| {
                let key = key_of(&[&common, &slot, judged]);
                (slot, key)
            })
            .collect();
        let take = slots
            .iter()
            .map(|(slot, key)| {
                reuse.editions_old.get(slot).is_some_and(|e| e.key == *key)
                    && previous_has(reuse, slot)
            })
            .collect();
        Some(EditionPlan {
            reuse,
            slots,
            base,
            commits,
            slugs: list.iter().map(|v| v.slug.clone()).collect(),
            take,
        })
    }

    /// Take job `j`'s edition from the previous site whole: keep its files' keys and its
    /// record for the next build, and name its entries for the swap to carry over. Returns
    /// its pages, other files and warning as the build that wrote it counted them.
    fn take_edition(&self, j: usize, carry: &mut Vec<String>) -> crate::render::Edition {
        let slot = self.slots[j].0.as_str();
        let in_edition = |url: &str| {
            if slot.is_empty() {
                !self.slugs.iter().any(|s| {
                    url.strip_prefix(s.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
                })
            } else {
                url.starts_with(slot)
            }
        };
        {
            let mut new = self.reuse.new.lock().unwrap_or_else(|e| e.into_inner());
            for (url, key) in &self.reuse.old {
                if in_edition(url) {
                    new.insert(url.clone(), *key);
                }
            }
        }
        let mut edition = self
            .reuse
            .editions_old
            .get(slot)
            .cloned()
            .unwrap_or_default();
        // Taken by its view key: the commits moved, so its key is this build's.
        edition.key = self.slots[j].1;
        self.reuse
            .editions_new
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(slot.to_string(), edition.clone());
        if slot.is_empty() {
            if let Ok(entries) = std::fs::read_dir(&self.reuse.previous) {
                let mut names: Vec<String> = entries
                    .flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|name| !self.slugs.contains(name))
                    .collect();
                // `index.html` last: the site root counts as there only with it (`new`), so a
                // build stopped while moving these leaves a root the next build renders again.
                names.sort_by_key(|n| n == "index.html");
                carry.extend(names);
            }
        } else {
            carry.push(slot.trim_end_matches('/').to_string());
        }
        edition
    }

    /// The plan was made for these versions (the same folders and commits): a ref created or
    /// moved since it listed them (a fetch in another terminal) makes it describe others.
    fn describes(&self, list: &[crate::versions::Version]) -> bool {
        self.slots.len() == list.len() + 1
            && self.slugs.iter().eq(list.iter().map(|x| &x.slug))
            && self
                .commits
                .iter()
                .zip(list.iter().map(|x| x.commit.to_string()))
                .all(|((own, _, _), listed)| *own == listed)
    }

    /// What version `i`'s URL tables are made from: its commit, the program, `.mailmap` and
    /// the versions' settings. A record with this key stands in for loading the version.
    fn tables_key(&self, i: usize) -> u64 {
        crate::render::key::key_of(&[&self.base, &self.commits[i].0])
    }

    /// Take every edition whole (all of `take` is true).
    fn take_all(&self, carry: &mut Vec<String>) -> (usize, usize, Vec<Diagnostic>) {
        let (mut pages, mut files, mut warnings) = (0, 0, Vec::new());
        for j in 0..self.slots.len() {
            let e = self.take_edition(j, carry);
            pages += e.pages;
            files += e.files;
            warnings.extend(e.warning.map(|m| Diagnostic::warning("versions", m)));
        }
        (pages, files, warnings)
    }

    /// Job `j`'s key from what the loaded versions show of each other (`views`: a hash of
    /// every version's URLs, paths and renames): another version's new commit that changed no
    /// URL leaves it as it was.
    fn view_key(&self, j: usize, views: u64) -> u64 {
        crate::render::key::key_of(&[&self.base, &self.slots[j].0, &self.commits[j], &views])
    }

    /// The previous site has job `j`'s folder as this build would write it: by its key
    /// (`take`), or by its key from the loaded versions (`view_key`).
    fn can_take(&self, j: usize, view_key: u64) -> bool {
        let slot = self.slots[j].0.as_str();
        self.take.get(j) == Some(&true)
            || (self
                .reuse
                .editions_old
                .get(slot)
                .is_some_and(|e| e.view_key == view_key)
                && previous_has(self.reuse, slot))
    }

    /// Record that job `j` was written, with these figures, for a later build to take whole.
    fn record(
        &self,
        j: usize,
        view_key: u64,
        pages: usize,
        files: usize,
        warning: Option<String>,
        tables: Option<crate::versions::UrlTables>,
    ) {
        let (slot, key) = &self.slots[j];
        self.reuse
            .editions_new
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(
                slot.clone(),
                crate::render::Edition {
                    key: *key,
                    view_key,
                    pages,
                    files,
                    warning,
                    tables_key: if tables.is_some() {
                        self.tables_key(j)
                    } else {
                        0
                    },
                    tables,
                },
            );
    }
}

/// The previous site still has the edition in folder `slot` (`""`: the site root's, there when
/// its `index.html` is, which `EditionPlan::take_edition` carries last).
fn previous_has(reuse: &crate::render::Reuse, slot: &str) -> bool {
    if slot.is_empty() {
        reuse.previous.join("index.html").is_file()
    } else {
        reuse.previous.join(slot).is_dir()
    }
}

/// What the history of a repository depends on besides its commits: the `.mailmap` it reads
/// (the working tree's file, and the `mailmap.file` and `mailmap.blob` settings and contents)
/// and where a shallow clone's history stops, for the keys of whole editions.
fn mailmap_fingerprint(repo: &git2::Repository) -> Vec<Vec<u8>> {
    let mut parts = Vec::new();
    if let Some(dir) = repo.workdir() {
        parts.push(std::fs::read(dir.join(".mailmap")).unwrap_or_default());
    }
    if let Ok(config) = repo.config() {
        for name in ["mailmap.file", "mailmap.blob"] {
            parts.push(config.get_string(name).unwrap_or_default().into_bytes());
        }
        if let Ok(path) = config.get_path("mailmap.file") {
            parts.push(std::fs::read(path).unwrap_or_default());
        }
        if let Ok(spec) = config.get_string("mailmap.blob")
            && let Ok(blob) = repo.revparse_single(&spec).and_then(|o| o.peel_to_blob())
        {
            parts.push(blob.content().to_vec());
        }
    }
    // A shallow clone deepened (or made shallower) changes every history.
    parts.push(std::fs::read(repo.path().join("shallow")).unwrap_or_default());
    parts
}

/// Render every version into its folder, the default one also at the root, and a page of what
/// changed between each version and the one before it. With a `plan`, editions the previous
/// site has as they would be written are taken from it (their entries added to `carry`), and
/// the others recorded for the next build.
///
/// Each version's wiki is dropped as soon as its folder is written (but the default's, which
/// the site root needs last): ten editions then never hold ten models at once.
fn write_versions(
    v: &mut Versions,
    staging: &Staging,
    reuse: Option<&crate::render::Reuse>,
    plan: Option<&EditionPlan<'_>>,
    carry: &mut Vec<String>,
) -> Result<(usize, usize, Vec<Diagnostic>), Vec<Diagnostic>> {
    // Every URL each version has (its pages, their history pages, the generated pages), the
    // URL of each content file, and where renamed pages' earlier paths went.
    let urls: Vec<HashSet<String>> = v
        .tables
        .iter()
        .map(|t| t.urls.iter().cloned().collect())
        .collect();
    let paths: Vec<HashMap<String, String>> = v
        .tables
        .iter()
        .map(|t| t.paths.iter().cloned().collect())
        .collect();
    let aliases: Vec<HashMap<String, String>> = v
        .tables
        .iter()
        .map(|t| t.aliases.iter().cloned().collect())
        .collect();
    let (urls, paths, aliases) = (
        std::sync::Arc::new(urls),
        std::sync::Arc::new(paths),
        std::sync::Arc::new(aliases),
    );
    let view = |current: usize, at_root: bool| crate::versions::VersionsView {
        list: v.list.clone(),
        urls: urls.clone(),
        paths: paths.clone(),
        aliases: aliases.clone(),
        current,
        default: v.default,
        at_root,
    };
    let n = v.wikis.len();
    let mut wikis: Vec<Option<(RefWiki, Option<History>)>> = std::mem::take(&mut v.wikis);
    let v = &*v;
    let shared = crate::render::SharedPages::default();
    // The plan listed the versions before they were loaded: a ref created or moved in between
    // (a fetch in another terminal) makes it describe other editions, so it is dropped.
    let plan = plan.filter(|p| p.describes(&v.list));
    let (mut pages, mut files, mut warnings) = (0, 0, Vec::new());
    let mut taken = 0;
    // What the versions show of each other (the menus' targets), for the editions' keys: as
    // loading computed it.
    let views = plan.and(v.views);
    // Jobs: every version into its folder, oldest first, then the default one at the root.
    // Which of them the previous site has as this build would write them:
    let view_keys: Vec<Option<u64>> = (0..=n)
        .map(|j| plan.zip(views).map(|(p, views)| p.view_key(j, views)))
        .collect();
    let takes: Vec<bool> = (0..=n)
        .map(|j| plan.is_some_and(|p| p.can_take(j, view_keys[j].unwrap_or_default())))
        .collect();
    // What changed since the version before, for the changes page of each version written
    // (and the site root's): compared now, while every version is loaded, and only for those
    // (a daily rebuild writes one edition of ten).
    let mut changes: Vec<Option<(String, crate::compare::Comparison)>> = Vec::new();
    for i in 0..n {
        let written = !takes[i] || (i == v.default && !takes[n]);
        if i == 0 || !written {
            changes.push(None);
            continue;
        }
        let (Some((before, _)), Some((after, _))) = (&wikis[i - 1], &wikis[i]) else {
            return Err(vec![Diagnostic::error(
                "versions",
                format!(
                    "internal error: versions `{}` and `{}` were not both loaded for the changes page",
                    v.list[i - 1].name,
                    v.list[i].name
                ),
            )]);
        };
        let cmp = crate::compare::compare(
            &before.site,
            &after.site,
            &v.list[i - 1].label,
            &v.list[i].label,
        );
        changes.push(Some((
            format!("changes-since-{}.html", v.list[i - 1].slug),
            cmp,
        )));
    }
    let mut root_changes = changes.get(v.default).cloned().flatten();
    for j in 0..=n {
        let at_root = j == n;
        let i = if at_root { v.default } else { j };
        // The last use of this version's wiki (the default's is used again at the root).
        let owned = (!at_root && i != v.default)
            .then(|| wikis[i].take())
            .flatten();
        let view_key = view_keys[j];
        if let Some(plan) = plan.filter(|_| takes[j]) {
            // Its version's problems were reported as it was loaded.
            let e = plan.take_edition(j, carry);
            pages += e.pages;
            files += e.files;
            taken += 1;
            continue;
        }
        // Every version an edition to write needs was loaded (`load_versions`): a missing one
        // would leave its folder out of the site, so it stops the build.
        let not_loaded = || {
            vec![Diagnostic::error(
                "versions",
                format!(
                    "internal error: version `{}` was not loaded, but its edition must be written",
                    v.list[i].name
                ),
            )]
        };
        let Some((w, h)) = owned.as_ref().or(wikis[i].as_ref()) else {
            return Err(not_loaded());
        };
        let job = Job {
            proposals: None,
            theme: v.themes[i].as_ref().ok_or_else(not_loaded)?,
            shared: Some(&shared),
            config: &w.config,
            site: &w.site,
            history: h.as_ref(),
            source: &w.source,
            prefix: if at_root {
                String::new()
            } else {
                format!("{}/", v.list[i].slug)
            },
            versions: Some(view(i, at_root)),
            changes: if at_root {
                root_changes.take()
            } else {
                changes[i].take()
            },
            sitemap: at_root,
        };
        // No live-reload script: the live server builds the working tree, never the versions.
        let (p, f, w) = write_jobs(std::slice::from_ref(&job), staging, reuse, false)?;
        if let Some(plan) = plan
            && w.is_empty()
        {
            // Only an edition written without warnings is taken later, so warnings never
            // vanish.
            plan.record(
                j,
                view_key.unwrap_or_default(),
                p,
                f,
                v.problems.get(j).cloned().flatten(),
                v.tables.get(j).cloned(),
            );
        }
        pages += p;
        files += f;
        warnings.extend(w);
    }
    if teardown_skipped() {
        std::mem::forget(wikis);
    }
    let written = Ok((pages, files, warnings));
    if crate::timing::enabled() {
        eprintln!("timing: versions: {taken} editions taken whole from the previous site");
        use std::sync::atomic::Ordering::Relaxed;
        eprintln!(
            "timing: versions: {} pages taken from another version, {} rendered",
            shared.hits.load(Relaxed),
            shared.misses.load(Relaxed)
        );
    }
    written
}

/// One site to render into the staging folder: the wiki, or one version of it.
struct Job<'a> {
    /// Proposals to list (site root only).
    proposals: Option<&'a [crate::proposals::Proposal]>,
    /// The theme to render with.
    theme: &'a Theme,
    /// Pages shared between the versions of one build.
    shared: Option<&'a crate::render::SharedPages>,
    config: &'a Config,
    site: &'a Site,
    history: Option<&'a History>,
    /// Where the content's other files (images) come from.
    source: &'a dyn Source,
    /// The folder inside the site (`""`, or `v1/`).
    prefix: String,
    versions: Option<crate::versions::VersionsView>,
    /// The page comparing this version with the previous one: (URL, comparison).
    changes: Option<(String, crate::compare::Comparison)>,
    /// The job at the top of the site: it writes `sitemap.xml` and `CNAME`.
    sitemap: bool,
}

fn write_site(
    loaded: &Loaded,
    theme: &Theme,
    staging: &Staging,
    reuse: Option<&crate::render::Reuse>,
    live_reload: bool,
) -> Result<(usize, usize, Vec<Diagnostic>), Vec<Diagnostic>> {
    let source = WorkingTree::new(&loaded.config.root, &loaded.config.content_dir());
    let job = Job {
        proposals: Some(&loaded.proposals),
        theme,
        shared: None,
        config: &loaded.config,
        site: &loaded.site,
        history: loaded.history.as_ref(),
        source: &source,
        prefix: String::new(),
        versions: None,
        changes: None,
        sitemap: true,
    };
    write_jobs(&[job], staging, reuse, live_reload)
}

fn write_jobs(
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

/// Validate the wiki at `root` as `build` would, with broken links as errors, writing nothing.
pub fn check_site(root: &Path, today: Date) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let Some(loaded) = load(root, Strictness::Check, today, &mut diags) else {
        return diags;
    };
    match Theme::load(&loaded.config) {
        Ok(theme) => {
            let renderer = Renderer::new(
                &theme,
                &loaded.site,
                &loaded.config,
                loaded.history.as_ref(),
            );
            let sink = |_: &str, _: crate::render::Content| Ok(());
            if let Err(d) = renderer.render_all(&sink) {
                diags.push(d);
            }
            diags.extend(renderer.take_warnings());
        }
        Err(ds) => diags.extend(ds),
    }
    // What `build` would stop at, or warn about, in the choice of versions (not the old
    // editions' own problems: they are history).
    if loaded.config.wiki.versions.enabled() {
        match select_versions(&loaded.config) {
            Ok(sel) => diags.extend(sel.warnings),
            Err(d) => diags.push(d),
        }
    }
    save_model_cache(&loaded);
    diags
}
