//! Content: turning one Markdown file into a typed page description.
//!
//! This stage looks at one file at a time and knows nothing of the others, so it runs in
//! parallel and its result can be cached by the file's content. Checks that need the whole wiki
//! (does this owner exist? is this slug unique?) belong to [`crate::model`]; this stage only
//! records each reference with its file position so the model can report it precisely.

mod aliases;
pub mod cache;
pub mod frontmatter;
mod lenient;
mod meta;
pub mod summary;
mod unfenced;

pub use meta::{
    CaseStudyMeta, GoalMeta, GoalStatus, Indicator, Meta, OwnerMeta, Ref, parse_date, parse_meta,
};

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::text::{line_col, slugify};

/// What a page is. It decides the template, the URL folder and which front-matter keys apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A chapter of the strategy text (`chapters/`).
    Chapter,
    /// A goal with an accountable owner (`goals/`).
    Goal,
    /// A case study from elsewhere (`case-studies/`).
    CaseStudy,
    /// An organisation, team or person that owns goals (`owners/`).
    Owner,
    /// Any other page.
    Page,
}

impl Kind {
    /// Every kind, in the order indexes and menus list them.
    pub const ALL: [Kind; 5] = [
        Kind::Chapter,
        Kind::Goal,
        Kind::CaseStudy,
        Kind::Owner,
        Kind::Page,
    ];

    /// The content folder that implies this kind, and the URL folder its pages go in.
    pub fn folder(self) -> Option<&'static str> {
        match self {
            Kind::Chapter => Some("chapters"),
            Kind::Goal => Some("goals"),
            Kind::CaseStudy => Some("case-studies"),
            Kind::Owner => Some("owners"),
            Kind::Page => None,
        }
    }

    /// The kind a content path implies by its first folder.
    pub fn from_path(path: &str) -> Kind {
        let first = path.split('/').next().unwrap_or("");
        Kind::ALL
            .into_iter()
            .find(|k| k.folder() == Some(first) && path.contains('/'))
            .unwrap_or(Kind::Page)
    }

    /// The kind named by a `kind:` front-matter value.
    pub fn from_name(name: &str) -> Option<Kind> {
        match name.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "chapter" => Some(Kind::Chapter),
            "goal" => Some(Kind::Goal),
            "case-study" | "casestudy" | "case study" => Some(Kind::CaseStudy),
            "owner" => Some(Kind::Owner),
            "page" => Some(Kind::Page),
            _ => None,
        }
    }

    /// The name used in front matter, CSS classes and JSON (`case-study`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Chapter => "chapter",
            Kind::Goal => "goal",
            Kind::CaseStudy => "case-study",
            Kind::Owner => "owner",
            Kind::Page => "page",
        }
    }

    /// The front matter a new page of this kind starts from (the forge's "new file" link
    /// fills it in), kept beside the kinds so that each kind's fields are listed in one module.
    pub fn new_page_template(self) -> &'static str {
        match self {
            Kind::Goal => {
                "---\ntitle: \nid: \nowner: \ncontributors: []\nstatus: proposed\narea: \ntarget: YYYY-MM-DD\nprogress: 0\nindicators:\n  - name: \n    baseline: \n    target: \n    current: \n    unit: \nchapters: []\ncase-studies: []\nsummary: \n---\n\nWhy this goal matters, what will be done, and how progress is measured.\n"
            }
            Kind::CaseStudy => {
                "---\ntitle: \ncountry: \norganisation: \nyear: \ngoals: []\nsummary: \n---\n\nWhat they did, what came of it, and what we can learn.\n"
            }
            Kind::Owner => {
                "---\ntitle: \ntype: agency\nhandles: []\nwebsite: https://\ncontact: \nsummary: \n---\n\nWhat this body does and what it answers for.\n"
            }
            Kind::Chapter | Kind::Page => "---\ntitle: \nsummary: \ntags: []\n---\n\n## \n\n",
        }
    }

    /// Singular label for readers.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Chapter => "Chapter",
            Kind::Goal => "Goal",
            Kind::CaseStudy => "Case study",
            Kind::Owner => "Owner",
            Kind::Page => "Page",
        }
    }

    /// Plural label for index pages.
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Chapter => "Chapters",
            Kind::Goal => "Goals",
            Kind::CaseStudy => "Case studies",
            Kind::Owner => "Owners",
            Kind::Page => "Pages",
        }
    }
}

/// One Markdown file, parsed: front matter typed, body still Markdown.
#[derive(Debug, Clone)]
pub struct ParsedPage {
    /// Path relative to the content folder (`goals/eid.md`).
    pub path: String,
    /// Path as shown in messages (relative to the wiki root).
    pub display: String,
    /// The page's kind.
    pub kind: Kind,
    /// Typed front matter.
    pub meta: Meta,
    /// The Markdown body (front matter removed).
    pub body: String,
    /// The 1-based file line the body starts at, so Markdown positions map to file lines.
    pub body_line: usize,
    /// Each top-level front-matter key with its file line, for later messages.
    pub key_lines: Vec<(String, usize)>,
    /// The front matter's YAML text, as written (for comparing versions).
    pub front_matter: String,
}

