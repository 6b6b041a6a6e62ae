//! Themes: the built-in default, plus single-file overrides from the wiki.

use std::collections::BTreeMap;
use std::path::Path;

use tera::Tera;
use walkdir::WalkDir;

use crate::check::{Diagnostic, display_path};
use crate::config::Config;

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

/// The default theme's templates, compiled in.
const TEMPLATES: &[(&str, &str)] = embedded!(
    "base.html",
    "macros.html",
    "page.html",
    "chapter.html",
    "goal.html",
    "case-study.html",
    "owner.html",
    "home.html",
    "chapters.html",
    "goals.html",
    "case-studies.html",
    "owners.html",
    "tags.html",
    "tag.html",
    "404.html",
    "history.html",
    "changes.html",
    "dashboard.html",
    "version-changes.html",
    "version-menu.html",
    "version-banner.html",
    "sidebar.html",
    "proposals.html",
    "search.html",
);

/// The default theme's static files, compiled in.
const STATIC: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../../themes/default/static/style.css"),
    ),
    (
        "favicon.svg",
        include_bytes!("../../themes/default/static/favicon.svg"),
    ),
    (
        "search.js",
        include_bytes!("../../themes/default/static/search.js"),
    ),
];

/// Lists the files under a folder of the wiki root as (path inside the folder, bytes), or
/// `None` when the folder does not exist.
pub type OverrideFiles<'a> =
    dyn Fn(&str, &mut Vec<Diagnostic>) -> Option<Vec<(String, Vec<u8>)>> + 'a;

/// A loaded theme: compiled templates and the static files to copy to `static/`.
pub struct Theme {
    /// The templates.
    pub tera: Tera,
    /// Static files by path relative to `static/`.
    pub statics: BTreeMap<String, Vec<u8>>,
    /// A hash of every template's text: a page rendered with another theme is never reused.
    pub fingerprint: u64,
    /// `base.html` has the sidebar mark (`<!--sw-sidebar-->`), so with several versions the
    /// sidebar can be rendered on its own from `sidebar.html` (a theme from before the mark
    /// renders it inline, and its pages are shared only where their sidebars are the same).
    pub splices_sidebar: bool,
}

impl Theme {
    /// Load the theme named in the configuration, with the wiki's overrides.
    pub fn load(config: &Config) -> Result<Theme, Vec<Diagnostic>> {
        let root = config.root.clone();
        Theme::load_with(config, &|dir: &str, diags: &mut Vec<Diagnostic>| {
            let path = root.join(dir);
            path.is_dir().then(|| read_dir_files(&root, &path, diags))
        })
    }

    /// Load the theme with override files from anywhere: `files(folder)` lists the files under
    /// a folder of the wiki root (`themes/x/templates`), or `None` when there is no such folder.
    /// A version built from git reads its own tree's theme this way.
    pub fn load_with(config: &Config, files: &OverrideFiles<'_>) -> Result<Theme, Vec<Diagnostic>> {
        let root = &config.root;
        let name = &config.wiki.theme;
        let theme_dir = root.join("themes").join(name);
        let mut diags = Vec::new();
        let theme_templates = files(&format!("themes/{name}/templates"), &mut diags);
        let theme_static = files(&format!("themes/{name}/static"), &mut diags);
        if name != "default" && theme_templates.is_none() && theme_static.is_none() {
            return Err(vec![
                Diagnostic::error(
                    "theme",
                    format!(
                        "theme `{name}` not found: there is no folder {}",
                        display_path(root, &theme_dir)
                    ),
                )
                .in_file("book.toml"),
            ]);
        }
        let mut templates: BTreeMap<String, (String, String)> = TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), (t.to_string(), format!("(built-in) {n}"))))
            .collect();
        let mut statics: BTreeMap<String, Vec<u8>> = STATIC
            .iter()
            .map(|(n, b)| (n.to_string(), b.to_vec()))
            .collect();
        let root_templates = files("templates", &mut diags);
        for (dir, list) in [
            (format!("themes/{name}/templates"), theme_templates),
            ("templates".to_string(), root_templates),
        ] {
            for (rel, bytes) in list.unwrap_or_default() {
                let shown = format!("{dir}/{rel}");
                match String::from_utf8(bytes) {
                    Ok(t) => {
                        templates.insert(rel, (t, shown));
                    }
                    Err(_) => diags.push(
                        Diagnostic::error("theme", "template is not valid UTF-8").in_file(shown),
                    ),
                }
            }
        }
        let root_static = files("static", &mut diags);
        for list in [theme_static, root_static] {
            for (rel, bytes) in list.unwrap_or_default() {
                statics.insert(rel, bytes);
            }
        }
        if !diags.is_empty() {
            return Err(diags);
        }
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        let list: Vec<(String, String)> = templates
            .iter()
            .map(|(n, (t, _))| (n.clone(), t.clone()))
            .collect();
        if let Err(e) = tera.add_raw_templates(list) {
            let msg = e.to_string();
            // Name the file when the message names a template.
            let file = templates
                .iter()
                .find(|(n, _)| msg.contains(n.as_str()))
                .map(|(_, (_, f))| f.clone());
            let mut d = Diagnostic::error("template", format!("theme template error: {msg}"));
            if let Some(f) = file {
                d = d.in_file(f);
            }
            return Err(vec![d]);
        }
        let fingerprint = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            env!("CARGO_PKG_VERSION").hash(&mut h);
            for (name, (text, _)) in &templates {
                name.hash(&mut h);
                text.hash(&mut h);
            }
            h.finish()
        };
        let splices_sidebar = templates
            .get("base.html")
            .is_some_and(|(t, _)| t.contains("<!--sw-sidebar-->"));
        Ok(Theme {
            tera,
            statics,
            fingerprint,
            splices_sidebar,
        })
    }
}

fn read_dir_files(root: &Path, dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return out;
    }
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::error(
                    "theme",
                    format!("cannot read theme file: {e}"),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Some(rel) = entry
            .path()
            .strip_prefix(dir)
            .ok()
            .and_then(|r| r.to_str())
            .map(|r| r.replace('\\', "/"))
        else {
            continue;
        };
        match std::fs::read(entry.path()) {
            Ok(b) => out.push((rel, b)),
            Err(e) => diags.push(
                Diagnostic::error("theme", format!("cannot read: {e}"))
                    .in_file(display_path(root, entry.path())),
            ),
        }
    }
    out
}
