//! The interface in the reader's language: every word the theme and the generated pages write
//! comes from a translation catalogue, looked up by key (`nav.home`) and language code.
//!
//! The catalogue is TOML files, one per language (`en.toml`, `sv.toml`), as Hugo's `i18n/`
//! folder: the default theme's are compiled in (`themes/default/i18n/`), and a wiki's own
//! `themes/<theme>/i18n/<lang>.toml` or root `i18n/<lang>.toml` override single keys or add a
//! language. Tables nest keys (`[nav]` `home = "Home"` is `nav.home`); a counted phrase is an
//! inline table of CLDR plural categories, `other` required
//! (`pages = { one = "{count} page", other = "{count} pages" }`, see [`plural`]). A text names
//! its arguments in braces (`{count}`, `{tag}`).
//!
//! A key a language lacks is looked up in English, and [`Catalogue::missing`] lists those keys
//! so `check` can warn once per key and language. Files from a wiki are untrusted: bounded in
//! size and count, parsed strictly (a value that is not text or a plural table, a brace that is
//! not an argument, a plural table without `other`: an error naming the file and key), and
//! their text is always HTML-escaped where it goes into a page, never read as HTML.
//!
//! [`cldr`] holds the other half: dates, numbers and spans of time per language.

pub mod cldr;
pub mod plural;

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostic;
use plural::Category;

/// The default theme's translation files, compiled in, English first.
pub const BUILTIN: &[(&str, &str)] = &[
    ("en", include_str!("../../themes/default/i18n/en.toml")),
    ("sv", include_str!("../../themes/default/i18n/sv.toml")),
    ("fr", include_str!("../../themes/default/i18n/fr.toml")),
];

/// The language every key exists in, and that a missing key falls back to.
pub const FALLBACK: &str = "en";

/// The largest translation file read (a complete one is about 20 KiB).
pub const MAX_FILE: usize = 256 * 1024;
/// The most keys one file may hold.
const MAX_KEYS: usize = 4096;
/// The longest text of one key, in bytes.
const MAX_TEXT: usize = 4096;
/// The deepest nesting of tables in a file (`[a.b.c]`).
const MAX_DEPTH: usize = 4;
/// The most languages a wiki may add.
pub const MAX_LANGS: usize = 64;

/// One translated message: a text, or one text per plural category.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Message {
    /// A text with `{argument}` places.
    Text(String),
    /// Texts by plural category; `other` is always there.
    Plural(BTreeMap<Category, String>),
}

impl Message {
    /// The text for `count` in language `lang` (the text itself when it is not counted).
    pub fn pick(&self, lang: &str, count: Option<f64>) -> &str {
        match self {
            Message::Text(t) => t,
            Message::Plural(forms) => {
                let cat = count.map_or(Category::Other, |n| plural::category(lang, n));
                forms
                    .get(&cat)
                    .or_else(|| forms.get(&Category::Other))
                    .map_or("", String::as_str)
            }
        }
    }

    /// Every text of the message (each plural form).
    fn texts(&self) -> Vec<&str> {
        match self {
            Message::Text(t) => vec![t],
            Message::Plural(f) => f.values().map(String::as_str).collect(),
        }
    }
}

/// Every language's messages, by language code (lowercased, `-` for `_`) and key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Catalogue {
    langs: BTreeMap<String, BTreeMap<String, Message>>,
}

/// A language code as the catalogue keys it: `sv_SE` → `sv-se`.
fn norm(code: &str) -> String {
    code.trim().to_ascii_lowercase().replace('_', "-")
}

