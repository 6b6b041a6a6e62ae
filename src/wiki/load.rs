//! Loading a wiki from any source with one options struct: the working tree for `build`,
//! `check` and `serve`; a ref for `diff` and proposals; a version's commit for its edition.

use std::path::Path;
use std::time::Instant;

use jiff::civil::Date;

use super::parse::build_model_cached;
use super::{Caches, Place, Strictness, Wiki, WikiSource};
use crate::config::Config;
use crate::content::cache::ModelCache;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::history::{self, History};
use crate::model::Site;
use crate::model::codeowners::CodeOwners;
use crate::source::{GitTree, WorkingTree};

/// Which state of the wiki to load.
#[derive(Debug, Clone, Copy)]
pub enum At<'a> {
    /// The files on disk.
    WorkingTree,
    /// What a revision names (a tag, a branch, a commit id), which also labels its files in
    /// messages (`main:content/goals/eid.md`).
    Rev(&'a str),
    /// A commit, its files labelled `label` (a version: a tag and a branch of the same name
    /// must not stand in for each other, so it is loaded by commit).
    Commit {
        /// The commit.
        id: git2::Oid,
        /// How its files are named in messages (`v1:content/x.md`).
        label: &'a str,
    },
}

/// Whether to read the wiki's history.
#[derive(Debug, Clone, Copy)]
pub enum HistoryMode<'a> {
    /// No history (the pull-request report compares trees).
    Skip,
    /// Read it when `[wiki.history] enabled`, up to the loaded commit; `progress` shows a
    /// progress bar on a terminal.
    Read {
        /// Show a progress bar.
        progress: bool,
    },
    /// This history, as an earlier load of the same commit read it (the live server reloading
    /// the working tree after a save: no commit was made, so the history is the same but for
    /// its `uncommitted` flags, which the caller sets). Its goal series are taken as they are.
    Kept(&'a History),
}

/// Where an edition's links lead and where it is published.
#[derive(Debug, Clone, Copy)]
pub enum Links<'a> {
    /// By the wiki's own `book.toml`.
    Own,
    /// By today's `book.toml` (`current`): an older edition is published where the current
    /// build publishes (its canonical, 404, open-data and feed links use today's `site-url`),
    /// and its edit, source and commit links lead where today's settings say, into its own
    /// layout.
    Edition {
        /// Today's configuration.
        current: &'a Config,
        /// The branch its source links show (`None`: the edit branch, for the default
        /// edition).
        branch: Option<&'a str>,
        /// Its pages get edit links (the default edition, a branch's edition).
        editable: bool,
    },
}

/// Which `book.toml` a wiki read from git is read with.
#[derive(Debug, Clone, Copy)]
pub enum ConfigFrom<'a> {
    /// Its own; the defaults when its tree has none.
    Own,
    /// Its own; when its tree has none (a tag made before the wiki had settings), this one
    /// (today's), so history from before `book.toml` still builds.
    OwnOr(&'a Config),
    /// This one (today's), whatever its tree has: `[wiki.versions] config = "current"`.
    Current(&'a Config),
}

/// How to load a wiki.
#[derive(Clone, Copy)]
pub struct LoadOptions<'a> {
    /// From where.
    pub at: At<'a>,
    /// How broken links are rated.
    pub strictness: Strictness,
    /// The date overdue and stale goals are judged against.
    pub today: Date,
    /// An older edition's own date, which its goals are judged against instead of `today`.
    pub judged_on: Option<Date>,
    /// Whether to read the history.
    pub history: HistoryMode<'a>,
    /// The wiki's caches: read, and written unless read-only.
    pub caches: &'a Caches,
    /// A page cache shared with other loads of this run (the versions of one build). `None`
    /// for the working tree reads the wiki's own, beside the history; `None` for a ref uses
    /// none.
    pub model_cache: Option<&'a ModelCache>,
    /// Where its links lead.
    pub links: Links<'a>,
    /// List the proposal branches (`[wiki.proposals]`).
    pub proposals: bool,
    /// Which `book.toml` a wiki read from git is read with (the working tree's is its own).
    pub config: ConfigFrom<'a>,
}

