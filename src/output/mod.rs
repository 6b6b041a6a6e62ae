//! The output stage, the one place that writes: every file of the site planned, then written
//! into a staging folder and put in place atomically.
//!
//! - [`staging`]: the atomic write (a staging folder beside the destination, then a swap).
//! - [`plan`]: every file of the site, with what asked for it, decided before writing.
//! - [`outputs`]: the outputs a site is made of (pages, feed, open data, the printable edition,
//!   search, copied files, theme files, sitemap, CNAME), each planning and writing its own files.
//! - [`job`]: one site to write (the wiki, or one edition), and what outputs write through.
//! - [`write`]: a job planned, then written into the staging folder by every output at once.
//! - [`reuse_file`]: the previous build's page keys, so unchanged files are kept as they are.

pub mod destination;
pub mod job;
pub mod outputs;
pub mod plan;
pub mod reuse_file;
pub mod staging;
pub mod write;

pub use job::Job;
pub use staging::{SITE_MARKER, Staging, replaceable, sitemap};
pub use write::{plan_job, write_job};

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
