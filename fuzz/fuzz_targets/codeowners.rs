//! See `stratwiki_fuzz::codeowners` (fuzz/src/lib.rs).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| stratwiki_fuzz::codeowners(data));
