//! The text of a file at an old revision, read from the repository: what the history pages
//! diff. The render stage gets text from here and never opens the repository itself.

use git2::{Oid, Repository};

use super::{History, short};

/// Why a blob is not text.
pub const NOT_UTF8: &str = "the file is not valid UTF-8 in this revision";

/// Why a blob cannot be read when a partial clone does not have it.
pub const MISSING: &str = "its text is not in this clone";

/// Reads old revisions' texts from the wiki's repository. Opening a repository costs more than
/// reading a few blobs, and a handle cannot be shared between threads: make one per thread
/// and use it for all that thread's pages.
pub struct BlobReader {
    repo: Repository,
    /// The repository is a partial clone (see [`History::partial`]).
    partial: bool,
}

impl BlobReader {
    /// A reader of `history`'s repository; `None` when the history has no repository or it
    /// cannot be opened (then no diffs are shown).
    pub fn open(history: &History) -> Option<BlobReader> {
        let repo = Repository::open(history.repo_path.as_ref()?).ok()?;
        Some(BlobReader {
            repo,
            partial: history.partial,
        })
    }

    /// The text of blob `id` (empty for none). `Err` carries the reason for a warning; in a
    /// partial clone a missing blob is expected, and said as [`MISSING`].
    pub fn text(&self, id: Option<&str>) -> Result<String, String> {
        let Some(id) = id else {
            return Ok(String::new());
        };
        let oid = Oid::from_str(id).map_err(|e| e.message().to_string())?;
        let blob = self.repo.find_blob(oid).map_err(|e| {
            if self.partial && e.code() == git2::ErrorCode::NotFound {
                MISSING.to_string()
            } else {
                format!("cannot read blob {}: {}", short(id), e.message())
            }
        })?;
        String::from_utf8(blob.content().to_vec()).map_err(|_| NOT_UTF8.to_string())
    }
}
