//! The pages of a multilingual wiki linked to their translations.
//!
//! Each language is a site of its own (`crate::languages` loads them). A page and its
//! translations are one group: pages at the same path in each language's folder
//! (`content/goals/x.md` and `content/sv/goals/x.md`), and pages joined by `translation-of`
//! (Hugo's `translationKey`), which names the other page by its path in its language's
//! folder, with or without `.md`, from that folder's top or from the page's own folder, or by
//! its bare file name when one page of that language has it. The links are symmetric: either
//! page may name the other. A `translation-of` naming a page of its own language's site is
//! left alone (a site whose folders hold both languages marks such pages with `lang:`).
//!
//! Every language then has every page of the group at some URL: its own translation, or a
//! short generated page saying the page is not translated and linking to the languages it
//! exists in (so the language switcher always keeps the page, as Hugo's and GOV.UK's do for
//! the translations there are, and no link in the site leads to a missing file).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use super::{Role, Site};
use crate::diagnostics::Diagnostic;

/// One language, as its pages link to it.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct LangInfo {
    /// Its code (`sv`).
    pub code: String,
    /// Its name in itself (`Svenska`).
    pub name: String,
    /// Its folder in the site: `""` for the default language, else `sv/`.
    pub prefix: String,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
}

/// Where a group's page is in one language.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Place {
    /// Its own translation: page index in that language's site.
    Page(usize),
    /// Not translated: the generated page at this URL says so.
    Missing(String),
    /// Not translated, and its URL is taken by another page of that language: its home.
    Home,
}

/// The translations of every page of every language.
#[derive(Debug, Clone, Default)]
pub struct Translations {
    /// The languages, the default first.
    pub langs: Vec<LangInfo>,
    /// Per language, page index → group.
    group_of: Vec<HashMap<usize, usize>>,
    /// Per group, per language: where it is.
    groups: Vec<Vec<Place>>,
    /// Per language, the URLs of its pages (for links to them).
    urls: Vec<Vec<String>>,
    /// Per language, the titles of its pages (for the pages saying one is not translated).
    titles: Vec<Vec<String>>,
    /// Per language, every URL its site has besides its pages (indexes, tags, dashboard).
    generated: Vec<HashSet<String>>,
    /// Per language, the URLs its sitemap lists: pages, generated pages, tags.
    sitemap: Vec<Vec<String>>,
    /// `site-url` of the whole site (absolute), for the sitemap's alternates.
    pub site_url: Option<String>,
}

/// One entry of a page's language switcher.
#[derive(Debug, Clone, Serialize)]
pub struct SwitchEntry {
    /// The language's code (`lang` and `hreflang`).
    pub code: String,
    /// Its name in itself.
    pub name: String,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
    /// The link, relative to the page (`None` for the page's own language).
    pub href: Option<String>,
    /// The link from the site's top (for absolute alternates).
    pub site_path: String,
    /// The page is not translated into this language (the link leads to the page saying so).
    pub missing: bool,
    /// The page's own language.
    pub current: bool,
}

/// A page not translated into one language: what the generated page says.
#[derive(Debug, Clone)]
pub struct MissingPage {
    /// Its URL in that language's site.
    pub url: String,
    /// The page's title in the languages it exists in, with its site path and language.
    pub found: Vec<(String, String, LangInfo)>,
}

