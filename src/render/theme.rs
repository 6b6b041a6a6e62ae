//! Themes: the built-in default, plus single-file overrides from the wiki.

use std::collections::BTreeMap;
use std::path::Path;

use tera::Tera;
use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Severity, display_path};
use crate::i18n::Catalogue;
use crate::source::contain;

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

/// The default theme's templates, compiled in.
pub(crate) const TEMPLATES: &[(&str, &str)] = embedded!(
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
    "language-switcher.html",
    "proposals.html",
    "trend.html",
    "print.html",
    "print_page.html",
    "strategy-trend.html",
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
    (
        "print.css",
        include_bytes!("../../themes/default/static/print.css"),
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
    /// Each template's file as messages show it (`templates/goal.html`), by template name.
    pub files: BTreeMap<String, String>,
    /// `additional-css` and `additional-js` files the site needs a copy of, by site-relative
    /// path (see [`Config::additional_files`]).
    pub extra: Vec<(String, Vec<u8>)>,
    /// The interface's words in every language: the default theme's translations with the
    /// wiki's `themes/<theme>/i18n/` and `i18n/` files laid over them, read once here so that
    /// rendering does no I/O.
    pub catalogue: std::sync::Arc<Catalogue>,
    /// What was skipped while loading (a symbolic link in `static/`, a file name with `\`):
    /// the theme still loads, and the build reports these.
    pub warnings: Vec<Diagnostic>,
}

/// Where a Tera message places its error: the file of the first template it names with a line
/// and column (`goal.html:4:7`), and that line and column.
pub fn locate(msg: &str, files: &BTreeMap<String, String>) -> Option<(String, usize, usize)> {
    let mut best: Option<(usize, (String, usize, usize))> = None;
    for (name, file) in files {
        let needle = format!("{name}:");
        let mut from = 0;
        while let Some(i) = msg[from..].find(&needle).map(|i| i + from) {
            from = i + needle.len();
            // The whole name, not the end of a longer one (`page.html` in `case-page.html`).
            let starts = i == 0
                || !msg[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '/' | '.'));
            let mut nums = msg[from..].splitn(3, ':');
            let line = nums.next().and_then(|l| l.parse::<usize>().ok());
            let col = nums.next().and_then(|c| {
                let digits: String = c.chars().take_while(char::is_ascii_digit).collect();
                digits.parse::<usize>().ok()
            });
            if let (true, Some(line), Some(col)) = (starts, line, col)
                && best.as_ref().is_none_or(|(at, _)| i < *at)
            {
                best = Some((i, (file.clone(), line, col)));
            }
        }
    }
    best.map(|(_, found)| found)
}

impl Theme {
    /// Load the theme named in the configuration, with the wiki's overrides.
    /// No symbolic link is followed on the way to a file (see [`contain`]): the site publishes
    /// only the wiki's own files. A theme folder that is a link is an error (the theme the wiki
    /// asks for cannot be loaded, and every page's HTML comes from it); a link as `static/`,
    /// `templates/` or a file in them is skipped with a warning.
    pub fn load(config: &Config) -> Result<Theme, Vec<Diagnostic>> {
        let root = config.root.clone();
        if let Err(r) = contain::no_links(&root, &format!("themes/{}", config.wiki.theme)) {
            let d = Diagnostic::error(
                "theme",
                format!("`{}` {}: the theme cannot be loaded", r.at, r.reason()),
            )
            .in_file(r.at);
            return Err(vec![d]);
        }
        Theme::load_with(
            config,
            &|dir: &str, diags: &mut Vec<Diagnostic>| {
                let path = match contain::no_links(&root, dir) {
                    Ok(p) => p,
                    Err(r) => {
                        diags.push(r.warning("", "skipped"));
                        return None;
                    }
                };
                path.is_dir().then(|| read_dir_files(&root, &path, diags))
            },
            &|file: &str| contain::read_file(&root, file).ok().flatten(),
        )
    }

