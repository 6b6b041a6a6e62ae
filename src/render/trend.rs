//! Progress over time as charts: a goal's series ([`crate::history::series`]) laid out as SVG
//! geometry, and the whole strategy's trend (goals by status, overdue goals) for the dashboard.
//!
//! Only numbers are made here; `trend.html` draws them and holds every word, so a translation
//! of the theme translates the charts. Each value is a step that holds until the next commit
//! changes it: a value that went back (60 → 40) is drawn going back, at the commit that did it.

use serde::Serialize;

use crate::history::series::{GoalSeries, Point};
use crate::history::short;

/// The drawing's size, in SVG units (it scales to its box).
const W: f64 = 640.0;
const H: f64 = 220.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 36.0;
/// One day, in seconds.
const DAY: i64 = 86_400;

/// The most points drawn of one series (the newest); the table lists them all.
const MAX_POINTS: usize = 500;

/// A point of a chart: where it is drawn and what it says.
#[derive(Debug, Clone, Serialize)]
pub struct ChartPoint {
    pub x: f64,
    pub y: f64,
    /// The value, written out (with its unit).
    pub value: String,
    pub date: String,
    pub author: String,
    /// The commit's short id.
    pub commit: String,
    pub summary: String,
    /// The change on the goal's history page.
    pub href: Option<String>,
}

/// A tick on an axis: where, and its label.
#[derive(Debug, Clone, Serialize)]
pub struct Tick {
    pub at: f64,
    pub label: String,
}

/// One chart of one series.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    /// Unique on the page (`sw-trend-progress`, `sw-trend-indicator-2`).
    pub id: String,
    /// `progress` or `indicator`: the template names the chart from it.
    pub kind: &'static str,
    /// The indicator's name (empty for progress).
    pub name: String,
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    /// The step line through the points (`M x y H x V y …`).
    pub path: String,
    pub points: Vec<ChartPoint>,
    pub y_ticks: Vec<Tick>,
    pub x_ticks: Vec<Tick>,
    /// The target value's line (y) and label.
    pub target: Option<Tick>,
    /// The target date's line (x) and date.
    pub target_date: Option<Tick>,
}

/// A change of status, for the goal's status timeline.
#[derive(Debug, Clone, Serialize)]
pub struct StatusChange {
    pub status: String,
    pub date: String,
    pub author: String,
    pub commit: String,
    pub summary: String,
    pub href: Option<String>,
}

/// A goal's trend: a chart per numeric series, and its status changes.
#[derive(Debug, Clone, Serialize, Default)]
pub struct GoalTrend {
    pub charts: Vec<Chart>,
    pub status: Vec<StatusChange>,
}

impl GoalTrend {
    /// True when there is nothing to show over time (one point or none in every series).
    pub fn is_empty(&self) -> bool {
        self.charts.is_empty() && self.status.len() < 2
    }
}

/// What the chart of one indicator needs besides its points.
pub struct IndicatorInfo<'a> {
    pub name: &'a str,
    pub target: Option<f64>,
    pub unit: &'a str,
}

/// The trend of a goal from its series. `target` is its target date (`YYYY-MM-DD`),
/// `indicators` what its indicators are now, `history_url` its history page (from the site's
/// root) for the points' links.
pub fn goal_trend(
    s: &GoalSeries,
    target: Option<&str>,
    indicators: &[IndicatorInfo<'_>],
    history_url: Option<&str>,
    root: &str,
) -> GoalTrend {
    let href = |p: &Point<()>| history_url.map(|u| format!("{root}{u}#rev-{}", short(&p.commit)));
    let target_time = target.and_then(day_seconds);
    let mut charts = Vec::new();
    if s.progress.len() > 1 {
        let pts: Vec<(i64, f64, String, Point<()>)> = s
            .progress
            .iter()
            .map(|p| (p.time, f64::from(p.value), format!("{}%", p.value), unit(p)))
            .collect();
        charts.push(chart(
            "sw-trend-progress".into(),
            "progress",
            String::new(),
            &pts,
            (0.0, 100.0),
            Some((100.0, "100%".into())),
            target_time.zip(target),
            &href,
        ));
    }
    for (n, ind) in s.indicators.iter().enumerate() {
        if ind.points.len() < 2 {
            continue;
        }
        let info = indicators.iter().find(|i| i.name == ind.name);
        let u = info.map_or("", |i| i.unit);
        let pts: Vec<(i64, f64, String, Point<()>)> = ind
            .points
            .iter()
            .map(|p| (p.time, p.value, number(p.value, u), unit(p)))
            .collect();
        let goal_value = info.and_then(|i| i.target).filter(|t| t.is_finite());
        let (mut lo, mut hi) = pts
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
                (a.min(p.1), b.max(p.1))
            });
        if let Some(t) = goal_value {
            lo = lo.min(t);
            hi = hi.max(t);
        }
        lo = lo.min(0.0);
        if hi <= lo {
            hi = lo + 1.0;
        }
        charts.push(chart(
            format!("sw-trend-indicator-{}", n + 1),
            "indicator",
            ind.name.clone(),
            &pts,
            (lo, hi),
            goal_value.map(|t| (t, number(t, u))),
            target_time.zip(target),
            &href,
        ));
    }
    let status = s
        .status
        .iter()
        .map(|p| StatusChange {
            status: p.value.clone(),
            date: p.date.clone(),
            author: p.author.clone(),
            commit: short(&p.commit).to_string(),
            summary: p.summary.clone(),
            href: href(&unit(p)),
        })
        .collect();
    GoalTrend { charts, status }
}

