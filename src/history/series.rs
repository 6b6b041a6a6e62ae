//! Progress over time: for each goal, the series of its `progress`, `status`, `target` and each
//! indicator's `current` value, one point per commit that changed it, across renames.
//!
//! The history pass already lists every revision of every page with its blob ids; a series is
//! those revisions' front matter read in order. Reading a blob's front matter is the only work,
//! and it depends on nothing but the blob (and the kind its path gives it), so the values are
//! cached by blob id ([`SeriesCache`], `.stratwiki-cache/series.json`): a warm build parses
//! nothing. An edition's history ends at its own commit, so its series stop at its date.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::blobs::BlobReader;
use super::{History, PageHistory};
use crate::config::FrontMatterAliases;
use crate::content::Kind;

/// The most goals whose series are read (each read is bounded by the page size limit; this
/// bounds their number on a wiki of thousands of goals).
pub const MAX_GOALS: usize = 5_000;

/// The most revisions of one goal read for its series: the newest ones.
pub const MAX_REVISIONS: usize = 2_000;

/// The most blobs one build reads for the series (each bounded by the page size limit); past
/// it, the series use only values already cached, and the next build reads on.
pub const MAX_BLOB_READS: usize = 100_000;

/// What a goal's front matter said in one blob: the values the series follow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Values {
    /// `progress`, 0–100.
    pub progress: Option<u8>,
    /// `status` (its front-matter spelling).
    pub status: String,
    /// `target`, as `YYYY-MM-DD`.
    pub target: Option<String>,
    /// Each indicator's name and `current` value.
    pub indicators: Vec<(String, Option<f64>)>,
}

/// One point of a series: a value and the commit that set it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point<T> {
    /// The value from this commit on.
    pub value: T,
    /// When the commit reached the main line (seconds since the epoch).
    pub time: i64,
    /// The day, `YYYY-MM-DD` (UTC).
    pub date: String,
    /// Who is credited with the change (after `.mailmap`).
    pub author: String,
    /// The commit's full id.
    pub commit: String,
    /// The commit's summary line.
    pub summary: String,
}

impl Point<()> {
    /// This commit's point with `value`.
    fn with<T>(&self, value: T) -> Point<T> {
        Point {
            value,
            time: self.time,
            date: self.date.clone(),
            author: self.author.clone(),
            commit: self.commit.clone(),
            summary: self.summary.clone(),
        }
    }
}

/// The series of one indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorSeries {
    /// The indicator's name (as the newest revision spells it).
    pub name: String,
    /// Its `current` values, oldest first.
    pub points: Vec<Point<f64>>,
}

/// The series of one goal, each oldest first, one point per commit that changed the value.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct GoalSeries {
    /// `progress`.
    pub progress: Vec<Point<u8>>,
    /// `status`.
    pub status: Vec<Point<String>>,
    /// `target` dates (`YYYY-MM-DD`), for the strategy's overdue count over time.
    pub target: Vec<Point<String>>,
    /// Each indicator's `current`, in the order of the newest revision that has them.
    pub indicators: Vec<IndicatorSeries>,
}

/// Blob id (and the kind its path gave it) → the values its front matter holds (`None`: not a
/// goal, or not readable). Content-addressed, so it never goes stale.
#[derive(Debug, Default)]
pub struct SeriesCache {
    map: HashMap<String, Option<Values>>,
    /// Where it is saved (`None`: not kept).
    file: Option<PathBuf>,
    /// Entries added since it was read.
    added: usize,
    /// A fingerprint of the front-matter aliases the values were read with.
    aliases: String,
}

#[derive(Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    aliases: String,
    values: HashMap<String, Option<Values>>,
}

/// The most entries a cache file may hold (a file restored from elsewhere is untrusted).
const MAX_ENTRIES: usize = 1_000_000;
/// The largest cache file read.
const MAX_FILE: u64 = 64 * 1024 * 1024;

