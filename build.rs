//! Build script: a hash of the source code and the built-in theme, so caches written by one
//! build of stratwiki are never read by a build that might parse, render or assemble history
//! differently (see `src/content/cache.rs` and `src/history/snapshot.rs`), and an edition kept
//! from a previous site is never one drawn with another theme (`src/build.rs`, `EditionPlan`).
//! Same sources, same hash: a rebuilt binary of the same code keeps its users' caches.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn main() {
    let mut paths = Vec::new();
    files(Path::new("src"), &mut paths);
    // The built-in theme is compiled in (`include_str!`).
    files(Path::new("themes"), &mut paths);
    paths.push(PathBuf::from("Cargo.toml"));
    paths.push(PathBuf::from("Cargo.lock"));
    paths.sort();
    // SipHash with fixed keys: the same on every machine and every run.
    let mut h = std::hash::DefaultHasher::new();
    for p in &paths {
        p.to_string_lossy().replace('\\', "/").hash(&mut h);
        std::fs::read(p).unwrap_or_default().hash(&mut h);
    }
    println!("cargo:rustc-env=STRATWIKI_SOURCE_HASH={:016x}", h.finish());
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=themes");
    println!("cargo:rerun-if-changed=Cargo.toml");
    println!("cargo:rerun-if-changed=Cargo.lock");
}
