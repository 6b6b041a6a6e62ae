//! The whole strategy over time, for the dashboard: how many goals had each status, and how
//! many were overdue, on each day something changed, from every goal's series
//! ([`crate::history::series`]). `strategy-trend.html` draws it and holds every word.

use serde::Serialize;

use super::trend::Tick;
use crate::content::GoalStatus;
use crate::history::series::GoalSeries;

const W: f64 = 640.0;
const H: f64 = 240.0;
const LEFT: f64 = 40.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 36.0;

/// The most rows the trend keeps (the newest): a day per row.
const MAX_ROWS: usize = 2_000;

/// The strategy on one day.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Row {
    pub date: String,
    /// Goals per status, in [`GoalStatus::ALL`]'s order.
    pub counts: Vec<usize>,
    pub overdue: usize,
    pub total: usize,
}

/// One line of the chart.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    /// A status's front-matter name, or `overdue`.
    pub name: String,
    pub path: String,
}

/// The strategy's trend.
#[derive(Debug, Clone, Serialize)]
pub struct StrategyTrend {
    /// The statuses' names, the columns of `counts`.
    pub statuses: Vec<&'static str>,
    pub rows: Vec<Row>,
    pub lines: Vec<Line>,
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    pub y_ticks: Vec<Tick>,
    pub x_ticks: Vec<Tick>,
}

impl super::Renderer<'_> {
    /// The trend of the goals `goals` (page indexes), when the site has a history.
    pub(super) fn strategy_trend(&self, goals: &[usize]) -> Option<StrategyTrend> {
        let h = self.history?;
        let series: Vec<&GoalSeries> = goals
            .iter()
            .filter_map(|&i| h.series.get(&self.cx.site.pages[i].src.path))
            .collect();
        strategy_trend(&series)
    }
}

/// A status's place in [`GoalStatus::ALL`].
fn status_index(name: &str) -> Option<usize> {
    let s = GoalStatus::parse(name)?;
    GoalStatus::ALL.iter().position(|&x| x == s)
}

