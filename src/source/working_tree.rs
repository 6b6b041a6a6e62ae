//! The working tree: the content folder on disk, as the user has it right now.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::{MAX_FOLDER_DEPTH, Source, too_deep};
use crate::diagnostics::{Diagnostic, display_path};

/// Files under a content folder on disk. Hidden files and folders (names starting with `.`) are
/// skipped, as editors and git leave them there.
#[derive(Debug, Clone)]
pub struct WorkingTree {
    root: PathBuf,
    content: PathBuf,
    /// Files other than pages that `content` lacks are taken from here (a multilingual wiki's
    /// default language's folder), but for the folders listed (the other languages').
    fallback: Option<(PathBuf, Vec<String>)>,
}

impl WorkingTree {
    /// A source for `content`, reporting paths relative to `root` (the wiki root).
    pub fn new(root: &Path, content: &Path) -> Self {
        WorkingTree {
            root: root.to_path_buf(),
            content: content.to_path_buf(),
            fallback: None,
        }
    }

    /// The same tree, taking the files other than pages (`.md`, `.html`) it lacks from
    /// `folder` (but for its sub-folders `skip`), as a translation uses its original's images.
    pub fn with_fallback(mut self, folder: PathBuf, skip: Vec<String>) -> Self {
        self.fallback = Some((folder, skip));
        self
    }

    /// Where the content file `path` is on disk: in the content folder, else in the fallback.
    fn locate(&self, path: &str) -> PathBuf {
        let own = self.content.join(path);
        match &self.fallback {
            Some((f, _)) if std::fs::symlink_metadata(&own).is_err() && !is_page(path) => {
                f.join(path)
            }
            _ => own,
        }
    }
}

/// A file a language has its own translation of, never taken from the fallback.
fn is_page(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".html") || lower.ends_with(".htm")
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|s| s.starts_with('.'))
}

/// Every file under `content` (paths from it, `/`-separated, sorted), with what was skipped.
fn list_in(root: &Path, content: &Path) -> (Vec<String>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    let mut walker = WalkDir::new(content)
        // Links are not followed: a pull request must not be able to publish files from
        // outside the content folder (`x.txt -> /etc/passwd`).
        .follow_links(false)
        // A folder deeper than the limit is listed, not entered, and warned about below.
        .max_depth(MAX_FOLDER_DEPTH + 1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| display_path(root, p))
                    .unwrap_or_else(|| display_path(root, content));
                diags.push(
                    Diagnostic::warning("source", format!("cannot read, skipped: {e}"))
                        .in_file(path),
                );
                continue;
            }
        };
        // A name with `\` (legal on Unix) would read as a path once `\` became `/`
        // (`chapters\..\..\x.md`): the file, or the whole folder, is skipped.
        if entry.depth() > 0 && entry.file_name().to_string_lossy().contains('\\') {
            diags.push(
                Diagnostic::warning(
                    "file-name",
                    "a file name with `\\` cannot have a URL (it would read as a path): skipped",
                )
                // As it is named: `display_path` would show `\` as `/`.
                .in_file(format!(
                    "{}/{}",
                    display_path(root, entry.path().parent().unwrap_or(content)),
                    entry.file_name().to_string_lossy()
                )),
            );
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if entry.file_type().is_symlink() {
            diags.push(
                    Diagnostic::warning(
                        "symlink",
                        "symbolic links are not followed (they could publish files from outside the content folder): skipped",
                    )
                    .in_file(display_path(root, entry.path())),
                );
            continue;
        }
        if entry.file_type().is_dir() && entry.depth() > MAX_FOLDER_DEPTH {
            diags.push(too_deep(&display_path(root, entry.path())));
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(content).unwrap_or(entry.path());
        let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
        match parts {
            Some(parts) => files.push(parts.join("/")),
            None => diags.push(
                Diagnostic::warning(
                    "file-name",
                    "file name is not valid UTF-8, so it cannot have a URL: skipped",
                )
                .in_file(display_path(root, entry.path())),
            ),
        }
    }
    files.sort();
    (files, diags)
}

