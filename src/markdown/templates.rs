//! Template syntax of other static-site generators in a page's text: Hugo's shortcodes
//! (`{{< figure >}}`, `{{% note %}}`), Jekyll's Liquid tags (`{% include x.html %}`) and
//! Middleman's ERB tags (`<%= partial "x" %>`).
//!
//! stratwiki runs no templates, so it shows them as written, for the reader to see that
//! something is missing and the author to see what: smart punctuation would turn the quotes in
//! them curly (`partial “x”`), which is neither the source nor what the generator would make.
//! The Markdown around and between them (a shortcode's inner text, a link) is rendered as
//! usual. One warning per page names the first.

use std::ops::Range;

/// The kinds of template tag found: opener, closer, and what the warning calls them. A longer
/// opener comes before one it starts with (`{{%` before `{%`), so the span found first wins.
const TAGS: &[(&str, &str, &str)] = &[
    ("{{<", ">}}", "a Hugo shortcode"),
    ("{{%", "%}}", "a Hugo shortcode"),
    ("{%", "%}", "a Liquid tag (Jekyll)"),
    ("<%", "%>", "an ERB tag (Middleman)"),
];

/// How much of a construct a warning quotes.
const QUOTE_CHARS: usize = 60;

/// A template tag in a page's text: its bytes and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The bytes of the tag, opener to closer.
    pub range: Range<usize>,
    /// What the tag is, for the warning.
    pub what: &'static str,
}

/// Every template tag in `body`, sorted and not overlapping. Linear in the body: each kind is
/// searched once from start to end, and a kind whose closer is missing is not searched again.
pub fn spans(body: &str) -> Vec<Span> {
    let mut all = Vec::new();
    for (order, &(open, close, what)) in TAGS.iter().enumerate() {
        let mut from = 0;
        while let Some(i) = body[from..].find(open) {
            let start = from + i;
            let inner = start + open.len();
            let Some(j) = body[inner..].find(close) else {
                break;
            };
            let end = inner + j + close.len();
            all.push((
                start,
                order,
                Span {
                    range: start..end,
                    what,
                },
            ));
            from = end;
        }
    }
    all.sort_by_key(|(start, order, _)| (*start, *order));
    let mut out: Vec<Span> = Vec::new();
    for (_, _, s) in all {
        if out
            .last()
            .is_none_or(|last| s.range.start >= last.range.end)
        {
            out.push(s);
        }
    }
    out
}

/// The tag whose bytes hold all of `range`, if one does.
pub fn holding<'s>(spans: &'s [Span], range: &Range<usize>) -> Option<&'s Span> {
    let i = spans.partition_point(|s| s.range.start <= range.start);
    let s = spans.get(i.checked_sub(1)?)?;
    (range.end <= s.range.end).then_some(s)
}

/// The tag whose bytes overlap `range`, if one does.
pub fn overlapping<'s>(spans: &'s [Span], range: &Range<usize>) -> Option<&'s Span> {
    let i = spans.partition_point(|s| s.range.end <= range.start);
    spans.get(i).filter(|s| s.range.start < range.end)
}

/// The warning's text for the first tag: what it is and its first line, shortened.
pub fn message(body: &str, span: &Span) -> String {
    let text = &body[span.range.clone()];
    let line = text.lines().next().unwrap_or_default();
    let mut quoted: String = line.chars().take(QUOTE_CHARS).collect();
    if quoted.len() < text.len() {
        quoted.push_str(" …");
    }
    format!(
        "template syntax is shown as written, since stratwiki runs no templates: {} `{quoted}` (and any more on this page)",
        span.what
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &str) -> Vec<&str> {
        spans(body).iter().map(|s| &body[s.range.clone()]).collect()
    }

    #[test]
    fn finds_each_kind_once_and_nested_openers_in_the_longer_one() {
        let body = "a {{< ref \"x\" >}} b {{% note %}} c {% include y.html %} <%= partial \"z\" %>";
        assert_eq!(
            texts(body),
            [
                "{{< ref \"x\" >}}",
                "{{% note %}}",
                "{% include y.html %}",
                "<%= partial \"z\" %>"
            ]
        );
        assert_eq!(spans(body)[2].what, "a Liquid tag (Jekyll)");
    }

    #[test]
    fn an_unclosed_opener_is_no_tag_and_the_scan_stays_linear() {
        assert!(spans("{{< a and {% b and <% c").is_empty());
        let long = "{%".repeat(100_000);
        assert!(spans(&long).is_empty());
    }

    #[test]
    fn holding_and_overlapping() {
        let body = "ab {% x %} cd";
        let s = spans(body);
        assert!(holding(&s, &(3..5)).is_some());
        assert!(holding(&s, &(0..5)).is_none());
        assert!(overlapping(&s, &(0..5)).is_some());
        assert!(overlapping(&s, &(10..13)).is_none());
    }
}
