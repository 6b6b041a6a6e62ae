//! How a changed field's value reads in a change note (see [`super::revisions::Show`]): the
//! site's titles and the wiki language's dates, not the source's slugs and ISO dates. Apart
//! from `change_note.rs`, which writes the notes and must not depend on the render contexts.

/// How a changed field's value reads (see [`super::revisions::Show`]): the slugs of owners,
/// contributors, chapters, case studies and goals as their pages' titles (a slug no page has
/// stays as written), dates in the wiki's language's long form; anything else as it is.
pub fn shown(cx: &super::context::Contexts<'_>, field: &str, value: &str) -> String {
    use crate::content::Kind;
    let kind = match field {
        "owner" | "contributors" | "owners" => Some(Kind::Owner),
        "chapters" => Some(Kind::Chapter),
        "case-studies" => Some(Kind::CaseStudy),
        "goals" => Some(Kind::Goal),
        _ => None,
    };
    if let Some(kind) = kind {
        return value
            .split(", ")
            .map(|slug| {
                cx.site
                    .get(kind, slug)
                    .map_or_else(|| slug.to_string(), |p| p.title().to_string())
            })
            .collect::<Vec<_>>()
            .join(", ");
    }
    if field == "status"
        && let Some(s) = crate::content::GoalStatus::ALL
            .iter()
            .find(|s| s.name() == value)
    {
        return cx.status_label(*s).to_lowercase();
    }
    if matches!(field, "target" | "review") {
        return super::format::long_date(value, &cx.lang).unwrap_or_else(|| value.to_string());
    }
    value.to_string()
}
