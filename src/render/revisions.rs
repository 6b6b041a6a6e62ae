//! What templates see of the change history: the per-page summary, history pages with diffs,
//! the recent-changes page, its Atom feed and redirects from old URLs.

use serde::Serialize;

use crate::config::FrontMatterAliases;
use crate::history::blobs::{BlobReader, MISSING, NOT_UTF8};
use crate::history::{ChangeKind, History, PageHistory, Revision, date, rfc3339, short};
use crate::text::{escape_html, escape_xml};

/// `page.history`: the footer line of every page.
#[derive(Debug, Clone, Serialize)]
pub struct HistorySummary {
    /// Site-relative URL of the page's history page.
    pub url: String,
    /// Date of the newest revision.
    pub last_updated: Option<String>,
    /// Who made it.
    pub last_author: Option<String>,
    /// Its commit on the forge, when `git-repository-url` is set.
    pub last_commit_url: Option<String>,
    /// Date the page was created, when the history reaches that far.
    pub created: Option<String>,
    /// For a shallow clone: history before this date is not available.
    pub available_since: Option<String>,
    /// Distinct people, most changes first.
    pub contributors: Vec<ContributorCtx>,
    /// The working tree differs from the last commit.
    pub uncommitted: bool,
    /// Number of revisions.
    pub revisions: usize,
}

/// A contributor and their number of changes.
#[derive(Debug, Clone, Serialize)]
pub struct ContributorCtx {
    /// Name.
    pub name: String,
    /// Number of revisions they are credited on.
    pub changes: usize,
}

/// One row of a history page.
#[derive(Debug, Clone, Serialize)]
pub struct RevisionCtx {
    /// `2024-05-01`.
    pub date: String,
    /// Author.
    pub author: String,
    /// Co-authors.
    pub co_authors: Vec<String>,
    /// Message summary.
    pub summary: String,
    /// Short commit id.
    pub commit: String,
    /// Commit on the forge.
    pub commit_url: Option<String>,
    /// `created`, `edited`, `renamed`, `deleted`, `restored`.
    pub kind: String,
    /// Readable change kind (`renamed from goals/old.md`), in the page's language.
    pub kind_label: String,
    /// The path a rename came from.
    pub renamed_from: Option<String>,
    /// Rendered diff against the previous revision (newest `diffs` revisions only).
    pub diff: Option<String>,
    /// Anchor id.
    pub anchor: String,
}

/// The commit page link on a forge (`/commit/<id>` on GitHub, Gitea and Codeberg,
/// `/-/commit/<id>` on GitLab, `/commits/<id>` on Bitbucket).
pub fn commit_url(commits_at: Option<&str>, id: &str) -> Option<String> {
    Some(format!("{}{id}", commits_at?))
}

/// Where the wiki's forge shows a commit ([`commit_url`] puts the id after it): from the
/// repository links (`git-repository-url` or the `origin` remote, and `[wiki] forge`), else,
/// for an address those cannot read, from `git-repository-url` as it is.
pub fn commits_at(site: &crate::model::Site, config: &crate::config::Config) -> Option<String> {
    if let Some(r) = &site.repo_links {
        return Some(r.commits_at());
    }
    let base = config
        .html
        .git_repository_url
        .as_deref()?
        .trim()
        .trim_end_matches('/');
    let base = base.strip_suffix(".git").unwrap_or(base);
    Some(if base.contains("bitbucket.org") {
        format!("{base}/commits/")
    } else if base.contains("gitlab") {
        format!("{base}/-/commit/")
    } else {
        format!("{base}/commit/")
    })
}

pub use crate::model::urls::history_url;

