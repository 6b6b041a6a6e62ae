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
        let urls = crate::render::generated::sitemap_urls(job.site);
        let xml = crate::output::sitemap(&urls, Some(&site_url));
        out.write(self.name(), FILE, xml.as_bytes())
            .map_err(|e| cannot_write(FILE, e))?;
        Ok(Written {
            files: 1,
            ..Written::default()
        })
    }
}
