//! Small text helpers shared by every stage: positions, slugs and escaping.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// 1-based (line, column) of a byte offset in `text`. Columns count characters, not bytes,
/// so they match what an editor shows.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut offset = offset;
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

/// Line and column lookups in one text, each in time independent of where it is.
///
/// [`line_col`] scans from the start, which is fine once per file; a page with 150,000 links
/// on one line, or a `SUMMARY.md` of 200,000 lines, asks for a position per item, and scanning
/// again each time made that quadratic. The line starts are found once (a lookup is a binary
/// search), and the column is counted on from the previous lookup when it was earlier on the
/// same line, as a parser's items come in order. The answers are exactly [`line_col`]'s.
#[derive(Debug, Clone)]
pub struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
    /// The last lookup: (line index, byte offset, column there).
    last: Option<(usize, usize, usize)>,
}

impl<'t> LineIndex<'t> {
    /// Index `text` (one pass over it).
    pub fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex {
            text,
            starts,
            last: None,
        }
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset.min(self.text.len()))
    }

    /// 1-based (line, column) of a byte offset, as [`line_col`] gives it.
    pub fn line_col(&mut self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line(offset) - 1;
        let (from, col) = match self.last {
            Some((l, at, col)) if l == line && at <= offset => (at, col),
            _ => (self.starts[line], 1),
        };
        let col = col + self.text[from..offset].chars().count();
        self.last = Some((line, offset, col));
        (line + 1, col)
    }
}

/// Turn a title or file name into a URL slug: lowercase letters, digits and `-`.
/// Latin letters with diacritics lose them (`ö` → `o`), so Swedish names give readable slugs;
/// letters of other scripts stay as they are, lower-cased (`стратегія`); other characters
/// become `-`, and runs of `-` collapse.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in s.chars() {
        let mapped: Option<&str> = match c {
            'å' | 'ä' | 'à' | 'á' | 'â' | 'ã' | 'Å' | 'Ä' | 'À' | 'Á' | 'Â' | 'Ã' => {
                Some("a")
            }
            'ö' | 'ò' | 'ó' | 'ô' | 'õ' | 'ø' | 'Ö' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ø' => {
                Some("o")
            }
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => Some("e"),
            'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => Some("i"),
            'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ù' | 'Û' | 'Ü' => Some("u"),
            'ñ' | 'Ñ' => Some("n"),
            'ç' | 'Ç' => Some("c"),
            'ß' => Some("ss"),
            'æ' | 'Æ' => Some("ae"),
            _ => None,
        };
        if let Some(m) = mapped {
            out.push_str(m);
            dash = false;
        } else if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            dash = false;
        } else if c.is_alphanumeric() || is_combining_mark(c) {
            // Any other script is kept, as Hugo and GitHub keep it (a Ukrainian or Greek page
            // must not become `page`), lower-cased. A Latin letter with marks (`č`, `ő`) is its
            // base letter; marks elsewhere are part of the letter (Devanagari vowel signs).
            let mut parts = std::iter::once(c).nfd();
            match parts.next() {
                Some(base) if base.is_ascii_alphanumeric() && parts.all(is_combining_mark) => {
                    out.push(base.to_ascii_lowercase())
                }
                _ => out.extend(c.to_lowercase()),
            }
            dash = false;
        } else if c == '_' || c == '.' {
            out.push(c);
            dash = false;
        } else if !dash && !out.is_empty() {
            out.push('-');
            dash = true;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Escape text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_html_into(&mut out, s);
    out
}

/// [`escape_html`] appending to `out`: runs without special characters are copied whole.
pub fn escape_html_into(out: &mut String, s: &str) {
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&s[start..]);
}

/// Escape text for XML (the Atom feed): as [`escape_html`], and without the characters XML 1.0
/// does not allow at all (control characters but tab and newline, U+FFFE, U+FFFF), which
/// would make the whole document not well-formed. A commit subject can hold any of them.
pub fn escape_xml(s: &str) -> String {
    let allowed =
        |c: char| (!c.is_control() || c == '\t' || c == '\n') && c != '\u{fffe}' && c != '\u{ffff}';
    if s.chars().all(allowed) {
        return escape_html(s);
    }
    escape_html(&s.chars().filter(|&c| allowed(c)).collect::<String>())
}

/// Percent-encode a URL path (keeps `/`, unreserved characters and existing `%XX`).
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' | b'%' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Decode `%XX` escapes in a URL path; invalid escapes are kept as they are.
pub fn decode_path(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Some(v) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The relative prefix (`""`, `"../"`, `"../../"`) from a page at `url` (a site-relative path
/// like `goals/x.html`) back to the site root. Relative links make the site work at any base
/// path and from `file://`.
pub fn root_prefix(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// `p` with `.` and `..` resolved by name (the path need not exist).
pub fn normalize_path(p: &std::path::Path) -> std::path::PathBuf {
    let mut out = std::path::PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_chars() {
        let t = "ab\ncdé f\n";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, 8), (2, 5));
    }

    #[test]
    fn line_index_agrees_with_line_col() {
        let t = "ab\ncdé f\n\nxé[a](b) [c](d)\nlast";
        let mut idx = LineIndex::new(t);
        // In order, out of order, past the end and inside a character.
        let offsets: Vec<usize> = (0..=t.len() + 2).chain([20, 3, 7, 6, 0, 15]).collect();
        for o in offsets {
            assert_eq!(idx.line_col(o), line_col(t, o), "offset {o}");
            assert_eq!(idx.line(o), line_col(t, o).0, "offset {o}");
        }
    }

    #[test]
    fn slugify_handles_swedish_and_punctuation() {
        assert_eq!(
            slugify("Digitalt först: en agenda!"),
            "digitalt-forst-en-agenda"
        );
        assert_eq!(slugify("  Hello   World  "), "hello-world");
        assert_eq!(slugify("G1.2"), "g1.2");
    }

    #[test]
    fn slugify_keeps_other_scripts() {
        assert_eq!(slugify("Цифрова стратегія"), "цифрова-стратегія");
        assert_eq!(slugify("Ψηφιακή Ελλάδα"), "ψηφιακή-ελλάδα");
        assert_eq!(slugify("数字政府 2025"), "数字政府-2025");
        // Devanagari vowel signs are marks, and part of the word.
        assert_eq!(slugify("डिजिटल इंडिया"), "डिजिटल-इंडिया");
        // Latin letters with marks outside the table lose them; letters of their own stay.
        assert_eq!(slugify("Český Łódź Győr"), "cesky-łodz-gyor");
    }

    #[test]
    fn paths_encode_and_decode() {
        assert_eq!(encode_path("a b/ö.md"), "a%20b/%C3%B6.md");
        assert_eq!(decode_path("a%20b/%C3%B6.md"), "a b/ö.md");
        assert_eq!(decode_path("100%"), "100%");
    }

    #[test]
    fn root_prefix_by_depth() {
        assert_eq!(root_prefix("index.html"), "");
        assert_eq!(root_prefix("goals/x.html"), "../");
        assert_eq!(root_prefix("chapters/a/b.html"), "../../");
    }
}