impl SeriesCache {
    /// The cache saved in `file` (empty when there is none, it cannot be read, or it was read
    /// with other front-matter aliases).
    pub fn load(file: Option<&Path>, aliases: &FrontMatterAliases) -> SeriesCache {
        let fp = format!("{aliases:?}");
        let map = file
            .filter(|f| std::fs::metadata(f).is_ok_and(|m| m.len() <= MAX_FILE))
            .and_then(|f| std::fs::read(f).ok())
            .and_then(|b| serde_json::from_slice::<CacheFile>(&b).ok())
            .filter(|c| c.version == 1 && c.aliases == fp && c.values.len() <= MAX_ENTRIES)
            .map(|c| c.values)
            .unwrap_or_default();
        SeriesCache {
            map,
            file: file.map(Path::to_path_buf),
            added: 0,
            aliases: fp,
        }
    }

    /// Entries read from the blobs in this run (0 on a warm build).
    pub fn parsed(&self) -> usize {
        self.added
    }

    /// Write the cache when this run added to it (atomically: a build never reads half a file).
    pub fn save(&self) -> std::io::Result<()> {
        let Some(file) = self.file.as_ref().filter(|_| self.added > 0) else {
            return Ok(());
        };
        let data = CacheFile {
            version: 1,
            aliases: self.aliases.clone(),
            values: self.map.clone(),
        };
        let bytes = serde_json::to_vec(&data).map_err(std::io::Error::other)?;
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = file.with_extension(format!(
            "tmp-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, file)
    }
}

/// The values in the text of a file at content path `path`, when it is a goal there.
pub fn values_of(path: &str, text: &str, aliases: &FrontMatterAliases) -> Option<Values> {
    let (page, _) = crate::content::parse_page_with(path, path, text.as_bytes(), aliases).ok()?;
    let g = page.meta.goal?;
    Some(Values {
        progress: g.progress,
        status: g.status.name().to_string(),
        target: g.target.map(|d| d.to_string()),
        indicators: g
            .indicators
            .iter()
            .map(|i| (i.name.clone(), i.current))
            .collect(),
    })
}

/// The series of every goal in `goals` (content paths of the pages that are goals now), read
/// from `history`'s revisions with `cache`.
pub fn series(
    history: &History,
    goals: &[&str],
    aliases: &FrontMatterAliases,
    cache: &mut SeriesCache,
) -> HashMap<String, GoalSeries> {
    use rayon::prelude::*;
    let pages: Vec<(&str, &PageHistory)> = goals
        .iter()
        .take(MAX_GOALS)
        .filter_map(|&p| Some((p, history.page(p)?)))
        .collect();
    // The blobs not yet cached, each once, read on every core (one repository handle per
    // thread); then the series are assembled from the cache alone.
    let mut todo: Vec<(String, &str, &str)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (_, ph) in &pages {
        for r in revisions(ph) {
            let Some(blob) = r.new_blob.as_deref() else {
                continue;
            };
            let key = cache_key(blob, &r.path);
            if !cache.map.contains_key(&key) && seen.insert(key.clone()) {
                todo.push((key, blob, &r.path));
            }
        }
    }
    todo.truncate(MAX_BLOB_READS);
    let read: Vec<(String, Option<Values>)> = todo
        .into_par_iter()
        .map_init(
            || BlobReader::open(history),
            |rd, (key, blob, path)| {
                // An unreadable blob (a partial clone) is skipped, not remembered.
                let text = rd.as_ref()?.text(Some(blob)).ok()?;
                Some((key, values_of(path, &text, aliases)))
            },
        )
        .flatten()
        .collect();
    cache.added += read.len();
    cache.map.extend(read);
    pages
        .into_iter()
        .map(|(path, ph)| (path.to_string(), goal_series(history, ph, cache)))
        .collect()
}

/// A goal's revisions that its series read: the newest [`MAX_REVISIONS`], oldest first.
fn revisions(ph: &PageHistory) -> impl Iterator<Item = &super::Revision> {
    let n = ph.revisions.len().min(MAX_REVISIONS);
    ph.revisions[..n].iter().rev()
}

/// The cache's key for blob `blob` at content path `path`: the values depend on the text and
/// on the kind the path gives the page.
fn cache_key(blob: &str, path: &str) -> String {
    format!("{blob}:{}", Kind::from_path(path).name())
}

/// One goal's series: its revisions oldest first, each blob's values (from the cache), a
/// point wherever a value differs from the one before.
fn goal_series(history: &History, ph: &PageHistory, cache: &SeriesCache) -> GoalSeries {
    let mut s = GoalSeries::default();
    let mut last: Option<Values> = None;
    for r in revisions(ph) {
        let Some(blob) = r.new_blob.as_deref() else {
            continue; // deleted: the series resume with the restoring commit
        };
        let Some(values) = cache.map.get(&cache_key(blob, &r.path)) else {
            continue; // not read: unreadable, or past the budget
        };
        let Some(v) = values.clone() else {
            continue;
        };
        let c = &history.commits[r.commit];
        let stamp = Point {
            value: (),
            time: c.time,
            date: super::date(c.time),
            author: history.author_of(r).name.clone(),
            commit: c.id.clone(),
            summary: c.summary.clone(),
        };
        let point = |value| stamp.with(value);
        let prev = last.as_ref();
        if let Some(p) = v.progress
            && prev.and_then(|l| l.progress) != Some(p)
        {
            s.progress.push(point(p));
        }
        if prev.map(|l| l.status.as_str()) != Some(v.status.as_str()) {
            s.status.push(stamp.with(v.status.clone()));
        }
        if let Some(t) = &v.target
            && prev.and_then(|l| l.target.as_ref()) != Some(t)
        {
            s.target.push(stamp.with(t.clone()));
        }
        for (name, current) in &v.indicators {
            let Some(cur) = *current else { continue };
            let before = prev
                .and_then(|l| l.indicators.iter().find(|(n, _)| n == name))
                .and_then(|(_, c)| *c);
            if before == Some(cur) {
                continue;
            }
            match s.indicators.iter_mut().find(|i| &i.name == name) {
                Some(i) => i.points.push(stamp.with(cur)),
                None => s.indicators.push(IndicatorSeries {
                    name: name.clone(),
                    points: vec![stamp.with(cur)],
                }),
            }
        }
        last = Some(v);
    }
    // In the order the goal lists its indicators now.
    if let Some(l) = &last {
        s.indicators.sort_by_key(|i| {
            l.indicators
                .iter()
                .position(|(n, _)| n == &i.name)
                .unwrap_or(usize::MAX)
        });
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_read_from_a_goals_front_matter() {
        let text = "---\nstatus: active\nprogress: 30\ntarget: 2030-01-01\nindicators:\n  - name: Users\n    current: 12.5\n---\n# G\n";
        let v = values_of("goals/g.md", text, &FrontMatterAliases::default()).unwrap();
        assert_eq!(v.progress, Some(30));
        assert_eq!(v.status, "active");
        assert_eq!(v.target.as_deref(), Some("2030-01-01"));
        assert_eq!(v.indicators, vec![("Users".to_string(), Some(12.5))]);
        assert!(values_of("chapters/c.md", text, &FrontMatterAliases::default()).is_none());
        assert!(
            values_of(
                "goals/g.md",
                "---\n[\n---\n",
                &FrontMatterAliases::default()
            )
            .is_none()
        );
    }

    #[test]
    fn a_cache_from_elsewhere_that_is_not_json_is_ignored() {
        let dir = std::env::temp_dir().join(format!("sw-series-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("series.json");
        std::fs::write(&f, b"\x00garbage").unwrap();
        let c = SeriesCache::load(Some(&f), &FrontMatterAliases::default());
        assert!(c.map.is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
