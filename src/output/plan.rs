//! The output plan: every file the site will hold, with what asked for it, decided before
//! anything is written.
//!
//! Two outputs wanting the same path (a content folder's own `changes.html` and the generated
//! page), a path that would be both a file and a folder (a version tag named `index.html`,
//! whose edition folder `index.html/` meets the home page), a name longer than file systems
//! allow, or a path leading out of the site: each is found here, and reported at the source
//! that asked for it, with its file and line. `check` computes the same plan as `build` and
//! stops at the same problems, without writing anything.
//!
//! Writing then follows the plan: every file an output hands over must be planned, and for
//! the output that planned it ([`Plan::owner`]).

use std::collections::{BTreeMap, HashMap};

use crate::diagnostics::Diagnostic;

/// The longest file name, in bytes, the site writes (ext4, XFS, APFS and NTFS allow 255).
pub const MAX_NAME: usize = crate::model::MAX_NAME;

/// Who asked for a file or folder of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// The output that writes it (`pages`, `assets`, `search`, ...).
    pub output: &'static str,
    /// What it is, for messages: "the 404 page", "`content/404.html`, copied as it is".
    pub what: String,
    /// The source file that asked for it, when there is one (relative to the wiki root).
    pub file: Option<String>,
    /// The line in that file.
    pub line: Option<usize>,
    /// The job it belongs to: `""` for the site root, `v1/` for an edition's folder.
    pub scope: String,
    /// It belongs to an older edition: a collision there is history that today's build cannot
    /// fix, so it is a warning and the later claim gives way, where elsewhere it is an error.
    pub history: bool,
    /// It was planned as a file that gives way ([`Plan::file_if_free`]).
    pub gives_way: bool,
}

impl Claim {
    /// A claim by `output` for `what`, in the site root's job.
    pub fn new(output: &'static str, what: impl Into<String>) -> Claim {
        Claim {
            output,
            what: what.into(),
            file: None,
            line: None,
            scope: String::new(),
            history: false,
            gives_way: false,
        }
    }

    /// Asked for by `file` (at `line`, when known).
    pub fn at(mut self, file: impl Into<String>, line: Option<usize>) -> Claim {
        self.file = Some(file.into());
        self.line = line;
        self
    }

    /// In the job whose files go under `scope` (`v1/`), an older edition when `history`.
    pub fn in_scope(mut self, scope: &str, history: bool) -> Claim {
        self.scope = scope.to_string();
        self.history = history;
        self
    }

    /// The diagnostic for a problem with this claim, at its file and line.
    fn diagnostic(&self, code: &'static str, message: String) -> Diagnostic {
        let d = if self.history {
            Diagnostic::warning(code, message)
        } else {
            Diagnostic::error(code, message)
        };
        match (&self.file, self.line) {
            (Some(f), Some(l)) => d.in_file(f.clone()).at(l, 1),
            (Some(f), None) => d.in_file(f.clone()),
            _ => d,
        }
    }
}

/// The plan of one site: files, and folders owned whole by one output.
#[derive(Debug, Default)]
pub struct Plan {
    /// Site-relative path of every planned file → its claim.
    files: HashMap<String, Claim>,
    /// Every folder that planned files sit in (`goals/`), → one file in it.
    dirs: HashMap<String, String>,
    /// Folders owned whole (`pagefind/` by the search index, `v1/` by an edition) → claim.
    trees: BTreeMap<String, Claim>,
    /// Problems found.
    diags: Vec<Diagnostic>,
    /// Paths refused to an output (in an older edition, where a clash is a warning): that
    /// output's file there is not written. Folders refused whole end in `/`.
    refused: std::collections::HashSet<(&'static str, String)>,
    /// The redirects from earlier names each job writes (by job folder): those no other
    /// file gave way to.
    redirects: HashMap<String, Vec<crate::render::Redirect>>,
}

impl Plan {
    /// An empty plan.
    pub fn new() -> Plan {
        Plan::default()
    }

