//! `[wiki] exclude`: content files the build skips, in gitignore syntax.
//!
//! A handbook made for Jekyll, Hugo or Middleman keeps its templates beside its pages
//! (`source/layouts/`, `_includes/`, `_partial.html.erb`). Those generators never publish
//! them, so neither does stratwiki: they would otherwise be copied into the site as they are,
//! template code and all. The defaults cover those conventions; a wiki's own patterns add to
//! them (and `!pattern` takes a default back).

use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::diagnostics::Diagnostic;

/// The patterns every build excludes before the wiki's own: the folders and files Jekyll,
/// Hugo and Middleman read as templates, data or styles rather than publish, and ERB
/// templates that are not Markdown pages (`x.html.md.erb` stays a page).
pub const DEFAULT_EXCLUDE: &[&str] = &[
    "layouts/",
    "_layouts/",
    "partials/",
    "_partials/",
    "_includes/",
    "_data/",
    "_sass/",
    "*.erb",
    "!*.md.erb",
];

/// The files a build leaves out of the content: the defaults and a wiki's `exclude`.
pub struct Exclude {
    matcher: Gitignore,
}

impl Exclude {
    /// The matcher for [`DEFAULT_EXCLUDE`] followed by `patterns`; a pattern that is not a
    /// valid glob is skipped with a warning naming it.
    pub fn new(patterns: &[String]) -> (Exclude, Vec<Diagnostic>) {
        let mut b = GitignoreBuilder::new("/");
        let mut diags = Vec::new();
        for p in DEFAULT_EXCLUDE {
            b.add_line(None, p).expect("the default patterns are valid");
        }
        for p in patterns {
            if let Err(e) = b.add_line(None, p) {
                diags.push(
                    Diagnostic::warning(
                        "exclude",
                        format!("`wiki.exclude` pattern `{p}` is not valid ({e}): ignored"),
                    )
                    .in_file("book.toml"),
                );
            }
        }
        let matcher = b.build().unwrap_or_else(|_| Gitignore::empty());
        (Exclude { matcher }, diags)
    }

    /// True when the content file `path` (relative, `/`-separated) is excluded: it or a folder
    /// it is in matches, as in git, where a file in an excluded folder cannot be taken back.
    pub fn excludes(&self, path: &str) -> bool {
        let mut end = 0;
        while let Some(i) = path[end..].find('/') {
            end += i;
            if self.matcher.matched(&path[..end], true).is_ignore() {
                return true;
            }
            end += 1;
        }
        self.matcher.matched(path, false).is_ignore()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_keep_template_sources_out_and_pages_in() {
        let (x, d) = Exclude::new(&[]);
        assert!(d.is_empty());
        for out in [
            "layouts/layout.erb",
            "docs/layouts/x.html",
            "_includes/nav.html",
            "_data/people.yml",
            "partials/_nav.html.erb",
            "standards/_aside.html.erb",
            "x.html.erb",
        ] {
            assert!(x.excludes(out), "{out}");
        }
        for keep in [
            "index.html.md.erb",
            "tools/git.html.md",
            "docs/_index.md",
            "_posts/2020-01-01-a.md",
            "images/layouts.png",
            "stylesheets/site.css",
        ] {
            assert!(!x.excludes(keep), "{keep}");
        }
        assert!(x.excludes("layouts/page.html.md.erb"), "folder wins");
    }

    #[test]
    fn a_wikis_patterns_add_to_the_defaults_and_can_take_one_back() {
        let (x, d) = Exclude::new(&["drafts/".into(), "*.txt".into(), "!layouts/".into()]);
        assert!(d.is_empty());
        assert!(x.excludes("drafts/a.md"));
        assert!(x.excludes("notes.txt"));
        assert!(!x.excludes("layouts/a.md"));
        assert!(x.excludes("_includes/a.html"));
        let (_, d) = Exclude::new(&["[z-a]".into()]);
        assert_eq!(d.len(), 1);
    }
}
