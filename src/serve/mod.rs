//! `stratwiki serve`: a live preview. Builds the wiki into a private folder (never the user's
//! build folder), serves it on loopback, watches the content, theme, `book.toml` and CODEOWNERS,
//! rebuilds on change and tells open browsers to reload (server-sent events; a few lines of
//! script added only in this mode). A build error keeps the server running: the terminal shows
//! it, and the browser shows an overlay ([`overlay`]: the errors first, each with its source lines
//! and a caret, then the warnings apart) until it is fixed. A build that succeeds with warnings
//! about the files just saved shows them in a panel the reader can close.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use notify::RecursiveMode;
use notify_debouncer_full::DebounceEventResult;
use tokio::sync::broadcast;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;
use tower_http::services::{ServeDir, ServeFile};

mod fresh;
mod guard;
mod overlay;
mod search_refresh;

use crate::build::build_site_keeping;
use crate::diagnostics::{Diagnostics, Format, format_diagnostics};
use crate::live::{LiveSite, Outcome};

/// The script every page loads in serve mode.
const RELOAD_JS: &str = include_str!("reload.js");

/// Options of `stratwiki serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The wiki root.
    pub root: PathBuf,
    /// Address to listen on (default 127.0.0.1).
    pub bind: std::net::IpAddr,
    /// Port (0: any free port).
    pub port: u16,
    /// Open a browser.
    pub open: bool,
    /// Poll the file system instead of relying on notifications.
    pub poll: bool,
    /// The date goals are judged against.
    pub today: jiff::civil::Date,
}

/// What the browser is told.
#[derive(Debug, Clone)]
enum Message {
    /// The site was rebuilt: reload.
    Reload,
    /// The build failed: show this overlay payload ([`overlay::Payload`], JSON).
    Error(String),
}

