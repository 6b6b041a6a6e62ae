//! Did a revision change what a page says? The one place that compares two texts of a page
//! by their meaning rather than by their bytes.
//!
//! A page is due for review when nothing has changed what it says for a while; a commit that
//! rewraps lines, swaps `*` for `-` in a list, requotes YAML or renames a front-matter key
//! through an alias (`owner_slack` → `owner`) must not reset that clock. So both texts are
//! read as stratwiki reads a page (front matter typed, with the wiki's aliases) and compared
//! as a reader sees them:
//!
//! - the *fields* that say something (title, summary, tags, owners, review date, a goal's
//!   status, owner, target, progress and each indicator, a case study's facts, an owner's),
//!   not those that only place the page (slug, weight) or schedule its reviews
//!   (`review-every`), nor keys stratwiki does not know;
//! - the *text* of the rendered body, section by section (a section runs from one heading to
//!   the next), with runs of white space inside a block counted as one space.
//!
//! [`compare`] says which fields and which sections changed, not just whether anything did,
//! so a change note ("Status active → achieved; reworded: Funding") can be written from it.
//! [`last_meaningful`] finds the newest revision of a page that changed what it says, reading
//! at most [`MAX_REVISIONS`] revisions and caching each verdict by the pair of blobs.

use std::collections::HashMap;
use std::sync::Mutex;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Serialize;

use super::blobs::BlobReader;
use super::types::{ChangeKind, History};
use crate::config::FrontMatterAliases;
use crate::content::{Meta, parse_page_with};

/// How many of a page's newest revisions [`last_meaningful`] reads before it gives up and
/// counts the oldest one read as the last change (a page reformatted more often than this in a
/// row is rare; reading every revision of a long history would cost a blob pair each).
pub const MAX_REVISIONS: usize = 40;

/// How many verdicts the process keeps (each a pair of blob ids and a flag); the cache is
/// emptied when it is full.
const MAX_CACHED: usize = 100_000;

/// One field whose value changed, as a reader would say it (`status`, `active` → `achieved`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// The field (`status`, `progress`, `indicator: Share of services`).
    pub field: String,
    /// Before (`—` when absent).
    pub old: String,
    /// After (`—` when absent).
    pub new: String,
}

/// How a section of the body changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SectionEdit {
    /// A heading that was not there before, with its text.
    Added,
    /// A heading that is gone, with its text.
    Removed,
    /// The same heading, other words under it.
    Reworded,
}

/// A section of the body that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionChange {
    /// The heading's text; empty for the text before the first heading.
    pub heading: String,
    /// How it changed.
    pub edit: SectionEdit,
}

/// What a revision changed in what a page says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Meaning {
    /// Fields whose values differ, in the order a page lists them.
    pub fields: Vec<FieldChange>,
    /// Sections added, removed or reworded, in the order of the newer text (removed ones
    /// after).
    pub sections: Vec<SectionChange>,
    /// One of the texts could not be read as a page (not UTF-8, broken front matter): what it
    /// says cannot be compared, so the revision counts as a change.
    pub unreadable: bool,
}

impl Meaning {
    /// The revision changed what the page says (or could not be compared).
    pub fn changed(&self) -> bool {
        self.unreadable || !self.fields.is_empty() || !self.sections.is_empty()
    }

    /// The revision set the page's `review` date.
    pub fn sets_review(&self) -> bool {
        self.fields
            .iter()
            .any(|f| f.field == "review" && f.new != "—")
    }
}

/// A page as a reader sees it: its fields as text, its body's sections as plain text.
#[derive(Debug, Default, Clone)]
struct Reading {
    fields: Vec<(String, String)>,
    sections: Vec<(String, String)>,
}

/// Compare two texts of a page: `old` at `old_path`, `new` at `path` (`None`: the page did
/// not exist on that side). Front matter is read with `aliases`, as the build reads it.
pub fn compare(
    old_path: &str,
    old: Option<&str>,
    path: &str,
    new: Option<&str>,
    aliases: &FrontMatterAliases,
) -> Meaning {
    compare_readings(old_path, old, path, new, aliases).0
}