impl Translations {
    /// Link the pages of `sites` (one per language of `langs`, the default first), reporting
    /// groups with two pages of one language and `translation-of` values that name nothing.
    pub fn link(
        langs: Vec<LangInfo>,
        sites: &[&Site],
        site_url: Option<String>,
        diags: &mut Vec<Diagnostic>,
    ) -> Translations {
        let n = sites.len();
        // Nodes (language, page) of ordinary pages; union-find over their indexes.
        let mut nodes: Vec<(usize, usize)> = Vec::new();
        let mut node_of: HashMap<(usize, usize), usize> = HashMap::new();
        for (l, site) in sites.iter().enumerate() {
            for (i, p) in site.pages.iter().enumerate() {
                if p.role == Role::Normal {
                    node_of.insert((l, i), nodes.len());
                    nodes.push((l, i));
                }
            }
        }
        let mut parent: Vec<usize> = (0..nodes.len()).collect();
        fn find(parent: &mut [usize], x: usize) -> usize {
            let mut r = x;
            while parent[r] != r {
                r = parent[r];
            }
            let mut x = x;
            while parent[x] != r {
                let next = parent[x];
                parent[x] = r;
                x = next;
            }
            r
        }
        let union = |parent: &mut Vec<usize>, a: usize, b: usize| {
            let (ra, rb) = (find(parent, a), find(parent, b));
            if ra != rb {
                // The smaller node (the default language's page, first) stays the root.
                let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
                parent[hi] = lo;
            }
        };
        // The same path in each language's folder.
        let mut by_path: HashMap<&str, usize> = HashMap::new();
        for (k, &(l, i)) in nodes.iter().enumerate() {
            match by_path.get(sites[l].pages[i].src.path.as_str()) {
                Some(&first) => union(&mut parent, first, k),
                None => {
                    by_path.insert(&sites[l].pages[i].src.path, k);
                }
            }
        }
        // `translation-of`: the named page in another language, the default first.
        for (k, &(l, i)) in nodes.iter().enumerate() {
            let p = &sites[l].pages[i];
            let Some(target) = p.src.meta.translation_of.as_deref() else {
                continue;
            };
            let codes: Vec<&str> = langs.iter().map(|x| x.code.as_str()).collect();
            let others = || (0..n).filter(|&m| m != l);
            // A bare name beside the page in its own site names that page (see the module's
            // documentation): nothing to link, nothing to report.
            let own =
                !target.contains('/') && resolve(sites[l], &p.src.path, target, &codes).is_some();
            let found = if own {
                None
            } else {
                others()
                    .find_map(|m| resolve(sites[m], &p.src.path, target, &codes).map(|j| (m, j)))
                    .or_else(|| others().find_map(|m| by_name(sites[m], target).map(|j| (m, j))))
            };
            match found.and_then(|(m, j)| node_of.get(&(m, j))) {
                Some(&other) => union(&mut parent, k, other),
                None if own => {}
                None => {
                    let line = line_of(p, "translation-of");
                    diags.push(
                        Diagnostic::warning(
                            "translation",
                            format!(
                                "`translation-of: {target}` names no page of another language: give the other page's path in its language's folder, such as `goals/digital-id.md`"
                            ),
                        )
                        .in_file(&p.src.display)
                        .at(line, 1),
                    );
                }
            }
        }
        // Groups, in the order of their first page; one page per language.
        let mut group_of: Vec<HashMap<usize, usize>> = vec![HashMap::new(); n];
        let mut groups: Vec<Vec<Option<usize>>> = Vec::new();
        let mut group_of_root: BTreeMap<usize, usize> = BTreeMap::new();
        for (k, &(l, i)) in nodes.iter().enumerate() {
            let r = find(&mut parent, k);
            let g = *group_of_root.entry(r).or_insert_with(|| {
                groups.push(vec![None; n]);
                groups.len() - 1
            });
            match groups[g][l] {
                None => {
                    groups[g][l] = Some(i);
                    group_of[l].insert(i, g);
                }
                Some(first) => {
                    let p = &sites[l].pages[i];
                    let q = &sites[l].pages[first];
                    diags.push(
                        Diagnostic::warning(
                            "translation",
                            format!(
                                "`{}` and `{}` are both translations of one page in `{}`: only the first is linked to the others",
                                q.src.display, p.src.display, langs[l].code
                            ),
                        )
                        .in_file(&p.src.display)
                        .at(line_of(p, "translation-of"), 1),
                    );
                }
            }
        }
        let urls: Vec<Vec<String>> = sites
            .iter()
            .map(|s| s.pages.iter().map(|p| p.url.clone()).collect())
            .collect();
        let titles: Vec<Vec<String>> = sites
            .iter()
            .map(|s| s.pages.iter().map(|p| p.title().to_string()).collect())
            .collect();
        let generated: Vec<HashSet<String>> = sites
            .iter()
            .map(|s| {
                super::generated::GENERATED
                    .iter()
                    .map(|g| g.url.to_string())
                    .chain(s.tags.keys().map(|t| format!("tags/{t}.html")))
                    .collect()
            })
            .collect();
        let sitemap: Vec<Vec<String>> = sites
            .iter()
            .map(|s| {
                let mut u: Vec<String> = super::generated::GENERATED
                    .iter()
                    .filter(|g| g.sitemap)
                    .map(|g| g.url.to_string())
                    .chain(
                        s.pages
                            .iter()
                            .filter(|p| p.role == Role::Normal)
                            .map(|p| p.url.clone()),
                    )
                    .chain(s.tags.keys().map(|t| format!("tags/{t}.html")))
                    .collect();
                u.sort();
                u.dedup();
                u
            })
            .collect();
        let taken: Vec<HashSet<&str>> = urls
            .iter()
            .zip(&generated)
            .map(|(u, g)| u.iter().chain(g).map(String::as_str).collect())
            .collect();
        let groups = groups
            .into_iter()
            .map(|g| {
                // The URL a missing translation gets: the first translation's.
                let first = g
                    .iter()
                    .enumerate()
                    .find_map(|(l, i)| i.map(|i| urls[l][i].clone()))
                    .unwrap_or_default();
                g.iter()
                    .enumerate()
                    .map(|(l, i)| match i {
                        Some(i) => Place::Page(*i),
                        None if taken[l].contains(first.as_str()) => Place::Home,
                        None => Place::Missing(first.clone()),
                    })
                    .collect()
            })
            .collect();
        Translations {
            langs,
            group_of,
            groups,
            urls,
            titles,
            generated,
            sitemap,
            site_url,
        }
    }

