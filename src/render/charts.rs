//! Inline SVG charts, drawn at build time: no JavaScript, colours from the theme's CSS (so dark
//! mode applies), and a text alternative in each chart's `<title>` and `<desc>`; and the shared
//! axis of the dashboard's bar charts, which the default theme draws as HTML tables (text that
//! stays readable on a phone, links that work, one table for sighted and screen-reader users).

use crate::text::escape_html;

/// One bar: label, value, CSS class suffix (`status-active`).
pub struct Bar<'a> {
    /// Label on the left.
    pub label: &'a str,
    /// Value.
    pub value: usize,
    /// CSS class for the bar's fill.
    pub class: &'a str,
}

/// A horizontal bar chart.
pub fn bar_chart(id: &str, title: &str, bars: &[Bar<'_>]) -> String {
    let row = 26;
    let label_w = 170;
    let bar_w = 260;
    let height = row * bars.len().max(1) + 6;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let desc: Vec<String> = bars
        .iter()
        .map(|b| format!("{}: {}", b.label, b.value))
        .collect();
    let mut s = format!(
        "<svg class=\"chart\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {w} {height}\" width=\"100%\" style=\"max-width: {w}px\" xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n",
        escape_html(title),
        escape_html(&desc.join("; ")),
        w = label_w + bar_w + 50,
    );
    for (i, b) in bars.iter().enumerate() {
        let y = i * row + 4;
        let w = b.value * bar_w / max;
        s.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"chart-label\">{}</text>\n<rect x=\"{label_w}\" y=\"{y}\" width=\"{w}\" height=\"{}\" rx=\"3\" class=\"bar {}\"/>\n<text x=\"{}\" y=\"{}\" class=\"chart-value\">{}</text>\n",
            label_w - 8,
            y + 16,
            escape_html(b.label),
            row - 8,
            escape_html(b.class),
            label_w + w + 6,
            y + 16,
            b.value
        ));
    }
    s.push_str("</svg>");
    s
}

/// A round scale for an axis from 0: the smallest step of 1, 2 or 5 times a power of ten that
/// covers `max` in at most five steps; returns the scale's end and every tick from 0.
pub fn nice_axis(max: usize) -> (usize, Vec<usize>) {
    let max = max.max(1);
    let mut step = 1usize;
    'find: for power in [1usize, 10, 100, 1_000, 10_000, 100_000, 1_000_000] {
        for m in [1, 2, 5] {
            step = m * power;
            if max.div_ceil(step) <= 5 {
                break 'find;
            }
        }
    }
    let end = max.div_ceil(step) * step;
    (end, (0..=end / step).map(|i| i * step).collect())
}

/// Whether an indicator improves by going down: its target is below its baseline.
pub fn decreasing(baseline: Option<f64>, target: Option<f64>) -> bool {
    matches!((baseline, target), (Some(b), Some(t)) if t < b)
}

/// Whether the current value has reached the target (in the indicator's direction).
pub fn exceeded(baseline: Option<f64>, current: Option<f64>, target: Option<f64>) -> bool {
    match (current, target) {
        (Some(c), Some(t)) if decreasing(baseline, target) => c <= t,
        (Some(c), Some(t)) => c >= t,
        _ => false,
    }
}

/// Looks a chart's words up in the page's language: a catalogue key and its arguments.
pub type ChartWords<'a> = dyn Fn(&str, &[(&str, &str)]) -> String + 'a;

/// The English words of a chart, for tests and callers without a catalogue.
pub fn english(key: &str, args: &[(&str, &str)]) -> String {
    let pattern = match key {
        "chart.indicator" => "{name}: baseline {baseline}, current {current}, target {target}",
        "chart.lower_is_better" => " (lower is better)",
        "chart.reached" => "; target reached",
        other => other,
    };
    crate::i18n::fill(pattern, &|n| {
        args.iter()
            .find(|(a, _)| *a == n)
            .map(|(_, v)| v.to_string())
    })
}