impl ParsedPage {
    /// True when the front matter sets `title`: then it is the page's title whatever
    /// SUMMARY.md calls it.
    pub fn has_own_title(&self) -> bool {
        self.key_lines.iter().any(|(k, _)| k == "title")
    }
}

pub use crate::markdown::is_markdown;

/// The file name without folder and extension. A page named for the file it becomes, as
/// Middleman and Jekyll name them (`x.html.md`, `x.html.md.erb`), loses the `.html` and the
/// `.erb` too, so its URL is `x.html` (which other pages link to), not `x.html.html`.
pub fn file_stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    fn strip<'a>(n: &'a str, ext: &str) -> Option<&'a str> {
        let cut = n.len().checked_sub(ext.len())?;
        (cut > 0 && n.is_char_boundary(cut) && n[cut..].eq_ignore_ascii_case(ext))
            .then(|| &n[..cut])
    }
    let name_md = strip(name, ".erb")
        .filter(|n| is_markdown(n))
        .unwrap_or(name);
    let stem = match name_md.rfind('.') {
        Some(i) if i > 0 => &name_md[..i],
        _ => name_md,
    };
    if is_markdown(name) {
        strip(stem, ".html").unwrap_or(stem)
    } else {
        stem
    }
}

/// The largest Markdown file stratwiki reads as a page, in bytes. Rendering takes some thirty
/// times a page's size in memory (a 50 MB page took 1.6 GB), and no strategy page comes near
/// this.
pub const MAX_PAGE_BYTES: usize = 10 * 1024 * 1024;

/// The error for a page of `len` bytes, when that is over [`MAX_PAGE_BYTES`].
pub fn page_too_large(display: &str, len: u64) -> Option<Diagnostic> {
    (len > MAX_PAGE_BYTES as u64).then(|| {
        Diagnostic::error(
            "content",
            format!(
                "the file is {len} bytes, more than the limit of {} MB for a page: split it into several pages",
                MAX_PAGE_BYTES / (1024 * 1024)
            ),
        )
        .in_file(display)
        .at(1, 1)
    })
}

/// Parse one Markdown file. Errors are returned as diagnostics naming `display` and a line;
/// a page with errors is not built, but every problem in it is reported.
pub fn parse_page(
    path: &str,
    display: &str,
    bytes: &[u8],
) -> Result<(ParsedPage, Vec<Diagnostic>), Vec<Diagnostic>> {
    parse_page_with(
        path,
        display,
        bytes,
        &crate::config::FrontMatterAliases::default(),
    )
}

/// [`parse_page`], reading the front-matter keys `aliases` names (`[wiki.front-matter]`) as
/// the fields they stand for.
pub fn parse_page_with(
    path: &str,
    display: &str,
    bytes: &[u8],
    aliases: &crate::config::FrontMatterAliases,
) -> Result<(ParsedPage, Vec<Diagnostic>), Vec<Diagnostic>> {
    let err = |msg: String, pos: (usize, usize)| {
        vec![
            Diagnostic::error("content", msg)
                .in_file(display)
                .at(pos.0, pos.1),
        ]
    };
    if let Some(d) = page_too_large(display, bytes.len() as u64) {
        return Err(vec![d]);
    }
    if bytes.contains(&0) {
        return Err(err(
            "this looks like a binary file (it contains NUL bytes), not Markdown text".into(),
            (1, 1),
        ));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.valid_up_to();
            let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or("");
            let (line, col) = line_col(prefix, valid);
            return Err(err(
                format!(
                    "not valid UTF-8 (byte 0x{:02X}): save the file as UTF-8",
                    bytes[valid]
                ),
                (line, col),
            ));
        }
    };
    if text.trim().is_empty() {
        return Err(err(
            "the file is empty: give it a title and some text, or delete it".into(),
            (1, 1),
        ));
    }
    let parts = match frontmatter::split(text) {
        Ok(p) => p,
        Err(frontmatter::Unclosed) => {
            return Err(err(
                "front matter opened with `---` on line 1 is never closed: add a `---` line after it"
                    .into(),
                (1, 1),
            ));
        }
    };
    let mut fm = match parts.yaml {
        Some(yaml) => match frontmatter::FrontMatter::parse(yaml, parts.yaml_line) {
            Ok(fm) => Some(fm),
            Err(e) => return Err(err(e.message, e.pos)),
        },
        None => None,
    };
    let alias_diags = match fm.as_mut() {
        Some(fm) => aliases::apply(aliases, fm),
        None => Vec::new(),
    };
    let (meta, kind, mut diags) = parse_meta(path, fm.as_ref(), parts.body);
    diags.extend(alias_diags);
    if fm.is_none()
        && let Some((first, fence)) = unfenced::missing_opening_fence(text, aliases)
    {
        diags.push(
            Diagnostic::warning(
                "front-matter",
                format!(
                    "this looks like front matter: add `---` as the first line (without it, lines {first}–{fence} are shown as the page's text and its fields are not read)"
                ),
            )
            .at(first, 1),
        );
    }
    if let Some(fm) = &fm {
        diags.extend(
            fm.repeated.iter().map(|r| {
                Diagnostic::warning("duplicate-key", r.message.clone()).at(r.pos.0, r.pos.1)
            }),
        );
    }
    let key_lines = fm
        .as_ref()
        .map(|fm| {
            fm.map
                .keys()
                .filter_map(|k| k.as_str())
                .map(|k| (k.to_string(), fm.key_pos(k).0))
                .collect()
        })
        .unwrap_or_default();
    let (errors, warnings): (Vec<_>, Vec<_>) = diags
        .into_iter()
        .map(|d| d.in_file(display))
        .partition(|d| d.severity == crate::diagnostics::Severity::Error);
    if !errors.is_empty() {
        let mut all = errors;
        all.extend(warnings);
        return Err(all);
    }
    Ok((
        ParsedPage {
            path: path.to_string(),
            display: display.to_string(),
            kind,
            meta,
            body: parts.body.to_string(),
            body_line: parts.body_line,
            key_lines,
            front_matter: parts.yaml.unwrap_or_default().to_string(),
        },
        warnings,
    ))
}

