//! The content folder's other files (images, documents), copied as they are.

use rayon::prelude::*;

use super::{Output, Written};
use crate::diagnostics::Diagnostic;
use crate::output::job::{Job, Writer};
use crate::output::plan::Plan;

/// The copied files.
pub struct Assets;

impl Output for Assets {
    fn name(&self) -> &'static str {
        "assets"
    }

    fn plan(&self, job: &Job<'_>, plan: &mut Plan) {
        let mut assets: Vec<&String> = job.site.assets.iter().collect();
        assets.sort();
        for a in assets {
            let display = job.source.display(a);
            let claim = job
                .claim(self.name(), format!("`{display}`, copied as it is"))
                .at(display, None);
            plan.file(&job.path(a), claim);
        }
    }

    fn write(&self, job: &Job<'_>, out: &Writer<'_>) -> Result<Written, Vec<Diagnostic>> {
        let mut assets: Vec<&String> = job.site.assets.iter().collect();
        assets.sort();
        let lfs_pointers = std::sync::Mutex::new(Vec::new());
        let errors: Vec<Diagnostic> = assets
            .par_iter()
            .filter_map(|a| {
                let r = job.source.read(a).and_then(|b| {
                    if is_lfs_pointer(&b) {
                        lfs_pointers
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push((*a).clone());
                    }
                    out.write(self.name(), a, &b)
                });
                r.err().map(|e| {
                    Diagnostic::error("write", format!("cannot copy: {e}"))
                        .in_file(job.source.display(a))
                })
            })
            .collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut warnings = Vec::new();
        // Said once, for the site's top (an edition's copies are the same files).
        let mut lfs_pointers = lfs_pointers.into_inner().unwrap_or_else(|e| e.into_inner());
        if job.prefix.is_empty() && !lfs_pointers.is_empty() {
            lfs_pointers.sort();
            warnings.push(
                lfs_warning(lfs_pointers.len()).in_file(job.source.display(&lfs_pointers[0])),
            );
        }
        Ok(Written {
            pages: 0,
            files: assets.len(),
            warnings,
        })
    }
}

/// The warning for `n` Git LFS pointers among the copied files.
fn lfs_warning(n: usize) -> Diagnostic {
    Diagnostic::warning(
        "lfs",
        format!(
            "{n} file{} {} Git LFS pointer{}, not the file{} (published as {}): fetch the files with `git lfs pull` (in GitHub Actions: `actions/checkout` with `lfs: true`). Editions built from tags always have the pointers: git objects do not hold LFS files",
            if n == 1 { "" } else { "s" },
            if n == 1 { "is a" } else { "are" },
            if n == 1 { "" } else { "s" },
            if n == 1 { "" } else { "s" },
            if n == 1 { "it is" } else { "they are" },
        ),
    )
}

/// True for a Git LFS pointer file (what a clone holds in place of the file until `git lfs
/// pull`, and what git objects hold always).
fn is_lfs_pointer(bytes: &[u8]) -> bool {
    bytes.len() < 1024 && bytes.starts_with(b"version https://git-lfs.github.com/spec/")
}
