//! Editions: a site with several versions (`[wiki.versions]`) publishes each version in its
//! own folder and the default one also at the site root, every edition a complete static site
//! built from its own commit.
//!
//! - [`select`]: which versions are published, and each one's theme.
//! - [`plan`]: which editions the previous build's folders serve as they are.
//! - [`load`]: every version loaded from its commit, and what the version menus need.
//! - [`write`]: every edition written, with the changes page between each and the one before.

pub mod load;
pub mod plan;
pub mod select;
pub mod write;

pub use load::{Versions, load_versions};
pub use plan::EditionPlan;
pub use select::{Selection, select_versions};
pub use write::write_versions;
