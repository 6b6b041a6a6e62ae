//! Rendering: the model through Tera templates into HTML files.
//!
//! The default theme is compiled into the binary, so `stratwiki build` works anywhere; a wiki
//! overrides any single template or static file by putting a file of the same name in
//! `themes/<theme>/templates/` (or a root `templates/` folder) and `themes/<theme>/static/`
//! (or a root `static/` folder).
//!
//! [`Renderer`] (`renderer.rs`) holds what every page needs; each kind of output has a file of
//! its own: content and history pages (`pages.rs`), generated indexes (`indexes.rs`), recent
//! changes and feed (`changes.rs`), redirects (`redirects.rs`), the list of generated
//! files (`generated.rs`), the printable edition (`print.rs`, its links made the document's by
//! `print_links.rs`), goals' charts over time (`trend.rs`) and the strategy's (`strategy_trend.rs`). `emit.rs` writes a finished page (splicing in a
//! version's menu and sidebar), `shared.rs` and `reuse.rs` keep pages for other versions and
//! later builds.

mod change_note;
mod changes;
pub mod charts;
mod chrome;
pub mod context;
pub mod dashboard;
pub mod data;
pub mod diff_html;
mod emit;
pub mod format;
pub mod generated;
mod indexes;
pub(crate) mod key;
mod note_values;
mod pages;
pub mod print;
mod print_links;
mod print_sections;
mod redirects;
mod renderer;
mod reuse;
mod reviews;
pub mod revisions;
mod shared;
mod sink;
pub mod strategy_trend;
pub(crate) mod theme;
pub mod tr;
pub mod trend;
pub mod view;

pub use indexes::{Count, GoalGroup};
pub use redirects::{Redirect, redirect_candidates};
pub use renderer::Renderer;
pub use reuse::{Edition, Reuse};
pub use shared::SharedPages;
pub use sink::{Content, Sink};
pub use theme::Theme;
