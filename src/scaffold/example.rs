//! `stratwiki new --example DIR`: the example strategy as a git repository with a history a
//! reader can believe, so a first-time user sees what stratwiki is for (history pages with
//! several authors, goals whose status and progress move, a renamed page and its redirect,
//! editions, a proposal) on the example they are told to run.
//!
//! The history is data, not code: `example.toml` lists the commits, oldest first. Each commit
//! says, for each file it touches, how that file then differed from its final text (the files
//! of `content/`, compiled in by [`super::content`], and the script's own `[files]`): front-matter
//! fields set to other values, exact passages replaced, whole sections not yet written. So the
//! last state of every file is the example site as it is today, and a change to `content/`
//! changes the last commits rather than needing the script to be rewritten.
//!
//! Everything is fixed (names, dates, time zones, messages, the order of files), so the same
//! binary writes the same objects, and the same commit ids, on every run and every machine.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use serde::Deserialize;

/// The history of the example, oldest commit first.
const SCRIPT: &str = include_str!("example.toml");

/// The example's `book.toml` as it is at the end of its main line (`[files]` of the script).
const BOOK: &str = include_str!("example-book.toml");

/// The branch the example's main line is on (the `[wiki.versions]` of its `book.toml` names it).
const MAIN: &str = "main";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Script {
    /// Short names → `Name <email>`.
    people: BTreeMap<String, String>,
    /// Final texts of files outside `content/` (`book.toml`, `.gitignore`).
    files: BTreeMap<String, String>,
    /// Named states of a file that several commits start from (a goal under its old name).
    #[serde(default)]
    variant: BTreeMap<String, Change>,
    commit: Vec<Commit>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Commit {
    /// RFC 3339 with its offset: `2015-02-16T09:30:00+01:00`.
    date: String,
    author: String,
    #[serde(default)]
    co_authors: Vec<String>,
    message: String,
    /// The branch the commit is on: `main` unless it says otherwise. A branch seen for the
    /// first time starts from `main` as it is then.
    #[serde(default)]
    branch: Option<String>,
    #[serde(default)]
    tag: Option<Tag>,
    /// Files the commit writes as they are today.
    #[serde(default, rename = "final")]
    finals: Vec<String>,
    #[serde(default)]
    write: Vec<Write>,
    /// Files the commit deletes (with a `write` of the new path, a rename).
    #[serde(default)]
    remove: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Tag {
    name: String,
    message: String,
}

/// One file as the commit leaves it: its final text, changed as the fields say.
#[derive(Deserialize)]
struct Write {
    path: String,
    /// A `[variant.NAME]` whose changes come first; the write's own `set`, and its `replace`
    /// of the same passage, win over the variant's.
    #[serde(default)]
    like: Option<String>,
    #[serde(flatten)]
    change: Change,
}

/// How a file differed from its final text.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Change {
    /// The file whose final text this is, when it is not the path written (a page before its
    /// rename).
    #[serde(default)]
    from: Option<String>,
    /// Exact passages of the final text and what stood there then; each must occur once.
    #[serde(default)]
    replace: Vec<(String, String)>,
    /// Top-level front-matter fields and the values they had then.
    #[serde(default)]
    set: BTreeMap<String, String>,
    /// Headings (text after the `#`s) whose sections were not written yet.
    #[serde(default)]
    drop: Vec<String>,
}

/// What `new --example` made, for the message after it.
pub struct Made {
    pub commits: usize,
    pub tags: Vec<String>,
    pub branches: Vec<String>,
}

fn err(msg: String) -> io::Error {
    io::Error::other(format!("example history: {msg}"))
}

fn git(e: git2::Error) -> io::Error {
    io::Error::other(e.message().to_string())
}

/// The final text of `path`: a file of `content/` or of the script's `[files]`.
fn final_text<'a>(script: &'a Script, path: &str) -> Option<&'a str> {
    super::content::CONTENT
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, t)| *t)
        .or_else(|| script.files.get(path).map(String::as_str))
}

