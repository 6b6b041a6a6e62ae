//! Comparing two models: what changed between two versions of the strategy, in its own terms.
//!
//! A library function over two [`Site`]s, not template logic, so the same comparison serves the
//! versions' "changes" pages, `stratwiki diff A..B` and pull-request reports. Output is
//! deterministic: everything is sorted.
//!
//! - this file: the comparison of two models ([`compare`]);
//! - [`report`](mod@report): the pull-request report (reviewers, problems, configuration changes);
//! - [`config_changes`]: changes to configuration, templates and scripts, from git's list of
//!   changed files;
//! - [`markdown`]: the report as Markdown, with contributed text escaped by [`escape`];
//! - [`summary`]: the Markdown report summarised to fit in a pull-request comment.

pub mod config_changes;
pub mod escape;
pub mod languages;
pub mod markdown;
pub mod report;
pub mod summary;

pub use config_changes::{ChangedFile, ChangedFiles, ConfigChange, FileChange, NameChange};
pub use markdown::{report_markdown, to_markdown};
pub use report::{Problem, Report, Reviewer, report};
pub use summary::{COMMENT_LIMIT, fit};

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::content::{GoalMeta, Kind};
use crate::model::Site;

/// One field of a goal that changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// `status`, `owner`, `target`, `progress`, `indicator: <name>`, ...
    pub field: String,
    /// Before (`—` when absent).
    pub old: String,
    /// After.
    pub new: String,
}

/// A goal in a comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalRef {
    /// Id, when it has one.
    pub id: Option<String>,
    /// Slug.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Owner slug.
    pub owner: Option<String>,
    /// Status.
    pub status: String,
    /// Its language, in a multilingual wiki's report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// A goal present on both sides with changed fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalChange {
    /// The goal (head side).
    pub goal: GoalRef,
    /// What changed.
    pub changes: Vec<FieldChange>,
}

/// A page in a comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageRef {
    /// Content path.
    pub path: String,
    /// Title.
    pub title: String,
    /// Kind name.
    pub kind: String,
    /// Its language, in a multilingual wiki's report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// A page whose text changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageChange {
    /// The page (head side).
    pub page: PageRef,
    /// The path on the base side when it moved.
    pub from: Option<String>,
    /// A compact unified diff of the file's text (front matter and body).
    pub diff: String,
    /// Lines added and removed.
    pub added: usize,
    /// Lines removed.
    pub removed: usize,
}

/// Everything that differs between two versions.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Comparison {
    /// Label of the base (`v1`).
    pub base: String,
    /// Label of the head (`v2`).
    pub head: String,
    /// Goals only in head.
    pub goals_added: Vec<GoalRef>,
    /// Goals only in base.
    pub goals_removed: Vec<GoalRef>,
    /// Goals in both with changed fields.
    pub goals_changed: Vec<GoalChange>,
    /// Owners only in head.
    pub owners_added: Vec<PageRef>,
    /// Owners only in base.
    pub owners_removed: Vec<PageRef>,
    /// Pages only in head.
    pub pages_added: Vec<PageRef>,
    /// Pages only in base.
    pub pages_removed: Vec<PageRef>,
    /// Pages of base whose file head still has, but which do not build there (front matter
    /// that does not read, a schema error, an encoding): not removed, broken. The problems
    /// say why.
    pub pages_unreadable: Vec<PageRef>,
    /// Pages that moved: (base path, head page).
    pub pages_renamed: Vec<(String, PageRef)>,
    /// Pages whose text changed (renamed ones included, with `from`).
    pub pages_changed: Vec<PageChange>,
}

impl Comparison {
    /// True when nothing differs.
    pub fn is_empty(&self) -> bool {
        self.goals_added.is_empty()
            && self.goals_removed.is_empty()
            && self.goals_changed.is_empty()
            && self.owners_added.is_empty()
            && self.owners_removed.is_empty()
            && self.pages_added.is_empty()
            && self.pages_removed.is_empty()
            && self.pages_unreadable.is_empty()
            && self.pages_renamed.is_empty()
            && self.pages_changed.is_empty()
    }
}

fn page_ref(site: &Site, i: usize) -> PageRef {
    let p = &site.pages[i];
    PageRef {
        path: p.src.path.clone(),
        title: p.title().to_string(),
        kind: p.kind().name().to_string(),
        lang: None,
    }
}

