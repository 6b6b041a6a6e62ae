//! Which editions of a site with several versions the previous build's folders can serve as
//! they are, and the record a build leaves for the next one.

use jiff::civil::Date;

use super::select::Selection;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::render::key::key_of;
use crate::wiki::Place;

/// Which editions of a site with several versions the previous build's folders can serve as
/// they are.
///
/// An edition's files are made from: its commit (content, `book.toml`, theme, CODEOWNERS and
/// history all come from it), the list of versions (the menu, the changes page), the date its
/// goals are judged against (today for the current editions, its own date for an older one:
/// [`crate::versions::judged_on`]), `.mailmap` (who is credited), and this program (its built-in
/// theme and rendering). When the hash of all that is the one the previous build wrote the
/// edition with, and its folder is still there, the folder is moved into the new site whole
/// ([`crate::output::Staging::commit_carrying`]): an old edition costs nothing to build again, and when every
/// edition is unchanged no version is even loaded.
pub struct EditionPlan<'r> {
    /// The previous build's record.
    pub reuse: &'r crate::render::Reuse,
    /// Each job's folder (`v1/`, ..., and `""` for the site root, last) and key.
    pub slots: Vec<(String, u64)>,
    /// What every key starts from: all of the above but the versions' commits.
    base: u64,
    /// Each job's own commit, the commit of the version before it (its changes page), and the
    /// date its goals are judged against.
    commits: Vec<(String, Option<String>, String)>,
    /// Every version's folder name, to tell the site root's entries from the editions'.
    slugs: Vec<String>,
    /// For each job: the previous site has its folder as this build would write it.
    pub take: Vec<bool>,
}

impl<'r> EditionPlan<'r> {
    /// The plan for this build, or `None` when the versions cannot be listed (the build then
    /// loads them and reports why).
    pub fn new(
        config: &Config,
        place: &Place,
        selection: &Selection,
        today: Date,
        reuse: &'r crate::render::Reuse,
        proposals: &[crate::proposals::Proposal],
    ) -> Option<Self> {
        place.git_dir.as_ref()?;
        // Editions in today's look change with today's theme files, which no key here covers:
        // their pages are still reused one by one (by their keys, the theme's among them).
        if config.wiki.versions.config == crate::config::EditionConfig::Current {
            return None;
        }
        let (list, default) = (&selection.list, selection.default);
        // A version read with today's settings changes with them.
        let todays = selection.uses_today.then(|| format!("{config:?}"));
        let versions: Vec<_> = list
            .iter()
            .map(|v| (&v.name, &v.slug, &v.label, v.development))
            .collect();
        let base = key_of(&[
            &crate::content::cache::binary_stamp(),
            &versions,
            &default,
            &place.mailmap_fingerprint(),
            &format!("{:?}", config.wiki.versions),
            // Every edition links from where the current build publishes it, and to where it
            // says the repository is.
            &config.site_url(),
            &config.html.cname,
            &config.html.edit_url_template,
            &format!("{:?}", place.links(config, "")),
            &todays,
            // The site root lists the working tree's proposals (kept simple: a change to them
            // rewrites the editions rather than only the root's pages).
            &format!("{proposals:?}"),
        ]);
        let all_commits: Vec<String> = list.iter().map(|v| v.commit.to_string()).collect();
        let common = key_of(&[&base, &all_commits]);
        let jobs: Vec<usize> = (0..list.len()).chain([default]).collect();
        // The date its goals are judged against: today's for the current editions, its own
        // for an older one (which then stays the same from one day to the next).
        let judged: Vec<String> = jobs
            .iter()
            .map(
                |&i| match crate::versions::judged_on(list, default, i, today) {
                    // Never the same text for the two cases: an edition judged on its own
                    // date must not be taken for one judged on the build's date.
                    Some(d) => format!("edition {d}"),
                    None => format!("today {today}"),
                },
            )
            .collect();
        let commits = jobs
            .iter()
            .zip(&judged)
            .map(|(&i, judged)| {
                (
                    all_commits[i].clone(),
                    i.checked_sub(1).map(|p| all_commits[p].clone()),
                    judged.clone(),
                )
            })
            .collect();
        let slots: Vec<(String, u64)> = list
            .iter()
            .map(|v| format!("{}/", v.slug))
            .chain([String::new()])
            .zip(&judged)
            .map(|(slot, judged)| {
                let key = key_of(&[&common, &slot, judged]);
                (slot, key)
            })
            .collect();
        let take = slots
            .iter()
            .map(|(slot, key)| {
                reuse.editions_old.get(slot).is_some_and(|e| e.key == *key)
                    && previous_has(reuse, slot)
            })
            .collect();
        Some(EditionPlan {
            reuse,
            slots,
            base,
            commits,
            slugs: list.iter().map(|v| v.slug.clone()).collect(),
            take,
        })
    }