    /// Plan the file `path` for `claim`. Returns false, with an error (a warning in an older
    /// edition) at the source that asked, when the path is not a valid name or is already
    /// taken.
    pub fn file(&mut self, path: &str, claim: Claim) -> bool {
        match self.conflict(path, &claim) {
            Some(problem) => {
                self.refused.insert((claim.output, path.to_string()));
                self.report(path, &claim, problem);
                false
            }
            None => {
                self.add_file(path, claim);
                true
            }
        }
    }

    /// Plan `path` for `claim` if nothing else wants it; a file that gives way (a redirect
    /// from a page's earlier name). Returns the claim that stands there when it is taken.
    pub fn file_if_free(&mut self, path: &str, mut claim: Claim) -> Result<(), Option<Claim>> {
        claim.gives_way = true;
        if let Some(problem) = self.conflict(path, &claim) {
            return Err(match problem {
                Conflict::Taken(other) | Conflict::Folder(other) | Conflict::InTree(other) => {
                    Some(other)
                }
                Conflict::Invalid(_) => None,
            });
        }
        self.add_file(path, claim);
        Ok(())
    }

    /// Plan the folder `prefix` (ending in `/`) as owned whole by `claim` (its files are not
    /// known until they are made: a search index's, an edition taken whole from the previous
    /// site). Returns false, with an error, when a planned file or folder is in the way.
    pub fn tree(&mut self, prefix: &str, claim: Claim) -> bool {
        let path = prefix.trim_end_matches('/');
        let problem = invalid(path)
            .map(Conflict::Invalid)
            .or_else(|| self.files.get(path).cloned().map(Conflict::Folder))
            .or_else(|| self.blocking_tree(path, &claim).map(Conflict::InTree))
            .or_else(|| self.parent_file(path).map(Conflict::Folder))
            .or_else(|| self.trees.get(prefix).cloned().map(Conflict::Taken))
            .or_else(|| {
                // A file already planned inside it, from another job or output (trees are
                // planned before files, so this is rare: a plain scan). The first by path, not
                // the first the map happens to hold: the message is the same on every run.
                self.dirs.get(path)?;
                self.files
                    .iter()
                    .filter(|(p, c)| p.starts_with(prefix) && c.scope != prefix)
                    .min_by(|a, b| a.0.cmp(b.0))
                    .map(|(_, c)| Conflict::Folder(c.clone()))
            });
        if let Some(problem) = problem {
            self.refused.insert((claim.output, prefix.to_string()));
            self.report(path, &claim, problem);
            return false;
        }
        self.trees.insert(prefix.to_string(), claim);
        true
    }

    /// The output that planned `path` (a file, or a file inside a folder it owns whole).
    pub fn owner(&self, path: &str) -> Option<&'static str> {
        self.files
            .get(path)
            .map(|c| c.output)
            .or_else(|| self.tree_over(path).map(|c| c.output))
    }

    /// True when planning refused `path` to `output` (it, or a folder it is in), with a
    /// warning: the file gives way and is not written.
    pub fn refused(&self, output: &'static str, path: &str) -> bool {
        if self.refused.contains(&(output, path.to_string())) {
            return true;
        }
        let mut at = path;
        while let Some((dir, _)) = at.rsplit_once('/') {
            if self.refused.contains(&(output, format!("{dir}/"))) {
                return true;
            }
            at = dir;
        }
        false
    }

    /// The claim on the file `path`, when it is planned.
    pub fn claim(&self, path: &str) -> Option<&Claim> {
        self.files.get(path)
    }

