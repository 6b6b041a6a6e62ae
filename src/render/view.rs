//! What the templates see: the serialisable values of every page's Tera context, the
//! dashboard's included. Only types live here (no building), so the builders
//! ([`super::context::Contexts`], [`super::dashboard::dashboard`]) can both use them without
//! either needing the other's. A theme author can read this file as the reference of what a
//! template has available.

use serde::Serialize;

use crate::content::summary::EntryKind;
use crate::markdown::Heading;

/// `site`: the wiki as a whole.
#[derive(Debug, Clone, Serialize)]
pub struct SiteCtx {
    /// `[book] title`.
    pub title: String,
    /// `[book] description`.
    pub description: String,
    /// `[book] language`.
    pub language: String,
    /// `[book] authors`.
    pub authors: Vec<String>,
    /// `[output.html] git-repository-url`.
    pub repository_url: Option<String>,
    /// `[output.html] site-url`, with a trailing slash.
    pub site_url: Option<String>,
    /// `stratwiki <version>`.
    pub generator: String,
    /// The fixed navigation.
    pub nav: Vec<NavItem>,
    /// `[wiki.search] enabled`: the header's search box and the search page.
    pub search: bool,
    /// `[output.html] additional-css`: site-relative URLs of style sheets to add after the
    /// theme's.
    pub additional_css: Vec<String>,
    /// `[output.html] additional-js`: site-relative URLs of scripts to add to every page.
    pub additional_js: Vec<String>,
}

/// An entry of the main navigation.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    /// Label, in the site's language.
    pub title: String,
    /// Its translation key (`nav.goals`): `t(key=item.key)` is the label in the page's
    /// language, for a page whose `lang:` differs from the site's.
    pub key: String,
    /// Site-relative URL.
    pub url: String,
    /// The section key (`goals`), compared with `section` to mark the current one.
    pub section: String,
}

/// A link to a page.
#[derive(Debug, Clone, Serialize)]
pub struct LinkCtx {
    /// Title.
    pub title: String,
    /// Site-relative URL.
    pub url: String,
    /// Kind name (`goal`).
    pub kind: String,
    /// Kind label (`Goal`).
    pub kind_label: String,
    /// Summary, if any.
    pub summary: Option<String>,
}

/// A tag link.
#[derive(Debug, Clone, Serialize)]
pub struct TagLink {
    /// As written.
    pub name: String,
    /// Site-relative URL of the tag page.
    pub url: String,
}

/// An entry of the sidebar or the contents page.
#[derive(Debug, Clone, Serialize)]
pub struct TocCtx {
    /// `link`, `part` or `separator`.
    pub kind: EntryKind,
    /// Title.
    pub title: String,
    /// URL, `None` for drafts, parts and separators.
    pub url: Option<String>,
    /// Section number.
    pub number: Option<String>,
    /// Nesting depth.
    pub depth: usize,
}

/// The goal fields of a goal page or goal row.
#[derive(Debug, Clone, Serialize)]
pub struct GoalCtx {
    /// `G1.2`.
    pub id: Option<String>,
    /// `active`.
    pub status: String,
    /// `Active`.
    pub status_label: String,
    /// The accountable owner.
    pub owner: Option<OwnerRef>,
    /// Contributing owners.
    pub contributors: Vec<OwnerRef>,
    /// Area key.
    pub area: Option<String>,
    /// Area label.
    pub area_label: Option<String>,
    /// Anchor of the area's section in the goals index.
    pub area_anchor: Option<String>,
    /// Target date (`2025-12-31`).
    pub target: Option<String>,
    /// Progress percent.
    pub progress: Option<u8>,
    /// Indicators with formatted values.
    pub indicators: Vec<IndicatorCtx>,
    /// Linked chapters.
    pub chapters: Vec<LinkCtx>,
    /// Linked case studies (the goal's own list and case studies that name the goal).
    pub case_studies: Vec<LinkCtx>,
    /// Date of the last review.
    pub review: Option<String>,
    /// Accountability state: overdue, stale, last touched, review period.
    pub state: Option<crate::model::goals::GoalState>,
}

/// An owner as referenced from a goal.
#[derive(Debug, Clone, Serialize)]
pub struct OwnerRef {
    /// Owner title (or the slug when the owner page is missing).
    pub title: String,
    /// Slug.
    pub slug: String,
    /// Site-relative URL, `None` when there is no owner page.
    pub url: Option<String>,
}

/// An indicator row.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorCtx {
    /// Name.
    pub name: String,
    /// Formatted baseline (`55 %`), empty when unknown.
    pub baseline: String,
    /// Formatted target.
    pub target: String,
    /// Formatted current value.
    pub current: String,
    /// Unit.
    pub unit: String,
    /// When the current value was measured.
    pub as_of: Option<String>,
    /// The target is below the baseline (lower is better): the chart runs from the baseline
    /// on the left towards the target on the right all the same, and says so.
    pub decreasing: bool,
    /// The current value has reached or passed the target.
    pub exceeded: bool,
    /// Inline SVG chart (baseline → current → target), when two values are known.
    pub chart: Option<String>,
}

