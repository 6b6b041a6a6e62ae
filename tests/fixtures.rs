//! Fixture wikis under `tests/fixtures/`, in the spirit of mdBook's `tests/testsuite/<case>`
//! and Zola's `test_sites_invalid`: each case is a small wiki on disk plus what it must produce,
//! so a restructuring of the pipeline (issue #21) can be checked against fixed expectations
//! without reading Rust.
//!
//! - `valid/<case>/`: a wiki, and `expected/`: for each file `expected/<path>` the built site's
//!   `<path>` must contain every non-blank line of it, trimmed, in order; `expected/files.txt`
//!   (optional) is the complete sorted list of the site's files (see [`site_files`]). An optional
//!   `expected-warnings.txt` lists substrings `check`'s output must contain. `check` and `build`
//!   exit 0, and `check` reports no error.
//! - `invalid/<case>/`: a wiki, and `expected.txt`: each non-blank line is a substring of
//!   `check`'s human output; `check` exits 1, and every error line it prints (but broken links)
//!   `build` prints too.
//!
//! Every case is copied to a temporary folder (without `expected*` and `setup.sh`) and made a git
//! repository, as real wikis are (history on): `setup.sh`, when present, makes the commits
//! itself (run with bash in the copy, after `git init -q -b main` and the user's name and email
//! are set); otherwise everything is committed at once.
//!
//! For every case, valid or invalid, three rules hold:
//! - (a) `check` fails exactly when `build` fails, with one documented exception
//!   ([`only_broken_links`]);
//! - (b) `check` leaves the wiki's folder exactly as it found it ([`snapshot`]);
//! - (c) every warning `check` prints, `build` prints too, whether it succeeds or fails (a
//!   failed build still runs the stages after the failure as `check` does).
//!
//! A case goes on after a broken rule: each test prints every case with all its problems
//! (`valid/minimal: ok`, or `FAILED` and a list), then fails naming the cases that failed.

mod common;

use common::*;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The date every command is judged against, so output does not depend on the day tests run.
const TODAY: &str = "2026-12-06";

/// The commit date the harness gives the single commit of a case without `setup.sh` (and the
/// default for a `setup.sh` that sets none): a month before [`TODAY`], so goals are not stale.
const COMMIT_DATE: &str = "2026-11-01T12:00:00+00:00";

/// The folders of `tests/fixtures/<kind>/`, sorted by name.
fn cases(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(kind);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no cases in {}", dir.display());
    out
}

/// Whether a file at the top of a case belongs to the harness, not to the wiki.
fn is_harness_file(name: &str) -> bool {
    name.starts_with("expected") || name == "setup.sh"
}

/// Copy `from` into `to`, recursively.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// `git <args>` in `dir`, isolated from the user's and the system's git configuration (no
/// signing, hooks or default branch of theirs); panics when it fails.
fn git(dir: &Path, args: &[&str]) -> String {
    let o = git_command(dir).args(args).output().unwrap();
    assert!(
        o.status.success(),
        "git {args:?} failed in {}:\n{}",
        dir.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn git_command(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    isolated(cmd.current_dir(dir));
    cmd
}

/// Set `cmd`'s environment for git: no user or system configuration, and [`COMMIT_DATE`] as the
/// date of any commit that does not set its own.
fn isolated(cmd: &mut Command) -> &mut Command {
    cmd.env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_DATE", COMMIT_DATE)
        .env("GIT_COMMITTER_DATE", COMMIT_DATE)
}

/// The case's wiki in a temporary folder, made a git repository (see the module comment).
fn prepare(case: &Path) -> Wiki {
    let w = Wiki::empty();
    for e in std::fs::read_dir(case).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        if is_harness_file(&name) {
            continue;
        }
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &w.path(&name));
        } else {
            std::fs::copy(e.path(), w.path(&name)).unwrap();
        }
    }
    let root = w.root();
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["config", "user.name", "Fixture Author"]);
    git(root, &["config", "user.email", "author@example.org"]);
    let setup = case.join("setup.sh");
    if setup.is_file() {
        let o = isolated(Command::new("bash").arg(&setup).current_dir(root))
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{} failed:\n{}{}",
            setup.display(),
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
    } else {
        git(root, &["add", "-A"]);
        git(root, &["commit", "-q", "-m", "Fixture"]);
    }
    w
}