/// The footer summary of a page.
pub fn summary(
    history: &History,
    page_url: &str,
    h: Option<&PageHistory>,
    repo_url: Option<&str>,
) -> Option<HistorySummary> {
    let h = h?;
    let newest = h.revisions.first();
    let oldest = h.revisions.last();
    let created = oldest
        .filter(|r| !h.cut && matches!(r.kind, ChangeKind::Created))
        .map(|r| date(history.commits[r.commit].time));
    Some(HistorySummary {
        url: history_url(page_url),
        last_updated: newest.map(|r| date(history.commits[r.commit].time)),
        last_author: newest.map(|r| history.author_of(r).name.clone()),
        last_commit_url: newest.and_then(|r| commit_url(repo_url, &history.commits[r.commit].id)),
        created,
        available_since: h.cut.then_some(history.shallow_since.map(date)).flatten(),
        contributors: history
            .contributors(h)
            .into_iter()
            .map(|(p, n)| ContributorCtx {
                name: p.name,
                changes: n,
            })
            .collect(),
        uncommitted: h.uncommitted,
        revisions: h.revisions.len(),
    })
}

/// A revision's kind (`renamed`), its change note in English ("renamed from a.md": the
/// renderer puts it in the page's language with [`note_key`]) and the old path of a rename.
fn kind_label(kind: &ChangeKind) -> (String, String, Option<String>) {
    match kind {
        ChangeKind::Created => ("created".into(), "created".into(), None),
        ChangeKind::Edited => ("edited".into(), "edited".into(), None),
        ChangeKind::Renamed { from } => (
            "renamed".into(),
            format!("renamed from {from}"),
            Some(from.clone()),
        ),
        ChangeKind::Deleted => ("deleted".into(), "deleted".into(), None),
        ChangeKind::Restored => ("restored".into(), "deleted and restored".into(), None),
    }
}

/// The translation key of a revision kind's change note (`history.renamed_from`, which takes
/// the old path as `{from}`).
pub fn note_key(kind: &str) -> &'static str {
    match kind {
        "created" => "history.created",
        "renamed" => "history.renamed_from",
        "deleted" => "history.deleted",
        "restored" => "history.restored",
        _ => "history.edited",
    }
}

/// What a history page's diffs are made from.
pub struct Diffs<'a> {
    /// The repository's texts (`None`: no diffs).
    pub blobs: Option<&'a BlobReader>,
    /// How many of the newest revisions get a diff (`[wiki.history] diffs`).
    pub count: usize,
    /// Diffs already rendered in this build.
    pub cache: Option<&'a DiffCache>,
    /// `[wiki.front-matter]`, to read each text as the build reads the page, for its change
    /// note.
    pub aliases: &'a FrontMatterAliases,
    /// How a field's value reads in a change note (see [`Show`]).
    pub show: Show<'a>,
    /// The change notes' words in the page's language (see [`Words`]).
    pub words: Words<'a>,
}

pub use super::change_note::Words;

/// How a changed field's value reads in a change note: a page's slug as its title, a date in
/// the long form (`Owner Agency for Digital Government → …`, `Target 31 December 2028`), never
/// the source's `digg` or `2028-12-31`. Given the field's name and one value.
pub type Show<'a> = &'a dyn Fn(&str, &str) -> String;

/// The note's field values as a reader reads them ([`Show`]); "—" (no value) stays.
fn show_fields(m: &mut crate::history::meaning::Meaning, show: Show<'_>) {
    for f in &mut m.fields {
        for v in [&mut f.old, &mut f.new] {
            if v != "—" {
                *v = show(&f.field, v);
            }
        }
    }
}

/// The rows of a page's history page for `revs` (its revisions, newest first, or the newest
/// few). Diffs, each led by its change note, are rendered for the newest `diffs.count`
/// revisions; problems reading old revisions become warnings (commit and path named), never
/// errors.
pub fn revisions(
    history: &History,
    revs: &[Revision],
    diffs: &Diffs<'_>,
    repo_url: Option<&str>,
    warnings: &mut Vec<String>,
) -> Vec<RevisionCtx> {
    let (blobs, cache, aliases, show, words) = (
        diffs.blobs,
        diffs.cache,
        diffs.aliases,
        diffs.show,
        diffs.words,
    );
    // Newest first, each revision's old text is the next one's new text: read it once.
    let mut texts = BlobTexts {
        partial: history.partial,
        ..BlobTexts::default()
    };
    revs.iter()
        .enumerate()
        .map(|(i, r)| {
            let c = &history.commits[r.commit];
            let (kind, kind_label, renamed_from) = kind_label(&r.kind);
            let diff = match blobs {
                Some(blobs) if i < diffs.count => Some(render_diff(
                    blobs,
                    c.id.as_str(),
                    r,
                    warnings,
                    cache,
                    &mut texts,
                    (aliases, show, words),
                )),
                _ => None,
            };
            let summary = match &r.written_by {
                Some((_, s)) if !s.is_empty() => s.clone(),
                _ => c.summary.clone(),
            };
            RevisionCtx {
                date: date(c.time),
                author: history.author_of(r).name.clone(),
                co_authors: history
                    .co_authors_of(r)
                    .into_iter()
                    .map(|p| p.name.clone())
                    .collect(),
                summary,
                commit: short(&c.id).to_string(),
                commit_url: commit_url(repo_url, &c.id),
                kind,
                kind_label,
                renamed_from,
                diff,
                anchor: format!("rev-{}", short(&c.id)),
            }
        })
        .collect()
}

