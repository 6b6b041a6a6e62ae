//! Where the wiki's files come from.
//!
//! Every later stage reads files through the [`Source`] trait, so the same pipeline can build
//! from the working tree ([`WorkingTree`]) or, later, from a git tree at any ref read straight from
//! objects. Paths are always relative to the content folder with `/` separators.

pub mod contain;
pub mod exclude;
pub mod git_tree;
mod working_tree;

pub use git_tree::GitTree;
pub use working_tree::WorkingTree;

use crate::diagnostics::Diagnostic;

/// How many folders deep a content file may be: a folder below this depth is skipped with a
/// warning naming it. Real wikis nest three or four folders; the limit keeps every walk over
/// the content folder and every path built from it bounded.
pub const MAX_FOLDER_DEPTH: usize = 32;

/// The warning for a folder skipped because it is nested deeper than [`MAX_FOLDER_DEPTH`].
fn too_deep(folder: &str) -> Diagnostic {
    Diagnostic::warning(
        "path-depth",
        format!(
            "folder nested more than {MAX_FOLDER_DEPTH} folders deep in the content folder: skipped with everything in it"
        ),
    )
    .in_file(folder)
}

/// A read-only view of the content folder.
pub trait Source: Sync {
    /// Every file in the content folder, relative, `/`-separated, sorted. Files that cannot be
    /// listed (an odd name, an unreadable folder) are skipped with a warning in the second value.
    fn list(&self) -> (Vec<String>, Vec<Diagnostic>);

    /// The bytes of one file.
    fn read(&self, path: &str) -> std::io::Result<Vec<u8>>;

    /// The path of the file as a user should see it in messages (relative to the wiki root).
    fn display(&self, path: &str) -> String;

    /// The file's git blob id when the source knows it (a git tree does), so work on the same
    /// content can be cached across versions.
    fn blob_id(&self, _path: &str) -> Option<String> {
        None
    }

    /// The file's size in bytes, when it can be known without reading it: a file over a
    /// limit is then refused before it is read whole.
    fn size(&self, _path: &str) -> Option<u64> {
        None
    }
}
