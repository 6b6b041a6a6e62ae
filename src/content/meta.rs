//! Typed front matter for each kind of page.
//!
//! Fields are read one by one from the YAML mapping rather than through `#[derive(Deserialize)]`:
//! that way every wrong value gets a message in the contributor's terms ("`status` must be one of
//! ...") with the file line of that very value, and keys stratwiki does not know are kept for
//! templates as `extra` instead of failing the build.

use jiff::civil::Date;
use serde::Serialize;
use serde_yaml::Value;

use super::frontmatter::FrontMatter;
use super::{Kind, default_slug, title_from_file_name};
use crate::diagnostics::Diagnostic;
use crate::period::parse_period;

/// The lifecycle of a goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GoalStatus {
    /// Suggested, not yet agreed.
    Proposed,
    /// Agreed and being worked on.
    Active,
    /// Done.
    Achieved,
    /// On hold.
    Paused,
    /// Abandoned.
    Dropped,
}

impl GoalStatus {
    /// Every status in lifecycle order.
    pub const ALL: [GoalStatus; 5] = [
        GoalStatus::Proposed,
        GoalStatus::Active,
        GoalStatus::Achieved,
        GoalStatus::Paused,
        GoalStatus::Dropped,
    ];

    /// The front-matter spelling.
    pub fn name(self) -> &'static str {
        match self {
            GoalStatus::Proposed => "proposed",
            GoalStatus::Active => "active",
            GoalStatus::Achieved => "achieved",
            GoalStatus::Paused => "paused",
            GoalStatus::Dropped => "dropped",
        }
    }

    /// Parse the front-matter spelling.
    pub fn parse(s: &str) -> Option<GoalStatus> {
        GoalStatus::ALL
            .into_iter()
            .find(|g| g.name().eq_ignore_ascii_case(s.trim()))
    }
}

/// A measurable indicator of a goal's progress.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    /// What is measured.
    pub name: String,
    /// The value when the goal was set.
    pub baseline: Option<f64>,
    /// The value the goal aims for.
    pub target: Option<f64>,
    /// The latest value.
    pub current: Option<f64>,
    /// Unit shown after values (`%`, `agencies`).
    pub unit: Option<String>,
    /// When `current` was measured.
    #[serde(rename = "as-of", serialize_with = "ser_date")]
    pub as_of: Option<Date>,
}

/// Front matter specific to goals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalMeta {
    /// A stable identifier such as `G1.2`, unique across goals.
    pub id: Option<String>,
    /// Slug of the accountable owner.
    pub owner: Option<String>,
    /// Slugs of contributing owners.
    pub contributors: Vec<String>,
    /// Lifecycle status (default `proposed`).
    pub status: GoalStatus,
    /// The strategy area the goal belongs to.
    pub area: Option<String>,
    /// Target date.
    #[serde(serialize_with = "ser_date")]
    pub target: Option<Date>,
    /// Progress in percent, 0–100.
    pub progress: Option<u8>,
    /// Indicators.
    pub indicators: Vec<Indicator>,
    /// Slugs of the chapters that motivate the goal.
    pub chapters: Vec<String>,
    /// Slugs of related case studies.
    pub case_studies: Vec<String>,
    /// Date of the last review.
    #[serde(serialize_with = "ser_date")]
    pub review: Option<Date>,
    /// How often the goal must be reviewed (`6 months`); `None` uses `[wiki.goals] review-every`.
    pub review_every: Option<String>,
}

fn ser_date<S: serde::Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&d.to_string()),
        None => s.serialize_none(),
    }
}

/// Front matter specific to case studies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseStudyMeta {
    /// The country the case comes from.
    pub country: Option<String>,
    /// The organisation behind it.
    pub organisation: Option<String>,
    /// Year of the case.
    pub year: Option<i64>,
    /// Slugs of the goals the case informs.
    pub goals: Vec<String>,
}

/// Front matter specific to owners.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OwnerMeta {
    /// `ministry`, `agency`, `council`, `team`, `person`, ... (free text).
    #[serde(rename = "type")]
    pub owner_type: Option<String>,
    /// Names the owner goes by in CODEOWNERS and git (`@org/team`, emails).
    pub handles: Vec<String>,
    /// Public web site.
    pub website: Option<String>,
    /// Contact address.
    pub contact: Option<String>,
}

/// A reference from this page's front matter to another page by slug, kept with its position
/// so the model can report one that points nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    /// The kind the slug must belong to.
    pub target: Kind,
    /// The slug.
    pub slug: String,
    /// The front-matter key it came from.
    pub field: &'static str,
    /// File line and column of the value.
    pub pos: (usize, usize),
}

