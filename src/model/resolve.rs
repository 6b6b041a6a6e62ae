//! The model as the Markdown renderer's [`LinkResolver`]: where a link goes.

use super::{Site, urls};
use crate::markdown::LinkResolver;
use crate::text::slugify;

impl Site {
    /// Set the base path the site is served from, from `site-url` (`https://x.org/manual/` or
    /// mdBook's path form `/manual/`): root-relative links written for it (`/manual/agile`)
    /// name pages, others (`/elsewhere`) leave the site. `None` or a URL without a path: `/`.
    pub fn set_base_path(&mut self, site_url: Option<&str>) {
        self.base_path = base_path(site_url.unwrap_or("/"));
    }
}

impl Site {
    /// Take the old paths of `[output.html.redirect]` (`/standards/git.html`, `/old/`): the
    /// site has a redirect page at each, so a link written to one leads somewhere.
    pub fn set_redirects<'a>(&mut self, from: impl IntoIterator<Item = &'a String>) {
        self.redirect_paths = from
            .into_iter()
            .map(|f| {
                let rel = f.trim_start_matches('/');
                if rel.ends_with('/') || rel.is_empty() {
                    format!("{rel}index.html")
                } else {
                    rel.to_string()
                }
            })
            .collect();
    }
}

/// The path part of a site URL, starting and ending with `/`.
fn base_path(site_url: &str) -> String {
    let path = match site_url.find("://") {
        Some(i) => {
            let rest = &site_url[i + 3..];
            rest.find('/').map_or("/", |j| &rest[j..])
        }
        None => site_url,
    };
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let mut p = String::from("/");
    p.push_str(path.trim_matches('/'));
    if !p.ends_with('/') {
        p.push('/');
    }
    p
}

impl LinkResolver for Site {
    fn page_url(&self, content_path: &str) -> Option<String> {
        match self.by_path.get(content_path) {
            Some(&i) => Some(self.pages[i].url.clone()),
            // A page that failed to parse was reported already; do not report links to it too.
            None if self.failed.contains(content_path) => Some(urls::page_url(
                content_path,
                &crate::content::default_slug(content_path),
                urls::role_of(content_path),
            )),
            None => generated_index(content_path).map(str::to_string),
        }
    }

    fn url_exists(&self, url: &str) -> bool {
        self.urls.contains(url)
            || self.redirect_paths.contains(url)
            || generated_index(url).is_some_and(|u| u == url)
            || url == "changes.html"
            || url == "404.html"
            || url
                .strip_prefix("tags/")
                .and_then(|t| t.strip_suffix(".html"))
                .is_some_and(|t| t == "index" || self.tags.contains_key(t))
    }

    fn asset_exists(&self, content_path: &str) -> bool {
        self.assets.contains(content_path)
    }

    fn base_path(&self) -> &str {
        if self.base_path.is_empty() {
            "/"
        } else {
            &self.base_path
        }
    }

    fn folder_index(&self, folder: &str) -> Option<String> {
        // Where the folder's index file would be published, whatever its name (index.md,
        // README.md, _index.md, index.html.md.erb): the page there, if there is one.
        let probe = if folder.is_empty() {
            "index.md".to_string()
        } else {
            format!("{folder}/index.md")
        };
        let url = urls::page_url(&probe, "index", urls::role_of(&probe));
        self.by_url
            .get(&url)
            .map(|&i| self.pages[i].src.path.clone())
    }

    fn wiki(&self, name: &str) -> Option<(String, String, String)> {
        let name = name.trim();
        let pick = |v: &Vec<usize>| {
            v.iter()
                .min_by_key(|&&i| (self.pages[i].kind(), i))
                .copied()
        };
        let idx = self
            .any_slug
            .get(&slugify(name))
            .filter(|_| !name.contains(' ') || !self.by_title.contains_key(&name.to_lowercase()))
            .and_then(pick)
            .or_else(|| self.by_title.get(&name.to_lowercase()).and_then(pick))
            .or_else(|| {
                // `[[goals/common-eid]]` or `[[goals/common-eid.md]]`.
                let p = name.trim_end_matches(".md");
                self.by_path.get(&format!("{p}.md")).copied()
            })?;
        let p = &self.pages[idx];
        Some((p.src.path.clone(), p.url.clone(), p.title().to_string()))
    }
}

/// The index page the site generates for a folder's `index.md` (or the index URL itself), when
/// there is no such file: the home page and each kind's index.
fn generated_index(path: &str) -> Option<&'static str> {
    let (dir, file) = path.rsplit_once('/').unwrap_or(("", path));
    if !matches!(
        file.to_ascii_lowercase().as_str(),
        "index.md" | "readme.md" | "index.html"
    ) {
        return None;
    }
    match dir {
        "" => Some("index.html"),
        "chapters" => Some("chapters/index.html"),
        "goals" => Some("goals/index.html"),
        "case-studies" => Some("case-studies/index.html"),
        "owners" => Some("owners/index.html"),
        "tags" => Some("tags/index.html"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths() {
        assert_eq!(
            base_path("https://www.gov.uk/service-manual/"),
            "/service-manual/"
        );
        assert_eq!(
            base_path("https://www.gov.uk/service-manual"),
            "/service-manual/"
        );
        assert_eq!(base_path("https://x.org"), "/");
        assert_eq!(base_path("https://x.org/"), "/");
        assert_eq!(base_path("/mdBook/"), "/mdBook/");
        assert_eq!(base_path("/a/b"), "/a/b/");
        assert_eq!(base_path("/"), "/");
    }
}
