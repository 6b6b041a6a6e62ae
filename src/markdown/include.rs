//! mdBook's include family, expanded in the page's text before it is parsed, as mdBook's
//! `links` preprocessor does: `{{#include file}}` (whole, a line range `:2:10`, `:5:`, `::3`,
//! a line `:4`, or an anchor `:name`), `{{#rustdoc_include file}}` (the lines outside the range
//! kept as hidden `# ` lines), `{{#playground file attrs}}` (a `rust` code block) and
//! `{{#title text}}` (removed, its text the page's HTML title). `\{{#include ...}}` stays as written, without the `\`.
//!
//! A page is untrusted, so an include reads only files of the content folder (through
//! [`Files`], which the caller answers from the listed files: no `..` above the folder, no
//! symbolic links), nests at most [`MAX_INCLUDE_DEPTH`] deep (mdBook's limit) and reads at most
//! [`MAX_INCLUDE_BYTES`] per page, each include counting the whole file it reads, so a page
//! that includes a large file many times costs no more than one large page.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use super::links::resolve_relative;
use crate::diagnostics::Diagnostic;
use crate::source::Source;

/// How deep includes nest: mdBook's `MAX_LINK_NESTED_DEPTH`. Past it (an include of itself),
/// the include is dropped with a warning, as mdBook drops it.
pub const MAX_INCLUDE_DEPTH: usize = 10;

/// Bytes one page's includes may read and add, in all (a page's own limit): each include counts
/// the whole file it reads, and the indentation it repeats on each line.
pub const MAX_INCLUDE_BYTES: usize = 10 * 1024 * 1024;

/// Warnings about includes one page gets at most (a cycle fanning out would give thousands).
const MAX_WARNINGS: usize = 50;

/// The content folder's files, as an include may read them.
pub trait Files {
    /// The text of the file at content path `path` if it is one of the content folder's
    /// files (listed: not a symbolic link, not above the folder), `None` if it is over `limit`
    /// bytes (then not read whole); else why not.
    fn read(&self, path: &str, limit: usize) -> Result<Option<String>, String>;
}

/// The files a [`Source`] listed, as includes may read them: only those, so a symbolic link,
/// a file in a folder that is one, or a name with `\` (none of them listed) is never read.
pub struct Listed<'a> {
    /// Where the files are read.
    pub source: &'a dyn Source,
    /// The files the source listed.
    pub files: &'a HashSet<String>,
}

impl Files for Listed<'_> {
    fn read(&self, path: &str, limit: usize) -> Result<Option<String>, String> {
        if !self.files.contains(path) {
            return Err("no such file in the content folder".into());
        }
        if self.source.size(path).is_some_and(|n| n > limit as u64) {
            return Ok(None);
        }
        let bytes = self.source.read(path).map_err(|e| e.to_string())?;
        if bytes.len() > limit {
            return Ok(None);
        }
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| "it is not UTF-8 text".into())
    }
}

/// A page's text with its includes expanded.
#[derive(Debug, Clone, Default)]
pub struct Expanded {
    /// The text to parse.
    pub text: String,
    /// For each line of `text`, the line of the page's body it comes from (1-based): an
    /// included line comes from the line of its directive. Messages about the page are then
    /// reported at the page's own lines.
    pub lines: Vec<usize>,
    /// Missing files, bad anchors, nesting too deep, over the limit: each at the directive's
    /// line in the body (1-based, not yet offset by the front matter).
    pub warnings: Vec<Diagnostic>,
    /// The `{{#title}}` given, if any.
    pub title: Option<String>,
}

/// True when `body` may hold a directive (`{{`, white space, `#`), so pages without one skip
/// expanding (and the live server knows a page that may include others).
pub fn has_directives(body: &str) -> bool {
    body.match_indices("{{")
        .any(|(i, _)| body[i + 2..].trim_start().starts_with('#'))
}

impl Expanded {
    /// The warnings, at file lines for a body starting on file line `body_line`.
    pub fn warnings_at(&self, body_line: usize) -> Vec<Diagnostic> {
        self.warnings
            .iter()
            .map(|d| {
                let mut d = d.clone();
                d.line = d.line.map(|l| l - 1 + body_line);
                d
            })
            .collect()
    }

