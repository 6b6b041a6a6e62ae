//! Reading the history: finding the repository and the content folder, following the main
//! line, diffing new commits on every core, and assembling page histories (or bringing the
//! history saved by the last build up to date).

use std::path::{Path, PathBuf};
use std::time::Instant;

use git2::{Oid, Repository};

use super::assemble::assemble;
use super::clone::{is_partial_clone, note_partial, shallow_roots};
use super::old_slugs::note_old_slugs;
use super::people::People;
use super::progress::Progress;
use super::saves::{PENDING_SAVES, SaveGuard, append, save_in_background, write_atomically};
use super::update::{SnapshotSave, extend_cache, from_snapshot, rewrite_cache};
use super::walk::{self, CommitChanges};
use super::worktree::{mark_uncommitted, uncommitted_paths, uncommitted_renames};
use super::{History, cache, short, snapshot};
use crate::config::Config;
use crate::diagnostics::Diagnostic;

/// Options from `[wiki.history]`.
#[derive(Debug, Clone)]
pub struct Options {
    /// Follow renames (default true).
    pub follow_renames: bool,
    /// Where to keep the cache (`None`: no cache).
    pub cache: Option<PathBuf>,
    /// Write the cache this load brought up to date. `check` reads it but writes nothing, so
    /// it leaves the wiki's folder as it found it.
    pub save: bool,
    /// Show a progress bar on a terminal.
    pub progress: bool,
    /// Read history up to this commit instead of `HEAD` (a version's history ends at its own
    /// commit).
    pub head: Option<Oid>,
    /// The content folder inside the repository as that commit has it (`content`), for a
    /// version whose folder may not exist in the working tree; `None`: the working tree's.
    pub prefix: Option<String>,
}

/// One commit's changes and problems, or (commit id, why it could not be read).
pub(super) type Diffed = Result<(CommitChanges, Vec<String>), (String, String)>;