/// What a browser that connects is shown first: the failed build's overlay, or the warnings
/// about the files last saved (each an event name and its JSON data).
type Pending = Arc<std::sync::Mutex<Option<(&'static str, String)>>>;

/// Why a build failed: the text the terminal shows and the overlay's payload.
struct Failed {
    text: String,
    payload: String,
}

/// A full build into `out`; on success, also the model for incremental updates and the
/// build's diagnostics.
fn build_into(
    opts: &ServeOptions,
    out: &Path,
) -> Result<(u128, Option<LiveSite>, Diagnostics), Failed> {
    let start = Instant::now();
    let mut keep = None;
    let report = build_site_keeping(&opts.root, Some(out), opts.today, true, &mut keep);
    let text = format_diagnostics(&report.diagnostics, Format::Human);
    if report.ok() {
        if !text.is_empty() {
            eprint!("{text}");
        }
        let live = keep.and_then(|(loaded, theme)| LiveSite::from_build(loaded, theme, opts.today));
        Ok((start.elapsed().as_millis(), live, report.diagnostics))
    } else {
        let mut ds = report.diagnostics;
        if ds.is_empty() {
            ds.push(crate::diagnostics::Diagnostic::error(
                "build",
                "the build failed",
            ));
        }
        Err(Failed {
            text: format_diagnostics(&ds, Format::Human),
            payload: overlay::payload(&ds, &opts.root, true).to_json(),
        })
    }
}

/// A full build into `out`, the browsers told (to reload, or the error): the new model, or
/// `None` when it failed. The caller holds the site lock.
fn rebuilt(
    opts: &ServeOptions,
    out: &Path,
    tx: &broadcast::Sender<Message>,
    error: &Pending,
    changed: &[PathBuf],
) -> Option<Option<LiveSite>> {
    match build_into(opts, out) {
        Ok((ms, next, ds)) => {
            eprintln!("Rebuilt in {ms} ms.");
            // Shown once the browsers have reloaded (they ask for it as they connect).
            *error.lock().unwrap_or_else(|e| e.into_inner()) =
                saved_warnings(&ds, changed, &opts.root).map(|p| ("warnings", p));
            let _ = tx.send(Message::Reload);
            Some(next)
        }
        Err(Failed { text, payload }) => {
            eprint!("{text}");
            *error.lock().unwrap_or_else(|e| e.into_inner()) = Some(("error", payload.clone()));
            let _ = tx.send(Message::Error(payload));
            None
        }
    }
}

/// The warnings of `ds` about the files in `changed`, as the panel's payload (none: `None`).
fn saved_warnings(ds: &Diagnostics, changed: &[PathBuf], root: &Path) -> Option<String> {
    let files: Vec<String> = changed
        .iter()
        .map(|p| crate::diagnostics::display_path(root, p))
        .collect();
    let mut about = Diagnostics::new();
    about.extend(
        ds.iter()
            .filter(|d| d.file.as_ref().is_some_and(|f| files.contains(f)))
            .cloned(),
    );
    (!about.is_empty()).then(|| overlay::payload(&about, root, false).to_json())
}

/// The paths a batch of events created, changed or removed, without the ignored ones.
fn changed_paths(
    events: &[notify_debouncer_full::DebouncedEvent],
    private: &Path,
    build_dir: &Path,
) -> Vec<PathBuf> {
    use notify::EventKind;
    use notify::event::ModifyKind;
    let mut paths = Vec::new();
    for e in events {
        if !matches!(
            e.kind,
            EventKind::Create(_) | EventKind::Remove(_) | EventKind::Modify(_)
        ) || matches!(e.kind, EventKind::Modify(ModifyKind::Metadata(_)))
        {
            continue;
        }
        for p in &e.paths {
            if !ignored(p, private, build_dir) && !paths.contains(p) {
                paths.push(p.clone());
            }
        }
    }
    paths
}

/// True for paths whose change cannot affect the site (the build folders, git's and the cache's
/// files, editor swap files).
fn ignored(path: &Path, private: &Path, build_dir: &Path) -> bool {
    if path.starts_with(private) || path.starts_with(build_dir) {
        return true;
    }
    // In `.git`, only what moves refs matters (a commit, a tag, a branch switch): history,
    // proposals and versions are built from it.
    if let Some(i) = path.components().position(|c| c.as_os_str() == ".git") {
        let rest: Vec<String> = path
            .components()
            .skip(i + 1)
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let refs = matches!(
            rest.first().map(String::as_str),
            Some("HEAD" | "packed-refs" | "refs")
        );
        return !refs || rest.last().is_some_and(|n| n.ends_with(".lock"));
    }
    path.components().any(|c| {
        let s = c.as_os_str().to_string_lossy();
        s == ".stratwiki-cache" || s == "target"
    }) || path
        .file_name()
        .map(|n| n.to_string_lossy())
        .is_some_and(|n| {
            n.starts_with('.')
                || n.ends_with('~')
                || n.ends_with(".swp")
                || n.contains(".stratwiki-")
        })
}

/// Run the preview server until Ctrl-C.
pub fn serve(opts: ServeOptions) -> Result<(), String> {
    let root = opts
        .root
        .canonicalize()
        .map_err(|e| format!("cannot open `{}`: {e}", opts.root.display()))?;
    let opts = ServeOptions { root, ..opts };
    // A fresh private folder with an unguessable name (another user cannot prepare it), removed
    // when the guard drops, also on an early return.
    let private_dir = tempfile::Builder::new()
        .prefix(&format!("stratwiki-serve-{}-", std::process::id()))
        .tempdir()
        .map_err(|e| format!("cannot create a private build folder: {e}"))?;
    let private = private_dir.path().to_path_buf();
    let out = private.join("site");
    let mut diags = crate::diagnostics::Diagnostics::new();
    let config = crate::config::Config::load(&opts.root, &mut diags).ok();
    let build_dir = config
        .as_ref()
        .map(|c| c.build_dir())
        .unwrap_or_else(|| opts.root.join("book"));
    if config.is_some_and(|c| c.wiki.versions.enabled()) {
        eprintln!(
            "note: this preview shows the working tree, as you edit it; the editions that [wiki.versions] selects are built from git by `stratwiki build`."
        );
    }

    let (tx, _) = broadcast::channel::<Message>(16);
    let last_error: Pending = Default::default();
    let mut first_live = None;
    let refresh = search_refresh::SearchRefresh::default();
    match build_into(&opts, &out) {
        Ok((ms, live, _)) => {
            eprintln!("Built in {ms} ms.");
            if let Some(l) = &live {
                refresh.built(l);
            }
            first_live = live;
        }
        Err(Failed { text: e, payload }) => {
            eprint!("{e}");
            std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
            // No site yet: a page that says why, at every address, with the script that shows
            // the error and reloads once the wiki builds.
            let page = format!(
                "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>The wiki does not build yet</title>\n</head>\n<body>\n<h1>The wiki does not build yet</h1>\n<p>Fix the problems below (the terminal shows them too); this page reloads when it builds.</p>\n<pre>{}</pre>\n<script src=\"/__stratwiki/reload.js\"></script>\n</body>\n</html>\n",
                crate::text::escape_html(&e)
            );
            for name in ["index.html", "404.html"] {
                std::fs::write(out.join(name), &page).map_err(|e| e.to_string())?;
            }
            // Stratwiki's own: the next build may replace it.
            std::fs::write(out.join(crate::output::SITE_MARKER), "").map_err(|e| e.to_string())?;
            *last_error.lock().unwrap_or_else(|e| e.into_inner()) = Some(("error", payload));
        }
    }

    // Watch and rebuild on a thread of its own; a burst of events is one rebuild.
    let watch_tx = tx.clone();
    let watch_opts = opts.clone();
    let watch_out = out.clone();
    let watch_error = last_error.clone();
    let watch_private = private.clone();
    let (ev_tx, ev_rx) = std::sync::mpsc::channel::<DebounceEventResult>();
    let mut debouncer = if opts.poll {
        let config = notify::Config::default().with_poll_interval(Duration::from_millis(200));
        Box::new(
            notify_debouncer_full::new_debouncer_opt::<_, notify::PollWatcher, _>(
                Duration::from_millis(60),
                None,
                ev_tx,
                notify_debouncer_full::RecommendedCache::new(),
                config,
            )
            .map_err(|e| e.to_string())?,
        ) as Box<dyn WatchPaths>
    } else {
        Box::new(
            notify_debouncer_full::new_debouncer(Duration::from_millis(60), None, ev_tx)
                .map_err(|e| e.to_string())?,
        ) as Box<dyn WatchPaths>
    };
    debouncer.watch_path(&opts.root)?;
    // The catch-ups after reloads, on a thread of their own (see `fresh`); one that cannot be
    // written gives way to a full build, as the watcher would run it.
    let fresh = Arc::new(fresh::Fresh::default());
    let catch_up = {
        let fresh = fresh.clone();
        let (out, lock) = (out.clone(), refresh.site_lock.clone());
        let (opts, tx, error) = (opts.clone(), tx.clone(), last_error.clone());
        std::thread::spawn(move || {
            fresh.run_catch_ups(out.clone(), lock.clone(), |ds| {
                let mut all = Diagnostics::new();
                all.extend(ds);
                eprint!("{}", format_diagnostics(&all, Format::Human));
                let _site = lock.lock().unwrap_or_else(|e| e.into_inner());
                rebuilt(&opts, &out, &tx, &error, &[]);
            })
        })
    };
    let watch_fresh = fresh.clone();
    let watch_refresh = refresh.clone();
    let watcher = std::thread::spawn(move || {
        let fresh = watch_fresh;
        let refresh = watch_refresh;
        let mut live = first_live;
        // The search index catches up once the wiki has been quiet for a moment, not after
        // every save: indexing is seconds of work on a large wiki.
        let mut index_pending = false;
        loop {
            let result = if index_pending {
                match ev_rx.recv_timeout(Duration::from_millis(1500)) {
                    Ok(r) => r,
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                        // Not while a catch-up may still put its site (with the index it
                        // found) in place.
                        if !fresh.is_settled() {
                            continue;
                        }
                        index_pending = false;
                        if let Some(l) = &live {
                            refresh.check(l, &watch_out);
                        }
                        continue;
                    }
                    Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
                }
            } else {
                match ev_rx.recv() {
                    Ok(r) => r,
                    Err(_) => break,
                }
            };
            let Ok(events) = result else { continue };
            if std::env::var_os("STRATWIKI_DEBUG_WATCH").is_some() {
                for e in &events {
                    eprintln!("watch: {:?} {:?}", e.kind, e.paths);
                }
            }
            // Reads (the build's own), metadata changes and ignored paths change nothing.
            let mut paths = changed_paths(&events, &watch_private, &build_dir);
            if paths.is_empty() {
                continue;
            }
            let start = Instant::now();
            // Drain what else arrived meanwhile: one rebuild for a burst.
            while let Ok(more) = ev_rx.try_recv() {
                if let Ok(more) = more {
                    paths.extend(changed_paths(&more, &watch_private, &build_dir));
                }
            }
            // A change that stays inside its pages updates just them; anything else, and
            // whatever the incremental path is unsure of, is a full build.
            // Builds and the search indexer take turns writing the site.
            let site_lock = refresh.site_lock.clone();
            let site = site_lock.lock().unwrap_or_else(|e| e.into_inner());
            let settled = fresh.is_settled();
            let outcome = live
                .as_mut()
                .map(|l| l.rebuild(&paths, &watch_out, settled));
            if let Some(Outcome::Updated {
                files,
                catch_up: None,
                ..
            }) = &outcome
                && files.is_empty()
            {
                // Only temporary files came and went.
                continue;
            }
            if let Some(Outcome::Updated {
                files,
                warnings,
                catch_up,
            }) = outcome
            {
                if let Some(job) = catch_up {
                    fresh.behind(&files, job);
                }
                drop(site);
                let warnings = &warnings;
                let text = format_diagnostics(warnings, Format::Human);
                eprint!("{text}");
                *watch_error.lock().unwrap_or_else(|e| e.into_inner()) =
                    saved_warnings(warnings, &paths, &watch_opts.root).map(|p| ("warnings", p));
                let _ = watch_tx.send(Message::Reload);
                eprintln!(
                    "Updated {} file{} in {} ms.",
                    files.len(),
                    if files.len() == 1 { "" } else { "s" },
                    start.elapsed().as_millis()
                );
                index_pending = true;
                continue;
            }
            if let Some(Outcome::NeedsFullBuild(why)) = &outcome
                && std::env::var_os("STRATWIKI_DEBUG_WATCH").is_some()
            {
                eprintln!("watch: full rebuild: {why}");
            }
            live = None;
            // A catch-up still running finishes first (one staging folder at a time), and is
            // not put in place: this build replaces it.
            drop(site);
            fresh.superseded();
            let slot = fresh.build_slot.lock().unwrap_or_else(|e| e.into_inner());
            let _site = site_lock.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(next) = rebuilt(&watch_opts, &watch_out, &watch_tx, &watch_error, &paths) {
                live = next;
                index_pending = true;
            }
            drop(slot);
            fresh.settle();
        }
    });

    let gate_fresh = fresh.clone();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let result = runtime.block_on(async move {
        let addr = SocketAddr::new(opts.bind, opts.port);
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        let local = listener.local_addr().map_err(|e| e.to_string())?;
        let allowed = Arc::new(guard::Allowed::new(opts.bind, local.port()));
        let events_tx = tx.clone();
        let app = Router::new()
            .route("/__stratwiki/reload.js", get(reload_js))
            .route(
                "/__stratwiki/events",
                get(move || {
                    let rx = events_tx.subscribe();
                    let pending = last_error.lock().unwrap_or_else(|e| e.into_inner()).clone();
                    async move { events(rx, pending) }
                }),
            )
            .fallback_service(
                ServeDir::new(&out)
                    .append_index_html_on_directories(true)
                    .not_found_service(ServeFile::new(out.join("404.html"))),
            )
            // Pages that a catch-up is still rewriting wait for it (see `fresh`).
            .layer(axum::middleware::from_fn_with_state(
                gate_fresh,
                fresh::gate,
            ))
            // Only requests for this server, and no redirect off it (see `guard`).
            .layer(axum::middleware::from_fn_with_state(allowed, guard::guard));
        if !opts.bind.is_loopback() {
            eprintln!(
                "warning: serving on {} makes the preview reachable from other machines",
                opts.bind
            );
        }
        // Listen for Ctrl-C and `kill` before telling anyone the address, so a stop that comes
        // right after is handled cleanly.
        #[cfg(unix)]
        let (mut int, mut term) = {
            use tokio::signal::unix::{SignalKind, signal};
            (
                signal(SignalKind::interrupt()).map_err(|e| e.to_string())?,
                signal(SignalKind::terminate()).map_err(|e| e.to_string())?,
            )
        };
        let url = format!("http://{local}/");
        println!("Serving {} on {url}", opts.root.display());
        use std::io::Write;
        let _ = std::io::stdout().flush();
        if opts.open {
            let _ = std::process::Command::new(if cfg!(target_os = "macos") {
                "open"
            } else {
                "xdg-open"
            })
            .arg(&url)
            .spawn();
        }
        // Stop on Ctrl-C or a polite `kill`; open event streams never end by themselves, so
        // after a short grace period the server stops without waiting for them.
        let (stop_tx, mut stop_rx) = tokio::sync::watch::channel(false);
        tokio::spawn(async move {
            #[cfg(unix)]
            tokio::select! {
                _ = int.recv() => {}
                _ = term.recv() => {}
            }
            #[cfg(not(unix))]
            let _ = tokio::signal::ctrl_c().await;
            eprintln!("Stopping.");
            let _ = stop_tx.send(true);
        });
        let mut graceful_rx = stop_rx.clone();
        let server = axum::serve(listener, app).with_graceful_shutdown(async move {
            let _ = graceful_rx.changed().await;
        });
        tokio::select! {
            r = server => r.map_err(|e| e.to_string()),
            _ = async {
                let _ = stop_rx.changed().await;
                tokio::time::sleep(Duration::from_millis(500)).await;
            } => Ok(()),
        }
    });
    // Stop watching (which ends the rebuild thread), let a rebuild in progress finish, and only
    // then remove the private folder.
    drop(debouncer);
    let _ = watcher.join();
    fresh.stop();
    let _ = catch_up.join();
    drop(private_dir);
    result
}

