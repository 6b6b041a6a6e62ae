//! Cache writes on threads of their own: they overlap with rendering, and a process waits for
//! them before it exits, so a cache file is never left half-written.

use std::path::{Path, PathBuf};

/// Cache writes still running in this process.
pub(super) struct Pending(std::sync::Mutex<i64>, std::sync::Condvar);

pub(super) static PENDING_SAVES: Pending =
    Pending(std::sync::Mutex::new(0), std::sync::Condvar::new());

impl Pending {
    pub(super) fn add(&self, n: i64) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) += n;
        self.1.notify_all();
    }

    /// Wait until no cache write is running.
    pub(super) fn wait(&self) {
        let mut n = self.0.lock().unwrap_or_else(|e| e.into_inner());
        while *n > 0 {
            n = self.1.wait(n).unwrap_or_else(|e| e.into_inner());
        }
    }
}

/// Wait until every history cache write this process started is on disk. A process that exits
/// without dropping its history (see [`crate::teardown::exit_without_teardown`]) calls this first.
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
pub struct SaveGuard(pub(super) std::sync::Mutex<Option<std::thread::JoinHandle<()>>>);

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

/// Append `bytes` to the file at `path` in one write (appends of concurrent builds do not
/// interleave).
pub(super) fn append(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    std::fs::OpenOptions::new()
        .append(true)
        .open(path)?
        .write_all(bytes)
}

/// Write `bytes` to `path` through a temporary file and a rename, so a reader sees the old
/// file or the new one, never half of one.
pub(super) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}
