//! The printable edition's sections taken from the previous build's document.
//!
//! `print.html` holds every page, so any edit changes it; re-rendering all of it after a
//! one-page edit was most of a 10,000-page rebuild (issue #27). Each section's key (its
//! entry, the theme, and where every page is in the document) and its place in the written
//! file are kept with the page keys, under `print.html#<anchor>` and `print.html#<anchor>@`; a
//! section whose key is unchanged is copied from the previous document instead of rendered.
//! That document is the previous build's file at the destination, which the page keys describe
//! (`output::reuse_file` drops them all when the site there is not the one they were saved
//! with), and a section is taken only when its place lies inside it on character boundaries.

use super::Reuse;

/// The previous document's sections, for one `print.html`.
pub(super) struct Sections<'a> {
    pub reuse: &'a Reuse,
    /// Where the document is in the site.
    pub file: &'a str,
}

impl Sections<'_> {
    fn key_slot(&self, anchor: &str) -> String {
        format!("{}#{anchor}", self.file)
    }

    fn place_slot(&self, anchor: &str) -> String {
        format!("{}#{anchor}@", self.file)
    }

    /// Record that the section `anchor` with `key` is `len` bytes starting `from_end` bytes
    /// before the end of the document this build writes. Counted from the end: an edition's
    /// title, spliced into the head when the file is written, moves every section alike.
    pub fn keep(&self, anchor: &str, key: u64, from_end: usize, len: usize) {
        // Both fit 32 bits: a document past 4 GiB is not written (a page is at most a few MB).
        if let (Ok(start), Ok(len)) = (u32::try_from(from_end), u32::try_from(len)) {
            self.reuse.keep(&self.key_slot(anchor), key);
            self.reuse.keep(
                &self.place_slot(anchor),
                (u64::from(start) << 32) | u64::from(len),
            );
        }
    }

    /// The document was taken whole from the previous build: so are its sections' places.
    pub fn carry(&self, anchor: &str, key: u64) {
        if let Some(&place) = self.reuse.old.get(&self.place_slot(anchor)) {
            self.reuse.keep(&self.key_slot(anchor), key);
            self.reuse.keep(&self.place_slot(anchor), place);
        }
    }

    /// The previous document, when at least one section (`anchors`, with `keys`) can be
    /// taken from it.
    pub fn previous_document<'e>(
        &self,
        anchors: impl Iterator<Item = &'e str>,
        keys: &[u64],
    ) -> Option<Vec<u8>> {
        let any = anchors
            .zip(keys)
            .any(|(a, k)| self.reuse.old.get(&self.key_slot(a)) == Some(k));
        if !any {
            return None;
        }
        std::fs::read(self.reuse.previous.join(self.file)).ok()
    }

    /// The section `anchor` of the previous document `old`, when its key was `key`.
    pub fn previous_section(&self, old: &[u8], anchor: &str, key: u64) -> Option<String> {
        if self.reuse.old.get(&self.key_slot(anchor)) != Some(&key) {
            return None;
        }
        let place = *self.reuse.old.get(&self.place_slot(anchor))?;
        let from_end = usize::try_from(place >> 32).ok()?;
        let start = old.len().checked_sub(from_end)?;
        let len = usize::try_from(place & 0xffff_ffff).ok()?;
        let bytes = old.get(start..start.checked_add(len)?)?;
        std::str::from_utf8(bytes).ok().map(str::to_string)
    }
}
