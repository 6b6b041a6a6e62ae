//! A git tree at any ref, read straight from objects: no checkout, the working tree is never
//! touched. Used to build other versions of the wiki and to compare refs.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use git2::{ObjectType, Oid, Repository};

use super::{MAX_FOLDER_DEPTH, Source, too_deep};
use crate::diagnostics::Diagnostic;

thread_local! {
    /// One open repository per thread (libgit2 repositories are not `Sync`).
    static REPO: RefCell<Option<(PathBuf, Repository)>> = const { RefCell::new(None) };
}

/// Run `f` with this thread's handle on the repository at `path`.
pub fn with_repo<T>(path: &Path, f: impl FnOnce(&Repository) -> T) -> Result<T, git2::Error> {
    REPO.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.as_ref().is_none_or(|(p, _)| p != path) {
            *slot = Some((path.to_path_buf(), Repository::open(path)?));
        }
        let (_, repo) = slot.as_ref().expect("just opened");
        Ok(f(repo))
    })
}

/// The content folder of one commit.
#[derive(Debug, Clone)]
pub struct GitTree {
    repo: PathBuf,
    /// Path → blob id of every file under the content folder.
    files: HashMap<String, Oid>,
    /// How paths are shown in messages (`v1:content/goals/x.md`).
    label: String,
    prefix: String,
    /// The commit the tree is of.
    commit: Oid,
    /// Warnings for folders skipped while listing (nested too deep).
    skipped: Vec<Diagnostic>,
}

impl GitTree {
    /// The content folder `prefix` (a path inside the repository) of the commit `commit`.
    pub fn new(
        repo: &Repository,
        commit: Oid,
        prefix: &str,
        label: &str,
    ) -> Result<GitTree, git2::Error> {
        let tree = repo.find_commit(commit)?.tree()?;
        let sub = if prefix.is_empty() {
            tree
        } else {
            let entry = tree.get_path(Path::new(prefix))?;
            repo.find_tree(entry.id())?
        };
        let mut files = HashMap::new();
        let mut skipped = Vec::new();
        let shown = if prefix.is_empty() {
            format!("{label}:")
        } else {
            format!("{label}:{prefix}/")
        };
        walk(repo, &sub, &shown, &mut files, &mut skipped)?;
        Ok(GitTree {
            repo: repo.path().to_path_buf(),
            files,
            skipped,
            label: label.to_string(),
            prefix: prefix.to_string(),
            commit,
        })
    }

    /// The same tree, with the files other than pages (`.md`, `.html`) it lacks taken from the
    /// folder `prefix` of the same commit, but for its sub-folders `skip`: a multilingual
    /// wiki's language uses the default language's images (see `WorkingTree::with_fallback`).
    pub fn with_fallback(mut self, prefix: &str, skip: &[String]) -> GitTree {
        let found = with_repo(
            &self.repo,
            |repo| -> Result<HashMap<String, Oid>, git2::Error> {
                let tree = repo.find_commit(self.commit)?.tree()?;
                let sub = if prefix.is_empty() {
                    tree
                } else {
                    repo.find_tree(tree.get_path(Path::new(prefix))?.id())?
                };
                let mut files = HashMap::new();
                walk(repo, &sub, "", &mut files, &mut Vec::new())?;
                Ok(files)
            },
        );
        if let Ok(Ok(files)) = found {
            for (path, id) in files {
                let lower = path.to_ascii_lowercase();
                let page =
                    lower.ends_with(".md") || lower.ends_with(".html") || lower.ends_with(".htm");
                if !page && !skip.iter().any(|s| path.starts_with(&format!("{s}/"))) {
                    self.files.entry(path).or_insert(id);
                }
            }
        }
        self
    }

    /// The commit this tree is of.
    pub fn commit(&self) -> Oid {
        self.commit
    }

    /// The content folder's path inside the repository.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The repository's git folder.
    pub fn repo_path(&self) -> &Path {
        &self.repo
    }
}

/// Every file under `root`, by path, without recursion: a folder nested deeper than
/// [`MAX_FOLDER_DEPTH`] is skipped with a warning naming it (a committed path 4,000 folders
/// deep overflowed the stack of a recursive walk).
fn walk(
    repo: &Repository,
    root: &git2::Tree<'_>,
    label: &str,
    out: &mut HashMap<String, Oid>,
    skipped: &mut Vec<Diagnostic>,
) -> Result<(), git2::Error> {
    // Folders still to read: (tree id, path, depth). The root's entries are at depth 1.
    let mut todo: Vec<(Oid, String, usize)> = vec![(root.id(), String::new(), 1)];
    while let Some((id, base, depth)) = todo.pop() {
        let tree = repo.find_tree(id)?;
        for e in tree.iter() {
            let name = String::from_utf8_lossy(e.name_bytes()).into_owned();
            if name.starts_with('.') {
                continue;
            }
            let backslash = name.contains('\\');
            let path = if base.is_empty() {
                name
            } else {
                format!("{base}/{name}")
            };
            // A name with `\` (`chapters\..\..\x.md`) would read as a path where `\` is a
            // separator: skipped, with a warning (as in the working tree).
            if backslash {
                skipped.push(
                    Diagnostic::warning(
                        "file-name",
                        "a file name with `\\` cannot have a URL (it would read as a path): skipped",
                    )
                    .in_file(format!("{label}{path}")),
                );
                continue;
            }
            match e.kind() {
                Some(ObjectType::Tree) if depth > MAX_FOLDER_DEPTH => {
                    skipped.push(too_deep(&format!("{label}{path}")));
                }
                Some(ObjectType::Tree) => todo.push((e.id(), path, depth + 1)),
                Some(ObjectType::Blob) if e.filemode() != 0o120000 => {
                    out.insert(path, e.id());
                }
                _ => {}
            }
        }
    }
    Ok(())
}

impl Source for GitTree {
    fn list(&self) -> (Vec<String>, Vec<Diagnostic>) {
        let mut v: Vec<String> = self.files.keys().cloned().collect();
        v.sort();
        (v, self.skipped.clone())
    }

    fn read(&self, path: &str) -> std::io::Result<Vec<u8>> {
        let oid = self
            .files
            .get(path)
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, path.to_string()))?;
        with_repo(&self.repo, |repo| {
            repo.find_blob(*oid).map(|b| b.content().to_vec())
        })
        .and_then(|r| r)
        .map_err(|e| std::io::Error::other(e.message().to_string()))
    }

    fn blob_id(&self, path: &str) -> Option<String> {
        self.files.get(path).map(|o| o.to_string())
    }

    fn size(&self, path: &str) -> Option<u64> {
        let oid = *self.files.get(path)?;
        // The object's header, not the object: a blob of gigabytes is not loaded.
        with_repo(&self.repo, |repo| {
            repo.odb()
                .and_then(|odb| odb.read_header(oid))
                .map(|(len, _)| len as u64)
                .ok()
        })
        .ok()
        .flatten()
    }

    fn display(&self, path: &str) -> String {
        if self.prefix.is_empty() {
            format!("{}:{path}", self.label)
        } else {
            format!("{}:{}/{path}", self.label, self.prefix)
        }
    }
}
