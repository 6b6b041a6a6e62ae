//! The search index (Pagefind's files under `pagefind/`), when `[wiki.search] enabled`.

use super::{Output, Written, cannot_write};
use crate::diagnostics::Diagnostic;
use crate::output::job::{Job, Writer};
use crate::output::plan::Plan;
use crate::render::{Content, Reuse};

/// The search index.
pub struct SearchIndex;

impl Output for SearchIndex {
    fn name(&self) -> &'static str {
        "search"
    }

    /// Pagefind indexes on one core, the slowest part of a large build: beside the pages.
    fn own_thread(&self) -> bool {
        true
    }

    /// The index's file names are not known until it is built: it owns its folder whole.
    fn plan(&self, job: &Job<'_>, plan: &mut Plan) {
        if job.config.wiki.search.enabled {
            plan.tree(
                &job.path("pagefind/"),
                job.claim(self.name(), "the search index"),
            );
        }
    }

    fn write(&self, job: &Job<'_>, out: &Writer<'_>) -> Result<Written, Vec<Diagnostic>> {
        if !job.config.wiki.search.enabled {
            return Ok(Written::default());
        }
        let files = bundle(job, out.reuse, out.live_reload).map_err(|d| vec![d])?;
        let count = files.len();
        for (rel, bytes) in files {
            let rel = format!("pagefind/{rel}");
            out.send(self.name(), &rel, Content::Bytes(bytes))
                .map_err(|e| cannot_write(&rel, e))?;
        }
        Ok(Written {
            files: count,
            ..Written::default()
        })
    }
}

/// The search index of one job: taken from the previous build when its records are the same
/// (Pagefind indexes about 300 pages a second on one core, the slowest part of a large build),
/// else built. The live server always takes the previous index when there is one, so a save
/// never waits for indexing; it brings the index up to date in the background
/// (`serve::search_refresh`).
fn bundle(
    job: &Job<'_>,
    reuse: Option<&Reuse>,
    live_reload: bool,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let language = &job.config.book.language;
    let mut records = crate::search::records(job.site);
    crate::search::translate(&mut records, &job.theme.catalogue, language);
    let key = crate::search::key(&records, language);
    let slot = job.path("pagefind/");
    let remember = |reuse: &Reuse| reuse.keep(&slot, key);
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
