//! Front matter: the YAML block between `---` lines at the top of a Markdown file.
//!
//! Positions matter here: contributors read messages like `goals/eid.md:7:9`, so every line
//! number is a line of the *file*, not of the YAML block. [`FrontMatter`] keeps the block's text
//! and first line so any key or value can be located again after parsing.

use serde_yaml::{Mapping, Value};

/// How deep front matter may nest lists and mappings (`[[[`, `{a: {`, `- - -`, indented
/// blocks). Real front matter is two or three levels deep; the YAML library takes time
/// quadratic in the depth of `[` and `{` before it gives up (front matter 100,000 deep took
/// a minute), so the depth is measured before parsing.
pub const MAX_DEPTH: usize = 100;

/// The most `[` and `{` front matter may hold (a backstop for [`MAX_DEPTH`]; the example
/// wiki's biggest goal has a dozen).
pub const MAX_BRACKETS: usize = 1000;

/// The largest front matter block, in bytes (a goal with a hundred indicators is about 30 KB).
pub const MAX_BYTES: usize = 64 * 1024;

/// The parts of a Markdown file.
#[derive(Debug, Clone, PartialEq)]
pub struct Split<'a> {
    /// The YAML text between the fences, if the file has front matter.
    pub yaml: Option<&'a str>,
    /// The 1-based file line of the first YAML line.
    pub yaml_line: usize,
    /// The Markdown body.
    pub body: &'a str,
    /// The 1-based file line where the body starts.
    pub body_line: usize,
}

/// Front matter opened with `---` but never closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unclosed;

/// Split a file into front matter and body. A file has front matter when its first line is
/// exactly `---` (trailing spaces allowed); the block ends at the next line that is `---` or
/// `...`.
pub fn split(text: &str) -> Result<Split<'_>, Unclosed> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text.find('\n').map(|i| i + 1).unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Ok(Split {
            yaml: None,
            yaml_line: 1,
            body: text,
            body_line: 1,
        });
    }
    let mut pos = first_end;
    let mut line = 2;
    while pos < text.len() {
        let end = text[pos..]
            .find('\n')
            .map(|i| pos + i + 1)
            .unwrap_or(text.len());
        let l = text[pos..end].trim_end();
        if l == "---" || l == "..." {
            return Ok(Split {
                yaml: Some(&text[first_end..pos]),
                yaml_line: 2,
                body: &text[end..],
                body_line: line + 1,
            });
        }
        pos = end;
        line += 1;
    }
    Err(Unclosed)
}

/// A parsed front matter block that can point back into the file.
#[derive(Debug)]
pub struct FrontMatter<'a> {
    /// The top-level mapping.
    pub map: Mapping,
    /// Keys given twice in one mapping (the last value is used, as in Jekyll and Hugo), as
    /// warnings at the repeated key's file position.
    pub repeated: Vec<YamlError>,
    /// Top-level keys given more than once: positions of these look for their last line, the
    /// one whose value is used (any other key is found at its only line, as before).
    last_wins: Vec<String>,
    /// Fields read from an alias (`[wiki.front-matter]`), with the alias: a field's position
    /// is its alias's, the line the page's author wrote.
    aliased: Vec<(String, String)>,
    yaml: &'a str,
    first_line: usize,
}

/// A YAML syntax or shape error, with its file position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// What is wrong.
    pub message: String,
    /// 1-based file line and column.
    pub pos: (usize, usize),
}