/// A title made from a file name: `digital-first` → `Digital first`. A file that stands for
/// its folder (Hugo's section page `tools/_index.md`, an `index.md` or `README.md`) is titled
/// from the folder (`Tools`): every section would otherwise be called "Index".
pub fn title_from_file_name(path: &str) -> String {
    let stem = file_stem(path);
    let stands_for_folder = matches!(
        stem.to_ascii_lowercase().as_str(),
        "_index" | "index" | "readme"
    );
    let name = match path.rsplit_once('/') {
        Some((dir, _)) if stands_for_folder => dir.rsplit('/').next().unwrap_or(dir),
        _ => stem,
    };
    let stem = name.replace(['-', '_'], " ");
    let mut chars = stem.trim().chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => "Untitled".into(),
    }
}

/// The default slug of a file: its slugified stem.
pub fn default_slug(path: &str) -> String {
    let s = slugify(file_stem(path));
    if s.is_empty() { "page".into() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folders_index_file_is_titled_from_the_folder() {
        assert_eq!(
            title_from_file_name("docs/getting-started/_index.md"),
            "Getting started"
        );
        assert_eq!(title_from_file_name("tools/index.html.md"), "Tools");
        assert_eq!(title_from_file_name("_index.md"), "Index");
        assert_eq!(
            title_from_file_name("docs/digital-first.md"),
            "Digital first"
        );
    }

    #[test]
    fn kind_from_folder() {
        assert_eq!(Kind::from_path("goals/a.md"), Kind::Goal);
        assert_eq!(Kind::from_path("case-studies/x/a.md"), Kind::CaseStudy);
        assert_eq!(Kind::from_path("goals.md"), Kind::Page);
        assert_eq!(Kind::from_path("about.md"), Kind::Page);
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = parse_page("a.md", "content/a.md", b"").unwrap_err();
        assert_eq!(
            e[0].to_string(),
            "error: content/a.md:1:1: the file is empty: give it a title and some text, or delete it"
        );
        let e = parse_page("a.md", "content/a.md", b"---\ntitle: x\n").unwrap_err();
        assert!(e[0].message.contains("never closed"));
        let e = parse_page("a.md", "content/a.md", b"# ok\n\nbad \xff here").unwrap_err();
        assert_eq!((e[0].line, e[0].column), (Some(3), Some(5)));
        let e = parse_page("a.md", "content/a.md", b"\x89PNG\x00\x00").unwrap_err();
        assert!(e[0].message.contains("binary"));
    }

    #[test]
    fn title_falls_back_to_heading_then_file_name() {
        let (p, _) = parse_page("chapters/x-y.md", "c", b"Some text\n\n# Heading *one*\n").unwrap();
        assert_eq!(p.meta.title, "Heading one");
        let (p, _) = parse_page("chapters/x-y.md", "c", b"Some text\n").unwrap();
        assert_eq!(p.meta.title, "X y");
        let (p, _) = parse_page("chapters/x-y.md", "c", b"---\ntitle: T\n---\n# H\n").unwrap();
        assert_eq!(p.meta.title, "T");
        assert_eq!(p.kind, Kind::Chapter);
        assert_eq!(p.body_line, 4);
    }
}
