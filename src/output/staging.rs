//! Writing the site: atomically, so readers and servers never see a half-built site.
//!
//! Everything is written into a staging folder beside the destination
//! (`.<name>.stratwiki-tmp-<pid>`); only when the whole site is there is the old destination
//! moved aside and the new one renamed into place. A failed or interrupted build leaves the
//! previous site exactly as it was (an interrupted one leaves a staging folder, which the next
//! build removes).
//!
//! A file whose bytes are the same as in the previous site is hard-linked from it instead of
//! written: a rebuild after a small edit then allocates almost no new inodes, and removing the
//! old site frees almost nothing. (Creating and deleting tens of thousands of inodes per build is
//! what makes file-system time dominate on large wikis.)

use std::io;
use std::path::{Path, PathBuf};

use crate::text::escape_html;

/// The file every site stratwiki writes has at its top, so a later build knows the folder it is
/// about to replace is a site it built (and not, say, a folder of someone's documents named by a
/// mistyped `--dest`).
pub const SITE_MARKER: &str = ".stratwiki-site";

/// True when replacing `dest` loses nothing stratwiki did not write: it does not exist, is an
/// empty folder, or holds a site stratwiki built (with [`SITE_MARKER`], or, for sites built
/// before the marker existed, an `index.html` that names stratwiki as its generator).
pub fn replaceable(dest: &Path) -> bool {
    let mut entries = match std::fs::read_dir(dest) {
        Ok(entries) => entries,
        // Nothing there yet.
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return std::fs::symlink_metadata(dest).is_err();
        }
        // A file (a mistyped `--dest README.md`), or a folder that cannot be read.
        Err(_) => return false,
    };
    if entries.next().is_none() || dest.join(SITE_MARKER).is_file() {
        return true;
    }
    const GENERATOR: &[u8] = b"<meta name=\"generator\" content=\"stratwiki";
    // Its head: the meta tag comes early, and the page may be large.
    let mut head = Vec::new();
    std::fs::File::open(dest.join("index.html"))
        .and_then(|f| {
            use std::io::Read;
            f.take(8192).read_to_end(&mut head)
        })
        .is_ok_and(|_| head.windows(GENERATOR.len()).any(|w| w == GENERATOR))
}

/// A staging folder for one build.
#[derive(Debug)]
pub struct Staging {
    dest: PathBuf,
    tmp: PathBuf,
    /// The previous site, when there is one, to link unchanged files from.
    previous: Option<PathBuf>,
    /// The lock file that keeps two builds of the same destination apart.
    lock: PathBuf,
    /// Paths written so far: writing one twice is a collision, not an overwrite.
    written: std::sync::Mutex<std::collections::HashSet<String>>,
    /// Folders made so far in the staging folder: each is made once, not asked for again by
    /// every file in it (two system calls a file).
    folders: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
    committed: bool,
    /// Writes nothing ([`Staging::discard`]): the paths are still claimed, so a collision is
    /// found as a real build finds it.
    discard: bool,
}

fn sibling(dest: &Path, tag: &str) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    dest.with_file_name(format!(".{name}.stratwiki-{tag}-{}", std::process::id()))
}

impl Staging {
    /// [`Staging::new`], its failure as the error a build reports (`write`, naming `dest`).
    pub fn for_build(dest: &Path) -> Result<Staging, crate::diagnostics::Diagnostic> {
        Staging::new(dest).map_err(|e| {
            crate::diagnostics::Diagnostic::error(
                "write",
                format!(
                    "cannot prepare the build folder next to `{}`: {e}",
                    dest.display()
                ),
            )
        })
    }

    /// Prepare a staging folder for `dest`, removing staging folders that interrupted builds
    /// left behind.
    pub fn new(dest: &Path) -> io::Result<Staging> {
        let parent = dest
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let lock = parent.join(format!(".{name}.stratwiki-lock"));
        take_lock(&lock)?;
        let prefix = format!(".{name}.stratwiki-");
        let mut leftovers: Vec<PathBuf> = std::fs::read_dir(parent)?
            .flatten()
            .filter(|e| {
                let n = e.file_name().to_string_lossy().into_owned();
                n.starts_with(&prefix) && !n.ends_with("-lock")
            })
            .map(|e| e.path())
            .collect();
        leftovers.sort();
        for path in leftovers {
            let is_old = path.to_string_lossy().contains(".stratwiki-old-");
            if is_old && !dest.exists() {
                // A build was stopped between its two renames: the old site is the only copy.
                std::fs::rename(&path, dest)?;
            } else {
                let _ = std::fs::remove_dir_all(&path);
            }
        }
        let tmp = sibling(dest, "tmp");
        std::fs::create_dir_all(&tmp)?;
        Ok(Staging {
            dest: dest.to_path_buf(),
            previous: dest.is_dir().then(|| dest.to_path_buf()),
            tmp,
            lock,
            written: Default::default(),
            folders: Default::default(),
            committed: false,
            discard: false,
        })
    }

