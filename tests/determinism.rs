//! Deterministic by construction (issue #23): the same commit builds into the same bytes
//! whether the machine is idle or busy. The revision diffs used to stop at a 200 ms deadline,
//! so a long rewrite got fewer word highlights on a loaded machine than on an idle one.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use common::*;

const T0: i64 = 1_700_000_000;

/// A chapter of `n` lines, each different; `edited` changes one word in every third line.
fn chapter(name: &str, n: usize, edited: bool) -> String {
    let mut text = format!("---\ntitle: {name}\nweight: 5\n---\n\n");
    for i in 0..n {
        let word = if edited && i % 3 == 1 {
            "revised"
        } else {
            "drafted"
        };
        text.push_str(&format!(
            "Line {i} of {name}, {word} for the plan, stays in the text.\n"
        ));
    }
    text
}

/// `stratwiki build` into `dest` (inside the wiki), with no cache from an earlier build: each
/// build diffs every revision itself.
fn build_into(w: &Wiki, dest: &str) {
    let _ = std::fs::remove_dir_all(w.path(".stratwiki-cache"));
    let dest = w.path(dest);
    let run = w.run(&[
        "build",
        "--dest",
        dest.to_str().unwrap(),
        "--today",
        "2026-01-15",
    ]);
    assert_eq!(run.code, 0, "{}", run.all());
}

/// Chapters of 300 to 2,400 lines rewritten in one commit, a word changed in every third
/// line. Their diffs take from a few milliseconds to most of a second in a debug build, so
/// whatever the machine's speed one of them is near where the old deadline cut the diff
/// short, and four threads spinning beside the second build move where it cuts. Both builds
/// must be the same, file for file, byte for byte, and the diffs must be exact: every changed
/// line with its word marked.
#[test]
fn the_same_commit_builds_the_same_bytes_on_a_busy_machine() {
    let w = Wiki::valid();
    let repo = git2::Repository::init(w.root()).unwrap();
    let sizes = [300, 600, 1_200, 2_400];
    for n in sizes {
        w.write(
            &format!("content/chapters/long-{n}.md"),
            &chapter(&format!("Chapter {n}"), n, false),
        );
    }
    commit_all(&repo, "Long chapters", T0);
    for n in sizes {
        w.write(
            &format!("content/chapters/long-{n}.md"),
            &chapter(&format!("Chapter {n}"), n, true),
        );
    }
    commit_all(&repo, "Rewrite every third line", T0 + 60);

    build_into(&w, "quiet");
    let stop = Arc::new(AtomicBool::new(false));
    let spinners: Vec<_> = (0..4)
        .map(|_| {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                let mut x = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    x = std::hint::black_box(x.wrapping_mul(6_364_136_223_846_793_005) + 1);
                }
            })
        })
        .collect();
    build_into(&w, "busy");
    stop.store(true, Ordering::Relaxed);
    for s in spinners {
        s.join().unwrap();
    }

    assert_same_tree(
        &w.path("quiet"),
        &w.path("busy"),
        "a build on a busy machine",
    );
    for n in sizes {
        let hist = w.read(&format!("quiet/history/chapters/long-{n}.html"));
        assert_eq!(
            hist.matches("<mark>revised</mark>").count(),
            n / 3,
            "every changed line of the {n}-line chapter has its word marked"
        );
        assert_eq!(hist.matches("<mark>drafted</mark>").count(), n / 3);
    }
}

/// A template that fails on the later goals fails the build at the first of them in page
/// order, every time. The pages render on every core, and the error reported used to be
/// whichever a thread met first: most often one the thread that starts halfway met at once.
#[test]
fn a_template_failing_on_many_pages_names_the_first_every_time() {
    let w = Wiki::valid();
    let failing: Vec<String> = (25..60).map(|i| format!("\"Goal {i}\"")).collect();
    w.write(
        "templates/goal.html",
        &format!(
            "{{% extends \"page.html\" %}}\n{{% block page_meta %}}\n{{% if page.title in [{}] %}}{{{{ nosuchvar.field }}}}{{% endif %}}\n{{% endblock page_meta %}}\n",
            failing.join(", ")
        ),
    );
    for i in 0..60 {
        w.write(
            &format!("content/goals/g{i:02}.md"),
            &GOAL
                .replace("First goal", &format!("Goal {i:02}"))
                .replace("id: G1", &format!("id: G{}", 100 + i)),
        );
    }
    for _ in 0..6 {
        let run = w.build();
        assert_eq!(run.code, 1, "{}", run.all());
        let error = run.stderr.lines().find(|l| l.contains("nosuchvar"));
        let error = error.unwrap_or_else(|| panic!("{}", run.stderr));
        assert!(error.contains("rendering content/goals/g25.md"), "{error}");
    }
}