/// Front matter common to every page, plus the kind-specific part.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meta {
    /// Title: front matter, else the first `#` heading, else the file name.
    pub title: String,
    /// URL slug: front matter, else the file name.
    pub slug: String,
    /// Ordering weight when there is no SUMMARY.md (lower first). Any number, as Hugo and
    /// Jekyll handbooks write them (`40.5` between `40` and `41`).
    pub weight: Option<f64>,
    /// Tags; each gets a page listing its pages.
    pub tags: Vec<String>,
    /// One-sentence summary for indexes and meta descriptions.
    pub summary: Option<String>,
    /// Drafts are left out of the build unless `[wiki] drafts = true`.
    pub draft: bool,
    /// Owners named in front matter (`owners`, or `owner` on pages that are not goals): owner
    /// slugs or handles. Empty: CODEOWNERS decides.
    pub owners: Vec<String>,
    /// `lang`: the page's language when it is not the wiki's (`<html lang>`, `dir`).
    pub lang: Option<String>,
    /// `translation-of`: the page this one translates (a content path in another language's
    /// folder, as Hugo's `translationKey` links pages; see `crate::languages`).
    pub translation_of: Option<String>,
    /// Keys stratwiki does not know, for templates.
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Goal fields, for goals.
    pub goal: Option<GoalMeta>,
    /// Case-study fields, for case studies.
    pub case_study: Option<CaseStudyMeta>,
    /// Owner fields, for owners.
    pub owner: Option<OwnerMeta>,
    /// References to other pages, for validation.
    #[serde(skip)]
    pub refs: Vec<Ref>,
    /// File position of the `slug` key, or of the goal `id`, for duplicate reports.
    #[serde(skip)]
    pub slug_pos: (usize, usize),
    /// File position of the goal `id` value.
    #[serde(skip)]
    pub id_pos: (usize, usize),
    /// File position of the `owners` (or `owner`) value of a page that is not a goal.
    #[serde(skip)]
    pub owners_pos: Option<(usize, usize)>,
    /// Date of the page's last review (`review`), on any kind of page: with a review period,
    /// the page is due for review when neither this date nor a change to what it says is
    /// recent enough (see `model::reviews`). A goal's copy is [`GoalMeta::review`].
    #[serde(serialize_with = "ser_date")]
    pub review: Option<Date>,
    /// How often the page must be reviewed (`review-every`, `6 months`), on any kind of page.
    #[serde(rename = "review-every")]
    pub review_every: Option<String>,
}

const COMMON_KEYS: &[&str] = &[
    "title",
    "slug",
    "weight",
    "tags",
    "summary",
    "draft",
    "kind",
    "owners",
    "review",
    "review-every",
];
/// Read as fields and kept in `extra` too, where themes read a page's language
/// (`page.extra.lang`) as before.
#[cfg(test)]
const LANGUAGE_KEYS: &[&str] = &["lang", "translation-of"];
const GOAL_KEYS: &[&str] = &[
    "id",
    "owner",
    "contributors",
    "status",
    "area",
    "target",
    "progress",
    "indicators",
    "chapters",
    "case-studies",
];
const CASE_KEYS: &[&str] = &["country", "organisation", "year", "goals"];
const OWNER_KEYS: &[&str] = &["type", "handles", "website", "contact"];

/// Every field any kind of page reads, for the test that keeps `config`'s list of the fields
/// aliases may name equal to it.
#[cfg(test)]
pub(super) fn all_fields() -> Vec<&'static str> {
    [COMMON_KEYS, LANGUAGE_KEYS, GOAL_KEYS, CASE_KEYS, OWNER_KEYS].concat()
}

/// Reads typed fields out of a front-matter block, collecting diagnostics.
struct Reader<'a, 'b> {
    fm: Option<&'b FrontMatter<'a>>,
    diags: Vec<Diagnostic>,
}

impl Reader<'_, '_> {
    fn get(&self, key: &str) -> Option<&Value> {
        self.fm
            .and_then(|f| f.get(key))
            .filter(|v| !matches!(v, Value::Null))
    }

    fn pos(&self, key: &str, item: Option<&str>) -> (usize, usize) {
        self.fm.map(|f| f.value_pos(key, item)).unwrap_or((1, 1))
    }

    fn error(&mut self, key: &str, msg: String) {
        let pos = self.pos(key, None);
        self.diags
            .push(Diagnostic::error("front-matter", msg).at(pos.0, pos.1));
    }