/// A change note's substance: what a revision changed in what the page says, and how the
/// words a reader sees changed (a word diff of the rendered text, long unchanged runs cut).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Note {
    /// Fields and sections that changed.
    pub meaning: Meaning,
    /// The words of each reworded section (at most [`MAX_SECTION_DIFFS`]), removed, added and
    /// (some) unchanged; empty when no section kept its heading and changed its words, or the
    /// texts could not be read.
    pub words: Vec<SectionWords>,
}

/// How the words of one reworded section changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionWords {
    /// Its heading (empty: the text before the first heading).
    pub heading: String,
    /// Its words.
    pub pieces: Vec<super::wording::Piece>,
}

/// How many reworded sections a note shows the words of (the others are named in
/// [`Meaning::sections`]).
pub const MAX_SECTION_DIFFS: usize = 10;

/// [`compare`], with the word diff of the rendered text.
pub fn note(
    old_path: &str,
    old: Option<&str>,
    path: &str,
    new: Option<&str>,
    aliases: &FrontMatterAliases,
) -> Note {
    let (meaning, texts) = compare_readings(old_path, old, path, new, aliases);
    // Only reworded sections get their words shown: a section added or removed is all one
    // colour, and diffing a section rather than the page keeps the work to what changed.
    let words = match texts {
        Some((a, b)) => {
            let before: HashMap<(&str, usize), &str> = keyed(&a.sections).into_iter().collect();
            let mut out = Vec::new();
            for (k, t) in keyed(&b.sections) {
                if out.len() == MAX_SECTION_DIFFS {
                    break;
                }
                match before.get(&k) {
                    Some(o) if *o != t => out.push(SectionWords {
                        heading: k.0.to_string(),
                        pieces: super::wording::word_diff(o, t),
                    }),
                    _ => {}
                }
            }
            out
        }
        None => Vec::new(),
    };
    Note { meaning, words }
}

fn compare_readings(
    old_path: &str,
    old: Option<&str>,
    path: &str,
    new: Option<&str>,
    aliases: &FrontMatterAliases,
) -> (Meaning, Option<(Reading, Reading)>) {
    let (a, b) = match (read(old_path, old, aliases), read(path, new, aliases)) {
        (Some(a), Some(b)) => (a, b),
        _ => {
            let m = Meaning {
                unreadable: true,
                ..Meaning::default()
            };
            return (m, None);
        }
    };
    let m = Meaning {
        fields: field_changes(&a.fields, &b.fields),
        sections: section_changes(&a.sections, &b.sections),
        unreadable: false,
    };
    (m, Some((a, b)))
}

/// How many readings each thread keeps: a history is read newest first, and each revision's
/// old text is the next one's new text, so the last few are what is asked for again.
const RECENT_READINGS: usize = 4;

type Recent = Vec<(u64, Option<Reading>)>;

thread_local! {
    static READINGS: std::cell::RefCell<Recent> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Read one side; `None` when it is not a page stratwiki can read.
fn read(path: &str, text: Option<&str>, aliases: &FrontMatterAliases) -> Option<Reading> {
    let Some(text) = text else {
        return Some(Reading::default());
    };
    let mut key_text = String::with_capacity(path.len() + 20);
    key_text.push_str(path);
    key_text.push('\0');
    key_text.push_str(&aliases.fingerprint());
    let key = crate::codec::hash(
        text.as_bytes(),
        crate::codec::hash(key_text.as_bytes(), 0x9e37),
    );
    if let Some(hit) = READINGS.with(|r| {
        r.borrow()
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
    }) {
        return hit;
    }
    let reading = parse_page_with(path, path, text.as_bytes(), aliases)
        .ok()
        .map(|(page, _)| Reading {
            fields: fields(&page.meta),
            sections: sections(&page.body),
        });
    READINGS.with(|r| {
        let mut r = r.borrow_mut();
        if r.len() == RECENT_READINGS {
            r.remove(0);
        }
        r.push((key, reading.clone()));
    });
    reading
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref()
        .map(|x| x.to_string())
        .unwrap_or_else(|| "—".into())
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "—".into()
    } else {
        v.join(", ")
    }
}

