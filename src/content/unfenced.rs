//! Front matter that lost its opening `---`. Without it the block is no front matter at all: its
//! `key: value` lines become the page's first paragraph and the `---` that closed it a rule
//! (or a heading's underline), with no error, since a page needs no front matter. A page whose
//! first lines read as front matter and end at a `---` line is said to be one, at its first
//! line, so the author learns why the title and fields are gone.
//!
//! Few false positives: the first line must be a field stratwiki (or `[wiki.front-matter]`, or
//! another site generator) reads, every line up to the `---` must read as YAML (`key: value`,
//! a list item, an indented continuation, a blank line), and the `---` must come within the
//! first [`MAX_LINES`] lines. Prose ("Status: we are on track.") then a rule only matches when
//! nothing else stands between them. Bounded: at most [`MAX_LINES`] lines are looked at.

use crate::config::{FRONT_MATTER_FIELDS, FrontMatterAliases};

/// Lines looked at, at most: front matter is at the top of a page, and short.
pub const MAX_LINES: usize = 60;

/// Keys other generators' front matter uses, which a page adopted from them starts with.
const OTHER_GENERATORS: &[&str] = &[
    "layout",
    "date",
    "description",
    "author",
    "authors",
    "categories",
    "aliases",
    "permalink",
    "lastmod",
];

/// The key of a `key: value` (or `key:`) line, if it is one: a name of letters, digits, `_`
/// and `-`, then `:` at the end of the line or before a space.
fn key_of(line: &str) -> Option<&str> {
    let (key, rest) = line.split_once(':')?;
    let mut chars = key.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    (first_ok && rest_ok && (rest.is_empty() || rest.starts_with([' ', '\t']))).then_some(key)
}

/// True when `key` names a front-matter field: stratwiki's, an alias of one, or a key other
/// generators' front matter is known by.
fn known(key: &str, aliases: &FrontMatterAliases) -> bool {
    let key = key.to_ascii_lowercase();
    FRONT_MATTER_FIELDS.contains(&key.as_str())
        || OTHER_GENERATORS.contains(&key.as_str())
        || aliases
            .entries()
            .iter()
            .any(|(_, names)| names.iter().any(|n| n.eq_ignore_ascii_case(&key)))
}

/// When `text`, a page read as having no front matter, starts with lines that read as front
/// matter closed by a `---` line: the 1-based lines of its first field and of that `---`.
pub fn missing_opening_fence(text: &str, aliases: &FrontMatterAliases) -> Option<(usize, usize)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut first = None;
    for (i, line) in text.lines().take(MAX_LINES).enumerate() {
        let n = i + 1;
        let line = line.trim_end();
        match first {
            // Blank lines before the first field (the `---` line emptied rather than deleted).
            None if line.is_empty() => {}
            None => {
                // The first line must be a field, flush left.
                key_of(line).filter(|k| known(k, aliases))?;
                first = Some(n);
            }
            Some(start) => {
                if line == "---" {
                    return Some((start, n));
                }
                let yaml = line.is_empty()
                    || line.starts_with([' ', '\t'])
                    || line == "-"
                    || line.starts_with("- ")
                    || key_of(line).is_some();
                if !yaml {
                    return None;
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(text: &str) -> Option<(usize, usize)> {
        missing_opening_fence(text, &FrontMatterAliases::default())
    }

    #[test]
    fn a_block_of_fields_closed_by_a_rule_is_front_matter_without_its_opening() {
        assert_eq!(
            detect("title: Open data\nkind: goal\nid: od\n---\n\nBody.\n"),
            Some((1, 4))
        );
        // Lists, nested values, blank lines and quoted values inside.
        let goal = "title: \"Open data\"\nowner: dg\ntags:\n  - data\n- open\n\nindicators:\n  - name: Sets\n    target: 10\n---\nBody\n";
        assert_eq!(detect(goal), Some((1, 10)));
        // The `---` line emptied rather than deleted, a BOM, CRLF line ends.
        assert_eq!(detect("\ntitle: A\n---\n"), Some((2, 3)));
        assert_eq!(
            detect("\u{feff}title: A\r\nstatus: active\r\n---  \r\nx"),
            Some((1, 3))
        );
        // One field alone, as a short page's front matter can be.
        assert_eq!(detect("title: Only a title\n---\nText\n"), Some((1, 2)));
    }

    #[test]
    fn keys_from_aliases_and_other_generators_count() {
        let table: toml::Table = toml::from_str("owner = [\"owner_slack\"]\n").unwrap();
        let aliases = FrontMatterAliases::from_toml(&table).unwrap();
        let text = "owner_slack: \"#team\"\nlast_reviewed_on: 2024-01-01\n---\n";
        assert_eq!(
            detect(text),
            None,
            "owner_slack is no field without the alias"
        );
        assert_eq!(missing_opening_fence(text, &aliases), Some((1, 3)));
        assert_eq!(
            detect("layout: post\ndate: 2024-01-01\n---\n"),
            Some((1, 3))
        );
        assert_eq!(detect("Title: Capitalised\n---\n"), Some((1, 2)));
    }

    #[test]
    fn prose_headings_and_rules_are_not_front_matter() {
        for text in [
            // A page with no rule at all.
            "title: A\nkind: goal\n\nBody with no rule.\n",
            // Prose between the field-like line and the rule.
            "Status: we are on track.\nThe plan is working.\n---\n",
            // A word that is no field.
            "Note: read this first\n---\n",
            "Summary of the plan: short\n---\n",
            // A heading first.
            "# Title\n\ntitle: x\n---\n",
            // No space after the colon: a URL or a time.
            "title:x\n---\n",
            "https://example.org\n---\n",
            // Indented: a code block.
            "    title: A\n---\n",
            // Empty, or only blank lines.
            "",
            "\n\n\n",
        ] {
            assert_eq!(detect(text), None, "{text:?}");
        }
    }

    #[test]
    fn only_the_first_lines_are_read() {
        let mut text = String::from("title: A\n");
        for i in 0..MAX_LINES {
            text.push_str(&format!("k{i}: v\n"));
        }
        text.push_str("---\n");
        assert_eq!(detect(&text), None);
        let long = format!("title: A\n{}\n---\n", "x: ".repeat(100_000));
        assert_eq!(detect(&long), Some((1, 3)));
    }
}
