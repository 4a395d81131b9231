//! Fuzz target: arbitrary bytes, cut into packets at arbitrary points, through
//! `longrail::harness::serve_input` (what a `serve` viewer types).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| longrail::harness::serve_input(data));
