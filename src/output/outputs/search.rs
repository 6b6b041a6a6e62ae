//! The search index (Pagefind's files under `pagefind/`), when `[wiki.search] enabled`: one
//! bundle, or on a large wiki several shards (see [`crate::search::shard`]), each reused from the
//! previous build when its records are the same.

use super::{Output, Written, cannot_write};
use crate::diagnostics::Diagnostic;
use crate::output::job::{Job, Writer};
use crate::output::plan::Plan;
use crate::render::{Content, Reuse};
use crate::search::shard;

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
        let files = write_index(job, out)?;
        Ok(Written {
            files,
            ..Written::default()
        })
    }
}

/// Send one file of the index (`rel` inside `pagefind/`).
fn send(out: &Writer<'_>, rel: &str, content: Content) -> Result<(), Vec<Diagnostic>> {
    let rel = format!("pagefind/{rel}");
    out.send("search", &rel, content)
        .map_err(|e| cannot_write(&rel, e))
}

/// Write the search index of one job; returns how many files it sent.
///
/// Each shard is taken from the previous build when its records are the same (its key is kept
/// per folder, like a page's), else built; one after another, each from only its own records,
/// so the stage holds one shard's text and Pagefind's state for it, never the whole wiki's.
/// The live server always takes the previous index whole when there is one, so a save never
/// waits for indexing; it brings the index up to date in the background
/// (`serve::search_refresh`), shard by shard.
fn write_index(job: &Job<'_>, out: &Writer<'_>) -> Result<usize, Vec<Diagnostic>> {
    let reuse = out.reuse;
    let top = job.path("pagefind/");
    if out.live_reload
        && let Some(reuse) = reuse
        && let Some(files) = crate::search::previous_files(&reuse.previous.join(&top), false)
    {
        for rel in &files {
            send(out, rel, Content::Previous)?;
        }
        return Ok(files.len());
    }
    let language = &job.config.book.language;
    let shards = shard::count_for(crate::search::urls(job.site), shard::max_pages());
    let chunk = shard::chunk_size(crate::search::urls(job.site).count(), shard::max_pages());
    let (mut sent, mut indexed, mut others) = (0, 0, Vec::new());
    let start = std::time::Instant::now();
    for index in 0..shards {
        let mut records =
            crate::search::records_where(job.site, |url| shard::of(url, shards) == index);
        let primary = index == 0;
        // An empty shard other than the primary has nothing to merge.
        if !primary && records.is_empty() {
            continue;
        }
        let dir = shard::dir(index);
        if !primary {
            others.push(dir.clone());
        }
        crate::search::translate(&mut records, &job.theme.catalogue, language);
        let key = crate::search::key(&records, language, chunk);
        let slot = job.path(&format!("pagefind/{dir}"));
        if let Some(files) = reused(reuse, &slot, key, primary) {
            drop(records);
            for rel in &files {
                send(out, &format!("{dir}{rel}"), Content::Previous)?;
            }
            sent += files.len();
        } else {
            let files = crate::search::bundle(&records, language, chunk).map_err(|d| vec![d])?;
            drop(records);
            indexed += 1;
            for (rel, bytes) in files {
                if shard::keeps(&rel, primary) {
                    send(out, &format!("{dir}{rel}"), Content::Bytes(bytes))?;
                    sent += 1;
                }
            }
        }
        if let Some(reuse) = reuse {
            reuse.keep(&slot, key);
        }
    }
    send(
        out,
        shard::MANIFEST,
        Content::Bytes(shard::manifest(&others)),
    )?;
    crate::timing::note(format_args!(
        "search: {indexed} of {} shards indexed, {} reused ({} ms)",
        others.len() + 1,
        others.len() + 1 - indexed,
        start.elapsed().as_millis()
    ));
    Ok(sent + 1)
}

/// The files of the previous build's shard at `slot` when it was built from the same records.
fn reused(reuse: Option<&Reuse>, slot: &str, key: u64, primary: bool) -> Option<Vec<String>> {
    let reuse = reuse?;
    if reuse.old.get(slot) != Some(&key) {
        return None;
    }
    crate::search::previous_files(&reuse.previous.join(slot), primary)
}
