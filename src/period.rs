//! Review periods (`6 months`, `1 year`, `90 days`): how often a goal must be touched.
//!
//! Both `book.toml` (`[wiki.goals] review-every`) and a goal's front matter (`review-every`) give
//! one, so the parsing lives here, below both the configuration and the content stages.

use std::fmt;

/// Parse a period such as `6 months`, `1 year`, `2 weeks` or `90 days`.
pub fn parse_period(s: &str) -> Option<jiff::Span> {
    let mut parts = s.split_whitespace();
    let n: i64 = parts.next()?.parse().ok()?;
    let unit = parts.next()?.trim_end_matches('s').to_ascii_lowercase();
    if parts.next().is_some() || n <= 0 || n > 1000 {
        return None;
    }
    let span = jiff::Span::new();
    match unit.as_str() {
        "day" => span.try_days(n).ok(),
        "week" => span.try_weeks(n).ok(),
        "month" => span.try_months(n).ok(),
        "year" => span.try_years(n).ok(),
        _ => None,
    }
}

/// A valid period, with the words it was written in: messages and pages repeat those words
/// (`review every 6 months`), so they are kept rather than rebuilt from the span.
#[derive(Debug, Clone)]
pub struct Period {
    text: String,
    span: jiff::Span,
}

impl Period {
    /// The period `text` means, or `None` when it is not one (see [`parse_period`]).
    pub fn parse(text: &str) -> Option<Period> {
        parse_period(text).map(|span| Period {
            text: text.to_string(),
            span,
        })
    }

    /// The period as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The length of the period.
    pub fn span(&self) -> jiff::Span {
        self.span
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_keep_their_words() {
        let p = Period::parse("6 months").unwrap();
        assert_eq!(p.to_string(), "6 months");
        assert_eq!(p.span().get_months(), 6);
        assert!(Period::parse("six months").is_none());
        assert!(Period::parse("0 days").is_none());
        assert!(parse_period("2 weeks").is_some());
    }
}