/// Load the wiki at `place` as `opts` says, with its problems in `diags` (levels applied as its
/// own `[wiki.check]` sets them). `Err` when nothing can be loaded at all.
pub fn load(
    place: &Place,
    opts: &LoadOptions<'_>,
    diags: &mut Diagnostics,
) -> Result<(Wiki, Option<std::sync::Arc<ModelCache>>), Diagnostic> {
    let (config, source, commit, prefix, codeowners) = match opts.at {
        At::WorkingTree => {
            // A multilingual wiki's language is loaded with its own configuration.
            let given = match opts.config {
                ConfigFrom::Current(c) => Some(c),
                _ => None,
            };
            let (config, source) = working_tree(&place.root, given, diags)?;
            let prefix = place.content_prefix(&config);
            (config, WikiSource::WorkingTree(source), None, prefix, None)
        }
        At::Rev(rev) => from_git(place, rev, None, opts.config, diags)?,
        At::Commit { id, label } => from_git(place, label, Some(id), opts.config, diags)?,
    };
    let mut config = config;
    if let Links::Edition { current, .. } = opts.links {
        config.html.site_url = current.html.site_url.clone();
        config.html.cname = current.html.cname.clone();
        config.html.edit_url_template = current
            .html
            .edit_url_template
            .clone()
            .filter(|_| matches!(opts.links, Links::Edition { branch: None, .. }));
    }
    let (site, history, own_cache) = model_and_history(&config, &source, opts, diags);
    let mut site = site;
    let mut history = history;
    if let Some(h) = history.as_mut()
        && !matches!(opts.history, HistoryMode::Kept(_))
    {
        read_series(h, &site, &config, opts);
    }
    site.repo_links = match opts.links {
        Links::Own => place.links(&config, &prefix),
        Links::Edition {
            current,
            branch,
            editable,
        } => place.links(current, &prefix).map(|mut r| {
            if let Some(b) = branch {
                r.branch = b.to_string();
            }
            r.editable = editable;
            r
        }),
    };
    let mut ds = Vec::new();
    // The working tree's CODEOWNERS, where GitHub reads it: at the repository's top.
    let codeowners = codeowners.unwrap_or_else(|| CodeOwners::find(&place.workdir, &mut ds));
    finish(
        &mut site,
        &codeowners,
        &prefix,
        history.as_ref(),
        &config,
        opts,
        &mut ds,
    );
    diags.extend(ds);
    diags.apply_levels(&config.wiki.check);
    let proposals = if opts.proposals {
        crate::proposals::proposals(
            &config,
            diags,
            &|rev, ds| {
                let ref_opts = LoadOptions {
                    at: At::Rev(rev),
                    strictness: Strictness::Check,
                    history: HistoryMode::Skip,
                    model_cache: None,
                    links: Links::Own,
                    proposals: false,
                    judged_on: None,
                    config: ConfigFrom::Own,
                    ..*opts
                };
                load(place, &ref_opts, ds)
                    .map(|(w, _)| w.site)
                    .map_err(|d| d.message)
            },
            &|base, head| super::changed_files(place, base, head).map_err(|d| d.message),
        )
    } else {
        Vec::new()
    };
    Ok((
        Wiki {
            config,
            site,
            history,
            source,
            commit,
            prefix,
            proposals,
        },
        own_cache,
    ))
}

/// The wiki at a git ref, read from objects and complete (CODEOWNERS applied, goals tracked),
/// its problems rated as `check` rates them, for the pull-request report.
pub fn load_ref(
    place: &Place,
    rev: &str,
    today: Date,
    config: ConfigFrom<'_>,
    diags: &mut Diagnostics,
) -> Result<Wiki, Diagnostic> {
    let caches = Caches::new(&place.root).read_only();
    let opts = LoadOptions {
        at: At::Rev(rev),
        strictness: Strictness::Check,
        today,
        judged_on: None,
        history: HistoryMode::Skip,
        caches: &caches,
        model_cache: None,
        links: Links::Own,
        proposals: false,
        config,
    };
    load(place, &opts, diags).map(|(w, _)| w)
}

/// Whether the tree `rev` names has a `book.toml` of its own where the wiki's is (`true` when
/// `rev` cannot be read: loading it says why). A tree without one is read with today's.
pub fn has_own_config(place: &Place, rev: &str) -> bool {
    let Ok(repo) = place.open() else {
        return true;
    };
    let Ok(tree) = repo.revparse_single(rev).and_then(|o| o.peel_to_tree()) else {
        return true;
    };
    tree.get_path(Path::new(&place.in_repo("book.toml")))
        .is_ok()
}

