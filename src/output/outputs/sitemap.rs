//! `sitemap.xml`, at the site's top, when `site-url` says where the site is published (the
//! sitemap protocol requires absolute URLs).

use super::{Output, Written, cannot_write};
use crate::diagnostics::Diagnostic;
use crate::output::job::{Job, Writer};
use crate::output::plan::Plan;

/// The sitemap.
pub struct Sitemap;

const FILE: &str = "sitemap.xml";

impl Output for Sitemap {
    fn name(&self) -> &'static str {
        "sitemap"
    }

    fn plan(&self, job: &Job<'_>, plan: &mut Plan) {
        if job.sitemap && job.config.absolute_site_url().is_some() {
            plan.file(FILE, job.claim(self.name(), "the sitemap"));
        }
    }

    fn write(&self, job: &Job<'_>, out: &Writer<'_>) -> Result<Written, Vec<Diagnostic>> {
        let Some(site_url) = job.config.absolute_site_url().filter(|_| job.sitemap) else {
            return Ok(Written::default());
        };
        let xml = match job.languages {
            // A multilingual site's sitemap lists every language's pages, each with its
            // translations (`xhtml:link` alternates, as search engines read them).
            Some((t, _)) => with_alternates(
                &t.sitemap_entries(),
                t.site_url.as_deref().unwrap_or(&site_url),
            ),
            None => {
                let urls = crate::render::generated::sitemap_urls(job.site);
                crate::output::sitemap(&urls, Some(&site_url))
            }
        };
        out.write(self.name(), FILE, xml.as_bytes())
            .map_err(|e| cannot_write(FILE, e))?;
        Ok(Written {
            files: 1,
            ..Written::default()
        })
    }
}

/// A sitemap of `entries` (site path, alternates by language code) under `site_url`.
fn with_alternates(entries: &[(String, Vec<(String, String)>)], site_url: &str) -> String {
    let loc =
        |u: &str| crate::text::escape_html(&format!("{site_url}{}", crate::text::encode_path(u)));
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for (u, alternates) in entries {
        s.push_str(&format!("  <url><loc>{}</loc>", loc(u)));
        for (code, a) in alternates {
            s.push_str(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                crate::text::escape_html(code),
                loc(a)
            ));
        }
        s.push_str("</url>\n");
    }
    s.push_str("</urlset>\n");
    s
}
