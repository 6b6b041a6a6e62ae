//! Where the wiki is in its repository, found once and passed down: the repository, its work
//! tree, the wiki root's folder inside it, the remote and branch its edit links lead to, and
//! what its history depends on besides the commits (`.mailmap`, a shallow clone's edge).

use std::path::{Path, PathBuf};

use crate::text::normalize_path as normalize;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::forge::RepoLinks;

/// The repository facts of one wiki.
#[derive(Debug, Clone)]
pub struct Place {
    /// The wiki root (the folder holding `book.toml`), as given.
    pub root: PathBuf,
    /// The repository's git folder, when the wiki is in a repository.
    pub git_dir: Option<PathBuf>,
    /// The folder CODEOWNERS paths are relative to: the repository's work tree, else the wiki
    /// root.
    pub workdir: PathBuf,
    /// The wiki root's path inside the work tree (`""` at its top, `docs/wiki`), or why it
    /// cannot be known (a bare repository, a folder that cannot be resolved).
    pub wiki_rel: Result<String, String>,
}

impl Place {
    /// Find the repository holding the wiki at `root`, once.
    pub fn find(root: &Path) -> Place {
        let repo = git2::Repository::discover(root).ok();
        let workdir = repo
            .as_ref()
            .and_then(|r| r.workdir().map(Path::to_path_buf))
            .unwrap_or_else(|| root.to_path_buf());
        let wiki_rel = match &repo {
            Some(r) => wiki_rel_in(r, root),
            None => Err(format!("`{}` is not in a git repository", root.display())),
        };
        Place {
            root: root.to_path_buf(),
            git_dir: repo.as_ref().map(|r| r.path().to_path_buf()),
            workdir,
            wiki_rel,
        }
    }

    /// Open the repository (each caller its own handle: libgit2's are not `Sync`).
    pub fn open(&self) -> Result<git2::Repository, Diagnostic> {
        self.git_dir
            .as_ref()
            .and_then(|d| git2::Repository::open(d).ok())
            .ok_or_else(|| {
                Diagnostic::error(
                    "git",
                    format!("`{}` is not in a git repository", self.root.display()),
                )
            })
    }

    /// `rel`, a path inside the wiki root, as a path inside the repository.
    pub fn in_repo(&self, rel: &str) -> String {
        match self.wiki_rel.as_deref() {
            Ok("") | Err(_) => rel.to_string(),
            Ok(w) => format!("{w}/{rel}"),
        }
    }

    /// Settle `config`'s content folder for the wiki as it is in `tree` (a commit's tree), as
    /// [`Config::settle_src`] does for the working tree: an mdBook book read from git finds
    /// its `src/` as the working tree does.
    pub fn settle_src_in(&self, config: &mut Config, tree: &git2::Tree<'_>) {
        config.settle_src(|rel| {
            tree.get_path(std::path::Path::new(&self.in_repo(rel)))
                .is_ok()
        });
    }

    /// The working tree's content folder as a path inside the repository (what CODEOWNERS and
    /// the forge's links name files by).
    pub fn content_prefix(&self, config: &Config) -> String {
        match (
            self.workdir.canonicalize(),
            config.content_dir().canonicalize(),
        ) {
            (Ok(r), Ok(c)) => c
                .strip_prefix(&r)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default(),
            _ => config.book.src.to_string_lossy().replace('\\', "/"),
        }
    }

    /// Edit and source links for a content folder at `prefix` in the repository: the forge of
    /// `git-repository-url`, else of the `origin` remote, on `[wiki] edit-branch`, else the
    /// remote's default branch, else the checked-out branch, else `main`.
    pub fn links(&self, config: &Config, prefix: &str) -> Option<RepoLinks> {
        let repo = self.open().ok();
        let remote = config.html.git_repository_url.clone().or_else(|| {
            let r = repo.as_ref()?.find_remote("origin").ok()?;
            r.url().ok().map(str::to_string)
        })?;
        let branch = config
            .wiki
            .edit_branch
            .clone()
            .or_else(|| {
                // The remote's default branch, as `git clone` recorded it.
                let r = repo.as_ref()?;
                let head = r.find_reference("refs/remotes/origin/HEAD").ok()?;
                let target = head.symbolic_target().ok()??.to_string();
                target
                    .strip_prefix("refs/remotes/origin/")
                    .map(str::to_string)
            })
            .or_else(|| {
                let r = repo.as_ref()?;
                let head = r.head().ok()?;
                head.shorthand()
                    .ok()
                    .filter(|s| *s != "HEAD")
                    .map(str::to_string)
            })
            .unwrap_or_else(|| "main".to_string());
        RepoLinks::new(&remote, &branch, prefix, config.wiki.forge)
    }

