//! Fuzz target: arbitrary bytes through `longrail::harness::route_bytes`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| longrail::harness::route_bytes(data));
