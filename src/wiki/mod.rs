//! A loaded wiki, whatever it was loaded from: the working tree, a tag, a branch, a commit.
//!
//! This is the pipeline's first half run as one step: configuration (`book.toml`, from the
//! files or from the commit), the content read through a [`crate::source::Source`], parsed,
//! built into a model, its Markdown rendered, its history read, and the model finished
//! (CODEOWNERS applied, goals tracked, forge links known). What leaves [`load`] is complete: no
//! caller patches a [`Wiki`].
//!
//! - [`place`]: where the wiki is in its repository, found once ([`Place`]).
//! - [`parse`]: the content's files parsed and rendered, reusing the page cache.
//! - [`load`]: one entry point with one options struct ([`LoadOptions`]), for every source.
//! - [`range`]: the `BASE..HEAD` range `diff` compares.
//! - [`caches`]: the wiki's cache folder (`.stratwiki-cache/`), and who may write it.
//! - [`changed`]: the files two commits differ in besides the pages, for the pull-request report.

pub mod caches;
pub mod changed;
pub mod load;
pub mod parse;
pub mod place;
pub mod range;

pub use caches::Caches;
pub use changed::changed_files;
pub use load::{At, ConfigFrom, HistoryMode, Links, LoadOptions, has_own_config, load, load_ref};
pub use place::Place;
pub use range::{Range, parse_range};

use crate::config::Config;
use crate::history::History;
use crate::model::Site;
use crate::source::{GitTree, Source, WorkingTree};

/// How broken internal links are reported: warnings while building, errors in `check` (and in
/// the pull-request report, which CI reads as `check` would).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// `build`: broken links are warnings.
    Build,
    /// `check`: broken links are errors.
    Check,
}

/// Where a wiki's content files are read from.
#[derive(Debug)]
pub enum WikiSource {
    /// The files on disk.
    WorkingTree(WorkingTree),
    /// A commit's tree, read from git objects.
    Git(GitTree),
}

impl WikiSource {
    /// The source as the [`Source`] every later stage reads through.
    pub fn as_source(&self) -> &dyn Source {
        match self {
            WikiSource::WorkingTree(w) => w,
            WikiSource::Git(g) => g,
        }
    }

    /// The git tree, when the wiki was read from a commit.
    pub fn git(&self) -> Option<&GitTree> {
        match self {
            WikiSource::Git(g) => Some(g),
            WikiSource::WorkingTree(_) => None,
        }
    }
}

/// A loaded, validated and complete wiki.
pub struct Wiki {
    /// Its configuration (its own `book.toml`).
    pub config: Config,
    /// Its model, with rendered Markdown, CODEOWNERS applied and goals tracked.
    pub site: Site,
    /// Its change history (`None` outside git, with `[wiki.history] enabled = false`, or when
    /// the load did not ask for it).
    pub history: Option<History>,
    /// Where its content came from.
    pub source: WikiSource,
    /// The commit it was read from (`None`: the working tree).
    pub commit: Option<git2::Oid>,
    /// The content folder's path inside the repository (`content`, `docs/wiki/content`), as
    /// CODEOWNERS and the forge's links name files.
    pub prefix: String,
    /// Proposal branches (`[wiki.proposals]`; loaded for the working tree only).
    pub proposals: Vec<crate::proposals::Proposal>,
}
