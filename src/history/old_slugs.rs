//! The slugs pages had under their earlier names, read from the old files' front matter: a
//! page's earlier URL is where the old file was published, which its own `slug:` decided, not
//! its file name.

use git2::{Oid, Repository};

use super::{ChangeKind, History};

/// For every rename of every page, the slug the old file's front matter gave it, when it had
/// one: read from the blob the rename started from (the old file as it was last published).
/// Files over the page size limit, unreadable blobs and pages that do not parse keep the slug
/// of their file name, as the build of that time would have given them. The front matter is
/// read with the wiki's `[wiki.front-matter]` aliases, as its pages are.
pub(super) fn note_old_slugs(
    history: &mut History,
    repo: &Repository,
    aliases: &crate::config::FrontMatterAliases,
) {
    let Ok(odb) = repo.odb() else {
        return;
    };
    let slug_aliased = aliases.entries().iter().any(|(field, _)| field == "slug");
    for page in history.pages.values_mut() {
        for r in &page.revisions {
            let (ChangeKind::Renamed { from }, Some(blob)) = (&r.kind, &r.old_blob) else {
                continue;
            };
            if !crate::content::is_markdown(from) || page.old_slugs.contains_key(from) {
                continue;
            }
            let Ok(id) = Oid::from_str(blob) else {
                continue;
            };
            let small = odb
                .read_header(id)
                .is_ok_and(|(n, _)| n <= crate::content::MAX_PAGE_BYTES);
            let Some(obj) = small.then(|| odb.read(id).ok()).flatten() else {
                continue;
            };
            // Most pages set no slug: no parse for them (unless a slug may go by another name).
            if !slug_aliased && memchr::memmem::find(obj.data(), b"slug").is_none() {
                continue;
            }
            if let Ok((p, _)) = crate::content::parse_page_with(from, from, obj.data(), aliases)
                && p.meta.slug != crate::content::default_slug(from)
            {
                page.old_slugs.insert(from.clone(), p.meta.slug);
            }
        }
    }
}
