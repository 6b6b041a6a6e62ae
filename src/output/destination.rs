//! Where `build` writes, and the destinations it refuses.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostics::Diagnostic;

/// Where `build` writes: `--dest`, else `[build] build-dir`. Refuses destinations that would
/// replace the wiki itself, or a folder of other files (see [`super::replaceable`]).
pub fn resolve_dest(config: &Config, dest: Option<&Path>) -> Result<PathBuf, Diagnostic> {
    let dest = match dest {
        Some(d) => d.to_path_buf(),
        None => config.build_dir(),
    };
    // A symbolic link (`public -> /var/www/site`) names where the site goes: the build replaces
    // the folder it leads to, and leaves the link as it is.
    let dest = match std::fs::symlink_metadata(&dest) {
        Ok(m) if m.file_type().is_symlink() => match std::fs::canonicalize(&dest) {
            Ok(target) => target,
            Err(_) => {
                let target = std::fs::read_link(&dest).unwrap_or_default();
                dest.parent().map(|p| p.join(&target)).unwrap_or(target)
            }
        },
        _ => dest,
    };
    let abs = |p: &Path| {
        std::path::absolute(p)
            .map(|p| crate::text::normalize_path(&p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let (d, root, content) = (abs(&dest), abs(&config.root), abs(&config.content_dir()));
    if root.starts_with(&d) || content.starts_with(&d) || d.starts_with(&content) {
        return Err(Diagnostic::error(
            "dest",
            format!(
                "refusing to build into `{}`: it would replace the wiki's own files (choose a separate folder)",
                dest.display()
            ),
        ));
    }
    if !super::replaceable(&dest) {
        return Err(Diagnostic::error(
            "dest",
            format!(
                "refusing to build into `{}`: it is not an empty folder or a site stratwiki built (no `{}` in it), and a build replaces the whole folder; empty or remove it, or choose another destination",
                dest.display(),
                super::SITE_MARKER
            ),
        ));
    }
    Ok(dest)
}
