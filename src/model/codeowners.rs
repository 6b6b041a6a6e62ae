//! CODEOWNERS, with GitHub's semantics.
//!
//! GitHub reads the first of `.github/CODEOWNERS`, `CODEOWNERS` and `docs/CODEOWNERS`. Each line
//! is a gitignore-style pattern followed by owners; the *last* matching line wins, and a line
//! with a pattern but no owners makes matching files unowned. GitHub rejects some gitignore
//! syntax in CODEOWNERS (`!` negation, `[ ]` character ranges, a leading `\#`); those lines are
//! reported with their line number and ignored, as GitHub ignores them. Patterns are matched with
//! the `ignore` crate's gitignore matcher, one matcher per line, so precedence is exactly "last
//! line wins".

use std::path::Path;

use ignore::Match;
use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::diagnostics::Diagnostic;

/// Where GitHub looks, in order.
pub const LOCATIONS: [&str; 3] = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];

/// The largest CODEOWNERS file GitHub loads, in bytes ("CODEOWNERS files must be under 3 MB
/// in size"): a larger one is ignored whole, by GitHub and here.
pub const MAX_BYTES: usize = 3 * 1024 * 1024;

/// The most rules (lines with a pattern) stratwiki reads from CODEOWNERS. Each costs a matcher
/// of its own, some ten kilobytes and a regex (a 3 MB file of 180,000 short patterns would take
/// 2 GB and a minute); a wiki's CODEOWNERS has tens of lines. GitHub has no such limit, so the
/// lines after it are reported, as one error at the first of them, and not read.
pub const MAX_RULES: usize = 10_000;

/// One usable rule.
struct Rule {
    matcher: Gitignore,
    owners: Vec<String>,
    line: usize,
    /// A pattern ending in `/*` (`docs/*`): GitHub matches the files directly in that folder,
    /// not those in its subfolders (gitignore would match the subfolders, and so their files).
    direct_only: bool,
}

/// A parsed CODEOWNERS file.
#[derive(Default)]
pub struct CodeOwners {
    rules: Vec<Rule>,
    /// The file it came from, relative to the repository root.
    pub file: Option<String>,
}

impl std::fmt::Debug for CodeOwners {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CodeOwners")
            .field("file", &self.file)
            .field("rules", &self.rules.len())
            .finish()
    }
}

/// The result of matching a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owned {
    /// The owners named on the winning line (empty: explicitly unowned).
    pub owners: Vec<String>,
    /// The winning line.
    pub line: usize,
}

impl CodeOwners {
    /// Find and parse CODEOWNERS under `repo_root`, the first of [`LOCATIONS`] there is, as
    /// GitHub does. One that is a symbolic link (or lies behind one, `.github -> /etc`) is not
    /// read: a pull request could otherwise have any file of the machine that builds it parsed,
    /// and its words echoed in messages. It is skipped with a warning naming it, and no
    /// CODEOWNERS is read (it is where GitHub looks first).
    pub fn find(repo_root: &Path, diags: &mut Vec<Diagnostic>) -> CodeOwners {
        for loc in LOCATIONS {
            let read = crate::source::contain::read_file(repo_root, loc);
            if let Err(r) = &read {
                diags.push(r.warning("", "CODEOWNERS is not read"));
                break;
            }
            if let Ok(Some(bytes)) = read {
                let text = String::from_utf8_lossy(&bytes);
                let mut co = CodeOwners::parse(&text, loc, diags);
                co.file = Some(loc.to_string());
                return co;
            }
        }
        CodeOwners::default()
    }