    /// A staging that writes nothing, for `check`: everything a build writes is rendered and
    /// claimed, so what only writing finds (two files at one path, a blob that cannot be read)
    /// is found, with no folder, lock or file touched. It cannot be committed.
    pub fn discard() -> Staging {
        Staging {
            dest: PathBuf::new(),
            tmp: PathBuf::new(),
            previous: None,
            lock: PathBuf::new(),
            written: Default::default(),
            folders: Default::default(),
            committed: false,
            discard: true,
        }
    }

    /// The staging folder.
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// Claim `rel` for this build and return its path in the staging folder, with its folder
    /// created. Refuses paths outside the site and a second claim of the same path (two things
    /// written to one place is a collision, not an overwrite).
    fn claim(&self, rel: &str) -> io::Result<PathBuf> {
        if rel.split('/').any(|s| s == "..") || rel.starts_with('/') {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write outside the site: {rel}"),
            ));
        }
        if !self
            .written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string())
        {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("two things would be written to `{rel}`"),
            ));
        }
        let path = self.tmp.join(rel);
        if self.discard {
            return Ok(path);
        }
        if let Some(p) = path.parent()
            && !self
                .folders
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .contains(p)
        {
            std::fs::create_dir_all(p)?;
            self.folders
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(p.to_path_buf());
        }
        Ok(path)
    }

    /// Write one file at a site-relative path, creating folders as needed.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.claim(rel)?;
        if self.discard {
            return Ok(());
        }
        if let Some(prev) = &self.previous {
            let old = prev.join(rel);
            if same_bytes(&old, bytes) && std::fs::hard_link(&old, &path).is_ok() {
                return Ok(());
            }
        }
        std::fs::write(path, bytes)
    }

    /// True when the previous site has exactly these bytes at `rel`. Callers that render on
    /// several threads ask this there, so the comparison reads run in parallel and the writer
    /// only links ([`Staging::write_unchanged`]).
    pub fn unchanged(&self, rel: &str, bytes: &[u8]) -> bool {
        self.previous
            .as_ref()
            .is_some_and(|prev| same_bytes(&prev.join(rel), bytes))
    }

    /// Take the previous site's file at `rel` (which [`Staging::unchanged`] found identical).
    pub fn write_unchanged(&self, rel: &str) -> io::Result<()> {
        let Some(prev) = &self.previous else {
            return Err(io::Error::other("no previous site"));
        };
        let path = self.claim(rel)?;
        let old = prev.join(rel);
        std::fs::hard_link(&old, &path).or_else(|_| std::fs::copy(&old, &path).map(|_| ()))
    }

    /// Swap the staging folder into place.
    pub fn commit(self) -> io::Result<()> {
        self.commit_carrying(&[])
    }

    /// Swap the staging folder into place, then move the entries `carry` (names at the top of
    /// the site, such as an edition's folder) from the previous site into the new one.
    ///
    /// This is how a site with several versions keeps an old edition that nothing changed in
    /// without writing or linking each of its files again: its folder is moved whole, a few
    /// system calls instead of thousands. Readers may miss the carried folders for the
    /// microseconds between the swap and the moves (as they miss the whole site between the
    /// swap's two renames). The entries move in the order given, and the first that cannot
    /// stops the rest: a caller that checks one entry to know the others are there names it
    /// last. An interrupted or failed build can so leave entries out of the new site, never
    /// claim them; the next build finds them missing and renders them again.
    pub fn commit_carrying(mut self, carry: &[String]) -> io::Result<()> {
        if self.discard {
            return Err(io::Error::other(
                "a staging that writes nothing has no site to commit",
            ));
        }
        std::fs::write(
            self.tmp.join(SITE_MARKER),
            "This folder is a site built by stratwiki: every build replaces it whole.\n",
        )?;
        let old = sibling(&self.dest, "old");
        let had_old = self.dest.exists();
        if had_old {
            std::fs::rename(&self.dest, &old)?;
        }
        if let Err(e) = std::fs::rename(&self.tmp, &self.dest) {
            if had_old {
                let _ = std::fs::rename(&old, &self.dest);
            }
            return Err(e);
        }
        self.committed = true;
        let mut failed = None;
        if had_old {
            for name in carry {
                let (from, to) = (old.join(name), self.dest.join(name));
                if name.contains('/') || name.starts_with('.') || to.exists() {
                    continue;
                }
                if let Err(e) = std::fs::rename(&from, &to) {
                    failed = Some(io::Error::new(
                        e.kind(),
                        format!(
                            "the new site is in place, but `{name}` could not be moved into it from the previous one ({e}); the next build writes it again"
                        ),
                    ));
                    break;
                }
            }
            remove_tree(&old);
        }
        failed.map_or(Ok(()), Err)
    }
}