    /// The commit where `a` and `b` last met (`git merge-base a b`), as a full id.
    pub fn merge_base(&self, a: &str, b: &str) -> Result<String, Diagnostic> {
        let err = |m: String| Diagnostic::error("git", m);
        let repo = self.open()?;
        let commit = |rev: &str| {
            repo.revparse_single(rev)
                .and_then(|o| o.peel_to_commit())
                .map(|c| c.id())
                .map_err(|e| err(format!("cannot find `{rev}`: {}", e.message())))
        };
        let (ca, cb) = (commit(a)?, commit(b)?);
        repo.merge_base(ca, cb)
            .map(|id| id.to_string())
            .map_err(|_| err(format!("`{a}` and `{b}` have no commit in common")))
    }

    /// What the history of the repository depends on besides its commits: the `.mailmap` it
    /// reads (the working tree's file, and the `mailmap.file` and `mailmap.blob` settings and
    /// contents) and where a shallow clone's history stops, for the keys of whole editions.
    pub fn mailmap_fingerprint(&self) -> Vec<Vec<u8>> {
        let mut parts = Vec::new();
        let Ok(repo) = self.open() else {
            return parts;
        };
        if let Some(dir) = repo.workdir() {
            // Never through a symbolic link (the history does not apply such a `.mailmap`).
            let own = crate::source::contain::read_file(dir, ".mailmap");
            parts.push(own.ok().flatten().unwrap_or_default());
        }
        if let Ok(config) = repo.config() {
            for name in ["mailmap.file", "mailmap.blob"] {
                parts.push(config.get_string(name).unwrap_or_default().into_bytes());
            }
            if let Ok(path) = config.get_path("mailmap.file") {
                parts.push(std::fs::read(path).unwrap_or_default());
            }
            if let Ok(spec) = config.get_string("mailmap.blob")
                && let Ok(blob) = repo.revparse_single(&spec).and_then(|o| o.peel_to_blob())
            {
                parts.push(blob.content().to_vec());
            }
        }
        // A shallow clone deepened (or made shallower) changes every history.
        parts.push(std::fs::read(repo.path().join("shallow")).unwrap_or_default());
        parts
    }

    /// Name the files of `diags` from the top of the repository, as GitHub's annotations need
    /// (`wiki/content/goals/x.md`): a path relative to the wiki root gets the wiki's folder in
    /// front; CODEOWNERS, which is named from the repository's top already, and files outside
    /// the repository keep their names.
    pub fn in_repository(&self, diags: Diagnostics) -> Diagnostics {
        if self.git_dir.is_none() {
            return diags;
        }
        let (Ok(workdir), Ok(root)) = (self.workdir.canonicalize(), self.root.canonicalize())
        else {
            return diags;
        };
        diags.map_files(|d, file| {
            if d.code == "codeowners" {
                return None;
            }
            let path = normalize(&root.join(file));
            path.strip_prefix(&workdir)
                .ok()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
        })
    }
}

/// The wiki root's path inside the repository's work tree (`""` at its top, `docs/wiki`).
fn wiki_rel_in(repo: &git2::Repository, root: &Path) -> Result<String, String> {
    let workdir = repo
        .workdir()
        .ok_or_else(|| "the repository is bare".to_string())?
        .canonicalize()
        .map_err(|e| e.to_string())?;
    let root_abs = root.canonicalize().map_err(|e| e.to_string())?;
    Ok(root_abs
        .strip_prefix(&workdir)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_outside_git_has_no_repository() {
        let dir = tempfile::tempdir().unwrap();
        let place = Place::find(dir.path());
        assert!(place.git_dir.is_none());
        assert!(place.wiki_rel.is_err());
        assert_eq!(place.in_repo("book.toml"), "book.toml");
        assert!(place.open().is_err());
    }

    #[test]
    fn a_wiki_in_a_subfolder_knows_its_path_in_the_repository() {
        let dir = tempfile::tempdir().unwrap();
        git2::Repository::init(dir.path()).unwrap();
        let wiki = dir.path().join("docs/wiki");
        std::fs::create_dir_all(&wiki).unwrap();
        let place = Place::find(&wiki);
        assert_eq!(place.wiki_rel.as_deref(), Ok("docs/wiki"));
        assert_eq!(place.in_repo("book.toml"), "docs/wiki/book.toml");
    }
}
