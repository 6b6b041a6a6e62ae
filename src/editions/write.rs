//! Writing every edition: each version into its folder, the default one also at the site
//! root, with a page of what changed since the version before.

use std::collections::{HashMap, HashSet};

use super::load::Versions;
use super::plan::EditionPlan;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::output::{Job, Staging, write_job};
use crate::wiki::Wiki;

/// Render every version into its folder, the default one also at the root, and a page of what
/// changed between each version and the one before it. With a `plan`, editions the previous
/// site has as they would be written are taken from it (their entries added to `carry`), and
/// the others recorded for the next build.
///
/// Each version's wiki is dropped as soon as its folder is written (but the default's, which
/// the site root needs last): ten editions then never hold ten models at once.
#[allow(clippy::too_many_arguments)]
pub fn write_versions(
    config: &Config,
    proposals: &[crate::proposals::Proposal],
    v: &mut Versions,
    staging: &Staging,
    reuse: Option<&crate::render::Reuse>,
    plan: Option<&EditionPlan<'_>>,
    carry: &mut Vec<String>,
    base: &str,
    languages: Option<(&crate::model::translations::Translations, usize)>,
) -> Result<(usize, usize, Vec<Diagnostic>), Vec<Diagnostic>> {
    // Every URL each version has (its pages, their history pages, the generated pages), the
    // URL of each content file, and where renamed pages' earlier paths went.
    let urls: Vec<HashSet<String>> = v
        .tables
        .iter()
        .map(|t| t.urls.iter().cloned().collect())
        .collect();
    let paths: Vec<HashMap<String, String>> = v
        .tables
        .iter()
        .map(|t| t.paths.iter().cloned().collect())
        .collect();
    let aliases: Vec<HashMap<String, String>> = v
        .tables
        .iter()
        .map(|t| t.aliases.iter().cloned().collect())
        .collect();
    let (urls, paths, aliases) = (
        std::sync::Arc::new(urls),
        std::sync::Arc::new(paths),
        std::sync::Arc::new(aliases),
    );
    let view = |current: usize, at_root: bool| crate::versions::VersionsView {
        list: v.list.clone(),
        urls: urls.clone(),
        paths: paths.clone(),
        aliases: aliases.clone(),
        current,
        default: v.default,
        at_root,
    };
    let n = v.wikis.len();
    let mut wikis: Vec<Option<Wiki>> = std::mem::take(&mut v.wikis);
    let v = &*v;
    let shared = crate::render::SharedPages::default();
    // The plan listed the versions before they were loaded: a ref created or moved in between
    // (a fetch in another terminal) makes it describe other editions, so it is dropped.
    let plan = plan.filter(|p| p.describes(&v.list));
    let (mut pages, mut files, mut warnings) = (0, 0, Vec::new());
    let mut taken = 0;
    // What the versions show of each other (the menus' targets), for the editions' keys: as
    // loading computed it.
    let views = plan.and(v.views);
    // Jobs: every version into its folder, oldest first, then the default one at the root.
    // Which of them the previous site has as this build would write them:
    let view_keys: Vec<Option<u64>> = (0..=n)
        .map(|j| plan.zip(views).map(|(p, views)| p.view_key(j, views)))
        .collect();
    let takes: Vec<bool> = (0..=n)
        .map(|j| plan.is_some_and(|p| p.can_take(j, view_keys[j].unwrap_or_default())))
        .collect();
    // What changed since the version before, for the changes page of each version written
    // (and the site root's): compared now, while every version is loaded, and only for those
    // (a daily rebuild writes one edition of ten).
    let mut changes: Vec<Option<(String, crate::compare::Comparison)>> = Vec::new();
    for i in 0..n {
        let written = !takes[i] || (i == v.default && !takes[n]);
        if i == 0 || !written {
            changes.push(None);
            continue;
        }
        let (Some(before), Some(after)) = (&wikis[i - 1], &wikis[i]) else {
            return Err(vec![Diagnostic::error(
                "versions",
                format!(
                    "internal error: versions `{}` and `{}` were not both loaded for the changes page",
                    v.list[i - 1].name,
                    v.list[i].name
                ),
            )]);
        };
        // The pages git's history says moved between the two are moved, as the switcher has them.
        let moves = after
            .history
            .as_ref()
            .map(|h| crate::compare::moves_in_history(&before.site, &after.site, h))
            .unwrap_or_default();
        let cmp = crate::compare::compare_with_moves(
            &before.site,
            &after.site,
            &v.list[i - 1].label,
            &v.list[i].label,
            &moves,
        );
        changes.push(Some((
            format!("changes-since-{}.html", v.list[i - 1].slug),
            cmp,
        )));
    }
    // Every version an edition to write needs was loaded (`load_versions`): a missing one
    // would leave its folder out of the site, so it stops the build.
    let not_loaded = |i: usize| {
        vec![Diagnostic::error(
            "versions",
            format!(
                "internal error: version `{}` was not loaded, but its edition must be written",
                v.list[i].name
            ),
        )]
    };
    // Job `j`: version `j` into its folder; `n`: the default one at the site root.
    let theme_of = |i: usize| v.themes[i].as_ref().ok_or_else(|| not_loaded(i));
    // The plan of the site first: every edition's folder and the site root's files (as
    // `check` plans them, so a clash is reported as `check` does), all that can stop the
    // build. Each older edition's own files are planned as it is written, in its folder: a
    // clash in an edition is history, a warning, and one edition's plan is held at a time.
    let mut site_plan = crate::output::site_plan();
    super::select::plan_folders(config, &v.list, base, &mut site_plan);
    if !takes[n] {
        let w = wikis[v.default]
            .as_ref()
            .ok_or_else(|| not_loaded(v.default))?;
        let job = edition_job(
            v,
            n,
            w,
            proposals,
            theme_of(v.default)?,
            &shared,
            view(v.default, true),
            changes[v.default].as_ref(),
            (base, languages),
        );
        crate::output::plan_job(&job, &mut site_plan);
    }
    if site_plan.has_errors() {
        return Err(site_plan.take_diagnostics());
    }
    let root_warnings = site_plan.take_diagnostics();
    for j in 0..=n {
        let at_root = j == n;
        let i = if at_root { v.default } else { j };
        // The last use of this version's wiki (the default's is used again at the root).
        let owned = (!at_root && i != v.default)
            .then(|| wikis[i].take())
            .flatten();
        let view_key = view_keys[j];
        if let Some(plan) = plan.filter(|_| takes[j]) {
            // Its version's problems were reported as it was loaded.
            let e = plan.take_edition(j, carry);
            pages += e.pages;
            files += e.files;
            taken += 1;
            continue;
        }
        let Some(w) = owned.as_ref().or(wikis[i].as_ref()) else {
            return Err(not_loaded(i));
        };
        // No live-reload script: the live server builds the working tree, never the versions.
        let job = edition_job(
            v,
            j,
            w,
            proposals,
            theme_of(i)?,
            &shared,
            view(i, at_root),
            changes[i].as_ref(),
            (base, languages),
        );
        let edition_plan;
        let (job_plan, mut w) = if at_root {
            (&site_plan, root_warnings.clone())
        } else {
            let mut p = crate::output::plan::Plan::new();
            crate::output::plan_job(&job, &mut p);
            let ds = p.take_diagnostics();
            edition_plan = p;
            (&edition_plan, ds)
        };
        let old = !at_root && i != v.default;
        let (p, f, written) = match write_job(&job, job_plan, staging, reuse, false) {
            Ok(done) => done,
            // An old edition's problems are history: warnings naming it, never today's failure.
            Err(ds) if old => {
                warnings.extend(
                    w.into_iter()
                        .chain(ds)
                        .map(|d| as_warning(&v.list[i].name, d)),
                );
                continue;
            }
            Err(ds) => return Err(ds),
        };
        w.extend(written);
        if old {
            w = w
                .into_iter()
                .map(|d| as_warning(&v.list[i].name, d))
                .collect();
        }
        if let Some(plan) = plan
            && w.is_empty()
        {
            // Only an edition written without warnings is taken later, so warnings never
            // vanish.
            plan.record(
                j,
                view_key.unwrap_or_default(),
                p,
                f,
                v.problems.get(j).cloned().flatten(),
                v.tables.get(j).cloned(),
            );
        }
        pages += p;
        files += f;
        warnings.extend(w);
    }
    if crate::teardown::skipped() {
        std::mem::forget(wikis);
    }
    let written = Ok((pages, files, warnings));
    if crate::timing::enabled() {
        eprintln!("timing: versions: {taken} editions taken whole from the previous site");
        use std::sync::atomic::Ordering::Relaxed;
        eprintln!(
            "timing: versions: {} pages taken from another version, {} rendered",
            shared.hits.load(Relaxed),
            shared.misses.load(Relaxed)
        );
    }
    written
}

