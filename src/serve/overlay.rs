//! What the live preview shows over the page: the build's errors first, each with the lines of
//! its file around it and a caret under the column, then its warnings apart (folded: they did
//! not stop the build), as Vite's and Next.js's overlays do; or, when a build succeeds with
//! warnings about the files just saved, those in a smaller panel the reader can close.
//!
//! The browser gets a [`Payload`] as JSON: the diagnostics (for tools and tests) and the HTML
//! the overlay shows, escaped here, so the page's script only places it. Source lines are read
//! from the wiki's own files, never outside its folder, each file read at most
//! [`MAX_FILE_BYTES`], at most [`MAX_EXCERPTS`] excerpts, each line clipped around its column.

use std::io::Read;
use std::path::{Component, Path};

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::text::escape_html;

/// Lines shown before the diagnostic's line, and after it.
const BEFORE: usize = 2;
const AFTER: usize = 1;
/// Bytes of a file read for its excerpt, at most (a line past them has none).
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;
/// Excerpts in one payload, at most (each reads a file).
pub const MAX_EXCERPTS: usize = 30;
/// Diagnostics listed in one section, at most (the rest are counted).
const MAX_LISTED: usize = 200;
/// Characters of a source line shown, at most: a longer one is clipped around the column.
const MAX_LINE_CHARS: usize = 160;
/// Columns a tab is shown as.
const TAB: usize = 4;

/// Lines of a file around a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Excerpt {
    /// The 1-based number of the first line shown.
    pub first: usize,
    /// The lines, tabs expanded, control characters dropped, long ones clipped.
    pub lines: Vec<String>,
    /// The 1-based number of the diagnostic's line.
    pub line: usize,
    /// Where its caret goes in that line as shown (0-based, in characters), when the diagnostic
    /// has a column.
    pub caret: Option<usize>,
}

/// One diagnostic as the overlay lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shown {
    /// `file:line:column`, as much of it as is known.
    pub location: Option<String>,
    /// What is wrong.
    pub message: String,
    /// The diagnostic's code.
    pub code: &'static str,
    /// The lines around it, when its file is one of the wiki's and its line is known.
    pub excerpt: Option<Excerpt>,
}

/// What the browser is sent.
#[derive(Debug, Clone, Serialize)]
pub struct Payload {
    /// `error` (the build failed: a full overlay) or `warnings` (it did not: a panel).
    pub kind: &'static str,
    /// The errors, first.
    pub errors: Vec<Shown>,
    /// The warnings.
    pub warnings: Vec<Shown>,
    /// The overlay's HTML.
    pub html: String,
}

impl Payload {
    /// As JSON on one line (a server-sent event's data).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }
}

/// The payload of a failed build (`failed`), or of warnings about saved files, for the wiki at
/// `root` (the folder its diagnostics' file names are relative to).
pub fn payload(ds: &Diagnostics, root: &Path, failed: bool) -> Payload {
    let mut budget = MAX_EXCERPTS;
    let mut shown = |severity: Severity| -> Vec<Shown> {
        ds.sorted()
            .into_iter()
            .filter(|d| d.severity == severity)
            .take(MAX_LISTED)
            .map(|d| {
                let excerpt = if budget > 0 {
                    excerpt(root, d).inspect(|_| budget -= 1)
                } else {
                    None
                };
                Shown {
                    location: d.location(),
                    message: d.message.clone(),
                    code: d.code,
                    excerpt,
                }
            })
            .collect()
    };
    // Errors first, so theirs are the excerpts read when there are many.
    let errors = shown(Severity::Error);
    let warnings = shown(Severity::Warning);
    let (n_err, n_warn) = (ds.error_count(), ds.warning_count());
    let html = html(failed, &errors, n_err, &warnings, n_warn);
    Payload {
        kind: if failed { "error" } else { "warnings" },
        errors,
        warnings,
        html,
    }
}

