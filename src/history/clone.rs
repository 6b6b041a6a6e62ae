//! Clones that lack part of the history: shallow ones (history cut at a date) and partial
//! ones (old texts missing), which the build says once rather than failing per commit.

use std::path::Path;

use git2::{Oid, Repository};

use super::History;
use crate::diagnostics::Diagnostic;

/// Commit ids listed in `.git/shallow`.
pub(super) fn shallow_roots(git_dir: &Path) -> Vec<Oid> {
    std::fs::read_to_string(git_dir.join("shallow"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| Oid::from_str(l.trim()).ok())
        .collect()
}

/// For a partial clone: mark the history so, and say once what it lacks (`incomplete`
/// commits whose changes could not be read).
pub(super) fn note_partial(
    history: &mut History,
    partial: bool,
    incomplete: usize,
    diags: &mut Vec<Diagnostic>,
) {
    if !partial {
        return;
    }
    history.partial = true;
    let lacks = if incomplete > 0 {
        format!(
            "the changes of {incomplete} commit{} are missing from the history and old revisions' diffs cannot be shown.",
            if incomplete == 1 { "" } else { "s" }
        )
    } else {
        "old revisions' diffs may not be shown.".to_string()
    };
    diags.push(Diagnostic::warning(
        "history",
        format!(
            "this is a partial clone (`git clone --filter=...`): it lacks objects git fetches on demand, which stratwiki cannot do, so {lacks} Clone without `--filter` (in GitHub Actions, `actions/checkout` without `filter`)"
        ),
    ));
}

/// True for a partial clone: a remote that promises objects the clone does not have.
pub(super) fn is_partial_clone(repo: &Repository) -> bool {
    let Ok(config) = repo.config() else {
        return false;
    };
    if config.get_string("extensions.partialclone").is_ok() {
        return true;
    }
    let Ok(mut entries) = config.entries(Some(r"remote\..*\.promisor")) else {
        return false;
    };
    let mut found = false;
    while let Some(Ok(e)) = entries.next() {
        found |= matches!(e.value(), Ok("true" | "1" | "yes" | "on"));
    }
    found
}
