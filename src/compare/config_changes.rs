//! Changes to configuration, templates and scripts: the files of a pull request that are not
//! pages but change how the site is built, what runs on its pages, or who is credited and asked
//! to review (`book.toml`, themes, templates, static files, non-Markdown content files,
//! CODEOWNERS, `.mailmap`).
//!
//! A report that listed pages only would let a pull request turn on `trusted-html`, add a script
//! or re-assign ownership unseen. The facts come from git trees ([`ChangedFiles`], filled in by
//! `wiki::changed`); what they mean is decided here, without git.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::codeowners::{CodeOwners, LOCATIONS};

/// How a file differs between the two sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileChange {
    /// Only in head.
    Added,
    /// Only in base.
    Removed,
    /// In both, with other contents (or another mode).
    Modified,
}

impl FileChange {
    /// The word for it.
    pub fn name(self) -> &'static str {
        match self {
            FileChange::Added => "added",
            FileChange::Removed => "removed",
            FileChange::Modified => "modified",
        }
    }
}

/// One file that differs, by its path from the repository's top.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedFile {
    /// Its path from the repository's top.
    pub path: String,
    /// How it differs.
    pub change: FileChange,
}

/// Someone whose name `.mailmap` changes: how commits write them, and whom the history credits
/// before and after the change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct NameChange {
    /// `Name <email>` as commits write it.
    pub written: String,
    /// Who the base's `.mailmap` makes of it.
    pub before: String,
    /// Who the head's `.mailmap` makes of it.
    pub after: String,
}

/// A file whose owners a CODEOWNERS change changes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct OwnershipChange {
    /// The file, from the repository's top.
    pub path: String,
    /// Its owners before (empty: none).
    pub before: Vec<String>,
    /// Its owners after.
    pub after: Vec<String>,
}

/// A file's text and where it is: (path from the repository's top, text).
pub type Located = (String, String);

/// What git says differs between the two commits besides their pages, with the texts the
/// report explains. Filled in from git trees by `wiki::changed`; [`ChangedFiles::default`] for
/// a comparison that has no commits.
#[derive(Debug, Clone, Default)]
pub struct ChangedFiles {
    /// Every file that differs.
    pub files: Vec<ChangedFile>,
    /// The wiki root's folder in the repository (`""` at its top).
    pub wiki_rel: String,
    /// The content folder in the repository, on the base side and the head side.
    pub content: (String, String),
    /// `book.toml`'s text on each side (`None`: absent).
    pub book: (Option<String>, Option<String>),
    /// The CODEOWNERS GitHub reads on each side, as (location, text).
    pub codeowners: (Option<Located>, Option<Located>),
    /// Every file on either side, for judging a CODEOWNERS change (empty when CODEOWNERS did not
    /// change).
    pub paths: Vec<String>,
    /// The people a `.mailmap` change names differently.
    pub names: Vec<NameChange>,
}

/// What a changed file is to the wiki.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConfigKind {
    /// `book.toml`.
    Configuration,
    /// A file under `themes/`.
    Theme,
    /// A file under `templates/`.
    Template,
    /// A file under `static/`, copied into the site.
    Static,
    /// A file under `i18n/`: the words of the interface in a language (a wiki's own
    /// translations override the theme's).
    Translation,
    /// A file in the content folder that is not Markdown (HTML, SVG, JS, ...), published as it
    /// is.
    ContentFile,
    /// A script or style sheet elsewhere in the wiki, which `additional-js` or `additional-css`
    /// can put on every page.
    Script,
    /// CODEOWNERS, at any of the places GitHub reads it.
    Codeowners,
    /// `.mailmap`.
    Mailmap,
}

impl ConfigKind {
    /// How the report describes it.
    pub fn describe(self) -> &'static str {
        match self {
            ConfigKind::Configuration => "configuration",
            ConfigKind::Theme => "theme",
            ConfigKind::Template => "template",
            ConfigKind::Static => "static file, copied into the site",
            ConfigKind::Translation => "interface translation, words on every page",
            ConfigKind::ContentFile => "content file that is not Markdown, published as it is",
            ConfigKind::Script => "script or style sheet",
            ConfigKind::Codeowners => "who owns which files",
            ConfigKind::Mailmap => "who is credited for each change",
        }
    }
}

/// How many files' ownership changes are listed (the count says how many there are in all).
pub const OWNERSHIP_LISTED: usize = 50;

