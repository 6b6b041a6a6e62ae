//! The content's files parsed, built into a model, and their Markdown rendered, reusing the
//! page cache: by blob id for a git tree, by a hash of the file's bytes for the working tree.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::Strictness;
use crate::config::Config;
use crate::config::FrontMatterAliases;
use crate::content::cache::{ModelCache, ParseResult};
use crate::content::summary::parse_summary;
use crate::content::{MAX_PAGE_BYTES, is_markdown, parse_page_with};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::markdown::{self, PageContext};
use crate::model::Site;
use crate::source::Source;
use crate::source::exclude::Exclude;

/// A cached parse, with the file's name as this version shows it.
fn redisplay(r: ParseResult, display: &str) -> ParseResult {
    let fix = |ds: Vec<Diagnostic>| -> Vec<Diagnostic> {
        ds.into_iter()
            .map(|mut d| {
                d.file = Some(display.to_string());
                d
            })
            .collect()
    };
    match r {
        Ok((mut p, ds)) => {
            p.display = display.to_string();
            Ok((p, fix(ds)))
        }
        Err(ds) => Err(fix(ds)),
    }
}

/// Parse a file from what reading it gave.
fn parse_read(
    path: &str,
    display: &str,
    read: std::io::Result<Vec<u8>>,
    aliases: &FrontMatterAliases,
) -> ParseResult {
    match read {
        Ok(bytes) => parse_page_with(path, display, &bytes, aliases),
        Err(e) => Err(vec![
            Diagnostic::error("read", format!("cannot read: {e}")).in_file(display),
        ]),
    }
}

/// The page cache's key for a working-tree file's `bytes`: two 64-bit foldhash passes with
/// different fixed seeds, and the length. Not git's blob id: libgit2's collision-detecting
/// SHA-1 took 30 ms of CPU a rebuild on 4 MB of pages; this takes about one. It guards against
/// accidents, not against files crafted to collide (whoever can write the wiki's files can
/// change its pages anyway). The prefix keeps these keys apart from the blob ids of git trees.
fn blob_id_of(bytes: &[u8]) -> String {
    use crate::codec::hash;
    format!(
        "wt:{:016x}{:016x}:{}",
        hash(bytes, 0x243f_6a88_85a3_08d3),
        hash(bytes, 0x1319_8a2e_0370_7344),
        bytes.len()
    )
}

/// Build a model from `source` (see [`build_model_cached`]).
pub fn build_model(
    source: &dyn Source,
    config: &Config,
    strictness: Strictness,
    diags: &mut Diagnostics,
) -> Site {
    build_model_cached(source, config, strictness, diags, None)
}

