//! The output stage, the one place that writes: every file of the site planned, then written
//! into a staging folder and put in place atomically.
//!
//! - [`staging`]: the atomic write (a staging folder beside the destination, then a swap).
//! - [`job`]: one site (the wiki, or one edition) rendered and written into the staging folder.
//! - [`reuse_file`]: the previous build's page keys, so unchanged files are kept as they are.

pub mod destination;
pub mod job;
pub mod plan;
pub mod reuse_file;
pub mod staging;

pub use job::{Job, sitemap_urls, write_jobs};
pub use staging::{SITE_MARKER, Staging, replaceable, sitemap};