    /// Number of files planned (not counting those in folders owned whole).
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True when nothing is planned.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty() && self.trees.is_empty()
    }

    /// Every planned file's path, sorted.
    pub fn paths(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.files.keys().map(String::as_str).collect();
        v.sort_unstable();
        v
    }

    /// Record the redirects the job in folder `scope` writes.
    pub fn set_redirects(&mut self, scope: &str, redirects: Vec<crate::render::Redirect>) {
        self.redirects.insert(scope.to_string(), redirects);
    }

    /// The redirects the job in folder `scope` writes, when its plan made them.
    pub fn redirects(&self, scope: &str) -> Option<&[crate::render::Redirect]> {
        self.redirects.get(scope).map(Vec::as_slice)
    }

    /// Add a problem found while planning (a redirect that gives way, say).
    pub fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// The problems found.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diags
    }

    /// Take the problems found.
    pub fn take_diagnostics(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.diags)
    }

    /// True when planning found an error: the site cannot be built.
    pub fn has_errors(&self) -> bool {
        self.diags
            .iter()
            .any(|d| d.severity == crate::diagnostics::Severity::Error)
    }

    fn add_file(&mut self, path: &str, claim: Claim) {
        let mut at = path;
        while let Some((dir, _)) = at.rsplit_once('/') {
            if self.dirs.contains_key(dir) {
                break;
            }
            self.dirs.insert(dir.to_string(), path.to_string());
            at = dir;
        }
        self.files.insert(path.to_string(), claim);
    }

    /// The innermost folder owned whole that `path` is in.
    fn tree_over(&self, path: &str) -> Option<&Claim> {
        let mut at = path;
        while let Some((dir, _)) = at.rsplit_once('/') {
            if let Some(c) = self.trees.get(&format!("{dir}/")) {
                return Some(c);
            }
            at = dir;
        }
        None
    }

    /// What stands in the way of planning the file `path` for `claim`, if anything.
    fn conflict(&self, path: &str, claim: &Claim) -> Option<Conflict> {
        if let Some(why) = invalid(path) {
            return Some(Conflict::Invalid(why));
        }
        if let Some(other) = self.files.get(path) {
            return Some(Conflict::Taken(other.clone()));
        }
        if let Some(file) = self.dirs.get(path) {
            return Some(Conflict::Folder(self.files[file].clone()));
        }
        if let Some(tree) = self.trees.get(&format!("{path}/")) {
            return Some(Conflict::Folder(tree.clone()));
        }
        self.parent_file(path)
            .map(Conflict::Folder)
            .or_else(|| self.blocking_tree(path, claim).map(Conflict::InTree))
    }

    /// A folder above `path` planned as a file.
    fn parent_file(&self, path: &str) -> Option<Claim> {
        let mut at = path;
        while let Some((dir, _)) = at.rsplit_once('/') {
            if let Some(other) = self.files.get(dir) {
                return Some(other.clone());
            }
            at = dir;
        }
        None
    }

    /// A folder owned whole above `path` that `claim` may not write in: any but the folder of
    /// the claim's own edition.
    fn blocking_tree(&self, path: &str, claim: &Claim) -> Option<Claim> {
        let mut at = path;
        while let Some((dir, _)) = at.rsplit_once('/') {
            let prefix = format!("{dir}/");
            if let Some(tree) = self.trees.get(&prefix) {
                let own_edition = tree.scope == prefix && claim.scope == prefix;
                if !own_edition {
                    return Some(tree.clone());
                }
            }
            at = dir;
        }
        None
    }

    /// Report `problem` with planning `path` for `claim`: at whichever of the two claims a
    /// contributor can change (the one with a source file; the new one when both have).
    fn report(&mut self, path: &str, claim: &Claim, problem: Conflict) {
        let (code, message, at) = match problem {
            Conflict::Invalid(why) => (
                "output",
                format!("{} cannot be written as `{path}`: {why}", claim.what),
                claim.clone(),
            ),
            Conflict::Taken(other) => {
                let at = blame(claim, &other);
                (
                    "collision",
                    format!(
                        "`{path}` would be written twice: by {} and by {}; rename or remove {}",
                        other.what,
                        claim.what,
                        fixable(&at)
                    ),
                    at,
                )
            }
            Conflict::Folder(other) => {
                let at = blame(claim, &other);
                (
                    "collision",
                    format!(
                        "`{path}` would be both a file and a folder: {} and {} both need it; rename or remove {}",
                        other.what,
                        claim.what,
                        fixable(&at)
                    ),
                    at,
                )
            }
            Conflict::InTree(other) => {
                let at = blame(claim, &other);
                (
                    "collision",
                    format!(
                        "`{path}` is in a folder that {} fills on its own, so {} cannot be written there; rename or remove {}",
                        other.what,
                        claim.what,
                        fixable(&at)
                    ),
                    at,
                )
            }
        };
        // An error unless the claim that gives way is an older edition's (history: it
        // cannot be fixed today), whichever of the two the message is reported at.
        let mut d = at.diagnostic(code, message);
        d.severity = if claim.history {
            crate::diagnostics::Severity::Warning
        } else {
            crate::diagnostics::Severity::Error
        };
        self.diags.push(d);
    }
}

