//! Images and media loaded from other hosts (the `external-resources` rule).
//!
//! A page that shows `<img src="https://tracker.example/x.png">` makes every reader's browser
//! contact that host when the page opens: the host learns who reads what, and when. Content
//! arrives by pull request, so reviewers are told, with the file and line: a warning by default,
//! `[wiki.check] external-resources` sets its level.
//!
//! Raw HTML is scanned as written, tag by tag (a small tokenizer, not a full HTML parser: it
//! needs the positions, which the sanitiser does not keep). Values are read as a browser reads
//! them where that matters for where they lead: character references (`&#104;ttps:`,
//! `&colon;`) decoded, tabs and newlines dropped, `\` read as `/`.

use crate::diagnostics::Diagnostic;

/// The rule's code, as `[wiki.check]` names it.
pub const CODE: &str = "external-resources";

/// The attributes that make a browser fetch something as the page loads, by element; `*` for
/// any element. With `untrusted`, only those the sanitiser keeps (an `<img>`'s `src`): the
/// others are removed from the page anyway.
fn loads(element: &str, attribute: &str, untrusted: bool) -> bool {
    if untrusted {
        return element == "img" && attribute == "src";
    }
    match attribute {
        "src" | "srcset" | "poster" | "background" => true,
        "data" => element == "object",
        "href" | "xlink:href" => matches!(element, "link" | "image" | "use" | "feimage"),
        _ => false,
    }
}

/// True when `url`, read as a browser reads an attribute value, leads to another host: a
/// protocol-relative `//host` or an `http`/`https` URL.
pub fn leaves_site(url: &str) -> bool {
    let url = browser_view(url);
    let lower = url.to_ascii_lowercase();
    lower.starts_with("//") || lower.starts_with("http:") || lower.starts_with("https:")
}

/// `value` with what a browser ignores or rewrites in a URL undone: character references
/// decoded, ASCII tabs and newlines removed, leading spaces and control characters trimmed,
/// `\` as `/` (which `http` URLs treat alike).
fn browser_view(value: &str) -> String {
    let decoded = decode_references(value);
    decoded
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| if c == '\\' { '/' } else { c })
        .collect()
}

