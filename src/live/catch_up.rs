//! Bringing the whole served site up to a reloaded model ([`super::reload`]), in the
//! background: the full build's writing stage (its job, plan and outputs, into a staging folder
//! swapped in at once), run on a model already in memory. What it writes is what a full build
//! of the same files writes, by construction: the same model, the same writer.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::Diagnostic;
use crate::output::{Staging, write_job};
use crate::render::{Reuse, Theme};
use crate::wiki::Wiki;

/// A thread pool for catch-ups: as many threads as cores, each at a lower scheduling priority
/// (`nice` 10), so a save that comes while a catch-up runs is reloaded at full speed. The
/// pool is its own, not rayon's global one: a reload's parallel work queued behind a
/// catch-up's in one pool waited for it (a 0.3 s reload took 1 to 4 s while the site or the
/// search index was being written).
pub fn background_pool() -> Option<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(std::thread::available_parallelism().map_or(2, |n| n.get()))
        .thread_name(|i| format!("stratwiki-catch-up-{i}"))
        .start_handler(|_| lower_priority())
        .build()
        .ok()
}

/// Lower the calling thread's scheduling priority (on Linux, `nice` applies to the thread
/// that calls it; threads it starts inherit it).
pub fn lower_priority() {
    #[cfg(target_os = "linux")]
    {
        unsafe extern "C" {
            fn nice(inc: std::ffi::c_int) -> std::ffi::c_int;
        }
        // SAFETY: `nice` takes an integer and changes only this thread's priority; its result
        // (the new value, or -1 with errno) is of no consequence here.
        unsafe {
            nice(10);
        }
    }
}

/// The site still to be written for a reloaded model.
#[derive(Clone)]
pub struct CatchUp {
    wiki: Arc<Wiki>,
    theme: Arc<Theme>,
}

/// A site written into its staging folder, not yet in place.
pub struct Staged {
    staging: Staging,
    /// Warnings the writing met (each also a full build's).
    pub warnings: Vec<Diagnostic>,
}

impl std::fmt::Debug for CatchUp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CatchUp({} pages)", self.wiki.site.pages.len())
    }
}

impl Staged {
    /// Put the new site in place of the old one, at once.
    pub fn commit(self) -> std::io::Result<()> {
        self.staging.commit_carrying(&[])
    }
}

impl CatchUp {
    pub(super) fn new(wiki: Arc<Wiki>, theme: Arc<Theme>) -> CatchUp {
        CatchUp { wiki, theme }
    }

    /// Write the whole site for `out` into a staging folder beside it, taking unchanged files
    /// from it as the live server's full build does. Nothing is in place until
    /// [`Staged::commit`]; dropping the result removes it.
    pub fn write(&self, out: &Path) -> Result<Staged, Vec<Diagnostic>> {
        let staging = Staging::for_build(out).map_err(|d| vec![d])?;
        let reuse = std::path::absolute(out).ok().map(|previous| Reuse {
            previous,
            ..Default::default()
        });
        let job = crate::check::site_job(&self.wiki, &self.theme);
        let mut plan = crate::check::site_plan(&job, None);
        if plan.has_errors() {
            return Err(plan.take_diagnostics());
        }
        let mut warnings = plan.take_diagnostics();
        let (_, _, written) = write_job(&job, &plan, &staging, reuse.as_ref(), true)?;
        warnings.extend(written);
        Ok(Staged { staging, warnings })
    }
}