/// Whether a file name's stem is a language code (`sv`, `pt-BR`, `zh_Hant`): the only names
/// read from an `i18n/` folder.
pub fn is_lang_code(code: &str) -> bool {
    let mut parts = code.split(['-', '_']);
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

impl Catalogue {
    /// The default theme's catalogue.
    pub fn builtin() -> Catalogue {
        let mut c = Catalogue::default();
        for (lang, text) in BUILTIN {
            c.add_file(lang, text, &format!("(built-in) i18n/{lang}.toml"))
                .expect("the built-in translations parse");
        }
        c
    }

    /// Reads one translation file (`text`, shown as `shown` in messages) and lays its keys over
    /// those language `lang` already has. Nothing is added when the file has an error.
    pub fn add_file(&mut self, lang: &str, text: &str, shown: &str) -> Result<(), Diagnostic> {
        let err = |msg: String| Diagnostic::error("translation", msg).in_file(shown.to_string());
        if text.len() > MAX_FILE {
            return Err(err(format!(
                "translation file of {} bytes: the limit is {MAX_FILE}",
                text.len()
            )));
        }
        let table: toml::Table = match toml::from_str(text) {
            Ok(t) => t,
            Err(e) => {
                let mut d = err(format!("not valid TOML: {}", e.message()));
                if let Some(span) = e.span() {
                    let (line, col) = crate::text::line_col(text, span.start);
                    d = d.at(line, col);
                }
                return Err(d);
            }
        };
        let mut flat = BTreeMap::new();
        flatten(&table, "", 1, &mut flat).map_err(err)?;
        if self.langs.len() >= MAX_LANGS && !self.langs.contains_key(&norm(lang)) {
            return Err(err(format!("more than {MAX_LANGS} languages")));
        }
        self.langs.entry(norm(lang)).or_default().extend(flat);
        Ok(())
    }

    /// The languages with a file, as their codes.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.langs.keys().map(String::as_str)
    }

    /// Whether `lang` (or its primary language: `sv` for `sv-SE`) has a file.
    pub fn has(&self, lang: &str) -> bool {
        self.chain(lang).next().is_some()
    }

    /// The tables to look a key up in for `lang`: `sv-se`, then `sv`.
    fn chain<'a>(&'a self, lang: &str) -> impl Iterator<Item = &'a BTreeMap<String, Message>> {
        let full = norm(lang);
        let primary = plural::primary(&full);
        let second = (primary != full).then_some(primary);
        [Some(full), second]
            .into_iter()
            .flatten()
            .filter_map(move |code| self.langs.get(&code))
    }

    /// The message of `key` in `lang`, else in English; `None` when not even English has it.
    pub fn get(&self, lang: &str, key: &str) -> Option<&Message> {
        self.chain(lang)
            .find_map(|t| t.get(key))
            .or_else(|| self.langs.get(FALLBACK)?.get(key))
    }

    /// The English keys `lang` has no text for (in its own file or its primary language's),
    /// sorted: each shown in English, and worth one warning.
    pub fn missing(&self, lang: &str) -> Vec<&str> {
        let Some(en) = self.langs.get(FALLBACK) else {
            return Vec::new();
        };
        en.keys()
            .filter(|k| !self.chain(lang).any(|t| t.contains_key(*k)))
            .map(String::as_str)
            .collect()
    }

    /// The keys of `lang` whose text names an argument the English text of the key does not
    /// (a typo such as `{cuont}`): the argument would be shown as written.
    pub fn unknown_arguments(&self, lang: &str) -> Vec<(String, String)> {
        let (Some(own), Some(en)) = (self.langs.get(&norm(lang)), self.langs.get(FALLBACK)) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, m) in own {
            let Some(e) = en.get(key) else { continue };
            let known: Vec<String> = e.texts().iter().flat_map(|t| arguments(t)).collect();
            for t in m.texts() {
                for a in arguments(t) {
                    if !known.contains(&a) && !out.contains(&(key.clone(), a.clone())) {
                        out.push((key.clone(), a));
                    }
                }
            }
        }
        out
    }

    /// The text of `key` in `lang` with its arguments filled in, as plain text (not escaped):
    /// for the Rust code that writes words into pages' data (navigation labels, chart titles).
    /// Numbers among the arguments are written in the language's conventions; `count` picks
    /// the plural form. A key nobody has is returned as it is, so a mistake shows.
    pub fn text(&self, lang: &str, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        let Some(m) = self.get(lang, key) else {
            return key.to_string();
        };
        let count = args.iter().find_map(|(n, a)| match a {
            Arg::Num(v) if *n == "count" => Some(*v),
            _ => None,
        });
        fill(m.pick(lang, count), &|name| {
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, a)| a.show(lang))
        })
    }
}

impl Catalogue {
    /// The messages `keys` (`search.results`) of `lang` as a JSON object keyed by the part
    /// after the last dot (`results`): a text as a string, a counted text as an object of
    /// plural categories. For scripts, which fill the `{name}` places and pick the plural form
    /// themselves (`Intl.PluralRules`).
    pub fn json(&self, lang: &str, keys: &[&str]) -> serde_json::Value {
        let mut out = serde_json::Map::new();
        for key in keys {
            let Some(m) = self.get(lang, key) else {
                continue;
            };
            let name = key.rsplit('.').next().unwrap_or(key).to_string();
            let v = match m {
                Message::Text(t) => serde_json::Value::String(t.clone()),
                Message::Plural(forms) => serde_json::Value::Object(
                    forms
                        .iter()
                        .map(|(c, t)| {
                            let n = Category::ALL
                                .iter()
                                .find(|(_, k)| k == c)
                                .map_or("other", |(n, _)| n);
                            (n.to_string(), serde_json::Value::String(t.clone()))
                        })
                        .collect(),
                ),
            };
            out.insert(name, v);
        }
        serde_json::Value::Object(out)
    }
}

