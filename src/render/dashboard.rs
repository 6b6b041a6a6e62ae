//! The accountability dashboard: goals by status and area, the owner × area matrix, and the
//! gaps (unowned, overdue and stale goals, goals with no chapter, owners with no goals). The
//! same view, filtered to one owner, goes on each owner's page.

use std::collections::HashMap;

use super::charts::{Bar, bar_chart, nice_axis};
use super::context::{Contexts, area_anchor, humanize};
pub use super::view::{CountCtx, DashboardCtx, MatrixCtx, MatrixRow, TickCtx};
use super::view::{GoalRow, LinkCtx};
use crate::content::{GoalStatus, Kind};

/// Build the dashboard over `goals`; `global` adds the matrix and idle owners; `id` prefixes the
/// charts' element ids.
pub fn dashboard(cx: &Contexts<'_>, goals: &[usize], global: bool, id: &str) -> DashboardCtx {
    let site = cx.site;
    let meta = |g: usize| site.pages[g].src.meta.goal.as_ref();
    let mut by_status: Vec<CountCtx> = GoalStatus::ALL
        .iter()
        .map(|s| CountCtx {
            label: cx.status_label(*s),
            key: s.name().into(),
            count: goals
                .iter()
                .filter(|&&g| meta(g).map(|m| m.status) == Some(*s))
                .count(),
            share: 0.0,
        })
        .collect();
    let status_classes: Vec<String> = by_status
        .iter()
        .map(|c| format!("status-{}", c.key))
        .collect();
    let status_bars: Vec<Bar<'_>> = by_status
        .iter()
        .zip(&status_classes)
        .map(|(c, class)| Bar {
            label: &c.label,
            value: c.count,
            class,
        })
        .collect();
    // Areas in the order their first goal appears.
    let mut area_index: HashMap<String, usize> = HashMap::new();
    let mut by_area: Vec<CountCtx> = Vec::new();
    let mut area_keys: Vec<String> = Vec::new();
    for &g in goals {
        let a = meta(g).and_then(|m| m.area.clone()).unwrap_or_default();
        let i = *area_index.entry(a.clone()).or_insert_with(|| {
            by_area.push(CountCtx {
                label: if a.is_empty() {
                    cx.tr("goal.no_area")
                } else {
                    humanize(&a)
                },
                key: area_anchor(&a),
                count: 0,
                share: 0.0,
            });
            area_keys.push(a.clone());
            by_area.len() - 1
        });
        by_area[i].count += 1;
    }
    let area_bars: Vec<Bar<'_>> = by_area
        .iter()
        .map(|c| Bar {
            label: &c.label,
            value: c.count,
            class: "area",
        })
        .collect();
    let rows = |f: &dyn Fn(usize) -> bool| -> Vec<GoalRow> {
        goals
            .iter()
            .copied()
            .filter(|&g| f(g))
            .map(|g| cx.goal_row(g))
            .collect()
    };
    let unowned = rows(&|g| {
        meta(g)
            .and_then(|m| m.owner.as_deref())
            .and_then(|o| site.resolve_owner(o))
            .is_none()
    });
    let overdue = rows(&|g| cx.state(g).is_some_and(|s| s.overdue));
    let stale = rows(&|g| cx.state(g).is_some_and(|s| s.stale));
    let no_chapter = rows(&|g| meta(g).is_some_and(|m| m.chapters.is_empty()));

    let (matrix, idle_owners) = if global {
        let owners = &site.by_kind[&Kind::Owner];
        let mut cells: HashMap<Option<usize>, Vec<usize>> = HashMap::new();
        let mut busy = vec![false; site.pages.len()];
        for &g in goals {
            let Some(m) = meta(g) else { continue };
            let o = m.owner.as_deref().and_then(|o| site.resolve_owner(o));
            if let Some(o) = o {
                busy[o] = true;
            }
            for c in &m.contributors {
                if let Some(c) = site.resolve_owner(c) {
                    busy[c] = true;
                }
            }
            let a = area_index[&m.area.clone().unwrap_or_default()];
            cells.entry(o).or_insert_with(|| vec![0; area_keys.len()])[a] += 1;
        }
        let mut rows: Vec<MatrixRow> = owners
            .iter()
            .filter_map(|&o| {
                cells.get(&Some(o)).map(|c| MatrixRow {
                    owner: cx.link(o),
                    total: c.iter().sum(),
                    cells: c.clone(),
                })
            })
            .collect();
        if let Some(c) = cells.get(&None) {
            rows.push(MatrixRow {
                owner: LinkCtx {
                    title: cx.tr("page.no_owner"),
                    url: String::new(),
                    kind: "owner".into(),
                    kind_label: cx.kind_label(Kind::Owner),
                    summary: None,
                },
                total: c.iter().sum(),
                cells: c.clone(),
            });
        }
        let idle = owners
            .iter()
            .filter(|&&o| !busy[o])
            .map(|&o| cx.link(o))
            .collect();
        (
            Some(MatrixCtx {
                areas: by_area.iter().map(|c| c.label.clone()).collect(),
                rows,
            }),
            idle,
        )
    } else {
        (None, Vec::new())
    };
    let status_chart = bar_chart(
        &format!("{id}-status"),
        &cx.tr("dashboard.by_status"),
        &status_bars,
    );
    let area_chart = bar_chart(
        &format!("{id}-area"),
        &cx.tr("dashboard.by_area"),
        &area_bars,
    );
    // One scale for both charts, so a bar of 4 is as long in either.
    let largest = by_status.iter().chain(&by_area).map(|c| c.count).max();
    let (scale, steps) = nice_axis(largest.unwrap_or(0));
    for c in by_status.iter_mut().chain(by_area.iter_mut()) {
        c.share = c.count as f64 * 100.0 / scale as f64;
    }
    let lang = &cx.config.book.language;
    let ticks = steps
        .into_iter()
        .map(|v| TickCtx {
            label: super::format::number(v as f64, lang),
            at: v as f64 * 100.0 / scale as f64,
        })
        .collect();
    let due_for_review = if global {
        super::reviews::due_for_review(cx, &|_| true)
    } else {
        Vec::new()
    };
    DashboardCtx {
        total: goals.len(),
        status_chart,
        area_chart,
        ticks,
        by_status,
        by_area,
        matrix,
        unowned,
        no_chapter,
        idle_owners,
        // Only where it is shown: an owner's page stays the same in every edition that has
        // it unchanged, and is rendered once for all of them.
        as_of: site
            .judged_on
            .filter(|_| !overdue.is_empty() || !stale.is_empty() || !due_for_review.is_empty())
            .map(|d| d.to_string()),
        overdue,
        stale,
        due_for_review,
    }
}