/// One change to configuration, a template or a script.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConfigChange {
    /// The file, from the repository's top.
    pub path: String,
    /// Added, removed or modified.
    pub change: FileChange,
    /// What it is to the wiki.
    pub kind: ConfigKind,
    /// `book.toml`: the keys whose values differ (`wiki.trusted-html`).
    pub keys: Vec<String>,
    /// `book.toml`: the change turns on `trusted-html` (raw HTML, scripts included, published
    /// as written).
    pub trusted_html: bool,
    /// CODEOWNERS: the files whose owners change (the first [`OWNERSHIP_LISTED`]).
    pub ownership: Vec<OwnershipChange>,
    /// CODEOWNERS: how many files' owners change in all.
    pub ownership_total: usize,
    /// `.mailmap`: the people it names differently.
    pub names: Vec<NameChange>,
}

/// The wiki's folder `rel` inside the repository.
fn in_wiki(wiki_rel: &str, rel: &str) -> String {
    if wiki_rel.is_empty() {
        rel.to_string()
    } else {
        format!("{wiki_rel}/{rel}")
    }
}

fn under(path: &str, folder: &str) -> bool {
    folder.is_empty()
        || path
            .strip_prefix(folder)
            .is_some_and(|r| r.starts_with('/'))
}

/// What `path` is to the wiki, or `None` for a page (reported as such) or a file the wiki does
/// not read.
pub fn kind_of(path: &str, files: &ChangedFiles) -> Option<ConfigKind> {
    let w = files.wiki_rel.as_str();
    if path == in_wiki(w, "book.toml") {
        return Some(ConfigKind::Configuration);
    }
    if LOCATIONS.contains(&path) {
        return Some(ConfigKind::Codeowners);
    }
    if path == ".mailmap" {
        return Some(ConfigKind::Mailmap);
    }
    for (folder, kind) in [
        ("themes", ConfigKind::Theme),
        ("templates", ConfigKind::Template),
        ("static", ConfigKind::Static),
        ("i18n", ConfigKind::Translation),
    ] {
        if under(path, &in_wiki(w, folder)) {
            return Some(kind);
        }
    }
    let (base, head) = &files.content;
    let in_content = under(path, base) || under(path, head);
    if in_content {
        return (!crate::markdown::is_markdown(path)).then_some(ConfigKind::ContentFile);
    }
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    (under(path, w) && matches!(ext.as_deref(), Some("js" | "mjs" | "css")))
        .then_some(ConfigKind::Script)
}

/// Every key of a `book.toml` with its value, tables flattened (`wiki.trusted-html`).
fn flat(text: Option<&str>) -> Option<BTreeMap<String, toml::Value>> {
    fn walk(prefix: &str, t: &toml::Table, out: &mut BTreeMap<String, toml::Value>) {
        for (k, v) in t {
            let key = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            match v {
                toml::Value::Table(inner) => walk(&key, inner, out),
                v => {
                    out.insert(key, v.clone());
                }
            }
        }
    }
    let table: toml::Table = toml::from_str(text.unwrap_or("")).ok()?;
    let mut out = BTreeMap::new();
    walk("", &table, &mut out);
    Some(out)
}

/// The keys whose values differ, and whether `trusted-html` is turned on.
fn book_changes(base: Option<&str>, head: Option<&str>) -> (Vec<String>, bool) {
    let (Some(b), Some(h)) = (flat(base), flat(head)) else {
        // One side does not read: the file's errors say why; every key is in question.
        return (vec!["(the file does not read as TOML)".into()], false);
    };
    let keys = b
        .keys()
        .chain(h.keys())
        .filter(|k| b.get(*k) != h.get(*k))
        .cloned()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let on = |m: &BTreeMap<String, toml::Value>| {
        m.get("wiki.trusted-html") == Some(&toml::Value::Boolean(true))
    };
    (keys, on(&h) && !on(&b))
}

/// The files whose owners differ between the two CODEOWNERS, sorted.
fn ownership_changes(files: &ChangedFiles) -> Vec<OwnershipChange> {
    let parse = |side: &Option<(String, String)>| {
        let mut ignored = Vec::new();
        side.as_ref()
            .map(|(loc, text)| CodeOwners::parse(text, loc, &mut ignored))
            .unwrap_or_default()
    };
    let (before, after) = (parse(&files.codeowners.0), parse(&files.codeowners.1));
    let owners = |co: &CodeOwners, p: &str| co.owners_of(p).map(|o| o.owners).unwrap_or_default();
    let mut out: Vec<OwnershipChange> = files
        .paths
        .iter()
        .filter_map(|p| {
            let (b, a) = (owners(&before, p), owners(&after, p));
            (b != a).then(|| OwnershipChange {
                path: p.clone(),
                before: b,
                after: a,
            })
        })
        .collect();
    out.sort();
    out
}