/// The model finished, in one place for every source: CODEOWNERS applied to its pages, goals
/// tracked (status, review dates, overdue and stale) against `opts`' date.
fn finish(
    site: &mut Site,
    codeowners: &CodeOwners,
    prefix: &str,
    history: Option<&History>,
    config: &Config,
    opts: &LoadOptions<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    site.set_codeowners(codeowners, prefix);
    // The last commit that changed what a page says (a reformat is not a review); where the
    // repository's texts cannot be read, the last commit that touched it.
    let reader = history.and_then(crate::history::blobs::BlobReader::open);
    let aliases = &config.wiki.front_matter;
    let last_changed = |path: &str| {
        let h = history?;
        match &reader {
            Some(r) => crate::history::meaning::last_meaningful(h, r, path, aliases),
            None => {
                let r = h.page(path)?.revisions.first()?;
                Some(h.commits[r.commit].time)
            }
        }
    };
    let changes = history.map(|h| crate::model::reviews::Changes {
        last_changed: &last_changed,
        shallow_since: h.shallow_since,
    });
    crate::model::goals::track(
        site,
        changes.as_ref(),
        opts.today,
        opts.judged_on,
        &config.wiki.goals.review_every,
        config.wiki.review_every.as_ref(),
        diags,
    );
}

/// The working tree's configuration and content folder, checked: the folder exists and is
/// inside the wiki.
fn working_tree(
    root: &Path,
    given: Option<&Config>,
    diags: &mut Diagnostics,
) -> Result<(Config, WorkingTree), Diagnostic> {
    if !root.is_dir() {
        return Err(Diagnostic::error(
            "root",
            format!("the wiki folder `{}` does not exist", root.display()),
        ));
    }
    let config = match given {
        Some(c) => c.clone(),
        None => Config::load(root, diags).map_err(|e| e.to_diagnostic())?,
    };
    let content = config.content_dir();
    let src_line = config.key_line("book", "src").unwrap_or(1);
    if !content.is_dir() {
        return Err(Diagnostic::error(
            "content",
            format!(
                "the content folder `{}` does not exist: create it or set `src` under [book]",
                config.book.src.display()
            ),
        )
        .in_file("book.toml")
        .at(src_line, 1));
    }
    // The content is what a pull request can change: a `src` leading out of the wiki would
    // publish files from elsewhere on the machine that builds it.
    if let (Ok(r), Ok(c)) = (root.canonicalize(), content.canonicalize())
        && !c.starts_with(&r)
    {
        return Err(Diagnostic::error(
            "content",
            format!(
                "the content folder `{}` is outside the wiki (`{}`): `src` must name a folder inside it",
                config.book.src.display(),
                root.display()
            ),
        )
        .in_file("book.toml")
        .at(src_line, 1));
    }
    let mut source = WorkingTree::new(root, &content);
    if let Some((folder, skip)) = &config.book.assets_from {
        source = source.with_fallback(root.join(folder), skip.clone());
    }
    Ok((config, source))
}

/// What a commit gives: the configuration, the content, the commit, the content folder's path
/// in the repository, and CODEOWNERS (`None`: read the working tree's).
type FromGit = (
    Config,
    WikiSource,
    Option<git2::Oid>,
    String,
    Option<CodeOwners>,
);

/// The configuration, content, content folder and CODEOWNERS of the wiki at a commit (`commit`,
/// else what `rev` names), read from objects with the `book.toml` `from` says; `rev` labels its
/// files in messages.
fn from_git(
    place: &Place,
    rev: &str,
    commit: Option<git2::Oid>,
    from: ConfigFrom<'_>,
    diags: &mut Diagnostics,
) -> Result<FromGit, Diagnostic> {
    let err = |m: String| Diagnostic::error("git", m);
    let repo = place.open()?;
    let wiki_rel = place.wiki_rel.clone().map_err(err)?;
    let commit = match commit {
        Some(id) => repo.find_commit(id),
        None => repo.revparse_single(rev).and_then(|o| o.peel_to_commit()),
    }
    .map_err(|e| err(format!("cannot find `{rev}`: {}", e.message())))?;
    let tree = commit.tree().map_err(|e| err(e.message().to_string()))?;
    let book = place.in_repo("book.toml");
    let entry = match from {
        ConfigFrom::Current(_) => None,
        _ => tree.get_path(Path::new(&book)).ok(),
    };
    let config = match (entry, from) {
        (Some(entry), _) => {
            let blob = repo
                .find_blob(entry.id())
                .map_err(|e| err(e.message().to_string()))?;
            let text = String::from_utf8_lossy(blob.content()).into_owned();
            let mut c = Config::parse(&place.root, &text, diags).map_err(|e| {
                let mut d = e.to_diagnostic();
                d.file = Some(format!("{rev}:{book}"));
                d
            })?;
            place.settle_src_in(&mut c, &tree);
            c
        }
        // Today's settings, settled against today's tree already.
        (None, ConfigFrom::Current(current) | ConfigFrom::OwnOr(current)) => current.clone(),
        (None, ConfigFrom::Own) => {
            let mut c = Config::default_for(&place.root);
            place.settle_src_in(&mut c, &tree);
            c
        }
    };
    let src = config.book.src.to_string_lossy().into_owned();
    let prefix = if wiki_rel.is_empty() {
        src
    } else {
        format!("{wiki_rel}/{src}")
    };
    let source = GitTree::new(&repo, commit.id(), &prefix, rev).map_err(|e| {
        err(format!(
            "`{rev}` has no content folder `{prefix}`: {}",
            e.message()
        ))
    })?;
    // A language of a multilingual wiki: the default language's images too.
    let source = match &config.book.assets_from {
        Some((folder, skip)) => {
            let folder = folder.to_string_lossy().replace('\\', "/");
            let folder = folder.trim_end_matches('/');
            let at = if wiki_rel.is_empty() {
                folder.to_string()
            } else {
                format!("{wiki_rel}/{folder}")
            };
            source.with_fallback(&at, skip)
        }
        None => source,
    };
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
    Ok((
        config,
        WikiSource::Git(source),
        Some(commit.id()),
        prefix,
        Some(codeowners),
    ))
}