/// Decode numeric character references and the named ones that spell URL punctuation.
fn decode_references(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .map_or(rest.len(), |e| e + 1);
        let name = &rest[1..end];
        let decoded = if let Some(num) = name.strip_prefix('#') {
            let n = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => num.parse().ok(),
            };
            n.and_then(char::from_u32)
        } else {
            match name {
                "colon" => Some(':'),
                "sol" => Some('/'),
                "bsol" => Some('\\'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                "amp" | "AMP" => Some('&'),
                "period" => Some('.'),
                _ => None,
            }
        };
        match decoded {
            Some(c) if end > 1 => {
                out.push(c);
                rest = &rest[end..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Raw HTML of a page, joined from the Markdown parser's pieces (an HTML block comes line by
/// line), with where each piece starts in the body, so a tag split over lines is read whole
/// and still found at its line.
#[derive(Default)]
pub(super) struct RawHtml {
    text: String,
    /// (offset in `text`, offset in the body) for each piece.
    pieces: Vec<(usize, usize)>,
}

impl RawHtml {
    /// Add a piece of raw HTML that starts at `body_offset`.
    pub(super) fn push(&mut self, piece: &str, body_offset: usize) {
        self.pieces.push((self.text.len(), body_offset));
        self.text.push_str(piece);
    }

    /// Report what the HTML collected so far loads from other hosts, and start again.
    /// `pos_of` turns a body offset into a file line and column.
    pub(super) fn flush(
        &mut self,
        untrusted: bool,
        pos_of: &mut dyn FnMut(usize) -> (usize, usize),
        out: &mut Vec<Diagnostic>,
    ) {
        if self.text.is_empty() {
            return;
        }
        for (at, element, url) in external_loads(&self.text, untrusted) {
            let piece = self.pieces.partition_point(|&(t, _)| t <= at) - 1;
            let (t, b) = self.pieces[piece];
            out.push(warning(&format!("`<{element}>`"), &url, pos_of(b + at - t)));
        }
        self.text.clear();
        self.pieces.clear();
    }
}

/// The warning for `what` (`` `<img>` ``, `an image`) loading `url`, at `pos`.
pub(super) fn warning(what: &str, url: &str, pos: (usize, usize)) -> Diagnostic {
    let shown: String = url.chars().take(100).filter(|c| !c.is_control()).collect();
    Diagnostic::warning(
        CODE,
        format!(
            "{what} loads `{shown}` from another host: every reader's browser contacts it when the page opens; put the file in the content folder instead"
        ),
    )
    .at(pos.0, pos.1)
}

/// Every (offset of the tag, element, URL) in `html` that loads from another host.
fn external_loads(html: &str, untrusted: bool) -> Vec<(usize, String, String)> {
    let mut found = Vec::new();
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(lt) = memchr::memchr(b'<', &b[i..]) {
        let start = i + lt;
        i = start + 1;
        if html[i..].starts_with("!--") {
            i = html[i..].find("-->").map_or(b.len(), |e| i + e + 3);
            continue;
        }
        let name_len = b[i..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-' || **c == b':')
            .count();
        if name_len == 0 || !b[i].is_ascii_alphabetic() {
            continue;
        }
        let element = html[i..i + name_len].to_ascii_lowercase();
        i += name_len;
        // Attributes, up to the `>` that ends the tag (not one inside a quoted value).
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                break;
            }
            let name_start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'>' | b'=' | b'/')
            {
                i += 1;
            }
            let name = html[name_start..i].to_ascii_lowercase();
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= b.len() || b[i] != b'=' {
                continue;
            }
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let value = match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = memchr::memchr(q, &b[i + 1..]).map_or(b.len(), |e| i + 1 + e);
                    let v = &html[i + 1..end];
                    i = (end + 1).min(b.len());
                    v
                }
                _ => {
                    let s = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    &html[s..i]
                }
            };
            if !loads(&element, &name, untrusted) {
                continue;
            }
            let urls: Vec<&str> = if name == "srcset" {
                value
                    .split(',')
                    .filter_map(|c| c.split_whitespace().next())
                    .collect()
            } else {
                vec![value]
            };
            for url in urls {
                if leaves_site(url) {
                    found.push((start, element.clone(), url.trim().to_string()));
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(html: &str, untrusted: bool) -> Vec<String> {
        external_loads(html, untrusted)
            .into_iter()
            .map(|(_, e, u)| format!("{e} {u}"))
            .collect()
    }

    #[test]
    fn finds_what_loads_from_other_hosts_as_a_browser_reads_it() {
        let html = "<p><IMG alt='a > b' SRC=https://t.example/x.png></p>\n<img src=\"pic.png\">\
            <img src=\"//cdn.example/y.png\"> <img src=\"&#104;ttps&colon;//e.example/z\">\
            <img src=' \\\\back.example/a'><!-- <img src=\"https://c.example\"> -->";
        assert_eq!(
            urls(html, true),
            vec![
                "img https://t.example/x.png",
                "img //cdn.example/y.png",
                "img &#104;ttps&colon;//e.example/z",
                "img \\\\back.example/a",
            ]
        );
    }

    #[test]
    fn media_count_where_the_sanitiser_keeps_them() {
        let html = "<video poster=\"https://a.example/p.jpg\" src=\"/v.mp4\"></video>\
            <iframe src=\"https://b.example/\"></iframe><a href=\"https://c.example/\">x</a>\
            <img srcset=\"small.png 1x, https://d.example/big.png 2x\">";
        assert!(urls(html, true).is_empty());
        assert_eq!(
            urls(html, false),
            vec![
                "video https://a.example/p.jpg",
                "iframe https://b.example/",
                "img https://d.example/big.png",
            ]
        );
    }

    #[test]
    fn local_and_other_schemes_stay_quiet() {
        for url in [
            "a.png",
            "/a.png",
            "../x/a.png",
            "data:image/png;base64,AA",
            "#x",
        ] {
            assert!(!leaves_site(url), "{url}");
        }
    }
}
