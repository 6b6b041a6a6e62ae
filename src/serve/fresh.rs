//! Which pages of the served site are current, and the catch-up that brings the rest there.
//!
//! After a reload ([`crate::live`]) the saved pages are written at once, and the rest of the
//! site is rewritten from the new model in the background (several seconds on a large wiki).
//! Meanwhile a page that shows the change elsewhere (an index listing a new title, a page
//! gaining a backlink, every sidebar) would still be the old one, so the server holds back
//! requests for every page but the ones just written until the site has caught up: the
//! browser that reloads the saved page gets it at once, and no reader ever sees a stale page
//! (one that follows a link waits for the catch-up instead). Each change starts a new
//! generation; a catch-up that a newer change overtook is not put in place, and a newer one
//! follows.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::live::CatchUp;

/// The longest a request waits for the catch-up before it is served what is there.
const LONGEST_WAIT: Duration = Duration::from_secs(120);

#[derive(Default)]
struct State_ {
    /// Bumped by every change that writes the site.
    generation: u64,
    /// `Some`: the site is behind the model, and only these site paths are current.
    current: Option<HashSet<String>>,
    /// The catch-up to run, for its generation.
    job: Option<(u64, CatchUp)>,
    /// The server is stopping.
    stop: bool,
}

/// Shared by the watcher, the catch-up thread and the request handlers.
#[derive(Default)]
pub struct Fresh {
    state: Mutex<State_>,
    /// Wakes the catch-up thread.
    work: Condvar,
    /// Wakes the requests waiting for the site to catch up.
    settled: tokio::sync::Notify,
    /// Held while a whole site is written into a staging folder (a full build, a catch-up):
    /// one at a time. Taken before the site lock, never after it.
    pub build_slot: Mutex<()>,
}

impl Fresh {
    fn lock(&self) -> std::sync::MutexGuard<'_, State_> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether the served site is all the model makes (no catch-up pending).
    pub fn is_settled(&self) -> bool {
        self.lock().current.is_none()
    }

    /// A reload wrote `files` from a new model; `job` writes the rest.
    pub fn behind(&self, files: &[String], job: CatchUp) {
        let mut s = self.lock();
        s.generation += 1;
        s.current = Some(files.iter().cloned().collect());
        s.job = Some((s.generation, job));
        self.work.notify_all();
    }

    /// A full build is about to replace the site: no pending catch-up is wanted any more.
    pub fn superseded(&self) {
        let mut s = self.lock();
        s.generation += 1;
        s.job = None;
    }

    /// The site is everything the model makes again (after a full build, also a failed one:
    /// the previous site stays, with the error shown).
    pub fn settle(&self) {
        self.lock().current = None;
        self.settled.notify_waiters();
    }

    /// Stop the catch-up thread (after its current run).
    pub fn stop(&self) {
        self.lock().stop = true;
        self.work.notify_all();
    }

    /// Run catch-ups until [`Fresh::stop`]: each writes the site into a staging folder, and is
    /// put in place (holding `site_lock`) only if no change came after it. `failed` runs when
    /// one could not be written (it does a full build, with the build slot held).
    pub fn run_catch_ups(
        &self,
        out: PathBuf,
        site_lock: Arc<Mutex<()>>,
        failed: impl Fn(Vec<crate::diagnostics::Diagnostic>),
    ) {
        // Behind the saves: this thread (and what it starts) at a lower priority, its parallel
        // work in a pool of its own.
        crate::live::lower_priority();
        let pool = crate::live::background_pool();
        loop {
            let (generation, job) = {
                let mut s = self.lock();
                loop {
                    if s.stop {
                        return;
                    }
                    if let Some(j) = s.job.take() {
                        break j;
                    }
                    s = self.work.wait(s).unwrap_or_else(|e| e.into_inner());
                }
            };
            let start = Instant::now();
            let slot = self.build_slot.lock().unwrap_or_else(|e| e.into_inner());
            if self.lock().generation != generation {
                continue;
            }
            let staged = match &pool {
                Some(p) => p.install(|| job.write(&out)),
                None => job.write(&out),
            };
            let _site = site_lock.lock().unwrap_or_else(|e| e.into_inner());
            let mut s = self.lock();
            if s.generation != generation {
                // Overtaken: the newer change's catch-up follows.
                continue;
            }
            let result = staged.and_then(|st| {
                st.commit().map_err(|e| {
                    vec![crate::diagnostics::Diagnostic::error(
                        "write",
                        format!("cannot put the caught-up site in place: {e}"),
                    )]
                })
            });
            match result {
                Ok(()) => {
                    s.current = None;
                    drop(s);
                    self.settled.notify_waiters();
                    eprintln!("Caught up in {} ms.", start.elapsed().as_millis());
                }
                Err(ds) => {
                    // The fallback builds the whole site: it takes the site lock itself, and
                    // keeps the build slot this run holds.
                    drop(s);
                    drop(_site);
                    failed(ds);
                    drop(slot);
                    self.settle();
                }
            }
        }
    }

    /// Whether a request for `path` (the URL's path) must wait for the catch-up: a page
    /// (an `.html` file or a folder) that is not one of the current ones.
    fn must_wait(&self, path: &str) -> bool {
        let s = self.lock();
        let Some(current) = &s.current else {
            return false;
        };
        let rel = decode(path.trim_start_matches('/'));
        let rel = if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel
        };
        let last = rel.rsplit('/').next().unwrap_or(&rel);
        let page = rel.ends_with(".html") || !last.contains('.');
        page && !current.contains(&rel) && !rel.starts_with("__stratwiki/")
    }
}

/// `%XX` escapes decoded (as the file server decodes them); invalid ones kept as they are.
fn decode(path: &str) -> String {
    let b = path.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(v) = path
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The middleware: a request for a page that is not current yet waits for the catch-up.
pub async fn gate(State(fresh): State<Arc<Fresh>>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    loop {
        let settled = fresh.settled.notified();
        tokio::pin!(settled);
        // Registered before the check, so a catch-up that ends in between is not missed.
        settled.as_mut().enable();
        if !fresh.must_wait(req.uri().path()) {
            break;
        }
        let left = LONGEST_WAIT.saturating_sub(start.elapsed());
        if left.is_zero() || tokio::time::timeout(left, settled).await.is_err() {
            break;
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_pages_that_are_not_current_wait() {
        let f = Fresh::default();
        assert!(!f.must_wait("/goals/a.html"), "a settled site serves all");
        f.lock().current = Some(["goals/a.html".to_string(), "b/index.html".to_string()].into());
        assert!(!f.must_wait("/goals/a.html"));
        assert!(!f.must_wait("/b/"));
        assert!(!f.must_wait("/b/index.html"));
        assert!(f.must_wait("/goals/index.html"));
        assert!(f.must_wait("/"));
        assert!(f.must_wait("/goals/"));
        assert!(f.must_wait("/goals"));
        assert!(f.must_wait("/tags/caf%C3%A9.html"));
        assert!(!f.must_wait("/static/style.css"), "assets do not change");
        assert!(!f.must_wait("/__stratwiki/events"));
        assert_eq!(decode("caf%C3%A9%zz"), "café%zz");
    }
}
