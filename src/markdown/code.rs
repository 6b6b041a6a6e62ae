//! Code blocks as mdBook writes them, so an mdBook book reads the same: the info string split on
//! spaces, tabs and commas into classes (`rust,ignore` is `language-rust ignore`, which themes
//! and highlighters key on), and in Rust blocks the lines rustdoc hides (`# use x;`) left out.

use pulldown_cmark::CodeBlockKind;

use crate::text::escape_html;

/// The opening tags of a code block, and whether it is a Rust block (hidden lines apply).
pub(super) fn open(kind: &CodeBlockKind<'_>) -> (String, bool) {
    let CodeBlockKind::Fenced(info) = kind else {
        return ("<pre><code>".into(), false);
    };
    let mut words = info.split([' ', '\t', ',']).filter(|w| !w.is_empty());
    let Some(lang) = words.next() else {
        return ("<pre><code>".into(), false);
    };
    let mut classes = format!("language-{lang}");
    for w in words {
        classes.push(' ');
        classes.push_str(w);
    }
    (
        format!("<pre><code class=\"{}\">", escape_html(&classes)),
        lang == "rust",
    )
}

/// The text of a Rust block as shown: a line that is `#` alone or starts with `# ` (after
/// white space) is hidden, as mdBook hides it (behind a toggle; stratwiki's pages have no
/// script, so it is left out), and `##` at its start shows as `#` (mdBook's rule, from rustdoc).
pub(super) fn hide_rust_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let trimmed = body.trim_start();
        let ws = &body[..body.len() - trimmed.len()];
        if let Some(after) = trimmed.strip_prefix('#') {
            if after.is_empty() || after.starts_with(' ') {
                continue;
            }
            if after.starts_with('#') {
                out.push_str(ws);
                out.push_str(after);
                out.push_str(&line[body.len()..]);
                continue;
            }
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_strings_split_on_commas() {
        let k = CodeBlockKind::Fenced("rust,ignore,does_not_compile".into());
        assert_eq!(
            open(&k),
            (
                "<pre><code class=\"language-rust ignore does_not_compile\">".into(),
                true
            )
        );
        let k = CodeBlockKind::Fenced("".into());
        assert_eq!(open(&k), ("<pre><code>".into(), false));
    }

    #[test]
    fn hidden_lines() {
        assert_eq!(
            hide_rust_lines(
                "# use x;\n#\nfn main() {\n    # let h = 1;\n    ##[x]\n#[derive(Debug)]\n}\n"
            ),
            "fn main() {\n    #[x]\n#[derive(Debug)]\n}\n"
        );
    }
}