/// Remove the folder `dir` and everything in it, its subfolders on both cores: removing the
/// previous site's thousands of entries was most of the swap's time. Best effort, like
/// `remove_dir_all`: what cannot be removed stays (the next build's leftover sweep retries).
fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    // A symbolic link (a destination that pointed elsewhere, renamed aside) is removed, never
    // followed: what it points to is not the site's to delete.
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            let _ = std::fs::remove_file(dir);
            return;
        }
        Err(_) => return,
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let (dirs, files): (Vec<_>, Vec<_>) = entries
        .flatten()
        .partition(|e| e.file_type().is_ok_and(|t| t.is_dir()));
    rayon::join(
        || dirs.par_iter().for_each(|d| remove_tree(&d.path())),
        || {
            for f in &files {
                let _ = std::fs::remove_file(f.path());
            }
        },
    );
    if std::fs::remove_dir(dir).is_err() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// True when the regular file at `path` holds exactly `bytes`.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            std::fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.discard {
            return;
        }
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
        let _ = std::fs::remove_file(&self.lock);
    }
}

/// Create the lock file, or fail if a running build holds it. A lock left by a process that no
/// longer runs is taken over.
fn take_lock(lock: &Path) -> io::Result<()> {
    for _ in 0..2 {
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(lock)
        {
            Ok(mut f) => {
                use std::io::Write;
                return write!(f, "{}", std::process::id());
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                let pid = std::fs::read_to_string(lock).unwrap_or_default();
                let alive = pid
                    .trim()
                    .parse::<u32>()
                    .is_ok_and(|p| Path::new(&format!("/proc/{p}")).exists());
                if alive && cfg!(target_os = "linux") {
                    return Err(io::Error::new(
                        io::ErrorKind::WouldBlock,
                        format!(
                            "another build (process {}) is writing this site; wait for it to finish",
                            pid.trim()
                        ),
                    ));
                }
                let _ = std::fs::remove_file(lock);
            }
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("cannot take the build lock"))
}

/// `sitemap.xml` for site-relative `urls`. With a site URL the locations are absolute, as the
/// sitemap protocol asks; without one they stay relative.
pub fn sitemap(urls: &[String], site_url: Option<&str>) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for u in urls {
        let loc = format!("{}{}", site_url.unwrap_or(""), crate::text::encode_path(u));
        s.push_str("  <url><loc>");
        s.push_str(&escape_html(&loc));
        s.push_str("</loc></url>\n");
    }
    s.push_str("</urlset>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_discarding_staging_writes_nothing_but_finds_collisions() {
        let s = Staging::discard();
        s.write("a/b.html", b"x").unwrap();
        let e = s.write("a/b.html", b"y").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert!(s.write("../x", b"z").is_err());
        assert!(!s.unchanged("a/b.html", b"x"));
        assert!(s.commit().is_err());
        assert!(!Path::new("a/b.html").exists() && !Path::new("a").exists());
    }

    #[test]
    fn only_missing_empty_or_stratwiki_folders_are_replaceable() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        assert!(replaceable(&d.join("missing")));
        std::fs::create_dir(d.join("empty")).unwrap();
        assert!(replaceable(&d.join("empty")));
        // A file is never a site: the swap would delete it.
        std::fs::write(d.join("notes.txt"), "notes").unwrap();
        assert!(!replaceable(&d.join("notes.txt")));
        // Nor is a link that points nowhere.
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(d.join("gone"), d.join("dangling")).unwrap();
            assert!(!replaceable(&d.join("dangling")));
        }
        std::fs::create_dir(d.join("papers")).unwrap();
        std::fs::write(d.join("papers/thesis.txt"), "years of work").unwrap();
        assert!(!replaceable(&d.join("papers")));
        // Someone else's site: an index.html, but not ours.
        std::fs::create_dir(d.join("other")).unwrap();
        std::fs::write(
            d.join("other/index.html"),
            "<meta name=\"generator\" content=\"Hugo\">",
        )
        .unwrap();
        assert!(!replaceable(&d.join("other")));
        // A site built before the marker existed names stratwiki as its generator.
        std::fs::create_dir(d.join("older")).unwrap();
        std::fs::write(
            d.join("older/index.html"),
            "<head>\n<meta name=\"generator\" content=\"stratwiki 0.1.0\">",
        )
        .unwrap();
        assert!(replaceable(&d.join("older")));
        // Every site a build commits has the marker.
        let dest = d.join("site");
        let s = Staging::new(&dest).unwrap();
        s.write("page.html", b"page").unwrap();
        s.commit().unwrap();
        assert!(dest.join(SITE_MARKER).is_file());
        assert!(replaceable(&dest));
    }

    #[test]
    fn commit_swaps_and_drop_cleans() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("book");
        std::fs::create_dir_all(&dest).unwrap();
        std::fs::write(dest.join("old.html"), "old").unwrap();

        let s = Staging::new(&dest).unwrap();
        s.write("a/b.html", b"new").unwrap();
        assert!(s.write("../x", b"no").is_err());
        drop(s);
        assert!(
            dest.join("old.html").exists(),
            "an abandoned build leaves the old site"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

        let s = Staging::new(&dest).unwrap();
        s.write("a/b.html", b"new").unwrap();
        s.commit().unwrap();
        assert!(!dest.join("old.html").exists());
        assert_eq!(std::fs::read(dest.join("a/b.html")).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

        // Unchanged files are linked from the previous site, changed ones written anew.
        let s = Staging::new(&dest).unwrap();
        s.write("a/b.html", b"new").unwrap();
        s.write("c.html", b"other").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let linked = std::fs::metadata(s.path().join("a/b.html")).unwrap();
            assert_eq!(
                linked.ino(),
                std::fs::metadata(dest.join("a/b.html")).unwrap().ino()
            );
        }
        s.commit().unwrap();
        assert_eq!(std::fs::read(dest.join("a/b.html")).unwrap(), b"new");
        assert_eq!(std::fs::read(dest.join("c.html")).unwrap(), b"other");
    }

    #[test]
    fn interrupted_swap_is_recovered_and_collisions_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("book");
        // A build stopped after moving the old site aside but before the new one arrived.
        let old = dir.path().join(".book.stratwiki-old-99999");
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join("index.html"), "old").unwrap();
        let s = Staging::new(&dest).unwrap();
        assert_eq!(std::fs::read(dest.join("index.html")).unwrap(), b"old");
        s.write("a.html", b"1").unwrap();
        assert!(
            s.write("a.html", b"2").is_err(),
            "a second write is a collision"
        );
        // A second build of the same destination waits for the lock.
        assert!(Staging::new(&dest).is_err());
        drop(s);
        assert!(Staging::new(&dest).is_ok(), "the lock is released");
    }

    #[cfg(unix)]
    #[test]
    fn commit_carries_named_entries_of_the_previous_site() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("book");
        std::fs::create_dir_all(dest.join("v1/goals")).unwrap();
        std::fs::write(dest.join("v1/goals/a.html"), "v1 page").unwrap();
        std::fs::write(dest.join("index.html"), "old home").unwrap();
        std::fs::write(dest.join("gone.html"), "not carried").unwrap();
        let s = Staging::new(&dest).unwrap();
        s.write("index.html", b"new home").unwrap();
        s.write("v2/index.html", b"v2").unwrap();
        // `index.html` was written by this build: the new one stays. `../x` and a missing
        // name are never moved.
        s.commit_carrying(&["v1".into(), "index.html".into(), "../x".into()])
            .unwrap();
        assert_eq!(
            std::fs::read(dest.join("v1/goals/a.html")).unwrap(),
            b"v1 page"
        );
        assert_eq!(std::fs::read(dest.join("index.html")).unwrap(), b"new home");
        assert_eq!(std::fs::read(dest.join("v2/index.html")).unwrap(), b"v2");
        assert!(!dest.join("gone.html").exists());
        // Nothing but the site is left beside it.
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !n.ends_with("-lock"))
            .collect();
        assert_eq!(left, ["book"]);
    }

    #[test]
    fn removing_the_old_site_never_follows_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("www");
        std::fs::create_dir_all(target.join("sub")).unwrap();
        std::fs::write(target.join("sub/keep.txt"), "not the site's").unwrap();
        let link = dir.path().join("old");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        remove_tree(&link);
        assert!(!link.exists() && std::fs::symlink_metadata(&link).is_err());
        assert!(target.join("sub/keep.txt").is_file());
        // A real folder goes whole.
        let real = dir.path().join("real");
        std::fs::create_dir_all(real.join("a/b")).unwrap();
        std::fs::write(real.join("a/b/x.html"), "x").unwrap();
        std::fs::write(real.join("y.html"), "y").unwrap();
        remove_tree(&real);
        assert!(!real.exists());
    }

    #[test]
    fn sitemap_absolute() {
        let s = sitemap(
            &["index.html".into(), "goals/a b.html".into()],
            Some("https://x.org/s/"),
        );
        assert!(s.contains("<loc>https://x.org/s/goals/a%20b.html</loc>"));
    }
}
