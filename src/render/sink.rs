//! Where rendered files go: the sink the renderer hands each finished file to.

use crate::diagnostics::Diagnostic;

/// Receives each finished file: a site-relative path and its bytes.
pub type Sink<'a> = dyn Fn(&str, Content) -> std::io::Result<()> + Sync + 'a;

/// What goes into a file of the site.
#[derive(Debug)]
pub enum Content {
    /// These bytes.
    Bytes(Vec<u8>),
    /// The previous build's file at the same place, as it is: a page reused by key
    /// ([`Reuse`]), so it is neither read nor compared.
    Previous,
}

pub(super) fn write(sink: &Sink<'_>, url: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
    sink(url, Content::Bytes(bytes))
        .map_err(|e| Diagnostic::error("write", format!("cannot write `{url}`: {e}")))
}
