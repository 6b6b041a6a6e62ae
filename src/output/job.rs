//! One site to write (the wiki, or one edition of it), and the [`Writer`] every output writes
//! its files through, which lets nothing through that the plan does not give to that output.

use super::Staging;
use super::plan::{Claim, Plan};
use crate::config::Config;
use crate::history::History;
use crate::model::Site;
use crate::render::{Content, Renderer, Reuse, Theme};
use crate::source::Source;

/// One site to render into the staging folder: the wiki, or one version of it.
pub struct Job<'a> {
    /// Proposals to list (site root only).
    pub proposals: Option<&'a [crate::proposals::Proposal]>,
    /// The theme to render with.
    pub theme: &'a Theme,
    /// Pages shared between the versions of one build.
    pub shared: Option<&'a crate::render::SharedPages>,
    /// Its configuration.
    pub config: &'a Config,
    /// Its model.
    pub site: &'a Site,
    /// Its history.
    pub history: Option<&'a History>,
    /// Where the content's other files (images) come from.
    pub source: &'a dyn Source,
    /// The folder inside the site (`""`, or `v1/`).
    pub prefix: String,
    /// The versions, when the site has several.
    pub versions: Option<crate::versions::VersionsView>,
    /// The page comparing this version with the previous one: (URL, comparison).
    pub changes: Option<&'a (String, crate::compare::Comparison)>,
    /// The job at the top of the site: it writes `sitemap.xml` and `CNAME`.
    pub sitemap: bool,
    /// The translations of a multilingual wiki, and which language this job is.
    pub languages: Option<(&'a crate::model::translations::Translations, usize)>,
    /// An older edition: a collision in it is a warning, not an error (see [`Claim::history`]).
    pub older_edition: bool,
}

impl Job<'_> {
    /// The proposals the site lists (a proposals page), when `[wiki.proposals]` is on.
    pub fn proposals(&self) -> Option<&[crate::proposals::Proposal]> {
        self.proposals
            .filter(|_| self.config.wiki.proposals.enabled())
    }

    /// A claim in this job's folder by `output` for `what`.
    pub fn claim(&self, output: &'static str, what: impl Into<String>) -> Claim {
        Claim::new(output, what).in_scope(&self.prefix, self.older_edition)
    }

    /// `rel` inside this job's folder.
    pub fn path(&self, rel: &str) -> String {
        format!("{}{rel}", self.prefix)
    }

    /// The renderer of this job's pages.
    pub fn renderer<'a>(
        &'a self,
        plan: &'a Plan,
        reuse: Option<&'a Reuse>,
        live_reload: bool,
    ) -> Renderer<'a> {
        Renderer::new(self.theme, self.site, self.config, self.history)
            .with_reuse(reuse)
            .with_versions(self.versions.as_ref(), self.shared)
            .with_live_reload(live_reload)
            .with_proposals(self.proposals())
            .with_redirects(plan.redirects(&self.prefix))
            .with_languages(self.languages)
    }
}

/// What an output writes its files through, for one job.
pub struct Writer<'a> {
    /// The plan every file must be in.
    pub plan: &'a Plan,
    /// The job.
    pub job: &'a Job<'a>,
    /// The job's page renderer.
    pub renderer: &'a Renderer<'a>,
    /// The previous build's keys.
    pub reuse: Option<&'a Reuse>,
    /// The live server's build.
    pub live_reload: bool,
    staging: &'a Staging,
    /// To the thread that writes streamed files (`None`: no more).
    tx: std::sync::mpsc::SyncSender<Option<Streamed>>,
}

/// A streamed file: its path in the site, and its bytes (`None`: the previous site has them).
pub type Streamed = (String, Option<Vec<u8>>);

impl<'a> Writer<'a> {
    /// A writer for `job` that checks every file against `plan`, writes direct writes into
    /// `staging` and hands streamed files to `tx` (the writing thread).
    pub fn new(
        plan: &'a Plan,
        job: &'a Job<'a>,
        renderer: &'a Renderer<'a>,
        reuse: Option<&'a Reuse>,
        live_reload: bool,
        staging: &'a Staging,
        tx: std::sync::mpsc::SyncSender<Option<Streamed>>,
    ) -> Self {
        Writer {
            plan,
            job,
            renderer,
            reuse,
            live_reload,
            staging,
            tx,
        }
    }

    /// May `output` write `path`? `Ok(false)`: another output has it, or the plan refused it
    /// (it gave way in an older edition, with a warning). `Err`: nothing planned it, a bug in
    /// that output's plan.
    fn allowed(&self, output: &'static str, path: &str) -> std::io::Result<bool> {
        match self.plan.owner(path) {
            Some(o) if o == output => Ok(true),
            Some(_) => Ok(false),
            None if self.plan.refused(output, path) => Ok(false),
            None => Err(std::io::Error::other(format!(
                "internal error: the {output} output wrote `{path}`, which the output plan does not list"
            ))),
        }
    }

    /// Hand `content` for `rel` (inside the job's folder) to the writing thread: what the
    /// renderer streams. Files the previous site has as they are become links.
    pub fn send(&self, output: &'static str, rel: &str, content: Content) -> std::io::Result<()> {
        let path = self.job.path(rel);
        if !self.allowed(output, &path)? {
            return Ok(());
        }
        let bytes = match content {
            Content::Bytes(b) => (!self.staging.unchanged(&path, &b)).then_some(b),
            Content::Previous => None,
        };
        self.tx
            .send(Some((path, bytes)))
            .map_err(|_| std::io::Error::other("the writer stopped"))
    }

    /// Write `bytes` as `rel` (inside the job's folder) now, from this thread.
    pub fn write(&self, output: &'static str, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.job.path(rel);
        if !self.allowed(output, &path)? {
            return Ok(());
        }
        self.staging.write(&path, bytes)
    }
}