fn goal_ref(site: &Site, i: usize) -> GoalRef {
    let p = &site.pages[i];
    let g = p.src.meta.goal.as_ref();
    GoalRef {
        id: g.and_then(|g| g.id.clone()),
        slug: p.slug().to_string(),
        title: p.title().to_string(),
        owner: g.and_then(|g| g.owner.clone()),
        status: g.map(|g| g.status.name().to_string()).unwrap_or_default(),
        lang: None,
    }
}

/// The full text of a page as it was written: front matter and body.
fn text_of(site: &Site, i: usize) -> String {
    let src = &site.pages[i].src;
    if src.front_matter.is_empty() {
        src.body.clone()
    } else {
        format!("---\n{}---\n{}", src.front_matter, src.body)
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_else(|| "—".into())
}

fn num(v: Option<f64>) -> String {
    match v {
        Some(v) if v.fract() == 0.0 => format!("{}", v as i64),
        Some(v) => v.to_string(),
        None => "—".into(),
    }
}

/// The fields of two versions of a goal that differ.
pub fn goal_changes(
    old: &GoalMeta,
    new: &GoalMeta,
    old_title: &str,
    new_title: &str,
) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let mut field = |name: &str, a: String, b: String| {
        if a != b {
            out.push(FieldChange {
                field: name.to_string(),
                old: a,
                new: b,
            });
        }
    };
    field("title", old_title.to_string(), new_title.to_string());
    field("status", old.status.name().into(), new.status.name().into());
    field("owner", opt(old.owner.clone()), opt(new.owner.clone()));
    field(
        "contributors",
        list(&old.contributors),
        list(&new.contributors),
    );
    field("target", opt(old.target), opt(new.target));
    field(
        "progress",
        opt(old.progress.map(|p| format!("{p}%"))),
        opt(new.progress.map(|p| format!("{p}%"))),
    );
    field("area", opt(old.area.clone()), opt(new.area.clone()));
    let names: BTreeSet<&str> = old
        .indicators
        .iter()
        .chain(&new.indicators)
        .map(|i| i.name.as_str())
        .collect();
    for name in names {
        let a = old.indicators.iter().find(|i| i.name == name);
        let b = new.indicators.iter().find(|i| i.name == name);
        let show = |i: Option<&crate::content::Indicator>| match i {
            None => "—".to_string(),
            Some(i) => format!(
                "{} → {} (target {}){}",
                num(i.baseline),
                num(i.current),
                num(i.target),
                i.unit
                    .as_deref()
                    .map(|u| format!(" {u}"))
                    .unwrap_or_default()
            ),
        };
        field(&format!("indicator: {name}"), show(a), show(b));
    }
    out
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "—".into()
    } else {
        v.join(", ")
    }
}

/// A compact unified diff (3 lines of context).
pub fn text_diff(old: &str, new: &str) -> (String, usize, usize) {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut added = 0;
    let mut removed = 0;
    for c in diff.iter_all_changes() {
        match c.tag() {
            similar::ChangeTag::Insert => added += 1,
            similar::ChangeTag::Delete => removed += 1,
            similar::ChangeTag::Equal => {}
        }
    }
    let text = diff.unified_diff().context_radius(3).to_string();
    (text, added, removed)
}

/// Compare two models.
pub fn compare(base: &Site, head: &Site, base_label: &str, head_label: &str) -> Comparison {
    compare_with_moves(base, head, base_label, head_label, &BTreeMap::new())
}

/// The moves the history of `head` knows between two sites: for each page of `head` whose path
/// `base` lacks, the newest of its earlier paths that `base` has and `head` does not (head
/// path → base path). These are git's renames, which [`compare_with_moves`] takes before it
/// guesses.
pub fn moves_in_history(
    base: &Site,
    head: &Site,
    history: &crate::history::History,
) -> BTreeMap<String, String> {
    head.pages
        .iter()
        .filter(|p| !base.by_path.contains_key(&p.src.path))
        .filter_map(|p| {
            let old = history
                .page(&p.src.path)?
                .old_paths
                .iter()
                .find(|o| base.by_path.contains_key(*o) && !head.by_path.contains_key(*o))?;
            Some((p.src.path.clone(), old.clone()))
        })
        .collect()
}