impl<'a> FrontMatter<'a> {
    /// Parse the block (`yaml` starts at file line `first_line`). An empty block is an empty
    /// mapping; anything but a mapping is an error.
    pub fn parse(yaml: &'a str, first_line: usize) -> Result<Self, YamlError> {
        let empty = |map| FrontMatter {
            map,
            repeated: Vec::new(),
            last_wins: Vec::new(),
            aliased: Vec::new(),
            yaml,
            first_line,
        };
        if yaml.trim().is_empty() {
            return Ok(empty(Mapping::new()));
        }
        if let Some((line, col, limit)) = too_deep(yaml) {
            let message = if limit == "depth" {
                format!("front matter nests lists and mappings more than {MAX_DEPTH} levels deep")
            } else {
                format!("front matter holds more than {MAX_BRACKETS} `[` and `{{`")
            };
            return Err(YamlError {
                message,
                pos: (first_line + line, col),
            });
        }
        if yaml.len() > MAX_BYTES {
            return Err(YamlError {
                message: format!(
                    "front matter is {} bytes, more than the limit of {} KB: keep long text in the page body",
                    yaml.len(),
                    MAX_BYTES / 1024
                ),
                pos: (first_line, 1),
            });
        }
        let (value, repeats) = super::lenient::parse(yaml).map_err(|e| {
            let (line, col) = e
                .location()
                .map(|l| (l.line(), l.column()))
                .unwrap_or((1, 1));
            let mut message = e.to_string();
            // The library appends "at line X column Y" counted inside the block: drop it, the
            // diagnostic carries the file position.
            if let Some(i) = message.find(" at line ") {
                message.truncate(i);
            }
            YamlError {
                message: format!("invalid YAML in front matter: {message}"),
                pos: (first_line + line.max(1) - 1, col.max(1)),
            }
        })?;
        match value {
            Value::Mapping(map) => {
                let mut fm = empty(map);
                fm.note_repeats(repeats);
                Ok(fm)
            }
            Value::Null => Ok(empty(Mapping::new())),
            _ => Err(YamlError {
                message: "front matter must be a mapping of `key: value` lines".into(),
                pos: (first_line, 1),
            }),
        }
    }

    /// Warnings for keys given twice, and which top-level keys take their last line.
    fn note_repeats(&mut self, repeats: Vec<super::lenient::Repeat>) {
        let unplaced = repeats.iter().filter(|r| r.pos.is_none()).count();
        for r in repeats {
            if r.top && !self.last_wins.contains(&r.key) {
                self.last_wins.push(r.key.clone());
            }
            if let Some((line, col)) = r.pos {
                self.repeated.push(YamlError {
                    message: format!(
                        "the key `{}` is given again in the same mapping: the last value is used (as in Jekyll and Hugo); remove the earlier one",
                        r.key
                    ),
                    pos: (self.first_line + line - 1, col),
                });
            }
        }
        if unplaced > 0 {
            self.repeated.push(YamlError {
                message: format!(
                    "{unplaced} more keys are given again in the same mapping: the last value of each is used"
                ),
                pos: (self.first_line, 1),
            });
        }
    }

    /// The value of a top-level key.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.map.get(key)
    }

    /// File position of a top-level key (where its line starts), or of the block start.
    pub fn key_pos(&self, key: &str) -> (usize, usize) {
        self.find_key(key)
            .map(|(i, _)| (self.first_line + i, 1))
            .unwrap_or((self.first_line, 1))
    }

    /// File position of a key's value, or of `item` inside the value (a list entry), searching
    /// the key's line and the indented lines below it.
    pub fn value_pos(&self, key: &str, item: Option<&str>) -> (usize, usize) {
        let Some((i, line)) = self.find_key(key) else {
            return (self.first_line, 1);
        };
        let lines: Vec<&str> = self.yaml.lines().collect();
        if let Some(item) = item {
            for (j, l) in lines.iter().enumerate().skip(i) {
                if j > i && !l.starts_with([' ', '\t', '-']) && !l.trim().is_empty() {
                    break;
                }
                let search_from = if j == i {
                    l.find(':').map(|c| c + 1).unwrap_or(key.len() + 1)
                } else {
                    0
                };
                if let Some(col) = l.get(search_from..).and_then(|rest| find_word(rest, item)) {
                    let byte = search_from + col;
                    return (self.first_line + j, l[..byte].chars().count() + 1);
                }
            }
        }
        // The value on the key's own line, after `key:` (or `"key":`) and spaces.
        let after = line.find(':').map(|i| i + 1).unwrap_or(key.len() + 1);
        let rest = line.get(after..).unwrap_or("");
        let skip = rest.len() - rest.trim_start().len();
        if rest.trim().is_empty() {
            // A block value: point at the next line.
            if i + 1 < lines.len() {
                let l = lines[i + 1];
                let indent = l.len() - l.trim_start().len();
                return (self.first_line + i + 1, indent + 1);
            }
        }
        (
            self.first_line + i,
            line[..(after + skip).min(line.len())].chars().count() + 1,
        )
    }

    /// Record that `field`'s value was written under `alias`, for positions.
    pub(crate) fn alias_key(&mut self, field: &str, alias: &str) {
        self.aliased.push((field.to_string(), alias.to_string()));
    }

    fn find_key(&self, key: &str) -> Option<(usize, &'a str)> {
        let key = self
            .aliased
            .iter()
            .find(|(f, _)| f == key)
            .map_or(key, |(_, a)| a.as_str());
        let is_key = |(_, l): &(usize, &str)| {
            let l2 = l.strip_prefix(key).or_else(|| {
                l.strip_prefix('"')
                    .and_then(|r| r.strip_prefix(key))
                    .and_then(|r| r.strip_prefix('"'))
            });
            l2.is_some_and(|r| r.trim_start().starts_with(':'))
        };
        let mut lines = self.yaml.lines().enumerate();
        if self.last_wins.iter().any(|k| k == key) {
            // The value used is the last one's.
            lines.filter(is_key).last()
        } else {
            lines.find(is_key)
        }
    }
}