/// The trend of the goals whose series are `series`; `None` when it has fewer than two days.
pub fn strategy_trend(series: &[&GoalSeries]) -> Option<StrategyTrend> {
    // (day, goal, what): status changes and target dates, as the days they happened.
    enum What<'a> {
        Status(usize),
        Target(&'a str),
    }
    let mut events: Vec<(&str, usize, What<'_>)> = Vec::new();
    for (g, s) in series.iter().enumerate() {
        for p in &s.status {
            if let Some(i) = status_index(&p.value) {
                events.push((&p.date, g, What::Status(i)));
            }
        }
        for p in &s.target {
            events.push((&p.date, g, What::Target(&p.value)));
        }
    }
    events.sort_by(|a, b| a.0.cmp(b.0));
    let (first, last) = (events.first()?.0, events.last()?.0);
    // The days to look at: each day something changed, and the day after each target date
    // in between (when a goal may turn overdue with no commit at all).
    let mut days: Vec<String> = events.iter().map(|e| e.0.to_string()).collect();
    for s in series {
        for p in &s.target {
            if let Some(next) = next_day(&p.value)
                && next.as_str() > first
                && next.as_str() <= last
            {
                days.push(next);
            }
        }
    }
    days.sort();
    days.dedup();
    let mut status: Vec<Option<usize>> = vec![None; series.len()];
    let mut target: Vec<Option<&str>> = vec![None; series.len()];
    let mut rows: Vec<Row> = Vec::new();
    let mut at = 0;
    for day in days {
        while at < events.len() && events[at].0 <= day.as_str() {
            match events[at].2 {
                What::Status(i) => status[events[at].1] = Some(i),
                What::Target(t) => target[events[at].1] = Some(t),
            }
            at += 1;
        }
        let mut counts = vec![0; GoalStatus::ALL.len()];
        let mut overdue = 0;
        for (g, s) in status.iter().enumerate() {
            let Some(s) = *s else { continue };
            counts[s] += 1;
            let open = !matches!(
                GoalStatus::ALL[s],
                GoalStatus::Achieved | GoalStatus::Dropped
            );
            if open && target[g].is_some_and(|t| t < day.as_str()) {
                overdue += 1;
            }
        }
        let total = counts.iter().sum();
        if rows
            .last()
            .is_some_and(|r| r.counts == counts && r.overdue == overdue)
        {
            continue;
        }
        rows.push(Row {
            date: day,
            counts,
            overdue,
            total,
        });
    }
    if rows.len() < 2 {
        return None;
    }
    let rows = rows[rows.len().saturating_sub(MAX_ROWS)..].to_vec();
    Some(draw(rows))
}

/// The day after `d` (`YYYY-MM-DD`).
fn next_day(d: &str) -> Option<String> {
    let date: jiff::civil::Date = d.parse().ok()?;
    date.tomorrow().ok().map(|t| t.to_string())
}

/// Days since the epoch of `d`.
fn day_number(d: &str) -> i64 {
    d.parse::<jiff::civil::Date>()
        .ok()
        .and_then(|x| {
            x.since(jiff::civil::date(1970, 1, 1))
                .ok()
                .map(|s| i64::from(s.get_days()))
        })
        .unwrap_or(0)
}

/// The chart's geometry for `rows`.
fn draw(rows: Vec<Row>) -> StrategyTrend {
    let from = day_number(&rows[0].date);
    let to = day_number(&rows[rows.len() - 1].date);
    let span = (to - from).max(1) as f64 * 1.05;
    let x = |d: &str| round(LEFT + (day_number(d) - from) as f64 / span * (W - LEFT - RIGHT));
    let max = rows.iter().map(|r| r.total).max().unwrap_or(1).max(1);
    let y = |v: usize| round(TOP + (max - v) as f64 / max as f64 * (H - TOP - BOTTOM));
    let end = round(W - RIGHT);
    let line = |name: String, value: &dyn Fn(&Row) -> usize| {
        let mut path = String::new();
        for (i, r) in rows.iter().enumerate() {
            if i == 0 {
                path.push_str(&format!("M{} {}", x(&r.date), y(value(r))));
            } else {
                path.push_str(&format!(" H{} V{}", x(&r.date), y(value(r))));
            }
        }
        path.push_str(&format!(" H{end}"));
        Line { name, path }
    };
    let mut lines: Vec<Line> = GoalStatus::ALL
        .iter()
        .enumerate()
        .filter(|(k, _)| rows.iter().any(|r| r.counts[*k] > 0))
        .map(|(k, s)| line(s.name().to_string(), &|r: &Row| r.counts[k]))
        .collect();
    lines.push(line("overdue".into(), &|r: &Row| r.overdue));
    let step = max.div_ceil(4).max(1);
    let y_ticks = (0..=max)
        .step_by(step)
        .map(|v| Tick {
            at: y(v),
            label: v.to_string(),
        })
        .collect();
    let (fy, ty) = (&rows[0].date[..4], &rows[rows.len() - 1].date[..4]);
    let (fy, ty): (i32, i32) = (fy.parse().unwrap_or(0), ty.parse().unwrap_or(0));
    let ystep = ((ty - fy) / 8 + 1).max(1) as usize;
    let x_ticks = (fy..=ty)
        .step_by(ystep)
        .map(|yr| format!("{yr:04}-01-01"))
        .filter(|d| d.as_str() >= rows[0].date.as_str())
        .map(|d| Tick {
            at: x(&d),
            label: d[..4].to_string(),
        })
        .collect();
    StrategyTrend {
        statuses: GoalStatus::ALL.iter().map(|s| s.name()).collect(),
        rows,
        lines,
        width: W,
        height: H,
        left: LEFT,
        right: W - RIGHT,
        top: TOP,
        bottom: H - BOTTOM,
        y_ticks,
        x_ticks,
    }
}

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::series::Point;

    fn p(value: &str, date: &str) -> Point<String> {
        Point {
            value: value.into(),
            time: 0,
            date: date.into(),
            author: "A".into(),
            commit: "0".repeat(40),
            summary: String::new(),
        }
    }

    #[test]
    fn goals_are_counted_by_status_and_overdue_from_the_day_after_their_target() {
        let a = GoalSeries {
            status: vec![p("proposed", "2020-01-01"), p("active", "2020-06-01")],
            target: vec![p("2021-01-01", "2020-01-01")],
            ..GoalSeries::default()
        };
        let b = GoalSeries {
            status: vec![p("active", "2020-03-01"), p("achieved", "2022-01-01")],
            target: vec![p("2020-12-31", "2020-03-01")],
            ..GoalSeries::default()
        };
        let t = strategy_trend(&[&a, &b]).unwrap();
        let rows: Vec<(&str, Vec<usize>, usize)> = t
            .rows
            .iter()
            .map(|r| (r.date.as_str(), r.counts.clone(), r.overdue))
            .collect();
        assert_eq!(
            rows,
            vec![
                ("2020-01-01", vec![1, 0, 0, 0, 0], 0),
                ("2020-03-01", vec![1, 1, 0, 0, 0], 0),
                ("2020-06-01", vec![0, 2, 0, 0, 0], 0),
                ("2021-01-01", vec![0, 2, 0, 0, 0], 1),
                ("2021-01-02", vec![0, 2, 0, 0, 0], 2),
                ("2022-01-01", vec![0, 1, 1, 0, 0], 1),
            ]
        );
        assert!(t.lines.iter().any(|l| l.name == "overdue"));
    }
}
