//! Review tracking for every kind of page: which pages are due for review.
//!
//! A page has a review period when it gives its own `review-every` (`review_in` in GOV.UK's
//! tech-docs-template, through `[wiki.front-matter]`), or when `[wiki] review-every` is set and
//! the page names an owner or a `review` date in its front matter (goals have theirs, with
//! `[wiki.goals] review-every` as the default: see [`super::goals`]). It is *due for review*
//! when the later of its `review` date and the last commit that changed what it says (see
//! `history::meaning`: a reformat or a key renamed through an alias does not count) is older
//! than its period. The dashboard lists such pages of every kind, each owner's page those it
//! owns, and the page itself says so.

use jiff::civil::Date;
use serde::Serialize;

use super::{Role, Site};
use crate::content::Kind;
use crate::diagnostics::Diagnostic;
use crate::period::{Period, parse_period};

/// A page's review state, for every page that has a review period (goals included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewState {
    /// The review period has passed since the page was last reviewed or changed.
    pub due: bool,
    /// The later of the page's `review` date and the last commit that changed what it says.
    pub last_reviewed: Option<Date>,
    /// In a shallow clone, for a page no commit of its history changed: where that history
    /// starts, before which it was last reviewed.
    pub reviewed_before: Option<Date>,
    /// The review period that applies (`6 months`).
    pub review_every: String,
    /// When the next review is (or was) due.
    pub due_on: Option<Date>,
    /// Days past `due_on`, when due.
    pub days_overdue: i64,
    /// For a page due in an older edition: the edition's date, which it was judged against.
    pub as_of: Option<Date>,
}

/// The review state of a page last reviewed on `last` (or, when that is unknown, before
/// `before`), with period `every`, judged on `today`. `None` when `every` is not a period.
pub fn state(
    last: Option<Date>,
    before: Option<Date>,
    every: &str,
    today: Date,
    edition_date: Option<Date>,
) -> Option<ReviewState> {
    let span = parse_period(every)?;
    let due_on = last.or(before).and_then(|d| d.checked_add(span).ok());
    let due = due_on.is_some_and(|d| d < today);
    Some(ReviewState {
        due,
        last_reviewed: last,
        reviewed_before: if last.is_none() { before } else { None },
        review_every: every.to_string(),
        due_on,
        days_overdue: match (due, due_on) {
            (true, Some(d)) => (today - d).get_days() as i64,
            _ => 0,
        },
        as_of: edition_date.filter(|_| due),
    })
}

/// The date (UTC) of a Unix time.
pub(super) fn day(t: i64) -> Option<Date> {
    jiff::Timestamp::from_second(t)
        .ok()
        .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date())
}

/// The later of a page's last meaningful commit and its `review` date, and (when neither is
/// known) where a shallow clone's history starts.
pub(super) fn last_reviewed(
    history: Option<&Changes<'_>>,
    path: &str,
    review: Option<Date>,
) -> (Option<Date>, Option<Date>) {
    let commit = history.and_then(|h| (h.last_changed)(path)).and_then(day);
    let last = match (commit, review) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    let before = match (last, history.and_then(|h| h.shallow_since)) {
        (None, Some(t)) => day(t),
        _ => None,
    };
    (last, before)
}

/// Compute the review state of every page that is not a goal (goals are tracked by
/// [`super::goals::track`], which fills theirs) and push a `stale` warning for each one due.
pub(super) fn track_pages(
    site: &mut Site,
    history: Option<&Changes<'_>>,
    today: Date,
    edition_date: Option<Date>,
    default_every: Option<&Period>,
    diags: &mut Vec<Diagnostic>,
) {
    site.review_states.resize(site.pages.len(), None);
    for (i, p) in site.pages.iter().enumerate() {
        if p.role != Role::Normal || p.kind() == Kind::Goal {
            continue;
        }
        let m = &p.src.meta;
        let every = match (&m.review_every, default_every) {
            (Some(e), _) => e.clone(),
            (None, Some(d)) if m.review.is_some() || !m.owners.is_empty() => d.to_string(),
            _ => continue,
        };
        let (last, before) = last_reviewed(history, &p.src.path, m.review);
        let Some(s) = state(last, before, &every, today, edition_date) else {
            continue;
        };
        if s.due {
            let since = match (s.last_reviewed, s.reviewed_before) {
                (Some(d), _) => format!("nothing has changed what it says since {d}"),
                (None, Some(d)) => format!(
                    "nothing has changed what it says since before {d}, where the history of this clone starts"
                ),
                _ => String::new(),
            };
            let due_on = s.due_on.map(|d| d.to_string()).unwrap_or_default();
            diags.push(
                Diagnostic::warning(
                    "stale",
                    format!(
                        "page is due for review: {since}, and it was due on {due_on} (review every {every}); review it and set its review date (`review`, or its alias) to {today}"
                    ),
                )
                .in_file(&p.src.display)
                .at(key_line(&p.src, "review").max(1), 1),
            );
        }
        site.review_states[i] = Some(s);
    }
}

/// What tracking goals and reviews needs of the change history (read by a later stage, so it
/// is handed in as this view rather than imported).
pub struct Changes<'a> {
    /// When the file at a content path last changed what it says (Unix seconds), if the
    /// history knows it: a commit that only reformats the page, or renames a key through an
    /// alias, is not a change (`history::meaning::last_meaningful`).
    pub last_changed: &'a (dyn Fn(&str) -> Option<i64> + 'a),
    /// Where a shallow clone's history begins (Unix seconds).
    pub shallow_since: Option<i64>,
}

/// The file line of a top-level front-matter key (1 when absent).
pub(super) fn key_line(p: &crate::content::ParsedPage, key: &str) -> usize {
    p.key_lines
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, l)| *l)
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn a_page_is_due_once_its_period_has_passed_since_its_last_review() {
        let today = d("2025-06-01");
        let s = state(Some(d("2024-11-01")), None, "6 months", today, None).unwrap();
        assert!(s.due && s.due_on == Some(d("2025-05-01")) && s.days_overdue == 31);
        let s = state(Some(d("2025-01-01")), None, "6 months", today, None).unwrap();
        assert!(!s.due && s.days_overdue == 0);
        let s = state(None, Some(d("2020-01-01")), "1 year", today, None).unwrap();
        assert!(s.due && s.reviewed_before == Some(d("2020-01-01")));
        assert!(state(None, None, "6 months", today, None).is_some_and(|s| !s.due));
        assert!(state(None, None, "often", today, None).is_none());
    }
}