    /// A key for what was included: the text and where its lines come from, which with the
    /// page's own blob decide its rendering (for the page cache).
    pub fn key(&self) -> String {
        use crate::codec::hash;
        let mut bytes = self.text.clone().into_bytes();
        for l in &self.lines {
            bytes.extend_from_slice(&(*l as u64).to_le_bytes());
        }
        // The `{{#title}}` too, which is not in the text: an included file can set it.
        if let Some(t) = &self.title {
            bytes.push(0xff);
            bytes.extend_from_slice(t.as_bytes());
        }
        format!(
            "inc:{:016x}{:016x}",
            hash(&bytes, 0x243f_6a88_85a3_08d3),
            hash(&bytes, 0x1319_8a2e_0370_7344)
        )
    }
}

/// Expand the directives of `body`, the body of the page at content path `page`.
pub fn expand(body: &str, page: &str, files: &dyn Files) -> Expanded {
    let mut ex = Expander {
        files,
        read: HashMap::new(),
        budget: MAX_INCLUDE_BYTES,
        out_of_budget: false,
        warnings: Vec::new(),
        title: None,
        line: 1,
        depth_warned: false,
    };
    let mut text = String::with_capacity(body.len());
    let mut lines = vec![1];
    ex.replace_all(body, page, 0, &mut text, Some(&mut lines));
    Expanded {
        text,
        lines,
        warnings: ex.warnings,
        title: ex.title,
    }
}

/// A directive found in the text.
struct Found<'t> {
    start: usize,
    end: usize,
    kind: Kind<'t>,
}

enum Kind<'t> {
    /// `\{{#...}}`: written without its `\`.
    Escaped,
    Include(&'t str, Select<'t>),
    RustdocInclude(&'t str, Select<'t>),
    Playground(&'t str, Vec<&'t str>),
    Title(&'t str),
}

/// Which lines of a file: a range of 0-based line numbers (end excluded), or an anchor's.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Select<'t> {
    Lines(usize, Option<usize>),
    Anchor(&'t str),
}

struct Expander<'f> {
    files: &'f dyn Files,
    /// Files read for this page, by content path (each read once).
    read: HashMap<String, Rc<str>>,
    budget: usize,
    out_of_budget: bool,
    warnings: Vec<Diagnostic>,
    title: Option<String>,
    /// The body line of the top-level directive being expanded.
    line: usize,
    depth_warned: bool,
}

