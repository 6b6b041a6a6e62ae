//! `check`: everything `build` validates, rendered into nothing, with nothing written (not
//! the site, not the caches). [`crate::build`] uses the same loading, job and plan, and runs
//! [`check_loaded`] when it fails, so a failed build reports everything `check` would.

use std::path::Path;

use jiff::civil::Date;

use crate::content::cache::ModelCache;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::editions;
use crate::output::Staging;
use crate::output::plan::Plan;
use crate::output::{Job, plan_job};
use crate::render::Theme;
use crate::wiki::{
    At, Caches, ConfigFrom, HistoryMode, Links, LoadOptions, Place, Strictness, Wiki,
};

/// The working tree at `place`, loaded for `build` or `check`, with the page cache it read.
pub(crate) fn load_working_tree(
    place: &Place,
    caches: &Caches,
    strictness: Strictness,
    today: Date,
    diags: &mut Diagnostics,
) -> Option<(Wiki, Option<std::sync::Arc<ModelCache>>)> {
    let opts = LoadOptions {
        at: At::WorkingTree,
        strictness,
        today,
        judged_on: None,
        history: HistoryMode::Read { progress: true },
        caches,
        model_cache: None,
        links: Links::Own,
        proposals: true,
        config: ConfigFrom::Own,
    };
    crate::wiki::load(place, &opts, diags)
        .map_err(|d| diags.push(d))
        .ok()
}

/// The working tree's site as one job: its root, with its proposals.
pub(crate) fn site_job<'a>(wiki: &'a Wiki, theme: &'a Theme) -> Job<'a> {
    Job {
        proposals: Some(&wiki.proposals),
        theme,
        shared: None,
        config: &wiki.config,
        site: &wiki.site,
        history: wiki.history.as_ref(),
        source: wiki.source.as_source(),
        prefix: String::new(),
        versions: None,
        changes: None,
        sitemap: true,
        older_edition: false,
        languages: None,
    }
}

/// The plan of the working tree's site: its files, and with `[wiki.versions]` the editions'
/// folders and the default edition's changes page (what `check` can know without loading
/// the versions).
pub(crate) fn site_plan(job: &Job<'_>, versions: Option<&editions::Selection>) -> Plan {
    let mut plan = crate::output::site_plan();
    if let Some(sel) = versions {
        editions::select::plan_folders(job.config, &sel.list, &job.prefix, &mut plan);
        if let Some(before) = sel.default.checked_sub(1).map(|i| &sel.list[i]) {
            let claim = job.claim(
                "pages",
                format!("the page of changes since {}", before.label),
            );
            plan.file(&format!("changes-since-{}.html", before.slug), claim);
        }
    }
    plan_job(job, &mut plan);
    plan
}

/// Validate the wiki at `root` as `build` would, with broken links as errors. Writes nothing at
/// all: neither a site nor the caches (it may read them).
pub fn check_site(root: &Path, today: Date) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let place = Place::find(root);
    let caches = Caches::new(root).read_only().trusted(&place, &mut diags);
    if let Some(config) = crate::languages::configured(root, &mut diags) {
        diags.extend(crate::languages::check(&config, &place, &caches, today).into_vec());
        return diags;
    }
    let Some((wiki, _)) = load_working_tree(&place, &caches, Strictness::Check, today, &mut diags)
    else {
        return diags;
    };
    let theme = Theme::load(&wiki.config);
    let theme = theme.as_ref().map_err(Vec::as_slice);
    diags.extend(check_loaded(&wiki, &place, theme, true).into_vec());
    check_editions(&wiki, &place, &caches, today, &mut diags);
    diags
}

/// The editions loaded and written as `build` loads and writes them, into a staging that writes
/// nothing ([`Staging::discard`]): `check` then says what `build` says of them, the warnings
/// their loading gives (an old edition's problems, one left out because it cannot be read), and
/// what only writing finds (two files at one path in an old edition, a blob that cannot be
/// read), an old edition's as warnings naming it and the default edition's as the errors that
/// fail the build. Every edition is rendered: none is taken from a previous site.
fn check_editions(
    wiki: &Wiki,
    place: &Place,
    caches: &Caches,
    today: Date,
    diags: &mut Diagnostics,
) {
    if !wiki.config.wiki.versions.enabled() {
        return;
    }
    // The choice of versions was checked (and its warnings given) by `check_loaded`.
    let Ok(selection) = editions::select_versions(&wiki.config, place) else {
        return;
    };
    let mut versions =
        match editions::load_versions(wiki, place, caches, None, selection, today, diags, None) {
            Ok(v) => v,
            Err(d) => {
                diags.push(d);
                return;
            }
        };
    let staging = Staging::discard();
    let written = editions::write_versions(
        &wiki.config,
        &wiki.proposals,
        &mut versions,
        &staging,
        None,
        None,
        &mut Vec::new(),
        "",
        None,
    );
    // What the working tree's own check said already is said once.
    let mut found = Diagnostics::new();
    found.extend(written.map_or_else(|ds| ds, |(_, _, warnings)| warnings));
    diags.extend_new(found);
}

/// What `check` finds in a loaded wiki besides loading it: the choice of versions, the build
/// folder (`build_dir`: unless the command line chose the destination), the theme, the output
/// plan, and every page rendered into nothing. A build that fails reports these too, so it
/// prints every warning `check` prints.
pub(crate) fn check_loaded(
    wiki: &Wiki,
    place: &Place,
    theme: Result<&Theme, &[Diagnostic]>,
    build_dir: bool,
) -> Diagnostics {
    let mut diags = Diagnostics::new();
    // What `build` would stop at, or warn about, in the choice of versions (not the old
    // editions' own problems: they are history).
    let selection = if wiki.config.wiki.versions.enabled() {
        match editions::select_versions(&wiki.config, place) {
            Ok(sel) => {
                diags.extend(sel.warnings.iter().cloned());
                Some(sel)
            }
            Err(d) => {
                diags.push(d);
                None
            }
        }
    } else {
        None
    };
    if build_dir {
        diags.extend(crate::output::destination::check_build_dir(&wiki.config).err());
    }
    match theme {
        Ok(theme) => {
            diags.extend(theme.warnings.iter().cloned());
            // The same plan as `build`'s, and every page rendered into nothing. A site with
            // editions has the default edition at its top, which lists the proposals too.
            let job = site_job(wiki, theme);
            let mut plan = site_plan(&job, selection.as_ref());
            diags.extend(plan.take_diagnostics());
            let renderer = job.renderer(&plan, None, false);
            let sink = |_: &str, _: crate::render::Content| Ok(());
            if let Err(d) = renderer.render_all(&sink) {
                diags.push(d);
            }
            diags.extend(renderer.take_warnings());
        }
        Err(ds) => diags.extend(ds.iter().cloned()),
    }
    diags
}
