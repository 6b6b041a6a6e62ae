//! Containment: what stratwiki reads from the work tree is the wiki's own files, never a file a
//! symbolic link leads to.
//!
//! A pull request is untrusted input, and git stores symbolic links as they are: `static ->
//! /proc/self`, `CODEOWNERS -> /etc/passwd` or `static/x.txt -> ../.git/config` (where CI keeps
//! the checkout's token) would otherwise publish files from the machine that builds the
//! pull request, or echo them in messages. So no link below the wiki root is followed on the
//! way to a file (as in the content folder; a link that stays inside the wiki is refused too,
//! since it can reach `.git/` or an untracked credentials file CI left in the checkout).
//! Writes are the other way round: the build folder may be a link, but it must lead to a
//! folder inside the wiki ([`resolve`], [`inside`]).

use std::path::{Component, Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// A path below a root that is not read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// The part of the path that is refused, from the root, `/`-separated (`static`,
    /// `static/x.txt`, `a\b.md`): the link itself, not what lies after it.
    pub at: String,
    /// Why.
    pub why: Why,
}

/// Why a path is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// A symbolic link that leads out of the root.
    LinkOut,
    /// A symbolic link inside the root (not followed either).
    Link,
    /// A name with `\`, `..` or an absolute part: not a plain path below the root.
    NotAName,
}

impl Refused {
    /// What is wrong, for a message.
    pub fn reason(&self) -> &'static str {
        match self.why {
            Why::LinkOut => {
                "is a symbolic link leading out of the wiki, which is not followed (it could publish files from the machine that builds the wiki)"
            }
            Why::Link => {
                "is a symbolic link, which is not followed (it could publish files that are not the wiki's: `.git/`, files CI left in the checkout)"
            }
            Why::NotAName => "is not a plain path inside the wiki (`\\`, `..` or an absolute path)",
        }
    }

    /// A warning naming the refused file (from the root's folder `shown_root`, `""` for the
    /// root itself), saying what is skipped.
    pub fn warning(&self, shown_root: &str, skipped: &str) -> Diagnostic {
        Diagnostic::warning(
            "symlink",
            format!("`{}` {}: {skipped}", self.at, self.reason()),
        )
        .in_file(join_shown(shown_root, &self.at))
    }
}

fn join_shown(root: &str, rel: &str) -> String {
    if root.is_empty() || root == "." {
        rel.to_string()
    } else {
        format!("{}/{rel}", root.trim_end_matches('/'))
    }
}

/// `root` joined with the `/`-separated `rel`, when no part of `rel` is a symbolic link (nor a
/// name with `\`, nor `..`): the path to read `rel` at without following a link. A part that
/// does not exist ends the check (reading it fails as usual). Costs one `lstat` per part.
pub fn no_links(root: &Path, rel: &str) -> Result<PathBuf, Refused> {
    let mut path = root.to_path_buf();
    let mut shown = String::new();
    let mut exists = true;
    for part in rel.split('/').filter(|p| !p.is_empty() && *p != ".") {
        if !shown.is_empty() {
            shown.push('/');
        }
        shown.push_str(part);
        let plain = !part.contains('\\')
            && part != ".."
            && matches!(
                Path::new(part).components().next(),
                Some(Component::Normal(_))
            )
            && Path::new(part).components().count() == 1;
        if !plain {
            return Err(Refused {
                at: shown,
                why: Why::NotAName,
            });
        }
        path.push(part);
        if !exists {
            continue;
        }
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => {
                let why = if inside(root, &path) {
                    Why::Link
                } else {
                    Why::LinkOut
                };
                return Err(Refused { at: shown, why });
            }
            Ok(_) => {}
            Err(_) => exists = false,
        }
    }
    Ok(path)
}

