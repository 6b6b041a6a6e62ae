//! `STRATWIKI_TIMINGS`: where a build spends its time and memory, printed per stage.
//!
//! Read once, here, so every stage asks the same question the same way: set the variable and
//! each stage prints a line to standard error (`timing: stage: N ms, RSS resident, N ms CPU`).

use std::sync::OnceLock;
use std::time::Instant;

/// True when `STRATWIKI_TIMINGS` is set: stages then report their timings.
pub fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("STRATWIKI_TIMINGS").is_some())
}

/// Print a line of timing information (only when [`enabled`]).
pub fn note(line: std::fmt::Arguments<'_>) {
    if enabled() {
        eprintln!("timing: {line}");
    }
}

/// With `STRATWIKI_TIMINGS` set, print how long the build has run at `stage`, with the
/// resident memory and the CPU time so far (how busy the cores were between two stages).
pub fn stage(stage: &str, start: Instant) {
    if !enabled() {
        return;
    }
    // The resident memory, on Linux: where a build's memory goes.
    let rss = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .map(|v| format!(", {} resident", v.trim()))
        })
        .unwrap_or_default();
    // The CPU time so far (user + system, in clock ticks of 10 ms).
    let cpu = std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let after = s.rsplit_once(')')?.1;
            let f: Vec<&str> = after.split_whitespace().collect();
            let ticks = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
            Some(format!(", {} ms CPU", ticks * 10))
        })
        .unwrap_or_default();
    eprintln!(
        "timing: {stage}: {} ms{rss}{cpu}",
        start.elapsed().as_millis()
    );
}
