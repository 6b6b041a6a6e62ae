//! Where `build` writes, and the destinations it refuses.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostics::Diagnostic;

/// Where `build` writes: `--dest`, else `[build] build-dir`. Refuses destinations that would
/// replace the wiki itself, or a folder of other files (see [`super::replaceable`]).
pub fn resolve_dest(config: &Config, dest: Option<&Path>) -> Result<PathBuf, Diagnostic> {
    let dest = match dest {
        Some(d) => d.to_path_buf(),
        None => {
            check_build_dir(config)?;
            config.build_dir()
        }
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

/// `[build] build-dir` must lead to a folder inside the wiki, every symbolic link on the way
/// followed: `book.toml` and a committed `book` link come with the pull request, so neither
/// may make the build write (and replace) a folder elsewhere on the machine (`/tmp/x`,
/// `../../x`, `book -> /var/www`). A destination outside is for the person running the build
/// to choose, with `--dest`. An error at `build-dir`'s line (or at the link, when the key is
/// not set and the default `book` is a link leading out).
pub fn check_build_dir(config: &Config) -> Result<(), Diagnostic> {
    let dir = config.build_dir();
    if crate::source::contain::inside(&config.root, &dir) {
        return Ok(());
    }
    let shown = config.build.build_dir.display();
    let msg = format!(
        "the build folder `{shown}` leads out of the wiki (to `{}`): `[build] build-dir` must name a folder inside it; to build elsewhere, give `--dest` on the command line",
        crate::source::contain::resolve(&dir).display()
    );
    let d = Diagnostic::error("dest", msg);
    Err(match config.key_line("build", "build-dir") {
        Some(line) => d.in_file("book.toml").at(line, 1),
        None => d.in_file(shown.to_string()),
    })
}