/// Build the model, reusing parsed and rendered files from `cache`: by blob id for a git tree,
/// by a hash of the file's bytes for the working tree.
pub fn build_model_cached(
    source: &dyn Source,
    config: &Config,
    strictness: Strictness,
    diags: &mut Diagnostics,
    cache: Option<&ModelCache>,
) -> Site {
    let (files, list_diags) = source.list();
    diags.extend(list_diags);
    // Template sources a static-site generator never publishes, and the wiki's own `exclude`.
    let (exclude, exclude_diags) = Exclude::new(&config.wiki.exclude);
    diags.extend(exclude_diags);
    let files: Vec<String> = files.into_iter().filter(|f| !exclude.excludes(f)).collect();
    // What `{{#include}}` may read: the listed files only (see `markdown::Listed`).
    let listed: HashSet<String> = files.iter().cloned().collect();
    let includes = markdown::Listed {
        source,
        files: &listed,
    };
    let mut md_files = Vec::new();
    let mut assets = HashSet::new();
    let mut summary_file = None;
    for f in files {
        if f == "SUMMARY.md" {
            summary_file = Some(f);
        } else if is_markdown(&f) || markdown::is_html_page(&f) {
            md_files.push(f);
        } else {
            assets.insert(f);
        }
    }

    let aliases = &config.wiki.front_matter;
    let alias_key = (!aliases.is_empty()).then(|| format!("fm{}", aliases.fingerprint()));
    // Each file's blob id, when it is cached: the source's (git trees), else the hash of its
    // bytes (the working tree), so an unchanged file is found again in the next build.
    let (results, blob_ids): (Vec<ParseResult>, Vec<Option<String>>) = md_files
        .par_iter()
        .map(|path| {
            let display = source.display(path);
            // A page over the limit is refused by its size, before it is read whole.
            if let Some(d) = source
                .size(path)
                .and_then(|n| crate::content::page_too_large(&display, n))
            {
                return (Err(vec![d]), None);
            }
            let read = || source.read(path);
            let Some(c) = cache else {
                return (parse_read(path, &display, read(), aliases), None);
            };
            let (blob, mut bytes) = match source.blob_id(path) {
                Some(b) => (b, None),
                None => match read() {
                    Ok(bytes) => (blob_id_of(&bytes), Some(bytes)),
                    Err(e) => return (parse_read(path, &display, Err(e), aliases), None),
                },
            };
            // The same file reads differently under other `[wiki.front-matter]` aliases.
            let blob = match &alias_key {
                Some(k) => format!("{blob}~{k}"),
                None => blob,
            };
            if let Some(hit) = c.parsed(&blob, path) {
                // A git tree's file may be in other versions of this build: complete it once
                // for them. A working-tree file is in this build only.
                let keep_text = hit.needs_text() && bytes.is_none();
                let text = || bytes.take().or_else(|| read().ok());
                if let Some(r) = hit.complete(text) {
                    c.reused(false);
                    if keep_text {
                        c.put_parsed(&blob, path, r.clone());
                    }
                    return (redisplay(r, &display), Some(blob));
                }
            }
            // A working-tree file (its bytes read here) is in this build only: its parse is
            // kept encoded, for the file, rather than copied.
            let from_work_tree = bytes.is_some();
            let r = parse_read(path, &display, bytes.map_or_else(read, Ok), aliases);
            if from_work_tree {
                c.record_parsed(&blob, path, &r);
            } else {
                c.put_parsed(&blob, path, r.clone());
            }
            (r, Some(blob))
        })
        .unzip();
    let blobs: HashMap<&str, &str> = md_files
        .iter()
        .zip(&blob_ids)
        .filter_map(|(p, b)| Some((p.as_str(), b.as_deref()?)))
        .collect();
    let mut pages = Vec::new();
    let mut drafts = Vec::new();
    let mut failed = HashSet::new();
    for (r, path) in results.into_iter().zip(&md_files) {
        match r {
            Ok((p, ds)) => {
                diags.extend(ds);
                if p.meta.draft && !config.wiki.drafts {
                    drafts.push(p);
                } else {
                    pages.push(p);
                }
            }
            Err(ds) => {
                diags.extend(ds);
                failed.insert(path.clone());
            }
        }
    }

    let summary = summary_file.and_then(|f| {
        let display = source.display(&f);
        // Over the limit: refused by its size, before it is read whole (or after, where the
        // source cannot tell the size).
        let too_large = |len: u64| {
            (len > MAX_PAGE_BYTES as u64).then(|| {
                Diagnostic::error(
                    "summary",
                    format!(
                        "SUMMARY.md is {len} bytes, more than the limit of {} MB",
                        MAX_PAGE_BYTES / (1024 * 1024)
                    ),
                )
                .in_file(display.clone())
                .at(1, 1)
            })
        };
        if let Some(d) = source.size(&f).and_then(too_large) {
            diags.push(d);
            return None;
        }
        match source.read(&f).map(String::from_utf8) {
            Ok(Ok(text)) if let Some(d) = too_large(text.len() as u64) => {
                diags.push(d);
                None
            }
            Ok(Ok(text)) => Some((parse_summary(&text), display)),
            Ok(Err(_)) => {
                diags.push(
                    Diagnostic::error("summary", "SUMMARY.md is not valid UTF-8").in_file(display),
                );
                None
            }
            Err(e) => {
                diags.push(
                    Diagnostic::error("summary", format!("cannot read: {e}")).in_file(display),
                );
                None
            }
        }
    });

    let mut model_diags = Vec::new();
    let mut site = Site::new(
        pages,
        &drafts,
        failed,
        assets,
        summary.as_ref().map(|(s, d)| (s, d.as_str())),
        &mut model_diags,
    );
    diags.extend(model_diags);
    site.set_base_path(config.site_url().as_deref());
    site.set_redirects(config.html.redirect.keys());

    let link_severity = match strictness {
        Strictness::Build => Severity::Warning,
        Strictness::Check => Severity::Error,
    };
    // One page rendered, from the page cache when it has it (`ex`: its includes expanded).
    let render_page = |p: &crate::model::Page, ex: Option<&markdown::Expanded>| {
        let ctx = PageContext {
            path: &p.src.path,
            url: &p.url,
            body_line: p.src.body_line,
            title: &p.src.meta.title,
            trusted_html: config.wiki.trusted_html,
        };
        let Some((c, &blob)) = cache.zip(blobs.get(p.src.path.as_str())) else {
            return match ex {
                Some(ex) => markdown::render_expanded(ex, &ctx, &site),
                None => markdown::render(&p.src.body, &ctx, &site),
            };
        };
        // The title too: a first heading equal to it is not repeated, and SUMMARY.md can
        // title a page whose file did not change.
        let mut how = format!("{}|{}|{}", p.url, ctx.trusted_html, ctx.title);
        if let Some(ex) = ex {
            how.push('|');
            how.push_str(&ex.key());
        }
        if let Some(hit) = c.rendered(blob, &p.src.path, &how, &|calls| {
            markdown::same_answers(calls, &site)
        }) {
            c.reused(true);
            // Read from the file for this page alone: taken, not copied.
            return std::sync::Arc::try_unwrap(hit).map_or_else(|a| a.0.clone(), |(r, _)| r);
        }
        let rec = markdown::Recording::new(&site);
        let r = match ex {
            Some(ex) => markdown::render_expanded(ex, &ctx, &rec),
            None => markdown::render(&p.src.body, &ctx, &rec),
        };
        if source.blob_id(&p.src.path).is_none() {
            // A working-tree file: kept encoded, for the file (see the parse above).
            c.record_rendered(blob, &p.src.path, &how, &r, &rec.into_calls());
        } else {
            c.put_rendered(
                blob,
                &p.src.path,
                &how,
                std::sync::Arc::new((r.clone(), rec.into_calls())),
            );
        }
        r
    };
    let (rendered, include_warnings): (Vec<markdown::Rendered>, Vec<Vec<Diagnostic>>) = site
        .pages
        .par_iter()
        .map(|p| {
            // Includes expanded first, as mdBook does: their warnings are not cached (they
            // depend on the files included), the rendering is, keyed on what was included too.
            let ex = markdown::has_directives(&p.src.body)
                .then(|| markdown::expand(&p.src.body, &p.src.path, &includes));
            let warnings = ex
                .as_ref()
                .map(|e| e.warnings_at(p.src.body_line))
                .unwrap_or_default();
            (render_page(p, ex.as_ref()), warnings)
        })
        .unzip();
    for (p, ws) in site.pages.iter().zip(include_warnings) {
        diags.extend(ws.into_iter().map(|w| w.in_file(&p.src.display)));
    }
    // Links to ids on other pages, checked against the HTML of the pages they go to.
    let targeted: HashSet<&str> = rendered
        .iter()
        .flat_map(|r| r.anchors.iter().map(|a| a.path.as_str()))
        .collect();
    let page_ids: HashMap<&str, HashSet<&str>> = site
        .pages
        .iter()
        .zip(&rendered)
        .filter(|(p, _)| targeted.contains(p.src.path.as_str()))
        .map(|(p, r)| (p.src.path.as_str(), markdown::ids_in(&r.html)))
        .collect();
    for (p, r) in site.pages.iter().zip(&rendered) {
        for a in &r.anchors {
            if let Some(ids) = page_ids.get(a.path.as_str())
                && !markdown::has_id(ids, &a.id)
            {
                diags.push(a.broken().diagnostic(&p.src.display, link_severity));
            }
        }
    }
    for (p, r) in site.pages.iter().zip(&rendered) {
        for b in &r.broken {
            diags
                .push(broken_link(&site, &p.src.path, b).diagnostic(&p.src.display, link_severity));
        }
        diags.extend(r.warnings.iter().map(|w| w.clone().in_file(&p.src.display)));
    }
    if let Some(c) = cache
        && crate::timing::enabled()
    {
        let (parses, renderings) = c.reuse_counts();
        eprintln!(
            "timing: page cache: {parses} parses and {renderings} renderings reused so far ({} records read)",
            c.loaded()
        );
    }
    site.set_rendered(rendered);
    site
}

/// `b`, a broken link on the page at `page_path`, with the reason it points nowhere when that
/// is a draft: the page exists but is left out of the site.
pub fn broken_link(site: &Site, page_path: &str, b: &markdown::BrokenLink) -> markdown::BrokenLink {
    match b
        .content_paths(page_path)
        .into_iter()
        .find(|p| site.draft_paths.contains(p))
    {
        Some(path) => markdown::BrokenLink {
            reason: format!("`{path}` is a draft (`draft: true`), left out of the site"),
            ..b.clone()
        },
        None => b.clone(),
    }
}
