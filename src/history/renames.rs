//! Renames in one commit, found as git finds them (`diffcore-rename.c`), at any number of files.
//!
//! A page's history must read like `git log --follow`: a page moved with edits keeps its past,
//! and a restructuring commit that moves a thousand pages must not cut a thousand histories. So
//! this follows git's own steps and scores rather than an approximation of them:
//!
//! 1. **Exact renames**: a deleted and an added file with the same blob. Among several sources
//!    of the same blob, one with the same file name wins, else the first.
//! 2. **Same file name**: a source and a destination whose file name is unique among the
//!    remaining sources and destinations are paired when at least 75% similar (git's
//!    basename step: most moves keep the name, and this spares the full comparison).
//! 3. **Best match**: every remaining destination is scored against every remaining source;
//!    each keeps its four best; all candidates are then taken best first (on equal scores, the
//!    one keeping its file name first), each source and destination used once, down to git's
//!    default threshold of 50%.
//!
//! Similarity is git's: each file is cut into chunks at line ends or every 64 bytes, chunks are
//! hashed and counted by bytes, and the score is the bytes of the larger file found in the
//! other. Step 3 costs destinations × sources comparisons, so like git it is skipped (with a
//! warning naming the commit) past a limit, [`RENAME_LIMIT`] squared pairs.

use std::collections::HashMap;

use git2::{Odb, Oid};

/// git's similarity scale: a score is this times the share of the larger file found in the
/// other.
const MAX_SCORE: u64 = 60_000;
/// git's default threshold for a rename (`-M50%`).
const MIN_SCORE: u64 = MAX_SCORE / 2;
/// The score at which a pair with the same file name is taken before the full comparison
/// (git: halfway between the threshold and identical).
const BASENAME_SCORE: u64 = MIN_SCORE + (MAX_SCORE - MIN_SCORE) / 2;
/// How many best sources git keeps per destination.
const CANDIDATES: usize = 4;
/// At most this many identical sources are weighed for one destination (as git).
const IDENTICAL: usize = 100;
/// The prime git reduces chunk hashes by.
const HASHBASE: u32 = 107_927;
/// git looks for NUL bytes this far into a file to call it binary.
const BINARY_PROBE: usize = 8000;

/// The best-match step runs when destinations × sources is at most this squared (git's
/// `diff.renameLimit` is 1,000 for `git diff` and `git log`; `git log --follow` compares one
/// destination at a time, so it never reaches it: this is higher so that a restructuring of a
/// few thousand pages is still followed, and low enough that a commit of hostile size ends).
pub const RENAME_LIMIT: usize = 4_000;
/// Files over this size (the page size limit) are renamed only exactly, never compared.
const MAX_COMPARED: usize = 10 * 1024 * 1024;
/// The similarity work one commit may cost: bytes read plus chunk counts compared. A
/// restructuring of 533 files in a real handbook cost 4 × 10^6; 4,000 × 4,000 files of a megabyte of
/// distinct lines each would cost 10^12 (hours). Counted, not timed, so the same commit always
/// gives the same answer.
const WORK_BUDGET: u64 = 1 << 29;
/// Chunk counts kept in memory at once for one commit (8 bytes each: 256 MB).
const SPANS_BUDGET: u64 = 1 << 25;

/// What the comparisons of one commit have cost so far (see [`WORK_BUDGET`]).
#[derive(Default)]
struct Work {
    steps: u64,
    kept: u64,
}

impl Work {
    fn exceeded(&self) -> bool {
        self.steps > WORK_BUDGET || self.kept > SPANS_BUDGET
    }
}

/// One side of a possible rename: a deleted (source) or added (destination) file.
struct Side {
    /// Index into the commit's changes.
    at: usize,
    id: Oid,
    used: bool,
    /// Size, read from the object's header when first needed (`None` inside: unreadable).
    size: Option<Option<usize>>,
    /// Chunk counts, computed when first needed.
    spans: Option<Option<Vec<(u32, u32)>>>,
}

impl Side {
    fn new(at: usize, id: Oid) -> Side {
        Side {
            at,
            id,
            used: false,
            size: None,
            spans: None,
        }
    }

    fn size(&mut self, odb: &Odb<'_>) -> Option<usize> {
        *self
            .size
            .get_or_insert_with(|| odb.read_header(self.id).ok().map(|(n, _)| n))
    }