impl super::Renderer<'_> {
    /// The trend of goal page `i`, when its history shows any change over time.
    pub(super) fn goal_trend(&self, i: usize) -> Option<GoalTrend> {
        let h = self.history?;
        let p = &self.cx.site.pages[i];
        let g = p.src.meta.goal.as_ref()?;
        let s = h.series.get(&p.src.path)?;
        let target = g.target.map(|d| d.to_string());
        let infos: Vec<IndicatorInfo<'_>> = g
            .indicators
            .iter()
            .map(|x| IndicatorInfo {
                name: &x.name,
                target: x.target,
                unit: x.unit.as_deref().unwrap_or(""),
            })
            .collect();
        let history_url = super::revisions::history_url(&p.url);
        let t = goal_trend(
            s,
            target.as_deref(),
            &infos,
            Some(&history_url),
            &crate::text::root_prefix(&p.url),
        );
        (!t.is_empty()).then_some(t)
    }
}

/// A point's commit, without its value.
fn unit<T>(p: &Point<T>) -> Point<()> {
    Point {
        value: (),
        time: p.time,
        date: p.date.clone(),
        author: p.author.clone(),
        commit: p.commit.clone(),
        summary: p.summary.clone(),
    }
}

/// A number as the goal page writes it: no `.0`, and its unit.
fn number(v: f64, unit: &str) -> String {
    let n = if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{:.2}", v)
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    };
    match unit {
        "" => n,
        "%" => format!("{n}%"),
        u => format!("{n} {u}"),
    }
}

/// Seconds since the epoch at the start of day `d` (`YYYY-MM-DD`).
fn day_seconds(d: &str) -> Option<i64> {
    let date: jiff::civil::Date = d.parse().ok()?;
    let z = date.to_zoned(jiff::tz::TimeZone::UTC).ok()?;
    Some(z.timestamp().as_second())
}

/// The time axis of points from `first` to `last` (seconds), widened to the target date: x of
/// a time.
struct Axis {
    from: i64,
    to: i64,
}

impl Axis {
    fn x(&self, t: i64) -> f64 {
        let span = (self.to - self.from).max(1) as f64;
        LEFT + (t - self.from) as f64 / span * (W - LEFT - RIGHT)
    }

    /// Ticks at the start of each year in range (at most about eight of them).
    fn ticks(&self) -> Vec<Tick> {
        let year = |t: i64| {
            jiff::Timestamp::from_second(t)
                .map(|ts| ts.to_zoned(jiff::tz::TimeZone::UTC).year())
                .unwrap_or(1970)
        };
        let (a, b) = (year(self.from), year(self.to));
        let step = ((b - a) / 8 + 1).max(1);
        let mut out = Vec::new();
        let mut y = a;
        while y <= b {
            if let Some(t) = day_seconds(&format!("{y:04}-01-01"))
                && t >= self.from
                && t <= self.to
            {
                out.push(Tick {
                    at: self.x(t),
                    label: y.to_string(),
                });
            }
            y += step;
        }
        if out.is_empty() {
            out.push(Tick {
                at: self.x(self.from),
                label: crate::history::date(self.from),
            });
        }
        out
    }
}

