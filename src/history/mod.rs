//! Change history from git: who changed which page, when, and how.
//!
//! One pass over the main line (see [`walk`]) yields each commit's changed files; this module
//! turns them into a history per page that follows renames, credits authors through `.mailmap`
//! and `Co-authored-by:` trailers, dates merged changes by when they reached the main line, and
//! marks where a shallow clone cuts history off. Per-commit results are cached by commit id
//! ([`cache`]), and the assembled history as of the last build ([`snapshot`]), so a rebuild
//! reads and assembles only new commits.

pub mod blobs;
mod cache;
pub mod diff;
mod snapshot;
pub mod walk;

use std::collections::{BTreeMap, HashMap};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use git2::{Oid, Repository};
use serde::Serialize;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use walk::CommitChanges;

/// A person credited with a change, after `.mailmap`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Person {
    /// Display name.
    pub name: String,
    /// Email.
    pub email: String,
}

/// A commit that touched the content folder.
#[derive(Debug, Clone, Serialize)]
pub struct Commit {
    /// Full id.
    pub id: String,
    /// First line of the message.
    pub summary: String,
    /// The author (mailmap applied).
    pub author: Person,
    /// `Co-authored-by:` people (mailmap applied).
    pub co_authors: Vec<Person>,
    /// When it reached the main line, seconds since the epoch.
    pub time: i64,
    /// Content paths it changed (after the change).
    pub paths: Vec<String>,
}

/// How a revision changed a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ChangeKind {
    /// The page was added.
    Created,
    /// The page's text changed.
    Edited,
    /// The page moved (possibly with edits).
    Renamed {
        /// The content path before.
        from: String,
    },
    /// The page was removed.
    Deleted,
    /// The page came back after being removed.
    Restored,
}

/// One revision of one page.
#[derive(Debug, Clone, Serialize)]
pub struct Revision {
    /// Index into [`History::commits`].
    pub commit: usize,
    /// How the page changed.
    pub kind: ChangeKind,
    /// Content path at this revision.
    pub path: String,
    /// Blob before, for diffs.
    pub old_blob: Option<String>,
    /// Blob after.
    pub new_blob: Option<String>,
    /// For changes that arrived by a merge: who wrote them and the commit summary there.
    pub written_by: Option<(Person, String)>,
}

/// The history of one page (keyed by its current content path).
#[derive(Debug, Clone, Default, Serialize)]
pub struct PageHistory {
    /// Revisions, newest first.
    pub revisions: Vec<Revision>,
    /// Every earlier content path of the page.
    pub old_paths: Vec<String>,
    /// True when the history reaches the shallow-clone boundary: older history is unknown.
    pub cut: bool,
    /// The working tree differs from the last commit.
    pub uncommitted: bool,
}

/// The wiki's history.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// Commits that touched the content folder, newest first.
    pub commits: Vec<Commit>,
    /// Page histories by current content path.
    pub pages: HashMap<String, PageHistory>,
    /// For a shallow clone: the date (seconds) of the oldest commit available.
    pub shallow_since: Option<i64>,
    /// A partial clone (`git clone --filter`): texts of old revisions may be missing, which
    /// one warning says (their diffs say "not in this clone").
    pub partial: bool,
    /// Where the repository is, to read blobs for diffs.
    pub repo_path: Option<PathBuf>,
    /// The content folder's path inside the repository.
    pub prefix: String,
    /// Main-line commits whose changes were computed in this run.
    pub commits_read: usize,
    /// Main-line commits whose changes came from the cache.
    pub commits_cached: usize,
    /// Main-line commits assembled into page histories in this run: all of them, or only those
    /// made since the history saved by the last build.
    pub commits_assembled: usize,
    /// The cache being written on a thread of its own (it is not needed for this build); the
    /// last clone of the history to go waits for it, so the process never exits half-way.
    pub saving: Option<std::sync::Arc<SaveGuard>>,
}

/// Cache writes still running in this process.
struct Pending(std::sync::Mutex<i64>, std::sync::Condvar);

static PENDING_SAVES: Pending = Pending(std::sync::Mutex::new(0), std::sync::Condvar::new());