/// Why a planned path cannot be a file of the site, if it cannot.
fn invalid(path: &str) -> Option<String> {
    if path.is_empty() {
        return Some("the name is empty".into());
    }
    if path.starts_with('/') || path.contains('\\') || path.contains('\0') {
        return Some("it is not a relative path with `/` separators".into());
    }
    for c in path.split('/') {
        if c.is_empty() || c == "." || c == ".." {
            return Some(format!(
                "it leads out of the site or has an empty part (`{c}`)"
            ));
        }
        if c.len() > MAX_NAME {
            return Some(format!(
                "a name in it is {} bytes long, more than file systems allow ({MAX_NAME})",
                c.len()
            ));
        }
    }
    None
}

/// Of two claims on one path, the one to report at: the new one when it has a source file,
/// else the one that stands.
fn blame(new: &Claim, old: &Claim) -> Claim {
    if new.file.is_some() || old.file.is_none() {
        new.clone()
    } else {
        old.clone()
    }
}

/// What a contributor renames or removes to fix a collision at `c`.
fn fixable(c: &Claim) -> String {
    match &c.file {
        Some(f) if c.line.is_some() => format!("the setting in `{f}`"),
        Some(f) => format!("`{f}`"),
        None => c.what.clone(),
    }
}

/// Why a path cannot be planned.
enum Conflict {
    /// Not a valid name.
    Invalid(String),
    /// Planned already, by this claim.
    Taken(Claim),
    /// A folder of planned files (or a file where a folder is needed), by this claim.
    Folder(Claim),
    /// Inside a folder owned whole, by this claim.
    InTree(Claim),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;

    #[test]
    fn a_path_planned_twice_is_an_error_at_the_source_file() {
        let mut plan = Plan::new();
        assert!(plan.file("404.html", Claim::new("pages", "the 404 page")));
        let asset = Claim::new("assets", "`content/404.html`, copied as it is")
            .at("content/404.html", None);
        assert!(!plan.file("404.html", asset));
        let d = &plan.diagnostics()[0];
        assert_eq!(d.severity, Severity::Error);
        assert_eq!(d.file.as_deref(), Some("content/404.html"));
        assert!(
            d.message.contains("`404.html` would be written twice"),
            "{d}"
        );
        assert_eq!(plan.owner("404.html"), Some("pages"));
    }

    #[test]
    fn a_file_where_a_folder_is_needed_is_found_both_ways() {
        let mut plan = Plan::new();
        assert!(plan.file("goals/a.html", Claim::new("pages", "a goal")));
        assert!(!plan.file("goals", Claim::new("assets", "a file named goals")));
        let mut plan = Plan::new();
        assert!(plan.file("goals", Claim::new("assets", "a file named goals")));
        assert!(!plan.file("goals/a.html", Claim::new("pages", "a goal")));
        assert_eq!(plan.diagnostics().len(), 1);
    }

    #[test]
    fn an_edition_folder_named_like_a_page_is_an_error_at_its_setting() {
        let mut plan = Plan::new();
        assert!(plan.file("index.html", Claim::new("pages", "the home page")));
        let edition = Claim::new("editions", "the edition of version `index.html`")
            .at("book.toml", Some(5))
            .in_scope("index.html/", false);
        assert!(!plan.tree("index.html/", edition));
        let d = &plan.diagnostics()[0];
        assert_eq!((d.file.as_deref(), d.line), (Some("book.toml"), Some(5)));
        assert!(d.message.contains("both a file and a folder"), "{d}");
    }

