//! Dates as pages show them, and commits grouped by day.

use std::collections::BTreeMap;

use super::Commit;

/// `2024-05-01` for seconds since the epoch (UTC).
pub fn date(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds)
        .map(|t| t.strftime("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// RFC 3339 (`2024-05-01T12:00:00Z`) for seconds since the epoch.
pub fn rfc3339(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds)
        .map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// Group commits by day (newest first), for the recent-changes page.
pub fn by_day(commits: &[&Commit]) -> BTreeMap<std::cmp::Reverse<String>, Vec<usize>> {
    let mut m: BTreeMap<std::cmp::Reverse<String>, Vec<usize>> = BTreeMap::new();
    for (i, c) in commits.iter().enumerate() {
        m.entry(std::cmp::Reverse(date(c.time)))
            .or_default()
            .push(i);
    }
    m
}
