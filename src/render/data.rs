//! `goals.json` and `owners.json`: the strategy as open data, for other tools and portals.
//!
//! Field names are stable (kebab-case where front matter is, snake_case nowhere); the `schema`
//! number changes only when a field changes meaning or disappears. README.md documents both.

use serde::Serialize;

use super::context::Contexts;
use crate::content::Kind;
use crate::history::{History, date};

/// The schema version of both files.
pub const SCHEMA: u32 = 1;

#[derive(Serialize)]
struct GoalsFile<'a> {
    schema: u32,
    generator: String,
    site: &'a str,
    goals: Vec<GoalJson<'a>>,
}

#[derive(Serialize)]
struct OwnerLink {
    slug: String,
    title: String,
    url: Option<String>,
}

#[derive(Serialize)]
struct IndicatorJson {
    name: String,
    baseline: Option<f64>,
    current: Option<f64>,
    target: Option<f64>,
    unit: Option<String>,
    #[serde(rename = "as-of")]
    as_of: Option<String>,
}

#[derive(Serialize)]
struct ChangeJson {
    date: String,
    author: String,
    commit: String,
    summary: String,
}

#[derive(Serialize)]
struct GoalJson<'a> {
    id: Option<String>,
    slug: String,
    title: String,
    summary: Option<String>,
    url: String,
    source: String,
    status: String,
    area: Option<String>,
    owner: Option<OwnerLink>,
    contributors: Vec<OwnerLink>,
    target: Option<String>,
    progress: Option<u8>,
    review: Option<String>,
    #[serde(rename = "review-every")]
    review_every: Option<String>,
    overdue: bool,
    stale: bool,
    indicators: Vec<IndicatorJson>,
    chapters: Vec<String>,
    #[serde(rename = "case-studies")]
    case_studies: Vec<String>,
    tags: Vec<String>,
    #[serde(rename = "last-change")]
    last_change: Option<ChangeJson>,
    /// Its values over time (`null` without a history): see `crate::history::series`.
    series: Option<&'a crate::history::series::GoalSeries>,
}

#[derive(Serialize)]
struct OwnersFile<'a> {
    schema: u32,
    generator: String,
    site: &'a str,
    owners: Vec<OwnerJson>,
}

#[derive(Serialize)]
struct OwnerJson {
    slug: String,
    title: String,
    #[serde(rename = "type")]
    owner_type: Option<String>,
    summary: Option<String>,
    url: String,
    handles: Vec<String>,
    website: Option<String>,
    contact: Option<String>,
    #[serde(rename = "goals-owned")]
    goals_owned: Vec<String>,
    #[serde(rename = "goals-contributed")]
    goals_contributed: Vec<String>,
}

fn absolute(site_url: Option<&str>, url: &str) -> String {
    format!("{}{url}", site_url.unwrap_or(""))
}

/// `goals.json` and `owners.json`, pretty-printed and deterministic.
pub fn files(
    cx: &Contexts<'_>,
    history: Option<&History>,
    site_url: Option<&str>,
) -> (String, String) {
    let site = cx.site;
    let generator = format!("stratwiki {}", env!("CARGO_PKG_VERSION"));
    let owner_link = |name: &str| match site.resolve_owner(name) {
        Some(i) => OwnerLink {
            slug: site.pages[i].slug().to_string(),
            title: site.pages[i].title().to_string(),
            url: Some(absolute(site_url, &site.pages[i].url)),
        },
        None => OwnerLink {
            slug: name.to_string(),
            title: name.to_string(),
            url: None,
        },
    };
    let goals: Vec<GoalJson> = site.by_kind[&Kind::Goal]
        .iter()
        .filter_map(|&i| {
            let p = &site.pages[i];
            let g = p.src.meta.goal.as_ref()?;
            let state = cx.state(i);
            let last_change = history.and_then(|h| {
                let r = h.page(&p.src.path)?.revisions.first()?;
                let c = &h.commits[r.commit];
                Some(ChangeJson {
                    date: date(c.time),
                    author: h.author_of(r).name.clone(),
                    commit: c.id.clone(),
                    summary: c.summary.clone(),
                })
            });
            Some(GoalJson {
                id: g.id.clone(),
                slug: p.slug().to_string(),
                title: p.title().to_string(),
                summary: p.src.meta.summary.clone(),
                url: absolute(site_url, &p.url),
                source: p.src.path.clone(),
                status: g.status.name().to_string(),
                area: g.area.clone(),
                owner: g.owner.as_deref().map(owner_link),
                contributors: g.contributors.iter().map(|c| owner_link(c)).collect(),
                target: g.target.map(|d| d.to_string()),
                progress: g.progress,
                review: g.review.map(|d| d.to_string()),
                review_every: state.map(|s| s.review_every.clone()),
                overdue: state.is_some_and(|s| s.overdue),
                stale: state.is_some_and(|s| s.stale),
                indicators: g
                    .indicators
                    .iter()
                    .map(|x| IndicatorJson {
                        name: x.name.clone(),
                        baseline: x.baseline,
                        current: x.current,
                        target: x.target,
                        unit: x.unit.clone(),
                        as_of: x.as_of.map(|d| d.to_string()),
                    })
                    .collect(),
                chapters: g.chapters.clone(),
                case_studies: g.case_studies.clone(),
                tags: p.src.meta.tags.clone(),
                last_change,
                series: history.and_then(|h| h.series.get(&p.src.path)),
            })
        })
        .collect();
    let site_str = site_url.unwrap_or("");
    let goals_file = GoalsFile {
        schema: SCHEMA,
        generator: generator.clone(),
        site: site_str,
        goals,
    };
    let owners: Vec<OwnerJson> = site.by_kind[&Kind::Owner]
        .iter()
        .filter_map(|&i| {
            let p = &site.pages[i];
            let o = p.src.meta.owner.as_ref()?;
            let (owned, contributed) = cx.goals_of(i);
            let slugs = |v: Vec<usize>| {
                v.into_iter()
                    .map(|g| site.pages[g].slug().to_string())
                    .collect()
            };
            Some(OwnerJson {
                slug: p.slug().to_string(),
                title: p.title().to_string(),
                owner_type: o.owner_type.clone(),
                summary: p.src.meta.summary.clone(),
                url: absolute(site_url, &p.url),
                handles: o.handles.clone(),
                website: o.website.clone(),
                contact: o.contact.clone(),
                goals_owned: slugs(owned),
                goals_contributed: slugs(contributed),
            })
        })
        .collect();
    let owners_file = OwnersFile {
        schema: SCHEMA,
        generator,
        site: site_str,
        owners,
    };
    let mut g = serde_json::to_string_pretty(&goals_file).expect("goals serialise");
    g.push('\n');
    let mut o = serde_json::to_string_pretty(&owners_file).expect("owners serialise");
    o.push('\n');
    (g, o)
}