    fn string(&mut self, key: &str) -> Option<String> {
        match self.get(key)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => {
                self.error(key, format!("`{key}` must be text"));
                None
            }
        }
    }

    fn int(&mut self, key: &str) -> Option<i64> {
        match self.get(key)? {
            Value::Number(n) if n.as_i64().is_some() => n.as_i64(),
            Value::String(s) if s.trim().parse::<i64>().is_ok() => s.trim().parse().ok(),
            _ => {
                self.error(key, format!("`{key}` must be a whole number"));
                None
            }
        }
    }

    /// Any finite number (a weight orders; whole or not does not matter).
    fn weight(&mut self, key: &str) -> Option<f64> {
        let n = match self.get(key)? {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse::<f64>().ok(),
            _ => None,
        };
        let n = n.filter(|n| n.is_finite());
        if n.is_none() {
            self.error(key, format!("`{key}` must be a number"));
        }
        n
    }

    fn bool(&mut self, key: &str) -> bool {
        match self.get(key) {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                self.error(key, format!("`{key}` must be `true` or `false`"));
                false
            }
        }
    }

    /// A list of strings; a single string is accepted as a list of one.
    fn list(&mut self, key: &str) -> Vec<String> {
        match self.get(key) {
            None => Vec::new(),
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Sequence(items)) => {
                let mut out = Vec::new();
                let mut bad = false;
                for item in items {
                    match item {
                        Value::String(s) => out.push(s.clone()),
                        Value::Number(n) => out.push(n.to_string()),
                        _ => bad = true,
                    }
                }
                if bad {
                    self.error(key, format!("`{key}` must be a list of text values"));
                }
                out
            }
            Some(_) => {
                self.error(key, format!("`{key}` must be a list, like `{key}: [a, b]`"));
                Vec::new()
            }
        }
    }

    fn number(&mut self, key: &str, v: &Value, field: &str) -> Option<f64> {
        match v {
            Value::Null => None,
            Value::Number(n) => n.as_f64(),
            Value::String(s) if s.trim().parse::<f64>().is_ok() => s.trim().parse().ok(),
            _ => {
                self.error(key, format!("indicator `{field}` must be a number"));
                None
            }
        }
    }

    fn refs(&mut self, key: &'static str, target: Kind, out: &mut Vec<Ref>) -> Vec<String> {
        let slugs = self.list(key);
        for s in &slugs {
            out.push(Ref {
                target,
                slug: s.clone(),
                field: key,
                pos: self.pos(key, Some(s)),
            });
        }
        slugs
    }
}

