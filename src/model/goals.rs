//! Goal tracking: which goals are overdue, which are stale, which indicators lack a value.
//!
//! Everything is computed against a `today` passed in (the build's date, or `--today`), so
//! tests and reproducible builds can fix it. An older edition of a site with several versions
//! is judged against its own date instead (`edition_date`): it reads as it did when it was
//! made, and it does not change from one day to the next.

use jiff::civil::Date;
use serde::Serialize;

use super::reviews::{Changes, key_line};
use super::{Role, Site};
use crate::content::{GoalStatus, Kind};
use crate::diagnostics::Diagnostic;
use crate::period::{Period, parse_period};

/// A goal's accountability state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoalState {
    /// The target date has passed and the goal is neither achieved nor dropped.
    pub overdue: bool,
    /// Days past the target date, when overdue.
    pub days_overdue: i64,
    /// Neither a commit that changed what it says nor a review touched the goal within its
    /// review period (a reformat is not a review: see `history::meaning`).
    pub stale: bool,
    /// The later of the last commit that changed what the goal says and its `review` date.
    pub last_touched: Option<Date>,
    /// In a shallow clone, for a goal no commit of its history touched: where that history
    /// starts, before which it was last touched.
    pub touched_before: Option<Date>,
    /// The review period that applies (`6 months`).
    pub review_every: String,
    /// For an overdue or stale goal of an older edition: the edition's date, which it was
    /// judged against (`None`: the build's date).
    pub as_of: Option<Date>,
}

/// Compute every goal's state; push `overdue`, `stale` and `indicator-missing-current`
/// diagnostics (their levels come from `[wiki.check]` later). Then the review state of every
/// other page with a review period (its own `review-every`, or `page_every`, `[wiki]
/// review-every`: see [`super::reviews`]).
///
/// Goals are judged against `today`, or against `edition_date` for an older edition (see
/// `versions::judged_on`), which is then recorded in the site and in the state of each
/// overdue or stale goal, for the pages to say so.
pub fn track(
    site: &mut Site,
    history: Option<&Changes<'_>>,
    today: Date,
    edition_date: Option<Date>,
    default_every: &Period,
    page_every: Option<&Period>,
    diags: &mut Vec<Diagnostic>,
) {
    let today = edition_date.unwrap_or(today);
    site.judged_on = edition_date;
    let mut states = vec![None; site.pages.len()];
    let mut reviews = vec![None; site.pages.len()];
    for (i, p) in site.pages.iter().enumerate() {
        let Some(g) = &p.src.meta.goal else { continue };
        if p.role != Role::Normal || p.kind() != Kind::Goal {
            continue;
        }
        let closed = matches!(g.status, GoalStatus::Achieved | GoalStatus::Dropped);
        let overdue = !closed && g.target.is_some_and(|t| t < today);
        let days_overdue = match (overdue, g.target) {
            (true, Some(t)) => (today - t).get_days() as i64,
            _ => 0,
        };
        let (last_touched, before_cutoff) =
            super::reviews::last_reviewed(history, &p.src.path, g.review);
        let every = g
            .review_every
            .clone()
            .unwrap_or_else(|| default_every.as_str().to_string());
        // In a shallow clone, a page untouched since the history's cut-off was last touched
        // before it at the latest: stale when the cut-off itself is past its review period.
        let stale = !closed
            && match (last_touched.or(before_cutoff), parse_period(&every)) {
                (Some(last), Some(span)) => last.checked_add(span).is_ok_and(|due| due < today),
                _ => false,
            };
        let file = &p.src.display;
        if overdue {
            let target = g.target.map(|t| t.to_string()).unwrap_or_default();
            diags.push(
                Diagnostic::warning(
                    "overdue",
                    format!(
                        "goal is overdue: its target {target} has passed ({days_overdue} days ago) and its status is `{}`",
                        g.status.name()
                    ),
                )
                .in_file(file)
                .at(key_line(&p.src, "target"), 1),
            );
        }
        if stale {
            diags.push(
                Diagnostic::warning(
                    "stale",
                    match (last_touched, before_cutoff) {
                        (None, Some(cut)) => format!(
                            "goal is stale: nothing has touched it since before {cut}, where the history of this clone starts (review every {every}); review it and set `review: {today}`"
                        ),
                        _ => format!(
                            "goal is stale: nothing has touched it since {} (review every {every}); review it and set `review: {today}`",
                            last_touched.map(|d| d.to_string()).unwrap_or_default()
                        ),
                    },
                )
                .in_file(file)
                .at(key_line(&p.src, "review").max(1), 1),
            );
        }
        for ind in &g.indicators {
            if ind.current.is_none() {
                diags.push(
                    Diagnostic::warning(
                        "indicator-missing-current",
                        format!("indicator `{}` has no `current` value", ind.name),
                    )
                    .in_file(file)
                    .at(key_line(&p.src, "indicators"), 1),
                );
            }
        }
        // A closed goal is never due for review: it is listed nowhere as such.
        reviews[i] = super::reviews::state(
            last_touched,
            before_cutoff,
            &every,
            today,
            edition_date.filter(|_| stale),
        )
        .map(|mut r| {
            r.due = stale;
            if !stale {
                r.days_overdue = 0;
            }
            r
        });
        states[i] = Some(GoalState {
            overdue,
            days_overdue,
            stale,
            last_touched,
            touched_before: before_cutoff,
            review_every: every,
            // Only where a page shows it: the other goals' pages stay the same in every
            // edition that has them unchanged, and are rendered once for all of them.
            as_of: edition_date.filter(|_| overdue || stale),
        });
    }
    site.goal_states = states;
    site.review_states = reviews;
    super::reviews::track_pages(site, history, today, edition_date, page_every, diags);
}