/// Where `yaml` first nests deeper than [`MAX_DEPTH`] or holds more than [`MAX_BRACKETS`]
/// `[` and `{` (0-based line, 1-based column, and which limit), in one pass before parsing.
///
/// It errs on the deep side: every `[` and `{` outside comments counts (in a plain or quoted
/// scalar too), a line's block depth is its indentation levels plus its `- `, `? ` and `: `
/// indicators, and a `]` or `}` inside what may be a quoted scalar only closes what that
/// scalar opened. A quote counts as opening a scalar wherever one could start; since plain
/// text can fool that guess, the bracket count is the backstop: the parser's work grows with
/// the depth of `[` and `{`, and no input can nest deeper than it has brackets.
fn too_deep(yaml: &str) -> Option<(usize, usize, &'static str)> {
    #[derive(PartialEq, Clone, Copy)]
    enum State {
        Plain,
        Single,
        Double,
        Comment,
    }
    let mut state = State::Plain;
    let mut flow = 0usize;
    // The flow depth where the current quoted scalar began: closers inside it stop there.
    let mut floor = 0usize;
    let mut brackets = 0usize;
    let mut block = 0usize;
    // Indentation of the open block levels.
    let mut indents: Vec<usize> = Vec::new();
    for (line_no, line) in yaml.split('\n').enumerate() {
        if state == State::Comment {
            state = State::Plain;
        }
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        if state == State::Plain && flow == 0 {
            let indent = chars.iter().take_while(|&&c| c == ' ').count();
            if indent < chars.len() && chars[indent] != '#' {
                while indents.last().is_some_and(|&top| top >= indent) {
                    indents.pop();
                }
                indents.push(indent);
                i = indent;
                let mut indicators = 0;
                while i < chars.len()
                    && matches!(chars[i], '-' | '?' | ':')
                    && chars.get(i + 1).is_none_or(|c| c.is_whitespace())
                {
                    indicators += 1;
                    i += 1;
                    while chars.get(i).is_some_and(|c| c.is_whitespace()) {
                        i += 1;
                    }
                }
                block = indents.len() + indicators;
                if block > MAX_DEPTH {
                    return Some((line_no, i + 1, "depth"));
                }
            }
        }
        let mut prev: Option<char> = if i == 0 { None } else { Some(' ') };
        while i < chars.len() {
            let c = chars[i];
            match (state, c) {
                (State::Comment, _) => {}
                (_, '[' | '{') => {
                    flow += 1;
                    brackets += 1;
                    if brackets > MAX_BRACKETS {
                        return Some((line_no, i + 1, "brackets"));
                    }
                    if block + flow > MAX_DEPTH {
                        return Some((line_no, i + 1, "depth"));
                    }
                }
                (State::Plain, ']' | '}') => flow = flow.saturating_sub(1),
                (_, ']' | '}') => flow = flow.saturating_sub(1).max(floor),
                (State::Plain, '\'' | '"')
                    if prev.is_none_or(|p| p.is_whitespace() || "[{,:?-".contains(p)) =>
                {
                    state = if c == '"' {
                        State::Double
                    } else {
                        State::Single
                    };
                    floor = flow;
                }
                (State::Plain, '#') if prev.is_none_or(char::is_whitespace) => {
                    state = State::Comment
                }
                (State::Single, '\'') => {
                    if chars.get(i + 1) == Some(&'\'') {
                        i += 1;
                    } else {
                        state = State::Plain;
                    }
                }
                (State::Double, '\\') => i += 1,
                (State::Double, '"') => state = State::Plain,
                _ => {}
            }
            prev = Some(c);
            i += 1;
        }
    }
    None
}

