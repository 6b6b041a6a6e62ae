//! The CI recipes in `examples/ci/` call only commands and flags that exist, and they run.

mod common;

use common::*;

/// Every `stratwiki <command> [--flag ...]` invocation in a recipe.
fn invocations(text: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') {
            continue;
        }
        let Some(i) = line.find("release/stratwiki ") else {
            continue;
        };
        let words: Vec<&str> = line[i + "release/stratwiki ".len()..]
            .split_whitespace()
            .collect();
        let Some(cmd) = words.first() else { continue };
        let flags = words
            .iter()
            .filter(|w| w.starts_with("--"))
            .map(|w| w.split('=').next().unwrap().to_string())
            .collect();
        out.push((cmd.to_string(), flags));
    }
    out
}

#[test]
fn recipes_call_existing_commands_and_flags() {
    let mut seen = Vec::new();
    for file in [
        "examples/ci/github-actions.yml",
        "examples/ci/gitlab-ci.yml",
    ] {
        let text =
            std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file))
                .unwrap();
        let calls = invocations(&text);
        assert!(calls.len() >= 3, "{file}: {calls:?}");
        for (cmd, flags) in calls {
            let help = std::process::Command::new(env!("CARGO_BIN_EXE_stratwiki"))
                .args([cmd.as_str(), "--help"])
                .output()
                .unwrap();
            assert!(
                help.status.success(),
                "{file}: `stratwiki {cmd}` does not exist"
            );
            let text = String::from_utf8_lossy(&help.stdout);
            for f in &flags {
                assert!(
                    text.contains(f.as_str()),
                    "{file}: `stratwiki {cmd}` has no {f}"
                );
            }
            seen.push(cmd);
        }
    }
    for needed in ["check", "diff", "build"] {
        assert!(
            seen.iter().any(|c| c == needed),
            "the recipes use `{needed}`"
        );
    }
}

#[test]
fn the_recipe_commands_run() {
    // What the pull-request job runs, on a repository with a base and a proposal.
    let w = Wiki::valid();
    let repo = git2::Repository::init(w.root()).unwrap();
    let base = commit_all(&repo, "Base", 1_700_000_000);
    w.write("content/about.md", "# About\n\nChanged.\n");
    commit_all(&repo, "Change", 1_700_000_100);
    let gh = w.run(&["check", "--format", "github"]);
    assert_eq!(gh.code, 0, "{}", gh.all());
    let json = w.run(&["check", "--format", "json"]);
    assert!(serde_json::from_str::<serde_json::Value>(&json.stdout).is_ok());
    let diff = w.run(&["diff", &format!("{base}..HEAD")]);
    assert_eq!(diff.code, 0);
    assert!(diff.stdout.contains("### Pages changed"), "{}", diff.stdout);
    let out = w.path("public");
    assert_eq!(w.run(&["build", "--dest", out.to_str().unwrap()]).code, 0);
    assert!(out.join("index.html").is_file());
}

