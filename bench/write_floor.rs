//! How long writing a finished site costs on this machine, and nothing else.
//!
//! Reads every file of SITE into memory, then times writing them all into a new folder DEST
//! (which must not exist) with THREADS threads (default 2), the way a generator writes its
//! output: create, write, close, one file at a time per thread. The folders are made first
//! and not timed.
//!
//!     rustc -O -o /tmp/write_floor bench/write_floor.rs
//!     /tmp/write_floor WORK/out-b /dev/shm/floor-b [THREADS]
//!
//! `versions.sh` with KEEP=1 leaves its two outputs in the work directory: the time for out-b
//! minus the time for out-a is the least any generator could add to the default edition's
//! build to write the other editions, however little it rendered (see bench/README.md, "The
//! versions benchmark").
//!
//! Native code on purpose, std only (compiled with `rustc`, not part of the crate): an earlier
//! Python version of this script spent most of its time in the interpreter and reported a
//! floor two to three times too high.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Every file under `dir`, as (path relative to `base`, bytes).
fn read_all(base: &Path, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            read_all(base, &path, out)?;
        } else {
            let rel = path.strip_prefix(base).expect("under base").to_path_buf();
            out.push((rel, std::fs::read(&path)?));
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if !(2..=3).contains(&args.len()) {
        eprintln!("usage: write_floor SITE DEST [THREADS]  (see the top of bench/write_floor.rs)");
        return ExitCode::from(2);
    }
    let (src, dst) = (Path::new(&args[0]), Path::new(&args[1]));
    let threads: usize = match args.get(2).map(|t| t.parse()) {
        None => 2,
        Some(Ok(n)) if n > 0 => n,
        Some(_) => {
            eprintln!("write_floor: THREADS must be a positive integer");
            return ExitCode::from(2);
        }
    };
    if !src.is_dir() {
        eprintln!("write_floor: {} is not a folder", src.display());
        return ExitCode::from(2);
    }
    if dst.exists() {
        eprintln!("write_floor: {} exists; give a new folder", dst.display());
        return ExitCode::from(2);
    }
    let mut files = Vec::new();
    if let Err(e) = read_all(src, src, &mut files) {
        eprintln!("write_floor: reading {}: {e}", src.display());
        return ExitCode::from(1);
    }
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .map(|(rel, _)| dst.join(rel.parent().unwrap_or(Path::new(""))))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        if let Err(e) = std::fs::create_dir_all(d) {
            eprintln!("write_floor: creating {}: {e}", d.display());
            return ExitCode::from(1);
        }
    }
    let targets: Vec<(PathBuf, &[u8])> = files
        .iter()
        .map(|(rel, bytes)| (dst.join(rel), bytes.as_slice()))
        .collect();

    let start = Instant::now();
    let failed = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let targets = &targets;
                s.spawn(move || -> std::io::Result<()> {
                    for (path, bytes) in targets.iter().skip(t).step_by(threads) {
                        let mut f = std::fs::File::create(path)?;
                        f.write_all(bytes)?;
                    }
                    Ok(())
                })
            })
            .collect();
        handles
            .into_iter()
            .filter_map(|h| h.join().expect("writer thread").err())
            .next()
    });
    let took = start.elapsed().as_secs_f64();
    if let Some(e) = failed {
        eprintln!("write_floor: writing: {e}");
        return ExitCode::from(1);
    }
    let size: usize = files.iter().map(|(_, b)| b.len()).sum();
    println!(
        "{} files, {:.1} MiB written in {took:.2} s with {threads} thread(s)",
        files.len(),
        size as f64 / 1048576.0
    );
    ExitCode::SUCCESS
}