impl Expander<'_> {
    fn warn(&mut self, message: String) {
        if self.warnings.len() < MAX_WARNINGS {
            self.warnings
                .push(Diagnostic::warning("include", message).at(self.line, 1));
        }
    }

    /// mdBook's `replace_all`: `text` is the file at content path `from` (the page, or an
    /// included file `depth` includes down). `lines` is kept for the page's own text only.
    fn replace_all(
        &mut self,
        text: &str,
        from: &str,
        depth: usize,
        out: &mut String,
        mut lines: Option<&mut Vec<usize>>,
    ) {
        // The body line the text at `prev` is on (for the page's own text).
        let mut body_line = 1;
        let mut prev = 0;
        let mut at = 0;
        let mut scan = Scan::new(text);
        while let Some(found) = scan.next_directive(at) {
            at = found.end;
            if self.out_of_budget {
                break;
            }
            verbatim(out, &text[prev..found.start], &mut lines, &mut body_line);
            if depth == 0 {
                self.line = body_line;
            }
            let directive = &text[found.start..found.end];
            let shown = if depth == 0 {
                format!("`{directive}`")
            } else {
                format!("`{directive}` in `{from}`")
            };
            let new = match &found.kind {
                Kind::Escaped => Some(directive[1..].to_string()),
                Kind::Title(t) => {
                    self.title = Some(t.trim().to_string());
                    Some(String::new())
                }
                kind => self.include(kind, from, depth, &shown),
            };
            let Some(new) = new else {
                verbatim(out, directive, &mut lines, &mut body_line);
                prev = found.end;
                continue;
            };
            // mdBook repeats the text before the directive on its line (the indentation of a
            // list item, `/// `) before each line it adds.
            let prefix = out.rsplit('\n').next().unwrap_or("").to_string();
            // Each line added costs its prefix, and finding the prefix costs it once.
            let cost = prefix.len().saturating_mul(new.lines().count().max(1));
            if cost > self.budget {
                self.over_budget(&shown);
                verbatim(out, directive, &mut lines, &mut body_line);
                prev = found.end;
                break;
            }
            self.budget -= cost;
            for (i, l) in new.lines().enumerate() {
                if i > 0 {
                    out.push('\n');
                    out.push_str(&prefix);
                    if let Some(ls) = lines.as_deref_mut() {
                        ls.push(self.line);
                    }
                }
                out.push_str(l);
            }
            // The directive's own line breaks are gone: the body goes on after them.
            body_line += directive.bytes().filter(|&b| b == b'\n').count();
            prev = found.end;
        }
        verbatim(out, &text[prev..], &mut lines, &mut body_line);
    }

    fn over_budget(&mut self, shown: &str) {
        if !self.out_of_budget {
            self.out_of_budget = true;
            self.warn(format!(
                "{shown}: this page's includes read more than {} MB: it and the includes after it are left as written",
                MAX_INCLUDE_BYTES / (1024 * 1024)
            ));
        }
    }

    /// The text an include gives, expanded itself; `None` (the directive stays as written)
    /// with a warning when the file cannot be read.
    fn include(
        &mut self,
        kind: &Kind<'_>,
        from: &str,
        depth: usize,
        shown: &str,
    ) -> Option<String> {
        let (path, sel) = match kind {
            Kind::Include(p, s) | Kind::RustdocInclude(p, s) => (*p, Some(s)),
            Kind::Playground(p, _) => (*p, None),
            _ => return None,
        };
        // The path as written (mdBook does not decode `%20`), from the including file's folder.
        let Some(target) = resolve_relative(from, path) else {
            self.warn(format!(
                "{shown}: `{path}` goes above the content folder, which an include may not read"
            ));
            return None;
        };
        let file = match self.read.get(&target) {
            Some(f) => f.clone(),
            None => match self.files.read(&target, self.budget) {
                Ok(Some(t)) => {
                    let t: Rc<str> = t.into();
                    self.read.insert(target.clone(), t.clone());
                    t
                }
                Ok(None) => {
                    self.over_budget(shown);
                    return None;
                }
                Err(why) => {
                    self.warn(format!("{shown}: cannot include `{target}`: {why}"));
                    return None;
                }
            },
        };
        if file.len() > self.budget {
            self.over_budget(shown);
            return None;
        }
        self.budget -= file.len();
        let taken = match (kind, sel) {
            (Kind::Include(..), Some(Select::Lines(a, b))) => take_lines(&file, *a, *b),
            (Kind::RustdocInclude(..), Some(Select::Lines(a, b))) => {
                rustdoc_lines(&file, |i| i >= *a && b.is_none_or(|b| i < b))
            }
            (Kind::Include(..) | Kind::RustdocInclude(..), Some(Select::Anchor(name))) => {
                if !has_anchor(&file, name) {
                    self.warn(format!(
                        "{shown}: `{target}` has no `ANCHOR: {name}`: nothing is included"
                    ));
                }
                if matches!(kind, Kind::Include(..)) {
                    anchored_lines(&file, name)
                } else {
                    rustdoc_anchored_lines(&file, name)
                }
            }
            (Kind::Playground(_, attrs), _) => {
                let mut s = String::from(if attrs.is_empty() {
                    "```rust"
                } else {
                    "```rust,"
                });
                s.push_str(&attrs.join(","));
                s.push('\n');
                s.push_str(&file);
                if !file.ends_with('\n') {
                    s.push('\n');
                }
                s.push_str("```\n");
                s
            }
            _ => return None,
        };
        if depth + 1 >= MAX_INCLUDE_DEPTH {
            if !self.depth_warned {
                self.depth_warned = true;
                self.warn(format!(
                    "{shown}: includes nest more than {MAX_INCLUDE_DEPTH} deep (does a file include itself?): dropped"
                ));
            }
            return Some(String::new());
        }
        let mut new = String::with_capacity(taken.len());
        self.replace_all(&taken, &target, depth + 1, &mut new, None);
        Some(new)
    }
}