/// The case-study fields.
#[derive(Debug, Clone, Serialize)]
pub struct CaseStudyCtx {
    /// Country.
    pub country: Option<String>,
    /// Organisation.
    pub organisation: Option<String>,
    /// Year.
    pub year: Option<i64>,
    /// Goals the case informs (its own list and goals that name it).
    pub goals: Vec<GoalRow>,
}

/// The owner fields.
#[derive(Debug, Clone, Serialize)]
pub struct OwnerCtx {
    /// `agency`.
    #[serde(rename = "type")]
    pub owner_type: Option<String>,
    /// Handles.
    pub handles: Vec<String>,
    /// Web site.
    pub website: Option<String>,
    /// Contact.
    pub contact: Option<String>,
    /// A link for the contact: `mailto:` for an e-mail address, the address itself for a web
    /// page (`http`/`https`); `None` for anything else, which is shown as text.
    pub contact_url: Option<String>,
    /// Goals this owner is accountable for.
    pub goals_owned: Vec<GoalRow>,
    /// Goals it contributes to.
    pub goals_contributed: Vec<GoalRow>,
    /// Pages of any kind it owns that are due for review, most overdue first.
    pub due_for_review: Vec<ReviewRow>,
}

/// A goal in a list or table.
#[derive(Debug, Clone, Serialize)]
pub struct GoalRow {
    /// Title.
    pub title: String,
    /// URL.
    pub url: String,
    /// Id.
    pub id: Option<String>,
    /// Status key.
    pub status: String,
    /// Status label.
    pub status_label: String,
    /// Owner.
    pub owner: Option<OwnerRef>,
    /// Area label.
    pub area_label: Option<String>,
    /// Target date.
    pub target: Option<String>,
    /// Progress.
    pub progress: Option<u8>,
    /// Past its target date and not achieved or dropped.
    pub overdue: bool,
    /// Not touched within its review period.
    pub stale: bool,
}

/// An owner of a page, for the "Owned by" line.
#[derive(Debug, Clone, Serialize)]
pub struct PageOwnerCtx {
    /// Owner title, or the handle when no owner page defines it.
    pub title: String,
    /// The slug or handle as written.
    pub name: String,
    /// The owner page, if any.
    pub url: Option<String>,
    /// `front matter` or `CODEOWNERS line N`.
    pub via: String,
}

/// `page` of a history page (`history.html`): what it shows of the page whose history it is.
///
/// Not the whole [`PageCtx`]: a history page is the same in every edition where the page's
/// history, title and place are, even when its text, links or goal state differ, and with
/// several versions it is then rendered once for all of them.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryPageCtx<'a> {
    /// Title.
    pub title: &'a str,
    /// Kind name.
    pub kind: &'static str,
    /// Kind label, in the page's language.
    pub kind_label: &'a str,
    /// Site-relative URL of the page.
    pub url: &'a str,
    /// Summary, if any.
    pub summary: Option<&'a str>,
    /// Path of the Markdown file in the content folder.
    pub source_path: &'a str,
    /// "Propose a change" link on the forge.
    pub edit_url: &'a Option<String>,
    /// Link to the file on the forge.
    pub source_url: &'a Option<String>,
    /// The way from the home page.
    pub breadcrumbs: &'a [LinkCtx],
    /// Last change, creation and contributors.
    pub history: &'a Option<super::revisions::HistorySummary>,
    /// Who owns the page.
    pub owners: &'a [PageOwnerCtx],
}

impl<'a> HistoryPageCtx<'a> {
    /// The part of `page` its history page shows.
    pub fn of(page: &'a PageCtx<'a>) -> Self {
        HistoryPageCtx {
            title: page.title,
            kind: page.kind,
            kind_label: &page.kind_label,
            url: page.url,
            summary: page.summary,
            source_path: page.source_path,
            edit_url: &page.edit_url,
            source_url: &page.source_url,
            breadcrumbs: &page.breadcrumbs,
            history: &page.history,
            owners: &page.owners,
        }
    }
}