/// What revision `r` changed in its page, in one line of plain text (see
/// [`super::change_note::line`]), for the recent changes and the feed; `None` when its texts
/// cannot be read.
pub fn note_line(
    blobs: &BlobReader,
    r: &Revision,
    aliases: &FrontMatterAliases,
    show: Show<'_>,
    words: Words<'_>,
) -> Option<String> {
    let created = matches!(r.kind, ChangeKind::Created | ChangeKind::Restored);
    if matches!(r.kind, ChangeKind::Deleted) {
        return None;
    }
    let new = blobs.text(r.new_blob.as_deref()).ok()?;
    let old = if created {
        None
    } else {
        Some(blobs.text(r.old_blob.as_deref()).ok()?)
    };
    let old_path = match &r.kind {
        ChangeKind::Renamed { from } => from.as_str(),
        _ => r.path.as_str(),
    };
    let mut meaning =
        crate::history::meaning::compare(old_path, old.as_deref(), &r.path, Some(&new), aliases);
    show_fields(&mut meaning, show);
    super::change_note::line(
        &crate::history::meaning::Note {
            meaning,
            words: Vec::new(),
        },
        created,
        words,
    )
}

/// Rendered diffs by (old blob, new blob, from nothing): the same change renders the same on
/// every page and in every version that shows it, so it is diffed once per build.
pub type DiffCache = std::sync::Mutex<
    std::collections::HashMap<(Option<String>, Option<String>, bool), std::sync::Arc<String>>,
>;

/// The last two blob texts read for one page's history (see [`revisions`]).
#[derive(Default)]
struct BlobTexts {
    recent: Vec<(String, Result<String, String>)>,
    /// The repository is a partial clone (see `History::partial`).
    partial: bool,
}

impl BlobTexts {
    /// The text of blob `id` (empty for none), read by `blobs` unless just read.
    fn get(&mut self, blobs: &BlobReader, id: Option<&str>) -> Result<String, String> {
        let Some(id) = id else {
            return Ok(String::new());
        };
        if let Some((_, t)) = self.recent.iter().find(|(k, _)| k == id) {
            return t.clone();
        }
        let t = blobs.text(Some(id));
        if self.recent.len() == 2 {
            let _ = self.recent.remove(0);
        }
        self.recent.push((id.to_string(), t.clone()));
        t
    }
}

fn render_diff(
    blobs: &BlobReader,
    commit: &str,
    r: &Revision,
    warnings: &mut Vec<String>,
    cache: Option<&DiffCache>,
    texts: &mut BlobTexts,
    (aliases, show, words): (&FrontMatterAliases, Show<'_>, Words<'_>),
) -> String {
    let created = matches!(r.kind, ChangeKind::Created | ChangeKind::Restored);
    let key = (r.old_blob.clone(), r.new_blob.clone(), created);
    if let Some(hit) = cache.and_then(|c| c.lock().ok()?.get(&key).cloned()) {
        return hit.as_ref().clone();
    }
    let html = render_diff_uncached(blobs, commit, r, warnings, texts, (aliases, show, words));
    if let Some(c) = cache
        && warnings.is_empty()
        && let Ok(mut m) = c.lock()
    {
        m.insert(key, std::sync::Arc::new(html.clone()));
    }
    html
}