impl Source for WorkingTree {
    fn list(&self) -> (Vec<String>, Vec<Diagnostic>) {
        let (mut files, mut diags) = list_in(&self.root, &self.content);
        if let Some((folder, skip)) = &self.fallback {
            let (more, ds) = list_in(&self.root, folder);
            diags.extend(ds);
            let own: std::collections::HashSet<String> = files.iter().cloned().collect();
            files.extend(more.into_iter().filter(|f| {
                !is_page(f)
                    && !own.contains(f)
                    && !skip.iter().any(|s| f.starts_with(&format!("{s}/")))
            }));
            files.sort();
        }
        (files, diags)
    }

    /// The file's bytes, unless it is a symbolic link (or its name is not a plain path): the
    /// file listed may have been swapped for a link since (`serve` reads saved files again).
    fn read(&self, path: &str) -> std::io::Result<Vec<u8>> {
        let full = self.locate(path);
        if path.contains('\\') || path.split('/').any(|p| p == "..") {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("`{path}` is not a plain path in the content folder"),
            ));
        }
        if std::fs::symlink_metadata(&full).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(std::io::Error::other(format!(
                "`{path}` is a symbolic link, which is not followed"
            )));
        }
        std::fs::read(full)
    }

    fn display(&self, path: &str) -> String {
        display_path(&self.root, &self.locate(path))
    }

    fn size(&self, path: &str) -> Option<u64> {
        std::fs::symlink_metadata(self.locate(path))
            .ok()
            .filter(|m| m.is_file())
            .map(|m| m.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_sorted_and_skips_hidden() {
        let dir = tempfile::tempdir().unwrap();
        let c = dir.path().join("content");
        std::fs::create_dir_all(c.join("goals")).unwrap();
        std::fs::create_dir_all(c.join(".git")).unwrap();
        std::fs::write(c.join("goals/b.md"), "x").unwrap();
        std::fs::write(c.join("a.md"), "x").unwrap();
        std::fs::write(c.join(".a.md.swp"), "x").unwrap();
        std::fs::write(c.join(".git/x"), "x").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink("/etc/passwd", c.join("passwd.txt")).unwrap();
        let src = WorkingTree::new(dir.path(), &c);
        let (files, diags) = src.list();
        assert_eq!(files, vec!["a.md", "goals/b.md"]);
        #[cfg(unix)]
        assert!(diags[0].message.contains("symbolic links are not followed"));
        assert_eq!(src.display("goals/b.md"), "content/goals/b.md");
        assert_eq!(src.read("a.md").unwrap(), b"x");
    }

    #[test]
    fn a_fallback_gives_the_files_other_than_pages_it_lacks() {
        let dir = tempfile::tempdir().unwrap();
        let c = dir.path().join("content");
        std::fs::create_dir_all(c.join("sv/images")).unwrap();
        std::fs::create_dir_all(c.join("images")).unwrap();
        std::fs::create_dir_all(c.join("fr")).unwrap();
        std::fs::write(c.join("a.md"), "en").unwrap();
        std::fs::write(c.join("images/map.svg"), "en map").unwrap();
        std::fs::write(c.join("images/logo.svg"), "en logo").unwrap();
        std::fs::write(c.join("fr/photo.png"), "fr").unwrap();
        std::fs::write(c.join("sv/images/logo.svg"), "sv logo").unwrap();
        let src = WorkingTree::new(dir.path(), &c.join("sv"))
            .with_fallback(c.clone(), vec!["sv".into(), "fr".into()]);
        let (files, _) = src.list();
        assert_eq!(files, ["images/logo.svg", "images/map.svg"]);
        assert_eq!(src.read("images/logo.svg").unwrap(), b"sv logo");
        assert_eq!(src.read("images/map.svg").unwrap(), b"en map");
        assert_eq!(src.display("images/map.svg"), "content/images/map.svg");
        assert!(
            src.read("a.md").is_err(),
            "pages are never taken from the fallback"
        );
    }
}