/// `text` with `key: value` for each top-level front-matter field in `set`.
fn set_fields(text: &str, set: &BTreeMap<String, String>, path: &str) -> io::Result<String> {
    let mut out = String::with_capacity(text.len());
    let mut done = Vec::new();
    let mut fences = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == "---" {
            fences += 1;
        }
        let field = (fences == 1)
            .then(|| line.split_once(':'))
            .flatten()
            .filter(|(k, _)| set.contains_key(*k));
        match field {
            Some((k, _)) => {
                out.push_str(&format!("{k}: {}\n", set[k]));
                done.push(k);
            }
            None => out.push_str(line),
        }
    }
    match set.keys().find(|k| !done.contains(&k.as_str())) {
        Some(k) => Err(err(format!("{path}: no front-matter field `{k}`"))),
        None => Ok(out),
    }
}

/// `text` without the section under `heading`: from its heading line to the next heading of
/// the same or a higher level.
fn drop_section(text: &str, heading: &str, path: &str) -> io::Result<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let level = |l: &str| {
        let n = l.chars().take_while(|c| *c == '#').count();
        (n > 0 && l[n..].starts_with(' ')).then_some(n)
    };
    let start = lines
        .iter()
        .position(|l| level(l).is_some_and(|n| l[n..].trim() == heading))
        .ok_or_else(|| err(format!("{path}: no heading `{heading}`")))?;
    let own = level(lines[start]).unwrap_or(1);
    let end = lines[start + 1..]
        .iter()
        .position(|l| level(l).is_some_and(|n| n <= own))
        .map_or(lines.len(), |i| start + 1 + i);
    Ok(lines[..start].concat() + &lines[end..].concat())
}

/// The text `w` leaves its file with.
fn text_of(script: &Script, w: &Write) -> io::Result<String> {
    let empty = Change::default();
    let base = match &w.like {
        Some(name) => script
            .variant
            .get(name)
            .ok_or_else(|| err(format!("{}: no variant `{name}`", w.path)))?,
        None => &empty,
    };
    let own = &w.change;
    let from = own
        .from
        .as_deref()
        .or(base.from.as_deref())
        .unwrap_or(&w.path);
    let mut text = final_text(script, from)
        .ok_or_else(|| err(format!("{}: no final text `{from}`", w.path)))?
        .to_string();
    let mut set = base.set.clone();
    set.extend(own.set.clone());
    // The write's own passage wins over the variant's for the same old text.
    let mut replace = base.replace.clone();
    for (old, new) in &own.replace {
        match replace.iter_mut().find(|(o, _)| o == old) {
            Some(r) => r.1.clone_from(new),
            None => replace.push((old.clone(), new.clone())),
        }
    }
    for (old, new) in &replace {
        match text.matches(old.as_str()).count() {
            1 => text = text.replacen(old.as_str(), new, 1),
            n => {
                return Err(err(format!(
                    "{}: `{old}` occurs {n} times, not once",
                    w.path
                )));
            }
        }
    }
    text = set_fields(&text, &set, &w.path)?;
    for h in base.drop.iter().chain(&own.drop) {
        text = drop_section(&text, h, &w.path)?;
    }
    Ok(text)
}

/// The script, with the final `book.toml`.
fn script() -> io::Result<Script> {
    let mut script: Script = toml::from_str(SCRIPT).map_err(|e| err(e.to_string()))?;
    script.files.insert("book.toml".into(), BOOK.into());
    Ok(script)
}

/// `files` as commit `c` leaves them: its removals, then its writes (`final` ones first), each
/// written page's links
/// to pages not in the new tree made plain text (see [`super::unlink`]). `SUMMARY.md` is written
/// as the script says: a missing chapter there is the script's mistake, not history.
fn apply(script: &Script, c: &Commit, files: &mut BTreeMap<String, String>) -> io::Result<()> {
    for gone in &c.remove {
        if files.remove(gone).is_none() {
            return Err(err(format!("`{}` removes `{gone}`, not there", c.message)));
        }
    }
    for path in &c.finals {
        let text =
            final_text(script, path).ok_or_else(|| err(format!("no final text `{path}`")))?;
        files.insert(path.clone(), text.to_string());
    }
    for w in &c.write {
        files.insert(w.path.clone(), text_of(script, w)?);
    }
    let tree = files.clone();
    let tree = super::unlink::Tree::new(&tree);
    for path in c.finals.iter().chain(c.write.iter().map(|w| &w.path)) {
        if path.ends_with(".md") && !path.ends_with("SUMMARY.md") {
            let text = tree.unlink(path, &files[path]);
            files.insert(path.clone(), text);
        }
    }
    Ok(())
}

