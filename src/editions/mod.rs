//! Editions: a site with several versions (`[wiki.versions]`) publishes each version in its
//! own folder and the default one also at the site root, every edition a complete static site
//! built from its own commit.
//!
//! - [`select`]: which versions are published, and each one's theme.
//! - [`plan`]: which editions the previous build's folders serve as they are.
//! - [`load`]: every version loaded from its commit, and what the version menus need.
//! - [`write`]: every edition written, with the changes page between each and the one before.

pub mod load;
pub mod plan;
pub mod select;
pub mod write;

pub use load::{Versions, load_versions};
pub use plan::EditionPlan;
pub use select::{Selection, select_versions};
pub use write::write_versions;

use std::time::Instant;

use jiff::civil::Date;

use crate::content::cache::ModelCache;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Staging;
use crate::render::Reuse;
use crate::wiki::{Caches, Place, Wiki};

/// What writing the editions needs of the build.
pub struct EditionsCtx<'a> {
    /// The working tree's wiki (today's configuration).
    pub wiki: &'a Wiki,
    /// Where it is in its repository.
    pub place: &'a Place,
    /// Its caches.
    pub caches: &'a Caches,
    /// The page cache the editions share.
    pub model_cache: Option<&'a ModelCache>,
    /// The date goals are judged against.
    pub today: Date,
    /// When the build started (for timings).
    pub start: Instant,
    /// The folder the editions go in: `""`, or a language's (`sv/`) in a multilingual wiki.
    pub base: &'a str,
    /// The translations of a multilingual wiki, and which language this is.
    pub languages: Option<(&'a crate::model::translations::Translations, usize)>,
}

/// Pages, other files and warnings written.
pub type Written = Result<(usize, usize, Vec<Diagnostic>), Vec<Diagnostic>>;

/// Every edition of a site with several versions: taken whole from the previous site when
/// none changed, else loaded (those the writing needs) and written.
pub fn write_editions(
    ctx: &EditionsCtx<'_>,
    staging: &Staging,
    reuse: Option<&Reuse>,
    carry: &mut Vec<String>,
    diags: &mut Diagnostics,
) -> Written {
    let config = &ctx.wiki.config;
    let selection = select_versions(config, ctx.place);
    // Said on every build, whether or not the editions are taken whole.
    if let Ok(sel) = &selection {
        diags.extend(sel.warnings.iter().cloned());
    }
    let plan = reuse.zip(selection.as_ref().ok()).and_then(|(r, sel)| {
        EditionPlan::new(config, ctx.place, sel, ctx.today, r, &ctx.wiki.proposals)
    });
    if let Some(plan) = plan.as_ref().filter(|p| p.take.iter().all(|&t| t)) {
        // Every edition is as the previous build wrote it: nothing to load or render.
        crate::timing::note(format_args!(
            "versions: all {} editions taken whole from the previous site",
            plan.take.len()
        ));
        return Ok(plan.take_all(carry));
    }
    let selection = selection.map_err(|d| vec![d])?;
    let mut v = load_versions(
        ctx.wiki,
        ctx.place,
        ctx.caches,
        ctx.model_cache,
        selection,
        ctx.today,
        diags,
        plan.as_ref(),
    )
    .map_err(|d| vec![d])?;
    crate::timing::stage("versions loaded", ctx.start);
    let written = write_versions(
        config,
        &ctx.wiki.proposals,
        &mut v,
        staging,
        reuse,
        plan.as_ref(),
        carry,
        ctx.base,
        ctx.languages,
    );
    if crate::teardown::skipped() {
        std::mem::forget(v);
    }
    written
}
