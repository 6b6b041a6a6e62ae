//! The history's types: people, commits, revisions, page histories and the whole history,
//! with what the render stage asks of them (who is credited, who contributed).

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Serialize;

use super::saves::SaveGuard;

/// A person credited with a change, after `.mailmap`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Person {
    /// Display name.
    pub name: String,
    /// Email.
    pub email: String,
}

/// A commit that touched the content folder.
#[derive(Debug, Clone, Serialize)]
pub struct Commit {
    /// Full id.
    pub id: String,
    /// First line of the message.
    pub summary: String,
    /// The author (mailmap applied).
    pub author: Person,
    /// `Co-authored-by:` people (mailmap applied).
    pub co_authors: Vec<Person>,
    /// When it reached the main line, seconds since the epoch.
    pub time: i64,
    /// Content paths it changed (after the change).
    pub paths: Vec<String>,
}

/// How a revision changed a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ChangeKind {
    /// The page was added.
    Created,
    /// The page's text changed.
    Edited,
    /// The page moved (possibly with edits).
    Renamed {
        /// The content path before.
        from: String,
    },
    /// The page was removed.
    Deleted,
    /// The page came back after being removed.
    Restored,
}

/// One revision of one page.
#[derive(Debug, Clone, Serialize)]
pub struct Revision {
    /// Index into [`History::commits`].
    pub commit: usize,
    /// How the page changed.
    pub kind: ChangeKind,
    /// Content path at this revision.
    pub path: String,
    /// Blob before, for diffs.
    pub old_blob: Option<String>,
    /// Blob after.
    pub new_blob: Option<String>,
    /// For changes that arrived by a merge: who wrote them and the commit summary there.
    pub written_by: Option<(Person, String)>,
}

/// The history of one page (keyed by its current content path).
#[derive(Debug, Clone, Default, Serialize)]
pub struct PageHistory {
    /// Revisions, newest first.
    pub revisions: Vec<Revision>,
    /// Every earlier content path of the page.
    pub old_paths: Vec<String>,
    /// The slug an earlier path's own front matter gave it, where that is not its file name's
    /// (so its earlier URL is known). Read from the repository on every load, never saved.
    pub old_slugs: HashMap<String, String>,
    /// True when the history reaches the shallow-clone boundary: older history is unknown.
    pub cut: bool,
    /// The working tree differs from the last commit.
    pub uncommitted: bool,
}

/// The wiki's history.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// Commits that touched the content folder, newest first.
    pub commits: Vec<Commit>,
    /// Page histories by current content path.
    pub pages: HashMap<String, PageHistory>,
    /// For a shallow clone: the date (seconds) of the oldest commit available.
    pub shallow_since: Option<i64>,
    /// A partial clone (`git clone --filter`): texts of old revisions may be missing, which
    /// one warning says (their diffs say "not in this clone").
    pub partial: bool,
    /// Where the repository is, to read blobs for diffs.
    pub repo_path: Option<PathBuf>,
    /// The content folder's path inside the repository.
    pub prefix: String,
    /// Main-line commits whose changes were computed in this run.
    pub commits_read: usize,
    /// Main-line commits whose changes came from the cache.
    pub commits_cached: usize,
    /// Main-line commits assembled into page histories in this run: all of them, or only those
    /// made since the history saved by the last build.
    pub commits_assembled: usize,
    /// The cache being written on a thread of its own (it is not needed for this build); the
    /// last clone of the history to go waits for it, so the process never exits half-way.
    pub saving: Option<std::sync::Arc<SaveGuard>>,
    /// Each goal's values over time, by its current content path ([`super::series`]): filled
    /// in once the model says which pages are goals.
    pub series: HashMap<String, super::series::GoalSeries>,
}

impl History {
    /// The history of a page, when it has one.
    pub fn page(&self, path: &str) -> Option<&PageHistory> {
        self.pages.get(path)
    }

    /// The person a revision credits (the merged commit's author, else the commit's).
    pub fn author_of<'a>(&'a self, r: &'a Revision) -> &'a Person {
        match &r.written_by {
            Some((p, _)) => p,
            None => &self.commits[r.commit].author,
        }
    }

    /// The co-authors of revision `r` besides its author, each once (see
    /// [`super::people::distinct_co_authors`]).
    pub fn co_authors_of<'a>(&'a self, r: &'a Revision) -> Vec<&'a Person> {
        super::people::distinct_co_authors(self.author_of(r), &self.commits[r.commit].co_authors)
    }

    /// Distinct people who changed a page, most changes first (authors and co-authors). One
    /// person under two emails or two names is counted once (see
    /// [`super::people::same_person`]), under the name of their newest change.
    pub fn contributors(&self, h: &PageHistory) -> Vec<(Person, usize)> {
        // The people as written (after `.mailmap`), and who each revision credits: mostly the
        // very same few people, found by an exact comparison.
        let mut people: Vec<&Person> = Vec::new();
        let mut credits: Vec<(usize, usize)> = Vec::new();
        for (ri, r) in h.revisions.iter().enumerate() {
            let c = &self.commits[r.commit];
            for p in std::iter::once(self.author_of(r)).chain(&c.co_authors) {
                let at = match people
                    .iter()
                    .position(|q| q.email == p.email && q.name == p.name)
                {
                    Some(i) => i,
                    None => {
                        people.push(p);
                        people.len() - 1
                    }
                };
                credits.push((ri, at));
            }
        }
        let group = super::people::group(&people);
        // Per group: changes, and the last revision counted (a person is counted once per
        // revision, however many times it names them).
        let mut counts: Vec<(usize, Option<usize>)> = vec![(0, None); people.len()];
        for (ri, at) in credits {
            let g = &mut counts[group[at]];
            if g.1 != Some(ri) {
                g.0 += 1;
                g.1 = Some(ri);
            }
        }
        let mut v: Vec<(Person, usize)> = counts
            .into_iter()
            .enumerate()
            .filter(|(_, (n, _))| *n > 0)
            .map(|(i, (n, _))| (people[i].clone(), n))
            .collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.name.cmp(&b.0.name)));
        v
    }
}

/// The first 8 characters of a commit id.
pub fn short(id: &str) -> &str {
    &id[..id.len().min(8)]
}
