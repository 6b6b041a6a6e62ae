//! Pages due for review, as rows for the dashboard (every kind of page) and for each owner's
//! page (the pages it owns). The states themselves are the model's (`model::reviews`).

use super::context::Contexts;
use super::view::ReviewRow;

/// The row of page `i`, when it is due for review.
fn row(cx: &Contexts<'_>, i: usize) -> Option<ReviewRow> {
    let s = cx.site.review_states.get(i)?.as_ref().filter(|s| s.due)?;
    let p = &cx.site.pages[i];
    Some(ReviewRow {
        title: p.title().to_string(),
        url: p.url.clone(),
        kind: p.kind().name().into(),
        kind_label: cx.kind_label(p.kind()),
        owners: cx.page_owners(i),
        last_reviewed: s.last_reviewed.map(|d| d.to_string()),
        reviewed_before: s.reviewed_before.map(|d| d.to_string()),
        review_every: s.review_every.clone(),
        due_on: s.due_on.map(|d| d.to_string()),
        days_overdue: s.days_overdue,
    })
}

/// Every page due for review that `keep` accepts, most overdue first, then by title.
pub fn due_for_review(cx: &Contexts<'_>, keep: &dyn Fn(usize) -> bool) -> Vec<ReviewRow> {
    let mut rows: Vec<ReviewRow> = (0..cx.site.pages.len())
        .filter(|&i| keep(i))
        .filter_map(|i| row(cx, i))
        .collect();
    rows.sort_by(|a, b| {
        b.days_overdue
            .cmp(&a.days_overdue)
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.url.cmp(&b.url))
    });
    rows
}

/// The pages owner page `owner` owns (front matter, else CODEOWNERS) that are due for review,
/// but its goals: the owner page lists each goal once, in its goal table, with its stale state.
pub fn owned_due(cx: &Contexts<'_>, owner: usize) -> Vec<ReviewRow> {
    due_for_review(cx, &|i| {
        cx.site.pages[i].kind().name() != "goal"
            && cx
                .site
                .page_owners
                .get(i)
                .is_some_and(|os| os.iter().any(|o| o.page == Some(owner)))
    })
}