/// A small chart of one indicator: a track over the values' range, the way from the baseline
/// (a hollow circle) to the current value (a filled circle), and the target (an upright bar,
/// which a current value on or past it never hides). It always runs from the baseline on the
/// left towards the target on the right: for an indicator whose target is below its baseline
/// the scale is reversed, and the text alternative says lower is better. The theme's
/// `.chart-legend` names the three marks.
pub fn indicator_chart(
    name: &str,
    baseline: Option<f64>,
    current: Option<f64>,
    target: Option<f64>,
    fmt: &dyn Fn(Option<f64>) -> String,
    tr: &ChartWords<'_>,
) -> Option<String> {
    let values: Vec<f64> = [baseline, current, target].into_iter().flatten().collect();
    if values.len() < 2 {
        return None;
    }
    let lo = values.iter().cloned().fold(f64::INFINITY, f64::min);
    let hi = values.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let span = if (hi - lo).abs() < f64::EPSILON {
        1.0
    } else {
        hi - lo
    };
    let down = decreasing(baseline, target);
    let (x0, w) = (10.0, 220.0);
    let x = |v: f64| {
        let f = (v - lo) / span;
        x0 + if down { 1.0 - f } else { f } * w
    };
    let (b, c, t) = (
        or_dash(fmt(baseline)),
        or_dash(fmt(current)),
        or_dash(fmt(target)),
    );
    let mut desc = tr(
        "chart.indicator",
        &[
            ("name", name),
            ("baseline", &b),
            ("current", &c),
            ("target", &t),
        ],
    );
    if down {
        desc.push_str(&tr("chart.lower_is_better", &[]));
    }
    if exceeded(baseline, current, target) {
        desc.push_str(&tr("chart.reached", &[]));
    }
    let mut s = format!(
        "<svg class=\"indicator-chart\" role=\"img\" aria-label=\"{}\" viewBox=\"0 0 240 32\" width=\"240\" height=\"32\" xmlns=\"http://www.w3.org/2000/svg\">\n<title>{}</title>\n<line x1=\"{x0}\" y1=\"16\" x2=\"{}\" y2=\"16\" class=\"track\"/>\n",
        escape_html(&desc),
        escape_html(&desc),
        x0 + w
    );
    if let (Some(b), Some(c)) = (baseline, current) {
        s.push_str(&format!(
            "<line x1=\"{:.1}\" y1=\"16\" x2=\"{:.1}\" y2=\"16\" class=\"progress-line\"/>\n",
            x(b),
            x(c)
        ));
    }
    if let Some(b) = baseline {
        s.push_str(&format!(
            "<circle cx=\"{:.1}\" cy=\"16\" r=\"5\" class=\"mark-baseline\"/>\n",
            x(b)
        ));
    }
    if let Some(c) = current {
        s.push_str(&format!(
            "<circle cx=\"{:.1}\" cy=\"16\" r=\"6\" class=\"mark-current\"/>\n",
            x(c)
        ));
    }
    // Drawn last and taller than the circles: visible even where the current value sits on it.
    if let Some(t) = target {
        s.push_str(&format!(
            "<line x1=\"{tx:.1}\" y1=\"3\" x2=\"{tx:.1}\" y2=\"29\" class=\"mark-target\"/>\n",
            tx = x(t)
        ));
    }
    s.push_str("</svg>");
    Some(s)
}

fn or_dash(s: String) -> String {
    if s.is_empty() { "unknown".into() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_chart_has_text_alternative() {
        let svg = bar_chart(
            "st",
            "Goals by status",
            &[
                Bar {
                    label: "Active",
                    value: 4,
                    class: "status-active",
                },
                Bar {
                    label: "Paused",
                    value: 2,
                    class: "status-paused",
                },
            ],
        );
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title id=\"st-title\">Goals by status</title>"));
        assert!(svg.contains("<desc id=\"st-desc\">Active: 4; Paused: 2</desc>"));
        assert!(
            svg.contains("width=\"260\""),
            "the largest bar is full width"
        );
        assert!(svg.contains("width=\"130\""));
    }

    #[test]
    fn axes_are_round() {
        assert_eq!(nice_axis(0), (1, vec![0, 1]));
        assert_eq!(nice_axis(4), (4, vec![0, 1, 2, 3, 4]));
        assert_eq!(nice_axis(12), (15, vec![0, 5, 10, 15]));
        assert_eq!(nice_axis(7), (8, vec![0, 2, 4, 6, 8]));
        assert_eq!(nice_axis(230), (250, vec![0, 50, 100, 150, 200, 250]));
    }

    #[test]
    fn a_decreasing_indicator_runs_left_to_right_and_an_exceeded_target_stays_visible() {
        let f = |v: Option<f64>| v.map(|v| format!("{v}")).unwrap_or_default();
        // From 40 down to 10, now 25: the baseline on the left, the target on the right.
        let svg =
            indicator_chart("Queue", Some(40.0), Some(25.0), Some(10.0), &f, &english).unwrap();
        assert!(svg.contains("(lower is better)"), "{svg}");
        assert!(
            svg.contains("<circle cx=\"10.0\" cy=\"16\" r=\"5\" class=\"mark-baseline\"/>"),
            "{svg}"
        );
        assert!(
            svg.contains("x1=\"230.0\" y1=\"3\" x2=\"230.0\" y2=\"29\" class=\"mark-target\""),
            "{svg}"
        );
        assert!(svg.contains("cx=\"120.0\" cy=\"16\" r=\"6\""), "{svg}");
        // Past its target (92 of 90): both marks drawn, the target last and taller.
        let svg =
            indicator_chart("Mail", Some(30.0), Some(92.0), Some(90.0), &f, &english).unwrap();
        assert!(svg.contains("target reached"), "{svg}");
        let current = svg.find("mark-current").unwrap();
        let target = svg.find("mark-target").unwrap();
        assert!(
            current < target,
            "the target is drawn over the current value: {svg}"
        );
        assert!(exceeded(Some(40.0), Some(8.0), Some(10.0)));
        assert!(!exceeded(Some(40.0), Some(12.0), Some(10.0)));
    }

    #[test]
    fn indicator_chart_marks_three_values() {
        let f = |v: Option<f64>| v.map(|v| format!("{v}%")).unwrap_or_default();
        let svg =
            indicator_chart("Share", Some(50.0), Some(75.0), Some(100.0), &f, &english).unwrap();
        assert!(svg.contains("aria-label=\"Share: baseline 50%, current 75%, target 100%\""));
        assert!(svg.contains("cx=\"10.0\""), "baseline at the start");
        assert!(svg.contains("cx=\"120.0\""), "current in the middle");
        assert!(!svg.contains("lower is better"));
        assert!(indicator_chart("x", None, Some(1.0), None, &f, &english).is_none());
    }
}