/// An argument of a message.
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    /// Text, put in as it is.
    Str(&'a str),
    /// A number, written per language (`20 000`).
    Num(f64),
}

impl Arg<'_> {
    /// The argument as the language writes it.
    pub fn show(&self, lang: &str) -> String {
        match self {
            Arg::Str(s) => s.to_string(),
            Arg::Num(n) => cldr::number(*n, lang),
        }
    }
}

/// `pattern` with each `{name}` replaced by `arg(name)`, or left as written when there is no
/// such argument.
pub fn fill(pattern: &str, arg: &dyn Fn(&str) -> Option<String>) -> String {
    fill_with(pattern, arg, &|s: &str| s.to_string())
}

/// As [`fill`], the text between arguments passed through `lit` (HTML escaping).
pub fn fill_with(
    pattern: &str,
    arg: &dyn Fn(&str) -> Option<String>,
    lit: &dyn Fn(&str) -> String,
) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(i) = rest.find('{') {
        out.push_str(&lit(&rest[..i]));
        let after = &rest[i + 1..];
        match after.find('}') {
            Some(j) if is_ident(&after[..j]) => {
                let name = &after[..j];
                match arg(name) {
                    Some(v) => out.push_str(&v),
                    None => out.push_str(&lit(&rest[i..i + j + 2])),
                }
                rest = &after[j + 1..];
            }
            _ => {
                out.push_str(&lit("{"));
                rest = after;
            }
        }
    }
    out.push_str(&lit(rest));
    out
}

fn is_ident(s: &str) -> bool {
    !s.is_empty() && s.len() <= 32 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The argument names of a text.
fn arguments(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        match after.find('}') {
            Some(j) if is_ident(&after[..j]) => {
                out.push(after[..j].to_string());
                rest = &after[j + 1..];
            }
            _ => rest = after,
        }
    }
    out
}

/// Checks a text: bounded, and every brace an argument (`{count}`).
fn check_text(key: &str, t: &str) -> Result<(), String> {
    if t.len() > MAX_TEXT {
        return Err(format!("`{key}`: text over {MAX_TEXT} bytes"));
    }
    let mut rest = t;
    while let Some(i) = rest.find(['{', '}']) {
        if rest[i..].starts_with('}') {
            return Err(format!(
                "`{key}`: a `}}` that closes no argument (arguments are written `{{name}}`)"
            ));
        }
        let after = &rest[i + 1..];
        match after.find('}') {
            Some(j) if is_ident(&after[..j]) => rest = &after[j + 1..],
            _ => {
                return Err(format!(
                    "`{key}`: a `{{` that opens no argument (arguments are written `{{name}}`, letters, digits and `_`)"
                ));
            }
        }
    }
    Ok(())
}

fn flatten(
    table: &toml::Table,
    prefix: &str,
    depth: usize,
    out: &mut BTreeMap<String, Message>,
) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err(format!(
            "`{prefix}`: tables nested deeper than {MAX_DEPTH} levels"
        ));
    }
    for (k, v) in table {
        if !k
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            || k.is_empty()
        {
            return Err(format!(
                "`{prefix}{k}`: a key is letters, digits, `_` and `-`"
            ));
        }
        let key = format!("{prefix}{k}");
        if out.len() >= MAX_KEYS {
            return Err(format!("more than {MAX_KEYS} keys"));
        }
        match v {
            toml::Value::String(s) => {
                check_text(&key, s)?;
                out.insert(key, Message::Text(s.clone()));
            }
            toml::Value::Table(t) if is_plural(t) => {
                let mut forms = BTreeMap::new();
                for (cat, text) in t {
                    let Some(c) = Category::parse(cat) else {
                        unreachable!("is_plural checked the names")
                    };
                    let toml::Value::String(s) = text else {
                        return Err(format!("`{key}.{cat}` is not text"));
                    };
                    check_text(&key, s)?;
                    forms.insert(c, s.clone());
                }
                if !forms.contains_key(&Category::Other) {
                    return Err(format!(
                        "`{key}`: a counted text needs its `other` form (the form every language has)"
                    ));
                }
                out.insert(key, Message::Plural(forms));
            }
            toml::Value::Table(t) => flatten(t, &format!("{key}."), depth + 1, out)?,
            other => {
                return Err(format!(
                    "`{key}` is a {}, not text (write it in quotes) or a table",
                    other.type_str()
                ));
            }
        }
    }
    Ok(())
}

/// A table whose keys are all plural categories (`one`, `other`) is a counted text.
fn is_plural(t: &toml::Table) -> bool {
    !t.is_empty() && t.keys().all(|k| Category::parse(k).is_some())
}

#[cfg(test)]
mod tests;
