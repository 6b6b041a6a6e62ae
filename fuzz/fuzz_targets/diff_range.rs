//! See `stratwiki_fuzz::diff_range` (fuzz/src/lib.rs).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| stratwiki_fuzz::diff_range(data));