    /// Parse CODEOWNERS text; `file` names it in diagnostics.
    pub fn parse(text: &str, file: &str, diags: &mut Vec<Diagnostic>) -> CodeOwners {
        if text.len() >= MAX_BYTES {
            diags.push(
                Diagnostic::error(
                    "codeowners",
                    format!(
                        "CODEOWNERS is {} bytes: GitHub ignores a CODEOWNERS file of {} MB or more, and so does stratwiki (no file is owned by its rules)",
                        text.len(),
                        MAX_BYTES / (1024 * 1024)
                    ),
                )
                .in_file(file)
                .at(1, 1),
            );
            return CodeOwners::default();
        }
        let mut rules = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line_no = i + 1;
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            // Owners end at an unescaped `#` (a trailing comment).
            let line = match line.find(" #") {
                Some(j) => line[..j].trim_end(),
                None => line,
            };
            if rules.len() == MAX_RULES {
                diags.push(
                    Diagnostic::error(
                        "codeowners",
                        format!(
                            "stratwiki reads at most {MAX_RULES} CODEOWNERS rules: this line and the ones after it are ignored (GitHub reads them)"
                        ),
                    )
                    .in_file(file)
                    .at(line_no, 1),
                );
                break;
            }
            let mut parts = split_pattern(line);
            let pattern = parts.remove(0);
            let error = |msg: &str| {
                Diagnostic::error("codeowners", format!("{msg}; GitHub ignores this line"))
                    .in_file(file)
                    .at(line_no, 1)
            };
            if pattern.starts_with('!') {
                diags.push(error("`!` (negation) is not supported in CODEOWNERS"));
                continue;
            }
            if pattern.contains('[') || pattern.contains(']') {
                diags.push(error(
                    "`[ ]` character ranges are not supported in CODEOWNERS",
                ));
                continue;
            }
            if pattern.starts_with("\\#") {
                diags.push(error(
                    "a pattern starting with `\\#` is not supported in CODEOWNERS",
                ));
                continue;
            }
            let mut owners = Vec::new();
            for o in parts {
                if is_owner(&o) {
                    owners.push(o.to_string());
                } else {
                    diags.push(
                        Diagnostic::error(
                            "codeowners",
                            format!(
                                "`{o}` is not an owner: use @user, @org/team or an email address"
                            ),
                        )
                        .in_file(file)
                        .at(line_no, raw.find(o.as_str()).map(|c| c + 1).unwrap_or(1)),
                    );
                }
            }
            let mut b = GitignoreBuilder::new("/");
            if let Err(e) = b.add_line(None, &pattern) {
                diags.push(error(&format!("invalid pattern `{pattern}`: {e}")));
                continue;
            }
            match b.build() {
                Ok(matcher) => rules.push(Rule {
                    matcher,
                    owners,
                    line: line_no,
                    direct_only: pattern.ends_with("/*"),
                }),
                Err(e) => diags.push(error(&format!("invalid pattern `{pattern}`: {e}"))),
            }
        }
        CodeOwners { rules, file: None }
    }

    /// The owners of a file (path relative to the repository root): the last matching line.
    pub fn owners_of(&self, path: &str) -> Option<Owned> {
        let p = Path::new(path);
        self.rules.iter().rev().find_map(|r| {
            let m = if r.direct_only {
                r.matcher.matched(p, false)
            } else {
                r.matcher.matched_path_or_any_parents(p, false)
            };
            matches!(m, Match::Ignore(_)).then(|| Owned {
                owners: r.owners.clone(),
                line: r.line,
            })
        })
    }

    /// True when the file had no usable rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

/// True for what GitHub takes as an owner: `@user`, `@org/team` or an email address.
fn is_owner(o: &str) -> bool {
    let name = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    match o.strip_prefix('@') {
        Some(handle) => match handle.split_once('/') {
            Some((org, team)) => name(org) && name(team),
            None => name(handle),
        },
        None => o.contains('@'),
    }
}

