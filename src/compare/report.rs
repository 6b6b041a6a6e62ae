//! The pull-request report: the comparison, who should review it, the problems it introduces
//! and fixes, and the changes to configuration, templates and scripts that a review of the
//! pages alone would miss.

use serde::Serialize;

use super::config_changes::{ChangedFiles, ConfigChange, config_changes};
use super::{Comparison, compare};
use crate::model::Site;

/// Someone whose goals or pages a change touches: who should review it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Reviewer {
    /// Owner slug, or the handle when no owner page defines it.
    pub owner: String,
    /// Owner title.
    pub title: String,
    /// Handles to request a review from.
    pub handles: Vec<String>,
}

/// A problem found by the checks, without its version label.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Problem {
    /// `error` or `warning`.
    pub severity: String,
    /// The check (`broken-link`, `unknown-owner`, ...).
    pub code: String,
    /// File, relative to the wiki root.
    pub file: Option<String>,
    /// Line, on the side where the problem is.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

/// A pull-request report: the comparison, who should review, and the problems the change
/// introduces and fixes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// What changed.
    #[serde(flatten)]
    pub comparison: Comparison,
    /// Owners of the goals and pages the change touches.
    pub reviewers: Vec<Reviewer>,
    /// Problems in head that base did not have.
    pub problems_introduced: Vec<Problem>,
    /// Problems in base that head no longer has.
    pub problems_fixed: Vec<Problem>,
    /// Changes to `book.toml`, themes, templates, static files, non-Markdown content files,
    /// CODEOWNERS and `.mailmap`: they change how the site is built, what runs on it or who is
    /// credited and asked, so a reviewer must see them (empty when there are none).
    pub config_changes: Vec<ConfigChange>,
}

fn problems(ds: &crate::diagnostics::Diagnostics) -> Vec<Problem> {
    ds.sorted()
        .into_iter()
        .map(|d| Problem {
            severity: d.severity.to_string(),
            code: d.code.to_string(),
            // `v1:content/x.md` → `content/x.md`
            file: d.file.as_ref().map(|f| {
                f.split_once(':')
                    .map(|(_, p)| p.to_string())
                    .unwrap_or(f.clone())
            }),
            line: d.line,
            message: d.message.clone(),
        })
        .collect()
}

/// The owners (with handles) of the goals and pages a comparison touches.
fn reviewers(c: &Comparison, base: &Site, head: &Site) -> Vec<Reviewer> {
    let mut names: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let mut collect = |site: &Site, path: &str| {
        let Some(&i) = site.by_path.get(path) else {
            return;
        };
        for o in site.page_owners.get(i).into_iter().flatten() {
            names.insert(o.name.clone());
        }
        if let Some(g) = &site.pages[i].src.meta.goal {
            names.extend(g.owner.iter().cloned());
            names.extend(g.contributors.iter().cloned());
        }
    };
    for p in c
        .pages_added
        .iter()
        .chain(c.pages_renamed.iter().map(|(_, p)| p))
    {
        collect(head, &p.path);
    }
    for p in c.pages_removed.iter().chain(&c.pages_unreadable) {
        collect(base, &p.path);
    }
    for p in &c.pages_changed {
        collect(head, &p.page.path);
        collect(base, p.from.as_deref().unwrap_or(&p.page.path));
    }
    let mut out: Vec<Reviewer> = Vec::new();
    for n in names {
        let r = match head
            .resolve_owner(&n)
            .map(|i| &head.pages[i])
            .or_else(|| base.resolve_owner(&n).map(|i| &base.pages[i]))
        {
            Some(p) => Reviewer {
                owner: p.slug().to_string(),
                title: p.title().to_string(),
                handles: p
                    .src
                    .meta
                    .owner
                    .as_ref()
                    .map(|o| o.handles.clone())
                    .unwrap_or_default(),
            },
            // A handle no owner page lists is still someone to ask.
            None if n.contains('@') => Reviewer {
                owner: n.clone(),
                title: n.clone(),
                handles: vec![n.clone()],
            },
            // An owner nobody defined has no one to ask, but it is who the page names.
            None => Reviewer {
                owner: n.clone(),
                title: format!("{n} (no owner page defines it)"),
                handles: vec![],
            },
        };
        if !out.iter().any(|x| x.owner == r.owner) {
            out.push(r);
        }
    }
    out.sort();
    out
}

/// Build the pull-request report from two models, the problems each side's checks found, and
/// the files that differ between the two commits besides the pages (`files`, from git trees).
pub fn report(
    base: &Site,
    head: &Site,
    base_problems: &crate::diagnostics::Diagnostics,
    head_problems: &crate::diagnostics::Diagnostics,
    files: &ChangedFiles,
    labels: (&str, &str),
) -> Report {
    let (base_label, head_label) = labels;
    let comparison = compare(base, head, base_label, head_label);
    let key = |p: &Problem| (p.code.clone(), p.file.clone(), p.message.clone());
    let (b, h) = (problems(base_problems), problems(head_problems));
    let bk: std::collections::BTreeSet<_> = b.iter().map(key).collect();
    let hk: std::collections::BTreeSet<_> = h.iter().map(key).collect();
    Report {
        reviewers: reviewers(&comparison, base, head),
        problems_introduced: h
            .iter()
            .filter(|p| !bk.contains(&key(p)))
            .cloned()
            .collect(),
        problems_fixed: b
            .iter()
            .filter(|p| !hk.contains(&key(p)))
            .cloned()
            .collect(),
        comparison,
        config_changes: config_changes(files),
    }
}
