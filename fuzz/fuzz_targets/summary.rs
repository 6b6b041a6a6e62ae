//! See `stratwiki_fuzz::summary` (fuzz/src/lib.rs).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| stratwiki_fuzz::summary(data));