/// A file of this repository.
fn repo_file(rel: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// Every `stratwiki <command> [--flag ...]` line of a shell script (the action's steps).
fn script_invocations(script: &str) -> Vec<(String, Vec<String>)> {
    script
        .lines()
        .map(str::trim)
        .filter_map(|l| l.strip_prefix("stratwiki "))
        .map(|rest| {
            let words: Vec<&str> = rest.split_whitespace().collect();
            let flags = words
                .iter()
                .filter(|w| w.starts_with("--"))
                .map(|w| w.to_string())
                .collect();
            (words[0].to_string(), flags)
        })
        .collect()
}

/// The action's steps, parsed.
fn action_steps() -> Vec<serde_yaml::Value> {
    let action: serde_yaml::Value = serde_yaml::from_str(&repo_file("action.yml")).unwrap();
    action["runs"]["steps"].as_sequence().unwrap().clone()
}

/// The `run` script of the action's step with this id.
fn action_script(id: &str) -> String {
    action_steps()
        .into_iter()
        .find(|s| s["id"].as_str() == Some(id))
        .and_then(|s| s["run"].as_str().map(str::to_string))
        .unwrap_or_else(|| panic!("action.yml has no step `{id}` with a script"))
}

#[test]
fn the_action_calls_existing_commands_and_flags_and_pins_this_version() {
    let calls = script_invocations(&action_script("run"));
    let cmds: Vec<&str> = calls.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(cmds, ["check", "build", "diff"], "{calls:?}");
    for (cmd, flags) in &calls {
        let help = std::process::Command::new(env!("CARGO_BIN_EXE_stratwiki"))
            .args([cmd.as_str(), "--help"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&help.stdout);
        for f in flags {
            assert!(text.contains(f.as_str()), "`stratwiki {cmd}` has no {f}");
        }
    }
    // The version the action installs, the recipes use and the release workflow checks is the
    // version of this source.
    let action: serde_yaml::Value = serde_yaml::from_str(&repo_file("action.yml")).unwrap();
    let pinned = format!("v{}", env!("CARGO_PKG_VERSION"));
    assert_eq!(
        action["inputs"]["version"]["default"].as_str(),
        Some(pinned.as_str())
    );
    let recipe = repo_file("examples/ci/strategy-repository.yml");
    let uses: Vec<&str> = recipe
        .lines()
        .filter_map(|l| l.trim().strip_prefix("uses: stratwiki/stratwiki@"))
        .collect();
    assert_eq!(uses.len(), 3, "{recipe}");
    assert!(uses.iter().all(|u| *u == pinned), "{uses:?}");
}

/// Every runner the action installs a release binary for is built by the release workflow,
/// under the archive name the action downloads.
#[test]
fn the_release_workflow_builds_what_the_action_downloads() {
    let install = action_script("install");
    let wanted: Vec<&str> = install
        .lines()
        .filter_map(|l| l.split("target=").nth(1))
        .map(|t| t.trim_end_matches(" ;;").trim())
        .filter(|t| !t.is_empty() && !t.starts_with('"'))
        .collect();
    assert_eq!(wanted.len(), 5, "{wanted:?}");
    let release: serde_yaml::Value =
        serde_yaml::from_str(&repo_file(".github/workflows/release.yml")).unwrap();
    let built: Vec<&str> = release["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|m| m["target"].as_str())
        .collect();
    for t in &wanted {
        assert!(
            built.contains(t),
            "the release does not build {t}: {built:?}"
        );
    }
    let text = repo_file(".github/workflows/release.yml");
    assert!(text.contains("archive=\"stratwiki-$TAG-$TARGET.tar.gz\""));
    assert!(install.contains("archive=\"stratwiki-$VERSION-$target.tar.gz\""));
    assert!(install.contains("sha256sum -c"), "the download is checked");
}

/// The action's run step, as a runner runs it (inputs as environment variables), against a
/// temporary wiki in a git repository: each mode does what it says.
#[test]
fn the_action_runs_each_mode_on_a_temporary_wiki() {
    let w = Wiki::valid();
    let repo = git2::Repository::init(w.root()).unwrap();
    let base = commit_all(&repo, "Base", 1_700_000_000);
    w.write("content/about.md", "# About\n\nChanged.\n");
    commit_all(&repo, "Change", 1_700_000_100);
    let script = action_script("run");
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_stratwiki"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let tmp = tempfile::tempdir().unwrap();
    let run = |mode: &str, base: &str| {
        let output = tmp.path().join(format!("{mode}.out"));
        std::fs::write(&output, "").unwrap();
        let r = std::process::Command::new("bash")
            .arg("-c")
            .arg(&script)
            .current_dir(w.root())
            .env("PATH", &path)
            .env("MODE", mode)
            .env("ROOT", w.root())
            .env("DEST", tmp.path().join("site"))
            .env("BASE", base)
            .env("BASE_REF", "")
            .env("RUNNER_TEMP", tmp.path())
            .env("GITHUB_OUTPUT", &output)
            .env("GITHUB_STEP_SUMMARY", tmp.path().join("summary.md"))
            .output()
            .unwrap();
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&r.stdout),
            String::from_utf8_lossy(&r.stderr)
        );
        (
            r.status.code(),
            said,
            std::fs::read_to_string(&output).unwrap(),
        )
    };
    let (code, said, _) = run("check", "");
    assert_eq!(code, Some(0), "{said}");
    let (code, said, _) = run("build", "");
    assert_eq!(code, Some(0), "{said}");
    assert!(tmp.path().join("site/index.html").is_file());
    let (code, said, outputs) = run("report", &base.to_string());
    assert_eq!(code, Some(0), "{said}");
    let report = outputs
        .lines()
        .find_map(|l| l.strip_prefix("report="))
        .unwrap();
    assert!(
        std::fs::read_to_string(report)
            .unwrap()
            .contains("### Pages changed")
    );
    let full = outputs
        .lines()
        .find_map(|l| l.strip_prefix("report-full="))
        .unwrap();
    assert!(std::path::Path::new(full).is_file());
    // No base outside a pull request, and a mode that does not exist: errors, not silence.
    let (code, said, _) = run("report", "");
    assert_eq!(code, Some(1));
    assert!(said.contains("::error::mode report needs a base"), "{said}");
    let (code, said, _) = run("publish", "");
    assert_eq!(code, Some(1));
    assert!(said.contains("unknown mode 'publish'"), "{said}");
}