    /// A hash of every link between the languages: what a page's switcher can show, for the
    /// keys of pages reused from the previous build.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.langs.hash(&mut h);
        self.groups.hash(&mut h);
        self.urls.hash(&mut h);
        h.finish()
    }

    /// The site path (from the whole site's top) of group `g` in language `l`.
    fn site_path(&self, g: usize, l: usize) -> (String, bool) {
        let prefix = &self.langs[l].prefix;
        match &self.groups[g][l] {
            Place::Page(i) => (format!("{prefix}{}", self.urls[l][*i]), false),
            Place::Missing(u) => (format!("{prefix}{u}"), true),
            Place::Home => (format!("{prefix}index.html"), true),
        }
    }

    /// The language switcher of the page at `url` in language `lang` (content page `page`
    /// when it is one): every language, each linking to this page in it.
    pub fn switcher(&self, lang: usize, url: &str, page: Option<usize>) -> Vec<SwitchEntry> {
        let up = "../".repeat(self.langs[lang].prefix.matches('/').count());
        let root = format!("{}{up}", crate::text::root_prefix(url));
        let group = match page {
            Some(i) => self.group_of[lang].get(&i).copied(),
            // A generated page not translated: its group is the one whose missing page it is.
            None => self
                .groups
                .iter()
                .position(|g| matches!(&g[lang], Place::Missing(u) if u == url)),
        };
        self.langs
            .iter()
            .enumerate()
            .map(|(l, info)| {
                let (site_path, missing) = match group {
                    Some(g) => self.site_path(g, l),
                    // An index, the dashboard, a tag: the same page in the other language, else
                    // its home.
                    None if self.generated[l].contains(url)
                        || self.urls[l].iter().any(|u| u == url) =>
                    {
                        (format!("{}{url}", info.prefix), false)
                    }
                    None => (format!("{}index.html", info.prefix), true),
                };
                SwitchEntry {
                    code: info.code.clone(),
                    name: info.name.clone(),
                    dir: info.dir,
                    href: (l != lang).then(|| format!("{root}{site_path}")),
                    site_path,
                    missing,
                    current: l == lang,
                }
            })
            .collect()
    }

    /// The pages language `lang` lacks, each with the languages it exists in.
    pub fn missing_in(&self, lang: usize) -> Vec<MissingPage> {
        self.groups
            .iter()
            .filter_map(|g| {
                let Place::Missing(url) = &g[lang] else {
                    return None;
                };
                let found = g
                    .iter()
                    .enumerate()
                    .filter_map(|(l, p)| match p {
                        Place::Page(i) => Some((
                            self.titles[l][*i].clone(),
                            format!("{}{}", self.langs[l].prefix, self.urls[l][*i]),
                            self.langs[l].clone(),
                        )),
                        _ => None,
                    })
                    .collect();
                Some(MissingPage {
                    url: url.clone(),
                    found,
                })
            })
            .collect()
    }

    /// Every group with its page in each language (`None`: not translated), for the sitemap's
    /// alternates and the check of translated goals.
    pub fn groups(&self) -> impl Iterator<Item = Vec<Option<usize>>> + '_ {
        self.groups.iter().map(|g| {
            g.iter()
                .map(|p| match p {
                    Place::Page(i) => Some(*i),
                    _ => None,
                })
                .collect()
        })
    }

    /// Every language's sitemap URLs (site paths from the whole site's top), each with its
    /// translations' site paths by language code (itself included, as Google asks).
    pub fn sitemap_entries(&self) -> Vec<(String, Vec<(String, String)>)> {
        let mut out = Vec::new();
        for (l, urls) in self.sitemap.iter().enumerate() {
            let page_of: HashMap<&str, usize> = self.urls[l]
                .iter()
                .enumerate()
                .map(|(i, u)| (u.as_str(), i))
                .collect();
            for u in urls {
                let alternates = match page_of
                    .get(u.as_str())
                    .and_then(|i| self.group_of[l].get(i))
                {
                    Some(&g) => (0..self.langs.len())
                        .filter_map(|m| match self.groups[g][m] {
                            Place::Page(_) => {
                                Some((self.langs[m].code.clone(), self.site_path(g, m).0))
                            }
                            _ => None,
                        })
                        .collect(),
                    None if self.generated[l].contains(u) => (0..self.langs.len())
                        .filter(|&m| self.generated[m].contains(u))
                        .map(|m| {
                            (
                                self.langs[m].code.clone(),
                                format!("{}{u}", self.langs[m].prefix),
                            )
                        })
                        .collect(),
                    None => Vec::new(),
                };
                let alternates = if alternates.len() > 1 {
                    alternates
                } else {
                    Vec::new()
                };
                out.push((format!("{}{u}", self.langs[l].prefix), alternates));
            }
        }
        out
    }

    /// The site path (from the whole site's top) of page `i` of language `l`.
    pub fn page_path(&self, l: usize, i: usize) -> String {
        format!("{}{}", self.langs[l].prefix, self.urls[l][i])
    }
}

