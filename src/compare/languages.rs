//! The pull-request report of a multilingual wiki: each language compared on its own (its
//! folder's pages between the two refs), then one report naming each page's language.

use super::{GoalRef, PageRef, Report};

/// One report of the per-language reports `reports` ((language code, its folder inside the
/// content folder, `""` for the content folder itself), report), in the order given (the
/// default language first). Each page and goal says its language, and a page's path is its
/// path in the content folder (`sv/goals/x.md`). Changes to configuration are the same in
/// every report, and given once; reviewers and problems once each.
pub fn merge(reports: Vec<((String, String), Report)>) -> Option<Report> {
    let mut out: Option<Report> = None;
    for ((code, dir), mut r) in reports {
        let page = |p: &mut PageRef| {
            p.lang = Some(code.clone());
            if !dir.is_empty() {
                p.path = format!("{dir}/{}", p.path);
            }
        };
        let goal = |g: &mut GoalRef| g.lang = Some(code.clone());
        let c = &mut r.comparison;
        c.goals_added.iter_mut().for_each(goal);
        c.goals_removed.iter_mut().for_each(goal);
        c.goals_changed.iter_mut().for_each(|g| goal(&mut g.goal));
        for list in [
            &mut c.owners_added,
            &mut c.owners_removed,
            &mut c.pages_added,
            &mut c.pages_removed,
            &mut c.pages_unreadable,
        ] {
            list.iter_mut().for_each(page);
        }
        for (from, p) in &mut c.pages_renamed {
            page(p);
            if !dir.is_empty() {
                *from = format!("{dir}/{from}");
            }
        }
        for p in &mut c.pages_changed {
            page(&mut p.page);
            if let Some(from) = p.from.as_mut().filter(|_| !dir.is_empty()) {
                *from = format!("{dir}/{from}");
            }
        }
        match out.as_mut() {
            None => out = Some(r),
            Some(o) => {
                let (a, b) = (&mut o.comparison, r.comparison);
                a.goals_added.extend(b.goals_added);
                a.goals_removed.extend(b.goals_removed);
                a.goals_changed.extend(b.goals_changed);
                a.owners_added.extend(b.owners_added);
                a.owners_removed.extend(b.owners_removed);
                a.pages_added.extend(b.pages_added);
                a.pages_removed.extend(b.pages_removed);
                a.pages_unreadable.extend(b.pages_unreadable);
                a.pages_renamed.extend(b.pages_renamed);
                a.pages_changed.extend(b.pages_changed);
                for v in r.reviewers {
                    if !o.reviewers.iter().any(|x| x.owner == v.owner) {
                        o.reviewers.push(v);
                    }
                }
                for (all, new) in [
                    (&mut o.problems_introduced, r.problems_introduced),
                    (&mut o.problems_fixed, r.problems_fixed),
                ] {
                    for p in new {
                        if !all.contains(&p) {
                            all.push(p);
                        }
                    }
                }
            }
        }
    }
    out
}