/// [`compare`], with the moves already known (`moves`: head path → base path, from the
/// history's renames, see [`moves_in_history`]) taken first; the rest are guessed.
pub fn compare_with_moves(
    base: &Site,
    head: &Site,
    base_label: &str,
    head_label: &str,
    moves: &BTreeMap<String, String>,
) -> Comparison {
    let mut c = Comparison {
        base: base_label.to_string(),
        head: head_label.to_string(),
        ..Comparison::default()
    };
    let normal = |s: &Site| -> BTreeMap<String, usize> {
        s.pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.src.path.clone(), i))
            .collect()
    };
    let (bp, hp) = (normal(base), normal(head));

    // Pages: same path, or moved (same kind and slug, or the same text).
    let removed: Vec<&String> = bp.keys().filter(|p| !hp.contains_key(*p)).collect();
    let added: Vec<&String> = hp.keys().filter(|p| !bp.contains_key(*p)).collect();
    // head path → base path: git's renames first, then a guess for the rest.
    let mut moved: BTreeMap<String, String> = moves
        .iter()
        .filter(|(h, b)| added.contains(h) && removed.contains(b))
        .map(|(h, b)| (h.clone(), b.clone()))
        .collect();
    for a in &added {
        if moved.contains_key(*a) {
            continue;
        }
        let h = &head.pages[hp[*a]];
        if let Some(r) = removed.iter().find(|r| {
            let b = &base.pages[bp[**r]];
            let goal_id =
                |p: &crate::model::Page| p.src.meta.goal.as_ref().and_then(|g| g.id.clone());
            !moved.values().any(|v| v == **r)
                && b.kind() == h.kind()
                && ((b.slug() == h.slug() && h.kind() != Kind::Page)
                    || (goal_id(b).is_some() && goal_id(b) == goal_id(h))
                    // Identical text, when there is enough of it to mean something, or
                    // with the same title (a file moved as it was: `git mv`).
                    || (b.src.body == h.src.body
                        && (b.src.body.trim().len() >= 200 || b.title() == h.title())))
        }) {
            moved.insert((*a).clone(), (*r).clone());
        }
    }
    for a in added {
        if !moved.contains_key(a) {
            c.pages_added.push(page_ref(head, hp[a]));
        }
    }
    for r in removed {
        if head.failed.contains(r) {
            c.pages_unreadable.push(page_ref(base, bp[r]));
        } else if !moved.values().any(|v| v == r) {
            c.pages_removed.push(page_ref(base, bp[r]));
        }
    }
    for (h, b) in &moved {
        c.pages_renamed.push((b.clone(), page_ref(head, hp[h])));
    }
    let pairs: Vec<(usize, usize, Option<String>)> = hp
        .iter()
        .filter_map(|(path, &hi)| match bp.get(path) {
            Some(&bi) => Some((bi, hi, None)),
            None => moved.get(path).map(|b| (bp[b], hi, Some(b.clone()))),
        })
        .collect();
    for (bi, hi, from) in &pairs {
        let (bt, ht) = (text_of(base, *bi), text_of(head, *hi));
        let (bt, ht) = (bt.as_str(), ht.as_str());
        let (bm, hm) = (&base.pages[*bi].src.meta, &head.pages[*hi].src.meta);
        let (mut bv, mut hv) = (serde_json::to_value(bm).ok(), serde_json::to_value(hm).ok());
        if from.is_some() {
            // A moved page's new slug (from its new file name) is the rename, listed as such.
            for v in [&mut bv, &mut hv].into_iter().flatten() {
                if let Some(o) = v.as_object_mut() {
                    o.remove("slug");
                }
            }
        }
        let meta_changed = bv != hv;
        if bt != ht || meta_changed {
            let (diff, added, removed) = text_diff(bt, ht);
            c.pages_changed.push(PageChange {
                page: page_ref(head, *hi),
                from: from.clone(),
                diff,
                added,
                removed,
            });
        }
        if let (Some(og), Some(ng)) = (&bm.goal, &hm.goal) {
            let changes = goal_changes(og, ng, &bm.title, &hm.title);
            if !changes.is_empty() {
                c.goals_changed.push(GoalChange {
                    goal: goal_ref(head, *hi),
                    changes,
                });
            }
        }
    }
    let kind_only = |list: &[PageRef], k: Kind| -> Vec<PageRef> {
        list.iter()
            .filter(|p| p.kind == k.name())
            .cloned()
            .collect()
    };
    for p in kind_only(&c.pages_added, Kind::Goal) {
        c.goals_added.push(goal_ref(head, hp[&p.path]));
    }
    for p in kind_only(&c.pages_removed, Kind::Goal) {
        c.goals_removed.push(goal_ref(base, bp[&p.path]));
    }
    c.owners_added = kind_only(&c.pages_added, Kind::Owner);
    c.owners_removed = kind_only(&c.pages_removed, Kind::Owner);
    c
}
