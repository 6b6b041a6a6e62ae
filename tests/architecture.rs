//! The shape of the code (issue #21): data flows one way through the stages, each a module of
//! its own, and no file grows past what one reader can hold.
//!
//! The layers, lowest first. A module may use those before it, never one after it: the
//! pipeline's stages (config → source → content → model → history → render → output), the
//! orchestration above them (loading a wiki, editions, the build), and the commands on top.
//! Comments and unit tests are not counted (a test may build a history for a model test).

use std::path::{Path, PathBuf};

const LAYERS: &[&str] = &[
    // Utilities every stage uses.
    "diagnostics",
    "text",
    "i18n",
    "codec",
    "timing",
    "teardown",
    "period",
    "forge",
    // The stages.
    "config",
    "source",
    "markdown",
    "content",
    "model",
    "history",
    "compare",
    "search",
    "versions",
    "proposals",
    "render",
    "output",
    // Orchestration.
    "wiki",
    "editions",
    "languages",
    "check",
    "build",
    // Commands.
    "live",
    "serve",
    "scaffold",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn sources() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

/// The top-level module a file belongs to (`render` for `render/pages.rs`).
fn module_of(rel: &str) -> &str {
    rel.split('/').next().unwrap().trim_end_matches(".rs")
}

#[test]
fn no_module_uses_a_layer_above_its_own() {
    let mut wrong = Vec::new();
    for (rel, text) in sources() {
        let own = module_of(&rel);
        let Some(own_layer) = LAYERS.iter().position(|m| *m == own) else {
            assert!(
                ["lib", "main"].contains(&own),
                "`src/{rel}`: module `{own}` is in no layer: add it to LAYERS"
            );
            continue;
        };
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for (i, _) in line.match_indices("crate::") {
                let used: String = line[i + 7..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if let Some(layer) = LAYERS.iter().position(|m| *m == used)
                    && layer > own_layer
                {
                    wrong.push(format!("src/{rel} uses crate::{used}: {}", line.trim()));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_file_is_over_800_lines_and_the_orchestrator_is_short() {
    let mut long = Vec::new();
    for (rel, text) in sources() {
        let n = text.lines().count();
        if n > 800 {
            long.push(format!("src/{rel}: {n} lines"));
        }
        if rel == "build.rs" {
            assert!(n <= 320, "the orchestrator src/build.rs has {n} lines");
        }
    }
    assert!(long.is_empty(), "{}", long.join("\n"));
}

#[test]
fn a_new_output_is_one_module_and_one_line_of_registration() {
    // Every output module is registered once in the list of outputs, and nothing else in the
    // crate names them: adding one touches that folder only.
    let all = sources();
    let registry = &all
        .iter()
        .find(|(rel, _)| rel == "output/outputs/mod.rs")
        .expect("output/outputs/mod.rs")
        .1;
    for (rel, _) in all
        .iter()
        .filter(|(rel, _)| rel.starts_with("output/outputs/") && !rel.ends_with("mod.rs"))
    {
        let name = rel
            .trim_start_matches("output/outputs/")
            .trim_end_matches(".rs");
        assert!(
            registry.contains(&format!("mod {name};")),
            "{rel} is not declared"
        );
        assert_eq!(
            registry.matches(&format!("&{name}::")).count(),
            1,
            "{rel} must be registered once in OUTPUTS"
        );
        for (other, text) in &all {
            if !other.starts_with("output/outputs/") {
                assert!(
                    !text.contains(&format!("outputs::{name}")),
                    "src/{other} names the output `{name}`"
                );
            }
        }
    }
}
