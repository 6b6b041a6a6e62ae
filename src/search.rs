//! The offline search index: a Pagefind bundle built from the model, one per version.
//!
//! Pagefind splits its index into chunks by word, so a query downloads only the chunks its words
//! fall in, plus one small fragment per result shown: the size a reader downloads stays flat as
//! the wiki grows, where mdBook ships one index file with every word of the book. The index is
//! fed from the model rather than from the written HTML: each page is one record whose text is its
//! rendered body, with the kind, owner, status and area as metadata and filters, so no page has
//! to be parsed again and the header, menus and footers that every page repeats never pollute
//! the results.

use std::collections::BTreeMap;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::diagnostics::Diagnostic;
use crate::model::{Role, Site};

/// One page as the index sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Site-relative URL of the page (`goals/eid.html`).
    pub url: String,
    /// Plain text: the title, the summary, then the body.
    pub content: String,
    /// Shown with each result: `title`, `kind`, and for goals `owner`, `status`, `area`, `id`.
    pub meta: BTreeMap<String, String>,
    /// Narrow the results: `kind`, and for goals `status`, `owner`, `area`.
    pub filters: BTreeMap<String, Vec<String>>,
}

/// `records` with their kinds and statuses (shown with each result and offered as filters) in
/// language `lang`, from the theme's translations: `Goal` → `Mål`, `Active` → `Pågående`.
pub fn translate(records: &mut [Record], words: &crate::i18n::Catalogue, lang: &str) {
    use crate::content::{GoalStatus, Kind};
    let kinds: Vec<(String, String)> = Kind::ALL
        .iter()
        .map(|k| {
            let key = format!("kind.{}", k.name().replace('-', "_"));
            (k.label().to_string(), words.text(lang, &key, &[]))
        })
        .collect();
    let statuses: Vec<(String, String)> = GoalStatus::ALL
        .iter()
        .map(|s| {
            let key = format!("status.{}", s.name());
            (capitalise(s.name()), words.text(lang, &key, &[]))
        })
        .collect();
    for r in records.iter_mut() {
        for (field, table) in [("kind", &kinds), ("status", &statuses)] {
            let swap = |v: &mut String| {
                if let Some((_, t)) = table.iter().find(|(e, _)| e == v) {
                    *v = t.clone();
                }
            };
            if let Some(v) = r.meta.get_mut(field) {
                swap(v);
            }
            for v in r.filters.get_mut(field).into_iter().flatten() {
                swap(v);
            }
        }
    }
}

/// The records of every normal page of the site, in page order.
pub fn records(site: &Site) -> Vec<Record> {
    site.pages
        .iter()
        .filter(|p| p.role == Role::Normal)
        .map(|page| {
            let kind = page.kind();
            let mut meta = BTreeMap::new();
            let mut filters: BTreeMap<String, Vec<String>> = BTreeMap::new();
            meta.insert("title".to_string(), page.title().to_string());
            meta.insert("kind".to_string(), kind.label().to_string());
            filters.insert("kind".to_string(), vec![kind.label().to_string()]);
            if let Some(goal) = &page.src.meta.goal {
                let status = capitalise(goal.status.name());
                meta.insert("status".to_string(), status.clone());
                filters.insert("status".to_string(), vec![status]);
                if let Some(owner) = &goal.owner {
                    let name = site
                        .resolve_owner(owner)
                        .map_or(owner.as_str(), |i| site.pages[i].title())
                        .to_string();
                    meta.insert("owner".to_string(), name.clone());
                    filters.insert("owner".to_string(), vec![name]);
                }
                if let Some(area) = &goal.area {
                    meta.insert("area".to_string(), area.clone());
                    filters.insert("area".to_string(), vec![area.clone()]);
                }
                if let Some(id) = &goal.id {
                    meta.insert("id".to_string(), id.clone());
                }
            }
            let mut content = String::with_capacity(page.rendered.html.len());
            content.push_str(page.title());
            content.push_str(". ");
            if let Some(summary) = &page.src.meta.summary {
                content.push_str(summary);
                content.push(' ');
            }
            html_to_text(&page.rendered.html, &mut content);
            Record {
                url: page.url.clone(),
                content,
                meta,
                filters,
            }
        })
        .collect()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Append the text of an HTML fragment: tags dropped (block ends become spaces, so words from two
/// paragraphs never run together), the common entities decoded, runs of white space collapsed.
/// `<script>` and `<style>` bodies (possible with `trusted-html`) are left out.
pub fn html_to_text(html: &str, out: &mut String) {
    let mut rest = html;
    let mut space = out.is_empty() || out.ends_with(' ');
    let push = |out: &mut String, s: &str, space: &mut bool| {
        for ch in s.chars() {
            if ch.is_whitespace() {
                if !*space {
                    out.push(' ');
                    *space = true;
                }
            } else {
                out.push(ch);
                *space = false;
            }
        }
    };
    while !rest.is_empty() {
        match rest.find(['<', '&']) {
            None => {
                push(out, rest, &mut space);
                break;
            }
            Some(i) => {
                push(out, &rest[..i], &mut space);
                rest = &rest[i..];
                if let Some(comment) = rest.strip_prefix("<!--") {
                    // A comment (possible with `trusted-html`), `>` inside it or not.
                    rest = comment.find("-->").map_or("", |e| &comment[e + 3..]);
                    push(out, " ", &mut space);
                } else if rest.starts_with('<') {
                    let (tag, after) = match rest.find('>') {
                        Some(e) => (&rest[1..e], e + 1),
                        None => (&rest[1..], rest.len()),
                    };
                    let tag = tag.to_ascii_lowercase();
                    rest = &rest[after..];
                    let closing = tag.starts_with('/');
                    let name = tag
                        .trim_start_matches('/')
                        .split(|c: char| c.is_whitespace() || c == '/')
                        .next()
                        .unwrap_or("");
                    if !closing && matches!(name, "script" | "style") {
                        let close = format!("</{name}");
                        let lower = rest.to_ascii_lowercase();
                        let stop = lower.find(&close).unwrap_or(rest.len());
                        rest = &rest[stop..];
                    }
                    // Inline elements join words; everything else separates them (a footnote
                    // mark, `<sup>`, too: "online<sup>1</sup>" is not the word "online1").
                    let inline = matches!(
                        name,
                        "a" | "em"
                            | "strong"
                            | "code"
                            | "span"
                            | "b"
                            | "i"
                            | "mark"
                            | "abbr"
                            | "sub"
                            | "small"
                            | "del"
                            | "ins"
                            | "s"
                            | "u"
                            | "kbd"
                    );
                    if !inline {
                        push(out, " ", &mut space);
                    }
                } else {
                    let end = rest.as_bytes()[..rest.len().min(12)]
                        .iter()
                        .position(|&b| b == b';');
                    let decoded = end.and_then(|e| decode_entity(&rest[1..e]));
                    match (end, decoded) {
                        (Some(e), Some(c)) => {
                            push(out, c.encode_utf8(&mut [0; 4]), &mut space);
                            rest = &rest[e + 1..];
                        }
                        _ => {
                            push(out, "&", &mut space);
                            rest = &rest[1..];
                        }
                    }
                }
            }
        }
    }
    while out.ends_with(' ') {
        out.pop();
    }
}

fn decode_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code).filter(|c| !c.is_control())?
        }
    })
}

