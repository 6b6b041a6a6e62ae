//! One site (the wiki, or one edition of it) planned and written: every registered output
//! ([`super::outputs::OUTPUTS`]) plans its files, then writes them through a [`Writer`] that
//! lets nothing through that the plan does not give to that output.

use super::Staging;
use super::outputs::OUTPUTS;
use super::plan::{Claim, Plan};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
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
    }
}

/// Plan every file of `job` into `plan`: each output's own files, then the files that give way
/// to them (redirects from earlier names).
pub fn plan_job(job: &Job<'_>, plan: &mut Plan) {
    for output in OUTPUTS {
        output.plan(job, plan);
    }
    for output in OUTPUTS {
        output.plan_late(job, plan);
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

impl Writer<'_> {
    /// May `output` write `path`? `Ok(false)`: another output has it (it gave way in an older
    /// edition). `Err`: nothing planned it, a bug in that output's plan.
    fn allowed(&self, output: &'static str, path: &str) -> std::io::Result<bool> {
        match self.plan.owner(path) {
            Some(o) if o == output => Ok(true),
            Some(_) => Ok(false),
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

/// A streamed file: its path in the site, and its bytes (`None`: the previous site has them).
type Streamed = (String, Option<Vec<u8>>);

/// Render and write `job` into the staging folder, as `plan` says. Returns the HTML pages and
/// other files written, and the warnings met.
pub fn write_job(
    job: &Job<'_>,
    plan: &Plan,
    staging: &Staging,
    reuse: Option<&Reuse>,
    live_reload: bool,
) -> Result<(usize, usize, Vec<Diagnostic>), Vec<Diagnostic>> {
    let renderer = job.renderer(plan, reuse, live_reload);
    // Pages render on every core but are written by one thread: file creation in one folder
    // serialises in the kernel anyway, and two writers only spin on its lock.
    // `None` bytes: the previous site has them already (compared before sending).
    let (tx, rx) = std::sync::mpsc::sync_channel::<Option<Streamed>>(64);
    let out = Writer {
        plan,
        job,
        renderer: &renderer,
        reuse,
        live_reload,
        staging,
        tx: tx.clone(),
    };
    let results = std::thread::scope(|scope| {
        let writer = scope.spawn(move || {
            for (rel, bytes) in rx.into_iter().map_while(|m| m) {
                let r = match &bytes {
                    Some(b) => staging.write(&rel, b),
                    None => staging.write_unchanged(&rel),
                };
                r.map_err(|e| Diagnostic::error("write", format!("cannot write `{rel}`: {e}")))?;
            }
            Ok::<(), Diagnostic>(())
        });
        // Every output at once (the search index builds while the pages render), each on a
        // thread of its own; the pages, the largest, on this one.
        let out = &out;
        let (first, rest) = OUTPUTS.split_first().expect("outputs are registered");
        let handles: Vec<_> = rest
            .iter()
            .map(|o| scope.spawn(move || o.write(out.job, out)))
            .collect();
        let mut results = vec![first.write(job, out)];
        results.extend(handles.into_iter().map(|h| {
            h.join().unwrap_or_else(|_| {
                Err(vec![Diagnostic::error(
                    "write",
                    "an output stopped unexpectedly",
                )])
            })
        }));
        // The writer stops at this, or when it failed (the outputs then see it stopped).
        let _ = tx.send(None);
        let written = writer.join().unwrap_or_else(|_| {
            Err(Diagnostic::error(
                "write",
                "the writer stopped unexpectedly",
            ))
        });
        (results, written)
    });
    let (results, written) = results;
    let mut errors = Vec::new();
    let (mut pages, mut files, mut warnings) = (0, 0, Vec::new());
    for r in results {
        match r {
            Ok(w) => {
                pages += w.pages;
                files += w.files;
                warnings.extend(w.warnings);
            }
            Err(ds) => errors.extend(ds),
        }
    }
    if let Err(d) = written {
        errors.push(d);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    warnings.extend(renderer.take_warnings());
    Ok((pages, files, warnings))
}
