//! `[wiki.languages]`: a multilingual wiki, its languages and where each one's pages are.
//!
//! As Hugo's `contentDir`, each language has its own folder inside the content folder
//! (`content/sv/`, by default the language's code). One language may instead live at the
//! content folder itself (`dir = "."`), the other languages' folders then being left out of
//! it: a wiki that was English first keeps its files where they are and adds `content/sv/`.
//! Each language is then built as a site of its own (the default one at the site root, the
//! others under `/<code>/`), which the build links together (see `crate::languages`).

use super::Config;

/// Right-to-left scripts' languages (by primary subtag): their pages get `dir="rtl"`.
const RTL: &[&str] = &[
    "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku", "ps", "sd", "syr", "ug", "ur", "yi",
];

/// `dir` for a language tag: `rtl` for a right-to-left language (or an explicit RTL script
/// subtag such as `-Arab`, `-Hebr`), else `ltr`.
pub fn text_direction(tag: &str) -> &'static str {
    let lower = tag.to_ascii_lowercase();
    let mut parts = lower.split(['-', '_']);
    let primary = parts.next().unwrap_or("");
    let script = parts.find(|p| p.len() == 4);
    match script {
        Some("arab" | "hebr" | "syrc" | "thaa" | "nkoo" | "adlm" | "rohg") => "rtl",
        Some(_) => "ltr",
        None if RTL.contains(&primary) => "rtl",
        None => "ltr",
    }
}

/// True for a BCP 47-like language tag: a primary subtag of 2 or 3 letters, then subtags of
/// 1 to 8 letters or digits (`sv`, `en-GB`, `zh-Hant`, `sr-Latn-RS`). A tag goes into URLs,
/// folder names and `lang` attributes, so nothing else is allowed.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// One language of a multilingual wiki.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// Its code, as written (`sv`, `en-GB`): `<html lang>`, the URL folder, the default folder.
    pub code: String,
    /// Its name in itself, shown in the language switcher (default: the code).
    pub name: String,
    /// Its folder inside the content folder, `/`-separated, `""` for the content folder itself
    /// (written `dir = "."`).
    pub dir: String,
    /// `[book] title` for this language's site (default: the book's).
    pub title: Option<String>,
    /// `[book] description` for this language's site (default: the book's).
    pub description: Option<String>,
}

/// `[wiki.languages]`, read and checked: empty for a wiki in one language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LanguagesConfig {
    /// The languages, the default one first, the others in the order `book.toml` gives them.
    pub list: Vec<Language>,
}

impl LanguagesConfig {
    /// True when the wiki is built in several languages.
    pub fn enabled(&self) -> bool {
        !self.list.is_empty()
    }

    /// Read `[wiki.languages]`. `Err((key, message))`: the key whose line the error names
    /// (inside `[wiki.languages]`), and why.
    pub fn from_toml(
        table: &toml::Table,
        book_language: &str,
    ) -> Result<LanguagesConfig, (String, String)> {
        let mut list = Vec::new();
        let mut default = None;
        for (key, value) in table {
            if key == "default" {
                match value.as_str() {
                    Some(d) => default = Some(d.to_string()),
                    None => {
                        return Err((
                            key.clone(),
                            "`wiki.languages.default` must be a language code such as `sv`".into(),
                        ));
                    }
                }
                continue;
            }
            let Some(t) = value.as_table() else {
                return Err((
                    key.clone(),
                    format!(
                        "`wiki.languages.{key}` must be a table: `[wiki.languages.{key}]` then `name = \"...\"`"
                    ),
                ));
            };
            if !is_language_tag(key) {
                return Err((
                    key.clone(),
                    format!(
                        "`{key}` is not a language code: give a BCP 47 tag such as `sv`, `en`, `fr-CA` or `zh-Hant`"
                    ),
                ));
            }
            let text = |k: &str| -> Result<Option<String>, (String, String)> {
                match t.get(k) {
                    None => Ok(None),
                    Some(toml::Value::String(s)) => Ok(Some(s.clone())),
                    Some(_) => Err((
                        key.clone(),
                        format!("`wiki.languages.{key}.{k}` must be text"),
                    )),
                }
            };
            if let Some(unknown) = t
                .keys()
                .find(|k| !["name", "dir", "title", "description"].contains(&k.as_str()))
            {
                return Err((
                    key.clone(),
                    format!(
                        "`wiki.languages.{key}.{unknown}` is not a key of a language: use `name`, `dir`, `title` or `description`"
                    ),
                ));
            }
            let dir = match text("dir")? {
                None => key.clone(),
                Some(d) if d.trim() == "." || d.trim() == "./" => String::new(),
                Some(d) => super::book::clean_relative(d.trim()).ok_or_else(|| {
                    (
                        key.clone(),
                        format!(
                            "`wiki.languages.{key}.dir` must be a folder inside the content folder (no `..`), or `.` for the content folder itself (found `{d}`)"
                        ),
                    )
                })?,
            };
            list.push(Language {
                name: text("name")?.unwrap_or_else(|| key.clone()),
                code: key.clone(),
                dir,
                title: text("title")?,
                description: text("description")?,
            });
        }
        if list.is_empty() {
            return Ok(LanguagesConfig::default());
        }
        // The default: as given, else `[book] language` when it is one of them, else the first.
        let default = match default {
            Some(d) => list.iter().position(|l| l.code == d).ok_or_else(|| {
                (
                    "default".to_string(),
                    format!(
                        "`wiki.languages.default` is `{d}`, which is not one of the languages (`[wiki.languages.{d}]` is missing)"
                    ),
                )
            })?,
            None => list
                .iter()
                .position(|l| l.code == book_language)
                .unwrap_or(0),
        };
        let d = list.remove(default);
        list.insert(0, d);
        check_folders(&list)?;
        Ok(LanguagesConfig { list })
    }
}