/// Every path under the wiki's folder but `.git/` (hidden ones included, such as
/// `.stratwiki-cache/`), with a hash of each file's bytes (a link's target), plus
/// `git status --porcelain --ignored`: what `check` must leave as it found it.
fn snapshot(w: &Wiki) -> (Vec<String>, String) {
    let root = w.root();
    let mut paths: Vec<String> = walkdir::WalkDir::new(root)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| !(e.depth() == 1 && e.file_name() == ".git"))
        .map(|e| {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(root).unwrap().to_string_lossy();
            let t = e.file_type();
            if t.is_dir() {
                format!("{rel}/")
            } else if t.is_symlink() {
                let target = std::fs::read_link(e.path()).unwrap();
                format!("{rel} -> {}", target.display())
            } else {
                let mut h = std::hash::DefaultHasher::new();
                std::fs::read(e.path()).unwrap().hash(&mut h);
                format!("{rel} {:016x}", h.finish())
            }
        })
        .collect();
    paths.sort();
    let status = git(root, &["status", "--porcelain", "--ignored"]);
    (paths, status)
}

/// The site's files, relative to its root, `/`-separated, sorted: every file but those inside a
/// `pagefind/` folder (the root's, or an edition's) other than its `pagefind.js`, whose names
/// are hashes of the index and would pin Pagefind's internals rather than stratwiki's plan.
fn site_files(site: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(site)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            e.path()
                .strip_prefix(site)
                .unwrap()
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/")
        })
        .filter(|p| {
            let parts: Vec<&str> = p.split('/').collect();
            let in_pagefind = parts[..parts.len() - 1].contains(&"pagefind");
            !in_pagefind
                || (parts.len() >= 2 && parts[parts.len() - 2..] == ["pagefind", "pagefind.js"])
        })
        .collect();
    out.sort();
    out
}

