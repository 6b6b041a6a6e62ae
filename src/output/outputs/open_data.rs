//! The open data: the goals and the owners as JSON (`goals.json`, `owners.json`).

use super::{Output, Written};
use crate::diagnostics::Diagnostic;
use crate::output::job::{Job, Writer};
use crate::output::plan::Plan;
use crate::render::generated::{Form, GENERATED};

/// The open-data files.
pub struct OpenData;

impl Output for OpenData {
    fn name(&self) -> &'static str {
        "open data"
    }

    fn plan(&self, job: &Job<'_>, plan: &mut Plan) {
        let proposals = job.proposals().is_some();
        for g in GENERATED.iter().filter(|g| g.form == Form::OpenData) {
            if g.exists(job.config, job.history.is_some(), proposals) {
                plan.file(&job.path(g.url), job.claim(self.name(), g.what));
            }
        }
    }

    fn write(&self, _job: &Job<'_>, out: &Writer<'_>) -> Result<Written, Vec<Diagnostic>> {
        let sink = |rel: &str, content| out.send(self.name(), rel, content);
        out.renderer.render_open_data(&sink).map_err(|d| vec![d])?;
        let files = GENERATED
            .iter()
            .filter(|g| g.form == Form::OpenData)
            .count();
        Ok(Written {
            files,
            ..Written::default()
        })
    }
}
