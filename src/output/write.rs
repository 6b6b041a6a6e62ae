//! Planning and writing one job: every registered output ([`OUTPUTS`]) plans its files, then
//! writes them, all at once.

use super::Staging;
use super::job::{Job, Streamed, Writer};
use super::outputs::{OUTPUTS, Output};
use super::plan::Plan;
use crate::diagnostics::Diagnostic;
use crate::render::Reuse;

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
    let out = Writer::new(
        plan,
        job,
        &renderer,
        reuse,
        live_reload,
        staging,
        tx.clone(),
    );
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
        // The outputs at the same time: the pages (the largest) on this thread, each slow one
        // (the search index) on a thread of its own, and the small ones one after another on
        // one more (a thread each only added their allocators' memory).
        let out = &out;
        let (first, rest) = OUTPUTS.split_first().expect("outputs are registered");
        let (alone, small): (Vec<&&dyn Output>, Vec<&&dyn Output>) =
            rest.iter().partition(|o| o.own_thread());
        let mut handles: Vec<_> = alone
            .into_iter()
            .map(|o| scope.spawn(move || vec![o.write(out.job, out)]))
            .collect();
        handles.push(scope.spawn(move || small.iter().map(|o| o.write(out.job, out)).collect()));
        // A panic here must not leave the writer waiting for more: it is caught, the writer
        // told to stop, and the panic resumed once every thread has ended.
        let first_result =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| first.write(job, out)));
        let mut results = Vec::new();
        results.extend(handles.into_iter().flat_map(|h| {
            h.join().unwrap_or_else(|_| {
                vec![Err(vec![Diagnostic::error(
                    "write",
                    "an output stopped unexpectedly",
                )])]
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
        match first_result {
            Ok(r) => results.insert(0, r),
            Err(panic) => std::panic::resume_unwind(panic),
        }
        (results, written)
    });
    let (results, written) = results;
    // A writer that failed made every output that streams fail too: its error alone says why.
    if let Err(d) = written {
        return Err(vec![d]);
    }
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
    if !errors.is_empty() {
        return Err(errors);
    }
    warnings.extend(renderer.take_warnings());
    Ok((pages, files, warnings))
}
