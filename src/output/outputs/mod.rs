//! The outputs a site is made of, each behind one interface ([`Output`], as mdBook's
//! `Renderer`): it plans every file it will write, then writes them.
//!
//! A new output (a PDF or EPUB edition, say) is one new module here and one line in
//! [`OUTPUTS`]. Its files are planned with every other output's, so a collision with them is
//! found before anything is written, and `check` reports it as `build` would.

mod assets;
mod cname;
mod feed;
mod open_data;
mod pages;
mod print;
mod redirect_table;
mod search;
mod sitemap;
mod theme_files;
mod untranslated;

use super::job::{Job, Writer};
use super::plan::Plan;
use crate::diagnostics::Diagnostic;

/// What an output wrote.
#[derive(Debug, Default)]
pub struct Written {
    /// HTML pages.
    pub pages: usize,
    /// Other files.
    pub files: usize,
    /// Warnings met.
    pub warnings: Vec<Diagnostic>,
}

/// One kind of output of a site.
pub trait Output: Sync {
    /// Its name, which the plan records as each file's owner.
    fn name(&self) -> &'static str;

    /// Plan every file it will write for `job` (none when it is off for that job).
    fn plan(&self, job: &Job<'_>, plan: &mut Plan);

    /// Plan the files that give way to every other output's: a second round, after every
    /// output's [`Output::plan`] (redirects from pages' earlier names).
    fn plan_late(&self, _job: &Job<'_>, _plan: &mut Plan) {}

    /// True for an output slow enough to want a thread of its own while the pages render (the
    /// search index); the others run one after another on one thread.
    fn own_thread(&self) -> bool {
        false
    }

    /// Write its files through `out`, which lets through only what the plan gives it.
    fn write(&self, job: &Job<'_>, out: &Writer<'_>) -> Result<Written, Vec<Diagnostic>>;
}

/// Every output, in the order they are planned. The pages come first: they write on the
/// calling thread while the others run beside them.
pub static OUTPUTS: &[&dyn Output] = &[
    &pages::Pages,
    // After the pages: their redirects from renamed pages' earlier names are planned first.
    &redirect_table::RedirectTable,
    &feed::Feed,
    &open_data::OpenData,
    &print::Print,
    &search::SearchIndex,
    &assets::Assets,
    &theme_files::ThemeFiles,
    &sitemap::Sitemap,
    &cname::Cname,
    &untranslated::Untranslated,
];

/// The error for a file an output could not write.
fn cannot_write(rel: &str, e: std::io::Error) -> Vec<Diagnostic> {
    vec![Diagnostic::error(
        "write",
        format!("cannot write {rel}: {e}"),
    )]
}