/// Byte offset of `word` in `haystack` where it is not part of a longer word.
fn find_word(haystack: &str, word: &str) -> Option<usize> {
    let mut start = 0;
    while let Some(i) = haystack[start..].find(word) {
        let at = start + i;
        let before = haystack[..at].chars().next_back();
        let after = haystack[at + word.len()..].chars().next();
        let is_word =
            |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_');
        if !is_word(before) && !is_word(after) {
            return Some(at);
        }
        start = at + word.len().max(1);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_without_front_matter() {
        let s = split("# Hi\ntext").unwrap();
        assert_eq!(s.yaml, None);
        assert_eq!(s.body_line, 1);
    }

    #[test]
    fn split_with_front_matter_counts_lines() {
        let s = split("---\ntitle: A\nx: 1\n---\n# Body\n").unwrap();
        assert_eq!(s.yaml, Some("title: A\nx: 1\n"));
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn split_unclosed() {
        assert_eq!(split("---\ntitle: A\n# Body\n"), Err(Unclosed));
    }

    #[test]
    fn yaml_error_is_in_file_lines() {
        // Line 3 of the file is the second line of the block.
        let e = FrontMatter::parse("title: A\nbad: [1, 2\n", 2).unwrap_err();
        assert!(e.pos.0 >= 3, "{e:?}");
        assert!(e.message.starts_with("invalid YAML"), "{}", e.message);
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let texts = [
            format!("a: {}", "[".repeat(100_000)),
            format!("a: {}", "{a: ".repeat(100_000)),
            "- ".repeat(100_000),
            format!("a:\n{}", "- ".repeat(200)),
        ];
        for (n, text) in texts.iter().enumerate() {
            let e = FrontMatter::parse(text, 2).unwrap_err();
            assert!(
                e.message.contains("more than 100 levels deep"),
                "{}",
                e.message
            );
            assert_eq!(e.pos.0, if n == 3 { 3 } else { 2 });
        }
        // Brackets in quotes, comments and plain text, and ordinary nesting, are fine.
        let ok = format!(
            "a: 'x [y] z'\nb: \"[[1]] \\\" ]]\"\nc: x # {0}\nd: [[1, 2], {{e: [f]}}]\ng:\n  - h: 'it''s'\n    i: [\"]\", ']']\n",
            "[".repeat(500)
        );
        let fm = FrontMatter::parse(&ok, 2).unwrap();
        assert_eq!(fm.map.len(), 5);
        assert_eq!(
            too_deep(&format!("a: {}{}", "[".repeat(99), "]".repeat(99))),
            None
        );
        // A quote inside a word opens nothing; a `]` in a quoted scalar closes nothing it did
        // not open.
        let sneaky = format!("x: it's\ny: {}", "[']', ".repeat(150));
        assert_eq!(too_deep(&sneaky).map(|t| t.2), Some("depth"));
        // Whatever fools the guess about quotes, the bracket count holds.
        let fooled = format!("x: a 'b\ny: {}", "[']]', ".repeat(1200));
        assert!(too_deep(&fooled).is_some());
        let many = "- [a]\n".repeat(MAX_BRACKETS + 1);
        let e = FrontMatter::parse(&many, 2).unwrap_err();
        assert!(
            e.message.contains("more than 1000 `[` and `{`"),
            "{}",
            e.message
        );
        let big = format!("a: \"{}\"\n", "x".repeat(MAX_BYTES));
        let e = FrontMatter::parse(&big, 2).unwrap_err();
        assert!(
            e.message.contains("more than the limit of 64 KB"),
            "{}",
            e.message
        );
    }

    #[test]
    fn positions_of_keys_and_items() {
        let y = "title: A\nowner: digg\ncontributors: [esam, salar]\nchapters:\n  - one\n  - two\n";
        let fm = FrontMatter::parse(y, 2).unwrap();
        assert_eq!(fm.key_pos("owner"), (3, 1));
        assert_eq!(fm.value_pos("owner", None), (3, 8));
        assert_eq!(fm.value_pos("contributors", Some("salar")), (4, 22));
        assert_eq!(fm.value_pos("chapters", Some("two")), (7, 5));
        assert_eq!(fm.value_pos("chapters", None), (6, 3));
    }
}