    fn spans(&mut self, odb: &Odb<'_>, work: &mut Work) -> Option<&[(u32, u32)]> {
        let id = self.id;
        self.spans
            .get_or_insert_with(|| {
                let o = odb.read(id).ok()?;
                let s = spans(o.data());
                work.steps += o.data().len() as u64;
                work.kept += s.len() as u64;
                Some(s)
            })
            .as_deref()
    }

    /// Forget the chunk counts (they are not needed again), giving back their memory.
    fn drop_spans(&mut self, work: &mut Work) {
        if let Some(Some(s)) = self.spans.take() {
            work.kept -= s.len() as u64;
        }
    }
}

/// git's chunk counts of a file (`diffcore-delta.c`): the bytes of each chunk (a line, or 64
/// bytes of a long one, or what follows the last line end) counted under the chunk's hash,
/// sorted by hash. In text, a CR before an LF is not counted.
pub fn spans(data: &[u8]) -> Vec<(u32, u32)> {
    let text = !data[..data.len().min(BINARY_PROBE)].contains(&0);
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(data.len() / 32 + 1);
    let (mut a1, mut a2, mut n) = (0u32, 0u32, 0u32);
    for (i, &b) in data.iter().enumerate() {
        if text && b == b'\r' && data.get(i + 1) == Some(&b'\n') {
            continue;
        }
        let c = u32::from(b);
        let old1 = a1;
        a1 = (a1 << 7) ^ (a2 >> 25);
        a2 = (a2 << 7) ^ (old1 >> 25);
        a1 = a1.wrapping_add(c);
        n += 1;
        if n < 64 && b != b'\n' {
            continue;
        }
        out.push((a1.wrapping_add(a2.wrapping_mul(0x61)) % HASHBASE, n));
        (a1, a2, n) = (0, 0, 0);
    }
    // A last line without its line end counts too (as git counts it since 2.x; measured
    // against git 2.47: without it, files not ending in a newline scored up to 19 points low).
    if n > 0 {
        out.push((a1.wrapping_add(a2.wrapping_mul(0x61)) % HASHBASE, n));
    }
    out.sort_unstable();
    let mut merged: Vec<(u32, u32)> = Vec::with_capacity(out.len());
    for (h, n) in out {
        match merged.last_mut() {
            Some((lh, ln)) if *lh == h => *ln += n,
            _ => merged.push((h, n)),
        }
    }
    merged
}