fn num(v: Option<f64>) -> String {
    match v {
        Some(v) if v.fract() == 0.0 && v.abs() < 1e15 => format!("{}", v as i64),
        Some(v) => v.to_string(),
        None => "—".into(),
    }
}

/// The fields that say something, as text, in the order a page lists them.
fn fields(m: &Meta) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut put = |k: &str, v: String| out.push((k.to_string(), v));
    put("title", m.title.clone());
    put("summary", opt(&m.summary));
    put("tags", list(&m.tags));
    put("owners", list(&m.owners));
    put("draft", if m.draft { "yes" } else { "no" }.into());
    if let Some(g) = &m.goal {
        put("id", opt(&g.id));
        put("owner", opt(&g.owner));
        put("contributors", list(&g.contributors));
        put("status", g.status.name().into());
        put("area", opt(&g.area));
        put("target", opt(&g.target));
        put(
            "progress",
            g.progress.map_or("—".into(), |p| format!("{p}%")),
        );
        put("chapters", list(&g.chapters));
        put("case-studies", list(&g.case_studies));
        for i in &g.indicators {
            let unit = i.unit.as_deref().unwrap_or("");
            put(
                &format!("indicator: {}", i.name),
                format!(
                    "{}{unit} (baseline {}, target {}{})",
                    num(i.current),
                    num(i.baseline),
                    num(i.target),
                    i.as_of.map(|d| format!(", as of {d}")).unwrap_or_default()
                ),
            );
        }
    }
    if let Some(c) = &m.case_study {
        put("country", opt(&c.country));
        put("organisation", opt(&c.organisation));
        put("year", opt(&c.year));
        put("goals", list(&c.goals));
    }
    if let Some(o) = &m.owner {
        put("type", opt(&o.owner_type));
        put("handles", list(&o.handles));
        put("website", opt(&o.website));
        put("contact", opt(&o.contact));
    }
    put("review", opt(&m.review));
    out
}

/// The fields that differ: those of `new` in its order, then those only `old` has.
fn field_changes(old: &[(String, String)], new: &[(String, String)]) -> Vec<FieldChange> {
    let before: HashMap<&str, &str> = old.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let after: HashMap<&str, &str> = new.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut out = Vec::new();
    for (k, v) in new {
        let was = before.get(k.as_str()).copied().unwrap_or("—");
        if was != v {
            out.push(FieldChange {
                field: k.clone(),
                old: was.to_string(),
                new: v.clone(),
            });
        }
    }
    for (k, v) in old {
        if !after.contains_key(k.as_str()) && v != "—" {
            out.push(FieldChange {
                field: k.clone(),
                old: v.clone(),
                new: "—".into(),
            });
        }
    }
    out
}

/// The plain text of a Markdown body by section: `(heading, text)`, the text before the first
/// heading under an empty heading. Blocks are separated by a line break; white space within a
/// block is one space, so rewrapping a paragraph or changing list markers changes nothing.
pub fn sections(body: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = vec![(String::new(), String::new())];
    let mut heading: Option<String> = None;
    let push = |s: &str, heading: &mut Option<String>, out: &mut Vec<(String, String)>| {
        let target = match heading {
            Some(h) => h,
            None => &mut out.last_mut().expect("never empty").1,
        };
        target.push_str(s);
    };
    for ev in Parser::new_ext(body, crate::markdown::options()) {
        match ev {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => {
                let h = heading.take().unwrap_or_default();
                out.push((squash(&h), String::new()));
            }
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                push(&t, &mut heading, &mut out)
            }
            Event::Html(t) | Event::InlineHtml(t) => push(&strip_tags(&t), &mut heading, &mut out),
            Event::FootnoteReference(l) => push(&format!("[{l}]"), &mut heading, &mut out),
            Event::TaskListMarker(done) => {
                push(if done { "[x] " } else { "[ ] " }, &mut heading, &mut out)
            }
            Event::SoftBreak | Event::HardBreak => push(" ", &mut heading, &mut out),
            Event::Rule => push("\n—\n", &mut heading, &mut out),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableCell
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::BlockQuote(_)
                | TagEnd::HtmlBlock
                | TagEnd::FootnoteDefinition,
            ) => push("\n", &mut heading, &mut out),
            _ => {}
        }
    }
    let mut out: Vec<(String, String)> = out.into_iter().map(|(h, t)| (h, squash(&t))).collect();
    if out.first().is_some_and(|(_, t)| t.is_empty()) {
        out.remove(0);
    }
    out
}