/// Parse the typed front matter of the file at `path` (content-relative). Returns the metadata,
/// the kind (from `kind:` or the folder) and diagnostics without a file name (the caller adds it).
pub fn parse_meta(
    path: &str,
    fm: Option<&FrontMatter<'_>>,
    body: &str,
) -> (Meta, Kind, Vec<Diagnostic>) {
    let mut r = Reader {
        fm,
        diags: Vec::new(),
    };
    let mut kind = Kind::from_path(path);
    if let Some(k) = r.string("kind") {
        match Kind::from_name(&k) {
            Some(k) => kind = k,
            None => r.error(
                "kind",
                format!("unknown kind `{k}`: use chapter, goal, case-study, owner or page"),
            ),
        }
    }
    // Character references (`&mdash;`) in front-matter text are decoded for display.
    let decode = |t: String| crate::markdown::decode_entities(&t);
    let title = r
        .string("title")
        .filter(|t| !t.trim().is_empty())
        .map(decode)
        .or_else(|| first_heading(body))
        .unwrap_or_else(|| title_from_file_name(path));
    let slug = match r.string("slug") {
        Some(s) => {
            let clean = crate::text::slugify(&s);
            if clean.is_empty() {
                r.error("slug", format!("`slug` `{s}` has no letters or digits"));
                default_slug(path)
            } else {
                clean
            }
        }
        None => default_slug(path),
    };
    let slug_pos = if fm.is_some_and(|f| f.get("slug").is_some()) {
        r.pos("slug", None)
    } else {
        (1, 1)
    };
    let weight = r.weight("weight");
    let tags = r.list("tags");
    let summary = r.string("summary").map(decode);
    let draft = r.bool("draft");
    let lang = r.string("lang").and_then(|l| {
        let l = l.trim().replace('_', "-");
        if crate::config::is_language_tag(&l) {
            Some(l)
        } else {
            r.error(
                "lang",
                format!("`lang` must be a language code such as `fr` or `en-GB` (found `{l}`)"),
            );
            None
        }
    });
    let translation_of = r
        .string("translation-of")
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    let mut refs = Vec::new();
    let mut id_pos = (1, 1);
    let mut owners = r.list("owners");
    let mut owners_pos = (!owners.is_empty()).then(|| r.pos("owners", None));
    if kind != Kind::Goal
        && let Some(o) = r.string("owner")
    {
        owners_pos = Some(r.pos("owner", None));
        owners.insert(0, o);
    }

    let review = r.string("review").and_then(|s| match parse_date(&s) {
        Some(d) => Some(d),
        None => {
            r.error(
                "review",
                format!("`review` must be a date like 2025-12-31 (found `{s}`)"),
            );
            None
        }
    });
    let review_every = r.string("review-every").filter(|s| {
        let ok = parse_period(s).is_some();
        if !ok {
            r.error(
                "review-every",
                format!("`review-every` must be a period like `6 months`, `1 year` or `90 days` (found `{s}`)"),
            );
        }
        ok
    });
    let goal = (kind == Kind::Goal).then(|| {
        let id = r.string("id");
        if id.is_some() {
            id_pos = r.pos("id", None);
        }
        let owner = r.string("owner");
        if let Some(o) = &owner {
            refs.push(Ref {
                target: Kind::Owner,
                slug: o.clone(),
                field: "owner",
                pos: r.pos("owner", None),
            });
        }
        let contributors = r.refs("contributors", Kind::Owner, &mut refs);
        let status = match r.string("status") {
            None => GoalStatus::Proposed,
            Some(s) => GoalStatus::parse(&s).unwrap_or_else(|| {
                r.error(
                    "status",
                    format!(
                        "`status` must be one of proposed, active, achieved, paused, dropped (found `{s}`)"
                    ),
                );
                GoalStatus::Proposed
            }),
        };
        let area = r.string("area");
        let target = r.string("target").and_then(|s| match parse_date(&s) {
            Some(d) => Some(d),
            None => {
                r.error(
                    "target",
                    format!("`target` must be a date like 2025-12-31 (found `{s}`)"),
                );
                None
            }
        });
        let progress = r.int("progress").and_then(|p| {
            if (0..=100).contains(&p) {
                Some(p as u8)
            } else {
                r.error(
                    "progress",
                    format!("`progress` must be between 0 and 100 (found {p})"),
                );
                None
            }
        });
        let indicators = parse_indicators(&mut r);
        let chapters = r.refs("chapters", Kind::Chapter, &mut refs);
        let case_studies = r.refs("case-studies", Kind::CaseStudy, &mut refs);
        GoalMeta {
            review,
            review_every: review_every.clone(),
            id,
            owner,
            contributors,
            status,
            area,
            target,
            progress,
            indicators,
            chapters,
            case_studies,
        }
    });
    let case_study = (kind == Kind::CaseStudy).then(|| CaseStudyMeta {
        country: r.string("country"),
        organisation: r.string("organisation"),
        year: r.int("year"),
        goals: r.refs("goals", Kind::Goal, &mut refs),
    });
    let owner = (kind == Kind::Owner).then(|| OwnerMeta {
        owner_type: r.string("type"),
        handles: r.list("handles"),
        website: r.string("website").filter(|w| {
            let ok = w.starts_with("https://") || w.starts_with("http://");
            if !ok {
                r.error(
                    "website",
                    format!("`website` must be an http or https address (found `{w}`)"),
                );
            }
            ok
        }),
        contact: r.string("contact"),
    });

    let kind_keys: &[&str] = match kind {
        Kind::Goal => GOAL_KEYS,
        Kind::CaseStudy => CASE_KEYS,
        Kind::Owner => OWNER_KEYS,
        _ => &[],
    };
    let mut extra = serde_json::Map::new();
    if let Some(fm) = fm {
        for (k, v) in &fm.map {
            let Some(k) = k.as_str() else { continue };
            if COMMON_KEYS.contains(&k)
                || kind_keys.contains(&k)
                || (k == "owner" && kind != Kind::Goal)
            {
                continue;
            }
            if let Ok(j) = serde_json::to_value(v) {
                extra.insert(k.to_string(), j);
            }
        }
    }
    let meta = Meta {
        title,
        slug,
        weight,
        tags,
        summary,
        draft,
        owners,
        lang,
        translation_of,
        extra,
        goal,
        case_study,
        owner,
        refs,
        slug_pos,
        id_pos,
        owners_pos,
        review,
        review_every,
    };
    (meta, kind, r.diags)
}

