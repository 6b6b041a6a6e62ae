//! The printable edition (`print.html`): the whole strategy on one page, in reading order, for
//! printing or saving as PDF (issue 28). One file per edition, rendered by
//! `Renderer::render_print`.

use super::{Output, Written};
use crate::diagnostics::Diagnostic;
use crate::output::job::{Job, Writer};
use crate::output::plan::Plan;
use crate::render::generated::{Form, GENERATED};

/// The printable edition.
pub struct Print;

impl Output for Print {
    fn name(&self) -> &'static str {
        "print"
    }

    fn plan(&self, job: &Job<'_>, plan: &mut Plan) {
        let proposals = job.proposals().is_some();
        for g in GENERATED.iter().filter(|g| g.form == Form::Print) {
            if g.exists(job.config, job.history.is_some(), proposals) {
                plan.file(&job.path(g.url), job.claim(self.name(), g.what));
            }
        }
    }

    fn write(&self, _job: &Job<'_>, out: &Writer<'_>) -> Result<Written, Vec<Diagnostic>> {
        let start = std::time::Instant::now();
        let sink = |rel: &str, content| out.send(self.name(), rel, content);
        let pages = out.renderer.render_print(&sink).map_err(|d| vec![d])?;
        crate::timing::stage("printable edition", start);
        Ok(Written {
            pages,
            ..Written::default()
        })
    }
}
