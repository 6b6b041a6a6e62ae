//! stratwiki: turn a git repository of Markdown strategy chapters, goals, case studies and owners
//! into a static website.
//!
//! The pipeline runs one way, and each stage is a module that can be tested alone:
//!
//! ```text
//! config (book.toml) → source (files) → content (front matter + kinds, Markdown)
//!   → model (pages, owners, goals, links) → history (one pass over git)
//!   → render (Tera, no I/O) → output (a plan of every file, then an atomic write)
//! ```
//!
//! [`wiki::load`] runs the stages up to a finished model for any source (the working tree, a
//! ref, a version); [`editions`] builds the versions of a site; [`build::build_site`] runs the
//! whole pipeline; [`check::check_site`] computes the same plan and writes nothing.

pub mod build;
pub mod check;
pub mod codec;
pub mod compare;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod editions;
pub mod forge;
pub mod history;
pub mod i18n;
pub mod languages;
pub mod live;
pub mod markdown;
pub mod model;
pub mod output;
pub mod period;
pub mod proposals;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod source;
pub mod teardown;
pub mod text;
pub mod timing;
pub mod versions;
pub mod wiki;
