//! Whether this process exits right after its one build, leaving what it loaded to the
//! operating system.
//!
//! On a large wiki, freeing the model, history and versions one allocation at a time takes
//! tens of milliseconds at the end of every build. `stratwiki build` declares it exits
//! ([`exit_without_teardown`]); the live server, which builds again and again, never does.

use std::sync::atomic::{AtomicBool, Ordering};

static SKIP_TEARDOWN: AtomicBool = AtomicBool::new(false);

/// Declare that this process exits right after its one build: the wiki's model, history and
/// versions are then left for the operating system to reclaim. The caller must call
/// `history::wait_for_saves` before exiting.
pub fn exit_without_teardown() {
    SKIP_TEARDOWN.store(true, Ordering::Relaxed);
}

/// True after [`exit_without_teardown`]: big values are forgotten instead of dropped.
pub fn skipped() -> bool {
    SKIP_TEARDOWN.load(Ordering::Relaxed)
}
