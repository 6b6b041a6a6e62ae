//! Which `book.toml` keys stratwiki knows, the warnings for those it does not, and the line a
//! key is set on (messages point at it).

use crate::diagnostics::{Diagnostic, Diagnostics};

/// Keys stratwiki knows, by table, for the unknown-key warning.
const KNOWN: &[(&str, &[&str])] = &[
    // `rust` and `preprocessor` are mdBook's: known, and their contents left alone.
    (
        "",
        &["book", "build", "output", "wiki", "preprocessor", "rust"],
    ),
    (
        "book",
        &["title", "authors", "description", "language", "src"],
    ),
    ("build", &["build-dir"]),
    ("output", &["html"]),
    (
        "output.html",
        &[
            "site-url",
            "git-repository-url",
            "edit-url-template",
            "additional-css",
            "additional-js",
            "cname",
            "redirect",
        ],
    ),
    (
        "wiki",
        &[
            "theme",
            "trusted-html",
            "drafts",
            "list-limit",
            "home-case-studies",
            "forge",
            "edit-branch",
            "exclude",
            "history",
            "review-every",
            "goals",
            "check",
            "versions",
            "proposals",
            "search",
            // Its keys are fields, checked when the aliases are read.
            "front-matter",
            // Its keys are language codes, checked when the languages are read.
            "languages",
        ],
    ),
    ("wiki.search", &["enabled"]),
    ("wiki.proposals", &["branches", "all-branches"]),
    (
        "wiki.versions",
        &[
            "tags",
            "branches",
            "labels",
            "order",
            "latest",
            "development",
            "config",
        ],
    ),
    ("wiki.goals", &["review-every"]),
    (
        "wiki.check",
        &[
            "goal-without-owner",
            "unknown-owner",
            "codeowners",
            "overdue",
            "stale",
            "indicator-missing-current",
            "external-resources",
        ],
    ),
    (
        "wiki.history",
        &["enabled", "diffs", "recent", "follow-renames", "cache"],
    ),
];

/// mdBook's own settings that stratwiki has no use for: a book.toml taken over from mdBook
/// gets a warning that says so, rather than one that suggests a typing error.
const MDBOOK_ONLY: &[&str] = &[
    "book.multilingual",
    "book.text-direction",
    "build.create-missing",
    "build.use-default-preprocessors",
    "build.extra-watch-dirs",
    "output.html.theme",
    "output.html.default-theme",
    "output.html.preferred-dark-theme",
    "output.html.smart-punctuation",
    "output.html.curly-quotes",
    "output.html.mathjax-support",
    "output.html.copy-fonts",
    "output.html.no-section-label",
    "output.html.git-repository-icon",
    "output.html.input-404",
    "output.html.live-reload-endpoint",
    "output.html.fold",
    "output.html.playground",
    "output.html.code",
    "output.html.print",
    "output.html.search",
    "output.html.hash-files",
    "output.html.sidebar-header-nav",
];

/// Warn about every key stratwiki does not read, at its line: an mdBook-only setting says so,
/// any other is probably a typing error.
pub(super) fn warn_unknown(table: &toml::Table, text: &str, diags: &mut Diagnostics) {
    for (key, line) in unknown_keys(table, text) {
        let message = if MDBOOK_ONLY.contains(&key.as_str()) {
            format!("`{key}` is an mdBook setting that stratwiki does not use; it is ignored")
        } else {
            format!("unknown key `{key}` is ignored")
        };
        diags.push(
            Diagnostic::warning("unknown-key", message)
                .in_file("book.toml")
                .at(line, 1),
        );
    }
}

/// Every key not in [`KNOWN`], dotted (`wiki.them`), with its line.
fn unknown_keys(table: &toml::Table, text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    walk(table, "", text, &mut out);
    // In the order of the file, not of the keys' names.
    out.sort_by_key(|(_, line)| *line);
    out
}