/// Read the history of the wiki's content folder. Returns `None` (with one warning) when the
/// wiki is not in a git repository.
pub fn load(config: &Config, opts: &Options, diags: &mut Vec<Diagnostic>) -> Option<History> {
    tune_libgit2();
    let repo = match Repository::discover(&config.root) {
        Ok(r) => r,
        Err(_) => {
            diags.push(Diagnostic::warning(
                "history",
                "the wiki is not in a git repository: building without history",
            ));
            return None;
        }
    };
    let Some(workdir) = repo.workdir().map(Path::to_path_buf) else {
        diags.push(Diagnostic::warning(
            "history",
            "the repository is bare: building without history",
        ));
        return None;
    };
    if opts.head.is_none()
        && let Some(w) = People::refused(&repo)
    {
        diags.push(w);
    }
    let prefix = if let Some(p) = &opts.prefix {
        p.split('/')
            .filter(|s| !s.is_empty() && *s != ".")
            .collect::<Vec<_>>()
            .join("/")
    } else {
        let content = config.content_dir();
        let (Ok(workdir), Ok(content)) = (workdir.canonicalize(), content.canonicalize()) else {
            return None;
        };
        match content.strip_prefix(&workdir) {
            Ok(p) => p.to_string_lossy().replace('\\', "/"),
            Err(_) => {
                diags.push(Diagnostic::warning(
                    "history",
                    "the content folder is outside the git repository: building without history",
                ));
                return None;
            }
        }
    };
    // A content folder that is a submodule is a commit id in this repository: its files'
    // history is in the submodule's own repository.
    if !prefix.is_empty()
        && opts.head.is_none()
        && repo
            .head()
            .and_then(|h| h.peel_to_tree())
            .and_then(|t| t.get_path(Path::new(&prefix)))
            .is_ok_and(|e| e.kind() == Some(git2::ObjectType::Commit))
    {
        diags.push(Diagnostic::warning(
            "history",
            format!(
                "the content folder `{prefix}` is a git submodule: its history is in the submodule's repository, which stratwiki does not read, so the site has no history (keep the content in the wiki's repository to have it)"
            ),
        ));
        return None;
    }
    let repo_path = repo.path().to_path_buf();
    let mut history = History {
        repo_path: Some(repo_path.clone()),
        prefix: prefix.clone(),
        ..History::default()
    };

    let shallow = shallow_roots(&repo_path);
    let t0 = Instant::now();
    // `git status` walks the work tree: it runs beside reading the cache and assembling.
    let status = opts.head.is_none().then(|| {
        let (repo_path, prefix) = (repo_path.clone(), prefix.clone());
        std::thread::spawn(move || {
            let t = Instant::now();
            let changes = Repository::open(&repo_path)
                .map(|r| {
                    let paths = uncommitted_paths(&r, &prefix);
                    let renames = uncommitted_renames(&r, &prefix, &paths);
                    (paths, renames)
                })
                .unwrap_or_default();
            crate::timing::note(format_args!(
                "history: work tree compared with HEAD in {} ms ({} uncommitted)",
                t.elapsed().as_millis(),
                changes.0.len()
            ));
            changes
        })
    });
    PENDING_SAVES.wait();
    // The assembled history of the last build, when HEAD continues it: only the new commits
    // are read and assembled.
    let scope = snapshot::Scope {
        prefix: prefix.clone(),
        shallow: shallow.iter().map(|o| o.to_string()).collect(),
        follow_renames: opts.follow_renames,
    };
    let snapshot_file = opts
        .cache
        .as_ref()
        .filter(|_| opts.head.is_none() && shallow.is_empty())
        .map(|p| p.with_file_name("history-pages.bin"));
    if let Some(file) = &snapshot_file
        && let Some(snap) = snapshot::load(file, &scope)
    {
        let people = People::new(&repo, opts.head);
        if let Some(update) = from_snapshot(&repo, snap, &prefix, opts.follow_renames, &people) {
            crate::timing::note(format_args!(
                "history: {} new commits put before the saved history in {} ms",
                update.new_ids.len(),
                t0.elapsed().as_millis()
            ));
            let mut h = update.history;
            h.repo_path = Some(repo_path.clone());
            h.prefix = prefix.clone();
            if !update.new_ids.is_empty() && opts.save {
                // The changes are appended to the file; after many builds it is written whole
                // again, so reading it never has to apply a long tail of batches.
                const MAX_BATCHES: usize = 64;
                let table = people.table();
                let save = if update.batches < MAX_BATCHES && update.whole {
                    let removed = update
                        .alias
                        .keys()
                        .filter(|k| !h.pages.contains_key(*k))
                        .cloned()
                        .collect();
                    let delta = snapshot::Delta {
                        base: update.base,
                        head: update.head,
                        mainline: update.mainline,
                        people: &table,
                        history: &h,
                        new_commits: update.new_commits,
                        touched: update.touched.iter().map(String::as_str).collect(),
                        removed,
                    };
                    SnapshotSave::Append(snapshot::batch(&delta), update.len)
                } else {
                    SnapshotSave::Whole(snapshot::encode(
                        &scope,
                        update.head,
                        update.mainline,
                        &table,
                        &h,
                    ))
                };
                let (file, cache_file) = (file.clone(), opts.cache.clone());
                let (prefix, shallow) = (prefix.clone(), shallow.clone());
                let handle = save_in_background("history cache", file.clone(), move || {
                    let whole = matches!(save, SnapshotSave::Whole(_));
                    match save {
                        SnapshotSave::Whole(bytes) => write_atomically(&file, &bytes)?,
                        SnapshotSave::Append(bytes, len) => {
                            // Only to the very file read: if another build changed it since,
                            // it goes, and the next build reads the long way and writes it whole.
                            if std::fs::metadata(&file).is_ok_and(|m| m.len() == len) {
                                append(&file, &bytes)?;
                            } else {
                                let _ = std::fs::remove_file(&file);
                            }
                        }
                    }
                    match cache_file {
                        // With the saved history written whole, the per-commit file is too:
                        // its appended batches would otherwise grow without end.
                        Some(c) if whole => rewrite_cache(
                            &c,
                            &prefix,
                            &shallow,
                            update.changes,
                            &update.new_ids,
                            update.base,
                        ),
                        Some(c) => extend_cache(&c, update.changes, update.base),
                        None => Ok(()),
                    }
                });
                h.saving = Some(std::sync::Arc::new(SaveGuard(std::sync::Mutex::new(Some(
                    handle,
                )))));
            }
            if let Some(status) = status {
                mark_uncommitted(&mut h, status.join().unwrap_or_default());
            }
            note_partial(&mut h, is_partial_clone(&repo), 0, diags);
            if opts.follow_renames {
                note_old_slugs(&mut h, &repo, &config.wiki.front_matter);
            }
            return Some(h);
        }
    }
    let diags_before = diags.len();
    let mut cache = opts
        .cache
        .as_deref()
        .map(|p| cache::Cache::load(p, &prefix, &shallow))
        .unwrap_or_default();
    crate::timing::note(format_args!(
        "history: cache of {} commits read in {} ms",
        cache.order().len(),
        t0.elapsed().as_millis()
    ));
    // Commits are diffed while the main line is still being followed: each run of new
    // commits goes to the pool as soon as it is listed, so the other core diffs while this one
    // walks. Contiguous runs per job: a commit's parent tree is the next commit's tree, which
    // the job then has at hand.
    const RUN: usize = 256;
    let progress = Progress::new(opts.progress);
    let runs: std::sync::Mutex<Vec<(usize, Vec<Diffed>)>> = Default::default();
    let diff_run = |ids: Vec<Oid>, index: usize| {
        let repo = Repository::open(&repo_path).ok();
        let mut last = walk::LastTree::default();
        let out: Vec<Diffed> = ids
            .iter()
            .map(|id| {
                let Some(repo) = repo.as_ref() else {
                    return Err((id.to_string(), "cannot open the repository".into()));
                };
                let r = walk::commit_changes(repo, *id, &prefix, &shallow, &mut last)
                    .map_err(|e| (id.to_string(), e.message().to_string()));
                progress.tick();
                r
            })
            .collect();
        runs.lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((index, out));
    };
    let mut todo_len = 0;
    let walked = rayon::in_place_scope(|scope| {
        let mut run = Vec::with_capacity(RUN);
        let mut n_runs = 0;
        let mut spawn = |run: Vec<Oid>| {
            progress.add(run.len());
            let (diff_run, index) = (&diff_run, n_runs);
            n_runs += 1;
            scope.spawn(move |_| diff_run(run, index));
        };
        let m = mainline(&repo, opts.head, cache.order(), |id| {
            if !cache.contains(id) {
                todo_len += 1;
                run.push(id);
                if run.len() == RUN {
                    spawn(std::mem::replace(&mut run, Vec::with_capacity(RUN)));
                }
            }
        });
        if !run.is_empty() {
            spawn(run);
        }
        if let Ok(m) = &m {
            crate::timing::note(format_args!(
                "history: main line of {} commits in {} ms",
                m.len(),
                t0.elapsed().as_millis()
            ));
        }
        m
    });
    let mainline = match walked {
        Ok(m) => m,
        Err(e) => {
            progress.finish();
            if !matches!(
                e.code(),
                git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound
            ) {
                diags.push(Diagnostic::warning(
                    "history",
                    format!("cannot read the history: {}", e.message()),
                ));
            }
            if let Some(status) = status {
                mark_uncommitted(&mut history, status.join().unwrap_or_default());
            }
            note_partial(&mut history, is_partial_clone(&repo), 0, diags);
            return Some(history);
        }
    };
    let mut runs = runs.into_inner().unwrap_or_else(|e| e.into_inner());
    runs.sort_unstable_by_key(|(i, _)| *i);
    let computed = runs.into_iter().flat_map(|(_, r)| r);
    history.commits_read = todo_len;
    history.commits_cached = mainline.len() - todo_len;
    progress.finish();
    crate::timing::note(format_args!(
        "history: diffed in {} ms",
        t0.elapsed().as_millis()
    ));
    // A partial clone (`--filter=blob:none`) lacks objects git fetches on demand, which
    // libgit2 cannot: one warning says so, rather than one per commit blaming the commits.
    let partial = is_partial_clone(&repo);
    let mut incomplete = 0;
    for r in computed {
        match r {
            Ok((c, problems)) if partial && !problems.is_empty() => {
                incomplete += 1;
                cache.insert(c);
            }
            Err(_) if partial => incomplete += 1,
            Ok((c, problems)) => {
                for p in problems {
                    diags.push(Diagnostic::warning(
                        "history",
                        format!("commit {}: {p}", short(&c.id)),
                    ));
                }
                cache.insert(c);
            }
            Err((id, msg)) => diags.push(Diagnostic::warning(
                "history",
                format!("commit {}: {msg}; skipped", short(&id)),
            )),
        }
    }
    note_partial(&mut history, partial, incomplete, diags);
    // Only the main line from HEAD is saved (another version's walk would replace it), and
    // never what a partial clone could not read (the objects may be there next time).
    let save_to = opts
        .cache
        .clone()
        .filter(|_| todo_len > 0 && opts.head.is_none() && incomplete == 0);
    let people = People::new(&repo, opts.head);
    let person = |name: &str, email: &str| people.person(name, email);

    let ordered: Vec<&CommitChanges> = mainline.iter().filter_map(|id| cache.get(*id)).collect();
    if let Some(b) = ordered.iter().find(|c| c.boundary) {
        history.shallow_since = Some(b.time);
        diags.push(Diagnostic::warning(
            "history",
            format!(
                "this is a shallow clone: history before {} is not available. Fetch it whole with `git fetch --unshallow` (in GitHub Actions: `fetch-depth: 0`)",
                crate::history::date(b.time)
            ),
        ));
    }
    let t = Instant::now();
    assemble(&mut history, &ordered, opts.follow_renames, &person);
    history.commits_assembled = ordered.len();
    crate::timing::note(format_args!(
        "history: assembled in {} ms",
        t.elapsed().as_millis()
    ));
    // Saved for the next build, unless this one warned (its warnings must come back then).
    let snapshot_bytes = snapshot_file
        .filter(|_| diags.len() == diags_before)
        .zip(mainline.first())
        .map(|(file, &head)| {
            let bytes = snapshot::encode(&scope, head, mainline.len(), &people.table(), &history);
            (file, bytes)
        });
    if let Some(status) = status {
        mark_uncommitted(&mut history, status.join().unwrap_or_default());
    }
    drop(ordered);
    if opts.save && (save_to.is_some() || snapshot_bytes.is_some()) {
        // Serialising thousands of commits takes a while: it overlaps with rendering. The next
        // load in this process (the live server's next build) waits for it.
        let at = save_to
            .clone()
            .or_else(|| opts.cache.clone())
            .unwrap_or_default();
        let handle = save_in_background("history cache", at, move || {
            if let Some(p) = save_to {
                cache.save(&p, &mainline)?;
            }
            // The cache is freed on this thread even when the build skips its teardown: this
            // usually ends while pages still render, and they reuse the memory (keeping it
            // raised the peak by ~5%).
            drop(cache);
            match snapshot_bytes {
                Some((file, bytes)) => write_atomically(&file, &bytes),
                None => Ok(()),
            }
        });
        history.saving = Some(std::sync::Arc::new(SaveGuard(std::sync::Mutex::new(Some(
            handle,
        )))));
    }
    if opts.follow_renames {
        note_old_slugs(&mut history, &repo, &config.wiki.front_matter);
    }
    Some(history)
}

