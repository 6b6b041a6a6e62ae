//! Sanitising the HTML of untrusted Markdown (content arrives by pull request from anyone).
//!
//! Raw HTML stays content: it cannot run script, cannot style itself over the page
//! (`style="position:fixed"` could cover the site with a fake one), cannot ask for input (a
//! fake password field), and cannot take the id of one of the theme's own elements (whose
//! scripts and skip links find them by id). What Markdown itself writes is kept: heading ids,
//! task-list boxes, table alignment.

use std::hash::{BuildHasher, Hasher};

use super::headings::THEME_IDS;

/// The `style` values Markdown tables write (`| :-: |`), the only ones kept.
const TABLE_ALIGNMENTS: [&str; 3] = [
    "text-align: left",
    "text-align: center",
    "text-align: right",
];

/// Sanitise HTML from untrusted Markdown: no scripts, no event handlers, no `javascript:` URLs,
/// no `style` but table alignment, no form controls, no id the theme uses, while keeping what
/// Markdown itself produces (ids and classes for anchors).
pub fn sanitize(html: &str) -> String {
    clean(html, &[])
}

/// [`sanitize`], keeping elements named in `extra` (without attributes): the placeholders of
/// [`TaskBoxes`].
fn clean(html: &str, extra: &[&str]) -> String {
    ammonia::Builder::default()
        .add_generic_attributes(["class", "id", "aria-label", "aria-hidden", "role"])
        .add_tags(["figure", "figcaption", "details", "summary", "mark"])
        .add_tags(extra)
        .add_tag_attributes("ol", ["start"])
        // The scroll region around a table (see `render`).
        .add_tag_attributes("div", ["tabindex"])
        .add_tag_attribute_values("th", "style", TABLE_ALIGNMENTS)
        .add_tag_attribute_values("td", "style", TABLE_ALIGNMENTS)
        .attribute_filter(|_, attribute, value| {
            (attribute != "id" || !THEME_IDS.contains(&value)).then_some(value.into())
        })
        .link_rel(None)
        .clean(html)
        .to_string()
}

/// The check boxes of Markdown task lists (`- [x] done`) through the sanitiser, which removes
/// every `<input>`: each box goes through as an element whose name no content can know (it
/// holds a random number), and comes back as the box after sanitising. A name written in the
/// content, even inside an attribute, is not one of these.
pub(super) struct TaskBoxes {
    name: String,
}

impl TaskBoxes {
    /// Placeholders with a fresh random name.
    pub(super) fn new() -> TaskBoxes {
        let random = |salt: u64| {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u64(salt);
            h.finish()
        };
        TaskBoxes {
            name: format!("sw-task-{:016x}{:016x}", random(1), random(2)),
        }
    }

    fn tag(&self, checked: bool) -> String {
        format!("{}-{}", self.name, u8::from(checked))
    }

    /// The placeholder for a box, as the HTML writer would write the box.
    pub(super) fn placeholder(&self, checked: bool) -> String {
        let tag = self.tag(checked);
        format!("<{tag}></{tag}>\n")
    }

    /// Sanitise `html` and put the boxes back, as the sanitiser writes an `<input>`.
    pub(super) fn sanitize(&self, html: &str) -> String {
        let (unchecked, checked) = (self.tag(false), self.tag(true));
        let clean = clean(html, &[&unchecked, &checked]);
        if !clean.contains(&self.name) {
            return clean;
        }
        clean
            .replace(
                &format!("<{checked}></{checked}>"),
                "<input disabled=\"\" type=\"checkbox\" checked=\"\">",
            )
            .replace(
                &format!("<{unchecked}></{unchecked}>"),
                "<input disabled=\"\" type=\"checkbox\">",
            )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_loses_style_forms_and_theme_ids() {
        let html = "<div style=\"position:fixed;inset:0\" id=\"main\" class=\"x\">a</div>\
            <form action=\"https://e.example/\"><input type=\"password\" name=\"p\">\
            <button>Sign in</button><select><option>a</option></select><textarea>t</textarea></form>\
            <td style=\"position:fixed\">c</td><table><tr><th style=\"text-align: center\">h</th></tr></table>\
            <span id=\"own-id\">s</span>";
        let out = sanitize(html);
        for gone in [
            "style=\"position",
            "id=\"main\"",
            "<form",
            "<input",
            "<button",
            "<select",
            "<option",
            "<textarea",
        ] {
            assert!(!out.contains(gone), "{gone} in {out}");
        }
        assert!(out.contains("<th style=\"text-align: center\">"), "{out}");
        assert!(out.contains("id=\"own-id\""), "{out}");
        assert!(out.contains("class=\"x\""), "{out}");
    }

    #[test]
    fn task_boxes_survive_and_cannot_be_forged() {
        let boxes = TaskBoxes::new();
        let html = format!(
            "<ul><li>{}done</li><li>{}todo</li></ul><p title=\"{}\">x</p><input type=\"text\">",
            boxes.placeholder(true),
            boxes.placeholder(false),
            "&lt;sw-task-0-1&gt;"
        );
        let out = boxes.sanitize(&html);
        assert_eq!(
            out,
            "<ul><li><input disabled=\"\" type=\"checkbox\" checked=\"\">\ndone</li><li><input disabled=\"\" type=\"checkbox\">\ntodo</li></ul><p title=\"&lt;sw-task-0-1&gt;\">x</p>"
        );
        // Another render's names are not this one's.
        assert_ne!(TaskBoxes::new().name, boxes.name);
        // The boxes come back exactly as sanitising the writer's `<input>` gave them before.
        let written = "<li><input disabled=\"\" type=\"checkbox\" checked=\"\"/>\na</li><li><input disabled=\"\" type=\"checkbox\"/>\nb</li>";
        let before = ammonia::Builder::default()
            .add_tags(["input"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .clean(written)
            .to_string();
        let now = boxes.sanitize(&format!(
            "<li>{}a</li><li>{}b</li>",
            boxes.placeholder(true),
            boxes.placeholder(false)
        ));
        assert_eq!(now, before);
    }
}
