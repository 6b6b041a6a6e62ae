//! Who is credited with a change: `.mailmap` applied to authors and co-authors, and the
//! `Co-authored-by:` trailers that name co-authors.

use std::collections::HashMap;

use git2::Repository;

use super::Person;

/// One person for crediting and counting: the same email, or the same name, ignoring case,
/// once `.mailmap` has been applied (it decides first: it can merge two names into one, or
/// keep two people with one name apart by giving one of them another name).
///
/// The same name with two emails is one person because people commit from a work and a home
/// address, or from a new employer's, far more often than two different contributors to one
/// strategy share a full name; listing one person twice is the likelier and more visible
/// mistake, and `.mailmap` corrects the rare other one.
pub fn same_person(a: &Person, b: &Person) -> bool {
    (!a.email.is_empty() && same_text(&a.email, &b.email))
        || (!a.name.trim().is_empty() && same_text(a.name.trim(), b.name.trim()))
}

/// Equal ignoring case: ASCII without allocating (most emails and names, where different
/// lengths end the comparison at once), else by Unicode lower case.
fn same_text(x: &str, y: &str) -> bool {
    if x.is_ascii() && y.is_ascii() {
        return x.eq_ignore_ascii_case(y);
    }
    x == y
        || x.chars()
            .flat_map(char::to_lowercase)
            .eq(y.chars().flat_map(char::to_lowercase))
}

/// The co-authors a change credits besides `author`, each once: `Co-authored-by:` trailers
/// repeated (a squash merge copies one per squashed commit), or naming the author, or naming
/// one person twice (see [`same_person`]) add no one. In the order of the trailers.
pub fn distinct_co_authors<'a>(author: &Person, co_authors: &'a [Person]) -> Vec<&'a Person> {
    let mut out: Vec<&Person> = Vec::with_capacity(co_authors.len());
    for p in co_authors {
        if !same_person(author, p) && !out.iter().any(|q| same_person(q, p)) {
            out.push(p);
        }
    }
    out
}

/// Group `people` (distinct as written) into persons by [`same_person`], also through a
/// chain (`a` shares an email with `b`, `b` a name with `c`): for each, the index of the first
/// of its group. A page has a handful of people, so comparing every pair costs nothing.
pub(super) fn group(people: &[&Person]) -> Vec<usize> {
    let mut root: Vec<usize> = (0..people.len()).collect();
    fn find(root: &mut [usize], mut i: usize) -> usize {
        while root[i] != i {
            root[i] = root[root[i]];
            i = root[i];
        }
        i
    }
    for i in 0..people.len() {
        for j in 0..i {
            if same_person(people[i], people[j]) {
                let (a, b) = (find(&mut root, i), find(&mut root, j));
                // The first seen stays the group's own.
                root[a.max(b)] = a.min(b);
            }
        }
    }
    (0..people.len()).map(|i| find(&mut root, i)).collect()
}

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

    fn p(name: &str, email: &str) -> Person {
        Person {
            name: name.into(),
            email: email.into(),
        }
    }

    #[test]
    fn one_person_by_email_or_name() {
        assert!(same_person(&p("Greg", "g@x"), &p("Gregory", "G@X")));
        assert!(same_person(
            &p("Greg Walker", "g@work"),
            &p("greg walker", "g@home")
        ));
        assert!(!same_person(&p("Greg", "g@x"), &p("Ann", "a@x")));
        assert!(!same_person(&p("", "g@x"), &p("", "a@x")));
        let author = p("Ann", "ann@x");
        let co = [
            p("Greg Walker", "g@x"),
            p("Greg Walker", "g@x"),
            p("Ann", "ann@x"),
            p("Greg Walker", "greg@home"),
            p("Bo", "bo@x"),
        ];
        let names: Vec<&str> = distinct_co_authors(&author, &co)
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(names, ["Greg Walker", "Bo"]);
        // A chain: the first and third meet only through the second.
        let (a, b, c, d) = (p("A", "1@x"), p("B", "1@x"), p("B", "2@x"), p("D", "3@x"));
        assert_eq!(group(&[&a, &d, &c, &b]), [0, 1, 0, 0]);
    }

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
