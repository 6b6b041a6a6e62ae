//! Proposals: branches that propose changes to the strategy, listed on a static page with
//! what each would change. Built from the repository's refs; no forge API is called.

use git2::{BranchType, Oid, Repository, Sort};
use serde::Serialize;

use crate::compare::ChangedFiles;
use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::model::Site;
use crate::versions::glob;

/// One proposal, as the proposals page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Proposal {
    /// Branch name.
    pub branch: String,
    /// The first commit's message summary.
    pub title: String,
    /// Who wrote the first commit.
    pub author: String,
    /// Date of the newest commit.
    pub date: String,
    /// Number of commits ahead of the default branch.
    pub commits: usize,
    /// Content paths the proposal changes.
    pub pages: Vec<String>,
    /// The pull-request report, as HTML.
    pub report: String,
}

/// How a proposal's two sides are loaded: the wiki at a revision, complete (CODEOWNERS applied,
/// so the report names the reviewers CODEOWNERS names), with the problems `check` would report.
pub type LoadRef<'a> = dyn Fn(&str, &mut Diagnostics) -> Result<Site, String> + 'a;

/// The files two revisions (base, head) differ in besides the pages, for the report's section
/// on configuration, templates and scripts.
pub type ChangedRef<'a> = dyn Fn(&str, &str) -> Result<ChangedFiles, String> + 'a;

/// The proposal branches of the repository the wiki is in, newest first. A branch that cannot
/// be read becomes a warning.
pub fn proposals(
    config: &Config,
    diags: &mut Diagnostics,
    load: &LoadRef<'_>,
    changed: &ChangedRef<'_>,
) -> Vec<Proposal> {
    let pc = &config.wiki.proposals;
    if pc.branches.is_empty() && !pc.all_branches {
        return Vec::new();
    }
    let Ok(repo) = Repository::discover(&config.root) else {
        return Vec::new();
    };
    let Ok(head) = repo.head().and_then(|h| h.peel_to_commit()) else {
        return Vec::new();
    };
    let current = repo
        .head()
        .ok()
        .and_then(|h| h.shorthand().ok().map(str::to_string));
    let mut out = Vec::new();
    let Ok(branches) = repo.branches(Some(BranchType::Local)) else {
        return out;
    };
    for (b, _) in branches.flatten() {
        let Ok(Some(name)) = b.name().map(|n| n.map(str::to_string)) else {
            continue;
        };
        if Some(&name) == current.as_ref() {
            continue;
        }
        let selected = if pc.all_branches {
            true
        } else {
            pc.branches.iter().any(|p| glob(p, &name))
        };
        let Ok(tip) = b.get().peel_to_commit() else {
            continue;
        };
        if !selected || tip.id() == head.id() {
            continue;
        }
        match proposal(&repo, &name, (tip.id(), head.id()), load, changed) {
            Ok(Some(p)) => out.push(p),
            Ok(None) => {}
            Err(e) => diags.push(crate::diagnostics::Diagnostic::warning(
                "proposals",
                format!("proposal branch `{name}`: {e}"),
            )),
        }
    }
    out.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.branch.cmp(&b.branch)));
    out
}

fn proposal(
    repo: &Repository,
    name: &str,
    (tip, head): (Oid, Oid),
    load: &LoadRef<'_>,
    changed: &ChangedRef<'_>,
) -> Result<Option<Proposal>, String> {
    let base = repo
        .merge_base(head, tip)
        .map_err(|e| e.message().to_string())?;
    let mut walk = repo.revwalk().map_err(|e| e.message().to_string())?;
    walk.push(tip).map_err(|e| e.message().to_string())?;
    walk.hide(base).map_err(|e| e.message().to_string())?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)
        .map_err(|e| e.message().to_string())?;
    let ids: Vec<Oid> = walk.flatten().collect();
    let Some(first) = ids.first() else {
        return Ok(None); // Nothing ahead of the default branch.
    };
    let first = repo
        .find_commit(*first)
        .map_err(|e| e.message().to_string())?;
    let tip_commit = repo.find_commit(tip).map_err(|e| e.message().to_string())?;
    let mut bd = Diagnostics::new();
    let mut hd = Diagnostics::new();
    let b = load(&base.to_string(), &mut bd)?;
    // By commit id: a tag of the same name must not be taken for the branch.
    let h = load(&tip.to_string(), &mut hd)?;
    let files = changed(&base.to_string(), &tip.to_string())?;
    let report = crate::compare::report(&b, &h, &bd, &hd, &files, ("the current strategy", name));
    let mut pages: Vec<String> = report
        .comparison
        .pages_added
        .iter()
        .chain(&report.comparison.pages_removed)
        .chain(&report.comparison.pages_unreadable)
        .map(|p| p.path.clone())
        .chain(
            report
                .comparison
                .pages_changed
                .iter()
                .map(|p| p.page.path.clone()),
        )
        .collect();
    pages.sort();
    pages.dedup();
    let markdown = crate::compare::report_markdown(&report);
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(&markdown, crate::markdown::options()),
    );
    Ok(Some(Proposal {
        branch: name.to_string(),
        title: String::from_utf8_lossy(first.summary_bytes().unwrap_or_default()).into_owned(),
        author: String::from_utf8_lossy(first.author().name_bytes()).into_owned(),
        date: crate::history::date(tip_commit.time().seconds()),
        commits: ids.len(),
        pages,
        // Titles and text come from anyone's branch: sanitise like untrusted Markdown.
        report: crate::markdown::sanitize(&html),
    }))
}
