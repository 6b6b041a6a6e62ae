//! HTML character references (`&mdash;`, `&#8212;`) in plain text, decoded.
//!
//! Handbooks moved from Jekyll, Hugo or Middleman write them in front matter
//! (`summary: "A &mdash; B"`), where those generators pass them to HTML as written. stratwiki
//! escapes front-matter text for display, so they would show as `&mdash;`: they are decoded
//! once, when read. pulldown-cmark knows every HTML5 name, so the text is read as one inline
//! run of Markdown with every other punctuation character escaped: nothing but the references
//! changes.

use pulldown_cmark::{Event, Options, Parser};

/// `text` with its character references decoded; anything else as written.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') || !text.contains(';') {
        return text.to_string();
    }
    let mut escaped = String::with_capacity(text.len() * 2);
    let mut prev = ' ';
    for c in text.chars() {
        let keep = c == '&' || c == ';' || (c == '#' && prev == '&');
        if c.is_ascii_punctuation() && !keep {
            escaped.push('\\');
        }
        // Line breaks and leading spaces would make blocks (a code block, a paragraph each).
        escaped.push(if c == '\n' || c == '\r' { ' ' } else { c });
        prev = c;
    }
    let mut out = String::with_capacity(text.len());
    for event in Parser::new_ext(escaped.trim_start(), Options::empty()) {
        if let Event::Text(t) = event {
            out.push_str(&t);
        }
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    format!("{lead}{}{trail}", out.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_references_and_keeps_everything_else() {
        assert_eq!(decode_entities("A &mdash; B"), "A — B");
        assert_eq!(decode_entities("A &#8212; &#x2014; B&amp;C"), "A — — B&C");
        assert_eq!(
            decode_entities("R&D; *not* [a](b) # 1. `x` <b>"),
            "R&D; *not* [a](b) # 1. `x` <b>"
        );
        assert_eq!(decode_entities("  # &lt;h1&gt;"), "  # <h1>");
        assert_eq!(decode_entities("&nosuch; \\n"), "&nosuch; \\n");
        assert_eq!(decode_entities("plain"), "plain");
    }
}