/// The bytes of `src`'s chunks found in `dst` (git's `src_copied`).
fn copied(src: &[(u32, u32)], dst: &[(u32, u32)]) -> u64 {
    let (mut i, mut j, mut sum) = (0, 0, 0u64);
    while i < src.len() && j < dst.len() {
        match src[i].0.cmp(&dst[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += u64::from(src[i].1.min(dst[j].1));
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// git's `estimate_similarity`: 0 when the sizes differ too much for `min` (checked before any
/// text is read), else the copied bytes over the larger size, on the [`MAX_SCORE`] scale.
fn similarity(odb: &Odb<'_>, src: &mut Side, dst: &mut Side, min: u64, work: &mut Work) -> u64 {
    if work.exceeded() {
        return 0;
    }
    let (Some(s), Some(d)) = (src.size(odb), dst.size(odb)) else {
        return 0;
    };
    if s > MAX_COMPARED || d > MAX_COMPARED {
        return 0;
    }
    let (max, base) = (s.max(d) as u64, s.min(d) as u64);
    if max * (MAX_SCORE - min) < (max - base) * MAX_SCORE || d == 0 {
        return 0;
    }
    let (Some(sc), Some(dc)) = (src.spans(odb, work), dst.spans(odb, work)) else {
        return 0;
    };
    work.steps += (sc.len() + dc.len()) as u64;
    copied(sc, dc) * MAX_SCORE / max
}

/// The part of a path after its last `/`.
fn basename(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// A candidate pair of the best-match step, or an empty slot.
#[derive(Clone, Copy)]
struct Candidate {
    /// `None`: an empty slot, which sorts after every candidate.
    pair: Option<(usize, usize)>,
    score: u64,
    same_name: bool,
}

/// git's `score_compare`: `Less` when `a` is the better candidate (higher score, then the
/// same file name), empty slots last.
fn order(a: &Candidate, b: &Candidate) -> std::cmp::Ordering {
    use std::cmp::Ordering::*;
    match (a.pair, b.pair) {
        (None, None) => Equal,
        (None, _) => Greater,
        (_, None) => Less,
        _ => b
            .score
            .cmp(&a.score)
            .then_with(|| b.same_name.cmp(&a.same_name)),
    }
}

/// One changed file in a commit, relative to the content folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawChange {
    /// Path after the commit (for deletions: the path that was deleted).
    pub path: String,
    /// Blob before (`None`: added).
    pub old: Option<String>,
    /// Blob after (`None`: deleted).
    pub new: Option<String>,
    /// For an exact rename: the old path.
    pub from: Option<String>,
}

/// Changed files of one commit: (path, blob before, blob after).
pub type Raw = Vec<(String, Option<Oid>, Option<Oid>)>;

/// Pair the commit's deleted and added files into renames as git does (see the module), and
/// return its changes: a renamed file once, at its new path, with `from` and the old blob.
/// Only destinations `comparable` accepts (pages) are compared by similarity; exact renames
/// are found for every file. The second value, when set, says the best-match step was skipped
/// because destinations × sources exceeded `limit` squared (see [`RENAME_LIMIT`]).
pub fn pair(
    odb: &Odb<'_>,
    raw: Raw,
    comparable: impl Fn(&str) -> bool,
    limit: usize,
) -> (Vec<RawChange>, Option<String>) {
    let mut srcs: Vec<Side> = Vec::new();
    let mut dsts: Vec<Side> = Vec::new();
    for (i, (_, o, n)) in raw.iter().enumerate() {
        match (o, n) {
            (Some(o), None) => srcs.push(Side::new(i, *o)),
            (None, Some(n)) => dsts.push(Side::new(i, *n)),
            _ => {}
        }
    }
    // Destination index → source index.
    let mut paired: HashMap<usize, usize> = HashMap::new();
    let mut skipped = None;
    let mut work = Work::default();
    if !srcs.is_empty() && !dsts.is_empty() {
        let path = |s: &Side| raw[s.at].0.as_str();
        exact(&raw, &mut srcs, &dsts, &mut paired);
        same_name(
            odb,
            &raw,
            &mut srcs,
            &mut dsts,
            &mut paired,
            &comparable,
            &mut work,
        );
        let left_d: Vec<usize> = (0..dsts.len())
            .filter(|d| !paired.contains_key(d) && comparable(path(&dsts[*d])))
            .collect();
        let left_s: Vec<usize> = (0..srcs.len()).filter(|s| !srcs[*s].used).collect();
        if !left_d.is_empty() && !left_s.is_empty() {
            if left_d.len().saturating_mul(left_s.len()) > limit.saturating_mul(limit) {
                skipped = Some(format!(
                    "{} added and {} deleted files are more than the rename limit ({limit} × {limit} pairs) allows to compare, so only exact renames and moves that kept their file name were followed; pages moved with edits there start a new history",
                    left_d.len(),
                    left_s.len()
                ));
            } else if !best_match(
                odb,
                &raw,
                &mut srcs,
                &mut dsts,
                &left_d,
                &left_s,
                &mut paired,
                &mut work,
            ) {
                skipped = Some(format!(
                    "comparing its {} added and {} deleted files for renames would take more work than one commit may cost (their texts are too large), so only exact renames and moves that kept their file name were followed; pages moved with edits there start a new history",
                    left_d.len(),
                    left_s.len()
                ));
            }
        }
    }
    let mut from: HashMap<usize, usize> = HashMap::new();
    let mut gone = vec![false; raw.len()];
    for (d, s) in &paired {
        from.insert(dsts[*d].at, srcs[*s].at);
        gone[srcs[*s].at] = true;
    }
    let changes = raw
        .iter()
        .enumerate()
        .filter(|(i, _)| !gone[*i])
        .map(|(i, (p, o, n))| match from.get(&i) {
            Some(&s) => RawChange {
                path: p.clone(),
                old: raw[s].1.map(|x| x.to_string()),
                new: n.map(|x| x.to_string()),
                from: Some(raw[s].0.clone()),
            },
            None => RawChange {
                path: p.clone(),
                old: o.map(|x| x.to_string()),
                new: n.map(|x| x.to_string()),
                from: None,
            },
        })
        .collect();
    (changes, skipped)
}

/// Step 1: the same blob deleted and added. For each destination in order, the first unused
/// source with the same file name, else the first unused source.
fn exact(raw: &Raw, srcs: &mut [Side], dsts: &[Side], paired: &mut HashMap<usize, usize>) {
    let mut by_id: HashMap<Oid, Vec<usize>> = HashMap::new();
    for (i, s) in srcs.iter().enumerate() {
        by_id.entry(s.id).or_default().push(i);
    }
    for (d, dst) in dsts.iter().enumerate() {
        let Some(list) = by_id.get(&dst.id) else {
            continue;
        };
        let name = basename(&raw[dst.at].0);
        let mut best: Option<usize> = None;
        for &s in list.iter().filter(|&&s| !srcs[s].used).take(IDENTICAL) {
            if basename(&raw[srcs[s].at].0) == name {
                best = Some(s);
                break;
            }
            best.get_or_insert(s);
        }
        if let Some(s) = best {
            srcs[s].used = true;
            paired.insert(d, s);
        }
    }
}

/// Step 2: a source and a destination whose file name is unique on both sides, at least
/// [`BASENAME_SCORE`] similar.
fn same_name(
    odb: &Odb<'_>,
    raw: &Raw,
    srcs: &mut [Side],
    dsts: &mut [Side],
    paired: &mut HashMap<usize, usize>,
    comparable: &impl Fn(&str) -> bool,
    work: &mut Work,
) {
    // File name → the only index with it, or `None` when several have it.
    let mut src_names: HashMap<&str, Option<usize>> = HashMap::new();
    for (i, s) in srcs.iter().enumerate().filter(|(_, s)| !s.used) {
        src_names
            .entry(basename(&raw[s.at].0))
            .and_modify(|v| *v = None)
            .or_insert(Some(i));
    }
    let mut dst_names: HashMap<&str, Option<usize>> = HashMap::new();
    for (i, d) in dsts
        .iter()
        .enumerate()
        .filter(|(i, _)| !paired.contains_key(i))
    {
        dst_names
            .entry(basename(&raw[d.at].0))
            .and_modify(|v| *v = None)
            .or_insert(Some(i));
    }
    for s in 0..srcs.len() {
        if srcs[s].used {
            continue;
        }
        let name = basename(&raw[srcs[s].at].0);
        let (Some(Some(only_s)), Some(Some(d))) = (src_names.get(name), dst_names.get(name)) else {
            continue;
        };
        if *only_s != s || paired.contains_key(d) || !comparable(&raw[dsts[*d].at].0) {
            continue;
        }
        let d = *d;
        if similarity(odb, &mut srcs[s], &mut dsts[d], BASENAME_SCORE, work) >= BASENAME_SCORE {
            srcs[s].used = true;
            paired.insert(d, s);
        }
    }
}

/// Step 3: every remaining destination against every remaining source, the four best kept
/// per destination (git's `record_if_better`), then taken best first. `false`, with nothing
/// paired, when the comparisons would cost more than [`WORK_BUDGET`].
#[allow(clippy::too_many_arguments)]
fn best_match(
    odb: &Odb<'_>,
    raw: &Raw,
    srcs: &mut [Side],
    dsts: &mut [Side],
    left_d: &[usize],
    left_s: &[usize],
    paired: &mut HashMap<usize, usize>,
    work: &mut Work,
) -> bool {
    let empty = Candidate {
        pair: None,
        score: 0,
        same_name: false,
    };
    let mut all: Vec<Candidate> = Vec::with_capacity(left_d.len() * CANDIDATES);
    for &d in left_d {
        let mut slots = [empty; CANDIDATES];
        let dname = basename(&raw[dsts[d].at].0);
        for &s in left_s {
            let score = similarity(odb, &mut srcs[s], &mut dsts[d], MIN_SCORE, work);
            let c = Candidate {
                pair: Some((d, s)),
                score,
                same_name: basename(&raw[srcs[s].at].0) == dname,
            };
            let mut worst = 0;
            for i in 1..CANDIDATES {
                if order(&slots[i], &slots[worst]).is_gt() {
                    worst = i;
                }
            }
            if order(&slots[worst], &c).is_gt() {
                slots[worst] = c;
            }
        }
        // A destination's chunks are not compared again.
        dsts[d].drop_spans(work);
        if work.exceeded() {
            return false;
        }
        all.extend(slots);
    }
    all.sort_by(order);
    for c in all {
        let Some((d, s)) = c.pair.filter(|_| c.score >= MIN_SCORE) else {
            break;
        };
        if paired.contains_key(&d) || srcs[s].used {
            continue;
        }
        srcs[s].used = true;
        paired.insert(d, s);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score_of(a: &[u8], b: &[u8]) -> u64 {
        let max = a.len().max(b.len()) as u64;
        copied(&spans(a), &spans(b)) * MAX_SCORE / max
    }

    /// Past the limit only exact renames are found, and the result says why; within it the
    /// moved files are paired.
    #[test]
    fn the_rename_limit_skips_the_best_match_step_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init(dir.path()).unwrap();
        let odb = repo.odb().unwrap();
        let text = |tag: &str, extra: &str| {
            let mut t: String = (0..10).map(|i| format!("line {i} of {tag}\n")).collect();
            t.push_str(extra);
            odb.write(git2::ObjectType::Blob, t.as_bytes()).unwrap()
        };
        let mut raw: Raw = Vec::new();
        for t in ["a", "b", "c"] {
            raw.push((format!("old/{t}.md"), Some(text(t, "")), None));
            raw.push((format!("new/{t}-moved.md"), None, Some(text(t, "edited\n"))));
        }
        let (changes, skipped) = pair(&odb, raw.clone(), |_| true, 2);
        assert!(changes.iter().all(|c| c.from.is_none()), "{changes:?}");
        assert!(skipped.unwrap().contains("3 added and 3 deleted files"));
        let (changes, skipped) = pair(&odb, raw, |_| true, 3);
        assert_eq!(skipped, None);
        let moved: Vec<(&str, &str)> = changes
            .iter()
            .map(|c| (c.from.as_deref().unwrap(), c.path.as_str()))
            .collect();
        assert_eq!(
            moved,
            [
                ("old/a.md", "new/a-moved.md"),
                ("old/b.md", "new/b-moved.md"),
                ("old/c.md", "new/c-moved.md")
            ]
        );
    }

    /// Past the work budget the best-match step pairs nothing (not some pairs: what a commit
    /// gives must not depend on how far it got), and says so.
    #[test]
    fn the_work_budget_stops_the_best_match_step_whole() {
        let dir = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init(dir.path()).unwrap();
        let odb = repo.odb().unwrap();
        let blob = |t: String| odb.write(git2::ObjectType::Blob, t.as_bytes()).unwrap();
        let text: String = (0..10).map(|i| format!("line {i}\n")).collect();
        let raw: Raw = vec![
            ("a.md".into(), Some(blob(text.clone())), None),
            ("b.md".into(), None, Some(blob(format!("{text}more\n")))),
        ];
        let mut srcs = vec![Side::new(0, raw[0].1.unwrap())];
        let mut dsts = vec![Side::new(1, raw[1].2.unwrap())];
        let mut paired = HashMap::new();
        let mut spent = Work {
            steps: WORK_BUDGET - 5,
            kept: 0,
        };
        let done = best_match(
            &odb,
            &raw,
            &mut srcs,
            &mut dsts,
            &[0],
            &[0],
            &mut paired,
            &mut spent,
        );
        assert!(!done && paired.is_empty());
        let mut fresh = Work::default();
        let mut srcs = vec![Side::new(0, raw[0].1.unwrap())];
        let done = best_match(
            &odb,
            &raw,
            &mut srcs,
            &mut dsts,
            &[0],
            &[0],
            &mut paired,
            &mut fresh,
        );
        assert!(done && paired[&0] == 0);
        assert_eq!(
            fresh.kept, 10,
            "the source's ten lines stay counted, the destination's are given back"
        );
    }

    #[test]
    fn chunks_are_lines_or_64_bytes_and_crlf_counts_as_lf() {
        let s = spans(b"one\ntwo\none\n");
        assert_eq!(s.len(), 2, "two distinct lines");
        assert_eq!(s.iter().map(|x| x.1).sum::<u32>(), 12);
        assert_eq!(spans(b"one\r\ntwo\r\n"), spans(b"one\ntwo\n"));
        let long = [b'x'; 130];
        assert_eq!(
            spans(&long).iter().map(|x| x.1).sum::<u32>(),
            130,
            "two chunks and a tail"
        );
        assert_eq!(spans(b"one\ntwo").iter().map(|x| x.1).sum::<u32>(), 7);
    }

    #[test]
    fn scores_are_the_share_of_the_larger_file_copied() {
        assert_eq!(score_of(b"a\nb\nc\nd\n", b"a\nb\nc\nd\n"), MAX_SCORE);
        assert_eq!(score_of(b"a\nb\nc\nd\n", b"a\nb\nx\ny\n"), MAX_SCORE / 2);
    }
}
