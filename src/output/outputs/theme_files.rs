//! The theme's own files: its stylesheets, scripts and fonts under `static/`, and the extra
//! files `book.toml` adds (`additional-css`, `additional-js`).

use super::{Output, Written, cannot_write};
use crate::diagnostics::Diagnostic;
use crate::output::job::{Job, Writer};
use crate::output::plan::Plan;

/// The theme's files.
pub struct ThemeFiles;

impl ThemeFiles {
    /// Every file, as (site-relative path, bytes).
    fn files<'a>(job: &'a Job<'_>) -> impl Iterator<Item = (String, &'a Vec<u8>)> {
        let theme = job.theme;
        theme
            .statics
            .iter()
            .map(|(rel, bytes)| (format!("static/{rel}"), bytes))
            .chain(theme.extra.iter().map(|(rel, bytes)| (rel.clone(), bytes)))
    }
}

impl Output for ThemeFiles {
    fn name(&self) -> &'static str {
        "theme"
    }

    fn plan(&self, job: &Job<'_>, plan: &mut Plan) {
        for (rel, _) in Self::files(job) {
            let claim = job.claim(self.name(), format!("the theme's file `{rel}`"));
            plan.file(&job.path(&rel), claim);
        }
    }

    fn write(&self, job: &Job<'_>, out: &Writer<'_>) -> Result<Written, Vec<Diagnostic>> {
        let mut files = 0;
        for (rel, bytes) in Self::files(job) {
            out.write(self.name(), &rel, bytes)
                .map_err(|e| cannot_write(&rel, e))?;
            files += 1;
        }
        Ok(Written {
            files,
            ..Written::default()
        })
    }
}