/// libgit2 settings for reading much history fast, set once per process:
/// - no SHA-1 check of every object read (git itself does not re-hash objects it reads; this
///   was about a third of the walk's time);
/// - no object cache for trees and blobs: the walk keeps the few trees it reads again itself
///   ([`walk::TreeMemo`]), a page's history reads each old text once, and a libgit2 cache of
///   every tree and text read only grew the memory and took time to free.
pub fn tune_libgit2() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        git2::opts::strict_hash_verification(false);
        // SAFETY: these only set libgit2's global cache limits; they are called once, before
        // any repository is opened by this process's history code.
        unsafe {
            let _ = git2::opts::set_cache_object_limit(git2::ObjectType::Tree, 0);
            let _ = git2::opts::set_cache_object_limit(git2::ObjectType::Blob, 0);
        }
    });
}

/// The first-parent chain from `start` (default `HEAD`), newest first. `walked` is called
/// with each commit found by walking, in order; the part taken from the cache's main line is
/// not passed to it.
pub(super) fn mainline(
    repo: &Repository,
    start: Option<Oid>,
    cached: &[Oid],
    mut walked: impl FnMut(Oid),
) -> Result<Vec<Oid>, git2::Error> {
    let head = match start {
        Some(id) => repo.find_commit(id)?,
        None => repo.head()?.peel_to_commit()?,
    };
    // The cache holds the main line as of the last build: follow first parents only until
    // reaching its newest commit, then reuse the rest.
    let known: Option<Oid> = cached.first().copied();
    // An older commit of the cached main line (a version's tag): its main line is the rest.
    if let Some(k) = cached.iter().position(|c| *c == head.id()) {
        return Ok(cached[k..].to_vec());
    }
    // A first-parent revision walk reads only each commit's parents (libgit2 parses a commit
    // in full when it is looked up, message and signatures included).
    let mut walk = repo.revwalk()?;
    walk.set_sorting(git2::Sort::NONE)?;
    walk.simplify_first_parent()?;
    walk.push(head.id())?;
    let mut out = Vec::new();
    for id in walk {
        let Ok(id) = id else {
            // A commit whose parent is missing (a partial clone) ends the walk before it is
            // listed: follow parents one by one from the last commit listed.
            let mut commit = match out.last() {
                Some(last) => repo.find_commit(*last)?.parent(0).ok(),
                None => Some(head),
            };
            while let Some(c) = commit {
                walked(c.id());
                out.push(c.id());
                commit = c.parent(0).ok();
            }
            break;
        };
        if Some(id) == known {
            out.extend_from_slice(cached);
            break;
        }
        walked(id);
        out.push(id);
    }
    Ok(out)
}