/// White space made uniform: a run holding a line break is one line break, any other run one
/// space, none at either end.
fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut run: Option<bool> = None; // Some(has a line break) while in a run of white space
    for c in s.chars() {
        if c.is_whitespace() {
            let nl = c == '\n';
            run = Some(run.unwrap_or(false) || nl);
            continue;
        }
        if let Some(nl) = run.take()
            && !out.is_empty()
        {
            out.push(if nl { '\n' } else { ' ' });
        }
        out.push(c);
    }
    out
}

/// The text of raw HTML without its tags (what a reader sees of it).
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Each section with its key: its heading and which of the headings with that text it is.
fn keyed(v: &[(String, String)]) -> Vec<((&str, usize), &str)> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    v.iter()
        .map(|(h, t)| {
            let n = seen.entry(h.as_str()).or_insert(0);
            *n += 1;
            ((h.as_str(), *n), t.as_str())
        })
        .collect()
}

/// The sections that differ. A section is known by its heading and which of the headings
/// with that text it is (two "Next steps" are told apart by order).
fn section_changes(old: &[(String, String)], new: &[(String, String)]) -> Vec<SectionChange> {
    let (a, b) = (keyed(old), keyed(new));
    let before: HashMap<(&str, usize), &str> = a.iter().copied().collect();
    let after: HashMap<(&str, usize), &str> = b.iter().copied().collect();
    let mut out = Vec::new();
    for (key, text) in &b {
        let edit = match before.get(key) {
            None if text.is_empty() && key.0.is_empty() => continue,
            None => SectionEdit::Added,
            Some(was) if was != text => SectionEdit::Reworded,
            Some(_) => continue,
        };
        out.push(SectionChange {
            heading: key.0.to_string(),
            edit,
        });
    }
    for (key, _) in &a {
        if !after.contains_key(key) {
            out.push(SectionChange {
                heading: key.0.to_string(),
                edit: SectionEdit::Removed,
            });
        }
    }
    out
}

type Verdicts = HashMap<(String, String, String, String, String), bool>;

/// Verdicts of [`revision_changed`] by blob pair (and paths, which a title from the file name
/// depends on, and the aliases, which `serve` may see change): the same revision is judged
/// again for every edition a build writes and on every rebuild of a live preview.
static VERDICTS: Mutex<Option<Verdicts>> = Mutex::new(None);

/// Whether one revision changed what its page says, reading both texts through `reader`. A
/// text that cannot be read (a partial clone without it) counts as a change: nothing says it
/// was not one.
fn revision_changed(
    reader: &BlobReader,
    old_path: &str,
    old: Option<&str>,
    path: &str,
    new: Option<&str>,
    aliases: &FrontMatterAliases,
) -> bool {
    if old.is_some() && old == new && old_path == path {
        return false;
    }
    let key = (
        old.unwrap_or_default().to_string(),
        new.unwrap_or_default().to_string(),
        old_path.to_string(),
        path.to_string(),
        aliases.fingerprint(),
    );
    if let Some(v) = VERDICTS
        .lock()
        .ok()
        .and_then(|c| c.as_ref().and_then(|c| c.get(&key).copied()))
    {
        return v;
    }
    let changed = match (reader.text(old), reader.text(new)) {
        (Ok(a), Ok(b)) => compare(
            old_path,
            old.map(|_| a.as_str()),
            path,
            new.map(|_| b.as_str()),
            aliases,
        )
        .changed(),
        _ => true,
    };
    if let Ok(mut c) = VERDICTS.lock() {
        let c = c.get_or_insert_with(HashMap::new);
        if c.len() >= MAX_CACHED {
            c.clear();
        }
        c.insert(key, changed);
    }
    changed
}

