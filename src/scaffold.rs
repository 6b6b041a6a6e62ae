//! `stratwiki new PATH`: a small working wiki with one page of each kind, to start from; and
//! `stratwiki new --example PATH`: the example strategy with its history (see [`example`]).

use std::io;
use std::path::Path;

mod content;
mod example;
mod unlink;

pub use example::Made;

/// The files of a new wiki, relative to its root.
pub const FILES: &[(&str, &str)] = &[
    (
        "book.toml",
        "[book]\ntitle = \"Our digital strategy\"\nauthors = [\"Strategy team\"]\ndescription = \"A living strategy: every goal has an owner, every change has an author.\"\nlanguage = \"en\"\nsrc = \"content\"\n\n[build]\nbuild-dir = \"book\"\n\n[output.html]\n# site-url = \"https://example.org/strategy/\"\n# git-repository-url = \"https://github.com/example/strategy\"\n# edit-url-template = \"https://github.com/example/strategy/edit/main/{path}\"\n\n[wiki]\ntheme = \"default\"\n",
    ),
    (".gitignore", "/book\n/.stratwiki-cache\n"),
    (
        "content/SUMMARY.md",
        "# Summary\n\n[Introduction](index.md)\n\n# The strategy\n\n- [Why this strategy](chapters/why.md)\n\n---\n\n[About this wiki](about.md)\n",
    ),
    (
        "content/index.md",
        "---\ntitle: Our digital strategy\n---\n\nThis wiki holds the strategy, its goals and who owns them. Anyone can propose a change\nby pull request.\n",
    ),
    (
        "content/chapters/why.md",
        "---\ntitle: Why this strategy\nweight: 1\nsummary: What the strategy is for.\ntags: [vision]\n---\n\n## The problem\n\nGoals without owners do not get done. Each goal here names its owner, for example\n[the first goal](../goals/first-goal.md), owned by [[strategy-team]].\n",
    ),
    (
        "content/goals/first-goal.md",
        "---\ntitle: Publish the strategy as an open wiki\nid: G1.1\nowner: strategy-team\ncontributors: []\nstatus: active\narea: governance\ntarget: 2027-12-31\nprogress: 20\nindicators:\n  - name: Pages with a named owner\n    baseline: 0\n    target: 100\n    current: 20\n    unit: \"%\"\nchapters: [why]\ncase-studies: [example-case]\nsummary: Make the strategy readable and editable by everyone.\ntags: [openness]\n---\n\nWhy the goal matters, what will be done and how progress is measured.\n",
    ),
    (
        "content/case-studies/example-case.md",
        "---\ntitle: An example from elsewhere\ncountry: Somewhere\norganisation: A public body\nyear: 2024\ngoals: [first-goal]\nsummary: What another administration did, and what we learn from it.\n---\n\n## What they did\n\nDescribe the case in a few paragraphs.\n",
    ),
    (
        "content/about.md",
        "# About this wiki\n\nHow the wiki works, who maintains it and how to propose a change.\n",
    ),
    (
        "content/owners/strategy-team.md",
        "---\ntitle: Strategy team\ntype: team\nhandles: [\"@example/strategy\"]\nwebsite: https://example.org\ncontact: strategy@example.org\nsummary: Keeps the strategy up to date.\n---\n\nThe team that maintains this wiki and reviews proposed changes.\n",
    ),
];

/// Write a new wiki at `path` and make it a git repository (unless it is inside one already):
/// history, ownership and proposals all come from git. Fails if `path` exists and is not an
/// empty folder.
pub fn new_wiki(path: &Path) -> io::Result<()> {
    refuse_non_empty(path)?;
    for (rel, text) in FILES {
        let p = path.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(p, text)?;
    }
    if git2::Repository::discover(path).is_err() {
        git2::Repository::init(path).map_err(|e| io::Error::other(e.message().to_string()))?;
    }
    Ok(())
}

/// Write the example strategy at `path` as a git repository of its own (also inside another
/// one: its history is the point), with its commits, tags and proposal branch, and `main`
/// checked out. Fails, as [`new_wiki`], if `path` exists and is not an empty folder.
pub fn new_example(path: &Path) -> io::Result<Made> {
    refuse_non_empty(path)?;
    std::fs::create_dir_all(path)?;
    example::write_example(path)
}

/// Nothing is written over: `new` makes a wiki only where there is nothing yet.
fn refuse_non_empty(path: &Path) -> io::Result<()> {
    if path.exists() {
        let empty = path.is_dir() && std::fs::read_dir(path)?.next().is_none();
        if !empty {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "`{}` already exists and is not an empty folder",
                    path.display()
                ),
            ));
        }
    }
    Ok(())
}
