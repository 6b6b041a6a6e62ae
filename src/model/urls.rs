//! Where each page goes in the built site.
//!
//! Pages are written as `folder/slug.html` files (not `folder/slug/index.html`) and linked
//! relatively, so the same site works from any base path on a web server and straight from
//! `file://`, where a folder link would not open its index.

use super::Role;
use crate::content::{Kind, file_stem};
use crate::text::slugify;

/// True for the file names that stand for their folder (`index.md`, `README.md`, `_index.md`).
fn is_index_file(path: &str) -> bool {
    matches!(
        file_stem(path).to_ascii_lowercase().as_str(),
        "index" | "readme" | "_index"
    )
}

/// The content file that is the site's 404 page, as in mdBook (`src/404.md`).
pub const NOT_FOUND_FILE: &str = "404.md";

/// The 404 page of a Jekyll site (`404.html`), the site's 404 page as `404.md` is.
pub const NOT_FOUND_HTML: &str = "404.html";

/// The role a content path plays.
pub fn role_of(path: &str) -> Role {
    if path == NOT_FOUND_FILE || path == NOT_FOUND_HTML {
        return Role::NotFound;
    }
    if !is_index_file(path) {
        return Role::Normal;
    }
    match path.rsplit_once('/') {
        None => Role::HomeIntro,
        Some((dir, _)) => match Kind::ALL.into_iter().find(|k| k.folder() == Some(dir)) {
            Some(k) => Role::KindIntro(k),
            None => Role::Normal,
        },
    }
}

/// The site URL of a page: its folder (each part slugified) and its slug, or `index.html` for
/// a folder's index file.
pub fn page_url(path: &str, slug: &str, role: Role) -> String {
    match role {
        Role::HomeIntro => "index.html".into(),
        Role::NotFound => "404.html".into(),
        Role::KindIntro(k) => format!("{}/index.html", k.folder().unwrap_or("pages")),
        Role::Normal => {
            let dir: Vec<String> = match path.rsplit_once('/') {
                Some((dir, _)) => dir
                    .split('/')
                    .map(slugify)
                    .filter(|s| !s.is_empty())
                    .collect(),
                None => Vec::new(),
            };
            let name = if is_index_file(path) { "index" } else { slug };
            if dir.is_empty() {
                format!("{name}.html")
            } else {
                format!("{}/{name}.html", dir.join("/"))
            }
        }
    }
}

/// URLs the generator writes itself; a page may not take them.
pub fn is_reserved(url: &str) -> bool {
    super::generated::generated(url).is_some()
        || url == "sitemap.xml"
        || url.starts_with("static/")
        || url.starts_with("tags/")
        || url.starts_with("history/")
        || url.starts_with("pagefind/")
}

/// The URL of a page's history page.
pub fn history_url(page_url: &str) -> String {
    format!("history/{page_url}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            page_url("goals/x.md", "x", role_of("goals/x.md")),
            "goals/x.html"
        );
        assert_eq!(
            page_url("goals/x.md", "other", Role::Normal),
            "goals/other.html"
        );
        assert_eq!(
            page_url("index.md", "index", role_of("index.md")),
            "index.html"
        );
        assert_eq!(role_of("goals/README.md"), Role::KindIntro(Kind::Goal));
        assert_eq!(
            page_url("goals/README.md", "readme", role_of("goals/README.md")),
            "goals/index.html"
        );
        assert_eq!(
            page_url("Guides Å/index.md", "index", role_of("Guides Å/index.md")),
            "guides-a/index.html"
        );
        assert_eq!(page_url("about.md", "about", Role::Normal), "about.html");
    }
}
