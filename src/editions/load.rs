//! Loading every version a build publishes, each from its own commit, with its own
//! configuration, CODEOWNERS and history; and what the version menus need of each.

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;

use super::plan::EditionPlan;
use super::select::{Selection, theme_at};
use crate::config::EditionConfig;
use crate::content::cache::ModelCache;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::history::History;
use crate::render::Theme;
use crate::wiki::{
    At, Caches, ConfigFrom, HistoryMode, Links, LoadOptions, Place, Strictness, Wiki,
};

/// Every version of the wiki, loaded.
pub struct Versions {
    /// The versions, oldest first.
    pub list: Vec<crate::versions::Version>,
    /// The default one.
    pub default: usize,
    /// Each version's wiki and history; `None` for a version that was not loaded because its
    /// edition is taken whole from the previous site and no written edition needs it.
    pub wikis: Vec<Option<Wiki>>,
    /// The warning each version's own problems gave, if any.
    pub problems: Vec<Option<String>>,
    /// Each loaded version's own theme.
    pub themes: Vec<Option<Theme>>,
    /// What each version's pages are, for the version menus (of a version not loaded: as the
    /// previous build recorded them).
    pub tables: Vec<crate::versions::UrlTables>,
    /// With an edition plan made for these versions: the hash of every version's tables, which
    /// the editions' view keys are made from. Loading decided with it which versions to load;
    /// writing decides with the same value which editions to take whole.
    pub views: Option<u64>,
}

/// One version as `load_versions` has it: loaded, or known from the previous build's record of
/// its edition (`wiki` is then `None`).
struct LoadedVersion {
    wiki: Option<Wiki>,
    /// The warning its own problems give.
    problem: Option<String>,
    tables: crate::versions::UrlTables,
    /// Its own theme, when loaded.
    theme: Option<Theme>,
}

/// The URL tables of a loaded version: every URL it has (pages, their history pages, the
/// generated pages), the URL of each content file, and where each earlier path of a renamed
/// page went.
fn url_tables(w: &Wiki, h: Option<&History>) -> crate::versions::UrlTables {
    use crate::render::generated::{Form, GENERATED, When, sitemap_urls};
    let mut urls: HashSet<String> = sitemap_urls(&w.site).into_iter().collect();
    urls.extend(w.site.urls.iter().cloned());
    // The generated pages an edition has (proposals are listed at the site root alone, never in
    // an edition's folder, so no menu leads to them); the version menu of
    // a search page leads to the other edition's home, not its search page.
    urls.extend(
        GENERATED
            .iter()
            .filter(|g| {
                matches!(g.form, Form::Index | Form::Changes | Form::Print)
                    && g.when != When::Search
            })
            .filter(|g| g.exists(&w.config, h.is_some(), false))
            .map(|g| g.url.to_string()),
    );
    if h.is_some() {
        urls.extend(
            w.site
                .urls
                .iter()
                .map(|p| crate::render::revisions::history_url(p)),
        );
    }
    let mut urls: Vec<String> = urls.into_iter().collect();
    urls.sort();
    let mut paths: Vec<(String, String)> = w
        .site
        .pages
        .iter()
        .map(|p| (p.src.path.clone(), p.url.clone()))
        .collect();
    paths.sort();
    paths.dedup_by(|a, b| a.0 == b.0);
    let mut aliases: HashMap<String, String> = HashMap::new();
    if let Some(h) = h {
        for p in &w.site.pages {
            for old in h
                .page(&p.src.path)
                .map(|ph| ph.old_paths.as_slice())
                .unwrap_or(&[])
            {
                aliases.insert(old.clone(), p.url.clone());
            }
        }
    }
    let mut aliases: Vec<(String, String)> = aliases.into_iter().collect();
    aliases.sort();
    crate::versions::UrlTables {
        urls,
        paths,
        aliases,
    }
}