/// The lines of `d`'s file around its line, read from the wiki at `root`.
pub fn excerpt(root: &Path, d: &Diagnostic) -> Option<Excerpt> {
    let line = d.line.filter(|&l| l > 0)?;
    let text = read_bounded(root, d.file.as_deref()?)?;
    let first = line.saturating_sub(BEFORE).max(1);
    let all: Vec<&str> = text
        .split('\n')
        .skip(first - 1)
        .take(line + AFTER + 1 - first)
        .collect();
    // The diagnostic's line must be in what was read (and not the empty rest after a final
    // newline past the end).
    if all.len() <= line - first {
        return None;
    }
    let mut caret = None;
    let lines = all
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let col = (first + i == line).then_some(d.column).flatten();
            let (shown, at) = clip(l.trim_end_matches('\r'), col);
            if first + i == line {
                caret = at;
            }
            shown
        })
        .collect::<Vec<_>>();
    // No trailing empty line after the diagnostic's (the file's final newline).
    let mut lines = lines;
    while lines.len() > line + 1 - first && lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    Some(Excerpt {
        first,
        lines,
        line,
        caret,
    })
}

/// The text of the wiki's file `rel` (a name relative to `root`, with `/`), its first
/// [`MAX_FILE_BYTES`] bytes: `None` for a name that leaves the folder (`..`, an absolute path,
/// a symbolic link out of it), a git object (`v1:path`) or anything unreadable.
fn read_bounded(root: &Path, rel: &str) -> Option<String> {
    let rel_path = Path::new(rel);
    if rel.is_empty()
        || !rel_path
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let root = root.canonicalize().ok()?;
    let path = root.join(rel_path).canonicalize().ok()?;
    if !path.starts_with(&root) || !path.is_file() {
        return None;
    }
    let mut bytes = Vec::new();
    std::fs::File::open(&path)
        .ok()?
        .take(MAX_FILE_BYTES)
        .read_to_end(&mut bytes)
        .ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// `line` as shown: tabs expanded, control characters dropped, clipped to [`MAX_LINE_CHARS`]
/// around column `col` (1-based, in characters); with where the caret goes in it.
fn clip(line: &str, col: Option<usize>) -> (String, Option<usize>) {
    let mut shown: Vec<char> = Vec::new();
    let mut caret = None;
    for (i, ch) in line.chars().enumerate() {
        if col == Some(i + 1) {
            caret = Some(shown.len());
        }
        match ch {
            '\t' => shown.extend(std::iter::repeat_n(' ', TAB)),
            c if c.is_control() => {}
            c => shown.push(c),
        }
    }
    // A column just past the end (a missing character at the end of the line).
    if caret.is_none() && col.is_some_and(|c| c > 0) {
        caret = Some(shown.len());
    }
    if shown.len() <= MAX_LINE_CHARS {
        return (shown.into_iter().collect(), caret);
    }
    let at = caret.unwrap_or(0);
    let start = at
        .saturating_sub(MAX_LINE_CHARS / 2)
        .min(shown.len() - MAX_LINE_CHARS);
    let end = start + MAX_LINE_CHARS;
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.extend(&shown[start..end]);
    if end < shown.len() {
        out.push('…');
    }
    let caret = caret.map(|c| c - start + usize::from(start > 0));
    (out, caret)
}

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// One diagnostic: where, what, and its lines with the caret.
fn item(s: &Shown, out: &mut String) {
    out.push_str("<li><p>");
    if let Some(loc) = &s.location {
        out.push_str(&format!(
            "<span class=\"sw-loc\">{}</span> ",
            escape_html(loc)
        ));
    }
    out.push_str(&format!(
        "<span class=\"sw-msg\">{}</span> <span class=\"sw-code\">[{}]</span></p>",
        escape_html(&s.message),
        escape_html(s.code)
    ));
    if let Some(ex) = &s.excerpt {
        let last = ex.first + ex.lines.len().saturating_sub(1);
        let width = last.to_string().len();
        out.push_str("<pre class=\"sw-excerpt\"><code>");
        for (i, l) in ex.lines.iter().enumerate() {
            let n = ex.first + i;
            let mark = if n == ex.line { "&gt;" } else { " " };
            let class = if n == ex.line {
                " class=\"sw-line\""
            } else {
                ""
            };
            out.push_str(&format!(
                "<span{class}>{mark} {n:>width$} | {}</span>\n",
                escape_html(l)
            ));
            if n == ex.line
                && let Some(c) = ex.caret
            {
                out.push_str(&format!(
                    "<span aria-hidden=\"true\">  {:width$} | {}<span class=\"sw-caret\">^</span></span>\n",
                    "",
                    " ".repeat(c)
                ));
            }
        }
        out.push_str("</code></pre>");
    }
    out.push_str("</li>");
}

fn list(items: &[Shown], total: usize, out: &mut String) {
    out.push_str("<ol>");
    for s in items {
        item(s, out);
    }
    out.push_str("</ol>");
    if total > items.len() {
        out.push_str(&format!(
            "<p>And {} more (the terminal shows them all).</p>",
            total - items.len()
        ));
    }
}

/// The overlay's HTML: the errors, then the warnings apart, folded when the build failed.
fn html(failed: bool, errors: &[Shown], n_err: usize, warnings: &[Shown], n_warn: usize) -> String {
    let mut out = String::new();
    if failed {
        out.push_str("<h1>The site could not be rebuilt</h1><p>Fix the errors and save: this page reloads by itself. The last site that built is still served.</p>");
    } else {
        out.push_str("<h1>Saved, with warnings</h1><p>The site was rebuilt; these warnings are about the files you just saved.</p>");
    }
    if n_err > 0 {
        out.push_str(&format!(
            "<section class=\"sw-errors\"><h2>{}</h2>",
            count(n_err, "error", "errors")
        ));
        list(errors, n_err, &mut out);
        out.push_str("</section>");
    }
    if n_warn > 0 {
        let title = count(n_warn, "warning", "warnings");
        if failed {
            // Apart and folded: they are not why the build failed.
            out.push_str(&format!(
                "<section class=\"sw-warnings\"><details><summary>{title}, which do not stop the build</summary>"
            ));
            list(warnings, n_warn, &mut out);
            out.push_str("</details></section>");
        } else {
            out.push_str(&format!("<section class=\"sw-warnings\"><h2>{title}</h2>"));
            list(warnings, n_warn, &mut out);
            out.push_str("</section>");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wiki(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (p, t) in files {
            let path = dir.path().join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, t).unwrap();
        }
        dir
    }

    #[test]
    fn errors_come_first_with_their_lines_and_a_caret_and_warnings_apart() {
        let dir = wiki(&[(
            "content/goals/a.md",
            "---\ntitle: A\nstatus: done\nowner: x\n---\nBody\n",
        )]);
        let mut ds = Diagnostics::new();
        for i in 0..6 {
            ds.push(
                Diagnostic::warning("stale", format!("goal {i} is stale"))
                    .in_file("content/goals/a.md")
                    .at(1, 1),
            );
        }
        ds.push(
            Diagnostic::error("front-matter", "`status` must be one of …")
                .in_file("content/goals/a.md")
                .at(3, 9),
        );
        let p = payload(&ds, dir.path(), true);
        assert_eq!(p.kind, "error");
        assert_eq!(p.errors.len(), 1);
        assert_eq!(p.warnings.len(), 6);
        let ex = p.errors[0].excerpt.as_ref().unwrap();
        assert_eq!(ex.first, 1);
        assert_eq!(ex.line, 3);
        assert_eq!(ex.lines, ["---", "title: A", "status: done", "owner: x"]);
        assert_eq!(ex.caret, Some(8));
        assert_eq!(&ex.lines[2][8..], "done");
        // The HTML: the error (with its lines and a caret under `done`) before the warnings,
        // which are folded apart.
        let h = &p.html;
        let err = h.find("content/goals/a.md:3:9").unwrap();
        let warn = h.find("<details>").unwrap();
        assert!(err < warn, "{h}");
        assert!(h.contains("<h2>1 error</h2>"), "{h}");
        assert!(h.contains("6 warnings, which do not stop the build"), "{h}");
        assert!(
            h.contains("<span class=\"sw-line\">&gt; 3 | status: done</span>\n<span aria-hidden=\"true\">    |         <span class=\"sw-caret\">^</span></span>"),
            "{h}"
        );
    }

    #[test]
    fn text_is_escaped_tabs_expanded_and_long_lines_clipped_around_the_column() {
        let long = format!("{}<b>{}", "a".repeat(300), "z".repeat(300));
        let dir = wiki(&[("p.md", &format!("\tx: <i>\n{long}\n"))]);
        let mut ds = Diagnostics::new();
        ds.push(
            Diagnostic::error("content", "bad <tag>")
                .in_file("p.md")
                .at(1, 2),
        );
        ds.push(
            Diagnostic::error("content", "far")
                .in_file("p.md")
                .at(2, 301),
        );
        let p = payload(&ds, dir.path(), true);
        let first = p.errors[0].excerpt.as_ref().unwrap();
        assert_eq!(first.lines[0], "    x: <i>");
        assert_eq!(first.caret, Some(4));
        let far = p.errors[1].excerpt.as_ref().unwrap();
        let line = &far.lines[1];
        assert!(line.starts_with('…') && line.ends_with('…'), "{line}");
        assert!(line.chars().count() <= MAX_LINE_CHARS + 2);
        let at: String = line.chars().skip(far.caret.unwrap()).take(3).collect();
        assert_eq!(at, "<b>");
        assert!(
            p.html.contains("bad &lt;tag&gt;") && !p.html.contains("<i>"),
            "{}",
            p.html
        );
    }

    #[test]
    fn only_the_wikis_own_files_are_read() {
        let outside = wiki(&[("secret.md", "password: hunter2\n")]);
        let dir = wiki(&[("content/a.md", "line\n")]);
        let secret = outside.path().join("secret.md");
        let rel_out = format!(
            "../{}/secret.md",
            outside.path().file_name().unwrap().to_string_lossy()
        );
        #[cfg(unix)]
        std::os::unix::fs::symlink(&secret, dir.path().join("content/link.md")).unwrap();
        for file in [
            rel_out.as_str(),
            secret.to_str().unwrap(),
            "content/link.md",
            "v1:content/a.md",
            "content/missing.md",
        ] {
            let d = Diagnostic::error("x", "y").in_file(file).at(1, 1);
            assert_eq!(excerpt(dir.path(), &d), None, "{file}");
        }
        let d = Diagnostic::error("x", "y").in_file("content/a.md").at(1, 1);
        assert!(excerpt(dir.path(), &d).is_some());
        // A line past the end of the file, or no line: no excerpt.
        let d = Diagnostic::error("x", "y").in_file("content/a.md").at(5, 1);
        assert_eq!(excerpt(dir.path(), &d), None);
        let d = Diagnostic::error("x", "y").in_file("content/a.md");
        assert_eq!(excerpt(dir.path(), &d), None);
    }

    #[test]
    fn excerpts_are_bounded() {
        let dir = wiki(&[("a.md", "x\n")]);
        let mut ds = Diagnostics::new();
        for i in 0..(MAX_EXCERPTS + 10) {
            ds.push(
                Diagnostic::error("e", format!("e{i:03}"))
                    .in_file("a.md")
                    .at(1, 1),
            );
        }
        let p = payload(&ds, dir.path(), true);
        assert_eq!(
            p.errors.iter().filter(|s| s.excerpt.is_some()).count(),
            MAX_EXCERPTS
        );
        let warn = payload(&Diagnostics::new(), dir.path(), false);
        assert_eq!(warn.kind, "warnings");
        assert!(warn.errors.is_empty() && warn.warnings.is_empty());
    }
}