/// Two languages in one folder, or one's folder inside another's (other than inside the
/// content folder itself, whose language leaves the others' folders out), would give one file
/// two languages.
fn check_folders(list: &[Language]) -> Result<(), (String, String)> {
    for (i, a) in list.iter().enumerate() {
        for b in &list[..i] {
            let inside = |x: &str, y: &str| !y.is_empty() && x.starts_with(&format!("{y}/"));
            let why = if a.dir == b.dir {
                "is the folder of"
            } else if inside(&a.dir, &b.dir) || inside(&b.dir, &a.dir) {
                "is nested with the folder of"
            } else {
                continue;
            };
            let shown = |d: &str| {
                if d.is_empty() {
                    ".".to_string()
                } else {
                    d.to_string()
                }
            };
            return Err((
                a.code.clone(),
                format!(
                    "the folder `{}` of language `{}` {why} language `{}` (`{}`): give each language a folder of its own",
                    shown(&a.dir),
                    a.code,
                    b.code,
                    shown(&b.dir)
                ),
            ));
        }
    }
    Ok(())
}

impl Config {
    /// The configuration of language `index`'s own site (see [`LanguagesConfig`]): its folder
    /// as the content folder, its code as `[book] language`, its title; the content folder's
    /// language leaves the other languages' folders out.
    pub fn for_language(&self, index: usize) -> Config {
        let mut c = self.clone();
        let Some(lang) = self.wiki.languages.list.get(index) else {
            return c;
        };
        if !lang.dir.is_empty() {
            c.book.src = c.book.src.join(&lang.dir);
        }
        if let Some(default) = self.wiki.languages.list.first().filter(|_| index > 0) {
            let under_default = |d: &str| {
                if default.dir.is_empty() {
                    Some(d.to_string())
                } else {
                    d.strip_prefix(&format!("{}/", default.dir))
                        .map(str::to_string)
                }
            };
            let others = self.wiki.languages.list[1..]
                .iter()
                .filter_map(|o| under_default(&o.dir))
                .collect();
            c.book.assets_from = Some((self.book.src.join(&default.dir), others));
        }
        c.book.language = lang.code.clone();
        if let Some(t) = &lang.title {
            c.book.title = t.clone();
        }
        if let Some(d) = &lang.description {
            c.book.description = d.clone();
        }
        for other in &self.wiki.languages.list {
            if other.code != lang.code && !other.dir.is_empty() {
                let under = other
                    .dir
                    .strip_prefix(&format!("{}/", lang.dir))
                    .filter(|_| !lang.dir.is_empty());
                match (lang.dir.is_empty(), under) {
                    (true, _) => c.wiki.exclude.push(format!("/{}/", other.dir)),
                    (false, Some(rest)) => c.wiki.exclude.push(format!("/{rest}/")),
                    _ => {}
                }
            }
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn langs(text: &str) -> Result<LanguagesConfig, (String, String)> {
        let t: toml::Table = toml::from_str(text).unwrap();
        LanguagesConfig::from_toml(&t, "en")
    }

    #[test]
    fn the_default_comes_first_and_folders_default_to_codes() {
        let l = langs(
            "default = \"sv\"\n[en]\nname = \"English\"\ndir = \".\"\n[sv]\nname = \"Svenska\"\n",
        )
        .unwrap();
        assert_eq!(l.list[0].code, "sv");
        assert_eq!(l.list[0].dir, "sv");
        assert_eq!(l.list[1].dir, "");
        assert_eq!(l.list[1].name, "English");
    }

    #[test]
    fn bad_codes_folders_and_defaults_are_refused() {
        assert_eq!(langs("[\"e n\"]\nname = \"x\"\n").unwrap_err().0, "e n");
        assert_eq!(langs("[english]\n").unwrap_err().0, "english");
        assert!(
            langs("default = \"de\"\n[en]\n")
                .unwrap_err()
                .1
                .contains("de")
        );
        assert!(
            langs("[en]\ndir = \"x\"\n[sv]\ndir = \"x\"\n")
                .unwrap_err()
                .1
                .contains("folder")
        );
        assert!(
            langs("[en]\ndir = \"x\"\n[sv]\ndir = \"x/sv\"\n")
                .unwrap_err()
                .1
                .contains("nested")
        );
        assert!(langs("[en]\ndir = \"../x\"\n").is_err());
        assert!(langs("[en]\ncolour = \"red\"\n").is_err());
        // The content folder's language may hold the others' folders.
        assert!(langs("[en]\ndir = \".\"\n[sv]\n").is_ok());
    }

    #[test]
    fn tags_and_directions() {
        assert!(is_language_tag("sr-Latn-RS"));
        assert!(!is_language_tag("s"));
        assert!(!is_language_tag("sv/../x"));
        assert_eq!(text_direction("ar"), "rtl");
        assert_eq!(text_direction("he-IL"), "rtl");
        assert_eq!(text_direction("az-Arab"), "rtl");
        assert_eq!(text_direction("sv"), "ltr");
    }
}
