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
