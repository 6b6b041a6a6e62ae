//! See `stratwiki_fuzz::book_toml` (fuzz/src/lib.rs).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| stratwiki_fuzz::book_toml(data));