/// The two watcher kinds behind one interface.
trait WatchPaths {
    fn watch_path(&mut self, path: &Path) -> Result<(), String>;
}

impl<T: notify::Watcher, C: notify_debouncer_full::FileIdCache> WatchPaths
    for notify_debouncer_full::Debouncer<T, C>
{
    fn watch_path(&mut self, path: &Path) -> Result<(), String> {
        self.watch(path, RecursiveMode::Recursive)
            .map_err(|e| format!("cannot watch `{}`: {e}", path.display()))
    }
}

async fn reload_js() -> Response {
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/javascript; charset=utf-8",
        )],
        RELOAD_JS,
    )
        .into_response()
}

fn events(
    rx: broadcast::Receiver<Message>,
    pending: Option<(&'static str, String)>,
) -> Sse<impl tokio_stream::Stream<Item = Result<Event, std::convert::Infallible>>> {
    // A browser that connects while the build is broken sees the error at once (and one that
    // reloaded after a save, the warnings about it).
    let first = tokio_stream::iter(
        pending
            .map(|(name, data)| Ok(Event::default().event(name).data(data)))
            .into_iter()
            .chain(std::iter::once(Ok(Event::default()
                .event("hello")
                .data("ok")))),
    );
    let rest = BroadcastStream::new(rx).filter_map(|m| match m {
        Ok(Message::Reload) => Some(Ok(Event::default().event("reload").data("reload"))),
        Ok(Message::Error(e)) => Some(Ok(Event::default().event("error").data(e))),
        Err(_) => None,
    });
    Sse::new(first.chain(rest)).keep_alive(KeepAlive::default())
}