/// An old edition's error `d`, as the warning it is: the edition is history, and what is wrong
/// in it must not stop today's site. Its message names the edition.
fn as_warning(name: &str, mut d: Diagnostic) -> Diagnostic {
    if d.severity == crate::diagnostics::Severity::Error {
        d.severity = crate::diagnostics::Severity::Warning;
        d.message = format!("in version `{name}`: {}", d.message);
    }
    d
}

/// Job `j` of the editions: version `j` (`w`) into its folder, or the default one at the site
/// root (`j` is the number of versions), which also lists the working tree's `proposals`: a
/// proposal is measured against the current strategy, which the root shows.
#[allow(clippy::too_many_arguments)]
fn edition_job<'a>(
    v: &Versions,
    j: usize,
    w: &'a Wiki,
    proposals: &'a [crate::proposals::Proposal],
    theme: &'a crate::render::Theme,
    shared: &'a crate::render::SharedPages,
    view: crate::versions::VersionsView,
    changes: Option<&'a (String, crate::compare::Comparison)>,
    (base, languages): (
        &str,
        Option<(&'a crate::model::translations::Translations, usize)>,
    ),
) -> Job<'a> {
    let at_root = j == v.list.len();
    let i = if at_root { v.default } else { j };
    Job {
        proposals: at_root.then_some(proposals),
        theme,
        shared: Some(shared),
        config: &w.config,
        site: &w.site,
        history: w.history.as_ref(),
        source: w.source.as_source(),
        // In a multilingual wiki, a language's editions are in its folder (`sv/`, `sv/v1/`).
        prefix: if at_root {
            base.to_string()
        } else {
            format!("{base}{}/", v.list[i].slug)
        },
        versions: Some(view),
        changes,
        sitemap: at_root && base.is_empty(),
        older_edition: !at_root,
        // The current edition links to its translations; older ones have none.
        languages: languages.filter(|_| at_root),
    }
}