/// The model and the history. They do not depend on each other: with a history cache, reading
/// the history is mostly one thread's work (parsing the cache, assembling page histories),
/// about as long as parsing every page, so the working tree does both at once. Without one,
/// both stages use every core on their own, and overlapping them only makes them compete (and
/// raises the peak memory).
fn model_and_history(
    config: &Config,
    source: &WikiSource,
    opts: &LoadOptions<'_>,
    diags: &mut Diagnostics,
) -> (Site, Option<History>, Option<std::sync::Arc<ModelCache>>) {
    let read_history = |diags: &mut Diagnostics| match opts.history {
        HistoryMode::Read { progress } if config.wiki.history.enabled => {
            read_history(config, source, opts, progress, diags)
        }
        HistoryMode::Kept(h) => Some(h.clone()),
        _ => None,
    };
    let src = source.as_source();
    if opts.model_cache.is_some() || !matches!(opts.at, At::WorkingTree) {
        let site = build_model_cached(src, config, opts.strictness, diags, opts.model_cache);
        return (site, read_history(diags), None);
    }
    // The working tree's own page cache, read where the model is built.
    let own = std::cell::OnceCell::new();
    let build_model = |diags: &mut Diagnostics| {
        let cache = own.get_or_init(|| opts.caches.model_cache(config));
        build_model_cached(src, config, opts.strictness, diags, cache.as_deref())
    };
    let cached_history = opts
        .caches
        .history_file(config)
        .is_some_and(|p| p.is_file());
    let (site, history) = if cached_history && matches!(opts.history, HistoryMode::Read { .. }) {
        let mut history_diags = Diagnostics::new();
        let (site, history) = std::thread::scope(|scope| {
            let history = scope.spawn(|| read_history(&mut history_diags));
            let site = build_model(diags);
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
        let site = build_model(diags);
        (site, read_history(diags))
    };
    (site, history, own.into_inner().flatten())
}

/// Each goal's values over time ([`history::series`]), from the blobs of its revisions, cached
/// by blob id in the wiki's cache folder.
fn read_series(h: &mut History, site: &Site, config: &Config, opts: &LoadOptions<'_>) {
    let start = Instant::now();
    let goals: Vec<&str> = site
        .pages
        .iter()
        .filter(|p| p.kind() == crate::content::Kind::Goal)
        .map(|p| p.src.path.as_str())
        .collect();
    if goals.is_empty() {
        return;
    }
    let keeps = match opts.links {
        Links::Edition { current, .. } => current,
        Links::Own => config,
    };
    let file = opts.caches.series_file(keeps);
    let mut cache = history::series::SeriesCache::load(file.as_deref(), &config.wiki.front_matter);
    h.series = history::series::series(h, &goals, &config.wiki.front_matter, &mut cache);
    if opts.caches.writes() {
        // Content-addressed: a save lost to another edition's costs only a re-read.
        let _ = cache.save();
    }
    crate::timing::stage(
        &format!(
            "goal series ({} goals, {} blobs read)",
            h.series.len(),
            cache.parsed()
        ),
        start,
    );
}

/// Read the change history, up to the loaded commit for a wiki read from git (its content
/// folder as that commit has it: it may have moved since).
fn read_history(
    config: &Config,
    source: &WikiSource,
    load: &LoadOptions<'_>,
    progress: bool,
    diags: &mut Diagnostics,
) -> Option<History> {
    let git = source.git();
    let opts = history::Options {
        follow_renames: config.wiki.history.follow_renames,
        cache: match load.links {
            Links::Edition { current, .. } => load.caches.edition_history_file(current),
            Links::Own => load.caches.history_file(config),
        },
        save: load.caches.writes(),
        progress,
        head: git.map(|g| g.commit()),
        prefix: git.map(|g| g.prefix().to_string()),
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