/// When (Unix seconds) the newest revision of the page at `path` that changed what it says was
/// committed: revisions that only reformat it, move it or rename a key through an alias are
/// passed over. `None` when no revision read changed it and the history is cut off before its
/// creation (a shallow clone). After [`MAX_REVISIONS`] revisions without a change, the oldest
/// one read counts.
pub fn last_meaningful(
    history: &History,
    reader: &BlobReader,
    path: &str,
    aliases: &FrontMatterAliases,
) -> Option<i64> {
    let h = history.page(path)?;
    let time = |r: &super::Revision| history.commits.get(r.commit).map(|c| c.time);
    for (n, r) in h.revisions.iter().enumerate() {
        if n + 1 >= MAX_REVISIONS {
            return time(r);
        }
        let old_path = match &r.kind {
            ChangeKind::Created | ChangeKind::Restored => return time(r),
            ChangeKind::Deleted => continue,
            ChangeKind::Renamed { from } => from.as_str(),
            ChangeKind::Edited => r.path.as_str(),
        };
        if revision_changed(
            reader,
            old_path,
            r.old_blob.as_deref(),
            &r.path,
            r.new_blob.as_deref(),
            aliases,
        ) {
            return time(r);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_aliases() -> FrontMatterAliases {
        FrontMatterAliases::default()
    }

    fn cmp(a: &str, b: &str) -> Meaning {
        compare(
            "chapters/a.md",
            Some(a),
            "chapters/a.md",
            Some(b),
            &no_aliases(),
        )
    }

    #[test]
    fn rewrapping_and_list_markers_change_nothing() {
        let a = "---\ntitle: A\n---\nOne long line of text that goes on.\n\n* first\n* second\n";
        let b = "---\ntitle: 'A'\n---\nOne long line\nof text that goes on.\n\n- first\n- second\n";
        let m = cmp(a, b);
        assert!(!m.changed(), "{m:?}");
    }

    #[test]
    fn yaml_quoting_and_key_order_change_nothing() {
        let a = "---\ntitle: A\nowners: [x, y]\nreview: 2024-01-02\n---\nText.\n";
        let b = "---\nreview: \"2024-01-02\"\nowners:\n  - x\n  - y\ntitle: \"A\"\n---\nText.\n";
        assert!(!cmp(a, b).changed());
    }

    #[test]
    fn a_key_renamed_through_an_alias_changes_nothing() {
        let mut t = toml::Table::new();
        t.insert(
            "owner".into(),
            toml::Value::Array(vec!["owner_slack".into()]),
        );
        t.insert("review".into(), "last_reviewed_on".into());
        let al = FrontMatterAliases::from_toml(&t).unwrap();
        let a = "---\ntitle: A\nowner_slack: '#team'\nlast_reviewed_on: 2024-01-02\n---\nText.\n";
        let b = "---\ntitle: A\nowner: '#team'\nreview: 2024-01-02\n---\nText.\n";
        let m = compare("a.md", Some(a), "a.md", Some(b), &al);
        assert!(!m.changed(), "{m:?}");
        // Without the alias, the owner appears: a change.
        assert!(cmp(a, b).changed());
    }

    #[test]
    fn words_change_the_section_they_are_in() {
        let a = "Intro.\n\n## Funding\n\nWe pay.\n\n## Risks\n\nSome.\n";
        let b = "Intro.\n\n## Funding\n\nWe pay more.\n\n## Next\n\nSoon.\n";
        let m = cmp(a, b);
        assert!(m.changed());
        assert_eq!(
            m.sections,
            vec![
                SectionChange {
                    heading: "Funding".into(),
                    edit: SectionEdit::Reworded
                },
                SectionChange {
                    heading: "Next".into(),
                    edit: SectionEdit::Added
                },
                SectionChange {
                    heading: "Risks".into(),
                    edit: SectionEdit::Removed
                },
            ]
        );
        assert!(m.fields.is_empty());
    }

    #[test]
    fn strategy_fields_are_named_with_both_values() {
        let a = "---\nstatus: active\nprogress: 60\nindicators:\n  - name: Share\n    current: 10\n    unit: '%'\n---\nText.\n";
        let b = "---\nstatus: achieved\nprogress: 70\nindicators:\n  - name: Share\n    current: 20\n    unit: '%'\n---\nText.\n";
        let m = compare("goals/g.md", Some(a), "goals/g.md", Some(b), &no_aliases());
        let f: Vec<(&str, &str, &str)> = m
            .fields
            .iter()
            .map(|f| (f.field.as_str(), f.old.as_str(), f.new.as_str()))
            .collect();
        assert_eq!(
            f,
            vec![
                ("status", "active", "achieved"),
                ("progress", "60%", "70%"),
                (
                    "indicator: Share",
                    "10% (baseline —, target —)",
                    "20% (baseline —, target —)"
                ),
            ]
        );
    }

    #[test]
    fn setting_the_review_date_is_a_change_and_says_so() {
        let a = "---\ntitle: A\n---\nText.\n";
        let b = "---\ntitle: A\nreview: 2025-03-01\n---\nText.\n";
        let m = cmp(a, b);
        assert!(m.changed() && m.sets_review());
        assert!(!cmp(b, a).sets_review());
    }

    #[test]
    fn the_review_period_slug_weight_and_unknown_keys_are_not_what_a_page_says() {
        let a = "---\ntitle: A\n---\nText.\n";
        let b =
            "---\ntitle: A\nreview-every: 3 months\nslug: b\nweight: 3\nlayout: core\n---\nText.\n";
        assert!(!cmp(a, b).changed());
    }

    #[test]
    fn unreadable_texts_and_creations_count_as_changes() {
        let bad = "---\ntitle: [unclosed\n---\nText.\n";
        assert!(cmp("Text.\n", bad).unreadable);
        let m = compare("a.md", None, "a.md", Some("# A\n\nText.\n"), &no_aliases());
        assert!(m.changed());
        assert_eq!(m.sections[0].edit, SectionEdit::Added);
    }

    #[test]
    fn a_note_has_the_word_diff_of_the_rendered_text() {
        let a = "---\nstatus: active\n---\n## Plan\n\nWe **publish** the plan in 2025.\n";
        let b = "---\nstatus: achieved\n---\n## Plan\n\nWe *publish* the plan in 2026.\n";
        let n = note("goals/g.md", Some(a), "goals/g.md", Some(b), &no_aliases());
        assert_eq!(n.meaning.fields[0].field, "status");
        assert_eq!(n.words.len(), 1);
        assert_eq!(n.words[0].heading, "Plan");
        let removed: Vec<&str> = n.words[0]
            .pieces
            .iter()
            .filter(|p| p.change == crate::history::wording::WordChange::Removed)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(removed, ["2025."], "markup is not a word: {:?}", n.words);
        // A reformat has no words to show.
        let c = "---\nstatus: achieved\n---\nPlan\n----\n\nWe _publish_ the plan\nin 2026.\n";
        assert!(
            note("g.md", Some(b), "g.md", Some(c), &no_aliases())
                .words
                .is_empty()
        );
    }

    #[test]
    fn plain_text_ignores_markup_but_not_words() {
        let a = sections("Some *emphasis* and `code` and <b>bold</b>.\n");
        let b = sections("Some _emphasis_ and `code` and **bold**.\n");
        assert_eq!(a, b);
        assert_ne!(sections("One.\n"), sections("Two.\n"));
    }
}
