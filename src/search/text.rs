//! Plain text from a page's rendered HTML: what the search index reads.

/// Append the text of an HTML fragment: tags dropped (block ends become spaces, so words from two
/// paragraphs never run together), the common entities decoded, runs of white space collapsed.
/// `<script>` and `<style>` bodies (possible with `trusted-html`) are left out.
pub fn html_to_text(html: &str, out: &mut String) {
    let mut rest = html;
    let mut space = out.is_empty() || out.ends_with(' ');
    let push = |out: &mut String, s: &str, space: &mut bool| {
        for ch in s.chars() {
            if ch.is_whitespace() {
                if !*space {
                    out.push(' ');
                    *space = true;
                }
            } else {
                out.push(ch);
                *space = false;
            }
        }
    };
    while !rest.is_empty() {
        match rest.find(['<', '&']) {
            None => {
                push(out, rest, &mut space);
                break;
            }
            Some(i) => {
                push(out, &rest[..i], &mut space);
                rest = &rest[i..];
                if let Some(comment) = rest.strip_prefix("<!--") {
                    // A comment (possible with `trusted-html`), `>` inside it or not.
                    rest = comment.find("-->").map_or("", |e| &comment[e + 3..]);
                    push(out, " ", &mut space);
                } else if rest.starts_with('<') {
                    let (tag, after) = match rest.find('>') {
                        Some(e) => (&rest[1..e], e + 1),
                        None => (&rest[1..], rest.len()),
                    };
                    let tag = tag.to_ascii_lowercase();
                    rest = &rest[after..];
                    let closing = tag.starts_with('/');
                    let name = tag
                        .trim_start_matches('/')
                        .split(|c: char| c.is_whitespace() || c == '/')
                        .next()
                        .unwrap_or("");
                    if !closing && matches!(name, "script" | "style") {
                        let close = format!("</{name}");
                        let lower = rest.to_ascii_lowercase();
                        let stop = lower.find(&close).unwrap_or(rest.len());
                        rest = &rest[stop..];
                    }
                    // Inline elements join words; everything else separates them (a footnote
                    // mark, `<sup>`, too: "online<sup>1</sup>" is not the word "online1").
                    let inline = matches!(
                        name,
                        "a" | "em"
                            | "strong"
                            | "code"
                            | "span"
                            | "b"
                            | "i"
                            | "mark"
                            | "abbr"
                            | "sub"
                            | "small"
                            | "del"
                            | "ins"
                            | "s"
                            | "u"
                            | "kbd"
                    );
                    if !inline {
                        push(out, " ", &mut space);
                    }
                } else {
                    let end = rest.as_bytes()[..rest.len().min(12)]
                        .iter()
                        .position(|&b| b == b';');
                    let decoded = end.and_then(|e| decode_entity(&rest[1..e]));
                    match (end, decoded) {
                        (Some(e), Some(c)) => {
                            push(out, c.encode_utf8(&mut [0; 4]), &mut space);
                            rest = &rest[e + 1..];
                        }
                        _ => {
                            push(out, "&", &mut space);
                            rest = &rest[1..];
                        }
                    }
                }
            }
        }
    }
    while out.ends_with(' ') {
        out.pop();
    }
}

fn decode_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code).filter(|c| !c.is_control())?
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        let mut s = String::new();
        html_to_text(html, &mut s);
        s
    }

    #[test]
    fn text_keeps_words_apart_across_blocks_and_together_across_inline_tags() {
        assert_eq!(
            text("<p>One <em>tw</em>o</p><p>three&amp;four&#x21; &lt;x&gt;</p>"),
            "One two three&four! <x>"
        );
        assert_eq!(text("<li>a</li><li>b</li>"), "a b");
        assert_eq!(text("x<script>var a = '<p>';</script>y"), "x y");
        assert_eq!(text("a & b &bogus; c"), "a & b &bogus; c");
        // Only <script> and <style> themselves hide their text, not elements named like them.
        assert_eq!(text("<styled-x>kept</styled-x> words"), "kept words");
        assert_eq!(text("a<!-- x > y -->b"), "a b");
        assert_eq!(text("online<sup>1</sup> end"), "online 1 end");
        assert_eq!(text("nul&#0;here"), "nul&#0;here");
    }
}
