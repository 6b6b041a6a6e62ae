//! Goals are data, whatever language their page is written in: a translated goal has its
//! original's owner, status, target, progress and indicators' values.
//!
//! The original is the group's page in the first language that has it (the default language
//! first). A translation that leaves a field out inherits it; one that gives another value is
//! reported (a warning naming both files and lines) and shows the original's value all the
//! same, so the strategy says one thing in every language. Indicators are compared by their
//! values (baseline, target, current), not their names, which are translated.

use super::Site;
use super::translations::Translations;
use crate::content::GoalMeta;
use crate::diagnostics::Diagnostic;

/// The fields a translation shares with its original, by front-matter key.
const SHARED: &[&str] = &["owner", "status", "target", "progress", "indicators"];

/// Share every translated goal's strategy fields with its original in `sites` (one per
/// language of `t`), returning a warning per field that disagrees.
/// Also returns the files of the translations that inherited an owner (loading them said they
/// have none).
pub fn share(t: &Translations, sites: &mut [Site]) -> (Vec<Diagnostic>, Vec<String>) {
    let mut diags = Vec::new();
    let mut owned = Vec::new();
    for group in t.groups() {
        let mut members = group
            .iter()
            .enumerate()
            .filter_map(|(l, i)| i.map(|i| (l, i)));
        let Some((ol, oi)) = members.next() else {
            continue;
        };
        let original = sites[ol].pages[oi].clone();
        let Some(og) = original.src.meta.goal.as_ref() else {
            continue;
        };
        for (l, i) in members {
            let page = &mut sites[l].pages[i];
            let display = page.src.display.clone();
            let lines = page.src.key_lines.clone();
            let Some(g) = page.src.meta.goal.as_mut() else {
                continue;
            };
            for &key in SHARED {
                let line = lines.iter().find(|(k, _)| k == key).map(|(_, l)| *l);
                let Some(line) = line else {
                    if key == "owner" && og.owner.is_some() {
                        owned.push(display.clone());
                    }
                    copy(og, g, key);
                    continue;
                };
                if let Some((mine, theirs)) = differs(og, g, key) {
                    let oline = original
                        .src
                        .key_lines
                        .iter()
                        .find(|(k, _)| k == key)
                        .map_or(1, |(_, l)| *l);
                    diags.push(
                        Diagnostic::warning(
                            "translation",
                            format!(
                                "`{key}` is {mine} in this translation but {theirs} in its original `{}` (line {oline}): a goal's {key} is the same in every language; the original's is shown (leave `{key}` out of the translation to inherit it)",
                                original.src.display
                            ),
                        )
                        .in_file(&display)
                        .at(line, 1),
                    );
                    copy(og, g, key);
                }
            }
        }
    }
    (diags, owned)
}

/// Field `key` of `from` into `to`.
fn copy(from: &GoalMeta, to: &mut GoalMeta, key: &str) {
    match key {
        "owner" => to.owner = from.owner.clone(),
        "status" => to.status = from.status,
        "target" => to.target = from.target,
        "progress" => to.progress = from.progress,
        "indicators" => {
            // The values are the original's; each indicator keeps its translated name.
            let names: Vec<String> = to.indicators.iter().map(|i| i.name.clone()).collect();
            to.indicators = from.indicators.clone();
            for (ind, name) in to.indicators.iter_mut().zip(names) {
                ind.name = name;
            }
        }
        _ => {}
    }
}

/// `(translation's, original's)` values of `key`, shown, when they differ.
fn differs(original: &GoalMeta, mine: &GoalMeta, key: &str) -> Option<(String, String)> {
    let show = |v: Option<String>| v.map_or("unset".to_string(), |v| format!("`{v}`"));
    let (a, b) = match key {
        "owner" => (show(mine.owner.clone()), show(original.owner.clone())),
        "status" => (
            show(Some(mine.status.name().to_string())),
            show(Some(original.status.name().to_string())),
        ),
        "target" => (
            show(mine.target.map(|d| d.to_string())),
            show(original.target.map(|d| d.to_string())),
        ),
        "progress" => (
            show(mine.progress.map(|p| p.to_string())),
            show(original.progress.map(|p| p.to_string())),
        ),
        "indicators" => {
            let values = |g: &GoalMeta| {
                g.indicators
                    .iter()
                    .map(|i| format!("{:?}/{:?}/{:?}", i.baseline, i.target, i.current))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            (
                format!("`{}`", values(mine)),
                format!("`{}`", values(original)),
            )
        }
        _ => return None,
    };
    (a != b).then_some((a, b))
}