fn render_diff_uncached(
    blobs: &BlobReader,
    commit: &str,
    r: &Revision,
    warnings: &mut Vec<String>,
    texts: &mut BlobTexts,
    (aliases, show, words): (&FrontMatterAliases, Show<'_>, Words<'_>),
) -> String {
    let new = texts.get(blobs, r.new_blob.as_deref());
    let old = if matches!(r.kind, ChangeKind::Created | ChangeKind::Restored) {
        Ok(String::new())
    } else {
        texts.get(blobs, r.old_blob.as_deref())
    };
    // The text before the change is the previous revision's: a problem there is its own
    // (a commit that fixes a file's encoding is not the one that broke it).
    let old = old.map_err(|e| {
        if e == NOT_UTF8 {
            "the file is not valid UTF-8 in the revision before this one".to_string()
        } else {
            e
        }
    });
    match (old, new) {
        // What changed in the page's own terms first, then its source, one click away.
        (Ok(o), Ok(n)) => {
            let created = matches!(r.kind, ChangeKind::Created | ChangeKind::Restored);
            let deleted = matches!(r.kind, ChangeKind::Deleted);
            let old_path = match &r.kind {
                ChangeKind::Renamed { from } => from.as_str(),
                _ => r.path.as_str(),
            };
            let mut note = crate::history::meaning::note(
                old_path,
                (!created).then_some(o.as_str()),
                &r.path,
                (!deleted).then_some(n.as_str()),
                aliases,
            );
            show_fields(&mut note.meaning, show);
            let mut html = super::change_note::html(&note, created, words);
            html.push_str(&super::change_note::source(
                &super::diff_html::render(&o, &n),
                note.meaning.unreadable,
                words,
            ));
            html
        }
        (_, Err(e)) | (Err(e), _) => {
            // A partial clone's missing texts are said once, by the history (see
            // `History::partial`), not once per revision.
            if !(texts.partial && e == MISSING) {
                warnings.push(format!("commit {}: {}: {e}", short(commit), r.path));
            }
            format!(
                "<p class=\"diff-none\">The change cannot be shown: {}.</p>\n",
                escape_html(&e)
            )
        }
    }
}

/// A day of the recent-changes page.
#[derive(Debug, Clone, Serialize)]
pub struct DayCtx {
    /// `2024-05-01`.
    pub date: String,
    /// Commits that day, newest first.
    pub commits: Vec<ChangeCtx>,
}

/// A commit on the recent-changes page.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeCtx {
    /// Summary.
    pub summary: String,
    /// Author.
    pub author: String,
    /// Co-authors.
    pub co_authors: Vec<String>,
    /// Short id.
    pub commit: String,
    /// Forge link.
    pub commit_url: Option<String>,
    /// RFC 3339 time.
    pub time: String,
    /// Files touched: (title, or the path when it is no page now; its page's site URL; true
    /// when the file is gone; what changed in it, in one line of plain text, when known: see
    /// [`note_line`]).
    pub pages: Vec<(String, Option<String>, bool, Option<String>)>,
}

/// Newest `limit` commits grouped by day.
pub fn recent(
    history: &History,
    limit: usize,
    repo_url: Option<&str>,
    page_of: &dyn Fn(&str) -> Option<(String, String)>,
    present: &dyn Fn(&str) -> bool,
    note_of: &dyn Fn(usize, &str) -> Option<String>,
) -> Vec<DayCtx> {
    let mut days: Vec<DayCtx> = Vec::new();
    for (ci, c) in history.commits.iter().enumerate().take(limit) {
        let d = date(c.time);
        let change = ChangeCtx {
            summary: c.summary.clone(),
            author: c.author.name.clone(),
            co_authors: crate::history::distinct_co_authors(&c.author, &c.co_authors)
                .into_iter()
                .map(|p| p.name.clone())
                .collect(),
            commit: short(&c.id).to_string(),
            commit_url: commit_url(repo_url, &c.id),
            time: rfc3339(c.time),
            pages: c
                .paths
                .iter()
                .map(|p| match page_of(p) {
                    Some((title, url)) => (title, Some(url), false, note_of(ci, p)),
                    None => (p.clone(), None, !present(p), None),
                })
                .collect(),
        };
        match days.last_mut() {
            Some(day) if day.date == d => day.commits.push(change),
            _ => days.push(DayCtx {
                date: d,
                commits: vec![change],
            }),
        }
    }
    days
}

