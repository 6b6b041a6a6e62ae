//! See `stratwiki_fuzz::history_cache` (fuzz/src/lib.rs).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| stratwiki_fuzz::history_cache(data));
