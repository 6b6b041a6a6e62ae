//! Links to pages a commit of the example does not have yet are written as plain text.
//!
//! The example's early commits hold the final text of its pages with parts changed (see
//! [`super::example`]); that text links to goals, owners and chapters written years later. A
//! reader of the 2015 edition should not meet links that lead nowhere, and the history should
//! not need every such link undone by hand: so when a commit writes a page, every link (Markdown
//! or `[[wiki]]`, and the lists of related pages in its front matter) to a page that is not in
//! that commit's tree is left out, its text kept. Later commits write the page again with its
//! links, once what they point at exists.

use std::collections::BTreeMap;

/// What a commit's tree holds, for deciding which links lead somewhere.
pub struct Tree<'a> {
    files: &'a BTreeMap<String, String>,
}

/// Front-matter lists of related pages and the folder each names pages in.
const LISTS: &[(&str, &str)] = &[
    ("chapters", "content/chapters/"),
    ("case-studies", "content/case-studies/"),
    ("goals", "content/goals/"),
    ("contributors", "content/owners/"),
];

impl<'a> Tree<'a> {
    pub fn new(files: &'a BTreeMap<String, String>) -> Self {
        Tree { files }
    }

    /// A `[[target]]` resolves as the build resolves it: by slug (the file's name), then by
    /// title.
    fn has_wiki(&self, target: &str) -> bool {
        let t = target.trim();
        self.files.iter().any(|(p, text)| {
            let stem = p.rsplit('/').next().unwrap_or(p).trim_end_matches(".md");
            p.ends_with(".md")
                && (stem.eq_ignore_ascii_case(t)
                    || text
                        .lines()
                        .take_while(|l| !l.is_empty())
                        .any(|l| l.strip_prefix("title: ").is_some_and(|v| v.trim() == t)))
        })
    }

    /// `href`, written in `dir`, names a file in the tree (or is not a link to a page).
    fn has_href(&self, dir: &str, href: &str) -> bool {
        if href.contains("://") || href.starts_with('#') || href.starts_with("mailto:") {
            return true;
        }
        let path = href.split('#').next().unwrap_or(href);
        let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
        for seg in path.split('/') {
            match seg {
                ".." => {
                    parts.pop();
                }
                "." | "" => {}
                s => parts.push(s),
            }
        }
        self.files.contains_key(&parts.join("/"))
    }

    /// `text` of the page at `path` with its links to missing pages made plain text.
    pub fn unlink(&self, path: &str, text: &str) -> String {
        let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
        let (front, body) = split_front(text);
        let front = self.filter_lists(front);
        front + &self.plain_links(dir, body)
    }

    fn filter_lists(&self, front: &str) -> String {
        let mut out = String::with_capacity(front.len());
        for line in front.split_inclusive('\n') {
            let list = LISTS.iter().find_map(|(k, folder)| {
                let rest = line.strip_prefix(k)?.strip_prefix(": [")?;
                Some((k, folder, rest.trim_end().strip_suffix(']')?))
            });
            match list {
                Some((k, folder, items)) => {
                    let kept: Vec<&str> = items
                        .split(',')
                        .map(str::trim)
                        .filter(|s| {
                            !s.is_empty() && self.files.contains_key(&format!("{folder}{s}.md"))
                        })
                        .collect();
                    out.push_str(&format!("{k}: [{}]\n", kept.join(", ")));
                }
                None => out.push_str(line),
            }
        }
        out
    }

    fn plain_links(&self, dir: &str, body: &str) -> String {
        let mut out = String::with_capacity(body.len());
        let mut rest = body;
        while let Some(i) = rest.find('[') {
            let (before, at) = rest.split_at(i);
            out.push_str(before);
            if let Some(inner) = at.strip_prefix("[[").and_then(|a| a.split_once("]]")) {
                let (target, shown) = inner.0.split_once('|').unwrap_or((inner.0, inner.0));
                if !inner.0.contains('\n') && !self.has_wiki(target) {
                    out.push_str(shown);
                } else {
                    out.push_str(&at[..inner.0.len() + 4]);
                }
                rest = &at[inner.0.len() + 4..];
                continue;
            }
            let image = out.ends_with('!');
            let link = at[1..].split_once("](").and_then(|(text, after)| {
                let href = after.split_once(')')?.0;
                (!text.contains(['[', ']', '\n']) && !href.contains([' ', '\n']))
                    .then_some((text, href))
            });
            match link {
                Some((text, href)) => {
                    let whole = text.len() + href.len() + 4;
                    if image || self.has_href(dir, href) {
                        out.push_str(&at[..whole]);
                    } else {
                        out.push_str(text);
                    }
                    rest = &at[whole..];
                }
                None => {
                    out.push('[');
                    rest = &at[1..];
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// The front matter (with its fences) and the body of a page.
fn split_front(text: &str) -> (&str, &str) {
    if let Some(after) = text.strip_prefix("---\n")
        && let Some(end) = after.find("\n---\n")
    {
        return text.split_at(4 + end + 5);
    }
    ("", text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_missing_pages_become_their_text() {
        let files = BTreeMap::from([
            (
                "content/goals/a.md".to_string(),
                "---\ntitle: Goal A\n---\n".to_string(),
            ),
            (
                "content/owners/x.md".to_string(),
                "---\ntitle: Team X\n---\n".to_string(),
            ),
        ]);
        let t = Tree::new(&files);
        let page = "---\ntitle: B\ncontributors: [x, y]\nchapters: [c]\n---\n\
                    See [A](a.md), [C](c.md#top), [[Team X]], [[y|Y team]], [[gone]], \
                    ![img](../images/i.svg), [web](https://example.org) and [brackets].\n";
        assert_eq!(
            t.unlink("content/goals/b.md", page),
            "---\ntitle: B\ncontributors: [x]\nchapters: []\n---\n\
             See [A](a.md), C, [[Team X]], Y team, gone, \
             ![img](../images/i.svg), [web](https://example.org) and [brackets].\n"
        );
    }
}