/// The changes to configuration, templates and scripts among `files`, sorted by path.
pub fn config_changes(files: &ChangedFiles) -> Vec<ConfigChange> {
    let mut out = Vec::new();
    let mut ownership_told = false;
    let mut sorted: Vec<&ChangedFile> = files.files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    for f in sorted {
        let Some(kind) = kind_of(&f.path, files) else {
            continue;
        };
        let mut c = ConfigChange {
            path: f.path.clone(),
            change: f.change,
            kind,
            keys: Vec::new(),
            trusted_html: false,
            ownership: Vec::new(),
            ownership_total: 0,
            names: Vec::new(),
        };
        match kind {
            ConfigKind::Configuration => {
                (c.keys, c.trusted_html) =
                    book_changes(files.book.0.as_deref(), files.book.1.as_deref());
            }
            // What the CODEOWNERS GitHub reads does, told once (a file that shadows another
            // changes the effect of both).
            ConfigKind::Codeowners if !ownership_told => {
                ownership_told = true;
                let mut all = ownership_changes(files);
                c.ownership_total = all.len();
                all.truncate(OWNERSHIP_LISTED);
                c.ownership = all;
            }
            ConfigKind::Mailmap => c.names = files.names.clone(),
            _ => {}
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(paths: &[(&str, FileChange)]) -> ChangedFiles {
        ChangedFiles {
            files: paths
                .iter()
                .map(|(p, c)| ChangedFile {
                    path: p.to_string(),
                    change: *c,
                })
                .collect(),
            wiki_rel: "wiki".into(),
            content: ("wiki/content".into(), "wiki/content".into()),
            ..ChangedFiles::default()
        }
    }

    #[test]
    fn files_are_told_by_what_they_are_to_the_wiki() {
        let f = files(&[]);
        let k = |p: &str| kind_of(p, &f);
        assert_eq!(k("wiki/book.toml"), Some(ConfigKind::Configuration));
        assert_eq!(k("book.toml"), None);
        assert_eq!(k("wiki/themes/x/base.html"), Some(ConfigKind::Theme));
        assert_eq!(k("wiki/templates/page.html"), Some(ConfigKind::Template));
        assert_eq!(k("wiki/static/x.js"), Some(ConfigKind::Static));
        assert_eq!(k("wiki/content/x.svg"), Some(ConfigKind::ContentFile));
        assert_eq!(k("wiki/content/goals/x.md"), None);
        assert_eq!(k("wiki/theme/custom.css"), Some(ConfigKind::Script));
        assert_eq!(k("src/main.rs"), None);
        assert_eq!(k(".github/CODEOWNERS"), Some(ConfigKind::Codeowners));
        assert_eq!(k("docs/CODEOWNERS"), Some(ConfigKind::Codeowners));
        assert_eq!(k(".mailmap"), Some(ConfigKind::Mailmap));
        assert_eq!(k("wiki/i18n/sv.toml"), Some(ConfigKind::Translation));
        assert_eq!(k("wiki/staticx/y.js"), Some(ConfigKind::Script));
    }

    #[test]
    fn book_toml_names_the_keys_and_trusted_html() {
        let (keys, on) = book_changes(
            Some("[wiki]\ntheme = \"default\"\n"),
            Some("[wiki]\ntheme = \"default\"\ntrusted-html = true\n"),
        );
        assert_eq!(keys, vec!["wiki.trusted-html".to_string()]);
        assert!(on);
        let (_, on) = book_changes(Some("[wiki]\ntrusted-html = true\n"), Some("x = 1\n"));
        assert!(!on);
    }

    #[test]
    fn codeowners_changes_are_judged_by_their_effect() {
        let mut f = files(&[("CODEOWNERS", FileChange::Modified)]);
        f.codeowners = (
            Some(("CODEOWNERS".into(), "* @org/a\n".into())),
            Some((
                "CODEOWNERS".into(),
                "* @org/a\n/wiki/content/goals/ @eve\n".into(),
            )),
        );
        f.paths = vec!["wiki/content/goals/x.md".into(), "wiki/book.toml".into()];
        let c = config_changes(&f);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].ownership_total, 1);
        assert_eq!(c[0].ownership[0].path, "wiki/content/goals/x.md");
        assert_eq!(c[0].ownership[0].before, vec!["@org/a".to_string()]);
        assert_eq!(c[0].ownership[0].after, vec!["@eve".to_string()]);
    }
}
