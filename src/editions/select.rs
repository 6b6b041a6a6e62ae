//! Which versions a build publishes: those `[wiki.versions]` selects, less any whose tree
//! cannot be built at all, and each version's own theme read from its commit.

use std::path::Path;

use crate::config::{Config, EditionConfig};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::Theme;
use crate::source::Source;
use crate::wiki::Place;

/// The versions a build publishes: those `[wiki.versions]` selects, less any whose tree cannot
/// be built at all.
pub struct Selection {
    /// Oldest first (see [`crate::versions::select`]).
    pub list: Vec<crate::versions::Version>,
    /// The default version's index in `list`.
    pub default: usize,
    /// Said on every build: a version left out (and why), a development ref not selected.
    pub warnings: Vec<Diagnostic>,
    /// Some version is read with today's `book.toml` (it has none, or `config = "current"`):
    /// its edition then changes with today's settings, which the edition plan must know.
    pub uses_today: bool,
}

/// Select the versions of the wiki at `config.root`. A version whose tree has no `book.toml`
/// (a tag made before the wiki had settings) is read with today's, with a warning naming it;
/// with `[wiki.versions] config = "current"` every version is. A version other than the default
/// whose tree has no content folder, a `book.toml` that does not read, or a theme that does not load
/// is left out with a warning: such a tag (a code release from before the wiki existed, say) is
/// history that must not stop today's build, and it has no pages to show. The default edition
/// is the site itself: its problems stop the build, when it is loaded.
pub fn select_versions(config: &Config, place: &Place) -> Result<Selection, Diagnostic> {
    let repo = place.open().map_err(|_| {
        Diagnostic::error(
            "versions",
            "`[wiki.versions]` needs the wiki to be in a git repository",
        )
        .in_file("book.toml")
    })?;
    let table_line = config.key_line("wiki", "versions").unwrap_or(1);
    let (mut list, default, mut warnings) = crate::versions::select(&repo, &config.wiki.versions)
        .map_err(|d| {
        if d.line.is_none() {
            d.at(table_line, 1)
        } else {
            d
        }
    })?;
    for w in &mut warnings {
        if w.line.is_none() {
            *w = w.clone().at(table_line, 1);
        }
    }
    if let Some(w) = crate::versions::development_warning(&config.wiki.versions, &list) {
        let line = config.key_line("wiki.versions", "development");
        warnings.push(w.at(line.unwrap_or(1), 1));
    }
    let default_name = list[default].name.clone();
    let own = config.wiki.versions.config == EditionConfig::Own;
    let selects = config
        .key_line("wiki.versions", "tags")
        .or_else(|| config.key_line("wiki.versions", "branches"));
    let mut uses_today = !own;
    list.retain(|v| {
        if own && !has_book(&repo, place, v) {
            uses_today = true;
            let d = Diagnostic::warning(
                "versions",
                format!(
                    "version `{}` has no book.toml: it is read with today's (set `config = \"current\"` under [wiki.versions] to read every version so)",
                    v.name
                ),
            )
            .in_file("book.toml");
            warnings.push(d.at(selects.unwrap_or(1), 1));
        }
        if v.name == default_name {
            return true;
        }
        let Some(why) = unbuildable(&repo, place, v, config) else {
            return true;
        };
        if before_translation(&repo, place, v, config) {
            // A translation begun after this edition: the language has no such edition, which
            // is history, not a problem (its other languages have it).
            return false;
        }
        let mut d = Diagnostic::warning(
            "versions",
            format!("version `{}` is left out of the site: {why}", v.name),
        )
        .in_file("book.toml");
        if let Some(line) = selects {
            d = d.at(line, 1);
        }
        warnings.push(d);
        false
    });
    let default = list
        .iter()
        .position(|v| v.name == default_name)
        .unwrap_or(0);
    Ok(Selection {
        list,
        default,
        warnings,
        uses_today,
    })
}

/// Whether `config` is a language of a multilingual wiki other than the default whose folder
/// version `v`'s tree does not have: the translation was begun after that edition.
fn before_translation(
    repo: &git2::Repository,
    place: &Place,
    v: &crate::versions::Version,
    config: &Config,
) -> bool {
    let languages = &config.wiki.languages;
    if !languages.enabled()
        || languages
            .list
            .first()
            .is_none_or(|d| d.code == config.book.language)
    {
        return false;
    }
    let folder = place.in_repo(&config.book.src.to_string_lossy());
    repo.find_commit(v.commit)
        .and_then(|c| c.tree())
        .is_ok_and(|t| {
            !t.get_path(Path::new(&folder))
                .is_ok_and(|e| e.kind() == Some(git2::ObjectType::Tree))
        })
}

/// Whether version `v`'s tree has a `book.toml` of its own (`true` when it cannot be read:
/// [`unbuildable`] says why).
fn has_book(repo: &git2::Repository, place: &Place, v: &crate::versions::Version) -> bool {
    repo.find_commit(v.commit)
        .and_then(|c| c.tree())
        .map_or(true, |t| {
            t.get_path(Path::new(&place.in_repo("book.toml"))).is_ok()
        })
}

