//! The templates' way into the translation catalogue: the Tera function `t`.
//!
//! `{{ t(key="nav.home") }}` is the text of `nav.home` in the page's language;
//! `{{ t(key="tags.summary", count=pages | length, tag=tag.name) }}` picks the plural form for
//! `count` and fills the `{count}` and `{tag}` places. The language is the `lang` argument, else
//! the page context's `lang` (the page's language: its `lang:` front matter, else the wiki's
//! `[book] language`), else `site.language`, else English; a component, which sees none of the
//! page's variables, takes a `lang` argument and passes it on, as for the date filters.
//!
//! The catalogue was read once, when the theme was loaded: a call is a map lookup and no I/O.
//! The translated text is escaped for HTML; an argument is escaped too unless the template
//! marked it safe (`link=link_html | safe`, where a sentence holds a link), so a translation
//! file can never put markup in a page.

use std::sync::Arc;

use tera::{Kwargs, State, Tera, Value};

use crate::i18n::{Catalogue, cldr};

/// The language a call writes in: its `lang` argument, the context's `lang`, `site.language`,
/// or English.
pub fn call_lang(kwargs: &Kwargs, state: &State) -> String {
    if let Ok(Some(l)) = kwargs.get::<String>("lang")
        && !l.is_empty()
    {
        return l;
    }
    if let Ok(Some(l)) = state.get::<String>("lang")
        && !l.is_empty()
    {
        return l;
    }
    state
        .get::<Value>("site")
        .ok()
        .flatten()
        .and_then(|s| {
            s.as_map()?
                .iter()
                .find(|(k, _)| k.as_str() == Some("language"))
                .and_then(|(_, v)| v.as_str().map(String::from))
        })
        .unwrap_or_else(|| "en".into())
}

/// Registers `t` on a theme's Tera, reading `catalogue`.
pub fn register(tera: &mut Tera, catalogue: Arc<Catalogue>) {
    tera.register_function("t", move |kw: Kwargs, st: &State| -> Value {
        let key = kw.get::<String>("key").ok().flatten().unwrap_or_default();
        let lang = call_lang(&kw, st);
        let escaping = st.autoescaping_enabled();
        let esc = |s: &str| -> String {
            if escaping {
                crate::text::escape_html(s)
            } else {
                s.to_string()
            }
        };
        let Some(msg) = catalogue.get(&lang, &key) else {
            // A key nobody has: shown as it is, so the mistake is seen on the page.
            return Value::normal_string(&key);
        };
        let count = kw
            .get::<Value>("count")
            .ok()
            .flatten()
            .and_then(|v| v.as_f64());
        let arg = |name: &str| -> Option<String> {
            let v = kw.get::<Value>(name).ok().flatten()?;
            if v.is_none() {
                return Some(String::new());
            }
            if let Some(n) = v.as_f64().filter(|_| v.is_number()) {
                return Some(cldr::number(n, &lang));
            }
            let text = v
                .as_str()
                .map(String::from)
                .unwrap_or_else(|| v.to_string());
            Some(if v.is_safe() { text } else { esc(&text) })
        };
        let out = crate::i18n::fill_with(msg.pick(&lang, count), &arg, &esc);
        if escaping {
            Value::safe_string(&out)
        } else {
            Value::normal_string(&out)
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera(t: &str) -> Tera {
        let mut c = Catalogue::default();
        c.add_file(
            "en",
            "[nav]\nhome = \"Home & away\"\n[tag]\nsummary = { one = \"{count} page tagged “{tag}”\", other = \"{count} pages tagged “{tag}”\" }\nlink = \"See {link}.\"\n",
            "en.toml",
        )
        .unwrap();
        c.add_file(
            "fr",
            "[nav]\nhome = \"Accueil\"\n[tag]\nsummary = { one = \"{count} page avec « {tag} »\", other = \"{count} pages avec « {tag} »\" }\n",
            "fr.toml",
        )
        .unwrap();
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html"]);
        register(&mut tera, Arc::new(c));
        tera.add_raw_template("p.html", t).unwrap();
        tera
    }

    fn render(t: &str, ctx: serde_json::Value) -> String {
        let ctx = tera::Context::from_serialize(&ctx).unwrap();
        tera(t).render("p.html", &ctx).unwrap()
    }

    #[test]
    fn the_page_language_picks_the_text_and_escapes_it() {
        let t = "{{ t(key=\"nav.home\") }}|{{ t(key=\"tag.summary\", count=n, tag=name) }}";
        assert_eq!(
            render(t, serde_json::json!({"lang": "en", "n": 1, "name": "<b>"})),
            "Home &amp; away|1 page tagged “&lt;b&gt;”"
        );
        assert_eq!(
            render(t, serde_json::json!({"lang": "fr", "n": 0, "name": "x"})),
            "Accueil|0 page avec « x »"
        );
        assert_eq!(
            render(
                t,
                serde_json::json!({"site": {"language": "fr"}, "n": 20000, "name": "x"})
            ),
            "Accueil|20\u{202f}000 pages avec « x »",
            "site.language when the page has none; numbers per language"
        );
        assert_eq!(
            render(
                "{{ t(key=\"nav.home\", lang=\"fr\") }}",
                serde_json::json!({"lang": "en"})
            ),
            "Accueil"
        );
        assert_eq!(
            render("{{ t(key=\"no.such\") }}", serde_json::json!({})),
            "no.such"
        );
    }

    #[test]
    fn only_arguments_marked_safe_keep_their_markup() {
        let t = "{{ t(key=\"tag.link\", link=a) }}|{{ t(key=\"tag.link\", link=a | safe) }}";
        assert_eq!(
            render(t, serde_json::json!({"a": "<a href=\"x\">x</a>"})),
            "See &lt;a href=&quot;x&quot;&gt;x&lt;/a&gt;.|See <a href=\"x\">x</a>."
        );
    }
}