/// The non-blank lines of `text`, trimmed.
fn lines(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

/// The lines `check` printed as errors.
fn error_lines(run: &Run) -> Vec<String> {
    run.all()
        .lines()
        .filter(|l| l.starts_with("error: "))
        .map(str::to_string)
        .collect()
}

/// The one difference between `check` and `build` that is there by design (README: "Broken
/// internal links are errors here (warnings in `build`)"): `check` may fail where `build`
/// succeeds when, and only when, check printed at least one error, every error it printed is a
/// broken link (`... points nowhere ...`), and `build` printed each of them as a warning with the
/// same text (`error: X` in check, `warning: X` in build). Anything else check rates as an error
/// must fail the build too.
fn only_broken_links(check: &Run, build: &Run) -> bool {
    let errors = error_lines(check);
    let built = build.all();
    !errors.is_empty()
        && errors.iter().all(|e| {
            let rest = &e["error: ".len()..];
            rest.contains(" points nowhere") && built.contains(&format!("warning: {rest}"))
        })
}

/// What running a case gave, and every rule it broke (a case goes on after a broken rule, so
/// one run shows all that is wrong with it).
struct Outcome {
    check: Run,
    build: Run,
    site: PathBuf,
    problems: Vec<String>,
    _wiki: Wiki,
    _dest: tempfile::TempDir,
}

impl Outcome {
    /// Record `problem` unless `ok`.
    fn expect(&mut self, ok: bool, problem: impl FnOnce() -> String) {
        if !ok {
            self.problems.push(problem());
        }
    }
}

/// Prepare the case, run `check` and apply rule (b), then `build` into a folder outside the
/// wiki and apply rule (a).
fn run_case(case: &Path) -> Outcome {
    let w = prepare(case);
    let before = snapshot(&w);
    let check = w.run(&["check", "--today", TODAY]);
    let after = snapshot(&w);
    let dest = tempfile::tempdir().unwrap();
    let site = dest.path().join("site");
    let site_arg = site.to_string_lossy().into_owned();
    let build = w.run(&["build", "--dest", &site_arg, "--today", TODAY]);
    let mut o = Outcome {
        check,
        build,
        site,
        problems: Vec::new(),
        _wiki: w,
        _dest: dest,
    };
    for (what, run) in [("check", &o.check), ("build", &o.build)] {
        if run.all().contains("panicked") || !(run.code == 0 || run.code == 1) {
            o.problems.push(format!(
                "{what} crashed (exit {}):\n{}",
                run.code,
                run.all()
            ));
        }
    }
    o.expect(before.0 == after.0, || {
        format!(
            "(b) check changed the wiki's folder:\nbefore:\n{}\nafter:\n{}",
            before.0.join("\n"),
            after.0.join("\n")
        )
    });
    o.expect(before.1 == after.1, || {
        format!(
            "(b) check changed `git status --porcelain --ignored`:\nbefore:\n{}after:\n{}",
            before.1, after.1
        )
    });
    let (check_failed, build_failed) = (o.check.code != 0, o.build.code != 0);
    let agree =
        check_failed == build_failed || (check_failed && only_broken_links(&o.check, &o.build));
    let (check_out, build_out) = (o.check.all(), o.build.all());
    o.expect(agree, || {
        format!(
            "(a) check {} but build {}\ncheck:\n{check_out}build:\n{build_out}",
            if check_failed { "failed" } else { "passed" },
            if build_failed { "failed" } else { "passed" },
        )
    });
    let build_lines: Vec<&str> = build_out.lines().collect();
    for line in check_out.lines().filter(|l| l.starts_with("warning: ")) {
        if !build_lines.contains(&line) {
            o.problems.push(format!(
                "(c) check's `{line}` is not in build's output:\n{build_out}"
            ));
        }
    }
    o
}

/// Run every case of `kind` with `one`, print each case's result and problems, then fail
/// naming every case that has any.
fn run_all(kind: &str, one: fn(&Path, &mut Outcome)) {
    let mut failed = Vec::new();
    for case in cases(kind) {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let mut o = run_case(&case);
        one(&case, &mut o);
        if o.problems.is_empty() {
            eprintln!("{kind}/{name}: ok");
        } else {
            eprintln!("{kind}/{name}: FAILED");
            for p in &o.problems {
                eprintln!(
                    "  - {kind}/{name}: {}",
                    p.trim_end().replace('\n', "\n    ")
                );
            }
            failed.push(name);
        }
    }
    assert!(failed.is_empty(), "{kind} cases that failed: {failed:?}");
}

fn valid_case(case: &Path, o: &mut Outcome) {
    let (check_out, build_out) = (o.check.all(), o.build.all());
    o.expect(o.check.code == 0, || {
        format!("check must pass:\n{check_out}")
    });
    o.expect(o.build.code == 0, || {
        format!("build must pass:\n{build_out}")
    });
    let errors = error_lines(&o.check);
    o.expect(errors.is_empty(), || {
        format!("check printed errors:\n{}", errors.join("\n"))
    });
    if let Ok(warnings) = std::fs::read_to_string(case.join("expected-warnings.txt")) {
        for want in lines(&warnings) {
            o.expect(check_out.contains(want), || {
                format!("`{want}` (expected-warnings.txt) not in check's output:\n{check_out}")
            });
        }
    }
    if o.build.code != 0 {
        return; // no site to compare
    }
    let expected = case.join("expected");
    o.expect(expected.is_dir(), || "no expected/ folder".to_string());
    let files_txt = expected.join("files.txt");
    if files_txt.is_file() {
        let want = std::fs::read_to_string(&files_txt).unwrap();
        let want = lines(&want);
        let got = site_files(&o.site);
        o.expect(want == got, || {
            format!(
                "the site's files differ from expected/files.txt; the site has:\n{}",
                got.join("\n")
            )
        });
    }
    for (rel, bytes) in tree(&expected) {
        let rel = rel.replace('\\', "/");
        if rel == "files.txt" {
            continue;
        }
        let fragments = String::from_utf8(bytes).unwrap();
        let page = match std::fs::read_to_string(o.site.join(&rel)) {
            Ok(page) => page,
            Err(e) => {
                o.problems
                    .push(format!("cannot read the site's {rel}: {e}"));
                continue;
            }
        };
        let mut at = 0;
        for want in lines(&fragments) {
            match page[at..].find(want) {
                Some(i) => at += i + want.len(),
                None => {
                    o.problems.push(format!(
                        "`{want}` not found in the site's {rel} after the lines before it in \
                         expected/{rel}; the rest of the file:\n{}",
                        &page[at..]
                    ));
                    break;
                }
            }
        }
    }
}

fn invalid_case(case: &Path, o: &mut Outcome) {
    let check_out = o.check.all();
    o.expect(o.check.code == 1, || {
        format!("check must fail:\n{check_out}")
    });
    let expected = std::fs::read_to_string(case.join("expected.txt"))
        .unwrap_or_else(|e| panic!("{}: cannot read expected.txt: {e}", case.display()));
    for want in lines(&expected) {
        o.expect(check_out.contains(want), || {
            format!("`{want}` (expected.txt) not in check's output:\n{check_out}")
        });
    }
    // The same errors, at the same places, from `build` (but broken links, which `build`
    // rates as warnings): one plan, one validation.
    let build_out = o.build.all();
    for line in check_out.lines().filter(|l| l.starts_with("error:")) {
        if line.contains(" points nowhere") {
            continue;
        }
        o.expect(build_out.contains(line), || {
            format!("check's `{line}` is not in build's output:\n{build_out}")
        });
    }
}

#[test]
fn valid_fixtures() {
    run_all("valid", valid_case);
}

#[test]
fn invalid_fixtures() {
    run_all("invalid", invalid_case);
}