/// A key for the index `records` make: equal keys, equal bundles.
pub fn key(records: &[Record], language: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    // The engine's version: another Pagefind writes another bundle.
    // Pagefind is pinned by Cargo.lock, so stratwiki's version stands for it too.
    concat!("stratwiki ", env!("CARGO_PKG_VERSION"), " pagefind 1.6").hash(&mut h);
    language.hash(&mut h);
    for r in records {
        r.url.hash(&mut h);
        r.content.hash(&mut h);
        r.meta.hash(&mut h);
        r.filters.hash(&mut h);
    }
    h.finish()
}

/// The files of a bundle written before, from `dir` (a `pagefind/` folder), or `None` when it is
/// missing or incomplete.
pub fn read_bundle(dir: &std::path::Path) -> Option<Vec<(String, Vec<u8>)>> {
    if !dir.join("pagefind-entry.json").is_file() {
        return None;
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.ok()?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).ok()?;
        let rel = rel.to_str()?.replace('\\', "/");
        files.push((rel, std::fs::read(entry.path()).ok()?));
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
pub fn bundle(records: &[Record], language: &str) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
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
    pool.install(|| bundle_on_this_thread(records, language))
}

/// [`bundle`], on the calling thread and whatever rayon pool it is in.
fn bundle_on_this_thread(
    records: &[Record],
    language: &str,
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
        for r in records {
            index
                .add_custom_record(
                    r.url.clone(),
                    r.content.clone(),
                    language.clone(),
                    Some(r.meta.clone()),
                    Some(r.filters.clone()),
                    None,
                )
                .await
                .map_err(|e| fail(&r.url, e))?;
        }
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

    fn text(html: &str) -> String {
        let mut s = String::new();
        html_to_text(html, &mut s);
        s
    }

    #[test]
    fn text_keeps_words_apart_across_blocks_and_together_across_inline_tags() {
        assert_eq!(
            text("<p>One <em>tw</em>o</p><p>three&amp;four&#x21; &lt;x&gt;</p>"),
            "One two three&four! <x>"
        );
        assert_eq!(text("<li>a</li><li>b</li>"), "a b");
        assert_eq!(text("x<script>var a = '<p>';</script>y"), "x y");
        assert_eq!(text("a & b &bogus; c"), "a & b &bogus; c");
        // Only <script> and <style> themselves hide their text, not elements named like them.
        assert_eq!(text("<styled-x>kept</styled-x> words"), "kept words");
        assert_eq!(text("a<!-- x > y -->b"), "a b");
        assert_eq!(text("online<sup>1</sup> end"), "online 1 end");
        assert_eq!(text("nul&#0;here"), "nul&#0;here");
    }

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
            let files = bundle(&records, "en");
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
        let files = bundle(&records, "en").expect("bundle");
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

#[cfg(test)]
mod translate_tests {
    use super::*;

    #[test]
    fn kinds_and_statuses_in_the_site_language() {
        let mut records = vec![Record {
            url: "goals/a.html".into(),
            content: String::new(),
            meta: [("kind", "Goal"), ("status", "Active"), ("title", "Goal")]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            filters: [("kind", "Goal"), ("status", "Active")]
                .into_iter()
                .map(|(k, v)| (k.to_string(), vec![v.to_string()]))
                .collect(),
        }];
        translate(&mut records, &crate::i18n::Catalogue::builtin(), "sv");
        assert_eq!(records[0].meta["kind"], "Mål");
        assert_eq!(records[0].meta["status"], "Pågående");
        assert_eq!(
            records[0].meta["title"], "Goal",
            "the page's own words stay"
        );
        assert_eq!(records[0].filters["kind"], vec!["Mål".to_string()]);
    }
}
