//! A multilingual wiki (`[wiki.languages]`): each language loaded as a site of its own (its
//! folder as the content folder), the pages linked to their translations, translated goals
//! given their original's data, and every language written into one site: the default
//! language at the top, each other under `<code>/`, with its own home, contents, dashboard,
//! feeds, history pages and search index.
//!
//! [`crate::build`] and [`crate::check`] hand a wiki over here when it has languages.

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::translations::{LangInfo, Translations};
use crate::output::{Job, Staging, write_job};
use crate::render::Theme;
use crate::wiki::{
    At, Caches, ConfigFrom, HistoryMode, Links, LoadOptions, Place, Strictness, Wiki,
};

/// Every language of the wiki, loaded and linked.
pub struct Loaded {
    /// One wiki per language, the default first.
    pub wikis: Vec<Wiki>,
    /// Their pages' translations.
    pub translations: Translations,
}

/// The wiki's configuration when it has `[wiki.languages]` (its warnings in `diags`), else
/// `None`: a wiki in one language is built as before.
pub fn configured(root: &Path, diags: &mut Diagnostics) -> Option<Config> {
    let mut ds = Diagnostics::new();
    let config = Config::load(root, &mut ds).ok()?;
    if !config.wiki.languages.enabled() {
        return None;
    }
    diags.extend(ds.into_vec());
    Some(config)
}

/// The folder of language `l` in the site: `""` for the default, else `<code>/`.
fn prefix(config: &Config, l: usize) -> String {
    if l == 0 {
        String::new()
    } else {
        format!("{}/", config.wiki.languages.list[l].code)
    }
}

/// Load every language of the wiki configured by `config`, link the translations and share
/// the translated goals' data. `None` when a language cannot be loaded at all.
pub fn load(
    config: &Config,
    place: &Place,
    caches: &Caches,
    strictness: Strictness,
    today: Date,
    diags: &mut Diagnostics,
) -> Option<Loaded> {
    let langs = &config.wiki.languages.list;
    let mut wikis = Vec::new();
    let mut loading = Diagnostics::new();
    for (l, lang) in langs.iter().enumerate() {
        let mut c = config.for_language(l);
        // Its own site URL, so canonical links, the feed and the open data point into its
        // folder.
        let p = prefix(config, l);
        if let Some(u) = c.site_url() {
            c.html.site_url = Some(format!("{u}{p}"));
        }
        let lang_caches = caches.for_language(&lang.code, l == 0);
        let opts = LoadOptions {
            at: At::WorkingTree,
            strictness,
            today,
            judged_on: None,
            history: HistoryMode::Read { progress: l == 0 },
            caches: &lang_caches,
            model_cache: None,
            links: Links::Own,
            proposals: l == 0,
            config: ConfigFrom::Current(&c),
        };
        match crate::wiki::load(place, &opts, &mut loading) {
            Ok((w, cache)) => {
                lang_caches.save_model_cache(cache.as_ref());
                wikis.push(w);
            }
            Err(d) => {
                diags.extend(loading.into_vec());
                diags.push(d);
                return None;
            }
        }
    }
    let infos: Vec<LangInfo> = langs
        .iter()
        .enumerate()
        .map(|(l, lang)| LangInfo {
            code: lang.code.clone(),
            name: lang.name.clone(),
            prefix: prefix(config, l),
            dir: crate::config::text_direction(&lang.code),
        })
        .collect();
    let mut ds = Vec::new();
    let sites: Vec<&crate::model::Site> = wikis.iter().map(|w| &w.site).collect();
    let translations = Translations::link(infos, &sites, config.absolute_site_url(), &mut ds);
    let mut sites: Vec<crate::model::Site> = wikis
        .iter_mut()
        .map(|w| std::mem::take(&mut w.site))
        .collect();
    let (shared, owned) = crate::model::translated_goals::share(&translations, &mut sites);
    ds.extend(shared);
    // A translation that inherits its owner has one.
    diags.extend(loading.into_vec().into_iter().filter(|d| {
        !(d.message.starts_with("this goal has no `owner`")
            && d.file.as_ref().is_some_and(|f| owned.contains(f)))
    }));
    for (w, s) in wikis.iter_mut().zip(sites) {
        w.site = s;
    }
    share_series(&translations, &mut wikis);
    let mut found = Diagnostics::new();
    found.extend(ds);
    found.apply_levels(&config.wiki.check);
    diags.extend(found.into_vec());
    Some(Loaded {
        wikis,
        translations,
    })
}

/// A translated goal's values over time are its original's (`history::series`): goals are
/// data, shared by their translations, and the values changed in the original's file (a
/// translation begun later has one revision, or its values inherited).
fn share_series(t: &Translations, wikis: &mut [Wiki]) {
    for group in t.groups() {
        let mut members = group
            .iter()
            .enumerate()
            .filter_map(|(l, i)| i.map(|i| (l, i)));
        let Some((ol, oi)) = members.next() else {
            continue;
        };
        let original = &wikis[ol];
        let Some(series) = original
            .history
            .as_ref()
            .and_then(|h| h.series.get(&original.site.pages[oi].src.path))
            .cloned()
        else {
            continue;
        };
        for (l, i) in members {
            let path = wikis[l].site.pages[i].src.path.clone();
            if let Some(h) = wikis[l].history.as_mut() {
                h.series.insert(path, series.clone());
            }
        }
    }
}

/// The job of language `l`: its folder, its switcher; the default one writes the sitemap
/// (every language's pages, with their alternates), the CNAME and the proposals.
fn job<'a>(loaded: &'a Loaded, l: usize, theme: &'a Theme) -> Job<'a> {
    let w = &loaded.wikis[l];
    Job {
        proposals: (l == 0).then_some(w.proposals.as_slice()),
        theme,
        shared: None,
        config: &w.config,
        site: &w.site,
        history: w.history.as_ref(),
        source: w.source.as_source(),
        prefix: loaded.translations.langs[l].prefix.clone(),
        versions: None,
        changes: None,
        sitemap: l == 0,
        older_edition: false,
        languages: Some((&loaded.translations, l)),
    }
}