/// Text written as it is: each line break in it starts an output line from the next body line.
fn verbatim(out: &mut String, s: &str, lines: &mut Option<&mut Vec<usize>>, body_line: &mut usize) {
    out.push_str(s);
    if let Some(l) = lines.as_deref_mut() {
        for _ in s.bytes().filter(|&b| b == b'\n') {
            *body_line += 1;
            l.push(*body_line);
        }
    }
}

/// Finds directives in one text, remembering where the next `}` and the last `}}` of a line
/// are: asked again for each `{{` (a page of ten million `{{#a x` and no `}`), a search from
/// each would take time that grows with the square of the text; remembered, it is linear.
struct Scan<'t> {
    text: &'t str,
    /// The next `}` at or after `close_from` (`None`: there is none).
    close: Option<usize>,
    close_from: usize,
    /// The end of the line last asked about, and where the last `}}` on it (from where it was
    /// first asked) starts.
    line: Option<(usize, Option<usize>)>,
}

impl<'t> Scan<'t> {
    fn new(text: &'t str) -> Self {
        Scan {
            text,
            close: None,
            close_from: usize::MAX,
            line: None,
        }
    }

    /// The first `}` at or after `from`.
    fn next_close(&mut self, from: usize) -> Option<usize> {
        let valid = self.close_from <= from && self.close.is_none_or(|c| c >= from);
        if !valid {
            self.close = self.text[from..].find('}').map(|c| c + from);
            self.close_from = from;
        }
        self.close
    }

    /// Where the last `}}` at or after `from` on its line starts.
    fn last_on_line(&mut self, from: usize) -> Option<usize> {
        match self.line {
            Some((end, last)) if from < end => last.filter(|&l| l >= from),
            _ => {
                let end = self.text[from..]
                    .find('\n')
                    .map_or(self.text.len(), |e| e + from);
                let last = self.text[from..end].rfind("}}").map(|l| l + from);
                self.line = Some((end, last));
                last
            }
        }
    }

    /// The first directive at or after byte `at`, as mdBook's pattern finds it: `\{{#...}}`
    /// (to the last `}}` on its line) or `{{ #type rest}}`.
    fn next_directive(&mut self, mut at: usize) -> Option<Found<'t>> {
        let text = self.text;
        let b = text.as_bytes();
        while let Some(i) = text[at..].find("{{").map(|i| i + at) {
            // Escaped: `\{{#` and a `}}` later on the line.
            if i > 0
                && b[i - 1] == b'\\'
                && b.get(i + 2) == Some(&b'#')
                && let Some(close) = self.last_on_line(i)
            {
                return Some(Found {
                    start: i - 1,
                    end: close + 2,
                    kind: Kind::Escaped,
                });
            }
            if let Some(found) = self.directive_at(i) {
                return Some(found);
            }
            at = i + 1;
        }
        None
    }

    /// The directive starting at `start` (a `{{`), if it is one mdBook knows.
    fn directive_at(&mut self, start: usize) -> Option<Found<'t>> {
        let text = self.text;
        let rest = &text[start + 2..];
        let after_ws = rest.trim_start();
        let name_part = after_ws.strip_prefix('#')?;
        let name_len = name_part
            .bytes()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
            .count();
        if name_len == 0 {
            return None;
        }
        let name = &name_part[..name_len];
        let args = &name_part[name_len..];
        if !args.starts_with(char::is_whitespace) {
            return None;
        }
        let args_at = text.len() - args.len();
        let close = self.next_close(args_at)? - args_at;
        if !args[close..].starts_with("}}") {
            return None;
        }
        directive(name, args, close, start, args_at)
    }
}