/// The line of front-matter key `key` of page `p` (1 when it has none).
fn line_of(p: &super::Page, key: &str) -> usize {
    p.src
        .key_lines
        .iter()
        .find(|(k, _)| k == key)
        .map_or(1, |(_, l)| *l)
}

/// The path `path` without its folders named after a language (`docs/fr/x.md` → `docs/x.md`),
/// split into folder and file name without `.md`.
fn neutral(path: &str, codes: &[&str]) -> (String, String) {
    let parts: Vec<&str> = path.split('/').collect();
    let (file, folders) = parts.split_last().unwrap_or((&"", &[]));
    let folder: Vec<&str> = folders
        .iter()
        .copied()
        .filter(|f| !codes.iter().any(|c| c.eq_ignore_ascii_case(f)))
        .collect();
    (
        folder.join("/"),
        file.strip_suffix(".md").unwrap_or(file).to_string(),
    )
}

/// The page of `site` that `target` names, from page `from` (a path in its own language's
/// folder): see the module's documentation. A bare name is looked for in the folder `from`
/// is in, language folders aside (Jekyll's `altLangPage`: `fr/a.md` names `en/b.md` as `b`).
fn resolve(site: &Site, from: &str, target: &str, codes: &[&str]) -> Option<usize> {
    let t = target
        .trim()
        .trim_start_matches("./")
        .trim_start_matches('/');
    let with_md = |p: &str| {
        if p.ends_with(".md") {
            vec![p.to_string()]
        } else {
            vec![p.to_string(), format!("{p}.md"), format!("{p}/index.md")]
        }
    };
    let folder = from.rsplit_once('/').map(|(f, _)| f);
    let mut tries = with_md(t);
    if let Some(f) = folder {
        tries.extend(with_md(&format!("{f}/{t}")));
    }
    if let Some(i) = tries.iter().find_map(|p| site.by_path.get(p.as_str())) {
        return Some(*i);
    }
    if t.contains('/') {
        return None;
    }
    let (folder, _) = neutral(from, codes);
    let name = t.strip_suffix(".md").unwrap_or(t);
    site.pages
        .iter()
        .position(|p| neutral(&p.src.path, codes) == (folder.clone(), name.to_string()))
}

/// The one page of `site` whose file is named `target` (with or without `.md`).
fn by_name(site: &Site, target: &str) -> Option<usize> {
    let t = target.trim();
    if t.contains('/') {
        return None;
    }
    let name = t.strip_suffix(".md").unwrap_or(t);
    let mut found = site.pages.iter().enumerate().filter(|(_, p)| {
        let file = p.src.path.rsplit('/').next().unwrap_or(&p.src.path);
        file.strip_suffix(".md").unwrap_or(file) == name
    });
    match (found.next(), found.next()) {
        (Some((i, _)), None) => Some(i),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_folders_are_left_out_of_neutral_paths() {
        let codes = ["en", "fr"];
        assert_eq!(
            neutral("views/fr/1-concevoir.md", &codes),
            ("views".to_string(), "1-concevoir".to_string())
        );
        assert_eq!(
            neutral("en/1-design.md", &codes),
            (String::new(), "1-design".to_string())
        );
        assert_eq!(
            neutral("goals/x.md", &codes),
            ("goals".to_string(), "x".to_string())
        );
    }
}
