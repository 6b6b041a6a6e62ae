//! Diagnostics: the errors and warnings every stage reports, and the three ways of printing them
//! (`human` for a terminal, `json` for tools, `github` for GitHub Actions annotations).
//!
//! Stages never print and never stop at the first problem: they push [`Diagnostic`]s into a
//! [`Diagnostics`] list, so one run tells a contributor everything that is wrong with their edit.

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// How bad a diagnostic is. Errors make `build` and `check` exit non-zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The site cannot be trusted: nothing is written.
    Error,
    /// Worth fixing, but the site is still built.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem found in the input, with the place it was found.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A short stable code (`yaml`, `broken-link`, `unknown-key`, ...) that tools can filter on.
    pub code: &'static str,
    /// The file, relative to the wiki root where possible, with `/` separators.
    pub file: Option<String>,
    /// 1-based line in the file, when known.
    pub line: Option<usize>,
    /// 1-based column in the line, when known.
    pub column: Option<usize>,
    /// What is wrong, in one sentence a contributor can act on.
    pub message: String,
}

impl Diagnostic {
    /// An error not tied to a place in a file.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: None,
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// A warning not tied to a place in a file.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Attach the file the problem is in.
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Attach a 1-based line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Attach a line and column when known.
    pub fn at_opt(mut self, pos: Option<(usize, usize)>) -> Self {
        if let Some((l, c)) = pos {
            self.line = Some(l);
            self.column = Some(c);
        }
        self
    }

    /// Change the severity (used where `[wiki.check]` or the command decides it).
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// `file:line:column`, as much of it as is known.
    pub fn location(&self) -> Option<String> {
        let file = self.file.as_ref()?;
        Some(match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
            (Some(l), None) => format!("{file}:{l}"),
            _ => file.clone(),
        })
    }
}

/// Printed for a terminal or a CI log: without control characters but tab and newline, so a
/// file name or front-matter value holding an escape sequence cannot recolour, rewrite or hide
/// what the terminal shows.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self.location() {
            Some(loc) => format!("{}: {loc}: {}", self.severity, self.message),
            None => format!("{}: {}", self.severity, self.message),
        };
        f.write_str(&without_controls(&text))
    }
}

/// `s` without control characters (C0, DEL and C1: ANSI escape sequences start with one), but
/// tab and newline.
fn without_controls(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(|c| c.is_control() && c != '\t' && c != '\n') {
        s.chars()
            .filter(|&c| !c.is_control() || c == '\t' || c == '\n')
            .collect::<String>()
            .into()
    } else {
        s.into()
    }
}

/// How a rule is reported, as `[wiki.check]` sets it. It lives here, not in the
/// configuration, because it is the diagnostics' own vocabulary: the configuration only names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Fails `check` and `build`.
    Error,
    /// Reported, does not fail.
    Warning,
    /// Not reported.
    Off,
}

/// `[wiki.check]`: the level of each accountability rule. Diagnostics own this map from code to
/// level (so they need nothing from the configuration); `book.toml` fills it in.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct CheckConfig {
    /// A goal with no `owner` (default `warning`).
    pub goal_without_owner: Level,
    /// An owner slug or handle that no owner page defines (default `error`).
    pub unknown_owner: Level,
    /// A CODEOWNERS line GitHub rejects (default `error`).
    pub codeowners: Level,
    /// A goal past its target date and not achieved or dropped (default `warning`).
    pub overdue: Level,
    /// A goal nobody touched within its review period (default `warning`).
    pub stale: Level,
    /// An indicator without a `current` value (default `warning`).
    pub indicator_missing_current: Level,
    /// An image or other media a page loads from another host, which learns who reads the
    /// page (default `warning`).
    pub external_resources: Level,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            goal_without_owner: Level::Warning,
            unknown_owner: Level::Error,
            codeowners: Level::Error,
            overdue: Level::Warning,
            stale: Level::Warning,
            indicator_missing_current: Level::Warning,
            external_resources: Level::Warning,
        }
    }
}

impl CheckConfig {
    /// The configured level for a diagnostic code, if it is one of the rules.
    pub fn level(&self, code: &str) -> Option<Level> {
        Some(match code {
            "goal-without-owner" => self.goal_without_owner,
            "unknown-owner" => self.unknown_owner,
            "codeowners" => self.codeowners,
            "overdue" => self.overdue,
            "stale" => self.stale,
            "indicator-missing-current" => self.indicator_missing_current,
            "external-resources" => self.external_resources,
            _ => return None,
        })
    }
}

/// An ordered collection of diagnostics.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Rename the files the diagnostics name: `to` gets each diagnostic with its file and
    /// returns the new name, or `None` to keep it.
    pub fn map_files(mut self, to: impl Fn(&Diagnostic, &str) -> Option<String>) -> Diagnostics {
        for d in &mut self.items {
            if let Some(f) = d.file.clone()
                && let Some(new) = to(d, &f)
            {
                d.file = Some(new);
            }
        }
        self
    }

    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add one diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Add many.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    /// Add those of `ds` not already here (what two stages both found is said once, and
    /// counted once).
    pub fn extend_new(&mut self, ds: Diagnostics) {
        let have: std::collections::HashSet<Diagnostic> = self.items.iter().cloned().collect();
        self.items
            .extend(ds.items.into_iter().filter(|d| !have.contains(d)));
    }

    /// True when at least one error is present.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// All diagnostics, sorted by file, line, column and message so output is deterministic
    /// even though pages are parsed in parallel.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
        });
        v.dedup();
        v
    }

    /// Take every diagnostic out, in order.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Apply `[wiki.check]`: set each rule's diagnostics to its configured level, and drop
    /// those turned off.
    pub fn apply_levels(&mut self, check: &CheckConfig) {
        self.items.retain_mut(|d| match check.level(d.code) {
            None => true,
            Some(Level::Off) => false,
            Some(Level::Error) => {
                d.severity = Severity::Error;
                true
            }
            Some(Level::Warning) => {
                d.severity = Severity::Warning;
                true
            }
        });
    }

    /// Iterate in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