fn walk(table: &toml::Table, prefix: &str, text: &str, out: &mut Vec<(String, usize)>) {
    let known = KNOWN.iter().find(|(t, _)| *t == prefix).map(|(_, k)| *k);
    for (key, value) in table {
        let dotted = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match known {
            // A table stratwiki does not read at all (`[preprocessor.x]`, `[rust]`), or one whose
            // keys are the user's (`[output.html.redirect]`'s old paths): leave it alone.
            None => {}
            // Other mdBook renderers' tables (`[output.pdf]`) are not ours to judge.
            Some(_) if prefix == "output" && key != "html" => {}
            Some(k) if k.contains(&key.as_str()) => {
                if let toml::Value::Table(t) = value {
                    walk(t, &dotted, text, out);
                }
            }
            Some(_) => {
                let line = key_line(text, prefix, key).unwrap_or(1);
                out.push((dotted, line));
            }
        }
    }
}

/// The line where `key` is set inside table `[section]` (or where `[section.key]` starts).
/// A small scan of the text: good enough to point at a line, and never wrong about the file.
pub(super) fn key_line(text: &str, section: &str, key: &str) -> Option<usize> {
    // A byte-order mark is no part of the first line's text (a `[book]` after one is a table).
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut current = String::new();
    let full = if section.is_empty() {
        key.to_string()
    } else {
        format!("{section}.{key}")
    };
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.starts_with('[') {
            let name = line.trim_matches(|c| c == '[' || c == ']').trim();
            if name == full || name.starts_with(&format!("{full}.")) {
                return Some(i + 1);
            }
            current = name.to_string();
            continue;
        }
        if let Some((k, _)) = line.split_once('=') {
            let k = k.trim().trim_matches('"');
            let dotted = if current.is_empty() {
                k.to_string()
            } else {
                format!("{current}.{k}")
            };
            if dotted == full || dotted.starts_with(&format!("{full}.")) {
                return Some(i + 1);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {

    use super::super::test_parse as parse;

    #[test]
    fn unknown_keys_warn_with_line() {
        let (c, d) = parse("[book]\ntitle = \"T\"\ntitel = \"x\"\n\n[wiki]\nthem = \"dark\"\n");
        assert!(c.is_ok());
        let msgs: Vec<String> = d.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            msgs,
            vec![
                "warning: book.toml:3:1: unknown key `book.titel` is ignored",
                "warning: book.toml:6:1: unknown key `wiki.them` is ignored"
            ]
        );
    }

    #[test]
    fn other_mdbook_tables_are_left_alone() {
        let (c, d) = parse(
            "[book]\ntitle = \"T\"\n[rust]\nedition = \"2018\"\n[preprocessor.links]\n[output.pdf]\nx = 1\n[output.html.redirect]\n\"/a.html\" = \"b.html\"\n[output.html]\nmathjax = true\n",
        );
        assert!(c.is_ok());
        let msgs: Vec<String> = d.iter().map(|d| d.message.clone()).collect();
        assert_eq!(msgs, vec!["unknown key `output.html.mathjax` is ignored"]);
    }

    #[test]
    fn a_byte_order_mark_does_not_move_lines() {
        let (c, d) = parse("\u{feff}[book]\ntitle = \"x\"\nunknownkey = 1\n");
        assert!(c.is_ok());
        assert_eq!(
            d.iter().next().unwrap().to_string(),
            "warning: book.toml:3:1: unknown key `book.unknownkey` is ignored"
        );
    }

    #[test]
    fn mdbook_only_settings_say_so() {
        let (c, d) = parse(
            "[book]\ntitle = \"T\"\n[output.html]\nmathjax-support = true\ndefault-theme = \"rust\"\n",
        );
        assert!(c.is_ok());
        let msgs: Vec<String> = d.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            msgs,
            vec![
                "warning: book.toml:4:1: `output.html.mathjax-support` is an mdBook setting that stratwiki does not use; it is ignored",
                "warning: book.toml:5:1: `output.html.default-theme` is an mdBook setting that stratwiki does not use; it is ignored",
            ]
        );
    }
}