    /// Load the theme with override files from anywhere: `files(folder)` lists the files under
    /// a folder of the wiki root (`themes/x/templates`), or `None` when there is no such folder.
    /// A version built from git reads its own tree's theme this way. `read(path)` gives the
    /// bytes of one file by its path from the wiki root (the `additional-css` and
    /// `additional-js` files), or `None` when it is not there.
    pub fn load_with(
        config: &Config,
        files: &OverrideFiles<'_>,
        read: &dyn Fn(&str) -> Option<Vec<u8>>,
    ) -> Result<Theme, Vec<Diagnostic>> {
        let root = &config.root;
        let name = &config.wiki.theme;
        let theme_dir = root.join("themes").join(name);
        let mut diags = Vec::new();
        let theme_templates = files(&format!("themes/{name}/templates"), &mut diags);
        let theme_static = files(&format!("themes/{name}/static"), &mut diags);
        fn failed(ds: &[Diagnostic]) -> bool {
            ds.iter().any(|d| d.severity == Severity::Error)
        }
        if name != "default" && theme_templates.is_none() && theme_static.is_none() {
            if !failed(&diags) {
                diags.push(
                    Diagnostic::error(
                        "theme",
                        format!(
                            "theme `{name}` not found: there is no folder {}",
                            display_path(root, &theme_dir)
                        ),
                    )
                    .in_file("book.toml"),
                );
            }
            return Err(diags);
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
        let catalogue = load_catalogue(config, files, &mut diags);
        let root_static = files("static", &mut diags);
        for list in [theme_static, root_static] {
            for (rel, bytes) in list.unwrap_or_default() {
                statics.insert(rel, bytes);
            }
        }
        let mut extra = Vec::new();
        for (key, js) in [("additional-css", false), ("additional-js", true)] {
            for f in config.additional_files(js) {
                match read(&f.path) {
                    Some(bytes) if f.copy => extra.push((f.url, bytes)),
                    Some(_) => {}
                    None => {
                        let mut d = Diagnostic::error(
                            "config",
                            format!(
                                "`output.html.{key}` lists `{}`, which is not a file in the wiki",
                                f.path
                            ),
                        )
                        .in_file("book.toml");
                        if let Some(line) = config.key_line("output.html", key) {
                            d = d.at(line, 1);
                        }
                        diags.push(d);
                    }
                }
            }
        }
        if failed(&diags) {
            return Err(diags);
        }
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        super::format::register(&mut tera);
        let catalogue = std::sync::Arc::new(catalogue);
        super::tr::register(&mut tera, catalogue.clone());
        let list: Vec<(String, String)> = templates
            .iter()
            .map(|(n, (t, _))| (n.clone(), t.clone()))
            .collect();
        let files: BTreeMap<String, String> = templates
            .iter()
            .map(|(n, (_, f))| (n.clone(), f.clone()))
            .collect();
        if let Err(e) = tera.add_raw_templates(list) {
            let msg = e.to_string();
            let msg = msg.trim_start_matches("error: ").trim();
            // Name the file, line and column the message places the error at.
            let mut d = Diagnostic::error("template", format!("theme template error: {msg}"));
            if let Some((f, line, col)) = locate(msg, &files) {
                d = d.in_file(f).at(line, col);
            } else if let Some(f) = templates
                .iter()
                .find(|(n, _)| msg.contains(n.as_str()))
                .map(|(_, (_, f))| f.clone())
            {
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
            catalogue.hash(&mut h);
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
            files,
            extra,
            catalogue,
            warnings: diags,
        })
    }
}

/// The default theme's translations, then the wiki's files over them: `themes/<theme>/i18n/`,
/// then root `i18n/` (Hugo's place for them), each `<lang>.toml`. A file that does not parse
/// is an error naming it (as a template that does not compile); a file whose name is not a
/// language code is skipped with a warning. Each key the wiki's language lacks is one warning
/// naming the key and the language (the reader sees the English text); a language with no
/// translation at all is one warning, not one per key.
fn load_catalogue(
    config: &Config,
    files: &OverrideFiles<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Catalogue {
    let mut catalogue = Catalogue::builtin();
    let name = &config.wiki.theme;
    for dir in [format!("themes/{name}/i18n"), "i18n".to_string()] {
        for (rel, bytes) in files(&dir, diags).unwrap_or_default() {
            let shown = format!("{dir}/{rel}");
            let Some(lang) = rel
                .strip_suffix(".toml")
                .filter(|l| crate::i18n::is_lang_code(l))
            else {
                diags.push(
                    Diagnostic::warning(
                        "translation",
                        "not a translation file (`<language code>.toml`, such as `sv.toml`): skipped",
                    )
                    .in_file(shown),
                );
                continue;
            };
            if bytes.len() > crate::i18n::MAX_FILE {
                diags.push(
                    Diagnostic::error(
                        "translation",
                        format!(
                            "translation file of {} bytes: the limit is {}",
                            bytes.len(),
                            crate::i18n::MAX_FILE
                        ),
                    )
                    .in_file(shown),
                );
                continue;
            }
            match String::from_utf8(bytes) {
                Ok(text) => {
                    if let Err(d) = catalogue.add_file(lang, &text, &shown) {
                        diags.push(d);
                    }
                }
                Err(_) => diags.push(
                    Diagnostic::error("translation", "translation file is not valid UTF-8")
                        .in_file(shown),
                ),
            }
        }
    }
    diags.extend(language_warnings(&catalogue, &config.book.language));
    catalogue
}

/// What `check` says of the interface in language `lang`: one warning per key it lacks (the
/// English text is shown), one per argument its text names that English's does not, or one
/// for a language without any translation.
pub fn language_warnings(catalogue: &Catalogue, lang: &str) -> Vec<Diagnostic> {
    let lang = lang.trim();
    if lang.is_empty() || crate::i18n::plural::primary(lang) == crate::i18n::FALLBACK {
        return Vec::new();
    }
    if !catalogue.has(lang) {
        return vec![
            Diagnostic::warning(
                "translation",
                format!(
                    "no interface translation for language `{lang}`: the theme's words are in English (add i18n/{lang}.toml)"
                ),
            )
            .in_file("book.toml"),
        ];
    }
    let mut out: Vec<Diagnostic> = catalogue
        .missing(lang)
        .into_iter()
        .map(|key| {
            Diagnostic::warning(
                "translation",
                format!(
                    "translation key `{key}` is missing in language `{lang}`: shown in English"
                ),
            )
            .in_file(format!("i18n/{lang}.toml"))
        })
        .collect();
    for (key, arg) in catalogue.unknown_arguments(lang) {
        out.push(
            Diagnostic::warning(
                "translation",
                format!(
                    "translation key `{key}` in language `{lang}` names `{{{arg}}}`, which the English text has not: it is shown as written"
                ),
            )
            .in_file(format!("i18n/{lang}.toml")),
        );
    }
    out
}

fn read_dir_files(root: &Path, dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return out;
    }
    for entry in WalkDir::new(dir)
        .follow_links(false)
        .follow_root_links(false)
        .sort_by_file_name()
    {
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
        let shown = display_path(root, entry.path());
        // Not followed, as in the content folder: a link could publish any file of the machine
        // (`static/x.txt -> /etc/passwd`) or of the checkout (`.git/config`).
        if entry.file_type().is_symlink() {
            diags.push(
                Diagnostic::warning(
                    "symlink",
                    format!("`{shown}` is a symbolic link, which is not followed (it could publish files that are not the wiki's): skipped"),
                )
                .in_file(shown),
            );
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let Some(parts) = entry.path().strip_prefix(dir).ok().map(|r| {
            r.components()
                .map(|c| c.as_os_str().to_str())
                .collect::<Option<Vec<_>>>()
        }) else {
            continue;
        };
        let Some(parts) = parts else { continue };
        // `a\..\..\x.css` would be written as a path once `\` became `/`.
        if parts.iter().any(|p| p.contains('\\')) {
            diags.push(
                Diagnostic::warning(
                    "file-name",
                    "a file name with `\\` cannot have a URL (it would read as a path): skipped",
                )
                .in_file(shown),
            );
            continue;
        }
        let rel = parts.join("/");
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

#[cfg(test)]
mod locate_tests {
    use super::*;

    #[test]
    fn a_message_is_placed_at_the_template_it_names() {
        let files: BTreeMap<String, String> = [
            ("goal.html", "templates/goal.html"),
            ("page.html", "(built-in) page.html"),
            ("case-page.html", "templates/case-page.html"),
        ]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        assert_eq!(
            locate("Found `}` --> goal.html:3:20\n  |", &files),
            Some(("templates/goal.html".into(), 3, 20))
        );
        assert_eq!(
            locate(
                "Variable `nosuch.field` not found in context at case-page.html:4:7",
                &files
            ),
            Some(("templates/case-page.html".into(), 4, 7)),
            "the whole name"
        );
        assert_eq!(locate("no place named", &files), None);
    }
}