/// An Atom 1.0 feed of the recent changes; `title` is the feed's whole title, in the site's
/// language (`Strategy – recent changes`).
pub fn atom(title: &str, site_url: Option<&str>, days: &[DayCtx], updated: Option<i64>) -> String {
    let base = site_url.unwrap_or("");
    let feed_id = match site_url {
        Some(u) => format!("{u}changes.atom"),
        None => format!("urn:stratwiki:{}", crate::text::slugify(title)),
    };
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
    );
    s.push_str(&format!("  <title>{}</title>\n", escape_xml(title)));
    s.push_str(&format!("  <id>{}</id>\n", escape_xml(&feed_id)));
    if site_url.is_some() {
        s.push_str(&format!(
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
            escape_xml(&format!("{base}changes.atom"))
        ));
        s.push_str(&format!(
            "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape_xml(&format!("{base}changes.html"))
        ));
    }
    s.push_str(&format!(
        "  <updated>{}</updated>\n  <generator>stratwiki</generator>\n",
        updated
            .map(rfc3339)
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
    ));
    for day in days {
        for c in &day.commits {
            s.push_str("  <entry>\n");
            s.push_str(&format!("    <title>{}</title>\n", escape_xml(&c.summary)));
            // Unique beyond this feed (Atom wants ids no other feed has): the feed's own id
            // and the commit.
            s.push_str(&format!(
                "    <id>{}</id>\n",
                escape_xml(&match site_url {
                    Some(_) => format!("{feed_id}#commit-{}", c.commit),
                    None => format!("{feed_id}:commit:{}", c.commit),
                })
            ));
            s.push_str(&format!("    <updated>{}</updated>\n", c.time));
            s.push_str(&format!(
                "    <author><name>{}</name></author>\n",
                escape_xml(&c.author)
            ));
            for co in &c.co_authors {
                s.push_str(&format!(
                    "    <contributor><name>{}</name></contributor>\n",
                    escape_xml(co)
                ));
            }
            let link = c
                .commit_url
                .clone()
                .or_else(|| site_url.map(|u| format!("{u}changes.html#commit-{}", c.commit)));
            if let Some(l) = link {
                s.push_str(&format!("    <link href=\"{}\"/>\n", escape_xml(&l)));
            }
            let mut body = String::from("<ul>");
            for (t, u, _, note) in &c.pages {
                let note = note
                    .as_deref()
                    .map(|n| format!(": {}", escape_xml(n)))
                    .unwrap_or_default();
                match u {
                    Some(u) => body.push_str(&format!(
                        "<li><a href=\"{}\">{}</a>{note}</li>",
                        escape_xml(&format!("{base}{u}")),
                        escape_xml(t)
                    )),
                    None => body.push_str(&format!("<li>{}{note}</li>", escape_xml(t))),
                }
            }
            body.push_str("</ul>");
            s.push_str(&format!(
                "    <content type=\"html\">{}</content>\n",
                escape_xml(&body)
            ));
            s.push_str("  </entry>\n");
        }
    }
    s.push_str("</feed>\n");
    s
}

/// A small page that sends readers from an old URL to the page's current one.
pub fn redirect_page(title: &str, target: &str, canonical: Option<&str>) -> String {
    let t = escape_html(target);
    let canonical = canonical
        .map(|c| format!("<link rel=\"canonical\" href=\"{}\">\n", escape_html(c)))
        .unwrap_or_default();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Moved: {}</title>\n<meta http-equiv=\"refresh\" content=\"0; url={t}\">\n{canonical}<meta name=\"robots\" content=\"noindex\">\n</head>\n<body>\n<main>\n<h1>This page has moved</h1>\n<p><a href=\"{t}\">{}</a> is now at a new address.</p>\n</main>\n</body>\n</html>\n",
        escape_html(title),
        escape_html(title)
    )
}