/// `page`: the page being rendered.
#[derive(Debug, Clone, Serialize)]
pub struct PageCtx<'a> {
    /// Title.
    pub title: &'a str,
    /// The whole HTML `<title>` when the page sets it (mdBook's `{{#title}}`).
    pub html_title: Option<&'a str>,
    /// Kind name.
    pub kind: &'static str,
    /// Kind label, in the page's language.
    pub kind_label: String,
    /// Site-relative URL.
    pub url: &'a str,
    /// Summary.
    pub summary: Option<&'a str>,
    /// Tags.
    pub tags: Vec<TagLink>,
    /// The rendered Markdown body.
    pub content: &'a str,
    /// Headings of level 2 and 3, for the table of contents.
    pub toc: Vec<&'a Heading>,
    /// SUMMARY.md number.
    pub number: Option<&'a str>,
    /// Path of the source file relative to the content folder.
    pub source_path: &'a str,
    /// Edit link ("Propose a change to this page").
    pub edit_url: Option<String>,
    /// The source file on the forge.
    pub source_url: Option<String>,
    /// Previous page in reading order.
    pub prev: Option<LinkCtx>,
    /// Next page in reading order.
    pub next: Option<LinkCtx>,
    /// Pages linking here (at most `list-limit`).
    pub backlinks: Vec<LinkCtx>,
    /// How many more backlinks there are.
    pub backlinks_more: usize,
    /// Breadcrumbs from the home page to the parent.
    pub breadcrumbs: Vec<LinkCtx>,
    /// Unknown front-matter keys.
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    /// Goal fields (goals only).
    pub goal: Option<GoalCtx>,
    /// Case-study fields.
    pub case_study: Option<CaseStudyCtx>,
    /// Owner fields.
    pub owner: Option<OwnerCtx>,
    /// Goals that name this chapter.
    pub chapter_goals: Vec<GoalRow>,
    /// Change history summary, when the wiki is in git.
    pub history: Option<super::revisions::HistorySummary>,
    /// The page's owners: front matter, else CODEOWNERS.
    pub owners: Vec<PageOwnerCtx>,
    /// The newest changes to this page (goals), from history.
    pub recent_changes: Vec<super::revisions::RevisionCtx>,
    /// For owner pages: the dashboard filtered to this owner (filled by the renderer).
    pub dashboard: Option<DashboardCtx>,
    /// The page's review state, when it has a review period (`review-every`, or a default):
    /// `review.due` says it is due for review.
    pub review: Option<&'a crate::model::reviews::ReviewState>,
}

/// A page due for review, as the dashboard and owner pages list it (any kind of page).
#[derive(Debug, Clone, Serialize)]
pub struct ReviewRow {
    /// Title.
    pub title: String,
    /// Site-relative URL.
    pub url: String,
    /// Kind name (`chapter`).
    pub kind: String,
    /// Kind label (`Chapter`).
    pub kind_label: String,
    /// Its owners (front matter, else CODEOWNERS).
    pub owners: Vec<PageOwnerCtx>,
    /// The later of its `review` date and the last commit that changed what it says.
    pub last_reviewed: Option<String>,
    /// In a shallow clone: reviewed before this date, where the history starts.
    pub reviewed_before: Option<String>,
    /// The review period (`6 months`).
    pub review_every: String,
    /// When the review was due.
    pub due_on: Option<String>,
    /// Days since it was due.
    pub days_overdue: i64,
}

/// A count with its label: a row of the dashboard's bar charts (HTML tables drawn as bars).
#[derive(Debug, Clone, Serialize)]
pub struct CountCtx {
    /// Label.
    pub label: String,
    /// Key (status name or area anchor).
    pub key: String,
    /// Count.
    pub count: usize,
    /// The bar's length: the count as a percentage of the dashboard's shared scale
    /// ([`DashboardCtx::ticks`]), so the status and area charts can be compared.
    pub share: f64,
}

/// A mark on a chart's axis.
#[derive(Debug, Clone, Serialize)]
pub struct TickCtx {
    /// The value, formatted for the wiki's language.
    pub label: String,
    /// Where it sits, as a percentage of the axis.
    pub at: f64,
}

/// One row of the owner × area matrix.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixRow {
    /// The owner (or "No owner").
    pub owner: LinkCtx,
    /// Goals owned per area, in the order of `areas`.
    pub cells: Vec<usize>,
    /// Total goals owned.
    pub total: usize,
}

/// The owner × area matrix.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixCtx {
    /// Area labels (column headers).
    pub areas: Vec<String>,
    /// Rows, owners by name.
    pub rows: Vec<MatrixRow>,
}

/// Everything the dashboard shows.
#[derive(Debug, Clone, Serialize)]
pub struct DashboardCtx {
    /// Number of goals.
    pub total: usize,
    /// SVG chart of goals by status (the default theme draws `by_status` as bars instead: an
    /// HTML table whose text stays readable on a phone and whose links work).
    pub status_chart: String,
    /// Goals by status, each with its bar's length.
    pub by_status: Vec<CountCtx>,
    /// SVG chart of goals by area (see `status_chart`).
    pub area_chart: String,
    /// Goals by area, each with its bar's length.
    pub by_area: Vec<CountCtx>,
    /// The axis both charts share: 0 to a round number at least the largest count.
    pub ticks: Vec<TickCtx>,
    /// Owner × area (site dashboard only).
    pub matrix: Option<MatrixCtx>,
    /// Goals without an owner page behind their owner.
    pub unowned: Vec<GoalRow>,
    /// Overdue goals.
    pub overdue: Vec<GoalRow>,
    /// Stale goals.
    pub stale: Vec<GoalRow>,
    /// Goals that name no chapter.
    pub no_chapter: Vec<GoalRow>,
    /// Owners with no goals, owned or contributed (site dashboard only).
    pub idle_owners: Vec<LinkCtx>,
    /// The date goals were judged against, in an older edition (its own date): overdue and
    /// stale then mean "on that date".
    pub as_of: Option<String>,
    /// Pages of every kind due for review, most overdue first (on the site's dashboard only).
    pub due_for_review: Vec<ReviewRow>,
}
