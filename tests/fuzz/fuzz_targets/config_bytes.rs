//! Fuzz target: arbitrary bytes through `longrail::harness::config_bytes`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| longrail::harness::config_bytes(data));