impl Pending {
    fn add(&self, n: i64) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) += n;
        self.1.notify_all();
    }

    /// Wait until no cache write is running.
    fn wait(&self) {
        let mut n = self.0.lock().unwrap_or_else(|e| e.into_inner());
        while *n > 0 {
            n = self.1.wait(n).unwrap_or_else(|e| e.into_inner());
        }
    }
}

/// Wait until every history cache write this process started is on disk. A process that exits
/// without dropping its history (see [`crate::build::exit_without_teardown`]) calls this first.
pub fn wait_for_saves() {
    PENDING_SAVES.wait();
}

/// Write a cache on a thread of its own (`save`, which writes `path`), so the write overlaps
/// with rendering; [`wait_for_saves`] waits for it. A failure is a warning on stderr: the
/// build is fine, only the next one is slower.
pub fn save_in_background(
    what: &'static str,
    path: PathBuf,
    save: impl FnOnce() -> std::io::Result<()> + Send + 'static,
) -> std::thread::JoinHandle<()> {
    PENDING_SAVES.add(1);
    std::thread::spawn(move || {
        if let Err(e) = save() {
            eprintln!("warning: cannot write the {what} {}: {e}", path.display());
        }
        PENDING_SAVES.add(-1);
    })
}

/// Waits, when dropped, for the thread that writes the history cache.
pub struct SaveGuard(std::sync::Mutex<Option<std::thread::JoinHandle<()>>>);

impl Drop for SaveGuard {
    fn drop(&mut self) {
        let handle = self.0.get_mut().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(h) = handle {
            let _ = h.join();
        }
    }
}

impl std::fmt::Debug for SaveGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SaveGuard")
    }
}

impl History {
    /// The history of a page, when it has one.
    pub fn page(&self, path: &str) -> Option<&PageHistory> {
        self.pages.get(path)
    }

    /// The person a revision credits (the merged commit's author, else the commit's).
    pub fn author_of<'a>(&'a self, r: &'a Revision) -> &'a Person {
        match &r.written_by {
            Some((p, _)) => p,
            None => &self.commits[r.commit].author,
        }
    }

    /// Distinct people who changed a page, most changes first (authors and co-authors).
    pub fn contributors(&self, h: &PageHistory) -> Vec<(Person, usize)> {
        // (person as first seen, changes, last revision counted): a page has a handful of
        // contributors, so a list beats hashing lowercased keys for every revision.
        let mut counts: Vec<(&Person, usize, usize)> = Vec::new();
        for (ri, r) in h.revisions.iter().enumerate() {
            let c = &self.commits[r.commit];
            for p in std::iter::once(self.author_of(r)).chain(&c.co_authors) {
                // Mostly the very same person as a revision before (the same mailmap result):
                // an exact comparison finds it, and mostly fails at the first bytes otherwise.
                let at = counts
                    .iter()
                    .position(|(q, ..)| q.email == p.email && q.name == p.name)
                    .or_else(|| counts.iter().position(|(q, ..)| same_person(q, p)));
                match at.map(|i| &mut counts[i]) {
                    Some(e) if e.2 == ri => {}
                    Some(e) => {
                        e.1 += 1;
                        e.2 = ri;
                    }
                    None => counts.push((p, 1, ri)),
                }
            }
        }
        let mut v: Vec<(Person, usize)> =
            counts.into_iter().map(|(p, n, _)| (p.clone(), n)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.name.cmp(&b.0.name)));
        v
    }
}

/// The same person for counting: the same email, or the same name when there is no email,
/// ignoring case.
fn same_person(a: &Person, b: &Person) -> bool {
    fn key(p: &Person) -> &str {
        if p.email.is_empty() {
            &p.name
        } else {
            &p.email
        }
    }
    let (x, y) = (key(a), key(b));
    if x.is_ascii() && y.is_ascii() {
        // Most emails: no allocation-free Unicode case folding needed, and different lengths
        // end the comparison at once.
        return x.eq_ignore_ascii_case(y);
    }
    x == y
        || x.chars()
            .flat_map(char::to_lowercase)
            .eq(y.chars().flat_map(char::to_lowercase))
}

