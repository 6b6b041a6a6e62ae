//! One Pagefind bundle: built from records by Pagefind's library, or listed from a previous build.

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use super::Record;
use crate::diagnostics::Diagnostic;

/// The files of a bundle written before in `dir` (a shard's folder in the previous site), as
/// paths inside it, sorted; `None` when it is missing or incomplete. `own_only`: without the
/// other shards' folders and the manifest, which the primary's folder holds too.
pub fn previous_files(dir: &std::path::Path, own_only: bool) -> Option<Vec<String>> {
    if !dir.join("pagefind-entry.json").is_file() {
        return None;
    }
    let mut files = Vec::new();
    let walk = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            !(own_only
                && e.depth() == 1
                && e.file_type().is_dir()
                && e.file_name().to_string_lossy().starts_with("shard-"))
        });
    for entry in walk {
        let entry = entry.ok()?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).ok()?;
        let rel = rel.to_str()?.replace('\\', "/");
        if own_only && rel == super::shard::MANIFEST {
            continue;
        }
        files.push(rel);
    }
    Some(files)
}

/// Build the Pagefind bundle for `records`: the files to write under `pagefind/`, as (path inside
/// that folder, bytes). Includes Pagefind's own scripts and WebAssembly, so the site needs nothing
/// from any other host.
///
/// Pagefind builds its index with rayon. On rayon's global pool its jobs queued behind the pages
/// rendering there (a pool's workers take jobs from outside only when they run out of their
/// own), so the index waited for the whole render and then ran alone: the two stages ran one
/// after the other on a build with cores to spare (issue #27). It runs on a pool of its own, so
/// the index proceeds beside the pages and the kernel shares the cores between the two.
pub fn bundle(
    records: &[Record],
    language: &str,
    chunk: usize,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(std::thread::available_parallelism().map_or(2, |n| n.get()))
        .thread_name(|i| format!("search-index-{i}"))
        .build()
        .map_err(|e| {
            Diagnostic::error(
                "search",
                format!("cannot build the search index: thread pool: {e}"),
            )
        })?;
    // `install` runs the build on a worker of that pool: every parallel iterator Pagefind
    // starts from there lands on it.
    pool.install(|| bundle_on_this_thread(records, language, chunk))
}

/// [`bundle`], on the calling thread and whatever rayon pool it is in.
fn bundle_on_this_thread(
    records: &[Record],
    language: &str,
    chunk: usize,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let fail = |what: &str, e: anyhow::Error| {
        Diagnostic::error(
            "search",
            format!("cannot build the search index: {what}: {e:#}"),
        )
    };
    // Pagefind's API is async. A runtime of our own on this thread: the caller may be inside the
    // live server's runtime, where blocking on another would panic, so callers run this on a
    // thread of its own.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| fail("runtime", e.into()))?;
    let language = language.trim().to_ascii_lowercase();
    let language = if language.is_empty() {
        "en".to_string()
    } else {
        language
    };
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .force_language(language.clone())
            .build();
        let start = std::time::Instant::now();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| fail("setup", e))?;
        index.set_index_chunk_size(chunk).await;
        // Read side by side on the pool this runs in (Pagefind patched: vendor/pagefind).
        let batch = records
            .iter()
            .map(|r| pagefind::api::CustomRecord {
                url: r.url.clone(),
                content: r.content.clone(),
                language: language.clone(),
                meta: r.meta.clone(),
                filters: r.filters.clone(),
                sort: Default::default(),
            })
            .collect();
        index
            .add_custom_records(batch)
            .await
            .map_err(|e| fail("reading the pages", e))?;
        crate::timing::stage("search: records added", start);
        let files = index.get_files().await.map_err(|e| fail("writing", e))?;
        crate::timing::stage("search: index built", start);
        Ok(files
            .into_iter()
            .map(|f| {
                let name = f.filename.to_string_lossy().replace('\\', "/");
                (name, f.contents)
            })
            .collect())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Issue #27: with every worker of rayon's global pool busy (as while the pages render),
    /// the index is still built. On the global pool its parallel passes waited for the pages.
    #[test]
    fn the_index_is_built_while_the_global_pool_is_busy() {
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
        use std::time::{Duration, Instant};
        // Several pages: a parallel pass over one runs on the calling thread, unsplit.
        let records: Vec<Record> = (0..50)
            .map(|i| Record {
                url: format!("p{i}.html"),
                content: format!("Page {i}. Some words to index, number {i}."),
                meta: BTreeMap::from([("title".to_string(), format!("Page {i}"))]),
                filters: BTreeMap::from([("kind".to_string(), vec!["Goal".to_string()])]),
            })
            .collect();
        let (started, done, timed_out) = (
            AtomicUsize::new(0),
            AtomicBool::new(false),
            AtomicBool::new(false),
        );
        let workers = rayon::current_num_threads();
        std::thread::scope(|scope| {
            scope.spawn(|| {
                rayon::broadcast(|_| {
                    started.fetch_add(1, Ordering::SeqCst);
                    let t0 = Instant::now();
                    while !done.load(Ordering::SeqCst) {
                        if t0.elapsed() > Duration::from_secs(20) {
                            timed_out.store(true, Ordering::SeqCst);
                            return;
                        }
                        std::thread::sleep(Duration::from_millis(1));
                    }
                })
            });
            while started.load(Ordering::SeqCst) < workers {
                std::thread::sleep(Duration::from_millis(1));
            }
            let files = bundle(&records, "en", crate::search::shard::BUNDLE_CHUNK);
            done.store(true, Ordering::SeqCst);
            assert!(files.is_ok());
        });
        assert!(
            !timed_out.load(Ordering::SeqCst),
            "the index waited for the global pool's workers"
        );
    }

    #[test]
    fn bundle_holds_the_scripts_and_the_index() {
        let mut meta = BTreeMap::new();
        meta.insert("title".to_string(), "Digital identity".to_string());
        let records = vec![Record {
            url: "goals/eid.html".into(),
            content: "Digital identity. Everyone can prove who they are online.".into(),
            meta,
            filters: BTreeMap::from([("kind".to_string(), vec!["Goal".to_string()])]),
        }];
        let files = bundle(&records, "en", crate::search::shard::BUNDLE_CHUNK).expect("bundle");
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        for wanted in ["pagefind.js", "pagefind-entry.json", "wasm.en.pagefind"] {
            assert!(names.contains(&wanted), "{wanted} missing from {names:?}");
        }
        assert!(names.iter().any(|n| n.starts_with("index/")), "{names:?}");
        assert!(names.iter().any(|n| n.starts_with("filter/")), "{names:?}");
        assert!(
            names.iter().any(|n| n.starts_with("fragment/")),
            "{names:?}"
        );
    }
}