/// The directive named `name`, its arguments `args[..close]` (`args` starting at byte
/// `args_at` of the text, the directive at `start`).
fn directive<'t>(
    name: &'t str,
    args: &'t str,
    close: usize,
    start: usize,
    args_at: usize,
) -> Option<Found<'t>> {
    let inner = &args[..close];
    // `\s+` then `[^}]+`: at least one character after the first white space.
    if inner.len() < 2 {
        return None;
    }
    let end = args_at + close + 2;
    let mut words = inner.split_whitespace();
    let kind = match name {
        "title" => Kind::Title(inner.trim()),
        "include" => {
            let (p, s) = path_and_select(words.next()?);
            Kind::Include(p, s)
        }
        "rustdoc_include" => {
            let (p, s) = path_and_select(words.next()?);
            Kind::RustdocInclude(p, s)
        }
        "playground" | "playpen" => {
            let p = words.next()?;
            Kind::Playground(p, words.collect())
        }
        _ => return None,
    };
    Some(Found { start, end, kind })
}

/// `file.rs:2:10` as mdBook reads it: `:a:b` lines a to b, `:a:` from a, `::b` to b, `:a` line
/// a alone, `:name` an anchor.
fn path_and_select(arg: &str) -> (&str, Select<'_>) {
    let (path, sel) = arg.split_once(':').unwrap_or((arg, ""));
    let mut parts = sel.splitn(3, ':');
    let first = parts.next();
    let start = match first {
        Some(s) if let Ok(n) = s.parse::<usize>() => Some(n.saturating_sub(1)),
        Some("") | None => None,
        Some(anchor) => return (path, Select::Anchor(anchor)),
    };
    let end = parts.next().map(|s| s.parse::<usize>());
    let select = match (start, end) {
        (Some(a), Some(Ok(b))) => Select::Lines(a, Some(b)),
        (Some(a), Some(Err(_))) => Select::Lines(a, None),
        (Some(a), None) => Select::Lines(a, Some(a + 1)),
        (None, Some(Ok(b))) => Select::Lines(0, Some(b)),
        (None, _) => Select::Lines(0, None),
    };
    (path, select)
}

/// Lines `start` (0-based) up to `end` (excluded), joined with `\n`.
fn take_lines(s: &str, start: usize, end: Option<usize>) -> String {
    let lines = s.lines().skip(start);
    match end {
        Some(end) => lines
            .take(end.saturating_sub(start))
            .collect::<Vec<_>>()
            .join("\n"),
        None => lines.collect::<Vec<_>>().join("\n"),
    }
}

/// The anchor a line starts or ends: `ANCHOR: name` / `ANCHOR_END: name` anywhere in it (a
/// comment of any language), the name `[\w-]+`.
fn marker<'l>(line: &'l str, tag: &str) -> Option<&'l str> {
    let mut from = 0;
    while let Some(i) = line[from..].find(tag).map(|i| i + from) {
        let after = line[i + tag.len()..].trim_start();
        let n = after
            .char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '_' || *c == '-'))
            .map_or(after.len(), |(j, _)| j);
        if n > 0 {
            return Some(&after[..n]);
        }
        from = i + tag.len();
    }
    None
}

fn start_of(line: &str) -> Option<&str> {
    marker(line, "ANCHOR:")
}

fn end_of(line: &str) -> Option<&str> {
    marker(line, "ANCHOR_END:")
}

fn has_anchor(s: &str, name: &str) -> bool {
    s.lines().any(|l| start_of(l) == Some(name))
}

/// The lines between `ANCHOR: name` and `ANCHOR_END: name`, without any anchor's markers.
fn anchored_lines(s: &str, name: &str) -> String {
    let mut kept = Vec::new();
    let mut inside = false;
    for l in s.lines() {
        if inside {
            match end_of(l) {
                Some(n) if n == name => break,
                Some(_) => {}
                None if start_of(l).is_none() => kept.push(l),
                None => {}
            }
        } else if start_of(l) == Some(name) {
            inside = true;
        }
    }
    kept.join("\n")
}

/// Every line, those `shown` says not to show as hidden `# ` lines.
fn rustdoc_lines(s: &str, shown: impl Fn(usize) -> bool) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, l) in s.lines().enumerate() {
        if !shown(i) {
            out.push_str("# ");
        }
        out.push_str(l);
        out.push('\n');
    }
    out.pop();
    out
}

