//! Applying `[wiki.front-matter]` to a page: its aliases renamed to the fields they stand for,
//! before the fields are typed, so every message about a value points at the alias's line.

use serde_yaml::Value;

use super::frontmatter::FrontMatter;
use crate::config::FrontMatterAliases;
use crate::diagnostics::Diagnostic;

/// Rename the aliases `fm` uses to their fields, and warn where one is not used: the page
/// gives the field itself too (the field wins), or an earlier alias of the same field.
pub(crate) fn apply(aliases: &FrontMatterAliases, fm: &mut FrontMatter<'_>) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for (field, list) in aliases.entries() {
        let mut used: Option<&str> = fm.get(field).is_some().then_some(field.as_str());
        for alias in list {
            let Some(value) = fm.map.remove(alias.as_str()) else {
                continue;
            };
            let pos = fm.key_pos(alias);
            match used {
                Some(winner) => {
                    let why = if winner == field {
                        format!("the page also gives `{field}`, which is used")
                    } else {
                        format!("`{winner}`, an earlier alias of `{field}`, is used")
                    };
                    diags.push(
                        Diagnostic::warning(
                            "front-matter-alias",
                            format!("`{alias}` (an alias of `{field}`) is ignored: {why}"),
                        )
                        .at(pos.0, pos.1),
                    );
                }
                None => {
                    fm.map.insert(Value::String(field.clone()), value);
                    fm.alias_key(field, alias);
                    used = Some(alias);
                }
            }
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aliases(toml: &str) -> Result<FrontMatterAliases, (String, String)> {
        FrontMatterAliases::from_toml(&toml::from_str(toml).unwrap())
    }

    #[test]
    fn first_alias_present_wins_and_points_at_its_line() {
        let a =
            aliases("owner = [\"owner_slack\", \"maintainer\"]\nreview = \"last_reviewed_on\"\n")
                .unwrap();
        let mut fm = FrontMatter::parse(
            "title: X\nmaintainer: b\nowner_slack: '#a'\nlast_reviewed_on: 2024-01-02\n",
            2,
        )
        .unwrap();
        let d = apply(&a, &mut fm);
        assert_eq!(fm.get("owner").and_then(|v| v.as_str()), Some("#a"));
        assert_eq!(fm.value_pos("owner", None), (4, 14));
        assert_eq!(fm.key_pos("review"), (5, 1));
        assert!(fm.get("maintainer").is_none() && fm.get("owner_slack").is_none());
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, Some(3));
        assert!(d[0].message.contains("`owner_slack`"), "{}", d[0].message);
    }

    #[test]
    fn the_field_itself_wins() {
        let a = aliases("owner = [\"owner_slack\"]\n").unwrap();
        let mut fm = FrontMatter::parse("owner: x\nowner_slack: '#a'\n", 2).unwrap();
        let d = apply(&a, &mut fm);
        assert_eq!(fm.get("owner").and_then(|v| v.as_str()), Some("x"));
        assert_eq!(d[0].line, Some(3));
        assert!(d[0].message.contains("also gives `owner`"));
    }

    #[test]
    fn the_configured_fields_are_the_fields_pages_have() {
        let mut read = super::super::meta::all_fields();
        read.sort_unstable();
        let mut configured = crate::config::FRONT_MATTER_FIELDS.to_vec();
        configured.sort_unstable();
        assert_eq!(read, configured);
    }

    #[test]
    fn unknown_fields_and_bad_lists_are_refused() {
        assert_eq!(aliases("colour = [\"x\"]\n").unwrap_err().0, "colour");
        assert_eq!(aliases("owner = 3\n").unwrap_err().0, "owner");
        assert_eq!(aliases("owner = [\"owners\"]\n").unwrap_err().0, "owner");
    }
}