/// The output formats of `stratwiki check --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `error: file:line:col: message`, one per line, then a summary.
    Human,
    /// One JSON document: `{"errors": n, "warnings": n, "diagnostics": [...]}`.
    Json,
    /// GitHub Actions workflow commands (`::error file=...,line=...::message`), which GitHub shows
    /// as annotations on the pull request's diff.
    Github,
}

/// Format diagnostics for printing.
pub fn format_diagnostics(ds: &Diagnostics, format: Format) -> String {
    let sorted = ds.sorted();
    match format {
        Format::Human => {
            let mut out = String::new();
            for d in &sorted {
                out.push_str(&d.to_string());
                out.push('\n');
            }
            out
        }
        Format::Json => {
            #[derive(Serialize)]
            struct Report<'a> {
                errors: usize,
                warnings: usize,
                diagnostics: &'a [&'a Diagnostic],
            }
            let report = Report {
                errors: ds.error_count(),
                warnings: ds.warning_count(),
                diagnostics: &sorted,
            };
            let mut s = serde_json::to_string_pretty(&report).expect("diagnostics serialize");
            s.push('\n');
            s
        }
        Format::Github => {
            let mut out = String::new();
            for d in &sorted {
                let mut props = Vec::new();
                if let Some(f) = &d.file {
                    props.push(format!("file={}", gh_property(f)));
                }
                if let Some(l) = d.line {
                    props.push(format!("line={l}"));
                }
                if let Some(c) = d.column {
                    props.push(format!("col={c}"));
                }
                props.push(format!("title={}", gh_property(d.code)));
                out.push_str(&format!(
                    "::{} {}::{}\n",
                    d.severity,
                    props.join(","),
                    gh_data(&d.message)
                ));
            }
            out
        }
    }
}

/// Escape a workflow-command message (GitHub's `escapeData`), without the control characters
/// a log would show raw (a carriage return included: it could hide what the line says).
fn gh_data(s: &str) -> String {
    without_controls(s).replace('%', "%25").replace('\n', "%0A")
}

/// Escape a workflow-command property (GitHub's `escapeProperty`).
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The path of `path` relative to `root`, with `/` separators, for messages.
pub fn display_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let s = rel.to_string_lossy().replace('\\', "/");
    if s.is_empty() { ".".to_string() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Diagnostics {
        let mut ds = Diagnostics::new();
        ds.push(
            Diagnostic::warning("broken-link", "link to `x.md` points nowhere")
                .in_file("content/b.md")
                .at(3, 5),
        );
        ds.push(
            Diagnostic::error("yaml", "bad: value, here")
                .in_file("content/a.md")
                .at(2, 1),
        );
        ds
    }

    #[test]
    fn human_is_sorted_by_file_and_names_the_place() {
        let out = format_diagnostics(&sample(), Format::Human);
        assert_eq!(
            out,
            "error: content/a.md:2:1: bad: value, here\nwarning: content/b.md:3:5: link to `x.md` points nowhere\n"
        );
    }

    #[test]
    fn github_escapes_properties_and_data() {
        let mut ds = Diagnostics::new();
        ds.push(
            Diagnostic::error("yaml", "100% wrong\nsecond")
                .in_file("a:b,c.md")
                .at(1, 2),
        );
        let out = format_diagnostics(&ds, Format::Github);
        assert_eq!(
            out,
            "::error file=a%3Ab%2Cc.md,line=1,col=2,title=yaml::100%25 wrong%0Asecond\n"
        );
    }

    #[test]
    fn terminal_formats_carry_no_control_characters() {
        let mut ds = Diagnostics::new();
        ds.push(
            Diagnostic::error(
                "content",
                "title `\u{1b}[2K\u{1b}[1A\rall good\u{9b}31m\u{7}` is bad\n  and\tmore",
            )
            .in_file("content/\u{1b}]8;;x\u{7}a.md")
            .at(1, 2),
        );
        let human = format_diagnostics(&ds, Format::Human);
        assert_eq!(
            human,
            "error: content/]8;;xa.md:1:2: title `[2K[1Aall good31m` is bad\n  and\tmore\n"
        );
        let github = format_diagnostics(&ds, Format::Github);
        assert!(
            !github
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "{github:?}"
        );
        assert!(
            github.contains("all good31m` is bad%0A  and\tmore"),
            "{github}"
        );
    }

    #[test]
    fn json_counts() {
        let out = format_diagnostics(&sample(), Format::Json);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["errors"], 1);
        assert_eq!(v["warnings"], 1);
        assert_eq!(v["diagnostics"][0]["file"], "content/a.md");
        assert_eq!(v["diagnostics"][0]["line"], 2);
    }
}
