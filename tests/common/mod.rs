//! Helpers for the integration tests: temporary wikis and running the real binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary wiki folder.
pub struct Wiki {
    pub dir: tempfile::TempDir,
}

/// The result of running the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
    /// stdout and stderr together.
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

pub const BOOK: &str = "[book]\ntitle = \"Test strategy\"\nsrc = \"content\"\n";

pub const OWNER: &str =
    "---\ntitle: Agency\ntype: agency\nhandles: [\"@org/agency\"]\n---\n\nThe agency.\n";

pub const GOAL: &str = "---\ntitle: First goal\nid: G1\nowner: agency\nstatus: active\narea: infrastructure\ntarget: 2027-01-31\nprogress: 30\nchapters: [intro]\n---\n\nBody of the goal.\n";

pub const CHAPTER: &str = "---\ntitle: Introduction\nweight: 1\ntags: [vision]\n---\n\n## Start\n\nSee [the goal](../goals/first.md).\n";

pub const CASE: &str =
    "---\ntitle: A case\ncountry: Chile\nyear: 2014\ngoals: [first]\n---\n\nText.\n";

impl Wiki {
    /// An empty folder.
    pub fn empty() -> Wiki {
        Wiki {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A small valid wiki with one page of each kind.
    pub fn valid() -> Wiki {
        let w = Wiki::empty();
        w.write("book.toml", BOOK);
        w.write("content/owners/agency.md", OWNER);
        w.write("content/goals/first.md", GOAL);
        w.write("content/chapters/intro.md", CHAPTER);
        w.write("content/case-studies/case.md", CASE);
        w.write("content/about.md", "# About\n\nAbout this wiki.\n");
        w
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
    }

    /// Run `stratwiki <args>` with `--root` pointing at the wiki.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_env(args, &[])
    }

    /// [`Wiki::run`] with these environment variables set.
    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_stratwiki"));
        cmd.args(args).envs(env.iter().copied());
        if !args.contains(&"new") {
            cmd.arg("--root").arg(self.root());
        }
        Run::from(cmd.output().unwrap())
    }

    /// `build` into `<root>/book`.
    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    /// `check`.
    pub fn check(&self) -> Run {
        self.run(&["check"])
    }
}

/// Every file under `dir` with its bytes, sorted by relative path.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// Assert that the folders `a` and `b` hold the same files with the same bytes (`what` names
/// the second in the message: "a fresh build").
pub fn assert_same_tree(a: &Path, b: &Path, what: &str) {
    let (a, b) = (tree(a), tree(b));
    assert!(!a.is_empty());
    assert_eq!(
        a.iter().map(|f| &f.0).collect::<Vec<_>>(),
        b.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for ((path, ba), (_, bb)) in a.iter().zip(&b) {
        assert!(ba == bb, "{path} differs from {what}");
    }
}

/// Stage the whole working tree of `repo` (additions, edits, deletions) and commit it on HEAD
/// as Ann at `time` (seconds).
pub fn commit_all(repo: &git2::Repository, msg: &str, time: i64) -> git2::Oid {
    let mut index = repo.index().unwrap();
    index
        .add_all(
            ["*"].iter(),
            git2::IndexAddOption::DEFAULT,
            Some(&mut |path: &std::path::Path, _: &[u8]| {
                // The build's cache stays out of commits, as `.gitignore` keeps it out of a
                // real repository (a committed cache folder is not used).
                i32::from(path.starts_with(".stratwiki-cache"))
            }),
        )
        .unwrap();
    index.update_all(["*"].iter(), None).unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = git2::Signature::new("Ann", "ann@example.org", &git2::Time::new(time, 0)).unwrap();
    let parents: Vec<git2::Commit<'_>> = repo
        .head()
        .ok()
        .and_then(|h| h.target())
        .map(|h| vec![repo.find_commit(h).unwrap()])
        .unwrap_or_default();
    let refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
    repo.commit(Some("HEAD"), &sig, &sig, msg, &tree, &refs)
        .unwrap()
}

/// Staging folders, old sites or locks a build left beside the wiki's `book/`.
pub fn build_leftovers(w: &Wiki) -> Vec<String> {
    std::fs::read_dir(w.root())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("stratwiki-") && !n.ends_with("stratwiki-cache"))
        .collect()
}
