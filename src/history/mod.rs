//! Change history from git: who changed which page, when, and how.
//!
//! One pass over the main line (see [`walk`]) yields each commit's changed files; this module
//! turns them into a history per page that follows renames, credits authors through `.mailmap`
//! and `Co-authored-by:` trailers, dates merged changes by when they reached the main line, and
//! marks where a shallow clone cuts history off. Per-commit results are cached by commit id
//! ([`cache`]), and the assembled history as of the last build ([`snapshot`]), so a rebuild
//! reads and assembles only new commits.
//!
//! [`load`] runs the stage: it follows the main line, diffs new commits ([`walk`]), credits
//! people (`people.rs`: `.mailmap`, co-authors), assembles page histories (`assemble.rs`) or
//! brings the last build's up to date (`update.rs`), notes shallow and partial clones
//! (`clone.rs`) and what the work tree has not committed (`worktree.rs`), and writes the caches
//! on threads of their own (`saves.rs`). The types it makes are in `types.rs`; `dates.rs` formats
//! their dates, and [`diff`] says what a revision changed, as data the render stage turns into
//! HTML, with a Myers diff bounded by its work, not by a clock (`myers.rs`). [`meaning`] says
//! whether a revision changed what a page says (its fields, its rendered text by section),
//! which review tracking counts and a change note can name. [`series`]
//! reads each goal's values over time from its revisions' blobs, once the model says which
//! pages are goals.

mod assemble;
pub mod blobs;
mod cache;
mod clone;
mod dates;
pub mod diff;
mod load;
pub mod meaning;
mod myers;
mod old_slugs;
mod people;
mod progress;
mod renames;
mod saves;
pub mod series;
mod snapshot;
mod types;
mod update;
pub mod walk;
pub mod wording;
mod worktree;

pub use dates::{by_day, date, rfc3339};
pub use load::{Options, load, tune_libgit2};
pub use people::{co_authors, distinct_co_authors};
pub use saves::{SaveGuard, save_in_background, wait_for_saves};
/// The history caches' decoders at the byte level, for the fuzz targets (`fuzz/`): a cache
/// folder restored from another build is untrusted input, and decoding it must never panic.
pub mod decoders {
    pub use super::cache::Cache as CommitCache;
    pub use super::snapshot::{Scope, Snapshot, decode as decode_snapshot};
}
pub use types::{ChangeKind, Commit, History, PageHistory, Person, Revision, short};