    /// Take job `j`'s edition from the previous site whole: keep its files' keys and its
    /// record for the next build, and name its entries for the swap to carry over. Returns
    /// its pages, other files and warning as the build that wrote it counted them.
    pub fn take_edition(&self, j: usize, carry: &mut Vec<String>) -> crate::render::Edition {
        let slot = self.slots[j].0.as_str();
        let in_edition = |url: &str| {
            if slot.is_empty() {
                !self.slugs.iter().any(|s| {
                    url.strip_prefix(s.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
                })
            } else {
                url.starts_with(slot)
            }
        };
        {
            let mut new = self.reuse.new.lock().unwrap_or_else(|e| e.into_inner());
            for (url, key) in &self.reuse.old {
                if in_edition(url) {
                    new.insert(url.clone(), *key);
                }
            }
        }
        let mut edition = self
            .reuse
            .editions_old
            .get(slot)
            .cloned()
            .unwrap_or_default();
        // Taken by its view key: the commits moved, so its key is this build's.
        edition.key = self.slots[j].1;
        self.reuse
            .editions_new
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(slot.to_string(), edition.clone());
        if slot.is_empty() {
            if let Ok(entries) = std::fs::read_dir(&self.reuse.previous) {
                let mut names: Vec<String> = entries
                    .flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|name| !self.slugs.contains(name))
                    .collect();
                // `index.html` last: the site root counts as there only with it (`new`), so a
                // build stopped while moving these leaves a root the next build renders again.
                names.sort_by_key(|n| n == "index.html");
                carry.extend(names);
            }
        } else {
            carry.push(slot.trim_end_matches('/').to_string());
        }
        edition
    }

    /// The plan was made for these versions (the same folders and commits): a ref created or
    /// moved since it listed them (a fetch in another terminal) makes it describe others.
    pub fn describes(&self, list: &[crate::versions::Version]) -> bool {
        self.slots.len() == list.len() + 1
            && self.slugs.iter().eq(list.iter().map(|x| &x.slug))
            && self
                .commits
                .iter()
                .zip(list.iter().map(|x| x.commit.to_string()))
                .all(|((own, _, _), listed)| *own == listed)
    }

    /// What version `i`'s URL tables are made from: its commit, the program, `.mailmap` and
    /// the versions' settings. A record with this key stands in for loading the version.
    pub fn tables_key(&self, i: usize) -> u64 {
        key_of(&[&self.base, &self.commits[i].0])
    }

    /// Take every edition whole (all of `take` is true).
    pub fn take_all(&self, carry: &mut Vec<String>) -> (usize, usize, Vec<Diagnostic>) {
        let (mut pages, mut files, mut warnings) = (0, 0, Vec::new());
        for j in 0..self.slots.len() {
            let e = self.take_edition(j, carry);
            pages += e.pages;
            files += e.files;
            warnings.extend(e.warning.map(|m| Diagnostic::warning("versions", m)));
        }
        (pages, files, warnings)
    }

    /// Job `j`'s key from what the loaded versions show of each other (`views`: a hash of
    /// every version's URLs, paths and renames): another version's new commit that changed no
    /// URL leaves it as it was.
    pub fn view_key(&self, j: usize, views: u64) -> u64 {
        key_of(&[&self.base, &self.slots[j].0, &self.commits[j], &views])
    }

    /// The previous site has job `j`'s folder as this build would write it: by its key
    /// (`take`), or by its key from the loaded versions (`view_key`).
    pub fn can_take(&self, j: usize, view_key: u64) -> bool {
        let slot = self.slots[j].0.as_str();
        self.take.get(j) == Some(&true)
            || (self
                .reuse
                .editions_old
                .get(slot)
                .is_some_and(|e| e.view_key == view_key)
                && previous_has(self.reuse, slot))
    }

    /// Record that job `j` was written, with these figures, for a later build to take whole.
    pub fn record(
        &self,
        j: usize,
        view_key: u64,
        pages: usize,
        files: usize,
        warning: Option<String>,
        tables: Option<crate::versions::UrlTables>,
    ) {
        let (slot, key) = &self.slots[j];
        self.reuse
            .editions_new
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(
                slot.clone(),
                crate::render::Edition {
                    key: *key,
                    view_key,
                    pages,
                    files,
                    warning,
                    tables_key: if tables.is_some() {
                        self.tables_key(j)
                    } else {
                        0
                    },
                    tables,
                },
            );
    }
}

/// The previous site still has the edition in folder `slot` (`""`: the site root's, there when
/// its `index.html` is, which `EditionPlan::take_edition` carries last).
fn previous_has(reuse: &crate::render::Reuse, slot: &str) -> bool {
    if slot.is_empty() {
        reuse.previous.join("index.html").is_file()
    } else {
        reuse.previous.join(slot).is_dir()
    }
}