/// The bytes of the regular file `rel` below `root`, read without following a symbolic link
/// (see [`no_links`]). `Ok(None)` when it does not exist or is not a file.
pub fn read_file(root: &Path, rel: &str) -> Result<Option<Vec<u8>>, Refused> {
    let path = no_links(root, rel)?;
    match std::fs::symlink_metadata(&path) {
        Ok(m) if m.is_file() => Ok(std::fs::read(&path).ok()),
        _ => Ok(None),
    }
}

/// Where `path` leads once every symbolic link in it is followed, also when it (or its end)
/// does not exist yet: the existing part resolved, the rest appended (a dangling link is
/// followed to where it points). Absolute.
pub fn resolve(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    // What is left to walk, last part first.
    let mut todo: Vec<PathBuf> = parts(&abs);
    let mut out = PathBuf::new();
    let mut hops = 0;
    while let Some(part) = todo.pop() {
        match part.components().next() {
            Some(Component::ParentDir) => {
                out.pop();
            }
            Some(Component::CurDir) | None => {}
            Some(Component::Normal(_)) => {
                let next = out.join(&part);
                match std::fs::read_link(&next) {
                    // Loops end: after 40 links (as Linux's limit), the rest is taken as named.
                    Ok(target) if hops < 40 => {
                        hops += 1;
                        if target.is_absolute() {
                            out = PathBuf::new();
                        }
                        todo.extend(parts(&target));
                    }
                    _ => out = next,
                }
            }
            Some(_) => out.push(&part),
        }
    }
    out
}

/// The components of `p`, last first, each as a path of its own.
fn parts(p: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = p
        .components()
        .map(|c| PathBuf::from(c.as_os_str()))
        .collect();
    v.reverse();
    v
}

/// True when `path`, every link in it followed, is `root` or lies inside it.
pub fn inside(root: &Path, path: &Path) -> bool {
    resolve(path).starts_with(resolve(root))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_pass_and_names_that_climb_do_not() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("static/css")).unwrap();
        std::fs::write(dir.path().join("static/css/a.css"), "a").unwrap();
        assert_eq!(
            no_links(dir.path(), "static/css/a.css").unwrap(),
            dir.path().join("static/css/a.css")
        );
        assert_eq!(
            read_file(dir.path(), "static/css/a.css").unwrap(),
            Some(b"a".to_vec())
        );
        assert_eq!(read_file(dir.path(), "static/none.css").unwrap(), None);
        assert_eq!(read_file(dir.path(), "static").unwrap(), None);
        for bad in ["../x", "static/../../x", "a\\..\\x.md"] {
            assert_eq!(
                no_links(dir.path(), bad).unwrap_err().why,
                Why::NotAName,
                "{bad}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_are_not_followed_and_say_where_they_lead() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("wiki");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("content/a.md"), "a").unwrap();
        std::os::unix::fs::symlink("/proc/self", root.join("static")).unwrap();
        std::os::unix::fs::symlink("content", root.join("templates")).unwrap();
        std::os::unix::fs::symlink("/nowhere/at/all", root.join("book")).unwrap();
        let e = no_links(&root, "static/pagemap").unwrap_err();
        assert_eq!((e.at.as_str(), e.why), ("static", Why::LinkOut));
        let e = read_file(&root, "templates/a.md").unwrap_err();
        assert_eq!((e.at.as_str(), e.why), ("templates", Why::Link));
        assert!(
            e.warning("", "skipped")
                .to_string()
                .contains("templates: `templates` is a symbolic link")
        );
        // Writes: a link is followed to see where it leads, existing or not.
        assert!(inside(&root, &root.join("content/new/site")));
        assert!(inside(&root, &root.join("templates/site")));
        assert!(!inside(&root, &root.join("book")));
        assert_eq!(
            resolve(&root.join("book/x")),
            PathBuf::from("/nowhere/at/all/x")
        );
        assert!(!inside(&root, &root.join("new/../../x")));
        assert!(!inside(&root, Path::new("/tmp/x")));
    }
}