/// Split a line into the pattern (with `\ ` escapes kept together) and the owners.
fn split_pattern(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek() == Some(&' ') && out.is_empty() {
            cur.push('\\');
            cur.push(' ');
            chars.next();
        } else if c.is_whitespace() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "\
# Default owner
*       @org/strategy
*.md    @org/writers
/content/goals/ @org/goals-team
content/goals/common-eid.md @digg/eid alice@example.org
docs/   @org/docs
**/owners/** @org/registry
/content/goals/unowned.md
!content/x.md @nobody
content/[ab].md @nobody
\\#hash @nobody
content/chapters/*.md @org/chapters bad-owner
/content/case-studies/* @org/cases
content/z.md @org/team/extra
";

    fn parsed() -> (CodeOwners, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let c = CodeOwners::parse(FILE, ".github/CODEOWNERS", &mut d);
        (c, d)
    }

    fn owners(c: &CodeOwners, p: &str) -> Vec<String> {
        c.owners_of(p).map(|o| o.owners).unwrap_or_default()
    }

    #[test]
    fn last_matching_line_wins() {
        let (c, _) = parsed();
        assert_eq!(owners(&c, "README.txt"), vec!["@org/strategy"]);
        assert_eq!(
            owners(&c, "deep/file.md"),
            vec!["@org/writers"],
            "unanchored: any depth"
        );
        assert_eq!(
            owners(&c, "content/goals/x.md"),
            vec!["@org/goals-team"],
            "directory"
        );
        assert_eq!(
            owners(&c, "content/goals/common-eid.md"),
            vec!["@digg/eid", "alice@example.org"]
        );
        assert_eq!(
            owners(&c, "a/docs/x.md"),
            vec!["@org/docs"],
            "docs/ unanchored"
        );
        assert_eq!(
            owners(&c, "content/owners/digg.md"),
            vec!["@org/registry"],
            "**"
        );
        assert_eq!(
            c.owners_of("content/goals/unowned.md").unwrap().owners,
            Vec::<String>::new()
        );
        assert_eq!(owners(&c, "content/chapters/a.md"), vec!["@org/chapters"]);
        assert_eq!(
            owners(&c, "content/chapters/sub/a.md"),
            vec!["@org/writers"],
            "* stops at /"
        );
        // GitHub: "`docs/*` will match files like `docs/getting-started.md` but not further
        // nested files like `docs/build-app/troubleshooting.md`".
        assert_eq!(owners(&c, "content/case-studies/a.md"), vec!["@org/cases"]);
        assert_eq!(
            owners(&c, "content/case-studies/2019/a.md"),
            vec!["@org/writers"],
            "dir/* does not reach into subfolders"
        );
    }

    #[test]
    fn rejected_syntax_is_reported_with_lines() {
        let (_, d) = parsed();
        let got: Vec<(usize, bool)> = d
            .iter()
            .map(|d| {
                (
                    d.line.unwrap(),
                    d.file.as_deref() == Some(".github/CODEOWNERS"),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![(9, true), (10, true), (11, true), (12, true), (14, true)]
        );
        assert!(
            d[4].message.contains("`@org/team/extra` is not an owner"),
            "a team has one slash: {}",
            d[4].message
        );
        assert!(d[0].message.contains("negation"));
        assert!(d[1].message.contains("character ranges"));
        assert!(d[2].message.contains("\\#"));
        assert!(d[3].message.contains("`bad-owner` is not an owner"));
        assert_eq!(d[3].column, Some(37));
    }

    /// A file of GitHub's limit or more is ignored whole, with an error at the file that says
    /// so; just under it is read.
    #[test]
    fn files_of_three_megabytes_are_ignored() {
        let line = "/content/a.md @org/a\n";
        let big = line.repeat(MAX_BYTES / line.len() + 1);
        let mut d = Vec::new();
        let c = CodeOwners::parse(&big, "CODEOWNERS", &mut d);
        assert!(c.is_empty());
        assert_eq!(d.len(), 1);
        assert_eq!(
            (d[0].file.as_deref(), d[0].line),
            (Some("CODEOWNERS"), Some(1))
        );
        assert!(d[0].message.contains("3 MB"), "{}", d[0].message);
        let mut d = Vec::new();
        let c = CodeOwners::parse(&"#\n".repeat(MAX_BYTES / 2 - 1), "CODEOWNERS", &mut d);
        assert!(c.is_empty() && d.is_empty());
    }

    /// Rules past the limit are one error at the first of them, and are not read.
    #[test]
    fn rules_past_the_limit_are_an_error_at_the_first() {
        let text = "# owners\n".to_string() + &"p*/x?.md @org/a\n".repeat(MAX_RULES + 5);
        let mut d = Vec::new();
        let c = CodeOwners::parse(&text, "CODEOWNERS", &mut d);
        assert_eq!(c.rules.len(), MAX_RULES);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].line, Some(MAX_RULES + 2));
        assert!(
            d[0].message.contains("at most 10000 CODEOWNERS rules"),
            "{}",
            d[0].message
        );
    }
}