/// What writing a language's editions needs (`[wiki.versions]`): where the wiki is, its
/// caches, the date goals are judged against.
pub struct EditionsAt<'a> {
    /// Where the wiki is in its repository.
    pub place: &'a Place,
    /// Its caches (each language uses its own, see [`Caches::for_language`]).
    pub caches: &'a Caches,
    /// The date goals are judged against.
    pub today: Date,
}

/// Plan and write every language into `staging`: (pages, files, warnings). With
/// `[wiki.versions]` (and `editions`), each language's editions in its folder (`sv/v1/`), its
/// current edition at its top.
pub fn write(
    loaded: &Loaded,
    theme: &Theme,
    staging: &Staging,
    live_reload: bool,
    editions: Option<&EditionsAt<'_>>,
    diags: &mut Diagnostics,
) -> Result<(usize, usize, Vec<Diagnostic>), Vec<Diagnostic>> {
    if let Some(at) = editions.filter(|_| loaded.wikis[0].config.wiki.versions.enabled()) {
        let (mut pages, mut files, mut warnings) = (0, 0, Vec::new());
        let start = std::time::Instant::now();
        for (l, w) in loaded.wikis.iter().enumerate() {
            let prefix = loaded.translations.langs[l].prefix.clone();
            let caches = at
                .caches
                .for_language(&loaded.translations.langs[l].code, l == 0);
            let ctx = crate::editions::EditionsCtx {
                wiki: w,
                place: at.place,
                caches: &caches,
                model_cache: None,
                today: at.today,
                start,
                base: &prefix,
                languages: Some((&loaded.translations, l)),
            };
            let (p, f, ws) =
                crate::editions::write_editions(&ctx, staging, None, &mut Vec::new(), diags)?;
            pages += p;
            files += f;
            warnings.extend(ws);
        }
        return Ok((pages, files, warnings));
    }
    let jobs: Vec<Job<'_>> = (0..loaded.wikis.len())
        .map(|l| job(loaded, l, theme))
        .collect();
    let mut plan = crate::output::site_plan();
    for j in &jobs {
        crate::output::plan_job(j, &mut plan);
    }
    if plan.has_errors() {
        return Err(plan.take_diagnostics());
    }
    let mut warnings = plan.take_diagnostics();
    let (mut pages, mut files) = (0, 0);
    for j in &jobs {
        let (p, f, w) = write_job(j, &plan, staging, None, live_reload)?;
        pages += p;
        files += f;
        warnings.extend(w);
    }
    Ok((pages, files, warnings))
}

/// `check` of a multilingual wiki: every language loaded, linked and rendered into nothing.
pub fn check(config: &Config, place: &Place, caches: &Caches, today: Date) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let Some(loaded) = load(config, place, caches, Strictness::Check, today, &mut diags) else {
        return diags;
    };
    let theme = Theme::load(&loaded.wikis[0].config);
    match theme {
        Ok(theme) => {
            diags.extend(theme.warnings.iter().cloned());
            let staging = Staging::discard();
            let at = EditionsAt {
                place,
                caches,
                today,
            };
            let mut found = Diagnostics::new();
            match write(&loaded, &theme, &staging, false, Some(&at), &mut found) {
                Ok((_, _, w)) => found.extend(w),
                Err(ds) => found.extend(ds),
            }
            diags.extend_new(found);
        }
        Err(ds) => diags.extend(ds.iter().cloned()),
    }
    diags
}

/// `build` of a multilingual wiki into `dest` (else the build folder): (diagnostics, where
/// the site went, pages, files).
pub fn build(
    config: &Config,
    place: &Place,
    caches: &Caches,
    dest: Option<&Path>,
    today: Date,
    live_reload: bool,
    mut diags: Diagnostics,
) -> (Diagnostics, Option<PathBuf>, usize, usize) {
    let Some(loaded) = load(config, place, caches, Strictness::Build, today, &mut diags) else {
        return (diags, None, 0, 0);
    };
    let theme = match Theme::load(&loaded.wikis[0].config) {
        Ok(t) => t,
        Err(ds) => {
            diags.extend(ds);
            return (diags, None, 0, 0);
        }
    };
    diags.extend(theme.warnings.iter().cloned());
    if diags.has_errors() {
        return (diags, None, 0, 0);
    }
    let dest = match crate::output::destination::resolve_dest(config, dest) {
        Ok(d) => d,
        Err(e) => {
            diags.push(e);
            return (diags, None, 0, 0);
        }
    };
    let staging = match Staging::for_build(&dest) {
        Ok(s) => s,
        Err(e) => {
            diags.push(e);
            return (diags, None, 0, 0);
        }
    };
    // The live server builds the working tree only, as for a wiki in one language.
    let at = EditionsAt {
        place,
        caches,
        today,
    };
    let editions = (!live_reload).then_some(&at);
    let (pages, files, warnings) =
        match write(&loaded, &theme, &staging, live_reload, editions, &mut diags) {
            Ok(w) => w,
            Err(ds) => {
                diags.extend(ds);
                return (diags, None, 0, 0);
            }
        };
    if let Err(e) = staging.commit_carrying(&[]) {
        diags.push(Diagnostic::error(
            "write",
            format!(
                "cannot put the new site in place at `{}`: {e}",
                dest.display()
            ),
        ));
        return (diags, None, 0, 0);
    }
    diags.extend(warnings);
    (diags, Some(dest), pages, files)
}