/// `Name <email>` split for a signature.
fn person<'a>(script: &'a Script, who: &str) -> io::Result<(&'a str, &'a str)> {
    let full = script
        .people
        .get(who)
        .ok_or_else(|| err(format!("no person `{who}`")))?;
    full.split_once(" <")
        .map(|(n, e)| (n, e.trim_end_matches('>')))
        .ok_or_else(|| err(format!("`{full}` is not `Name <email>`")))
}

/// A git time from `2015-02-16T09:30:00+01:00`.
fn time(date: &str) -> io::Result<git2::Time> {
    let bad = || err(format!("date `{date}` is not RFC 3339 with an offset"));
    let ts: jiff::Timestamp = date.parse().map_err(|_| bad())?;
    let off = date.get(date.len().saturating_sub(6)..).ok_or_else(bad)?;
    let sign = match off.as_bytes().first() {
        Some(b'+') => 1,
        Some(b'-') => -1,
        _ => return Err(bad()),
    };
    let h: i32 = off[1..3].parse().map_err(|_| bad())?;
    let m: i32 = off[4..6].parse().map_err(|_| bad())?;
    Ok(git2::Time::new(ts.as_second(), sign * (h * 60 + m)))
}

/// The tree of `files`, written through an index that never touches the disk.
fn tree(repo: &git2::Repository, files: &BTreeMap<String, String>) -> io::Result<git2::Oid> {
    let mut index = git2::Index::new().map_err(git)?;
    for (path, text) in files {
        let id = repo.blob(text.as_bytes()).map_err(git)?;
        let zero = git2::IndexTime::new(0, 0);
        index
            .add(&git2::IndexEntry {
                ctime: zero,
                mtime: zero,
                dev: 0,
                ino: 0,
                mode: 0o100644,
                uid: 0,
                gid: 0,
                file_size: u32::try_from(text.len()).unwrap_or(u32::MAX),
                id,
                flags: u16::try_from(path.len().min(0xfff)).unwrap_or(0xfff),
                flags_extended: 0,
                path: path.as_bytes().to_vec(),
            })
            .map_err(git)?;
    }
    index.write_tree_to(repo).map_err(git)
}

/// The commit message with a `Co-authored-by:` trailer for each co-author.
fn message(script: &Script, c: &Commit) -> io::Result<String> {
    let mut msg = c.message.trim_end().to_string() + "\n";
    if !c.co_authors.is_empty() {
        msg.push('\n');
        for who in &c.co_authors {
            let (name, email) = person(script, who)?;
            msg.push_str(&format!("Co-authored-by: {name} <{email}>\n"));
        }
    }
    Ok(msg)
}