/// The anchor's lines as they are, every other line hidden (`# `), markers dropped.
fn rustdoc_anchored_lines(s: &str, name: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut inside = false;
    for l in s.lines() {
        if inside {
            match end_of(l) {
                Some(n) if n == name => inside = false,
                Some(_) => {}
                None if start_of(l).is_none() => {
                    out.push_str(l);
                    out.push('\n');
                }
                None => {}
            }
        } else if let Some(n) = start_of(l) {
            inside = n == name;
        } else if end_of(l).is_none() {
            out.push_str("# ");
            out.push_str(l);
            out.push('\n');
        }
    }
    out.pop();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    struct F;
    impl Files for F {
        fn read(&self, path: &str, _limit: usize) -> Result<Option<String>, String> {
            match path {
                "src/a.rs" => Ok(Some("one\ntwo\nthree\nfour\nfive\n".into())),
                "src/self.md" => Ok(Some("x {{#include self.md}}".into())),
                "src/empty.rs" => Ok(Some(String::new())),
                _ => Err("no such file".into()),
            }
        }
    }

    #[test]
    fn ranges_as_mdbook_reads_them() {
        let e = |d: &str| expand(d, "page.md", &F).text;
        assert_eq!(e("{{#include src/a.rs:2:3}}"), "two\nthree");
        assert_eq!(e("{{#include src/a.rs:4:}}"), "four\nfive");
        assert_eq!(e("{{#include src/a.rs::2}}"), "one\ntwo");
        assert_eq!(e("{{#include src/a.rs:3}}"), "three");
        assert_eq!(e("{{ #include src/a.rs:3 }}"), "three");
        assert_eq!(e("- {{#include src/a.rs::2}}"), "- one\n- two");
        assert_eq!(e("\\{{#include src/a.rs}}"), "{{#include src/a.rs}}");
        assert_eq!(e("{{#unknown src/a.rs}}"), "{{#unknown src/a.rs}}");
    }

    #[test]
    fn lines_map_back_to_the_directive() {
        let x = expand("a\n{{#include src/a.rs::3}}\nb\n", "page.md", &F);
        assert_eq!(x.text, "a\none\ntwo\nthree\nb\n");
        assert_eq!(x.lines, vec![1, 2, 2, 2, 3, 4]);
    }

    #[test]
    fn self_inclusion_stops_at_the_depth_limit() {
        let x = expand("{{#include src/self.md}}", "page.md", &F);
        assert_eq!(x.warnings.len(), 1, "{:?}", x.warnings);
        assert_eq!(x.text.matches("x ").count(), MAX_INCLUDE_DEPTH - 1);
    }

    /// Unclosed directives and escapes, each looking for its end: linear, not quadratic (a
    /// search from each `{{` took minutes on a few megabytes).
    #[test]
    fn unclosed_directives_cost_linear_time() {
        for unit in [
            "{{#include x ",
            "\\{{#include x ",
            "{{#include x } ",
            "{{#a }} {{#include",
        ] {
            let text = unit.repeat(300_000);
            let start = std::time::Instant::now();
            let x = expand(&text, "page.md", &F);
            assert!(x.text.len() >= text.len() / 2);
            assert!(
                start.elapsed() < std::time::Duration::from_secs(5),
                "{unit}: {:?}",
                start.elapsed()
            );
        }
        // Directives that add nothing on one long line: each pays for the line before it.
        let text = "x".repeat(100_000) + &"{{#include src/empty.rs}}".repeat(100_000);
        let start = std::time::Instant::now();
        let x = expand(&text, "page.md", &F);
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
        assert_eq!(x.warnings.len(), 1, "{:?}", x.warnings);
    }

    #[test]
    fn anchors() {
        let s = "a\n// ANCHOR: all\nb\n// ANCHOR: inner\nc\n// ANCHOR_END: inner\n// ANCHOR_END: all\nd";
        assert_eq!(anchored_lines(s, "all"), "b\nc");
        assert_eq!(anchored_lines(s, "inner"), "c");
        assert_eq!(rustdoc_anchored_lines(s, "inner"), "# a\n# b\nc\n# d");
    }
}
