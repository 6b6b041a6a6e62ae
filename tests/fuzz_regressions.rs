//! Replays every input kept under `fuzz/regressions/<target>/` (crashes and timeouts the fuzz
//! targets found, minimised) through the fuzz targets' own code (`fuzz/src/lib.rs`, included
//! here), so a plain `cargo test` keeps them fixed without cargo-fuzz or libFuzzer. A replay
//! must neither panic nor take more than a few seconds (timeouts count as failures).

#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod harness;

use std::path::Path;
use std::time::{Duration, Instant};

#[test]
fn every_kept_fuzz_input_passes_its_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut replayed = 0;
    for entry in std::fs::read_dir(&root).expect("fuzz/regressions exists") {
        let dir = entry.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let Some((_, target)) = harness::TARGETS.iter().find(|(t, _)| *t == name) else {
            panic!("fuzz/regressions/{name} names no fuzz target");
        };
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).unwrap();
            let start = Instant::now();
            target(&data);
            // Debug builds are slow; a fixed input still finishes well inside this.
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "{} took {:?}",
                file.display(),
                start.elapsed()
            );
            replayed += 1;
        }
    }
    assert!(replayed > 0, "no inputs under fuzz/regressions");
}