fn parse_indicators(r: &mut Reader<'_, '_>) -> Vec<Indicator> {
    let Some(v) = r.get("indicators").cloned() else {
        return Vec::new();
    };
    let Value::Sequence(items) = v else {
        r.error(
            "indicators",
            "`indicators` must be a list of entries with name, baseline, target, current, unit"
                .into(),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let Value::Mapping(m) = item else {
            r.error(
                "indicators",
                "each indicator must be a mapping with at least `name`".into(),
            );
            continue;
        };
        let get = |k: &str| m.get(k).cloned().unwrap_or(Value::Null);
        let name = match get("name") {
            Value::String(s) => s,
            _ => {
                r.error("indicators", "each indicator needs a `name`".into());
                continue;
            }
        };
        let baseline = r.number("indicators", &get("baseline"), "baseline");
        let target = r.number("indicators", &get("target"), "target");
        let current = r.number("indicators", &get("current"), "current");
        let unit = match get("unit") {
            Value::String(s) => Some(s),
            Value::Null => None,
            other => Some(
                serde_yaml::to_string(&other)
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
            ),
        };
        let as_of = match get("as-of") {
            Value::Null => None,
            Value::String(d) => match parse_date(&d) {
                Some(d) => Some(d),
                None => {
                    r.error(
                        "indicators",
                        format!("indicator `as-of` must be a date like 2025-12-31 (found `{d}`)"),
                    );
                    None
                }
            },
            _ => {
                r.error(
                    "indicators",
                    "indicator `as-of` must be a date like 2025-12-31".into(),
                );
                None
            }
        };
        out.push(Indicator {
            as_of,
            name,
            baseline,
            target,
            current,
            unit,
        });
    }
    out
}

/// Parse a `YYYY-MM-DD` date.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if s.len() != 10 {
        return None;
    }
    s.parse::<Date>().ok()
}

/// The text of the first level-1 heading (`# Title` or a setext `Title\n===`), as the Markdown
/// renderer will produce it (smart punctuation, entities decoded, emphasis markers gone), so the
/// renderer recognises it as the title and does not repeat it.
fn first_heading(body: &str) -> Option<String> {
    use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
    let mut inside = false;
    let mut text = String::new();
    for event in Parser::new_ext(body, crate::markdown::options()) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => inside = true,
            Event::End(TagEnd::Heading(HeadingLevel::H1)) if inside => {
                if !text.trim().is_empty() {
                    return Some(text.trim().to_string());
                }
                inside = false;
                text.clear();
            }
            Event::Text(t) | Event::Code(t) if inside => text.push_str(&t),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(path: &str, yaml: &str) -> (Meta, Kind, Vec<Diagnostic>) {
        let fm = FrontMatter::parse(yaml, 2).unwrap();
        parse_meta(path, Some(&fm), "")
    }

    #[test]
    fn goal_fields() {
        let (m, k, d) = meta(
            "goals/eid.md",
            "title: eID\nid: G1.1\nowner: digg\ncontributors: [esam]\nstatus: active\narea: infrastructure\ntarget: 2025-12-31\nprogress: 40\nindicators:\n  - name: Share\n    baseline: 10\n    target: 100\n    current: 40\n    unit: '%'\nchapters: [one]\ncase-studies: [two]\ncolour: red\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(k, Kind::Goal);
        let g = m.goal.unwrap();
        assert_eq!(g.status, GoalStatus::Active);
        assert_eq!(g.target.unwrap().to_string(), "2025-12-31");
        assert_eq!(g.indicators[0].current, Some(40.0));
        assert_eq!(g.indicators[0].unit.as_deref(), Some("%"));
        assert_eq!(m.extra["colour"], "red");
        let fields: Vec<_> = m
            .refs
            .iter()
            .map(|r| (r.field, r.slug.as_str(), r.pos))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("owner", "digg", (4, 8)),
                ("contributors", "esam", (5, 16)),
                ("chapters", "one", (16, 12)),
                ("case-studies", "two", (17, 16)),
            ]
        );
    }

    #[test]
    fn bad_values_point_at_their_line() {
        let (_, _, d) = meta(
            "goals/x.md",
            "title: X\nstatus: done\ntarget: 31/12/2025\nprogress: 140\n",
        );
        let got: Vec<_> = d
            .iter()
            .map(|d| (d.line.unwrap(), d.message.as_str()))
            .collect();
        assert_eq!(got[0].0, 3);
        assert!(got[0].1.contains("found `done`"));
        assert_eq!(got[1].0, 4);
        assert!(got[1].1.contains("date"));
        assert_eq!(got[2].0, 5);
        assert!(got[2].1.contains("between 0 and 100"));
    }

    #[test]
    fn kind_key_overrides_folder() {
        let (m, k, d) = meta("misc/x.md", "kind: owner\ntype: agency\nhandles: '@a/b'\n");
        assert!(d.is_empty());
        assert_eq!(k, Kind::Owner);
        assert_eq!(m.owner.unwrap().handles, vec!["@a/b"]);
    }
}
