//! Who is credited with a change: `.mailmap` applied to authors and co-authors, and the
//! `Co-authored-by:` trailers that name co-authors.

use std::collections::HashMap;

use git2::Repository;

use super::Person;

/// Who `.mailmap` makes of each (name, email) in commits. The same few people sign thousands
/// of commits: each pair is resolved once, looked up by email then name, so a lookup allocates
/// nothing.
pub(super) struct People {
    mailmap: Option<git2::Mailmap>,
    memo: std::cell::RefCell<HashMap<String, Vec<(String, Person)>>>,
}

impl People {
    /// The people of the history up to `head` (`None`: the working tree's). A history read up
    /// to a commit credits people as that commit's own `.mailmap` does: it is what is being
    /// published, and a `.mailmap` committed since (or only in the working tree) must not
    /// rename who wrote an edition.
    pub(super) fn new(repo: &Repository, head: Option<git2::Oid>) -> People {
        let mailmap = match head {
            // The work tree's, unless it is a symbolic link (see [`People::refused`]).
            None => Self::refused(repo)
                .is_none()
                .then(|| repo.mailmap().ok())
                .flatten(),
            Some(id) => {
                let text = repo
                    .find_commit(id)
                    .and_then(|c| c.tree())
                    .and_then(|t| t.get_path(std::path::Path::new(".mailmap")))
                    .and_then(|e| repo.find_blob(e.id()))
                    .map(|b| String::from_utf8_lossy(b.content()).into_owned())
                    .unwrap_or_default();
                git2::Mailmap::from_buffer(&text).ok()
            }
        };
        People {
            mailmap,
            memo: Default::default(),
        }
    }

    /// Why the work tree's `.mailmap` is not read, when it is a symbolic link (or lies behind
    /// one): libgit2 would follow it, reading any file of the machine that builds a pull
    /// request (`.mailmap -> /dev/zero` never ends) and putting its names on the site. Then no
    /// `.mailmap` is applied at all, and this warning says so.
    pub(super) fn refused(repo: &Repository) -> Option<crate::diagnostics::Diagnostic> {
        let workdir = repo.workdir()?;
        let r = crate::source::contain::no_links(workdir, ".mailmap").err()?;
        Some(r.warning("", "no `.mailmap` is applied"))
    }

    fn resolve(&self, name: &str, email: &str) -> Person {
        if let (Some(mm), Ok(sig)) = (&self.mailmap, git2::Signature::now(name, email))
            && let Ok(r) = mm.resolve_signature(&sig)
        {
            return Person {
                name: r.name().unwrap_or(name).to_string(),
                email: r.email().unwrap_or(email).to_string(),
            };
        }
        Person {
            name: name.to_string(),
            email: email.to_string(),
        }
    }

    pub(super) fn person(&self, name: &str, email: &str) -> Person {
        if let Some(names) = self.memo.borrow().get(email)
            && let Some((_, p)) = names.iter().find(|(n, _)| n == name)
        {
            return p.clone();
        }
        let p = self.resolve(name, email);
        self.memo
            .borrow_mut()
            .entry(email.to_string())
            .or_default()
            .push((name.to_string(), p.clone()));
        p
    }

    /// Every pair resolved so far, with whom it became.
    pub(super) fn table(&self) -> Vec<((String, String), Person)> {
        let mut t: Vec<_> = self
            .memo
            .borrow()
            .iter()
            .flat_map(|(e, names)| {
                names
                    .iter()
                    .map(|(n, p)| ((n.clone(), e.clone()), p.clone()))
            })
            .collect();
        t.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        t
    }
}

/// Parse `Co-authored-by: Name <email>` trailers.
pub fn co_authors(message: &str) -> Vec<(String, String)> {
    message
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            let (key, rest) = l.split_once(':')?;
            if !key.trim().eq_ignore_ascii_case("co-authored-by") {
                return None;
            }
            let rest = rest.trim();
            let (name, email) = match (rest.find('<'), rest.rfind('>')) {
                (Some(a), Some(b)) if a < b => (rest[..a].trim(), rest[a + 1..b].trim()),
                _ => (rest, ""),
            };
            (!name.is_empty()).then(|| (name.to_string(), email.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailers() {
        let m = "Squash\n\nBody\n\nCo-authored-by: Ann Example <ann@example.org>\nco-authored-by: Bo <bo@example.org>\n";
        assert_eq!(
            co_authors(m),
            vec![
                ("Ann Example".into(), "ann@example.org".into()),
                ("Bo".into(), "bo@example.org".into())
            ]
        );
    }
}
