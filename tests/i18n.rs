//! A translated interface (issue #26, points 1 and 2): every key in every shipped language, a
//! Swedish wiki with no English interface text on any kind of page, French dates and numbers,
//! a missing key warned about once by `check`, a wiki's own translations, and translation
//! files read strictly and never as HTML.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;

const TODAY: &str = "2026-12-06";

fn theme_file(lang: &str) -> toml::Table {
    let path = format!(
        "{}/themes/default/i18n/{lang}.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// Key → its texts (one, or one per plural form), as the catalogue reads a file.
fn messages(t: &toml::Table, prefix: &str, out: &mut BTreeMap<String, Vec<String>>) {
    for (k, v) in t {
        let key = format!("{prefix}{k}");
        match v {
            toml::Value::String(s) => {
                out.insert(key, vec![s.clone()]);
            }
            toml::Value::Table(t) if t.keys().all(|c| CATEGORIES.contains(&c.as_str())) => {
                out.insert(
                    key,
                    t.values()
                        .map(|v| v.as_str().unwrap().to_string())
                        .collect(),
                );
            }
            toml::Value::Table(t) => messages(t, &format!("{key}."), out),
            other => panic!("{key}: {other:?}"),
        }
    }
}

fn catalogue(lang: &str) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    messages(&theme_file(lang), "", &mut out);
    out
}

#[test]
fn every_key_is_in_english_swedish_and_french() {
    let en = catalogue("en");
    assert!(en.len() > 200, "the whole interface: {} keys", en.len());
    for lang in ["sv", "fr"] {
        let other = catalogue(lang);
        let a: BTreeSet<&String> = en.keys().collect();
        let b: BTreeSet<&String> = other.keys().collect();
        assert_eq!(
            a.difference(&b).collect::<Vec<_>>(),
            Vec::<&&String>::new(),
            "keys missing in {lang}"
        );
        assert_eq!(
            b.difference(&a).collect::<Vec<_>>(),
            Vec::<&&String>::new(),
            "keys in {lang} that English has not"
        );
        for (k, texts) in &en {
            assert_eq!(
                texts.len() > 1,
                other[k].len() > 1,
                "`{k}` is counted in one language and not the other ({lang})"
            );
        }
    }
}

/// A Swedish wiki with one page of every kind, in git (history and recent changes), written
/// in Swedish so that any English on its pages is the interface's.
fn swedish_wiki(language: &str) -> Wiki {
    let w = Wiki::empty();
    w.write(
        "book.toml",
        &format!(
            "[book]\ntitle = \"Strategi\"\nsrc = \"content\"\nlanguage = \"{language}\"\n\
             [wiki.check]\noverdue = \"warning\"\n"
        ),
    );
    w.write(
        "content/index.md",
        "# Strategi\n\nVälkommen till strategin.\n",
    );
    w.write(
        "content/owners/verket.md",
        "---\ntitle: Verket\ntype: myndighet\nhandles: [\"@org/verket\"]\nwebsite: https://verket.example\ncontact: info@verket.example\n---\n\nMyndigheten.\n",
    );
    w.write(
        "content/owners/radet.md",
        "---\ntitle: Rådet\ntype: råd\n---\n\nRådet.\n",
    );
    w.write(
        "content/goals/forsta.md",
        "---\ntitle: Första målet\nid: M1\nowner: verket\ncontributors: [radet]\nstatus: active\narea: infrastruktur\n\
         target: 2020-12-31\nreview: 2020-01-01\nreview-every: 6 months\nprogress: 70\nchapters: [inledning]\n\
         indicators:\n  - name: Nådda personer\n    unit: personer\n    baseline: 0\n    current: 12500\n    target: 20000\n  \
         - name: Väntetid\n    unit: dagar\n    baseline: 40\n    current: 25\n    target: 10\n---\n\nMålets text.\n",
    );
    w.write(
        "content/goals/andra.md",
        "---\ntitle: Andra målet\nid: M2\nstatus: proposed\narea: kultur\ntarget: 2030-06-30\n---\n\nUtan ägare.\n",
    );
    w.write(
        "content/chapters/inledning.md",
        "---\ntitle: Inledning\nweight: 1\ntags: [vision]\n---\n\n## Början\n\nSe [målet](../goals/forsta.md).\n\n## Slut\n\nSlutet.\n",
    );
    w.write(
        "content/case-studies/fallet.md",
        "---\ntitle: Fallet\ncountry: Chile\norganisation: Byrån\nyear: 2014\ngoals: [forsta]\n---\n\nText.\n",
    );
    w.write("content/404.md", "# Borta\n\nSidan finns inte.\n");
    let repo = git2::Repository::init(w.root()).unwrap();
    commit_all(&repo, "Första versionen", 1_700_000_000);
    w.write(
        "content/chapters/inledning.md",
        "---\ntitle: Inledning\nweight: 1\ntags: [vision]\n---\n\n## Början\n\nSe [målet](../goals/forsta.md).\n\n## Slut\n\nSlutet. Mer text.\n",
    );
    commit_all(&repo, "Mer text", 1_700_100_000);
    w
}

/// The text a reader sees or hears on a page: the text between tags and the attributes that
/// are read out or shown (`aria-label`, `placeholder`, `title`, `alt`, `data-label`), entities
/// decoded; scripts and styles left out (the search script's words are in an attribute).
fn visible(html: &str) -> String {
    let text = strip(&strip(html, "<script", "</script>"), "<style", "</style>");
    let mut shown = String::new();
    let mut in_tag = false;
    let mut tag = String::new();
    for c in text.chars() {
        match (in_tag, c) {
            (false, '<') => {
                in_tag = true;
                tag.clear();
            }
            (true, '>') => {
                in_tag = false;
                shown.push(' ');
                for attr in [
                    "aria-label=\"",
                    "placeholder=\"",
                    "title=\"",
                    "alt=\"",
                    "data-label=\"",
                ] {
                    let mut t = tag.as_str();
                    while let Some(i) = t.find(attr) {
                        let v = &t[i + attr.len()..];
                        let end = v.find('"').unwrap_or(v.len());
                        shown.push_str(&v[..end]);
                        shown.push(' ');
                        t = &v[end..];
                    }
                }
            }
            (true, c) => tag.push(c),
            (false, c) => shown.push(c),
        }
    }
    shown
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
}

/// `text` without the parts from `open` to `close`.
fn strip(text: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut r = text;
    while let Some(i) = r.find(open) {
        out.push_str(&r[..i]);
        r = r[i..].find(close).map_or("", |j| &r[i + j + close.len()..]);
    }
    out.push_str(r);
    out
}

/// The English pieces of the interface a Swedish page must not show: each English text's
/// parts between its arguments, where the Swedish text differs, skipping pieces any Swedish
/// text has too ("Status", "Data:") and the shortest ones ("by", "or"), which Swedish words
/// can hold.
fn english_pieces() -> Vec<(String, String)> {
    let en = catalogue("en");
    let sv = catalogue("sv");
    let sv_all: Vec<&String> = sv.values().flatten().collect();
    let mut out = Vec::new();
    for (key, texts) in &en {
        if sv.get(key) == Some(texts) {
            continue;
        }
        for text in texts {
            let mut rest = text.as_str();
            let mut parts = Vec::new();
            while let Some(i) = rest.find('{') {
                parts.push(&rest[..i]);
                rest = rest[i..].find('}').map_or("", |j| &rest[i + j + 1..]);
            }
            parts.push(rest);
            for p in parts {
                let p =
                    p.trim_matches(|c: char| c.is_whitespace() || ".,:;()…“”\"'·—-".contains(c));
                if p.chars().count() >= 4
                    && !sv_all.iter().any(|s| s.contains(p))
                    && !out.iter().any(|(_, q)| q == p)
                {
                    out.push((key.clone(), p.to_string()));
                }
            }
        }
    }
    out
}

fn word_at(text: &str, piece: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find(piece).map(|i| i + from) {
        let before = text[..i].chars().next_back();
        let after = text[i + piece.len()..].chars().next();
        let boundary = |c: Option<char>| !c.is_some_and(char::is_alphanumeric);
        if boundary(before) && boundary(after) {
            return Some(i);
        }
        from = i + piece.len();
    }
    None
}

#[test]
fn a_swedish_wiki_shows_no_english_interface_text() {
    let w = swedish_wiki("sv");
    let r = w.run(&["build", "--today", TODAY]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        !r.all().contains("translation"),
        "Swedish is complete: no translation warning\n{}",
        r.all()
    );
    let pages = [
        "index.html",
        "chapters/inledning.html",
        "chapters/index.html",
        "goals/forsta.html",
        "goals/andra.html",
        "goals/index.html",
        "owners/verket.html",
        "owners/index.html",
        "case-studies/fallet.html",
        "case-studies/index.html",
        "dashboard.html",
        "tags/index.html",
        "tags/vision.html",
        "changes.html",
        "history/chapters/inledning.html",
        "history/goals/forsta.html",
        "search/index.html",
        "404.html",
    ];
    let pieces = english_pieces();
    assert!(pieces.len() > 150, "{} pieces", pieces.len());
    let mut found = Vec::new();
    for page in pages {
        let html = w.read(&format!("book/{page}"));
        assert!(html.contains("<html lang=\"sv\""), "{page}");
        let text = visible(&html);
        for (key, piece) in &pieces {
            if let Some(i) = word_at(&text, piece) {
                let from = text[..i].char_indices().rev().nth(40).map_or(0, |(j, _)| j);
                let ctx: String = text[from..].chars().take(100).collect();
                found.push(format!(
                    "{page}: `{key}` “{piece}” in …{}…",
                    ctx.replace('\n', " ")
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "English on Swedish pages:\n{}",
        found.join("\n")
    );
    // And the Swedish is there: labels, statuses, long dates, numbers, plurals, spans of time.
    let goal = w.read("book/goals/forsta.html");
    for s in [
        "Ansvarig ägare",
        "Pågående",
        "31 december 2020",
        "20\u{a0}000 personer",
        "70\u{a0}%",
        "Försenat sedan",
        "för cirka 6 år sedan",
        "6 månader",
        "lägre är bättre",
    ] {
        assert!(goal.contains(s), "{s}:\n{goal}");
    }
    assert!(
        w.read("book/changes.atom")
            .contains("<title>Strategi – senaste ändringar</title>"),
        "the feed's title"
    );
    let tag = w.read("book/tags/vision.html");
    assert!(tag.contains("1 sida med taggen"), "{tag}");
    let home = w.read("book/index.html");
    assert!(
        home.contains("data-sw-words=\""),
        "search.js gets its words"
    );
    assert!(home.contains("träffar"), "{home}");
}

#[test]
fn a_french_wiki_writes_french_dates_and_numbers() {
    let w = swedish_wiki("fr");
    let r = w.run(&["build", "--today", TODAY]);
    assert_eq!(r.code, 0, "{}", r.all());
    let goal = w.read("book/goals/forsta.html");
    for s in [
        "<html lang=\"fr\"",
        "31 décembre 2020",
        "20\u{202f}000 personer",
        "70\u{202f}%",
        "En retard depuis le",
        "il y a environ 6 ans",
        "Responsable",
    ] {
        assert!(goal.contains(s), "{s}:\n{goal}");
    }
    // French counts 0 and 1 as singular.
    let owner = w.read("book/owners/radet.html");
    assert!(owner.contains("0 sous sa responsabilité"), "{owner}");
}

#[test]
fn a_missing_key_is_one_warning_naming_the_key_and_the_language() {
    let w = swedish_wiki("de");
    w.write(
        "i18n/de.toml",
        "[nav]\nhome = \"Startseite\"\n[status]\nactive = \"Aktiv\"\n",
    );
    let r = w.run(&["check", "--today", TODAY]);
    assert_eq!(r.code, 0, "warnings only:\n{}", r.all());
    let out = r.all();
    let line = "translation key `nav.goals` is missing in language `de`";
    assert_eq!(out.matches(line).count(), 1, "{out}");
    assert!(!out.contains("`nav.home` is missing"), "{out}");
    let r = w.run(&["build", "--today", TODAY]);
    assert_eq!(r.code, 0, "{}", r.all());
    let home = w.read("book/index.html");
    assert!(home.contains(">Startseite</a>"), "the wiki's word");
    assert!(home.contains(">Goals</a>"), "English for the missing key");
    assert!(w.read("book/goals/forsta.html").contains("Aktiv"));
    // A language nobody translated: one warning, not one per key.
    let w = swedish_wiki("nl");
    let out = w.run(&["check", "--today", TODAY]).all();
    assert_eq!(out.matches("translation").count(), 1, "{out}");
    assert!(
        out.contains("no interface translation for language `nl`"),
        "{out}"
    );
}

#[test]
fn a_wiki_overrides_words_and_its_files_are_read_strictly() {
    let w = Wiki::valid();
    w.write(
        "book.toml",
        &format!("{BOOK}\n[wiki.history]\nenabled = false\n"),
    );
    w.write(
        "themes/default/i18n/en.toml",
        "[nav]\nhome = \"Front <b>page</b>\"\n",
    );
    w.write("i18n/en.toml", "[nav]\ngoals = \"Objectives\"\n");
    let r = w.build();
    assert_eq!(r.code, 0, "{}", r.all());
    let home = w.read("book/index.html");
    assert!(
        home.contains(">Front &lt;b&gt;page&lt;&#x2F;b&gt;</a>")
            || home.contains(">Front &lt;b&gt;page&lt;/b&gt;</a>"),
        "escaped, never HTML:\n{home}"
    );
    assert!(home.contains(">Objectives</a>"), "root i18n/ too");
    assert!(!home.contains("<b>page</b>"));
    w.write("i18n/sv.toml", "[nav]\nhome = 3\n");
    w.write("i18n/notes.txt", "not a language\n");
    let r = w.check();
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.all().contains("i18n/sv.toml") && r.all().contains("`nav.home` is a integer"),
        "{}",
        r.all()
    );
    assert!(r.all().contains("i18n/notes.txt"), "{}", r.all());
}

#[test]
fn every_key_the_theme_and_the_code_ask_for_exists() {
    let en = catalogue("en");
    let root = env!("CARGO_MANIFEST_DIR");
    let mut asked = Vec::new();
    let mut files: Vec<std::path::PathBuf> =
        std::fs::read_dir(format!("{root}/themes/default/templates"))
            .unwrap()
            .chain(std::fs::read_dir(format!("{root}/src/render")).unwrap())
            .map(|e| e.unwrap().path())
            .collect();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        // Unit tests use catalogues of their own.
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        for pattern in [
            "t(key=\"",
            "tr(\"",
            "w(\"",
            "text(\n            &self.cx.lang,\n            \"",
        ] {
            let mut rest = text;
            while let Some(i) = rest.find(pattern) {
                let after = &rest[i + pattern.len()..];
                // `tr("`, not the end of `push_str("`.
                if rest[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_')
                {
                    rest = after;
                    continue;
                }
                let key = &after[..after.find('"').unwrap()];
                // `"status." ~ g.status`: a key made at render time.
                if !key.ends_with('.') && key.contains('.') {
                    asked.push((f.display().to_string(), key.to_string()));
                }
                rest = after;
            }
        }
    }
    assert!(asked.len() > 200, "{} keys asked for", asked.len());
    let unknown: Vec<_> = asked.iter().filter(|(_, k)| !en.contains_key(k)).collect();
    assert!(
        unknown.is_empty(),
        "keys no translation file has: {unknown:?}"
    );
}

#[test]
fn a_page_in_another_language_speaks_it() {
    let w = Wiki::empty();
    w.write(
        "book.toml",
        "[book]\ntitle = \"T\"\nsrc = \"content\"\nlanguage = \"sv\"\n[wiki.history]\nenabled = false\n",
    );
    w.write(
        "content/chapters/a.md",
        "---\ntitle: Un chapitre\nlang: fr\n---\n\n## Un\n\nTexte.\n\n## Deux\n\nTexte.\n",
    );
    w.write(
        "content/chapters/b.md",
        "---\ntitle: Ett kapitel\n---\n\n## Ett\n\nText.\n\n## Två\n\nText.\n",
    );
    let r = w.build();
    assert_eq!(r.code, 0, "{}", r.all());
    let fr = w.read("book/chapters/a.html");
    for s in [
        "<html lang=\"fr\"",
        "Sur cette page",
        ">Accueil</a>",
        ">Chapitres</a>",
        "Chapitre",
    ] {
        assert!(fr.contains(s), "{s}:\n{fr}");
    }
    assert!(!fr.contains("På den här sidan"), "{fr}");
    let sv = w.read("book/chapters/b.html");
    assert!(
        sv.contains("<html lang=\"sv\"") && sv.contains("På den här sidan"),
        "{sv}"
    );
}
