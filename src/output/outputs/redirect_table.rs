//! mdBook's `[output.html.redirect]`: a redirect page at each old path the table lists, so a
//! book moved from mdBook (or restructured by hand) keeps its readers' bookmarks and links.
//!
//! Planned in the late round with the redirects from renamed pages' earlier names: a redirect
//! never takes the place of a page or file, and one that cannot be written says why.

use super::{Output, Written, cannot_write};
use crate::diagnostics::Diagnostic;
use crate::output::job::{Job, Writer};
use crate::output::plan::Plan;

/// The redirect pages of `[output.html.redirect]`.
pub struct RedirectTable;

/// Where the redirect for the table's old path `from` goes in the site: `/format/config.html`
/// is `format/config.html`, and a folder (`/old/`) gets its `index.html`.
fn file_of(from: &str) -> String {
    let rel = from.trim_start_matches('/');
    if rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    }
}

impl Output for RedirectTable {
    fn name(&self) -> &'static str {
        "redirect-table"
    }

    fn plan(&self, _job: &Job<'_>, _plan: &mut Plan) {}

    fn plan_late(&self, job: &Job<'_>, plan: &mut Plan) {
        for (from, to) in &job.config.html.redirect {
            let line = job.config.redirect_line(from);
            let claim = job
                .claim(
                    self.name(),
                    format!("the redirect from `{from}` to `{to}` (`output.html.redirect`)"),
                )
                .at("book.toml", line);
            if let Err(other) = plan.file_if_free(&job.path(&file_of(from)), claim)
                && job.prefix.is_empty()
            {
                let by = other.map_or_else(
                    || "it cannot be a file name".to_string(),
                    |o| format!("it is {}", o.what),
                );
                let mut d = Diagnostic::warning(
                    "redirect",
                    format!("no redirect from `{from}` to `{to}`: {by}"),
                )
                .in_file("book.toml");
                if let Some(line) = line {
                    d = d.at(line, 1);
                }
                plan.push(d);
            }
        }
    }

    fn write(&self, job: &Job<'_>, out: &Writer<'_>) -> Result<Written, Vec<Diagnostic>> {
        let mut files = 0;
        for (from, to) in &job.config.html.redirect {
            let rel = file_of(from);
            if out.plan.owner(&job.path(&rel)) != Some(self.name()) {
                continue;
            }
            let html = crate::render::revisions::redirect_page(to, to, None);
            out.write(self.name(), &rel, html.as_bytes())
                .map_err(|e| cannot_write(&rel, e))?;
            files += 1;
        }
        Ok(Written {
            pages: files,
            ..Written::default()
        })
    }
}