/// A chart of `pts` (time, value, label, commit) on the y range `range`.
#[allow(clippy::too_many_arguments)]
fn chart(
    id: String,
    kind: &'static str,
    name: String,
    pts: &[(i64, f64, String, Point<()>)],
    range: (f64, f64),
    goal: Option<(f64, String)>,
    target_date: Option<(i64, &str)>,
    href: &dyn Fn(&Point<()>) -> Option<String>,
) -> Chart {
    let pts = &pts[pts.len().saturating_sub(MAX_POINTS)..];
    let first = pts.first().map_or(0, |p| p.0);
    let last = pts.last().map_or(0, |p| p.0);
    let mut axis = Axis {
        from: first,
        to: last.max(first + DAY),
    };
    if let Some((t, _)) = target_date {
        axis.from = axis.from.min(t);
        axis.to = axis.to.max(t);
    }
    // A little room after the last change, so its step is seen.
    axis.to += (axis.to - axis.from) / 20;
    let (lo, hi) = range;
    let y = |v: f64| TOP + (hi - v) / (hi - lo) * (H - TOP - BOTTOM);
    let mut path = String::new();
    let mut points = Vec::new();
    for (i, (t, v, label, c)) in pts.iter().enumerate() {
        let (px, py) = (round(axis.x(*t)), round(y(*v)));
        if i == 0 {
            path.push_str(&format!("M{px} {py}"));
        } else {
            path.push_str(&format!(" H{px} V{py}"));
        }
        points.push(ChartPoint {
            x: px,
            y: py,
            value: label.clone(),
            date: c.date.clone(),
            author: c.author.clone(),
            commit: short(&c.commit).to_string(),
            summary: c.summary.clone(),
            href: href(c),
        });
    }
    if let Some(p) = points.last() {
        path.push_str(&format!(" H{}", round(axis.x(axis.to))));
        let _ = p;
    }
    let y_ticks = (0..=4)
        .map(|k| {
            let v = lo + (hi - lo) * f64::from(k) / 4.0;
            Tick {
                at: round(y(v)),
                label: if kind == "progress" {
                    format!("{}%", v.round())
                } else {
                    number((v * 100.0).round() / 100.0, "")
                },
            }
        })
        .collect();
    Chart {
        id,
        kind,
        name,
        width: W,
        height: H,
        left: LEFT,
        right: W - RIGHT,
        top: TOP,
        bottom: H - BOTTOM,
        path,
        points,
        y_ticks,
        x_ticks: axis.ticks(),
        target: goal.map(|(v, label)| Tick {
            at: round(y(v)),
            label,
        }),
        target_date: target_date.map(|(t, d)| Tick {
            at: round(axis.x(t)),
            label: d.to_string(),
        }),
    }
}

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::series::IndicatorSeries;

    fn p<T>(value: T, day: i64, who: &str) -> Point<T> {
        Point {
            value,
            time: 1_600_000_000 + day * DAY,
            date: crate::history::date(1_600_000_000 + day * DAY),
            author: who.into(),
            commit: format!("{day:040}"),
            summary: "s".into(),
        }
    }

    #[test]
    fn a_value_that_goes_back_is_drawn_going_back() {
        let s = GoalSeries {
            progress: vec![
                p(10, 0, "A"),
                p(30, 10, "B"),
                p(20, 20, "A"),
                p(60, 30, "B"),
            ],
            status: vec![p("active".to_string(), 0, "A")],
            target: Vec::new(),
            indicators: vec![IndicatorSeries {
                name: "n".into(),
                points: vec![p(1.0, 0, "A")],
            }],
        };
        let t = goal_trend(
            &s,
            Some("2030-01-01"),
            &[],
            Some("history/goals/g.html"),
            "../",
        );
        assert_eq!(t.charts.len(), 1, "one point is no trend");
        let c = &t.charts[0];
        let ys: Vec<f64> = c.points.iter().map(|p| p.y).collect();
        assert!(ys[1] < ys[0] && ys[2] > ys[1] && ys[3] < ys[2], "{ys:?}");
        assert_eq!(c.points[2].value, "20%");
        assert_eq!(
            c.points[0].href.as_deref(),
            Some("../history/goals/g.html#rev-00000000")
        );
        // The target date is on the axis, after the last point.
        assert!(c.target_date.as_ref().unwrap().at > c.points[3].x);
    }

    #[test]
    fn numbers_are_written_without_noise() {
        assert_eq!(number(12.0, "%"), "12%");
        assert_eq!(number(12.5, "services"), "12.5 services");
    }
}
