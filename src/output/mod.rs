//! The output stage, the one place that writes: every file of the site planned, then written
//! into a staging folder and put in place atomically.
//!
//! - [`staging`]: the atomic write (a staging folder beside the destination, then a swap).
//! - [`plan`]: every file of the site, with what asked for it, decided before writing.
//! - [`outputs`]: the outputs a site is made of (pages, feed, open data, search, copied files,
//!   theme files, sitemap, CNAME), each planning and writing its own files.
//! - [`job`]: one site (the wiki, or one edition) planned and written into the staging folder.
//! - [`reuse_file`]: the previous build's page keys, so unchanged files are kept as they are.

pub mod destination;
pub mod job;
pub mod outputs;
pub mod plan;
pub mod reuse_file;
pub mod staging;

pub use job::{Job, plan_job, write_job};
pub use staging::{SITE_MARKER, Staging, replaceable, sitemap};

/// A new site's plan, with the file every site stratwiki builds has at its top
/// ([`SITE_MARKER`]).
pub fn site_plan() -> plan::Plan {
    let mut p = plan::Plan::new();
    p.file(
        SITE_MARKER,
        plan::Claim::new("output", "the marker of a site stratwiki built"),
    );
    p
}
