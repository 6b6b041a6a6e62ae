//! The browser tests in `tests/e2e` (Debian's Chromium through playwright-core, and axe-core),
//! run with this build's binary. Without Node.js, Chromium or the npm packages they are skipped
//! with a message, except when `CI` or `STRATWIKI_E2E=1` is set: then that is a failure.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn browser_tests() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("e2e");
    let chromium = std::env::var_os("CHROMIUM_PATH")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    let mut missing = Vec::new();
    if !Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        missing.push("Node.js".to_string());
    }
    for package in ["playwright-core", "axe-core"] {
        if !dir.join("node_modules").join(package).is_dir() {
            missing.push(format!("tests/e2e/node_modules/{package}"));
        }
    }
    if !chromium.exists() {
        missing.push(chromium.display().to_string());
    }
    if !missing.is_empty() {
        let message = format!(
            "browser tests need tests/e2e/setup.sh (missing: {})",
            missing.join(", ")
        );
        let required = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false")
            || std::env::var("STRATWIKI_E2E").is_ok_and(|v| v == "1");
        assert!(!required, "{message}; run tests/e2e/setup.sh first");
        // Straight to stderr: the test harness would swallow eprintln! of a passing test.
        let _ = writeln!(std::io::stderr(), "SKIPPED: {message}");
        return;
    }

    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/e2e is readable")
        .filter_map(|entry| entry.ok().map(|e| e.file_name()))
        .filter(|name| name.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no *.test.mjs in {}", dir.display());

    // Output goes straight to the terminal, test by test, as node prints it.
    let status = Command::new("node")
        .args(["--test", "--test-concurrency=1"])
        .args(&files)
        .current_dir(&dir)
        .env("STRATWIKI_BIN", env!("CARGO_BIN_EXE_stratwiki"))
        .env("CHROMIUM_PATH", &chromium)
        .status()
        .expect("node runs");
    assert!(
        status.success(),
        "browser tests failed ({status}); run them alone with `cd tests/e2e && npm test` \
         (STRATWIKI_BIN picks the binary)"
    );
}