/// Options from `[wiki.history]`.
#[derive(Debug, Clone)]
pub struct Options {
    /// Follow renames (default true).
    pub follow_renames: bool,
    /// Where to keep the cache (`None`: no cache).
    pub cache: Option<PathBuf>,
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
type Diffed = Result<(CommitChanges, Vec<String>), (String, String)>;

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
    let timings = crate::timing::enabled();
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
            if timings {
                eprintln!(
                    "timing: history: work tree compared with HEAD in {} ms ({} uncommitted)",
                    t.elapsed().as_millis(),
                    changes.0.len()
                );
            }
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
        let people = People::new(&repo);
        if let Some(update) = from_snapshot(&repo, snap, &prefix, opts.follow_renames, &people) {
            if timings {
                eprintln!(
                    "timing: history: {} new commits put before the saved history in {} ms",
                    update.new_ids.len(),
                    t0.elapsed().as_millis()
                );
            }
            let mut h = update.history;
            h.repo_path = Some(repo_path.clone());
            h.prefix = prefix.clone();
            if !update.new_ids.is_empty() {
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
            return Some(h);
        }
    }
    let diags_before = diags.len();
    let mut cache = opts
        .cache
        .as_deref()
        .map(|p| cache::Cache::load(p, &prefix, &shallow))
        .unwrap_or_default();
    if timings {
        eprintln!(
            "timing: history: cache of {} commits read in {} ms",
            cache.order().len(),
            t0.elapsed().as_millis()
        );
    }
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
        if timings && let Ok(m) = &m {
            eprintln!(
                "timing: history: main line of {} commits in {} ms",
                m.len(),
                t0.elapsed().as_millis()
            );
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
    if timings {
        eprintln!("timing: history: diffed in {} ms", t0.elapsed().as_millis());
    }
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
                        format!(
                            "commit {}: {p}; its changes there are skipped",
                            short(&c.id)
                        ),
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
    let people = People::new(&repo);
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
    if timings {
        eprintln!(
            "timing: history: assembled in {} ms",
            t.elapsed().as_millis()
        );
    }
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
    if save_to.is_some() || snapshot_bytes.is_some() {
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
    Some(history)
}

/// How the saved history is brought up to date on disk.
enum SnapshotSave {
    /// The file written whole.
    Whole(Vec<u8>),
    /// A batch appended to it, when it still has the length it was read with.
    Append(Vec<u8>, u64),
}

/// Append `bytes` to the file at `path` in one write (appends of concurrent builds do not
/// interleave).
fn append(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    std::fs::OpenOptions::new()
        .append(true)
        .open(path)?
        .write_all(bytes)
}

/// What [`from_snapshot`] made.
struct SnapshotUpdate {
    /// The whole history, saved part and new part.
    history: History,
    /// HEAD, which the history is now as of.
    head: Oid,
    /// The commit the saved history was as of.
    base: Oid,
    /// Main-line commits in all.
    mainline: usize,
    /// The new main-line commits, newest first, and their changes.
    new_ids: Vec<Oid>,
    changes: Vec<CommitChanges>,
    /// Of the history's commits, how many are new (they come first).
    new_commits: usize,
    /// Pages the new commits touched, and where the new commits renamed paths to.
    touched: Vec<String>,
    alias: HashMap<String, String>,
    /// Batches the saved history's file had, its length, and whether it was read whole.
    batches: usize,
    len: u64,
    whole: bool,
}

/// The saved history `snap` brought up to HEAD, when HEAD descends from its commit along first
/// parents (at most a few hundred commits later), `.mailmap` still maps its people the same,
/// and the new commits read without problems; `None` sends the build the long way.
fn from_snapshot(
    repo: &Repository,
    snap: snapshot::Snapshot,
    prefix: &str,
    follow_renames: bool,
    people: &People,
) -> Option<SnapshotUpdate> {
    /// More new commits than this are walked the long way, on every core.
    const MAX_NEW: usize = 512;
    let head = repo.head().ok()?.peel_to_commit().ok()?.id();
    let mut new_ids = Vec::new();
    if head != snap.head {
        let mut walk = repo.revwalk().ok()?;
        walk.set_sorting(git2::Sort::NONE).ok()?;
        walk.simplify_first_parent().ok()?;
        walk.push(head).ok()?;
        let mut met = false;
        for id in walk {
            let id = id.ok()?;
            if id == snap.head {
                met = true;
                break;
            }
            new_ids.push(id);
            if new_ids.len() > MAX_NEW {
                return None;
            }
        }
        if !met {
            return None;
        }
    }
    if snap
        .people
        .iter()
        .any(|((n, e), p)| people.person(n, e) != *p)
    {
        return None;
    }
    let mut last = walk::LastTree::default();
    let mut changes = Vec::with_capacity(new_ids.len());
    for id in &new_ids {
        let (c, problems) = walk::commit_changes(repo, *id, prefix, &[], &mut last).ok()?;
        if !problems.is_empty() || c.boundary {
            return None;
        }
        changes.push(c);
    }
    let mut history = History::default();
    let ordered: Vec<&CommitChanges> = changes.iter().collect();
    let alias = assemble(&mut history, &ordered, follow_renames, &|n, e| {
        people.person(n, e)
    });
    let touched: Vec<String> = history.pages.keys().cloned().collect();
    let new_commits = history.commits.len();
    snapshot::merge(&mut history, snap.history, &alias);
    history.commits_read = new_ids.len();
    history.commits_cached = snap.mainline;
    history.commits_assembled = new_ids.len();
    Some(SnapshotUpdate {
        history,
        head,
        base: snap.head,
        mainline: snap.mainline + new_ids.len(),
        new_ids,
        changes,
        new_commits,
        touched,
        alias,
        batches: snap.batches,
        len: snap.len,
        whole: snap.whole,
    })
}

/// Add the commits made since `base` (newest first) to the per-commit cache at `path`. A
/// cache whose main line does not end at `base` ignores them when read: it stays right, just
/// behind HEAD.
fn extend_cache(path: &Path, changes: Vec<CommitChanges>, base: Oid) -> std::io::Result<()> {
    if !path.is_file() {
        return Ok(());
    }
    cache::Cache::append(path, base, &changes)
}

/// Write the per-commit cache at `path` whole, with the commits made since `base` (newest
/// first, ids `new_ids`) in front, when its main line ends at `base`.
fn rewrite_cache(
    path: &Path,
    prefix: &str,
    shallow: &[Oid],
    changes: Vec<CommitChanges>,
    new_ids: &[Oid],
    base: Oid,
) -> std::io::Result<()> {
    let mut cache = cache::Cache::load(path, prefix, shallow);
    if cache.order().first() != Some(&base) {
        return extend_cache(path, changes, base);
    }
    let order: Vec<Oid> = new_ids.iter().chain(cache.order()).copied().collect();
    for c in changes {
        cache.insert(c);
    }
    cache.save(path, &order)
}

/// Write `bytes` to `path` through a temporary file and a rename, so a reader sees the old
/// file or the new one, never half of one.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
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
fn mainline(
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

/// Commit ids listed in `.git/shallow`.
fn shallow_roots(git_dir: &Path) -> Vec<Oid> {
    std::fs::read_to_string(git_dir.join("shallow"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| Oid::from_str(l.trim()).ok())
        .collect()
}

/// Build page histories from per-commit changes (newest first), following renames backwards.
///
/// Returns where each renamed path went: a path → the path its page has now.
fn assemble(
    history: &mut History,
    ordered: &[&CommitChanges],
    follow_renames: bool,
    person: &dyn Fn(&str, &str) -> Person,
) -> HashMap<String, String> {
    // path at this point of the walk → the page's current path.
    let mut alias: HashMap<String, String> = HashMap::new();
    for c in ordered {
        if c.boundary {
            // The boundary commit shows what existed, not what changed: those pages' history
            // is cut here.
            for ch in &c.changes {
                if let Some(key) = alias
                    .get(&ch.path)
                    .cloned()
                    .or_else(|| Some(ch.path.clone()))
                    && crate::content::is_markdown(&key)
                {
                    history.pages.entry(key).or_default().cut = true;
                }
            }
            break;
        }
        let mut paths = Vec::new();
        let commit_index = history.commits.len();
        for ch in &c.changes {
            if !crate::content::is_markdown(&ch.path)
                && !ch.from.as_deref().is_some_and(crate::content::is_markdown)
            {
                continue;
            }
            // The page's path now: a path is its own unless a newer commit renamed it.
            let key = alias
                .get(&ch.path)
                .cloned()
                .unwrap_or_else(|| ch.path.clone());
            let kind = match (&ch.from, &ch.old, &ch.new) {
                (Some(from), _, _) if follow_renames => {
                    alias.insert(from.clone(), key.clone());
                    ChangeKind::Renamed { from: from.clone() }
                }
                (Some(_), _, _) => ChangeKind::Created,
                (None, None, Some(_)) => ChangeKind::Created,
                (None, Some(_), None) => ChangeKind::Deleted,
                _ => ChangeKind::Edited,
            };
            let written_by = c
                .via_merge
                .iter()
                .find(|(p, ..)| *p == ch.path)
                .map(|(_, n, e, s)| (person(n, e), s.clone()));
            paths.push(ch.path.clone());
            let page = history.pages.entry(key).or_default();
            if let ChangeKind::Renamed { from } = &kind
                && !page.old_paths.contains(from)
            {
                page.old_paths.push(from.clone());
            }
            page.revisions.push(Revision {
                commit: commit_index,
                kind,
                path: ch.path.clone(),
                old_blob: ch.old.clone(),
                new_blob: ch.new.clone(),
                written_by,
            });
        }
        if !paths.is_empty() {
            history.commits.push(Commit {
                id: c.id.clone(),
                summary: c.summary.clone(),
                author: person(&c.author.0, &c.author.1),
                co_authors: c.co_authors.iter().map(|(n, e)| person(n, e)).collect(),
                time: c.time,
                paths,
            });
        }
    }
    for page in history.pages.values_mut() {
        mark_restored(page);
    }
    alias
}

/// A page created again after a deletion was restored.
fn mark_restored(page: &mut PageHistory) {
    let n = page.revisions.len();
    for i in 0..n {
        if page.revisions[i].kind == ChangeKind::Created
            && page.revisions[i + 1..]
                .iter()
                .any(|r| r.kind == ChangeKind::Deleted)
        {
            page.revisions[i].kind = ChangeKind::Restored;
        }
    }
}

/// Who `.mailmap` makes of each (name, email) in commits. The same few people sign thousands
/// of commits: each pair is resolved once, looked up by email then name, so a lookup allocates
/// nothing.
struct People {
    mailmap: Option<git2::Mailmap>,
    memo: std::cell::RefCell<HashMap<String, Vec<(String, Person)>>>,
}

impl People {
    fn new(repo: &Repository) -> People {
        People {
            mailmap: repo.mailmap().ok(),
            memo: Default::default(),
        }
    }

    fn resolve(&self, name: &str, email: &str) -> Person {
        if let (Some(mm), Ok(sig)) = (&self.mailmap, git2::Signature::now(name, email))
            && let Ok(r) = mm.resolve_signature(&sig)
        {
            return Person {
                name: r.name().unwrap_or(name).to_string(),
                email: r.email().unwrap_or(email).to_string(),
            };
        }
        Person {
            name: name.to_string(),
            email: email.to_string(),
        }
    }

    fn person(&self, name: &str, email: &str) -> Person {
        if let Some(names) = self.memo.borrow().get(email)
            && let Some((_, p)) = names.iter().find(|(n, _)| n == name)
        {
            return p.clone();
        }
        let p = self.resolve(name, email);
        self.memo
            .borrow_mut()
            .entry(email.to_string())
            .or_default()
            .push((name.to_string(), p.clone()));
        p
    }

    /// Every pair resolved so far, with whom it became.
    fn table(&self) -> Vec<((String, String), Person)> {
        let mut t: Vec<_> = self
            .memo
            .borrow()
            .iter()
            .flat_map(|(e, names)| {
                names
                    .iter()
                    .map(|(n, p)| ((n.clone(), e.clone()), p.clone()))
            })
            .collect();
        t.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        t
    }
}

/// For a partial clone: mark the history so, and say once what it lacks (`incomplete`
/// commits whose changes could not be read).
fn note_partial(
    history: &mut History,
    partial: bool,
    incomplete: usize,
    diags: &mut Vec<Diagnostic>,
) {
    if !partial {
        return;
    }
    history.partial = true;
    let lacks = if incomplete > 0 {
        format!(
            "the changes of {incomplete} commit{} are missing from the history and old revisions' diffs cannot be shown.",
            if incomplete == 1 { "" } else { "s" }
        )
    } else {
        "old revisions' diffs may not be shown.".to_string()
    };
    diags.push(Diagnostic::warning(
        "history",
        format!(
            "this is a partial clone (`git clone --filter=...`): it lacks objects git fetches on demand, which stratwiki cannot do, so {lacks} Clone without `--filter` (in GitHub Actions, `actions/checkout` without `filter`)"
        ),
    ));
}

/// True for a partial clone: a remote that promises objects the clone does not have.
fn is_partial_clone(repo: &Repository) -> bool {
    let Ok(config) = repo.config() else {
        return false;
    };
    if config.get_string("extensions.partialclone").is_ok() {
        return true;
    }
    let Ok(mut entries) = config.entries(Some(r"remote\..*\.promisor")) else {
        return false;
    };
    let mut found = false;
    while let Some(Ok(e)) = entries.next() {
        found |= matches!(e.value(), Ok("true" | "1" | "yes" | "on"));
    }
    found
}

/// Mark the pages at these content paths as changed in the work tree, after giving each page
/// moved there and not yet committed (old path, new path) the history of its old path.
fn mark_uncommitted(history: &mut History, (paths, renames): (Vec<String>, Vec<(String, String)>)) {
    for (old, new) in &renames {
        if let Some(mut ph) = history.pages.remove(old) {
            if !ph.old_paths.contains(old) {
                ph.old_paths.push(old.clone());
            }
            history.pages.insert(new.clone(), ph);
        }
    }
    for rel in paths {
        if !renames.iter().any(|(old, _)| *old == rel) {
            history.pages.entry(rel).or_default().uncommitted = true;
        }
    }
}

/// The pages moved in the work tree and not committed yet (`git mv`, then a preview before the
/// commit), as (old, new) content paths: a file `HEAD` has that is gone from the work tree,
/// and a file `HEAD` does not have with exactly its content.
fn uncommitted_renames(repo: &Repository, prefix: &str, paths: &[String]) -> Vec<(String, String)> {
    let (Some(workdir), Ok(head)) = (repo.workdir(), repo.head().and_then(|h| h.peel_to_tree()))
    else {
        return Vec::new();
    };
    let in_repo = |rel: &str| {
        if prefix.is_empty() {
            rel.to_string()
        } else {
            format!("{prefix}/{rel}")
        }
    };
    let mut gone: HashMap<Oid, String> = HashMap::new();
    let mut added: Vec<(String, Oid)> = Vec::new();
    for rel in paths {
        let disk = workdir.join(in_repo(rel));
        let committed = head.get_path(Path::new(&in_repo(rel))).ok().map(|e| e.id());
        match (committed, disk.is_file()) {
            (Some(id), false) => {
                gone.insert(id, rel.clone());
            }
            (None, true) => {
                if let Ok(id) = Oid::hash_file(git2::ObjectType::Blob, &disk) {
                    added.push((rel.clone(), id));
                }
            }
            _ => {}
        }
    }
    added
        .into_iter()
        .filter_map(|(new, id)| gone.remove(&id).map(|old| (old, new)))
        .collect()
}

/// Content paths (relative to the content folder) changed in the work tree and not committed.
///
/// A fresh clone's index cannot vouch for its files: they were written in the same moment as
/// the index ("racily clean", in git's terms), so a libgit2 status hashes every one of them,
/// after looking up its `.gitattributes` folder by folder (a tenth of a cold build's time on
/// 1,400 pages). Instead each file under the content folder is compared with its blob in
/// `HEAD`: through the index when the index vouches for it (see [`index_vouches`]), else by
/// hashing it as it is on disk. Only the files that differ, or that only one side has, are
/// asked of libgit2's status, which applies filters (line endings) and ignore rules.
fn uncommitted_paths(repo: &Repository, prefix: &str) -> Vec<String> {
    let Some(workdir) = repo.workdir() else {
        return Vec::new();
    };
    let content = workdir.join(prefix);
    let mut committed: HashMap<String, Oid> = HashMap::new();
    let head_tree = repo.head().and_then(|h| h.peel_to_tree()).ok();
    let tree = match (&head_tree, prefix.is_empty()) {
        (Some(t), true) => Some(t.clone()),
        (Some(t), false) => t
            .get_path(Path::new(prefix))
            .and_then(|e| e.to_object(repo))
            .ok()
            .and_then(|o| o.into_tree().ok()),
        (None, _) => None,
    };
    if let Some(t) = tree {
        let _ = t.walk(git2::TreeWalkMode::PreOrder, |dir, e| {
            if e.kind() == Some(git2::ObjectType::Blob)
                && let Ok(name) = e.name()
            {
                committed.insert(format!("{dir}{name}"), e.id());
            }
            git2::TreeWalkResult::Ok
        });
    }
    // The index's record of each file: when the file's size and time still match it, and the
    // index was written after the file (not "racily clean"), the file is as the index says
    // without reading it.
    let index_time = std::fs::metadata(repo.path().join("index"))
        .and_then(|m| m.modified())
        .ok();
    let mut indexed: HashMap<String, git2::IndexEntry> = HashMap::new();
    if let Ok(index) = repo.index() {
        let dir = if prefix.is_empty() {
            String::new()
        } else {
            format!("{prefix}/")
        };
        for e in index.iter() {
            if let Some(rel) = std::str::from_utf8(&e.path)
                .ok()
                .and_then(|p| p.strip_prefix(dir.as_str()))
            {
                indexed.insert(rel.to_string(), e);
            }
        }
    }
    let mut suspects = Vec::new();
    // Folders git ignores (a build folder, `node_modules`) are not walked, as a status would not.
    let ignored = |e: &walkdir::DirEntry| {
        e.file_type().is_dir()
            && e.depth() > 0
            && e.path()
                .strip_prefix(workdir)
                .is_ok_and(|p| repo.is_path_ignored(p).unwrap_or(false))
    };
    let files = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_entry(|e| e.file_name() != ".git" && !ignored(e))
        .flatten()
        .filter(|e| !e.file_type().is_dir());
    for entry in files {
        let Ok(rel) = entry.path().strip_prefix(&content) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if !entry.file_type().is_file() {
            // A link's blob is its target, not the file it points to: the status judges it.
            committed.remove(&rel);
            suspects.push(rel);
            continue;
        }
        let same = committed.remove(&rel).is_some_and(|id| {
            let vouched = indexed.get(&rel).is_some_and(|e| {
                e.id == id
                    && entry
                        .metadata()
                        .is_ok_and(|m| index_vouches(e, &m, index_time))
            });
            vouched
                || std::fs::read(entry.path())
                    .ok()
                    .and_then(|b| Oid::hash_object(git2::ObjectType::Blob, &b).ok())
                    == Some(id)
        });
        if !same {
            suspects.push(rel);
        }
    }
    // In HEAD, not on disk: deleted.
    suspects.extend(committed.into_keys());
    if suspects.len() > 64 {
        // Many files differ as read (line endings converted on checkout, or a large change):
        // one status of the whole folder is cheaper than asking about each.
        return uncommitted_by_status(repo, prefix);
    }
    suspects.sort();
    suspects.retain(|rel| {
        let path = if prefix.is_empty() {
            rel.clone()
        } else {
            format!("{prefix}/{rel}")
        };
        repo.status_file(Path::new(&path))
            .is_ok_and(|s| !s.is_empty() && !s.is_ignored())
    });
    suspects
}

/// [`uncommitted_paths`] by a libgit2 status of the whole content folder.
fn uncommitted_by_status(repo: &Repository, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut opts = git2::StatusOptions::new();
    opts.include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_ignored(false);
    if !prefix.is_empty() {
        opts.pathspec(prefix);
    }
    let Ok(statuses) = repo.statuses(Some(&mut opts)) else {
        return out;
    };
    let dir = format!("{prefix}/");
    for s in statuses.iter() {
        let Ok(path) = s.path() else { continue };
        let rel = if prefix.is_empty() {
            path
        } else {
            match path.strip_prefix(dir.as_str()) {
                Some(r) => r,
                None => continue,
            }
        };
        if !(s.status().is_ignored() || s.status().is_empty()) {
            out.push(rel.to_string());
        }
    }
    out.sort();
    out
}

/// True when the index entry `e` still describes the file with metadata `m`: same size, times
/// and inode, and the index written after the file changed (else a change in the same instant
/// could hide behind equal times).
#[cfg(unix)]
fn index_vouches(
    e: &git2::IndexEntry,
    m: &std::fs::Metadata,
    index_time: Option<std::time::SystemTime>,
) -> bool {
    use std::os::unix::fs::MetadataExt;
    // What git compares by default (`core.checkStat`): times, size, inode.
    let same = m.len() == u64::from(e.file_size)
        && m.mtime() == i64::from(e.mtime.seconds())
        && m.mtime_nsec() == i64::from(e.mtime.nanoseconds())
        && m.ctime() == i64::from(e.ctime.seconds())
        && m.ctime_nsec() == i64::from(e.ctime.nanoseconds())
        && m.ino() as u32 == e.ino;
    same && index_time
        .zip(m.modified().ok())
        .is_some_and(|(i, f)| f < i)
}

/// Elsewhere the index's times are not compared: every file is hashed.
#[cfg(not(unix))]
fn index_vouches(
    _: &git2::IndexEntry,
    _: &std::fs::Metadata,
    _: Option<std::time::SystemTime>,
) -> bool {
    false
}

/// `2024-05-01` for seconds since the epoch (UTC).
pub fn date(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds)
        .map(|t| t.strftime("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// RFC 3339 (`2024-05-01T12:00:00Z`) for seconds since the epoch.
pub fn rfc3339(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds)
        .map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// The first 8 characters of a commit id.
pub fn short(id: &str) -> &str {
    &id[..id.len().min(8)]
}

/// Shows a progress bar on a terminal once the walk has run for a second.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    start: Instant,
    shown: std::sync::atomic::AtomicBool,
}

impl Progress {
    /// A bar of no commits yet: [`Progress::add`] adds them as they are found.
    fn new(enabled: bool) -> Progress {
        let bar = (enabled && std::io::stderr().is_terminal()).then(|| {
            let b = indicatif::ProgressBar::with_draw_target(
                Some(0),
                indicatif::ProgressDrawTarget::hidden(),
            );
            b.set_style(
                indicatif::ProgressStyle::with_template(
                    "reading history {bar:30} {pos}/{len} commits ({eta})",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            b
        });
        Progress {
            bar,
            start: Instant::now(),
            shown: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// `n` more commits to read.
    fn add(&self, n: usize) {
        if let Some(b) = &self.bar {
            b.inc_length(n as u64);
        }
    }

    fn tick(&self) {
        if let Some(b) = &self.bar {
            b.inc(1);
            if self.start.elapsed().as_secs() >= 1
                && !self.shown.swap(true, std::sync::atomic::Ordering::Relaxed)
            {
                b.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            }
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

/// Group commits by day (newest first), for the recent-changes page.
pub fn by_day(commits: &[&Commit]) -> BTreeMap<std::cmp::Reverse<String>, Vec<usize>> {
    let mut m: BTreeMap<std::cmp::Reverse<String>, Vec<usize>> = BTreeMap::new();
    for (i, c) in commits.iter().enumerate() {
        m.entry(std::cmp::Reverse(date(c.time)))
            .or_default()
            .push(i);
    }
    m
}
