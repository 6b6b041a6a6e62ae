//! `CNAME`, at the site's top: GitHub Pages reads its custom domain from it (mdBook's
//! `output.html.cname`).

use super::{Output, Written, cannot_write};
use crate::diagnostics::Diagnostic;
use crate::output::job::{Job, Writer};
use crate::output::plan::Plan;

/// The CNAME file.
pub struct Cname;

const FILE: &str = "CNAME";

impl Output for Cname {
    fn name(&self) -> &'static str {
        "cname"
    }

    fn plan(&self, job: &Job<'_>, plan: &mut Plan) {
        if job.sitemap && job.config.html.cname.is_some() {
            let line = job.config.key_line("output.html", "cname");
            let claim = job
                .claim(self.name(), "the CNAME file (`cname`)")
                .at("book.toml", line);
            plan.file(FILE, claim);
        }
    }

    fn write(&self, job: &Job<'_>, out: &Writer<'_>) -> Result<Written, Vec<Diagnostic>> {
        let Some(domain) = job.config.html.cname.as_ref().filter(|_| job.sitemap) else {
            return Ok(Written::default());
        };
        out.write(self.name(), FILE, format!("{}\n", domain.trim()).as_bytes())
            .map_err(|e| cannot_write(FILE, e))?;
        Ok(Written {
            files: 1,
            ..Written::default()
        })
    }
}
