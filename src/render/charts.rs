//! Inline SVG charts, drawn at build time: no JavaScript, colours from the theme's CSS (so dark
//! mode applies), and a text alternative in each chart's `<title>` and `<desc>`. Templates put a
//! data table beside every chart for readers who prefer numbers.

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

/// A small chart of one indicator: a track from the lowest to the highest value, with the
/// baseline, the current value and the target marked.
pub fn indicator_chart(
    name: &str,
    baseline: Option<f64>,
    current: Option<f64>,
    target: Option<f64>,
    fmt: &dyn Fn(Option<f64>) -> String,
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
    let (x0, w) = (10.0, 220.0);
    let x = |v: f64| x0 + (v - lo) / span * w;
    let desc = format!(
        "{name}: baseline {}, current {}, target {}",
        or_dash(fmt(baseline)),
        or_dash(fmt(current)),
        or_dash(fmt(target))
    );
    let mut s = format!(
        "<svg class=\"indicator-chart\" role=\"img\" aria-label=\"{}\" viewBox=\"0 0 240 30\" width=\"240\" height=\"30\" xmlns=\"http://www.w3.org/2000/svg\">\n<title>{}</title>\n<line x1=\"{x0}\" y1=\"15\" x2=\"{}\" y2=\"15\" class=\"track\"/>\n",
        escape_html(&desc),
        escape_html(&desc),
        x0 + w
    );
    if let (Some(b), Some(c)) = (baseline, current) {
        s.push_str(&format!(
            "<line x1=\"{:.1}\" y1=\"15\" x2=\"{:.1}\" y2=\"15\" class=\"progress-line\"/>\n",
            x(b),
            x(c)
        ));
    }
    if let Some(b) = baseline {
        s.push_str(&format!(
            "<circle cx=\"{:.1}\" cy=\"15\" r=\"5\" class=\"mark-baseline\"/>\n",
            x(b)
        ));
    }
    if let Some(t) = target {
        let tx = x(t);
        s.push_str(&format!(
            "<path d=\"M{:.1} 7 L{:.1} 15 L{:.1} 23 L{:.1} 15 Z\" class=\"mark-target\"/>\n",
            tx,
            tx + 7.0,
            tx,
            tx - 7.0
        ));
    }
    if let Some(c) = current {
        s.push_str(&format!(
            "<circle cx=\"{:.1}\" cy=\"15\" r=\"6\" class=\"mark-current\"/>\n",
            x(c)
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
    fn indicator_chart_marks_three_values() {
        let f = |v: Option<f64>| v.map(|v| format!("{v}%")).unwrap_or_default();
        let svg = indicator_chart("Share", Some(50.0), Some(75.0), Some(100.0), &f).unwrap();
        assert!(svg.contains("aria-label=\"Share: baseline 50%, current 75%, target 100%\""));
        assert!(svg.contains("cx=\"10.0\""), "baseline at the start");
        assert!(svg.contains("cx=\"120.0\""), "current in the middle");
        assert!(indicator_chart("x", None, Some(1.0), None, &f).is_none());
    }
}
