//! The orchestrator: `build` and `check` as a few calls over the stages.
//!
//! ```text
//! wiki::load (config → source → content → model → history, the model finished)
//!   → editions (when [wiki.versions] publishes several)
//!   → output (render every job into the staging folder) → swap into place
//! ```
//!
//! [`check_site`] (in `check.rs`) runs the same steps as [`build_site`] but writes nothing at
//! all: not the site, not the caches.

use std::path::{Path, PathBuf};
use std::time::Instant;

use jiff::civil::Date;

use crate::check::{check_loaded, load_working_tree, site_job, site_plan};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::editions::{EditionsCtx, Written, write_editions};
use crate::output::reuse_file::{load_reuse, save_reuse};
use crate::output::{Staging, write_job};
use crate::render::{Reuse, Theme};
use crate::wiki::{Caches, Place, Strictness, Wiki};

pub use crate::check::check_site;
pub use crate::output::destination::resolve_dest;
pub use crate::teardown::exit_without_teardown;

/// What a build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Everything found wrong.
    pub diagnostics: Diagnostics,
    /// Where the site went (when written).
    pub dest: Option<PathBuf>,
    /// HTML pages written.
    pub pages: usize,
    /// Other files written (assets, static files, sitemap).
    pub files: usize,
    /// Wall time.
    pub elapsed_ms: u128,
}

impl BuildReport {
    /// True when the site was written.
    pub fn ok(&self) -> bool {
        !self.diagnostics.has_errors() && self.dest.is_some()
    }
}

/// Build the wiki at `root` into `dest` (or the configured build folder).
pub fn build_site(root: &Path, dest: Option<&Path>, today: Date) -> BuildReport {
    build_site_with(root, dest, today, false)
}

/// [`build_site`]; `live_reload` adds the live-preview script to every page (for `serve`).
pub fn build_site_with(
    root: &Path,
    dest: Option<&Path>,
    today: Date,
    live_reload: bool,
) -> BuildReport {
    let mut keep = None;
    let report = build_site_keeping(root, dest, today, live_reload, &mut keep);
    if crate::teardown::skipped() {
        std::mem::forget(keep);
    }
    report
}

/// [`build_site_with`], handing back in `keep` the loaded wiki and theme a successful build
/// rendered: the live server updates that model, never a second reading of the files (which
/// could see a save the build did not).
pub fn build_site_keeping(
    root: &Path,
    dest: Option<&Path>,
    today: Date,
    live_reload: bool,
    keep: &mut Option<(Wiki, Theme)>,
) -> BuildReport {
    let start = Instant::now();
    let mut diags = Diagnostics::new();
    let report = |diags: Diagnostics, dest: Option<PathBuf>, pages, files| BuildReport {
        diagnostics: diags,
        dest,
        pages,
        files,
        elapsed_ms: start.elapsed().as_millis(),
    };
    let place = Place::find(root);
    let caches = Caches::new(root).trusted(&place, &mut diags);
    if let Some(config) = crate::languages::configured(root, &mut diags) {
        let (diags, dest, pages, files) =
            crate::languages::build(&config, &place, &caches, dest, today, live_reload, diags);
        return report(diags, dest, pages, files);
    }
    let Some((wiki, model_cache)) =
        load_working_tree(&place, &caches, Strictness::Build, today, &mut diags)
    else {
        return report(diags, None, 0, 0);
    };
    crate::timing::stage("load, parse, model, markdown", start);
    let loaded = Theme::load(&wiki.config);
    let dest_given = dest.is_some();
    // A build that fails once the wiki is loaded still reports everything `check` would: the
    // problems of the stages it did not reach (the plan, rendering, the choice of versions)
    // are found by running them as `check` does, into nothing. Not for the live server: it
    // shows the error until the file is fixed, and a save must not wait for a whole render.
    let failed = |mut diags: Diagnostics| {
        if !live_reload {
            let theme = loaded.as_ref().map_err(Vec::as_slice);
            diags.extend_new(check_loaded(&wiki, &place, theme, !dest_given));
        }
        report(diags, None, 0, 0)
    };
    let theme = match &loaded {
        Ok(t) => t,
        Err(ds) => {
            diags.extend(ds.iter().cloned());
            return failed(diags);
        }
    };
    diags.extend(theme.warnings.iter().cloned());
    if diags.has_errors() {
        return failed(diags);
    }
    let dest = match resolve_dest(&wiki.config, dest) {
        Ok(d) => d,
        Err(e) => {
            diags.push(e);
            return failed(diags);
        }
    };
    let staging = match Staging::for_build(&dest) {
        Ok(s) => s,
        Err(e) => {
            diags.push(e);
            return failed(diags);
        }
    };
    // The live server builds into its own folder: what it reuses is its previous build there,
    // and it leaves the keys of the real build folder alone.
    let reuse = if live_reload {
        std::path::absolute(&dest).ok().map(|previous| Reuse {
            previous,
            ..Default::default()
        })
    } else if wiki.config.wiki.history.cache && caches.usable() {
        load_reuse(&caches.reuse_file(), &dest)
    } else {
        None
    };

    // Top-level entries of the previous site that the new one takes as they are.
    let mut carry = Vec::new();
    // The live server previews the working tree, which no version is built from: it builds the
    // wiki as if it had no `[wiki.versions]` (`serve` says so when it starts).
    let written = if wiki.config.wiki.versions.enabled() && !live_reload {
        let ctx = EditionsCtx {
            wiki: &wiki,
            place: &place,
            caches: &caches,
            model_cache: model_cache.as_deref(),
            today,
            start,
            base: "",
            languages: None,
        };
        write_editions(&ctx, &staging, reuse.as_ref(), &mut carry, &mut diags)
    } else {
        write_site(&wiki, theme, &staging, reuse.as_ref(), live_reload)
    };
    crate::timing::stage("render and write", start);
    caches.save_model_cache(model_cache.as_ref());
    let (pages, files, warnings) = match written {
        Ok(w) => w,
        Err(ds) => {
            diags.extend(ds);
            return failed(diags);
        }
    };
    if let Err(e) = staging
        .commit_carrying(&carry)
        .inspect(|_| crate::timing::stage("swap", start))
    {
        diags.push(Diagnostic::error(
            "write",
            format!(
                "cannot put the new site in place at `{}`: {e}",
                dest.display()
            ),
        ));
        return failed(diags);
    }
    if let Some(r) = reuse.as_ref().filter(|_| !live_reload) {
        save_reuse(&caches.reuse_file(), &dest, r);
    }
    diags.extend(warnings);
    let done = report(diags, Some(dest), pages, files);
    if let Ok(theme) = loaded {
        *keep = Some((wiki, theme));
    }
    done
}

/// The working tree's site, planned, then written into the staging folder.
fn write_site(
    wiki: &Wiki,
    theme: &Theme,
    staging: &Staging,
    reuse: Option<&Reuse>,
    live_reload: bool,
) -> Written {
    let job = site_job(wiki, theme);
    let mut plan = site_plan(&job, None);
    if plan.has_errors() {
        return Err(plan.take_diagnostics());
    }
    let planned = plan.take_diagnostics();
    let (pages, files, mut warnings) = write_job(&job, &plan, staging, reuse, live_reload)?;
    warnings.splice(0..0, planned);
    Ok((pages, files, warnings))
}