/// Why version `v` cannot be built at all, if it cannot: what [`crate::wiki::load`] and the
/// theme would stop at, checked without loading its pages, with the settings it is read with
/// (its own `book.toml`, else `current`'s).
fn unbuildable(
    repo: &git2::Repository,
    place: &Place,
    v: &crate::versions::Version,
    current: &Config,
) -> Option<String> {
    let root = place.root.as_path();
    let join = |rel: &str| place.in_repo(rel);
    let tree = match repo.find_commit(v.commit).and_then(|c| c.tree()) {
        Ok(t) => t,
        Err(e) => return Some(format!("its commit cannot be read: {}", e.message())),
    };
    let book = tree
        .get_path(Path::new(&join("book.toml")))
        .ok()
        // A language of a multilingual wiki reads every edition with today's settings (its
        // folder), as loading it does (`editions::load`).
        .filter(|_| {
            current.wiki.versions.config == EditionConfig::Own && !current.wiki.languages.enabled()
        });
    let config = match book {
        Some(entry) => {
            let text = repo
                .find_blob(entry.id())
                .map(|b| String::from_utf8_lossy(b.content()).into_owned())
                .unwrap_or_default();
            match Config::parse(root, &text, &mut Diagnostics::new()) {
                Ok(mut c) => {
                    place.settle_src_in(&mut c, &tree);
                    c
                }
                Err(e) => {
                    let mut d = e.to_diagnostic();
                    d.file = Some(format!("{}:{}", v.name, join("book.toml")));
                    return Some(format!("its book.toml does not read ({d})"));
                }
            }
        }
        None => current.clone(),
    };
    let content = join(&config.book.src.to_string_lossy());
    let is_folder = tree
        .get_path(Path::new(&content))
        .is_ok_and(|e| e.kind() == Some(git2::ObjectType::Tree));
    if !is_folder {
        return Some(format!("it has no content folder `{content}`"));
    }
    // The built-in theme always loads: only a tree with a theme or files of its own is tried
    // (with `config = "current"`, today's theme is used, which today's build loads).
    let theme = &config.wiki.theme;
    let own_files = current.wiki.versions.config == EditionConfig::Own
        && (theme != "default"
            || ["templates".to_string(), format!("themes/{theme}/templates")]
                .iter()
                .any(|d| tree.get_path(Path::new(&join(d))).is_ok())
            || !config.html.additional_css.is_empty()
            || !config.html.additional_js.is_empty());
    if own_files && let Err(ds) = theme_at(repo.path(), v.commit, place, &v.name, &config) {
        let first = ds.first().map(|d| d.to_string()).unwrap_or_default();
        return Some(format!("its theme does not load ({first})"));
    }
    None
}

/// The theme `config` names with the override files of the tree at `commit`, whose wiki root
/// is where `place` says, in the repository at `repo_path`.
pub fn theme_at(
    repo_path: &Path,
    commit: git2::Oid,
    place: &Place,
    label: &str,
    config: &Config,
) -> Result<Theme, Vec<Diagnostic>> {
    let in_repo = |rel: &str| place.in_repo(rel);
    let files = |dir: &str, _diags: &mut Vec<Diagnostic>| {
        let repo = git2::Repository::open(repo_path).ok()?;
        let tree = crate::source::GitTree::new(&repo, commit, &in_repo(dir), label).ok()?;
        let (files, _) = tree.list();
        Some(
            files
                .into_iter()
                .filter_map(|f| tree.read(&f).ok().map(|b| (f, b)))
                .collect(),
        )
    };
    let read = |file: &str| {
        let repo = git2::Repository::open(repo_path).ok()?;
        let tree = repo.find_commit(commit).ok()?.tree().ok()?;
        let entry = tree.get_path(Path::new(&in_repo(file))).ok()?;
        let blob = repo.find_blob(entry.id()).ok()?;
        Some(blob.content().to_vec())
    };
    Theme::load_with(config, &files, &read)
}

/// Plan every version's folder (`v1/`) as its edition's, at the `[wiki.versions]` line that
/// selects it: a folder named like a file of the site (a tag named `index.html`) is an error
/// there, in `check` as in `build`.
/// `base` is the folder the editions are in (`""`, or a language's `sv/`).
pub fn plan_folders(
    config: &Config,
    list: &[crate::versions::Version],
    base: &str,
    plan: &mut crate::output::plan::Plan,
) {
    let line = |key: &str| config.key_line("wiki.versions", key);
    let (tags, branches) = (line("tags"), line("branches"));
    let table = config.key_line("wiki", "versions");
    for v in list {
        let at = if v.branch {
            branches.or(tags)
        } else {
            tags.or(branches)
        }
        .or(table);
        let prefix = format!("{base}{}/", v.slug);
        let what = format!("the folder of version `{}` (`{prefix}`)", v.name);
        let claim = crate::output::plan::Claim::new("editions", what)
            .at("book.toml", at)
            .in_scope(&prefix, false);
        plan.tree(&prefix, claim);
    }
}