/// Load every version `[wiki.versions]` selects, each from its own commit, with its own
/// configuration, CODEOWNERS and history (ending at that commit). Problems in old editions are
/// reported as warnings: they are history, and must not stop today's build.
///
/// With a `plan`, a version is not loaded when its edition is taken whole from the previous
/// site and no edition written needs it (as the one before it, for its changes page): the
/// previous build recorded its URL tables and warning with the edition. A daily rebuild then
/// loads two versions of ten.
#[allow(clippy::too_many_arguments)]
pub fn load_versions(
    current: &Wiki,
    place: &Place,
    caches: &Caches,
    shared_cache: Option<&ModelCache>,
    selection: Selection,
    today: Date,
    diags: &mut Diagnostics,
    plan: Option<&EditionPlan<'_>>,
) -> Result<Versions, Diagnostic> {
    let config = &current.config;
    let Selection { list, default, .. } = selection;
    let mut wikis = Vec::new();
    let mut problems = Vec::new();
    let own_cache;
    let model_cache = match shared_cache {
        Some(c) => c,
        None => {
            own_cache = ModelCache::default();
            &own_cache
        }
    };
    let n = list.len();
    // One version, from its own commit: its wiki and history, the warning its own problems
    // give, and what the version menus need of it.
    let load_one = |i: usize| -> Result<LoadedVersion, Diagnostic> {
        let v = &list[i];
        let mut ds = Diagnostics::new();
        // Edit, source and commit links lead where the current build says (its remote, forge
        // and edit settings), into this edition's own layout. The default edition is edited
        // on the edit branch, another branch's edition on that branch; an older edition from
        // a tag cannot be edited, and its source links show its files at the tag.
        let opts = LoadOptions {
            at: At::Commit {
                id: v.commit,
                label: &v.name,
            },
            strictness: Strictness::Build,
            today,
            judged_on: crate::versions::judged_on(&list, default, i, today),
            history: HistoryMode::Read { progress: false },
            caches,
            model_cache: Some(model_cache),
            links: Links::Edition {
                current: config,
                branch: (i != default).then_some(v.name.as_str()),
                editable: i == default || v.branch,
            },
            proposals: false,
            // A language of a multilingual wiki reads every edition with its own settings
            // (its folder): a tag's `book.toml` knows nothing of the language being built.
            config: match config.wiki.versions.config {
                _ if config.wiki.languages.enabled() => ConfigFrom::Current(config),
                EditionConfig::Own => ConfigFrom::OwnOr(config),
                EditionConfig::Current => ConfigFrom::Current(config),
            },
        };
        let (w, _) = crate::wiki::load(place, &opts, &mut ds)?;
        // An old edition's problems are history: one line says how many there are, rather
        // than thousands of lines that would hide today's.
        // Its errors are named, though: a page with an error is left out of that edition.
        let own = |d: &&Diagnostic| d.code != "history" && d.code != "overdue" && d.code != "stale";
        let count = ds.iter().filter(own).count();
        let errors: Vec<String> = ds
            .iter()
            .filter(own)
            .filter(|d| d.severity == crate::diagnostics::Severity::Error)
            .map(|d| d.to_string())
            .collect();
        let problem = (count > 0).then(|| {
            let mut m = format!(
                "version `{}` has {count} problem{} of its own (see them with `git checkout {}` and `stratwiki check`)",
                v.name,
                if count == 1 { "" } else { "s" },
                v.name
            );
            if !errors.is_empty() {
                m.push_str(
                    "; its errors (a page whose front matter does not read is left out of that edition):",
                );
                const SHOWN: usize = 5;
                for e in errors.iter().take(SHOWN) {
                    m.push_str("\n  ");
                    m.push_str(e);
                }
                if errors.len() > SHOWN {
                    m.push_str(&format!("\n  and {} more", errors.len() - SHOWN));
                }
            }
            m
        });
        let tables = url_tables(&w, w.history.as_ref());
        // With `config = "current"`, today's look: today's theme and its files.
        let theme = match config.wiki.versions.config {
            EditionConfig::Own => theme_of(&w, place),
            EditionConfig::Current => Theme::load(config),
        };
        let theme = theme.map_err(|ds| {
            let first = ds
                .into_iter()
                .next()
                .unwrap_or_else(|| Diagnostic::error("theme", "the theme cannot be loaded"));
            Diagnostic::error("theme", format!("version `{}`: {}", v.name, first.message))
        })?;
        Ok(LoadedVersion {
            wiki: Some(w),
            problem,
            tables,
            theme: Some(theme),
        })
    };
    // An old edition that cannot be loaded at all is history: left out with a warning naming
    // it (its slot left empty). The default edition is the site itself: its errors stop the
    // build.
    let try_load = |i: usize,
                    slot: &mut Option<LoadedVersion>,
                    diags: &mut Diagnostics|
     -> Result<(), Diagnostic> {
        match load_one(i) {
            Ok(l) => *slot = Some(l),
            Err(d) if i != default => {
                diags.push(left_out_warning(&list[i].name, &d));
                *slot = None;
            }
            Err(d) => return Err(d),
        }
        Ok(())
    };
    // The plan, if it was made for these versions.
    let mut plan = plan.filter(|p| p.describes(&list));
    // A version whose edition the previous build recorded from the same commit (and with the
    // same program and settings) is known from that record without loading it.
    let mut versions: Vec<Option<LoadedVersion>> = (0..n)
        .map(|i| {
            let p = plan?;
            let e = p
                .reuse
                .editions_old
                .get(&p.slots[i].0)
                .filter(|e| e.tables_key == p.tables_key(i))?;
            Some(LoadedVersion {
                wiki: None,
                problem: e.warning.clone(),
                tables: e.tables.clone()?,
                theme: None,
            })
        })
        .collect();
    // First every version no record stands in for (a new commit, a new tag).
    for (i, slot) in versions.iter_mut().enumerate() {
        if slot.is_none() {
            try_load(i, slot, diags)?;
        }
    }
    // A version left out changes every edition's menu: none is taken whole, all are loaded.
    let any_left_out = |versions: &[Option<LoadedVersion>]| versions.iter().any(Option::is_none);
    if any_left_out(&versions) {
        plan = None;
        for (i, slot) in versions.iter_mut().enumerate() {
            if slot.as_ref().is_some_and(|l| l.wiki.is_none()) {
                try_load(i, slot, diags)?;
            }
        }
    }
    // Then, with what every version's menu entries need known, the editions that will be
    // written, and the versions they need: their own, and the one before (its changes page).
    // The others are taken whole from the previous site and need not be loaded.
    let views = plan.map(|_| {
        let tables: Vec<&crate::versions::UrlTables> =
            versions.iter().flatten().map(|l| &l.tables).collect();
        crate::render::key::key_of(&[&tables])
    });
    if let (Some(p), Some(views)) = (plan, views) {
        let written = |j: usize| !p.can_take(j, p.view_key(j, views));
        for (i, slot) in versions.iter_mut().enumerate() {
            let needed = written(i)
                || (i + 1 < n && written(i + 1))
                || ((i == default || i + 1 == default) && written(n));
            if needed && slot.as_ref().is_some_and(|l| l.wiki.is_none()) {
                try_load(i, slot, diags)?;
            }
        }
    }
    // Found missing only now: the plan no longer describes the versions, nor the editions'
    // menus what they will be.
    let views = views.filter(|_| !any_left_out(&versions));
    if views.is_none() {
        for (i, slot) in versions.iter_mut().enumerate() {
            if slot.as_ref().is_some_and(|l| l.wiki.is_none()) {
                try_load(i, slot, diags)?;
            }
        }
    }
    let default_name = list[default].name.clone();
    let mut list = list;
    let mut keep = versions.iter().map(Option::is_some);
    list.retain(|_| keep.next().unwrap_or(true));
    let default = list
        .iter()
        .position(|v| v.name == default_name)
        .unwrap_or(0);
    if versions.iter().flatten().any(|l| l.wiki.is_none()) {
        model_cache.keep_unused();
    }
    let mut tables = Vec::new();
    let mut themes = Vec::new();
    for l in versions.into_iter().flatten() {
        themes.push(l.theme);
        if let Some(p) = &l.problem {
            diags.push(Diagnostic::warning("versions", p.clone()));
        }
        problems.push(l.problem);
        tables.push(l.tables);
        wikis.push(l.wiki);
    }
    if crate::timing::enabled() {
        eprintln!(
            "timing: versions: {} of {n} versions loaded",
            wikis.iter().filter(|w| w.is_some()).count()
        );
    }
    Ok(Versions {
        list,
        default,
        wikis,
        problems,
        themes,
        tables,
        views,
    })
}

/// The warning for an old edition that cannot be loaded at all (`d` says why): left out of
/// the site, never failing today's build.
fn left_out_warning(name: &str, d: &Diagnostic) -> Diagnostic {
    Diagnostic::warning(
        "versions",
        format!("version `{name}` is left out of the site: it cannot be loaded ({d})"),
    )
}

/// A version's own theme: its `book.toml`'s theme with the override files in its tree.
fn theme_of(w: &Wiki, place: &Place) -> Result<Theme, Vec<Diagnostic>> {
    let (Some(commit), Some(tree)) = (w.commit, w.source.git()) else {
        return Theme::load(&w.config);
    };
    theme_at(
        tree.repo_path(),
        commit,
        place,
        &crate::source::Source::display(tree, ""),
        &w.config,
    )
}
