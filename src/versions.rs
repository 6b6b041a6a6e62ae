//! Versions: every edition of the strategy, built from the git refs `[wiki.versions]` names.
//!
//! Each version is read from the objects of its own commit (no checkout) with its own
//! `book.toml`, content and CODEOWNERS, and written into `/<version>/`; the default version is
//! also written at the site root. The version menu comes from the current build, so an old
//! edition links to every newer one.

use std::collections::HashSet;

use git2::{Oid, Repository};
use serde::Serialize;

use crate::config::VersionsConfig;
use crate::diagnostics::Diagnostic;
use crate::markdown::relative_url;
use crate::text::slugify;

/// One version.
#[derive(Debug, Clone)]
pub struct Version {
    /// The ref name (`v1`, `main`).
    pub name: String,
    /// The URL folder (`v1`).
    pub slug: String,
    /// What readers see (`Agenda 2015–2018`).
    pub label: String,
    /// The commit.
    pub commit: Oid,
    /// Commit time, seconds.
    pub time: i64,
    /// Shown as "in development".
    pub development: bool,
    /// A branch (else a tag): changes can be proposed against it.
    pub branch: bool,
}

/// `*` and `?` wildcards over a whole ref name. Patterns come from `book.toml` and names from
/// the repository's refs, both of which a pull request can write, so matching takes time
/// proportional to their lengths multiplied, never exponential: on a mismatch after a `*`, only
/// the last `*` is retried one byte further (a backtracking match of `************b` against
/// 24 `a`s ran for minutes; found by `fuzz/`'s `version_glob`).
pub fn glob(pattern: &str, name: &str) -> bool {
    // The classic two-pointer wildcard match: on a mismatch, go back to just after the last `*`
    // and let it swallow one more byte. Only the last `*` matters (an earlier one can always
    // swallow what a later retry needs), so the work is at most pattern × name, never the
    // exponential backtracking of trying every split (`*?*?*?*?*X` took minutes).
    let (p, n) = (pattern.as_bytes(), name.as_bytes());
    let (mut pi, mut ni) = (0, 0);
    // The pattern position after the last `*`, and the name position it was tried at.
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        match p.get(pi) {
            Some(b'*') => {
                star = Some((pi + 1, ni));
                pi += 1;
            }
            Some(&c) if c == b'?' || c == n[ni] => {
                pi += 1;
                ni += 1;
            }
            _ => match star {
                Some((sp, sn)) => {
                    pi = sp;
                    ni = sn + 1;
                    star = Some((sp, sn + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

/// Numbers in a ref name, for semantic-version order (`v1.10` after `v1.9`).
fn semver_key(name: &str) -> Vec<u64> {
    name.split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect()
}

/// The versions the configuration selects, oldest first, the index of the default one, and a
/// warning for each matching tag that leads to no commit (a tag of a tree or a blob).
pub fn select(
    repo: &Repository,
    cfg: &VersionsConfig,
) -> Result<(Vec<Version>, usize, Vec<Diagnostic>), Diagnostic> {
    let err = |m: String| Diagnostic::error("versions", m).in_file("book.toml");
    let mut found: Vec<(String, Oid, bool)> = Vec::new();
    let mut skipped = Vec::new();
    let tags = repo
        .tag_names(None)
        .map_err(|e| err(e.message().to_string()))?;
    for t in tags.iter().flatten().flatten() {
        if !cfg.tags.iter().any(|p| glob(p, t)) {
            continue;
        }
        match repo
            .revparse_single(&format!("refs/tags/{t}"))
            .and_then(|o| o.peel_to_commit())
        {
            Ok(c) => found.push((t.to_string(), c.id(), true)),
            Err(e) => skipped.push(
                Diagnostic::warning(
                    "versions",
                    format!(
                        "tag `{t}` is left out of the versions: it does not lead to a commit ({})",
                        e.message()
                    ),
                )
                .in_file("book.toml"),
            ),
        }
    }
    let branches = repo
        .branches(Some(git2::BranchType::Local))
        .map_err(|e| err(e.message().to_string()))?;
    for b in branches.flatten() {
        let Ok(Some(name)) = b.0.name().map(|n| n.map(str::to_string)) else {
            continue;
        };
        if cfg.branches.iter().any(|p| glob(p, &name))
            && let Ok(c) = b.0.get().peel_to_commit()
        {
            found.push((name, c.id(), false));
        }
    }
    if found.is_empty() {
        return Err(err(
            "`[wiki.versions]` selects no tag or branch of this repository".into(),
        ));
    }
    let mut versions: Vec<(Version, bool)> = found
        .into_iter()
        .map(|(name, commit, is_tag)| {
            let time = repo
                .find_commit(commit)
                .map(|c| c.time().seconds())
                .unwrap_or(0);
            (
                Version {
                    slug: slugify(&name),
                    label: cfg
                        .labels
                        .get(&name)
                        .cloned()
                        .unwrap_or_else(|| name.clone()),
                    development: cfg.development.as_deref() == Some(name.as_str()),
                    name,
                    commit,
                    time,
                    branch: !is_tag,
                },
                is_tag,
            )
        })
        .collect();
    let by_date = cfg.order == crate::config::VersionOrder::Date;
    versions.sort_by(|(a, at), (b, bt)| {
        // Development versions come last; then tags and branches by the chosen order.
        (a.development, !at)
            .cmp(&(b.development, !bt))
            .then_with(|| {
                if by_date {
                    a.time.cmp(&b.time)
                } else {
                    semver_key(&a.name).cmp(&semver_key(&b.name))
                }
            })
            .then_with(|| a.name.cmp(&b.name))
    });
    let list: Vec<Version> = versions.into_iter().map(|(v, _)| v).collect();
    // Each version is a folder of the site: names must not collide with each other or with
    // the site's own folders.
    const TAKEN: &[&str] = &[
        "static",
        "tags",
        "goals",
        "chapters",
        "owners",
        "case-studies",
        "history",
    ];
    for (i, v) in list.iter().enumerate() {
        if v.slug.is_empty() || TAKEN.contains(&v.slug.as_str()) {
            return Err(err(format!(
                "version `{}` would be written to the folder `{}/`, which the site uses itself: rename the ref or leave it out",
                v.name, v.slug
            )));
        }
        if let Some(other) = list[..i].iter().find(|o| o.slug == v.slug) {
            return Err(err(format!(
                "versions `{}` and `{}` would both be written to `{}/`",
                other.name, v.name, v.slug
            )));
        }
    }
    let default = match &cfg.latest {
        Some(l) => list.iter().position(|v| &v.name == l).ok_or_else(|| {
            err(format!(
                "`latest = \"{l}\"` is not one of the selected versions"
            ))
        })?,
        None => list
            .iter()
            .rposition(|v| !v.development)
            .unwrap_or(list.len() - 1),
    };
    Ok((list, default, skipped))
}

/// A warning when `development` names a ref none of the selected versions is: a branch that
/// is not there (a CI checkout may have no local branch of that name) or not selected by
/// `tags`/`branches`. The build goes on without an edition in development.
pub fn development_warning(cfg: &VersionsConfig, list: &[Version]) -> Option<Diagnostic> {
    let d = cfg.development.as_deref()?;
    (!list.iter().any(|v| v.development)).then(|| {
        Diagnostic::warning(
            "versions",
            format!(
                "`development = \"{d}\"` is not one of the selected versions (select it with `branches` or `tags`, and make sure the ref is there), so no edition is shown as in development"
            ),
        )
        .in_file("book.toml")
    })
}

/// What every page of one rendering knows about the versions.
#[derive(Debug, Clone)]
pub struct VersionsView {
    /// All versions, oldest first.
    pub list: Vec<Version>,
    /// The page URLs of each version (shared by the renderings of every version).
    pub urls: std::sync::Arc<Vec<HashSet<String>>>,
    /// Each version's pages: content path → URL.
    pub paths: std::sync::Arc<Vec<std::collections::HashMap<String, String>>>,
    /// Each version's earlier paths of its pages (from history): old content path → URL.
    pub aliases: std::sync::Arc<Vec<std::collections::HashMap<String, String>>>,
    /// The version being rendered.
    pub current: usize,
    /// The default version.
    pub default: usize,
    /// Rendering the default version's copy at the site root.
    pub at_root: bool,
}

/// `version`, as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct VersionCtx {
    /// The label of the version being read.
    pub label: String,
    /// True for the default version.
    pub is_default: bool,
    /// True for the version in development.
    pub development: bool,
    /// For other versions: the banner's link to this page in the default version.
    pub banner: Option<BannerCtx>,
    /// The menu: every version, with a link to this page there (or to its home).
    pub menu: Vec<MenuItem>,
    /// The "what changed since the previous version" page of this version, if any.
    pub changes_url: Option<String>,
    /// The label of the previous version.
    pub previous_label: Option<String>,
}

/// The banner of a non-default version.
#[derive(Debug, Clone, Serialize)]
pub struct BannerCtx {
    /// The default version's label.
    pub latest: String,
    /// Relative link to the same page there, or to its home.
    pub href: String,
    /// True when the page exists in the default version.
    pub exists: bool,
}

/// One entry of the version menu.
#[derive(Debug, Clone, Serialize)]
pub struct MenuItem {
    /// Label.
    pub label: String,
    /// Relative link.
    pub href: String,
    /// The page exists in that version (otherwise the link goes to its home).
    pub exists: bool,
    /// The version being read.
    pub current: bool,
    /// Default version.
    pub is_default: bool,
    /// In development.
    pub development: bool,
}

impl VersionCtx {
    /// Make every link absolute: `base` (the site's URL, or `/`) followed by the link's path from
    /// the site root, for the page at `own` (its path from the site root) whose links these
    /// are. For the 404 page, which servers show at any address, where relative links break.
    pub fn absolute_links(&mut self, own: &str, base: &str) {
        let resolve = |href: &mut String| {
            let path = crate::markdown::resolve_relative(own, href).unwrap_or_default();
            *href = format!("{base}{path}");
        };
        for item in &mut self.menu {
            resolve(&mut item.href);
        }
        if let Some(b) = &mut self.banner {
            resolve(&mut b.href);
        }
    }
}

/// What the version menus of every edition need to know of one version: the URLs it has, the
/// URL of each content file, and the URL each earlier path of a renamed page went to. Sorted,
/// so two builds of the same version give the same tables (and the same keys).
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct UrlTables {
    /// Every URL of the version: pages, history pages, generated pages.
    pub urls: Vec<String>,
    /// Content path → URL.
    pub paths: Vec<(String, String)>,
    /// Earlier content path of a renamed page → its URL now.
    pub aliases: Vec<(String, String)>,
}

/// The date version `i`'s goals are judged against (overdue, stale), or `None` for the build's
/// date.
///
/// The default version and the one in development are read as the current state of the
/// strategy: the build's date. Any other edition is read as it was made: the date of its
/// commit (UTC), or the build's date if that is earlier (then `None`). So an old edition does not turn goals
/// overdue years after it was replaced, and it does not change from one day to the next.
pub fn judged_on(
    list: &[Version],
    default: usize,
    i: usize,
    today: jiff::civil::Date,
) -> Option<jiff::civil::Date> {
    let v = &list[i];
    if i == default || v.development {
        return None;
    }
    let date = jiff::Timestamp::from_second(v.time)
        .ok()?
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    (date <= today).then_some(date)
}

impl VersionsView {
    /// The folder a version's pages are in (`""` for the default version's root copy).
    pub fn prefix(&self, i: usize, at_root: bool) -> String {
        if at_root && i == self.default {
            String::new()
        } else {
            format!("{}/", self.list[i].slug)
        }
    }

    /// The changes page of version `i`, relative to that version's folder.
    pub fn changes_page(&self, i: usize) -> Option<String> {
        (i > 0).then(|| format!("changes-since-{}.html", self.list[i - 1].slug))
    }

    /// Where the page at `url` (content `path`, earlier paths `old_paths`) is in version `i`:
    /// the same URL, the same file, or the page it was renamed to or from (following renames
    /// through history).
    pub fn find(
        &self,
        i: usize,
        url: &str,
        path: Option<&str>,
        old_paths: &[String],
    ) -> Option<String> {
        self.find_as(i, url, path, old_paths, None)
    }

    /// [`VersionsView::find`] for a page made from content page `path` (a history page):
    /// `derive` makes its URL from the content page's URL in version `i`, so it follows the
    /// content page's renames too. `None`: the content page's own URL.
    fn find_as(
        &self,
        i: usize,
        url: &str,
        path: Option<&str>,
        old_paths: &[String],
        derive: Option<fn(&str) -> String>,
    ) -> Option<String> {
        // The 404 page's menu leads to each edition's home: another edition's "not found" is
        // no better than this one.
        if url == "404.html" {
            return Some("index.html".to_string());
        }
        if self.urls[i].contains(url) {
            return Some(url.to_string());
        }
        // An edition's changes page: the same page of another edition is its own changes page
        // (what changed since the edition before it), which the first edition does not have.
        if url.starts_with("changes-since-")
            && (0..self.list.len()).any(|j| self.changes_page(j).as_deref() == Some(url))
        {
            return self.changes_page(i);
        }
        let path = path?;
        let page = self.paths[i]
            .get(path)
            .or_else(|| self.aliases[i].get(path))
            .or_else(|| old_paths.iter().find_map(|q| self.paths[i].get(q)))?;
        match derive {
            None => Some(page.clone()),
            Some(derive) => Some(derive(page)).filter(|u| self.urls[i].contains(u)),
        }
    }

    /// The `version` context of the page at `url` (relative to the version's folder), built from
    /// the content file `path` that had the earlier paths `old_paths`.
    pub fn context(&self, url: &str, path: Option<&str>, old_paths: &[String]) -> VersionCtx {
        self.context_as(url, path, old_paths, None)
    }

    /// The `version` context of the history page at `url` of the content file `path` (earlier
    /// paths `old_paths`): its menu follows the page's renames to its history page in the other
    /// versions.
    pub fn history_context(&self, url: &str, path: &str, old_paths: &[String]) -> VersionCtx {
        self.context_as(
            url,
            Some(path),
            old_paths,
            Some(crate::model::urls::history_url),
        )
    }

    fn context_as(
        &self,
        url: &str,
        path: Option<&str>,
        old_paths: &[String],
        derive: Option<fn(&str) -> String>,
    ) -> VersionCtx {
        let own = format!("{}{url}", self.prefix(self.current, self.at_root));
        let link = |i: usize, to_root: bool| -> (String, bool) {
            let found = self.find_as(i, url, path, old_paths, derive);
            let exists = found.is_some();
            let target = found.unwrap_or_else(|| "index.html".to_string());
            let full = format!("{}{target}", self.prefix(i, to_root));
            (relative_url(&own, &full), exists)
        };
        let menu = (0..self.list.len())
            .rev()
            .map(|i| {
                // The default version is linked at the site root, its canonical place.
                let (href, exists) = link(i, true);
                MenuItem {
                    label: self.list[i].label.clone(),
                    href,
                    exists,
                    current: i == self.current,
                    is_default: i == self.default,
                    development: self.list[i].development,
                }
            })
            .collect();
        let banner = (self.current != self.default).then(|| {
            let (href, exists) = link(self.default, true);
            BannerCtx {
                latest: self.list[self.default].label.clone(),
                href,
                exists,
            }
        });
        VersionCtx {
            label: self.list[self.current].label.clone(),
            is_default: self.current == self.default,
            development: self.list[self.current].development,
            banner,
            menu,
            changes_url: self.changes_page(self.current),
            previous_label: (self.current > 0).then(|| self.list[self.current - 1].label.clone()),
        }
    }

    /// True when the default version has a page at `url` (for canonical links).
    pub fn default_has(&self, url: &str) -> bool {
        self.urls[self.default].contains(url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_made_absolute_from_the_page_they_are_on() {
        let item = |href: &str| MenuItem {
            label: "v".into(),
            href: href.into(),
            exists: true,
            current: false,
            is_default: false,
            development: false,
        };
        let mut ctx = VersionCtx {
            label: "v1".into(),
            is_default: false,
            development: false,
            banner: Some(BannerCtx {
                latest: "v2".into(),
                href: "../index.html".into(),
                exists: true,
            }),
            menu: vec![item("../v2/index.html"), item("index.html")],
            changes_url: None,
            previous_label: None,
        };
        ctx.absolute_links("v1/404.html", "https://x.org/s/");
        let hrefs: Vec<&str> = ctx.menu.iter().map(|m| m.href.as_str()).collect();
        assert_eq!(
            hrefs,
            [
                "https://x.org/s/v2/index.html",
                "https://x.org/s/v1/index.html"
            ]
        );
        assert_eq!(ctx.banner.unwrap().href, "https://x.org/s/index.html");
    }

    #[test]
    fn old_editions_are_judged_on_their_own_date() {
        let v = |time: i64, development: bool| Version {
            name: "v".into(),
            slug: "v".into(),
            label: "v".into(),
            commit: Oid::ZERO_SHA1,
            time,
            development,
            branch: development,
        };
        // 2024-07-03, 2025-03-01 (development), 2025-06-01 (default).
        let list = [
            v(1_720_000_000, false),
            v(1_740_787_200, true),
            v(1_748_736_000, false),
        ];
        let today = jiff::civil::date(2026, 1, 10);
        assert_eq!(
            judged_on(&list, 2, 0, today),
            Some(jiff::civil::date(2024, 7, 3))
        );
        assert_eq!(judged_on(&list, 2, 1, today), None, "development");
        assert_eq!(judged_on(&list, 2, 2, today), None, "default");
        // An edition made on the build's date is still judged as of its own date.
        assert_eq!(
            judged_on(&list, 2, 0, jiff::civil::date(2024, 7, 3)),
            Some(jiff::civil::date(2024, 7, 3))
        );
        // A build dated before the edition judges it on the build's date.
        assert_eq!(judged_on(&list, 2, 0, jiff::civil::date(2024, 1, 1)), None);
    }

    #[test]
    fn a_glob_of_many_stars_fails_fast() {
        // Exponential before: 2^30 ways to place the stars.
        let start = std::time::Instant::now();
        assert!(!glob(&format!("{}b", "*".repeat(30)), &"a".repeat(60)));
        assert!(glob(&format!("{}a", "*".repeat(30)), &"a".repeat(60)));
        assert!(start.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn glob_matches_as_before() {
        let cases = [
            ("v*", "v1.2", true),
            ("v*", "v", true),
            ("v*", "xv1", false),
            ("*", "", true),
            ("", "", true),
            ("", "a", false),
            ("?", "", false),
            ("?", "a", true),
            ("a?c", "abc", true),
            ("a?c", "ac", false),
            ("*.*", "1.2", true),
            ("*.*", "12", false),
            ("release/*", "release/2026", true),
            ("*x*y", "axbxy", true),
            ("*x*y", "axbyx", false),
            ("a*b*c", "abbbc", true),
            ("a**", "a", true),
            ("*a", "ba", true),
            ("*ab", "aab", true),
        ];
        for (p, n, want) in cases {
            assert_eq!(glob(p, n), want, "{p} {n}");
        }
    }

    #[test]
    fn globs_and_order() {
        assert!(glob("v*", "v1.2"));
        assert!(glob("release-?", "release-3"));
        assert!(!glob("v*", "main"));
    }

    /// The same answers as the recursive definition (`*` any run of bytes, `?` one byte),
    /// and patterns that made it backtrack exponentially answer at once.
    #[test]
    fn glob_is_linear_and_agrees_with_the_definition() {
        fn slow(p: &[u8], n: &[u8]) -> bool {
            match (p.first(), n.first()) {
                (None, None) => true,
                (Some(b'*'), _) => slow(&p[1..], n) || (!n.is_empty() && slow(p, &n[1..])),
                (Some(b'?'), Some(_)) => slow(&p[1..], &n[1..]),
                (Some(a), Some(b)) if a == b => slow(&p[1..], &n[1..]),
                _ => false,
            }
        }
        let patterns = [
            "",
            "*",
            "**",
            "?",
            "v*",
            "v?",
            "*1",
            "v*.*",
            "v*.?",
            "*-rc*",
            "a*b*c",
            "a?c",
            "release-?",
            "*?",
            "?*",
            "*a*",
            "a**b",
            "v1.*.0",
            "main",
            "*X",
            "*?*?*X",
        ];
        let names = [
            "",
            "a",
            "v",
            "v1",
            "v1.2",
            "v1.2.0",
            "v1.10.0",
            "abc",
            "aXbXc",
            "release-3",
            "release-10",
            "main",
            "v2-rc1",
            "X",
            "aX",
            "a.b",
            "ab",
            "acb",
            "ä",
            "v1.x.0",
        ];
        for p in patterns {
            for n in names {
                assert_eq!(
                    glob(p, n),
                    slow(p.as_bytes(), n.as_bytes()),
                    "glob({p:?}, {n:?})"
                );
            }
        }
        let hostile = "*?".repeat(13) + "*X";
        let name = "a".repeat(200);
        assert!(!glob(&hostile, &name));
        assert!(glob(&hostile, &(name.clone() + "X")));
        assert!(!glob(&"*a".repeat(1000), &"a".repeat(999)));
        assert!(semver_key("v1.10") > semver_key("v1.9"));
    }
}
