//! The Atom feed of the recent changes (`changes.atom`), on a site with a history.

use super::{Output, Written};
use crate::diagnostics::Diagnostic;
use crate::output::job::{Job, Writer};
use crate::output::plan::Plan;
use crate::render::generated::{Form, GENERATED};

/// The recent-changes feed.
pub struct Feed;

impl Output for Feed {
    fn name(&self) -> &'static str {
        "feed"
    }

    fn plan(&self, job: &Job<'_>, plan: &mut Plan) {
        let proposals = job.proposals().is_some();
        for g in GENERATED.iter().filter(|g| g.form == Form::Feed) {
            if g.exists(job.config, job.history.is_some(), proposals) {
                plan.file(&job.path(g.url), job.claim(self.name(), g.what));
            }
        }
    }

    fn write(&self, job: &Job<'_>, out: &Writer<'_>) -> Result<Written, Vec<Diagnostic>> {
        if job.history.is_none() {
            return Ok(Written::default());
        }
        let sink = |rel: &str, content| out.send(self.name(), rel, content);
        out.renderer.render_feed(&sink).map_err(|d| vec![d])?;
        Ok(Written {
            files: 1,
            ..Written::default()
        })
    }
}