    #[test]
    fn an_editions_own_files_go_in_its_folder_and_nobody_elses() {
        let mut plan = Plan::new();
        let edition = Claim::new("editions", "v1").in_scope("v1/", false);
        assert!(plan.tree("v1/", edition));
        assert!(plan.file(
            "v1/index.html",
            Claim::new("pages", "v1's home").in_scope("v1/", true)
        ));
        assert!(!plan.file(
            "v1/x.html",
            Claim::new("assets", "content/v1/x.html").at("content/v1/x.html", None)
        ));
        assert_eq!(plan.owner("v1/index.html"), Some("pages"));
    }

    /// Of many files in the way of a folder owned whole, the message names the first by path,
    /// whatever order the plan's map holds them in (it differs from one process, and one map,
    /// to the next).
    #[test]
    fn a_folder_over_many_planned_files_names_the_first_by_path() {
        for _ in 0..5 {
            let mut plan = Plan::new();
            for i in (0..200).rev() {
                let claim = Claim::new("assets", format!("file {i:03}"));
                assert!(plan.file(&format!("pagefind/f{i:03}.png"), claim));
            }
            assert!(!plan.tree("pagefind/", Claim::new("search", "the search index")));
            let d = &plan.diagnostics()[0];
            assert!(d.message.contains("file 000 and the search index"), "{d}");
        }
    }

    #[test]
    fn a_folder_owned_whole_takes_every_file_in_it() {
        let mut plan = Plan::new();
        assert!(plan.tree("pagefind/", Claim::new("search", "the search index")));
        assert_eq!(plan.owner("pagefind/pagefind.js"), Some("search"));
        assert!(!plan.file(
            "pagefind/x.png",
            Claim::new("assets", "x").at("content/pagefind/x.png", None)
        ));
        assert_eq!(plan.owner("other.js"), None);
    }

    #[test]
    fn in_an_older_edition_a_collision_is_a_warning_and_the_later_file_gives_way() {
        let mut plan = Plan::new();
        let old = |what: &str| Claim::new("pages", what).in_scope("v1/", true);
        assert!(plan.file("v1/404.html", old("the 404 page")));
        assert!(!plan.file(
            "v1/404.html",
            old("content/404.html").at("v1:content/404.html", None)
        ));
        assert!(!plan.has_errors());
        assert_eq!(plan.diagnostics()[0].severity, Severity::Warning);
        // A folder refused whole: nothing in it is written by that output.
        assert!(!plan.tree(
            "v1/404.html/",
            Claim::new("search", "an index").in_scope("v1/", true)
        ));
        assert!(plan.refused("search", "v1/404.html/x.js"));
        assert!(!plan.refused("search", "v1/other.js"));
    }

    #[test]
    fn the_site_roots_file_meeting_an_older_editions_folder_is_an_error() {
        let mut plan = Plan::new();
        let page = Claim::new("pages", "v1's home")
            .at("v1:content/index.md", None)
            .in_scope("index.html/", true);
        assert!(plan.file("index.html/index.html", page));
        assert!(!plan.file("index.html", Claim::new("pages", "the home page")));
        assert!(plan.has_errors(), "{:?}", plan.diagnostics());
    }

    #[test]
    fn names_that_cannot_be_files_are_errors() {
        for path in [
            "",
            "/etc/passwd",
            "a/../b",
            "a\\b",
            "a//b",
            &"x".repeat(256),
        ] {
            let mut plan = Plan::new();
            assert!(!plan.file(path, Claim::new("pages", "p")), "{path}");
            assert!(plan.has_errors());
        }
    }

    #[test]
    fn a_file_that_gives_way_says_who_stands_there() {
        let mut plan = Plan::new();
        assert!(plan.file("404.html", Claim::new("pages", "the 404 page")));
        let taken = plan.file_if_free("404.html", Claim::new("pages", "a redirect"));
        assert_eq!(
            taken.unwrap_err().map(|c| c.what),
            Some("the 404 page".into())
        );
        assert!(
            plan.file_if_free("old.html", Claim::new("pages", "a redirect"))
                .is_ok()
        );
        assert!(plan.diagnostics().is_empty());
    }
}
