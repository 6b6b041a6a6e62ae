//! See `stratwiki_fuzz::version_glob` (fuzz/src/lib.rs).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| stratwiki_fuzz::version_glob(data));