/// Write the example's history into a new repository at `path` (an empty or new folder) and
/// check out `main`.
pub fn write_example(path: &Path) -> io::Result<Made> {
    let script = script()?;
    let mut opts = git2::RepositoryInitOptions::new();
    opts.initial_head(MAIN);
    let repo = git2::Repository::init_opts(path, &opts).map_err(git)?;
    // Each branch's files and last commit.
    let mut heads: BTreeMap<String, (BTreeMap<String, String>, Option<git2::Oid>)> =
        BTreeMap::new();
    let mut made = Made {
        commits: 0,
        tags: Vec::new(),
        branches: Vec::new(),
    };
    for c in &script.commit {
        let branch = c.branch.as_deref().unwrap_or(MAIN);
        if !heads.contains_key(branch) {
            let start = heads.get(MAIN).cloned().unwrap_or_default();
            heads.insert(branch.to_string(), start);
        }
        let (mut files, parent) = heads[branch].clone();
        apply(&script, c, &mut files)?;
        let tree_id = tree(&repo, &files)?;
        let t = time(&c.date)?;
        let (name, email) = person(&script, &c.author)?;
        let sig = git2::Signature::new(name, email, &t).map_err(git)?;
        let parents = match parent {
            Some(p) => vec![repo.find_commit(p).map_err(git)?],
            None => Vec::new(),
        };
        let parent_refs: Vec<&git2::Commit> = parents.iter().collect();
        let tree = repo.find_tree(tree_id).map_err(git)?;
        let id = repo
            .commit(None, &sig, &sig, &message(&script, c)?, &tree, &parent_refs)
            .map_err(git)?;
        repo.reference(
            &format!("refs/heads/{branch}"),
            id,
            true,
            "stratwiki new --example",
        )
        .map_err(git)?;
        if branch != MAIN && !made.branches.iter().any(|b| b == branch) {
            made.branches.push(branch.to_string());
        }
        if let Some(tag) = &c.tag {
            let obj = repo.find_object(id, None).map_err(git)?;
            repo.tag(&tag.name, &obj, &sig, &tag.message, false)
                .map_err(git)?;
            made.tags.push(tag.name.clone());
        }
        made.commits += 1;
        heads.insert(branch.to_string(), (files, Some(id)));
    }
    repo.set_head(&format!("refs/heads/{MAIN}")).map_err(git)?;
    repo.checkout_head(Some(git2::build::CheckoutBuilder::new().force()))
        .map_err(git)?;
    Ok(made)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn script() -> Script {
        super::script().unwrap()
    }

    #[test]
    fn sections_fields_and_passages_change_as_written() {
        let text = "---\ntitle: T\nprogress: 60\n---\n\n## A\n\na\n\n### A1\n\nx\n\n## B\n\nb\n";
        let set = BTreeMap::from([("progress".to_string(), "10".to_string())]);
        assert_eq!(
            set_fields(text, &set, "p").unwrap(),
            text.replace("progress: 60", "progress: 10")
        );
        assert_eq!(
            drop_section(text, "A", "p").unwrap(),
            "---\ntitle: T\nprogress: 60\n---\n\n## B\n\nb\n"
        );
        assert!(drop_section(text, "C", "p").is_err());
        let none = BTreeMap::from([("status".to_string(), "x".to_string())]);
        assert!(set_fields(text, &none, "p").is_err());
    }

    /// The script is read like code: it stays within the length every source file keeps to.
    #[test]
    fn the_script_is_not_over_800_lines() {
        assert!(SCRIPT.lines().count() <= 800);
        assert!(BOOK.lines().count() <= 800);
    }

    #[test]
    fn dates_keep_their_offset() {
        let t = time("2015-02-16T09:30:00+01:00").unwrap();
        assert_eq!(t.offset_minutes(), 60);
        assert_eq!(t.seconds(), 1_424_075_400);
        assert!(time("2015-02-16").is_err());
    }

    /// Every file the script writes can be written (each passage found once), and the main
    /// line ends where the example site is: every file of `content/`, as it is.
    #[test]
    fn the_main_line_ends_at_the_example_content() {
        let s = script();
        let mut files: BTreeMap<String, String> = BTreeMap::new();
        for c in s.commit.iter().filter(|c| c.branch.is_none()) {
            apply(&s, c, &mut files).unwrap();
        }
        let not_final: Vec<&str> = super::super::content::CONTENT
            .iter()
            .copied()
            .chain(s.files.iter().map(|(p, t)| (p.as_str(), t.as_str())))
            .filter(|(path, text)| files.get(*path).map(String::as_str) != Some(*text))
            .map(|(path, _)| path)
            .collect();
        assert!(
            not_final.is_empty(),
            "not as in content/ at the end: {not_final:?}"
        );
        let extra: Vec<_> = files
            .keys()
            .filter(|p| final_text(&s, p).is_none())
            .collect();
        assert!(extra.is_empty(), "{extra:?}");
    }

    #[test]
    fn the_compiled_in_content_is_all_of_content() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let mut on_disk = Vec::new();
        let mut stack = vec![root.clone()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    let rel = p.strip_prefix(&root).unwrap().to_string_lossy();
                    on_disk.push(format!("content/{}", rel.replace('\\', "/")));
                }
            }
        }
        on_disk.sort();
        let listed: Vec<String> = super::super::content::CONTENT
            .iter()
            .map(|(p, _)| p.to_string())
            .collect();
        assert_eq!(listed, on_disk, "regenerate src/scaffold/content.rs");
    }

    #[test]
    fn dates_only_move_forward_on_each_branch() {
        let s = script();
        let mut last: BTreeMap<&str, i64> = BTreeMap::new();
        for c in &s.commit {
            let b = c.branch.as_deref().unwrap_or(MAIN);
            let t = time(&c.date).unwrap().seconds();
            let before = last.get(b).or(last.get(MAIN)).copied().unwrap_or(0);
            assert!(t > before, "{} goes back in time", c.message);
            last.insert(b, t);
        }
    }
}
