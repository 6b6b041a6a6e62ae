use super::*;

fn cat(files: &[(&str, &str)]) -> Catalogue {
    let mut c = Catalogue::default();
    for (l, t) in files {
        c.add_file(l, t, &format!("{l}.toml")).unwrap();
    }
    c
}

#[test]
fn every_builtin_language_has_every_english_key() {
    let c = Catalogue::builtin();
    for (lang, _) in BUILTIN {
        assert_eq!(c.missing(lang), Vec::<&str>::new(), "{lang}");
        assert_eq!(c.unknown_arguments(lang), Vec::new(), "{lang}");
    }
}

#[test]
fn keys_nest_and_fall_back_to_english() {
    let c = cat(&[
        (
            "en",
            "[nav]\nhome = \"Home\"\ngoals = \"Goals\"\n[tag]\npages = { one = \"{count} page\", other = \"{count} pages\" }\n",
        ),
        (
            "fr",
            "[nav]\nhome = \"Accueil\"\n[tag]\npages = { one = \"{count} page\", other = \"{count} pages\" }\n",
        ),
    ]);
    assert_eq!(c.text("fr", "nav.home", &[]), "Accueil");
    assert_eq!(
        c.text("fr-CA", "nav.home", &[]),
        "Accueil",
        "primary language"
    );
    assert_eq!(c.text("fr", "nav.goals", &[]), "Goals", "English fallback");
    assert_eq!(c.missing("fr"), vec!["nav.goals"]);
    assert_eq!(c.text("fr", "nav.nosuch", &[]), "nav.nosuch");
    assert_eq!(
        c.text("fr", "tag.pages", &[("count", Arg::Num(0.0))]),
        "0 page"
    );
    assert_eq!(
        c.text("en", "tag.pages", &[("count", Arg::Num(0.0))]),
        "0 pages"
    );
    assert_eq!(
        c.text("en", "tag.pages", &[("count", Arg::Num(1.0))]),
        "1 page"
    );
    assert_eq!(
        c.text("fr", "tag.pages", &[("count", Arg::Num(20000.0))]),
        "20\u{202f}000 pages"
    );
    assert_eq!(c.missing("de").len(), 3, "a language without a file");
    assert!(!c.has("de") && c.has("fr-BE"));
}

#[test]
fn a_wiki_file_overrides_single_keys() {
    let mut c = cat(&[("en", "[nav]\nhome = \"Home\"\ngoals = \"Goals\"\n")]);
    c.add_file("en", "[nav]\nhome = \"Start\"\n", "i18n/en.toml")
        .unwrap();
    assert_eq!(c.text("en", "nav.home", &[]), "Start");
    assert_eq!(c.text("en", "nav.goals", &[]), "Goals");
}

#[test]
fn files_are_parsed_strictly() {
    for (text, says) in [
        ("home = 3", "integer, not text"),
        ("home = \"a {b\"", "opens no argument"),
        ("home = \"a } b\"", "closes no argument"),
        ("home = \"{not an ident}\"", "opens no argument"),
        ("pages = { one = \"1 page\" }", "`other` form"),
        ("pages = { one = 1, other = \"x\" }", "not text"),
        ("[a.b.c.d]\nx = \"y\"", "nested deeper"),
        ("home = ", "not valid TOML"),
        ("\"a b\" = \"x\"", "a key is letters"),
    ] {
        let mut c = Catalogue::default();
        let e = c.add_file("en", text, "i18n/en.toml").unwrap_err();
        assert!(e.message.contains(says), "{text:?}: {}", e.message);
        assert_eq!(e.file.as_deref(), Some("i18n/en.toml"));
        assert_eq!(c, Catalogue::default(), "nothing added");
    }
    let big = format!("x = \"{}\"", "a".repeat(MAX_FILE));
    assert!(
        Catalogue::default()
            .add_file("en", &big, "en.toml")
            .unwrap_err()
            .message
            .contains("limit")
    );
    let e = Catalogue::default()
        .add_file("en", "a = \"x\"\nb = [1]\n", "en.toml")
        .unwrap_err();
    assert!(e.message.contains("`b` is a array"), "{}", e.message);
}

#[test]
fn arguments_are_filled_and_text_escaped_apart() {
    let esc = |s: &str| crate::text::escape_html(s);
    let out = fill_with(
        "<b>{who}</b> & {missing} {",
        &|n| (n == "who").then(|| "<i>x</i>".to_string()),
        &esc,
    );
    assert_eq!(out, "&lt;b&gt;<i>x</i>&lt;/b&gt; &amp; {missing} {");
    assert!(is_lang_code("sv") && is_lang_code("pt-BR") && is_lang_code("zh_Hant"));
    assert!(!is_lang_code("../x") && !is_lang_code("english") && !is_lang_code("s"));
}

#[test]
fn unknown_arguments_are_found() {
    let c = cat(&[
        ("en", "a = \"{count} pages\""),
        ("sv", "a = \"{cuont} sidor\""),
    ]);
    assert_eq!(
        c.unknown_arguments("sv"),
        vec![("a".to_string(), "cuont".to_string())]
    );
}
