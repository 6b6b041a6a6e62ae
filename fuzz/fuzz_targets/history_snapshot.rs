//! See `stratwiki_fuzz::history_snapshot` (fuzz/src/lib.rs).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| stratwiki_fuzz::history_snapshot(data));
