//! Sanitising the HTML of untrusted Markdown (content arrives by pull request from anyone).

/// Sanitise HTML from untrusted Markdown: no scripts, no event handlers, no `javascript:` URLs,
/// while keeping what Markdown itself produces (ids and classes for anchors, task-list boxes).
pub fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .add_generic_attributes(["class", "id", "aria-label", "aria-hidden", "role"])
        .add_tags([
            "input",
            "figure",
            "figcaption",
            "details",
            "summary",
            "mark",
        ])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("ol", ["start"])
        // The scroll region around a table (see `render`).
        .add_tag_attributes("div", ["tabindex"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .link_rel(None)
        .clean(html)
        .to_string()
}
