//! Contributed text made inert for the Markdown report.
//!
//! Titles, paths, owners, values and messages come from anyone's pull request, and the report is
//! posted as a comment that reviewers trust. A title holding a newline and `### Who should
//! review` would start a heading of its own; `<!--` would hide everything after it; a backtick
//! would end the code span around a path. So every piece of contributed text goes through one
//! of these functions, which keep it on one line and take every character that GitHub's or
//! GitLab's Markdown could read as structure literally.

/// Characters Markdown could read as structure anywhere in a line: backslash-escaped
/// (CommonMark lets any ASCII punctuation be escaped, and the escape shows the character).
const SPECIAL: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '<', '>', '|', '#', '!', '~', '&', '$',
];

/// Bidirectional controls: they reorder how text is displayed, so a reviewer would read
/// something other than what is there.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// One line: line breaks, tabs and every other control character (ANSI escapes included)
/// become spaces, bidirectional controls are dropped, and the ends are trimmed (leading spaces
/// could make an indented code block).
pub fn one_line(s: &str) -> String {
    s.chars()
        .filter(|c| !is_bidi_control(*c))
        .map(|c| {
            if c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Contributed text as plain inline Markdown: one line, every markup character escaped, and a
/// start that could open a block (`-`, `+`, `=`, `1.`) escaped too, since the text may begin a
/// list item or a table cell.
pub fn text(s: &str) -> String {
    let line = one_line(s);
    let mut out = String::with_capacity(line.len() + 8);
    // A leading `1.` or `1)` would start an ordered list inside a list item.
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    for (i, c) in line.chars().enumerate() {
        let leading_marker = (i == 0 && matches!(c, '-' | '+' | '='))
            || (i == digits && digits > 0 && matches!(c, '.' | ')'));
        if SPECIAL.contains(&c) || leading_marker {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Contributed text as a code span: one line, between enough backticks that none inside can
/// end it (and spaces around it when it begins or ends with one, as CommonMark asks).
pub fn code(s: &str) -> String {
    let line = one_line(s);
    let mut longest = 0;
    let mut run = 0;
    for c in line.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    if line.starts_with('`') || line.ends_with('`') || line.is_empty() {
        format!("{fence} {line} {fence}")
    } else {
        format!("{fence}{line}{fence}")
    }
}

/// A message of our own that quotes contributed text in backticks (`link `x` points nowhere`):
/// the parts between backticks become code spans and the rest escaped text, so a message reads
/// as before and a backtick in the quoted text cannot open anything.
pub fn message(s: &str) -> String {
    one_line(s)
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                code(part)
            } else {
                // Inside a message a leading `-` is not at the start of a line: only escape
                // the markup characters.
                part.chars()
                    .fold(String::with_capacity(part.len()), |mut out, c| {
                        if SPECIAL.contains(&c) {
                            out.push('\\');
                        }
                        out.push(c);
                        out
                    })
            }
        })
        .collect()
}

/// Contributed text inside raw HTML (`<summary>`): one line (a blank line would end the HTML
/// block and let what follows be read as Markdown) with `&`, `<`, `>` and `"` as entities.
pub fn html(s: &str) -> String {
    let mut out = String::new();
    for c in one_line(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// A code fence for `body`: longer than any run of backticks in it, so no line of a page's
/// diff (a page's own code block) can close it.
pub fn fence(body: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in body.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    "`".repeat((longest + 1).max(3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_stays_on_one_line_and_opens_nothing() {
        let t = text("Goal\n\n### Who should review\n- @x <!-- hidden");
        assert!(!t.contains('\n'));
        assert_eq!(t, "Goal  \\#\\#\\# Who should review - @x \\<\\!-- hidden");
        assert_eq!(text("First goal"), "First goal");
        assert_eq!(text("- item"), "\\- item");
        assert_eq!(text("12. x"), "12\\. x");
        assert_eq!(text("a | b"), "a \\| b");
        assert_eq!(text("a\u{202E}b\u{1b}[31m"), "ab \\[31m");
    }

    #[test]
    fn code_spans_hold_any_backticks() {
        assert_eq!(code("goals/x.md"), "`goals/x.md`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(code("a\nb"), "`a b`");
    }

    #[test]
    fn messages_keep_their_code_spans() {
        assert_eq!(
            message("owner `ghost` is not defined"),
            "owner `ghost` is not defined"
        );
        assert_eq!(message("link `a<b` to <!--"), "link `a<b` to \\<\\!--");
    }

    #[test]
    fn html_and_fences() {
        assert_eq!(html("a\n\n<b>&"), "a  &lt;b&gt;&amp;");
        assert_eq!(fence("x"), "```");
        assert_eq!(fence(" ````\n"), "`````");
    }
}
