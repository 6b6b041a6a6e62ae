//! `[wiki.front-matter]`: other names for stratwiki's front-matter fields, as configured
//! (`content::aliases` applies them to each page).
//!
//! Handbooks written for other tools record ownership and review under their own keys
//! (alphagov's `owner_slack`, `last_reviewed_on`, `review_in`). Rather than make every page be
//! rewritten, `book.toml` names those keys as aliases, and each page's front matter is read as
//! if the alias were the field, before the fields are typed: every message about the value
//! then points at the alias's own line.

/// Every front-matter field of some kind of page: the fields aliases may be given for (kept
/// equal to what `content` reads by a test there).
pub const FRONT_MATTER_FIELDS: &[&str] = &[
    "title",
    "slug",
    "weight",
    "tags",
    "summary",
    "draft",
    "kind",
    "owners",
    "lang",
    "translation-of",
    "id",
    "owner",
    "contributors",
    "status",
    "area",
    "target",
    "progress",
    "indicators",
    "chapters",
    "case-studies",
    "review",
    "review-every",
    "country",
    "organisation",
    "year",
    "goals",
    "type",
    "handles",
    "website",
    "contact",
];

fn is_field(key: &str) -> bool {
    FRONT_MATTER_FIELDS.contains(&key)
}

/// The aliases of each front-matter field, in the order `book.toml` gives them (the first
/// one a page has wins).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatterAliases {
    entries: Vec<(String, Vec<String>)>,
}

impl FrontMatterAliases {
    /// Read the `[wiki.front-matter]` table. `Err` names the field whose entry is wrong (for
    /// its line) and says why: an alias for a field stratwiki does not have would otherwise be
    /// ignored silently, the very problem aliases solve.
    pub fn from_toml(table: &toml::Table) -> Result<FrontMatterAliases, (String, String)> {
        let mut entries = Vec::new();
        for (field, value) in table {
            if !is_field(field) {
                return Err((
                    field.clone(),
                    format!(
                        "`wiki.front-matter` gives aliases for `{field}`, which is not a stratwiki front-matter field (see the README's Front matter section)"
                    ),
                ));
            }
            let list = match value {
                toml::Value::String(s) => vec![s.clone()],
                toml::Value::Array(items) => {
                    let mut out = Vec::new();
                    for item in items {
                        match item.as_str() {
                            Some(s) => out.push(s.to_string()),
                            None => return Err((field.clone(), list_error(field))),
                        }
                    }
                    out
                }
                _ => return Err((field.clone(), list_error(field))),
            };
            if let Some(a) = list.iter().find(|a| is_field(a)) {
                return Err((
                    field.clone(),
                    format!(
                        "`wiki.front-matter.{field}` lists `{a}`, which is itself a stratwiki field: an alias must be another key"
                    ),
                ));
            }
            entries.push((field.clone(), list));
        }
        Ok(FrontMatterAliases { entries })
    }

    /// True when no field has aliases.
    pub fn is_empty(&self) -> bool {
        self.entries.iter().all(|(_, a)| a.is_empty())
    }

    /// A short text that changes whenever the aliases do: part of the page cache's key, since
    /// the same file reads differently under other aliases.
    pub fn fingerprint(&self) -> String {
        let mut s = String::new();
        for (field, aliases) in &self.entries {
            s.push_str(field);
            s.push('=');
            s.push_str(&aliases.join(","));
            s.push(';');
        }
        format!(
            "{:016x}",
            crate::codec::hash(s.as_bytes(), 0x5f3f_a11a_5e5e_d001)
        )
    }

    /// Each field with its aliases, in the order `book.toml` gives them.
    pub fn entries(&self) -> &[(String, Vec<String>)] {
        &self.entries
    }
}

fn list_error(field: &str) -> String {
    format!("`wiki.front-matter.{field}` must be a list of keys, like `{field} = [\"other_name\"]`")
}
